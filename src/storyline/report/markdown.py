"""Markdown story report, rendered with the Jinja2 template ``templates/report.md.j2``.
Article text is untrusted: Markdown/HTML syntax is escaped (the ``esc`` filter)."""

from __future__ import annotations

import functools
import re

from jinja2 import pass_context

from .common import (QUOTE_RELATIONS, VERDICT_TITLES, RecordedContext, article_names, date_reasons, grouped, origin_label, published,
                     render_template, single_source_by_article)
from .schema import MISSING, Member, Ref, Report, SourceRef

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")
_ESCAPED = re.compile(r"[\\`*_\[\]#|~&<>]")  # every character esc changes


def esc(text) -> str:
    """Escape text for Markdown: no markup, no raw HTML, one line."""
    s = " ".join(str(text if text is not None and text is not MISSING else "").split())
    if _ESCAPED.search(s) is None:  # most text: one scan, not four
        return s
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", s)


@functools.lru_cache(maxsize=1)
def _env():
    from jinja2 import Environment, PackageLoader

    # Markdown, not HTML: no autoescape; every untrusted value goes through the esc filter
    env = Environment(loader=PackageLoader("storyline.report", "templates"), autoescape=False,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    # filters that need this report's names read them from the render context, so the
    # template is compiled once per process (an overlay environment per report compiled
    # it again each time: 35x the cost of the rendering itself)
    env.filters.update(esc=esc, ref=_ref, name=_name, date_reasons=date_reasons)
    env.context_class = RecordedContext  # emptied after rendering (render_template)
    return env


@pass_context
def _ref(ctx, r: Ref | SourceRef) -> str:
    """A sentence reference: outlet, sentence number and character offsets."""
    name = esc(ctx["outlets"].get(r.article_id, r.article_id))
    if isinstance(r.sentence, int):
        return f"{name} (sentence {r.sentence + 1}, chars {r.start}–{r.end})"
    return name


@pass_context
def _name(ctx, article_id: str) -> str:
    return ctx["names"][article_id]


def _member_notes(m: Member, names: dict[str, str]) -> list[str]:
    """What a reader should know about one member sentence, each note escaped."""
    notes = []
    hedges = [h for h in m.hedges if h.kind != "negation"]
    if hedges:
        notes.append("hedged: " + ", ".join(f"“{esc(h.text)}”" for h in hedges))
    att = m.attribution
    if att and (att.source or att.kind == "missing"):
        notes.append(f"credited to {esc(att.source or '(name missing)')} ({esc(att.kind)})")
    if m.relay and m.relay.carried:
        notes.append(f"relayed from {esc(m.relay.text or 'an unnamed source')} (earlier sentence)")
    if m.shared_origin:
        notes.append("source name missing")
    if m.copied_from in names:
        notes.append(f"word for word in {esc(names[m.copied_from])}: same origin")
    if m.secondary:
        notes.append("counted in another group")
    return notes


def render_markdown(report: Report) -> str:
    """The Markdown report of a typed report with its brief (``storyline.report.read``)."""
    names = article_names(report)
    outlets = report.brief.outlets
    return render_template(
        _env().get_template("report.md.j2"), report=report, names=names, outlets=outlets, published=published, date_reasons=date_reasons,
        origin_label=lambda o: origin_label(o, names), member_notes=lambda m: _member_notes(m, names),
        counts=report.counts, multi=grouped(report, True), singles=single_source_by_article(report),
        titles=VERDICT_TITLES, relations=QUOTE_RELATIONS)
