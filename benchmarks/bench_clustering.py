"""Story clustering quality on labelled data: streaming and rebuild, plus a threshold sweep.

    .venv/bin/python benchmarks/bench_clustering.py                # ECB+ dev and GVC val
    .venv/bin/python benchmarks/bench_clustering.py --sweep        # + the global threshold sweep
    .venv/bin/python benchmarks/bench_clustering.py FILE.jsonl ...

The sweep prints B³ F1 for every (threshold, far-margin) pair on each file as a whole;
storyline uses one global setting (storyline.stories.cluster.THRESHOLD / FAR_MARGIN).
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


def sweep(path: str, options: Options) -> list[tuple]:
    """Streaming B³ F1 over a grid of global settings (features computed once)."""
    articles, gold = read_labelled(path, options)
    rows = []
    names = ("THRESHOLD", "FAR_MARGIN", "W_TERMS", "W_ENTS", "W_NUMS")
    saved = tuple(getattr(cluster_mod, k) for k in names)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "s.db")
        for a in articles:
            store.add_article(a)
        cluster_mod.load_features(store, articles)  # computed once, cached in the store
        try:
            for thr, far, wn, we in itertools.product((0.25, 0.3, 0.35), (0.0, 0.15), (0.1, 0.3), (0.3, 0.5)):
                for k, v in zip(names, (thr, far, 1 - we, we, wn)):
                    setattr(cluster_mod, k, v)
                reset(store)
                f1 = score(cluster_mod.cluster(store, options), gold)["b3_f1"]
                rows.append((thr, far, wn, we, f1))
                print(f"  {Path(path).name:12} threshold={thr:.2f} far_margin={far:.2f} w_terms/ents/nums="
                      f"{1 - we:.1f}/{we:.1f}/{wn:.1f}  streaming B3 F1={f1:.4f}", flush=True)
        finally:
            for k, v in zip(names, saved):
                setattr(cluster_mod, k, v)
        store.close()
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*", default=DEFAULT)
    ap.add_argument("--sweep", action="store_true")
    args = ap.parse_args()
    opts = Options(progress=False)
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"setting: threshold={cluster_mod.THRESHOLD} far_margin={cluster_mod.FAR_MARGIN} window_days={opts.window_days} "
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
