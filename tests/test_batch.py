"""The Dask batch (ingest, clean, annotate into shards on workers), `load`, and the
work-in-proportion paths of `run` (stale annotations by query, changed reports only)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline import pipeline
from storyline.annotate import ANNOTATION_VERSION
from storyline.options import CompareSettings, Options
from storyline.store import Store

pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))
FETCHED = "2026-01-05T09:00:00+00:00"


def _jsonl(path: Path) -> Path:
    """Five records (the two bundled articles, their first paragraphs, one undated) and a bad line."""
    texts = [p.read_text(encoding="utf-8") for p in EXAMPLES]
    recs = [{"id": f"ex{i}", "text": t, "published": "2025-12-0%dT10:00:00Z" % (i + 1), "fetched_at": FETCHED}
            for i, t in enumerate(texts)]
    recs += [{"id": f"lead{i}", "text": t.split("\n\n")[0] + "\n\n" + t.split("\n\n")[1], "fetched_at": FETCHED}
             for i, t in enumerate(texts)]
    recs.append({"id": "short", "text": "The minister said on Friday that 40 people had been detained.",
                 "published": "2025-12-03", "fetched_at": FETCHED})
    lines = [json.dumps(r) for r in recs[:3]] + ["{not json"] + [json.dumps(r) for r in recs[3:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _batch(src: Path, out: Path, opts: Options):
    from storyline.pipeline.batch import run_batch

    # two workers as threads of this process: the model is loaded once, the test stays fast
    return run_batch([str(src)], opts, out, partition_size=2, workers=2, local_processes=False)


def test_batch_shards_resume_and_load_like_the_local_path(tmp_path):
    from storyline.pipeline.batch import load_shards, shard_paths

    src = _jsonl(tmp_path / "in.jsonl")
    opts = Options(db=str(tmp_path / "batch.db"), today="2026-01-06", progress=False)
    out = tmp_path / "shards"
    first = _batch(src, out, opts)
    assert first.partitions == 3  # 6 lines in ranges of 2: a single file spreads over tasks
    assert first.articles == 5 and first.skipped == 0
    assert len(first.errors) == 1 and f"{src}:4" in first.errors[0] and "invalid JSON" in first.errors[0]
    assert sum(first.tasks_per_worker.values()) == 3
    shards = shard_paths(out)
    assert len(shards) == 3 and not list(out.glob(".*.tmp"))

    # a crash lost one shard: the batch again redoes that one only
    lost = shards[1]
    before = {p.name: p.stat().st_mtime_ns for p in shards if p != lost}
    lost.unlink()
    again = _batch(src, out, opts)
    assert again.skipped == 2 and again.articles == 5 and len(again.errors) == 1
    assert {p.name: p.stat().st_mtime_ns for p in shard_paths(out) if p.name in before} == before
    assert [p.name for p in shard_paths(out)] == [p.name for p in shards]

    store = Store(opts.db)
    loaded = load_shards(out, store, opts)
    assert (loaded.shards, loaded.new, loaded.annotations, len(loaded.errors)) == (3, 5, 5, 1)
    assert store.unannotated(ANNOTATION_VERSION, opts.today) == []  # nothing left to annotate

    local = Store(str(tmp_path / "local.db"))
    ing = pipeline.ingest([str(src)], opts, local)
    assert len(ing.new) == 5 and len(ing.errors) == 1
    assert sorted(pipeline.annotate_store(local, opts)) == sorted(ing.new)
    for art_id in ing.new:
        assert store.get_annotation(art_id) == local.get_annotation(art_id)
        assert store.get_article(art_id).text == local.get_article(art_id).text

    # the store then goes on without annotating again; a second load changes nothing
    assert pipeline.annotate_store(store, opts) == []
    assert load_shards(out, store, opts).unchanged == 5


def test_stale_annotations_found_by_query(tmp_path):
    store = Store(str(tmp_path / "s.db"))
    opts = Options(db=store.path, progress=False)
    src = _jsonl(tmp_path / "in.jsonl")
    pipeline.ingest([str(src)], opts, store)
    assert len(store.unannotated(ANNOTATION_VERSION)) == 5
    pipeline.annotate_store(store, opts.with_(today="2026-01-06"))
    # same day: nothing; another day: only the undated articles; no --today: their fetch time
    assert store.unannotated(ANNOTATION_VERSION, "2026-01-06") == []
    assert sorted(store.unannotated(ANNOTATION_VERSION, "2026-02-01")) == ["lead0", "lead1"]
    assert sorted(store.unannotated(ANNOTATION_VERSION)) == ["lead0", "lead1"]
    assert sorted(pipeline.annotate_store(store, opts)) == ["lead0", "lead1"]
    assert store.get_annotation("lead0")["published_reference"] == {"date": "2026-01-05", "source": "fetch time"}
    assert store.unannotated(ANNOTATION_VERSION) == []
    assert store.unannotated("another-version", ids=["ex0", "nope"]) == ["ex0"]


def test_run_writes_only_the_changed_reports(tmp_path):
    opts = Options(db=str(tmp_path / "r.db"), progress=False, today="2026-01-06")
    out = tmp_path / "out"
    first = pipeline.run([str(p) for p in EXAMPLES], opts, out)
    assert first.reports and Path(first.index).exists()
    again = pipeline.run([str(p) for p in EXAMPLES], opts, out)
    assert again.reports == {}  # nothing changed: nothing rendered again
    sid = next(iter(first.reports))
    (out / f"story-{sid}.md").unlink()
    assert list(pipeline.run([], opts, out).reports) == [sid]  # a missing file is written again
    assert f"story-{sid}.html" in Path(again.index).read_text(encoding="utf-8")


def test_run_with_other_comparison_settings_compares_again(tmp_path):
    # reports made without --veto are not kept for a run with it (and back): the settings
    # a report was made under are part of what makes it current
    opts = Options(db=str(tmp_path / "r.db"), progress=False, today="2026-01-06", processes=1)
    out = tmp_path / "out"
    first = pipeline.run([str(p) for p in EXAMPLES], opts, out)
    sid = next(iter(first.reports))
    assert "veto" not in Store(opts.db).get_report(sid)["parameters"]
    vetoed = pipeline.run([], opts.with_(veto=True), out)
    assert list(vetoed.reports) == [sid]
    assert Store(opts.db).get_report(sid)["parameters"]["veto"]
    assert pipeline.run([], opts.with_(veto=True), out).reports == {}  # current: nothing compared again
    assert list(pipeline.run([], opts, out).reports) == [sid]
    assert "veto" not in Store(opts.db).get_report(sid)["parameters"]
    # the main-event check is on by default: --no-main-event compares again, and a store whose
    # reports carry no record of their settings (older code: no check) is compared again too
    assert Store(opts.db).get_report(sid)["parameters"]["main_event"]
    assert list(pipeline.run([], opts.with_(main_event=False), out).reports) == [sid]
    assert "main_event" not in Store(opts.db).get_report(sid)["parameters"]
    Store(opts.db).delete_state("report_settings")
    assert list(pipeline.run([], opts, out).reports) == [sid]
    assert Store(opts.db).get_report(sid)["parameters"]["main_event"]
    # the evidence check is on by default: --no-evidence compares again, and back
    assert Store(opts.db).get_report(sid)["parameters"]["evidence"]
    assert list(pipeline.run([], opts.with_(evidence=False), out).reports) == [sid]
    assert "evidence" not in Store(opts.db).get_report(sid)["parameters"]
    assert list(pipeline.run([], opts, out).reports) == [sid]
    assert Store(opts.db).get_report(sid)["parameters"]["evidence"]
    # the tied clause check is on by default: --no-clause-tied compares again, and back
    assert Store(opts.db).get_report(sid)["parameters"]["clause_tie"]
    assert list(pipeline.run([], opts.with_(clause_tied=False), out).reports) == [sid]
    assert "clause" not in Store(opts.db).get_report(sid)["parameters"]
    assert list(pipeline.run([], opts, out).reports) == [sid]
    assert Store(opts.db).get_report(sid)["parameters"]["clause_tie"]


def test_report_under_other_comparison_settings_is_compared_again(tmp_path):
    # `storyline --clause report S` showed the stored report made without the check, and a
    # report compared by `report` was stored under the settings the store recorded for others
    opts = Options(db=str(tmp_path / "r.db"), progress=False, today="2026-01-06", processes=1)
    out = tmp_path / "out"
    sid = next(iter(pipeline.run([str(p) for p in EXAMPLES], opts, out).reports))
    shown = json.loads(pipeline.report(Store(opts.db), sid, "json", opts.with_(holders=True)))
    assert shown["parameters"]["holders"]
    assert Store(opts.db).get_report(sid)["parameters"]["holders"]
    # the store now records the holder check: a run with the defaults compares the story again
    assert list(pipeline.run([], opts, out).reports) == [sid]
    assert "holders" not in json.loads(pipeline.report(Store(opts.db), sid, "json", opts))["parameters"]


def test_compare_stories_keeps_the_store_record_true(tmp_path):
    # the library call, not only `run`: stories compared under other settings are not stored
    # beside reports of the recorded ones (a later run would take those as current)
    opts = Options(db=str(tmp_path / "r.db"), progress=False, today="2026-01-06", processes=1)
    sid = next(iter(pipeline.run([str(p) for p in EXAMPLES], opts, tmp_path / "out").reports))
    store = Store(opts.db)
    assert pipeline.compare_stories(store, [sid], opts.with_(holders=True)) == [sid]
    assert store.get_report(sid)["parameters"]["holders"]
    assert store.get_state("report_settings") in (opts.with_(holders=True).compare.parameters(),
                                                  opts.with_(holders=True).compare.parameters().encode())
    assert list(pipeline.run([], opts, tmp_path / "out").reports) == [sid]  # back: compared again


def test_reports_of_another_compare_version_are_made_again(tmp_path):
    # a store upgraded in place: reports made by another version of the comparison's code
    # (or by code that recorded none) are compared again, not mixed with the new ones
    from storyline.compare import COMPARE_VERSION

    opts = Options(db=str(tmp_path / "r.db"), progress=False, today="2026-01-06", processes=1)
    out = tmp_path / "out"
    sid = next(iter(pipeline.run([str(p) for p in EXAMPLES], opts, out).reports))
    assert Store(opts.db).get_report(sid)["parameters"]["compare_version"] == COMPARE_VERSION
    assert pipeline.run([], opts, out).reports == {}  # same code, same settings: nothing to do
    Store(opts.db).put_state("report_code", "compare-0")
    assert list(pipeline.run([], opts, out).reports) == [sid]
    Store(opts.db).delete_state("report_code")
    assert list(pipeline.run([], opts, out).reports) == [sid]
    assert pipeline.run([], opts, out).reports == {}


def test_the_dask_task_compares_under_the_settings_it_is_sent(tmp_path):
    # a Dask worker has no Options: the one settings object sent with each task is all it reads
    opts = Options(db=str(tmp_path / "r.db"), progress=False, today="2026-01-06", processes=1)
    sid = next(iter(pipeline.run([str(p) for p in EXAMPLES], opts, tmp_path / "out").reports))
    store = Store(opts.db)
    story, articles, annotations, copies = pipeline._compare_inputs(store, store.story(sid))
    task = (story, [a.to_dict() for a in articles], annotations, copies)
    default = pipeline._compare_task(*task)["parameters"]
    assert default["clause_tie"] and "holders" not in default and default["evidence"]
    sent = pipeline._compare_task(*task, CompareSettings(clause=True, holders=True, evidence=False,
                                                         clause_tied=False))["parameters"]
    assert sent["clause"] and "clause_tie" not in sent and sent["holders"] and "evidence" not in sent


@pytest.mark.slow
def test_cli_batch_load_run(tmp_path):
    """The commands end to end, a LocalCluster of worker processes (slow: each loads spaCy)."""
    from click.testing import CliRunner

    from storyline.cli import main

    src = _jsonl(tmp_path / "in.jsonl")
    db, shards = str(tmp_path / "c.db"), str(tmp_path / "shards")
    runner = CliRunner()
    res = runner.invoke(main, ["-q", "--today", "2026-01-06", "batch", str(src), "-o", shards, "-p", "2",
                               "--partition-size", "2"])
    assert res.exit_code == 1 and "5 articles in 3 partitions" in res.output and "invalid JSON" in res.output
    res = runner.invoke(main, ["-q", "--today", "2026-01-06", "--db", db, "load", shards])
    assert res.exit_code == 0 and "5 new" in res.output and "5 annotations" in res.output
    res = runner.invoke(main, ["-q", "--today", "2026-01-06", "--db", db, "run", "-o", str(tmp_path / "out")])
    assert res.exit_code == 0 and "index:" in res.output
    assert Store(db).unannotated(ANNOTATION_VERSION, "2026-01-06") == []


def test_parallel_compare_gives_the_serial_reports(tmp_path):
    import shutil

    src = _jsonl(tmp_path / "in.jsonl")
    one = Options(db=str(tmp_path / "one.db"), progress=False, today="2026-01-06")
    store = Store(one.db)
    pipeline.ingest([str(src)], one, store)
    pipeline.annotate_store(store, one)
    changed = pipeline.update_stories(store, one)
    store.close()
    shutil.copyfile(one.db, tmp_path / "two.db")
    two = one.with_(db=str(tmp_path / "two.db"), processes=2)
    assert len(changed) >= 2
    reports = []
    for opts in (one, two):
        store = Store(opts.db)
        pipeline.compare_stories(store, changed, opts)
        reports.append({sid: store.get_report(sid) for sid in changed})
        store.close()
    assert reports[0] == reports[1] and all(reports[0].values())
