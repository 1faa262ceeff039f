"""One options object shared by the library and the CLI."""

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
