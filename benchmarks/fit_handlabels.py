"""The same-fact veto (compare/veto.py) fitted on the hand-labelled pairs, cross-validated by story.

    PYTHONPATH=src .venv/bin/python benchmarks/fit_handlabels.py [--cache DIR] [--folds 5] [--out FILE | --write]

Data: benchmarks/data/verdict_pairs.jsonl (or ``--pairs FILE``): every labelled pair whose
two claims are units of the story's comparison (the same stories and annotations as
bench_verdicts.py), but the blind batches of ``HELD_OUT``. Features: ``veto.FEATURES`` of the real pipeline's units and similarity
(the pair model's slot agreements and proposition checks, the lexical default's predicate
check, participants, background clauses). Model: a logistic regression (standardised,
L2, C=``--C``) for ``same_fact``.

Cross-validation: GroupKFold over stories (a story and its ``:all`` form are one group:
never pairs of one story in train and test). In each fold the model is fitted on the
training stories and its threshold chosen on them only: inner out-of-fold probabilities
(GroupKFold over the training stories), and among the training pairs the lexical default
puts in a corroborated group, the threshold of the grid with the highest F0.5 of
corroborated (precision counted twice; recall over all training pairs labelled agree).
The held-out stories are then compared as the pipeline compares them, with the fold's
model vetoing the default's groups (``compare_story(..., veto=model)``), and scored as
bench_verdicts.py scores them; the lexical default on the same stories beside.
``--out FILE`` / ``--write`` fit on every pair (threshold by the same rule on the
out-of-fold probabilities) and write the model (``--write``: the packaged
src/storyline/data/veto_model.json).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict

import numpy as np
from bench_verdicts import annotate_cached, locate, read_pairs, labelled_stories, score_report

from pairdata import ROOT  # noqa: E402  (puts src/ on the path)
from storyline.compare import _order_key, _secondary_lexical, compare_story  # noqa: E402
from storyline.compare import align, grouping, veto  # noqa: E402
from storyline.compare.origins import article_outlets, credit_units, mark_reuse  # noqa: E402
from storyline.compare.units import build_units  # noqa: E402

GRID = [round(x, 3) for x in np.arange(0.05, 0.951, 0.025)]


def story_units(arts, anns):
    """The units, lexical similarity, groups and memberships of a story as ``compare_story``
    builds them (the lexical default, no veto)."""
    anns = [{**a, "id": a.get("id") or art.id} for art, a in zip(arts, anns)]
    units = build_units(arts, anns)
    credit_units(units, article_outlets(arts))
    order = {a["id"]: _order_key(a, i) for i, a in enumerate(anns)}
    mark_reuse(units, {a["id"]: a.get("text", "") for a in anns}, order)
    raw, sim = align.align(units)
    raw = grouping.recall_join(units, raw, sim)
    raw = grouping.split_not_one_fact(units, raw, sim)
    raw = grouping.split_weak_links(units, raw, sim)
    raw = grouping.merge_fragments(units, raw, sim)
    mem = _secondary_lexical(units, raw, sim)
    mem = grouping.recall_secondary(units, raw, mem, sim)
    return units, sim, raw, mem


LINKS = ("none", "direct", "chained", "second")


def link_kind(i, j, s, raw, mem) -> int:
    """How the default holds a pair (index into ``LINKS``): one group with the pair's own
    similarity ``s`` at the threshold or more (direct) or below it (chained: a bridging
    claim), through a second membership, or not at all."""
    if any(i in g and j in g for g in raw):
        return 1 if s >= align.THRESHOLD else 2
    return 3 if any(i in g and j in g for g in mem) else 0


def collect(rows, cache):
    """Per labelled pair: features, label, story group, and whether the lexical default's
    report puts it in a corroborated group; and each story's (id, articles, annotations, pairs)."""
    X, y, grp, corr, agree, ids, kind = [], [], [], [], [], [], []
    stories = []
    for story, arts, labelled in labelled_stories(rows, everything=True):
        anns = annotate_cached(arts, cache)
        stories.append((story, arts, anns, labelled))
        units, sim, raw, mem = story_units(arts, anns)
        at = {(u["article_id"], u["raw_start"]): i for i, u in enumerate(units)}
        where = locate(compare_story({"id": story}, arts, anns, [], veto=False))
        key = lambda side: (side["article_id"], side["raw_start"])  # noqa: E731
        keep = [r for r in labelled if r["same_fact"] is not None and key(r["a"]) in at and key(r["b"]) in at]
        if not keep:
            continue
        I = np.array([at[(r["a"]["article_id"], r["a"]["raw_start"])] for r in keep])
        J = np.array([at[(r["b"]["article_id"], r["b"]["raw_start"])] for r in keep])
        rows_x = veto.PairReader(units, sim).rows(I, J)
        X.append(rows_x)
        s_col = rows_x[:, veto.FEATURES.index("sim")]
        kind += [link_kind(int(i), int(j), float(v), raw, mem) for i, j, v in zip(I, J, s_col)]
        for r in keep:
            ka, kb = (r["a"]["article_id"], r["a"]["raw_start"]), (r["b"]["article_id"], r["b"]["raw_start"])
            shared = {g for g, _ in where.get(ka, ())} & {g for g, _ in where.get(kb, ())}
            corr.append(any(v == "corroborated" for g, v in where.get(ka, ()) if g in shared))
            y.append(bool(r["same_fact"]))
            agree.append(bool(r["same_fact"]) and r["relation"] == "agree")
            grp.append(story.split(":")[0])
            ids.append(r["id"])
    return (np.vstack(X), np.array(y), np.array(grp), np.array(corr), np.array(agree), ids, stories, np.array(kind))


def fit(X, y, C):
    from sklearn.linear_model import LogisticRegression

    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=C, max_iter=2000).fit((X - mean) / scale, y)
    names = list(veto.FEATURES)
    return {"features": names, "coef": dict(zip(names, np.round(lr.coef_[0], 6).tolist())),
            "intercept": round(float(lr.intercept_[0]), 6),
            "mean": dict(zip(names, np.round(mean, 6).tolist())),
            "scale": dict(zip(names, np.round(scale, 6).tolist()))}


def oof(X, y, grp, C, folds):
    """Out-of-fold probabilities, GroupKFold over ``grp``."""
    from sklearn.model_selection import GroupKFold

    p = np.zeros(len(y))
    for tr, te in GroupKFold(n_splits=folds).split(X, y, grp):
        p[te] = veto.probabilities(X[te], fit(X[tr], y[tr], C))
    return p


def curve(p, corr, agree):
    """Per threshold: (kept right, kept) of the pairs in corroborated groups, and all agree pairs."""
    return {t: (int((corr & agree & (p >= t)).sum()), int((corr & (p >= t)).sum()), int(agree.sum())) for t in GRID}


def pick(p, corr, agree) -> float:
    """The grid threshold with the highest F0.5 of corroborated (ties: the lower)."""
    best, bt = -1.0, GRID[0]
    for t, (k, n, g) in curve(p, corr, agree).items():
        pr, rc = (k / n if n else 0.0), (k / g if g else 0.0)
        f = 1.25 * pr * rc / (0.25 * pr + rc) if pr + rc else 0.0
        if f > best + 1e-12:
            best, bt = f, t
    return bt


def pick_net(p, corr, agree, among, cost: float = 1.0) -> float:
    """The threshold parting the most wrong corroborated pairs net of right ones (wrong parted
    - ``cost`` x right parted, pair by pair) among the pairs ``among`` selects: 0 (part none)
    when no grid threshold gains (ties: the lower)."""
    sel = corr & among
    best, bt = 0, 0.0
    for t in GRID:
        low = sel & (p < t)
        net = int((low & ~agree).sum()) - cost * int((low & agree).sum())
        if net > best:
            best, bt = net, t
    return bt


def thresholds_for(p, corr, agree, kind, rule: str, direct: str, acts: str = "both") -> tuple[float, float | None]:
    """(weak-link threshold, direct-link threshold or None for one threshold) by the rule:
    ``f05`` the highest F0.5 of corroborated over all pairs (veto-1); ``net`` the most wrong
    pairs parted net of right ones. ``direct``: ``same`` one threshold for every pair,
    ``keep`` never veto a direct link, ``fit`` its own threshold by the rule on direct pairs."""
    weak = (kind == 3) if acts == "second" else (kind == 2) | (kind == 3)
    if rule == "f05":
        t = pick(p, corr, agree) if direct == "same" else pick(np.where(weak, p, 1.0), corr, agree)
    else:
        cost = {"net": 1.0, "net2": 2.0, "net3": 3.0}[rule]
        t = pick_net(p, corr, agree, np.ones(len(p), bool) if direct == "same" else weak, cost)
    if direct == "same":
        return t, None
    if direct == "keep":
        return t, 0.0
    return t, pick_net(p, corr, agree, kind == 1, cost)


def _r(a, b):
    return f"{a / b:.3f} ({a}/{b})" if b else "not measured"


# blind batches labelled for a decision not yet frozen: never fitted on, scored once with bench_verdicts.py
HELD_OUT = frozenset({"blind5", "blind6", "blind7", "blind8", "blind9", "blind10", "blind11", "blind12"})


def main() -> None:
    from sklearn.model_selection import GroupKFold

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", default=None, help="folder for cached annotations (outside the repo)")
    ap.add_argument("--pairs", default=None, metavar="FILE", help="labelled pairs (default: verdict_pairs.jsonl)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--C", type=float, default=1.0, help="inverse L2 strength of the logistic regression")
    ap.add_argument("--out", default=None, metavar="FILE", help="fit on every pair and write the model here")
    ap.add_argument("--write", action="store_true", help="... to the packaged src/storyline/data/veto_model.json")
    ap.add_argument("--exempt-slots", action="store_true",
                    help="never veto a pair holding a figure of one counted thing about someone both name (one slot: "
                         "left to the conflict and scope rules)")
    ap.add_argument("--rule", choices=("f05", "net", "net2", "net3"), default="f05",
                    help="threshold rule: f05 the highest F0.5 of corroborated (veto-1); net the most wrong "
                         "corroborated pairs parted net of right ones (net2, net3: a right pair parted counts 2, 3 times)")
    ap.add_argument("--direct", choices=("same", "keep", "fit"), default="same",
                    help="direct links (own similarity at the default's threshold or more): same one threshold "
                         "(veto-1), keep never vetoed, fit a threshold of their own by the rule")
    ap.add_argument("--acts", choices=("both", "second"), default="both",
                    help="where the veto acts: both (groups cut and second memberships refused, veto-1) or second "
                         "(only second memberships refused; groups kept whole)")
    ap.add_argument("--name", default="veto-1", help="model name written with --out/--write")
    ap.add_argument("--date", default=time.strftime("%Y-%m-%d"),
                    help="the fit's date in the written provenance (default: the day it is run)")
    ap.add_argument("--at", default=None, metavar="T1,T2,...",
                    help="also score the pipeline out of fold with these fixed thresholds (the model still fitted "
                         "per fold): the curve, for reading, not for choosing")
    args = ap.parse_args()
    t0 = time.time()
    rows = read_pairs(args.pairs)
    held = [r for r in rows if r["batch"] in HELD_OUT]
    rows = [r for r in rows if r["batch"] not in HELD_OUT]
    if held:
        print(f"{len(held)} pairs of the blind batches {sorted(HELD_OUT)} left out of fitting (scored once, after)")
    X, y, grp, corr, agree, ids, stories, kind = collect(rows, args.cache)
    print(f"{len(y)} labelled pairs with both claims in the comparison ({int(y.sum())} same fact), "
          f"{len(set(grp))} story groups; {int(corr.sum())} in a corroborated group of the lexical default")
    # pair level, out of fold (the whole inner procedure per fold): same-fact P/R of p >= t
    p_all = oof(X, y, grp, args.C, args.folds)
    from sklearn.metrics import roc_auc_score

    print(f"same fact, out of fold: ROC AUC model {roc_auc_score(y, p_all):.3f}, "
          f"lexical similarity alone {roc_auc_score(y, X[:, veto.FEATURES.index('sim')]):.3f}")
    print("pairs in the default's corroborated groups kept by p >= t (out of fold; corroborated P / R approx.):")
    for t, (k, n, g) in curve(p_all, corr, agree).items():
        if round(t * 40) % 4 == 2 or t in (0.05,):
            print(f"  t {t:.3f}: P {_r(k, n)}  R {_r(k, g)}")
    # the pipeline, out of fold
    st_v, st_b = defaultdict(int), defaultdict(int)
    fixed = [float(x) for x in args.at.split(",")] if args.at else []
    st_at = {t: defaultdict(int) for t in fixed}
    groups_of = {s: s.split(":")[0] for s, *_ in stories}
    folds = list(GroupKFold(n_splits=args.folds).split(X, y, grp))
    thresholds: list[float] = []
    for k, (tr, te) in enumerate(folds):
        model = fit(X[tr], y[tr], args.C)
        inner = oof(X[tr], y[tr], grp[tr], args.C, args.folds - 1)
        model["threshold"], td = thresholds_for(inner, corr[tr], agree[tr], kind[tr], args.rule, args.direct, args.acts)
        if td is not None:
            model["threshold_direct"] = td
        if args.exempt_slots:
            model["exempt"] = "figure_slot"
        if args.acts != "both":
            model["acts"] = args.acts
        test = set(grp[te])
        sv, sb = defaultdict(int), defaultdict(int)
        for story, arts, anns, labelled in stories:
            if groups_of[story] not in test:
                continue
            score_report(compare_story({"id": story}, arts, anns, [], veto=model), labelled, sv)
            score_report(compare_story({"id": story}, arts, anns, [], veto=False), labelled, sb)
            for t in fixed:
                score_report(compare_story({"id": story}, arts, anns, [], veto={**model, "threshold": t}), labelled,
                             st_at[t])
        for a, b in ((st_v, sv), (st_b, sb)):
            for key, v in b.items():
                a[key] += v
        thresholds.append((model["threshold"], td))
        print(f"fold {k}: {len(test)} stories, {len(te)} pairs, threshold {model['threshold']:.3f}"
              + (f" direct {td:.3f}" if td is not None else "") + " (training folds): "
              f"corroborated P {_r(sv['right:corroborated'], sv['pred:corroborated'])} "
              f"R {_r(sv['found:corroborated'], sv['gold:corroborated'])}; lexical "
              f"P {_r(sb['right:corroborated'], sb['pred:corroborated'])} "
              f"R {_r(sb['found:corroborated'], sb['gold:corroborated'])}")
    for name, st in [("veto (threshold of the training folds)", st_v)] + [(f"veto at {t:.2f}", st_at[t]) for t in fixed]:
        rp = st_b["right:corroborated"] - st["right:corroborated"]
        wp = (st_b["pred:corroborated"] - st_b["right:corroborated"]) - (st["pred:corroborated"] - st["right:corroborated"])
        print(f"{name}: wrong corroborated pairs parted {wp}, right parted {rp} (net of pairs turned corroborated)")
    print("pairs in the default's corroborated groups by link kind (out-of-fold p of the whole-set CV):")
    for k_, name in enumerate(LINKS[1:], 1):
        sel = corr & (kind == k_)
        print(f"  {name}: {int(sel.sum())} pairs, right {int((sel & agree).sum())}")
    print("\nout of fold, as the pipeline compares (held-out stories of each fold together):")
    print("| | same fact P | same fact R | corroborated P | corroborated R | conflicting (finding) P | "
          "single-source stated elsewhere |")
    print("|---|---|---|---|---|---|---|")
    rows_out = [("lexical (default)", st_b), ("lexical + veto (threshold of the training folds)", st_v)]
    rows_out += [(f"lexical + veto at {t:.2f}", st_at[t]) for t in fixed]
    for name, st in rows_out:
        print(f"| {name} | {_r(st['both_same'], st['pred_same'])} | {_r(st['both_same'], st['gold_same'])} | "
              f"{_r(st['right:corroborated'], st['pred:corroborated'])} | "
              f"{_r(st['found:corroborated'], st['gold:corroborated'])} | "
              f"{_r(st['nright:conflicting'], st['npred:conflicting'])} / "
              f"{_r(st['nfound:conflicting'], st['gold:conflicting'])} | {_r(st['single_elsewhere'], st['single'])} |")
    if args.out or args.write:
        model = fit(X, y, args.C)
        model["threshold"], td = thresholds_for(p_all, corr, agree, kind, args.rule, args.direct, args.acts)
        if td is not None:
            model["threshold_direct"] = td
        model["name"] = args.name
        if args.acts != "both":
            model["acts"] = args.acts
        if args.exempt_slots:
            model["exempt"] = "figure_slot"
        pv, pb = st_v, st_b
        model["provenance"] = {
            "data": "benchmarks/data/verdict_pairs.jsonl (hand labels; seeds, GVC val, ECB+ dev)",
            "pairs": int(len(y)), "same_fact": int(y.sum()), "stories": len(set(grp)),
            "model": f"logistic regression, standardised, L2 C={args.C}",
            "threshold_rule": ("grid 0.05-0.95 step 0.025, highest F0.5 of corroborated among the pairs the lexical "
                               "default puts in corroborated groups, on out-of-fold probabilities") if args.rule == "f05"
                              else ("grid 0.05-0.95 step 0.025 (or 0: none), the highest wrong corroborated pairs "
                                    f"parted - {dict(net=1, net2=2, net3=3)[args.rule]} x right ones (pair by pair, "
                                    "out-of-fold probabilities) among the pairs the lexical default puts in "
                                    "corroborated groups"),
            "direct_links": {"same": "one threshold for every pair",
                             "keep": "a direct link (own similarity >= the default's threshold) is never vetoed",
                             "fit": "direct links have their own threshold by the same rule"}[args.direct],
            "cv": f"GroupKFold {args.folds} over stories; pipeline out of fold: corroborated P "
                  f"{pv['right:corroborated']}/{pv['pred:corroborated']} R {pv['found:corroborated']}/"
                  f"{pv['gold:corroborated']} (lexical default {pb['right:corroborated']}/{pb['pred:corroborated']} "
                  f"R {pb['found:corroborated']}/{pb['gold:corroborated']}); wrong corroborated pairs parted "
                  f"{(pb['pred:corroborated'] - pb['right:corroborated']) - (pv['pred:corroborated'] - pv['right:corroborated'])}"
                  f", right parted {pb['right:corroborated'] - pv['right:corroborated']}; fold thresholds "
                  + ", ".join(f"{t:.3f}" + (f"/{d:.3f}" if d is not None else "") for t, d in thresholds),
            "exempt": "figure_slot" if args.exempt_slots else "none",
            "date": args.date,
            "command": "PYTHONPATH=src python benchmarks/fit_handlabels.py --cache DIR --write"
                       + (" --exempt-slots" if args.exempt_slots else "")
                       + (f" --rule {args.rule}" if args.rule != "f05" else "")
                       + (f" --direct {args.direct}" if args.direct != "same" else "")
                       + (f" --acts {args.acts}" if args.acts != "both" else "")
                       + (f" --name {args.name}" if args.name != "veto-1" else ""),
        }
        path = ROOT / "src/storyline/data" / veto.MODEL_FILE if args.write else args.out
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(model, fh, indent=1)
            fh.write("\n")
        print(f"\nwrote {path} (threshold {model['threshold']:.3f}"
              + (f", direct {td:.3f}" if td is not None else "") + "); coefficients (standardised):")
        for f, c in sorted(model["coef"].items(), key=lambda x: -abs(x[1])):
            print(f"  {f:20} {c:+.3f}")
    print(f"\n({time.time() - t0:.0f} s)  reproduce: PYTHONPATH=src .venv/bin/python benchmarks/fit_handlabels.py"
          + (f" --pairs {args.pairs}" if args.pairs else "") + (f" --C {args.C}" if args.C != 1.0 else "")
          + (" --exempt-slots" if args.exempt_slots else "") + (f" --at {args.at}" if args.at else "")
          + (f" --rule {args.rule}" if args.rule != "f05" else "") + (f" --direct {args.direct}" if args.direct != "same" else "")
          + (f" --acts {args.acts}" if args.acts != "both" else ""))


if __name__ == "__main__":
    main()
