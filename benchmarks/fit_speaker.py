"""One speaker, two statements (issue 15, `att15`): the corroborated pairs whose two claims are
statements of one speaker, and the speaker check's constants by cross-validation over stories.

    PYTHONPATH=src .venv/bin/python benchmarks/fit_speaker.py --classes [--list] [--cache DIR]
    PYTHONPATH=src .venv/bin/python benchmarks/fit_speaker.py --grid 0.3,0.4,0.5,0.6,0.7 --tie-grid 0.05,0.1,0.15,0.2 --read-blind [--cache DIR]

``--classes``: the default's corroborated labelled pairs (every batch of the file but ``blind12``,
the held-out set of the check) of which both
claims are statements (``compare/holders.py``: a reported-speech or according-to source, a quote's
speaker, a belief verb's subject) of one holder (``holders.same_holder``), right / wrong, in sample
and on the blind batches already scored (``blind4``-``blind11``), by whether one quote, a figure or
a day ties them (``holders.slot_tie``) and by how alike what they say is without the attribution
(``holders.said``: the claim's content lemmas less the words of its attribution, by annotate's
offsets; Jaccard). ``--list`` prints the pairs. For reading, not for tuning.

``--grid``: the speaker check (``compare_story(speaker=True)``: ``options.SPEAKER_FACTOR`` x
``options.SPEAKER_TIE``, ``--tie-grid``) by 5-fold CV over stories (``fit_mainevent``'s folds and
criterion: wrong corroborated pairs parted net of right ones, pairs added counted against) on the
in-sample batches (every batch but ``blind4``-``blind12``), against the default (the check off);
``--read-blind`` fits on every batch of the file but ``blind12`` (``fit_mainevent.UNREAD``).
"""

from __future__ import annotations

import argparse
from collections import Counter

import numpy as np
from bench_switches import right
from bench_verdicts import read_pairs
from fit_mainevent import HELD_OUT, UNREAD, _in_corroborated_groups, cross_validate

from storyline.compare import predicates  # noqa: E402
from storyline.compare.holders import one_holder, said, said_alike, slot_tie  # noqa: E402


def _bin(v: float) -> str:
    return "0" if v == 0 else "< 0.10" if v < 0.10 else "0.10-0.20" if v < 0.20 else "0.20-0.30" if v < 0.30 else ">= 0.30"


def classes(cache: str | None, show: bool) -> None:
    rows = [r for r in read_pairs() if r["batch"] not in UNREAD]
    tally: Counter = Counter()
    n_corr: Counter = Counter()
    for units, pairs in _in_corroborated_groups(rows, cache):
        preds = predicates.Predicates(units)
        for r, i, j in pairs:
            ok = "right" if right(r) else "wrong"
            batch = "blind4-11" if r["batch"] in HELD_OUT else "in sample"
            n_corr[(batch, ok)] += 1
            I, J = np.array([i]), np.array([j])
            if i == j or not one_holder(preds, I, J)[0]:
                continue
            tie = bool(slot_tie(preds, I, J)[0])
            v = said_alike(preds, i, j)
            tally[("tie", "quote, figure or day" if tie else "words only", batch, ok)] += 1
            if not tie:
                tally[("alike", _bin(v), batch, ok)] += 1
            if show:
                a, b = units[i], units[j]
                print(f"{ok:5} {r['batch']:10} #{r['id']} {'tied' if tie else f'{v:.2f}'} [{a['holder']}]\n"
                      f"      {a['text'][:160]!r}\n      {b['text'][:160]!r}\n"
                      f"      said: {sorted(said(a))[:12]} / {sorted(said(b))[:12]}\n      why: {(r.get('why') or '')[:160]}")
    print("corroborated labelled pairs of the default (right / wrong): " +
          ", ".join(f"{bt} {n_corr[(bt, 'right')]} / {n_corr[(bt, 'wrong')]}" for bt in ("in sample", "blind4-11")))
    print("of them, both claims statements of one holder, right / wrong:")
    for kind, title in (("tie", "other evidence"), ("alike", "words only, what they say alike (Jaccard, attribution left out)")):
        print(f"\nby {title}:")
        for v in sorted({v_ for (k_, v_, _, _) in tally if k_ == kind}):
            cells = []
            for bt in ("in sample", "blind4-11"):
                rt, w = tally[(kind, v, bt, "right")], tally[(kind, v, bt, "wrong")]
                cells.append(f"{rt} / {w}")
            print(f"  {v:24} in sample {cells[0]:>8}   blind4-11 {cells[1]:>8}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--classes", action="store_true", help="the default's corroborated pairs of one speaker")
    ap.add_argument("--list", action="store_true", help="with --classes: print the pairs")
    ap.add_argument("--grid", default=None, help="SPEAKER_FACTOR values tried by the CV (comma-separated)")
    ap.add_argument("--tie-grid", default="0.2", help="with --grid: SPEAKER_TIE values")
    ap.add_argument("--read-blind", action="store_true", help="with --grid: fit on every batch of the file but blind12")
    ap.add_argument("--cache", default=None, help="folder for cached annotations (outside the repo)")
    args = ap.parse_args()
    if args.classes:
        classes(args.cache, args.list)
    if args.grid:
        names = [f"speaker-{f}-{t}" for f in args.grid.split(",") for t in args.tie_grid.split(",")]
        cross_validate([], args.cache, off="default", names=names,
                       left_out=UNREAD if args.read_blind else HELD_OUT)


if __name__ == "__main__":
    main()
