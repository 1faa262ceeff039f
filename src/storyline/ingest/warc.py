"""WARC / WARC.gz archives (e.g. CC-NEWS) through warcio: HTML response records only."""

from __future__ import annotations

import contextlib
import io
import re
import zlib
from typing import BinaryIO, Iterator

from ..errors import InputError
from ..records import Article
from .html import read_html

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_HTML_START = re.compile(rb"<(!doctype html|html|head|body)[\s>]", re.I)


def read_warc(stream: BinaryIO, source: str, max_bytes: int) -> Iterator[Article | InputError]:
    """Yield an Article per HTML response record; a record without article text is an error
    for that record. A truncated or corrupt archive ends with one error naming the record.

    The size cap applies per record payload (WARC files are streamed, often gigabytes).
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n = html_records = 0
    it = iter(ArchiveIterator(stream))
    while True:
        try:
            # warcio writes a three-line warning per odd record to stderr itself: kept out
            # of the command's output (the record is still read or reported below)
            with contextlib.redirect_stderr(io.StringIO()):
                record = next(it)
        except StopIteration:
            break
        except (ArchiveLoadFailed, EOFError, zlib.error, OSError) as exc:  # corrupt or cut archive, bad gzip
            detail = (str(exc).splitlines() or [type(exc).__name__])[0][:100]
            yield InputError(source, f"truncated or corrupt WARC after record {n} ({detail})")
            return
        except AttributeError:
            # warcio's record loader calls uri.startswith() on a WARC-Target-URI header that
            # corruption removed (None): found by mutating archives, the record is unreadable
            yield InputError(source, f"truncated or corrupt WARC after record {n} (unreadable record header)")
            return
        n += 1
        if record.rec_type not in ("response", "resource"):
            continue
        ctype = ""
        if record.http_headers is not None:
            if record.rec_type == "response" and not (record.http_headers.get_statuscode() or "").startswith("2"):
                continue
            ctype = record.http_headers.get_header("Content-Type") or ""
        else:
            ctype = record.rec_headers.get_header("Content-Type") or ""
        undeclared = not ctype.strip()
        if not undeclared and not ctype.lower().startswith(_HTML_TYPES):
            continue
        url = record.rec_headers.get_header("WARC-Target-URI")
        where = f"{source}#record{n}"
        try:
            payload, complete = _payload(record, max_bytes)
        except InputError as exc:  # this record only (an encoding warcio cannot decode)
            yield InputError(f"{where} ({url})" if url else where, exc.reason)
            continue
        except (EOFError, zlib.error, ValueError, OSError) as exc:
            yield InputError(source, f"truncated or corrupt WARC in record {n} ({type(exc).__name__})")
            return
        if not complete:
            yield InputError(source, f"truncated WARC: record {n} ({url}) is shorter than its Content-Length")
            return
        if undeclared:  # no declared type: an HTML page if its first bytes say so
            if not _HTML_START.search(payload[:1024]):
                continue
            ctype = "text/html"
        html_records += 1
        if len(payload) > max_bytes:
            yield InputError(where, f"record payload over the {max_bytes} byte limit")
            continue
        meta = {"warc_record_id": record.rec_headers.get_header("WARC-Record-ID"),
                "warc_date": record.rec_headers.get_header("WARC-Date")}
        try:
            for art in read_html(payload, where, fmt="warc", position=n, url=url, content_type=ctype,
                                 extra={"published": meta["warc_date"]},
                                 extra_meta={k: v for k, v in meta.items() if v}):
                art.provenance["source"] = source
                if art.metadata.get("published_from") is None and meta["warc_date"]:
                    art.metadata["published_from"] = "WARC-Date (fetch time)"
                yield art
        except InputError as exc:
            yield InputError(f"{where} ({url})" if url else where, exc.reason)
    if html_records == 0:
        yield InputError(source, f"WARC has no HTML response records ({n} records read)")


def _payload(record, max_bytes: int) -> tuple[bytes, bool]:
    """The decoded HTTP payload and whether the record block was complete.

    warcio silently returns a short block when the file is cut, so the block is read raw
    and its length checked against the record's Content-Length before decoding.
    """
    from warcio.bufferedreaders import BufferedReader, ChunkedDataReader, DecompressingBufferedReader

    head_len = getattr(record.http_headers, "total_len", 0) if record.http_headers is not None else 0
    expected = max(int(record.length or 0) - head_len, 0)
    raw = record.raw_stream.read(min(expected, max_bytes + 1) if expected else max_bytes + 1)
    complete = len(raw) >= min(expected, max_bytes + 1)
    stream = io.BytesIO(raw)
    headers = record.http_headers
    te = (headers.get_header("Transfer-Encoding") or "").lower() if headers is not None else ""
    ce = (headers.get_header("Content-Encoding") or "").lower() if headers is not None else ""
    ce = ce.replace("x-", "").strip()
    if ce in ("identity", ""):
        ce = ""
    elif ce not in BufferedReader.DECOMPRESSORS:
        # warcio raises a bare Exception for these (br needs the optional brotli module)
        raise InputError("", f"Content-Encoding {ce!r} is not supported")
    if "chunked" in te:
        stream = ChunkedDataReader(stream, decomp_type=ce or None)
    elif ce:
        stream = DecompressingBufferedReader(stream, decomp_type=ce)
    return stream.read(max_bytes + 1), complete
