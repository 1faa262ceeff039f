"""Run the web app with uvicorn, refusing to expose a store without a token."""

from __future__ import annotations

import logging
import os
import re

from ..errors import StorylineError
from ..options import Options
from .security import is_loopback


def check_binding(host: str, token: str | None) -> None:
    """A non-loopback host needs a token: anyone who can reach it could read and write the store."""
    if not is_loopback(host) and not token:
        raise StorylineError(
            f"refusing to serve on {host} without an access token: pass --token TOKEN or set STORYLINE_TOKEN "
            "(or bind to 127.0.0.1)")
    if token is not None and len(token) < 8:
        raise StorylineError("access token too short: use at least 8 characters")


KEEP_ALIVE = 5             # seconds an idle connection is kept
HEADER_TIMEOUT = 10.0      # seconds from connecting (or the last answer) to a complete request head
LIMIT_CONCURRENCY = 200    # open connections + tasks before 503
MAX_HEADER_BYTES = 64 * 1024


def serve(options: Options, host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> None:
    """Serve the store at ``options.db`` on host:port until interrupted."""
    import uvicorn
    from starlette.middleware.trustedhost import TrustedHostMiddleware

    from .app import create_app

    token = token or os.environ.get("STORYLINE_TOKEN") or None
    check_binding(host, token)
    app = create_app(options, token=token, ingest_process=True)
    if not token:
        # Loopback without a token: only accept loopback Host headers (blocks DNS rebinding).
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=["127.0.0.1", "localhost", "[::1]", "::1", host])
    logging.getLogger("uvicorn.access").addFilter(RedactToken())
    # slow or idle clients: an idle keep-alive connection is closed after 5 s, and past
    # LIMIT_CONCURRENCY open connections new requests get 503 at once rather than
    # queueing behind half-sent ones
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False, proxy_headers=False,
                http=header_timeout_protocol(), timeout_keep_alive=KEEP_ALIVE, limit_concurrency=LIMIT_CONCURRENCY,
                h11_max_incomplete_event_size=MAX_HEADER_BYTES, timeout_graceful_shutdown=5)


def header_timeout_protocol():
    """uvicorn's h11 protocol, closing a connection whose request head is not complete
    within ``HEADER_TIMEOUT`` seconds of connecting (or of the last answer on it).

    uvicorn has no such timeout: a client sending a header line now and then (slowloris),
    or nothing at all, held its connection for as long as it liked.
    """
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class HeaderTimeout(H11Protocol):
        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            self._arm()

        def _arm(self) -> None:
            self._head_deadline = self.loop.call_later(HEADER_TIMEOUT, self._head_timeout)

        def _head_timeout(self) -> None:
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                self.transport.close()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self.conn.their_state is not h11.IDLE:  # the request head is in
                self._head_deadline.cancel()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._head_deadline.cancel()
            if not self.transport.is_closing():
                self._arm()

        def connection_lost(self, exc) -> None:
            self._head_deadline.cancel()
            super().connection_lost(exc)

    return HeaderTimeout


class RedactToken(logging.Filter):
    """Keep ``?token=...`` (the one-time login link) out of the access log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_TOKEN.sub(r"\1***", a) if isinstance(a, str) else a for a in record.args)
        return True


_TOKEN = re.compile(r"([?&]token=)[^&\s]*")
