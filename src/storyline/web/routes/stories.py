"""The story list (with full-text search), the story page and its report downloads."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from ...errors import NotFound
from .. import reportview, security, views
from ..context import Web, page_url, web
from ..models import StoryList, StoryPage

router = APIRouter()


def _stories(w: Web, q, date_from, date_to, outlet, offset=0, limit=50):
    return w.reading(views.list_stories, q=q, date_from=date_from, date_to=date_to, outlet=outlet,
                     offset=offset, limit=limit)


@router.get("/stories.json", response_model=StoryList, tags=["stories"],
            summary="Stories, with full-text search (FTS5) and date/outlet filters, a page at a time")
def stories_json(q: str | None = None, date_from: str | None = Query(None, alias="from"),
                 date_to: str | None = Query(None, alias="to"), outlet: str | None = None,
                 offset: int = Query(0, ge=0), limit: int = Query(50, ge=1, le=500), w: Web = Depends(web)):
    return _stories(w, q, date_from, date_to, outlet, offset, limit)


@router.get("/", response_class=HTMLResponse, tags=["pages"], summary="Story list (HTML)")
@router.get("/stories", response_class=HTMLResponse, tags=["pages"], summary="Story list (HTML)")
def stories_page(request: Request, q: str | None = None, date_from: str | None = Query(None, alias="from"),
                 date_to: str | None = Query(None, alias="to"), outlet: str | None = None,
                 offset: int = Query(0, ge=0), limit: int = Query(50, ge=1, le=500), w: Web = Depends(web)):
    data = _stories(w, q, date_from, date_to, outlet, offset, limit)
    partial = (request.headers.get("hx-request") == "true"
               and request.headers.get("hx-history-restore-request") != "true")
    tpl = "_story_rows.html" if partial else "stories.html"
    return w.page(request, tpl, {**data, "page_url": page_url(request)}, model=StoryList)


@router.get("/stories/{story_id}.json", response_model=StoryPage, tags=["stories"],
            summary="One story: its articles and comparison report")
def story_json(story_id: str, w: Web = Depends(web)):
    return w.reading(views.story_view, story_id)


@router.get("/stories/{story_id}", response_class=HTMLResponse, tags=["pages"], summary="Story page (HTML)")
def story_page(request: Request, story_id: str, w: Web = Depends(web)):
    data = w.reading(views.story_view, story_id)
    if security.wants_json(request):
        return w.page(request, "", data, model=StoryPage)
    arts = {a["id"]: a for a in data["articles"]}
    return w.page(request, "story.html", {**data, "arts": arts, "view": reportview.sections(data["report"], arts)})


@router.get("/stories/{story_id}/report.{fmt}", tags=["stories"],
            summary="The story report rendered by storyline.report (md, html or json), as a download",
            responses={200: {"content": {"text/markdown": {}, "text/html": {}, "application/json": {}}},
                       404: {"description": "no such story, or no report computed yet"}})
def story_report(story_id: str, fmt: str, w: Web = Depends(web)):
    from ...report import FORMATS, render

    if fmt not in FORMATS:
        raise NotFound("report format", fmt, list(FORMATS))
    data = w.reading(views.story_view, story_id)
    if data["report"] is None:
        raise NotFound("report for story", data["story"]["id"])
    body = render(data["report"], fmt)
    media = {"md": "text/markdown", "html": "text/html", "json": "application/json"}[fmt]
    headers = {"content-disposition": f'attachment; filename="story-{data["story"]["id"]}.{fmt}"'}
    if fmt == "html":  # self-contained page with inline CSS and no script at all
        headers["content-security-policy"] = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                                              "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
    return Response(body, media_type=f"{media}; charset=utf-8", headers=headers)
