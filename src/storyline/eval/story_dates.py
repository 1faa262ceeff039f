"""How well stories date their undated members, scored on real articles.

Each dated article of a gold story (ECB+ sub-topic, GVC incident) has its date taken
away -- the ``published`` field, its URL, and the date line of its text -- and goes
through the user's path (``pipeline.run``: ingest JSON Lines, annotate, cluster, compare)
together with every other article of its story, the others still dated (leave one
out). Its inferred date is then compared with the true one. Records say when they were
fetched (``fetched_at``), so the figures do not depend on the day they are computed.

Baseline: the article's own text alone (``infer_publication``) read as of its story's
latest date -- what an undated article gets with no story, fetched the day its story
ended.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..options import Options
from ..nlp.speed.blas import in_one_thread
from .readers import labelled_records

WITHIN = 3  # days: "within 3 days of the true date"
FETCHED_AT = "2026-12-01T00:00:00+00:00"  # a fixed crawl day, long after every story


def strip_date(text: str, published: str) -> str:
    """``text`` without the lines near its top that give its publication date."""
    from ..annotate.timex.infer import _dateline
    from ..annotate.timex.tagger import analyse

    year = published[:4]
    yy = year[2:]
    lines = text.split("\n")
    # header lines (before the first long paragraph) that write the year: "May 03, 2013",
    # "Posted: 04/02/07, 9:00 PM PDT |", "on Mar 8 2013, 11:55p"
    year_re = re.compile(rf"\b{year}\b|\b\d{{1,2}}[/.-]\d{{1,2}}[/.-]{yy}\b|\b{yy}[/.-]\d{{1,2}}[/.-]\d{{1,2}}\b")
    # a paragraph of the top that opens with the date: "(Tue, 16 Aug 2011) This morning ..."
    lead_re = re.compile(rf"^\W*(?:[A-Z][a-z]{{2,8}}\.?,?\s+)?(?:\d{{1,2}}\s+[A-Z][a-z]{{2,8}}\.?|"
                         rf"[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}},?)\s+{year}\b[)\]]?\s*(?:[-\u2013\u2014:|]\s*)?")
    kept = []
    seen_body = False
    for line in lines:
        if not seen_body and len(line) <= 100 and year_re.search(line):
            continue
        if not seen_body:
            line = lead_re.sub("", line, count=1)
        if len(line) > 200:
            seen_body = True
        kept.append(line)
    text = "\n".join(kept)
    # a date line the rules above missed, as the inference itself finds it
    for _ in range(3):
        found = _dateline(text, analyse(text))
        if not found:
            break
        c = found[1]
        a = text.rfind("\n", 0, c.start) + 1
        b = text.find("\n", c.end)
        b = len(text) if b < 0 else b
        text = text[:a] + text[b + 1:] if b - a <= 100 else text[:c.start] + text[c.end:]
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def load_dated_stories(path: str | Path, stories: list[str] | None = None) -> dict[str, list[dict]]:
    """Gold story -> its documents, for stories with at least two dated documents."""
    by: dict[str, list[dict]] = defaultdict(list)
    for d in labelled_records(path, ("id", "text", "story")):
        if stories is None or d["story"] in stories:
            by[d["story"]].append(d)
    return {s: sorted(ds, key=lambda d: d["id"]) for s, ds in sorted(by.items())
            if sum(1 for d in ds if d.get("published")) >= 2}


def _record(d: dict, undated: bool) -> dict:
    rec = {"id": d["id"], "text": d["text"], "title": d.get("title"), "outlet": d.get("outlet"),
           "fetched_at": FETCHED_AT}
    if undated:
        rec["text"] = strip_date(d["text"], d["published"][:10])
    else:
        rec["url"] = d.get("url")
        rec["published"] = d.get("published")
    return rec


def _baseline(text: str, latest: str | None, nlp) -> str | None:
    from ..annotate.timex import infer_publication

    today = dt.date.fromisoformat(latest) if latest else None
    r = infer_publication(text, nlp(text), today=today)
    return r["value"] if r else None


@in_one_thread
def eval_story_dates(path: str | Path, stories: list[str] | None = None,
                     options: Options | None = None, details: bool = False) -> dict[str, Any]:
    """Within-3-days rate of the dates undated articles get from their stories (and the
    baseline's), over every dated article of every story with at least two dated ones.

    Leave one out: run ``k`` takes the date away from the ``k``-th dated article of every
    story, all stories in one store. Each run is the user's path -- ingest the JSON
    Lines, annotate, cluster, then date undated members from their stories (the first
    step of compare) -- with one shortcut that changes no result: annotations are
    deterministic, so one made in an earlier run for the same text, version and
    reference day is put in the store instead of being computed again.
    """
    from .. import nlp as _nlp
    from ..annotate import ANNOTATION_VERSION
    from ..pipeline import annotate_store, cluster, date_from_story, ingest
    from ..store import Store

    gold = load_dated_stories(path, stories)
    nlp = _nlp.load()
    # (id, content hash, publication date): the text may be the same dated and undated
    cache: dict[tuple[str, str, str | None], dict] = {}
    rows = []
    runs = max((sum(1 for d in docs if d.get("published")) for docs in gold.values()), default=0)
    for k in range(runs):
        held: dict[str, dict] = {}
        records = []
        for sid, docs in gold.items():
            dated = [d for d in docs if d.get("published")]
            out = dated[k]["id"] if k < len(dated) else None
            for d in docs:
                rec = _record(d, d["id"] == out)
                records.append(rec)
                if d["id"] == out:
                    others = [x["published"][:10] for x in dated if x["id"] != out]
                    held[d["id"]] = {"story": sid, "true": d["published"][:10], "text": rec["text"],
                                     "story_first": min(others), "story_last": max(others),
                                     "running": any(_near(o, d["published"][:10]) for o in others)}
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "articles.jsonl"
            src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
            opts = (options or Options()).with_(db=str(Path(tmp) / "store.db"), progress=False)
            store = Store(opts.db)
            try:
                ingest([str(src)], opts, store)
                arts = {a.id: a for a in store.articles()}
                for a in arts.values():
                    key = (a.id, a.content_hash, a.published)
                    if key in cache:
                        store.put_annotation(a.id, a.content_hash, ANNOTATION_VERSION, cache[key])
                for i in annotate_store(store, opts):
                    cache[(i, arts[i].content_hash, arts[i].published)] = store.get_annotation(i)
                for story in cluster(store, opts):
                    members = [arts[i] for i in story["articles"]]
                    if any(a.published is None for a in members):
                        date_from_story(store, members, opts)
                for key in sorted(held):
                    ann = store.get_annotation(key) or {}
                    inf = ann.get("published_inferred") or {}
                    # dated from the nearest dated story (stories.dates.near_window), not its own
                    near = bool((ann.get("published_story") or {}).get("near"))
                    h = held[key]
                    rows.append({"id": key, "run": k, "story": h["story"], "true": h["true"], "value": inf.get("value"),
                                 "earliest": inf.get("earliest"), "latest": inf.get("latest"),
                                 "from_story": ann.get("published_story") is not None and not near,
                                 "from_near": near, "window": ann.get("published_story"),
                                 "story_first": h["story_first"], "story_last": h["story_last"],
                                 "running": h["running"], "baseline": _baseline(h["text"], h["story_last"], nlp),
                                 "evidence": inf.get("evidence")})
            finally:
                store.close()
    return _figures(rows, details)


def _near(value: str | None, true: str) -> bool:
    if not value:
        return False
    return abs((dt.date.fromisoformat(value) - dt.date.fromisoformat(true)).days) <= WITHIN


def _figures(rows: list[dict], details: bool) -> dict[str, Any]:
    n = len(rows)

    def rate(xs) -> float | None:
        return round(sum(xs) / n, 3) if n else None

    out = {
        "articles": n,
        "stories": len({r["story"] for r in rows}),
        "within_3_days": rate(_near(r["value"], r["true"]) for r in rows),
        "right_year": rate(bool(r["value"]) and r["value"][:4] == r["true"][:4] for r in rows),
        "dated": rate(bool(r["value"]) for r in rows),
        "from_story": rate(r["from_story"] for r in rows),
        "from_near": rate(r["from_near"] for r in rows),
        "inside_story_days": rate(bool(r["value"]) and r["story_first"] <= r["value"] <= r["story_last"] for r in rows),
        "baseline_within_3_days": rate(_near(r["baseline"], r["true"]) for r in rows),
        "baseline_right_year": rate(bool(r["baseline"]) and r["baseline"][:4] == r["true"][:4] for r in rows),
    }
    # the articles published while their story was running (another member within 3
    # days): the ones a story can date to the day
    run = [r for r in rows if r["running"]]
    out["while_running"] = {
        "articles": len(run),
        "within_3_days": round(sum(_near(r["value"], r["true"]) for r in run) / len(run), 3) if run else None,
        "baseline_within_3_days": round(sum(_near(r["baseline"], r["true"]) for r in run) / len(run), 3) if run else None,
    }
    if details:
        out["rows"] = rows
    return out
