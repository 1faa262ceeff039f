"""Every story of the real data we have compares and renders: `storyline run` on each corpus.

    PYTHONPATH=src .venv/bin/python benchmarks/sweep_reports.py --processes 2
    PYTHONPATH=src .venv/bin/python benchmarks/sweep_reports.py --only gvc,examples

Each row is the real user path (`storyline --db NEW --today 2026-12-06 -v run INPUTS -p N
-o OUT`, in its own process and fresh store): ECB+ dev, GVC val, MEANTIME (its `text`,
`title`, `published` ingest as articles), the repo's examples/, ECB+ dev and GVC val in
one store, all three in one store, and the three fed to one store in three runs followed
by a run with no input (the incremental path). A story without a report, an `error:`
line or a non-zero exit code is a crash to fix; the table prints every error line.

Shared data: <repo>/../shared or $STORYLINE_SHARED (ECB+ CC BY 3.0, GVC CC BY 4.0,
MEANTIME CC BY 4.0; see their READMEs).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared")) / "data"
TODAY = "2026-12-06"
ECB, GVC, MT = DATA / "ecbplus/dev.jsonl", DATA / "gvc/val.jsonl", DATA / "meantime/timex.jsonl"
# name -> the inputs of each run into one store ([] = a run with no input)
SWEEPS = {
    "examples": [[ROOT / "examples"]],
    "ecbplus-dev": [[ECB]],
    "gvc-val": [[GVC]],
    "meantime": [[MT]],
    "ecb+gvc": [[ECB, GVC]],
    "ecb+gvc+meantime": [[ECB, GVC, MT]],
    "incremental": [[ECB], [GVC], [MT], []],
}


def sweep(name: str, runs: list[list[Path]], processes: int, work: Path) -> dict:
    """Run ``storyline run`` for each input list into one new store; the last run's figures."""
    db, out = work / f"{name}.db", work / f"{name}-out"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    errors: list[str] = []
    codes: list[int] = []
    start = time.perf_counter()
    for inputs in runs:
        cmd = [sys.executable, "-m", "storyline.cli", "--db", str(db), "--today", TODAY, "-q", "-v",
               "run", *map(str, inputs), "-p", str(processes), "-o", str(out)]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
        codes.append(proc.returncode)
        lines = proc.stderr.splitlines()
        errors += [line for line in lines if line.startswith("error:")]
        if proc.returncode and not any(line.startswith("error:") for line in lines):  # e.g. a traceback
            errors.append(f"exit {proc.returncode} with no error line; last stderr line: {(lines or [''])[-1]}")
    wall = time.perf_counter() - start
    from storyline.store import Store

    store = Store(str(db))
    try:
        stories = store.story_ids()
        articles = len(store.article_ids())
    finally:
        store.close()
    reports = sum((out / f"story-{sid}.json").exists() for sid in stories)
    return {"name": name, "articles": articles, "stories": len(stories), "reports": reports,
            "errors": errors, "exit": codes, "wall": wall}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--only", default="", help="comma-separated names among: " + ", ".join(SWEEPS))
    args = ap.parse_args()
    names = [n for n in args.only.split(",") if n] or list(SWEEPS)
    unknown = [n for n in names if n not in SWEEPS]
    if unknown:
        sys.exit(f"unknown sweep(s): {', '.join(unknown)}")
    missing = sorted({str(p) for n in names for run in SWEEPS[n] for p in run if not p.exists()})
    if missing:
        sys.exit(f"not measured: {', '.join(missing)} missing (set STORYLINE_SHARED)")
    print(f"# storyline run on real data, --today {TODAY}, -p {args.processes}")
    print(f"# PYTHONPATH=src python benchmarks/sweep_reports.py --processes {args.processes}"
          + (f" --only {args.only}" if args.only else ""))
    print(f"{'sweep':<18} {'articles':>8} {'stories':>7} {'reports':>7} {'errors':>6} {'exit':>8} {'wall s':>7}")
    failed = False
    with tempfile.TemporaryDirectory(prefix="storyline-sweep-") as tmp:
        for name in names:
            r = sweep(name, SWEEPS[name], args.processes, Path(tmp))
            exits = ",".join(map(str, r["exit"]))
            print(f"{name:<18} {r['articles']:>8} {r['stories']:>7} {r['reports']:>7} {len(r['errors']):>6} {exits:>8} "
                  f"{r['wall']:>7.1f}", flush=True)
            for line in r["errors"]:
                print(f"    {line}")
            failed |= bool(r["errors"]) or r["reports"] != r["stories"] or any(r["exit"])
    print("every story has its report, no error" if not failed else "CRASHES: see the error lines above")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
