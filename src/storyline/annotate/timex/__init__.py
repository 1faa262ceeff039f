"""Temporal expressions (TIMEX3) and publication-date inference; see ``tagger`` for the rules."""

from .tagger import tag_timexes

__all__ = ["tag_timexes", "infer_publication"]


def infer_publication(text: str, doc=None, **kw):
    """See ``storyline.annotate.timex.infer.infer_publication``."""
    from .infer import infer_publication as _infer

    return _infer(text, doc=doc, **kw)
