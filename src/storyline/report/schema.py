"""Minimal structural check of a report dict (the contract in docs/report.md)."""

from __future__ import annotations

from ..errors import StorylineError

# the verdicts a claim group can have, in the order of the report's counts: defined here
# once (compare decides them, report and web draw them)
VERDICTS = ("corroborated", "conflicting", "revision", "variant", "single-source")
REQUIRED = ("schema", "story", "articles", "groups", "quotes", "coverage", "framing", "timeline")


class ReportError(StorylineError):
    """A report dict does not follow docs/report.md."""


def validate(report: dict) -> None:
    """Raise ReportError (one line naming the report and the reason) if malformed."""
    if not isinstance(report, dict):
        raise ReportError(f"report: expected a dict, got {type(report).__name__}")
    name = f"report {(report.get('story') or {}).get('id', '?')}"
    missing = [k for k in REQUIRED if k not in report]
    if missing:
        raise ReportError(f"{name}: missing field(s) {', '.join(missing)}")
    if not str(report["schema"]).startswith("storyline-report/"):
        raise ReportError(f"{name}: unknown schema {report['schema']!r}")
    ids = {a.get("id") for a in report["articles"]}
    if "brief" in report:
        _validate_brief(name, report["brief"], ids)
    for g in report["groups"]:
        if g.get("verdict") not in VERDICTS:
            raise ReportError(f"{name}: group {g.get('id')} has verdict {g.get('verdict')!r}, not one of {', '.join(VERDICTS)}")
        if not isinstance(g.get("origins"), list):
            raise ReportError(f"{name}: group {g.get('id')} has no origins list")
        for m in g.get("members", []):
            if m.get("article_id") not in ids:
                raise ReportError(f"{name}: group {g.get('id')} cites unknown article {m.get('article_id')!r}")


BRIEF_LISTS = ("confirmed", "disputed", "single_source", "voices", "timeline")


def _validate_brief(name: str, brief, ids: set) -> None:
    if not isinstance(brief, dict):
        raise ReportError(f"{name}: brief is not an object")
    missing = [k for k in ("title", "summary", *BRIEF_LISTS) if k not in brief]
    if missing:
        raise ReportError(f"{name}: brief lacks {', '.join(missing)}")
    for k in BRIEF_LISTS:
        items = brief[k]
        if not isinstance(items, list) or len(items) > 7:
            raise ReportError(f"{name}: brief.{k} must be a list of at most 7 items")
        for it in items:
            if not isinstance(it, dict):
                raise ReportError(f"{name}: brief.{k} holds {type(it).__name__}, not an object")
            refs = list(it.get("refs") or []) + ([it["ref"]] if it.get("ref") is not None else [])
            for r in refs:
                if not isinstance(r, dict) or r.get("article_id") not in ids:
                    raise ReportError(f"{name}: brief.{k} cites unknown article "
                                      f"{r.get('article_id') if isinstance(r, dict) else r!r}")
