"""storyline: make sense of many news reports of the same events.

Python API (each CLI command calls one of these)::

    from storyline import Options, Store, pipeline
    opts = Options(db="storyline.db")
    result = pipeline.run(["examples/"], opts, "out")
"""

from .errors import InputError, StorylineError
from .options import Options
from .records import Article, Edit
from .store import Store

__version__ = "0.1.0"
__all__ = ["Article", "Edit", "InputError", "Options", "Store", "StorylineError", "__version__"]
