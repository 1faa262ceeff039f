"""Turn a parsed candidate into a TIMEX3 type and value, given an anchor date and tense.

Calendar arithmetic only; which anchor and which tense to use is decided by the tagger.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .lexicon import unit_of

Date = dt.date


@dataclass
class State:
    """What a document has said so far: the anchor (publication date) and the reference time."""

    anchor: Date | None
    ref: Date | None = None            # last date mentioned with day precision
    ref_value: str | None = None       # last DATE value mentioned (any precision)


@dataclass
class Resolved:
    type: str
    value: str
    rule: str
    confidence: float
    anchor: Date | None = None
    day: Date | None = None   # the day it denotes, when it denotes one


# --- calendar helpers --------------------------------------------------------------------

def iso_week(d: Date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def add_months(y: int, m: int, k: int) -> tuple[int, int]:
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


def safe_date(y: int, m: int, d: int) -> Date | None:
    try:
        return Date(y, m, d)
    except ValueError:
        return None


_SHORTEST_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # days of each month in any year


def pick_year_for(m: int, d: int | None, anchor: Date, tense: str | None) -> int:
    """Year of a yearless month(-day) mention: past tense -> last occurrence not after the
    anchor, future -> next not before it, unknown -> the nearest (ties go to the past)."""
    y = anchor.year
    if d is not None and d <= _SHORTEST_MONTH[m] and 1 < y < 9999:
        # the date exists in the three years (infer asks for every candidate day): the
        # choice made below, without building the options
        this = Date(y, m, d)
        if tense == "past":
            return y if this <= anchor else y - 1
        if tense == "future":
            return y if this >= anchor else y + 1
        if this > anchor:  # the nearest of this year's and last year's; a tie goes to the past
            return y - 1 if (anchor - Date(y - 1, m, d)).days <= (this - anchor).days else y
        if this < anchor:
            return y if (anchor - this).days <= (Date(y + 1, m, d) - anchor).days else y + 1
        return y
    options = []
    years = (anchor.year - 1, anchor.year, anchor.year + 1)
    if d is not None and safe_date(anchor.year, m, d) is None and m == 2:
        years = tuple(range(anchor.year - 4, anchor.year + 5))  # 29 February: leap years only
    for y in years:
        day = safe_date(y, m, d or 1)
        if day is None:
            continue
        if d is None:  # month precision: compare whole months
            cmp = (y * 12 + m) - (anchor.year * 12 + anchor.month)
            dist = abs(cmp) * 30
        else:
            cmp = (day - anchor).days
            dist = abs(cmp)
        options.append((y, cmp, dist))
    # options are in ascending year order (infer calls this per candidate day: no lambdas)
    if tense == "past":
        for o in reversed(options):
            if o[1] <= 0:
                return o[0]  # the latest not after the anchor
    if tense == "future":
        for o in options:
            if o[1] >= 0:
                return o[0]  # the earliest not before it
    return min(options, key=lambda o: (o[2], o[1] > 0))[0]


def easter(y: int) -> Date:
    """Western Easter Sunday of year ``y`` (the anonymous Gregorian computus)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return Date(y, month, day + 1)


def _nth_weekday(y: int, m: int, wd: int, n: int) -> Date:
    """The n-th ISO weekday ``wd`` of a month; n = -1 for the last."""
    if n > 0:
        first = Date(y, m, 1)
        return first + dt.timedelta(days=(wd - first.isoweekday()) % 7 + 7 * (n - 1))
    y2, m2 = (y + 1, 1) if m == 12 else (y, m + 1)
    last = Date(y2, m2, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.isoweekday() - wd) % 7)


_EASTER_OFFSETS = {"easter": 0, "easter sunday": 0, "easter day": 0, "easter monday": 1, "good friday": -2,
                   "holy saturday": -1, "maundy thursday": -3, "palm sunday": -7, "ash wednesday": -46,
                   "pentecost": 49, "pentecost sunday": 49, "whit sunday": 49, "whit monday": 50,
                   "ascension day": 39}
_US_HOLIDAYS = {"thanksgiving": (11, 4, 4), "thanksgiving day": (11, 4, 4), "memorial day": (5, 1, -1),
                "labor day": (9, 1, 1), "martin luther king day": (1, 1, 3), "martin luther king jr day": (1, 1, 3),
                "presidents day": (2, 1, 3), "presidents' day": (2, 1, 3)}


def feast_date(name: str, y: int) -> Date:
    """Date of a moveable feast or holiday (grammar ``_FEAST_NAME``) in year ``y``."""
    if name in _EASTER_OFFSETS:
        return easter(y) + dt.timedelta(days=_EASTER_OFFSETS[name])
    if name in ("black friday", "cyber monday"):  # the Friday / Monday after Thanksgiving
        return _nth_weekday(y, 11, 4, 4) + dt.timedelta(days=1 if name == "black friday" else 4)
    m, wd, n = _US_HOLIDAYS[name]
    return _nth_weekday(y, m, wd, n)


def pick_feast(name: str, anchor: Date, tense: str | None) -> Date:
    """The occurrence of a feast meant relative to the anchor, by tense (as ``pick_year_for``)."""
    days = [feast_date(name, y) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
    if tense == "past":
        return max(d for d in days if d <= anchor)
    if tense == "future":
        return min(d for d in days if d >= anchor)
    return min(days, key=lambda d: (abs((d - anchor).days), d > anchor))


def weekday_date(wd: int, anchor: Date, tense: str | None, mod: str | None) -> Date:
    """Date of a weekday mention relative to the anchor, by tense (see module docs)."""
    delta = wd - anchor.isoweekday()
    if mod == "last":
        back = (anchor.isoweekday() - wd) % 7 or 7
        return anchor - dt.timedelta(days=back)
    if mod == "next":
        fwd = (wd - anchor.isoweekday()) % 7 or 7
        return anchor + dt.timedelta(days=fwd)
    if mod in ("this",) and tense not in ("past", "future"):
        return anchor + dt.timedelta(days=delta)  # the one in the current week
    if tense == "future" or mod == "coming":
        return anchor + dt.timedelta(days=(wd - anchor.isoweekday()) % 7)
    back = (anchor.isoweekday() - wd) % 7
    if tense == "past" or mod == "past":
        return anchor - dt.timedelta(days=back)
    if tense == "present":
        # "New Orleans plays at Seattle on Saturday": a schedule, the nearest such day
        fwd = (wd - anchor.isoweekday()) % 7
        return anchor + dt.timedelta(days=fwd) if fwd < back else anchor - dt.timedelta(days=back)
    # unknown tense: news mostly reports what happened
    return anchor - dt.timedelta(days=back)


def fmt_n(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def duration_value(n: float | None, unit_word: str) -> str:
    u = unit_of(unit_word)
    if u is None:
        return "PX"
    letter, is_time, mult = u
    if n is None:
        return f"PTX{letter}" if is_time else f"PX{letter}"
    n = n * mult
    return f"PT{fmt_n(n)}{letter}" if is_time else f"P{fmt_n(n)}{letter}"


def shift_value(value: str, years: int) -> str | None:
    """'2009-02' shifted by -1 year -> '2008-02' (for 'the same period last year')."""
    if len(value) >= 4 and value[:4].isdigit():
        return f"{int(value[:4]) + years:04d}{value[4:]}"
    return None


def unit_value(unit: str, base: Date, offset: int) -> str:
    """The calendar unit (week/month/year/quarter/weekend) containing ``base`` moved by offset."""
    if unit == "year":
        return f"{base.year + offset:04d}"
    if unit == "month":
        y, m = add_months(base.year, base.month, offset)
        return f"{y:04d}-{m:02d}"
    if unit in ("week", "weekend"):
        v = iso_week(base + dt.timedelta(weeks=offset))
        return v + "-WE" if unit == "weekend" else v
    if unit == "quarter":
        q = (base.month - 1) // 3 + offset
        y = base.year + q // 4
        return f"{y:04d}-Q{q % 4 + 1}"
    if unit == "day":
        return (base + dt.timedelta(days=offset)).isoformat()
    raise ValueError(unit)


_UNSET = {"year": "XXXX", "month": "XXXX-XX", "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE",
          "quarter": "XXXX-QX", "day": "XXXX-XX-XX"}

_SET_ADVERBS = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "quarterly": "P3M", "annually": "P1Y",
    "annual": "P1Y", "yearly": "P1Y", "hourly": "PT1H", "nightly": "P1D", "biannual": "P6M",
    "semiannual": "P6M", "semi-annual": "P6M", "biennial": "P2Y", "fortnightly": "P2W",
}


def resolve(p: dict, st: State, tense: str | None) -> Resolved | None:
    """Value of one parsed candidate; ``None`` when the candidate is not a timex after all,
    or when its date falls outside the calendar (an anchor near year 1 or 9999)."""
    try:
        return _resolve(p, st, tense)
    except OverflowError:  # date arithmetic past year 1 or 9999
        return None
    except ValueError as exc:
        if "out of range" in str(exc):  # Date(10000, 1, 1)
            return None
        raise


def _resolve(p: dict, st: State, tense: str | None) -> Resolved | None:
    k = p["kind"]
    a = st.anchor
    if k == "date":
        y, m, d = p["y"], p["m"], p["d"]
        if y is not None:
            day = safe_date(y, m, d)
            if day is None:
                return None
            return Resolved("DATE", day.isoformat(), "absolute-date", 0.95, None, day)
        if safe_date(2000, m, d) is None:
            return None
        if a is None:
            return Resolved("DATE", f"XXXX-{m:02d}-{d:02d}", "month-day-unanchored", 0.4)
        y = pick_year_for(m, d, a, tense)
        day = safe_date(y, m, d)
        return Resolved("DATE", day.isoformat(), f"month-day-{tense or 'nearest'}", 0.9 if tense else 0.8, a, day)
    if k == "feast":
        if p["y"] is not None:
            day = feast_date(p["name"], p["y"])
            return Resolved("DATE", day.isoformat(), "feast-year", 0.95, None, day)
        if a is None:
            return Resolved("DATE", "XXXX-XX-XX", "feast-unanchored", 0.3)
        day = pick_feast(p["name"], a, tense)
        return Resolved("DATE", day.isoformat(), f"feast-{tense or 'nearest'}", 0.9 if tense else 0.8, a, day)
    if k == "month":
        m = p["m"]
        if "year" in p:
            return Resolved("DATE", f"{p['year']:04d}-{m:02d}", "month-year", 0.95)
        if a is None:
            return Resolved("DATE", f"XXXX-{m:02d}", "month-unanchored", 0.4)
        if "yshift" in p:
            return Resolved("DATE", f"{a.year + p['yshift']:04d}-{m:02d}", "month-of-relative-year", 0.85, a)
        if "rel" in p:  # "last November": the latest one before the current month
            rel = p["rel"]
            y = a.year if rel == 0 else (a.year if m < a.month else a.year - 1) if rel < 0 else (a.year if m > a.month else a.year + 1)
            return Resolved("DATE", f"{y:04d}-{m:02d}", "month-relative", 0.9, a)
        y = pick_year_for(m, None, a, tense or "past")
        return Resolved("DATE", f"{y:04d}-{m:02d}", f"month-{tense or 'past-default'}", 0.85 if tense else 0.75, a)
    if k == "week-of-month":
        y = p["year"] or (pick_year_for(p["m"], None, a, tense or "past") if a else None)
        if y is None:
            return Resolved("DATE", f"XXXX-{p['m']:02d}", "week-of-month-unanchored", 0.4)
        if p["o"] in ("last", "final"):
            y2, m2 = add_months(y, p["m"], 1)
            day = Date(y2, m2, 1) - dt.timedelta(days=4)
        else:
            day = Date(y, p["m"], 1) + dt.timedelta(days=7 * ({"first": 1, "second": 2, "third": 3, "fourth": 4}[p["o"]] - 1) + 3)
        return Resolved("DATE", iso_week(day), "week-of-month", 0.8, a if not p["year"] else None)
    if k == "year":
        return Resolved("DATE", f"{p['y']:04d}", "year", 0.9)
    if k == "decade":
        return Resolved("DATE", p["prefix"], "decade", 0.85)
    if k in ("quarter", "half"):
        return _resolve_quarter(p, a, tense)
    if k == "season":
        if "year" in p:
            return Resolved("DATE", f"{p['year']:04d}-{p['s']}", "season-year", 0.9)
        if a is None:
            return Resolved("DATE", f"XXXX-{p['s']}", "season-unanchored", 0.4)
        return Resolved("DATE", f"{a.year + p.get('rel', 0):04d}-{p['s']}", "season", 0.75, a)
    if k == "relday":
        if a is None:
            pod = f"T{p['pod']}" if p.get("pod") else ""
            return Resolved("TIME" if pod and not p.get("as_date") else "DATE", "XXXX-XX-XX" + pod, "deictic-unanchored", 0.3)
        day = a + dt.timedelta(days=p["offset"])
        if p.get("pod"):
            typ = "DATE" if p.get("as_date") else "TIME"
            return Resolved(typ, f"{day.isoformat()}T{p['pod']}", "deictic-part-of-day", 0.9, a, day)
        return Resolved("DATE", day.isoformat(), "deictic-day", 0.95, a, day)
    if k == "refday":
        base = st.ref or a
        if base is None:
            return Resolved("DATE", "XXXX-XX-XX", "anaphoric-unanchored", 0.3)
        day = base + dt.timedelta(days=p["offset"])
        return Resolved("DATE", day.isoformat(), "anaphoric-day", 0.7, base, day)
    if k == "relunit":
        unit = p["unit"]
        if a is None:
            return Resolved("DATE", _UNSET[unit], "deictic-unanchored", 0.3)
        if unit == "weekend" and p["offset"] == 0 and tense == "past" and a.isoweekday() < 6:
            # "this weekend" said on a weekday in the past tense: the one just gone
            return Resolved("DATE", unit_value(unit, a, -1), "deictic-weekend-past", 0.8, a)
        return Resolved("DATE", unit_value(unit, a, p["offset"]), "deictic-unit", 0.9, a)
    if k == "refunit":
        return _resolve_refunit(p, st)
    if k == "ago":
        return _resolve_ago(p, st)
    if k == "weekday":
        if a is None:
            if p.get("pod"):
                return Resolved("TIME", f"XXXX-WXX-{p['wd']}T{p['pod']}", "weekday-unanchored", 0.4)
            return Resolved("DATE", f"XXXX-WXX-{p['wd']}", "weekday-unanchored", 0.4)
        day = weekday_date(p["wd"], a, tense, p.get("mod"))
        rule = "weekday-" + (p.get("mod") or tense or "past-default")
        conf = 0.9 if tense or p.get("mod") in ("last", "next") else 0.75
        if p.get("pod"):
            return Resolved("TIME", f"{day.isoformat()}T{p['pod']}", rule, conf, a, day)
        return Resolved("DATE", day.isoformat(), rule, conf, a, day)
    if k == "time":
        clock = f"T{p['h']:02d}:{p['mi']:02d}" + (p.get("tz") or "")
        if p.get("day"):
            sub = resolve(p["day"], st, tense)
            if sub is None or sub.day is None:
                return Resolved("TIME", (sub.value if sub else "XXXX-XX-XX") + clock, "time-unanchored", 0.4)
            return Resolved("TIME", sub.day.isoformat() + clock, "time-of-day", 0.9, sub.anchor, sub.day)
        base = st.ref or a
        if base is None:
            return Resolved("TIME", "XXXX-XX-XX" + clock, "time-unanchored", 0.4)
        return Resolved("TIME", base.isoformat() + clock, "time-on-reference-day", 0.8, base, base)
    if k == "pod":
        base = st.ref or a
        if base is None:
            return Resolved("TIME", f"XXXX-XX-XXT{p['pod']}", "part-of-day-unanchored", 0.3)
        return Resolved("TIME", f"{base.isoformat()}T{p['pod']}", "part-of-day", 0.6, base, base)
    if k == "duration":
        return Resolved("DURATION", duration_value(p["n"], p["unit"]), "duration-vague" if p["vague"] else "duration", 0.6 if p["vague"] else 0.9)
    if k == "set":
        return _resolve_set(p)
    if k == "ref":
        return Resolved("DATE", p["value"], "vague-" + p["value"].lower(), 0.6)
    if k == "same-period":
        base = st.ref_value
        if base is None and a is not None:
            base = unit_value(p.get("unit") or "year", a, 0)
        v = shift_value(base, p["shift"]) if base else None
        if v is None:
            return Resolved("DATE", "XXXX", "same-period-unanchored", 0.3)
        return Resolved("DATE", v, "same-period-shifted", 0.6, a)
    return None


def _year_of(p: dict, a: Date | None) -> int | None:
    if "year" in p:
        return p["year"]
    if a is None:
        return None
    return a.year + p.get("yshift", 0)


def _resolve_quarter(p: dict, a: Date | None, tense: str | None) -> Resolved:
    k = p["kind"]
    if k == "half":
        y = _year_of(p, a)
        return Resolved("DATE", f"{y:04d}-H{p['h']}" if y else f"XXXX-H{p['h']}", "half", 0.85 if y else 0.4)
    if "rel" in p:
        if a is None:
            return Resolved("DATE", "XXXX-QX", "quarter-unanchored", 0.3)
        return Resolved("DATE", unit_value("quarter", a, p["rel"]), "quarter-relative", 0.85, a)
    q = p["q"]
    if "year" in p or "yshift" in p:
        y = _year_of(p, a)
        if y is None:
            return Resolved("DATE", f"XXXX-Q{q}", "quarter-unanchored", 0.4)
        return Resolved("DATE", f"{y:04d}-Q{q}", "quarter-of-year", 0.9, a if "yshift" in p else None)
    if a is None:
        return Resolved("DATE", f"XXXX-Q{q}", "quarter-unanchored", 0.4)
    cur = (a.month - 1) // 3 + 1
    y = a.year
    # results are reported after a quarter ends: in the past tense (or by default) the
    # quarter named is the last one of that number that has begun
    if tense == "future":
        if q < cur:
            y += 1
    elif q > cur and (tense == "past" or q - cur > 1):
        y -= 1  # with no tense the nearest: "the fourth quarter" said in August is this year's
    return Resolved("DATE", f"{y:04d}-Q{q}", f"quarter-{tense or 'past-default'}", 0.8, a)


def _resolve_refunit(p: dict, st: State) -> Resolved:
    unit, off = p["unit"], p["offset"]
    a = st.anchor
    base_val = st.ref_value
    if unit == "year" and base_val and base_val[:4].isdigit():
        return Resolved("DATE", f"{int(base_val[:4]) + off:04d}", "anaphoric-year", 0.7, a)
    base = st.ref or a
    if base is None:
        return Resolved("DATE", _UNSET.get(unit, "XXXX"), "anaphoric-unanchored", 0.3)
    if unit == "month" and base_val and len(base_val) >= 7 and base_val[4] == "-" and base_val[5:7].isdigit():
        y, m = add_months(int(base_val[:4]), int(base_val[5:7]), off)
        return Resolved("DATE", f"{y:04d}-{m:02d}", "anaphoric-month", 0.7, a)
    return Resolved("DATE", unit_value(unit if unit != "weekend" else "weekend", base, off), "anaphoric-unit", 0.6, base)


def _resolve_ago(p: dict, st: State) -> Resolved:
    n, sign = p["n"], p["sign"]
    base = st.ref if p["ref"] and st.ref else st.anchor
    u = unit_of(p["unit"])
    if base is None or n is None or u is None or not float(n).is_integer():
        return Resolved("DATE", "XXXX-XX-XX" if base is None else "PAST_REF" if sign < 0 else "FUTURE_REF", "offset-vague", 0.4)
    letter, is_time, mult = u
    n = int(n * mult) * sign
    if is_time:
        return Resolved("DATE", base.isoformat(), "offset-hours", 0.6, base, base)
    if letter == "D":
        day = base + dt.timedelta(days=n)
        return Resolved("DATE", day.isoformat(), "offset-days", 0.9, base, day)
    if letter == "W":
        day = base + dt.timedelta(weeks=n)
        if abs(n) == 1:
            # "a week ago" names a day; "three weeks ago" a week
            return Resolved("DATE", day.isoformat(), "offset-week", 0.8, base, day)
        return Resolved("DATE", iso_week(day), "offset-weeks", 0.8, base)
    if letter == "M":
        y, m = add_months(base.year, base.month, n)
        return Resolved("DATE", f"{y:04d}-{m:02d}", "offset-months", 0.8, base)
    if letter == "Q":
        return Resolved("DATE", unit_value("quarter", base, n), "offset-quarters", 0.8, base)
    return Resolved("DATE", f"{base.year + n:04d}", "offset-years", 0.8, base)


def _resolve_set(p: dict) -> Resolved:
    if "adverb" in p:
        return Resolved("SET", _SET_ADVERBS[p["adverb"]], "set-adverb", 0.8)
    unit = p["unit"]
    from .lexicon import WEEKDAYS
    if unit in WEEKDAYS:
        return Resolved("SET", f"XXXX-WXX-{WEEKDAYS[unit]}", "set-weekday", 0.85)
    if unit in ("morning", "evening", "night"):
        return Resolved("SET", f"TXX{ {'morning': 'MO', 'evening': 'EV', 'night': 'NI'}[unit] }".replace(" ", ""), "set-part-of-day", 0.8)
    if unit == "weekend":
        return Resolved("SET", "XXXX-WXX-WE", "set-weekend", 0.85)
    n = p.get("n")
    k = 2 if n == "other" else (int(n) if n and n.isdigit() else {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}.get(n or "", 1))
    return Resolved("SET", duration_value(k, unit), "set-every", 0.85)
