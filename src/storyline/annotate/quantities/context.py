"""What surrounds an amount: qualifiers, currency, units, and the date/age/name tests."""

from __future__ import annotations

from ..tokens import words as token_words
from .lexicon import (
    CLOCK_WORDS, CURRENCY_COUNTRY, CURRENCY_SYMBOLS, CURRENCY_WORDS, IDENTIFIER_BEFORE,
    MONTHS, PERCENT_WORDS, PERSON_AGE_UNITS, QUALIFIERS_AFTER, QUALIFIERS_BEFORE,
    STREET_WORDS, UNITS, WEEKDAYS,
)

# Words before a four-digit figure that make it a year ("in 2014").
YEAR_BEFORE = {"in", "since", "by", "until", "till", "before", "after", "during", "of", "from",
               "early", "late", "mid", "mid-", "around", "circa", "spring", "summer", "autumn",
               "fall", "winter", "year", "'s"}
# Plural nouns after "the <year>" that name events of that year ("the 2014 elections").
YEAR_EVENTS = {
    "election", "riot", "protest", "attack", "murder", "war", "game", "olympic", "olympics",
    "crash", "flood", "uprising", "revolution", "strike", "bombing", "shooting", "killing",
    "slaying", "primary", "talk", "accord", "agreement", "championship", "final", "award",
}
DIRECTIONS = {"n.", "s.", "e.", "w.", "n", "s", "e", "w", "north", "south", "east", "west",
              "ne", "nw", "se", "sw", "ne.", "nw.", "se.", "sw."}
# Emergency telephone numbers, never amounts.
EMERGENCY_NUMBERS = {"911", "999", "112", "000"}
# Singular person nouns that take an age in apposition ("Boy, 3, shot ...").
PERSON_NOUNS = {
    "man", "woman", "boy", "girl", "teen", "teenager", "child", "baby", "toddler", "son",
    "daughter", "mother", "father", "wife", "husband", "victim", "suspect", "driver",
    "officer", "student", "grandmother", "grandfather", "brother", "sister", "friend",
    "resident", "gunman", "shooter", "youth",
}


def _forms(table: dict[str, list[str]]) -> list[tuple[tuple[str, ...], str]]:
    """(token tuple, canonical) pairs, longest first so 'just over' beats 'over'."""
    pairs = [(tuple(f.split()), canon) for canon, forms in table.items() for f in forms]
    return sorted(pairs, key=lambda p: -len(p[0]))


_BEFORE = _forms(QUALIFIERS_BEFORE)
_AFTER = _forms(QUALIFIERS_AFTER)
_BEFORE_BY_WORDS = dict(reversed(_BEFORE))  # first listed wins on duplicates
_BEFORE_LENGTHS = sorted({len(w) for w, _ in _BEFORE}, reverse=True)
# the after-forms by first word, each list in _AFTER's order (longest first): only
# forms starting with the word at hand can match; "-odd" is matched as "-" "odd" below
_AFTER_BY_FIRST: dict[str, list[tuple[list[str], str]]] = {}
for _words, _canon in _AFTER:
    if _words != ("-odd",):
        _AFTER_BY_FIRST.setdefault(_words[0], []).append((list(_words), _canon))

def lowers(doc) -> list[str]:
    """``[t.lower_ for t in doc]`` (shared, see tokens.py): the qualifier tests read a few
    words around every amount, and a Token object per word read costs more than the test."""
    return token_words(doc).lower


def qualifier_before(doc, i: int, floor: int = 0) -> tuple[str, int] | None:
    """Canonical qualifier ending just before token i (longest match), and its first token."""
    low = lowers(doc)
    for size in _BEFORE_LENGTHS:
        k = i - size
        if k < floor:
            continue
        canon = _BEFORE_BY_WORDS.get(tuple(low[k:i]))
        if canon is not None:
            return canon, k
    return None


def qualifier_after(doc, j: int) -> tuple[str, int] | None:
    """Canonical qualifier starting at token j ('or more'), and the token after it."""
    low = lowers(doc)
    n = len(low)
    if j >= n:
        return None
    for words, canon in _AFTER_BY_FIRST.get(low[j], ()):
        k = j + len(words)
        if k <= n and low[j:k] == words:
            if k < n and low[k] in ("than", "of"):
                continue  # "four days and more than 30 hours"
            return canon, k
    # (a lower form is "-" or "+" only for that very text)
    if j + 1 < n and low[j] == "-" and low[j + 1] == "odd":
        return "about", j + 2
    if low[j] == "+" and (
            doc[j - 1].whitespace_ == "" or j + 1 >= len(doc) or not doc[j + 1].like_num):
        return "at least", j + 1  # "2,291+", but not "2 + 2"
    return None


def currency_before(doc, i: int) -> tuple[str, int] | None:
    """Currency symbol or code written before the figure at token i ('$', 'US$', 'EUR')."""
    if i == 0:
        return None
    prev = doc[i - 1]
    code = CURRENCY_SYMBOLS.get(prev.lower_)
    if code is None:
        return None
    if prev.is_alpha and prev.text.upper() != prev.text and prev.lower_ not in ("rs", "rs."):
        return None  # "eur" in running text is not a currency code
    k = i - 1
    # "US $5", "U.S. $5"
    if code == "USD" and prev.text == "$" and k > 0 and doc[k - 1].text in ("US", "U.S.") and \
            doc[k - 1].whitespace_ in ("", " "):
        if doc[k - 1].whitespace_ == "":
            k -= 1
    return code, k


def currency_after(doc, j: int, scaled: bool = False) -> tuple[str, int] | None:
    """Currency word after the figure ('2 million euros', '5 US dollars'), with end token."""
    n = len(doc)
    k = j
    if 0 < k < n - 1 and doc[k].text in ("-", "–") and doc[k - 1].whitespace_ == "" and doc[k].whitespace_ == "":
        k += 1  # "two-million-euro contract", "a 5,000-euro fine": the currency glued on by a hyphen
    if k < n and doc[k].text in ("US", "U.S.", "American") and k + 1 < n and \
            doc[k + 1].lemma_.lower() == "dollar":
        k += 1
    country = None
    if k < n and doc[k].pos_ in ("ADJ", "PROPN") and k + 1 < n:
        for (adj, word), code in CURRENCY_COUNTRY.items():
            lemma = doc[k + 1].lemma_.lower()
            if doc[k].lower_ == adj and lemma.startswith(word):
                country = code
        if country is None and doc[k].lower_ == "hong" and k + 2 < n and doc[k + 2].lemma_.lower() == "dollar":
            return "HKD", k + 3
        if country:
            return country, k + 2
    if k >= n:
        return None
    word = doc[k].lower_
    lemma = doc[k].lemma_.lower()
    code = CURRENCY_WORDS.get(word) or CURRENCY_WORDS.get(lemma) or CURRENCY_WORDS.get(word.rstrip("s"))
    if code is None:
        return None
    if code == "GBP" and lemma == "pound" and not scaled and doc[k].ent_type_ != "MONEY":
        return None  # "weighing 200 pounds", "500 pounds of cocaine": a weight (lb)
    if word in ("won", "real") and doc[k].pos_ != "NOUN":
        return None  # "won" the verb, "real" the adjective
    end = k + 1
    if end < n and doc[end].lower_ == "sterling":
        end += 1
    return code, end


def unit_after(doc, j: int) -> tuple[str, str, int] | None:
    """(unit, kind, end token) for a measure, duration or percent right after token j."""
    n = len(doc)
    k = j
    if k < n and doc[k].text in ("-", "–") and doc[k].whitespace_ == "" and k + 1 < n:
        k += 1  # "15-mile", "30-year"
    if k >= n:
        return None
    two = f"{doc[k].lower_} {doc[k + 1].lower_}" if k + 1 < n else ""
    if k + 1 < n and f"{doc[k].lower_} {doc[k + 1].lemma_.lower()}" in UNITS:
        two = f"{doc[k].lower_} {doc[k + 1].lemma_.lower()}"  # "nautical miles"
    if two in ("per cent", "per cent.", "percentage point", "percentage points"):
        unit = "percentage point" if two.startswith("percentage") else "percent"
        return unit, "percent", k + 2
    if doc[k].lower_ in PERCENT_WORDS:
        return "percent", "percent", k + 1
    if two in UNITS:
        unit, kind = UNITS[two]
        return unit, kind, k + 2
    if two.startswith("square ") and k + 1 < n:
        base = UNITS.get(doc[k + 1].lemma_.lower()) or UNITS.get(doc[k + 1].lower_)
        if base:
            return "square " + base[0], "measure", k + 2
    word, lemma = doc[k].lower_, doc[k].lemma_.lower()
    hit = UNITS.get(word) or UNITS.get(lemma)
    if hit is None and word.endswith("s"):
        hit = UNITS.get(word[:-1])
    if hit is None:
        return None
    if word == "second" and doc[k].tag_ == "JJ":
        return None
    return hit[0], hit[1], k + 1


def age_after(doc, j: int) -> int | None:
    """End token of '-year-old' / ' years old' / ' years of age' after token j, else None."""
    n = len(doc)
    k = j
    if k < n and doc[k].text in ("-", "–"):
        k += 1
    if k >= n:
        return None
    unit = doc[k].lemma_.lower()
    if doc[k].lower_ in ("year-old", "years-old"):
        return k + 1
    if unit not in PERSON_AGE_UNITS and doc[k].lower_.rstrip("s") not in PERSON_AGE_UNITS:
        return None
    k += 1
    if k < n and doc[k].text in ("-", "–"):
        k += 1
    if k < n and doc[k].lower_ in ("old", "olds"):
        return k + 1
    if k + 2 < n and doc[k].lower_ == "of" and doc[k + 1].lower_ == "age":
        return k + 2
    return None


def age_before(doc, i: int) -> bool:
    """'aged 83', 'age 83', 'Maduro, 62,' and 'Smith (41)'."""
    if i == 0:
        return False
    prev = doc[i - 1]
    if prev.lower_ in ("aged", "age", "ages"):
        return True
    if i >= 2 and prev.lower_ == "of" and doc[i - 2].lower_ == "age":
        return True  # "at the age of 85"
    if i >= 2 and prev.lower_ == "at" and doc[i - 2].lemma_.lower() == "die":
        return True  # "dies at 91"
    tok, nxt = doc[i], doc[i + 1] if i + 1 < len(doc) else None
    if prev.lemma_ == "be" and tok.dep_ in ("attr", "acomp") and (nxt is None or nxt.is_punct) and any(
            c.dep_ == "nsubj" and (c.lower_ in ("he", "she") or c.ent_type_ == "PERSON") for c in prev.children):
        return True  # "She was 85."
    name = doc[i - 2] if i >= 2 else None
    if name is not None and name.text in ("'s", "’s") and i >= 3:
        name = doc[i - 3]  # "Reid's, 33,"
    if name is not None and prev.text in (",", "(") and (
            name.pos_ == "PROPN" or (name.is_title and name.lower_ not in MONTHS | WEEKDAYS)
            or name.tag_ == "NN"):
        closing = ")" if prev.text == "(" else None
        nxt = doc[i + 1].text if i + 1 < len(doc) else ""
        if closing:
            return nxt == closing
        return nxt in (",", ".", ";", ":", "", "(") or nxt in ("and", "who")
    return False


def _month(tok) -> bool:
    return tok.lower_ in MONTHS and (tok.pos_ == "PROPN" or tok.text[:1].isupper())


def is_date(doc, start: int, end: int, value: float | None, integer_figure: bool,
            guarded: bool = False) -> bool:
    """A day of the month, a year or a clock time, not an amount.

    ``guarded`` (a qualifier or currency precedes) turns off the year test only.
    """
    n = len(doc)
    prev = doc[start - 1] if start > 0 else None
    nxt = doc[end] if end < n else None
    if prev is not None and (_month(prev) or prev.lower_ in WEEKDAYS):
        return True
    if nxt is not None and _month(nxt):
        return True
    if nxt is not None and nxt.lower_ == "of" and end + 1 < n and _month(doc[end + 1]):
        return True
    if nxt is not None and nxt.lower_ in CLOCK_WORDS:
        return True
    if not guarded and integer_figure and value is not None and 1000 <= value <= 2100 and \
            len(doc[start].text) == 4:
        # A bare four-digit figure is a year unless it counts something plural.
        follower = doc[end] if end < n else None
        j = end
        while j < n and doc[j].pos_ in ("ADJ", "PROPN") and j - end < 3:
            j += 1
        head = doc[j] if j < n else None
        if head is not None and head.tag_ in ("NNS", "NNPS") and head.lower_ not in MONTHS:
            # "2000 troops" counts; "the 1967 slayings", "the 2014 elections" name events
            eventish = head.lower_.endswith("ings") or head.lemma_.lower() in YEAR_EVENTS
            return bool(prev is not None and prev.pos_ in ("DET", "PRON") and prev.lower_ != "some" and eventish)
        if prev is not None and prev.lower_ in YEAR_BEFORE:
            return True
        if follower is not None and unit_after(doc, end):
            return False  # "2000 km"
        if follower is not None and follower.lower_ == "of" and end + 1 < n and \
                doc[end + 1].lower_ in ("the", "them", "those", "these", "whom", "which", "us"):
            return False  # "1500 of them"
        return True
    # Inside a spaCy DATE/TIME entity that names a month, weekday or clock time.
    tok = doc[start]
    if tok.ent_type_ in ("DATE", "TIME"):
        # the entity's tokens, found through IOB tags (doc.ents builds every span: slow)
        lo = start
        while lo > 0 and doc[lo].ent_iob_ == "I":
            lo -= 1
        hi = start + 1
        while hi < n and doc[hi].ent_iob_ == "I":
            hi += 1
        if any(_month(t) or t.lower_ in WEEKDAYS or t.lower_ in CLOCK_WORDS or ":" in t.text
               for t in doc[lo:hi]):
            return True
    return False


def is_identifier(doc, start: int, end: int) -> bool:
    """A number naming something: 'Flight 370', 'Route 66', 'the 1500 block of', '12 Main Street'."""
    n = len(doc)
    prev = doc[start - 1] if start > 0 else None
    if prev is not None and prev.whitespace_ and prev.lower_ in IDENTIFIER_BEFORE:
        return True
    if prev is not None and prev.text in ("-", "–") and start >= 2 and doc[start - 2].lower_ == "by":
        return True  # the second half of "four-by-four"
    if prev is not None and prev.text == "." and start >= 2 and doc[start - 2].lower_ in ("no", "nos", "nr"):
        return True  # "No. 8" split as "No" "."
    if prev is not None and prev.whitespace_ == "" and prev.is_alpha:
        return True  # glued to letters: "COVID 19" tokenised oddly, "A4"
    if prev is not None and prev.pos_ == "PROPN" and prev.text[:1].isupper() and \
            prev.whitespace_ and "," not in doc[start].text and \
            not (end < n and doc[end].tag_ in ("NNS", "NNPS")):
        return True  # "Boeing 737", "Apollo 11", "NBC 7"
    if doc[start].text in EMERGENCY_NUMBERS and end == start + 1:
        return True  # "called 911"
    if end < n and doc[end].lemma_.lower() == "block" and doc[start].text[:1].isdigit():
        return True
    if end + 1 < n and doc[end].lower_ in DIRECTIONS and doc[end + 1].pos_ == "PROPN":
        return True  # "561 N. Center"
    if end + 1 < n and doc[end].text in ("-", "–") and (
            doc[end + 1].lower_ == "by" or (doc[end + 1].lower_.endswith("er") and doc[end + 1].pos_ == "NOUN")):
        return True  # "four-by-four", "8-by-12 feet", "3-pointer", "18-wheeler"
    j = end
    while j < n and doc[j].pos_ == "PROPN" and doc[j].is_title and doc[j].tag_ != "NNPS":
        j += 1
    if j - end >= 2 and (j >= n or (doc[j].pos_ not in ("NOUN", "PROPN") and doc[j].lower_ not in STREET_WORDS)):
        return True  # "7 Action News": a name that starts with a number
    j = end
    while j < n and j - end < 4 and doc[j].pos_ == "PROPN" and doc[j].lower_ not in STREET_WORDS:
        j += 1
    if j > end and j < n and doc[j].lower_ in STREET_WORDS:
        return True
    return False
