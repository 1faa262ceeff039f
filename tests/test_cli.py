"""The storyline command end to end, through click's runner (no subprocess, no network)."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture()
def db(tmp_path):
    return str(tmp_path / "s.db")


def invoke(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result


def test_ingest_then_show_prints_clean_bodies_and_edits(db):
    r = invoke("--db", db, "ingest", str(EXAMPLES))
    assert r.exit_code == 0, r.output
    assert "2 new" in r.output
    rows = json.loads(invoke("--db", db, "articles", "--json").output)
    assert len(rows) == 2
    for row in rows:
        shown = invoke("--db", db, "show", row["id"])
        assert shown.exit_code == 0
        body = shown.output.split("Removed")[0]
        for junk in ("Source link", "News Room USA | LNG", "writes LINDA PENTZ GUNTER", "Miraflores Press / EPA"):
            assert junk not in body
    again = invoke("--db", db, "ingest", str(EXAMPLES))
    assert "0 new" in again.output and "2 unchanged" in again.output


def test_show_json_lists_removals_and_repairs(db):
    invoke("--db", db, "ingest", str(EXAMPLES / "000_679f17ff1aa3734c.txt"))
    (row,) = json.loads(invoke("--db", db, "articles", "--json").output)
    d = json.loads(invoke("--db", db, "show", row["id"], "--json").output)
    kinds = {e["kind"] for e in d["edits"]}
    assert {"remove", "repair", "damage"} <= kinds
    assert "freedom” rejecting" in d["text"]
    assert "amnesty including" in d["text"]


def test_bad_inputs_fail_one_by_one_and_the_rest_is_stored(db, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "blob.bin"
    binary.write_bytes(bytes(range(256)) * 40)
    r = invoke("--db", db, "ingest", str(empty), str(EXAMPLES), str(binary))
    assert r.exit_code == 1
    errors = [line for line in r.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 2
    assert any("empty.txt" in e for e in errors) and any("blob.bin" in e for e in errors)
    assert len(json.loads(invoke("--db", db, "articles", "--json").output)) == 2


def test_search(db):
    invoke("--db", db, "ingest", str(EXAMPLES))
    hits = json.loads(invoke("--db", db, "search", "Miraflores", "--json").output)
    assert len(hits) == 2


def test_unknown_story_is_one_clear_line(db):
    invoke("--db", db, "ingest", str(EXAMPLES))
    r = invoke("--db", db, "report", "nope")
    assert r.exit_code == 1
    assert r.output.strip().startswith("error: no story 'nope'")


def test_run_writes_a_report_per_story(db, tmp_path):
    out = tmp_path / "out"
    r = invoke("--db", db, "run", str(EXAMPLES), "-o", str(out))
    assert r.exit_code == 0, r.output
    stories = json.loads(invoke("--db", db, "stories", "--json").output)
    assert len(stories) == 1 and len(stories[0]["articles"]) == 2
    sid = stories[0]["id"]
    for ext in ("html", "md", "json"):
        assert (out / f"story-{sid}.{ext}").exists()
    report = json.loads((out / f"story-{sid}.json").read_text())
    verdicts = {g["verdict"] for g in report["groups"]}
    assert "corroborated" in verdicts
    md = invoke("--db", db, "report", sid, "--format", "md")
    assert md.exit_code == 0 and "corroborated" in md.output


def test_cluster_is_incremental_and_idempotent(db):
    invoke("--db", db, "ingest", str(EXAMPLES))
    first = invoke("--db", db, "cluster")
    assert "1 stories (1 changed), 2 articles" in first.output  # the two seeds: one story
    again = invoke("--db", db, "cluster")
    assert "1 stories (0 changed), 2 articles" in again.output
    rebuilt = invoke("--db", db, "cluster", "--rebuild")
    assert "1 stories (all rebuilt), 2 articles" in rebuilt.output
    stories = json.loads(invoke("--db", db, "stories", "--json").output)
    assert len(stories) == 1 and len(stories[0]["articles"]) == 2


def test_every_check_switch_is_a_comparison_setting():
    # the table of --NAME/--no-NAME switches and the settings object cannot drift apart
    from dataclasses import fields

    from storyline.cli import CHECKS
    from storyline.options import CompareSettings, Options

    names = {n.replace("-", "_") for n, _, _ in CHECKS}
    settings = {f.name for f in fields(CompareSettings)} - {"method", "veto"}
    assert names == settings
    assert all(getattr(Options(), n.replace("-", "_")) is d for n, d, _ in CHECKS)


def test_a_check_switch_given_after_the_command_overrides_the_one_before(db, tmp_path):
    # `storyline run --speaker` used to stop with "No such option": the switches were the
    # group's only; on a command that compares they override it, and not given change nothing
    out = tmp_path / "out"
    r = invoke("--db", db, "-q", "--today", "2026-12-06", "run", str(EXAMPLES), "-o", str(out),
               "--speaker", "--no-clause-tied", "-p", "1")
    assert r.exit_code == 0, r.output
    (path,) = out.glob("story-*.json")
    params = json.loads(path.read_text())["parameters"]
    assert params["speaker"] and "clause_tie" not in params
    sid = path.stem.removeprefix("story-")
    shown = json.loads(invoke("--db", db, "--speaker", "report", sid, "--no-speaker", "--format", "json").output)
    assert "speaker" not in shown["parameters"] and shown["parameters"]["clause_tie"] == 2
    kept = json.loads(invoke("--db", db, "--speaker", "report", sid, "--format", "json").output)
    assert kept["parameters"]["speaker"]
