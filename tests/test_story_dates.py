"""Stories date their undated members (``storyline.stories.dates`` + ``infer_publication(story=)``)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from storyline.annotate.timex import infer_publication
from storyline.stories.dates import CONFIDENT, SPREAD, story_window, story_windows
from shareddata import SHARED  # tests/ is on the path

ROOT = Path(__file__).resolve().parent.parent


def _shared() -> Path:
    return SHARED


def _ann(id, published=None, value=None, confidence=None, story=None):
    inf = {"value": value, "confidence": confidence} if value else None
    ann = {"id": id, "published": published, "published_inferred": inf}
    if story is not None:
        ann["published_story"] = story
    return ann


def test_window_from_dated_members_and_confident_own_dates_only():
    members = [
        _ann("a", "2018-04-17T10:00:00+00:00"),
        _ann("b", "2018-04-18"),
        _ann("c", value="2018-04-19", confidence=CONFIDENT),  # its own text is confident
        _ann("d", value="2016-01-01", confidence=0.3),  # a guessed year: left out
        _ann("x"),  # the undated article itself
    ]
    w = story_window(members, "x")
    assert w == {"earliest": "2018-04-17", "latest": "2018-04-19", "value": "2018-04-18", "dated": 2, "inferred": 1}
    # nobody else dated: no window (the article keeps what its text gives)
    assert story_window([_ann("x"), _ann("d", value="2016-01-01", confidence=0.3)], "x") is None
    assert set(story_windows(members)) == {"c", "d", "x"}  # one per undated member


def test_window_drops_a_far_member_and_reads_own_dates_not_story_dates():
    far = (dt.date(2018, 4, 17) + dt.timedelta(days=SPREAD + 200)).isoformat()
    members = [_ann("a", "2018-04-17"), _ann("b", "2018-04-18"), _ann("c", far), _ann("x")]
    w = story_window(members, "x")
    assert (w["earliest"], w["latest"], w["dated"]) == ("2018-04-17", "2018-04-18", 2)
    # a member already dated from the story counts with what its own text gave
    y = _ann("y", value="2018-04-18", confidence=0.5,
             story={"earliest": "2018-04-17", "latest": "2018-04-17", "value": "2018-04-17",
                    "dated": 1, "inferred": 0, "own": {"value": "2018-04-20", "confidence": 0.8}})
    w = story_window([_ann("a", "2018-04-17"), y, _ann("x")], "x")
    assert (w["latest"], w["inferred"]) == ("2018-04-20", 1)


STORY_2018 = {"earliest": "2018-04-17", "latest": "2018-04-20", "value": "2018-04-18", "dated": 3, "inferred": 0}


def test_the_story_gives_the_year_whatever_the_reference_day():
    text = "Talks end\n\nThe talks ended on Thursday, officials said. Ministers met on April 16 in Seoul."
    for today in (dt.date(2026, 12, 6), dt.date(2031, 3, 1), None):
        r = infer_publication(text, today=today, story=STORY_2018)
        assert r["value"].startswith("2018-04-1"), (today, r)
        assert STORY_2018["earliest"] <= r["value"] <= "2018-04-27"
        assert any("its story: 3 dated members published 2018-04-17 – 2018-04-20" in e for e in r["evidence"])
        assert any(e.startswith("year 2018: from its story") for e in r["evidence"])
    # without the story the year is the reference day's (here a wrong one)
    alone = infer_publication(text, today=dt.date(2031, 3, 1))
    assert alone is None or not alone["value"].startswith("2018")


def test_a_text_without_dates_takes_its_storys_central_day():
    r = infer_publication("Fire at the market\n\nA fire destroyed the old market, firefighters said.",
                          today=dt.date(2031, 3, 1), story=STORY_2018)
    assert r["value"] == "2018-04-18" and r["confidence"] <= 0.6
    assert infer_publication("A fire destroyed the old market.", today=dt.date(2031, 3, 1)) is None


def test_a_weekday_named_with_a_date_picks_the_year_where_they_agree():
    # Friday, November 28 fell on a Friday in 2025 (and 2014), not in 2026-2030
    text = "Deadline\n\nThe deadline passed on Friday, November 28, and the talks collapsed."
    r = infer_publication(text, today=dt.date(2031, 3, 1))
    assert r["value"].startswith("2025-1")
    story = {"earliest": "2025-11-28", "latest": "2025-12-03", "value": "2025-12-01", "dated": 2, "inferred": 0}
    assert infer_publication(text, today=dt.date(2031, 3, 1), story=story)["value"].startswith("2025-")


def test_a_text_that_contradicts_its_story_keeps_its_own_date():
    text = "Vote count\n\nThe vote was held on March 3, 2019, and results came on March 5, 2019."
    r = infer_publication(text, today=dt.date(2026, 1, 1), story=STORY_2018)
    assert r["value"].startswith("2019-03")
    assert any("does not fit" in e for e in r["evidence"])


def test_years_ago_said_of_a_written_date_moves_a_follow_up_out_of_its_storys_days():
    # a verdict two years after the rampage its story's members reported
    text = ("Verdict in plant shooting\n\nA judge today found a former employee guilty of murder in a "
            "workplace rampage exactly two years ago that left two women dead. Then, on September 10, 2010, "
            "according to a surviving victim, she went berserk again and was suspended on the spot.")
    story = {"earliest": "2010-09-10", "latest": "2010-09-11", "value": "2010-09-10", "dated": 9, "inferred": 0}
    for today in (dt.date(2026, 12, 1), None):
        r = infer_publication(text, today=today, story=story)
        assert r["value"] == "2012-09-10", r
        assert any("exactly two years ago" in e and "2010-09-10" in e for e in r["evidence"])
        assert any("instead (what it says was that long ago)" in e for e in r["evidence"])
    # the text alone gives the same day (a full date written: no story needed)
    assert infer_publication(text, today=dt.date(2026, 12, 1))["value"] == "2012-09-10"


def test_a_month_ago_with_a_yearless_date_takes_the_year_from_the_story():
    text = ("Charges filed\n\nThe district attorney announced today that murder charges were filed against "
            "a gang member accused of gunning down a deputy a month ago. He was charged with murdering "
            "the deputy on June 24 outside an apartment.")
    story = {"earliest": "2005-06-24", "latest": "2005-06-30", "value": "2005-06-26", "dated": 5, "inferred": 0}
    r = infer_publication(text, today=dt.date(2026, 12, 1), story=story)
    assert r["value"] == "2005-07-24", r
    # "ago" far from the date it would name (more than three sentences) corroborates nothing
    far = text.replace(" a month ago.", ".") + " Police said. The county said. The union said. It all began a month ago."
    assert infer_publication(far, today=dt.date(2026, 12, 1), story=story)["value"].startswith("2005-06")


def test_an_old_date_written_with_its_year_does_not_pull_a_follow_up_back():
    # the killing (Oct. 21, 2011) is background of a trial report in its story's April 2013
    text = ("Video shown at trial\n\nThe mother of 12 was killed on Oct. 21, 2011 while walking near an "
            "intersection.\n\nA video released for the first time Thursday captures the moment a "
            "mother was killed in a gang shootout. The footage was shown at the trial of two men charged "
            "with killing her on Oct. 21, 2011.")
    story = {"earliest": "2013-04-11", "latest": "2013-04-24", "value": "2013-04-12", "dated": 8, "inferred": 0}
    assert infer_publication(text, today=dt.date(2026, 12, 1), story=story)["value"][:7] == "2013-04"


def test_a_date_set_beside_today_is_the_day_of_writing_whatever_the_story():
    text = ("Cable restored\n\nThe operator announced on Twitter today (14 October 2011) that it has restored "
            "its business customers. Problems started on Saturday, 8 October 2011.")
    story = {"earliest": "2011-10-10", "latest": "2011-11-04", "value": "2011-10-20", "dated": 6, "inferred": 0}
    for st in (story, None):
        r = infer_publication(text, today=dt.date(2026, 12, 1), story=st)
        assert (r["value"], r["earliest"], r["latest"]) == ("2011-10-14",) * 3
        assert r["evidence"][0].startswith("the day of writing named:")
    r = infer_publication(text.replace("today (14", "yesterday (13"), today=dt.date(2026, 12, 1), story=story)
    assert r["value"] == "2011-10-14"
    # a date further on in the sentence is no apposition
    r = infer_publication(text.replace("today (14 October 2011)", "today that on 14 October 2011"),
                          today=dt.date(2026, 12, 1), story=story)
    assert not r["evidence"][0].startswith("the day of writing named:")


def test_an_elapsed_span_counted_from_a_written_date_bounds_the_date_from_below():
    # the sentencing more than three years after the rampage: not March 2005
    text = ("Killer sentenced\n\nA judge on Saturday sentenced the man who killed four people during a courthouse "
            "escape to multiple life sentences. The sentence ends more than three years of efforts to bring "
            "Mr. Nichols to justice since his arrest. Mr. Nichols escaped on March 11, 2005, as he was being "
            "escorted to a trial. The jury convicted him on Nov. 7.")
    r = infer_publication(text, today=dt.date(2026, 12, 6))
    assert r["value"].startswith("2008-11"), r  # Nov. 7 after the bound, not in 2005
    assert any(e.startswith("published on or after 2008-03-11") for e in r["evidence"])
    # a story in March 2005 does not fit it either
    story = {"earliest": "2005-03-11", "latest": "2005-03-14", "value": "2005-03-12", "dated": 4, "inferred": 0}
    assert infer_publication(text, today=dt.date(2026, 12, 6), story=story)["value"].startswith("2008-11")
    # the bound alone is no date: without "Nov. 7" the article stays undated
    alone = text.replace(" The jury convicted him on Nov. 7.", "")
    assert infer_publication(alone, today=dt.date(2026, 12, 6)) is None
    assert infer_publication(alone, today=dt.date(2026, 12, 6), story=story) is None
    # a sentence of years is no elapsed span: the date stays in 2005
    jail = alone.replace("The sentence ends more than three years of efforts to bring Mr. Nichols to justice since "
                         "his arrest.", "He was sentenced to more than 30 years in prison.")
    assert infer_publication(jail, today=dt.date(2026, 12, 6))["value"].startswith("2005-03")
    # nor is a length written as an adjective ("a one-year extension ... since")
    deal = ("Coach fired\n\nThe team fired its coach on Saturday. He signed a one-year extension in March 2008, "
            "his best run since he took over.")
    r = infer_publication(deal, today=dt.date(2026, 12, 6))
    assert r is None or not any(e.startswith("published on or after") for e in r["evidence"])


def test_a_text_that_writes_no_year_never_takes_one_from_the_reference_day_against_its_story():
    # "Tuesday, May 23" is a Tuesday in 2023, not in 2016: the text alone guesses 2023
    # from the reference day; its dated story says 2016, and no year is written to object
    text = ("Charges\n\nTwo men were arrested on Tuesday, May 23 after a chase, police said. They are to be "
            "arraigned Thursday on single counts.")
    story = {"earliest": "2016-05-11", "latest": "2016-05-25", "value": "2016-05-18", "dated": 3, "inferred": 0}
    assert infer_publication(text, today=dt.date(2026, 12, 1))["value"].startswith("2023-")
    r = infer_publication(text, today=dt.date(2026, 12, 1), story=story)
    assert r["value"].startswith("2016-05"), r
    assert any(e.startswith("year 2016: from its story") for e in r["evidence"])


def _faketime() -> str:
    path = shutil.which("faketime")
    if path is None:
        pytest.skip("Debian's faketime is not installed (make test installs it)")
    return path


@pytest.mark.parametrize("day", ["2026-12-06", "2031-03-01"])
def test_run_on_the_seeds_without_dates_infers_2025_and_lists_each_event_once(tmp_path, day):
    """``storyline run examples/`` with no dates and no --today, under a faked clock: the
    articles' fetch time is then the faked day, and only the story can give the year."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAKETIME") and k != "LD_PRELOAD"}
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    code = ("import sys; from storyline.cli import main; "
            f"sys.argv = ['storyline', '--db', {str(tmp_path / 's.db')!r}, '-q', 'run', {str(ROOT / 'examples')!r}, "
            f"'-o', {str(tmp_path / 'out')!r}]; main()")
    subprocess.run([_faketime(), f"{day} 12:00:00", sys.executable, "-c", code], env=env, check=True,
                   capture_output=True, timeout=600)
    reports = [json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / "out").glob("story-*.json")]
    assert len(reports) == 1
    rep = reports[0]
    values = sorted(a["published_inferred"]["value"] for a in rep["articles"])
    assert len(values) == 2 and all(v in ("2025-12-01", "2025-12-02") for v in values), values
    assert all(not a["published"] for a in rep["articles"])
    fetched = [a for a in rep["articles"] if any(e.startswith("its story") for e in a["published_inferred"]["evidence"])]
    assert fetched, "one seed is dated from its story"
    dates = [e["date"] for e in rep["timeline"]]
    assert dates and all(d.startswith("2025") for d in dates), dates
    labels = [e["label"] for e in rep["timeline"]]
    assert len(labels) == len(set(labels)), "an event listed twice"
    md = (tmp_path / "out" / f"story-{rep['story']['id']}.md").read_text(encoding="utf-8")
    assert "Publication dates inferred" in md and "its story:" in md


def test_undated_ecbplus_articles_take_their_storys_dates():
    """Real articles with their dates taken away, through the user's path with the still
    dated members of their gold story (two small ECB+ stories, both folds)."""
    from storyline.eval.story_dates import eval_story_dates

    path = _shared() / "data" / "ecbplus" / "dev.jsonl"
    if not path.exists():
        pytest.skip(f"shared data missing: {path} (set STORYLINE_SHARED)")
    r = eval_story_dates(path, stories=["25_ecbplus", "28_ecbplus"])
    assert r["articles"] >= 20
    assert r["within_3_days"] >= 0.9 and r["right_year"] == 1.0, r
    assert r["within_3_days"] > r["baseline_within_3_days"], r


def _undated(id: str, text: str) -> dict:
    """An undated member as the store holds it: its text and its time expressions."""
    from storyline.annotate.timex.tagger import analyse

    return {"id": id, "published": None, "published_inferred": infer_publication(text, today=dt.date(2026, 12, 6)),
            "text": text, "timex_parse": {"length": len(text), "candidates": [
                [c.start, c.end, c.parse, tense, sent] for c, tense, sent in analyse(text)]}}


def test_an_elapsed_span_in_one_member_bounds_the_others_of_a_story_with_no_dated_member():
    # the sentencing reports of one story, none dated: one counts "more than three years"
    # from the rampage; the others write only the rampage's date and the weekday
    first = ("After more than three years and a tangle of legal delays, the man who killed four people in a "
             "courthouse escape on March 11, 2005 was sentenced Saturday to life without parole.")
    other = ("Judge sentences killer\n\nA judge sentenced Brian Nichols Saturday to multiple life sentences for "
             "the March 11, 2005, rampage that left four people dead.")
    convicted = other + " The jury convicted him on Nov. 7 after 12 hours of deliberations."
    # alone, the weekday after the written date: March 2005
    assert infer_publication(other, today=dt.date(2026, 12, 6))["value"].startswith("2005-03")
    members = [_undated("a", first), _undated("b", other), _undated("c", convicted)]
    assert members[0]["published_inferred"] is None  # a bound alone is no date
    w = story_window(members, "b")
    # 2008-03-11 (three years after the date "a" writes), less the week members may be apart
    assert w == {"after": "2008-03-04", "from": "a", "why": w["why"], "dated": 0, "inferred": 0}
    assert "more than three years" in w["why"]
    assert story_windows(members) == {m["id"]: story_window(members, m["id"]) for m in members}  # bounds once
    # nothing but the bound and a weekday: no made-up day in March 2005, no date at all
    assert infer_publication(other, today=dt.date(2026, 12, 6), story=w) is None
    # a yearless date after the bound: November 2008, and the evidence names the member
    r = infer_publication(convicted, today=dt.date(2026, 12, 6), story=story_window(members, "c"))
    assert r["value"].startswith("2008-11"), r
    assert any("its story's member a says so" in e for e in r["evidence"])
    # the member that counts the span is not bounded by itself through its story
    assert story_window(members, "a") is None
    # a dated member makes the window as before (the bound is not used then)
    dated = [{"id": "d", "published": "2008-12-13"}] + members
    assert "earliest" in story_window(dated, "b")


def test_a_month_written_with_its_year_and_years_ago_move_a_follow_up_to_its_storys_day_that_long_after():
    # the trial report of a story whose members reported the shooting on 10 September 2010:
    # "in September 2010" (a month written with its year: an earlier year than the writing)
    # and "two years ago" place it on 10 September 2012, not in its story's days
    text = ("Trial Begins for Plant Shooting Suspect\n\nThe murder trial of a suspended employee who allegedly "
            "shot and killed two co-workers two years ago starts Monday.\n\nThe murder trial for the suspended "
            "employee accused of shooting three co-workers, killing two of them, starts Monday. She is charged "
            "with murder for the shooting deaths of two female co-workers in September 2010.")
    story = {"earliest": "2010-09-10", "latest": "2010-09-10", "value": "2010-09-10", "dated": 9, "inferred": 0}
    r = infer_publication(text, today=dt.date(2026, 12, 1), story=story)
    assert r["value"] == "2012-09-10", r
    assert any("instead (what it says was that long ago)" in e for e in r["evidence"])
    # without the month's year nothing says the story's own days do not fit
    same = text.replace("in September 2010", "last month")
    assert infer_publication(same, today=dt.date(2026, 12, 1), story=story)["value"].startswith("2010-09")


def test_a_month_written_with_its_year_moves_no_year_of_a_text_alone():
    # Wikinews writes "as of January 2008" in 2008: without a story the rule is not used,
    # and the yearless "April 3" stays in the latest year the text writes
    text = ("Music seller\n\nThe service passed its rival to become the No. 1 music seller, according to "
            "figures released April 3 by a market research firm. As of January 2008, the store held 19 "
            "percent of the market.")
    assert infer_publication(text, today=dt.date(2026, 12, 1))["value"].startswith("2008-04")


def test_the_pipeline_bounds_an_undated_story_from_its_members_stored_time_expressions(tmp_path):
    """ingest -> annotate -> cluster -> date_from_story: the bound crosses from one member's
    stored ``timex_parse`` to the other's dates (the fields a window is made from)."""
    from storyline.options import Options
    from storyline.pipeline import annotate_store, date_from_story, ingest
    from storyline.store import Store

    texts = {
        "a": ("Killer gets life\n\nAfter more than three years and a tangle of legal delays, the man who killed "
              "four people in a courthouse escape on March 11, 2005 was sentenced Saturday to life without "
              "parole. Prosecutors had urged jurors to sentence him to death."),
        "b": ("Judge sentences killer\n\nA judge sentenced Brian Nichols Saturday to multiple life sentences for "
              "the March 11, 2005, rampage that left four people dead. The jury convicted him on Nov. 7 after "
              "12 hours of deliberations."),
    }
    src = tmp_path / "a.jsonl"
    src.write_text("".join(json.dumps({"id": k, "text": v, "fetched_at": "2026-12-01T00:00:00+00:00"}) + "\n"
                           for k, v in texts.items()), encoding="utf-8")
    opts = Options().with_(db=str(tmp_path / "s.db"), progress=False, processes=1)
    store = Store(opts.db)
    try:
        ingest([str(src)], opts, store)
        annotate_store(store, opts)
        before = store.get_annotation("b")["published_inferred"]["value"]
        assert before.startswith("2005-"), before  # alone: the weekday after the date it writes
        date_from_story(store, list(store.articles(["a", "b"])), opts)
        ann = store.get_annotation("b")
        assert ann["published_story"]["after"] == "2008-03-04" and ann["published_story"]["from"] == "a"
        assert ann["published_inferred"]["value"].startswith("2008-11"), ann["published_inferred"]
        assert store.get_annotation("a")["published_inferred"] is None  # a bound alone is no date
    finally:
        store.close()


# an undated report of a DUI arrest in a story whose later members (two months on) are the
# more like it in words: its "arrested early Sunday" is the arrest one member dates
_ARREST = ("Chargers' Jamal Williams arrested\n\nChargers defensive tackle Jamal Williams was arrested early "
           "Sunday on suspicion of drunken driving, the California Highway Patrol said. Williams was booked "
           "into county jail and released on bail.")
_WEIGHS = ("City Attorney weighs DUI charges against Jamal Williams\n\nThe City Attorney's Office is considering "
           "whether to file misdemeanor drunken-driving charges against Chargers lineman Jamal Williams, who was "
           "pulled over on state Route 94 in his Bentley. Results of his blood-alcohol test were released "
           "Wednesday, the California Highway Patrol said.")
_UNDATED = ("Chargers lineman Jamal Williams faces DUI charges\n\nChargers defensive lineman Jamal Williams was "
            "arrested early {day} on suspicion of drunken driving after he was speeding down state Route 94 in "
            "his Bentley, the California Highway Patrol said. Williams could face misdemeanor drunken-driving "
            "charges, officials said.")


def _story(day: str) -> list[dict]:
    from storyline.annotate.run import annotate_text

    return [annotate_text(_ARREST, "a", "2009-02-04"), annotate_text(_WEIGHS, "b", "2009-04-02"),
            annotate_text(_WEIGHS.replace("Wednesday", "on Wednesday"), "c", "2009-04-02"),
            annotate_text(_UNDATED.format(day=day), "x", today="2026-12-01")]


def test_an_undated_article_takes_the_week_of_the_event_a_member_dates_by_the_weekday_it_names():
    members = _story("Sunday")
    w = story_window(members, "x")
    # the event: member a's "Sunday" (resolved against 4 February 2009) is 1 February;
    # the central day is then the members' days in the week after it, not the later ones
    assert w["event"] == {"day": "2009-02-01", "member": "a", "said": "Sunday", "theirs": "Sunday"}
    assert w["value"] == "2009-02-04", w
    r = infer_publication(members[3]["text"], today=dt.date(2026, 12, 1), story=w)
    assert "2009-02-01" <= r["value"] <= "2009-02-07", r
    assert any("central day from member a: its “Sunday” dates the event the text names “Sunday” to 2009-02-01" in e
               for e in r["evidence"]), r["evidence"]


def test_a_weekday_no_member_dates_leaves_the_storys_central_day():
    # "Monday": no member places the arrest on a Monday -> the centre of the nearest members
    w = story_window(_story("Monday"), "x")
    assert "event" not in w and w["value"] == "2009-04-02", w
    # what a member dates must be the same event: a shared weekday and name alone do not tie
    members = _story("Sunday")
    members[0] = _ann_text("a", "2009-02-04", "Williams at charity gala\n\nJamal Williams signed autographs at "
                                              "a charity gala early Sunday in Oakland.")
    w = story_window(members, "x")
    assert "event" not in w and w["value"] == "2009-04-02", w


def _ann_text(id: str, published: str, text: str) -> dict:
    from storyline.annotate.run import annotate_text

    return annotate_text(text, id, published)


def test_the_events_week_must_fit_the_articles_own_dates_as_well_as_the_storys_centre():
    # the article reports a hearing on March 30 (a date in the past): not written in the
    # February week member a's Sunday gives, whatever the weekday says
    members = _story("Sunday")
    members[3] = _ann_text("x", None, _UNDATED.format(day="Sunday") + " He appeared in court on March 30.")
    w = story_window(members, "x")
    assert "event" not in w and w["value"] == "2009-04-02", w


def test_strip_date_takes_the_date_that_opens_a_top_paragraph():
    """The dating benchmark hides an article's date: a date line, and a date that opens
    the first paragraph ("(Tue, 16 Aug 2011) This morning ..."), real ECB+ 30_7ecbplus;
    a date later in the body stays (it is the text's own)."""
    from storyline.eval.story_dates import strip_date

    text = ("BRIEF UNPLANNED SEACOM CABLE INTERNET OUTAGE\n\n16 August 2011\n\n(Tue, 16 Aug 2011) This morning "
            "one of the Wits Internet Service providers, SEACOM, experienced an outage affecting International "
            "Internet browsing. The service is now back online and was down until 16 Aug 2011 at noon.")
    out = strip_date(text, "2011-08-16")
    assert out.startswith("BRIEF UNPLANNED SEACOM CABLE INTERNET OUTAGE\n\nThis morning one of the Wits")
    assert "(Tue, 16 Aug 2011)" not in out and "\n16 August 2011\n" not in out
    assert out.endswith("until 16 Aug 2011 at noon.")


def test_an_article_in_no_dated_story_takes_the_nearest_dated_storys_window_when_near_and_its_text_fits():
    from storyline.stories.dates import NEAR_FLOOR, near_window

    members = [_ann("a", "2018-04-17"), _ann("b", "2018-04-18"), _ann("c", "2018-04-20")]
    x = _ann("x")
    w = near_window(x, members, "s1", 0.41)
    assert w["near"] == {"story": "s1", "similarity": 0.41}
    assert (w["earliest"], w["latest"], w["value"], w["dated"]) == ("2018-04-17", "2018-04-20", "2018-04-18", 3)
    # not similar enough: no window (the article keeps what its own text gives)
    assert near_window(x, members, "s1", NEAR_FLOOR / 2) is None
    assert near_window(x, members, "s1", 0.3, floor=0.4) is None
    # its own story's other members nearer than the dated story: the reports of another event
    assert near_window(x, members, "s1", 0.41, own_similarity=0.9) is None
    assert near_window(x, members, "s1", 0.41, own_similarity=0.3)["near"] == {"story": "s1", "similarity": 0.41,
                                                                                 "own": 0.3}
    text = "Talks end\n\nThe talks ended on Thursday, officials said. Ministers met on April 16 in Seoul."
    for today in (dt.date(2026, 12, 6), dt.date(2031, 3, 1)):
        r = infer_publication(text, today=today, story=w)
        assert "2018-04-16" <= r["value"] <= "2018-04-20", r
        assert any(e.startswith("dated from the nearest dated story s1 (similarity 0.41): 3 dated members "
                                "published 2018-04-17 – 2018-04-20") for e in r["evidence"]), r["evidence"]
    # a text whose own dates say otherwise keeps them
    other = "Vote count\n\nThe vote was held on March 3, 2019, and results came on March 5, 2019."
    assert infer_publication(other, today=dt.date(2026, 12, 6), story=w)["value"].startswith("2019-03")
    # a lower bound its own story gives stays with the window: days before it do not fit
    bound = {"after": "2019-01-01", "from": "m", "why": "after more than three years", "dated": 0, "inferred": 0}
    w2 = near_window(x, members, "s1", 0.41, own=bound)
    assert (w2["after"], w2["from"], w2["near"]["story"]) == ("2019-01-01", "m", "s1")
    r = infer_publication(text, today=dt.date(2026, 12, 6), story=w2)
    assert r is None or not r["value"].startswith("2018"), r


def test_an_undated_report_alone_is_dated_from_the_nearest_dated_story_in_one_run_or_two(tmp_path):
    """A real ECB+ report with its date taken away, clustered apart from the dated reports of
    its event: ``storyline run`` dates it from that story, and a store that got the dated
    reports in a later run (its own story unchanged) dates it the same."""
    from storyline.eval.story_dates import _record
    from storyline.options import Options
    from storyline.pipeline import run
    from storyline.store import Store

    path = _shared() / "data" / "ecbplus" / "dev.jsonl"
    if not path.exists():
        pytest.skip(f"shared data missing: {path} (set STORYLINE_SHARED)")
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    held = "14_7ecbplus"  # published 2013-07-21
    recs = [_record(d, d["id"] == held) for d in docs if d["story"] == "14_ecbplus"]

    def go(name: str, batches: list[list[dict]]) -> list[dict | None]:
        opts = Options().with_(db=str(tmp_path / f"{name}.db"), progress=False, processes=1)
        seen = []
        for k, batch in enumerate(batches):
            src = tmp_path / f"{name}{k}.jsonl"
            src.write_text("".join(json.dumps(r) + "\n" for r in batch), encoding="utf-8")
            run([str(src)], opts, tmp_path / f"{name}-out")
            store = Store(opts.db)
            try:
                ann = store.get_annotation(held)
            finally:
                store.close()
            seen.append(ann)
        return seen

    (one,) = go("one", [recs])
    first, later = go("two", [[r for r in recs if r["id"] == held], [r for r in recs if r["id"] != held]])
    assert first["published_inferred"] is None  # alone, its text dates nothing
    near = one["published_story"]["near"]
    assert near["similarity"] >= 0.2 and one["published_inferred"]["value"] == "2013-07-21"
    assert any(e.startswith(f"dated from the nearest dated story {near['story']} (similarity ")
               for e in one["published_inferred"]["evidence"])
    assert (later["published_inferred"], later["published_story"]) == (one["published_inferred"], one["published_story"])


def test_writing_period_of_a_past_event_placed_relative_to_the_writing():
    from storyline.stories.relative import relative_kind, writing_period

    nov7 = dt.date(2008, 11, 7)  # a Friday
    assert writing_period(("last", "month"), nov7) == (dt.date(2008, 12, 1), dt.date(2008, 12, 31))
    assert writing_period(("last", "month"), dt.date(2008, 12, 3)) == (dt.date(2009, 1, 1), dt.date(2009, 1, 31))
    assert writing_period(("last", "week"), nov7) == (dt.date(2008, 11, 8), dt.date(2008, 11, 16))
    assert writing_period(("last", "year"), nov7) == (dt.date(2009, 1, 1), dt.date(2009, 12, 31))
    assert writing_period(("earlier", "month"), nov7) == (dt.date(2008, 11, 8), dt.date(2008, 11, 30))
    assert writing_period(("ago", "day", 3), nov7) == (dt.date(2008, 11, 9), dt.date(2008, 11, 11))
    assert relative_kind({"kind": "relunit", "unit": "month", "offset": -1}, "last month") == ("last", "month")
    # "the last month" is a span of time, not the month before the writing
    assert relative_kind({"kind": "relunit", "unit": "month", "offset": -1}, "the last month") is None
    assert relative_kind({"kind": "ago", "n": 2.0, "unit": "weeks", "ref": False, "sign": -1}, "two weeks ago") \
        == ("ago", "week", 2)


_CONVICTED = ("Jury convicts Orozco\n\nA jury convicted Jose Luis Orozco on March 20 of first-degree murder for "
              "the slaying of Deputy Jerry Ortiz, prosecutors said.")
_PENALTY = ("Jury weighs penalty for Orozco\n\nJurors began hearing evidence Monday in the penalty phase of the trial "
            "of Jose Luis Orozco, prosecutors said.")
_LAST_MONTH = ("Orozco sentenced to death\n\nA jury recommended the death penalty for Jose Luis Orozco, who was "
               "found guilty last month of murdering Deputy Jerry Ortiz.")


def test_found_guilty_last_month_of_a_conviction_a_member_dates_places_the_writing_in_the_next_month():
    from storyline.annotate.run import annotate_text

    members = [annotate_text(_CONVICTED, "a", "2007-03-21"), annotate_text(_PENALTY, "b", "2007-03-27"),
               annotate_text(_LAST_MONTH, "x", today="2026-12-01")]
    w = story_windows(members)["x"]
    assert w["within"]["earliest"] == "2007-04-01" and w["within"]["latest"] == "2007-04-30", w
    assert "member a dates “March 20” (2007-03-20)" in w["within"]["why"], w
    # the story's centre is in March: the days it allows are a constraint, not outweighed by it
    assert w["value"] < "2007-04-01"
    r = infer_publication(members[2]["text"], today=dt.date(2026, 12, 1), story=w)
    assert "2007-04-01" <= r["value"] <= "2007-04-30", r
    assert any(e.startswith("written 2007-04-01 – 2007-04-30: its “last month”") for e in r["evidence"]), r["evidence"]


def test_last_month_needs_the_same_event_and_a_shared_participant():
    from storyline.annotate.run import annotate_text

    other = _LAST_MONTH.replace("Jose Luis Orozco", "Daniel Ramirez")  # another man found guilty
    members = [annotate_text(_CONVICTED, "a", "2007-03-21"), annotate_text(other, "x", today="2026-12-01")]
    assert "within" not in (story_windows(members)["x"] or {})
    arrested = _CONVICTED.replace("convicted", "arrested").replace(" of first-degree murder", "")
    members = [annotate_text(arrested, "a", "2007-03-21"), annotate_text(_LAST_MONTH, "x", today="2026-12-01")]
    assert "within" not in (story_windows(members)["x"] or {})


def test_last_month_in_a_story_with_no_dated_member_bounds_the_others():
    from storyline.annotate.run import annotate_text

    texts = {
        "a": ("Killer sentenced\n\nThe jury convicted Brian Nichols on Nov. 7 after 12 hours of deliberations. "
              "He was sentenced Saturday for the crimes he committed on March 11, 2005."),
        "b": ("Nichols gets life\n\nAfter more than three years of delays since the March 11, 2005 rampage, a "
              "judge sentenced Brian Nichols Saturday to life without parole. Nichols, 37, was found guilty last "
              "month of murdering a judge."),
        "c": "Nichols will serve life\n\nA judge sentenced Brian Nichols to life in prison on Saturday.",
    }
    members = [annotate_text(t, k, today="2026-12-01") for k, t in texts.items()]
    windows = story_windows(members)
    # a's "Nov. 7" is read in the story's years (after the bound b's elapsed span gives): 2008
    assert windows["b"]["within"]["earliest"] == "2008-12-01", windows["b"]
    # the others were published within days of b: on or after 24 November 2008
    assert windows["c"]["after"] == "2008-11-24" and windows["c"]["from"] == "b", windows["c"]
    assert windows["a"]["after"] == "2008-11-24", windows["a"]
    # b itself: December 2008, but nothing in it says which day (its latest date is of
    # 2005): a period alone is no date, as a lower bound alone is none
    assert infer_publication(texts["b"], today=dt.date(2026, 12, 1), story=windows["b"]) is None
    r = infer_publication(texts["a"], today=dt.date(2026, 12, 1), story=windows["a"])
    assert "2008-11-24" <= r["value"] <= "2008-12-31", r
