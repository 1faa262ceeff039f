"""Leaner inference forwards for thinc's ``maxout`` and ``layernorm`` layers (same floats).

The two tok2vec networks of the small English pipeline (the shared one and NER's own)
run five maxout+layernorm blocks each, and outside the matrix products most of their
time goes to two things this module trims:

* thinc's Cython ``maxout`` finds the best piece *and* its index one float at a time;
  the index only serves backprop. At inference the pieces are compared with
  ``numpy.maximum`` over strided views (2.6x faster). A tie keeps the earlier piece, as
  thinc does; only a NaN score would be handled differently.
* ``LayerNorm`` calls ``X.mean`` and ``X.var``, and ``var`` computes the mean again, as
  well as ``X - mu`` a second time for the output. Here the same numpy operations run
  once each, in the same order, on the same arrays, so every float is the one thinc
  gives (tests/test_layers.py checks arrays bit for bit and annotations on real text).

Training (``is_train=True``) goes through thinc's own forwards, untouched.
"""

from __future__ import annotations

import numpy
from thinc.layers import layernorm as _ln
from thinc.layers import maxout as _mx

_add, _sub, _mul, _div, _square = numpy.add, numpy.subtract, numpy.multiply, numpy.true_divide, numpy.square


def _no_backprop(dY):
    raise RuntimeError("storyline.nlp.speed.layers: an inference forward has no backprop (is_train=False)")


def maxout_forward(model, X, is_train: bool):
    """thinc's ``maxout`` forward; at inference without the argmax."""
    if is_train:
        return _mx.forward(model, X, is_train)
    nO, nP, nI = model.get_dim("nO"), model.get_dim("nP"), model.get_dim("nI")
    W = model.ops.reshape2f(model.get_param("W"), nO * nP, nI)
    Y = model.ops.gemm(X, W, trans2=True)
    Y += model.ops.reshape1f(model.get_param("b"), nO * nP)
    Z = Y.reshape(Y.shape[0], nO, nP)
    if nP == 1:
        return numpy.ascontiguousarray(Z[:, :, 0]), _no_backprop
    best = numpy.maximum(Z[:, :, 0], Z[:, :, 1])
    for p in range(2, nP):
        numpy.maximum(best, Z[:, :, p], out=best)
    return best, _no_backprop


def layernorm_forward(model, X, is_train: bool):
    """thinc's ``layernorm`` forward, each numpy operation done once."""
    if is_train or X.ndim != 2:
        return _ln.forward(model, X, is_train)
    n = numpy.intp(X.shape[1])  # numpy's own divisor type in mean/var
    # X.mean(axis=1, keepdims=True), as numpy's _methods._mean computes it
    mu = _add.reduce(X, axis=1, keepdims=True)
    mu = _div(mu, n, out=mu, casting="unsafe", subok=False)
    # X.var(axis=1, keepdims=True): the same sum of squared deviations from that mean
    dist = _sub(X, mu)
    var = _add.reduce(_square(dist), axis=1, keepdims=True)
    var = _div(var, n, out=var, casting="unsafe", subok=False)
    var = var + 1e-08
    # (X - mu) * var ** -0.5 * G + b, in thinc's order
    Y = _mul(dist, var ** (-1.0 / 2.0), out=dist)
    _mul(Y, model.get_param("G"), out=Y)
    Y += model.get_param("b")
    return Y, _no_backprop


_FORWARDS = {("maxout", _mx.forward): maxout_forward, ("layernorm", _ln.forward): layernorm_forward}


def install(nlp) -> int:
    """Swap the inference forwards into every maxout/layernorm node of ``nlp``; returns how many."""
    n = 0
    for _, proc in nlp.components:
        model = getattr(proc, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            fast = _FORWARDS.get((node.name, node._func))
            if fast is not None:
                node._func = fast
                n += 1
    return n
