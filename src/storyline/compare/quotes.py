"""Quote fidelity: the same quoted words across outlets.

Quotes of different articles are matched on their folded word sequences (a long
shared run of words, or a close overall match). Within a matched set the earliest
rendering is the reference; every other one is ``verbatim``, ``trimmed`` (a
contiguous part of the reference or the reverse), ``translated`` (translated or
paraphrased: other wording, but every content word of the shorter rendering has a
counterpart of the same meaning in the other, so two renderings of one statement,
such as two translations of one Spanish sentence), or ``altered`` (content words
changed that share no meaning, with a word diff), and is flagged when credited to a
different speaker.

Meaning is compared with lexical knowledge available offline: spaCy's lemmas as
annotate parsed the quote (``quotes[].lemmas``: slaves/slave, colonies/colony,
"don't"), derivational relatives sharing a long stem (slave/slavery, colony/colonial),
and spaCy's stop-word list for the words that carry no content. Negation, numbers and
quantifiers always count as content. The English model has no word vectors, so
synonyms with no shared stem ("huge"/"big") still read as altered.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from difflib import SequenceMatcher

from ..options import QUOTE_SHARE
from .lemmas import words

_CONTRACTIONS = [(re.compile(r"\b(can)'t\b"), r"\1 not"), (re.compile(r"\bwon't\b"), "will not"),
                 (re.compile(r"n't\b"), " not"), (re.compile(r"'s\b"), ""), (re.compile(r"'(re|ve|ll|d|m)\b"), "")]


def qwords(text: str) -> list[str]:
    """Folded words of a quote, contractions expanded and possessives dropped."""
    out = " ".join(words(text))
    for pat, rep in _CONTRACTIONS:
        out = pat.sub(rep, out)
    return out.split()

MIN_WORDS = 3          # shorter quoted phrases are scare quotes/labels, not statements
MATCH_RATIO = 0.6      # overall word-sequence similarity for "the same quote"
MIN_RUN = 4            # or this many consecutive shared words ...
MIN_RUN_SHARE = 0.5    # ... covering at least this share of the shorter quote


def _is_sub(small: list[str], big: list[str]) -> bool:
    n = len(small)
    return any(big[i:i + n] == small for i in range(len(big) - n + 1))


def _matches(a: list[str], b: list[str], counts: tuple[Counter, Counter] | None = None) -> bool:
    """Whether two quotes' words are the same quote; ``counts``: their Counters, when
    the caller keeps them (one per quote instead of one per pair)."""
    ca, cb = counts or (Counter(a), Counter(b))
    if len(ca) > len(cb):
        ca, cb = cb, ca  # loop over the smaller (the counts below are symmetric)
    both = [w for w in ca if w in cb]
    shared = len(both)  # distinct words in common
    if shared < min(MIN_RUN, len(a), len(b)) or shared < MATCH_RATIO * min(len(a), len(b)) * 0.5:
        return False  # cheap reject: too few words in common for either test
    if a and b:
        # upper bounds from the words in common, counted with repeats: the ratio is at
        # most difflib's quick_ratio (same formula), the longest run at most that count
        # (the size of Counter intersection, without building one per pair)
        common = sum(min(ca[w], cb[w]) for w in both)
        may_ratio = 2.0 * common / (len(a) + len(b)) >= MATCH_RATIO
        may_run = common >= MIN_RUN and common >= MIN_RUN_SHARE * min(len(a), len(b))
        if not (may_ratio or may_run):
            return False
    else:
        may_ratio = may_run = True
    sm = SequenceMatcher(None, a, b, autojunk=False)
    if may_ratio and sm.ratio() >= MATCH_RATIO:
        return True
    if not may_run:
        return False
    run = sm.find_longest_match(0, len(a), 0, len(b)).size
    return run >= MIN_RUN and run >= MIN_RUN_SHARE * min(len(a), len(b))


def match_candidates(toks: list[list[str]]) -> list[tuple[int, int]]:
    """The pairs (i < j, row-major order) that ``_matches`` can accept, without testing
    all n² pairs: those passing its cheap reject that share a run of ``MIN_RUN`` words
    (found through an index of word runs) or have enough words in common, counted with
    repeats, for the ratio (found by a prefix filter: of two quotes, the shorter one's
    rarest words must meet the other's). Two empty quotes are a pair too."""
    import bisect
    import math

    lens = [len(t) for t in toks]
    pairs: set[tuple[int, int]] = set()
    # the run test: a run of MIN_RUN words or more contains a shared MIN_RUN-word run
    runs: dict[tuple[str, ...], list[int]] = {}
    for i, t in enumerate(toks):
        for g in dict.fromkeys(tuple(t[k:k + MIN_RUN]) for k in range(len(t) - MIN_RUN + 1)):
            runs.setdefault(g, []).append(i)
    for ids in runs.values():
        pairs.update((a, b) for x, a in enumerate(ids) for b in ids[x + 1:])
    empty = [i for i, s in enumerate(lens) if not s]  # their ratio is 1.0
    pairs.update((a, b) for x, a in enumerate(empty) for b in empty[x + 1:])
    # the ratio test, 2 * common / (la + lb) >= MATCH_RATIO with common <= la <= lb: the
    # longer quote is at most 2 la / MATCH_RATIO - la long and common >= MATCH_RATIO * la.
    # The k-th repeat of a word is a token of its own, so common is the number of tokens
    # both hold. With each quote's tokens rarest first, the shorter one's first
    # la - common + 1 tokens hold one of them, and after a shared token at positions
    # p and q at most min(la - p, lb - q) - 1 more are shared (a prefix filter with
    # positions, as in PPJoin: Xiao et al. 2008)
    counts = [Counter(t) for t in toks]
    bags = [[(w, c) for w, m in cw.items() for c in range(m)] for cw in counts]
    df = Counter(x for b in bags for x in b)
    post: dict[tuple[str, int], list[tuple[int, int, int]]] = {}
    for i, b in enumerate(bags):
        b.sort(key=lambda x: (df[x], x))
        for q, x in enumerate(b):
            post.setdefault(x, []).append((lens[i], i, q))
    for p in post.values():
        p.sort()
    ratio: set[tuple[int, int]] = set()
    slack = 1e-6  # float rounding of the bounds: a candidate more, never one less
    for i, b in enumerate(bags):
        s = lens[i]
        if not s:
            continue
        k = max(1, math.ceil(MATCH_RATIO * s - slack))
        top = math.floor(2 * s / MATCH_RATIO - s + slack)
        hits: dict[int, int] = {}
        prefix = b[:s - k + 1]
        for p, x in enumerate(prefix):
            posting = post[x]
            for lj, j, q in posting[bisect.bisect_left(posting, (s, -1, -1)):
                                    bisect.bisect_right(posting, (top, len(toks), 0))]:
                h = hits.get(j, 0)
                if h < 0 or j == i:
                    continue
                if h + min(s - p, lj - q) >= MATCH_RATIO * (s + lj) / 2 - slack:
                    hits[j] = h + 1
                else:
                    hits[j] = -1  # cannot reach the ratio any more
        rest = s - len(prefix)  # tokens after the prefix: at most that many more shared
        ratio.update((i, j) if i < j else (j, i) for j, h in hits.items()
                     if h > 0 and h + rest >= MATCH_RATIO * (s + lens[j]) / 2 - slack)
    for i, j in ratio - pairs:  # exactly ``_matches``' bound on the ratio
        ca, cb = (counts[i], counts[j]) if len(counts[i]) <= len(counts[j]) else (counts[j], counts[i])
        common = sum(min(ca[w], cb[w]) for w in ca if w in cb)
        if 2.0 * common / (lens[i] + lens[j]) >= MATCH_RATIO:
            pairs.add((i, j))
    sets = [set(t) for t in toks]
    out = []
    for i, j in sorted(pairs):  # and its cheap reject
        shared = len(sets[i] & sets[j])
        if shared >= min(MIN_RUN, lens[i], lens[j]) and shared >= MATCH_RATIO * min(lens[i], lens[j]) * 0.5:
            out.append((i, j))
    return out


def word_diff(a: list[str], b: list[str]) -> list[dict]:
    """Edits turning quote a into quote b."""
    ops = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            ops.append({"op": tag, "from": " ".join(a[i1:i2]), "to": " ".join(b[j1:j2])})
    return ops


# Stop words that still carry meaning: a quote that drops a "not" or changes "all" to
# "some" is altered, not reworded.
_MEANINGFUL = {"not", "no", "never", "nor", "neither", "nothing", "none", "nobody", "nowhere", "without",
               "all", "every", "each", "some", "any", "few", "many", "more", "most", "less", "least", "several",
               "only", "always", "again", "against", "can", "cannot", "could", "should", "must", "might", "may",
               "will", "would", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
               "eleven", "twelve", "fifteen", "twenty", "forty", "fifty", "sixty", "hundred", "first", "last"}
_NEGATORS = {"not", "no", "never", "nor", "neither", "nothing", "none", "nobody", "nowhere", "without", "cannot"}
MIN_STEM = 5  # derivational relatives share at least this long a stem (slave/slavery)
STEM_SHARE = 0.7  # ... covering this share of the shorter word


@functools.lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) - _MEANINGFUL


def content_words(lemmas: list[str]) -> list[str]:
    """The lemmas that carry meaning (stop words out; negation, numbers, quantifiers in)."""
    stop = _stop_words()
    out = []
    for w in lemmas:
        if w in _NEGATORS or w.replace(".", "").replace(",", "").isdigit():
            out.append("not" if w in _NEGATORS else w)
        elif w.isalpha() and w not in stop and len(w) > 1:
            out.append(w)
    return out



def related(a: str, b: str) -> bool:
    """Two lemmas of one meaning: equal, or derivational relatives sharing a long stem."""
    if a == b:
        return True
    if not (a.isalpha() and b.isalpha()):
        return False
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n >= MIN_STEM and n >= STEM_SHARE * min(len(a), len(b))


def unmatched(words: list[str], other: list[str]) -> list[str]:
    """Content words of ``words`` with no counterpart of the same meaning in ``other``."""
    same = set(other)  # an equal word is related: the pairwise test only for the others
    return [w for w in words if w not in same and not any(related(w, o) for o in other)]


def _window(short: list[str], long_: list[str]) -> tuple[int, int] | None:
    """The shortest run of ``long_`` holding a counterpart of every word of ``short``
    (of equally short runs, the last)."""
    need = list(dict.fromkeys(w for w in short if w != "not"))
    n = len(long_)
    # for each word, the first position at or after each start holding a counterpart
    # (each pair of words tested once, not once per start)
    nxt = []
    for w in need:
        row = [n] * (n + 1)
        for j in range(n - 1, -1, -1):
            row[j] = j if related(w, long_[j]) else row[j + 1]
        nxt.append(row)
    best = None
    for i in range(n):
        j = max((row[i] for row in nxt), default=i)  # the run from i ends where its last word is met
        if j == n:
            continue  # a word with no counterpart from here on
        if best is None or j - i < best[1] - best[0]:
            best = (i, j + 1)
    return best


def relation(ref: list[str], other: list[str], ref_lemmas: list[str] | None = None,
             other_lemmas: list[str] | None = None) -> str:
    """verbatim | trimmed | translated (other wording, same content) | altered.

    ``ref``/``other`` are the renderings' folded words (``qwords``), ``*_lemmas`` their
    lemmas as annotate parsed them (``quotes[].lemmas``; the words themselves when absent).

    Translated when every content word of the shorter rendering has a counterpart of
    the same meaning in the longer one, the shortest run of the longer one holding them
    adds no content word of its own, and the negation over those words agrees (the
    negators in that run, and one just before it: "not want peace"); extra content
    around that run is a longer excerpt, not a change.
    """
    if ref == other:
        return "verbatim"
    if _is_sub(other, ref) or _is_sub(ref, other):
        return "trimmed"
    a, b = content_words(ref if ref_lemmas is None else ref_lemmas), \
        content_words(other if other_lemmas is None else other_lemmas)
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if not short or unmatched([w for w in short if w != "not"], long_):
        return "altered"
    win = _window(short, long_)
    if win is None:
        return "altered"
    i, j = win
    if i > 0 and long_[i - 1] == "not":
        i -= 1
    if long_[i:j].count("not") % 2 != short.count("not") % 2:
        return "altered"
    # content words inserted inside the matching run change what was said ("will likely be a
    # total loss" / "is a total loss"); words around it are only a longer excerpt
    return "altered" if unmatched([w for w in long_[i:j] if w != "not"], short) else "translated"


def meaning_diff(ref_lemmas: list[str], other_lemmas: list[str]) -> list[dict]:
    """The content words each rendering has that the other lacks (what makes it altered)."""
    a, b = content_words(ref_lemmas), content_words(other_lemmas)
    gone, new = unmatched(a, b), unmatched(b, a)
    return [{"op": "meaning", "from": " ".join(gone), "to": " ".join(new)}] if gone or new else []


def quote_fidelity(annotations: list[dict], order: dict[str, tuple], entity_map: dict[str, str]) -> list[dict]:
    """Matched quote sets spanning ≥ 2 articles, earliest rendering first.

    ``order`` maps article id -> sort key (publication time, then input order).
    """
    items = []
    for ann in annotations:
        for qi, q in enumerate(ann.get("quotes", [])):
            toks = qwords(q.get("text", ""))
            if len(toks) < MIN_WORDS or q.get("kind") == "scare":
                continue
            sp = q.get("speaker") or {}
            key = sp.get("entity")
            # lemmas as annotate parsed them; a hand-made quote without them: its words
            items.append({"article_id": ann.get("id"), "index": qi, "q": q, "toks": toks,
                          "lemmas": q["lemmas"] if "lemmas" in q else toks,
                          "speaker_key": entity_map.get(key, key) if key else None,
                          "speaker": sp.get("name") or sp.get("text")})
    parent = list(range(len(items)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # candidate pairs in the order a loop over all pairs would meet them (so the sets
    # come out the same)
    counts = [Counter(it["toks"]) for it in items]
    for i, j in match_candidates([it["toks"] for it in items]):
        # a pair already in one set would join nothing: not tested (the same sets)
        if items[i]["article_id"] != items[j]["article_id"] and find(i) != find(j) and \
                _matches(items[i]["toks"], items[j]["toks"], (counts[i], counts[j])):
            parent[find(j)] = find(i)
    sets: dict[int, list[dict]] = {}
    for i, it in enumerate(items):
        sets.setdefault(find(i), []).append(it)
    out = []
    for members in sets.values():
        if len({m["article_id"] for m in members}) < 2:
            continue
        members.sort(key=lambda m: (order.get(m["article_id"], ()), m["q"]["start"]))
        ref = max((m for m in members if m["article_id"] == members[0]["article_id"]), key=lambda m: len(m["toks"]))
        known = [m["speaker_key"] for m in members if m["speaker_key"]]
        ref_speaker = ref["speaker_key"] or (known[0] if known else None)
        renderings = []
        for m in members:
            q = m["q"]
            rel = "reference" if m is ref else relation(ref["toks"], m["toks"], ref["lemmas"], m["lemmas"])
            r = {"article_id": m["article_id"], "text": q["text"], "kind": q.get("kind"),
                 "start": q["start"], "end": q["end"], "raw_start": q.get("raw_start", q["start"]),
                 "raw_end": q.get("raw_end", q["end"]), "sentence": q.get("sentence"),
                 "speaker": m["speaker"], "speaker_entity": m["speaker_key"], "relation": rel,
                 "diff": word_diff(ref["toks"], m["toks"]) if rel == "altered" else [],
                 "changed_meaning": meaning_diff(ref["lemmas"], m["lemmas"]) if rel == "altered" else [],
                 "other_speaker": bool(ref_speaker and m["speaker_key"] and m["speaker_key"] != ref_speaker)}
            renderings.append(r)
        rels = {r["relation"] for r in renderings} - {"reference"}
        status = next((r for r in ("altered", "translated", "trimmed") if r in rels), "verbatim")
        named = [m["speaker"] for m in members if m["speaker"] and m["speaker_key"] == ref_speaker]
        out.append({"text": ref["q"]["text"], "speaker": ref["speaker"] or (named[0] if named else None), "speaker_entity": ref_speaker,
                    "status": status, "credited_to_other": any(r["other_speaker"] for r in renderings),
                    "first_article": ref["article_id"],
                    # publication times known for all renderings, or only the input order
                    "first_basis": "published" if all(order.get(m["article_id"], ("9999",))[0] != "9999"
                                                      for m in members) else "input order",
                    "articles": sorted({m["article_id"] for m in members}, key=lambda a: order.get(a, ())),
                    "renderings": renderings})
    out.sort(key=lambda s: (order.get(s["first_article"], ()), s["renderings"][0]["start"]))
    for i, s in enumerate(out):
        s["id"] = f"q{i + 1}"
    return out


def verbatim(u: dict, q: dict) -> bool:
    """A quote in quotation marks: direct or partial, or one the parse calls indirect
    whose closing mark follows it in the claim (its opening mark lies in an earlier
    sentence: "It's a sad thing ... the price," said neighbor Ross Manche)."""
    if q.get("kind") in ("direct", "partial"):
        return True
    t = q.get("text") or ""
    k = u["text"].find(t) if t and q.get("closed") else -1
    after = u["text"][k + len(t):k + len(t) + 2].lstrip(",.!?") if k >= 0 else ""  # ... the price," said
    return after[:1] in ("”", '"')


def quote_words(u: dict) -> list[str] | None:
    """The words of a claim's verbatim quotes when they cover at least QUOTE_SHARE of it
    (the claim is a statement), else None."""
    qs = [q for q in u["quotes"] if verbatim(u, q)]
    covered = sum(q["end"] - q["start"] for q in qs)
    if not qs or covered < QUOTE_SHARE * max(1, u["end"] - u["start"]):
        return None
    return [w for q in qs for w in qwords(q.get("text", ""))]
