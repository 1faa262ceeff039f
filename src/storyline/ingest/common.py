"""Shared helpers for the readers: building Article records, dates, outlets, language."""

from __future__ import annotations

import email.utils
import re
import time
from datetime import date, datetime, timezone
from typing import Any
from urllib.parse import urlsplit

from ..records import Article, derive_id

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
    Unparseable values give (None, None, False).
    """
    if value is None or value == "":
        return None, None, False
    if isinstance(value, time.struct_time):  # feedparser's *_parsed fields are UTC
        dt = datetime(*value[:6], tzinfo=timezone.utc)
        return dt.isoformat(), "second", False
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
        return dt.isoformat(), "day", False
    elif isinstance(value, (int, float)):
        return None, None, False
    else:
        s = str(value).strip()
        if _DATE_ONLY.match(s):
            try:
                d = date.fromisoformat(s)
            except ValueError:
                return None, None, False
            return datetime(d.year, d.month, d.day, tzinfo=timezone.utc).isoformat(), "day", False
        dt = None
        try:
            dt = datetime.fromisoformat(s.replace("Z", "+00:00") if s.endswith("Z") else s)
        except ValueError:
            try:
                dt = email.utils.parsedate_to_datetime(s)  # RFC 2822 (RSS, HTTP, WARC)
            except (TypeError, ValueError, IndexError):
                dt = None
        if dt is None:
            return None, None, False
    assumed = dt.tzinfo is None
    if assumed:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.isoformat(), "second", assumed


# Languages wordfreq knows well, enough to tell the usual news languages apart.
_GUESS_LANGS = ("en", "es", "fr", "de", "it", "pt", "nl")
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)


def guess_language(text: str, min_words: int = 12) -> str | None:
    """A cheap language guess from word frequencies; None when there is too little evidence.

    For each candidate language, the share of the first words that are common words of
    that language (wordfreq zipf >= 4). The best language must cover at least half of
    the words and beat the runner-up clearly.
    """
    from wordfreq import zipf_frequency

    words = [w.lower() for w in _WORD.findall(text[:4000])][:150]
    if len(words) < min_words:
        return None
    scores = []
    for lang in _GUESS_LANGS:
        hits = sum(1 for w in words if zipf_frequency(w, lang) >= 4.0)
        scores.append((hits / len(words), lang))
    scores.sort(reverse=True)
    (best, lang), (second, _) = scores[0], scores[1]
    if best >= 0.5 and best - second >= 0.1:
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
    f = {k: v for k, v in (fields or {}).items() if v not in (None, "")}
    meta = dict(metadata or {})
    url = f.get("url") if isinstance(f.get("url"), str) else None
    published, precision, assumed = normalize_date(f.get("published"))
    if f.get("published") is not None and published is None:
        meta["published_unparsed"] = str(f.get("published"))
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
            meta["language_source"] = "guessed from word frequencies"
    outlet = f.get("outlet") or outlet_from_url(url)
    if outlet and not f.get("outlet"):
        meta["outlet_source"] = "url host"
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
