"""Quantities as ranges: amounts with qualifiers, units and the normalised counted noun.

``find_quantities(doc, exclude=())`` scans a spaCy Doc token by token (spaCy's
CARDINAL/MONEY/... labels are not trusted: the small model mislabels often) and
returns one dict per amount, ordered by ``start``::

    {"text", "start", "end", "value", "low", "high", "low_inclusive", "high_inclusive",
     "qualifier", "unit", "counted", "noun", "kind"}

Range conventions (``high`` None means unbounded):

==================  ===========================  ==================================
qualifier           examples                     range for N
==================  ===========================  ==================================
None / "exactly"    "83", "exactly 83"           [N, N]
"only"              "only 5", "just 5"           [N, N]
"at least"          "at least", "no fewer than"  [N, inf)
"more than"         "more than", "over"          (N, inf)
"just over"         "just over", "slightly more" (N, 1.1N]
"less than"         "fewer/less than", "under"   [0, N)
"up to"             "up to", "as many as"        [0, N]
"about"             "about", "around", "some"    [0.9N, 1.1N]
"nearly"            "nearly", "almost"           [0.9N, N)
"between"           "10-20", "between 10 and 20", "10 to 20", "two or three"  [10, 20]
==================  ===========================  ==================================

Vague amounts have ``value`` None: "dozens" [24, 100), "scores" [40, 100),
"hundreds" [200, 1000), "thousands" [2000, 10000), "tens of thousands" [20000, 100000),
"several/a few hundred" [200, 1000), "a handful" [2, 10). "a dozen" is 12, "a third
of" 1/3 (unit "fraction").

``kind`` is "count", "money" (unit an ISO 4217 code), "percent", "measure" (km, ton,
...), "duration" (day, week, ...), "fraction" or "age" ("the 83-year-old", "aged 83",
"Smith, 62,": counted "age", unit "year"). Dates, clock times, years, ordinals,
identifiers ("Flight 370", "the 1500 block of") and scores ("won 3-1") are skipped.

``counted`` normalises the counted noun through the parse: deaths, fatalities, "83
dead", "killing 83 people", "83 people were killed", "the death toll rose to 83" all
give "death"; strikes/raids/bombings give "attack"; people/persons give "person";
otherwise the noun's lemma. ``noun`` keeps the head noun lemma ("strike").
"""

from __future__ import annotations

import re

from .context import (
    age_after, age_before, currency_after, currency_before, is_date, is_identifier,
    qualifier_after, qualifier_before, unit_after,
)
from storyline.errors import InputError

from .counted import find_counted
from .lexicon import SCALE_ABBREV, UNITS
from .numbers import Core, parse_core

__all__ = ["find_quantities", "bounds"]

_RANGE_JOINERS = {"-", "–", "—", "to", "or"}
QUAKE_NOUNS = {"quake", "earthquake", "temblor", "tremor", "aftershock"}
# Verbs of change: "from X to Y" after them gives two figures, not a range.
CHANGE_VERBS = {
    "rise", "fall", "increase", "decrease", "drop", "climb", "jump", "grow", "decline", "cut",
    "raise", "reduce", "lower", "double", "soar", "plunge", "slip", "surge", "shrink", "swell",
    "revise", "change", "go", "move", "expand", "boost", "slash", "lift",
}


def _num(x: float | None) -> float | int | None:
    """Integral floats become ints; others keep six significant decimals."""
    if x is None:
        return None
    x = round(float(x), 6)
    return int(x) if x.is_integer() else x


def bounds(value: float, qualifier: str | None) -> tuple[float | None, float | None, bool, bool]:
    """(low, high, low_inclusive, high_inclusive) for an amount N under a qualifier."""
    if qualifier == "at least":
        return value, None, True, False
    if qualifier == "more than":
        return value, None, False, False
    if qualifier == "just over":
        return value, value * 1.1, False, True
    if qualifier == "less than":
        return 0, value, True, False
    if qualifier == "up to":
        return 0, value, True, True
    if qualifier == "about":
        return value * 0.9, value * 1.1, True, True
    if qualifier == "nearly":
        return value * 0.9, value, True, False
    return value, value, True, True


def _vague_bounds(core: Core, qualifier: str | None):
    low, high = core.low, core.high
    if qualifier in ("at least", "more than"):
        return low, None, qualifier == "at least", False
    if qualifier in ("less than", "up to", "nearly"):
        return 0, low, True, qualifier == "up to"
    return low, high, True, False


def _overlaps(start: int, end: int, spans) -> bool:
    return any(s < end and start < e for s, e in spans)


def _phone_like(doc, start: int, end: int) -> bool:
    """'456-7107', '1-800-222-...': digit groups glued by hyphens are not ranges."""
    text = doc[start:end].text  # doc.text rebuilds the whole text: avoid it per amount
    if re.fullmatch(r"\d{3}-\d{4}", text):
        return True
    after = (doc[end - 1].whitespace_ + doc[end].text)[:2] if end < len(doc) else ""
    before = (doc[start - 1].text + doc[start - 1].whitespace_)[-2:] if start > 0 else ""
    return bool(re.match(r"-\w", after) or re.search(r"[\w)]-$|\) ?$", before))


# Telephone numbers and vanity numbers ("(765) 456-7107", "1-800-222-TIPS", "801-538-4100").
_PHONE_RE = re.compile(
    r"(?<![\w.])(?:\+?\d{1,3}[-. ])?(?:\(\d{3}\)\s?|\d{3}[-.])\d{3}[-.](?:\d{4}|[A-Z]{4,})\b"
    r"|(?<![\w.])\d{3}-\d{4}\b"
    r"|(?<![\w.,])0\d{2,4} \d{3,6}(?: \d{3,4})?\b"  # "0845 125 2222", "0800 555111"
)


def _phone_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _PHONE_RE.finditer(text)]


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


def _build(doc, core: Core, floor: int, exclude) -> tuple[dict | None, int]:
    """The quantity around ``core`` (or None when it is not one) and the next token to scan."""
    n = len(doc)
    start_tok, end_tok = core.start, core.end
    value, low, high = core.value, None, None
    qualifier = None
    is_range = False

    # Ranges: "10-20", "10 to 20", "between 10 and 20", "two or three".
    joiner = doc[end_tok].lower_ if end_tok < n else ""
    second_at = end_tok + 1
    if core.dash:
        joiner, second_at = "-", end_tok
    lead = currency_before(doc, start_tok)
    before = lead[1] if lead else start_tok
    prev = doc[before - 1].lower_ if before > 0 else ""
    if core.dash and not (second_at < n and (parse_core(doc, second_at) or currency_before(doc, second_at + 1))):
        return None, end_tok  # a figure with a dangling dash ("a 140- page report")
    ratio = None
    if joiner in ("in", "out") and core.value is not None and not core.vague and not core.fraction:
        k = second_at + (1 if joiner == "out" and second_at < n and doc[second_at].lower_ == "of" else 0)
        other = parse_core(doc, k) if k < n and (joiner == "in" or k > second_at) else None
        if other is not None and other.value and not other.scaled and other.value > core.value:
            ratio = other  # "one in five Americans", "nine out of 10 doctors"
    change = prev == "from" and joiner == "to" and before > 0 and \
        doc[before - 1].head.lemma_.lower() in CHANGE_VERBS  # "rose from 40 to 83": two figures
    if ratio is None and not change and (joiner in _RANGE_JOINERS or (joiner == "and" and prev == "between")) and \
            qualifier_after(doc, end_tok) is None and not core.vague and core.value is not None:
        second = _second_core(doc, second_at)
        if second is not None and second.value is not None and not second.fraction:
            lo, hi = core.value, second.value
            if second.scaled and not core.scaled and second.start in (second_at, second_at + 1):
                raw = float(doc[second.start].text.replace(",", "")) if doc[second.start].text.replace(",", "").replace(".", "", 1).isdigit() else None
                if raw:
                    factor = hi / raw
                    if lo * factor <= hi:
                        lo *= factor  # "1.5 to 2 million"
            if lo < hi and not (joiner == "or" and second.scaled != core.scaled):
                low, high, value, is_range = lo, hi, None, True
                end_tok = second.end
                core.pending_m = second.pending_m
                qualifier = "between"
            elif joiner in ("-", "–", "—") and (core.dash or doc[end_tok].whitespace_ == "") and lo >= hi:
                return None, second.end  # a score or a tally of votes ("won 3-1")
            if is_range and joiner in ("-", "–", "—") and _win_loss(doc, core.start, end_tok):
                return None, end_tok

    # Currency before the figure, then the qualifier before that.
    money = currency_before(doc, start_tok)
    if money is not None:
        start_tok = money[1]
    if is_range and prev in ("between", "from") and start_tok > floor:
        start_tok -= 1
    qual = qualifier_before(doc, start_tok, floor)
    if qual is not None and not is_range:
        qualifier, start_tok = qual
    if qual is not None and is_range and qual[0] in ("about",):
        start_tok = qual[1]

    guarded = money is not None or qual is not None
    if core.value is not None and not core.fraction and money is None and \
            is_date(doc, core.start, core.end, core.value, core.integer_figure, guarded):
        return None, end_tok
    if is_range and _phone_like(doc, core.start, end_tok):
        return None, end_tok
    if not guarded and core.value is not None and not core.fraction:
        if is_identifier(doc, core.start, core.end if not is_range else end_tok):
            return None, end_tok
        if core.start > 0 and doc[core.start - 1].text == "(" and end_tok < n and doc[end_tok].text == ")" \
                and not (age_before(doc, core.start) and core.value < 120):
            return None, end_tok  # "(2)": a list marker or a reference

    kind, unit = "count", None
    if money is not None:
        kind, unit = "money", money[0]
    if core.pending_m:
        after = currency_after(doc, end_tok)
        if money is not None or after is not None:
            value = value * 1_000_000 if value is not None else None
            low = low * 1_000_000 if low is not None else None
            high = high * 1_000_000 if high is not None else None
        else:
            kind, unit = "measure", "m"

    # Qualifier after the figure ("83 or more").
    qual_after = qualifier_after(doc, end_tok)
    if qual_after is not None and qualifier is None:
        qualifier, end_tok = qual_after

    if kind == "count":
        after = currency_after(doc, end_tok, core.scaled)
        if after is not None:
            kind, unit, end_tok = "money", after[0], after[1]
    if kind == "count" and not core.fraction:
        age_end = age_after(doc, end_tok)
        if age_end is not None and core.value is not None and not is_range:
            kind, unit, end_tok = "age", "year", age_end
            if doc[age_end - 2].lemma_.lower() in ("month", "week", "day") or doc[age_end - 1].lemma_.lower() in ("month", "week", "day"):
                unit = next(t.lemma_.lower() for t in doc[core.end:age_end] if t.lemma_.lower() in ("month", "week", "day"))
        elif (doc[start_tok - 1].lower_ in ("aged", "age", "ages") if start_tok > 0 else False) or \
                (money is None and qual is None and core.integer_figure and core.value is not None
                 and 0 < core.value < 120 and not is_range and age_before(doc, core.start)
                 and unit_after(doc, end_tok) is None):
            kind, unit = "age", "year"
            if start_tok > 0 and doc[start_tok - 1].lower_ in ("aged", "age", "ages"):
                start_tok -= 1
        elif core.glued_unit:
            unit, kind = UNITS[core.glued_unit]
        else:
            measured = unit_after(doc, end_tok)
            if measured is not None:
                unit, kind, end_tok = measured
    if core.fraction:
        kind, unit = "fraction", "fraction"
    if ratio is not None:
        kind, unit, value = "fraction", "fraction", core.value / ratio.value
        end_tok = ratio.end

    if qual_after is None:
        qual_after = qualifier_after(doc, end_tok)
        if qual_after is not None and qualifier is None:
            qualifier, end_tok = qual_after

    counted, noun = ("age", None) if kind == "age" else (None, None)
    span_end = end_tok
    if kind != "age":
        counted, noun, span_end = find_counted(doc, core.start, end_tok, "count" if ratio else kind)
        if kind == "count":
            later = qualifier_after(doc, span_end)  # "100 people or more"
            if later is not None and qualifier is None:
                qualifier, span_end = later
        if kind == "count" and noun is not None and noun in UNITS and counted == noun:
            unit, kind = UNITS[noun]  # "hundreds of years"
            counted = noun = None

    if span_end > end_tok and any(t.like_num or t.lower_ in ("dozen", "dozens", "hundreds", "thousands")
                                  for t in doc[end_tok:span_end]):
        span_end = end_tok  # "more than half of the 288 candidates": the 288 is its own amount
    if kind == "count" and doc[core.start].text.startswith("."):
        return None, end_tok  # ".357 Magnum", "over .500": calibres and averages, not counts
    if kind == "count" and noun in QUAKE_NOUNS and value is not None and not float(value).is_integer() \
            or (kind == "count" and core.start > 0 and doc[core.start - 1].lower_ in ("magnitude", "magnitude-")):
        kind, unit, counted = "measure", "magnitude", None  # "a 6.1 quake", "magnitude 6.4"
        span_end = max(end_tok, span_end)
        if start_tok == core.start and start_tok > floor and doc[start_tok - 1].lower_.startswith("magnitude"):
            start_tok -= 1
    if core.small_word and (end_tok < n and doc[end_tok].lower_ == "of" or (
            kind == "count" and counted in (None, noun) and counted not in ("death", "injury"))):
        return None, core.end  # a lone "one" rarely counts anything worth comparing

    start_char = doc[start_tok].idx
    last = doc[span_end - 1]
    end_char = last.idx + len(last.text)
    if last.text.endswith(".") and last.lower_.rstrip(".") in SCALE_ABBREV:
        end_char -= 1  # the sentence's full stop, glued to "m." by the tokenizer
    if _overlaps(start_char, end_char, exclude):
        return None, end_tok

    if is_range:
        lo_b, hi_b, lo_inc, hi_inc = low, high, True, True
    elif core.vague:
        lo_b, hi_b, lo_inc, hi_inc = _vague_bounds(core, qualifier)
    else:
        lo_b, hi_b, lo_inc, hi_inc = bounds(value, qualifier)
    if core.vague and qualifier is None:
        qualifier = None

    q = {
        "text": doc[start_tok:span_end].text[:end_char - start_char],
        "start": start_char,
        "end": end_char,
        "value": _num(value),
        "low": _num(lo_b),
        "high": _num(hi_b),
        "low_inclusive": lo_inc,
        "high_inclusive": hi_inc,
        "qualifier": qualifier,
        "unit": unit,
        "counted": counted,
        "noun": noun,
        "kind": kind,
    }
    return q, max(span_end, end_tok)


def _as_doc(doc):
    """A parsed spaCy Doc; a str is parsed with the shared pipeline."""
    if isinstance(doc, str):
        from storyline.nlp import load

        return load()(doc)
    from spacy.tokens import Doc

    if not isinstance(doc, Doc):
        raise InputError("find_quantities", f"expected a spaCy Doc or str, got {type(doc).__name__}")
    if len(doc) and not any(t.dep_ for t in doc[:50]):  # has_annotation() walks every token
        raise InputError("find_quantities", "the Doc has no dependency parse (load the pipeline with its parser)")
    return doc


def find_quantities(doc, exclude=()) -> list[dict]:
    """Every amount in ``doc`` as a range with qualifier, unit and counted noun.

    ``exclude`` holds (start, end) character spans to skip (e.g. temporal expressions
    found by the timex tagger). Offsets are into ``doc.text``.
    """
    doc = _as_doc(doc)
    try:
        spans = [(int(s), int(e)) for s, e in exclude]
    except (TypeError, ValueError) as err:
        raise InputError("find_quantities", f"exclude must be (start, end) pairs: {err}") from None
    spans += _phone_spans(doc.text)
    out: list[dict] = []
    n = len(doc)
    i, floor = 0, 0
    while i < n:
        core = parse_core(doc, i)
        if core is None:
            i += 1
            continue
        q, nxt = _build(doc, core, floor, spans)
        if q is not None:
            out.append(q)
            floor = nxt
        i = max(nxt, i + 1)
    out.sort(key=lambda q: (q["start"], q["end"]))
    return out
