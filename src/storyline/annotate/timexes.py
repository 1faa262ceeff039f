"""Temporal expressions and publication-date inference (public entry points).

The implementation lives in the ``storyline.annotate.timex`` package; see
``storyline.annotate.timex.tagger`` for the resolution rules.
"""

from .timex import infer_publication, tag_timexes

__all__ = ["tag_timexes", "infer_publication"]
