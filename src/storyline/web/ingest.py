"""Ingest from the web form: pasted text, an uploaded file or a URL, through the pipeline.

The form inputs are turned into ordinary pipeline inputs (a JSON Lines file for
pasted text with its metadata, the uploaded file under its own name, the URL as is),
so the web UI reads, cleans, refuses private URLs and stores exactly as the CLI does.
"""

from __future__ import annotations

import json
import logging
import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import InputError, StorylineError
from ..options import Options
from ..records import IngestResult
from ..store import Store

log = logging.getLogger(__name__)


@dataclass
class IngestRequest:
    text: str = ""
    title: str = ""
    outlet: str = ""
    published: str = ""
    article_url: str = ""
    fetch_url: str = ""
    filename: str = ""
    upload: bytes = b""

    def empty(self) -> bool:
        return not (self.text.strip() or self.fetch_url.strip() or self.upload)


def safe_filename(name: str) -> str:
    """The base name of an upload, reduced to safe characters (keeps the extension)."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^\w.\-]+", "_", base).strip("._") or "upload"
    return base[-120:]


def build_inputs(req: IngestRequest, workdir: Path) -> list[str]:
    """Write the form's inputs where the readers can take them; return the input list."""
    inputs: list[str] = []
    if req.text.strip():
        record = {"text": req.text}
        for key, value in (("title", req.title), ("outlet", req.outlet),
                           ("published", req.published), ("url", req.article_url)):
            if value.strip():
                record[key] = value.strip()
        path = workdir / "pasted.jsonl"
        path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        inputs.append(str(path))
    if req.upload:
        path = workdir / safe_filename(req.filename)
        path.write_bytes(req.upload)
        inputs.append(str(path))
    url = req.fetch_url.strip()
    if url:
        if not re.match(r"^https?://", url, re.I):
            raise InputError(url[:200], "only http:// and https:// URLs can be fetched")
        inputs.append(url)
    return inputs


def run_ingest(req: IngestRequest, store: Store, options: Options) -> IngestResult:
    """Ingest the form's inputs, then annotate, cluster and compare what changed."""
    from .. import pipeline

    if req.empty():
        raise InputError("ingest form", "nothing to ingest: paste a text, choose a file or give a URL")
    opts = replace(options, progress=False)
    with tempfile.TemporaryDirectory(prefix="storyline-web-") as tmp:
        inputs = build_inputs(req, Path(tmp))
        out = pipeline.ingest(inputs, opts, store)
    out.errors = [_as_form_field(e, tmp) for e in out.errors]
    if out.stored:
        try:
            # an article or story that fails is one entry in the reply; the rest goes on
            out.stories = list(pipeline.process_new(store, opts, on_error=out.errors.append))
        except StorylineError as exc:
            out.pipeline = f"failed: {exc}"
        except Exception as exc:  # request boundary: logged in full; the reply still says the articles were stored
            log.exception("pipeline after web ingest failed")
            out.pipeline = f"failed: {type(exc).__name__}: {exc}"
        for aid in out.stored:
            sid = store.story_of(aid)
            if sid:
                out.story_id = sid
                break
        out.redirect = f"/stories/{out.story_id}" if out.story_id else f"/articles/{quote(out.stored[0], safe='')}"
    return out


def _as_form_field(err: InputError, tmp: str) -> InputError:
    """The error naming the form field its input came from, not its temporary path."""
    def shown(text: str) -> str:
        return text.replace(str(Path(tmp) / "pasted.jsonl"), "pasted text").replace(tmp + "/", "upload ")

    return type(err)(shown(err.source), shown(err.reason))


def run_ingest_in_worker(req: IngestRequest, options: Options, progress_path: str) -> IngestResult:
    """``run_ingest`` in the server's ingest worker process, on a connection of its own.

    Parsing and annotating hold the interpreter lock for seconds; in their own process
    they leave the server's threads free to answer readers. Each stage's progress is
    written (at most every 0.2 s) to ``progress_path`` as JSON for ``/ingest/progress``.
    """
    import os
    import time

    from .. import pipeline

    last = [0.0]

    def report(label: str, done: int, total: int | None, final: bool = False) -> None:
        now = time.monotonic()
        if not final and done and now - last[0] < 0.2 and done != total:
            return
        last[0] = now
        tmp = progress_path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump({"running": not final, "stage": label, "done": done, "total": total}, fh)
        os.replace(tmp, progress_path)

    store = Store(options.db)
    try:
        with pipeline.reporting_progress(report):
            report("starting", 0, None)
            out = run_ingest(req, store, options)
    finally:
        store.close()
        report("finished", 0, None, final=True)
    return out


def read_progress(progress_path: str | None) -> dict[str, Any]:
    """The ingest worker's last report (``running`` False when none is running)."""
    if progress_path:
        try:
            with open(progress_path, encoding="utf-8") as fh:
                return json.load(fh)
        except (OSError, ValueError):
            pass  # not written yet, or being replaced: the same as idle
    return {"running": False, "stage": None, "done": 0, "total": None}
