"""Independent origins of claims.

An article's claims come from the article's own origin: its outlet, or, when the
article is a copy/duplicate of another (``find_copies``), the origin of the
article it copies (an agency when the copy relation points at ``agency:<name>``).
A claim explicitly relayed from another news organisation, a wire agency or a
named report ("the Reuters news agency reported", "according to a Washington
Post report") is credited to that upstream source instead, because two outlets
relaying one report are one origin. People and institutions speaking (Maduro
said, the White House said) are what the claim is *about*, not an upstream
report: outlets reporting them separately still count separately.
"""

from __future__ import annotations

import re

from .units import fold

# Hedges that mark a claim as relayed from elsewhere even without its own attribution.
# ("claimed" is left out: "X claimed ..." names its own source.)
RELAY_HEDGES = {"reportedly", "reported", "purportedly"}
# How far back (sentences) a relayed source carries over to hedged follow-up claims.
CARRY_SENTENCES = 3
_ANAPHORIC = re.compile(r"^(the|this|that|a|an)?\s*(report|reports|agency|news agency|newspaper|outlet|paper|story|article|sources?)$")


def _key(text: str | None) -> str:
    """Matching key of a source name: folded, punctuation to spaces, agency aliases joined."""
    k = re.sub(r"[\W_]+", " ", fold(text or "")).strip()
    try:
        from ..stories.copies import AGENCIES  # "the associated press" -> "Associated Press"

        k = re.sub(r"[\W_]+", " ", fold(AGENCIES.get(k, k))).strip()
    except ImportError:
        pass
    return k


MIN_REUSE_WORDS = 8  # a shorter identical sentence may be a stock phrase


def mark_reuse(units: list[dict], texts: dict[str, str], order: dict[str, tuple]) -> None:
    """Set ``copied_from`` on claims found word for word in an earlier article.

    Verbatim reuse of a sentence means the later article is not an independent
    origin for it, whether or not the copy detector flagged the whole article.
    """
    norm = {aid: " ".join(fold(t).split()) for aid, t in texts.items()}
    ranked = sorted(texts, key=lambda a: order.get(a, ()))
    for u in units:
        u["copied_from"] = None
        words = fold(u["text"]).split()
        if len(words) < MIN_REUSE_WORDS:
            continue
        needle = " ".join(words)
        for aid in ranked:
            if aid == u["article_id"]:
                break  # only earlier articles can be the source
            if needle in norm[aid]:
                u["copied_from"] = aid
                break


def article_origins(articles, copies: list[dict]) -> dict[str, dict]:
    """article id -> {"id", "label", "kind", "via"}: the independent origin of its text."""
    parent: dict[str, str] = {}
    agency: dict[str, str] = {}
    for rel in copies or []:
        a, o = rel.get("article_id"), rel.get("origin_id")
        if not a or not o or a == o:
            continue
        if str(o).startswith("agency:"):
            name = (rel.get("evidence") or {}).get("agency") or str(o).split(":", 1)[1].replace("-", " ")
            agency.setdefault(a, name)
        elif rel.get("kind") in ("duplicate", "copy"):
            parent.setdefault(a, o)

    def root(a: str) -> str:
        seen = set()
        while a in parent and a not in seen:
            seen.add(a)
            a = parent[a]
        return a

    out = {}
    for art in articles:
        r = root(art.id)
        via = [art.id] if r == art.id else [art.id, r]
        by_root = next((x for x in articles if x.id == r), art)
        if art.id in agency or r in agency:
            name = agency.get(art.id) or agency.get(r)
            out[art.id] = {"id": f"source:{_key(name)}", "label": name, "kind": "agency", "via": via}
        elif by_root.outlet:
            out[art.id] = {"id": f"outlet:{_key(by_root.outlet)}", "label": by_root.outlet, "kind": "outlet", "via": via}
        else:
            label = " ".join((by_root.title or by_root.id).split())
            label = label if len(label) <= 60 else label[:59].rsplit(" ", 1)[0] + "…"
            out[art.id] = {"id": f"article:{r}", "label": label, "kind": "article", "via": via}
    return out


# Documents that are someone else's reporting (a relay), unlike primary documents
# (statements, releases, court filings) which speak for their author.
_REPORT_DOC = re.compile(r"\b(report|reports|reporting|story|article|investigation|interview|dispatch|broadcast|"
                         r"newspaper|magazine|documentary|bulletin|exclusive)\b")
_MEDIA_NAME = re.compile(r"(\.(com|net|org|co\.uk|tv)\b|\b(news|times|post|press|tribune|herald|journal|gazette|"
                         r"telegraph|guardian|radio|tv|television|broadcasting|bbc|cnn|nbc|abc|cbs|fox|msnbc|npr|"
                         r"reuters|bloomberg|afp|associated press|newspaper|magazine|chronicle|observer|daily|weekly|"
                         r"channel|network|agency|wire)\b)")


def _is_relay(node: dict) -> bool:
    kind = node.get("kind")
    text = _key(node.get("text"))
    if kind in ("agency", "media", "outlet", "news"):
        return True
    if kind == "document":
        return bool(_REPORT_DOC.search(text))
    if kind == "organisation":
        return bool(_MEDIA_NAME.search(text))
    return False


def _relay_source(att: dict | None) -> dict | None:
    """The upstream report an attribution credits, if it credits one."""
    if not att:
        return None
    src = att.get("source") or {}
    if src.get("kind") == "missing":
        return {"kind": "missing", "key": None, "text": ""}
    # outermost relay in the chain wins: "Reuters reported sources saying" -> Reuters
    for node in [src] + list(att.get("chain") or []):
        if _is_relay(node):
            text = node.get("text") or ""
            key = node.get("entity") or _key(text)
            if _ANAPHORIC.match(_key(text)):
                return {"kind": "anaphoric", "key": None, "text": text}
            return {"kind": node.get("kind"), "key": key, "text": text}
    return None


def credit_units(units: list[dict]) -> None:
    """Set ``relay`` on each unit: the upstream report it is credited to, or None.

    A unit with its own relaying attribution uses it. An anaphoric one ("according
    to the report") and a hedged follow-up with no attribution ("X reportedly …")
    take the last relayed source of the same article within CARRY_SENTENCES.
    """
    last: dict[str, tuple[int, dict]] = {}
    for u in sorted(units, key=lambda u: (u["article_index"], u["start"])):
        relay = _relay_source(u.get("attribution"))
        prev = last.get(u["article_id"])
        near = prev is not None and u["sentence"] - prev[0] <= CARRY_SENTENCES
        if relay and relay["kind"] == "anaphoric":
            relay = dict(prev[1], carried=True) if near else {"kind": "missing", "key": None, "text": relay["text"]}
        elif relay is None and near:
            hedged = any(h.get("kind") in RELAY_HEDGES or fold(h.get("text", "")) in RELAY_HEDGES for h in u["hedges"])
            if hedged:
                relay = dict(prev[1], carried=True)
        u["relay"] = relay
        if relay:
            last[u["article_id"]] = (u["sentence"], {k: v for k, v in relay.items() if k != "carried"})


def member_origin(unit: dict, art_origins: dict[str, dict]) -> dict:
    """The origin a claim unit counts for."""
    relay = unit.get("relay")
    if relay and relay.get("key"):
        return {"id": f"source:{_key(relay['key'])}", "label": relay.get("text") or relay["key"],
                "kind": relay.get("kind") or "source"}
    if unit.get("copied_from") in art_origins:
        return dict(art_origins[unit["copied_from"]])
    return dict(art_origins[unit["article_id"]])


def group_origins(members: list[dict], art_origins: dict[str, dict]) -> tuple[list[dict], dict | None]:
    """Distinct origins of a group's members and the shared-origin note, if any.

    Members whose upstream source is missing ("According to , …") are folded
    into the named upstream source another member credits: the two likely share
    that origin, which must not count as independent confirmation.
    """
    origins: dict[str, dict] = {}
    missing = []
    for m in members:
        m["shared_origin"] = False  # a claim in two groups is judged afresh in each
        o = member_origin(m, art_origins)
        m["origin"] = o["id"]
        if m.get("relay") and m["relay"].get("kind") == "missing":
            missing.append(m)
        origins.setdefault(o["id"], {**o, "articles": []})
        if m["article_id"] not in origins[o["id"]]["articles"]:
            origins[o["id"]]["articles"].append(m["article_id"])
    shared = None
    named = sorted({m["origin"] for m in members if m.get("relay") and m["relay"].get("key")})
    if missing and named:
        target = named[0]
        for m in missing:
            m["origin"] = target
            m["shared_origin"] = True
        kept = {}
        for m in members:  # recount: origins only the folded members had disappear
            o = origins[m["origin"]]
            k = kept.setdefault(o["id"], {**o, "articles": []})
            if m["article_id"] not in k["articles"]:
                k["articles"].append(m["article_id"])
        origins = kept
        shared = {
            "value": True, "origin": target,
            "articles": sorted({m["article_id"] for m in missing}),
            "reason": (f"{', '.join(sorted({art_origins[m['article_id']]['label'] for m in missing}))}: relayed from a source whose "
                       f"name is missing; the other report(s) credit {origins[target]['label']}"),
        }
    return sorted(origins.values(), key=lambda o: o["id"]), shared
