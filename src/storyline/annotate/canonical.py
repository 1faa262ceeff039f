"""Canonical entity keys, within one article and across the articles of a story.

Matching folds accents, case, possessives and titles ("President", "Mr", "US
President", "Defence Secretary" ...); display keeps the longest full form seen.
A surname-only mention joins the one full name that ends with it; when two full
names share that surname the mention is left apart (ambiguous).
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict

from ..lexicon.text import fold as text_fold
from ..lexicon.titles import HONORIFICS, ROLE_TITLES, TITLES

# Common alternative names of places and bodies (domain knowledge: one key per referent).
ALIASES = {
    "u s": "united states", "us": "united states", "usa": "united states", "u s a": "united states",
    "america": "united states", "united states of america": "united states",
    "uk": "united kingdom", "u k": "united kingdom", "britain": "united kingdom", "great britain": "united kingdom",
    "un": "united nations", "u n": "united nations", "eu": "european union", "e u": "european union",
    "uae": "united arab emirates", "ussr": "soviet union", "drc": "democratic republic of the congo",
    "nato": "nato", "white house": "white house",
}
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$", re.IGNORECASE)
_PUNCT = re.compile(r"[^\w\s\-.&]")


# lexicon's fold, cached: it is pure and called per token by several rules
fold = functools.lru_cache(maxsize=65536)(text_fold)


def _words(text: str) -> list[str]:
    text = fold(text)
    text = re.sub(r"[“”\"]([^“”\"]*)[“”\"]", " ", text)  # nicknames: Frank "Mitch" Bradley
    text = _PUNCT.sub(" ", text)
    words = [w.strip(".-") for w in text.split()]
    return [w for w in words if w]


@functools.lru_cache(maxsize=65536)  # pure; called two or three times per mention
def strip_title(text: str, label: str = "PERSON") -> str:
    """The name without leading honorifics/titles and a trailing possessive (display case kept)."""
    text = re.sub(r"\s+", " ", text).strip()
    text = _POSSESSIVE.sub("", text)
    if label != "PERSON":
        return re.sub(r"^(?i:the)\s+", "", text)
    toks = text.split(" ")
    while len(toks) > 1:
        w = fold(toks[0]).strip(".,")
        if w in HONORIFICS or w in TITLES or w.endswith("-admiral"):
            toks = toks[1:]
            continue
        break
    return " ".join(toks)


@functools.lru_cache(maxsize=65536)
def key(text: str, label: str = "PERSON") -> str:
    """Canonical matching key: titles stripped, accents folded, lower case."""
    words = _words(strip_title(text, label))
    if label != "PERSON" and words and words[0] == "the":
        words = words[1:]
    k = " ".join(words)
    if label in ("GPE", "ORG", "LOC"):
        k = ALIASES.get(k.replace(".", " ").replace("  ", " ").strip(), k)
    return k


def title_words(text: str) -> list[str]:
    """Lower-case title words that precede the name in a mention ("US President X" -> [us, president])."""
    toks = re.sub(r"\s+", " ", text).strip().split(" ")
    out = []
    for t in toks[:-1]:
        w = fold(t).strip(".,")
        if w in HONORIFICS or w in TITLES or w.endswith("-admiral"):
            out.append(w)
        else:
            break
    return out


_INITIAL_SKIP = {"of", "the", "and", "for", "de", "du", "la", "le", "des", "on", "in", "&"}


@functools.lru_cache(maxsize=65536)  # pure; link_acronyms asks it per (acronym, full name) pair
def _initials(k: str) -> str:
    return "".join(w[0] for w in k.replace("-", " ").split() if w not in _INITIAL_SKIP)


def link_acronyms(keys: dict[str, str], labels: dict[str, str]) -> dict[str, str]:
    """Map an acronym key ("icc") to the one multiword organisation/place key it abbreviates."""
    out = {}
    full = [k for k in keys if " " in k and labels.get(k) in ("ORG", "GPE", "LOC", "FAC", "NORP", "EVENT")]
    for k in keys:
        if " " in k or not 2 <= len(k) <= 6 or labels.get(k) == "PERSON" or not (keys.get(k) or "").isupper():
            continue
        cands = [f for f in full if _initials(f) == k]
        if len(cands) == 1:
            out[k] = cands[0]
    return out


def link_surnames(keys: dict[str, str], labels: dict[str, str] | None = None) -> dict[str, str]:
    """Map each key to the one longer PERSON key that ends with it (e.g. maduro -> nicolas maduro).

    ``keys`` maps key -> display name; ``labels`` key -> label (PERSON assumed).
    Ambiguous surnames (two candidate full names) map to themselves.
    """
    labels = labels or {}
    full = [k for k in keys if " " in k and labels.get(k, "PERSON") == "PERSON"]
    # full names by each of their word tails ("nicolas maduro" under "maduro"), in order:
    # the same candidates as testing f.endswith(" " + k) for every full name f
    by_tail: dict[str, list[str]] = {}
    for f in full:
        ws = f.split(" ")
        for m in range(1, len(ws)):
            by_tail.setdefault(" ".join(ws[-m:]), []).append(f)
    out = {}
    for k in keys:
        if labels.get(k, "PERSON") != "PERSON":
            out[k] = k
            continue
        cands = [f for f in by_tail.get(k, ()) if f != k]
        # a key that is itself the tail of several full names is ambiguous: leave it apart
        out[k] = cands[0] if len(cands) == 1 else k
    # follow chains (x -> y -> z) once more
    return {k: out.get(v, v) for k, v in out.items()}


def merge_entities(annotations: list[dict]) -> dict[str, str]:
    """Map every article's entity key to a story-wide key.

    Returns ``{"<article id>:<key>": story_key}`` and also ``{key: story_key}`` for
    convenience (the plain key entry is only set when unambiguous across articles).
    A surname-only key joins the one full name ending with it; ambiguous keys stay apart.
    """
    labels: dict[str, str] = {}
    names: dict[str, str] = {}
    roles: dict[str, set[str]] = defaultdict(set)
    for ann in annotations:
        for e in ann.get("entities", []):
            k = e.get("entity")
            if not k:
                continue
            labels.setdefault(k, e.get("label", "PERSON"))
            if e.get("label") == "PERSON":
                labels[k] = "PERSON"
                roles[k] |= set(e.get("titles") or ()) & ROLE_TITLES
            names.setdefault(k, e.get("name") or e.get("text"))
    linked = link_surnames(names, labels)
    for k, v in list(linked.items()):
        # an ambiguous surname a story calls by an office ("President Trump" beside Melania Trump):
        # the one full name holding that office somewhere in the story
        if v == k and " " not in k and labels.get(k) == "PERSON" and roles.get(k):
            cands = [f for f in names if " " in f and f.endswith(" " + k) and roles.get(f, set()) & roles[k]]
            if len(cands) == 1:
                linked[k] = cands[0]
    for k, v in link_acronyms(names, labels).items():
        linked[k] = v
    out: dict[str, str] = {}
    for ann in annotations:
        aid = ann.get("id", "")
        for e in ann.get("entities", []):
            k = e.get("entity")
            if k:
                out[f"{aid}:{k}"] = linked.get(k, k)
    for k, v in linked.items():
        out[k] = v
    return out


def group_mentions(mentions: list[dict]) -> None:
    """Assign ``entity`` and ``name`` to the mentions of one article, in place.

    Each mention needs ``text`` and ``label``. Keys of the same label that differ only by
    title/case/accents collapse; a surname-only PERSON key joins the one full name ending
    with it; ``name`` is the longest full form (titles stripped, original accents).
    """
    display: dict[str, str] = {}
    labels: dict[str, str] = {}
    for m in mentions:
        k = key(m["text"], m["label"])
        m["entity"] = k
        labels.setdefault(k, m["label"])
        if m["label"] == "PERSON":
            labels[k] = "PERSON"
    linked = link_surnames({k: k for k in labels}, labels)
    shown = {}
    for m in mentions:
        shown.setdefault(key(m["text"], m["label"]), strip_title(m["text"], m["label"]))
    linked.update(link_acronyms(shown, labels))
    cands: dict[str, list[str]] = defaultdict(list)
    for m in mentions:
        m["entity"] = linked.get(m["entity"], m["entity"])
        cands[m["entity"]].append(strip_title(m["text"], m["label"]))
    for k, forms in cands.items():
        # longest form; among equals prefer one with accents / mixed case (kept for display)
        display[k] = max(forms, key=lambda f: (len(f.split()), f != f.upper(), f != fold(f), len(f)))
    for m in mentions:
        m["name"] = display[m["entity"]]
