"""The story brief over every gold story of GVC (val) and ECB+ (dev): how bounded it is.

Per corpus it prints: timeline rows before (one per claim group and date, the old
sentence list) and after (events deduplicated across outlets), the share of events
dated by several outlets, the axis span of the key-event drawing against the span of
every dated item (the old axis), titles taken from a corroborated fact, the brief's
build time, and, in headless Chromium at 1280x800, the HTML report's height with the
full detail collapsed beside its height with every section open (what the page was).

Shared data: <repo>/../shared or $STORYLINE_SHARED. ECB+ is CC BY 3.0 (Cybulska &
Vossen 2014); GVC CC BY 4.0 (Vossen et al. 2018).

Run:  .venv/bin/python benchmarks/bench_brief.py [--limit N] [--no-browser]
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storyline.annotate import annotate_articles  # noqa: E402
from storyline.clean import clean_article  # noqa: E402
from storyline.compare import compare_story  # noqa: E402
from storyline.options import Options  # noqa: E402
from storyline.records import Article  # noqa: E402
from storyline.report import render  # noqa: E402
from storyline.report.brief import build_brief  # noqa: E402
from storyline.report.eventline import layout  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


def shared() -> Path:
    for p in (os.environ.get("STORYLINE_SHARED"), ROOT.parent / "shared"):
        if p and (Path(p) / "data").is_dir():
            return Path(p)
    sys.exit("shared data folder not found: set STORYLINE_SHARED (it holds data/gvc and data/ecbplus)")


def _span(days: list[str]) -> int | None:
    ds = sorted(dt.date.fromisoformat(d[:10]) for d in days if d)
    return (ds[-1] - ds[0]).days + 1 if ds else None


def _q(xs: list[float]) -> str:
    if not xs:
        return "not measured"
    xs = sorted(xs)
    return f"median {statistics.median(xs):.0f}, max {xs[-1]:.0f}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0, help="stories per corpus (0 = all)")
    ap.add_argument("--no-browser", action="store_true", help="skip the page heights (no Chromium)")
    args = ap.parse_args()
    base = shared()
    pw = browser = None
    if not args.no_browser and os.path.exists(CHROMIUM):
        from playwright.sync_api import sync_playwright

        pw = sync_playwright().start()
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
    tmp = Path(tempfile.mkdtemp(prefix="bench-brief-"))
    for corpus, rel in (("gvc", "data/gvc/val.jsonl"), ("ecbplus", "data/ecbplus/dev.jsonl")):
        by = collections.defaultdict(list)
        for line in open(base / rel, encoding="utf-8"):
            d = json.loads(line)
            by[d["story"]].append(d)
        stories = sorted(by.items())[: args.limit or None]
        rows_before, events_after, multi, old_span, new_span = 0, 0, 0, [], []
        titled, t_brief, heights, open_heights, over = 0, 0.0, [], [], 0
        widest = (0, "", "", "")
        for sid, docs in stories:
            arts = [clean_article(Article(id=d["id"], raw_text=d["text"], title=d.get("title"), url=d.get("url"),
                                          outlet=d.get("outlet"), published=d.get("published"))) for d in docs]
            anns = list(annotate_articles(arts, Options(progress=False)))
            r = compare_story({"id": sid}, arts, anns, [])
            t = time.perf_counter()
            b = build_brief(r)
            t_brief += time.perf_counter() - t
            rows_before += len(r["timeline"])
            events_after += len(b["events"])
            multi += sum(1 for e in b["events"] if len(e["sources"]) > 1)
            titled += bool(b["confirmed"]) and any(b["title"].rstrip("…")[:40] in it["text"] for it in b["confirmed"][:3])
            old = _span([d for e in r["timeline"] for d in (e.get("start"), e.get("end"))])
            lay = layout(b["timeline"], b["window"])
            if old and lay and lay["first"]:
                old_span.append(old)
                new_span.append(_span([lay["first"], lay["last"]]))
                widest = max(widest, (new_span[-1], sid, lay["first"], lay["last"]))
            if browser:
                f = tmp / f"{corpus}-{sid}.html"
                f.write_text(render(r, "html"), encoding="utf-8")
                pg = browser.new_page(viewport={"width": 1280, "height": 800})
                pg.goto(f.as_uri())
                h = pg.evaluate("document.documentElement.scrollHeight")
                pg.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                open_heights.append(pg.evaluate("document.documentElement.scrollHeight"))
                pg.close()
                heights.append(h)
                over += h >= 8000
        n = len(stories)
        print(f"{corpus}: {n} stories, {sum(len(d) for _, d in stories)} articles")
        print(f"  timeline rows: {rows_before} (one per claim group and date) -> {events_after} events "
              f"({multi} dated by several outlets)")
        print(f"  axis span, days: every dated item {_q(old_span)}; key events {_q(new_span)} "
              f"(widest: story {widest[1]}, {widest[2]} to {widest[3]})")
        print(f"  title from a top confirmed fact: {titled}/{n}; brief built in {1000 * t_brief / max(n, 1):.1f} ms/story")
        if heights:
            print(f"  HTML page height, px: brief + detail collapsed {_q(heights)} ({over} at or over 8000); "
                  f"every section open {_q(open_heights)}")
        else:
            print("  HTML page height: not measured (no Chromium)")
    if browser:
        browser.close()
        pw.stop()
    print("reproduce: .venv/bin/python benchmarks/bench_brief.py [--limit N] [--no-browser]")


if __name__ == "__main__":
    main()
