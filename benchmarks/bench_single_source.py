"""Single-source claims a reader meets that other articles state (benchmarks/data/single_source.jsonl).

Each labelled claim was drawn at random from the single-source groups of the default
reports (``single_source_sample.py``) and labelled by hand: stated elsewhere in its story
(which sentence) or not. This script makes the reports again with the current code and
reads what each report says of the claim:

- *asserted single-source*: every group holding the claim is single-source and names no
  similar claim elsewhere: the report tells the reader only this source has it;
- *single-source, similar claim elsewhere*: single-source, but the report names a
  close claim of another article it could not confirm (``similar`` in the JSON);
- *grouped*: a group of several articles holds it (corroborated, variant, ...).

It prints the share of asserted single-source claims that are stated elsewhere (the
figure issue 15 asks to bring to 5 % or less) with its 95 % Wilson interval, the same for
the claims marked with a similar claim, and the grouped claims whose label says no
other article states them (a group the reader should not trust).

Run:  .venv/bin/python benchmarks/bench_single_source.py [--split dev|heldout|all|asserted|asserted2] [--cache DIR] [--list]
      [--floors 0.14,0.16,0.18,0.20,0.22]
"""

from __future__ import annotations

import json
import time
from collections import defaultdict

from pairdata import ROOT, wilson  # (puts src/ on the path)
from single_source_sample import single_source_stories, story_report  # noqa: E402


def share(k: int, n: int) -> str:
    if not n:
        return "not measured (none)"
    lo, hi = wilson(k, n)
    return f"{k / n:.3f} ({k}/{n}), 95% interval {lo:.2f}-{hi:.2f}"


def status(report: dict, claim: dict) -> tuple[str, list[dict], set[str]]:
    """What the report says of a labelled claim: ("single" | "similar" | "grouped" |
    "missing", the similar claims named, the other articles of its groups)."""
    aid, lo, hi = claim["article_id"], claim["raw_start"], claim["raw_end"]
    groups = []
    for g in report["groups"]:
        for m in g["members"]:
            if m["article_id"] == aid and m["raw_start"] < hi and lo < m["raw_end"]:
                groups.append((g, m))
                break
    if not groups:
        return "missing", [], set()
    exact = [(g, m) for g, m in groups if m["raw_start"] == lo]
    groups = exact or groups
    others = {a for g, _ in groups for a in g["articles"] if a != aid}
    if any(g["verdict"] != "single-source" for g, _ in groups):
        return "grouped", [], others
    similar = [s for g, _ in groups for s in g.get("similar") or []]
    return ("similar" if similar else "single"), similar, others


def scan(args) -> None:
    """One line per floor: the share asserted single-source that is stated elsewhere, and
    how many claims get a similar claim named (stated elsewhere / alone)."""
    from storyline.compare import similar

    rows = [json.loads(line) for line in (ROOT / "benchmarks/data/single_source.jsonl").open(encoding="utf-8")]
    rows = [r for r in rows if r["split"] == args.split or (args.split == "all" and r["split"] in ("dev", "heldout"))]
    want = {(r["source"], r["story"]) for r in rows}
    stories = [(s, st, arts) for s, st, arts in single_source_stories() if (s, st) in want]
    print(f"split {args.split}, {len(rows)} claims, {sum(r['elsewhere'] for r in rows)} stated elsewhere")
    print("| floor | asserted single-source stated elsewhere | similar named: stated elsewhere | similar named: alone |")
    print("|---|---|---|---|")
    for f in (float(x) for x in args.floors.split(",")):
        similar.SIMILAR_FLOOR = f
        c = defaultdict(int)
        for source, story, arts in stories:
            report = story_report(arts, args.cache)
            for r in rows:
                if (r["source"], r["story"]) == (source, story):
                    c[(status(report, r["claim"])[0], r["elsewhere"])] += 1
        n = c[("single", True)] + c[("single", False)]
        print(f"| {f:.2f} | {share(c[('single', True)], n)} | {c[('similar', True)]} | {c[('similar', False)]} |")
    print(f"\nreproduce: .venv/bin/python benchmarks/bench_single_source.py --split {args.split} --floors {args.floors}")


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=("dev", "heldout", "all", "asserted", "asserted2"), default="dev",
                    help="dev: the half read while changing rules; heldout: scored once at the end; all: both; "
                         "asserted: a second sample, of the claims the reports with similar claims assert single-source "
                         "(main 7eaf794); asserted2: a third, drawn the same way from the reports of main 0111181")
    ap.add_argument("--cache", default=None, help="folder for cached annotations (outside the repo)")
    ap.add_argument("--list", action="store_true", help="list each claim with its label and what the report says")
    ap.add_argument("--floors", default=None, metavar="F1,F2,...",
                    help="the asserted share and the similar-claim counts at each SIMILAR_FLOOR (the scan it was chosen by)")
    args = ap.parse_args()
    if args.floors:
        scan(args)
        return
    t0 = time.time()
    rows = [json.loads(line) for line in (ROOT / "benchmarks/data/single_source.jsonl").open(encoding="utf-8")]
    rows = [r for r in rows if r["split"] == args.split or (args.split == "all" and r["split"] in ("dev", "heldout"))]
    by_story = defaultdict(list)
    for r in rows:
        by_story[(r["source"], r["story"])].append(r)
    counts = defaultdict(int)
    lines = []
    for source, story, arts in single_source_stories():
        labelled = by_story.get((source, story))
        if not labelled:
            continue
        report = story_report(arts, args.cache)
        for r in labelled:
            st, similar, others = status(report, r["claim"])
            el = r["elsewhere"]
            counts[(st, el)] += 1
            where = (r.get("where") or {}).get("article_id")
            if st == "similar":
                counts["similar_right_article"] += el and any(s["article_id"] == where for s in similar)
            if st == "grouped":
                counts["grouped_right_article"] += el and where in others
            if args.list:
                sim = "; ".join(f"{s['article_id']} {s['raw_start']}-{s['raw_end']}" for s in similar)
                lines.append(f"#{r['id']} {st:8} labelled {'elsewhere' if el else 'alone':9} "
                             f"{r['claim']['text'][:90]!r}" + (f" -> similar {sim}" if sim else ""))
    n = len(rows)
    asserted = counts[("single", True)] + counts[("single", False)]
    sim = counts[("similar", True)] + counts[("similar", False)]
    grouped = counts[("grouped", True)] + counts[("grouped", False)]
    missing = counts[("missing", True)] + counts[("missing", False)]
    drawn = ("the claims asserted single-source by the reports with similar claims named" if args.split.startswith("asserted")
             else "the single-source groups of the reports before similar claims were named")
    print(f"{n} labelled single-source claims (split {args.split}), {sum(r['elsewhere'] for r in rows)} stated elsewhere "
          f"(drawn at random from {drawn})")
    print(f"  asserted single-source, stated elsewhere: {share(counts[('single', True)], asserted)}")
    print(f"  baseline, every labelled claim (the reports the sample was drawn from): "
          f"{share(sum(r['elsewhere'] for r in rows), n)}")
    print(f"  single-source with a similar claim named: {sim}; stated elsewhere {share(counts[('similar', True)], sim)}; "
          f"the similar claim in the labelled article {counts['similar_right_article']}")
    print(f"  now grouped with other articles: {grouped}; labelled stated elsewhere {counts[('grouped', True)]} "
          f"(in a group with the labelled article {counts['grouped_right_article']}), labelled alone "
          f"{counts[('grouped', False)]}")
    if missing:
        print(f"  not found as a report member (claim segmentation changed): {missing}")
    for line in lines:
        print("   ", line)
    only = f" --split {args.split}" if args.split != "dev" else ""
    print(f"\n({time.time() - t0:.0f} s)  reproduce: .venv/bin/python benchmarks/bench_single_source.py{only}")


if __name__ == "__main__":
    main()
