"""Whole GET responses kept until the store changes: 20 readers of the same pages cost
one render per page and commit, not one per request.

The store's ``PRAGMA data_version`` (read on a connection of its own, at most every
``max_stale`` seconds) changes whenever any connection, in this process or another (a CLI
ingest), commits; the cache is emptied then. So another process's commits show within a
second, and an ingest committing article by article does not empty the cache at each one;
the server's own writes empty it at once (``invalidate``).
Only 200 answers without a cookie are kept, and the key holds everything a page varies on
(path, query, the Accept and htmx headers), so a hit is byte-identical to a fresh answer.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import OrderedDict

from starlette.requests import Request
from starlette.responses import Response

# paths never cached: forms (CSRF tokens), the login, static files (cached by the browser)
_SKIP = ("/ingest", "/login", "/static/")
_VARY = ("accept", "hx-request", "hx-history-restore-request", "hx-target", "hx-trigger")


class PageCache:
    def __init__(self, db_path: str, size: int = 512, max_stale: float = 1.0):
        self.db = sqlite3.connect(db_path, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA query_only = ON")
        self.size = size
        self.entries: OrderedDict[tuple, tuple[int, list, bytes]] = OrderedDict()
        self.version = None
        self.max_stale = max_stale
        self.checked = float("-inf")
        self.lock = threading.Lock()
        self.hits = self.misses = 0

    def invalidate(self) -> None:
        """Empty the cache now (after a write of this server's own)."""
        with self.lock:
            self.entries.clear()
            self.checked = float("-inf")

    def _current(self) -> int:
        with self.lock:
            now = time.monotonic()
            if now - self.checked < self.max_stale:
                return self.version
            self.checked = now
            v = self.db.execute("PRAGMA data_version").fetchone()[0]
            if v != self.version:
                self.entries.clear()
                self.version = v
            return v

    async def __call__(self, request: Request, call_next) -> Response:
        path = request.url.path
        if request.method != "GET" or path.startswith(_SKIP):
            return await call_next(request)
        key = (path, request.url.query, *(request.headers.get(h, "") for h in _VARY))
        version = self._current()
        with self.lock:
            hit = self.entries.get(key)
            if hit is not None:
                self.entries.move_to_end(key)
                self.hits += 1
        if hit is not None:
            status, headers, body = hit
            return Response(body, status_code=status, headers=dict(headers))
        response = await call_next(request)
        if response.status_code != 200 or "set-cookie" in response.headers:
            return response
        body = b"".join([chunk async for chunk in response.body_iterator])
        headers = [(k, v) for k, v in response.headers.items() if k != "content-length"]
        with self.lock:
            self.misses += 1
            if self.version == version:  # no commit seen meanwhile
                self.entries[key] = (response.status_code, headers, body)
                if len(self.entries) > self.size:
                    self.entries.popitem(last=False)
        return Response(body, status_code=response.status_code, headers=dict(headers))
