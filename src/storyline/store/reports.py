"""Compared stories' reports."""

from __future__ import annotations

import json
import re
import time
from typing import Any


class Reports:
    """A report per story (a part of ``Store``)."""

    def put_report(self, story_id: str, report: dict[str, Any] | str) -> None:
        """Store a story's report: the dict, or its text as ``report_json`` gives it (a
        worker that already made it need not send the dict)."""
        text = report if isinstance(report, str) else report_json(report)
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO reports (story_id, data, created_at) VALUES (?, ?, ?)",
                (story_id, text, time.time()),
            )

    def drop_reports(self, story_ids: list[str]) -> None:
        """Forget the reports of these stories (made for members they no longer have)."""
        with self.transaction():
            self.db.executemany("DELETE FROM reports WHERE story_id = ?", [(sid,) for sid in story_ids])

    def stories_without_report(self) -> list[str]:
        """Ids of stories never compared (an index lookup, not a read of every story)."""
        rows = self.db.execute("SELECT id FROM stories WHERE id NOT IN (SELECT story_id FROM reports) ORDER BY id")
        return [r[0] for r in rows]

    def get_report(self, story_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT data FROM reports WHERE story_id = ?", (story_id,)).fetchone()
        return json.loads(row["data"]) if row else None


def report_json(report: dict[str, Any]) -> str:
    """A report as the store keeps it."""
    return json.dumps(report, ensure_ascii=False)


_ITEM_BREAK = re.compile(r",\n *")
_BREAK = re.compile(r"\n *")


def report_json_from_indented(text: str) -> str:
    """``report_json`` of a report from its ``json.dumps(indent=2, ensure_ascii=False)``
    text, with no second serialisation: in that text every line break (with the
    indentation after it) is layout, as a string's own line breaks are escaped, so an item
    separator's becomes ", " and any other goes."""
    return _BREAK.sub("", _ITEM_BREAK.sub(", ", text))
