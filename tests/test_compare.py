"""compare_story on small hand-made annotations (schema of docs/annotations.md)."""

from __future__ import annotations

import pytest

from storyline.compare import compare_story
from storyline.compare.quotes import qwords, relation, word_diff
from storyline.compare.timeline import interval, timeline
from storyline.compare.verdicts import compare_ranges
from storyline.errors import InputError
from storyline.records import Article

from comparecases import FLOOD_A, FLOOD_B, ann as _ann, group_with as _group_with, run as _run  # tests/ is on the path


def test_corroborated_by_two_outlets_and_single_source_listed():
    a = _ann("a", FLOOD_A, outlet="Daily One", quantities=[("at least 40 people", 40, 40, None, "death")],
             timexes=[("Tuesday", "2024-04-30")])
    b = _ann("b", FLOOD_B, outlet="Paper Two", quantities=[("At least 40 people", 40, 40, None, "death")],
             timexes=[("Tuesday", "2024-04-30")])
    r = _run([a, b])
    g = _group_with(r, "killed at least 40")
    assert g["verdict"] == "corroborated"
    assert g["articles"] == ["a", "b"] and g["independent_origins"] == 2
    assert {o["label"] for o in g["origins"]} == {"Daily One", "Paper Two"}
    m = g["members"][0]
    assert a["text"][m["start"]:m["end"]] == m["text"] and m["raw_start"] == m["start"]
    assert _group_with(r, "mourning")["verdict"] == "corroborated"
    orange = _group_with(r, "orange harvest")
    assert orange["verdict"] == "single-source" and orange["id"] in r["single_source"]["b"]
    assert r["coverage"]["rows"][0]["cells"]["a"]["status"] == "lead"
    tl = [e for e in r["timeline"] if e["group"] == g["id"]]
    assert tl and tl[0]["date"] == "2024-04-30" and tl[0]["precision"] == "day" and tl[0]["articles"] == ["a", "b"]


def test_copies_collapse_to_one_origin():
    a = _ann("a", FLOOD_A, outlet="Daily One")
    b = _ann("b", FLOOD_A, outlet="Reprint Weekly", published="2024-05-03")
    r = _run([a, b], copies=[{"article_id": "b", "origin_id": "a", "shared": 1.0, "kind": "duplicate", "evidence": {}}])
    g = _group_with(r, "mourning")
    assert g["articles"] == ["a", "b"]
    assert g["verdict"] == "single-source" and g["independent_origins"] == 1


def test_relayed_agency_report_is_one_origin_and_missing_source_is_shared():
    a = _ann("a", ["Reuters reported that the minister offered to resign over the bribery scandal on Friday.",
                   "The minister reportedly asked for immunity from prosecution in exchange."],
             outlet="Daily One", attributions=[("Reuters reported", "Reuters", "agency")],
             hedges=[("reportedly", "reportedly")])
    b = _ann("b", ["According to , the minister offered to resign over the bribery scandal on Friday.",
                   "The minister asked for immunity from prosecution in exchange."],
             outlet="Paper Two", attributions=[("According to ,", "", "missing")])
    r = _run([a, b])
    g = _group_with(r, "offered to resign")
    assert g["articles"] == ["a", "b"]
    assert g["verdict"] == "single-source"
    assert [o["id"] for o in g["origins"]] == ["source:reuters"]
    assert g["shared_origin_likely"] and "Paper Two" in g["shared_origin_likely"]["reason"]
    imm = _group_with(r, "immunity")
    # the hedged follow-up in a is credited to Reuters; b states it flatly
    assert imm["hedge_drift"] and imm["hedge_drift"]["flat"] == ["b"]
    assert [m["relay"]["key"] for m in imm["members"] if m["article_id"] == "a"] == ["reuters"]


def test_conflicting_numbers_and_revision():
    a = _ann("a", ["The explosion at the chemical plant killed 12 workers, the fire service said."],
             quantities=[("12 workers", 12, 12, 12, "death")], published="2024-05-02")
    b = _ann("b", ["The explosion at the chemical plant killed 30 workers, the fire service said."],
             quantities=[("30 workers", 30, 30, 30, "death")], published="2024-05-02")
    r = _run([a, b])
    g = _group_with(r, "explosion")
    assert g["verdict"] == "conflicting"
    assert g["findings"][0]["kind"] == "number" and g["findings"][0]["relation"] == "disjoint"
    # a higher count two days later that does not say it updates the first: most often a
    # new event's count, neither a dispute nor a revision
    b_later = dict(b, published="2024-05-04")
    g = _group_with(_run([a, b_later]), "explosion")
    assert g["verdict"] == "variant" and g["findings"][0]["relation"] == "distinct"
    # the later report says the toll rose: a revision, earlier and later sides in order
    c = _ann("b", ["The death toll of the explosion at the chemical plant has now risen to 30 workers, the fire service said."],
             quantities=[("30 workers", 30, 30, 30, "death")], published="2024-05-04")
    g = _group_with(_run([a, c]), "explosion")
    assert g["verdict"] == "revision" and g["findings"][0]["later"]["article_id"] == "b"
    assert g["findings"][0]["earlier"]["article_id"] == "a"


def test_variant_scope_and_negation_conflict():
    a = _ann("a", ["The government froze the assets of more than 100 officials linked to the ruling party."],
             quantities=[("more than 100 officials", 100, 100, None, "official")])
    a["quantities"][0]["low_inclusive"] = False
    b = _ann("b", ["The government froze the assets of 100 officials linked to the ruling party."],
             quantities=[("100 officials", 100, 100, 100, "official")])
    g = _group_with(_run([a, b]), "froze")
    assert g["verdict"] == "variant" and g["findings"][0]["relation"] == "touch"
    c = _ann("c", ["The central bank raised interest rates by half a point on Thursday morning."])
    d = _ann("d", ["The central bank has not raised interest rates by half a point on Thursday morning."])
    g = _group_with(_run([c, d]), "central bank")
    assert g["verdict"] == "conflicting" and g["findings"][0]["kind"] == "negation"


def test_quote_fidelity_relations_and_speaker():
    a = _ann("a", ["“We will rebuild every home that was lost, and we will do it this year,” the mayor said."],
             quotes=[("We will rebuild every home that was lost, and we will do it this year", "direct", "Mayor")],
             published="2024-05-01")
    b = _ann("b", ["The mayor promised: “We will rebuild every home that was lost.”"],
             quotes=[("We will rebuild every home that was lost.", "direct", "Mayor")], published="2024-05-02")
    c = _ann("c", ["“We won’t rebuild every home that was lost this year,” the governor said."],
             quotes=[("We won’t rebuild every home that was lost this year", "direct", "Governor")],
             published="2024-05-03")
    r = _run([a, b, c])
    assert len(r["quotes"]) == 1
    q = r["quotes"][0]
    assert q["first_article"] == "a" and q["speaker"] == "Mayor"
    rel = {x["article_id"]: x["relation"] for x in q["renderings"]}
    assert rel == {"a": "reference", "b": "trimmed", "c": "altered"}
    assert q["credited_to_other"] and q["status"] == "altered"
    alt = next(x for x in q["renderings"] if x["article_id"] == "c")
    assert alt["other_speaker"] and any(d["to"] == "will not" or "not" in d["to"] for d in alt["diff"])


def test_quote_helpers():
    assert qwords("We don’t want a slave’s peace") == ["we", "do", "not", "want", "a", "slave", "peace"]
    assert relation(["a", "b", "c"], ["a", "b", "c"]) == "verbatim"
    assert relation(["a", "b", "c", "d"], ["b", "c"]) == "trimmed"
    assert word_diff(["a", "b"], ["a", "c"]) == [{"op": "replace", "from": "b", "to": "c"}]


def test_range_relations():
    q = lambda lo, hi, li=True, hi_inc=True: {"low": lo, "high": hi, "low_inclusive": li, "high_inclusive": hi_inc}
    assert compare_ranges(q(83, None), q(83, None)) == "same"
    assert compare_ranges(q(80, None), q(83, None)) == "overlap"
    assert compare_ranges(q(100, None, li=False), q(100, 100)) == "touch"
    assert compare_ranges(q(12, 12), q(30, 30)) == "disjoint"
    assert compare_ranges({"value": 5, "low": None, "high": None}, q(5, 5)) == "same"


def test_timeline_intervals():
    assert interval("2025-12-01") == ("2025-12-01", "2025-12-01", "day")
    assert interval("2025-W49") == ("2025-12-01", "2025-12-07", "week")
    assert interval("2025-09") == ("2025-09-01", "2025-09-30", "month")
    assert interval("2025-Q4") == ("2025-10-01", "2025-12-31", "quarter")
    assert interval("XXXX-11-21") is None and interval("PRESENT_REF") is None and interval(None) is None


def test_timeline_unplaced_dates_do_not_outvote_resolved_ones():
    """Two articles' unresolved "Saturday" and "three years" agree, but only a date the
    timeline can place may vote: the resolved day stays on the timeline."""
    def member(aid, *timexes):
        return {"article_id": aid, "sentence": 0, "timexes": [
            {"type": typ, "value": v, "text": v, "start": 0, "end": 1} for typ, v in timexes]}
    g = {"id": "g1", "label": "sentenced", "verdict": "corroborated", "members": [
        member("a", ("DATE", "XXXX-WXX-6"), ("DURATION", "P3Y"), ("DATE", "2008-12-13")),
        member("b", ("DATE", "XXXX-WXX-6"), ("DURATION", "P3Y"))]}
    assert [(e["date"], e["articles"]) for e in timeline([g])] == [("2008-12-13", ["a"])]
    g["members"].append(member("c", ("DATE", "2008-12-13"), ("DATE", "2005-03-11")))
    assert [(e["date"], e["articles"]) for e in timeline([g])] == [("2008-12-13", ["a", "c"])]


def test_framing_loaded_words_voice_and_voices():
    a = _ann("a", ["The regime launched what critics call a brutal crackdown.",
                   "“This is pure terrorism,” the opposition leader said."],
             quotes=[("This is pure terrorism", "direct", "Leader")], hedges=[("what critics call", "what-it-calls")])
    r = _run([a])
    f = r["framing"][0]
    voices = {x["term"]: x["voice"] for x in f["loaded"]}
    assert voices["regime"] == "outlet" and voices["crackdown"] == "outlet" and voices["terrorism"] == "quote"
    assert f["voices"][0]["speaker"] == "Leader" and f["voices"][0]["quotes"] == 1
    assert f["hedge_counts"] == {"what-it-calls": 1}


def test_deterministic_and_bad_input():
    a = _ann("a", FLOOD_A, outlet="Daily One")
    b = _ann("b", FLOOD_B, outlet="Paper Two")
    assert _run([a, b]) == _run([a, b])
    arts = [Article(id="a", raw_text=a["text"], text=a["text"])]
    with pytest.raises(InputError, match="annotation"):
        compare_story({"id": "s"}, arts, [b], [])
    with pytest.raises(InputError, match="1 articles but 2 annotations"):
        compare_story({"id": "s"}, arts, [a, b], [])


def test_empty_and_claimless_annotations():
    r = _run([])
    assert r["groups"] == [] and r["timeline"] == []
    a = _ann("a", FLOOD_A)
    a["claims"] = []  # falls back to sentences
    b = _ann("b", FLOOD_B)
    r = _run([a, b])
    assert _group_with(r, "mourning")["articles"] == ["a", "b"]


@pytest.mark.slow
def test_optional_embeddings_path():
    from storyline.compare import align, embed

    if not embed.available():
        pytest.skip("embeddings extra not installed")
    a = _ann("a", FLOOD_A)
    b = _ann("b", FLOOD_B)
    from storyline.compare.units import build_units

    arts = [Article(id=x["id"], raw_text=x["text"], text=x["text"]) for x in (a, b)]
    units = build_units(arts, [a, b])
    s = align.similarity(units, {"embed": 1.0})
    i = next(u["uid"] for u in units if "mourning" in u["text"] and u["article_id"] == "a")
    j = next(u["uid"] for u in units if "mourning" in u["text"] and u["article_id"] == "b")
    k = next(u["uid"] for u in units if "orange" in u["text"])
    assert s[i, j] > s[i, k]


def test_wire_credit_and_verbatim_reuse_are_one_origin():
    a = _ann("a", FLOOD_A, outlet="Daily One")
    b = _ann("b", FLOOD_B, outlet="Paper Two", published="2024-05-03")
    wire = [{"article_id": x, "origin_id": "agency:associated-press", "shared": None, "kind": "wire-credit",
             "evidence": {"kind": "wire-credit", "agency": "Associated Press"}} for x in ("a", "b")]
    g = _group_with(_run([a, b], copies=wire), "mourning")
    assert g["verdict"] == "single-source" and [o["id"] for o in g["origins"]] == ["source:ap"]
    # a later article repeating an earlier one's sentence word for word is not independent for it
    c = _ann("c", ["Rescue teams searched the river banks near the old bridge.",
                   "Volunteers handed out blankets at the stadium shelter all night."], outlet="Third Post",
             published="2024-05-05")
    r = _run([a, c])
    g = _group_with(r, "river banks")
    assert g["articles"] == ["a", "c"] and g["verdict"] == "single-source"
    assert [m["copied_from"] for m in g["members"] if m["article_id"] == "c"] == ["a"]


def test_part_of_a_count_is_a_scope_variant_not_a_conflict():
    a = _ann("a", ["The navy arrested 23 pirates after boarding the ship in the Gulf of Aden."],
             quantities=[("23 pirates", 23, 23, 23, "pirate")])
    b = _ann("b", ["The navy arrested 11 Yemeni pirates after boarding the ship in the Gulf of Aden."],
             quantities=[("11 Yemeni pirates", 11, 11, 11, "pirate")])
    g = _group_with(_run([a, b]), "arrested")
    assert g["verdict"] == "variant" and g["findings"][0]["relation"] == "scope"


def test_timeline_a_secondary_member_does_not_date_the_group():
    # MEANTIME (Wikinews, CC BY 4.0), 6 and 7 Oct 2008: "It went up by 0.16% …" (7 Oct) was
    # dated Mon 6 Oct by the 6 Oct sentence its group holds as a secondary member (counted in
    # another group, and dated there)
    g = {"id": "g8", "label": "It went up", "verdict": "single-source", "members": [
        {"article_id": "114565", "sentence": 4, "secondary": True,
         "text": "As of 14:48 UTC, the primary UK index, the FTSE 100, dropped in value by 6.50% …",
         "timexes": [{"type": "TIME", "value": "2008-10-06T14:48", "text": "14:48 UTC", "start": 263, "end": 272}]},
        {"article_id": "114613", "sentence": 5, "secondary": False,
         "text": "It went up by 0.16% (16.03 points), but stayed below 5000 mark at 4605.22.", "timexes": []}]}
    assert timeline([g]) == []
    g["members"][0]["secondary"] = False
    assert [e["date"] for e in timeline([g])] == ["2008-10-06"]
    # a group of secondary members only is dated by them (ECB+ topic 3: "he returned to
    # prison in May 1984 …", told by two articles, each counting the sentence elsewhere)
    g["members"][0]["secondary"] = g["members"][1]["secondary"] = True
    assert [e["date"] for e in timeline([g])] == ["2008-10-06"]
