"""Helpers shared by the Markdown and HTML renderers."""

from __future__ import annotations

import contextvars

from jinja2.runtime import Context

from .schema import MISSING, ArticleEntry, ArticleOrigin, Group, GroupOrigin, Report

# the contexts made while ``render_template`` renders (None: not recording)
_MADE: contextvars.ContextVar[list | None] = contextvars.ContextVar("storyline_template_contexts", default=None)


class RecordedContext(Context):
    """A template context that ``render_template`` can empty after rendering (the
    report environments' ``context_class``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        made = _MADE.get()
        if made is not None:
            made.append(self)


def render_template(template, **values) -> str:
    """``template.render(**values)``, then every context it made emptied of its variables.
    A template's macros (imported or defined) and their context refer to each other, so
    without this the context, and the whole report in it, is left for the cyclic garbage
    collector, which then walks all of the report's objects to free them. (A module
    imported without context is cached by jinja for later renders and must not be
    emptied: the report templates import with context only; a test checks.)"""
    made: list = []
    token = _MADE.set(made)
    try:
        return template.render(**values)
    finally:
        _MADE.reset(token)
        for ctx in made:
            ctx.vars.clear()

VERDICT_TITLES = {
    "conflicting": "Conflicting",
    "revision": "Revised",
    "variant": "Variants",
    "corroborated": "Corroborated by independent origins",
    "single-source": "Single origin",
}
# How a quote's renderings relate, in words.
QUOTE_RELATIONS = {"verbatim": "verbatim", "trimmed": "trimmed", "translated": "translated or paraphrased",
                   "altered": "altered", "reference": "reference"}
# Shown in this order: disagreements first.
# the order a reader sees them in (disagreements first): the schema's verdicts, reordered
VERDICT_ORDER = ("conflicting", "revision", "variant", "corroborated", "single-source")


def shown_name(name, outlet, url, title, text, fallback) -> str:
    """The one name an article is shown under: its report ``name`` (outlet registry), else
    the registry name of its outlet or URL, its domain, its title or first line."""
    from ..lexicon.outlets import article_name as name_of

    if (name or "").strip():
        return " ".join(name.split())
    return name_of(outlet, url, title, text, fallback=fallback)


def article_name(a: ArticleEntry) -> str:
    """``shown_name`` of a report article."""
    return shown_name(a.name, a.outlet, a.url, a.title, a.text, a.id)


def numbered(names: list[tuple[str, str]]) -> dict[str, str]:
    """(article id, name) -> {id: name}, a repeated name numbered: "Reuters (2)"."""
    out: dict[str, str] = {}
    seen: dict[str, int] = {}
    for aid, base in names:
        seen[base] = seen.get(base, 0) + 1
        out[aid] = base if seen[base] == 1 else f"{base} ({seen[base]})"
    return out


def article_names(report: Report) -> dict[str, str]:
    """Short display names (``article_name``); repeated names numbered."""
    return numbered([(a.id, article_name(a)) for a in report.articles])


def origin_label(o: ArticleOrigin | GroupOrigin, names: dict[str, str]) -> str:
    """An origin as the reader knows it: an article origin by the article's name."""
    if o.kind == "article" and o.id.startswith("article:"):
        return names.get(o.id[len("article:"):], o.label or o.id)
    return o.label or o.id


def anchors(report: Report) -> dict[str, str]:
    """article id -> anchor prefix ("a1", "a2", ...)."""
    return {a.id: f"a{i + 1}" for i, a in enumerate(report.articles)}


def published(a: ArticleEntry) -> str:
    if a.published:
        return str(a.published)[:10]
    if a.published_inferred and a.published_inferred.value:
        return f"{a.published_inferred.value} (inferred)"
    return "date unknown"


def date_reasons(a: ArticleEntry) -> dict | None:
    """Why an undated article got its date: ``{"value", "window", "confidence",
    "evidence"}`` (the evidence in words), or None when it was given one."""
    inf = a.published_inferred
    if a.published or not inf or not inf.value:
        return None
    lo, hi = inf.earliest or None, inf.latest or None
    window = None if not lo or lo == hi else f"{lo} – {hi}"
    return {"value": inf.value, "window": window, "confidence": inf.confidence if inf.confidence is not MISSING else None,
            "evidence": [str(e) for e in inf.evidence or []]}


def grouped(report: Report, multi: bool) -> list[tuple[str, list[Group]]]:
    """(verdict, groups) in display order; multi selects groups spanning ≥ 2 articles."""
    out = []
    for v in VERDICT_ORDER:
        gs = [g for g in report.groups if g.verdict == v and (len(g.articles) > 1) == multi]
        if gs:
            out.append((v, gs))
    return out


def single_source_by_article(report: Report) -> list[tuple[ArticleEntry, list[Group]]]:
    """Single-origin facts carried by one article only, per article."""
    by_id = {g.id: g for g in report.groups}
    return [(a, [by_id[i] for i in report.single_source.get(a.id, []) if i in by_id]) for a in report.articles]
