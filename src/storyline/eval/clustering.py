"""Story clustering scored against gold stories (B³, pairwise, ARI), beside a baseline.

``eval_clustering(path)`` runs what ``storyline ingest FILE`` then ``storyline cluster``
run — read and clean, store, annotate, stream the articles in publication order into
stories — in a temporary store, and scores the stories against each article's gold
``story`` field. The same file is also clustered by the simple baseline: TF-IDF
average-link clustering with a cosine threshold chosen on the *other* shared set.
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from ..errors import InputError
from ..options import Options

BASELINES = ("tfidf", "none")


def b_cubed(pred: list, gold: list, items: Iterable[int] | None = None) -> tuple[float, float, float]:
    """B³ precision, recall, F1 (Bagga & Baldwin 1998), averaged over ``items`` (default:
    all); the clusters are the whole predicted and gold clusters, so an item of ``items``
    merged with an item outside still costs precision."""
    pc, gc = defaultdict(set), defaultdict(set)
    for i, (p, g) in enumerate(zip(pred, gold)):
        pc[p].add(i)
        gc[g].add(i)
    items = list(range(len(pred)) if items is None else items)
    n = len(items)
    if n == 0:
        return 0.0, 0.0, 0.0
    p = sum(len(pc[pred[i]] & gc[gold[i]]) / len(pc[pred[i]]) for i in items) / n
    r = sum(len(pc[pred[i]] & gc[gold[i]]) / len(gc[gold[i]]) for i in items) / n
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pairwise(pred: list, gold: list) -> tuple[float | None, float | None, float | None]:
    """Precision/recall/F1 over same-story pairs (None when there are no pairs to measure)."""
    from collections import Counter
    from math import comb

    same_p = sum(comb(c, 2) for c in Counter(pred).values())
    same_g = sum(comb(c, 2) for c in Counter(gold).values())
    both = sum(comb(c, 2) for c in Counter(zip(pred, gold)).values())
    p = both / same_p if same_p else None
    r = both / same_g if same_g else None
    f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return p, r, f


def _rnd(x):
    return None if x is None else round(x, 4)


def score_labels(pred_of: dict[str, Any], gold: dict[str, str]) -> dict[str, Any]:
    """Scores of predicted labels (article id -> cluster) against gold stories."""
    from sklearn.metrics import adjusted_rand_score

    ids = sorted(gold)
    pred = [pred_of.get(i, "unclustered:" + i) for i in ids]
    g = [gold[i] for i in ids]
    bp, br, bf = b_cubed(pred, g)
    pp, pr, pf = pairwise(pred, g)
    return {"b3_precision": _rnd(bp), "b3_recall": _rnd(br), "b3_f1": _rnd(bf),
            "pairwise_precision": _rnd(pp), "pairwise_recall": _rnd(pr), "pairwise_f1": _rnd(pf),
            "ari": _rnd(adjusted_rand_score(g, pred)), "articles": len(ids),
            "predicted_stories": len(set(pred)), "gold_stories": len(set(g))}


def score(stories: list[dict[str, Any]], gold: dict[str, str]) -> dict[str, Any]:
    return score_labels({a: s["id"] for s in stories for a in s["articles"]}, gold)


def gold_stories(store, path: str) -> dict[str, str]:
    """Gold story per stored article id (the input's ``story`` field, kept in metadata)."""
    gold = {}
    for art in store.articles():
        story = (art.metadata or {}).get("story")
        if story is None:
            raise InputError(f"{path}: {art.id}", "each record needs a gold 'story'")
        gold[art.id] = str(story)
    if not gold:
        raise InputError(path, "no articles")
    return gold


def ingest_labelled(path: str, options: Options, store, skipped: list[str] | None = None) -> dict[str, str]:
    """``storyline ingest PATH`` into ``store``; returns the gold story per article id.
    A bad record is left out (its one-line error appended to ``skipped``), as ingest does."""
    from .. import pipeline

    result = pipeline.ingest([path], options, store)
    if skipped is not None:
        skipped.extend(str(e) for e in result.errors)
    return gold_stories(store, path)


def cluster_store(store, options: Options) -> list[dict[str, Any]]:
    """What ``storyline cluster`` runs (annotate what is missing, then the incremental
    step), returning every story."""
    from .. import pipeline

    pipeline.annotate_store(store, options)
    pipeline.update_stories(store, options)
    return store.stories()


# -- the TF-IDF baseline --------------------------------------------------------------
def tfidf_linkage(texts: list[str]):
    """Average-link dendrogram of the texts under TF-IDF cosine distance (the vectorizer
    fitted on the texts themselves: the plain textbook baseline)."""
    from scipy.cluster.hierarchy import linkage
    from scipy.spatial.distance import squareform
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    dist = np.clip(1.0 - (x @ x.T).toarray(), 0.0, 2.0)
    np.fill_diagonal(dist, 0.0)
    return linkage(squareform(dist, checks=False), method="average")


def tfidf_cut(tree, threshold: float) -> list[int]:
    """Clusters whose average-link cosine similarity is at least ``threshold``."""
    from scipy.cluster.hierarchy import fcluster

    return [int(k) for k in fcluster(tree, t=1.0 - threshold, criterion="distance")]


def baseline_texts(store, ids: list[str]) -> list[str]:
    return [f"{a.title}\n\n{a.text}" if a.title and not (a.text or "").startswith(a.title) else (a.text or "")
            for a in store.articles(ids)]


def baseline_threshold(path: str, model: dict[str, Any]) -> tuple[float, str]:
    """The baseline's threshold for a file: the one chosen on the other shared set when
    the file is one of them, else the one chosen on both together."""
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    sets = model["baseline"]["chosen_on"]
    if len(sets) == 2 and digest in {s["sha256"] for s in sets.values()}:
        name, other = next((k, v) for k, v in sets.items() if v["sha256"] != digest)
        return other["threshold"], name
    return model["baseline"]["both"]["threshold"], " + ".join(sets)


def eval_clustering(path: str, options: Options | None = None, baseline: str = "tfidf") -> dict[str, Any]:
    """Ingest a labelled JSON Lines file into a temporary store, cluster it as
    ``storyline ingest`` + ``storyline cluster`` do, and score it beside the baseline."""
    from ..stories.cluster import current_model
    from ..store import Store

    if baseline not in BASELINES:
        raise InputError(baseline, f"unknown baseline (known: {', '.join(BASELINES)})")
    options = (options or Options()).with_(progress=False)
    out: dict[str, Any] = {"file": str(path)}
    with tempfile.TemporaryDirectory(prefix="storyline-eval-") as tmp:
        store = Store(str(Path(tmp) / "eval.db"))
        try:
            t = time.perf_counter()
            skipped: list[str] = []
            gold = ingest_labelled(path, options, store, skipped)
            if skipped:
                out["skipped"] = skipped
            t_ingest = time.perf_counter() - t
            stories = cluster_store(store, options)
            res = score(stories, gold)
            res["seconds"] = {"ingest": round(t_ingest, 2), "annotate+cluster": round(time.perf_counter() - t - t_ingest, 2)}
            out["storyline"] = res
            if baseline == "tfidf":
                thr, chosen_on = baseline_threshold(path, current_model())
                ids = sorted(gold)
                labels = tfidf_cut(tfidf_linkage(baseline_texts(store, ids)), thr)
                base = score_labels(dict(zip(ids, labels)), gold)
                out["baseline"] = {"method": "tfidf average-link", "threshold": thr, "threshold_chosen_on": chosen_on, **base}
        finally:
            store.close()
    return out
