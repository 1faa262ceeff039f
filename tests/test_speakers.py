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


HEADLINE = (
    "Arcade Joseph Comeaux Jr, Prison Inmate, Pulls Gun On And Handcuffs Guards, Runs Away\n\n"
    "A convicted sex offender pulled a gun on two guards during a prison transfer Monday, authorities said. "
    "At the time of the escape, the inmate was in a wheelchair, which he claimed he needed to help move him "
    "around, officials said. Comeaux, 49, took the officers' weapons and handcuffed them together in the back "
    "of the vehicle before fleeing on foot at around 9 a.m., Lyons said.\n")


def test_headline_words_in_capitals_are_not_a_person():
    # ECB+ 3_1ecbplus: "Handcuffs Guards" was a person, and the antecedent of "he claimed"
    ann, sp = _quotes(HEADLINE)
    people = [e["text"] for e in ann["entities"] if e["label"] == "PERSON"]
    assert "Arcade Joseph Comeaux Jr" in people and not any("Guards" in p for p in people)
    assert _who(sp, "which he claimed")[0] == "Arcade Joseph Comeaux Jr"
    ann, _ = _quotes("Lindsay Lohan Checks Into Rehab Again After Court Ruling\n\n"
                     "Lindsay Lohan checked into rehab on Thursday, her lawyer said. Lohan was ordered there by a judge.\n")
    assert [e["text"] for e in ann["entities"] if e["label"] == "PERSON"][0] == "Lindsay Lohan"


def test_a_numbered_juror_is_named_with_the_number():
    # ECB+ 3_4ecb: "said Juror No. 8" was the speaker "Juror No" (the tokeniser parts "No" from ".")
    ann, sp = _quotes("“Everyone was respectful, ”said Juror No. 8, one of six women on the panel. "
                      "“We could not agree,” said Juror No. 12.")
    assert _who(sp, "Everyone was")[0] == "Juror No. 8"
    assert _who(sp, "We could not")[0] == "Juror No. 12"
    assert _who(sp, "Everyone was")[1] != _who(sp, "We could not")[1]


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


# Error classes of the blind random sample (benchmarks/data/speakers_sample.jsonl, dev half).

def _claim_source(ann, start_text):
    c = next(c for c in ann["claims"] if c["text"].startswith(start_text))
    return None if c["attribution"] is None else ann["attributions"][c["attribution"]]["source"]


def test_abbreviated_title_is_not_the_speaker():
    ann, _ = _quotes("Around 30 or 40 people were at the party when a fight broke out, said Capt. Jeff Butler.\n")
    src = _claim_source(ann, "Around 30")
    assert src is not None and src["name"] == "Jeff Butler"


def test_pronoun_after_a_predicate_nominal_surname():
    text = ("Kansas City lost 20-13 to Indianapolis on Sunday. Brady Quinn started at quarterback.\n"
            "Peyton Hillis added 101 yards on the ground for the Chiefs. A big reason why was Quinn, who was just 10 of 22 "
            "for 162 yards with two interceptions. \"This game was without a doubt, 100 percent on my shoulders,\" he said.\n")
    ann, sp = _quotes(text)
    assert _who(sp, "This game was")[1] == "brady quinn"
    quinn = [e for e in ann["entities"] if e["text"] == "Quinn"]
    assert quinn and all(e["label"] == "PERSON" for e in quinn)


def test_bare_surname_after_a_place_preposition_stays_a_place():
    ann, _ = _quotes("Luke Jackson, 40, was arrested on Sunday.\nThe crash happened in Jackson on Route 49, police said.\n")
    labels = {e["text"]: e["label"] for e in ann["entities"]}
    assert labels.get("Jackson") == "GPE"


def test_pronoun_never_resolves_to_a_name_in_the_words_it_reports():
    text = ("San Diego Chargers receiver Vincent Jackson was arrested on suspicion of drunken driving. Jackson failed sobriety "
            "tests shortly after 2 a.m. on state Route 52, California Highway Patrol Officer Ray Scheidnes said. "
            "Jackson was on probation for a previous similar arrest, he said.\n")
    ann, _ = _quotes(text)
    src = _claim_source(ann, "Jackson was on probation")
    assert src is not None and src["entity"] == "ray scheidnes"


def test_according_to_a_web_address_is_the_outlet():
    text = ("Barack Obama has asked Dr Sanjay Gupta to join his administration as surgeon general, according to reports. "
            "According to washingtonpost.com, the 39-year-old doctor is \"the Obama team's first choice\" to become America's "
            "most senior public health official. Although Gupta has not commented on the matter, the Post claims that he "
            "wants the job.\n")
    _, sp = _quotes(text)
    who = _who(sp, "the Obama team")
    assert who is not None and who[0] == "The Washington Post" and who[2] == "organisation"


def test_charging_someone_or_adding_points_is_no_speech():
    ann, _ = _quotes("John Jenkin, 23, was arrested on Saturday. Police have this morning charged him with two murders.\n"
                     "Josh Heytvelt added 15 points and 12 boards in the win for the Bulldogs.\n")
    assert _claim_source(ann, "Police have this morning") is None
    assert _claim_source(ann, "Josh Heytvelt added") is None


def test_as_x_said_credits_the_main_clause():
    ann, _ = _quotes("Mayor John Smith spoke on Monday. As Governor Mary Jones said last week, the bridge will close in May.\n"
                     "As police announced the arrest, crowds gathered outside.\n")
    src = _claim_source(ann, "As Governor Mary Jones")
    assert src is not None and src["entity"] == "mary jones"
    assert _claim_source(ann, "As police announced") is None  # a time clause, not a source


def test_a_name_in_apposition_to_the_reporting_subject_is_the_pronouns_antecedent():
    text = ("Mark Felt, who was known as 'Deep Throat,' died on Friday. He was 95. His daughter Joan Felt said her father ate "
            "a big breakfast before saying he was tired, and went to sleep, she told the Washington Post.\n")
    ann, _ = _quotes(text)
    src = _claim_source(ann, "His daughter Joan Felt")
    assert src is not None and src["entity"] == "joan felt"


def test_pronoun_cue_reporting_what_follows_keeps_the_name_before():
    text = ("Tara Reid checked into rehab on Friday. According to various reports Tara Reid's representative Jack Ketsoyan "
            "left a statement for the press, he said \"We appreciate your respect to her and her family's privacy at this time.\"\n")
    _, sp = _quotes(text)
    who = _who(sp, "We appreciate")
    assert who is not None and who[1] == "jack ketsoyan"


def test_pronoun_after_a_name_the_model_did_not_tag_a_person():
    # ECB+ 9_11ecbplus: "Secretary of the Interior Ken Salazar" was tagged an organisation, so
    # "he said" after "“…,” Salazar said." went to Gary Locke, named before him
    text = ("Secretary of Commerce Gary Locke and Secretary of the Interior Ken Salazar said their decision is based on "
            "sound science. \"By rolling back this regulation, we are ensuring protection,\" Salazar said. "
            "\"Because science must serve as the foundation, agencies will consult,\" he said.\n")
    _, sp = _quotes(text)
    assert _who(sp, "Because science")[1] == "ken salazar"


def test_one_of_a_group_speaks_for_the_group():
    # ECB+ 6_5ecbplus: '"…," says one.' after "sources involved with the franchise are betting …"
    ann, sp = _quotes("Nonetheless, sources involved with the franchise are betting that Ross will return. "
                      "\"Ultimately, it will be difficult, and yet everybody will do the sane thing,\" says one.\n"
                      "The crowd scattered when the shots were fired. One of the witnesses said the gunman fled in a red car.\n")
    assert _who(sp, "Ultimately")[1] == "sources"
    assert _claim_source(ann, "One of the witnesses")["entity"] == "witnesses"
    _, sp = _quotes("\"We will be back next year,\" says one.\n")
    assert _who(sp, "We will be back") is None  # no group named before: no speaker


def test_a_firm_apposed_after_an_of_phrase_is_not_the_speaker():
    # ECB+ 18_9ecb: "An employee of another nearby business, Relaxus Massage Products, said …"
    ann, _ = _quotes("Offices nearby were shut down. An employee of another nearby business, Relaxus Massage Products, "
                     "said staff were escorted to their cars by police so they could go home.\n"
                     "A spokesman for the company, John Smith, said the store would reopen.\n")
    src = _claim_source(ann, "An employee")
    assert src is not None and src["entity"] == "employee" and src["kind"] == "person"
    assert _claim_source(ann, "A spokesman for the company")["entity"] == "john smith"
    ann, _ = _quotes("\"Sentiment in the market is very weak,\" said the senior market strategist for Invesco AIM, Fritz Meyer.\n")
    assert any(a["source"]["name"] == "Fritz Meyer" for a in ann["attributions"])


def test_the_day_of_a_statement_is_not_part_of_its_source():
    # ECB+ 3_9ecb: "according to a Texas prison statement Monday" named the speaker
    # "a Texas prison statement Monday"
    text = ("A Texas inmate escaped from a prison van near Houston after pulling a gun on two guards who were "
            "transporting him between prisons, according to a Texas prison statement Monday. Arcade Joseph "
            "Comeaux Jr. was serving three life sentences.\n")
    ann = next(annotate_articles([Article(id="x", raw_text=text, text=text)], Options(progress=False)))
    acc = [a for a in ann["attributions"] if a["cue"] == "according to"]
    assert [a["source"]["text"] for a in acc] == ["a Texas prison statement"]
    assert text[acc[0]["source"]["start"]:acc[0]["source"]["end"]] == "a Texas prison statement"


def test_a_weekday_parsed_as_a_subject_is_no_speaker():
    # a typo in a real report ("said Sunday said he was aware"): the day is never the speaker
    text = ("Anthony Webster, who lives in Prior Lake and is an acquaintance of the property's owner, said Sunday "
            "said he was aware of the party and that it was arranged by his stepson.\n")
    ann = next(annotate_articles([Article(id="x", raw_text=text, text=text)], Options(progress=False)))
    names = [a["source"].get("name") for a in ann["attributions"]]
    assert "Sunday" not in names
    assert any(n and "Webster" in n for n in names)


def test_the_name_after_an_abbreviated_title_is_the_speaker():
    # GVC val (CC BY 4.0), a Cincinnati shooting report: the parser ends a sentence at "Sgt.",
    # and "Sgt" was the speaker of both statements
    text = ("Timothy Murphy, 30, was one of the shooters in the incident that also killed Barry Washington, 56, "
            "and left five others injured, said Sgt. Mike Miller.\n\n"
            "The fight began in the bar area of the lodge and moved outside into the street, said Sgt. Mike Miller.\n")
    ann, sp = _quotes(text)
    assert _who(sp, "Timothy Murphy")[:2] == ("Mike Miller", "mike miller")
    assert _who(sp, "The fight began")[:2] == ("Mike Miller", "mike miller")
    assert [a["source"]["text"] for a in ann["attributions"]] == ["Mike Miller", "Mike Miller"]
    # and no sentence ends at the title: two sentences, each with its speaker's name
    assert [text[s["start"]:s["end"]].rstrip()[-22:] for s in ann["sentences"]] == ["said Sgt. Mike Miller."] * 2


def test_a_statement_from_a_firm_is_the_firm_speaking():
    # MEANTIME (Wikinews, CC BY 4.0), Apple Corps v Apple Computer: the speaker was "A statement"
    text = ('A statement from Apple Computer stated that "Apple and Apple Corps now have differing interpretations '
            'of this agreement and will need to ask a court to resolve this dispute."\n')
    ann, sp = _quotes(text)
    assert _who(sp, "Apple and Apple Corps")[:2] == ("Apple Computer", "apple computer")
    att = ann["attributions"][0]
    assert (att["source"]["text"], att["source"]["kind"]) == ("Apple Computer", "organisation")
    assert [c["text"] for c in att["chain"]] == ["A statement"]


def test_no_sentence_ends_at_an_abbreviation_before_a_lower_case_word_or_a_title():
    # GVC val (CC BY 4.0), a Milwaukee report: "around 4:45 p.m." was a sentence of its own
    # and the claim stopped at "Hampton Ave."; ECB+ topic 16 (a Los Angeles Times report, read
    # for research): "Dist." | "Atty. Steve Cooley said …" was two sentences
    text = ("Officers from the Glendale Police Department were in the area of Port Washington Rd. and "
            "Hampton Ave. around 4:45 p.m.\n\n"
            "Los Angeles County Dist. Atty. Steve Cooley said he expected Orozco to be charged with first-degree "
            "murder of a peace officer.\n\n"
            "He lives on Elm St. He was not hurt.\n")
    ann = next(annotate_articles([Article(id="x", raw_text=text, text=text)], Options(progress=False)))
    assert [text[s["start"]:s["end"]].strip() for s in ann["sentences"]] == [
        "Officers from the Glendale Police Department were in the area of Port Washington Rd. and "
        "Hampton Ave. around 4:45 p.m.",
        "Los Angeles County Dist. Atty. Steve Cooley said he expected Orozco to be charged with first-degree "
        "murder of a peace officer.",
        "He lives on Elm St.", "He was not hurt."]  # a capitalised word after "St." still starts one
    assert [a["source"]["text"] for a in ann["attributions"]] == ["Steve Cooley"]


def test_no_sentence_starts_at_a_day_after_a_clock_time_nor_in_lower_case_after_a_quotation():
    # GVC val (CC BY 4.0), two Toledo and Kansas City reports: "Sunday coming from The
    # Underground, …" was a sentence (the brief's corroborated fact) after "at 3:37 a.m.";
    # "said Pat Clarke with People's Action Committee." a single-source fact of its own after
    # the quotation's "Life lost."
    text = ("Police said that an officer heard several gunshots at 3:37 a.m. Sunday coming from The Underground, "
            "a club at Belmont and Junction avenues in central city.\n\n"
            "\"Now in this case right here, this baby had nothing to do with nothing. Life lost.\" said Pat Clarke "
            "with People's Action Committee. \"Where are the people that were lined up last Sunday?\"\n\n"
            "It happened at 2 a.m. He was not hurt.\n")
    ann = next(annotate_articles([Article(id="x", raw_text=text, text=text)], Options(progress=False)))
    sents = [text[s["start"]:s["end"]].strip() for s in ann["sentences"]]
    assert sents[0].endswith("in central city.") and sents[0].startswith("Police said")
    assert "Life lost.\" said Pat Clarke with People's Action Committee." in sents
    assert not any(s.startswith("said") for s in sents)
    assert sents[-2:] == ["It happened at 2 a.m.", "He was not hurt."]  # a capitalised word still starts one
    who = {q["text"][:20]: (q.get("speaker") or {}).get("text") for q in ann["quotes"]}
    assert who["Now in this case rig"] == "Pat Clarke", who



def test_no_sentence_starts_right_after_a_word_on_its_line():
    # MEANTIME (CC BY 3.0, a Wikinews markets report): "YRC" | "Worldwide, Inc. was the biggest
    # faller …" were two sentences; GVC val (CC BY 4.0): "He was my son's age" | "so I'd sneak
    # him in Lego guys."; a headline line without a stop still ends at its newline
    text = ("The Nasdaq index also fell dramatically today, down 2.95% (54.97 points) to 1807.99 points. "
            "YRC Worldwide, Inc. was the biggest faller in this index, with its loss of 27.30% that took the "
            "company's share price down to 5.13.\n\n"
            "\"He was big for his age, but he had the most tender heart. He was my son's age so I'd sneak him in "
            "Lego guys. He delighted in doing dress up.\"\n\n"
            "Wall Street ends lower\n\nStocks fell on Monday.\n")
    ann = next(annotate_articles([Article(id="x", raw_text=text, text=text)], Options(progress=False)))
    sents = [text[s["start"]:s["end"]].strip() for s in ann["sentences"]]
    assert "YRC Worldwide, Inc. was the biggest faller in this index, with its loss of 27.30% that took the " \
           "company's share price down to 5.13." in sents, sents
    assert "He was my son's age so I'd sneak him in Lego guys." in sents, sents
    assert "Wall Street ends lower" in sents and "Stocks fell on Monday." in sents
    # the one word goes into the name after it: the sentence keeps its verb as its root
    yrc = next(c for c in ann["claims"] if c["text"].startswith("YRC"))
    assert yrc["predicate"] == "be", yrc["predicate"]


def test_a_headline_word_cut_off_its_verb_stays_its_subject():
    # ECB+ dev (CC BY 3.0) headlines the parser cut after their first word: "Navy" | "foils
    # Somali pirate attack …", "Aftershocks" | "jolt Iran's …", "Security" | "experts say …".
    # Joined the other way (the verb's sentence under the word) the word was the predicate.
    text = ("Updated: November 11, 2011 20:09 IST\n\nNavy foils Somali pirate attack off Gulf of Aden\n\n"
            "The Indian Navy patrolling the Gulf of Aden on Thursday thwarted a multi-boat attack.\n\n"
            "11/28/05\n\nAftershocks jolt Iran's Qeshm island, death toll rises to 10\n\n"
            "With Web attacks increasing, Microsoft fixes IE bug\n\n"
            "Security experts say that Web surfers should immediately install a new bug-fix for Microsoft's "
            "Internet Explorer browser, released Wednesday morning.\n")
    ann = next(annotate_articles([Article(id="x", raw_text=text, text=text)], Options(progress=False)))
    pred = {c["text"][:12]: c["predicate"] for c in ann["claims"]}
    assert pred["Navy foils S"] == "foil", pred
    assert pred["Aftershocks "] == "rise", pred
    assert pred["Security exp"] == "install", pred
    navy = next(c for c in ann["claims"] if c["text"].startswith("Navy foils"))
    assert navy["subject"] == "Navy", navy


def test_no_sentence_starts_after_a_dash_between_two_words_of_a_line():
    # GVC val (CC BY 4.0): the parser cut "15-year-old accidentally shoots self while taking
    # selfie –" | "Police", and the brief's title ended on the dash
    text = ("15-year-old accidentally shoots self while taking selfie – Police\n\n"
            "OVERLAND, MO (KTVI) – The Overland teen who shot himself in the chest died last week, police said. "
            "The vote – held on Monday – passed.\n")
    ann = next(annotate_articles([Article(id="x", raw_text=text, text=text)], Options(progress=False)))
    sents = [text[s["start"]:s["end"]].strip() for s in ann["sentences"]]
    assert sents[0] == "15-year-old accidentally shoots self while taking selfie – Police", sents
    assert "The vote – held on Monday – passed." in sents, sents
