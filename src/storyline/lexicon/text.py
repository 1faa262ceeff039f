"""Text normalisation for matching: one copy of each variant, named for what it keeps.

- ``strip_accents``: "Nicolás" -> "Nicolas", case and everything else kept.
- ``fold``: the matching key of names, words and phrases (annotation, story features):
  accents stripped, curly single quotes straight, white space collapsed, lower case.
- ``fold_in_place``: the same one character for one, so offsets found in the folded
  text point into the original (claim comparison); double quotes straightened too.
- ``line_key``: boilerplate lines compared across articles (cleaning): compatibility
  forms only (accents kept, they tell outlets' lines apart), quotes and dashes
  straight, lower case, end punctuation dropped.

None of them is stored as the text; all are for comparing only.
"""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_SINGLE_QUOTES = str.maketrans({"’": "'", "‘": "'"})
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_LINE = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def strip_accents(text: str) -> str:
    """Compatibility-decomposed (NFKD) with the combining marks dropped; case kept."""
    if text.isascii():  # most English news is plain ASCII: skip the per-character pass
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Accents stripped, curly single quotes straight, white space collapsed, lower case."""
    text = strip_accents(text).translate(_SINGLE_QUOTES)
    return _SPACE.sub(" ", text).strip().lower()


def fold_in_place(text: str) -> str:
    """Accents stripped, curly quotes straight, lower case; white space kept, so a
    precomposed accented letter (as news text has them) stays one character and offsets
    into the result are offsets into ``text``."""
    return strip_accents(text).translate(_QUOTES).lower()


def line_key(text: str) -> str:
    """A line compared with other articles' lines: NFKC, quotes and dashes straight,
    lower case, white space collapsed, no end punctuation."""
    t = unicodedata.normalize("NFKC", text).translate(_LINE)
    return _SPACE.sub(" ", t.lower()).strip().rstrip(" .!?:;")
