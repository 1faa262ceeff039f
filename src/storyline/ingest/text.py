"""Plain text articles, like the seeds: headline on the first non-empty line, then body."""

from __future__ import annotations

from typing import Iterator

from ..errors import InputError
from ..records import Article
from .common import build_article
from .sniff import decode_text


def read_text(data: bytes, source: str, fmt: str = "text", position: int = 0,
              extra: dict | None = None) -> Iterator[Article | InputError]:
    """Yield one Article whose raw_text is the decoded file, exactly."""
    text = decode_text(data, source)
    if not text.strip():
        raise InputError(source, "empty file (only white space)")
    headline = next((line.strip() for line in text.splitlines() if line.strip()), None)
    fields = {"title": headline}
    fields.update(extra or {})
    yield build_article(text, source=source, position=position, fmt=fmt, fields=fields)
