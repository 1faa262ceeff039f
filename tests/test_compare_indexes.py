"""The indexes compare uses instead of all pairs find every pair the all-pairs loop
would: quote matches (quotes.match_candidates), checked against the pairwise test on
word lists made to collide (few distinct words, repeats, runs, empty quotes)."""

from __future__ import annotations

import random

from storyline.compare import quotes


def _quote_lists(n: int, seed: int) -> list[list[str]]:
    rnd = random.Random(seed)
    out: list[list[str]] = []
    for _ in range(n):
        if out and rnd.random() < 0.3:  # a trimmed or edited rendering of an earlier quote
            t = list(rnd.choice(out))
            if t and rnd.random() < 0.5:
                t = t[rnd.randrange(len(t)):] if rnd.random() < 0.5 else t[:rnd.randrange(len(t) + 1)]
            if t and rnd.random() < 0.5:
                t[rnd.randrange(len(t))] = rnd.choice("abcdefghijkl")
        else:
            t = [rnd.choice("abcdefghijkl"[:rnd.randint(2, 12)]) for _ in range(rnd.randint(0, 14))]
        out.append(t)
    return out


def test_match_candidates_holds_every_match():
    for seed in range(4):
        toks = _quote_lists(250, seed)
        got = quotes.match_candidates(toks)
        assert got == sorted(set(got))  # row-major, no repeats
        want = {(i, j) for i in range(len(toks)) for j in range(i + 1, len(toks)) if quotes._matches(toks[i], toks[j])}
        assert want, "the lists must make some matches"
        assert want <= set(got), sorted(want - set(got))[:5]
        # and it is a filter: fewer pairs than the cheap reject alone lets through
        cheap = [(i, j) for i in range(len(toks)) for j in range(i + 1, len(toks))
                 if (lambda s, m: s >= min(quotes.MIN_RUN, m) and s >= quotes.MATCH_RATIO * m * 0.5)(
                     len(set(toks[i]) & set(toks[j])), min(len(toks[i]), len(toks[j])))]
        assert set(got) <= set(cheap) and len(got) < len(cheap)
