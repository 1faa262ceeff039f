"""Who a claim is about: the "different people" checks on the hand-labelled pairs.

Two checks answered nearly one question before issue 15's participant reading: the pair
decision's (figures of one counted thing about people of whom the two claims share no one,
not even a name word) and the dispute rules' (the claims name people and none within the
other's name; or named participants of which none is within another's). For every labelled
pair (benchmarks/data/verdict_pairs.jsonl) both claims' units are built as the compare step
builds them, and each check is asked whether the two are about different people; printed:
how often each fires on same-fact pairs (a false split) and on different-fact pairs, and the
pairs where the reading of ``storyline.compare.people`` differs from a former check, with
their labels.

Then, on every article of GVC val and ECB+ dev (``--named``): how many claims name no
person but gain one from a description the article ties to a name ("the gunman, John
Smith"; "Smith, 23, ..."), and how many claims name a person at all.

Run:  .venv/bin/python benchmarks/bench_people.py [--batch B ...] [--cache DIR] [--list] [--roles] [--all-pairs] [--named]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict

from pairdata import ROOT, shared  # (puts src/ on the path)
from bench_verdicts import annotate_cached  # noqa: E402
from storyline.compare import people  # noqa: E402
from storyline.compare.units import build_units  # noqa: E402
from verdict_sample import disputes_stories, load_stories, people_stories  # noqa: E402


def _figure_slots(u: dict) -> set:
    return {(q.get("counted"), q.get("unit")) for q in u["quantities"] if q.get("counted") and q.get("kind") != "age"}


def old_align(a: dict, b: dict) -> bool:
    """main 7eaf794's ``align._other_people``: shared figure slots, no name word in common."""
    if not _figure_slots(a) & _figure_slots(b):
        return False
    pa, pb = set(a.get("persons") or ()), set(b.get("persons") or ())
    return bool(pa and pb) and not {t for k in pa for t in k.split()} & {t for k in pb for t in k.split()}


def old_align_people(a: dict, b: dict) -> bool:
    """``old_align``'s reading of the people alone (no figure needed)."""
    pa, pb = set(a.get("persons") or ()), set(b.get("persons") or ())
    return bool(pa and pb) and not {t for k in pa for t in k.split()} & {t for k in pb for t in k.split()}


def old_disputes(a: dict, b: dict) -> bool:
    """main 7eaf794's ``verdicts._different_people``: no person's name words within another's."""
    pa, pb = [set(p.split()) for p in a.get("persons") or ()], [set(p.split()) for p in b.get("persons") or ()]
    return bool(pa and pb) and not any(x <= y or y <= x for x in pa for y in pb)


def stories_for(rows: list[dict]):
    late = ("fresh", "samefact", "recall", "paraphrase", "roles", "fragments", "fragments2", "frames")
    out = load_stories(more=any(r["story"].endswith(":all") and r["batch"] not in late for r in rows))
    if any(r["batch"] in late for r in rows):
        out += load_stories(fresh=True)
    if any(r["batch"] == "revision2" for r in rows):
        out += load_stories(revision2=True)
    if any(r["batch"].startswith("disputes") for r in rows):
        out += disputes_stories()
    if any(r["batch"] == "people" for r in rows):
        out += people_stories()
    return out


def pairs(rows: list[dict], cache: str | None):
    """(row, unit a, unit b) of every labelled pair whose claims are units."""
    by_story = defaultdict(list)
    for r in rows:
        by_story[(r["source"], r["story"])].append(r)
    done = set()
    for source, story, arts in stories_for(rows):
        if (source, story) not in by_story or (source, story) in done:
            continue
        done.add((source, story))
        units = build_units(arts, annotate_cached(arts, cache))
        at = {(u["article_id"], u["raw_start"]): u for u in units}
        for r in by_story[(source, story)]:
            a, b = at.get((r["a"]["article_id"], r["a"]["raw_start"])), at.get((r["b"]["article_id"], r["b"]["raw_start"]))
            if a is not None and b is not None:
                yield r, a, b


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--batch", action="append", help="only these labelling batches (default: all but people, the blind one)")
    ap.add_argument("--cache", default=None, help="folder for cached annotations (outside the repo)")
    ap.add_argument("--list", action="store_true", help="print the pairs where the checks disagree")
    ap.add_argument("--roles", action="store_true",
                    help="pairs with one predicate and one person as its subject in one claim and object in the other")
    ap.add_argument("--all-pairs", action="store_true",
                    help="every cross-article claim pair of the labelled stories sharing a figure slot (labelled or "
                         "not): where the checks disagree, by the two claims' people")
    ap.add_argument("--named", action="store_true", help="count claims gaining a named participant on GVC val and ECB+ dev")
    args = ap.parse_args()
    rows = [json.loads(x) for x in (ROOT / "benchmarks/data/verdict_pairs.jsonl").open(encoding="utf-8")]
    rows = [r for r in rows if (r["batch"] in args.batch if args.batch else r["batch"] != "people")]
    fig = lambda f: lambda a, b: f(a, b) and bool(_figure_slots(a) & _figure_slots(b))  # noqa: E731
    names = lambda a, b: people.different_people(dict(a, described=()), dict(b, described=()))  # noqa: E731
    checks = {"align (old)": old_align, "disputes (old), figures": fig(old_disputes),
              "new names, figures": fig(names), "new, figures": fig(people.different_people),
              "align (old), any pair": old_align_people, "disputes (old)": old_disputes, "new names": names,
              "new": people.different_people}
    fired = {k: defaultdict(int) for k in checks}
    gold = defaultdict(int)
    listed = []
    for r, a, b in pairs(rows, args.cache):
        label = {True: "same", False: "different"}.get(r["same_fact"], "ambiguous")
        gold[label] += 1
        got = {k: f(a, b) for k, f in checks.items()}
        for k, v in got.items():
            fired[k][label] += v
        if len({got["align (old)"], got["disputes (old), figures"], got["new, figures"]}) > 1 or got["new names"] != got["new"]:
            listed.append((r, a, b, got))
    print(f"{sum(gold.values())} labelled pairs ({', '.join(f'{v} {k}' for k, v in gold.items())}); batches: "
          + (", ".join(args.batch) if args.batch else "all but people"))
    print(f"  {'check':26} fires on same-fact (false split)  on different-fact (right)  on ambiguous")
    for k in checks:
        print(f"  {k:26} {fired[k]['same']:>8}{'':26}{fired[k]['different']:>6}{'':22}{fired[k]['ambiguous']:>4}")
    print(f"pairs where the checks on shared figures disagree, or a description changes the new reading: {len(listed)}")
    if args.list:
        for r, a, b, got in listed:
            label = {True: r["relation"], False: "different fact"}.get(r["same_fact"], "ambiguous")
            says = "; ".join(f"{k}: {'different' if v else 'not'}" for k, v in got.items())
            print(f"  #{r['id']} ({r['batch']}, labelled {label}) {says}\n    a: {a['text'][:160]}\n       people {people.participants(a)}"
                  f"\n    b: {b['text'][:160]}\n       people {people.participants(b)}")
    if args.roles:
        roles(rows, args.cache)
    if args.all_pairs:
        all_pairs(rows, args.cache)
    if args.named:
        named(args.cache)
    only = "".join(f" --batch {b}" for b in args.batch or ())
    only += " --roles" * args.roles + " --all-pairs" * args.all_pairs + " --named" * args.named
    print(f"\nreproduce: .venv/bin/python benchmarks/bench_people.py{only} [--cache DIR]")


def _role(u: dict, person: str) -> str:
    """"s" / "o": the person's surname in the claim's subject / object text (no voice kept)."""
    sur = person.split()[-1]
    return ("s" if sur in (u.get("subject") or "").lower().split() else "") + \
        ("o" if sur in (u.get("object") or "").lower().split() else "")


def roles(rows: list[dict], cache: str | None) -> None:
    """Labelled pairs with one main predicate and one person in it: the person subject in one
    claim and object in the other (a swapped role) vs in one slot, by label."""
    count: dict[tuple, int] = defaultdict(int)
    swapped = []
    for r, a, b in pairs(rows, cache):
        if not a.get("predicate_key") or a["predicate_key"] != b.get("predicate_key"):
            continue
        for x in people.participants(a):
            for y in people.participants(b):
                ra, rb = _role(a, x), _role(b, y)
                if people.same_person(x, y) and ra in ("s", "o") and rb in ("s", "o"):
                    label = {True: "same", False: "different"}.get(r["same_fact"], "ambiguous")
                    count[(ra != rb, label)] += 1
                    if ra != rb:
                        swapped.append((r["id"], label, a["text"][:90], b["text"][:90]))
    print("\none main predicate, one person subject in one claim and object in the other (swapped) or in one slot:")
    for (sw, label), k in sorted(count.items()):
        print(f"  {'swapped' if sw else 'one slot':8} {label:10} {k}")
    for pid, label, ta, tb in swapped:
        print(f"  #{pid} ({label}) {ta} | {tb}")


def all_pairs(rows: list[dict], cache: str | None) -> None:
    """Every cross-article pair of claims of the labelled stories that share a figure slot and
    both have people (where the checks apply, labelled or not): how often the former checks
    and the new reading disagree, listed by the two claims' people, to be read."""
    seen, n = set(), 0
    found: dict[tuple, int] = defaultdict(int)
    for source, story, arts in stories_for(rows):
        if (source, story) in seen:
            continue
        seen.add((source, story))
        units = [u for u in build_units(arts, annotate_cached(arts, cache)) if _figure_slots(u) and people.participants(u)]
        for i, a in enumerate(units):
            for b in units[i + 1:]:
                if a["article_id"] == b["article_id"] or not _figure_slots(a) & _figure_slots(b):
                    continue
                n += 1
                got = (old_align(a, b), old_disputes(a, b), people.different_people(a, b))
                if len(set(got)) > 1:
                    found[(got, story, tuple(sorted(people.participants(a))), tuple(sorted(people.participants(b))))] += 1
    print(f"\n{n} cross-article claim pairs of these stories share a figure slot and have people; the checks "
          f"disagree on {sum(found.values())} (align old / disputes old / new: D different, - not):")
    for (got, story, pa, pb), k in sorted(found.items(), key=lambda kv: (-kv[1], kv[0][1:])):
        print(f"  {k:3} {''.join('D' if g else '-' for g in got)}  {story}: {', '.join(pa)} | {', '.join(pb)}")


def named(cache: str | None) -> None:
    """Claims that gain a named participant from a description, on GVC val and ECB+ dev (each
    story's articles compared as one story, as ``storyline run`` would group them)."""
    from verdict_sample import _article

    for name, path in (("GVC val", "data/gvc/val.jsonl"), ("ECB+ dev", "data/ecbplus/dev.jsonl")):
        by_story = defaultdict(list)
        for r in map(json.loads, (shared() / path).open(encoding="utf-8")):
            by_story[str(r["story"])].append(r)
        docs = n = with_person = gained = family = 0
        for story in sorted(by_story):
            arts = [_article(r) for r in sorted(by_story[story], key=lambda r: r["id"])]
            units = build_units(arts, annotate_cached(arts, cache))
            docs += len(arts)
            n += len(units)
            with_person += sum(1 for u in units if u["persons"])
            gained += sum(1 for u in units if not u["persons"] and any(not k.startswith("~") for k in u["described"]))
            family += sum(1 for u in units if not participants_named(u) and u["described"])
        print(f"{name}: {docs} articles, {n} claims; {with_person} ({with_person / max(n, 1):.3f}) name a person; "
              f"{gained} ({gained / max(n, 1):.3f}) more gain one from a description tied to a name; "
              f"{family} name no one but a family word")


def participants_named(u: dict) -> bool:
    return any(not k.startswith("~") for k in people.participants(u))


if __name__ == "__main__":
    main()
