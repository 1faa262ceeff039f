"""The quality gate's figures: the fast ones, on fixed subsets of the shared data.

Reproduce: PYTHONPATH=src .venv/bin/python benchmarks/gate.py [--json] [--write] [--veto] [--durations]

tests/test_quality_gate.py computes the same figures with the same functions (one
annotated store shared by the ECB+ checks) and fails when one falls below its floor in
benchmarks/gate.json. Figures, each by the path a user takes:

- timex: MEANTIME value F1 of ``storyline eval timex`` (whole file, parser on);
- quotes: precision / recall of direct+partial quotes on benchmarks/data/quotes_gold.jsonl
  (``bench_quotes.py``, every split);
- quantities: span precision / recall on benchmarks/data/quantities_gold.jsonl
  (``bench_quantities.py``, every split);
- clustering: B³ F1 of ECB+ dev topics GATE_TOPICS through ingest + annotate + cluster
  (``storyline.eval.clustering``), TF-IDF baseline beside;
- alignment: pair precision / recall@2 of the claim groups of the same topics' gold
  stories against the ECB+ event chains (``storyline.eval.alignment``, gold mode: the
  alignment alone), the fitted pair model and the lexical default each.

The subsets are topics the models were fitted on (never the held-out 28-35): the gate
catches regressions, it makes no claim of quality; the README's figures do that.
``--write`` pins the figures just measured in gate.json (floor = measured - tolerance);
lowering a floor is a reviewed change of that file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from shareddata import DATA  # noqa: E402  ($STORYLINE_SHARED, else ../shared beside the repo)

GATE_FILE = ROOT / "benchmarks" / "gate.json"
GATE_TOPICS = ("1", "14", "23", "24")  # short ECB+ dev topics: 107 articles, 8 gold stories
MEANTIME = DATA / "meantime" / "timex.jsonl"
ECB_DOCS = DATA / "ecbplus" / "dev.jsonl"
ECB_EVENTS = DATA / "ecbplus" / "events_dev.jsonl"
COMMAND = "PYTHONPATH=src .venv/bin/python benchmarks/gate.py"
# deterministic runs: the tolerance only absorbs float noise and the 4-decimal rounding
TOLERANCE = 0.001
TOPICS = ", ".join(GATE_TOPICS)
WHAT = {
    "timex_value_f1": "MEANTIME value F1, whole file, parser on (= storyline eval timex)",
    "quote_precision": "direct+partial quote precision, quotes_gold.jsonl, every split (= bench_quotes.py [all])",
    "quote_recall": "direct+partial quote recall, quotes_gold.jsonl, every split (= bench_quotes.py [all])",
    "quantity_precision": "quantity span precision, quantities_gold.jsonl, every split (= bench_quantities.py [all])",
    "quantity_recall": "quantity span recall, quantities_gold.jsonl, every split (= bench_quantities.py [all])",
    "ecb_b3_f1": f"B3 F1 of ECB+ dev topics {TOPICS} by ingest + annotate + cluster",
    "align_model_precision": f"pair precision, pair model, gold stories of ECB+ dev topics {TOPICS}",
    "align_model_recall@2": f"recall@2, pair model, gold stories of ECB+ dev topics {TOPICS}",
    "align_lexical_precision": f"pair precision, lexical (the default), gold stories of ECB+ dev topics {TOPICS}",
    "align_lexical_recall@2": f"recall@2, lexical (the default), gold stories of ECB+ dev topics {TOPICS}",
}


def missing_data() -> list[Path]:
    """The shared files the gate needs that are not there."""
    return [p for p in (MEANTIME, ECB_DOCS, ECB_EVENTS, DATA / "gvc" / "val.jsonl") if not p.is_file()]


def timex_figures() -> dict[str, float | None]:
    from storyline.eval.timex import eval_timex
    from storyline.nlp.speed.blas import one_thread

    # one BLAS thread, as annotation runs: parsing one short text at a time otherwise costs
    # ~90 ms CPU a call in OpenBLAS's idle threads (same products either way)
    with one_thread():
        return {"timex_value_f1": eval_timex(MEANTIME)["overall"]["value"]["f1"]}


def quote_figures() -> dict[str, float | None]:
    import bench_quotes

    pairs = bench_quotes.annotated_gold()
    gold = sum(1 for line in bench_quotes.GOLD.open(encoding="utf-8") if line.strip())
    if len(pairs) != gold:
        raise RuntimeError(f"{bench_quotes.GOLD}: {gold - len(pairs)} gold articles have no text (shared data?)")
    s = bench_quotes.score("all", pairs, verbose=False)
    return {"quote_precision": _r(s["precision"]), "quote_recall": _r(s["recall"])}


def quantity_figures() -> dict[str, float | None]:
    import bench_quantities
    from storyline.nlp import load

    from storyline.nlp.speed.blas import one_thread

    rows = [json.loads(line) for line in bench_quantities.GOLD.open(encoding="utf-8") if line.strip()]
    with one_thread():  # see timex_figures
        t = bench_quantities.evaluate(rows, load())
    return {"quantity_precision": _r(t["match"] / t["pred"]) if t["pred"] else None,
            "quantity_recall": _r(t["match"] / t["gold"]) if t["gold"] else None}


def write_subset(folder: Path) -> Path:
    """The gate topics' records of ECB+ dev, as a JSON Lines file (the user's input)."""
    out = folder / "ecb_gate.jsonl"
    with ECB_DOCS.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            if line.strip() and json.loads(line)["topic"] in GATE_TOPICS:
                dst.write(line)
    return out


class AnnotatedSubset:
    """The gate topics ingested and annotated once in a store under ``folder``."""

    def __init__(self, folder: Path):
        from storyline.eval.clustering import ingest_labelled
        from storyline.options import Options
        from storyline.pipeline import annotate_store
        from storyline.store import Store

        self.path = write_subset(folder)
        self.options = Options(db=str(folder / "gate.db"), progress=False)
        self.store = Store(self.options.db)
        skipped: list[str] = []
        self.gold = ingest_labelled(str(self.path), self.options, self.store, skipped)
        if skipped:
            raise RuntimeError(f"{self.path}: records refused: {skipped}")
        annotate_store(self.store, self.options)
        self.annotations = {a.id: self.store.get_annotation(a.id) for a in self.store.articles()}

    def close(self) -> None:
        self.store.close()


def clustering_figures(sub: AnnotatedSubset) -> dict[str, float | None]:
    """B³ F1 of the stories ``storyline cluster`` makes of the subset, baseline beside."""
    from storyline.eval.clustering import (baseline_threshold, baseline_texts, cluster_store, score, score_labels,
                                           tfidf_cut, tfidf_linkage)
    from storyline.stories.cluster import current_model

    from storyline.nlp.speed.blas import one_thread

    with one_thread():  # see timex_figures
        res = score(cluster_store(sub.store, sub.options), sub.gold)
    ids = sorted(sub.gold)
    thr, _ = baseline_threshold(str(sub.path), current_model())
    base = score_labels(dict(zip(ids, tfidf_cut(tfidf_linkage(baseline_texts(sub.store, ids)), thr))), sub.gold)
    return {"ecb_b3_f1": res["b3_f1"], "baseline:ecb_b3_f1": base["b3_f1"]}


def alignment_figures(sub: AnnotatedSubset, veto: bool = False, durations: bool = False) -> dict[str, float | None]:
    """Pair precision / recall@2 of the gold stories' claim groups, model and lexical
    (``veto``: the lexical groups with the same-fact veto, ``Options.veto``; ``durations``: with
    durations compared, ``Options.durations``; both read, never pinned)."""
    from storyline.eval.alignment import eval_alignment

    from storyline.nlp.speed.blas import one_thread

    with one_thread():  # as the pipeline compares (see timex_figures)
        res = eval_alignment(str(sub.path), str(ECB_EVENTS), sub.options.with_(veto=veto, durations=durations), modes=("gold",),
                             annotations=sub.annotations)["gold"]
    out = {}
    for method in ("model", "lexical"):
        out[f"align_{method}_precision"] = res[method]["pair_precision"]
        out[f"align_{method}_recall@2"] = res[method]["recall@2"]
    return out


def measure(veto: bool = False, durations: bool = False) -> tuple[dict[str, float | None], dict[str, float]]:
    """Every gate figure (``baseline:`` keys: the simple baselines printed beside) and the
    CPU seconds each family took (wall time on a shared machine says little)."""
    figures, seconds = {}, {}

    def timed(name, fn, *args):
        t = time.process_time()
        out = fn(*args)
        seconds[name] = time.process_time() - t
        return out

    figures.update(timed("timex", timex_figures))
    figures.update(timed("quotes", quote_figures))
    figures.update(timed("quantities", quantity_figures))
    with tempfile.TemporaryDirectory(prefix="storyline-gate-") as tmp:
        sub = timed("ingest+annotate", AnnotatedSubset, Path(tmp))
        try:
            figures.update(timed("cluster", clustering_figures, sub))
            figures.update(timed("alignment", alignment_figures, sub, veto, durations))
        finally:
            sub.close()
    return figures, seconds


def load_gate() -> dict:
    return json.loads(GATE_FILE.read_text(encoding="utf-8"))


def write_gate(figures: dict[str, float | None]) -> None:
    gate = load_gate() if GATE_FILE.exists() else {
        "about": "Floors of the quality gate (tests/test_quality_gate.py): floor = measured - tolerance. "
                 "Raise a floor when a figure improves; lowering one is a reviewed change of this file.",
        "figures": {}}
    today = dt.date.today().isoformat()  # provenance of the pin only; no figure depends on it
    for name, value in figures.items():
        if name.startswith("baseline:"):
            continue
        if not isinstance(value, (int, float)):
            raise SystemExit(f"{name}: not measured, nothing to pin")
        entry = gate["figures"].setdefault(name, {})
        entry.update({"what": WHAT[name], "measured": value, "tolerance": TOLERANCE, "floor": round(value - TOLERANCE, 4),
                      "command": COMMAND, "date": today})
    GATE_FILE.write_text(json.dumps(gate, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _r(x):
    return None if x is None else round(x, 4)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="JSON output")
    ap.add_argument("--write", action="store_true", help="pin the measured figures as the floors in gate.json")
    ap.add_argument("--veto", action="store_true",
                    help="measure with the same-fact veto on (Options.veto; the default is off): read, never pinned")
    ap.add_argument("--durations", action="store_true",
                    help="measure with durations compared (Options.durations; the default is off): read, never pinned")
    args = ap.parse_args(argv)
    if (args.veto or args.durations) and args.write:
        raise SystemExit("--veto / --durations figures are not the default's: not pinned")
    if missing_data():
        print("not measured: shared data missing:", ", ".join(map(str, missing_data())))
        return 1
    figures, seconds = measure(args.veto, args.durations)
    gate = load_gate()["figures"] if GATE_FILE.exists() else {}
    if args.json:
        print(json.dumps({"figures": figures, "seconds": seconds}, indent=2))
    else:
        print(f"{'figure':28} {'measured':>9} {'floor':>8} {'baseline':>9}")
        for name, value in figures.items():
            if name.startswith("baseline:"):
                continue
            floor = gate.get(name, {}).get("floor")
            base = figures.get(f"baseline:{name}")
            print(f"{name:28} {_fmt(value):>9} {_fmt(floor) if floor is not None else '-':>8} "
                  f"{_fmt(base) if base is not None else '-':>9}")
        print("baselines: clustering = TF-IDF average-link; align_lexical_* = the lexical baseline of align_model_*")
        print("CPU seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in seconds.items()))
    if args.write:
        write_gate(figures)
        print(f"pinned in {GATE_FILE.relative_to(ROOT)}")
    print(f"command: {COMMAND}{' --veto' if args.veto else ''}{' --durations' if args.durations else ''}")
    return 0


def _fmt(v) -> str:
    return "not measured" if v is None else f"{v:.4f}" if isinstance(v, float) else str(v)


if __name__ == "__main__":
    sys.exit(main())
