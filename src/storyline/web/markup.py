"""Pure layout helpers for the web pages: text segments and the timeline drawing.

Nothing here produces HTML: each function returns plain records (segments, shapes)
that the Jinja2 templates render with autoescape on, so untrusted article text can
never become markup.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable

# Annotation layers highlighted on the article page, in drawing order.
LAYERS = ("entities", "quotes", "timexes", "quantities", "hedges", "attributions", "claims")


def raw_segments(raw_text: str, edits: Iterable[Any]) -> list[dict[str, Any]]:
    """Split the raw text into plain / removed / repair / damage segments.

    Edits are positioned by their raw offsets. Overlapping edits are clipped to the
    part not already covered by an earlier one (sorted by raw_start), so every raw
    character appears exactly once.
    """
    items = []
    for e in edits:
        d = e if isinstance(e, dict) else e.to_dict()
        try:
            s, t = int(d.get("raw_start", 0)), int(d.get("raw_end", 0))
        except (TypeError, ValueError):
            continue
        s, t = max(0, min(s, len(raw_text))), max(0, min(t, len(raw_text)))
        if t < s:
            continue
        items.append((s, t, d))
    items.sort(key=lambda x: (x[0], x[1]))
    out: list[dict[str, Any]] = []
    pos = 0
    for s, t, d in items:
        kind = d.get("kind") or "damage"
        if s < pos:  # overlaps an earlier edit: keep only the uncovered tail
            if t <= pos and not (s == t and kind == "repair"):
                continue
            s = max(s, pos)
        if s > pos:
            out.append({"kind": "plain", "text": raw_text[pos:s]})
        seg = {"kind": kind if kind in ("remove", "repair", "damage") else "damage",
               "text": raw_text[s:t], "reason": str(d.get("reason") or ""),
               "replacement": str(d.get("replacement") or "")}
        out.append(seg)
        pos = max(pos, t)
    if pos < len(raw_text):
        out.append({"kind": "plain", "text": raw_text[pos:]})
    return out


def _span_label(layer: str, item: dict[str, Any]) -> str:
    """A short tooltip for one annotation span."""
    if layer == "entities":
        return f"entity {item.get('label') or ''} {item.get('name') or item.get('entity') or ''}".strip()
    if layer == "quotes":
        sp = item.get("speaker") or {}
        who = sp.get("name") or sp.get("text") or "unknown speaker"
        return f"{item.get('kind') or 'quote'} quote — {who}"
    if layer == "timexes":
        return f"{item.get('type') or 'time'} {item.get('value') or ''}".strip()
    if layer == "quantities":
        lo, hi = item.get("low"), item.get("high")
        rng = f"[{lo if lo is not None else '…'}, {hi if hi is not None else '∞'}]"
        return f"quantity {rng} {item.get('counted') or item.get('unit') or ''}".strip()
    if layer == "hedges":
        return f"hedge: {item.get('kind') or ''}".strip()
    if layer == "attributions":
        src = item.get("source") or {}
        return f"attribution: {src.get('text') or src.get('kind') or '?'}"
    if layer == "claims":
        return "claim"
    return layer


def annotated_segments(text: str, annotation: dict[str, Any] | None,
                       layers: Iterable[str] = LAYERS, focus: tuple[int, int] | None = None) -> list[dict[str, Any]]:
    """Cut the clean text at every span boundary; each piece lists the layers over it.

    Flat segments (not nested tags) keep overlapping spans from different layers
    renderable: a piece inside a quote and an entity gets both classes. ``focus`` is
    one more span (layer ``focus``), e.g. a claim linked from the story page.
    """
    spans: list[tuple[int, int, str, str]] = []
    if focus and 0 <= focus[0] < focus[1] <= len(text):
        spans.append((focus[0], focus[1], "focus", "linked span"))
    if annotation:
        for layer in layers:
            for item in annotation.get(layer) or []:
                if not isinstance(item, dict):
                    continue
                s, t = item.get("start"), item.get("end")
                if not isinstance(s, int) or not isinstance(t, int) or not 0 <= s < t <= len(text):
                    continue
                spans.append((s, t, layer, _span_label(layer, item)))
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(t for _, t, _, _ in spans)})
    starts: dict[int, list[int]] = {}
    for i, (s, _, _, _) in enumerate(spans):
        starts.setdefault(s, []).append(i)
    active: set[int] = set()  # sweep: spans open over the current piece, in linear time
    out = []
    for a, b in zip(cuts, cuts[1:]):
        active.update(starts.get(a, ()))
        active = {i for i in active if spans[i][1] >= b}
        over = [(spans[i][2], spans[i][3]) for i in sorted(active)]
        classes = sorted({layer for layer, _ in over}, key=lambda k: (LAYERS.index(k) if k in LAYERS else 99, k))
        out.append({"text": text[a:b], "start": a, "end": b, "layers": classes,
                    "title": "; ".join(dict.fromkeys(label for _, label in over))})
    return out


# -- timeline ---------------------------------------------------------------------

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


def parse_when(value: Any) -> tuple[dt.date, dt.date, str] | None:
    """(first day, last day, precision) of a TIMEX3-style value; None if not a calendar time.

    Accepts ``2025-12-01`` (and datetimes), ``2025-W49``, ``2025-09``, ``2025-Q1``,
    ``2025`` and ``{"start": .., "end": ..}`` ranges (an open end stays a point at the start).
    """
    if isinstance(value, dict):
        a = parse_when(value.get("start") or value.get("value") or value.get("date"))
        b = parse_when(value.get("end"))
        if a and b and b[1] >= a[0]:
            return a[0], b[1], "range"
        return a
    if not isinstance(value, str):
        return None
    v = value.strip()
    try:
        if m := _DAY.match(v):
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return d, d, "day"
        if m := _WEEK.match(v):
            d = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return d, d + dt.timedelta(days=6), "week"
        if m := _MONTH.match(v):
            y, mo = int(m[1]), int(m[2])
            first = dt.date(y, mo, 1)
            nxt = dt.date(y + (mo == 12), mo % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1), "month"
        if m := _QUARTER.match(v):
            y, q = int(m[1]), int(m[2])
            first = dt.date(y, 3 * q - 2, 1)
            nxt = dt.date(y + (q == 4), (3 * q) % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1), "quarter"
        if m := _YEAR.match(v):
            return dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31), "year"
    except ValueError:
        return None
    return None


def _entry_when(entry: dict[str, Any]) -> tuple[dt.date, dt.date | None, str] | None:
    """(first day, last day or None for an open range, precision) of a timeline entry."""
    if entry.get("range"):
        got = parse_when(entry["range"])
        if got:
            return got
    start, end = parse_when(entry.get("start")), parse_when(entry.get("end"))
    if start or end:  # explicit interval (e.g. "since September": start only)
        a = (start or end)[0]
        b = end[1] if end else None if entry.get("precision") == "range" else start[1]
        prec = entry.get("precision") or (start or end)[2]
        return a, b, str(prec)
    for key in ("value", "date", "when", "time"):
        got = parse_when(entry.get(key))
        if got:
            return got
    return None


def _entry_label(entry: dict[str, Any]) -> str:
    for key in ("label", "event", "text", "summary", "claim", "title", "description"):
        v = entry.get(key)
        if isinstance(v, str) and v.strip():
            return v.strip()
        if isinstance(v, dict) and isinstance(v.get("text"), str):
            return v["text"].strip()
    return ""


def timeline_layout(entries: Iterable[Any], width: int = 880, row: int = 26,
                    label_chars: int = 80) -> dict[str, Any] | None:
    """Place timeline entries on a date axis for an inline SVG.

    Each entry with a calendar value becomes a dot (day precision) or a bar (week,
    month, range ...) on its own row, in date order. Returns None when no entry has
    a usable date. Labels are plain strings (escaped by the template).
    """
    placed = []
    for i, e in enumerate(entries or []):
        if not isinstance(e, dict):
            continue
        when = _entry_when(e)
        if when is None:
            continue
        arts = e.get("articles") or []
        placed.append((when[0], when[1], when[2], _entry_label(e), i, len(arts) if isinstance(arts, list) else 0,
                       str(e.get("value") or e.get("date") or ""), e.get("verdict")))
    if not placed:
        return None
    placed.sort(key=lambda p: (p[0], p[1] or dt.date.max, p[4]))
    lo = min(p[0] for p in placed)
    hi = max(max(p[0], p[1] or p[0]) for p in placed)
    span = max((hi - lo).days, 1)
    left, right, top = 90, 20, 34
    plot = width - left - right

    def x(d: dt.date, end: bool = False) -> float:
        return round(left + plot * ((d - lo).days + (1 if end else 0)) / (span + 1), 1)

    items = []
    for n, (a, b, prec, label, idx, n_arts, value, verdict) in enumerate(placed):
        y = top + n * row
        short = label if len(label) <= label_chars else label[: label_chars - 1] + "…"
        open_end = b is None  # an open range runs to the end of the axis
        x2 = x(b or hi, end=True)
        xa = x(a)
        if x2 < width * 0.6:  # room on the right of the mark
            lx, anchor = x2 + 6, "start"
        elif xa > width * 0.4:  # room on the left
            lx, anchor = xa - 6, "end"
        else:  # a long bar: write over it
            lx, anchor = xa + 6, "start"
        items.append({
            "lx": round(lx, 1), "anchor": anchor,
            "x": xa, "x2": x2, "y": y, "precision": prec, "point": prec == "day", "open": open_end,
            "cx": round((x(a) + x2) / 2, 1) if prec != "day" else round(x(a) + plot / (span + 1) / 2, 1),
            "label": short, "full": label, "verdict": verdict,
            "date": value or (a.isoformat() if prec == "day" else f"{a.isoformat()}/{b.isoformat() if b else '..'}"),
            "articles": n_arts, "index": idx,
        })
    ticks = _ticks(lo, hi, x)
    height = top + len(items) * row + 10
    return {"width": width, "height": height, "left": left, "axis_y": top - 14, "entries": items,
            "ticks": ticks, "first": lo.isoformat(), "last": hi.isoformat()}


def _ticks(lo: dt.date, hi: dt.date, x) -> list[dict[str, Any]]:
    """Axis ticks: days for short spans, month starts for long ones (at most ~10)."""
    days = (hi - lo).days
    out = []
    if days <= 21:
        step = max(1, (days + 1) // 8 or 1)
        d = lo
        while d <= hi:
            out.append({"x": x(d), "label": d.strftime("%d %b")})
            d += dt.timedelta(days=step)
    else:
        months = []
        d = dt.date(lo.year, lo.month, 1)
        while d <= hi:
            if d >= lo:
                months.append(d)
            d = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        step = max(1, len(months) // 8 + (len(months) % 8 > 0))
        for d in months[::step] or [lo]:
            out.append({"x": x(d), "label": d.strftime("%b %Y")})
    return out
