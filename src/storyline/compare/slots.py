"""Slot agreement of two claims, and the pairs of a story's claims that share a slot.

A slot agrees when two claims name the same canonical entities and places, give figures
of one counted thing, resolve one date or state one event predicate (the
``*_agreement`` functions, weighted into ``align.similarity``). Only pairs sharing a slot's
key can agree above 0, so the pairs are found by an inverted index over the keys
(``shared_key_pairs``), and the agreements of many pairs as arrays (``_number_scores``,
``_event_scores``, ``_date_scores``): the work follows the pairs that share something, not
all n² pairs.
"""

from __future__ import annotations

import numpy as np

# A story's pairs sharing a key found by set intersection below this size (claims): n² Python
# checks cost less than a sparse product's fixed set-up for a few claims
_SMALL = 48


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


def _figure_slots(u: dict) -> set:
    return {(q.get("counted"), q.get("unit")) for q in u["quantities"] if q.get("counted") and q.get("kind") != "age"}


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
