"""Word lists for quantities: number words, qualifiers, units, currencies, event nouns.

Kept general (English news usage), never tuned to particular articles.
"""

from __future__ import annotations

import re

from ...lexicon import calendar

ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
# Scale words multiply what precedes them ("15 thousand", "1.5 million").
SCALES = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000, "lakh": 100_000, "crore": 10_000_000,
}
# Abbreviated scales, written after a figure ("£40m", "$2.5bn", "10k").
SCALE_ABBREV = {
    "k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "mil": 1_000_000,
    "bn": 1_000_000_000, "b": 1_000_000_000, "bln": 1_000_000_000,
    "tn": 1_000_000_000_000, "trn": 1_000_000_000_000,
}
# Plural scale nouns are vague: "hundreds" of X means at least two hundred and fewer
# than the next named magnitude; see VAGUE_RANGE in ranges.py.
VAGUE_PLURALS = {
    "dozens": 12, "scores": 20, "tens": 10, "hundreds": 100, "thousands": 1_000,
    "millions": 1_000_000, "billions": 1_000_000_000,
}
FRACTIONS = {
    "half": 1 / 2, "halves": 1 / 2, "third": 1 / 3, "thirds": 1 / 3, "quarter": 1 / 4,
    "quarters": 1 / 4, "fourth": 1 / 4, "fourths": 1 / 4, "fifth": 1 / 5, "fifths": 1 / 5,
    "sixth": 1 / 6, "tenth": 1 / 10, "tenths": 1 / 10,
}

NUMERAL_RE = re.compile(
    r"^(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<scale>k|m|mn|mln|bn|b|bln|tn|trn|million|billion|trillion)?$",
    re.IGNORECASE,
)

# Qualifiers written before the number, longest first when matched.
# Canonical name -> surface forms (lower case, split on spaces).
QUALIFIERS_BEFORE = {
    "at least": ["at least", "at the least", "no fewer than", "no less than", "not less than",
                 "not fewer than", "a minimum of", "at a minimum"],
    "more than": ["more than", "over", "above", "in excess of", "upwards of", "upward of",
                  "greater than", "higher than", "exceeding", "well over", "well above",
                  "more then"],
    "just over": ["just over", "just above", "slightly more than", "a little over",
                  "a little more than", "just more than", "slightly over", "just beyond"],
    "less than": ["less than", "fewer than", "under", "below", "lower than", "well under",
                  "well below", "short of"],
    "up to": ["up to", "as many as", "at most", "no more than", "not more than",
              "a maximum of", "as much as", "as high as"],
    "nearly": ["nearly", "almost", "close to", "just under", "just below", "just shy of",
               "slightly less than", "slightly fewer than", "a little under", "nigh on",
               "getting on for", "closer to"],
    "about": ["about", "around", "approximately", "approx.", "roughly", "some", "an estimated",
              "estimated", "circa", "c.", "an approximate", "about some", "round about",
              "in the region of", "on the order of", "something like", "or so"],
    "only": ["only", "just", "a mere", "merely", "barely", "a scant"],
    "exactly": ["exactly", "precisely", "fully", "a full", "a whole"],
}
# Qualifiers written after the number ("83 or more", "100 or so").
QUALIFIERS_AFTER = {
    "at least": ["or more", "and more", "plus", "or higher", "and up", "and upwards",
                 "and above", "or above"],
    "about": ["or so", "odd", "-odd", "or thereabouts"],
    "up to": ["or fewer", "or less", "at most", "or under"],
}

# Month and weekday tokens as spaCy splits them (lower case): names, abbreviations, and a
# short name or abbreviation with its full stop ("Sept.", "June." ending a sentence).
MONTHS = set(calendar.MONTHS) | {w + "." for w in calendar.MONTHS if len(w) <= 4}
WEEKDAYS = set(calendar.WEEKDAYS)
CLOCK_WORDS = {
    "a.m.", "p.m.", "am", "pm", "a.m", "p.m", "o'clock", "gmt", "utc", "bst", "cet",
    "est", "edt", "cst", "cdt", "pst", "pdt", "et", "pt",
}
# Words before a number that make it a name or an identifier ("Flight 370").
IDENTIFIER_BEFORE = {
    "no", "no.", "nos", "nos.", "number", "#", "nr", "nr.", "route", "flight", "article",
    "chapter", "section", "page", "p.", "pp.", "room", "gate", "platform", "bus",
    "highway", "interstate", "resolution", "proposition", "prop", "prop.", "bill",
    "amendment", "paragraph", "clause", "item", "exhibit", "volume", "vol.", "issue",
    "episode", "season", "game", "week", "level", "grade", "category", "class", "type",
    "district", "ward", "precinct", "unit", "apartment", "apt", "apt.", "suite", "block",
    "lot", "line", "channel", "version", "model", "phase", "stage", "step", "pier",
    "terminal", "exit", "mile", "km", "kilometre", "kilometer", "act", "title", "code",
    "vote", "id", "tel", "tel.", "call", "covid", "covid-", "windows", "iphone", "size",
    "sizes", "seed", "rank", "ranked", "jersey", "shirt", "channel",
}
STREET_WORDS = {
    "street", "st", "st.", "avenue", "ave", "ave.", "road", "rd", "rd.", "boulevard",
    "blvd", "blvd.", "lane", "ln", "ln.", "drive", "dr", "dr.", "way", "place", "pl",
    "court", "ct", "ct.", "terrace", "parkway", "pkwy", "highway", "hwy", "circle",
    "square", "plaza", "pike", "trail", "crescent", "close",
}

# Currency written before the figure, lower case.
CURRENCY_SYMBOLS = {
    "$": "USD", "us$": "USD", "u.s.$": "USD", "usd": "USD", "£": "GBP", "gbp": "GBP",
    "€": "EUR", "eur": "EUR", "¥": "JPY", "jpy": "JPY", "cny": "CNY", "rmb": "CNY",
    "₹": "INR", "rs": "INR", "rs.": "INR", "inr": "INR", "c$": "CAD", "cad": "CAD",
    "a$": "AUD", "aud": "AUD", "au$": "AUD", "nz$": "NZD", "hk$": "HKD", "s$": "SGD",
    "r$": "BRL", "chf": "CHF", "₽": "RUB", "rub": "RUB", "₩": "KRW", "₺": "TRY",
    "₦": "NGN", "₴": "UAH", "₪": "ILS", "zar": "ZAR", "mxn": "MXN",
}
# Currency words written after the figure (lemma, lower case).
CURRENCY_WORDS = {
    "dollar": "USD", "buck": "USD", "euro": "EUR", "pound": "GBP", "sterling": "GBP",
    "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupee": "INR", "rouble": "RUB",
    "ruble": "RUB", "bolivar": "VES", "bolívar": "VES", "bolivares": "VES", "peso": "MXN",
    "franc": "CHF", "real": "BRL", "reais": "BRL", "shekel": "ILS", "rand": "ZAR",
    "naira": "NGN", "hryvnia": "UAH", "lira": "TRY", "won": "KRW", "usd": "USD",
    "eur": "EUR", "gbp": "GBP", "cent": "USD-cent", "pence": "GBP-penny", "penny": "GBP-penny",
}
# Currency words whose country is given by a preceding adjective ("Canadian dollars").
CURRENCY_COUNTRY = {
    ("canadian", "dollar"): "CAD", ("australian", "dollar"): "AUD",
    ("hong", "dollar"): "HKD", ("singapore", "dollar"): "SGD", ("zealand", "dollar"): "NZD",
    ("mexican", "peso"): "MXN", ("argentine", "peso"): "ARS", ("colombian", "peso"): "COP",
    ("chilean", "peso"): "CLP", ("swiss", "franc"): "CHF", ("brazilian", "real"): "BRL",
    ("egyptian", "pound"): "EGP", ("turkish", "lira"): "TRY",
}

# Units after the figure: surface/lemma (lower case) -> (canonical unit, kind).
_MEASURES = {
    "km": ["km", "kms", "kilometre", "kilometer", "kilometres", "kilometers"],
    "m": ["metre", "meter", "metres", "meters"],
    "cm": ["cm", "centimetre", "centimeter"],
    "mm": ["mm", "millimetre", "millimeter"],
    "mile": ["mile", "miles"],
    "nautical mile": ["nautical mile"],
    "foot": ["foot", "feet", "ft", "ft."],
    "inch": ["inch", "inches"],
    "yard": ["yard", "yards", "yd"],
    "kg": ["kg", "kgs", "kilogram", "kilogramme", "kilo", "kilos"],
    "g": ["gram", "gramme", "grams"],
    "ton": ["ton", "tons", "tonne", "tonnes"],
    "lb": ["lb", "lbs", "lb.", "pound", "pounds"],
    "ounce": ["ounce", "oz"],
    "litre": ["litre", "liter", "litres", "liters"],
    "gallon": ["gallon"],
    "barrel": ["barrel", "bbl"],
    "acre": ["acre"],
    "hectare": ["hectare"],
    "km2": ["km2", "km²", "square kilometre", "square kilometer", "sq km"],
    "square mile": ["square mile", "sq mi"],
    "mph": ["mph"],
    "km/h": ["km/h", "kph", "kmh"],
    "knot": ["knot"],
    "degree": ["degree", "°", "°c", "°f"],
    "MW": ["mw", "megawatt"],
    "GW": ["gw", "gigawatt"],
    "kWh": ["kwh", "kilowatt-hour"],
    "calorie": ["calorie", "kcal"],
    "bpd": ["bpd"],
    "magnitude": ["magnitude"],
}
_DURATIONS = {
    "second": ["second", "sec", "secs"], "minute": ["minute", "min", "mins"],
    "hour": ["hour", "hr", "hrs"], "day": ["day"], "night": ["night"], "week": ["week"],
    "month": ["month"], "year": ["year", "yr", "yrs"], "decade": ["decade"],
    "century": ["century", "centuries"], "fortnight": ["fortnight"],
}
UNITS: dict[str, tuple[str, str]] = {}
for _unit, _forms in _MEASURES.items():
    for _f in _forms:
        UNITS[_f] = (_unit, "measure")
for _unit, _forms in _DURATIONS.items():
    for _f in _forms:
        UNITS[_f] = (_unit, "duration")
PERCENT_WORDS = {"%", "percent", "per cent", "pct", "pc", "percentage point",
                 "percentage points", "per cent."}

# Event nouns: noun lemma -> normalised counted event.
EVENT_NOUNS = {
    "death": "death", "fatality": "death", "dead": "death", "life": "death",
    "body": "death", "corpse": "death", "killing": "death",
    "injury": "injury", "injured": "injury", "wounded": "injury", "wound": "injury",
    "casualty": "casualty",
    "attack": "attack", "strike": "attack", "airstrike": "attack", "raid": "attack",
    "bombing": "attack", "assault": "attack", "bombardment": "attack", "sortie": "attack",
    "arrest": "arrest", "detention": "arrest", "detainee": "arrest",
    "abduction": "abduction", "kidnapping": "abduction", "hostage": "hostage",
    "evacuee": "evacuation", "evacuation": "evacuation",
    "person": "person", "people": "person", "persons": "person", "individual": "person",
}
# Verbs whose object (or passive subject) is the people affected.
EVENT_VERBS = {
    "kill": "death", "murder": "death", "slay": "death", "execute": "death",
    "massacre": "death", "slaughter": "death", "behead": "death", "assassinate": "death",
    "shoot dead": "death", "drown": "death", "die": "death", "perish": "death",
    "wound": "injury", "injure": "injury", "hurt": "injury", "maim": "injury",
    "arrest": "arrest", "detain": "arrest", "apprehend": "arrest", "jail": "arrest",
    "imprison": "arrest", "round": "arrest", "lock": "arrest", "gun": "death", "mow": "death",
    "kidnap": "abduction", "abduct": "abduction", "seize": "abduction",
    "evacuate": "evacuation", "displace": "displacement", "shoot": "shot",
}
# Adjectives/participles after a bare number naming what happened ("83 dead").
EVENT_STATES = {
    "dead": "death", "killed": "death", "slain": "death", "murdered": "death",
    "injured": "injury", "wounded": "injury", "hurt": "injury",
    "arrested": "arrest", "detained": "arrest", "missing": "missing",
    "displaced": "displacement", "evacuated": "evacuation", "kidnapped": "abduction",
    "abducted": "abduction",
}
# Nouns that stand for a running total of something ("the death toll rose to 83").
TALLY_NOUNS = {"toll", "tally", "number", "count", "figure", "total"}
# Verbs that report the level of a tally ("rose to", "stands at", "reached").
LEVEL_VERBS = {
    "rise", "climb", "reach", "stand", "hit", "jump", "increase", "grow", "soar",
    "surge", "mount", "top", "exceed", "be", "remain", "fall", "drop", "decline",
    "put", "raise", "revise", "pass", "surpass",
}
PERSON_AGE_UNITS = {"year", "month", "week", "day"}
