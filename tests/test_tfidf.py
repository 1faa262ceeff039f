"""compare/tfidf.py gives exactly (bit for bit) the matrices alignment made with
scikit-learn's TfidfVectorizer, in the canonical order of ``pairsim._ordered_tfidf``."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from shareddata import require
from storyline.compare import pairsim, tfidf
from storyline.lexicon.text import fold_in_place


def _reference(docs: list[str], char: bool):
    if char:
        v = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    else:
        v = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"\S+")
    try:
        return pairsim._ordered_tfidf(v.fit_transform(docs))
    except ValueError:  # empty vocabulary
        return None


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return (a.shape == b.shape and np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
            and np.array_equal(a.data.view(np.int64), b.data.view(np.int64)))  # the same bits


def _check(docs: list[str]) -> None:
    assert _same(tfidf.word_tfidf(docs), _reference(docs, False))
    folded = [fold_in_place(d) or "_" for d in docs]
    assert _same(tfidf.char_tfidf(folded), _reference(folded, True))


def test_edge_cases():
    _check(["_", "a", "ab", "abc de", "Ab  ab\tab", "ÉLAN élan", "x y x y x", "_", "a b c d e f g h"])
    _check(["one"])
    _check(["  ", "_"])  # a document without any token
    assert tfidf.word_tfidf([" ", ""]) is None and _reference([" ", ""], False) is None


@pytest.mark.parametrize("name", ["ecbplus/dev.jsonl", "gvc/val.jsonl"])
def test_real_sentences_as_stories(name):
    """Sentences of real articles, lower- and upper-case words, punctuation and accents
    kept, grouped into "stories" of 5 to 400 documents (process-wide n-gram numbers
    carry over from one to the next, as they do between a worker's stories)."""
    rows = [json.loads(line) for line in require(name).open(encoding="utf-8") if line.strip()][:120]
    sentences = [s.strip() for r in rows for s in r["text"].split(".") if s.strip()]
    start = 0
    for size in (5, 40, 400, 17, 150):
        docs = sentences[start:start + size]
        start += size
        assert docs
        _check(docs)


def test_threads_and_a_full_cache_give_the_same_matrices():
    """The per-word numbers are shared by the process: threads comparing stories at once,
    and the cache cleared when full, change no matrix."""
    from concurrent.futures import ThreadPoolExecutor

    stories = [[f"w{k}x{(i * 7 + k) % 23} shared{i % 3} a{k % 5}b" for i in range(30)] for k in range(12)]
    want = [_reference(d, True) for d in stories]
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(tfidf.char_tfidf, stories * 3))
    assert all(_same(g, w) for g, w in zip(got, want * 3))
    old = tfidf._WORDS_MAX
    tfidf._WORDS_MAX = 5
    try:
        assert all(_same(tfidf.char_tfidf(d), w) for d, w in zip(stories, want))
    finally:
        tfidf._WORDS_MAX = old
