"""Shared data for the web tests: a small store built directly (no NLP needed).

Articles carry real cleaning edits (removals, an inserted space) with consistent
offsets, annotations with real spans, and reports shaped like compare_story's
output (docs/report.md), plus one hostile article whose every field tries
script injection. A helper module (no tests): test_web.py and test_browser.py import it.
"""

from __future__ import annotations

import re

from storyline.annotate import ANNOTATION_VERSION
from storyline.records import Article, Edit, content_hash
from storyline.store import Store

EVIL = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


def build_article(aid: str, pieces: list[tuple[str, str, str]], **meta) -> Article:
    """Pieces of (kind, text, reason): keep / remove (raw only) / insert (clean only)."""
    raw, clean, omap, edits = "", "", [], []
    for kind, text, reason in pieces:
        if kind == "keep":
            omap.append((len(clean), len(raw), len(text)))
            raw += text
            clean += text
        elif kind == "remove":
            edits.append(Edit("remove", reason, len(raw), len(raw) + len(text), text, "", len(clean), len(clean)))
            raw += text
        elif kind == "insert":
            edits.append(Edit("repair", reason, len(raw), len(raw), "", text, len(clean), len(clean) + len(text)))
            clean += text
    art = Article(id=aid, raw_text=raw, text=clean, edits=edits, offset_map=omap, **meta)
    art.content_hash = content_hash(clean)
    return art


def spans(art: Article, layer_items: list[tuple[str, dict]]) -> list[dict]:
    """Annotation items located by their first occurrence in the clean text."""
    out = []
    for needle, extra in layer_items:
        s = art.text.index(needle)
        out.append({"text": needle, "start": s, "end": s + len(needle),
                    "raw_start": art.to_raw(s), "raw_end": art.to_raw(s + len(needle)), **extra})
    return out


def annotation(art: Article) -> dict:
    ents = [(n, {"label": lab, "entity": n.lower(), "name": n}) for n, lab in
            (("Nicolás Maduro", "PERSON"), ("Caracas", "GPE"), ("Trump", "PERSON")) if n in art.text]
    ann = {"id": art.id, "version": ANNOTATION_VERSION, "text": art.text, "title": art.title, "outlet": art.outlet,
           "published": art.published, "entities": spans(art, ents), "quotes": [], "timexes": [],
           "quantities": [], "hedges": [], "attributions": [], "claims": [], "sentences": []}
    if "peace with sovereignty" in art.text:
        ann["quotes"] = spans(art, [("peace with sovereignty", {"kind": "partial", "speaker": {"name": "Nicolás Maduro"}})])
    if "Monday" in art.text:
        ann["timexes"] = spans(art, [("Monday", {"type": "DATE", "value": "2025-12-01", "rule": "weekday-past"})])
    if "At least 83 people" in art.text:
        ann["quantities"] = spans(art, [("At least 83 people", {"value": 83, "low": 83, "high": None,
                                                                 "qualifier": "at least", "counted": "death"})])
    if "reportedly" in art.text:
        ann["hedges"] = spans(art, [("reportedly", {"kind": "reportedly"})])
    return ann


def member(art: Article, needle: str, **extra) -> dict:
    s = art.text.index(needle)
    return {"article_id": art.id, "claim_id": f"{art.id}:0", "text": needle, "start": s, "end": s + len(needle),
            "raw_start": art.to_raw(s), "raw_end": art.to_raw(s + len(needle)), "sentence": 0, "hedges": [],
            "attribution": None, "relay": None, "copied_from": None, "quantities": [], "dates": [], "quotes": [],
            "entities": [], "places": [], "negated": False, "secondary": False, "origin": f"outlet:{art.outlet}",
            "shared_origin": False, **extra}


def report_for(story: dict, arts: list[Article], label_extra: str = "") -> dict:
    a, b = arts[0], arts[-1]
    rally_a, rally_b = member(a, a.text.split(".")[0]), member(b, b.text.split(".")[0])
    groups = [
        {"id": "g1", "verdict": "corroborated", "label": "Maduro addressed a rally in Caracas on Monday" + label_extra,
         "articles": [a.id, b.id], "independent_origins": 2,
         "origins": [{"id": f"outlet:{x.outlet}", "label": x.outlet, "kind": "outlet", "articles": [x.id]} for x in (a, b)],
         "shared_origin_likely": None, "hedge_drift": None, "members": [rally_a, rally_b],
         "findings": [{"kind": "date", "relation": "overlap", "a": {"article_id": a.id, "value": "2025-12-01"},
                       "b": {"article_id": b.id, "value": "2025-W49"}}]},
        {"id": "g2", "verdict": "single-source", "label": "Trump refused the terms" + label_extra, "articles": [a.id],
         "independent_origins": 1, "origins": [{"id": "source:reuters", "label": "Reuters", "kind": "agency", "articles": [a.id]}],
         "shared_origin_likely": None, "findings": [],
         "hedge_drift": {"hedged": [{"article_id": a.id, "hedges": ["reportedly"]}], "flat": []},
         "members": [member(a, re.split(r"(?<=[.”])\s+", a.text.strip())[-1],
                            hedges=[{"text": "reportedly", "kind": "reportedly", "start": 0, "end": 0}])]},
    ]
    cells = {x.id: {"status": "lead", "start": m["start"], "end": m["end"], "sentence": 0}
             for x, m in ((a, rally_a), (b, rally_b))}
    return {
        "schema": "storyline-report/1",
        "story": {"id": story["id"], "title": story["title"], "articles": [x.id for x in arts]},
        "articles": [{"id": x.id, "title": x.title, "outlet": x.outlet, "url": x.url, "published": x.published,
                      "published_inferred": None, "text": x.text, "sentences": [],
                      "origin": {"id": f"outlet:{a.outlet}", "label": a.outlet, "kind": "outlet",
                                 "via": [x.id] if x is a else [x.id, a.id]}}  # later ones copy the first
                     for x in arts],
        "groups": groups,
        "counts": {"corroborated": 1, "conflicting": 0, "revision": 0, "variant": 0, "single-source": 1},
        "single_source": {a.id: ["g2"]},
        "coverage": {"articles": [x.id for x in arts],
                     "rows": [{"group": "g1", "label": groups[0]["label"], "verdict": "corroborated", "cells": cells}],
                     "totals": {x.id: {"lead": 1, "carries": 0, "absent": 0} for x in arts}},
        "quotes": [{"id": "q1", "text": "peace with sovereignty" + label_extra, "speaker": "Nicolás Maduro" + label_extra,
                    "speaker_entity": "nicolas maduro",
                    "status": "verbatim", "credited_to_other": False, "first_article": a.id,
                    "articles": [x.id for x in arts],
                    "renderings": [{"article_id": x.id, "text": "peace with sovereignty", "relation": "verbatim",
                                    "kind": "partial", "start": x.text.find("peace"), "end": x.text.find("peace") + 22,
                                    "raw_start": x.to_raw(x.text.find("peace")),
                                    "raw_end": x.to_raw(x.text.find("peace") + 22), "sentence": 0,
                                    "speaker": "Nicolás Maduro", "speaker_entity": "nicolas maduro",
                                    "diff": [], "other_speaker": False}
                                   for x in arts]}],
        "framing": [{"article_id": x.id, "hedges": [], "hedge_counts": {"reportedly": 1} if "reportedly" in x.text else {},
                     "loaded": [], "loaded_counts": {"outlet": 0, "quote": 0, "scare-quote": 0},
                     "voices": [{"speaker": "Nicolás Maduro", "entity": "maduro", "quotes": 1, "kinds": {"partial": 1}}],
                     "sources": []} for x in arts],
        "timeline": [
            {"date": "2025-09/..", "start": "2025-09-01", "end": None, "precision": "range", "group": "g2",
             "label": "strikes since September" + label_extra, "verdict": "single-source", "articles": [a.id],
             "mentions": []},
            {"date": "2025-12-01", "start": "2025-12-01", "end": "2025-12-01", "precision": "day", "group": "g1",
             "label": "rally in Caracas" + label_extra, "verdict": "corroborated", "articles": [a.id, b.id],
             "mentions": []},
        ],
        "parameters": {"threshold": 0.3, "weights": {}, "secondary_margin": 0.0, "annotation_versions": []},
    }


def build_store(path) -> dict:
    """Fill a store at ``path``; return the ids the tests look for."""
    st = Store(str(path))
    a1 = build_article("a1rally00000001", [
        ("keep", "Maduro rejects a slave's peace\n\n", ""),
        ("remove", "Photo: Miraflores Press / EPA\n\n", "photo credit"),
        ("keep", "President Nicolás Maduro told a rally in Caracas on Monday that Venezuela wants peace with "
                 "sovereignty. At least 83 people have been killed in 21 strikes since September, officials said.”", ""),
        ("insert", " ", "missing space after a closing quote"),
        ("keep", "Trump reportedly refused the terms.\n", ""),
        ("remove", "Read more: Why the price of coffee keeps rising\n", "teaser for another article"),
    ], title="Maduro rejects a slave's peace", outlet="Example Times", published="2025-12-02T09:00:00+00:00")
    a2 = build_article("a2rally00000002", [
        ("keep", "Venezuela's leader speaks in Caracas\n\nNicolás Maduro addressed supporters in Caracas on Monday, "
                 "demanding peace with sovereignty, equality and freedom.\n", ""),
    ], title="Venezuela's leader speaks in Caracas", outlet="Daily Report", published="2025-12-03T10:00:00+00:00")
    a3 = build_article("a3match00000003", [
        ("keep", "Harbour City win the cup final\n\nHarbour City beat Riverside 3-1 in the cup final on Saturday "
                 "in front of a record crowd.\n", ""),
    ], title="Harbour City win the cup final", outlet="Sports Weekly", published="2025-11-10T18:00:00+00:00")
    a4 = build_article("a4evil000000004", [
        ("keep", f"{EVIL} headline\n\nThe body says {EVIL} and \"quotes\" & <b>tags</b>.\n", ""),
        ("remove", f"footer {EVIL}\n", f"footer {EVIL}"),
    ], title=f"Evil {EVIL}", outlet=f"Outlet {EVIL}", published="2025-11-20T00:00:00+00:00",
        url="javascript:window.__pwned=5")
    a5 = build_article("a5lone000000005", [
        ("keep", "A lone report about Caracas traffic\n\nTraffic in Caracas was heavy.\n", ""),
    ], title="A lone report about Caracas traffic", outlet="Example Times", published=None)
    for a in (a1, a2, a3, a4, a5):
        st.add_article(a)
        if a.id != "a5lone000000005":
            st.put_annotation(a.id, a.content_hash, ANNOTATION_VERSION, annotation(a))
    s1 = {"id": "s1rally", "title": "Maduro rally in Caracas", "articles": [a1.id, a2.id],
          "first_published": a1.published, "last_published": a2.published}
    s2 = {"id": "s2match", "title": "Cup final", "articles": [a3.id],
          "first_published": a3.published, "last_published": a3.published}
    s3 = {"id": "s3evil", "title": f"Evil story {EVIL}", "articles": [a4.id],
          "first_published": a4.published, "last_published": a4.published}
    for s in (s1, s2, s3):
        st.put_story(s)
    st.put_report(s1["id"], report_for(s1, [a1, a2]))
    st.put_report(s3["id"], report_for(s3, [a4], label_extra=" " + EVIL))
    st.close()
    return {"rally": s1["id"], "match": s2["id"], "evil": s3["id"], "a1": a1.id, "a2": a2.id, "a3": a3.id,
            "a4": a4.id, "a5": a5.id}
