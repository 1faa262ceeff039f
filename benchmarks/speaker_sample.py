"""Draw the blind random sample of attributed items for ``speakers_sample.jsonl``.

Reproduce: .venv/bin/python benchmarks/speaker_sample.py OUT.jsonl [--n 140]
          .venv/bin/python benchmarks/speaker_sample.py OUT.jsonl --pool ecb-train --n 120 --seed 2027 --per-article 2
Pool ``test`` (the first sample): the default annotations of GVC val and ECB+ dev topics
28-35; pool ``ecb-train`` (the second): ECB+ dev topics 1-27, splits ``dev2``/``heldout2``.
Both leave out the articles in quotes_gold.jsonl (the seeds are not drawn) and, for the
second, every article of the first sample. Items: direct/partial quotes (with or without
a speaker: a missing speaker the text names is an error too) and claims' attributions
(a claim pointing at an attribution with a source). At most ``--per-article`` items per
article, drawn with a fixed seed; articles split at random (same seed) into two halves.
Writes one unlabelled line per item (``label`` null) for a reader to fill in from the text.
With ``--blind`` the system's speaker is left out of OUT and written to OUT.given.jsonl
(same lines, same order), to be joined after labelling.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from shareddata import DATA  # noqa: E402  ($STORYLINE_SHARED, else ../shared beside the repo)

ROOT = Path(__file__).resolve().parents[1]
SEED = 15
POOLS = {  # pool -> (corpora, ECB+ topics, split names)
    "test": (("gvc", "ecbplus"), set(range(28, 36)), ("dev", "heldout")),
    "ecb-train": (("ecbplus",), set(range(1, 28)), ("dev2", "heldout2")),
}
SAMPLE = ROOT / "benchmarks" / "data" / "speakers_sample.jsonl"


def pool_articles(pool: str = "test"):
    """(dataset, corpus row) of every article the sample may draw from."""
    corpora, topics, splits = POOLS[pool]
    gold = {(g["dataset"], g["id"]) for g in map(json.loads, (ROOT / "benchmarks" / "data" / "quotes_gold.jsonl").open(encoding="utf-8"))}
    if pool != "test" and SAMPLE.exists():
        # a later sample never redraws an article an earlier one holds (its own items are
        # left in, so a rerun draws the same sample)
        gold |= {(s["dataset"], s["id"]) for s in map(json.loads, SAMPLE.open(encoding="utf-8"))
                 if s["split"] not in splits}
    paths = {"gvc": DATA / "gvc" / "val.jsonl", "ecbplus": DATA / "ecbplus" / "dev.jsonl"}
    for name in corpora:
        for line in paths[name].open(encoding="utf-8"):
            r = json.loads(line)
            if (name, r["id"]) in gold:
                continue
            if name == "ecbplus" and int(r["id"].split("_")[0]) not in topics:
                continue
            yield name, r


def article(r):
    from storyline.records import Article

    return Article(id=r["id"], raw_text=r["text"], text=r["text"], published=r.get("published"), title=r.get("title"))


def items(ann: dict) -> list[dict]:
    """Every attributed item of one annotation, as (type, span, speaker as given)."""
    out = []
    for q in ann["quotes"]:
        if q["kind"] in ("direct", "partial"):
            out.append({"type": "quote", "start": q["raw_start"], "end": q["raw_end"], "speaker": _sp(q["speaker"])})
    seen = set()
    for c in ann["claims"]:
        ai = c.get("attribution")
        if ai is None or ai in seen:
            continue
        at = ann["attributions"][ai]
        if at.get("source") is None:
            continue
        seen.add(ai)
        out.append({"type": "claim", "start": c["raw_start"], "end": c["raw_end"],
                    "cue": [at["raw_start"], at["raw_end"]], "speaker": _sp(at["source"])})
    return out


def _sp(sp):
    if sp is None:
        return None
    return {"text": sp.get("text"), "name": sp.get("name"), "entity": sp.get("entity"), "kind": sp.get("kind"),
            "start": sp.get("raw_start", sp.get("start")), "end": sp.get("raw_end", sp.get("end"))}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--n", type=int, default=140)
    ap.add_argument("--pool", choices=sorted(POOLS), default="test")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--per-article", type=int, default=3)
    ap.add_argument("--blind", action="store_true", help="leave the system's speaker out (written to OUT.given.jsonl)")
    ap.add_argument("--processes", type=int, default=2)
    args = ap.parse_args(argv)
    from storyline.annotate import annotate_articles
    from storyline.options import Options

    rows = list(pool_articles(args.pool))
    anns = annotate_articles([article(r) for _, r in rows], Options(processes=args.processes, batch_size=16, progress=False))
    per = []
    for (name, r), ann in zip(rows, anns):
        its = items(ann)
        if its:
            per.append((name, r["id"], its))
    rng = random.Random(args.seed)
    first, second = POOLS[args.pool][2]
    order = list(range(len(per)))
    rng.shuffle(order)
    heldout = {per[i][1] for i in order[::2]}
    # draw items one at a time from the whole pool, at most 3 per article
    flat = [(k, j) for k, (_, _, its) in enumerate(per) for j in range(len(its))]
    rng.shuffle(flat)
    taken: dict[int, int] = {}
    chosen = []
    for k, j in flat:
        if len(chosen) >= args.n:
            break
        if taken.get(k, 0) >= args.per_article:
            continue
        taken[k] = taken.get(k, 0) + 1
        chosen.append((k, j))
    chosen.sort()
    given = open(args.out + ".given.jsonl", "w", encoding="utf-8") if args.blind else contextlib.nullcontext()
    with open(args.out, "w", encoding="utf-8") as f, given:
        for k, j in chosen:
            name, aid, its = per[k]
            it = dict(its[j])
            if args.blind:
                given.write(json.dumps({"id": aid, "start": it["start"], "end": it["end"], "speaker": it.pop("speaker")},
                                       ensure_ascii=False) + "\n")
            rec = {"dataset": name, "id": aid, "split": second if aid in heldout else first, **it, "label": None}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{len(chosen)} items from {len(taken)} articles (pool: {len(per)} articles, {len(flat)} items) -> {args.out}")
    print(f"command: .venv/bin/python benchmarks/speaker_sample.py {args.out} --n {args.n} --pool {args.pool}"
          f" --seed {args.seed} --per-article {args.per_article}{' --blind' if args.blind else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
