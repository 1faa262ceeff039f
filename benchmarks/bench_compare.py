"""compare_story + render over every gold story of GVC (val) and ECB+ (dev).

Prints, per corpus: stories, articles, claim groups by verdict, the compare+render
time (annotation excluded), and the disputed groups (conflicting/revision) with the
figures or dates behind them, for checking by hand. A story that raises is counted
and shown. ECB+ is CC BY 3.0 (Cybulska & Vossen 2014); GVC CC BY 4.0 (Vossen et al. 2018).

Run:  .venv/bin/python benchmarks/bench_compare.py [--limit N] [--quiet]

``--scaling 300,600``: how compare grows with the story. The first 600 real articles
(ECB+ dev topics 1-27, then the GVC val incidents outside the clustering held-out split)
are annotated once, then the first 300 and all 600 are each compared as one story
(``compare_story``, copies found beforehand; sizes alternated over ``--rounds``): CPU
seconds, the ratio, and the peak memory Python allocates during each comparison
(tracemalloc, in a separate untimed pass), the ratio of each round, and the claims and
claim pairs each story holds (candidate pairs of the bound, pairs reaching the threshold,
and of those the pairs between two of the events the story mixes: untimed). The files
hold no 600-article event, so the story mixes events: what grows is
the work per claim pair and group, which is the quadratic part.

Run:  .venv/bin/python benchmarks/bench_compare.py --scaling 300,600 [--rounds 3] [--profile]
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storyline.annotate import annotate_articles  # noqa: E402
from storyline.clean import clean_article  # noqa: E402
from storyline.compare import compare_story  # noqa: E402
from storyline.options import Options  # noqa: E402
from storyline.records import Article  # noqa: E402
from storyline.report import render  # noqa: E402
from storyline.stories import find_copies  # noqa: E402
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from shareddata import DATA  # noqa: E402  ($STORYLINE_SHARED, else ../shared beside the repo)

CORPORA = {"gvc": str(DATA / "gvc" / "val.jsonl"), "ecbplus": str(DATA / "ecbplus" / "dev.jsonl")}


def _h(s: str) -> int:
    import hashlib

    return int(hashlib.sha256(s.encode()).hexdigest()[:12], 16)


def big_story(n: int) -> list[Article]:
    """The first ``n`` articles outside the clustering held-out split (ECB+ topics 28-35,
    GVC incidents with sha256 % 4 == 0), cleaned, in file order."""
    out = []
    for corpus in ("ecbplus", "gvc"):
        for line in open(CORPORA[corpus], encoding="utf-8"):
            d = json.loads(line)
            held = int(d["topic"]) >= 28 if corpus == "ecbplus" else _h(str(d["story"])) % 4 == 0
            if not held:
                out.append(clean_article(Article(id=d["id"], raw_text=d["text"], title=d.get("title"),
                                                 published=d.get("published"))))
            if len(out) == n:
                return out
    sys.exit(f"not measured: only {len(out)} articles outside the held-out split")


def events() -> dict[str, tuple[str, str]]:
    """Article id -> (corpus, ECB+ topic or GVC incident): the events the big story mixes."""
    out = {}
    for corpus in ("ecbplus", "gvc"):
        for line in open(CORPORA[corpus], encoding="utf-8"):
            d = json.loads(line)
            out[d["id"]] = (corpus, str(d["topic"] if corpus == "ecbplus" else d["story"]))
    return out


def scaling(args) -> None:
    import gc
    import os
    import tracemalloc

    sizes = [int(x) for x in args.scaling.split(",")]
    arts = big_story(max(sizes))
    t = time.perf_counter()
    anns = list(annotate_articles(arts, Options(progress=False, processes=2)))
    print(f"{len(arts)} articles annotated in {time.perf_counter() - t:.0f} s (not part of the figures)")
    inputs = {n: (arts[:n], anns[:n], find_copies(arts[:n])) for n in sizes}

    def run(n: int, evidence: bool = True, clause: bool = False, holders: bool = False,
            clause_tied: bool = True, speaker: bool = False, modality: bool = False) -> dict:
        # the defaults: evidence and clause_tied on, clause, holders, speaker and modality off
        a, nn, c = inputs[n]
        return compare_story({"id": f"big{n}"}, a, nn, c, evidence=evidence, clause=clause, holders=holders,
                             clause_tied=clause_tied, speaker=speaker, modality=modality)

    if args.evidence:
        return check_cost(args, sizes, lambda n, on: run(n, evidence=on), "evidence")
    if args.clause:
        return check_cost(args, sizes, lambda n, on: run(n, clause=on, clause_tied=False), "clause")
    if args.holders:
        return check_cost(args, sizes, lambda n, on: run(n, holders=on, clause_tied=False), "holders")
    if args.clause_tied:
        return check_cost(args, sizes, lambda n, on: run(n, clause_tied=on), "clause-tied")
    if args.speaker:
        return check_cost(args, sizes, lambda n, on: run(n, speaker=on), "speaker")
    if args.modality:
        return check_cost(args, sizes, lambda n, on: run(n, modality=on), "modality")

    # a small story first: imports and model loads are a process's fixed cost, not a rate
    compare_story({"id": "warm-up"}, arts[:20], anns[:20], find_copies(arts[:20]))
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.runcall(run, max(sizes))
        pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
    cpu: dict[int, list[float]] = {n: [] for n in sizes}
    out_size: dict[int, tuple[int, int]] = {}
    for r in range(args.rounds):
        for n in (sizes if r % 2 == 0 else sizes[::-1]):  # alternate the order
            gc.collect()
            c0 = time.process_time()
            rep = run(n)
            cpu[n].append(time.process_time() - c0)
            cov = rep["coverage"]
            cells = sum(len(r["cells"]) for r in cov["rows"])  # the absent ones are implicit
            out_size[n] = (len(json.dumps(rep, ensure_ascii=False)), cells, len(cov["rows"]) * len(cov["articles"]))
            print(f"round {r + 1}: {n} articles, {sum(len(g['members']) for g in rep['groups'])} claims, "
                  f"{len(rep['groups'])} groups: {cpu[n][-1]:.1f} CPU s; load {os.getloadavg()[0]:.1f}", flush=True)
    peak = {}
    for n in sizes:
        gc.collect()
        tracemalloc.start()
        run(n)
        peak[n] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    event = events()
    for n in sizes:  # what the work grows with (untimed): pairs that reach the threshold are data
        from storyline.compare import align, pairsim
        from storyline.compare.units import build_units

        units = build_units(inputs[n][0], inputs[n][1])
        sim = pairsim.PairSimilarity.build(units)
        cand = len(sim.candidates(align.THRESHOLD)[0])
        how = "every pair: a small story's table" if sim.n <= pairsim._TABLE else "the bound"
        I, J, _ = sim.edges(align.THRESHOLD)
        # the story mixes events: pairs of two events' articles grow as the square of the events
        apart = sum(event[units[i]["article_id"]] != event[units[j]["article_id"]] for i, j in zip(I.tolist(), J.tolist()))
        print(f"{n} articles ({len({event[a.id] for a in inputs[n][0]})} ECB+ topics or GVC incidents): {sim.n:,} claims, "
              f"{cand:,} candidate pairs ({how}), {len(I):,} pairs >= the threshold, {apart:,} of them across two "
              f"topics or incidents")
    import statistics

    med = {n: statistics.median(v) for n, v in cpu.items()}
    for n in sizes:
        print(f"{n} articles: median {med[n]:.2f} CPU s ({n / med[n]:.1f} articles per CPU second), "
              f"peak memory {peak[n] / 1e6:.0f} MB (tracemalloc); report {out_size[n][0] / 1e6:.1f} MB of JSON, "
              f"coverage table {out_size[n][1]:,} cells listed of {out_size[n][2]:,} (rows x articles)")
    a, b = sizes[0], sizes[-1]
    print(f"compare {b} vs {a} articles: {med[b] / med[a]:.2f}x CPU (linear would be {b / a:.1f}x), "
          f"peak memory {peak[b] / peak[a]:.2f}x")
    # each round times both sizes one after the other: its own ratio shows the spread
    per = [y / x for x, y in zip(cpu[a], cpu[b])]
    print(f"per round: {', '.join(f'{r:.2f}x' for r in per)} (min {min(per):.2f}x, max {max(per):.2f}x)")
    print(f"reproduce: PYTHONPATH=src .venv/bin/python benchmarks/bench_compare.py --scaling {args.scaling} "
          f"--rounds {args.rounds}" + (f" --fragments {args.fragments}" if args.fragments is not None else ""))


def check_cost(args, sizes: list[int], run, name: str) -> None:
    """Each size compared with one check (``name``: evidence, clause, holders) off and on, alternated
    within each round (one process, annotations made once): the CPU medians and the on / off
    ratio per round."""
    import gc
    import statistics

    import hashlib

    cpu: dict[tuple[int, bool], list[float]] = {(n, e): [] for n in sizes for e in (False, True)}
    groups = {}
    for r in range(args.rounds):
        for n in sizes:
            for e in ((False, True) if r % 2 == 0 else (True, False)):
                gc.collect()
                c0 = time.process_time()
                rep = run(n, e)
                cpu[(n, e)].append(time.process_time() - c0)
                # the report's hash as the same-output check takes it (sorted keys)
                digest = hashlib.sha256(json.dumps(rep, sort_keys=True, default=str).encode()).hexdigest()[:16]
                groups[(n, e)] = ({k: v for k, v in rep["counts"].items() if v}, digest)
                print(f"round {r + 1}: {n} articles, {name} {'on' if e else 'off'}: {cpu[(n, e)][-1]:.2f} CPU s", flush=True)
    for n in sizes:
        off, on = cpu[(n, False)], cpu[(n, True)]
        print(f"{n} articles: median CPU off {statistics.median(off):.2f} s, on {statistics.median(on):.2f} s; "
              f"on / off per round {', '.join(f'{b / a:.3f}' for a, b in zip(off, on))}; counts off {groups[(n, False)][0]} "
              f"hash {groups[(n, False)][1]}, on {groups[(n, True)][0]} hash {groups[(n, True)][1]}")
    print(f"reproduce: PYTHONPATH=src .venv/bin/python benchmarks/bench_compare.py --scaling {args.scaling} "
          f"--rounds {args.rounds} --{name}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0, help="stories per corpus (0 = all)")
    ap.add_argument("--quiet", action="store_true", help="do not list disputed groups")
    ap.add_argument("--scaling", default=None, help="story sizes to compare as one story each, e.g. 300,600")
    ap.add_argument("--rounds", type=int, default=3, help="--scaling: rounds (sizes alternated)")
    ap.add_argument("--profile", action="store_true", help="--scaling: cProfile the biggest story first")
    ap.add_argument("--fragments", type=float, default=None, metavar="FLOOR",
                    help="compare with the fragment merge on at this FRAGMENT_FLOOR (compare/grouping.py; off by default)")
    ap.add_argument("--evidence", action="store_true",
                    help="--scaling: each size compared with the evidence check off and on, alternated (CPU cost)")
    ap.add_argument("--clause", action="store_true",
                    help="--scaling: each size compared with the clause check off and on, alternated (CPU cost)")
    ap.add_argument("--holders", action="store_true",
                    help="--scaling: each size compared with the holder check off and on, alternated (CPU cost)")
    ap.add_argument("--clause-tied", action="store_true",
                    help="--scaling: each size compared with the clause check tied by named events off and on, "
                         "alternated (CPU cost)")
    ap.add_argument("--speaker", action="store_true",
                    help="--scaling: each size compared with the speaker check off and on, alternated (CPU cost)")
    ap.add_argument("--modality", action="store_true",
                    help="--scaling: each size compared with the modality check's wider reading off and on, "
                         "alternated (CPU cost)")
    args = ap.parse_args()
    if args.fragments is not None:
        from storyline.compare import grouping

        grouping.FRAGMENT_FLOOR = args.fragments  # read at call time
    if args.scaling:
        return scaling(args)
    for corpus, path in CORPORA.items():
        by = collections.defaultdict(list)
        for line in open(path, encoding="utf-8"):
            d = json.loads(line)
            by[d["story"]].append(d)
        stories = sorted(by.items())[: args.limit or None]
        counts, failed, n_art, t_cmp = collections.Counter(), [], 0, 0.0
        for sid, docs in stories:
            arts = [clean_article(Article(id=d["id"], raw_text=d["text"], title=d.get("title"),
                                          published=d.get("published"))) for d in docs]
            anns = list(annotate_articles(arts, Options(progress=False)))
            n_art += len(arts)
            t = time.perf_counter()
            try:
                r = compare_story({"id": sid}, arts, anns, find_copies(arts))
                for fmt in ("md", "html", "json"):
                    render(r, fmt)
            except Exception as exc:  # a benchmark reports, it does not stop
                failed.append(f"{sid}: {exc!r}")
                continue
            t_cmp += time.perf_counter() - t
            counts.update({k: v for k, v in r["counts"].items()})
            if not args.quiet:
                for g in r["groups"]:
                    if g["verdict"] in ("conflicting", "revision"):
                        why = [(f["kind"], f["a"].get("text") or f["a"].get("value"),
                                f["b"].get("text") or f["b"].get("value"))
                               for f in g["findings"] if f["relation"] in ("disjoint", "revision")][:2]
                        print(f"  [{corpus} {sid}] {g['verdict']}: {why}")
        print(f"{corpus}: {len(stories)} stories, {n_art} articles, failed {len(failed)}; "
              + ", ".join(f"{k} {counts[k]}" for k in ("corroborated", "conflicting", "revision", "variant",
                                                        "single-source", "multi_article"))
              + f"; compare+render {t_cmp:.1f} s ({t_cmp / max(1, len(stories)):.2f} s/story)")
        for f in failed:
            print("  FAILED", f)
    print("reproduce: .venv/bin/python benchmarks/bench_compare.py [--limit N] [--quiet]")


if __name__ == "__main__":
    main()
