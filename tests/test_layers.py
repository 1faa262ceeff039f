"""The inference forwards of storyline.nlp.speed.layers give thinc's floats bit for bit."""

import numpy
import pytest
from thinc.api import LayerNorm, Maxout

from storyline.nlp.speed import layers
from speedcases import TEXTS, corpus_texts as _corpus_texts, spacy_pipeline as _spacy, token_attrs as _attrs  # tests/ is on the path


def _inputs(rng, n, width):
    X = rng.standard_normal((n, width), dtype=numpy.float32) * 3 + 1
    X[: n // 4] = numpy.round(X[: n // 4])  # ties between pieces and exact zeros
    X[n // 4: n // 4 + 3] = 0.0
    return X


@pytest.mark.parametrize("pieces", [1, 2, 3, 4])
def test_maxout_same_floats(pieces):
    rng = numpy.random.default_rng(pieces)
    X = _inputs(rng, 257, 40)
    model = Maxout(nO=24, nI=40, nP=pieces)
    model.initialize(X=X)
    W = model.get_param("W")
    W[:, 1:] = W[:, :1]  # equal pieces: a tie must keep the same value thinc keeps
    model.set_param("W", W)
    want = model.predict(X)
    model._func = layers.maxout_forward
    got = model.predict(X)
    assert got.dtype == want.dtype and got.shape == want.shape and got.flags.c_contiguous
    assert numpy.array_equal(got.view(numpy.uint32), want.view(numpy.uint32))  # signed zeros too


def test_layernorm_same_floats():
    rng = numpy.random.default_rng(7)
    X = _inputs(rng, 513, 96)
    model = LayerNorm(nI=96)
    model.initialize(X=X)
    model.set_param("G", rng.standard_normal(96, dtype=numpy.float32))
    model.set_param("b", rng.standard_normal(96, dtype=numpy.float32))
    want = model.predict(X)
    model._func = layers.layernorm_forward
    got = model.predict(X)
    assert numpy.array_equal(got.view(numpy.uint32), want.view(numpy.uint32))


def test_training_keeps_thincs_forward():
    model = Maxout(nO=4, nI=3, nP=2)
    X = numpy.ones((5, 3), dtype="f")
    model.initialize(X=X)
    model._func = layers.maxout_forward
    Y, backprop = model.begin_update(X)
    assert backprop(numpy.ones_like(Y)).shape == X.shape  # thinc's backprop, not the stub


def test_same_annotations_on_real_text():
    ref, fast = _spacy(), _spacy()
    # 5 maxout + 5 layernorm in each of the two tok2vecs, 3 + 3 in the disabled senter
    assert layers.install(fast) == 26
    texts = TEXTS + _corpus_texts()
    for g, w in zip(fast.pipe(texts, batch_size=8), ref.pipe(texts, batch_size=8)):
        assert _attrs(g) == _attrs(w)
        assert numpy.array_equal(g.tensor, w.tensor)
