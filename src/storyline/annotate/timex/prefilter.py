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

``extents`` also bounds, for each required string, how far a match can reach before
and after it (the widest path through the pattern, lookarounds included): a window
need not be wider. A duration ends a few characters after its unit word, so its
windows reach back 120 characters but forward only ~10; where the pattern is
unbounded (``\\s+``) the radius stays the cap.

``Finder`` locates all required strings in one regex pass; ``guard`` puts a lookahead
of its first characters in front of a pattern, so that ``re`` gives up on most
positions of a window after a single test.
"""

from __future__ import annotations

import math
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
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None))

Extents = dict[str, tuple[float, float]]  # required string -> (before, after)


class _Info:
    """What a sub-pattern matches: a finite set of exact strings, or required strings (None: nothing required).

    ``req`` maps each required string to (before, after): the most characters a match
    of the sub-pattern examines before the string starts and after it ends. ``width``
    is the most characters the sub-pattern examines (lookarounds counted; inf when a
    repeat is unbounded).
    """

    __slots__ = ("exact", "req", "behind", "width", "prefix")

    def __init__(self, exact: set[str] | None = None, req: Extents | None = None,
                 behind: bool = False, width: float = math.inf, prefix: set[str] | None = None):
        # behind: the exact strings may be text a lookbehind reads just before the
        # position, not consumed: they join what follows, never what precedes
        self.exact, self.req, self.behind, self.width = exact, req, behind, width
        # prefix: strings one of which every match starts with ("[0-5]\d": 0 ... 5),
        # to join the exact text before it (":" -> ":0" ... ":5")
        self.prefix = prefix

    def starts(self) -> set[str] | None:
        """Non-empty strings one of which every match starts with; None if unknown."""
        if self.exact is not None:
            return None if "" in self.exact else self.exact
        return self.prefix

    def required(self) -> Extents | None:
        if self.exact is not None:
            return None if "" in self.exact else _exact_extents(self.exact, self.width)
        return self.req


def _minimal(strings: set[str]) -> set[str]:
    """Drop strings that contain another of the set: the shorter one is then present too."""
    keep = sorted(strings, key=len)
    out: list[str] = []
    for s in keep:
        if not any(o in s for o in out):
            out.append(s)
    return set(out)


def _reduce(ext: Extents) -> Extents:
    """``_minimal`` with extents: a dropped string's reach passes to the kept strings inside it."""
    keep = _minimal(set(ext))
    out: Extents = {}
    for s, (b, a) in ext.items():
        for r in keep:
            i = s.find(r)
            while i >= 0:  # every occurrence: a window opens around each
                ob, oa = out.get(r, (0, 0))
                out[r] = (max(ob, b + i), max(oa, a + len(s) - i - len(r)))
                i = s.find(r, i + 1)
    return out


def _exact_extents(strings: set[str], width: float) -> Extents:
    """Extents of an exact set's required strings; what lookarounds read beyond the strings widens both sides."""
    slack = width - max(len(s) for s in strings)
    return _reduce({s: (slack, slack) for s in strings})


def _score(req) -> tuple[int, int]:
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


def _repeat_width(hi: int, w: float) -> float:
    if w == 0:
        return 0
    return math.inf if hi >= C.MAXREPEAT else hi * w


def _width(op, av) -> float:
    """Most characters one element examines: consumed, or read by a lookaround."""
    if op in (C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY, C.CATEGORY):
        return 1
    if op is C.AT:
        return 0  # it reads its neighbours: elements around it, or the +1 at the pattern's ends
    if op in (C.ASSERT, C.ASSERT_NOT):
        return _seq_width(av[1].data)
    if op is C.SUBPATTERN:
        return _seq_width(av[-1].data)
    if op is C.BRANCH:
        return max(_seq_width(b.data) for b in av[1])
    if op in _REPEATS:
        return _repeat_width(av[1], _seq_width(av[2].data))
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _seq_width(av.data)
    return math.inf  # GROUPREF and the like: no bound


def _seq_width(items) -> float:
    return sum(_width(op, av) for op, av in items)


def _seq(items) -> _Info:
    """A concatenation: runs of exact elements multiply out; the most selective requirement wins.

    For the extents, elements are laid end to end at their widest (a lookaround as if
    it consumed what it reads): the winning requirement reaches over all the others.
    """
    infos = [_node(op, av) for op, av in items]
    widths = [i.width for i in infos]
    run: set[str] = {""}  # exact strings of the current run of exact elements
    run_start = 0  # index of the run's first element
    cands: list[tuple[Extents, int, int]] = []  # a requirement, its first element, the element after it
    all_exact = True
    behind = False  # the run starts with lookbehind text (see _Info.behind)
    prefix: set[str] | None = None  # what the sequence starts with (see _Info.prefix)

    def flush(end: int):
        if "" not in run:
            cands.append((_exact_extents(run, sum(widths[run_start:end])), run_start, end))

    for k, info in enumerate(infos):
        if info.exact is not None and info.behind:
            # "(?<=in )'": the text "in '" is there; "x(?<=in )": "in " overlaps "x",
            # so what came before is kept as a requirement of its own
            if run != {""}:
                all_exact = False
                flush(k)
            else:
                behind = True
            run, run_start = set(info.exact), k
            continue
        if info.exact is not None:
            if len(run) * len(info.exact) <= _CAP:
                run = {a + b for a in run for b in info.exact}
            else:  # too many combinations: keep the run so far, start a new one
                all_exact = False
                behind = True  # (the run no longer starts the sequence: no prefix)
                flush(k)
                run, run_start = set(info.exact), k
            continue
        starts = info.starts()
        if all_exact and not behind:  # the first element that is not exact
            prefix = starts if run == {""} else run if "" not in run else None
        all_exact = False
        flush(k)
        if info.req:
            cands.append((info.req, k, k + 1))
        if starts and run != {""} and len(run) * len(starts) <= _CAP:
            # the run joined to what this element starts with: ":" + "[0-5]\d" -> ":0" ...
            slack = sum(widths[run_start:k]) - max(len(a) for a in run)
            joined: Extents = {}
            for a in run:
                for b in starts:
                    ob, oa = joined.get(a + b, (0, 0))
                    joined[a + b] = (max(ob, slack), max(oa, slack + widths[k] - len(b)))
            cands.append((_reduce(joined), run_start, k + 1))
        run, run_start = {""}, k + 1
    width = sum(widths)
    if all_exact:
        return _Info(exact=run, behind=behind, width=width)
    flush(len(infos))
    if prefix is not None and len(prefix) > _CAP:
        prefix = None
    if not cands:
        return _Info(width=width, prefix=prefix)
    req, first, end = max(cands, key=lambda c: _score(c[0]))  # the first of equals, as before
    before, after = sum(widths[:first]), sum(widths[end:])
    return _Info(req={s: (b + before, a + after) for s, (b, a) in req.items()}, width=width, prefix=prefix)


def _node(op, av) -> _Info:
    width = _width(op, av)
    if op is C.LITERAL:
        return _Info(exact={chr(av).lower()}, width=width)
    if op is C.IN:
        chars = _class_chars(av)
        return _Info(exact=chars, width=width) if chars else _Info(width=width)
    if op in _ZERO_WIDTH:
        return _Info(exact={""}, width=width)
    if op is C.ASSERT and av[0] < 0:  # a positive lookbehind: its text ends where the match goes on
        sub = _seq(av[1].data)
        if sub.exact is not None and "" not in sub.exact and len(sub.exact) <= _CAP:
            return _Info(exact=sub.exact, behind=True, width=width)
    if op is C.ASSERT:  # a positive lookaround: its text is there, next to the match
        req = _seq(av[1].data).required()
        return _Info(req=req, width=width) if req else _Info(exact={""}, width=width)
    if op is C.SUBPATTERN:
        return _seq(av[-1].data)
    if op is C.BRANCH:
        infos = [_seq(branch.data) for branch in av[1]]
        if all(i.exact is not None for i in infos):
            union = set().union(*(i.exact for i in infos))
            if len(union) <= _CAP:
                return _Info(exact=union, behind=any(i.behind for i in infos), width=width)
        starts = [i.starts() for i in infos]
        prefix = set().union(*starts) if all(starts) else None
        prefix = prefix if prefix and len(prefix) <= _CAP else None
        reqs = [i.required() for i in infos]
        if any(not r for r in reqs):
            return _Info(width=width, prefix=prefix)
        merged: Extents = {}
        for r in reqs:
            for s, (b, a) in r.items():
                ob, oa = merged.get(s, (0, 0))
                merged[s] = (max(ob, b), max(oa, a))
        return _Info(req=_reduce(merged), width=width, prefix=prefix)
    if op in _REPEATS:
        lo, hi, item = av
        info = _seq(item.data)
        if lo == 0 and hi == 1 and info.exact is not None:
            return _Info(exact=info.exact | {""}, behind=info.behind, width=width)
        if lo == 0:
            return _Info(exact={""}, width=width) if info.exact == {""} else _Info(width=width)
        req = info.required()
        if not req:
            return _Info(width=width, prefix=info.starts())
        # the string may be in any repetition: the others lie on either side of it
        more = _repeat_width(hi if hi >= C.MAXREPEAT else hi - 1, info.width)
        return _Info(req={s: (b + more, a + more) for s, (b, a) in req.items()}, width=width, prefix=info.starts())
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _seq(av.data)
    return _Info(width=width)  # ANY, NOT_LITERAL, CATEGORY, GROUPREF ...: nothing required


def extents(pattern: str | re.Pattern) -> Extents | None:
    """Lower-case strings one of which every match of ``pattern`` contains, each with
    (before, after): how many characters before its start and after its end a match
    may read (inf: unbounded). None if the pattern needs no string."""
    if isinstance(pattern, re.Pattern):
        pattern = pattern.pattern
    req = _seq(P.parse(pattern).data).required()
    # +1 either side: a \b or lookaround at an end reads the character beyond the match
    return {s: (b + 1, a + 1) for s, (b, a) in req.items()} if req else None


def required(pattern: str | re.Pattern) -> frozenset[str] | None:
    """Lower-case strings one of which every match of ``pattern`` contains; None if it needs none."""
    req = extents(pattern)
    return frozenset(req) if req else None


_CATEGORIES = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
               C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W"}


def _first_seq(items) -> tuple[set[str] | None, bool]:
    """(class items a match's first character is among, or None for any; whether it can be empty)."""
    out: set[str] = set()
    for op, av in items:
        first, empty = _first_node(op, av)
        if first is None:
            return None, False
        out |= first
        if not empty:
            return out, False
    return out, True


def _first_node(op, av) -> tuple[set[str] | None, bool]:
    if op is C.LITERAL:
        return {re.escape(chr(av))}, False
    if op is C.IN:
        out = set()
        for iop, iav in av:
            if iop is C.LITERAL:
                out.add(re.escape(chr(iav)))
            elif iop is C.RANGE:
                out.add(f"{re.escape(chr(iav[0]))}-{re.escape(chr(iav[1]))}")
            elif iop is C.CATEGORY and iav in _CATEGORIES:
                out.add(_CATEGORIES[iav])
            else:  # a negated class and the like
                return None, False
        return out, False
    if op is C.CATEGORY and av in _CATEGORIES:
        return {_CATEGORIES[av]}, False
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return set(), True  # reads, consumes nothing
    if op is C.SUBPATTERN:
        return _first_seq(av[-1].data)
    if op is C.BRANCH:
        out, empty = set(), False
        for b in av[1]:
            first, e = _first_seq(b.data)
            if first is None:
                return None, False
            out |= first
            empty = empty or e
        return out, empty
    if op in _REPEATS:
        first, empty = _first_seq(av[2].data)
        return first, empty or av[0] == 0
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _first_seq(av.data)
    return None, False  # any character


def guard(pattern: str) -> str:
    """``pattern`` behind a lookahead of the characters its matches start with (any case).

    It changes no match: it lets ``re`` drop a position after one class test where it
    would otherwise try each word of an alternation (no literal-prefix scan helps a
    pattern that starts with \\b, an optional group or a case-insensitive word list).
    A pattern that may match empty, or start with any character, is returned as it is.
    """
    first, empty = _first_seq(P.parse(pattern).data)
    if first is None or empty:
        return pattern
    return "(?=(?i:[" + "".join(sorted(first)) + "]))" + pattern


def _trie(strings: list[str]) -> str:
    """A regex of ``strings`` sharing their prefixes; where one string goes on, it is tried first (the longest wins)."""
    heads: dict[str, list[str]] = {}
    for s in strings:
        heads.setdefault(s[:1], []).append(s[1:])
    alts = []
    for head, tails in sorted(heads.items()):
        if not head:
            continue  # the empty string: handled by the caller
        rest = [t for t in tails if t]
        sub = _trie(rest) if rest else ""
        if rest and "" in tails:
            sub = f"(?:{sub})?"
        alts.append(re.escape(head) + sub)
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


class Finder:
    """Every occurrence of each of a fixed set of strings, in one regex pass instead of a
    ``str.find`` per string (~250 strings, most absent from any one text)."""

    def __init__(self, strings):
        self.strings = sorted(set(strings))
        self._rx = re.compile(_trie(self.strings) if self.strings else "(?!)")  # none: never matches
        # the longest string found at a position brings the ones it starts with
        self._prefixes = {s: [t for t in self.strings if s.startswith(t)] for s in self.strings}

    def find(self, lower: str) -> dict[str, list[int]]:
        """Start positions, ascending, of each string present in ``lower`` (absent ones are left out)."""
        hits: dict[str, list[int]] = {}
        search, prefixes = self._rx.search, self._prefixes
        m = search(lower)
        while m:
            i = m.start()
            for t in prefixes[m.group()]:
                if t in hits:
                    hits[t].append(i)
                else:
                    hits[t] = [i]
            m = search(lower, i + 1)  # occurrences may overlap
        return hits


def _occurrences(lower: str, s: str) -> list[int]:
    out = []
    i = lower.find(s)
    while i >= 0:
        out.append(i)
        i = lower.find(s, i + 1)
    return out


def windows(req, lower: str, radius: int, hits: dict | None = None) -> list[tuple[int, int]]:
    """Merged spans around every occurrence of a required string.

    ``req`` is a set of strings (``radius`` characters either side) or an ``extents``
    mapping (each string's own reach, capped at ``radius``). ``hits`` holds the
    occurrences of every string present (``Finder.find``); without it they are looked
    up here. Windows that overlap or touch are merged, so a scan window by window meets
    the matches a full scan meets, as long as each match lies within the reach of its
    required string.
    """
    reach = req if isinstance(req, dict) else dict.fromkeys(req, (radius, radius))
    if hits is None:
        hits = {s: _occurrences(lower, s) for s in reach}
    occ: list[tuple[int, int]] = []
    for s in reach.keys() & hits.keys():  # (few of a pattern's strings are in a text)
        before, after = reach[s]
        b, a = int(min(before, radius)), int(min(after, radius)) + len(s)
        occ += [(i - b, i + a) for i in hits[s]]
    occ.sort()
    out: list[list[int]] = []
    n = len(lower)
    for a, b in occ:
        a, b = max(0, a), min(n, b)
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]
