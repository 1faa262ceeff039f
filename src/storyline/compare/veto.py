"""The same-fact veto of the lexical default: a decision fitted on the hand-labelled pairs.

The lexical default groups claims by weighted word similarity and a predicate check.
The veto reads each cross-article pair of a group as two propositions (the pair model's
slot agreements and proposition checks, the default's predicate check, participants)
and a small logistic model, fitted on the hand labels of
benchmarks/data/verdict_pairs.jsonl with cross-validation grouped by story
(benchmarks/fit_handlabels.py), gives the probability that the two claims state one
fact. A group holding a pair below the model's threshold is cut around its weakest
pair (as ``grouping.split_not_one_fact`` cuts), and a claim may not be a second member of
a group it has such a pair with. The coefficients and their provenance live in
``data/veto_model.json``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from ..options import ALIGN_THRESHOLD
from .people import different_people

MODEL_FILE = "veto_model.json"

# The columns of the model, in order: the pair model's lexical and proposition features
# (pairs.features, by name) and the lexical default's own predicate check (predicates.Predicates).
PAIR_FEATURES = ("word", "char", "rare", "trigger", "pred_clash", "pred_missing_event", "subject_clash",
                 "speaker_clash", "negation_clash", "number", "number_clash", "entity_both_unique", "hedge_clash",
                 "lead")
OWN_FEATURES = ("sim", "pred_same", "pred_states", "incompatible", "unproven", "state_apart", "people_apart",
                "background")
FEATURES = PAIR_FEATURES + OWN_FEATURES


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> dict:
    """The fitted veto (committed JSON with provenance): the packaged model, or ``path``."""
    from ..errors import InputError

    where = path or f"storyline/data/{MODEL_FILE}"
    try:
        text = Path(path).read_text(encoding="utf-8") if path else \
            resources.files("storyline").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
        model = json.loads(text)
    except OSError as e:
        raise InputError(where, f"cannot read the veto model: {e.strerror or e}") from None
    except ValueError as e:
        raise InputError(where, f"the veto model is not JSON: {e}") from None
    if not isinstance(model, dict):
        raise InputError(where, "the veto model must be a JSON object")
    missing = [k for k in ("coef", "mean", "scale", "threshold") if k not in model]
    if missing:
        raise InputError(where, f"the veto model lacks {', '.join(missing)} (a file written by fit_handlabels.py has them)")
    names = tuple(model.get("features", ()))
    if not names or any(f not in FEATURES for f in names) or any(f not in model["coef"] for f in names):
        raise InputError(where, f"veto model features must be among {', '.join(FEATURES)}, each with a coefficient")
    return model


class PairReader:
    """The feature rows of a story's unit pairs (``FEATURES`` order), computed on demand."""

    def __init__(self, units: list[dict], sim):
        from . import pairsim, predicates
        from .pairs import PairScores, load_model as pair_model

        self.units, self.sim = units, sim
        self.preds = sim.preds if isinstance(sim, pairsim.PairSimilarity) and sim.preds is not None \
            else predicates.Predicates(units)
        self.scores = PairScores(units, pair_model().get("eventness"))
        from .pairs import FEATURES as PF

        self._cols = [PF.index(f) for f in PAIR_FEATURES]

    def rows(self, I: np.ndarray, J: np.ndarray) -> np.ndarray:
        from . import grouping
        from .pairs import features

        I, J = np.asarray(I, dtype=np.intp), np.asarray(J, dtype=np.intp)
        if not len(I):
            return np.zeros((0, len(FEATURES)))
        pf = np.array([np.asarray(features(self.scores, i, j))[self._cols] for i, j in zip(I.tolist(), J.tolist())])
        p = self.preds
        sim = grouping.pair_values(self.sim, I, J)
        same = (p.key[I] == p.key[J]) & (p.key[I] != 0)
        states = (p._states(I, J) | p._states(J, I)) & ~same
        incompatible = ~p.compatible(I, J)
        unproven = p.unproven(I, J)
        state_apart = p._state_apart(I, J) if p.state.any() else np.zeros(len(I), dtype=bool)
        people = np.array([different_people(self.units[i], self.units[j]) for i, j in zip(I.tolist(), J.tolist())])
        back = np.array([bool(self.units[i].get("background_verbs") or self.units[j].get("background_verbs"))
                         for i, j in zip(I.tolist(), J.tolist())])
        own = np.column_stack([sim, same, states, incompatible, unproven, state_apart, people, back]).astype(float)
        return np.hstack([pf, own])

    def one_slot(self, I: np.ndarray, J: np.ndarray) -> np.ndarray:
        """Whether the two claims hold a figure of one counted thing about someone both name
        (``predicates.Predicates.figures``): one slot, what a conflict or a scope difference is made
        of, left to the verdict rules rather than vetoed."""
        f = self.preds.figures
        if f is None or not len(I):
            return np.zeros(len(I), dtype=bool)
        return np.asarray(f[np.minimum(I, J), np.maximum(I, J)]).ravel() > 0


def probabilities(X: np.ndarray, model: dict) -> np.ndarray:
    """The model's same-fact probability of each row of X (all ``FEATURES`` columns)."""
    names = model["features"]
    idx = [FEATURES.index(f) for f in names]
    coef = np.array([model["coef"][f] for f in names])
    mean = np.array([model["mean"][f] for f in names])
    scale = np.array([model["scale"][f] for f in names])
    z = ((X[:, idx] - mean) / scale) @ coef + model["intercept"]
    return 1.0 / (1.0 + np.exp(-z))


class Veto:
    """The model's probability of a story's cross-article pairs, and the two places it acts."""

    def __init__(self, units: list[dict], sim, model: dict):
        self.units, self.sim, self.model = units, sim, model
        self.threshold = float(model["threshold"])
        # a direct link (the pair's own similarity at the default's threshold or more) may
        # have a threshold of its own: direct pairs are right far more often than the pairs a
        # bridging claim or a second membership holds (benchmarks/docs/claims.md, "veto-2")
        self.threshold_direct = float(model.get("threshold_direct", self.threshold))
        self._reader: PairReader | None = None
        self._p: dict[tuple[int, int], float] = {}
        self._t: dict[tuple[int, int], float] = {}

    def probs(self, pairs: list[tuple[int, int]]) -> list[float]:
        """Same-fact probability of each pair (i, j), cached by (min, max)."""
        keys = [(min(i, j), max(i, j)) for i, j in pairs]
        todo = sorted({k for k in keys if k not in self._p})
        if todo:
            if self._reader is None:
                self._reader = PairReader(self.units, self.sim)
            I, J = np.array([i for i, _ in todo], dtype=np.intp), np.array([j for _, j in todo], dtype=np.intp)
            X = self._reader.rows(I, J)
            p = probabilities(X, self.model)
            if self.model.get("exempt") == "figure_slot":
                p[self._reader.one_slot(I, J)] = 1.0
            direct = X[:, FEATURES.index("sim")] >= ALIGN_THRESHOLD  # (align.THRESHOLD)
            t = np.where(direct, self.threshold_direct, self.threshold)
            for k, v, w in zip(todo, p.tolist(), t.tolist()):
                self._p[k], self._t[k] = v, w
        return [self._p[k] for k in keys]

    def margins(self, pairs: list[tuple[int, int]]) -> list[float]:
        """Each pair's probability minus its threshold (the direct-link one when the pair's own
        similarity is at the default's threshold or more): below 0 the pair is vetoed in a group."""
        p = self.probs(pairs)
        return [v - self._t[(min(i, j), max(i, j))] for v, (i, j) in zip(p, pairs)]

    def _cross(self, g: list[int]) -> list[tuple[int, int]]:
        art = [self.units[i]["article_id"] for i in g]
        return [(g[x], g[y]) for x in range(len(g)) for y in range(x + 1, len(g)) if art[x] != art[y]]

    def split(self, groups: list[list[int]]) -> list[list[int]]:
        """The groups with no two claims of different articles below their threshold (``margins``):
        a group holding such a pair is cut around the one furthest below, each other member going
        with the claim of the pair it is more probably one fact with (the first on a tie),
        and each part is checked again. Groups stay sorted, ordered by first member."""
        if self.model.get("acts") == "second":  # only second memberships are vetoed
            return [sorted(g) for g in groups]
        out, todo = [], [sorted(g) for g in groups]
        while todo:
            g = todo.pop()
            pairs = self._cross(g) if len(g) > 1 else []
            p = self.margins(pairs)
            if not pairs or min(p) >= 0:
                out.append(g)
                continue
            i, j = pairs[min(range(len(pairs)), key=lambda x: (p[x], pairs[x]))]  # the weakest (ties: first)
            rest = [m for m in g if m not in (i, j)]
            near_i = [a >= b for a, b in zip(self.probs([(i, m) for m in rest]), self.probs([(j, m) for m in rest]))]
            todo.append(sorted([i] + [m for m, k in zip(rest, near_i) if k]))
            todo.append(sorted([j] + [m for m, k in zip(rest, near_i) if not k]))
        return sorted(out, key=lambda g: g[0])

    def secondaries(self, groups: list[list[int]], memberships: list[list[int]]) -> list[list[int]]:
        """``memberships`` without the second memberships that hold a pair below the threshold
        with a member of the group (a second membership is a weak link: the weak-link threshold,
        whatever the pair's own similarity)."""
        out = []
        for g, m in zip(groups, memberships):
            own = set(g)
            keep = list(g)
            for i in m:
                if i in own:
                    continue
                if min(self.probs([(i, x) for x in g]), default=1.0) >= self.threshold:
                    keep.append(i)
            out.append(keep)
        return out
