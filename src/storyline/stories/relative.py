"""When an article was written, from a past event it places relative to the writing.

"Nichols, 37, was found guilty last month of murdering ..." says nothing of the day by
itself; beside "the jury ... convicted Nichols on Nov. 7" (another member of its story,
or its own text) it says the article was written in the month after November: the
conviction is one event, told twice. A claim with "last month", "last week", "last
year", "earlier this month" or "N days/weeks/months ago" and a claim with an absolute
date of the same event (a verb of the same event just before each time expression, and
a shared participant) give the days the article can be written on
(``writing_periods``); ``infer_publication`` scores days outside them lower, as it does
a past date after the writing.

Pure functions over annotation dicts (``claims``, ``timexes``, ``timex_parse``,
``published``): no parse, no clock.
"""

from __future__ import annotations

import datetime as dt
import re

from ..annotate.timex.resolve import add_months, pick_year_for, safe_date
from ..compare.lemmas import LIGHT_VERBS, PARAPHRASE, stem

_DAY = dt.timedelta(days=1)
# a verdict written two ways: "was found guilty" is "was convicted" (and the noun)
_VERDICT = re.compile(r"(?i)\b(?:found|find|finds|finding)\s+(?:\w+\s+){0,2}?guilty\b|\bconvict\w*|\bconviction")
_STOP_BEFORE = re.compile(r"[,;:()\"“”—–]|\b(?:and|but|while|after|before|when|since|until|as)\b", re.I)
_WORDS = re.compile(r"[^\W\d_][\w'-]*")
_SPAN_WORDS = 8  # words before a time expression read for its event's verb ("convicted Nichols on Nov. 7")
_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_SLACK = {"day": 1, "week": 3, "month": 10}  # days a date "N units ago" may be off by


def relative_kind(parse: dict, surface: str) -> tuple | None:
    """("last", unit) for "last month/week/year", ("earlier", unit) for "earlier this
    month/week/year", ("ago", unit, n) for "three days ago" (days, weeks, months);
    None for anything else ("the last month" is a span, not last month)."""
    if re.match(r"(?i)\s*(?:the|past)\b", surface):
        return None
    kind = parse.get("kind")
    if kind == "relunit" and parse.get("unit") in ("week", "month", "year"):
        if parse.get("offset") == -1 and not parse.get("mod"):
            return ("last", parse["unit"])
        if parse.get("offset") == 0 and parse.get("mod") == "earlier":
            return ("earlier", parse["unit"])
    if kind == "ago" and not parse.get("ref") and parse.get("sign") == -1 and parse.get("n"):
        unit = str(parse.get("unit") or "").lower().rstrip("s")
        n = float(parse["n"])
        if unit in _SLACK and n.is_integer() and 0 < n <= 12:
            return ("ago", unit, int(n))
    return None


def writing_period(rel: tuple, event: dt.date) -> tuple[dt.date, dt.date] | None:
    """The days an article can be written on for ``rel`` (``relative_kind``) to name
    ``event``'s day: "last month" of 7 November 2008 -> 1-31 December 2008."""
    if rel[0] == "ago":
        _, unit, n = rel
        tol = _SLACK[unit]
        if unit == "month":
            y, m = add_months(event.year, event.month, n)
            base = safe_date(y, m, min(event.day, 28))
            if base is None:
                return None
        else:
            base = event + dt.timedelta(days=n * (7 if unit == "week" else 1))
        return base - dt.timedelta(days=tol), base + dt.timedelta(days=tol)
    which, unit = rel
    if unit == "month":
        y, m = add_months(event.year, event.month, 1)
        first_next = dt.date(y, m, 1)
        if which == "last":
            y2, m2 = add_months(y, m, 1)
            return first_next, dt.date(y2, m2, 1) - _DAY
        return event + _DAY, first_next - _DAY
    if unit == "week":
        monday = event - dt.timedelta(days=event.weekday())
        if which == "last":
            # news say "last week" of the days before the last few as much as of the
            # calendar week before ("escaped last week", Saturday 5 December 2009, of
            # Monday 30 November): from the day after to the end of the next week
            return event + _DAY, monday + dt.timedelta(days=13)
        return event + _DAY, monday + dt.timedelta(days=6)
    if which == "last":
        return dt.date(event.year + 1, 1, 1), dt.date(event.year + 1, 12, 31)
    return event + _DAY, dt.date(event.year, 12, 31)


def _event_words(text: str, start: int, end: int, lo: int, hi: int) -> list[str]:
    """The words just before a time expression in its claim (back to a comma or a
    conjunction, at most ``_SPAN_WORDS``), else just after it: where its event's verb is."""
    before = text[lo:start]
    cut = None
    for m in _STOP_BEFORE.finditer(before):
        cut = m.end()
    words = _WORDS.findall(before[cut or 0:])[-_SPAN_WORDS:]
    if words:
        return words
    after = text[end:hi]
    m = _STOP_BEFORE.search(after)
    return _WORDS.findall(after[: m.start() if m else len(after)])[:_SPAN_WORDS]


def _event_key(claim: dict, text: str, start: int, end: int) -> set[str]:
    """What happened at the time expression at ``start:end`` of ``claim``: the claim's
    verbs (past the light ones, paraphrases mapped) written just before it, and
    "convict" for a verdict written either way."""
    lo, hi = int(claim.get("start", 0)), int(claim.get("end", len(text)))
    words = [w.lower() for w in _event_words(text, start, end, max(lo, 0), hi)]
    key = set()
    for v in claim.get("verbs") or []:
        if not v or v in LIGHT_VERBS or v == "find":
            continue
        s = stem(v.lower())
        if len(s) >= 3 and any(w.startswith(s) for w in words):
            key.add(stem(PARAPHRASE.get(v, v)))
    if _VERDICT.search(" ".join(words)):
        key.add("convict")
    return key


def _who(claim: dict, text: str, start: int, end: int) -> set[str]:
    """The words of the participant (or place) the claim names nearest before the time
    expression at ``start:end`` ("Orozco, who was found guilty last month"; "convicted
    Nichols on Nov. 7"), else first after it; initials left out. A claim names more than
    the event's own participant (its victim, another defendant)."""
    lo, hi = max(int(claim.get("start", 0)), 0), int(claim.get("end", len(text)))
    best = None  # (distance, words)
    for e in [*(claim.get("entities") or []), *(claim.get("places") or [])]:
        words = [w for w in str(e).split() if len(w) > 2]
        for w in words:
            pat = re.compile(rf"(?i)\b{re.escape(w)}\b")
            before = [m.end() for m in pat.finditer(text, lo, start)]
            after = [m.start() for m in pat.finditer(text, end, hi)]
            dist = start - before[-1] if before else (10_000 + after[0] - end if after else None)
            if dist is not None and (best is None or dist < best[0]):
                best = (dist, set(words))
    return best[1] if best else set()


def _parsed(ann: dict) -> dict[int, list]:
    return {c[0]: c for c in (ann.get("timex_parse") or {}).get("candidates", [])}


def _claim_times(ann: dict):
    """(claim, time expression, its stored parse or None) for each time expression a claim holds."""
    timexes = ann.get("timexes") or []
    parsed = _parsed(ann)
    for claim in ann.get("claims") or []:
        for i in claim.get("timexes") or []:
            if 0 <= i < len(timexes):
                t = timexes[i]
                yield claim, t, parsed.get(t.get("start"))


def names_relative(ann: dict) -> bool:
    """Whether an undated article's stored parse names a past event relative to the
    writing ("last month"): then its story's claims are read (``writing_periods``)."""
    text = str(ann.get("text") or "")
    return any(relative_kind(c[2], text[c[0]:c[1]]) for c in (ann.get("timex_parse") or {}).get("candidates", []))


def _absolute_events(ann: dict, window: dict | None, own: bool):
    """(day, event key, participants, claim, time expression) of the events a member's
    claims date: a dated member's resolved dates (its weekdays too: its publication day
    places them); an undated one's dates with a year written, and its dates without one
    read in its story's window (the year of its central day, or the first after the
    lower bound its story gives) -- never from its own inferred date, which the story
    window it is given depends on. ``own``: the article's own text (years written only)."""
    text = str(ann.get("text") or "")
    dated = bool(ann.get("published")) and not own
    for claim, t, cand in _claim_times(ann):
        day = None
        if dated:
            if t.get("type") == "DATE" and _ISO_DAY.fullmatch(str(t.get("value") or "")):
                day = dt.date.fromisoformat(t["value"])
        elif cand is not None and cand[2].get("kind") == "date" and cand[3] != "future":
            p = cand[2]
            if p.get("y") is not None:
                day = safe_date(p["y"], p["m"], p["d"])
            elif not own and window and safe_date(2000, p["m"], p["d"]):
                day = _yearless(p["m"], p["d"], window)
        if day is None:
            continue
        key = _event_key(claim, text, int(t["start"]), int(t["end"]))
        if key:
            yield day, key, _who(claim, text, int(t["start"]), int(t["end"])), claim, t


def _yearless(m: int, d: int, window: dict) -> dt.date | None:
    """A yearless past date read in its story's window: before the central day, else the
    first after the lower bound."""
    if window.get("value"):
        anchor = dt.date.fromisoformat(str(window["value"])[:10])
        return safe_date(pick_year_for(m, d, anchor, "past"), m, d)
    if window.get("after"):
        after = dt.date.fromisoformat(str(window["after"])[:10])
        day = safe_date(after.year, m, d)
        return day if day and day >= after else safe_date(after.year + 1, m, d)
    return None


def writing_periods(members: list[dict], article_id: str, windows: dict[str, dict | None]) -> dict | None:
    """The days ``article_id`` (an undated member) can be written on, from its past events
    placed relative to the writing and dated absolutely by another member (or its own
    text, a year written): ``{"earliest", "latest", "why"}``, the days all such pairs
    allow; None without a pair, or when two pairs disagree (no day fits both: the text is
    read as saying nothing). ``windows``: the story windows of the undated members (how
    their yearless dates are read)."""
    article = next((m for m in members if m.get("id") == article_id), None)
    if article is None or not article.get("claims"):
        return None
    text = str(article.get("text") or "")
    rels = []
    for claim, t, cand in _claim_times(article):
        if cand is None or cand[3] == "future":
            continue
        rel = relative_kind(cand[2], text[int(t["start"]):int(t["end"])])
        if rel is None:
            continue
        key = _event_key(claim, text, int(t["start"]), int(t["end"]))
        who = _who(claim, text, int(t["start"]), int(t["end"]))
        if key and who:
            rels.append((rel, key, who, t))
    if not rels:
        return None
    found = []
    for m in members:
        own = m.get("id") == article_id
        for day, key, who, claim, t in _absolute_events(m, windows.get(m.get("id")), own):
            for rel, a_key, a_who, a_t in rels:
                if key & a_key and who & a_who:
                    period = writing_period(rel, day)
                    if period:
                        found.append((period, m.get("id"), a_t.get("text"), t.get("text"), day, sorted(key & a_key)[0]))
    if not found:
        return None
    lo = max(p[0] for p, *_ in found)
    hi = min(p[1] for p, *_ in found)
    if lo > hi:
        return None
    (_, member, said, theirs, day, verb) = found[0]
    where = "its own text" if member == article_id else f"member {member}"
    return {"earliest": lo.isoformat(), "latest": hi.isoformat(),
            "why": f"its “{said}” of the event ({verb}) {where} dates “{theirs}” ({day.isoformat()})"}
