"""The FastAPI application: server-rendered pages, each with a JSON twin.

``/x`` renders HTML; ``/x.json`` (or ``Accept: application/json``) returns the same
data as JSON, described in /openapi.json. Ingest writes through one store connection under a
lock; pages read through a second one, so browsing goes on during an ingest. The routes
are in ``web/routes/`` (one router per page family); what they share is a
:class:`~storyline.web.context.Web` (``web/context.py``).
"""

from __future__ import annotations

import queue
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__ as VERSION
from ..errors import NotFound, StorylineError
from ..options import Options
from ..store import Store
from . import security
from .cache import CacheMiddleware, PageCache
from .context import BRIEF_TEMPLATES, HERE, Web
from .routes import ROUTERS

MAX_UPLOAD = 5 * 1024 * 1024
READERS = 4  # read-only store connections for pages (requests beyond wait for one)


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
    # Pages read through a pool of read-only connections (WAL: a reader sees the last
    # commit and never waits for a writer); an in-memory or caller-given store has only
    # the one connection, shared under the write lock.
    shared = store is not None or options.db == ":memory:"
    readers: queue.Queue = queue.Queue()
    for _ in range(1 if shared else READERS):
        readers.put(st if shared else Store(options.db, readonly=True))
    w = Web(options=options, store=st, readers=readers, shared=shared, csrf=security.Csrf(),
            access=security.Access(token) if token else None, token=token, max_upload=max_upload)
    if ingest_process and not shared:
        import atexit
        import multiprocessing
        import tempfile
        from concurrent.futures import ProcessPoolExecutor

        # spawned, not forked: the server's threads may hold locks at fork time
        w.worker = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        atexit.register(w.worker.shutdown, wait=False, cancel_futures=True)
        w.progress_path = str(Path(tempfile.mkdtemp(prefix="storyline-ingest-")) / "progress.json")
        app.state.ingest_worker = w.worker
    app.state.web = w
    app.state.store, app.state.options, app.state.lock = st, options, w.lock

    if not shared:  # registered first: runs inside the guard (token check, headers, cookies)
        w.pages = PageCache(options.db)
        app.state.page_cache = w.pages
        app.add_middleware(CacheMiddleware, cache=w.pages)

    @app.middleware("http")
    async def _guard(request: Request, call_next):
        return await security.guard(request, call_next, w.access, w.csrf)

    app.add_middleware(security.BodyLimit, limit=max_upload)
    @app.get("/static/brief.css", include_in_schema=False)  # before the mount, which would shadow it
    def brief_css():
        """The brief's stylesheet, shared with the HTML report (which inlines it)."""
        return Response((BRIEF_TEMPLATES / "brief.css").read_text(encoding="utf-8"), media_type="text/css; charset=utf-8")

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    # -- errors -------------------------------------------------------------------
    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound):
        return w.page(request, "error.html", {"detail": str(exc), "status": 404}, 404)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        detail = exc.detail if isinstance(exc.detail, str) else "request failed"
        resp = w.page(request, "error.html", {"detail": detail, "status": exc.status_code}, exc.status_code)
        for k, v in (exc.headers or {}).items():
            resp.headers[k] = v
        return resp

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        detail = "; ".join(f"{e['loc'][-1]}: {e['msg']}" for e in exc.errors()) or "invalid request"
        return w.page(request, "error.html", {"detail": detail, "status": 422}, 422)

    @app.exception_handler(StorylineError)
    async def _bad(request: Request, exc: StorylineError):
        return w.page(request, "error.html", {"detail": str(exc), "status": 400}, 400)

    for router in ROUTERS:  # stories, articles, ingest, login: one router per page family
        app.include_router(router)
    return app
