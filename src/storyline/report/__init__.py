"""Story reports: Markdown, one self-contained HTML page, JSON (docs/report.md)."""

from __future__ import annotations

import json

from ..errors import StorylineError
from .schema import validate

FORMATS = ("md", "html", "json")

__all__ = ["render", "validate", "FORMATS"]


def render(report: dict, fmt: str) -> str:
    """Render a compare_story report as "md", "html" or "json"."""
    if fmt not in FORMATS:
        raise StorylineError(f"report format {fmt!r}: unknown; choose one of {', '.join(FORMATS)}")
    validate(report)
    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        from .markdown import render_markdown

        return render_markdown(report)
    from .html import render_html

    return render_html(report)
