"""Request guards: security headers, access token, CSRF tokens, body size limit.

Article text is untrusted, so pages forbid inline script by policy (CSP
``script-src 'self'``) on top of escaping. Form posts carry a CSRF token that is an
HMAC of a random cookie value under a per-app secret (a signed double-submit token):
a cross-site page can neither read the cookie nor compute the HMAC.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import threading
import time
from collections import deque
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response

CSRF_COOKIE = "storyline_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SESSION_COOKIE = "storyline_session"

log = logging.getLogger(__name__)

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
}


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (the only hosts served without a token)."""
    h = host.strip().strip("[]").lower()
    if h == "localhost":
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


def wants_json(request: Request) -> bool:
    """A ``.json`` path or an Accept header preferring JSON over HTML."""
    if request.url.path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "").lower()
    return "application/json" in accept and "text/html" not in accept


SESSION_MAX_AGE = 12 * 3600  # seconds a login cookie is valid
SESSION_ROTATE = 3600        # a valid cookie older than this is replaced by a fresh one
MAX_FAILED_LOGINS = 5        # wrong tokens a client may send per window ...
FAILED_LOGIN_WINDOW = 300.0  # ... of this many seconds, then it is refused (429) until they age out


class Access:
    """The access token, the login sessions it grants and the wrong-token throttle.

    A session cookie is ``issued.nonce.signature`` under a per-app secret and the token:
    never the token, different at each login, refused after ``SESSION_MAX_AGE`` and
    re-issued after ``SESSION_ROTATE``. Wrong tokens are counted per client address; past
    ``MAX_FAILED_LOGINS`` in ``FAILED_LOGIN_WINDOW`` the client gets 429 without the token
    being checked at all.
    """

    def __init__(self, token: str, secret: bytes | None = None, clock=time.time):
        self.token, self.clock = token, clock
        self.secret = (secret or secrets.token_bytes(32)) + token.encode("utf-8")
        self._fails: dict[str, deque] = {}
        self._lock = threading.Lock()

    # -- sessions
    def _sign(self, body: str) -> str:
        return hmac.new(self.secret, body.encode("utf-8"), hashlib.sha256).hexdigest()

    def new_session(self) -> str:
        body = f"{int(self.clock())}.{secrets.token_hex(8)}"
        return f"{body}.{self._sign(body)}"

    def session_age(self, value: str | None) -> float | None:
        """Seconds since the cookie was issued, or None when it is not a valid live one."""
        if not value or value.count(".") != 2:
            return None
        issued, nonce, sig = value.split(".")
        if not same(sig, self._sign(f"{issued}.{nonce}")) or not issued.isdigit():
            return None
        age = self.clock() - int(issued)
        return age if -60 <= age <= SESSION_MAX_AGE else None

    # -- throttle
    def retry_after(self, client: str) -> int | None:
        """Seconds until ``client`` may try a token again, or None when it may now."""
        with self._lock:
            q = self._fails.get(client)
            if not q:
                return None
            now = self.clock()
            while q and q[0] <= now - FAILED_LOGIN_WINDOW:
                q.popleft()
            if len(q) < MAX_FAILED_LOGINS:
                return None
            return max(1, int(q[0] + FAILED_LOGIN_WINDOW - now) + 1)

    def failed(self, client: str) -> None:
        with self._lock:
            if len(self._fails) > 10_000:  # bounded memory: forget the quiet clients
                now = self.clock()
                self._fails = {k: q for k, q in self._fails.items() if q and q[-1] > now - FAILED_LOGIN_WINDOW}
            self._fails.setdefault(client, deque(maxlen=MAX_FAILED_LOGINS * 2)).append(self.clock())

    def check(self, request: Request, given: str | None) -> Response | None:
        """None when ``given`` is the token; else the 401 or 429 to send (and the try counted)."""
        client = client_of(request)
        wait = self.retry_after(client)
        if wait is not None:
            return _too_many(request, wait)
        if same(given, self.token):
            return None
        self.failed(client)
        return _unauthorized(request, "wrong access token")


def client_of(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _too_many(request: Request, wait: int) -> Response:
    reason = f"too many wrong access tokens from this address: try again in {wait} s"
    headers = {"retry-after": str(wait)}
    if wants_json(request):
        return JSONResponse({"detail": reason}, status_code=429, headers=headers)
    return PlainTextResponse(f"429 Too Many Requests: {reason}\n", status_code=429, headers=headers)


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a).encode("utf-8"), str(b).encode("utf-8"))


class Csrf:
    """Signed double-submit CSRF tokens bound to a random cookie."""

    def __init__(self, secret: bytes | None = None):
        self.secret = secret or secrets.token_bytes(32)

    def _sign(self, cookie: str) -> str:
        return hmac.new(self.secret, cookie.encode("utf-8"), hashlib.sha256).hexdigest()

    def token(self, request: Request) -> str:
        """The form token for this client; creates the cookie value on first use."""
        cookie = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf", None)
        if not cookie:
            cookie = secrets.token_urlsafe(32)
            request.state.new_csrf = cookie  # set on the response by the middleware
        return self._sign(cookie)

    def problem(self, request: Request, submitted: str | None) -> str | None:
        """Why a state-changing request must be refused, or None when it may go on."""
        if getattr(request.state, "bearer", False):
            return None  # a bearer header is never sent by a browser on its own
        origin = request.headers.get("origin")
        if origin and origin != "null":
            host = request.headers.get("host", "")
            if origin.split("://", 1)[-1].rstrip("/") != host:
                return f"cross-origin request from {origin} refused"
        cookie = request.cookies.get(CSRF_COOKIE)
        if not cookie:
            return "CSRF cookie missing: load the form first (cookies must be enabled)"
        if not submitted:
            return "CSRF token missing: reload the form and submit again"
        if not same(submitted, self._sign(cookie)):
            return "CSRF token wrong or expired: reload the form and submit again"
        return None


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths, so the login form is not an open redirect."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


async def guard(request: Request, call_next, access: Access | None, csrf: Csrf) -> Response:
    """The http middleware: token check, then security headers and the CSRF cookie.

    An error the app did not handle still gets an error page with the security headers
    (its traceback goes to the server log, not to the client).
    """
    request.state.bearer = False
    if access is not None:
        early = _check_token(request, access)
        if early is not None:
            return _finish(request, early, access)
    try:
        response = await call_next(request)
    except Exception:  # noqa: BLE001 - request boundary: logged in full; the client gets a plain 500 with headers
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        detail = "internal error: the server log has the details"
        response = (JSONResponse({"detail": detail}, status_code=500) if wants_json(request)
                    else PlainTextResponse(f"500 Internal Server Error: {detail}\n", status_code=500))
    return _finish(request, response, access)


def _finish(request: Request, response: Response, access: Access | None = None) -> Response:
    for k, v in HEADERS.items():
        response.headers.setdefault(k, v)
    if request.url.path.endswith(".json") or response.media_type == "application/json":
        response.headers.setdefault("cache-control", "no-store")
    new = getattr(request.state, "new_csrf", None)
    if new:
        response.set_cookie(CSRF_COOKIE, new, httponly=True, samesite="strict", path="/",
                            secure=request.url.scheme == "https")
    if access is not None and getattr(request.state, "rotate_session", False):
        login(response, request, access)
    return response


def _check_token(request: Request, access: Access) -> Response | None:
    """None when the request may go on; else the 401 / 429 / redirect to send."""
    path = request.url.path
    if path.startswith("/static/") or path == "/login":
        return None
    auth = request.headers.get("authorization", "")
    if auth:
        scheme, _, value = auth.partition(" ")
        refused = access.check(request, value.strip() if scheme.lower() == "bearer" else None)
        if refused is None:
            request.state.bearer = True
            return None
        return refused
    age = access.session_age(request.cookies.get(SESSION_COOKIE))
    if age is not None:
        request.state.rotate_session = age > SESSION_ROTATE
        return None
    given = request.query_params.get("token")
    if given is not None:
        refused = access.check(request, given)
        if refused is not None:
            return refused
        rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
        target = path + ("?" + urlencode(rest) if rest else "")
        resp = RedirectResponse(target, status_code=303)
        login(resp, request, access)
        return resp
    if wants_json(request) or request.method != "GET":
        return _unauthorized(request, "access token required: send 'Authorization: Bearer <token>'")
    nxt = path + ("?" + request.url.query if request.url.query else "")
    return RedirectResponse("/login?" + urlencode({"next": nxt}), status_code=303)


def login(response: Response, request: Request, access: Access) -> None:
    """Set a fresh session cookie (a new value at every login and rotation)."""
    # Lax: a link from elsewhere still opens the page logged in; posts are guarded by CSRF tokens.
    response.set_cookie(SESSION_COOKIE, access.new_session(), httponly=True, samesite="lax", max_age=SESSION_MAX_AGE,
                        path="/", secure=request.url.scheme == "https")


def _unauthorized(request: Request, reason: str) -> Response:
    headers = {"www-authenticate": 'Bearer realm="storyline"'}
    if wants_json(request):
        return JSONResponse({"detail": reason}, status_code=401, headers=headers)
    return PlainTextResponse(f"401 Unauthorized: {reason}\n", status_code=401, headers=headers)


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``limit`` bytes with 413.

    Checks Content-Length up front and also counts streamed (chunked) bodies: past
    the limit the app sees the client go away, and whatever it answers is replaced
    by the 413 (so no exception has to cross other middleware).
    """

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope: dict[str, Any], receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > self.limit
            except ValueError:
                too_big = False
            if too_big:
                return await self._refuse(scope, send, int(length))
        seen = 0
        over = False
        refused = False

        async def counted_receive():
            nonlocal seen, over
            if over:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    over = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message):
            nonlocal refused
            if over:
                if not refused:
                    refused = True
                    await self._refuse(scope, send, seen)
                return
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except Exception:  # request boundary: re-raised unless the body was cut at the limit
            if not over:
                raise  # the app's own error: the guard middleware logs it
            # over the limit the app read a cut body, so its error is expected: the 413 below answers
        if over and not refused:
            await self._refuse(scope, send, seen)

    async def _refuse(self, scope, send, size: int):
        human = f"{self.limit / 1048576:.1f} MB" if self.limit >= 1048576 else f"{self.limit / 1024:.1f} KB"
        msg = f"request body too large: {size} bytes; the limit is {self.limit} bytes ({human})"
        accept = dict(scope.get("headers") or []).get(b"accept", b"").decode("latin-1")
        as_json = scope.get("path", "").endswith(".json") or (
            "application/json" in accept and "text/html" not in accept)
        body = json.dumps({"detail": msg}).encode() if as_json else (f"413 Payload Too Large: {msg}\n").encode()
        ctype = b"application/json" if as_json else b"text/plain; charset=utf-8"
        headers = [(b"content-type", ctype), (b"content-length", str(len(body)).encode())]
        headers += [(k.encode(), v.encode()) for k, v in HEADERS.items()]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})
