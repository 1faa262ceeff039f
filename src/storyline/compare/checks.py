"""The predicate check's optional parts in force for one comparison.

compare_story turns each check on or off for one comparison (``CompareSettings``: the main
event, evidence, clause and its tie, holder, speaker checks and the wider modality
reading) by these context variables, each back to what it was after the comparison.
``Predicates`` reads what is in force when it is made. The factors are read from this
module at call time, so a benchmark that sets ``checks.CLAUSE_FACTOR`` measures what
`storyline` runs; the constants ``Predicates`` reads itself (``CLAUSE_OWN``, the ties,
``EVIDENCE_RARE``) are set on predicates.py.
"""

from __future__ import annotations

import contextlib
import contextvars

from ..options import CLAUSE_FACTOR, CLAUSE_TIE, EVIDENCE_FACTOR, EVIDENCE_NEITHER, HOLDERS_FACTOR, MAIN_EVENT_FACTOR, \
    SPEAKER_FACTOR


# The main-event check's factor for one comparison (compare_story's main_event, Options.main_event):
# None reads MAIN_EVENT_FACTOR, the module default (on; 1.0 is off: compare_story(main_event=False))
_MAIN_EVENT = contextvars.ContextVar("main_event_factor", default=None)


def main_event_factor() -> float:
    """The damping of the main-event check in force (1.0: off)."""
    v = _MAIN_EVENT.get()
    return MAIN_EVENT_FACTOR if v is None else v


@contextlib.contextmanager
def in_force(var: contextvars.ContextVar, value):
    """A check's setting in force for one comparison (``var`` back to what it was after)."""
    token = var.set(value)
    try:
        yield
    finally:
        var.reset(token)


def main_event_setting(factor: float | None):
    """Compare with the main-event check at ``factor`` (None: the module default)."""
    return in_force(_MAIN_EVENT, factor)


# The evidence check for one comparison (compare_story's evidence, Options.evidence: on by
# default; off outside a comparison that turns it on): on reads EVIDENCE_FACTOR and
# EVIDENCE_NEITHER when the Predicates are made, so a benchmark that sets them measures what
# `storyline` runs
_EVIDENCE = contextvars.ContextVar("evidence_check", default=False)


def evidence_factors() -> tuple[float, float]:
    """The evidence check's damping in force: (one claim without a main event, neither); (1, 1): off."""
    return (EVIDENCE_FACTOR, EVIDENCE_NEITHER) if _EVIDENCE.get() else (1.0, 1.0)


def evidence_setting(on: bool):
    """Compare with the evidence check on or off."""
    return in_force(_EVIDENCE, bool(on))


# The clause check for one comparison (compare_story's clause, Options.clause: off by default):
# on reads CLAUSE_FACTOR, and predicates.CLAUSE_OWN, when the Predicates are made, as the evidence check
_CLAUSE = contextvars.ContextVar("clause_check", default=False)


def clause_factor() -> float:
    """The clause check's damping in force (1.0: off); on with the clause check or its tied variant."""
    return CLAUSE_FACTOR if _CLAUSE.get() or _CLAUSE_TIED.get() else 1.0


def clause_setting(on: bool):
    """Compare with the clause check on or off."""
    return in_force(_CLAUSE, bool(on))


# The clause check's tie by named events for one comparison (Options.clause_tied: on by
# default): on, the clause check runs (at CLAUSE_FACTOR) and a pair naming CLAUSE_TIE or more
# events in common is tied (Predicates.clause_apart)
_CLAUSE_TIED = contextvars.ContextVar("clause_tied", default=False)  # the library default is in CompareSettings


def clause_tie() -> int:
    """The clause check's tie in force: the named events in common that tie a pair (0: none)."""
    return CLAUSE_TIE if _CLAUSE_TIED.get() else 0


def clause_tied_setting(on: bool):
    """Compare with the clause check tied by named events on or off (on turns the clause check on)."""
    return in_force(_CLAUSE_TIED, bool(on))


# The holder check for one comparison (Options.holders: off by default): on reads HOLDERS_FACTOR
# when the Predicates are made and predicates.HOLDERS_TIE when a pair is damped (compare/holders.py)
_HOLDERS = contextvars.ContextVar("holder_check", default=False)


def holders_factor() -> float:
    """The holder check's damping in force; 1.0: off."""
    return HOLDERS_FACTOR if _HOLDERS.get() else 1.0


def holders_setting(on: bool):
    """Compare with the holder check on or off."""
    return in_force(_HOLDERS, bool(on))


# The speaker check for one comparison (Options.speaker: off by default): on reads SPEAKER_FACTOR
# when the Predicates are made and predicates.SPEAKER_TIE when a pair is damped (compare/holders.py)
_SPEAKER = contextvars.ContextVar("speaker_check", default=False)


def speaker_factor() -> float:
    """The speaker check's damping in force; 1.0: off."""
    return SPEAKER_FACTOR if _SPEAKER.get() else 1.0


def speaker_setting(on: bool):
    """Compare with the speaker check on or off."""
    return in_force(_SPEAKER, bool(on))


# The modality check's wider reading for one comparison (Options.modality: off by default): on,
# ``modality._moods`` reads MODALITY_READINGS besides a modal, a future auxiliary and an intent before
# "to" (benchmarks/docs/claims.md, "A plan, a call or a request is not the fact")
_MODALITY = contextvars.ContextVar("modality_readings", default=False)
# The readings the wider check adds (each general, by definition): "headline", a headline's
# "X to VERB" with no verb before "to" (the headline future: "Microsoft to release patch");
# "request", the verb after "to" of a call, request or demand ("call on X to overturn", "urged
# parents to become", "is asked to call"); "adverb", an adverb between a modal and its verb
# ("will eventually replace"); "habitual", a present form just after a habitual adverb
# ("Normally, Microsoft releases ..."): a habit is neither the done nor the planned fact;
# "present", a headline's present form as the done fact (headline style: "Colts clinch playoff
# berth"). Which ones: fitted by 5-fold CV over stories (benchmarks/fit_mainevent.py --modality-grid).
MODALITY_READINGS = ("request", "adverb", "habitual")


def modality_readings() -> frozenset[str]:
    """The wider modality readings in force (empty: off, the first reading only)."""
    return frozenset(MODALITY_READINGS) if _MODALITY.get() else frozenset()


def modality_setting(on: bool):
    """Compare with the wider modality reading on or off."""
    return in_force(_MODALITY, bool(on))


# The duration rule for one comparison (Options.durations: off by default): on, ``verdicts.decide``
# compares durations of one slot (compare/durations.py; benchmarks/docs/claims.md, "Durations of
# one event compared as figures")
_DURATIONS = contextvars.ContextVar("durations", default=False)


def durations_on() -> bool:
    """Whether durations of one slot are compared."""
    return bool(_DURATIONS.get())


def durations_setting(on: bool):
    """Compare with the duration rule on or off."""
    return in_force(_DURATIONS, bool(on))
