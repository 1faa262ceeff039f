"""What an amount counts: the noun it modifies, normalised through the dependency parse.

"killing 83 people", "83 people were killed", "83 dead", "the death toll rose to 83"
all count deaths; "21 air strikes" counts attacks (noun "strike").
"""

from __future__ import annotations

from .lexicon import EVENT_NOUNS, EVENT_STATES, EVENT_VERBS, LEVEL_VERBS, TALLY_NOUNS

_NP_INNER = {"ADJ", "NOUN", "PROPN", "NUM"}
_DET = {"DET", "PRON", "NUM", "ADJ"}
# Event verbs whose subject is the one affected ("83 people died").
INTRANSITIVE_EVENTS = {"die", "perish", "drown"}
# Phrasal verbs that keep (or make) the event: "rounded up 12 protesters".
PHRASAL_OK = {"round": {"up"}, "lock": {"up"}, "gun": {"down"}, "mow": {"down"}, "cut": {"down"}}
_TIME_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
               "today", "yesterday", "tonight", "morning", "evening", "afternoon", "night"}


def _lemma(tok) -> str:
    lemma = tok.lemma_.lower()
    if tok.tag_ == "NNPS" and lemma.endswith("s") and lemma == tok.lower_:
        lemma = lemma[:-1]  # spaCy keeps proper plurals: "Palestinians" -> "palestinian"
    # spaCy-sm keeps some plurals ("people" -> "people"); fold the common person plurals.
    return {"people": "people", "persons": "person", "men": "man", "women": "woman",
            "children": "child"}.get(lemma, lemma)


def _span_root(doc, start: int, end: int):
    for tok in doc[start:end]:
        if not (start <= tok.head.i < end) or tok.head.i == tok.i:
            return tok
    return doc[end - 1]


def _is_noun(tok) -> bool:
    return tok.pos_ == "NOUN" or tok.tag_ == "NNPS"  # "100 Venezuelans"


def _noun_right(doc, end: int):
    """The head noun of the noun phrase right after the amount ('Venezuelan officials')."""
    n = len(doc)
    j, last = end, None
    while j < n and j - end < 5:
        tok = doc[j]
        if _is_noun(tok):
            last = tok
        elif j == end and tok.text in ('"', "“", "‘") and tok.whitespace_ == "" and \
                j + 1 < n and doc[j + 1].is_lower:  # not a quoted title ('the three "X-Men" movies')
            pass  # 'Three "aerials,"': an opening quote before the noun
        elif tok.text in ("-", "–") and tok.whitespace_ == "" and j > end and doc[j - 1].whitespace_ == "":
            pass  # "e-books": the hyphenated word goes on
        elif tok.lower_ in _TIME_WORDS:
            break  # "father of four Friday evening"
        elif tok.pos_ == "ADV" and tok.dep_ == "advmod" and j + 1 < n and doc[j + 1].pos_ == "ADJ":
            pass  # "two very young girls"
        elif tok.pos_ in _NP_INNER or tok.text in ("-", "–") or (
                tok.tag_ in ("VBN", "VBG") and tok.dep_ in ("amod", "compound")):
            if last is not None:
                break  # "83 people dead": the noun phrase ended at "people"
        else:
            break
        j += 1
    return last


def _partitive(doc, end: int):
    """'dozens of people', 'one of the attacks': the object of 'of'."""
    if end >= len(doc) or doc[end].lower_ != "of":
        return None
    of = doc[end]
    for child in of.children:
        if child.dep_ == "pobj" and child.pos_ in ("NOUN", "PROPN", "PRON"):
            return child if child.pos_ == "NOUN" else None
    j = end + 1
    while j < len(doc) and j - end < 5 and doc[j].pos_ in _DET | {"NOUN"}:
        if doc[j].pos_ == "NOUN" and (j + 1 >= len(doc) or doc[j + 1].pos_ != "NOUN"):
            return doc[j]
        j += 1
    return None


def _event_of_verb(tok) -> str | None:
    """Event named by the verb governing tok ('killing 83 people', '12 were injured')."""
    head = tok.head
    lemma = head.lemma_.lower()
    if head.pos_ not in ("VERB", "AUX", "ADJ"):
        return None
    # "shot dead", "found dead", "left dead"
    if any(c.lower_ == "dead" and c.dep_ in ("acomp", "oprd", "xcomp", "advmod", "amod") for c in head.children) \
            and tok.dep_ in ("dobj", "nsubjpass", "nsubj"):
        return "death"
    if lemma not in EVENT_VERBS:
        return None
    # the parser tags "down" in "shot down" as a particle or an adverb
    particles = {c.lower_ for c in head.children if c.dep_ == "prt" or (
        c.dep_ == "advmod" and c.lower_ in ("down", "up", "off", "out", "back") and c.i == head.i + 1)}
    if particles and not (particles & PHRASAL_OK.get(lemma, set())):
        return None  # "shot down 35 drones" is not a shooting
    if lemma in PHRASAL_OK and not particles & PHRASAL_OK[lemma] and lemma == "round":
        return None
    event = EVENT_VERBS[lemma]
    if tok.dep_ in ("dobj", "nsubjpass"):
        return event
    if tok.dep_ == "nsubj" and lemma in INTRANSITIVE_EVENTS:
        return event  # "42 migrants drowned"
    # "12 injured": a bare participle, not a perfect ("gunmen have killed")
    if tok.dep_ == "nsubj" and head.tag_ == "VBN" and not any(
            c.dep_ == "aux" and c.lemma_ == "have" for c in head.children):
        return event
    return None


def _event_of_children(tok) -> str | None:
    """'83 people killed', '83 people dead' (reduced relatives and predicates)."""
    for child in tok.children:
        if child.i > tok.i and child.dep_ in ("acl", "amod", "relcl") and child.tag_ == "VBN":
            ev = EVENT_VERBS.get(child.lemma_.lower())
            if ev:
                return ev
        if child.i > tok.i and child.dep_ == "relcl":
            # "the 629 who died", "12 who were wounded"
            lemma = child.lemma_.lower()
            passive = any(c.dep_ == "auxpass" for c in child.children)
            if lemma in INTRANSITIVE_EVENTS or (passive and lemma in EVENT_VERBS):
                return EVENT_VERBS[lemma]
    return None


def _tally(tok) -> tuple[str, str] | None:
    """'the death toll rose to 83', 'a toll of 83', 'the number of dead reached 83'."""
    head = tok.head
    verb = None
    if tok.dep_ == "pobj" and head.lower_ in ("to", "at", "of", "from"):
        up = head.head
        for _ in range(4):
            # "rose from 40 to 83" ("to" hangs on "from"); "the number of seats from 65 to 125"
            if up.lemma_.lower() in TALLY_NOUNS or up.pos_ in ("VERB", "AUX") or up.head.i == up.i:
                break
            up = up.head
        if up.lemma_.lower() in TALLY_NOUNS:
            return _tally_noun(up)
        if up.lemma_.lower() in LEVEL_VERBS:
            verb = up
    elif tok.dep_ in ("dobj", "attr", "npadvmod") and head.lemma_.lower() in LEVEL_VERBS:
        verb = head
    if verb is None:
        return None
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.lemma_.lower() in TALLY_NOUNS:
            return _tally_noun(child)
    return None


def _tally_noun(noun) -> tuple[str, str] | None:
    lemma = noun.lemma_.lower()
    # "the number of people killed": the parser often hangs "killed" on "number"
    ev = _event_of_children(noun)
    if ev and lemma != "toll":
        return ev, lemma
    for child in noun.children:
        if child.dep_ in ("compound", "amod", "nmod"):
            ev = EVENT_NOUNS.get(child.lemma_.lower()) or EVENT_STATES.get(child.lower_)
            if ev:
                return ev, lemma
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    ev = (EVENT_STATES.get(obj.lower_) or _event_of_children(obj)
                          or EVENT_NOUNS.get(_lemma(obj)))
                    if ev:
                        return ev, lemma
    if lemma == "toll":
        return "death", lemma  # a toll with no qualifier is a death toll
    for child in noun.children:  # "the number of seats": what is numbered
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.pos_ == "NOUN":
                    return EVENT_NOUNS.get(_lemma(obj), _lemma(obj)), lemma
    return None


def _state_after(doc, j: int) -> tuple[str, int] | None:
    """'83 dead', '12 injured' right after the amount (or its noun)."""
    if j < len(doc):
        tok = doc[j]
        ev = EVENT_STATES.get(tok.lower_)
        # an adjective or bare participle, not the main verb ("two gunmen killed 5")
        if ev and (tok.tag_ in ("JJ", "VBN") or (tok.tag_ == "NNP" and tok.is_title)) and \
                not any(c.dep_ == "dobj" for c in tok.children):
            return ev, j + 1
    return None


def find_counted(doc, start: int, end: int, kind: str) -> tuple[str | None, str | None, int]:
    """(counted, head noun lemma, end token of the noun phrase) for the amount in [start, end)."""
    root = _span_root(doc, start, end)
    noun = None
    span_end = end
    part = _partitive(doc, end)
    if part is None and end + 1 < len(doc) and doc[end].lower_ == "of":
        k = end + 2 if doc[end + 1].pos_ == "DET" else end + 1
        if k < len(doc) and doc[k].lower_ in EVENT_STATES and doc[k].pos_ != "NOUN":
            return EVENT_STATES[doc[k].lower_], None, k + 1  # "two of the injured"
    if part is not None:
        noun, span_end = part, part.i + 1
    elif kind in ("count",):
        head = root.head
        # a nummod's head is nominal even when mis-tagged ("3.4 rebounds" as a verb)
        nominal = head.pos_ == "NOUN" or (root.dep_ == "nummod" and head.tag_ == "VBZ" and head.i == end)
        if head.i >= end and nominal and head.i - end < 5 and \
                not any(t.lower_ in _TIME_WORDS for t in doc[end:head.i + 1]) and \
                all(t.pos_ in _NP_INNER or t.text in ("-", "–") or t.tag_ in ("VBN", "VBG") for t in doc[end:head.i]):
            noun = head
        else:
            noun = _noun_right(doc, end)
        if noun is not None:
            span_end = noun.i + 1
    if kind not in ("count", "fraction", "percent") and part is None:
        return None, None, end
    if noun is not None:
        event = _event_of_verb(noun) or _event_of_children(noun)
        if event is None and part is not None and root.i < noun.i:
            event = _event_of_verb(root)  # "dozens of people were killed": "dozens" is the subject
        state = _state_after(doc, noun.i + 1)
        if state is not None and (event is None or event == state[0]):
            event, span_end = state
        lemma = _lemma(noun)
        if event is None:
            event = EVENT_NOUNS.get(lemma) or EVENT_NOUNS.get(noun.lower_) or lemma
        return event, lemma, span_end
    if kind != "count":
        return None, None, end
    state = _state_after(doc, end)
    if state is not None:
        return state[0], None, state[1]
    if root.dep_ == "quantmod" and root.head.like_num:
        root = root.head  # "from 65 to 125": 65 leans on 125
    event = _event_of_verb(root) or _event_of_children(root)
    if event:
        return event, None, end
    tally = _tally(root)
    if tally:
        return tally[0], tally[1], end
    return None, None, end
