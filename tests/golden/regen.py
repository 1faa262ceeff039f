"""Regenerate the golden annotation files for the seed articles (examples/*.txt).

    .venv/bin/python tests/golden/regen.py            # rewrite tests/golden/<seed>.json
    .venv/bin/python tests/golden/regen.py --check    # only show what would change

The "expected" lists are produced from the current annotator and MUST be re-checked
by hand after regenerating (the printed diff shows what moved); the hand-written
"must_not" lists are kept as they are. Articles are cleaned with
storyline.clean.clean_article when that module is present.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent


def load_seed(path: Path):
    from storyline.records import Article

    raw = path.read_text(encoding="utf-8")
    art = Article(id=path.stem, raw_text=raw)
    try:
        from storyline.clean import clean_article
    except ImportError:
        art.text = raw
        return art
    return clean_article(art)


def summarize(ann: dict) -> dict:
    """The items a golden file pins: compared by content, not offsets."""
    quotes = []
    for q in ann["quotes"]:
        sp = q.get("speaker") or {}
        item = {"kind": q["kind"], "text": q["text"][:60], "speaker": sp.get("entity"), "cue": q.get("cue")}
        if q.get("via"):
            item["via"] = [v.get("entity") or v.get("text") for v in q["via"]]
        quotes.append(item)
    attributions = []
    for a in ann["attributions"]:
        s = a["source"]
        item = {"cue": a["cue"], "source": s.get("entity") or s.get("text"), "kind": s["kind"],
                "chain": [c.get("entity") or c.get("text") for c in a.get("chain", [])]}
        if s.get("refers_to"):
            item["refers_to"] = s["refers_to"]["text"]
        attributions.append(item)
    hedges = [{"kind": h["kind"], "text": h["text"], "in_quote": h["in_quote"]} for h in ann["hedges"]]
    return {"quotes": quotes, "attributions": attributions, "hedges": hedges}


def annotate_seed(path: Path) -> dict:
    from storyline.annotate import annotate_article

    return annotate_article(load_seed(path))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="print differences, write nothing")
    args = ap.parse_args(argv)
    changed = 0
    for seed in sorted((ROOT / "examples").glob("*.txt")):
        out = GOLDEN / f"{seed.stem}.json"
        old = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
        new = {"source": f"examples/{seed.name}", "expected": summarize(annotate_seed(seed)),
               "must_not": old.get("must_not", {"quotes": [], "attributions": [], "hedges": [], "entities": []}),
               "note": old.get("note", "expected: generated, re-check by hand; must_not: hand-written")}
        for part in ("quotes", "attributions", "hedges"):
            before = old.get("expected", {}).get(part, [])
            after = new["expected"][part]
            for x in before:
                if x not in after:
                    print(f"{seed.stem} {part} - {json.dumps(x, ensure_ascii=False)}")
                    changed += 1
            for x in after:
                if x not in before:
                    print(f"{seed.stem} {part} + {json.dumps(x, ensure_ascii=False)}")
                    changed += 1
        if not args.check:
            out.write_text(json.dumps(new, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{changed} changed item(s)" + (" (not written)" if args.check else "; re-check them by hand"))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
