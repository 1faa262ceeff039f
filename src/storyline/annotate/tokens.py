"""Per-token strings and ids of a Doc as plain lists, shared by the rules.

``doc[i]`` and ``for t in doc`` make a new Token object each time, which costs more than
most tests the rules run on it; the rules look for a few cue words among hundreds of
tokens, several times per article. ``words(doc)`` reads each attribute once from an
array (on first use) and keeps it for the last Doc seen. Only for a parsed Doc that no
longer changes (the annotation rules' case): the lists are not refreshed.
"""

from __future__ import annotations

from functools import cached_property


class Words:
    """Lists indexed by token position: ``lower``, ``lemma`` (lower-cased), ``pos`` and
    ``dep`` (symbol ids), ``starts``/``ends`` (character offsets, as ``t.idx`` and
    ``t.idx + len(t)``), ``text``; and ``sents``, the sentence bounds (``sent_starts``:
    their first tokens)."""

    def __init__(self, doc):
        self.doc = doc
        self.n = len(doc)

    def _strings(self, attr) -> list[str]:
        strings = self.doc.vocab.strings
        return [strings[h] for h in self.doc.to_array(attr).tolist()]

    @cached_property
    def lower(self) -> list[str]:
        from spacy.attrs import LOWER

        return self._strings(LOWER)

    @cached_property
    def lemma(self) -> list[str]:
        from spacy.attrs import LEMMA

        return [w.lower() for w in self._strings(LEMMA)]

    @cached_property
    def pos(self) -> list[int]:
        from spacy.attrs import POS

        return self.doc.to_array(POS).tolist()

    @cached_property
    def dep(self) -> list[int]:
        from spacy.attrs import DEP

        return self.doc.to_array(DEP).tolist()

    @cached_property
    def _offsets(self) -> tuple[list[int], list[int]]:
        from spacy.attrs import IDX, LENGTH

        arr = self.doc.to_array([IDX, LENGTH]).astype("int64")
        return arr[:, 0].tolist(), (arr[:, 0] + arr[:, 1]).tolist()

    @cached_property
    def sents(self) -> list[tuple[int, int, int, int]]:
        """(start, end, start_char, end_char) of each sentence: ``doc.sents`` makes a Token
        per word on every pass, and five rules need the sentences."""
        return [(s.start, s.end, s.start_char, s.end_char) for s in self.doc.sents]

    @cached_property
    def sent_starts(self) -> set[int]:
        """The positions of the tokens that open a sentence."""
        return {s for s, _, _, _ in self.sents}

    @cached_property
    def text(self) -> list[str]:
        """Each token's text (``t.text``), as slices of the doc's text."""
        from ..nlp import doc_text

        text = doc_text(self.doc)
        return [text[a:b] for a, b in zip(self.starts, self.ends)]

    @property
    def starts(self) -> list[int]:
        return self._offsets[0]

    @property
    def ends(self) -> list[int]:
        return self._offsets[1]


_last: Words | None = None  # one reference, replaced whole: thread-safe reads


def words(doc) -> Words:
    """The token lists of ``doc`` (kept for the last Doc; the rules run one Doc at a time)."""
    global _last
    w = _last
    if w is None or w.doc is not doc or w.n != len(doc):
        w = _last = Words(doc)
    return w
