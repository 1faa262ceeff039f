"""Tense of the clause a temporal expression sits in: "past", "future", "present" or None.

With a spaCy Doc the verb governing the expression decides (its tag and auxiliaries);
without one, light cues in the sentence around it do (modal "will", "is expected to",
past-tense verb forms), nearest cue first.
"""

from __future__ import annotations

import re

# prepositions right before the expression that fix its direction by themselves
_PREP_FUTURE = re.compile(r"(?i)\b(?:until|till|by|starting|beginning)\s+(?:on\s+)?(?:this\s+|next\s+|the\s+)?$")
_PREP_PAST = re.compile(r"(?i)\b(?:since|ago)\s+(?:last\s+)?$")
# a date something is set for lies ahead of the setting, whatever the tense of the verb:
# "a provisional trial date was set for October 28", "is to be formally sentenced May 3"
_SCHEDULED = re.compile(r"(?i)(?:\b(?:set|scheduled|slated|planned|fixed|adjourned|postponed|delayed|rescheduled)\s+(?:for|until|till)"
                        r"|\b(?:is|are|was|were)\s+to\s+be\s+(?:\w+ly\s+)?\w+ed)\s+(?:on\s+)?(?:this\s+|next\s+|the\s+)?$")

# a date that names what something is planned for ("its November 22, 2013 release date",
# "a release date of 22 November 2013", "a May 10 deadline") lies ahead of the writing,
# whatever the verb ("the studio staked out ... release date": ECB+ topic 6)
_PLANNED = r"(?:release|launch|start|opening|premiere|due|target|completion)\s+date"
_PLANNED_RIGHT = re.compile(rf"(?i)^\s*(?:{_PLANNED}|deadline)\b")
_PLANNED_LEFT = re.compile(rf"(?i)\b(?:{_PLANNED}|deadline)\s+(?:of|is|was|set\s+for|for)\s+$")
# ... unless the sentence says it has gone by ("the deadline of November 28 passed", "missed
# its release date of November 22"): then the verb's tense reads it
_PLANNED_GONE = re.compile(r"(?i)\b(?:passed|expired|lapsed|elapsed|missed|came\s+and\s+went|went\s+by)\b")

_FUTURE_CUE = re.compile(
    r"(?i)\b(?:will|won['’]t|shall|['’]ll|going to|gonna|"
    r"(?:is|are|was|were|be|been|being|['’]re|['’]s)\s+(?:now\s+|also\s+|still\s+)?(?:expected|scheduled|set|due|slated|poised|planned|likely|unlikely|supposed|hoping|preparing|planning|going)\s+to|"
    r"(?:scheduled|set|slated|planned|due|booked)\s+for|"
    r"(?:plans?|planned|intends?|aims?|hopes?|promised|vowed|pledged|agreed|expects?|wants?)\s+to|to be (?:held|released|launched|delivered|completed|signed|announced)|"
    r"upcoming|next|would|could|might|should|may)\b"
)
_PAST_IRREGULAR = (
    "was were had did said told met made took gave sent held began came went rose fell saw won lost left "
    "paid sold bought brought thought found kept led ran spoke wrote broke chose drove grew knew shot struck "
    "stood understood became felt meant heard sought caught taught fought slid sank sprang swam threw flew "
    "hit cut put quit shut set spent built dealt got forgot overtook undertook withdrew forecast"
).split()
_FINITE_PAST = {"was", "were", "had", "did", "said", "told"}
_NOT_PAST_ED = set("need feed speed seed bed red shed bleed breed greed weed deed reed embed hundred "
                   "indeed unprecedented proceed succeed exceed naked wicked sacred ed united limited "
                   "based related interested expected concerned detailed advanced".split())
_WORD = re.compile(r"[A-Za-z’']+")


def _past_word(w: str) -> bool:
    lw = w.lower()
    if lw in _PAST_IRREGULAR:
        return True
    return len(lw) > 4 and lw.endswith("ed") and lw not in _NOT_PAST_ED


_PRESENT = set("is are says announces has have reports do does plans".split())


def _perfect(words: list[tuple[int, str]]) -> set[int]:
    """Positions of participles in a present perfect ("has announced", "has been
    scheduled"): they say nothing about which side of now a date lies."""
    out = set()
    for i, (p, w) in enumerate(words):
        prev = [x.lower() for _, x in words[max(0, i - 2):i]]
        if prev[-1:] and prev[-1] in ("has", "have", "'s", "’s") or prev == ["has", "been"] or prev == ["have", "been"]:
            out.add(p)
        if w.lower() == "been" and prev[-1:] and prev[-1] in ("has", "have"):
            out.add(p)
    return out


def tense_from_preposition(left: str) -> str | None:
    """'since Monday' looks back, 'until Friday' ahead, whatever the verb."""
    if _PREP_PAST.search(left[-20:]):
        return "past"
    if _PREP_FUTURE.search(left[-25:]) or _SCHEDULED.search(left[-60:]):
        return "future"
    return None


def tense_from_noun(left: str, right: str) -> str | None:
    """"future" for a date of a planned thing ("a May 19 due date", "a release date of
    22 November 2013"): ``left``/``right`` are the sentence's words before and after it."""
    if ((_PLANNED_RIGHT.search(right[:30]) or _PLANNED_LEFT.search(left[-40:]))
            and not _PLANNED_GONE.search(left[-60:] + " " + right[:60])):
        return "future"
    return None


def tense_from_cues(sentence: str, start: int, end: int) -> str | None:
    """Tense from the words of ``sentence`` around the expression at [start, end)."""
    # a bounded window keeps run-on "sentences" (no punctuation) linear
    lo = max(0, start - 300)
    sentence, start, end = sentence[lo:end + 300], start - lo, end - lo
    left = sentence[:start]
    # a future cue anywhere in the clause wins over past forms after it ("is expected to
    # provide a briefing on Thursday"), but not over "said" before it
    # the clause the expression is in starts after the last subordinator ("he didn't
    # want to decide when the season ended on May 3": "ended" governs the date)
    clause_l = re.split(r"[;:]|\b(?:but|while|when|after|because|although|though|whereas|which|who|that|if|where)\b"
                        r"|\band\b(?=\s+\w+ed\b)", left)[-1]
    clause_l = clause_l[-80:]  # cues far back belong to other constituents
    # a fronted adverbial ("On Friday, the prosecutor confirmed ...") takes its tense
    # from the clause after the comma
    fronted = not re.search(r"\w", re.sub(r"(?i)\b(?:on|by|until|since|in|at|late|early|last|this|next)\b", "", left))
    clause_r = re.split(r"[;:]|\bbut\b|\bwhile\b" if fronted else r"[;:,]|\bbut\b|\bwhile\b", sentence[end:])[0]
    fut_l = list(_FUTURE_CUE.finditer(clause_l))
    fut_r = list(_FUTURE_CUE.finditer(clause_r[:60]))
    words_l = [(m.start(), m.group(0)) for m in _WORD.finditer(clause_l)]
    words_r = [(m.start(), m.group(0)) for m in _WORD.finditer(clause_r[:60])]
    # past forms inside the scope of a future cue are participles ("is expected to
    # provide a classified briefing"): only the irregular finite forms count there
    last_fut = fut_l[-1].start() if fut_l else len(clause_l) + 1
    perfect_l, perfect_r = _perfect(words_l), _perfect(words_r)
    past_l = [p for p, w in words_l if _past_word(w) and p not in perfect_l and (p < last_fut or w.lower() in _FINITE_PAST)]
    past_r = [p for p, w in words_r if _past_word(w) and p not in perfect_r]
    # nearest cue on the left, then on the right
    best_l = max([(p, "past") for p in past_l] + [(m.start(), "future") for m in fut_l], default=None)
    best_r = min([(p, "past") for p in past_r] + [(m.start(), "future") for m in fut_r], default=None)
    if best_l and best_r:
        dl = len(clause_l) - best_l[0]
        dr = best_r[0]
        return best_l[1] if dl <= dr + 10 else best_r[1]
    if best_l:
        return best_l[1]
    if best_r:
        return best_r[1]
    words = [w.lower() for _, w in words_l + words_r]
    if any(w in _PRESENT for w in words):
        return "present"
    return None


_FUT_GOVERNORS = {"expect", "set", "schedule", "due", "plan", "intend", "aim", "hope", "go",
                  "want", "likely", "slate", "poise", "prepare", "agree", "promise", "vow",
                  "pledge", "need", "seek", "try", "threaten", "propose"}


def tense_from_doc(doc, start: int, end: int) -> str | None:
    """Tense of the verb that governs the expression at char span [start, end) of ``doc``."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tok = span.root
    verb = tok
    hops = 0
    via_noun = False
    while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb and hops < 6:
        verb = verb.head
        hops += 1
        via_noun = via_noun or (verb.pos_ in ("NOUN", "PROPN") and verb not in span)
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    t = _verb_tense(verb)
    if via_noun and t == "future" and not any(c.lower_ in ("will", "shall", "'ll", "’ll") for c in verb.children):
        # "safe conduct to leave during a call on November 21": the date belongs to the
        # noun ("call"), whose time the infinitive does not fix
        return None
    return t


def _verb_tense(verb, depth: int = 0) -> str | None:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lowers = {c.lower_ for c in auxes}
    if lowers & {"will", "shall", "'ll", "’ll", "wo", "would", "could", "might", "may", "should"}:
        return "future"
    if verb.tag_ in ("VB", "VBN") and "to" in lowers:
        gov = verb.head
        if gov is not verb and (gov.lemma_.lower() in _FUT_GOVERNORS or gov.lower_ in ("set", "due", "expected", "scheduled", "likely")):
            return "future"
        if gov is not verb and gov.pos_ in ("NOUN", "PROPN"):
            return "future"  # "an event to be held on October 12"
        if gov is not verb and gov.pos_ in ("VERB", "AUX", "ADJ"):
            return _verb_tense(gov, depth + 1) if gov.pos_ != "ADJ" and depth < 3 else None
    if any(c.tag_ == "VBD" for c in auxes) or verb.tag_ == "VBD":
        return "past"
    if verb.tag_ == "VBN":
        if lowers & {"has", "have"}:
            return None  # present perfect: the date may lie either side ("has been scheduled")
        if lowers & {"had", "was", "were"}:
            return "past"
        if lowers & {"is", "are", "be", "being"}:
            return "present"
        return "past"
    if verb.tag_ in ("VBZ", "VBP") or lowers & {"is", "are", "am", "has", "have"}:
        if verb.tag_ == "VBG" and lowers & {"is", "are"}:
            return "future"  # "is meeting on Thursday": progressive of a planned event
        return "present"
    return None
