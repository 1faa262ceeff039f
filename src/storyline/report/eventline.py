"""Where the events of a brief sit on a date axis: one layout for the HTML report and
the web story page.

Pure numbers and strings (the templates escape): each story event gets a row with a
dot (a day) or a bar (a week, month, range ...) placed at the precision it has; the
axis spans the story's own window (its publication days and the events dated to the
day or week around them), so a month or an open range reaching far back is clipped
at the edge with an arrow instead of stretching the axis. Background events (long
before or after the story) go to a compact strip of their own.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .schema import Record

FINE = ("day", "week")  # precisions that set the axis; coarser ones are clipped to it
# With only coarse dates, those this far from their median one are strays (a misread
# number), drawn at the edge rather than stretching the axis.
COARSE_SPREAD_DAYS = 10 * 366


def _day(s: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(s)[:10]) if s else None
    except ValueError:
        return None


def _ticks(lo: dt.date, hi: dt.date, x, most: int = 6) -> list[dict]:
    days = (hi - lo).days
    out = []
    if days <= 45:
        step = max(1, -(-days // most))
        d = lo
        while d <= hi:
            out.append({"x": x(d), "label": f"{d.day} {d:%b}"})
            d += dt.timedelta(days=step)
    elif days <= 3 * 366:
        months, d = [], dt.date(lo.year, lo.month, 1)
        while d <= hi:
            if d >= lo:
                months.append(d)
            d = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        step = max(1, -(-len(months) // most))
        out = [{"x": x(d), "label": f"{d:%b %Y}"} for d in months[::step]]
    else:
        years = list(range(lo.year + (lo > dt.date(lo.year, 1, 1)), hi.year + 1))
        step = max(1, -(-len(years) // most))
        out = [{"x": x(dt.date(y, 1, 1)), "label": str(y)} for y in years[::step]]
    return out


def _anchor(ticks: list[dict], width: float) -> list[dict]:
    """Labels near an edge are anchored inwards, so none is cut off."""
    for t in ticks:
        t["anchor"] = "start" if t["x"] < 24 else "end" if t["x"] > width - 24 else "middle"
    return ticks


def _axis(lo: dt.date, hi: dt.date, width: float, pad: float):
    span = max((hi - lo).days + 1, 1)

    def x(d: dt.date, end: bool = False) -> float:
        return round(pad + (width - 2 * pad) * ((d - lo).days + (1 if end else 0)) / span, 1)
    return x


def layout(events: list[dict], window: dict | None = None, width: int = 300, pad: int = 8) -> dict | None:
    """Rows and ticks for the events of a brief (``brief.timeline`` or ``brief.events``).

    ``window`` is ``brief.window`` ({"start", "end"}: the first and last publication
    day). Returns None when no event has a calendar date.
    """
    # events are the brief's (schema Event records) or their JSON form; geometry reads the JSON form
    plain = [(e, e.to_dict() if isinstance(e, Record) else e) for e in events or []]
    plain = [(orig, e) for orig, e in plain if isinstance(e, dict) and (_day(e.get("start")) or _day(e.get("end")))]
    if not plain:
        return None
    if isinstance(window, Record):
        window = window.to_dict()
    shown = {id(e): orig for orig, e in plain}  # each row carries the event as given
    evs = [e for _, e in plain]
    main = [e for e in evs if not e.get("background")]
    back = [e for e in evs if e.get("background")]
    out: dict[str, Any] = {"width": width, "rows": [], "ticks": [], "background": None, "first": None, "last": None}
    if main:
        days = [d for e in main if e.get("precision") in FINE for d in (_day(e.get("start")), _day(e.get("end"))) if d]
        days += [d for w in ((window or {}).get("start"), (window or {}).get("end")) if (d := _day(w))]
        if not days:  # only coarse dates: their own extent, a stray far from the others pinned to the edge
            starts = sorted(_day(e.get("start")) or _day(e.get("end")) for e in main)
            mid = starts[(len(starts) - 1) // 2]
            days = [d for e in main for d in (_day(e.get("start")), _day(e.get("end")))
                    if d and abs((d - mid).days) <= COARSE_SPREAD_DAYS]
        lo, hi = min(days), max(days)
        x = _axis(lo, hi, width, pad)
        for e in main:
            a, b = _day(e.get("start")), _day(e.get("end"))
            point = e.get("precision") == "day" and a is not None
            a2 = max(a, lo) if a else lo
            b2 = min(b, hi) if b else hi
            if b2 < a2:  # entirely outside the axis: pinned to the nearer edge
                a2 = b2 = lo if (b and b < lo) else hi
            row = {"event": shown[id(e)], "point": point,
                   "clip_left": a is None or a < lo, "clip_right": b is None or b > hi,
                   "x1": x(a2), "x2": x(b2, end=True)}
            if point:
                row["cx"] = round((row["x1"] + row["x2"]) / 2, 1)
            out["rows"].append(row)
        out["ticks"] = _anchor(_ticks(lo, hi, x), width)
        out["first"], out["last"] = lo.isoformat(), hi.isoformat()
    if back:
        days = [d for e in back for d in (_day(e.get("start")), _day(e.get("end"))) if d]
        lo, hi = min(days), max(days)
        x = _axis(lo, hi, width, pad)
        marks = []
        for e in back:
            a = _day(e.get("start")) or _day(e.get("end"))
            b = _day(e.get("end")) or a
            marks.append({"event": shown[id(e)], "x": round((x(a) + x(b, end=True)) / 2, 1)})
        out["background"] = {"marks": marks, "ticks": _anchor(_ticks(lo, hi, x, most=5), width),
                             "first": lo.isoformat(), "last": hi.isoformat()}
    return out
