"""Golden story tests: the real pipeline (clean, annotate, copies, compare, render) on
real multi-outlet stories, checked against hand-verified must / must-not items in
tests/golden/stories/*.json. See tests/golden/stories/README.md for the check kinds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.compare import compare_story
from storyline.options import Options
from storyline.records import Article
from storyline.report import render
from shareddata import DATA, SHARED  # tests/ is on the path

HERE = Path(__file__).parent
ROOT = HERE.parent
GOLDEN = sorted((HERE / "golden" / "stories").glob("*.json"))


def _shared() -> Path | None:
    return SHARED if DATA.is_dir() else None


def _clean(a: Article) -> Article:
    from storyline.clean import clean_article

    return clean_article(a)


def load_story(spec: dict) -> list[Article]:
    src = spec["source"]
    pub = spec.get("published")
    if "files" in src:
        return [_clean(Article(id=Path(f).stem, raw_text=(ROOT / f).read_text(encoding="utf-8"), published=pub))
                for f in src["files"]]
    shared = _shared()
    if shared is None:
        pytest.skip("shared data folder not found (set STORYLINE_SHARED)")
    docs = {}
    with open(shared / src["jsonl"], encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if d["id"] in src["ids"]:
                docs[d["id"]] = d
    return [_clean(Article(id=i, raw_text=docs[i]["text"], title=docs[i].get("title"),
                           published=pub or docs[i].get("published"))) for i in src["ids"]]


@pytest.fixture(scope="module", params=GOLDEN, ids=[p.stem for p in GOLDEN])
def case(request):
    from storyline.annotate import annotate_articles
    from storyline.stories import find_copies

    spec = json.loads(request.param.read_text(encoding="utf-8"))
    arts = load_story(spec)
    # "today" (the day the articles were fetched) is an input: pinned, never the clock
    anns = list(annotate_articles(arts, Options(progress=False, today=spec.get("today"))))
    report = compare_story({"id": request.param.stem}, arts, anns, find_copies(arts))
    return spec, report


def _groups(report, phrases):
    return [g for g in report["groups"] if all(any(p in m["text"] for m in g["members"]) for p in phrases)]


def _members(report, phrase):
    return [m for g in report["groups"] for m in g["members"] if phrase in m["text"]]


def check(report: dict, c: dict) -> str | None:
    """None when the check holds, else what is wrong."""
    if "group" in c:
        gs = _groups(report, c["group"])
        if not gs:
            return f"no claim group holds all of {c['group']}"
        want = c.get("verdict")
        want = [want] if isinstance(want, str) else want

        def ok(g):
            return ((not want or g["verdict"] in want)
                    and len(g["articles"]) >= c.get("min_articles", 1)
                    and ("origins" not in c or [o["id"] for o in g["origins"]] == c["origins"])
                    and ("max_origins" not in c or g["independent_origins"] <= c["max_origins"])
                    and ("shared_origin_likely" not in c or bool(g["shared_origin_likely"]) == c["shared_origin_likely"])
                    and ("hedge_drift" not in c or bool(g["hedge_drift"]) == c["hedge_drift"])
                    and all(any(f["kind"] == k for f in g["findings"]) for k in c.get("findings", ())))
        if not any(ok(g) for g in gs):
            got = [(g["id"], g["verdict"], [o["id"] for o in g["origins"]], bool(g["shared_origin_likely"])) for g in gs]
            return f"{c['group']}: expected {c}, got {got}"
    elif "not_verdict" in c:
        bad = [g["id"] for p in c["any"] for g in _groups(report, [p]) if g["verdict"] == c["not_verdict"]]
        if bad:
            return f"{c['any']}: groups {bad} are {c['not_verdict']}"
    elif "single_source_in" in c:
        ids = set(report["single_source"].get(c["single_source_in"], []))
        if not any(g["id"] in ids for g in _groups(report, [c["phrase"]])):
            return f"{c['phrase']!r} not listed as single-source for {c['single_source_in']}"
    elif "hedge" in c:
        ms = _members(report, c["phrase"])
        if not any(c["hedge"].lower() in (h["text"] or "").lower() for m in ms for h in m["hedges"]):
            return f"{c['phrase']!r}: no hedge {c['hedge']!r} (got {[h['text'] for m in ms for h in m['hedges']]})"
    elif "quote_speaker" in c:
        ms = _members(report, c["phrase"])
        speakers = [q.get("speaker") for m in ms for q in m["quotes"]]
        if not any(s and c["quote_speaker"].lower() in s.lower() for s in speakers):
            return f"{c['phrase']!r}: quote speaker {c['quote_speaker']!r} not among {speakers}"
    elif "quote" in c and "not_status" in c:
        qs = [q for q in report["quotes"] if any(c["quote"] in r["text"] for r in q["renderings"])]
        if not qs or any(q["status"] == c["not_status"] for q in qs):
            return f"quote {c['quote']!r}: must not be {c['not_status']}, got {[q['status'] for q in qs]}"
    elif "quote" in c:
        qs = [q for q in report["quotes"] if any(c["quote"] in r["text"] for r in q["renderings"])]
        if not qs or not any(q["status"] == c.get("status", q["status"]) for q in qs):
            return f"quote {c['quote']!r}: expected status {c.get('status')}, got {[q['status'] for q in qs]}"
    elif "timeline" in c:
        es = [e for e in report["timeline"] if e["date"] == c["timeline"]
              and any(c["phrase"] in m["text"] for g in _groups(report, [c["phrase"]]) for m in g["members"])
              and e["group"] in {g["id"] for g in _groups(report, [c["phrase"]])}]
        if not es:
            return f"timeline has no {c['timeline']} entry for {c['phrase']!r}"
    else:
        return f"unknown check {c}"
    return None


def test_golden_story(case):
    spec, report = case
    failures = [f for f in (check(report, c) for c in spec["checks"]) if f]
    assert not failures, "\n".join(failures)


def test_golden_story_renders(case):
    _, report = case
    assert render(report, "json") and render(report, "md")
    html = render(report, "html")
    assert "<script" not in html.lower()


def test_golden_story_counts_each_sentence_once(case):
    """One primary group per sentence; a group's independent origins are those of its
    primary members (secondary members are shown, not counted)."""
    _, report = case
    primary: dict[tuple[str, int], str] = {}
    for g in report["groups"]:
        for m in g["members"]:
            if not m["secondary"]:
                key = (m["article_id"], m["sentence"])
                assert primary.setdefault(key, g["id"]) == g["id"], f"sentence {key} primary in two groups"
        counted = {m["origin"] for m in g["members"] if not m["secondary"]}
        if counted:
            assert {o["id"] for o in g["origins"]} <= counted
            assert g["independent_origins"] == len(g["origins"])
