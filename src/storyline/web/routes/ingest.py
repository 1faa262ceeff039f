"""The ingest form and its posts (pasted text, an upload or a URL), and the running
ingest's progress."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException

from ...errors import InputError
from .. import security
from ..context import Web, web
from ..ingest import IngestRequest, read_progress, run_ingest, run_ingest_in_worker
from ..models import IngestForm, IngestOutcome

router = APIRouter()

INGEST_FIELDS = ("text", "title", "outlet", "published", "article_url", "fetch_url")
FIELDS = {"text": "article text to paste", "title": "its headline", "outlet": "publishing outlet",
          "published": "publication date (ISO 8601)", "article_url": "the article's own URL (metadata)",
          "fetch_url": "an http(s) URL to fetch and ingest", "file": "a file to upload (text, HTML, "
          "JSONL, RSS/Atom, WARC)", security.CSRF_FIELD: "the token from GET /ingest.json"}


def _form(request: Request, w: Web) -> dict[str, Any]:
    return {"csrf_token": w.csrf.token(request), "max_upload_bytes": w.max_upload, "fields": FIELDS}


@router.get("/ingest.json", response_model=IngestForm, tags=["ingest"],
            summary="The ingest form's CSRF token (also sets its cookie) and fields")
def ingest_form_json(request: Request, w: Web = Depends(web)):
    return JSONResponse(_form(request, w))


@router.get("/ingest", response_class=HTMLResponse, tags=["pages"], summary="Ingest form (HTML)")
def ingest_page(request: Request, w: Web = Depends(web)):
    return w.page(request, "ingest.html", {**_form(request, w), "errors": [], "values": {}, "outcome": None})


@router.get("/ingest/progress.json", tags=["ingest"], summary="The running ingest's stage and count")
def ingest_progress_json(w: Web = Depends(web)):
    return JSONResponse(read_progress(w.progress_path))


@router.get("/ingest/progress", response_class=HTMLResponse, tags=["pages"],
            summary="The running ingest's progress (an HTML fragment the ingest page polls)")
def ingest_progress(request: Request, w: Web = Depends(web)):
    return w.page(request, "_ingest_progress.html", {"progress": read_progress(w.progress_path)})


async def _ingest(request: Request, w: Web) -> Response:
    submitted = request.headers.get(security.CSRF_HEADER)
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    upload = None
    if ctype == "application/json":
        try:
            form = json.loads(await request.body())
            if not isinstance(form, dict):
                raise ValueError("not an object")
        except ValueError as exc:
            return w.page(request, "error.html", {"detail": f"ingest request: body is not a JSON object ({exc})",
                                                  "status": 400}, 400)
    else:
        try:
            form = await request.form(max_files=1, max_fields=20, max_part_size=w.max_upload)
        except (StarletteHTTPException, MultiPartException) as exc:  # malformed multipart: say so instead of a 500
            return w.page(request, "error.html", {"detail": f"ingest form: unreadable form data ({exc})",
                                                  "status": 400}, 400)
        upload = form.get("file")
    submitted = submitted or form.get(security.CSRF_FIELD)
    problem = w.csrf.problem(request, submitted if isinstance(submitted, str) else None)
    if problem:
        return w.page(request, "error.html", {"detail": problem, "status": 403}, 403)
    req = IngestRequest(**{k: v for k in INGEST_FIELDS if isinstance(v := form.get(k), str)})
    if upload is not None and not isinstance(upload, str) and upload.filename:
        req.filename, req.upload = upload.filename, await upload.read()
    values = {k: getattr(req, k) for k in INGEST_FIELDS}
    try:
        if w.worker is not None:
            outcome = await run_in_threadpool(w.writing, lambda s: w.worker.submit(
                run_ingest_in_worker, req, w.options, w.progress_path).result())
        else:
            outcome = await run_in_threadpool(w.writing, lambda s: run_ingest(req, s, w.options))
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
    return w.page(request, "ingest.html", {**_form(request, w), "errors": errors, "values": {} if stored else values,
                                           "outcome": outcome.to_dict() if stored else None}, 200 if stored else 400)


_TEXT_FIELDS = {k: {"type": "string", "description": v} for k, v in FIELDS.items() if k != "file"}
BODY_DOC = {"requestBody": {"required": True, "content": {
    "multipart/form-data": {"schema": {"type": "object", "properties": {
        **_TEXT_FIELDS, "file": {"type": "string", "format": "binary", "description": FIELDS["file"]}}}},
    "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": _TEXT_FIELDS}},
    "application/json": {"schema": {"type": "object", "properties": _TEXT_FIELDS}},
}}}


@router.post("/ingest.json", response_model=IngestOutcome, tags=["ingest"], openapi_extra=BODY_DOC,
             summary="Ingest pasted text, an uploaded file or a URL (form or JSON body)",
             description="Runs the pipeline (read, clean, annotate, cluster, compare). Send the CSRF token "
                         "from GET /ingest.json with its cookie, or authenticate with a bearer token.",
             responses={400: {"description": "nothing could be ingested"}, 403: {"description": "CSRF check failed"},
                        413: {"description": "body over the upload limit"}})
async def ingest_json(request: Request, w: Web = Depends(web)):
    return await _ingest(request, w)


@router.post("/ingest", response_class=HTMLResponse, tags=["pages"],
             summary="Ingest form post (redirects to the resulting story)")
async def ingest_post(request: Request, w: Web = Depends(web)):
    return await _ingest(request, w)
