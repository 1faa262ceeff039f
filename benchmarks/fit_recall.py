"""Fit the recall join of the lexical default (compare/grouping.py, ``recall_join``): its floor
and which shared participants it needs, cross-validated, on in-sample data only.

    PYTHONPATH=src .venv/bin/python benchmarks/fit_recall.py [--cache DIR] [--no-vetoes]

Data (never ECB+ topics 28-35, never the hand batches samefact, revision2 or recall):

- ECB+ dev topics 1-27, each gold story compared as one story: the candidate pairs
  ``recall_candidates`` proposes at floor 0 with every participant kind, each labelled
  "same" when the two sentences share a gold event chain (pairs with a sentence that has no
  gold mention are not judged, as in ``storyline eval alignment``);
- the hand-labelled pairs of batches random, flagged, disputed and fresh
  (benchmarks/data/verdict_pairs.jsonl) that are candidates in their story.

For each setting (the shared predicate: one main predicate or any event verb; participant
kinds; floor) it prints the candidates' precision and count on both; then 5-fold
cross-validation over ECB+ topics (folds by sha256(topic) % 5): on four folds, the setting
with the most right pairs whose precision is at least that of the lexical default's weakest
accepted member pairs (similarity within MARGIN above the threshold) on those folds (a join
must be no less sure than what the default already groups); its precision and count on the
fifth. The setting shipped is the one most folds pick; the hand batches are its second check
(stories too few for folds of their own). ``--no-vetoes``: the same without ``_told_apart``
(negation, years, a verb's particle), the ablation.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import defaultdict
from itertools import combinations

import numpy as np
from pairdata import ROOT, load

from storyline.compare import align, grouping, pairsim, predicates, slots  # noqa: E402
from storyline.compare.units import build_units  # noqa: E402
from storyline.eval.alignment import sentence_chains  # noqa: E402

KINDS = [("entity",), ("entity", "figure", "day"), ("entity", "figure", "day", "place")]
FLOORS = [round(x, 2) for x in np.arange(0.0, 0.22, 0.02)]
MODES = {False: "main predicate", True: "any event verb"}
MARGIN = 0.08  # the default's weakest accepted pairs: similarity in [threshold, threshold + MARGIN)
FOLDS = 5
IN_SAMPLE = ("random", "flagged", "disputed", "fresh")


def _fold(topic: str) -> int:
    return int(hashlib.sha256(topic.encode()).hexdigest()[:12], 16) % FOLDS


def _kinds_of(units, i, j, pred):
    """The participant kinds a pair shares under one main predicate."""
    out = set()
    for k in ("entity", "figure", "day", "place"):
        a = grouping._participant_keys(units[i], pred, (k,))
        b = grouping._participant_keys(units[j], pred, (k,))
        if a & b and (k != "figure" or slots.number_agreement(units[i], units[j]) == 1.0):
            out.add(k)
    return out


def story_candidates(arts, anns, verbs=False, vetoes=True):
    """(units, default groups, similarity, [(i, j, similarity, kinds)]) of one story."""
    units = build_units(arts, anns)
    groups, sim = align.align(units)
    I, J, V = grouping.recall_candidates(units, groups, sim, floor=0.0, kinds=KINDS[-1], verbs=verbs, vetoes=vetoes)
    preds = sim.preds if isinstance(sim, pairsim.PairSimilarity) else predicates.Predicates(units)
    ev = preds.event_verbs()
    cands = [(i, j, v, set().union(*(_kinds_of(units, i, j, k) for k in (ev[i] & ev[j] if verbs else {int(preds.key[i])}))))
             for i, j, v in zip(I.tolist(), J.tolist(), V.tolist())]
    return units, groups, sim, cands


def ecb_rows(cache, verbs=False, vetoes=True):
    """Candidate rows of ECB+ topics 1-27 and, per topic, [right, judged] of the default's
    member pairs with similarity in [threshold, threshold + MARGIN) (its weakest accepted)."""
    arts, gold, topic, events, anns = load(cache)
    by = defaultdict(list)
    for a in arts:
        if int(topic[a.id]) <= 27:
            by[gold[a.id]].append(a)
    rows, default = [], defaultdict(lambda: [0, 0])
    for story in sorted(by):
        sa = by[story]
        chains = {a.id: sentence_chains(a, anns[a.id], events.get(a.id, [])) for a in sa}
        units, groups, sim, cands = story_candidates(sa, [anns[a.id] for a in sa], verbs, vetoes)
        t = topic[sa[0].id]

        def label(i, j):
            ca = chains[units[i]["article_id"]].get(units[i]["sentence"])
            cb = chains[units[j]["article_id"]].get(units[j]["sentence"])
            return None if not ca or not cb else bool(ca & cb)
        for g in groups:
            for i, j in combinations(g, 2):
                if units[i]["article_id"] == units[j]["article_id"] or not \
                        align.THRESHOLD <= sim[i, j] < align.THRESHOLD + MARGIN:
                    continue
                y = label(i, j)
                if y is not None:
                    default[t][0] += y
                    default[t][1] += 1
        for i, j, v, kinds in cands:
            y = label(i, j)
            if y is not None:
                rows.append({"topic": t, "v": v, "kinds": kinds, "y": y})
    return rows, default


def hand_rows(cache, verbs=False, vetoes=True):
    from bench_verdicts import annotate_cached
    from verdict_sample import load_stories

    labelled = [json.loads(line) for line in (ROOT / "benchmarks/data/verdict_pairs.jsonl").open(encoding="utf-8")]
    labelled = [r for r in labelled if r["batch"] in IN_SAMPLE and r["same_fact"] is not None]
    by = defaultdict(list)
    for r in labelled:
        by[(r["source"], r["story"])].append(r)
    stories = load_stories(more=True) + load_stories(fresh=True)
    rows = []
    for source, story, arts in stories:
        if (source, story) not in by:
            continue
        units, _, _, cands = story_candidates(arts, annotate_cached(arts, cache), verbs, vetoes)
        where = {frozenset({(units[i]["article_id"], units[i]["raw_start"]), (units[j]["article_id"], units[j]["raw_start"])}):
                 (v, kinds) for i, j, v, kinds in cands}
        for r in by[(source, story)]:
            k = frozenset({(r["a"]["article_id"], r["a"]["raw_start"]), (r["b"]["article_id"], r["b"]["raw_start"])})
            if k in where:
                rows.append({"story": story, "v": where[k][0], "kinds": where[k][1], "y": bool(r["same_fact"])})
    return rows


def score(rows, kinds, floor):
    sel = [r for r in rows if r["v"] >= floor and r["kinds"] & set(kinds)]
    return sum(r["y"] for r in sel), len(sel)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", default=None, help="folder for cached annotations (outside the repo)")
    ap.add_argument("--no-vetoes", action="store_true", help="ablation: candidates without ``_told_apart``")
    args = ap.parse_args()
    f = lambda a, b: f"{a / b:.3f} ({a}/{b})" if b else "not measured"  # noqa: E731
    data = {}
    for verbs in MODES:
        rows, default = ecb_rows(args.cache, verbs, not args.no_vetoes)
        data[verbs] = (rows, default, hand_rows(args.cache, verbs, not args.no_vetoes))
    default = data[False][1]
    dr, dj = sum(x[0] for x in default.values()), sum(x[1] for x in default.values())
    print(f"ECB+ topics 1-27, gold stories: the default's weakest accepted member pairs (similarity "
          f"{align.THRESHOLD:.2f}-{align.THRESHOLD + MARGIN:.2f}) share a gold chain {f(dr, dj)}: the bar (baseline)")
    print(f"{'predicate':15} {'participants':26} {'floor':>5}  {'ECB+ 1-27 candidates':>22}  {'hand batches (in sample)':>24}")
    settings = [(v, k, fl) for v in MODES for k in KINDS for fl in FLOORS]
    for verbs, kinds, floor in settings:
        rows, _, hand = data[verbs]
        print(f"{MODES[verbs]:15} {'+'.join(kinds):26} {floor:5.2f}  {f(*score(rows, kinds, floor)):>22}  "
              f"{f(*score(hand, kinds, floor)):>24}")
    picks = defaultdict(int)
    held_r = held_n = 0
    for k in range(FOLDS):
        tr, tj = (sum(v[i] for t, v in default.items() if _fold(t) != k) for i in (0, 1))
        bar = tr / tj if tj else 1.0
        best = None
        for verbs, kinds, floor in settings:
            train = [r for r in data[verbs][0] if _fold(r["topic"]) != k]
            r, n = score(train, kinds, floor)
            if n and r / n >= bar and (best is None or r > best[0]):
                best = (r, verbs, kinds, floor)
        if best is None:
            print(f"fold {k}: no setting reaches the bar {bar:.3f}: no join")
            continue
        _, verbs, kinds, floor = best
        picks[(verbs, kinds, floor)] += 1
        r, n = score([x for x in data[verbs][0] if _fold(x["topic"]) == k], kinds, floor)
        held_r, held_n = held_r + r, held_n + n
        print(f"fold {k}: bar {bar:.3f}; picked {MODES[verbs]}, {'+'.join(kinds)}, floor {floor:.2f}; held-out fold {f(r, n)}")
    print(f"cross-validated candidates (held-out folds together): {f(held_r, held_n)}")
    for (verbs, kinds, floor), c in sorted(picks.items(), key=lambda x: -x[1]):
        print(f"  picked by {c} of {FOLDS} folds: {MODES[verbs]}, {'+'.join(kinds)}, floor {floor:.2f}; "
              f"hand batches {f(*score(data[verbs][2], kinds, floor))}")
    print("\nreproduce: PYTHONPATH=src .venv/bin/python benchmarks/fit_recall.py" + (" --no-vetoes" if args.no_vetoes else ""))


if __name__ == "__main__":
    main()
