"""Inputs built from the seeds, shared by test_ingest.py, test_ingest_fetch.py and test_clean.py: an HTML
page around a seed's paragraphs and an Atom feed template."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_A = ROOT / "examples" / "000_679f17ff1aa3734c.txt"
SEED_B = ROOT / "examples" / "002_063f098d12266611.txt"


def seed_html(seed: Path, title: str, extra_head: str = "", charset: str = "utf-8") -> str:
    """A realistic page around a seed's paragraphs: navigation, ads, related links, footer."""
    paras = [p for p in seed.read_text("utf-8").splitlines() if p.strip()]
    body = "\n".join(f"<p>{p}</p>" for p in paras[1:])
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}"><title>{title} | Morning Star</title>
<meta property="og:site_name" content="Morning Star">
<meta property="article:published_time" content="2025-12-02T09:30:00+00:00">
<meta name="author" content="Staff Reporter">{extra_head}
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<div class="ad">Advertisement: Subscribe now for just 1 pound a week!</div>
<main><article><h1>{title}</h1>
{body}
</article>
<aside><h3>Related</h3><ul><li><a href="/a">Another story about something</a></li><li><a href="/b">More news</a></li></ul></aside></main>
<footer><p>© 2025 Morning Star. All rights reserved.</p><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
</body></html>"""


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>News Room USA</title><id>urn:x</id><updated>2025-12-02T00:00:00Z</updated>
<entry><title>Maduro stays</title><id>urn:e1</id><link href="https://newsroom.example/maduro"/>
<updated>2025-12-02T08:00:00+01:00</updated>
<content type="html">&lt;p&gt;{p1}&lt;/p&gt;&lt;p&gt;{p2}&lt;/p&gt;</content></entry></feed>"""


def paras(seed: Path):
    return [p for p in seed.read_text("utf-8").splitlines() if p.strip()]
