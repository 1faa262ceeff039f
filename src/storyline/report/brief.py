"""The story brief: what is confirmed, disputed and said, readable in a minute.

``build_brief(report)`` reads the report dict that ``compare_story`` returns
(docs/report.md) and ranks its facts by general rules: independent origins first,
then how many articles carry a fact, how early they tell it (centrality), and
whether it holds figures, dates or quotes. Nothing here knows any particular story.
Every item keeps its outlets by name and its sentence references (article id and
character offsets into that article's clean text).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import re
from typing import Any

from ..lexicon.outlets import display_name, host_of, registry, soften_caps
from ..lexicon.text import strip_accents
from .common import numbered, shown_name

# Each ranked list in the brief is cut to this many items (the rest stay in the report).
LIMIT = 7
DISPUTED = ("conflicting", "revision", "variant")
# An event ending this long before the first report is background, not the story.
BACKGROUND_DAYS = 180
# Words that name no one: a quote "by he" is an unresolved pronoun, not a voice.
PRONOUNS = frozenset("he she it they him her them we i you his its their this that who one someone "
                     "(unattributed)".split())
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_STOP = frozenset("the and for that with was were has have had his her their from this said says will would "
                  "not but are who which been into after about than they them its also more".split())


# -- names --------------------------------------------------------------------------

# while build_brief runs, what it asks for again and again: id(group) -> (group, its
# _features) (ranking, the voices, the events and the items each ask; the group is kept,
# so its id is not reused), and ("origin", label, outlet?) -> the origin's name
_MEMO: contextvars.ContextVar[dict | None] = contextvars.ContextVar("storyline_brief_memo", default=None)


def outlet_names(report: dict) -> dict[str, str]:
    """article id -> the one name the report shows it under (``report.common.article_names``),
    from the report's JSON form."""
    return numbered([(a["id"], shown_name(a.get("name"), a.get("outlet"), a.get("url"), a.get("title"),
                                            a.get("text"), a.get("id"))) for a in report["articles"]])


def origin_name(o: dict, names: dict[str, str]) -> str:
    """An independent origin by name: an article origin by its outlet's name."""
    oid = str(o.get("id") or "")
    if oid.startswith("article:") and oid[len("article:"):] in names:
        return names[oid[len("article:"):]]
    label = str(o.get("label") or oid)
    memo = _MEMO.get()  # within one brief (one ``names``): a label is looked up once
    if memo is None:
        return _origin_label_name(label, o.get("kind"))
    key = ("origin", label, o.get("kind") == "outlet")
    if key not in memo:
        memo[key] = _origin_label_name(label, o.get("kind"))
    return memo[key]


def _origin_label_name(label: str, kind) -> str:
    if kind == "outlet" or host_of(label):
        return display_name(label)
    found = registry().find(label)
    return found.name if found else label


# -- facts ----------------------------------------------------------------------------

def _members(g: dict) -> list[dict]:
    return [m for m in g.get("members") or [] if isinstance(m, dict) and m.get("article_id") is not None]


def _ref(m: dict) -> dict:
    return {"article_id": m["article_id"], "sentence": m.get("sentence"), "start": m.get("start"), "end": m.get("end")}


def _is_quote_only(text: str) -> bool:
    """A sentence that is one quotation and nothing else (a pull quote, not a statement of fact)."""
    t = text.strip()
    return bool(t) and t[0] in "“\"'‘" and t.rstrip(".!?")[-1:] in "”\"'’!?."


_PRONOUN_START = re.compile(r"^[“\"']?(he|she|it|they|his|her|its|their|this|that|these|those|we|i)\b", re.I)
# A call to the reader ("Anyone with information is asked to call Crime Stoppers at (419)
# 255-1111", "Police urge anyone who saw … to contact …"): the report's appeal, not a fact
# of the story. It may stay a claim; it never titles the report, heads the brief or shows
# for a fact another member states.
_APPEAL = re.compile(
    r"\b(?:anyone|those|people|residents|witnesses)\s+(?:with|who\s+(?:has|have|had|saw|knows?|may))\b.{0,80}?"
    r"\b(?:call|contact|reach|text|email|e-mail|submit|report|come forward)\b"
    r"|\b(?:is|are)\s+(?:being\s+)?(?:asked|urged|encouraged|requested)\s+to\s+(?:call|contact|text|email|reach)\b"
    r"|\b(?:please|urge[sd]?\s+\w+\s+to)\s+(?:call|contact)\b"
    r"|\b(?:tip\s*line|crime\s*stoppers?|hotline)\b.{0,60}\d{3}\W{0,2}\d{4}\b"
    # a telephone number to call or reach someone at ("Call the Salt Lake office at
    # 801-747-2201", "can be reached at 206-448-8160")
    r"|\b(?:call|calling|contact|contacting|reach|reached)\b[^.]{0,80}?\b(?:at|on)\s+(?:1-)?\(?\d{3}\)?[\s.-]?[\dA-Z]{3}-[\dA-Z]{4}\b",
    re.I | re.S)


def _is_appeal(text: str) -> bool:
    return bool(_APPEAL.search(text or ""))


_DATELINE = re.compile(r"\b(published|updated|posted|last updated|first published|last modified)\b", re.I)


def _pronoun_start(text: str) -> bool:
    return bool(_PRONOUN_START.match(text.strip()))


def _is_dateline(g: dict) -> bool:
    """A dateline or byline line ("Published: July 28, 2004 at 1:24 PM"), not a fact."""
    def dateline(t: str) -> bool:
        return bool(_DATELINE.search(t)) and len(t.split()) <= 12 and any(c.isdigit() for c in t)
    return all(dateline(m.get("text") or "") for m in _members(g)) if _members(g) else False


def _display_text(g: dict, within: set | None = None) -> str:
    """The member sentence a reader should see (``_display_member``), or the group's label."""
    return _shown_text(g, _display_member(g, within))


def _shown_text(g: dict, m: dict | None) -> str:
    if m is None:
        return str(g.get("label") or "")
    return _close_quote(soften_caps(" ".join((m.get("text") or "").split())))


def _display_member(g: dict, within: set | None = None) -> dict | None:
    """The member whose sentence a reader should see: a primary member over a secondary one,
    a named source over a missing one, short over long.
    ``within``: (article id, sentence) pairs to choose among when any member is one (a dated
    event shows a sentence that says its date, not another member's)."""
    ms = _members(g)
    if within:
        ms = [m for m in ms if (m.get("article_id"), m.get("sentence")) in within] or ms
    if not ms:
        return None

    def key(m: dict) -> tuple:
        att = m.get("attribution") or {}
        text = m.get("text") or ""
        # a call to the reader last; a primary member before a secondary one (the fact's
        # outlets are its primary members': a secondary one's sentence was another outlet's words)
        return (_is_appeal(text), bool(m.get("secondary")), att.get("kind") == "missing", _is_quote_only(text),
                _pronoun_start(text),
                len(text) > 240, len(text), str(m.get("article_id")))
    return min(ms, key=key)


def _close_quote(text: str) -> str:
    """A sentence that opens a quotation its next sentences go on with ("“We do not want a
    slave's peace, nor the peace of colonies!" ... "Slaves, never!”") is shown with the
    quotation marked as going on, so the brief never shows an unclosed quote."""
    if text.count("“") > text.count("”"):
        return text + " …”"
    return text


def _features(g: dict) -> dict[str, Any]:
    memo = _MEMO.get()
    if memo is None:
        return _group_features(g)
    hit = memo.get(id(g))
    if hit is None or hit[0] is not g:
        hit = memo[id(g)] = (g, _group_features(g))
    return hit[1]


def _group_features(g: dict) -> dict[str, Any]:
    ms = _members(g)
    sentences = [m.get("sentence") for m in ms if isinstance(m.get("sentence"), int)]
    return {
        "origins": int(g.get("independent_origins") or len(g.get("origins") or []) or 1),
        "articles": len(set(g.get("articles") or [m["article_id"] for m in ms])),
        "lead": min(sentences) if sentences else 99,
        "numbers": any(m.get("quantities") for m in ms),
        "dates": any(m.get("dates") for m in ms),
        "quotes": any(q.get("speaker") for m in ms for q in m.get("quotes") or [] if isinstance(q, dict)),
        "pronoun": all(_pronoun_start(m.get("text") or "") for m in ms) if ms else False,
        "quote_only": all(_is_quote_only(m.get("text") or "") for m in ms) if ms else False,
        "appeal": all(_is_appeal(m.get("text") or "") for m in ms) if ms else False,
        "hedged": all(any(h.get("kind") != "negation" for h in m.get("hedges") or []) for m in ms) if ms else False,
    }


def fact_score(g: dict) -> float:
    """Importance of a claim group: independent origins, spread, centrality, specifics."""
    f = _features(g)
    # origins beyond the articles carrying a fact (two sources named in one article) corroborate nothing
    return (10.0 * min(f["origins"], f["articles"]) + 3.0 * f["articles"] + 3.0 / (1 + f["lead"])
            + 2.0 * f["numbers"] + 1.5 * f["dates"] + 1.0 * f["quotes"] - 1.0 * f["hedged"])


def _ranked(groups: list[dict]) -> list[dict]:
    """Groups best first; a group whose sentences all appear in higher ones is dropped."""
    out, shown = [], set()
    for g in sorted(groups, key=lambda g: (-fact_score(g), str(g.get("id")))):
        if _is_dateline(g):
            continue
        sents = {(m["article_id"], m.get("sentence"), m.get("start")) for m in _members(g)}
        if sents and sents <= shown:
            continue
        shown |= sents
        out.append(g)
    return out


def _sources(refs: list[dict], names: dict[str, str]) -> list[dict]:
    """One link per article: its outlet's name and its first sentence reference."""
    out, seen = [], set()
    for r in refs:
        if r.get("article_id") in seen:
            continue
        seen.add(r.get("article_id"))
        out.append({"outlet": names.get(r.get("article_id"), str(r.get("article_id"))), **r})
    return out


def _outlets(ms: list[dict], names: dict[str, str]) -> list[str]:
    return list(dict.fromkeys(names.get(m["article_id"], str(m["article_id"])) for m in ms))


def _fact_item(g: dict, names: dict[str, str], when: dict[str, dict]) -> dict:
    # the articles that state the fact: its primary members (a secondary one counts in another
    # group, as the origins do; listed here it made a single-source fact read as two outlets')
    ms = [m for m in _members(g) if not m.get("secondary")] or _members(g)
    # the shown sentence's member first within its article (articles keep their order): that
    # article's link (``_sources``, one per article) points at the words the reader sees, not
    # at another sentence of it
    shown = _display_member(g)
    first: dict = {}
    for k, m in enumerate(ms):
        first.setdefault(m.get("article_id"), k)
    ms = sorted(ms, key=lambda m: (first[m.get("article_id")], m is not shown))
    ev = when.get(str(g.get("id")))
    item = {
        "group": g.get("id"), "verdict": g.get("verdict"), "text": _shown_text(g, shown),
        "outlets": _outlets(ms, names),
        "origins": [origin_name(o, names) for o in g.get("origins") or []],
        "independent_origins": _features(g)["origins"],
        "when": None if not ev else {"date": ev["date"], "display": ev["display"]},
        "score": round(fact_score(g), 2),
        "refs": [_ref(m) for m in ms],
        "sources": _sources([_ref(m) for m in ms], names),
    }
    if g.get("similar"):  # single-source, with a close claim of another origin: not decided (compare/similar.py)
        item["similar"] = _sources([{**_ref(x), "text": x.get("text")} for x in g["similar"]], names)
    return item


def _differences(g: dict, names: dict[str, str]) -> list[str]:
    """What differs, in words, from the group's findings."""
    out = []
    for f in g.get("findings") or []:
        a, b = f.get("a") or {}, f.get("b") or {}
        na, nb = names.get(a.get("article_id"), "one report"), names.get(b.get("article_id"), "another")
        if f.get("kind") == "number" and f.get("relation") == "revision" and f.get("earlier") and f.get("later"):
            e, la = f["earlier"], f["later"]
            what = f" ({f['counted']})" if f.get("counted") else ""
            out.append(f"revised{what}: {names.get(e.get('article_id'), 'one report')} said “{e.get('text')}” "
                       f"({e.get('published')}), then {names.get(la.get('article_id'), 'another')} “{la.get('text')}” "
                       f"({la.get('published')})")
        elif f.get("kind") == "number":
            what = f" ({f['counted']})" if f.get("counted") else ""
            out.append(f"figures{what}: {na} says “{a.get('text')}”, {nb} says “{b.get('text')}”")
        elif f.get("kind") == "date":
            out.append(f"dates: {na} {a.get('value')}, {nb} {b.get('value')}")
        elif f.get("kind") == "negation":
            out.append(f"{na} denies what {nb} states")
        elif f.get("kind") == "participants":
            what = f" of “{f['predicate']}”" if f.get("predicate") else ""
            out.append(f"who{what}: {na} says “{a.get('text')}”, {nb} says “{b.get('text')}”")
    return list(dict.fromkeys(out))


def _disputed_item(g: dict, names: dict[str, str], when: dict[str, dict]) -> dict:
    item = _fact_item(g, names, when)
    ms = [m for m in _members(g) if not m.get("secondary")] or _members(g)
    sides, seen = [], set()
    for m in ms:  # one side per outlet: its first sentence in the group
        if m["article_id"] in seen:
            continue
        seen.add(m["article_id"])
        sides.append({"outlet": names.get(m["article_id"], str(m["article_id"])),
                      "text": " ".join((m.get("text") or "").split()), "ref": _ref(m)})
    item["sides"] = sides
    item["differences"] = _differences(g, names)
    return item


# -- voices ---------------------------------------------------------------------------

def _speaker_ok(name: str | None, origin_keys: set[str]) -> bool:
    if not name or not name.strip():
        return False
    k = name.strip().casefold()
    k2 = re.sub(r"^(the|a|an) ", "", k)
    return k not in PRONOUNS and k2 not in PRONOUNS and k2 not in origin_keys and "report" not in k2.split()


def voices(report: dict, names: dict[str, str], limit: int = LIMIT) -> tuple[list[dict], int]:
    """The main people and bodies quoted: their key quote and the outlets that carry them."""
    origin_keys = set()
    for g in report.get("groups") or []:
        for o in g.get("origins") or []:
            if o.get("kind") not in ("outlet", "article"):
                origin_keys.add(str(o.get("label") or "").casefold())
    known = {}  # speaker as written -> the story entity the comparison resolved it to
    for f in report.get("framing") or []:
        for v in f.get("voices") or []:
            if isinstance(v, dict) and v.get("speaker") and v.get("entity"):
                known[v["speaker"]] = v["entity"]
    by: dict[str, dict] = {}

    def add(speaker: str, entity: str | None, text: str, kind: str | None, article_id: str,
            ref: dict, cross: int, weight: float) -> None:
        key = strip_accents(entity or speaker).casefold()
        v = by.setdefault(key, {"speaker": speaker, "entity": entity, "articles": {}, "quotes": 0, "best": None})
        if len(speaker) > len(v["speaker"]) and " " in speaker:  # the fullest form of the name
            v["speaker"] = speaker
        v["articles"].setdefault(article_id, ref)
        v["quotes"] += 1
        rank = (cross, kind == "direct", weight, min(len(text), 160))
        if v["best"] is None or rank > v["best"][0]:
            v["best"] = (rank, {"text": text, "kind": kind, "ref": ref})

    cross_quotes, spans = {}, {}
    for q in report.get("quotes") or []:
        for r in q.get("renderings") or []:
            k = (r.get("article_id"), " ".join(str(r.get("text") or "").split()))
            cross_quotes[k] = len(q.get("articles") or [])
            if isinstance(r.get("start"), int) and isinstance(r.get("end"), int):
                spans[k] = {"article_id": r.get("article_id"), "sentence": r.get("sentence"),
                            "start": r["start"], "end": r["end"]}
    for g in report.get("groups") or []:
        weight = fact_score(g)
        for m in _members(g):
            for q in m.get("quotes") or []:
                if not isinstance(q, dict) or q.get("kind") == "scare" or not _speaker_ok(q.get("speaker"), origin_keys):
                    continue
                text = " ".join(str(q.get("text") or "").split())
                if len(text) < 12:
                    continue
                pos = (m.get("text") or "").find(q.get("text") or "\0")
                if (m["article_id"], text) in spans:  # the quote's own offsets (it may run past the sentence)
                    ref = spans[(m["article_id"], text)]
                elif pos >= 0 and isinstance(m.get("start"), int):
                    ref = {"article_id": m["article_id"], "sentence": m.get("sentence"),
                           "start": m["start"] + pos, "end": m["start"] + pos + len(q["text"])}
                else:  # the sentence that carries it
                    ref = _ref(m)
                ent = known.get(q["speaker"]) or _entity_of(q["speaker"], m)
                add(q["speaker"], ent, text, q.get("kind"), m["article_id"], ref,
                    cross_quotes.get((m["article_id"], text), 1), weight)
    full = {}
    for k, v in by.items():
        if " " in v["speaker"].strip():
            full.setdefault(strip_accents(v["speaker"]).split()[-1].casefold(), []).append(k)
    for k in [k for k, v in by.items() if " " not in v["speaker"].strip()]:
        owners = full.get(strip_accents(by[k]["speaker"]).casefold(), [])
        if owners:  # the surname alone: the fullest-quoted bearer of that surname
            owner = max(owners, key=lambda o: (len(by[o]["articles"]), by[o]["quotes"], o))
            v, w = by.pop(k), by[owner]
            for a, ref in v["articles"].items():
                w["articles"].setdefault(a, ref)
            w["quotes"] += v["quotes"]
            if v["best"][0] > w["best"][0]:
                w["best"] = v["best"]
    ranked = sorted(by.values(), key=lambda v: (-len(v["articles"]), -(" " in v["speaker"]), -v["quotes"],
                                                v["speaker"].casefold()))
    out = [{"speaker": v["speaker"], "entity": v["entity"], "quotes": v["quotes"],
            "outlets": [names.get(a, a) for a in v["articles"]],
            "quote": v["best"][1]["text"], "quote_kind": v["best"][1]["kind"], "ref": v["best"][1]["ref"],
            "refs": list(v["articles"].values()),
            "sources": _sources(list(v["articles"].values()), names)} for v in ranked]
    return out[:limit], len(out)


def _entity_of(speaker: str, m: dict) -> str | None:
    """The story entity a speaker name belongs to ("President Maduro" -> "nicolas maduro")."""
    words = {w.casefold() for w in _WORD.findall(strip_accents(speaker))}
    for e in m.get("entities") or []:
        if isinstance(e, str) and words & set(strip_accents(e).casefold().split()) - {"president", "mr", "ms"}:
            return e
    return None


# -- events ---------------------------------------------------------------------------

def _day(s: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(s)[:10]) if s else None
    except ValueError:
        return None


# A publication day this far from the story's median one is an outlier (a misread or
# badly inferred date), not the story's time.
PUB_OUTLIER_DAYS = 365


def _pub_days(report: dict) -> list[dt.date]:
    """The articles' publication days (given, else inferred), outliers left out, sorted."""
    out = []
    for a in report.get("articles") or []:
        d = _day(a.get("published")) or _day((a.get("published_inferred") or {}).get("value"))
        if d:
            out.append(d)
    if not out:
        return []
    out.sort()
    med = out[(len(out) - 1) // 2]
    return [d for d in out if abs((d - med).days) <= PUB_OUTLIER_DAYS]


def display_date(start: dt.date | None, end: dt.date | None, precision: str) -> str:
    """A date as a reader writes it: "Mon 1 Dec 2025", "week of 24 Nov 2025", "Sep 2025"."""
    if precision == "day" and start:
        return f"{start:%a} {start.day} {start:%b %Y}"
    if precision == "week" and start:
        return f"week of {start.day} {start:%b %Y}"
    if precision == "month" and start:
        return f"{start:%b %Y}"
    if precision == "quarter" and start:
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if precision == "year" and start:
        return str(start.year)
    a = f"{start:%b %Y}" if start else None
    b = f"{end:%b %Y}" if end else None
    if a and b:
        return a if a == b else f"{a} – {b}"
    return f"since {a}" if a else f"until {b}" if b else "date unknown"


def _content(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text or "")} - _STOP


def events(report: dict, names: dict[str, str]) -> list[dict]:
    """The report's timeline as events: entries of one date that share a sentence or say
    the same thing are one event, with every outlet that dates it. Chronological."""
    entries = [e for e in report.get("timeline") or [] if isinstance(e, dict)]
    groups = {g.get("id"): g for g in report.get("groups") or []}
    items = []
    for e in entries:
        start, end = _day(e.get("start")), _day(e.get("end"))
        if not start and not end:
            from ..compare.timeline import interval  # here: compare imports this module

            iv = interval(e.get("date"))
            if not iv:
                continue
            start, end = _day(iv[0]), _day(iv[1])
        g = groups.get(e.get("group")) or {}
        if g and _is_dateline(g):
            continue
        mentions = [x for x in e.get("mentions") or [] if isinstance(x, dict)]
        items.append({"entry": e, "start": start, "end": end, "precision": str(e.get("precision") or "day"),
                      "key": (start, end, str(e.get("precision"))), "group": g,
                      "sents": {(x.get("article_id"), x.get("sentence")) for x in mentions},
                      "words": _content(e.get("label") or "")})
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
    by_key: dict[tuple, list[int]] = {}
    for i, it in enumerate(items):
        by_key.setdefault(it["key"], []).append(i)
    for idx in by_key.values():
        for x, i in enumerate(idx):
            for j in idx[x + 1:]:
                a, b = items[i], items[j]
                same = a["entry"].get("group") == b["entry"].get("group") or (a["sents"] & b["sents"])
                if not same and a["words"] and b["words"]:
                    same = len(a["words"] & b["words"]) / len(a["words"] | b["words"]) >= 0.5
                if same:
                    parent[find(j)] = find(i)
    clusters: dict[int, list[dict]] = {}
    for i, it in enumerate(items):
        clusters.setdefault(find(i), []).append(it)
    out = []
    for members in clusters.values():
        best = max(members, key=lambda it: (fact_score(it["group"]) if it["group"] else 0, -_gid(it["entry"])))
        e0 = best["entry"]
        mentions, refs = [], []
        for it in members:
            for x in it["entry"].get("mentions") or []:
                if isinstance(x, dict) and (x.get("article_id"), x.get("start")) not in {(r["article_id"], r["start"]) for r in refs}:
                    refs.append({"article_id": x.get("article_id"), "sentence": x.get("sentence"),
                                 "start": x.get("start"), "end": x.get("end"), "text": x.get("text")})
            mentions += it["entry"].get("articles") or []
        arts = list(dict.fromkeys([r["article_id"] for r in refs] + mentions))
        g = best["group"]
        origins = list(dict.fromkeys(origin_name(o, names) for it in members for o in (it["group"].get("origins") or [])))
        out.append({
            "date": e0.get("date"), "start": best["start"].isoformat() if best["start"] else None,
            "end": best["end"].isoformat() if best["end"] else None, "precision": best["precision"],
            "display": display_date(best["start"], best["end"], best["precision"]),
            "label": _display_text(g, set().union(*(it["sents"] for it in members))) if g else str(e0.get("label") or ""),
            "verdict": e0.get("verdict"),
            "groups": list(dict.fromkeys(str(it["entry"].get("group")) for it in members)),
            "outlets": [names.get(a, str(a)) for a in arts], "articles": arts, "origins": origins,
            "refs": refs, "background": False,
            "sources": _sources(refs + [{"article_id": a, "sentence": None, "start": None, "end": None}
                                        for a in arts], names),
            "_score": max(fact_score(it["group"]) for it in members if it["group"]) if g else 0.0,
        })
    pubs = _pub_days(report) or _story_days(out)
    if pubs:
        lo, hi = pubs[0] - dt.timedelta(days=BACKGROUND_DAYS), pubs[-1] + dt.timedelta(days=BACKGROUND_DAYS)
        for ev in out:
            s, t = _day(ev["start"]), _day(ev["end"])
            ev["background"] = bool((t and t < lo) or (s and s > hi) or (t is None and s and s > hi))
    out.sort(key=lambda ev: (ev["start"] or ev["end"] or "", ev["precision"] != "day", ev["groups"][0]))
    return out


def _story_days(evs: list[dict]) -> list[dt.date]:
    """Without publication dates, the story's time is that of its latest event dated to the
    day or week, else to the month (news tells of recent days; coarser dates are mostly
    background)."""
    for precisions in (("day", "week"), ("month",)):
        fine = [d for e in evs if e["precision"] in precisions and (d := _day(e["start"]))]
        if fine:
            return [max(fine)]
    return []


_UNPLACED_DAY = re.compile(r"^XXXX-(?:WXX-\d|XX-XX)")  # "Saturday", "today" in an article with no date


def _fact_days(all_events: list[dict], groups: list[dict] = ()) -> dict[str, dict]:
    """Each fact's date: its day when more of its articles give that day than give any
    other day together (a sentencing "on Saturday" is not dated by "the March 11, 2005
    rampage" two of its sentences also name, even when the articles that say "Saturday"
    have no date to place it by); else its first coarser date; else none."""
    by_gid: dict[str, list[dict]] = {}
    for ev in all_events:
        for gid in ev["groups"]:
            by_gid.setdefault(gid, []).append(ev)
    unplaced = {str(g.get("id")): len({m.get("article_id") for m in g.get("members") or [] if isinstance(m, dict)
                                        and any(_UNPLACED_DAY.match(str(d.get("value") or ""))
                                                for d in m.get("dates") or [] if isinstance(d, dict))})
                for g in groups}
    when: dict[str, dict] = {}
    for gid, evs in by_gid.items():
        days = [ev for ev in evs if ev["precision"] == "day"]
        best = max(days, key=lambda ev: len(ev["articles"]), default=None)  # first of equals
        if best is not None and 2 * len(best["articles"]) > sum(len(ev["articles"]) for ev in days) + unplaced.get(gid, 0):
            when[gid] = best
        elif coarse := [ev for ev in evs if ev["precision"] != "day"]:
            when[gid] = coarse[0]
    return when


def _gid(e: dict) -> int:
    m = re.search(r"\d+", str(e.get("group") or ""))
    return int(m[0]) if m else 10**6


def key_events(all_events: list[dict], limit: int = LIMIT) -> list[dict]:
    """The most important story events (not background), in date order."""
    story = [e for e in all_events if not e["background"]]
    top = sorted(story, key=lambda e: (-len(e["articles"]), -e["_score"], e["start"] or ""))[:limit]
    return [e for e in all_events if any(e is t for t in top)]


# -- title and summary -------------------------------------------------------------------

def _tidy_headline(text: str, limit: int = 120) -> str:
    """A sentence as a title: shouting caps softened, final stop dropped, long ones cut at a clause."""
    t = soften_caps(" ".join(text.split())).rstrip(" .")
    if len(t) > limit:
        cut = max((t.rfind(p, 40, limit) for p in (", ", "; ", " – ", " — ", " as ", " amid ")), default=-1)
        t = (t[:cut] if cut > 0 else t[:limit].rsplit(" ", 1)[0]).rstrip(" ,;") + "…"
    if t[:1] == "“" and t.count("“") > t.count("”") or t[:1] == '"' and t.count('"') == 1:
        t = t[1:]  # an opening quote that is never closed (or whose close was cut off)
    return t


def _date_span(days: list[dt.date], inferred: bool) -> str:
    if not days:
        return "publication dates unknown"
    a, b = days[0], days[-1]
    word = "published (dates inferred)" if inferred else "published"
    if a == b:
        return f"{word} {a.day} {a:%b %Y}"
    return f"{word} {a.day} {a:%b %Y} – {b.day} {b:%b %Y}"


def build_brief(report: dict) -> dict:
    """The brief of a compare_story report (docs/report.md, "brief")."""
    token = _MEMO.set({})
    try:
        return _build_brief(report)
    finally:
        _MEMO.reset(token)


def _build_brief(report: dict) -> dict:
    names = outlet_names(report)
    groups = [g for g in report.get("groups") or [] if isinstance(g, dict)]
    all_events = events(report, names)
    when = _fact_days(all_events, groups)
    confirmed_all = _ranked([g for g in groups if g.get("verdict") == "corroborated"])
    disputed_all = _ranked([g for g in groups if g.get("verdict") in DISPUTED])
    single_all = _ranked([g for g in groups if g.get("verdict") == "single-source"])
    voice_list, n_voices = voices(report, names)
    tl = key_events(all_events)

    # the title: the best-ranked fact stated by several origins (else by several articles),
    # as a statement, not a pull quote
    def statement(g: dict) -> bool:
        f = _features(g)
        return not f["quote_only"] and not f["pronoun"] and not f["appeal"]
    # the best-ranked statement: a shorter fact further down the ranking would headline a
    # side issue (a long sentence is cut at a clause by _tidy_headline)
    pool = [g for g in confirmed_all if statement(g)] or [g for g in confirmed_all if not _features(g)["appeal"]]
    pool = pool or _ranked([g for g in groups if len(g.get("articles") or []) > 1 and statement(g)])
    if pool:
        title = _tidy_headline(_display_text(pool[0]), 160)
        ev = when.get(str(pool[0].get("id")))
        if ev and ev["precision"] == "day":
            title += f" ({ev['display']})"
    else:
        title = _tidy_headline(next((a.get("title") for a in report.get("articles") or [] if a.get("title")), "")
                               or (report.get("story") or {}).get("title") or str((report.get("story") or {}).get("id")))
    arts = report.get("articles") or []
    outlets = list(dict.fromkeys(names.get(str(a.get("id")), "") for a in arts))
    shown = ", ".join(outlets[:4]) + (f" and {len(outlets) - 4} more" if len(outlets) > 4 else "")
    span = _date_span(_pub_days(report), any(not a.get("published") for a in arts))
    summary = (f"{len(arts)} report{'s' if len(arts) != 1 else ''} ({shown}), {span}: "
               f"{len(confirmed_all)} fact{'s' if len(confirmed_all) != 1 else ''} confirmed by independent sources, "
               f"{len(disputed_all)} disputed, {len(single_all)} from a single source.")
    rest = [g for g in confirmed_all if (not pool or g is not pool[0]) and not _features(g)["appeal"]]
    if rest:
        also = _tidy_headline(_display_text(rest[0]), 160)
        summary += " Also confirmed: " + also + ("" if also[-1:] in ".!?…" or also[-2:-1] in ".!?…" else ".")

    def clean(e: dict) -> dict:
        return {k: v for k, v in e.items() if not k.startswith("_")}
    pubs = _pub_days(report)
    return {
        "title": title,
        "summary": summary,
        "confirmed": [_fact_item(g, names, when) for g in confirmed_all[:LIMIT]],
        "disputed": [_disputed_item(g, names, when) for g in disputed_all[:LIMIT]],
        "single_source": [_fact_item(g, names, when) for g in single_all[:LIMIT]],
        "voices": voice_list,
        "timeline": [clean(e) for e in tl],
        "events": [clean(e) for e in all_events],
        "outlets": names,
        "window": {"start": pubs[0].isoformat(), "end": pubs[-1].isoformat()} if pubs else None,
        "totals": {"confirmed": len(confirmed_all), "disputed": len(disputed_all), "single_source": len(single_all),
                   "voices": n_voices, "events": len(all_events),
                   "background": sum(1 for e in all_events if e["background"])},
    }
