"""Required words of a regular expression: skip a pattern on text that cannot match it.

Python's ``re`` tries a pattern that starts with ``\\b`` or an optional group at every
character, and the timex grammar has ~50 such patterns: scanning was ~15 ms of an
article. Most patterns cannot match without one of a few words ("ago", a month name,
"Easter" ...). ``required`` reads that set off the parsed pattern, the way RE2's
prefilter does: every match contains (or, through a lookaround, touches) one of the
strings, compared in lower case. The pattern then runs only in ``windows`` around
their occurrences. The matches are those of a full scan for any match within the
radius of its required string (the grammar uses 120 characters; its longest
expressions are under 60).
"""

from __future__ import annotations

import re

try:  # Python 3.11+
    from re import _constants as C
    from re import _parser as P
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

_CAP = 200  # largest set of exact strings kept while concatenating
_ZERO_WIDTH = {C.AT, C.ASSERT_NOT}  # a negative lookaround requires nothing
_MAXCLASS = 12  # a character class of more characters is "any character" here


class _Info:
    """What a sub-pattern matches: a finite set of exact strings, or a required set (None: nothing required)."""

    __slots__ = ("exact", "req", "behind")

    def __init__(self, exact: set[str] | None = None, req: set[str] | None = None, behind: bool = False):
        # behind: the exact strings may be text a lookbehind reads just before the
        # position, not consumed: they join what follows, never what precedes
        self.exact, self.req, self.behind = exact, req, behind

    def required(self) -> set[str] | None:
        if self.exact is not None:
            return None if "" in self.exact else _minimal(self.exact)
        return self.req


def _minimal(strings: set[str]) -> set[str]:
    """Drop strings that contain another of the set: the shorter one is then present too."""
    keep = sorted(strings, key=len)
    out: list[str] = []
    for s in keep:
        if not any(o in s for o in out):
            out.append(s)
    return set(out)


def _score(req: set[str] | None) -> tuple[int, int]:
    """Selectivity of a required set: longer shortest string first, then fewer strings."""
    if not req:
        return (-1, 0)
    return (min(len(s) for s in req), -len(req))


def _class_chars(items) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            chars.add(chr(av))
        elif op is C.RANGE and av[1] - av[0] < _MAXCLASS:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:  # categories (\d, \w), negation, big ranges
            return None
        if len(chars) > _MAXCLASS:
            return None
    return {c.lower() for c in chars}


def _seq(items) -> _Info:
    """A concatenation: runs of exact elements multiply out; the most selective requirement wins."""
    run: set[str] = {""}  # exact strings of the current run of exact elements
    reqs: list[set[str]] = []
    all_exact = True
    behind = False  # the run starts with lookbehind text (see _Info.behind)

    def flush():
        if "" not in run:
            reqs.append(_minimal(run))

    for op, av in items:
        info = _node(op, av)
        if info.exact is not None and info.behind:
            # "(?<=in )'": the text "in '" is there; "x(?<=in )": "in " overlaps "x",
            # so what came before is kept as a requirement of its own
            if run != {""}:
                all_exact = False
                flush()
            else:
                behind = True
            run = set(info.exact)
            continue
        if info.exact is not None:
            if len(run) * len(info.exact) <= _CAP:
                run = {a + b for a in run for b in info.exact}
            else:  # too many combinations: keep the run so far, start a new one
                all_exact = False
                flush()
                run = set(info.exact)
            continue
        all_exact = False
        flush()
        if info.req:
            reqs.append(info.req)
        run = {""}
    if all_exact:
        return _Info(exact=run, behind=behind)
    flush()
    return _Info(req=max(reqs, key=_score) if reqs else None)


def _node(op, av) -> _Info:
    if op is C.LITERAL:
        return _Info(exact={chr(av).lower()})
    if op is C.IN:
        chars = _class_chars(av)
        return _Info(exact=chars) if chars else _Info()
    if op in _ZERO_WIDTH:
        return _Info(exact={""})
    if op is C.ASSERT and av[0] < 0:  # a positive lookbehind: its text ends where the match goes on
        sub = _seq(av[1].data)
        if sub.exact is not None and "" not in sub.exact and len(sub.exact) <= _CAP:
            return _Info(exact=sub.exact, behind=True)
    if op is C.ASSERT:  # a positive lookaround: its text is there, next to the match
        req = _seq(av[1].data).required()
        return _Info(req=req) if req else _Info(exact={""})
    if op is C.SUBPATTERN:
        return _seq(av[-1].data)
    if op is C.BRANCH:
        infos = [_seq(branch.data) for branch in av[1]]
        if all(i.exact is not None for i in infos):
            union = set().union(*(i.exact for i in infos))
            if len(union) <= _CAP:
                return _Info(exact=union, behind=any(i.behind for i in infos))
        reqs = [i.required() for i in infos]
        if any(not r for r in reqs):
            return _Info()
        return _Info(req=_minimal(set().union(*reqs)))
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
        lo, hi, item = av
        info = _seq(item.data)
        if lo == 0 and hi == 1 and info.exact is not None:
            return _Info(exact=info.exact | {""}, behind=info.behind)
        if lo == 0:
            return _Info(exact={""}) if info.exact == {""} else _Info()
        return _Info(req=info.required())
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _seq(av.data)
    return _Info()  # ANY, NOT_LITERAL, CATEGORY, GROUPREF ...: nothing required


def required(pattern: str | re.Pattern) -> frozenset[str] | None:
    """Lower-case strings one of which every match of ``pattern`` contains; None if it needs none."""
    if isinstance(pattern, re.Pattern):
        pattern = pattern.pattern
    req = _seq(P.parse(pattern).data).required()
    return frozenset(req) if req else None


def windows(req: frozenset[str], lower: str, radius: int, found: dict | None = None) -> list[tuple[int, int]]:
    """Merged spans of ``radius`` characters around every occurrence of a required string.

    ``found`` caches the occurrences of each string (patterns share month names ...).
    Windows that overlap are merged, so a scan window by window meets the matches a
    full scan meets, as long as a match lies within ``radius`` of its required string.
    """
    occ: list[int] = []
    for s in req:
        hits = found.get(s) if found is not None else None
        if hits is None:
            hits = []
            i = lower.find(s)
            while i >= 0:
                hits.append(i)
                i = lower.find(s, i + 1)
            if found is not None:
                found[s] = hits
        occ += [(i, i + len(s)) for i in hits]
    occ.sort()
    out: list[list[int]] = []
    n = len(lower)
    for a, b in occ:
        a, b = max(0, a - radius), min(n, b + radius)
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]
