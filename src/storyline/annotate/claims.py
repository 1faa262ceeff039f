"""Claims: one record per check-worthy proposition (a sentence or an independent clause).

Subject, predicate (lemma, with particle) and object come from the dependency parse;
when the clause is a report ("X said that Y"), the proposition is the reported
content Y and the report is its attribution. Questions, verbless lines (credits,
"Source link"), a page's own time stamps ("Last updated at 14:00 GMT") and fragments are
skipped; headline sentences are kept with a flag.
"""

from __future__ import annotations

import re

from ..nlp import doc_text
from .sources import SPEECH_VERBS
from .tokens import words as token_words

_SUBJ = ("nsubj", "nsubjpass", "csubj", "expl")
_OBJ = ("dobj", "attr", "oprd", "acomp", "xcomp", "dative")

# A page's time stamp ("Posted: Friday, March 8, 2013 2:39 pm", "10 June 2013 Last updated
# at 14:00 GMT") says when the page was written, not what happened: two pages' stamps are
# not one fact, and no outlet corroborates another's. A line is a stamp when it names the
# posting and every word is a date, a time or a time zone: "The report was published on
# Monday" keeps its subject and stays a claim.
_STAMP_CUES = {"posted", "published", "updated", "modified"}
_STAMP_WORDS = _STAMP_CUES | {
    "first", "last", "on", "at", "created",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
    "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "am", "pm", "a", "p", "m", "st", "nd", "rd", "th",
    "gmt", "utc", "bst", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "et", "ct", "mt",
    "pt", "cet", "cest", "eet", "ist", "aest", "aedt", "jst", "hkt", "sgt"}
_LETTERS = re.compile(r"[^\W\d_]+")


def is_time_stamp(text: str) -> bool:
    """True for a line that only says when its page was posted or updated."""
    found = [w.lower() for w in _LETTERS.findall(text)]
    return (any(c.isdigit() for c in text) and any(w in _STAMP_CUES for w in found)
            and all(w in _STAMP_WORDS for w in found))


def _np_text(tok, text: str, tok_start: list[int], tok_end: list[int]) -> str:
    """The noun phrase headed by ``tok`` (relative clauses and appositions cut off).

    ``tok_start``/``tok_end`` are every token's character offsets into ``text``: the
    phrase is a slice of the text (what Span.text gives) without a Token per word.
    """
    left, right = tok.left_edge.i, tok.right_edge.i
    for c in tok.rights:
        if c.dep_ in ("relcl", "acl", "punct", "appos") and c.i > tok.i:
            right = max(tok.i, c.left_edge.i - 1)
            break
    text = text[tok_start[left]:tok_end[right]].strip(" ,;“”\"")
    if text.count("“") != text.count("”") or text.count('"') % 2:
        text = text.replace("“", "").replace("”", "").replace('"', "")  # an unpaired mark cut by the span
    return text


def _predicate(v) -> str:
    prt = [c.lower_ for c in v.children if c.dep_ == "prt"]
    return " ".join([v.lemma_.lower()] + prt)


def _proposition(v, content_of):
    """The verb carrying the proposition: the reported content of a speech verb, else v."""
    c = content_of.get(v.i)
    if c is not None and c.root.pos_ in ("VERB", "AUX"):
        return c.root
    if v.lemma_.lower() in SPEECH_VERBS:
        for c in v.children:
            if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX"):
                return c
    return v


_RELATIVE = ("WDT", "WP")  # that, which, who as a subject


def _clause_heads(sent):
    root = sent.root
    heads = [root]
    for c in root.children:
        # a conjunct whose subject is a relative pronoun is no clause of its own: ", that comes
        # with a court set bond" (the parser's conj) goes on the sentence before it
        if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and any(g.dep_ in _SUBJ and g.tag_ not in _RELATIVE
                                                                  for g in c.children):
            heads.append(c)
    return sorted(heads, key=lambda t: t.i)


def _clause_spans(sent, heads):
    """Contiguous token ranges, one per independent clause."""
    if len(heads) == 1:
        return [(sent.start, sent.end)]
    starts = [sent.start] + [h.left_edge.i for h in heads[1:]]
    spans = []
    for k, s in enumerate(starts):
        e = starts[k + 1] if k + 1 < len(starts) else sent.end
        doc = sent.doc
        # a percent sign is the figure's, not punctuation to trim ("Australia dropped by
        # 8.4%" | "and South Korea saw a 9% fall" kept "8.4")
        while e > s + 1 and (doc[e - 1].dep_ == "cc" or doc[e - 1].is_punct and doc[e - 1].text != "%"):
            e -= 1
        while s < e and (doc[s].dep_ == "cc" or doc[s].is_punct):
            s += 1
        spans.append((s, e))
    return spans


_SLOTS = ("nsubj", "nsubjpass", "dobj")
# what a participant's head may hang from on the way up to its predicate's verb
_TO_VERB = ("dobj", "pobj", "attr", "compound", "amod", "prep", "nsubj", "nsubjpass")
_NP_LEFT = ("compound", "amod", "nummod", "quantmod", "nmod")


def _noun_phrase(tok, s: int, tok_start: list[int], tok_end: list[int]) -> tuple[int, int]:
    """Character span of a participant without determiners and possessives
    ("his family members" -> "family members"), inside the clause (token ``s`` on)."""
    doc = tok.doc
    start = min([tok.i] + [t.left_edge.i for t in tok.lefts if t.dep_ in _NP_LEFT])
    start = max(start, s)
    while start < tok.i and (doc[start].dep_ in ("det", "poss") or doc[start].is_punct):
        start += 1
    return tok_start[start], tok_end[tok.i]


def _frame(pred, s: int, e: int, tok_start: list[int], tok_end: list[int]) -> list:
    """[lemma, subjects, objects] of a noun or verb of the clause: the participants of the
    verb it belongs to (a verb's subjects and objects, a noun's governing verb's, conjuncts
    included, nouns only), each [head lemma, start, end]; the parse is read within the
    clause, as if the clause were parsed alone."""
    verb = pred
    while verb.pos_ not in ("VERB", "AUX"):
        head = verb.head
        if head.i == verb.i or not s <= head.i < e or verb.dep_ not in _TO_VERB:
            break
        verb = head
    slots: tuple[list, list] = ([], [])
    if verb.pos_ in ("VERB", "AUX"):
        for c in verb.children:
            if c.dep_ in _SLOTS and c.i != pred.i and s <= c.i < e:
                for t in [c, *c.conjuncts]:
                    if t.pos_ in ("NOUN", "PROPN") and s <= t.i < e:
                        slots[0 if c.dep_.startswith("nsubj") else 1].append(
                            [t.lemma_.lower(), *_noun_phrase(t, s, tok_start, tok_end)])
    return [pred.lemma_.lower(), slots[0], slots[1]]


_BACKGROUND_DEPS = ("relcl", "acl", "appos")
_PARTICIPANT_POS = ("NOUN", "PROPN", "PRON", "NUM")
_PARTICIPANT_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "attr", "dative")  # "identified the 2-year-old killed ..."


def _background(doc, s: int, e: int, head, v) -> dict[int, int]:
    """Token index -> the participant it describes, for the clause's background: what a
    relative clause, a participle or an appositive tells of a participant ("the fire *that
    destroyed the warehouse* took a piece of history", "identified the 2-year-old *killed
    in ...*", "Collier, *a tackle paralyzed after a shooting*, returned"). The claim does not
    assert it: it names the participant by it. Left out: a subtree holding the clause's own
    head or proposition (a verbless headline "Man charged with arson" states its participle),
    an infinitive ("a decision to close the plant" tells what was decided), a relative clause
    of place or time ("where she later died") and a participle on a counted noun ("70 people
    injured")."""
    ranges = []
    for k in range(s, e):
        t = doc[k]
        if t.dep_ not in _BACKGROUND_DEPS or any(c.tag_ == "TO" for c in t.children):
            continue
        h = t.head
        if h.i == head.i or h.pos_ not in _PARTICIPANT_POS and h.dep_ not in _PARTICIPANT_DEPS or not s <= h.i < e:
            continue
        if t.dep_ == "relcl" and any(c.tag_ == "WRB" for c in t.children):
            continue  # "taken to a hospital where she later died": the story goes on
        if t.dep_ == "acl" and any(c.dep_ == "nummod" for c in h.children):
            continue  # "70 people injured", "716 yards rushing": a count of the event's own
        lo, hi = max(t.left_edge.i, s), min(t.right_edge.i + 1, e)
        if lo <= v.i < hi or lo <= head.i < hi:
            continue
        ranges.append((hi - lo, lo, hi, h.i))
    out: dict[int, int] = {}
    for _, lo, hi, anchor in sorted(ranges, reverse=True):  # an inner clause hangs on its own participant
        for k in range(lo, hi):
            out[k] = anchor
    return out


def _frames(doc, s: int, e: int, pos: list[int], stop: list, tok_start: list[int], tok_end: list[int],
            background: dict[int, int] | None = None) -> list:
    """The frames of the clause's nouns and verbs (not stop words). A frame with no
    participant is left out unless its lemma is repeated in the clause: compare pairs
    only a lemma that occurs once, so what is left out could never make a finding. Returns
    the frames and, for each, the participant a frame of the background (``_background``)
    describes, [head lemma, start, end], else None."""
    from spacy.symbols import NOUN, VERB

    background = background or {}
    frames, told = [], []
    for k in range(s, e):
        if (pos[k] == NOUN or pos[k] == VERB) and not stop[k]:
            frames.append(_frame(doc[k], s, e, tok_start, tok_end))
            h = doc[background[k]] if k in background else None
            told.append(None if h is None else [h.lemma_.lower(), *_noun_phrase(h, s, tok_start, tok_end)])
    seen: dict[str, int] = {}
    for f in frames:
        seen[f[0]] = seen.get(f[0], 0) + 1
    keep = [k for k, f in enumerate(frames) if f[1] or f[2] or seen[f[0]] > 1]
    return [frames[k] for k in keep], [told[k] for k in keep]


def _spans(toks: list[int], tok_start: list[int], tok_end: list[int]) -> list[list[int]]:
    """[start, end] character spans of runs of consecutive token indexes."""
    out: list[list[int]] = []
    prev = None
    for k in toks:
        if prev is not None and k == prev + 1:
            out[-1][1] = tok_end[k]
        else:
            out.append([tok_start[k], tok_end[k]])
        prev = k
    return out


def _overlap(items, a, b):
    return [i for i, x in enumerate(items) if x["start"] < b and a < x["end"]]


def build_claims(doc, article_id: str, ann: dict, events_by_attr: list, title: str | None) -> list[dict]:
    """Claim records; also sets ``claim`` on each hedge (index of the claim it qualifies)."""
    from spacy.attrs import IS_ALPHA, IS_SPACE, IS_STOP, LIKE_NUM
    from spacy.symbols import AUX, NOUN, PROPN, VERB

    claims = []
    # per-token facts read once from arrays: sentences and clauses are tested on them
    # without making a Token object per word and per test
    doc_str = doc_text(doc)
    w = token_words(doc)
    tok_start, tok_end = w.starts, w.ends
    arr = doc.to_array([IS_ALPHA, IS_SPACE, IS_STOP, LIKE_NUM])
    alpha, space, stop = arr[:, 0].tolist(), arr[:, 1].tolist(), arr[:, 2].tolist()
    # content words: words and figures that are not stop words
    content = [(al or num) and not st for al, num, st in zip(alpha, arr[:, 3].tolist(), stop)]
    verbal = [p == VERB or p == AUX for p in w.pos]
    content_of = {ev["cue_tok"].i: ev["content"] for ev in events_by_attr if ev.get("content") is not None}
    title_fold = " ".join((title or "").split()).lower()
    text = ann["text"]
    first_para_end = text.find("\n")
    first_para_end = len(text) if first_para_end < 0 else first_para_end
    for si, (start, end, start_char, end_char) in enumerate(w.sents):
        n_words = sum(alpha[start:end])
        stext = doc_str[start_char:end_char].strip()
        if n_words < 4 or stext.endswith("?") or stext.rstrip("”\"’").endswith("?"):
            continue
        if not any(verbal[start:end]) or is_time_stamp(stext):
            continue
        sent = doc[start:end]  # the Span doc.sents gives
        headline = bool(title_fold) and " ".join(stext.split()).lower() in title_fold or start_char < first_para_end and not stext.endswith((".", "!", "”", '"'))
        heads = _clause_heads(sent)
        for head, (s, e) in zip(heads, _clause_spans(sent, heads)):
            while e > s + 1 and space[e - 1]:
                e -= 1  # a paragraph break is not part of the claim
            if not any(verbal[s:e]):
                continue
            a, b = tok_start[s], tok_end[e - 1]
            v = _proposition(head, content_of)
            kids = [(c, c.dep_) for c in v.children]  # read once, searched several times
            subj = next((c for c, dep in kids if dep in _SUBJ), None)
            if subj is None and v is not head:
                subj = next((c for c in head.children if c.dep_ in _SUBJ), None)
            obj = next((c for c, dep in kids if dep in _OBJ), None)
            if obj is None:
                obj = next((c for c, dep in kids if dep == "ccomp"), None)
            if obj is None:
                obj = next((c for c, dep in kids if dep == "prep" and any(g.dep_ == "pobj" for g in c.children)), None)
            passive = subj is not None and subj.dep_ == "nsubjpass"
            agent = next((g for c, dep in kids if dep == "agent" for g in c.children if g.dep_ == "pobj"), None)
            negated = any(dep == "neg" for _, dep in kids) or any(c.dep_ == "neg" for c in head.children)
            ents, places = [], []
            for m in ann["entities"]:
                if a <= m["start"] < b:
                    if m.get("role") == "place":
                        if m["entity"] not in places:
                            places.append(m["entity"])
                    elif m["entity"] not in ents:
                        ents.append(m["entity"])
            attrs = [i for i, ev in enumerate(events_by_attr) if _credits(ev, head, v, s, e)]
            # the outermost attribution of the clause (no relays above it)
            attrs.sort(key=lambda i: (len(ann["attributions"][i].get("via", [])), ann["attributions"][i]["start"]))
            back = _background(doc, s, e, head, v)
            claim = {
                "id": f"{article_id}:{len(claims)}",
                "text": text[a:b], "start": a, "end": b, "sentence": si,
                "subject": _np_text(subj, doc_str, tok_start, tok_end) if subj is not None else None,
                "predicate": _predicate(v),
                "object": _np_text(obj, doc_str, tok_start, tok_end) if obj is not None else None,
                "entities": ents, "places": places,
                "quantities": _overlap(ann["quantities"], a, b),
                "timexes": _overlap(ann["timexes"], a, b),
                "quotes": _overlap(ann["quotes"], a, b),
                "attribution": attrs[0] if attrs else None,
                "hedges": [i for i, h in enumerate(ann["hedges"]) if a <= h["start"] < b],
                "negated": negated,
                "passive": passive,
                "agent": _np_text(agent, doc_str, tok_start, tok_end) if agent is not None else None,
                # the clause's content words as parsed here, so compare needs no second parse
                "lemmas": [w.lemma[k] for k in range(s, e) if content[k]],
                "verbs": [w.lemma[k] for k in range(s, e) if content[k] and w.pos[k] == VERB],
                "nouns": [w.lemma[k] for k in range(s, e) if content[k] and w.pos[k] in (NOUN, PROPN)],
                "object_lemmas": [] if obj is None else [w.lemma[k] for k in range(obj.left_edge.i, obj.right_edge.i + 1)
                                                         if content[k]],
                # the verbs and nouns of ``verbs``/``nouns`` that only describe a participant
                # (relative clauses, participles, appositives): the claim does not state them
                "background_verbs": [w.lemma[k] for k in sorted(back) if content[k] and w.pos[k] == VERB],
                "background_nouns": [w.lemma[k] for k in sorted(back) if content[k] and w.pos[k] in (NOUN, PROPN)],
                "background": _spans(sorted(back), tok_start, tok_end),
            }
            # who did what to whom: the participants of the content nouns and verbs; and for
            # each frame, the participant it describes when it is background, else None
            claim["frames"], claim["background_of"] = _frames(doc, s, e, w.pos, stop, tok_start, tok_end, back)
            if headline:
                claim["headline"] = True
            claims.append(claim)
    for h in ann["hedges"]:
        h["claim"] = None  # a hedge in a skipped sentence (question, fragment) qualifies no claim
    for ci, c in enumerate(claims):
        for hi in c["hedges"]:
            ann["hedges"][hi]["claim"] = ci
    return claims


def _credits(ev, head, v, s, e) -> bool:
    """Whether a report event credits the clause headed by ``head`` (proposition verb ``v``)."""
    cue = ev["cue_tok"]
    if cue.i == head.i:
        return True
    c = ev.get("content")
    if c is not None and c.start <= v.i < c.end and s <= cue.i < e + 40:
        return True
    if ev["cue"] == "according to" and s <= cue.i < e:
        return True
    return False
