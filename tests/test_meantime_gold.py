"""The hand-labelled MEANTIME gold stories (benchmarks/data/meantime_gold_stories.json) are
consistent with themselves and with the corpus they label, and the benchmark that scores
them reads them as written."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest
from shareddata import require

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "benchmarks" / "data" / "meantime_gold_stories.json"


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


def test_listed_stories_and_the_map_agree(gold):
    labels, stories = gold["gold"], gold["stories"]
    sizes = Counter(labels.values())
    # every story of two or more articles is listed with its members and a note, and only those
    assert {s for s, n in sizes.items() if n > 1} == set(stories)
    for sid, s in stories.items():
        assert s["note"].strip(), sid
        assert sorted(s["members"]) == sorted(a for a, g in labels.items() if g == sid)
    # an article alone has its own story id, named after it
    assert all(g == f"single-{a}" for a, g in labels.items() if sizes[g] == 1)
    assert (len(labels), len(sizes), len(stories), sum(len(s["members"]) for s in stories.values())) == (120, 103, 11, 28)
    assert "CC BY 4.0" in gold["about"]
    # the other reading of each close call: 'broad' joins two apart articles, 'narrow'
    # parts an article from its multi-article story
    for a, b, why in gold["close_calls"]["broad"]:
        assert labels[a] != labels[b] and why, a
    for a, why in gold["close_calls"]["narrow"]:
        assert sizes[labels[a]] > 1 and why, a


def test_labels_cover_the_corpus_and_stay_in_one_topic(gold):
    recs = [json.loads(line) for line in require("meantime/timex.jsonl").open(encoding="utf-8")]
    assert sorted(r["id"] for r in recs) == sorted(gold["gold"])
    corpus = {r["id"]: r["corpus"] for r in recs}
    # the four sub-corpora are four topics: one event is never reported in two of them here
    for sid, s in gold["stories"].items():
        assert len({corpus[a] for a in s["members"]}) == 1, sid


def test_benchmark_counts_merges_and_splits_both_ways():
    spec = importlib.util.spec_from_file_location("mtgold_bench", ROOT / "benchmarks" / "bench_meantime_clustering.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    gold = {"a": "x", "b": "x", "c": "y", "d": "z"}
    pred = {"a": 1, "b": 2, "c": 2, "d": 2}  # x split in two; b, c, d merged
    merged, split, wrong, apart = bench.both_ways(pred, gold)
    assert [sorted(m) for m in merged] == [["b", "c", "d"]]
    assert [sorted(m) for m in split] == [["a", "b"]]
    assert (wrong, apart) == (3, 1)
