"""Pick claim pairs for hand labelling (benchmarks/data/verdict_pairs.jsonl).

Pairs of claims from different articles of one story: the seed reports, GVC val
incidents with several articles, and ECB+ dev stories of the training topics. Picked
with a fixed seed, stratified by word TF-IDF similarity (so that near copies, loose
paraphrases and unrelated claims all appear) and over-sampling pairs whose claims
both carry a figure about the same counted thing or a date (where conflicts,
revisions and scope differences live). The picking knows nothing of the labels; the
labels are written by hand afterwards (see benchmarks/data/README.md).

Run:  .venv/bin/python benchmarks/verdict_sample.py > pairs_to_label.jsonl
      .venv/bin/python benchmarks/verdict_sample.py --flagged > flagged_to_label.jsonl
      .venv/bin/python benchmarks/verdict_sample.py --disputed [--cache DIR] > disputed_to_label.jsonl
      .venv/bin/python benchmarks/verdict_sample.py --fresh [--cache DIR] > fresh_to_label.jsonl
      .venv/bin/python benchmarks/verdict_sample.py --samefact [--cache DIR] > samefact_to_label.jsonl
      .venv/bin/python benchmarks/verdict_sample.py --revision2 [--cache DIR] > revision2_to_label.jsonl
      .venv/bin/python benchmarks/verdict_sample.py --recall [--cache DIR] > recall_to_label.jsonl
      .venv/bin/python benchmarks/verdict_sample.py --paraphrase [--cache DIR] > paraphrase_to_label.jsonl
      .venv/bin/python benchmarks/verdict_sample.py --roles [--cache DIR] > roles_to_label.jsonl
      .venv/bin/python benchmarks/verdict_sample.py --disputes [--second | --findings] [--cache DIR] > disputes_to_label.jsonl
      .venv/bin/python benchmarks/verdict_sample.py --fragments [--cache DIR] > fragments_to_label.jsonl
      .venv/bin/python benchmarks/verdict_sample.py --fragments2 [--cache DIR] > fragments2_to_label.jsonl
      .venv/bin/python benchmarks/verdict_sample.py --frames [--cache DIR] > frames_to_label.jsonl
      .venv/bin/python benchmarks/verdict_sample.py --people [--cache DIR] > people_to_label.jsonl
      .venv/bin/python benchmarks/verdict_sample.py --corrob [--cache DIR] > corrob_to_label.jsonl
      .venv/bin/python benchmarks/verdict_sample.py --clauses [--cache DIR] > clauses_to_label.jsonl
      .venv/bin/python benchmarks/verdict_sample.py --blind4 --out DIR [--cache DIR]  (writes DIR/blind4_to_label.jsonl
          and DIR/blind4_key.jsonl, the second read only after labelling)
      .venv/bin/python benchmarks/verdict_sample.py --revision3 [--second] [--cache DIR] > revision3_to_label.jsonl
      .venv/bin/python benchmarks/verdict_sample.py --blind5 --out DIR [--cache DIR]  (writes DIR/blind5_to_label.jsonl
          and DIR/blind5_key.jsonl, the second read only after labelling)
      .venv/bin/python benchmarks/verdict_sample.py --blind6 --out DIR [--cache DIR]  (the blind5 protocol again at
          main 9053085, seed 75: DIR/blind6_to_label.jsonl and DIR/blind6_key.jsonl)
      .venv/bin/python benchmarks/verdict_sample.py --blind7 --out DIR [--cache DIR]  (the blind5 protocol again at
          main 882f9e3, seed 85: DIR/blind7_to_label.jsonl and DIR/blind7_key.jsonl)
      .venv/bin/python benchmarks/verdict_sample.py --blind8 --out DIR [--cache DIR]  (the blind5 protocol again at
          main e6a6498, seed 95: DIR/blind8_to_label.jsonl and DIR/blind8_key.jsonl)
      .venv/bin/python benchmarks/verdict_sample.py --blind9 --out DIR [--cache DIR]  (the blind5 protocol again at
          main e7c1af3, seed 96, with up to 40 pairs the conflicting findings name on every story)
      .venv/bin/python benchmarks/verdict_sample.py --blind10 --out DIR [--cache DIR]  (the blind9 protocol again at
          main ae3ed57, seed 97, with every pair the conflicting or revision findings name on every story)
      .venv/bin/python benchmarks/verdict_sample.py --blind11 --out DIR [--cache DIR]  (the blind10 protocol again at
          main ae3ed57 with blind10 in the file, seed 98)
      .venv/bin/python benchmarks/verdict_sample.py --blind12 --out DIR [--cache DIR]  (the blind10 protocol again at
          main 0111181 with blind10 and blind11 in the file, seed 99)
      .venv/bin/python benchmarks/verdict_sample.py --durations --out DIR [--cache DIR]  (every new pair a duration
          finding names on the census stories, compare/durations.py; ids 11800-11899)
      .venv/bin/python benchmarks/verdict_sample.py --census [--cache DIR]  (the default's verdicts and findings on
          every multi-article story at hand)
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict

import numpy as np

from pairdata import ROOT, annotate_cached, disputed_pairs, shared
from storyline.annotate import annotate_articles  # noqa: E402
from storyline.clean import clean_article  # noqa: E402
from storyline.compare.pairs import PairScores  # noqa: E402
from storyline.compare.units import build_units  # noqa: E402
from storyline.options import Options  # noqa: E402
from storyline.records import Article  # noqa: E402

SEED = 15
HELDOUT_TOPICS = {str(t) for t in range(28, 36)}  # ECB+ topics held out of everything
REVISION2_CANDIDATES = 6  # candidate revisions picked per story (fixed seed)
PER_STORY = {"seeds": 40, "gvc": 7, "ecb": 10}
ECB_STORIES = ["1_ecbplus", "3_ecb", "4_ecbplus", "8_ecb", "12_ecbplus", "16_ecb", "19_ecbplus", "22_ecb",
               "24_ecbplus", "26_ecb"]


def load_stories(more: bool = False, fresh: bool = False, revision2: bool = False) -> list[tuple[str, str, list[Article]]]:
    """The labelled stories; ``more`` adds every other ECB+ dev story of the training
    topics, all documents (story ``<topic>_ecb[plus]:all``), for the conflict/revision batch;
    ``fresh`` only the stories of the held-out topics 28-35 (all documents), for the batch
    labelled after the conflict rule was written."""
    if fresh:
        return _fresh_stories()
    if revision2:
        return _revision2_stories()
    out = []
    seeds = [clean_article(Article(id=p.stem, raw_text=p.read_text(encoding="utf-8"),
                                   published="2025-12-02T00:00:00+00:00"))
             for p in sorted((ROOT / "examples").glob("*.txt"))]
    out.append(("seeds", "seeds", seeds))
    gvc = defaultdict(list)
    for r in map(json.loads, (shared() / "data/gvc/val.jsonl").open(encoding="utf-8")):
        gvc[str(r["story"])].append(r)
    multi = sorted(k for k, v in gvc.items() if len(v) >= 2)
    for k in multi:
        arts = [clean_article(Article(id=r["id"], raw_text=r["text"], title=r.get("title"), published=r.get("published")))
                for r in gvc[k]]
        out.append(("gvc", k, arts))
    ecb = defaultdict(list)
    for r in map(json.loads, (shared() / "data/ecbplus/dev.jsonl").open(encoding="utf-8")):
        if r["story"] in ECB_STORIES:
            ecb[r["story"]].append(r)
    for k in ECB_STORIES:
        rows = sorted(ecb[k], key=lambda r: r["id"])[:8]  # the first eight documents: pairs stay readable
        arts = [clean_article(Article(id=r["id"], raw_text=r["text"], title=r.get("title"), published=r.get("published")))
                for r in rows]
        out.append(("ecb", k, arts))
    if more:
        rest = defaultdict(list)
        for r in map(json.loads, (shared() / "data/ecbplus/dev.jsonl").open(encoding="utf-8")):
            if r["story"] not in ECB_STORIES and str(r["topic"]) not in HELDOUT_TOPICS:
                rest[r["story"]].append(r)
        for k in sorted(rest, key=lambda s: (int(s.split("_")[0]), s)):
            arts = [clean_article(Article(id=r["id"], raw_text=r["text"], title=r.get("title"), published=r.get("published")))
                    for r in sorted(rest[k], key=lambda r: r["id"])]
            out.append(("ecb", f"{k}:all", arts))
    return out


def _fresh_stories() -> list[tuple[str, str, list[Article]]]:
    rows = defaultdict(list)
    for r in map(json.loads, (shared() / "data/ecbplus/dev.jsonl").open(encoding="utf-8")):
        if str(r["topic"]) in HELDOUT_TOPICS:
            rows[r["story"]].append(r)
    return [("ecb", f"{k}:all", [clean_article(Article(id=r["id"], raw_text=r["text"], title=r.get("title"),
                                                        published=r.get("published")))
                                  for r in sorted(rows[k], key=lambda r: r["id"])])
            for k in sorted(rows, key=lambda s: (int(s.split("_")[0]), s))]


def _article(r: dict) -> Article:
    return clean_article(Article(id=r["id"], raw_text=r["text"], title=r.get("title"), published=r.get("published")))


def _revision2_stories() -> list[tuple[str, str, list[Article]]]:
    """The ten ECB+ stories of the first batch with all their documents (story
    ``<story>:all10``; only pairs with a document past the first eight are new), and
    the MEANTIME (Wikinews) stories of two or more articles as ``storyline run``
    clusters them (benchmarks/data/meantime_stories.json)."""
    ecb = defaultdict(list)
    for r in map(json.loads, (shared() / "data/ecbplus/dev.jsonl").open(encoding="utf-8")):
        if r["story"] in ECB_STORIES:
            ecb[r["story"]].append(r)
    out = [("ecb", f"{k}:all10", [_article(r) for r in sorted(ecb[k], key=lambda r: r["id"])])
           for k in ECB_STORIES if len(ecb[k]) > 8]
    mt = {r["id"]: r for r in map(json.loads, (shared() / "data/meantime/timex.jsonl").open(encoding="utf-8"))}
    groups = json.loads((ROOT / "benchmarks/data/meantime_stories.json").read_text(encoding="utf-8"))
    out += [("meantime", k, [_article(mt[i]) for i in ids]) for k, ids in groups.items()]
    return out


def _first_eight(story: str, arts: list[Article]) -> set[str]:
    """The documents of a ``:all10`` story that the first batch already used."""
    return {a.id for a in arts[:8]} if story.endswith(":all10") else set()


def pick(units: list[dict], n: int, rng: random.Random) -> list[tuple[int, int]]:
    scores = PairScores(units)
    strata = defaultdict(list)
    for i in range(len(units)):
        for j in range(i + 1, len(units)):
            if units[i]["article_id"] == units[j]["article_id"]:
                continue
            w, _ = scores.cos(i, j)
            slot = bool({q.get("counted") for q in units[i]["quantities"]} & {q.get("counted") for q in units[j]["quantities"]} - {None}) \
                or bool(units[i]["timexes"] and units[j]["timexes"])
            band = 3 if w >= 0.5 else 2 if w >= 0.25 else 1 if w >= 0.1 else 0
            strata[(band, slot)].append((i, j))
    # shares of the pick per stratum: similar and slot-sharing pairs over-sampled
    want = {(3, True): 2, (3, False): 2, (2, True): 2, (2, False): 2, (1, True): 2, (1, False): 1, (0, True): 1,
            (0, False): 1}
    total = sum(want.values())
    out = []
    for key in sorted(want):
        pool = sorted(strata.get(key, []))
        k = min(len(pool), round(n * want[key] / total))
        out += rng.sample(pool, k)
    return sorted(set(out))


def pair_line(pid: str, source: str, story: str, a: dict, b: dict, published: dict) -> str:
    """One labelling record (JSON line): two claims by their raw offsets, text and date."""
    def side(m: dict) -> dict:
        return {"article_id": m["article_id"], "raw_start": m["raw_start"], "raw_end": m["raw_end"],
                "text": m["text"], "published": published[m["article_id"]]}
    return json.dumps({"pid": pid, "source": source, "story": story, "a": side(a), "b": side(b)}, ensure_ascii=False)


def pair_key(a: dict, b: dict) -> frozenset:
    """Two claims by their articles and raw offsets, in either order."""
    return frozenset({(a["article_id"], a["raw_start"]), (b["article_id"], b["raw_start"])})


def cross_article_pairs(members: list[dict]) -> list[tuple[dict, dict]]:
    """The member pairs of a group from two different articles, in member order."""
    return [(a, b) for x, a in enumerate(members) for b in members[x + 1:] if a["article_id"] != b["article_id"]]


def labelled_rows():
    """The pairs already in verdict_pairs.jsonl, one dict each."""
    with (ROOT / "benchmarks/data/verdict_pairs.jsonl").open(encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def rows_before(batch: str):
    """The labelled pairs the file held before ``batch`` was added (the file grows by appending, so
    the rows above the batch's first row; every row while the batch is not in it): a blind batch
    drawn again reads the file as it was, whatever batches came after it."""
    for r in labelled_rows():
        if r["batch"] == batch:
            return
        yield r


def labelled_keys() -> set[frozenset]:
    """``pair_key`` of every pair already labelled: a new batch never repeats one."""
    return {pair_key(r["a"], r["b"]) for r in labelled_rows()}


def grouped_pairs(rep: dict) -> dict[frozenset, tuple[dict, dict]]:
    """Every cross-article member pair of a report's groups, by ``pair_key``."""
    return {pair_key(a, b): (a, b) for g in rep["groups"] for a, b in cross_article_pairs(g["members"])}


def main() -> None:
    rng = random.Random(SEED)
    n = 0
    for source, story, arts in load_stories():
        anns = list(annotate_articles(arts, Options(progress=False)))
        units = build_units(arts, anns)
        pub = {a.id: a.published for a in arts}
        for i, j in pick(units, PER_STORY[source], rng):
            a, b = units[i], units[j]
            n += 1
            print(pair_line(f"{source}:{story}:{n}", source, story, a, b, pub))
    print(f"{n} pairs", file=sys.stderr)




def flagged() -> None:
    """Second batch: member pairs of groups that either method calls conflicting,
    revision or variant (those verdicts are rare among random pairs), for labelling."""
    from storyline.compare import compare_story
    from storyline.compare.align import METHODS

    rng = random.Random(SEED + 1)
    seen, n = set(), 0
    for source, story, arts in load_stories():
        anns = list(annotate_articles(arts, Options(progress=False)))
        pub = {a.id: a.published for a in arts}
        for method in METHODS:
            rep = compare_story({"id": story}, arts, anns, [], method=method)
            for g in rep["groups"]:
                if g["verdict"] not in ("conflicting", "revision", "variant"):
                    continue
                pairs = cross_article_pairs(g["members"])
                for a, b in rng.sample(pairs, min(2, len(pairs))):
                    key = (a["article_id"], a["raw_start"], b["article_id"], b["raw_start"])
                    if key in seen:
                        continue
                    seen.add(key)
                    n += 1
                    print(pair_line(f"flagged:{source}:{story}:{n}", source, story, a, b, pub))
    print(f"{n} flagged pairs", file=sys.stderr)


def disputed(cache: str | None) -> None:
    """Third batch: member pairs of groups that either method calls conflicting or
    revision, over the seeds, every GVC val incident with several articles and every
    ECB+ dev story of the training topics (all documents), up to two pairs per group;
    pairs already in the labelled file are skipped. For the precision of those two
    verdicts, which rest on very few pairs otherwise."""
    from storyline.compare import compare_story
    from storyline.compare.align import METHODS

    have = set()
    for line in (ROOT / "benchmarks/data/verdict_pairs.jsonl").open(encoding="utf-8"):
        r = json.loads(line)
        have.add((r["a"]["article_id"], r["a"]["raw_start"], r["b"]["article_id"], r["b"]["raw_start"]))
    rng = random.Random(SEED + 2)
    n = 0
    for source, story, arts in load_stories(more=True):
        anns = annotate_cached(arts, cache)
        pub = {a.id: a.published for a in arts}
        for method in METHODS:
            rep = compare_story({"id": story}, arts, anns, [], method=method)
            for g in rep["groups"]:
                if g["verdict"] not in ("conflicting", "revision"):
                    continue
                pairs = cross_article_pairs(g["members"])
                for a, b in rng.sample(pairs, min(2, len(pairs))):
                    key = (a["article_id"], a["raw_start"], b["article_id"], b["raw_start"])
                    if key in have:
                        continue
                    have.add(key)
                    n += 1
                    print(pair_line(f"disputed:{source}:{story}:{n}", source, story, a, b, pub))
    print(f"{n} disputed pairs", file=sys.stderr)


def fresh(cache: str | None) -> None:
    """Fourth batch, after the conflict rule was written: every pair of claims that a
    conflicting or revision finding names (either method) on the stories of the
    held-out ECB+ topics 28-35, which no earlier batch used; on stderr, how many
    conflicting/revision groups and findings each method emits there."""
    from storyline.compare import compare_story
    from storyline.compare.align import METHODS

    seen, n = set(), 0
    counts = {m: defaultdict(int) for m in METHODS}
    for source, story, arts in load_stories(fresh=True):
        anns = annotate_cached(arts, cache)
        pub = {a.id: a.published for a in arts}
        for method in METHODS:
            rep = compare_story({"id": story}, arts, anns, [], method=method)
            text = {(m["article_id"], m["raw_start"]): m for g in rep["groups"] for m in g["members"]}
            for g in rep["groups"]:
                counts[method][g["verdict"]] += 1
                counts[method]["findings:" + g["verdict"]] += sum(f["relation"] in ("disjoint", "revision")
                                                                  for f in g["findings"])
            for pair in sorted(disputed_pairs(rep), key=sorted):
                a, b = (text[k] for k in sorted(pair))
                key = (a["article_id"], a["raw_start"], b["article_id"], b["raw_start"])
                if key in seen:
                    continue
                seen.add(key)
                n += 1
                print(pair_line(f"fresh:{source}:{story}:{n}", source, story, a, b, pub))
    for m in METHODS:
        c = counts[m]
        print(f"{m}: conflicting groups {c['conflicting']} ({c['findings:conflicting']} conflict/revision findings), "
              f"revision groups {c['revision']} ({c['findings:revision']}), variant {c['variant']}, "
              f"corroborated {c['corroborated']}", file=sys.stderr)
    print(f"{n} fresh pairs named by a conflicting/revision finding", file=sys.stderr)


SAMEFACT_GROUPED, SAMEFACT_NEAR = 5, 1  # pairs per story: grouped by a method, near misses


def samefact(cache: str | None) -> None:
    """Fifth batch, for same-fact precision: on the stories of ECB+ topics 28-35 (where
    the ``fresh`` batch took only the pairs conflict findings name), cross-article member
    pairs of groups that either method forms (picked at random, up to SAMEFACT_GROUPED
    per story) and near misses (pairs neither method groups whose lexical similarity is
    within 0.08 below the threshold; up to SAMEFACT_NEAR per story). Pairs already
    labelled are skipped; the records say nothing of which method grouped them, and are
    printed in a shuffled order, so the labeller cannot tell."""
    from storyline.compare import compare_story
    from storyline.compare.align import METHODS, THRESHOLD
    from storyline.compare.pairsim import PairSimilarity

    have = labelled_keys()
    rng = random.Random(SEED + 4)
    out, n_grouped, n_near = [], 0, 0
    for source, story, arts in load_stories(fresh=True):
        anns = annotate_cached(arts, cache)
        pub = {a.id: a.published for a in arts}
        grouped: dict[frozenset, tuple[dict, dict]] = {}
        for method in METHODS:
            rep = compare_story({"id": story}, arts, anns, [], method=method)
            for g in rep["groups"]:
                for a, b in cross_article_pairs(g["members"]):
                    key = pair_key(a, b)
                    if key not in have:
                        grouped.setdefault(key, (a, b))
        units = build_units(arts, anns)
        sim = PairSimilarity.build(units)
        I, J, V = sim.edges(THRESHOLD - 0.08)
        near = {}
        for i, j, v in zip(I.tolist(), J.tolist(), V.tolist()):
            a, b = units[i], units[j]
            key = pair_key(a, b)
            if v < THRESHOLD and a["article_id"] != b["article_id"] and key not in grouped and key not in have:
                near.setdefault(key, (a, b))
        pick_g = rng.sample(sorted(grouped, key=sorted), min(SAMEFACT_GROUPED, len(grouped)))
        pick_n = rng.sample(sorted(near, key=sorted), min(SAMEFACT_NEAR, len(near)))
        n_grouped += len(pick_g)
        n_near += len(pick_n)
        for key in pick_g + pick_n:
            have.add(key)
            out.append((source, story, *(grouped.get(key) or near[key]), pub))
    rng.shuffle(out)
    for n, (source, story, a, b, pub) in enumerate(out, 1):
        print(pair_line(f"samefact:{source}:{story}:{n}", source, story, a, b, pub))
    print(f"{len(out)} samefact pairs ({n_grouped} grouped by a method, {n_near} near misses)", file=sys.stderr)



RECALL_MISSED, RECALL_GROUPED = 72, 18  # pairs the default leaves apart (stratified), grouped pairs
RECALL_PER_STORY = 2  # at most this many missed pairs of one story per stratum


def _recall_stories() -> list[tuple[str, str, list[Article]]]:
    """The stories of ECB+ topics 28-35 (all documents) and the GVC val incidents with two or
    more articles that the clustering fit holds out (sha256(incident) % 4 == 0)."""
    import hashlib

    gvc = defaultdict(list)
    for r in map(json.loads, (shared() / "data/gvc/val.jsonl").open(encoding="utf-8")):
        gvc[str(r["story"])].append(r)
    held = sorted(k for k, v in gvc.items()
                  if len(v) >= 2 and int(hashlib.sha256(k.encode()).hexdigest()[:12], 16) % 4 == 0)
    return load_stories(fresh=True) + [("gvc", k, [_article(r) for r in gvc[k]]) for k in held]


def recall_strata(units: list[dict]):
    """For each cross-article pair (i < j): (i, j, stratum, plain similarity), the stratum
    being what a recall rule could use: one main predicate (one inflection key, or one's
    predicate among the other's verbs), a shared named participant, a shared figure of one
    counted thing or one resolved day, and the similarity band (0.10-0.22 or below)."""
    from storyline.compare.pairsim import PairSimilarity
    from storyline.compare.predicates import Predicates
    from storyline.compare.slots import _day, number_agreement

    preds = Predicates(units)
    sim = PairSimilarity.build(units).without_predicates()
    n = len(units)
    I, J = np.triu_indices(n, 1)
    art = np.array([u["article_index"] for u in units])
    keep = art[I] != art[J]
    I, J = I[keep], J[keep]
    V = sim.values(I, J)
    ki, kj = preds.key[I], preds.key[J]
    same_pred = (ki != 0) & (kj != 0) & ((ki == kj) | preds._states(I, J) | preds._states(J, I))
    ents = [set(u["entities"]) for u in units]
    days = [{_day(t.get("value")) for t in u["timexes"] if t.get("type") in ("DATE", "TIME")} - {None, ""}
            for u in units]
    for i, j, v, p in zip(I.tolist(), J.tolist(), V.tolist(), same_pred.tolist()):
        part = bool(ents[i] & ents[j])
        slot = bool(days[i] & days[j]) or number_agreement(units[i], units[j]) > 0
        band = "0.10-0.22" if 0.10 <= v < 0.22 else "<0.10" if v < 0.10 else ">=0.22"
        yield i, j, (p, part, slot, band), v


def recall(cache: str | None) -> None:
    """Seventh batch, before a recall step was written (issue 15): on the stories of ECB+
    topics 28-35 and the GVC val incidents held out of the clustering fit, cross-article
    claim pairs that the default (lexical) does not group, stratified by what a recall rule
    could use (``recall_strata``), at most RECALL_PER_STORY per story and stratum, plus
    random member pairs of its groups (so the precision of the whole decision stays
    scorable). Pairs already labelled are skipped; printed shuffled, saying nothing of
    the stratum or the grouping. (The batch was picked with the default as it was before
    the recall join; the grouping it reads now includes the join.)"""
    from storyline.compare import compare_story

    have = labelled_keys()
    rng = random.Random(SEED + 5)
    pools: dict[tuple, list] = defaultdict(list)
    grouped_pool = []
    for source, story, arts in _recall_stories():
        anns = annotate_cached(arts, cache)
        pub = {a.id: a.published for a in arts}
        rep = compare_story({"id": story}, arts, anns, [])
        together = set()
        for g in rep["groups"]:
            for a, b in cross_article_pairs(g["members"]):
                key = pair_key(a, b)
                together.add(key)
                if key not in have:
                    grouped_pool.append((source, story, a, b, pub))
        units = build_units(arts, anns)
        for i, j, stratum, _ in recall_strata(units):
            a, b = units[i], units[j]
            key = pair_key(a, b)
            if key in together or key in have or stratum[3] == ">=0.22":
                continue
            pools[stratum].append((source, story, a, b, pub))
    # shares per stratum: what a recall rule reads (predicate, participant) over-sampled
    def weight(st):
        p, part, slot, band = st
        return (3 if p else 1) * (2 if part else 1) * (1.5 if slot else 1) * (2 if band == "0.10-0.22" else 1)
    strata = sorted(pools, key=str)
    total = sum(weight(s) for s in strata)
    out = []
    for st in strata:
        want = max(1, round(RECALL_MISSED * weight(st) / total))
        pool = sorted(pools[st], key=lambda x: (x[1], x[2]["article_id"], x[2]["raw_start"], x[3]["article_id"],
                                                x[3]["raw_start"]))
        rng.shuffle(pool)
        per: dict[str, int] = defaultdict(int)
        got = 0
        for x in pool:
            key = pair_key(x[2], x[3])
            if got >= want or per[x[1]] >= RECALL_PER_STORY or key in have:
                continue
            per[x[1]] += 1
            got += 1
            have.add(key)
            out.append(x)
        print(f"stratum {st}: {len(pools[st])} pairs, picked {got}", file=sys.stderr)
    grouped_pool.sort(key=lambda x: (x[1], x[2]["article_id"], x[2]["raw_start"], x[3]["article_id"], x[3]["raw_start"]))
    picked_g = [x for x in rng.sample(grouped_pool, min(RECALL_GROUPED * 2, len(grouped_pool)))
                if pair_key(x[2], x[3]) not in have][:RECALL_GROUPED]
    out += picked_g
    rng.shuffle(out)
    for n, (source, story, a, b, pub) in enumerate(out, 1):
        print(pair_line(f"recall:{source}:{story}:{n}", source, story, a, b, pub))
    print(f"{len(out)} recall pairs ({len(out) - len(picked_g)} not grouped by the default, {len(picked_g)} grouped)",
          file=sys.stderr)


PARAPHRASE_ADDED, PARAPHRASE_GROUPED, PARAPHRASE_APART = 30, 10, 10
PARAPHRASE_PER_STORY = 3  # at most this many added pairs of one story


def paraphrase(cache: str | None) -> None:
    """Eighth batch, after the recall steps of fit_paraphrase.py were fitted (issue 15), on
    the stories of the recall batch (ECB+ topics 28-35, the GVC val incidents held out of
    the clustering fit): the cross-article member pairs the default groups with
    RECALL_FLOOR2 and RECALL_SECONDARY and not without them (at most
    PARAPHRASE_PER_STORY per story), mixed with pairs grouped either way and pairs left
    apart either way that share a participant, so that labelling cannot tell which is
    which. Pairs already labelled are skipped; printed shuffled."""
    from storyline.compare import compare_story, grouping

    have = labelled_keys()
    rng = random.Random(SEED + 6)
    added, grouped, apart = [], [], []
    shipped = (grouping.RECALL_FLOOR2, grouping.RECALL_SECONDARY)

    try:
        for source, story, arts in _recall_stories():
            anns = annotate_cached(arts, cache)
            pub = {a.id: a.published for a in arts}
            grouping.RECALL_FLOOR2, grouping.RECALL_SECONDARY = shipped
            new = grouped_pairs(compare_story({"id": story}, arts, anns, []))
            grouping.RECALL_FLOOR2, grouping.RECALL_SECONDARY = None, None
            old = grouped_pairs(compare_story({"id": story}, arts, anns, []))
            mine = sorted((k for k in new if k not in old and k not in have), key=lambda k: sorted(k))
            for k in rng.sample(mine, min(PARAPHRASE_PER_STORY, len(mine))):
                added.append((source, story, *new[k], pub))
            grouped += [(source, story, *new[k], pub) for k in sorted(new, key=lambda k: sorted(k))
                        if k in old and k not in have]
            units = build_units(arts, anns)
            for i, j, stratum, _ in recall_strata(units):
                k = pair_key(units[i], units[j])
                if stratum[1] and k not in new and k not in old and k not in have:
                    apart.append((source, story, units[i], units[j], pub))
    finally:
        grouping.RECALL_FLOOR2, grouping.RECALL_SECONDARY = shipped
    out = rng.sample(added, min(PARAPHRASE_ADDED, len(added)))
    out += rng.sample(grouped, min(PARAPHRASE_GROUPED, len(grouped)))
    out += rng.sample(apart, min(PARAPHRASE_APART, len(apart)))
    rng.shuffle(out)
    for n, (source, story, a, b, pub) in enumerate(out, 1):
        print(pair_line(f"paraphrase:{source}:{story}:{n}", source, story, a, b, pub))
    print(f"{len(out)} paraphrase pairs ({min(PARAPHRASE_ADDED, len(added))} of {len(added)} added by the steps, "
          f"{min(PARAPHRASE_GROUPED, len(grouped))} grouped either way, {min(PARAPHRASE_APART, len(apart))} apart)",
          file=sys.stderr)
ROLES_GROUPED, ROLES_NEAR = 70, 16  # member pairs of the default's groups, near misses under its threshold
ROLES_PER_STORY = 3  # at most this many grouped pairs of one story (fewer for stories labelled most)
ROLES_NEAR_BAND = 0.06  # a near miss: similarity in [threshold - band, threshold)


def _roles_stories() -> list[tuple[str, str, list[Article]]]:
    """The stories earlier batches used least: the ECB+ dev stories of topics 28-35 (all
    documents) and every GVC val incident with two or more articles."""
    gvc = [x for x in load_stories() if x[0] == "gvc"]
    return load_stories(fresh=True) + gvc


def near_misses(arts: list[Article], anns: list[dict], fresh) -> list[tuple[dict, dict]]:
    """Cross-article claim pairs of a story the default leaves apart whose similarity is
    within ROLES_NEAR_BAND under the threshold and whose key ``fresh`` accepts, in a fixed
    order (article, offset)."""
    from storyline.compare.align import THRESHOLD
    from storyline.compare.pairsim import PairSimilarity

    units = build_units(arts, anns)
    I, J, V = PairSimilarity.build(units).edges(THRESHOLD - ROLES_NEAR_BAND)
    near = []
    for i, j, v in zip(I.tolist(), J.tolist(), V.tolist()):
        a, b = units[i], units[j]
        if v < THRESHOLD and a["article_id"] != b["article_id"] and fresh(pair_key(a, b)):
            near.append((a, b))
    near.sort(key=lambda x: (x[0]["article_id"], x[0]["raw_start"], x[1]["article_id"], x[1]["raw_start"]))
    return near


def roles(cache: str | None) -> None:
    """Eighth batch, before the participant/place/time checks of the same-fact decision
    (issue 15): on the stories earlier batches used least (``_roles_stories``), random
    cross-article member pairs of the default's groups (up to ROLES_PER_STORY per story,
    one fewer for every ten pairs of the story already labelled, at least one), and near
    misses (pairs it leaves apart whose similarity is within ROLES_NEAR_BAND under the
    threshold, one per story at most), so that recall lost by a check is visible. Pairs
    already labelled are skipped; printed shuffled, saying nothing of the grouping."""
    from storyline.compare import compare_story

    have, used = set(), defaultdict(int)
    for r in labelled_rows():
        have.add(pair_key(r["a"], r["b"]))
        used[(r["source"], r["story"].split(":")[0])] += 1
    rng = random.Random(SEED + 6)
    grouped_pool, near_pool = [], []
    for source, story, arts in _roles_stories():
        anns = annotate_cached(arts, cache)
        pub = {a.id: a.published for a in arts}
        rep = compare_story({"id": story}, arts, anns, [])
        together = {}
        for g in rep["groups"]:
            for a, b in cross_article_pairs(g["members"]):
                together.setdefault(pair_key(a, b), (a, b))
        cap = max(1, ROLES_PER_STORY - used[(source, story.split(":")[0])] // 10)
        keys = sorted((k for k in together if k not in have), key=sorted)
        for k in rng.sample(keys, min(cap, len(keys))):
            grouped_pool.append((source, story, *together[k], pub))
        near = near_misses(arts, anns, lambda k: k not in together and k not in have)
        if near:
            a, b = rng.choice(near)
            near_pool.append((source, story, a, b, pub))
    out = rng.sample(grouped_pool, min(ROLES_GROUPED, len(grouped_pool)))
    out += rng.sample(near_pool, min(ROLES_NEAR, len(near_pool)))
    rng.shuffle(out)
    for n, (source, story, a, b, pub) in enumerate(out, 1):
        print(pair_line(f"roles:{source}:{story}:{n}", source, story, a, b, pub))
    print(f"{len(out)} roles pairs ({min(ROLES_GROUPED, len(grouped_pool))} of {len(grouped_pool)} grouped, "
          f"{min(ROLES_NEAR, len(near_pool))} of {len(near_pool)} near misses)", file=sys.stderr)

FRAMES_GROUPED, FRAMES_NEAR = 66, 15  # member pairs of the default's groups, near misses under its threshold
FRAMES_PER_STORY = 3  # at most this many grouped pairs of one story


def frames(cache: str | None) -> None:
    """Ninth batch, before the frame check of the same-fact decision (issue 15: one
    incident, different predicates): on the seeds, every GVC val incident with two or more
    articles and the ECB+ dev stories of topics 28-35 (all documents; topics 1-27 are where
    the check's trigger statistics are fitted), random cross-article member pairs of the
    default's groups (up to FRAMES_PER_STORY per story) and near misses (pairs it leaves apart
    whose similarity is within ROLES_NEAR_BAND under the threshold, one per story at most),
    both claims of a pair new to the file (no claim of an earlier labelled pair), so that
    the batch reads claims no earlier batch read. Printed shuffled, saying nothing of the
    grouping."""
    from storyline.compare import compare_story

    seen = set()  # claims of earlier pairs, by (article id, raw start)
    for r in labelled_rows():
        seen |= set(pair_key(r["a"], r["b"]))
    rng = random.Random(SEED + 8)
    grouped_pool, near_pool = [], []
    stories = [x for x in load_stories() if x[0] == "seeds"] + _roles_stories()
    for source, story, arts in stories:
        anns = annotate_cached(arts, cache)
        pub = {a.id: a.published for a in arts}
        rep = compare_story({"id": story}, arts, anns, [])
        together = {}
        for g in rep["groups"]:
            for a, b in cross_article_pairs(g["members"]):
                together.setdefault(pair_key(a, b), (a, b))
        new = lambda k: not (k & seen)  # noqa: E731
        keys = sorted((k for k in together if new(k)), key=sorted)
        for k in rng.sample(keys, min(FRAMES_PER_STORY, len(keys))):
            grouped_pool.append((source, story, *together[k], pub))
        near = near_misses(arts, anns, lambda k: k not in together and new(k))
        if near:
            a, b = rng.choice(near)
            near_pool.append((source, story, a, b, pub))
    out = rng.sample(grouped_pool, min(FRAMES_GROUPED, len(grouped_pool)))
    out += rng.sample(near_pool, min(FRAMES_NEAR, len(near_pool)))
    rng.shuffle(out)
    for n, (source, story, a, b, pub) in enumerate(out, 1):
        print(pair_line(f"frames:{source}:{story}:{n}", source, story, a, b, pub))
    print(f"{len(out)} frames pairs ({min(FRAMES_GROUPED, len(grouped_pool))} of {len(grouped_pool)} grouped, "
          f"{min(FRAMES_NEAR, len(near_pool))} of {len(near_pool)} near misses)", file=sys.stderr)


CORROB_PAIRS, CORROB_PER_STORY = 80, 4  # member pairs of corroborated groups; at most this many of one story


def corrob(cache: str | None) -> None:
    """Tenth batch, before checks against false corroboration (issue 15): on the frames
    batch's stories (the seeds, every GVC val incident with two or more articles, the ECB+
    dev stories of topics 28-35), random cross-article member pairs of the default's
    CORROBORATED groups only (the verdict judged), drawn uniformly over a story's pairs (a
    big group weighs by its pairs, as the score counts them), up to CORROB_PER_STORY per
    story, both claims new to the file. Printed shuffled, saying nothing of the group."""
    from storyline.compare import compare_story

    seen = set()  # claims of earlier pairs, by (article id, raw start)
    for r in labelled_rows():
        seen |= set(pair_key(r["a"], r["b"]))
    rng = random.Random(SEED + 10)
    pool = []
    stories = [x for x in load_stories() if x[0] == "seeds"] + _roles_stories()
    for source, story, arts in stories:
        anns = annotate_cached(arts, cache)
        pub = {a.id: a.published for a in arts}
        rep = compare_story({"id": story}, arts, anns, [])
        together = {}
        for g in rep["groups"]:
            if g["verdict"] != "corroborated":
                continue
            for a, b in cross_article_pairs(g["members"]):
                together.setdefault(pair_key(a, b), (a, b))
        keys = sorted((k for k in together if not (k & seen)), key=sorted)
        for k in rng.sample(keys, min(CORROB_PER_STORY, len(keys))):
            pool.append((source, story, *together[k], pub))
    out = rng.sample(pool, min(CORROB_PAIRS, len(pool)))
    rng.shuffle(out)
    for n, (source, story, a, b, pub) in enumerate(out, 1):
        print(pair_line(f"corrob:{source}:{story}:{n}", source, story, a, b, pub))
    print(f"{len(out)} corrob pairs (of {len(pool)} drawn from {len(stories)} stories)", file=sys.stderr)


FRAGMENTS_ADDED, FRAGMENTS_GROUPED = 40, 12  # pairs the fragment merge adds; pairs grouped either way
FRAGMENTS_PER_STORY = 3  # at most this many added pairs of one story
# the candidates measured (fit_fragments.py): floor, links, verbs, articles, mean. First batch: the most precise
# setting with "none" on ECB+ topics 1-27 with 100 added pairs or more; second (--fragments2): the one most CV
# folds picked once "first" was in the grid
FRAGMENTS_SETTING = (0.22, 1, True, "none", 0.16)
FRAGMENTS2_SETTING = (0.22, 1, True, "first", 0.18)


def fragments(cache: str | None, setting: tuple = FRAGMENTS_SETTING, tag: str = "fragments") -> None:
    """Tenth batch, before the fragment merge is scored on anything but ECB+ topics 1-27
    (issue 15): on the stories earlier batches used least (``_roles_stories``), the
    cross-article member pairs the default groups with the merge at ``setting`` and
    not without it (at most FRAGMENTS_PER_STORY per story), mixed with member pairs grouped
    either way, so that labelling cannot tell which is which. Pairs already labelled are
    skipped; printed shuffled."""
    from storyline.compare import compare_story, grouping

    have = labelled_keys()
    rng = random.Random(SEED + 7)
    added, grouped = [], []
    names = ("FRAGMENT_FLOOR", "FRAGMENT_LINKS", "FRAGMENT_VERBS", "FRAGMENT_ARTICLES", "FRAGMENT_MEAN")
    shipped = tuple(getattr(grouping, n) for n in names)

    try:
        for source, story, arts in _roles_stories():
            anns = annotate_cached(arts, cache)
            pub = {a.id: a.published for a in arts}
            for n, v in zip(names, setting):
                setattr(grouping, n, v)
            new = grouped_pairs(compare_story({"id": story}, arts, anns, []))
            grouping.FRAGMENT_FLOOR = None
            old = grouped_pairs(compare_story({"id": story}, arts, anns, []))
            mine = sorted((k for k in new if k not in old and k not in have), key=sorted)
            for k in rng.sample(mine, min(FRAGMENTS_PER_STORY, len(mine))):
                added.append((source, story, *new[k], pub))
            grouped += [(source, story, *new[k], pub) for k in sorted(new, key=sorted) if k in old and k not in have]
    finally:
        for n, v in zip(names, shipped):
            setattr(grouping, n, v)
    out = rng.sample(added, min(FRAGMENTS_ADDED, len(added)))
    out += rng.sample(grouped, min(FRAGMENTS_GROUPED, len(grouped)))
    rng.shuffle(out)
    for n, (source, story, a, b, pub) in enumerate(out, 1):
        print(pair_line(f"{tag}:{source}:{story}:{n}", source, story, a, b, pub))
    print(f"{len(out)} {tag} pairs ({min(FRAGMENTS_ADDED, len(added))} of {len(added)} added by the merge, "
          f"{min(FRAGMENTS_GROUPED, len(grouped))} grouped either way)", file=sys.stderr)


def _published(ann: dict | None) -> str | None:
    """An article's publication day, stated or inferred (how revision2 picked its
    candidates, before the revision rule came to need a stated one)."""
    if not ann:
        return None
    if ann.get("published"):
        return str(ann["published"])[:10]
    return (ann.get("published_inferred") or {}).get("value")


def revision2(cache: str | None) -> None:
    """Sixth batch, before the revision rule: on stories no earlier batch took findings
    from, every pair of claims a conflicting or revision finding names (either method),
    and every candidate revision: two claims of different articles published on
    different days, each with one figure of the same counted thing and unit (not a part
    or an increment), the two figures disjoint, in claims sharing a content word beside
    the counted noun; at most REVISION2_CANDIDATES of those per story."""
    from storyline.compare import compare_story
    from storyline.compare.align import METHODS
    from storyline.compare.lemmas import words
    from storyline.compare.units import _STOP
    from storyline.compare.verdicts import _comparable, _part, compare_ranges

    seen, n, kinds = set(), 0, defaultdict(int)
    rng = random.Random(SEED + 3)
    for source, story, arts in load_stories(revision2=True):
        anns = annotate_cached(arts, cache)
        old = _first_eight(story, arts)
        pub = {a.id: a.published for a in arts}
        day = {ann["id"]: _published(ann) for ann in anns}
        picked = []
        for method in METHODS:
            rep = compare_story({"id": story}, arts, anns, [], method=method)
            text = {(m["article_id"], m["raw_start"]): m for g in rep["groups"] for m in g["members"]}
            picked += [("finding", *(text[k] for k in sorted(pair))) for pair in sorted(disputed_pairs(rep), key=sorted)]
        units = build_units(arts, anns)
        for i, a in enumerate(units):
            for b in units[i + 1:]:
                da, db = day.get(a["article_id"]), day.get(b["article_id"])
                if a["article_id"] == b["article_id"] or not da or not db or da == db or \
                        (a["article_id"] in old and b["article_id"] in old):
                    continue
                qa = [q for q in a["quantities"] if _comparable(q) and not _part(q, a)]
                qb = [q for q in b["quantities"] if _comparable(q) and not _part(q, b)]
                slots = {(q["counted"], q.get("unit")) for q in qa} & {(q["counted"], q.get("unit")) for q in qb}
                for slot in sorted(slots, key=str):
                    xa = [q for q in qa if (q["counted"], q.get("unit")) == slot]
                    xb = [q for q in qb if (q["counted"], q.get("unit")) == slot]
                    if len(xa) != 1 or len(xb) != 1 or compare_ranges(xa[0], xb[0]) != "disjoint":
                        continue
                    content = lambda u: {w for w in words(u["text"]) if w not in _STOP and not w.isdigit()  # noqa: E731
                                         and w != slot[0]}
                    if content(a) & content(b):
                        picked.append(("candidate", a, b))
                        break
        candidates = [x for x in picked if x[0] == "candidate"]
        if len(candidates) > REVISION2_CANDIDATES:  # a few per story: readable, and no story dominates
            keep = {id(x) for x in rng.sample(candidates, REVISION2_CANDIDATES)}
            picked = [x for x in picked if x[0] == "finding" or id(x) in keep]
        for why, a, b in picked:
            if old and a["article_id"] in old and b["article_id"] in old:
                continue  # both documents were in the first batch's eight
            key = pair_key(a, b)
            if key in seen:
                continue
            seen.add(key)
            n += 1
            kinds[why] += 1
            print(pair_line(f"revision2:{why}:{source}:{story}:{n}", source, story, a, b, pub))
    print(f"{n} revision2 pairs ({dict(kinds)})", file=sys.stderr)


DISPUTES_SLOT = 120  # member pairs of groups whose claims hold two values of one counted thing
DISPUTES_PER_STORY = 4  # at most this many of those per story


def disputes_stories() -> list[tuple[str, str, list[Article]]]:
    """Every story at hand: the seeds, every GVC val incident with two or more articles,
    and every ECB+ dev story of all topics with all its documents (``<story>:all``)."""
    base = [x for x in load_stories() if x[0] in ("seeds", "gvc")]
    rows = defaultdict(list)
    for r in map(json.loads, (shared() / "data/ecbplus/dev.jsonl").open(encoding="utf-8")):
        rows[r["story"]].append(r)
    return base + [("ecb", f"{k}:all", [_article(r) for r in sorted(rows[k], key=lambda r: r["id"])])
                   for k in sorted(rows, key=lambda s: (int(s.split("_")[0]), s))]


def disputes_half(source: str, story: str) -> str:
    """The half of the ``disputes`` batch a story belongs to: "a" (read and fitted on) or
    "b" (held out), by sha256 of the story key (``<topic>_ecb[plus]`` for ECB+)."""
    import hashlib

    key = f"{source}:{story.split(':')[0]}"
    return "ab"[int(hashlib.sha256(key.encode()).hexdigest()[:12], 16) % 2]


def disputes(cache: str | None, second: bool = False, findings: bool = False) -> None:
    """Ninth batch, before the conflict/revision rules were rebuilt (issue 15): every pair
    of claims a conflicting or revision finding of the default names (``disputed_pairs``)
    on every story at hand (``disputes_stories``), and DISPUTES_SLOT member pairs of the
    default's groups (any verdict but single-source) whose claims hold two different
    figures of one counted thing and unit: where any rule could find a conflict or a
    revision, so that both the precision of a new rule and the recall of the default are
    scorable (at most DISPUTES_PER_STORY per story: a box score does not dominate).
    Pairs already labelled are skipped; printed shuffled, saying nothing of why a pair
    was picked; the batch name (``disputes-a`` / ``disputes-b``) is the story's half
    (``disputes_half``). ``second``: batch ``disputes-c``, a second held-out draw of
    such pairs (another seed, twice DISPUTES_PER_STORY per story) on the held-out half's
    stories only, pairs already labelled skipped, no named pairs. ``findings``: batch
    ``disputes-d``, only the pairs the default's conflicting/revision findings name and no
    earlier batch holds (on every story), for the rules as they are now."""
    from storyline.compare import compare_story
    from storyline.compare.verdicts import _comparable, compare_ranges

    have = labelled_keys()
    rng = random.Random(SEED + (9 if second else 8))
    named, slot = [], []
    counts = defaultdict(int)
    for source, story, arts in disputes_stories():
        if second and disputes_half(source, story) != "b":
            continue
        anns = annotate_cached(arts, cache)
        pub = {a.id: a.published for a in arts}
        rep = compare_story({"id": story}, arts, anns, [])
        text = {(m["article_id"], m["raw_start"]): m for g in rep["groups"] for m in g["members"]}
        for g in rep["groups"]:
            counts[g["verdict"]] += 1
            for f in g["findings"]:
                counts["finding:" + f["relation"]] += 1
        for pair in sorted(disputed_pairs(rep), key=sorted):
            a, b = (text[k] for k in sorted(pair))
            if pair_key(a, b) not in have and not second:
                have.add(pair_key(a, b))
                named.append((source, story, a, b, pub))
        pool = {}
        for g in rep["groups"]:
            if g["verdict"] == "single-source":
                continue
            for a, b in cross_article_pairs(g["members"]):
                qa = [q for q in a["quantities"] if _comparable(q)]
                qb = [q for q in b["quantities"] if _comparable(q)]
                if any((x["counted"], x.get("unit")) == (y["counted"], y.get("unit")) and compare_ranges(x, y) != "same"
                       for x in qa for y in qb) and pair_key(a, b) not in have:
                    pool.setdefault(pair_key(a, b), (source, story, a, b, pub))
        keys = sorted(pool, key=sorted)
        cap = 2 * DISPUTES_PER_STORY if second else DISPUTES_PER_STORY
        slot += [] if findings else [pool[k] for k in rng.sample(keys, min(cap, len(keys)))]
    out = list(named)
    for x in rng.sample(slot, min(DISPUTES_SLOT, len(slot))):
        if pair_key(x[2], x[3]) not in have:
            have.add(pair_key(x[2], x[3]))
            out.append(x)
    rng.shuffle(out)
    for n, (source, story, a, b, pub) in enumerate(out, 1):
        half = "d" if findings else "c" if second else disputes_half(source, story)
        print(pair_line(f"disputes-{half}:{source}:{story}:{n}", source, story, a, b, pub))
    print(f"{len(out)} disputes pairs ({len(named)} named by a conflicting/revision finding, {len(out) - len(named)} "
          f"of {len(slot)} member pairs with two values of one slot); default verdicts and findings: "
          f"{dict(sorted(counts.items()))}", file=sys.stderr)


PEOPLE_PAIRS, PEOPLE_PER_STORY = 50, 5  # pairs of the batch; at most this many of one story


# the ECB+ dev stories no batch took a pair from before ``people``
PEOPLE_STORIES = ("1_ecb", "2_ecbplus", "3_ecbplus", "6_ecb", "6_ecbplus", "11_ecbplus", "14_ecb", "14_ecbplus",
                  "16_ecbplus", "21_ecb", "21_ecbplus", "22_ecbplus", "23_ecb", "23_ecbplus")


def people_stories() -> list[tuple[str, str, list[Article]]]:
    """The PEOPLE_STORIES with all their documents (``<story>:all``)."""
    return [x for x in disputes_stories() if x[0] == "ecb" and x[1].split(":")[0] in PEOPLE_STORIES]


def people(cache: str | None) -> None:
    """Twelfth batch, before one participant reading replaced the two "different people"
    checks (issue 15): on the stories no earlier batch used (``people_stories``), cross-article
    member pairs of the default's groups whose claims both name people (``persons``, the
    speaker left out) and not the same ones: different or partly overlapping people, where
    the check decides (at most PEOPLE_PER_STORY per story). Printed shuffled."""
    from storyline.compare import compare_story

    rng = random.Random(SEED + 9)
    pool = []
    for source, story, arts in people_stories():
        anns = annotate_cached(arts, cache)
        pub = {a.id: a.published for a in arts}
        rep = compare_story({"id": story}, arts, anns, [])
        persons = {(u["article_id"], u["raw_start"]): set(u["persons"]) for u in build_units(arts, anns)}
        cands = []
        for k, (a, b) in sorted(grouped_pairs(rep).items(), key=lambda kv: sorted(kv[0])):
            pa, pb = persons.get((a["article_id"], a["raw_start"])), persons.get((b["article_id"], b["raw_start"]))
            if pa and pb and pa != pb:
                cands.append((source, story, a, b, pub))
        pool += rng.sample(cands, min(PEOPLE_PER_STORY, len(cands)))
    out = rng.sample(pool, min(PEOPLE_PAIRS, len(pool)))
    rng.shuffle(out)
    for n, (source, story, a, b, pub) in enumerate(out, 1):
        print(pair_line(f"people:{source}:{story}:{n}", source, story, a, b, pub))
    print(f"{len(out)} people pairs of {len(pool)}", file=sys.stderr)


CLAUSES_PAIRS, CLAUSES_PER_STORY = 50, 3  # pairs of the batch; at most this many of one story
_BACKGROUND_DEPS = ("relcl", "acl", "appos")


def has_background_event(nlp, text: str) -> bool:
    """Whether a claim's text, parsed alone, has a relative clause, a participle or an
    appositive on a noun that carries a verb (a fact told in the background)."""
    for t in nlp(text):
        if t.dep_ in _BACKGROUND_DEPS and t.head.pos_ in ("NOUN", "PROPN", "PRON"):
            if any(d.pos_ == "VERB" for d in t.subtree):
                return True
    return False


def clauses(cache: str | None) -> None:
    """Thirteenth batch, before background clauses were told apart from a claim's own
    predicate (issue 15): on every story at hand (``disputes_stories``), cross-article member
    pairs of the default's groups (any verdict) where at least one claim, parsed alone, has a
    relative clause, participle or appositive carrying a verb, both claims new to the file
    (at most CLAUSES_PER_STORY per story). Printed shuffled, saying nothing of the group."""
    from storyline.compare import compare_story
    from storyline.nlp import load as load_nlp

    nlp = load_nlp()
    seen = set()  # claims of earlier pairs, by (article id, raw start)
    for r in labelled_rows():
        seen |= set(pair_key(r["a"], r["b"]))
    rng = random.Random(SEED + 13)
    pool = []
    for source, story, arts in disputes_stories():
        anns = annotate_cached(arts, cache)
        pub = {a.id: a.published for a in arts}
        rep = compare_story({"id": story}, arts, anns, [])
        cands = [(source, story, a, b, pub) for k, (a, b) in sorted(grouped_pairs(rep).items(), key=lambda kv: sorted(kv[0]))
                 if not (k & seen) and (has_background_event(nlp, a["text"]) or has_background_event(nlp, b["text"]))]
        pool += rng.sample(cands, min(CLAUSES_PER_STORY, len(cands)))
    out = rng.sample(pool, min(CLAUSES_PAIRS, len(pool)))
    rng.shuffle(out)
    for n, (source, story, a, b, pub) in enumerate(out, 1):
        print(pair_line(f"clauses:{source}:{story}:{n}", source, story, a, b, pub))
    print(f"{len(out)} clauses pairs of {len(pool)}", file=sys.stderr)


BLIND4_PAIRS, BLIND4_FINDINGS = 100, 30  # corroborated member pairs; pairs named by conflicting/revision findings
BLIND4_PER_STORY, BLIND4_PER_GROUP = 10, 4  # at most this many corroborated pairs of one story / one group
BLIND4_MAX_EARLIER = 6  # a story is drawn from when earlier batches hold at most this many of its pairs


def blind4_stories() -> list[tuple[str, str, list[Article]]]:
    """The stories earlier batches used least: every ECB+ dev story of the training topics
    (all documents, ``<story>:all``; never topics 28-35) of which the file holds at most
    BLIND4_MAX_EARLIER pairs under any story key. Every GVC val incident with two or more
    articles already has pairs in the file, and the seeds too."""
    earlier = defaultdict(int)
    for r in labelled_rows():
        if r["batch"] != "blind4":  # the batch's own pairs: a rerun draws it again
            earlier[(r["source"], r["story"].split(":")[0])] += 1
    return [x for x in disputes_stories() if x[0] == "ecb" and x[1].split("_")[0] not in HELDOUT_TOPICS
            and earlier[(x[0], x[1].split(":")[0])] <= BLIND4_MAX_EARLIER]


def claims_of_other_batches(batch: str) -> set:
    """The claims, by (article id, raw start), of every labelled pair the file held before
    ``batch`` (a blind batch draws only claims new to the file; a rerun with its own batch and
    later ones in the file draws the same)."""
    seen = set()
    for r in rows_before(batch):
        seen |= set(pair_key(r["a"], r["b"]))
    return seen


def write_blind(out_dir: str, batch: str, out: list[tuple], story_in_key: bool = False) -> None:
    """A blind batch's two files: DIR/BATCH_to_label.jsonl (texts and ids, what the labeller
    sees) and DIR/BATCH_key.jsonl (why each pair was drawn: group, verdict, ...), read after."""
    from pathlib import Path

    d = Path(out_dir)
    d.mkdir(parents=True, exist_ok=True)
    with (d / f"{batch}_to_label.jsonl").open("w", encoding="utf-8") as f, \
            (d / f"{batch}_key.jsonl").open("w", encoding="utf-8") as k:
        for n, (source, story, a, b, pub, why) in enumerate(out, 1):
            f.write(pair_line(f"{batch}:{n}", source, story, a, b, pub) + "\n")
            where = {"source": source, "story": story} if story_in_key else {}
            k.write(json.dumps({"pid": f"{batch}:{n}", **where, **why}) + "\n")


def corroborated_draw(rep: dict, seen: set, rng: random.Random, per_story: int, per_group: int) -> list[tuple]:
    """The blind batches' draw from one report: (group, a, b) cross-article member pairs of its
    corroborated groups that hold no claim of ``seen``, in a random order, at most
    ``per_group`` of a group and ``per_story`` in all."""
    pairs = [(g, a, b) for g in rep["groups"] if g["verdict"] == "corroborated"
             for a, b in cross_article_pairs(g["members"]) if not (pair_key(a, b) & seen)]
    pairs.sort(key=lambda x: (x[0]["id"], sorted(pair_key(x[1], x[2]))))
    rng.shuffle(pairs)
    taken, keys, took = defaultdict(int), set(), []
    for g, a, b in pairs:
        if len(took) == per_story:
            break
        if taken[g["id"]] < per_group and pair_key(a, b) not in keys:
            taken[g["id"]] += 1
            keys.add(pair_key(a, b))
            took.append((g, a, b))
    return took


def blind4(cache: str | None, out_dir: str) -> None:
    """Batch ``blind4``, drawn for labelling blind (issue 15): on ``blind4_stories``, random
    cross-article member pairs of the default's CORROBORATED groups (the verdict judged),
    uniform over a story's pairs, at most BLIND4_PER_GROUP of one group and BLIND4_PER_STORY of
    one story, BLIND4_PAIRS in all; plus up to BLIND4_FINDINGS pairs that a conflicting or
    revision finding of the default names on those stories. Both claims of every pair new to
    the file. Writes OUT_DIR/blind4_to_label.jsonl (texts and ids only, shuffled: what the
    labeller reads) and OUT_DIR/blind4_key.jsonl (why each pair was picked, its group and
    verdict: joined only after labelling); on stderr the default's verdict counts."""
    from storyline.compare import compare_story

    seen = claims_of_other_batches("blind4")
    rng = random.Random(SEED + 40)
    pool, named = [], []
    counts = defaultdict(int)
    stories = blind4_stories()
    for source, story, arts in stories:
        anns = annotate_cached(arts, cache)
        pub = {a.id: a.published for a in arts}
        rep = compare_story({"id": story}, arts, anns, [])
        for g in rep["groups"]:
            counts[g["verdict"]] += 1
        for g, a, b in corroborated_draw(rep, seen, rng, BLIND4_PER_STORY, BLIND4_PER_GROUP):
            pool.append((source, story, a, b, pub, {"why": "corroborated", "group": g["id"], "verdict": g["verdict"]}))
        text = {(m["article_id"], m["raw_start"]): m for g in rep["groups"] for m in g["members"]}
        for pair, kinds in sorted(disputed_pairs(rep).items(), key=lambda kv: sorted(kv[0])):
            if not (pair & seen):
                a, b = (text[k] for k in sorted(pair))
                named.append((source, story, a, b, pub, {"why": "finding", "findings": sorted(kinds)}))
    out = rng.sample(pool, min(BLIND4_PAIRS, len(pool)))
    keys = {pair_key(x[2], x[3]) for x in out}
    out += [x for x in rng.sample(named, min(BLIND4_FINDINGS, len(named))) if pair_key(x[2], x[3]) not in keys]
    rng.shuffle(out)
    write_blind(out_dir, "blind4", out)
    print(f"{len(out)} blind4 pairs: {sum(x[5]['why'] == 'corroborated' for x in out)} of {len(pool)} corroborated "
          f"member pairs drawn, {sum(x[5]['why'] == 'finding' for x in out)} of {len(named)} named by findings; "
          f"{len(stories)} stories; default verdicts: {dict(sorted(counts.items()))}", file=sys.stderr)



REVISION3_PAIRS, REVISION3_PER_STORY = 80, 5  # pairs of the batch; at most this many of one story
REVISION3_SIM = 0.25  # the second draw: claims at least this alike (word TF-IDF cosine), or one verb


def _revision3_key(source: str, story: str) -> str:
    import hashlib

    return hashlib.sha256(f"revision3:{source}:{story.split(':')[0]}".encode()).hexdigest()


def revision3_halves(picked: list[tuple]) -> dict[tuple[str, str], str]:
    """``a`` (read and fitted on) or ``b`` (held out, scored once) per story: stories in a
    fixed hash order, each to the half holding fewer pairs so far (a story's pairs stay
    together; few stories have dated articles, so a plain hash split would be lopsided)."""
    per = defaultdict(int)
    for x in picked:
        per[(x[0], x[1])] += 1
    size, out = {"a": 0, "b": 0}, {}
    for k in sorted(per, key=lambda k: _revision3_key(*k)):
        h = min("ab", key=lambda h: (size[h], h))
        out[k], size[h] = h, size[h] + per[k]
    return out


def revision3(cache: str | None, second: bool = False) -> None:
    """Batch ``revision3``, before the revision rule was rewritten (issue 15): on every GVC
    val incident with two or more articles and every ECB+ dev story (all topics, all
    documents; not the seeds, whose articles share one day), cross-article claim pairs whose
    two claims carry a figure of the same counted thing and unit (``_comparable``, not a part
    or an increment) with different values (not the same range), in articles with stated
    publication days, the later one at least a day after the earlier (the corpora state days
    only), the claims sharing a content word beside the counted noun; pairs already labelled
    skipped; at most REVISION3_PER_STORY per story (fixed seed), then REVISION3_PAIRS of all.
    Whether the system groups a pair plays no part; printed shuffled, the batch name being
    the story's half (``revision3_halves``). ``second``: a second, targeted draw (the first
    held no revision): candidates of the first draw's kind that it did not pick, whose two
    figures of the slot the same verb governs (``_verb_of``) or whose claims are alike (word
    TF-IDF cosine >= REVISION3_SIM), at most REVISION3_PER_STORY per story, halves as the
    first draw's."""
    from storyline.compare.lemmas import words
    from storyline.compare.units import _STOP
    from storyline.compare.verdicts import _comparable, _part, _stated, _verb_of, compare_ranges

    have = labelled_keys()
    rng = random.Random(SEED + 30)
    pool, n_stories, targeted = [], 0, []
    for source, story, arts in disputes_stories():
        if source == "seeds":
            continue
        anns = annotate_cached(arts, cache)
        day = {ann["id"]: _stated(ann) for ann in anns}
        pub = {a.id: a.published for a in arts}
        units = build_units(arts, anns)
        scores = PairScores(units) if second else None
        found, close = [], []
        for i, a in enumerate(units):
            for j in range(i + 1, len(units)):
                b = units[j]
                da, db = day.get(a["article_id"]), day.get(b["article_id"])
                if a["article_id"] == b["article_id"] or not da or not db or da[:10] == db[:10]:
                    continue
                if pair_key(a, b) in have:
                    continue
                qa = [q for q in a["quantities"] if _comparable(q) and not _part(q, a)]
                qb = [q for q in b["quantities"] if _comparable(q) and not _part(q, b)]
                slot = lambda q: (q["counted"], q.get("unit"))  # noqa: E731
                differ = [(x, y) for x in qa for y in qb if slot(x) == slot(y) and compare_ranges(x, y) != "same"]
                if not differ:
                    continue
                shared = {slot(x)[0] for x in qa} & {slot(y)[0] for y in qb}
                content = lambda u: {w for w in words(u["text"]) if w not in _STOP and not w.isdigit()  # noqa: E731
                                     and w not in shared}
                if content(a) & content(b):
                    found.append((source, story, a, b, pub))
                    if second and (scores.cos(i, j)[0] >= REVISION3_SIM or any(
                            _verb_of(x, a) and _verb_of(x, a) == _verb_of(y, b) for x, y in differ)):
                        close.append(found[-1])
        n_stories += bool(found)
        pool += rng.sample(found, min(REVISION3_PER_STORY, len(found)))
        targeted.append(close)
    out = rng.sample(pool, min(REVISION3_PAIRS, len(pool)))
    rng.shuffle(out)
    half = revision3_halves(out)
    if second:
        rng2 = random.Random(SEED + 31)
        first = {pair_key(x[2], x[3]) for x in out}
        out = []
        for close in targeted:
            close = [x for x in close if pair_key(x[2], x[3]) not in first]
            out += rng2.sample(close, min(REVISION3_PER_STORY, len(close)))
        rng2.shuffle(out)
        half.update({k: v for k, v in revision3_halves(out).items() if k not in half})
    for n, (source, story, a, b, pub) in enumerate(out, 1):
        tag = "revision3-2" if second else "revision3"
        print(pair_line(f"{tag}-{half[(source, story)]}:{source}:{story}:{n}", source, story, a, b, pub))
    print(f"{len(out)} revision3 pairs ({'second, targeted draw' if second else f'of {len(pool)} picked'}; "
          f"{n_stories} stories with candidates)", file=sys.stderr)


BLIND5_PAIRS, BLIND5_SIMILAR = 100, 40  # corroborated member pairs; single-source claims with their named similar claim
BLIND5_PER_STORY, BLIND5_PER_GROUP = 8, 4  # at most this many corroborated pairs of one story / one group
BLIND5_SIMILAR_PER_STORY = 4  # at most this many similar pairs of one story
BLIND5_POOL = 2  # stories are taken until each pool holds this many times what is drawn from it
BLIND9_CONFLICTS, BLIND9_CONFLICTS_PER_STORY = 40, 4  # pairs conflicting findings name: in all / of one story


def blind5_stories(batch: str = "blind5") -> list[tuple[int, str, str, list[Article]]]:
    """Every multi-article story at hand but the seeds (GVC val incidents with two or more
    articles, every ECB+ dev story with all its documents, topics 28-35 included, the MEANTIME
    stories as ``storyline run`` clusters them), with the number of pairs the file held of it
    before ``batch`` (under any story key), fewest first (ties by source and story)."""
    earlier = defaultdict(int)
    for r in rows_before(batch):  # not the batch's own pairs nor later ones: a rerun draws it again
        earlier[(r["source"], r["story"].split(":")[0])] += 1
    stories = [x for x in disputes_stories() if x[0] != "seeds"]
    stories += [x for x in _revision2_stories() if x[0] == "meantime"]
    return sorted(((earlier[(s, k.split(":")[0])], s, k, arts) for s, k, arts in stories), key=lambda x: x[:3])


def link_kind(scores: PairScores, idx: dict, g: dict, a: dict, b: dict) -> tuple[str, float]:
    """How a group holds two of its members: ``second`` (either is a second membership),
    ``direct`` (their own lexical similarity, without the predicate check, at the threshold
    or more) or ``chained`` (through other members); and that similarity."""
    from storyline.compare.align import THRESHOLD

    s = scores[idx[(a["article_id"], a["raw_start"])], idx[(b["article_id"], b["raw_start"])]]
    if a.get("secondary") or b.get("secondary"):
        return "second", round(s, 3)
    return ("direct" if s >= THRESHOLD else "chained"), round(s, 3)


def conflict_draw(rep: dict, seen: set, rng: random.Random, per_story: int | None,
                  kinds: tuple = ("conflicting",)) -> list[tuple]:
    """(group, a, b) pairs of one report that its findings of ``kinds`` (``conflicting``,
    ``revision``) name (``disputed_pairs``), both claims new (not in ``seen``), in a random order,
    at most ``per_story`` (None: all); the group is one of those verdicts holding the claim."""

    member = {(m["article_id"], m["raw_start"]): (g, m) for g in rep["groups"] for m in g["members"]
              if g["verdict"] in kinds}
    pairs = []
    for key, named in sorted(disputed_pairs(rep).items(), key=lambda x: sorted(x[0])):
        if set(kinds) & named and not (key & seen):
            (g, a), (_, b) = (member[k] for k in sorted(key))
            pairs.append((g, a, b))
    return rng.sample(pairs, len(pairs) if per_story is None else min(per_story, len(pairs)))


def blind5(cache: str | None, out_dir: str, batch: str = "blind5", seed: int = SEED + 50,
           conflicts: int | None = 0, per_story: int | None = BLIND9_CONFLICTS_PER_STORY,
           kinds: tuple = ("conflicting",)) -> None:
    """Batch ``blind5``, drawn for labelling blind (issue 15), the ``blind4`` protocol on the
    stories the file used least (``blind5_stories``, taken fewest first until both pools hold
    BLIND5_POOL times what is drawn): random cross-article member pairs of the default's
    CORROBORATED groups (uniform over a story's pairs, at most BLIND5_PER_GROUP of one group and
    BLIND5_PER_STORY of one story), BLIND5_PAIRS drawn; and single-source groups that name a
    ``similar`` claim in another article, the group's claim with that claim (at most
    BLIND5_SIMILAR_PER_STORY of a story), BLIND5_SIMILAR drawn. Both claims of every pair new
    to the file. Writes OUT_DIR/BATCH_to_label.jsonl (texts and ids only, shuffled) and
    OUT_DIR/BATCH_key.jsonl (why each pair was picked, its group, verdict and link kind).
    ``batch``/``seed``: a later batch drawn by the same protocol (``blind6``, ``blind7``).
    ``conflicts``: also draw up to this many pairs the CONFLICTING findings name, on every
    story (not only the least used), at most ``per_story`` of one (``blind9``); None: all of them,
    and ``kinds`` the findings that count (``blind10``: conflicting and revision)."""
    from storyline.compare import compare_story

    seen = claims_of_other_batches(batch)
    rng = random.Random(seed)
    pool, similar = [], []
    counts, used = defaultdict(int), []
    for earlier, source, story, arts in blind5_stories(batch):
        if len(pool) >= BLIND5_POOL * BLIND5_PAIRS and len(similar) >= BLIND5_POOL * BLIND5_SIMILAR:
            break
        used.append((source, story, earlier))
        anns = annotate_cached(arts, cache)
        pub = {a.id: a.published for a in arts}
        rep = compare_story({"id": story}, arts, anns, [])
        units = build_units(arts, anns)
        idx = {(u["article_id"], u["raw_start"]): i for i, u in enumerate(units)}
        scores = PairScores(units)
        for g in rep["groups"]:
            counts[g["verdict"]] += 1
        for g, a, b in corroborated_draw(rep, seen, rng, BLIND5_PER_STORY, BLIND5_PER_GROUP):
            kind, s = link_kind(scores, idx, g, a, b)
            pool.append((source, story, a, b, pub, {"why": "corroborated", "group": g["id"], "verdict": g["verdict"],
                                                    "link": kind, "similarity": s}))
        hinted = []
        for g in rep["groups"]:
            if g["verdict"] != "single-source" or not g.get("similar"):
                continue
            a = next((m for m in g["members"] if not m.get("secondary")), g["members"][0])
            b = g["similar"][0]
            counts["single-source naming a similar claim"] += 1
            if a["article_id"] != b["article_id"] and not (pair_key(a, b) & seen):
                hinted.append((source, story, a, b, pub, {"why": "similar", "group": g["id"], "verdict": g["verdict"],
                                                          "similar_group": b["group"],
                                                          "similarity": b["similarity"]}))
        hinted.sort(key=lambda x: (x[5]["group"], sorted(pair_key(x[2], x[3]))))
        similar += rng.sample(hinted, min(BLIND5_SIMILAR_PER_STORY, len(hinted)))
    out = rng.sample(pool, min(BLIND5_PAIRS, len(pool)))
    keys = {pair_key(x[2], x[3]) for x in out}
    claims = set().union(*keys) if keys else set()
    # no claim of a drawn corroborated pair; two groups naming each other's claim are one pair
    similar = [x for x in similar if not (pair_key(x[2], x[3]) & claims)]
    similar = list({pair_key(x[2], x[3]): x for x in reversed(similar)}.values())[::-1]
    out += rng.sample(similar, min(BLIND5_SIMILAR, len(similar)))
    disputed = []
    if conflicts != 0:  # its own generator: the draw above stays what it was without this part
        crng = random.Random(seed + 1)
        relations = {"conflicting": "disjoint", "revision": "revision"}
        relations = {relations[k] for k in kinds}
        keys = {pair_key(x[2], x[3]) for x in out}
        for _, source, story, arts in blind5_stories(batch):
            anns = annotate_cached(arts, cache)
            pub = {a.id: a.published for a in arts}
            rep = compare_story({"id": story}, arts, anns, [])
            for g, a, b in conflict_draw(rep, seen, crng, per_story, kinds):
                if pair_key(a, b) not in keys:
                    disputed.append((source, story, a, b, pub, {
                        "why": "conflict", "part": "conflict", "group": g["id"], "verdict": g["verdict"],
                        "findings": [{k: f.get(k) for k in ("kind", "relation", "a", "b")} for f in g["findings"]
                                     if f["relation"] in relations]}))
        counts[f"{'/'.join(kinds)} pairs named, both claims new (at most per story)"] = len(disputed)
        out += crng.sample(disputed, len(disputed) if conflicts is None else min(conflicts, len(disputed)))
    rng.shuffle(out)
    write_blind(out_dir, batch, out, story_in_key=True)
    print(f"{len(out)} {batch} pairs: {sum(x[5]['why'] == 'corroborated' for x in out)} of {len(pool)} corroborated "
          f"member pairs drawn, {sum(x[5]['why'] == 'similar' for x in out)} of {len(similar)} similar pairs, "
          f"{sum(x[5]['why'] == 'conflict' for x in out)} of {len(disputed)} conflicting pairs; "
          f"{len(used)} stories (source, story, earlier pairs): {used}; default verdicts: {dict(sorted(counts.items()))}",
          file=sys.stderr)


BLIND6_SEED = SEED + 60  # the third blind batch's draw (75)


def blind6(cache: str | None, out_dir: str) -> None:
    """Batch ``blind6`` (issue 15): the ``blind5`` protocol again, drawn at main 9053085 on the
    stories the file used least then (``blind5`` counted in), seed BLIND6_SEED: the held-out set
    of the same-fact decisions of that round and a third out-of-sample figure of the default."""
    blind5(cache, out_dir, batch="blind6", seed=BLIND6_SEED)


BLIND7_SEED = SEED + 70  # the fourth blind batch's draw (85)


def blind7(cache: str | None, out_dir: str) -> None:
    """Batch ``blind7`` (issue 15): the ``blind5`` protocol again, drawn at main 882f9e3 on the
    stories the file used least then (``blind5`` and ``blind6`` counted in), seed BLIND7_SEED: the
    held-out set of that round's same-fact check and a fourth out-of-sample figure of the default."""
    blind5(cache, out_dir, batch="blind7", seed=BLIND7_SEED)


BLIND8_SEED = SEED + 80  # the fifth blind batch's draw (95)


def blind8(cache: str | None, out_dir: str) -> None:
    """Batch ``blind8`` (issue 15): the ``blind5`` protocol again, drawn at main e6a6498 on the
    stories the file used least then (``blind5`` to ``blind7`` counted in), seed BLIND8_SEED: the
    held-out set of that round's same-fact check and a fifth out-of-sample figure of the default."""
    blind5(cache, out_dir, batch="blind8", seed=BLIND8_SEED)


BLIND9_SEED = SEED + 81  # the sixth blind batch's draw (96)


def blind9(cache: str | None, out_dir: str) -> None:
    """Batch ``blind9`` (issue 15): the ``blind5`` protocol again, drawn at main e7c1af3 on the
    stories the file used least then (``blind5`` to ``blind8`` counted in), seed BLIND9_SEED, and
    a third part: pairs the default's conflicting findings name on every story but the seeds
    (conflicting precision out of sample): the held-out set of that round's same-fact check."""
    blind5(cache, out_dir, batch="blind9", seed=BLIND9_SEED, conflicts=BLIND9_CONFLICTS)


BLIND10_SEED = SEED + 82  # the seventh blind batch's draw (97)


def blind10(cache: str | None, out_dir: str) -> None:
    """Batch ``blind10`` (issue 15): the ``blind9`` protocol again, drawn at main ae3ed57 on the
    stories the file used least then (``blind5`` to ``blind9`` counted in), seed BLIND10_SEED, with
    every pair the default's conflicting or revision findings name on every story but the seeds
    (both claims new): the held-out set of that round's same-fact check."""
    blind5(cache, out_dir, batch="blind10", seed=BLIND10_SEED, conflicts=None, per_story=None,
           kinds=("conflicting", "revision"))


BLIND11_SEED = SEED + 83  # the eighth blind batch's draw (98)


def blind11(cache: str | None, out_dir: str) -> None:
    """Batch ``blind11`` (issue 15): the ``blind10`` protocol again, drawn at main ae3ed57 on the
    stories the file used least then (``blind5`` to ``blind10`` counted in), seed BLIND11_SEED: the
    held-out set for what is built from ``blind10``'s errors."""
    blind5(cache, out_dir, batch="blind11", seed=BLIND11_SEED, conflicts=None, per_story=None,
           kinds=("conflicting", "revision"))


BLIND12_SEED = SEED + 84  # the ninth blind batch's draw (99)


def blind12(cache: str | None, out_dir: str) -> None:
    """Batch ``blind12`` (issue 15): the ``blind10`` protocol again, drawn at main 0111181 on the
    stories the file used least then (``blind5`` to ``blind11`` counted in), seed BLIND12_SEED: the
    held-out set of that round's same-fact checks and a ninth out-of-sample figure of the default."""
    blind5(cache, out_dir, batch="blind12", seed=BLIND12_SEED, conflicts=None, per_story=None,
           kinds=("conflicting", "revision"))


def census(cache: str | None) -> None:
    """What the default names on every multi-article story at hand (``disputes_stories`` and the
    MEANTIME stories as ``storyline run`` clusters them): its verdict counts, its findings by
    relation, and how many pairs its conflicting / revision findings name that the file does
    not hold yet (where ``blind4`` could take such pairs from)."""
    from storyline.compare import compare_story
    from storyline.compare.verdicts import _stated

    seen = set()
    for r in labelled_rows():
        seen |= set(pair_key(r["a"], r["b"]))
    have = labelled_keys()
    counts, n_arts = defaultdict(int), 0
    stories = disputes_stories() + [x for x in _revision2_stories() if x[0] == "meantime"]
    for source, story, arts in stories:
        n_arts += len(arts)
        anns = annotate_cached(arts, cache)
        day = {ann["id"]: (_stated(ann) or "")[:10] for ann in anns}
        rep = compare_story({"id": story}, arts, anns, [])
        for g in rep["groups"]:
            counts[g["verdict"]] += 1
            for f in g["findings"]:
                counts["finding:" + f["relation"]] += 1
                # where a revision could be: figures of one slot in reports of two stated days
                da, db = day.get(f["a"]["article_id"]), day.get(f["b"]["article_id"])
                if f["kind"] == "number" and da and db and da != db:
                    counts["number finding, stated days differ:" + f["relation"]] += 1
        for pair, kinds in disputed_pairs(rep).items():
            for k in kinds:
                counts["named:" + k] += 1
                counts["named, pair not labelled:" + k] += pair not in have
                counts["named, both claims new:" + k] += not (pair & seen)
    print(f"{len(stories)} stories, {n_arts} articles: {dict(sorted(counts.items()))}")


DURATIONS_FIRST_ID = 11800  # the ids the lead gave the durations batch (11800-11899)


def durations(cache: str | None, out_dir: str) -> None:
    """Batch ``durations`` (issue 15): on the census stories, every pair of claims that a duration
    finding (compare/durations.py, ``Options.durations``) names as conflicting or revision and
    that no pair of the file holds yet, written to DIR/durations_to_label.jsonl in the schema of
    verdict_pairs.jsonl without labels (ids from DURATIONS_FIRST_ID), with the findings in
    DIR/durations_key.jsonl; and how many groups hold durations of one slot in two articles."""
    from pathlib import Path

    from storyline.compare import compare_story
    from storyline.compare.durations import slots

    have = labelled_keys()
    counts, rows, keys = defaultdict(int), [], []
    stories = disputes_stories() + [x for x in _revision2_stories() if x[0] == "meantime"]
    for source, story, arts in stories:
        anns = annotate_cached(arts, cache)
        by_raw = {(u["article_id"], u["raw_start"]): u for u in build_units(arts, anns)}
        published = {a.id: a.published for a in arts}  # as pair_line writes it
        off = disputed_pairs(compare_story({"id": story}, arts, anns, []))
        rep = compare_story({"id": story}, arts, anns, [], durations=True)
        for g in rep["groups"]:
            held = defaultdict(set)  # slot -> articles whose members hold a duration of it
            for m in g["members"]:
                for slot in slots(by_raw.get((m["article_id"], m["raw_start"])) or {"quantities": []}):
                    held[slot].add(m["article_id"])
            shared = [s for s, a in held.items() if len(a) >= 2]
            counts["groups with durations of one slot in two articles"] += bool(shared)
            counts["slots held in two articles"] += len(shared)
            found = [f for f in g["findings"] if str(f.get("counted") or "").endswith("(duration)")]
            for f in found:
                counts["duration finding:" + f["relation"]] += 1
            mine = {**rep, "groups": [{**g, "findings": found}]}
            for pair, kinds in disputed_pairs(mine).items():
                counts["named pairs"] += 1
                if pair in off or pair in have:
                    counts["named pairs already named or labelled"] += 1
                    continue
                (ka, kb) = sorted(pair)
                ma = next(m for m in g["members"] if (m["article_id"], m["raw_start"]) == ka)
                mb = next(m for m in g["members"] if (m["article_id"], m["raw_start"]) == kb)
                side = lambda m: {"article_id": m["article_id"], "raw_start": m["raw_start"],  # noqa: E731
                                  "raw_end": m["raw_end"], "text": m["text"], "published": published.get(m["article_id"])}
                pid = DURATIONS_FIRST_ID + len(rows)
                rows.append({"id": pid, "batch": "durations", "source": source, "story": story,
                             "a": side(ma), "b": side(mb), "same_fact": None, "relation": None})
                keys.append({"id": pid, "group": g["id"], "verdict": g["verdict"], "named": sorted(kinds),
                             "findings": [f for f in found if f["relation"] in ("disjoint", "revision")]})
    d = Path(out_dir)
    d.mkdir(parents=True, exist_ok=True)
    with (d / "durations_to_label.jsonl").open("w", encoding="utf-8") as f, \
            (d / "durations_key.jsonl").open("w", encoding="utf-8") as k:
        for r, why in zip(rows, keys):
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
            k.write(json.dumps(why, ensure_ascii=False) + "\n")
    print(f"{len(stories)} stories: {dict(sorted(counts.items()))}; {len(rows)} new pairs to label in {d}")


# The draws by their flag: those writing a to-label file and its key into --out DIR
# (the blind batches), then those printing the pairs to label on stdout.
_BLIND = ("durations", "blind12", "blind11", "blind10", "blind9", "blind8", "blind7", "blind6", "blind5", "blind4")
_PRINTED = ("census", "revision3", "disputes", "frames", "people", "corrob", "clauses", "roles", "fragments",
            "fragments2", "recall", "paraphrase", "samefact", "revision2", "fresh", "disputed", "flagged")


def cli() -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog="With no draw flag: the first random draw, on stdout.")
    draws = ap.add_mutually_exclusive_group()
    for name in _BLIND + _PRINTED:
        draws.add_argument(f"--{name}", dest="draw", action="store_const", const=name)
    ap.add_argument("--cache", default=None, metavar="DIR", help="folder for cached annotations (outside the repo)")
    ap.add_argument("--out", default=None, metavar="DIR", help="the blind draws: where the file to label and its key go")
    ap.add_argument("--second", action="store_true", help="--revision3 / --disputes: the second part")
    ap.add_argument("--findings", action="store_true", help="--disputes: the pairs the findings name")
    args = ap.parse_args()
    draw, cache = args.draw, args.cache
    if draw in _BLIND:
        globals()[draw](cache, args.out or draw)
    elif draw == "revision3":
        revision3(cache, second=args.second)
    elif draw == "disputes":
        disputes(cache, second=args.second, findings=args.findings)
    elif draw == "fragments2":
        fragments(cache, FRAGMENTS2_SETTING, "fragments2")
    elif draw == "flagged":
        flagged()
    elif draw:
        globals()[draw](cache)
    else:
        main()


if __name__ == "__main__":
    cli()
