"""Whole GET responses kept while the store is unchanged: 20 readers of the same pages
cost one render per page and change, not one per request.

The store's ``PRAGMA data_version`` (read on a connection of its own, at most every
``max_stale`` seconds) changes whenever any connection, in this process or another (a CLI
ingest), commits. Then every kept page is stale: the next request for it renders it again
while the requests meanwhile get the stale copy (stale-while-revalidate), so a store that
commits article by article costs one render per page and second, and no reader waits for
it. The server's own writes empty the cache at once (``invalidate``): whoever ingested sees
the result. Only 200 answers without a cookie are kept, and the key holds everything a
page varies on (path, query, the Accept and htmx headers).
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
        # key -> (generation, status, headers, body); the generation goes up at each change
        self.entries: OrderedDict[tuple, tuple[int, int, list, bytes]] = OrderedDict()
        self.generation = 0
        self.data_version = None
        self.refreshing: set[tuple] = set()
        self.max_stale = max_stale
        self.checked = float("-inf")
        self.lock = threading.Lock()
        self.hits = self.stale = self.misses = 0

    def invalidate(self) -> None:
        """Empty the cache now (after a write of this server's own)."""
        with self.lock:
            self.entries.clear()
            self.generation += 1
            self.checked = float("-inf")

    def _current(self) -> int:
        with self.lock:
            now = time.monotonic()
            if now - self.checked >= self.max_stale:
                self.checked = now
                v = self.db.execute("PRAGMA data_version").fetchone()[0]
                if v != self.data_version:
                    self.data_version = v
                    self.generation += 1
            return self.generation

    async def __call__(self, request: Request, call_next) -> Response:
        path = request.url.path
        if request.method != "GET" or path.startswith(_SKIP):
            return await call_next(request)
        key = (path, request.url.query, *(request.headers.get(h, "") for h in _VARY))
        gen = self._current()
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None and (entry[0] == gen or key in self.refreshing):
                self.entries.move_to_end(key)
                if entry[0] == gen:
                    self.hits += 1
                else:
                    self.stale += 1  # another request is rendering the fresh one
                _, status, headers, body = entry
                return Response(body, status_code=status, headers=dict(headers))
            self.refreshing.add(key)
            self.misses += 1
        try:
            response = await call_next(request)
            if response.status_code != 200 or "set-cookie" in response.headers:
                return response
            body = b"".join([chunk async for chunk in response.body_iterator])
            headers = [(k, v) for k, v in response.headers.items() if k != "content-length"]
            with self.lock:
                if self.generation == gen:  # no change seen meanwhile
                    self.entries[key] = (gen, response.status_code, headers, body)
                    self.entries.move_to_end(key)
                    if len(self.entries) > self.size:
                        self.entries.popitem(last=False)
            return Response(body, status_code=response.status_code, headers=dict(headers))
        finally:
            with self.lock:
                self.refreshing.discard(key)
