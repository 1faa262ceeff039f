"""A synthetic news stream from real labelled articles, for bench_scale.py.

A stream of *events*: each event re-enacts one gold story of the base corpora (ECB+ dev,
GVC val) with its own cast (every named entity replaced by another real entity of the same
label, consistently across the event's articles) and its own numbers. An event has a
heavy-tailed number of articles (most events get one or two reports, a few get hundreds),
published over a few days after it starts; each article is one base article of the story
with sentences subsampled and a quarter of its words swapped for corpus words. Events start
at a steady rate so the stream carries RATE articles a day, emitted in published order.

Everything is seeded by event and article number, so article ``i`` is the same in every run.
The generator knows each article's event: the bulk builder uses that as its story.
"""

from __future__ import annotations

import heapq
import json
import random
import re
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

from storyline.records import Article, content_hash

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from shareddata import DATA  # noqa: E402  ($STORYLINE_SHARED, else ../shared beside the repo)

BASES = [str(DATA / "ecbplus" / "dev.jsonl"), str(DATA / "gvc" / "val.jsonl")]
RATE = 1000  # articles per day
LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT")
PARETO, MAX_EVENT = 1.3, 400  # event sizes: Pareto(1.3) capped, mean about 3.5 articles
MEAN_DELAY, MAX_DELAY = 1.0, 14.0  # days from an event's start to a report (exponential, capped)
START = datetime(2020, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Base:
    texts: list[tuple[str, list[tuple[int, int, str]]]]  # text, entity spans (start, end, label)
    stories: list[list[int]]  # gold stories as lists of indexes into texts
    pool: dict[str, list[str]]  # real entity strings by label
    vocab: list[str]


def load_bases() -> Base:
    """Base texts with spaCy NER spans (run once) and their gold story labels."""
    from storyline import nlp

    rows = [json.loads(line) for p in BASES for line in open(p, encoding="utf-8") if line.strip()]
    texts = [r["text"] for r in rows]
    pipe = nlp.load(disable=("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"))
    out, pool = [], {lab: set() for lab in LABELS}
    for text, doc in zip(texts, pipe.pipe(texts, batch_size=32)):
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in LABELS]
        for s, e, lab in ents:
            pool[lab].add(text[s:e])
        out.append((text, ents))
    by_story: dict[str, list[int]] = {}
    for k, r in enumerate(rows):
        by_story.setdefault(f"{r.get('topic')}/{r.get('story')}", []).append(k)
    vocab = sorted(set(re.findall(r"[a-z]{3,}", " ".join(texts))))
    return Base(out, [by_story[s] for s in sorted(by_story)], {k: sorted(v) for k, v in pool.items()}, vocab)


def event_plan(e: int, base: Base) -> tuple[int, list[float]]:
    """(gold story index, publication delays in days) of event ``e``."""
    rng = random.Random(f"event:{e}")
    story = rng.randrange(len(base.stories))
    size = min(MAX_EVENT, int(rng.paretovariate(PARETO)))
    return story, sorted(min(MAX_DELAY, rng.expovariate(1.0 / MEAN_DELAY)) for _ in range(size))


def schedule(base: Base) -> Iterator[tuple[float, int, int]]:
    """(published day offset, event, member) for the whole stream, in published order."""
    heap: list[tuple[float, int, int]] = []
    emitted_budget = 0.0  # articles planned so far: events start at RATE articles a day
    e = 0
    while True:
        start = emitted_budget / RATE
        _, delays = event_plan(e, base)
        for j, d in enumerate(delays):
            heapq.heappush(heap, (start + d, e, j))
        emitted_budget += len(delays)
        e += 1
        # anything published before (next start) can no longer be preceded by a new event
        while heap and heap[0][0] <= emitted_budget / RATE:
            yield heapq.heappop(heap)


def article(i: int, when: float, e: int, j: int, base: Base) -> tuple[Article, dict]:
    """Article ``i`` of the stream (member ``j`` of event ``e``) and its entity annotation."""
    story, _ = event_plan(e, base)
    members = base.stories[story]
    rng = random.Random(f"article:{e}:{j}")
    text, ents = base.texts[members[rng.randrange(len(members))]]
    cast: dict[tuple[str, str], str] = {}
    for s, t, lab in ents:  # seeded by event and name: one cast across the event's articles
        key = (text[s:t], lab)
        if key not in cast:
            cast[key] = random.Random(f"cast:{e}:{lab}:{key[0]}").choice(base.pool[lab])
    nseed = random.Random(f"numbers:{e}").randrange(10 ** 9)
    out, spans, pos = [], [], 0
    for s, t, lab in ents:
        out.append(text[pos:s])
        name = cast[(text[s:t], lab)]
        spans.append((name, lab))
        out.append(name)
        pos = t
    out.append(text[pos:])
    # the event's numbers: the same number in two of its articles stays the same
    body = re.sub(r"\d+", lambda m: str(random.Random(f"{nseed}:{m.group()}").randrange(2, 10 ** len(m.group()) + 2)),
                  "".join(out))
    sents = re.split(r"(?<=[.!?])\s+", body)
    keep = [s for s in sents if rng.random() < 0.8] or sents[:1]
    words = [rng.choice(base.vocab) if w.islower() and rng.random() < 0.25 else w for w in " ".join(keep).split(" ")]
    body = " ".join(words)
    ann = []
    for name, lab in spans:
        k = body.find(name)
        if k >= 0:
            ann.append({"text": name, "label": lab, "start": k, "end": k + len(name), "entity": None})
    published = (START + timedelta(days=when)).isoformat()
    art = Article(id=f"syn{i:08d}", raw_text=body, text=body, published=published,
                  title=body.split(". ")[0][:120], outlet=f"outlet{rng.randrange(200)}.example",
                  content_hash=content_hash(body))
    return art, {"entities": ann}


def stream(base: Base, skip: int = 0) -> Iterator[tuple[Article, dict, int]]:
    """(article, annotation, event) in published order, forever, from article ``skip`` on."""
    for i, (when, e, j) in enumerate(schedule(base)):
        if i >= skip:
            art, ann = article(i, when, e, j, base)
            yield art, ann, e
