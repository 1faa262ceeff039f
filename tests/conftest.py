"""Shared fixtures (the browser tests' Chromium; helpers in tests/browsing.py)."""

from __future__ import annotations

import pytest

from browsing import BROWSER_ARGS, CHROMIUM


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=BROWSER_ARGS)
        yield b
        b.close()
