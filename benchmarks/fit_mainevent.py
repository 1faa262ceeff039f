"""Another predicate of the same story (issue 15): the main-event check's factor by
cross-validation over stories on the hand labels, and why wrong corroborated pairs pass.

    PYTHONPATH=src .venv/bin/python benchmarks/fit_mainevent.py [--grid 0.5,0.6,0.7,0.8] [--cache DIR]   # CV
    PYTHONPATH=src .venv/bin/python benchmarks/fit_mainevent.py --classes [--cache DIR]
    PYTHONPATH=src .venv/bin/python benchmarks/fit_mainevent.py --exempt [--cache DIR]
    PYTHONPATH=src .venv/bin/python benchmarks/fit_mainevent.py --evidence-grid 0.7,0.8,0.9 [--neither-grid 1,0.8] [--cache DIR]
    PYTHONPATH=src .venv/bin/python benchmarks/fit_mainevent.py --holders [--list] [--cache DIR]
    PYTHONPATH=src .venv/bin/python benchmarks/fit_mainevent.py --clause-tied-grid 0.5,0.6,0.7,0.8,0.9 --clause-tie 2,3 [--cache DIR]
    PYTHONPATH=src .venv/bin/python benchmarks/fit_mainevent.py --holders-grid 0.5,0.6,0.7,0.8,0.9 --tie-grid 0.2,0.3,0.4 [--cache DIR]
    PYTHONPATH=src .venv/bin/python benchmarks/fit_mainevent.py --days-grid 0,1,3,7,14 [--cache DIR]
    PYTHONPATH=src .venv/bin/python benchmarks/fit_mainevent.py --modality-grid [SETS] [--cache DIR]

The check (compare/mainevent.py, ``predicates.Predicates.main_apart``) damps a pair whose main
events differ by ``checks.MAIN_EVENT_FACTOR`` (0.9, on by default since this was measured; 1.0:
off). Both modes measure against the check off, as they were run before it was on.

Default mode: on the labelled pairs of every batch but ``HELD_OUT`` (the blind batches, which
score it out of sample), the path a user takes (``bench_switches.run``: ``compare_story`` per
labelled story) with the check off and at each factor of the grid; 5 folds over stories
(sha256(story) % 5); on the training folds the factor with the most wrong corroborated pairs
parted net of right ones (pairs added counted against) is taken, off included, and scored on
the held-out fold. Prints each fold's pick, the held-out folds' total and each factor in sample.

``--classes``: the wrong corroborated pairs of the blind batches with the check off, each sorted
into a class by the words of its label's ``why`` note (another predicate, a background clause,
the rest), and per class how the predicate check passes it (``predicates.Predicates``) and what the
main-event check reads of it: for reading, not for tuning.

``--exempt``: the corroborated pairs of the default (every batch but ``NEVER``), by predicate
situation (both claims have a main event, one has none, neither: ``predicates.Predicates.situation``),
right and wrong per batch, and how strong their other evidence is: similarity, shared
participants, a figure or day slot, one quote, one claim naming the other's main event
(``Predicates.other_evidence``). For reading, not for tuning.

``--evidence-grid``: the evidence check's factors (``checks.EVIDENCE_FACTOR`` x
``EVIDENCE_NEITHER`` x the rare-root readings ``EVIDENCE_RARE``) by the same 5-fold CV, against
the check off (``bench_switches``' ``no-evidence``: the check is on by default since).

``--holders``: the default's corroborated pairs of which both claims are statements
(``compare/holders.py``), by whether one holder holds both, by other evidence (one quote, a
figure, a day) and by how alike their reported clauses are, right / wrong, in sample and on
``blind4``-``blind8`` (``--list``: the in-sample pairs of two holders tied by words only).

``--clause-tied-grid``: the clause check with its tie by named events in common
(``compare_story(clause_tied=True)``: ``checks.CLAUSE_FACTOR`` x ``checks.CLAUSE_TIE``,
``--clause-tie``) by the same 5-fold CV, against the default (the check off).

``--days-grid``: the occasion check's day reading (``compare_story(occasion_days=True)``):
``options.OCCASION_DAY_GAP`` days x ``OCCASION_DAY_UNDATED`` (a claim that writes no date: not
read, ``none``; dated by its article's day, ``article``; by the day its article told last before
it, ``narrative``) by the same 5-fold CV, against the default (the reading off); ``--read-blind``
fits on the blind batches already scored as well (every batch but ``blind11`` and ``blind12``).

``--modality-grid``: the modality check's wider readings (``compare_story(modality=True)``,
``checks.MODALITY_READINGS``: sets of headline, request, adverb, habitual, present joined by "-",
comma-separated; by default each reading alone, the four together, with "present", and the four
less each one) by the same 5-fold CV over every labelled batch of the file but ``blind12`` (its
held-out set), against the default (the reading off): its other blind batches were all read
while the readings were written.

``--holders-grid``: the holder check's factor (``checks.HOLDERS_FACTOR``) x tie
(``predicates.HOLDERS_TIE``, ``--tie-grid``) by the same 5-fold CV, against the default (the check off).
"""

from __future__ import annotations

import argparse
import hashlib
from collections import Counter

import numpy as np
from bench_switches import run, right
from bench_verdicts import annotate_cached, labelled_stories, locate, read_pairs

from storyline.compare import align, checks, compare_story, predicates  # noqa: E402
from storyline.compare.mainevent import main_event, stated  # noqa: E402
from storyline.compare.pairs import load_model  # noqa: E402
from storyline.compare.units import build_units  # noqa: E402
from storyline.options import PREDICATE_EVENTNESS  # noqa: E402

HELD_OUT = frozenset({"blind4", "blind5", "blind6", "blind7", "blind8", "blind9", "blind10", "blind11", "blind12"})
# labelled while this file's tables were made, then scored once by the lead (blind8-blind12):
# the tables leave them out
NEVER = frozenset({"blind8", "blind9", "blind10", "blind11", "blind12"})
# the lead's held-out batches of the holder check (not in this file's labels when it was built)
NEVER_HOLDERS = frozenset({"blind9", "blind10", "blind11", "blind12"})
# the held-out set of this round's checks (the speaker check, the wider modality reading): the fits
# that read the other blind batches (--modality-grid, --days-grid --read-blind, fit_speaker.py
# --read-blind) leave it out, as they did before it was in the file
UNREAD = frozenset({"blind12"})
FOLDS = 5
_READINGS = ("headline", "request", "adverb", "habitual")
MODALITY_GRID = ",".join([*_READINGS, "-".join(_READINGS), "-".join(_READINGS) + "-present",
                          *("-".join(x for x in _READINGS if x != r) for r in _READINGS)])
# words of a label's `why` note that name the class (benchmarks/docs/claims.md's class tables)
_BACKGROUND = ("relative clause", "participle", "framing", "appositive", "only on the subject", "unlike-phrase",
               "only frames")
_OTHER = ("two launches", "two flights", "two days", "other climbers", "two statements", "two speakers",
          "other participants", "fragment", "two check-ins", "other companies", "two months", "part of the fight",
          "opposite", "a part of", "(o'brien)")


def _fold(story: str) -> int:
    return int(hashlib.sha256(story.encode()).hexdigest(), 16) % FOLDS


def _net(out: dict, base: dict, by_id: dict, ids) -> tuple[int, int]:
    """(wrong, right) corroborated pairs parted from the baseline's groups (``base``), net of those added."""
    w = r = 0
    for i in ids:
        was, now = base[i][1], out.get(i, (False, False))[1]
        if was != now:
            sign = 1 if was else -1
            if right(by_id[i]):
                r += sign
            else:
                w += sign
    return w, r


def cross_validate(grid: list[str], cache: str | None, off: str = "main-event-1", names: list[str] | None = None,
                   left_out: frozenset = HELD_OUT | NEVER) -> None:
    """5-fold CV over stories of the settings ``names`` against ``off`` (the main-event factors
    of ``grid`` against the check off, unless ``names`` is given), on every batch but ``left_out``."""
    rows = [r for r in read_pairs() if r["batch"] not in left_out]
    by_id = {r["id"]: r for r in rows}
    stories = list(labelled_stories(rows))
    names = [off] + (names if names is not None else [f"main-event-{g}" for g in grid if float(g) != 1.0])
    res = {n: run(n, stories, cache)[1] for n in names}
    base = res[off]
    held_w = held_r = 0
    picks: Counter = Counter()
    for k in range(FOLDS):
        train = [i for i in base if _fold(by_id[i]["story"]) != k]
        test = [i for i in base if _fold(by_id[i]["story"]) == k]
        score = {n: _net(res[n], base, by_id, train) for n in names}
        best = max(names, key=lambda n: (score[n][0] - score[n][1], -score[n][1]))
        w, r = _net(res[best], base, by_id, test)
        held_w, held_r = held_w + w, held_r + r
        picks[best] += 1
        print(f"fold {k}: {best} (training folds: {score[best][0]} wrong / {score[best][1]} right parted), "
              f"held out: {w} wrong / {r} right")
    print(f"held-out folds together: {held_w} wrong / {held_r} right corroborated pairs parted; picks {dict(picks)}")
    for n in names:
        c = [i for i in base if res[n].get(i, (False, False))[1]]
        w, r = _net(res[n], base, by_id, base)
        print(f"{n}: in sample corroborated P {sum(right(by_id[i]) for i in c)}/{len(c)}, parted {w} wrong / {r} right")


def _class(r: dict) -> str:
    why = (r.get("why") or "").lower()
    if r["relation"] in ("revision", "conflict"):
        return "other"
    if any(k in why for k in _BACKGROUND):
        return "background clause"
    return "other" if any(k in why for k in _OTHER) else "another predicate"


def _mechanism(preds, i: int, j: int) -> str:
    I, J = np.array([i]), np.array([j])
    ki, kj = int(preds.key[i]), int(preds.key[j])
    if ki and ki == kj:
        return "one main predicate key"
    if preds._states(I, J)[0] or preds._states(J, I)[0]:
        return "one's predicate among the other's verbs"
    if not ki and not kj:
        return "neither has an event predicate"
    if not ki or not kj:
        return "one has no event predicate"
    return "two predicates, damped, grouped anyway"


def _reading(a: dict, b: dict, ev: dict) -> str:
    ma, mb = main_event(a, ev, PREDICATE_EVENTNESS), main_event(b, ev, PREDICATE_EVENTNESS)
    if not ma or not mb:
        return "a claim with no main event"
    if ma & mb:
        return "one main event"
    if ma & stated(b, ev, PREDICATE_EVENTNESS) or mb & stated(a, ev, PREDICATE_EVENTNESS):
        return "one's main event stated in the other's main clause"
    return "main events apart"


def _in_corroborated_groups(rows: list[dict], cache: str | None, main_event: bool = True):
    """(units, [(label, i, j)]) of each labelled story of ``rows``: the labelled pairs one
    corroborated group of the default (its main-event check as ``main_event``) holds, by the
    index of their two claim units."""
    for story, arts, labelled in labelled_stories(rows):
        anns = annotate_cached(arts, cache)
        where = locate(compare_story({"id": story}, arts, anns, [], method=align.METHOD_LEXICAL,
                                     main_event=main_event))
        units = build_units(arts, anns)
        at = {(u["article_id"], u["raw_start"]): u for u in units}
        pairs = []
        for r in labelled:
            ka, kb = ((r[s]["article_id"], r[s]["raw_start"]) for s in "ab")
            ga, gb = dict(where.get(ka, [])), dict(where.get(kb, []))
            if any(ga[g] == "corroborated" for g in ga.keys() & gb.keys()) and ka in at and kb in at:
                pairs.append((r, at[ka]["uid"], at[kb]["uid"]))
        yield units, pairs


def classes(cache: str | None) -> None:
    rows = [r for r in read_pairs() if r["batch"] in HELD_OUT - {"blind7"} - NEVER]
    ev = load_model().get("eventness", {})
    mech: Counter = Counter()
    reading: Counter = Counter()
    n: Counter = Counter()
    for units, pairs in _in_corroborated_groups(rows, cache, main_event=False):
        preds = predicates.Predicates(units)
        for r, i, j in pairs:
            c = "right" if right(r) else _class(r)
            n[c] += 1
            mech[(c, _mechanism(preds, i, j))] += 1
            reading[(c, _reading(units[i], units[j], ev))] += 1
    print("corroborated labelled pairs of " + ", ".join(sorted(HELD_OUT - {"blind7"} - NEVER)) + ": " +
          ", ".join(f"{c} {k}" for c, k in sorted(n.items())))
    for title, table in (("how the predicate check passes them", mech), ("what the main-event check reads", reading)):
        print(f"\n{title}:")
        for (c, m), k in sorted(table.items()):
            print(f"  {c:18} {m:52} {k}")


def _sim_bin(v: float) -> str:
    return "< 0.30" if v < 0.30 else "0.30-0.40" if v < 0.40 else ">= 0.40"


def _corroborated(rows: list[dict], cache: str | None):
    """(label, units, i, j, Predicates, similarity) of each labelled pair of ``rows`` that one
    corroborated group of the default holds, the Predicates built with the evidence and clause
    checks' readings (the default report is not changed by building them)."""
    for units, pairs in _in_corroborated_groups(rows, cache):
        with checks.evidence_setting(True), checks.clause_setting(True):
            preds = predicates.Predicates(units)
        if preds._main_rows is None:
            continue
        sim = align.similarity(units)
        for r, i, j in pairs:
            yield r, units, i, j, preds, sim


def exempt(cache: str | None) -> None:
    """The default's corroborated labelled pairs by predicate situation and other evidence."""
    rows = [r for r in read_pairs() if r["batch"] not in NEVER]
    names = ("both have a main event", "one has none", "neither has one")
    tally: Counter = Counter()
    for r, units, i, j, preds, sim in _corroborated(rows, cache):
        I, J = np.array([i]), np.array([j])
        sit = names[int(preds.situation(I, J)[0])]
        ok = "right" if right(r) else "wrong"
        lo, hi = min(i, j), max(i, j)
        ev = []
        if preds.figures is not None and preds.figures[lo, hi] > 0:
            ev.append("figure")
        if preds._days is not None and preds._days[lo, hi] > 0:
            ev.append("day")
        if preds._quoted[lo] and preds._quoted[hi] and preds._same_quote(lo, hi):
            ev.append("quote")
        k = int(preds._ent_rows[i].multiply(preds._ent_rows[j]).sum())
        if k >= 2:
            ev.append("2+ participants")
        if bool(preds.other_evidence(I, J)[0]) and not ev:
            ev.append("names the other's main event")
        batch = r["batch"] if r["batch"] in HELD_OUT else "in sample"
        tally[("batch", sit, batch, ok)] += 1
        tally[("sim", sit, _sim_bin(float(sim[i, j])), ok)] += 1
        tally[("participants", sit, str(min(k, 3)) + ("+" if k >= 3 else ""), ok)] += 1
        tally[("evidence", sit, "+".join(ev) or "none (words only)", ok)] += 1
        tally[("any", sit, "other evidence" if ev else "words only", ok)] += 1
    print(f"corroborated labelled pairs of the default, every batch but {', '.join(sorted(NEVER))}: right / wrong")
    for kind in ("batch", "any", "evidence", "participants", "sim"):
        print(f"\nby {kind}:")
        keys = sorted({(s_, v) for (k_, s_, v, _) in tally if k_ == kind}, key=lambda x: (names.index(x[0]), x[1]))
        for s_, v in keys:
            w, rt = tally[(kind, s_, v, "wrong")], tally[(kind, s_, v, "right")]
            print(f"  {s_:24} {v:32} {rt:4} / {w:4}   P {rt / (rt + w):.3f}")


def _speakers_apart(preds, a: dict, b: dict, i: int, j: int) -> bool:
    """Both claims attributed to a named source, two different ones, and not one quote."""
    sa, sb = (((u.get("attribution") or {}).get("source") or {}).get("entity") for u in (a, b))
    return bool(sa and sb and sa != sb) and not (preds._quoted[min(i, j)] and preds._quoted[max(i, j)]
                                                 and preds._same_quote(min(i, j), max(i, j)))


def situations(cache: str | None) -> None:
    """The default's corroborated labelled pairs of the in-sample batches (not ``HELD_OUT``, not
    ``NEVER``) by the situation a same-fact check could read, right / wrong, and the wrong ones
    by the class of their label's ``why`` note (``_class``)."""
    rows = [r for r in read_pairs() if r["batch"] not in HELD_OUT | NEVER]
    order = ("another claim's main event only in its background clause, its own main event apart",
             "another claim's main event only in its background clause, no main event of its own",
             "main events apart (the main-event check's pairs), otherwise",
             "two attributed statements, different sources, not one quote",
             "the rest")
    tally: Counter = Counter()
    for r, units, i, j, preds, sim in _corroborated(rows, cache):
        I, J = np.array([i]), np.array([j])
        old = predicates.CLAUSE_OWN
        try:
            predicates.CLAUSE_OWN = True
            own = bool(preds.clause_apart(I, J)[0])
            predicates.CLAUSE_OWN = False
            anyone = bool(preds.clause_apart(I, J)[0])
        finally:
            predicates.CLAUSE_OWN = old
        apart = bool(preds.main_apart(I, J)[0])  # (the default's factor, read when the Predicates were made)
        sit = (order[0] if own else order[1] if anyone else order[2] if apart
               else order[3] if _speakers_apart(preds, units[i], units[j], i, j) else order[4])
        ok = "right" if right(r) else "wrong"
        tally[(sit, ok)] += 1
        if ok == "wrong":
            tally[(sit, _class(r))] += 1
        if _speakers_apart(preds, units[i], units[j], i, j):
            tally[("(any situation) " + order[3], ok)] += 1
    print("corroborated labelled pairs of the default, in-sample batches (every batch but "
          f"{', '.join(sorted(HELD_OUT | NEVER))}): right / wrong, and the wrong ones by their label's class")
    for sit in order + ("(any situation) " + order[3],):
        rt, w = tally[(sit, "right")], tally[(sit, "wrong")]
        cls = ", ".join(f"{c} {tally[(sit, c)]}" for c in ("another predicate", "background clause", "other")
                        if tally[(sit, c)])
        print(f"  {sit:90} {rt:4} / {w:4}" + (f"   P {rt / (rt + w):.3f}" if rt + w else "") + (f"   ({cls})" if cls else ""))
def _holder_situation(a: dict, b: dict) -> str:
    if a.get("holder") is None or b.get("holder") is None:
        return "a holder not told"
    from storyline.compare.holders import same_holder

    return "one holder" if same_holder(a["holder"], b["holder"]) else "two holders"


def _alike_bin(v: float) -> str:
    return "< 0.15" if v < 0.15 else "0.15-0.30" if v < 0.30 else ">= 0.30"


def holders_classes(cache: str | None, show: bool = False) -> None:
    """The default's corroborated labelled pairs of which both claims are statements
    (``holders.holder_of``), by whether one holder holds both and how alike their reported
    clauses are (``holders.alike``), right / wrong, in sample and on the blind batches."""
    from storyline.compare.holders import alike, content, slot_tie

    rows = [r for r in read_pairs() if r["batch"] not in NEVER_HOLDERS]
    tally: Counter = Counter()
    n_corr: Counter = Counter()
    for units, pairs in _in_corroborated_groups(rows, cache):
        preds = predicates.Predicates(units)
        for r, i, j in pairs:
            a, b = units[i], units[j]
            ok = "right" if right(r) else "wrong"
            batch = "blind4-8" if r["batch"] in HELD_OUT else "in sample"
            n_corr[(batch, ok)] += 1
            if not (a.get("statement") and b.get("statement")):
                continue
            sit = _holder_situation(a, b)
            tie = bool(slot_tie(preds, np.array([i]), np.array([j]))[0])
            v = alike(content(a), content(b))
            tally[("situation", sit, "", batch, ok)] += 1
            tally[("tie", sit, "quote, figure or day" if tie else "words only", batch, ok)] += 1
            if not tie:
                tally[("alike", sit, _alike_bin(v), batch, ok)] += 1
            if show and sit == "two holders" and not tie and batch == "in sample":
                print(f"{ok:5} {v:.2f} [{a['holder']}] {a['text'][:110]!r}\n      [{b['holder']}] {b['text'][:110]!r}"
                      f"\n      why: {(r.get('why') or '')[:150]}")
    print("corroborated labelled pairs of the default (right / wrong): " +
          ", ".join(f"{bt} {n_corr[(bt, 'right')]} / {n_corr[(bt, 'wrong')]}" for bt in ("in sample", "blind4-8")))
    print("of them, both claims statements (a reported-speech or according-to source, a quote's speaker, a belief "
          "verb's subject), right / wrong (P):")
    for kind, title in (("situation", "holders"), ("tie", "holders x other evidence"),
                        ("alike", "holders, words only x reported clauses alike (Jaccard of content lemmas)")):
        print(f"\nby {title}:")
        print(f"  {'':22} {'':22} {'in sample':>20} {'blind4-8':>20}")
        for sit, v in sorted({(s_, v_) for (k_, s_, v_, _, _) in tally if k_ == kind}):
            cells = []
            for bt in ("in sample", "blind4-8"):
                rt, w = tally[(kind, sit, v, bt, "right")], tally[(kind, sit, v, bt, "wrong")]
                cells.append(f"{rt} / {w}" + (f" ({rt / (rt + w):.2f})" if rt + w else ""))
            print(f"  {sit:22} {v:22} {cells[0]:>20} {cells[1]:>20}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--grid", default="0.5,0.6,0.7,0.8", help="factors tried by the CV (comma-separated)")
    ap.add_argument("--classes", action="store_true", help="the blind batches' wrong corroborated pairs by class")
    ap.add_argument("--exempt", action="store_true", help="the default's corroborated pairs by predicate situation")
    ap.add_argument("--evidence-grid", default=None, help="the evidence check's EVIDENCE_FACTOR values tried by the CV")
    ap.add_argument("--neither-grid", default="1", help="with --evidence-grid: EVIDENCE_NEITHER values")
    ap.add_argument("--rare", default="event", help="with --evidence-grid: EVIDENCE_RARE readings (none, stated, event)")
    ap.add_argument("--situations", action="store_true",
                    help="the default's in-sample corroborated pairs by the situation a check could read")
    ap.add_argument("--clause-grid", default=None, help="the clause check's CLAUSE_FACTOR values tried by the CV")
    ap.add_argument("--clause-own", default="own,any", help="with --clause-grid: CLAUSE_OWN readings (own, any)")
    ap.add_argument("--clause-tied-grid", default=None,
                    help="the clause check with its tie (clause_tied): CLAUSE_FACTOR values tried by the CV")
    ap.add_argument("--clause-tie", default="2,3", help="with --clause-tied-grid: CLAUSE_TIE values")
    ap.add_argument("--holders-grid", default=None, help="the holder check's HOLDERS_FACTOR values tried by the CV")
    ap.add_argument("--tie-grid", default="0.3", help="with --holders-grid: HOLDERS_TIE values")
    ap.add_argument("--days-grid", default=None, help="the occasion check's day gaps (OCCASION_DAY_GAP) tried by the CV")
    ap.add_argument("--read-blind", action="store_true",
                    help="with --days-grid: fit on the blind batches already scored too (blind4-blind10; blind11 and blind12 left out)")
    ap.add_argument("--undated", default="none,article,narrative", help="with --days-grid: OCCASION_DAY_UNDATED readings")
    ap.add_argument("--modality-grid", nargs="?", const=MODALITY_GRID, default=None,
                    help="the modality check's wider reading sets tried by the CV (R-R,...; no value: the default grid)")
    ap.add_argument("--holders", action="store_true", help="the default's corroborated pairs of two statements, by holder")
    ap.add_argument("--list", action="store_true", help="with --holders: the in-sample pairs of two holders, words only")
    ap.add_argument("--cache", default=None, help="folder for cached annotations (outside the repo)")
    args = ap.parse_args()
    if args.modality_grid:
        names = [f"modality-{s}" for s in args.modality_grid.split(",")]
        cross_validate([], args.cache, off="default", names=names, left_out=UNREAD)
        how = f" --modality-grid {args.modality_grid}"
    elif args.days_grid:
        names = [f"occasion-days-{g}-{d}" for g in args.days_grid.split(",") for d in args.undated.split(",")]
        cross_validate([], args.cache, off="default", names=names,
                       left_out=frozenset({"blind11"}) | UNREAD if args.read_blind else HELD_OUT | NEVER)
        how = f" --days-grid {args.days_grid} --undated {args.undated}" + (" --read-blind" if args.read_blind else "")
    elif args.holders_grid:
        names = [f"holders-{f}-{t}" for f in args.holders_grid.split(",") for t in args.tie_grid.split(",")
                 if float(f) != 1.0]
        cross_validate([], args.cache, off="default", names=names)
        how = f" --holders-grid {args.holders_grid} --tie-grid {args.tie_grid}"
    elif args.holders:
        holders_classes(args.cache, args.list)
        how = " --holders" + (" --list" if args.list else "")
    elif args.classes:
        classes(args.cache)
        how = " --classes"
    elif args.exempt:
        exempt(args.cache)
        how = " --exempt"
    elif args.situations:
        situations(args.cache)
        how = " --situations"
    elif args.clause_tied_grid:
        names = [f"clause-tied-{f}-{t}" for f in args.clause_tied_grid.split(",") for t in args.clause_tie.split(",")
                 if float(f) != 1.0]
        # against the default without a clause check, as it was fitted (the tied check is the default now)
        cross_validate([], args.cache, off="no-clause-tied", names=names)
        how = f" --clause-tied-grid {args.clause_tied_grid} --clause-tie {args.clause_tie}"
    elif args.clause_grid:
        names = [f"clause-{f}-{o}" for f in args.clause_grid.split(",") for o in args.clause_own.split(",")
                 if float(f) != 1.0]
        cross_validate([], args.cache, off="no-clause-tied", names=names)  # the untied check against none
        how = f" --clause-grid {args.clause_grid} --clause-own {args.clause_own}"
    elif args.evidence_grid:
        names = [f"evidence-{f}-{g}-{r}" for f in args.evidence_grid.split(",") for g in args.neither_grid.split(",")
                 for r in args.rare.split(",") if (float(f), float(g)) != (1.0, 1.0)]
        cross_validate([], args.cache, off="no-evidence", names=names)
        how = f" --evidence-grid {args.evidence_grid} --neither-grid {args.neither_grid} --rare {args.rare}"
    else:
        cross_validate(args.grid.split(","), args.cache)
        how = " --grid " + args.grid
    print(f"\nreproduce: .venv/bin/python benchmarks/fit_mainevent.py{how}")


if __name__ == "__main__":
    main()
