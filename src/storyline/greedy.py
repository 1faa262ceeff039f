"""Greedy decoding for spaCy's parser and NER, driven with the GIL held (same output, ~2x faster).

spaCy's wheels for Python < 3.12 are compiled with Cython's ``profile`` directive on
(its setup.py: ``"profile": sys.version_info < (3, 12)``). Its greedy decoding loop runs
without the GIL, and there every call of the tiny C state accessors (``StateC.B``,
``B_``, one per candidate action per token) takes and drops the GIL to look for a
profiler: a mutex round trip each time, about two thirds of NER's decoding time
(``perf`` shows ``pthread_mutex_lock``/``unlock`` and ``take_gil`` on top). This module
decodes the same way spaCy's beam search does, step by step from Python with spaCy's own
``ParserStepModel`` and ``transition_states``: the GIL is held throughout, so those checks
are free. Same scores, same actions, same annotations (tests/test_greedy.py compares them
on real articles); NER goes from ~51 to ~22 ms an article here, the parser from ~12 to ~6.
"""

from __future__ import annotations

import sys

from spacy.language import Language
from spacy.util import minibatch

FACTORY = "storyline_greedy"
WRAPPED = ("parser", "ner")
# spaCy's own condition for compiling with profiling (setup.py); on other builds its
# nogil loop has no such cost and is faster than stepping from Python
PROFILED_BUILD = sys.version_info < (3, 12)


def greedy_parse(pipe, docs: list) -> list:
    """The final parse states of ``docs`` under ``pipe`` (a spaCy Parser/EntityRecognizer)."""
    if not any(len(doc) for doc in docs):
        return pipe.moves.init_batch(docs)
    batch = pipe.moves.init_batch(docs)
    model = pipe.model.predict(docs)  # tok2vec + precomputed hidden features, as in spaCy
    states = [s for s in batch if not s.is_final()]
    while states:
        states = pipe.transition_states(states, model.predict(states))
    model.clear_memory()
    return batch


class GreedyDecoder:
    """Runs a wrapped transition-based component with ``greedy_parse``; anything else is the wrapped one's."""

    def __init__(self, wrapped):
        self.wrapped = wrapped

    def __getattr__(self, name):  # labels, moves, model, cfg ... of the wrapped component
        if name == "wrapped":  # not set yet (copy/pickle): no recursion
            raise AttributeError(name)
        return getattr(self.wrapped, name)

    def _states(self, docs: list) -> list:
        if self.wrapped.cfg.get("beam_width", 1) != 1:
            return self.wrapped.predict(docs)
        return greedy_parse(self.wrapped, docs)

    def __call__(self, doc):
        self.wrapped.set_annotations([doc], self._states([doc]))
        return doc

    def pipe(self, stream, *, batch_size: int = 128):
        for docs in minibatch(stream, size=batch_size):
            docs = list(docs)
            self.wrapped.set_annotations(docs, self._states(docs))
            yield from docs


@Language.factory(FACTORY, default_config={"wrapped": ""})
def make_greedy(nlp: Language, name: str, wrapped: str):
    return GreedyDecoder(nlp.get_pipe(wrapped))


def install(nlp: Language, force: bool = False) -> Language:
    """Put a GreedyDecoder in place of each active parser/NER, under the same name.

    The spaCy component is renamed ``spacy_<name>`` and disabled, so ``disable=["ner"]``
    and ``nlp.get_pipe("ner")`` keep working. A no-op unless spaCy is a profiled build
    (``force`` installs it anyway, for tests).
    """
    if not (PROFILED_BUILD or force):
        return nlp
    for name in WRAPPED:
        if name not in nlp.pipe_names or isinstance(nlp.get_pipe(name), GreedyDecoder):
            continue
        original = f"spacy_{name}"
        nlp.rename_pipe(name, original)
        nlp.add_pipe(FACTORY, name=name, after=original, config={"wrapped": original})
        nlp.disable_pipe(original)
    return nlp
