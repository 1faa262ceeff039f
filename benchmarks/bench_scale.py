"""Cost of adding articles to a large store: articles/s and peak memory at 10k, 100k (1M).

    .venv/bin/python benchmarks/bench_scale.py                       # 10k and 100k
    .venv/bin/python benchmarks/bench_scale.py --sizes 10000,100000,1000000 --db /tmp/scale.db

Synthetic stream from real texts (ECB+ dev, GVC val): each article is a real article
whose named entities (spaCy NER, run once on the base texts) are replaced by other
entities of the same label, numbers redrawn, sentences subsampled and 25% of the words
swapped for corpus words, published at a constant rate (RATE per day) — so a bigger
store is a longer stream, as in a real archive. The entity annotation of each synthetic
article is known exactly and stored as its annotation (the pipeline annotates before
clustering). The store is grown by clustering in batches; at each size a batch of
MEASURE new articles is added (store.add_article) and clustered, and timed.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from storyline.options import Options
from storyline.records import Article, content_hash
from storyline.stories import cluster
from storyline.store import Store

BASES = ["/work/shared/data/ecbplus/dev.jsonl", "/work/shared/data/gvc/val.jsonl"]
RATE = 1000  # articles per day
MEASURE = 500
LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT")


def load_bases():
    from storyline import nlp

    texts = [json.loads(line)["text"] for p in BASES for line in open(p, encoding="utf-8") if line.strip()]
    pipe = nlp.load(disable=("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"))
    bases, pool = [], {lab: [] for lab in LABELS}
    for text, doc in zip(texts, pipe.pipe(texts, batch_size=32)):
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in LABELS]
        for s, e, lab in ents:
            pool[lab].append(text[s:e])
        bases.append((text, ents))
    vocab = sorted(set(re.findall(r"[a-z]{3,}", " ".join(texts))))
    return bases, {k: sorted(set(v)) for k, v in pool.items()}, vocab


def synth(i: int, bases, pool, vocab, start: datetime) -> tuple[Article, dict]:
    rng = random.Random(i)
    text, ents = bases[rng.randrange(len(bases))]
    out, spans, pos, mapping = [], [], 0, {}
    for s, e, lab in ents:
        out.append(text[pos:s])
        name = mapping.setdefault(text[s:e], rng.choice(pool[lab]))
        here = sum(len(x) for x in out)
        spans.append({"text": name, "label": lab, "start": here, "end": here + len(name)})
        out.append(name)
        pos = e
    out.append(text[pos:])
    body = "".join(out)
    body = re.sub(r"\d+", lambda m: str(rng.randrange(2, 10 ** len(m.group()) + 2)), body)
    # word noise and sentence subsampling (entity spans are recomputed by search below)
    sents = re.split(r"(?<=[.!?])\s+", body)
    keep = [s for s in sents if rng.random() < 0.8] or sents[:1]
    words = []
    for w in " ".join(keep).split(" "):
        words.append(rng.choice(vocab) if w.islower() and rng.random() < 0.25 else w)
    body = " ".join(words)
    ann_ents = []
    for sp in spans:
        k = body.find(sp["text"])
        if k >= 0:
            ann_ents.append({**sp, "start": k, "end": k + len(sp["text"]), "entity": None})
    published = (start + timedelta(days=i / RATE)).isoformat()
    art = Article(id=f"syn{i:08d}", raw_text=body, text=body, published=published,
                  title=body.split(". ")[0][:120], outlet=f"outlet{rng.randrange(200)}.example",
                  content_hash=content_hash(body))
    return art, {"entities": ann_ents}


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def add(store: Store, lo: int, hi: int, bases, pool, vocab, start) -> None:
    for i in range(lo, hi):
        art, ann = synth(i, bases, pool, vocab, start)
        store.add_article(art)
        store.put_annotation(art.id, art.content_hash, "bench-synthetic", ann)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--db", default="/tmp/storyline-scale.db")
    ap.add_argument("--grow-batch", type=int, default=5000)
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}", flush=True)
    Path(args.db).unlink(missing_ok=True)
    bases, pool, vocab = load_bases()
    store = Store(args.db)
    opts = Options(db=args.db, progress=False)
    start = datetime(2020, 1, 1, tzinfo=timezone.utc)
    n = 0
    t_build = time.perf_counter()
    # CPU time (process_time) is reported next to wall time: on a shared machine the wall
    # clock measures the neighbours as much as storyline
    print(f"{'store size':>10} {'add+cluster art/s':>18} {'cluster art/s':>14} {'cluster CPU ms/art':>18} "
          f"{'peak RSS MB':>11} {'build s':>8}", flush=True)
    for size in sizes:
        while n < size:
            hi = min(size, n + args.grow_batch)
            add(store, n, hi, bases, pool, vocab, start)
            cluster(store, opts)
            n = hi
        t0 = time.perf_counter()
        add(store, n, n + MEASURE, bases, pool, vocab, start)
        t1, c1 = time.perf_counter(), time.process_time()
        cluster(store, opts)
        t2, c2 = time.perf_counter(), time.process_time()
        n += MEASURE
        print(f"{size:>10} {MEASURE / (t2 - t0):>18.1f} {MEASURE / (t2 - t1):>14.1f} {1000 * (c2 - c1) / MEASURE:>18.2f} "
              f"{rss_mb():>11.0f} {time.perf_counter() - t_build:>8.0f}", flush=True)
    print(f"stories: {store.count('stories')}, articles: {store.count()}")
    store.close()


if __name__ == "__main__":
    main()
