"""Quantities benchmark: span P/R, range exactness, unit/kind and counted-noun accuracy.

Gold: benchmarks/data/quantities_gold.jsonl, hand-checked sentences from the GVC val
split and ECB+ dev topics (see benchmarks/data/README.md). Split "dev" was seen while
the rules were written (so its figures are optimistic); splits "heldout" and "heldout2"
were annotated before the system was run on them (first scores: benchmarks/data/README.md). Each sentence is parsed on
its own and ``find_quantities`` is scored against every quantity listed for it;
sentences with an empty list are precision checks (dates, times, addresses, phones).

Run:  .venv/bin/python benchmarks/bench_quantities.py [--errors] [--speed]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from storyline.annotate.quantities import find_quantities  # noqa: E402
from storyline.nlp import load  # noqa: E402
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from shareddata import DATA  # noqa: E402  ($STORYLINE_SHARED, else ../shared beside the repo)

GOLD = ROOT / "benchmarks" / "data" / "quantities_gold.jsonl"
COMMAND = ".venv/bin/python benchmarks/bench_quantities.py"


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-6)


def _gold_spans(sentence: str, quantities: list[dict]) -> list[tuple[int, int, dict]]:
    """Locate each gold text in the sentence (repeated texts take successive occurrences)."""
    out, used = [], {}
    for q in quantities:
        start = sentence.index(q["text"], used.get(q["text"], 0))
        used[q["text"]] = start + 1
        out.append((start, start + len(q["text"]), q))
    return out


def _match(gold, pred):
    """Greedy one-to-one matching of overlapping spans, in order."""
    pairs, taken = [], set()
    for gs, ge, g in gold:
        best = None
        for k, p in enumerate(pred):
            if k in taken or not (p["start"] < ge and gs < p["end"]):
                continue
            overlap = min(ge, p["end"]) - max(gs, p["start"])
            if best is None or overlap > best[0]:
                best = (overlap, k)
        if best is not None:
            taken.add(best[1])
            pairs.append(((gs, ge, g), pred[best[1]]))
    return pairs, taken


def evaluate(rows, nlp, show_errors=False):
    tot = {"gold": 0, "pred": 0, "match": 0, "exact": 0, "range": 0, "unit": 0, "kind": 0,
           "counted": 0, "counted_n": 0}
    errors = []
    for row in rows:
        doc = nlp(row["sentence"])
        pred = find_quantities(doc)
        gold = _gold_spans(row["sentence"], row["quantities"])
        pairs, taken = _match(gold, pred)
        tot["gold"] += len(gold)
        tot["pred"] += len(pred)
        tot["match"] += len(pairs)
        for (gs, ge, g), p in pairs:
            tot["exact"] += (gs, ge) == (p["start"], p["end"])
            ok_range = all(_close(g[k], p[k]) for k in ("low", "high")) and \
                g["low_inclusive"] == p["low_inclusive"] and g["high_inclusive"] == p["high_inclusive"]
            tot["range"] += ok_range
            tot["unit"] += g["unit"] == p["unit"]
            tot["kind"] += g["kind"] == p["kind"]
            if g["kind"] in ("count", "age"):
                tot["counted_n"] += 1
                tot["counted"] += g["counted"] == p["counted"]
            if not ok_range or g["unit"] != p["unit"] or g["kind"] != p["kind"] or (
                    g["kind"] in ("count", "age") and g["counted"] != p["counted"]):
                errors.append(f"WRONG  {g['text']!r}: gold {[g[k] for k in ('low', 'high', 'kind', 'unit', 'counted')]}"
                              f" got {p['text']!r} {[p[k] for k in ('low', 'high', 'kind', 'unit', 'counted')]}")
        matched_gold = {id(g) for (_, _, g), _ in pairs}
        for _, _, g in gold:
            if id(g) not in matched_gold:
                errors.append(f"MISSED {g['text']!r} in: {row['sentence'][:120]}")
        for k, p in enumerate(pred):
            if k not in taken:
                errors.append(f"EXTRA  {p['text']!r} in: {row['sentence'][:120]}")
    if show_errors:
        print("\n".join(errors))
        print()
    return tot


def _pct(n, d):
    return "not measured" if d == 0 else f"{100 * n / d:5.1f}%  ({n}/{d})"


def speed(nlp, limit=78):
    """find_quantities time alone over parsed GVC val documents (spaCy parsing excluded)."""
    path = DATA / "gvc" / "val.jsonl"
    if not path.exists():
        return "not measured (GVC val not found)"
    docs = [nlp(json.loads(line)["text"]) for line in path.open(encoding="utf-8")][:limit]
    tokens = sum(len(d) for d in docs)
    t = time.perf_counter()
    found = sum(len(find_quantities(d)) for d in docs)
    dt = time.perf_counter() - t
    return f"{len(docs)} docs, {tokens} tokens, {found} quantities in {dt:.2f}s ({tokens / dt:,.0f} tokens/s)"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", action="store_true", help="list missed, extra and wrong quantities")
    ap.add_argument("--speed", action="store_true", help="also time find_quantities on GVC val")
    args = ap.parse_args(argv)
    nlp = load()
    rows = [json.loads(line) for line in GOLD.open(encoding="utf-8")]
    groups = {}
    for row in rows:
        groups.setdefault(row.get("split", "dev"), []).append(row)
    for row in rows:
        groups.setdefault(row["source"].split("/")[0], []).append(row)
    print(f"quantities benchmark — gold {GOLD.relative_to(ROOT)}: {len(rows)} sentences, "
          f"{sum(len(r['quantities']) for r in rows)} quantities")
    header = f"{'set':<8} {'precision':>22} {'recall':>22} {'exact span':>22} {'range exact':>22} {'kind+unit':>22} {'counted':>22}"
    print(header)
    for name, subset in [("all", rows)] + list(groups.items()):
        t = evaluate(subset, nlp, show_errors=args.errors and name == "all")
        ku = min(t["unit"], t["kind"])
        print(f"{name:<8} {_pct(t['match'], t['pred']):>22} {_pct(t['match'], t['gold']):>22} "
              f"{_pct(t['exact'], t['match']):>22} {_pct(t['range'], t['match']):>22} "
              f"{_pct(ku, t['match']):>22} {_pct(t['counted'], t['counted_n']):>22}")
    print("dev: sentences looked at while the rules were written; heldout, heldout2: annotated blind"
          " (their first, blind scores are in benchmarks/data/README.md; later rules saw their errors)")
    print("precision/recall: overlapping spans, one-to-one; other columns over matched quantities"
          " (kind+unit: the lower of the two agreement counts; counted: count and age quantities)")
    if args.speed:
        print("speed:", speed(nlp))
    print(f"reproduce: {COMMAND}" + (" --speed" if args.speed else ""))


if __name__ == "__main__":
    main()
