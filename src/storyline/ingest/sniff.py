"""Format sniffing and decoding: decide from the bytes, use the extension only as a hint."""

from __future__ import annotations

import codecs
import json
import re

from ..errors import InputError, UnsupportedFormat

SNIFF_BYTES = 64 * 1024

# Extensions of formats we know we cannot read, for a clearer message.
_KNOWN_UNSUPPORTED = {
    ".pdf": "PDF", ".doc": "Word", ".docx": "Word", ".odt": "OpenDocument", ".epub": "EPUB",
    ".zip": "ZIP", ".png": "PNG image", ".jpg": "JPEG image", ".jpeg": "JPEG image",
    ".gif": "GIF image", ".mp3": "audio", ".mp4": "video", ".xlsx": "Excel",
}
_MAGIC = {
    b"%PDF": "PDF", b"PK\x03\x04": "ZIP/Office", b"\x89PNG": "PNG image", b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image", b"BZh": "bzip2", b"\xfd7zXZ": "xz", b"7z\xbc\xaf": "7z",
}

_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|article|div|p)\b",
                         re.I | re.S)
_HTML_ANY = re.compile(rb"<(html|body|article|p|div)[\s>]", re.I)
_FEED = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.I)
_XML_DECL = re.compile(rb"^\s*<\?xml", re.I)
_DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*(\[.*?\])?\s*>", re.I | re.S)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)


# UTF-32 first: its little-endian BOM begins with UTF-16's
_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
              (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def wide_encoding(head: bytes) -> str | None:
    """``utf-16`` or ``utf-32`` when the input starts with that byte-order mark."""
    return next((enc for bom, enc in _WIDE_BOMS if head.startswith(bom)), None)


def strip_bom(data: bytes) -> bytes:
    return data[3:] if data.startswith(codecs.BOM_UTF8) else data


def is_gzip(data: bytes) -> bool:
    return data[:2] == b"\x1f\x8b"


def sniff(head: bytes, name: str = "", source: str | None = None) -> str:
    """Return one of text, html, jsonl, json, feed, warc for the first bytes of an input.

    Raises UnsupportedFormat for known binary formats and other binary content.
    """
    lower = name.lower()
    source = source or name or "input"
    body = strip_bom(head)
    if body.startswith(b"WARC/"):
        return "warc"
    for magic, kind in _MAGIC.items():
        if body.startswith(magic):
            raise UnsupportedFormat(source, f"unsupported format: {kind} file")
    if is_binary(body):
        ext = next((e for e in _KNOWN_UNSUPPORTED if lower.endswith(e)), None)
        what = f"{_KNOWN_UNSUPPORTED[ext]} file" if ext else "binary file"
        raise UnsupportedFormat(source, f"unsupported format: {what} (not text)")
    stripped = body.lstrip()
    if _XML_DECL.match(body) or stripped.startswith(b"<"):
        # look past a DOCTYPE: its internal subset can be longer than the window
        doctype = _DOCTYPE.search(body[:SNIFF_BYTES])
        window = body[doctype.end():doctype.end() + 8192] if doctype else body[:8192]
        if _FEED.search(window) and not re.search(rb"<html[\s>]", window, re.I):
            return "feed"
        if _HTML_START.match(body) or _HTML_ANY.search(window):
            return "html"
        if _XML_DECL.match(body):
            raise UnsupportedFormat(source, "unsupported format: XML that is neither RSS, Atom nor HTML")
    if stripped.startswith(b"{"):
        first = stripped.split(b"\n", 1)[0]
        try:
            if isinstance(json.loads(first.decode("utf-8")), dict):
                return "jsonl"
        except (UnicodeDecodeError, ValueError):
            if lower.endswith((".jsonl", ".ndjson")):
                return "jsonl"  # let the reader name the bad line
            return "json"  # one pretty-printed object
    if stripped.startswith(b"[") and (lower.endswith(".json") or re.match(rb"\[\s*[{\]]", stripped)):
        return "json"  # an array of article objects
    if lower.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if lower.endswith(".json"):
        return "json"
    if lower.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if lower.endswith((".rss", ".atom")):
        return "feed"
    return "text"


def is_binary(head: bytes) -> bool:
    """NUL bytes, or many control characters, in the first bytes mean binary."""
    sample = head[:8192]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(sample) > 0.05


def decode_text(data: bytes, source: str) -> str:
    """Strict UTF-8 (BOM dropped); an error names the first bad byte offset."""
    offset = 3 if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[offset:].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(source, f"not valid UTF-8 text (bad byte 0x{data[offset + exc.start]:02x} "
                                 f"at byte offset {offset + exc.start})") from None


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset an HTML page declares (HTTP header first, then <meta>)."""
    if content_type:
        m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", content_type, re.I)
        if m:
            return m.group(1)
    m = _CHARSET.search(data[:16384])
    return m.group(1).decode("ascii", "replace") if m else None


def decode_html(data: bytes, source: str, content_type: str | None = None) -> str:
    """UTF-8 when valid, else the declared charset; undeclared non-UTF-8 is an error."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        charset = declared_charset(data, content_type)
        if not charset or charset.lower().replace("_", "-") in ("utf-8", "utf8"):
            raise InputError(source, f"HTML is not valid UTF-8 and declares no other charset "
                                     f"(bad byte at offset {exc.start})") from None
        try:
            return data.decode(charset)
        except LookupError:
            raise InputError(source, f"HTML declares an unknown charset {charset!r}") from None
        except UnicodeDecodeError as exc2:
            raise InputError(source, f"HTML is not valid {charset} (bad byte at offset {exc2.start})") from None
