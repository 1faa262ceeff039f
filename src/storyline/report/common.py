"""Helpers shared by the Markdown and HTML renderers."""

from __future__ import annotations

VERDICT_TITLES = {
    "conflicting": "Conflicting",
    "revision": "Revised",
    "variant": "Variants",
    "corroborated": "Corroborated by independent origins",
    "single-source": "Single origin",
}
# How a quote's renderings relate, in words.
QUOTE_RELATIONS = {"verbatim": "verbatim", "trimmed": "trimmed", "translated": "translated or paraphrased",
                   "altered": "altered", "reference": "reference"}
# Shown in this order: disagreements first.
# the order a reader sees them in (disagreements first): the schema's verdicts, reordered
VERDICT_ORDER = ("conflicting", "revision", "variant", "corroborated", "single-source")


def article_name(a: dict) -> str:
    """The one name an article is shown under: the report's ``name`` (outlet registry), else
    the registry name of its outlet or URL, its domain, its title or first line."""
    from ..lexicon.outlets import article_name as name_of

    if (a.get("name") or "").strip():
        return " ".join(a["name"].split())
    return name_of(a.get("outlet"), a.get("url"), a.get("title"), a.get("text"), fallback=a.get("id"))


def article_names(report: dict) -> dict[str, str]:
    """Short display names (``article_name``); repeated names numbered."""
    names: dict[str, str] = {}
    seen: dict[str, int] = {}
    for a in report["articles"]:
        base = article_name(a)
        seen[base] = seen.get(base, 0) + 1
        names[a["id"]] = base if seen[base] == 1 else f"{base} ({seen[base]})"
    return names


def origin_label(o: dict, names: dict[str, str]) -> str:
    """An origin as the reader knows it: an article origin by the article's name."""
    if o.get("kind") == "article" and str(o.get("id", "")).startswith("article:"):
        return names.get(o["id"][len("article:"):], o.get("label") or o["id"])
    return o.get("label") or o.get("id", "")


def anchors(report: dict) -> dict[str, str]:
    """article id -> anchor prefix ("a1", "a2", ...)."""
    return {a["id"]: f"a{i + 1}" for i, a in enumerate(report["articles"])}


def published(a: dict) -> str:
    if a.get("published"):
        return str(a["published"])[:10]
    inf = a.get("published_inferred") or {}
    if inf.get("value"):
        return f"{inf['value']} (inferred)"
    return "date unknown"


def date_reasons(a: dict) -> dict | None:
    """Why an undated article got its date: ``{"value", "window", "confidence",
    "evidence"}`` (the evidence in words), or None when it was given one."""
    inf = a.get("published_inferred") or {}
    if a.get("published") or not inf.get("value"):
        return None
    lo, hi = inf.get("earliest"), inf.get("latest")
    window = None if not lo or lo == hi else f"{lo} – {hi}"
    return {"value": inf["value"], "window": window, "confidence": inf.get("confidence"),
            "evidence": [str(e) for e in inf.get("evidence") or []]}


def grouped(report: dict, multi: bool) -> list[tuple[str, list[dict]]]:
    """(verdict, groups) in display order; multi selects groups spanning ≥ 2 articles."""
    out = []
    for v in VERDICT_ORDER:
        gs = [g for g in report["groups"] if g["verdict"] == v and (len(g["articles"]) > 1) == multi]
        if gs:
            out.append((v, gs))
    return out


def single_source_by_article(report: dict) -> list[tuple[dict, list[dict]]]:
    """Single-origin facts carried by one article only, per article."""
    by_id = {g["id"]: g for g in report["groups"]}
    out = []
    for a in report["articles"]:
        gs = [by_id[i] for i in report.get("single_source", {}).get(a["id"], []) if i in by_id]
        out.append((a, gs))
    return out
