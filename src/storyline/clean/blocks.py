"""Block-level boilerplate: lines that are not article body (footers, credits, captions ...).

A block is one non-empty line of the raw text. The header is the run of blocks between
the headline (block 0, when it is a headline) and the first prose paragraph; captions
and standfirsts are only looked for there. Footers and teasers are only looked for in
the trailing run of blocks after the last paragraph that is neither.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..lexicon.text import line_key
from .glue import split_glued

# Sentence end, possibly followed by closing quotes or brackets.
_TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*$|[\"”»]$")
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*", re.UNICODE)

# Grammatical words allowed in a name-like line ("The President of Venezuela, X Y").
_NAME_GLUE = {"of", "the", "and", "de", "del", "da", "do", "dos", "la", "le", "van", "von", "der", "den",
              "bin", "al", "el", "for", "in", "at", "on", "to", "&", "y", "e", "di", "du", "des"}

# Who signs a photo credit: the wire and picture agencies of the outlet registry, and credit
# words that are no outlet ("PA" alone is too ambiguous a name for the registry).
_CREDIT_WORDS = ("PA", "DPA", "ANI", "Pool", "Handout", "Courtesy", "Wikimedia Commons", "Flickr", "Unsplash")


def _agencies() -> str:
    from ..lexicon.outlets import registry

    names = set(registry().names_of("agency", "photo")) | set(_CREDIT_WORDS)
    return "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))


_AGENCIES = _agencies()
_CREDIT_PATTERNS = [
    re.compile(r"^\(?\s*(photo(graph)?s?|image|picture|pic|credit|foto|illustration|video|graphic)"
               r"\s*(credit)?\s*(:|by\b|courtesy\b)", re.I),
    re.compile(rf"^\(?\s*({_AGENCIES})\s+(photo|pictures?|images?)\b", re.I),
    # "Name Name / AGENCY", "Name/Getty Images"
    re.compile(r"^[A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,4}\s*/\s*[A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,3}$"),
    re.compile(rf"^[A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){{0,4}}\s*(?:/|\||-|–|—|for)\s*({_AGENCIES})\)?$"),
]

_FOOTER = re.compile(
    r"^(source link|source:|sources?$|read more\b|read the (full|original) (story|article)|continue reading|"
    r"share (this|on)\b|follow us\b|sign up\b|subscribe\b|click here\b|advertisement$|sponsored( content)?$|"
    r"related( articles| stories| posts| content| news)?:?$|more from\b|you may also like|recommended( for you)?:?$|"
    r"tags?:|filed under\b|topics?:|©|\(c\)\s*\d{4}|all rights reserved|"
    # "Copyright 2016 WFAA", "Copyright Associated Press"; not a sentence about copyright
    r"copyright\b(?=.{0,60}(\d{4}|rights reserved)|(\W+[\w.&-]+){0,5}\W*$)|"
    r"(this (article|story) )?(was )?(originally|first) (published|appeared)\b|the post .+ appeared first on|"
    r"\(?report(ing)? by\b|\(?editing by\b|\(?additional reporting\b|\(?writing by\b|"
    r"read or share this (story|article)|(leave|post) a comment|comments?$|print$|email$|back to top$|top stories:?$)",
    re.I,
)
# Lines that are boilerplate wherever they stand (the whole line is the phrase).
_ANYWHERE = re.compile(
    r"^(source link|advertisement|sponsored content|read more|continue reading( below)?|"
    r"story continues below( advertisement)?|article continues below( advertisement)?|"
    r"share this( article| story)?|related( articles| stories| content)?|skip to (main )?content|"
    r"watch (this|the) (story|video)|please enable javascript.*|javascript (is )?(required|disabled).*|"
    # a video player's notice: "Having trouble viewing the video? Try disabling any ad blocking …"
    r"having trouble (viewing|watching|playing) (the|this) video\?.{0,160}|"
    # a station's promo: "Stay with WTOL 11 for the latest.", "… for more details as they become available."
    r"stay with [^,;]{1,60} for (the latest|more|updates)\b[^,;]{0,80}|"
    # a list of other articles' headlines: "RELATED ARTICLES: Toledo mother grieves … | Judge sets bond …"
    r"(related|more) (articles|stories|links|coverage|news)\s*:\s*.{1,160}(\s\|\s.{1,160})*|"
    r"(click|tap) to (enlarge|expand|play).*|buy photo|view (full )?(caption|gallery|photos?)|"
    r"sign up (to|for) (our|the) [\w ]{0,40}newsletters?.{0,60}|"
    r"(image|media) (source|caption),.{0,120}|"
    r"(follow|like) us on (twitter|facebook|instagram|x|linkedin|threads|bluesky).{0,60}|"
    # promos for other articles inside the text: "READ MORE: Trump closes airspace"
    r"(read more|also read|read also|see also|related|recommended|more on this( story)?|must read|don'?t miss)"
    r"\s*[:|–—-]\s*.{1,160}|"
    # share bars flattened to one word a line
    r"share|tweet|e-?mail|print|whatsapp|facebook|twitter|linkedin|reddit|pinterest|copy link|"
    r"share on (facebook|twitter|x|whatsapp|linkedin))\s*[:.]?$",
    re.I,
)
_TAGLINE_SEP = re.compile(r"\s+(\||·|•|::)\s+")

_REPORTING = (r"writes|says|argues|contends|reports|asks|explains|warns|insists|suggests|believes|claims|"
              r"notes|reflects|recalls|examines|considers|looks at|reviews|responds|maintains|urges|"
              r"calls for|wonders|assesses|analyses|analyzes|investigates|explores")
_CAPS_NAME = r"(?:[A-Z][A-Z'’.-]+(?:\s+(?:[A-Z][A-Z'’.-]*|de|van|von|da|del|al|bin|la|le)){1,4})"
_TEASER = [
    re.compile(rf"[,;:]?\s+(?:{_REPORTING})\s+{_CAPS_NAME}\s*\.?$"),
    re.compile(rf"^{_CAPS_NAME}\s+(?:{_REPORTING})\b"),
    re.compile(rf"^(?:by|BY)\s+{_CAPS_NAME}\s*$"),
]


@dataclass
class Block:
    start: int
    end: int
    text: str


def split_blocks(raw: str) -> list[Block]:
    """Non-empty lines as blocks, surrounding white space excluded."""
    blocks = []
    for m in re.finditer(r"[^\n]+", raw):
        line = m.group()
        lead = len(line) - len(line.lstrip())
        body = line.strip()
        if body:
            s = m.start() + lead
            blocks.append(Block(s, s + len(body), body))
    return blocks


@functools.lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text))


def is_prose(text: str) -> bool:
    """A paragraph of running text: enough words and a sentence end (or several sentences)."""
    n = len(words(text))
    return n >= 8 and (bool(_TERMINAL.search(text)) or len(re.findall(r"[.!?]\s+[A-Z“\"]", text)) >= 1)


def is_credit(text: str) -> bool:
    if len(words(text)) > 10 or (len(text) > 90):
        return False
    t = text.strip()
    if t.endswith(".") and not re.search(r"\b(Inc|Ltd|Co|Jr|Sr)\.$", t) and not t.startswith("("):
        return False
    return any(p.search(t) for p in _CREDIT_PATTERNS)


# A caption line signed with a photo credit at its end: "... (Photo: X/Y)", "(AP Photo/Z)".
_CREDITED_CAPTION = re.compile(
    r"(\((?:[\w .'’/-]+ )?(photo|image|picture|file photo|video|photograph)s?\b[^)]{0,80}\)"
    r"|\bview full caption\b.{0,80})(\s*[\w.]+){0,3}\s*$", re.I)


def is_credited_caption(text: str) -> bool:
    return len(words(text)) <= 80 and bool(_CREDITED_CAPTION.search(text))


def is_caption(text: str) -> bool:
    """A name-like appositive line: "The President of Venezuela, Nicolás Maduro".

    Every lower-case word is a grammatical word, there is a comma, no sentence end,
    no digits. Title-case headings without a comma are not matched.
    """
    if _TERMINAL.search(text) or re.search(r"\d", text) or "," not in text:
        return False
    ws = words(text)
    if not 3 <= len(ws) <= 14:
        return False
    lower = [w for w in ws if not w[0].isupper()]
    # at least one lower-case grammatical word: a Title Case heading is not a caption
    return bool(lower) and all(w.lower() in _NAME_GLUE for w in lower)


def tagline_outlet(text: str) -> str | None:
    """For "Site Name | tagline" footers, the site name; None if the line is not one."""
    if _TERMINAL.search(text) and not text.endswith(("”", '"')) or len(words(text)) > 14:
        return None
    parts = _TAGLINE_SEP.split(text)
    if len(parts) < 3:
        return None
    left = parts[0].strip()
    lw = words(left)
    if not 1 <= len(lw) <= 6 or not all(w[0].isupper() or w[0].isdigit() or w.lower() in _NAME_GLUE for w in lw):
        return None
    return left


_BYLINE = re.compile(
    r"^(?:by|BY|By)\s+(?P<name>[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|de|van|von|da|del|and|&)){0,5})"
    r"(?:\s*(?:,|\||-|–|—|for)\s*[A-Z][\w.'’&-]*(?:\s+[\w.'’&-]+){0,4})?\s*$")


def byline_name(text: str) -> str | None:
    """The name of a byline line ("By Jane Doe, Reuters"), or None."""
    if len(words(text)) > 12:
        return None
    m = _BYLINE.match(text.strip())
    return m.group("name") if m else None


def is_footer(text: str) -> bool:
    if len(words(text)) > 25:
        return False
    return bool(_FOOTER.search(text.strip())) or tagline_outlet(text) is not None


def is_teaser(text: str) -> bool:
    """A blurb for another article: upper-case byline with a reporting verb."""
    if len(words(text)) > 60:
        return False
    return any(p.search(text.strip()) for p in _TEASER)


def _split_glued_footers(raw: str, blocks: list[Block]) -> list[Block]:
    """A footer glued onto the next line's first word ("... Northern BCVENEZUELA’S President")
    is split into two blocks at the glue point."""
    out: list[Block] = []
    for b in blocks:
        done = False
        for m in re.finditer(r"[^\W\d_]+(?:['’][^\W\d_]+)?", b.text):
            if m.start() > 120:
                break
            parts = split_glued(m.group())
            if not parts:
                continue
            cut = m.start() + len(parts[0])
            head, rest = b.text[:cut], b.text[cut:]
            if (is_footer(head) or is_credit(head)) and rest[:1].isupper():
                out.append(Block(b.start, b.start + cut, head))
                out.append(Block(b.start + cut, b.end, rest))
                done = True
                break
        if not done:
            out.append(b)
    return out


# A page title's trailing " - Site" / " | Site": a web address, a broadcast call sign with its
# channel ("WFSB 3", "KFMB Channel 8", "KCTV5", "KSLA News 12"), a "... News ..." name.
_SUFFIX_SEP = re.compile(r"\s+[-–—|]\s+")
_SITE_WORD = re.compile(r"(?i:\b[\w-]+\.(?:com|net|org|tv|co\.uk|com\.au|ca)\b)"
                        r"|\b[KW][A-Z]{2,3}(?:-?TV)?(?:\d+\b|\s+(?:\d+|Channel|News|TV)\b)|\bNews\b")
_SUFFIX_GLUE = {"of", "the", "and", "&", "in", "on", "at", "for"}


def site_suffix(headline: str, sites: tuple[str, ...] = ()) -> int | None:
    """Where a site's name after the headline starts (its separator), else None.

    The trailing segments cut start with one naming a site (``_SITE_WORD``, or one of
    ``sites``: the article's outlet or URL host); the rest are site names or title-case
    taglines of up to six words ("- KXLF.com | Continuous News | Butte, Montana"). The headline itself
    (the first segment) is never cut, so "15-year-old shoots self – Police" stays whole:
    "Police" names no site.
    """
    seps = list(_SUFFIX_SEP.finditer(headline))
    if not seps:
        return None
    bounds = [0] + [m.end() for m in seps]
    segs = [headline[b:(seps[i].start() if i < len(seps) else len(headline))] for i, b in enumerate(bounds)]
    keys = {re.sub(r"\W", "", x).casefold() for x in sites if x}

    def names_site(seg: str) -> bool:
        if len(seg.split()) > 10 or not seg[:1].isalnum() or seg[:1].islower():
            return False
        key = re.sub(r"\W", "", seg).casefold()
        return bool(_SITE_WORD.search(seg)) or any(min(len(k), len(key)) >= 3 and (k in key or key in k) for k in keys)

    def tagline(seg: str) -> bool:
        ws = seg.split()
        return 0 < len(ws) <= 6 and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SUFFIX_GLUE for w in ws)

    k, named = len(segs), False
    while k > 1 and ((site := names_site(segs[k - 1])) or tagline(segs[k - 1])):
        k, named = k - 1, named or site
    if not named or len(segs[0].split()) < 3:
        return None
    while not names_site(segs[k]):  # taglines before the site's name are headline, not site
        k += 1
    return seps[k - 1].start()


def find_block_edits(raw: str, title: str | None, sites: tuple[str, ...] = ()):
    """Plan block removals and header damage notes.

    Returns (ops, found, removed spans): ``found`` may hold the ``outlet`` named by a site
    footer and the ``author`` named by a byline. ``sites`` (outlet, URL host) help find a
    site's name after the headline.
    """
    from . import Op

    blocks = _split_glued_footers(raw, split_blocks(raw))
    ops: list = []
    if not blocks:
        return ops, None, []
    reasons: dict[int, str] = {}
    outlet = None
    author = None

    # headline: the first block matching the title, else block 0 when short and not a paragraph
    head_fold = line_key(title) if title else None
    head_idx = next((i for i, b in enumerate(blocks[:6]) if head_fold and line_key(b.text) == head_fold), None)
    b0 = blocks[0]
    if head_idx is None and len(words(b0.text)) <= 30 and not is_prose(b0.text) and not is_credit(b0.text):
        head_idx = 0
        head_fold = head_fold or line_key(b0.text)
    has_headline = head_idx is not None

    # trailing run of footers and teasers (never the whole text)
    last_body = len(blocks) - 1
    prose_at = [i for i, b in enumerate(blocks) if is_prose(b.text)]
    while last_body > 0 and any(i < last_body for i in prose_at):  # a paragraph must remain
        t = blocks[last_body].text
        if is_footer(t):
            reasons[last_body] = "site footer or tagline"
            outlet = outlet or tagline_outlet(t)
        elif is_teaser(t):
            reasons[last_body] = "teaser for another article"
        elif is_credit(t) or is_credited_caption(t):
            reasons[last_body] = "photo credit"
        elif t.endswith(":") and len(words(t)) <= 15:
            reasons[last_body] = "trailing line introducing dropped content (link or embed)"
        else:
            break
        last_body -= 1

    first_prose = next((i for i, b in enumerate(blocks) if is_prose(b.text) and i != head_idx), len(blocks))
    for i, b in enumerate(blocks[:last_body + 1]):
        if i == head_idx:
            continue
        if i in reasons:
            continue
        if head_fold and line_key(b.text) == head_fold and (has_headline and i > head_idx):
            reasons[i] = "headline repeated in body"
        elif is_credit(b.text):
            reasons[i] = "photo credit"
        elif is_credited_caption(b.text):
            reasons[i] = "photo caption (signed with a photo credit)"
        elif _ANYWHERE.match(b.text):
            reasons[i] = "boilerplate line"
        elif i < first_prose and (name := byline_name(b.text)):
            reasons[i] = "byline"
            author = author or name
        elif i < first_prose and is_caption(b.text):
            reasons[i] = "photo caption"

    # a glued footer sitting inside the text is removed too
    for i in range(len(blocks) - 1):
        if blocks[i].end == blocks[i + 1].start and i not in reasons and is_footer(blocks[i].text):
            reasons[i] = "site footer glued to the next line"
            outlet = outlet or tagline_outlet(blocks[i].text)

    removed = []
    if has_headline and head_idx not in reasons:
        # the page title's site name stays out of the headline sentence ("... - WFSB 3 Connecticut")
        hb = blocks[head_idx]
        cut = site_suffix(hb.text, sites)
        if cut is not None:
            ops.append(Op("remove", "site name after the headline", hb.start + cut, hb.end))
            removed.append((hb.start + cut, hb.end))

    for i, reason in sorted(reasons.items()):
        b = blocks[i]
        glued = i + 1 < len(blocks) and blocks[i + 1].start == b.end
        # take the separator before the block with it, so the blank-line layout stays
        start = b.start if (glued or i == 0) else blocks[i - 1].end
        if i == 0:
            end = blocks[1].start if len(blocks) > 1 else b.end
        else:
            end = b.end
        ops.append(Op("remove", reason, start, end))
        removed.append((start, end))

    # header lines kept: flag a standfirst the body never supports
    body = " ".join(b.text for j, b in enumerate(blocks) if j >= first_prose and j not in reasons)
    for i in range(head_idx + 1 if has_headline else 0, min(first_prose, len(blocks))):
        if i in reasons:
            continue
        b = blocks[i]
        if unsupported_standfirst(b.text, body):
            ops.append(Op("damage", "standfirst not supported by the body (may be a teaser for another "
                                    "article)", b.start, b.end))
    return ops, {k: v for k, v in (("outlet", outlet), ("author", author)) if v}, removed


_STOP_ZIPF = 5.6  # words at least this frequent carry no content (the, says, has ...)


def unsupported_standfirst(text: str, body: str) -> bool:
    """True when a header line of some length shares under half its content words with the body."""
    from wordfreq import zipf_frequency

    ws = words(text)
    if len(ws) < 6 or not body or _DATELINE.search(text):
        return False
    body_words = {w.lower() for w in words(body)}
    body_digits = {re.sub(r"\D", "", w) for w in words(body) if any(c.isdigit() for c in w)}
    content = []
    for w in ws:
        lw = w.lower()
        if any(c.isdigit() for c in w):
            content.append(re.sub(r"\D", "", w) in body_digits)
        elif zipf_frequency(lw, "en") < _STOP_ZIPF and len(lw) > 2:
            content.append(lw in body_words or any(b.startswith(lw[:5]) for b in body_words if len(lw) >= 6))
    alpha = sum(1 for w in ws if w.isalpha() and zipf_frequency(w.lower(), "en") < _STOP_ZIPF)
    return alpha >= 4 and len(content) >= 4 and sum(content) / len(content) < 0.5


# Date/time lines ("May 3, 2013 | 8:20 am", "Posted: 08/02/2013") are not standfirsts.
_DATELINE = re.compile(
    r"\b\d{1,2}:\d{2}\b|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b|"
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(st|nd|rd|th)?\b|"
    r"\b\d{1,2}(st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|"
    r"^(posted|updated|published|last updated)\b", re.I)
