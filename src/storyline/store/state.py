"""Small named values: the clustering cursor, annotation failures."""

from __future__ import annotations


class State:
    """A key-value table (a part of ``Store``)."""

    def get_state(self, key: str) -> bytes | None:
        row = self.db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else None

    def put_state(self, key: str, value: bytes | str) -> None:
        with self.transaction():
            self.db.execute("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", (key, value))

    def delete_state(self, key: str) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM state WHERE key = ?", (key,))
