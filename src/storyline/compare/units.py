"""Claim units: the claims of a story's articles flattened into plain records.

A unit is one claim of one article with what the comparison needs next to it:
its text and offsets, canonical entity keys (mapped story-wide), places, the
quantities/timexes/quotes/hedges/attribution it carries, and lemmas for
similarity, all read from the annotation (no parse here). Annotations without
``claims`` fall back to one unit per sentence, compared on its word forms.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

from ..annotate.canonical import merge_entities
from ..lexicon.text import fold_in_place as fold  # offsets into the folded text stay valid
from ..records import Article
from .holders import holder_of
from .lemmas import LIGHT_VERBS, PARAPHRASE, lemmatize_word, words
from .people import article_ties, described

# Content words only: these carry no fact of their own.
_STOP = frozenset(
    """a an the and or but nor of in on at to for from by with about as into onto over under
    than then that this these those it its it's he she they them his her their there here
    is are was were be been being has have had do does did will would shall should can could
    may might must not no so such very also just only more most much many some any all each
    which who whom whose what when where why how if while though although because since
    said says say told tell according reportedly mr ms mrs""".split()
)


def word_lemmas(text: str) -> list[str]:
    """Content words of a text with no parse kept (a hand-made annotation's sentence):
    folded word forms, stop words out, paraphrases mapped."""
    return [PARAPHRASE.get(w, w) for w in words(text) if w not in _STOP]




def story_entity_map(annotations: list[dict]) -> dict[str, str]:
    """Article entity key -> story-wide key (``storyline.annotate.canonical.merge_entities``)."""
    return merge_entities(annotations)


_TITLE_WORD = re.compile(r"^[A-Z][\w-]*\.?$")
_TITLE_STOP = {"the", "a", "an", "of", "and", "in", "on", "at", "by", "to", "for", "said", "says", "with", "from"}


def title_map(annotations: list[dict], emap: dict[str, str]) -> dict[str, str]:
    """Title phrase -> the one person it introduces in this story ("us president" -> trump).

    Built from "US President Donald Trump"-style mentions: the capitalised words
    right before a PERSON mention. A title used for two people ("president") is
    ambiguous and left out.
    """
    seen: dict[str, set[str]] = {}
    for ann in annotations:
        text = ann.get("text", "")
        for e in ann.get("entities", []):
            if e.get("label") != "PERSON" or not e.get("entity"):
                continue
            key = emap.get(e["entity"], e["entity"])
            toks = text[max(0, e["start"] - 60):e["start"]].split()
            title = []
            for t in reversed(toks):
                # punctuation ends the title: "Venezuela, Nicolás Maduro" is apposition
                if not _TITLE_WORD.match(t) or t.lower() in _TITLE_STOP or t.endswith(("'s", "’s", ".")):
                    break
                title.insert(0, t)
            # titles that are part of the recognised span count too ("President Maduro")
            inner = e.get("text", "").split()[:-1]
            for cand in (title, [w for w in inner if fold(w) not in key.split()]):
                for n in (1, 2, 3):
                    if len(cand) >= n:
                        seen.setdefault(fold(" ".join(cand[-n:])), set()).add(key)
    return {t: next(iter(k)) for t, k in seen.items() if len(k) == 1 and len(t) > 2}


_DETERMINER = re.compile(r"\b(?:the|our|their|its|his|her)\s+")


def _title_index(titles: dict[str, str]) -> dict[str, list[str]]:
    """Titles by their first three characters (all of a shorter one)."""
    index: dict[str, list[str]] = {}
    for t in titles:
        index.setdefault(t[:3], []).append(t)
    return index


def _title_mentions(text: str, titles: dict[str, str], index: dict[str, list[str]] | None = None) -> set[str]:
    """People a claim names only by title ("the US president"). ``index``: the titles'
    ``_title_index``, so that only the titles right after a determiner are tried, not
    every title of the story."""
    low = fold(text)
    found = set()
    if index is None:
        index = _title_index(titles)
    # a title is matched right after "the|our|...": the ones starting there are tried
    tried = {t for m in _DETERMINER.finditer(low) for k in (3, 2, 1)
             for t in index.get(low[m.end():m.end() + k], ()) if low.startswith(t, m.end())}
    for t in tried:
        key = titles[t]
        for m in re.finditer(r"\b(the|our|their|its|his|her)\s+" + re.escape(t) + r"\b", low):
            # "the US president", not "the Miraflores Palace": a title is a common noun
            # (folding keeps offsets for the precomposed accents spaCy sees in news text)
            last = text[m.start():m.end()].split()[-1:] if len(low) == len(text) else []
            if last and last[0][:1].islower():
                found.add(key)
    return found


def _claims_of(ann: dict) -> list[dict]:
    claims = ann.get("claims")
    if claims:
        return claims
    text = ann.get("text", "")
    out = []
    for i, s in enumerate(ann.get("sentences", [])):
        seg = text[s["start"]:s["end"]]
        if len(words(seg)) < 4:
            continue
        inside = lambda lst: [j for j, x in enumerate(ann.get(lst, [])) if s["start"] <= x["start"] < s["end"]]
        atts = inside("attributions")
        out.append({
            "id": f"{ann.get('id')}:s{i}", "text": seg.strip(), "start": s["start"],
            "end": s["start"] + len(seg.rstrip()), "sentence": i,
            "entities": sorted({e["entity"] for e in ann.get("entities", []) if s["start"] <= e["start"] < s["end"] and e.get("entity")}),
            "places": [], "quantities": inside("quantities"), "timexes": inside("timexes"),
            "quotes": inside("quotes"), "hedges": inside("hedges"),
            "attribution": atts[0] if atts else None, "negated": False,
        })
    return out


def _sentence_timexes(ann: dict, sentence: int, start: int, end: int) -> list[dict]:
    """The timexes of a claim's sentence outside the claim's span (occasion.py reads them
    with options.OCCASION_SENTENCE only: not made otherwise)."""
    sents = ann.get("sentences") or []
    if not isinstance(sentence, int) or not 0 <= sentence < len(sents):
        return []
    s, e = sents[sentence]["start"], sents[sentence]["end"]
    return [t for t in ann.get("timexes") or () if s <= t["start"] < e and not start <= t["start"] < end]


def _narrative_day(ann: dict, start: int) -> str | None:
    """The last day its article named by a word for its publication day before ``start``
    ("today", "yesterday"; compare/occasion.py reads it for a claim that writes no date, with
    OCCASION_DAY_UNDATED "narrative"); None without a publication date or such a day."""
    pub = (ann.get("published") or "")[:10]
    if not pub:
        return None
    day = None
    for t in ann.get("timexes") or ():
        if t["start"] >= start:
            break
        v = t.get("value") or ""
        if t.get("rule") in ("deictic-day", "deictic-part-of-day") and (t.get("anchor") or "")[:10] == pub \
                and _ISO_DAY.match(v):
            day = v[:10]
    return day


_ISO_DAY = re.compile(r"^\d{4}-\d\d-\d\d")


def _pick(lst: list, idxs) -> list:
    return [lst[i] for i in (idxs or []) if isinstance(i, int) and 0 <= i < len(lst)]


def build_units(articles: list[Article], annotations: list[dict]) -> list[dict[str, Any]]:
    """All claim units of a story, in article order then text order."""
    from . import occasion  # (it imports this module) read at call time: a benchmark may set it

    sentence_dates = occasion.OCCASION_SENTENCE  # a sentence's other dates are read only then
    emap = story_entity_map(annotations)
    titles = title_map(annotations, emap)
    tindex = _title_index(titles)
    by_id = {a.id: a for a in articles}
    units: list[dict[str, Any]] = []
    for art_index, ann in enumerate(annotations):
        aid = ann.get("id")
        art = by_id.get(aid)
        sents = ann.get("sentences", [])
        ties = article_ties(ann, emap)
        for c in _claims_of(ann):
            start, end = c["start"], c["end"]
            raw_start = c.get("raw_start", art.to_raw(start) if art else start)
            raw_end = c.get("raw_end", art.to_raw(end) if art else end)
            ents = {emap.get(k, k) for k in c.get("entities", []) if k}
            places = {emap.get(k, k) for k in c.get("places", []) if k}
            persons = set()  # the people the claim names (the participants a role check compares)
            orgs = []  # organisations and named events with their spans (occasion.role_orgs)
            # entities of the claim span (annotate may list only some in the claim)
            for e in ann.get("entities", []):
                if start <= e["start"] < end and e.get("entity"):
                    k = emap.get(e["entity"], e["entity"])
                    (places if e.get("role") == "place" or e.get("label") in ("LOC", "FAC") else ents).add(k)
                    if e.get("label") == "PERSON":
                        persons.add(k)
                    elif e.get("label") in ("ORG", "EVENT") and e.get("role") != "place":
                        orgs.append((k, e["start"], e["end"], e["label"]))
            ents |= _title_mentions(c["text"], titles, tindex)
            att = c.get("attribution")
            attribution = ann.get("attributions", [])[att] if isinstance(att, int) and att < len(ann.get("attributions", [])) else None
            # the speaker is a source, not a participant; its key made the story's as the persons' are
            speaker = ((attribution or {}).get("source") or {}).get("entity")
            persons.discard(emap.get(speaker, speaker))
            said = ((attribution or {}).get("source") or {})
            said_span = (said["start"], said["end"]) if "start" in said else None
            quantities = _pick(ann.get("quantities", []), c.get("quantities"))
            quotes = _pick(ann.get("quotes", []), c.get("quotes"))
            # who holds the claim when it is a statement (the holder check, compare/holders.py)
            statement, holder, holder_text = holder_of(attribution, quotes, c.get("predicate"), c.get("subject"), emap)
            desc = described(ties, c["text"], quantities, said_span, start)
            units.append({
                "uid": len(units), "article_id": aid, "article_index": art_index,
                "claim_id": c.get("id") or f"{aid}:{len(units)}", "text": c["text"],
                "start": start, "end": end, "raw_start": raw_start, "raw_end": raw_end,
                "sentence": c.get("sentence", 0), "n_sentences": len(sents),
                "entities": sorted(ents - places), "places": sorted(places), "persons": sorted(persons - places),
                "described": [k for k in desc if k not in persons and k != emap.get(speaker, speaker)],
                "orgs": orgs, "speaker_span": said_span,
                "quantities": quantities,
                "timexes": _pick(ann.get("timexes", []), c.get("timexes")),
                "sentence_timexes": _sentence_timexes(ann, c.get("sentence", 0), start, end) if sentence_dates else [],
                "quotes": quotes, "statement": statement, "holder": holder, "holder_text": holder_text,
                "hedges": _pick(ann.get("hedges", []), c.get("hedges")),
                "attribution": attribution, "negated": bool(c.get("negated")),
                # the article's own publication day (not one inferred): what "today" meant to it
                "published": (ann.get("published") or "")[:10] or None,
                "narrative_day": _narrative_day(ann, start),
                "headline": bool(c.get("headline")),  # annotate's flag: a headline's own style (the modality check)
                "subject": c.get("subject"), "predicate": c.get("predicate"), "object": c.get("object"),
                "verbs": c.get("verbs"), "nouns": c.get("nouns"), "_lemmas": c.get("lemmas"),
                "_object_lemmas": c.get("object_lemmas"), "frames": c.get("frames") or [],
                "background_verbs": c.get("background_verbs") or [], "background_nouns": c.get("background_nouns") or [],
                "background": c.get("background") or [], "background_of": c.get("background_of") or [],
            })
    # annotate keeps each claim's lemmas (parse once): nothing is parsed here; a claim
    # without them (a hand-made annotation, a sentence unit) is read by its word forms
    for u in units:
        raw = u.pop("_lemmas")
        u["lemmas"] = word_lemmas(u["text"]) if raw is None else content_lemmas(raw)
        obj = u.pop("_object_lemmas")
        u["object_lemmas"] = content_lemmas(obj) if obj is not None else word_lemmas(u.get("object") or "")
        p = lemmatize_word(u.get("predicate"))
        u["predicate_key"] = None if p in LIGHT_VERBS else p
    return units


def without_background(u: dict, key: str) -> list:
    """A unit's ``verbs`` or ``nouns`` less those of its background (``background_verbs`` /
    ``background_nouns``: a relative clause, participle or appositive on a participant), one
    occurrence each: a word both told in the background and stated stays."""
    drop = Counter(u.get("background_" + key) or ())
    out = []
    for w in u.get(key) or ():
        if drop[w] > 0:
            drop[w] -= 1
        else:
            out.append(w)
    return out


def content_lemmas(lemmas: list[str]) -> list[str]:
    """Lemmas as compared: folded, stop words out, paraphrases mapped to one form."""
    out = []
    for w in lemmas:
        w = _content_word(w)
        if w:
            out.append(w)
    return out


@lru_cache(maxsize=65536)  # pure: the same lemmas come again in every claim and story
def _content_word(w: str) -> str:
    """A lemma as compared (``content_lemmas``), "" for a stop word or nothing."""
    w = fold(w).strip("'\"")
    return PARAPHRASE.get(w, w) if w and w not in _STOP else ""
