"""Per-article annotation: entities, quotes, quantities, timexes, attributions, hedges, claims.

Public: ``annotate_articles(articles, options) -> Iterator[dict]``,
``annotate_article(article) -> dict``, ``ANNOTATION_VERSION``; schema in
docs/annotations.md. Submodules import spaCy lazily, so importing this package is cheap.
"""

from __future__ import annotations

ANNOTATION_VERSION = "annotate-17"

__all__ = ["ANNOTATION_VERSION", "annotate_articles", "annotate_article", "annotate_text"]


def annotate_articles(articles, options=None, stories=None, encode=None):
    """One annotation dict per article, in input order (see docs/annotations.md);
    ``stories``: undated article id -> its story's window (``stories.dates``);
    ``encode(article, annotation)``: made in the worker and yielded instead of the dict."""
    from .run import annotate_articles as _run

    return _run(articles, options, stories, encode)


def annotate_article(article, options=None):
    """Annotate one article in this process."""
    from .run import annotate_article as _one

    return _one(article, options)


def annotate_text(text, id="text", published=None, title=None, today=None):
    """Annotate a bare text (clean = raw); ``today`` as in ``Options.today``."""
    from .run import annotate_text as _t

    return _t(text, id=id, published=published, title=title, today=today)
