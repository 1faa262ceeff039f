"""A claim's main event, for the main-event check of the same-fact decision (issue 15).

Two sentences of one story share its participants, place and time words while stating
different things ("was charged with murder" / "was arrested at his home"; "the weapons
conviction stemmed from a 1999 incident where he stabbed his wife" / "In 1999, Comeaux
stabbed his wife"). The predicate check lets such a pair through when one claim has no
event predicate it can compare (a light, reporting or rare root verb) or when one claim's
predicate is a verb of the other only inside a relative clause or participle. The main
event reads what the claim itself states:

- its root predicate, when that is neither a light nor a reporting verb: when it names an
  annotated event at least ``bar`` of the time (the pair model's ECB+ eventness lexicon),
  else none (a rare event verb, "look", "handcuff", says too little, as in the predicate
  check);
- for a light or reporting root, the events of its main clause: its verbs that are not light or reporting verbs
  and pass the same bar, and its nouns that do ("the arrest", "the broadcast"), never
  those of its background (a relative clause, participle or appositive on a participant,
  ``claims[].background_verbs`` / ``background_nouns``): "said in a statement that X was
  arrested" has "arrest";
- none (nothing to compare) when the claim names no such event.

The clause check (``background``) reads what a claim only tells of a participant: the events
of its background ("A man who police say shot and killed his son ... had a history of
violence" tells the shooting, states the history).

Words are compared by inflection key with the paraphrase sets (``lemmas.paraphrase_key``,
``lemmas.stem``): "killing" is "kill", "stabbing" is "stab".
"""

from __future__ import annotations

from .lemmas import LIGHT_VERBS, paraphrase_key as _norm, stem
from .units import without_background

# Verbs that report or frame another clause's event, or only carry one ("continue to"): their claim's event is the clause they carry. By definition, not tuned.
REPORTING = frozenset({"say", "tell", "report", "state", "claim", "note", "add", "describe", "announce", "confirm",
                       "accord", "insist", "believe", "think", "become", "seem", "remain", "appear", "continue",
                       "begin", "start"})
_CARRIERS = frozenset(w for w in LIGHT_VERBS if w) | REPORTING


def _foreground(u: dict, key: str) -> list[str]:
    """A claim's ``verbs`` or ``nouns`` less those of its background, one occurrence each."""
    return [w for w in without_background(u, key) if w]


def _root(u: dict) -> str:
    p = _norm(str(u.get("predicate") or "")).split()
    return p[0] if p else ""


def main_event(u: dict, eventness: dict[str, float], bar: float) -> set[str]:
    """The inflection keys of a claim's main event (module docstring); empty: none to compare."""
    r = _root(u)
    if r and r not in _CARRIERS:  # a rare event verb ("look", "handcuff") tells too little: none
        return {stem(r)} if eventness.get(r, 1.0) >= bar else set()
    out = {stem(v) for v in map(_norm, _foreground(u, "verbs")) if v not in _CARRIERS and eventness.get(v, 1.0) >= bar}
    out |= {stem(n) for n in map(_norm, _foreground(u, "nouns")) if eventness.get(n, 0.0) >= bar}
    return out


def root_verb(u: dict) -> set[str]:
    """The inflection key of a claim's root predicate when it is neither a light nor a reporting
    verb, however rare as an event ("handcuffed the officers together" has "handcuff"): what the
    evidence check compares when the claim has no main event."""
    r = _root(u)
    return {stem(r)} if r and r not in _CARRIERS else set()


def stated(u: dict, eventness: dict[str, float], bar: float) -> set[str]:
    """The inflection keys of every event a claim's main clause states: its foreground verbs
    (any) and its foreground nouns that name an event at least ``bar`` of the time ("escaped
    after pulling a gun on two guards" states "pull")."""
    return ({stem(v) for v in map(_norm, _foreground(u, "verbs")) if v} |
            {stem(n) for n in map(_norm, _foreground(u, "nouns")) if eventness.get(n, 0.0) >= bar})


def background(u: dict, eventness: dict[str, float], bar: float) -> set[str]:
    """The inflection keys of the events a claim's background tells (``background_verbs``, and
    ``background_nouns`` naming an event at least ``bar`` of the time), less those its main
    clause states too; none when the background holds a reporting verb ("witnesses who said
    that X" reports X: the clause carries the fact)."""
    verbs = [_norm(v) for v in u.get("background_verbs") or () if v]
    if any(v in REPORTING for v in verbs):
        return set()
    out = {stem(v) for v in verbs if v not in _CARRIERS}
    out |= {stem(n) for n in map(_norm, u.get("background_nouns") or ()) if n and eventness.get(n, 0.0) >= bar}
    return out - stated(u, eventness, bar)


def named_events(u: dict, eventness: dict[str, float], bar: float) -> set[str]:
    """The inflection keys of every event a claim names, main clause and background alike: its
    verbs that are not light or reporting verbs and name an event at least ``bar`` of the time
    (as ``main_event`` reads them), and its nouns that do ("A FIRE has badly damaged" names "fire"
    and "damage"; so does "the supermarket that has been damaged by fire")."""
    out = {stem(v) for v in map(_norm, u.get("verbs") or ()) if v and v not in _CARRIERS
           and eventness.get(v, 1.0) >= bar}
    out |= {stem(n) for n in map(_norm, u.get("nouns") or ()) if n and eventness.get(n, 0.0) >= bar}
    return out
