"""Pick single-source claims at random from the default reports, for labelling by hand.

The unbiased measure of issue 15's "single-source claims stated elsewhere": claims are
drawn at random from what a reader meets (the single-source groups of the default
lexical reports), not from labelled pairs. Stories: the seeds, every GVC val incident
with three articles or more, every ECB+ dev story of the held-out topics 28-35 (all its
documents) with three or more; copies found as ``storyline run`` finds them. One claim
per single-source group (its first primary member), at most ``PER_STORY`` per story,
``N`` in all, in a seeded random order; the stories are split in two halves (``dev``
read while changing rules, ``heldout`` scored once at the end).

For each claim the labeller sees the claim, the ``TOP`` sentences of the story's other
articles (those not in its group) most like it by word TF-IDF, and the lede (first
sentences, at least ``LEDE_CHARS`` characters) of each other article; no verdict, no
similarity, nothing the system says of the claim beyond its being single-source.

Run:  .venv/bin/python benchmarks/single_source_sample.py --cache DIR --out picked.jsonl > to_label.txt
      (writes the picked claims, unlabelled, as JSON lines to --out; ``--asserted`` / ``--asserted asserted2``:
      the later draws of what the reports assert single-source, ``ASSERTED``)
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import defaultdict

from pairdata import ROOT  # (puts src/ on the path)
from storyline.compare import compare_story  # noqa: E402
from storyline.stories.copies import find_copies  # noqa: E402
from bench_verdicts import annotate_cached  # noqa: E402
from verdict_sample import load_stories  # noqa: E402

SEED = 9000
N = 72
PER_STORY = 3  # 27 stories: at most 3 claims of one story (most stories are small)
TOP = 5
LEDE_CHARS = 250
# Later draws of what the reports assert single-source (single-source, naming no similar
# claim), none already in single_source.jsonl: split -> (seed, claims, per story, first id).
# asserted: after the similar-claim step (main 7eaf794); asserted2: the same draw again on
# the reports of main 0111181, so the figure is today's (the comparison changed since).
ASSERTED = {"asserted": (9100, 40, 2, 9100), "asserted2": (9200, 60, 3, 9200)}


def single_source_stories() -> list[tuple[str, str, list]]:
    """(source, story, articles): the seeds, GVC val incidents and ECB+ topics 28-35
    stories of three articles or more."""
    out = [s for s in load_stories() if s[0] == "seeds" or (s[0] == "gvc" and len(s[2]) >= 3)]
    out += [s for s in load_stories(fresh=True) if len(s[2]) >= 3]
    return out


def story_report(arts: list, cache: str | None) -> dict:
    """The default report of one story, as ``storyline run`` makes it (copies included)."""
    anns = annotate_cached(arts, cache)
    return compare_story({"id": "story"}, arts, anns, find_copies(arts))


def split_stories(counts: dict[tuple[str, str], int]) -> dict[tuple[str, str], str]:
    """The half each story belongs to (a story's claims stay together): stories in the
    order of a fixed hash of their names, each to the half with fewer claims so far."""
    halves = {"dev": 0, "heldout": 0}
    out = {}
    for key in sorted(counts, key=lambda k: hashlib.sha1(f"single:{k[0]}:{k[1]}".encode()).hexdigest()):
        half = min(halves, key=lambda h: (halves[h], h))
        out[key] = half
        halves[half] += counts[key]
    return out


def _sentences(report: dict) -> list[dict]:
    out = []
    for a in report["articles"]:
        for i, s in enumerate(a["sentences"]):
            out.append({"article_id": a["id"], "sentence": i, "raw_start": s["raw_start"], "raw_end": s["raw_end"],
                        "text": a["text"][s["start"]:s["end"]]})
    return out


def context(report: dict, member: dict, group_articles: set[str]) -> dict:
    """What the labeller reads: the most alike sentences of the other articles and their ledes."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    sents = _sentences(report)
    others = [s for s in sents if s["article_id"] not in group_articles]
    ledes = []
    for a in report["articles"]:
        if a["id"] in group_articles:
            continue
        lede, n = [], 0
        for i, s in enumerate(a["sentences"]):
            if n >= LEDE_CHARS or i >= 4:
                break
            lede.append(a["text"][s["start"]:s["end"]])
            n += s["end"] - s["start"]
        ledes.append({"article_id": a["id"], "text": " ".join(lede)})
    if not others:
        return {"similar": [], "ledes": ledes}
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit([s["text"] for s in sents])
    q = vec.transform([member["text"]])
    sims = (vec.transform([s["text"] for s in others]) @ q.T).toarray().ravel()
    order = sorted(range(len(others)), key=lambda i: (-sims[i], i))[:TOP]
    return {"similar": [others[i] for i in order], "ledes": ledes}


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", default=None, help="folder for cached annotations (outside the repo)")
    ap.add_argument("--out", required=True, help="JSON lines of the picked claims (unlabelled)")
    ap.add_argument("--asserted", nargs="?", const="asserted", choices=sorted(ASSERTED), default=None,
                    help="a later sample of the claims the current reports assert single-source (no similar claim "
                         "named), none already in single_source.jsonl: 'asserted' (seed 9100, at most 2 per story, "
                         "40 claims, ids from 9100) or 'asserted2' (seed 9200, at most 3 per story, 60 claims, ids "
                         "from 9200); what a reader meets")
    args = ap.parse_args()
    seed, n_max, per_story, first_id = SEED, N, PER_STORY, 9000
    known = set()
    if args.asserted:
        seed, n_max, per_story, first_id = ASSERTED[args.asserted]
        for line in (ROOT / "benchmarks/data/single_source.jsonl").open(encoding="utf-8"):
            r = json.loads(line)
            if r["id"] < first_id:  # only earlier draws, so a draw reproduces with its own rows in the file
                known.add((r["claim"]["article_id"], r["claim"]["raw_start"]))
    units = []
    reports = {}
    for source, story, arts in single_source_stories():
        rep = story_report(arts, args.cache)
        reports[(source, story)] = rep
        for g in rep["groups"]:
            if g["verdict"] != "single-source" or (args.asserted and g.get("similar")):
                continue
            prim = [m for m in g["members"] if not m["secondary"]] or g["members"]
            if (prim[0]["article_id"], prim[0]["raw_start"]) in known:
                continue
            units.append((source, story, g["id"], prim[0], set(g["articles"])))
    rng = random.Random(seed)
    rng.shuffle(units)
    per = defaultdict(int)
    picked = []
    for u in units:
        if per[(u[0], u[1])] >= per_story:
            continue
        per[(u[0], u[1])] += 1
        picked.append(u)
        if len(picked) == n_max:
            break
    split = {k: args.asserted for k in per} if args.asserted else split_stories(dict(per))
    with open(args.out, "w", encoding="utf-8") as fh:
        for i, (source, story, gid, m, garts) in enumerate(picked):
            row = {"id": first_id + i, "source": source, "story": story, "split": split[(source, story)],
                   "claim": {"article_id": m["article_id"], "raw_start": m["raw_start"], "raw_end": m["raw_end"],
                             "text": m["text"]}}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            ctx = context(reports[(source, story)], m, garts)
            print(f"=== #{row['id']} [{source} {story}] article {m['article_id']} raw {m['raw_start']}-{m['raw_end']}")
            print(f"CLAIM: {m['text']}")
            art = next(a for a in reports[(source, story)]["articles"] if a["id"] == m["article_id"])
            sent = next((s for s in art["sentences"] if s["raw_start"] <= m["raw_start"] < s["raw_end"]), None)
            if sent and art["text"][sent["start"]:sent["end"]].strip() != m["text"].strip():
                print(f"  (its sentence: {art['text'][sent['start']:sent['end']]})")
            print("-- most alike sentences elsewhere:")
            for s in ctx["similar"]:
                print(f"  [{s['article_id']} {s['raw_start']}-{s['raw_end']}] {s['text']}")
            print("-- ledes of the other articles:")
            for s in ctx["ledes"]:
                print(f"  [{s['article_id']}] {s['text']}")
            print()
    print(f"({len(units)} single-source groups in {len(reports)} stories; picked {len(picked)})")


if __name__ == "__main__":
    main()
