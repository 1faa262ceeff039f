"""Framing per article: hedges, loaded words (outlet's voice or inside a quote), voices."""

from __future__ import annotations

import re
from collections import Counter

# Evaluative/loaded terms common in conflict, crime and politics reporting. General
# vocabulary (singular/plural and derived forms matched by the pattern below); plain
# descriptive words that are often neutral in news ("threat", "murder" as a charge)
# are left out.
LOADED = sorted({
    "regime", "terrorist", "terrorism", "aggression", "armada", "piracy", "pirate", "slaughter",
    "massacre", "bloodbath", "atrocity", "atrocities", "genocide", "thug", "puppet", "dictator",
    "dictatorship", "tyrant", "tyranny", "despot", "strongman", "junta", "invasion", "invader",
    "occupation", "occupier", "propaganda", "crackdown", "extremist", "radical", "militant",
    "barbaric", "brutal", "savage", "rogue", "warmonger", "imperialist", "imperialism", "colonial",
    "narco-state", "onslaught", "lawless", "cynical", "illegal", "mob", "hardline",
    "hardliner", "fanatic", "zealot", "insurgent", "murderous", "slave", "slavery",
    "horrific", "heinous", "evil", "menace", "rampage", "carnage", "butcher",
})
_LOADED_RE = re.compile(
    r"\b(" + "|".join(re.escape(w) for w in sorted(LOADED, key=len, reverse=True)) + r")(s|es|ed|ing)?\b",
    re.IGNORECASE,
)


def _inside(pos: int, spans: list[tuple[int, int, dict]]) -> dict | None:
    for s, e, q in spans:
        if s <= pos < e:
            return q
    return None


def _sentence_of(ann: dict, pos: int) -> int | None:
    for i, s in enumerate(ann.get("sentences", [])):
        if s["start"] <= pos < s["end"]:
            return i
    return None


def framing(ann: dict, entity_map: dict[str, str], to_raw=None) -> dict:
    """Framing summary of one article annotation (``to_raw`` maps clean offsets to raw)."""
    to_raw = to_raw or (lambda pos: pos)
    text = ann.get("text", "")
    quotes = ann.get("quotes", [])
    spans = [(q["start"], q["end"], q) for q in quotes]
    loaded = []
    # (an ASCII text whose lower case holds no loaded word has no match: the scan skipped)
    low = text.lower() if isinstance(text, str) and text.isascii() else None
    found = _LOADED_RE.finditer(text) if low is None or any(w in low for w in LOADED) else ()
    for m in found:
        q = _inside(m.start(), spans)
        if q is None:
            voice = "outlet"
        elif q.get("kind") == "scare":
            voice = "scare-quote"
        else:
            voice = "quote"
        sp = (q or {}).get("speaker") or {}
        loaded.append({"text": m.group(0), "term": m.group(1).lower(), "start": m.start(), "end": m.end(),
                       "sentence": _sentence_of(ann, m.start()),
                       "raw_start": to_raw(m.start()), "raw_end": to_raw(m.end()),
                       "voice": voice, "speaker": sp.get("name") or sp.get("text")})
    voices: dict[str, dict] = {}
    for q in quotes:
        sp = q.get("speaker") or {}
        key = entity_map.get(sp.get("entity"), sp.get("entity")) if sp.get("entity") else None
        name = sp.get("name") or sp.get("text") or "(unattributed)"
        k = key or f"~{name.lower()}"
        v = voices.setdefault(k, {"speaker": name, "entity": key, "quotes": 0, "kinds": Counter()})
        v["quotes"] += 1
        v["kinds"][q.get("kind") or "direct"] += 1
    sources = Counter()
    for a in ann.get("attributions", []):
        src = a.get("source") or {}
        sources[(src.get("text") or "(missing)", src.get("kind") or "unknown")] += 1
    hedges = [{"text": h.get("text"), "kind": h.get("kind"), "start": h["start"], "end": h["end"],
               "sentence": h.get("sentence")} for h in ann.get("hedges", [])]
    return {
        "article_id": ann.get("id"),
        "hedges": hedges,
        "hedge_counts": dict(sorted(Counter(h["kind"] for h in hedges).items())),
        "loaded": loaded,
        "loaded_counts": {v: sum(1 for x in loaded if x["voice"] == v) for v in ("outlet", "quote", "scare-quote")},
        "voices": sorted(({**v, "kinds": dict(sorted(v["kinds"].items()))} for v in voices.values()),
                         key=lambda v: (-v["quotes"], v["speaker"])),
        "sources": [{"text": t, "kind": k, "count": n} for (t, k), n in sorted(sources.items(), key=lambda x: (-x[1], x[0]))],
    }

