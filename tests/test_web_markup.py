"""Pure layout helpers of the web UI: text segments, report sections."""

from __future__ import annotations

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


def test_report_sections_accept_other_shapes():
    report = {
        "groups": [{"verdict": "variant", "label": "b"}, {"verdict": "corroborated", "label": "a"},
                   {"verdict": "new-kind", "claims": [{"text": "c"}]}],
        "coverage": {"articles": ["x"], "rows": [{"label": "a", "cells": {"x": {"status": "absent"}, "y": True}}]},
        "quotes": [{"text": "q1", "speaker": {"name": "Ann"}}, {"text": "q2"}, {"text": "q3", "speaker": "Bob"}],
        "framing": {"x": {"hedge_counts": {"alleged": 2}}},
        "extra": {"k": 1},
        "empty": [],
    }
    arts = {"x": {"id": "x", "outlet": "Outlet X"}, "y": {"id": "y", "title": "Title Y"}}
    v = reportview.sections(report, arts)
    assert [b["verdict"] for b in v["verdicts"]] == ["corroborated", "variant", "new-kind"]
    assert reportview.group_label(v["verdicts"][2]["groups"][0]) == "c"
    cov = v["coverage"]
    assert [c["label"] for c in cov["columns"]] == ["Outlet X", "Title Y"]
    assert cov["rows"][0]["cells"] == ["omits", "carries"]
    assert [q["speaker"] for q in v["quotes"]] == ["Ann", "Bob", "(speaker not identified)"]
    assert v["framing"] == [{"hedge_counts": {"alleged": 2}, "article": "x"}]
    assert v["other"] == {"extra": {"k": 1}}
    assert reportview.sections(None, {}) is None
    assert reportview.sections({"groups": {"conflicting": [{"label": "z"}]}}, {})["verdicts"][0]["verdict"] == "conflicting"
    assert reportview.origin_label({"label": "L" * 100}).endswith("…")


def test_snippet_parts_tell_matches_from_brackets_in_the_text():
    from storyline.web.views import snippet_parts

    parts = snippet_parts("…said [Reuters] that [Nicolás] [Maduro] spoke…", "nicolas maduro")
    assert [p["text"] for p in parts if p["match"]] == ["Nicolás", "Maduro"]
    assert "".join(p["text"] for p in parts) == "…said [Reuters] that Nicolás Maduro spoke…"
    assert [p["text"] for p in snippet_parts("a [b] c") if p["match"]] == ["b"]
    assert snippet_parts(None) == []
