"""Claim alignment: pair precision/recall/F1 of each similarity method.

Data: benchmarks/data/align_pairs.jsonl — hand-checked pairs of claims that state
the same fact, across articles of two real stories: the seed reports of Maduro's
rally (examples/*.txt) and ECB+ topic 3 (Comeaux prison escape; ECB+ is CC BY 3.0,
Cybulska & Vossen 2014). Every other cross-article pair of claims in those stories
counts as a non-aligned pair; pairs labelled null are ambiguous and left out. The
top-scoring "false positives" are printed so the labels can be re-checked by hand.

Run:  .venv/bin/python benchmarks/bench_align.py
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storyline.annotate import annotate_articles  # noqa: E402
from storyline.compare import align, compare_story, grouping  # noqa: E402
from storyline.compare.units import build_units  # noqa: E402
from storyline.options import Options  # noqa: E402
from storyline.records import Article  # noqa: E402
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from shareddata import DATA  # noqa: E402  ($STORYLINE_SHARED, else ../shared beside the repo)

ECB = DATA / "ecbplus" / "dev.jsonl"
ECB_DOCS = ["3_1ecbplus", "3_2ecbplus", "3_7ecbplus", "3_6ecbplus"]
METHODS = {
    "word tf-idf": {"word": 1.0},
    "char tf-idf": {"char": 1.0},
    "word+char": {"word": 0.6, "char": 0.4},
    "word+char+entity": {"word": 0.45, "char": 0.3, "entity": 0.25},
    "word+char+num+date": {"word": 0.4, "char": 0.4, "number": 0.1, "date": 0.1},
    "combined (default)": None,
}
EMBED_METHODS = {  # only when the optional embeddings extra is installed
    "MiniLM embeddings": {"embed": 1.0},
    "MiniLM+word+char+num+date": {"embed": 0.4, "word": 0.25, "char": 0.25, "number": 0.05, "date": 0.05},
}


def _clean(a: Article) -> Article:
    try:
        from storyline.clean import clean_article

        return clean_article(a)
    except ImportError:
        a.text = a.raw_text
        return a


def stories() -> dict[str, list[Article]]:
    seeds = [_clean(Article(id=p.stem, raw_text=p.read_text(encoding="utf-8"), published="2025-12-02T00:00:00+00:00"))
             for p in sorted((ROOT / "examples").glob("*.txt"))]
    docs = {d["id"]: d for d in map(json.loads, ECB.open(encoding="utf-8"))}
    ecb = [_clean(Article(id=i, raw_text=docs[i]["text"], title=docs[i].get("title"), published=docs[i].get("published")))
           for i in ECB_DOCS]
    return {"seeds": seeds, "ecb3": ecb}


def labelled_pairs(units: list[dict], story: str, rows: list[dict]) -> tuple[set, set]:
    """(positive unit pairs, ignored unit pairs) from phrase-keyed labels."""
    def find(aid, phrase):
        hits = [u["uid"] for u in units if u["article_id"] == aid and phrase in u["text"]]
        if not hits:
            raise SystemExit(f"align_pairs.jsonl: phrase {phrase!r} not found in a claim of {aid}")
        return hits
    pos, ign = set(), set()
    for r in rows:
        if r["story"] != story:
            continue
        for i in find(*r["a"]):
            for j in find(*r["b"]):
                (pos if r["label"] == 1 else ign).add((min(i, j), max(i, j)))
    return pos, ign - pos


def prf(pred: set, gold: set) -> tuple[float, float, float]:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    t0 = time.time()
    rows = [json.loads(line) for line in (ROOT / "benchmarks/data/align_pairs.jsonl").open(encoding="utf-8")]
    data = []
    timings = []
    for name, arts in stories().items():
        anns = list(annotate_articles(arts, Options(progress=False)))
        t = time.time()
        compare_story({"id": name}, arts, anns, [])  # warm and time the whole compare stage
        timings.append(f"{name}: {len(arts)} articles {time.time() - t:.2f} s")
        units = build_units(arts, anns)
        pos, ign = labelled_pairs(units, name, rows)
        cross = {(i, j) for i in range(len(units)) for j in range(i + 1, len(units))
                 if units[i]["article_id"] != units[j]["article_id"]} - ign
        data.append((name, units, pos & cross, cross))
    n_pos = sum(len(d[2]) for d in data)
    n_all = sum(len(d[3]) for d in data)
    print(f"{n_pos} aligned / {n_all} cross-article claim pairs in {len(data)} stories "
          f"({', '.join(f'{d[0]}: {len(d[1])} claims' for d in data)})")
    print(f"{'method':26} {'best thr':>8} {'P':>6} {'R':>6} {'F1':>6} | {'at default thr':>14} {'P':>6} {'R':>6} {'F1':>6} | clustered P/R/F1")
    from storyline.compare import embed

    methods = dict(METHODS)
    if embed.available():
        methods.update(EMBED_METHODS)
    else:
        print("(embeddings extra not installed: MiniLM methods not measured)")
    for mname, weights in methods.items():
        sims = [(align.similarity(d[1], weights), d) for d in data]
        best = (0, 0, 0, 0)
        for thr in np.arange(0.10, 0.80, 0.01):
            pred, gold = set(), set()
            for s, (name, units, pos, cross) in sims:
                pred |= {(name, i, j) for i, j in cross if s[i, j] >= thr}
                gold |= {(name, i, j) for i, j in pos}
            p, r, f = prf(pred, gold)
            if f > best[3]:
                best = (thr, p, r, f)
        pred, gold, cpred = set(), set(), set()
        for s, (name, units, pos, cross) in sims:
            pred |= {(name, i, j) for i, j in cross if s[i, j] >= align.THRESHOLD}
            gold |= {(name, i, j) for i, j in pos}
            lab = {}
            for gi, g in enumerate(grouping.cluster(s, align.THRESHOLD)):
                for i in g:
                    lab[i] = gi
            cpred |= {(name, i, j) for i, j in cross if lab[i] == lab[j]}
        p, r, f = prf(pred, gold)
        cp, cr, cf = prf(cpred, gold)
        print(f"{mname:26} {best[0]:8.2f} {best[1]:6.3f} {best[2]:6.3f} {best[3]:6.3f} | {align.THRESHOLD:14.2f} "
              f"{p:6.3f} {r:6.3f} {f:6.3f} | {cp:.3f}/{cr:.3f}/{cf:.3f}")
    if "-v" in sys.argv:
        s_all = [(align.similarity(d[1]), d) for d in data]
        print("\nhighest-scoring unlabelled pairs (check by hand):")
        cands = sorted(((s[i, j], name, units[i]["text"][:70], units[j]["text"][:70])
                        for s, (name, units, pos, cross) in s_all for i, j in cross - pos), reverse=True)[:15]
        for c in cands:
            print(f"  {c[0]:.2f} [{c[1]}] {c[2]!r} ~ {c[3]!r}")
        print("\nmissed aligned pairs (lowest scores):")
        miss = sorted((s[i, j], name, units[i]["text"][:70], units[j]["text"][:70])
                      for s, (name, units, pos, cross) in s_all for i, j in pos)[:15]
        for c in miss:
            print(f"  {c[0]:.2f} [{c[1]}] {c[2]!r} ~ {c[3]!r}")
    print("\ncompare_story time (first call includes loading): " + "; ".join(timings))
    print(f"\n({time.time() - t0:.1f} s)  reproduce: .venv/bin/python benchmarks/bench_align.py [-v]")


if __name__ == "__main__":
    main()
