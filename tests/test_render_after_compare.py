"""Reports rendered right after their comparison (from the typed report compare made) are
the files rendering the stored report gives, byte for byte."""

from __future__ import annotations

from pathlib import Path

from storyline import pipeline
from storyline.options import Options
from storyline.store import Store

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_files_rendered_after_compare_equal_the_stored_reports(tmp_path):
    opts = Options(db=str(tmp_path / "s.db"), today="2026-12-06", processes=1, progress=False)
    store = Store(opts.db)
    pipeline.ingest([str(EXAMPLES)], opts, store)
    pipeline.annotate_store(store, opts)
    changed = pipeline.update_stories(store, opts)
    assert changed
    now, later = tmp_path / "now", tmp_path / "later"
    now.mkdir()
    later.mkdir()
    rendered: set[str] = set()
    errors: list = []
    done = pipeline.compare_stories(store, changed, opts, on_error=errors.append, out_dir=now, rendered=rendered)
    assert not errors and sorted(done) == sorted(changed) and rendered == set(changed)
    from storyline.store.reports import report_json

    for sid in changed:
        # the stored text (made from the JSON file's text) is the report's own serialisation
        stored = store.db.execute("SELECT data FROM reports WHERE story_id = ?", (sid,)).fetchone()[0]
        assert stored == report_json(store.get_report(sid)), sid
        paths = pipeline.write_report_files(later, sid, store.get_report(sid))
        for fmt, p in paths.items():
            fresh = (now / Path(p).name).read_bytes()
            assert fresh == Path(p).read_bytes(), (sid, fmt)
            assert len(fresh) > 1000
    store.close()


def test_rendering_leaves_no_cycle_holding_the_report(minimal_report):
    """Rendered Markdown and HTML leave nothing that keeps the report alive (the jinja
    contexts are emptied after): it is freed at once, not by the cyclic collector; and
    the templates import macros with context only (a module imported without context is
    cached by jinja and must keep its variables)."""
    import gc
    import re
    import weakref

    from storyline.report import Report, read, render

    full = read(Report.from_dict(minimal_report.to_dict()))
    texts = {fmt: render(full, fmt) for fmt in ("md", "html")}
    enabled = gc.isenabled()
    gc.disable()
    try:
        for fmt in ("md", "html", "md"):
            typed = read(Report.from_dict(minimal_report.to_dict()))
            alive = weakref.ref(typed)
            assert render(typed, fmt) == texts[fmt]  # the same text, rendered again
            del typed
            assert alive() is None, fmt
    finally:
        if enabled:
            gc.enable()
    templates = Path(__file__).resolve().parent.parent / "src" / "storyline" / "report" / "templates"
    for t in templates.glob("*.j2"):
        for tag in re.findall(r"{%-?\s*(?:import|from)\s[^%]*%}", t.read_text(encoding="utf-8")):
            assert "with context" in tag, (t.name, tag)
