"""Story clustering quality on labelled data, beside the TF-IDF baseline, by the real path.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_clustering.py              # ECB+ dev and GVC val
    PYTHONPATH=src .venv/bin/python benchmarks/bench_clustering.py FILE.jsonl ...

Each file goes through ``storyline eval clustering`` (what ``storyline ingest`` +
``storyline cluster`` run, in a temporary store) with the packaged model; the baseline is
TF-IDF average-link with the threshold chosen on the other shared set. These whole-file
figures include the articles the model was fitted on: the cross-validated and held-out
figures come from ``benchmarks/fit_clustering.py``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from storyline.eval.clustering import eval_clustering
from storyline.options import Options

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("STORYLINE_SHARED") or REPO.parent / "shared")
DEFAULT = [str(SHARED / "data/ecbplus/dev.jsonl"), str(SHARED / "data/gvc/val.jsonl")]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*", default=DEFAULT)
    args = ap.parse_args()
    opts = Options(progress=False)
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"{'file':14} {'method':10} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'pair F1':>7} {'ARI':>6} {'pred':>5} {'gold':>5}")
    for path in args.files:
        t = time.perf_counter()
        res = eval_clustering(path, opts)
        for name, r in (("storyline", res["storyline"]), ("baseline", res["baseline"])):
            print(f"{Path(path).name:14} {name:10} {r['b3_precision']:6.4f} {r['b3_recall']:6.4f} {r['b3_f1']:6.4f} "
                  f"{r['pairwise_f1']:7.4f} {r['ari']:6.4f} {r['predicted_stories']:5d} {r['gold_stories']:5d}")
        b = res["baseline"]
        print(f"  (baseline threshold {b['threshold']} chosen on {b['threshold_chosen_on']}; "
              f"seconds {res['storyline']['seconds']}, total {time.perf_counter() - t:.0f}s)")


if __name__ == "__main__":
    main()
