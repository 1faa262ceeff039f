"""Story clustering quality on labelled data: streaming and rebuild, plus a threshold sweep.

    .venv/bin/python benchmarks/bench_clustering.py                # ECB+ dev and GVC val
    .venv/bin/python benchmarks/bench_clustering.py --sweep        # + the global threshold sweep
    .venv/bin/python benchmarks/bench_clustering.py FILE.jsonl ...

The sweep prints streaming B³ F1 for every (threshold, cohesion, far-margin) setting on
each file as a whole and, for files with several topics (ECB+), on the odd and even
topics separately, then a 2-fold cross-validation (setting chosen on one half, scored on
the other). storyline uses one global setting (storyline.stories.cluster.THRESHOLD,
COHESION, FAR_MARGIN).
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from pathlib import Path

from storyline.evaluate_clustering import eval_clustering, read_labelled, score
from storyline.options import Options
import importlib

cluster_mod = importlib.import_module("storyline.stories.cluster")
from storyline.store import Store

DEFAULT = ["/work/shared/data/ecbplus/dev.jsonl", "/work/shared/data/gvc/val.jsonl"]


def reset(store: Store) -> None:
    with store.transaction() as db:
        for t in ("stories", "story_articles", "story_centroids", "story_postings"):
            db.execute(f"DELETE FROM {t}")
        db.execute("DELETE FROM state WHERE key = ?", (cluster_mod.CURSOR,))


GRID = {"THRESHOLD": (0.25, 0.30, 0.35), "COHESION": (0.0, 0.4, 0.45, 0.5, 0.55, 0.6), "FAR_MARGIN": (0.0, 0.15)}


def _store(tmp: str, name: str, articles) -> Store:
    store = Store(Path(tmp) / f"{name}.db")
    for a in articles:
        store.add_article(a)
    cluster_mod.load_features(store, articles)  # computed once, cached in the store
    return store


def sweep(path: str, options: Options) -> list[tuple]:
    """Streaming B³ F1 over a grid of global settings (features computed once), and a
    2-fold cross-validation over topics when the file has several: the setting chosen
    on the odd topics is scored on the even ones and vice versa."""
    articles, gold = read_labelled(path, options)
    topic = {a.id: str((a.metadata or {}).get("topic", "0")) for a in articles}
    names = tuple(GRID)
    saved = tuple(getattr(cluster_mod, k) for k in names)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        parts = {"all": articles}
        if len(set(topic.values())) > 1:
            for half, parity in (("odd", 1), ("even", 0)):
                parts[half] = [a for a in articles if int(topic[a.id]) % 2 == parity]
        stores = {k: _store(tmp, k, v) for k, v in parts.items()}
        try:
            for values in itertools.product(*GRID.values()):
                for k, v in zip(names, values):
                    setattr(cluster_mod, k, v)
                f1 = {}
                for k, store in stores.items():
                    reset(store)
                    ids = {a.id for a in parts[k]}
                    f1[k] = score(cluster_mod.cluster(store, options), {i: gold[i] for i in ids})["b3_f1"]
                rows.append((values, f1))
                print(f"  {Path(path).name:12} " + " ".join(f"{k.lower()}={v:.2f}" for k, v in zip(names, values))
                      + "  streaming B3 F1 " + " ".join(f"{k}={v:.4f}" for k, v in f1.items()), flush=True)
        finally:
            for k, v in zip(names, saved):
                setattr(cluster_mod, k, v)
            for store in stores.values():
                store.close()
    if "odd" in stores:
        for fit, test in (("odd", "even"), ("even", "odd")):
            best = max(rows, key=lambda r: (r[1][fit], r[0]))  # ties: the higher (stricter) values
            print(f"  2-fold CV: chosen on {fit} topics {dict(zip(names, best[0]))} (fit F1 {best[1][fit]:.4f}) "
                  f"-> {test} topics B3 F1 {best[1][test]:.4f}")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*", default=DEFAULT)
    ap.add_argument("--sweep", action="store_true")
    args = ap.parse_args()
    opts = Options(progress=False)
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"setting: threshold={cluster_mod.THRESHOLD} cohesion={cluster_mod.COHESION} far_margin={cluster_mod.FAR_MARGIN} window_days={opts.window_days} "
          f"weights terms/entities/numbers={cluster_mod.W_TERMS}/{cluster_mod.W_ENTS}/{cluster_mod.W_NUMS}")
    print(f"{'file':14} {'mode':10} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'pair F1':>7} {'ARI':>6} {'pred':>5} {'gold':>5} {'sec':>6}")
    for path in args.files:
        t = time.perf_counter()
        res = eval_clustering(path, opts)
        for mode in ("streaming", "rebuild"):
            r = res[mode]
            print(f"{Path(path).name:14} {mode:10} {r['b3_precision']:6.4f} {r['b3_recall']:6.4f} {r['b3_f1']:6.4f} "
                  f"{r['pairwise_f1']:7.4f} {r['ari']:6.4f} {r['predicted_stories']:5d} {r['gold_stories']:5d} {r['seconds']:6.2f}")
        print(f"  (ingest+clean {res['read_seconds']}s, total {time.perf_counter() - t:.1f}s)")
    if args.sweep:
        for path in args.files:
            sweep(path, opts)


if __name__ == "__main__":
    main()
