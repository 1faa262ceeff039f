"""Score ``tag_timexes`` against MEANTIME-style gold (``timex.jsonl``).

Per document only predictions that start before ``annotated_end`` are scored, and any
prediction overlapping the DCT span (the date line) is dropped. Predictions and gold
spans are paired one-to-one, largest overlap first. Figures:

* span P/R/F1 (a pair = overlapping spans), strict span P/R/F1 (identical offsets),
* type accuracy over the pairs,
* value P/R/F1 (a pair whose normalised values are equal counts),

overall and per sub-corpus (``corpus`` field).
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from ..errors import InputError
from ..nlp.speed.blas import in_one_thread
from .readers import labelled_records


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else None
    r = tp / n_gold if n_gold else None
    f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return {"precision": _round(p), "recall": _round(r), "f1": _round(f)}


def _round(x):
    return None if x is None else round(x, 4)


def load_gold(path: str | Path, need_timexes: bool = True) -> list[dict]:
    """Read the gold JSON Lines; one-line InputError when missing or malformed."""
    docs = list(labelled_records(path, ("text", "timexes") if need_timexes else ("text",)))
    if not docs:
        raise InputError(str(path), "no records")
    return docs


def match(pred: list[dict], gold: list[dict]) -> list[tuple[dict, dict]]:
    """One-to-one pairs of overlapping spans, the largest overlaps first."""
    cands = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            ov = min(p["end"], g["end"]) - max(p["start"], g["start"])
            if ov > 0:
                # ties: the closer span (a year inside a gold range pairs with the year)
                diff = abs(p["start"] - g["start"]) + abs(p["end"] - g["end"])
                cands.append((-ov, diff, i, j))
    used_p, used_g, pairs = set(), set(), []
    for _, _, i, j in sorted(cands):
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((pred[i], gold[j]))
    return pairs


def score_document(doc: dict, pred: list[dict]) -> dict:
    """Counts for one document (see module docs for what is scored)."""
    limit = doc.get("annotated_end", len(doc["text"]))
    dct = doc.get("dct") or {}
    kept = [p for p in pred if p["start"] < limit
            and not (dct and p["start"] < dct.get("end", -1) and dct.get("start", -1) < p["end"])]
    gold = doc["timexes"]
    pairs = match(kept, gold)
    strict = sum(1 for p, g in pairs if p["start"] == g["start"] and p["end"] == g["end"])
    return {
        "pred": len(kept), "gold": len(gold), "overlap": len(pairs), "strict": strict,
        "type": sum(1 for p, g in pairs if p["type"] == g["type"]),
        "value": sum(1 for p, g in pairs if p["value"] == g["value"]),
        "errors": [{"gold": g["text"], "gold_value": g["value"], "pred": p["text"], "value": p["value"], "rule": p.get("rule")}
                   for p, g in pairs if p["value"] != g["value"]],
        "missed": [g for g in gold if not any(g is gg for _, gg in pairs)],
        "spurious": [p for p in kept if not any(p is pp for pp, _ in pairs)],
    }


def _figures(c: dict) -> dict:
    return {
        "documents": c["docs"], "gold": c["gold"], "predicted": c["pred"],
        "span": _prf(c["overlap"], c["pred"], c["gold"]),
        "strict_span": _prf(c["strict"], c["pred"], c["gold"]),
        "type_accuracy": _round(c["type"] / c["overlap"]) if c["overlap"] else None,
        "value": _prf(c["value"], c["pred"], c["gold"]),
    }


@in_one_thread
def eval_timex(path: str | Path, use_parser: bool = True, details: bool = False) -> dict:
    """Figures of ``tag_timexes`` on a MEANTIME-style file: overall and per sub-corpus.

    ``use_parser`` passes a spaCy Doc (tense from the parser) as the pipeline does;
    ``details`` adds the per-document errors, misses and spurious predictions.
    """
    from ..annotate.timex import tag_timexes

    docs = load_gold(path)
    nlp = None
    if use_parser:
        from .. import nlp as _nlp

        nlp = _nlp.load(disable=("ner",))
    totals: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    per_doc = []
    for d in docs:
        text = d["text"]
        if "annotated_end" in d:
            # only the annotated region is scored: tag it and the rest of its sentence
            m = re.compile(r"[.!?][\"”’)]*\s").search(text, d["annotated_end"])
            text = text[: m.end() if m else len(text)]
        sdoc = nlp(text) if nlp is not None else None
        pred = tag_timexes(text, d.get("published"), doc=sdoc)
        s = score_document(d, pred)
        for key in ("all", d.get("corpus") or "-"):
            t = totals[key]
            t["docs"] += 1
            for k in ("pred", "gold", "overlap", "strict", "type", "value"):
                t[k] += s[k]
        if details:
            per_doc.append({"id": d.get("id"), "corpus": d.get("corpus"), "errors": s["errors"],
                            "missed": [(g["text"], g["value"]) for g in s["missed"]],
                            "spurious": [(p["text"], p["value"], p["rule"]) for p in s["spurious"]]})
    out = {"overall": _figures(totals["all"]),
           "by_corpus": {k: _figures(v) for k, v in sorted(totals.items()) if k != "all"},
           "parser": bool(use_parser)}
    if details:
        out["documents"] = per_doc
    return out


@in_one_thread
def eval_publication(path: str | Path, use_parser: bool = False) -> dict:
    """How well ``infer_publication`` recovers ``published`` from the text alone.

    Records with a ``dct`` span (MEANTIME) have it blanked out (offsets kept), so only
    the body's own dates are evidence; other records (ECB+, GVC) are read as received,
    date lines included. ``today`` is the day after the latest date so no year is excluded.
    Figures: coverage (a window was given), exact day, DCT inside the window, and the
    median window width, over the documents with a window.
    """
    import datetime as dt

    from ..annotate.timex import infer_publication

    docs = load_gold(path, need_timexes=False)
    nlp = None
    if use_parser:
        from .. import nlp as _nlp

        nlp = _nlp.load(disable=("ner",))
    dcts = [d["published"][:10] for d in docs if d.get("published")]
    today = dt.date.fromisoformat(max(dcts)) + dt.timedelta(days=1) if dcts else None
    n = given = exact = inside = 0
    widths = []
    for d in docs:
        if not d.get("published"):
            continue
        n += 1
        text = d["text"]
        if d.get("dct"):
            a, b = d["dct"]["start"], d["dct"]["end"]
            text = text[:a] + " " * (b - a) + text[b:]
        r = infer_publication(text, nlp(text) if nlp else None, today=today)
        if r is None:
            continue
        given += 1
        gold = d["published"][:10]
        exact += r["value"] == gold
        inside += r["earliest"] <= gold <= r["latest"]
        widths.append((dt.date.fromisoformat(r["latest"]) - dt.date.fromisoformat(r["earliest"])).days + 1)
    widths.sort()
    return {"documents": n, "coverage": _round(given / n) if n else None,
            "exact": _round(exact / given) if given else None,
            "in_window": _round(inside / given) if given else None,
            "median_window_days": widths[len(widths) // 2] if widths else None}
