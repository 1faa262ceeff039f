"""One router per page family; every page has its JSON twin beside it."""

from . import articles, ingest, login, stories

# in the order the app matches them
ROUTERS = (stories.router, articles.router, ingest.router, login.router)

__all__ = ["ROUTERS"]
