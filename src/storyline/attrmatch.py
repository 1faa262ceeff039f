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

from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, TAG

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
        self.memo: dict[tuple, list] = {}  # one-token matches by the token's attribute hashes
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
        index = self.index if single else self.multi
        for attr in INDEX_ORDER:
            spec = first.get(attr)
            if isinstance(spec, str):
                index[COLUMNS[attr]][self.strings[spec]].append(entry)
                return
            if isinstance(spec, dict) and "IN" in spec:
                for v in spec["IN"]:
                    index[COLUMNS[attr]][self.strings[v]].append(entry)
                return
        (self.always if single else self.multi_always).append(entry)

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
        return [(aid, match_id) for aid, match_id, specs in self._candidates(self.index, self.always, row)
                if self._ok(specs[0], row)]

    def __call__(self, doc) -> list[tuple[int, int, int, int]]:
        rows = [tuple(r) for r in doc.to_array(ARRAY).tolist()]
        n = len(rows)
        out = []
        memo = self.memo
        if len(memo) > 100_000:
            memo.clear()
        for i, row in enumerate(rows):
            hits = memo.get(row)
            if hits is None:
                hits = memo[row] = self._single(row)
            out += [(aid, match_id, i, i + 1) for aid, match_id in hits]
        for i, row in enumerate(rows):  # patterns of several tokens: only where one can start
            for aid, match_id, specs in self._candidates(self.multi, self.multi_always, row):
                end = i + len(specs)
                if end <= n and all(self._ok(specs[j], rows[i + j]) for j in range(len(specs))):
                    out.append((aid, match_id, i, end))
        out.sort()
        return out


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
    ruler.set_annotations(doc, matches(doc))
    return doc
