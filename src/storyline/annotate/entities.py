"""Named entities with canonical keys and roles, repaired where spaCy-sm slips.

Repairs are general rules: a name tagged PERSON anywhere in the article is PERSON
everywhere (sm often calls "Trump"/"Maduro" ORG); an entity string seen elsewhere in
the article is found again where the model missed it (e.g. a lower-cased
sentence-initial "washington"); title words before a person ("President", "Mr",
"Defence Secretary") join the mention and are recorded as ``titles``; a name ending in
"No." takes its number ("Juror No. 8"); in a title-case headline, a person's trailing
words the body writes only in lower case are not the name ("Lindsay Lohan Checks Into
Rehab").
"""

from __future__ import annotations

from ..nlp import doc_text
from ..lexicon.titles import HONORIFICS, ROLE_TITLES, TITLES
from .canonical import fold, group_mentions, key, strip_title, title_words
from .demonyms import COUNTRY_ALIASES, DEMONYMS
from .tokens import words as token_words

TYPES = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT")
# Verbs whose subject/object is an agent when it is a place name ("Washington accuses ...").
ACTOR_VERBS = {
    "accuse", "blame", "urge", "warn", "threaten", "criticize", "criticise", "condemn",
    "sanction", "attack", "pressure", "ask", "tell", "call", "demand", "support", "back",
    "oppose", "reject", "invade", "strike", "bomb", "recognize", "recognise", "expel",
}
_TITLE_CAP = {w for w in TITLES | HONORIFICS if w not in {"the", "a", "an", "former", "late", "then"}}


def _is_title_word(text: str) -> bool:
    w = fold(text).strip(".")
    return text[:1].isupper() and (w in _TITLE_CAP or w.endswith("-admiral") or w == "vice")


def _spans(doc):
    """(start_tok, end_tok, label) for the model's entities of our types."""
    return [(e.start, e.end, e.label_) for e in doc.ents if e.label_ in TYPES]


def _stem(word: str) -> str:
    """"checks", "checked", "checking" -> "check": enough to find a headline's verb in the body."""
    w = word.lower()
    for suffix in ("ing", "ed", "es", "s"):
        if len(w) > len(suffix) + 2 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def _headline_names(doc, spans):
    """In a headline in title case the model takes capitalised words for names ("Lindsay
    Lohan Checks Into Rehab", "Teen Struck", "Pulls Gun On And Handcuffs Guards"): a
    person's trailing words that the body writes only in lower case are not the name, and
    a "person" left with none is dropped (it would be a speaker, and a pronoun's antecedent)."""
    tw = token_words(doc)
    texts, starts, sent_starts = tw.text, tw.starts, tw.sent_starts
    nl = doc_text(doc).find("\n")
    if nl < 0:
        return spans
    first_body = next((i for i, c in enumerate(starts) if c > nl), len(texts))
    head = [t for t in texts[:first_body] if t.isalpha()]
    if len(head) < 4 or sum(t[:1].isupper() for t in head) < 0.8 * len(head):
        return spans
    lower, capital = set(), set()
    for i in range(first_body, len(texts)):
        t = texts[i]
        if t.isalpha():
            if t.islower():
                lower.add(_stem(t))
            elif i not in sent_starts:
                capital.add(_stem(t))
    out = []
    for s, e, lab in spans:
        if lab == "PERSON" and e <= first_body:
            while e > s and texts[e - 1].isalpha() and _stem(texts[e - 1]) in lower and _stem(texts[e - 1]) not in capital:
                e -= 1
            if e == s:
                continue
        out.append((s, e, lab))
    return out


def _relabel_persons(doc, spans):
    """A string tagged PERSON somewhere is PERSON everywhere (also its surname)."""
    text, starts, ends = _offsets(doc)
    person_keys = {key(text[starts[s]:ends[e - 1]]) for s, e, lab in spans if lab == "PERSON"}
    surnames = {k.split()[-1] for k in person_keys if " " in k}
    out = []
    for s, e, lab in spans:
        if lab in ("ORG", "NORP", "FAC"):
            k = key(text[starts[s]:ends[e - 1]])
            if k in person_keys or k in surnames:
                lab = "PERSON"
        elif lab == "GPE" and e - s == 1 and _surname_not_place(doc, s, key(text[starts[s]:ends[e - 1]]), surnames):
            lab = "PERSON"  # "Brady Quinn ... Quinn": the model tags the bare surname a place
        out.append((s, e, lab))
    return out


# locative only: "to"/"from"/"of" take people as often ("arguing to Bodiford", "a letter from Quinn")
_PLACE_PREPS = {"in", "at", "near", "across", "through", "into", "inside", "outside", "around", "toward", "towards", "throughout"}
_COUNTRIES = set(DEMONYMS.values()) | set(COUNTRY_ALIASES) | set(COUNTRY_ALIASES.values())


def _surname_not_place(doc, s: int, k: str, surnames: set[str]) -> bool:
    """A one-word "place" that is the surname of a person named in full in the article, and
    is neither a country nor after a place preposition ("in Washington")."""
    if k not in surnames or k in _COUNTRIES:
        return False
    return not (s > 0 and doc[s - 1].lower_ in _PLACE_PREPS)


def _uncapped(word: str) -> str:
    """"VENEZUELA" -> "Venezuela"; other words (and "US", "UN": two letters) unchanged."""
    return word[:1] + word[1:].lower() if len(word) > 2 and word.isupper() else word


def _offsets(doc) -> tuple[str, list[int], list[int]]:
    """The text and every token's start and end character, read from one array.

    ``text[starts[s]:ends[e - 1]]`` is ``doc[s:e].text`` for a non-empty span, without
    the Span and a Token object per word.
    """
    w = token_words(doc)
    return doc_text(doc), w.starts, w.ends


def _recover_missed(doc, spans):
    """Find again entity strings the model tagged elsewhere but missed here."""
    taken = set()
    for s, e, _ in spans:
        taken.update(range(s, e))
    tw = token_words(doc)
    texts, lower = tw.text, tw.lower
    known: dict[tuple[str, ...], str] = {}
    for s, e, lab in spans:
        toks = [texts[i] for i in range(s, e) if not (i == s and lower[i] == "the")]
        if toks and all(t[:1].isupper() for t in toks if t.isalpha()):
            known.setdefault(tuple(toks), lab)
    if not known:
        return spans
    maxlen = max(len(k) for k in known)
    firsts = {k[0] for k in known}
    sent_starts = tw.sent_starts
    # where a known string can start: its first word, in capitals, or lower-cased at a
    # sentence start ((_uncapped(w) differs from w only for a word in capitals)
    starts = [i for i, w in enumerate(texts)
              if w in firsts or (len(w) > 2 and w.isupper() and _uncapped(w) in firsts)]
    starts += [i for i in sent_starts if texts[i][:1].islower() and (texts[i][:1].upper() + texts[i][1:]) in firsts]
    added = []
    i = 0
    n_doc = len(texts)
    for k in sorted(set(starts)):
        if k < i:
            continue  # inside the string just found
        i = k
        hit = None
        for n in range(min(maxlen, n_doc - i), 0, -1):
            if any(j in taken for j in range(i, i + n)):
                continue
            words = texts[i : i + n]
            lab = known.get(tuple(words))
            if lab is None and any(x.isupper() for x in words):
                # a name in capitals ("VENEZUELA'S President"), known in normal case
                lab = known.get(tuple(_uncapped(x) for x in words))
            if lab is None and i in sent_starts and words[0][:1].islower():
                # a lower-cased sentence-initial proper noun ("washington sent ...")
                lab = known.get(tuple([words[0][:1].upper() + words[0][1:]] + words[1:]))
            if lab is not None:
                hit = (i, i + n, lab)
                break
        if hit:
            added.append(hit)
            i = hit[1]
        else:
            i += 1
    return sorted(spans + added)


def _extend_titles(doc, spans):
    """Let capitalised title words before a PERSON join the mention; drop title-only entities."""
    words = token_words(doc)
    # (every token is parsed: a token is a sentence start exactly when it opens one of doc.sents)
    texts, sent_starts = words.text, words.sent_starts
    out = []
    absorbed = set()
    for s, e, lab in spans:
        if lab == "PERSON":
            j = s
            while j > 0 and j not in sent_starts and (
                _is_title_word(texts[j - 1]) or texts[j - 1] == "-" and j > 1 and _is_title_word(texts[j - 2])
            ):
                j -= 1
            s = j
            absorbed.update(range(j, e))
        out.append((s, e, lab))
    res = []
    for s, e, lab in out:
        if lab != "PERSON":
            if any(i in absorbed for i in range(s, e)):
                continue  # "Defence" of "Defence Secretary Pete Hegseth"
            words = [fold(t.text).strip(".") for t in doc[s:e] if t.is_alpha]
            if words and all(w in TITLES for w in words) and doc[s].ent_type_ == "":
                continue
        res.append((s, e, lab))
    return res


_NUMBER_WORDS = {"no", "no.", "number", "nr", "nr."}


def _extend_numbers(doc, spans):
    """A name ending in "No." takes its number ("Juror No. 8", "Station No. 1"): without it
    the mention is a different, truncated name ("Juror No"), and two jurors are one."""
    out = []
    for s, e, lab in spans:
        if lab in ("PERSON", "ORG", "FAC") and e < len(doc) and doc[e - 1].lower_ in _NUMBER_WORDS:
            j = e + 1 if doc[e].text == "." and not doc[e - 1].text.endswith(".") else e
            if j < len(doc) and doc[j].text.isdigit() and doc[j - 1].idx + len(doc[j - 1].text) < doc[j].idx:
                e = j + 1
        out.append((s, e, lab))
    return out


def _role(doc, s, e, lab):
    if lab in ("PERSON", "ORG"):
        return "actor"
    if lab not in ("GPE", "LOC", "FAC"):
        return None
    if lab != "GPE":
        return "place"
    head = doc[s:e].root
    if head.dep_ in ("nsubj", "nsubjpass"):
        return "actor"
    if head.dep_ == "pobj" and head.head.lower_ == "by" and head.head.dep_ == "agent":
        return "actor"
    if head.dep_ == "dobj" and head.head.lemma_ in ACTOR_VERBS:
        return "actor"
    if head.dep_ == "poss" and head.head.lemma_ in {"government", "administration", "army", "military", "forces", "decision", "policy", "threat", "threats", "aggression", "campaign"}:
        return "actor"
    return "place"


def find_entities(doc) -> tuple[list[dict], list[tuple[int, int]]]:
    """Entity mentions (clean offsets, no raw offsets yet) and their token spans."""
    spans = _headline_names(doc, _spans(doc))
    spans = _relabel_persons(doc, spans)
    spans = _recover_missed(doc, spans)
    spans = _relabel_persons(doc, spans)
    spans = _extend_titles(doc, spans)
    spans = _extend_numbers(doc, spans)
    spans.sort()
    mentions = []
    doc_str, starts, ends = _offsets(doc)
    for s, e, lab in spans:
        text = doc_str[starts[s]:ends[e - 1]]  # doc[s:e].text
        # a trailing possessive is not part of the name ("Trump's threats")
        end_char = ends[e - 1]
        if e - s > 1 and doc_str[starts[e - 1]:ends[e - 1]] in ("'s", "’s", "'", "’"):
            end_char = ends[e - 2]
            text = doc_str[starts[s]:ends[e - 2]]
        m = {
            "text": text, "label": lab, "start": starts[s], "end": end_char,
            "entity": None, "name": None, "role": _role(doc, s, e, lab),
        }
        titles = title_words(text) if lab == "PERSON" else []
        if titles:
            m["titles"] = [t for t in titles if t not in ("the", "a", "an")]
        mentions.append(m)
    group_mentions(mentions)
    split_surnames(doc, mentions, [(s, e) for s, e, _ in spans])
    return mentions, [(s, e) for s, e, _ in spans]


# Role words that tell two people with one surname apart ("President Trump" / "Melania Trump, the first lady"),
# from the title words of a name and the nouns a name is put in apposition to.
# Only roles one person holds apart from the others of a family: an office (any title: an officer
# may be called a deputy) or a place in the family (a president is not the first lady, a son not
# his mother). A "star" may also be a "comedian": such words tell no one apart.
_KIN = {"lady", "wife", "husband", "widow", "son", "daughter", "mother", "brother", "sister"}
_ROLE_WORDS = ROLE_TITLES | _KIN


def _role_classes(roles: set[str]) -> set[str]:
    return {r if r in _KIN else "office" for r in roles}


def _person_evidence(doc, m: dict, span: tuple[int, int]) -> tuple[str | None, set[str]]:
    """(gender "m"/"f"/None, role words) a single PERSON mention shows: honorifics and titles
    before it ("Mr.", "President"), role nouns in apposition ("Melania Trump, the first lady")."""
    from .gender import FEMALE_NAMES, FEMALE_WORDS, MALE_NAMES, MALE_WORDS

    titles = [t.strip(".") for t in m.get("titles", [])]
    words = set(titles)
    root = doc[span[0]:span[1]].root
    for c in root.children:
        if c.dep_ == "appos":
            words.add(c.lemma_.lower())
    if root.dep_ == "appos":  # "his wife, Melania Trump"
        words.add(root.head.lemma_.lower())
    male, female = words & MALE_WORDS, words & FEMALE_WORDS
    parts = [p for p in strip_title(m["text"]).replace(".", " ").split() if p[:1].isalpha()]
    first = parts[0].lower() if len(parts) >= 2 else ""
    gender = "m" if male and not female else "f" if female and not male else None
    if gender is None and first:
        gender = "m" if first in MALE_NAMES else "f" if first in FEMALE_NAMES else None
    roles = {w for w in words if w in _ROLE_WORDS}
    return gender, roles


def _pronoun_after(doc, span: tuple[int, int], person_starts: set[int]) -> str | None:
    """"m"/"f" from the first he/his/she/her after a bare surname in its sentence, before any other
    person is named ("Caron spent most of his life"), else None."""
    end = doc[span[0]].sent.end
    for t in doc[span[1]:end]:
        if t.i in person_starts:
            return None
        w = t.lower_
        if w in ("he", "him", "his", "himself"):
            return "m"
        if w in ("she", "her", "hers", "herself"):
            return "f"
    return None


def split_surnames(doc, mentions: list[dict], spans: list[tuple[int, int]]) -> None:
    """Give a surname-only mention ("Mr. Trump", "President Trump", "Trump") to the right person
    when full names in the article end with that surname, in place.

    A candidate full name is ruled out by a contradicting gender (honorifics, role nouns,
    given names) or role (a "President Trump" is not the one introduced as "the first lady");
    among those left the one named in full in the same or the previous sentence wins, else the
    one the article introduced first (its main subject). A titled or gendered mention that fits no full name is a person of its
    own, and a bare surname then goes to that person, the one the article names by title. A
    bare surname goes by the pronoun that follows it in its sentence ("Caron said her father
    …"); with no evidence, one full name and no contradiction keep the grouping of
    ``group_mentions``, and several stay apart (ambiguous), never decided by the surname alone.
    """
    persons = [i for i, m in enumerate(mentions) if m["label"] == "PERSON"]
    sent_starts = [s.start_char for s in doc.sents] if persons else []
    full: dict[str, dict] = {}
    short = []
    for i in persons:
        m = mentions[i]
        own = key(m["text"], "PERSON")
        g, roles = _person_evidence(doc, m, spans[i])
        if " " in own:
            f = full.setdefault(own, {"m": 0, "f": 0, "roles": set(), "starts": [], "entity": m["entity"], "name": m["name"]})
            if g:
                f[g] += 1
            f["roles"] |= roles
            f["starts"].append(m["start"])
        elif own:
            short.append((i, own, g, roles))
    if not full or not short:
        return
    gender_of = {k: ("m" if f["m"] > f["f"] else "f" if f["f"] > f["m"] else None) for k, f in full.items()}
    own_person: dict[str, dict] = {}  # surname -> the person named only by title/honorific
    bare = []
    for i, own, g, roles in short:
        cands = [k for k in full if k.endswith(" " + own)]
        if not cands:
            continue
        if not g and not roles:
            bare.append((i, own, cands))
            continue
        ok = [k for k in cands if not (g and gender_of[k] and g != gender_of[k])
              and not (roles and full[k]["roles"] and not _role_classes(roles) & _role_classes(full[k]["roles"]))]
        m = mentions[i]
        if ok:
            pick = _nearest(ok, full, m["start"], sent_starts)
            m["entity"], m["name"] = full[pick]["entity"], full[pick]["name"]
        else:
            p = own_person.setdefault(own, {"name": strip_title(m["text"]), "gender": g})
            m["entity"], m["name"] = own, p["name"]
    person_starts = {spans[i][0] for i in persons}
    for i, own, cands in bare:
        m = mentions[i]
        g = _pronoun_after(doc, spans[i], person_starts)
        if g:  # "Caron said her father …": the candidate of that gender, if only one fits
            fit = [k for k in cands if gender_of[k] in (g, None)]  # an unknown gender stays possible
            fit += [own] if own in own_person and own_person[own].get("gender") in (g, None) else []
            if len(fit) == 1:
                pick = fit[0]
                m["entity"], m["name"] = (own, own_person[own]["name"]) if pick == own else (full[pick]["entity"], full[pick]["name"])
                continue
        if own in own_person:
            m["entity"], m["name"] = own, own_person[own]["name"]
        # else: one full name takes it (group_mentions); several and no evidence: left apart


def _nearest(cands: list[str], full: dict[str, dict], at: int, sent_starts: list[int]) -> str:
    """The candidate named in full in this or the previous sentence (the nearest such mention),
    else the one the article introduced first: its main subject ("Mr. LaRue" in an obituary of
    Frederick Cheney LaRue that also names his father and his son)."""
    import bisect

    here = bisect.bisect_right(sent_starts, at)
    before = [(max(s for s in full[k]["starts"] if s < at), k) for k in cands if any(s < at for s in full[k]["starts"])]
    if before:
        s, k = max(before)
        if here - bisect.bisect_right(sent_starts, s) <= 1:
            return k
    return min((min(full[k]["starts"]), k) for k in cands)[1]
