"""Story reports: Markdown, one self-contained HTML page, JSON (docs/report.md)."""

from __future__ import annotations

import dataclasses
from json.encoder import encode_basestring

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
        return indented_json(typed.to_dict()) + "\n"
    if fmt == "md":
        from .markdown import render_markdown

        return render_markdown(read(typed))
    from .html import render_html

    return render_html(read(typed))


def render_formats(report: dict | Report, fmts, as_dict: dict | None = None) -> dict[str, str]:
    """``render`` in each of ``fmts`` (fmt -> text), the report typed and its brief read once.

    ``as_dict``: the typed ``report``'s JSON form when the caller has it (``to_dict()``
    of it, brief included), written as the JSON format instead of being made again.
    """
    typed = report if isinstance(report, Report) else Report.from_dict(report)
    full = None
    out = {}
    for fmt in fmts:
        if fmt in ("md", "html"):
            full = full or read(typed)
            out[fmt] = render(full, fmt)
        elif as_dict is not None:
            out[fmt] = indented_json(as_dict) + "\n"
        else:
            out[fmt] = render(typed, fmt)
    return out


def load_templates() -> None:
    """Compile the report templates now (before forking workers, so each need not)."""
    from .html import _env as html_env
    from .markdown import _env as md_env

    html_env().get_template("report.html.j2")
    md_env().get_template("report.md.j2")


def indented_json(obj) -> str:
    """``json.dumps(obj, ensure_ascii=False, indent=2)``, the same text at about half the
    cost: with an indent the standard library encodes in Python generators, one per
    nesting level (2.2 of the 4.8 CPU s of rendering 204 reports); here one recursive
    function appends to a list, and strings still go through its C escaper."""
    parts: list[str] = []
    _indent_into(obj, parts, "\n")
    return "".join(parts)


def _json_float(o: float) -> str:
    if o != o:
        return "NaN"
    if o in (float("inf"), float("-inf")):
        return "Infinity" if o > 0 else "-Infinity"
    return float.__repr__(o)


def _json_key(k) -> str:
    if isinstance(k, str):
        return k
    if isinstance(k, float):
        return _json_float(k)
    if k is True or k is False or k is None:
        return {True: "true", False: "false", None: "null"}[k]
    if isinstance(k, int):
        return int.__repr__(k)
    raise TypeError(f"keys must be str, int, float, bool or None, not {k.__class__.__name__}")


_KEYS: dict[str, str] = {}  # a key's JSON and ": " (reports repeat a few hundred keys)


def _indent_into(o, parts: list[str], nl: str) -> None:
    """Append the JSON of ``o``, nested at the indentation ``nl`` ends with (json's order of
    tests). A container's plain scalars are written in its own loop (no call per value)."""
    if isinstance(o, str):
        parts.append(encode_basestring(o))
    elif o is None:
        parts.append("null")
    elif o is True:
        parts.append("true")
    elif o is False:
        parts.append("false")
    elif isinstance(o, int):
        parts.append(int.__repr__(o))
    elif isinstance(o, float):
        parts.append(_json_float(o))
    elif isinstance(o, (list, tuple)):
        if not o:
            parts.append("[]")
            return
        inner = nl + "  "
        sep, comma = "[" + inner, "," + inner
        for v in o:
            t = type(v)
            if t is str:
                parts.append(sep + encode_basestring(v))
            elif t is int:
                parts.append(sep + int.__repr__(v))
            else:
                parts.append(sep)
                _indent_into(v, parts, inner)
            sep = comma
        parts.append(nl + "]")
    elif isinstance(o, dict):
        if not o:
            parts.append("{}")
            return
        inner = nl + "  "
        sep, comma = "{" + inner, "," + inner
        for k, v in o.items():
            if type(k) is str:
                kc = _KEYS.get(k)
                if kc is None:
                    kc = encode_basestring(k) + ": "
                    if len(_KEYS) < 4096:  # bounded: keys that are data (article ids) come and go
                        _KEYS[k] = kc
            else:
                kc = encode_basestring(_json_key(k)) + ": "
            head = sep + kc
            t = type(v)
            if t is str:
                parts.append(head + encode_basestring(v))
            elif t is int:
                parts.append(head + int.__repr__(v))
            elif v is None:
                parts.append(head + "null")
            elif t is bool:
                parts.append(head + ("true" if v else "false"))
            elif t is float:
                parts.append(head + _json_float(v))
            else:
                parts.append(head)
                _indent_into(v, parts, inner)
            sep = comma
        parts.append(nl + "}")
    else:
        raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")
