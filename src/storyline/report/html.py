"""One self-contained HTML page: inline CSS, inline SVG timeline, no scripts, no
external assets. Rendered with Jinja2 autoescape: all article text is untrusted."""

from __future__ import annotations

import datetime as dt
import functools

from .common import (VERDICT_ORDER, VERDICT_TITLES, anchors, article_names, date_reasons, grouped, origin_label,
                     published, single_source_by_article)

COLOURS = {"corroborated": "#1b7f3b", "conflicting": "#c62828", "revision": "#8e24aa",
           "variant": "#e08a00", "single-source": "#5f6b7a"}


@functools.lru_cache(maxsize=1)
def _env():
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(loader=PackageLoader("storyline.report", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       trim_blocks=True, lstrip_blocks=True)


def _marks(report: dict) -> dict[str, list[dict]]:
    """Per article, the claim spans of facts shared by ≥ 2 articles (non-overlapping)."""
    out: dict[str, list[dict]] = {}
    for g in report["groups"]:
        if len(g["articles"]) < 2:
            continue
        for m in g["members"]:
            out.setdefault(m["article_id"], []).append(
                {"start": m["start"], "end": m["end"], "verdict": g["verdict"], "group": g["id"]})
    for aid, ms in out.items():
        ms.sort(key=lambda x: (x["start"], -x["end"]))
        kept, last = [], -1
        for x in ms:
            if x["start"] >= last:
                kept.append(x)
                last = x["end"]
        out[aid] = kept
    return out


def _segments(article: dict, prefix: str, marks: list[dict]) -> list[dict]:
    """The article text cut into sentences (with anchors) and the text between them;
    each sentence a list of pieces, claim spans of shared facts marked."""
    text = article.get("text") or ""
    out, pos = [], 0

    def pieces(a: int, b: int) -> list[dict]:
        res, p = [], a
        for x in marks:
            if x["start"] >= a and x["end"] <= b and x["start"] >= p:
                if x["start"] > p:
                    res.append({"text": text[p:x["start"]]})
                res.append({"text": text[x["start"]:x["end"]], "verdict": x["verdict"], "group": x["group"]})
                p = x["end"]
        if p < b:
            res.append({"text": text[p:b]})
        return res

    for i, s in enumerate(article.get("sentences") or []):
        if s["start"] < pos:
            continue
        if s["start"] > pos:
            out.append({"pieces": [{"text": text[pos:s["start"]]}], "id": None})
        out.append({"pieces": pieces(s["start"], s["end"]), "id": f"{prefix}-s{i}"})
        pos = s["end"]
    if pos < len(text):
        out.append({"pieces": [{"text": text[pos:]}], "id": None})
    return out


def _day(s: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s[:10]) if s else None
    except ValueError:
        return None


def timeline_svg(entries: list[dict], width: int = 960, now: dt.date | None = None) -> dict | None:
    """Geometry for the inline SVG timeline (pure numbers and labels; the template escapes)."""
    spans = []
    for e in entries:
        a, b = _day(e.get("start")), _day(e.get("end"))
        if a or b:
            spans.append((e, a, b))
    if not spans:
        return None
    days = [d for _, a, b in spans for d in (a, b) if d] + ([now] if now else [])
    lo, hi = min(days), max(days)
    if hi == lo:
        hi = lo + dt.timedelta(days=1)
    left, right, row_h, top = 40, 560, 22, 34
    scale = (right - left) / max((hi - lo).days, 1)
    x = lambda d: left + (d - lo).days * scale
    rows = []
    for i, (e, a, b) in enumerate(spans):
        y = top + i * row_h
        a2, b2 = a or lo, b or hi  # open ranges run to the edge
        x1, x2 = x(a2), x(b2 + dt.timedelta(days=1)) if e["precision"] != "day" else x(a2)
        rows.append({"y": y, "x1": round(x1, 1), "x2": round(max(x2, x1 + 2), 1), "point": e["precision"] == "day",
                     "open": b is None, "colour": COLOURS.get(e["verdict"], "#333"), "date": e["date"],
                     "label": e["label"][:90], "group": e["group"], "precision": e["precision"],
                     "n": len(e["articles"])})
    # ticks: about six, on day boundaries
    n_days = (hi - lo).days
    step = max(1, n_days // 6)
    ticks = [{"x": round(x(lo + dt.timedelta(days=k)), 1), "label": (lo + dt.timedelta(days=k)).isoformat()}
             for k in range(0, n_days + 1, step)]
    return {"width": width, "height": top + len(rows) * row_h + 10, "rows": rows, "ticks": ticks,
            "axis_y": top - 14, "left": left, "right": right}


def render_html(report: dict) -> str:
    names = article_names(report)
    anch = anchors(report)
    story = report["story"]
    title = story.get("title") or next((a.get("title") for a in report["articles"] if a.get("title")), None) or story.get("id")
    groups_by_id = {g["id"]: g for g in report["groups"]}
    marks = _marks(report)
    return _env().get_template("report.html.j2").render(
        report=report, title=title, names=names, anch=anch, published=published, date_reasons=date_reasons,
        origin_label=lambda o: origin_label(o, names),
        multi=grouped(report, True), singles=single_source_by_article(report),
        titles=VERDICT_TITLES, order=VERDICT_ORDER, colours=COLOURS, groups_by_id=groups_by_id,
        segments={a["id"]: _segments(a, anch[a["id"]], marks.get(a["id"], [])) for a in report["articles"]},
        svg=timeline_svg(report["timeline"], now=max(filter(None, (_day(published(a)[:10]) for a in report["articles"])), default=None)),
    )
