"""Pure layout helpers of the web UI: text segments, report sections."""

from __future__ import annotations

import pytest

from storyline.records import Edit
from storyline.web import reportview
from storyline.web.markup import annotated_segments, raw_segments


def test_raw_segments_cover_every_raw_character_once():
    raw = "Title\nPhoto / EPA\nBody text.”Next word\nRead more: x\n"
    edits = [
        Edit("remove", "photo credit", 6, 18, raw[6:18]),
        Edit("repair", "space after quote", 29, 29, "", " "),
        Edit("remove", "teaser", 39, len(raw), raw[39:]),
        Edit("damage", "overlaps the teaser", 40, 45, raw[40:45]),  # clipped away: already removed
    ]
    segs = raw_segments(raw, edits)
    assert "".join(s["text"] for s in segs) == raw
    assert [s["kind"] for s in segs] == ["plain", "remove", "plain", "repair", "plain", "remove"]
    assert segs[1]["text"] == "Photo / EPA\n" and segs[1]["reason"] == "photo credit"
    assert segs[3] == {"kind": "repair", "text": "", "reason": "space after quote", "replacement": " "}
    # dict edits (as stored) and out-of-range offsets are tolerated
    assert "".join(s["text"] for s in raw_segments("abc", [{"kind": "remove", "raw_start": 1, "raw_end": 99}])) == "abc"


def test_annotated_segments_flatten_overlaps():
    text = "Maduro said “peace with sovereignty” on Monday."
    ann = {
        "entities": [{"start": 0, "end": 6, "label": "PERSON", "name": "Nicolás Maduro"}],
        "quotes": [{"start": 13, "end": 35, "kind": "direct", "speaker": {"name": "Nicolás Maduro"}}],
        "timexes": [{"start": 40, "end": 46, "type": "DATE", "value": "2025-12-01"}],
        "hedges": [{"start": 5, "end": 99}],  # out of range: ignored
        "quantities": [{"start": "x", "end": 3}],  # malformed: ignored
    }
    segs = annotated_segments(text, ann, focus=(13, 18))
    assert "".join(s["text"] for s in segs) == text
    by_text = {s["text"]: s for s in segs}
    assert by_text["Maduro"]["layers"] == ["entities"]
    assert by_text["Maduro"]["title"] == "entity PERSON Nicolás Maduro"
    assert by_text["peace"]["layers"] == ["quotes", "focus"]
    assert by_text[" with sovereignty"]["layers"] == ["quotes"]
    assert "direct quote — Nicolás Maduro" in by_text[" with sovereignty"]["title"]
    assert by_text["Monday"]["title"] == "DATE 2025-12-01"
    assert annotated_segments(text, None) == [{"text": text, "start": 0, "end": len(text), "layers": [], "title": ""}]


def test_report_sections_read_the_schema_keys(minimal_report):
    from storyline.report.schema import ReportError

    report = minimal_report.to_dict()  # as stored: no brief yet
    v = reportview.sections(report, {"a1": {"id": "a1", "outlet": "Daily"}})
    assert [b["verdict"] for b in v["verdicts"]] == ["single-source"]
    g = v["verdicts"][0]["groups"][0]
    assert g.members[0].article_id == "a1" and g.findings[0].a.value == "2025-01-01"
    assert v["brief"].title and v["coverage"] == {"columns": [{"id": "a1", "label": "Daily"}], "rows": []}
    assert v["origins"] == {"a1": {"label": "Daily", "kind": "outlet", "copy_of": None}}
    assert reportview.sections(None, {}) is None
    assert reportview.origin_label("L" * 100).endswith("…")
    with pytest.raises(ReportError, match="unknown key 'claims'"):  # no guessing at other names
        reportview.sections({**report, "groups": [{**report["groups"][0], "claims": []}]}, {})


def test_snippet_parts_tell_matches_from_brackets_in_the_text():
    from storyline.web.views import snippet_parts

    parts = snippet_parts("…said [Reuters] that [Nicolás] [Maduro] spoke…", "nicolas maduro")
    assert [p["text"] for p in parts if p["match"]] == ["Nicolás", "Maduro"]
    assert "".join(p["text"] for p in parts) == "…said [Reuters] that Nicolás Maduro spoke…"
    assert [p["text"] for p in snippet_parts("a [b] c") if p["match"]] == ["b"]
    assert snippet_parts(None) == []
