"""Who a claim is about: one reading of its people for the pair decision and the dispute rules.

A claim's people are the persons it names (canonical story keys, its speaker left out: a
source is no participant; ``units.build_units``) and the persons its descriptions stand
for where the article's own text ties the description to a name:

- an apposition or an identification: "the gunman, John Smith", "The teen, identified as
  DaMontez Jones", "Raj Chohan, a 59-year-old grandmother," -> "the gunman", "the teen",
  "the grandmother" in another sentence of that article;
- an age: "Smith, 23," / "23-year-old John Smith" -> "a 23-year-old man".

A description tied to two people of the article is tied to none. Family words the article
does not tie to a name ("the father", "the children") are kept as what they are: two
claims that name no one, one about the father and one about the children, are about
different people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Family words: a description that tells people apart even when no name is tied to it.
FAMILY = frozenset({"father", "mother", "son", "daughter", "brother", "sister", "wife", "husband", "widow",
                    "child", "children", "sons", "daughters", "brothers", "sisters", "parents", "grandmother",
                    "grandfather", "baby", "girlfriend", "boyfriend", "fiancé", "fiancée"})

# up to three modifiers before a description's head noun, none a determiner or a preposition
_MOD = r"(?:(?!(?:the|a|an|his|her|their|of|for|at|in|on|to|by|from|with|and|or)\s)[\w'’.-]+\s+){0,3}?"
_HEAD = r"([a-z][a-z’'-]{2,})"
# "the gunman, John Smith" / "The teen, identified as DaMontez Jones" / "the suspect was identified as"
_BEFORE = re.compile(r"\b(?:the|a|an|his|her|their)\s+" + _MOD + _HEAD
                     + r"(?:,\s+|,?\s+(?:who\s+)?(?:was\s+|has\s+been\s+|had\s+been\s+|is\s+)?(?:identified|named)\s+as\s+)$",
                     re.I)
# "Raj Chohan, a 59-year-old grandmother," / "Melania Trump, the first lady,"
_AFTER = re.compile(r"^,\s+(?:\d{1,3},\s+)?(?:the|a|an|his|her|their)\s+" + _MOD + _HEAD + r"\s*[,.;:)]")
_AGE_AFTER = re.compile(r"^,\s+(?:a\s+|an\s+)?(\d{1,3})(?:,|-year-old\b)")  # "Smith, 23," / "Smith, a 23-year-old"
_AGE_BEFORE = re.compile(r"\b(\d{1,3})-year-old\s+$")  # "23-year-old John Smith"
# a definite description in a claim: "the gunman", "the Overland teen"
_DEFINITE = re.compile(r"\b(?:the|this|that|his|her|their)\s+((?:[\w'’-]+\s+){0,2}?)([a-z][a-z’'-]{2,})\b", re.I)
_NOT_HEAD = frozenset({"year", "years", "old", "same", "other", "who", "which", "that", "police", "man's", "time"})


def _singular(head: str) -> bool:
    """A head noun one name can stand beside: not a plural ("the pirates, INS Mysore")."""
    return head not in _NOT_HEAD and head not in _PLURAL and (not head.endswith("s") or head.endswith(("ss", "us")))


_PREP_END = re.compile(r"\b(?:of|for|at|in|from|with|to|by|on|near|outside|inside|into)\s+$", re.I)
_PLURAL = frozenset({"men", "women", "children", "people", "police"})


@dataclass
class Ties:
    """The descriptions and ages one article ties to exactly one person (story keys)."""
    heads: dict[str, str] = field(default_factory=dict)
    ages: dict[int, str] = field(default_factory=dict)


def article_ties(ann: dict, emap: dict[str, str]) -> Ties:
    """The descriptions and ages an article's text puts beside one PERSON mention each."""
    text = ann.get("text") or ""
    heads: dict[str, set[str]] = {}
    ages: dict[int, set[str]] = {}
    for e in ann.get("entities") or ():
        if e.get("label") != "PERSON" or not e.get("entity"):
            continue
        key = emap.get(e["entity"], e["entity"])
        s, t = e["start"], e["end"]
        before, after = text[max(0, s - 80):s], text[t:t + 80]
        # an apposition before the name is closed after it ("the gunman, John Smith, was"), not
        # a clause before a subject ("After the attack on the pirates, INS Mysore escorted")
        closed = after[:1] in (",", ".", ";", ":", ")", "")
        for m in (_BEFORE.search(before) if closed or not before.rstrip().endswith(",") else None, _AFTER.match(after)):
            # the description is the name's, not a prepositional object's ("a spokeswoman for
            # the hospital, Ilene Wolfe")
            if m and m.group(1).islower() and _singular(m.group(1)) \
                    and not (m.re is _BEFORE and _PREP_END.search(before[:m.start()])):
                heads.setdefault(m.group(1).lower(), set()).add(key)
        for m in (_AGE_AFTER.match(after), _AGE_BEFORE.search(before)):
            if m:
                ages.setdefault(int(m.group(1)), set()).add(key)
    return Ties({h: next(iter(k)) for h, k in heads.items() if len(k) == 1},
                {a: next(iter(k)) for a, k in ages.items() if len(k) == 1})


def described(ties: Ties, text: str, quantities: list[dict], skip: tuple[int, int] | None = None,
              offset: int = 0) -> list[str]:
    """The people a claim's descriptions stand for (story keys, ``ties``), and its family words
    tied to no one (``"~father"``). ``skip``: the article span of the claim's speaker (a source is
    no participant); ``offset``: the claim's start in the article."""
    out = set()
    for m in _DEFINITE.finditer(text):
        if skip and skip[0] <= offset + m.start() < skip[1]:
            continue
        head = m.group(2).lower()
        if head in ties.heads:
            out.add(ties.heads[head])
        elif head in FAMILY:
            out.add("~" + head)
    for q in quantities:
        if q.get("kind") == "age" and isinstance(q.get("value"), (int, float)) and int(q["value"]) in ties.ages:
            if not (skip and skip[0] <= q.get("start", -1) < skip[1]):
                out.add(ties.ages[int(q["value"])])
    return sorted(out)


def participants(u: dict) -> frozenset[str]:
    """A claim's people: the persons it names and those its descriptions stand for."""
    return frozenset(u.get("persons") or ()) | frozenset(u.get("described") or ())


def _edits(x: str, y: str) -> int:
    """Levenshtein distance (short words only)."""
    prev = list(range(len(y) + 1))
    for i, cx in enumerate(x, 1):
        cur = [i]
        for j, cy in enumerate(y, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (cx != cy)))
        prev = cur
    return prev[-1]


def _spelled_apart(x: str, y: str) -> bool:
    """Two spellings of one name word ("Rait" / "Raite", "Klitchsko" / "Klitschko"): a letter
    changed (two in a long word), the first letter kept, not a plural ("Heel" / "Heels")."""
    if x == y or min(len(x), len(y)) < 4 or x[0] != y[0] or x + "s" == y or y + "s" == x:
        return False
    return _edits(x, y) <= (2 if min(len(x), len(y)) >= 7 else 1)  # "Klitchsko" / "Klitschko"; not "Brown" / "Brien"


_SUFFIX = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def _surname(words: list[str]) -> str:
    ws = [w for w in words if w not in _SUFFIX]
    return ws[-1] if ws else ""


def same_person(x: str, y: str) -> bool:
    """Two names of one person: one within the other ("Comeaux" / "Arcade Joseph Comeaux Jr."),
    or one surname, however spelled ("Duncan Rait" / "Duncan Raite"). A first name in common
    is not one person ("John Smith" / "John Doe"); one surname with other first names is
    taken as one: in one story that is most often one person named wrongly or a relative's
    claim about them ("As Greg McDermott said, his son's 23 points"; benchmarks/docs/claims.md)."""
    wx, wy = x.split(), y.split()
    if set(wx) <= set(wy) or set(wy) <= set(wx):
        return True
    sx, sy = _surname(wx), _surname(wy)
    return bool(sx and sy) and (sx == sy or _spelled_apart(sx, sy))


def different_people(a: dict, b: dict) -> bool:
    """Both claims are about people and none in common (``same_person``); claims that name no
    one compare their family words ("the father" / "the children")."""
    pa, pb = participants(a), participants(b)
    na, nb = [p for p in pa if not p.startswith("~")], [p for p in pb if not p.startswith("~")]
    if na and nb:
        return not any(same_person(x, y) for x in na for y in nb)
    if na or nb:
        return False  # a name against only a description: whose, the text does not say
    return bool(pa and pb) and not pa & pb
