"""No sentence break inside a name or an address after an abbreviation ("said Sgt. Mike
Miller.", "Dist. Atty. Jackie Lacey", "Hampton Ave. around 4:45 p.m.").

The parser of the small English model ends a sentence at the full stop of some
abbreviations ("Sgt.", "Lt.", "Ave."), which leaves "said Sgt." as a claim and "Mike Miller."
as a sentence of its own, or cuts "around 4:45 p.m." off its sentence. One component runs
before the parser and marks the name after a title as no sentence start; one runs after it
and joins a sentence that starts with a lower-case word after an abbreviation, or with a
capitalised one after a title, to the one before: the parser does not always keep a preset
non-start (its tree may leave the words after the abbreviation a root of their own, as in
"Dist. Atty." | "Steve Cooley said …"), so the join attaches that root to the sentence before.
The join also takes a day name after "a.m."/"p.m." ("at 3:37 a.m. Sunday coming from …") and
a lower-case word after a quotation closed by its full stop ("Life lost." said Pat Clarke),
a sentence the parser started right after a word on the same line, with no stop between
("my son's age" | "so I'd sneak him …", "YRC" | "Worldwide, Inc. was …"), and one it started
after a dash between two words of a line ("… taking selfie –" | "Police").
"""

from __future__ import annotations

from spacy.language import Language

from ..lexicon.titles import ABBREVIATED_TITLES

FACTORY = "storyline_title_stops"
JOIN = "storyline_abbreviation_joins"

# Titles before a title ("Dist. Atty.", "Asst. Chief"): the capitalised word after them is
# inside the name, as after a title before a name.
_BEFORE_TITLE = {"dist", "asst"}
# Abbreviations a sentence does not end at when a lower-case word follows: titles, street
# words, company and family suffixes ("Port Washington Rd. and Hampton Ave. around 4:45 p.m.",
# "Apple Inc. rose", "Richard Smith Jr. was"). A capitalised word after them may start a
# sentence ("He lives on Elm St. He was ..."), so only a lower-case one is held.
_BEFORE_LOWER = ABBREVIATED_TITLES | _BEFORE_TITLE | {
    "ave", "rd", "st", "blvd", "ln", "hwy", "pkwy", "ct", "pl", "sq", "mt", "ft",
    "inc", "corp", "co", "ltd", "bros", "jr", "sr",
}


@Language.component(FACTORY)
def title_stops(doc):
    """Mark the capitalised word after "<title>." as inside its sentence."""
    n = len(doc)
    for i, tok in enumerate(doc):
        low = tok.lower_.rstrip(".")
        if low not in _BEFORE_LOWER or not tok.text[:1].isupper():
            continue
        j = i + 1
        if not tok.text.endswith("."):
            if j >= n or doc[j].text != "." or doc[j].whitespace_ == "":
                continue
            j += 1
        elif not tok.whitespace_:
            continue
        if j >= n or not doc[j].is_alpha or "\n" in doc[j - 1].whitespace_:
            continue
        if doc[j].text[:1].isupper() and (low in ABBREVIATED_TITLES or low in _BEFORE_TITLE):
            doc[j].is_sent_start = False
    return doc


# Clock abbreviations a day name goes on after ("gunshots at 3:37 a.m. Sunday coming from
# The Underground"): the parser broke there, leaving "Sunday coming from …" a sentence.
_CLOCK = {"a.m", "p.m"}
_DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_CLOSING_QUOTES = {'"', "”", "'", "’"}


def _after_quote(doc, k: int) -> bool:
    """True when doc[k] is a lower-case word right after a quotation closed by its own full
    stop on the same line ("… Life lost." said Pat Clarke …"): the words go on with the
    speech's cue, no sentence starts in lower case."""
    if k < 2 or not doc[k].is_alpha or not doc[k].is_lower or "\n" in doc[k - 1].whitespace_:
        return False
    return doc[k - 1].text in _CLOSING_QUOTES and doc[k - 2].text in (".", "!", "?", ",")


def _after_abbreviation(doc, k: int) -> bool:
    """True when doc[k] is a lower-case word after "<abbreviation>." or a capitalised one
    after "<title>." on the same line (the cases ``title_stops`` marks or the parser missed)."""
    if k < 2 or not doc[k].is_alpha or "\n" in doc[k - 1].whitespace_:
        return False
    prev = doc[k - 1]
    if prev.text == ".":
        abbr = doc[k - 2]
        if abbr.whitespace_:
            return False
    elif prev.text.endswith(".") and len(prev.text) > 1:
        abbr = prev
    else:
        return False
    low = abbr.lower_.rstrip(".")
    if low in _CLOCK:
        return doc[k].is_lower or doc[k].lower_ in _DAYS
    if not abbr.text[:1].isupper():
        return False
    if doc[k].is_lower:
        return low in _BEFORE_LOWER
    return doc[k].text[:1].isupper() and (low in ABBREVIATED_TITLES or low in _BEFORE_TITLE)


def _after_word(doc, before, k: int) -> bool:
    """True when the parser started a sentence at doc[k] right after a word on the same line
    with no stop between: a lower-case word ("He was my son's age | so I'd sneak him in …",
    "a lot of pain | and I'm sorry"), or any word after a sentence that is one capitalised
    word on its line ("YRC | Worldwide, Inc. was the biggest faller …"). Written text starts
    no sentence there; a line without a stop (a headline, a dateline) ends at its newline."""
    if k < 1 or not doc[k].is_alpha or not doc[k - 1].is_alpha or "\n" in doc[k - 1].whitespace_:
        return False
    if doc[k].is_lower:
        return True
    words = 0  # the words of ``before`` on doc[k]'s line
    for t in reversed(before):
        if "\n" in t.whitespace_ or (t.is_space and "\n" in t.text):
            break
        words += not t.is_space
    return words == 1 and doc[k - 1].text[:1].isupper()


_DASHES = {"-", "–", "—"}


def _after_dash(doc, k: int) -> bool:
    """True when doc[k] is a word right after a dash between two words of one line ("…
    taking selfie – Police", "Aftershocks – jolt …"): a dash goes on with its sentence, none
    starts after it on the same line."""
    if k < 2 or not doc[k].is_alpha or doc[k - 1].text not in _DASHES:
        return False
    dash, word = doc[k - 1], doc[k - 2]
    return "\n" not in dash.whitespace_ and "\n" not in word.whitespace_ and word.is_alpha


def _lone_word(sent) -> bool:
    """True when ``sent`` is one word and nothing else (the parser cut a headline's first word,
    "Navy" | "foils Somali pirate attack off Gulf of Aden", "Aftershocks" | "jolt Iran's …")."""
    words = [t for t in sent if not t.is_space and not t.is_punct]
    return len(words) == 1 and words[0].is_alpha


@Language.component(JOIN)
def abbreviation_joins(doc):
    """Join a sentence the parser started after an abbreviation (``_after_abbreviation``),
    in lower case after a closed quotation (``_after_quote``), right after a word
    (``_after_word``) or after a dash between two words (``_after_dash``) to the one before."""
    sents = list(doc.sents)
    for before, sent in zip(sents, sents[1:]):
        if _after_word(doc, before, sent.start) and (not doc[sent.start].is_lower or _lone_word(before)):
            # one word ("YRC", "Lindsay", "Navy") before the sentence it begins: it goes into
            # that sentence's tree, so the sentence keeps its own root ("Lindsay Lohan's lawyer
            # says …" stays a report by the lawyer; "Navy" | "foils Somali pirate attack …"
            # keeps "foils" as its predicate, not "Navy"): the subject of a verb after it,
            # else part of the name or noun after it ("Security" | "experts say …")
            word, nxt = doc[sent.start - 1], doc[sent.start]
            word.head = nxt
            word.dep_ = "nsubj" if nxt.tag_.startswith("VB") and nxt.is_lower else "compound"
        elif (_after_abbreviation(doc, sent.start) or _after_quote(doc, sent.start)
                or _after_word(doc, before, sent.start) or _after_dash(doc, sent.start)):
            root = sent.root
            root.head = before.root  # the root's subtree joins the sentence before
            root.dep_ = "dep"
    return doc


def install(nlp) -> None:
    """Add the components around the parser (nothing to do without a parser)."""
    if "parser" in nlp.pipe_names and FACTORY not in nlp.pipe_names:
        nlp.add_pipe(FACTORY, before="parser")
        nlp.add_pipe(JOIN, after="parser")
