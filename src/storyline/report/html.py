"""One self-contained HTML page: inline CSS, inline SVG timeline, no scripts, no
external assets. Rendered with Jinja2 autoescape: all article text is untrusted."""

from __future__ import annotations

import functools

from . import eventline
from .brief import PRONOUNS
from .common import (QUOTE_RELATIONS, VERDICT_ORDER, VERDICT_TITLES, RecordedContext, anchors, article_names, date_reasons, grouped,
                     origin_label, published, render_template, single_source_by_article)
from .schema import ArticleEntry, Ref, Report, SourceRef

COLOURS = {"corroborated": "#1b7f3b", "conflicting": "#c62828", "revision": "#8e24aa",
           "variant": "#e08a00", "single-source": "#5f6b7a"}


@functools.lru_cache(maxsize=1)
def _env():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("storyline.report", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.context_class = RecordedContext  # emptied after rendering (render_template)
    return env


def _marks(report: Report) -> dict[str, list[dict]]:
    """Per article, the claim spans of facts shared by ≥ 2 articles (non-overlapping)."""
    out: dict[str, list[dict]] = {}
    for g in report.groups:
        if len(g.articles) < 2:
            continue
        for m in g.members:
            out.setdefault(m.article_id, []).append({"start": m.start, "end": m.end, "verdict": g.verdict, "group": g.id})
    for aid, ms in out.items():
        ms.sort(key=lambda x: (x["start"], -x["end"]))
        kept, last = [], -1
        for x in ms:
            if x["start"] >= last:
                kept.append(x)
                last = x["end"]
        out[aid] = kept
    return out


class _Piece:
    """A stretch of an article's text; ``verdict`` and ``group`` when it is a shared claim."""

    # attributes, not a dict: jinja reads ``p.text`` as an attribute first, and a dict's
    # missing attribute costs an exception per piece
    __slots__ = ("text", "verdict", "group")

    def __init__(self, text: str, verdict: str | None = None, group: str | None = None):
        self.text, self.verdict, self.group = text, verdict, group


class _Segment:
    """A sentence (``id``: its anchor) or the text between two (``id`` None), in pieces."""

    __slots__ = ("pieces", "id")

    def __init__(self, pieces: list[_Piece], id: str | None):
        self.pieces, self.id = pieces, id


def _segments(article: ArticleEntry, prefix: str, marks: list[dict]) -> list[_Segment]:
    """The article text cut into sentences (with anchors) and the text between them;
    each sentence a list of pieces, claim spans of shared facts marked."""
    text = article.text or ""
    out, pos = [], 0

    def pieces(a: int, b: int) -> list[_Piece]:
        res, p = [], a
        for x in marks:
            if x["start"] >= a and x["end"] <= b and x["start"] >= p:
                if x["start"] > p:
                    res.append(_Piece(text[p:x["start"]]))
                res.append(_Piece(text[x["start"]:x["end"]], x["verdict"], x["group"]))
                p = x["end"]
        if p < b:
            res.append(_Piece(text[p:b]))
        return res

    for i, s in enumerate(article.sentences):
        if s.start < pos:
            continue
        if s.start > pos:
            out.append(_Segment([_Piece(text[pos:s.start])], None))
        out.append(_Segment(pieces(s.start, s.end), f"{prefix}-s{i}"))
        pos = s.end
    if pos < len(text):
        out.append(_Segment([_Piece(text[pos:])], None))
    return out


def is_name(text) -> bool:
    """A named voice or source, not an unresolved pronoun ("he", "it")."""
    t = " ".join(str(text or "").split()).casefold()
    return bool(t) and t not in PRONOUNS


def colour(verdict) -> str:
    return COLOURS.get(verdict, "#333")


def render_html(report: Report) -> str:
    """The HTML page of a typed report with its brief (``storyline.report.read``)."""
    names = article_names(report)
    anch = anchors(report)
    story = report.story
    brief = report.brief
    title = brief.title or story.title or story.id
    groups_by_id = {g.id: g for g in report.groups}
    marks = _marks(report)
    key_groups = {it.group: it.text for it in brief.confirmed + brief.disputed}

    def href(ref: Ref | SourceRef) -> str:
        a = anch.get(ref.article_id)
        if a is None:
            return "#detail-texts"
        return f"#{a}-s{ref.sentence}" if isinstance(ref.sentence, int) else f"#{a}"
    # a link into a closed <details> opens it (the target is inside, not the element itself)
    more = {"confirmed": "#detail-facts-in", "disputed": "#detail-facts-in", "single_source": "#detail-single-in",
            "voices": "#detail-framing-in", "events": "#detail-events-in"}.get
    return render_template(
        _env().get_template("report.html.j2"), report=report, title=title, brief=brief, names=names, anch=anch, published=published, date_reasons=date_reasons, relations=QUOTE_RELATIONS,
        origin_label=lambda o: origin_label(o, names), href=href, more=more, colour=colour,
        eventline=eventline.layout, is_name=is_name, key_groups=key_groups,
        multi=grouped(report, True), singles=single_source_by_article(report),
        titles=VERDICT_TITLES, order=VERDICT_ORDER, colours=COLOURS, groups_by_id=groups_by_id,
        segments={a.id: _segments(a, anch[a.id], marks.get(a.id, [])) for a in report.articles},
    )


@functools.lru_cache(maxsize=1)
def _index_env():
    from html import escape

    from jinja2 import Environment, PackageLoader

    # html.escape, not autoescape: the index's bytes stay those it always had (&#x27;)
    env = Environment(loader=PackageLoader("storyline.report", "templates"), autoescape=False)
    env.filters["h"] = escape
    return env


def render_index(stories: list[dict]) -> str:
    """The index page of a run's reports: ``stories`` are ``{"href", "title", "size"}``."""
    return _index_env().get_template("index.html.j2").render(stories=stories)
