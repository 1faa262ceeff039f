"""The frame check of the lexical default on ECB+ dev topics 1-27 (issue 15): what "one
predicate" is in the gold event chains, and what the check does to the default's groups.

    PYTHONPATH=src .venv/bin/python benchmarks/fit_frames.py [--cache DIR]

Data: the gold stories of ECB+ dev topics 1-27 and their gold event mentions (never topics
28-35 or the hand batches). Each gold mention is keyed by the inflection key of its head
word's lemma (the claim's parsed verb or noun sharing the longest prefix, as
why_apart.py reads them).

1. Trigger pairs. Of the cross-article mention pairs of one gold story, the share in one
   chain when the two keys are one ("kill" / "killed") and when they differ ("shoot" /
   "kill"); then a table of different key pairs that co-refer, learned from the chains:
   pairs seen in at least m training topics whose share in one chain is at least tau,
   (tau, m) picked by nested 5-fold cross-validation over topics (folds by sha256(topic) % 5,
   as fit_recall.py): on the training folds, the setting with the most inner held-out pairs
   in one chain whose share is at least that of one key; scored on the held-out fold.
2. The check. The default's claim groups (align, recall join, cut, second memberships, as
   compare_story makes them) with the frame check and without it (``--no-frame-check``'s
   ablation), scored as `storyline eval alignment --mode gold` scores groups (sentence
   pairs sharing a gold chain), and the cross-article claim pairs it parts or joins, judged
   (a) by sentence: the two sentences share a gold chain; (b) by main predicate: one claim's
   main predicate is a gold mention whose chain has a mention inside the other claim (the
   labelling rule: the same proposition, or the other's stated in a clause). Pairs neither
   way can judge are counted apart.
"""

from __future__ import annotations

import argparse
import hashlib
from collections import Counter, defaultdict
from itertools import combinations

import numpy as np
from fit_paraphrase import _counts, _together, stories
from pairdata import load
from why_apart import gold_triggers

from storyline.compare import _secondary_lexical  # noqa: E402
from storyline.compare import align, grouping, pairsim, predicates  # noqa: E402

FOLDS = 5
GRID = [(tau, m) for tau in (0.3, 0.5, 0.7, 0.9) for m in (1, 2, 3)]


def _fold(topic: str) -> int:
    return int(hashlib.sha256(topic.encode()).hexdigest()[:12], 16) % FOLDS


def mentions(data, arts, anns, events) -> dict[str, list[tuple]]:
    """Per article: (chain, key, raw start) of its gold mentions inside a claim's sentence."""
    by_id = {a.id: a for a in arts}
    out: dict[str, list[tuple]] = defaultdict(list)
    for _, ids, units, _ in data:
        for aid, _, chain, key, start in gold_triggers(ids, units, by_id, anns, events):
            out[aid].append((chain, key, start))
    return out


def trigger_pairs(data, ments) -> tuple[dict, dict]:
    """{(key, key): {topic: pairs in one chain}}, {(key, key): {topic: pairs}} over the
    cross-article mention pairs of each gold story."""
    pos: dict = defaultdict(lambda: defaultdict(int))
    tot: dict = defaultdict(lambda: defaultdict(int))
    for t, ids, _, _ in data:
        for x, y in combinations(sorted(ids), 2):
            for ca, ka, _ in ments.get(x, ()):
                for cb, kb, _ in ments.get(y, ()):
                    k = (ka, kb) if ka <= kb else (kb, ka)
                    tot[k][t] += 1
                    pos[k][t] += ca == cb
    return pos, tot


def _table(pos, tot, topics: set, tau: float, m: int) -> set:
    out = set()
    for k, ts in tot.items():
        if k[0] == k[1]:
            continue
        tr = [t for t in ts if t in topics]
        n = sum(ts[t] for t in tr)
        if n and len(tr) >= m and sum(pos[k].get(t, 0) for t in tr) / n >= tau:
            out.add(k)
    return out


def _rate(pos, tot, keys, topics) -> tuple[int, int]:
    return (sum(pos[k].get(t, 0) for k in keys for t in topics), sum(tot[k].get(t, 0) for k in keys for t in topics))


def table_cv(pos, tot, topics: list[str]) -> None:
    same = [k for k in tot if k[0] == k[1]]
    diff = [k for k in tot if k[0] != k[1]]
    p1, n1 = _rate(pos, tot, same, topics)
    p2, n2 = _rate(pos, tot, diff, topics)
    print(f"cross-article gold mention pairs, topics 1-27: one key in one chain {p1 / n1:.3f} ({p1:,}/{n1:,}); "
          f"two keys {p2 / n2:.3f} ({p2:,}/{n2:,})")
    held = [0, 0]
    for k in range(FOLDS):
        train = [t for t in topics if _fold(t) != k]
        test = [t for t in topics if _fold(t) == k]
        ps, ns = _rate(pos, tot, same, train)
        bar, best = ps / ns, None
        for s in GRID:
            ip = inn = 0
            for j in sorted({_fold(t) for t in train}):
                tab = _table(pos, tot, {t for t in train if _fold(t) != j}, *s)
                p, n = _rate(pos, tot, tab, [t for t in train if _fold(t) == j])
                ip, inn = ip + p, inn + n
            if inn and ip / inn >= bar and (best is None or ip > best[0]):
                best = (ip, s, ip / inn)
        if best is None:
            print(f"  fold {k}: no setting's inner held-out pairs reach the one-key share {bar:.3f}: no table")
            continue
        tab = _table(pos, tot, set(train), *best[1])
        p, n = _rate(pos, tot, tab, test)
        held = [held[0] + p, held[1] + n]
        print(f"  fold {k}: tau, m = {best[1]} (inner {best[2]:.3f} >= {bar:.3f}), {len(tab)} key pairs; "
              f"held-out {p}/{n} in one chain")
    r = f"{held[0] / held[1]:.3f} ({held[0]}/{held[1]})" if held[1] else "not measured (no table)"
    print(f"  held-out folds together: {r}, against {p1 / n1:.3f} for one key")


def _groups(units):
    groups, sim = align.align(units)
    g = grouping.recall_join(units, groups, sim)
    g = grouping.split_not_one_fact(units, g, sim)
    mem = _secondary_lexical(units, g, sim)
    mem = grouping.recall_secondary(units, g, mem, sim)
    return mem, (sim.preds if isinstance(sim, pairsim.PairSimilarity) else predicates.Predicates(units))


def _judged(units, mem, preds, chains, ments) -> dict:
    """Cross-article claim pairs one group holds: (claim id, claim id) -> (by sentence, by
    main predicate), each True / False / None (not judged)."""
    inside, main = [], []
    for u in units:
        ms = [m for m in ments.get(u["article_id"], ()) if u["raw_start"] <= m[2] < u["raw_end"]]
        inside.append({m[0] for m in ms})
        k = preds.names.get(int(preds.key[u["uid"]]), "")
        main.append({m[0] for m in ms if k and m[1] == k})
    out = {}
    for g in mem:
        for x, i in enumerate(g):
            for j in g[x + 1:]:
                a, b = units[i], units[j]
                if a["article_id"] == b["article_id"]:
                    continue
                i, j = (i, j) if a["claim_id"] < b["claim_id"] else (j, i)
                ca = chains[units[i]["article_id"]].get(units[i]["sentence"])
                cb = chains[units[j]["article_id"]].get(units[j]["sentence"])
                sent = bool(ca & cb) if ca and cb else None
                pm = bool(main[i] & inside[j] or main[j] & inside[i]) \
                    if inside[i] and inside[j] and (main[i] or main[j]) else None
                out[(units[i]["claim_id"], units[j]["claim_id"])] = (sent, pm)
    return out


def judged_summary(d: dict) -> str:
    """How many of ``_judged``'s pairs ``d`` each judge counts one event, another, or none."""
    by = Counter(d.values())
    s = lambda x: sum(n for (a, _), n in by.items() if a is x)  # noqa: E731
    m = lambda x: sum(n for (_, b), n in by.items() if b is x)  # noqa: E731
    return (f"{len(d)}; by sentence {s(True)} share a chain, {s(False)} not, {s(None)} not judged; "
            f"by main predicate {m(True)} one event, {m(False)} not, {m(None)} not judged")


def check_effect(data, ments) -> None:
    state_apart = predicates.Predicates._state_apart
    res = {}
    for on in (False, True):
        predicates.Predicates._state_apart = state_apart if on else (lambda self, I, J: np.zeros(len(I), dtype=bool))
        c, pairs = np.zeros(8, dtype=np.int64), {}
        for _, ids, units, chains in data:
            mem, preds = _groups(units)
            c += _counts(_together(units, mem), chains, ids)
            pairs.update(_judged(units, mem, preds, chains, ments))
        res[on] = (c, pairs)
    predicates.Predicates._state_apart = state_apart
    for on in (False, True):
        c = res[on][0]
        print(f"  {'with the check (default)' if on else 'without (main before it)':26} pair P {c[0] / c[1]:.4f} "
              f"({c[0]}/{c[1]})  R@1 {c[2] / c[3]:.4f}  R@2 {c[4] / c[5]:.4f} ({c[4]}/{c[5]})")
    off, on = res[False][1], res[True][1]
    for name, d in (("parted", {k: v for k, v in off.items() if k not in on}),
                    ("joined", {k: v for k, v in on.items() if k not in off})):
        print(f"  claim pairs {name}: {judged_summary(d)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", default=None, help="folder for the cached ECB+ annotations (outside the repo)")
    args = ap.parse_args()
    arts, _, _, events, anns = load(args.cache)
    data = list(stories(args.cache))
    ments = mentions(data, arts, anns, events)
    pos, tot = trigger_pairs(data, ments)
    table_cv(pos, tot, sorted({t for t, _, _, _ in data}, key=int))
    print("\nthe default's groups, ECB+ gold stories of topics 1-27 (pairs as `eval alignment --mode gold` counts):")
    check_effect(data, ments)
    print("\nreproduce: PYTHONPATH=src .venv/bin/python benchmarks/fit_frames.py")


if __name__ == "__main__":
    main()
