"""The token login form (a server started with an access token)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from .. import security
from ..context import Web, web

router = APIRouter()


@router.get("/login", response_class=HTMLResponse, tags=["pages"], summary="Token login form")
def login_page(request: Request, next: str = "/", w: Web = Depends(web)):
    return w.page(request, "login.html", {"next": security._safe_next(next), "error": None})


@router.post("/login", response_class=HTMLResponse, tags=["pages"], summary="Check the token, set the cookie")
async def login_post(request: Request, w: Web = Depends(web)):
    form = await request.form(max_files=0, max_fields=5)
    nxt = security._safe_next(form.get("next") if isinstance(form.get("next"), str) else "/")
    problem = w.csrf.problem(request, form.get(security.CSRF_FIELD))
    if problem:
        return w.page(request, "error.html", {"detail": problem, "status": 403}, 403)
    if w.access is None:
        return RedirectResponse(nxt, status_code=303)
    given = form.get("token")
    refused = w.access.check(request, given if isinstance(given, str) else None)
    if refused is not None:
        if refused.status_code == 429:
            return w.page(request, "login.html", {"next": nxt, "error": refused.body.decode().strip()}, 429)
        return w.page(request, "login.html", {"next": nxt, "error": "wrong token"}, 401)
    resp = RedirectResponse(nxt, status_code=303)
    security.login(resp, request, w.access)
    return resp
