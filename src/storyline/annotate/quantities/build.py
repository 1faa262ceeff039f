"""Assemble one quantity around a parsed amount, step by step.

``build(doc, core, floor, exclude)`` grows a :class:`Draft` from the bare amount:
range or ratio, currency and qualifier before it, the filters for dates, names and
records, then kind and unit, then the counted noun, and finally the dict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .context import (
    age_after, age_before, currency_after, currency_before, is_date, is_identifier,
    qualifier_after, qualifier_before, unit_after,
)
from .counted import find_counted
from .lexicon import SCALE_ABBREV, UNITS
from .numbers import Core, parse_core
from .ranges import bounds, number, vague_bounds

_DASHES = ("-", "–", "—")
_RANGE_JOINERS = {*_DASHES, "to", "or"}
_AGE_WORDS = ("aged", "age", "ages")
PERIOD_NOUNS = {"season", "term", "session", "quarter", "half", "round", "stint", "shift"}
QUAKE_NOUNS = {"quake", "earthquake", "temblor", "tremor", "aftershock"}
# Verbs of change: "from X to Y" after them gives two figures, not a range.
CHANGE_VERBS = {
    "rise", "fall", "increase", "decrease", "drop", "climb", "jump", "grow", "decline", "cut",
    "raise", "reduce", "lower", "double", "soar", "plunge", "slip", "surge", "shrink", "swell",
    "revise", "change", "go", "move", "expand", "boost", "slash", "lift",
}
# Telephone numbers and vanity numbers ("(765) 456-7107", "1-800-222-TIPS", "801-538-4100").
# (the leading lookahead is implied by every branch: it only lets the scan drop a
# position after one character test instead of running the lookbehinds there)
_PHONE_RE = re.compile(
    r"(?=[+(\d])"
    r"(?:(?<![\w.])(?:\+?\d{1,3}[-. ])?(?:\(\d{3}\)\s?|\d{3}[-.])\d{3}[-.](?:\d{4}|[A-Z]{4,})\b"
    r"|(?<![\w.])\d{3}-\d{4}\b"
    r"|(?<![\w.,])0\d{2,4} \d{3,6}(?: \d{3,4})?\b)"  # "0845 125 2222", "0800 555111"
)


class Skip(Exception):
    """Not a quantity; ``resume`` is the token to scan from next."""

    def __init__(self, resume: int):
        self.resume = resume


@dataclass
class Draft:
    """A quantity being assembled (token positions into the doc)."""

    core: Core
    start: int
    end: int
    value: float | None
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None
    is_range: bool = False
    ratio: Core | None = None
    money: tuple[str, int] | None = None
    qual: tuple[str, int] | None = None
    kind: str = "count"
    unit: str | None = None
    counted: str | None = None
    noun: str | None = None
    span_end: int = 0


def phone_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of telephone numbers, never amounts."""
    return [m.span() for m in _PHONE_RE.finditer(text)]


def _phone_like(doc, start: int, end: int) -> bool:
    """'456-7107', '1-800-222-...': digit groups glued by hyphens are not ranges."""
    text = doc[start:end].text  # doc.text rebuilds the whole text: avoid it per amount
    if re.fullmatch(r"\d{3}-\d{4}", text):
        return True
    after = (doc[end - 1].whitespace_ + doc[end].text)[:2] if end < len(doc) else ""
    before = (doc[start - 1].text + doc[start - 1].whitespace_)[-2:] if start > 0 else ""
    return bool(re.match(r"-\w", after) or re.search(r"[\w)]-$|\) ?$", before))


def _win_loss(doc, start: int, end: int) -> bool:
    """A sports record: 'Creighton (25-7)', 'a record of 9-14', 'the 15-17 Bulldogs'."""
    prev = doc[start - 1] if start > 0 else None
    nxt = doc[end] if end < len(doc) else None
    if prev is not None and prev.text == "(" and nxt is not None and nxt.text == ")":
        return True
    if prev is not None and prev.lower_ in ("at", "just") and (
            nxt is None or nxt.is_punct or nxt.pos_ in ("CCONJ", "ADP", "SCONJ")):
        return True  # "floundering at 9-14 and ...", "just 9-14 despite"
    if prev is not None and (prev.lower_ in ("record", "mark") or (
            prev.lower_ == "of" and start >= 2 and doc[start - 2].lower_ in ("record", "mark"))):
        return True
    return nxt is not None and nxt.pos_ == "PROPN" and nxt.tag_ == "NNPS"


def _second_core(doc, k: int) -> Core | None:
    """The upper end of a range starting at token k ('10-20', '$1m to $2m')."""
    if k < len(doc) and currency_before(doc, k + 1) and currency_before(doc, k + 1)[1] == k:
        k += 1
    return parse_core(doc, k) if k < len(doc) else None


def _governing_verb(tok) -> str:
    """Lemma of the verb above tok ('raise the number of seats from 65 ...' -> 'raise')."""
    head = tok.head
    for _ in range(6):
        if head.pos_ in ("VERB", "AUX") or head.head.i == head.i:
            break
        head = head.head
    return head.lemma_.lower()


def _shared_scale(core: Core, second: Core, second_at: int) -> float:
    """The lower end with the upper end's scale when it has none ('1.5 to 2 million')."""
    lo, hi = core.value, second.value
    if second.scaled and not core.scaled and second.start in (second_at, second_at + 1):
        raw = second.figure  # (not its first token: "2 1/2 million" is 2.5 million, "2½ million" too)
        if raw and lo * (hi / raw) <= hi:
            return lo * (hi / raw)
    return lo


def _ratio_or_range(doc, d: Draft) -> str:
    """Ranges ('10-20', 'between 10 and 20', 'two or three') and ratios ('one in five')."""
    n, core = len(doc), d.core
    joiner = doc[d.end].lower_ if d.end < n else ""
    second_at = d.end + 1
    if core.dash:
        joiner, second_at = "-", d.end
    lead = currency_before(doc, d.start)
    before = lead[1] if lead else d.start
    prev = doc[before - 1].lower_ if before > 0 else ""
    if core.dash and not (second_at < n and (parse_core(doc, second_at) or currency_before(doc, second_at + 1))):
        raise Skip(d.end)  # a figure with a dangling dash ("a 140- page report")
    if joiner in ("in", "out") and core.value is not None and not core.vague and not core.fraction:
        k = second_at + (1 if joiner == "out" and second_at < n and doc[second_at].lower_ == "of" else 0)
        other = parse_core(doc, k) if k < n and (joiner == "in" or k > second_at) else None
        if other is not None and other.value and not other.scaled and other.value > core.value:
            d.ratio = other  # "one in five Americans", "nine out of 10 doctors"
            return prev
    change = prev == "from" and joiner == "to" and before > 0 and \
        _governing_verb(doc[before - 1]) in CHANGE_VERBS  # "rose from 40 to 83": two figures
    if change or not (joiner in _RANGE_JOINERS or (joiner == "and" and prev == "between")) or \
            qualifier_after(doc, d.end) is not None or core.vague or core.value is None:
        return prev
    second = _second_core(doc, second_at)
    if second is None or second.value is None or second.fraction:
        return prev
    lo, hi = _shared_scale(core, second, second_at), second.value
    if lo < hi and not (joiner == "or" and second.scaled != core.scaled):
        d.low, d.high, d.value, d.is_range, d.qualifier = lo, hi, None, True, "between"
        d.end = second.end
        core.pending_m = second.pending_m
        if joiner in _DASHES and _win_loss(doc, core.start, d.end):
            raise Skip(d.end)
    elif joiner in _DASHES and (core.dash or doc[d.end].whitespace_ == "") and lo >= hi:
        raise Skip(second.end)  # a score or a tally of votes ("won 3-1")
    return prev


def _prefix(doc, d: Draft, prev: str, floor: int) -> None:
    """Currency before the figure, then 'between'/'from' of a range, then the qualifier."""
    d.money = currency_before(doc, d.start)
    if d.money is not None:
        d.start = d.money[1]
    if d.is_range and prev in ("between", "from") and d.start > floor:
        d.start -= 1
    d.qual = qualifier_before(doc, d.start, floor)
    if d.qual is not None and not d.is_range:
        d.qualifier, d.start = d.qual
    if d.qual is not None and d.is_range and d.qual[0] == "about":
        d.start = d.qual[1]  # "an estimated $10 million to $15 million"


def _filters(doc, d: Draft) -> None:
    """Dates, clock times, phone numbers, names and list markers are not amounts."""
    core, n = d.core, len(doc)
    guarded = d.money is not None or d.qual is not None
    if core.value is not None and not core.fraction and d.money is None and \
            is_date(doc, core.start, core.end, core.value, core.integer_figure, guarded):
        raise Skip(d.end)
    if d.is_range and _phone_like(doc, core.start, d.end):
        raise Skip(d.end)
    if not guarded and core.value is not None and not core.fraction:
        if is_identifier(doc, core.start, d.end if d.is_range else core.end):
            raise Skip(d.end)
        if core.start > 0 and doc[core.start - 1].text == "(" and d.end < n and doc[d.end].text == ")" \
                and not (age_before(doc, core.start) and core.value < 120):
            raise Skip(d.end)  # "(2)": a list marker or a reference


def _scale_m(doc, d: Draft) -> None:
    """A bare 'm' after a figure: million with money, else metres."""
    if not d.core.pending_m:
        return
    nxt = doc[d.end] if d.end < len(doc) else None
    if d.money is not None or currency_after(doc, d.end) is not None or (
            nxt is not None and nxt.tag_ in ("NNS", "NNPS")):  # "50m iPhones", but "a 50m pool"
        d.value, d.low, d.high = (None if x is None else x * 1_000_000 for x in (d.value, d.low, d.high))
    else:
        d.kind, d.unit = "measure", "m"


def _is_age(doc, d: Draft) -> bool:
    core = d.core
    if d.start > 0 and doc[d.start - 1].lower_ in _AGE_WORDS:
        return True
    return (d.money is None and d.qual is None and core.integer_figure and core.value is not None
            and 0 < core.value < 120 and not d.is_range and age_before(doc, core.start)
            and unit_after(doc, d.end) is None)


def _kind_and_unit(doc, d: Draft) -> None:
    """Money, age, measure, duration, percent or fraction, and the unit."""
    core = d.core
    if d.money is not None:
        d.kind, d.unit = "money", d.money[0]
    _scale_m(doc, d)
    qual_after = qualifier_after(doc, d.end)  # "83 or more"
    if qual_after is not None and d.qualifier is None:
        d.qualifier, d.end = qual_after
    if d.kind == "count":
        after = currency_after(doc, d.end, core.scaled)
        if after is not None:
            d.kind, d.unit, d.end = "money", after[0], after[1]
    if d.kind == "count" and not core.fraction:
        age_end = age_after(doc, d.end)
        if age_end is not None and core.value is not None and not d.is_range:
            d.kind, d.end = "age", age_end
            d.unit = next((t.lemma_.lower() for t in doc[core.end:age_end]
                           if t.lemma_.lower() in ("month", "week", "day")), "year")
        elif _is_age(doc, d):
            d.kind, d.unit = "age", "year"
            if d.start > 0 and doc[d.start - 1].lower_ in _AGE_WORDS:
                d.start -= 1
        elif core.glued_unit:
            d.unit, d.kind = UNITS[core.glued_unit]
        else:
            measured = unit_after(doc, d.end)
            if measured is not None:
                d.unit, d.kind, d.end = measured
    if core.fraction:
        d.kind, d.unit = "fraction", "fraction"
    if d.ratio is not None:
        d.kind, d.unit, d.value = "fraction", "fraction", core.value / d.ratio.value
        d.end = d.ratio.end
    if qual_after is None:
        qual_after = qualifier_after(doc, d.end)
        if qual_after is not None and d.qualifier is None:
            d.qualifier, d.end = qual_after


def _counted(doc, d: Draft, floor: int) -> None:
    """The counted noun, and the kinds it reveals ('hundreds of years', 'a 6.1 quake')."""
    core = d.core
    d.span_end = d.end
    if d.kind == "age":
        d.counted = "age"
        return
    d.counted, d.noun, d.span_end = find_counted(doc, core.start, d.end, "count" if d.ratio else d.kind)
    if d.kind == "count":
        later = qualifier_after(doc, d.span_end)  # "100 people or more"
        if later is not None and d.qualifier is None:
            d.qualifier, d.span_end = later
        if d.noun is not None and d.noun in UNITS and d.counted == d.noun:
            d.unit, d.kind = UNITS[d.noun]  # "hundreds of years"
            d.counted = d.noun = None
    if d.span_end > d.end and any(t.like_num or t.lower_ in ("dozen", "dozens", "hundreds", "thousands")
                                  for t in doc[d.end:d.span_end]):
        d.span_end = d.end  # "more than half of the 288 candidates": the 288 is its own amount
    _over_as_preposition(doc, d)
    if d.kind != "count":
        return
    if doc[core.start].text.startswith("."):
        raise Skip(d.end)  # ".357 Magnum", "over .500": calibres and averages, not counts
    after_magnitude = core.start > 0 and doc[core.start - 1].lower_ in ("magnitude", "magnitude-")
    if after_magnitude or (d.noun in QUAKE_NOUNS and d.value is not None and not float(d.value).is_integer()):
        d.kind, d.unit, d.counted = "measure", "magnitude", None  # "a 6.1 quake", "magnitude 6.4"
        d.span_end = max(d.end, d.span_end)
        if d.start == core.start and d.start > floor and doc[d.start - 1].lower_.startswith("magnitude"):
            d.start -= 1


def _over_as_preposition(doc, d: Draft) -> None:
    """'105 games over three seasons': after a noun, 'over' a period means 'during'."""
    if d.qual is None or d.qualifier != "more than" or d.start != d.qual[1] or doc[d.start].lower_ != "over":
        return
    if d.start > 0 and doc[d.start - 1].pos_ in ("NOUN", "NUM") and (d.kind == "duration" or d.noun in PERIOD_NOUNS):
        d.qualifier, d.qual = None, None
        d.start = d.money[1] if d.money else d.core.start


def _to_dict(doc, d: Draft, exclude) -> dict:
    start_char = doc[d.start].idx
    last = doc[d.span_end - 1]
    end_char = last.idx + len(last.text)
    if last.text.endswith(".") and last.lower_.rstrip(".") in SCALE_ABBREV:
        end_char -= 1  # the sentence's full stop, glued to "m." by the tokenizer
    if any(s < end_char and start_char < e for s, e in exclude):
        raise Skip(d.end)
    if d.is_range:
        low, high, low_inc, high_inc = d.low, d.high, True, True
    elif d.core.vague:
        low, high, low_inc, high_inc = vague_bounds(d.core.low, d.core.high, d.qualifier)
    else:
        low, high, low_inc, high_inc = bounds(d.value, d.qualifier)
    return {
        "text": doc[d.start:d.span_end].text[:end_char - start_char],
        "start": start_char,
        "end": end_char,
        "value": number(d.value),
        "low": number(low),
        "high": number(high),
        "low_inclusive": low_inc,
        "high_inclusive": high_inc,
        "qualifier": d.qualifier,
        "unit": d.unit,
        "counted": d.counted,
        "noun": d.noun,
        "kind": d.kind,
    }


def build(doc, core: Core, floor: int, exclude) -> tuple[dict | None, int]:
    """The quantity around ``core`` (or None when it is not one) and the next token to scan.

    ``floor`` is the first token not used by the previous quantity (qualifiers stop there).
    """
    d = Draft(core, core.start, core.end, core.value)
    try:
        prev = _ratio_or_range(doc, d)
        _prefix(doc, d, prev, floor)
        _filters(doc, d)
        _kind_and_unit(doc, d)
        _counted(doc, d, floor)
        if core.small_word and ((d.end < len(doc) and doc[d.end].lower_ == "of") or (
                d.kind == "count" and d.counted in (None, d.noun) and d.counted not in ("death", "injury"))):
            raise Skip(core.end)  # a lone "one" rarely counts anything worth comparing
        return _to_dict(doc, d, exclude), max(d.span_end, d.end)
    except Skip as skip:
        return None, skip.resume
