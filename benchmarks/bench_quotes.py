"""Quote detection and speaker attribution against a small hand-checked gold set.

Reproduce: .venv/bin/python benchmarks/bench_quotes.py [-v]
Gold: benchmarks/data/quotes_gold.jsonl (2 seeds + 11 GVC/ECB+ articles, see its README).
"dev" articles were looked at while writing the rules; "heldout" ones were labelled
blind and never tuned on. Prints quote precision/recall (direct+partial quotes; 1-2 word phrases neutral) and
speaker accuracy over the gold quotes that were found.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from shareddata import DATA  # noqa: E402  ($STORYLINE_SHARED, else ../shared beside the repo)

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "benchmarks" / "data" / "quotes_gold.jsonl"
CORPORA = {"gvc": DATA / "gvc" / "val.jsonl", "ecbplus": DATA / "ecbplus" / "dev.jsonl"}


def load_articles(gold: list[dict]):
    from storyline.records import Article

    rows = {}
    for name, path in CORPORA.items():
        if any(g["dataset"] == name for g in gold) and path.exists():
            for line in path.open(encoding="utf-8"):
                r = json.loads(line)
                rows[(name, r["id"])] = r
    arts = []
    for g in gold:
        if g["dataset"] == "seed":
            raw = (ROOT / "examples" / f"{g['id']}.txt").read_text(encoding="utf-8")
            art = Article(id=g["id"], raw_text=raw)
            try:
                from storyline.clean import clean_article

                art = clean_article(art)
            except ImportError:
                art.text = raw
        else:
            r = rows.get((g["dataset"], g["id"]))
            if r is None:
                arts.append(None)
                continue
            art = Article(id=r["id"], raw_text=r["text"], text=r["text"], published=r.get("published"), title=r.get("title"))
        arts.append(art)
    return arts


def overlaps(a0, a1, b0, b1) -> bool:
    inter = min(a1, b1) - max(a0, b0)
    return inter > 0 and inter >= 0.5 * min(a1 - a0, b1 - b0)


def same_speaker(gold: dict, sp: dict | None) -> bool:
    from storyline.annotate.canonical import key

    wanted = [gold["speaker"]] + gold.get("alt", [])
    if gold["speaker"] is None:
        return sp is None
    if sp is None:
        return False
    got = {sp.get("entity") or "", key(sp.get("name") or sp.get("text") or "")}
    for w in wanted:
        k = key(w)
        for g in got:
            # a surname-only key matches the full name it ends with
            if g and (g == k or k.endswith(" " + g) or g.endswith(" " + k)):
                return True
    return False


def score(split: str, pairs: list, verbose: bool) -> dict:
    """Print precision/recall of direct+partial quotes and speaker accuracy for one split;
    return them (``None`` where nothing was there to measure)."""
    tp = fp = fn = 0
    spk_ok = spk_n = 0
    kind_ok = kind_n = 0
    for g, ann in pairs:
        sys_q = [q for q in ann["quotes"] if q["kind"] != "indirect"]
        speech = [q for q in g["quotes"] if q["kind"] in ("direct", "partial")]
        short = [q for q in g["quotes"] if q["kind"] == "short"]
        used = set()
        for gq in g["quotes"]:
            hit = next((i for i, q in enumerate(sys_q) if i not in used and overlaps(q["raw_start"], q["raw_end"], gq["start"], gq["end"])), None)
            if hit is not None:
                used.add(hit)
            found = hit is not None and (gq["kind"] == "short" or sys_q[hit]["kind"] in ("direct", "partial"))
            if gq in speech:
                tp += found
                fn += not found
                if found:
                    kind_n += 1
                    kind_ok += sys_q[hit]["kind"] == gq["kind"]
                if not found and verbose:
                    print(f"  MISS  {g['id']} {gq['text']!r}")
            if hit is not None and (gq["kind"] != "short" or sys_q[hit]["speaker"] is not None):
                spk_n += 1
                ok = same_speaker(gq, sys_q[hit]["speaker"])
                spk_ok += ok
                if not ok and verbose:
                    sp = sys_q[hit]["speaker"]
                    print(f"  SPKR  {g['id']} {gq['text']!r}: want {gq['speaker']!r}, got {sp and sp.get('text')!r}")
        for i, q in enumerate(sys_q):
            if q["kind"] not in ("direct", "partial") or i in used and any(
                overlaps(q["raw_start"], q["raw_end"], s["start"], s["end"]) for s in short + speech
            ):
                continue
            fp += 1
            if verbose:
                print(f"  EXTRA {g['id']} {q['kind']} {q['text'][:50]!r}")
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"[{split}] articles: {len(pairs)}  gold speech quotes: {tp + fn}  system direct/partial quotes: {tp + fp}")
    print(f"[{split}] quotes: precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")
    print(f"[{split}] kind (direct vs partial) agrees on {kind_ok}/{kind_n} found quotes")
    print(f"[{split}] speakers: {spk_ok}/{spk_n} correct = {spk_ok / spk_n:.3f}" if spk_n else f"[{split}] speakers: not measured")
    return {"articles": len(pairs), "gold_quotes": tp + fn, "precision": p if tp + fp else None,
            "recall": r if tp + fn else None, "speakers_correct": spk_ok, "speakers_judged": spk_n}


def annotated_gold(options=None) -> list:
    """(gold record, annotation) of every gold article whose text is available."""
    from storyline.annotate import annotate_articles
    from storyline.options import Options

    gold = [json.loads(line) for line in GOLD.open(encoding="utf-8")]
    present = [(g, a) for g, a in zip(gold, load_articles(gold)) if a is not None]
    anns = annotate_articles([a for _, a in present], options or Options())
    return [(g, ann) for (g, _), ann in zip(present, anns)]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="list every error")
    args = ap.parse_args(argv)
    present = annotated_gold()
    if not present:
        print("not measured: corpus files missing under", DATA)
        return 1
    for split in ("dev", "heldout", "all"):
        pairs = [(g, ann) for g, ann in present if split == "all" or g.get("split", "dev") == split]
        if pairs:
            score(split, pairs, args.verbose and split != "all")
    print("indirect speech: not measured (no gold)")
    print("command: .venv/bin/python benchmarks/bench_quotes.py -v")
    return 0


if __name__ == "__main__":
    sys.exit(main())
