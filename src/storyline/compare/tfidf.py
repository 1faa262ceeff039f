"""The two TF-IDF matrices of claim alignment, made with numpy from each claim's lemmas.

``word_tfidf`` and ``char_tfidf`` give, float for float, what ``pairsim._ordered_tfidf``
makes of scikit-learn's ``TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True,
token_pattern=r"\\S+")`` and ``TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5),
sublinear_tf=True)`` fitted on the same documents: the same features (lower case, the
same tokens and n-grams), numbered in the order first seen (the order in which that
matrix stores each row's terms), the same counts, idf, sublinear tf and the same two
l2 normalisations (scikit-learn's routine, redone in numpy: ``l2_normalize_rows``).
Only the feature extraction differs: per distinct token or word instead of per
occurrence, with the counting in numpy, and none of the estimator's per-call checks
(half of a small story's fit).
``tests/test_tfidf.py`` checks both against the vectorizer on real claims.
"""

from __future__ import annotations

import re
import threading

import numpy as np

_TOKEN = re.compile(r"\S+")  # the vectorizer's token_pattern (lower-cased text)
_WHITE_SPACES = re.compile(r"\s\s+")  # what char_wb collapses before splitting into words
_CHAR_RANGE = (3, 5)

# the n-grams of a word (the char_wb analyzer's), as numbers of this process, by word:
# lemmas repeat across claims and stories (a story's features are numbered again by
# first occurrence); bounded, both cleared when full
_NGRAM_IDS: dict[str, int] = {}
_WORD_KEYS: dict[str, np.ndarray] = {}
_WORDS_MAX = 50_000
_LOCK = threading.Lock()  # comparisons may run in threads: one numbering at a time


def _wb_ngrams(word: str) -> list[str]:
    """``TfidfVectorizer._char_wb_ngrams`` of one word (3- to 5-grams of " word ", a word
    shorter than an n-gram counted once)."""
    w = " " + word + " "
    w_len = len(w)
    out = []
    for n in range(_CHAR_RANGE[0], _CHAR_RANGE[1] + 1):
        offset = 0
        out.append(w[offset:offset + n])
        while offset + n < w_len:
            offset += 1
            out.append(w[offset:offset + n])
        if offset == 0:
            break
    return out


def l2_normalize_rows(m) -> None:
    """Each row of the CSR matrix ``m`` divided by its l2 norm, in place, bit for bit what
    ``sklearn.preprocessing.normalize`` runs on one (``inplace_csr_row_normalize_l2``): a
    row's squares added one by one in stored order from 0.0 (a CSR product with a vector
    of ones adds them so), a row of norm 0 left as it is. Here so that neither `run` nor
    a compare worker imports scikit-learn (0.6 CPU s) for this one loop."""
    from scipy.sparse import csr_matrix

    sums = csr_matrix((m.data * m.data, m.indices, m.indptr), shape=m.shape) @ np.ones(m.shape[1])
    norms = np.sqrt(sums)
    norms[sums == 0.0] = 1.0
    m.data /= np.repeat(norms, np.diff(m.indptr))


def _matrix(row_of: np.ndarray, keys: np.ndarray, n_docs: int):
    """The l2-normalised sublinear TF-IDF matrix of the feature occurrences ``keys`` (any
    integers naming a feature) in rows ``row_of``, both in corpus order; features
    numbered by first occurrence, each row's terms stored in ascending number. None when
    there is no feature (the vectorizer's "empty vocabulary")."""
    from scipy.sparse import csr_matrix

    if not len(keys):
        return None
    uniq, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    rank = np.empty(len(uniq), dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(uniq))
    feature = rank[inverse.ravel()]
    n_features = len(uniq)
    code, counts = np.unique(row_of.astype(np.int64) * n_features + feature, return_counts=True)
    rows, cols = np.divmod(code, n_features)
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n_docs))]).astype(np.int32)
    indices = cols.astype(np.int32)
    data = counts.astype(np.float64)
    # TfidfTransformer, step for step: idf from document frequencies, sublinear tf
    df = np.bincount(indices, minlength=n_features).astype(np.float64)
    df += 1.0
    idf = np.full_like(df, fill_value=n_docs + 1, dtype=np.float64)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    np.log(data, data)
    data += 1.0
    data *= idf[indices]
    m = csr_matrix((data, indices, indptr), shape=(n_docs, n_features))
    l2_normalize_rows(m)  # the transformer's l2 norm
    l2_normalize_rows(m)  # and ``_ordered_tfidf``'s
    m.has_sorted_indices = True
    return m


def word_tfidf(docs: list[str]):
    """Word uni- and bigram TF-IDF of ``docs`` (see the module's docstring); None for an
    empty vocabulary."""
    ids: dict[str, int] = {}
    seq: list[list[int]] = []
    for doc in docs:
        seq.append([ids.setdefault(t, len(ids)) for t in _TOKEN.findall(doc.lower())])
    t = max(1, len(ids))
    keys, rows = [], []
    for r, toks in enumerate(seq):
        a = np.array(toks, dtype=np.int64)
        # unigrams, then bigrams (the analyzer's order); a bigram's string is its two
        # tokens with a space (tokens have none): one key per token pair
        k = np.concatenate([a, t + a[:-1] * t + a[1:]]) if len(a) > 1 else a
        keys.append(k)
        rows.append(np.full(len(k), r, dtype=np.int64))
    if not keys:
        return None
    return _matrix(np.concatenate(rows), np.concatenate(keys), len(docs))


def char_tfidf(docs: list[str]):
    """Character 3- to 5-gram (within words) TF-IDF of ``docs`` (see the module's
    docstring); None for an empty vocabulary."""
    keys, rows = [], []
    with _LOCK:
        if len(_WORD_KEYS) > _WORDS_MAX:
            _WORD_KEYS.clear()
            _NGRAM_IDS.clear()
        ids, word_keys = _NGRAM_IDS, _WORD_KEYS
        for r, doc in enumerate(docs):
            for w in _WHITE_SPACES.sub(" ", doc.lower()).split():
                k = word_keys.get(w)
                if k is None:
                    k = word_keys[w] = np.array([ids.setdefault(g, len(ids)) for g in _wb_ngrams(w)], dtype=np.int64)
                keys.append(k)
                rows.append(r)
    if not keys:
        return None
    lengths = np.fromiter((len(k) for k in keys), dtype=np.int64, count=len(keys))
    return _matrix(np.repeat(np.array(rows, dtype=np.int64), lengths), np.concatenate(keys), len(docs))
