"""The story report, typed (docs/report.md): one dataclass per object of the JSON.

``compare`` builds a :class:`Report`; the renderers and the web read one. ``to_dict``
gives the JSON form (keys in the documented order; a field holding ``MISSING`` is left
out, as the JSON leaves it out); ``Report.from_dict`` reads a stored report back and
raises :class:`ReportError` (one line naming the report and the key) on a malformed one.

Optional keys: a field defaulting to ``MISSING`` may be absent. Two reasons, each
marked at its field: ``# varies`` — compare leaves the key out for some items (a relay's
``as``, a finding's ``counted``); ``# older`` — reports stored by earlier versions lack
it (added after the report schema first shipped). Every other key is required.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Union

from ..errors import ReportError

# the verdicts a claim group can have, in the order of the report's counts: defined here
# once (compare decides them, report and web draw them)
VERDICTS = ("corroborated", "conflicting", "revision", "variant", "single-source")
REQUIRED = ("schema", "story", "articles", "groups", "quotes", "coverage", "framing", "timeline")
SCHEMA = "storyline-report/1"

__all__ = ["VERDICTS", "SCHEMA", "MISSING", "ReportError", "Record", "Report", "validate", "key_paths"]


class _Missing:
    """A key absent from the JSON (not the same as null)."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "MISSING"

    def __reduce__(self):
        return (_Missing, ())


MISSING: Any = _Missing()


def _key(name: str, **kw) -> Any:
    """A field whose JSON key is not a Python name ("as", "from")."""
    return field(metadata={"key": name}, **kw)


class Record:
    """Base of every report object: JSON form out and in."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON object: fields in order, MISSING ones left out."""
        out = {}
        for name, key, dump in _dump_plan(type(self)):
            v = getattr(self, name)
            if v is not MISSING:
                out[key] = v if dump is None else dump(v)
        return out

    @classmethod
    def from_dict(cls, d: Any, where: str = "report") -> Any:
        """Read the JSON object back; ReportError names ``where`` and the bad key's path."""
        try:
            return _load_record(cls, d)
        except _Bad as e:
            path = "".join(reversed(e.path)).lstrip(".")
            raise ReportError(f"{where}: {path}: {e.msg}" if path else f"{where}: {e.msg}") from None

    def __getitem__(self, key: str) -> Any:
        """A field by its JSON key: the keys that are no Python names (``d["from"]``; a
        template's ``d.from`` falls back to this)."""
        name = _by_key(type(self)).get(key)
        v = MISSING if name is None else getattr(self, name)
        if v is MISSING:
            raise KeyError(key)
        return v


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, str], ...]:
    return tuple((f.name, f.metadata.get("key", f.name)) for f in dataclasses.fields(cls))


@functools.cache
def _by_key(cls: type) -> dict[str, str]:
    return {k: name for name, k in _fields(cls)}


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@functools.cache
def _dump_plan(cls: type) -> tuple:
    """Per field: name, JSON key, dumper (None: written as it is)."""
    hints = _hints(cls)
    return tuple((name, key, _dumper(hints[name])) for name, key in _fields(cls))


def _dumper(tp: Any):
    """A function writing a value of type ``tp`` as JSON (fresh containers), or None."""
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        if any(isinstance(a, type) and issubclass(a, Record) for a in typing.get_args(tp)):
            return lambda v: None if v is None else v.to_dict()
        return None
    if isinstance(tp, type) and issubclass(tp, Record):
        return lambda v: v.to_dict()
    if origin is list:
        inner = _dumper(typing.get_args(tp)[0])
        return list if inner is None else (lambda v: [inner(x) for x in v])
    if origin is dict:
        inner = _dumper(typing.get_args(tp)[1])
        return dict if inner is None else (lambda v: {k: inner(x) for k, x in v.items()})
    return None


class _Bad(Exception):
    """A malformed value; ``path`` grows (innermost first) as it goes up to ``from_dict``."""

    def __init__(self, msg: str):
        super().__init__(msg)
        self.msg, self.path = msg, []


@functools.cache
def _plan(cls: type) -> tuple:
    """Per field: name, JSON key, converter (None: taken as is), required."""
    hints = _hints(cls)
    return tuple((f.name, f.metadata.get("key", f.name), _converter(hints[f.name]),
                  f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
                 for f in dataclasses.fields(cls))


def _load_record(cls: type, d: Any) -> Any:
    if not isinstance(d, dict):
        raise _Bad(f"expected an object, got {type(d).__name__}")
    known = _by_key(cls)
    for k in d:
        if k not in known:
            raise _Bad(f"unknown key {k!r}")
    kw = {}
    for name, key, conv, required in _plan(cls):
        if key in d:
            v = d[key]
            if conv is not None:
                try:
                    v = conv(v)
                except _Bad as e:
                    e.path.append(f".{key}")
                    raise
            kw[name] = v
        elif required:
            raise _Bad(f"missing key {key!r}")
    return cls(**kw)


def _converter(tp: Any):
    """A function reading a JSON value as ``tp`` (checked containers, typed records), or
    None where the value is taken as it is (strings, numbers, free-form values)."""
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        args = typing.get_args(tp)
        records = [a for a in args if isinstance(a, type) and issubclass(a, Record)]
        if not records:
            return None
        inner = _converter(records[0])
        return lambda v: None if v is None else inner(v)
    if isinstance(tp, type) and issubclass(tp, Record):
        return functools.partial(_load_record, tp)
    if origin is list:
        inner = _converter(typing.get_args(tp)[0])

        def load_list(v):
            if not isinstance(v, list):
                raise _Bad(f"expected a list, got {type(v).__name__}")
            if inner is None:
                return list(v)
            out, i = [], 0
            try:
                for i, x in enumerate(v):
                    out.append(inner(x))
            except _Bad as e:
                e.path.append(f"[{i}]")
                raise
            return out
        return load_list
    if origin is dict:
        inner = _converter(typing.get_args(tp)[1])

        def load_dict(v):
            if not isinstance(v, dict):
                raise _Bad(f"expected an object, got {type(v).__name__}")
            if inner is None:
                return dict(v)
            out, k = {}, None
            try:
                for k, x in v.items():
                    out[k] = inner(x)
            except _Bad as e:
                e.path.append(f".{k}")
                raise
            return out
        return load_dict
    return None


# -- articles ---------------------------------------------------------------------------

@dataclass(kw_only=True)
class Sentence(Record):
    start: int
    end: int
    raw_start: int
    raw_end: int


@dataclass(kw_only=True)
class ArticleOrigin(Record):
    """The independent origin an article counts as (copies collapse to their root)."""
    id: str
    label: str
    kind: str
    via: list[str]


@dataclass(kw_only=True)
class PublishedInferred(Record):
    """An undated article's publication day, inferred by the annotation (docs/annotations.md)."""
    value: str
    earliest: str | None = MISSING  # varies (annotations of other versions)
    latest: str | None = MISSING  # varies
    confidence: float | None = MISSING  # varies
    evidence: list[str] = MISSING  # varies


@dataclass(kw_only=True)
class ArticleEntry(Record):
    id: str
    title: str | None
    outlet: str | None
    name: str = MISSING  # older: reports before the one-name-per-article change lack it
    url: str | None
    published: str | None
    published_inferred: PublishedInferred | None
    origin: ArticleOrigin
    text: str
    sentences: list[Sentence]



@dataclass(kw_only=True)
class Story(Record):
    id: str = MISSING  # varies: the story's own keys, as given to compare
    title: str | None = MISSING  # varies
    first_published: str | None = MISSING  # varies
    last_published: str | None = MISSING  # varies
    articles: list[str]


# -- claim groups -----------------------------------------------------------------------

@dataclass(kw_only=True)
class Hedge(Record):
    text: str | None
    kind: str | None
    start: int | None
    end: int | None


@dataclass(kw_only=True)
class Attribution(Record):
    cue: str | None
    source: str | None
    kind: str | None


@dataclass(kw_only=True)
class Relay(Record):
    """Where a member's claim was relayed from (docs/report.md, ``relay``)."""
    kind: str | None
    key: str | None
    text: str | None
    as_: str = _key("as", default=MISSING)  # varies: named relays only
    docs: list[str] = MISSING  # varies
    carried: bool = MISSING  # varies: inherited from an earlier sentence


@dataclass(kw_only=True)
class MemberQuantity(Record):
    text: str | None
    value: Any
    low: Any
    high: Any
    qualifier: str | None
    unit: str | None
    counted: str | None


@dataclass(kw_only=True)
class MemberDate(Record):
    text: str | None
    value: str | None
    type: str | None


@dataclass(kw_only=True)
class MemberQuote(Record):
    text: str | None
    kind: str | None
    speaker: str | None


@dataclass(kw_only=True)
class Member(Record):
    """One claim of a group, at its offsets in its article."""
    article_id: str
    claim_id: str
    text: str
    start: int
    end: int
    raw_start: int
    raw_end: int
    sentence: int
    hedges: list[Hedge]
    attribution: Attribution | None
    relay: Relay | None
    copied_from: str | None
    quantities: list[MemberQuantity]
    dates: list[MemberDate]
    quotes: list[MemberQuote]
    entities: list[str]
    places: list[str]
    negated: bool
    secondary: bool
    origin: str
    shared_origin: bool


@dataclass(kw_only=True)
class GroupOrigin(Record):
    id: str
    label: str
    kind: str
    articles: list[str]


@dataclass(kw_only=True)
class SharedOrigin(Record):
    value: bool
    origin: str | None
    articles: list[str]
    reason: str


@dataclass(kw_only=True)
class HedgedArticle(Record):
    article_id: str
    hedges: list[str]


@dataclass(kw_only=True)
class HedgeDrift(Record):
    hedged: list[HedgedArticle]
    flat: list[str]


@dataclass(kw_only=True)
class FindingSide(Record):
    article_id: str
    text: str | None = MISSING  # varies: numbers, negations, participants
    value: str | None = MISSING  # varies: dates
    start: int = MISSING  # varies: participants
    end: int = MISSING  # varies: participants
    published: str | None = MISSING  # varies: a revision's earlier and later sides


@dataclass(kw_only=True)
class Finding(Record):
    """Why a group conflicts, is a variant or a revision."""
    kind: str
    relation: str
    counted: str | None = MISSING  # varies: numbers
    predicate: str = MISSING  # varies: participants
    slot: str = MISSING  # varies: participants
    a: FindingSide
    b: FindingSide
    earlier: FindingSide = MISSING  # varies: revisions
    later: FindingSide = MISSING  # varies: revisions


@dataclass(kw_only=True)
class SimilarClaim(Record):
    """A single-source group's closest claim of another article and origin (compare/similar.py)."""
    article_id: str
    text: str
    start: int
    end: int
    raw_start: int
    raw_end: int
    sentence: int
    group: str
    similarity: float


@dataclass(kw_only=True)
class Group(Record):
    """A claim group: claims stating the same fact, with its verdict."""
    verdict: str
    label: str
    articles: list[str]
    origins: list[GroupOrigin]
    independent_origins: int
    shared_origin_likely: SharedOrigin | None
    hedge_drift: HedgeDrift | None
    findings: list[Finding]
    members: list[Member]
    similar: list[SimilarClaim] = MISSING  # varies: single-source groups with a close claim elsewhere only
    id: str


# -- quotes -----------------------------------------------------------------------------

@dataclass(kw_only=True)
class DiffOp(Record):
    op: str
    from_: str = _key("from")
    to: str


@dataclass(kw_only=True)
class Rendering(Record):
    """One article's rendering of a quote."""
    article_id: str
    text: str
    kind: str | None
    start: int
    end: int
    raw_start: int
    raw_end: int
    sentence: int | None
    speaker: str | None
    speaker_entity: str | None
    relation: str
    diff: list[DiffOp]
    changed_meaning: list[DiffOp] = MISSING  # older
    other_speaker: bool


@dataclass(kw_only=True)
class Quote(Record):
    """The same quoted words in two or more articles."""
    text: str
    speaker: str | None
    speaker_entity: str | None
    status: str
    credited_to_other: bool
    first_article: str
    first_basis: str = MISSING  # older
    articles: list[str]
    renderings: list[Rendering]
    id: str


# -- coverage, framing, timeline, parameters ---------------------------------------------

@dataclass(kw_only=True)
class Cell(Record):
    status: str
    sentence: int = MISSING  # varies: absent cells (listed by older reports) have no sentence
    start: int = MISSING  # varies
    end: int = MISSING  # varies


ABSENT = Cell(status="absent")  # shared: the report is read, never changed


@dataclass(kw_only=True)
class CoverageRow(Record):
    group: str
    label: str
    verdict: str
    cells: dict[str, Cell]  # the articles that carry the fact; older reports list absent ones too

    def cell(self, article_id: str) -> Cell:
        """The article's cell; an article of the story missing from ``cells`` is absent."""
        return self.cells.get(article_id, ABSENT)


@dataclass(kw_only=True)
class Coverage(Record):
    articles: list[str]
    rows: list[CoverageRow]
    totals: dict[str, dict[str, int]]


@dataclass(kw_only=True)
class FramingHedge(Record):
    text: str | None
    kind: str | None
    start: int
    end: int
    sentence: int | None


@dataclass(kw_only=True)
class Loaded(Record):
    text: str
    term: str
    start: int
    end: int
    sentence: int | None = MISSING  # older
    raw_start: int
    raw_end: int
    voice: str
    speaker: str | None



@dataclass(kw_only=True)
class Voice(Record):
    speaker: str
    entity: str | None
    quotes: int
    kinds: dict[str, int]


@dataclass(kw_only=True)
class CreditedSource(Record):
    text: str
    kind: str | None
    count: int


@dataclass(kw_only=True)
class Framing(Record):
    """How one article frames the story: hedges, loaded words, voices, sources."""
    article_id: str
    hedges: list[FramingHedge]
    hedge_counts: dict[str, int]
    loaded: list[Loaded]
    loaded_counts: dict[str, int]
    voices: list[Voice]
    sources: list[CreditedSource]


@dataclass(kw_only=True)
class Mention(Record):
    article_id: str
    text: str | None
    start: int | None
    end: int | None
    sentence: int | None
    confidence: Any


@dataclass(kw_only=True)
class TimelineEntry(Record):
    """A resolved date attached to a claim group (event time)."""
    date: str
    start: str | None
    end: str | None
    precision: str
    group: str
    label: str
    verdict: str
    articles: list[str]
    mentions: list[Mention]


@dataclass(kw_only=True)
class Parameters(Record):
    method: str = MISSING  # older
    threshold: float
    weights: dict[str, float]
    secondary_margin: float
    annotation_versions: list[str]
    compare_version: str = MISSING  # older reports lack it (compare.COMPARE_VERSION)
    veto: dict[str, Any] = MISSING  # only with Options.veto: {"model", "threshold"} (compare/veto.py)
    main_event: float = MISSING  # only with Options.main_event: the main-event check's factor (compare/mainevent.py)
    evidence: list[float] = MISSING  # only with Options.evidence: the evidence check's two factors (compare/checks.py)
    clause: float = MISSING  # only with Options.clause: the clause check's factor (compare/checks.py)
    clause_tie: int = MISSING  # only with Options.clause_tied: the named events in common that tie a pair (compare/checks.py)
    holders: list[float] = MISSING  # only with Options.holders: the holder check's factor and tie (compare/holders.py)
    occasion_days: list = MISSING  # only with Options.occasion_days: [day gap, how a claim with no date is dated] (compare/occasion.py)
    speaker: list[float] = MISSING  # only with Options.speaker: the speaker check's factor and tie (compare/holders.py)
    modality: list[str] = MISSING  # only with Options.modality: the wider modality readings in force (compare/checks.py)
    durations: bool = MISSING  # only with Options.durations: durations of one slot compared (compare/durations.py)



# -- the brief --------------------------------------------------------------------------

@dataclass(kw_only=True)
class Ref(Record):
    """A sentence reference: clean-text offsets in one article."""
    article_id: str
    sentence: int | None
    start: int | None
    end: int | None
    text: str | None = MISSING  # varies: event refs carry the date mention's words


@dataclass(kw_only=True)
class SourceRef(Record):
    """One link per article: its display name and a sentence reference."""
    outlet: str
    article_id: str
    sentence: int | None
    start: int | None
    end: int | None
    text: str | None = MISSING  # varies: as its Ref


@dataclass(kw_only=True)
class When(Record):
    date: str
    display: str


@dataclass(kw_only=True)
class Side(Record):
    outlet: str
    text: str
    ref: Ref


@dataclass(kw_only=True)
class FactItem(Record):
    """A fact of the brief: a confirmed, disputed or single-source claim group."""
    group: str
    verdict: str
    text: str
    outlets: list[str]
    origins: list[str]
    independent_origins: int
    when: When | None
    score: float
    refs: list[Ref]
    sources: list[SourceRef]
    sides: list[Side] = MISSING  # varies: disputed items only
    differences: list[str] = MISSING  # varies: disputed items only
    similar: list[SourceRef] = MISSING  # varies: single-source items with a close claim elsewhere only


@dataclass(kw_only=True)
class VoiceItem(Record):
    speaker: str
    entity: str | None
    quotes: int
    outlets: list[str]
    quote: str
    quote_kind: str | None
    ref: Ref
    refs: list[Ref]
    sources: list[SourceRef]


@dataclass(kw_only=True)
class Event(Record):
    """A dated story event: timeline entries of one date saying the same thing."""
    date: str
    start: str | None
    end: str | None
    precision: str
    display: str
    label: str
    verdict: str | None
    groups: list[str]
    outlets: list[str]
    articles: list[str]
    origins: list[str]
    refs: list[Ref]
    background: bool
    sources: list[SourceRef]


@dataclass(kw_only=True)
class Window(Record):
    start: str
    end: str


@dataclass(kw_only=True)
class BriefTotals(Record):
    confirmed: int
    disputed: int
    single_source: int
    voices: int
    events: int
    background: int


@dataclass(kw_only=True)
class Brief(Record):
    """What a reader needs in a minute (docs/report.md, "The brief")."""
    title: str
    summary: str
    confirmed: list[FactItem]
    disputed: list[FactItem]
    single_source: list[FactItem]
    voices: list[VoiceItem]
    timeline: list[Event]
    events: list[Event]
    outlets: dict[str, str]
    window: Window | None
    totals: BriefTotals


# -- the report -------------------------------------------------------------------------

@dataclass(kw_only=True)
class Report(Record):
    """A story report (``storyline-report/1``)."""
    schema: str
    story: Story
    articles: list[ArticleEntry]
    groups: list[Group]
    counts: dict[str, int]
    single_source: dict[str, list[str]]
    quotes: list[Quote]
    coverage: Coverage
    framing: list[Framing]
    timeline: list[TimelineEntry]
    parameters: Parameters
    brief: Brief = MISSING  # older: reports stored before the brief get one when read

    @classmethod
    def from_dict(cls, d: Any, where: str | None = None) -> Report:
        """Read a report dict (checked as ``validate`` does, then typed)."""
        validate(d)
        return super().from_dict(d, where or f"report {(d.get('story') or {}).get('id', '?')}")


def key_paths(cls: type = Report, prefix: str = "") -> set[str]:
    """Every key path the schema defines ("groups[].members[].text"): for docs and tests."""
    out: set[str] = set()
    hints = _hints(cls)
    for f in dataclasses.fields(cls):
        path = f"{prefix}{f.metadata.get('key', f.name)}"
        out.add(path)
        for inner, suffix in _records_in(hints[f.name]):
            out |= key_paths(inner, f"{path}{suffix}.")
    return out


def _records_in(tp: Any, suffix: str = "") -> list[tuple[type, str]]:
    origin = typing.get_origin(tp)
    if isinstance(tp, type) and issubclass(tp, Record):
        return [(tp, suffix)]
    if origin in (Union, types.UnionType):
        return [x for a in typing.get_args(tp) for x in _records_in(a, suffix)]
    if origin is list:
        return _records_in(typing.get_args(tp)[0], suffix + "[]")
    if origin is dict:
        return _records_in(typing.get_args(tp)[1], suffix + ".*")
    return []


def validate(report: dict) -> None:
    """Raise ReportError (one line naming the report and the reason) if malformed."""
    if not isinstance(report, dict):
        raise ReportError(f"report: expected a dict, got {type(report).__name__}")
    name = f"report {(report.get('story') or {}).get('id', '?')}"
    missing = [k for k in REQUIRED if k not in report]
    if missing:
        raise ReportError(f"{name}: missing field(s) {', '.join(missing)}")
    if not str(report["schema"]).startswith("storyline-report/"):
        raise ReportError(f"{name}: unknown schema {report['schema']!r}")
    ids = {a.get("id") for a in report["articles"]}
    if "brief" in report:
        _validate_brief(name, report["brief"], ids)
    for g in report["groups"]:
        if g.get("verdict") not in VERDICTS:
            raise ReportError(f"{name}: group {g.get('id')} has verdict {g.get('verdict')!r}, not one of {', '.join(VERDICTS)}")
        if not isinstance(g.get("origins"), list):
            raise ReportError(f"{name}: group {g.get('id')} has no origins list")
        for m in g.get("members", []):
            if m.get("article_id") not in ids:
                raise ReportError(f"{name}: group {g.get('id')} cites unknown article {m.get('article_id')!r}")


BRIEF_LISTS = ("confirmed", "disputed", "single_source", "voices", "timeline")


def _validate_brief(name: str, brief, ids: set) -> None:
    if not isinstance(brief, dict):
        raise ReportError(f"{name}: brief is not an object")
    missing = [k for k in ("title", "summary", *BRIEF_LISTS) if k not in brief]
    if missing:
        raise ReportError(f"{name}: brief lacks {', '.join(missing)}")
    for k in BRIEF_LISTS:
        items = brief[k]
        if not isinstance(items, list) or len(items) > 7:
            raise ReportError(f"{name}: brief.{k} must be a list of at most 7 items")
        for it in items:
            if not isinstance(it, dict):
                raise ReportError(f"{name}: brief.{k} holds {type(it).__name__}, not an object")
            refs = list(it.get("refs") or []) + ([it["ref"]] if it.get("ref") is not None else [])
            for r in refs:
                if not isinstance(r, dict) or r.get("article_id") not in ids:
                    raise ReportError(f"{name}: brief.{k} cites unknown article "
                                      f"{r.get('article_id') if isinstance(r, dict) else r!r}")
