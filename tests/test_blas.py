"""Matrix products through numpy's OpenBLAS must leave every annotation as blis gives it."""

import numpy
from thinc.api import NumpyOps

from storyline.nlp.speed import blas
from speedcases import TEXTS, corpus_texts as _corpus_texts, spacy_pipeline as _spacy, token_attrs as _attrs  # tests/ is on the path


def test_gemm_matches_blis_on_every_transpose():
    rng = numpy.random.default_rng(0)
    ops, ref = blas.BlasOps(), NumpyOps()
    x = rng.standard_normal((37, 24), dtype=numpy.float32)
    y = rng.standard_normal((24, 11), dtype=numpy.float32)
    for a, b, t1, t2 in ((x, y, False, False), (x.T.copy(), y, True, False), (x, y.T.copy(), False, True),
                         (x.T.copy(), y.T.copy(), True, True)):
        want = ref.gemm(a, b, trans1=t1, trans2=t2)
        numpy.testing.assert_allclose(ops.gemm(a, b, trans1=t1, trans2=t2), want, rtol=1e-5, atol=1e-5)
        out = numpy.zeros_like(want)
        assert ops.gemm(a, b, out=out, trans1=t1, trans2=t2) is out
        numpy.testing.assert_allclose(out, want, rtol=1e-5, atol=1e-5)


def test_same_annotations_as_blis():
    ref, fast = _spacy(), _spacy()
    blas.install(fast)
    assert all(type(n.ops) is blas.BlasOps for n in fast.get_pipe("ner").model.walk())
    texts = TEXTS + _corpus_texts()
    for batch_size in (1, 7):
        for g, w in zip(fast.pipe(texts, batch_size=batch_size), ref.pipe(texts, batch_size=batch_size)):
            assert _attrs(g) == _attrs(w)


def _blas_threads() -> list[int]:
    import threadpoolctl

    return [p["num_threads"] for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"]


def test_compare_worker_keeps_blas_on_one_thread(tmp_path):
    """A compare worker sets BLAS to one thread once, at its start (not per story), and
    every story it compares runs so."""
    import multiprocessing as mp

    import pytest

    from storyline import pipeline
    from storyline.store import Store

    if "fork" not in mp.get_all_start_methods():
        pytest.skip("needs fork")
    db = tmp_path / "s.db"
    Store(str(db)).close()
    with mp.get_context("fork").Pool(1, initializer=pipeline._compare_worker_init, initargs=(str(db),)) as pool:
        first, second = pool.apply(_blas_threads), pool.apply(_blas_threads)
    assert first and set(first) == {1} and set(second) == {1}
