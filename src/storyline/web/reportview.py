"""Shape a stored story report (docs/report.md) into the sections the story page draws.

The report is read through its schema (``storyline.report.read``): every key the page
draws is a field of ``storyline.report.schema``; a malformed stored report raises
ReportError (one line naming the report and the key), shown as an error page.
"""

from __future__ import annotations

from typing import Any

from ..report import read
from ..report.schema import VERDICTS, ArticleEntry, Group, GroupOrigin, Report


def claim_groups(report: Report) -> list[dict[str, Any]]:
    """[{verdict, groups}] in the schema's verdict order, verdicts with no group left out."""
    by: dict[str, list[Group]] = {}
    for g in report.groups:
        by.setdefault(g.verdict, []).append(g)
    return [{"verdict": v, "groups": by[v]} for v in VERDICTS if v in by]


def source_name(a: Any) -> str:
    """The name an article's source is shown under: the outlet registry's name, else its
    domain, else its title (never a bare host such as www.nytimes.com)."""
    from ..lexicon.outlets import article_name, display_name

    if isinstance(a, str):
        return display_name(a, fallback=a)
    get = a.get if isinstance(a, dict) else lambda k: getattr(a, k, None)
    return article_name(get("outlet"), get("url"), get("title"), get("text"), fallback=str(get("id") or ""))


def origin_label(o: GroupOrigin | str, width: int = 60) -> str:
    """An origin (a group's, or a member's origin id) shortened to ``width``."""
    label = o if isinstance(o, str) else (o.label or o.id)
    return label if len(label) <= width else label[: width - 1] + "…"


def _short(text: Any, width: int = 70) -> str:
    t = " ".join(str(text or "").split())
    return t if len(t) <= width else t[: width - 1].rsplit(" ", 1)[0] + "…"


def coverage(report: Report, articles: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """{columns: [{id, label}], rows: [{label, verdict, group, cells: [state], spans}]}:
    the key facts of the brief only, under their short labels; a state is lead / carries
    / omits, a span the clean-text offsets of the article's sentence."""
    key = {it.group: it.text for it in report.brief.confirmed + report.brief.disputed}
    cov = report.coverage
    columns = [{"id": c, "label": (articles.get(c) or {}).get("outlet") or (articles.get(c) or {}).get("title") or c}
               for c in cov.articles]
    rows = []
    for r in cov.rows:
        if r.group not in key:
            continue
        cells = [r.cell(c) for c in cov.articles]
        rows.append({"label": _short(key[r.group]), "verdict": r.verdict, "group": r.group,
                     "cells": ["omits" if c.status == "absent" else c.status for c in cells],
                     "spans": [None if c.status == "absent" else (c.start, c.end) for c in cells]})
    return {"columns": columns, "rows": rows}


def quotes_by_speaker(report: Report) -> list[dict[str, Any]]:
    """[{speaker, quotes: [...]}] sorted by speaker name; unattributed quotes last."""
    by: dict[str, list] = {}
    for q in report.quotes:
        by.setdefault(q.speaker or "", []).append(q)
    names = sorted((n for n in by if n), key=str.lower) + ([""] if "" in by else [])
    return [{"speaker": n or "(speaker not identified)", "quotes": by[n]} for n in names]


def article_origins(articles: list[ArticleEntry]) -> dict[str, dict[str, Any]]:
    """article id -> {label, kind, copy_of}: where each article's text comes from."""
    return {a.id: {"label": origin_label(a.origin.label or a.origin.id), "kind": a.origin.kind,
                   "copy_of": a.origin.via[-1] if len(a.origin.via) > 1 else None} for a in articles}


def sections(report: dict[str, Any] | None, articles: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """Everything the story template draws, or None when no report was computed."""
    if not report:
        return None
    rep = read(report)
    return {
        "brief": rep.brief,
        "origins": article_origins(rep.articles),
        "verdicts": claim_groups(rep),
        "coverage": coverage(rep, articles),
        "quotes": quotes_by_speaker(rep),
        "framing": rep.framing,
        "counts": rep.counts,
        "parameters": rep.parameters.to_dict(),
    }
