"""A verb's mood as a claim's words state it: unrealised ("could clinch", "will be
sentenced", "is expected to announce"), past ("clinched") or, with the wider reading, a
habit ("Normally, Microsoft releases ..."). The modality check reads it
(``predicates.Predicates.modality_apart``: a possibility is not the fact), and so do the
grouping steps (``grouping._told_apart``). By definition, not tuned.
"""

from __future__ import annotations

import functools

from .lemmas import paraphrase_key as _norm, stem, words


# Words before a verb that make it unrealised: a modal or future auxiliary, or a verb
# of expectation or intent before "to"; and the words that may stand between them and
# the verb ("could not be charged", "is expected to be sentenced"). By definition a
# claim that something could or will happen does not state that it did.
_MODALS = frozenset("could may might would will shall should must can cannot".split())
_INTENT = frozenset("""expect expected expects plan plans planned planning set due likely unlikely going hope hopes
    hoped hoping aim aims aimed intend intends intended want wants wanted scheduled slated poised threaten threatens
    threatened vow vows vowed promise promises promised seek seeks sought try tries tried attempt attempted""".split())
_BETWEEN = frozenset("not n’t n't never also still soon then now likely probably possibly only be been have being "
                     "to further again".split())


def _modal(t: str) -> bool:
    t = t.replace("’", "'")
    if t.endswith("'ll"):  # "he'll"
        return True
    if t.endswith("n't"):  # "couldn't", "won't", "can't"
        t = {"wo": "will", "ca": "can"}.get(t[:-3], t[:-3])
    return t in _MODALS


@functools.lru_cache(maxsize=4096)  # a claim's text is read again for each pair the recall join tests
def _words(text: str) -> tuple[str, ...]:
    return tuple(words(text))


def _unrealised(text: str, verbs: dict[str, int]) -> set[int]:
    """The ids of ``verbs`` (inflection key -> id) whose written form in ``text`` follows
    a modal or an intent ("could clinch", "will be sentenced", "plans to appeal")."""
    return _modality(text, verbs)[0]


@functools.lru_cache(maxsize=16384)  # a word's keys, made once, not for each claim it is in
def _form_keys(t: str) -> tuple[str, ...]:
    """The inflection keys a written form may have: itself, and with -s/-es/-ed/-d/-ing off."""

    return tuple({stem(t)} | {stem(t[:-len(x)]) for x in ("s", "es", "ed", "d", "ing") if t.endswith(x) and len(t) > len(x) + 2})


def _modality(text: str, verbs: dict[str, int]) -> tuple[set[int], set[int]]:
    """The ids of ``verbs`` (inflection key -> id) that ``text`` states as unrealised
    (``_unrealised``) and those it states in a past form not after a modal ("clinched",
    "was sentenced"). A form is found by its inflection key with -s/-es/-ed/-d/-ing off;
    a base form ("to host", a headline's "clinch", the noun "host") and an irregular one
    ("won", "set") say neither, and then the check has nothing to compare."""
    out, past, _ = _moods(text, verbs)
    return out, past


# The wider reading's words (Options.modality; by definition, not tuned): verbs of a call,
# request or demand whose object's verb after "to" is unrealised ("urged parents to become",
# "is asked to call"; "call" only as "call on/upon"), with at most _REQUEST_GAP words between
# (the one asked) and no "to"; adverbs that may stand between a modal and its verb besides
# _BETWEEN (any in -ly, and these); adverbs of a habit.
_REQUEST = frozenset(stem(w) for w in """ask urge demand press pressure push implore beg encourage order request
    petition lobby call""".split())
_REQUEST_GAP = 5
_LATER = frozenset("eventually ultimately soon later finally someday yet once".split())
_HABITUAL = frozenset("normally usually typically routinely regularly ordinarily customarily traditionally".split())
_HABIT_GAP = 2  # words between the habit's adverb and its verb ("Normally, Microsoft releases"), by definition


def _verb_keys(u: dict) -> frozenset[str]:
    """The inflection keys of a claim's verbs and predicate, any clause (a headline's verb before
    "to" that the parse may not list as a verb: "Returns to Host")."""
    return frozenset(stem(_norm(v)) for v in [*(u.get("verbs") or ()), u.get("predicate") or ""] if v)


def _skippable(t: str, wide: bool) -> bool:
    """Whether ``t`` may stand between a modal or "to" and its verb."""
    return t in _BETWEEN or (wide and t != "to" and (t in _LATER or (len(t) > 4 and t.endswith("ly"))))


def _moods(text: str, verbs: dict[str, int], readings: frozenset = frozenset(), headline: bool = False,
           verb_keys: frozenset = frozenset()) -> tuple[set[int], set[int], set[int]]:
    """``_modality``'s unrealised and past ids, and with ``readings`` (MODALITY_READINGS) the
    wider reading: more unrealised forms (a headline's "X to VERB", a request's "to VERB", an
    adverb after the modal), habitual ones (the third set), and with "present" a headline's
    present form as past. ``headline``: the claim is a headline (annotate's flag);
    ``verb_keys``: the inflection keys of every verb of the claim (``_verb_keys``)."""
    out: set[int] = set()
    past: set[int] = set()
    habit: set[int] = set()
    if not verbs:
        return out, past, habit
    toks = _words(text)
    wide = "adverb" in readings
    near = [False] * len(toks)  # a modal or "to" up to four words before: the only places a verb can be unrealised
    for i, t in enumerate(toks):
        # (a word without an apostrophe is a modal only as itself: _modal's test, faster)
        if t == "to" or t in _MODALS or (("'" in t or "’" in t) and _modal(t)):
            near[i + 1:i + 5] = [True] * len(near[i + 1:i + 5])
    # with the wider reading, a headline's "to" with no verb before it is a future ("Microsoft to release patch")
    future_to = -1
    if headline and "headline" in readings:
        for i, t in enumerate(toks):
            if t == "to":
                if i > 0 and not any(set(_form_keys(w)) & verb_keys for w in toks[:i]):
                    future_to = i
                break
    habitual = "habitual" in readings and any(t in _HABITUAL for t in toks)
    # the habit's adverb up to _HABIT_GAP words before the verb: "Normally, Microsoft releases"
    habit_at = [False] * len(toks) if habitual else None
    if habit_at is not None:
        for i, t in enumerate(toks):
            if t in _HABITUAL:
                habit_at[i + 1:i + 2 + _HABIT_GAP] = [True] * len(habit_at[i + 1:i + 2 + _HABIT_GAP])
    present = headline and "present" in readings
    for p, t in enumerate(toks):
        if not near[p] and not t.endswith("ed") and not habitual and not present:
            continue  # neither unrealised nor a past form: no stems to make
        hit = [verbs[k] for k in _form_keys(t) if k in verbs]
        if not hit:
            continue
        if t.endswith("ed"):
            past.update(hit)
        q = p - 1
        while q >= 0 and p - q <= 4 and _skippable(toks[q], wide) and toks[q] != "to":
            q -= 1
        if q >= 0 and _modal(toks[q]):
            out.update(hit)
            continue
        after_to = q >= 0 and toks[q] == "to"
        unreal = False
        while q >= 0 and p - q <= 4 and toks[q] in _BETWEEN:  # "is expected to (be) announced"
            if toks[q] == "to" and q > 0 and toks[q - 1] in _INTENT:
                unreal = True
                break
            if toks[q] == "to" and readings and (q == future_to or ("request" in readings and _requested(toks, q))):
                unreal = True
                break
            q -= 1
        if unreal:
            out.update(hit)
            continue
        if t.endswith(("ed", "ing")) or after_to:
            continue
        if habit_at is not None and habit_at[p]:  # a present form just after "normally", "usually": a habit
            habit.update(hit)
        elif present:  # a headline's present form: the done fact in headline style
            past.update(hit)
    return out, past - out, habit - out - past


def _requested(toks: tuple[str, ...], q: int) -> bool:
    """Whether the "to" at ``q`` follows a verb of a call, request or demand, with at most
    _REQUEST_GAP words (the one asked, no "to") between: "call on the administration to",
    "urged parents to", "is asked to"."""
    for r in range(q - 1, max(-1, q - 2 - _REQUEST_GAP), -1):
        if toks[r] == "to":
            return False
        if set(_form_keys(toks[r])) & _REQUEST:
            if toks[r].startswith("call"):  # "call on X to", not "were called to the home to"
                return r + 1 < q and toks[r + 1] in ("on", "upon")
            return not (r > 0 and toks[r - 1] == "in")  # "in order to" is a purpose
    return False
