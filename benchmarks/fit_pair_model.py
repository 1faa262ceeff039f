"""Fit the claim-pair decision (src/storyline/data/pair_model.json) on ECB+ dev topics.

Every gold story (topic x ecb/ecbplus) of the training topics is compared as one story;
its candidate claim pairs (compare.pairs.candidates: the sparse index, never all pairs)
get the features of compare.pairs.features and a label: 1 when the two claims'
sentences share a gold cross-document event chain, 0 when both sentences are annotated
and share none (pairs with an unannotated sentence are left out). A logistic regression
is cross-validated over topics (GroupKFold): its out-of-fold probabilities are grouped
exactly as compare does, and the threshold is the lowest one whose pooled pair precision
reaches the target (precision first), printed with recall@1/@2 beside the lexical
baseline. The final model is fitted on all training topics.

Held-out topics (28-35 by default) are never used here unless ``--heldout`` is given,
which prints their figures once with the committed model and fits nothing.

``--embed`` (needs the ``embeddings`` extra) adds the MiniLM cosine of the two claims'
texts as one more feature, and prints that cosine's own curve (grouped the same way, on
the same candidate pairs); ``--folds-detail`` prints the per-fold figures at the chosen
threshold beside the baseline's, to read a difference against the fold noise.

Run:  .venv/bin/python benchmarks/fit_pair_model.py [--cache DIR] [--write] [--embed] [--folds-detail]
      .venv/bin/python benchmarks/fit_pair_model.py --heldout [--embed]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

import pairdata  # noqa: F401  (puts src/ on the path)
from storyline.compare import pairmodel, pairs as P  # noqa: E402
from storyline.compare.units import build_units  # noqa: E402
from storyline.eval.alignment import Scorer, sentence_chains  # noqa: E402

HELDOUT = {str(t) for t in range(28, 36)}
TARGET_PRECISION = 0.97
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.97)


TRIG = [P.FEATURES.index("trigger"), P.FEATURES.index("triggers")]
PROP = list(range(P.FEATURES.index("pred_same"), P.FEATURES.index("pred_same") + 9))  # proposition_checks


def mention_lemmas(articles, events):
    """Per document and sentence: the normalised lemmas of its gold event mentions."""
    from storyline import nlp

    model = nlp.load()
    texts, keys = [], []
    for a in articles:
        for m in events.get(a.id, []):
            texts.append(m["text"])
            keys.append((a.id, m["start"]))
    out = {}
    off = [p for p in ("parser", "ner") if p in model.pipe_names]
    for key, doc in zip(keys, model.pipe(texts, batch_size=256, disable=off)):
        out[key] = {P._norm(t.lemma_) for t in doc if not t.is_punct and not t.is_stop}
    return out


def eventness(data, anns, events, mlem):
    """Lemma -> share of its occurrences in annotated sentences that name a gold event."""
    seen, hit = defaultdict(int), defaultdict(int)
    for d in data:
        arts, units = d[1], d[2]
        by_sent = defaultdict(set)
        for u in units:
            p = P.proposition(u)
            by_sent[(u["article_id"], u["sentence"])] |= p["lemmas"] | p["verbs"] | p["nouns"]
        for a in arts:
            sents = anns[a.id].get("sentences", [])
            spans = [(a.to_raw(s["start"]), a.to_raw(s["end"])) for s in sents]
            ev = defaultdict(set)
            for m in events.get(a.id, []):
                for k, (x, y) in enumerate(spans):
                    if x <= m["start"] < y:
                        ev[k] |= mlem.get((a.id, m["start"]), set())
                        break
            for k, words in ev.items():
                for w in by_sent.get((a.id, k), ()):
                    seen[w] += 1
                    hit[w] += w in words
    return {w: round(hit[w] / (seen[w] + 2), 4) for w in seen if seen[w] >= 3 and hit[w]}


def set_triggers(d, lexicon):
    X = d[5]
    for k, sh in enumerate(d[7]):
        X[k, TRIG] = P.trigger_features(sh, lexicon)
    units = d[2]
    for k, (i, j) in enumerate(d[4]):
        X[k, PROP] = P.proposition_checks(P.proposition(units[i]), P.proposition(units[j]), lexicon)


def clause_chains(u, mentions):
    """Gold chains of the mentions inside one claim's own span (raw offsets)."""
    return frozenset(str(m["chain"]) for m in mentions if u["raw_start"] <= m["start"] < u["raw_end"])


def predicate_chains(u, mentions, mlem):
    """Gold chains of the mentions inside the claim's span that are its main predicate
    (the mention's lemma is the claim's predicate): the event the claim is about."""
    key = u.get("predicate_key")
    if not key:
        return frozenset()
    return frozenset(str(m["chain"]) for m in mentions if u["raw_start"] <= m["start"] < u["raw_end"]
                     and key in mlem.get((u["article_id"], m["start"]), ()))


def pair_label(ua, ub, ca, cb, events, mlem):
    """The ``predicate`` label: when both claims' main predicates are gold mentions, the
    pair states one fact only if they are one event (sharing a side event, "the escape
    triggered a lockdown" / "the escape happened near Baytown", is not the same fact);
    otherwise the clause label (any shared chain)."""
    pa = predicate_chains(ua, events.get(ua["article_id"], []), mlem)
    pb = predicate_chains(ub, events.get(ub["article_id"], []), mlem)
    if pa and pb:
        return int(bool(pa & pb))
    return None if not ca or not cb else int(bool(ca & cb))


def story_data(arts, anns, chains, events=None, mlem=None):
    """Units, scores, candidate pairs, features and labels (None: unlabelled) of one story.

    With ``events``, a pair is labelled by the gold mentions inside the two claims' own
    spans (the claim, not its whole sentence, must name the shared event); with ``mlem``
    (gold mention lemmas) too, by their main predicates first (``pair_label``)."""
    units = build_units(arts, anns)
    scores = P.PairScores(units)
    pairs = P.candidates(units)
    X = np.array([P.features(scores, i, j) for i, j in pairs]) if pairs else np.zeros((0, len(P.FEATURES)))
    shared = [P.shared_words(P.proposition(units[i]), P.proposition(units[j])) for i, j in pairs]
    y = []
    for i, j in pairs:
        if events is not None:
            ca = clause_chains(units[i], events.get(units[i]["article_id"], []))
            cb = clause_chains(units[j], events.get(units[j]["article_id"], []))
        else:
            ca = chains[units[i]["article_id"]].get(units[i]["sentence"])
            cb = chains[units[j]["article_id"]].get(units[j]["sentence"])
        if mlem is not None:
            y.append(pair_label(units[i], units[j], ca, cb, events, mlem))
            continue
        y.append(None if not ca or not cb else int(bool(ca & cb)))
    return units, scores, pairs, X, y, shared


def embed_cosines(data, cache):
    """Per story, the MiniLM cosine of each candidate pair's claim texts (clipped to
    [0, 1], rounded to 1e-4 so batch-order float noise cannot move a decision)."""
    texts = sorted({u["text"] for d in data for u in d[2]})
    vec = pairdata.embeddings(texts, cache)
    out = []
    for d in data:
        units, pairs = d[2], d[4]
        if not pairs:
            out.append(np.zeros(0))
            continue
        a = np.vstack([vec[units[i]["text"]] for i, _ in pairs])
        b = np.vstack([vec[units[j]["text"]] for _, j in pairs])
        out.append(np.round(np.clip((a * b).sum(axis=1), 0.0, 1.0), 4))
    return out


def report_of(units, groups, art_ids):
    return {"story": {"articles": art_ids},
            "groups": [{"members": [{"article_id": units[i]["article_id"], "sentence": units[i]["sentence"]}
                                    for i in g]} for g in groups]}


def evaluate(data, probs, threshold, gold, chains, linkage=None, estimators=None):
    """Group with the given candidate probabilities (``estimators``: per story, the
    (model, lexicon) that scores the other pairs of a component) and score."""
    sc = Scorer()
    for k, ((sid, arts, units, scores, pairs, X, y, _sh), p) in enumerate(zip(data, probs)):
        scores.p = {pair: float(v) for pair, v in zip(pairs, p)}
        if estimators is not None:
            scores.estimate, scores.eventness = estimators[k]
        sc.add(report_of(units, P.group(scores, threshold, linkage), [a.id for a in arts]), gold, chains)
    return sc.figures()


def false_pairs(data, probs, threshold, chains, estimators, every: int):
    """Every ``every``-th grouped cross-article pair whose annotated sentences share no
    gold chain (what the CV model gets wrong, for reading), with its probability."""
    from itertools import combinations

    out = []
    for k, ((sid, arts, units, scores, pairs, X, y, _sh), p) in enumerate(zip(data, probs)):
        scores.p = {pair: float(v) for pair, v in zip(pairs, p)}
        scores.estimate, scores.eventness = estimators[k]
        for g in P.group(scores, threshold):
            for i, j in combinations(g, 2):
                a, b = units[i], units[j]
                if a["article_id"] == b["article_id"]:
                    continue
                ca, cb = chains[a["article_id"]].get(a["sentence"]), chains[b["article_id"]].get(b["sentence"])
                if ca and cb and not ca & cb:
                    out.append((sid, scores.prob(i, j), a["text"], b["text"]))
    return out[::every]


def baseline(data, gold, chains, per_story=None):
    """The lexical method's figures (``per_story``: a list to receive each story's report)."""
    from storyline.compare import align

    sc = Scorer()
    for sid, arts, units, scores, pairs, X, y, _sh in data:
        groups, _ = align.align(units)
        rep = report_of(units, groups, [a.id for a in arts])
        sc.add(rep, gold, chains)
        if per_story is not None:
            per_story.append(rep)
    return sc.figures()


def figures_of(reports, gold, chains):
    sc = Scorer()
    for rep in reports:
        sc.add(rep, gold, chains)
    return sc.figures()


def line(f):
    return f"P {f['pair_precision']}  R@1 {f['recall@1']}  R@2 {f['recall@2']}  ({f['pairs_judged']} pairs)"


def fit(X, y, C):
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(X)
    lr = LogisticRegression(C=C, max_iter=2000).fit(scaler.transform(X), y)
    return scaler, lr


def as_model(scaler, lr, threshold, provenance, names=P.FEATURES):
    return {"features": list(names),
            "coef": {f: round(float(c), 6) for f, c in zip(names, lr.coef_[0])},
            "intercept": round(float(lr.intercept_[0]), 6),
            "mean": {f: round(float(m), 6) for f, m in zip(names, scaler.mean_)},
            "scale": {f: round(float(s) or 1.0, 6) for f, s in zip(names, scaler.scale_)},
            "threshold": threshold, "provenance": provenance}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", default=None, help="folder for cached annotations (outside the repo)")
    ap.add_argument("--write", action="store_true", help="write src/storyline/data/pair_model.json")
    ap.add_argument("--heldout", action="store_true", help="report the held-out topics once (fits nothing)")
    ap.add_argument("--C", type=float, default=1.0)
    ap.add_argument("--linkage", default=P.LINKAGE, help="average, complete or single (how groups are cut)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("-p", "--processes", type=int, default=1)
    ap.add_argument("--label", choices=("clause", "predicate", "sentence"), default="clause",
                    help="label a pair by the gold mentions in the claims' own spans (predicate: by their main "
                         "predicates' events where both are annotated), or in their sentences")
    ap.add_argument("--embed", action="store_true",
                    help="add the MiniLM cosine of the claim texts as a feature (needs the embeddings extra)")
    ap.add_argument("--folds-detail", action="store_true", help="per-fold figures at the chosen threshold")
    ap.add_argument("--at", type=float, default=None, help="the threshold of the per-fold figures (default: chosen)")
    ap.add_argument("--out", default=None, help="write the fitted model to this file instead (for measuring)")
    ap.add_argument("--model", default=None, help="with --heldout: the model file to score (default: the packaged one)")
    ap.add_argument("--errors", type=int, default=0, metavar="N",
                    help="print every N-th CV false-positive pair at the chosen threshold (for reading)")
    args = ap.parse_args()
    t0 = time.time()
    articles, gold, topic, events, anns = pairdata.load(args.cache, args.processes)
    chains = {a.id: sentence_chains(a, anns[a.id], events.get(a.id, [])) for a in articles}
    stories = defaultdict(list)
    for a in articles:
        stories[gold[a.id]].append(a)
    use = (lambda t: t in HELDOUT) if args.heldout else (lambda t: t not in HELDOUT)
    mlem = mention_lemmas(articles, events)
    data = []
    for sid in sorted(stories):
        arts = stories[sid]
        if not use(topic[arts[0].id]):
            continue
        units, scores, pairs, X, y, sh = story_data(arts, [anns[a.id] for a in arts], chains,
                                                    events if args.label != "sentence" else None,
                                                    mlem if args.label == "predicate" else None)
        data.append((sid, arts, units, scores, pairs, X, y, sh))
    topics = sorted({topic[d[1][0].id] for d in data}, key=int)
    n_lab = sum(1 for d in data for v in d[6] if v is not None)
    n_pos = sum(1 for d in data for v in d[6] if v)
    n_pairs = sum(len(d[4]) for d in data)
    n_all = sum(sum(1 for a in range(len(d[2])) for b in range(a + 1, len(d[2]))
                    if d[2][a]["article_id"] != d[2][b]["article_id"]) for d in data)
    print(f"{len(data)} gold stories, topics {topics[0]}-{topics[-1]} ({len(topics)}); candidate pairs "
          f"{n_pairs} of {n_all} cross-article pairs ({n_pairs / max(1, n_all):.1%}); labelled {n_lab}, positive {n_pos}")
    base_reports: list[dict] = []
    base = baseline(data, gold, chains, base_reports)
    names = P.FEATURES
    if args.embed:
        cos = embed_cosines(data, args.cache)
        data = [(*d[:5], np.hstack([d[5], c[:, None]]) if len(d[4]) else np.zeros((0, len(P.FEATURES) + 1)), *d[6:])
                for d, c in zip(data, cos)]
        names = P.FEATURES + (P.EMBED_FEATURE,)
    if args.heldout:
        model = P.load_model(args.model)
        if (P.EMBED_FEATURE in model["features"]) != bool(args.embed):
            raise SystemExit("--embed must be given exactly when the model reads the embedding cosine")
        for d in data:
            set_triggers(d, model.get("eventness", {}))
        probs = [P.probabilities(d[5], model) if len(d[5]) else np.zeros(0) for d in data]
        ests = [(lambda Z: P.probabilities(Z, model), model.get("eventness", {}))] * len(data)
        got = evaluate(data, probs, model["threshold"], gold, chains, estimators=ests)
        print(f"HELD-OUT topics {','.join(topics)} (gold stories), threshold {model['threshold']}:")
        print(f"  model    P {got['pair_precision']}  R@1 {got['recall@1']}  R@2 {got['recall@2']}  ({got['pairs_judged']} pairs)")
        print(f"  baseline P {base['pair_precision']}  R@1 {base['recall@1']}  R@2 {base['recall@2']}  ({base['pairs_judged']} pairs)")
        print(f"({time.time() - t0:.0f} s)")
        return
    from sklearn.model_selection import GroupKFold

    story_topic = np.array([int(topic[d[1][0].id]) for d in data])
    oof = [np.zeros(len(d[4])) for d in data]
    est = [None] * len(data)
    folds = list(GroupKFold(n_splits=args.folds).split(np.zeros(len(data)), groups=story_topic))
    for tr, te in folds:
        lex = eventness([data[i] for i in tr], anns, events, mlem)  # from the training folds only
        for i in range(len(data)):
            set_triggers(data[i], lex)
        X = np.vstack([d[5][k] for i in tr for d in [data[i]] for k, v in enumerate(d[6]) if v is not None])
        y = np.array([v for i in tr for v in data[i][6] if v is not None])
        scaler, lr = fit(X, y, args.C)
        for i in te:
            est[i] = ((lambda s, m: lambda Z: m.predict_proba(s.transform(Z))[:, 1])(scaler, lr), lex)
            if len(data[i][5]):
                oof[i] = lr.predict_proba(scaler.transform(data[i][5]))[:, 1]
    print(f"baseline (lexical, threshold 0.22): P {base['pair_precision']}  R@1 {base['recall@1']}  R@2 {base['recall@2']}"
          f"  ({base['pairs_judged']} pairs)")
    print("cross-validated over topics (out-of-fold probabilities, grouped as compare does):")
    rows = []
    for thr in THRESHOLDS:
        f = evaluate(data, oof, thr, gold, chains, args.linkage, est)
        rows.append((thr, f))
        print(f"  thr {thr:.2f}  P {f['pair_precision']}  R@1 {f['recall@1']}  R@2 {f['recall@2']}  ({f['pairs_judged']} pairs)")
    prec = lambda f: f["pair_precision"] if isinstance(f["pair_precision"], float) else 0.0  # noqa: E731
    ok = [(thr, f) for thr, f in rows if prec(f) >= TARGET_PRECISION]
    rule = f"the lowest with CV pair precision >= {TARGET_PRECISION}"
    if not ok:  # never less precise than the baseline on the same pairs
        ok = [(thr, f) for thr, f in rows if prec(f) >= prec(base)]
        rule = f"none reaches {TARGET_PRECISION}: the lowest at least as precise as the baseline"
    if not ok:
        ok = [max(rows, key=lambda r: prec(r[1]))]
        rule = "none as precise as the baseline: the most precise"
    thr, chosen = ok[0]
    print(f"chosen threshold {thr} ({rule})")
    from sklearn.metrics import roc_auc_score

    lab = [(d[5][k], oof[i][k], v) for i, d in enumerate(data) for k, v in enumerate(d[6]) if v is not None]
    yy = np.array([v for _, _, v in lab])
    auc = {f: roc_auc_score(yy, np.array([x[names.index(f)] for x, _, _ in lab]))
           for f in ("word", "char", P.EMBED_FEATURE) if f in names}
    auc["model out-of-fold"] = roc_auc_score(yy, np.array([p for _, p, _ in lab]))
    print(f"ranking the {len(yy)} labelled pairs (ROC AUC): " + ", ".join(f"{k} {v:.3f}" for k, v in auc.items()))
    if args.embed:
        print("MiniLM cosine alone (same candidate pairs, grouped the same way):")
        for t in (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95):
            print(f"  cos {t:.2f}  " + line(evaluate(data, cos, t, gold, chains, args.linkage, est)))
    if args.folds_detail:
        at = thr if args.at is None else args.at
        print(f"per fold at threshold {at} (model | lexical baseline on the same stories):")
        for k, (_tr, te) in enumerate(folds):
            m = evaluate([data[i] for i in te], [oof[i] for i in te], at, gold, chains, args.linkage,
                         [est[i] for i in te])
            b = figures_of([base_reports[i] for i in te], gold, chains)
            tops = sorted({str(story_topic[i]) for i in te}, key=int)
            print(f"  fold {k + 1} topics {','.join(tops)}: {line(m)} | {line(b)}")
    if args.errors:
        for sid, pr, ta, tb in false_pairs(data, oof, thr, chains, est, args.errors):
            print(f"  FP {sid} p={pr:.2f}\n    a: {ta[:160]}\n    b: {tb[:160]}")
    lex = eventness(data, anns, events, mlem)
    for d in data:
        set_triggers(d, lex)
    X = np.vstack([d[5][k] for d in data for k, v in enumerate(d[6]) if v is not None])
    y = np.array([v for d in data for v in d[6] if v is not None])
    scaler, lr = fit(X, y, args.C)
    for f, c in sorted(zip(names, lr.coef_[0]), key=lambda x: -abs(x[1])):
        print(f"  {f:16} {c:+.3f}")
    if args.write or args.out:
        prov = {"data": "ECB+ dev (Cybulska & Vossen 2014, CC BY 3.0): dev.jsonl + events_dev.jsonl, gold stories",
                "topics": topics, "heldout_topics": sorted(HELDOUT, key=int), "labelled_pairs": int(len(y)),
                "positive_pairs": int(y.sum()), "label": args.label, "C": args.C, "folds": args.folds,
                "threshold_rule": rule, "cv": {"threshold": thr, **{k: chosen[k] for k in ("pair_precision", "recall@1", "recall@2")}},
                "baseline": {k: base[k] for k in ("pair_precision", "recall@1", "recall@2")},
                "refit": "python benchmarks/fit_pair_model.py --write"}
        if args.embed:
            prov["refit"] += " --embed"
        model = as_model(scaler, lr, thr, prov, names)
        model["eventness"] = dict(sorted(lex.items()))
        out = Path(args.out) if args.out else Path(__file__).resolve().parents[1] / "src/storyline/data" / pairmodel.MODEL_FILE
        out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {out}")
    flags = " --embed" * args.embed + " --folds-detail" * args.folds_detail + (f" --at {args.at}" if args.at else "")
    print(f"({time.time() - t0:.0f} s)  reproduce: .venv/bin/python benchmarks/fit_pair_model.py{flags} [--write]")


if __name__ == "__main__":
    main()
