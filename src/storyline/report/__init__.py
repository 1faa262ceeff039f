"""Story reports: Markdown, one self-contained HTML page, JSON (docs/report.md)."""

from __future__ import annotations

import dataclasses
import json

from ..errors import StorylineError
from .schema import MISSING, Brief, Report, validate

FORMATS = ("md", "html", "json")

__all__ = ["render", "render_formats", "load_templates", "read", "validate", "FORMATS", "Report"]


def read(report: dict | Report) -> Report:
    """A report dict (as stored) typed, with its brief (computed for a report stored before
    the brief existed). Raises ReportError on a malformed one."""
    from .brief import build_brief

    r = report if isinstance(report, Report) else Report.from_dict(report)
    if r.brief is MISSING:  # a copy: the caller's report is not changed
        r = dataclasses.replace(r, brief=Brief.from_dict(build_brief(r.to_dict()), "brief"))
    return r


def render(report: dict | Report, fmt: str) -> str:
    """Render a compare_story report (its dict, or the typed Report) as "md", "html" or "json"."""
    if fmt not in FORMATS:
        raise StorylineError(f"report format {fmt!r}: unknown; choose one of {', '.join(FORMATS)}")
    typed = report if isinstance(report, Report) else Report.from_dict(report)
    if fmt == "json":  # the report as given: a stored one without a brief stays without
        return json.dumps(typed.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        from .markdown import render_markdown

        return render_markdown(read(typed))
    from .html import render_html

    return render_html(read(typed))


def render_formats(report: dict | Report, fmts) -> dict[str, str]:
    """``render`` in each of ``fmts`` (fmt -> text), the report typed and its brief read once."""
    typed = report if isinstance(report, Report) else Report.from_dict(report)
    full = None
    out = {}
    for fmt in fmts:
        if fmt in ("md", "html"):
            full = full or read(typed)
            out[fmt] = render(full, fmt)
        else:
            out[fmt] = render(typed, fmt)
    return out


def load_templates() -> None:
    """Compile the report templates now (before forking workers, so each need not)."""
    from .html import _env as html_env
    from .markdown import _env as md_env

    html_env().get_template("report.html.j2")
    md_env().get_template("report.md.j2")
