"""A story whose comparison fails: one error line naming it, exit code 1, nothing stored
lost, and the next run compares it again instead of keeping the report of its old members."""

import json
from pathlib import Path

from click.testing import CliRunner

import storyline.compare as compare_mod
from storyline.cli import main
from storyline.store import Store

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.txt"))


def invoke(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_a_failed_comparison_is_reported_and_retried_by_the_next_run(tmp_path, monkeypatch):
    db, out = str(tmp_path / "s.db"), str(tmp_path / "out")
    run = ("--db", db, "-q", "--today", "2026-12-06", "run", "-p", "1", "-o", out)
    first = invoke(*run, str(EXAMPLES[0]))
    assert first.exit_code == 0, first.output
    store = Store(db)
    (sid,) = store.story_ids()
    store.close()

    def boom(*args, **kw):
        raise ZeroDivisionError("boom")

    real, real_typed = compare_mod.compare_story, compare_mod.compare_story_typed
    monkeypatch.setattr(compare_mod, "compare_story", boom)
    monkeypatch.setattr(compare_mod, "compare_story_typed", boom)
    second = invoke(*run, str(EXAMPLES[1]))  # joins the story, whose comparison now fails
    assert second.exit_code == 1
    errors = [line for line in second.output.splitlines() if line.startswith("error:")]
    assert errors == [f"error: story {sid}: comparison failed (ZeroDivisionError: boom)"]
    assert len(json.loads(invoke("--db", db, "articles", "--json").output)) == 2  # both articles kept
    store = Store(db)
    assert len(store.story(sid)["articles"]) == 2
    assert store.get_report(sid) is None  # the one-article report is not kept as this story's
    store.close()
    assert not list(Path(out).glob(f"story-{sid}.*"))  # nor its files, nor a link to them
    assert f"story-{sid}.html" not in (Path(out) / "index.html").read_text(encoding="utf-8")

    monkeypatch.setattr(compare_mod, "compare_story", real)
    monkeypatch.setattr(compare_mod, "compare_story_typed", real_typed)
    third = invoke(*run)  # no inputs: the store brought up to date
    assert third.exit_code == 0, third.output
    report = json.loads((Path(out) / f"story-{sid}.json").read_text(encoding="utf-8"))
    assert len(report["articles"]) == 2
    md = invoke("--db", db, "report", sid, "--format", "md")
    assert md.exit_code == 0 and md.output.strip()
