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
of" 1/3 and "one in five" 0.2 (unit "fraction"). After a verb of change, "rose from 40
to 83" gives two figures, not a range.

``kind`` is "count", "money" (unit an ISO 4217 code), "percent", "measure" (km, ton,
magnitude, ...), "duration" (day, week, ...), "fraction" or "age" ("the 83-year-old",
"aged 83", "Smith, 62,", "She was 85.": counted "age", unit "year"). Dates, clock times,
years, ordinals, identifiers ("Flight 370", "the 1500 block of"), phone numbers, scores
and win-loss records ("won 3-1", "(25-7)") are skipped. Layout: numbers.py reads the
figure, context.py what surrounds it, counted.py the counted noun, build.py assembles.

``counted`` normalises the counted noun through the parse: deaths, fatalities, "83
dead", "killing 83 people", "83 people were killed", "the death toll rose to 83" all
give "death"; strikes/raids/bombings give "attack"; people/persons give "person";
otherwise the noun's lemma. ``noun`` keeps the head noun lemma ("strike").
"""

from __future__ import annotations

from storyline.errors import InputError
from storyline.nlp import doc_text

from . import context
from .build import build, phone_spans
from .numbers import _STARTERS, parse_core
from .ranges import bounds

__all__ = ["find_quantities", "bounds"]


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
    spans += phone_spans(doc_text(doc))
    out: list[dict] = []
    # parse_core's own first test, on plain strings: most tokens are no amount, and
    # making a Token object per position costs more than the test itself
    lowers = context.lowers(doc)
    starters = [k for k, w in enumerate(lowers)
                if w[:1].isdigit() or w[:1] == "." or w in _STARTERS or w.startswith("magnitude-")]
    i, floor = 0, 0
    for k in starters:
        if k < i:
            continue  # inside the amount just built
        i = k
        core = parse_core(doc, i)
        if core is None:
            i += 1
            continue
        q, nxt = build(doc, core, floor, spans)
        if q is not None:
            out.append(q)
            floor = nxt
        i = max(nxt, i + 1)
    out.sort(key=lambda q: (q["start"], q["end"]))
    return out
