"""A corrected article (new text, or a corrected date) reaches its story's report at the
next run: the revision drops the article's annotation and its stories' reports."""

from __future__ import annotations

import json

from storyline import Options, pipeline


def _write(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def test_a_revised_article_changes_its_story_report_at_the_next_run(tmp_path, seeds):
    a, b = (p.read_text(encoding="utf-8") for p in seeds)
    assert "83" in b
    records = [{"id": "s0", "url": "https://example.org/a", "text": a, "published": "2025-12-02"},
               {"id": "s2", "url": "https://example.net/b", "text": b, "published": "2025-12-02"}]
    opts = Options(db=str(tmp_path / "s.db"), today="2026-12-06", progress=False, processes=1)
    out = tmp_path / "out"

    def run(records):
        src = tmp_path / "in.jsonl"
        _write(src, records)
        result = pipeline.run([str(src)], opts, out)
        reports = [json.loads(p.read_text(encoding="utf-8")) for p in out.glob("story-*.json")]
        assert len(reports) == 1
        return result, reports[0]

    result, report = run(records)
    assert len(result.reports) == 1
    result, _ = run(records)  # the same input again: nothing to do
    assert result.reports == {}

    records[1]["text"] = b.replace("83", "85")  # the outlet corrects a figure
    result, report = run(records)
    assert len(result.reports) == 1
    assert "85" in json.dumps(report)

    records[1]["published"] = "2025-12-03"  # ... and then its date
    result, report = run(records)
    assert len(result.reports) == 1
    dates = {x["id"]: x["published"] for x in report["articles"]}
    assert dates["s2"].startswith("2025-12-03") and dates["s0"].startswith("2025-12-02")


def test_a_story_grown_over_two_runs_reports_as_one_fresh_run(tmp_path, seeds):
    """A report depends on the articles, not on the runs that brought them in."""
    from storyline.store import Store

    def run(db, inputs, out):
        opts = Options(db=str(db), today="2026-01-01", progress=False, processes=1)
        result = pipeline.run([str(p) for p in inputs], opts, out)
        assert not result.errors, result.errors
        return result

    grown = tmp_path / "grown.db"
    run(grown, seeds[:1], tmp_path / "a")
    (sid,) = Store(grown).story_ids()
    second = run(grown, seeds, tmp_path / "b")
    assert sid in second.reports and len(Store(grown).story(sid)["articles"]) == 2
    run(tmp_path / "fresh.db", seeds, tmp_path / "c")
    for ext in ("json", "md", "html"):
        name = f"story-{sid}.{ext}"
        assert (tmp_path / "b" / name).read_bytes() == (tmp_path / "c" / name).read_bytes()
