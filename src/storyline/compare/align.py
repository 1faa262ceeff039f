"""Claim alignment: which claims of different articles state the same fact.

Similarity of two claims mixes lexical evidence (TF-IDF over content-word lemmas,
and over character n-grams, which catch "slave's peace" ~ "slave peace") with
slot agreement: shared canonical entities and places, numbers about the same
counted thing, and the same resolved date. Weights and the threshold were chosen
with benchmarks/bench_align.py (hand-checked pairs from the seeds and ECB+).
Groups come from average-link agglomerative clustering, so one loose pair does
not chain two different facts together.
"""

from __future__ import annotations

import collections
import contextlib
import contextvars
import functools
import re

import numpy as np

from ..errors import InputError
from ..options import (ALIGN_THRESHOLD, ALIGN_WEIGHTS, PREDICATE_EVENTNESS, PREDICATE_PENALTY, QUOTE_PENALTY,
                       RECALL_FLOOR, RECALL_FLOOR2, RECALL_NOUNS, RECALL_PARTICIPANTS, RECALL_SECONDARY, RECALL_VERBS)
from ..options import CHAIN_FLOOR, CLAUSE_FACTOR, CLAUSE_OWN, CLAUSE_TIE, EVIDENCE_FACTOR, EVIDENCE_NEITHER, MAIN_EVENT_FACTOR, OCCASION_CHECK, UNPROVEN_FACTOR
from ..options import HOLDERS_FACTOR, HOLDERS_TIE, SPEAKER_FACTOR, SPEAKER_TIE
from ..options import FRAGMENT_ARTICLES, FRAGMENT_FLOOR, FRAGMENT_LINKS, FRAGMENT_MEAN, FRAGMENT_PARTICIPANTS, FRAGMENT_VERBS
from .lemmas import LIGHT_VERBS, paraphrase_key as _norm, stem, words
from . import pairmodel
from .occasion import has_occasion, occasion_apart
from .quotes import quote_words as _quote_words
from .people import different_people, participants
from .units import without_background

METHOD_LEXICAL = "lexical"  # the weighted similarity below, one threshold: the baseline
METHOD_MODEL = "model"      # propositions compared pair by pair, a fitted decision (pairs.py)
METHODS = (METHOD_MODEL, METHOD_LEXICAL)

# WEIGHTS and THRESHOLD: chosen on benchmarks/bench_align.py (see docs/report.md,
# "Alignment"); tuned values, with their provenance in options
WEIGHTS, THRESHOLD = ALIGN_WEIGHTS, ALIGN_THRESHOLD

# A story's pairs as plain tables below these sizes (claims) instead of sparse products
# and bounds: the same values without scipy's fixed cost per call. _TABLE: every pair's
# value computed at once (one n x n table, slots dense, no candidate bound); measured
# faster than the bound over the 970-article run's stories, up to 467 claims
# (benchmarks/docs/pipeline-history.md, "A small story costs little to compare").
# _SMALL: pairs sharing a key found by set intersection (n² Python checks).
_TABLE = 512
_SMALL = 48


def _cos(matrix) -> np.ndarray:
    from sklearn.preprocessing import normalize

    m = normalize(matrix)
    return np.asarray((m @ m.T).todense()) if hasattr(m, "todense") else m @ m.T


def lexical_similarity(units: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """(word-lemma TF-IDF cosine, char n-gram TF-IDF cosine) matrices."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    n = len(units)
    if n == 0:
        z = np.zeros((0, 0))
        return z, z
    docs = [" ".join(u["lemmas"]) or "_" for u in units]
    try:
        w = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"\S+").fit_transform(docs)
        word = _cos(w)
    except ValueError:  # empty vocabulary
        word = np.zeros((n, n))
    from ..lexicon.text import fold_in_place

    c = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit_transform(
        [fold_in_place(" ".join(u["lemmas"])) or "_" for u in units]
    )
    return word, _cos(c)


def _ranges_overlap(a: dict, b: dict) -> bool:
    lo_a, hi_a = a.get("low"), a.get("high")
    lo_b, hi_b = b.get("low"), b.get("high")
    if lo_a is None and hi_a is None:
        lo_a = hi_a = a.get("value")
    if lo_b is None and hi_b is None:
        lo_b = hi_b = b.get("value")
    lo_a = -np.inf if lo_a is None else lo_a
    lo_b = -np.inf if lo_b is None else lo_b
    hi_a = np.inf if hi_a is None else hi_a
    hi_b = np.inf if hi_b is None else hi_b
    return lo_a <= hi_b and lo_b <= hi_a


def number_agreement(a: dict, b: dict) -> float:
    """1 when both count the same thing with overlapping ranges, 0.6 when the same
    thing with different figures (still the same slot: that is what conflicts are
    made of), else 0."""
    best = 0.0
    for qa in a["quantities"]:
        for qb in b["quantities"]:
            if not qa.get("counted") or qa.get("counted") != qb.get("counted") or qa.get("unit") != qb.get("unit"):
                continue
            best = max(best, 1.0 if _ranges_overlap(qa, qb) else 0.6)
    return best


def _day(value) -> str | None:
    """A date value precise to the month or day; the year may be unresolved ("XXXX-11-21")."""
    if not isinstance(value, str) or len(value) < 7 or not (value[:4].isdigit() or value[:4] == "XXXX"):
        return None
    if "W" in value or value[5:7] == "XX":
        return None
    return value[:10]


def date_agreement(a: dict, b: dict) -> float:
    va = {_day(t.get("value")) for t in a["timexes"] if t.get("type") in ("DATE", "TIME")} - {None}
    vb = {_day(t.get("value")) for t in b["timexes"] if t.get("type") in ("DATE", "TIME")} - {None}
    if not va or not vb:
        return 0.0
    if va & vb:
        return 1.0
    # same day of the year, years resolved differently (within one story's time
    # window that is a resolution slip, not two dates)
    if {v[4:] for v in va if len(v) == 10} & {v[4:] for v in vb if len(v) == 10}:
        return 0.8
    # same month at least (e.g. "2025-09" range start vs "2025-09-15")
    return 0.5 if {v[:7] for v in va} & {v[:7] for v in vb} else 0.0


def event_agreement(a: dict, b: dict) -> float:
    """Same event predicate ("refused the terms" ~ "rejected the conditions"): 0.5, plus
    half the Jaccard overlap of the objects' lemmas."""
    pa, pb = a.get("predicate_key"), b.get("predicate_key")
    if not pa or pa != pb:
        return 0.0
    oa, ob = set(a.get("object_lemmas") or ()), set(b.get("object_lemmas") or ())
    return 0.5 + 0.5 * (len(oa & ob) / len(oa | ob) if oa | ob else 0.0)


def entity_agreement(a: dict, b: dict) -> float:
    ea = set(a["entities"]) | set(a["places"])
    eb = set(b["entities"]) | set(b["places"])
    if not ea or not eb:
        return 0.0
    return len(ea & eb) / len(ea | eb)


def _incidence(keys: list):
    """Sparse items x keys 0/1 matrix."""
    from scipy.sparse import csr_matrix

    vocab: dict = {}
    rows, cols = [], []
    for i, ks in enumerate(keys):
        for k in ks:
            rows.append(i)
            cols.append(vocab.setdefault(k, len(vocab)))
    return csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(keys), max(1, len(vocab))))


def _id_rows(sets: list, width: int):
    """Sparse 0/1 rows, one per set of column ids (ids below ``width``)."""
    from scipy.sparse import csr_matrix

    indptr = np.concatenate([[0], np.cumsum([len(x) for x in sets])])
    cols = np.fromiter((c for x in sets for c in sorted(x)), dtype=np.int64, count=int(indptr[-1]))
    return csr_matrix((np.ones(len(cols)), cols, indptr), shape=(len(sets), width))


def _shared(keys: list):
    """Sparse upper triangle (i < j) of the pairs sharing at least one key."""
    from scipy.sparse import csr_matrix, triu

    seen: set = set()
    if not any(k in seen or seen.add(k) for ks in keys for k in ks):  # no key held twice: no pair
        return csr_matrix((len(keys), len(keys)))
    m = _incidence(keys)
    c = triu(m @ m.T, k=1).tocsr()
    c.eliminate_zeros()
    return c


def _shared_small(keys: list) -> list[tuple[int, int]]:
    """``_shared``'s pairs (i < j, row-major) of a few items, set by set: a sparse
    product's set-up costs more than the n² intersections of a small story."""
    sets = [k if isinstance(k, (set, frozenset)) else set(k) for k in keys]
    return [(i, j) for i, a in enumerate(sets) if a for j in range(i + 1, len(sets)) if not a.isdisjoint(sets[j])]


def shared_key_pairs(keys: list) -> tuple[np.ndarray, np.ndarray]:
    """(i, j) arrays, i < j in row-major order, of the items sharing at least one key: the
    work follows the pairs that share something, not all n² pairs."""
    if len(keys) <= _SMALL:
        ij = _shared_small(keys)
        return (np.array([i for i, _ in ij], dtype=np.intp), np.array([j for _, j in ij], dtype=np.intp))
    c = _shared(keys).tocoo()
    order = np.lexsort((c.col, c.row))
    return c.row[order].astype(np.intp), c.col[order].astype(np.intp)


# The keys two units must share for a slot to agree above 0 (see the *_agreement functions).
def _entity_keys(u: dict) -> set:
    return set(u["entities"]) | set(u["places"])


def _number_keys(u: dict) -> set:
    return {(q.get("counted"), q.get("unit")) for q in u["quantities"] if q.get("counted")}


def _event_keys(u: dict) -> set:
    p = u.get("predicate_key")
    return {p} if p else set()


def _number_scores(units: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """``number_agreement`` of every pair sharing a counted thing, from arrays of the
    quantities instead of a call per pair (the pairs grow as the square of a story's
    claims counting, say, deaths). None when a figure is not a plain int or float (the
    pairwise function then decides)."""
    where, keys, lo, hi = [], [], [], []
    kid: dict = {}
    for i, u in enumerate(units):
        for q in u["quantities"]:
            if not q.get("counted"):
                continue
            low, high = q.get("low"), q.get("high")
            if low is None and high is None:
                low = high = q.get("value")
            for x in (low, high):  # compared as float64 below: exact for these only
                if x is not None and not (type(x) is float or (type(x) is int and abs(x) <= 2 ** 53)):
                    return None
            where.append(i)
            keys.append(kid.setdefault((q.get("counted"), q.get("unit")), len(kid)))
            lo.append(-np.inf if low is None else low)
            hi.append(np.inf if high is None else high)
    n = len(units)
    order = np.lexsort((np.array(where, dtype=np.intp), np.array(keys, dtype=np.intp)))
    unit = np.array(where, dtype=np.intp)[order]
    key = np.array(keys, dtype=np.intp)[order]
    lo_a, hi_a = np.array(lo, dtype=float)[order], np.array(hi, dtype=float)[order]
    bounds = np.flatnonzero(np.diff(key)) + 1
    P, Q = [], []
    for s, e in zip(np.concatenate([[0], bounds]).tolist(), np.concatenate([bounds, [len(key)]]).tolist()):
        if e - s > 1:  # every pair of this thing's figures (by claim, in claim order)
            p, q = np.triu_indices(e - s, 1)
            P.append(p + s)
            Q.append(q + s)
    if not P:
        z = np.zeros(0, dtype=np.intp)
        return z, z, np.zeros(0)
    p, q = np.concatenate(P), np.concatenate(Q)
    other = unit[p] < unit[q]  # two figures of one claim are no pair
    p, q = p[other], q[other]
    if not len(p):  # only figures of one claim shared a thing: no pair
        z = np.zeros(0, dtype=np.intp)
        return z, z, np.zeros(0)
    v = np.where((lo_a[p] <= hi_a[q]) & (lo_a[q] <= hi_a[p]), 1.0, 0.6)
    code = unit[p] * n + unit[q]
    o = np.argsort(code, kind="stable")
    code, v = code[o], v[o]
    first = np.flatnonzero(np.concatenate([[True], code[1:] != code[:-1]]))
    best = np.maximum.reduceat(v, first) if len(first) else v
    return (code[first] // n).astype(np.intp), (code[first] % n).astype(np.intp), best


def _event_scores(units: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``event_agreement`` of every pair with the same predicate, from a sparse table of
    the objects' lemmas instead of a call per pair (the pairs grow as the square of a
    story's claims with, say, "kill")."""
    from scipy.sparse import csr_matrix

    n = len(units)
    by: dict = {}
    for i, u in enumerate(units):
        if u.get("predicate_key"):
            by.setdefault(u["predicate_key"], []).append(i)
    P, Q = [], []
    for ids in by.values():
        if len(ids) > 1:
            p, q = np.triu_indices(len(ids), 1)
            P.append(np.asarray(ids, dtype=np.intp)[p])
            Q.append(np.asarray(ids, dtype=np.intp)[q])
    if not P:
        z = np.zeros(0, dtype=np.intp)
        return z, z, np.zeros(0)
    p, q = np.concatenate(P), np.concatenate(Q)
    vocab: dict = {}
    objs = [{vocab.setdefault(w, len(vocab)) for w in set(u.get("object_lemmas") or ())} for u in units]
    indptr = np.concatenate([[0], np.cumsum([len(o) for o in objs])])
    cols = np.fromiter((c for o in objs for c in sorted(o)), dtype=np.intp, count=int(indptr[-1]))
    o = csr_matrix((np.ones(len(cols)), cols, indptr), shape=(n, max(1, len(vocab))))
    size = np.diff(indptr).astype(float)
    inter = np.asarray(o[p].multiply(o[q]).sum(axis=1)).ravel()  # small integers: exact
    union = size[p] + size[q] - inter
    jac = np.divide(inter, union, out=np.zeros(len(p)), where=union > 0)
    o_ = np.lexsort((q, p))
    return p[o_], q[o_], (0.5 + 0.5 * jac)[o_]


def _date_scores(units: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``date_agreement`` of every pair that scores above 0, as sparse products: the same
    day 1.0, else the same day of the year 0.8, else the same month 0.5."""
    days = [{_day(t.get("value")) for t in u["timexes"] if t.get("type") in ("DATE", "TIME")} - {None} for u in units]
    if len(units) <= _SMALL:
        return _date_scores_small(days)
    same_day = _shared(days) > 0
    same_doy = _shared([{v[4:] for v in d if len(v) == 10} for d in days]) > 0
    same_month = _shared([{v[:7] for v in d} for d in days]) > 0
    scored = (same_doy + same_month).tocoo()  # a shared day is a shared month
    i, j = scored.row.astype(np.intp), scored.col.astype(np.intp)
    day = np.asarray(same_day[i, j]).ravel() if len(i) else np.zeros(0, dtype=bool)
    doy = np.asarray(same_doy[i, j]).ravel() if len(i) else np.zeros(0, dtype=bool)
    return i, j, np.where(day, 1.0, np.where(doy, 0.8, 0.5))


def _date_scores_small(days: list[set]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``_date_scores`` of a few claims, set by set (the same pairs, order and values)."""
    doys = [{v[4:] for v in d if len(v) == 10} for d in days]
    months = [{v[:7] for v in d} for d in days]
    ij = sorted(set(_shared_small(doys)) | set(_shared_small(months)))
    v = [1.0 if not days[i].isdisjoint(days[j]) else 0.8 if not doys[i].isdisjoint(doys[j]) else 0.5 for i, j in ij]
    return (np.array([i for i, _ in ij], dtype=np.intp), np.array([j for _, j in ij], dtype=np.intp),
            np.array(v, dtype=float))


def similarity(units: list[dict], weights: dict[str, float] | None = None, predicates: bool = True) -> np.ndarray:
    """Pairwise claim similarity in [0, 1] (symmetric, diagonal 1); ``predicates=False``:
    without the predicate check (what the verdict rules compare)."""
    w = weights or WEIGHTS
    word, char = lexical_similarity(units)
    # in place (n x n floats each): the same products and sum as w_word*word + w_char*char
    s = word
    s *= w.get("word", 0)
    char *= w.get("char", 0)
    s += char
    del char
    if w.get("embed"):  # optional extra; measured no better than lexical (bench_align.py)
        from .embed import cosine_matrix

        s = s + w["embed"] * cosine_matrix([u["text"] for u in units])
    # slot agreements: only pairs sharing a key of the slot can score above 0, so only
    # they are scored, found by an inverted index (the other pairs would add 0.0: the
    # sums are the same as over all pairs)
    for name, fn, keys in (("entity", entity_agreement, _entity_keys), ("number", number_agreement, _number_keys),
                           ("date", None, None), ("event", event_agreement, _event_keys)):
        if not w.get(name):
            continue
        if fn is None:
            i, j, v = _date_scores(units)
        else:
            i, j = shared_key_pairs([keys(u) for u in units])
            v = np.array([fn(units[a], units[b]) for a, b in zip(i.tolist(), j.tolist())], dtype=float)
        v = w[name] * v
        s[i, j] += v
        s[j, i] += v
    _different_statements(units, s)
    if predicates:
        _different_predicates(units, s)
    np.fill_diagonal(s, 1.0)
    return np.clip(s, 0.0, 1.0)


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
# The main-event check's factor for one comparison (compare_story's main_event, Options.main_event):
# None reads MAIN_EVENT_FACTOR, the module default (on; 1.0 is off: compare_story(main_event=False))
_MAIN_EVENT = contextvars.ContextVar("main_event_factor", default=None)


def main_event_factor() -> float:
    """The damping of the main-event check in force (1.0: off)."""
    v = _MAIN_EVENT.get()
    return MAIN_EVENT_FACTOR if v is None else v


@contextlib.contextmanager
def _in_force(var: contextvars.ContextVar, value):
    """A check's setting in force for one comparison (``var`` back to what it was after)."""
    token = var.set(value)
    try:
        yield
    finally:
        var.reset(token)


def main_event_setting(factor: float | None):
    """Compare with the main-event check at ``factor`` (None: the module default)."""
    return _in_force(_MAIN_EVENT, factor)


# The evidence check for one comparison (compare_story's evidence, Options.evidence: on by
# default; off outside a comparison that turns it on): on reads EVIDENCE_FACTOR and
# EVIDENCE_NEITHER when the Predicates are made, so a benchmark that sets them measures what
# `storyline` runs
_EVIDENCE = contextvars.ContextVar("evidence_check", default=False)
# What a root verb too rare to be a main event ("handcuffed", "ran away") is to the evidence
# check: "none", the claim has no event (the first version); "stated", the claim has none, but
# the other claim stating that verb ties the pair; "event", the claim has an event (its root),
# and only copulas, light and reporting verbs with no event under them have none. Both later
# readings were added after the first parted golden groups of ECB+ topic 3 ("overpowered two
# prison guards today, handcuffed them"; "ran away on foot with the guards' guns").
EVIDENCE_RARE = "event"


def evidence_factors() -> tuple[float, float]:
    """The evidence check's damping in force: (one claim without a main event, neither); (1, 1): off."""
    return (EVIDENCE_FACTOR, EVIDENCE_NEITHER) if _EVIDENCE.get() else (1.0, 1.0)


def evidence_setting(on: bool):
    """Compare with the evidence check on or off."""
    return _in_force(_EVIDENCE, bool(on))


# The clause check for one comparison (compare_story's clause, Options.clause: off by default):
# on reads CLAUSE_FACTOR and CLAUSE_OWN when the Predicates are made, as the evidence check
_CLAUSE = contextvars.ContextVar("clause_check", default=False)


def clause_factor() -> float:
    """The clause check's damping in force (1.0: off); on with the clause check or its tied variant."""
    return CLAUSE_FACTOR if _CLAUSE.get() or _CLAUSE_TIED.get() else 1.0


def clause_setting(on: bool):
    """Compare with the clause check on or off."""
    return _in_force(_CLAUSE, bool(on))


# The clause check's tie by named events for one comparison (Options.clause_tied: on by
# default): on, the clause check runs (at CLAUSE_FACTOR) and a pair naming CLAUSE_TIE or more
# events in common is tied (Predicates.clause_apart)
_CLAUSE_TIED = contextvars.ContextVar("clause_tied", default=False)  # the library default is in CompareSettings


def clause_tie() -> int:
    """The clause check's tie in force: the named events in common that tie a pair (0: none)."""
    return CLAUSE_TIE if _CLAUSE_TIED.get() else 0


def clause_tied_setting(on: bool):
    """Compare with the clause check tied by named events on or off (on turns the clause check on)."""
    return _in_force(_CLAUSE_TIED, bool(on))


# The holder check for one comparison (Options.holders: off by default): on reads HOLDERS_FACTOR
# and HOLDERS_TIE when a pair is damped (compare/holders.py)
_HOLDERS = contextvars.ContextVar("holder_check", default=False)


def holders_factor() -> float:
    """The holder check's damping in force; 1.0: off."""
    return HOLDERS_FACTOR if _HOLDERS.get() else 1.0


def holders_setting(on: bool):
    """Compare with the holder check on or off."""
    return _in_force(_HOLDERS, bool(on))


# The speaker check for one comparison (Options.speaker: off by default): on reads SPEAKER_FACTOR
# when the Predicates are made and SPEAKER_TIE when a pair is damped (compare/holders.py)
_SPEAKER = contextvars.ContextVar("speaker_check", default=False)


def speaker_factor() -> float:
    """The speaker check's damping in force; 1.0: off."""
    return SPEAKER_FACTOR if _SPEAKER.get() else 1.0


def speaker_setting(on: bool):
    """Compare with the speaker check on or off."""
    return _in_force(_SPEAKER, bool(on))


# The modality check's wider reading for one comparison (Options.modality: off by default): on,
# ``_moods`` reads MODALITY_READINGS besides a modal, a future auxiliary and an intent before
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
    return _in_force(_MODALITY, bool(on))


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
        the same words, ``_different_statements``' match, are tested only for the pairs the
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
        ``_different_statements`` matches them)."""
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


# Main verbs of a claim that states a state, not an event ("is dead", "has a record"), or that
# reports without a reported clause ("Neighbors reported hearing numerous shots"): such a
# claim's events are the ones it names (Predicates, the frame check). By definition, not tuned.
_COPULAS = frozenset({"", "be", "have", "say", "tell", "report", "state", "claim", "note", "add", "describe"})

# Words before a verb that make it unrealised: a modal or future auxiliary, or a verb
# of expectation or intent before "to"; and the words that may stand between them and
# the verb ("could not be charged", "is expected to be sentenced"). By definition a
# claim that something could or will happen does not state that it did.
_MODALS = frozenset("could may might would will shall should must can cannot".split())
_INTENT = frozenset("""expect expected expects plan plans planned planning set due likely unlikely going hope hopes
    hoped hoping aim aims aimed intend intends intended want wants wanted scheduled slated poised threaten threatens
    threatened vow vows vowed promise promises promised seek seeks sought try tries tried attempt attempted""".split())
_BETWEEN = frozenset("not n’t n't never also still soon then now likely probably possibly only be been have being "
                     "to further again".split())


def _modal(t: str) -> bool:
    t = t.replace("’", "'")
    if t.endswith("'ll"):  # "he'll"
        return True
    if t.endswith("n't"):  # "couldn't", "won't", "can't"
        t = {"wo": "will", "ca": "can"}.get(t[:-3], t[:-3])
    return t in _MODALS


@functools.lru_cache(maxsize=4096)  # a claim's text is read again for each pair the recall join tests
def _words(text: str) -> tuple[str, ...]:
    return tuple(words(text))


def _unrealised(text: str, verbs: dict[str, int]) -> set[int]:
    """The ids of ``verbs`` (inflection key -> id) whose written form in ``text`` follows
    a modal or an intent ("could clinch", "will be sentenced", "plans to appeal")."""
    return _modality(text, verbs)[0]


@functools.lru_cache(maxsize=16384)  # a word's keys, made once, not for each claim it is in
def _form_keys(t: str) -> tuple[str, ...]:
    """The inflection keys a written form may have: itself, and with -s/-es/-ed/-d/-ing off."""

    return tuple({stem(t)} | {stem(t[:-len(x)]) for x in ("s", "es", "ed", "d", "ing") if t.endswith(x) and len(t) > len(x) + 2})


def _modality(text: str, verbs: dict[str, int]) -> tuple[set[int], set[int]]:
    """The ids of ``verbs`` (inflection key -> id) that ``text`` states as unrealised
    (``_unrealised``) and those it states in a past form not after a modal ("clinched",
    "was sentenced"). A form is found by its inflection key with -s/-es/-ed/-d/-ing off;
    a base form ("to host", a headline's "clinch", the noun "host") and an irregular one
    ("won", "set") say neither, and then the check has nothing to compare."""
    out, past, _ = _moods(text, verbs)
    return out, past


# The wider reading's words (Options.modality; by definition, not tuned): verbs of a call,
# request or demand whose object's verb after "to" is unrealised ("urged parents to become",
# "is asked to call"; "call" only as "call on/upon"), with at most _REQUEST_GAP words between
# (the one asked) and no "to"; adverbs that may stand between a modal and its verb besides
# _BETWEEN (any in -ly, and these); adverbs of a habit.
_REQUEST = frozenset(stem(w) for w in """ask urge demand press pressure push implore beg encourage order request
    petition lobby call""".split())
_REQUEST_GAP = 5
_LATER = frozenset("eventually ultimately soon later finally someday yet once".split())
_HABITUAL = frozenset("normally usually typically routinely regularly ordinarily customarily traditionally".split())
_HABIT_GAP = 2  # words between the habit's adverb and its verb ("Normally, Microsoft releases"), by definition


def _verb_keys(u: dict) -> frozenset[str]:
    """The inflection keys of a claim's verbs and predicate, any clause (a headline's verb before
    "to" that the parse may not list as a verb: "Returns to Host")."""
    return frozenset(stem(_norm(v)) for v in [*(u.get("verbs") or ()), u.get("predicate") or ""] if v)


def _skippable(t: str, wide: bool) -> bool:
    """Whether ``t`` may stand between a modal or "to" and its verb."""
    return t in _BETWEEN or (wide and t != "to" and (t in _LATER or (len(t) > 4 and t.endswith("ly"))))


def _moods(text: str, verbs: dict[str, int], readings: frozenset = frozenset(), headline: bool = False,
           verb_keys: frozenset = frozenset()) -> tuple[set[int], set[int], set[int]]:
    """``_modality``'s unrealised and past ids, and with ``readings`` (MODALITY_READINGS) the
    wider reading: more unrealised forms (a headline's "X to VERB", a request's "to VERB", an
    adverb after the modal), habitual ones (the third set), and with "present" a headline's
    present form as past. ``headline``: the claim is a headline (annotate's flag);
    ``verb_keys``: the inflection keys of every verb of the claim (``_verb_keys``)."""
    out: set[int] = set()
    past: set[int] = set()
    habit: set[int] = set()
    if not verbs:
        return out, past, habit
    toks = _words(text)
    wide = "adverb" in readings
    near = [False] * len(toks)  # a modal or "to" up to four words before: the only places a verb can be unrealised
    for i, t in enumerate(toks):
        # (a word without an apostrophe is a modal only as itself: _modal's test, faster)
        if t == "to" or t in _MODALS or (("'" in t or "’" in t) and _modal(t)):
            near[i + 1:i + 5] = [True] * len(near[i + 1:i + 5])
    # with the wider reading, a headline's "to" with no verb before it is a future ("Microsoft to release patch")
    future_to = -1
    if headline and "headline" in readings:
        for i, t in enumerate(toks):
            if t == "to":
                if i > 0 and not any(set(_form_keys(w)) & verb_keys for w in toks[:i]):
                    future_to = i
                break
    habitual = "habitual" in readings and any(t in _HABITUAL for t in toks)
    # the habit's adverb up to _HABIT_GAP words before the verb: "Normally, Microsoft releases"
    habit_at = [False] * len(toks) if habitual else None
    if habit_at is not None:
        for i, t in enumerate(toks):
            if t in _HABITUAL:
                habit_at[i + 1:i + 2 + _HABIT_GAP] = [True] * len(habit_at[i + 1:i + 2 + _HABIT_GAP])
    present = headline and "present" in readings
    for p, t in enumerate(toks):
        if not near[p] and not t.endswith("ed") and not habitual and not present:
            continue  # neither unrealised nor a past form: no stems to make
        hit = [verbs[k] for k in _form_keys(t) if k in verbs]
        if not hit:
            continue
        if t.endswith("ed"):
            past.update(hit)
        q = p - 1
        while q >= 0 and p - q <= 4 and _skippable(toks[q], wide) and toks[q] != "to":
            q -= 1
        if q >= 0 and _modal(toks[q]):
            out.update(hit)
            continue
        after_to = q >= 0 and toks[q] == "to"
        unreal = False
        while q >= 0 and p - q <= 4 and toks[q] in _BETWEEN:  # "is expected to (be) announced"
            if toks[q] == "to" and q > 0 and toks[q - 1] in _INTENT:
                unreal = True
                break
            if toks[q] == "to" and readings and (q == future_to or ("request" in readings and _requested(toks, q))):
                unreal = True
                break
            q -= 1
        if unreal:
            out.update(hit)
            continue
        if t.endswith(("ed", "ing")) or after_to:
            continue
        if habit_at is not None and habit_at[p]:  # a present form just after "normally", "usually": a habit
            habit.update(hit)
        elif present:  # a headline's present form: the done fact in headline style
            past.update(hit)
    return out, past - out, habit - out - past


def _requested(toks: tuple[str, ...], q: int) -> bool:
    """Whether the "to" at ``q`` follows a verb of a call, request or demand, with at most
    _REQUEST_GAP words (the one asked, no "to") between: "call on the administration to",
    "urged parents to", "is asked to"."""
    for r in range(q - 1, max(-1, q - 2 - _REQUEST_GAP), -1):
        if toks[r] == "to":
            return False
        if set(_form_keys(toks[r])) & _REQUEST:
            if toks[r].startswith("call"):  # "call on X to", not "were called to the home to"
                return r + 1 < q and toks[r + 1] in ("on", "upon")
            return not (r > 0 and toks[r - 1] == "in")  # "in order to" is a purpose
    return False


def _different_predicates(units: list[dict], s: np.ndarray) -> None:
    """Damp the similarity of every pair of claims whose predicates are not compatible."""
    if PREDICATE_PENALTY == 1.0 or len(units) < 2:
        return
    n = len(units)
    preds = Predicates(units)
    step = max(1, 1_000_000 // n)  # rows at a time: a few n-long arrays per row, not n x n of them
    for r0 in range(0, n, step):
        I, J = np.divmod(np.arange(r0 * n, min(n, r0 + step) * n, dtype=np.intp), n)
        s[r0:r0 + step] *= preds.factor(I, J).reshape(-1, n)


# QUOTE_SHARE: a claim that is mostly a direct quote is a statement; QUOTE_PENALTY: two
# different statements are two facts, however alike in topic (tuned, in options)


def _different_statements(units: list[dict], s: np.ndarray) -> None:
    """Damp the similarity of two quote-claims whose quotes are not the same words."""
    from .quotes import _matches, match_candidates

    qw = [_quote_words(u) for u in units]
    quoted = np.array([i for i, q in enumerate(qw) if q is not None], dtype=np.intp)
    if len(quoted) < 2:
        return
    factor = np.full((len(quoted), len(quoted)), QUOTE_PENALTY)
    # only the pairs that pass the cheap reject can match: the others keep the penalty
    from collections import Counter

    counts = [Counter(qw[i]) for i in quoted]
    for a, b in match_candidates([qw[i] for i in quoted]):
        if _matches(qw[quoted[a]], qw[quoted[b]], (counts[a], counts[b])):
            factor[a, b] = factor[b, a] = 1.0
    sub = np.ix_(quoted, quoted)
    diag = s[quoted, quoted]
    s[sub] *= factor
    s[quoted, quoted] = diag  # the pairs only (the diagonal is set to 1 after)


def cluster(sim: np.ndarray, threshold: float = THRESHOLD) -> list[list[int]]:
    """Average-link groups of unit indexes (deterministic, ordered by first member)."""
    n = sim.shape[0]
    if n == 0:
        return []
    if n == 1:
        return [[0]]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    dist = 1.0 - sim
    np.fill_diagonal(dist, 0.0)
    dist = (dist + dist.T) / 2
    z = linkage(squareform(dist, checks=False), method="average")
    labels = fcluster(z, t=1.0 - threshold, criterion="distance")
    groups: dict[int, list[int]] = {}
    for i, lab in enumerate(labels):
        groups.setdefault(int(lab), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def _participant_keys(u: dict, pred: int, kinds: tuple[str, ...]) -> set:
    """(predicate, participant) keys of a unit for one of its event predicates: a named
    entity, a place, the counted thing of a figure, a resolved day; two units sharing one
    have one predicate and one participant (a figure's key still needs overlapping ranges,
    checked after)."""
    out: set = set()
    if "entity" in kinds:
        out |= {(pred, "e", e) for e in u["entities"]}
    if "place" in kinds:
        out |= {(pred, "p", p) for p in u["places"]}
    if "figure" in kinds:
        out |= {(pred, "n", q.get("counted"), q.get("unit")) for q in u["quantities"]
                if q.get("counted") and q.get("kind") != "age"}
    if "day" in kinds:
        out |= {(pred, "d", d) for d in ({_day(t.get("value")) for t in u["timexes"]
                                         if t.get("type") in ("DATE", "TIME")} - {None}) if len(d) == 10}
    return out


_PARTICLES = {"in": "in", "into": "in", "out": "out", "up": "up", "down": "down", "off": "off", "back": "back",
              "over": "over", "away": "away"}


def _years(u: dict) -> set[str]:
    return {v[:4] for v in (t.get("value") for t in u["timexes"] if t.get("type") in ("DATE", "TIME"))
            if isinstance(v, str) and v[:4].isdigit()}


def _particles(text: str, verb: str) -> set[str]:
    """The particles right after a form of ``verb`` (an inflection key: its written forms are
    found by their first four letters, "check" / "checked" / "checks"; an irregular form is
    not found, and then no particle tells the claims apart)."""
    import re

    return {_PARTICLES[m.group(1)] for m in re.finditer(r"\b" + re.escape(verb[:4]) + r"\w*\s+(" +
                                                         "|".join(_PARTICLES) + r")\b", text.lower())}


def _told_apart(a: dict, b: dict, verbs: list[str]) -> bool:
    """Two claims with one predicate and one participant that still state two facts: one
    negated and not the other ("never checked into Morningside"), years both give and none
    shared ("first hosted the Oscars in 2007" / "will host this year"), the verb with
    another particle ("checked into rehab" / "checked out of"), or the verb unrealised in
    one and past in the other (``_modality``)."""
    if a["negated"] != b["negated"]:
        return True
    ya, yb = _years(a), _years(b)
    if ya and yb and not ya & yb:
        return True
    for v in verbs:
        pa, pb = _particles(a["text"], v), _particles(b["text"], v)
        if pa and pb and not pa & pb:
            return True
    # the verb unrealised in one and not the other ("could clinch" / "clinched")
    ids = {v: k for k, v in enumerate(verbs)}
    r = modality_readings()
    (ua, pa, ha), (ub, pb, hb) = (_moods(u["text"], ids, r, bool(u.get("headline")), _verb_keys(u) if r else frozenset())
                                  for u in (a, b))
    return bool(ua & pb or ub & pa or ha & (pb | ub) or hb & (pa | ua))


def _shared_participants(a: dict, b: dict, kinds: tuple[str, ...]) -> int:
    """How many participants of ``kinds`` two claims share (``_participant_keys``; a
    figure's counted thing only when their figures agree)."""
    shared = _participant_keys(a, 0, kinds) & _participant_keys(b, 0, kinds)
    if any(k[1] == "n" for k in shared) and number_agreement(a, b) != 1.0:
        shared = {k for k in shared if k[1] != "n"}
    return len(shared)


def recall_candidates(units: list[dict], groups: list[list[int]], sim, floor: float | None = None,
                      kinds: tuple[str, ...] | None = None, threshold: float = THRESHOLD,
                      verbs: bool | None = None, vetoes: bool = True, nouns: float | None = ...,
                      floor2: float | None = ...):
    """(i, j, similarity) of the pairs a recall join may put together, most similar first:
    claims of two articles, at least one alone in its group, with one event predicate (an
    event verb of one among the other's with ``verbs``, else one main predicate: one
    inflection key, not a light or reporting verb, see ``Predicates``) and one participant
    of ``kinds`` (``_participant_keys``; a figure's ranges overlapping), not told apart
    (``_told_apart``), whose similarity is in [floor, threshold) (a pair at or above the
    threshold was the clustering's to join). With ``verbs``, ``nouns`` adds the claims'
    event nouns (``Predicates.event_triggers``; None: none). Defaults: RECALL_FLOOR,
    RECALL_PARTICIPANTS, RECALL_VERBS, RECALL_NOUNS (fitted, in options). A pair sharing two
    participants or more (``_shared_participants``) needs only ``floor2`` (RECALL_FLOOR2;
    None: no such tier)."""
    nouns = RECALL_NOUNS if nouns is ... else nouns
    floor2 = RECALL_FLOOR2 if floor2 is ... else floor2
    floor = RECALL_FLOOR if floor is None else floor
    kinds = RECALL_PARTICIPANTS if kinds is None else kinds
    verbs = RECALL_VERBS if verbs is None else verbs
    z = np.zeros(0, dtype=np.intp)
    if len(units) < 2 or floor >= threshold:
        return z, z, np.zeros(0)
    preds = sim.preds if isinstance(sim, PairSimilarity) and sim.preds is not None else Predicates(units)
    ks = preds.event_triggers(nouns) if verbs else preds.event_verbs()
    if verbs:  # any event verb of the one with any of the other's
        keys = [set().union(*(_participant_keys(u, int(k), kinds) for k in kk)) if kk else set()
                for u, kk in zip(units, ks)]
    else:
        keys = [_participant_keys(u, int(k), kinds) if k else set() for u, k in zip(units, preds.key.tolist())]
    I, J = shared_key_pairs(keys)
    size = np.zeros(len(units), dtype=np.intp)
    for g in groups:
        size[g] = len(g)
    art = np.array([u["article_index"] for u in units])
    keep = (art[I] != art[J]) & ((size[I] == 1) | (size[J] == 1))
    I, J = I[keep], J[keep]
    # the similarity band first (vectorised): the checks below run per pair, in Python
    low = floor2 if floor2 is not None and floor2 < floor else floor
    V = sim.values(I, J) if isinstance(sim, PairSimilarity) else np.asarray(sim)[I, J]
    keep = (V >= low) & (V < threshold)
    I, J, V = I[keep], J[keep], V[keep]
    if "figure" in kinds and len(I):  # a shared counted thing is one participant only when the figures agree
        ok = np.array([any(k[1] != "n" for k in keys[i] & keys[j]) or number_agreement(units[i], units[j]) == 1.0
                       for i, j in zip(I.tolist(), J.tolist())], dtype=bool)
        I, J, V = I[ok], J[ok], V[ok]
    if vetoes and len(I):
        shared = [ks[i] & ks[j] for i, j in zip(I.tolist(), J.tolist())] if verbs else \
            [{int(preds.key[i])} for i in I.tolist()]
        ok = np.array([not _told_apart(units[i], units[j], [preds.names[k] for k in sh])
                       and not not_one_fact(units, preds, i, j)
                       for i, j, sh in zip(I.tolist(), J.tolist(), shared)], dtype=bool)
        I, J, V = I[ok], J[ok], V[ok]
    if low < floor:  # below the floor: two participants shared (floor2)
        ok = V >= floor
        for x in np.flatnonzero(~ok).tolist():
            ok[x] = _shared_participants(units[I[x]], units[J[x]], kinds) >= 2
        I, J, V = I[ok], J[ok], V[ok]
    o = np.lexsort((J, I, -V))
    return I[o], J[o], V[o]


# -- two claims that cannot state one fact, whatever their words share (issue 15) ------
#
# Checked on every pair a group would hold (``split_not_one_fact``, after the recall join),
# on the recall join's candidates and on secondary memberships: by definition, not tuned.

_NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot)\b|n[’']t\b", re.I)


def _people(u: dict) -> frozenset[str]:
    """The people a claim is about, its speaker not counted (``people.participants``)."""
    return participants(u)


def _figure_slots(u: dict) -> set:
    return {(q.get("counted"), q.get("unit")) for q in u["quantities"] if q.get("counted") and q.get("kind") != "age"}


def _other_people(a: dict, b: dict) -> bool:
    """Figures of one counted thing about people of whom the two claims share no one
    (``people.different_people``: "Richard Carter scored 14 points" / "paced by 13 points from
    McDermott"; "Earl Clark finished ... with 25 points" / "Ford finished his career ... with
    2,290 points"): two people's figures, two facts."""
    return bool(_figure_slots(a) & _figure_slots(b)) and different_people(a, b)


def _polarity_differs(a: dict, b: dict) -> bool:
    """One claim negated and the other with no negation anywhere in its text ("Lindsay never
    checked into Morningside" / "Lindsay Lohan checks into rehab"): a fact and its denial."""
    if a["negated"] == b["negated"]:
        return False
    return not _NEGATION.search((b if a["negated"] else a)["text"])


def not_one_fact(units: list[dict], preds: Predicates, i: int, j: int) -> bool:
    """Whether claims i and j cannot state one fact: one main predicate, denied in one and
    stated in the other (``_polarity_differs``); figures of one thing about different
    people (``_other_people``); one predicate a possibility in one and a fact in the other
    (``Predicates.modality_apart``: the predicate check damps such a pair, and this keeps a
    third claim from joining them); another occasion of one kind of event (written dates that
    cannot overlap, other organisations in one role: ``occasion.occasion_apart``; OCCASION_CHECK)."""
    a, b = units[i], units[j]
    if i in preds.unrealised_units or j in preds.unrealised_units:
        if bool(preds.modality_apart(np.array([i], dtype=np.intp), np.array([j], dtype=np.intp))[0]):
            return True
    if OCCASION_CHECK and occasion_apart(a, b):
        return True
    if a["negated"] == b["negated"] and not (_people(a) and _people(b)):
        return False  # neither check can apply: the common case, decided before any set is made
    k = int(preds.key[i])
    return (k != 0 and k == int(preds.key[j]) and _polarity_differs(a, b)) or _other_people(a, b)


def _not_one_fact_pairs(units: list[dict], preds: Predicates, g: list[int]) -> set[tuple[int, int]]:
    """The pairs (i < j) of a group's claims from two articles that ``not_one_fact`` tells
    apart; only members that can be in such a pair (negated, with a possibility, with people
    and figures, or, with OCCASION_CHECK, with a written date or an organisation in a role:
    ``occasion.has_occasion``) are paired, not every member pair."""
    out: set[tuple[int, int]] = set()
    art = [units[i]["article_index"] for i in g]
    neg = [x for x, i in enumerate(g) if units[i]["negated"] and preds.key[i] or i in preds.unrealised_units]
    fig = [x for x, i in enumerate(g) if _people(units[i]) and _figure_slots(units[i])]
    cand = {(min(x, y), max(x, y)) for x in neg for y in range(len(g)) if y != x}
    cand |= {(x, y) for n, x in enumerate(fig) for y in fig[n + 1:]}
    if OCCASION_CHECK:
        occ = [x for x, i in enumerate(g) if has_occasion(units[i])]
        cand |= {(x, y) for n, x in enumerate(occ) for y in occ[n + 1:]}
    for x, y in sorted(cand):
        i, j = g[x], g[y]
        if art[x] != art[y] and not_one_fact(units, preds, i, j):
            out.add((min(i, j), max(i, j)))
    return out


def split_not_one_fact(units: list[dict], groups: list[list[int]], sim) -> list[list[int]]:
    """The groups with no two claims of different articles that cannot state one fact
    (``not_one_fact``): a group holding such a pair is cut in two around it, each other
    member going with the claim of the pair it is more similar to (the first on a tie),
    and each part is checked again. "We don't want peace for slaves" and "wanted peace,
    but only a peace with sovereignty" part, each taking the claims that say the same as
    it. Groups stay sorted, ordered by first member."""
    preds = sim.preds if isinstance(sim, PairSimilarity) and sim.preds is not None else Predicates(units)
    out = []
    todo = [sorted(g) for g in groups]
    while todo:
        g = todo.pop()
        bad = sorted(_not_one_fact_pairs(units, preds, g)) if len(g) > 1 else []
        if not bad:
            out.append(g)
            continue
        todo.extend(_cut(g, *bad[0], sim))
    return sorted(out, key=lambda g: g[0])


def pair_values(sim, I: np.ndarray, J: np.ndarray) -> np.ndarray:
    """The similarities of the claim pairs (I[k], J[k]) from a ``PairSimilarity`` or a
    dense matrix (the veto reads them too)."""
    return sim.values(I, J) if isinstance(sim, PairSimilarity) else np.asarray(sim)[I, J]


def _cut(g: list[int], i: int, j: int, sim) -> tuple[list[int], list[int]]:
    """A group cut in two around the pair (i, j): each other member goes with the claim of
    the pair it is more similar to (``i`` on a tie); both parts sorted."""
    rest = [m for m in g if m not in (i, j)]
    r = np.array(rest, dtype=np.intp)
    near_i = (pair_values(sim, np.full(len(r), i, dtype=np.intp), r)
              >= pair_values(sim, np.full(len(r), j, dtype=np.intp), r)).tolist() if rest else []
    return (sorted([i] + [m for m, k in zip(rest, near_i) if k]),
            sorted([j] + [m for m, k in zip(rest, near_i) if not k]))


def split_weak_links(units: list[dict], groups: list[list[int]], sim, floor: float | None = ...) -> list[list[int]]:
    """The groups with no two claims of different articles less similar than ``floor``
    (CHAIN_FLOOR; None: off): average linkage lets a bridging claim join two claims that
    share little ("A ~ B ~ C" with A and C apart), and every member pair of a corroborated
    group counts as corroboration. A group holding such a pair is cut around its weakest
    one as ``split_not_one_fact`` cuts (each other member going with the claim of the pair
    it is more similar to), and each part is checked again."""
    floor = CHAIN_FLOOR if floor is ... else floor
    if floor is None:
        return groups
    art = [u["article_index"] for u in units]
    out = []
    todo = [sorted(g) for g in groups]
    while todo:
        g = todo.pop()
        if len(g) < 2:
            out.append(g)
            continue
        x, y = np.triu_indices(len(g), 1)
        ga = np.array(g, dtype=np.intp)
        cross = np.array([art[i] != art[j] for i, j in zip(ga[x].tolist(), ga[y].tolist())], dtype=bool)
        x, y = x[cross], y[cross]
        v = pair_values(sim, ga[x], ga[y]) if len(x) else np.zeros(0)
        if not len(v) or v.min() >= floor:
            out.append(g)
            continue
        k = int(np.lexsort((y, x, v))[0])  # the weakest pair (ties: first in member order)
        todo.extend(_cut(g, g[int(x[k])], g[int(y[k])], sim))
    return sorted(out, key=lambda g: g[0])


def recall_join(units: list[dict], groups: list[list[int]], sim, floor: float | None = None,
                kinds: tuple[str, ...] | None = None, threshold: float = THRESHOLD,
                nouns: float | None = ..., floor2: float | None = ...) -> list[list[int]]:
    """The groups with the recall joins made: a claim alone in its group joins the claim of
    another article that states one predicate about one participant (``recall_candidates``)
    — with it alone, or in its group when the claim is at least ``floor`` similar to the
    group's members on average (``floor2`` when the two claims share two participants) —
    most similar pairs first. Two groups of several members are never pulled together.
    Groups stay sorted, ordered by first member."""
    floor = RECALL_FLOOR if floor is None else floor
    floor2 = RECALL_FLOOR2 if floor2 is ... else floor2
    kinds = RECALL_PARTICIPANTS if kinds is None else kinds
    I, J, _ = recall_candidates(units, groups, sim, floor, kinds, threshold, nouns=nouns, floor2=floor2)
    if not len(I):
        return groups
    group_of = {i: gi for gi, g in enumerate(groups) for i in g}
    members = {gi: list(g) for gi, g in enumerate(groups)}
    for i, j in zip(I.tolist(), J.tolist()):
        gi, gj = group_of[i], group_of[j]
        if gi == gj or (len(members[gi]) > 1 and len(members[gj]) > 1):
            continue
        if len(members[gi]) > 1:  # i is in a group, j alone: j joins i's group
            i, j, gi, gj = j, i, gj, gi
        target = members[gj]
        if len(target) > 1:
            avg = float(np.mean(sim.values(np.full(len(target), i, dtype=np.intp), np.array(target, dtype=np.intp))
                                if isinstance(sim, PairSimilarity) else np.asarray(sim)[i, target]))
            if avg < floor and (floor2 is None or avg < floor2 or
                                _shared_participants(units[i], units[j], kinds) < 2):
                continue
        target.append(i)
        del members[gi]
        group_of[i] = gj
    return sorted((sorted(g) for g in members.values()), key=lambda g: g[0])


def fragment_links(units: list[dict], groups: list[list[int]], sim, floor: float,
                   kinds: tuple[str, ...] | None = None, verbs: bool = False,
                   participants: int = 1, enough: int | None = None) -> dict[tuple[int, int], tuple[int, float]]:
    """{(group a, group b): (links, best similarity)} of the pairs of groups of several
    claims each that some pair of their claims links: claims of two articles with one main
    predicate (one inflection key, an event verb, see ``Predicates``; with ``verbs``, an event
    verb of one among the other's) and one participant of ``kinds`` (``_participant_keys``; a
    figure's ranges overlapping; ``participants`` of them at least, ``_shared_participants``),
    similarity at least ``floor``, not told apart (``_told_apart``, ``not_one_fact``); with
    ``enough``, a pair of groups stops counting at that many links (most similar pairs first,
    so its best similarity is known). Candidates come from the shared keys, not from every
    pair of groups."""
    kinds = RECALL_PARTICIPANTS if kinds is None else kinds
    out: dict[tuple[int, int], tuple[int, float]] = {}
    if len(units) < 4:
        return out
    preds = sim.preds if isinstance(sim, PairSimilarity) and sim.preds is not None else Predicates(units)
    group_of = np.full(len(units), -1, dtype=np.intp)
    for gi, g in enumerate(groups):
        if len(g) > 1:
            group_of[g] = gi
    ev = preds.event_verbs() if verbs else [{k} if k else set() for k in preds.key.tolist()]
    keys = [set().union(*(_participant_keys(u, int(k), kinds) for k in ks)) if ks and group_of[i] >= 0 else set()
            for i, (u, ks) in enumerate(zip(units, ev))]
    I, J = shared_key_pairs(keys)
    art = np.array([u["article_index"] for u in units])
    keep = (art[I] != art[J]) & (group_of[I] != group_of[J])
    I, J = I[keep], J[keep]
    V = sim.values(I, J) if isinstance(sim, PairSimilarity) else np.asarray(sim)[I, J]
    keep = V >= floor
    I, J, V = I[keep], J[keep], V[keep]
    o = np.lexsort((J, I, -V))
    for i, j, v in zip(I[o].tolist(), J[o].tolist(), V[o].tolist()):
        ab = (int(min(group_of[i], group_of[j])), int(max(group_of[i], group_of[j])))
        if enough is not None and out.get(ab, (0,))[0] >= enough:
            continue  # the checks below are the costly part: not needed past ``enough``
        shared = keys[i] & keys[j]
        if not any(k[1] != "n" for k in shared) and number_agreement(units[i], units[j]) != 1.0:
            continue  # a shared counted thing is one participant only when the figures agree
        if participants > 1 and _shared_participants(units[i], units[j], kinds) < participants:
            continue
        names = [preds.names[int(k)] for k in ev[i] & ev[j]]
        if _told_apart(units[i], units[j], names) or not_one_fact(units, preds, i, j):
            continue
        n, best = out.get(ab, (0, 0.0))
        out[ab] = (n + 1, max(best, v))
    return out


def _figures_apart(units: list[dict], a: list[int], b: list[int]) -> bool:
    """Whether a claim of ``a`` and one of ``b`` give disjoint figures of one counted thing."""
    slots_b: dict = {}
    for j in b:
        for s in _number_keys(units[j]):
            slots_b.setdefault(s, []).append(j)
    for i in a:
        for s in _number_keys(units[i]):
            if any(number_agreement(units[i], units[j]) < 1.0 for j in slots_b.get(s, ())):
                return True
    return False


def _cross_mean(art: np.ndarray, sim, a: list[int], b: list[int]) -> float:
    """Average similarity of the pairs of a claim of ``a`` and a claim of ``b`` from two
    articles (``art``: each claim's article index)."""
    I = np.repeat(np.array(a, dtype=np.intp), len(b))
    J = np.tile(np.array(b, dtype=np.intp), len(a))
    keep = art[I] != art[J]
    if not keep.any():
        return 0.0
    I, J = I[keep], J[keep]
    V = sim.values(I, J) if isinstance(sim, PairSimilarity) else np.asarray(sim)[I, J]
    return float(V.mean())


_ARTICLE_RULES = ("none", "first", "sentence")  # merge_fragments: when an article may have claims in both groups


def merge_fragments(units: list[dict], groups: list[list[int]], sim, floor: float | None = ...,
                    links: int | None = None, kinds: tuple[str, ...] | None = None, verbs: bool | None = None,
                    articles: str | None = None, mean: float | None = ...,
                    participants: int | None = None) -> list[list[int]]:
    """The groups with the fragments of one fact merged: two groups of several claims each
    merge when at least ``links`` pairs of their claims link them (``fragment_links``, at
    similarity ``floor``, with ``verbs`` and ``participants``), their claims from two
    articles are ``mean`` similar on average (None: any), no pair of their claims cannot
    state one fact (``not_one_fact``), none gives a figure of one counted thing the other
    contradicts, and an article with claims in both is allowed as ``articles`` says:
    "none" (an article stating a fact twice is rare, two facts in it common), "first" (only
    an article whose claims in one of the groups are its first sentence: a headline or lead
    told again below) or "sentence" (any, but no sentence in both: one sentence, one primary
    group). Best linked pairs first; a merged group is checked again as a whole. Defaults:
    FRAGMENT_FLOOR (None: no merge), FRAGMENT_LINKS, FRAGMENT_VERBS, FRAGMENT_ARTICLES,
    FRAGMENT_MEAN, FRAGMENT_PARTICIPANTS (fitted, in options). Groups stay sorted, ordered
    by first member."""
    floor = FRAGMENT_FLOOR if floor is ... else floor
    links = FRAGMENT_LINKS if links is None else links
    verbs = FRAGMENT_VERBS if verbs is None else verbs
    articles = FRAGMENT_ARTICLES if articles is None else articles
    mean = FRAGMENT_MEAN if mean is ... else mean
    participants = FRAGMENT_PARTICIPANTS if participants is None else participants
    if floor is None:
        return groups
    if articles not in _ARTICLE_RULES:
        raise InputError("articles", f"unknown rule {articles!r} for an article in both groups "
                                     f"(one of {', '.join(_ARTICLE_RULES)})")
    cand = fragment_links(units, groups, sim, floor, kinds, verbs, participants, enough=links)
    if not cand:
        return groups
    preds = sim.preds if isinstance(sim, PairSimilarity) and sim.preds is not None else Predicates(units)
    root = list(range(len(groups)))

    def find(x: int) -> int:
        while root[x] != x:
            root[x] = root[root[x]]
            x = root[x]
        return x

    members = {gi: list(g) for gi, g in enumerate(groups)}
    art = np.array([u["article_index"] for u in units])
    held: dict[int, dict[str, set[int]]] = {}  # group -> article -> its sentences there
    for gi, g in enumerate(groups):
        for i in g:
            held.setdefault(gi, {}).setdefault(units[i]["article_id"], set()).add(units[i]["sentence"])

    def apart(x: dict[str, set[int]], y: dict[str, set[int]]) -> bool:
        for a in x.keys() & y.keys():
            if articles == "none" or x[a] & y[a] or (articles == "first" and {0} not in (x[a], y[a])):
                return True
        return False

    order = [(a, b) for (a, b), (n, _) in sorted(cand.items(), key=lambda x: (-x[1][1], x[0]))
             if n >= links and not apart(held[a], held[b])]
    if mean is not None and isinstance(sim, PairSimilarity) and order:  # their cross pairs' values in one batch
        I = np.concatenate([np.repeat(np.array(members[a], dtype=np.intp), len(members[b])) for a, b in order])
        J = np.concatenate([np.tile(np.array(members[b], dtype=np.intp), len(members[a])) for a, b in order])
        keep = art[I] != art[J]
        sim.values(I[keep], J[keep])
    for a, b in order:
        ra, rb = find(a), find(b)
        if ra == rb or apart(held[ra], held[rb]):
            continue
        if mean is not None and _cross_mean(art, sim, members[ra], members[rb]) < mean:
            continue
        merged = members[ra] + members[rb]
        if _not_one_fact_pairs(units, preds, merged) or _figures_apart(units, members[ra], members[rb]):
            continue
        lo, hi = min(ra, rb), max(ra, rb)
        root[hi] = lo
        members[lo] = merged
        held[lo] = {a: held[ra].get(a, set()) | held[rb].get(a, set()) for a in held[ra].keys() | held[rb].keys()}
        del members[hi], held[hi]
    return sorted((sorted(g) for g in members.values()), key=lambda g: g[0])


def recall_secondary(units: list[dict], groups: list[list[int]], memberships: list[list[int]], sim,
                     floor: float | None = None, nouns: float | None = ...) -> list[list[int]]:
    """``memberships`` plus a claim as a secondary member of a group of several claims
    when it is a recall candidate (``recall_candidates`` at ``floor``, whatever its own
    group) with every member of the group, and no member is from its article: a sentence
    that states two facts is told with both, and counts in one (``one_primary``).
    Default floor: RECALL_SECONDARY (fitted, in options; None: no such member)."""
    floor = RECALL_SECONDARY if floor is None else floor
    if floor is None or len(units) < 2:
        return memberships
    I, J, _ = recall_candidates(units, [[i] for i in range(len(units))], sim, floor, nouns=nouns, floor2=None)
    group_of = {i: gi for gi, g in enumerate(groups) for i in g}
    links: dict[tuple[int, int], set[int]] = {}
    for i, j in zip(I.tolist(), J.tolist()):
        links.setdefault((i, group_of[j]), set()).add(j)
        links.setdefault((j, group_of[i]), set()).add(i)
    out = [list(m) for m in memberships]
    for (i, gi), js in sorted(links.items()):
        g = groups[gi]
        if len(g) > 1 and len(js) == len(g) and i not in out[gi] and \
                units[i]["article_id"] not in {units[x]["article_id"] for x in out[gi]}:
            out[gi].append(i)
    return out


def verdict_similarity(units: list[dict], sim, weights=None):
    """The similarity the verdict rules read: ``sim`` (from ``align``) without the
    predicate check."""
    if isinstance(sim, PairSimilarity):
        return sim.without_predicates()
    return similarity(units, weights, predicates=False)


def align(units: list[dict], threshold: float = THRESHOLD, weights=None):
    """Group units stating the same fact; returns (groups, similarity).

    The similarity is a :class:`PairSimilarity` (``sim[i, j]``, exactly the values of
    ``similarity``) and the groups are those of ``cluster(similarity(units))``, found
    without the n x n matrix (``sparse_cluster``). Weights it cannot bound (an
    embedding, a negative weight) and rows whose term order it cannot reproduce take the
    dense path.
    """
    sim = PairSimilarity.build(units, weights)
    if sim is None:
        dense = similarity(units, weights)
        return cluster(dense, threshold), dense
    groups = sparse_cluster(sim, threshold)
    if groups is None:  # a merge within _TIE of the cut: float rounding of the sums could decide it
        groups = cluster(similarity(units, weights), threshold)
    return groups, sim


# -- the same similarity and groups without the n x n matrix ---------------------------
#
# ``similarity`` is, per pair, clip((w_word*word + w_char*char + slot terms) * quote
# factor, 0, 1). PairSimilarity computes it for the pairs asked, with the same floating-
# point operations in the same order: a cosine is the sum of the products of the two
# rows' shared features in the order scipy's product adds them (the rows' stored order,
# which TfidfVectorizer makes the order in which features were first seen: checked, not
# assumed). Average-link merges at distance <= 1 - t join two clusters only when their
# average similarity is >= t, which needs one pair >= t between them; so the flat groups
# follow from the pairs with similarity >= t (``edges``), found by an upper bound, and
# the exact average of the cluster pairs they link.

_BOUND_SLACK = 1e-9  # float rounding of the bound's own sums (a candidate more, never one less)
_GROUPS = 64  # column groups of the common features' bound (candidates)
_PAIR_COST = 50.0  # a candidate pair's exact value against one product of the bound (measured)
_TIE = 1e-9  # a merge this close to the cut is left to the dense linkage's own sums


def _ordered_tfidf(matrix):
    """``normalize(matrix)`` with columns renumbered so that each row's stored order is
    ascending: a canonical CSR matrix whose row products add terms in the order
    ``normalize(matrix) @ normalize(matrix).T`` does. None when no single column order
    explains every row's order."""
    from sklearn.preprocessing import normalize

    m = normalize(matrix).tocsr()
    rank = np.full(m.shape[1], -1, dtype=np.int64)
    first = np.unique(m.indices, return_index=True)  # columns by their first stored position
    order = first[0][np.argsort(first[1], kind="stable")]
    rank[order] = np.arange(len(order))
    new = rank[m.indices]
    d = np.diff(new)
    starts = m.indptr[1:-1]
    inside = np.ones(len(d), dtype=bool)
    inside[starts[(starts > 0) & (starts < len(new))] - 1] = False
    if len(d) and np.any(d[inside] <= 0):
        return None
    from scipy.sparse import csr_matrix

    out = csr_matrix((m.data, new.astype(m.indices.dtype), m.indptr), shape=m.shape)
    out.has_sorted_indices = True
    return out


class PairSimilarity:
    """``similarity(units)`` pair by pair: ``sim[i, j]`` and ``values(I, J)`` give the same
    floats as the dense matrix, ``edges(t)`` every pair (i < j) with similarity >= t."""

    @classmethod
    def build(cls, units: list[dict], weights: dict[str, float] | None = None) -> PairSimilarity | None:
        w = weights or WEIGHTS
        if w.get("embed") or any(v < 0 for v in w.values()):
            return None
        self = cls.__new__(cls)
        self.units, self.n, self.wt = units, len(units), w
        self._cache: dict[tuple[int, int], float] = {}
        # (whose, values() by ordered pair i * n + j) and (whose, a small story's base values
        # of every pair, ``_base``): a copy (``without_predicates``) tells its own from what it
        # shares. Whose by id, not the object: a reference to itself made a cycle that kept each
        # comparison (matrices, units, caches) alive until the collector found it
        self._vals: tuple = (id(self), {})
        self._edges: dict[float, tuple] = {}
        self._table: tuple = (id(self), None)
        if not units:
            self.word = self.char = None
            self.slots = []
            self.qw = []
            self.preds = None
            self._quoted = np.zeros(0, dtype=bool)
            return self
        from ..lexicon.text import fold_in_place
        from .tfidf import char_tfidf, word_tfidf

        # ``lexical_similarity``'s two TfidfVectorizer fits, the same floats in canonical
        # order (``_ordered_tfidf``), made in numpy (tfidf.py)
        docs = [" ".join(u["lemmas"]) or "_" for u in units]
        self.word = word_tfidf(docs)  # None: empty vocabulary, word similarity 0
        self.char = char_tfidf([fold_in_place(" ".join(u["lemmas"])) or "_" for u in units])
        if self.char is None:  # no feature: the vectorizer's error, on the dense path
            return None
        self.slots = self._slot_matrices()
        qw = [_quote_words(u) for u in units]
        # as ``_different_statements``: no damping unless two claims are quotes
        self.qw = qw if sum(q is not None for q in qw) >= 2 else [None] * len(qw)
        self._counts: dict[int, object] = {}
        self.preds = Predicates(units)
        self._quoted = np.array([q is not None for q in self.qw], dtype=bool)
        return self

    def _slot_matrices(self) -> list:
        """Weighted slot agreements as symmetric sparse matrices, in ``similarity``'s order."""
        from scipy.sparse import coo_matrix

        out = []
        for name, fn, keys in (("entity", entity_agreement, _entity_keys), ("number", number_agreement, _number_keys),
                               ("date", None, None), ("event", event_agreement, _event_keys)):
            if not self.wt.get(name):
                continue
            scored = _date_scores(self.units) if fn is None else \
                _number_scores(self.units) if fn is number_agreement else \
                _event_scores(self.units) if fn is event_agreement else None
            if scored is not None:
                i, j, v = scored
            else:
                i, j = shared_key_pairs([keys(u) for u in self.units])
                v = np.array([fn(self.units[a], self.units[b]) for a, b in zip(i.tolist(), j.tolist())], dtype=float)
            v = self.wt[name] * v
            if self.n <= _TABLE:  # a dense table: the same values (pairs i < j, each once), no sparse set-up
                d = np.zeros((self.n, self.n))
                d[i, j] = v
                d[j, i] = v
                out.append(d)
                continue
            out.append(coo_matrix((np.concatenate([v, v]), (np.concatenate([i, j]), np.concatenate([j, i]))),
                                  shape=(self.n, self.n)).tocsr())
        return out

    @staticmethod
    def _cosines(m, I: np.ndarray, J: np.ndarray) -> np.ndarray:
        if m is None:
            return np.zeros(len(I))
        out = np.empty(len(I))
        ones = np.ones(m.shape[1])
        step = 20000
        for s in range(0, len(I), step):
            # canonical rows: shared features multiplied in ascending column order, then
            # summed left to right (csr_matvec), as the product's accumulation does
            out[s:s + step] = m[I[s:s + step]].multiply(m[J[s:s + step]]).tocsr() @ ones
        return out

    def _quote_factor(self, a: int, b: int) -> float:
        from collections import Counter

        from .quotes import MATCH_RATIO, MIN_RUN, _matches

        qa, qb = self.qw[a], self.qw[b]
        if qa is None or qb is None:
            return 1.0
        if qa or qb:  # the cheap reject of ``match_candidates``, pair by pair
            shared = len(set(qa) & set(qb))
            short = min(len(qa), len(qb))
            if not (shared >= 1 and shared >= min(MIN_RUN, short) and shared >= MATCH_RATIO * short * 0.5):
                return QUOTE_PENALTY
        for k in (a, b):
            if k not in self._counts:
                self._counts[k] = Counter(self.qw[k])
        return 1.0 if _matches(qa, qb, (self._counts[a], self._counts[b])) else QUOTE_PENALTY

    def values(self, I, J, quotes: bool = True, base: np.ndarray | None = None, keep: bool = True) -> np.ndarray:
        """Similarity of the pairs (I[k], J[k]); ``quotes=False``: before the quote and
        predicate damping (an upper bound: the damping only lowers it). A pair's value does
        not depend on the batch it is in, so each ordered pair is computed once: clustering,
        the secondary memberships and the verdicts ask for many of the same pairs.
        ``base``: ``_base(I, J)`` when the caller has it already. ``keep=False``: pairs
        asked once, at the end (compare/similar.py): those not known are computed and not
        kept (the same floats; keeping them cost more than computing them)."""
        I = np.asarray(I, dtype=np.intp)
        J = np.asarray(J, dtype=np.intp)
        if len(I) == 0:
            return np.zeros(0)
        if not quotes:
            return self._finish(self._base(I, J), I, J, False)
        if not keep:
            known = self._vals[1] if self._vals[0] == id(self) else {}
            got = list(map(known.get, (I.astype(np.int64) * self.n + J).tolist()))
            miss = np.array([k for k, v in enumerate(got) if v is None], dtype=np.intp)
            s = np.array([0.0 if v is None else v for v in got], dtype=float)
            if len(miss):
                s[miss] = self._quoted_values(I[miss], J[miss], None if base is None else base[miss])
            return self._finish(s, I, J, True)
        # keyed by the ordered pair: the quote match reads its two quotes in that order
        codes = (I.astype(np.int64) * self.n + J).tolist()
        if self._vals[0] != id(self):  # a copy (other settings, say) keeps its own values
            self._vals = (id(self), {})
        known = self._vals[1]  # before the predicate factor: shared with ``without_predicates``
        miss = [k for k, c in enumerate(codes) if c not in known]
        if miss:
            # (j, i) known and not two quotes: the same value (``_base`` is symmetric,
            # bit for bit: the same products added in the same column order)
            n, q = self.n, self._quoted
            rev = [(k, c) for k in miss if (c := int(J[k]) * n + int(I[k])) in known and not (q[I[k]] and q[J[k]])]
            for k, c in rev:
                known[codes[k]] = known[c]
            if rev:
                miss = [k for k in miss if codes[k] not in known]
        if miss:
            idx = np.array(miss, dtype=np.intp)
            b = None if base is None else base[idx]
            known.update(zip([codes[k] for k in miss], self._quoted_values(I[idx], J[idx], b).tolist()))
        return self._finish(np.array([known[c] for c in codes], dtype=float), I, J, True)

    def _quoted_values(self, I: np.ndarray, J: np.ndarray, base: np.ndarray | None = None) -> np.ndarray:
        s = self._base(I, J) if base is None else base
        for k in np.flatnonzero(self._quoted[I] & self._quoted[J] & (I != J)).tolist():
            s[k] *= self._quote_factor(int(I[k]), int(J[k]))
        return s

    def _finish(self, s: np.ndarray, I: np.ndarray, J: np.ndarray, quotes: bool) -> np.ndarray:
        if quotes and self.preds is not None and PREDICATE_PENALTY != 1.0:  # after the quote factor, as ``similarity``
            s *= self.preds.factor(I, J)
        s[I == J] = 1.0
        return np.clip(s, 0.0, 1.0)

    def _base(self, I: np.ndarray, J: np.ndarray) -> np.ndarray:
        """Word and character cosines and slot agreements, weighted: no damping. A small
        story's pairs come from one table of every pair: each value is computed element
        by element, so the table holds the same floats as a batch would, and a small
        story's many small batches cost a lookup each instead of scipy's set-up."""
        if self.n <= _TABLE:
            if self._table[0] != id(self) or self._table[1] is None:  # a copy (other weights, say): its own
                self._table = (id(self), self._base_table())
            return self._table[1][I, J]
        return self._base_pairs(I, J)

    def _base_table(self) -> np.ndarray:
        """``_base_pairs`` of every pair (i, j) as an n x n table, element by element the
        same operations: a row product m @ m.T adds the shared features' products in the
        rows' stored (ascending) order from 0, as ``_cosines`` does."""
        def cos(m):
            return np.zeros((self.n, self.n)) if m is None else (m @ m.T.tocsr()).toarray()

        s = cos(self.word)
        s *= self.wt.get("word", 0)
        c = cos(self.char)
        c *= self.wt.get("char", 0)
        s += c
        for m in self.slots:
            s += m
        return s

    def _base_pairs(self, I: np.ndarray, J: np.ndarray) -> np.ndarray:
        s = self._cosines(self.word, I, J)
        s *= self.wt.get("word", 0)
        c = self._cosines(self.char, I, J)
        c *= self.wt.get("char", 0)
        s += c
        for m in self.slots:
            s += np.asarray(m[I, J]).ravel()
        return s

    def without_predicates(self) -> PairSimilarity:
        """The same similarity without the predicate check (``similarity(units,
        predicates=False)``): what the verdict rules compare, as they were tuned on it."""
        import copy

        other = copy.copy(self)
        other.preds, other._cache, other._edges = None, {}, {}
        other._vals = (id(other), self._vals[1] if self._vals[0] == id(self) else {})  # values before the check: the same
        other._table = (id(other), self._table[1] if self._table[0] == id(self) else None)
        return other

    def __getitem__(self, ij) -> float:
        i, j = int(ij[0]), int(ij[1])
        if i == j:
            return 1.0  # the dense matrix's diagonal
        key = (i, j) if i < j else (j, i)
        if key not in self._cache:
            self._cache[key] = float(self.values([key[0]], [key[1]])[0])
        return self._cache[key]

    def prefetch(self, groups: list[list[int]]) -> None:
        """Compute every pair inside each group at once (what the verdicts read)."""
        pairs = {(a, b) if a < b else (b, a) for g in groups for x, a in enumerate(g) for b in g[x + 1:] if a != b}
        pairs -= self._cache.keys()
        if pairs:
            I, J = (np.array(x, dtype=np.intp) for x in zip(*sorted(pairs)))
            for a, b, v in zip(I.tolist(), J.tolist(), self.values(I, J).tolist()):
                self._cache[(a, b)] = v

    def _stacked(self):
        """Both TF-IDF matrices side by side, weighted so that a row product is the lexical part."""
        from scipy.sparse import hstack

        parts = [np.sqrt(self.wt.get("word", 0)) * self.word] if self.word is not None else []
        parts.append(np.sqrt(self.wt.get("char", 0)) * self.char)
        return hstack(parts, format="csr")

    def candidates(self, t: float) -> tuple[np.ndarray, np.ndarray]:
        """Pairs (i < j) that can reach similarity ``t``: a superset of ``edges(t)``.

        The lexical part is the product of the stacked rows z_i . z_j. Split the features
        into rare (in at most D rows) and common: z_i . z_j <= r_ij + a_i a_j, with r_ij
        the product over rare features (a sparse product whose cost is at most D times the
        number of stored entries) and a_i the norm of row i's common part (Cauchy-Schwarz).
        The quote factor is at most 1 and the clip at 0 only raises values below t, so a
        pair reaching t has r_ij + a_i a_j + slots_ij >= t. D is chosen to make the
        product and the pairs left by the bound cheapest.
        """
        from scipy.sparse import coo_matrix

        if self.n < 2:
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
        if self.n <= _TABLE:  # every pair: their values are one table already (``_base``)
            I, J = np.triu_indices(self.n, 1)
            return I.astype(np.intp), J.astype(np.intp)
        z = self._stacked()
        n = self.n
        df = np.bincount(z.indices, minlength=z.shape[1])
        dfe = df[z.indices]
        sq = z.data ** 2
        row = np.repeat(np.arange(n), np.diff(z.indptr))
        Ds = np.array(sorted({int(x) for x in np.unique(np.quantile(df, [.5, .8, .9, .95, .98, .99, .995, .999]))}
                             | {2, 8, 32, 128, 512}))
        # each row's squared mass above every D at once: summed per (row, band of D), then
        # from the top band down (the chosen D's norms are computed again below, exactly)
        band = np.searchsorted(Ds, dfe, side="left")  # entries with df > Ds[k] lie in bands > k
        mass = np.bincount(row * (len(Ds) + 1) + band, weights=sq, minlength=n * (len(Ds) + 1))
        above = np.cumsum(mass.reshape(n, len(Ds) + 1)[:, ::-1], axis=1)[:, ::-1]
        sdf = np.sort(df)
        sq_cum = np.concatenate([[0.0], np.cumsum(sdf.astype(float) ** 2)])
        best = None
        for k, D in enumerate(Ds.tolist()):
            a = np.sqrt(above[:, k + 1])
            flops = float(sq_cum[np.searchsorted(sdf, D, side="right")])
            sa = np.sort(a)
            lim = (t - _BOUND_SLACK) / np.maximum(a, 1e-300)
            pairs = float((n - np.searchsorted(sa, lim)).sum()) / 2
            # the upper triangle of the product, and a pair's exact value (two rows
            # gathered and multiplied): about _PAIR_COST products each
            cost = flops / 2 + _PAIR_COST * pairs
            if best is None or cost < best[0]:
                best = (cost, D, flops)
        _, D, flops = best
        a = np.sqrt(np.bincount(row, weights=np.where(dfe > D, sq, 0.0), minlength=n))
        # a tighter bound for the pairs a_i a_j lets through: the common features split
        # into _GROUPS groups (by column), Cauchy-Schwarz within each, sum_g a_ig a_jg <= a_i a_j
        G = _GROUPS
        ag = np.sqrt(np.bincount(row * G + z.indices % G, weights=np.where(dfe > D, sq, 0.0),
                                 minlength=n * G)).reshape(n, G)
        zr = z.copy()
        zr.data = np.where(dfe <= D, zr.data, 0.0)
        zr.eliminate_zeros()
        zr.sort_indices()
        slots = sum(self.slots[1:], self.slots[0]).tocsr() if self.slots else None
        I, J = [], []
        step = max(64, int(4e6 * n / max(flops, 1.0)))  # rows per block: at most ~4M products held at once
        from scipy.sparse import csr_matrix

        for r0 in range(0, n, step):
            # only the pairs i < j: the rows from a block's first on (a view of zr, no copy)
            # against the block's rows (transposed: the only conversion is the block's)
            p0 = zr.indptr[r0]
            rest = csr_matrix((zr.data[p0:], zr.indices[p0:], zr.indptr[r0:] - p0), shape=(n - r0, zr.shape[1]))
            ub = rest @ zr[r0:r0 + step].T.tocsr()
            if slots is not None:  # (symmetric: its rows from r0 on, the block's columns)
                ub = ub + slots[r0:, r0:r0 + step]
            # ub's row k is the later row j = r0 + k, its column the block's row i: a_j a_i
            # from a run of each a_j (no gather of the later rows), then the entries left
            cnt = np.diff(ub.indptr)
            keep = ub.data + np.repeat(a[r0:], cnt) * a[r0:r0 + step][ub.indices] >= t - _BOUND_SLACK
            col = np.repeat(np.arange(r0, n), cnt)[keep]
            row = ub.indices[keep] + r0
            data = ub.data[keep]
            keep = col > row
            row, col, data = row[keep], col[keep], data[keep]
            keep = data + np.einsum("ij,ij->i", ag[row], ag[col]) >= t - _BOUND_SLACK
            I.append(row[keep])
            J.append(col[keep])
        # pairs outside both products: only the common part can reach t
        order = np.argsort(-a, kind="stable")
        asc = a[order][::-1]  # ascending, for searchsorted
        ago = ag[order]  # the group norms in that order: each row's partners are a slice, not a gather
        thr = t - _BOUND_SLACK
        for x, i in enumerate(order.tolist()):
            if a[i] <= 0:
                break
            k = n - int(np.searchsorted(asc, thr / a[i], side="left"))  # rows with a >= thr / a_i
            if k <= x + 1:
                break  # a_i only falls from here on, and with it the rows it can pair with
            js = order[x + 1:k][ago[x + 1:k] @ ago[x] >= thr]
            I.append(np.minimum(i, js))
            J.append(np.maximum(i, js))
        I, J = np.concatenate(I).astype(np.intp), np.concatenate(J).astype(np.intp)
        if len(I):
            u = coo_matrix((np.ones(len(I)), (I, J)), shape=(n, n)).tocsr()
            u.sum_duplicates()
            u = u.tocoo()
            o = np.lexsort((u.col, u.row))
            I, J = u.row[o].astype(np.intp), u.col[o].astype(np.intp)
        return I, J

    def edges(self, t: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(i, j, similarity) of every pair i < j with similarity >= t, in row-major order."""
        if t not in self._edges:
            I, J = self.candidates(t)
            base = self._base(I, J)
            keep = self._finish(base.copy(), I, J, False) >= t  # ``values(I, J, quotes=False)``
            I, J = I[keep], J[keep]
            v = self.values(I, J, base=base[keep])  # the base values once, not again
            keep = v >= t
            self._edges[t] = (I[keep], J[keep], v[keep])
        return self._edges[t]


def sparse_cluster(sim: PairSimilarity, threshold: float = THRESHOLD) -> list[list[int]] | None:
    """``cluster(similarity(units), threshold)`` from the pairs >= threshold only.

    Average link, merging the closest pair of clusters first (the dense linkage's
    nearest-neighbour chain reaches the same merges: average link is reducible), over the
    cluster pairs that some pair >= threshold links; each candidate's average distance
    is exact (every member pair), or a lower bound (pairs not linked are each farther
    than 1 - threshold) until it could be the next merge. Returns None when a merge is
    within ``_TIE`` of the cut (float rounding of the two sums could decide it). Exact
    ties between two merges (copies of one claim) are taken lowest cluster ids first,
    where the dense linkage takes them in the order its chain meets them: no group
    differed on the stories measured (benchmarks/docs/pipeline-history.md, "Compare without
    the n x n matrix"), but it is not proven.
    """
    import heapq

    n = sim.n
    if n == 0:
        return []
    if n == 1:
        return [[0]]
    cut = 1.0 - threshold  # fcluster's criterion: merges at distance <= 1 - t
    I, J, V = sim.edges(threshold)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    # known[c][x] = (sum of the member distances computed, member blocks not computed yet
    # (pairs of member lists), their pair count) for the cluster pairs some link joins
    known: dict[int, dict[int, tuple[float, tuple, int]]] = {i: {} for i in range(n)}
    heap: list[tuple[float, int, int]] = []
    for i, j, v in zip(I.tolist(), J.tolist(), V.tolist()):
        d = 1.0 - v
        known[i][j] = known[j][i] = (d, (), 0)
        heap.append((d, i, j))
    heapq.heapify(heap)
    far = 1.0 - threshold  # a pair with no link is farther than this: the bound of a block not computed

    def avg(c: int, x: int) -> float:
        total, _, m = known[c][x]
        return (total + far * m) / (len(members[c]) * len(members[x]))

    # similarity of the member pairs met so far
    pair: dict[tuple[int, int], float] = dict(zip(zip(I.tolist(), J.tolist()), V.tolist()))
    pending: set[tuple[int, int]] = set()  # cluster pairs with blocks left whose bound is within the cut

    def settle() -> None:
        """Compute the blocks left of every pending pair at once (one batch of member pairs)."""
        todo = [(c, x) for c, x in pending if c in members and x in members and x in known[c] and known[c][x][2]]
        pending.clear()
        keys = {cx: [(i, j) if i < j else (j, i) for a, b in known[cx[0]][cx[1]][1] for i in a for j in b]
                for cx in todo}
        missing = sorted({k for ks in keys.values() for k in ks if k not in pair})
        if missing:
            ii, jj = (np.array(v, dtype=np.intp) for v in zip(*missing))
            pair.update(zip(missing, sim.values(ii, jj).tolist()))
        # every block's distances in one array; each pair's sum over its own contiguous
        # slice (the same floats, summed as an array of its own would be)
        dist = 1.0 - np.array([pair[k] for ks in keys.values() for k in ks], dtype=float)
        end = 0
        for (c, x), ks in keys.items():
            start, end = end, end + len(ks)
            total = known[c][x][0] + float(dist[start:end].sum())
            known[c][x] = known[x][c] = (total, (), 0)
            a = avg(c, x)
            if a <= cut + _TIE:  # a farther pair can never merge: not queued
                heapq.heappush(heap, (a, c, x))

    nxt = n
    while heap:
        d, c, x = heapq.heappop(heap)
        if c not in members or x not in members or x not in known[c]:
            continue  # stale: merged since
        if avg(c, x) != d:
            continue  # stale: the pair's value changed since it was pushed
        if d > cut + _TIE:
            break  # d is the pair's average or a lower bound of it, and the heap's least
        if known[c][x][2]:
            pending.add((c, x))
            settle()
            continue
        if abs(d - cut) <= _TIE:
            return None
        new = nxt
        nxt += 1
        mc, mx = members.pop(c), members.pop(x)
        members[new] = mc + mx
        kc, kx = known.pop(c), known.pop(x)
        kn = known[new] = {}
        # each neighbour's sums: c's part, then x's; a side with no link to z is a block
        # to compute if it comes to that
        for z, (t_c, b_c, m_c) in kc.items():
            if z != x:
                e = kx.get(z)
                if e is None:
                    mz = members[z]
                    kn[z] = (t_c, b_c + ((mx, mz),), m_c + len(mx) * len(mz))
                else:
                    kn[z] = (t_c + e[0], b_c + e[1], m_c + e[2])
        for z, (t_x, b_x, m_x) in kx.items():
            if z != c and z not in kc:
                mz = members[z]
                kn[z] = (0.0 + t_x, ((mc, mz),) + b_x, len(mc) * len(mz) + m_x)
        size = len(mc) + len(mx)
        for z, e in kn.items():
            kz = known[z]
            kz.pop(c, None)
            kz.pop(x, None)
            kz[new] = e
            a = (e[0] + far * e[2]) / (size * len(members[z]))  # avg(new, z)
            if a <= cut + _TIE:  # a lower bound or the average: farther pairs never merge
                heapq.heappush(heap, (a, z, new))  # z < new: every cluster id so far is below new
                if e[2]:
                    pending.add((z, new))
    groups = sorted(sorted(g) for g in members.values())
    return sorted(groups, key=lambda g: g[0])

