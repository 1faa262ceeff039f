"""Temporal expressions: normalisation, tense rules, the seed articles, publication inference
(the MEANTIME figure is in the quality gate, tests/test_quality_gate.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from storyline.annotate.timex import infer_publication, tag_timexes
from storyline.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
SEED_A = ROOT / "examples" / "000_679f17ff1aa3734c.txt"   # "this Monday", "November 21", "on Friday"
SEED_B = ROOT / "examples" / "002_063f098d12266611.txt"   # "November 28", "on Thursday", "Yesterday"


def one(text: str, published: str | None = "2025-12-02", which: str | None = None) -> dict:
    found = tag_timexes(text, published)
    if which is not None:
        found = [t for t in found if t["text"] == which]
    assert len(found) == 1, found
    return found[0]


def by_text(text: str, published: str | None = "2025-12-02") -> dict[str, dict]:
    return {t["text"]: t for t in tag_timexes(text, published)}


# --- normalisation ----------------------------------------------------------------------

@pytest.mark.parametrize("text,expected,typ", [
    ("The plant opened on July 24, 2003 in Ohio.", "2003-07-24", "DATE"),
    ("It was revealed in January 2005 in Toulouse.", "2005-01", "DATE"),
    ("Sales fell in the first quarter of 2009.", "2009-Q1", "DATE"),
    ("The Taurus was introduced in 1986.", "1986", "DATE"),
    ("The cars of the 70s were boxy.", "197", "DATE"),
    ("Its date matches 7/8/07 in the American format.", "2007-07-08", "DATE"),
    ("The talks lasted 18 months.", "P18M", "DURATION"),
    ("The flight took off at 08:30 UTC.", "2025-12-02T08:30Z", "TIME"),
    ("Prices rose three days ago.", "2025-11-29", "DATE"),
    ("He has been with the firm for 33 years.", "P33Y", "DURATION"),
    ("a 12-hour flight", "PT12H", "DURATION"),
    ("It is almost two and a half years behind schedule.", "P2.5Y", "DURATION"),
    ("The losses grew over several years.", "PXY", "DURATION"),
    ("Claims for weekly benefits rose.", "P1W", "SET"),
    ("They meet every Monday.", "XXXX-WXX-1", "SET"),
    ("They meet twice a week.", "P1W", "SET"),
    ("The store currently sells music.", "PRESENT_REF", "DATE"),
    ("It has recently begun selling TV shows.", "PAST_REF", "DATE"),
    ("Profits should rise in the near future.", "FUTURE_REF", "DATE"),
    ("The company announced this morning that it would cut jobs.", "2025-12-02TMO", "DATE"),
    ("The union met Thursday night and agreed.", "2025-11-27TNI", "TIME"),
    ("The sector grew by 3% last year.", "2024", "DATE"),
    ("The minister spoke to parliament last week.", "2025-W48", "DATE"),
    ("Sales will pick up next month.", "2026-01", "DATE"),
    ("The deal closes this week.", "2025-W49", "DATE"),
    ("They met during the weekend.", "2025-W48-WE", "DATE"),
    ("It opens in spring.", "2025-SP", "DATE"),
])
def test_normalisation(text, expected, typ):
    t = [x for x in tag_timexes(text, "2025-12-02") if x["value"] == expected]
    assert t, tag_timexes(text, "2025-12-02")
    assert t[0]["type"] == typ
    assert text[t[0]["start"]:t[0]["end"]] == t[0]["text"]


def test_offsets_schema_and_order():
    text = "On Monday, two years after the crash of 2023, officials said since September little changed."
    out = tag_timexes(text, "2025-12-02T10:00:00+00:00")
    assert [t["start"] for t in out] == sorted(t["start"] for t in out)
    for t in out:
        assert set(t) >= {"type", "value", "text", "start", "end", "anchor", "rule", "confidence", "range"}
        assert text[t["start"]:t["end"]] == t["text"]
        assert 0.0 <= t["confidence"] <= 1.0
    # the preposition stays outside the span, as in TimeML
    assert "Monday" in [t["text"] for t in out] and "On Monday" not in [t["text"] for t in out]


def test_not_timexes():
    # counts, ordinals, prices and modal verbs are not temporal
    text = ("Chrysler will cut about a quarter of its dealers. It ordered a second, follow-up strike. "
            "He gave an order for a second strike. "
            "Shares fell 2.36 points. May he rest. More than 2000 people marched.")
    assert tag_timexes(text, "2025-12-02") == []


def test_ages_thousands_and_empty_input():
    out = tag_timexes("Men in their 50s and 60s were hit. The tree is 1,000 years old. It lasted 1,500 years.", "2009-06-01")
    assert [(t["text"], t["value"]) for t in out] == [("1,500 years", "P1500Y")]
    assert tag_timexes("", None) == [] and infer_publication("") is None
    with pytest.raises(InputError, match="text: expected a string"):
        tag_timexes(None, "2009-06-01")


def test_since_and_until_ranges():
    t = one("Since September, forces have carried out 21 attacks.")
    assert t["value"] == "2025-09" and t["range"] == {"start": "2025-09", "end": None}
    t = one("Markets stay closed until Friday.")
    assert t["value"] == "2025-12-05" and t["range"] == {"start": None, "end": "2025-12-05"}


# --- tense rules --------------------------------------------------------------------------

def test_weekday_follows_tense():
    # published on Tuesday 2 December 2025
    assert one("The rally took place this Monday in Caracas.")["value"] == "2025-12-01"
    assert one("He is expected to brief lawmakers on Thursday.")["value"] == "2025-12-04"
    assert one("The board will meet on Monday.")["value"] == "2025-12-08"
    assert one("The deadline passed on Friday.")["value"] == "2025-11-28"
    assert one("Officials announced Tuesday that the airport was shut.")["value"] == "2025-12-02"
    assert one("He left last Tuesday.")["value"] == "2025-11-25"
    assert one("We meet next Wednesday.")["value"] == "2025-12-03"


def test_clause_and_present_tense():
    # the subordinate clause's verb governs the date, not "want to" before it
    t = one("He didn't want to decide when the season ended on May 3.", "2005-05-24")
    assert t["value"] == "2005-05-03"
    from storyline.nlp import load

    nlp = load()
    # a present-tense schedule in the body is the nearest such day; a headline's present is past
    text = "Saints lose Thomas\n\nNew Orleans plays at Seattle on Saturday in the Wild Card round."
    assert one(text, "2011-01-05")["value"] in ("2011-01-01", "2011-01-08")  # no parse: no present cue
    assert [t["value"] for t in tag_timexes(text, "2011-01-05", doc=nlp(text))] == ["2011-01-08"]
    text = "Apple unveils new iPod on Saturday\n\nApple showed a new iPod."
    assert [t["value"] for t in tag_timexes(text, "2011-01-05", doc=nlp(text))] == ["2011-01-01"]


def test_yearless_dates_and_months_follow_tense():
    # a month after the anchor month in the past tense is last year's
    assert one("The index fell in November.", "2026-03-10")["value"] == "2025-11"
    assert one("The firm will report in November.", "2026-03-10")["value"] == "2026-11"
    assert one("The plane arrived on December 11.", "2026-01-25")["value"] == "2025-12-11"
    assert one("A hearing will be held on January 5.", "2025-12-20")["value"] == "2026-01-05"
    # the nearest occurrence when the tense says nothing
    assert one("A June 3 hearing", "2009-05-14")["value"] == "2009-06-03"


def _date_values(text, published, nlp) -> list[str]:
    """The DATE values of ``text``, the same with and without its parse (the rules read
    the words alone when there is no parse)."""
    plain = [t["value"] for t in tag_timexes(text, published) if t["type"] == "DATE"]
    parsed = [t["value"] for t in tag_timexes(text, published, doc=nlp(text)) if t["type"] == "DATE"]
    assert plain == parsed, text
    return plain


def test_a_date_something_is_set_for_lies_ahead_whatever_the_verb_tense():
    from storyline.nlp import load

    nlp = load()
    # a past-tense "was set" (and "is to be sentenced") still points ahead: the date is
    # the next one, not last year's (published in June 2013 / April 2007)
    for text, published, value in [
        ("A provisional trial date was set for October 28 with a duration of three days.", "2013-06-18", "2013-10-28"),
        ("Orozco is to be formally sentenced May 3 by the judge.", "2007-04-04", "2007-05-03"),
        ("The hearing was adjourned until March 2.", "2011-02-20", "2011-03-02"),
    ]:
        assert _date_values(text, published, nlp) == [value], text


def test_the_date_of_a_planned_thing_lies_ahead_whatever_the_verb_tense():
    from storyline.nlp import load

    nlp = load()
    # sentences of ECB+ 8_3ecbplus (published 2012-05-15) and 6_7ecbplus / 6_10ecbplus
    # (April 2012): a due date, a release date, named in a past-tense clause or before it
    for text, published, value in [
        ("Greece faces a May 19 due date on debt it says it can't repay.", "2012-05-15", "2012-05-19"),
        ("The studio staked out a November 22 release date for Catching Fire.", "2012-04-04", "2012-11-22"),
        ("The judge gave him a May 10 deadline, the news wire said.", "2013-05-03", "2013-05-10"),
        ("Catching Fire had a release date of 22 November, the studio said.", "2012-04-05", "2012-11-22"),
    ]:
        assert _date_values(text, published, nlp) == [value], text
    # ... but not one the sentence says has gone by: the verb's past tense reads it
    for text, value in [("The deadline of November 28 passed without a deal.", "2025-11-28"),
                        ("The original deadline was November 28, but it passed.", "2025-11-28"),
                        ("The studio missed its release date of November 22.", "2025-11-22")]:
        assert _date_values(text, "2025-12-02", nlp) == [value], text


def test_a_film_report_is_not_dated_after_the_release_date_it_plans():
    from storyline.annotate.timex import infer_publication
    from storyline.nlp import load

    # ECB+ 6_7ecbplus (published 2012-04-04), its date line taken away: "a November 22,
    # 2013 release date" is no past event, so its story's April 2012 window fits it (it
    # was dated 2013-11-23, after the release it plans)
    text = ("After opening to the third-biggest domestic debut weekend of all time, The Hunger Games has "
            "grossed $368.0 million globally. Lionsgate is naturally keen to continue the series with Catching "
            "Fire. Last year, the studio staked out a November 22, 2013 release date for Catching Fire and "
            "pursued screenwriter Simon Beaufoy to pen the script.")
    window = {"earliest": "2012-04-04", "latest": "2012-04-09", "value": "2012-04-04", "dated": 8, "inferred": 0}
    r = infer_publication(text, load()(text), today=dt.date(2026, 12, 1), story=window)
    assert r["value"] == "2012-04-04"


def test_quarters_and_anaphora():
    assert one("It lost money in the fourth quarter.", "2007-03-13")["value"] == "2006-Q4"
    assert one("Closures follow in the fourth quarter.", "2006-08-19")["value"] == "2006-Q4"
    out = by_text("Sales fell 35% in January, compared to the same month a year ago.", "2009-02-03")
    assert out["January"]["value"] == "2009-01"
    assert out["the same month a year ago"]["value"] == "2008-01"
    out = by_text("On Monday the index fell 3% to end the day at 7,114.", "2009-02-24")
    assert out["Monday"]["value"] == "2009-02-23" and out["the day"]["value"] == "2009-02-23"


def test_unanchored_values_stay_patterns():
    out = by_text("On Monday, a week after the November 21 call, he left yesterday.", None)
    assert out["Monday"]["value"] == "XXXX-WXX-1"
    assert out["November 21"]["value"] == "XXXX-11-21"
    assert out["yesterday"]["value"] == "XXXX-XX-XX"
    assert out["a week"]["value"] == "P1W"
    assert all(t["anchor"] is None for t in out.values())


def test_bad_published_is_a_clear_error():
    with pytest.raises(InputError, match="published.*not an ISO 8601 date"):
        tag_timexes("Monday", "second of December")
    # feed dates (RFC 2822) are understood
    assert one("It rained yesterday.", "Tue, 02 Dec 2025 10:00:00 GMT")["value"] == "2025-12-01"


def test_relative_months_fronted_adverbials_and_possessives():
    assert one("The plan was announced last November.", "2025-12-02")["value"] == "2025-11"
    assert one("The plan was announced last November.", "2026-03-02")["value"] == "2025-11"
    assert one("Talks resume next March.", "2025-12-02")["value"] == "2026-03"
    # the tense of a fronted "On Friday," comes from the clause after the comma
    assert one("On Friday, the prosecutor confirmed the deaths.", "2015-08-27")["value"] == "2015-08-21"
    t = one("Stocks fell from Monday's closing price.", "2007-03-13")
    assert t["text"] == "Monday" and t["value"] == "2007-03-12"
    # present perfect says nothing about direction: the nearest occurrence wins
    assert one("A June 3 hearing has been scheduled.", "2009-05-14")["value"] == "2009-06-03"


def test_times_zones_and_parts_of_day():
    t = one("It landed at 6:40 p.m. (GMT +8) after a long flight.", "2007-10-17")
    assert t["text"] == "6:40 p.m. (GMT +8)" and t["value"] == "2007-10-17T18:40+08:00"
    assert one("It filed at 12:00 UTC Monday.", "2009-06-03")["value"] == "2009-06-01T12:00Z"
    assert one("The Dow rebounded late in the day after falling.", "2007-08-10")["value"] == "2007-08-10"
    out = by_text("Shots were fired Saturday morning and this evening.", None)
    assert out["Saturday morning"]["value"] == "XXXX-WXX-6TMO"
    assert out["this evening"]["value"] == "XXXX-XX-XXTEV"


def test_interval_ranges_and_date_lines():
    out = tag_timexes("Deliveries run from 2009 to 2011, then between 2014 and 2016.", "2007-06-09")
    assert [t["range"] for t in out] == [{"start": "2009", "end": "2011"}] * 2 + [{"start": "2014", "end": "2016"}] * 2
    assert one("MAY 3, 2013 AT 1:10PM", None, "MAY 3, 2013")["value"] == "2013-05-03"


def test_durations_need_a_duration_context():
    assert tag_timexes("This is not a day anybody can be prepared for.", "2009-05-14") == []
    assert one("GM's move comes a day after Chrysler filed.", "2009-05-15")["value"] == "P1D"
    assert one("They will take between 60 and 90 days.", "2009-06-04", "60")["value"] == "P60D"
    assert one("The 26-year career ended.", "2013-05-03")["text"] == "26-year"
    assert one("stocks fell after six straight days of losses", "2008-10-27")["value"] == "P6D"


# --- the seed articles --------------------------------------------------------------------

def test_seed_a_resolves_against_publication():
    out = tag_timexes(SEED_A.read_text(encoding="utf-8"), "2025-12-02")
    vals = {(t["text"], t["value"]) for t in out}
    assert ("this Monday", "2025-12-01") in vals
    assert ("November 21", "2025-11-21") in vals
    assert ("a week", "P1W") in vals
    assert ("Friday", "2025-11-28") in vals  # "The deadline passed on Friday"
    since = [t for t in out if t["text"] == "September"][0]
    assert since["value"] == "2025-09" and since["range"] == {"start": "2025-09", "end": None}


def test_seed_b_resolves_against_publication():
    out = tag_timexes(SEED_B.read_text(encoding="utf-8"), "2025-12-02")
    vals = {(t["text"], t["value"]) for t in out}
    assert ("Thursday", "2025-12-04") in vals  # "is expected to provide ... on Thursday"
    assert ("Yesterday", "2025-12-01") in vals
    assert ("November 28", "2025-11-28") in vals
    assert ("Monday", "2025-12-01") in vals


@pytest.mark.parametrize("seed", [SEED_A, SEED_B])
def test_seeds_with_parser_doc_agree(seed):
    # the pipeline passes the spaCy Doc: tense then comes from the parse
    from storyline.nlp import load

    text = seed.read_text(encoding="utf-8")
    doc = load()(text)
    with_doc = {(t["text"], t["value"]) for t in tag_timexes(text, "2025-12-02", doc=doc)}
    assert with_doc == {(t["text"], t["value"]) for t in tag_timexes(text, "2025-12-02")}
    assert infer_publication(text, doc=doc, today=dt.date(2026, 11, 22))["value"] == "2025-12-02"
    # a Doc of some other text is ignored rather than trusted
    assert tag_timexes(text, "2025-12-02", doc=load()("Something else on Monday.")) == tag_timexes(text, "2025-12-02")


@pytest.mark.parametrize("seed", [SEED_A, SEED_B])
def test_infer_publication_on_seeds(seed):
    r = infer_publication(seed.read_text(encoding="utf-8"), today=dt.date(2026, 11, 22))
    assert r is not None
    assert r["earliest"] <= "2025-12-01" and "2025-12-03" <= r["latest"]
    assert "2025-12-01" <= r["value"] <= "2025-12-03"
    assert 0 < r["confidence"] <= 1 and r["evidence"]


def test_infer_publication_year_from_weekday_fit():
    # no year written: Friday 28 November exists in 2025 (and 2014, 2008), not in 2024
    text = ("Thousands rallied this Monday. On November 21 he was given a week to leave. "
            "The deadline passed on Friday.")
    r = infer_publication(text, today=dt.date(2026, 6, 1))
    assert r["value"].startswith("2025-12")
    assert any("Friday 2025-11-28" in e and "“November 21” + “a week”" in e for e in r["evidence"])
    assert any(e.startswith("year 2025:") and "2014" in e for e in r["evidence"])


def test_infer_publication_date_line_and_no_evidence():
    r = infer_publication("Storm hits coast\n\nMarch 3, 2024\n\nA storm hit the coast on Sunday.")
    assert r["value"] == "2024-03-03" and r["confidence"] >= 0.9
    assert infer_publication("Officials met on Monday and will meet again soon.") is None


@pytest.mark.parametrize("line,expected", [
    ("Posted: Jul 07, 2012 7:40 PM ET", "2012-07-07"),
    ("THURSDAY, DECEMBER 3, 2009", "2009-12-03"),
    ("Updated: May 24, 2005, 3:23 PM ET", "2005-05-24"),
    ("12:52 p.m. EDT May 2, 2013", "2013-05-02"),
    ("WASHINGTON, DC, April 28, 2009", "2009-04-28"),
    ("KOKOMO, Ind. (June 15, 2014) — Police said on Sunday that", "2014-06-15"),
])
def test_infer_publication_date_line_formats(line, expected):
    r = infer_publication(f"Headline\n\n{line}\n\nThe body said on Monday that it happened.")
    assert r["value"] == r["earliest"] == r["latest"] == expected
    assert r["evidence"][0].startswith("date line:")


def test_a_date_in_a_sentence_is_not_a_date_line():
    r = infer_publication("Prices fell between March 3, 2020 - and April 2020.", today=dt.date(2026, 1, 1))
    assert not r["evidence"][0].startswith("date line:")


def test_eval_timex_bad_file(tmp_path):
    from storyline.eval.timex import eval_timex

    with pytest.raises(InputError, match="no such file"):
        eval_timex(tmp_path / "missing.jsonl", use_parser=False)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match="bad.jsonl:1: not JSON"):
        eval_timex(bad, use_parser=False)


def _pairs(text: str, published: str) -> list[tuple[str, str]]:
    from storyline.annotate.timex import tag_timexes

    return [(t["text"], t["value"]) for t in tag_timexes(text, published)]


def test_fixed_date_holidays():
    def tag(text):
        return _pairs(text, "2025-12-02")

    assert tag("Shops closed on Christmas Day after the storm.") == [("Christmas Day", "2024-12-25")]
    assert tag("He will return by Christmas, officials said.") == [("Christmas", "2025-12-25")]
    assert tag("The attack happened on Christmas 2019.") == [("Christmas 2019", "2019-12-25")]
    assert tag("Fireworks are planned for New Year’s Eve.") == [("New Year’s Eve", "2025-12-31")]
    # a holiday name that is not a date
    assert tag("The Christmas tree was lit.") == []
    assert tag("Independence Day parades were held.") == []


def test_moveable_feasts_and_holidays():
    from storyline.annotate.timex.resolve import easter, feast_date

    # Easter by the computus, checked against published tables
    assert [easter(y).isoformat() for y in (2000, 2019, 2024, 2025, 2026)] == [
        "2000-04-23", "2019-04-21", "2024-03-31", "2025-04-20", "2026-04-05"]
    assert feast_date("thanksgiving", 2025).isoformat() == "2025-11-27"
    assert feast_date("memorial day", 2025).isoformat() == "2025-05-26"
    assert feast_date("labor day", 2025).isoformat() == "2025-09-01"

    def tag(text):
        return _pairs(text, "2025-12-05")

    assert tag("The attack happened on Good Friday, police said.") == [("Good Friday", "2025-04-18")]
    assert tag("He will return after Easter.") == [("Easter", "2026-04-05")]
    assert tag("The parade took place on Thanksgiving Day 2024.") == [("Thanksgiving Day 2024", "2024-11-28")]
    assert tag("Shoppers lined up for Black Friday deals.") == [("Black Friday", "2025-11-28")]
    # feast names that are not dates
    assert tag("Children hunted Easter eggs.") == []
    assert tag("Thanksgiving dinner was cancelled.") == []


def test_weekdays_inside_names_are_not_dates():
    def tag(text):
        return _pairs(text, "2025-12-02")

    assert tag("The Good Friday Agreement was signed in 1998.") == [("1998", "1998")]
    assert tag("Bloody Sunday was remembered on Sunday.") == [("Sunday", "2025-11-30")]
    assert tag("Candidates courted voters before Super Tuesday.") == []
    assert tag("Black Monday hit the markets.") == []
    # lower case, or after a preposition, it is the weekday
    assert tag("It was a good Friday for us.") == [("Friday", "2025-11-28")]
    assert tag("Maduro told Reuters Friday that talks had failed.") == [("Friday", "2025-11-28")]
