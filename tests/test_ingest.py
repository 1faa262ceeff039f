"""Readers on real input: the seeds as text, HTML pages built from them, JSONL, feeds, WARC,
directories, stdin; and every kind of bad input gives one clear InputError."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from storyline.errors import InputError, UnsupportedFormat
from storyline.ingest import read_inputs
from storyline.options import Options
from storyline.records import Article, derive_id
from ingestcases import ATOM, ROOT, SEED_A, SEED_B, paras as _paras, seed_html  # tests/ is on the path

OPTS = Options()


def read(*inputs, options=OPTS):
    return list(read_inputs([str(i) for i in inputs], options))


def only_articles(items):
    assert not [i for i in items if isinstance(i, InputError)], [str(i) for i in items if isinstance(i, InputError)]
    return items


# --- plain text ------------------------------------------------------------------------

def test_text_seed_raw_kept_exactly():
    (art,) = only_articles(read(SEED_A))
    raw = SEED_A.read_text("utf-8")
    assert art.raw_text == raw
    assert art.title == raw.splitlines()[0].strip()
    assert art.id == derive_id(None, raw)
    assert art.language == "en" and art.metadata["language_source"].startswith("guessed")
    assert art.published is None and art.url is None
    prov = art.provenance
    assert prov["source"] == str(SEED_A) and prov["format"] == "text" and prov["position"] == 0
    assert prov["fetched_at"].endswith("+00:00")


def test_directory_recursive_sorted_and_hidden_skipped(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_bytes(SEED_B.read_bytes())
    (tmp_path / "a.txt").write_bytes(SEED_A.read_bytes())
    (tmp_path / ".hidden.txt").write_text("secret notes that are not an article at all, really")
    arts = only_articles(read(tmp_path))
    assert [Path(a.provenance["source"]).name for a in arts] == ["a.txt", "b.txt"]


def test_one_walk_skips_hidden_folders_for_the_readers_and_the_batch(tmp_path):
    from storyline.ingest import files_under
    from storyline.pipeline.batch import plan_partitions

    for sub in ("sub", ".git", "sub/.cache"):
        (tmp_path / sub).mkdir()
    (tmp_path / "sub" / "b.txt").write_bytes(SEED_B.read_bytes())
    (tmp_path / "a.txt").write_bytes(SEED_A.read_bytes())
    (tmp_path / ".git" / "c.txt").write_bytes(SEED_A.read_bytes())
    (tmp_path / "sub" / ".cache" / "d.txt").write_bytes(SEED_B.read_bytes())
    (tmp_path / "sub" / ".e.txt").write_bytes(SEED_B.read_bytes())
    want = [str(tmp_path / "a.txt"), str(tmp_path / "sub" / "b.txt")]
    assert [str(p) for p in files_under(tmp_path)] == want
    assert [a.provenance["source"] for a in only_articles(read(tmp_path))] == want
    assert list(plan_partitions([str(tmp_path)])) == [{"kind": "inputs", "items": want}]


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SEED_B.read_bytes()), encoding="utf-8"))
    (art,) = only_articles(read("-"))
    assert art.raw_text == SEED_B.read_text("utf-8")
    assert art.provenance["source"] == "-"


# --- HTML ------------------------------------------------------------------------------

def test_html_page_built_from_seed(tmp_path):
    title = "Maduro rejects a slave’s peace"
    page = seed_html(SEED_B, title)
    p = tmp_path / "page.html"
    p.write_text(page, "utf-8")
    (art,) = only_articles(read(p))
    assert art.provenance["format"] == "html"
    assert "Addressing the rally outside the Miraflores Palace" in art.raw_text
    assert "HANK KENNEDY contends" in art.raw_text  # teasers are the cleaner's job
    for junk in ("Subscribe now", "Privacy", "Another story about something", "<p>"):
        assert junk not in art.raw_text
    assert art.title == title
    assert art.outlet == "Morning Star"
    assert art.author == "Staff Reporter"
    assert art.published == "2025-12-02T09:30:00+00:00"
    assert art.language == "en"
    assert art.provenance["html_bytes"] == len(page.encode("utf-8"))
    assert len(art.provenance["html_sha256"]) == 64


def test_html_page_with_json_ld_captions_and_share_links():
    """A page written like a real article template (JSON-LD, figure, share bar, ads, related)."""
    from storyline.clean import clean_article

    (art,) = only_articles(read(ROOT / "tests" / "fixtures" / "news_room_page.html"))
    assert art.published == "2025-12-01T18:20:00-05:00" and art.metadata["published_from"] == "page metadata"
    assert art.author == "Ana Pérez" and art.outlet == "News Room USA" and art.language == "en"
    for junk in ("cookies", "Share on Facebook", "Story one about oil", "All rights reserved", "Politics"):
        assert junk not in art.raw_text
    art = clean_article(art)
    assert "ADVERTISEMENT" not in art.text and "Read more" not in art.text and "Source link" not in art.text
    assert art.text.endswith("during a call on November 21.")
    assert [e.reason for e in art.edits if e.kind == "damage"] == [
        "standfirst not supported by the body (may be a teaser for another article)", "dropped link text"]


def test_html_sniffed_without_extension_and_gzipped(tmp_path):
    page = seed_html(SEED_A, "We don’t want peace for slaves")
    p = tmp_path / "download"
    p.write_text(page, "utf-8")
    g = tmp_path / "page.html.gz"
    g.write_bytes(gzip.compress(page.encode("utf-8")))
    a, b = only_articles(read(p, g))
    assert a.provenance["format"] == b.provenance["format"] == "html"
    assert a.raw_text == b.raw_text
    assert "Cartel de los Soles" in a.raw_text


def test_html_declared_charset(tmp_path):
    page = seed_html(SEED_A, "Peace for slaves", charset="iso-8859-1").replace("“", '"').replace("”", '"') \
        .replace("’", "'")
    p = tmp_path / "latin1.html"
    p.write_bytes(page.encode("iso-8859-1"))
    (art,) = only_articles(read(p))
    assert "Nicolás Maduro" in art.raw_text


def test_html_date_only_is_day_precision(tmp_path):
    page = seed_html(SEED_B, "Maduro rally").replace("2025-12-02T09:30:00+00:00", "2025-12-02")
    p = tmp_path / "d.html"
    p.write_text(page, "utf-8")
    (art,) = only_articles(read(p))
    assert art.published == "2025-12-02T00:00:00+00:00"
    assert art.metadata["published_precision"] == "day"


# --- JSONL -----------------------------------------------------------------------------

def test_jsonl_fields_unknown_keys_and_bad_lines(tmp_path):
    good = {"id": "a1", "url": "https://www.example.org/news/1", "title": "T", "published": "2025-12-01T10:00:00Z",
            "text": SEED_B.read_text("utf-8"), "lang": "en", "story": "s1", "weird": [1, 2]}
    html_line = {"html": seed_html(SEED_A, "Peace"), "outlet": "Site X"}
    lines = [json.dumps(good), "{not json", "", json.dumps([1, 2]), json.dumps({"title": "no text"}),
             json.dumps(html_line)]
    p = tmp_path / "batch.jsonl"
    p.write_text("\n".join(lines) + "\n", "utf-8")
    items = read(p)
    errors = [str(i) for i in items if isinstance(i, InputError)]
    arts = [i for i in items if isinstance(i, Article)]
    assert errors == [
        f"{p}:2: invalid JSON (Expecting property name enclosed in double quotes at column 2)",
        f"{p}:4: expected a JSON object, got list",
        f"{p}:5: no \"text\" or \"html\" field with content",
    ]
    a, b = arts
    assert a.id == "a1" and a.raw_text == good["text"]
    assert a.outlet == "example.org" and a.metadata["outlet_source"] == "url host"
    assert a.published == "2025-12-01T10:00:00+00:00"
    assert a.metadata["story"] == "s1" and a.metadata["weird"] == [1, 2]
    assert a.provenance["position"] == 1 and a.provenance["format"] == "jsonl"
    assert b.outlet == "Site X" and "Cartel de los Soles" in b.raw_text and b.provenance["position"] == 6


def test_json_array_and_pretty_object(tmp_path):
    arr = tmp_path / "batch.json"
    arr.write_text(json.dumps([{"id": "j1", "text": SEED_A.read_text("utf-8")}, "junk",
                               {"id": "j2", "text": SEED_B.read_text("utf-8"), "extra": 1}], indent=2), "utf-8")
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"id": "j3", "text": SEED_B.read_text("utf-8")}, indent=2), "utf-8")
    items = read(arr, one)
    assert [getattr(i, "id", None) for i in items] == ["j1", None, "j2", "j3"]
    assert str(items[1]) == f"{arr}[1]: expected a JSON object, got str"
    assert items[2].metadata["extra"] == 1 and items[2].provenance["source"] == str(arr)


@pytest.mark.parametrize("name", ["ecbplus/dev.jsonl", "gvc/val.jsonl", "meantime/timex.jsonl"])
def test_jsonl_shared_data_as_is(name, shared_data):
    path = shared_data / name
    items = read(path)
    arts = only_articles(items)
    n_lines = sum(1 for line in path.open(encoding="utf-8") if line.strip())
    assert len(arts) == n_lines
    first = json.loads(path.open(encoding="utf-8").readline())
    assert arts[0].id == first["id"] and arts[0].raw_text == first["text"]
    assert "story" in arts[0].metadata or "timexes" in arts[0].metadata
    if first.get("published"):
        assert arts[0].published.startswith(first["published"][:10])
        assert arts[0].published.endswith("+00:00")


# --- feeds -----------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Morning Star World</title><link>https://morningstaronline.co.uk</link>
<language>en-gb</language>
<item><title>Maduro rejects a slave's peace</title><link>https://morningstaronline.co.uk/a/maduro</link>
<guid>ms-1</guid><pubDate>Tue, 02 Dec 2025 09:30:00 GMT</pubDate><author>desk@example.org (Desk)</author>
<description><![CDATA[<p>{p1}</p><p>{p2}</p>]]></description></item>
<item><title>Empty one</title><link>https://morningstaronline.co.uk/a/empty</link><description></description></item>
</channel></rss>"""

def test_rss_feed(tmp_path):
    ps = _paras(SEED_B)
    p = tmp_path / "feed.xml"
    p.write_text(RSS.format(p1=ps[0], p2=ps[1]), "utf-8")
    items = read(p)
    art, err = items
    assert isinstance(art, Article) and isinstance(err, InputError)
    assert str(err) == f"{p}#entry2: feed entry has no content or summary text"
    assert art.raw_text == ps[0] + "\n" + ps[1]
    assert art.url == "https://morningstaronline.co.uk/a/maduro"
    assert art.outlet == "Morning Star World"
    assert art.published == "2025-12-02T09:30:00+00:00"
    assert art.language == "en" and art.provenance["format"] == "rss"
    assert art.metadata["guid"] == "ms-1"


def test_atom_feed(tmp_path):
    ps = _paras(SEED_A)
    p = tmp_path / "feed.atom"
    p.write_text(ATOM.format(p1=ps[5], p2=ps[6]), "utf-8")
    (art,) = only_articles(read(p))
    assert art.provenance["format"] == "atom"
    assert art.outlet == "News Room USA"
    assert art.published == "2025-12-02T07:00:00+00:00"  # feedparser gives UTC
    assert ps[5] in art.raw_text and ps[6] in art.raw_text


# --- WARC ------------------------------------------------------------------------------

def _write_warc(path: Path, gz: bool = True):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        for url, page, ctype in [
            ("https://www.morningstaronline.co.uk/a/maduro", seed_html(SEED_B, "Maduro rally"), "text/html; charset=utf-8"),
            ("https://example.org/logo.png", "PNGDATA", "image/png"),
            ("https://newsroom.example/maduro", seed_html(SEED_A, "Peace for slaves"), "text/html"),
        ]:
            payload = page.encode("utf-8")
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = w.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=http,
                                       warc_headers_dict={"WARC-Date": "2025-12-03T12:00:00Z"})
            w.write_record(rec)


@pytest.mark.parametrize("gz", [True, False])
def test_warc_html_records(tmp_path, gz):
    p = tmp_path / ("a.warc.gz" if gz else "a.warc")
    _write_warc(p, gz)
    a, b = only_articles(read(p))
    assert a.url == "https://www.morningstaronline.co.uk/a/maduro"
    assert a.outlet == "Morning Star" and a.provenance["format"] == "warc" and a.provenance["source"] == str(p)
    assert "Miraflores Palace" in a.raw_text
    assert a.published == "2025-12-02T09:30:00+00:00"  # page metadata beats WARC-Date
    assert b.provenance["position"] == 3


def test_warc_date_fallback(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = seed_html(SEED_B, "Maduro").replace('<meta property="article:published_time" '
                                              'content="2025-12-02T09:30:00+00:00">', "")
    p = tmp_path / "d.warc.gz"
    with p.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://x.example/a", "response", payload=io.BytesIO(page.encode()),
                                            http_headers=http, warc_headers_dict={"WARC-Date": "2025-12-03T12:00:00Z"}))
    (art,) = only_articles(read(p))
    assert art.published == "2025-12-03T12:00:00+00:00"
    assert art.outlet == "Morning Star"


def test_truncated_warc(tmp_path):
    p = tmp_path / "full.warc.gz"
    _write_warc(p)
    data = p.read_bytes()
    t = tmp_path / "cut.warc.gz"
    t.write_bytes(data[: int(len(data) * 0.8)])
    items = read(t)
    errs = [i for i in items if isinstance(i, InputError)]
    assert len(errs) == 1 and "truncated" in str(errs[0]) and str(errs[0]).startswith(str(t))
    assert len(items) == 2 and isinstance(items[0], Article)  # the complete record before the cut is kept
    assert "\n" not in str(errs[0])


def test_warc_record_without_content_type_sniffed(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    p = tmp_path / "n.warc"
    with p.open("wb") as fh:
        w = WARCWriter(fh, gzip=False)
        for url, body in [("https://a.example/x", seed_html(SEED_A, "Peace")), ("https://a.example/y", "just bytes")]:
            http = StatusAndHeaders("200 OK", [], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body.encode()), http_headers=http))
    (art,) = only_articles(read(p))
    assert art.url == "https://a.example/x"


def test_gzipped_jsonl_and_feed(tmp_path):
    j = tmp_path / "a.jsonl.gz"
    j.write_bytes(gzip.compress((json.dumps({"id": "z", "text": SEED_B.read_text("utf-8")}) + "\n").encode()))
    ps = _paras(SEED_B)
    f = tmp_path / "feed.xml.gz"
    f.write_bytes(gzip.compress(RSS.format(p1=ps[0], p2=ps[1]).encode()))
    items = read(j, f)
    assert [type(i).__name__ for i in items] == ["Article", "Article", "InputError"]
    assert items[0].id == "z" and items[1].provenance["format"] == "rss"


def test_jsonl_on_stdin(monkeypatch):
    data = (json.dumps({"id": "s1", "text": SEED_A.read_text("utf-8")}) + "\n{bad\n").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    art, err = read("-")
    assert art.id == "s1" and str(err).startswith("<stdin>:2: invalid JSON")


# --- bad inputs, each one clear line, the good ones still read ---------------------------

def test_bad_inputs_each_one_error_and_good_ones_kept(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b"  \n\n ")
    binary = tmp_path / "blob.dat"
    binary.write_bytes(bytes(range(256)) * 20)
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:  # 50 MB, text at the start, sparse after: refused from its size alone
        fh.write(SEED_A.read_bytes() * 30)
        fh.truncate(50 * 1024 * 1024)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\u00e9 society news: the mayor said things today.".encode("latin-1"))
    nohtml = tmp_path / "nav.html"
    nohtml.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", "utf-8")
    badfeed = tmp_path / "bad.rss"
    badfeed.write_text("<?xml version='1.0'?><rss><channel><item><title>x</titl", "utf-8")
    missing = tmp_path / "missing.txt"
    inputs = [SEED_A, empty, blank, binary, pdf, huge, latin, nohtml, badfeed, missing, SEED_B]
    items = read(*inputs)
    arts = [i for i in items if isinstance(i, Article)]
    errs = {Path(e.source).name: e for e in items if isinstance(e, InputError)}
    assert [a.provenance["source"] for a in arts] == [str(SEED_A), str(SEED_B)]
    assert set(errs) == {"empty.txt", "blank.txt", "blob.dat", "doc.pdf", "huge.txt", "latin.txt", "nav.html",
                         "bad.rss", "missing.txt"}
    for e in errs.values():
        assert "\n" not in str(e) and str(e).startswith(e.source)
    assert errs["empty.txt"].reason == "empty file"
    assert "binary" in errs["blob.dat"].reason and isinstance(errs["blob.dat"], UnsupportedFormat)
    assert "PDF" in errs["doc.pdf"].reason
    assert errs["huge.txt"].reason == f"file of {50 * 1024 * 1024} bytes is over the {OPTS.max_bytes} byte limit"
    assert "not valid UTF-8" in errs["latin.txt"].reason and "byte offset 3" in errs["latin.txt"].reason
    assert errs["nav.html"].reason == "HTML page has no article text"
    assert "malformed feed" in errs["bad.rss"].reason
    assert errs["missing.txt"].reason == "no such file or directory"


def test_empty_directory(tmp_path):
    (err,) = read(tmp_path)
    assert isinstance(err, InputError) and err.reason == "directory has no files"


def test_corrupt_gzip_and_binary_stdin(tmp_path, monkeypatch):
    bad = tmp_path / "page.html.gz"
    bad.write_bytes(b"\x1f\x8b\x08\x00" + bytes(range(200)))
    (err,) = read(bad)
    assert isinstance(err, InputError) and err.source == str(bad) and "\n" not in str(err)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\x00\x01\x02binary" * 100)))
    (err,) = read("-")
    assert isinstance(err, UnsupportedFormat) and err.source == "<stdin>"


def test_warc_encoded_payloads(tmp_path):
    """Records kept with Content-Encoding: gzip or chunked transfer coding are decoded."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    p = tmp_path / "enc.warc.gz"
    page = seed_html(SEED_B, "Maduro").encode()
    with p.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        body = gzip.compress(page)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
                                protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://x.example/a", "response", payload=io.BytesIO(body),
                                            http_headers=http))
        chunks = [page[i:i + 500] for i in range(0, len(page), 500)]
        chunked = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\n\r\n"
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")],
                                protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://x.example/b", "response", payload=io.BytesIO(chunked),
                                            http_headers=http))
    a, b = only_articles(read(p))
    assert a.raw_text == b.raw_text and "Miraflores Palace" in a.raw_text
