"""Quotes: direct, partial, scare and indirect, with speakers and cue verbs.

Quote marks are paired per paragraph (curly, straight, guillemets, single curly
quotes that are not apostrophes); an unclosed quote runs to the paragraph end (the
convention for quotes continuing in the next paragraph). The speaker comes from the
report event whose cue governs the quote, else a cue just before/after it, else a
preceding "X said:" line, else the speaker of the quote it continues.
"""

from __future__ import annotations

import re

from .sources import WEAK_CUES, Context, not_a_person

_OPEN = {"“": "”", "«": "»", "„": "“", '"': '"'}
_CLOSE_ANY = {"”", "»", '"'}
# every character the pairing below reacts to (openers, closers, ‘ ’); the others
# change nothing, so only these positions are visited
_MARKS = re.compile("[“”«»„\"‘’]")


def find_quote_spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, closed) of quoted text, marks excluded, in order."""
    out = []
    pos = 0
    for para in re.split(r"(\n+)", text):
        if para.startswith("\n"):
            pos += len(para)
            continue
        open_at = None
        close_char = None
        for m in _MARKS.finditer(para):
            i, ch = m.start(), m.group()
            if open_at is None:
                if ch in _OPEN and (ch != '"' or i == 0 or not para[i - 1].isalnum()):
                    open_at, close_char = i, _OPEN[ch]
                elif ch == "‘" and (i == 0 or not para[i - 1].isalnum()):
                    open_at, close_char = i, "’"
            else:
                if ch == close_char or (close_char != "’" and ch in _CLOSE_ANY and ch != "“"):
                    if close_char == "’" and i + 1 < len(para) and para[i + 1].isalpha():
                        continue  # an apostrophe inside a single-quoted phrase
                    if i > open_at + 1:
                        out.append((pos + open_at + 1, pos + i, True))
                    open_at = None
                elif ch == "“" and close_char == "”":
                    # a new opening mark before the close: the earlier one was never closed
                    open_at = i
        if open_at is not None and close_char != "’" and len(para) - open_at > 20:
            end = len(para.rstrip())
            out.append((pos + open_at + 1, pos + end, False))
        pos += len(para)
    return [_trim(text, a, b, c) for a, b, c in out if text[a:b].strip()]


def _trim(text, a, b, closed):
    while a < b and text[a].isspace():
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] == ","):
        b -= 1
    return a, b, closed


def _words(doc, a, b):
    span = doc.char_span(a, b, alignment_mode="expand")
    return [t for t in span if t.is_alpha or t.like_num] if span is not None else []


def add_lemmas(doc, quotes: list[dict]) -> None:
    """Set each quote's ``lemmas``: the folded lemmas of its words, from this parse (compare
    tells a reworded quote from an altered one by them, without parsing it again)."""
    from bisect import bisect_left

    from .canonical import fold
    from .tokens import words

    w = words(doc)
    starts = w.starts
    for q in quotes:
        lo, hi = bisect_left(starts, q["start"]), bisect_left(starts, q["end"])
        q["lemmas"] = [x for x in (fold(w.lemma[k]) for k in range(lo, hi)) if x]


def _in_name(ctx: Context, a, b) -> bool:
    """A nickname inside a person's name (Frank "Mitch" Bradley) is not a quote."""
    return any(m["label"] == "PERSON" and m["start"] < a and b < m["end"] for m in ctx.mentions)


def _governs(ev, a, b, text) -> bool:
    t = ev["cue_tok"]
    while b > a and not text[b - 1].isalnum():
        b -= 1  # closing punctuation inside the marks often hangs off the main clause
    # the subtree's first and last tokens are its edges: O(1), where listing the subtree
    # for every quote and cue was quadratic on long sentences (12 s on a 22,000-character input)
    first, last = t.left_edge, t.right_edge
    return first.idx <= a and b <= last.idx + len(last.text)


_SIZES: list = [None, None]  # [the doc, its subtree sizes]: the last doc's only


def _subtree_size(tok) -> int:
    """Tokens in ``tok``'s subtree. Sizes for a whole doc at once, leaves up (linear):
    listing a subtree per cue and quote was quadratic on long sentences."""
    doc = tok.doc
    if _SIZES[0] is not doc:
        n = len(doc)
        heads = [t.head.i for t in doc]
        size = [1] * n
        pending = [0] * n
        for i, h in enumerate(heads):
            if h != i:
                pending[h] += 1
        todo = [i for i in range(n) if pending[i] == 0]
        while todo:
            i = todo.pop()
            h = heads[i]
            if h != i:
                size[h] += size[i]
                pending[h] -= 1
                if pending[h] == 0:
                    todo.append(h)
        _SIZES[:] = [doc, size]
    return _SIZES[1][tok.i]


def _pick_event(ctx, events, a, b, sent_rng):
    """The report event that introduces quote [a, b) within the given sentence range."""
    s0, s1 = sent_rng
    # a denied cue introduces no words ("Gupta has not commented")
    cands = [ev for ev in events if s0 <= ev["cue_tok"].idx < s1 and ev.get("source") is not None
             and not any(c.dep_ == "neg" for c in ev["cue_tok"].children)]
    if not cands:
        return None
    governing = [ev for ev in cands if _governs(ev, a, b, ctx.text) and not (a <= ev["cue_tok"].idx < b)]
    if governing:
        # the innermost governing cue (smallest subtree), strong cues first
        return min(governing, key=lambda ev: _subtree_size(ev["cue_tok"]))
    outside = [ev for ev in cands if not (a <= ev["cue_tok"].idx < b)]
    if not outside:
        return None
    return min(outside, key=lambda ev: min(abs(ev["cue_tok"].idx - a), abs(ev["cue_tok"].idx - b)))


def build_quotes(ctx: Context, events: list[dict], sentences: list[tuple[int, int]], sent_index,
                 quote_spans: list[tuple[int, int, bool]] | None = None) -> list[dict]:
    """Direct/partial/scare quotes plus indirect speech, ordered by start.

    ``quote_spans`` is ``find_quote_spans(ctx.text)`` when the caller has it already.
    """
    doc = ctx.doc
    text = ctx.text
    quotes = []
    if quote_spans is None:
        quote_spans = find_quote_spans(text)
    spans = [(a, b, c) for a, b, c in quote_spans if not _in_name(ctx, a, b)]
    prev = None  # the previous quote record, for continuation
    for a, b, closed in spans:
        si = sent_index(a)
        sj = sent_index(max(a, b - 1))
        s_start, s_end = sentences[si][0], sentences[sj][1]
        after = b + 1 if closed else b
        # a cue right after the closing mark ("…," he said.) may sit in the next "sentence"
        tail = text[after:]
        para_end = text.find("\n", after)
        para_end = len(text) if para_end < 0 else para_end
        if sj + 1 < len(sentences) and sentences[sj + 1][0] < para_end:
            nxt = sentences[sj + 1]
            nxt_text = text[nxt[0]:nxt[1]]
            if tail.lstrip(" ,")[:1].islower() or len(nxt_text.split()) <= 8:
                s_end = max(s_end, nxt[1]) if text[s_end:nxt[0]].strip() == "" else s_end
        ev = _pick_event(ctx, events, a, b, (s_start, s_end))
        if ev is None and sj + 1 < len(sentences) and sentences[sj + 1][0] < para_end and text[b:sentences[sj + 1][0]].strip(" ”\"’.,!?") == "":
            # "“… Right now!” Williams, a critic of the policy, said before …": a bare cue in the next sentence
            nxt = sentences[sj + 1]
            bare = [e for e in events if nxt[0] <= e["cue_tok"].idx < nxt[1] and e.get("source") is not None and e["content"] is None
                    and e["cue_tok"].dep_ == "ROOT" and e["cue_tok"].lemma_ in ("say", "tell", "add", "write", "explain", "continue", "recall", "insist", "note", "state")]
            ev = bare[0] if bare else None
        inherited = False
        if ev is None and si > 0:
            # "He said:" / "X told reporters:" on the line before
            ps = sentences[si - 1]
            if text[ps[0]:ps[1]].rstrip().endswith(":"):
                ev = _pick_event(ctx, events, a, b, ps)
        if ev is None and si > 0 and starts_sentence_at(text, sentences[si][0], a) and (prev is None or prev["end"] < sentences[si - 1][0]):
            # a quote standing alone right after a sentence reporting someone's speech is theirs
            ps = sentences[si - 1]
            if not ctx.in_quote(ps[0]) and "\n\n" not in text[ps[1]:a].replace(" ", ""):
                cands = [e for e in events if ps[0] <= e["cue_tok"].idx < ps[1] and e.get("source") is not None
                         and e["source"].get("kind") in ("person", "organisation", "agency", "officials", "experts")]
                if cands:
                    ev, inherited = cands[-1], True
        words = _words(doc, a, b)
        before = text[s_start:a - 1].strip()
        starts_sentence = before == "" or before.endswith(":") or before.endswith("—")
        if not starts_sentence and _is_title(words):
            continue  # a title of a work ("The Big Lebowski"), not words someone said
        speaker = None
        cue = None
        if ev is not None:
            speaker = dict(ev["source"])
            cue = ev["cue_tok"].lower_ if ev["cue"] != "according to" else "according to"
            if inherited:
                speaker["continued"] = True
        elif prev is not None and prev["speaker"] is not None and _continues(ctx, prev, a, text, sent_index):
            speaker = dict(prev["speaker"])
            speaker["continued"] = True
            cue = prev["cue"]
        elif "\n" not in text[:a] or not text[:a].strip():
            speaker = _headline_speaker(ctx, a, b, text)
        if len(words) <= 2 and not starts_sentence:
            kind = "partial" if ev is not None and _governs(ev, a, b, ctx.text) else "scare"
        elif starts_sentence and (words and words[0].text[:1].isupper() or not closed):
            kind = "direct"
        elif before.endswith(",") and words and words[0].text[:1].isupper() and ev is not None and len(words) > 2:
            kind = "direct"  # He said, “We will win.”: a whole utterance after the cue
        elif len(words) <= 2:
            kind = "scare" if ev is None else "partial"
        else:
            kind = "partial"
        if kind == "scare":
            speaker, cue = None, None
        q = {
            "kind": kind, "text": text[a:b], "start": a, "end": b, "speaker": _speaker_out(speaker),
            "cue": cue, "sentence": si, "closed": closed,
        }
        if ev is not None and ev.get("via"):
            q["via"] = ev["via"]
        # "“…,” he said, “…”": link the second part to the first
        if prev is not None and prev["kind"] == "direct" and kind in ("direct", "partial") and closed:
            gap = text[prev["end"]:a].strip(" ”\"“,")
            if "\n" not in gap and 0 < len(gap.split()) <= 6 and text[prev["end"]:a].rstrip(" “\"").endswith((",", ":")):
                q["continues"] = prev  # an index once the list is sorted
                q["kind"] = "direct"
                if q["speaker"] is None:
                    q["speaker"] = prev["speaker"]
        quotes.append(q)
        if kind != "scare":
            prev = q
    quotes.extend(_indirect(ctx, events, spans, sent_index))
    quotes.sort(key=lambda q: (q["start"], q["end"]))
    pos = {id(q): i for i, q in enumerate(quotes)}
    for q in quotes:
        if "continues" in q:
            q["continues"] = pos[id(q["continues"])]
    return quotes


def starts_sentence_at(text: str, sent_start: int, a: int) -> bool:
    """The quote opens its sentence (only its opening mark before it)."""
    return text[sent_start:a].strip(" “\"‘«") == ""


def _continues(ctx, prev, a, text, sent_index) -> bool:
    """Whether a quote with no cue of its own continues the previous quote's speaker.

    Yes when it follows in the same paragraph within one sentence (the sentence between
    was the attribution) or opens the next paragraph, and no other person is named between.
    """
    between = text[prev["end"]:a]
    if "\n" in between and between.strip(" ”\"\n.,") != "":
        return False
    if "\n" not in between and sent_index(a) - sent_index(max(prev["start"], prev["end"] - 1)) > 1 and len(between) > 120:
        return False
    own = prev["speaker"].get("entity")
    own_sent = sent_index(prev["speaker"]["start"]) if isinstance(prev["speaker"].get("start"), int) else -1
    for m in ctx.mentions:
        if prev["end"] <= m["start"] < a and m["label"] == "PERSON" and m["entity"] != own and not ctx.in_quote(m["start"]):
            if sent_index(m["start"]) == own_sent:
                continue  # part of the attribution itself ("Stockton police spokesman Joe Silva said")
            return False
    return True


_SMALL = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "de", "la", "von", "van", "is", "from", "by"}


def _is_title(words) -> bool:
    """A short Title Case phrase: the name of a work, show or slogan."""
    ws = [t.text for t in words if t.is_alpha]
    if not ws or len(ws) > 6 or not ws[0][:1].isupper():
        return False
    return all(w[:1].isupper() or w.lower() in _SMALL for w in ws) and not all(w.isupper() for w in ws if len(w) > 1) or (
        len(ws) == 1 and ws[0][:1].isupper() and ws[0].lower() not in ("i",)
    )


def _headline_speaker(ctx, a, b, text) -> dict | None:
    """Headline conventions: "Name: “…”" or "“…” Name does …" (the person named next to it)."""
    line_start = text.rfind("\n", 0, a) + 1
    line_end = text.find("\n", b)
    line_end = len(text) if line_end < 0 else line_end
    before = text[line_start : a - 1].rstrip()
    cands = []
    if before.endswith(":"):
        cands = [m for m in ctx.mentions if line_start <= m["start"] and m["end"] <= a and m["label"] == "PERSON"
                 and not not_a_person(m)]
        cands = cands[-1:]
    elif not before:
        for mi, m in enumerate(ctx.mentions):
            if b < m["start"] < line_end and m["label"] == "PERSON" and not not_a_person(m):
                s, e = ctx.spans[mi]
                if ctx.doc[s:e].root.dep_ in ("nsubj", "nsubjpass") and text[b:m["start"]].strip(" ”\"’.,:;—-") == "":
                    cands = [m]
                break
    if not cands:
        return None
    m = cands[0]
    return {"text": m["text"], "entity": m["entity"], "name": m["name"], "start": m["start"], "end": m["end"],
            "resolved_from": "headline", "kind": "person"}


def _speaker_out(sp: dict | None) -> dict | None:
    if sp is None:
        return None
    keep = ("text", "entity", "name", "start", "end", "resolved_from", "kind", "continued", "mention")
    return {k: sp[k] for k in keep if k in sp}


def _indirect(ctx, events, spans, sent_index) -> list[dict]:
    """Reported speech without quote marks: "X said that …", "according to X, …"."""
    out = []
    for ev in events:
        c = ev.get("content")
        if c is None or ev.get("source") is None or ev["source"].get("kind") == "missing":
            continue
        a, b = c.start_char, c.end_char
        while b > a and (ctx.text[b - 1] in ".,;:" or ctx.text[b - 1].isspace()):
            b -= 1
        if any(not (qb <= a or qa >= b) for qa, qb, _ in spans):
            continue  # mixed with a quotation: the quote records cover it
        if len([t for t in c if t.is_alpha]) < 3:
            continue
        if ev["cue_tok"].lemma_ in WEAK_CUES and ev["cue"] != "according to":
            continue
        q = {
            "kind": "indirect", "text": ctx.text[a:b], "start": a, "end": b,
            "speaker": _speaker_out(ev["source"]),
            "cue": ev["cue"] if ev["cue"] == "according to" else ev["cue_tok"].lower_,
            "sentence": sent_index(a), "closed": True,
        }
        if ev.get("via"):
            q["via"] = ev["via"]
        out.append(q)
    # "X says he's tired of the violence that he says plagues ...": keep the outer report only
    return [q for q in out if not any(
        o is not q and o["start"] <= q["start"] and q["end"] <= o["end"] and (o["end"] - o["start"]) > (q["end"] - q["start"])
        and (o["speaker"] or {}).get("entity") == (q["speaker"] or {}).get("entity") for o in out)]
