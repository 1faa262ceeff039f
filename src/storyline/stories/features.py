"""Per-article features for story clustering: weighted terms, entities, numbers, day.

Term weights are TF-IDF with the IDF taken from a packaged background (wordfreq's
English word frequencies), so a vector never depends on what else is in the store:
adding an article changes no other article's features (incremental by design).
Entities come from the stored annotation (no parse here; an article the annotator
failed on has none).
The lead (headline, header lines and the first two sentences of the body) names the
event's actors, place and time, so its words and entities count more than the body's.
"""

from __future__ import annotations

from itertools import repeat
from operator import mul

import math
import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Iterable

from ..lexicon.calendar import MONTH_NAMES, MONTHS, WEEKDAY_NAMES
from ..lexicon.stopwords import ENGLISH_STOP_WORDS
from ..lexicon.text import fold
from ..lexicon.titles import KEY_TITLES

# 5: event day near publication, none for undated articles (their named months instead);
# people by surname
FEATURES_VERSION = "features-5"
MAX_TERMS = 150  # top terms kept per article (bounds storage and centroid size)
MAX_ENTS = 60
LEAD_SENTENCES = 2  # body sentences in the lead (news style: who, what, where, when)
LEAD_ENT_BOOST = 2  # extra counts for an entity mention in the lead
LEAD_TERM_BOOST = 1  # extra counts for a word in the lead
EVENT_WINDOW = 31  # days: a lead date further from publication is background (a month: news is recent)
PLACE_LABELS = {"GPE", "LOC", "FAC"}
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW"}
# News boilerplate words that carry no event identity (beyond the English stop list).
_EXTRA_STOP = {
    "said", "says", "say", "told", "according", "reported", "report", "reports", "news",
    "year", "years", "day", "days", "week", "weeks", "month", "months", "time", "just",
    "like", "new", "people", "including", "pm", "am", "et",
    "pt", "edt", "pdt", "est", "pst", "gmt", "utc", "updated", "posted", "published",
} | set(WEEKDAY_NAMES) | set(MONTH_NAMES)
STOP = frozenset(ENGLISH_STOP_WORDS) | _EXTRA_STOP
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?", re.UNICODE)
_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w])|(?<![\w.])\d+(?:\.\d+)?(?![\w])")
_TITLES = re.compile(r"^(?:" + "|".join(re.escape(t) for t in KEY_TITLES) + r")\.?\s+")


@lru_cache(maxsize=200_000)
def idf(word: str) -> float:
    """Inverse document frequency from the background: -log10 of the word's frequency.

    Unknown words (zipf 0) are capped at the weight of a word seen once in 10^8, so a
    typo does not outweigh a rare name.
    """
    from wordfreq import zipf_frequency

    z = zipf_frequency(word, "en")
    return max(0.5, 9.0 - max(z, 1.0))


def load_background() -> None:
    """Load the background frequencies (``idf``'s wordfreq import and English table) now:
    workers forked after this inherit them instead of each loading them at its first
    article (about 0.18 CPU s a worker)."""
    idf("the")


def tokens(text: str) -> list[str]:
    """Content words, folded, with stop words and one-letter words removed."""
    out = []
    for w in _WORD.findall(fold(text)):  # fold once per text, not per word; strings, no match objects
        if w.endswith("'s"):
            w = w[:-2]
        if len(w) > 1 and w not in STOP:
            out.append(w)
    return out


def entity_key(text: str, label: str) -> str | None:
    """Canonical key: titles and possessives stripped, folded; people by surname."""
    k = fold(text)
    k = re.sub(r"'s$", "", k).strip(" .,;:'\"")
    for _ in range(2):
        k = _TITLES.sub("", k)
    if not k or not any(c.isalpha() for c in k):
        return None
    if label == "PERSON":
        parts = [p for p in k.split() if p not in {"jr", "jr.", "sr", "sr.", "ii", "iii"}]
        k = parts[-1] if parts else k
    return k


def parse_day(published: str | None) -> int | None:
    """Proleptic ordinal day of an ISO date/datetime, None when absent or unreadable."""
    if not published:
        return None
    try:
        return datetime.fromisoformat(published.replace("Z", "+00:00")).date().toordinal()
    except ValueError:
        try:
            return date.fromisoformat(published[:10]).toordinal()
        except ValueError:
            return None


_SENT_END = re.compile(r"[.!?][\"”'’)]?\s")


def lead_end(text: str, sentences: int = LEAD_SENTENCES) -> int:
    """Offset where the lead ends: short header paragraphs (headline, date line) plus the
    first ``sentences`` sentences of the body."""
    off = 0
    for para in text.split("\n\n"):
        if len(para) < 150 and not para.rstrip().endswith((".", "!", "?")):
            off += len(para) + 2  # a headline, date line or sub-heading
            continue
        break
    off = min(off, len(text))
    for k, m in enumerate(_SENT_END.finditer(text, off), 1):
        if k >= sentences:
            return m.end()
    return len(text)


def _normalize(vec: dict[str, float], keep: int) -> dict[str, float]:
    items = sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:keep]
    norm = math.sqrt(sum(v * v for _, v in items)) or 1.0
    return {k: round(v / norm, 5) for k, v in items}


def term_vector(text: str, title: str | None = None, lead: int = 0) -> dict[str, float]:
    """Sublinear TF x background IDF over content words; the title and the lead
    (``text[:lead]``) count LEAD_TERM_BOOST more."""
    counts: dict[str, int] = {}
    for w in tokens(text):
        counts[w] = counts.get(w, 0) + 1
    for w in tokens(text[:lead]) if lead else ():
        counts[w] = counts.get(w, 0) + LEAD_TERM_BOOST
    if title and not text.startswith(title):
        for w in tokens(title):
            counts[w] = counts.get(w, 0) + 1
    vec = {w: (1.0 + math.log(c)) * idf(w) for w, c in counts.items()}
    return _normalize(vec, MAX_TERMS)


def entity_vector(entities: Iterable[tuple], lead: int = 0) -> dict[str, float]:
    """Entities as (key, label[, start]) mentions -> sublinear counts x IDF of the key's
    words; a mention starting before ``lead`` counts LEAD_ENT_BOOST more."""
    counts: dict[str, int] = {}
    for key, _label, *start in entities:
        boost = LEAD_ENT_BOOST if start and start[0] is not None and start[0] < lead else 0
        counts[key] = counts.get(key, 0) + 1 + boost
    vec = {}
    for k, c in counts.items():
        words = k.split()
        rarity = max(idf(w) for w in words) if words else 1.0
        vec[k] = (1.0 + math.log(c)) * rarity
    return _normalize(vec, MAX_ENTS)


def numbers(text: str, limit: int = 40) -> list[str]:
    """Distinctive numbers in the text (not 0-10, which are everywhere), first seen first."""
    seen: list[str] = []
    for m in _NUMBER.finditer(text):
        n = m.group().replace(",", "")
        try:
            if float(n) <= 10:
                continue
        except ValueError:
            continue
        if n not in seen:
            seen.append(n)
        if len(seen) >= limit:
            break
    return seen


def entities_from_annotation(ann: dict[str, Any]) -> list[tuple[str, str, int | None]]:
    """(key, label, start) of the annotated entity mentions."""
    out = []
    for e in ann.get("entities", []):
        label = e.get("label", "")
        # a person by surname even when the annotation gives the full name: reports
        # write "Dirk A. Kempthorne", "Dirk Kempthorne" or "Kempthorne"
        key = entity_key(e.get("entity") or e.get("text", ""), label)
        if key and label in ENTITY_LABELS:
            out.append((key, label, e.get("start")))
    return out


_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _timex_day(value: str) -> int | None:
    """Ordinal day of a DATE value: the day itself, mid-month, or mid-year."""
    m = _ISO.match(str(value))
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2) or 7), int(m.group(3) or (15 if m.group(2) else 1))
    try:
        return date(y, mo, d).toordinal()
    except ValueError:
        return None


def event_day(annotation: dict | None, lead: int, published_day: int | None) -> int | None:
    """The day of the event the lead reports, not the day of publication.

    The first dated expression of the lead within ``EVENT_WINDOW`` days of publication
    (a lead's "born April 22, 1923" or "in 2005" is background, not the event), else the
    publication day. An undated article has none: its expressions were resolved against
    a guessed day, and even the ones that write their year are mostly background (a
    birth, a decade) -- on ECB+ dev 148 undated documents got such a day, most decades
    off their story, which split stories that share every other feature.
    """
    if published_day is None:
        return None
    for t in sorted((annotation or {}).get("timexes", []), key=lambda t: t.get("start", 0)):
        if t.get("start", 0) >= lead:
            break
        if t.get("type") != "DATE":
            continue
        d = _timex_day(t.get("value", ""))
        if d is not None and abs(d - published_day) <= EVENT_WINDOW:
            return d
    return published_day


_MONTH_WORD = re.compile(r"\b(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?", re.IGNORECASE)
_MONTH_DAY = re.compile(r"(?:\d{4}|XXXX)-(\d{2})(?:-(\d{2}))?")


def month_days(annotation: dict | None) -> list[list[int]]:
    """The named months and days, [month, day or 0], without a year: an undated
    article's expressions' years were guessed, but "December 9" and "September" say when in
    the year it happened, which a candidate story's dates can confirm or rule out."""
    out: list[list[int]] = []
    for t in (annotation or {}).get("timexes", []):
        if t.get("type") != "DATE" or not _MONTH_WORD.search(str(t.get("text", ""))):
            continue
        m = _MONTH_DAY.match(str(t.get("value", "")))
        if m and 1 <= int(m.group(1)) <= 12:
            md = [int(m.group(1)), int(m.group(2) or 0)]
            if md not in out:
                out.append(md)
    return out[:10]


def place_vector(entities: Iterable[tuple], lead: int = 0) -> dict[str, float]:
    """The entity vector of places only (where it happened)."""
    return entity_vector([e for e in entities if e[1] in PLACE_LABELS], lead)


def predicate_vector(annotation: dict | None, lead: int) -> dict[str, float]:
    """What happened: the lemmas of the lead's claim predicates (event triggers), IDF-weighted."""
    counts: dict[str, int] = {}
    for c in (annotation or {}).get("claims", []):
        if c.get("start", 0) < lead and c.get("predicate"):
            for w in tokens(str(c["predicate"])):
                counts[w] = counts.get(w, 0) + 1
    return _normalize({w: (1.0 + math.log(n)) * idf(w) for w, n in counts.items()}, MAX_ENTS)


def article_features(article, annotation: dict | None = None) -> dict[str, Any]:
    """The feature record of one article (plain JSON-able dict).

    Entities, dates and predicates come from the annotation (no parse here): an article
    with none (the annotator failed on it) is placed by its words and numbers alone."""
    text = article.text or article.raw_text
    if annotation is not None:
        ents = entities_from_annotation(annotation)
        timex = sorted({t["value"] for t in annotation.get("timexes", [])
                        if t.get("type") == "DATE" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(t.get("value", "")))})
    else:
        ents, timex = [], []
    lead = lead_end(text)
    day = parse_day(article.published)
    return {
        "version": FEATURES_VERSION,
        "terms": term_vector(text, article.title, lead),
        "ents": entity_vector(ents, lead),
        "lead": term_vector(text[:lead], article.title),
        "places": place_vector(ents, lead),
        "preds": predicate_vector(annotation, lead),
        "nums": numbers(text),
        "dates": timex[:20],
        "day": day,
        "eday": event_day(annotation, lead, day),
        "mdays": month_days(annotation),
    }


def features_for(articles: list, annotations: dict[str, dict | None]) -> list[dict[str, Any]]:
    """Features for many articles, from their annotations (``article_features``)."""
    return [article_features(a, annotations.get(a.id)) for a in articles]


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    # map() instead of a generator: the same products summed in the same order (the
    # same float), at half the cost; clustering calls this ~40 times an article
    return sum(map(mul, a.values(), map(b.get, a, repeat(0.0))))
