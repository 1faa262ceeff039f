"""The timex grammar scanned only near its required words finds what a full scan finds."""

import json
from pathlib import Path

import pytest

from storyline.annotate.timex import grammar
from storyline.annotate.timex.prefilter import extents, required, windows
from shareddata import DATA  # noqa: E402  (tests/ is on the path)

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize("pattern, want", [
    (r"\b(?:last|next)\s+week\b", {"week"}),
    (r"(?i:\b(?P<w>today|yesterday))\b", {"today", "yesterday"}),
    (r"\d+\s+(?:days?|weeks?)\s+ago", {"ago"}),
    (r"(?:early\s+)?(?:January|June)", {"january", "june"}),
    (r"\d+(?=\s*(?:and|or)\s*\d+\s+years)", {"years"}),  # a positive lookahead's words are next to the match
    (r"\d+(?!\s*years)", None),  # a negative one requires nothing
    (r"[0-9]+:[0-9]+", {f":{d}" for d in range(10)}),  # ":" and the digit after it
    (r"\w+", None),
    (r"(?:foo)?", None),
    # a lookbehind's text joins what follows it: "in '09" holds "in '"
    (r"(?:(?<=in )|(?<=by ))['’]\d\d\b", {"in '", "in ’", "by '", "by ’"}),
    (r"(?:(?<=since )|at )'", {"since '", "at '"}),
    # ... but not what precedes it: in "year(?<=ar)s" the "ar" overlaps "year"
    (r"year(?<=ar)s", {"year"}),
])
def test_required_words(pattern, want):
    got = required(pattern)
    assert (set(got) if got else None) == want


@pytest.mark.parametrize("pattern, want", [
    # (before, after): +1 either side for the characters a \b reads beyond the match
    (r"\b\d+\s+(?:days?|weeks?)\s+ago\b", {"ago": (float("inf"), 1)}),
    (r"\b(?:last|next)\s+week(?:end)?\b", {"week": (float("inf"), 4)}),
    # a lookaround inside a run of exact strings widens both sides (conservative)
    (r"\b(?:today|tonight)\b(?!-\w)", {"today": (3, 3), "tonight": (3, 3)}),
    # a dropped longer string passes its reach on: "days" holds "day"
    (r"\d\d\s(?:day|days)\b", {"day": (4, 2)}),
    (r"(?:(?<=in )|(?<=by ))'\d\d\b", {"in '": (1, 3), "by '": (1, 3)}),
    # a lookahead's words: the match ends before them
    (r"\d+(?=\s(?:years|months))", {"years": (float("inf"), 1), "months": (float("inf"), 1)}),
])
def test_extents(pattern, want):
    assert extents(pattern) == want


def test_windows_by_extents():
    lower = "x" * 50 + "ago" + "y" * 50
    assert windows({"ago": (10, 2)}, lower, 20) == [(40, 55)]
    assert windows({"ago": (float("inf"), 2)}, lower, 20) == [(30, 55)]


def test_windows_merge_and_clip():
    lower = "a" * 50 + "ago" + "b" * 300 + "ago" + "c" * 10 + "ago"
    assert windows(frozenset({"ago"}), lower, 20) == [(30, 73), (333, len(lower))]


def _texts() -> list[str]:
    out = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    out += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "golden").glob("*.txt"))]
    for name in ("meantime/timex.jsonl", "ecbplus/dev.jsonl", "gvc/val.jsonl"):
        p = DATA / name
        if p.exists():
            out += [json.loads(line).get("text") or "" for line in p.open(encoding="utf-8")][:120]
    out += ["İstanbul, 3 days ago, on İ Monday", "It happened 3 dayſ ago, Kılıçdaroğlu said yesterday.", "the year 2009\n\n\n", ""]
    return out


def test_every_match_is_near_a_required_word():
    for text in _texts():
        lower = text.lower()
        if len(lower) != len(text) or grammar._CASE_ODD.search(text):
            continue  # lower() is no guide to (?i) matches here: find_candidates scans it whole
        for (rule, rx, _, _), req in zip(grammar.COMPILED, grammar.REQUIRED):
            if req is None:
                continue
            for m in rx.finditer(text):
                if m.end() == m.start():
                    continue
                near = lower[max(0, m.start() - grammar.WINDOW): m.end() + grammar.WINDOW]
                assert any(s in near for s in req), (rule, m.group())
                # ... and within the reach ``extents`` gives it
                assert any(a <= m.start() and m.end() <= b for a, b in windows(req, lower, grammar.WINDOW)), (rule, m.group())


def test_same_candidates_as_a_full_scan():
    texts = _texts()
    assert len(texts) > 4  # real articles beside the four made-up strings (the shared sets' when present)
    for text in texts:
        got = sorted((c.rule, (c.start, c.end)) for c in grammar.find_candidates(text))
        # find_candidates trims spans and drops rejected parses: compare what a full scan keeps
        saved = grammar.REQUIRED
        try:
            grammar.REQUIRED = [None] * len(saved)
            want = sorted((c.rule, (c.start, c.end)) for c in grammar.find_candidates(text))
        finally:
            grammar.REQUIRED = saved
        assert got == want


def test_finder_finds_every_occurrence():
    from storyline.annotate.timex.prefilter import Finder

    strings = ["the", "then", "he", "day", "days", "a.m.", "am", ".", "-01-", "in '"]
    finder = Finder(strings)
    texts = ["then the day, he said, days later at 9 a.m. (2014-01-01) in '09", "", "thethenthe", "-01-01-"]
    texts += [t.lower() for t in _texts()[:40]]
    for lower in texts:
        hits = finder.find(lower)
        for s in strings:
            want, i = [], lower.find(s)
            while i >= 0:
                want.append(i)
                i = lower.find(s, i + 1)
            assert hits.get(s, []) == want, (s, lower[:60])
        assert all(hits.values())  # only the strings present


@pytest.mark.parametrize("pattern, want", [
    (r"(?i:over|about)\s+", r"(?=(?i:[ao]))(?i:over|about)\s+"),
    (r"(?<=\d )(?:a|per)\b", r"(?=(?i:[ap]))(?<=\d )(?:a|per)\b"),
    (r"\b(?:\d+|two|[x-z])", r"(?=(?i:[\dtx-z]))\b(?:\d+|two|[x-z])"),
    (r"(?:the\s+)?\d", r"(?=(?i:[\dt]))(?:the\s+)?\d"),
    (r"(?:foo)?", r"(?:foo)?"),  # may match empty: no guard
    (r"[^a]bc", r"[^a]bc"),  # may start with any character
])
def test_guard(pattern, want):
    from storyline.annotate.timex.prefilter import guard

    assert guard(pattern) == want


def test_guards_change_no_match():
    """The grammar's guarded patterns match what they match without the guard."""
    import re

    lead = re.compile(r"\(\?=\(\?i:\[[^\]]*\]\)\)")
    texts = _texts() + ["ſome 3 days", "Over 2 weeks", "K about 2 days", "3 A day", "twice PER week",
                        "١٢ or ١٣ days", "ſix or seven days", "HALF to one hour"]
    guarded = [(rule, rx) for rule, rx, _, _ in grammar.COMPILED if lead.search(rx.pattern)]
    assert len(guarded) >= 3
    for rule, rx in guarded:
        bare = re.compile(lead.sub("", rx.pattern))
        for text in texts:
            assert [(m.span(), m.groupdict()) for m in rx.finditer(text)] == \
                   [(m.span(), m.groupdict()) for m in bare.finditer(text)], (rule, text[:60])


@pytest.mark.parametrize("pattern, want", [
    # exact text joins what the next element starts with
    (r"\b\d\d?(?::|\.)[0-5]\d", {":0", ":1", ":2", ":3", ":4", ":5", ".0", ".1", ".2", ".3", ".4", ".5"}),
    (r"(?i:late)[- ](?:1[89]\d\d|this year)", {"late 18", "late 19", "late this year", "late-18", "late-19", "late-this year"}),
    # an optional element starts nothing for sure
    (r"x(?:\d|[ab]\d)", {"x"}),
])
def test_required_words_join_prefixes(pattern, want):
    assert set(required(pattern)) == want
