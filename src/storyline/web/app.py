"""The FastAPI application: server-rendered pages, each with a JSON twin.

``/x`` renders HTML; ``/x.json`` (or ``Accept: application/json``) returns the same
data as JSON, described in /openapi.json. Ingest writes through one store connection under a
lock; pages read through a second one, so browsing goes on during an ingest.
"""

from __future__ import annotations

import json
import queue
import re
import threading
from pathlib import Path
from urllib.parse import quote, urlencode
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__ as VERSION
from ..errors import InputError, NotFound, StorylineError
from ..options import Options
from ..store import Store
from ..report import eventline
from ..report import html as report_html
from ..report.schema import Ref, SourceRef
from . import markup, reportview, security, views
from .cache import CacheMiddleware, PageCache
from .ingest import IngestRequest, read_progress, run_ingest, run_ingest_in_worker
from .models import ArticleList, ArticlePage, IngestForm, IngestOutcome, StoryList, StoryPage

HERE = Path(__file__).parent
BRIEF_TEMPLATES = HERE.parent / "report" / "templates"
INGEST_FIELDS = ("text", "title", "outlet", "published", "article_url", "fetch_url")
MAX_UPLOAD = 5 * 1024 * 1024
READERS = 4  # read-only store connections for pages (requests beyond wait for one)


def _environment() -> Environment:
    # the story brief's templates are the HTML report's own (one rendering for both)
    env = Environment(loader=ChoiceLoader([FileSystemLoader(str(HERE / "templates")),
                                           FileSystemLoader(str(BRIEF_TEMPLATES))]),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=ChainableUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(version=VERSION, segments=markup.annotated_segments,
                       raw_segments=markup.raw_segments, eventline=eventline.layout, colour=report_html.colour,
                       href=_sentence_href, more=_more_href, is_name=report_html.is_name,
                       LAYERS=markup.LAYERS, origin_label=reportview.origin_label)
    env.filters["day"] = lambda v: (v or "")[:10] if isinstance(v, str) else ""
    env.filters["source"] = reportview.source_name  # one name per outlet (the outlet registry)
    return env


def _sentence_href(ref: Ref | SourceRef) -> str:
    """A brief's sentence reference as a link to the article page, the span highlighted."""
    url = "/articles/" + quote(ref.article_id, safe="")
    if isinstance(ref.start, int) and isinstance(ref.end, int):
        url += f"?hl={ref.start}-{ref.end}#focus"
    return url


def _more_href(section: str) -> str:
    """Where the rest of a brief list is on the story page (inside its <details>, which opens)."""
    return {"voices": "#quotes", "events": "#timeline"}.get(section, "#claims")


def _page_url(request: Request):
    """Build the URL of another page of the same list (the other query parameters kept)."""
    def url(offset: int) -> str:
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "offset" and v]
        return "/stories?" + urlencode(params + [("offset", str(offset))])
    return url


def create_app(options: Options, token: str | None = None, *, store: Store | None = None,
               max_upload: int = MAX_UPLOAD, ingest_process: bool = False) -> FastAPI:
    """The web app over ``options.db`` (or a given ``store``); ``token`` guards every request.

    ``ingest_process`` (what ``serve`` uses): posted ingests run in a worker process of their
    own, so pages are answered at full speed meanwhile; ``/ingest/progress`` shows its stage.
    """
    app = FastAPI(title="storyline", version=VERSION, docs_url=None, redoc_url=None,
                  description="Stories, claims and articles of a storyline store. Every HTML page "
                              "has a JSON twin at the same path with a .json suffix.")
    st = store if store is not None else Store(options.db)
    lock = threading.RLock()
    # Pages read through a pool of read-only connections (WAL: a reader sees the last
    # commit and never waits for a writer); an in-memory or caller-given store has only
    # the one connection, shared under the write lock.
    shared = store is not None or options.db == ":memory:"
    readers: queue.Queue = queue.Queue()
    for _ in range(1 if shared else READERS):
        readers.put(st if shared else Store(options.db, readonly=True))
    worker = progress_path = None
    if ingest_process and not shared:
        import atexit
        import multiprocessing
        import tempfile
        from concurrent.futures import ProcessPoolExecutor

        # spawned, not forked: the server's threads may hold locks at fork time
        worker = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        atexit.register(worker.shutdown, wait=False, cancel_futures=True)
        progress_path = str(Path(tempfile.mkdtemp(prefix="storyline-ingest-")) / "progress.json")
        app.state.ingest_worker = worker
    csrf = security.Csrf()
    access = security.Access(token) if token else None
    env = _environment()
    app.state.store, app.state.options, app.state.lock = st, options, lock

    pages = None
    if not shared:  # registered first: runs inside the guard (token check, headers, cookies)
        pages = PageCache(options.db)
        app.state.page_cache = pages
        app.add_middleware(CacheMiddleware, cache=pages)

    @app.middleware("http")
    async def _guard(request: Request, call_next):
        return await security.guard(request, call_next, access, csrf)

    app.add_middleware(security.BodyLimit, limit=max_upload)
    @app.get("/static/brief.css", include_in_schema=False)  # before the mount, which would shadow it
    def brief_css():
        """The brief's stylesheet, shared with the HTML report (which inlines it)."""
        return Response((BRIEF_TEMPLATES / "brief.css").read_text(encoding="utf-8"), media_type="text/css; charset=utf-8")

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def page(request: Request, template: str, data: dict[str, Any], status: int = 200,
             model: type[BaseModel] | None = None) -> Response:
        if security.wants_json(request):
            if model is not None:  # the same shape as the .json twin
                data = model.model_validate(data).model_dump(mode="json", by_alias=True)
            return JSONResponse(data, status_code=status)
        base = request.url.path.rstrip("/") or "/stories"
        json_url = base + ".json" + ("?" + request.url.query if request.url.query else "")
        ctx = {**data, "request_path": request.url.path, "csrf_token": csrf.token(request), "json_url": json_url,
               "htmx": request.headers.get("hx-request") == "true", "token_required": bool(token)}
        return HTMLResponse(env.get_template(template).render(**ctx), status_code=status)

    def reading(fn, *args, **kwargs):
        reader = readers.get()
        try:
            if shared:
                with lock:
                    return fn(reader, *args, **kwargs)
            return fn(reader, *args, **kwargs)
        finally:
            readers.put(reader)

    def writing(fn):
        with lock:
            try:
                return fn(st)
            finally:
                if pages is not None:  # this server's own write shows at once
                    pages.invalidate()

    # -- errors -------------------------------------------------------------------
    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound):
        return page(request, "error.html", {"detail": str(exc), "status": 404}, 404)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        detail = exc.detail if isinstance(exc.detail, str) else "request failed"
        resp = page(request, "error.html", {"detail": detail, "status": exc.status_code}, exc.status_code)
        for k, v in (exc.headers or {}).items():
            resp.headers[k] = v
        return resp

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        detail = "; ".join(f"{e['loc'][-1]}: {e['msg']}" for e in exc.errors()) or "invalid request"
        return page(request, "error.html", {"detail": detail, "status": 422}, 422)

    @app.exception_handler(StorylineError)
    async def _bad(request: Request, exc: StorylineError):
        return page(request, "error.html", {"detail": str(exc), "status": 400}, 400)

    # -- stories ------------------------------------------------------------------
    def _stories(q, date_from, date_to, outlet, offset=0, limit=50):
        return reading(views.list_stories, q=q, date_from=date_from, date_to=date_to, outlet=outlet,
                      offset=offset, limit=limit)

    @app.get("/stories.json", response_model=StoryList, tags=["stories"],
             summary="Stories, with full-text search (FTS5) and date/outlet filters, a page at a time")
    def stories_json(q: str | None = None, date_from: str | None = Query(None, alias="from"),
                     date_to: str | None = Query(None, alias="to"), outlet: str | None = None,
                     offset: int = Query(0, ge=0), limit: int = Query(50, ge=1, le=500)):
        return _stories(q, date_from, date_to, outlet, offset, limit)

    @app.get("/", response_class=HTMLResponse, tags=["pages"], summary="Story list (HTML)")
    @app.get("/stories", response_class=HTMLResponse, tags=["pages"], summary="Story list (HTML)")
    def stories_page(request: Request, q: str | None = None, date_from: str | None = Query(None, alias="from"),
                     date_to: str | None = Query(None, alias="to"), outlet: str | None = None,
                     offset: int = Query(0, ge=0), limit: int = Query(50, ge=1, le=500)):
        data = _stories(q, date_from, date_to, outlet, offset, limit)
        partial = (request.headers.get("hx-request") == "true"
                   and request.headers.get("hx-history-restore-request") != "true")
        tpl = "_story_rows.html" if partial else "stories.html"
        return page(request, tpl, {**data, "page_url": _page_url(request)}, model=StoryList)

    @app.get("/stories/{story_id}.json", response_model=StoryPage, tags=["stories"],
             summary="One story: its articles and comparison report")
    def story_json(story_id: str):
        return reading(views.story_view, story_id)

    @app.get("/stories/{story_id}", response_class=HTMLResponse, tags=["pages"], summary="Story page (HTML)")
    def story_page(request: Request, story_id: str):
        data = reading(views.story_view, story_id)
        if security.wants_json(request):
            return page(request, "", data, model=StoryPage)
        arts = {a["id"]: a for a in data["articles"]}
        return page(request, "story.html", {**data, "arts": arts, "view": reportview.sections(data["report"], arts)})

    @app.get("/stories/{story_id}/report.{fmt}", tags=["stories"],
             summary="The story report rendered by storyline.report (md, html or json), as a download",
             responses={200: {"content": {"text/markdown": {}, "text/html": {}, "application/json": {}}},
                        404: {"description": "no such story, or no report computed yet"}})
    def story_report(story_id: str, fmt: str):
        from ..report import FORMATS, render

        if fmt not in FORMATS:
            raise NotFound("report format", fmt, list(FORMATS))
        data = reading(views.story_view, story_id)
        if data["report"] is None:
            raise NotFound("report for story", data["story"]["id"])
        body = render(data["report"], fmt)
        media = {"md": "text/markdown", "html": "text/html", "json": "application/json"}[fmt]
        headers = {"content-disposition": f'attachment; filename="story-{data["story"]["id"]}.{fmt}"'}
        if fmt == "html":  # self-contained page with inline CSS and no script at all
            headers["content-security-policy"] = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                                                  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
        return Response(body, media_type=f"{media}; charset=utf-8", headers=headers)

    # -- articles -----------------------------------------------------------------
    @app.get("/articles.json", response_model=ArticleList, tags=["articles"], summary="Every stored article")
    def articles_json(date_from: str | None = Query(None, alias="from"),
                      date_to: str | None = Query(None, alias="to"), outlet: str | None = None):
        return reading(views.list_articles, date_from=date_from, date_to=date_to, outlet=outlet)

    @app.get("/articles", response_class=HTMLResponse, tags=["pages"], summary="Article list (HTML)")
    def articles_page(request: Request, date_from: str | None = Query(None, alias="from"),
                      date_to: str | None = Query(None, alias="to"), outlet: str | None = None):
        return page(request, "articles.html",
                    reading(views.list_articles, date_from=date_from, date_to=date_to, outlet=outlet), model=ArticleList)

    @app.get("/articles/{article_id:path}.json", response_model=ArticlePage, tags=["articles"],
             summary="One article: raw and clean text, cleaning edits, annotation")
    def article_json(article_id: str):
        return reading(views.article_view, article_id)

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse, tags=["pages"], summary="Article page (HTML)")
    def article_page(request: Request, article_id: str,
                     hl: str | None = Query(None, description="start-end of a clean-text span to mark")):
        data = reading(views.article_view, article_id)
        if security.wants_json(request):
            return page(request, "", data, model=ArticlePage)
        focus = None
        if hl and (m := re.fullmatch(r"(\d{1,9})-(\d{1,9})", hl)):
            focus = (int(m[1]), int(m[2]))
        return page(request, "article.html", {**data, "focus": focus})

    # -- ingest -------------------------------------------------------------------
    fields = {"text": "article text to paste", "title": "its headline", "outlet": "publishing outlet",
              "published": "publication date (ISO 8601)", "article_url": "the article's own URL (metadata)",
              "fetch_url": "an http(s) URL to fetch and ingest", "file": "a file to upload (text, HTML, "
              "JSONL, RSS/Atom, WARC)", security.CSRF_FIELD: "the token from GET /ingest.json"}

    def _form(request: Request) -> dict[str, Any]:
        return {"csrf_token": csrf.token(request), "max_upload_bytes": max_upload, "fields": fields}

    @app.get("/ingest.json", response_model=IngestForm, tags=["ingest"],
             summary="The ingest form's CSRF token (also sets its cookie) and fields")
    def ingest_form_json(request: Request):
        return JSONResponse(_form(request))

    @app.get("/ingest", response_class=HTMLResponse, tags=["pages"], summary="Ingest form (HTML)")
    def ingest_page(request: Request):
        return page(request, "ingest.html", {**_form(request), "errors": [], "values": {}, "outcome": None})

    @app.get("/ingest/progress.json", tags=["ingest"], summary="The running ingest's stage and count")
    def ingest_progress_json():
        return JSONResponse(read_progress(progress_path))

    @app.get("/ingest/progress", response_class=HTMLResponse, tags=["pages"],
             summary="The running ingest's progress (an HTML fragment the ingest page polls)")
    def ingest_progress(request: Request):
        return page(request, "_ingest_progress.html", {"progress": read_progress(progress_path)})

    async def _ingest(request: Request) -> Response:
        submitted = request.headers.get(security.CSRF_HEADER)
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        upload = None
        if ctype == "application/json":
            try:
                form = json.loads(await request.body())
                if not isinstance(form, dict):
                    raise ValueError("not an object")
            except ValueError as exc:
                return page(request, "error.html", {"detail": f"ingest request: body is not a JSON object ({exc})",
                                                    "status": 400}, 400)
        else:
            try:
                form = await request.form(max_files=1, max_fields=20, max_part_size=max_upload)
            except Exception as exc:  # malformed multipart: say so instead of a 500
                return page(request, "error.html", {"detail": f"ingest form: unreadable form data ({exc})",
                                                    "status": 400}, 400)
            upload = form.get("file")
        submitted = submitted or form.get(security.CSRF_FIELD)
        problem = csrf.problem(request, submitted if isinstance(submitted, str) else None)
        if problem:
            return page(request, "error.html", {"detail": problem, "status": 403}, 403)
        req = IngestRequest(**{k: v for k in INGEST_FIELDS if isinstance(v := form.get(k), str)})
        if upload is not None and not isinstance(upload, str) and upload.filename:
            req.filename, req.upload = upload.filename, await upload.read()
        values = {k: getattr(req, k) for k in INGEST_FIELDS}
        try:
            if worker is not None:
                outcome = await run_in_threadpool(writing, lambda s: worker.submit(
                    run_ingest_in_worker, req, options, progress_path).result())
            else:
                outcome = await run_in_threadpool(writing, lambda s: run_ingest(req, s, options))
        except InputError as exc:
            outcome = None
            errors = [str(exc)]
        else:
            errors = outcome.errors
        if security.wants_json(request):
            if outcome is None:
                return JSONResponse({"detail": errors[0]}, status_code=400)
            return JSONResponse(outcome.to_dict(), status_code=200 if outcome.stored else 400)
        if outcome is not None and outcome.redirect and outcome.pipeline == "complete" and not errors:
            return RedirectResponse(outcome.redirect, status_code=303)
        stored = outcome is not None and bool(outcome.stored)
        return page(request, "ingest.html", {**_form(request), "errors": errors, "values": {} if stored else values,
                                             "outcome": outcome.to_dict() if stored else None}, 200 if stored else 400)

    text_fields = {k: {"type": "string", "description": v} for k, v in fields.items() if k != "file"}
    body_doc = {"requestBody": {"required": True, "content": {
        "multipart/form-data": {"schema": {"type": "object", "properties": {
            **text_fields, "file": {"type": "string", "format": "binary", "description": fields["file"]}}}},
        "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": text_fields}},
        "application/json": {"schema": {"type": "object", "properties": text_fields}},
    }}}

    @app.post("/ingest.json", response_model=IngestOutcome, tags=["ingest"], openapi_extra=body_doc,
              summary="Ingest pasted text, an uploaded file or a URL (form or JSON body)",
              description="Runs the pipeline (read, clean, annotate, cluster, compare). Send the CSRF token "
                          "from GET /ingest.json with its cookie, or authenticate with a bearer token.",
              responses={400: {"description": "nothing could be ingested"}, 403: {"description": "CSRF check failed"},
                         413: {"description": "body over the upload limit"}})
    async def ingest_json(request: Request):
        return await _ingest(request)

    @app.post("/ingest", response_class=HTMLResponse, tags=["pages"],
              summary="Ingest form post (redirects to the resulting story)")
    async def ingest_post(request: Request):
        return await _ingest(request)

    # -- login (token mode) -------------------------------------------------------
    @app.get("/login", response_class=HTMLResponse, tags=["pages"], summary="Token login form")
    def login_page(request: Request, next: str = "/"):
        return page(request, "login.html", {"next": security._safe_next(next), "error": None})

    @app.post("/login", response_class=HTMLResponse, tags=["pages"], summary="Check the token, set the cookie")
    async def login_post(request: Request):
        form = await request.form(max_files=0, max_fields=5)
        nxt = security._safe_next(form.get("next") if isinstance(form.get("next"), str) else "/")
        problem = csrf.problem(request, form.get(security.CSRF_FIELD))
        if problem:
            return page(request, "error.html", {"detail": problem, "status": 403}, 403)
        if access is None:
            return RedirectResponse(nxt, status_code=303)
        given = form.get("token")
        refused = access.check(request, given if isinstance(given, str) else None)
        if refused is not None:
            if refused.status_code == 429:
                return page(request, "login.html", {"next": nxt, "error": refused.body.decode().strip()}, 429)
            return page(request, "login.html", {"next": nxt, "error": "wrong token"}, 401)
        resp = RedirectResponse(nxt, status_code=303)
        security.login(resp, request, access)
        return resp

    return app
