"""Compare the claims of a story: alignment, verdicts, quotes, coverage, framing, timeline.

``compare_story`` is a pure, deterministic function from a story's articles, their
annotations (docs/annotations.md) and copy relations to the report dict documented
in docs/report.md.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from dataclasses import fields, replace
from typing import Any

import numpy as np

from ..clean import headline
from ..errors import InputError
from ..options import SECONDARY_MARGIN, CompareSettings
from ..records import Article
from ..report.brief import build_brief
from . import align as _align
from . import checks as _checks
from . import grouping as _grouping
from . import occasion as _occasion
from . import pairsim as _pairsim
from . import predicates as _predicates
from .coverage import coverage
from .framing import framing
from .origins import article_label, article_origins, article_outlets, credit_units, group_origins, mark_reuse
from .participants import participant_findings
from .quotes import quote_fidelity
from .similar import similar_claims
from .timeline import timeline
from .units import build_units, story_entity_map
from ..report import schema as S
from ..report.schema import SCHEMA, VERDICTS
from .verdicts import counted_origins, decide, hedge_drift, label_of, one_primary, representative

# A claim stating several facts may also join a second group when it is at least
# SECONDARY_MARGIN similar (average link) to it and that group has nothing from its
# article (tuned, in options).

__all__ = ["compare_story", "compare_story_typed", "build_report", "SCHEMA", "VERDICTS", "COMPARE_VERSION"]

# The comparison's code, as ANNOTATION_VERSION is the annotator's: bump it with any change
# of a decision (a rule, a check's constant, a packaged model). A store records it beside
# the settings of its reports, and reports of another version are made again (a store
# upgraded in place would otherwise mix verdicts of two codes); each report names it.
COMPARE_VERSION = "compare-5"


_GC_LOCK = threading.Lock()
_gc_paused = [0, False]  # calls inside, whether the collector was on before the first


@contextlib.contextmanager
def _cyclic_gc_paused():
    """The cyclic garbage collector off for a comparison (restored after; nested and
    threaded calls share one pause). A comparison builds many long-lived objects (units,
    pairs, groups, the report) and no reference cycles, while the process around it may
    hold a big heap (a story's annotations, a store's rows): each full collection walks
    all of it, and they came to a quarter of compare's CPU on a 600-article story.
    Reference counting still frees everything as usual."""
    with _GC_LOCK:
        if _gc_paused[0] == 0:
            _gc_paused[1] = gc.isenabled()
            gc.disable()
        _gc_paused[0] += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _gc_paused[0] -= 1
            if _gc_paused[0] == 0 and _gc_paused[1]:
                gc.enable()


def _member(u: dict) -> dict[str, Any]:
    att = u.get("attribution")
    return {
        "uid": u["uid"], "article_id": u["article_id"], "claim_id": u["claim_id"], "text": u["text"],
        "start": u["start"], "end": u["end"], "raw_start": u["raw_start"], "raw_end": u["raw_end"],
        "sentence": u["sentence"],
        "hedges": [{"text": h.get("text"), "kind": h.get("kind"), "start": h.get("start"), "end": h.get("end")}
                   for h in u["hedges"]],
        "attribution": None if not att else {
            "cue": att.get("cue"), "source": (att.get("source") or {}).get("text"),
            "kind": (att.get("source") or {}).get("kind")},
        "relay": u.get("relay"), "copied_from": u.get("copied_from"),
        "quantities": [{k: q.get(k) for k in ("text", "value", "low", "high", "qualifier", "unit", "counted")}
                       for q in u["quantities"]],
        "dates": [{"text": t.get("text"), "value": t.get("value"), "type": t.get("type")} for t in u["timexes"]],
        "quotes": [{"text": q.get("text"), "kind": q.get("kind"),
                    "speaker": ((q.get("speaker") or {}).get("name") or (q.get("speaker") or {}).get("text"))}
                   for q in u["quotes"]],
        "entities": u["entities"], "places": u["places"], "negated": u["negated"],
        # internal fields for verdicts; dropped from the output below
        "_unit": u,
    }


def _secondary_lexical(units: list[dict], raw_groups: list[list[int]], sim) -> list[list[int]]:
    """Groups plus secondary members: a claim stating several facts may also join a
    group it is close to (average link) that has nothing from its article."""
    memberships = [list(g) for g in raw_groups]
    bar = _align.THRESHOLD + SECONDARY_MARGIN
    art_of = [u["article_id"] for u in units]
    near = _near_averages(sim, raw_groups, bar, art_of) if isinstance(sim, _pairsim.PairSimilarity) else None
    preds = sim.preds if isinstance(sim, _pairsim.PairSimilarity) and sim.preds is not None else _predicates.Predicates(units)
    for gi, (g, orig) in enumerate(zip(memberships, raw_groups)):
        arts = {art_of[i] for i in orig}
        if near is None:
            # average link of every claim to the group's own members, at once
            avg = sim[:, orig].mean(axis=1) if len(units) else []
            uids = [int(i) for i in (avg >= bar).nonzero()[0]]
        else:
            avg = near.get(gi, {})
            uids = sorted(i for i, v in avg.items() if v >= bar)
        best: dict[str, int] = {}  # at most one extra claim per article: its closest
        for uid in uids:
            a = art_of[uid]
            if a in arts or any(_grouping.not_one_fact(units, preds, uid, m) for m in orig):
                continue
            if a not in best or avg[uid] > avg[best[a]]:
                best[a] = uid
        g.extend(sorted(best.values()))
    return memberships


def _near_averages(sim, groups: list[list[int]], bar: float, art_of: list[str]) -> dict[int, dict[int, float]]:
    """For each group, the average similarity to its members of each claim from another
    article that can reach ``bar``: an average >= bar needs one member >= bar, so only
    the claims with such a member are scored (all pairs in one batch)."""
    group_of = {i: gi for gi, g in enumerate(groups) for i in g}
    near: dict[int, set[int]] = {}
    if bar > 0:
        I, J, _ = sim.edges(bar)
        for i, j in zip(I.tolist(), J.tolist()):
            near.setdefault(group_of[j], set()).add(i)
            near.setdefault(group_of[i], set()).add(j)
    else:  # every claim can average >= bar
        near = {gi: set(range(sim.n)) for gi in range(len(groups))}
    todo = []
    for gi in sorted(near):
        arts = {art_of[i] for i in groups[gi]}
        todo += [(gi, i) for i in sorted(near[gi]) if art_of[i] not in arts]
    rows = np.repeat(np.array([i for _, i in todo], dtype=np.intp), [len(groups[gi]) for gi, _ in todo])
    cols = np.concatenate([np.array(groups[gi], dtype=np.intp) for gi, _ in todo]) if todo else np.zeros(0, np.intp)
    vals = sim.values(rows, cols)
    starts = np.concatenate([[0], np.cumsum([len(groups[gi]) for gi, _ in todo])]).astype(np.intp)
    by_size: dict[int, list[int]] = {}
    for x, (gi, _) in enumerate(todo):
        by_size.setdefault(len(groups[gi]), []).append(x)
    out: dict[int, dict[int, float]] = {}
    for k, xs in by_size.items():
        # rows of a (claims x members) block, averaged as numpy averages each row there
        block = vals[(starts[xs][:, None] + np.arange(k)[None, :])]
        for x, v in zip(xs, block.mean(axis=1).tolist()):
            gi, i = todo[x]
            out.setdefault(gi, {})[i] = v
    return out


def _order_key(ann: dict, index: int) -> tuple:
    pub = ann.get("published") or (ann.get("published_inferred") or {}).get("value") or "9999"
    return (str(pub), index)


def _validate(story: dict, articles: list[Article], annotations: list[dict]) -> list[dict]:
    """The annotations, checked against the articles (shallow copies: inputs are not changed)."""
    if not isinstance(story, dict):
        raise InputError("story", "must be a dict with 'id' and 'articles'")
    sid = story.get("id", "?")
    if len(articles) != len(annotations):
        raise InputError(f"story {sid}", f"{len(articles)} articles but {len(annotations)} annotations")
    out = []
    for art, ann in zip(articles, annotations):
        if isinstance(ann, dict) and ann.get("id") is None:
            ann = {**ann, "id": art.id}  # annotations made without an id belong to their article
        out.append(ann)
        if not isinstance(ann, dict) or ann.get("id") != art.id:
            raise InputError(f"story {sid}", f"annotation for article {art.id!r} missing or out of order "
                                             f"(got {ann.get('id') if isinstance(ann, dict) else type(ann).__name__!r})")
        if art.text and ann.get("text") not in (None, art.text):
            raise InputError(f"article {art.id}", "annotation text differs from the article's clean text (stale annotation)")
    return out


def _main_event_factor(main_event: bool) -> float | None:
    # on reads the one module factor (None), so a benchmark that sets checks.MAIN_EVENT_FACTOR
    # measures what `storyline` runs; off is 1.0 (a caller's None counts as on, the default)
    return 1.0 if main_event is False else None


def _settings(settings: CompareSettings | None, **checks: Any) -> CompareSettings:
    """``settings`` (else the defaults) with the fields a caller named by keyword (None: left
    as they are); an unknown name is an error naming the fields there are."""
    names = {f.name for f in fields(CompareSettings)}
    unknown = sorted(set(checks) - names)
    if unknown:
        raise TypeError(f"compare: no setting {', '.join(unknown)} (settings: {', '.join(sorted(names))})")
    return replace(settings or CompareSettings(), **{k: v for k, v in checks.items() if v is not None})


@contextlib.contextmanager
def _applied(settings: CompareSettings):
    """The collector paused and the checks set by ``settings`` for one comparison."""
    with _cyclic_gc_paused(), _checks.main_event_setting(_main_event_factor(settings.main_event)), \
            _checks.evidence_setting(settings.evidence), _checks.clause_setting(settings.clause), \
            _checks.holders_setting(settings.holders), _checks.clause_tied_setting(settings.clause_tied), \
            _occasion.days_setting(settings.occasion_days), _checks.speaker_setting(settings.speaker), \
            _checks.modality_setting(settings.modality), _checks.durations_setting(settings.durations):
        yield


def compare_story(story: dict, articles: list[Article], annotations: list[dict], copies: list[dict],
                  settings: CompareSettings | None = None, **checks: Any) -> dict:
    """Compare the claims of one story; returns the report dict (docs/report.md).

    ``settings`` (``options.CompareSettings``, ``Options.compare``; the defaults when None) is
    the way to choose the comparison; a keyword argument named after one of its fields changes
    that field (None leaves it). ``method`` picks the claim alignment
    (``storyline.compare.align.METHODS``); ``veto`` applies the same-fact veto to the lexical
    method's groups (``compare/veto.py``; True: the packaged model, a dict: that model);
    ``main_event`` damps the lexical method's pairs whose main events differ
    (``compare/mainevent.py``: True, the default, at ``checks.MAIN_EVENT_FACTOR``; False off);
    ``evidence`` damps its pairs in which a claim has no main event and nothing but words ties
    the two (``predicates.Predicates.evidence_damping``, at ``checks.EVIDENCE_FACTOR`` /
    ``EVIDENCE_NEITHER``; True, the default; False off); ``clause`` damps its pairs in which one
    claim tells the other's main event only in a background clause
    (``predicates.Predicates.clause_apart``, at ``checks.CLAUSE_FACTOR``; False, the default, off);
    ``clause_tied`` runs the clause check with its tie: a pair whose claims name
    ``checks.CLAUSE_TIE`` or more events in common is not damped (True, the default; with it
    False, ``clause`` alone is the untied check); ``holders`` damps its pairs of two statements
    by different speakers or holders that nothing ties (``compare/holders.py``, at
    ``checks.HOLDERS_FACTOR``; False, the default, off); ``occasion_days`` adds the event's days
    to the occasion check: claims whose days, resolved against each one's own article's
    publication day, are more than ``options.OCCASION_DAY_GAP`` days apart are two occasions
    (``compare/occasion.py``; False, the default, off); ``speaker`` damps its pairs of two
    statements of one speaker that nothing ties and whose words without the attribution differ
    (``compare/holders.py``, at ``checks.SPEAKER_FACTOR``; False, the default, off); ``modality`` widens the modality
    check's reading of a possibility (``modality._moods``, the readings of
    ``checks.MODALITY_READINGS``: a call or request to do something, an adverb after the modal, a
    habit; False, the default, off); ``durations`` compares durations of one slot as figures, by any
    method (``compare/durations.py``: "sentenced to 2 years" vs "2 1/2 years"; False, the
    default, off).
    """
    return compare_story_typed(story, articles, annotations, copies, _settings(settings, **checks))[1]


def compare_story_typed(story: dict, articles: list[Article], annotations: list[dict], copies: list[dict],
                        settings: CompareSettings | None = None, **checks: Any) -> tuple[S.Report, dict]:
    """``compare_story``'s report twice: typed (with its brief) and as the dict; a caller
    that stores the one renders the other without reading the report back."""
    settings = _settings(settings, **checks)
    with _applied(settings):
        report, d = _build(story, articles, annotations, copies, settings)
        # the dict the brief was built from, plus the brief (the last field): the report
        # is turned into JSON once, not twice (it grows as groups x articles)
        d["brief"] = report.brief.to_dict()
    return report, d


def build_report(story: dict, articles: list[Article], annotations: list[dict], copies: list[dict],
                 settings: CompareSettings | None = None, **checks: Any) -> S.Report:
    """``compare_story``, typed: the :class:`storyline.report.schema.Report`."""
    settings = _settings(settings, **checks)
    with _applied(settings):
        return _build(story, articles, annotations, copies, settings)[0]


def _checks_in_force(method: str) -> dict[str, Any]:
    """The lexical method's checks that are on for this comparison, each with its constants
    (a check that is off, or the model method, records nothing: ``Parameters`` leaves it out)."""
    if method != _align.METHOD_LEXICAL:
        return {}
    on = {"main_event": (_checks.main_event_factor() != 1.0, _checks.main_event_factor),
          "evidence": (_checks.evidence_factors() != (1.0, 1.0), lambda: list(_checks.evidence_factors())),
          "clause": (_checks.clause_factor() != 1.0, _checks.clause_factor),
          "clause_tie": (_checks.clause_tie() != 0, _checks.clause_tie),
          "holders": (_checks.holders_factor() != 1.0, lambda: [_checks.holders_factor(), _predicates.HOLDERS_TIE]),
          "occasion_days": (_occasion.days_on(), lambda: [_occasion.OCCASION_DAY_GAP, _occasion.OCCASION_DAY_UNDATED]),
          "speaker": (_checks.speaker_factor() != 1.0, lambda: [_checks.speaker_factor(), _predicates.SPEAKER_TIE]),
          "modality": (bool(_checks.modality_readings()), lambda: sorted(_checks.modality_readings()))}
    return {k: value() for k, (is_on, value) in on.items() if is_on}


def _build(story: dict, articles: list[Article], annotations: list[dict], copies: list[dict],
           settings: CompareSettings) -> tuple[S.Report, dict]:
    """The typed report and its JSON form without the brief."""
    method, veto = settings.method, settings.veto
    if method not in _align.METHODS:
        raise InputError("method", f"unknown alignment method {method!r} (one of {', '.join(_align.METHODS)})")
    annotations = _validate(story, articles, annotations)
    ann_by_id = {a["id"]: a for a in annotations}
    order = {ann["id"]: _order_key(ann, i) for i, ann in enumerate(annotations)}
    emap = story_entity_map(annotations)
    units = build_units(articles, annotations)
    credit_units(units, article_outlets(articles))
    art_origins = article_origins(articles, copies)
    mark_reuse(units, {a["id"]: a.get("text", "") for a in annotations}, order)
    vetoer = None
    if method == _align.METHOD_MODEL:
        from . import pairs as _pairs

        model = _pairs.load_model()
        sim = _pairs.score_pairs(units, model)
        raw_groups = _pairs.group(sim, model["threshold"])
        memberships = _pairs.secondary(sim, raw_groups, model["threshold"] + SECONDARY_MARGIN)
    else:
        raw_groups, sim = _align.align(units)
        raw_groups = _grouping.recall_join(units, raw_groups, sim)  # facts worded apart: one predicate, one participant
        raw_groups = _grouping.split_not_one_fact(units, raw_groups, sim)  # a denial, others' figures, a possibility
        raw_groups = _grouping.split_weak_links(units, raw_groups, sim)  # a bridging claim chaining two facts
        raw_groups = _grouping.merge_fragments(units, raw_groups, sim)  # one fact split over groups
        if veto:  # a pair the hand-label model calls two facts holds no group together
            from . import veto as _veto

            vetoer = _veto.Veto(units, sim, veto if isinstance(veto, dict) else _veto.load_model())
            raw_groups = vetoer.split(raw_groups)
        memberships = _secondary_lexical(units, raw_groups, sim)
        memberships = _grouping.recall_secondary(units, raw_groups, memberships, sim)  # a second fact of a sentence
        if vetoer is not None:
            memberships = vetoer.secondaries(raw_groups, memberships)
        sim = _align.verdict_similarity(units, sim)  # the groups need the predicate check, the verdicts not
        if isinstance(sim, _pairsim.PairSimilarity):
            sim.prefetch(memberships)  # the pairs the verdicts read, at once
    # one primary group per sentence: its other memberships are secondary, not counted
    secondary = one_primary(units, raw_groups, memberships)

    groups = []
    for gi, idxs in enumerate(memberships):
        members = [_member(units[i]) for i in sorted(idxs, key=lambda i: (units[i]["article_index"], units[i]["start"]))]
        for m in members:
            m["secondary"] = (gi, m["uid"]) in secondary
        mu = [m["_unit"] for m in members]
        origins, shared = group_origins(mu, art_origins)
        for m, u in zip(members, mu):
            m["origin"] = u["origin"]
            m["shared_origin"] = bool(u.get("shared_origin"))
        origins = counted_origins(origins, members)
        verdict, findings = decide(mu, origins, ann_by_id, sim)
        if verdict == "variant":  # name who differs too, beside the numbers/dates that made it a variant
            findings = findings + participant_findings(mu)
        rep = representative(mu, sim)
        arts = sorted({m["article_id"] for m in members}, key=lambda a: order[a])
        groups.append({
            "verdict": verdict, "label": label_of(rep["text"]), "articles": arts,
            "origins": [{k: o[k] for k in ("id", "label", "kind", "articles")} for o in origins],
            "independent_origins": len(origins), "shared_origin_likely": shared,
            "hedge_drift": hedge_drift(mu), "findings": findings, "members": members,
            "_first": min((order[m["article_id"]], m["start"]) for m in members), "_gi": gi, "_idx": idxs,
        })
    groups.sort(key=lambda g: (-len(g["articles"]), g["_first"]))
    for i, g in enumerate(groups):
        g["id"] = f"g{i + 1}"
    if method == _align.METHOD_LEXICAL:  # (the pair model's probabilities are no similarity to set a floor on)
        _similar(units, groups, sim, secondary)
    for u in units:  # clean per-unit helpers that must not leak into the report
        u.pop("origin", None)

    lead_rank = {}
    by_article: dict[str, list[dict]] = {}
    for u in units:
        by_article.setdefault(u["article_id"], []).append(u)
    for ann in annotations:
        mine = sorted(by_article.get(ann["id"], ()), key=lambda u: u["start"])
        for r, u in enumerate(mine):
            lead_rank[(ann["id"], u["uid"])] = r
    article_ids = [a.id for a in sorted(articles, key=lambda a: order[a.id])]
    cov = coverage(groups, article_ids, lead_rank)
    tl = timeline([{**g, "members": [{**m, "timexes": m["_unit"]["timexes"], "background": m["_unit"].get("background")}
                                     for m in g["members"]]} for g in groups])
    quotes = quote_fidelity(annotations, order, emap)
    by_art = {a.id: a for a in articles}
    frames = [framing(ann, emap, by_art[ann["id"]].to_raw) for ann in annotations]

    for g in groups:
        g.pop("_first"), g.pop("_gi"), g.pop("_idx")
        for m in g["members"]:
            m.pop("_unit")
            m.pop("uid")
    single: dict[str, list[str]] = {aid: [] for aid in article_ids}
    for g in groups:  # in group order, as a loop over the groups per article would list them
        if g["verdict"] == "single-source" and len(g["articles"]) == 1 and g["articles"][0] in single:
            single[g["articles"][0]].append(g["id"])
    report = S.Report(
        schema=SCHEMA,
        story=S.Story(**{k: story.get(k) for k in ("id", "title", "first_published", "last_published") if k in story},
                      articles=article_ids),
        articles=[_article_entry(by_art[aid], ann_by_id[aid], art_origins[aid]) for aid in article_ids],
        groups=[_group(g) for g in groups],
        counts={v: sum(1 for g in groups if g["verdict"] == v) for v in VERDICTS}
               | {"multi_article": sum(1 for g in groups if len(g["articles"]) > 1)},
        single_source=single,
        quotes=[S.Quote.from_dict(q, "quotes") for q in quotes],
        coverage=_coverage(cov),
        framing=[S.Framing.from_dict(f, "framing") for f in frames],
        timeline=[S.TimelineEntry.from_dict(e, "timeline") for e in tl],
        parameters=S.Parameters(method=method,
                                threshold=model["threshold"] if method == _align.METHOD_MODEL else _align.THRESHOLD,
                                weights=dict(_align.WEIGHTS),
                                secondary_margin=SECONDARY_MARGIN,
                                annotation_versions=sorted({str(a.get("version")) for a in annotations}),
                                compare_version=COMPARE_VERSION,
                                veto=S.MISSING if vetoer is None else {"model": vetoer.model.get("name", "veto"),
                                                                       "threshold": vetoer.threshold},
                                **_checks_in_force(method),
                                **({"durations": True} if _checks.durations_on() else {})),
    )
    d = report.to_dict()
    report.brief = S.Brief.from_dict(build_brief(d), "brief")
    return report, d


def _similar(units: list[dict], groups: list[dict], sim, secondary: set) -> None:
    """Give each single-source group with a close claim of another origin its ``similar``
    (compare/similar.py): the claim, at its offsets, and the group it counts in."""
    hints = similar_claims(units, groups, sim)
    if not hints:
        return
    counts_in = {}
    for g in groups:
        for i in g["_idx"]:
            if (g["_gi"], units[i]["uid"]) not in secondary:
                counts_in.setdefault(i, g["id"])
    for gi, (j, v) in sorted(hints.items()):
        u = units[j]
        groups[gi]["similar"] = [{
            "article_id": u["article_id"], "text": u["text"], "start": u["start"], "end": u["end"],
            "raw_start": u["raw_start"], "raw_end": u["raw_end"], "sentence": u["sentence"],
            "group": counts_in.get(j) or next(g["id"] for g in groups if j in g["_idx"]),
            "similarity": round(float(v), 3)}]


def _coverage(cov: dict) -> S.Coverage:
    """``S.Coverage.from_dict(cov)`` built directly: the table can hold a cell per member
    article of every shared fact, too many to check one by one against the schema."""
    return S.Coverage(articles=cov["articles"],
                      rows=[S.CoverageRow(group=r["group"], label=r["label"], verdict=r["verdict"],
                                          cells={a: S.Cell(**c) for a, c in r["cells"].items()}) for r in cov["rows"]],
                      totals={a: dict(t) for a, t in cov["totals"].items()})


def _group(g: dict) -> S.Group:
    def side(x: dict) -> S.FindingSide:
        return S.FindingSide(**x)
    sh, hd = g["shared_origin_likely"], g["hedge_drift"]
    return S.Group(
        verdict=g["verdict"], label=g["label"], articles=g["articles"],
        origins=[S.GroupOrigin(**o) for o in g["origins"]], independent_origins=g["independent_origins"],
        shared_origin_likely=None if sh is None else S.SharedOrigin(**sh),
        hedge_drift=None if hd is None else S.HedgeDrift(hedged=[S.HedgedArticle(**h) for h in hd["hedged"]],
                                                         flat=hd["flat"]),
        findings=[S.Finding(**{k: side(v) if k in ("a", "b", "earlier", "later") else v for k, v in f.items()})
                  for f in g["findings"]],
        members=[_typed_member(m) for m in g["members"]],
        similar=[S.SimilarClaim(**x) for x in g["similar"]] if "similar" in g else S.MISSING, id=g["id"])


def _typed_member(m: dict) -> S.Member:
    att, relay = m["attribution"], m["relay"]
    return S.Member(
        article_id=m["article_id"], claim_id=m["claim_id"], text=m["text"], start=m["start"], end=m["end"],
        raw_start=m["raw_start"], raw_end=m["raw_end"], sentence=m["sentence"],
        hedges=[S.Hedge(**h) for h in m["hedges"]],
        attribution=None if att is None else S.Attribution(**att),
        relay=None if relay is None else S.Relay(**{("as_" if k == "as" else k): v for k, v in relay.items()}),
        copied_from=m["copied_from"],
        quantities=[S.MemberQuantity(**q) for q in m["quantities"]],
        dates=[S.MemberDate(**d) for d in m["dates"]],
        quotes=[S.MemberQuote(**q) for q in m["quotes"]],
        entities=m["entities"], places=m["places"], negated=m["negated"],
        secondary=m["secondary"], origin=m["origin"], shared_origin=m["shared_origin"])


def _article_entry(art: Article, ann: dict, origin: dict) -> S.ArticleEntry:
    text = ann.get("text") or art.text or art.raw_text
    inferred = ann.get("published_inferred")
    return S.ArticleEntry(
        # the title as the cleaned text's headline line shows it (no site's name after it)
        id=art.id, title=headline(art, ann.get("title") or art.title), outlet=ann.get("outlet") or art.outlet,
        name=article_label(art),  # the one name the article is shown under (outlet registry)
        url=art.url, published=ann.get("published") or art.published,
        published_inferred=None if inferred is None else S.PublishedInferred(**inferred),
        origin=S.ArticleOrigin(**origin), text=text,
        sentences=[S.Sentence(start=s["start"], end=s["end"], raw_start=s.get("raw_start", art.to_raw(s["start"])),
                              raw_end=s.get("raw_end", art.to_raw(s["end"]))) for s in ann.get("sentences", [])],
    )
