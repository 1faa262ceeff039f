"""The docs say what the code does: the folder tree and the public functions of
docs/architecture.md, the keys of docs/annotations.md and docs/report.md (against what
the seeds produce, both ways; key names per top-level field), and the CLI commands of
the README (against click). And the tests keep their own rules: no test file imports
another, every test asserts something."""

from __future__ import annotations

import importlib
import json
import re
import shlex
from collections import defaultdict
from pathlib import Path

import pytest

from shareddata import ROOT  # tests/ is on the path

PACKAGE = ROOT / "src" / "storyline"
DOCS = ROOT / "docs"


def code_blocks(md: str, lang: str = "") -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", md, flags=re.S | re.M)


# --- docs/architecture.md ------------------------------------------------------------------

def documented_tree() -> list[str]:
    block = next(b for b in code_blocks((DOCS / "architecture.md").read_text("utf-8")) if b.startswith("src/storyline/"))
    # an entry starts two spaces in; deeper indented lines continue the one above
    return [m.group(1) for m in re.finditer(r"^  (\S+)", block, flags=re.M)]


def package_tree() -> set[str]:
    """Every folder (holding files) and every top-level module of the package."""
    out = {p.name for p in PACKAGE.glob("*.py")}
    for d in PACKAGE.rglob("*"):
        if d.is_dir() and d.name != "__pycache__" and any(f.is_file() for f in d.iterdir()):
            out.add(d.relative_to(PACKAGE).as_posix() + "/")
    return out


def test_architecture_tree_is_the_package():
    doc = documented_tree()
    assert len(doc) == len(set(doc)), f"listed twice: {sorted(e for e in doc if doc.count(e) > 1)}"
    real = package_tree()
    assert not set(doc) - real, f"docs/architecture.md names what does not exist: {sorted(set(doc) - real)}"
    assert not real - set(doc), f"not in the docs/architecture.md tree (one line each): {sorted(real - set(doc))}"


def public_names() -> list[str]:
    md = (DOCS / "architecture.md").read_text("utf-8")
    table = md[md.index("## Public functions"):]
    table = table[:table.index("\n## ", 3)]
    return sorted(set(re.findall(r"`(storyline(?:\.\w+)+)", table)))


def test_public_functions_import():
    names = public_names()
    assert len(names) >= 20, names
    missing = []
    for name in names:
        mod, _, attr = name.rpartition(".")
        try:
            getattr(importlib.import_module(mod), attr)
        except (ImportError, AttributeError) as exc:
            missing.append(f"{name} ({exc})")
    assert not missing, "docs/architecture.md names what does not import: " + "; ".join(missing)


def _resolves(dotted: str) -> bool:
    """``storyline.a.b.c``: the longest importable module prefix, then attributes."""
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        try:
            for attr in parts[i:]:
                obj = getattr(obj, attr)
        except AttributeError:
            return False
        return True
    return False


def test_every_module_the_docs_name_exists():
    """`storyline.x.y` names and `storyline/x/y.py` paths in the READMEs and docs/."""
    files = [ROOT / "README.md", ROOT / "benchmarks" / "README.md", *sorted(DOCS.glob("*.md")),
             *sorted((ROOT / "benchmarks" / "docs").glob("*.md"))]
    wrong = []
    for f in files:
        text = f.read_text("utf-8")
        for name in sorted(set(re.findall(r"`(storyline(?:\.[A-Za-z_]\w*)+)", text))):
            if not _resolves(name):
                wrong.append(f"{f.name}: {name}")
        for path in sorted(set(re.findall(r"(?<![\w/])(?:src/)?storyline/[\w/.-]*\w", text))):
            if not (ROOT / "src" / path.removeprefix("src/")).exists():
                wrong.append(f"{f.name}: {path}")
    assert not wrong, f"the docs name what does not exist: {wrong}"


# --- docs/annotations.md, docs/report.md ---------------------------------------------------

_TOKEN = re.compile(r'//[^\n]*|"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')


def jsonc_keys(block: str, sections: dict[str, set[str]], section: str | None = None,
               top: int | None = None) -> str | None:
    """Collect the keys of a JSON-with-comments sketch per top-level section: a string in
    key position of an object (``"k": v`` or the shorthand ``{"start", "end"}``). Keys of
    the outermost object name the sections (a sketch opening with ``"brief": {`` is the
    ``brief`` section); every key below goes to its section. Keys written ``<like this>``
    are placeholders (article ids) and skipped. Returns the last section seen."""
    stack: list[str] = []  # "{" or "["
    key_pos = False
    if top is None:  # depth of the section keys
        top = 0 if block.lstrip().startswith('"') else 1
    for tok in _TOKEN.findall(block):
        if tok.startswith("//"):
            continue
        if tok in "{[":
            stack.append(tok)
            key_pos = tok == "{"
        elif tok in "}]":
            stack.pop()
            key_pos = False
        elif tok == ",":
            key_pos = bool(stack) and stack[-1] == "{" or not stack
        elif tok == ":":
            key_pos = False
        elif tok.startswith('"') and (key_pos or (not stack and top == 0)):
            key = json.loads(tok)
            key_pos = False
            if key.startswith("<"):
                continue
            if len(stack) == top:
                section = key
                sections.setdefault(key, set())
            elif section is not None:
                sections[section].add(key)
    return section


def prose_keys(md: str, heading: str, sections: dict[str, set[str]]) -> None:
    """Keys named by backticked paths in the bullets under ``heading``: `quotes[].closed`
    (section ``quotes``), `speaker.kind` (the section whose sketch has a ``speaker`` key;
    else the bullet's, named by its first path). Module and function paths
    (`storyline....`) and single words are not read."""
    part = md[md.index(heading):]
    nxt = part.find("\n## ", 3)
    part = part[:nxt] if nxt > 0 else part
    for bullet in re.split(r"\n- ", part)[1:]:
        paths = [p for p in re.findall(r"`([a-z_]+(?:\[\])?(?:\.[a-z_]+(?:\[\])?)+|[a-z_]+\[\])`", bullet)
                 if not p.startswith("storyline.")]
        if not paths:
            continue
        own = re.match(r"[a-z_]+", paths[0]).group(0)
        for p in paths:
            words = re.findall(r"[a-z_]+", p)
            holders = [s for s, keys in sections.items() if words[0] in keys]
            section = words[0] if words[0] in sections else holders[0] if len(holders) == 1 else own
            for word in words:
                if word != section:
                    sections.setdefault(section, set()).add(word)


def produced_keys(records: list[dict], maps: tuple[str, ...]) -> dict[str, set[str]]:
    """Keys the code put in ``records``, per top-level key; ``maps`` are paths
    (``coverage.totals``) of dicts keyed by data (article ids, kinds), whose keys are not
    field names."""
    out: dict[str, set[str]] = defaultdict(set)

    def walk(value, section: str, path: str) -> None:
        if isinstance(value, list):
            for v in value:
                walk(v, section, path + "[]")
        elif isinstance(value, dict):
            keyed_by_data = path in maps
            for k, v in value.items():
                if not keyed_by_data:
                    out[section].add(k)
                walk(v, section, f"{path}.{'*' if keyed_by_data else k}")

    for rec in records:
        for k, v in rec.items():
            out[k]
            walk(v, k, k)
    return out


def compare_keys(doc: dict[str, set[str]], code: dict[str, set[str]], optional: dict[str, set[str]], name: str):
    undocumented = sorted(f"{s}: {k}" for s in code for k in code[s] - doc.get(s, set()))
    undocumented += sorted(f"(top level) {s}" for s in set(code) - set(doc))
    never = sorted(f"{s}: {k}" for s in doc for k in doc[s] - code.get(s, set()) - optional.get(s, set()))
    never += sorted(f"(top level) {s}" for s in set(doc) - set(code) - set(optional.get("", set())))
    produced_anyway = sorted(f"{s}: {k}" for s in optional for k in optional[s] & code.get(s, set()))
    assert not undocumented, f"keys the code produces that {name} does not document: {undocumented}"
    assert not produced_anyway, f"allow-listed as optional but the seeds produce them (drop them from the list): {produced_anyway}"
    assert not never, f"keys {name} documents that the seeds never produce (allow-list them if optional): {never}"


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory, seeds):
    """The seeds through `storyline run` (today pinned): their annotations and report."""
    from storyline import pipeline
    from storyline.options import Options
    from storyline.store import Store

    tmp = tmp_path_factory.mktemp("docs")
    opts = Options(db=str(tmp / "seeds.db"), today="2025-12-08", progress=False)
    result = pipeline.run([str(p) for p in seeds], opts, tmp / "out")
    assert not result.errors, result.errors
    store = Store(opts.db)
    try:
        anns = [store.get_annotation(a.id) for a in store.articles()]
        reports = [store.get_report(s["id"]) for s in store.stories()]
    finally:
        store.close()
    assert len(anns) == 2 and reports
    return {"annotations": anns, "reports": reports}


# Documented keys the seeds do not produce, each optional for a reason.
ANNOTATION_OPTIONAL = {
    # source.refers_to: only "according to the report" pointing back to a named document
    "attributions": {"refers_to"},
    # a quote resumed after its cue ("…,” he said, “…”): the seeds have none
    "quotes": {"continues", "continued"},
    # the lower bound of a story with no dated member: the seeds' story has one; the event
    # a dated member dates by a weekday the undated seed does not name
    "published_story": {"after", "from", "why", "event", "day", "member", "said", "theirs"},
}
REPORT_OPTIONAL = {
    # findings[].earlier / .later and their published: only a revision (the same slot
    # changing between reports of different days); the seeds' one dispute is a variant
    "groups": {"earlier", "later", "published"},
    # renderings[].diff ({op, from, to}) and changed_meaning: only an altered quote; the
    # seeds quote each other verbatim or trimmed
    "quotes": {"op", "from", "to"},
    # parameters.veto ({model, threshold}), parameters.holders, parameters.occasion_days and
    # parameters.speaker / modality / durations: only with Options.veto / holders / occasion_days / speaker /
    # modality / durations, off by default (parameters.clause and clause_tie: the tied clause check, on by default)
    "parameters": {"veto", "model", "holders", "occasion_days", "speaker", "modality", "durations"},
}
REPORT_MAPS = ("single_source", "coverage.rows[].cells", "coverage.totals", "framing[].hedge_counts",
               "framing[].voices[].kinds", "brief.outlets")


def annotation_doc_keys() -> dict[str, set[str]]:
    md = (DOCS / "annotations.md").read_text("utf-8")
    sections: dict[str, set[str]] = {}
    for block in code_blocks(md, "jsonc"):
        jsonc_keys(block, sections)
    prose_keys(md, "## Additional fields", sections)
    return sections


def report_doc_keys() -> dict[str, set[str]]:
    md = (DOCS / "report.md").read_text("utf-8")
    sections: dict[str, set[str]] = {}
    last = None
    for block in code_blocks(md, "jsonc"):
        last = jsonc_keys(block, sections, last)
    # the brief's `ref` ({"article_id", "sentence", "start", "end"}) is given in prose
    ref = re.search(r"a `ref` is `(\{.*?\})`", md)
    assert ref, "docs/report.md: the definition of a brief `ref` moved"
    jsonc_keys(ref.group(1), sections, "brief", top=0)
    return sections


# the timex tagger's own parse of each expression (grammar.py's fields, not schema)
ANNOTATION_MAPS = ("timex_parse.candidates[][]",)


def test_annotation_keys_match_the_docs(seed_run):
    compare_keys(annotation_doc_keys(), produced_keys(seed_run["annotations"], ANNOTATION_MAPS), ANNOTATION_OPTIONAL,
                 "docs/annotations.md")


def test_report_keys_match_the_docs(seed_run):
    compare_keys(report_doc_keys(), produced_keys(seed_run["reports"], REPORT_MAPS), REPORT_OPTIONAL, "docs/report.md")


def test_key_reader_reads_sketches():
    sections: dict[str, set[str]] = {}
    jsonc_keys('{"a": 1, "b": [{"c", "d": "x" | "y"}], // "e": 2\n "f": {"<id>": {"g": null}}}', sections)
    assert sections == {"a": set(), "b": {"c", "d"}, "f": {"g"}}
    assert produced_keys([{"m": {"id1": {"k": 1}}, "n": [{"o": 2}]}], ("m",)) == {"m": {"k"}, "n": {"o"}}


# --- README: CLI commands --------------------------------------------------------------------

def readme_commands() -> list[list[str]]:
    """Each `storyline ...` command line in the README's shell blocks, as tokens."""
    out = []
    for block in code_blocks((ROOT / "README.md").read_text("utf-8"), "sh"):
        for line in block.splitlines():
            line = line.split(" #")[0]
            for part in re.split(r"&&|\|", line):
                toks = shlex.split(part.split(">")[0])
                if toks and toks[0] == "storyline":
                    out.append(toks[1:])
    return out


def _option_names(cmd) -> set[str]:
    return {o for p in cmd.params for o in (*p.opts, *p.secondary_opts)} | {"--help"}


def test_readme_commands_are_the_cli():
    import click

    from storyline.cli import main

    takes_value = {o for p in main.params if not p.is_flag for o in p.opts}
    seen: set[str] = set()
    wrong = []
    for toks in readme_commands():
        i = 0
        while i < len(toks) and toks[i].startswith("-"):
            if toks[i] not in _option_names(main):
                wrong.append(f"storyline {' '.join(toks)}: no global option {toks[i]}")
            i += 2 if toks[i] in takes_value else 1
        assert i < len(toks), toks
        cmd, name = main.commands.get(toks[i]), toks[i]
        if cmd is None:
            wrong.append(f"storyline {' '.join(toks)}: no command {name!r}")
            continue
        rest = toks[i + 1:]
        if isinstance(cmd, click.Group):
            sub = cmd.commands.get(rest[0]) if rest else None
            if sub is None:
                wrong.append(f"storyline {' '.join(toks)}: no subcommand of {name}")
                continue
            seen.add(f"{name} {rest[0]}")
            cmd, rest = sub, rest[1:]
        seen.add(name)
        for t in rest:
            if t.startswith("-") and t.split("=")[0] not in _option_names(cmd):
                wrong.append(f"storyline {' '.join(toks)}: {name} has no option {t}")
    assert not wrong, wrong
    every = set(main.commands) | {f"{n} {s}" for n, c in main.commands.items() if isinstance(c, click.Group)
                                  for s in c.commands}
    assert not every - seen, f"commands the README's Use section does not show: {sorted(every - seen)}"


# --- the tests themselves --------------------------------------------------------------------

def _test_files() -> list[Path]:
    return sorted((ROOT / "tests").glob("*.py"))


def test_no_test_file_imports_another():
    bad = [f"{f.name}: {m.group(0)}" for f in _test_files()
           for m in re.finditer(r"^\s*(?:from test_\w+ import|import test_\w+).*$", f.read_text("utf-8"), flags=re.M)]
    assert not bad, f"shared helpers belong in a helper module or conftest.py: {bad}"


def test_every_test_asserts_something():
    """Each test function asserts, expects an exception, or calls a helper that does."""
    import ast

    def checks(node) -> bool:
        for n in ast.walk(node):
            if isinstance(n, ast.Assert):
                return True
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in ("raises", "warns", "fail"):
                return True
        return False

    trees = {f: ast.parse(f.read_text("utf-8")) for f in _test_files()}
    helpers = {n.name for t in trees.values() for n in ast.walk(t)
               if isinstance(n, ast.FunctionDef) and not n.name.startswith("test") and checks(n)}
    silent = []
    for f, tree in trees.items():
        for n in ast.walk(tree):
            if isinstance(n, ast.FunctionDef) and n.name.startswith("test_") and not checks(n):
                called = {c.func.id if isinstance(c.func, ast.Name) else getattr(c.func, "attr", None)
                          for c in ast.walk(n) if isinstance(c, ast.Call)}
                if not called & helpers:
                    silent.append(f"{f.name}::{n.name}")
    assert not silent, f"tests that assert nothing: {silent}"
