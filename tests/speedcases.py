"""Texts and pipelines shared by the equivalence tests of storyline.nlp.speed (test_greedy,
test_morph, test_attrmatch, test_blas, test_layers): each compares a patched pipeline with
spaCy's own on the same texts."""

from __future__ import annotations

import importlib
import json
import warnings
from pathlib import Path

import pytest

from storyline.nlp import MODEL_PACKAGES
from shareddata import DATA  # tests/ is on the path

ROOT = Path(__file__).parent.parent
TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))] + [
    "",
    "Hello.",
    "According to Reuters, at least 83 people died on Friday in Caracas, Venezuela.",
    "  \n\n  ",
    "Paris",  # one token: no second token for B or I
    "Barack Obama\n\nJoe Biden  met   Angela Merkel in New York .\nUnited Nations",  # white space inside and before names
]


def spacy_pipeline():
    """A fresh copy of the English model as spaCy loads it (no patches); skips without one."""
    for name in MODEL_PACKAGES:
        try:
            return importlib.import_module(name).load()
        except ImportError:
            continue
    pytest.skip("no English model")


def corpus_texts() -> list[str]:
    """Real articles of ECB+ and GVC (15 of each); without the shared data the equivalence
    tests run on TEXTS alone and say so in a warning."""
    out = []
    for name in ("ecbplus/dev.jsonl", "gvc/val.jsonl"):
        p = DATA / name
        if p.exists():
            out += [json.loads(line)["text"] for line in p.open(encoding="utf-8") if line.strip()][:15]
        else:
            warnings.warn(f"{p}: shared data missing (set STORYLINE_SHARED); checking the built-in texts only")
    return out


def token_attrs(doc):
    """Every attribute the pipeline sets on a token (tags, lemmas, parse, entities)."""
    return [(t.tag_, t.lemma_, t.dep_, t.head.i, t.is_sent_start, t.ent_iob_, t.ent_type_) for t in doc]
