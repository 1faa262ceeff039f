"""Claim alignment: which claims of different articles state the same fact.

Similarity of two claims mixes lexical evidence (TF-IDF over content-word lemmas,
and over character n-grams, which catch "slave's peace" ~ "slave peace") with
slot agreement (slots.py): shared canonical entities and places, numbers about the same
counted thing, and the same resolved date. Two quote-claims quoting other words, and two
claims whose predicates cannot state one fact (the predicate check, predicates.py), are
damped. Weights and the threshold were chosen with benchmarks/bench_align.py
(hand-checked pairs from the seeds and ECB+). Groups come from average-link
agglomerative clustering, so one loose pair does not chain two different facts together:
``align`` finds them without the n x n matrix (pairsim.py); compare_story then refines
them (grouping.py).
"""

from __future__ import annotations

import numpy as np

from ..options import ALIGN_THRESHOLD, ALIGN_WEIGHTS, PREDICATE_PENALTY, QUOTE_PENALTY
from .grouping import cluster
from .pairsim import PairSimilarity, sparse_cluster
from .predicates import Predicates
from .quotes import quote_words as _quote_words
from .slots import _date_scores, _entity_keys, _event_keys, _number_keys, entity_agreement, event_agreement, \
    number_agreement, shared_key_pairs


METHOD_LEXICAL = "lexical"  # the weighted similarity below, one threshold: the baseline
METHOD_MODEL = "model"      # propositions compared pair by pair, a fitted decision (pairs.py)
METHODS = (METHOD_MODEL, METHOD_LEXICAL)

# WEIGHTS and THRESHOLD: chosen on benchmarks/bench_align.py (see docs/report.md,
# "Alignment"); tuned values, with their provenance in options
WEIGHTS, THRESHOLD = ALIGN_WEIGHTS, ALIGN_THRESHOLD


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
    if groups is None:  # a merge within pairsim._TIE of the cut: float rounding of the sums could decide it
        groups = cluster(similarity(units, weights), threshold)
    return groups, sim
