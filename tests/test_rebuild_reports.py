"""A story whose members change outside ``run`` (``cluster``, ``cluster --rebuild``) is
compared again by the next run: no stored report, file or ``report`` output lists members
other than its story's."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.store import Store

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.txt"))


def invoke(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def stale_reports(db: str) -> dict[str, tuple[list[str], list[str]]]:
    """story id -> (its members, its stored report's articles), for every report that differs."""
    store = Store(db)
    try:
        stale = {}
        for sid in store.story_ids():
            report = store.get_report(sid)
            members = sorted(store.story(sid)["articles"])
            if report is not None and sorted(a["id"] for a in report["articles"]) != members:
                stale[sid] = (members, sorted(a["id"] for a in report["articles"]))
        return stale
    finally:
        store.close()


@pytest.mark.parametrize("cluster", [["cluster"], ["cluster", "--rebuild"]])
def test_a_story_grown_by_cluster_gets_a_new_report_from_the_next_run(tmp_path, cluster):
    db, out = str(tmp_path / "s.db"), tmp_path / "out"
    base = ("--db", db, "-q", "--today", "2026-12-06")
    run = (*base, "run", "-p", "1", "-o", str(out))
    invoke(*run, str(EXAMPLES[0]))
    store = Store(db)
    (sid,) = store.story_ids()  # founded by the first example: a rebuild keeps its id
    store.close()
    assert len(json.loads((out / f"story-{sid}.json").read_text(encoding="utf-8"))["articles"]) == 1

    invoke(*base, "ingest", str(EXAMPLES[1]))
    invoke(*base, *cluster)  # the second example joins the story outside run
    store = Store(db)
    assert store.story_ids() == [sid] and len(store.story(sid)["articles"]) == 2
    assert store.get_report(sid) is None  # the one-article report is not kept as this story's
    store.close()

    invoke(*run)  # no inputs: the store brought up to date
    assert stale_reports(db) == {}
    report = json.loads((out / f"story-{sid}.json").read_text(encoding="utf-8"))
    assert len(report["articles"]) == 2
    shown = json.loads(invoke(*base, "report", sid, "--format", "json").output)
    assert len(shown["articles"]) == 2


def test_a_rebuild_that_changes_nothing_keeps_the_reports(tmp_path):
    db, out = str(tmp_path / "s.db"), tmp_path / "out"
    base = ("--db", db, "-q", "--today", "2026-12-06")
    invoke(*base, "run", "-p", "1", "-o", str(out), *map(str, EXAMPLES))
    store = Store(db)
    kept = {sid: store.get_report(sid) for sid in store.story_ids()}
    store.close()
    assert kept and all(r is not None for r in kept.values())

    invoke(*base, "cluster", "--rebuild")
    store = Store(db)
    assert {sid: store.get_report(sid) for sid in store.story_ids()} == kept
    store.close()
    again = invoke(*base, "run", "-p", "1", "-o", str(out))
    assert "0 report(s) written" in again.output + (again.stderr if again.stderr_bytes else "")
    assert stale_reports(db) == {}


@pytest.mark.parametrize("cluster", [["cluster"], ["cluster", "--rebuild"]])
def test_every_report_lists_its_story_s_members_on_ecbplus(tmp_path, shared_data, cluster):
    """ECB+ topic 1 in two batches, the second clustered outside run: several stories keep
    their ids and gain members."""
    rows = [json.loads(line) for line in (shared_data / "ecbplus" / "dev.jsonl").read_text(encoding="utf-8").splitlines()]
    topic = sorted((r for r in rows if r["topic"] == "1"), key=lambda r: r["id"])[:20]
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("".join(json.dumps(r) + "\n" for r in topic[:8]), encoding="utf-8")
    second.write_text("".join(json.dumps(r) + "\n" for r in topic[8:]), encoding="utf-8")
    db, out = str(tmp_path / "s.db"), tmp_path / "out"
    base = ("--db", db, "-q", "--today", "2026-12-06")
    run = (*base, "run", "-p", "1", "-o", str(out))
    invoke(*run, str(first))
    assert stale_reports(db) == {}
    invoke(*base, "ingest", str(second))
    invoke(*base, *cluster)
    assert stale_reports(db) == {}
    invoke(*run)
    assert stale_reports(db) == {}
    store = Store(db)
    try:
        for sid in store.story_ids():  # each compared, and its files show its members
            members = sorted(store.story(sid)["articles"])
            shown = json.loads((out / f"story-{sid}.json").read_text(encoding="utf-8"))
            assert sorted(a["id"] for a in shown["articles"]) == members, sid
    finally:
        store.close()
