"""Two claims of one kind of event are not one fact: another occasion (issue 15).

A story often holds several events of one kind: Apple's launches of two years, Ford's
results of two periods, Ford's and GM's job cuts. Their claims share the predicate and most
words, so similarity joins them; what tells them apart is what individuates an event:

- **the time**: dates the claim writes out that cannot overlap ("in 2005" / "in 2007";
  "in March" / "in April"; "the third quarter" / "the fourth quarter"). Only written dates
  count (a year, a month name, a month and day, a quarter): a weekday or "yesterday" is
  resolved from the article's date, which is too often wrong or about another clause. A
  figure for a quarter and one for the whole year are two periods' ("Ford lost $5.8 billion
  in the third quarter" / "Ford lost $12.7 billion for the year"), though the quarter is in
  the year; for that reading only, "the year" and "last year" count as a whole year too (their
  value is not compared, only that a year is the period). A date in the claim's background (a relative clause or apposition on a
  participant: "Pierre Thomas, the Saints' leading rusher in 2009, was put on injured
  reserve") dates the participant, not the event; a date in capitals is a dateline or a
  header ("DA SAYS SEPTEMBER 19, 2013"), not the event's;
- **the participants**: organisations (or named events) as the subject of one predicate,
  or its possessor ("Ford's profit rose" / "GM's profit rose"), of which the two claims share
  none, neither claim naming the other's ("The Orioles have offered" / "the Red Sox ...
  offered"; "Ford said it would cut 30,000 jobs" / "General Motors said it would cut ...").
  The subject only: who acts individuates the event, while an object is more often one thing
  named two ways ("hosted the 79th Academy Awards in 2007" / "hosted the Oscars in 2007").
  People are ``people.py``'s; places are not participants.

A claim that writes no date, or puts no organisation in such a role, says nothing.

With the day reading on (``days_setting``, Options.occasion_days; off by default), a claim's
event also has days: its words for its own article's publication day, week or month
("today", "yesterday", "this week", "last month"), resolved against that day, and the dates it
writes in full (a weekday or a month-day is not read: the nearest one may be another week's); a claim that writes no date at all
is read by OCCASION_DAY_UNDATED: not at all ("none"), its article's day ("article": a market
report's "stock markets have fallen dramatically"), or the last day its article resolved
before it ("narrative": "This is following the ongoing events ..." after "... fell
dramatically today"). Two claims whose days are more
than OCCASION_DAY_GAP days apart are two occasions: "Stock markets around the world have
fallen dramatically today" of 17 September and of 6 October 2008. Only articles that carry a
publication date are read: an inferred or guessed date (a corpus without dates) says nothing.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import re

from ..lexicon.text import fold
from ..options import OCCASION_DAY_GAP, OCCASION_DAY_UNDATED, OCCASION_SENTENCE
from .checks import in_force
from .lemmas import LIGHT_VERBS, lemmatize_word

_YEAR = re.compile(r"^(\d{4})")
_MONTH = re.compile(r"^(?:\d{4}|XXXX)-(\d\d)(?:-(\d\d))?")
_QUARTER = re.compile(r"-Q([1-4])$")
# a year as a period: "in 2006", "for the year", "the year's"
_WHOLE_YEAR = frozenset({"year", "anaphoric-year"})
_A_YEAR = frozenset({"anaphoric-unit", "deictic-unit"})  # "the year", "last year" (a year value only)
# the timex rules whose value is read from written words, not from the article's date
_WRITTEN_YEAR = frozenset({"year", "absolute-date", "month-year"})
_WRITTEN_MONTH = frozenset({"absolute-date", "month-year", "month-past", "month-present", "month-future",
                            "month-unanchored", "month-day-past", "month-day-present", "month-day-future",
                            "month-day-nearest", "month-day-unanchored"})
_WRITTEN_DAY = frozenset({"absolute-date", "month-day-past", "month-day-present", "month-day-future",
                          "month-day-nearest", "month-day-unanchored"})


def written_times(u: dict) -> dict[str, set[str]]:
    """A claim's written dates by granularity: {"year": {"2005"}, "month": {"03"}, "day":
    {"03-02"}, "quarter": {"3"}} (months and days without their year: the year of "in March"
    is the article's guess); and "whole year", a year as a period ("in 2005", "for the year",
    "last year"), read only against a quarter (``times_apart``)."""
    out: dict[str, set[str]] = {}
    back = u.get("background") or ()
    for t in u.get("timexes") or ():
        v, rule, text = t.get("value") or "", t.get("rule") or "", t.get("text") or ""
        if any(s <= t.get("start", -1) < e for s, e in back) or text.isupper() and not rule.startswith("quarter"):
            # the background's date; a date in capitals is a dateline ("UPDATED: MARCH 14,
            # 2013"), but a quarter is written in capitals anywhere ("Q3 2006", "FYQ3")
            continue
        m = _YEAR.match(v)
        if rule in _WRITTEN_YEAR and m and m.group(1) in text:
            out.setdefault("year", set()).add(m.group(1))
        m = _MONTH.match(v)
        if rule in _WRITTEN_MONTH and m:
            out.setdefault("month", set()).add(m.group(1))
            if rule in _WRITTEN_DAY and m.group(2):
                out.setdefault("day", set()).add(f"{m.group(1)}-{m.group(2)}")
        m = _QUARTER.search(v)
        if rule.startswith("quarter") and m:
            out.setdefault("quarter", set()).add(m.group(1))
        if rule in _WHOLE_YEAR and _YEAR.match(v) or rule in _A_YEAR and re.fullmatch(r"\d{4}", v):
            out.setdefault("whole year", set()).add(v[:4])
    return out


def _figures(u: dict) -> bool:
    return any(q.get("kind") != "age" for q in u.get("quantities") or ())


def _features(u: dict) -> tuple[dict, dict]:
    """(written_times, role_orgs) of a claim, kept on the unit with the OCCASION_SENTENCE
    they were read under: a group's members are paired with each other, so each is read
    once. With OCCASION_SENTENCE a claim that writes no date is dated by its sentence's (off:
    measured, benchmarks/docs/claims.md)."""
    kept = u.get("_occasion")
    if kept is None or kept[0] != OCCASION_SENTENCE:
        t = written_times(u)
        if not t and OCCASION_SENTENCE and u.get("sentence_timexes"):
            t = written_times({"timexes": u["sentence_timexes"]})
        kept = u["_occasion"] = (OCCASION_SENTENCE, (t, role_orgs(u)))
    return kept[1]


def times_apart(a: dict, b: dict) -> bool:
    """Both claims write dates of one granularity and none in common ("2005" / "2007"); or both
    give a figure, one for a quarter and the other for a year it names no part of ("the third
    quarter" / "the year": two periods' results)."""
    ta, tb = _features(a)[0], _features(b)[0]
    if any(ta[g].isdisjoint(tb[g]) for g in ta.keys() & tb.keys() if g != "whole year"):
        return True
    for x, y in ((ta, tb), (tb, ta)):
        if "quarter" in x and "whole year" in y and not y.keys() & {"quarter", "month", "day"}:
            return _figures(a) and _figures(b)
    return False


_WORD = re.compile(r"[a-z0-9]+")
# words a company's or team's name shares with any other: not evidence of one organisation
_GENERIC = frozenset({"the", "of", "and", "for", "inc", "co", "corp", "corporation", "company", "companies", "group",
                      "team", "club", "university", "college", "center", "centre", "department", "office", "news",
                      "national", "american", "international", "association", "s"})
# between an organisation and the head it modifies: a possessive and up to two modifiers
# ("Ford's third-quarter profit", "the Red Sox team")
_BEFORE_HEAD = re.compile(r"^(?:['’]s?)?(?:\s+[\w-]+){0,2}\s+$")
# "Ford said it would cut 30,000 jobs": the pronoun right after the cue is the speaker
_SPEAKER_PRONOUN = re.compile(r"^\s+(?:said|says|announced|announces|reported|reports|confirmed|confirms)"
                              r"\s+(?:(?:on\s+)?\w+day\s+)?(?:that\s+)?(?:it|they|we)\b", re.I)


def _speaker_org(u: dict, orgs) -> tuple | None:
    """The organisation speaking when its reported clause's subject is a pronoun for it."""
    span = u.get("speaker_span")
    if not span:
        return None
    for o in orgs:
        if o[1] <= span[0] < o[2] or span[0] <= o[1] < span[1]:
            if _SPEAKER_PRONOUN.match(u["text"][span[1] - u["start"]:]):
                return o
    return None


def role_orgs(u: dict) -> dict[tuple[str, str, str], set[str]]:
    """{(predicate lemma, "subject", label): keys} of a claim: the ORG and EVENT entities
    (organisations, teams, indexes; named storms, ceremonies) that are a frame's subject head
    or stand right before it (its possessor or a modifier); a frame with no subject after "X
    said it ..." has the speaking organisation X for one (the parse keeps no pronoun in a
    frame)."""
    orgs = u.get("orgs") or ()
    if not orgs:
        return {}
    text, start = u["text"], u["start"]
    out: dict[tuple[str, str, str], set[str]] = {}
    of = u.get("background_of") or ()
    speaking = _speaker_org(u, orgs)
    for n, f in enumerate(u.get("frames") or ()):
        lem = lemmatize_word(f[0])
        if lem in LIGHT_VERBS or n < len(of) and of[n] is not None:
            continue  # a light verb, or a frame of the background (what describes a participant)
        if speaking and not f[1]:
            out.setdefault((lem, "subject", speaking[3]), set()).add(speaking[0])
        for _, s, e in f[1] or ():
            for key, es, ee, label in orgs:
                if (es <= s and e <= ee) or (ee <= s and _BEFORE_HEAD.match(text[ee - start:s - start])):
                    out.setdefault((lem, "subject", label), set()).add(key)
    return out


def _name_words(key: str) -> set[str]:
    return set(_WORD.findall(key)) - _GENERIC


def _initials(key: str) -> str:
    return "".join(w[0] for w in _WORD.findall(key) if w not in ("of", "and", "the"))


def same_org(x: str, y: str) -> bool:
    """Two keys of one organisation: a name word in common ("Ford" / "Ford Motor"), or one the
    initials of the other ("GM" / "General Motors")."""
    if _name_words(x) & _name_words(y):
        return True
    cx, cy = x.replace(" ", ""), y.replace(" ", "")
    return len(cx) >= 2 and cx == _initials(y) or len(cy) >= 2 and cy == _initials(x)


def _names(folded: str, key: str) -> bool:
    """Whether a folded text names ``key`` as words ("ford" not in "afford", "gm" not in "segment")."""
    return re.search(rf"(?<!\w){re.escape(key)}(?!\w)", folded) is not None


def orgs_apart(a: dict, b: dict) -> bool:
    """The subject of one predicate held by organisations of which the two claims share none,
    and neither claim names the other's anywhere in its text."""
    ra, rb = _features(a)[1], _features(b)[1]
    for k in ra.keys() & rb.keys():
        xa, xb = ra[k], rb[k]
        if any(same_org(x, y) for x in xa for y in xb):
            continue
        ta, tb = fold(a["text"]), fold(b["text"])
        if any(_names(ta, y) for y in xb) or any(_names(tb, x) for x in xa):
            continue
        return True
    return False


# -- the event's days (Options.occasion_days) -------------------------------------------

# The day reading for one comparison (compare_story's occasion_days; off by default)
_DAYS = contextvars.ContextVar("occasion_days", default=False)
_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)")
_ISO_WEEK = re.compile(r"^(\d{4})-W(\d\d)$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d\d)$")


def days_setting(on: bool):
    """Compare with the occasion check's day reading on or off."""
    return in_force(_DAYS, bool(on))


def days_on() -> bool:
    """Whether the day reading is on for this comparison."""
    return _DAYS.get()


# the rules resolving a word that means the publication day or its week or month
# ("today", "tonight", "yesterday", "this week", "last month")
_DEICTIC = frozenset({"deictic-day", "deictic-part-of-day", "deictic-unit"})


def _interval(value: str) -> tuple[int, int] | None:
    """A resolved value's days as ordinals (first, last): a day, an ISO week or a month."""
    try:
        m = _DAY.match(value)
        if m:
            d = dt.date(*map(int, m.groups())).toordinal()
            return d, d
        m = _ISO_WEEK.match(value)
        if m:
            d = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1).toordinal()
            return d, d + 6
        m = _YEAR_MONTH.match(value)
        if m:
            y, mo = int(m.group(1)), int(m.group(2))
            first = dt.date(y, mo, 1)
            return first.toordinal(), (dt.date(y + mo // 12, mo % 12 + 1, 1) - dt.timedelta(days=1)).toordinal()
    except ValueError:
        return None
    return None


def event_days(u: dict) -> list[tuple[int, int]] | None:
    """A claim's event days (ordinal intervals) when its article carries a publication date:
    its words for that day, its week or month ("today", "yesterday", "this week", anchored on
    it: ``_DEICTIC``) and its dates written in full (a day, a month and year), and "now" as
    the day itself; a claim with no date of any kind as OCCASION_DAY_UNDATED reads it (its
    article's day, or the day its article told last before it). None: nothing read (no
    publication date; a date that is no day, week or month of its own, such as "in 2004" or
    "recently", leaves the event's day open)."""
    pub = u.get("published")
    if not pub:
        return None
    try:
        day = dt.date.fromisoformat(pub).toordinal()
    except ValueError:
        return None
    back = u.get("background") or ()
    out: list[tuple[int, int]] = []
    dated = False
    for t in u.get("timexes") or ():
        if t.get("type") not in ("DATE", "TIME") or any(s <= t.get("start", -1) < e for s, e in back):
            continue  # a duration or a set; a date of the background dates a participant
        dated = True
        v, rule, anchor = t.get("value") or "", t.get("rule") or "", (t.get("anchor") or "")[:10]
        if v == "PRESENT_REF":
            out.append((day, day))
            continue
        year = _YEAR.match(v)
        written = rule == "month-year" or rule == "absolute-date" and year and year.group(1) in t.get("text", "")
        if not written and (rule not in _DEICTIC or anchor != pub):
            # not written in full, and not "today" of this article: a weekday or a month-day is
            # the nearest one to a date that may be the article's or another (on the hand
            # labels, two women "found dead on Saturday" in two reports a week apart)
            continue
        span = _interval(v)
        if span:
            out.append(span)
    if not out and not dated:
        told = {"article": day, "narrative": u.get("narrative_day")}.get(OCCASION_DAY_UNDATED)
        if isinstance(told, str):
            told = dt.date.fromisoformat(told).toordinal()
        if told is not None:
            out.append((told, told))
    return out or None


def days_apart(a: dict, b: dict) -> bool:
    """Both claims' event days known and every day of one more than OCCASION_DAY_GAP days
    from every day of the other."""
    da, db = _day_feature(a), _day_feature(b)
    if not da or not db:
        return False
    return all(x[0] - y[1] > OCCASION_DAY_GAP or y[0] - x[1] > OCCASION_DAY_GAP for x in da for y in db)


def _day_feature(u: dict):
    kept = u.get("_occasion_days")
    key = (OCCASION_DAY_UNDATED,)
    if kept is None or kept[0] != key:
        kept = u["_occasion_days"] = (key, event_days(u))
    return kept[1]


def has_occasion(u: dict) -> bool:
    """Whether a claim can be told apart by ``occasion_apart`` at all (a written date, or an
    organisation in a role; with the day reading, event days)."""
    t, o = _features(u)
    return bool(t or o) or _DAYS.get() and _day_feature(u) is not None


def occasion_apart(a: dict, b: dict) -> bool:
    """Whether two claims name, in one role, different values of what individuates an event:
    written dates that cannot overlap, or other organisations (module docstring); with the day
    reading on, event days too far apart."""
    return times_apart(a, b) or orgs_apart(a, b) or _DAYS.get() and days_apart(a, b)
