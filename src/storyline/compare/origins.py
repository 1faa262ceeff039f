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

Outlets are named through the outlet registry (``lexicon.outlets``): an article
from ``www.nytimes.com``, "The New York Times" relayed elsewhere and "the Times"
inside the Times's own article are one origin, ``source:nyt``. A relay that names
no one ("media reports") is no origin of its own.
"""

from __future__ import annotations

import re

from ..lexicon.outlets import Outlet, article_name, display_name, registry
from ..lexicon.text import fold_in_place

# Hedges that mark a claim as relayed from elsewhere even without its own attribution.
# ("claimed" is left out: "X claimed ..." names its own source.)
RELAY_HEDGES = {"reportedly", "reported", "purportedly"}
# How far (sentences) a hedged follow-up with no attribution of its own ("X reportedly …")
# may sit from the last sentence that named or pointed back to the relayed report.
CARRY_SENTENCES = 3
# Kinds of registry entries whose reports are someone else's reporting (a relay);
# governments speak for themselves (a primary source).
MEDIA_KINDS = ("outlet", "agency", "broadcaster")
# Nouns that point back to reporting without naming it: "the report said", "according to the newspaper".
_REPORT_NOUNS = {"report", "reports", "reporting", "agency", "news agency", "newspaper", "outlet", "paper", "story",
                 "article", "publication", "network", "broadcaster", "channel", "magazine", "wire", "dispatch"}
_DETS = re.compile(r"^(the|this|that|these|those|its|their|a|an)\s+")
# Words that describe reporting without naming its author ("media reports", "local news outlets").
_GENERIC = {"media", "news", "press", "report", "reports", "reporting", "local", "state", "foreign", "international",
            "national", "western", "official", "several", "some", "other", "many", "various", "earlier", "previous",
            "recent", "unconfirmed", "multiple", "outlet", "outlets", "newspaper", "newspapers", "agency", "agencies",
            "broadcaster", "broadcasters", "channel", "channels", "tv", "television", "radio", "websites", "website",
            "paper", "papers", "story", "stories", "article", "articles", "publication", "publications", "online",
            "social", "wire", "wires", "the", "a", "an", "in", "of", "and", "citing", "sources", "source"}


def _fold_key(text: str | None) -> str:
    return re.sub(r"[\W_]+", " ", fold_in_place(text or "")).strip()


def outlet_of(name: str | None, context: Outlet | None = None) -> Outlet | None:
    """The registry outlet a source name stands for ("the Times" only inside the Times's own article)."""
    if not name:
        return None
    reg = registry()
    o = reg.by_name(name, context=context)
    if o is None:  # "the Reuters news agency", "the New York Times newspaper"
        k = _fold_key(name)
        for tail in (" news agency", " agency", " newspaper", " news", " report", " reports", " reporting"):
            if k.endswith(tail):
                o = reg.by_name(k[: -len(tail)], context=context)
                if o:
                    break
    return o


def _key(text: str | None, context: Outlet | None = None) -> str:
    """Matching key of a source name: the registry id when it names a known outlet, else the folded name."""
    o = outlet_of(text, context)
    return o.id if o else _fold_key(text)


MIN_REUSE_WORDS = 8  # a shorter identical sentence may be a stock phrase
_QUOTED = re.compile(r"[“\"«„][^“”\"«»„]*[”\"»]|‘[^‘’]*’(?!\w)")


def _own_words(unit: dict) -> list[str]:
    """The unit's words outside quotations (its quotes' offsets, and quote marks within its text)."""
    text, start = unit["text"], unit["start"]
    own = text
    for q in unit.get("quotes") or ():
        if q.get("kind") in ("direct", "partial") and isinstance(q.get("start"), int) and isinstance(q.get("end"), int):
            a, b = max(q["start"] - start, 0), min(q["end"] - start, len(text))
            if a < b:  # the quote's characters blanked, one space each
                own = own[:a] + " " * (b - a) + own[b:]
    return fold_in_place(_QUOTED.sub(" ", own)).split()


def mark_reuse(units: list[dict], texts: dict[str, str], order: dict[str, tuple]) -> None:
    """Set ``copied_from`` on claims found word for word in an earlier article.

    Verbatim reuse of a sentence means the later article is not an independent
    origin for it, whether or not the copy detector flagged the whole article. Words
    inside quote marks do not count: two outlets quoting one statement (a government
    statement, a press conference) hear the same source speak, they do not copy each
    other; only a long enough identical run of the outlets' own words is a copy.
    """
    norm = {aid: " ".join(fold_in_place(t).split()) for aid, t in texts.items()}
    ranked = sorted(texts, key=lambda a: order.get(a, ()))
    rank = {a: r for r, a in enumerate(ranked)}
    # a needle's inner words are whole words of any text holding it: the texts to search
    # are those holding its rarest inner word (an index instead of every earlier text)
    holding: dict[str, set[str]] = {}
    for aid, t in norm.items():
        for w in set(t.split()):
            holding.setdefault(w, set()).add(aid)
    for u in units:
        u["copied_from"] = None
        words = fold_in_place(u["text"]).split()
        if len(words) < MIN_REUSE_WORDS or len(_own_words(u)) < MIN_REUSE_WORDS:
            continue
        needle = " ".join(words)
        maybe = min((holding.get(w, set()) for w in words[1:-1]), key=len)
        # only earlier articles can be the source: the first holding it, in rank order
        own = rank.get(u["article_id"], len(ranked))
        for r in sorted(rank[a] for a in maybe if rank[a] < own):
            if needle in norm[ranked[r]]:
                u["copied_from"] = ranked[r]
                break


def article_label(art) -> str:
    """The name an article is shown under: its outlet (registry name), else its domain, else its title or first line."""
    return article_name(art.outlet, art.url, art.title, art.text or art.raw_text, fallback=art.id)


def article_outlets(articles) -> dict[str, Outlet | None]:
    """article id -> its registry outlet (from its URL or outlet field), or None."""
    return {a.id: registry().find(a.outlet, a.url) for a in articles}


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
    by_id = {x.id: x for x in articles}
    for art in articles:
        r = root(art.id)
        via = [art.id] if r == art.id else [art.id, r]
        by_root = by_id.get(r, art)
        if art.id in agency or r in agency:
            name = agency.get(art.id) or agency.get(r)
            o = outlet_of(name)
            out[art.id] = ({"id": f"source:{o.id}", "label": o.name, "kind": o.kind, "via": via} if o else
                           {"id": f"source:{_fold_key(name)}", "label": name, "kind": "agency", "via": via})
            continue
        o = registry().find(by_root.outlet, by_root.url)
        if o:
            out[art.id] = {"id": f"source:{o.id}", "label": o.name, "kind": o.kind, "via": via}
        elif (by_root.outlet or "").strip() or by_root.url:
            label = display_name(by_root.outlet, by_root.url)
            out[art.id] = {"id": f"source:{_fold_key(label)}", "label": label, "kind": "outlet", "via": via}
        else:
            out[art.id] = {"id": f"article:{r}", "label": article_label(by_root), "kind": "article", "via": via}
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
    text = _fold_key(node.get("text"))
    if kind in ("agency", "media", "outlet", "news"):
        return True
    if kind == "document":
        return bool(_REPORT_DOC.search(text))
    if kind == "organisation":
        return bool(_MEDIA_NAME.search(text))
    return False


def _head(text: str) -> str:
    """The last word of a folded phrase without its determiner ("the list" -> "list")."""
    k = _DETS.sub("", _fold_key(text))
    return k.rsplit(" ", 1)[-1] if k else ""


def _pointer(text: str) -> str | None:
    """The noun of a phrase pointing back at a report or document without naming it
    ("the report", "this list", "the documents"), else None."""
    k = _fold_key(text)
    m = _DETS.match(k)
    if not m or m.group(1) in ("a", "an"):
        return None
    rest = k[m.end():]
    if rest in _REPORT_NOUNS or (" " not in rest and rest):
        return rest.removesuffix("s") if rest not in _REPORT_NOUNS else rest
    return None


def _documents(att: dict) -> set[str]:
    """Document nouns a relay introduces ("a list obtained by The New York Times" -> {"list"})."""
    out = set()
    for node in [att.get("source") or {}] + list(att.get("chain") or []):
        if node.get("kind") == "document":
            h = _head(node.get("text") or "")
            if h:
                out.add(h.removesuffix("s"))
    return out


def _relay_source(att: dict | None, own: Outlet | None = None) -> dict | None:
    """The upstream report an attribution credits, if it credits one.

    ``{"kind", "key", "text"}`` with a key for a named upstream source; kind
    "missing" ("According to , …") or "unnamed" ("media reports") without one;
    "anaphoric" with the ``noun`` pointed back at ("the report said", "the list shows");
    None for the article's own reporting (its own outlet named, "the Times said" in
    the Times) and for people and institutions speaking.
    """
    if not att:
        return None
    src = att.get("source") or {}
    if src.get("kind") == "missing":
        return {"kind": "missing", "key": None, "text": ""}
    ref = src.get("refers_to") or {}
    nodes = [src] + list(att.get("chain") or [])
    # outermost relay in the chain wins: "Reuters reported sources saying" -> Reuters
    for node in nodes:
        text = node.get("text") or ""
        o = outlet_of(text, own) or outlet_of(node.get("name"), own)
        if o is not None and o.kind in MEDIA_KINDS:
            if own is not None and o.id == own.id:
                return None  # the outlet naming itself: its own reporting
            return {"kind": o.kind, "key": o.id, "text": o.name, "as": text, "docs": sorted(_documents(att))}
        if o is not None:
            continue  # a government body speaking for itself
        if node.get("kind") == "document" and ref:
            ro = outlet_of(ref.get("text"), own) or outlet_of(ref.get("entity"), own)
            if ro is not None and ro.kind in MEDIA_KINDS and not (own is not None and ro.id == own.id):
                return {"kind": ro.kind, "key": ro.id, "text": ro.name, "as": ref.get("text") or text,
                        "docs": sorted(_documents(att))}
        if node.get("kind") == "document":
            noun = _pointer(text)
            if noun:
                return {"kind": "anaphoric", "key": None, "text": text, "noun": noun}
        if _is_relay(node):
            words = _fold_key(text).split()
            if all(w in _GENERIC for w in words):  # "media reports", "a report": no upstream outlet named
                return {"kind": "unnamed", "key": None, "text": text}
            if node.get("kind") == "document" and not any(w[:1].isupper() for w in text.split()[1:]):
                continue  # "the police incident report", "his first public interview": a primary source
            noun = _pointer(text)
            if noun in _REPORT_NOUNS:  # "the newspaper said": whichever report came before
                return {"kind": "anaphoric", "key": None, "text": text, "noun": noun}
            return {"kind": node.get("kind"), "key": _key(node.get("entity") or text, own), "text": text,
                    "docs": sorted(_documents(att))}
    return None


def credit_units(units: list[dict], outlets: dict | None = None) -> None:
    """Set ``relay`` on each unit: the upstream report it is credited to, or None.

    A unit with its own relaying attribution uses it. A relay carries through the
    article as long as the text keeps pointing back to it: a unit pointing back at a
    report ("the report said", "according to the newspaper") or at a document the relay
    brought in ("a list obtained by The New York Times" … "the list shows") takes the
    article's last named relay however far back; a hedged follow-up with no attribution
    ("X reportedly …") takes it within CARRY_SENTENCES of the last pointer.
    ``outlets`` maps article id -> its own registry outlet (naming itself is no relay).
    """
    outlets = outlets or {}
    last: dict[str, dict] = {}  # article id -> {"relay", "docs", "sentence"}
    for u in sorted(units, key=lambda u: (u["article_index"], u["start"])):
        relay = _relay_source(u.get("attribution"), outlets.get(u["article_id"]))
        prev = last.get(u["article_id"])
        if relay and relay["kind"] == "anaphoric":
            noun = relay["noun"]
            if prev is not None and (noun in _REPORT_NOUNS or noun in prev["docs"]):
                relay = dict(prev["relay"], carried=True)
                prev["sentence"] = u["sentence"]
            elif noun in _REPORT_NOUNS:
                relay = {"kind": "missing", "key": None, "text": relay["text"]}  # a report never named
            else:
                relay = None  # "the memo shows" with nothing relayed before: the outlet's own document
        elif relay is None and prev is not None and u["sentence"] - prev["sentence"] <= CARRY_SENTENCES:
            hedged = any(h.get("kind") in RELAY_HEDGES or fold_in_place(h.get("text", "")) in RELAY_HEDGES for h in u["hedges"])
            if hedged:
                relay = dict(prev["relay"], carried=True)
                prev["sentence"] = u["sentence"]
        u["relay"] = relay
        if relay and not relay.get("carried"):  # a named relay, or one whose name is missing or not given
            docs = set(relay.get("docs") or ())
            if prev is not None and relay.get("key") and prev["relay"].get("key") == relay["key"]:
                docs |= prev["docs"]
            last[u["article_id"]] = {"relay": {k: v for k, v in relay.items() if k != "carried"}, "docs": docs,
                                     "sentence": u["sentence"]}


def member_origin(unit: dict, art_origins: dict[str, dict]) -> dict:
    """The origin a claim unit counts for."""
    relay = unit.get("relay")
    if relay and relay.get("key"):
        o = registry().outlets.get(relay["key"])
        if o is not None:
            return {"id": f"source:{o.id}", "label": o.name, "kind": o.kind}
        return {"id": f"source:{_fold_key(relay['key'])}", "label": relay.get("text") or relay["key"],
                "kind": relay.get("kind") or "source"}
    if unit.get("copied_from") in art_origins:
        return dict(art_origins[unit["copied_from"]])
    return dict(art_origins[unit["article_id"]])


def group_origins(members: list[dict], art_origins: dict[str, dict]) -> tuple[list[dict], dict | None]:
    """Distinct origins of a group's members and the shared-origin note, if any.

    Members relayed from a source whose name is missing ("According to , …") or
    not given ("media reports said") are folded into the named upstream source
    another member credits: the two likely share that origin, which must not
    count as independent confirmation.
    """
    origins: dict[str, dict] = {}
    missing = []
    for m in members:
        m["shared_origin"] = False  # a claim in two groups is judged afresh in each
        o = member_origin(m, art_origins)
        m["origin"] = o["id"]
        if m.get("relay") and m["relay"].get("kind") in ("missing", "unnamed"):
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
            "reason": (f"{', '.join(sorted({art_origins[m['article_id']]['label'] for m in missing}))}: relayed from a source "
                       f"it does not name; the other report(s) credit {origins[target]['label']}"),
        }
    return sorted(origins.values(), key=lambda o: o["id"]), shared
