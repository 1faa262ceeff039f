"""Same predicate, other participants: "he and more than 100 government officials receive full
amnesty" vs "he and his family members had full legal amnesty".

Two reports in one claim group may agree on what happened (the predicate, here the amnesty)
and differ on who it happened to. For each pair of members from different articles, the
content words both share (lemmas) are the candidate predicates; each one's participants
are read from the dependency parse (a verb's subjects and objects, a noun's governing
verb's subject, conjuncts included). A participant of one report with no counterpart
(same head lemma) in the same slot of the other is a difference worth naming.
"""

from __future__ import annotations

import functools

_SLOTS = ("nsubj", "nsubjpass", "dobj")
# Predicates too general to carry a participant difference ("say", "be", "have").
_LIGHT = {"say", "be", "have", "do", "make", "get", "go", "take", "give", "tell", "report", "add", "include",
          "expression", "willingness", "country", "people", "time", "year", "day", "week", "way", "thing"}


@functools.lru_cache(maxsize=2048)
def _parse(text: str):
    from ..nlp import load

    return load()(text)


def _noun_phrase(tok):
    """The participant's words without determiners and possessives ("his family members" -> "family members")."""
    left = [t for t in tok.lefts if t.dep_ in ("compound", "amod", "nummod", "quantmod", "nmod")]
    start = min([tok.i] + [t.left_edge.i for t in left])
    span = tok.doc[start: tok.i + 1]
    while len(span) > 1 and (span[0].dep_ in ("det", "poss") or span[0].is_punct):
        span = span[1:]
    return span


def _with_conjuncts(tok):
    out = [tok]
    for c in tok.conjuncts:
        out.append(c)
    return out


def _participants(pred) -> dict[str, list]:
    """slot -> participant head tokens (pronouns left out: they name no one new)."""
    verb = pred
    while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb:
        if verb.dep_ not in ("dobj", "pobj", "attr", "compound", "amod", "prep", "nsubj", "nsubjpass"):
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return {}
    out: dict[str, list] = {}
    for c in verb.children:
        if c.dep_ in _SLOTS and c.i != pred.i:
            slot = "subject" if c.dep_.startswith("nsubj") else "object"
            heads = [t for t in _with_conjuncts(c) if t.pos_ in ("NOUN", "PROPN")]
            if heads:
                out.setdefault(slot, []).extend(heads)
    return out


def _key(tok) -> str:
    return tok.lemma_.lower()


def _pair(a: dict, b: dict) -> list[dict]:
    da, db = _parse(a["text"]), _parse(b["text"])
    la = {}
    for t in da:
        if t.pos_ in ("NOUN", "VERB") and not t.is_stop and t.lemma_.lower() not in _LIGHT:
            la.setdefault(t.lemma_.lower(), []).append(t)
    out = []
    for t in db:
        lem = t.lemma_.lower()
        if lem not in la or len(la[lem]) != 1 or t.pos_ not in ("NOUN", "VERB") or t.is_stop or lem in _LIGHT:
            continue
        pa, pb = _participants(la[lem][0]), _participants(t)
        for slot in ("subject", "object"):
            xa, xb = pa.get(slot, []), pb.get(slot, [])
            if not xa or not xb:
                continue
            only_a = [x for x in xa if _key(x) not in {_key(y) for y in xb}]
            only_b = [y for y in xb if _key(y) not in {_key(x) for x in xa}]
            if only_a and only_b:
                sa, sb = _noun_phrase(only_a[0]), _noun_phrase(only_b[0])
                out.append({"kind": "participants", "relation": "differ", "predicate": lem, "slot": slot,
                            "a": _side(a, sa), "b": _side(b, sb)})
    return out


def _side(member: dict, span) -> dict:
    s, e = member["start"] + span.start_char, member["start"] + span.end_char
    return {"article_id": member["article_id"], "text": span.text, "start": s, "end": e}


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
