"""Temporal expressions benchmark on MEANTIME (English): span, type and value scores.

Gold: ../shared/data/meantime/timex.jsonl (120 Wikinews articles, 368 TIMEX3; see its
README). Only predictions before ``annotated_end`` count and the DCT date line is left
out (``storyline.eval.timex``). Rules were developed mainly on the airbus and gm
sub-corpora; apple and stock are the held-out check, so the table shows each.

Also: publication-date inference (``infer_publication``) with the date line blanked out,
and tagging speed.

Run:  .venv/bin/python benchmarks/bench_timex.py [--no-parser] [--errors] [PATH]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from storyline.eval.timex import eval_publication, eval_timex  # noqa: E402
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from shareddata import DATA  # noqa: E402  ($STORYLINE_SHARED, else ../shared beside the repo)

DEFAULT = str(DATA / "meantime" / "timex.jsonl")
ECBPLUS = str(DATA / "ecbplus" / "dev.jsonl")
GVC = str(DATA / "gvc" / "val.jsonl")
COMMAND = ".venv/bin/python benchmarks/bench_timex.py"
DEV = ("airbus", "gm")


def _fmt(x) -> str:
    return "  n/a" if x is None else f"{x:.3f}"


def _row(name: str, f: dict) -> str:
    return (f"{name:<10}{f['documents']:>5}{f['gold']:>6}{f['predicted']:>6}  "
            f"{_fmt(f['span']['f1'])}  {_fmt(f['strict_span']['f1'])}  {_fmt(f['type_accuracy'])}  "
            f"{_fmt(f['value']['precision'])}  {_fmt(f['value']['recall'])}  {_fmt(f['value']['f1'])}")


def _speed(path: str) -> str:
    """Tagging throughput without a parser (the tagger's own cost), best of three runs."""
    import json

    from storyline.annotate.timex import tag_timexes

    docs = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    chars = sum(len(d["text"]) for d in docs)
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for d in docs:
            tag_timexes(d["text"], d.get("published"))
        best = min(best, time.perf_counter() - t0)
    return (f"speed (no parser): {len(docs)} articles, {chars / 1000:.0f}k chars in {best:.2f} s "
            f"= {len(docs) / best:.0f} articles/s, {chars / best / 1000:.0f}k chars/s")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default=DEFAULT)
    ap.add_argument("--no-parser", action="store_true", help="tense from cue words only (no spaCy)")
    ap.add_argument("--errors", action="store_true", help="list wrong values, misses and spurious tags")
    args = ap.parse_args(argv)
    if not Path(args.path).is_file():
        print(f"{args.path}: not found (MEANTIME timex.jsonl); not measured")
        return 1
    t0 = time.perf_counter()
    r = eval_timex(args.path, use_parser=not args.no_parser, details=args.errors)
    secs = time.perf_counter() - t0
    print(f"MEANTIME timexes ({'spaCy parser tense' if r['parser'] else 'cue-word tense'})")
    print(f"{'corpus':<10}{'docs':>5}{'gold':>6}{'pred':>6}  span-F  strict  type   val-P  val-R  val-F")
    for name, f in r["by_corpus"].items():
        print(_row(name + ("*" if name in DEV else ""), f))
    print(_row("all", r["overall"]))
    print(f"(* development sub-corpora; the others are held out)   {secs:.1f} s incl. parsing")
    if args.errors:
        for d in r["documents"]:
            for e in d["errors"]:
                print(f"  WRONG {d['id']:>8} {e['pred']!r} -> {e['value']} (gold {e['gold']!r} {e['gold_value']}, {e['rule']})")
            for text, value in d["missed"]:
                print(f"  MISS  {d['id']:>8} {text!r} {value}")
            for text, value, rule in d["spurious"]:
                print(f"  SPUR  {d['id']:>8} {text!r} {value} ({rule})")
    print("\nPublication date inferred from the text (infer_publication)")
    print(f"{'data':<34}{'docs':>5}  given  exact  in-window  median-width")
    for label, path in (("MEANTIME, date line blanked", args.path),
                        ("ECB+ dev, as received", ECBPLUS), ("GVC val, as received", GVC)):
        if not Path(path).is_file():
            print(f"{label:<34}  not measured ({path} missing)")
            continue
        p = eval_publication(path)
        print(f"{label:<34}{p['documents']:>5}  {_fmt(p['coverage'])}  {_fmt(p['exact'])}  {_fmt(p['in_window'])}"
              f"      {p['median_window_days']} days")
    print("(exact and in-window are over the documents given a window)")
    print("\n" + _speed(args.path))
    print(f"\nreproduce: {COMMAND}{' --no-parser' if args.no_parser else ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
