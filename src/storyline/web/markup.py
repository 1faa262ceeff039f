"""Pure layout helpers for the web pages: text segments (the event timeline's layout is
``storyline.report.eventline``, shared with the HTML report).

Nothing here produces HTML: each function returns plain records (segments, shapes)
that the Jinja2 templates render with autoescape on, so untrusted article text can
never become markup.
"""

from __future__ import annotations

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
