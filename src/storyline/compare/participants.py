"""Same predicate, other participants: "he and more than 100 government officials receive full
amnesty" vs "he and his family members had full legal amnesty".

Two reports in one claim group may agree on what happened (the predicate, here the amnesty)
and differ on who it happened to. For each pair of members from different articles, the
content words both share (lemmas) are the candidate predicates; each one's participants
come from annotate's dependency parse (``claims[].frames``: a verb's subjects and
objects, a noun's governing verb's, conjuncts included). A participant of one report
with no counterpart (same head lemma) in the same slot of the other is a difference
worth naming.
"""

from __future__ import annotations

# Predicates too general to carry a participant difference ("say", "be", "have").
_LIGHT = {"say", "be", "have", "do", "make", "get", "go", "take", "give", "tell", "report", "add", "include",
          "expression", "willingness", "country", "people", "time", "year", "day", "week", "way", "thing"}
_SLOT_INDEX = (("subject", 1), ("object", 2))


def _pair(a: dict, b: dict) -> list[dict]:
    la: dict[str, list] = {}
    for f in a.get("frames") or ():
        if f[0] not in _LIGHT:
            la.setdefault(f[0], []).append(f)
    out = []
    for fb in b.get("frames") or ():
        lem = fb[0]
        if lem not in la or len(la[lem]) != 1 or lem in _LIGHT:
            continue
        fa = la[lem][0]
        for slot, k in _SLOT_INDEX:
            xa, xb = fa[k], fb[k]
            if not xa or not xb:
                continue
            ka, kb = {x[0] for x in xa}, {y[0] for y in xb}
            only_a = [x for x in xa if x[0] not in kb]
            only_b = [y for y in xb if y[0] not in ka]
            if only_a and only_b:
                out.append({"kind": "participants", "relation": "differ", "predicate": lem, "slot": slot,
                            "a": _side(a, only_a[0]), "b": _side(b, only_b[0])})
    return out


def _side(member: dict, participant: list) -> dict:
    _, s, e = participant
    text = member["text"][s - member["start"]:e - member["start"]]
    return {"article_id": member["article_id"], "text": text, "start": s, "end": e}


def participant_findings(members: list[dict]) -> list[dict]:
    """Participant differences between the first member of each article and the others' (one per predicate)."""
    firsts: dict[str, dict] = {}
    for m in sorted(members, key=lambda m: (m["article_index"], m["start"])):
        firsts.setdefault(m["article_id"], m)
    ms = list(firsts.values())
    out, seen = [], set()
    for i in range(len(ms)):
        for j in range(i + 1, len(ms)):
            for f in _pair(ms[i], ms[j]):
                k = (f["predicate"], f["slot"])
                if k not in seen:
                    seen.add(k)
                    out.append(f)
    return out
