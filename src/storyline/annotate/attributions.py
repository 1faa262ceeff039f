"""Attributions: who a statement is credited to, with relay chains.

A *report event* is a speech/report cue ("said", "reported", "according to") with its
source and the content it introduces. Relays fold into one event with a chain
("Reuters reported sources saying ..." -> Reuters <- sources); an event nested in the
content of another carries ``via`` (the outer sources, outermost first).
"""

from __future__ import annotations

from ..lexicon.titles import ABBREVIATED_TITLES
from .sources import DOCUMENTS, SPEECH_VERBS, Context, describe, resolve_source

# Cues that credit a claim even without a clausal complement ("Caracas accuses Washington of ...").
CLAIM_CUES = {"accuse", "claim", "allege", "deny", "confirm", "say", "tell", "report", "insist", "note",
              "state", "write", "add", "warn", "charge", "blame", "admit", "acknowledge", "reveal"}
_RELAY_CUES = {"report", "cite", "quote", "say", "tell"}
_CONTENT_DEPS = ("ccomp", "parataxis")
# "a list obtained by The New York Times", "documents seen by Reuters": the outlet holding the document is the source.
_HOLDING_VERBS = {"obtain", "see", "review", "examine", "view", "publish", "release", "leak", "acquire", "receive",
                  "get", "compile", "verify", "analyze", "analyse"}
# Verbs that credit content only to a document ("the list shows", "records indicate"), not to a person.
_REPORTING_DOCS = {"report", "article", "story", "investigation", "interview", "analysis", "editorial", "broadcast"}
# Documents a body issues in its own voice ("a statement from Waitrose", "a release by the police").
_ISSUED_DOCS = {"statement", "release", "email", "letter"}
_DOCUMENT_CUES = {"show", "reveal", "indicate", "suggest", "find"}
# Speech verbs with a common sense that is no speech when they take a direct object and no clause
# ("charged him with murder", "added 15 points", "posted bail", "answered the door").
_OTHER_SENSE = {"charge", "add", "post", "answer"}


def _subject(tok):
    """The grammatical source of a cue verb (subject, passive agent, or noun it modifies)."""
    subjects = [c for c in tok.children if c.dep_ == "nsubj"]
    if subjects:
        # "trade magazine The Hollywood Reporter wrote": prefer the name
        named = [c for c in subjects if c.pos_ == "PROPN"]
        # "said Capt. Jeff Butler": the parser may make the abbreviated title a subject too
        tagged = [c for c in named if c.ent_type_]
        return (tagged or named or subjects)[0]
    for c in tok.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
        return tok.head  # "sources saying ...", "a statement saying ..."
    if tok.dep_ == "xcomp":
        # object control: "prompting Trump to announce" -> Trump
        obj = next((c for c in tok.head.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return obj
    if tok.dep_ == "conj" and tok.i > 0 and tok.doc[tok.i - 1].pos_ in ("PROPN", "PRON") and tok.doc[tok.i - 1].dep_ not in ("dobj", "pobj"):
        return tok.doc[tok.i - 1]  # a subject the parser attached elsewhere ("... and Caracas accuses")
    if tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.head.pos_ in ("VERB", "AUX"):
        return _subject(tok.head.head)  # "lightening the mood by asking, “…”"
    if tok.dep_ in ("advcl", "xcomp", "conj") and tok.head.pos_ in ("VERB", "AUX") and tok.head != tok:
        # "Maduro accused the US ... stating that ...": the subject of the governing verb
        return _subject(tok.head)
    return None


def _content(tok):
    """Token span of what the cue introduces (its clausal complement), or None."""
    for c in tok.children:
        if c.dep_ in _CONTENT_DEPS:
            left = c.left_edge.i
            doc = tok.doc
            while left < c.i and (doc[left].dep_ == "mark" or doc[left].is_punct):
                left += 1
            return doc[left : c.right_edge.i + 1]
    if tok.dep_ == "advcl" and tok.i < tok.head.i and any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children) \
            and not any(c.dep_ == "dobj" for c in tok.children):
        # "As Governor Jones said last week, the bridge will close": the main clause is what was said
        doc = tok.doc
        left, right = tok.right_edge.i + 1, tok.head.right_edge.i
        while left < right and doc[left].is_punct:
            left += 1
        while right > left and doc[right].is_punct:
            right -= 1
        return doc[left : right + 1] if right > left else None
    if tok.dep_ in ("parataxis",) or (tok.dep_ == "ROOT" and not any(tok.doc[k].is_sent_start for k in range(max(0, tok.i - 2), tok.i + 1))):
        # inverted "…, says X": the content precedes the cue in the same sentence
        for c in tok.children:
            if c.dep_ == "ccomp" and c.i < tok.i:
                return tok.doc[c.left_edge.i : c.right_edge.i + 1]
    return None


def _is_cue(tok, ctx: Context) -> bool:
    if ctx.in_quote(tok.idx):
        return False
    if tok.lemma_.lower() not in SPEECH_VERBS or tok.pos_ not in ("VERB", "AUX"):
        return False
    if tok.dep_ == "amod":  # "alleged", "so-called"
        return False
    if tok.lemma_.lower() in _OTHER_SENSE and any(c.dep_ == "dobj" for c in tok.children) \
            and not any(c.dep_ in _CONTENT_DEPS for c in tok.children):
        return False  # "police charged him", "added 15 points": an object that is not what was said
    return True


def find_events(ctx: Context) -> tuple[list[dict], dict[int, dict]]:
    """Report events in document order (internal records holding tokens), and by cue token."""
    doc = ctx.doc
    events = []
    by_cue: dict[int, dict] = {}
    # only "according" and speech-verb lemmas can open an event (_is_cue): the rest of
    # the tokens are skipped on plain strings, without a Token object each
    lowers, lemmas, _ = ctx.words()
    for i, (low, lemma) in enumerate(zip(lowers, lemmas)):
        if low != "according" and lemma not in SPEECH_VERBS and lemma not in _DOCUMENT_CUES:
            continue
        tok = doc[i]
        if lemma not in SPEECH_VERBS and low != "according":
            subj = _subject(tok) if tok.pos_ == "VERB" and not ctx.in_quote(tok.idx) else None
            if subj is None or subj.lemma_.lower() not in DOCUMENTS:
                continue  # "the list shows": a document speaking; "he showed" is no report
            ev = {"cue_tok": tok, "cue": tok.lower_, "src_tok": subj, "content": _content(tok)}
            events.append(ev)
            by_cue[tok.i] = ev
            continue
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            to = doc[tok.i + 1]
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if pobj is None and tok.i + 2 < len(doc) and not doc[tok.i + 2].is_punct:
                nxt = doc[tok.i + 2]
                pobj = nxt if nxt.pos_ in ("NOUN", "PROPN") else None
            ev = {"cue_tok": tok, "cue": "according to", "src_tok": pobj, "content": _according_content(tok, pobj)}
            events.append(ev)
            by_cue[tok.i] = ev
            continue
        if not _is_cue(tok, ctx):
            continue
        src = _past_title(_past_dateline(_subject(tok), tok))
        ev = {"cue_tok": tok, "cue": tok.lower_, "src_tok": src, "content": _content(tok)}
        events.append(ev)
        by_cue[tok.i] = ev
    # fold relays: "reported sources saying X" / "citing a report that X"
    for ev in events:
        ev.setdefault("chain_toks", [])
        ev.setdefault("absorbed", False)
        holder = _holder(ctx, ev["src_tok"])
        if holder is not None:  # "according to a list obtained by X": X, relaying the list
            ev["chain_toks"].append(ev["src_tok"])
            ev["src_tok"] = holder
    for ev in events:
        t = ev["cue_tok"]
        if ev["cue"] == "according to" or t.lemma_ not in _RELAY_CUES:
            continue
        for c in t.children:
            if c.dep_ not in ("dobj", "pobj") or c.pos_ not in ("NOUN", "PROPN"):
                continue
            kind, _ = describe(c)
            if kind in ("anonymous", "experts", "officials", "document") or ctx.mention_of(c) is not None and kind != "other":
                ev["chain_toks"].append(c)
                for inner in c.children:
                    if inner.i in by_cue and inner.dep_ in ("acl", "relcl"):
                        iev = by_cue[inner.i]
                        iev["absorbed"] = True
                        ev["content"] = ev["content"] or iev["content"]
                if c.lemma_.lower() in DOCUMENTS and ev["content"] is None:
                    for inner in c.children:
                        if inner.dep_ in ("acl", "relcl", "ccomp"):
                            ev["content"] = c.doc[inner.left_edge.i : inner.right_edge.i + 1]
    return [ev for ev in events if not ev["absorbed"]], by_cue


_DASHES = {"—", "–", "-", "--"}


def _past_title(src):
    """The person named after an abbreviated title the parser ended a sentence at ("said Sgt." |
    "Mike Miller."): the title alone is no speaker; the name right after its full stop is
    (the last token of that PERSON entity, as a name subject is). Else ``src`` unchanged."""
    if src is None or src.lower_.rstrip(".") not in ABBREVIATED_TITLES or src.ent_type_ not in ("", "PERSON"):
        return src
    doc = src.doc
    i = src.i + 1
    if not src.text.endswith("."):
        if i >= len(doc) or doc[i].text != ".":
            return src
        i += 1
    if i >= len(doc) or doc[i].ent_iob_ != "B" or doc[i].ent_type_ != "PERSON":
        return src
    j = i
    while j + 1 < len(doc) and doc[j + 1].ent_iob_ == "I":
        j += 1
    return doc[j]


def _past_dateline(src, cue):
    """The subject when the parser took a dateline for it ("PALM BEACH, Fla. — President Trump said"):
    a place in capitals opening the sentence, closed by a dash before the cue, is never the speaker;
    the noun right before the cue is (None when there is none)."""
    if src is None or not src.is_upper or src.i >= cue.i:
        return src
    doc = cue.doc
    s0 = src.sent.start
    if not all(t.is_upper or not t.is_alpha for t in doc[s0:src.i + 1]):
        return src
    dash = next((j for j in range(src.i + 1, min(cue.i, src.i + 10)) if doc[j].text in _DASHES), None)
    if dash is None:
        return src
    for j in range(cue.i - 1, dash, -1):
        if doc[j].pos_ in ("PROPN", "NOUN", "PRON"):
            return doc[j]
        if not (doc[j].is_punct or doc[j].pos_ in ("ADV", "AUX", "PART")):
            break
    return None


def _holder(ctx: Context, tok):
    """The name holding a document ("a list obtained by The New York Times" -> Times), or None."""
    if tok is None or tok.pos_ != "NOUN" or tok.lemma_.lower() not in DOCUMENTS or ctx.mention_of(tok) is not None:
        return None
    for c in tok.children:
        if c.dep_ == "acl" and c.lemma_.lower() in _HOLDING_VERBS:
            for a in c.children:
                if a.dep_ == "agent":
                    p = next((p for p in a.children if p.dep_ == "pobj"), None)
                    if p is not None and ctx.mention_of(p) is not None:
                        return p
        if c.dep_ == "prep" and c.lower_ in ("by", "in", "from") and tok.lemma_.lower() in _REPORTING_DOCS | _ISSUED_DOCS:
            # "a report by the Burlington County Times", "an article in The New York Times";
            # "A statement from Apple Computer stated": the firm speaks, through its statement
            p = next((p for p in c.children if p.dep_ == "pobj"), None)
            if p is not None and ctx.mention_of(p) is not None and ctx.mentions[ctx.mention_of(p)]["label"] == "ORG":
                return p
    return None


def _according_content(tok, pobj):
    sent = tok.sent
    phrase_end = (pobj.right_edge.i if pobj is not None else tok.i + 1) + 1
    doc = tok.doc
    if tok.i <= sent.start + 1:
        s = phrase_end
        while s < sent.end and doc[s].is_punct:
            s += 1
        e = sent.end
    else:
        s = sent.start
        e = tok.i
    while e > s and doc[e - 1].is_punct:
        e -= 1
    return doc[s:e] if e > s else None


def _src_dict(ctx: Context, ev) -> dict:
    tok = ev["src_tok"]
    src = resolve_source(ctx, tok) if tok is not None else None
    if src is None and ev["cue"] == "according to" and tok is None:
        a = ev["cue_tok"]
        end = a.doc[a.i + 1]
        return {"text": "", "entity": None, "name": None, "kind": "missing", "start": end.idx + len(end.text), "end": end.idx + len(end.text), "resolved_from": None}
    return src


def _credits_something(ctx: Context, ev) -> bool:
    """An event is an attribution when it introduces content, relays a source, or makes a claim."""
    t = ev["cue_tok"]
    if ev["content"] is not None or ev["chain_toks"] or ev["cue"] == "according to" or t.lemma_.lower() in CLAIM_CUES:
        return True
    sub = list(t.subtree)
    a, b = sub[0].idx, sub[-1].idx + len(sub[-1].text)
    return any(a <= qa and qb <= b for qa, qb in ctx.quote_chars)


def build_attributions(ctx: Context, sent_index) -> tuple[list[dict], list[dict], list[dict]]:
    """Attribution records (schema fields), the events they come from (same order), and
    every speech event with a source (for quote speakers)."""
    events, by_cue = find_events(ctx)
    out = []
    kept = []
    speech = []
    named_docs = _named_documents(ctx)
    for ev in events:
        src = _src_dict(ctx, ev)
        ev["source"] = src
        ev["chain"] = []
        for c in ev["chain_toks"]:
            cs = resolve_source(ctx, c)
            if cs:
                ev["chain"].append({k: cs[k] for k in ("text", "entity", "kind", "start", "end")})
        if src is None or src["kind"] == "other" and ev["src_tok"].pos_ != "PROPN":
            ev["source"] = None  # an inanimate subject ("the deadline ... prompting") is no source
            continue
        st = ev["src_tok"]
        if src["kind"] == "document" and st is not None and any(t.lower_ == "the" for t in st.lefts) and not any(
            ctx.mention_of(t) is not None for t in st.subtree
        ):
            # "according to the report": the last named report before it, if any
            before = [d for d in named_docs if d["end"] <= st.idx]
            if before:
                src["refers_to"] = dict(before[-1])
        speech.append(ev)
        if not _credits_something(ctx, ev):
            continue  # "asked about ...", "announce the closure": an act, not a credited claim
        t = ev["cue_tok"]
        starts = [t.idx, src["start"]]
        ends = [t.idx + len(t.text), src["end"]]
        if ev["cue"] == "according to":
            ends.append(t.doc[t.i + 1].idx + 2)
        out.append({
            "start": min(starts), "end": max(ends), "cue": ev["cue"],
            "source": {k: src.get(k) for k in ("text", "entity", "kind", "start", "end")} | (
                {"name": src["name"]} if src.get("name") else {}) | ({"refers_to": src["refers_to"]} if src.get("refers_to") else {}),
            "chain": ev["chain"], "sentence": sent_index(t.idx),
            "has_content": ev["content"] is not None,
        })
        kept.append(ev)
    # via: outer events whose content holds this cue, outermost first
    for rec, ev in zip(out, kept):
        via = []
        for other_rec, other in zip(out, kept):
            if other is ev or other["content"] is None:
                continue
            c = other["content"]
            if c.start <= ev["cue_tok"].i < c.end:
                via.append((c.end - c.start, [{k: other_rec["source"][k] for k in ("text", "entity", "kind")}] + [
                    {k: x[k] for k in ("text", "entity", "kind")} for x in other_rec["chain"]]))
        via.sort(key=lambda x: -x[0])
        own = rec["source"].get("entity")
        rec["via"] = [v for _, items in via for v in items if v.get("entity") != own or own is None]
        ev["via"] = rec["via"]
    for ev in speech:
        ev.setdefault("via", [])
    return out, kept, speech


def _named_documents(ctx: Context) -> list[dict]:
    """Documents named in the article ("a Washington Post report"), in order."""
    from spacy.symbols import NOUN

    out = []
    _, lemmas, pos = ctx.words()
    for i, lemma in enumerate(lemmas):
        if pos[i] != NOUN or lemma not in DOCUMENTS:
            continue
        t = ctx.doc[i]
        for c in t.lefts:
            mi = ctx.mention_of(c)
            if mi is not None and ctx.mentions[mi]["label"] in ("ORG", "PERSON", "GPE", "NORP"):
                span = ctx.doc[c.left_edge.i : t.i + 1]
                while len(span) > 1 and span[0].lower_ in ("a", "an", "the"):
                    span = span[1:]
                out.append({"text": span.text, "entity": ctx.mentions[mi]["entity"], "start": span.start_char, "end": span.end_char})
                break
    return out
