"""Cost of adding articles to a large store: articles/s and peak memory at 10k, 100k, 1M.

    # build stores (bulk loader), a copy kept at each size, then measure each copy
    .venv/bin/python benchmarks/bench_scale.py build --sizes 10000,100000,1000000 --db /tmp/scale.db
    .venv/bin/python benchmarks/bench_scale.py measure --db /tmp/scale-100000.db
    # both in one go (default sizes 10k,100k); --build real grows through the real path
    .venv/bin/python benchmarks/bench_scale.py run --sizes 10000,100000 --db /tmp/scale.db

The store is filled from a synthetic stream of events re-enacting the ECB+/GVC gold
stories (``scale_stream.py``), by the bulk loader (``scale_bulk.py``: the rows the real
path writes, the generator's events as stories) or, with ``--build real``, through
``store.add_article`` + ``cluster`` in batches (hours at 1M). ``measure`` sends the
next MEASURE articles of the stream through the real path — ``store.add_article`` +
``store.put_annotation`` + ``stories.update`` (the incremental step of ``stories.cluster``)
on a fresh process and connection — timed (wall and CPU), keeps them in the store, then
times what ``cluster`` adds: reading every story back.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import sys
import time
from pathlib import Path

from scale_stream import article, event_plan, load_bases, schedule, stream

from storyline.options import Options
from storyline.records import Article
from storyline.stories import cluster, update
from storyline.store import Store
from storyline.stories.features import features_for

MEASURE = 500
ANN_VERSION = "bench-synthetic"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def disk_gb(db: str) -> float:
    return sum(os.path.getsize(p) for p in (db, db + "-wal") if os.path.exists(p)) / 1e9


def finished(items: list, left: dict[int, int], base) -> set[int]:
    """Events whose last article is in ``items`` (``left`` counts what each open event still gets)."""
    done = set()
    for _, _, e in items:
        left[e] = left.get(e, len(event_plan(e, base)[1])) - 1
        if left[e] == 0:
            done.add(e)
            del left[e]
    return done


def snapshot(db: str, size: int) -> str:
    """A copy of the store as it is (WAL checkpointed first)."""
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    out = db.replace(".db", "") + f"-{size}.db"
    shutil.copyfile(db, out)
    return out


_BASE = None  # the base corpora, inherited by forked build workers


def _prepare(chunk: list[tuple[int, float, int, int]]) -> list[tuple]:
    """Build worker: generate stream articles ``chunk`` and their rows (``scale_bulk.prepare``)."""
    from scale_bulk import prepare

    items = [(*article(i, when, e, j, _BASE), e) for i, when, e, j in chunk]
    return prepare(items, ANN_VERSION)


def _blocks(base, sizes: list[int], block: int, piece: int):
    """Stream schedule entries in blocks that end on every size, each cut into worker pieces."""
    src = ((i, when, e, j) for i, (when, e, j) in enumerate(schedule(base)))
    n = 0
    for size in sizes:
        while n < size:
            m = min(block, size - n)
            entries = [next(src) for _ in range(m)]
            n += m
            yield [entries[k:k + piece] for k in range(0, m, piece)], n


def build(args, base) -> list[str]:
    """Grow the store to each size; return the snapshot paths."""
    global _BASE
    for p in (args.db, args.db + "-wal", args.db + "-shm"):
        Path(p).unlink(missing_ok=True)
    from scale_bulk import BulkBuilder  # here: measuring needs only the stream

    store = Store(args.db)
    opts = Options(db=args.db, progress=False)
    builder, left, t0, snaps = BulkBuilder(store), {}, time.perf_counter(), []
    sizes = sorted(int(x) for x in args.sizes.split(","))
    if args.build == "bulk":
        store.db.execute("PRAGMA cache_size = -1000000")  # the loader's own connection: 1 GB of pages
        import multiprocessing

        _BASE = base
        # workers generate and prepare the next block while this process writes the current one
        pool = multiprocessing.get_context("fork").Pool(args.jobs)
        blocks = _blocks(base, sizes, args.chunk, 500)
        pending = None
        for pieces, n in blocks:
            job = pool.map_async(_prepare, pieces)
            if pending is not None:
                write(builder, left, base, store, args, sizes, snaps, t0, *pending)
            pending = (job, n)
        write(builder, left, base, store, args, sizes, snaps, t0, *pending)
        pool.close()
    else:
        src, n = stream(base), 0
        for size in sizes:
            while n < size:
                items = [next(src) for _ in range(min(args.chunk, size - n))]
                for art, ann, _ in items:
                    store.add_article(art)
                    store.put_annotation(art.id, art.content_hash, ANN_VERSION, ann)
                cluster(store, opts)
                n += len(items)
            report(store, args, size, sizes, snaps, t0)
    store.close()
    return snaps


def write(builder, left, base, store, args, sizes, snaps, t0, job, n) -> None:
    """Write one prepared block; report and snapshot when it ends on a size."""
    rows = [r for piece in job.get() for r in piece]
    builder.write(rows)
    builder.close_events(finished([(None, None, r[1]) for r in rows], left, base))
    if n in sizes:
        report(store, args, n, sizes, snaps, t0)


def report(store, args, size, sizes, snaps, t0) -> None:
    secs = time.perf_counter() - t0
    snaps.append(snapshot(args.db, size) if size != sizes[-1] else args.db)  # the largest: no copy
    print(f"built {size} articles ({args.build}) in {secs:.0f} s; {disk_gb(args.db):.2f} GB on disk; "
          f"{store.count('stories')} stories; builder peak RSS {rss_mb():.0f} MB -> {snaps[-1]}", flush=True)


def measure(db: str, base, profile: bool = False) -> dict:
    """Real path on the next MEASURE stream articles: wall and CPU time, peak RSS."""
    store = Store(db)
    n = store.count()
    src = stream(base, skip=n)
    items = [next(src) for _ in range(MEASURE)]
    opts = Options(db=db, progress=False)
    # warm the background-IDF cache on the base texts, as in a long-running process
    # (a cold cache costs the same at every size and would flatter the ratio)
    warm = [Article(id=str(k), raw_text=t, text=t) for k, (t, _) in enumerate(base.texts)]
    features_for(warm, {str(k): {"entities": [{"text": t[s:e], "label": lab} for s, e, lab in ents]}
                        for k, (t, ents) in enumerate(base.texts)})
    rss0 = rss_mb()
    t0 = time.perf_counter()
    for art, ann, _ in items:
        store.add_article(art)
        store.put_annotation(art.id, art.content_hash, ANN_VERSION, ann)
    t1, c1 = time.perf_counter(), time.process_time()
    if profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.runcall(update, store, opts)
    else:
        update(store, opts)
    t2, c2 = time.perf_counter(), time.process_time()
    # what stories.cluster() adds on top of update(): reading every story back
    listed = len(store.stories())
    t3 = time.perf_counter()
    store.close()
    if profile:
        pstats.Stats(prof, stream=sys.stdout).sort_stats("cumulative").print_stats("storyline", 40)
    return {"size": n, "add_cluster_per_s": MEASURE / (t2 - t0), "cluster_per_s": MEASURE / (t2 - t1),
            "cpu_ms": 1000 * (c2 - c1) / MEASURE, "list_s": t3 - t2, "stories": listed,
            "rss_mb": rss_mb(), "rss_before_mb": rss0, "disk_gb": disk_gb(db)}


HEADER = (f"{'store size':>10} {'add+update art/s':>16} {'update art/s':>12} {'update CPU ms/art':>17} "
          f"{'list stories s':>14} {'stories':>8} {'peak RSS MB':>11} {'disk GB':>7}")


def row(m: dict) -> str:
    return (f"{m['size']:>10} {m['add_cluster_per_s']:>16.1f} {m['cluster_per_s']:>12.1f} {m['cpu_ms']:>17.2f} "
            f"{m['list_s']:>14.2f} {m['stories']:>8} {m['rss_mb']:>11.0f} {m['disk_gb']:>7.2f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("build", "measure", "run"), nargs="?", default="run")
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--db", default="/tmp/storyline-scale.db")
    ap.add_argument("--build", choices=("bulk", "real"), default="bulk")
    ap.add_argument("--chunk", type=int, default=20000, help="articles per build transaction / cluster batch")
    ap.add_argument("--jobs", type=int, default=2, help="bulk build: worker processes preparing rows")
    ap.add_argument("--profile", action="store_true", help="cProfile the measured cluster step")
    args = ap.parse_args()
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}", flush=True)
    base = load_bases()
    if args.mode == "measure":
        print(HEADER + "\n" + row(measure(args.db, base, args.profile)), flush=True)
        return
    snaps = build(args, base)
    if args.mode == "run":
        # spaCy and the base texts are loaded in this process: RSS is an upper bound
        print(HEADER, flush=True)
        for s in snaps:
            print(row(measure(s, base, args.profile)), flush=True)


if __name__ == "__main__":
    main()
