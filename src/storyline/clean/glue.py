"""Words glued together where markup was dropped ("amnestyincluding"), found with wordfreq.

A token is split only when it is not itself a known word and both parts are frequent
English words. Capitalised tokens (likely names) are only split at a lower->upper case
change ("reportedThe"); all-caps tokens only when long ("BCVENEZUELA’S").
"""

from __future__ import annotations

import functools
import re

from ..options import MAX_TOKEN_CHARS

UNKNOWN_ZIPF = 1.0     # a token below this is not a word wordfreq knows
PART_ZIPF = 3.0        # each part must be at least this frequent (about 1 per million words)
CAPS_PART_ZIPF = 3.5
TYPO_ZIPF = 2.0        # a token one letter away from a word this frequent is a typo, not glue   # stricter for all-caps, where acronyms abound

# Left parts that make closed compounds, not glued words ("ultratalented").
_PREFIXES = {"anti", "non", "pre", "post", "ultra", "super", "mega", "multi", "counter", "over", "under",
             "semi", "mini", "micro", "sub", "inter", "intra", "out", "self", "cyber", "mid", "half",
             "hyper", "over", "pro", "neo", "pseudo", "quasi", "extra", "trans", "macro", "geo", "bio", "eco"}
# Right parts that are suffixes: "wormability" is one word, not two.
_SUFFIXES = {"able", "ability", "ably", "ible", "less", "ness", "ship", "hood", "like", "wise", "ward", "wards",
             "ism", "ist", "ists", "ful", "fully", "ment", "ments", "some", "proof", "based", "land", "ling",
             "ville", "ton", "town", "berg", "burg", "field", "wood", "stein", "man", "men", "son"}
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
    """Return (left, right) when ``token`` is two words glued together, else None.

    Tokens over ``options.MAX_TOKEN_CHARS`` are left alone: the split and typo checks
    are quadratic in the length (a 20,000-letter "word" took minutes).
    """
    if len(token) > MAX_TOKEN_CHARS or len(token) < 6 or not token.isalpha() and not _POSSESSIVE.search(token):
        return None
    core = _POSSESSIVE.sub("", token)
    if not core.isalpha() or zipf(core.lower()) >= UNKNOWN_ZIPF:
        return None
    if core.islower():
        if _typo_of_word(core):
            return None
        best = None
        for i in range(4, len(core) - 3):
            left, right = core[:i], core[i:]
            if left in _PREFIXES or right in _SUFFIXES:
                continue
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
    # (Pascal-case brands such as "AirTanker" have a short first part: need 5+ letters there)
    # Pascal case ("RussiaToday", "CloudPassage") is mostly brand names: only lower -> Upper splits
    m = re.fullmatch(r"([a-z]{4,})([A-Z][a-z]+|[A-Z]{2,})", core)
    if m and _known(m.group(1), PART_ZIPF) and _known(m.group(2), PART_ZIPF):
        return token[:m.end(1)], token[m.end(1):]
    return None


def _typo_of_word(word: str) -> bool:
    """True when deleting or swapping one letter gives a known word ("favourtie")."""
    for i in range(len(word)):
        if zipf(word[:i] + word[i + 1:]) >= TYPO_ZIPF:
            return True
        if i + 1 < len(word) and zipf(word[:i] + word[i + 1] + word[i] + word[i + 2:]) >= TYPO_ZIPF:
            return True
    return False
