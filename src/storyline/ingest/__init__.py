"""Readers: turn inputs (files, directories, ``-`` for stdin, http(s) URLs) into Articles.

``read_inputs`` is the one public entry. Formats are sniffed from the bytes (the file
extension is only a hint): plain text, HTML (gzipped too), JSON Lines (or a JSON array
of the same objects), RSS/Atom, WARC.
Every Article keeps ``raw_text`` exactly as received (decoded) and says where it came
from in ``provenance``. A bad input gives one ``InputError`` and the batch goes on.

Size cap (``options.max_bytes``): whole-document inputs (text, HTML, feeds, stdin,
fetched pages) are refused above it, from the file size alone; streamed containers
(JSONL, WARC) are capped per line / per record instead, so a large archive can be read.
"""

from __future__ import annotations

import gzip
import io
import logging
import os
import sys
import zlib
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from ..errors import InputError
from ..options import DECOMPRESSION_FLOOR, MAX_DECOMPRESSION_RATIO
from ..options import Options
from ..records import Article
from .fetch import is_url, read_url
from .sniff import SNIFF_BYTES, is_gzip, sniff, wide_encoding

log = logging.getLogger(__name__)

__all__ = ["read_inputs", "read_bytes", "read_path", "files_under"]


def read_inputs(inputs: list[str], options: Options) -> Iterator[Article | InputError]:
    """Yield Articles for every input, or an InputError for each bad one (then go on)."""
    for item in inputs:
        if item == "-":
            yield from _guard("<stdin>", lambda: _read_stdin(options))
        elif is_url(item):
            yield from _guard(item, lambda u=item: read_url(u, options))
        else:
            path = Path(item)
            if path.is_dir():
                yield from read_directory(path, options)
            else:
                yield from _guard(item, lambda p=path: read_path(p, options))


def _guard(source: str, make: callable) -> Iterator[Article | InputError]:
    """Run a reader; an InputError it raises is yielded, the items before it are kept."""
    try:
        yield from make()
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield InputError(source, f"cannot read ({exc.strerror or exc})")
    except (ValueError, LookupError, EOFError, zlib.error, RecursionError) as exc:
        # a parser choking on odd input must not end the batch; the type names the cause
        log.debug("%s: parser failed", source, exc_info=True)  # where, with -vv
        detail = (str(exc).splitlines() or [""])[0][:120]
        yield InputError(source, f"could not be parsed ({type(exc).__name__}: {detail})")


def files_under(root: Path) -> Iterator[Path]:
    """Every file under ``root``, recursively, in sorted order; hidden files and folders
    (a leading dot: .git, .DS_Store, editor backups) are skipped. The one walk of a
    directory input, for the readers and for the batch's partitions."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def read_directory(root: Path, options: Options) -> Iterator[Article | InputError]:
    """Every file ``files_under`` ``root`` finds, read in its order."""
    found = False
    for p in files_under(root):
        found = True
        yield from _guard(str(p), lambda p=p: read_path(p, options))
    if not found:
        yield InputError(str(root), "directory has no files")


def read_path(path: Path, options: Options) -> Iterator[Article | InputError]:
    """Read one file, refusing it from its size alone when it is over the cap."""
    source = str(path)
    if not path.exists():
        raise InputError(source, "no such file or directory")
    if not path.is_file():
        raise InputError(source, "not a regular file")
    size = path.stat().st_size
    if size == 0:
        raise InputError(source, "empty file")
    with path.open("rb") as fh:
        head = fh.read(SNIFF_BYTES)
        if wide_encoding(head):  # UTF-16/32: read whole and re-encoded as UTF-8 below
            if size > options.max_bytes:
                raise InputError(source, f"file of {size} bytes is over the {options.max_bytes} byte limit")
            fh.seek(0)
            data = fh.read(options.max_bytes + 1)
            yield from read_bytes(data, source, options, name=path.name)
            return
        fmt = _sniff(head, fh, source)
        fh.seek(0)
        if fmt in ("warc", "jsonl"):
            stream: BinaryIO = _RatioCapped(gzip.GzipFile(fileobj=fh), fh, source) \
                if fmt == "jsonl" and is_gzip(head) else fh
            yield from _stream_reader(fmt, stream, source, options)
            return
        if size > options.max_bytes:
            raise InputError(source, f"file of {size} bytes is over the {options.max_bytes} byte limit")
        data = fh.read(options.max_bytes + 1)
    yield from read_bytes(data, source, options, name=path.name)


def _sniff(head: bytes, fh: BinaryIO | None, source: str, name: str | None = None) -> str:
    """Format of a possibly gzipped input from its first bytes."""
    if is_gzip(head):
        try:
            inner = b""
            if fh is not None:
                fh.seek(0)
                # WARC.gz is a series of gzip members, each starting with a WARC header
                try:
                    inner = gzip.GzipFile(fileobj=fh).read(SNIFF_BYTES)
                except (OSError, EOFError, zlib.error):
                    inner = b""
            inner = inner or zlib.decompressobj(31).decompress(head, SNIFF_BYTES)
        except zlib.error as exc:
            raise InputError(source, f"gzip data is corrupt ({str(exc).split(': ')[-1]})") from None
        if inner.startswith(b"WARC/"):
            return "warc"
        if not inner:
            raise InputError(source, "gzip data is corrupt or empty")
        name = name or source
        return sniff(inner, name[:-3] if name.endswith(".gz") else name, source)
    return sniff(head, name or source, source)


def _stream_reader(fmt: str, stream: BinaryIO, source: str, options: Options) -> Iterator[Article | InputError]:
    from .jsonl import read_jsonl
    from .warc import read_warc

    if fmt == "warc":
        yield from read_warc(stream, source, options.max_bytes)
    else:
        yield from read_jsonl(stream, source, options.max_bytes)


def read_bytes(data: bytes, source: str, options: Options, name: str = "") -> Iterator[Article | InputError]:
    """Read one in-memory input (a file's bytes, stdin) of any supported format."""
    if not data:
        raise InputError(source, "empty input")
    if len(data) > options.max_bytes:
        raise InputError(source, f"input is over the {options.max_bytes} byte limit")
    enc = wide_encoding(data[:4])
    if enc:
        try:
            data = data.decode(enc).encode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(source, f"not valid {enc.upper()} (bad bytes at offset {exc.start})") from None
    fmt = _sniff(data[:SNIFF_BYTES], None, source, name or source)
    if is_gzip(data):
        data = _gunzip(data, source, options.max_bytes)
    if fmt in ("warc", "jsonl"):
        yield from _stream_reader(fmt, io.BytesIO(data), source, options)
        return
    if fmt == "json":
        from .jsonl import read_json

        yield from read_json(data, source)
    elif fmt == "html":
        from .html import read_html

        yield from read_html(data, source)
    elif fmt == "feed":
        from .feeds import read_feed

        yield from read_feed(data, source)
    else:
        from .text import read_text

        yield from read_text(data, source)


def _gunzip(data: bytes, source: str, max_bytes: int) -> bytes:
    """Decompress a piece at a time, refusing as soon as the ratio or the byte cap is passed."""
    d = zlib.decompressobj(31)
    out: list[bytes] = []
    size = 0
    step = 64 * 1024
    try:
        for pos in range(0, len(data), step):
            piece = d.decompress(data[pos:pos + step], max_bytes + 1 - size)
            out.append(piece)
            size += len(piece)
            if size > MAX_DECOMPRESSION_RATIO * max(pos + step, DECOMPRESSION_FLOOR):
                raise InputError(source, _ratio_message(min(pos + step, len(data)), size))
            if size > max_bytes or d.unconsumed_tail:
                raise InputError(source, f"decompressed input is over the {max_bytes} byte limit")
            if d.eof:
                break
    except zlib.error as exc:
        raise InputError(source, f"gzip data is corrupt ({exc})") from None
    if not d.eof:
        raise InputError(source, "gzip data is truncated")
    return b"".join(out)


def _ratio_message(packed: int, unpacked: int) -> str:
    return (f"gzip data expands {unpacked // max(packed, 1)}x ({packed} -> over {unpacked} bytes), over the "
            f"{MAX_DECOMPRESSION_RATIO}x limit: refused as a likely decompression bomb")


class _RatioCapped:
    """A gzip stream read line by line that refuses to expand past the ratio cap."""

    def __init__(self, inner: BinaryIO, raw: BinaryIO, source: str):
        self.inner, self.raw, self.source, self.out = inner, raw, source, 0

    def readline(self, size: int = -1) -> bytes:
        line = self.inner.readline(size)
        self.out += len(line)
        packed = self.raw.tell()
        if self.out > MAX_DECOMPRESSION_RATIO * max(packed, DECOMPRESSION_FLOOR):
            raise InputError(self.source, _ratio_message(packed, self.out))
        return line


def _read_stdin(options: Options) -> Iterator[Article | InputError]:
    stream = sys.stdin.buffer
    data = stream.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        raise InputError("<stdin>", f"input is over the {options.max_bytes} byte limit")
    for item in read_bytes(data, "<stdin>", options):
        if isinstance(item, Article):
            item.provenance["source"] = "-"
        yield item


def iter_articles(items: Iterable[Article | InputError]) -> Iterator[Article]:
    """Only the Articles of a read (errors dropped): handy in scripts and tests."""
    return (x for x in items if isinstance(x, Article))
