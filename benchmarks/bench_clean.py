"""Cleaning on labelled news corpora: edits per 100 articles by kind/reason, offset-map
checks, survival of gold timex spans (MEANTIME), and speed.

These corpora are clean body text, so every ``remove`` here is a candidate false
positive: the script prints each removed line (``--show N``) for hand inspection.

Reproduce:  .venv/bin/python benchmarks/bench_clean.py [--show 40]
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

from storyline.clean import clean_article
from storyline.errors import InputError
from storyline.ingest import read_inputs
from storyline.options import Options
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from shareddata import DATA  # noqa: E402  ($STORYLINE_SHARED, else ../shared beside the repo)

FILES = [DATA / "ecbplus/dev.jsonl", DATA / "gvc/val.jsonl", DATA / "meantime/timex.jsonl"]


def check_offsets(art) -> int:
    """Number of offset-map segments whose clean text differs from the raw text (must be 0)."""
    bad = 0
    for c, r, n in art.offset_map:
        if art.text[c:c + n] != art.raw_text[r:r + n]:
            bad += 1
    return bad


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", type=int, default=25, help="removed/repaired lines to print per corpus")
    args = ap.parse_args()
    opts = Options()
    print(f"command: .venv/bin/python benchmarks/bench_clean.py --show {args.show}")
    for path in FILES:
        if not path.exists():
            print(f"{path}: not measured (file absent)")
            continue
        n = errors = bad_maps = chars_removed = chars = 0
        by_kind: collections.Counter = collections.Counter()
        by_reason: collections.Counter = collections.Counter()
        shown: list[str] = []
        timex_total = timex_kept = 0
        t0 = time.perf_counter()
        read = list(read_inputs([str(path)], opts))
        t_read = time.perf_counter() - t0
        t_clean = 0.0
        for item in read:
            if isinstance(item, InputError):
                errors += 1
                continue
            t1 = time.perf_counter()
            art = clean_article(item)
            t_clean += time.perf_counter() - t1
            n += 1
            chars += len(art.raw_text)
            bad_maps += check_offsets(art)
            for e in art.edits:
                by_kind[e.kind] += 1
                by_reason[(e.kind, e.reason)] += 1
                if e.kind == "remove":
                    chars_removed += e.raw_end - e.raw_start
                if e.reason not in ("white space around the text",) and len(shown) < args.show:
                    shown.append(f"  [{art.id}] {e.kind}/{e.reason}: {e.text.strip()[:110]!r}"
                                 + (f" -> {e.replacement!r}" if e.replacement else ""))
            # gold timexes: a span survives when its raw text is still in the clean text at the mapped place
            removed = [(e.raw_start, e.raw_end) for e in art.edits if e.kind == "remove"]
            for tx in art.metadata.get("timexes", []) or []:
                timex_total += 1
                if not any(s < tx["end"] and tx["start"] < e for s, e in removed):
                    timex_kept += 1
        dt = time.perf_counter() - t0
        print(f"\n== {path} : {n} articles, {errors} read errors; reading {1000 * t_read / max(n, 1):.2f} ms/article, "
              f"cleaning {1000 * t_clean / max(n, 1):.2f} ms/article (total {dt:.2f} s)")
        print(f"offset-map segments not matching raw text: {bad_maps}")
        print(f"raw characters removed: {chars_removed} of {chars} ({100 * chars_removed / max(chars, 1):.3f} %)")
        for kind in ("remove", "repair", "damage"):
            print(f"{kind:7s} per 100 articles: {100 * by_kind[kind] / max(n, 1):6.1f}")
        for (kind, reason), c in sorted(by_reason.items(), key=lambda x: (-x[1], x[0])):
            print(f"   {100 * c / max(n, 1):6.1f}  {kind}: {reason}")
        if timex_total:
            print(f"gold timex spans untouched by removals: {timex_kept}/{timex_total}")
        else:
            print("gold timex spans untouched by removals: not measured (no timexes in this corpus)")
        if shown:
            print("sample of edits (hand-inspect):")
            print("\n".join(shown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
