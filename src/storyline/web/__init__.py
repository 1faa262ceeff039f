"""Web UI and JSON API (``storyline serve``): FastAPI, Jinja2 templates, vendored htmx."""

from .app import create_app
from .server import serve

__all__ = ["create_app", "serve"]
