"""Find candidate temporal expressions with regular expressions and parse their parts.

Each pattern yields a ``Candidate`` whose ``parse`` is a small dict (``kind`` plus
fields) that ``resolve.py`` turns into a TIMEX3 value. Overlapping candidates are
settled by ``select``: the longest wins, then the higher priority, then the earlier.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Callable

from ...lexicon.calendar import RELATIVE_DAYS
from . import prefilter
from .lexicon import (
    MONTH_RE, MONTHS, NUMBER_RE, ORDINALS, PART_OF_DAY_RE, PARTS_OF_DAY, SEASONS, UNIT_RE,
    VAGUE_RE, WEEKDAY_RE, WEEKDAYS, parse_number, unit_of,
)


@dataclass
class Candidate:
    start: int
    end: int
    parse: dict
    rule: str
    priority: int = 0


def stored_candidates(saved: dict) -> list[tuple[Candidate, str, int]]:
    """The (candidate, tense, sentence) list an annotation's ``timex_parse`` keeps, as the
    inference reads it: the stored parse read back, not parsed again."""
    return [(Candidate(s, e, p, ""), tense, sent) for s, e, p, tense, sent in saved["candidates"]]


def _month(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")]


def _day(s: str) -> int:
    return int(re.sub(r"\D", "", s))


def _year(s: str) -> int:
    s = s.strip().lstrip("'’")
    y = int(s)
    if len(s) == 2:  # '82 -> 1982, '07 -> 2007
        y += 2000 if y < 40 else 1900
    return y


DAYNUM = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
YEAR4 = r"(?:1[6-9]\d\d|20\d\d)"

PATTERNS: list[tuple[str, str, int, Callable[[re.Match], dict | None]]] = []


def pattern(rule: str, regex: str, priority: int = 0):
    def deco(fn):
        PATTERNS.append((rule, regex, priority, fn))
        return fn
    return deco


def _yspec(m: re.Match) -> dict:
    if m.groupdict().get("yabs"):
        return {"year": int(m.group("yabs"))}
    rel = (m.groupdict().get("yrel") or "").strip()
    if rel:
        return {"yshift": _REL_SHIFT.get(rel.split()[-1], 0)}
    return {}


_REL_SHIFT = {"this": 0, "current": 0, "same": 0, "last": -1, "previous": -1, "past": -1,
              "next": 1, "following": 1, "coming": 1}

# --- absolute and month-day dates -------------------------------------------------------

_WD_PREFIX = r"(?:(?P<wd>" + WEEKDAY_RE + r"),?[ \t]+)?"  # never across a line break


@pattern("iso-date", r"\b(?P<y>" + YEAR4 + r")-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)\b(?!-)", 5)
def _iso(m):
    return {"kind": "date", "y": int(m["y"]), "m": int(m["m"]), "d": int(m["d"])}


@pattern("month-day-year", _WD_PREFIX + r"\b(?P<m>" + MONTH_RE + r")\s+(?P<d>" + DAYNUM + r")\b,?\s*(?P<y>" + YEAR4 + r")\b", 5)
def _mdy(m):
    return {"kind": "date", "y": int(m["y"]), "m": _month(m["m"]), "d": _day(m["d"]), "wd": m["wd"]}


@pattern("month-day-year-abbrev", _WD_PREFIX + r"\b(?P<m>Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\s+(?P<d>" + DAYNUM + r"),?\s*(?P<y>" + YEAR4 + r")\b", 5)
def _mdy_abbrev(m):
    # "Aug 2, 2013" (date lines): without its full stop an abbreviation needs the year
    return {"kind": "date", "y": int(m["y"]), "m": _month(m["m"]), "d": _day(m["d"]), "wd": m["wd"]}


@pattern("day-month-year", _WD_PREFIX + r"\b(?P<d>" + DAYNUM + r")\s+(?:of\s+)?(?P<m>" + MONTH_RE + r"),?\s+(?P<y>" + YEAR4 + r")\b", 5)
def _dmy(m):
    return {"kind": "date", "y": int(m["y"]), "m": _month(m["m"]), "d": _day(m["d"]), "wd": m["wd"]}


@pattern("month-day", _WD_PREFIX + r"\b(?P<m>" + MONTH_RE + r")\s+(?P<d>" + DAYNUM + r")\b(?![,.]?\d|:|\s*(?:%|percent|per\b|million|billion))", 4)
def _md(m):
    return {"kind": "date", "y": None, "m": _month(m["m"]), "d": _day(m["d"]), "wd": m["wd"]}


@pattern("day-month", _WD_PREFIX + r"\b(?:the\s+)?(?P<d>" + DAYNUM + r")\s+(?:of\s+)?(?P<m>" + MONTH_RE + r")(?!\s*\d)", 4)
def _dm(m):
    return {"kind": "date", "y": None, "m": _month(m["m"]), "d": _day(m["d"]), "wd": m["wd"]}


@pattern("day-month-abbrev", r"\b(?:the\s+)?(?P<d>(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th))\s+(?:of\s+)?(?P<m>Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b(?:,?\s+(?P<y>" + YEAR4 + r"))?", 4)
def _dm_abbrev(m):
    # "10th Nov": an ordinal day makes a bare abbreviation safe
    return {"kind": "date", "y": int(m["y"]) if m["y"] else None, "m": _month(m["m"]), "d": _day(m["d"])}


# Fixed-date holidays. "Christmas" alone is often not a date ("Christmas tree",
# "Christmas shopping"), so it counts only as "Christmas Day/Eve", after a temporal
# preposition or determiner, or with a year.
HOLIDAYS = {"christmas day": (12, 25), "christmas eve": (12, 24), "christmas": (12, 25),
            "boxing day": (12, 26), "new year's day": (1, 1), "new year's eve": (12, 31),
            "valentine's day": (2, 14), "halloween": (10, 31), "st patrick's day": (3, 17)}
# (no "Independence Day" and the like: the date depends on the country)
# a holiday's temporal preposition or determiner ("on Christmas Eve", "last Easter")
_HOLIDAY_PRE = r"(?:(?P<pre>\b(?i:on|at|over|before|after|until|till|since|by|for|around|this|last|next|past|coming)\s+)(?:(?i:the)\s+)?)?"
_HOLIDAY_NAME = r"(?P<h>Christmas(?:\s+(?:Day|Eve))?|Boxing\s+Day|New\s+Year['’]s\s+(?:Day|Eve)|Valentine['’]s\s+Day|Hallowe['’]?en|St\.?\s+Patrick['’]s\s+Day)"


@pattern("holiday", _HOLIDAY_PRE + r"\b" + _HOLIDAY_NAME + r"(?:,?\s+(?P<y>" + YEAR4 + r"))?\b", 4)
def _holiday(m):
    name = re.sub(r"\s+", " ", m["h"]).replace("’", "'").replace(".", "").lower().replace("hallowe'en", "halloween")
    if name == "christmas" and not (m["pre"] or m["y"]):
        return None
    mo, d = HOLIDAYS[name]
    return {"kind": "date", "y": int(m["y"]) if m["y"] else None, "m": mo, "d": d, "span_start": _holiday_start(m, "h")}


def _holiday_start(m, name_group: str) -> int:
    """Where a holiday expression starts: "last Christmas" takes its determiner, "on Christmas" not its preposition."""
    rel = (m["pre"] or "").strip().lower()
    return m.start("pre") if rel in ("this", "last", "next", "past", "coming") else m.start(name_group)


# Moveable feasts and holidays: the date is a rule of the year (``resolve.feast_date``).
# "Easter" and "Thanksgiving" alone are often not dates ("Easter eggs", "Thanksgiving
# dinner"): as for Christmas, only after a temporal preposition or with a year. US federal
# holidays by their US names; "Thanksgiving" is the US one (Canada's is in October).
_FEAST_NAME = (r"(?P<f>Easter(?:\s+(?:Sunday|Monday|Day))?|Good\s+Friday|Holy\s+Saturday|Maundy\s+Thursday|"
               r"Palm\s+Sunday|Ash\s+Wednesday|Pentecost(?:\s+Sunday)?|Whit\s+(?:Sunday|Monday)|Ascension\s+Day|"
               r"Thanksgiving(?:\s+Day)?|Black\s+Friday|Cyber\s+Monday|Memorial\s+Day|Labor\s+Day|"
               r"Martin\s+Luther\s+King(?:\s+Jr\.?)?,?\s+Day|Presidents['’]?\s+Day)")


@pattern("feast", _HOLIDAY_PRE + r"\b" + _FEAST_NAME + r"(?:,?\s+(?P<y>" + YEAR4 + r"))?\b(?!\s+(?i:agreement|accord|peace|island|egg|eggs|bunny|rising|uprising))", 4)
def _feast(m):
    name = re.sub(r"[\s,]+", " ", m["f"]).replace("’", "'").replace(".", "").lower()
    if name in ("easter", "thanksgiving") and not (m["pre"] or m["y"]):
        return None
    return {"kind": "feast", "name": name, "y": int(m["y"]) if m["y"] else None, "span_start": _holiday_start(m, "f")}


@pattern("slash-date", r"(?<![\d/])(?P<a>[01]?\d)/(?P<b>[0-3]?\d)/(?P<y>\d\d(?:\d\d)?)(?![\d/])", 5)
def _slash(m):
    a, b = int(m["a"]), int(m["b"])
    mo, d = (a, b) if a <= 12 else (b, a)  # US order unless impossible
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return {"kind": "date", "y": _year(m["y"]), "m": mo, "d": d}


@pattern("month-year", r"\b(?:(?i:early|mid|late)[- ]?)?(?P<m>" + MONTH_RE + r"),?\s+(?:of\s+)?(?P<y>" + YEAR4 + r")\b", 4)
def _my(m):
    return {"kind": "month", "m": _month(m["m"]), "year": int(m["y"])}


@pattern("week-of-month",
         r"(?i:\b(?:the\s+)?(?P<o>first|second|third|fourth|last|final)\s+week\s+of\s+)(?P<m>" + MONTH_RE + r")(?:,?\s+(?P<y>" + YEAR4 + r"))?\b", 4)
def _week_of_month(m):
    return {"kind": "week-of-month", "o": m["o"].lower(), "m": _month(m["m"]), "year": int(m["y"]) if m["y"] else None}


@pattern("edge-of-month",
         r"(?i:\b(?:the\s+)?(?P<edge>beginning|start|end|middle|close)\s+of\s+)(?P<m>" + MONTH_RE + r")\b(?!,?\s+\d)", 4)
def _edge_month(m):
    return {"kind": "month", "m": _month(m["m"]), "mod": m["edge"].lower()}


@pattern("month", r"\b(?:(?P<rel>(?i:last|next|this|past|coming))\s+)?(?:(?i:early|mid|late)[- ]?)?(?P<m>January|February|March|April|May|June|July|August|September|October|November|December)\b", 2)
def _month_only(m):
    name = m["m"]
    rel = (m["rel"] or "").lower()
    if rel:
        return {"kind": "month", "m": _month(name), "rel": {"last": -1, "past": -1, "this": 0}.get(rel, 1)}
    if name in ("May", "March"):
        # modal verb / verb at a sentence start: require a preposition or determiner before it
        before = m.string[max(0, m.start() - 12): m.start()].lower()
        if not re.search(r"\b(?:in|since|until|till|by|of|from|to|through|during|early|late|mid|last|next|this|before|after|between|and|or|on)\s*-?$", before):
            return None
    d = {"kind": "month", "m": _month(name)}
    after = re.match(r",?\s+of\s+(this|last|next)\s+year\b", m.string[m.end(): m.end() + 20])
    if after:  # "October of next year": the year is tagged on its own as well
        d["yshift"] = _REL_SHIFT[after.group(1)]
    return d


# --- years, decades, quarters, halves, seasons -------------------------------------------

@pattern("year", r"(?<![\w$£€.,/-])(?P<y>" + YEAR4 + r")(?![\w%]|[.,]\d|-\d|\s*(?:%|percent|per\b|people|jobs|workers|employees|units|points|vehicles|cars|shares|miles|km|feet|metres|meters|dollars|troops|soldiers|block|residents|votes|members|students|homes|acres|tons|tonnes))", 1)
def _year4(m):
    before = m.string[max(0, m.start() - 20): m.start()].lower()
    if re.search(r"(?:more than|less than|fewer than|about|nearly|almost|some|over|up to|around|of|than)\s+$", before) and not re.search(r"(?:since|in|of|year|until|by|from|to|before|after)\s+$", before[-8:]):
        # "more than 2000 people" is a count, "over 2,400" too
        if not re.search(r"\bof\s+$", before):
            return None
    return {"kind": "year", "y": int(m["y"])}


@pattern("year-abbrev", r"(?:(?<=since )|(?<=in )|(?<=of )|(?<=from )|(?<=to )|(?<=until )|(?<=by ))['’](?P<y>\d\d)\b", 1)
def _year2(m):
    return {"kind": "year", "y": _year(m["y"])}


@pattern("decade", r"\b(?:(?i:the)\s+)?(?:(?P<c>1[6-9]|20)|['’])?(?P<d>\d)0['’]?s\b", 2)
def _decade(m):
    before = m.string[max(0, m.start() - 30): m.start()].lower()
    if not m["c"] and re.search(r"\b(?:their|his|her|my|your|our|aged?)\s+(?:(?:early|mid|late)[- ])?(?:\d0['’]?s\s+(?:and|or|to)\s+)?$", before):
        return None  # "men in their 50s": an age
    century = m["c"] or "19"
    return {"kind": "decade", "prefix": f"{century}{m['d']}"}


@pattern("quarter",
         r"(?i:\b(?:the\s+)?(?P<o>first|second|third|fourth|final|last|1st|2nd|3rd|4th|previous|current|latest)[- ]quarter)"
         r"(?:\s+(?:of\s+)?(?:(?P<yabs>" + YEAR4 + r")|(?i:(?P<yrel>this|last|next|the previous|the current) year)))?\b", 3)
def _quarter(m):
    o = m["o"].lower()
    d = {"kind": "quarter"}
    if o in ("last", "previous", "latest") and not (m["yabs"] or m["yrel"]):
        d["rel"] = -1
    elif o == "current":
        d["rel"] = 0
    else:
        d["q"] = ORDINALS.get(o, 4)
    d.update(_yspec(m))
    return d


@pattern("quarter-q", r"\b(?P<fy>FY)?Q(?P<q>[1-4])(?:\s+(?P<yabs>" + YEAR4 + r"))?\b", 3)
def _qq(m):
    d = {"kind": "quarter", "q": int(m["q"])}
    d.update(_yspec(m))
    return d


@pattern("half",
         r"(?i:\b(?:the\s+)?(?P<o>first|second)\s+half)"
         r"(?:\s+of\s+(?:(?P<yabs>" + YEAR4 + r")|(?i:(?P<yrel>this|last|next|the previous) year)))?\b", 3)
def _half(m):
    d = {"kind": "half", "h": 1 if m["o"].lower() == "first" else 2}
    d.update(_yspec(m))
    if "year" not in d and "yshift" not in d:
        return None  # "the first half" of a match, a film ... is not a date
    return d


@pattern("season",
         r"(?i:\b(?:(?P<rel>this|last|next|the|in the|coming|past)\s+)?(?P<s>spring|summer|autumn|winter|fall))"
         r"(?:\s+(?:of\s+)?(?P<yabs>" + YEAR4 + r"))?\b", 2)
def _season(m):
    s = m["s"].lower()
    rel = (m["rel"] or "").lower()
    if s == "fall" and not (rel in ("this", "last", "next", "in the", "coming") or m["yabs"]):
        return None  # "fall" is mostly a verb or noun ("the fall of")
    after = m.string[m.end(): m.end() + 4].lower()
    if after.startswith(" of ") and not m["yabs"]:
        return None  # "the summer of love", "the spring of discontent"
    d = {"kind": "season", "s": SEASONS[s]}
    if m["yabs"]:
        d["year"] = int(m["yabs"])
    elif rel in ("last", "past"):
        d["rel"] = -1
    elif rel in ("next", "coming"):
        d["rel"] = 1
    elif rel == "this":
        d["rel"] = 0
    return d


# --- deictic days, weeks, months, years --------------------------------------------------

_RELDAY = RELATIVE_DAYS


@pattern("relative-day",
         r"(?i:\b(?:(?P<mod>earlier|later|late|early)\s+)?(?P<w>today|yesterday|tomorrow|tonight)"
         r"(?:\s+(?P<pod>" + PART_OF_DAY_RE + r"))?)(?:['’]s)?\b", 4)
def _relday(m):
    w = m["w"].lower()
    pod = PARTS_OF_DAY.get((m["pod"] or "").lower())
    if w == "tonight":
        pod = "NI"
    d = {"kind": "relday", "offset": _RELDAY[w], "pod": pod}
    if m.group(0)[-2:] in ("'s", "’s"):
        d["end"] = m.end() - 2
    return d


@pattern("part-of-day-deictic",
         r"(?i:\b(?P<rel>this|last|yesterday|tomorrow)\s+(?P<pod>" + PART_OF_DAY_RE + r"))\b", 4)
def _pod_deictic(m):
    rel = m["rel"].lower()
    offset = {"this": 0, "yesterday": -1, "tomorrow": 1, "last": -1}[rel]
    if rel == "last" and m["pod"].lower() != "night":
        offset = -1
    return {"kind": "relday", "offset": offset, "pod": PARTS_OF_DAY[m["pod"].lower()], "as_date": rel == "this"}


@pattern("relative-unit",
         r"(?i:\b(?P<the>the\s+)?(?P<rel>this|last|next|past|previous|coming|current|following|same|present)"
         r"\s+(?P<u>week|weekend|month|year|fortnight|quarter|decade|day))\b(?!-\w)", 3)
def _relunit(m):
    rel, unit = m["rel"].lower(), m["u"].lower()
    the = bool(m["the"])
    if unit == "day":
        if not the:
            return None
        return {"kind": "refday", "offset": {"same": 0, "following": 1, "next": 1, "previous": -1, "past": -1}.get(rel, 0)}
    if unit == "decade":
        if rel in ("past", "last", "previous"):
            return {"kind": "duration", "n": 10, "unit": "year", "vague": False}
        return None
    if rel == "same":
        return {"kind": "refunit", "unit": unit, "offset": 0}
    if rel in ("past",) and the and unit in ("week", "month", "year", "fortnight"):
        # "the past year" is the last twelve months: a duration (TimeML)
        return {"kind": "duration", "n": 2 if unit == "fortnight" else 1, "unit": "week" if unit == "fortnight" else unit, "vague": False}
    if unit == "fortnight":
        return None
    if rel in ("following", "previous") or (rel == "next" and the):
        # "the following week", "the previous year": relative to the reference time
        return {"kind": "refunit", "unit": unit, "offset": 1 if rel in ("following", "next") else -1}
    return {"kind": "relunit", "unit": unit, "offset": _REL_SHIFT.get(rel, 0)}


@pattern("year-previous", r"(?i:\bthe\s+(?P<u>year|month|week|day)\s+(?P<rel>before|previous|prior|after|earlier|later))\b(?=\s*[.,;)]|\s+(?:and|when|as|but)\b)", 3)
def _unit_previous(m):
    rel = m["rel"].lower()
    offset = -1 if rel in ("before", "previous", "prior", "earlier") else 1
    unit = m["u"].lower()
    if unit == "day":
        return {"kind": "refday", "offset": offset}
    return {"kind": "refunit", "unit": unit, "offset": offset}


@pattern("the-day", r"(?i:\b(?:the|that)\s+(?:very\s+)?(?P<u>day|week|weekend|month|year))\b(?!\s+(?:before|after|of|when|that|which|earlier|later|previous|prior))", 1)
def _the_day(m):
    before = m.string[max(0, m.start() - 30): m.start()].lower()
    u = m["u"].lower()
    # only where the phrase is a time adverbial: "end the day", "for the day", "on that day"
    if not re.search(r"\b(?:for|on|end(?:ed|ing|s)?|start(?:ed|ing|s)?|during|in|of|close[sd]?|finish(?:ed|ing|es)?|over)\s+$", before):
        return None
    if u == "day":
        return {"kind": "refday", "offset": 0}
    if u == "weekend":
        return {"kind": "relunit", "unit": "weekend", "offset": 0}
    if u == "year" and re.search(r"\b(?:entire|whole)\s+$", before) is None and "of " in before[-4:]:
        return None
    return {"kind": "refunit", "unit": u, "offset": 0}


@pattern("same-period",
         r"(?i:\bthe\s+same\s+(?P<u>period|month|quarter|week|day|time|season)\s+(?:of\s+)?(?P<rel>a\s+year\s+(?:ago|earlier|before)|last\s+year|the\s+previous\s+year|the\s+year\s+before|a\s+year\s+previously))\b", 5)
def _same_period(m):
    return {"kind": "same-period", "shift": -1, "unit": {"month": "month", "quarter": "quarter", "week": "week", "day": "day"}.get(m["u"].lower())}


@pattern("coordinated-duration",
         r"(?i:\b(?P<n>\d+(?:\.\d+)?|" + NUMBER_RE + r")(?=\s*(?:and|to|or|-|–)\s*(?:\d+(?:\.\d+)?|" + NUMBER_RE + r")[\s-]+(?P<u>" + UNIT_RE + r")\b))", 1)
def _coord_duration(m):
    n = parse_number(m["n"])
    if n is None or m["n"].lower() in ("a", "an") or unit_of(m["u"]) is None:
        return None
    return {"kind": "duration", "n": n, "unit": m["u"].lower(), "vague": False}


@pattern("nth-consecutive",
         r"(?i:\b(?:(?:for|on)\s+)?(?:a|the)\s+(?:second|third|fourth|fifth|sixth|seventh|\d+(?:st|nd|rd|th))\s+(?:consecutive|straight|successive)\s+(?P<u>day|week|month|year|quarter|session))\b", 4)
def _nth_consecutive(m):
    u = m["u"].lower()
    unit = "day" if u == "session" else u
    start = m.start() + len(re.match(r"(?i)(?:(?:for|on)\s+)?", m.group(0)).group(0))
    if unit == "day":
        return {"kind": "relday", "offset": 0, "span_start": start}
    return {"kind": "relunit", "unit": unit, "offset": 0, "span_start": start}


@pattern("in-the-day", r"(?i:\b(?:early|late|later|earlier)\s+in\s+the\s+(?P<u>day|session|week|month|year))\b", 4)
def _in_the_day(m):
    u = m["u"].lower()
    if u in ("day", "session"):
        return {"kind": "refday", "offset": 0}
    return {"kind": "refunit", "unit": u, "offset": 0}


@pattern("entire-unit", r"(?i:\bthe\s+(?:entire|whole|full)\s+(?P<u>year|month|week|day|quarter))\b", 3)
def _entire(m):
    return {"kind": "refunit", "unit": m["u"].lower(), "offset": 0}


@pattern("edge-of",
         r"(?i:\b(?:the\s+)?(?P<edge>beginning|start|end|middle|close|turn)\s+of\s+(?:(?P<the>the|this|last|next)\s+)?(?P<u>year|month|week|day|decade|century))\b", 4)
def _edge(m):
    rel = (m["the"] or "the").lower()
    unit = m["u"].lower()
    if unit in ("decade", "century"):
        return None
    if unit == "day":
        return {"kind": "refday", "offset": 0, "mod": m["edge"].lower()}
    if rel == "the":
        return {"kind": "refunit", "unit": unit, "offset": 0, "mod": m["edge"].lower()}
    return {"kind": "relunit", "unit": unit, "offset": _REL_SHIFT[rel], "mod": m["edge"].lower()}


@pattern("edge-of-year",
         r"(?i:\b(?:the\s+)?(?P<edge>beginning|start|end|middle|close)\s+of\s+)(?P<yabs>" + YEAR4 + r")\b", 4)
def _edge_year(m):
    return {"kind": "year", "y": int(m["yabs"]), "mod": m["edge"].lower()}


@pattern("early-year", r"(?i:\b(?P<edge>early|mid|late)[- ]?)(?:(?P<yabs>" + YEAR4 + r")|(?i:(?P<yrel>this|last|next) year))\b", 4)
def _early_year(m):
    if m["yabs"]:
        return {"kind": "year", "y": int(m["yabs"]), "mod": m["edge"].lower()}
    return {"kind": "relunit", "unit": "year", "offset": _REL_SHIFT[m["yrel"].lower()], "mod": m["edge"].lower()}


@pattern("later-this", r"(?i:\b(?P<edge>later|earlier)\s+(?P<rel>this|next|last)\s+(?P<u>week|month|year))\b", 4)
def _later_this(m):
    return {"kind": "relunit", "unit": m["u"].lower(), "offset": _REL_SHIFT[m["rel"].lower()], "mod": m["edge"].lower()}


@pattern("ago",
         r"(?i:\b(?P<n>" + NUMBER_RE + r"|" + VAGUE_RE + r")\s+(?P<u>" + UNIT_RE + r")\s+(?P<dir>ago|earlier|later|before|after|from now|hence|previously))\b", 3)
def _ago(m):
    u = unit_of(m["u"])
    if u is None:
        return None
    n = parse_number(m["n"])
    d = m["dir"].lower()
    if d in ("before", "after"):
        # anchored on an event ("three years after its launch"): TimeML marks the duration
        end = m.start("dir")
        while end > 0 and m.string[end - 1] == " ":
            end -= 1
        return {"kind": "duration", "n": n, "unit": m["u"].lower(), "vague": n is None, "end": end}
    return {"kind": "ago", "n": n, "unit": m["u"].lower(), "ref": d in ("earlier", "later", "previously"),
            "sign": 1 if d in ("later", "from now", "hence") else -1}


# --- weekdays and times of day -----------------------------------------------------------

# capitalised words that make a weekday part of a name: "Good Friday Agreement",
# "Bloody Sunday", "Black Monday", "Super Tuesday" are not the week's Friday or Sunday
# (the feasts among them are dated by the feast pattern, which wins as the longer span)
_NAMED_DAY = re.compile(r"\b(?:Good|Bloody|Black|Super|Holy|Maundy|Shrove|Ash|Palm|Easter|Cyber|Giving|Fat|Whit|Low|"
                        r"Passion|Trinity|Mothering|Blue|Manic|Great)\s+$")


@pattern("weekday",
         r"(?:\b(?P<mod>(?i:this|last|next|past|coming|on|On|By|by|until|Until|since|Since|early|late|Early|Late))\s+)?"
         r"\b(?P<wd>" + WEEKDAY_RE + r")(?P<pos>['’]s)?(?:\s+(?P<pod>(?i:morning|afternoon|evening|night)))?\b", 3)
def _weekday(m):
    mod = (m["mod"] or "").lower()
    if not mod and _NAMED_DAY.search(m.string, max(0, m.start() - 12), m.start()):
        return None
    after = m.string[m.end(): m.end() + 12]
    if re.match(r"\s*(?:,\s*)?" + MONTH_RE, after) or re.match(r",?\s+the\s+\d", after):
        return None  # "Monday, December 1" is handled by the date patterns
    d = {"kind": "weekday", "wd": WEEKDAYS[m["wd"].lower()],
         "mod": mod if mod in ("this", "last", "next", "past", "coming") else None,
         "prep": mod if mod in ("on", "by", "until", "since") else None,
         "pod": PARTS_OF_DAY.get((m["pod"] or "").lower())}
    if mod in ("on", "by", "until", "since", "early", "late"):
        d["span_start"] = m.start("wd")  # the preposition is not part of the timex
    if m["pos"] and not m["pod"]:
        d["end"] = m.start("pos")  # "Monday's closing price": the possessive stays out
    return d


_TZ = r"(?P<tz>UTC|GMT|Z|EST|EDT|CST|CDT|MST|MDT|PST|PDT|BST|CET|CEST|ET|PT|local time)"


@pattern("clock-time",
         r"\b(?P<h>[01]?\d|2[0-3])(?::|\.)(?P<mi>[0-5]\d)(?:\s*(?P<ap>(?i:a\.m\.|p\.m\.|am\b|pm\b)))?"
         r"(?:\s+(?:\(\s*)?" + _TZ + r"(?:\s*(?P<off>[+-]\s*\d{1,2}))?\)?)?"
         r"(?:,?\s+(?:on\s+)?(?P<day>(?i:today|yesterday|tomorrow)|" + WEEKDAY_RE + r"))?", 4)
def _clock(m):
    if not (m["ap"] or m["tz"]) and "." in m.string[m.start("h"):m.end("mi")]:
        return None  # "2.36" is a number unless "p.m." or a zone follows
    if not (m["ap"] or m["tz"]) and not re.search(r"\b(?:at|by|from|until|before|after|to|around|about|since)\s+$", m.string[max(0, m.start() - 8): m.start()]):
        return None  # a bare "3:2" (scores, ratios) needs a time preposition
    return _time_parse(m, int(m["h"]), int(m["mi"]))


@pattern("military-time",
         r"\b(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)\s*(?:hours?\s+)?" + _TZ +
         r"(?:,?\s+(?:on\s+)?(?P<day>(?i:today|yesterday|tomorrow)|" + WEEKDAY_RE + r"))?", 4)
def _military(m):
    return _time_parse(m, int(m["h"]), int(m["mi"]))


@pattern("hour-ampm",
         r"\b(?P<h>1[0-2]|0?[1-9])\s*(?P<ap>(?i:a\.m\.|p\.m\.|am\b|pm\b))(?:\s+" + _TZ + r")?"
         r"(?:,?\s+(?:on\s+)?(?P<day>(?i:today|yesterday|tomorrow)|" + WEEKDAY_RE + r"))?", 4)
def _hour(m):
    return _time_parse(m, int(m["h"]), 0)


@pattern("noon", r"(?i:\b(?P<w>noon|midnight|midday))\b(?:\s+(?P<day>(?i:today|yesterday|tomorrow)|" + WEEKDAY_RE + r"))?", 3)
def _noon(m):
    h = 0 if m["w"].lower() == "midnight" else 12
    d = {"kind": "time", "h": h, "mi": 0, "tz": None}
    d.update(_day_part(m))
    return d


def _time_parse(m, h, mi):
    ap = (m.groupdict().get("ap") or "").lower().replace(".", "")
    if ap == "pm" and h < 12:
        h += 12
    elif ap == "am" and h == 12:
        h = 0
    tz = (m.groupdict().get("tz") or "").upper()
    off = (m.groupdict().get("off") or "").replace(" ", "")
    zone = None
    if tz in ("UTC", "GMT", "Z"):
        # "GMT +8" is a zone eight hours ahead: keep local time with its offset (ISO 8601)
        zone = f"{off[0]}{int(off[1:]):02d}:00" if off else "Z"
    d = {"kind": "time", "h": h, "mi": mi, "tz": zone}
    d.update(_day_part(m))
    return d


def _day_part(m) -> dict:
    day = m.groupdict().get("day")
    if not day:
        return {}
    if day.lower() in _RELDAY:
        return {"day": {"kind": "relday", "offset": _RELDAY[day.lower()]}}
    return {"day": {"kind": "weekday", "wd": WEEKDAYS[day.lower()], "mod": None}}


@pattern("part-of-day", r"(?i:\b(?:in\s+the\s+|the\s+)?(?P<pod>morning|afternoon|evening|overnight))\b(?=\s+(?:trading|session|trade|hours|deals|dealings|meeting|of\s+(?:trading|the\s+same)))", 1)
def _pod(m):
    return {"kind": "pod", "pod": PARTS_OF_DAY[m["pod"].lower()], "span_start": m.start("pod")}


# --- durations and sets ------------------------------------------------------------------

# (guarded: with no \b before it, the group is tried at every character where the
# pattern starts; see prefilter.guard)
_DUR_MOD = "(?:" + prefilter.guard(r"(?P<mod>(?i:over|almost|nearly|about|around|roughly|some|approximately|just|only|at least|more than|less than|under|up to|barely))") + r"\s+)?"


@pattern("duration",
         r"(?:\b(?P<pre>(?i:the\s+(?:past|last|next|previous|coming|first|following|final|same)|the|a|another|an\s+additional)\s+))?"
         + _DUR_MOD +
         r"\b(?P<n>" + NUMBER_RE + r")(?:\s+|-)(?:(?i:straight|consecutive|successive|full|whole|long|more|additional|extra)\s+)?(?P<u>" + UNIT_RE + r")(?P<adj>-long|-old)?\b", 2)
def _duration(m):
    u = m["u"].lower()
    n = parse_number(m["n"])
    if n is None or unit_of(u) is None:
        return None
    nword = m["n"].lower()
    after = m.string[m.end(): m.end() + 30]
    before = m.string[max(0, m.start() - 25): m.start()].lower()
    # "the age of 56" / "56 years old" are ages, not durations of events
    if re.match(r"\s*old\b", after) or (m["adj"] or "").lower() == "-old":
        return None
    if nword in ("a", "an") and re.search(r"\b(?:times?|twice|once|\d+|per)\s+$", before):
        return None  # "15 a year", "twice a day": a set (see below)
    if nword in ("a", "an") and not m["mod"] and not m["pre"] and not (
            re.search(r"\b(?:for|in|within|over|after|about|almost|nearly|than|just|only|took|takes|take|taking|"
                      r"spent|spend|lasted|lasts|last|gave|give|gives|given|giving|needs?|needed|more)\s+$", before)
            or re.match(r"\s*(?:ago|later|earlier|after|before|from now|long|or (?:two|so)|to \w+|[,.;:)])", after)):
        return None  # "not a day anybody can be prepared for": no length of time
    if u.startswith("quarter") and nword in ("a", "an", "one", "three"):
        return None  # "about a quarter of its dealers": a fraction
    if u == "second" and nword in ("a", "an", "one") and not (
            re.search(r"\b(?:for|in|within|than|just|only|split|every)\s+$", before)
            and re.match(r"\s*(?:[,.;:)!?]|$|ago\b|later\b|earlier\b|or\b|and\b|before\b|after\b|longer\b)", after)):
        return None  # "a second strike", "for a second strike": the ordinal
    start = m.start()
    pre = (m["pre"] or "").lower().split()
    mod = (m["mod"] or "").lower()
    if pre in (["a"], ["an"], ["another"], ["the"]) or pre[:1] == ["an"]:
        start = m.start("mod") if m["mod"] else m.start("n")  # "a 20 year low" -> "20 year", "the 26-year career" -> "26-year"
    if mod in ("more than", "less than", "at least", "up to", "under"):
        start = m.start("n")  # TimeML keeps such modifiers outside ("more than a week")
    end = m.end() if not m["adj"] else m.start("adj")
    return {"kind": "duration", "n": n, "unit": u, "vague": False, "span_start": start, "end": end,
            "mod": mod or None}


@pattern("vague-duration",
         r"(?i:\b(?:(?P<pre>in|for|over|within|during)\s+(?:just\s+|only\s+|mere\s+)?)?(?:(?P<the>the\s+)?(?P<q>past few|last few|next few|coming|recent|several|a few|few|many|numerous|the|these)\s+)?"
         r"(?P<u>years|months|weeks|days|hours|minutes|decades|centuries))\b(?P<adj>-long)?", 1)
def _vague(m):
    q = (m["q"] or "").lower()
    pre = (m["pre"] or "").lower()
    after = m.string[m.end(): m.end() + 12].lower()
    if not q and not pre and not m["adj"]:
        return None
    if not q and pre not in ("in", "for", "over", "within") and not m["adj"]:
        return None
    if q in ("the", "these") and not (pre == "over"):
        return None
    if re.match(r"\s+(?:of|old|ago|later|earlier|before|after)\b", after):
        return None
    if not q and not m["adj"] and re.match(r"[ \t]+\w", after) and not re.match(r"\s+(?:to|and|now|ahead|past)\b", after):
        return None  # "in years past" ok; "for days on end" -> leave
    start = m.start("q") if q and not m["the"] else (m.start("the") if m["the"] else m.start("u"))
    if q in ("the",):
        start = m.start("q")
    return {"kind": "duration", "n": None, "unit": m["u"].lower(), "vague": True, "span_start": start,
            "end": m.start("adj") if m["adj"] else m.end(), "recent": q == "recent"}


@pattern("set-every",
         r"(?i:\b(?P<q>every|each|per)\s+(?:(?P<n>other|two|three|four|five|six|\d+)\s+)?(?P<u>day|week|month|year|quarter|hour|minute|night|morning|evening|decade|"
         r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend))\b", 3)
def _set_every(m):
    return {"kind": "set", "unit": m["u"].lower(), "n": m["n"], "quant": "EVERY" if m["q"].lower() != "per" else None}


@pattern("set-adverb", r"(?i:\b(?P<w>daily|weekly|monthly|quarterly|annually|annual|yearly|hourly|nightly|biannual|biennial|fortnightly|semiannual|semi-annual))\b", 2)
def _set_adv(m):
    return {"kind": "set", "adverb": m["w"].lower()}


@pattern("set-frequency",
         r"(?i:\b(?P<f>once|twice|thrice|(?:two|three|four|five|six|\d+)\s+times)\s+(?:a|an|per|every|each)\s+(?P<u>day|week|month|year|hour|minute|night|quarter|decade))\b", 4)
def _set_freq(m):
    return {"kind": "set", "unit": m["u"].lower(), "n": None, "quant": None}


@pattern("set-rate",
         r"(?:(?<=\d )|(?<=\d\s)|(?i:(?<=times )|(?<=twice )|(?<=once )))(?P<a>(?i:a|an|per))\s+(?P<u>(?i:day|week|month|year|hour|minute|night|quarter))\b", 3)
def _set_rate(m):
    return {"kind": "set", "unit": m["u"].lower(), "n": None, "quant": None}


# --- vague references to present, past and future ----------------------------------------

@pattern("fuzzy",
         r"(?i:\b(?P<w>now|currently|at present|presently|nowadays|these days|at the moment|for the time being|"
         r"recently|lately|in recent (?:times|weeks|months|days)|in the past|the past|"
         r"in the (?:near |not too distant |distant )?future|the (?:near |not too distant |distant )?future|soon|shortly|"
         r"the (?:near|short|long|medium) term|(?:near|short|long|medium)-term|once again|"
         r"current|recent|then))\b", 0)
def _fuzzy(m):
    w = m["w"].lower()
    after = m.string[m.end(): m.end() + 14].lower()
    before = m.string[max(0, m.start() - 14): m.start()].lower()
    if w == "once again" or w == "then":
        return None
    if w.endswith("-term") and not re.match(r"\s+(?:collapse|future|outlook|prospects|growth|plan|plans|goal|goals)\b", after):
        return None
    if w in ("current",) and re.match(r"\s+(?:account|affairs|assets|liabilities|events)\b", after):
        return None
    if w == "now" and (after.startswith("-") or re.match(r"\s+(?:that|defunct|former|ex-|infamous)", after)):
        return None
    if w == "the past" and re.match(r"\s+(?:few|several|\d|\w+ (?:years|months|weeks|days))", after):
        return None
    if w == "the past" and not re.search(r"\b(?:of|in|from|to)\s+$", before):
        return None
    if w == "recent" and re.match(r"\s+(?:years|months|weeks|days|times)\b", after):
        return None
    if w == "soon" and re.search(r"(?:as|so)\s+$", before):
        return None
    if w == "shortly" and re.match(r"\s+(?:after|before)\b", after):
        return None
    value = "PRESENT_REF"
    if w in ("recently", "lately", "the past", "in the past", "formerly", "recent") or w.startswith("in recent"):
        value = "PAST_REF"
    elif "future" in w or w in ("soon", "shortly") or "term" in w:
        value = "FUTURE_REF"
    start = m.start()
    if w.startswith("in the ") and not w.startswith("in the past"):
        start = m.start() + 3
    if w == "in the past":
        start = m.start() + 3
    return {"kind": "ref", "value": value, "word": w, "span_start": start}


# each pattern behind a lookahead of its first characters: the same matches, but re
# drops most positions after one test (prefilter.guard)
COMPILED = [(rule, re.compile(prefilter.guard(rx)), prio, fn) for rule, rx, prio, fn in PATTERNS]
# the words each pattern needs, with how far its matches reach around them: it only
# runs near them (prefilter.py; read off the pattern as written)
REQUIRED = [prefilter.extents(rx) for _, rx, _, _ in PATTERNS]
_SHARED: dict = {}
REQUIRED = [_SHARED.setdefault(tuple(sorted(r.items())), r) if r else None for r in REQUIRED]  # one dict per distinct reach
_FINDER = (REQUIRED, prefilter.Finder(s for r in REQUIRED if r for s in r))  # (for that list of requirements)
_CASE_ODD = re.compile("[\u0131\u017f]")  # dotless i, long s
WINDOW = 120  # at most this many characters either side of a required word; no expression is half as long


def _matches(rx: re.Pattern, req, text: str, lower: str | None, hits: dict, spans: dict):
    if req is None or lower is None:
        yield from rx.finditer(text)
        return
    ws = spans.get(id(req))
    if ws is None:  # patterns with the same required strings and reach share their windows
        ws = spans[id(req)] = prefilter.windows(req, lower, WINDOW, hits)
    for a, b in ws:
        yield from rx.finditer(text, a, b)


def find_candidates(text: str) -> list[Candidate]:
    """All pattern matches in ``text`` with their parses (overlaps not yet settled)."""
    out: list[Candidate] = []
    lower = text.lower()
    if len(lower) != len(text) or _CASE_ODD.search(text):
        # a few characters lengthen in lower case ("İ") or match another letter under
        # (?i) that lower() does not give ("ı" matches "i"): scan such a text whole
        lower = None
    global _FINDER
    if _FINDER[0] is not REQUIRED:  # the requirements were replaced (tests)
        _FINDER = (REQUIRED, prefilter.Finder(s for r in REQUIRED if r for s in r))
    hits = _FINDER[1].find(lower) if lower is not None else {}
    spans: dict[int, list[tuple[int, int]]] = {}
    for (rule, rx, prio, fn), req in zip(COMPILED, REQUIRED):
        for m in _matches(rx, req, text, lower, hits, spans):
            if m.end() == m.start():
                continue
            parse = fn(m)
            if parse is None:
                continue
            start = parse.pop("span_start", m.start())
            end = parse.pop("end", m.end())
            # never end on white space or punctuation
            while end > start and not text[end - 1].isalnum() and text[end - 1] not in ".’'" and not (
                    text[end - 1] == ")" and "(" in text[start:end]):
                end -= 1
            if text[end - 1:end] in ("'", "’"):
                end -= 1
            if end - start <= 0:
                continue
            out.append(Candidate(start, end, parse, rule, prio))
    return out


def select(cands: list[Candidate]) -> list[Candidate]:
    """Keep non-overlapping candidates: longest first, then priority, then earliest."""
    chosen: list[Candidate] = []
    starts: list[int] = []  # the kept spans, disjoint and sorted: only neighbours can overlap
    ends: list[int] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), -c.priority, c.start)):
        i = bisect.bisect_right(starts, c.start)
        if (i > 0 and ends[i - 1] > c.start) or (i < len(starts) and starts[i] < c.end):
            continue
        starts.insert(i, c.start)
        ends.insert(i, c.end)
        chosen.append(c)
    return sorted(chosen, key=lambda c: (c.start, c.end))
