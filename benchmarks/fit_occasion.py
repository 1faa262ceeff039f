"""Another occasion of one kind of event (issue 15): the occasion check on ECB+ topics 1-27,
judged by the gold event chains, and the pairs it parts elsewhere, listed for reading.

    PYTHONPATH=src .venv/bin/python benchmarks/fit_occasion.py [--list] [--cache DIR]    # ECB+ 1-27: CV and judge
    PYTHONPATH=src .venv/bin/python benchmarks/fit_occasion.py --read [--exclude-batch B] [--cache DIR]

The check (compare/occasion.py, in ``grouping.not_one_fact``): two claims cannot state one fact
when they write dates that cannot overlap, or put other organisations (or named events) in
one role of one predicate. It is a rule, not tuned; four settings are compared against the
default without it: the whole check, its dates alone, its organisations alone, and the whole
check with OCCASION_SENTENCE (a claim that writes no date dated by its sentence's; off).

Default mode, on the gold stories of ECB+ dev topics 1-27 (never 28-35 or the hand
batches): for each setting, the cross-article sentence pairs one group holds, right when the
two sentences share a gold event chain (as `storyline eval alignment --mode gold` counts
them), the pairs it removes from the default's groups and those it adds; then 5-fold CV over
topics (folds by sha256(topic) % 5, as fit_paraphrase.py): a setting is taken on the training
folds when its net gain (wrong pairs removed - right pairs removed + right added - wrong
added) is at least 1, scored on the held-out fold. Then the claim pairs the whole check parts
and joins, judged as fit_frames.py judges them: by sentence (a gold chain shared) and by main
predicate (one claim's main predicate a gold mention whose chain has a mention inside the
other claim: closer to "one proposition", still loose).

``--read``: on every story of GVC val, the MEANTIME stories and the seeds (the stories of the
hand-labelled pairs outside ECB+; ``--exclude-batch B`` leaves out the stories of batch B's
pairs), the cross-article member pairs of corroborated groups the check parts (their two
texts) and how many per source: for reading, not for tuning.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict

import numpy as np
from fit_corrob import _f, memberships, net
from fit_paraphrase import FOLDS, _counts, _fold, _together, stories

from storyline.compare import align, grouping, occasion, pairsim, predicates  # noqa: E402

_TIMES, _ORGS = occasion.times_apart, occasion.orgs_apart
SETTINGS = ("off", "on", "dates", "organisations", "sentence")


def _set(setting: str) -> None:
    """Turn the check (or one half of it) on or off; read at call time by grouping.not_one_fact.
    "sentence": the whole check with OCCASION_SENTENCE (a claim that writes no date dated by
    its sentence's written dates)."""
    grouping.OCCASION_CHECK = setting != "off"
    occasion.times_apart = _TIMES if setting in ("on", "dates", "sentence") else (lambda a, b: False)
    occasion.orgs_apart = _ORGS if setting in ("on", "organisations", "sentence") else (lambda a, b: False)
    occasion.OCCASION_SENTENCE = setting == "sentence"


def _groups(units, aligned, setting):
    _set(setting)
    try:
        return memberships(units, *aligned, None, 0.0)
    finally:
        _set("on")


def score(data):
    """{setting: {topic: [right, judged, R@1 found, R@1 gold, R@2 found, R@2 gold, removed right,
    removed judged, added right, added judged]}} and the claim pairs each setting holds."""
    from fit_frames import _judged

    per = {s: defaultdict(lambda: np.zeros(10, dtype=np.int64)) for s in SETTINGS}
    held = {s: {} for s in ("off", "on")}
    text = {}
    for t, ids, units, chains, ments in data:
        text.update((u["claim_id"], u["text"]) for u in units)
        aligned = align.align(units)
        mem = {s: _groups(units, aligned, s) for s in SETTINGS}
        base = _together(units, mem["off"])
        for s in SETTINGS:
            tog = _together(units, mem[s])
            c = _counts(tog, chains, ids, base)
            r = _counts(base, chains, ids, tog)
            per[s][t] += np.concatenate([c[:6], r[6:8], c[6:8]])
        preds = aligned[1].preds if isinstance(aligned[1], pairsim.PairSimilarity) else predicates.Predicates(units)
        for s in ("off", "on"):
            held[s].update(_judged(units, mem[s], preds, chains, ments))
    return per, held, text


def ecb(cache, listing: bool = False) -> None:
    from fit_frames import judged_summary, mentions
    from pairdata import load

    arts, _, _, events, anns = load(cache)
    occasion.OCCASION_SENTENCE = True  # the units keep their sentences' dates for the "sentence" setting
    try:
        data = list(stories(cache))
    finally:
        _set("on")
    ments = mentions(data, arts, anns, events)
    per, held, text = score([(*d, ments) for d in data])
    zero = np.zeros(10, dtype=np.int64)
    print("ECB+ topics 1-27, gold stories, each setting in sample (sentence pairs judged by a shared gold chain):")
    for s in SETTINGS:
        print(f"  {s:14} {_f(sum(per[s].values(), zero))}")
    cv, base = zero.copy(), zero.copy()
    picks = Counter()
    for k in range(FOLDS):
        train = {s: sum((v for t, v in per[s].items() if _fold(t) != k), zero) for s in SETTINGS}
        best = max(SETTINGS, key=lambda s: (net(train[s]), s == "off"))
        s = best if net(train[best]) >= 1 else "off"
        picks[s] += 1
        c = sum((v for t, v in per[s].items() if _fold(t) == k), zero)
        cv, base = cv + c, base + sum((v for t, v in per["off"].items() if _fold(t) == k), zero)
        print(f"  fold {k}: picked {s} (training net {net(train[s])}); held-out fold {_f(c)}")
    print(f"  cross-validated (held-out folds together): {_f(cv)}")
    print(f"  without the check, the same folds:        {_f(base)}")
    print("  picked: " + ", ".join(f"{s} by {n} of {FOLDS} folds" for s, n in picks.most_common()))
    print("\nclaim pairs of one group the check parts / joins (by sentence: a gold chain shared; by main predicate):")
    for name, d in (("parted", {k: v for k, v in held["off"].items() if k not in held["on"]}),
                    ("joined", {k: v for k, v in held["on"].items() if k not in held["off"]})):
        print(f"  {name}: {judged_summary(d)}")
        for (x, y), v in sorted(d.items()) if listing else ():
            print(f"    {name} (by sentence {v[0]}, by predicate {v[1]}):\n"
                  f"      a: {text[x][:200]}\n      b: {text[y][:200]}")


def read(cache, exclude: list[str]) -> None:
    from bench_verdicts import annotate_cached, read_pairs
    from verdict_sample import load_stories

    from storyline.compare import compare_story

    skip = {(r["source"], r["story"]) for r in read_pairs() if r["batch"] in exclude}
    todo = load_stories(more=True) + load_stories(revision2=True)
    seen, n_parted, n_pairs = set(), Counter(), 0
    for source, story, arts in todo:
        if source == "ecb" or (source, story) in skip or (source, story) in seen or len(arts) < 2:
            continue
        seen.add((source, story))
        anns = annotate_cached(arts, cache)
        held = {}
        for s in ("off", "on"):
            _set(s)
            rep = compare_story({"id": story}, arts, anns, [], method=align.METHOD_LEXICAL)
            held[s] = {}
            for g in rep["groups"]:
                if g["verdict"] != "corroborated":
                    continue
                ms = g["members"]
                for x, a in enumerate(ms):
                    for b in ms[x + 1:]:
                        if a["article_id"] != b["article_id"]:
                            held[s][(a["claim_id"], b["claim_id"])] = (a, b)
        _set("on")
        n_pairs += len(held["off"])
        for k, (a, b) in sorted(held["off"].items()):
            if k in held["on"]:
                continue
            n_parted[source] += 1
            print(f"[{source} {story}] parted:\n"
                  f"    a: {a['text'][:220]}\n    b: {b['text'][:220]}")
    print(f"\n{n_pairs} corroborated member pairs without the check on {len(seen)} stories; parted by it: "
          + ", ".join(f"{s} {n}" for s, n in sorted(n_parted.items())))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", default=None, help="folder for cached annotations (outside the repo)")
    ap.add_argument("--list", action="store_true", help="list the ECB+ claim pairs the check parts and joins")
    ap.add_argument("--read", action="store_true", help="list the corroborated pairs the check parts outside ECB+")
    ap.add_argument("--exclude-batch", action="append", default=[], metavar="B",
                    help="with --read: leave out the stories of this batch's labelled pairs (repeatable)")
    args = ap.parse_args()
    if args.read:
        read(args.cache, args.exclude_batch)
        cmd = "--read" + "".join(f" --exclude-batch {b}" for b in args.exclude_batch)
    else:
        ecb(args.cache, args.list)
        cmd = "--list" if args.list else ""
    print(f"\nreproduce: PYTHONPATH=src .venv/bin/python benchmarks/fit_occasion.py {cmd}".rstrip())


if __name__ == "__main__":
    main()
