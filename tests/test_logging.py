"""Nothing falls back silently: a fallback taken is logged naming its input, a failure
reported as one line keeps its traceback for -vv, and a missing extra names what to install."""

from __future__ import annotations

import logging
import pickle
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.errors import ExtraMissing
from storyline.ingest.html import _page_meta, fragment_to_text

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_unreadable_fragment_markup_is_logged_and_its_text_kept(caplog):
    # lxml.html asserts on a fragment holding a whole (empty) document before the text
    with caplog.at_level(logging.WARNING, logger="storyline"):
        text = fragment_to_text("<html></html>Police said two men were held.", "feed.xml#entry3")
    assert text == "Police said two men were held."
    (rec,) = caplog.records
    assert rec.name == "storyline.ingest.html" and rec.levelno == logging.WARNING
    assert rec.getMessage().startswith("feed.xml#entry3: markup unreadable (AssertionError")


def test_readable_fragment_logs_nothing(caplog):
    with caplog.at_level(logging.DEBUG, logger="storyline"):
        assert fragment_to_text("<p>One.</p><p>Two.</p>", "feed.xml#entry1") == "One.\nTwo."
    assert not caplog.records


def test_unreadable_page_metadata_is_logged(caplog):
    with caplog.at_level(logging.WARNING, logger="storyline"):
        assert _page_meta("   ", "page.html") == {}
    (rec,) = caplog.records
    assert rec.getMessage().startswith("page.html: page metadata unreadable (ParserError")


def _boom(self, art):
    raise RuntimeError("disk on fire")


def test_cli_shows_a_failures_traceback_only_with_vv(tmp_path, monkeypatch):
    from storyline.store import Store

    monkeypatch.setattr(Store, "add_article", _boom)
    quiet = CliRunner().invoke(main, ["--db", str(tmp_path / "a.db"), "ingest", str(EXAMPLES)])
    assert quiet.exit_code == 1
    assert "storing failed (RuntimeError: disk on fire)" in quiet.stderr
    assert "Traceback" not in quiet.stderr
    loud = CliRunner().invoke(main, ["-vv", "--db", str(tmp_path / "b.db"), "ingest", str(EXAMPLES)])
    assert loud.exit_code == 1
    assert "DEBUG storyline.pipeline: article " in loud.stderr
    assert "Traceback" in loud.stderr and "RuntimeError: disk on fire" in loud.stderr
    # the level follows each invocation (one process runs many in tests and in the web worker)
    CliRunner().invoke(main, ["--db", str(tmp_path / "c.db"), "articles"])
    assert logging.getLogger("storyline").level == logging.WARNING


def test_missing_embeddings_extra_names_the_extra(monkeypatch):
    from storyline.compare import embed

    monkeypatch.setitem(sys.modules, "torch", None)  # import torch -> ImportError
    embed._model.cache_clear()
    try:
        assert not embed.available()
        with pytest.raises(ExtraMissing) as err:
            embed.cosine_matrix(["a", "b"])
    finally:
        embed._model.cache_clear()
    assert "pip install 'storyline[embeddings]'" in str(err.value) and "torch" in str(err.value)
    again = pickle.loads(pickle.dumps(err.value))  # from a compare worker process, whole
    assert isinstance(again, ExtraMissing) and str(again) == str(err.value)


def test_missing_dask_extra_names_the_extra(monkeypatch):
    from storyline.pipeline import batch

    monkeypatch.setitem(sys.modules, "dask.bag", None)
    with pytest.raises(ExtraMissing, match=r"pip install 'storyline\[dask\]'"):
        batch._dask()
