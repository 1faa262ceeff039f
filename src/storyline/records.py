"""Plain records passed between pipeline stages.

Every stage is a function over these records (or their ``to_dict()`` form), so the
same code runs in one process or mapped over a Dask cluster. Offsets are character
offsets into ``Article.text`` (clean) unless named ``raw_*`` (into ``Article.raw_text``).
"""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

from .errors import InputError


@dataclass
class Edit:
    """One change made by cleaning, traceable to the raw text.

    kind: ``remove`` (boilerplate taken out), ``repair`` (damage mended, e.g. a
    space inserted) or ``damage`` (a problem noted but left in place).
    ``raw_start``/``raw_end`` span the affected raw text; ``start``/``end`` the
    position in the clean text (an empty span for removals).
    """

    kind: str
    reason: str
    raw_start: int
    raw_end: int
    text: str
    replacement: str = ""
    start: int = 0
    end: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Article:
    """A news article as ingested: raw text kept exactly, clean text derived."""

    id: str
    raw_text: str
    text: str = ""
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None  # ISO 8601, timezone-aware when known
    language: str | None = None
    author: str | None = None
    edits: list[Edit] = field(default_factory=list)
    # Segments (clean_start, raw_start, length) of clean text copied from raw text,
    # sorted by clean_start. Characters inserted by repairs fall between segments.
    offset_map: list[tuple[int, int, int]] = field(default_factory=list)
    content_hash: str = ""
    provenance: dict[str, Any] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_raw(self, pos: int) -> int:
        """Map a clean-text offset to the raw-text offset it came from."""
        return clean_to_raw(self.offset_map, pos, len(self.raw_text))

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["offset_map"] = [list(s) for s in self.offset_map]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Article":
        d = dict(d)
        d["edits"] = [e if isinstance(e, Edit) else Edit(**e) for e in d.get("edits", [])]
        d["offset_map"] = [tuple(s) for s in d.get("offset_map", [])]
        known = set(cls.__dataclass_fields__)
        extra = {k: v for k, v in d.items() if k not in known}
        d = {k: v for k, v in d.items() if k in known}
        if extra:
            d.setdefault("metadata", {}).update(extra)
        return cls(**d)


def clean_to_raw(offset_map: list[tuple[int, int, int]] | list[list[int]], pos: int, raw_len: int | None = None) -> int:
    """Map a clean offset to raw through an offset map (identity when the map is empty)."""
    if not offset_map:
        return pos
    starts = [s[0] for s in offset_map]
    i = bisect.bisect_right(starts, pos) - 1
    if i < 0:
        return offset_map[0][1]
    c0, r0, n = offset_map[i]
    if pos <= c0 + n:
        return r0 + (pos - c0)
    # inside inserted text: map to the end of the previous copied segment
    return r0 + n


def normalize_for_hash(text: str) -> str:
    """Text folded for identity: NFKC, lower case, white space collapsed."""
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"\s+", " ", text).strip()


_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub_surrogates(value: Any) -> tuple[Any, int]:
    """``value`` with every lone surrogate (only JSON escapes make them) replaced by U+FFFD,
    recursively through dicts and lists, and the count replaced: they cannot be encoded as
    UTF-8, so hashing or storing them would fail."""
    if isinstance(value, str):
        return _SURROGATE.subn("\ufffd", value)
    if isinstance(value, dict):
        out, n = {}, 0
        for k, v in value.items():
            (k2, a), (v2, b) = scrub_surrogates(k), scrub_surrogates(v)
            out[k2] = v2
            n += a + b
        return out, n
    if isinstance(value, list):
        items = [scrub_surrogates(v) for v in value]
        return [v for v, _ in items], sum(n for _, n in items)
    return value, 0


def content_hash(text: str) -> str:
    return hashlib.sha256(normalize_for_hash(text).encode("utf-8")).hexdigest()


def derive_id(url: str | None, text: str) -> str:
    """Stable id: from the URL when there is one, else from the normalized text."""
    basis = url.strip() if url else normalize_for_hash(text)
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


def _doc(text: str) -> dict[str, str]:
    return {"doc": text}


@dataclass
class IngestResult:
    """What an ingest did: the ids stored (new, unchanged, revised) and the inputs that
    failed; when the later stages ran after it (the web form), what they did too.

    The one record of an ingest for the library, the CLI and the web (its JSON, from
    ``to_dict``, and its API schema, from the ``doc`` metadata).
    """

    new: list[str] = field(default_factory=list, metadata=_doc("ids of the articles stored for the first time"))
    unchanged: list[str] = field(default_factory=list, metadata=_doc("ids already stored with the same text"))
    revised: list[str] = field(default_factory=list, metadata=_doc("ids stored again with a changed text"))
    errors: list[InputError] = field(default_factory=list,
                                     metadata=_doc("one line per input that could not be read"))
    # id -> how many more times the same article (same id, same raw text) came again in
    # this batch: listed once, not once per copy
    repeated: dict[str, int] = field(default_factory=dict, metadata={"json": False})
    stories: list[str] = field(default_factory=list, metadata=_doc("stories (re)compared after this ingest"))
    story_id: str | None = field(default=None, metadata=_doc("the story holding the first ingested article"))
    redirect: str | None = field(default=None, metadata=_doc("the page to show next"))
    pipeline: str = field(default="complete",
                          metadata=_doc("'complete', or why annotation/clustering did not run"))

    @property
    def stored(self) -> list[str]:
        return self.new + self.revised + self.unchanged

    def summary(self) -> str:
        again = f", {sum(self.repeated.values())} repeats of an id (listed once)" if self.repeated else ""
        return (
            f"{len(self.new)} new, {len(self.revised)} revised, {len(self.unchanged)} unchanged, "
            f"{len(self.errors)} failed{again}"
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (errors as their one-line messages)."""
        out = {k: getattr(self, k) for k, f in self.__dataclass_fields__.items() if f.metadata.get("json", True)}
        out["errors"] = [str(e) for e in self.errors]
        return out
