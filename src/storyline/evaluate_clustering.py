"""Story clustering scored against gold stories (B³, pairwise, ARI).

``eval_clustering(path)`` ingests a labelled JSON Lines file (``id``, ``text``, optional
``title``/``url``/``published``, gold ``story``) into a fresh temporary store, clusters
it, and scores the predicted stories.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from .errors import InputError
from .options import Options
from .records import Article, content_hash


def b_cubed(pred: list, gold: list) -> tuple[float, float, float]:
    """B³ precision, recall, F1 (Bagga & Baldwin 1998), averaged over items."""
    pc, gc = defaultdict(set), defaultdict(set)
    for i, (p, g) in enumerate(zip(pred, gold)):
        pc[p].add(i)
        gc[g].add(i)
    n = len(pred)
    if n == 0:
        return 0.0, 0.0, 0.0
    p = sum(len(pc[pred[i]] & gc[gold[i]]) / len(pc[pred[i]]) for i in range(n)) / n
    r = sum(len(pc[pred[i]] & gc[gold[i]]) / len(gc[gold[i]]) for i in range(n)) / n
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pairwise(pred: list, gold: list) -> tuple[float | None, float | None, float | None]:
    """Precision/recall/F1 over same-story pairs (None when there are no pairs to measure)."""
    from collections import Counter
    from math import comb

    same_p = sum(comb(c, 2) for c in Counter(pred).values())
    same_g = sum(comb(c, 2) for c in Counter(gold).values())
    both = sum(comb(c, 2) for c in Counter(zip(pred, gold)).values())
    p = both / same_p if same_p else None
    r = both / same_g if same_g else None
    f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return p, r, f


def read_labelled(path: str, options: Options) -> tuple[list[Article], dict[str, str]]:
    """Articles and gold story per article id, through the ingest and clean stages."""
    src = Path(path)
    if not src.is_file():
        raise InputError(path, "no such file")
    gold_by_pos: list[str] = []
    with src.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}", f"not JSON ({exc.msg})") from None
            if not isinstance(rec, dict) or "story" not in rec or not rec.get("text"):
                raise InputError(f"{path}:{n}", "each line needs 'text' and a gold 'story'")
            gold_by_pos.append(str(rec["story"]))
    try:
        from .clean import clean_article
        from .ingest import read_inputs
    except ImportError:  # ingest/clean not available: build records directly
        read_inputs = clean_article = None
    articles: list[Article] = []
    gold: dict[str, str] = {}
    if read_inputs is not None:
        for item in read_inputs([str(src)], options.with_(progress=False)):
            if isinstance(item, Exception):
                raise item
            art = clean_article(item) if options.clean else item
            story = (art.metadata or {}).get("story")
            if story is None:
                break
            articles.append(art)
            gold[art.id] = str(story)
        if len(articles) == len(gold_by_pos):
            return articles, gold
        articles, gold = [], {}
    with src.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                art = Article(id=str(rec.get("id") or len(articles)), raw_text=rec["text"], text=rec["text"],
                              title=rec.get("title"), url=rec.get("url"), outlet=rec.get("outlet"),
                              published=rec.get("published"), content_hash=content_hash(rec["text"]))
                articles.append(art)
                gold[art.id] = str(rec["story"])
    return articles, gold


def score(stories: list[dict[str, Any]], gold: dict[str, str]) -> dict[str, Any]:
    from sklearn.metrics import adjusted_rand_score

    pred_of = {a: s["id"] for s in stories for a in s["articles"]}
    ids = sorted(gold)
    pred = [pred_of.get(i, "unclustered:" + i) for i in ids]
    g = [gold[i] for i in ids]
    bp, br, bf = b_cubed(pred, g)
    pp, pr, pf = pairwise(pred, g)
    rnd = lambda x: None if x is None else round(x, 4)  # noqa: E731
    return {"b3_precision": rnd(bp), "b3_recall": rnd(br), "b3_f1": rnd(bf),
            "pairwise_precision": rnd(pp), "pairwise_recall": rnd(pr), "pairwise_f1": rnd(pf),
            "ari": rnd(adjusted_rand_score(g, pred)), "articles": len(ids),
            "predicted_stories": len(set(pred)), "gold_stories": len(set(g))}


def eval_clustering(path: str, options: Options | None = None, modes: tuple[str, ...] = ("streaming", "rebuild")) -> dict:
    """Ingest a labelled JSONL into a temporary store, cluster, and score (both modes)."""
    from .stories import cluster
    from .store import Store

    options = options or Options()
    t0 = time.perf_counter()
    articles, gold = read_labelled(path, options)
    t_read = time.perf_counter() - t0
    out: dict[str, Any] = {"file": str(path), "articles": len(articles), "read_seconds": round(t_read, 2)}
    with tempfile.TemporaryDirectory(prefix="storyline-eval-") as tmp:
        store = Store(Path(tmp) / "eval.db")
        for a in articles:
            store.add_article(a)
        for mode in modes:
            t = time.perf_counter()
            stories = cluster(store, options, rebuild=(mode == "rebuild"))
            res = score(stories, gold)
            res["seconds"] = round(time.perf_counter() - t, 2)
            out[mode] = res
        store.close()
    # the headline figures: streaming (how storyline runs day to day)
    head = out.get("streaming") or out[modes[0]]
    out.update({k: head[k] for k in ("b3_precision", "b3_recall", "b3_f1", "pairwise_f1", "ari",
                                      "predicted_stories", "gold_stories")})
    return out
