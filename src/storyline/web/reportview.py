"""Shape a stored story report (docs/report.md) into the sections the story page draws.

Defensive by design: the report is read with ``.get`` everywhere, unknown keys are
kept for a generic rendering, and a missing section is simply absent.
"""

from __future__ import annotations

from typing import Any

from ..report.schema import VERDICTS
# Keys drawn by a dedicated section; anything else is shown generically.
KNOWN = {"timeline", "brief", "claims", "groups", "claim_groups", "coverage", "quotes", "framing", "story", "articles",
         "id", "title", "version", "schema", "generated", "generated_at", "summary", "origins", "stats", "counts",
         "parameters", "single_source"}


def _first(report: dict[str, Any], *keys: str) -> Any:
    for k in keys:
        if report.get(k):
            return report[k]
    return None


def claim_groups(report: dict[str, Any]) -> list[dict[str, Any]]:
    """[{verdict, groups}] in verdict order (known verdicts first, then others by name)."""
    groups = _first(report, "claims", "groups", "claim_groups") or []
    if isinstance(groups, dict):  # {verdict: [groups]}
        groups = [dict(g, verdict=g.get("verdict") or v) for v, gs in groups.items() for g in gs or []
                  if isinstance(g, dict)]
    by: dict[str, list[dict[str, Any]]] = {}
    for g in groups:
        if isinstance(g, dict):
            by.setdefault(str(g.get("verdict") or "unclassified"), []).append(g)
    order = [v for v in VERDICTS if v in by] + sorted(v for v in by if v not in VERDICTS)
    return [{"verdict": v, "groups": by[v]} for v in order]


def members(group: dict[str, Any]) -> list[dict[str, Any]]:
    m = group.get("members") or group.get("claims") or group.get("spans") or []
    return [x for x in m if isinstance(x, dict)]


def group_label(group: dict[str, Any]) -> str:
    for k in ("label", "summary", "text", "fact", "claim"):
        if isinstance(group.get(k), str) and group[k].strip():
            return group[k]
    ms = members(group)
    return str(ms[0].get("text") or ms[0].get("claim") or "") if ms else str(group.get("id") or "")


def source_name(a: Any) -> str:
    """The name an article's source is shown under: the outlet registry's name, else its
    domain, else its title (never a bare host such as www.nytimes.com)."""
    from ..lexicon.outlets import article_name, display_name

    if isinstance(a, str):
        return display_name(a, fallback=a)
    get = a.get if isinstance(a, dict) else lambda k: getattr(a, k, None)
    return article_name(get("outlet"), get("url"), get("title"), get("text"), fallback=str(get("id") or ""))


def origin_label(o: Any, width: int = 60) -> str:
    label = str(o.get("label") or o.get("name") or o.get("id") or "?") if isinstance(o, dict) else str(o)
    return label if len(label) <= width else label[: width - 1] + "…"


def coverage(report: dict[str, Any], articles: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """{columns: [{id, label}], rows: [{label, verdict, cells: [state]}]} or None.

    Accepts ``{"articles": [...], "rows": [{"label", "cells"|"articles": {id: state}}]}``
    or a plain list of rows with an ``articles`` mapping.
    """
    cov = report.get("coverage")
    if not cov:
        return None
    rows_in = cov.get("rows") or cov.get("facts") if isinstance(cov, dict) else cov
    if not isinstance(rows_in, list):
        return None
    cols = list(cov.get("articles") or cov.get("columns") or []) if isinstance(cov, dict) else []
    cols = [c.get("id") if isinstance(c, dict) else c for c in cols]
    rows = []
    for r in rows_in:
        if not isinstance(r, dict):
            continue
        cells = r.get("cells") or r.get("articles") or r.get("coverage") or {}
        if isinstance(cells, list) and cols:
            cells = dict(zip(cols, cells))
        if not isinstance(cells, dict):
            continue
        for c in cells:
            if c not in cols:
                cols.append(c)
        rows.append({"label": str(r.get("label") or r.get("fact") or r.get("text") or r.get("group") or ""),
                     "verdict": r.get("verdict"), "group": r.get("group"), "map": cells})
    columns = [{"id": c, "label": (articles.get(c) or {}).get("outlet") or (articles.get(c) or {}).get("title") or c}
               for c in cols]
    for r in rows:
        r["cells"] = [_cell(r["map"].get(c["id"])) for c in columns]
        r["spans"] = [_offsets(r["map"].get(c["id"])) for c in columns]
        del r["map"]
    return {"columns": columns, "rows": rows}


def _offsets(v: Any) -> tuple[int, int] | None:
    """Clean-text offsets of a coverage cell, to link to the sentence in the article."""
    if isinstance(v, dict) and isinstance(v.get("start"), int) and isinstance(v.get("end"), int):
        return v["start"], v["end"]
    return None


def _cell(v: Any) -> str:
    """A coverage state: lead / carries / omits / unknown."""
    if isinstance(v, dict):
        v = v.get("state") or v.get("status") or ("lead" if v.get("lead") else "carries" if v.get("present") else None)
    if v is True:
        return "carries"
    if v in (False, None, "", 0):
        return "omits" if v is not None else "unknown"
    s = str(v).lower()
    return {"present": "carries", "carried": "carries", "yes": "carries", "absent": "omits",
            "missing": "omits", "no": "omits", "leads": "lead", "lede": "lead"}.get(s, s)


def quotes_by_speaker(report: dict[str, Any]) -> list[dict[str, Any]]:
    """[{speaker, quotes: [...]}] sorted by speaker name; unattributed quotes last."""
    qs = report.get("quotes") or []
    if isinstance(qs, dict):
        qs = qs.get("groups") or qs.get("quotes") or [dict(q, speaker=s) for s, v in qs.items() for q in v or []
                                                       if isinstance(q, dict)]
    by: dict[str, list[dict[str, Any]]] = {}
    for q in qs if isinstance(qs, list) else []:
        if not isinstance(q, dict):
            continue
        sp = q.get("speaker")
        name = (sp.get("name") or sp.get("text") or sp.get("entity")) if isinstance(sp, dict) else sp
        by.setdefault(str(name) if name else "", []).append(q)
    names = sorted((n for n in by if n), key=str.lower) + ([""] if "" in by else [])
    return [{"speaker": n or "(speaker not identified)", "quotes": by[n]} for n in names]


def framing(report: dict[str, Any]) -> list[dict[str, Any]]:
    """[{article, ...framing fields}] whatever the container shape."""
    f = report.get("framing") or []
    if isinstance(f, dict):
        f = f.get("articles") or [dict(v, article=k) for k, v in f.items() if isinstance(v, dict)]
    return [x for x in f if isinstance(x, dict)] if isinstance(f, list) else []


def article_origins(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """article id -> {label, kind, copy_of}: where each article's text comes from."""
    out = {}
    for a in report.get("articles") or []:
        if not isinstance(a, dict) or not isinstance(a.get("origin"), dict):
            continue
        o = a["origin"]
        via = o.get("via") if isinstance(o.get("via"), list) else []
        out[str(a.get("id"))] = {"label": origin_label(o), "kind": o.get("kind"),
                                 "copy_of": via[-1] if len(via) > 1 else None}
    return out


def _short(text: Any, width: int = 70) -> str:
    t = " ".join(str(text or "").split())
    return t if len(t) <= width else t[: width - 1].rsplit(" ", 1)[0] + "…"


def sections(report: dict[str, Any] | None, articles: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """Everything the story template draws, or None when no report was computed."""
    if not report:
        return None
    brief = report.get("brief") if isinstance(report.get("brief"), dict) else None
    cov = coverage(report, articles)
    if cov and brief:  # the key facts only, under their short labels
        key = {it.get("group"): it.get("text") for it in (brief.get("confirmed") or []) + (brief.get("disputed") or [])}
        rows = [dict(r, label=_short(key[r["group"]])) for r in cov["rows"] if r.get("group") in key]
        cov = {**cov, "rows": rows}
    return {
        "brief": brief,
        "origins": article_origins(report),
        "verdicts": claim_groups(report),
        "coverage": cov,
        "quotes": quotes_by_speaker(report),
        "framing": framing(report),
        "summary": report.get("summary"),
        "counts": report.get("counts") if isinstance(report.get("counts"), dict) else None,
        "parameters": report.get("parameters"),
        "other": {k: v for k, v in report.items() if k not in KNOWN and v not in (None, [], {}, "")},
    }
