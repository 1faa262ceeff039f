"""Grammatical gender of person entities, only so that "he"/"she" skip incompatible antecedents.

Evidence, strongest first: honorifics (Mr / Ms, Mrs), gendered role nouns next to the
name (actress, spokesman, wife ...), a reflexive/possessive pronoun in the same clause,
a sentence opening with He/She right after a sentence naming only that person, and a
short list of very common given names (domain knowledge, not fitted to any data).
Unknown is compatible with both pronouns.
"""

from __future__ import annotations

from collections import Counter

from .tokens import words as token_words

MALE_WORDS = {
    "mr", "sir", "lord", "king", "prince", "father", "brother", "son", "husband", "man", "boy",
    "actor", "spokesman", "chairman", "congressman", "councilman", "businessman", "uncle",
    "nephew", "grandfather", "dad", "gentleman", "monk", "emperor", "duke", "baron",
}
FEMALE_WORDS = {
    "ms", "mrs", "miss", "dame", "lady", "queen", "princess", "mother", "sister", "daughter",
    "wife", "woman", "girl", "actress", "spokeswoman", "chairwoman", "congresswoman",
    "councilwoman", "businesswoman", "aunt", "niece", "grandmother", "mom", "mum", "nun",
    "empress", "duchess", "baroness", "girlfriend", "widow",
}
# Very common given names (English-language news); a name on neither list stays unknown.
MALE_NAMES = set("""
james john robert michael william david richard joseph thomas charles christopher daniel
matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy
ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott
brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron
jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy christian keith
roger terry gerald harold sean austin carl arthur lawrence dylan jesse jordan bryan billy
joe bruce gabriel logan albert willie alan juan wayne elijah randy roy vincent ralph eugene
russell bobby mason philip louis barack vladimir emmanuel boris xi narendra recep benjamin
nicolas nicolás hugo luis carlos pedro miguel antonio francisco jorge manuel sergei dmitry
ahmed mohammed mohamed muhammad ali hassan omar ibrahim tony mike bill bob jim tom steve
chris matt dave pete hugh ben sam greg ted ed
""".split())
FEMALE_NAMES = set("""
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty
margaret sandra ashley kimberly emily donna michelle carol amanda dorothy melissa deborah
stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma
nicole helen samantha katherine christine debra rachel carolyn janet catherine maria heather
diane ruth julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith
megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn
janice jean abigail alice judy sophia grace denise amber doris marilyn danielle beverly
isabella theresa diana natalie brittany charlotte marie kayla alexis lori kamala hillary
angela theresa ursula giorgia claudia jacinda nancy karoline delcy maría ana
carmen rosa fatima aisha tara bettie ellen whoopi britney lindsay uma demi gretchen
shelby kari pat
""".split()) - {"pat"}


_REFLEXIVES = {"himself", "herself"}


def _first_name(name: str) -> str:
    parts = [p for p in name.replace(".", " ").split() if p[:1].isalpha()]
    return parts[0].lower() if len(parts) >= 2 else ""


def genders(doc, mentions: list[dict], spans: list[tuple[int, int]], in_quote, sent_of_tok) -> dict[str, str]:
    """Map entity key -> "m" | "f" for PERSON entities with evidence."""
    votes: dict[str, Counter] = {}
    lower = token_words(doc).lower
    # the PERSON mentions outside quotes, (first token, entity): the same for every mention
    persons_at = [(ss, mm["entity"]) for mm, (ss, _) in zip(mentions, spans)
                  if mm["label"] == "PERSON" and not in_quote(mm["start"])]
    for m, (s, e) in zip(mentions, spans):
        if m["label"] != "PERSON":
            continue
        c = votes.setdefault(m["entity"], Counter())
        for t in m.get("titles", []):
            if t in MALE_WORDS:
                c["m"] += 3
            elif t in FEMALE_WORDS:
                c["f"] += 3
        first = _first_name(m["name"] or "")
        if first in MALE_NAMES:
            c["m"] += 2
        elif first in FEMALE_NAMES:
            c["f"] += 2
        root = doc[s:e].root
        # apposition / compound role nouns: "her agent, Mark Roesler" says nothing; "actress X" does
        for t in list(root.children) + [root.head]:
            w = t.lower_
            if w in MALE_WORDS and t.dep_ in ("appos", "compound", "attr"):
                c["m"] += 2
            if w in FEMALE_WORDS and t.dep_ in ("appos", "compound", "attr"):
                c["f"] += 2
        # reflexive in the clause of which the mention is the subject ("Reid checked herself in")
        if root.dep_ in ("nsubj", "nsubjpass"):
            verb = root.head
            # the subtree lies between the edges: walked (slow, a generator per token) only
            # when a reflexive is there
            if any(w in _REFLEXIVES for w in lower[verb.left_edge.i:verb.right_edge.i + 1]):
                for t in verb.subtree:
                    if in_quote(t.idx):
                        continue
                    if t.lower_ == "himself":
                        c["m"] += 2
                    elif t.lower_ == "herself":
                        c["f"] += 2
            s0, s1 = sent_of_tok(root.i)
            persons = {ent for ss, ent in persons_at if s0 <= ss < s1}
            if persons == {m["entity"]} and s1 < len(doc):
                nxt = doc[s1]
                if nxt.lower_ == "he":
                    c["m"] += 1
                elif nxt.lower_ == "she":
                    c["f"] += 1
    out = {}
    for k, c in votes.items():
        if c["m"] > c["f"]:
            out[k] = "m"
        elif c["f"] > c["m"]:
            out[k] = "f"
    return out


def compatible(pronoun: str, gender: str | None) -> bool:
    p = pronoun.lower()
    if gender is None:
        return True
    if p in ("he", "him", "his", "himself"):
        return gender == "m"
    if p in ("she", "her", "hers", "herself"):
        return gender == "f"
    return True
