"""Verdict of a claim group: corroborated, conflicting, revision, variant, single-source.

Order of precedence: a real disagreement (conflicting) or a later report changing
the figure of the same slot (revision) is what a reader must see first; then a compatible difference of detail
(variant); then how many independent origins back the fact.
"""

from __future__ import annotations

import functools
import math
import re

from ..options import DATE_CONFLICT_SIM, NEGATION_OVERLAP, NEGATION_SIM, NUMBER_SIM
from . import checks as _checks
from .durations import duration_findings
from .lemmas import LIGHT_VERBS, PARAPHRASE, words
from .people import different_people


def _bounds(q: dict) -> tuple[float, float, bool, bool]:
    lo, hi = q.get("low"), q.get("high")
    if lo is None and hi is None and q.get("value") is not None:
        lo = hi = q["value"]
    li = q.get("low_inclusive", True) if lo is not None else True
    hi_inc = q.get("high_inclusive", True) if hi is not None else True
    if lo is not None and hi is not None and lo == hi:
        li = hi_inc = True
    return (-math.inf if lo is None else float(lo)), (math.inf if hi is None else float(hi)), bool(li), bool(hi_inc)


ROUND_SHARE = 0.05  # a round figure stands for those within this share of it


def _round(q: dict) -> bool:
    """A bare round figure ("600", "20,000", "2 million"): an exact value with at least
    two trailing zeros and no qualifier, which reports use for a nearby exact count."""
    lo, hi = q.get("low"), q.get("high")
    v = q.get("value") if lo is None and hi is None else (lo if lo == hi else None)
    if v is None or q.get("qualifier") or v != int(v) or abs(v) < 100:
        return False
    return int(v) % 100 == 0


def compare_ranges(a: dict, b: dict) -> str:
    """"same", "overlap" (compatible, different detail), "touch" (meet at a boundary:
    "100" vs "more than 100"), or "disjoint". A bare round figure against an exact one
    within ROUND_SHARE of it overlaps ("600 were killed" vs "killing 612 people")."""
    la, ha, lia, hia = _bounds(a)
    lb, hb, lib, hib = _bounds(b)
    if (la, ha, lia, hia) == (lb, hb, lib, hib):
        return "same"
    if ha < lb or hb < la:
        for r, x in ((a, (lb, hb)), (b, (la, ha))):
            v = _bounds(r)[0]
            if _round(r) and x[0] == x[1] and math.isfinite(x[0]) and abs(x[0] - v) <= ROUND_SHARE * v:
                return "overlap"
        return "disjoint"
    if ha == lb and not (hia and lib):
        return "touch"
    if hb == la and not (hib and lia):
        return "touch"
    return "overlap"


def _stated(ann: dict | None) -> str | None:
    """The publication time an article states (not one inferred from its text): its day,
    or its day and time of day when it gives one. A revision needs a known order."""
    p = str((ann or {}).get("published") or "")
    if not p:
        return None
    return p[:19] if len(p) >= 19 and p[10:11] == "T" and p[11:19] != "00:00:00" else p[:10]


# Attributes of people, not counts of an event: a story names several people.
NOT_COMPARED = {"age", "year-old", "years old"}


def _comparable(q: dict) -> bool:
    return (bool(q.get("counted")) and q["counted"] not in NOT_COMPARED and q.get("kind") != "age"
            and "year-old" not in (q.get("text") or ""))


_AMOUNT_WORDS = set("""a an the of at least most more than over about around nearly almost up to some only just
    close exactly fewer less under approximately roughly as many no zero one two three four five six seven eight
    nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty
    sixty seventy eighty ninety hundred hundreds thousand thousands million millions billion dozen dozens
    score scores handful several few""".split())


_GENERIC = {"people", "persons", "person", "individuals"}  # "83 people" counts what the verb says


def modifiers(q: dict) -> frozenset[str]:
    """Words narrowing what is counted: "11 *Yemeni* pirates", "two *older* brothers"."""
    from .units import _STOP

    head = {str(q.get("noun") or ""), str(q.get("counted") or "")} - {""}
    # the counted noun's paraphrases too: "83 people killed" counts deaths
    canon = {PARAPHRASE.get(h, h) for h in head}
    head |= {w for w, c in PARAPHRASE.items() if c in canon}
    out = set()
    for w in words(q.get("text") or ""):
        if w.isdigit() or w.replace(",", "").replace(".", "").isdigit() or w in _AMOUNT_WORDS or w in _GENERIC or w in _STOP:
            continue
        if any(w.startswith(h[:max(3, len(h) - 2)]) for h in head):
            continue  # the counted noun itself, in any inflection
        out.add(w)
    return frozenset(out)


FIGURE_LIST = 3  # this many compared figures in one claim make it a list of figures


# Words that make a figure a part or an increment of a count, not the count: "four
# *other* people", "two *more* times", "*another* two", "15 *of them*".
_PART_WORDS = re.compile(r"\b(other|others|another|additional|further|extra)\b|\bmore\b(?!\s+than)", re.I)
_PART_AFTER = re.compile(r"^\s+(other|others|more|additional|further|extra)\b(?!\s+than)", re.I)
_PART_BEFORE = re.compile(r"\b(another|other|additional|further|extra)\s+$", re.I)
_OF_WHOLE = re.compile(r"^\s*(?:of|out of)\s+(?:the|them|those|these|his|her|their|its|our|all)\b", re.I)


def _around(q: dict, u: dict | None, before: int = 20, after: int = 25) -> tuple[str, str]:
    """The claim's text just before and just after a figure (by offsets; by its text
    when the figure carries none)."""
    if not u:
        return "", ""
    text = u.get("text") or ""
    i = q.get("start", -1) - u.get("start", 0) if q.get("start") is not None else -1
    if not 0 <= i <= len(text):
        i = text.find(q.get("text") or "\0")
        if i < 0:
            return "", ""
        j = i + len(q.get("text") or "")
    else:
        j = q.get("end", i) - u.get("start", 0)
    return text[max(0, i - before):i], text[j:j + after]


def _increment(q: dict, u: dict | None = None) -> bool:
    """A figure counting further ones: "four other people", "two more times", "another two"."""
    if _PART_WORDS.search(q.get("text") or ""):
        return True
    pre, post = _around(q, u)
    return bool(_PART_AFTER.match(post) or _PART_BEFORE.search(pre))


def _part(q: dict, u: dict | None = None) -> bool:
    """A figure counting a part of a count: an increment ("two more times") or a subset
    ("15 of them", "twenty of the office's 40 employees")."""
    return _increment(q, u) or bool(_OF_WHOLE.match(_around(q, u)[1]))


def _others(qa: dict, qb: dict, a: dict | None = None, b: dict | None = None) -> bool:
    """One figure counts the *other* (or the further) ones ("four other people", "two
    more times"), the other a total at least one larger: compatible, the partial figure
    leaves someone out."""
    for x, y, ux, uy in ((qa, qb, a, b), (qb, qa, b, a)):
        if _part(x, ux) and not _part(y, uy):
            lx, ly = _bounds(x)[0], _bounds(y)[0]
            if math.isfinite(lx) and math.isfinite(ly) and ly > lx:
                return True
    return False


def _place_words(places) -> set[str]:
    from .units import _STOP

    return {w for p in places for w in words(p) if w not in _STOP}


# A prepositional phrase right after a figure places it: "three people *in the Persian Gulf
# Island of Qeshm*", "three cables *between Italy and Egypt*", "230,000 *across Asia*"
_PLACE_PREP = re.compile(r"^\W*(?:[\w’'-]+\s+){0,3}?(?:in|across|throughout|between|at|near|outside|around|on|off|"
                         r"through|along)\s+(.*)", re.I)


def _figure_places(q: dict, u: dict) -> set[str]:
    """The name words of the claim's places named in the prepositional phrase right after
    a figure, in its clause: where the count is said to apply."""
    post = _CLAUSE_END.split(_around(q, u, before=0, after=80)[1])[0]
    m = _PLACE_PREP.match(post)
    if not m:
        return set()
    ws = set(words(m.group(1)))
    return {w for w in _place_words(u.get("places") or ()) if w in ws}


def _scope_differs(a: dict, b: dict, qa: dict | None = None, qb: dict | None = None) -> bool:
    """The two claims place their figures in different places: the places named right
    after the two figures differ, neither within the other ("three cables between Italy and Egypt" vs "four cables
    across the Mediterranean and through the Suez Canal"), or no place of one claim shares
    a name word with a place of the other ("in the province" vs "across Asia"; "Qeshm" is
    in "the Persian Gulf Island of Qeshm")."""
    if qa is not None and qb is not None:
        fa, fb = _figure_places(qa, a), _figure_places(qb, b)
        if fa and fb and not (fa <= fb or fb <= fa):  # "in the Mediterranean" is in "in the Mediterranean Sea"
            return True
    pa, pb = set(a.get("places") or ()), set(b.get("places") or ())
    return bool(pa and pb and not pa & pb and not _place_words(pa) & _place_words(pb))


# A role narrowing a count: "four seasons *as* the Sixers Director of Player Personnel"
_ROLE_AFTER = re.compile(r"^\W*(?:[\w’'-]+\s+){0,1}?as\s+(?:a|an|the|his|her|their)?\s*\w", re.I)


def _role_scope(q: dict, u: dict) -> bool:
    """The figure counts what someone did in one role ("four seasons as director")."""
    return bool(_ROLE_AFTER.match(_around(q, u, before=0, after=40)[1]))


_PRONOUN = {"he", "she", "him", "her"}


PAST_DAYS = 14  # a claim dated this many days before its own report tells an earlier event


def _past_event(u: dict, published: str | None) -> bool:
    """The claim dates what it tells (a day or a month, written out) to well before its
    report's stated day: "In February, a gunman killed five people" in an April report is
    an earlier event, not the one the story is about."""
    import datetime as dt
    import calendar

    if not published:
        return False
    try:
        pub = dt.date.fromisoformat(str(published)[:10])
    except ValueError:
        return False
    for t in u.get("timexes") or ():
        v = str(t.get("value") or "")
        if t.get("type") != "DATE" or not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", v):
            continue
        y, m = int(v[:4]), int(v[5:7])
        if not 1 <= m <= 12:
            continue
        end = dt.date(y, m, int(v[8:10]) if len(v) == 10 else calendar.monthrange(y, m)[1])
        if (pub - end).days >= PAST_DAYS:
            return True
    return False


def _unnamed_owner(u: dict) -> bool:
    """The claim's subject is "he" or "she" and it names no person: whose count its
    figure is, the claim alone does not say ("He has also caught eight passes")."""
    return str(u.get("subject") or "").strip().lower() in _PRONOUN and not u.get("persons")


# Phrases that bound a count in time or to a subset of events: "this season", "in his
# last two games", "since Week 11", "during the round", "a decade ago", "career".
_TIME_SCOPE = re.compile(
    r"\b(?:this|last|next|that|the|his|her|their|its|a|one)\s+(?:\w+\s+)?"
    r"(season|seasons|year|years|month|months|week|weeks|game|games|match|matches|round|rounds|half|quarter|"
    r"career|decade|tournament|term|campaign|period)\b"
    r"|\b(since|during|so far|ago|until|career|final)\b", re.I)


def _time_scope_differs(a: dict, b: dict, texts: tuple[str, str] | None = None) -> bool:
    """The claims bound their figures in time differently: dated to different days
    (both dated), or by different scope phrases ("this season" vs "in his last two
    games"; "during the round" vs none: one round against the whole fight)."""
    da = {str(t["value"])[:10] for t in a.get("timexes") or () if t.get("type") == "DATE" and t.get("value")}
    db = {str(t["value"])[:10] for t in b.get("timexes") or () if t.get("type") == "DATE" and t.get("value")}
    if da and db and not da & db:
        return True
    ta, tb = texts or (a.get("text") or "", b.get("text") or "")
    cue = lambda t: {_cue_text(m.group(0)) for m in _TIME_SCOPE.finditer(t)}  # noqa: E731
    return cue(ta) != cue(tb)


# Words marking a figure as a total over many events, not one event's: "all-time scoring
# leader with 2,117 points", "record of 2,116", "thus far, a total of 14", "career".
_AGGREGATE = re.compile(r"\b(all-time|career|lifetime|cumulative|so far|to date|thus far|in all|all told|"
                        r"altogether|record of|record with|combined)\b", re.I)


def _aggregate(q: dict, u: dict) -> bool:
    """The figure is an aggregate: a total-scope word in its clause just before it or right after it."""
    pre, post = _around(q, u, before=40, after=20)
    return bool(_AGGREGATE.search(re.split(r"[;:()\u2013\u2014]", pre)[-1]) or _AGGREGATE.match(post.lstrip(" ,")))


def _level(q: dict) -> bool:
    """A figure of a level or a day's movement (an index's points, a share in percent):
    reports of different days give different days' values, not one value revised. (A
    sum of money or a measure, a haul or a quake's magnitude, belongs to its event.)"""
    return q.get("kind") == "percent" or "point" in (q.get("counted"), q.get("noun"))


# The later report says its figure replaces an earlier one: a correction ("lowered the toll
# to 70", "revised") or a count that grew ("rose to 83", "has climbed", "now")
_UPDATE = re.compile(r"\b(revis\w*|correct\w*|lower\w*|downgrad\w*|updat\w*|now|ros[e]|risen|rising|climb\w*|"
                     r"increas\w*|jump\w*|grew|grown|rais(?:ed|es|ing)|swell\w*|swollen)\b", re.I)


_CLAUSE_END = re.compile(r"[,;:]|\s(?:while|whereas|but)\s", re.I)


def _clause(q: dict, u: dict) -> str:
    """The clause of the claim holding a figure ("while Ty Lawson posted 15 points")."""
    pre, post = _around(q, u, before=400, after=400)
    head = _CLAUSE_END.split(pre)[-1]
    tail = _CLAUSE_END.split(post)[0]
    return head + (q.get("text") or "") + tail


def _who(q: dict, u: dict) -> frozenset[str]:
    """The claim's named participants (entity keys) mentioned in a figure's clause: whose
    count it is ("Richard Carter had 12 points" vs "13 points from Seth VanDeest")."""
    ws = set(words(_clause(q, u)))
    return frozenset(e for e in u.get("entities") or () if e.split()[-1] in ws)


def _cue_text(text: str) -> str:
    return " ".join(w for w in words(text) if not w.isdigit())


def _figure_list(u: dict) -> bool:
    """A line of figures of several counted things (a box score, a casualty breakdown):
    the line, not the counted noun, sets what each figure covers."""
    return len({q["counted"] for q in u["quantities"] if _comparable(q) and not _part(q, u)}) >= FIGURE_LIST


def _actors(u: dict) -> frozenset[str]:
    """A claim's named participants, the source it is attributed to left out ("according
    to the ISNA news agency, the quake injured two": ISNA reports, it is no participant)."""
    att = u.get("attribution") or {}
    # (a cue with no reported content is no report: "Ty Lawson added 16 points")
    src = (att.get("source") or {}) if att.get("has_content", True) else {}
    return _actors_of(tuple(u.get("entities") or ()), " ".join(str(src.get(k) or "") for k in ("entity", "name", "text")))


@functools.lru_cache(maxsize=8192)  # asked again for every pair a claim is in
def _actors_of(entities: tuple[str, ...], source: str) -> frozenset[str]:
    said = set(words(source))
    return frozenset(e for e in entities if not (said and set(words(e)) <= said))


def _different_actors(a: dict, b: dict) -> bool:
    """Both claims name participants and none in common; a name within another is one
    ("Thomas" in one report, "Pierre Thomas" in the other)."""
    ea, eb = _actors(a), _actors(b)
    if not ea or not eb or ea & eb:
        return False
    wa, wb = [set(e.split()) for e in ea], [set(e.split()) for e in eb]
    return not any(x <= y or y <= x for x in wa for y in wb)


def _verb_of(q: dict, u: dict) -> str | None:
    """The claim's verb right before a figure, in its clause ("*missed* four games",
    "*played* in 10 games", "*caught* eight passes"): what the figure counts."""
    verbs = {str(v).lower() for v in (u.get("verbs") or ()) if v}
    if not verbs:
        return None
    pre, _ = _around(q, u, before=40)
    pre = re.split(r"[,;:()\u2013\u2014]|\band\b|\bwhile\b|\bbut\b", pre)[-1]
    for w in reversed(words(pre)[-3:]):
        for v in sorted(verbs):  # sorted: the first match must not depend on set order
            if w == v or (len(v) >= 4 and w.startswith(v[:4])) or (len(w) >= 4 and v.startswith(w[:4])):
                return None if v in LIGHT_VERBS else PARAPHRASE.get(v, v)
    return None


_GENERIC_NOUNS = _GENERIC | {"", "None"}


def _nouns_differ(qa: dict, qb: dict) -> bool:
    """The counted nouns name different sets: "two women" vs "three people" (a part);
    "83 people" vs "83 deaths" count one thing."""
    def norm(q):
        n = str(q.get("noun") or "").lower()
        return PARAPHRASE.get(n, n)
    na, nb = norm(qa), norm(qb)
    counted = PARAPHRASE.get(str(qa.get("counted")), str(qa.get("counted")))
    plain = _GENERIC_NOUNS | {counted}
    return na != nb and not (na in plain and nb in plain)


def _sums_to(u: dict, q: dict) -> bool:
    """A claim's counts add up to the other figure: "shot to death one person and
    injured two others" vs "shooting three people": parts of one total."""
    parts = [_bounds(x)[0] for x in u["quantities"] if _comparable(x) and x.get("kind", "count") == "count"]
    lo, hi = _bounds(q)[:2]
    return len(parts) >= 2 and all(math.isfinite(p) for p in parts) and lo == hi == sum(parts)


def _slot_values(u: dict, slot: tuple) -> list[dict]:
    """The figures of one counted thing in a claim, parts ("four other") aside."""
    return [q for q in u["quantities"] if _comparable(q) and (q["counted"], q.get("unit")) == slot and not _part(q, u)]


def _distinct_ranges(qs: list[dict]) -> int:
    return len({_bounds(q) for q in qs})


def _relation(a: dict, b: dict, qa: dict, qb: dict, slot: tuple, published: dict, who: frozenset | None = None) -> str:
    """The relation of two disjoint figures of one counted thing: a conflict only when
    they fill the same slot (one figure of it on each side, counted under the same
    verb, the same polarity) at the same scope (place, time, subset). ``who``: the
    participants both figures are credited to, when the claims credit figures to several
    ("Green 14, Lawson 15"): then the slot is that participant's count, read in its clause."""
    if _others(qa, qb, a, b):
        return "overlap"  # "four other people died" (plus the one named) vs "five people died"
    if a.get("negated") != b.get("negated"):
        return "distinct"  # "did not kill 5" and "killed 3" fill no common slot
    values = lambda u: [q for q in _slot_values(u, slot) if who is None or _who(q, u) & who]  # noqa: E731
    if _distinct_ranges(values(a)) > 1 or _distinct_ranges(values(b)) > 1:
        return "distinct"  # several figures of one thing in a claim: which matches which is unknown
    if _figure_list(a) or _figure_list(b):
        return "distinct"  # a line of figures (a season's stats) against another line or claim
    # (a bare "three more" has no counted noun of its own: it continues the claim's count)
    split = lambda u: any(_increment(q, u) for q in u["quantities"]  # noqa: E731
                          if q.get("kind") == "count" and (not q.get("counted") or (q["counted"], q.get("unit")) == slot))
    if split(a) or split(b):
        return "scope"  # "six touchdowns on offense and three more on punt returns": a count split in parts
    va, vb = _verb_of(qa, a), _verb_of(qb, b)
    if va and vb and va != vb:
        return "distinct"  # "missed four games" vs "played in 10 games": two counts
    if _unnamed_owner(a) or _unnamed_owner(b):
        return "distinct"  # "He presided three times" vs "He's done it eight times": maybe two people
    if _past_event(a, published.get(a["article_id"])) != _past_event(b, published.get(b["article_id"])):
        return "distinct"  # "In February, a gunman killed five" vs "Gunman kills 1" (this week): two events
    if (modifiers(qa) != modifiers(qb) or _nouns_differ(qa, qb) or _scope_differs(a, b, qa, qb)
            or _role_scope(qa, a) != _role_scope(qb, b)
            or _time_scope_differs(a, b, (_clause(qa, a), _clause(qb, b)) if who else None)
            or _sums_to(a, qb) or _sums_to(b, qa) or _aggregate(qa, a) != _aggregate(qb, b)):
        # "23 pirates" vs "11 Yemeni pirates": a part of the whole; "170,000 in the province"
        # vs "230,000 across Asia": another place; "this season" vs "in his last two games";
        # "scored 23 points" vs "all-time scoring leader with 2,117 points": a total
        return "scope"
    pa, pb = published.get(a["article_id"]), published.get(b["article_id"])
    if pa and pb and pa != pb:  # stated publication times: the reports' order is known
        if _level(qa) or _level(qb):
            return "distinct"  # "the Dow ... 10769.00 points" one day, "11350.58" three days later
        (early, qe), (late, ql) = sorted(((pa, qa), (pb, qb)), key=lambda x: x[0])
        if _UPDATE.search(_clause(ql, b if late == pb else a)):
            return "revision"  # the later report says its count replaces the earlier: a toll that rose, a correction
        if _bounds(ql)[0] > _bounds(qe)[0]:
            # a higher count a day later that does not say it updates one is most often a
            # new event's ("46 arrests" on Wednesday night after "one arrested" on Monday)
            return "distinct"
    return "disjoint"


def _number_findings(members: list[dict], published: dict[str, str | None], sim=None) -> list[dict]:
    """Number relations between members of different articles, per counted thing.

    A pair of figures is a conflict ("disjoint") or a revision only when both fill one
    slot at one scope (``_relation``); figures of one counted thing that fill different
    slots are reported as ``distinct`` counts, which do not change the verdict.
    """
    found = []
    verb_memo: dict[int, str | None] = {}  # a figure's verb (by the figure's id), once per call, not per pair

    def verb_of(q: dict, u: dict) -> str | None:
        k = id(q)
        if k not in verb_memo:
            verb_memo[k] = _verb_of(q, u)
        return verb_memo[k]

    for i, a in enumerate(members):
        for b in members[i + 1:]:
            if a["article_id"] == b["article_id"]:
                continue
            # figures about different named actors ("Green scored 14", "Lawson 16") or people
            # (``people.different_people``: "Shy Ely put up 23" / "Ty Lawson added 16") fill no
            # common slot; figures of loosely aligned claims are often about different
            # things, unless the same event verb governs both ("injured two people" /
            # "injuring five people": one count of one event, however the claims differ)
            if _different_actors(a, b) or different_people(a, b):
                continue
            loose = sim is not None and sim[a["uid"], b["uid"]] < NUMBER_SIM
            verbs = ({verb_of(q, a) for q in a["quantities"]} & {verb_of(q, b) for q in b["quantities"]}) - {None}
            if loose and not verbs:
                continue
            slots = {}
            for side, m in (("a", a), ("b", b)):
                for q in m["quantities"]:
                    if _comparable(q) and (not loose or verb_of(q, m) in verbs):
                        slots.setdefault((q["counted"], q.get("unit")), {"a": [], "b": []})[side].append(q)
            for slot, qs in sorted(slots.items(), key=lambda kv: str(kv[0])):
                if not qs["a"] or not qs["b"]:
                    continue
                # several figures of the thing, each credited to other named participants
                # ("Green 14, Lawson 15"): each participant's figure is its own slot
                credited = []
                if len(qs["a"]) + len(qs["b"]) > 2 and _apart(qs["a"], a) and _apart(qs["b"], b):
                    credited = [(qa, qb, _who(qa, a) & _who(qb, b)) for qa in qs["a"] for qb in qs["b"]]
                    credited = [x for x in credited if x[2]]
                for pairs, who in ([([(qa, qb)], w) for qa, qb, w in credited] if credited
                                   else [([(qa, qb) for qa in qs["a"] for qb in qs["b"]], None)]):
                    f = _number_finding(a, b, pairs, slot, published, who)
                    if f:
                        found.append(f)
    return found


def _apart(qs: list[dict], u: dict) -> bool:
    """No two of a claim's figures are credited to a common participant."""
    whos = [_who(q, u) for q in qs]
    return all(not (x & y) for i, x in enumerate(whos) for y in whos[i + 1:])


def _number_finding(a: dict, b: dict, pairs: list[tuple[dict, dict]], slot: tuple, published: dict,
                    who: frozenset | None) -> dict | None:
    """The finding of a slot's figure pairs: none when a pair agrees, else the first
    compatible pair, else the first pair (disjoint: ``_relation`` says how)."""
    rels = [(compare_ranges(qa, qb), qa, qb) for qa, qb in pairs]
    if any(r == "same" for r, _, _ in rels):
        return None
    compatible = [x for x in rels if x[0] in ("overlap", "touch")]
    rel, qa, qb = compatible[0] if compatible else rels[0]
    f = {"kind": "number", "relation": rel, "counted": slot[0],
         "a": {"article_id": a["article_id"], "text": qa.get("text")},
         "b": {"article_id": b["article_id"], "text": qb.get("text")}}
    if rel == "disjoint":
        f["relation"] = _relation(a, b, qa, qb, slot, published, who)
        if f["relation"] == "revision":
            sides = [{**f["a"], "published": published[a["article_id"]]}, {**f["b"], "published": published[b["article_id"]]}]
            f["earlier"], f["later"] = sorted(sides, key=lambda x: x["published"])
    return f


def _age_person(q: dict, u: dict) -> str | None:
    """The named person an age belongs to: the person named right after it ("61-year-old
    Sharron Diane Crawford Smith") or right before it ("Smith, 61,"); None for another
    age ("a 41-year-old murder case", "a 60-year-old woman")."""
    if q.get("kind") != "age":
        return None
    pre, post = _around(q, u, before=40, after=50)
    after = set(words(post.split(",")[0])[:5])
    persons = sorted(u.get("persons") or ())
    for e in persons:  # every word of the name right after the age: "Hank Mata" is not "Mark Mata"
        if set(e.split()) <= after:
            return e
    if pre.rstrip().endswith(","):  # "Smith, 61,": by a surname no other person of the claim has
        last = words(pre)[-1:]
        named = [e for e in persons if e.split()[-1:] == last]
        return named[0] if len(named) == 1 else None
    return None


def _age_findings(members: list[dict], published: dict[str, str | None]) -> list[dict]:
    """Ages of one named person that differ between articles ("Sixty-year-old Sharron
    Diane Crawford Smith" vs "61-year-old Sharron Diane Crawford Smith"): a conflict,
    unless the reports' stated days differ and the ages by one year only (a birthday)."""
    found = []
    for i, a in enumerate(members):
        for b in members[i + 1:]:
            if a["article_id"] == b["article_id"]:
                continue
            for qa in a["quantities"]:
                pa = _age_person(qa, a)
                for qb in b["quantities"] if pa else ():
                    if _age_person(qb, b) != pa or compare_ranges(qa, qb) != "disjoint":
                        continue
                    da, db = published.get(a["article_id"]), published.get(b["article_id"])
                    if da and db and da[:10] != db[:10] and abs(_bounds(qa)[0] - _bounds(qb)[0]) < 2:
                        continue
                    found.append({"kind": "number", "relation": "disjoint", "counted": "age",
                                  "a": {"article_id": a["article_id"], "text": qa.get("text")},
                                  "b": {"article_id": b["article_id"], "text": qb.get("text")}})
    return found


_STAMP = re.compile(r"\b(published|updated|posted|last modified)\b", re.I)
_EXPLICIT_DATE = re.compile(r"\d|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)


def _day_dates(u: dict) -> set[str]:
    """Explicit day-precise event dates of a claim. Relative ones ("on Friday") hang on
    a publication date that may itself be inferred, and a dateline "(Aug. 28, 2015)"
    dates the report, not the event."""
    out = set()
    if _STAMP.search(u["text"]):  # "PUBLISHED: 12 March 2013 | UPDATED: …" dates the page
        return out
    for t in u["timexes"]:
        v = t.get("value")
        if t.get("type") != "DATE" or not isinstance(v, str) or len(v) != 10 or not v[:4].isdigit():
            continue
        if not _EXPLICIT_DATE.search(t.get("text") or ""):
            continue
        i, j = t.get("start", 0) - u["start"], t.get("end", 0) - u["start"]
        if u["text"][max(0, i - 1):i] == "(" and u["text"][j:j + 1] == ")":
            continue
        out.add(v)
    return out


def _predicate(u: dict) -> str | None:
    p = u.get("predicate")
    if not p:
        return None
    from ..lexicon.text import fold_in_place

    p = fold_in_place(str(p)).strip()
    return PARAPHRASE.get(p, p)


def _date_findings(members: list[dict], sim) -> list[dict]:
    found = []
    for i, a in enumerate(members):
        for b in members[i + 1:]:
            if a["article_id"] == b["article_id"]:
                continue
            # two dates in loosely aligned claims are more often two events than a dispute
            if sim is not None and sim[a["uid"], b["uid"]] < DATE_CONFLICT_SIM:
                continue
            pa, pb = _predicate(a), _predicate(b)
            if pa and pb and pa != pb:  # "filed on the 11th" vs "had a hearing Wednesday"
                continue
            da, db = _day_dates(a), _day_dates(b)
            # only single-date claims: a claim with several dates has several events
            if _different_actors(a, b):
                continue
            if len(da) == 1 and len(db) == 1 and {d[4:] for d in da} != {d[4:] for d in db}:
                # (same day of the year in another year is a resolution slip, not a dispute)
                found.append({"kind": "date", "relation": "disjoint",
                              "a": {"article_id": a["article_id"], "value": next(iter(da))},
                              "b": {"article_id": b["article_id"], "value": next(iter(db))}})
    return found


def _negation_findings(members: list[dict], sim) -> list[dict]:
    found = []
    for i, a in enumerate(members):
        for b in members[i + 1:]:
            if a["article_id"] == b["article_id"] or a["negated"] == b["negated"]:
                continue
            pa, pb = _predicate(a), _predicate(b)
            if pa and pb and pa != pb:
                continue  # the same slot is the same predicate: "did not participate" vs "sat out"
            # polarity only conflicts when the wording is otherwise close
            la, lb = set(a.get("lemmas") or ()), set(b.get("lemmas") or ())
            close = len(la & lb) / len(la | lb) if la | lb else 0.0
            na, nb = len(_NEG.findall(a["text"])), len(_NEG.findall(b["text"]))
            ratio = min(len(a["text"]), len(b["text"])) / max(len(a["text"]), len(b["text"]), 1)
            # one says it, the other says it is not so, in otherwise the same words
            if ((na == 0) != (nb == 0) and ratio >= 0.7 and min(len(la), len(lb)) >= 4 and sim is not None
                    and sim[a["uid"], b["uid"]] >= NEGATION_SIM and close >= NEGATION_OVERLAP):
                neg, pos = (a, b) if a["negated"] else (b, a)
                found.append({"kind": "negation", "relation": "disjoint",
                              "a": {"article_id": neg["article_id"], "text": neg["text"]},
                              "b": {"article_id": pos["article_id"], "text": pos["text"]}})
    return found


# NEGATION_SIM, NEGATION_OVERLAP (share of content lemmas in common), NUMBER_SIM (members
# whose figures are compared), DATE_CONFLICT_SIM: tuned, in options
_NEG = re.compile(r"\b(not|no|never|none|neither|nor|nobody|nothing)\b|n[’']t\b", re.I)


def one_primary(units: list[dict], raw_groups: list[list[int]], memberships: list[list[int]]) -> set[tuple[int, int]]:
    """(group index, unit id) of the secondary members once each sentence is the primary
    member of one group only.

    A sentence whose clauses are primary members of several groups (it states several
    facts) stays primary in the group backed by the most articles (ties: the first
    group); in the others its clauses become secondary. Secondary members are shown
    but not counted: a sentence counts once towards corroboration.
    """
    raw = [set(g) for g in raw_groups]  # once per group, not once per member
    secondary = {(gi, uid) for gi, g in enumerate(memberships) for uid in g if uid not in raw[gi]}
    width = [len({units[i]["article_id"] for i in g}) for g in raw_groups]
    primary: dict[tuple[str, int], int] = {}
    for gi in sorted(range(len(raw_groups)), key=lambda g: (-width[g], g)):
        for uid in raw_groups[gi]:
            primary.setdefault((units[uid]["article_id"], units[uid]["sentence"]), gi)
    for gi, g in enumerate(raw_groups):
        for uid in g:
            if primary[(units[uid]["article_id"], units[uid]["sentence"])] != gi:
                secondary.add((gi, uid))
    return secondary


def counted_origins(origins: list[dict], members: list[dict]) -> list[dict]:
    """The origins a group counts: those of its primary members (a sentence counts once,
    in its primary group). A group made of secondary members only (every sentence
    counts in another group) keeps all its origins rather than none."""
    primary = {m["origin"] for m in members if not m["secondary"]}
    return [o for o in origins if o["id"] in primary] if primary else origins


def hedge_drift(members: list[dict]) -> dict | None:
    """Hedged in some articles and stated flatly in others."""
    per_article: dict[str, list[str]] = {}
    for m in members:
        per_article.setdefault(m["article_id"], [])
        per_article[m["article_id"]] += [h.get("text") for h in m["hedges"] if h.get("kind") != "negation"]
    hedged = {a: sorted(set(h)) for a, h in per_article.items() if h}
    flat = sorted(a for a, h in per_article.items() if not h)
    if hedged and flat:
        return {"hedged": [{"article_id": a, "hedges": h} for a, h in sorted(hedged.items())], "flat": flat}
    return None


def decide(members: list[dict], origins: list[dict], annotations_by_id: dict, sim=None) -> tuple[str, list[dict]]:
    """(verdict, findings) for one group."""
    # the members' articles only (the findings look up no other): per group, not per story
    published = {aid: _stated(annotations_by_id.get(aid)) for aid in {m["article_id"] for m in members}
                 if aid in annotations_by_id}
    findings = (_number_findings(members, published, sim) + _age_findings(members, published)
                + _date_findings(members, sim) + _negation_findings(members, sim))
    if _checks.durations_on():  # Options.durations: terms of one thing compared (compare/durations.py)
        findings += duration_findings(members, published)
    rels = {f["relation"] for f in findings}
    if "disjoint" in rels:
        return "conflicting", findings
    if "revision" in rels:
        return "revision", findings
    if rels & {"overlap", "touch", "scope", "distinct"}:
        return "variant", findings
    if len(origins) >= 2 and len({m["article_id"] for m in members}) >= 2:
        return "corroborated", findings
    return "single-source", findings


def representative(members: list[dict], sim) -> dict:
    """The member most similar to the others (ties: earliest)."""
    if len(members) <= 2 or sim is None:
        return min(members, key=lambda m: (m["article_index"], m["start"]))
    best = max(members, key=lambda m: (sum(sim[m["uid"], o["uid"]] for o in members), -m["uid"]))
    return best


def label_of(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"



