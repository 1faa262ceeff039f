"""Every relative Markdown link in README.md, docs/ and benchmarks/ points to a file that
exists (anchors are not used: a section is named in words), and the figures of README.md's
"Measured" table are those of the benchmarks index's "Current figures" table, row by row."""

from __future__ import annotations

import re
from pathlib import Path

from shareddata import ROOT  # tests/ is on the path

LINK = re.compile(r"!?\[[^\]\n]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
REF = re.compile(r"^\s*\[[^\]\n]+\]:\s*(\S+)", re.M)
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def markdown_files() -> list[Path]:
    files = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md")),
             *sorted((ROOT / "benchmarks").rglob("*.md"))]
    return [f for f in files if f.is_file()]


def prose(md: str) -> str:
    """The text with code left out: fenced blocks, indented blocks, inline code."""
    md = re.sub(r"^```.*?^```", "", md, flags=re.S | re.M)
    md = re.sub(r"^(?: {4}|\t).*$", "", md, flags=re.M)
    return re.sub(r"`[^`\n]*`", "", md)


def test_relative_links_resolve():
    files = markdown_files()
    assert len(files) >= 10, files
    wrong = []
    for f in files:
        text = prose(f.read_text("utf-8"))
        for target in LINK.findall(text) + REF.findall(text):
            if re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
                continue
            name = f.relative_to(ROOT).as_posix()
            if "#" in target:
                wrong.append(f"{name}: {target} (an anchor: name the section in words)")
            elif not (f.parent / target).resolve().exists():
                wrong.append(f"{name}: {target}")
    assert not wrong, f"links to nothing: {wrong}"


def table_rows(md: str, after: str) -> list[list[str]]:
    """The rows of the first table after the line starting with ``after`` (header and rule left out)."""
    lines = md[md.index(after):].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip().strip("|").split("|")])
    return rows


def numbers(*cells: str) -> set[str]:
    return set(NUMBER.findall(" ".join(cells)))


def test_measured_tables_agree():
    readme = table_rows((ROOT / "README.md").read_text("utf-8"), "## Measured")
    index = table_rows((ROOT / "benchmarks" / "README.md").read_text("utf-8"), "## Current figures")
    assert len(readme) >= 15 and len(readme) == len(index), (len(readme), len(index))
    for (what, figure, _cmd), (iwhat, ifigure, baseline, target, _icmd, _page) in zip(readme, index):
        missing = numbers(what, figure) - numbers(iwhat, ifigure, baseline, target)
        extra = numbers(ifigure, baseline) - numbers(what, figure)
        assert not missing and not extra, (
            f"README.md's row {what!r} and the benchmarks index's {iwhat!r} differ: "
            f"only in README.md {sorted(missing)}, only in the index {sorted(extra)}")
