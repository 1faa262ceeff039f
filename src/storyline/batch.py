"""Batches too big for one process: the same stage functions mapped over a Dask bag.

Reading, cleaning and annotating are pure per-article functions, so they partition
freely; clustering and comparison then run on the store (their indexes are
incremental). Dask is an optional extra (``pip install storyline[dask]``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import InputError, StorylineError
from .options import Options


def _expand(inputs: list[str]) -> list[str]:
    """One work item per file, so partitions balance (URLs and stdin stay whole)."""
    out: list[str] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            out.extend(str(f) for f in sorted(p.rglob("*")) if f.is_file() and not f.name.startswith("."))
        else:
            out.append(item)
    return out


def _annotate_one(path: str, options: Options) -> list[dict[str, Any]]:
    from .pipeline import annotate_inputs

    rows = []
    for item in annotate_inputs([path], options):
        if isinstance(item, InputError):
            rows.append({"error": str(item), "source": item.source})
        else:
            rows.append(item)
    return rows


def annotate_with_dask(inputs: list[str], options: Options, output: str | Path,
                       scheduler: str | None = None, partitions: int | None = None) -> dict[str, int]:
    """Annotate every input on a Dask scheduler, writing JSON Lines to ``output``.

    ``scheduler`` is a Dask scheduler address (``tcp://host:8786``) or ``None`` for
    local processes. Returns counts of articles written and inputs failed.
    """
    try:
        import dask.bag as db
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise StorylineError("Dask is not installed; pip install 'storyline[dask]'") from exc

    files = _expand(inputs)
    if not files:
        raise StorylineError("no inputs to annotate")
    bag = db.from_sequence(files, npartitions=partitions or min(len(files), 64))
    results = bag.map(_annotate_one, options).flatten()
    if scheduler:
        from dask.distributed import Client

        with Client(scheduler) as client:
            rows = client.compute(results).result()
    else:
        rows = results.compute(scheduler="processes" if options.processes > 1 else "sync")
    written = failed = 0
    with open(output, "w", encoding="utf-8") as fh:
        for row in rows:
            if "error" in row and "text" not in row:
                failed += 1
                continue
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            written += 1
    return {"articles": written, "failed": failed}
