"""Speakers on short real-style reports: never a place, a dateline, a document title or a
name fragment; people sharing a surname told apart by honorific, role and nearest full mention."""

from __future__ import annotations

from storyline.annotate import annotate_articles
from storyline.options import Options
from storyline.records import Article


def _quotes(text):
    ann = next(annotate_articles([Article(id="x", raw_text=text, text=text)], Options(progress=False)))
    return ann, {q["text"]: q["speaker"] for q in ann["quotes"]}


def _who(speakers, start):
    sp = next(v for k, v in speakers.items() if k.startswith(start))
    return sp and (sp.get("name"), sp.get("entity"), sp.get("kind"))


FIRST_LADY = (
    "PALM BEACH, Fla. — President Trump and Melania Trump, the first lady, welcomed Prime Minister Shinzo Abe of Japan "
    "to Mar-a-Lago on Tuesday.\n"
    "“We have a very, very special relationship,” Mr. Trump said at the start of the meeting.\n"
    "Mrs. Trump toured a school with Akie Abe. “The children were wonderful,” she said.\n"
    "“We are working on trade,” Trump said, adding that talks would go on.\n"
    "“It was a great day,” he told reporters.\n")


def test_first_lady_does_not_take_the_presidents_quotes():
    ann, sp = _quotes(FIRST_LADY)
    assert _who(sp, "We have a very")[1] == "trump"
    assert _who(sp, "We are working")[1] == "trump"
    assert _who(sp, "It was a great day")[1] == "trump"
    assert _who(sp, "The children were")[1] == "melania trump"
    ents = {e["text"]: e["entity"] for e in ann["entities"] if e["label"] == "PERSON"}
    assert ents["Mrs. Trump"] == "melania trump" and ents["President Trump"] == "trump"


def test_two_full_names_one_surname_resolved_by_honorific_and_nearest_mention():
    text = ("President Donald Trump and his wife, Melania Trump, visited the hospital in Dayton on Wednesday.\n"
            "“The doctors were incredible,” Mr. Trump said.\n"
            "“I met so many brave people,” Mrs. Trump said later.\n")
    _, sp = _quotes(text)
    assert _who(sp, "The doctors")[1] == "donald trump"
    assert _who(sp, "I met so many")[1] == "melania trump"


def test_dateline_place_is_never_the_speaker():
    _, sp = _quotes("PALM BEACH, Fla. — President Trump said on Sunday that he would meet Kim Jong-un again soon.\n")
    who = _who(sp, "he would meet")
    assert who is not None and "palm" not in (who[1] or "") and who[2] == "person"


def test_document_title_and_name_fragment_are_not_people():
    _, sp = _quotes("The James Comey Memos said the president had asked for loyalty.\n"
                    "U.S Border Patrol agents said they had detained 300 migrants near El Paso.\n")
    memo = _who(sp, "the president had asked")
    assert memo is None or memo[2] != "person"
    agents = _who(sp, "they had detained")
    assert agents is not None and agents[0] != "U.S Border" and "agents" in agents[0]


def test_story_links_a_titled_surname_to_the_full_name_holding_that_office():
    from storyline.annotate.canonical import merge_entities

    ann_a, _ = _quotes(FIRST_LADY)
    ann_a["id"] = "a"
    ann_b, _ = _quotes("President Donald Trump said on Wednesday that trade talks with Japan were going well.\n")
    ann_b["id"] = "b"
    m = merge_entities([ann_a, ann_b])
    assert m["a:trump"] == "donald trump" and m["a:melania trump"] == "melania trump"
