"""Verdict of a claim group: corroborated, conflicting, revision, variant, single-source.

Order of precedence: a real disagreement (conflicting) or a later higher toll
(revision) is what a reader must see first; then a compatible difference of detail
(variant); then how many independent origins back the fact.
"""

from __future__ import annotations

import math
import re

from ..options import DATE_CONFLICT_SIM, NEGATION_OVERLAP, NEGATION_SIM, NUMBER_SIM


def _bounds(q: dict) -> tuple[float, float, bool, bool]:
    lo, hi = q.get("low"), q.get("high")
    if lo is None and hi is None and q.get("value") is not None:
        lo = hi = q["value"]
    li = q.get("low_inclusive", True) if lo is not None else True
    hi_inc = q.get("high_inclusive", True) if hi is not None else True
    if lo is not None and hi is not None and lo == hi:
        li = hi_inc = True
    return (-math.inf if lo is None else float(lo)), (math.inf if hi is None else float(hi)), bool(li), bool(hi_inc)


def compare_ranges(a: dict, b: dict) -> str:
    """"same", "overlap" (compatible, different detail), "touch" (meet at a boundary:
    "100" vs "more than 100"), or "disjoint"."""
    la, ha, lia, hia = _bounds(a)
    lb, hb, lib, hib = _bounds(b)
    if (la, ha, lia, hia) == (lb, hb, lib, hib):
        return "same"
    if ha < lb or hb < la:
        return "disjoint"
    if ha == lb and not (hia and lib):
        return "touch"
    if hb == la and not (hib and lia):
        return "touch"
    return "overlap"


def _published(ann: dict | None) -> str | None:
    if not ann:
        return None
    if ann.get("published"):
        return str(ann["published"])[:10]
    inf = ann.get("published_inferred") or {}
    return inf.get("value")


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
    from .units import words

    from .units import _STOP, PARAPHRASE

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


def _others(qa: dict, qb: dict) -> bool:
    """One figure counts the *other* ones ("four other people"), the other a total at
    least one larger: compatible, the "other" figure leaves someone out."""
    for x, y in ((qa, qb), (qb, qa)):
        if "other" in modifiers(x) and "other" not in modifiers(y):
            lx, ly = _bounds(x)[0], _bounds(y)[0]
            if math.isfinite(lx) and math.isfinite(ly) and ly > lx:
                return True
    return False


def _scope_differs(a: dict, b: dict) -> bool:
    """The two claims place their figures in different places (none in common)."""
    pa, pb = set(a.get("places") or ()), set(b.get("places") or ())
    return bool(pa and pb and not pa & pb)


def _figure_list(u: dict) -> bool:
    return sum(1 for q in u["quantities"] if _comparable(q)) >= FIGURE_LIST


def _different_actors(a: dict, b: dict) -> bool:
    ea, eb = set(a.get("entities") or ()), set(b.get("entities") or ())
    return bool(ea and eb and not ea & eb)


def _number_findings(members: list[dict], published: dict[str, str | None], sim=None) -> list[dict]:
    """Number relations between members of different articles, per counted thing.

    A member may carry several figures for one counted thing (two victims' counts);
    a pair conflicts only when none of one member's figures fits any of the other's.
    """
    found = []
    for i, a in enumerate(members):
        for b in members[i + 1:]:
            if a["article_id"] == b["article_id"]:
                continue
            # figures of loosely aligned claims are often about different things,
            # and figures about different named actors ("Green scored 14", "Lawson 16") too
            if (sim is not None and sim[a["uid"], b["uid"]] < NUMBER_SIM) or _different_actors(a, b):
                continue
            if _figure_list(a) and _figure_list(b):
                continue  # two lists of figures (a box score, a casualty breakdown) do not pair up reliably
            slots = {}
            for side, m in (("a", a), ("b", b)):
                for q in m["quantities"]:
                    if _comparable(q):
                        slots.setdefault((q["counted"], q.get("unit")), {"a": [], "b": []})[side].append(q)
            for (counted, _unit), qs in sorted(slots.items(), key=lambda kv: str(kv[0])):
                if not qs["a"] or not qs["b"]:
                    continue
                rels = [(compare_ranges(qa, qb), qa, qb) for qa in qs["a"] for qb in qs["b"]]
                if any(r == "same" for r, _, _ in rels):
                    continue
                compatible = [x for x in rels if x[0] in ("overlap", "touch")]
                rel, qa, qb = compatible[0] if compatible else rels[0]
                f = {"kind": "number", "relation": rel, "counted": counted,
                     "a": {"article_id": a["article_id"], "text": qa.get("text")},
                     "b": {"article_id": b["article_id"], "text": qb.get("text")}}
                if rel == "disjoint" and _others(qa, qb):
                    # "four other people died" (plus the one named) vs "five people died"
                    f["relation"] = "overlap"
                elif rel == "disjoint" and (modifiers(qa) != modifiers(qb) or _scope_differs(a, b)):
                    # "23 pirates" vs "11 Yemeni pirates": a part of the whole, not a dispute;
                    # "170,000 in the province" vs "230,000 across Asia": another place
                    f["relation"] = "scope"
                elif rel == "disjoint":
                    pa, pb = published.get(a["article_id"]), published.get(b["article_id"])
                    lo_a, lo_b = _bounds(qa)[0], _bounds(qb)[0]
                    if pa and pb and pa != pb and ((pa < pb) == (lo_a < lo_b)):
                        f["relation"] = "revision"
                        f["earlier"], f["later"] = (f["a"], f["b"]) if pa < pb else (f["b"], f["a"])
                found.append(f)
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
    from .units import PARAPHRASE

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
    secondary = {(gi, uid) for gi, g in enumerate(memberships) for uid in g if uid not in set(raw_groups[gi])}
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
    published = {aid: _published(annotations_by_id.get(aid)) for aid in {m["article_id"] for m in members}
                 if aid in annotations_by_id}
    findings = _number_findings(members, published, sim) + _date_findings(members, sim) + _negation_findings(members, sim)
    rels = {f["relation"] for f in findings}
    if "disjoint" in rels:
        return "conflicting", findings
    if "revision" in rels:
        return "revision", findings
    if rels & {"overlap", "touch", "scope"}:
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



