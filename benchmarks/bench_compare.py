"""compare_story + render over every gold story of GVC (val) and ECB+ (dev).

Prints, per corpus: stories, articles, claim groups by verdict, the compare+render
time (annotation excluded), and the disputed groups (conflicting/revision) with the
figures or dates behind them, for checking by hand. A story that raises is counted
and shown. ECB+ is CC BY 3.0 (Cybulska & Vossen 2014); GVC CC BY 4.0 (Vossen et al. 2018).

Run:  .venv/bin/python benchmarks/bench_compare.py [--limit N] [--quiet]
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storyline.annotate import annotate_articles  # noqa: E402
from storyline.clean import clean_article  # noqa: E402
from storyline.compare import compare_story  # noqa: E402
from storyline.options import Options  # noqa: E402
from storyline.records import Article  # noqa: E402
from storyline.report import render  # noqa: E402
from storyline.stories import find_copies  # noqa: E402
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from shareddata import DATA  # noqa: E402  ($STORYLINE_SHARED, else ../shared beside the repo)

CORPORA = {"gvc": str(DATA / "gvc" / "val.jsonl"), "ecbplus": str(DATA / "ecbplus" / "dev.jsonl")}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0, help="stories per corpus (0 = all)")
    ap.add_argument("--quiet", action="store_true", help="do not list disputed groups")
    args = ap.parse_args()
    for corpus, path in CORPORA.items():
        by = collections.defaultdict(list)
        for line in open(path, encoding="utf-8"):
            d = json.loads(line)
            by[d["story"]].append(d)
        stories = sorted(by.items())[: args.limit or None]
        counts, failed, n_art, t_cmp = collections.Counter(), [], 0, 0.0
        for sid, docs in stories:
            arts = [clean_article(Article(id=d["id"], raw_text=d["text"], title=d.get("title"),
                                          published=d.get("published"))) for d in docs]
            anns = list(annotate_articles(arts, Options(progress=False)))
            n_art += len(arts)
            t = time.perf_counter()
            try:
                r = compare_story({"id": sid}, arts, anns, find_copies(arts))
                for fmt in ("md", "html", "json"):
                    render(r, fmt)
            except Exception as exc:  # a benchmark reports, it does not stop
                failed.append(f"{sid}: {exc!r}")
                continue
            t_cmp += time.perf_counter() - t
            counts.update({k: v for k, v in r["counts"].items()})
            if not args.quiet:
                for g in r["groups"]:
                    if g["verdict"] in ("conflicting", "revision"):
                        why = [(f["kind"], f["a"].get("text") or f["a"].get("value"),
                                f["b"].get("text") or f["b"].get("value"))
                               for f in g["findings"] if f["relation"] in ("disjoint", "revision")][:2]
                        print(f"  [{corpus} {sid}] {g['verdict']}: {why}")
        print(f"{corpus}: {len(stories)} stories, {n_art} articles, failed {len(failed)}; "
              + ", ".join(f"{k} {counts[k]}" for k in ("corroborated", "conflicting", "revision", "variant",
                                                        "single-source", "multi_article"))
              + f"; compare+render {t_cmp:.1f} s ({t_cmp / max(1, len(stories)):.2f} s/story)")
        for f in failed:
            print("  FAILED", f)
    print("reproduce: .venv/bin/python benchmarks/bench_compare.py [--limit N] [--quiet]")


if __name__ == "__main__":
    main()
