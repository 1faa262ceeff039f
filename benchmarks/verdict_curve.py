"""How sure is a "corroborated" verdict, by the evidence behind it (issue 15): measured.

Every hand-labelled pair (benchmarks/data/verdict_pairs.jsonl) that the default
(lexical) comparison puts in one claim group gets evidence features of the pair and of
its group: the pair's similarity (``PairSimilarity``, the value the grouping reads), the
group's minimum and mean member-pair similarity across articles, its independent
origins and articles, whether the two claims share the main predicate (one inflection
key) or have compatible predicates (the predicate check), a named participant, a figure
of one counted thing, a resolved day, whether either holds a quote or is a secondary
member, and the claims' lengths in words.

Two populations: pairs in a corroborated group (right = labelled same fact and agree,
what bench_verdicts.py counts) and pairs in any group (right = labelled same fact). For
each, printed per batch group (in-sample = random, flagged, disputed, fresh, samefact,
revision2, recall, paraphrase; out of sample = roles, scored only with ``--roles``):

- the baseline: every grouped pair kept (the default's precision);
- (a) the pair similarity alone and (b) a logistic model over the features (scaled),
  each with its precision when only the top k% of pairs by score are kept (pooled
  out-of-fold scores for (b)), and a cut chosen for precision >= 0.95: nested
  cross-validation over stories (GroupKFold, 5 folds; ECB+ stories grouped by topic), the
  cut picked on the training folds' own out-of-fold scores and applied to the test fold;
  for ``--roles`` the model is fitted on all in-sample pairs and the cut picked on their
  out-of-fold scores, then roles is scored once.

Changes no decision: the report is the default's. ``--errors N`` lists the N
highest-scored wrong in-sample corroborated pairs, marking those the chosen cut keeps
(for reading).

Run:  PYTHONPATH=src .venv/bin/python benchmarks/verdict_curve.py --cache DIR [--roles] [--errors 10]
"""

from __future__ import annotations

import json
import time
from collections import defaultdict

import numpy as np

from bench_verdicts import annotate_cached, locate  # noqa: E402  (puts src/ on the path)
from pairdata import ROOT, wilson  # noqa: E402
from storyline.compare import _order_key, _validate, compare_story  # noqa: E402
from storyline.compare import align as A  # noqa: E402
from storyline.compare.origins import article_outlets, credit_units, mark_reuse  # noqa: E402
from storyline.compare.units import build_units  # noqa: E402
from verdict_sample import load_stories  # noqa: E402

IN_SAMPLE = ("random", "flagged", "disputed", "fresh", "samefact", "revision2", "recall", "paraphrase")
HELD_OUT = ("roles",)
TARGET = 0.95
MIN_KEPT = 10  # a cut must keep this many training pairs: a precision of 3/3 says nothing
FEATURES = ("sim", "group_min", "group_mean", "origins", "articles", "same_predicate", "compatible_predicates",
            "shared_participant", "shared_person", "shared_figure", "shared_day", "quote", "secondary",
            "words_min", "words_max")


def _days(u: dict) -> set[str]:
    return {d for d in (A._day(t.get("value")) for t in u["timexes"] if t.get("type") in ("DATE", "TIME"))
            if d and len(d) == 10}


def _surnames(u: dict) -> set[str]:
    return {t for p in (u.get("persons") or ()) for t in p.split()}


def story_units(arts, anns) -> tuple[list[dict], A.PairSimilarity, A.Predicates]:
    """The story's claim units as ``compare_story`` builds them (lexical path), their
    pair similarity (``align``'s, the one the grouping reads) and predicates."""
    anns = _validate({"id": "s"}, arts, anns)
    order = {ann["id"]: _order_key(ann, i) for i, ann in enumerate(anns)}
    units = build_units(arts, anns)
    credit_units(units, article_outlets(arts))
    mark_reuse(units, {a["id"]: a.get("text", "") for a in anns}, order)
    _, sim = A.align(units)
    preds = sim.preds if isinstance(sim, A.PairSimilarity) and sim.preds is not None else A.Predicates(units)
    return units, sim, preds


def _pair_values(sim, I: list[int], J: list[int]) -> np.ndarray:
    if not I:
        return np.zeros(0)
    return A.pair_values(sim, np.array(I, dtype=np.intp), np.array(J, dtype=np.intp))


def features(units, sim, preds, i: int, j: int, group: dict, uid: dict) -> dict:
    """Evidence of one grouped pair (units i, j) and of its group (report dict)."""
    a, b = units[i], units[j]
    mem = [uid[(m["article_id"], m["raw_start"])] for m in group["members"]]
    I, J = zip(*[(x, y) for n, x in enumerate(mem) for y in mem[n + 1:]
                 if units[x]["article_id"] != units[y]["article_id"]]) if len(mem) > 1 else ((), ())
    gv = _pair_values(sim, list(I), list(J))
    ii, jj = np.array([i]), np.array([j])
    sec = {(m["article_id"], m["raw_start"]) for m in group["members"] if m.get("secondary")}
    key = preds.key
    return {
        "sim": float(_pair_values(sim, [i], [j])[0]),
        "group_min": float(gv.min()) if len(gv) else 0.0, "group_mean": float(gv.mean()) if len(gv) else 0.0,
        "origins": group["independent_origins"], "articles": len(group["articles"]),
        "same_predicate": int(key[i] != 0 and key[i] == key[j]),
        "compatible_predicates": int(bool(preds.compatible(ii, jj)[0])),
        "shared_participant": int(bool(A._entity_keys(a) & A._entity_keys(b))),
        "shared_person": int(bool(_surnames(a) & _surnames(b))),
        "shared_figure": int(bool(A._figure_slots(a) & A._figure_slots(b))),
        "shared_day": int(bool(_days(a) & _days(b))),
        "quote": int(bool(a["quotes"] or b["quotes"])),
        "secondary": int(bool({(a["article_id"], a["raw_start"]), (b["article_id"], b["raw_start"])} & sec)),
        "words_min": min(len(a["text"].split()), len(b["text"].split())),
        "words_max": max(len(a["text"].split()), len(b["text"].split())),
    }


def _fold_key(source: str, story: str) -> str:
    """Cross-validation groups: an ECB+ topic's stories (ecb / ecbplus, first eight or
    all documents) are one group; a GVC incident, a MEANTIME story, the seeds one each."""
    return f"ecb{story.split('_')[0]}" if source == "ecb" else f"{source}:{story}"


def collect(rows: list[dict], cache: str | None) -> list[dict]:
    """One record per labelled pair the default groups: features, labels, verdict."""
    by_story = defaultdict(list)
    for r in rows:
        by_story[(r["source"], r["story"])].append(r)
    late = ("fresh", "samefact", "recall", "paraphrase", "roles")  # as bench_verdicts.py loads them
    stories = load_stories(more=any(r["story"].endswith(":all") and r["batch"] not in late for r in rows))
    stories += load_stories(fresh=True) + load_stories(revision2=True)
    out = []
    for source, story, arts in stories:
        labelled = by_story.get((source, story))
        if not labelled:
            continue
        anns = annotate_cached(arts, cache)
        report = compare_story({"id": story}, arts, anns, [], method=A.METHOD_LEXICAL)
        where = locate(report)
        gby = {g["id"]: g for g in report["groups"]}
        units, sim, preds = story_units(arts, anns)
        uid = {(u["article_id"], u["raw_start"]): n for n, u in enumerate(units)}
        for r in labelled:
            if r["same_fact"] is None:
                continue
            ka, kb = (r["a"]["article_id"], r["a"]["raw_start"]), (r["b"]["article_id"], r["b"]["raw_start"])
            if ka not in where or kb not in where:
                continue
            shared = [(g, v) for g, v in where[ka] if g in {x for x, _ in where[kb]}]
            if not shared:
                continue
            # the corroborated group when there is one (what the verdict counts), else the first
            g, v = sorted(shared, key=lambda gv: (gv[1] != "corroborated", int(gv[0][1:])))[0]
            f = features(units, sim, preds, uid[ka], uid[kb], gby[g], uid)
            out.append({"id": r["id"], "batch": r["batch"], "fold": _fold_key(source, story), "verdict": v,
                        "same": bool(r["same_fact"]), "agree": bool(r["same_fact"] and r["relation"] == "agree"),
                        "x": [float(f[k]) for k in FEATURES], "a": r["a"]["text"], "b": r["b"]["text"],
                        "label": "different fact" if not r["same_fact"] else r["relation"], "why": r.get("why"),
                        "story": f"{source} {story}"})
    return out


def _model():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000))


def _oof(X: np.ndarray, y: np.ndarray, groups: np.ndarray, folds: int = 5) -> np.ndarray:
    """Out-of-fold probabilities, GroupKFold over ``groups`` (deterministic)."""
    from sklearn.model_selection import GroupKFold

    p = np.zeros(len(y))
    k = min(folds, len(set(groups.tolist())))
    for tr, te in GroupKFold(n_splits=k).split(X, y, groups):
        if len(set(y[tr].tolist())) < 2:
            p[te] = float(y[tr].mean())
            continue
        p[te] = _model().fit(X[tr], y[tr]).predict_proba(X[te])[:, 1]
    return p


def pick_cut(score: np.ndarray, y: np.ndarray) -> float | None:
    """The lowest cut whose kept pairs (score >= cut, at least MIN_KEPT) are right
    >= TARGET: the most pairs kept at the precision asked. None: no cut reaches it."""
    best = None
    for t in sorted(set(score.tolist()), reverse=True):
        kept = score >= t
        if kept.sum() >= MIN_KEPT and y[kept].mean() >= TARGET:
            best = t
    return best


def nested_cv(X, y, groups, kind: str, folds: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """(kept by the cut chosen on the training folds, pooled test-fold scores) per pair:
    ``kind`` "sim" cuts the similarity (column 0), "model" the logistic probability."""
    from sklearn.model_selection import GroupKFold

    kept, score = np.zeros(len(y), dtype=bool), np.zeros(len(y))
    for tr, te in GroupKFold(n_splits=folds).split(X, y, groups):
        if kind == "sim":
            s_tr, s_te = X[tr, 0], X[te, 0]
        else:
            s_tr = _oof(X[tr], y[tr], groups[tr])
            s_te = _model().fit(X[tr], y[tr]).predict_proba(X[te])[:, 1]
        cut = pick_cut(s_tr, y[tr])
        score[te] = s_te
        kept[te] = s_te >= cut if cut is not None else False
    return kept, score


def _pci(right: int, n: int) -> str:
    if not n:
        return "not measured"
    lo, hi = wilson(right, n)
    return f"{right / n:.3f} ({right}/{n}) [{lo:.2f}-{hi:.2f}]"


def _p(right: int, n: int) -> str:
    return f"{right / n:.3f} ({right}/{n})" if n else "not measured"


def curve_line(score: np.ndarray, y: np.ndarray, shares=(1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2)) -> str:
    """Precision of the top share of pairs by score (ties broken by order: stable)."""
    o = np.argsort(-score, kind="stable")
    cells = []
    for s in shares:
        k = max(1, int(round(s * len(y))))
        cells.append(f"{y[o[:k]].mean():.3f}")
    return " | ".join(cells)


def table(recs: list[dict], label: str, title: str, roles: list[dict] | None, gold: dict[str, int]) -> list[tuple]:
    """Print one population's figures; returns its in-sample wrong pairs, highest
    out-of-fold model score first: (record, score, kept by the model's cut)."""
    X = np.array([r["x"] for r in recs])
    y = np.array([r[label] for r in recs], dtype=float)
    groups = np.array([r["fold"] for r in recs])
    print(f"\n## {title}: {len(recs)} in-sample pairs, {int(y.sum())} right; "
          f"{len(set(groups.tolist()))} CV groups (stories; ECB+ by topic)")
    print(f"labelled right pairs of these batches (grouped or not): {gold['in']}"
          + (f"; roles {gold['roles']}" if roles is not None else ""))
    shares = (1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2)
    print("\nprecision of the top share of pairs by score (in-sample; (b) pooled out-of-fold):")
    print("| score | " + " | ".join(f"top {int(s * 100)}%" for s in shares) + " |")
    print("|---|" + "---|" * len(shares))
    oof = _oof(X, y, groups)
    print(f"| (a) pair similarity | {curve_line(X[:, 0], y, shares)} |")
    print(f"| (b) logistic model | {curve_line(oof, y, shares)} |")
    print(f"\ncut for precision >= {TARGET} (nested CV over stories, 5 folds; kept = share of the grouped pairs "
          "that stay; R = right pairs kept / labelled right pairs of the batches):")
    print("| decision | pairs | P [Wilson 95%] | kept | R |")
    print("|---|---|---|---|---|")
    n, right = len(y), int(y.sum())
    print(f"| baseline: every grouped pair | in-sample CV | {_pci(right, n)} | 1.000 | {_p(right, gold['in'])} |")
    out, kept_by = [], {}
    for kind, name in (("sim", "(a) pair similarity"), ("model", "(b) logistic model")):
        kept, _ = nested_cv(X, y, groups, kind)
        kept_by[kind] = kept
        k, kr = int(kept.sum()), int(y[kept].sum())
        print(f"| {name} | in-sample CV | {_pci(kr, k)} | {k / n:.3f} ({k}/{n}) | {_p(kr, gold['in'])} |")
    batches = [b for b in IN_SAMPLE if any(r["batch"] == b for r in recs)]
    print("\nper in-sample batch (nested CV): baseline P / (b) model P, kept")
    for b in batches:
        m = np.array([r["batch"] == b for r in recs])
        km = kept_by["model"] & m
        print(f"  {b:10} {_p(int(y[m].sum()), int(m.sum())):18} / {_p(int(y[km].sum()), int(km.sum())):18} "
              f"kept {km.sum() / m.sum():.3f}")
    # the cuts for the held-out check: picked on all in-sample pairs (the model's on its OOF scores)
    cut_a, cut_b = pick_cut(X[:, 0], y), pick_cut(oof, y)
    final = _model().fit(X, y)
    print(f"\ncuts picked on all in-sample pairs: similarity >= {cut_a if cut_a is None else round(cut_a, 4)}, "
          f"model probability >= {cut_b if cut_b is None else round(cut_b, 4)}")
    out = [(recs[i], float(oof[i]), cut_b is not None and oof[i] >= cut_b)
           for i in np.argsort(-oof, kind="stable") if not y[i]]
    coef = final[-1].coef_[0]
    print("model weights (scaled features): " + ", ".join(f"{f} {c:+.2f}" for f, c in zip(FEATURES, coef)))
    if roles is not None:
        Xr = np.array([r["x"] for r in roles])
        yr = np.array([r[label] for r in roles], dtype=float)
        n, right = len(yr), int(yr.sum())
        print("\nroles (out of sample, scored once):")
        print("| decision | pairs | P [Wilson 95%] | kept | R |")
        print("|---|---|---|---|---|")
        print(f"| baseline: every grouped pair | roles | {_pci(right, n)} | 1.000 | {_p(right, gold['roles'])} |")
        held_wrong = []
        for cut, s, name in ((cut_a, Xr[:, 0], "(a) pair similarity"),
                             (cut_b, final.predict_proba(Xr)[:, 1], "(b) logistic model")):
            kept = s >= cut if cut is not None else np.zeros(n, dtype=bool)
            held_wrong = [roles[i] for i in np.flatnonzero(kept & (yr == 0))]  # the model's, the last
            k, kr = int(kept.sum()), int(yr[kept].sum())
            print(f"| {name} | roles | {_pci(kr, k)} | {k / n:.3f} ({k}/{n}) | {_p(kr, gold['roles'])} |")
        print("precision of the top share on roles: (a) " + curve_line(Xr[:, 0], yr) +
              "; (b) " + curve_line(final.predict_proba(Xr)[:, 1], yr))
        return out, held_wrong
    return out, []


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", default=None, help="folder for cached annotations (outside the repo)")
    ap.add_argument("--roles", action="store_true", help="also score the out-of-sample batch roles (once, at the end)")
    ap.add_argument("--errors", type=int, default=0, metavar="N",
                    help="list the N highest-scored wrong in-sample corroborated pairs (those the model's cut keeps marked)")
    args = ap.parse_args()
    t0 = time.time()
    rows = [json.loads(line) for line in (ROOT / "benchmarks/data/verdict_pairs.jsonl").open(encoding="utf-8")]
    rows = [r for r in rows if r["batch"] in IN_SAMPLE + (HELD_OUT if args.roles else ())]
    unknown = sorted({r["batch"] for r in rows} - set(IN_SAMPLE + HELD_OUT))
    if unknown:
        raise SystemExit(f"verdict_pairs.jsonl: batches {unknown} are neither in-sample nor held out here")
    recs = collect(rows, args.cache)
    gold = {k: sum(1 for r in rows if r["same_fact"] and (r["batch"] in HELD_OUT) == (k == "roles"))
            for k in ("in", "roles")}
    gold_agree = {k: sum(1 for r in rows if r["same_fact"] and r["relation"] == "agree"
                         and (r["batch"] in HELD_OUT) == (k == "roles")) for k in ("in", "roles")}
    ins = [r for r in recs if r["batch"] in IN_SAMPLE]
    held = [r for r in recs if r["batch"] in HELD_OUT] if args.roles else None
    wrong, held_wrong = table([r for r in ins if r["verdict"] == "corroborated"], "agree",
                  "corroborated groups (right = same fact, agree)",
                  None if held is None else [r for r in held if r["verdict"] == "corroborated"], gold_agree)
    if args.errors:
        print(f"\nthe {args.errors} highest-scored wrong corroborated pairs (in-sample, out-of-fold model probability):")
    for r, p, kept in wrong[:args.errors]:
        print(f"  #{r['id']} p={p:.3f}{' kept by the cut' if kept else ''} ({r['story']}, {r['batch']}), "
              f"labelled {r['label']}{': ' + r['why'] if r['why'] else ''}\n    a: {r['a'][:160]}\n    b: {r['b'][:160]}")
    if args.errors and held_wrong:
        print("the wrong roles corroborated pairs the model's cut keeps:")
    for r in held_wrong if args.errors else ():
        print(f"  #{r['id']} ({r['story']}), labelled {r['label']}{': ' + r['why'] if r['why'] else ''}\n"
              f"    a: {r['a'][:160]}\n    b: {r['b'][:160]}")
    table(ins, "same", "any group (right = same fact)", held, gold)
    print(f"\n({time.time() - t0:.0f} s)  reproduce: .venv/bin/python benchmarks/verdict_curve.py --cache DIR"
          + (" --roles" if args.roles else "") + (f" --errors {args.errors}" if args.errors else ""))


if __name__ == "__main__":
    main()
