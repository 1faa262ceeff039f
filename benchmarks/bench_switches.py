"""The same-fact switches that are off by default, scored on hand-labelled batches.

Each switch is a setting of the lexical default that was built, measured in sample and left
off (benchmarks/docs/claims.md, "False corroboration", "Background clauses", "The same-fact
veto", "veto-2"). This runs the path a user takes (``compare_story`` on each labelled
story's articles, as ``bench_verdicts.py``) once per setting and prints, per batch and
pooled, beside the default:

- corroborated precision with its 95 % Wilson interval, same-fact precision / recall;
- the labelled pairs the setting takes out of corroborated groups ("parted") and those it
  puts in ("added"), wrong (not labelled same fact and agree) and right apart;
- conflict findings (the two claims a finding names) and single-source claims stated
  elsewhere, as ``bench_verdicts.py`` counts them.

Settings (``--switch``, repeatable; ``+`` joins two, e.g. ``unproven-0.8+background-verbs``):
``unproven-F`` (predicates.UNPROVEN_FACTOR), ``chain-floor-F`` (grouping.CHAIN_FLOOR),
``secondary-M`` / ``secondary-off`` (compare.SECONDARY_MARGIN), ``background-MODE``
(predicates.BACKGROUND: states, verbs, named), ``veto-1`` (the packaged opt-in model),
``veto-2`` (benchmarks/data/veto_model_2.json), ``main-event-F`` (checks.MAIN_EVENT_FACTOR, the
main-event check: compare/mainevent.py, on by default at 0.9; ``main-event-1`` turns it off),
``evidence-F`` / ``evidence-F-G`` / ``evidence-F-G-R`` (the evidence check on,
``compare_story(evidence=True)``, at checks.EVIDENCE_FACTOR F and checks.EVIDENCE_NEITHER G, 1.0
when not given, predicates.EVIDENCE_RARE R: none, stated, event; on by default since it was measured:
``no-evidence`` turns it off, the baseline the evidence rows were measured against),
``clause-F`` / ``clause-F-own`` / ``clause-F-any`` (the clause check on without its tie,
``compare_story(clause=True, clause_tied=False)``, at checks.CLAUSE_FACTOR F, predicates.CLAUSE_OWN own
or any; off by default), ``clause-tied-F`` / ``clause-tied-F-N`` (the clause check with its tie by
N named events in common, ``compare_story(clause_tied=True)``, at checks.CLAUSE_FACTOR F and
checks.CLAUSE_TIE N; on by default at 0.7 and 2 since it was scored on blind10 and blind11:
``no-clause-tied`` turns it off), ``holders-F`` / ``holders-F-T`` (the holder check on,
``compare_story(holders=True)``: compare/holders.py, checks.HOLDERS_FACTOR F and predicates.HOLDERS_TIE
T; off by default), ``occasion-days-G`` / ``occasion-days-G-MODE`` (the occasion check's day
reading on, ``compare_story(occasion_days=True)``: compare/occasion.py, options.OCCASION_DAY_GAP G
days, options.OCCASION_DAY_UNDATED MODE: none, the default, article or narrative; off by default),
``speaker-F`` / ``speaker-F-T`` (the speaker check on, ``compare_story(speaker=True)``: two statements
of one speaker, compare/holders.py, checks.SPEAKER_FACTOR F and predicates.SPEAKER_TIE T; off by default),
``modality`` / ``modality-R[-R...]`` (the modality check's wider reading on, ``compare_story(modality=True)``:
compare/modality.py ``_moods``, checks.MODALITY_READINGS, or the readings R named: headline, request, adverb,
habitual, present; off by default).
``durations`` (durations of one slot compared as figures, ``compare_story(durations=True)``: compare/durations.py;
off by default).

Run:  .venv/bin/python benchmarks/bench_switches.py --batch blind4 --batch blind5 [--batch blind6]
      [--switch NAME ...] [--cache DIR]
      .venv/bin/python benchmarks/bench_switches.py --all [--switch NAME ...] [--cache DIR]   # in sample
"""

from __future__ import annotations

import time
from collections import defaultdict

from bench_verdicts import annotate_cached, labelled_stories, locate, read_pairs, score_report
from pairdata import ROOT, wilson  # (puts src/ on the path)
import storyline.compare as compare_mod  # noqa: E402
from storyline.compare import align, checks, grouping, occasion, predicates, veto as veto_mod  # noqa: E402

SINGLES = ("unproven-0.8", "unproven-0.71", "chain-floor-0.05", "chain-floor-0.15", "secondary-0.04",
           "secondary-off", "background-states", "background-verbs", "background-named", "veto-1", "veto-2")


def setting(name: str) -> tuple[dict, object]:
    """(module attributes to set, veto argument) of a switch name ('default', or parts joined by '+')."""
    attrs: dict[tuple[object, str], object] = {}
    veto: object = False
    for part in name.split("+"):
        if part == "default":
            continue
        if part.startswith("unproven-"):
            attrs[(predicates, "UNPROVEN_FACTOR")] = float(part.split("-", 1)[1])
        elif part.startswith("evidence-"):
            f = part.split("-")[1:]
            attrs[(checks, "EVIDENCE_FACTOR")] = float(f[0])
            attrs[(checks, "EVIDENCE_NEITHER")] = float(f[1]) if len(f) > 1 else 1.0
            if len(f) > 2:
                if f[2] not in ("none", "stated", "event"):
                    raise SystemExit(f"unknown rare-root reading {f[2]!r}")
                attrs[(predicates, "EVIDENCE_RARE")] = f[2]
        elif part.startswith("clause-tied-"):  # clause-tied-F[-N]: the clause check tied by N named events, at F
            f = part.split("-")[2:]
            attrs[(checks, "CLAUSE_FACTOR")] = float(f[0])
            attrs[("clause", "tied")] = True
            if len(f) > 1:
                attrs[(checks, "CLAUSE_TIE")] = int(f[1])
        elif part.startswith("clause-"):  # clause-F[-own|-any]: the clause check on at F
            f = part.split("-")[1:]
            attrs[(checks, "CLAUSE_FACTOR")] = float(f[0])
            if len(f) > 1:
                if f[1] not in ("own", "any"):
                    raise SystemExit(f"unknown clause reading {f[1]!r}")
                attrs[(predicates, "CLAUSE_OWN")] = f[1] == "own"
        elif part.startswith("holders-"):  # holders-F[-T]: the holder check on at factor F (and tie T)
            f = part.split("-")[1:]
            attrs[(checks, "HOLDERS_FACTOR")] = float(f[0])
            if len(f) > 1:
                attrs[(predicates, "HOLDERS_TIE")] = float(f[1])
        elif part.startswith("speaker-"):  # speaker-F[-T]: the speaker check on at factor F (and tie T)
            f = part.split("-")[1:]
            attrs[(checks, "SPEAKER_FACTOR")] = float(f[0])
            if len(f) > 1:
                attrs[(predicates, "SPEAKER_TIE")] = float(f[1])
        elif part.startswith("occasion-days-"):  # occasion-days-G[-MODE]: the day reading on, gap G
            f = part.split("-")[2:]
            attrs[(occasion, "OCCASION_DAY_GAP")] = int(f[0])
            attrs[("occasion", "days")] = True
            if len(f) > 1:
                if f[1] not in ("none", "article", "narrative"):
                    raise SystemExit(f"unknown day reading {f[1]!r}")
                attrs[(occasion, "OCCASION_DAY_UNDATED")] = f[1]
        elif part == "modality" or part.startswith("modality-"):  # modality[-R-R...]: the wider reading on
            f = part.split("-")[1:]
            bad = set(f) - {"headline", "request", "adverb", "habitual", "present"}
            if bad:
                raise SystemExit(f"unknown modality reading {sorted(bad)}")
            if f:
                attrs[(checks, "MODALITY_READINGS")] = tuple(f)
            attrs[("modality", "on")] = True
        elif part == "durations":  # durations of one slot compared as figures
            attrs[("durations", "on")] = True
        elif part == "no-evidence":
            attrs[("evidence", "off")] = True
        elif part == "no-clause-tied":  # the default without the tied clause check (on by default)
            attrs[("clause", "off")] = True
        elif part.startswith("main-event-"):
            attrs[(checks, "MAIN_EVENT_FACTOR")] = float(part.rsplit("-", 1)[1])
        elif part.startswith("chain-floor-"):
            attrs[(grouping, "CHAIN_FLOOR")] = float(part.rsplit("-", 1)[1])
        elif part == "secondary-off":
            attrs[(compare_mod, "SECONDARY_MARGIN")] = 2.0  # a bar no average link reaches
        elif part.startswith("secondary-"):
            attrs[(compare_mod, "SECONDARY_MARGIN")] = float(part.split("-", 1)[1])
        elif part.startswith("background-"):
            mode = part.split("-", 1)[1]
            if mode not in ("all", "states", "verbs", "named"):
                raise SystemExit(f"unknown background mode {mode!r}")
            attrs[(predicates, "BACKGROUND")] = mode
        elif part == "veto-1":
            veto = True
        elif part == "veto-2":
            veto = veto_mod.load_model(str(ROOT / "benchmarks/data/veto_model_2.json"))
        else:
            raise SystemExit(f"unknown switch {part!r}")
    return attrs, veto


def run(name: str, stories, cache: str | None) -> tuple[dict, dict]:
    """Per batch (and "pooled") the bench_verdicts counts, and per labelled pair id
    (same group, corroborated group) under the setting ``name``."""
    attrs, veto = setting(name)
    evidence = ("evidence", "off") not in attrs  # on, as compare_story's default, unless "no-evidence"
    # the clause check with its tie (clause_tied) is on by default; "clause-F" is the untied
    # check (tie off), "no-clause-tied" neither
    clause = (checks, "CLAUSE_FACTOR") in attrs and ("clause", "tied") not in attrs
    tied = not clause and ("clause", "off") not in attrs
    holders = (checks, "HOLDERS_FACTOR") in attrs
    speaker = (checks, "SPEAKER_FACTOR") in attrs
    days = ("occasion", "days") in attrs
    modality = ("modality", "on") in attrs
    durations = ("durations", "on") in attrs
    attrs = {k: v for k, v in attrs.items() if k[0] not in ("evidence", "clause", "occasion", "modality", "durations")}
    old = {k: getattr(*k) for k in attrs}
    for (mod, attr), v in attrs.items():
        setattr(mod, attr, v)  # each is read at call time
    try:
        stats: dict[str, dict] = defaultdict(lambda: defaultdict(int))
        outcome: dict[int, tuple[bool, bool]] = {}
        for story, arts, labelled in stories:
            report = compare_story_for(story, arts, cache, veto, evidence=evidence, clause=clause, holders=holders,
                                       clause_tied=tied, occasion_days=days, speaker=speaker, modality=modality,
                                       durations=durations)
            score_report(report, labelled, stats["pooled"])
            for b in sorted({r["batch"] for r in labelled}):
                score_report(report, [r for r in labelled if r["batch"] == b], stats[b])
            where = locate(report, labelled)
            for r in labelled:
                ka, kb = ((r[s]["article_id"], r[s]["raw_start"]) for s in "ab")
                if ka not in where or kb not in where:
                    continue
                shared = {g for g, _ in where[ka]} & {g for g, _ in where[kb]}
                outcome[r["id"]] = (bool(shared), any(v == "corroborated" for g, v in where[ka] if g in shared))
        return stats, outcome
    finally:
        for (mod, attr), v in old.items():
            setattr(mod, attr, v)


def compare_story_for(story: str, arts, cache: str | None, veto, evidence: bool = True, clause: bool = False,
                      holders: bool = False, clause_tied: bool = True, occasion_days: bool = False,
                      speaker: bool = False, modality: bool = False, durations: bool = False) -> dict:
    """The story's report by the lexical method, as bench_verdicts.py makes it (the default's
    checks; ``clause`` / ``holders`` / ``clause_tied`` / ``occasion_days`` / ``speaker`` /
    ``modality``: that check on, at checks.CLAUSE_FACTOR / HOLDERS_FACTOR / CLAUSE_FACTOR and
    CLAUSE_TIE / options.OCCASION_DAY_GAP / checks.SPEAKER_FACTOR and predicates.SPEAKER_TIE /
    checks.MODALITY_READINGS)."""
    return compare_mod.compare_story({"id": story}, arts, annotate_cached(arts, cache), [],
                                     method=align.METHOD_LEXICAL, veto=veto, evidence=evidence, clause=clause,
                                     holders=holders, clause_tied=clause_tied, occasion_days=occasion_days,
                                     speaker=speaker, modality=modality, durations=durations)


def right(r: dict) -> bool:
    """A corroborated pair is right when labelled the same fact and agree."""
    return bool(r["same_fact"] and r["relation"] == "agree")


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--batch", action="append", help="labelling batches (repeatable); pooled too")
    ap.add_argument("--all", action="store_true", help="every labelled pair of the file, pooled only (most of them "
                                                        "read while rules were written: in sample)")
    ap.add_argument("--switch", action="append", help=f"settings (repeatable; default: {', '.join(SINGLES)})")
    ap.add_argument("--cache", default=None, help="folder for cached annotations (outside the repo)")
    args = ap.parse_args()
    if not args.batch and not args.all:
        ap.error("--batch or --all")
    t0 = time.time()
    rows = [r for r in read_pairs() if args.all or r["batch"] in args.batch]
    by_id = {r["id"]: r for r in rows}
    stories = list(labelled_stories(rows))
    names = ["default"] + (args.switch or list(SINGLES))
    results = {n: run(n, stories, args.cache) for n in names}
    base = results["default"][1]
    f = lambda a, b: f"{a / b:.3f} ({a}/{b})" if b else "not measured"  # noqa: E731
    print(f"{len(rows)} labelled pairs of {'every batch' if args.all else 'batches ' + ', '.join(args.batch)}; "
          f"{len(base)} with both claims report members")
    for b in ["pooled"] if args.all else list(args.batch) + (["pooled"] if len(args.batch) > 1 else []):
        ids = [i for i in base if b == "pooled" or by_id[i]["batch"] == b]
        print(f"\n{b} ({len(ids)} pairs)")
        print("| setting | corroborated P (95% Wilson) | same fact P | same fact R | wrong / right parted | "
              "wrong / right added | conflict findings P | single-source stated elsewhere |")
        print("|---|---|---|---|---|---|---|---|")
        for n in names:
            st, out = results[n]
            s = st[b]
            k, m = s["right:corroborated"], s["pred:corroborated"]
            lo, hi = wilson(k, m)
            parted = [i for i in ids if base[i][1] and not out.get(i, (False, False))[1]]
            added = [i for i in ids if out.get(i, (False, False))[1] and not base[i][1]]
            pr = sum(right(by_id[i]) for i in parted)
            ar = sum(right(by_id[i]) for i in added)
            print(f"| {n} | {f(k, m)}, {lo:.2f}-{hi:.2f} | {f(s['both_same'], s['pred_same'])} | "
                  f"{f(s['both_same'], s['gold_same'])} | {len(parted) - pr} / {pr} | {len(added) - ar} / {ar} | "
                  f"{f(s['nright:conflicting'], s['npred:conflicting'])} | {f(s['single_elsewhere'], s['single'])} |")
    only = (" --all" if args.all else "".join(f" --batch {b}" for b in args.batch)) + "".join(f" --switch {s}" for s in args.switch or ())
    print(f"\n({time.time() - t0:.0f} s)  reproduce: .venv/bin/python benchmarks/bench_switches.py{only}")


if __name__ == "__main__":
    main()
