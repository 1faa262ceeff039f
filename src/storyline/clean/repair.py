"""Inline damage: repairs (a space inserted) and notes (text left as is)."""

from __future__ import annotations

import re

from .blocks import _TERMINAL, split_blocks, words
from .glue import split_glued, zipf

# A closing curly quote glued to the next word: freedom”rejecting
_QUOTE_GLUE = re.compile(r"[”»](?=[^\W\d_])")
# A sentence end glued to the next sentence: said.The (both sides words, not an abbreviation)
_SENT_GLUE = re.compile(r"(?<![\w.])([a-z]{3,})([.!?])([A-Z][a-z]{2,})\b")
_TOKEN = re.compile(r"(?<![\w/@.:-])[^\W\d_]{6,}(?:['’][^\W\d_]+)?(?![\w/@-]|\.\w)")

# Words that cannot end a phrase: a link's text was dropped when one is followed by , or .
_NEEDS_OBJECT = ("according to|to|by|from|in|on|at|of|with|via|the|a|an|told|said|per|cited|citing|"
                 "wrote|reported|published|like|including|than|and|or|as|into|for|about|between|his|her|"
                 "their|its|our|my|your")
_NEEDS_OBJECT_SET = set(_NEEDS_OBJECT.split("|"))
# a word, spaces, then punctuation standing alone: checked against the list above
_GAP = re.compile(r"\b(\w+)( +)[,.;:](?=\s|$)")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")
# A sentence starting in lower case after a sentence end (not an abbreviation).
_LOWER_START = re.compile(r"(?<=[a-z]{3}[.!?]) +([a-z][a-z]+)\b")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]+")
_ABBREV = {"etc", "approx", "incl", "est", "vol", "dept", "govt", "misc"}


def find_inline_edits(raw: str, removed: list[tuple[int, int]]):
    from . import Op

    def kept(pos: int) -> bool:
        return not any(s <= pos < e for s, e in removed)

    ops: list = []
    for m in re.finditer(r"\r+", raw):
        ops.append(Op("remove", "carriage return", m.start(), m.end()))
    for m in _INVISIBLE.finditer(raw):
        ops.append(Op("remove", "invisible character", m.start(), m.end()))
    blocks = split_blocks(raw)
    # white space around the whole text
    if blocks:
        if blocks[0].start > 0:
            ops.append(Op("remove", "white space around the text", 0, blocks[0].start))
        if blocks[-1].end < len(raw):
            ops.append(Op("remove", "white space around the text", blocks[-1].end, len(raw)))
    for m in _QUOTE_GLUE.finditer(raw):
        at = m.end()
        tok = re.match(r"[^\W\d_]+", raw[at:])
        s = m.start()
        e = at + (tok.end() if tok else 0)
        ops.append(Op("repair", "missing space after closing quote", s, e, " ", at, raw[s:at] + " " + raw[at:e]))
    for m in _SENT_GLUE.finditer(raw):
        left, right = m.group(1), m.group(3)
        if left.lower() in _ABBREV or zipf(left.lower()) < 3.0 or zipf(right.lower()) < 3.0:
            continue
        at = m.start(3)
        ops.append(Op("repair", "missing space after sentence end", m.start(), m.end(), " ", at,
                      raw[m.start():at] + " " + raw[at:m.end()]))
    for m in _TOKEN.finditer(raw):
        parts = split_glued(m.group())
        if not parts:
            continue
        at = m.start() + len(parts[0])
        if any(e == at for _, e in removed):
            continue  # a glued footer already cut off here
        ops.append(Op("repair", "words glued together (markup dropped)", m.start(), m.end(), " ", at,
                      f"{parts[0]} {parts[1]}"))

    for m in _GAP.finditer(raw):
        if m.group(1).lower() in _NEEDS_OBJECT_SET:
            # the span shows the word left hanging, the gap and the punctuation: "to ,"
            ops.append(Op("damage", "dropped link text", m.start(1), m.end()))
    for m in _EMPTY_BRACKETS.finditer(raw):
        ops.append(Op("damage", "dropped text (empty brackets)", m.start(), m.end()))
    for m in _LOWER_START.finditer(raw):
        prev = re.search(r"(\S+)([.!?])\s*$", raw[max(0, m.start() - 40):m.start()])
        word, stop = (prev.group(1), prev.group(2)) if prev else ("", "")
        # "Calif. on", "Corp. fuel", "etc. and": after an abbreviation, not a sentence end
        if not word.isalpha() or word.lower() in _ABBREV or (stop == "." and word[0].isupper() and len(word) <= 5):
            continue
        if zipf(m.group(1)) < 3.0:  # "iPhone"-like or a lower-case brand: leave alone
            continue
        ops.append(Op("damage", "sentence starts in lower case (dropped text or a lower-cased name?)",
                      m.start(1), m.end(1)))
    for i, b in enumerate(blocks):
        if i == 0 or not kept(b.start):
            continue
        # only the block's tail is searched: a "$"-anchored search over a long run of
        # letters is quadratic (a 20,000-letter run took 9 s)
        tail = b.text[-64:]
        if len(words(b.text)) >= 15 and not _TERMINAL.search(b.text) and re.search(r"\s[a-z]+$", tail):
            cut = b.end - len(re.search(r"[^\W\d_]+$", tail).group())
            ops.append(Op("damage", "paragraph ends mid-sentence (text cut off?)", cut, b.end))
    return ops
