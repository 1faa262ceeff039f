"""Fuzz run: thousands of generated and mutated inputs through read + clean + store, and
a share of them through annotate. Prints the count of tracebacks (anything other than an
Article or one InputError per bad input), the slowest inputs, and the peak memory.

Inputs: one well-formed document per format (text, HTML, JSONL, JSON, RSS, WARC, HTML.gz)
built from a seed article, mutated at random (byte flips, cuts, inserts, repeats, and the
hostile pieces of issue reports: lone surrogates, runs of quote marks, 3,000-letter words,
years 1 and 9999, deep nesting, 5,000-digit numbers, XML entities, ...), plus random
bytes and the reproducers themselves at full size. Seeded: the same run every time.

Reproduce:  .venv/bin/python benchmarks/fuzz_inputs.py [--inputs 10000] [--annotate 1000] [--seed 0]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import shutil
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

from storyline import pipeline
from storyline.options import Options
from storyline.records import Article
from storyline.store import Store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from fuzzcases import SEED, templates, warc_record  # noqa: E402  (one copy, shared with tests/test_fuzz.py)

LIMIT_S = 10.0
HARD_STOP_S = 60  # an input still running after this is stopped and counted as a hang
HOSTILE = ["\ud800", "“" * 3000, "a" * 20000, "0001-01-01", "9999-12-31T23:59:59-14:00", "[" * 5000,
           "1" * 5000, "<!ENTITY x 'yyyyyyyy'>", "\x00", "\u202e", "\ufeff", "&#xD800;", "<script>alert(1)</script>",
           "\r\n" * 500, "’" * 2000, "\"" * 4000, " " * 10000, "Monday " * 500]


def reproducers() -> list[tuple[str, bytes]]:
    """The crash and hang reports, at full size."""
    rows = [{"id": "p3", "published": "0001-01-01", "text": "Talks end\n\nThe talks ended on Friday, officials said."},
            {"id": "p4", "published": "9999-12-31", "text": "Talks resume\n\nThe talks will resume on Monday."},
            {"id": "p5", "published": "0001-01-01T00:00:00+14:00", "text": "Talks\n\nThey met on Friday."}]
    return [
        ("dates.jsonl", "".join(json.dumps(r) + "\n" for r in rows).encode()),
        ("sur.jsonl", b'{"id":"s1","text":"bad \\ud800 here"}\n{"id":"s2","text":"good"}\n'),
        ("br.warc", warc_record(b"<html><body><p>x</p></body></html>", "br")),
        ("long.txt", ("Headline\n\n" + "a" * 40000 + " end.").encode()),
        ("aaaa.html", ("<html><body><p>" + "A" * 513815 + "</p></body></html>").encode()),
        ("quotes.txt", ("Headline\n\n" + "“" * 8000).encode()),
        ("same.jsonl.gz", gzip.compress(b'{"id":"same","text":"The same line again and again."}\n' * 200000)),
        ("deep.jsonl", b'{"id":"d","text":"x","n":' + b"[" * 100000 + b"]" * 100000 + b"}\n"),
        ("lol.xml", b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "' + b"a" * 1000 + b'"><!ENTITY b "'
         + b"&a;" * 1000 + b'">]><rss version="2.0"><channel><item><description>&b;&b;&b;</description>'
         b"</item></channel></rss>"),
        ("big.txt", ("Headline\n\n" + (SEED + "\n\n") * (1_000_000 // len(SEED))).encode()),
    ]


def mutate(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        pos = rng.randrange(max(1, len(b)))
        kind = rng.choice(["flip", "cut", "insert", "hostile", "hostile", "repeat"])
        if kind == "flip" and b:
            b[pos] = rng.randrange(256)
        elif kind == "cut":
            del b[pos:pos + rng.randint(1, 400)]
        elif kind == "insert":
            b[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
        elif kind == "hostile":
            b[pos:pos] = rng.choice(HOSTILE).encode("utf-8", "surrogatepass")
        else:
            b[pos:pos] = b[pos:pos + rng.randint(1, 80)] * rng.randint(2, 200)
    return bytes(b)


class Hang(BaseException):
    """The alarm: a BaseException, so no handler for ordinary errors (the annotator's
    per-article containment) takes it for a failure of the input."""


def _alarm(signum, frame):
    raise Hang()


def run_one(name: str, data: bytes, opts: Options, store: Store, tmp: Path) -> list[Article]:
    """The input as a file through ``pipeline.ingest``: read, clean, store (what ``storyline ingest`` does)."""
    path = tmp / name
    path.write_bytes(data)
    res = pipeline.ingest([str(path)], opts, store)
    return [store.get_article(i) for i in dict.fromkeys(res.new + res.revised + res.unchanged)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--inputs", type=int, default=10000, help="generated/mutated inputs read, cleaned and stored")
    ap.add_argument("--annotate", type=int, default=1000, help="of which this many articles are also annotated")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep-slowest", metavar="DIR", default=None, help="write the 8 slowest inputs here")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    opts = Options(progress=False)
    tpl = templates()
    cases = reproducers()
    while len(cases) < args.inputs:
        r = rng.random()
        if r < 0.85:
            name, data = rng.choice(tpl)
            cases.append((name, mutate(rng, data)))
        else:
            cases.append((rng.choice(tpl)[0], bytes(rng.randrange(256) for _ in range(rng.randint(0, 2000)))))
    from storyline.annotate import annotate_article

    signal.signal(signal.SIGALRM, _alarm)
    tracebacks, hangs, timings, to_annotate = [], 0, [], []
    store = Store(":memory:")
    tmp = Path(tempfile.mkdtemp(prefix="fuzz-"))
    payload: dict[str, bytes] = {}
    t_all = time.perf_counter()
    for i, (name, data) in enumerate(cases):
        t0 = time.perf_counter()
        signal.alarm(HARD_STOP_S)
        try:
            arts = run_one(name, data, opts, store, tmp)
            if len(to_annotate) < args.annotate:
                to_annotate.extend((f"{name}#{i}", a) for a in arts[:1])
                for a in arts[:1]:
                    payload[f"{name}#{i}"] = a.text.encode("utf-8", "surrogatepass")
        except Hang:
            hangs += 1
        except Exception as exc:  # noqa: BLE001 - counting them is the point
            tracebacks.append((f"read {name}#{i}", f"{type(exc).__name__}: {exc}"[:200], traceback.format_exc()))
        finally:
            signal.alarm(0)
        timings.append((time.perf_counter() - t0, f"read {name}#{i} ({len(data)} bytes)"))
        if args.keep_slowest and timings[-1][0] > 1:
            payload.setdefault(f"read {name}#{i}", data)
    read_s = time.perf_counter() - t_all
    shutil.rmtree(tmp)
    t_ann = time.perf_counter()
    for label, art in to_annotate:
        t0 = time.perf_counter()
        signal.alarm(HARD_STOP_S)
        try:
            ann = annotate_article(art)
            if "error" in ann:
                tracebacks.append((f"annotate {label}", ann["error"], ""))
        except Hang:
            hangs += 1
        except Exception as exc:  # noqa: BLE001
            tracebacks.append((f"annotate {label}", f"{type(exc).__name__}: {exc}"[:200], traceback.format_exc()))
        finally:
            signal.alarm(0)
        timings.append((time.perf_counter() - t0, f"annotate {label} ({len(art.text)} chars)"))
    ann_s = time.perf_counter() - t_ann
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    timings.sort(reverse=True)
    print(f"inputs read+cleaned+stored: {len(cases)} ({len(cases) - args.inputs if len(cases) > args.inputs else 0} over "
          f"the count: the reproducers) in {read_s:.1f} s; articles annotated: {len(to_annotate)} in {ann_s:.1f} s")
    print(f"tracebacks: {len(tracebacks)}   stopped after {HARD_STOP_S} s: {hangs}   "
          f"over {LIMIT_S:.0f} s: {sum(1 for t, _ in timings if t > LIMIT_S)}   peak RSS of the process: {peak_mb:.0f} MB")
    print("slowest inputs:")
    for t, label in timings[:8]:
        print(f"  {t:7.2f} s  {label}")
        if args.keep_slowest:
            key = label.split(" (")[0].replace("annotate ", "")
            if key in payload:
                out = Path(args.keep_slowest)
                out.mkdir(parents=True, exist_ok=True)
                (out / key.replace(" ", "_").replace("#", "_")).write_bytes(payload[key])
    for where, msg, tb in tracebacks[:10]:
        print(f"TRACEBACK {where}: {msg}")
        print(tb, file=sys.stderr)
    print(f"command: python benchmarks/fuzz_inputs.py --inputs {args.inputs} --annotate {args.annotate} --seed {args.seed}")


if __name__ == "__main__":
    main()
