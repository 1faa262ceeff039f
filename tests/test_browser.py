"""The web UI in a real browser: Playwright driving Debian's Chromium (no browser download).

One uvicorn server on a free loopback port and one browser serve the whole module.
"""

from __future__ import annotations

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

from storyline.options import Options  # noqa: E402
from storyline.web import create_app  # noqa: E402
from webstore import EVIL, build_store  # noqa: E402

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("browser") / "browser.db"
    ids = build_store(db)
    with live_server(create_app(Options(db=str(db), progress=False))) as base:
        yield base, ids


@pytest.fixture()
def page(browser):
    ctx = browser.new_context()
    pg = ctx.new_page()
    pg.set_default_timeout(15_000)
    pg.console_errors = []  # type: ignore[attr-defined]
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    yield pg
    ctx.close()


def pwned(pg) -> object:
    return pg.evaluate("() => window.__pwned === undefined ? null : window.__pwned")


def test_story_list_to_story_to_article(server, page):
    base, ids = server
    page.goto(base + "/")
    assert page.locator("#story-table tbody tr").count() == 3
    page.get_by_role("link", name="Maduro rally in Caracas").click()
    page.wait_for_url(re.compile(r"/stories/s1rally$"))
    assert page.locator("#story-title").inner_text() == "Maduro rally in Caracas"
    # the brief comes first; its "When" section draws one row per event
    assert page.locator("#brief-title").is_visible() and page.locator("#brief-confirmed li").count() == 1
    events = page.locator("#brief-when tr.event")
    assert events.count() == 2
    box = events.first.locator("svg").bounding_box()
    assert box and box["width"] > 200  # really drawn, not an empty element
    assert "rally in Caracas" in page.locator("#brief-when").text_content()
    # full detail is one click away
    matrix = page.locator("#coverage-matrix")
    assert not matrix.is_visible()
    page.locator("#coverage-detail > summary").click()
    assert matrix.is_visible()
    assert matrix.locator("tbody tr").count() == 1
    assert matrix.locator("td.c-lead").count() == 2
    page.locator("#claims-detail > summary").click()
    assert page.locator("h3.verdict").all_inner_texts()[0].lower().startswith("corroborated")
    # follow a claim to its sentence in the article
    page.locator("#claims a.aref[href*='hl=']").first.click()
    page.wait_for_url(re.compile(r"/articles/a1rally00000001\?hl=\d+-\d+#focus$"))
    assert page.locator("#article-title").inner_text() == "Maduro rejects a slave's peace"
    assert page.locator("#focus").is_visible()
    assert page.locator("#raw-text del").first.inner_text().startswith("Photo: Miraflores Press / EPA")
    assert page.locator("#clean-text .l-entities").count() >= 2
    assert not [e for e in page.console_errors if "Content Security Policy" in e]


def test_search_updates_list_in_place(server, page):
    base, _ = server
    page.goto(base + "/stories")
    page.fill("#q", "cup final")
    page.wait_for_function("() => document.querySelectorAll('#story-table tbody tr').length === 1")
    assert page.locator("#story-table").inner_text().count("Cup final") == 1
    assert "q=cup" in page.url  # htmx pushed the search into the address bar
    page.select_option("select[name=outlet]", "Daily Report")
    page.wait_for_selector("text=No story matches.")
    assert not page.console_errors, page.console_errors


def test_layer_toggle_runs_under_csp(server, page):
    base, ids = server
    page.goto(f"{base}/articles/{ids['a1']}")
    page.uncheck("input[data-layer=entities]")
    assert "hide-entities" in page.locator("#clean-text").get_attribute("class")
    assert not page.console_errors, page.console_errors


def test_injected_script_does_not_run(server, page):
    base, ids = server
    for path in (f"/stories/{ids['evil']}", f"/articles/{ids['a4']}", "/stories?q=body", "/articles"):
        page.goto(base + path)
        page.wait_for_load_state("load")
        assert pwned(page) is None, path
        assert page.locator("img").count() == 0, path
    page.goto(f"{base}/articles/{ids['a4']}")
    assert EVIL in page.locator("#article-title").inner_text()  # shown as text, literally
    assert EVIL in page.locator("#clean-text").inner_text()


def test_ingest_pasted_article_and_hostile_one(server, page):
    base, _ = server
    text = (EXAMPLES / "002_063f098d12266611.txt").read_text(encoding="utf-8")
    page.goto(base + "/ingest")
    page.fill("input[name=title]", "Maduro addresses a rally in Caracas")
    page.fill("input[name=outlet]", "Pasted Post")
    page.fill("input[name=published]", "2025-12-02")
    page.fill("textarea[name=text]", text)
    with page.expect_navigation(timeout=120_000):
        page.click("#ingest-submit", timeout=120_000)
    assert re.search(r"/(stories|articles)/[\w-]+$", page.url), page.url
    assert page.locator("h1").inner_text()
    assert "Pasted Post" in page.content() or "Maduro addresses a rally" in page.content()

    page.goto(base + "/ingest")
    page.fill("input[name=title]", f"Hostile {EVIL}")
    page.fill("textarea[name=text]", f"Breaking {EVIL}\n\nOfficials said {EVIL} on Tuesday in the capital.\n")
    with page.expect_navigation(timeout=120_000):
        page.click("#ingest-submit", timeout=120_000)
    assert re.search(r"/(stories|articles)/[\w-]+$", page.url), page.url
    page.wait_for_load_state("load")
    assert pwned(page) is None
    if "/stories/" in page.url:  # look at the article itself too (the list is under "Full detail")
        page.locator("#articles-detail > summary").click()
        page.locator("a.article-link").last.click()
        page.wait_for_load_state("load")
        assert pwned(page) is None
    assert "<script>window.__pwned=1</script>" in page.locator("main").inner_text()
    assert page.locator("main img").count() == 0


def test_ingest_errors_are_shown(server, page):
    base, _ = server
    page.goto(base + "/ingest")
    page.fill("input[name=fetch_url]", "http://127.0.0.1:9/private")
    with page.expect_navigation():
        page.click("#ingest-submit")
    err = page.locator("#ingest-errors")
    assert err.is_visible()
    assert "http://127.0.0.1:9/private" in err.inner_text()



def test_token_login_in_browser(browser, tmp_path):
    """A token-guarded server sends a browser to the login form, then back where it was going."""
    db = tmp_path / "token.db"
    build_store(db)
    secret = "browser-test-token"
    server = live_server(create_app(Options(db=str(db)), token=secret))
    base = server.__enter__()
    ctx = browser.new_context()
    try:
        pg = ctx.new_page()
        pg.goto(f"{base}/stories?q=cup")
        assert "/login?next=" in pg.url
        pg.fill("input[name=token]", "wrong-token")
        with pg.expect_navigation():
            pg.click("button[type=submit]")
        assert "wrong token" in pg.content()
        pg.fill("input[name=token]", secret)
        with pg.expect_navigation():
            pg.click("button[type=submit]")
        assert pg.url.endswith("/stories?q=cup")
        assert pg.locator("#story-table tbody tr").count() == 1
        cookies = {c["name"]: c for c in ctx.cookies()}
        assert cookies["storyline_session"]["httpOnly"] and secret not in cookies["storyline_session"]["value"]
    finally:
        ctx.close()
        server.__exit__(None, None, None)
