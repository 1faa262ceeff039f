"""JSON Lines: one article per line; a bad line is an error for that line only."""

from __future__ import annotations

import hashlib
import json
import math
from collections import OrderedDict
from typing import BinaryIO, Iterator

from ..errors import InputError
from ..options import MAX_JSON_DEPTH, MAX_LINES
from ..records import Article
from .common import build_article, normalize_date
from .html import extract_html, html_provenance

_RECENT = 256  # distinct recent lines remembered to skip exact repeats

# Input keys mapped onto Article fields (first one found wins).
_FIELD_KEYS = {
    "id": ("id",),
    "url": ("url", "link"),
    "outlet": ("outlet", "source", "sitename", "site"),
    "title": ("title", "headline"),
    "published": ("published", "date", "published_at", "pubdate"),
    "language": ("lang", "language"),
    "author": ("author", "byline"),
}


def read_jsonl(stream: BinaryIO, source: str, max_bytes: int, fmt: str = "jsonl",
               first_line: int = 1) -> Iterator[Article | InputError]:
    """Yield an Article per line, or an InputError naming ``source:line``; blank lines are skipped.

    The size cap applies per line: a JSONL file is streamed, never held whole.
    ``first_line``: the line number of the stream's first line (a part of a bigger file).
    """
    recent: OrderedDict[bytes, Article] = OrderedDict()  # line digest -> its article
    for lineno, raw in enumerate(_lines(stream, max_bytes), start=first_line):
        where = f"{source}:{lineno}"
        if isinstance(raw, InputError):
            yield InputError(where, raw.reason)
            continue
        if not raw.strip():
            continue
        # a line seen just before (200,000 copies of one line) is not parsed again: the
        # same article is yielded, and the pipeline counts it as a repeat
        digest = hashlib.blake2b(raw, digest_size=16).digest()
        if digest in recent:
            recent.move_to_end(digest)
            yield recent[digest]
            continue
        try:
            line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            yield InputError(where, f"not valid UTF-8 (bad byte at offset {exc.start} of the line)")
            continue
        try:
            obj = loads(line, where)
        except InputError as exc:
            yield exc
            continue
        if not isinstance(obj, dict):
            yield InputError(where, f"expected a JSON object, got {type(obj).__name__}")
            continue
        try:
            art = _article(obj, where, lineno, fmt)
        except InputError as exc:
            yield exc
            continue
        recent[digest] = art
        if len(recent) > _RECENT:
            recent.popitem(last=False)
        yield art


def read_json(data: bytes, source: str, fmt: str = "json") -> Iterator[Article | InputError]:
    """A JSON document: one article object, or an array of them (errors name ``source[i]``)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(source, f"not valid UTF-8 (bad byte at offset {exc.start})") from None
    obj = loads(text, source)
    items = obj if isinstance(obj, list) else [obj]
    if not items:
        raise InputError(source, "JSON array is empty")
    for i, item in enumerate(items):
        where = f"{source}[{i}]" if isinstance(obj, list) else source
        if not isinstance(item, dict):
            yield InputError(where, f"expected a JSON object, got {type(item).__name__}")
            continue
        try:
            art = _article(item, where, i, fmt)
        except InputError as exc:
            yield exc
            continue
        art.provenance["source"] = source
        yield art


def loads(text: str, where: str):
    """``json.loads`` with every failure as one InputError naming ``where``, and the
    nesting capped at ``options.MAX_JSON_DEPTH`` (storing deeper metadata would recurse)."""
    try:
        obj = json.loads(text, parse_constant=str, parse_float=_finite)
    except json.JSONDecodeError as exc:
        at = f"line {exc.lineno} column {exc.colno}" if exc.lineno > 1 else f"column {exc.colno}"
        raise InputError(where, f"invalid JSON ({exc.msg} at {at})") from None
    except RecursionError:
        raise InputError(where, f"JSON nested deeper than {MAX_JSON_DEPTH} levels") from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        detail = (str(exc).split(":")[0] or type(exc).__name__)[:100]
        raise InputError(where, f"invalid JSON number ({detail})") from None
    if _depth(obj) > MAX_JSON_DEPTH:
        raise InputError(where, f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    return obj


def _finite(s: str) -> float | str:
    """A JSON number; one beyond float range (1e999) is kept as its text, as are NaN and
    Infinity (``parse_constant``): infinities would be written back as invalid JSON."""
    f = float(s)
    return f if math.isfinite(f) else s


def _depth(obj) -> int:
    """Nesting depth of parsed JSON, without recursion."""
    deepest, todo = 0, [(obj, 1)]
    while todo:
        x, d = todo.pop()
        if isinstance(x, dict):
            x = list(x.values())
        if isinstance(x, list):
            deepest = max(deepest, d)
            if d > MAX_JSON_DEPTH:
                return d
            todo.extend((y, d + 1) for y in x if isinstance(y, (dict, list)))
    return deepest


def _lines(stream: BinaryIO, max_bytes: int) -> Iterator[bytes | InputError]:
    for _ in range(MAX_LINES):
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of the long line
                line = stream.readline(1 << 20)
            yield InputError("", f"line longer than the {max_bytes} byte limit")
            continue
        yield line
    if stream.readline(1):
        yield InputError("", f"more than {MAX_LINES} lines: the rest is not read")


def _article(obj: dict, where: str, lineno: int, fmt: str) -> Article:
    fields, used = {}, set()
    for name, keys in _FIELD_KEYS.items():
        for k in keys:
            v = obj.get(k)
            if v not in (None, "") and (isinstance(v, (str, int)) and not isinstance(v, bool)):
                fields[name] = v if name == "id" else str(v)
                used.add(k)
                break
    text, html = obj.get("text"), obj.get("html")
    known = {k for keys in _FIELD_KEYS.values() for k in keys}
    # unknown fields are kept; known ones left empty (null) carry nothing
    meta = {k: v for k, v in obj.items()
            if k not in used and k not in ("text", "html") and not (k in known and v in (None, ""))}
    prov = {}
    # a record may say when it was fetched (a crawler's time stamp): the day an undated
    # article is read as of, kept instead of the time of this ingest
    fetched, _, _ = normalize_date(obj.get("fetched_at"))
    if fetched:
        prov["fetched_at"] = fetched
        meta.pop("fetched_at", None)
    if isinstance(text, str) and text.strip():
        raw = text
    elif isinstance(html, str) and html.strip():
        raw, found, extra_meta = extract_html(html, where, url=fields.get("url"))
        for k, v in found.items():
            if v and not fields.get(k):
                fields[k] = v
        meta.update(extra_meta)
        prov = html_provenance(html.encode("utf-8"))
    else:
        raise InputError(where, "no \"text\" or \"html\" field with content")
    return build_article(raw, source=where.rsplit(":", 1)[0], position=lineno, fmt=fmt,
                         fields=fields, metadata=meta, provenance=prov)
