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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import InputError, StorylineError
from ..options import Options
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


@dataclass
class IngestOutcome:
    new: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)
    story_id: str | None = None
    redirect: str | None = None
    pipeline: str = "complete"

    @property
    def stored(self) -> list[str]:
        return self.new + self.revised + self.unchanged

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


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


def run_ingest(req: IngestRequest, store: Store, options: Options) -> IngestOutcome:
    """Ingest the form's inputs, then annotate, cluster and compare what changed."""
    from .. import pipeline

    if req.empty():
        raise InputError("ingest form", "nothing to ingest: paste a text, choose a file or give a URL")
    opts = replace(options, progress=False)
    out = IngestOutcome()
    with tempfile.TemporaryDirectory(prefix="storyline-web-") as tmp:
        inputs = build_inputs(req, Path(tmp))
        result = pipeline.ingest(inputs, opts, store)
    out.new, out.unchanged, out.revised = list(result.new), list(result.unchanged), list(result.revised)
    out.errors = [_error_line(e, tmp) for e in result.errors]
    if out.stored:
        try:
            # an article or story that fails is one entry in the reply; the rest goes on
            out.stories = list(pipeline.process_new(store, opts, on_error=lambda e: out.errors.append(str(e))))
        except ImportError as exc:  # a stage not installed yet: keep the articles, say so
            out.pipeline = f"not run: {exc}"
        except StorylineError as exc:
            out.pipeline = f"failed: {exc}"
        except Exception as exc:  # a bug in a later stage must not hide that the articles were stored
            log.exception("pipeline after web ingest failed")
            out.pipeline = f"failed: {type(exc).__name__}: {exc}"
        for aid in out.stored:
            sid = store.story_of(aid)
            if sid:
                out.story_id = sid
                break
        out.redirect = f"/stories/{out.story_id}" if out.story_id else f"/articles/{quote(out.stored[0], safe='')}"
    return out


def _error_line(err: InputError, tmp: str) -> str:
    """One line naming the input; temporary paths are shown as the form field they came from."""
    line = str(err)
    return line.replace(str(Path(tmp) / "pasted.jsonl"), "pasted text").replace(tmp + "/", "upload ")
