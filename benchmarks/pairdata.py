"""Shared loading for the pair-model and verdict scripts: the ECB+ dev documents, their gold
event chains and annotations (cached in a folder outside the repository, keyed by text hash
and annotation version, so refitting does not annotate again), a story's annotations cached
the same way, the claim pairs a report's findings name, and the default's recall groups.
(Here, not in one of the scripts, so no two scripts import each other.)"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from storyline.annotate import ANNOTATION_VERSION, annotate_articles  # noqa: E402
from storyline.eval.alignment import read_events, read_labelled  # noqa: E402
from storyline.options import Options  # noqa: E402


def shared() -> Path:
    """$STORYLINE_SHARED, else ../shared beside the repository (tests/shareddata.py)."""
    from shareddata import shared_dir

    return shared_dir()


def ecb_paths() -> tuple[Path, Path]:
    d = shared() / "data" / "ecbplus"
    docs, events = d / "dev.jsonl", d / "events_dev.jsonl"
    if not docs.is_file() or not events.is_file():
        raise SystemExit(f"ECB+ dev data not found under {d} (set STORYLINE_SHARED)")
    return docs, events


def _claims_code_hash() -> str:
    # annotations depend on the code, not only on ANNOTATION_VERSION while a branch is open
    h = hashlib.sha1(ANNOTATION_VERSION.encode())
    for p in sorted((ROOT / "src/storyline/annotate").rglob("*.py")):
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


def load(cache: str | None, processes: int = 1):
    """(articles, gold story per id, topic per id, gold mentions per id, annotations per id)."""
    docs, events = ecb_paths()
    opts = Options(progress=False, processes=processes)
    articles, gold = read_labelled(str(docs), opts)
    topic = {str(r["id"]): str(r["topic"]) for r in map(json.loads, docs.open(encoding="utf-8"))}
    anns: dict[str, dict] = {}
    path = Path(cache) / f"ecb_dev_{_claims_code_hash()}.jsonl" if cache else None
    if path and path.is_file():
        for line in path.open(encoding="utf-8"):
            a = json.loads(line)
            anns[a["id"]] = a
    todo = [a for a in articles if a.id not in anns or anns[a.id].get("text") != a.text]
    if todo:
        print(f"annotating {len(todo)} documents ...", file=sys.stderr)
        new = list(annotate_articles(todo, opts))
        for a, ann in zip(todo, new):
            anns[a.id] = ann
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8") as fh:
                for a in articles:
                    fh.write(json.dumps(anns[a.id], ensure_ascii=False) + "\n")
    return articles, gold, topic, read_events(str(events)), anns


def embeddings(texts: list[str], cache: str | None) -> dict:
    """MiniLM vectors of the texts (the ``embeddings`` extra), read from / added to a cache
    file in ``cache`` keyed by text hash; the new ones are embedded with torch on one
    thread and their CPU time per text printed."""
    import time

    import numpy as np

    from storyline.compare import embed

    path = Path(cache) / "minilm_vectors.npz" if cache else None
    have: dict[str, np.ndarray] = {}
    if path and path.is_file():
        z = np.load(path)
        have = dict(zip(z["keys"].tolist(), z["vectors"]))
    key = {t: hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts}
    todo = [t for t in texts if key[t] not in have]
    if todo:
        import torch

        torch.set_num_threads(1)
        embed.encode(todo[:2])  # load the model outside the timing
        t0 = time.process_time()
        vec = embed.encode(todo)
        cpu = time.process_time() - t0
        print(f"embedded {len(todo)} claim texts: {1000 * cpu / len(todo):.1f} CPU ms per claim "
              f"(torch 1 thread, batch 32, mean {np.mean([len(t) for t in todo]):.0f} characters)")
        for t, v in zip(todo, vec):
            have[key[t]] = v
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            keys = sorted(have)
            np.savez(path, keys=np.array(keys), vectors=np.vstack([have[k] for k in keys]))
    return {t: have[key[t]] for t in texts}


if __name__ == "__main__":
    arts, *_ = load(sys.argv[1] if len(sys.argv) > 1 else None, processes=2)
    print(len(arts), "documents")


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95 % Wilson score interval of k successes in n ((0, 1) when n is 0): on a few
    dozen labelled items a share is a wide range."""
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (max(0.0, c - h), min(1.0, c + h))


def _holds(m: dict, side: dict, kind: str) -> bool:
    """Whether the member carries this side of a finding (its figure, date or text)."""
    if kind == "number":
        return any(q.get("text") == side.get("text") for q in m["quantities"])
    if kind == "date":
        return any(d.get("value") == side.get("value") for d in m["dates"])
    return m["text"] == side.get("text")


def disputed_pairs(report: dict) -> dict[frozenset, set[str]]:
    """Member pairs a conflicting/revision finding names: {(article id, raw start) x2} ->
    {"conflicting", "revision"}: the two claims the report says disagree."""
    out: dict[frozenset, set[str]] = defaultdict(set)
    for g in report["groups"]:
        if g["verdict"] not in ("conflicting", "revision"):
            continue
        for f in g["findings"]:
            v = {"disjoint": "conflicting", "revision": "revision"}.get(f["relation"])
            if v is None:
                continue
            xs = [m for m in g["members"] if m["article_id"] == f["a"]["article_id"] and _holds(m, f["a"], f["kind"])]
            ys = [m for m in g["members"] if m["article_id"] == f["b"]["article_id"] and _holds(m, f["b"], f["kind"])]
            for x in xs:
                for y in ys:
                    out[frozenset({(x["article_id"], x["raw_start"]), (y["article_id"], y["raw_start"])})].add(v)
    return out


def annotate_cached(arts, cache: str | None) -> list[dict]:
    """Annotations of a story's articles, read from / written to ``cache`` when given."""
    if not cache:
        return list(annotate_articles(arts, Options(progress=False)))
    key = hashlib.sha1("\n".join(a.id + ":" + (a.text or "") for a in arts).encode()).hexdigest()[:16]
    path = Path(cache) / f"verdicts_{_claims_code_hash()}_{key}.json"
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))
    anns = list(annotate_articles(arts, Options(progress=False)))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(anns, ensure_ascii=False), encoding="utf-8")
    return anns


def grouped(units, groups, sim, nouns, floor2, secondary):
    """The lexical default's groups of a story after its recall join and second memberships
    (``secondary`` None: none), as compare makes them, for the recall/paraphrase fits."""
    from storyline.compare import _secondary_lexical, grouping

    g = grouping.recall_join(units, groups, sim, nouns=nouns, floor2=floor2)
    mem = _secondary_lexical(units, g, sim)
    return grouping.recall_secondary(units, g, mem, sim, floor=secondary, nouns=nouns) if secondary is not None else mem
