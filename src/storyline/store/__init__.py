"""The embedded SQLite store: articles, revisions, annotations, copies, stories, reports.

The only place with SQL. ``Store`` joins one part per concern over one connection:
``connection`` (opening, pragmas, locks, transactions), ``migrations`` (the versioned
schema), ``articles`` (articles, revisions, search, annotations), ``copies`` (copy
relations and the copy-detection index), ``stories`` (stories, members and the
clustering's features, centroids and postings), ``reports`` and ``state``. Every write
happens in a transaction, so a crash mid-batch loses no article already committed; a
method called inside ``transaction()`` joins it.
"""

from __future__ import annotations

from .articles import ARTICLE_COLUMNS, Articles, _article_values, reference_key
from .connection import Connection
from .copies import Copies
from .migrations import MIGRATIONS
from .reports import Reports
from .state import State
from .stories import Stories

__all__ = ["ARTICLE_COLUMNS", "MIGRATIONS", "Store", "_article_values", "reference_key"]


class Store(Articles, Copies, Stories, Reports, State, Connection):
    """A storyline database. ``Store(":memory:")`` works for tests.

    ``readonly=True`` opens a connection that never writes (the web server keeps a few
    for pages, so reads never wait behind a writer: WAL readers see the last commit).
    """
