"""The article list and the article page (raw text with cleaning edits, annotated text)."""

from __future__ import annotations

import re

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from .. import security, views
from ..context import Web, web
from ..models import ArticleList, ArticlePage

router = APIRouter()


@router.get("/articles.json", response_model=ArticleList, tags=["articles"], summary="Every stored article")
def articles_json(date_from: str | None = Query(None, alias="from"),
                  date_to: str | None = Query(None, alias="to"), outlet: str | None = None, w: Web = Depends(web)):
    return w.reading(views.list_articles, date_from=date_from, date_to=date_to, outlet=outlet)


@router.get("/articles", response_class=HTMLResponse, tags=["pages"], summary="Article list (HTML)")
def articles_page(request: Request, date_from: str | None = Query(None, alias="from"),
                  date_to: str | None = Query(None, alias="to"), outlet: str | None = None, w: Web = Depends(web)):
    return w.page(request, "articles.html",
                  w.reading(views.list_articles, date_from=date_from, date_to=date_to, outlet=outlet), model=ArticleList)


@router.get("/articles/{article_id:path}.json", response_model=ArticlePage, tags=["articles"],
            summary="One article: raw and clean text, cleaning edits, annotation")
def article_json(article_id: str, w: Web = Depends(web)):
    return w.reading(views.article_view, article_id)


@router.get("/articles/{article_id:path}", response_class=HTMLResponse, tags=["pages"], summary="Article page (HTML)")
def article_page(request: Request, article_id: str,
                 hl: str | None = Query(None, description="start-end of a clean-text span to mark"),
                 w: Web = Depends(web)):
    data = w.reading(views.article_view, article_id)
    if security.wants_json(request):
        return w.page(request, "", data, model=ArticlePage)
    focus = None
    if hl and (m := re.fullmatch(r"(\d{1,9})-(\d{1,9})", hl)):
        focus = (int(m[1]), int(m[2]))
    return w.page(request, "article.html", {**data, "focus": focus})
