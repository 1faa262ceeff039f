"""Markdown story report. Article text is untrusted: Markdown/HTML syntax is escaped."""

from __future__ import annotations

import re

from .brief import build_brief
from .common import QUOTE_RELATIONS, VERDICT_TITLES, article_names, date_reasons, grouped, origin_label, published, single_source_by_article

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")


def esc(text) -> str:
    """Escape text for Markdown: no markup, no raw HTML, one line."""
    s = " ".join(str(text if text is not None else "").split())
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", s)


def _member_line(m: dict, names: dict[str, str]) -> str:
    bits = [f"- **{esc(names[m['article_id']])}** (sentence {m['sentence'] + 1}, chars {m['start']}–{m['end']}): {esc(m['text'])}"]
    notes = []
    hedges = [h for h in m.get("hedges", []) if h.get("kind") != "negation"]
    if hedges:
        notes.append("hedged: " + ", ".join(f"“{esc(h['text'])}”" for h in hedges))
    att = m.get("attribution")
    if att and (att.get("source") or att.get("kind") == "missing"):
        src = att.get("source") or "(name missing)"
        notes.append(f"credited to {esc(src)} ({esc(att.get('kind'))})")
    relay = m.get("relay")
    if relay and relay.get("carried"):
        notes.append(f"relayed from {esc(relay.get('text') or 'an unnamed source')} (earlier sentence)")
    if m.get("shared_origin"):
        notes.append("source name missing")
    if m.get("copied_from") in names:
        notes.append(f"word for word in {esc(names[m['copied_from']])}: same origin")
    if m.get("secondary"):
        notes.append("also states other facts")
    if notes:
        bits.append(" — " + "; ".join(notes))
    return "".join(bits)


def _group(g: dict, names: dict[str, str]) -> list[str]:
    out = [f"### {esc(g['label'])}", ""]
    origins = ", ".join(f"{esc(origin_label(o, names))} ({esc(o['kind'])})" for o in g["origins"])
    out.append(f"*{g['verdict']}* · {g['independent_origins']} independent origin(s): {origins} · group `{g['id']}`")
    out.append("")
    if g.get("shared_origin_likely"):
        out += [f"> Shared origin likely: {esc(g['shared_origin_likely']['reason'])}", ""]
    for f in g.get("findings", []):
        if f["kind"] == "number":
            out.append(f"> Numbers ({esc(f['counted'])}, {f['relation']}): {esc(names[f['a']['article_id']])} says "
                       f"“{esc(f['a']['text'])}”, {esc(names[f['b']['article_id']])} says “{esc(f['b']['text'])}”")
        elif f["kind"] == "date":
            out.append(f"> Dates differ: {esc(names[f['a']['article_id']])} {esc(f['a']['value'])}, "
                       f"{esc(names[f['b']['article_id']])} {esc(f['b']['value'])}")
        elif f["kind"] == "participants":
            out.append(f"> Who differs on “{esc(f['predicate'])}” ({f['slot']}): {esc(names[f['a']['article_id']])} says "
                       f"“{esc(f['a']['text'])}”, {esc(names[f['b']['article_id']])} says “{esc(f['b']['text'])}”")
        elif f["kind"] == "negation":
            out.append(f"> Opposite polarity: {esc(names[f['a']['article_id']])} negates what "
                       f"{esc(names[f['b']['article_id']])} states")
    if g.get("findings"):
        out.append("")
    hd = g.get("hedge_drift")
    if hd:
        hedged = "; ".join(f"{esc(names[h['article_id']])} (" + ", ".join(f"“{esc(x)}”" for x in h["hedges"]) + ")"
                           for h in hd["hedged"])
        flat = ", ".join(esc(names[a]) for a in hd["flat"])
        out += [f"> Hedge drift: hedged by {hedged}; stated flatly by {flat}", ""]
    out += [_member_line(m, names) for m in g["members"]]
    out.append("")
    return out


def _ref(r: dict, brief: dict) -> str:
    """A sentence reference: outlet, sentence number and character offsets."""
    name = esc(brief["outlets"].get(r.get("article_id"), r.get("article_id")))
    if isinstance(r.get("sentence"), int):
        return f"{name} (sentence {r['sentence'] + 1}, chars {r.get('start')}–{r.get('end')})"
    return name


def _brief(brief: dict) -> list[str]:
    """The brief: title, summary and the short ranked lists (docs/report.md, "brief")."""
    t = brief["totals"]
    out = [f"# {esc(brief['title'])}", "", esc(brief["summary"]), "", "## Confirmed by two or more independent sources", ""]

    def when(it: dict) -> str:
        return f"**{esc(it['when']['display'])}** " if it.get("when") else ""

    def fact_list(items: list[dict], total: int, what: str) -> list[str]:
        lines = []
        for i, it in enumerate(items, 1):
            via = ""
            if it["independent_origins"] == 1 and it["origins"] and it["origins"][0] not in it["outlets"]:
                via = f" — from {esc(it['origins'][0])}"
            lines.append(f"{i}. {when(it)}{esc(it['text'])} — " + "; ".join(_ref(s, brief) for s in it["sources"]) + via)
        if total > len(items):
            lines.append(f"\n{total - len(items)} more {what} below.")
        return lines + [""]
    out += fact_list(brief["confirmed"], t["confirmed"], "confirmed facts") if brief["confirmed"] else \
        ["No fact is stated by two independent sources.", ""]
    out += ["## Disputed", ""]
    if not brief["disputed"]:
        out += ["No report contradicts another.", ""]
    for i, it in enumerate(brief["disputed"], 1):
        out.append(f"{i}. {when(it)}" + ("; ".join(f"Differs: {esc(d)}" for d in it["differences"]) or "Differs"))
        out += [f"   - {_ref(s['ref'], brief)}: {esc(s['text'])}" for s in it["sides"]]
        if it["origins"]:
            out.append(f"   - independent sources: {esc(', '.join(it['origins']))}")
    out += ["", "## From a single source", ""]
    out += fact_list(brief["single_source"], t["single_source"], "single-source claims") if brief["single_source"] else ["None.", ""]
    out += ["## Who said what", ""]
    for i, v in enumerate(brief["voices"], 1):
        others = [esc(s["outlet"]) for s in v["sources"] if s.get("article_id") != v["ref"].get("article_id")]
        out.append(f"{i}. **{esc(v['speaker'])}**: “{esc(v['quote'])}” — {_ref(v['ref'], brief)}"
                   + (f"; also quoted by {', '.join(others)}" if others else ""))
    if not brief["voices"]:
        out.append("No one is quoted by name.")
    out += ["", "## When (key events)", ""]
    for e in brief["timeline"]:
        out.append(f"- **{esc(e['display'])}** — {esc(e['label'])} — " + "; ".join(_ref(s, brief) for s in e["sources"]))
    if not brief["timeline"]:
        out.append("No event is dated.")
    back = [e for e in brief["events"] if e["background"]]
    if back:
        out += ["", f"Background: {len(back)} earlier or later event(s), "
                    f"{esc(back[0]['display'])} to {esc(back[-1]['display'])} (listed in the timeline below)."]
    return out + ["", "---", ""]


def render_markdown(report: dict) -> str:
    names = article_names(report)
    story = report["story"]
    brief = report.get("brief") or build_brief(report)  # reports stored before the brief existed
    out = _brief(brief) + [f"Story `{esc(story.get('id'))}` · {len(report['articles'])} article(s)", ""]
    out += ["| # | Article | Title | Published | Origin |", "|---|---|---|---|---|"]
    for i, a in enumerate(report["articles"], 1):
        out.append(f"| {i} | {esc(names[a['id']])} | {esc(a.get('title') or '')} | {esc(published(a))} | "
                   f"{esc(origin_label(a['origin'], names))} |")
    inferred = [(a, date_reasons(a)) for a in report["articles"] if date_reasons(a)]
    if inferred:
        out += ["", "Publication dates inferred (the article gives none):", ""]
        for a, why in inferred:
            span = f" (window {why['window']})" if why["window"] else ""
            out.append(f"- {esc(names[a['id']])}: {why['value']}{span}, confidence {why['confidence']}: "
                       + esc("; ".join(why["evidence"]) or "no evidence recorded"))
    c = report.get("counts", {})
    out += ["", "## Summary", "",
            ", ".join(f"{c.get(v, 0)} {v}" for v in VERDICT_TITLES) + f"; {c.get('multi_article', 0)} fact(s) reported by more than one article.", ""]
    out += ["## Facts reported by more than one article", ""]
    multi = grouped(report, True)
    if not multi:
        out += ["No claim is shared by two articles.", ""]
    for verdict, gs in multi:
        out += [f"## {VERDICT_TITLES[verdict]} ({len(gs)})", ""]
        for g in gs:
            out += _group(g, names)
    out += ["## Single-origin facts, per article", ""]
    for a, gs in single_source_by_article(report):
        out += [f"### {esc(names[a['id']])}", ""]
        if not gs:
            out += ["(none)", ""]
            continue
        for g in gs:
            for k, m in enumerate(g["members"]):  # one group may hold several sentences of the article
                hedges = ", ".join(f"“{esc(h['text'])}”" for h in m.get("hedges", []) if h.get("kind") != "negation")
                out.append(("- " if k == 0 else "  - ") + f"{esc(m['text'])} (sentence {m['sentence'] + 1})"
                           + (f" — hedged: {hedges}" if hedges else ""))
        out.append("")
    out += ["## Quotes across outlets", ""]
    if not report["quotes"]:
        out += ["No quote appears in more than one article.", ""]
    for q in report["quotes"]:
        who = esc(q.get("speaker") or "speaker unknown")
        flag = " — **credited to someone else in one report**" if q.get("credited_to_other") else ""
        out.append(f"- “{esc(q['text'])}” ({who}): {QUOTE_RELATIONS.get(q['status'], q['status'])}; first in {esc(names[q['first_article']])}"
                   f"{' (by input order)' if q.get('first_basis') == 'input order' else ''}{flag}")
        for r in q["renderings"]:
            if r["relation"] == "reference":
                continue
            diff = "; ".join(f"{d['op']} “{esc(d['from'])}” → “{esc(d['to'])}”" for d in r["diff"])
            meaning = "; ".join(f"content words “{esc(d['from'])}” → “{esc(d['to'])}”" for d in r.get("changed_meaning") or [])
            out.append(f"  - {esc(names[r['article_id']])}: {QUOTE_RELATIONS.get(r['relation'], r['relation'])} “{esc(r['text'])}”"
                       + (f" ({esc(r.get('speaker') or 'no speaker')})" if r.get("other_speaker") else "")
                       + (f" — {diff}" if diff else "") + (f" ({meaning})" if meaning else ""))
    out.append("")
    out += ["## Coverage", ""]
    cov = report["coverage"]
    if cov["rows"]:
        out.append("| Fact | Verdict | " + " | ".join(esc(names[a]) for a in cov["articles"]) + " |")
        out.append("|---|---|" + "---|" * len(cov["articles"]))
        for r in cov["rows"]:
            out.append(f"| {esc(r['label'][:90])} | {r['verdict']} | " + " | ".join(r["cells"][a]["status"] for a in cov["articles"]) + " |")
    else:
        out.append("No fact is shared or disputed.")
    out += ["", "## Framing", ""]
    for f in report["framing"]:
        out.append(f"### {esc(names[f['article_id']])}")
        out.append("")
        hedges = ", ".join(f"{k} ×{n}" for k, n in f["hedge_counts"].items()) or "none"
        out.append(f"- Hedges: {hedges}")
        lw = ", ".join(f"“{esc(x['text'])}” ({x['voice']}{', ' + esc(x['speaker']) if x.get('speaker') else ''})" for x in f["loaded"]) or "none"
        out.append(f"- Loaded words: {lw}")
        voices = ", ".join(f"{esc(v['speaker'])} ×{v['quotes']}" for v in f["voices"]) or "none"
        out.append(f"- Voices quoted: {voices}")
        srcs = ", ".join(f"{esc(s['text'])} ({esc(s['kind'])}) ×{s['count']}" for s in f["sources"]) or "none"
        out.append(f"- Sources credited: {srcs}")
        out.append("")
    out += ["## Timeline (event time)", ""]
    if not brief["events"]:
        out += ["No resolved dates attached to claims.", ""]
    for e in brief["events"]:
        out.append(f"- **{esc(e['display'])}** ({e['precision']}{', background' if e['background'] else ''}) — "
                   f"{esc(e['label'])} [{e['verdict']}; " + ", ".join(esc(s["outlet"]) for s in e["sources"]) + "]")
    p = report.get("parameters", {})
    out += ["", "---", "", f"Alignment threshold {p.get('threshold')}; annotations {', '.join(p.get('annotation_versions', []))}; "
            f"report schema {esc(report['schema'])}.", ""]
    return "\n".join(out)
