"""The occasion check's day reading (compare/occasion.py, Options.occasion_days, off by
default): a claim's event days resolved against its own article's publication day, and two
claims more than OCCASION_DAY_GAP days apart are two occasions. Real claims (MEANTIME
mt_113219's market reports and ECB+ sentences of the hand-labelled stories), run through
annotate; both directions."""

from __future__ import annotations

import pytest

from storyline.compare import compare_story, occasion

TEXTS = {
    # MEANTIME mt_113219, labelled two facts (#11001): two trading days, each "today"
    "sep17": ("2008-09-17", "Stock markets around the world, particularly those in the United States, have fallen "
                            "dramatically today."),
    "oct06": ("2008-10-06", "Stock markets around the world have fallen dramatically today."),
    # a weekday is not read (the nearest Monday may be last week's): says nothing
    "oct06b": ("2008-10-07", "Stock markets around the world fell dramatically on Monday."),
    # "yesterday" of the 7th is the 6th
    "oct06c": ("2008-10-07", "Stock markets around the world fell dramatically yesterday."),
    # a day vs the week holding it (#11323: labelled two facts, but the week holds the day)
    "oct07": ("2008-10-07", "The Dow Jones index continued to fall today."),
    "week": ("2008-10-09", "Stock markets across the world fell dramatically this week."),
    # no date at all: read only as OCCASION_DAY_UNDATED says
    "bare": ("2008-10-24", "Stock markets around the world have fallen dramatically."),
    # the day the text is telling: "This is following ..." after "... today" (#11318's article)
    "narr": ("2008-10-24", "Stock markets across the world fell dramatically today. This is following the ongoing "
                           "events in the financial world and related statements by several politicians."),
    # a date that is no day of its own ("in 2004") leaves the event's day open
    "year": ("2011-10-06", "He has been fighting pancreatic cancer since 2004."),
    "year2": ("2011-01-17", "He fought pancreatic cancer in 2004."),
}


@pytest.fixture(scope="module")
def story(claim_story):
    return claim_story(TEXTS)


@pytest.fixture(scope="module")
def units(story):
    return {u["article_id"]: u for u in story[2]}


def _apart(units, x, y):
    with occasion.days_setting(True):
        return occasion.occasion_apart(units[x], units[y])


def test_days_resolved_against_each_article_part(units):
    assert units["sep17"]["published"] == "2008-09-17"
    assert _apart(units, "sep17", "oct06")
    assert not _apart(units, "oct06", "oct06c")  # "today" of the 6th and "yesterday" of the 7th: one day
    assert _apart(units, "sep17", "oct06c")
    assert occasion.event_days(units["oct06b"]) is None and not _apart(units, "sep17", "oct06b")


def test_a_week_holds_its_days(units):
    assert not _apart(units, "oct07", "week")


def test_off_by_default(units):
    assert not occasion.occasion_apart(units["sep17"], units["oct06"])


def test_a_claim_with_no_date_is_read_only_when_asked(units, monkeypatch):
    assert units["bare"]["narrative_day"] is None  # its article names no day before it
    monkeypatch.setattr(occasion, "OCCASION_DAY_UNDATED", "narrative")
    assert not _apart(units, "sep17", "bare")
    told = dict(units["bare"], narrative_day="2008-10-24")  # "... fell today. This is following ..."
    told.pop("_occasion_days", None)
    with occasion.days_setting(True):
        assert occasion.occasion_apart(units["sep17"], told)
    monkeypatch.setattr(occasion, "OCCASION_DAY_UNDATED", "none")
    assert occasion.event_days(units["bare"]) is None and not _apart(units, "sep17", "bare")
    monkeypatch.setattr(occasion, "OCCASION_DAY_UNDATED", "article")
    assert _apart(units, "sep17", "bare")


def test_the_narrative_day(story):
    second = [u for u in story[2] if u["article_id"] == "narr" and u["text"].startswith("This is")]
    assert second and second[0]["narrative_day"] == "2008-10-24" and not second[0]["timexes"]


def test_a_date_that_is_no_day_says_nothing(units):
    assert occasion.event_days(units["year"]) is None
    assert not _apart(units, "year", "year2")


def test_no_publication_date_says_nothing(units):
    undated = dict(units["oct06"], published=None)
    undated.pop("_occasion_days", None)
    with occasion.days_setting(True):
        assert occasion.event_days(undated) is None
        assert not occasion.occasion_apart(units["sep17"], undated)


def test_the_gap(units, monkeypatch):
    monkeypatch.setattr(occasion, "OCCASION_DAY_GAP", 30)
    assert not _apart(units, "sep17", "oct06")  # 19 days
    monkeypatch.setattr(occasion, "OCCASION_DAY_GAP", 0)
    assert _apart(units, "sep17", "oct06")


def test_the_switch_in_compare_story_and_its_record(story):
    arts, anns, _ = story
    pick = [i for i, a in enumerate(arts) if a.id in ("sep17", "oct06")]
    arts, anns = [arts[i] for i in pick], [anns[i] for i in pick]

    def together(report):
        return any(len({m["article_id"] for m in g["members"]}) == 2 for g in report["groups"])

    off = compare_story({"id": "s"}, arts, anns, [])
    on = compare_story({"id": "s"}, arts, anns, [], occasion_days=True)
    assert together(off) and not together(on)
    assert "occasion_days" not in off["parameters"]
    assert on["parameters"]["occasion_days"] == [occasion.OCCASION_DAY_GAP, occasion.OCCASION_DAY_UNDATED]
