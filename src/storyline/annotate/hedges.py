"""Hedges and stance markers: reportedly, alleged, claimed, accused, "without evidence" ...

Each hedge records the sentence it sits in and whether it is inside a quote; claims
pick up the hedges inside their span (``claims[i].hedges``) and each hedge gets the
index of the claim it qualifies (``claim``).
"""

from __future__ import annotations

from ..nlp import doc_text
from .tokens import words as token_words

# single-token hedges: lower-case form -> kind
WORDS = {
    "reportedly": "reportedly", "allegedly": "alleged", "alleged": "alleged",
    "purportedly": "alleged", "supposedly": "alleged", "ostensibly": "alleged",
    "apparently": "uncertain", "seemingly": "uncertain", "possibly": "uncertain",
    "probably": "uncertain", "likely": "uncertain", "unconfirmed": "uncertain",
    "unverified": "uncertain", "presumably": "uncertain", "perhaps": "uncertain",
    "suspected": "suspected",
}
LEMMAS = {"claim": "claimed", "accuse": "accused", "allege": "alleged", "accusation": "accused", "suspect": "suspected"}
MODALS = {"may", "might", "could"}
_CALL_VERBS = {"call", "describe", "term", "label", "dub", "characterize", "characterise", "brand"}


# every lower form a branch of find_hedges tests (the others need a LEMMAS lemma or "neg")
_TRIGGERS = {"so", "so-called", "called", "without", "what", "expected",
             "said", "believed", "thought", "understood", "rumored", "rumoured"} | set(WORDS) | MODALS


def _candidates(doc) -> list[int]:
    """Tokens that can start a hedge, found on plain strings (no Token object per word)."""
    w = token_words(doc)
    neg = doc.vocab.strings["neg"]
    return [i for i, (low, lemma, dep) in enumerate(zip(w.lower, w.lemma, w.dep))
            if dep == neg or low in _TRIGGERS or lemma in LEMMAS]


def _span(doc, i, j):
    return doc[i:j].start_char, doc[i:j].end_char


def find_hedges(doc, in_quote, sent_index, text: str | None = None) -> list[dict]:
    """Hedge records ordered by start (clean offsets only)."""
    out = []
    n = len(doc)
    text = doc_text(doc) if text is None else text
    for ti in _candidates(doc):
        t = doc[ti]
        low = t.lower_
        kind = None
        i, j = t.i, t.i + 1
        if low == "so" and t.i + 2 < n and doc[t.i + 1].text in ("-", "‑") and doc[t.i + 2].lower_ == "called":
            kind, j = "so-called", t.i + 3
        elif low == "so-called":
            kind = "so-called"
        elif low == "called" and t.i > 1 and doc[t.i - 1].text == "-" and doc[t.i - 2].lower_ == "so":
            continue
        elif low == "without" and t.i + 1 < n:
            k = t.i + 1
            while k < n and k <= t.i + 3 and doc[k].lower_ not in ("evidence", "proof"):
                if doc[k].lower_ not in ("providing", "offering", "presenting", "giving", "any", "citing", "showing", "producing"):
                    break
                k += 1
            if k < n and doc[k].lower_ in ("evidence", "proof"):
                kind, j = "without-evidence", k + 1
        elif low == "what" and t.i + 2 < n:
            nxt = doc[t.i + 1]
            verb = doc[t.i + 2]
            if nxt.pos_ in ("PRON", "PROPN", "NOUN") and verb.lemma_ in _CALL_VERBS:
                j = t.i + 3
                if j < n and doc[j].lower_ == "as":
                    j += 1
                kind = "what-it-calls"
        elif low in WORDS:
            if low == "suspected" and t.dep_ not in ("amod", "acl", "ROOT", "conj", "advcl") and t.tag_ != "VBN":
                continue
            kind = WORDS[low]
        elif t.lemma_.lower() in LEMMAS and t.pos_ in ("VERB", "NOUN"):
            if t.lemma_ == "suspect" and t.pos_ == "NOUN":
                continue  # "the suspect" is a person, not a hedge
            kind = LEMMAS[t.lemma_.lower()]
        elif low == "expected" and t.i > 0 and doc[t.i - 1].lemma_ == "be" and t.i + 1 < n and doc[t.i + 1].lower_ == "to":
            kind, i, j = "expected", t.i - 1, t.i + 2
        elif low in ("said", "believed", "thought", "understood", "rumored", "rumoured") and t.i > 0 and doc[t.i - 1].lemma_ == "be" \
                and t.i + 1 < n and doc[t.i + 1].lower_ == "to":
            kind, i, j = "reportedly", t.i - 1, t.i + 2
        elif t.dep_ == "neg":
            kind = "negation"
        elif low in MODALS and t.tag_ == "MD":
            kind = "modal"
        if kind is None:
            continue
        s, e = _span(doc, i, j)
        out.append({"text": text[s:e], "kind": kind, "start": s, "end": e,
                    "sentence": sent_index(s), "in_quote": in_quote(s)})
    # "what it calls" may cover an "alleged"-style word; keep the longer, drop exact duplicates
    out.sort(key=lambda h: (h["start"], -h["end"]))
    res = []
    for h in out:
        if res and h["start"] < res[-1]["end"] and h["end"] <= res[-1]["end"]:
            continue
        res.append(h)
    return res
