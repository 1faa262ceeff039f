"""What a reader sees first: the story brief in a real browser (Playwright driving
Debian's Chromium at 1280x800), on the HTML report and on the web story page.

Stories: the two seed reports (published 2025-12-02), and a 10-article real story
(ECB+ dev topic 28, "Fred LaRue dies": ten outlets) read from the shared data folder;
the tests that need it skip, saying so, when it is missing.

Set STORYLINE_SCREENSHOTS=<dir> to save the first screens there (docs/ keeps them).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest

from browsing import CHROMIUM, live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} missing (apt-get install chromium)"),
]
playwright_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

from storyline.annotate import ANNOTATION_VERSION, annotate_articles  # noqa: E402
from storyline.clean import clean_article  # noqa: E402
from storyline.compare import compare_story  # noqa: E402
from storyline.options import Options  # noqa: E402
from storyline.records import Article  # noqa: E402
from storyline.report import render  # noqa: E402
from storyline.store import Store  # noqa: E402
from storyline.stories import find_copies  # noqa: E402
from storyline.web import create_app  # noqa: E402
from shareddata import DATA, SHARED  # tests/ is on the path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SCREEN = {"width": 1280, "height": 800}
ECB_STORY, ECB_SIZE = "28_ecbplus", 10


def _shared() -> Path | None:
    return SHARED if (DATA / "ecbplus" / "dev.jsonl").is_file() else None


def _story(story_id: str, arts: list[Article]) -> tuple[dict, list[Article], list[dict]]:
    arts = [clean_article(a) for a in arts]
    anns = list(annotate_articles(arts, Options(progress=False)))
    # the story record carries the first article's headline, as a merged story would
    story = {"id": story_id, "title": arts[0].title or arts[0].text.splitlines()[0], "articles": [a.id for a in arts],
             "first_published": min(filter(None, (a.published for a in arts)), default=None),
             "last_published": max(filter(None, (a.published for a in arts)), default=None)}
    return compare_story(story, arts, anns, find_copies(arts)), arts, anns


@pytest.fixture(scope="module")
def stories(tmp_path_factory):
    """Reports computed by the real pipeline, written as HTML files and into a store."""
    out = tmp_path_factory.mktemp("brief")
    seeds = [Article(id=p.stem, raw_text=p.read_text(encoding="utf-8"), published="2025-12-02T00:00:00+00:00")
             for p in sorted(EXAMPLES.glob("*.txt"))]
    made = {"seeds": _story("seeds", seeds)}
    shared = _shared()
    if shared:
        docs = [json.loads(line) for line in (shared / "data" / "ecbplus" / "dev.jsonl").open(encoding="utf-8")]
        docs = sorted((d for d in docs if d["story"] == ECB_STORY), key=lambda d: d["id"])[:ECB_SIZE]
        made["ecb"] = _story("ecb", [Article(id=d["id"], raw_text=d["text"], title=d.get("title"), url=d.get("url"),
                                             outlet=d.get("outlet"), published=d.get("published")) for d in docs])
    st = Store(str(out / "brief.db"))
    files = {}
    for key, (report, arts, anns) in made.items():
        for a, ann in zip(arts, anns):
            st.add_article(a)
            st.put_annotation(a.id, a.content_hash, ANNOTATION_VERSION, ann)
        st.put_story(report["story"])
        st.put_report(report["story"]["id"], report)
        files[key] = out / f"{key}.html"
        files[key].write_text(render(report, "html"), encoding="utf-8")
    st.close()
    return {k: v[0] for k, v in made.items()}, files, out / "brief.db"


@pytest.fixture(scope="module")
def server(stories):
    with live_server(create_app(Options(db=str(stories[2]), progress=False))) as base:
        yield base


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(viewport=SCREEN)
    pg = ctx.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    ctx.close()


def _ecb(stories):
    if "ecb" not in stories[0]:
        pytest.skip(f"shared data folder not found: the {ECB_SIZE}-article ECB+ story is not tested "
                    "(set STORYLINE_SHARED to the folder holding data/ecbplus/dev.jsonl)")
    return stories[0]["ecb"]


def _on_first_screen(pg, selector: str) -> bool:
    box = pg.locator(selector).first.bounding_box()
    return bool(box) and box["height"] > 0 and box["y"] >= 0 and box["y"] + min(box["height"], 40) <= SCREEN["height"]


def _check_first_screen(pg, report: dict, shot: str) -> None:
    brief = report["brief"]
    assert pg.locator("#brief-title").inner_text().strip() == brief["title"]
    assert pg.locator("#brief-summary").inner_text().strip() == brief["summary"]
    for sel in ("#brief-title", "#brief-summary", "#brief-confirmed h2", "#brief-confirmed li"):
        assert _on_first_screen(pg, sel), f"{sel} is not on the first screen"
    first = pg.locator("#brief-confirmed li").first.inner_text()
    assert brief["confirmed"][0]["text"][:40] in first
    assert all(s["outlet"] in first for s in brief["confirmed"][0]["sources"])
    if os.environ.get("STORYLINE_SCREENSHOTS"):
        pg.screenshot(path=str(Path(os.environ["STORYLINE_SCREENSHOTS"]) / shot))


def test_report_first_screen_shows_the_brief(stories, page):
    reports, files, _ = stories
    page.goto(files["seeds"].as_uri())
    _check_first_screen(page, reports["seeds"], "brief-report.png")
    assert "Maduro" in page.locator("#brief-title").inner_text()  # the story's actor, in its title


def test_web_story_first_screen_shows_the_brief(stories, server, page):
    reports, _, _ = stories
    page.goto(f"{server}/stories/seeds")
    _check_first_screen(page, reports["seeds"], "brief-web.png")
    # each outlet link goes to its sentence, highlighted on the article page
    page.locator("#brief-single a.more").click()  # the rest of a list: its detail opens
    assert page.locator("#claims h3.verdict").first.is_visible()
    page.locator("#brief-confirmed li a").first.click()
    page.wait_for_url(re.compile(r"/articles/[\w-]+\?hl=\d+-\d+#focus$"))
    assert page.locator("#focus").is_visible()


def test_ten_article_story_timeline_and_page_height(stories, server, page):
    report = _ecb(stories)
    brief = report["brief"]
    assert len(report["articles"]) == ECB_SIZE
    page.goto(stories[1]["ecb"].as_uri())
    _check_first_screen(page, report, "brief-report-10.png")
    rows = page.locator("#brief-when tr.event")
    assert rows.count() == len(brief["timeline"]) > 0
    seen = set()
    for i, ev in enumerate(brief["timeline"]):
        row = rows.nth(i)
        text = row.inner_text()
        key = (ev["display"], ev["label"])
        assert key not in seen, f"event shown twice: {key}"  # each event once
        seen.add(key)
        assert ev["display"] in text
        links = [a.inner_text() for a in row.locator("a").all()]
        assert links == [s["outlet"] for s in ev["sources"]]  # with all its sources
        assert len(links) == len({s["article_id"] for s in ev["sources"]})
    multi = [e for e in brief["timeline"] if len(e["sources"]) > 1]
    assert multi, "no event dated by several outlets"
    # the axis spans the story's own dates, not decades of background
    label = page.locator("#brief-when svg.axis").first.get_attribute("aria-label")
    first, last = (dt.date.fromisoformat(d) for d in re.findall(r"\d{4}-\d{2}-\d{2}", label))
    pubs = sorted(dt.date.fromisoformat(a["published"][:10]) for a in report["articles"])
    assert first <= pubs[0] and last >= pubs[-1] and (last - first).days <= 60, label
    assert brief["totals"]["background"] > 0 and page.locator("#brief-background circle").count() > 0
    # bounded: the whole page, details collapsed, is under 10 screens
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 10 * SCREEN["height"], height
    assert page.locator("details[open]").count() == 0
    # ... and the detail is one click away: the "more" link opens it
    page.locator("#brief-when a.more").click()
    assert page.evaluate("document.getElementById('detail-events').open")
    assert page.locator("#detail-events tr.event").count() == brief["totals"]["events"]
    page.locator("#brief-confirmed a.more").click()
    assert page.locator("#detail-facts .card").first.is_visible()
    # the coverage matrix lists the key facts only, under short labels; no pronoun is a source
    cov = page.locator("#detail-coverage tr")
    assert 1 < cov.count() <= 1 + len(brief["confirmed"]) + len(brief["disputed"])
    assert max(len(t) for t in cov.locator("td:first-child").all_inner_texts()) <= 70
    framing = stories[1]["ecb"].read_text(encoding="utf-8").split('id="detail-framing"')[1]
    assert not re.search(r"<br>\s*(he|she|it|they|him|her) <span", framing, re.I)
    assert not re.search(r"<td>(he|she|it|they|him|her) <span", framing, re.I)
    page.goto(f"{server}/stories/ecb")
    assert page.evaluate("document.documentElement.scrollHeight") < 10 * SCREEN["height"]
    assert _on_first_screen(page, "#brief-confirmed li")
