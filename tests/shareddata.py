"""Where the shared labelled data is: $STORYLINE_SHARED, else the ``shared/`` folder beside
the repository (as CI lays it out). ``DATA`` may not exist: callers skip, saying so."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    env = os.environ.get("STORYLINE_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


SHARED = shared_dir()
DATA = SHARED / "data"
