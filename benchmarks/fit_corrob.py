"""Fewer false corroborations (issue 15): the unproven-predicate damping, the weak-link
cut and the bar of second memberships of the lexical default, fitted on ECB+ dev topics 1-27.

    PYTHONPATH=src .venv/bin/python benchmarks/fit_corrob.py [--links | --judge] [--cache DIR]

Data: the gold stories of ECB+ dev topics 1-27 and their gold event mentions (never topics
28-35 or the hand batches). Every member pair of a corroborated group counts as
corroboration, so the pairs a group holds are what is judged: a cross-article sentence pair
of one group is right when the two sentences share a gold event chain (both annotated), as
`storyline eval alignment --mode gold` scores groups.

Three candidate checks, each measured against the default (off / at main's value):

- UNPROVEN_FACTOR (compare/predicates.py ``Predicates.unproven``; the default grid): a pair
  where one claim has an event predicate and the other none to compare, and neither
  states or names the other's, is damped by the factor (1.0: off).
- CHAIN_FLOOR (compare/grouping.py ``split_weak_links``): a group may not hold two claims of
  different articles less similar than the floor; average linkage lets a bridging claim
  join two facts (A ~ B ~ C, A and C apart), and the cut parts them at the weakest link.
- SECONDARY_MARGIN (compare ``_secondary_lexical``): a claim joins a second group as a
  secondary member when its average similarity to the group is at least threshold + margin
  (main: + 0.0, hand-set); "off" keeps no second memberships.

``--links`` takes the grid of the last two (CHAIN_FLOOR x SECONDARY_MARGIN) instead of the
first; ``--judge`` judges the pairs the damping parts as fit_frames.py does (by sentence and
by main predicate).

For each setting the pairs it removes from the default's groups and those it adds, judged
right / judged; picked by 5-fold cross-validation over topics (folds by sha256(topic) % 5,
as fit_paraphrase.py): on the training folds, the setting with the largest net gain (wrong
pairs removed - right pairs removed + right pairs added - wrong pairs added, at least 1;
else the default), scored on the held-out fold.
"""

from __future__ import annotations

import argparse
from collections import defaultdict

import numpy as np
from fit_paraphrase import FOLDS, _counts, _fold, _together, stories

import storyline.compare as compare_mod  # noqa: E402
from storyline.compare import _secondary_lexical  # noqa: E402
from storyline.compare import align, grouping, pairsim, predicates  # noqa: E402

FLOORS = [None, 0.05, 0.08, 0.10, 0.12, 0.15, 0.18]
MARGINS = [0.0, 0.02, 0.04, 0.06, 0.08, 0.12, None]  # None: no second memberships
UNPROVEN = [1.0, 0.9, 0.85, 0.8, 0.75, 0.71, 0.65]  # Predicates.unproven's damping (1.0: off)
DEFAULT = (None, 0.0, 1.0)


def memberships(units, groups, sim, floor, margin):
    """The default's groups and second memberships with this weak-link floor and margin."""
    g = grouping.recall_join(units, groups, sim)
    g = grouping.split_not_one_fact(units, g, sim)
    g = grouping.split_weak_links(units, g, sim, floor)
    g = grouping.merge_fragments(units, g, sim)
    if margin is None:
        return g
    old = compare_mod.SECONDARY_MARGIN
    compare_mod.SECONDARY_MARGIN = margin  # read at call time by _secondary_lexical
    try:
        mem = _secondary_lexical(units, g, sim)
    finally:
        compare_mod.SECONDARY_MARGIN = old
    return grouping.recall_secondary(units, g, mem, sim)


def score(cache, settings):
    """{setting: {topic: [kept right, kept judged, R@1 found, R@1 gold, R@2 found, R@2 gold,
    removed right, removed judged, added right, added judged]}}."""
    per = {s: defaultdict(lambda: np.zeros(10, dtype=np.int64)) for s in settings}
    for t, ids, units, chains in stories(cache):
        aligned = {}
        for u in sorted({s[2] for s in settings} | {DEFAULT[2]}):
            predicates.UNPROVEN_FACTOR = u  # read at call time by Predicates.factor
            aligned[u] = align.align(units)
        predicates.UNPROVEN_FACTOR = DEFAULT[2]
        base = _together(units, memberships(units, *aligned[DEFAULT[2]], *DEFAULT[:2]))
        for s in settings:
            tog = _together(units, memberships(units, *aligned[s[2]], *s[:2]))
            c = _counts(tog, chains, ids, base)  # [6:8]: pairs added
            r = _counts(base, chains, ids, tog)  # [6:8]: pairs removed
            per[s][t] += np.concatenate([c[:6], r[6:8], c[6:8]])
    return settings, per


def judge(cache, factors) -> None:
    """``--judge``: the claim pairs each damping parts from main's groups (or joins), judged
    as fit_frames.py judges them: by sentence (the two sentences share a gold chain) and by
    main predicate (one claim's main predicate is a gold mention whose chain has a mention
    inside the other claim: the labelling rule, closer to "one proposition")."""
    from fit_frames import _judged, judged_summary, mentions
    from pairdata import load

    arts, _, _, events, anns = load(cache)
    data = list(stories(cache))
    ments = mentions(data, arts, anns, events)
    res = {}
    for u in [1.0, *factors]:
        predicates.UNPROVEN_FACTOR = u
        pairs = {}
        for _, ids, units, chains in data:
            groups, sim = align.align(units)
            mem = memberships(units, groups, sim, None, 0.0)
            preds = sim.preds if isinstance(sim, pairsim.PairSimilarity) else predicates.Predicates(units)
            pairs.update(_judged(units, mem, preds, chains, ments))
        res[u] = pairs
    predicates.UNPROVEN_FACTOR = 1.0
    for u in factors:
        for name, d in (("parted", {k: v for k, v in res[1.0].items() if k not in res[u]}),
                        ("joined", {k: v for k, v in res[u].items() if k not in res[1.0]})):
            print(f"  unproven {u:.2f}, claim pairs {name}: {judged_summary(d)}")


def _name(s) -> str:
    f, m, u = s
    return (f"floor {'off' if f is None else f'{f:.2f}'}, margin {'off' if m is None else f'{m:.2f}'}, "
            f"unproven {u:.2f}")


def _f(c) -> str:
    r = lambda a, b: f"{a / b:.4f}" if b else "not measured"  # noqa: E731
    return (f"P {r(c[0], c[1])} ({c[0]}/{c[1]})  R@1 {r(c[2], c[3])}  R@2 {r(c[4], c[5])}  "
            f"removed {c[6]} right / {c[7] - c[6]} wrong, added {c[8]} right / {c[9] - c[8]} wrong")


def net(c) -> int:
    """Wrong pairs removed minus right pairs removed, less what is added the wrong way."""
    return int((c[7] - c[6]) - c[6] + c[8] - (c[9] - c[8]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", default=None, help="folder for cached annotations (outside the repo)")
    ap.add_argument("--links", action="store_true",
                    help="the weak-link floor and the second memberships' margin (grid FLOORS x MARGINS) "
                         "instead of the unproven-predicate damping (grid UNPROVEN)")
    ap.add_argument("--judge", action="store_true",
                    help="the claim pairs the damping parts, judged by sentence and by main predicate (fit_frames.py)")
    args = ap.parse_args()
    if args.judge:
        print("ECB+ topics 1-27, gold stories: what the unproven-predicate damping changes in main's groups")
        judge(args.cache, [0.9, 0.8, 0.71])
        print("\nreproduce: PYTHONPATH=src .venv/bin/python benchmarks/fit_corrob.py --judge")
        return
    settings = [(f, m, 1.0) for f in FLOORS for m in MARGINS] if args.links else [(None, 0.0, u) for u in UNPROVEN]
    _, per = score(args.cache, settings)
    print("ECB+ topics 1-27, gold stories, every setting in-sample (pairs judged by a shared gold chain):")
    for s in settings:
        print(f"  {_name(s):26} {_f(sum(per[s].values()))}")
    picks: dict = defaultdict(int)
    held, held_base = np.zeros(10, dtype=np.int64), np.zeros(10, dtype=np.int64)
    for k in range(FOLDS):
        train = {s: sum((v for t, v in per[s].items() if _fold(t) != k), np.zeros(10, dtype=np.int64)) for s in settings}
        best = max(settings, key=lambda s: (net(train[s]), s == DEFAULT))
        s = best if net(train[best]) >= 1 else DEFAULT
        picks[s] += 1
        c = sum((v for t, v in per[s].items() if _fold(t) == k), np.zeros(10, dtype=np.int64))
        b = sum((v for t, v in per[DEFAULT].items() if _fold(t) == k), np.zeros(10, dtype=np.int64))
        held, held_base = held + c, held_base + b
        print(f"fold {k}: picked {_name(s)} (training net {net(train[s])}); held-out fold {_f(c)}")
    print(f"cross-validated (held-out folds together): {_f(held)}")
    print(f"default on the same folds:                 {_f(held_base)}")
    for s, n in sorted(picks.items(), key=lambda x: -x[1]):
        print(f"  picked by {n} of {FOLDS} folds: {_name(s)}")
    print("\nreproduce: PYTHONPATH=src .venv/bin/python benchmarks/fit_corrob.py" + (" --links" if args.links else ""))


if __name__ == "__main__":
    main()
