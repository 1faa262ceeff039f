"""The alignment's similarity pair by pair, and its groups without the n x n matrix.

``PairSimilarity`` gives ``align.similarity``'s values for the pairs asked, float for
float; ``sparse_cluster`` gives ``grouping.cluster``'s groups from the pairs at or above the
threshold only (``align`` uses both).
"""

from __future__ import annotations

import numpy as np

from ..options import ALIGN_THRESHOLD, ALIGN_WEIGHTS, PREDICATE_PENALTY, QUOTE_PENALTY
from .predicates import Predicates
from .quotes import quote_words as _quote_words
from .slots import _date_scores, _entity_keys, _event_keys, _event_scores, _number_keys, _number_scores, \
    entity_agreement, event_agreement, number_agreement, shared_key_pairs

# ``align.similarity`` is, per pair, clip((w_word*word + w_char*char + slot terms) * quote
# factor, 0, 1). PairSimilarity computes it for the pairs asked, with the same floating-
# point operations in the same order: a cosine is the sum of the products of the two
# rows' shared features in the order scipy's product adds them (the rows' stored order,
# which TfidfVectorizer makes the order in which features were first seen: checked, not
# assumed). Average-link merges at distance <= 1 - t join two clusters only when their
# average similarity is >= t, which needs one pair >= t between them; so the flat groups
# follow from the pairs with similarity >= t (``edges``), found by an upper bound, and
# the exact average of the cluster pairs they link.

# A story's pairs as one table below this size (claims) instead of sparse products and
# bounds: every pair's value computed at once (one n x n table, slots dense, no candidate
# bound), the same values without scipy's fixed cost per call; measured faster than the
# bound over the 970-article run's stories, up to 467 claims
# (benchmarks/docs/pipeline-history.md, "A small story costs little to compare").
_TABLE = 512
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
    """``align.similarity(units)`` pair by pair: ``sim[i, j]`` and ``values(I, J)`` give the same
    floats as the dense matrix, ``edges(t)`` every pair (i < j) with similarity >= t."""

    @classmethod
    def build(cls, units: list[dict], weights: dict[str, float] | None = None) -> PairSimilarity | None:
        w = weights or ALIGN_WEIGHTS
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

        # ``align.lexical_similarity``'s two TfidfVectorizer fits, the same floats in canonical
        # order (``_ordered_tfidf``), made in numpy (tfidf.py)
        docs = [" ".join(u["lemmas"]) or "_" for u in units]
        self.word = word_tfidf(docs)  # None: empty vocabulary, word similarity 0
        self.char = char_tfidf([fold_in_place(" ".join(u["lemmas"])) or "_" for u in units])
        if self.char is None:  # no feature: the vectorizer's error, on the dense path
            return None
        self.slots = self._slot_matrices()
        qw = [_quote_words(u) for u in units]
        # as ``align._different_statements``: no damping unless two claims are quotes
        self.qw = qw if sum(q is not None for q in qw) >= 2 else [None] * len(qw)
        self._counts: dict[int, object] = {}
        self.preds = Predicates(units)
        self._quoted = np.array([q is not None for q in self.qw], dtype=bool)
        return self

    def _slot_matrices(self) -> list:
        """Weighted slot agreements as symmetric sparse matrices, in ``align.similarity``'s order."""
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
        if qa or qb:  # the cheap reject of ``quotes.match_candidates``, pair by pair
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
        if quotes and self.preds is not None and PREDICATE_PENALTY != 1.0:  # after the quote factor, as ``align.similarity``
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
        """The same similarity without the predicate check (``align.similarity(units,
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


def sparse_cluster(sim: PairSimilarity, threshold: float = ALIGN_THRESHOLD) -> list[list[int]] | None:
    """``grouping.cluster(align.similarity(units), threshold)`` from the pairs >= threshold only.

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
