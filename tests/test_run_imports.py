"""`run` and the compare workers without scikit-learn's import: the two things they took
from it, redone here, give exactly what the library gives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as SKLEARN_STOP_WORDS
from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

from shareddata import require
from storyline.compare import tfidf
from storyline.lexicon.stopwords import ENGLISH_STOP_WORDS
from storyline.stories.features import STOP


def test_stop_words_are_the_librarys():
    assert ENGLISH_STOP_WORDS == SKLEARN_STOP_WORDS
    assert SKLEARN_STOP_WORDS <= STOP


def _both(data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, n_cols: int) -> tuple[np.ndarray, np.ndarray]:
    ours = csr_matrix((data.copy(), indices, indptr), shape=(len(indptr) - 1, n_cols))
    theirs = csr_matrix((data.copy(), indices, indptr), shape=(len(indptr) - 1, n_cols))
    tfidf.l2_normalize_rows(ours)
    inplace_csr_row_normalize_l2(theirs)
    return ours.data, theirs.data


def _same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and np.array_equal(a.view(np.int64), b.view(np.int64))


def test_l2_rows_bit_for_bit_on_random_rows():
    """Rows of 0 to 300 entries (an empty row, a row of zeros) and values over twenty
    orders of magnitude: the same bits as scikit-learn's routine."""
    rng = np.random.default_rng(7)
    lengths = np.concatenate([[0, 3, 1], rng.integers(0, 300, 200)])
    indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
    n_cols = 400
    indices = np.concatenate([np.sort(rng.choice(n_cols, k, replace=False)) for k in lengths]).astype(np.int32)
    data = rng.random(len(indices)) * 10.0 ** rng.uniform(-10, 10, len(indices))
    data[:3] = 0.0  # the second row: zeros only (left as they are)
    ours, theirs = _both(data, indices, indptr, n_cols)
    assert _same_bits(ours, theirs)
    assert not np.any(np.isnan(ours))


def test_l2_rows_bit_for_bit_on_real_tfidf():
    """The TF-IDF counts of real sentences (before normalising: sublinear tf times idf)."""
    rows = [json.loads(line) for line in require("ecbplus/dev.jsonl").open(encoding="utf-8") if line.strip()][:60]
    docs = [s.strip().lower() for r in rows for s in r["text"].split(".") if s.strip()]
    for make in (tfidf.word_tfidf, tfidf.char_tfidf):
        m = make(docs)
        # rows scaled entry by entry (1x to 7x): unnormalised input with real TF-IDF values
        raw = m.data * (1.0 + np.arange(len(m.data)) % 7)
        ours, theirs = _both(raw, m.indices, m.indptr, m.shape[1])
        assert _same_bits(ours, theirs)


def test_clustering_and_compare_import_no_sklearn():
    code = ("import sys; import storyline.stories.cluster, storyline.pipeline, storyline.compare;"
            "from storyline.compare import tfidf; tfidf.char_tfidf(['one two', 'two three']);"
            "tfidf.word_tfidf(['one two', 'two three']);"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sklearn'))")
    env = dict(os.environ)  # this checkout's code, whatever is installed
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1] / "src") + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert done.stdout.strip() == "[]"
