"""Shared fixtures: the repository's seeds, the shared labelled data (found through
tests/shareddata.py, skipping loudly when it is missing), the browser tests' Chromium
(helpers in tests/browsing.py).

Helper modules beside the tests (browsing, comparecases, fuzzcases, ingestcases,
shareddata, speedcases, webstore) hold what several test files use; no test file
imports another one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browsing import BROWSER_ARGS, CHROMIUM
from shareddata import DATA, ROOT, require


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def seeds() -> list[Path]:
    """The two founding articles in examples/, in name order."""
    paths = sorted((ROOT / "examples").glob("*.txt"))
    assert len(paths) == 2, paths
    return paths


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared data folder (``data/`` of $STORYLINE_SHARED, else ../shared beside the
    repository); the test is skipped, naming the path, when it is not there."""
    return require("")


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=BROWSER_ARGS)
        yield b
        b.close()


def pytest_report_header(config) -> str:
    state = "found" if DATA.is_dir() else "MISSING: tests that need it are skipped (set STORYLINE_SHARED)"
    return f"shared data: {DATA} ({state})"
