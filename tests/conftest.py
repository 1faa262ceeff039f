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


@pytest.fixture
def minimal_report():
    """A hand-built story report (storyline.report.schema): one article, one single-source
    group with a date finding, no quotes, no brief."""
    from storyline.report import schema as S

    art = S.ArticleEntry(id="a1", title="Flood", outlet="Daily", name="Daily", url=None, published="2025-01-02",
                         published_inferred=None, origin=S.ArticleOrigin(id="source:daily", label="Daily", kind="outlet",
                                                                         via=["a1"]),
                         text="Rain fell.", sentences=[S.Sentence(start=0, end=10, raw_start=0, raw_end=10)])
    member = S.Member(article_id="a1", claim_id="a1:0", text="Rain fell.", start=0, end=10, raw_start=0, raw_end=10,
                      sentence=0, hedges=[], attribution=None,
                      relay=S.Relay(kind="agency", key="reuters", text="Reuters", as_="the agency"),
                      copied_from=None, quantities=[], dates=[], quotes=[], entities=[], places=[], negated=False,
                      secondary=False, origin="source:daily", shared_origin=False)
    group = S.Group(verdict="single-source", label="Rain fell.", articles=["a1"],
                    origins=[S.GroupOrigin(id="source:daily", label="Daily", kind="outlet", articles=["a1"])],
                    independent_origins=1, shared_origin_likely=None, hedge_drift=None,
                    findings=[S.Finding(kind="date", relation="disjoint", a=S.FindingSide(article_id="a1", value="2025-01-01"),
                                        b=S.FindingSide(article_id="a1", value="2025-01-02"))],
                    members=[member], id="g1")
    return S.Report(schema=S.SCHEMA, story=S.Story(id="s1", articles=["a1"]), articles=[art], groups=[group],
                    counts={v: int(v == "single-source") for v in S.VERDICTS} | {"multi_article": 0},
                    single_source={"a1": ["g1"]}, quotes=[],
                    coverage=S.Coverage(articles=["a1"], rows=[], totals={"a1": {"lead": 0, "carries": 0, "absent": 0}}),
                    framing=[], timeline=[],
                    parameters=S.Parameters(method="lexical", threshold=0.2, weights={"word": 1.0}, secondary_margin=0.0,
                                            annotation_versions=["annotate-2"]))


@pytest.fixture(scope="session")
def claim_story():
    """Make a story of one-sentence articles: ``{id: (published day, text)}`` -> (articles,
    annotations, claim units), as compare builds them (the same-fact check tests)."""
    from storyline.annotate import annotate_articles
    from storyline.clean import clean_article
    from storyline.compare.units import build_units
    from storyline.options import Options
    from storyline.records import Article

    def make(texts: dict[str, tuple[str, str]]):
        arts = [clean_article(Article(id=k, raw_text=t, published=p + "T00:00:00+00:00")) for k, (p, t) in texts.items()]
        anns = list(annotate_articles(arts, Options(progress=False)))
        return arts, anns, build_units(arts, anns)

    return make


def pytest_report_header(config) -> str:
    state = "found" if DATA.is_dir() else "MISSING: tests that need it are skipped (set STORYLINE_SHARED)"
    return f"shared data: {DATA} ({state})"
