"""The fitted claim-pair model's file: its feature columns and how it is loaded and checked.

Apart from ``pairs.py`` (which computes the features and applies the model) so that the
lexical method can read the model's predicate eventness table without importing the
model method that itself builds on the lexical one.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

MODEL_FILE = "pair_model.json"  # package data beside story_model.json (shipped by a wheel)

FEATURES = (
    "word", "char", "verb", "verb_any", "noun", "rare", "entity", "entity_clash", "place", "place_clash",
    "day", "day_clash", "number", "number_clash", "speaker", "speaker_clash", "negation_clash",
    "quote_clash", "lead", "length", "trigger", "triggers",
    # proposition checks: the main predicates, their subjects and objects, modality
    "pred_same", "pred_clash", "pred_clash_event", "pred_missing_event", "subject_same", "subject_clash", "object",
    "hedge_clash", "entity_both_unique",
)
# A model may add the MiniLM cosine of the two claims' texts (the ``embeddings`` extra;
# benchmarks/fit_pair_model.py --embed): measured, not shipped (docs/report.md).
EMBED_FEATURE = "embed"


@lru_cache(maxsize=1)
def load_model(path: str | None = None) -> dict:
    """The fitted coefficients (committed JSON with provenance): the packaged model, or ``path``."""
    where = path or f"storyline/data/{MODEL_FILE}"
    if path:
        text = Path(path).read_text(encoding="utf-8")
    else:
        text = resources.files("storyline").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
    model = json.loads(text)
    names = tuple(model.get("features", FEATURES))
    missing = [f for f in names if f not in model["coef"]]
    from ..errors import InputError

    if missing:
        raise InputError(where, f"pair model lacks coefficients for {', '.join(missing)}")
    if names not in (FEATURES, FEATURES + (EMBED_FEATURE,)):  # the columns features() makes, in order
        raise InputError(where, f"pair model features are not {', '.join(FEATURES)} [, {EMBED_FEATURE}] in order")
    return model
