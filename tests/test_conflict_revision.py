"""Conflicts and revisions (issue: claims you can trust): a total against one event's
figure is another scope; a revision is the same slot changing between reports whose
publication times are stated; a level or a day's movement reported on two days is two
values, neither a conflict nor a revision. Sentences are short excerpts of ECB+,
MEANTIME (Wikinews) and GVC articles."""

from __future__ import annotations

from comparecases import quantity, unit  # tests/ is on the path

from storyline.compare.verdicts import decide


def _claim(uid, art, text, figures, **kw):
    """A claim unit whose figures are found by their text (offsets as annotate gives them)."""
    qs = [quantity(v, t, c, text.index(t), **(rest[0] if rest else {})) for v, t, c, *rest in figures]
    return unit(uid, art, text, [], quantities=qs, **kw)


def _decide(a, b, published=None):
    anns = {aid: {"id": aid, "published": p} for aid, p in (published or {}).items()}
    return decide([a, b], [{"id": "x"}, {"id": "y"}], anns, None)


def test_a_game_total_against_an_all_time_total_is_another_scope():
    a = _claim(0, "a", "Doug McDermott scored 23 points to become Creighton's all-time scoring leader",
               [(23, "23 points", "point")], verbs=["score", "become"], entities=["doug mcdermott"])
    b = _claim(1, "b", "McDermott passed Rodney Buford to become the school's all-time scoring leader with 2,117 points",
               [(2117, "2,117 points", "point")], verbs=["pass", "become"], entities=["doug mcdermott"])
    verdict, findings = _decide(a, b)
    assert verdict == "variant" and findings[0]["relation"] == "scope"
    c = _claim(1, "b", "McDermott broke Rodney Buford's school scoring record of 2,116 points with a free throw",
               [(2116, "2,116 points", "point")], verbs=["break"], entities=["doug mcdermott"])
    assert _decide(a, c)[1][0]["relation"] == "scope"
    # "thus far, a total of": the ship's haul over its patrol, not this boarding's
    d = _claim(0, "a", "The ship has, thus far, confiscated a total of 14 AK 47 Rifles", [(14, "14 AK 47 Rifles", "rifle")],
               verbs=["confiscate"])
    e = _claim(1, "b", "Six AK 47 rifles were found and confiscated", [(6, "Six AK 47 rifles", "rifle")],
               verbs=["find", "confiscate"])
    assert _decide(d, e)[1][0]["relation"] == "scope"
    # the same game's points, in two reports of the same day: still a conflict
    f = _claim(1, "b", "Doug McDermott scored 25 points", [(25, "25 points", "point")], verbs=["score"],
               entities=["doug mcdermott"])
    assert _decide(a, f, {"a": "2013-03-08", "b": "2013-03-08"})[0] == "conflicting"


def test_a_count_that_grows_between_reports_of_different_days_is_a_revision():
    a = _claim(0, "a", "46 people had been arrested", [(46, "46 people", "arrest")], verbs=["arrest"])
    b = _claim(1, "b", "Over four nights of protesting the number arrested has now risen to over 50 people",
               [(50, "over 50 people", "arrest", {"low_inclusive": False, "high": None})], verbs=["arrest"])
    verdict, findings = _decide(a, b, {"a": "2013-03-14", "b": "2013-03-17"})
    assert verdict == "revision"
    f = findings[0]
    assert (f["earlier"]["article_id"], f["earlier"]["published"]) == ("a", "2013-03-14")
    assert (f["later"]["article_id"], f["later"]["text"], f["later"]["published"]) == ("b", "over 50 people", "2013-03-17")
    # the same two reports on one day disagree: a conflict
    assert _decide(a, b, {"a": "2013-03-14", "b": "2013-03-14"})[0] == "conflicting"
    # an order inferred from the texts is no stated publication time: no revision
    assert _decide(a, b)[0] == "conflicting"


def test_a_higher_count_a_day_later_that_says_no_update_is_not_a_dispute():
    # "one person was arrested" on Monday night, "46 arrests" after Wednesday night's protest
    a = _claim(0, "a", "The NYPD said one person was arrested for disorderly conduct.",
               [(1, "one person", "arrest")], verbs=["say", "arrest"])
    b = _claim(1, "b", "there were 46 arrests — mostly for disorderly conduct", [(46, "46 arrests", "arrest")],
               verbs=["be"])
    verdict, findings = _decide(a, b, {"a": "2013-03-12", "b": "2013-03-13"})
    assert verdict == "variant" and findings[0]["relation"] == "distinct"
    # the same figures in two reports of one day: a conflict still
    assert _decide(a, b, {"a": "2013-03-13", "b": "2013-03-13"})[0] == "conflicting"


def test_a_lower_count_later_is_a_revision_only_when_the_report_says_it_corrects():
    a = _claim(0, "a", "The quake killed 83 people", [(83, "83 people", "death")], verbs=["kill"])
    b = _claim(1, "b", "Officials lowered the toll to 70 people", [(70, "70 people", "death")], verbs=["lower"])
    assert _decide(a, b, {"a": "2024-05-01", "b": "2024-05-03"})[0] == "revision"
    c = _claim(1, "b", "The quake killed 70 people", [(70, "70 people", "death")], verbs=["kill"])
    assert _decide(a, c, {"a": "2024-05-01", "b": "2024-05-03"})[0] == "conflicting"


def test_a_level_reported_on_two_days_is_two_values_not_a_revision():
    a = _claim(0, "a", "The Dow Jones currently has a value of 10769.00 points.", [(10769, "10769.00 points", "point")],
               verbs=["have"])
    b = _claim(1, "b", "The Dow Jones currently has a value of 11350.58 points.", [(11350.58, "11350.58 points", "point")],
               verbs=["have"])
    verdict, findings = _decide(a, b, {"a": "2008-09-17", "b": "2008-09-20"})
    assert verdict != "revision" and verdict != "conflicting"
    assert findings[0]["relation"] == "distinct"
    # a share fallen by another figure a week later: another day's movement
    c = _claim(0, "a", "The FTSE 100 dropped in value by 2.36%", [(2.36, "2.36%", None, {"kind": "percent", "unit": "%"})])
    d = _claim(1, "b", "The FTSE 100 dropped in value by 6.50%", [(6.5, "6.50%", None, {"kind": "percent", "unit": "%"})])
    c["quantities"][0]["counted"] = d["quantities"][0]["counted"] = "value"
    assert _decide(c, d, {"a": "2008-09-17", "b": "2008-10-06"})[0] not in ("revision", "conflicting")


def test_a_revision_is_shown_with_both_sides_and_their_publication_dates():
    from comparecases import ann, group_with, run  # tests/ is on the path

    from storyline.report import render

    a = ann("a", ["Police said 46 people had been arrested in the protests over the shooting."],
            quantities=[("46 people", 46, 46, 46, "arrest")], published="2013-03-14")
    b = ann("b", ["Police said 52 people had now been arrested in the protests over the shooting."],
            quantities=[("52 people", 52, 52, 52, "arrest")], published="2013-03-17")
    report = run([a, b])
    g = group_with(report, "arrested")
    assert g["verdict"] == "revision"
    f = g["findings"][0]
    assert (f["earlier"]["published"], f["later"]["published"]) == ("2013-03-14", "2013-03-17")
    md = render(report, "md")
    assert "Revised (arrest):" in md and "“46 people” (2013-03-14), then" in md and "“52 people” (2013-03-17)" in md
    assert "“46 people” (2013-03-14) →" in render(report, "html")
    brief = report["brief"]
    assert any("revised (arrest)" in d for item in brief["disputed"] for d in item["differences"])


def test_places_sharing_a_name_are_one_scope_and_the_reporting_agency_is_no_participant():
    import numpy as np

    # one quake on Qeshm island (ECB+ 20_ecb): five, three and two injured in three reports
    a = _claim(0, "a", "The tremor struck an area around the town of Dargahan on Qeshm island, injuring five people",
               [(5, "five people", "injury")], verbs=["strike", "injure"], places=["dargahan", "qeshm"])
    b = _claim(1, "b", "Iran's state television says a magnitude-5.2 quake has injured three people in the Persian Gulf "
               "Island of Qeshm.", [(3, "three people", "injury")], verbs=["say", "injure"],
               places=["iran", "persian gulf island of qeshm"])
    verdict, findings = _decide(a, b)
    assert verdict == "conflicting" and findings[0]["relation"] == "disjoint"
    # places with no name in common are another scope: "in the province" vs "across Asia"
    c = _claim(1, "b", "The tsunami killed 230,000 people across Asia", [(230000, "230,000 people", "death")],
               verbs=["kill"], places=["asia"])
    d = _claim(0, "a", "The tsunami killed 170,000 people in Aceh province", [(170000, "170,000 people", "death")],
               verbs=["kill"], places=["aceh"])
    assert _decide(c, d)[1][0]["relation"] == "scope"
    # "according to the ISNA news agency": the agency reports the count, it is no participant
    e = _claim(1, "b", "According to the student ISNA news agency, the quake on the outskirts of Dargahan injured two "
               "people.", [(2, "two people", "injury")], verbs=["accord", "injure"], places=["dargahan"],
               entities=["isna"], attribution={"source": {"entity": "isna", "name": "ISNA", "text": "ISNA"}})
    f = dict(a, entities=["iranian"])
    # loosely aligned (similarity under NUMBER_SIM) but one event verb governs both counts
    sim = np.array([[1.0, 0.23], [0.23, 1.0]])
    verdict, findings = decide([f, e], [{"id": "x"}, {"id": "y"}], {}, sim)
    assert verdict == "conflicting" and {findings[0]["a"]["text"], findings[0]["b"]["text"]} == {"five people", "two people"}
    # without a common verb, loosely aligned figures are not compared
    g = dict(e, verbs=["accord", "leave"], text=e["text"].replace("injured two people", "left two people injured"))
    g["quantities"] = [dict(g["quantities"][0], start=g["text"].index("two people"))]
    assert decide([f, g], [{"id": "x"}, {"id": "y"}], {}, sim)[1] == []


def test_a_round_figure_is_compatible_with_an_exact_one_near_it():
    # the February Zarand quake (ECB+ 20_ecbplus): "killing 612 people" vs "600 were killed"
    a = _claim(0, "a", "a quake hit the southern town of Zarand, killing 612 people", [(612, "612 people", "death")],
               verbs=["hit", "kill"])
    b = _claim(1, "b", "600 were killed in the city of Zarand in February", [(600, "600", "death")], verbs=["kill"])
    verdict, findings = _decide(a, b)
    assert verdict == "variant" and findings[0]["relation"] == "overlap"
    # a round figure far from the exact one, or two exact figures, still conflict
    c = _claim(1, "b", "500 were killed in the city of Zarand", [(500, "500", "death")], verbs=["kill"])
    assert _decide(a, c)[0] == "conflicting"
    d = _claim(1, "b", "a quake hit the southern town of Zarand, killing 615 people", [(615, "615 people", "death")],
               verbs=["hit", "kill"])
    assert _decide(a, d)[0] == "conflicting"


def test_ages_of_one_named_person_conflict_and_other_ages_are_not_compared():
    # ECB+ 22_ecb: "Sixty-year-old Sharron Diane Crawford Smith" vs "61-year-old Sharron Diane Crawford Smith"
    person = ["sharron diane crawford smith"]
    a = _claim(0, "a", "Sixty-year-old Sharron Diane Crawford Smith is accused of murdering two women",
               [(60, "Sixty-year-old", "age", {"kind": "age"})], verbs=["accuse"], persons=person, entities=person)
    b = _claim(1, "b", "Police announced 61-year-old Sharron Diane Crawford Smith was arrested and charged",
               [(61, "61-year-old", "age", {"kind": "age"})], verbs=["announce", "arrest"], persons=person,
               entities=person)
    verdict, findings = _decide(a, b)
    assert verdict == "conflicting" and findings[0]["counted"] == "age"
    # reports of different days one year apart in age: a birthday may lie between
    assert _decide(a, b, {"a": "2008-09-01", "b": "2008-12-01"})[0] != "conflicting"
    # "6-year-old Hank Mata" is not "54-year-old Mark Mata"; "a 60-year-old woman" names no one
    c = _claim(0, "a", "the bodies of 54-year-old Mark Mata and 6-year-old Hank Mata were discovered",
               [(54, "54-year-old", "age", {"kind": "age"}), (6, "6-year-old", "age", {"kind": "age"})],
               verbs=["discover"], persons=["mark mata", "hank mata"], entities=["mark mata", "hank mata"])
    d = _claim(1, "b", "he fatally shot his 42-year-old wife and 6-year-old son Hank Mata",
               [(42, "42-year-old", "age", {"kind": "age"}), (6, "6-year-old", "age", {"kind": "age"})],
               verbs=["shoot"], persons=["hank mata"], entities=["hank mata"])
    assert _decide(c, d)[0] != "conflicting"
    e = _claim(1, "b", "A 61-year-old woman was charged with killing two young women", [(61, "61-year-old", "age",
               {"kind": "age"})], verbs=["charge"])
    assert _decide(a, e)[0] != "conflicting"


def test_a_count_in_one_role_an_unnamed_owner_and_two_players_are_no_common_slot():
    # ECB+ 5_ecb: "19 seasons with the 76ers" vs "four seasons as the Sixers Director of Player Personnel"
    person = ["tony dileo"]
    a = _claim(0, "a", "DiLeo has spent 19 seasons with the 76ers and was promoted in 2003.",
               [(19, "19 seasons", "season")], verbs=["spend", "promote"], persons=person, entities=person)
    b = _claim(1, "b", "DiLeo spent four seasons as the Sixers Director of Player Personnel (1999-2003).",
               [(4, "four seasons", "season")], verbs=["spend"], persons=person, entities=person)
    verdict, findings = _decide(a, b)
    assert verdict == "variant" and findings[0]["relation"] == "scope"
    c = _claim(1, "b", "DiLeo spent 20 seasons with the 76ers.", [(20, "20 seasons", "season")], verbs=["spend"],
               persons=person, entities=person)
    assert _decide(a, c)[0] == "conflicting"
    # ECB+ 2_ecb: "He presided over that ceremony three times" vs "He's done it eight times already"
    d = _claim(0, "a", "He presided over that ceremony three times.", [(3, "three times", "time")], verbs=["preside"],
               subject="He")
    e = _claim(1, "b", "He's done it eight times already", [(8, "eight times", "time")], verbs=["do"], subject="He")
    verdict, findings = _decide(d, e)
    assert verdict == "variant" and findings[0]["relation"] == "distinct"
    # ECB+ 31_ecb: two players, whatever team both name, fill two slots (no finding)
    f = _claim(0, "a", "Shy Ely put up 23 points against the Tar Heels.", [(23, "23 points", "point")],
               verbs=["put"], persons=["shy ely"], entities=["shy ely", "tar heels"])
    g = _claim(1, "b", "Point guard Ty Lawson chipped in 16 points for the Tar Heels", [(16, "16 points", "point")],
               verbs=["chip"], persons=["ty lawson"], entities=["ty lawson", "tar heels"])
    assert _decide(f, g) == ("corroborated", [])
    # "Thomas" in one report is "Pierre Thomas" in the other: one participant
    h = _claim(0, "a", "Thomas missed nine games because of the injury.", [(9, "nine games", "game")], verbs=["miss"],
               persons=["pierre thomas"], entities=["pierre thomas"])
    i = _claim(1, "b", "Thomas missed 10 games because of the injury.", [(10, "10 games", "game")], verbs=["miss"],
               persons=["thomas"], entities=["thomas", "saints"])
    assert _decide(h, i)[0] == "conflicting"


def test_places_named_after_the_figures_and_an_earlier_event_set_the_scope():
    # ECB+ 30_ecb: "three cables between Italy and Egypt" vs "four cables across the Mediterranean and through Suez"
    a = _claim(0, "a", "Communications were disrupted after three submarine cables between Italy and Egypt in the "
               "Mediterranean Sea were damaged.", [(3, "three submarine cables", "cable")], verbs=["disrupt", "damage"],
               places=["italy", "egypt", "mediterranean sea"])
    b = _claim(1, "b", "The main damage is to the four submarine cables running across the Mediterranean and through "
               "the Suez Canal.", [(4, "four submarine cables", "cable")], verbs=["be"],
               places=["mediterranean", "suez canal"])
    verdict, findings = _decide(a, b)
    assert verdict == "variant" and findings[0]["relation"] == "scope"
    # a place within the other's ("in the Mediterranean" / "in the Mediterranean Sea") is one scope
    c = _claim(1, "b", "Four submarine cables in the Mediterranean were damaged.", [(4, "Four submarine cables", "cable")],
               verbs=["damage"], places=["mediterranean"])
    assert _decide(a, c)[0] == "conflicting"
    # ECB+ 18_ecbplus: "In February, a gunman killed five people" in an April report tells an earlier shooting
    d = _claim(0, "a", "In February, a gunman killed five people at a shopping mall in Salt Lake City.",
               [(5, "five people", "death")], verbs=["kill"],
               timexes=[{"type": "DATE", "value": "2007-02", "text": "In February"}])
    e = _claim(1, "b", "Gunman kills 1, wounds 2 at accounting office", [(1, "1", "death")], verbs=["kill", "wound"])
    pub = {"a": "2007-04-10", "b": "2007-04-10"}
    verdict, findings = _decide(d, e, pub)
    assert verdict == "variant" and findings[0]["relation"] == "distinct"
    f = dict(e, timexes=[{"type": "DATE", "value": "2007-04-09", "text": "Monday"}])
    assert _decide(d, f, {"a": "2007-04-10", "b": "2007-04-10"})[0] != "conflicting"
