"""Annotation throughput on real news articles (GVC val + ECB+ dev, a few hundred words each).

Reproduce: .venv/bin/python benchmarks/bench_annotate.py [--n 300] [--processes 2] [--repeat 5]
Prints articles/s and words/s; the target is >= 30 articles/s on 2 cores.
``--reference`` also times spaCy's own full small pipeline (nlp.pipe, same processes,
no storyline rules) on the same articles: the yardstick the whole annotation is held to.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from shareddata import DATA  # noqa: E402  ($STORYLINE_SHARED, else ../shared beside the repo)



def load_articles(n: int, min_words: int = 150, max_words: int = 900):
    from storyline.records import Article

    rows = []
    for path in (DATA / "gvc" / "val.jsonl", DATA / "ecbplus" / "dev.jsonl"):
        if not path.exists():
            continue
        for line in path.open(encoding="utf-8"):
            r = json.loads(line)
            if min_words <= len(r["text"].split()) <= max_words:
                rows.append(r)
    rows.sort(key=lambda r: r["id"])  # deterministic sample
    rows = rows[:n]
    return [Article(id=r["id"], raw_text=r["text"], text=r["text"], published=r.get("published"), title=r.get("title")) for r in rows]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--reference", action="store_true", help="also time spaCy's full pipeline alone")
    ap.add_argument("--repeat", type=int, default=1,
                    help="time the annotation this many times and print the median and range (the VM's speed drifts)")
    args = ap.parse_args(argv)
    from storyline.annotate import annotate_articles
    from storyline.nlp import load
    from storyline.options import Options

    arts = load_articles(args.n)
    if not arts:
        print("not measured: no GVC/ECB+ data found under", DATA)
        return 1
    load(())  # model load is not part of the throughput
    words = sum(len(a.text.split()) for a in arts)
    opts = Options(processes=args.processes, batch_size=args.batch_size)
    import resource

    def cpu() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)  # spaCy workers, once joined
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    rates = []
    for _ in range(max(1, args.repeat)):
        load0 = os.getloadavg()[0]
        t0, c0 = time.perf_counter(), cpu()
        n = sum(1 for _ in annotate_articles(arts, opts))
        dt, dc = time.perf_counter() - t0, cpu() - c0
        load1 = os.getloadavg()[0]
        rates.append(n / dt)
        print(f"articles: {n}  words: {words}  ({words / n:.0f} words/article)  processes: {args.processes}")
        print(f"time: {dt:.2f} s  ->  {n / dt:.1f} articles/s  {words / dt:.0f} words/s  (target >= 30 articles/s)")
        print(f"cpu: {dc:.1f} s ({dc / n * 1000:.0f} ms/article)  ->  {n / dc * min(2, args.processes):.1f} articles/s"
              f" if the {min(2, args.processes)} core(s) were free  (load average {load0:.1f} -> {load1:.1f} on {os.cpu_count()} cores)")
    if len(rates) > 1:
        print(f"median of {len(rates)} runs: {statistics.median(rates):.1f} articles/s"
              f"  (range {min(rates):.1f}-{max(rates):.1f})")
    if args.reference:
        ref = load((), cached_morph=False, greedy=False, blas=False)  # spaCy's components as shipped
        t0 = time.perf_counter()
        m = sum(1 for _ in ref.pipe((a.text for a in arts), batch_size=args.batch_size, n_process=args.processes))
        dt = time.perf_counter() - t0
        print(f"reference, spaCy full pipeline alone: {m / dt:.1f} articles/s  {words / dt:.0f} words/s")
    print(f"command: .venv/bin/python benchmarks/bench_annotate.py --n {args.n} --processes {args.processes}"
          + (f" --repeat {args.repeat}" if args.repeat > 1 else "") + (" --reference" if args.reference else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
