"""The web server under hostile use: token guessing is throttled, sessions rotate and
expire, unexpected errors still carry the security headers, odd searches answer."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("multipart")
from fastapi.testclient import TestClient  # noqa: E402

from storyline.options import Options  # noqa: E402
from storyline.records import Article, content_hash  # noqa: E402
from storyline.store import Store  # noqa: E402
from storyline.web import create_app, security  # noqa: E402

SECRET = "correct-horse-battery"


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "w.db"
    store = Store(path)
    t = "A talk a day: talks and more talks, a plan."
    store.add_article(Article(id="a/b", raw_text=t, text=t, content_hash=content_hash(t), title="Talks"))
    store.close()
    return str(path)


def test_wrong_tokens_are_refused_after_a_few_tries_per_client(db):
    c = TestClient(create_app(Options(db=db), token=SECRET))
    bad = {"Authorization": "Bearer guess"}
    codes = [c.get("/stories.json", headers=bad).status_code for _ in range(security.MAX_FAILED_LOGINS + 2)]
    assert codes == [401] * security.MAX_FAILED_LOGINS + [429, 429]
    r = c.get("/stories.json", headers={"Authorization": f"Bearer {SECRET}"})
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0  # even the right one, until the window passes
    assert "too many wrong access tokens" in r.json()["detail"]
    # ?token= and the login form count too, and are throttled the same way
    assert c.get("/stories?token=guess", follow_redirects=False).status_code == 429


def test_the_throttle_lifts_after_the_window():
    now = [1000.0]
    access = security.Access(SECRET, clock=lambda: now[0])
    for _ in range(security.MAX_FAILED_LOGINS):
        access.failed("10.0.0.1")
    assert access.retry_after("10.0.0.1") is not None and access.retry_after("10.0.0.2") is None
    now[0] += security.FAILED_LOGIN_WINDOW + 1
    assert access.retry_after("10.0.0.1") is None


def test_session_cookie_differs_per_login_rotates_and_expires():
    now = [1_000_000.0]
    access = security.Access(SECRET, clock=lambda: now[0])
    a, b = access.new_session(), access.new_session()
    assert a != b and SECRET not in a
    assert access.session_age(a) == 0
    assert access.session_age(a[:-1] + ("0" if a[-1] != "0" else "1")) is None  # forged
    assert security.Access(SECRET).session_age(a) is None  # another server's secret
    now[0] += security.SESSION_ROTATE + 1
    assert access.session_age(a) > security.SESSION_ROTATE  # still valid: the middleware re-issues it
    now[0] += security.SESSION_MAX_AGE
    assert access.session_age(a) is None  # expired


def test_login_cookie_is_rotated_by_the_middleware(db, monkeypatch):
    c = TestClient(create_app(Options(db=db), token=SECRET))
    r = c.get(f"/stories?token={SECRET}", follow_redirects=False)
    first = r.cookies.get(security.SESSION_COOKIE) or c.cookies.get(security.SESSION_COOKIE)
    assert first and "max-age" in r.headers["set-cookie"].lower()
    assert "set-cookie" not in c.get("/stories.json").headers  # young: not re-issued
    monkeypatch.setattr(security, "SESSION_ROTATE", -1)
    r = c.get("/stories.json")
    assert r.status_code == 200 and security.SESSION_COOKIE in r.headers["set-cookie"]
    assert c.cookies.get(security.SESSION_COOKIE) != first


def test_unexpected_error_page_has_the_security_headers(db):
    app = create_app(Options(db=db))

    @app.get("/boom.json")
    def boom():
        raise RuntimeError("kaput")

    r = TestClient(app, raise_server_exceptions=False).get("/boom.json")
    assert r.status_code == 500 and "kaput" not in r.text
    for k in security.HEADERS:
        assert k in r.headers


@pytest.mark.parametrize("q", ["NEAR(a* a*)", "NEAR(talk* talk*)", '"', "*"])
def test_odd_fts5_searches_answer_200(db, q):
    r = TestClient(create_app(Options(db=db))).get("/stories.json", params={"q": q})
    assert r.status_code == 200


def test_an_article_id_with_a_slash_has_a_page(db):
    c = TestClient(create_app(Options(db=db)))
    assert c.get("/articles/a/b").status_code == 200
    assert c.get("/articles/a%2Fb.json").json()["article"]["id"] == "a/b"


def test_cached_pages_follow_commits_from_other_processes(db):
    app = create_app(Options(db=db))
    c = TestClient(app)
    first = c.get("/articles.json")
    again = c.get("/articles.json")
    assert again.content == first.content and app.state.page_cache.hits == 1
    other = Store(db)  # another connection, as a CLI ingest in another process
    t = "Another article about the talks, with more words in it."
    other.add_article(Article(id="c", raw_text=t, text=t, content_hash=content_hash(t)))
    # seen once the cache looks at the store again (at most max_stale seconds later) and
    # the copy is older than the grace during which a stale copy is answered at once
    app.state.page_cache.checked -= app.state.page_cache.max_stale
    app.state.page_cache.grace = 0
    ids = [a["id"] for a in c.get("/articles.json").json()["articles"]]
    assert sorted(ids) == ["a/b", "c"]
    assert c.get("/articles", headers={"accept": "text/html"}).headers["content-security-policy"]


def test_ingest_runs_in_a_worker_process_and_reports_progress(db):
    import re

    app = create_app(Options(db=db), ingest_process=True)
    try:
        c = TestClient(app)
        assert c.get("/ingest/progress.json").json()["running"] is False
        form = c.get("/ingest").text
        assert 'hx-get="/ingest/progress"' in form
        token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', form).group(1)
        r = c.post("/ingest.json", data={"csrf_token": token, "title": "Floods",
                                         "text": "Floods hit the town on Friday, officials said."})
        assert r.status_code == 200 and len(r.json()["new"]) == 1 and r.json()["pipeline"] == "complete"
        empty = c.post("/ingest.json", data={"csrf_token": token, "text": " "})  # an InputError, from the worker
        assert empty.status_code == 400 and "nothing to ingest" in empty.json()["detail"]
        done = c.get("/ingest/progress.json").json()
        assert done["running"] is False and done["stage"] == "finished"
        assert len(c.get("/articles.json").json()["articles"]) == 2  # the page cache saw the worker's commit
    finally:
        app.state.ingest_worker.shutdown()


def test_a_half_sent_request_is_closed_after_the_header_timeout(db, monkeypatch):
    import socket
    import threading
    import time

    import uvicorn

    from storyline.web import server

    monkeypatch.setattr(server, "HEADER_TIMEOUT", 0.5)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    config = uvicorn.Config(create_app(Options(db=db)), host="127.0.0.1", port=port, log_level="warning",
                            http=server.header_timeout_protocol(), timeout_keep_alive=server.KEEP_ALIVE)
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    try:
        for _ in range(100):
            if srv.started:
                break
            time.sleep(0.05)
        slow = socket.create_connection(("127.0.0.1", port), timeout=5)
        slow.sendall(b"GET /stories.json HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # the blank line never comes
        t0 = time.monotonic()
        assert slow.recv(100) == b""  # closed by the server
        assert time.monotonic() - t0 < 4
        ok = socket.create_connection(("127.0.0.1", port), timeout=5)
        ok.sendall(b"GET /stories.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert ok.recv(15) == b"HTTP/1.1 200 OK"
    finally:
        srv.should_exit = True
        thread.join(10)


def _asgi_get(middleware, path="/x"):
    import asyncio

    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    async def go():
        await middleware({"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": []},
                         receive, send)
        await asyncio.gather(*middleware.cache.background)  # renders answered before they ran

    asyncio.run(go())
    return b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


def _page_app(bodies):
    calls = []

    async def app(scope, receive, send):
        calls.append(scope["path"])
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": bodies[len(calls) - 1]})

    return app, calls


def test_a_stale_page_is_served_while_one_request_renders_the_fresh_one(db):
    from storyline.web.cache import CacheMiddleware, PageCache

    cache = PageCache(db, grace=0)
    key = ("/x", "", "", "", "", "", "")
    cache.keep(key, cache._current(), 200, [("content-type", "text/plain")], b"old")
    cache.generation += 1  # the store changed
    cache.refreshing.add(key)  # and a request is rendering the page again
    app, calls = _page_app([b"new"])
    assert _asgi_get(CacheMiddleware(app, cache)) == b"old" and cache.stale == 1 and calls == []


def test_a_young_stale_page_is_answered_at_once_and_rendered_after(db):
    from storyline.web.cache import CacheMiddleware, PageCache

    cache = PageCache(db, grace=60)
    app, calls = _page_app([b"v1", b"v2"])
    mw = CacheMiddleware(app, cache)
    assert _asgi_get(mw) == b"v1" and calls == ["/x"]  # a miss renders and waits
    cache.generation += 1  # the store changed: the copy is stale but younger than the grace
    assert _asgi_get(mw) == b"v1" and calls == ["/x", "/x"]  # answered old, rendered after
    assert _asgi_get(mw) == b"v2" and cache.hits == 1  # the background render was kept
    cache.generation += 1
    cache.grace = 0  # an old stale copy: the request renders and waits for the fresh page
    app2, calls2 = _page_app([b"v3"])
    mw.app = app2
    assert _asgi_get(mw) == b"v3" and calls2 == ["/x"]


def test_background_renders_run_one_at_a_time(db):
    """During an ingest every page goes stale at each commit: their fresh renders queue
    behind one another instead of taking the CPU from the readers all at once."""
    import asyncio

    from storyline.web.cache import CacheMiddleware, PageCache

    cache = PageCache(db, grace=60)
    running, most = [0], [0]

    async def app(scope, receive, send):
        running[0] += 1
        most[0] = max(most[0], running[0])
        await asyncio.sleep(0.01)
        running[0] -= 1
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": scope["path"].encode()})

    mw = CacheMiddleware(app, cache)

    async def get(path):
        sent = []

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            sent.append(message)

        await mw({"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": []}, receive, send)
        return b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")

    async def go():
        paths = [f"/p{i}" for i in range(5)]
        await asyncio.gather(*(get(p) for p in paths))  # first visits: rendered while waiting
        most[0] = 0
        cache.generation += 1  # the store changed: every page is stale but young
        answers = await asyncio.gather(*(get(p) for p in paths))
        assert answers == [p.encode() for p in paths]  # the stale copies, at once
        await asyncio.gather(*cache.background)
        assert most[0] == 1  # five fresh renders, one after another

    asyncio.run(go())
    assert cache.stale == 5
