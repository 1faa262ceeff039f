"""The predicate check: whether two claims' predicates can state one fact.

``Predicates`` reads a story's claims once (each claim's main predicate, the verbs it
states, the events and words it names, its moods: modality.py) and ``Predicates.factor``
gives the damping of a pair of them: ``align.similarity`` multiplies each pair's value by
it. The optional checks (main event, evidence, clause, holders, speaker) damp by the
factors in force for the comparison (checks.py).
"""

from __future__ import annotations

import collections

import numpy as np

from ..options import CLAUSE_OWN, HOLDERS_TIE, PREDICATE_EVENTNESS, PREDICATE_PENALTY, SPEAKER_TIE, UNPROVEN_FACTOR
from . import pairmodel
from .checks import clause_factor, clause_tie, evidence_factors, holders_factor, main_event_factor, \
    modality_readings, speaker_factor
from .lemmas import LIGHT_VERBS, paraphrase_key as _norm, stem
from .modality import _moods, _verb_keys
from .quotes import quote_words as _quote_words
from .slots import _day, _entity_keys, _figure_slots, _id_rows, _incidence, _shared, number_agreement
from .units import without_background


# what the predicate check reads of a claim's background (annotate: a relative clause,
# participle or appositive on a participant; measured in benchmarks/docs/claims.md, "Background
# clauses"): "all" as any verb of the claim (before annotate-7); "states" only as a verb that
# states the other claim's main predicate ("identified the 2-year-old killed ..." / "a
# 2-year-old was killed"), not as an event the claim names or shares; "verbs" never as a verb
# the claim states; "named" neither that nor as a word it names. "all": "states" and "verbs"
# remove wrong labelled pairs but lower the ECB+ pair precision (0.9259 -> 0.9257, 0.9227);
# on the blind batches blind4-6 (wrong / right corroborated pairs parted) "states" 3 / 2,
# "verbs" 7 / 8, "named" 7 / 10 (benchmarks/docs/claims.md, "The same-fact switches that are off")
BACKGROUND = "all"

# What a root verb too rare to be a main event ("handcuffed", "ran away") is to the evidence
# check: "none", the claim has no event (the first version); "stated", the claim has none, but
# the other claim stating that verb ties the pair; "event", the claim has an event (its root),
# and only copulas, light and reporting verbs with no event under them have none. Both later
# readings were added after the first parted golden groups of ECB+ topic 3 ("overpowered two
# prison guards today, handcuffed them"; "ran away on foot with the guards' guns").
EVIDENCE_RARE = "event"


def foreground(u: dict, key: str) -> list:
    """A unit's ``verbs`` or ``nouns`` as the predicate check reads them: every one under
    BACKGROUND "all", else without those of its background (``units.without_background``)."""
    return list(u.get(key) or ()) if BACKGROUND == "all" else without_background(u, key)


def _named(u: dict) -> set:
    """The words a claim names, by inflection key: its verbs, nouns and content lemmas ("dead":
    "kill"); with BACKGROUND "named", not those only its background names."""

    if BACKGROUND != "named":
        return ({stem(_norm(w)) for w in (u.get("verbs") or []) + (u.get("nouns") or []) if w} |
                {stem(w) for w in u.get("lemmas") or () if w})
    fore = {stem(_norm(w)) for w in foreground(u, "verbs") + foreground(u, "nouns") if w}
    back = {stem(_norm(w)) for w in (u.get("background_verbs") or []) + (u.get("background_nouns") or []) if w}
    return fore | ({stem(w) for w in u.get("lemmas") or () if w} - (back - fore))


# Main verbs of a claim that states a state, not an event ("is dead", "has a record"), or that
# reports without a reported clause ("Neighbors reported hearing numerous shots"): such a
# claim's events are the ones it names (Predicates, the frame check). By definition, not tuned.
_COPULAS = frozenset({"", "be", "have", "say", "tell", "report", "state", "claim", "note", "add", "describe"})


class Predicates:
    """The main predicate of each unit and the verbs it states, for the predicate check.

    Two claims have compatible predicates when their main predicates are one (the same
    inflection key of the lemma, paraphrases mapped: "stabbing" is "stab"), when one
    claim's main predicate is a verb of the other ("escaped after pulling a gun on two
    guards" states "pulled a gun on two guards"), or when either has none to compare: a
    light or reporting verb, or a verb that names an annotated event less often than
    PREDICATE_EVENTNESS where the ECB+ training topics have it ("look", "handcuff":
    the pair model's eventness lexicon), says too little to tell two facts apart.

    A claim that states a state ("A two-year-old is dead after an overnight shooting",
    "Murphy was one of the shooters"; main verb "be" or "have", or a reporting verb with no
    reported clause) has no event predicate of its own, but it names events: its event
    verbs and event nouns ("shooting", eventness at least PREDICATE_EVENTNESS). Beside a
    claim with an event predicate it is compatible only when it names that predicate, or the
    other claim states one of its event verbs:
    "Family members have identified the 2-year-old killed ..." is not "is dead after an
    overnight shooting" (the frame check, ``_state_apart``). A figure of one counted thing
    in both is one slot, as above.
    """

    def __init__(self, units: list[dict]):
        eventness = pairmodel.load_model().get("eventness", {})  # read at call time: a benchmark may swap the model

        def main(p):
            if not p or eventness.get(p, 1.0) < PREDICATE_EVENTNESS:
                return 0
            return ids.setdefault(stem(p), len(ids))

        ids: dict[str, int] = {"": 0}
        self.key = np.array([main(u.get("predicate_key")) for u in units], dtype=np.int64)
        fore = [foreground(u, "verbs") for u in units]
        verbs = [{ids.setdefault(stem(_norm(v)), len(ids)) for v in vs if v} for vs in fore]
        # with "states", a background verb still states the other claim's main predicate
        verbs_all = [{ids.setdefault(stem(_norm(v)), len(ids)) for v in (u.get("verbs") or ()) if v} for u in units] \
            if BACKGROUND == "states" else verbs
        self._event_verbs = [({int(k)} if k else set()) | {main(_norm(v)) for v in vs
                                                            if v and _norm(v) not in LIGHT_VERBS} - {0}
                             for vs, k in zip(fore, self.key.tolist())]
        self.width = len(ids) + 1
        self.names = {v: k for k, v in ids.items()}  # verb id -> its inflection key
        self._units, self._ids, self._eventness = units, ids, eventness  # for event_triggers
        # (unit, verb) codes of the verbs a unit states as unrealised ("could clinch",
        # "will be sentenced", "is expected to announce") and as past ("clinched"), sorted,
        # for the modality check
        readings = modality_readings()
        moods = [_moods(units[i]["text"], {self.names[x]: x for x in vs}, readings, bool(units[i].get("headline")),
                        _verb_keys(units[i]) if readings else frozenset()) for i, vs in enumerate(verbs)]
        # (and, with the wider reading, those it states as a habit: "Normally, Microsoft releases ...")
        self.unrealised, self.past, self.habitual = (
            np.array(sorted(i * self.width + v for i, m in enumerate(moods) for v in m[k]), dtype=np.int64)
            for k in (0, 1, 2))
        # units with a possibility or a habit
        self.unrealised_units = frozenset((self.unrealised // self.width).tolist()) | \
            frozenset((self.habitual // self.width).tolist())
        # (unit, verb) codes, sorted: a pair's containment is a vectorised lookup
        self.codes = np.array(sorted(i * self.width + v for i, vs in enumerate(verbs_all) for v in vs), dtype=np.int64)
        self._frames(units, verbs, eventness)
        # a figure of one counted thing in both claims, who both name, is one slot ("Carter
        # scored 14 points" / "Carter had 12 points"): what a conflict is made of, whatever the verbs
        self.figures = None
        if len(units) > 1:
            # (an age describes a participant: it is not the fact's slot)
            # keyed by (figure, participant) pairs: two claims share one exactly when they share
            # a figure key and a participant, without the (large) matrix of shared participants
            self.figures = _shared([{(q.get("counted"), q.get("unit"), e) for q in u["quantities"]
                                     if q.get("counted") and q.get("kind") != "age" for e in _entity_keys(u)}
                                    for u in units])
        self._main_rows = None
        self._main_factor = main_event_factor()  # read when made (off: nothing is built)
        self._evidence = evidence_factors()
        self._clause = clause_factor()
        self._clause_tie = clause_tie() if self._clause != 1.0 else 0
        self._holders_factor = holders_factor()
        self._speaker_factor = speaker_factor()
        if (self._main_factor != 1.0 or self._evidence != (1.0, 1.0) or self._clause != 1.0) and len(units) > 1:
            self._main_events(units, eventness)

    def _main_events(self, units: list[dict], eventness: dict) -> None:
        """Each unit's main event and the events its main clause states (``mainevent.py``)
        as sparse incidence rows over event keys, for ``main_apart``."""
        from .mainevent import background, main_event, named_events, root_verb, stated

        keys: dict[str, int] = {}
        main = [{keys.setdefault(k, len(keys)) for k in main_event(u, eventness, PREDICATE_EVENTNESS)} for u in units]
        told = [{keys.setdefault(k, len(keys)) for k in stated(u, eventness, PREDICATE_EVENTNESS)} for u in units]
        roots = [{keys.setdefault(k, len(keys)) for k in root_verb(u)} if not m and EVIDENCE_RARE != "none" else set()
                 for u, m in zip(units, main)]  # a root verb too rare to be a main event, for the evidence check
        # the events a claim only tells in its background, for the clause check
        back = [{keys.setdefault(k, len(keys)) for k in background(u, eventness, PREDICATE_EVENTNESS)}
                for u in units] if self._clause != 1.0 else [set() for _ in units]
        # every event a claim names, for the clause check's tie (Options.clause_tied)
        named = [{keys.setdefault(k, len(keys)) for k in named_events(u, eventness, PREDICATE_EVENTNESS)}
                 for u in units] if self._clause_tie else [set() for _ in units]
        width = len(keys) + 1
        self._main_rows, self._told_rows, self._root_rows, self._back_rows, self._named_rows = (
            _id_rows(x, width) for x in (main, told, roots, back, named))
        self._has_back = np.array([bool(b) for b in back], dtype=bool)
        # what the evidence check calls a claim with an event (EVIDENCE_RARE "event": its rare root too)
        self._has_event = np.array([bool(m) or (EVIDENCE_RARE == "event" and bool(r)) for m, r in zip(main, roots)],
                                   dtype=bool)
        self._has_main = np.array([bool(m) for m in main], dtype=bool)
        # a day both claims write (resolved to the day) is a slot both fill ("The deadline passed on
        # Friday" / "a deadline that expired on November 28"): as a figure of one counted thing
        days = [{d for t in u["timexes"] if t.get("type") in ("DATE", "TIME") and (d := _day(t.get("value")))
                 and len(d) == 10 and "X" not in d} for u in units]
        self._days = _shared(days) if sum(map(bool, days)) > 1 else None
        if self._evidence != (1.0, 1.0) or self._clause != 1.0:
            self._evidence_rows(units)

    def _evidence_rows(self, units: list[dict]) -> None:
        """What the evidence check reads besides the main events: each unit's participants
        (entities and places) as sparse rows, and each quote-claim's quoted words (two quoting
        the same words, ``align._different_statements``' match, are tested only for the pairs the
        check damps: ``_same_quote``)."""
        self._ent_rows = _incidence([_entity_keys(u) for u in units])
        self._quote_words = [_quote_words(u) for u in units]
        self._quoted = np.array([q is not None for q in self._quote_words], dtype=bool)
        self._quote_counts: dict[int, collections.Counter] = {}
        self._has_fig = np.array([bool(_figure_slots(u)) for u in units], dtype=bool)

    def situation(self, I: np.ndarray, J: np.ndarray) -> np.ndarray:
        """Per pair, how many of its two claims have no main event (``mainevent.main_event``;
        with EVIDENCE_RARE "event", nor a root verb of their own): 0 both have one, 1 one has
        none, 2 neither has one."""
        return 2 - self._has_event[I].astype(np.int8) - self._has_event[J].astype(np.int8)

    def other_evidence(self, I: np.ndarray, J: np.ndarray) -> np.ndarray:
        """Whether something besides words ties the two claims: a figure of one counted thing
        (about one participant, or one value of it),
        a written day, one quote, two shared participants (entities, places), or one claim's
        main event stated in the other's main clause ("is dead after a shooting" / "was shot"),
        or the root verb of a claim with no main event stated in the other's ("handcuffed the
        officers together" / "took the officers' weapons and handcuffed them together")."""
        lo, hi = np.minimum(I, J), np.maximum(I, J)
        out = np.zeros(len(I), dtype=bool)
        for slots in (self.figures, self._days):
            if slots is not None and len(I):
                out |= np.asarray(slots[lo, hi]).ravel() > 0
        both = np.flatnonzero(~out & self._quoted[lo] & self._quoted[hi])
        if len(both):
            out[both] = [self._same_quote(i, j) for i, j in zip(lo[both].tolist(), hi[both].tolist())]
        x = np.flatnonzero(~out)
        if len(x):
            a, b = I[x], J[x]
            E, T = self._ent_rows, self._told_rows
            ev = np.asarray(E[a].multiply(E[b]).sum(axis=1)).ravel() >= 2
            for M in (self._main_rows, self._root_rows) if EVIDENCE_RARE == "stated" else (self._main_rows,):
                ev |= np.asarray(M[a].multiply(T[b]).sum(axis=1)).ravel() > 0
                ev |= np.asarray(M[b].multiply(T[a]).sum(axis=1)).ravel() > 0
            # one figure of one counted thing, whoever it is about ("two prison guards" / "two guards")
            for k in np.flatnonzero(~ev & self._has_fig[a] & self._has_fig[b]).tolist():
                ev[k] = number_agreement(self._units[int(a[k])], self._units[int(b[k])]) == 1.0
            out[x] = ev
        return out

    def _same_quote(self, i: int, j: int) -> bool:
        """Whether quote-claims i < j quote the same words (``quotes._matches``, as
        ``align._different_statements`` matches them)."""
        from .quotes import _matches

        qw, cnt = self._quote_words, self._quote_counts
        for k in (i, j):
            if k not in cnt:
                cnt[k] = collections.Counter(qw[k])
        return _matches(qw[i], qw[j], (cnt[i], cnt[j]))

    def evidence_damping(self, I: np.ndarray, J: np.ndarray) -> np.ndarray:
        """The evidence check's factor per pair: EVIDENCE_FACTOR when one claim has no main
        event, EVIDENCE_NEITHER when neither has, 1 otherwise or when ``other_evidence`` ties them."""
        f = np.ones(len(I))
        if self._main_rows is None or self._evidence == (1.0, 1.0) or not len(I):
            return f
        s = self.situation(I, J)
        for code, fac in zip((1, 2), self._evidence):
            if fac != 1.0:
                f[s == code] = fac
        x = np.flatnonzero(f < 1.0)
        if len(x):
            f[x[self.other_evidence(I[x], J[x])]] = 1.0
        return f

    def main_apart(self, I: np.ndarray, J: np.ndarray) -> np.ndarray:
        """Whether both claims have a main event (``mainevent.main_event``), the two share none,
        neither claim's main clause states the other's, and they give no figure of one counted
        thing and write no day in common: two things told of one story ("was charged with murder" / "was arrested")."""
        out = np.zeros(len(I), dtype=bool)
        if self._main_rows is None or self._main_factor == 1.0 or not len(I):
            return out
        x = np.flatnonzero(self._has_main[I] & self._has_main[J])
        if not len(x):
            return out
        a, b = I[x], J[x]
        M, T = self._main_rows, self._told_rows
        share = np.asarray(M[a].multiply(M[b]).sum(axis=1)).ravel() > 0
        share |= np.asarray(M[a].multiply(T[b]).sum(axis=1)).ravel() > 0
        share |= np.asarray(M[b].multiply(T[a]).sum(axis=1)).ravel() > 0
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        for slots in (self.figures, self._days):
            if slots is not None:
                share |= np.asarray(slots[lo, hi]).ravel() > 0
        out[x] = ~share
        return out

    def clause_apart(self, I: np.ndarray, J: np.ndarray) -> np.ndarray:
        """Whether one claim of the pair tells the other's main event only in its background (a
        relative clause, participle or appositive on a participant: ``mainevent.background``)
        and its main clause states none of it, while the other states none of the first's main
        events (with CLAUSE_OWN the first must have one), and no figure of one counted thing,
        day or quote ties them, nor (with the tie, Options.clause_tied) CLAUSE_TIE events both
        name: "A man who police say shot his son ... had a history of violence" / "man shoots
        8-year-old boy"."""
        out = np.zeros(len(I), dtype=bool)
        if self._main_rows is None or self._clause == 1.0 or not len(I):
            return out
        M, T, B = self._main_rows, self._told_rows, self._back_rows
        for A_, B_ in ((I, J), (J, I)):
            ok = self._has_back[A_] & self._has_main[B_]
            if CLAUSE_OWN:
                ok &= self._has_main[A_]
            x = np.flatnonzero(ok & ~out)
            if not len(x):
                continue
            a, b = A_[x], B_[x]
            told = np.asarray(B[a].multiply(M[b]).sum(axis=1)).ravel() > 0
            told &= ~(np.asarray(T[a].multiply(M[b]).sum(axis=1)).ravel() > 0)
            told &= ~(np.asarray(M[a].multiply(M[b]).sum(axis=1)).ravel() > 0)
            told &= ~(np.asarray(M[a].multiply(T[b]).sum(axis=1)).ravel() > 0)
            out[x] = told
        x = np.flatnonzero(out)
        if len(x):  # a figure of one counted thing, a day both write or one quote ties the pair
            lo, hi = np.minimum(I[x], J[x]), np.maximum(I[x], J[x])
            tied = np.zeros(len(x), dtype=bool)
            for slots in (self.figures, self._days):
                if slots is not None:
                    tied |= np.asarray(slots[lo, hi]).ravel() > 0
            if self._clause_tie:  # two claims naming as many events in common (the fire and the damage)
                N = self._named_rows
                tied |= np.asarray(N[lo].multiply(N[hi]).sum(axis=1)).ravel() >= self._clause_tie
            both = np.flatnonzero(~tied & self._quoted[lo] & self._quoted[hi])
            if len(both):
                tied[both] = [self._same_quote(i, j) for i, j in zip(lo[both].tolist(), hi[both].tolist())]
            out[x] = ~tied
        return out

    def _frames(self, units: list[dict], verbs: list[set[int]], eventness: dict) -> None:
        """What the frame check reads: which units state a state and name events (``state``),
        the words each unit names by inflection key (sorted (unit, word) codes), the word id of
        each unit's main predicate, and the units' verbs and state units' event verbs as sparse
        incidence rows (a pair's shared verbs are a row product)."""

        n = len(units)
        # the words a claim names: its verbs, nouns and content lemmas ("dead": "kill"), by inflection key
        named = [_named(u) for u in units]
        words: dict[str, int] = {}  # inflection key -> word id
        for ws in named:
            for w in sorted(ws):
                words.setdefault(w, len(words))
        self.state = np.zeros(n, dtype=bool)
        if not n:
            self.wwidth, self.word_codes, self.wkey = 1, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
            self._verb_rows = self._event_rows = None
            return
        for i, u in enumerate(units):
            if self.key[i] or _norm(u.get("predicate") or "") not in _COPULAS:
                continue
            nouns = any(n_ and eventness.get(_norm(n_), 0.0) >= PREDICATE_EVENTNESS
                        for n_ in (foreground(u, "nouns") if BACKGROUND == "named" else u.get("nouns") or ()))
            self.state[i] = bool(self._event_verbs[i]) or nouns
        self.wkey = np.array([words.setdefault(self.names[int(k)], len(words)) if k else -1 for k in self.key.tolist()],
                             dtype=np.int64)
        self.wwidth = len(words) + 1
        self.word_codes = np.array(sorted(i * self.wwidth + words[w] for i, ws in enumerate(named) for w in ws),
                                   dtype=np.int64)
        self._verb_rows = _id_rows(verbs, self.width + 1)
        self._event_rows = _id_rows([self._event_verbs[i] if self.state[i] else set() for i in range(n)], self.width + 1)
        # a figure of one counted thing in both ("three strong aftershocks were felt" / "there have
        # been at least four aftershocks"): the state counts what the other counts, one slot
        slots: dict = {}
        self._slot_rows = None
        if self.state.any():
            fig = [{slots.setdefault(x, len(slots)) for x in _figure_slots(u)} if self.state[i] or self.key[i] else set()
                   for i, u in enumerate(units)]
            self._slot_rows = _id_rows(fig, len(slots) + 1)

    def _state_apart(self, I: np.ndarray, J: np.ndarray) -> np.ndarray:
        """Whether one claim of the pair has an event predicate and the other states a state
        (``state``) that names neither that predicate nor an event verb the first claim states:
        the state claim tells something else about the incident ("identified the 2-year-old
        killed ..." / "is dead after an overnight shooting")."""
        out = np.zeros(len(I), dtype=bool)
        for A_, B_ in ((I, J), (J, I)):
            x = np.flatnonzero((self.key[A_] != 0) & self.state[B_])
            if not len(x):
                continue
            a, b = A_[x].astype(np.int64), B_[x].astype(np.int64)
            named = self._has(self.word_codes, b * self.wwidth + self.wkey[a])
            shared = np.asarray(self._verb_rows[a].multiply(self._event_rows[b]).sum(axis=1)).ravel() > 0
            slot = np.asarray(self._slot_rows[a].multiply(self._slot_rows[b]).sum(axis=1)).ravel() > 0
            out[x] |= ~named & ~shared & ~slot
        return out

    def event_verbs(self) -> list[set[int]]:
        """Each unit's event predicates: its main one and its other verbs that are neither
        light nor below PREDICATE_EVENTNESS."""
        return self._event_verbs

    def event_triggers(self, nouns: float | None) -> list[set[int]]:
        """``event_verbs`` plus, with ``nouns``, each unit's nouns that name an annotated
        event at least that often in the eventness lexicon ("the arrest", "the blaze"): a
        nominal trigger has the key of its verb when their inflection keys are one ("arrest",
        "killing" / "kill"). Ids of nouns no verb has lie past ``width`` (no modality code)."""
        if nouns is None:
            return self._event_verbs

        out = []
        for u, ks in zip(self._units, self._event_verbs):
            extra = set()
            for n in u.get("nouns") or ():
                w = _norm(n) if n else ""
                if w and self._eventness.get(w, 0.0) >= nouns:  # unknown nouns are no events
                    k = self._ids.setdefault(stem(w), self.width + len(self._ids))
                    self.names.setdefault(k, stem(w))
                    extra.add(k)
            out.append(ks | extra)
        return out

    @staticmethod
    def _has(codes: np.ndarray, c: np.ndarray) -> np.ndarray:
        pos = np.searchsorted(codes, c)
        found = np.zeros(len(c), dtype=bool)
        inside = pos < len(codes)
        found[inside] = codes[pos[inside]] == c[inside]
        return found

    def _states(self, I: np.ndarray, J: np.ndarray) -> np.ndarray:
        """Whether unit J[k] has unit I[k]'s main predicate among its verbs."""
        return self._has(self.codes, J.astype(np.int64) * self.width + self.key[I]) & (self.key[I] != 0)

    def _modality_differs(self, I: np.ndarray, J: np.ndarray) -> np.ndarray:
        """Whether I[k]'s main predicate, which J[k] states too, is unrealised in one
        claim and past in the other: "could clinch a playoff berth" is not "clinched"."""
        k = self.key[I]
        ci, cj = I.astype(np.int64) * self.width + k, J.astype(np.int64) * self.width + k
        ui, uj = self._has(self.unrealised, ci), self._has(self.unrealised, cj)
        pi, pj = self._has(self.past, ci), self._has(self.past, cj)
        out = (ui & pj) | (uj & pi)
        if len(self.habitual):  # a habit is neither the done nor the planned fact
            hi, hj = self._has(self.habitual, ci), self._has(self.habitual, cj)
            out |= (hi & (pj | uj)) | (hj & (pi | ui))
        return out & (k != 0)

    def modality_apart(self, I: np.ndarray, J: np.ndarray) -> np.ndarray:
        """Whether one predicate of the two claims is a possibility in one and a fact in the other."""
        same = (self.key[I] == self.key[J]) | self._states(I, J)
        return (same & self._modality_differs(I, J)) | (self._states(J, I) & self._modality_differs(J, I))

    def compatible(self, I: np.ndarray, J: np.ndarray) -> np.ndarray:
        ki, kj = self.key[I], self.key[J]
        ok = (ki == 0) | (kj == 0) | (ki == kj) | self._states(I, J) | self._states(J, I)
        if len(I) and self.state.any():  # a state beside an event it does not name
            ok &= ~self._state_apart(I, J)
        if self.figures is not None and len(I):
            lo, hi = np.minimum(I, J), np.maximum(I, J)
            ok |= np.asarray(self.figures[lo, hi]).ravel() > 0
        if (len(self.unrealised) or len(self.habitual)) and len(I):  # one predicate, a possibility in one claim and a fact in the other
            ok &= ~self.modality_apart(I, J)
        return ok

    def unproven(self, I: np.ndarray, J: np.ndarray) -> np.ndarray:
        """Whether one claim of the pair has an event predicate and the other none to compare
        (a light, reporting or rare verb, or a state), and neither states the other's
        predicate nor names it: nothing but words says the two tell one event."""
        ki, kj = self.key[I], self.key[J]
        out = (ki == 0) != (kj == 0)
        if not out.any():
            return out
        out &= ~(self._states(I, J) | self._states(J, I))
        for A_, B_ in ((I, J), (J, I)):  # the claim without a predicate names the other's
            x = np.flatnonzero(out & (self.key[A_] != 0))
            if len(x) and len(self.word_codes):
                out[x] &= ~self._has(self.word_codes, B_[x].astype(np.int64) * self.wwidth + self.wkey[A_[x]])
        if self.figures is not None and out.any():
            lo, hi = np.minimum(I, J), np.maximum(I, J)
            out &= ~(np.asarray(self.figures[lo, hi]).ravel() > 0)
        return out

    def factor(self, I: np.ndarray, J: np.ndarray) -> np.ndarray:
        """1 for compatible predicates, else PREDICATE_PENALTY: a claim about the shooting
        and a claim about the arrest or the search that followed share words, not a fact;
        UNPROVEN_FACTOR for compatible ones with no predicate evidence (``unproven``); the
        main-event factor for compatible ones whose main events differ (``main_apart``); the
        evidence check's for a claim with no main event tied by nothing but words (``evidence_damping``);
        the clause check's for one claim telling the other's event only in its background (``clause_apart``)."""
        ok = self.compatible(I, J)
        f = np.where(ok, 1.0, PREDICATE_PENALTY)
        if UNPROVEN_FACTOR != 1.0 and len(I):
            f[ok & self.unproven(I, J)] = UNPROVEN_FACTOR
        if self._main_rows is not None and len(I):
            m = ok & self.main_apart(I, J)
            f[m] = np.minimum(f[m], self._main_factor)
            if self._evidence != (1.0, 1.0):
                f = np.minimum(f, self.evidence_damping(I, J))
            if self._clause != 1.0:
                c = ok & self.clause_apart(I, J)
                f[c] = np.minimum(f[c], self._clause)
        if self._holders_factor != 1.0 and len(I):  # two statements by different holders (compare/holders.py)
            from .holders import damping

            f = np.minimum(f, damping(self, I, J, self._holders_factor, HOLDERS_TIE))
        if self._speaker_factor != 1.0 and len(I):  # two statements of one speaker (compare/holders.py)
            from .holders import speaker_damping

            f = np.minimum(f, speaker_damping(self, I, J, self._speaker_factor, SPEAKER_TIE))
        return f
