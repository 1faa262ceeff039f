"""Every cap on the work one input may cause, in one place (listed in docs/limits.md).

A cap bites with a one-line message naming the input: an ``InputError`` when the input
is refused, or a note in the article's ``metadata`` / a ``damage`` entry in its
annotation when the input is kept and only part of the work is skipped. The byte cap
per input is ``Options.max_bytes`` (a command-line flag), the rest are here.
"""

from __future__ import annotations

# -- dates --------------------------------------------------------------------------
# A publication year outside this range is cleared (metadata ``published_refused`` says
# why): no news article is dated 0001 or 9999, and date arithmetic near the ends of
# Python's calendar overflows.
MIN_YEAR = 1800
MAX_YEAR = 2200

# -- reading ------------------------------------------------------------------------
# Decompressed bytes allowed per compressed byte: a gzip bomb is refused early, not after
# expanding to the byte cap. Text and JSON compress ~5-20x; identical lines ~1000x.
MAX_DECOMPRESSION_RATIO = 200
# Compressed inputs smaller than this may expand to MAX_DECOMPRESSION_RATIO x this
# (a tiny gzip file of ordinary text is never refused for its ratio).
DECOMPRESSION_FLOOR = 64 * 1024
# Lines read from one JSON Lines input; the rest is refused with one error.
MAX_LINES = 1_000_000
# Entries read from one RSS/Atom feed.
MAX_FEED_ENTRIES = 10_000
# Nesting of JSON objects/arrays in one line or document (Python's parser would
# otherwise recurse until RecursionError).
MAX_JSON_DEPTH = 64
# Digits of one JSON integer (Python refuses over 4,300 with a ValueError).
MAX_JSON_INT_DIGITS = 4300
# Same-id articles within one input are reported once, with a count, not once each.

# -- cleaning -----------------------------------------------------------------------
# A token longer than this is kept in the text but neither split as glued words nor
# checked as a typo: both checks are quadratic in the token's length.
MAX_TOKEN_CHARS = 40

# -- annotation ---------------------------------------------------------------------
# Characters of an article's clean text that are annotated; the rest is marked
# ``not annotated`` in the annotation's ``damage`` (a long news article is ~10,000).
MAX_ANNOTATE_CHARS = 60_000
# ... and tokens: parse time follows tokens, and a character can be one ('" " " "...').
MAX_ANNOTATE_TOKENS = 12_000
# A run of non-space characters longer than this ("““““…", a 500,000-letter "word") is
# tokenized in pieces of this size: spaCy's tokenizer is quadratic in a run's length.
MAX_CHUNK_CHARS = 400


def year_ok(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR
