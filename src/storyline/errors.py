"""Every error storyline raises on purpose, in one place.

Each message says what is wrong and, where it helps, what is available. ``str(err)``
is one line that names the input.
"""

from __future__ import annotations


class StorylineError(Exception):
    """Base class: a problem the user can act on (no traceback shown by the CLI)."""


class InputError(StorylineError):
    """One input could not be read; the rest of a batch goes on."""

    def __init__(self, source: str, reason: str):
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")

    def __reduce__(self):  # pickled whole (from the web server's ingest worker process)
        return (type(self), (self.source, self.reason))


class UnsupportedFormat(InputError):
    pass


class FetchRefused(InputError):
    """A URL was refused before fetching (private address, scheme, ...)."""


class NotFound(StorylineError):
    def __init__(self, kind: str, key: str, available: list[str] | None = None):
        hint = ""
        if available is not None:
            shown = ", ".join(available[:10]) or "none"
            more = f" (and {len(available) - 10} more)" if len(available) > 10 else ""
            hint = f"; available: {shown}{more}"
        super().__init__(f"no {kind} {key!r}{hint}")


class StoreError(StorylineError):
    pass


class ModelMissing(StorylineError):
    """The spaCy English model is not installed."""


class ExtraMissing(StorylineError):
    """A feature needs an optional third-party extra that is not installed."""

    def __init__(self, feature: str, extra: str, missing: str):
        self.feature, self.extra, self.missing = feature, extra, missing
        super().__init__(f"{feature} needs the optional '{extra}' extra ({missing} is not installed): "
                         f"pip install 'storyline[{extra}]'")

    def __reduce__(self):  # pickled whole (raised in a worker process)
        return (type(self), (self.feature, self.extra, self.missing))


class ReportError(StorylineError):
    """A report dict does not follow docs/report.md."""
