"""Stories date their undated members: the window of publication days a story gives.

A pure function over plain records (annotation dicts in, windows out), so the same code
runs in one process or over Dask partitions of stories. An article without a
publication date takes its story's window -- the days its dated members were published
and the confident dates other undated members' own texts give -- and
``infer_publication(..., story=window)`` places it in that window when its text fits.
The year then comes from the story, never from the day the article is read.

The window's central day is the day of the members most like the article, unless the
article names the weekday of an event a dated member dates (``_event_day``: "arrested
early Sunday" beside a member's "arrested early Sunday" resolved to 1 February): the
article was then written within the week after that day, whatever the story's centre.

An undated article in no story with a dated member takes the window of the nearest
dated story instead (``near_window``), when it is near enough and its text fits it; the
stories stay as clustering made them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable

from ..annotate.timex.grammar import stored_candidates
from ..annotate.timex.infer import elapsed_bound, text_fit
from ..compare.lemmas import LIGHT_VERBS
from ..lexicon.calendar import MONTH_NAMES, WEEKDAY_NAMES
from ..options import STORY_DATE_CONFIDENT as CONFIDENT, STORY_DATE_LEAD as LEAD
from ..options import STORY_DATE_NEAREST as NEAREST, STORY_DATE_SPREAD as SPREAD, STORY_SLACK as SLACK
from ..options import STORY_NEAR_FLOOR as NEAR_FLOOR
from .relative import writing_periods
NEAR_OWN = True  # (benchmarks/fit_near_story.py turns the own-story check off to measure it)

# CONFIDENT: a member's own date counts for the others; SPREAD: days from the median a
# member may be; NEAREST: members most like the article set the central day; LEAD:
# characters compared (tuned, with their provenance in options)
_WORD = re.compile(r"[^\W\d_][\w'-]+")
_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")
# words of time expressions: the same day named is no sign of the same event
_CALENDAR = frozenset(WEEKDAY_NAMES) | frozenset(MONTH_NAMES) | {"today", "yesterday", "morning", "night", "evening",
                                                                  "afternoon"}
_WEEKDAYS = range(1, 8)  # a parsed weekday: ISO number
_WEEK = 6  # days a weekday named in the past reaches back (infer: _MAX_GAP - 1)


def _bag(ann: dict) -> Counter:
    return Counter(_WORD.findall(str(ann.get("text") or "")[:LEAD].lower()))


def _nearest(article: dict | None, candidates: list[tuple[dt.date, bool, dict]]) -> list[tuple[dt.date, bool, dict]]:
    """The ``NEAREST`` candidates whose texts are most like the article's (TF-IDF cosine,
    document frequencies within the story); all of them without the article's text."""
    if article is None or len(candidates) <= NEAREST or not article.get("text"):
        return candidates
    bags = [_bag(m) for _, _, m in candidates]
    mine = _bag(article)
    df = Counter()
    for b in bags + [mine]:
        df.update(b.keys())
    n = len(bags) + 1

    def vec(b: Counter) -> dict[str, float]:
        return {w: c * math.log((n + 1) / (df[w] + 0.5)) for w, c in b.items()}

    def norm(v: dict[str, float]) -> float:
        return math.sqrt(sum(x * x for x in v.values())) or 1.0

    v0 = vec(mine)
    n0 = norm(v0)
    sims = []
    for i, b in enumerate(bags):
        v = vec(b)
        sims.append((sum(x * v.get(w, 0.0) for w, x in v0.items()) / n0 / norm(v), i))
    # ties: the earlier member in the story's order (deterministic)
    keep = sorted(i for _, i in sorted(sims, key=lambda x: (-x[0], x[1]))[:NEAREST])
    return [candidates[i] for i in keep]


def own_inference(ann: dict) -> dict | None:
    """An undated article's date as its own text gives it (before its story's window)."""
    story = ann.get("published_story")
    if story is not None:
        return story.get("own")
    return ann.get("published_inferred")


def _day(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def story_window(members: Iterable[dict], article_id: str, bounds: dict | None = None) -> dict | None:
    """The window of the story of ``article_id`` (an undated member) from the others.

    ``members`` are the story's annotations (``id``, ``published``, ``text``, and for
    undated ones ``published_inferred``/``published_story``/``timex_parse``). Returns ``{"earliest",
    "latest", "value", "dated", "inferred"}`` (ISO days, counts): ``value`` is the
    median day of the ``NEAREST`` dated members most like the article, the range the
    days of all within ``SPREAD`` days of it. When no other member is dated, the lower
    bound the others' texts give (``_story_bound``: ``{"after", ...}``), else None.
    ``bounds``: ``member_bounds(members)`` when the caller has it (one per story).
    """
    members = list(members)
    cands: list[tuple[dt.date, bool, dict]] = []
    article = None
    for m in members:
        if m.get("id") == article_id:
            article = m
            continue
        if m.get("published"):
            d = _day(m["published"])
            if d:
                cands.append((d, True, m))
            continue
        own = own_inference(m)
        if own and (own.get("confidence") or 0) >= CONFIDENT:
            d = _day(own.get("value"))
            if d:
                cands.append((d, False, m))
    if not cands:
        return _story_bound(member_bounds(members) if bounds is None else bounds, article_id)
    near = sorted(d for d, _, _ in _nearest(article, cands))
    mid = near[(len(near) - 1) // 2]  # the lower median: a day some member was published on
    event = _event_day(article, [m for d, dated, m in cands if dated], mid) if article else None
    if event is not None:
        # the week after the event's day: the median day of the members published in it,
        # else the day after the event (news of a named weekday is published within days)
        day = dt.date.fromisoformat(event["day"])
        inside = sorted(d for d, dated, _ in cands if dated and day <= d <= day + dt.timedelta(days=_WEEK))
        mid = inside[(len(inside) - 1) // 2] if inside else day + dt.timedelta(days=1)
    days = sorted((d, dated) for d, dated, _ in cands)
    kept = [(d, dated) for d, dated in days if abs((d - mid).days) <= SPREAD]
    if not kept:  # (only a central day set by an event: no member within SPREAD of it)
        kept = [(mid, True)]
    out = {"earliest": min(kept[0][0], mid).isoformat(), "latest": max(kept[-1][0], mid).isoformat(),
           "value": mid.isoformat(), "dated": sum(1 for _, dated in kept if dated),
           "inferred": sum(1 for _, dated in kept if not dated)}
    if event is not None:
        out["event"] = event
    return out


def _claim_keys(claim: dict) -> tuple[set, set, set]:
    """(what happened: the claim's verbs past the light verbs and its nouns but names and
    days; the same with every noun; who and where: its entities and places)."""
    what = {v for v in [claim.get("predicate"), *(claim.get("verbs") or [])] if v not in LIGHT_VERBS}
    who = {str(e) for e in [*(claim.get("entities") or []), *(claim.get("places") or [])]}
    nouns = set(claim.get("nouns") or [])
    names = {w for e in who for w in e.split()}
    return what | {n for n in nouns if n not in names and n not in _CALENDAR}, what | nouns, who


def names_weekday(ann: dict) -> bool:
    """Whether an undated article's stored parse names a weekday in the past (then its
    story's members' claims and time expressions are read: ``_event_day``)."""
    return any(c[2].get("kind") == "weekday" and c[3] != "future"
               for c in (ann.get("timex_parse") or {}).get("candidates", []))


def _named_weekdays(article: dict) -> list[tuple[int, dict, dict]]:
    """(ISO weekday, claim, time expression) of the weekdays the article's claims name in
    the past ("was arrested early Sunday"): read from its stored parse (tense, weekday),
    which does not depend on the day the article was read as of."""
    parsed = {c[0]: c for c in (article.get("timex_parse") or {}).get("candidates", [])}
    timexes = article.get("timexes") or []
    out = []
    for claim in article.get("claims") or []:
        for i in claim.get("timexes") or []:
            t = timexes[i] if 0 <= i < len(timexes) else None
            cand = parsed.get(t["start"]) if t else None
            if cand is None:
                continue
            p, tense = cand[2], cand[3]
            if p.get("kind") == "weekday" and p.get("wd") in _WEEKDAYS and tense != "future" \
                    and p.get("mod") not in ("next", "last", "coming"):
                out.append((p["wd"], claim, t))
    return out


def _dated_events(member: dict, published: dt.date):
    """(day, claim, time expression) of the days a dated member's claims place their
    events on, up to its publication day (its weekdays resolved against it, its dates)."""
    timexes = member.get("timexes") or []
    for claim in member.get("claims") or []:
        for i in claim.get("timexes") or []:
            t = timexes[i] if 0 <= i < len(timexes) else None
            if t is None or t.get("type") != "DATE" or not _ISO_DAY.fullmatch(str(t.get("value") or "")):
                continue
            day = _day(t["value"])
            if day is not None and day <= published:
                yield day, claim, t


def _event_day(article: dict, dated: list[dict], mid: dt.date) -> dict | None:
    """The day of the event the article names by its weekday, as a dated member reports it.

    A claim of the article that names a weekday in the past ("was arrested early Sunday")
    and a claim of a dated member that shares with it what happened (a verb past the light
    verbs, or a noun that is no name or day) and who or where (an entity or place), placed
    by the member on a day of that weekday: the article was written in the week from that
    day. None when no member does, or when a day of that weekday a member gives a claim
    sharing any word and a name with the article's has ``mid`` in its week (the story's
    centre agrees: moving it takes more than keeping it). Else the day most matches give
    (ties: nearest ``mid``, then the earlier): ``{"day", "member", "said", "theirs"}``
    (the article's words, the member's).
    """
    named = _named_weekdays(article)
    if not named:
        return None
    keys = [(wd, _claim_keys(c), t) for wd, c, t in named]
    found = []  # (day, strict match, member id, the article's words, the member's)
    for m in dated:
        published = _day(m.get("published"))
        if published is None:
            continue
        for day, claim, t in _dated_events(m, published):
            what, loose, who = _claim_keys(claim)
            for wd, (a_what, a_loose, a_who), a_t in keys:
                if day.isoweekday() == wd and who & a_who and loose & a_loose:
                    found.append((day, bool(what & a_what), m["id"], a_t.get("text"), t.get("text")))
    return _vote(article, found, mid)


def _vote(article: dict, found: list[tuple], mid: dt.date) -> dict | None:
    """``_event_day``'s choice among the member days found, ``(day, strict match, member id,
    the article's words, the member's)`` in story order: None when any has ``mid`` in its
    week or none is strict, else the day most strict matches give, if the article fits it."""
    if any(d <= mid <= d + dt.timedelta(days=_WEEK) for d, *_ in found):
        return None
    found = [(d, *rest) for d, strict, *rest in found if strict]
    if not found:
        return None
    votes = Counter(d for d, *_ in found)
    best = min(votes, key=lambda d: (-votes[d], abs((d - mid).days), d))
    if not _fits(article, best, mid):
        return None
    _, member, said, theirs = next(f for f in found if f[0] == best)  # the first: members in story order
    return {"day": best.isoformat(), "member": member, "said": said, "theirs": theirs}


def _fits(article: dict, day: dt.date, mid: dt.date) -> bool:
    """Whether the article's own time expressions fit the week from ``day`` as well as the
    days around ``mid`` ("in June 2005" said of a sentencing: not a June 2005 article)."""
    saved = article.get("timex_parse")
    if not saved or not article.get("text"):
        return True
    text = str(article["text"])[: saved["length"]]
    analysed = stored_candidates(saved)
    new = text_fit(text, analysed, [day + dt.timedelta(days=k) for k in range(_WEEK + 1)])
    old = text_fit(text, analysed, [mid + dt.timedelta(days=k) for k in range(-_WEEK, _WEEK + 1)])
    return new is None or new >= old


def member_bounds(members: Iterable[dict]) -> dict[str, tuple[dt.date, str]]:
    """Undated member id -> the lower bound an elapsed span in its text gives and its words
    (``infer.elapsed_bound`` over its stored ``timex_parse``: no parse); members with none
    are left out."""
    out = {}
    for m in members:
        saved = m.get("timex_parse")
        if m.get("published") or not saved or not m.get("text"):
            continue
        text = str(m["text"])[: saved["length"]]
        analysed = stored_candidates(saved)
        found = elapsed_bound(text, analysed)
        if found:
            out[m["id"]] = found
    return out


def _story_bound(bounds: dict[str, tuple[dt.date, str]], article_id: str) -> dict | None:
    """What a story with no dated member says of when it ran: the latest lower bound an
    elapsed span in another member's text gives ("After more than three years ..." counted
    from the March 11, 2005 it writes), less ``SLACK`` days (members of one story are
    published within days of each other). ``{"after", "from", "why", "dated": 0,
    "inferred": 0}``, or None when no other member counts one."""
    best = None
    for mid, (day, why) in bounds.items():  # ties: the earlier member in the story's order
        if mid != article_id and (best is None or day > best[0]):
            best = (day, mid, why)
    if best is None:
        return None
    return {"after": (best[0] - dt.timedelta(days=SLACK)).isoformat(), "from": best[1], "why": best[2],
            "dated": 0, "inferred": 0}


def near_enough(similarity: float, own_similarity: float | None = None, floor: float | None = None) -> bool:
    """Whether a dated story at ``similarity`` (join probability) is near enough to date an
    undated article from (``near_window``): at least ``floor`` (``STORY_NEAR_FLOOR``), and
    not below ``own_similarity``, the article's to its own story's other members (nearer
    to them, it reports another event than the dated story, however alike)."""
    if similarity < (NEAR_FLOOR if floor is None else floor):
        return False
    return not (NEAR_OWN and own_similarity is not None and own_similarity > similarity)


def near_window(article: dict, members: list[dict], story_id: str, similarity: float,
                own: dict | None = None, floor: float | None = None, own_similarity: float | None = None) -> dict | None:
    """The window an undated article in no story with a dated member takes from the
    nearest dated story: ``story_window`` of the article among that story's members (their
    annotations, ``members``), with ``near`` naming the story and ``similarity`` (the
    clustering model's join probability of the article to it, below even odds or the
    article would be in it). None below ``floor`` (``STORY_NEAR_FLOOR``) or when the story
    gives no window.

    The story is not the article's: clustering keeps them apart, only the dating reads
    it, and ``infer_publication`` takes its days only when the text fits them within
    ``STORY_NEAR_FIT``. ``own``: the window the article's own story gives, a lower bound
    from a member's elapsed span (``{"after", "from", "why"}``) or None; a bound is kept
    with the new window, so days before it still do not fit.
    """
    if not near_enough(similarity, own_similarity, floor):
        return None
    window = story_window([*members, article], article["id"])
    if window is None or "earliest" not in window:
        return None
    out = {**window, "near": {"story": story_id, "similarity": round(similarity, 3),
                              **({"own": round(own_similarity, 3)} if own_similarity is not None else {})}}
    if own and own.get("after"):
        out.update({k: own[k] for k in ("after", "from", "why") if k in own})
    if own and own.get("within"):
        out["within"] = own["within"]  # (its own story's members say when it was written)
    return out


def story_windows(members: list[dict]) -> dict[str, dict | None]:
    """``story_window`` for every undated member: article id -> window (or None).

    A member that places a past event relative to its writing ("found guilty last
    month") which another member (or its own text) dates ("convicted ... on Nov. 7")
    gets the days it can be written on (``relative.writing_periods``) as ``within``; in a
    story with no dated member they bound the others from below too (less ``SLACK``
    days, as an elapsed span does: members of one story are published within days)."""
    dated = any(m.get("published") for m in members)
    bounds = None if dated else member_bounds(members)
    windows = {m["id"]: story_window(members, m["id"], bounds) for m in members if not m.get("published")}
    if not any(m.get("claims") for m in members):
        return windows  # (claims are read only for a story with a member that names one: names_relative)
    within = {i: p for i in windows for p in [writing_periods(members, i, windows)] if p is not None}
    for i, p in within.items():
        windows[i] = {**(windows[i] or {"dated": 0, "inferred": 0}), "within": p}
    if not dated and within:
        # the latest lower bound a member's writing period gives the others (ties: the
        # earlier member in the story's order)
        src, p = max(within.items(), key=lambda x: (x[1]["earliest"], -list(windows).index(x[0])))
        after = (dt.date.fromisoformat(p["earliest"]) - dt.timedelta(days=SLACK)).isoformat()
        for i, w in windows.items():
            if i != src and (w is None or "earliest" not in w) and after > str((w or {}).get("after") or ""):
                windows[i] = {**(w or {"dated": 0, "inferred": 0}), "after": after, "from": src,
                              "why": f"written {p['earliest']} – {p['latest']}: {p['why']}"}
    return windows
