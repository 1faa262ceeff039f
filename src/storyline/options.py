"""One options object shared by the library and the CLI, and the fixed caps (limits).

Limits: every cap on the work one input may cause, in one place (listed in docs/limits.md).

A cap bites with a one-line message naming the input: an ``InputError`` when the input
is refused, or a note in the article's ``metadata`` / a ``damage`` entry in its
annotation when the input is kept and only part of the work is skipped. The byte cap
per input is ``Options.max_bytes`` (a command-line flag), the rest are here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace


def default_db() -> str:
    return os.environ.get("STORYLINE_DB", "storyline.db")


def default_processes() -> int:
    """The cores this process may run on (the CLI's default for -p)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Options:
    db: str = field(default_factory=default_db)
    # ingest
    allow_private: bool = False
    fetch_timeout: float = 20.0
    max_bytes: int = 20 * 1024 * 1024  # per input file or fetched page
    max_redirects: int = 5
    clean: bool = True
    # annotate
    # The day results are computed as of (ISO date): bounds and anchors the dates of
    # articles that carry no publication date. None: each article's own fetch time
    # (recorded at ingest); never the clock.
    today: str | None = None
    processes: int = 1
    batch_size: int = 64
    # stories
    window_days: float = 7.0
    # compare: claim alignment, "lexical" (weighted similarity) or "model" (fitted pair
    # decision over propositions; see benchmarks/README.md for both measured)
    align: str = "lexical"
    # output
    progress: bool = True

    def with_(self, **changes) -> "Options":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


# == limits =========================================================================
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
