"""Stories date their undated members: real articles with their dates taken away.

Every dated article of a gold story (ECB+ dev sub-topics; GVC val incidents and the
hand-labelled MEANTIME stories, the held-out sets: never looked at while building the
rules) loses its ``published``, URL and date line, and goes through ingest -> annotate
-> cluster -> story dating with the still-dated rest of its story (leave one out;
``storyline.eval.story_dates``).

Figures: the share within 3 days of the true date, with the right year, given a window
by a story with dated members (clustering may put the article elsewhere); the same on
the articles published while their story ran (another member within 3 days: the most a
story's dates can do -- "ceiling" is that share of all articles); and the baseline, the
article's own text alone read as of its story's latest date.

MEANTIME (``meantime``, the default's third file): the Wikinews articles of
``$STORYLINE_SHARED/data/meantime/timex.jsonl`` with the gold stories of
``benchmarks/data/meantime_gold_stories.json`` (the file ``bench_meantime_clustering.py``
builds); the true date is the document creation time.

Run:  PYTHONPATH=src .venv/bin/python benchmarks/bench_story_dates.py [--errors] [PATH | meantime ...]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from storyline.eval.story_dates import eval_story_dates  # noqa: E402

SHARED = Path(os.environ.get("STORYLINE_SHARED") or ROOT.parent / "shared")
DEFAULT = [SHARED / "data" / "ecbplus" / "dev.jsonl", SHARED / "data" / "gvc" / "val.jsonl", "meantime"]
COMMAND = "PYTHONPATH=src .venv/bin/python benchmarks/bench_story_dates.py"


def _pct(x) -> str:
    return "not measured" if x is None else f"{100 * x:.1f}%"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="*", default=[str(p) for p in DEFAULT])
    ap.add_argument("--errors", action="store_true", help="list the articles more than 3 days off")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        _run([_meantime(Path(tmp)) if p == "meantime" else p for p in args.paths], args.errors)
    print(f"\ncommand: {' '.join([COMMAND, *sys.argv[1:]])}")


def _meantime(tmp: Path) -> str:
    """The MEANTIME articles with their gold stories as one labelled file (``story``)."""
    from bench_meantime_clustering import SOURCE, build_file

    if not SOURCE.exists():
        return str(SOURCE)
    out = tmp / "meantime" / "gold_stories.jsonl"
    out.parent.mkdir()
    build_file(out)
    return str(out)


def _run(paths: list[str], show_errors: bool) -> None:
    print("| file | articles (stories) | within 3 days | right year | in a dated story | "
          "from the nearest dated story | while running: within 3 days (n) | ceiling | baseline within 3 days | "
          "baseline right year | s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    errors = []
    for path in paths:
        if not Path(path).exists():
            print(f"| {path} | missing (set STORYLINE_SHARED) | | | | | | | | | |")
            continue
        t0 = time.perf_counter()
        r = eval_story_dates(path, details=show_errors)
        secs = time.perf_counter() - t0
        run = r["while_running"]
        ceiling = run["articles"] / r["articles"] if r["articles"] else None
        print(f"| {Path(path).parent.name}/{Path(path).name} | {r['articles']} ({r['stories']}) | "
              f"**{_pct(r['within_3_days'])}** | {_pct(r['right_year'])} | {_pct(r['from_story'])} | {_pct(r['from_near'])} | "
              f"{_pct(run['within_3_days'])} ({run['articles']}) | {_pct(ceiling)} | "
              f"{_pct(r['baseline_within_3_days'])} | {_pct(r['baseline_right_year'])} | {secs:.0f} |")
        for row in r.get("rows", []):
            if not (row["value"] and abs((_d(row["value"]) - _d(row["true"])).days) <= 3):
                errors.append((Path(path).parent.name, row))
    for name, row in errors:
        why = "; ".join((row.get("evidence") or [])[-2:])
        print(f"- {name} {row['id']}: true {row['true']}, got {row['value']} "
              f"(story {row['story_first']} – {row['story_last']}, in a dated story: {row['from_story']}, "
              f"from the nearest: {row['from_near']}) {why}")


def _d(s: str):
    import datetime as dt

    return dt.date.fromisoformat(s[:10])


if __name__ == "__main__":
    main()
