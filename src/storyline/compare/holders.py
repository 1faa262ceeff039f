"""Who holds a claim: the speaker or holder of an attributed statement (issue 15, `holders15`).

A claim is a *statement* when the annotation credits it to someone: a reported-speech or
"according to" attribution with a source, a quote with a speaker, or a belief verb with a
subject ("Most people thought she was dead"). Its *holder* is that source, by the story's
canonical entity key, else by its words ("authorities", "I"). Two statements by different
holders are two facts unless their reported clauses say the same thing: "the judge agreed"
and "the lawyer told the judge" share words, not a fact.

The holder check (``predicates.Predicates``, ``Options.holders``; off by default) damps such a
pair by ``HOLDERS_FACTOR`` unless something besides words ties it (``predicates.Predicates``:
one quote, a figure of one counted thing, a written day), or the two reported clauses are
alike enough: their content lemmas, less the holders' words and the cue verbs, overlap by
``HOLDERS_TIE`` (Jaccard) or more.

The speaker check (``speaker_damping``, ``Options.speaker``; off by default, issue 15, `att15`)
asks the opposite question: two statements of one holder share the attribution, not a fact,
unless the same ties hold or what they say, the attribution's words left out (``said``),
overlaps by ``SPEAKER_TIE`` or more.
"""

from __future__ import annotations

import re

from ..annotate.sources import SPEECH_VERBS

# Verbs that make their subject the holder of the clause under them: a belief is a statement
# held by someone, as a reported one is. By definition, not tuned.
BELIEF_VERBS = frozenset({"think", "believe", "feel", "fear", "suspect", "assume", "suppose", "doubt", "worry",
                          "consider", "know", "guess", "reckon", "imagine"})
# A pronoun source whose person the annotation did not resolve: no holder can be told apart.
_UNRESOLVED = frozenset({"he", "she", "they", "it", "him", "her", "them", "this", "that", "who", "which", "one"})
_DET = re.compile(r"^(?:the|a|an|some|many|most|several|other)\s+", re.I)
# cue words of a statement that are not its content ("said", "according", "thought")
CUE_WORDS = frozenset(SPEECH_VERBS | BELIEF_VERBS | {"accord", "according", "statement", "tell", "say"})


def _words(text: str) -> str:
    t = " ".join((text or "").lower().replace("’", "'").split()).strip(" ,.;:\"'“”")
    while True:
        s = _DET.sub("", t)
        if s == t:
            return t
        t = s


def _key(src: dict, emap: dict) -> str | None:
    """A source's holder key: its canonical entity, else its words; None when unresolved."""
    e = src.get("entity")
    if e:
        return "e:" + str(emap.get(e, e))
    w = _words(src.get("text") or "")
    if not w or w in _UNRESOLVED:
        return None
    return "t:" + w


def holder_of(attribution: dict | None, quotes: list[dict], predicate: str | None, subject: str | None,
              emap: dict) -> tuple[bool, str | None, str]:
    """(is a statement, its holder key or None when it cannot be told, the holder's words) of one claim."""
    src = (attribution or {}).get("source") or {}
    if attribution is not None and (src.get("entity") or src.get("text")):
        return True, _key(src, emap), src.get("text") or ""
    for q in quotes:
        sp = q.get("speaker")
        if sp and (sp.get("entity") or sp.get("text")):
            return True, _key(sp, emap), sp.get("text") or ""
    if predicate and subject and predicate.lower() in BELIEF_VERBS:
        w = _words(subject)
        return True, (None if not w or w in _UNRESOLVED else "t:" + w), subject
    return False, None, ""


def content(u: dict) -> frozenset:
    """A statement's reported clause as content lemmas: the claim's, less its holder's words
    and the cue verbs."""
    drop = set(re.findall(r"[a-z0-9]+", (u.get("holder_text") or "").lower().replace("’", "'")))
    return frozenset(w for w in u.get("lemmas") or () if w and w.lower() not in drop and w.lower() not in CUE_WORDS)


def alike(a: frozenset, b: frozenset) -> float:
    """Jaccard overlap of two reported clauses' content lemmas."""
    return len(a & b) / len(a | b) if a or b else 0.0


def _rows(preds) -> dict:
    """What the check reads of a story's units, made once per ``Predicates``: statement
    flags, holder ids (-1: none or not told), the reported clauses' lemmas and quoted words."""
    import numpy as np

    st = getattr(preds, "_holder_rows", None)
    if st is None:
        units = preds._units
        ids: dict[str, int] = {}
        st = preds._holder_rows = {
            "statement": np.array([bool(u.get("statement")) for u in units], dtype=bool),
            "holder": np.array([ids.setdefault(u["holder"], len(ids)) if u.get("holder") else -1 for u in units],
                               dtype=np.int64),
            "content": {}, "quotes": {},
        }
        st["keys"] = list(ids)
    return st


def _quote_tie(preds, st: dict, i: int, j: int) -> bool:
    """Whether claims i and j quote the same words (``quotes._matches``)."""
    from collections import Counter

    from .quotes import _matches, quote_words

    q = st["quotes"]
    for k in (i, j):
        if k not in q:
            w = quote_words(preds._units[k])
            q[k] = None if w is None else (w, Counter(w))
    if q[i] is None or q[j] is None:
        return False
    return _matches(q[i][0], q[j][0], (q[i][1], q[j][1]))


def slot_tie(preds, I, J):
    """Per pair, whether something besides words ties it: a figure of one counted thing
    about one participant (the predicate check's slot), a day both write, or one quote."""
    import numpy as np

    st = _rows(preds)
    lo, hi = np.minimum(I, J), np.maximum(I, J)
    out = np.zeros(len(I), dtype=bool)
    for slots in (preds.figures, getattr(preds, "_days", None)):
        if slots is not None and len(I):
            out |= np.asarray(slots[lo, hi]).ravel() > 0
    for k in np.flatnonzero(~out).tolist():
        out[k] = _quote_tie(preds, st, int(lo[k]), int(hi[k]))
    return out


def same_holder(a: str, b: str) -> bool:
    """Whether two holder keys name one holder: one key, or the words of one within the
    other's ("police" / "Surrey Police", "A.J. Butler" / "AJ Butler")."""
    if a == b:
        return True
    wa, wb = _holder_words(a), _holder_words(b)
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def _holder_words(key: str) -> frozenset:
    return frozenset(re.findall(r"[a-z0-9]+", key.split(":", 1)[-1].replace(".", "")))


def two_holders(preds, I, J):
    """Per pair, whether both claims are statements whose holders are told and differ (``same_holder``)."""
    import numpy as np

    st = _rows(preds)
    h = st["holder"]
    out = st["statement"][I] & st["statement"][J] & (h[I] >= 0) & (h[J] >= 0) & (h[I] != h[J])
    keys = st["keys"]
    for k in np.flatnonzero(out).tolist():
        out[k] = not same_holder(keys[int(h[I[k]])], keys[int(h[J[k]])])
    return out


def damping(preds, I, J, factor: float, tie: float):
    """The holder check's factor per pair: ``factor`` for two statements by different
    holders that nothing ties (``slot_tie``) and whose reported clauses overlap by less
    than ``tie``; 1 otherwise."""
    import numpy as np

    f = np.ones(len(I))
    if factor == 1.0 or not len(I):
        return f
    x = np.flatnonzero(two_holders(preds, I, J))
    if not len(x):
        return f
    x = x[~slot_tie(preds, I[x], J[x])]
    st = _rows(preds)
    c = st["content"]
    for k in x.tolist():
        i, j = int(I[k]), int(J[k])
        for m in (i, j):
            if m not in c:
                c[m] = content(preds._units[m])
        if alike(c[i], c[j]) < tie:
            f[k] = factor
    return f


# -- one speaker, two statements (Options.speaker; off by default) ---------------------------
# The speaker is the source of a claim, not its content: two claims credited to one speaker
# ("Andrew Wetzler, director of ..., was blunt: "We will see them in court."" / "Andrew
# Wetzler, director of ..., commented, "This administration has rejected ..."") share the long
# attribution, not a fact. What each says is read without it: the claim's content lemmas less
# the words of its attribution, found by annotate's offsets (``said``).

def _frame(u: dict) -> list[tuple[int, int]]:
    """The spans of a statement's attribution in its claim's text (offsets into ``u["text"]``),
    by annotate's offsets: the source, its cue and what stands between them ("Andrew Wetzler,
    director of ..., commented"); a trailing attribution runs to the claim's end (", said Noah
    Greenwald of the Center for Biological Diversity, an advocacy group."); a quote's speaker
    with no attribution record makes everything outside the claim's verbatim quotes the frame
    ("Andrew Wetzler, director of ..., was blunt:")."""
    from .quotes import verbatim

    s0, n = u["start"], u["end"] - u["start"]
    quoted = sorted((max(0, q["start"] - s0), min(n, q["end"] - s0)) for q in u.get("quotes") or ()
                    if verbatim(u, q) and q.get("end", 0) > s0 and q.get("start", n + s0) < s0 + n)
    att = u.get("attribution") or {}
    src = att.get("source") or {}
    if "start" in src and "start" in att:
        a = max(0, min(att["start"], src["start"]) - s0)
        b = min(n, max(att["end"], src["end"]) - s0)
        if a >= b:
            return []
        if a > n / 2:  # a trailing attribution: the source's description follows it
            b = n
        spans = [(a, b)]
    elif quoted:
        spans, at = [], 0
        for qa, qb in quoted:
            if qa > at:
                spans.append((at, qa))
            at = max(at, qb)
        if at < n:
            spans.append((at, n))
        return spans
    else:
        return []
    out = []  # the quotes inside the frame are what was said, not the frame
    for a, b in spans:
        for qa, qb in quoted:
            if qa <= a < qb:
                a = qb
            if qa < b <= qb:
                b = qa
        if a < b:
            out.append((a, b))
    return out


def said(u: dict) -> frozenset:
    """What a statement says, as content lemmas without its attribution: the claim's content
    lemmas less those of the words of its frame (``_frame``: the source with its title or
    description and the cue) and the cue words."""
    from .lemmas import paraphrase_key, stem, words

    drop = {stem(paraphrase_key(x)) for a, b in _frame(u) for w in words(u["text"][a:b])
            for x in (w, w.removesuffix("'s").removesuffix("’s"), w[:-1] if w.endswith("s") else w)}
    drop |= {stem(w) for w in re.findall(r"[a-z0-9]+", (u.get("holder_text") or "").lower())}
    return frozenset(w for w in u.get("lemmas") or () if w and w.lower() not in CUE_WORDS and stem(w) not in drop)


def one_holder(preds, I, J):
    """Per pair, whether both claims are statements whose holders are told and are one (``same_holder``)."""
    import numpy as np

    st = _rows(preds)
    h = st["holder"]
    out = st["statement"][I] & st["statement"][J] & (h[I] >= 0) & (h[J] >= 0)
    keys = st["keys"]
    for k in np.flatnonzero(out).tolist():
        out[k] = same_holder(keys[int(h[I[k]])], keys[int(h[J[k]])])
    return out


def said_alike(preds, i: int, j: int) -> float:
    """How alike what statements i and j say is (``alike`` of their ``said`` lemmas)."""
    st = _rows(preds)
    c = st.setdefault("said", {})
    for m in (i, j):
        if m not in c:
            c[m] = said(preds._units[m])
    return alike(c[i], c[j])


def speaker_damping(preds, I, J, factor: float, tie: float):
    """The speaker check's factor per pair: ``factor`` for two statements of one holder that
    nothing besides words ties (``slot_tie``: one quote, a figure of one counted thing, a day
    both write) and whose words without the attribution (``said``) overlap by less than
    ``tie``; 1 otherwise."""
    import numpy as np

    f = np.ones(len(I))
    if factor == 1.0 or not len(I):
        return f
    x = np.flatnonzero(one_holder(preds, I, J) & (I != J))
    if not len(x):
        return f
    x = x[~slot_tie(preds, I[x], J[x])]
    for k in x.tolist():
        if said_alike(preds, int(I[k]), int(J[k])) < tie:
            f[k] = factor
    return f
