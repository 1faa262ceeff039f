"""A close claim elsewhere for a single-source fact: what the report cannot decide.

A group is single-source when no claim of another origin joined it. Often one came
close: a claim of another article, worded apart, that may state the same fact (on
randomly drawn single-source claims, most of those another article states have such a
neighbour; benchmarks/docs/claims.md, "Single-source claims stated elsewhere"). The report
then does not assert that only one source has the fact: the group names its most similar
claim of another article and origin (``similar``), which the reader can check. Nothing
is grouped or counted differently: verdicts, origins and corroboration stay as they are.
"""

from __future__ import annotations

import numpy as np

from ..options import SIMILAR_FLOOR
from .pairsim import PairSimilarity


_RARE = 20  # a word (lemma or lemma bigram) in at most this many claims of a story is uncommon


def _pairs(sim, rows: np.ndarray, art: np.ndarray, floor: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(i, j, similarity) of the pairs with i in ``rows`` (a boolean mask) and j of
    another article (``art``: each unit's article index) that share an
    uncommon word (a lemma or lemma bigram of at most _RARE claims) and reach ``floor``.
    Two claims alike only in the story's common words are no lead for a reader, and
    finding them costs a bound over every pair; this costs at most _RARE pairs per word
    of a row."""
    if not isinstance(sim, PairSimilarity):  # the dense path (an embedding weight): every pair of the matrix
        m = np.asarray(sim)
        I, J = np.nonzero((m >= floor) & rows[:, None])
        keep = art[I] != art[J]
        return I[keep].astype(np.intp), J[keep].astype(np.intp), m[I[keep], J[keep]]
    w = sim.word
    if w is None:  # no vocabulary: no word to share
        z = np.zeros(0, dtype=np.intp)
        return z, z, np.zeros(0)
    from scipy.sparse import csr_matrix

    # the uncommon words' entries of the word matrix, each a 1 (no column slicing)
    rare = (np.bincount(w.indices, minlength=w.shape[1]) <= _RARE)[w.indices]
    per_row = np.bincount(np.repeat(np.arange(w.shape[0]), np.diff(w.indptr))[rare], minlength=w.shape[0])
    b = csr_matrix((np.ones(int(rare.sum())), w.indices[rare], np.concatenate([[0], np.cumsum(per_row)])),
                   shape=w.shape)
    shared = (b[np.flatnonzero(rows)] @ b.T).tocoo()
    I = np.flatnonzero(rows)[shared.row].astype(np.intp)
    J = shared.col.astype(np.intp)
    keep = art[I] != art[J]
    I, J = I[keep], J[keep]
    # each unordered pair once (two rows of ``rows`` share a word both ways)
    key, inv = np.unique(np.minimum(I, J) * sim.n + np.maximum(I, J), return_inverse=True)
    V = sim.values(key // sim.n, key % sim.n, keep=False)[inv]  # asked once: not kept
    keep = V >= floor
    return I[keep], J[keep], V[keep]


def _stating(g: dict) -> set[str]:
    """The articles a group's fact is counted for: those of its primary members. A claim
    of another origin that is only a secondary member (its sentence counts in another
    group) may be the close claim to name: listed under the group, it did not stop the
    report from telling the reader that one source alone has the fact."""
    members = g.get("members")
    if not members:
        return set(g["articles"])
    return {m["article_id"] for m in members if not m.get("secondary")} or set(g["articles"])


def similar_claims(units: list[dict], groups: list[dict], sim, floor: float | None = None) -> dict[int, tuple[int, float]]:
    """For each single-source group (its index in ``groups``: dicts with ``verdict``,
    ``articles``, ``origins`` and ``_idx``, its unit indexes), the most similar claim of
    an article outside the group whose origin is none of the group's: (unit index,
    similarity), at ``floor`` or more of ``sim`` (the verdicts' similarity, without the
    predicate check; default SIMILAR_FLOOR). An article of the group only through a
    secondary member is outside it here (``_stating``). Units carry their counted
    ``origin``. Ties: the earlier unit."""
    floor = SIMILAR_FLOOR if floor is None else floor  # (read at call time: the benchmark sets it)
    single = [gi for gi, g in enumerate(groups) if g["verdict"] == "single-source"]
    if not single or len(units) < 2:
        return {}
    of: dict[int, list[int]] = {}
    for gi in single:
        for i in groups[gi]["_idx"]:
            of.setdefault(i, []).append(gi)
    rows = np.zeros(len(units), dtype=bool)
    rows[list(of)] = True
    art = np.array([u["article_index"] for u in units])
    I, J, V = _pairs(sim, rows, art, floor)
    own = {gi: (_stating(groups[gi]), {o["id"] for o in groups[gi]["origins"]}) for gi in single}
    best: dict[int, tuple[int, float]] = {}
    for x in np.lexsort((J, -V)).tolist():  # most similar first, then the earlier unit
        if len(best) == len(single):
            break  # every group has its claim
        a, b = int(I[x]), int(J[x])
        u = units[b]
        for gi in of[a]:
            if gi in best or u["article_id"] in own[gi][0] or u.get("origin") in own[gi][1]:
                continue
            best[gi] = (b, float(V[x]))
    return best
