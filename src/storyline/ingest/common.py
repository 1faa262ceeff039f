"""Shared helpers for the readers: building Article records, dates, outlets, language."""

from __future__ import annotations

import email.utils
import re
import time
from datetime import date, datetime, timezone
from typing import Any
from urllib.parse import urlsplit

from ..options import MAX_YEAR, MIN_YEAR, year_ok
from ..records import Article, derive_id, scrub_surrogates

# Fields a reader maps onto Article attributes; everything else goes to metadata.
ARTICLE_KEYS = ("id", "url", "outlet", "title", "published", "language", "author")


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def outlet_from_url(url: str | None) -> str | None:
    """Host name of a URL without a leading ``www.`` (None when there is no host)."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def normalize_date(value: Any) -> tuple[str | None, str | None, bool]:
    """Return (ISO 8601 timezone-aware, precision, tz_assumed) for a date-ish value.

    Date-only values become midnight UTC with precision ``day``; naive date-times are
    taken as UTC (``tz_assumed`` True) because a feed or page gave no offset.
    Unparseable values, and years outside ``options.MIN_YEAR``-``MAX_YEAR``, give
    (None, None, False).
    """
    dt, precision, assumed = _parse_date(value)
    if dt is None or date_refusal(dt) is not None:
        return None, None, False
    return dt.isoformat(), precision, assumed


def date_refusal(dt: datetime) -> str | None:
    """Why a parsed date is refused (a year no news article has), else None."""
    if not year_ok(dt.year):
        return f"year {dt.year} outside {MIN_YEAR}-{MAX_YEAR}"
    return None


def _parse_date(value: Any) -> tuple[datetime | None, str | None, bool]:
    if value is None or value == "":
        return None, None, False
    if isinstance(value, time.struct_time):  # feedparser's *_parsed fields are UTC
        try:
            return datetime(*value[:6], tzinfo=timezone.utc), "second", False
        except (ValueError, OverflowError):
            return None, None, False
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc), "day", False
    elif isinstance(value, (int, float)):
        return None, None, False
    else:
        s = str(value).strip()
        if _DATE_ONLY.match(s):
            try:
                d = date.fromisoformat(s)
            except ValueError:
                return None, None, False
            return datetime(d.year, d.month, d.day, tzinfo=timezone.utc), "day", False
        dt = None
        try:
            dt = datetime.fromisoformat(s.replace("Z", "+00:00") if s.endswith("Z") else s)
        except ValueError:
            try:
                dt = email.utils.parsedate_to_datetime(s)  # RFC 2822 (RSS, HTTP, WARC)
            except (TypeError, ValueError, IndexError, OverflowError):
                dt = None
        if dt is None:
            return None, None, False
    assumed = dt.tzinfo is None
    if assumed:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt, "second", assumed


# The most frequent function words of common news languages: a classic, cheap evidence
# for a language guess (no model to load). Words shared by several languages count for each.
_STOPWORDS = {
    "en": "the of and to in a is that for it was on with as by at from his he said are be this have has "
          "an not but they who were its which their been would will had after also",
    "es": "el la de que y en los las del se por un una con para es su al lo como más pero sus le ha "
          "fue este entre sobre también dijo",
    "fr": "le la les de des du et en un une est que qui dans pour pas sur au aux par ce il elle a été "
          "avec ont sont mais plus ses cette",
    "de": "der die das und in den von zu mit sich des auf für ist im dem nicht ein eine als auch es an "
          "wurde sie nach bei aus hat werden",
    "it": "il di che la e in un una per è del della le non con si da al gli sono nel alla ha anche dei "
          "più ma come questo",
    "pt": "o a de que e do da em um uma para com não os as no na por se mais dos das foi ao como mas "
          "ele ela também pelo",
    "nl": "de het een en van in is op te dat die voor met zijn niet aan er ook als bij door maar om "
          "werd naar heeft wordt",
}
_STOPSETS = {lang: set(words.split()) for lang, words in _STOPWORDS.items()}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def guess_language(text: str, min_words: int = 12) -> str | None:
    """A cheap language guess from function words; None when there is too little evidence.

    The share of the first words that are function words of each language: the best must
    cover at least a fifth of the words and beat the runner-up by half again.
    """
    words = [w.lower() for w in _WORD.findall(text[:5000])][:300]
    if len(words) < min_words:
        return None
    scores = sorted(((sum(1 for w in words if w in stops) / len(words), lang)
                     for lang, stops in _STOPSETS.items()), reverse=True)
    (best, lang), (second, _) = scores[0], scores[1]
    if best >= 0.2 and best >= 1.5 * second:
        return lang
    return None


def normalize_lang(value: Any) -> str | None:
    """'en-US' -> 'en'; junk -> None."""
    if not value or not isinstance(value, str):
        return None
    code = value.strip().split("-")[0].split("_")[0].lower()
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def build_article(raw_text: str, *, source: str, position: Any, fmt: str,
                  fields: dict[str, Any] | None = None,
                  metadata: dict[str, Any] | None = None,
                  provenance: dict[str, Any] | None = None) -> Article:
    """One Article from a reader's findings, filling what can be derived.

    ``fields`` may hold id, url, outlet, title, published, language, author (None or
    missing when unknown). ``metadata`` keeps everything else the input said.
    """
    raw_text, bad = scrub_surrogates(raw_text)
    f, n = scrub_surrogates({k: v for k, v in (fields or {}).items() if v not in (None, "")})
    meta, m = scrub_surrogates(dict(metadata or {}))
    if bad + n + m:
        meta["surrogates_replaced"] = bad + n + m  # lone UTF-16 halves in JSON: U+FFFD each
    url = f.get("url") if isinstance(f.get("url"), str) else None
    dt, precision, assumed = _parse_date(f.get("published"))
    published = dt.isoformat() if dt is not None else None
    if f.get("published") is not None and dt is None:
        meta["published_unparsed"] = str(f.get("published"))
    elif dt is not None and date_refusal(dt):
        # refused at the edge: later date arithmetic on such a year overflows
        meta["published_refused"] = f"{f.get('published')} ({date_refusal(dt)})"
        published = precision = None
        assumed = False
    if precision == "day":
        meta["published_precision"] = "day"
    if assumed:
        meta["published_timezone_assumed"] = "UTC"
    language = normalize_lang(f.get("language"))
    if language:
        meta.setdefault("language_source", "input")
    else:
        language = guess_language(raw_text)
        if language:
            meta["language_source"] = "guessed from function words"
    outlet = f.get("outlet") or outlet_from_url(url)
    if outlet and not f.get("outlet"):
        meta["outlet_source"] = "url host"
    # the time of this ingest, unless the reader found when the input was fetched
    prov = {"source": source, "position": position, "fetched_at": now_iso(), "format": fmt}
    prov.update(provenance or {})
    ident = f.get("id")
    return Article(
        id=str(ident) if ident is not None else derive_id(url, raw_text),
        raw_text=raw_text,
        url=url,
        outlet=str(outlet) if outlet else None,
        title=str(f["title"]).strip() if f.get("title") else None,
        published=published,
        language=language,
        author=str(f["author"]) if f.get("author") else None,
        provenance=prov,
        metadata=meta,
    )
