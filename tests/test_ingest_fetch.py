"""URL reader against pages served on 127.0.0.1 (loopback only)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from storyline.errors import FetchRefused, InputError
from storyline.ingest import read_inputs
from storyline.ingest.fetch import check_address
from storyline.options import Options
from storyline.records import Article

from ingestcases import ATOM, SEED_A, SEED_B, paras as _paras, seed_html  # tests/ is on the path

PAGE = seed_html(SEED_B, "Maduro rejects a slave’s peace").encode("utf-8")
FEED = ATOM.format(p1=_paras(SEED_A)[5], p2=_paras(SEED_A)[6]).encode("utf-8")
BIG = b"<html><body>" + b"<p>x</p>" * 40000 + b"</body></html>"


class Handler(BaseHTTPRequestHandler):
    routes = {
        "/article": (200, "text/html; charset=utf-8", PAGE),
        "/feed": (200, "application/atom+xml", FEED),
        "/seed.txt": (200, "text/plain; charset=utf-8", SEED_A.read_bytes()),
        "/image": (200, "image/png", b"\x89PNG\r\n\x1a\n0000"),
        "/big": (200, "text/html", BIG),
        "/missing": (404, "text/html", b"<html><body>nope</body></html>"),
    }

    def do_GET(self):  # noqa: N802 (http.server API)
        if self.path == "/to-metadata":
            self.send_response(301)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path.startswith("/redirect/"):
            n = int(self.path.rsplit("/", 1)[1])
            self.send_response(302)
            self.send_header("Location", "/article" if n == 0 else f"/redirect/{n - 1}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status, ctype, body = self.routes.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if self.path != "/big":  # no declared length: the cap must hold while streaming
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


ALLOW = Options(allow_private=True, fetch_timeout=5)


def read(*inputs, options=ALLOW):
    return list(read_inputs(list(inputs), options))


def test_fetch_html_page(server):
    (art,) = read(f"{server}/article")
    assert isinstance(art, Article), art
    assert art.provenance["format"] == "url" and art.provenance["source"] == f"{server}/article"
    assert art.provenance["content_type"].startswith("text/html")
    assert art.url == f"{server}/article"
    assert art.outlet == "Morning Star"
    assert "Addressing the rally outside the Miraflores Palace" in art.raw_text
    assert art.provenance["html_bytes"] == len(PAGE)


def test_fetch_feed_and_text(server):
    feed, text = read(f"{server}/feed", f"{server}/seed.txt")
    assert isinstance(feed, Article) and feed.provenance["format"] == "url"
    assert feed.provenance["content_format"] == "atom" and feed.outlet == "News Room USA"
    assert isinstance(text, Article) and text.raw_text == SEED_A.read_text("utf-8")


def test_redirects_followed_within_limit(server):
    (art,) = read(f"{server}/redirect/2")
    assert isinstance(art, Article)
    assert art.url == f"{server}/article" and art.metadata["fetched_url"] == f"{server}/article"
    (err,) = read(f"{server}/redirect/9", options=ALLOW.with_(max_redirects=3))
    assert isinstance(err, InputError) and err.reason == "more than 3 redirects"


def test_private_address_refused_without_allow_private(server):
    (err,) = read(f"{server}/article", options=Options())
    assert isinstance(err, FetchRefused)
    assert str(err).startswith(f"{server}/article: refused: 127.0.0.1 resolves to loopback address 127.0.0.1")
    for url in ("http://10.1.2.3/x", "http://169.254.169.254/latest/meta-data", "http://[::1]/x",
                "http://192.168.0.1/", "http://0.0.0.0/", "http://localhost/"):
        with pytest.raises(FetchRefused):
            check_address(url, Options())
    with pytest.raises(FetchRefused):
        check_address("ftp://example.org/x", Options())


def test_bad_urls_one_error_each_good_ones_kept(server):
    items = read(f"{server}/image", f"{server}/big", f"{server}/missing", f"{server}/article",
                 options=ALLOW.with_(max_bytes=100_000))
    errs = [i for i in items if isinstance(i, InputError)]
    assert [e.reason for e in errs] == [
        "unsupported content type 'image/png'",
        "page is over the 100000 byte limit",
        "HTTP 404 Not Found",
    ]
    assert isinstance(items[-1], Article)
    assert all("\n" not in str(e) for e in errs)


def test_unresolvable_host():
    (err,) = read("http://no-such-host.invalid/x", options=Options())
    assert isinstance(err, InputError) and "cannot resolve host" in err.reason


def test_every_redirect_hop_is_checked(server, monkeypatch):
    """The first hop is allowed (loopback test server); its redirect to a link-local address is not."""
    from storyline.ingest import fetch as fetch_mod

    real = fetch_mod.check_address

    def allow_test_server(url, options):
        if url.startswith(server):
            return None
        return real(url, options)

    monkeypatch.setattr(fetch_mod, "check_address", allow_test_server)
    (err,) = read(f"{server}/to-metadata", options=Options())
    assert isinstance(err, FetchRefused)
    assert err.source == f"{server}/to-metadata"
    assert "redirect to http://169.254.169.254/latest/meta-data/: refused:" in err.reason
    assert "link-local address 169.254.169.254" in err.reason


def test_connection_pinned_to_the_checked_address(server, monkeypatch):
    """The request goes to the address that was checked, not to a second DNS answer."""
    from storyline.ingest import fetch as fetch_mod

    port = server.rsplit(":", 1)[1]
    monkeypatch.setattr(fetch_mod, "check_address", lambda url, options: "127.0.0.1")
    url = f"http://pinned.invalid:{port}/article"  # .invalid never resolves: only pinning reaches it
    (art,) = read(url, options=Options())
    assert isinstance(art, Article), art
    assert art.url == url and "Miraflores Palace" in art.raw_text
