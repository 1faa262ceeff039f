"""Verdicts on hand-labelled claim pairs (benchmarks/data/verdict_pairs.jsonl).

Each labelled pair (two claims of different articles of one story, by raw offsets) is
looked up in the story's report: "same fact" when one claim group holds both claims;
its verdict is that group's. Printed per alignment method (the fitted pair model and
the lexical baseline):

- same fact: precision / recall of "one group holds both";
- per verdict V: precision = labelled pairs in a V group whose label fits V, out of
  all labelled pairs in V groups (corroborated fits agree; variant fits agree or scope;
  conflicting fits conflict; revision fits revision); recall = pairs labelled with V's
  relation that sit in a V group;
- conflicting / revision (finding): the same, counting a pair only when one of the
  group's conflict or revision findings names those two claims (their figures, dates
  or texts): what the report says disagrees, not every member pair of the group;
- single-source stated elsewhere: of the labelled claims the report asserts single-source
  (in a single-source group that names no ``similar`` claim elsewhere), the share with a
  labelled same-fact partner in another article.

``--errors`` lists the labelled pairs a verdict got wrong (for reading, not tuning);
``--cache DIR`` keeps the annotations in a folder outside the repository.

Run:  .venv/bin/python benchmarks/bench_verdicts.py [--source gvc --source seeds] [--batch fresh] [--batch revision2]
      [--cache DIR] [--errors] [--no-paraphrase] [--no-frame-check] [--method lexical] [--pair-model FILE]
      [--chain-floor FLOOR] [--secondary-margin MARGIN] [--unproven FACTOR] [--background MODE] [--pairs FILE]
      [--veto on|FILE] [--no-occasion] [--occasion-sentence] [--main-event FACTOR] [--durations]
"""

from __future__ import annotations

import json
import time
from collections import defaultdict

from pairdata import ROOT, annotate_cached, disputed_pairs  # noqa: F401 (puts src/ on the path; the two kept importable from here)
from storyline.compare import compare_story  # noqa: E402
from storyline.compare.align import METHOD_LEXICAL, METHODS  # noqa: E402
from storyline.options import Options  # noqa: E402
from verdict_sample import disputes_stories, load_stories, people_stories  # noqa: E402

FITS = {"corroborated": {"agree"}, "variant": {"agree", "scope"}, "conflicting": {"conflict"}, "revision": {"revision"}}
PRIMARY = {"corroborated": "agree", "variant": "scope", "conflicting": "conflict", "revision": "revision"}


def locate(report: dict, labelled: list[dict] | None = None) -> dict[tuple[str, int], list[tuple[str, str]]]:
    """(article id, raw start) of each member -> [(group id, verdict)].

    ``labelled``: also each labelled claim (by its raw start) that is no member itself but
    lies inside one, the shortest: a later sentence split joined it with its neighbour (a
    one-word sentence, a headline's first word), and the reader sees it in that member's
    groups. A claim now cut in parts stays unfound."""
    out = defaultdict(list)
    spans = defaultdict(list)
    for g in report["groups"]:
        for m in g["members"]:
            out[(m["article_id"], m["raw_start"])].append((g["id"], g["verdict"]))
            spans[m["article_id"]].append((m["raw_start"], m["raw_end"]))
    for r in labelled or ():
        for side in (r["a"], r["b"]):
            key = (side["article_id"], side["raw_start"])
            if key in out:
                continue
            inside = [(e - b, b) for b, e in spans.get(side["article_id"], ())
                      if b <= side["raw_start"] and side["raw_end"] <= e]
            if inside:
                out[key] = out[(side["article_id"], min(inside)[1])]
    return out


def read_pairs(path: str | None = None) -> list[dict]:
    """The labelled pairs: benchmarks/data/verdict_pairs.jsonl, or ``path`` (the same schema)."""
    from pathlib import Path

    p = Path(path) if path else ROOT / "benchmarks/data/verdict_pairs.jsonl"
    return [json.loads(line) for line in p.open(encoding="utf-8") if line.strip()]


# the blind batches drawn by the blind5 protocol on the stories the file used least (any corpus but the seeds)
LEAST_USED = ("blind5", "blind6", "blind7", "blind8", "blind9", "blind10", "blind11", "blind12")


def labelled_stories(rows: list[dict], everything: bool = False):
    """(story id, articles, its labelled pairs) of each story the rows label, once each;
    ``everything``: look in every loader's stories (pairs of a batch not named here)."""
    by_story = defaultdict(list)
    for r in rows:
        by_story[(r["source"], r["story"])].append(r)
    # the fresh, samefact, recall, paraphrase, roles and fragments batches are on the stories of topics 28-35
    # (``load_stories(fresh=True)``; recall's and roles' GVC incidents are among ``load_stories()``'s)
    late = ("fresh", "samefact", "recall", "paraphrase", "roles", "fragments", "fragments2", "frames", "corrob")
    stories = load_stories(more=everything or any(r["story"].endswith(":all") and r["batch"] not in late for r in rows))
    if everything or any(r["batch"] in late for r in rows):
        stories += load_stories(fresh=True)
    if everything or any(r["batch"] in ("revision2",) + LEAST_USED for r in rows):  # blind5-12: MEANTIME stories too
        stories += load_stories(revision2=True)
    if everything or any(r["batch"].startswith(("disputes", "revision3")) or r["batch"] in ("clauses", "blind4") + LEAST_USED
                         for r in rows):
        stories += disputes_stories()
    if everything or any(r["batch"] == "people" for r in rows):
        stories += people_stories()
    done = set()
    for source, story, arts in stories:
        labelled = by_story.get((source, story))
        if not labelled or (source, story) in done:
            continue  # (a story two loaders give, with the same articles, is scored once)
        done.add((source, story))
        yield story, arts, labelled


def score_report(report: dict, labelled: list[dict], st: dict, errors: list | None = None) -> int:
    """Add one story's labelled pairs to the counts ``st`` (and the wrong ones to ``errors``);
    returns the number of pairs whose claims are not report members (left out)."""
    missing = 0
    where, named = locate(report, labelled), disputed_pairs(report)
    hinted = {g["id"] for g in report["groups"] if g.get("similar")}  # not asserted: a similar claim named
    single_claims, hinted_claims = {}, set()
    # a single-source group's claim (its primary members; its first member when it has none) with the similar
    # claim it names elsewhere: what the report calls "not confirmed as the same fact"
    named_similar = {frozenset({(m["article_id"], m["raw_start"]), (s["article_id"], s["raw_start"])})
                     for g in report["groups"] if g["verdict"] == "single-source" for s in g.get("similar") or ()
                     for m in [x for x in g["members"] if not x.get("secondary")] or g["members"][:1]}
    for r in labelled:
        ka = (r["a"]["article_id"], r["a"]["raw_start"])
        kb = (r["b"]["article_id"], r["b"]["raw_start"])
        if ka not in where or kb not in where:
            missing += 1
            continue
        for k in (ka, kb):
            ss = [g for g, v in where[k] if v == "single-source"]
            if ss and all(g in hinted for g in ss):
                st["single_hinted"] += k not in hinted_claims
                hinted_claims.add(k)
            elif ss:
                single_claims.setdefault(k, False)
        if r["same_fact"] is None:
            continue
        if frozenset({ka, kb}) in named_similar:
            st["similar_pairs"] += 1
            st["similar_same"] += r["same_fact"]
        shared = {g for g, _ in where[ka]} & {g for g, _ in where[kb]}
        verdicts = {v for g, v in where[ka] if g in shared}
        st["gold_same"] += r["same_fact"]
        st["pred_same"] += bool(shared)
        st["both_same"] += bool(shared) and r["same_fact"]
        for v in verdicts:
            st[f"pred:{v}"] += 1
            ok = bool(r["same_fact"] and r["relation"] in FITS.get(v, ()))
            st[f"right:{v}"] += ok
            if not ok and errors is not None and v in FITS:
                errors.append((v, r))
        for v in named.get(frozenset({ka, kb}), ()):  # the finding names exactly this pair
            ok = bool(r["same_fact"] and r["relation"] in FITS[v])
            st[f"npred:{v}"] += 1
            st[f"nright:{v}"] += ok
            if not ok and errors is not None:
                errors.append((f"{v} (finding)", r))
        for v, rel in PRIMARY.items():
            if r["same_fact"] and r["relation"] == rel:
                st[f"gold:{v}"] += 1
                st[f"found:{v}"] += v in verdicts
                st[f"nfound:{v}"] += v in named.get(frozenset({ka, kb}), ())
        if r["same_fact"]:
            for k in (ka, kb):
                if k in single_claims:
                    single_claims[k] = True
    st["single"] += len(single_claims)
    st["single_elsewhere"] += sum(single_claims.values())
    return missing


def _veto_arg(value: str | None):
    """``--veto``: None (off), "on" (the packaged model) or a model file."""
    if not value:
        return False
    if value == "on":
        return True
    from storyline.compare import veto

    return veto.load_model(value)


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", choices=("seeds", "gvc", "ecb", "meantime"), action="append",
                    help="only the pairs of these sources (repeatable); the pair model was fitted on ECB+ "
                         "topics 1-27, so gvc, meantime and seeds are the pairs it never saw")
    ap.add_argument("--batch", action="append",
                    help="only the pairs of these labelling batches (repeatable): random, flagged, disputed, fresh "
                         "(labelled after the conflict rule was written, on stories no earlier batch used), "
                         "samefact (labelled before the same-fact decision was changed: its out-of-sample test), "
                         "revision2 (labelled before the revision rule, on stories no earlier batch took findings from), "
                         "recall (labelled before the recall step, pairs the default left apart: its out-of-sample test), "
                         "paraphrase (labelled after the two-participant floor and recall secondaries were fitted, "
                         "pairs they add mixed with others: their out-of-sample test), "
                         "roles (labelled before the participant/place/time checks: their out-of-sample test), "
                         "disputes-a / disputes-b (labelled before the conflict/revision rules were rebuilt: every "
                         "finding the default named then, and pairs of its groups with two values of one counted "
                         "thing; -a read and fitted on, -b held out), "
                         "fragments (labelled before the fragment merge was scored outside ECB+ topics 1-27: pairs it "
                         "adds mixed with grouped ones), fragments2 (the same for the setting the CV picked), "
                         "frames (labelled before the frame check of one incident's predicates: its out-of-sample test), "
                         "people (labelled before one participant reading replaced the two different-people checks: "
                         "its out-of-sample test), "
                         "corrob (member pairs of corroborated groups only, labelled before the checks against false "
                         "corroboration: their out-of-sample test), "
                         "blind4 (member pairs of corroborated groups on the ECB+ training stories earlier batches "
                         "used least, labelled blind to every verdict: out of sample for all the changes before it), "
                         "revision3-a / revision3-b (dated cross-article pairs with two values of one counted thing, "
                         "labelled blind before any revision rule; -a to fit on, -b held out), "
                         "blind5 (the same on the stories the file used least at main 24fc415, any corpus but the seeds, "
                         "with single-source claims and the similar claim their group names), "
                         "blind6 (the blind5 protocol again at main 9053085: the held-out set of that round's decisions), "
                         "blind7 (the same at main 882f9e3: the held-out set of the next round's same-fact check), "
                         "blind8 (the same at main e6a6498: the held-out set of that round's same-fact check), "
                         "blind9 (the same at main e7c1af3, with the pairs its conflicting findings name on every story), "
                         "blind10 (the same at main ae3ed57, with every pair its conflicting or revision findings name: none new), "
                         "blind11 (the same again at main ae3ed57 with blind10 in the file: the held-out set for what is built from blind10), "
                         "blind12 (the same again at main 0111181 with blind11 in the file: the held-out set of that round's same-fact checks)")
    ap.add_argument("--cache", default=None, help="folder for cached annotations (outside the repo)")
    ap.add_argument("--errors", action="store_true", help="list the pairs each verdict got wrong")
    ap.add_argument("--method", choices=METHODS, action="append",
                    help="only these alignment methods (repeatable; default: all)")
    ap.add_argument("--no-paraphrase", action="store_true",
                    help="ablation: compare without the hand-made paraphrase sets (compare/units.py), "
                         "to measure what they add on pairs they were not written from")
    ap.add_argument("--drop-paraphrase", default=None, metavar="WORD,WORD",
                    help="ablation: compare with these member words out of the paraphrase sets (compare/lemmas.py), "
                         "e.g. pass,march,front,term,condition,close: words whose other senses dominate")
    ap.add_argument("--recall-steps", default=None, metavar="FLOOR2,SECONDARY",
                    help="measure the lexical default with RECALL_FLOOR2 and RECALL_SECONDARY set (compare/grouping.py; "
                         "off by default), e.g. 0.14,0.14 as fitted by fit_paraphrase.py")
    ap.add_argument("--fragments", default=None, metavar="FLOOR,LINKS,VERBS,ARTICLES,MEAN",
                    help="measure the lexical default with the fragment merge on (compare/grouping.py, merge_fragments; "
                         "off by default), e.g. 0.22,1,1,none,0.16 (VERBS 0 or 1; ARTICLES none, first or sentence; "
                         "MEAN 'none' for any)")
    ap.add_argument("--chain-floor", default=None, metavar="FLOOR",
                    help="measure the lexical default with CHAIN_FLOOR set (compare/grouping.py split_weak_links: no two "
                         "claims of different articles in one group less similar than FLOOR; 'off' for none)")
    ap.add_argument("--secondary-margin", default=None, metavar="MARGIN",
                    help="measure the lexical default with SECONDARY_MARGIN set (second memberships at threshold + "
                         "MARGIN; 'off': none)")
    ap.add_argument("--unproven", default=None, metavar="FACTOR",
                    help="measure the lexical default with UNPROVEN_FACTOR set (compare/predicates.py Predicates.unproven: "
                         "a pair with no predicate evidence damped by FACTOR; 1 for off)")
    ap.add_argument("--background", default=None, choices=("all", "states", "verbs", "named"),
                    help="measure the lexical default with BACKGROUND set (compare/predicates.py: what the predicate check "
                         "reads of a claim's background clause; 'all', the default, as any verb of the claim)")
    ap.add_argument("--no-frame-check", action="store_true",
                    help="ablation: the lexical default without the frame check (a state claim beside an event it does "
                         "not name, compare/predicates.py Predicates._state_apart): main's decision before it")
    ap.add_argument("--no-occasion", action="store_true",
                    help="ablation: the lexical default without the occasion check (written dates that cannot overlap, "
                         "other organisations in one role: compare/occasion.py): main's decision before it")
    ap.add_argument("--occasion-sentence", action="store_true",
                    help="the occasion check with OCCASION_SENTENCE on (a claim that writes no date dated by its "
                         "sentence's written dates; off by default)")
    ap.add_argument("--main-event", default=None, metavar="FACTOR",
                    help="measure the lexical default with MAIN_EVENT_FACTOR set (compare/mainevent.py, "
                         "predicates.Predicates.main_apart: a pair whose main events differ damped by FACTOR; 1 for off; "
                         "unset: options.MAIN_EVENT_FACTOR, what storyline runs unless --no-main-event)")
    ap.add_argument("--durations", action="store_true",
                    help="durations of one slot compared as figures (Options.durations, compare/durations.py; off by default)")
    ap.add_argument("--pairs", default=None, metavar="FILE",
                    help="labelled pairs from FILE (the schema of benchmarks/data/verdict_pairs.jsonl), e.g. a blind batch")
    ap.add_argument("--veto", default=None, metavar="on|FILE",
                    help="the lexical method with the same-fact veto (compare/veto.py): 'on' the packaged model, "
                         "or a model file (fit_handlabels.py --out)")
    ap.add_argument("--pair-model", default=None, metavar="FILE",
                    help="measure the model method with this fitted model file (fit_pair_model.py --out) in place "
                         "of the packaged one, e.g. one fitted with --embed (needs the embeddings extra)")
    args = ap.parse_args()
    if args.pair_model:
        from storyline.compare import pairmodel, pairs

        alt = pairs.load_model(args.pair_model)
        # compare reads the packaged model through these names (the model method through
        # pairs, the lexical method's eventness table through pairmodel)
        pairs.load_model = pairmodel.load_model = lambda path=None: alt
    if args.no_paraphrase or args.drop_paraphrase:
        from storyline.compare import lemmas
    if args.no_paraphrase:
        lemmas.PARAPHRASE.clear()  # the one dict every stage reads
    if args.drop_paraphrase:
        for w in args.drop_paraphrase.split(","):
            lemmas.PARAPHRASE.pop(w.strip(), None)  # the one dict every stage reads; paraphrase_key caches lazily
    if args.no_frame_check:
        import numpy as np

        from storyline.compare import predicates

        predicates.Predicates._state_apart = lambda self, I, J: np.zeros(len(I), dtype=bool)  # read at call time
    if args.no_occasion:
        from storyline.compare import grouping

        grouping.OCCASION_CHECK = False  # read at call time by not_one_fact
    if args.occasion_sentence:
        from storyline.compare import occasion

        occasion.OCCASION_SENTENCE = True  # read at call time by occasion._features
    if args.unproven:
        from storyline.compare import predicates

        predicates.UNPROVEN_FACTOR = float(args.unproven)  # read at call time by Predicates.factor
    if args.main_event:
        from storyline.compare import checks

        checks.MAIN_EVENT_FACTOR = float(args.main_event)  # read when Predicates is made
    if args.background:
        from storyline.compare import predicates

        predicates.BACKGROUND = args.background  # read at call time by foreground, _named and Predicates
    if args.chain_floor:
        from storyline.compare import grouping

        grouping.CHAIN_FLOOR = None if args.chain_floor == "off" else float(args.chain_floor)  # read at call time
    if args.secondary_margin:
        import storyline.compare as compare_mod

        # read at call time by _secondary_lexical; 'off': a bar no average reaches
        compare_mod.SECONDARY_MARGIN = 2.0 if args.secondary_margin == "off" else float(args.secondary_margin)
    if args.recall_steps:
        from storyline.compare import grouping

        grouping.RECALL_FLOOR2, grouping.RECALL_SECONDARY = (float(v) for v in args.recall_steps.split(","))  # read at call time
    if args.fragments:
        from storyline.compare import grouping

        f, n, v, a, m = args.fragments.split(",")  # read at call time by merge_fragments
        grouping.FRAGMENT_FLOOR, grouping.FRAGMENT_LINKS = float(f), int(n)
        grouping.FRAGMENT_VERBS, grouping.FRAGMENT_ARTICLES = bool(int(v)), a
        grouping.FRAGMENT_MEAN = None if m == "none" else float(m)
    t0 = time.time()
    rows = read_pairs(args.pairs)
    if args.source:
        rows = [r for r in rows if r["source"] in args.source]
    if args.batch:
        rows = [r for r in rows if r["batch"] in args.batch]
    methods = tuple(m for m in METHODS if not args.method or m in args.method)
    stats = {m: defaultdict(int) for m in methods}
    errors: dict[str, list] = {m: [] for m in methods}
    missing = 0
    veto = _veto_arg(args.veto)
    for story, arts, labelled in labelled_stories(rows, everything=bool(args.pairs)):
        anns = annotate_cached(arts, args.cache)
        for method in methods:
            report = compare_story({"id": story}, arts, anns, [], method=method,
                                   veto=veto if method == METHOD_LEXICAL else False, durations=args.durations)
            n = score_report(report, labelled, stats[method], errors[method] if args.errors else None)
            missing += n if method == methods[0] else 0
    n_same = sum(1 for r in rows if r["same_fact"])
    print(f"{len(rows)} labelled pairs ({n_same} same fact, {sum(1 for r in rows if r['same_fact'] is False)} different, "
          f"{sum(1 for r in rows if r['same_fact'] is None)} ambiguous); relations: "
          + ", ".join(f"{k} {sum(1 for r in rows if r['relation'] == k)}" for k in ("agree", "scope", "conflict", "revision")))
    if missing:
        print(f"({missing} pairs whose claims were not found as report members: left out)")
    r = lambda a, b: f"{a / b:.3f} ({a}/{b})" if b else "not measured"  # noqa: E731
    # a module setting changed above makes the run something else than the default
    changed = [f"--{k.replace('_', '-')}" for k in ("pair_model", "no_paraphrase", "drop_paraphrase", "no_frame_check", "unproven", "background",
                                                     "chain_floor", "secondary_margin", "recall_steps", "fragments", "no_occasion",
                                                     "occasion_sentence", "main_event")
               if getattr(args, k)]
    for method in methods:
        st = stats[method]
        vetoed = " + same-fact veto" if veto and method == METHOD_LEXICAL else ""
        default = method == Options().align and not vetoed and not changed
        print(f"\nmethod {method}{vetoed}{' with ' + ' '.join(changed) if changed else ''}{' (default)' if default else ''}:")
        print(f"  same fact          P {r(st['both_same'], st['pred_same'])}  R {r(st['both_same'], st['gold_same'])}")
        for v in ("corroborated", "variant", "conflicting", "revision"):
            print(f"  {v:18} P {r(st[f'right:{v}'], st[f'pred:{v}'])}  R {r(st[f'found:{v}'], st[f'gold:{v}'])}")
        for v in ("conflicting", "revision"):
            print(f"  {v + ' (finding)':18} P {r(st[f'nright:{v}'], st[f'npred:{v}'])}  R {r(st[f'nfound:{v}'], st[f'gold:{v}'])}"
                  "  (the two claims a finding names)")
        print(f"  single-source claims with a labelled same-fact partner elsewhere: {r(st['single_elsewhere'], st['single'])}"
              f"  (asserted: {st['single_hinted']} more name a similar claim elsewhere)")
        print(f"  a single-source claim and the similar claim its group names, labelled the same fact: "
              f"{r(st['similar_same'], st['similar_pairs'])}")
        for v, row in errors[method]:
            label = "different fact" if row["same_fact"] is False else row["relation"]
            print(f"    wrong {v} (#{row['id']}, {row['source']} {row['story']}, labelled {label}):\n"
                  f"      a: {row['a']['text'][:200]}\n      b: {row['b']['text'][:200]}")
    only = "".join(f" --source {x}" for x in args.source or ()) + "".join(f" --batch {x}" for x in args.batch or ())
    only += "".join(f" --method {m}" for m in args.method or ())
    only += " --no-paraphrase" if args.no_paraphrase else ""
    only += f" --drop-paraphrase {args.drop_paraphrase}" if args.drop_paraphrase else ""
    only += f" --recall-steps {args.recall_steps}" if args.recall_steps else ""
    only += f" --fragments {args.fragments}" if args.fragments else ""
    only += " --no-frame-check" if args.no_frame_check else ""
    only += " --no-occasion" if args.no_occasion else ""
    only += " --occasion-sentence" if args.occasion_sentence else ""
    only += f" --chain-floor {args.chain_floor}" if args.chain_floor else ""
    only += f" --unproven {args.unproven}" if args.unproven else ""
    only += f" --main-event {args.main_event}" if args.main_event else ""
    only += " --durations" if args.durations else ""
    only += f" --background {args.background}" if args.background else ""
    only += f" --secondary-margin {args.secondary_margin}" if args.secondary_margin else ""
    only += f" --pair-model {args.pair_model}" if args.pair_model else ""
    only += f" --pairs {args.pairs}" if args.pairs else ""
    only += f" --veto {args.veto}" if args.veto else ""
    print(f"\n({time.time() - t0:.0f} s)  reproduce: .venv/bin/python benchmarks/bench_verdicts.py{only}")


if __name__ == "__main__":
    main()
