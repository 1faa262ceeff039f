"""Word lists for temporal expressions: months, weekdays, numbers, units, parts of day."""

from __future__ import annotations

import re

from ...lexicon.calendar import MONTHS, WEEKDAYS  # noqa: F401  (the grammar's month and weekday numbers)

# Month names must be capitalised ("may" and "march" are also common words); the
# abbreviations need their full stop (AP style: "Jan.", "Sept.").
MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
    # capitals, as in date lines ("MAY 3, 2013")
    r"|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)"
)

WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "single": 1, "half": 0.5, "couple": 2, "dozen": 12,
}
# Quantities that are known to be plural but not how many: TimeML writes them "X".
VAGUE_NUMBERS = {"several", "few", "a few", "many", "some", "numerous", "multiple",
                 "the past few", "the last few", "the next few", "recent", "the coming"}

_UNIT_WORD = (
    r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|fortnights?|months?"
    r"|quarters?|years?|yrs?|decades?|centur(?:y|ies)|trading[- ]days?|business[- ]days?)"
)
UNIT_RE = _UNIT_WORD

# unit word -> (TimeML unit letter, is a time unit (PT...), multiplier)
UNITS = {
    "second": ("S", True, 1), "minute": ("M", True, 1), "min": ("M", True, 1),
    "hour": ("H", True, 1), "hr": ("H", True, 1),
    "day": ("D", False, 1), "night": ("D", False, 1), "week": ("W", False, 1),
    "fortnight": ("W", False, 2), "month": ("M", False, 1), "quarter": ("Q", False, 1),
    "year": ("Y", False, 1), "yr": ("Y", False, 1),
    # MEANTIME/TimeML practice writes a decade as ten years ("the past decade" P10Y)
    "decade": ("Y", False, 10), "century": ("Y", False, 100),
    "trading day": ("D", False, 1), "business day": ("D", False, 1),
}

_ONES = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEENS = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
NUMBER_RE = (
    rf"(?:(?<![\d,.])(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)|{_TENS}(?:[- ]{_ONES})?|{_TEENS}|{_ONES}|a|an|single|a couple of|a dozen|half an?|a half)"
    rf"(?:\s+and\s+a\s+half)?"
)
VAGUE_RE = r"(?:several|a few|few|many|numerous|multiple)"

PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI",
                "overnight": "NI", "midday": "MI", "noon": "MI"}
PART_OF_DAY_RE = r"(?:morning|afternoon|evening|night)"

SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2,
            "3rd": 3, "4th": 4, "final": 4, "last": 4}

TIMEZONES = {"utc": "Z", "gmt": "Z", "z": "Z"}


def parse_number(text: str) -> float | None:
    """'two and a half' -> 2.5, 'twenty-one' -> 21, '18' -> 18, 'a' -> 1; None if unknown."""
    t = text.lower().strip()
    half = 0.0
    m = re.search(r"\s+and\s+a\s+half$", t)
    if m:
        half, t = 0.5, t[: m.start()]
    if t in ("half a", "half an", "a half"):
        return 0.5
    if t in ("a couple of", "couple of", "couple"):
        return 2 + half
    if t == "a dozen":
        return 12 + half
    try:
        return float(t.replace(",", "")) + half
    except ValueError:
        pass
    total = 0.0
    for part in re.split(r"[- ]+", t):
        if part not in NUMBER_WORDS:
            return None
        total += NUMBER_WORDS[part]
    return total + half


def unit_of(word: str) -> tuple[str, bool, int] | None:
    """Map a unit word ('years', 'trading days') to (letter, is_time, multiplier)."""
    w = re.sub(r"[- ]+", " ", word.lower()).strip()
    if w not in UNITS:
        if w.endswith("ies"):
            w = w[:-3] + "y"
        elif w.endswith("s"):
            w = w[:-1]
    return UNITS.get(w)
