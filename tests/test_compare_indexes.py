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


def _title_mentions_all(text: str, titles: dict[str, str]) -> set[str]:
    """Every title tried, as before the index."""
    import re

    from storyline.lexicon.text import fold_in_place as fold  # as units does

    low = fold(text)
    found = set()
    for t, key in titles.items():
        for m in re.finditer(r"\b(the|our|their|its|his|her)\s+" + re.escape(t) + r"\b", low):
            last = text[m.start():m.end()].split()[-1:] if len(low) == len(text) else []
            if last and last[0][:1].islower():
                found.add(key)
    return found


def test_title_mentions_index_finds_what_every_title_would():
    from storyline.compare import units

    titles = {"president": "p:maduro", "us president": "p:trump", "vice president": "p:vance", "pm": "p:x",
              "minister": "p:m", "foreign minister": "p:fm", "gov.": "p:gov", "al-qaeda leader": "p:zaw",
              "presidente": "p:pe", "sécretaire": "p:s"}
    rnd = random.Random(7)
    pieces = ["the", "The", "their", "its", "his", "her", "our", "them", "  ", " ", "\n", "president", "President",
              "us", "US", "vice", "foreign", "minister", "ministers", "pm", "gov.", "al-qaeda", "leader",
              "president-elect", "president's", "presidente", "sécretaire", "Secrétaire", ",", "said", "x"]
    index = units._title_index(titles)
    texts = ["the US president said", "their president-elect, the foreign minister", "the  pm", "the presidents",
             "The President", "his gov. spoke", "her al-qaeda leader", "the sécretaire"]
    texts += [" ".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 12))) for _ in range(3000)]
    hits = 0
    for text in texts:
        want = _title_mentions_all(text, titles)
        hits += bool(want)
        assert units._title_mentions(text, titles, index) == want, text
        assert units._title_mentions(text, titles) == want, text
    assert hits > 300  # the texts name people by title often


def test_gc_pause_restores_the_collector():
    """compare_story pauses the cyclic collector and leaves it as it found it."""
    import gc

    from storyline.compare import _cyclic_gc_paused

    assert gc.isenabled()
    with _cyclic_gc_paused():
        assert not gc.isenabled()
        with _cyclic_gc_paused():  # nested (or another thread's) call: one pause
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with _cyclic_gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # it was off: it stays off
    finally:
        gc.enable()
    try:
        with _cyclic_gc_paused():
            raise ValueError("x")
    except ValueError:
        pass
    assert gc.isenabled()


def test_mark_reuse_finds_the_first_earlier_copy():
    """Copies of sentences across articles, published in another order than listed: each
    claim's source is the earliest-ranked earlier article holding it, as a loop over all
    earlier articles finds it."""
    from storyline.compare.origins import mark_reuse

    rnd = random.Random(3)
    vocab = "police said the fire spread across three blocks before crews contained it late on monday".split()
    sents = [" ".join(rnd.choice(vocab) for _ in range(rnd.randint(6, 12))) + "." for _ in range(40)]
    texts, units = {}, []
    for a in range(30):
        aid = f"a{a}"
        mine = rnd.sample(sents, 4)
        texts[aid] = " ".join(mine)
        units += [{"article_id": aid, "text": s, "start": 0, "quotes": []} for s in mine]
    order = {aid: (f"2024-01-{rnd.randint(1, 28):02d}", i) for i, aid in enumerate(texts)}
    mark_reuse(units, texts, order)
    ranked = sorted(texts, key=lambda a: order[a])
    found = 0
    for u in units:
        want = None
        if len(u["text"].split()) >= 8:
            for aid in ranked:
                if aid == u["article_id"]:
                    break
                if " ".join(u["text"].lower().split()) in texts[aid].lower():
                    want = aid
                    break
        found += want is not None
        assert u["copied_from"] == want, u
    assert found > 20


def test_number_scores_are_number_agreement():
    """slots._number_scores gives number_agreement's value for exactly the pairs sharing
    a counted thing (ranges, open ends, several figures per claim, units)."""
    import numpy as np

    from storyline.compare import slots

    rnd = random.Random(5)

    def fig():
        q = {"counted": rnd.choice(["death", "injury", "arrest", None]), "unit": rnd.choice([None, None, "km"])}
        kind = rnd.random()
        if kind < 0.5:
            q["value"] = rnd.choice([3, 4, 40, 4.0, 12.5])
        elif kind < 0.8:
            q["low"], q["high"] = sorted(rnd.sample([1, 3, 5, 10, 40], 2))
        else:
            q[rnd.choice(["low", "high"])] = rnd.choice([3, 10])
        return q

    units = [{"quantities": [fig() for _ in range(rnd.randint(0, 3))]} for _ in range(300)]
    i, j, v = slots._number_scores(units)
    got = dict(zip(zip(i.tolist(), j.tolist()), v.tolist()))
    want = {}
    si, sj = slots.shared_key_pairs([slots._number_keys(u) for u in units])
    for a, b in zip(si.tolist(), sj.tolist()):
        want[(a, b)] = slots.number_agreement(units[a], units[b])
    assert got == want and len(want) > 1000
    assert list(zip(i.tolist(), j.tolist())) == sorted(got)
    assert 0.6 in got.values() and 1.0 in got.values()
    units[0]["quantities"] = [{"counted": "death", "value": "many"}]
    assert slots._number_scores(units) is None  # not a plain number: the pairwise function decides
    assert np.all(v > 0)


def test_number_scores_one_claim_two_figures():
    """Two figures of one thing in a single claim make no pair (a real 5-article story of
    the benchmark corpus failed its comparison on this)."""
    from storyline.compare import slots

    units = [{"quantities": [{"counted": "death", "value": 3}, {"counted": "death", "value": 4}]},
             {"quantities": [{"counted": "arrest", "value": 2}]}]
    i, j, v = slots._number_scores(units)
    assert (len(i), len(j), len(v)) == (0, 0, 0)
    si, _ = slots.shared_key_pairs([slots._number_keys(u) for u in units])
    assert len(si) == 0  # the pairwise path agrees: no pair shares a counted thing


def test_pair_values_cache_is_per_object():
    """PairSimilarity.values computes a pair once; a shallow copy with other settings
    does not read the original's values."""
    import copy

    import numpy as np

    from storyline.compare import pairsim

    units = [{"lemmas": lem.split(), "text": lem, "start": 0, "end": len(lem), "entities": [], "places": [],
              "quantities": [], "timexes": [], "quotes": [], "predicate_key": None, "object_lemmas": []}
             for lem in ("flood river rain", "flood river storm", "court judge vote", "flood rain river bridge")]
    sim = pairsim.PairSimilarity.build(units)
    I, J = np.array([0, 1, 3, 0]), np.array([1, 3, 0, 1])
    first = sim.values(I, J)
    assert np.array_equal(sim.values(I, J), first) and len(sim._vals[1]) == 3
    other = copy.copy(sim)
    other.wt = {**sim.wt, "word": 0.0}
    assert not np.array_equal(other.values(I, J), first)
    assert np.array_equal(sim.values(I, J), first)


def test_event_scores_are_event_agreement():
    """slots._event_scores gives event_agreement's value for exactly the pairs with the
    same predicate."""
    from storyline.compare import slots

    rnd = random.Random(11)
    lemmas = "guard gun prison wall car police shot suspect".split()
    units = [{"predicate_key": rnd.choice([None, "", "kill", "arrest", "escape"]),
              "object_lemmas": rnd.choice([None, [], rnd.sample(lemmas, rnd.randint(1, 4)),
                                           [rnd.choice(lemmas)] * 2])} for _ in range(300)]
    i, j, v = slots._event_scores(units)
    got = dict(zip(zip(i.tolist(), j.tolist()), v.tolist()))
    si, sj = slots.shared_key_pairs([slots._event_keys(u) for u in units])
    want = {(a, b): slots.event_agreement(units[a], units[b]) for a, b in zip(si.tolist(), sj.tolist())}
    assert got == want and len(want) > 1000
    assert list(zip(i.tolist(), j.tolist())) == sorted(got)
    assert len(set(got.values())) > 5  # objects shared in part, fully, not at all


def test_verdict_similarity_reuses_the_values_before_the_predicate_check():
    """The verdicts' copy (no predicate check) reads the values the grouping computed,
    and they equal a similarity built without the check."""
    import numpy as np

    from storyline.compare import pairsim

    units = [{"lemmas": lem.split(), "text": lem, "start": 0, "end": len(lem), "entities": [], "places": [],
              "quantities": [], "timexes": [], "quotes": [], "predicate_key": p, "verbs": [p], "object_lemmas": []}
             for lem, p in (("gunman shoot officer", "shoot"), ("gunman arrest officer", "arrest"),
                            ("officer shoot gunman", "shoot"))]
    sim = pairsim.PairSimilarity.build(units)
    I, J = np.array([0, 0, 1]), np.array([1, 2, 2])
    damped = sim.values(I, J)
    plain = sim.without_predicates()
    assert plain._vals[1] is sim._vals[1]
    fresh = pairsim.PairSimilarity.build(units)
    fresh.preds = None
    assert np.array_equal(plain.values(I, J), fresh.values(I, J))
    assert np.all(damped <= plain.values(I, J))


def _window_all_starts(short, long_):
    """quotes._window as a loop over every start and end (the code it replaced)."""
    need = [w for w in short if w != "not"]
    best = None
    for i in range(len(long_)):
        left = list(need)
        for j in range(i, len(long_)):
            left = [w for w in left if not quotes.related(w, long_[j])] if left else left
            if not left:
                if best is None or j - i < best[1] - best[0]:
                    best = (i, j + 1)
                break
    return best


def test_quote_window_and_unmatched_are_the_pairwise_loops():
    words = "slave slavery slaves peace peaceful not kill killing killer war 3 4 x yy".split()
    rnd = random.Random(5)
    for _ in range(5000):  # repeats, negations, relatives, empty lists
        short = [rnd.choice(words) for _ in range(rnd.randint(0, 6))]
        long_ = [rnd.choice(words) for _ in range(rnd.randint(0, 12))]
        assert quotes._window(short, long_) == _window_all_starts(short, long_), (short, long_)
        assert quotes.unmatched(short, long_) == [w for w in short
                                                  if not any(quotes.related(w, o) for o in long_)]
