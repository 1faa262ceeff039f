"""thinc's matrix products through numpy's OpenBLAS instead of blis (same annotations, less time).

thinc's ``NumpyOps.gemm`` calls blis. The blis in the wheel picks its kernels from the
CPU model, and on a VM that masks the model it falls back to AVX2 ``haswell`` kernels even
where the CPU has AVX-512; numpy's OpenBLAS reads the feature flags instead (``SkylakeX``
here) and runs the tok2vec and parser products 1.3-1.9x faster on one thread. The sums
are ordered differently, so scores can differ in the last bits; on 600 real articles
(228,590 tokens) not one tag, head, label, entity or sentence start changed
(tests/test_blas.py keeps a check). Everything else is thinc's own ``NumpyOps``.
"""

from __future__ import annotations

import contextlib
import functools

import numpy
from thinc.api import NumpyOps


class BlasOps(NumpyOps):
    """``NumpyOps`` whose ``gemm`` is ``numpy.matmul`` (OpenBLAS sgemm)."""

    name = "numpy"

    def gemm(self, x, y, out=None, trans1=False, trans2=False):
        if x.dtype != numpy.float32 or y.dtype != numpy.float32:
            return super().gemm(x, y, out=out, trans1=trans1, trans2=trans2)
        if trans1:
            x = x.T
        if trans2:
            y = y.T  # a view: OpenBLAS reads it transposed, nothing is copied
        if out is None:
            return numpy.matmul(x, y)
        numpy.matmul(x, y, out=out)
        return out


def install(nlp) -> None:
    """Give every thinc model node of ``nlp``'s components a ``BlasOps`` (CPU pipelines only)."""
    ops = BlasOps()
    for _, proc in nlp.components:
        model = getattr(proc, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps:  # leave GPU ops (CupyOps) and custom ops alone
                node.ops = ops


def one_thread():
    """A context in which OpenBLAS runs on one thread.

    Annotation runs one process per core; a second BLAS thread per process only adds
    CPU (53-63 instead of 35 ms an article for the networks, measured here) and the
    products are the same on any number of threads.
    """
    try:
        import threadpoolctl
    except ImportError:  # the products still run; they may just oversubscribe the cores
        return contextlib.nullcontext()
    return threadpoolctl.threadpool_limits(1, user_api="blas")


def in_one_thread(fn):
    """``fn`` run inside ``one_thread()``: for entry points that parse in this process
    (the evaluations), where OpenBLAS's own threads cost ~15x the CPU of one short parse."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with one_thread():
            return fn(*args, **kwargs)
    return wrapper
