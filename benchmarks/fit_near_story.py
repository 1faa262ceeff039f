"""Fit the choices of dating from the nearest dated story, by 5-fold CV over ECB+ topics.

An undated article in no story with a dated member takes the window of the nearest
dated story (``stories.dates.near_window``) when the clustering model's join probability
to it reaches ``STORY_NEAR_FLOOR`` (and, with the own-story check, is not below the one
to its own story's other members) and its text scores the window within
``STORY_NEAR_FIT`` of its own best day. One run of ``eval.story_dates`` (the user's path,
leave one out) with no floor, no own-story check and no fit check records, for each
article it reaches, the similarities, the date its own text gives, and the date the
window gives at each fit tolerance (the stored parse read again: ``infer_publication``);
a second, ECB+ dev in one store (``record_negatives``), the ECB documents that would be
dated from another event's story. Each (floor, fit, own-story check) is then scored
offline (articles within 3 days less ECB documents dated from another event);
GroupKFold over ECB+ topics chooses the triple best on the other four folds for each
held-out fold. Every other article keeps its date, so the held-out figure is over all
articles, baseline (no step: its own text alone) beside it.

Run:  PYTHONPATH=src .venv/bin/python benchmarks/fit_near_story.py [--final PATH] [--save FILE | --rows FILE]
  --final PATH: score the shipped constants once on another file (GVC val, held out).
  --own-size: the own-story check only for an own story of more than S members (measured, not shipped).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

SHARED = Path(os.environ.get("STORYLINE_SHARED") or ROOT.parent / "shared")
ECB = SHARED / "data" / "ecbplus" / "dev.jsonl"
COMMAND = "PYTHONPATH=src .venv/bin/python benchmarks/fit_near_story.py"
FLOORS = (0.0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4)
FITS = (0.0, 1.0, 2.0, 3.0, 1e9)  # 1e9: no fit check (the window whenever it places the text)


def _near(value, true) -> bool:
    if not value:
        return False
    return abs((dt.date.fromisoformat(value[:10]) - dt.date.fromisoformat(true)).days) <= 3
OWN_MIN = 0  # the own-story check applies to an own story of more than this many members (--own-size)


def _own_sizes() -> tuple[dict[str, int], object]:
    """(article id -> members of its own story when dated from the nearest dated story, undo):
    ``pipeline._near_windows`` wrapped to note the size of the story it is given."""
    import storyline.pipeline as pipeline

    sizes: dict[str, int] = {}
    orig = pipeline._near_windows

    def near_windows(store, anns, windows, scores=None):
        for a in anns:
            sizes[a["id"]] = len(anns)
        return orig(store, anns, windows, scores)

    pipeline._near_windows = near_windows
    return sizes, lambda: setattr(pipeline, "_near_windows", orig)


def record(path: Path) -> list[dict]:
    """The eval's rows, each reached article with its similarity, own date, and the window's
    date at each fit tolerance."""
    import storyline.annotate.timex.infer as infer
    import storyline.stories.dates as dates
    from storyline import nlp as _nlp
    from storyline.annotate.timex import infer_publication
    from storyline.annotate.timex.tagger import analyse
    from storyline.eval.readers import labelled_records
    from storyline.eval.story_dates import FETCHED_AT, eval_story_dates, strip_date

    dates.NEAR_FLOOR, dates.NEAR_OWN, infer.STORY_NEAR_FIT = 0.0, False, 1e9
    sizes, undo = _own_sizes()
    try:
        rows = eval_story_dates(path, details=True)["rows"]
    finally:
        undo()
    docs = {d["id"]: d for d in labelled_records(path, ("id", "text", "story"))}
    nlp = _nlp.load()
    today = dt.date.fromisoformat(FETCHED_AT[:10])
    for r in rows:
        w = r["window"] or {}
        r["topic"] = docs[r["id"]].get("topic") or r["story"]
        if not w.get("near"):
            continue
        own = w.get("own") or {}
        window = {k: v for k, v in w.items() if k != "own"}
        text = strip_date(docs[r["id"]]["text"], r["true"])
        analysed = analyse(text, nlp(text))
        r["sim"] = w["near"]["similarity"]
        r["own_sim"] = w["near"].get("own")
        r["own_size"] = sizes.get(r["id"])
        r["own_value"] = own.get("value")
        r["by_fit"] = {}
        for fit in FITS:
            infer.STORY_NEAR_FIT = fit
            got = infer_publication(text, today=today, story=window, analysed=analysed)
            r["by_fit"][fit] = got["value"] if got else None
        r["near_story"] = w["near"]["story"]
    return rows


def record_negatives(path: Path) -> list[dict]:
    """Articles that must not take a nearest story's dates: ECB+ dev in one store as a user
    runs it (the ECB documents undated, the ECB+ ones dated). Each topic's ECB documents
    report another event than its ECB+ documents (years apart), so an ECB document dated
    from the nearest dated story (always an ECB+ one) gets another event's dates. For each
    ECB document in no story with a dated member: the similarity to the nearest dated
    story and, at each fit tolerance, whether its window is taken."""
    import tempfile

    import storyline.annotate.timex.infer as infer
    import storyline.stories.dates as dates
    from storyline.annotate.timex import infer_publication
    from storyline.annotate.timex.grammar import stored_candidates
    from storyline.eval.readers import labelled_records
    from storyline.eval.story_dates import FETCHED_AT
    from storyline.nlp.speed.blas import in_one_thread
    from storyline.options import Options
    from storyline.pipeline import annotate_store, cluster, date_from_story, ingest
    from storyline.store import Store

    dates.NEAR_FLOOR, dates.NEAR_OWN, infer.STORY_NEAR_FIT = 0.0, False, 1e9
    docs = {d["id"]: d for d in labelled_records(path, ("id", "text", "story"))}
    today = dt.date.fromisoformat(FETCHED_AT[:10])
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "all.jsonl"
        src.write_text("".join(json.dumps({"id": d["id"], "text": d["text"], "title": d.get("title"),
                                            "outlet": d.get("outlet"), "url": d.get("url"),
                                            "published": d.get("published"), "fetched_at": FETCHED_AT}) + "\n"
                               for d in docs.values()), encoding="utf-8")
        opts = Options().with_(db=str(Path(tmp) / "s.db"), progress=False, processes=1)
        store = Store(opts.db)
        try:
            ingest([str(src)], opts, store)
            in_one_thread(annotate_store)(store, opts)
            sizes, undo = _own_sizes()
            try:
                for story in cluster(store, opts):
                    members = list(store.articles(story["articles"]))
                    if any(a.published is None for a in members):
                        date_from_story(store, members, opts)
            finally:
                undo()
            for i, d in docs.items():
                if not i.endswith("ecb"):
                    continue
                ann = store.get_annotation(i) or {}
                w = ann.get("published_story") or {}
                if not w.get("near"):
                    continue
                window = {k: v for k, v in w.items() if k != "own"}
                saved = ann["timex_parse"]
                text = ann["text"][: saved["length"]]
                taken = {}
                for fit in FITS:
                    infer.STORY_NEAR_FIT = fit
                    got = infer_publication(text, today=today, story=window, analysed=stored_candidates(saved))
                    taken[fit] = bool(got) and any("nearest dated story" in e for e in got["evidence"])
                near_gold = {docs[m]["story"] for m in store.story(w["near"]["story"])["articles"]}
                out.append({"id": i, "topic": d.get("topic"), "sim": w["near"]["similarity"], "taken": taken,
                            "own_sim": w["near"].get("own"), "own_size": sizes.get(i),
                            "near_story": sorted(near_gold)})
        finally:
            store.close()
    return out


def _reached(r: dict, floor: float, own: bool) -> bool:
    """Whether the step takes the nearest story (before the fit check): similar enough, and
    (``own``) no nearer to its own story's other members."""
    return r["sim"] >= floor and not (own and r.get("own_sim") is not None and r["own_sim"] > r["sim"]
                                      and (r.get("own_size") or 99) > OWN_MIN)


def value(r: dict, floor: float, fit: float, own: bool = True):
    if "sim" not in r:
        return r["value"]
    return r["by_fit"][fit] if _reached(r, floor, own) else r["own_value"]


def score(rows: list[dict], floor: float, fit: float, own: bool = True) -> int:
    return sum(_near(value(r, floor, fit, own), r["true"]) for r in rows)


def wrong(negs: list[dict], floor: float, fit: float, own: bool = True) -> int:
    """ECB documents dated from another event's story."""
    return sum(1 for r in negs if _reached(r, floor, own) and r["taken"][fit])


def choose(rows: list[dict], negs: list[dict]) -> tuple[float, float, bool]:
    """The (floor, fit, own-story check) with most articles within 3 days less ECB
    documents dated from another event; ties: the check, the higher floor, the stricter fit."""
    return max(((fl, ft, ow) for fl in FLOORS for ft in FITS for ow in (False, True)),
               key=lambda x: (score(rows, *x) - wrong(negs, *x), x[2], x[0], -x[1]))


def _load(path: str, key: str) -> list[dict]:
    rows = json.loads(Path(path).read_text())
    for r in rows:
        if key in r:
            r[key] = {float(k): v for k, v in r[key].items()}
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--final", help="score the shipped constants on this file (held out: once)")
    ap.add_argument("--rows", help="reuse rows saved by an earlier run (JSON: ROWS and ROWS.neg)")
    ap.add_argument("--save", help="save the rows (JSON: SAVE and SAVE.neg)")
    ap.add_argument("--own-size", action="store_true",
                    help="the own-story check waived for small own stories, at the shipped floor and fit (CV)")
    args = ap.parse_args()
    if args.final:
        from storyline.options import STORY_NEAR_FIT, STORY_NEAR_FLOOR

        rows = record(Path(args.final))
        n = len(rows)
        reached = [r for r in rows if "sim" in r]
        print(f"{Path(args.final).name}: {n} articles, {len(reached)} reached (in no dated story)")
        print(f"shipped floor {STORY_NEAR_FLOOR}, fit {STORY_NEAR_FIT}: "
              f"{score(rows, STORY_NEAR_FLOOR, STORY_NEAR_FIT, True)}/{n} within 3 days; "
              f"without the step (own text): {score(rows, 2.0, 0.0)}/{n}")
        print(f"\ncommand: {COMMAND} --final {args.final}")
        return
    if args.rows:
        rows, negs = _load(args.rows, "by_fit"), _load(args.rows + ".neg", "taken")
    else:
        rows, negs = record(ECB), record_negatives(ECB)
    if args.save:
        Path(args.save).write_text(json.dumps(rows))
        Path(args.save + ".neg").write_text(json.dumps(negs))
    if args.own_size:
        _own_size_report(rows, negs)
        return
    from sklearn.model_selection import GroupKFold

    n = len(rows)
    reached = [r for r in rows if "sim" in r]
    print(f"ECB+ dev, leave one out: {n} articles; {len(reached)} in no story with a dated member (reached)")
    for r in sorted(reached, key=lambda r: -r["sim"]):
        print(f"  {r['id']}: similarity {r['sim']:.3f} (own story {r['own_sim']}), true {r['true']}, own {r['own_value']}, "
              f"window (fit 1) {r['by_fit'][1.0]}, window (no fit check) {r['by_fit'][1e9]}")
    print(f"ECB+ dev in one store: {len(negs)} ECB documents in no story with a dated member "
          f"(a nearest dated story is another event's)")
    for r in sorted(negs, key=lambda r: -r["sim"])[:15]:
        print(f"  {r['id']}: similarity {r['sim']:.3f} (own story {r['own_sim']}) to {r['near_story']}, "
              f"taken (fit 0/1/2/3/none): "
              + "".join("y" if r["taken"][f] else "n" for f in FITS))
    base = score(rows, 2.0, 0.0)  # no floor reached: every article keeps its own text's date
    fold_of = {}
    for k, (_, test) in enumerate(GroupKFold(n_splits=5).split(rows, groups=[r["topic"] for r in rows])):
        fold_of.update({rows[i]["topic"]: k for i in test})
    held = held_wrong = 0
    picks = []
    for k in range(5):
        train = [r for r in rows if fold_of[r["topic"]] != k]
        ntrain = [r for r in negs if fold_of.get(r["topic"]) != k]
        pick = choose(train, ntrain)
        picks.append(pick)
        held += score([r for r in rows if fold_of[r["topic"]] == k], *pick)
        held_wrong += wrong([r for r in negs if fold_of.get(r["topic"]) == k], *pick)
    print(f"\nheld-out folds (5-fold GroupKFold over topics): {held}/{n} within 3 days "
          f"({100 * held / n:.1f}%), {held_wrong}/{len(negs)} ECB documents dated from another event; "
          f"baseline (no step): {base}/{n} ({100 * base / n:.1f}%), 0")
    print("chosen per fold (floor, fit, own-story check):", picks)
    print("\nall ECB+ dev (in sample): within 3 days / ECB documents dated from another event, "
          "by floor (rows) and fit (columns):")
    for ow in (False, True):
        print(f"\nwith{'' if ow else 'out'} the own-story check:\n")
        print("| floor | " + " | ".join("none" if f >= 1e9 else f"{f:g}" for f in FITS) + " |")
        print("|---|" + "---|" * len(FITS))
        for fl in FLOORS:
            print(f"| {fl:g} | " + " | ".join(f"{score(rows, fl, ft, ow)} / {wrong(negs, fl, ft, ow)}"
                                             for ft in FITS) + " |")
    print(f"\ncommand: {COMMAND}")


def _own_size_report(rows: list[dict], negs: list[dict]) -> None:
    """The own-story check only for an own story of more than S members (S = 1: always, as
    shipped), at the shipped floor and fit: in sample, and S chosen by 5-fold GroupKFold over
    topics (objective as ``choose``; ties: the smaller S)."""
    from sklearn.model_selection import GroupKFold

    from storyline.options import STORY_NEAR_FIT, STORY_NEAR_FLOOR

    sizes = (1, 2, 3, 4, 5)
    n = len(rows)

    def at(s: int, rs: list[dict], ns: list[dict]) -> tuple[int, int]:
        global OWN_MIN
        OWN_MIN = s
        try:
            return score(rs, STORY_NEAR_FLOOR, STORY_NEAR_FIT, True), wrong(ns, STORY_NEAR_FLOOR, STORY_NEAR_FIT, True)
        finally:
            OWN_MIN = 0

    print(f"the own-story check only for an own story of more than S members (floor {STORY_NEAR_FLOOR}, "
          f"fit {STORY_NEAR_FIT}), ECB+ dev in sample:\n")
    print("| S | within 3 days (of {}) | ECB documents dated from another event (of {}) |".format(n, len(negs)))
    print("|---|---|---|")
    for s in sizes:
        ok, bad = at(s, rows, negs)
        print(f"| {s}{' (shipped)' if s == 1 else ''} | {ok} | {bad} |")
    held = held_bad = 0
    picks = []
    for _, test in GroupKFold(n_splits=5).split(rows, groups=[r["topic"] for r in rows]):
        test_topics = {rows[i]["topic"] for i in test}
        train = [r for r in rows if r["topic"] not in test_topics]
        ntrain = [r for r in negs if r.get("topic") not in test_topics]
        pick = max(sizes, key=lambda s: (at(s, train, ntrain)[0] - at(s, train, ntrain)[1], -s))
        picks.append(pick)
        ok, bad = at(pick, [r for r in rows if r["topic"] in test_topics],
                     [r for r in negs if r.get("topic") in test_topics])
        held, held_bad = held + ok, held_bad + bad
    base, base_bad = at(1, rows, negs)
    print(f"\nheld-out folds: {held}/{n} within 3 days, {held_bad} ECB documents dated from another event "
          f"(shipped: {base}/{n}, {base_bad}); S chosen per fold: {picks}")
    print(f"\ncommand: {COMMAND} --own-size")


if __name__ == "__main__":
    main()
