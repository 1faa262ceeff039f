"""Hand-made annotations (schema of docs/annotations.md) and a compare run over them:
shared by test_compare.py and test_report.py; and the pair of two articles' claims the
same-fact check tests read (``pair_rows``)."""

from __future__ import annotations

import numpy as np

from storyline.compare import compare_story
from storyline.records import Article


def ann(aid, sentences, published="2024-05-02", quotes=(), hedges=(), attributions=(), quantities=(), timexes=(),
         entities=(), outlet=None):
    """A minimal annotation: one claim per sentence; extras placed by substring."""
    text = " ".join(sentences)
    sents, pos = [], 0
    for s in sentences:
        sents.append({"start": pos, "end": pos + len(s)})
        pos += len(s) + 1

    def span(sub, after=0):
        i = text.index(sub, after)
        return {"start": i, "end": i + len(sub), "raw_start": i, "raw_end": i + len(sub)}

    def sent_of(i):
        return next(k for k, s in enumerate(sents) if s["start"] <= i < s["end"])

    ents = [{"text": t, "label": lab, "entity": key, "name": t, "role": None, **span(t)} for t, lab, key in entities]
    qs = [{"kind": k, "text": t, **span(t), "speaker": ({"text": sp, "entity": sp.lower(), "name": sp} if sp else None),
           "cue": "said", "sentence": sent_of(span(t)["start"])} for t, k, sp in quotes]
    hs = [{"text": t, "kind": k, **span(t), "sentence": sent_of(span(t)["start"])} for t, k in hedges]
    ats = [{**span(t), "cue": "according to", "source": {"text": src, "entity": (src or "").lower() or None, "kind": kind},
            "chain": [], "sentence": sent_of(span(t)["start"])} for t, src, kind in attributions]
    qn = [{"text": t, **span(t), "value": v, "low": lo, "high": hi, "low_inclusive": True, "high_inclusive": True,
           "qualifier": None, "unit": None, "counted": c} for t, v, lo, hi, c in quantities]
    tx = [{"type": "DATE", "value": v, "text": t, **span(t), "anchor": published, "rule": "test", "confidence": 1.0,
           "range": None} for t, v in timexes]
    claims = []
    for k, s in enumerate(sents):
        inside = lambda lst: [i for i, x in enumerate(lst) if s["start"] <= x["start"] < s["end"]]
        att = inside(ats)
        claims.append({"id": f"{aid}:{k}", "text": text[s["start"]:s["end"]], **s, "raw_start": s["start"],
                       "raw_end": s["end"], "sentence": k,
                       "entities": sorted({e["entity"] for e in ents if s["start"] <= e["start"] < s["end"]}),
                       "places": [], "quantities": inside(qn), "timexes": inside(tx), "quotes": inside(qs),
                       "attribution": att[0] if att else None, "hedges": inside(hs),
                       "negated": " not " in f" {text[s['start']:s['end']]} "})
    return {"id": aid, "version": "test", "text": text, "title": None, "outlet": outlet,
            "published": published, "published_inferred": None, "sentences": sents, "entities": ents,
            "quotes": qs, "quantities": qn, "timexes": tx, "attributions": ats, "hedges": hs,
            "claims": claims, "damage": []}


def run(anns, copies=()):
    arts = [Article(id=a["id"], raw_text=a["text"], text=a["text"], outlet=a.get("outlet"), published=a.get("published"))
            for a in anns]
    return compare_story({"id": "s"}, arts, anns, list(copies))


def group_with(report, needle):
    hits = [g for g in report["groups"] if any(needle in m["text"] for m in g["members"])]
    assert hits, f"no group holds {needle!r}"
    return hits[0]


FLOOD_A = ["The flood in Valencia killed at least 40 people on Tuesday.",
           "Rescue teams searched the river banks near the old bridge.",
           "The mayor announced three days of mourning for the city."]
FLOOD_B = ["At least 40 people died in the Valencia flood on Tuesday, officials said.",
           "Farmers lost most of the orange harvest to the water.",
           "The mayor announced three days of official mourning."]


def unit(uid, art, text, lemmas, **kw):
    """A claim unit as compare/units.py builds it (the fields the verdict rules read)."""
    u = {"uid": uid, "article_id": art, "article_index": 0, "text": text, "start": 0, "end": len(text),
         "sentence": kw.pop("sentence", 5), "lemmas": lemmas, "verbs": kw.pop("verbs", []), "nouns": kw.pop("nouns", []),
         "entities": kw.pop("entities", []), "places": kw.pop("places", []), "quantities": kw.pop("quantities", []),
         "timexes": kw.pop("timexes", []), "quotes": [], "hedges": [], "attribution": None, "negated": False,
         "predicate": kw.pop("predicate", None), "predicate_key": kw.pop("predicate_key", None), "object_lemmas": []}
    u.update(kw)
    return u


def quantity(v, text, counted, start, **kw):
    """A count of ``counted`` (value ``v``) written as ``text`` at offset ``start``."""
    q = {"counted": counted, "value": v, "low": v, "high": v, "text": text, "kind": "count", "start": start,
         "end": start + len(text)}
    q.update(kw)
    return q


def pair_rows(us: list[dict], x: str, y: str) -> tuple[np.ndarray, np.ndarray]:
    """The claims of articles ``x`` and ``y`` (their first) as the index arrays of one pair
    (``predicates.Predicates`` reads pairs so): the same-fact check tests' one-sentence stories."""
    i = next(k for k, u in enumerate(us) if u["article_id"] == x)
    j = next(k for k, u in enumerate(us) if u["article_id"] == y)
    return np.array([i]), np.array([j])
