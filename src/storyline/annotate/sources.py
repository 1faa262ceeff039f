"""Who says it: resolve the subject of a speech/report verb to a source.

Names resolve to their entity; he/she to the nearest preceding person (preferring
one who was a grammatical subject); "the president" to the nearest person mentioned
with that title; common nouns to a described source ("sources", "experts",
"officials", "a report"). Own rules: no coreference package runs offline here.
"""

from __future__ import annotations

import bisect

from ..nlp import doc_text
from ..lexicon.calendar import RELATIVE_DAYS, WEEKDAY_NAMES
from ..lexicon.titles import ROLE_TITLES
from .canonical import fold, key
from .demonyms import country_key
from .tokens import words as token_words

# Speech and report verbs (lemmas) that introduce what someone said.
SPEECH_VERBS = {
    "say", "tell", "add", "state", "claim", "insist", "explain", "note", "warn", "announce",
    "declare", "confirm", "deny", "admit", "argue", "assert", "report", "write", "ask",
    "reply", "respond", "answer", "comment", "describe", "call", "promise", "vow", "pledge",
    "accuse", "allege", "suggest", "stress", "emphasize", "emphasise", "acknowledge",
    "predict", "recall", "contend", "maintain", "testify", "tweet", "post", "urge", "reveal",
    "disclose", "indicate", "estimate", "concede", "complain", "charge", "observe", "remark",
    "mention", "cite", "quote", "reiterate", "repeat", "conclude", "threaten", "boast",
    "caution", "shout", "yell", "scream", "whisper", "exclaim", "joke", "agree", "believe",
    "reckon", "understand", "learn", "assure", "demand", "notify", "inform", "plead",
    "laud", "praise", "criticize", "criticise", "condemn", "thank", "recount", "describe",
}
# Cues that introduce content but are weak evidence of quoting on their own.
WEAK_CUES = {"believe", "understand", "learn", "agree", "call", "describe", "demand", "cite", "quote",
             "show", "reveal", "indicate", "suggest", "find"}
def is_agency(name: str) -> bool:
    """A news agency's name, by the outlet registry ("Reuters", "the Associated Press", "AFP")."""
    from ..lexicon.outlets import registry

    o = registry().by_name(name)
    return o is not None and o.kind == "agency"


ANONYMOUS = {"source", "insider", "person", "people", "official"}  # only with "familiar"/"anonymous"
ANON_ALWAYS = {"source", "sources", "insider", "insiders"}
EXPERTS = {
    "expert", "analyst", "observer", "scientist", "researcher", "economist", "specialist",
    "academic", "scholar", "commentator", "critic", "historian", "professor", "study",
}
OFFICIALS = {"official", "authority", "authorities", "officer", "diplomat", "lawmaker", "legislator", "investigator"}
ORGANISATIONS = {
    "government", "ministry", "administration", "department", "agency", "office", "police",
    "military", "army", "navy", "court", "company", "firm", "spokesman", "spokeswoman",
    "spokesperson", "embassy", "council", "commission", "committee", "parliament", "congress",
    "senate", "party", "campaign", "regime", "cabinet", "presidency", "union", "group",
    "magazine", "network", "channel", "broadcaster", "website", "outlet", "station", "tabloid",
}
DOCUMENTS = {
    "report", "statement", "document", "survey", "article", "letter", "memo", "filing",
    "record", "analysis", "investigation", "poll", "footage", "video", "post", "tweet",
    "release", "communique", "complaint", "affidavit", "lawsuit", "indictment", "transcript",
    "email", "message", "book", "interview", "broadcast", "newspaper", "paper", "publication",
    "list", "dossier", "cable", "draft", "spreadsheet", "file", "recording", "minutes", "notes",
}
PRONOUNS_PERSON = {"he", "she", "him", "her", "his"}
PRONOUNS_GROUP = {"they", "them", "it", "we"}


class Context:
    """Per-document lookups shared by quotes, attributions and claims."""

    def __init__(self, doc, mentions: list[dict], spans: list[tuple[int, int]], quote_chars: list[tuple[int, int]] = (), text: str | None = None):
        self.doc = doc
        self.text = doc_text(doc) if text is None else text
        self.mentions = mentions
        self.spans = spans
        self.tok2m: dict[int, int] = {}
        for mi, (s, e) in enumerate(spans):
            for t in range(s, e):
                self.tok2m[t] = mi
        self.quote_chars = sorted(quote_chars)
        self._q_starts = [a for a, _ in self.quote_chars]
        self._genders: dict[str, str] | None = None
        self.sent_bounds = token_words(doc).sents
        self._sent_chars = [b[2] for b in self.sent_bounds]
        self._sent_toks = [b[0] for b in self.sent_bounds]

    def sent_of_char(self, char: int) -> int:
        return max(0, bisect.bisect_right(self._sent_chars, char) - 1)

    def sent_of_tok(self, i: int) -> tuple[int, int]:
        """(start, end) token bounds of the sentence holding token i."""
        k = max(0, bisect.bisect_right(self._sent_toks, i) - 1)
        return self.sent_bounds[k][0], self.sent_bounds[k][1]

    @property
    def genders(self) -> dict[str, str]:
        if self._genders is None:
            from .gender import genders

            self._genders = genders(self.doc, self.mentions, self.spans, self.in_quote, self.sent_of_tok)
        return self._genders

    def words(self) -> tuple[list[str], list[str], list[int]]:
        """Every token's lower form, lower-cased lemma and POS id (tokens.py): rules that
        look for a few cue words test these instead of making every Token."""
        w = token_words(self.doc)
        return w.lower, w.lemma, w.pos

    def in_quote(self, char: int) -> bool:
        k = bisect.bisect_right(self._q_starts, char) - 1
        return k >= 0 and char < self.quote_chars[k][1]  # quote spans never overlap

    def mention_of(self, tok) -> int | None:
        return self.tok2m.get(tok.i)


def _np_span(tok):
    """The noun phrase headed by tok without relative clauses, appositions or trailing punctuation."""
    left = tok.left_edge.i
    right = tok.i
    for c in tok.rights:
        if c.dep_ in ("relcl", "acl", "appos", "punct", "cc", "conj", "prep", "npadvmod"):
            break  # "npadvmod": the day of "a statement Monday" is when, not who
        if c.ent_type_ in ("DATE", "TIME"):
            break
        right = c.right_edge.i
    doc = tok.doc
    while left < right and doc[left].is_punct:
        left += 1
    while right > left and (doc[right].is_space or doc[right].is_punct):
        right -= 1
    return doc[left : right + 1]


# Last words that make a "name" the title of a document or an event, not a person ("James Comey Memos").
_TITLE_TAILS = DOCUMENTS | {"memos", "files", "papers", "tapes", "act", "bill", "law", "doctrine", "hearing", "trial",
                            "case", "affair", "scandal", "plan", "deal", "agreement", "accords", "protocol"}


_ORG_TAILS = ORGANISATIONS - {"spokesman", "spokeswoman", "spokesperson"}


def not_a_person(m: dict) -> bool:
    """A PERSON mention that is no person: a document or event title ("James Comey Memos"), or a
    fragment of an organisation's name led by a country ("U.S Border")."""
    if m["label"] != "PERSON":
        return False
    words = fold(m["text"]).replace(".", " ").split()
    if not words:
        return True
    if words[-1] in _TITLE_TAILS or words[-1].rstrip("s") in DOCUMENTS or words[-1] in _ORG_TAILS:
        return True  # "James Comey Memos", "Surrey Police"
    # led by a country once titles are off ("U.S Border"; "US Defence Secretary Robert Gates" is a person)
    name = key(m["text"]).split()
    first = " ".join(name[:2]) if name[:2] in (["u", "s"], ["u", "k"]) else name[0] if name else ""
    return first in ("u s", "us", "u k", "uk", "un", "eu") or country_key(first) != first


def _speaker_from_mention(ctx: Context, mi: int, how: str) -> dict:
    m = ctx.mentions[mi]
    kind = {"PERSON": "person", "ORG": "organisation", "GPE": "organisation", "NORP": "organisation"}.get(m["label"], "organisation")
    if not_a_person(m):
        words = fold(m["text"]).replace(".", " ").split()
        kind = ("document" if words and (words[-1] in _TITLE_TAILS or words[-1].rstrip("s") in DOCUMENTS)
                else "organisation")
    if m["label"] == "ORG" and is_agency(m["text"]):
        kind = "agency"
    return {
        "text": m["text"], "entity": m["entity"], "name": m["name"], "start": m["start"],
        "end": m["end"], "resolved_from": how, "kind": kind,
    }


def _preceding_person(ctx: Context, char: int, title: str | None = None, pronoun: str | None = None,
                      skip: tuple[int, int] | None = None) -> int | None:
    """Nearest PERSON mention before ``char`` outside quotes and outside ``skip`` (the words the
    pronoun's own cue reports); subjects preferred within 2 sentences."""
    from .gender import compatible

    best = None
    best_subj = None
    for mi in range(len(ctx.mentions) - 1, -1, -1):
        m = ctx.mentions[mi]
        if m["label"] != "PERSON" or m["end"] > char or ctx.in_quote(m["start"]) or not_a_person(m):
            continue
        if skip is not None and skip[0] <= m["start"] < skip[1] and not _speaks(ctx, mi):
            continue
        if title is not None and title not in m.get("titles", []):
            continue
        if pronoun is not None and not compatible(pronoun, ctx.genders.get(m["entity"])):
            continue
        if best is None:
            best = mi
        s, e = ctx.spans[mi]
        root = ctx.doc[s:e].root
        if root.dep_ in ("nsubj", "nsubjpass") and best_subj is None:
            best_subj = mi
        if best is not None and best_subj is not None:
            break
    if title is None and best_subj is not None and best is not None and best_subj != best:
        # prefer the last subject unless it is far (more than two sentences) behind
        sb = ctx.sent_of_char(ctx.mentions[best_subj]["start"])
        n_between = ctx.sent_of_char(char) - sb
        if n_between <= 2:
            return best_subj
    return best


def _speaks(ctx: Context, mi: int) -> bool:
    """The mention is the subject of a speech verb ("Joan Felt said ..., she told the Post")."""
    s, e = ctx.spans[mi]
    root = ctx.doc[s:e].root
    while root.dep_ in ("appos", "compound") and root.head is not root:
        root = root.head  # "His daughter Joan Felt said": the name in apposition to the subject
    return root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in SPEECH_VERBS


# Cues that report the clause before them ("…, he said"); "call" names ("'black bag jobs,' he called them").
_REPORTING = {"say", "add", "tell", "state", "explain", "note", "insist", "write", "recall", "testify",
              "acknowledge", "admit", "confirm", "report", "continue", "stress", "argue", "warn"}


def _reported(tok) -> tuple[int, int] | None:
    """Character span of what a pronoun subject's cue reports before it ("Jackson was on
    probation, he said"): a writer names the speaker there by a pronoun only when the speaker
    is someone else, so no one named in it is the pronoun's antecedent unless they speak in
    it too ("Joan Felt said ..., she told the Post")."""
    if tok.dep_ != "nsubj" or tok.head.lemma_.lower() not in _REPORTING:
        return None
    cue = tok.head
    nxt = cue.nbor(1) if cue.i + 1 < len(cue.doc) else None
    if nxt is not None and nxt.text in ('"', "“", ":") or any(c.dep_ in ("ccomp", "parataxis") and c.i > cue.i for c in cue.children):
        return None  # 'left a statement, he said "We appreciate …"': the cue reports what follows
    for c in tok.head.children:
        if c.dep_ in ("ccomp", "parataxis") and c.i < tok.i:
            first, last = c.left_edge, c.right_edge
            return first.idx, last.idx + len(last.text)
    return None


def _site(tok) -> dict | None:
    """A web address as the source ("according to washingtonpost.com"): its outlet when the
    registry knows the domain, else the address itself, as an organisation."""
    text = tok.text
    if not (tok.like_url or text.lower().endswith(_TLDS) and "." in text.strip(".")):
        return None
    from ..lexicon.outlets import registry

    o = registry().by_domain(text)
    name = o.name if o is not None else text
    return {"text": text, "entity": key(name, "ORG"), "name": name, "start": tok.idx, "end": tok.idx + len(text),
            "resolved_from": "name", "kind": "agency" if o is not None and o.kind == "agency" else "organisation"}


_TLDS = (".com", ".org", ".net", ".gov", ".edu", ".co.uk", ".uk", ".int", ".info", ".news")


def describe(tok) -> tuple[str, str]:
    """(kind, key) for a common-noun source head."""
    lem = tok.lemma_.lower()
    low = tok.lower_
    sub = {t.lower_ for t in tok.subtree}
    if low in ANON_ALWAYS or lem in ANON_ALWAYS or ("familiar" in sub or "anonymity" in sub or "anonymous" in sub) and lem in ANONYMOUS:
        return "anonymous", "sources"
    if lem in EXPERTS:
        return "experts", lem + "s"
    if lem in OFFICIALS or low in OFFICIALS:
        return "officials", "officials" if lem == "official" else low
    if lem in DOCUMENTS:
        return "document", lem
    if lem in ORGANISATIONS:
        return "organisation", lem
    return "other", lem


_WHEN_WORDS = frozenset(WEEKDAY_NAMES) | frozenset(RELATIVE_DAYS)


def resolve_source(ctx: Context, tok) -> dict | None:
    """Resolve a source/speaker head token to a source dict (see docs/annotations.md)."""
    if tok is None:
        return None
    doc = ctx.doc
    mi = ctx.mention_of(tok)
    if mi is None and tok.lower_ in _WHEN_WORDS:
        return None  # "said Sunday said he ...": a day parsed as the subject is never a speaker
    if mi is None:
        pi = _person_attached(ctx, tok)
        if pi is not None:
            return _speaker_from_mention(ctx, pi, "name")
    if mi is None:
        # the head may be a common noun with a name inside ("the Reuters news agency")
        np = _np_span(tok)
        inside = [ctx.tok2m[t.i] for t in np if t.i in ctx.tok2m]
        if tok.pos_ == "PROPN":
            # a name the model missed or cut ("The Hollywood Reporter" tagged only "Hollywood")
            left = tok.i
            while left > 0 and doc[left - 1].pos_ == "PROPN" and doc[left - 1].dep_ == "compound":
                left -= 1
            name = doc[left : tok.i + 1]
            k = fold(name.text)
            kind = "agency" if is_agency(name.text) else "organisation" if inside or tok.dep_ == "compound" else "person"
            if inside and ctx.mentions[inside[-1]]["label"] == "PERSON":
                kind = "person"
            return {"text": name.text, "entity": k, "name": name.text, "start": name.start_char, "end": name.end_char,
                    "resolved_from": "name", "kind": kind}
        elif inside and tok.lemma_.lower() not in DOCUMENTS:
            mi = inside[-1]
            kind, _ = describe(tok)
            if ctx.mentions[mi]["label"] == "PERSON" and tok.pos_ == "NOUN" and tok.lemma_.lower() not in ROLE_TITLES:
                # "U.S Border Patrol agents", "Trump aides": the people described, not the name inside
                lem = tok.lemma_.lower()
                return {"text": np.text, "entity": fold(np.text), "name": np.text, "start": np.start_char,
                        "end": np.end_char, "resolved_from": "description",
                        "kind": kind if kind not in ("other",) else "person" if lem in _PEOPLE else "organisation"}
            src = _speaker_from_mention(ctx, mi, "name")
            if ctx.mentions[mi]["label"] in ("NORP", "GPE") and kind in ("officials", "organisation", "experts", "anonymous", "other"):
                src.update(kind=kind if kind != "other" else "organisation", text=np.text, start=np.start_char, end=np.end_char)
                src["entity"] = actor_key(ctx, mi, tok)
            return src
    if mi is not None:
        return _speaker_from_mention(ctx, mi, "name")
    site = _site(tok)
    if site is not None:
        return site
    low = tok.lower_
    if tok.pos_ == "PRON" or low in PRONOUNS_PERSON | PRONOUNS_GROUP:
        if low in PRONOUNS_PERSON:
            skip = _reported(tok)
            pi = _preceding_person(ctx, tok.idx, pronoun=low, skip=skip)
            missed = _untagged_speaker(ctx, tok, ctx.mentions[pi]["end"] if pi is not None else -1, skip)
            if missed is not None:
                return missed
            if pi is not None:
                src = _speaker_from_mention(ctx, pi, "pronoun")
                src.update(text=tok.text, start=tok.idx, end=tok.idx + len(tok.text))
                src["mention"] = {"start": ctx.mentions[pi]["start"], "end": ctx.mentions[pi]["end"]}
                return src
        if low in ("they", "it"):
            gi = _preceding_group(ctx, tok.idx)
            if gi is not None:
                src = _speaker_from_mention(ctx, gi, "pronoun")
                src.update(text=tok.text, start=tok.idx, end=tok.idx + len(tok.text))
                src["mention"] = {"start": ctx.mentions[gi]["start"], "end": ctx.mentions[gi]["end"]}
                return src
        return None
    if low == "one" and tok.dep_ in ("nsubj", "nsubjpass"):
        return _one_of(ctx, tok)
    np = _np_span(tok)
    lem = tok.lemma_.lower()
    for c in tok.children:
        # "her agent, Mark Roesler, said": the apposed name is the source
        if c.dep_ == "appos" and ctx.mention_of(c) is not None and ctx.mentions[ctx.mention_of(c)]["label"] in ("PERSON", "ORG"):
            if ctx.mentions[ctx.mention_of(c)]["label"] == "ORG" and any(
                    p.dep_ == "prep" and tok.i < p.i < c.i and any(g.dep_ == "pobj" and g.pos_ == "NOUN" for g in p.children)
                    for p in tok.children):
                # "an employee of another nearby business, Relaxus Massage Products, said": the
                # firm named after an of-phrase on a common noun is that business, not the one
                # who spoke ("the strategist for Invesco AIM, Fritz Meyer" keeps the name)
                continue
            return _speaker_from_mention(ctx, ctx.mention_of(c), "name")
    if lem in ROLE_TITLES:
        pi = _preceding_person(ctx, tok.idx, title=lem)
        if pi is None:
            pi = _following_titled(ctx, tok, lem)
        if pi is not None:
            src = _speaker_from_mention(ctx, pi, "title")
            src.update(text=np.text, start=np.start_char, end=np.end_char)
            return src
    kind, k = describe(tok)
    if kind == "other" and tok.pos_ not in ("NOUN", "PROPN"):
        return None
    if kind == "organisation" and _bare_definite(tok):
        found = _qualified_antecedent(ctx, tok)
        if found is not None:  # "the government" after "the British government": the same actor
            ante, qi = found
            return {
                "text": np.text, "entity": actor_key(ctx, qi, tok), "name": ante.text,
                "start": np.start_char, "end": np.end_char, "resolved_from": "antecedent", "kind": kind,
                "mention": {"start": ante.start_char, "end": ante.end_char},
            }
    qi = _qualifier(ctx, tok) if kind in ("officials", "organisation") else None
    if qi is not None:  # "the government of Venezuela" (a qualifier inside the phrase was handled above)
        span = ctx.doc[np.start : max(np.end, ctx.spans[qi][1])]
        return {
            "text": span.text, "entity": actor_key(ctx, qi, tok), "name": span.text,
            "start": span.start_char, "end": span.end_char, "resolved_from": "description", "kind": kind,
        }
    text = np.text
    mods = [t for t in np if t.dep_ in ("amod", "compound", "nmod") and t.i < tok.i]
    ent = fold(" ".join([m.text for m in mods] + [tok.text]))
    return {
        "text": text, "entity": ent if kind not in ("anonymous",) else "sources", "name": text,
        "start": np.start_char, "end": np.end_char, "resolved_from": "description",
        "kind": kind if kind != "other" else "person" if (lem in _PEOPLE or lem in ROLE_TITLES or tok.pos_ == "PROPN") else kind,
    }


def _untagged_speaker(ctx: Context, tok, after: int, skip) -> dict | None:
    """he/she after "“…,” Salazar said." where the model tagged no person "Salazar" (it read
    "Secretary of the Interior Ken Salazar" as an organisation): the nearer subject of a
    speech verb, when an earlier name of two or more words ends with it, is the antecedent
    rather than a person named before it. None when there is no such subject."""
    doc = ctx.doc
    here = ctx.sent_of_char(tok.idx)
    for j in range(tok.i - 1, -1, -1):
        t = doc[j]
        if t.idx < after or here - ctx.sent_of_char(t.idx) > 2:
            return None
        if t.pos_ != "PROPN" or t.dep_ != "nsubj" or t.head.lemma_.lower() not in SPEECH_VERBS \
                or not t.text[:1].isupper() or ctx.mention_of(t) is not None or ctx.in_quote(t.idx) \
                or skip is not None and skip[0] <= t.idx < skip[1] or any(c.dep_ == "compound" for c in t.children):
            continue
        for m in ctx.mentions[::-1]:
            words = m["text"].split()
            if m["end"] > t.idx or len(words) < 2 or words[-1] != t.text or not words[-2][:1].isupper():
                continue
            if m["label"] == "PERSON":
                ent, name = m["entity"], m["name"]
            else:
                name = " ".join(words[-2:])
                ent = key(name)
            return {"text": tok.text, "entity": ent, "name": name, "start": tok.idx, "end": tok.idx + len(tok.text),
                    "resolved_from": "pronoun", "kind": "person", "mention": {"start": t.idx, "end": t.idx + len(t.text)}}
        return None
    return None


def _one_of(ctx: Context, tok) -> dict | None:
    """"one of the witnesses said": the group it is one of; a bare "“…,” says one" after
    "sources involved with the franchise are betting …": the plural source just named
    (this sentence or the two before). None when there is none."""
    doc = ctx.doc
    of = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    if of:
        src = resolve_source(ctx, of[0])
        if src is not None:
            span = doc[tok.i : _np_span(of[0]).end]
            src.update(text=span.text, start=span.start_char, end=span.end_char)
        return src
    here = ctx.sent_of_char(tok.idx)
    for j in range(tok.i - 1, -1, -1):
        t = doc[j]
        if here - ctx.sent_of_char(t.idx) > 2:
            return None
        if t.tag_ != "NNS" or t.dep_ not in ("nsubj", "nsubjpass") or ctx.in_quote(t.idx):
            continue
        kind, _ = describe(t)
        if kind in ("anonymous", "experts", "officials") or t.lemma_.lower() in _PEOPLE | ROLE_TITLES:
            src = resolve_source(ctx, t)
            if src is not None:
                src["mention"] = {"start": src["start"], "end": src["end"]}
                src.update(text=tok.text, start=tok.idx, end=tok.idx + len(tok.text), resolved_from="antecedent")
            return src
    return None


_PEOPLE = {
    "witness", "resident", "neighbor", "neighbour", "relative", "friend", "family", "victim",
    "spokesman", "spokeswoman", "man", "woman", "agent", "representative", "rep", "publicist",
    "lawyer", "attorney", "manager", "publisher", "owner", "survivor", "mother", "father",
    "son", "daughter", "wife", "husband", "brother", "sister", "student", "teacher", "doctor",
    "nurse", "coach", "player", "actor", "actress", "producer", "director", "pastor", "priest",
    "employee", "worker", "staffer", "colleague", "customer", "passenger",
}


def _bare_definite(tok) -> bool:
    """"the government": a definite article and no other modifier."""
    kids = [c for c in tok.children if c.i < tok.i]
    return len(kids) == 1 and kids[0].lower_ == "the" and not [c for c in tok.rights if c.dep_ == "prep"]


def _qualifier(ctx: Context, tok) -> int | None:
    """The country or people mention qualifying a common noun: "British"/"UK"/"Venezuela's" government, the government "of Venezuela"."""
    quals = [c for c in tok.children if c.i < tok.i and c.dep_ in ("amod", "compound", "poss", "nmod")]
    quals += [g for c in tok.rights if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    for q in quals:
        mi = ctx.mention_of(q)
        if mi is not None and ctx.mentions[mi]["label"] in ("NORP", "GPE"):
            return mi
    return None


def actor_key(ctx: Context, mi: int, tok) -> str:
    """One key per country and role: "British government", "UK government" and "the government
    of the United Kingdom" are all "united kingdom government"; "U.S. officials" and "American
    officials" are "united states official"."""
    return f"{country_key(ctx.mentions[mi]['entity'])} {tok.lemma_.lower()}"


def _qualified_antecedent(ctx: Context, tok):
    """The nearest earlier noun phrase with the same head qualified by a country or people, and that qualifier.

    "the British government", "Venezuela's government", "the government of Venezuela":
    a later bare "the government" refers back to it, as a reader takes it.
    """
    lem = tok.lemma_.lower()
    for t in reversed(ctx.doc[: tok.i]):
        if t.lemma_.lower() != lem or t.pos_ != "NOUN" or ctx.in_quote(t.idx):
            continue
        mi = _qualifier(ctx, t)
        if mi is not None:
            s, e = ctx.spans[mi]
            span = _np_span(t) if s < t.i else ctx.doc[_np_span(t).start : e]
            return span, mi
    return None


def _preceding_group(ctx: Context, char: int) -> int | None:
    """they/it as a speaker: the organisation that was the subject of the previous or same sentence."""
    here = ctx.sent_of_char(char)
    for mi in range(len(ctx.mentions) - 1, -1, -1):
        m = ctx.mentions[mi]
        if m["end"] > char or ctx.in_quote(m["start"]):
            continue
        if here - ctx.sent_of_char(m["start"]) > 1:
            break
        s, e = ctx.spans[mi]
        if m["label"] == "ORG" and ctx.doc[s:e].root.dep_ in ("nsubj", "nsubjpass"):
            return mi
    return None


def _person_attached(ctx, tok) -> int | None:
    """A person named in apposition or an of-phrase of a title ("Assistant Chief of Police David Perkins")."""
    for c in tok.children:
        cands = []
        if c.dep_ == "appos":
            cands = [c]
        elif c.dep_ == "prep" and c.lower_ == "of" and tok.lemma_.lower() in ROLE_TITLES | _PEOPLE:
            cands = [g for g in c.children if g.dep_ == "pobj"]
        for g in cands:
            mi = ctx.mention_of(g)
            if mi is not None and ctx.mentions[mi]["label"] == "PERSON":
                return mi
    return None


def _following_titled(ctx, tok, title):
    for mi, m in enumerate(ctx.mentions):
        if m["start"] > tok.idx and m["label"] == "PERSON" and title in m.get("titles", []):
            return mi
    return None
