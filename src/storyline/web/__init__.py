"""Web UI and JSON API (``storyline serve``): FastAPI, Jinja2 templates, vendored htmx.

Pages (each with a JSON twin at the same path + ``.json``, or ``Accept: application/json``;
all described in ``/openapi.json``):

  /, /stories          story list: full-text search ``q`` (FTS5), ``from``/``to`` dates, ``outlet``, pages
  /stories/{id}        timeline (inline SVG), claims by verdict, coverage matrix, quotes, framing
  /articles            every article; /articles/{id}: raw text with cleaning edits, annotated clean text
  /ingest              paste / upload / URL -> pipeline.ingest + pipeline.process_new -> the story
  /login               token form (only when the server has a token)

Safety: autoescaped templates, CSP without inline script, signed double-submit CSRF
tokens on posts, a body size limit (413), private URLs refused by the ingest readers,
and a required access token on non-loopback hosts.
"""

from .app import create_app
from .server import serve

__all__ = ["create_app", "serve"]
