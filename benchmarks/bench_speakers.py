"""Speaker accuracy on the blind random sample of attributed items (speakers_sample.jsonl).

Reproduce: .venv/bin/python benchmarks/bench_speakers.py [-v] [--split dev|heldout|dev2|heldout2|all]
The sample (drawn by benchmarks/speaker_sample.py, labelled by hand from the article text;
see benchmarks/data/README.md) holds quotes and attributed claims of GVC val and ECB+ dev
topics 28-35 (splits dev, heldout) and, drawn later, of ECB+ dev topics 1-27 (dev2,
heldout2). Each item is re-found in today's annotation (a quote by overlapping span, a
claim by its span) and its speaker judged against the label: right when it names the
labelled speaker (or an accepted alternative), or gives none where the text names none.
Prints accuracy with its 95% Wilson interval beside the labelling-time baseline (the
annotator as it was when the sample was drawn), named speakers that are wrong / not a
speaker, and speakers missing where the text names one. An item no longer produced (a
quote span that changed) is listed and left out of both figures.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from shareddata import DATA  # noqa: E402  ($STORYLINE_SHARED, else ../shared beside the repo)
from pairdata import wilson  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "benchmarks" / "data" / "speakers_sample.jsonl"
CORPORA = {"gvc": DATA / "gvc" / "val.jsonl", "ecbplus": DATA / "ecbplus" / "dev.jsonl"}


def same(gold: dict, sp: dict | None) -> bool:
    """The system's speaker names the labelled one: by name key, a surname matching the
    full name it ends, or offsets inside the labelled mention."""
    from storyline.annotate.canonical import key

    if gold.get("speaker") is None:
        return sp is None
    if sp is None:
        return False
    wanted = [gold["speaker"]["name"]] + gold.get("alt", [])
    got = {key(x) for x in (sp.get("entity") or "", sp.get("name") or "", sp.get("text") or "") if x}
    for w in wanted:
        k = key(w)
        for g in got:
            if g and (g == k or k.endswith(" " + g) or g.endswith(" " + k)):
                return True
    return False


def find(item: dict, ann: dict):
    """(found, speaker) of the item in an annotation: the overlapping direct/partial quote,
    or the claim with the same span and its attribution's source."""
    a, b = item["start"], item["end"]
    if item["type"] == "quote":
        for q in ann["quotes"]:
            if q["kind"] in ("direct", "partial") and min(b, q["raw_end"]) - max(a, q["raw_start"]) > 0.5 * (b - a):
                return True, q["speaker"]
        return False, None
    for c in ann["claims"]:
        if c["raw_start"] == a and c["raw_end"] == b:
            ai = c.get("attribution")
            return True, ann["attributions"][ai].get("source") if ai is not None else None
    return False, None


def annotated(sample: list[dict]) -> dict:
    from storyline.annotate import annotate_articles
    from storyline.options import Options
    from storyline.records import Article

    want = {(s["dataset"], s["id"]) for s in sample}
    rows = []
    for name, path in CORPORA.items():
        for line in path.open(encoding="utf-8"):
            r = json.loads(line)
            if (name, r["id"]) in want:
                rows.append((name, r))
    arts = [Article(id=r["id"], raw_text=r["text"], text=r["text"], published=r.get("published"), title=r.get("title"))
            for _, r in rows]
    return {(name, r["id"]): ann for (name, r), ann in zip(rows, annotate_articles(arts, Options(progress=False)))}


def score(split: str, items: list[dict], anns: dict, verbose: bool) -> None:
    n = ok = base = 0
    named = named_ok = wrong = not_sp = missing = lost = 0
    for it in items:
        found, sp = find(it, anns[(it["dataset"], it["id"])])
        if not found:
            # no longer produced (a quote or claim span changed): listed, not judged
            lost += 1
            if verbose:
                print(f"  {split} {it['id']} {it['type']} {it['text']!r}: no longer produced (label {it['label']})")
            continue
        n += 1
        base += it["label"] in ("right", "none")
        good = same(it, sp)
        ok += good
        if sp is not None:
            named += 1
            named_ok += good
            wrong += not good and it.get("speaker") is not None
            not_sp += not good and it.get("speaker") is None
        elif it.get("speaker") is not None:
            missing += 1
        if verbose and not good:
            print(f"  {split} {it['id']} {it['type']} {it['text']!r}: want {(it.get('speaker') or {}).get('name')!r}, "
                  f"got {sp and sp.get('text')!r}{' (item not found)' if not found else ''}")
    lo, hi = wilson(ok, n)
    blo, bhi = wilson(base, n)
    nlo, nhi = wilson(named_ok, named)
    print(f"[{split}] items {n} in {len({i['id'] for i in items})} articles")
    print(f"[{split}] speaker right: {ok}/{n} = {ok / n:.3f} (95% {lo:.3f}-{hi:.3f});"
          f" at labelling, same items: {base}/{n} = {base / n:.3f} ({blo:.3f}-{bhi:.3f})")
    if named:
        print(f"[{split}] named speakers right: {named_ok}/{named} = {named_ok / named:.3f} (95% {nlo:.3f}-{nhi:.3f});"
              f" wrong person/body {wrong}, not a speaker {not_sp}; missing where the text names one: {missing}")
    else:
        print(f"[{split}] named speakers: not measured (none)")
    if lost:
        print(f"[{split}] items no longer produced, not judged: {lost} (-v lists them)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="list every item judged wrong")
    ap.add_argument("--split", choices=("dev", "heldout", "dev2", "heldout2", "all"), default="dev",
                    help="heldout/heldout2 are scored once, at the end of a change (default: dev)")
    args = ap.parse_args(argv)
    if not all(p.exists() for p in CORPORA.values()):
        print("not measured: corpus files missing under", DATA)
        return 1
    sample = [json.loads(line) for line in SAMPLE.open(encoding="utf-8")]
    if args.split != "all":
        sample = [s for s in sample if s["split"] == args.split]
    anns = annotated(sample)
    score(args.split, sample, anns, args.verbose)
    print(f"command: .venv/bin/python benchmarks/bench_speakers.py --split {args.split}{' -v' if args.verbose else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
