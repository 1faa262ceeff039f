"""Unit tests for per-article annotation: entities, quotes, attributions, hedges, claims."""

from __future__ import annotations

import pytest

from storyline.annotate import ANNOTATION_VERSION, annotate_article, annotate_articles, annotate_text
from storyline.annotate.canonical import key, merge_entities
from storyline.annotate.quotes import find_quote_spans
from storyline.errors import InputError
from storyline.options import Options
from storyline.records import Article, Edit


def quotes_of(ann, kind=None):
    return [q for q in ann["quotes"] if kind is None or q["kind"] == kind]


# --- canonical keys -------------------------------------------------------------

@pytest.mark.parametrize("text", ["Nicolás Maduro", "Nicolas Maduro", "NICOLÁS MADURO", "President Nicolás Maduro", "Nicolás Maduro's"])
def test_key_folds_titles_accents_case(text):
    assert key(text) == "nicolas maduro"


@pytest.mark.parametrize("text", ["Donald Trump", "US President Donald Trump", "Mr. Donald Trump"])
def test_key_trump(text):
    assert key(text) == "donald trump"


def test_key_non_person_keeps_words():
    assert key("the White House", "ORG") == "white house"
    assert key("The United States", "GPE") == "united states"


def test_surnames_join_full_name_within_article():
    ann = annotate_text(
        "Venezuelan President Nicolás Maduro spoke on Monday. Later, President Maduro told reporters he would stay. "
        "Mr Maduro also met Donald Trump's envoy. Trump said nothing."
    )
    persons = {(e["text"], e["entity"], e["name"]) for e in ann["entities"] if e["label"] == "PERSON"}
    assert {e for _, e, _ in persons} == {"nicolas maduro", "donald trump"}
    assert all(n in ("Nicolás Maduro", "Donald Trump") for _, _, n in persons)


def test_merge_entities_across_articles():
    a = {"id": "a", "entities": [{"entity": "nicolas maduro", "label": "PERSON", "name": "Nicolás Maduro"}]}
    b = {"id": "b", "entities": [{"entity": "maduro", "label": "PERSON", "name": "Maduro"},
                                 {"entity": "smith", "label": "PERSON", "name": "Smith"}]}
    c = {"id": "c", "entities": [{"entity": "john smith", "label": "PERSON", "name": "John Smith"},
                                 {"entity": "jane smith", "label": "PERSON", "name": "Jane Smith"}]}
    m = merge_entities([a, b, c])
    assert m["b:maduro"] == "nicolas maduro"
    assert m["a:nicolas maduro"] == "nicolas maduro"
    assert m["b:smith"] == "smith"  # two full names end with it: ambiguous, left apart


# --- entities -------------------------------------------------------------------

def test_washington_as_actor_and_lowercase_recovery():
    ann = annotate_text(
        "Washington accuses Caracas of trafficking. Troops arrived in Washington on Monday.\n\n"
        "washington sent ten ships to the region."
    )
    wash = [e for e in ann["entities"] if e["entity"] == "washington"]
    roles = [e["role"] for e in wash]
    assert len(wash) == 3
    assert roles[0] == "actor" and roles[1] == "place" and roles[2] == "actor"


def test_entity_offsets_and_raw_offsets():
    ann = annotate_text("Reuters reported that Angela Merkel visited Paris.")
    for e in ann["entities"]:
        assert ann["text"][e["start"]:e["end"]] == e["text"]
        assert (e["raw_start"], e["raw_end"]) == (e["start"], e["end"])


# --- quote marks ----------------------------------------------------------------

def test_quote_spans_curly_straight_and_nickname_free():
    text = 'He said "we will win" and “they will lose.”\nAn unclosed “quote that runs on to the end of the paragraph'
    spans = [(text[a:b], closed) for a, b, closed in find_quote_spans(text)]
    assert ("we will win", True) in spans
    assert ("they will lose.", True) in spans
    assert spans[-1][1] is False and spans[-1][0].startswith("quote that runs")


def test_nickname_is_not_a_quote():
    ann = annotate_text("Vice-Admiral Frank “Mitch” Bradley will brief lawmakers on Thursday.")
    assert not any(q["text"] == "Mitch" for q in ann["quotes"])


def test_direct_quote_with_pronoun_speaker_and_split_quote():
    ann = annotate_text(
        "Mayor Jane Smith visited the site on Tuesday.\n\n"
        "“We will rebuild every house,” she said, “and we will do it this year.”"
    )
    d = quotes_of(ann, "direct")
    assert len(d) == 2
    assert all(q["speaker"]["entity"] == "jane smith" for q in d)
    assert d[0]["speaker"]["resolved_from"] == "pronoun"
    assert d[1]["continues"] == ann["quotes"].index(d[0])


def test_multi_sentence_quote_and_inverted_cue():
    ann = annotate_text("“It was terrible. We heard shots. Then silence,” said John Miller, a neighbour.")
    q = quotes_of(ann, "direct")[0]
    assert q["text"].startswith("It was terrible.") and q["text"].endswith("Then silence")
    assert q["speaker"]["entity"] == "john miller" and q["cue"] == "said"


def test_title_resolution_and_scare_quote():
    ann = annotate_text(
        "President Emmanuel Macron met farmers in Paris. The president said the deal was “not acceptable in its current form”. "
        "Critics called it a “betrayal”."
    )
    partial = [q for q in ann["quotes"] if q["text"].startswith("not acceptable")][0]
    assert partial["kind"] == "partial"
    assert partial["speaker"]["entity"] == "emmanuel macron" and partial["speaker"]["resolved_from"] == "title"
    betrayal = [q for q in ann["quotes"] if q["text"] == "betrayal"][0]
    assert betrayal["kind"] in ("scare", "partial")


def test_titles_of_works_are_not_quotes():
    ann = annotate_text('She starred in "The Big Lebowski" and said the film "changed my life completely."')
    texts = [q["text"] for q in ann["quotes"]]
    assert "The Big Lebowski" not in texts
    assert any(t.startswith("changed my life") for t in texts)


def test_indirect_speech_and_according_to():
    ann = annotate_text("The minister said that prices would fall next year. According to police, two men were arrested.")
    ind = quotes_of(ann, "indirect")
    assert any(q["text"] == "prices would fall next year" and q["cue"] == "said" for q in ind)
    acc = [q for q in ind if q["cue"] == "according to"]
    assert acc and acc[0]["text"] == "two men were arrested" and acc[0]["speaker"]["entity"] == "police"


# --- attributions ---------------------------------------------------------------

def test_agency_chain_and_via():
    ann = annotate_text(
        "The Associated Press reported officials saying the general told aides “the attack will start at dawn.”"
    )
    rec = [a for a in ann["attributions"] if a["source"]["kind"] == "agency"]
    assert rec and rec[0]["chain"][0]["kind"] == "officials"
    q = quotes_of(ann, "partial")[0]
    assert [v["kind"] for v in q["via"]][:2] == ["agency", "officials"]


def test_missing_source_and_report_reference():
    ann = annotate_text(
        "A New York Times report said the plant had closed. According to , the owners left in May. "
        "Workers were not paid, according to the report."
    )
    kinds = [a["source"]["kind"] for a in ann["attributions"]]
    assert "missing" in kinds
    rep = [a for a in ann["attributions"] if a["cue"] == "according to" and a["source"]["kind"] == "document"]
    assert rep and rep[0]["source"]["refers_to"]["text"] == "New York Times report"


def test_anonymous_and_experts():
    ann = annotate_text(
        "Sources familiar with the talks said a deal was close. Experts warned that the plan would fail."
    )
    kinds = {a["source"]["kind"] for a in ann["attributions"]}
    assert {"anonymous", "experts"} <= kinds


# --- hedges and claims ----------------------------------------------------------

def test_country_actors_get_one_key_across_wordings():
    def keys(text):
        return [(x["source"]["text"], x["source"]["entity"]) for x in annotate_text(text)["attributions"]]

    assert keys("The UK government said it would act. The British government said talks would go on.") == [
        ("The UK government", "united kingdom government"), ("The British government", "united kingdom government")]
    assert keys("The government of Venezuela denied it. Venezuela's government said it was false.") == [
        ("The government of Venezuela", "venezuela government"), ("Venezuela's government", "venezuela government")]
    assert keys("U.S. officials said the strikes would go on. American officials denied it.") == [
        ("U.S. officials", "united states official"), ("American officials", "united states official")]


def test_bare_definite_organisation_refers_back_to_its_qualified_mention():
    a = annotate_text("The British government said on Monday it would act. Later, the government said the talks had failed.")
    later = [x["source"] for x in a["attributions"] if x["source"]["text"] == "the government"]
    assert later and later[0]["entity"] == "united kingdom government" and later[0]["name"] == "The British government"
    spk = [q["speaker"] for q in a["quotes"] if q["speaker"] and q["speaker"]["text"] == "the government"]
    assert spk and spk[0]["resolved_from"] == "antecedent" and spk[0]["entity"] == "united kingdom government"
    assert a["text"][spk[0]["mention"]["start"]:spk[0]["mention"]["end"]] == "The British government"
    b = annotate_text("On Tuesday the government of Venezuela rejected it. The government said the vote was fair.")
    assert [x["source"]["entity"] for x in b["attributions"]] == ["venezuela government"]
    # nothing to refer back to: stays a description
    c = annotate_text("The government said the vote was fair.")
    assert c["attributions"][0]["source"]["entity"] == "government"
    assert c["quotes"][0]["speaker"]["resolved_from"] == "description"


def test_hedges_kinds_and_in_quote():
    ann = annotate_text(
        "The so-called militia reportedly attacked the alleged smugglers, without evidence, in what it calls a raid. "
        "The suspect is expected to appear in court. He said “we did not do it.”"
    )
    kinds = [h["kind"] for h in ann["hedges"]]
    for k in ("so-called", "reportedly", "alleged", "without-evidence", "what-it-calls", "expected", "negation"):
        assert k in kinds, k
    neg = [h for h in ann["hedges"] if h["kind"] == "negation"][0]
    assert neg["in_quote"] is True
    assert "suspected" not in kinds  # "the suspect" is a person, not a hedge
    assert all(isinstance(h.get("claim"), int) for h in ann["hedges"])


def test_claims_split_clauses_and_skip_questions():
    ann = annotate_text(
        "Police arrested two men on Friday, and prosecutors charged them with murder. Who fired first? "
        "The mayor did not resign."
    )
    preds = [(c["subject"], c["predicate"], c["object"], c["negated"]) for c in ann["claims"]]
    assert ("Police", "arrest", "two men", False) in preds
    assert ("prosecutors", "charge", "them", False) in preds
    assert ("The mayor", "resign", None, True) in preds
    assert not any("Who fired" in c["text"] for c in ann["claims"])
    assert [c["id"] for c in ann["claims"]] == [f"text:{i}" for i in range(len(ann["claims"]))]


def test_a_relative_clause_the_parser_made_a_conjunct_is_no_claim_of_its_own():
    # GVC val (CC BY 4.0): ", that comes with a court set bond of $1 million." was a claim of its
    # own, shown in the report as a fact from a single source
    text = "Police have been granted an arrest warrant for Malone, that comes with a court set bond of $1 million."
    ann = annotate_text(text)
    assert [c["text"] for c in ann["claims"]] == [text]


def test_claim_reported_content_and_attribution():
    ann = annotate_text("The White House said that the admiral acted within the law.")
    c = ann["claims"][0]
    assert (c["subject"], c["predicate"]) == ("the admiral", "act")
    att = ann["attributions"][c["attribution"]]
    assert att["source"]["entity"] == "white house"


# --- orchestration --------------------------------------------------------------

def test_raw_offsets_follow_offset_map_and_damage():
    raw = "HEADER JUNK\n\nPresident Joe Biden said “we will act” on Monday."
    clean = raw[13:]
    art = Article(id="x1", raw_text=raw, text=clean, offset_map=[(0, 13, len(clean))],
                  edits=[Edit(kind="damage", reason="test note", raw_start=0, raw_end=11, text="HEADER JUNK", start=0, end=0)])
    ann = annotate_article(art)
    assert ann["version"] == ANNOTATION_VERSION and ann["id"] == "x1"
    for group in ("entities", "quotes", "claims", "hedges", "attributions"):
        for item in ann[group]:
            assert raw[item["raw_start"]:item["raw_end"]] == clean[item["start"]:item["end"]]
    assert ann["damage"] == [{"start": 0, "end": 0, "reason": "test note", "raw_start": 0, "raw_end": 11}]
    for group in ("entities", "quotes", "hedges", "claims"):
        starts = [x["start"] for x in ann[group]]
        assert starts == sorted(starts)


def test_order_is_input_order_and_bad_input_is_named():
    arts = [Article(id=f"a{i}", raw_text=f"Article {i}: John Doe said it rained.", text=f"Article {i}: John Doe said it rained.") for i in range(5)]
    assert [a["id"] for a in annotate_articles(arts, Options(batch_size=2))] == [f"a{i}" for i in range(5)]
    with pytest.raises(InputError, match="bogus"):
        list(annotate_articles([{"id": "bogus"}], Options()))


def test_empty_text():
    ann = annotate_article(Article(id="e", raw_text="", text=""))
    assert ann["quotes"] == [] and ann["claims"] == [] and ann["entities"] == []


@pytest.mark.slow
def test_two_processes_same_output():
    arts = [Article(id=f"p{i}", raw_text=t, text=t) for i, t in enumerate(
        ["Ann Lee said “it works.”", "Police said two men were hurt.", "Reuters reported the deal collapsed."] * 3)]
    one = list(annotate_articles(arts, Options(processes=1, batch_size=2)))
    two = list(annotate_articles(arts, Options(processes=2, batch_size=2)))
    assert one == two


def test_place_aliases_share_a_key():
    assert key("U.S.", "GPE") == key("the United States", "GPE") == key("US", "GPE") == "united states"
    assert key("Britain", "GPE") == key("UK", "GPE") == "united kingdom"
    assert key("Comedian Ellen DeGeneres") == "ellen degeneres"


def test_stand_alone_quote_after_reported_speech():
    ann = annotate_text(
        "The project will serve him well, said Sean Tipton, a spokesman for the society. "
        "“He has an ability to interact with the public.” Critics disagreed."
    )
    q = quotes_of(ann, "direct")[0]
    assert q["speaker"]["entity"] == "sean tipton" and q["speaker"]["continued"] is True


def test_overlong_text_is_annotated_in_part_with_a_note(monkeypatch):
    from storyline.nlp import load

    nlp = load(())
    monkeypatch.setattr(nlp, "max_length", 200)
    text = "Police said two men were hurt.\n" * 20
    ann = annotate_article(Article(id="long", raw_text=text, text=text))
    assert ann["text"] == text
    assert ann["damage"][-1]["reason"].startswith("not annotated") and ann["damage"][-1]["end"] == len(text)
    assert all(c["end"] <= 200 for c in ann["claims"])


def test_acronyms_join_the_name_they_abbreviate():
    ann = annotate_text("The International Criminal Court issued a warrant. The ICC said the case was open.")
    keys = {e["text"]: e["entity"] for e in ann["entities"]}
    assert keys["ICC"] == "international criminal court"
    m = merge_entities([
        {"id": "a", "entities": [{"entity": "icc", "label": "ORG", "name": "ICC"}]},
        {"id": "b", "entities": [{"entity": "international criminal court", "label": "ORG", "name": "International Criminal Court"}]},
    ])
    assert m["a:icc"] == "international criminal court"


def test_they_as_speaker_resolves_to_the_organisation():
    ann = annotate_text("Microsoft released a patch on Tuesday. They said the flaw was being exploited.")
    said = [a for a in ann["attributions"] if a["cue"] == "said"][0]
    assert said["source"]["entity"] == "microsoft" and said["source"]["kind"] == "organisation"


def test_names_in_capitals_are_found_when_known_in_normal_case():
    from storyline.annotate import annotate_text

    ann = annotate_text("VENEZUELA’S President Nicolas Maduro rejected the offer.\n\n"
                        "Maduro spoke in Caracas, Venezuela, on Monday. MADURO said no to the US.")
    got = {(m["text"], m["label"], m["entity"]) for m in ann["entities"]}
    assert ("VENEZUELA", "GPE", "venezuela") in got
    assert ("MADURO", "PERSON", "nicolas maduro") in got
    # capitals alone are not evidence: a shouted word never seen as a name stays untagged
    assert not any(m["text"] == "NO" for m in ann["entities"])


def test_a_pages_time_stamp_is_not_a_claim():
    # real page stamps of ECB+ articles (BBC, a local daily) above their first paragraph
    ann = annotate_text(
        "10 June 2013 Last updated at 14:00 GMT\n\n"
        "Posted: Friday, March 8, 2013 2:39 pm\n\n"
        "The report was published on Monday, March 8, after police said three people died.")
    texts = [c["text"] for c in ann["claims"]]
    assert not any("Last updated" in t or t.startswith("Posted") for t in texts)
    assert any(t.startswith("The report was published") for t in texts)


def test_a_clause_keeps_the_percent_sign_of_its_figure():
    # MEANTIME (Wikinews, CC BY 4.0), "Global markets plunge": the first conjunct was shown
    # as "Australia dropped by 8.4", its percent sign trimmed as punctuation
    text = "Australia dropped by 8.4% and South Korea saw a 9% fall.\n"
    ann = next(annotate_articles([Article(id="x", raw_text=text, text=text)], Options(progress=False)))
    assert [c["text"] for c in ann["claims"]] == ["Australia dropped by 8.4%", "South Korea saw a 9% fall."]
