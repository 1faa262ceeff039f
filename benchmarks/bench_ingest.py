"""Reading speed per format: pages/records per second for text, HTML, WARC.gz, RSS and JSONL.

Inputs are generated in a temporary directory from the seed articles (pages with
navigation, ads and footers around the seed paragraphs) plus the shared JSONL corpora,
so the figures can be reproduced anywhere.

Reproduce:  .venv/bin/python benchmarks/bench_ingest.py [--pages 200]
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

from storyline.errors import InputError
from storyline.ingest import read_inputs
from storyline.options import Options
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from shareddata import DATA  # noqa: E402  ($STORYLINE_SHARED, else ../shared beside the repo)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "examples").glob("*.txt"))
DATA = DATA / "ecbplus" / "dev.jsonl"


def page(seed_text: str, n: int) -> str:
    paras = [p for p in seed_text.splitlines() if p.strip()]
    body = "\n".join(f"<p>{p}</p>" for p in paras[1:])
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{paras[0]} ({n})</title>"
            f"<meta property='og:site_name' content='Outlet {n % 7}'>"
            f"<meta property='article:published_time' content='2025-12-0{1 + n % 9}T10:00:00+00:00'></head>"
            "<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav><div class='ad'>Subscribe now</div>"
            f"<article><h1>{paras[0]}</h1>{body}</article><footer>© 2025 Outlet. All rights reserved.</footer>"
            "</body></html>")


def build(tmp: Path, n: int) -> dict[str, list[str]]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    seeds = [s.read_text("utf-8") for s in SEEDS]
    (tmp / "text").mkdir()
    (tmp / "html").mkdir()
    for i in range(n):
        (tmp / "text" / f"{i:04d}.txt").write_text(seeds[i % len(seeds)] + f"\n\nCopy {i}.", "utf-8")
        (tmp / "html" / f"{i:04d}.html").write_text(page(seeds[i % len(seeds)], i), "utf-8")
    with (tmp / "pages.warc.gz").open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for i in range(n):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(f"https://outlet{i % 7}.example/a/{i}", "response",
                                                payload=io.BytesIO(page(seeds[i % 2], i).encode()), http_headers=http))
    items = "".join(
        f"<item><title>Story {i}</title><link>https://o.example/{i}</link><pubDate>Tue, 02 Dec 2025 09:30:00 GMT</pubDate>"
        f"<description><![CDATA[{''.join(f'<p>{p}</p>' for p in seeds[i % 2].splitlines() if p.strip())}]]></description></item>"
        for i in range(n))
    (tmp / "feed.rss").write_text(f"<?xml version='1.0'?><rss version='2.0'><channel><title>F</title>{items}"
                                  "</channel></rss>", "utf-8")
    out = {"text (directory)": [str(tmp / "text")], "html (directory)": [str(tmp / "html")],
           "warc.gz": [str(tmp / "pages.warc.gz")], "rss": [str(tmp / "feed.rss")]}
    if DATA.exists():
        out["jsonl (ECB+ dev)"] = [str(DATA)]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=200)
    args = ap.parse_args()
    print(f"command: .venv/bin/python benchmarks/bench_ingest.py --pages {args.pages}")
    if not DATA.exists():
        print("jsonl (ECB+ dev): not measured (file absent)")
    with tempfile.TemporaryDirectory() as d:
        for name, inputs in build(Path(d), args.pages).items():
            t0 = time.perf_counter()
            arts = errs = 0
            for item in read_inputs(inputs, Options()):
                if isinstance(item, InputError):
                    errs += 1
                else:
                    arts += 1
            dt = time.perf_counter() - t0
            print(f"{name:18s} {arts:5d} articles {errs:3d} errors  {dt:6.2f} s  "
                  f"{arts / dt:8.1f} articles/s  {1000 * dt / max(arts, 1):6.2f} ms/article")
    return 0


if __name__ == "__main__":
    sys.exit(main())
