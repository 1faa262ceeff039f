"""Words glued together where markup was dropped ("amnestyincluding"), found with wordfreq.

A token is split only when it is not itself a known word and both parts are frequent
English words. Capitalised tokens (likely names) are only split at a lower->upper case
change ("reportedThe"); all-caps tokens only when long ("BCVENEZUELA’S").
"""

from __future__ import annotations

import functools
import re

UNKNOWN_ZIPF = 1.0     # a token below this is not a word wordfreq knows
PART_ZIPF = 3.0        # each part must be at least this frequent (about 1 per million words)
CAPS_PART_ZIPF = 3.5   # stricter for all-caps, where acronyms abound

_POSSESSIVE = re.compile(r"(['’][sS])$")


@functools.lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def _known(word: str, floor: float) -> bool:
    base = _POSSESSIVE.sub("", word)
    return zipf(base.lower()) >= floor


@functools.lru_cache(maxsize=65536)
def split_glued(token: str) -> tuple[str, str] | None:
    """Return (left, right) when ``token`` is two words glued together, else None."""
    if len(token) < 6 or not token.isalpha() and not _POSSESSIVE.search(token):
        return None
    core = _POSSESSIVE.sub("", token)
    if not core.isalpha() or zipf(core.lower()) >= UNKNOWN_ZIPF:
        return None
    if core.islower():
        best = None
        for i in range(3, len(core) - 2):
            left, right = core[:i], core[i:]
            score = min(zipf(left), zipf(right))
            if score >= PART_ZIPF and (best is None or score > best[0]):
                best = (score, i)
        return (token[:best[1]], token[best[1]:]) if best else None
    if core.isupper():
        if len(core) < 8:
            return None
        best = None
        for i in range(2, len(core) - 3):
            left, right = core[:i], core[i:]
            score = min(zipf(left.lower()), zipf(right.lower()))
            if score >= CAPS_PART_ZIPF and (best is None or score > best[0]):
                best = (score, i)
        return (token[:best[1]], token[best[1]:]) if best else None
    # mixed case: split only at a lower -> upper change, both sides known words
    m = re.fullmatch(r"([A-Z]?[a-z]{2,})([A-Z][a-z]+|[A-Z]+)", core)
    if m and _known(m.group(1), PART_ZIPF) and _known(m.group(2), PART_ZIPF):
        return token[:m.end(1)], token[m.end(1):]
    return None
