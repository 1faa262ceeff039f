"""Concurrent use of one store: counts of errors and of articles stored twice or lost.

1. two `storyline ingest` of the same file into a new store at once;
2. `storyline ingest` while `storyline cluster` runs on the same store;
3. `storyline ingest` while `storyline serve` answers 20 concurrent readers;
and the web load figure: requests/s and p99 latency of 20 concurrent readers (story list,
search, story and article pages) on a store of the ECB+ dev articles, while an ingest runs.

Each trial runs the real CLI in separate processes. Articles come from the shared ECB+
dev split (``$STORYLINE_SHARED`` or ``<repo>/../shared``).

Reproduce:  python benchmarks/bench_concurrency.py [--trials 20] [--articles 40] [--load-seconds 20]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLINE_SHARED") or ROOT.parent / "shared")
DEV = SHARED / "data" / "ecbplus" / "dev.jsonl"
CLI = [sys.executable, "-m", "storyline.cli", "-q"]


def cli(*args, **kw) -> subprocess.Popen:
    return subprocess.Popen([*CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def finish(p: subprocess.Popen) -> tuple[int, str]:
    out, err = p.communicate(timeout=900)
    return p.returncode, err


def stored_once(db: Path, ids: list[str]) -> bool:
    import sqlite3

    con = sqlite3.connect(db)
    rows = dict(con.execute("SELECT id, count(*) FROM articles GROUP BY id").fetchall())
    con.close()
    return all(rows.get(i) == 1 for i in ids)


def write(path: Path, rows: list[dict]) -> list[str]:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return [r["id"] for r in rows]


def trial_two_ingests(tmp: Path, rows: list[dict]) -> tuple[int, bool]:
    src = tmp / "a.jsonl"
    ids = write(src, rows)
    db = tmp / "two.db"
    ps = [cli("--db", str(db), "ingest", str(src)) for _ in range(2)]
    res = [finish(p) for p in ps]
    errors = sum(1 for rc, _ in res if rc != 0)
    for rc, err in res:
        if rc:
            print("   ", err.strip().splitlines()[-1:], file=sys.stderr)
    return errors, stored_once(db, ids)


def trial_ingest_during_cluster(tmp: Path, rows: list[dict]) -> tuple[int, bool]:
    half = len(rows) // 2
    first, second = tmp / "c1.jsonl", tmp / "c2.jsonl"
    ids = write(first, rows[:half]) + write(second, rows[half:])
    db = tmp / "cl.db"
    finish(cli("--db", str(db), "ingest", str(first)))
    c = cli("--db", str(db), "cluster")
    time.sleep(1.0)  # cluster is loading the model and annotating
    i = cli("--db", str(db), "ingest", str(second))
    res = [finish(c), finish(i)]
    for rc, err in res:
        if rc:
            print("   ", err.strip().splitlines()[-1:], file=sys.stderr)
    return sum(1 for rc, _ in res if rc != 0), stored_once(db, ids)


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def load(base: str, paths: list[str], seconds: float, clients: int) -> tuple[int, int, list[float]]:
    lat: list[float] = []
    errors = [0]
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def worker(k: int):
        rng = random.Random(k)
        while time.monotonic() < stop:
            url = base + rng.choice(paths)
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=30) as r:
                    r.read()
                    ok = r.status == 200
            except Exception:  # noqa: BLE001 - counted
                ok = False
            with lock:
                lat.append(time.perf_counter() - t0)
                if not ok:
                    errors[0] += 1

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(lat), errors[0], lat


def serve(db: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    p = subprocess.Popen([*CLI, "--db", str(db), "serve", "--port", str(port)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/stories.json", timeout=2).read()
            return p, base
        except OSError:
            time.sleep(0.1)
    raise SystemExit("server did not start")


def pages(base: str) -> list[str]:
    stories = json.loads(urllib.request.urlopen(base + "/stories.json?limit=50").read())["stories"]
    arts = json.loads(urllib.request.urlopen(base + "/articles.json").read())["articles"]
    from urllib.parse import quote

    return (["/stories", "/stories.json", "/stories.json?q=police", "/stories?q=earthquake"]
            + [f"/stories/{s['id']}" for s in stories[:20]]
            + [f"/articles/{quote(a['id'], safe='')}" for a in arts[:20]])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--articles", type=int, default=40, help="articles per ingest trial")
    ap.add_argument("--load-seconds", type=float, default=20.0)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--web-only", action="store_true", help="only the web figures (no ingest/cluster trials)")
    ap.add_argument("--no-web", action="store_true", help="only the ingest/cluster trials")
    ap.add_argument("--store", default=None, help="a store of the ECB+ dev articles, ingested and clustered "
                                                    "(built, which annotates all 772, when not given)")
    args = ap.parse_args()
    if not DEV.exists():
        raise SystemExit(f"not measured: {DEV} missing (set STORYLINE_SHARED)")
    rows = [json.loads(line) for line in DEV.open(encoding="utf-8")]
    print(f"python {' '.join(sys.argv)}")
    with tempfile.TemporaryDirectory() as td:
        tmp = Path(td)
        for name, fn in () if args.web_only else (("two concurrent ingests", trial_two_ingests),
                                                   ("ingest during cluster", trial_ingest_during_cluster)):
            errs = twice = 0
            for t in range(args.trials):
                d = tmp / f"{fn.__name__}{t}"
                d.mkdir()
                rng = random.Random(t)
                e, once = fn(d, rng.sample(rows, args.articles))
                errs += e
                twice += 0 if once else 1
            print(f"{name}: {args.trials} trials, {errs} commands failed, {twice} trials with an article "
                  f"missing or stored twice")
        if args.no_web:
            return
        # ingest during serve, and the web load figure
        store = Path(args.store) if args.store else tmp / "ecb.db"
        if not args.store:
            src = tmp / "dev.jsonl"
            write(src, rows)
            finish(cli("--db", str(store), "ingest", str(src)))
            finish(cli("--db", str(store), "cluster"))
        server, base = serve(store)
        try:
            paths = pages(base)
            for p in paths:  # one visit each first: the figures are of a server in use, not of a cold start
                urllib.request.urlopen(base + p, timeout=60).read()
            n, e, lat = load(base, paths, args.load_seconds / 2, args.clients)
            lat.sort()
            print(f"web, {args.clients} readers, idle: {n / (args.load_seconds / 2):.0f} req/s, "
                  f"p50 {lat[len(lat) // 2] * 1000:.0f} ms, p99 {lat[int(len(lat) * 0.99)] * 1000:.0f} ms, {e} errors")
            errs = twice = 0
            t_end = time.monotonic() + args.load_seconds / 2
            total, total_e, all_lat, trials = 0, 0, [], 0
            t_start = time.monotonic()
            while trials < args.trials:
                d = tmp / f"serve{trials}"
                d.mkdir()
                src = d / "new.jsonl"
                extra = [{**r, "id": f"{r['id']}-t{trials}"} for r in random.Random(trials).sample(rows, 5)]
                ids = write(src, extra)
                p = cli("--db", str(store), "ingest", str(src))
                n, e, lat = load(base, paths, max(0.5, (t_end - time.monotonic()) / max(1, args.trials - trials)),
                                 args.clients)
                rc, err = finish(p)
                errs += rc != 0
                twice += 0 if stored_once(store, ids) else 1
                total, total_e, all_lat, trials = total + n, total_e + e, all_lat + lat, trials + 1
            all_lat.sort()
            secs = time.monotonic() - t_start
            print(f"ingest during serve: {trials} trials, {errs} commands failed, {twice} trials with an article "
                  f"missing or stored twice; web meanwhile: {total / max(secs, 1e-9):.0f} req/s, "
                  f"p50 {all_lat[len(all_lat) // 2] * 1000:.0f} ms, p99 {all_lat[int(len(all_lat) * 0.99)] * 1000:.0f} ms, "
                  f"{total_e} errors")
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
