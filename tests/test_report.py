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
           1: 2, 2.5: 3, None: 0, "": ""}
    # a bool key apart: in one dict True would replace the key 1 (True == 1)
    for value in (odd, {True: 1, False: 0}, report, [], {}, "x", 3, None):
        assert indented_json(value) == json.dumps(value, ensure_ascii=False, indent=2)
    with pytest.raises(TypeError):
        indented_json({"a": {1, 2}})
    # and the stored (compact) text is read off the indented one, the file's trailing newline too
    from storyline.store.reports import report_json, report_json_from_indented

    for value in (odd, report, {"a": "x,\n  y", "b": [", ", {"c": "\n"}]}, [], {}, "x"):
        assert report_json_from_indented(indented_json(value) + "\n") == report_json(value)
    # the three formats rendered together are each what render gives alone
    assert render_formats(report, ["html", "md", "json"]) == {f: render(report, f) for f in ("html", "md", "json")}


def test_coverage_absent_cells_implicit_and_older_reports_render_the_same():
    """A row's cells list only the articles carrying its fact; a report stored with the
    absent cells spelled out (earlier versions) reads, renders and views the same."""
    from storyline.report.schema import ABSENT, Report
    from storyline.web.reportview import coverage as web_coverage

    a = _ann("a", FLOOD_A, outlet="Daily One")
    b = _ann("b", FLOOD_B, outlet="Paper Two")
    c = _ann("c", [FLOOD_A[2], "Schools in the region stay closed until Monday."], outlet="Third Post")
    new = _run([a, b, c])
    cov = new["coverage"]
    assert cov["articles"] == ["a", "b", "c"] and len(cov["rows"]) >= 2
    absent = 0
    for r in cov["rows"]:
        assert r["cells"] and all(x["status"] in ("lead", "carries") for x in r["cells"].values())
        assert list(r["cells"]) == [x for x in cov["articles"] if x in r["cells"]]  # story order
        absent += len(cov["articles"]) - len(r["cells"])
    assert absent  # c does not report the flood toll
    for aid, t in cov["totals"].items():
        assert sum(t.values()) == len(cov["rows"])
        assert t["absent"] == sum(1 for r in cov["rows"] if aid not in r["cells"])
    old = json.loads(json.dumps(new))
    for r in old["coverage"]["rows"]:
        r["cells"] = {x: r["cells"].get(x, {"status": "absent"}) for x in old["coverage"]["articles"]}
    for fmt in ("md", "html"):
        assert render(old, fmt) == render(new, fmt)
    typed_new, typed_old = Report.from_dict(new), Report.from_dict(old)
    row = next(r for r in typed_new.coverage.rows if len(r.cells) < 3)
    missing = next(x for x in typed_new.coverage.articles if x not in row.cells)
    assert row.cell(missing) is ABSENT and row.cell(missing).status == "absent"
    arts = {x["id"]: x for x in new["articles"]}
    assert web_coverage(typed_old, arts) == web_coverage(typed_new, arts)
    toll = next(r for r in web_coverage(typed_new, arts)["rows"] if "40 people" in r["label"])
    assert toll["cells"][2] == "omits" and toll["spans"][2] is None


def test_markdown_escape_each_special_and_plain_text_as_is():
    """esc changes exactly its special characters (a text with none comes back as it is, one line)."""
    from storyline.report.markdown import esc
    from storyline.report.schema import MISSING

    assert esc("  The mayor\n said  so. ") == "The mayor said so."
    assert esc(None) == esc(MISSING) == ""
    assert esc(40) == "40"
    for ch, out in {"\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]", "#": "\\#", "|": "\\|",
                    "~": "\\~", "&": "&amp;", "<": "&lt;", ">": "&gt;"}.items():
        assert esc(f"a {ch} b") == f"a {out} b", ch
    assert esc("<b>&amp;</b> **x**") == "&lt;b&gt;&amp;amp;&lt;/b&gt; \\*\\*x\\*\\*"
