"""The whole pipeline's cost: `run` against `annotate` alone, store growth, and the Dask batch.

    # run vs annotate (same file, same -p), A/B alternated; articles/s
    PYTHONPATH=src .venv/bin/python benchmarks/bench_pipeline.py run-vs-annotate --n 970 --processes 2 --rounds 3
    # one run stage by stage: wall, CPU and articles per CPU second (docs/scaling.md)
    PYTHONPATH=src .venv/bin/python benchmarks/bench_pipeline.py stages --n 500 --processes 2
    # compare + render of every story of a 970-article run in one process, as a worker does
    # (--parts: then rendering's parts over all the reports)
    PYTHONPATH=src .venv/bin/python benchmarks/bench_pipeline.py compare --n 970 --rounds 3 [--parts]
    # where one `run`'s wall time goes: each stage's span, CPU and cores kept busy
    PYTHONPATH=src .venv/bin/python benchmarks/bench_pipeline.py timeline --n 970 --processes 2
    # 500 real-path articles (`pipeline.run`: ingest, annotate, cluster, compare, render) into
    # stores built by bench_scale.py (`build --sizes 10000,100000 --db /tmp/scale.db`), alternated
    PYTHONPATH=src .venv/bin/python benchmarks/bench_pipeline.py grow --stores /tmp/scale-10000.db,/tmp/scale.db
    # `storyline batch` on 1,000 articles in one JSONL, 2-worker LocalCluster: tasks per
    # worker, kill and restart, output against the local path, client memory
    PYTHONPATH=src .venv/bin/python benchmarks/bench_pipeline.py batch --n 1000

Inputs: ECB+ dev, GVC val and MEANTIME (970 real articles; with --n above that, the
articles repeat with new ids). Every timed command runs in its own process; --today pins
the reference day of undated articles so runs compare byte for byte.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared")) / "data"
FILES = ("ecbplus/dev.jsonl", "gvc/val.jsonl", "meantime/timex.jsonl")
TODAY = "2026-01-01"
KEEP = ("id", "text", "title", "url", "outlet", "published")


def corpus(n: int, path: Path) -> int:
    """Write ``n`` real articles as JSON Lines; returns the number of words."""
    rows = []
    for f in FILES:
        p = DATA / f
        if not p.exists():
            sys.exit(f"not measured: {p} missing (set STORYLINE_SHARED)")
        rows += [json.loads(line) for line in p.open(encoding="utf-8") if line.strip()]
    words = 0
    with path.open("w", encoding="utf-8") as fh:
        for k in range(n):
            r = {key: rows[k % len(rows)].get(key) for key in KEEP}
            if k >= len(rows):
                r["id"] = f"{r['id']}~{k // len(rows)}"
            words += len(r["text"].split())
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return words


def cli(*args: str, env=None) -> list[str]:
    return [str(Path(sys.executable).with_name("storyline")), "-q", "--today", TODAY, *args]


def env() -> dict:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + e.get("PYTHONPATH", "")
    return e


def timed(cmd: list[str], spent: dict | None = None) -> float:
    """Wall seconds of a command; its CPU seconds (with its pools' workers) go to ``spent["cpu"]``."""
    import resource

    def children() -> float:
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        return r.ru_utime + r.ru_stime

    t0, c0 = time.perf_counter(), children()
    done = subprocess.run(cmd, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"failed: {' '.join(cmd)}\n{done.stderr[-2000:]}")
    if spent is not None:
        spent["cpu"] = children() - c0
    return time.perf_counter() - t0


# -- run vs annotate -----------------------------------------------------------------------
def run_vs_annotate(args) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-pipeline-"))
    src = tmp / "in.jsonl"
    words = corpus(args.n, src)
    print(f"{args.n} articles, {words} words; -p {args.processes}; machine load {os.getloadavg()[0]:.1f}")
    rows = []
    for r in range(args.rounds):
        order = ("annotate", "run") if r % 2 == 0 else ("run", "annotate")  # alternate A/B
        t, c = {}, {}
        for what in order:
            spent: dict = {}
            if what == "annotate":
                t[what] = timed(cli("annotate", str(src), "-p", str(args.processes), "-o", str(tmp / "a.jsonl")), spent)
            else:
                db = tmp / f"run{r}.db"
                t[what] = timed(cli("--db", str(db), "run", str(src), "-p", str(args.processes),
                                    "-o", str(tmp / f"out{r}")), spent)
                stories = len(list((tmp / f"out{r}").glob("story-*.json")))
            c[what] = spent["cpu"]
        rows.append(t)
        # CPU seconds (the command and its workers) move less with the machine's load than wall time
        print(f"round {r + 1} ({order[0]} first): annotate {t['annotate']:.1f} s ({args.n / t['annotate']:.1f} art/s), "
              f"run {t['run']:.1f} s ({args.n / t['run']:.1f} art/s, {stories} stories), "
              f"run/annotate {t['run'] / t['annotate']:.2f}x; CPU annotate {c['annotate']:.1f} s, run {c['run']:.1f} s, "
              f"run/annotate {c['run'] / c['annotate']:.2f}x; load {os.getloadavg()[0]:.1f}", flush=True)
    ratios = [t["run"] / t["annotate"] for t in rows]
    print(f"median run/annotate {statistics.median(ratios):.2f}x (range {min(ratios):.2f}-{max(ratios):.2f}); "
          f"median run {args.n / statistics.median(t['run'] for t in rows):.1f} art/s end to end, "
          f"annotate {args.n / statistics.median(t['annotate'] for t in rows):.1f} art/s")
    if args.stages:
        stages(src, tmp, args.processes)
    shutil.rmtree(tmp, ignore_errors=True)


def cpu() -> float:
    """CPU seconds of this process and its finished children (the pools' workers)."""
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def own_cpu() -> float:
    """CPU seconds of this process alone (not its workers)."""
    import resource

    me = resource.getrusage(resource.RUSAGE_SELF)
    return me.ru_utime + me.ru_stime


def stages(src: Path, tmp: Path, processes: int, n: int | None = None) -> None:
    """One more run, stage by stage in this process (the same calls `pipeline.run` makes):
    wall and CPU seconds, and articles per CPU second (the rate of one core)."""
    from storyline import pipeline
    from storyline.nlp import load
    from storyline.options import Options
    from storyline.store import Store

    n = n or sum(1 for _ in src.open())
    load(())  # the model load is a fixed cost of a process, not a rate
    opts = Options(db=str(tmp / "stages.db"), today=TODAY, processes=processes, progress=False)
    store = Store(opts.db)
    t, c = [time.perf_counter()], [cpu()]

    def mark():
        t.append(time.perf_counter())
        c.append(cpu())

    pipeline.ingest([str(src)], opts, store)
    mark()
    pipeline.annotate_store(store, opts)
    mark()
    changed = pipeline.update_stories(store, opts)
    mark()
    # undated members dated again from their story (the first step of compare_stories,
    # timed apart: their stored time expressions resolved again, no parse)
    for sid in changed:
        pipeline.date_from_story(store, list(store.articles(store.story(sid)["articles"])), opts)
    mark()
    # each story's files written right after its comparison, by the same worker, as `run` does
    out = tmp / "stages-out"
    out.mkdir(exist_ok=True)
    pipeline.compare_stories(store, changed, opts, out_dir=out, rendered=set())
    mark()
    store.close()
    pipeline.run([], opts, out)  # what `run` does after: the index (every story's files are there)
    mark()
    names = ("ingest+clean", "annotate", "cluster", "dating", "compare+render", "index")
    total = t[-1] - t[0]
    con = __import__("sqlite3").connect(opts.db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tables = {name: con.execute("SELECT sum(pgsize) FROM dbstat WHERE name = ?", (name,)).fetchone()[0] or 0
              for name in ("articles", "annotations", "articles_fts_data", "reports")}
    con.close()
    size = os.path.getsize(opts.db)
    print(f"store: {size / n / 1024:.1f} KB an article ({size / 1e6:.1f} MB), of which "
          + ", ".join(f"{k} {v / n / 1024:.1f} KB" for k, v in tables.items()))
    print(f"stages ({n} articles, {len(changed)} stories, -p {processes}; load {os.getloadavg()[0]:.1f}):")
    for name, a, b, ca, cb in zip(names, t, t[1:], c, c[1:]):
        print(f"  {name:13} wall {b - a:6.1f} s ({100 * (b - a) / total:3.0f}%)  CPU {cb - ca:6.1f} s  "
              f"{n / max(cb - ca, 1e-9):7.1f} articles per CPU second")


def stages_only(args) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-stages-", dir=args.tmp))
    src = tmp / "in.jsonl"
    corpus(args.n, src)
    stages(src, tmp, args.processes, args.n)
    shutil.rmtree(tmp, ignore_errors=True)


# -- compare and render alone ----------------------------------------------------------------
def compare_only(args) -> None:
    """Compare and render every story of one `run`'s store in this process, as a compare
    worker does (``pipeline._compare_and_render``, one BLAS thread), ``--rounds`` times:
    CPU seconds per round and per story size (the store is made once, untimed). With
    ``--keep DIR`` the files and stored texts of the last round are left in DIR, to check
    two versions of the code byte for byte; ``--pool`` then runs them through compare
    pools of one and of ``-p`` workers (``pool_rounds``)."""
    from storyline import pipeline
    from storyline.nlp.speed.blas import one_thread
    from storyline.options import Options
    from storyline.report import load_templates
    from storyline.store import Store

    tmp = Path(tempfile.mkdtemp(prefix="bench-compare-", dir=args.tmp))
    src = tmp / "in.jsonl"
    corpus(args.n, src)
    opts = Options(db=str(tmp / "c.db"), today=TODAY, processes=args.processes, progress=False)
    store = Store(opts.db)
    pipeline.ingest([str(src)], opts, store)
    pipeline.annotate_store(store, opts)
    for sid in pipeline.update_stories(store, opts):
        pipeline.date_from_story(store, list(store.articles(store.story(sid)["articles"])), opts)
    load_templates()
    ids = sorted(store.story_ids())
    sizes = {sid: len(store.story(sid)["articles"]) for sid in ids}
    buckets = ((1, 1), (2, 7), (8, 15), (16, 10 ** 9))
    rounds = []
    for r in range(args.rounds):
        out = Path(args.keep) if args.keep and r == args.rounds - 1 else tmp / f"out{r}"
        out.mkdir(parents=True, exist_ok=True)
        spent = dict.fromkeys(buckets, 0.0)
        c0 = cpu()
        with one_thread():
            for sid in ids:
                c = cpu()
                (kind, text), _ = pipeline._compare_and_render(store, sid, opts.compare, out)
                spent[next(b for b in buckets if b[0] <= sizes[sid] <= b[1])] += cpu() - c
                (out / f"stored-{sid}.txt").write_text(text if kind == "report" else f"error: {text}", encoding="utf-8")
        rounds.append(cpu() - c0)
        print(f"round {r + 1}: {len(ids)} stories of {args.n} articles compared and rendered in one process: "
              f"{rounds[-1]:.2f} CPU s; by story size " + ", ".join(
                  f"{lo}-{hi if hi < 10 ** 9 else ''}: {sum(1 for s in ids if lo <= sizes[s] <= hi)} stories "
                  f"{spent[(lo, hi)]:.2f} s" for lo, hi in buckets) + f"; load {os.getloadavg()[0]:.1f}", flush=True)
    print(f"median {statistics.median(rounds):.2f} CPU s ({args.n / statistics.median(rounds):.1f} articles per CPU "
          f"second; the first round also pays first-call costs)")
    if args.parts:
        render_parts(store, ids, opts)
    if args.pool:
        pool_rounds(store, ids, sizes, opts, tmp, args.rounds)
    store.close()
    shutil.rmtree(tmp, ignore_errors=True)


def pool_rounds(store, ids: list[str], sizes: dict[str, int], opts, tmp: Path, rounds: int) -> None:
    """The same stories through a compare pool as `run` makes it (forked workers,
    ``pipeline._compare_worker_init``, biggest stories first) of one worker and of
    ``opts.processes``, alternated: CPU of this process and of the workers, and wall time.
    The workers are forked after this process's own rounds, so their caches are warm: one
    worker against those rounds is the pool's own cost (fork, IPC, the worker's store
    connection); several against one is what running side by side costs on this machine."""
    import multiprocessing as mp

    from storyline import pipeline

    order = sorted(ids, key=lambda sid: (-sizes[sid], sid))
    for r in range(rounds):
        for n in (1, opts.processes) if r % 2 == 0 else (opts.processes, 1):
            out = tmp / f"pool{r}-{n}"
            out.mkdir(parents=True, exist_ok=True)
            c0, k0, t0 = own_cpu(), cpu() - own_cpu(), time.perf_counter()
            pool = mp.get_context("fork").Pool(n, initializer=pipeline._compare_worker_init,
                                               initargs=(store.path, opts.compare, out))
            try:
                for _ in pool.imap(pipeline._compare_in_worker, order):
                    pass
            finally:
                pool.close()
                pool.join()  # the workers waited for: their CPU is in this process's children's
            own, kids, wall = own_cpu() - c0, cpu() - own_cpu() - k0, time.perf_counter() - t0
            print(f"pool round {r + 1}, {n} worker(s): this process {own:.2f} CPU s, workers {kids:.2f}, "
                  f"all {own + kids:.2f}; wall {wall:.2f} s; load {os.getloadavg()[0]:.1f}", flush=True)


def render_parts(store, ids: list[str], opts) -> None:
    """Rendering's parts on every story's report (compared once, untimed), each timed over
    all the reports in this process, best of 5, the collector paused as in a worker."""
    import gc

    from storyline import pipeline
    from storyline.report import indented_json, read
    from storyline.report.brief import build_brief
    from storyline.report.html import render_html
    from storyline.report.markdown import render_markdown
    from storyline.store import reports

    made = [pipeline._compare_outcome(store, sid, opts.compare, typed=True) for sid in ids]
    typed = [read(r[1][0]) for r in made if r[0] == "report"]
    dicts = [r[1][1] for r in made if r[0] == "report"]
    files = [indented_json(d) + "\n" for d in dicts]
    # the stored text as a rendering worker makes it: read off the JSON file's text where
    # the code has that (before, the report dict was serialised a second time)
    from_file = getattr(reports, "report_json_from_indented", None)
    parts = {
        "HTML": lambda: [render_html(r) for r in typed],
        "Markdown": lambda: [render_markdown(r) for r in typed],
        "indented JSON": lambda: [indented_json(d) for d in dicts],
        "stored text": (lambda: [from_file(f) for f in files]) if from_file else (lambda: [reports.report_json(d) for d in dicts]),
        "brief": lambda: [build_brief(d) for d in dicts],
    }
    spent = {}
    enabled = gc.isenabled()
    gc.disable()
    try:
        for name, fn in parts.items():
            fn()  # first-call costs apart
            best = float("inf")
            for _ in range(5):
                c = time.process_time()
                fn()
                best = min(best, time.process_time() - c)
            spent[name] = best
    finally:
        if enabled:
            gc.enable()
    print(f"rendering parts over the {len(typed)} reports (CPU s, best of 5): "
          + ", ".join(f"{k} {v:.3f}" for k, v in spent.items()) + f"; total {sum(spent.values()):.2f}"
          + f"; load {os.getloadavg()[0]:.1f}", flush=True)


# -- timeline of one run -----------------------------------------------------------------
def timeline_one(args) -> None:
    """One `pipeline.run` of a file in a fresh process, each stage's span on the wall clock
    and its CPU (this process and its finished pool workers), time spent in nested stages
    (dating inside compare, the model load inside annotate) counted in the inner one only;
    prints one JSON line."""
    t_start = time.perf_counter()
    import storyline.annotate.run
    import storyline.stories
    from storyline import pipeline
    from storyline.options import Options

    # name -> [first start, last end, wall, cpu, end of the longest call, its wall, this
    # process's own cpu] (exclusive of the stages inside)
    totals: dict[str, list[float]] = {}
    stack: list[list[float]] = []  # per open stage: [wall, cpu, own cpu] of the stages inside it

    def timed_stage(name, fn):
        def wrapper(*a, **kw):
            t0, c0, o0 = time.perf_counter(), cpu(), own_cpu()
            stack.append([0.0, 0.0, 0.0])
            try:
                return fn(*a, **kw)
            finally:
                inner = stack.pop()
                wall, c, o = time.perf_counter() - t0, cpu() - c0, own_cpu() - o0
                if stack:
                    stack[-1][0] += wall
                    stack[-1][1] += c
                    stack[-1][2] += o
                tot = totals.setdefault(name, [t0 - t_start, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0])
                tot[1] = time.perf_counter() - t_start
                tot[2] += wall - inner[0]
                tot[3] += c - inner[1]
                tot[6] += o - inner[2]
                if wall > tot[5]:  # the end of its longest call (annotation's pass, not dating's checks)
                    tot[4], tot[5] = tot[1], wall
        return wrapper

    loaded = []
    first_load = storyline.annotate.run.load

    def load(*a, **kw):  # the first call loads the model: timed apart from annotating
        if loaded:
            return first_load(*a, **kw)
        loaded.append(1)
        return timed_stage("model load", first_load)(*a, **kw)

    storyline.annotate.run.load = load
    pipeline.ingest = timed_stage("ingest+clean", pipeline.ingest)
    if hasattr(pipeline, "_ingest_beside_model"):  # ingest in a child process while this one loads the model
        pipeline._ingest_beside_model = timed_stage("ingest+model", pipeline._ingest_beside_model)
    pipeline.annotate_store = timed_stage("annotate", pipeline.annotate_store)
    storyline.stories.update = timed_stage("cluster", storyline.stories.update)
    # `run` streams chunks into their stories while its workers annotate (inside annotate)
    Stream = getattr(__import__("importlib").import_module("storyline.stories.cluster"), "Stream", None)
    if Stream is not None:
        Stream._chunk, Stream.finish = timed_stage("cluster", Stream._chunk), timed_stage("cluster", Stream.finish)
    pipeline.date_from_story = timed_stage("dating", pipeline.date_from_story)
    pipeline.compare_stories = timed_stage("compare", pipeline.compare_stories)
    pipeline.process_new = timed_stage("process_new", pipeline.process_new)
    opts = Options(db=args.stores, today=TODAY, processes=args.processes, progress=False)
    t_run, c_run, o_run = time.perf_counter() - t_start, cpu(), own_cpu()
    pipeline.run([args.src], opts, args.out)
    end, c_end, o_end = time.perf_counter() - t_start, cpu(), own_cpu()
    totals["imports"] = [0.0, t_run, t_run, c_run, t_run, t_run, o_run]
    pn = totals.pop("process_new")
    nested = sum(v[3] for k, v in totals.items() if k != "imports")
    nested_own = sum(v[6] for k, v in totals.items() if k != "imports")
    # what is left after process_new: rendering the reports and the index, in this process
    totals["render+index"] = [pn[1], end, end - pn[1], c_end - c_run - nested - pn[3], end, end - pn[1],
                              o_end - o_run - nested_own - pn[6]]
    print(json.dumps({"end": end, "cpu": c_end, "own": o_end, "stages": totals}))


def timeline(args) -> None:
    """Where `run`'s wall time goes: each stage's span, CPU and the cores it kept busy
    (a serial stage on two cores leaves one idle), against `annotate` alone."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-timeline-", dir=args.tmp))
    src = tmp / "in.jsonl"
    corpus(args.n, src)
    for r in range(args.rounds):
        t_ann = timed(cli("annotate", str(src), "-p", str(args.processes), "-o", str(tmp / "a.jsonl")))
        db = tmp / f"t{r}.db"
        cmd = [sys.executable, __file__, "timeline-one", "--stores", str(db), "--out", str(tmp / f"out{r}"),
               "--src", str(src), "-p", str(args.processes)]
        t0 = time.perf_counter()
        done = subprocess.run(cmd, env=env(), capture_output=True, text=True)
        t_run = time.perf_counter() - t0
        if done.returncode != 0:
            sys.exit(f"failed: {' '.join(cmd)}\n{done.stderr[-3000:]}")
        m = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"round {r + 1}: {args.n} articles, -p {args.processes}; `annotate` alone {t_ann:.1f} s, `run` {t_run:.1f} s "
              f"(in-process {m['end']:.1f} s, CPU {m['cpu']:.1f} s): run/annotate {t_run / t_ann:.2f}x; "
              f"load {os.getloadavg()[0]:.1f}")
        print(f"  {'stage':13} {'from':>6} {'wall':>6} {'share':>5} {'CPU':>6} {'cores busy':>10} {'idle core-s':>11} "
              f"{'this process':>12}")
        order = ("imports", "ingest+clean", "ingest+model", "model load", "annotate", "cluster", "dating", "compare",
                 "render+index")
        for name in order:
            if name not in m["stages"]:
                continue
            row = m["stages"][name]
            a, _, wall, c = row[:4]
            # this process's own CPU (the rest of the stage's: its workers and the ingest child)
            mine = f"{row[6]:12.1f}" if len(row) > 6 else f"{'-':>12}"
            print(f"  {name:13} {a:6.1f} {wall:6.1f} {100 * wall / m['end']:4.0f}% {c:6.1f} "
                  f"{c / max(wall, 1e-9):10.2f} {args.processes * wall - c:11.1f} {mine}")
        beyond = m["end"] - m["stages"]["annotate"][2] - m["stages"].get("model load", [0, 0, 0])[2]
        print(f"  beyond annotation (and its model load): {beyond:.1f} s wall, {100 * beyond / m['end']:.0f}% of run", flush=True)
        # from the end of the annotation pass (the clustering it overlaps inside it) to the end of `run`
        ann_end = m["stages"]["annotate"][4]
        print(f"  after the annotation pass: {m['end'] - ann_end:.1f} s wall of {m['end']:.1f}", flush=True)
        if "own" in m:  # where the CPU went: this process against its children (the pools, the ingest child)
            idle = args.processes * m["end"] - m["cpu"]
            print(f"  CPU: this process {m['own']:.1f} s, its workers and ingest child {m['cpu'] - m['own']:.1f} s; "
                  f"{idle:.1f} core-s idle of {args.processes * m['end']:.1f} ({100 * idle / (args.processes * m['end']):.0f}%)",
                  flush=True)
    shutil.rmtree(tmp, ignore_errors=True)


# -- store growth ------------------------------------------------------------------------
def prepare_store(snapshot: str, work: Path) -> tuple[str, Path]:
    """A copy of a bench_scale.py store in steady state: annotations of this version, every
    story reported and its report files written (as a previous `run` leaves them)."""
    from storyline.annotate import ANNOTATION_VERSION
    from storyline.store import Store

    db = str(work / Path(snapshot).name)
    shutil.copyfile(snapshot, db)
    store = Store(db)  # migrates
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    empty = json.dumps([])
    with store.transaction() as con:
        # the synthetic annotations carry entities only: the other lists empty, so a grown
        # story's old members are compared as articles without claims
        con.execute(
            "UPDATE annotations SET version = ?, reference = NULL, data = json_set(data, '$.id', article_id, "
            + ", ".join(f"'$.{k}', json(?)" for k in ("sentences", "quotes", "quantities", "timexes",
                                                       "attributions", "hedges", "claims", "damage"))
            + ")", (ANNOTATION_VERSION, *[empty] * 8))
        con.execute("INSERT OR REPLACE INTO reports (story_id, data, created_at) "
                    "SELECT id, '{\"bench\": \"placeholder\"}', 0 FROM stories")
    out = work / (Path(snapshot).stem + "-out")
    out.mkdir()
    for sid in store.story_ids():
        for ext in ("html", "md", "json"):
            (out / f"story-{sid}.{ext}").write_text("placeholder")
    store.close()
    return db, out


def grow_one(args) -> None:
    """One measurement (a fresh process): `pipeline.run` of the next ``--new`` stream articles
    into a prepared copy of one store, wall and CPU per stage; prints one JSON line."""
    import storyline.stories
    from storyline import pipeline
    from storyline.nlp import load
    from storyline.options import Options

    db, out, src = args.stores, Path(args.out), Path(args.src)
    load(())  # a fixed cost of any process, as in bench_annotate.py
    spent: dict[str, list[float]] = {}
    stack: list[list[float]] = []  # per open stage: [wall, cpu] of the stages inside it (counted there)

    def timed_stage(name, fn):
        def wrapper(*a, **kw):
            t0, c0 = time.perf_counter(), cpu()
            stack.append([0.0, 0.0])
            try:
                return fn(*a, **kw)
            finally:
                inner = stack.pop()
                c = (time.perf_counter() - t0, cpu() - c0)
                if stack:
                    stack[-1][0] += c[0]
                    stack[-1][1] += c[1]
                w = spent.setdefault(name, [0.0, 0.0])
                w[0] += c[0] - inner[0]
                w[1] += c[1] - inner[1]
        return wrapper

    pipeline.ingest = timed_stage("ingest", pipeline.ingest)
    pipeline.annotate_store = timed_stage("annotate", pipeline.annotate_store)
    storyline.stories.update = timed_stage("cluster", storyline.stories.update)
    # `run` streams chunks into their stories while its workers annotate (inside annotate)
    Stream = getattr(__import__("importlib").import_module("storyline.stories.cluster"), "Stream", None)
    if Stream is not None:
        Stream._chunk, Stream.finish = timed_stage("cluster", Stream._chunk), timed_stage("cluster", Stream.finish)
    pipeline.compare_stories = timed_stage("compare", pipeline.compare_stories)
    opts = Options(db=db, today=TODAY, processes=args.processes, progress=False)
    t0, c0 = time.perf_counter(), cpu()
    n = __import__("storyline.store", fromlist=["Store"]).Store(db).count()
    result = pipeline.run([str(src)], opts, out)
    total = [time.perf_counter() - t0, cpu() - c0]
    spent["render+rest"] = [total[0] - sum(v[0] for v in spent.values()), total[1] - sum(v[1] for v in spent.values())]
    st = __import__("storyline.store", fromlist=["Store"]).Store(db)
    sizes = sorted((len(st.story(sid)["articles"]) for sid in result.reports), reverse=True)
    print(json.dumps({"size": n, "total": total, "stages": spent, "reports": len(result.reports),
                      "members": sum(sizes), "biggest": sizes[:3]}))


def grow(args) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from scale_stream import load_bases, stream

    from storyline.store import Store

    work = Path(tempfile.mkdtemp(prefix="bench-grow-", dir=args.tmp))
    base = load_bases()
    news = {}
    for snap in args.stores.split(","):  # the next stream articles of each store
        con = Store(snap)
        n = con.count()
        con.close()
        news[snap] = work / f"new-{n}.jsonl"
        with news[snap].open("w", encoding="utf-8") as fh:
            for k, (art, _, _) in enumerate(stream(base, skip=n)):
                if k >= args.new:
                    break
                fh.write(json.dumps({"id": art.id, "text": art.text, "title": art.title,
                                     "published": art.published, "outlet": art.outlet}) + "\n")
    results: dict[int, list[dict]] = {}
    for r in range(args.rounds):
        for snap in args.stores.split(","):  # sizes alternated
            db, out = prepare_store(snap, work)
            cmd = [sys.executable, __file__, "grow-one", "--stores", db, "--out", str(out), "--src", str(news[snap]),
                   "-p", str(args.processes)]
            done = subprocess.run(cmd, env=env(), capture_output=True, text=True)
            if done.returncode != 0:
                sys.exit(f"failed: {' '.join(cmd)}\n{done.stderr[-3000:]}")
            m = json.loads(done.stdout.strip().splitlines()[-1])
            results.setdefault(m["size"], []).append(m)
            print(f"round {r + 1}: {args.new} articles into a {m['size']}-article store: run wall {m['total'][0]:.1f} s, "
                  f"CPU {m['total'][1]:.1f} s ({m['reports']} reports written, their stories "
                  f"{m.get('members', '?')} articles, biggest {m.get('biggest', '?')}); "
                  + ", ".join(f"{k} {v[0]:.1f}/{v[1]:.1f}" for k, v in m["stages"].items())
                  + f" (wall/CPU s); load {os.getloadavg()[0]:.1f}", flush=True)
            for p in work.glob(Path(db).name + "*"):
                p.unlink()
            shutil.rmtree(out)
    sizes = sorted(results)
    med = {s: (statistics.median(m["total"][0] for m in v), statistics.median(m["total"][1] for m in v))
           for s, v in results.items()}
    nonann = {s: statistics.median(m["total"][1] - m["stages"]["annotate"][1] for m in v) for s, v in results.items()}
    lo, hi = sizes[0], sizes[-1]
    print("median run: " + "; ".join(f"{s}: wall {med[s][0]:.1f} s, CPU {med[s][1]:.1f} s" for s in sizes)
          + f". ratio {hi}/{lo}: wall {med[hi][0] / med[lo][0]:.2f}x, CPU {med[hi][1] / med[lo][1]:.2f}x, "
          f"CPU without annotation {nonann[hi] / nonann[lo]:.2f}x")
    shutil.rmtree(work, ignore_errors=True)


# -- batch -------------------------------------------------------------------------------
CLIENT = """
import json, resource, sys
from storyline.pipeline.batch import run_batch
from storyline.options import Options
r = run_batch([sys.argv[1]], Options(today=sys.argv[3], processes=2), sys.argv[2])
print(json.dumps({"articles": r.articles, "partitions": r.partitions, "skipped": r.skipped,
                  "errors": len(r.errors), "tasks_per_worker": r.tasks_per_worker,
                  "client_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def client_batch(src: Path, out: Path) -> tuple[dict, float]:
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CLIENT, str(src), str(out), TODAY], env=env(),
                          capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"batch failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1]), time.perf_counter() - t0


def batch(args) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-batch-", dir=args.tmp))
    src = tmp / "in.jsonl"
    corpus(args.n, src)
    small = tmp / "small.jsonl"
    corpus(args.n // 4, small)
    print(f"{args.n} articles in one JSON Lines file; LocalCluster of 2 single-thread workers; "
          f"machine load {os.getloadavg()[0]:.1f}")

    # client memory: a quarter of the input, then all of it
    r_small, s_small = client_batch(small, tmp / "shards-small")
    print(f"{args.n // 4} articles: {s_small:.0f} s, client peak RSS {r_small['client_peak_rss_mb']:.0f} MB, "
          f"tasks per worker {r_small['tasks_per_worker']}")

    # kill the batch once a third of the shards are written, then start it again
    shards = tmp / "shards"
    proc = subprocess.Popen([sys.executable, "-c", CLIENT, str(src), str(shards), TODAY], env=env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    parts = -(-args.n // 50)
    while proc.poll() is None and len(list(shards.glob("*.jsonl"))) < parts // 3:
        time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGKILL)  # the client and its LocalCluster, as a crash would
    proc.wait()
    time.sleep(1)
    killed_with = len(list(shards.glob("*.jsonl")))
    print(f"killed the batch with {killed_with} of {parts} shards written "
          f"({len(list(shards.glob('.*.tmp')))} partial temp files left, never loaded)")
    r, secs = client_batch(src, shards)
    print(f"restarted: {r['articles']} articles in {r['partitions']} partitions, {r['skipped']} shards reused "
          f"(not redone), {secs:.0f} s; tasks per worker {r['tasks_per_worker']}; "
          f"client peak RSS {r['client_peak_rss_mb']:.0f} MB (vs {r_small['client_peak_rss_mb']:.0f} MB at a quarter)")
    if args.uninterrupted:
        full, full_s = client_batch(src, tmp / "shards-full")
        print(f"uninterrupted: {full_s:.0f} s ({args.n / full_s:.1f} art/s), tasks per worker {full['tasks_per_worker']}, "
              f"client peak RSS {full['client_peak_rss_mb']:.0f} MB")

    # output: load + run (compare on the cluster) against the local path
    from dask.distributed import LocalCluster

    db_b, db_l = tmp / "batch.db", tmp / "local.db"
    t0 = time.perf_counter()
    subprocess.run(cli("--db", str(db_b), "load", str(shards)), env=env(), check=True)
    t_load = time.perf_counter() - t0
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        t_run = timed(cli("--db", str(db_b), "run", "-o", str(tmp / "out-b"), "--scheduler", cluster.scheduler_address))
    t_local = timed(cli("--db", str(db_l), "run", str(src), "-p", "2", "-o", str(tmp / "out-l")))
    print(f"load {t_load:.1f} s; run after load (no annotating, compare on the cluster) {t_run:.1f} s; "
          f"local `run` from the file {t_local:.1f} s")
    compare_outputs(db_b, db_l, tmp / "out-b", tmp / "out-l")
    shutil.rmtree(tmp, ignore_errors=True)


def compare_outputs(db_b: Path, db_l: Path, out_b: Path, out_l: Path) -> None:
    from storyline.store import Store

    b, loc = Store(str(db_b)), Store(str(db_l))
    ids = loc.article_ids()
    same_ann = sum(b.get_annotation(i) == loc.get_annotation(i) for i in ids)
    same_text = sum(b.get_article(i).text == loc.get_article(i).text for i in ids)
    sb, sl = b.story_ids(), loc.story_ids()
    same_story = sum(b.story(s)["articles"] == loc.story(s)["articles"] for s in sl if s in set(sb))
    same_report = sum(b.get_report(s) == loc.get_report(s) for s in sl if s in set(sb))
    files_b = {p.name: p.read_bytes() for p in out_b.glob("story-*")}
    files_l = {p.name: p.read_bytes() for p in out_l.glob("story-*")}
    same_files = sum(files_b.get(k) == v for k, v in files_l.items())
    print(f"batch+load vs local: {len(b.article_ids())}/{len(ids)} articles, annotations equal {same_ann}/{len(ids)}, "
          f"clean texts equal {same_text}/{len(ids)}; stories {len(sb)}/{len(sl)}, members equal {same_story}/{len(sl)}, "
          f"reports equal {same_report}/{len(sl)}; report files byte-identical {same_files}/{len(files_l)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("run-vs-annotate", "stages", "compare", "timeline", "timeline-one", "grow", "grow-one",
                                     "batch"))
    ap.add_argument("--n", type=int, default=970)
    ap.add_argument("--processes", "-p", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--stages", action="store_true", help="run-vs-annotate: also one run timed stage by stage")
    ap.add_argument("--stores", default="/tmp/scale-10000.db,/tmp/scale.db", help="grow: bench_scale.py stores")
    ap.add_argument("--new", type=int, default=500, help="grow: articles added")
    ap.add_argument("--out", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--src", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--uninterrupted", action="store_true", help="batch: also time one run from scratch")
    ap.add_argument("--tmp", default=None, help="folder for the copies (default: the system's temp)")
    ap.add_argument("--keep", default=None, help="compare: leave the last round's files in this folder")
    ap.add_argument("--parts", action="store_true", help="compare: also time rendering's parts (HTML, Markdown, ...)")
    ap.add_argument("--pool", action="store_true",
                    help="compare: also through a compare pool of one worker and of -p workers, alternated")
    args = ap.parse_args()
    print(f"command: PYTHONPATH=src {Path(sys.executable).name} benchmarks/bench_pipeline.py {' '.join(sys.argv[1:])}",
          flush=True)
    {"run-vs-annotate": run_vs_annotate, "stages": stages_only, "compare": compare_only, "timeline": timeline, "timeline-one": timeline_one,
     "grow": grow, "grow-one": grow_one, "batch": batch}[args.mode](args)


if __name__ == "__main__":
    main()
