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
For NER the valid actions are also worked out in numpy (``NerMoves``): 22 -> 18 ms.
"""

from __future__ import annotations

import sys

import numpy
from spacy.attrs import ENT_IOB, IS_SPACE, SENT_START
from spacy.language import Language
from spacy.util import minibatch
from thinc.api import NumpyOps

from .blas import BlasOps

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
    step = scorer(model)
    ner = NerMoves.of(pipe)
    if ner is not None and states:
        states = ner.decode(docs, states, step)
    while states:  # the parser, or what NER decoding handed back
        states = pipe.transition_states(states, step(states))
    model.clear_memory()
    return batch


def scorer(model):
    """``model.predict`` of a ParserStepModel (spaCy's ``step_forward`` at inference), leaner.

    The same calls in the same order, without what only training needs: thinc's
    predict/forward wrappers and backprop closures, and ``nanmin`` over every score
    matrix to fill the scores of unseen classes when there are none (the usual case).
    A step went from ~118 to ~85 us here, and the parser takes ~1,800 steps a batch.
    """
    upper = model.vec2scores if model.attrs["has_upper"] else None
    unseen = model._class_mask == 0
    unseen = unseen if unseen.any() else None
    linear = upper is not None and upper.name == "linear"
    if linear:
        # W transposed once into its own contiguous array: OpenBLAS's product with a
        # plain (not transposed) operand is about 2x faster at these sizes (32 x 64 by
        # 64 x 106); the annotations are the same (tests/test_greedy.py)
        W, b, ops = upper.get_param("W"), upper.get_param("b"), upper.ops
        WT = numpy.ascontiguousarray(W.T) if isinstance(ops, BlasOps) else None
    hidden = model.state2vec

    def step(states):
        vector = hidden.predict(model.get_token_ids(states))
        if linear:
            # thinc's Linear forward
            scores = numpy.matmul(vector, WT) if WT is not None else ops.gemm(vector, W, trans2=True)
            scores += b
        elif upper is not None:
            scores = upper.predict(vector)
        else:
            scores = NumpyOps().asarray(vector)
        if unseen is not None:
            scores[:, unseen] = numpy.nanmin(scores)
        return scores

    return step


class NerMoves:
    """BILUO entity decoding with the valid actions worked out in numpy.

    spaCy's ``transition_states`` tests all 74 actions of every state one C call at a
    time, and on a profiled build (above) each call pays a profiler check: 6 of NER's ~16
    ms an article. Without preset entities the tests reduce to a few flags per state
    (is an entity open and with which label, is the next token a sentence start, is this
    one white space, are two tokens left), the same conditions as spaCy's ``ner.pyx``
    ``is_valid`` functions, tabled once for every combination and looked up for all
    states at each step. The best valid
    action is applied with the state's own ``open_ent``/``close_ent``/``push``/``pop``,
    in the order ``ner.pyx``'s ``transition`` functions use. Anything unusual (preset
    entities, NaN scores, no valid action) hands the states back to spaCy's loop.
    """

    MOVES = {"B": 1, "I": 2, "L": 3, "U": 4, "O": 5}  # anything else: MISSING, never valid
    _cache: dict = {}

    def __init__(self, moves, strings):
        names = [moves.get_class_name(i) for i in range(moves.n_moves)]
        kinds, labels = [], []
        for name in names:
            head, _, label = name.partition("-")
            kinds.append(self.MOVES.get(head, 0) if name not in ("", "-") else 0)
            labels.append(strings.add(label) if label else 0)  # the hash the moves use
        self.kind = numpy.array(kinds)[None, :]
        self.label = numpy.array(labels, dtype="uint64")[None, :]
        self.labels = labels
        self.n = len(names)
        # a state's valid actions depend only on its open label and three flags: the
        # conditions below, worked out once for every combination and looked up per step
        self.open_of = sorted({0, *labels})  # open-label number -> label hash (0: none open)
        number = {h: i for i, h in enumerate(self.open_of)}
        self.label_number = numpy.array([number[h] for h in labels])[None, :]
        ol = numpy.repeat(numpy.array(self.open_of, dtype="uint64"), 8)[:, None]
        flags = numpy.tile(numpy.arange(8), len(self.open_of))[:, None]
        self.table = self._valid(ol, flags & 4 != 0, flags & 2 != 0, flags & 1 != 0)
        # per action: what the key's open-label part becomes after it (decode)
        self.kinds = kinds
        k = numpy.array(kinds)
        self.keep_open = (~numpy.isin(k, (1, 3, 4))).astype("int64")
        self.open_key = numpy.where(k == 1, self.label_number[0] * 8, 0).astype("int64")

    def _valid(self, ol, two, sent1, sp0):
        """The BILUO conditions of spaCy's ``ner.pyx`` ``is_valid`` functions, by action.

        ``ol``: the open entity's label hash (0: none); ``two``: at least two tokens left;
        ``sent1``: the next token starts a sentence; ``sp0``: this token is white space.
        """
        kind, label = self.kind, self.label
        has = label != 0
        begin, inside, last, unit, out = (kind == 1) & has, (kind == 2) & has, (kind == 3) & has, (kind == 4) & has, kind == 5
        is_open = ol != 0
        same = label == ol
        return (
            (begin & ~is_open & two & ~sent1 & ~sp0)
            | (inside & is_open & two & same & ~sent1)
            | (last & is_open & same)
            | (unit & ~is_open & ~sp0)
            | (out & ~is_open)
        )

    @classmethod
    def of(cls, pipe):
        """The decoder for an EntityRecognizer's moves (cached); None for other components."""
        moves = pipe.moves
        if type(moves).__name__ != "BiluoPushDown":
            return None
        got = cls._cache.get(id(moves))
        if got is None or got[0] is not moves or got[1].n != moves.n_moves:
            got = cls._cache[id(moves)] = (moves, cls(moves, pipe.vocab.strings))
        return got[1]

    def decode(self, docs, states, step) -> list:
        """Run ``states`` to the end; returns the states left for spaCy's loop (normally none)."""
        arrays = {id(doc): doc.to_array([SENT_START, IS_SPACE, ENT_IOB]) for doc in docs}
        if any(len(a) and a[:, 2].any() for a in arrays.values()):
            return states  # preset entities: spaCy's own tests
        # per token of all docs in one flat array, the flags of a state's key when its
        # buffer starts there: at least two tokens left (4), the next token starts a
        # sentence (2), this one is white space (1)
        flags, base, end = [], [], []
        pos = 0
        for st in states:
            a = arrays[id(st.doc)]
            n = len(a)
            f = numpy.zeros(n, dtype="int64")
            f[: n - 1] += 4 + 2 * (a[1:, 0] == 1)
            f += a[:, 1] != 0
            flags.append(f)
            base.append(pos)
            end.append(pos + n)
            pos += n
        flags = numpy.concatenate(flags)
        at = numpy.array(base) + numpy.array([st.B(0) for st in states])  # each buffer's first token
        end = numpy.array(end)
        key0 = numpy.zeros(len(states), dtype="int64")  # 8 x the open label's number (0: none)
        rows = numpy.arange(len(states))  # row indices for the valid-action check
        kinds, labels, table = self.kinds, self.labels, self.table
        keep_open, open_key = self.keep_open, self.open_key
        while states:
            scores = step(states)
            valid = table[key0 + flags[at]]
            best = numpy.where(valid, scores, -numpy.inf).argmax(axis=1)
            if numpy.isnan(scores).any() or not valid[rows[: len(states)], best].all():
                return states  # spaCy's loop takes it from here, states intact
            for st, m in zip(states, best.tolist()):
                kk = kinds[m]
                if kk == 1:
                    st.open_ent(labels[m])
                elif kk == 3:
                    st.close_ent()
                elif kk == 4:
                    st.open_ent(labels[m])
                    st.close_ent()
                st.push()  # every BILUO action ends with push and pop: B(0) moves on
                st.pop()
            # B opens its label; L and U close it; I and O keep what is open
            key0 = key0 * keep_open[best] + open_key[best]
            at += 1
            keep = at < end
            if not keep.all():
                idx = numpy.flatnonzero(keep)
                states = [states[i] for i in idx.tolist()]
                at, end, key0 = at[idx], end[idx], key0[idx]
        return states


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
