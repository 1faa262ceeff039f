"""spaCy's ``attribute_ruler`` matches, found with dictionary lookups instead of its Matcher.

The English ruler has 179 patterns, nearly all one token with plain equality or set
tests on LOWER, TAG and DEP. spaCy's Matcher spends ~40 us a token on them here (its
Cython is built with profiling hooks on Python < 3.12, see ``greedy.py``), which made a
cold ``morph`` cache cost ~17 ms an article. ``FastMatches`` indexes every pattern by
one of its equality tests, checks the candidates against the token's attribute hashes,
and returns the matches in the ruler's own order; the ruler's ``set_annotations`` then
applies them, so the attributes set are spaCy's. Patterns it cannot read (operators,
other attributes, extensions) make ``compile_ruler`` return None: the Matcher is kept.
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG

COLUMNS = {"LOWER": 0, "ORTH": 1, "TEXT": 1, "TAG": 2, "DEP": 3, "IS_SPACE": 4}
ARRAY = [LOWER, ORTH, TAG, DEP, IS_SPACE]
INDEX_ORDER = ("LOWER", "ORTH", "TEXT", "TAG", "DEP")  # most selective first


class Unsupported(Exception):
    pass


def _test(attr: str, spec, strings):
    """(column, op, value) for one attribute test of a token pattern."""
    if attr not in COLUMNS:
        raise Unsupported(attr)
    col = COLUMNS[attr]
    if attr == "IS_SPACE":
        if not isinstance(spec, bool):
            raise Unsupported(spec)
        return col, "eq", int(spec)
    if isinstance(spec, str):
        return col, "eq", strings.add(spec)
    if isinstance(spec, dict) and len(spec) == 1:
        (op, arg), = spec.items()
        if op in ("IN", "NOT_IN") and isinstance(arg, (list, tuple, set)) and all(isinstance(a, str) for a in arg):
            return col, op.lower(), frozenset(strings.add(a) for a in arg)
        if op == "REGEX" and isinstance(arg, str):
            return col, "regex", re.compile(arg)
    raise Unsupported(spec)


class FastMatches:
    """The (attr_id, match_id, start, end) list ``AttributeRuler.match`` returns, without the Matcher."""

    def __init__(self, ruler):
        strings = ruler.vocab.strings
        self.strings = strings
        self.index: list[dict[int, list]] = [defaultdict(list) for _ in range(len(COLUMNS) - 1)]
        self.always: list = []  # patterns with no equality test to index them by
        self.multi: list[dict[int, list]] = [defaultdict(list) for _ in range(len(COLUMNS) - 1)]
        self.multi_always: list = []
        self.memo: dict[tuple, tuple] = {}  # per attribute row: its matches and multi-token candidates
        # one-token patterns that read no word (TAG, DEP, IS_SPACE only: the tag-map rules)
        # give the same answer for every word with the same tag and dependency: a cold
        # cache meets new words, not new tags
        self.shape_index: list[dict[int, list]] = [defaultdict(list) for _ in range(len(COLUMNS) - 1)]
        self.shape_always: list = []
        self.shape_memo: dict[tuple, list] = {}
        for aid, pat in enumerate(ruler.patterns):
            match_id = strings[str(aid)]  # the ruler's Matcher key for pattern group ``aid``
            for tokens in pat["patterns"]:
                if not tokens:
                    raise Unsupported("empty pattern")
                specs = []
                for tok in tokens:
                    if not isinstance(tok, dict) or "OP" in tok:
                        raise Unsupported(tok)
                    specs.append(tuple(_test(a, v, strings) for a, v in tok.items()))
                entry = (aid, match_id, tuple(specs))
                self._file(entry, tokens[0])

    def _file(self, entry, first: dict) -> None:
        single = len(entry[2]) == 1
        shape = single and all(col >= COLUMNS["TAG"] for col, _, _ in entry[2][0])
        index = self.shape_index if shape else self.index if single else self.multi
        for attr in INDEX_ORDER:
            spec = first.get(attr)
            if isinstance(spec, str):
                index[COLUMNS[attr]][self.strings[spec]].append(entry)
                return
            if isinstance(spec, dict) and "IN" in spec:
                for v in spec["IN"]:
                    index[COLUMNS[attr]][self.strings[v]].append(entry)
                return
        (self.shape_always if shape else self.always if single else self.multi_always).append(entry)

    def _ok(self, tests, row) -> bool:
        for col, op, val in tests:
            x = row[col]
            if op == "eq":
                if x != val:
                    return False
            elif op == "in":
                if x not in val:
                    return False
            elif op == "not_in":
                if x in val:
                    return False
            elif not val.search(self.strings[x] if x else ""):
                return False
        return True

    @staticmethod
    def _candidates(index, always, row) -> list:
        """The patterns filed under one of the token's attribute values, and those filed under none."""
        cands = [e for col, table in enumerate(index) for e in table.get(row[col], ())]
        return cands + always if always else cands

    def _single(self, row: tuple) -> list[tuple[int, int]]:
        """(attr_id, match_id) of the one-token patterns a token with these attributes matches."""
        key = row[COLUMNS["TAG"]:]
        shape = self.shape_memo.get(key)
        if shape is None:
            shape = self.shape_memo[key] = [(aid, match_id) for aid, match_id, specs in
                                            self._candidates(self.shape_index, self.shape_always, row)
                                            if self._ok(specs[0], row)]
        word = [(aid, match_id) for aid, match_id, specs in self._candidates(self.index, self.always, row)
                if self._ok(specs[0], row)]
        return shape + word if word else shape

    def _memo(self, row: tuple) -> tuple[list, list]:
        """Per distinct attribute row: its one-token matches and the patterns of several
        tokens that can start on it (one lookup per token after the first)."""
        got = self.memo.get(row)
        if got is None:
            if len(self.memo) > 100_000:
                self.memo.clear()
            got = self.memo[row] = (self._single(row), self._candidates(self.multi, self.multi_always, row))
        return got

    def single(self, row: tuple) -> list[tuple[int, int]]:
        """(attr_id, match_id) of the one-token patterns a token with this attribute row matches."""
        return self._memo(row)[0]

    def __call__(self, doc) -> list[tuple[int, int, int, int]]:
        rows = [tuple(r) for r in doc.to_array(ARRAY).tolist()]
        n = len(rows)
        out = []
        for i, row in enumerate(rows):
            hits, multi = self._memo(row)
            if hits:
                out += [(aid, match_id, i, i + 1) for aid, match_id in hits]
            for aid, match_id, specs in multi:
                end = i + len(specs)
                if end <= n and all(self._ok(specs[j], rows[i + j]) for j in range(len(specs))):
                    out.append((aid, match_id, i, end))
        out.sort()
        return out


COLUMN_ATTRS = (POS, MORPH, LEMMA)  # what the ruler sets on nearly every token: one from_array


def apply_matches(ruler, doc, matches) -> None:
    """What ``ruler.set_annotations(doc, matches)`` does, with one ``Doc.from_array``.

    spaCy makes a Span and calls ``set_token_attrs`` per match (~10 us each, every token
    matches its TAG pattern). Matches come sorted by pattern, so a token's final value
    for an attribute is the last match's that sets it: merged here in the same order,
    then written at once. POS, MORPH and LEMMA are plain token fields for both ways;
    any other attribute (TAG, DEP on white space) still goes through ``set_token_attrs``.
    """
    from spacy.tokens._retokenize import set_token_attrs

    final: dict[int, dict] = {}
    for aid, _match_id, start, end in matches:
        index = ruler.indices[aid]
        j = index if index >= 0 else end - start + index
        if not 0 <= j < end - start:  # spaCy raises its own error for this: let it
            ruler.set_annotations(doc, matches)
            return
        final.setdefault(start + j, {}).update(ruler.attrs[aid])
    if not final:
        return
    cols = doc.to_array(list(COLUMN_ATTRS))
    rest = []
    for i, attrs in final.items():
        for c, attr in enumerate(COLUMN_ATTRS):
            if attr in attrs:
                cols[i, c] = attrs[attr]
        other = {k: v for k, v in attrs.items() if k not in COLUMN_ATTRS}
        if other:
            rest.append((i, other))
    doc.from_array(list(COLUMN_ATTRS), numpy.ascontiguousarray(cols))
    for i, attrs in rest:
        set_token_attrs(doc[i], attrs)


def compile_ruler(ruler) -> FastMatches | None:
    """A ``FastMatches`` for ``ruler``, or None when one of its patterns needs the Matcher."""
    try:
        return FastMatches(ruler)
    except Unsupported:
        return None


def run_ruler(ruler, matches: FastMatches | None, doc):
    """``ruler(doc)``, with the matches found by ``matches`` when there is one."""
    if matches is None:
        return ruler(doc)
    apply_matches(ruler, doc, matches(doc))
    return doc
