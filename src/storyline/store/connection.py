"""Opening a store: the connection, its pragmas, waiting out locks, transactions."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from pathlib import Path
from typing import Iterator

from ..errors import StoreError
from . import migrations

# Seconds SQLite itself waits for a lock (its busy handler), then attempts with growing
# pauses before a write gives up: several processes share a store (an ingest while
# ``cluster`` or ``serve`` runs), and every write transaction is kept short.
BUSY_TIMEOUT = 10.0
BUSY_RETRIES = 6
BUSY_BACKOFF = 0.05  # seconds, doubled after each attempt


def _busy(exc: sqlite3.OperationalError) -> bool:
    msg = str(exc)
    return "locked" in msg or "busy" in msg


class Connection:
    """One SQLite connection to a store, migrated to the latest schema on opening for
    writing; a ``readonly`` one never writes and refuses a store of another version."""

    def __init__(self, path: str | Path = "storyline.db", readonly: bool = False):
        self.path = str(path)
        self.readonly = readonly
        if self.path != ":memory:" and not readonly:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        if readonly and self.path != ":memory:" and not Path(self.path).is_file():
            raise StoreError(f"{self.path}: no such store (a reader does not create one)")
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                      timeout=BUSY_TIMEOUT)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA foreign_keys = ON")
            if readonly:
                self.db.execute("PRAGMA query_only = ON")
                if self.version != len(migrations.MIGRATIONS):  # a reader never migrates
                    raise StoreError(f"{self.path}: schema version {self.version}, not "
                                     f"{len(migrations.MIGRATIONS)}: open it once for writing first")
                return
            if self.path != ":memory:":
                self._retry(lambda: self.db.execute("PRAGMA journal_mode = WAL"))
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable storyline database ({exc})") from exc

    def _retry(self, step):
        """Run ``step``, again after a growing pause while the database is locked."""
        pause = BUSY_BACKOFF
        for attempt in range(BUSY_RETRIES):
            try:
                return step()
            except sqlite3.OperationalError as exc:
                if not _busy(exc) or attempt == BUSY_RETRIES - 1:
                    raise
            time.sleep(pause)
            pause *= 2

    @property
    def version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> None:
        migrations.migrate(self)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        if self.db.in_transaction:  # nested: join the outer transaction
            yield self.db
            return
        self._retry(lambda: self.db.execute("BEGIN IMMEDIATE"))
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version``: changes whenever another connection (of this
        process or another) commits, so a poller learns of a change without reading data."""
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    def count(self, table: str = "articles") -> int:
        return self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def close(self) -> None:
        self.db.close()
