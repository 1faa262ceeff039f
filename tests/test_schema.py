"""The typed report schema: JSON out and back byte for byte, stored reports read with
their real keys only, and every key the web page reads defined by the schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jinja2 import Environment, nodes

from storyline.report import read, render
from storyline.report import schema as S
from storyline.report.schema import MISSING, Report, ReportError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def seeds_report() -> dict:
    """The seeds' report from the real pipeline (clean, annotate, copies, compare)."""
    from storyline.annotate import annotate_articles
    from storyline.clean import clean_article
    from storyline.compare import compare_story
    from storyline.options import Options
    from storyline.records import Article
    from storyline.stories import find_copies

    files = sorted((ROOT / "examples").glob("*.txt"))
    assert len(files) >= 2, "the two bundled seed articles are missing from examples/"
    arts = [clean_article(Article(id=f.stem, raw_text=f.read_text(encoding="utf-8"))) for f in files]
    anns = list(annotate_articles(arts, Options(progress=False)))
    return compare_story({"id": "seeds"}, arts, anns, find_copies(arts))


def test_seeds_report_round_trips_byte_for_byte(seeds_report):
    typed = Report.from_dict(seeds_report)
    assert typed.to_dict() == seeds_report
    assert json.dumps(typed.to_dict(), ensure_ascii=False, indent=2) == json.dumps(seeds_report, ensure_ascii=False, indent=2)
    assert Report.from_dict(typed.to_dict()) == typed
    assert typed.groups and typed.brief.title and all(isinstance(g, S.Group) for g in typed.groups)
    assert render(typed, "json") == render(seeds_report, "json")


def test_minimal_report_round_trips_and_leaves_missing_keys_out(minimal_report):
    r = minimal_report
    d = r.to_dict()
    assert Report.from_dict(d) == r
    assert list(d["story"]) == ["id", "articles"]  # title and dates were not given: left out, not null
    assert d["groups"][0]["members"][0]["relay"] == {"kind": "agency", "key": "reuters", "text": "Reuters", "as": "the agency"}
    assert d["groups"][0]["findings"][0]["a"] == {"article_id": "a1", "value": "2025-01-01"}
    assert "brief" not in d
    typed = read(d)  # a report without a brief gets one when read, the input unchanged
    assert typed.brief.title and "brief" not in d and r.brief is MISSING
    assert "Rain fell" in render(d, "md") and "Rain fell" in render(d, "html")


def test_older_stored_report_loads_without_the_keys_added_since(minimal_report):
    d = minimal_report.to_dict()
    del d["articles"][0]["name"], d["parameters"]["method"]
    r = Report.from_dict(d)
    assert r.articles[0].name is MISSING and r.to_dict() == d  # nothing added on the way through


@pytest.mark.parametrize("edit, message", [
    (lambda d: d["groups"][0]["members"][0].pop("claim_id"), "groups[0].members[0]: missing key 'claim_id'"),
    (lambda d: d["groups"][0].update(claims=[]), "groups[0]: unknown key 'claims'"),
    (lambda d: d["coverage"].update(rows={}), "coverage.rows: expected a list"),
])
def test_malformed_report_names_the_key(edit, message, minimal_report):
    d = minimal_report.to_dict()
    edit(d)
    with pytest.raises(ReportError, match=r"^report s1: ") as exc:
        Report.from_dict(d)
    assert message in str(exc.value) and "\n" not in str(exc.value)


def _read_keys(*templates: str) -> set[str]:
    """Attribute and constant item names the templates read (``g.members``, ``d["from"]``)."""
    env = Environment()
    out = set()
    for t in templates:
        tree = env.parse(Path(t).read_text(encoding="utf-8"))
        out |= {n.attr for n in tree.find_all(nodes.Getattr)}
        out |= {n.arg.value for n in tree.find_all(nodes.Getitem) if isinstance(n.arg, nodes.Const)
                and isinstance(n.arg.value, str)}
    return out


# names the story page reads that are not report keys: the page's own context (view
# sections, the event layout's rows, the story and article rows of the store), Jinja's
# loop and Python's dict methods
NOT_REPORT = {"brief", "origins", "verdicts", "coverage", "quotes", "framing", "counts", "parameters",  # view
              "columns", "rows", "cells", "spans", "copy_of",
              "width", "ticks", "first", "last", "x", "x1", "x2", "cx", "point", "clip_left", "clip_right",  # layout
              "anchor", "background", "marks", "event",
              "first_published", "last_published", "title", "id", "published", "outlet",  # store rows
              "index", "index0", "first", "last", "length",  # loop
              "items", "get"}


def test_every_key_the_web_reads_is_in_the_schema():
    web, rep = ROOT / "src" / "storyline" / "web" / "templates", ROOT / "src" / "storyline" / "report" / "templates"
    read_keys = _read_keys(web / "story.html", rep / "brief.html.j2", rep / "brief_macros.html.j2")
    schema_keys = {p.rsplit(".", 1)[-1].removesuffix("[]").removesuffix(".*") for p in S.key_paths()}
    assert {"members", "renderings", "hedge_drift", "from", "display"} <= read_keys  # the page reads the report
    assert read_keys - NOT_REPORT - schema_keys == set()
    # the keys the web once guessed are gone from the schema and from the page
    assert not {"claim_groups", "spans", "claim", "fidelity", "occurrences"} & (schema_keys | (read_keys - NOT_REPORT))


def test_web_story_page_reads_an_older_report_and_names_a_malformed_one(tmp_path, minimal_report):
    from fastapi.testclient import TestClient

    from storyline.options import Options
    from storyline.store import Store
    from storyline.web import create_app

    old = minimal_report.to_dict()
    del old["articles"][0]["name"], old["parameters"]["method"]  # as stored before those keys (and the brief)
    bad = minimal_report.to_dict()
    bad["groups"][0]["members"][0]["spans"] = []  # a key the schema does not have
    st = Store(str(tmp_path / "s.db"))
    for sid, report in (("s1", old), ("s2", bad)):
        st.put_story({"id": sid, "title": "Flood", "articles": ["a1"]})
        st.put_report(sid, report)
    st.close()
    c = TestClient(create_app(Options(db=str(tmp_path / "s.db"))))
    page = c.get("/stories/s1")
    assert page.status_code == 200 and 'id="brief-title"' in page.text and "Rain fell." in page.text
    assert c.get("/stories/s1.json").json()["report"]["brief"]["title"]  # the twin carries the computed brief
    broken = c.get("/stories/s2.json")
    assert broken.status_code == 400
    assert "groups[0].members[0]: unknown key 'spans'" in broken.json()["detail"]
