"""Origins and speakers on real multi-outlet text: relays, outlet merges, surname splits.

Reproduce: PYTHONPATH=src .venv/bin/python benchmarks/bench_origins.py [-v]
Data: ECB+ dev (772 docs) and GVC val (78 docs) from the shared data folder (beside the
repo as shared/, or STORYLINE_SHARED). Neither corpus carries outlet names or URLs, so
what is measured is what the texts say about their sources:

- relays: claims credited to an upstream report (named, unnamed "media reports", a name
  missing), the distinct origins they make under the outlet registry and under the
  previous rule (folded names, agency aliases only) with the surface forms merged;
  pointers back ("the report said", "the list shows") and how far they carry
  (the previous rule carried a relay 3 sentences);
- speakers: surname-only person mentions given another person than the one
  ``group_mentions`` alone picks (``split_surnames``), listed with -v for checking by eye;
  quote speakers that are a place, a dateline or a document title taken as a person.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def shared() -> Path:
    for p in (os.environ.get("STORYLINE_SHARED"), ROOT.parent / "shared"):
        if p and (Path(p) / "data").is_dir():
            return Path(p) / "data"
    sys.exit("shared data folder not found: put it beside the repo as shared/ or set STORYLINE_SHARED")


STORY = {}  # article id -> gold story (ECB+ "story", GVC "incident")


def load(path: Path):
    from storyline.records import Article

    with path.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            STORY[r["id"]] = r.get("story") or r.get("incident")
            yield Article(id=r["id"], raw_text=r["text"], text=r["text"], title=r.get("title"), published=r.get("published"))


def quote_sets(anns: list[dict], verbose: bool) -> Counter:
    """Statuses of the quotes shared by articles of one gold story (quote fidelity)."""
    from storyline.compare.quotes import quote_fidelity

    by_story: dict[str, list] = defaultdict(list)
    for a in anns:
        by_story[STORY.get(a["id"]) or a["id"]].append(a)
    out = Counter()
    for sid, group in sorted(by_story.items()):
        if len(group) < 2:
            continue
        order = {a["id"]: (str(a.get("published") or "9999"), i) for i, a in enumerate(group)}
        for q in quote_fidelity(group, order, {}):
            out[q["status"]] += 1
            if verbose and q["status"] in ("translated", "altered"):
                rs = [r for r in q["renderings"] if r["relation"] != "reference"]
                print(f"  QUOTE {q['status']:10} {q['text'][:70]!r} ~ {rs[0]['text'][:70]!r}")
    return out


def units_of(ann: dict, index: int) -> list[dict]:
    out = []
    for c in ann["claims"]:
        att = ann["attributions"][c["attribution"]] if c.get("attribution") is not None else None
        out.append({"article_id": ann["id"], "article_index": index, "start": c["start"], "sentence": c["sentence"],
                    "hedges": [ann["hedges"][i] for i in c["hedges"]], "attribution": att, "text": c["text"]})
    return out


def old_key(text: str) -> str:
    """The previous origin key of a relay: folded name, the copy detector's agency aliases."""
    from storyline.compare.units import fold

    aliases = {"ap": "associated press", "the associated press": "associated press", "thomson reuters": "reuters",
               "afp": "afp", "agence france presse": "afp", "agence france-presse": "afp", "bloomberg news": "bloomberg",
               "united press international": "upi", "press association": "pa media"}
    k = re.sub(r"[\W_]+", " ", fold(text or "")).strip()
    return aliases.get(k, k)


_TITLE_TAILS = {"memo", "memos", "report", "files", "papers", "tapes", "act", "bill", "law", "doctrine", "letter",
                "hearing", "trial", "case", "border", "patrol", "department", "police"}


def not_a_person(e: dict) -> bool:
    """A place, or a "person" that is a document title or a fragment led by a country (checked
    here on its own so that the previous code can be measured with the same test)."""
    if e["label"] in ("GPE", "LOC", "FAC"):
        return True
    from storyline.annotate.canonical import key

    words = e["text"].lower().replace(".", " ").split()
    name = key(e["text"]).split()  # titles off: "US Defence Secretary Robert Gates" is a person
    return e["label"] == "PERSON" and bool(words) and (words[-1] in _TITLE_TAILS or name[:1] in (["u"], ["us"], ["uk"]))


def run(name: str, path: Path, verbose: bool) -> None:
    from storyline.annotate import annotate_articles
    from storyline.annotate.canonical import group_mentions
    from storyline.compare.origins import CARRY_SENTENCES, credit_units
    from storyline.options import Options

    arts = list(load(path))
    anns = list(annotate_articles(arts, Options(progress=False)))
    kinds = Counter()
    forms: dict[str, set] = defaultdict(set)
    old_keys, new_keys = set(), set()
    carried, far, pointers = 0, 0, 0
    splits = []
    bad_speakers = []
    for i, ann in enumerate(anns):
        units = units_of(ann, i)
        credit_units(units)
        named_at: dict[str, int] = {}
        for u in units:
            r = u["relay"]
            if not r:
                continue
            kinds[r["kind"] if not r.get("key") else "named"] += 1
            if r.get("key") and not r.get("carried"):
                named_at[r["key"]] = u["sentence"]
                src = (u["attribution"] or {}).get("source") or {}
                surface = " ".join((r.get("as") or r.get("text") or "").split())
                forms[r["key"]].add(surface)
                old_keys.add(old_key(surface))
                new_keys.add(r["key"])
            elif r.get("carried"):
                carried += 1
                src = (u["attribution"] or {}).get("source") or {}
                if src.get("kind") == "document" or src.get("refers_to"):
                    pointers += 1
                if r.get("key") and u["sentence"] - named_at.get(r["key"], u["sentence"]) > CARRY_SENTENCES:
                    far += 1
                    if verbose:
                        print(f"  FAR   {ann['id']} [{r['key']}] {u['text'][:110]!r}")
        # surname splits: the final entity vs the one grouping alone gives
        persons = [e for e in ann["entities"] if e["label"] == "PERSON"]
        plain = [{"text": e["text"], "label": e["label"]} for e in ann["entities"]]
        group_mentions(plain)
        for e, p in zip(ann["entities"], plain):
            if e["label"] == "PERSON" and e["entity"] != p["entity"]:
                splits.append((ann["id"], e["text"], p["entity"], e["entity"], ann["text"][max(0, e["start"] - 60):e["end"] + 40]))
        del persons
        for q in ann["quotes"]:
            sp = q.get("speaker") or {}
            if sp.get("kind") != "person":
                continue
            s0, s1 = sp.get("start"), sp.get("end")
            if not isinstance(s0, int) or not isinstance(s1, int):
                continue
            # the speaker is (inside) one entity mention: "PALM BEACH", "James Comey Memos"
            ents = [e for e in ann["entities"] if e["start"] <= s0 and s1 <= e["end"]]
            if any(not_a_person(e) for e in ents):
                bad_speakers.append((ann["id"], sp.get("text"), q["text"][:80]))
    merged = {k: sorted(f for f in v if f) for k, v in forms.items()}
    qs = quote_sets(anns, verbose)
    print(f"[{name}] {len(arts)} docs, {sum(len(a['claims']) for a in anns)} claims")
    print(f"[{name}] relayed claims: named {kinds['named']}, name missing {kinds['missing']}, unnamed "
          f"('media reports') {kinds['unnamed']} (no origin of their own)")
    print(f"[{name}] distinct upstream origins: {len(new_keys)} with the registry vs {len(old_keys)} by folded name "
          f"(previous rule); merged surface forms:")
    for k, v in sorted(merged.items()):
        if len({old_key(f) for f in v}) > 1:
            print(f"    {k}: {v}")
    print(f"[{name}] relays carried: {carried} claims ({pointers} by a pointer back such as 'the report said'); "
          f"{far} beyond the previous {CARRY_SENTENCES}-sentence carry")
    print(f"[{name}] quotes shared within a gold story: " + ", ".join(f"{k} {v}" for k, v in sorted(qs.items())))
    print(f"[{name}] surname-only mentions given another person than grouping alone: {len(splits)}")
    if verbose:
        for s in splits:
            print(f"  SPLIT {s[0]} {s[1]!r}: {s[2]} -> {s[3]}  …{' '.join(s[4].split())}…")
    print(f"[{name}] quote speakers taken as a person that are a place, dateline or title: {len(bad_speakers)}")
    for b in bad_speakers[:10]:
        print(f"    {b}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    data = shared()
    run("ECB+ dev", data / "ecbplus" / "dev.jsonl", args.verbose)
    run("GVC val", data / "gvc" / "val.jsonl", args.verbose)
    print("speaker accuracy on hand-checked quotes: benchmarks/bench_quotes.py")
    print("command: PYTHONPATH=src .venv/bin/python benchmarks/bench_origins.py -v")


if __name__ == "__main__":
    main()
