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
