"""Response models of the JSON API (they describe the twins in /openapi.json)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


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


class IngestOutcome(BaseModel):
    new: list[str]
    unchanged: list[str]
    revised: list[str]
    errors: list[str] = Field(description="one line per input that could not be read")
    stories: list[str] = Field(description="stories (re)compared after this ingest")
    story_id: str | None = Field(None, description="the story holding the first ingested article")
    redirect: str | None = Field(None, description="the page to show next")
    pipeline: str = Field(description="'complete', or why annotation/clustering did not run")
