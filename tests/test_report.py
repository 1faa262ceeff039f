"""Story reports: Markdown, self-contained HTML, JSON; untrusted text escaped."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from storyline.errors import StorylineError
from storyline.report import render
from storyline.report.schema import ReportError, validate

from comparecases import FLOOD_A, FLOOD_B, ann as _ann, run as _run  # tests/ is on the path

EVIL = '<script>alert("x")</script> <img src=http://evil.example/x.png onerror=alert(1)> [link](http://evil.example) **bold** | pipe'


@pytest.fixture(scope="module")
def report():
    a = _ann("a", FLOOD_A + [EVIL + " The mayor announced new flood barriers.",
                             "“pure terrorism in the streets of the city,” the leader said."], outlet="Daily <b>One</b>",
             quantities=[("at least 40 people", 40, 40, None, "death")], timexes=[("Tuesday", "2024-04-30")],
             quotes=[("pure terrorism in the streets of the city", "direct", "Leader")])
    b = _ann("b", FLOOD_B + ["“pure terrorism in the streets of the city” was the leader's phrase."], outlet="Paper Two",
             quantities=[("At least 40 people", 40, 40, None, "death")], timexes=[("Tuesday", "2024-04-30")],
             quotes=[("pure terrorism in the streets of the city", "direct", "Leader")])
    return _run([a, b])


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.ids, self.hrefs, self.srcs = [], set(), [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        d = dict(attrs)
        if "id" in d:
            self.ids.add(d["id"])
        if "href" in d:
            self.hrefs.append(d["href"])
        if "src" in d:
            self.srcs.append(d["src"])


def test_html_self_contained_escaped_and_linked(report):
    html = render(report, "html")
    p = _Collect()
    p.feed(html)
    assert "script" not in p.tags and "img" not in p.tags and not p.srcs
    assert "&lt;script&gt;" in html and "Daily &lt;b&gt;One&lt;/b&gt;" in html
    assert not re.search(r"<(link|script|iframe)\b", html)
    assert "Content-Security-Policy" in html and "<svg" in html and "<style>" in html
    # every in-page link points at an anchor that exists; no external links
    assert p.hrefs and all(h.startswith("#") for h in p.hrefs)
    missing = [h for h in p.hrefs if h[1:] not in p.ids]
    assert not missing, missing
    # each article's sentences are anchored
    assert {"a1-s0", "a1-s3", "a2-s0"} <= p.ids
    assert "corroborated" in html and "Quotes across outlets" in html


def test_markdown_sections_and_escaping(report):
    md = render(report, "md")
    for heading in ("## Summary", "## Corroborated by independent origins", "## Single-origin facts, per article",
                    "## Quotes across outlets", "## Coverage", "## Framing", "## Timeline (event time)"):
        assert heading in md
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "\\[link\\]" in md and "\\*\\*bold\\*\\*" in md and "\\| pipe" in md
    assert "**Tue 30 Apr 2024** (day)" in md  # events dated as a reader writes them


def test_json_roundtrip_and_schema(report):
    text = render(report, "json")
    data = json.loads(text)
    assert data["schema"] == "storyline-report/1"
    for g in data["groups"]:
        assert g["verdict"] in {"corroborated", "conflicting", "revision", "variant", "single-source"}
        assert isinstance(g["origins"], list) and g["origins"]
    assert render(data, "md") == render(report, "md")


def test_bad_format_and_bad_report(report):
    with pytest.raises(StorylineError, match="report format 'pdf'"):
        render(report, "pdf")
    bad = json.loads(json.dumps(report))
    bad["groups"][0]["verdict"] = "true"
    with pytest.raises(ReportError, match="verdict 'true'"):
        validate(bad)
    with pytest.raises(ReportError, match="missing field"):
        render({"schema": "storyline-report/1", "story": {"id": "x"}}, "md")


def test_html_article_text_intact_with_claim_marks(report):
    import html as h

    page = render(report, "html")
    assert '<mark class="claim m-corroborated"' in page
    divs = re.findall(r'<div class="article">(.*?)</div>', page, flags=re.S)
    assert len(divs) == len(report["articles"])
    for div, a in zip(divs, report["articles"]):
        assert h.unescape(re.sub(r"<[^>]+>", "", div)) == a["text"]


def test_verdicts_are_defined_once():
    from storyline.compare import VERDICTS as decided
    from storyline.report.common import VERDICT_ORDER
    from storyline.report.schema import VERDICTS
    from storyline.web.reportview import VERDICTS as drawn

    assert decided is VERDICTS and drawn is VERDICTS
    assert sorted(VERDICT_ORDER) == sorted(VERDICTS)  # the display order holds the same verdicts


def test_indented_json_is_json_dumps_text(report):
    """The report's JSON encoder gives json.dumps(indent=2, ensure_ascii=False)'s text exactly."""
    from storyline.report import indented_json, render_formats

    odd = {"a": [1.5, float("nan"), float("inf"), -float("inf"), True, False, None, 0, -7, 1e16, 2.5e-7,
                 "é \u2028 \" \\ \n \x00 \U0001f600", {}, [], [[]], {"x": {}}, (1, 2)],
           1: 2, 2.5: 3, True: 1, None: 0, "": ""}
    for value in (odd, report, [], {}, "x", 3, None):
        assert indented_json(value) == json.dumps(value, ensure_ascii=False, indent=2)
    with pytest.raises(TypeError):
        indented_json({"a": {1, 2}})
    # the three formats rendered together are each what render gives alone
    assert render_formats(report, ["html", "md", "json"]) == {f: render(report, f) for f in ("html", "md", "json")}
