"""Two claims of one kind of event are not one fact (compare/occasion.py, in
grouping.not_one_fact): written dates that cannot overlap, other organisations as the subject of
one predicate. Real claims (ECB+ and MEANTIME sentences of the hand-labelled stories), run
through annotate; both directions: what parts, and what must not."""

from __future__ import annotations

import pytest

from storyline.compare import grouping, occasion, pairsim

TEXTS = {
    # ECB+ 5_ecbplus, labelled two facts (#9837): another year
    "retired93": ("2008-05-10", "Cheeks also played with San Antonio, New York, Atlanta and New Jersey before "
                                "retiring in 1993."),
    "jersey95": ("2008-05-10", "Cheeks had his No. 10 76ers jersey retired on Feb. 6, 1995."),
    # ECB+ 2_ecbplus, labelled one fact (#9435): one ceremony named two ways, one year
    "academy": ("2013-12-01", "The television personality hosted the 79th Academy Awards in 2007, becoming only "
                              "the second woman to host the ceremony solo."),
    "oscars": ("2013-12-01", "DeGeneres, the star of her own daytime talk show \"Ellen,\" first hosted the Oscars "
                             "in 2007, becoming only the second woman to fill that exalted role alone."),
    # ECB+ 25_ecbplus, labelled one fact (#9632): 2009 dates the participant (an apposition), not the event
    "saints11": ("2011-01-05", "Pierre Thomas was placed on injured reserve by the New Orleans Saints on Wednesday, "
                               "meaning he won't play in the 2011 NFL playoffs."),
    "saints09": ("2011-01-05", "Pierre Thomas, the Saints' leading rusher in 2009, was put on injured reserve, the "
                               "team announced Wednesday."),
    # ECB+ 21_ecbplus: a dateline in capitals is not the event's date
    "queens": ("2013-09-19", "According to investigators, a woman was killed by a hit-and-run driver in Queens on the "
                             "night of Sept. 13."),
    "dateline": ("2013-09-19", "GRANDMOTHER KILLED BY DRUNK DRIVER IN HIT-AND-RUN ACCIDENT IN RICHMOND HILL, QUEENS DA "
                               "SAYS SEPTEMBER 19, 2013"),
    # MEANTIME mt_113219: two indexes
    "dow": ("2009-11-04", "The Dow Jones currently has a value of 9936.94 points, below the ten thousand mark."),
    "ftse": ("2009-11-04", "The FTSE 100 has today gone up in value by 8,26%, to take the index back over the four "
                           "thousand mark."),
    # ECB+ 10_ecbplus (#9825's Orioles claim) and the team named in full: one organisation
    "orioles": ("2008-12-10", "The Orioles, according to reports, have offered Teixeira a seven-year deal worth between "
                              "$140 million and $150 million."),
    "orioles2": ("2008-12-10", "The Baltimore Orioles offered Teixeira a seven-year deal."),
    # one company named two ways, and two companies speaking of their own cuts (MEANTIME-like)
    "ford": ("2006-11-20", "Ford Motor Company said it would cut 30,000 jobs by 2012."),
    "ford2": ("2006-11-20", "Ford said it would cut 30,000 jobs by 2012."),
    "gm": ("2006-11-20", "General Motors said it would cut 30,000 jobs by 2012."),
    "gm_afford": ("2006-11-20", "General Motors said it would cut 30,000 jobs by 2012 as it cannot afford its plants."),
    # a quarter's figure and the year's
    "q3": ("2007-01-26", "Ford lost $5.8 billion in the third quarter."),
    "year": ("2007-01-26", "Ford lost $12.7 billion for the year."),
    "march": ("2007-05-02", "Toyota's sales in the United States rose 10 percent in March."),
    "april": ("2007-05-02", "Toyota's sales in the United States rose 10 percent in April."),
    "lastmonth": ("2007-05-02", "Toyota's US sales rose 10 percent last month."),
}


@pytest.fixture(scope="module")
def units(claim_story):
    return {u["article_id"]: u for u in claim_story(TEXTS)[2]}


def _apart(units, x, y):
    return occasion.occasion_apart(units[x], units[y])


def test_written_dates_that_cannot_overlap_part(units):
    assert _apart(units, "retired93", "jersey95")
    assert occasion.written_times(units["retired93"]) == {"year": {"1993"}, "whole year": {"1993"}}
    assert _apart(units, "march", "april")
    assert _apart(units, "q3", "year")  # a quarter's loss and the year's


def test_a_claim_with_no_written_date_says_nothing(units):
    # "last month" is resolved from the article's date, not written: no evidence either way
    assert occasion.written_times(units["lastmonth"]) == {}
    assert not _apart(units, "march", "lastmonth") and not _apart(units, "april", "lastmonth")


def test_a_date_in_the_background_dates_the_participant(units):
    assert "2009" in units["saints09"]["text"] and occasion.written_times(units["saints09"]) == {}
    assert not _apart(units, "saints11", "saints09")


def test_a_dateline_is_not_the_events_date(units):
    assert occasion.written_times(units["queens"])["day"] == {"09-13"}
    assert "day" not in occasion.written_times(units["dateline"])
    assert not _apart(units, "queens", "dateline")


def test_one_date_and_an_object_named_two_ways_stay_one_fact(units):
    assert not _apart(units, "academy", "oscars")


def test_other_organisations_as_the_subject_part(units):
    assert _apart(units, "dow", "ftse")  # two indexes
    assert _apart(units, "ford", "gm")  # "X said it would cut": the speaking company is who cuts
    assert occasion.role_orgs(units["gm"])[("cut", "subject", "ORG")] == {"general motors"}
    # "afford" does not name Ford: a name is read as words of the other claim
    assert occasion.role_orgs(units["ford2"])[("cut", "subject", "ORG")] == {"ford"}
    assert _apart(units, "ford2", "gm_afford")


def test_one_organisation_named_two_ways_does_not_part(units):
    assert not _apart(units, "ford", "ford2")
    assert not _apart(units, "orioles", "orioles2")
    assert occasion.same_org("gm", "general motors") and not occasion.same_org("ford", "general motors")


def test_the_check_is_in_the_same_fact_decision(units, monkeypatch):
    us = [dict(units[k], uid=n, article_index=n) for n, k in enumerate(("march", "april", "lastmonth"))]
    sim = pairsim.PairSimilarity.build(us)
    assert grouping.not_one_fact(us, sim.preds, 0, 1) and not grouping.not_one_fact(us, sim.preds, 0, 2)
    parts = grouping.split_not_one_fact(us, [[0, 1, 2]], sim)
    assert sorted(map(len, parts)) == [1, 2] and not any(0 in p and 1 in p for p in parts)
    monkeypatch.setattr(grouping, "OCCASION_CHECK", False)
    assert grouping.split_not_one_fact(us, [[0, 1, 2]], sim) == [[0, 1, 2]]


def test_the_sentences_dates_only_when_asked(units, monkeypatch):
    """OCCASION_SENTENCE (off): a claim that writes no date dated by its sentence's."""
    bare = dict(units["retired93"], timexes=[], sentence_timexes=units["retired93"]["timexes"])
    bare.pop("_occasion", None)
    assert not occasion.occasion_apart(bare, units["jersey95"])
    monkeypatch.setattr(occasion, "OCCASION_SENTENCE", True)  # what a claim keeps follows the setting
    assert occasion.occasion_apart(bare, units["jersey95"])
    monkeypatch.setattr(occasion, "OCCASION_SENTENCE", False)
    assert not occasion.occasion_apart(bare, units["jersey95"])


def test_a_quarter_in_capitals_is_no_dateline():
    from storyline.annotate.timex import tag_timexes

    for text in ("Ford lost $1.2 billion in Q3 2006.", "Ford lost $1.2 billion in FYQ3."):
        assert occasion.written_times({"timexes": tag_timexes(text, "2006-11-01")}) == {"quarter": {"3"}}, text
