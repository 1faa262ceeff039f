"""Why the lexical default leaves same-event sentences apart: the gold pairs of ECB+ dev
topics 1-27 (cross-article sentence pairs of one gold story sharing >= 2 gold event
chains, as recall@2 of ``storyline eval alignment`` counts them) that no claim group
holds together, each put in one class, with counts (in-sample data only).

    PYTHONPATH=src .venv/bin/python benchmarks/why_apart.py [--cache DIR] [--need 2] [--examples N] [--before]

Groups as the report has them (secondary members included, as the eval counts them);
``--before``: without the steps of fit_paraphrase.py (RECALL_FLOOR2, RECALL_SECONDARY).

Classes, first that applies:

- no claim: one of the sentences has no claim unit (the unit does not cover the sentence);
- both grouped: the closest claim pair (by similarity) is in two groups of several
  members each (a recall join never pulls two groups together);
- then by the closest pair's shared gold trigger: the same word (stem of the mention's
  head lemma) for at least one shared chain, else a noun in one and a verb in the other
  (nominal vs verbal), else two different verbs / nouns; crossed with whether the two
  claims share a participant (entity, place, figure, day) and the similarity band.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict

import numpy as np
from pairdata import grouped, load

from storyline.compare import align, grouping, pairsim  # noqa: E402
from storyline.compare.lemmas import paraphrase_key as _norm, stem  # noqa: E402
from storyline.compare.lemmas import words  # noqa: E402
from storyline.compare.units import build_units  # noqa: E402
from storyline.eval.alignment import sentence_chains  # noqa: E402
from storyline.options import RECALL_FLOOR2, RECALL_NOUNS, RECALL_SECONDARY  # noqa: E402

KINDS = ("entity", "figure", "day", "place")


def _lemma(word: str, u: dict) -> tuple[str, str]:
    """(lemma key, 'v' or 'n') of a mention word, read from the claim's parsed verbs and
    nouns (the lemma sharing the longest prefix, at least 3 letters); else the word."""
    best, pos, n = word, "?", 2
    for kind, lst in (("v", u.get("verbs") or ()), ("n", u.get("nouns") or ())):
        for lem in lst:
            lem = lem.lower()
            k = 0
            while k < min(len(lem), len(word)) and lem[k] == word[k]:
                k += 1
            if k > n:
                best, pos, n = lem, kind, k
    return stem(_norm(best)), pos


def _head(text: str) -> str:
    ws = [w.lower() for w in words(text)]
    return ws[-1] if ws else ""


def gold_triggers(ids, units, by_id, anns, events):
    """(article, sentence, chain, trigger key, raw start) of each gold event mention of a
    story that falls in a sentence with a claim: the key read from the claim holding it."""
    of_sent: dict = {}
    for u in units:
        of_sent.setdefault((u["article_id"], u["sentence"]), []).append(u)
    for aid in ids:
        a = by_id[aid]
        spans = [(a.to_raw(x["start"]), a.to_raw(x["end"])) for x in anns[aid]["sentences"]]
        for m in events.get(aid, []):
            si = next((i for i, (x, y) in enumerate(spans) if x <= m["start"] < y), None)
            us = of_sent.get((aid, si))
            if us:
                u = next((u for u in us if u["raw_start"] <= m["start"] < u["raw_end"]), us[0])
                yield aid, si, str(m["chain"]), _lemma(_head(m["text"]), u)[0], m["start"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", default=None)
    ap.add_argument("--need", type=int, default=2, help="shared gold chains (2: recall@2)")
    ap.add_argument("--examples", type=int, default=0, help="print this many examples per class")
    ap.add_argument("--before", action="store_true", help="without RECALL_FLOOR2 and RECALL_SECONDARY")
    args = ap.parse_args()
    arts, gold, topic, events, anns = load(args.cache)
    by = defaultdict(list)
    for a in arts:
        if int(topic[a.id]) <= 27:
            by[gold[a.id]].append(a)
    classes: Counter = Counter()
    pairs: Counter = Counter()
    examples = defaultdict(list)
    total = found = 0
    for story in sorted(by):
        sa = by[story]
        units = build_units(sa, [anns[a.id] for a in sa])
        groups, sim = align.align(units)
        steps = (None, None, None) if args.before else (RECALL_NOUNS, RECALL_FLOOR2, RECALL_SECONDARY)
        memberships = grouped(units, groups, sim, *steps)
        groups = grouping.recall_join(units, groups, sim, nouns=steps[0], floor2=steps[1])
        group_of = {i: gi for gi, g in enumerate(groups) for i in g}
        size = {gi: len(g) for gi, g in enumerate(groups)}
        together = {(units[i]["article_id"], units[i]["sentence"], units[j]["article_id"], units[j]["sentence"])
                    for g in memberships for i in g for j in g}
        of_sent = defaultdict(list)
        for u in units:
            of_sent[(u["article_id"], u["sentence"])].append(u["uid"])
        chains = {a.id: sentence_chains(a, anns[a.id], events.get(a.id, [])) for a in sa}
        ments = {a.id: events.get(a.id, []) for a in sa}
        spans = {a.id: [(a.to_raw(s["start"]), a.to_raw(s["end"])) for s in anns[a.id]["sentences"]] for a in sa}
        ids = [a.id for a in sa]
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                ax, ay = ids[x], ids[y]
                for sx, cx in chains[ax].items():
                    for sy, cy in chains[ay].items():
                        shared = cx & cy
                        if len(shared) < args.need:
                            continue
                        total += 1
                        if (ax, sx, ay, sy) in together:
                            found += 1
                            continue
                        ux, uy = of_sent.get((ax, sx), []), of_sent.get((ay, sy), [])
                        if not ux or not uy:
                            classes["no claim unit for a sentence"] += 1
                            continue
                        I = np.repeat(np.array(ux, dtype=np.intp), len(uy))
                        J = np.tile(np.array(uy, dtype=np.intp), len(ux))
                        V = sim.values(I, J) if isinstance(sim, pairsim.PairSimilarity) else np.asarray(sim)[I, J]
                        k = int(np.argmax(V))
                        i, j, v = int(I[k]), int(J[k]), float(V[k])
                        if size[group_of[i]] > 1 and size[group_of[j]] > 1:
                            state = "both grouped"
                        else:
                            state = "one alone"
                        # triggers of the shared chains in each sentence
                        def trig(aid, s, u):
                            a0, b0 = spans[aid][s]
                            return {str(m["chain"]): _lemma(_head(m["text"]), u) for m in ments[aid]
                                    if a0 <= m["start"] < b0 and str(m["chain"]) in shared}
                        tx, ty = trig(ax, sx, units[i]), trig(ay, sy, units[j])
                        rel = "different words"
                        for c in shared:
                            if c in tx and c in ty:
                                if tx[c][0] == ty[c][0]:
                                    rel = "same word"
                                    break
                        if rel != "same word":
                            posp = {tuple(sorted((tx[c][1], ty[c][1]))) for c in shared if c in tx and c in ty}
                            if ("n", "v") in posp:
                                rel = "noun vs verb"
                            for c in shared:
                                if c in tx and c in ty:
                                    pairs[tuple(sorted((tx[c][0], ty[c][0])))] += 1
                        part = any(grouping._participant_keys(units[i], 0, (kd,)) & grouping._participant_keys(units[j], 0, (kd,))
                                   for kd in KINDS)
                        band = ">=0.20" if v >= 0.20 else "0.10-0.20" if v >= 0.10 else "<0.10"
                        key = (state, rel, "participant" if part else "no participant", band)
                        classes[key] += 1
                        if len(examples[key]) < args.examples:
                            examples[key].append((v, units[i]["text"][:160], units[j]["text"][:160]))
    print(f"ECB+ topics 1-27, gold stories, lexical default{' before' if args.before else ''}: gold pairs sharing >= {args.need} "
          f"chains {total}, held together {found} ({found / total:.3f}), apart {total - found}")
    apart = total - found
    agg = defaultdict(Counter)
    for k, n in classes.items():
        if isinstance(k, tuple):
            for pos, name in enumerate(("group state", "trigger", "participant", "similarity")):
                agg[name][k[pos]] += n
        else:
            agg["group state"][k] += n
    for name, c in agg.items():
        print(f"\n{name}:")
        for k, n in c.most_common():
            print(f"  {k:40} {n:6} ({n / apart:.3f})")
    print("\ncross table (state, trigger, participant, similarity):")
    for k, n in classes.most_common():
        print(f"  {str(k):95} {n:6} ({n / apart:.3f})")
        for v, a, b in examples.get(k, []):
            print(f"      {v:.3f} | {a} || {b}")
    print("\nmost frequent different trigger pairs:")
    for (a, b), n in pairs.most_common(40):
        print(f"  {a:15} {b:15} {n}")


if __name__ == "__main__":
    main()
