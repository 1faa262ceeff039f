"""Well-formed inputs of every format, built from a seed article, for the fuzz test
(tests/test_fuzz.py) and the long fuzz run (benchmarks/fuzz_inputs.py) to mutate."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = (ROOT / "examples" / "000_679f17ff1aa3734c.txt").read_text("utf-8")
PARAS = [p for p in SEED.split("\n\n") if p.strip()][:6]


def warc_record(body: bytes, ce: str = "") -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    w = WARCWriter(out, gzip=False)
    headers = [("Content-Type", "text/html")] + ([("Content-Encoding", ce)] if ce else [])
    w.write_record(w.create_warc_record("https://example.org/a", "response", payload=io.BytesIO(body),
                                        http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")))
    return out.getvalue()


def templates() -> list[tuple[str, bytes]]:
    """One well-formed input per format, built from a seed article, to mutate."""
    html = ("<!DOCTYPE html><html><head><title>Talks</title>"
            '<meta property="article:published_time" content="2024-03-01T10:00:00+01:00"></head><body>'
            + "".join(f"<p>{p}</p>" for p in PARAS) + "</body></html>")
    line = json.dumps({"id": "f1", "published": "2024-03-01", "title": "Talks", "text": "\n\n".join(PARAS)})
    rss = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><item><title>Talks</title>'
           "<pubDate>Fri, 01 Mar 2024 10:00:00 +0000</pubDate><description>"
           + "".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in PARAS[:3]) + "</description></item></channel></rss>")
    return [
        ("a.txt", "\n\n".join(PARAS).encode()),
        ("a.html", html.encode()),
        ("a.jsonl", (line + "\n" + line.replace('"f1"', '"f2"') + "\n").encode()),
        ("a.json", ("[" + line + "]").encode()),
        ("a.xml", rss.encode()),
        ("a.warc", warc_record(html.encode())),
        ("a.html.gz", gzip.compress(html.encode())),
    ]
