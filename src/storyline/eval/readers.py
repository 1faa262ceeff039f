"""Labelled JSON Lines files (gold data), read the same way by every evaluation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from ..errors import InputError


def labelled_records(path: str | Path, required: tuple[str, ...] = ()) -> Iterator[dict]:
    """Each record of a labelled JSON Lines file (blank lines skipped). A missing file, a
    line that is not a JSON object, or one without a ``required`` key is a one-line
    ``InputError`` naming the file and line: gold data is not skipped silently."""
    src = Path(path)
    if not src.is_file():
        raise InputError(str(path), "no such file")
    with src.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}", f"not JSON ({exc.msg})") from None
            missing = [k for k in required if not isinstance(rec, dict) or k not in rec]
            if missing:
                raise InputError(f"{path}:{n}", "a record needs " + " and ".join(f"'{k}'" for k in missing))
            yield rec
