"""Where the shared labelled data is: $STORYLINE_SHARED, else the ``shared/`` folder beside
the repository (as CI lays it out). ``DATA`` may not exist: callers skip, saying so
(``require``)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    env = os.environ.get("STORYLINE_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


SHARED = shared_dir()
DATA = SHARED / "data"


def require(name: str) -> Path:
    """``DATA / name``, or skip the calling test with a message naming the missing path."""
    path = DATA / name if name else DATA
    if not path.exists():
        import pytest

        pytest.skip(f"shared data missing: {path} (set STORYLINE_SHARED to the folder holding data/)")
    return path
