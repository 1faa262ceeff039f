"""Predicate words: the paraphrase lexicon, the light verbs, and the keys a claim's words
are compared on (a folded, paraphrase-mapped word; its inflection key). Shared by the
claim units, the predicate and main-event checks, the occasion check, the pair model and
the stories' relative dates, none of which it imports."""

from __future__ import annotations

import re
from functools import lru_cache

from ..lexicon.text import fold_in_place as fold

# Common news paraphrases mapped to one lemma, so that "refused the terms" meets
# "rejected the conditions" and "killing 83 people" meets "83 deaths". Hand-made while
# reading the seeds and a few ECB+ stories: on GVC val (unseen by them) they add
# same-fact recall but no corroborated precision (bench_verdicts.py --no-paraphrase;
# benchmarks/docs/claims.md). A packaged lexicon should replace them.
_PARAPHRASE_SETS = [
    "reject refuse decline rebuff dismiss spurn turn_down",
    "kill killing death dead die fatality slay slain fatal toll",
    "attack strike raid assault bombing bombard airstrike",
    "injure injury wound wounded hurt",
    "arrest detain apprehend custody",
    "accuse accusation allege blame",
    "leave depart exit flee quit",
    "term condition demand",
    "deadline ultimatum",
    "rally demonstration protest gathering march",
    "outside front",
    "soldier troop",
    "vessel boat ship",
    "resign resignation",
    "shoot shooting gunfire gunshot shot",
    "police policeman officer cop",
    "hospital hospitalize",
    "earthquake quake tremor",
    "send deploy dispatch",
    "huge massive large big vast",
    "amnesty pardon immunity",
    "expire pass lapse",
    "victim casualty",
    "offer propose",
    "announce unveil",
    "sanction penalty",
    "closure close shut",
    "willingness willing ready readiness",
    "attempt try effort",
]
PARAPHRASE = {w: ws.split()[0] for ws in _PARAPHRASE_SETS for w in ws.split()}


# Verbs too general to say two claims tell the same event.
LIGHT_VERBS = {None, "", "be", "have", "do", "say", "tell", "make", "get", "go", "come", "take", "give", "see",
               "know", "add", "note", "report", "state", "claim", "describe"}


def lemmatize_word(word: str | None) -> str | None:
    """A predicate lemma as the annotation gives it, folded and mapped through the paraphrases."""
    if not word:
        return None
    w = fold(str(word)).strip().split()
    w = w[0] if w else ""
    return PARAPHRASE.get(w, w)


@lru_cache(maxsize=65536)  # a pure function of a word, asked for the same words again and again
def paraphrase_key(w: str) -> str:
    """A word folded, its quotes off, mapped through the paraphrases: the key two claims'
    predicates and nouns meet on."""
    w = fold(w).strip("'\"")
    return PARAPHRASE.get(w, w)


@lru_cache(maxsize=65536)  # pure: asked for the same words again and again
def stem(w: str) -> str:
    """A crude inflection key, so a gerund noun and its verb are one predicate ("stabbing"
    / "stab", "killing" / "kill", "rising" / "rise"): a final -ing or -e off, a doubled
    final consonant single. Lemmas come from the parse; this only joins the forms the
    parse leaves apart (a gerund tagged as a noun keeps its -ing)."""
    if len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 2 and w[-1] == w[-2] and w[-1] not in "aeiou":
        w = w[:-1]
    return w


_WORD = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)?|\d+(?:[.,]\d+)*", re.UNICODE)


def words(text: str) -> list[str]:
    """A text's words, folded (letters with an inner apostrophe; numbers with their separators)."""
    return _WORD.findall(fold(text))
