"""Story clustering on MEANTIME (120 Wikinews articles), labelled by hand: a fitting set (issue 14).

The shipped join model is fitted on these labels too (``fit_clustering.py``, MEANTIME's
pairs weighted 0.1), so what this prints with it is an in-sample figure; the
out-of-sample one is ``fit_clustering.py``'s leave-one-topic-out CV (each topic scored
with a model fitted without it).

    PYTHONPATH=src .venv/bin/python benchmarks/bench_meantime_clustering.py [--errors] [--close-calls] [--out FILE.jsonl]

Builds a labelled JSON Lines file from ``$STORYLINE_SHARED/data/meantime/timex.jsonl``
(id, title, text, url, outlet, published) and the hand-labelled gold stories of
``benchmarks/data/meantime_gold_stories.json`` (the ``story`` field), then scores it by
``storyline eval clustering`` (ingest + annotate + cluster in a temporary store, as users
run them) beside its TF-IDF baseline (threshold chosen on ECB+ dev + GVC val, as the CLI
does for a file that is neither), and two trivial references: every article alone, and
one story per MEANTIME sub-corpus (the four topics). "today" is pinned (``--today``).

``--errors`` clusters the file again by the same functions in a kept store (the figures
must come out the same) and lists both ways of being wrong: predicted stories that hold
several gold stories (with the time span, the entities the members share, and what the
join model saw: each member against its story without it, the features that raised the
log-odds most) and gold stories split across predicted ones; then the time gaps of the
wrongly joined pairs. Nothing is fitted here (the shipped model is: see above). ``--strip-dateline`` and
``--numbers-without-years`` are diagnostics of two causes of the merges (not what ships).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import tempfile
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from storyline.eval.clustering import cluster_store, eval_clustering, ingest_labelled, score, score_labels
from storyline.options import Options

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("STORYLINE_SHARED") or REPO.parent / "shared")
SOURCE = SHARED / "data/meantime/timex.jsonl"
GOLD = REPO / "benchmarks/data/meantime_gold_stories.json"
FIELDS = ("id", "title", "text", "url", "outlet", "published")
METRICS = (("b3_precision", "B3 P"), ("b3_recall", "B3 R"), ("b3_f1", "B3 F1"), ("pairwise_precision", "pair P"),
           ("pairwise_recall", "pair R"), ("pairwise_f1", "pair F1"), ("ari", "ARI"))


def build_file(out: Path, strip_dateline: bool = False) -> dict[str, dict]:
    """Write the labelled file (the corpus fields + gold ``story``); return the records by id.
    ``strip_dateline``: drop the date line paragraph (headline, date line, body -> headline,
    body), as the ECB+ and GVC files the model was fitted on were prepared."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["gold"]
    recs = {}
    with open(SOURCE, encoding="utf-8") as src, open(out, "w", encoding="utf-8") as fh:
        for line in src:
            r = json.loads(line)
            if r["id"] not in gold:
                sys.exit(f"{GOLD}: no gold story for MEANTIME article {r['id']}")
            rec = {k: r.get(k) for k in FIELDS} | {"story": gold[r["id"]]}
            if strip_dateline:
                paras = r["text"].split("\n\n")
                assert paras[1] == r["text"][r["dct"]["start"]:r["dct"]["end"]], r["id"]
                rec["text"] = "\n\n".join([paras[0], *paras[2:]])
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            recs[r["id"]] = rec | {"corpus": r["corpus"]}
    if len(recs) != len(gold):
        sys.exit(f"{GOLD}: {len(gold)} gold labels for {len(recs)} articles")
    return recs


def row(name: str, r: dict) -> str:
    vals = " ".join(f"{'-' if r[k] is None else format(r[k], '.4f'):>7}" for k, _ in METRICS)
    return f"{name:24} {vals} {r['predicted_stories']:>5} {r['gold_stories']:>5}"


def both_ways(pred: dict[str, str], gold: dict[str, str]) -> tuple[list, list, int, int]:
    """(predicted stories holding several gold stories, gold stories split, wrongly joined
    pairs, gold pairs left apart)."""
    by_pred, by_gold = defaultdict(list), defaultdict(list)
    for a in sorted(gold):
        by_pred[pred[a]].append(a)
        by_gold[gold[a]].append(a)
    merged = [m for m in by_pred.values() if len({gold[a] for a in m}) > 1]
    split = [m for m in by_gold.values() if len({pred[a] for a in m}) > 1]
    wrong = sum(1 for m in by_pred.values() for i, a in enumerate(m) for b in m[i + 1:] if gold[a] != gold[b])
    apart = sum(1 for m in by_gold.values() for i, a in enumerate(m) for b in m[i + 1:] if pred[a] != pred[b])
    return merged, split, wrong, apart


def _day(rec: dict) -> date:
    return date.fromisoformat(rec["published"][:10])


def rerun(path: Path, opts: Options, expect: dict, threshold: float) -> tuple[dict, dict, dict, dict]:
    """Cluster the file again by the same functions in a kept store (the figures must come
    out the same); return (gold, predicted, baseline, features), keyed by MEANTIME id."""
    from storyline.eval.clustering import baseline_texts, tfidf_cut, tfidf_linkage
    from storyline.stories.cluster import load_features
    from storyline.store import Store

    with tempfile.TemporaryDirectory(prefix="mtgold-") as tmp:
        store = Store(str(Path(tmp) / "eval.db"))
        try:
            gold_by_art = ingest_labelled(str(path), opts, store)
            stories = cluster_store(store, opts)
            res = score(stories, gold_by_art)
            diff = {k: (res[k], expect[k]) for k, _ in METRICS if res[k] != expect[k]}
            print(f"re-run in a kept store: {'the same figures' if not diff else 'DIFFERENT figures: ' + str(diff)}")
            arts = {a.id: a for a in store.articles()}
            mid = {aid: str((a.metadata or {}).get("id") or aid) for aid, a in arts.items()}
            feats = load_features(store, list(arts.values()))
            pred = {mid[aid]: s["id"] for s in stories for aid in s["articles"]}
            ids = sorted(gold_by_art)
            base = dict(zip((mid[a] for a in ids), tfidf_cut(tfidf_linkage(baseline_texts(store, ids)), threshold)))
        finally:
            store.close()
    return ({mid[a]: g for a, g in gold_by_art.items()}, pred, base, {mid[a]: f for a, f in feats.items()})


def summary(name: str, pred: dict, gold: dict) -> None:
    merged, split, wrong, apart = both_ways(pred, gold)
    print(f"{name:10} merged: {len(merged)} predicted stories hold {sum(len({gold[a] for a in m}) for m in merged)} "
          f"gold stories ({wrong} wrongly joined pairs); split: {len(split)} gold stories in "
          f"{sum(len({pred[a] for a in m}) for m in split)} parts ({apart} gold pairs apart)")


def errors(recs: dict, gold: dict, predm: dict, featm: dict) -> None:
    """The merged stories (span, shared names, what the join model saw) and the splits."""
    from storyline.stories import model as story_model
    from storyline.stories.cluster import current_model
    from storyline.stories.index import add_to_centroid, new_centroid

    model = current_model()
    merged, split, _, _ = both_ways(predm, gold)
    names = story_model.NAMES
    coef = model["coef"]
    gaps = []
    for m in sorted(merged, key=lambda m: (-len(m), m)):
        m = sorted(m, key=lambda a: (recs[a]["published"], a))
        days = [_day(recs[a]) for a in m]
        corp = Counter(recs[a]["corpus"] for a in m)
        # names the members share: entity keys held by at least half of them, by total weight
        held, weight = Counter(), Counter()
        for a in m:
            for k, v in featm[a].get("ents", {}).items():
                held[k] += 1
                weight[k] += v
        shared = [k for k, n in sorted(held.items(), key=lambda kv: (-weight[kv[0]], kv[0]))
                  if n >= max(2, math.ceil(len(m) / 2))][:6]
        print(f"\n== {len(m)} articles, {len({gold[a] for a in m})} gold stories, {days[0]} .. {days[-1]} "
              f"({(days[-1] - days[0]).days} days), {dict(corp)}; shared names: {', '.join(shared) or '-'}")
        for a in m:
            rest = [b for b in m if b != a]
            c = new_centroid()
            for b in rest:
                add_to_centroid(c, featm[b])
            x = story_model.pair_features(featm[a], c)
            p = story_model.probability(x, model)
            top = sorted(((w * v, n, v) for w, v, n in zip(coef, x, names)), reverse=True)
            why = ", ".join(f"{n} {v:.2f} ({w:+.2f})" for w, n, v in top[:3])
            gap = next(z for z in zip(x, names) if z[1] == "published_gap")[0]
            g = gold[a] if not gold[a].startswith("single-") else "alone"
            print(f"  {a:>7} {recs[a]['published'][:10]} p={p:.2f} gap {math.expm1(gap):4.0f}d  [{g}] "
                  f"{recs[a]['title'][:60]}\n            {why}")
        for i, a in enumerate(m):
            for b in m[i + 1:]:
                if gold[a] != gold[b]:
                    gaps.append(abs((_day(recs[a]) - _day(recs[b])).days))
    for m in split:
        parts = Counter(predm[a] for a in m)
        print(f"\nsplit: {gold[m[0]]} in {len(parts)} parts: " + "; ".join(
            f"{a} {recs[a]['published'][:10]} {recs[a]['title'][:50]}" for a in sorted(m)))
    # merged directly or through a chain: each pair alone (one article against a story of
    # the other), the model's probability, for the wrongly joined pairs and the gold pairs
    def direct(a: str, b: str) -> float:
        return story_model.probability(story_model.pair_features(featm[a], add_to_centroid(new_centroid(), featm[b])), model)

    later = (lambda a, b: (a, b) if (recs[a]["published"], a) >= (recs[b]["published"], b) else (b, a))
    wrong = [later(a, b) for m in merged for i, a in enumerate(m) for b in m[i + 1:] if gold[a] != gold[b]]
    same = [later(a, b) for a in gold for b in gold if a < b and gold[a] == gold[b]]
    for name, pairs in (("wrongly joined", wrong), ("gold", same)):
        if pairs:
            print(f"{name} pairs: {len(pairs)}, of which the later article would join a story of the earlier alone "
                  f"(p >= 0.5): {sum(direct(a, b) >= 0.5 for a, b in pairs)}")
    ids = sorted(gold)
    other = [later(a, b) for i, a in enumerate(ids) for b in ids[i + 1:] if gold[a] != gold[b]]
    hits = [(a, b) for a, b in other if direct(a, b) >= 0.5]
    bands = Counter("<=30d" if g <= 30 else "31-365d" if g <= 365 else ">365d"
                    for g in (abs((_day(recs[a]) - _day(recs[b])).days) for a, b in hits))
    print(f"all {len(other)} pairs of different gold stories: {len(hits)} would join alone "
          f"({sum(recs[a]['corpus'] == recs[b]['corpus'] for a, b in hits)} within one topic; by gap {dict(bands)})")
    if gaps:
        gaps.sort()
        print(f"\nwrongly joined pairs: {len(gaps)}; publication gap median {gaps[len(gaps) // 2]} days, "
              f"over 30 days {sum(g > 30 for g in gaps) / len(gaps):.0%}, over 365 days "
              f"{sum(g > 365 for g in gaps) / len(gaps):.0%}, max {gaps[-1]}")


def close_calls(recs: dict, gold: dict, pred: dict, base: dict) -> None:
    """The figures again under the other reading of each close call (the gold file's
    ``close_calls``): 'broad' joins what was kept apart, 'narrow' parts what was joined."""
    calls = json.loads(GOLD.read_text(encoding="utf-8"))["close_calls"]
    broad, narrow = dict(gold), dict(gold)
    for a, b, _ in calls["broad"]:
        broad[a] = broad[b]
    for a, _ in calls["narrow"]:
        narrow[a] = f"single-{a}"
    print("\nclose calls read the other way (B3 F1 / pairwise F1):")
    for name, g in (("as labelled", gold), ("broad", broad), ("narrow", narrow)):
        s, t, al = score_labels(pred, g), score_labels(base, g), score_labels({a: a for a in g}, g)
        print(f"  {name:12} {s['gold_stories']:4} gold stories: storyline {s['b3_f1']:.4f} / {s['pairwise_f1']:.4f}, "
              f"TF-IDF {t['b3_f1']:.4f} / {t['pairwise_f1']:.4f}, every article alone {al['b3_f1']:.4f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--today", default="2026-01-01", help="the pinned reference day (all articles are dated)")
    ap.add_argument("--out", help="keep the labelled file here (default: a temporary file)")
    ap.add_argument("--errors", action="store_true", help="list the merged and split stories and why")
    ap.add_argument("--close-calls", action="store_true", help="also score the other reading of the close calls")
    ap.add_argument("--strip-dateline", action="store_true",
                    help="diagnostic: the texts without their date line (as ECB+ and GVC are)")
    ap.add_argument("--numbers-without-years", action="store_true",
                    help="diagnostic: the number-overlap feature ignores 1900-2099 (not the shipped feature)")
    ap.add_argument("--leave", choices=("dated", "all", "none"), default=None,
                    help="which articles settle lets stand alone (default: the shipped stories.cluster.LEAVE)")
    args = ap.parse_args()
    if args.leave:
        import importlib

        cluster = importlib.import_module("storyline.stories.cluster")  # the module (the package exports a function of that name)
        cluster.LEAVE = None if args.leave == "none" else args.leave
    if args.numbers_without_years:
        from storyline.stories import features
        shipped = features.numbers
        features.numbers = lambda text, limit=40: [n for n in shipped(text, limit) if not re.fullmatch(r"(19|20)\d\d", n)]
    print(f"command: PYTHONPATH=src {Path(sys.executable).name} {' '.join(sys.argv)}")
    opts = Options(progress=False, today=args.today)
    with tempfile.TemporaryDirectory(prefix="mtgold-file-") as tmp:
        path = Path(args.out) if args.out else Path(tmp) / "meantime_gold.jsonl"
        recs = build_file(path, args.strip_dateline)
        res = eval_clustering(str(path), opts)
        ours, base = res["storyline"], res["baseline"]
        gold = {a: r["story"] for a, r in recs.items()}
        alone = score_labels({a: a for a in gold}, gold)
        topics = score_labels({a: r["corpus"] for a, r in recs.items()}, gold)
        multi = Counter(Counter(gold.values()).values())
        print(f"MEANTIME: {len(gold)} articles, {len(set(gold.values()))} gold stories "
              f"(sizes {dict(sorted(multi.items()))}); today {args.today}")
        print(f"{'method':24} " + " ".join(f"{h:>7}" for _, h in METRICS) + f" {'pred':>5} {'gold':>5}")
        print(row("storyline", ours))
        print(row(f"TF-IDF (thr {base['threshold']})", base))
        print(row("every article alone", alone))
        print(row("one story per topic", topics))
        print(f"(baseline threshold chosen on {base['threshold_chosen_on']}; storyline seconds {ours['seconds']})")
        print("(in sample: the shipped model was fitted on these labels; the out-of-sample figure is "
              "fit_clustering.py's leave-one-topic-out CV)")
        if res.get("skipped"):
            print(f"skipped: {res['skipped']}")
        gold_m, predm, basem, featm = rerun(path, opts, ours, base["threshold"])
        summary("storyline", predm, gold_m)
        summary("TF-IDF", basem, gold_m)
        if args.close_calls:
            close_calls(recs, gold_m, predm, basem)
        if args.errors:
            errors(recs, gold_m, predm, featm)


if __name__ == "__main__":
    main()
