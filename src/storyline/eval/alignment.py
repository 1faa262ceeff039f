"""Claim alignment scored against gold cross-document event chains (ECB+ format).

``eval_alignment(docs, events)`` runs the pipeline on a labelled JSON Lines file
(``id``, ``text``, gold ``story``) and scores the claim groups of every report against
``events`` (one line per document: ``mentions`` with ``start``/``end`` character offsets
into that document's ``text`` and a cross-document ``chain`` id):

- pair precision: member pairs of one claim group, from different articles of one gold
  story, both sentences annotated (at least one gold mention), that share a gold chain;
- recall@1 / recall@2: cross-article sentence pairs of one gold story sharing at least
  one / two gold chains, that one claim group holds together.

Two modes: ``pipeline`` clusters the articles into stories as ``storyline run`` does
(alignment and clustering errors together); ``gold`` compares each gold story as one
story (alignment alone). Each figure is printed beside the lexical baseline
(``storyline.compare.align.METHOD_LEXICAL``) on the same stories and annotations.
"""

from __future__ import annotations

import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from itertools import combinations
from pathlib import Path
from typing import Any, Callable, Iterable

from ..errors import InputError
from ..options import CompareSettings, Options
from ..records import Article
from ..nlp.speed.blas import in_one_thread
from .readers import labelled_records


def read_events(path: str) -> dict[str, list[dict]]:
    """Gold event mentions per document id."""
    out: dict[str, list[dict]] = {}
    for rec in labelled_records(path, ("id", "mentions")):
        if not isinstance(rec["mentions"], list):
            raise InputError(f"{path}: {rec['id']}", "'mentions' must be a list")
        out[str(rec["id"])] = rec["mentions"]
    return out


def read_labelled(path: str, options: Options) -> tuple[list[Article], dict[str, str]]:
    """Articles (read and cleaned as ``storyline ingest`` does) and gold story per id."""
    from ..pipeline import read_articles

    articles: list[Article] = []
    gold: dict[str, str] = {}
    for item in read_articles([path], options):
        if isinstance(item, InputError):
            raise item
        story = (item.metadata or {}).get("story")
        if story is None:
            raise InputError(f"{path}: {item.id}", "each record needs a gold 'story'")
        articles.append(item)
        gold[item.id] = str(story)
    if not articles:
        raise InputError(path, "no articles")
    return articles, gold


def sentence_chains(article: Article, ann: dict, mentions: list[dict]) -> dict[int, frozenset]:
    """Gold chains of each annotated sentence (index into ``ann['sentences']``).

    Gold offsets are into the text as received; a sentence's clean span is mapped to
    raw offsets through the article's offset map.
    """
    spans = [(article.to_raw(s["start"]), article.to_raw(s["end"])) for s in ann.get("sentences", [])]
    out: dict[int, set] = defaultdict(set)
    for m in mentions:
        for i, (a, b) in enumerate(spans):
            if a <= m["start"] < b:
                out[i].add(str(m["chain"]))
                break
    return {i: frozenset(c) for i, c in out.items()}


class Scorer:
    """Accumulates the pair counts over stories."""

    def __init__(self) -> None:
        self.pairs = self.pairs_right = 0
        self.gold = {1: 0, 2: 0}
        self.found = {1: 0, 2: 0}

    def add(self, report: dict, gold_story: dict[str, str], chains: dict[str, dict[int, frozenset]]) -> None:
        """Score one report's groups (sentences of articles without gold story are ignored)."""
        together: set[tuple] = set()
        for g in report["groups"]:
            # one sentence counts once per group, whatever number of its clauses are members
            sents = sorted({(m["article_id"], m["sentence"]) for m in g["members"]})
            for a, b in combinations(sents, 2):
                if a[0] == b[0] or gold_story.get(a[0]) is None or gold_story.get(a[0]) != gold_story.get(b[0]):
                    continue
                together.add((a, b) if a < b else (b, a))
        for a, b in together:
            ca, cb = chains.get(a[0], {}).get(a[1]), chains.get(b[0], {}).get(b[1])
            if ca and cb:
                self.pairs += 1
                self.pairs_right += bool(ca & cb)
        # recall over every gold pair among this report's articles
        arts = sorted({a for a in report["story"]["articles"] if gold_story.get(a) is not None})
        for x, y in combinations(arts, 2):
            if gold_story[x] != gold_story[y]:
                continue
            for sx, cx in chains.get(x, {}).items():
                for sy, cy in chains.get(y, {}).items():
                    k = len(cx & cy)
                    if not k:
                        continue
                    key = ((x, sx), (y, sy)) if (x, sx) < (y, sy) else ((y, sy), (x, sx))
                    hit = key in together
                    for need in (1, 2):
                        if k >= need:
                            self.gold[need] += 1
                            self.found[need] += hit

    def add_missing(self, gold_story: dict[str, str], chains: dict[str, dict[int, frozenset]],
                    covered: set[tuple[str, str]]) -> None:
        """Gold pairs of articles that no report put together (clustering misses) count as not found."""
        by_story: dict[str, list[str]] = defaultdict(list)
        for a, s in gold_story.items():
            by_story[s].append(a)
        for arts in by_story.values():
            for x, y in combinations(sorted(arts), 2):
                if (x, y) in covered:
                    continue
                for cx in chains.get(x, {}).values():
                    for cy in chains.get(y, {}).values():
                        k = len(cx & cy)
                        for need in (1, 2):
                            self.gold[need] += k >= need

    def figures(self) -> dict[str, Any]:
        r = lambda a, b: round(a / b, 4) if b else "not measured"  # noqa: E731
        return {"pair_precision": r(self.pairs_right, self.pairs), "pairs_judged": self.pairs,
                "recall@1": r(self.found[1], self.gold[1]), "recall@2": r(self.found[2], self.gold[2]),
                "gold_pairs@1": self.gold[1], "gold_pairs@2": self.gold[2]}


def _covered(stories: Iterable[dict]) -> set[tuple[str, str]]:
    out = set()
    for s in stories:
        for x, y in combinations(sorted(s["articles"]), 2):
            out.add((x, y))
    return out


def gold_stories(articles: list[Article], gold: dict[str, str]) -> list[dict]:
    """One story per gold story label, articles in input order."""
    by: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        by[gold[a.id]].append(a.id)
    return [{"id": f"gold-{k}", "articles": v} for k, v in sorted(by.items())]


def score_stories(stories: list[dict], articles: dict[str, Article], annotations: dict[str, dict],
                  gold: dict[str, str], events: dict[str, list[dict]], compare: Callable[..., dict],
                  methods: tuple[str, ...]) -> dict[str, dict]:
    """Compare every story with each alignment method and score the groups."""
    chains = {aid: sentence_chains(articles[aid], annotations[aid], events.get(aid, [])) for aid in articles}
    scorers = {m: Scorer() for m in methods}
    for s in stories:
        arts = [articles[a] for a in s["articles"]]
        anns = [annotations[a] for a in s["articles"]]
        for m in methods:
            report = compare(s, arts, anns, m)
            scorers[m].add(report, gold, chains)
    cov = _covered(stories)
    for m in methods:
        scorers[m].add_missing(gold, chains, cov)
    return {m: sc.figures() for m, sc in scorers.items()}


def _comparer(store, settings: CompareSettings) -> Callable[..., dict]:
    """compare_story as the pipeline calls it (with the store's copy relations and the
    ``settings`` of ``Options.compare``, each method in turn: compare_story applies the
    checks to the lexical method only)."""
    from ..compare import compare_story

    def run(story: dict, arts: list[Article], anns: list[dict], method: str) -> dict:
        return compare_story(story, arts, anns, store.copies([a.id for a in arts]), replace(settings, method=method))

    return run


@in_one_thread
def eval_alignment(docs: str, events: str, options: Options | None = None, modes: tuple[str, ...] = ("pipeline", "gold"),
                   annotations: dict[str, dict] | None = None, topics: set[str] | None = None) -> dict[str, Any]:
    """Score claim alignment on gold event chains; ``pipeline`` and/or ``gold`` stories.

    ``annotations`` (id -> annotation of the same clean text) skips annotating again
    (the fitting script's cache); ``topics`` keeps only documents of those ``topic``s.
    """
    from ..compare.align import METHOD_LEXICAL, METHOD_MODEL
    from ..store import Store

    options = (options or Options()).with_(progress=False)
    t0 = time.perf_counter()
    gold_events = read_events(events)
    articles, gold = read_labelled(docs, options)
    if topics is not None:
        articles = [a for a in articles if str((a.metadata or {}).get("topic")) in topics]
        gold = {a.id: gold[a.id] for a in articles}
    by_id = {a.id: a for a in articles}
    out: dict[str, Any] = {"file": str(docs), "articles": len(articles),
                           "annotated_articles": sum(1 for a in articles if gold_events.get(a.id))}
    methods = (METHOD_MODEL, METHOD_LEXICAL)
    with tempfile.TemporaryDirectory(prefix="storyline-eval-") as tmp:
        opts = options.with_(db=str(Path(tmp) / "eval.db"))
        store = Store(opts.db)
        try:
            from ..pipeline import annotate_store, cluster

            for a in articles:
                store.add_article(a)
            if annotations is None:
                annotate_store(store, opts)
                anns = {a.id: store.get_annotation(a.id) for a in articles}
            else:
                anns = {a.id: annotations[a.id] for a in articles}
            if "pipeline" in modes:
                t = time.perf_counter()
                stories = cluster(store, opts)
                res = score_stories(stories, by_id, anns, gold, gold_events,
                                    _comparer(store, options.compare), methods)
                out["pipeline"] = {"stories": len(stories), **res, "seconds": round(time.perf_counter() - t, 1)}
            if "gold" in modes:
                t = time.perf_counter()
                res = score_stories(gold_stories(articles, gold), by_id, anns, gold, gold_events,
                                    _comparer(store, options.compare), methods)
                out["gold"] = {"stories": len(set(gold.values())), **res, "seconds": round(time.perf_counter() - t, 1)}
        finally:
            store.close()
    out["seconds"] = round(time.perf_counter() - t0, 1)
    return out
