"""Stories date their undated members: the window of publication days a story gives.

A pure function over plain records (annotation dicts in, windows out), so the same code
runs in one process or over Dask partitions of stories. An article without a
publication date takes its story's window -- the days its dated members were published
and the confident dates other undated members' own texts give -- and
``infer_publication(..., story=window)`` places it in that window when its text fits.
The year then comes from the story, never from the day the article is read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

# an undated member's own (text-only) inference counts for the others at or above this
# confidence: a date line or a weekday that falls on a date the text gives
CONFIDENT = 0.6
# members further than this from the story's median day are left out of the window (a
# misplaced member, or the rare follow-up months later, must not stretch it)
SPREAD = 30


def own_inference(ann: dict) -> dict | None:
    """An undated article's date as its own text gives it (before its story's window)."""
    story = ann.get("published_story")
    if story is not None:
        return story.get("own")
    return ann.get("published_inferred")


def _day(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def story_window(members: Iterable[dict], article_id: str) -> dict | None:
    """The window of the story of ``article_id`` (an undated member) from the others.

    ``members`` are the story's annotations (``id``, ``published``, and for undated
    ones ``published_inferred``/``published_story``). Returns ``{"earliest", "latest",
    "value" (the median day), "dated", "inferred"}`` (ISO days, counts), or None when no
    other member is dated.
    """
    days: list[tuple[dt.date, bool]] = []
    for m in members:
        if m.get("id") == article_id:
            continue
        if m.get("published"):
            d = _day(m["published"])
            if d:
                days.append((d, True))
            continue
        own = own_inference(m)
        if own and (own.get("confidence") or 0) >= CONFIDENT:
            d = _day(own.get("value"))
            if d:
                days.append((d, False))
    if not days:
        return None
    days.sort()
    mid = days[(len(days) - 1) // 2][0]  # the lower median: a day some member was published on
    kept = [(d, dated) for d, dated in days if abs((d - mid).days) <= SPREAD]
    return {"earliest": kept[0][0].isoformat(), "latest": kept[-1][0].isoformat(), "value": mid.isoformat(),
            "dated": sum(1 for _, dated in kept if dated), "inferred": sum(1 for _, dated in kept if not dated)}


def story_windows(members: list[dict]) -> dict[str, dict | None]:
    """``story_window`` for every undated member: article id -> window (or None)."""
    return {m["id"]: story_window(members, m["id"]) for m in members if not m.get("published")}
