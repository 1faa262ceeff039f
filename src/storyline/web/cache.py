"""Whole GET responses kept while the store is unchanged: 20 readers of the same pages
cost one render per page and change, not one per request.

The store's ``PRAGMA data_version`` (read on a connection of its own, at most every
``max_stale`` seconds) changes whenever any connection, in this process or another (a CLI
ingest), commits. Then every kept page is stale: the next request for it renders it again
while the requests meanwhile get the stale copy (stale-while-revalidate), so a store that
commits article by article costs at most one render per page and second. A stale copy
rendered less than ``grace`` seconds ago is answered at once even to the request that finds it
stale, which renders the fresh one after answering (in the background): during a long
ingest no reader waits for a render, and no page is more than ``grace`` seconds behind a
render. The server's own writes empty the cache at once (``invalidate``): whoever ingested
sees the result. Only 200 answers without a cookie are kept, and the key holds everything
a page varies on (path, query, the Accept and htmx headers).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict

from ..store import Store


# paths never cached: forms (CSRF tokens), the login, static files (cached by the browser)
_SKIP = ("/ingest", "/login", "/static/")
_VARY = ("accept", "hx-request", "hx-history-restore-request", "hx-target", "hx-trigger")


class PageCache:
    def __init__(self, db_path: str, size: int = 512, max_stale: float = 1.0, grace: float = 5.0):
        self.store = Store(db_path, readonly=True)  # a connection of its own: sees every commit
        self.size = size
        # key -> (generation, status, headers, body, rendered at); the generation goes up at each change
        self.entries: OrderedDict[tuple, tuple[int, int, list, bytes, float]] = OrderedDict()
        self.grace = grace
        self.background: set[asyncio.Task] = set()  # renders answered before they ran
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
                v = self.store.data_version()
                if v != self.data_version:
                    self.data_version = v
                    self.generation += 1
            return self.generation

    def key_of(self, scope) -> tuple | None:
        """The cache key of a request, None for what is never cached."""
        path = scope.get("path", "")
        if scope.get("type") != "http" or scope.get("method") != "GET" or path.startswith(_SKIP):
            return None
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers") or []}
        return (path, (scope.get("query_string") or b"").decode("latin-1"), *(headers.get(h, "") for h in _VARY))

    def lookup(self, key: tuple) -> tuple[str, tuple | None, int]:
        """("hit" | "stale" | "stale-render" | "render", the entry to answer with, generation).

        "stale-render": answer with the stale copy, then render the fresh one; "render":
        render it and answer with that.
        """
        gen = self._current()
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                if entry[0] == gen:
                    self.hits += 1
                    self.entries.move_to_end(key)
                    return "hit", entry, gen
                young = time.monotonic() - entry[4] < self.grace
                if key in self.refreshing or young:
                    self.stale += 1
                    self.entries.move_to_end(key)
                    if key in self.refreshing:
                        return "stale", entry, gen
                    self.refreshing.add(key)
                    return "stale-render", entry, gen
            self.refreshing.add(key)
            self.misses += 1
            return "render", None, gen

    def keep(self, key: tuple, gen: int, status: int, headers: list, body: bytes) -> None:
        """Keep a rendered 200 page (also when the store changed meanwhile, as a stale
        copy of generation ``gen``, unless a newer render is already there)."""
        with self.lock:
            self.refreshing.discard(key)
            old = self.entries.get(key)
            if old is None or old[0] <= gen:
                self.entries[key] = (gen, status, headers, body, time.monotonic())
                self.entries.move_to_end(key)
                if len(self.entries) > self.size:
                    self.entries.popitem(last=False)

    def done(self, key: tuple) -> None:
        with self.lock:
            self.refreshing.discard(key)


class CacheMiddleware:
    """ASGI middleware answering GET pages from a ``PageCache``; a fresh render of a
    stale page can run after the answer, as its own call of the app below."""

    def __init__(self, app, cache: PageCache):
        self.app = app
        self.cache = cache
        self.slots: asyncio.Semaphore | None = None  # made in the server's event loop

    async def __call__(self, scope, receive, send) -> None:
        key = self.cache.key_of(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        how, entry, gen = self.cache.lookup(key)
        if entry is not None:
            if how == "stale-render":
                task = asyncio.get_running_loop().create_task(self._later(dict(scope), key, gen))
                self.cache.background.add(task)
                task.add_done_callback(self.cache.background.discard)
            _, status, headers, body, _ = entry
            await _answer(send, status, headers, body)
            return
        await self._render(scope, key, gen, send)

    async def _later(self, scope, key: tuple, gen: int) -> None:
        """A background render, one at a time: during an ingest every page goes stale at
        each commit, and rendering them all at once would take the CPU from the readers
        (who are answered from the stale copies meanwhile)."""
        if self.slots is None:
            self.slots = asyncio.Semaphore(1)
        async with self.slots:
            await self._render(scope, key, gen, None)

    async def _render(self, scope, key: tuple, gen: int, send) -> None:
        """Run the app for this page and keep a cacheable answer; pass it on to ``send``
        (None: a background render, nobody waits for it)."""
        started: dict = {}
        chunks: list[bytes] = []

        async def no_body():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def capture(message):
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        try:
            await self.app(scope, no_body, capture)
        except BaseException:
            self.cache.done(key)
            raise
        status = started.get("status", 500)
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in started.get("headers", [])]
        body = b"".join(chunks)
        if status == 200 and not any(k.lower() == "set-cookie" for k, _ in headers):
            self.cache.keep(key, gen, status, [(k, v) for k, v in headers if k.lower() != "content-length"], body)
        else:
            self.cache.done(key)
        if send is not None:
            await _answer(send, status, headers, body)


async def _answer(send, status: int, headers: list, body: bytes) -> None:
    raw = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers if k.lower() != "content-length"]
    raw.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
