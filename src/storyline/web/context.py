"""What every route shares: the store (a write connection and a pool of readers), the page
cache, the CSRF and token checks, the template environment, and how a page is answered
(HTML, or its JSON twin). One :class:`Web` per app, reached by the ``web`` dependency."""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel

from .. import __version__ as VERSION
from ..options import Options
from ..report import eventline
from ..report import html as report_html
from ..report.schema import Ref, SourceRef
from ..store import Store
from . import markup, reportview, security
from .cache import PageCache

HERE = Path(__file__).parent
BRIEF_TEMPLATES = HERE.parent / "report" / "templates"


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


def page_url(request: Request):
    """Build the URL of another page of the same list (the other query parameters kept)."""
    def url(offset: int) -> str:
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "offset" and v]
        return "/stories?" + urlencode(params + [("offset", str(offset))])
    return url


@dataclass
class Web:
    """The app's shared state (built by ``create_app``)."""

    options: Options
    store: Store                      # the write connection
    readers: queue.Queue              # read-only connections for pages
    shared: bool                      # one connection for all (in-memory or caller-given store)
    csrf: security.Csrf
    access: security.Access | None
    token: str | None
    max_upload: int
    pages: PageCache | None = None    # the page cache (None with a shared connection)
    worker: Any = None                # the ingest worker process pool (serve), else None
    progress_path: str | None = None  # where the worker writes its progress
    lock: Any = field(default_factory=threading.RLock)
    env: Environment = field(default_factory=_environment)

    def page(self, request: Request, template: str, data: dict[str, Any], status: int = 200,
             model: type[BaseModel] | None = None) -> Response:
        """The page as HTML, or as its JSON twin when the request asks for JSON."""
        if security.wants_json(request):
            if model is not None:  # the same shape as the .json twin
                data = model.model_validate(data).model_dump(mode="json", by_alias=True)
            return JSONResponse(data, status_code=status)
        base = request.url.path.rstrip("/") or "/stories"
        json_url = base + ".json" + ("?" + request.url.query if request.url.query else "")
        ctx = {**data, "request_path": request.url.path, "csrf_token": self.csrf.token(request), "json_url": json_url,
               "htmx": request.headers.get("hx-request") == "true", "token_required": bool(self.token)}
        return HTMLResponse(self.env.get_template(template).render(**ctx), status_code=status)

    def reading(self, fn, *args, **kwargs):
        """``fn(store, ...)`` on a read-only connection of the pool."""
        reader = self.readers.get()
        try:
            if self.shared:
                with self.lock:
                    return fn(reader, *args, **kwargs)
            return fn(reader, *args, **kwargs)
        finally:
            self.readers.put(reader)

    def writing(self, fn):
        """``fn(store)`` on the write connection, under the lock; the page cache is dropped after."""
        with self.lock:
            try:
                return fn(self.store)
            finally:
                if self.pages is not None:  # this server's own write shows at once
                    self.pages.invalidate()


async def web(request: Request) -> Web:
    """The dependency every route takes: the app's :class:`Web`."""
    return request.app.state.web
