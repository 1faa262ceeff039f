"""Durations of one event compared as figures (``Options.durations``: off by default).

A duration ("2 1/2 years", "nine months", "a five-year sentence") counts no noun, so the
figure rules (``verdicts._number_findings``) never compare one: "sentenced to 2 years" against
"sentenced to 2 1/2 years" was corroborated with no finding. Here two durations are one slot
only when they measure the same thing, read from the claim around the figure:

- the noun a compound figure modifies ("a 2-1/2 year *sentence*", "an 11-year *veteran*");
- else the claim's verb just before it in its clause ("*sentenced* to 2 years", "*served*
  9 months", "*missing* for three days"), or the verb of "to VERB" right after it ("9 months
  *to serve*");
- else the activity of "N hours *of deliberation*".

Values are normalised to one unit per family (years and months in months; weeks, days and
hours in hours); other families (decades, minutes) and a figure with no head are left out.
Left out too, because they are not the term itself: a possible maximum ("faces up to 15
years", "could get 20 years"), a time window or an anchor ("for the past five years",
"five days before the loss", "three years ago"), an age ("a 30-year-old"), a figure with a character lost in the source ("4\ufffd months").
A disjoint pair at one slot is a ``number`` finding, related as the figure rules relate
counts (``verdicts``: another place, another event, publication order).
"""

from __future__ import annotations

import re

from .lemmas import LIGHT_VERBS, PARAPHRASE, stem, words

# unit -> (family unit, factor): months and years compare; hours, days and weeks compare
FAMILY = {"year": ("month", 12), "month": ("month", 1), "week": ("hour", 168), "day": ("hour", 24),
          "hour": ("hour", 1)}

# the state a duration measures, when no verb of the claim says it (an adjective or participle
# the tagger does not call a verb)
_STATES = {"missing", "hospitalized", "hospitalised", "jailed", "imprisoned", "detained", "held", "captive",
           "closed", "shut", "suspended", "banned", "delayed", "married"}
# verbs that measure nothing of their own: "have the chance one day", "be five years"
_NO_HEAD = {"have", "be", "do", "say", "tell", "come", "go", "bring"}
# words between a head and its figure: "sentenced *to* 2 years", "missing *for* three days"
_BETWEEN = {"to", "for", "of", "in", "a", "an", "the", "about", "around", "nearly", "almost", "more", "than",
            "over", "at", "least", "only", "just", "some", "roughly", "approximately", "another", "total",
            "combined", "additional", "federal", "state", "prison", "jail", "and", "with", "his", "her", "their"}
# a possible term, not the term: "faces up to 15 years", "could get 20 years", "a maximum of"
_POSSIBLE = re.compile(r"\b(fac(?:e|es|ed|ing)|could|would|might|may|can|maximum|max|minimum|possible|potential|"
                       r"up to|as much as|as long as|if convicted|seek\w*|sought|ask\w*|recommend\w*|propos\w*)\b", re.I)
# a window or an anchor, not a measured term: "the past five years", "five days before", "three years ago"
_WINDOW_BEFORE = re.compile(r"\b(past|last|next|first|previous|recent|coming|following|after|before|within|since|"
                            r"until|by|every|each|per)\s+(?:(?:about|nearly|almost|more than|over|some)\s+)?$", re.I)
_ANCHOR_AFTER = re.compile(r"^\s*(?:-\s*|\s)?(ago|earlier|later|before|after|since|prior|old|from now|into|"
                           r"in a row|straight|running)\b", re.I)
_CLAUSE_CUT = re.compile(r"[,;:()\u2013\u2014]|\bwhile\b|\bbut\b|\bwhich\b|\bwho\b")
_COMPOUND = re.compile(r"(?:-|\s)(year|month|week|day|hour)s?$", re.I)
_NEXT_WORD = re.compile(r"^[\s-]*([A-Za-z]+)")
_TO_VERB = re.compile(r"^\s+(?:left\s+)?to\s+([A-Za-z]+)", re.I)
_OF_NOUN = re.compile(r"^\s+of\s+([A-Za-z]+)", re.I)


def _text_around(q: dict, u: dict, before: int = 60, after: int = 30) -> tuple[str, str]:
    text, off = u.get("text") or "", u.get("start", 0)
    i, j = q.get("start", -1) - off, q.get("end", -1) - off
    if not (0 <= i <= j <= len(text)):
        return "", ""
    return text[max(0, i - before):i], text[j:j + after]


def _norm(w: str) -> str:
    """A head word in its singular, paraphrase-normal form ("sentences" -> "sentence")."""
    w = w.lower()
    if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    return PARAPHRASE.get(w, w)


def key(w: str) -> str:
    """One key for a noun and its verb: "sentence" / "sentenced", "deliberation" / "deliberate"."""
    return stem(re.sub(r"(?:ation|ion)$", "", w) if len(w) > 7 else w)


def _verb(w: str, verbs: set[str]) -> str | None:
    """The claim's verb lemma a word is a form of ("sentenced" -> "sentence"), else None."""
    for v in sorted(verbs):  # sorted: the first match must not depend on set order
        if w == v or (len(v) >= 4 and w.startswith(v[:4])) or (len(w) >= 4 and v.startswith(w[:4])):
            return v
    return None


def head(q: dict, u: dict) -> str | None:
    """What a duration measures in its claim (a noun or verb lemma), None when it is no term
    this module compares (see the module's docstring)."""
    if q.get("kind") != "duration" or q.get("unit") not in FAMILY:
        return None  # (a counted noun read after it, "9 months of a sentence", is no matter here)
    pre, post = _text_around(q, u)
    if "\ufffd" in (q.get("text") or "") + post[:1]:
        return None  # "served 4\ufffd months": a character lost in the source, the figure unreadable
    clause = _CLAUSE_CUT.split(pre)[-1]
    if q.get("qualifier") == "up to" or _POSSIBLE.search(clause) or _POSSIBLE.search(q.get("text") or ""):
        return None
    if _WINDOW_BEFORE.search(pre) or _ANCHOR_AFTER.match(post):
        return None
    verbs = {str(v).lower() for v in (u.get("verbs") or ()) if v}
    if _COMPOUND.search(q.get("text") or "") and not re.search(r"s$", q.get("text") or ""):
        m = _NEXT_WORD.match(post)  # "a five-year sentence": the noun the figure modifies
        if m and m.group(1).lower() not in _BETWEEN and m.group(1).lower() not in ("and", "or"):
            return _norm(m.group(1))
    for w in reversed(words(clause)[-5:]):
        if w in _BETWEEN or w.isdigit():
            continue
        v = _verb(w, verbs)
        if v is not None:
            return None if v in LIGHT_VERBS or v in _NO_HEAD else _norm(v)
        if w in _STATES:
            return _norm(w)
        break  # another word ("after four days *and*", "a firefighter for"): what follows may say
    m = _TO_VERB.match(post)  # "9 months to serve"
    if m and _verb(m.group(1).lower(), verbs) not in (None, *LIGHT_VERBS):
        return _norm(_verb(m.group(1).lower(), verbs))
    m = _OF_NOUN.match(post)  # "30 hours of deliberation"
    if m and m.group(1).lower() not in _BETWEEN:
        return _norm(m.group(1))
    return None


def normalised(q: dict) -> dict:
    """The figure's range in its family's unit, as a quantity dict ``verdicts`` compares."""
    _, k = FAMILY[q["unit"]]
    scale = lambda x: None if x is None else x * k  # noqa: E731
    return {**q, "value": scale(q.get("value")), "low": scale(q.get("low")), "high": scale(q.get("high"))}


def slots(u: dict) -> dict[tuple[str, str], list[dict]]:
    """A claim's compared durations by (head key, family), each with its ``head`` word."""
    out: dict[tuple[str, str], list[dict]] = {}
    for q in u.get("quantities") or ():
        h = head(q, u)
        if h is not None:
            out.setdefault((key(h), FAMILY[q["unit"]][0]), []).append({**q, "head": h})
    return out


def duration_findings(members: list[dict], published: dict[str, str | None]) -> list[dict]:
    """Number findings between durations of one slot in members of different articles."""
    from . import verdicts as V
    from .people import different_people

    found = []
    per = [slots(m) for m in members]
    for i, a in enumerate(members):
        for j in range(i + 1, len(members)):
            b = members[j]
            if a["article_id"] == b["article_id"] or V._different_actors(a, b) or different_people(a, b):
                continue
            for slot in sorted(set(per[i]) & set(per[j])):
                qa_all = [normalised(q) for q in per[i][slot]]
                qb_all = [normalised(q) for q in per[j][slot]]
                rels = [(V.compare_ranges(x, y), x, y) for x in qa_all for y in qb_all]
                if any(r == "same" for r, _, _ in rels):
                    continue
                compatible = [x for x in rels if x[0] in ("overlap", "touch")]
                rel, qa, qb = compatible[0] if compatible else rels[0]
                f = {"kind": "number", "relation": rel, "counted": f"{qa['head']} (duration)",
                     "a": {"article_id": a["article_id"], "text": qa.get("text")},
                     "b": {"article_id": b["article_id"], "text": qb.get("text")}}
                if rel == "disjoint":
                    f["relation"] = _relation(a, b, qa, qb, qa_all, qb_all, published)
                    if f["relation"] == "revision":
                        sides = [{**f["a"], "published": published[a["article_id"]]},
                                 {**f["b"], "published": published[b["article_id"]]}]
                        f["earlier"], f["later"] = sorted(sides, key=lambda x: x["published"])
                found.append(f)
    return found


def _relation(a: dict, b: dict, qa: dict, qb: dict, qa_all: list[dict], qb_all: list[dict], published: dict) -> str:
    """Two disjoint durations of one slot: a conflict at one scope, as the figure rules say
    (``verdicts._relation``), else scope / distinct / revision."""
    from . import verdicts as V

    if a.get("negated") != b.get("negated"):
        return "distinct"
    if V._distinct_ranges(qa_all) > 1 or V._distinct_ranges(qb_all) > 1:
        return "distinct"  # two terms of one thing in a claim ("two years on each count"): which is which is unknown
    if V._past_event(a, published.get(a["article_id"])) != V._past_event(b, published.get(b["article_id"])):
        return "distinct"
    if _own_actors(a, b) and _own_actors(b, a):
        return "distinct"  # "the Orioles offered a seven-year deal" vs "the Red Sox ... an eight-year deal": whose term differs
    if V._unnamed_owner(a) != V._unnamed_owner(b):
        return "distinct"  # "Gigante was sentenced to seven years" vs "He was sentenced to 12 years": maybe another term
    if V._scope_differs(a, b, qa, qb) or V._increment(qa, a) or V._increment(qb, b):
        return "scope"  # "another two years", "in the state prison" vs elsewhere
    pa, pb = published.get(a["article_id"]), published.get(b["article_id"])
    if pa and pb and pa != pb:
        (early, qe), (late, ql) = sorted(((pa, qa), (pb, qb)), key=lambda x: x[0])
        if V._UPDATE.search(V._clause(ql, b if late == pb else a)):
            return "revision"
        if _elapsed(early, late, qe, ql):
            return "distinct"  # longer by no more than the time between the reports: "missing for five days"
    return "disjoint"


def _own_actors(a: dict, b: dict) -> set[str]:
    """The participants claim ``a`` names that ``b`` does not (a name within another is one)."""
    from . import verdicts as V

    wb = [set(e.split()) for e in V._actors(b)]
    return {e for e in V._actors(a) if not any(set(e.split()) <= y or y <= set(e.split()) for y in wb)}


HOURS = {"month": 730.5, "hour": 1.0}  # a family's unit in hours


def _elapsed(early: str, late: str, qe: dict, ql: dict) -> bool:
    """The later report's duration is longer than the earlier's by no more than the time
    between the two reports (a day's slack): time went by, the figures need not differ."""
    import datetime as dt

    from .verdicts import _bounds

    try:
        gap = (dt.date.fromisoformat(late[:10]) - dt.date.fromisoformat(early[:10])).days * 24 + 24
    except ValueError:
        return False
    grew = (_bounds(ql)[0] - _bounds(qe)[0]) * HOURS[FAMILY[ql["unit"]][0]]  # (figures already in the family unit)
    return 0 < grew <= gap

