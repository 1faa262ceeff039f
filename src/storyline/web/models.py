"""Response models of the JSON API (they describe the twins in /openapi.json)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, create_model

from ..records import IngestResult


class Query(BaseModel):
    q: str | None = None
    from_: str | None = Field(None, alias="from", description="YYYY-MM-DD, inclusive")
    to: str | None = Field(None, description="YYYY-MM-DD, inclusive")
    outlet: str | None = None

    model_config = {"populate_by_name": True}


class SearchHit(BaseModel):
    """One article matching a full-text query; ``snippet`` marks matches with [ ]."""
    id: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    snippet: str | None = None
    story_id: str | None = None


class StoryRow(BaseModel):
    id: str
    title: str | None = None
    first_published: str | None = None
    last_published: str | None = None
    n_articles: int
    outlets: list[str]
    hits: list[SearchHit] = Field(default_factory=list, description="matching articles when searching")


class StoryList(BaseModel):
    query: Query
    total: int = Field(description="stories matching, over all pages")
    offset: int
    limit: int
    next_offset: int | None = Field(description="offset of the next page, null on the last")
    prev_offset: int | None
    stories: list[StoryRow]
    unassigned: list[SearchHit] = Field(description="matching articles not yet in a story")
    outlets: list[str] = Field(description="every outlet in the store (filter values)")
    total_articles: int


class ArticleSummary(BaseModel):
    id: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    story_id: str | None = None


class ArticleList(BaseModel):
    query: Query
    articles: list[ArticleSummary]
    outlets: list[str]


class StoryPage(BaseModel):
    story: dict[str, Any] = Field(description="the story record (id, title, articles, ...)")
    articles: list[ArticleSummary]
    report: dict[str, Any] | None = Field(description="the comparison report (docs/report.md); null until computed")


class ArticlePage(BaseModel):
    article: dict[str, Any] = Field(description="the Article record: raw_text, text, edits, offset_map, ...")
    annotation: dict[str, Any] | None = Field(description="docs/annotations.md; null until annotated")
    story_id: str | None = None
    revisions: int = Field(description="number of superseded revisions kept")


class IngestForm(BaseModel):
    csrf_token: str = Field(description="send back as form field csrf_token or header X-CSRF-Token, "
                                        "with the storyline_csrf cookie set by this response")
    max_upload_bytes: int
    fields: dict[str, str]


def _from_record(record: type, name: str) -> type[BaseModel]:
    """The API model of a record's JSON form: its fields (InputError as its one-line
    message), each described by the record's ``doc`` metadata, so both stay one."""
    import dataclasses
    import typing

    from ..errors import InputError

    hints = typing.get_type_hints(record)
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        if not f.metadata.get("json", True):
            continue
        kind = list[str] if hints[f.name] == list[InputError] else hints[f.name]
        required = f.default is dataclasses.MISSING or f.default is not None
        fields[f.name] = (kind, Field(... if required else None, description=f.metadata.get("doc")))
    return create_model(name, **fields)


IngestOutcome = _from_record(IngestResult, "IngestOutcome")
