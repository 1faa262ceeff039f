"""The join decision: a logistic regression over article-to-story features.

An article joins the story it most probably belongs to when that probability reaches
``THRESHOLD`` (0.5: the model's own even odds, not a tuned constant). The features say
what tells two events apart: the whole text, the rare names (entity vectors weighted by
the rarity of their words, so "Comey" outweighs "Trump"), the lead's words and its event
triggers (claim predicates), the places, the numbers, and how far apart in time the
events are (the lead's event date, then the publication date; for an undated article,
the months and days it names). The coefficients are
fitted on labelled data with cross-validation over topics and incidents and ship in
``storyline/data/story_model.json`` (``benchmarks/fit_clustering.py`` refits them).
"""

from __future__ import annotations

import json
import math
from datetime import date
from functools import lru_cache
from importlib import resources
from operator import mul
from typing import Any

from ..errors import StorylineError
from .features import cosine
from .index import day_gap, nearest_gap, num_overlap

VECTORS = ("terms", "ents", "lead", "places", "preds")
DIRECTIONS = ("terms", "ents", "lead")


def base_names(vectors: tuple[str, ...]) -> tuple[str, ...]:
    """The base features of a pair for these article vectors (``pair_features``' order; a
    fitting diagnostic adds a vector)."""
    # no "event_unknown": an article or story has an event day exactly when it has a publication day
    return (*vectors, *(k + "_direction" for k in DIRECTIONS), "nums", "event_gap", "published_gap",
            "published_unknown", "month_gap")


BASE_NAMES = base_names(VECTORS)
# Content features weighed again for undated pairs (the flag times the feature; "length"
# is log(1 + the article's distinct content terms)): an option of fit_clustering.py
# (--interactions), measured and not kept (issue 14; benchmarks/docs/stories.md). None shipped.
INTERACTIONS: tuple[str, ...] = ()
INTERACTION_FLAG = "either"  # "either": published_unknown; "article": the article has no day
# Cliffs in a time gap: 1 when both sides are dated and the nearest member's day is more
# than N days away, each step's weight fitted (a log gap alone charges a year little more
# than a month). An option of fit_clustering.py (--steps); STEP_GAP says which gap.
STEPS: tuple[int, ...] = ()
STEP_GAP = "event_gap"  # or "published_gap"
# Content cosines times the log time gap (dated pairs only): the same names weigh less the
# further apart the reports are. An option of fit_clustering.py (--gap-products).
GAP_PRODUCTS: tuple[str, ...] = ()


def _names() -> tuple[str, ...]:
    return (BASE_NAMES + tuple(f"{STEP_GAP}_over_{n}" for n in STEPS)
            + tuple(f"{k}_x_{STEP_GAP}" for k in GAP_PRODUCTS) + tuple(k + "_undated" for k in INTERACTIONS))


NAMES = _names()
THRESHOLD = 0.5
MODEL_FILE = "story_model.json"


def _gap(day: int | None, first: int | None, last: int | None, days: dict | None = None) -> tuple[float, float]:
    """(log(1 + days between the day and the nearest member's day), 1 when either is
    unknown). The nearest member, not the span: inside a story that has run for months
    every day is within the span, and a report a year after the last member would pay
    nothing once the story's span reached it (the span only widens)."""
    if day is None or first is None or last is None:
        return 0.0, 1.0
    near = nearest_gap(day, days)
    return math.log1p(day_gap(day, first, last) if near is None else near), 0.0


def month_gap(mdays: list, first: int | None, last: int | None) -> float:
    """log(1 + days) between a story's publication span and the nearest of an undated
    article's named months/days placed in the story's years (0 when either is unknown)."""
    if not mdays or first is None or last is None:
        return 0.0
    y0, y1 = date.fromordinal(first).year, date.fromordinal(last).year
    best = None
    for month, day in mdays:
        for y in range(y0 - 1, y1 + 2):
            try:
                a = date(y, month, day or 1).toordinal()
                b = a if day else date(y + (month == 12), month % 12 + 1, 1).toordinal() - 1
            except ValueError:  # February 30
                continue
            gap = max(0, a - last, first - b)
            best = gap if best is None else min(best, gap)
    return math.log1p(best) if best is not None else 0.0


def direction_norms(c: dict[str, Any]) -> dict[str, float]:
    """The lengths of a centroid's ``DIRECTIONS`` vectors (what ``pair_features`` divides by)."""
    out = {}
    for k in DIRECTIONS:
        vals = c.get(k, {}).values()
        out[k] = math.sqrt(sum(map(mul, vals, vals)))
    return out


def pair_features(f: dict[str, Any], c: dict[str, Any], norms: dict[str, float] | None = None) -> list[float]:
    """The features (in ``NAMES`` order) of an article's features ``f`` against a story
    centroid ``c``: average-link cosines (a centroid holds its members' sums), cosines
    to the centroid's direction, number overlap, and the time gaps (``norms``:
    ``direction_norms(c)``, when the caller keeps them per centroid)."""
    n = c["size"] or 1
    dots = {k: cosine(f.get(k, {}), c.get(k, {})) for k in VECTORS}
    out = [dots[k] / n for k in VECTORS]
    # the same against the centroid's direction: average-link over the story's own
    # cohesion, so a loose story (many angles of one event) is not out of reach
    norms = norms if norms is not None else direction_norms(c)
    for k in DIRECTIONS:
        norm = norms[k]
        out.append(dots[k] / norm if norm else 0.0)
    out.append(num_overlap(f["nums"], c["nums"], n, c["nnums"] / n))
    out.append(_gap(f.get("eday"), c.get("first_eday"), c.get("last_eday"), c.get("edays"))[0])
    out.extend(_gap(f.get("day"), c.get("first_day"), c.get("last_day"), c.get("days")))
    out.append(month_gap(f.get("mdays") or [], c.get("first_day"), c.get("last_day")) if f.get("day") is None else 0.0)
    if STEPS:
        gap = out[BASE_NAMES.index(STEP_GAP)]  # 0.0 when either side is undated
        out.extend(float(gap > math.log1p(n)) for n in STEPS)
    if GAP_PRODUCTS:
        gap = out[BASE_NAMES.index(STEP_GAP)]
        out.extend(out[BASE_NAMES.index(k)] * gap for k in GAP_PRODUCTS)
    if not INTERACTIONS:
        return out
    unknown = out[BASE_NAMES.index("published_unknown")] if INTERACTION_FLAG == "either" else float(f.get("day") is None)
    for k in INTERACTIONS:
        out.append(unknown * (math.log1p(len(f.get("terms", {}))) if k == "length" else out[BASE_NAMES.index(k)]))
    return out


@lru_cache(maxsize=1)
def packaged() -> dict[str, Any]:
    """The shipped model (coefficients and how they were fitted)."""
    text = resources.files("storyline").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
    return check(json.loads(text), MODEL_FILE)


def set_interactions(names: tuple[str, ...]) -> None:
    """Choose the ``INTERACTIONS`` (fitting variants only: the packaged model has none)."""
    global INTERACTIONS, NAMES
    bad = [k for k in names if k != "length" and k not in BASE_NAMES[:BASE_NAMES.index("nums") + 1]]
    if bad:
        raise StorylineError(f"no content feature {bad} to weigh again for undated pairs")
    INTERACTIONS = tuple(names)
    NAMES = _names()


def set_steps(days: tuple[int, ...], gap: str = "event_gap", products: tuple[str, ...] = ()) -> None:
    """Choose the ``STEPS`` and ``GAP_PRODUCTS`` of a time gap (fitting options: what ships
    is in the model file)."""
    global STEPS, STEP_GAP, GAP_PRODUCTS, NAMES
    content = BASE_NAMES[:BASE_NAMES.index("nums") + 1]
    if gap not in ("event_gap", "published_gap"):
        raise StorylineError(f"time steps read event_gap or published_gap, not {gap!r}")
    if any(n <= 0 for n in days):
        raise StorylineError(f"time steps are day counts above 0, not {days}")
    if any(k not in content for k in products):
        raise StorylineError(f"gap products multiply content features ({', '.join(content)}), not {products}")
    STEPS, STEP_GAP, GAP_PRODUCTS = tuple(sorted(days)), gap, tuple(products)
    NAMES = _names()


def check(model: dict[str, Any], where: str) -> dict[str, Any]:
    if tuple(model.get("features", ())) != NAMES or len(model.get("coef", ())) != len(NAMES):
        raise StorylineError(f"{where}: story model features {model.get('features')} do not match {list(NAMES)}")
    return model


def probability(x: list[float], model: dict[str, Any]) -> float:
    z = model["intercept"] + sum(w * v for w, v in zip(model["coef"], x))
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))
