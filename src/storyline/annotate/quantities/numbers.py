"""Parse the number at a token: figures, number words, scales, vague plurals, fractions.

Works on spaCy tokens so offsets come for free; returns a :class:`Core` naming the
tokens used and the value (or, for vague amounts, the range) they denote.
"""

from __future__ import annotations

from dataclasses import dataclass

import re

from .lexicon import FRACTIONS, NUMERAL_RE, ONES, SCALE_ABBREV, SCALES, TENS, UNITS, VAGUE_PLURALS

_MAGNITUDE = re.compile(r"^magnitude-(\d+(?:\.\d+)?)$", re.IGNORECASE)
_PERIOD_YEARS = {"year": 1, "decade": 10, "century": 100}
_GLUED_UNIT = re.compile(r"^(\d+(?:\.\d+)?)([a-zA-Z]{1,4})$")

# Scale words that can follow "several"/"a few"/"many" to make a vague amount.
_VAGUE_HEADS = {"several", "few", "many"}
_DOZEN = 12
# Scale abbreviations that mean nothing else, also after a space ("2 mn euros", "3 bn");
# "m", "b" and "k" only glued ("40m"): "a 50 m pool"
_SPACED_ABBREV = {"mn", "mln", "bn", "bln"}


@dataclass
class Core:
    """A bare amount: tokens [start, end) of the doc and what they denote."""

    start: int
    end: int
    value: float | None            # None for vague amounts
    low: float | None = None       # vague amounts only
    high: float | None = None      # vague amounts only (exclusive)
    scaled: bool = False           # a scale word or suffix was applied
    pending_m: bool = False        # a bare "m" suffix: million if money, else metre
    word: bool = False             # spelled out ("five", "a dozen")
    fraction: bool = False         # "a third", "two-thirds"
    vague: bool = False            # "dozens", "several hundred"
    small_word: bool = False       # "one"/"a": only worth keeping with a unit or an event
    integer_figure: bool = False   # plain digits, no separators or decimals
    glued_unit: str | None = None  # a unit written onto the figure ("1hr", "10kg")
    dash: bool = False             # the figure ends with a dash ("140-")
    figure: float | None = None    # the written figure before a scale word: 2.5 of "2 1/2 million"


def _lower(tok) -> str:
    return tok.lower_


def parse_numeral(text: str) -> tuple[float, str | None] | None:
    """'5,000' -> (5000, None); '2.5bn' -> (2.5, 'bn'); anything else -> None."""
    m = NUMERAL_RE.match(text)
    if not m:
        return None
    num = m.group("num").replace(",", "")
    # A figure with commas must group thousands properly ("1,50" is not a number).
    return float(num), (m.group("scale") or None) and m.group("scale").lower()


def _word_number(doc, i: int) -> tuple[float, int, bool] | None:
    """Spelled-out integer at token i: 'twenty-one', 'one hundred and twenty', 'a dozen'.

    Returns (value, end token, small) where small marks a lone 'one'/'a'.
    """
    n = len(doc)
    total, current, j, seen = 0.0, 0.0, i, False
    last_kind = None
    while j < n:
        w = _lower(doc[j])
        if w in ONES and last_kind in (None, "scale", "and", "tens-hyph"):
            current += ONES[w]
            last_kind = "ones"
        elif w in TENS and last_kind in (None, "scale", "and"):
            current += TENS[w]
            last_kind = "tens"
        elif w in ("-", "–") and last_kind == "tens" and j + 1 < n and _lower(doc[j + 1]) in ONES:
            last_kind = "tens-hyph"
        elif w == "a" and last_kind is None and j + 1 < n and (
            _lower(doc[j + 1]) in SCALES or _lower(doc[j + 1]) == "dozen"
        ):
            current = 1
            last_kind = "a"
        elif w == "dozen" and last_kind in (None, "ones", "tens", "a"):
            current = (current or 1) * _DOZEN
            last_kind = "scale"
        elif w in SCALES and last_kind in ("ones", "tens", "a", "scale"):
            scale = SCALES[w]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
            last_kind = "scale"
        elif w == "and" and last_kind == "scale" and j + 1 < n and (
            _lower(doc[j + 1]) in ONES or _lower(doc[j + 1]) in TENS
        ):
            last_kind = "and"
        else:
            break
        seen = True
        j += 1
    if not seen or last_kind in ("a", "and", "tens-hyph"):
        return None
    value = total + current
    small = j - i == 1 and _lower(doc[i]) == "one"
    return value, j, small


def _glued_scale(doc, j: int) -> bool:
    """A hyphen at token j glued on both sides between a figure and a scale word of a
    thousand or more ("two-million", "5-billion"); not "10-20" or "a 3-hundred"."""
    return (j > 0 and j + 1 < len(doc) and doc[j - 1].whitespace_ == "" and doc[j].whitespace_ == ""
            and SCALES.get(_lower(doc[j + 1]), 0) >= 1000)


def _and_a_half(doc, j: int) -> int | None:
    """The token after "and a half" following a figure ("two and a half million",
    "two-and-a-half"), or None."""
    words = []
    while j < len(doc) and len(words) < 3:
        w = _lower(doc[j])
        j += 1
        if w not in ("-", "–"):
            words.append(w)
    return j if words == ["and", "a", "half"] else None


# A mixed number's fraction: "2 1/2", "2-1/2" (the slash form after a whole figure only:
# alone, "1/2" is as often a date), and the vulgar fraction characters, glued ("2½") or alone.
_SLASH_FRACTION = re.compile(r"^([1-9]|1[0-5])/(2|3|4|8|16)$")
_VULGAR = {"½": 1 / 2, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 1 / 4, "¾": 3 / 4,
           "⅛": 1 / 8, "⅜": 3 / 8, "⅝": 5 / 8, "⅞": 7 / 8}
_GLUED_VULGAR = re.compile(r"^(\d{1,6})([" + "".join(_VULGAR) + r"])$")


def _mixed_fraction(doc, j: int) -> tuple[float, int] | None:
    """(the fraction, the token after it) when a fraction follows a whole figure at token
    j: "2 1/2", "2-1/2" (the hyphen glued on both sides), "2 ½", "7\u2009½" (a thin or no-break
    space: the tokenizer makes it a token of its own); else None."""
    if j < len(doc) and doc[j].is_space and "\n" not in doc[j].text:
        j += 1
    elif j < len(doc) and doc[j].text in ("-", "–") and doc[j - 1].whitespace_ == "" and doc[j].whitespace_ == "":
        j += 1
    if j >= len(doc):
        return None
    t = doc[j].text
    if t in _VULGAR:
        return _VULGAR[t], j + 1
    m = _SLASH_FRACTION.match(t)
    if m and int(m.group(1)) < int(m.group(2)):
        return int(m.group(1)) / int(m.group(2)), j + 1
    return None


def _apply_scales(doc, j: int, value: float) -> tuple[float, int, bool, bool]:
    """Multiply by scale words after a figure ('1.5 million', '15 thousand', '40 m')."""
    scaled = pending_m = False
    n = len(doc)
    while j < n:
        w = _lower(doc[j])
        if w in ("-", "–") and not scaled and _glued_scale(doc, j):
            j += 1  # "two-million-euro", "$5-million": a compound adjective keeps its scale
            continue
        if w in SCALES:
            value *= SCALES[w]
            scaled = True
            j += 1
        elif w == "dozen":
            value *= _DOZEN
            scaled = True
            j += 1
        elif (w in SCALE_ABBREV or (w.endswith(".") and w[:-1] in SCALE_ABBREV and j + 1 == n)) \
                and not scaled and (doc[j - 1].whitespace_ == "" or w.rstrip(".") in _SPACED_ABBREV):
            w = w.rstrip(".")  # "£40m." at the very end: the tokenizer kept the full stop
            # "40m" split by the tokenizer; "m" alone is decided later (million/metre).
            if w == "m":
                pending_m = True
                j += 1
                break
            value *= SCALE_ABBREV[w]
            scaled = True
            j += 1
            break
        else:
            break
    return value, j, scaled, pending_m


def _vague(doc, i: int) -> Core | None:
    """'dozens', 'hundreds of thousands', 'several hundred', 'a handful'."""
    n = len(doc)
    w = _lower(doc[i])
    if w in VAGUE_PLURALS:
        base = VAGUE_PLURALS[w]
        end = i + 1
        # "tens of thousands", "hundreds of millions"
        if end + 1 < n and _lower(doc[end]) == "of" and _lower(doc[end + 1]) in VAGUE_PLURALS \
                and VAGUE_PLURALS[_lower(doc[end + 1])] >= 1000:
            base *= VAGUE_PLURALS[_lower(doc[end + 1])]
            end += 2
        elif w == "tens":
            return None  # "tens" alone is rare and ambiguous
        high = 100 if base in (12, 20) else base * 10
        return Core(i, end, None, low=2 * base, high=high, vague=True, word=True)
    if w in _VAGUE_HEADS or (w == "a" and i + 1 < n and _lower(doc[i + 1]) == "few"):
        k = i + 2 if w == "a" else i + 1
        if k < n and (_lower(doc[k]) in SCALES or _lower(doc[k]) in ("dozen", "thousands", "millions",
                                                                    "hundreds", "dozens")):
            name = _lower(doc[k]).rstrip("s")
            base = _DOZEN if name == "dozen" else SCALES.get(name, 0)
            if base:
                high = 100 if base == _DOZEN else base * 10
                return Core(i, k + 1, None, low=2 * base, high=high, vague=True, word=True)
    if w == "a" and i + 1 < n and _lower(doc[i + 1]) == "handful":
        return Core(i, i + 2, None, low=2, high=10, vague=True, word=True)
    return None


def _fraction(doc, i: int) -> Core | None:
    """'a third of', 'two-thirds of', 'half of/the', 'three quarters of'."""
    n = len(doc)
    w = _lower(doc[i])
    num, k = None, i
    if w in ("a", "one"):
        num, k = 1, i + 1
    elif w in ONES and ONES[w] > 1:
        num, k = ONES[w], i + 1
    elif w == "half":
        num, k = 1, i
    if num is None or k >= n:
        return None
    if w in ("half",) and i > 0 and (doc[i - 1].lower_ == "the" or doc[i - 1].pos_ == "ADJ"):
        return None  # "the first half of the game", "the lower half": a part, not an amount
    if k > i and _lower(doc[k]) in ("-", "–") and k + 1 < n:
        k += 1
    frac = _lower(doc[k])
    if frac not in FRACTIONS:
        return None
    if num > 1 and not frac.endswith("s") and frac != "half":
        return None
    end = k + 1
    nxt = _lower(doc[end]) if end < n else ""
    # Only partitive uses are amounts ("a third of the vote"); "a quarter century" is not.
    if nxt != "of" and not (frac == "half" and nxt in ("the", "its", "their", "his", "her")):
        return None
    return Core(i, end, num * FRACTIONS[frac], fraction=True, word=True)


# Words that can begin an amount; any other token that does not start with a digit or
# a decimal point is skipped at once (parse_core runs on every token; find_quantities makes
# the same test first): a vulgar fraction alone ("½ mile") is one of them.
_STARTERS = set(ONES) | set(TENS) | set(VAGUE_PLURALS) | _VAGUE_HEADS | {"a", "half", "one"} | set(_VULGAR)


def _skip_dashes(doc, k: int) -> int:
    while k < len(doc) and doc[k].text in ("-", "–"):
        k += 1
    return k


def _half(doc, i: int) -> Core | None:
    """'half a dozen', 'half-a-dozen', 'half a million', 'half a century' (50 years)."""
    k = _skip_dashes(doc, i + 1)
    if k >= len(doc) or _lower(doc[k]) not in ("a", "an"):
        return None
    k = _skip_dashes(doc, k + 1)
    if k >= len(doc):
        return None
    word = _lower(doc[k])
    base = _DOZEN if word == "dozen" else SCALES.get(word)
    if base and base >= _DOZEN:
        return Core(i, k + 1, base / 2, word=True, scaled=True)
    years = _PERIOD_YEARS.get(doc[k].lemma_.lower())
    if years:
        core = Core(i, k + 1, years / 2, word=True)
        core.glued_unit = "year"
        return core
    return None


def _period(doc, i: int) -> Core | None:
    """'a quarter-century' (25 years), and 'a year'/'a decade' after a qualifier ('nearly a year')."""
    if _lower(doc[i]) not in ("a", "an") or i + 1 >= len(doc):
        return None
    k = i + 1
    if _lower(doc[k]) in ("quarter", "half"):
        frac = 0.25 if _lower(doc[k]) == "quarter" else 0.5
        k = _skip_dashes(doc, k + 1)
        years = _PERIOD_YEARS.get(doc[k].lemma_.lower()) if k < len(doc) else None
        if years and years >= 10:
            core = Core(i, k + 1, years * frac, word=True)
            core.glued_unit = "year"
            return core
        return None
    unit = doc[k].lemma_.lower()
    if unit in _PERIOD_YEARS or unit in ("week", "month", "day", "hour", "minute"):
        from .context import qualifier_before  # local: context imports nothing from here

        if qualifier_before(doc, i) is not None:
            return Core(i, i + 1, 1.0, word=True)  # "nearly a year", "more than a decade"
    return None


def parse_core(doc, i: int) -> Core | None:
    """The amount starting at token i, or None."""
    tok = doc[i]
    text = tok.text
    if not (text[:1].isdigit() or text[:1] == "." or tok.lower_ in _STARTERS
            or tok.lower_.startswith("magnitude-")):
        return None
    dash = len(text) > 1 and text[-1] in "-–" and text[-2].isdigit()
    parsed = parse_numeral(text[:-1] if dash else text)
    if parsed is not None:
        value, suffix = parsed
        core = Core(i, i + 1, value)
        core.dash = dash  # "$140- $150 million": the range dash stuck to the figure
        if dash:
            return core
        core.integer_figure = tok.text.isdigit()
        if suffix:
            if suffix == "m":
                core.pending_m = True
            else:
                core.value = value * SCALE_ABBREV.get(suffix, SCALES.get(suffix, 1))
                core.scaled, core.figure = True, value
            return core
        half = _and_a_half(doc, i + 1) if value.is_integer() else None
        # (a whole of three figures at most: "2011 1/2 of the people" is a year, then a date)
        mixed = _mixed_fraction(doc, i + 1) if value.is_integer() and value < 1000 and not half else None
        if mixed:
            core.integer_figure = False
            value, half = value + mixed[0], mixed[1]
        else:
            value += 0.5 * bool(half)
        core.figure = value
        core.value, core.end, core.scaled, core.pending_m = _apply_scales(doc, half or i + 1, value)
        return core
    vulgar = _GLUED_VULGAR.match(text)
    if vulgar or text in _VULGAR:  # "2½ years", "½ mile"
        value = float(vulgar.group(1)) + _VULGAR[vulgar.group(2)] if vulgar else _VULGAR[text]
        core = Core(i, i + 1, value, figure=value)
        core.value, core.end, core.scaled, core.pending_m = _apply_scales(doc, i + 1, value)
        # alone before "of", a part as "three quarters of the vote" is ("¾ of the vote")
        core.fraction = not vulgar and not core.scaled and i + 1 < len(doc) and _lower(doc[i + 1]) == "of"
        return core
    period = _period(doc, i)
    if period is not None:
        return period
    magnitude = _MAGNITUDE.match(text)
    if magnitude:  # "a magnitude-5.2 quake", tokenised as one word
        core = Core(i, i + 1, float(magnitude.group(1)))
        core.glued_unit = "magnitude"
        return core
    glued = _GLUED_UNIT.match(tok.text)
    if glued and (glued.group(2).lower() in UNITS or glued.group(2) in ("C", "F")):
        core = Core(i, i + 1, float(glued.group(1)))
        # "1hr", "10kg", "277km"; "40C" is Celsius only glued and in capitals
        core.glued_unit = "°c" if glued.group(2) in ("C", "F") else glued.group(2).lower()
        return core
    frac = _fraction(doc, i)
    if frac is not None:
        return frac
    vague = _vague(doc, i)
    if vague is not None:
        return vague
    low = _lower(tok)
    if low in ONES or low in TENS or low == "a" or low == "half":
        if low == "half":
            return _half(doc, i)
        if tok.tag_ != "CD" and low not in ("a",) and not (i + 1 < len(doc) and _lower(doc[i + 1]) in SCALES):
            return None  # "one" as a pronoun ("no one", "the one who")
        words = _word_number(doc, i)
        if words is None:
            return None
        value, end, small = words
        half = _and_a_half(doc, end)
        if half:
            value, end, small = value + 0.5, half, False
        core = Core(i, end, value, word=True, small_word=small)
        core.value, core.end, scaled, _ = _apply_scales(doc, end, value)
        core.scaled = scaled or any(_lower(t) in SCALES for t in doc[i:end])
        return core
    return None
