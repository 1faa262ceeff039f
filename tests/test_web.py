"""Web UI and JSON API, in process (FastAPI TestClient): pages, twins, search, safety."""

from __future__ import annotations

import re
import warnings
from html.parser import HTMLParser

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("multipart")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from storyline.errors import StorylineError
from storyline.options import Options
from storyline.store import Store
from storyline.web import create_app, serve
from storyline.web.server import check_binding
from webstore import EVIL, build_store


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    db = tmp_path_factory.mktemp("web") / "web.db"
    ids = build_store(db)
    return db, ids


@pytest.fixture()
def client(data):
    db, _ = data
    return TestClient(create_app(Options(db=str(db))))


@pytest.fixture()
def ids(data):
    return data[1]


def parse_tags(page: str) -> list[tuple[str, list[tuple[str, str]], str]]:
    """(tag, attributes, text inside when a script) for every start tag, as a browser parses them."""
    out: list = []

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            out.append([tag, attrs, ""])

        def handle_data(self, data):
            if out and out[-1][0] == "script":
                out[-1][2] += data.strip()

    P().feed(page)
    return [tuple(x) for x in out]


def csrf(client) -> str:
    r = client.get("/ingest.json")
    assert r.status_code == 200 and "storyline_csrf" in client.cookies
    return r.json()["csrf_token"]


# -- pages and their JSON twins ------------------------------------------------------

def test_every_page_has_a_json_twin(client, ids):
    pages = ["/stories", f"/stories/{ids['rally']}", "/articles", f"/articles/{ids['a1']}", "/ingest"]
    for path in pages:
        html = client.get(path)
        assert html.status_code == 200, path
        assert html.headers["content-type"].startswith("text/html"), path
        assert "<html" in html.text
        twin = client.get(path + ".json")
        assert twin.status_code == 200, path
        assert twin.headers["content-type"] == "application/json", path
        if path != "/ingest":  # the ingest twin carries a fresh CSRF token each time
            negotiated = client.get(path, headers={"Accept": "application/json"})
            assert negotiated.json() == twin.json(), path
    assert client.get("/").text == client.get("/stories").text


def test_story_list_json(client, ids):
    d = client.get("/stories.json").json()
    by_id = {s["id"]: s for s in d["stories"]}
    assert set(by_id) == {ids["rally"], ids["match"], ids["evil"]}
    assert by_id[ids["rally"]]["n_articles"] == 2
    assert by_id[ids["rally"]]["outlets"] == ["Daily Report", "Example Times"]
    assert d["total_articles"] == 5
    assert "Sports Weekly" in d["outlets"]
    # newest first (by last publication)
    assert [s["id"] for s in d["stories"]][0] == ids["rally"]


def test_story_page_draws_report(client, ids):
    r = client.get(f"/stories/{ids['rally']}")
    html = r.text
    assert "Maduro rally in Caracas" in html
    # the brief first: its title, then the confirmed fact with its outlets linked to their sentences
    assert html.index('id="brief-title"') < html.index('id="brief-confirmed"') < html.index('id="claims"')
    when = re.search(r'<section id="brief-when">.*?</section>', html, re.S).group(0)
    rows = re.findall(r'<tr class="event ev-[^"]*">.*?</tr>', when, re.S)
    assert len(rows) == 2  # one row per event
    assert "<circle" in when and "<rect" in when  # a day point and a range bar
    assert any("rally in Caracas" in r and "Example Times" in r for r in rows)
    # a report stored without a brief gets one, in the JSON twin and the downloads
    assert client.get(f"/stories/{ids['rally']}.json").json()["report"]["brief"]["timeline"]
    assert client.get(f"/stories/{ids['rally']}/report.json").json()["brief"]["title"]
    # claims grouped by verdict, with origins and links to their spans
    assert re.search(r'<h3 class="verdict v-corroborated">corroborated', html)
    assert re.search(r'<h3 class="verdict v-single-source">single-source', html)
    assert "Reuters" in html and "hedge drift" in html
    a1 = client.get(f"/articles/{ids['a1']}.json").json()["article"]
    start = a1["text"].index("Trump reportedly")
    assert f"/articles/{ids['a1']}?hl={start}-{start + len('Trump reportedly refused the terms.')}#focus" in html
    # coverage matrix: one row, two article columns, both leading with the fact
    matrix = re.search(r'<table class="matrix" id="coverage-matrix">.*?</table>', html, re.S).group(0)
    assert matrix.count('class="cell c-lead"') == 2
    assert "Example Times" in matrix and "Daily Report" in matrix
    assert re.search(r'<span class="tag">date overlap</span>.*?“2025-12-01”.*?<em>vs</em>.*?“2025-W49”', html, re.S)
    # the second article is marked as a copy of the first
    assert re.search(r'copy of <a class="aref" href="/articles/a1rally00000001"[^>]*>Example Times</a>', html)
    # quotes by speaker and framing per article
    assert re.search(r"<h3>Nicolás Maduro</h3>", html)
    assert 'id="framing"' in html and "Voices quoted" in html


def test_story_without_report_and_unknown_story(client, ids):
    r = client.get(f"/stories/{ids['match']}")
    assert r.status_code == 200 and 'id="no-report"' in r.text
    assert client.get(f"/stories/{ids['match']}.json").json()["report"] is None
    assert client.get(f"/stories/{ids['match']}/report.html").status_code == 404  # not computed
    pdf = client.get(f"/stories/{ids['rally']}/report.pdf", headers={"Accept": "application/json"})
    assert pdf.status_code == 404 and pdf.json()["detail"].startswith("no report format 'pdf'; available: md")
    missing = client.get("/stories/nope.json")
    assert missing.status_code == 404
    assert "no story 'nope'" in missing.json()["detail"]
    assert client.get("/articles/nope").status_code == 404


def test_article_page_shows_cleaning_and_annotations(client, ids):
    html = client.get(f"/articles/{ids['a1']}").text
    raw = re.search(r'<div class="text raw" id="raw-text">(.*?)</div>', html, re.S).group(1)
    assert '<del title="removed: photo credit">Photo: Miraflores Press / EPA\n\n</del>' in raw
    assert '<del title="removed: teaser for another article">Read more:' in raw
    assert '<ins class="repair" title="repaired: missing space after a closing quote">␣</ins>' in raw
    clean = re.search(r'<div class="text clean" id="clean-text">(.*?)</div>', html, re.S).group(1)
    assert "Photo: Miraflores" not in clean and "Read more" not in clean
    assert re.search(r'<span class="l-entities "[^>]*>Nicolás Maduro</span>', clean)
    assert re.search(r'<span class="l-timexes "[^>]*title="DATE 2025-12-01">Monday</span>', clean)
    assert re.search(r'<span class="l-quantities "[^>]*>At least 83 people</span>', clean)
    assert re.search(r'<span class="l-hedges "[^>]*>reportedly</span>', clean)
    # a linked span is marked and anchored
    text = client.get(f"/articles/{ids['a1']}.json").json()["article"]["text"]
    s = text.index("Trump")
    focused = client.get(f"/articles/{ids['a1']}?hl={s}-{s + 5}").text
    assert re.search(r'<span class="l-entities l-focus " id="focus"[^>]*>Trump</span>', focused)


def test_article_json_twin(client, ids):
    d = client.get(f"/articles/{ids['a1']}.json").json()
    assert d["story_id"] == ids["rally"]
    assert [e["kind"] for e in d["article"]["edits"]] == ["remove", "repair", "remove"]
    assert d["annotation"]["entities"][0]["name"] == "Nicolás Maduro"
    assert client.get(f"/articles/{ids['a5']}.json").json()["annotation"] is None


def test_openapi_describes_the_twins(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for p in ("/stories.json", "/stories/{story_id}.json", "/articles.json", "/articles/{article_id}.json",
              "/ingest.json"):
        assert p in paths, p
    ok = paths["/stories.json"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/StoryList")
    params = {x["name"] for x in paths["/stories.json"]["get"]["parameters"]}
    assert params == {"q", "from", "to", "outlet", "offset", "limit"}
    assert "post" in paths["/ingest.json"] and "413" in paths["/ingest.json"]["post"]["responses"]
    assert {"StoryPage", "ArticlePage", "IngestOutcome"} <= set(spec["components"]["schemas"])


# -- search and filters --------------------------------------------------------------

def test_full_text_search(client, ids):
    d = client.get("/stories.json", params={"q": "cup final"}).json()
    assert [s["id"] for s in d["stories"]] == [ids["match"]]
    assert d["stories"][0]["hits"][0]["id"] == ids["a3"]
    assert "[" in d["stories"][0]["hits"][0]["snippet"]
    d = client.get("/stories.json", params={"q": "Caracas"}).json()
    assert {s["id"] for s in d["stories"]} == {ids["rally"]}
    assert [h["id"] for h in d["unassigned"]] == [ids["a5"]]  # matches, but in no story yet
    html = client.get("/stories", params={"q": "sovereignty"}).text
    assert "<mark>sovereignty</mark>" in html
    # words that are not FTS5 syntax still search
    assert client.get("/stories.json", params={"q": 'cup "final'}).status_code == 200


def test_filters(client, ids):
    by_outlet = client.get("/stories.json", params={"outlet": "Daily Report"}).json()["stories"]
    assert [s["id"] for s in by_outlet] == [ids["rally"]]
    november = client.get("/stories.json", params={"from": "2025-11-01", "to": "2025-11-30"}).json()["stories"]
    assert {s["id"] for s in november} == {ids["match"], ids["evil"]}
    december = client.get("/stories.json", params={"from": "2025-12-03"}).json()["stories"]
    assert [s["id"] for s in december] == [ids["rally"]]
    assert client.get("/articles.json", params={"outlet": "Example Times"}).json()["articles"][0]["id"] in (
        ids["a1"], ids["a5"])
    bad = client.get("/stories.json", params={"from": "yesterday"})
    assert bad.status_code == 400
    assert bad.json()["detail"] == "from: not a date (expected YYYY-MM-DD): 'yesterday'"
    assert client.get("/stories", params={"to": "2025-02-30"}).status_code == 400


def test_pages_of_stories(client, ids):
    first = client.get("/stories.json", params={"limit": 2}).json()
    assert first["total"] == 3 and len(first["stories"]) == 2
    assert first["next_offset"] == 2 and first["prev_offset"] is None
    second = client.get("/stories.json", params={"limit": 2, "offset": 2}).json()
    assert len(second["stories"]) == 1 and second["next_offset"] is None and second["prev_offset"] == 0
    assert {s["id"] for s in first["stories"] + second["stories"]} == {ids["rally"], ids["match"], ids["evil"]}
    html = client.get("/stories", params={"limit": 2, "outlet": ""}).text
    assert 'href="/stories?limit=2&amp;offset=2"' in html and "1–2 of 3" in html
    bad = client.get("/stories.json", params={"limit": 0})
    assert bad.status_code == 422 and bad.json()["detail"] == "limit: Input should be greater than or equal to 1"


def test_htmx_partial(client, ids):
    r = client.get("/stories", params={"q": "cup"}, headers={"HX-Request": "true"})
    assert r.status_code == 200 and "<html" not in r.text and 'id="story-table"' in r.text
    full = client.get("/stories", params={"q": "cup"},
                      headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in full.text


# -- safety --------------------------------------------------------------------------

def test_untrusted_text_is_escaped_everywhere(client, ids):
    pages = [f"/stories/{ids['evil']}", f"/articles/{ids['a4']}", "/stories", "/articles",
             "/stories?q=body", f"/stories?outlet={EVIL}"]
    for path in pages:
        r = client.get(path)
        assert r.status_code == 200, path
        assert "<script>window" not in r.text and "<img src=x" not in r.text, path
        assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in r.text, path
        tags = parse_tags(r.text)
        assert all(t == "script" and dict(a).get("src", "").startswith("/static/") and not body
                   for t, a, body in tags if t == "script"), path  # only our own script files
        assert not [(t, a) for t, a, _ in tags if any(k.startswith("on") for k, _ in a)], path  # no handlers
        assert not [t for t, _, _ in tags if t in ("img", "iframe", "object", "embed", "b")], path
    article = client.get(f"/articles/{ids['a4']}").text
    assert 'href="javascript:' not in article  # a hostile URL is shown, not linked


def test_security_headers(client, ids):
    for path in ("/", f"/stories/{ids['rally']}.json", "/static/htmx.min.js", "/nope"):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, path
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"


def test_htmx_is_vendored(client):
    r = client.get("/static/htmx.min.js")
    assert r.status_code == 200 and "htmx" in r.text[:2000]
    assert client.get("/static/htmx.LICENSE").status_code == 200
    import hashlib

    recorded = client.get("/static/htmx.VERSION").text
    assert f"sha256 {hashlib.sha256(r.content).hexdigest()}" in recorded
    page = client.get("/").text
    assert '<script src="/static/htmx.min.js"' in page and "//unpkg" not in page and "cdn" not in page.lower()


def test_csrf_rejects_missing_and_wrong_tokens(client):
    r = client.post("/ingest", data={"text": "Some article text."})
    assert r.status_code == 403 and "CSRF" in r.text
    token = csrf(client)
    r = client.post("/ingest", data={"text": "Some article text.", "csrf_token": "0" * 64})
    assert r.status_code == 403 and "CSRF token wrong" in r.text
    r = client.post("/ingest.json", data={"text": "x"})
    assert r.status_code == 403 and "CSRF token missing" in r.json()["detail"]
    r = client.post("/ingest", data={"text": "x", "csrf_token": token}, headers={"Origin": "https://evil.example"})
    assert r.status_code == 403 and "cross-origin" in r.text
    # a token minted for another cookie does not pass either
    other = TestClient(client.app)
    assert other.post("/ingest", data={"text": "x", "csrf_token": token}).status_code == 403


def test_empty_ingest_says_what_is_missing(client):
    token = csrf(client)
    r = client.post("/ingest.json", data={"text": "  ", "csrf_token": token})
    assert r.status_code == 400
    assert r.json()["detail"] == "ingest form: nothing to ingest: paste a text, choose a file or give a URL"
    r = client.post("/ingest", data={"fetch_url": "ftp://example.org/x", "csrf_token": token})
    assert r.status_code == 400 and "only http:// and https:// URLs" in r.text


def test_upload_limit(tmp_path):
    app = create_app(Options(db=str(tmp_path / "small.db")), max_upload=10_000)
    c = TestClient(app)
    token = csrf(c)
    r = c.post("/ingest", data={"csrf_token": token}, files={"file": ("big.txt", b"a" * 20_000, "text/plain")})
    assert r.status_code == 413
    assert "request body too large" in r.text and "10000 bytes" in r.text

    def chunks():  # no Content-Length: the streamed body is counted
        for _ in range(30):
            yield b"b" * 1000

    r = c.post("/ingest.json", content=chunks(),
               headers={"content-type": "application/x-www-form-urlencoded", "x-csrf-token": token})
    assert r.status_code == 413 and "limit is 10000 bytes" in r.json()["detail"]
    assert Store(str(tmp_path / "small.db")).count() == 0


def test_private_url_is_refused(tmp_path):
    db = tmp_path / "private.db"
    c = TestClient(create_app(Options(db=str(db))))
    token = csrf(c)
    r = c.post("/ingest.json", data={"fetch_url": "http://127.0.0.1:9/secret", "csrf_token": token})
    assert r.status_code == 400
    errors = r.json()["errors"]
    assert len(errors) == 1 and errors[0].startswith("http://127.0.0.1:9/secret: ")
    assert "refused" in errors[0] and "loopback" in errors[0]
    meta = c.post("/ingest.json", data={"fetch_url": "http://169.254.169.254/latest/meta-data", "csrf_token": token})
    assert meta.status_code == 400 and "link-local" in meta.json()["errors"][0]
    html = c.post("/ingest", data={"fetch_url": "http://10.0.0.1/x", "csrf_token": token})
    assert html.status_code == 400 and 'id="ingest-errors"' in html.text
    assert Store(str(db)).count() == 0


# -- access token ----------------------------------------------------------------------

def test_token_required_on_every_request(data, ids):
    db, _ = data
    secret = "correct-horse-battery"
    c = TestClient(create_app(Options(db=str(db)), token=secret))
    r = c.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=%2F"
    r = c.get("/stories.json")
    assert r.status_code == 401 and "access token required" in r.json()["detail"]
    assert c.get("/openapi.json").status_code == 401
    assert c.get("/stories.json", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert c.get("/stories.json", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    assert c.get("/static/style.css").status_code == 200  # assets for the login page
    # ?token= once sets a cookie and drops the token from the URL
    r = c.get(f"/stories?q=cup&token={secret}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/stories?q=cup"
    assert secret not in r.headers["set-cookie"]
    assert c.get("/stories.json").status_code == 200
    # the login form
    c2 = TestClient(c.app)
    page = c2.get("/login?next=/articles")
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.text).group(1)
    bad = c2.post("/login", data={"token": "nope", "next": "/articles", "csrf_token": token})
    assert bad.status_code == 401
    ok = c2.post("/login", data={"token": secret, "next": "/articles", "csrf_token": token}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == "/articles"
    assert c2.get("/articles").status_code == 200
    # no open redirect through next=
    ok = c2.post("/login", data={"token": secret, "next": "//evil.example/", "csrf_token": token},
                 follow_redirects=False)
    assert ok.headers["location"] == "/"


def test_bearer_requests_skip_csrf(data):
    db, _ = data
    c = TestClient(create_app(Options(db=str(db)), token="another-long-token"))
    r = c.post("/ingest.json", data={"text": " "}, headers={"Authorization": "Bearer another-long-token"})
    assert r.status_code == 400 and "nothing to ingest" in r.json()["detail"]


def test_non_loopback_host_needs_a_token(monkeypatch):
    monkeypatch.delenv("STORYLINE_TOKEN", raising=False)
    with pytest.raises(StorylineError, match="refusing to serve on 0.0.0.0 without an access token"):
        check_binding("0.0.0.0", None)
    with pytest.raises(StorylineError, match="without an access token"):
        serve(Options(db=":memory:"), host="192.168.1.20", port=0)
    with pytest.raises(StorylineError, match="too short"):
        check_binding("0.0.0.0", "abc")
    check_binding("0.0.0.0", "long-enough-token")
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        check_binding(host, None)


# -- the real pipeline behind the ingest form --------------------------------------------

EXAMPLES = __import__("pathlib").Path(__file__).resolve().parent.parent / "examples"


def test_ingest_runs_the_real_pipeline(tmp_path):
    """Both seed reports, uploaded and pasted, end up in one story with a report to draw."""
    pytest.importorskip("spacy")
    seeds = sorted(EXAMPLES.glob("*.txt"))
    if len(seeds) < 2:
        pytest.skip("examples/*.txt missing")
    c = TestClient(create_app(Options(db=str(tmp_path / "real.db"), progress=False)))
    token = csrf(c)
    first = c.post("/ingest.json", data={"csrf_token": token},
                   files={"file": (seeds[0].name, seeds[0].read_bytes(), "text/plain")})
    assert first.status_code == 200, first.text
    out = first.json()
    assert len(out["new"]) == 1 and out["errors"] == []
    assert out["pipeline"] == "complete", out["pipeline"]
    r = c.post("/ingest", data={"csrf_token": token, "text": seeds[1].read_text(encoding="utf-8"),
                                "outlet": "Second Outlet", "published": "2025-12-02"}, follow_redirects=False)
    assert r.status_code == 303
    story_url = r.headers["location"]
    assert story_url == f"/stories/{out['story_id']}"  # the two reports are one story
    story = c.get(story_url + ".json").json()
    assert len(story["articles"]) == 2 and story["report"] is not None
    assert {a["outlet"] for a in story["articles"]} >= {"Second Outlet"}
    html = c.get(story_url).text
    assert 'id="claims"' in html and re.search(r'<h3 class="verdict v-corroborated">', html)
    assert story["report"]["brief"]["title"] and 'id="brief-title"' in html  # the JSON twin holds the brief
    if story["report"].get("timeline"):
        assert '<section id="brief-when">' in html and '<tr class="event' in html
    # the report downloads, rendered by storyline.report; the HTML one may style inline but never script
    rep = c.get(story_url + "/report.html")
    assert rep.status_code == 200 and rep.headers["content-type"].startswith("text/html")
    assert "attachment" in rep.headers["content-disposition"]
    assert "script-src" not in rep.headers["content-security-policy"]
    assert "default-src 'none'" in rep.headers["content-security-policy"]
    assert c.get(story_url + "/report.md").text.startswith("# ")
    assert c.get(story_url + "/report.json").json()["story"]["id"] == out["story_id"]
    assert f'href="{story_url}/report.html"' in html
    # each article page renders its annotation and cleaning
    for a in story["articles"]:
        page = c.get(f"/articles/{a['id']}")
        assert page.status_code == 200 and 'class="l-entities' in page.text
    # the same text again is recognised, not stored twice
    again = c.post("/ingest.json", data={"csrf_token": token, "text": seeds[1].read_text(encoding="utf-8"),
                                         "outlet": "Second Outlet", "published": "2025-12-02"})
    assert again.json()["unchanged"] and not again.json()["new"]


def test_unknown_paths_answer_in_kind(client):
    r = client.get("/no/such/page")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html") and "Error 404" in r.text
    assert client.get("/no/such/page.json").json() == {"detail": "Not Found", "status": 404}
    assert client.put("/ingest").status_code == 405


def test_login_link_token_is_kept_out_of_the_access_log():
    import logging

    from storyline.web.server import RedactToken

    rec = logging.LogRecord("uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d',
                            ("127.0.0.1:5", "GET", "/stories?q=x&token=s3cret-token", "1.1", 303), None)
    assert RedactToken().filter(rec)
    assert "s3cret" not in rec.getMessage() and "token=***" in rec.getMessage()


def test_ingest_json_body(tmp_path):
    c = TestClient(create_app(Options(db=str(tmp_path / "j.db"))))
    token = csrf(c)
    r = c.post("/ingest.json", json={"text": "   ", "csrf_token": token})
    assert r.status_code == 400 and "nothing to ingest" in r.json()["detail"]
    r = c.post("/ingest.json", content=b"[1, 2]", headers={"content-type": "application/json", "x-csrf-token": token})
    assert r.status_code == 400 and r.json()["detail"].startswith("ingest request: body is not a JSON object")
    assert c.post("/ingest.json", json={"text": "x"}).status_code == 403
    body = c.get("/openapi.json").json()["paths"]["/ingest.json"]["post"]["requestBody"]["content"]
    assert {"multipart/form-data", "application/json"} <= set(body)
    assert "fetch_url" in body["application/json"]["schema"]["properties"]


def test_ingest_keeps_articles_when_a_later_stage_fails(tmp_path, monkeypatch):
    from storyline import pipeline

    def broken(store, options, on_error=None):
        raise KeyError("boom")

    monkeypatch.setattr(pipeline, "process_new", broken)
    c = TestClient(create_app(Options(db=str(tmp_path / "f.db"))))
    r = c.post("/ingest.json", data={"csrf_token": csrf(c), "text": "Officials met on Tuesday in the capital.",
                                     "title": "A meeting"})
    assert r.status_code == 200
    out = r.json()
    assert out["pipeline"] == "failed: KeyError: 'boom'" and len(out["new"]) == 1
    assert out["redirect"] == f"/articles/{out['new'][0]}"
    assert c.get(out["redirect"]).status_code == 200
    html = c.post("/ingest", data={"csrf_token": csrf(c), "text": "Another meeting happened on Wednesday."})
    assert html.status_code == 200 and 'id="ingest-outcome"' in html.text
    assert "comparison failed: KeyError" in html.text
