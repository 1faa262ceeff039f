"""``tag_timexes``: find temporal expressions and normalise them TIMEX3-style.

Rules (in the order they apply):

* Spans come from regular-expression patterns (``grammar.py``); when they overlap the
  longest wins. As in TimeML, a leading preposition is left out ("on Monday" -> "Monday"),
  "the" is kept where it belongs to the expression ("the fourth quarter", "the past decade").
* Absolute dates ("July 24, 2003", "2003-07-24", "7/8/07", "January 2005", "2009") need
  no anchor. Everything else is resolved against the *anchor*: the publication date
  (document creation time) for deictic expressions ("today", "last week", "Monday",
  "two years ago"), the last day mentioned (reference time) for anaphoric ones ("the day",
  "the same day", "the following week", "the previous year", "three days later").
* Tense decides direction. It is read from prepositions first ("since" looks back;
  "until", "by" ahead), then from the verb governing the expression (spaCy tags when a
  Doc is given), then from cue words in the clause ("will", "is expected to",
  "scheduled for", "-ed" forms; the clause starts after the last subordinator ("when
  the season ended on May 3"); the nearest cue wins, participles in the scope of a
  future cue do not count, a fronted "On Friday," takes the tense of the clause after
  the comma, and a present perfect -- "has been scheduled" -- says nothing):
    - a weekday in a past-tense clause is the latest such day on or before the anchor
      ("this Monday" said on Tuesday 2 Dec 2025 -> 2025-12-01); in a future clause the
      next one on or after it ("is expected to ... on Thursday" -> 2025-12-04); with no
      tense cue the past reading is taken (news reports what happened); in the present
      tense the nearest ("plays at Seattle on Saturday" is a schedule), except in a
      headline, whose present tense reports the past ("Apple unveils iPod Monday");
    - a yearless date or bare month in the past tense is its last occurrence not after
      the anchor ("September" in December -> the same year, "November" in March -> the
      year before), in the future tense the next one; with no cue the nearest;
    - "the fourth quarter" is the last fourth quarter that has begun in the past tense,
      the next one in the future tense, the nearest otherwise;
    - "last November" is the latest November before the anchor month, "next March" the
      first after it (these need no tense).
* "since X" gives ``range = {"start": X, "end": None}``; "until/till/through X" gives
  ``{"start": None, "end": X}``; "from X to Y" and "between X and Y" give both ends
  ``{"start": X, "end": Y}``.
* Durations are ``P<n><unit>`` (``PT`` for hours/minutes/seconds, ``X`` when vague:
  "several years" -> ``PXY``); a decade is ten years (``P10Y``) as in MEANTIME.
  "N units before/after <event>" is a DURATION; "N units ago" is the DATE it names.
  "a day", "a week" are durations only where a length of time is meant ("for a week",
  "a day after", "gave him a week to leave"), not in "not a day anybody can ...".
* Times: "08:30 UTC" -> ``<day>T08:30Z``, "6:40 p.m. (GMT +8)" -> ``<day>T18:40+08:00``,
  on the day named next to it ("12:00 UTC Monday", "16:15 UTC, June 1st") or else the
  reference day; parts of day: "Thursday night" -> ``<day>TNI``, "this morning" ->
  ``<anchor>TMO``.
* Sets: "every Monday" -> ``XXXX-WXX-1``, "weekly" -> ``P1W``, "15 a year" -> ``P1Y``.
* "now", "currently", "current" -> ``PRESENT_REF``; "recently", "the past" ->
  ``PAST_REF``; "the future", "soon", "the long term" -> ``FUTURE_REF``.
* With no anchor (``published`` None), relative values stay unresolved TIMEX3
  patterns: ``XXXX-WXX-1`` for "Monday", ``XXXX-11-21`` for "November 21",
  ``XXXX-XX-XX`` for "yesterday".
"""

from __future__ import annotations

import bisect
import datetime as dt
import re

from ...errors import InputError
from ...nlp import doc_text
from ..tokens import words as token_words
from .grammar import Candidate, find_candidates, select
from .resolve import Resolved, State, resolve
from .tense import tense_from_cues, tense_from_doc, tense_from_noun, tense_from_preposition

_NEEDS_TENSE = {"date", "feast", "month", "weekday", "quarter", "season", "relunit", "time", "half"}
_RANGE_START = re.compile(r"(?i)\b(?:since|from|starting|beginning|as of)\s+(?:early\s+|late\s+|mid-?)?$")
_RANGE_END = re.compile(r"(?i)\b(?:until|till|through|to|up to|by|before)\s+(?:early\s+|late\s+|mid-?)?$")
_SENT = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n+")


def parse_anchor(published) -> dt.date | None:
    """The publication date as a date; raises InputError when it is not ISO 8601."""
    if published is None or published == "":
        return None
    if isinstance(published, dt.datetime):
        return published.date()
    if isinstance(published, dt.date):
        return published
    s = str(published).strip()
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        pass
    try:  # feeds give RFC 2822 dates ("Tue, 02 Dec 2025 10:00:00 GMT")
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(s).date()
    except (TypeError, ValueError, IndexError):
        raise InputError("published", f"not an ISO 8601 date: {s!r}") from None


def sentence_spans(text: str, doc=None) -> list[tuple[int, int]]:
    """(start, end) of each sentence: from the Doc when given, else a punctuation split."""
    if doc is not None and doc_text(doc) == text and doc.has_annotation("SENT_START"):
        spans = []
        for _, _, a, b in token_words(doc).sents:  # a line break always ends a sentence (headline, date line)
            start = a
            if "\n" in text[a:b]:
                for m in re.finditer(r"\n+", text[a:b]):
                    spans.append((start, a + m.start()))
                    start = a + m.end()
            spans.append((start, b))
        return [x for x in spans if x[1] > x[0]]
    spans, start = [], 0
    for m in _SENT.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [s for s in spans if s[1] > s[0]]


def _sentence_of(sents: list[tuple[int, int]], pos: int, starts: list[int] | None = None) -> int:
    """Index of the sentence containing ``pos`` (len(sents) when none does)."""
    i = bisect.bisect_right(starts if starts is not None else [a for a, _ in sents], pos) - 1
    return i if 0 <= i < len(sents) and sents[i][0] <= pos < sents[i][1] else len(sents)


def _tense(text: str, sents, c: Candidate, doc, starts: list[int] | None = None) -> str | None:
    i = _sentence_of(sents, c.start, starts)
    s0, s1 = sents[i] if i < len(sents) else (0, len(text))
    left = text[s0:c.start]
    t = tense_from_preposition(left) or tense_from_noun(left, text[c.end:s1])
    if t:
        return t
    if doc is not None:
        t = tense_from_doc(doc, c.start, c.end)
        if t in ("past", "future"):
            return t
    t2 = tense_from_cues(text[s0:s1], c.start - s0, c.end - s0)
    t = t2 if t2 in ("past", "future") else (t or t2)
    headline = not text[:s0].strip() and text[s1:s1 + 1] == "\n" and not text[s0:s1].rstrip().endswith(".")
    if t == "present" and headline:
        return "past"  # a headline's present tense reports what happened ("Apple unveils ...")
    return t


def _range(text: str, c: Candidate, value: str, typ: str) -> dict | None:
    if typ not in ("DATE", "TIME") or value.endswith("_REF"):
        return None
    left = text[max(0, c.start - 16):c.start]
    if _RANGE_START.search(left) and not left.lower().rstrip().endswith(("from", "starting", "beginning", "as of")):
        return {"start": value, "end": None}
    if re.search(r"(?i)\b(?:until|till|through)\s+$", left):
        return {"start": None, "end": value}
    return None


_last: tuple = (None, None, None)  # (text, doc, result) of the last call, one tuple: thread-safe reads


def analyse(text: str, doc=None) -> list[tuple[Candidate, str | None, int]]:
    """Selected candidates with the tense of their clause and their sentence index.

    The last result is kept: inferring the publication date and tagging both analyse
    the same article, and the 47 patterns are the tagger's main cost. Callers only read it.
    """
    if doc is not None and doc_text(doc) != text:
        doc = None
    global _last
    last = _last
    if last[1] is doc and last[0] == text:
        return last[2]
    out = _analyse(text, doc)
    _last = (text, doc, out)
    return out


def _analyse(text: str, doc) -> list[tuple[Candidate, str | None, int]]:
    sents = sentence_spans(text, doc)
    starts = [a for a, _ in sents]
    out = []
    for c in select(find_candidates(text)):
        tense = _tense(text, sents, c, doc, starts) if c.parse["kind"] in _NEEDS_TENSE else None
        idx = _sentence_of(sents, c.start, starts)
        out.append((c, tense, idx))
    return out


def tag_timexes(text: str, published: str | None, doc=None, analysed: list | None = None) -> list[dict]:
    """Temporal expressions in ``text``, TIMEX3-normalised against ``published``.

    Returns dicts ``{type, value, text, start, end, anchor, rule, confidence, range}``
    ordered by ``start`` (offsets into ``text``; raw offsets are the caller's business).
    ``doc`` is an optional spaCy Doc of the same text, used for tense; ``analysed`` is
    ``analyse(text, doc)`` when the caller kept it (then no Doc is needed).
    """
    if not isinstance(text, str):
        raise InputError("text", f"expected a string, got {type(text).__name__}")
    anchor = parse_anchor(published)
    if analysed is None:
        analysed = analyse(text, doc)  # a Doc of another text is ignored (wrong tenses)
    chosen = [c for c, _, _ in analysed]
    st = State(anchor=anchor, ref=anchor)
    out: list[dict] = []
    for i, (c, tense, _) in enumerate(analysed):
        p = c.parse
        if p["kind"] == "time" and not p.get("day") and i + 1 < len(chosen):
            nxt = chosen[i + 1]
            if nxt.parse["kind"] in ("date", "weekday", "relday") and re.fullmatch(r",?\s*(?:on\s+|(?:in\s+)?the\s+(?:morning|afternoon|evening|night)\s+of\s+)?", text[c.end:nxt.start]):
                p = dict(p, day=nxt.parse)
        r = resolve(p, st, tense)
        if r is None:
            continue
        _remember(st, r)
        out.append({
            "type": r.type, "value": r.value, "text": text[c.start:c.end],
            "start": c.start, "end": c.end,
            "anchor": r.anchor.isoformat() if r.anchor else None,
            "rule": r.rule, "confidence": round(r.confidence, 2),
            "range": _range(text, c, r.value, r.type),
        })
    _link_intervals(text, out)
    return out


_BETWEEN = re.compile(r"\s*(?:to|until|till|through|and|-|–|—)\s*")


def _link_intervals(text: str, out: list[dict]) -> None:
    """'from June 3 to June 5', 'between 2014 and 2016': both ends get the interval as range."""
    for a, b in zip(out, out[1:]):
        if a["type"] not in ("DATE", "TIME") or b["type"] != a["type"] or "_REF" in a["value"] + b["value"]:
            continue
        gap = text[a["end"]:b["start"]]
        before = text[max(0, a["start"] - 9):a["start"]].lower()
        if not _BETWEEN.fullmatch(gap):
            continue
        opener = re.search(r"\b(from|between)\s+$", before)
        if (gap.strip() == "and" and not (opener and opener.group(1) == "between")) or (gap.strip() != "and" and gap.strip() not in ("-", "–", "—") and not opener):
            continue
        a["range"] = b["range"] = {"start": a["value"], "end": b["value"]}


def _remember(st: State, r: Resolved) -> None:
    """Move the reference time to what was just mentioned (for "the day", "that year")."""
    if r.type not in ("DATE", "TIME") or not r.value[:4].isdigit():
        return
    if r.day is not None:
        st.ref = r.day
    st.ref_value = r.value.split("T")[0]
