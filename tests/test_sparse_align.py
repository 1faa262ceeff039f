"""The sparse alignment (pairsim.PairSimilarity, pairsim.sparse_cluster) gives exactly the
dense similarity's values and average-link groups, on units made to be hard: copies,
near copies, shared slots, quotes that match and quotes that do not."""

from __future__ import annotations

import random

import numpy as np
import pytest

from storyline.compare import align, grouping, pairsim, slots

WORDS = ("flood river rain police arrest court judge fire kill wound escape prison storm vote election "
         "minister protest strike bridge collapse earthquake rescue hospital victim suspect charge").split()


def _units(n: int, seed: int) -> list[dict]:
    rnd = random.Random(seed)
    units: list[dict] = []
    for k in range(n):
        if units and rnd.random() < 0.2:  # a copy of an earlier claim (same lemmas and slots)
            u = dict(rnd.choice(units))
        else:
            lemmas = rnd.sample(WORDS, rnd.randint(1, 7))
            quoted = rnd.random() < 0.25
            words = " ".join(rnd.sample(WORDS, 5)) if quoted else ""
            u = {
                "lemmas": lemmas, "text": " ".join(lemmas) + (f' "{words}"' if quoted else ""),
                "start": 0, "end": 60 if quoted else 40,
                "entities": rnd.sample(["e:a", "e:b", "e:c"], rnd.randint(0, 2)), "places": [],
                "quantities": [{"counted": "death", "unit": None, "value": rnd.choice([3, 4, 40])}]
                if rnd.random() < 0.3 else [],
                "timexes": [{"type": "DATE", "value": rnd.choice(["2024-04-30", "2024-04-29", "2023-04-30", "2024-05"])}]
                if rnd.random() < 0.3 else [],
                "predicate_key": rnd.choice([None, "kill", "arrest"]),
                "object_lemmas": rnd.sample(WORDS, 2),
                "quotes": [{"kind": "direct", "text": words, "start": 5, "end": 60}] if quoted else [],
            }
        u["uid"] = k
        units.append(u)
    return units


@pytest.fixture(params=["table", "sparse"])
def path(request, monkeypatch):
    """Both ways of PairSimilarity: the table of every pair (stories up to pairsim._TABLE
    claims) and the sparse products with the candidate bound (bigger stories)."""
    if request.param == "sparse":
        monkeypatch.setattr(pairsim, "_TABLE", 0)
        monkeypatch.setattr(slots, "_SMALL", 0)
    return request.param


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pair_values_and_edges_equal_the_dense_matrix(seed, path):
    units = _units(150, seed)
    dense = align.similarity(units)
    sim = pairsim.PairSimilarity.build(units)
    n = len(units)
    I, J = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    vals = sim.values(I.ravel(), J.ravel()).reshape(n, n)
    assert np.array_equal(vals, dense)  # the same floats, not close ones
    i, j, v = sim.edges(align.THRESHOLD)
    iu = np.triu_indices(n, 1)
    want = dense[iu] >= align.THRESHOLD
    assert list(zip(i.tolist(), j.tolist())) == list(zip(iu[0][want].tolist(), iu[1][want].tolist()))
    assert np.array_equal(v, dense[i, j])


@pytest.mark.parametrize("seed", [1, 2])
def test_values_reused_across_batches_and_orders_equal_the_dense_matrix(seed, path):
    """The edges first (their base values reused), then each pair (i < j), then each
    reversed pair (j, i): taken from (i, j) unless both are quotes. Every float as dense."""
    units = _units(150, seed)
    dense = align.similarity(units)
    sim = pairsim.PairSimilarity.build(units)
    i, j, v = sim.edges(align.THRESHOLD)
    assert np.array_equal(v, dense[i, j])
    iu, ju = np.triu_indices(len(units), 1)
    assert np.array_equal(sim.values(iu, ju), dense[iu, ju])
    assert np.array_equal(sim.values(ju, iu), dense[ju, iu])


@pytest.mark.parametrize("seed", [1, 2])
def test_values_not_kept_equal_the_dense_matrix_and_are_not_kept(seed, path):
    """``values(keep=False)`` (the similar claims' pairs, asked once): the known pairs
    looked up, the others computed and not kept; every float as dense, both orders."""
    units = _units(150, seed)
    dense = align.similarity(units)
    sim = pairsim.PairSimilarity.build(units)
    sim.edges(align.THRESHOLD)
    before = dict(sim._vals[1])
    iu, ju = np.triu_indices(len(units), 1)
    assert np.array_equal(sim.values(iu, ju, keep=False), dense[iu, ju])
    assert np.array_equal(sim.values(ju, iu, keep=False), dense[ju, iu])
    assert sim._vals[1] == before  # nothing kept
    v = sim.without_predicates()
    assert np.array_equal(v.values(iu, ju, keep=False), align.similarity(units, predicates=False)[iu, ju])


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
@pytest.mark.parametrize("threshold", [align.THRESHOLD, 0.4])
def test_sparse_groups_equal_the_dense_linkage(seed, threshold, path):
    units = _units(200, seed)
    sim = pairsim.PairSimilarity.build(units)
    groups = pairsim.sparse_cluster(sim, threshold)
    dense = grouping.cluster(align.similarity(units), threshold)
    # None: a merge sits at the cut (the predicate factor halves values, so averages can
    # land on it exactly); align() then takes the dense linkage, which must be the answer
    assert groups is None or groups == dense
    assert align.align(units, threshold)[0] == dense
    assert len({i for g in dense for i in g}) == len(units)


def test_align_falls_back_to_the_dense_path_for_weights_it_cannot_bound():
    units = _units(20, 5)
    assert pairsim.PairSimilarity.build(units, {"word": 0.5, "char": -0.1}) is None
    groups, sim = align.align(units, weights={"word": 0.5, "char": -0.1})
    assert isinstance(sim, np.ndarray) and groups == grouping.cluster(sim)
    assert align.align([])[0] == [] and align.align(units[:1])[0] == [[0]]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_small_story_tables_equal_the_sparse_path(seed, monkeypatch):
    """Up to pairsim._TABLE claims the pairs are tables (no sparse products or bounds), up
    to slots._SMALL shared keys are found by set intersection: the same values, edges,
    groups and slot pairs as the sparse path of big stories."""
    units = _units(40, seed)
    assert len(units) <= slots._SMALL <= pairsim._TABLE
    n = len(units)
    I, J = (x.ravel() for x in np.meshgrid(np.arange(n), np.arange(n), indexing="ij"))
    got = pairsim.PairSimilarity.build(units)
    assert all(isinstance(m, np.ndarray) for m in got.slots)  # the table path was taken
    got_vals, got_edges = got.values(I, J), got.edges(align.THRESHOLD)
    got_dates = slots._date_scores(units)
    keys = [slots._entity_keys(u) for u in units]
    got_pairs = slots.shared_key_pairs(keys)
    got_groups = align.align(units)[0]
    monkeypatch.setattr(pairsim, "_TABLE", 0)  # the sparse path, as for a big story
    monkeypatch.setattr(slots, "_SMALL", 0)
    want = pairsim.PairSimilarity.build(units)
    assert not any(isinstance(m, np.ndarray) for m in want.slots)
    assert np.array_equal(got_vals, want.values(I, J))  # the same floats, not close ones
    for a, b in zip(got_edges, want.edges(align.THRESHOLD)):
        assert np.array_equal(a, b)
    assert len(got_edges[0]) > 0
    w_dates = slots._date_scores(units)
    order = np.lexsort((w_dates[1], w_dates[0]))
    for a, b in zip(got_dates, w_dates):
        assert np.array_equal(a, b[order])
    for a, b in zip(got_pairs, slots.shared_key_pairs(keys)):
        assert np.array_equal(a, b)
    assert len(got_pairs[0]) > 0 and len(got_dates[0]) > 0
    assert got_groups == align.align(units)[0] == grouping.cluster(align.similarity(units))


def test_a_similarity_is_freed_without_the_collector():
    """No reference cycle: a similarity and its copy without the predicate check (which
    shares its values) are freed when dropped, with the collector off as in a compare
    worker's story; before, each held itself and stayed until a collector pass."""
    import gc
    import weakref

    units = _units(40, 3)
    was = gc.isenabled()
    gc.disable()
    try:
        sim = pairsim.PairSimilarity.build(units)
        sim.edges(align.THRESHOLD)
        iu, ju = np.triu_indices(len(units), 1)
        sim.values(iu, ju)
        plain = sim.without_predicates()
        assert plain._vals[1] is sim._vals[1] and plain._table[1] is sim._table[1]  # still shared
        plain.values(iu, ju)
        refs = [weakref.ref(sim), weakref.ref(plain)]
        del sim, plain
        assert [r() for r in refs] == [None, None]
    finally:
        if was:
            gc.enable()
