"""The stories read as a journalist would (benchmarks/docs/annotation.md, "The reports read as a journalist would").

Reproduce: .venv/bin/python benchmarks/read_sample.py OUT [--today 2026-12-06]
Second round: .venv/bin/python benchmarks/read_sample.py OUT --seed 20261208 --gvc 4 --mt 2
Third round: .venv/bin/python benchmarks/read_sample.py OUT --seed 20261209 --gvc 4 --mt 2
(a new draw leaves out the stories of every earlier round and the seeds: they were read)

Draws with a fixed seed 5 GVC val incidents and 3 MEANTIME gold stories
(``benchmarks/data/meantime_gold_stories.json``) of two or more articles, writes each as a
JSON Lines file (id, title, text, url, outlet, published) under OUT/in/, and runs each, and the
seeds (``examples/``), through ``storyline run`` as a user does (its own store, ``--today``
pinned, one process), reports under OUT/<story>/. The Markdown reports are what a reader
reads; this prints their paths and one figure a script can check: brief events whose line
shows a sentence that does not say the event's date (a member holding none of its dates).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from shareddata import DATA  # noqa: E402  ($STORYLINE_SHARED, else ../shared beside the repo)

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261207
# (seed, GVC incidents, MEANTIME stories) of each round read so far, in order: a later
# round's draw leaves out the stories of the rounds before it.
ROUNDS = ((20261207, 5, 3), (20261208, 4, 2), (20261209, 4, 2))
FIELDS = ("id", "title", "text", "url", "outlet", "published")


def picks(seed: int, n_gvc: int, n_mt: int, skip: frozenset = frozenset()) -> list[tuple[str, list[dict]]]:
    """(name, records) of ``n_gvc`` GVC incidents then ``n_mt`` MEANTIME stories drawn with ``seed``."""
    rng = random.Random(seed)
    by = defaultdict(list)
    for line in open(DATA / "gvc/val.jsonl", encoding="utf-8"):
        r = json.loads(line)
        by[r["story"]].append(r)
    mt = {(r := json.loads(line))["id"]: r for line in open(DATA / "meantime/timex.jsonl", encoding="utf-8")}
    gold = json.loads((ROOT / "benchmarks/data/meantime_gold_stories.json").read_text(encoding="utf-8"))["stories"]
    out = [(f"gvc-{k}", by[k]) for k in rng.sample(sorted(k for k, v in by.items() if len(v) >= 2 and f"gvc-{k}" not in skip), n_gvc)]
    out += [(f"mt-{k}", [mt[i] for i in gold[k]["members"]])
            for k in rng.sample(sorted(k for k, v in gold.items() if len(v["members"]) >= 2 and f"mt-{k}" not in skip), n_mt)]
    return out


def read_before(seed: int) -> frozenset:
    """The stories of the rounds before ``seed``'s (all of ``ROUNDS`` for a seed not in it)."""
    skip: frozenset = frozenset()
    for s, g, m in ROUNDS:
        if s == seed:
            break
        skip |= {n for n, _ in picks(s, g, m, skip)}
    return skip


def draw(out: Path, seed: int = SEED, n_gvc: int = 5, n_mt: int = 3) -> list[Path]:
    """The story files; another seed than ``SEED`` leaves out the earlier rounds' stories (they were read)."""
    skip = read_before(seed)
    (out / "in").mkdir(parents=True, exist_ok=True)
    files = []
    for name, recs in picks(seed, n_gvc, n_mt, skip):
        f = out / "in" / f"{name}.jsonl"
        f.write_text("".join(json.dumps({k: r.get(k) for k in FIELDS}) + "\n" for r in recs), encoding="utf-8")
        files.append(f)
    return files


def misdated(report: dict) -> tuple[int, int]:
    """(events, events whose line is not a sentence holding one of their dates)."""
    groups = {g["id"]: g for g in report["groups"]}
    bad = 0
    for e in report["brief"]["events"]:
        ms = [m for gid in e["groups"] for m in groups[gid]["members"]]
        hold = [m for m in ms for x in e["refs"] if m["article_id"] == x["article_id"] and m["start"] <= x["start"] < m["end"]]
        bad += not any(" ".join(m["text"].split())[:40].casefold() == e["label"][:40].casefold() for m in hold)
    return len(report["brief"]["events"]), bad


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--today", default="2026-12-06")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--gvc", type=int, default=5, help="GVC val incidents to draw")
    ap.add_argument("--mt", type=int, default=3, help="MEANTIME gold stories to draw")
    args = ap.parse_args()
    from storyline.cli import main as cli

    drawn = [(f.stem, f) for f in draw(args.out, args.seed, args.gvc, args.mt)]
    runs = ([("seeds", ROOT / "examples")] if args.seed == SEED else []) + drawn
    total = bad = 0
    for name, src in runs:
        dest = args.out / name
        db = args.out / f"{name}.db"
        db.unlink(missing_ok=True)
        try:
            cli(["--db", str(db), "-q", "--today", args.today, "run", str(src), "-o", str(dest), "-p", "1"])
        except SystemExit as e:
            if e.code:
                raise
        for rep in sorted(dest.glob("story-*.json")):
            n, b = misdated(json.loads(rep.read_text(encoding="utf-8")))
            total, bad = total + n, bad + b
            print(f"{name}: {rep.with_suffix('.md')}  events {n}, shown by a sentence not dating them {b}")
    print(f"all: events {total}, shown by a sentence not dating them {bad}")
    extra = "" if args.seed == SEED else f" --seed {args.seed} --gvc {args.gvc} --mt {args.mt}"
    print(f"command: .venv/bin/python benchmarks/read_sample.py {args.out} --today {args.today}{extra}")


if __name__ == "__main__":
    main()
