"""``infer_publication``: a publication-date window read from the article itself.

Evidence, each general to news writing:

* a date line (a full date alone on a line, or "CITY, Dec. 1 (Reuters) -") near the top
  is the publication date itself; so is a full date set beside "today" ("announced
  today (14 October 2011)"), and the day after one set beside "yesterday";
* explicit past-tense dates ("on November 28") are on or before publication, future
  ones on or after it;
* weekday names ("on Friday", "this Monday") are used for days within the week around
  publication, so each resolves against a candidate date by its tense;
* a weekday that falls on a date the text gives, or derives ("November 21" + "a week"
  -> November 28, "the deadline passed on Friday"), corroborates the candidate date
  and, when no year is written, the year (the weekday must fall on that date);
* weekday names are used for the newest events: one falling before the latest explicit
  past date is unlikely; and the lede (first past event mentioned) is the latest event;
* a date written without its year is within the last months (one written with its year
  may be any time before);
* "N months/years ago" said within three sentences of a date (or a month with its year)
  the text writes corroborates the days that far after it ("a workplace rampage exactly
  two years ago ... on September 10, 2010" -> 10 September 2012), and such days are
  searched even outside a story's window: the story may be a follow-up's;
* an elapsed span of years ("after more than three years", "three years of efforts ...
  since his arrest") counted from the earliest date the text writes bounds the date
  from below: days before it, and a story's window before it, do not fit; a bound alone
  is no date (None); in a story with no dated member another member's bound holds too;
* against a story's years, a past month written with its year ("in September 2010") is
  of an earlier year than the writing (news omit the current year).

Every candidate day is scored; the window is the run of best-scoring days, the value the
day after the latest event reported (news is published the day of or the day after).
"""

from __future__ import annotations

import datetime as dt
import re

from ...options import STORY_FIT, STORY_NEAR_FIT, STORY_SLACK, STORY_TOLERANCE
from .grammar import Candidate
from .lexicon import unit_of
from .resolve import add_months, pick_year_for, safe_date
from .tagger import analyse

_WD_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MAX_GAP = 7  # a weekday name reaches back at most six days
_MAX_MENTIONS = 40
_OPEN_GAP = 30  # with no upper bound in the text: news reports events of the last weeks
_WEEKS_AFTER = [dt.timedelta(days=k) for k in range(0, 22)]  # the candidate days after a date
_WEEKS_BEFORE = [dt.timedelta(days=k) for k in range(-21, 1)]  # ... before a future one


def _snippet(text: str, c: Candidate, width: int = 40) -> str:
    a = max(0, c.start - width)
    b = min(len(text), c.end + 12)
    s = " ".join(text[a:b].split())
    return ("…" if a else "") + s + ("…" if b < len(text) else "")


_META = re.compile(
    r"(?i)(?:\b(?:first|last|published|posted|updated|modified|date|on)\b\s*:?"
    r"|\b\d{1,2}[:.]\d\d(?::\d\d)?(?:\s*[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?|\bat\b|@|\|"
    r"|\b(?:[ECMP][SD]T|UTC|GMT|BST|CET|CEST|ET|PT)\b"
    r"|\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?\b\.?,?"
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{4}-\d\d-\d\d\b)"
)


_ZONE = re.compile(r"\b[A-Z]{2,4}\b|\b\d{4}\b|\bhrs\b|\(\s*\)")
_OTHER_DATE = re.compile(r"\b[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}\b")


def _meta_free(s: str) -> str:
    """What is left of a date line's neighbourhood once times, zones, weekdays, 'Posted:'
    and other time stamps are taken out."""
    s = _OTHER_DATE.sub(" ", _META.sub(" ", s))
    s = _ZONE.sub(" ", s)
    s = _META.sub(" ", s)
    return re.sub(r"\s+", " ", s).strip(" \t,;:-–—|()")


def _dateline(text: str, analysed) -> tuple[dt.date, Candidate] | None:
    """A full date near the top that stands alone on its line (or opens a wire dateline)."""
    for c, _, _ in analysed:
        if c.start > 400:
            break
        p = c.parse
        if p["kind"] != "date" or p.get("y") is None:
            continue
        line_start = text.rfind("\n", 0, c.start) + 1
        line_end = text.find("\n", c.end)
        line_end = len(text) if line_end < 0 else line_end
        # "March 3, 2024", "Posted: 04/9/2012 8:33 am", "12:52 p.m. EDT May 2, 2013",
        # "Fri Aug 2, 2013 6:50pm EDT", "CITY, Ind. (June 15, 2014) —"
        raw_before, raw_after = text[line_start:c.start], text[c.end:line_end]
        before, after = _meta_free(raw_before), _meta_free(raw_after)
        short = len(before) < 40
        place = not re.search(r"(?:^|\s)[a-z]", before)  # "KOKOMO, Ind.", not "Prices fell"
        # alone on its line, maybe after a place name ("WASHINGTON, DC, April 28, 2009")
        alone = not after and (not before or short and place and (before.isupper() or raw_before.rstrip().endswith((",", "—", "-", "|"))))
        # a wire date line opening the first paragraph: "CITY (Reuters) Dec. 1 —", "CITY (June 15, 2014) —"
        wire = short and place and re.match(r"\s*\)?\s*[—–-]", raw_after) is not None
        if alone or wire:
            day = safe_date(p["y"], p["m"], p["d"])
            if day:
                return day, c
    return None


_SINCE = re.compile(r"(?i)\bsince\b")
_AFTER = re.compile(r"(?i)\bafter\s+(?:more\s+than\s+|over\s+|nearly\s+|almost\s+|about\s+|some\s+|at\s+least\s+)?$")
_SENTENCE_END = re.compile(r"(?<!\b[A-Z][a-z])(?<!\b[A-Z])[.;!?]\s+(?=[A-Z\"“])")  # not after "Mr." or "J."


def _elapsed(text: str, c: Candidate) -> bool:
    """A span of years that runs up to the time of writing: "After more than three years
    ...", "more than three years of efforts ... since his arrest" (not "sentenced to 20
    years", "his girlfriend of seven years")."""
    if "-" in text[c.start:c.end] or c.parse.get("mod") in ("less than", "under", "up to", "barely", "only", "just"):
        return False  # "a one-year extension": a length, not time gone by; "less than": no bound
    before = text[max(0, c.start - 30):c.start]
    after = _SENTENCE_END.split(text[c.end:c.end + 80], maxsplit=1)[0]
    return _AFTER.search(before) is not None or _SINCE.search(after) is not None


def _bounds(spans, full, months, years: list[int]) -> list[tuple[dt.date, Candidate]]:
    """Days an article is published on or after: an elapsed span of years ("after more
    than three years") counted from the earliest past date, month or year the text writes
    (assumed: the span starts no earlier than the earliest date the text gives)."""
    starts = [d for d, t, *_ in full if t != "future"] + [safe_date(y, m, 1) for (y, m), *_ in months]
    starts += [dt.date(y, 1, 1) for y in years if 1 <= y <= 9998]
    starts = [d for d in starts if d]
    if not starts or not spans:
        return []
    first = min(starts)
    out = []
    for n, mod, c in spans:
        # "more than three years": three at least; "nearly three", "three": half a year less
        days = int(round(n * 365.25)) - (0 if mod in ("more than", "over", "at least") else 183)
        try:
            out.append((first + dt.timedelta(days=days), c))
        except OverflowError:
            continue
    return out


_APPOSED = re.compile(r"\s*(?:\(|,|[—–]|-\s)\s*(?:on\s+)?")


def _day_named(text: str, analysed) -> tuple[dt.date, Candidate] | None:
    """A full date set beside "today", "this morning" or "yesterday": "announced on Twitter
    today (14 October 2011)" names the day of writing (the day before, for "yesterday")."""
    for (c, _, _), (nxt, _, _) in zip(analysed, analysed[1:]):
        p, q = c.parse, nxt.parse
        if p["kind"] != "relday" or p.get("offset") not in (0, -1) or q["kind"] != "date" or q.get("y") is None:
            continue
        if _APPOSED.fullmatch(text[c.end:nxt.start]):
            day = safe_date(q["y"], q["m"], q["d"])
            if day:
                return day - dt.timedelta(days=p["offset"]), nxt
    return None


def _collect(text: str, analysed) -> tuple:
    """The mentions a publication date is read from: (full dates, yearless dates, weekdays,
    years, years written, ``_Evidence``)."""
    full, md, weekdays, durations, years, agos, months, spans, bare = [], [], [], [], [], [], [], [], []
    for c, tense, sent in analysed:
        p = c.parse
        if p["kind"] == "date" and p.get("y") is not None:
            day = safe_date(p["y"], p["m"], p["d"])
            if day:
                full.append((day, tense, c, sent))
        elif p["kind"] == "date":
            if safe_date(2000, p["m"], p["d"]):
                md.append((p, tense, c, sent))
        elif p["kind"] == "weekday" and p.get("mod") not in ("last", "next"):
            weekdays.append((p, tense, c, sent))
        elif p["kind"] == "duration" and not p.get("vague") and p.get("n"):
            u = unit_of(p["unit"])
            if u and u[0] == "Y" and not u[1] and p["n"] * u[2] >= 1 and _elapsed(text, c):
                spans.append((p["n"] * u[2], p.get("mod"), c))
            if u and u[0] in ("D", "W") and not u[1]:
                days = int(p["n"] * u[2] * (7 if u[0] == "W" else 1))
                if 0 < days <= 31:
                    durations.append((days, c, sent))
        elif p["kind"] == "year":
            years.append((p["y"], tense))
            if tense != "future":
                bare.append(p["y"])
        elif p["kind"] == "month" and "year" in p:
            years.append((p["year"], tense))
            if tense != "future" and not p.get("mod"):
                months.append(((p["year"], p["m"]), c, sent))
        elif p["kind"] == "ago" and not p.get("ref") and p.get("sign") == -1 and p.get("n"):
            u = unit_of(p["unit"])
            # (months and years: "eight days ago" is as often a day the text does not write
            # next to one it does, and weekdays already place recent days)
            if u and u[0] in ("M", "Y") and not u[1] and float(p["n"]).is_integer():
                agos.append((u[0], int(p["n"] * u[2]), c, sent))
    written = [d.year for d, *_ in full] + [y for y, _ in years]
    # the evidence that dates an article is near its top; a bound keeps long texts fast
    full, md, weekdays, durations = full[:_MAX_MENTIONS], md[:_MAX_MENTIONS], weekdays[:_MAX_MENTIONS], durations[:_MAX_MENTIONS]
    agos, months = agos[:_MAX_MENTIONS], months[:_MAX_MENTIONS]
    years += [(d.year, t) for d, t, *_ in full]
    ev = _Evidence(full, md, weekdays, durations, text, agos, months)
    ev.bounds = _bounds(spans, full, months, bare)
    return full, md, weekdays, years, written, ev


def elapsed_bound(text: str, analysed) -> tuple[dt.date, str] | None:
    """The latest day an elapsed span the text counts bounds its publication from below
    ("After more than three years ..." from the March 11, 2005 it writes -> 2008-03-11),
    and the words that say so; None without one. A text with a date line needs none."""
    if _dateline(text, analysed) or _day_named(text, analysed):
        return None
    ev = _collect(text, analysed)[-1]
    if not ev.bounds:
        return None
    b, c = max(ev.bounds, key=lambda x: (x[0], x[1].start))
    return b, _snippet(text, c, 30)


def text_fit(text: str, analysed, days: list[dt.date]) -> float | None:
    """How well the text fits being published on the best of ``days`` (``_score``, read
    as against a story: a past month written with its year is of an earlier year); None
    when the text names no date, weekday or span to score by."""
    full, md, weekdays, years, written, ev = _collect(text, analysed)
    if not (full or md or weekdays or ev.agos or ev.bounds):
        return None
    ev.month_years = frozenset(y for (y, _), *_ in ev.months)
    max_past = max((y for y, t in years if t != "future"), default=None)
    return max(_score(D, ev, with_notes=False)[0] - (2 if max_past is not None and D.year < max_past else 0)
               for D in days)


def _story_after(story: dict | None) -> dt.date | None:
    """The lower bound a story with no dated member gives (``stories.dates``: ``{"after"}``,
    alone or beside the window of the nearest dated story)."""
    if not story or not story.get("after"):
        return None
    try:
        return dt.date.fromisoformat(str(story["after"])[:10])
    except ValueError:
        return None


def infer_publication(text: str, doc=None, *, today: dt.date | None = None,
                      story: dict | None = None, analysed: list | None = None) -> dict | None:
    """Infer when an article was published from its own dates; None without evidence.

    Returns ``{"value", "earliest", "latest", "confidence", "evidence"}`` (ISO dates).
    ``today`` (the day the article is read as of: its fetch time or ``Options.today``)
    bounds the search (no article is from the future) and breaks year ties towards the
    most recent year. Without it the clock is never read: only the years the text
    writes can bound it (the end of the latest one), and a text that writes no year
    cannot be placed in a year at all (None).

    ``story`` is the window of the article's story (``storyline.stories.dates``:
    ``{"earliest", "latest", "value", ...}``, its members' publication dates): when
    the text fits a day in it (scores within ``STORY_FIT`` of the best day the text
    alone finds) the article is placed there -- the year comes from the story, never
    from ``today`` -- and the evidence says so; when it does not, the text wins. A story
    with no dated member gives ``{"after", "from", "why", ...}`` instead: the lower bound
    an elapsed span in another member's text counts; days before it do not fit.

    ``analysed``: ``tagger.analyse(text, doc)`` when the caller has it (an article dated
    again from its stored time expressions, with no parse).
    """
    if analysed is None:
        analysed = analyse(text, doc)
    line = _dateline(text, analysed)
    if line:
        day, c = line
        return {"value": day.isoformat(), "earliest": day.isoformat(), "latest": day.isoformat(),
                "confidence": 0.9, "evidence": [f"date line: {_snippet(text, c)}"]}

    named = _day_named(text, analysed)
    if named:
        day, c = named
        return {"value": day.isoformat(), "earliest": day.isoformat(), "latest": day.isoformat(),
                "confidence": 0.85, "evidence": [f"the day of writing named: {_snippet(text, c)}"]}

    full, md, weekdays, years, written, ev = _collect(text, analysed)
    after = _story_after(story)
    if after:
        # a lower bound another member of its story gives ("more than three years after
        # the March 11, 2005 rampage"): its story has no dated member
        ev.bounds.append((after, None))
        ev.story_note = f"its story's member {story.get('from')} says so ({story.get('why')})"
    within = _story_within(story)
    if within:
        # "found guilty last month" of the conviction a member dates 7 November 2008:
        # written in December 2008 (``stories.relative``); other days score lower
        ev.within = [within]
    window = _story_days(story, today) if story else None
    if window is not None:
        # a past month written with its year ("in September 2010") is of an earlier year
        # than the writing (news omit the current year: ECB+ dev, 57 of 60 such mentions);
        # weighed only against a story's years (Wikinews, MEANTIME, writes "as of January
        # 2008" in 2008: alone, the rule would move a text's year)
        ev.month_years = frozenset(y for (y, _), *_ in ev.months)
    own = _from_text(ev, full, md, weekdays, years, written, today)
    if window is None:
        return own[0] if own else None
    placed = _from_story(ev, full, md, weekdays, years, window, story, today)
    if placed is None or ev.bounds and placed[0]["value"] < max(b for b, _ in ev.bounds).isoformat():
        # (a story whose days come before what the text says has elapsed does not fit it)
        return own[0] if own else None
    if not written:
        # a text that writes no year cannot take one from the reference day against a
        # dated story: its own best days are looked for in the story's years only
        own = _from_text(ev, full, md, weekdays, years, written, today,
                         only_years=range(window[0].year, window[1].year + 1))
    # (the window of the nearest dated story, not the article's own: ``STORY_NEAR_FIT``)
    if own is None or placed[1] >= own[1] - (STORY_NEAR_FIT if story.get("near") else STORY_FIT):
        return placed[0]
    res = own[0]
    res["evidence"].append(f"its story's window ({window[0].isoformat()} – {window[1].isoformat()}) does not fit "
                           f"its text as well (score {placed[1]:g} against {own[1]:g})")
    return res


def _story_within(story: dict | None) -> tuple[dt.date, dt.date, str] | None:
    """The days its story's members say the article was written on (``{"within"}``:
    ``stories.relative.writing_periods``), and why."""
    w = (story or {}).get("within")
    if not w:
        return None
    try:
        return dt.date.fromisoformat(w["earliest"]), dt.date.fromisoformat(w["latest"]), str(w.get("why") or "")
    except (KeyError, ValueError, TypeError):
        return None


def _story_days(story: dict, today: dt.date | None) -> tuple[dt.date, dt.date, dt.date] | None:
    """(first day, last day, central day) an article of this story may be published on."""
    try:
        lo, hi, mid = (dt.date.fromisoformat(str(story[k])[:10]) for k in ("earliest", "latest", "value"))
    except (KeyError, ValueError, TypeError):
        return None
    lo, hi = lo - dt.timedelta(days=STORY_SLACK), hi + dt.timedelta(days=STORY_SLACK)
    if today is not None:
        hi = min(hi, today)
    return (lo, hi, min(max(mid, lo), hi)) if lo <= hi else None


def _story_note(story: dict) -> str:
    n, m = story.get("dated", 0), story.get("inferred", 0)
    who = []
    if n:
        who.append(f"{n} dated member{'s' if n != 1 else ''}")
    if m:
        who.append(f"{m} member{'s' if m != 1 else ''} dated from {'their' if m != 1 else 'its'} own text")
    span = story["earliest"] if story["earliest"] == story["latest"] else f"{story['earliest']} – {story['latest']}"
    event = story.get("event")
    # (stories.dates: the weekday the text names is the day a member dates the same event on)
    by = (f" (central day from member {event['member']}: its “{event['theirs']}” dates the event the text names "
          f"“{event['said']}” to {event['day']})") if event else ""
    near = story.get("near")
    if near:
        # (stories.dates.near_window: the article is in no story with a dated member)
        return (f"dated from the nearest dated story {near['story']} (similarity {near['similarity']:g}): "
                f"{' and '.join(who) or 'its members'} published {span}{by}")
    return f"its story: {' and '.join(who) or 'its members'} published {span}{by}"


def _from_story(ev, full, md, weekdays, years, window, story, today) -> tuple[dict, float] | None:
    """The best day in the story's window for this text, and its score."""
    lo_w, hi_w, mid = window
    past_years = [y for y, t in years if t != "future" and y <= hi_w.year]
    max_past = max(past_years) if past_years else None
    days = [lo_w + _DAY * k for k in range((hi_w - lo_w).days + 1)]
    # the days an "N years ago" names from a date the text writes, in the story's years
    far = sorted(d for d in _ago_days(ev, full, md, range(lo_w.year, hi_w.year + 1)) - set(days)
                 if today is None or d <= today)
    scored, outside = [], []
    for D in days + far:
        s, _, last_event, _, anchored = _score(D, ev, with_notes=False)
        if max_past is not None and D.year < max_past:
            s -= 2
        (scored if D <= hi_w and D >= lo_w else outside).append((s, D, None if anchored else last_event))
    if not scored:
        return None
    moved = bool(outside) and max(x[0] for x in outside) > max(x[0] for x in scored) + STORY_FIT
    if moved:
        # its story's days do not fit what the text says of them ("two years ago"): the
        # text's days in the story's years; their centre is the story's central day that
        # long after, when the text fits it ("shot two co-workers two years ago" in a story
        # of 10 September 2010: 10 September 2012), else the first of them
        top_out = max(x[0] for x in outside)
        best = {x[1] for x in outside if x[0] == top_out}
        shifted = sorted(d for letter, n, *_ in ev.agos for d in [_later(mid, letter, n)] if d in best)
        scored, mid = outside, shifted[0] if shifted else max(outside, key=lambda x: (x[0], -x[1].toordinal()))[1]
    held = [x for x in scored if all(lo <= x[1] <= hi for lo, hi, _ in ev.within)] if ev.within else None
    if held:
        # the days its members say it was written on ("found guilty last month" of a
        # conviction dated 7 November: December) are a constraint, not a score the
        # tolerance below would let the story's centre outweigh
        scored = held
    # the day nearest the story's centre among those the text scores (nearly) best
    top = max(x[0] for x in scored)
    cut = top - STORY_TOLERANCE
    s_best, D_best, last_event = min((x for x in scored if x[0] >= cut),
                                     key=lambda x: (abs((x[1] - mid).days), x[1]))
    notes = _score(D_best, ev, with_notes=True)[1] if (full or md or weekdays or ev.agos or ev.within) else []
    by_day = {x[1]: x for x in scored}
    lo = hi = D_best
    while (lo - _DAY) in by_day and by_day[lo - _DAY][0] >= cut:
        lo -= _DAY
    while (hi + _DAY) in by_day and by_day[hi + _DAY][0] >= cut:
        hi += _DAY
    if last_event:
        hi = max(D_best, min(hi, last_event + dt.timedelta(days=_MAX_GAP - 1 if weekdays else _OPEN_GAP)))
        lo = min(D_best, max(lo, last_event))
    value = min(max(mid, lo), hi)  # (the day after the last event instead: 0.798 -> 0.768)
    support = sum(1 for n in notes if n.startswith("corroborated"))
    width = (hi - lo).days + 1
    conf = min(0.85, 0.5 + 0.1 * support + (0.1 if width <= 4 else 0))
    if not story.get("dated"):
        conf = min(conf, 0.5)  # a window only inferred by other members' texts
    evidence = list(dict.fromkeys(notes))
    fits = lo.isoformat() + ("" if lo == hi else f" – {hi.isoformat()}")
    if moved:
        evidence.append(_story_note(story) + f"; its own text fits {fits} instead (what it says was that long ago)")
    else:
        evidence.append(_story_note(story) + f"; its own text fits {fits}; nearest the story's central day {mid.isoformat()}")
    if not full:
        evidence.append(f"year {value.year}: from its story, no year being written in the text")
    return ({"value": value.isoformat(), "earliest": lo.isoformat(), "latest": hi.isoformat(),
             "confidence": round(conf, 2), "evidence": evidence}, top)


def _from_text(ev, full, md, weekdays, years, written, today: dt.date | None,
               only_years=None) -> tuple[dict, float] | None:
    """The text-only inference and the best day's score (None without evidence)."""
    if not full and not md and not (ev.agos and ev.months) and not ev.within:
        return None  # weekdays alone cannot place an article in time
    if today is None:
        if not written and not ev.within:
            return None  # no year written and no reference day: any year would be a guess
        ends = [dt.date(max(written), 12, 31)] if written else []
        today = max(ends + [hi for _, hi, _ in ev.within])

    past_years = [y for y, t in years if t != "future" and y <= today.year]
    fut_years = [y for y, t in years if t == "future"]
    # the year preferred on a tie: the latest past year the text mentions, else the
    # year before the first future one, else the current year
    if past_years:
        pref_year = max(past_years)
    elif fut_years:
        pref_year = min(min(fut_years) - 1, today.year)
    else:
        pref_year = today.year
    first = max(pref_year - 1, today.year - 30) if past_years or fut_years else today.year - 30
    base_years = list(range(first, today.year + 1))
    base_years = [y for y in base_years if y <= today.year and (only_years is None or y in only_years)]
    if not base_years:
        return None

    # candidate publication days: three weeks after (before, if future) each date written
    # without a year -- such dates are recent (a year is written for other years' dates,
    # AP style); dates with a year only when there is nothing else
    cands: set[dt.date] = set()
    for y in base_years:
        for p, tense, *_ in md:
            e = safe_date(y, p["m"], p["d"])
            if e:
                cands.update(e + k for k in (_WEEKS_BEFORE if tense == "future" else _WEEKS_AFTER))
    if not md:
        for d, tense, *_ in full:
            cands.update(d + k for k in (_WEEKS_BEFORE if tense == "future" else _WEEKS_AFTER))
    cands |= _ago_days(ev, full, md, base_years)
    for b, _ in ev.bounds:
        cands.update(b + k for k in _WEEKS_AFTER)
    for lo_w, hi_w, _ in ev.within:
        if (hi_w - lo_w).days <= 366:
            cands.update(lo_w + _DAY * k for k in range((hi_w - lo_w).days + 1))
    cands = {d for d in cands if d <= today}
    if not cands:
        return None

    # each of the ~160 candidate days is scored without its notes (the costly part:
    # snippets and f-strings); only the best day's notes are used, so it is scored again
    # with them -- the scoring is deterministic, so the result is the same
    scored = []
    max_past = max(past_years) if past_years else None
    for D in sorted(cands):
        s, _, last_event, latest_explicit, anchored = _score(D, ev, with_notes=False)
        if past_years and D.year < max_past:
            s -= 2  # the text already speaks of a later year in the past tense
        gap = (D - latest_explicit).days if latest_explicit else 0
        scored.append((s, -gap, D, None if anchored else last_event))
    # ties: the preferred year, then the day nearest the latest explicit date
    best = max(scored, key=lambda x: (x[0], -abs(x[2].year - pref_year), x[1], x[2]))
    s_best, _, D_best, last_event = best
    _, notes, _, latest_x, _ = _score(D_best, ev, with_notes=True)
    # the window: the contiguous run of days around the best one with the same score
    by_day = {x[2]: x for x in scored}
    lo = hi = D_best
    while (lo - dt.timedelta(days=1)) in by_day and by_day[lo - dt.timedelta(days=1)][0] == s_best:
        lo -= dt.timedelta(days=1)
    while (hi + dt.timedelta(days=1)) in by_day and by_day[hi + dt.timedelta(days=1)][0] == s_best:
        hi += dt.timedelta(days=1)
    bounded = bool(weekdays) or any(t == "future" for _, t, *_ in full + md)
    # placed by an elapsed span alone ("more than three years" after 2005): a lower bound;
    # or by the period its members say it was written in alone ("found guilty last month"
    # of 7 November: December, any day of it)
    by_bound = bool(ev.bounds) and D_best >= max(b for b, _ in ev.bounds)
    if (by_bound or ev.within) and not (latest_x and (D_best - latest_x).days <= _OPEN_GAP):
        return None  # a lower bound, or a month, is not a date
    if last_event:
        hi = min(hi, last_event + dt.timedelta(days=_MAX_GAP - 1 if weekdays else _OPEN_GAP))
        lo = max(lo, last_event)
    # (a day "N years ago" names is no last event: the days it fits are the window)
    value = (last_event or lo) + dt.timedelta(days=1)
    value = min(max(value, lo), hi)
    width = (hi - lo).days + 1
    support = sum(1 for n in notes if n.startswith("corroborated"))
    conf = min(0.85, 0.3 + 0.15 * support + (0.15 if weekdays else 0) + (0.1 if width <= 4 else 0))
    evidence = list(dict.fromkeys(notes))
    if not bounded:
        conf = min(conf, 0.25)
        evidence.append(f"nothing in the text bounds it from above: window capped at {_OPEN_GAP} days")
    if not full:
        fits = sorted({x[2].year for x in scored if x[0] == s_best} - {D_best.year}, reverse=True)
        also = f"; it fits as well in {', '.join(map(str, fits[:3]))}{' …' if len(fits) > 3 else ''}" if fits else ""
        why = "the weekdays named fall on those dates in it" if support else "nothing in the text fixes it"
        pref = "the latest year the text mentions" if past_years else "the most recent year"
        evidence.append(f"year {D_best.year}: no year written; {why}{also}; {pref} is preferred")
    return ({"value": value.isoformat(), "earliest": lo.isoformat(), "latest": hi.isoformat(),
             "confidence": round(conf, 2), "evidence": evidence}, s_best)


def _q(text: str, c: Candidate) -> str:
    return f"“{text[c.start:c.end]}”"


_DAY = dt.timedelta(days=1)
_DAYS = [dt.timedelta(days=k) for k in range(7)]
# days a date named "N units ago" may be from the date it names, by unit ("a month ago"
# is four or five weeks)
_AGO_SLACK = {"D": 0, "W": 1, "M": 7, "Y": 7}
_AGO_REACH = 3  # sentences between "two years ago" and the date it names (coreference is local)


def _ago_days(ev, full, md, years) -> set[dt.date]:
    """Days on which "two years ago" (``ev.agos``) names a date the text writes near it
    (in ``years``, for dates written without one), or a month it writes with its year."""
    out: set[dt.date] = set()
    for letter, n, _, a_sent in ev.agos:
        tol = _AGO_SLACK[letter]
        near = [(d, t, s) for d, t, _, s in full] + [(e, t, s) for y in years for p, t, _, s in md
                                                     for e in [safe_date(y, p["m"], p["d"])] if e]
        for d in [d for d, t, s in near if t != "future" and abs(s - a_sent) <= _AGO_REACH]:
            e = _later(d, letter, n)
            if e:
                out.update(e + dt.timedelta(days=k) for k in range(-tol, tol + 1))
        if letter in ("M", "Y"):
            for (y, m), _, m_sent in ev.months:
                if abs(m_sent - a_sent) > _AGO_REACH:
                    continue
                y2, m2 = add_months(y, m, n * (12 if letter == "Y" else 1))
                first = safe_date(y2, m2, 1)
                if first:
                    out.update(d for d in (first + dt.timedelta(days=k) for k in range(31)) if d.month == m2)
    return out


def _later(d: dt.date, letter: str, n: int) -> dt.date | None:
    """``d`` plus ``n`` days, weeks, months or years (the day clipped to the month's end)."""
    if letter == "D":
        return d + dt.timedelta(days=n)
    if letter == "W":
        return d + dt.timedelta(weeks=n)
    y, m = add_months(d.year, d.month, n * (12 if letter == "Y" else 1))
    for day in (d.day, 30, 29, 28):
        e = safe_date(y, m, min(d.day, day))
        if e:
            return e
    return None


class _Evidence:
    """The mentions ``_score`` weighs, with all that does not depend on the candidate day
    worked out once (``_score`` runs for each of ~160 days)."""

    __slots__ = ("full", "full_explicit", "full_derived", "md", "weekdays", "text", "agos", "months", "bounds",
                 "story_note", "month_years", "within")

    def __init__(self, full, md, weekdays, durations, text: str, agos=(), months=()):
        def links(c, sent):
            # the spans of days said after a date (coreference is local: the span
            # follows the date within two sentences); worded only for a note
            return [(dt.timedelta(days=days), ((c, dc), dsent)) for days, dc, dsent in durations
                    if 0 <= dsent - sent <= 2 and dc.start > c.start]

        self.full = [(d, tense == "future", c, sent) for d, tense, c, sent in full]
        self.full_explicit = {d for d, *_ in full}
        self.full_derived: dict = {}
        for d, _, c, sent in full:
            for days, val in links(c, sent):
                self.full_derived[d + days] = val
        self.md = [(p["m"], p["d"], tense, tense == "future",
                    _WD_NAMES.index(p["wd"].capitalize()) + 1 if p.get("wd") else None, c, links(c, sent), sent)
                   for p, tense, c, sent in md]
        # weekday_date for the mods kept here (not "last"/"next"): ahead in the future
        # tense or with "coming", else back
        self.weekdays = [(p["wd"], tense != "future", tense == "future" or p.get("mod") == "coming", c, sent)
                         for p, tense, c, sent in weekdays]
        self.text = text
        self.agos = list(agos)  # (unit letter, n, candidate, sentence): "two years ago"
        self.months = list(months)  # ((year, month), candidate, sentence): "in September 2010"
        self.month_years: frozenset[int] = frozenset()  # years counted against (``infer_publication``)
        self.bounds: list[tuple[dt.date, Candidate | None]] = []  # published on or after: ``_bounds``
        self.story_note = ""  # why a bound with no candidate (None) holds: its story's member says so
        self.within: list[tuple[dt.date, dt.date, str]] = []  # written in these days: ``_story_within``


def _score(D: dt.date, ev: _Evidence, with_notes: bool = True):
    """Score of publication day ``D``: constraints met, corroborations, penalties.

    ``notes`` (the evidence in words) is left empty unless ``with_notes``; the score and
    dates do not depend on it.
    """
    s = 0.0  # sums of halves and units: exact whatever the order
    notes: list[str] = []
    text = ev.text
    explicit = set(ev.full_explicit)  # dates the text gives (membership only)
    past_dates: list[tuple[dt.date, Candidate]] = []
    written = []  # (date, sentence): the dates an "N years ago" may name
    for d, future, c, sent in ev.full:
        if not future:
            written.append((d, sent))
        if future:
            if d < D:
                s -= 1
        else:
            if d > D:
                s -= 2  # a reported past event after publication
            else:
                past_dates.append((d, c))
    # dates derived from an explicit date and a span of days said next to it (the
    # weekday follows the span within two more sentences); md dates come after the
    # full ones, so theirs win on the same day
    derived = dict(ev.full_derived)
    for m, day, tense, future, wd, c, links, sent in ev.md:
        d = dt.date(pick_year_for(m, day, D, tense), m, day)
        if not future:
            written.append((d, sent))
        if wd is not None:
            s += 2 if d.isoweekday() == wd else -2
        if not future:
            if d <= D:
                past_dates.append((d, c))
            if (D - d).days > 183:
                s -= 1
        elif d < D:
            s -= 1
        explicit.add(d)
        for days, val in links:
            derived[d + days] = val
    used: set[dt.date] = set()
    latest = max(past_dates, key=lambda x: (x[0], x[1].start)) if past_dates else None
    latest_explicit = latest[0] if latest else None
    too_early = latest_explicit - _DAY if latest_explicit else None
    last_event = latest_explicit
    lede = None
    iso = D.isoweekday()
    for wd, past, ahead, c, sent in ev.weekdays:
        r = D + _DAYS[(wd - iso) % 7] if ahead else D - _DAYS[(iso - wd) % 7]
        if r in derived and r not in used and 0 <= sent - derived[r][1] <= 2:
            used.add(r)
            s += 1
            if with_notes:
                dc0, dc1 = derived[r][0]
                notes.append(f"corroborated: {_snippet(text, c, 30)} -> {_WD_NAMES[wd - 1]} {r.isoformat()} = {_q(text, dc0)} + {_q(text, dc1)}")
        if past:
            if too_early and r < too_early:
                # weekday names are for the newest events (a day's slack: an embedded
                # post dated the day after a "Tuesday" is common)
                s -= 1
            if lede is None:
                lede, lede_c = r, c
            elif r > lede:
                s -= 0.5  # the lede reports the latest event
            if not last_event or r > last_event:
                last_event = r
        elif r in explicit:
            # (a past weekday on a date also written out is no evidence: reporters name
            # the weekday *instead of* the date for recent days)
            s += 1
            if with_notes:
                notes.append(f"corroborated: {_snippet(text, c, 30)} -> {_WD_NAMES[wd - 1]} {r.isoformat()}, a date the text gives")
    if D.year in ev.month_years:
        s -= 1  # a past month written with its year: of an earlier year than the writing
    for b, c in ev.bounds:
        if D < b:
            s -= 2  # before an elapsed span the text counts could have run
        elif with_notes and c is None:
            notes.append(f"published on or after {b.isoformat()}: {ev.story_note}")
        elif with_notes:
            notes.append(f"published on or after {b.isoformat()}: {_snippet(text, c, 30)} counted from the earliest date it writes")
    for lo_w, hi_w, why in ev.within:
        if not lo_w <= D <= hi_w:
            s -= 2  # its past event placed relative to the writing is not on the day a member dates it
        elif with_notes:
            notes.append(f"written {lo_w.isoformat()} – {hi_w.isoformat()}: {why}")
    anchored = False
    for letter, n, c, a_sent in ev.agos:
        # "a workplace rampage exactly two years ago ... on September 10, 2010": the day
        # the span names back from D is a date the text writes (or within its slack)
        e = _later(D, letter, -n)
        if e is None:
            continue
        tol = _AGO_SLACK[letter]
        near = min(((abs((e - d).days), d) for d, sent in written if d <= D and abs(sent - a_sent) <= _AGO_REACH),
                   default=None)
        if near and near[0] <= tol:
            s += 2 if near[0] == 0 else 1.5 if near[0] == 1 else 1
            anchored = True
            if with_notes:
                notes.append(f"corroborated: {_snippet(text, c, 30)} -> {e.isoformat()}, "
                             f"{'a date' if near[0] <= 1 else f'{near[0]} days from a date'} the text gives ({near[1].isoformat()})")
        elif letter in ("M", "Y") and any(ym == (e.year, e.month) and abs(m_sent - a_sent) <= _AGO_REACH
                                          for ym, _, m_sent in ev.months):
            s += 1
            anchored = True
            if with_notes:
                notes.append(f"corroborated: {_snippet(text, c, 30)} -> {e.year}-{e.month:02d}, a month the text gives")
    if latest and with_notes:
        notes.append(f"latest past date written: {_snippet(text, latest[1], 30)} -> {latest_explicit.isoformat()}; published on or after it")
    if lede and with_notes:
        notes.append(f"lede event: {_snippet(text, lede_c, 30)} -> {_WD_NAMES[lede.isoweekday() - 1]} {lede.isoformat()}")
    return s, notes, last_event, latest_explicit, anchored
