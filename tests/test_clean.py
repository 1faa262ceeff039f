"""Cleaning: exact expectations on both seed articles, repairs, damage notes, offset mapping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.clean import clean_article, clean_text
from storyline.clean.glue import split_glued
from storyline.ingest import read_inputs
from storyline.options import Options
from storyline.records import Article, content_hash
from shareddata import DATA  # noqa: E402  (tests/ is on the path)

ROOT = Path(__file__).resolve().parents[1]
SEED_A = ROOT / "examples" / "000_679f17ff1aa3734c.txt"
SEED_B = ROOT / "examples" / "002_063f098d12266611.txt"


def _read(path: Path) -> Article:
    (art,) = list(read_inputs([str(path)], Options()))
    return clean_article(art)


@pytest.fixture(scope="module")
def seed_a() -> Article:
    return _read(SEED_A)


@pytest.fixture(scope="module")
def seed_b() -> Article:
    return _read(SEED_B)


def _edits(art: Article, kind: str, reason_part: str):
    return [e for e in art.edits if e.kind == kind and reason_part in e.reason]


def _assert_offsets_exact(art: Article):
    """Every copied segment is the same text in clean and raw; edits point at their text."""
    for c, r, n in art.offset_map:
        assert art.text[c:c + n] == art.raw_text[r:r + n]
    for e in art.edits:
        assert art.raw_text[e.raw_start:e.raw_end] == e.text
        if e.kind == "repair":
            assert art.text[e.start:e.end] == e.replacement
        if e.kind == "remove":
            assert e.start == e.end


# --- seed A: the rally report with header junk and a site footer ----------------------

SEED_A_BODY = [
    "In a speech to his supporters, Maduro demanded that peace with the United States guarantee "
    "Venezuelan sovereignty and rejected what he describes as “colonial peace”.",
    "Venezuelan President Nicolás Maduro promised “absolute loyalty” to the Venezuelan people and renewed "
    "calls for peace during a mass rally in Caracas, this Monday, amid the escalation of tensions with the "
    "United States and the military threat of Donald Trump.",
    "Trump also classified the so-called Cartel de los Soles, which is accused by US authorities of being a "
    "drug trafficking organization led by Maduro, as a terrorist entity.",
    "Since September, US forces have carried out at least 21 attacks against Venezuelan vessels in the "
    "Caribbean and the Pacific, resulting in at least 83 deaths, with the justification of combating drug "
    "trafficking.",
    "washington sent 15 thousand soldiers and the largest aircraft carrier in the world for the region, as "
    "part of what it calls a campaign against drug trafficking.",
    "According to , Trump offered Maduro safe conduct to leave Venezuela during a call on November 21.",
    "Trump reportedly rejected most of the conditions, but gave Maduro a week to leave.",
    "The deadline passed on Friday, prompting Trump to announce the closure of Venezuelan airspace, "
    "according to the report.",
]


def test_seed_a_removes_header_and_footer_junk(seed_a):
    t = seed_a.text
    assert t.startswith("“We don’t want peace for slaves.” Maduro does not give in to Trump’s threats")
    assert "Miraflores Press / EPA" not in t
    assert "The President of Venezuela, Nicolás Maduro" not in t
    assert "Source link" not in t and "News Room USA" not in t
    assert t.count("We don’t want peace for slaves") == 1  # headline repeat removed
    assert t.endswith("according to the report.")
    assert {e.reason for e in seed_a.edits if e.kind == "remove"} >= {
        "photo credit", "headline repeated in body", "photo caption", "site footer or tagline"}
    assert [e.text.strip() for e in _edits(seed_a, "remove", "photo credit")] == ["Miraflores Press / EPA"]
    assert [e.text.strip() for e in _edits(seed_a, "remove", "photo caption")] == [
        "The President of Venezuela, Nicolás Maduro"]
    assert [e.text.strip() for e in _edits(seed_a, "remove", "footer")] == [
        "Source link", "News Room USA | LNG in Northern BC"]
    _assert_offsets_exact(seed_a)


def test_seed_a_keeps_every_body_sentence(seed_a):
    for sentence in SEED_A_BODY:
        assert sentence in seed_a.text, sentence


def test_seed_a_exact_clean_text(seed_a):
    """Everything else is kept verbatim: the clean text is the raw text minus the named pieces."""
    paras = SEED_A.read_text("utf-8").split("\n\n")
    assert paras[2] == "Miraflores Press / EPA" and paras[-2:] == ["Source link", "News Room USA | LNG in Northern BC"]
    expected = "\n\n".join(paras[:2] + paras[5:-2])
    for glued, fixed in (("”rejecting", "” rejecting"), ("”stating", "” stating"),
                         ("amnestyincluding", "amnesty including")):
        expected = expected.replace(glued, fixed)
    assert seed_a.text == expected


def test_seed_b_exact_clean_text(seed_b):
    lines = SEED_B.read_text("utf-8").rstrip("\n").split("\n")
    assert lines[-1].startswith("HANK KENNEDY")
    assert seed_b.text == "\n".join(lines[:-3])


def test_seed_a_standfirst_kept_but_flagged(seed_a):
    standfirst = "Maduro says he has 5,000 Russian missiles to defend himself against the US"
    assert standfirst in seed_a.text
    (flag,) = _edits(seed_a, "damage", "standfirst not supported")
    assert flag.text == standfirst
    assert seed_a.text[flag.start:flag.end] == standfirst


def test_seed_a_repairs(seed_a):
    t = seed_a.text
    assert "“with sovereignty, equality and freedom” rejecting what he described" in t
    assert "“psychological terrorism” stating that" in t
    assert "full amnesty including the lifting of sanctions" in t
    repairs = {(e.text, e.replacement) for e in seed_a.edits if e.kind == "repair"}
    assert repairs == {("”rejecting", "” rejecting"), ("”stating", "” stating"),
                       ("amnestyincluding", "amnesty including")}


def test_seed_a_damage_notes_at_the_right_offsets(seed_a):
    (link,) = _edits(seed_a, "damage", "dropped link text")
    pos = seed_a.text.index("According to , Trump")
    assert (link.start, link.end) == (pos + len("According "), pos + len("According to ,"))
    assert link.text == "to ," and seed_a.raw_text[link.raw_start - len("According "):link.raw_end] == "According to ,"
    (lower,) = _edits(seed_a, "damage", "lower case")
    assert lower.text == "washington"
    assert seed_a.text[lower.start:lower.end] == "washington"  # left as is


def test_seed_a_outlet_from_footer(seed_a):
    assert seed_a.outlet == "News Room USA"
    assert seed_a.metadata["outlet_source"] == "site footer"
    assert seed_a.content_hash == content_hash(seed_a.text)


def test_to_raw_maps_spans_back_to_the_same_words(seed_a):
    for phrase in ("Cartel de los Soles", "at least 83 deaths", "International Criminal Court",
                   "absolute loyalty", "according to the report."):
        s = seed_a.text.index(phrase)
        e = s + len(phrase)
        assert seed_a.raw_text[seed_a.to_raw(s):seed_a.to_raw(e)] == phrase
    # a span over a repaired token maps to the damaged raw token
    s = seed_a.text.index("amnesty including")
    e = s + len("amnesty including")
    assert seed_a.raw_text[seed_a.to_raw(s):seed_a.to_raw(e)] == "amnestyincluding"


# --- seed B: teaser blurbs for other articles at the end ------------------------------

SEED_B_BODY = [
    "VENEZUELA’S President Nicolas Maduro rejected a “slave’s peace” for his country with the United States "
    "as he addressed a huge rally in Caracas on Monday.",
    "“We do not want a slave’s peace, nor the peace of colonies! Colony, never! Slaves, never!” he said.",
    "Washington is accused of a barely concealed attempt at forcing regime change in Venezuela.",
    "The US president reportedly refused Mr Maduro’s alleged terms.",
    "Vice-Admiral Frank “Mitch” Bradley, who Ms Leavitt claimed ordered the second strike, is expected to "
    "provide a classified briefing on Thursday to lawmakers overseeing the military.",
    "The government said Britain “is not involved in these operations” and expected all countries to comply "
    "with international law.",
]


def test_seed_b_removes_trailing_teasers_only(seed_b):
    teasers = [e.text.strip() for e in _edits(seed_b, "remove", "teaser")]
    assert len(teasers) == 3
    assert teasers[0].endswith("writes LINDA PENTZ GUNTER")
    assert teasers[1].endswith("says CLAUDIA WEBBE")
    assert teasers[2].startswith("HANK KENNEDY contends")
    for sentence in SEED_B_BODY:
        assert sentence in seed_b.text, sentence
    assert seed_b.text.endswith("expected all countries to comply with international law.")
    assert not [e for e in seed_b.edits if e.kind == "repair"]
    assert seed_b.outlet is None  # no footer names a site
    _assert_offsets_exact(seed_b)


def test_glued_footer_is_split_off_the_next_article():
    """Both seeds concatenated: the footer is glued onto "VENEZUELA’S President" of the next."""
    raw = SEED_A.read_text("utf-8") + SEED_B.read_text("utf-8")
    assert "Northern BCVENEZUELA’S" in raw
    text, edits, seg, outlet = clean_text(raw, None)
    assert "according to the report.\n\nVENEZUELA’S President Nicolas Maduro rejected" in text
    assert "News Room USA" not in text and "Source link" not in text
    assert outlet == "News Room USA"
    assert any(e.reason == "site footer glued to the next line" and e.text == "News Room USA | LNG in Northern BC"
               for e in edits)


# --- rules on their own ------------------------------------------------------------------

@pytest.mark.parametrize("token,expected", [
    ("amnestyincluding", ("amnesty", "including")),
    ("gettingready", ("getting", "ready")),
    ("BCVENEZUELA’S", ("BC", "VENEZUELA’S")),
    ("reportedThe", ("reported", "The")),
    ("favourtie", None),        # a typo of "favourite", not two words
    ("ultratalented", None),    # prefix compound
    ("wormability", None),      # suffix
    ("Ketsoyan", None),         # a name
    ("RussiaToday", None),      # Pascal-case brand
    ("including", None),        # a known word
])
def test_split_glued(token, expected):
    assert split_glued(token) == expected


def test_clean_text_without_damage_is_unchanged_and_identity_mapped():
    raw = "Headline of a story\n\nA first paragraph that says something plain. It has two sentences.\n"
    text, edits, seg, outlet = clean_text(raw, "Headline of a story")
    assert text == raw.strip()
    assert [e.reason for e in edits] == ["white space around the text"]
    assert seg == [(0, 0, len(text))]


def test_credited_caption_and_boilerplate_lines_removed():
    raw = ("Man charged after crash\n\n"
           "Police lights. (Photo: File/The Tennessean)\n\n"
           "A man was charged on Monday after a crash that injured three people, police said.\n\n"
           "Advertisement\n\n"
           "The crash happened on the interstate near the river bridge around noon.\n\n"
           "Copyright 2016 WXYZ. All rights reserved.")
    text, edits, _, _ = clean_text(raw, None)
    assert text == ("Man charged after crash\n\n"
                    "A man was charged on Monday after a crash that injured three people, police said.\n\n"
                    "The crash happened on the interstate near the river bridge around noon.")
    assert sorted(e.reason for e in edits) == [
        "boilerplate line", "photo caption (signed with a photo credit)", "site footer or tagline"]


def test_crlf_text_cleaned_and_mapped():
    raw = "Title here\r\n\r\nThe mayor said the bridge would reopen in May, officials confirmed.\r\n"
    text, edits, seg, _ = clean_text(raw, None)
    assert "\r" not in text
    art = Article(id="x", raw_text=raw, text=text, offset_map=seg)
    s = text.index("bridge")
    assert raw[art.to_raw(s):art.to_raw(s + 6)] == "bridge"


CORPUS = DATA / "ecbplus" / "dev.jsonl"


@pytest.mark.skipif(not CORPUS.exists(), reason=f"shared data missing: {CORPUS} (set STORYLINE_SHARED)")
def test_clean_corpus_text_removes_nothing_from_ecbplus_sample():
    """Clean news text from ECB+ (no boilerplate) must come through with no removals."""
    with CORPUS.open(encoding="utf-8") as fh:
        lines = [json.loads(line) for _, line in zip(range(150), fh)]
    for d in lines:
        text, edits, seg, _ = clean_text(d["text"], d.get("title"))
        assert not [e for e in edits if e.kind == "remove" and e.reason != "white space around the text"], d["id"]
        assert text.strip() == text


def test_html_page_of_seed_b_cleaned(tmp_path):
    """The seed as a web page: navigation and footer dropped by the reader, teasers by the cleaner."""
    from ingestcases import seed_html

    page = tmp_path / "b.html"
    page.write_text(seed_html(SEED_B, "Maduro rejects a slave’s peace"), "utf-8")
    art = _read(page)
    for sentence in SEED_B_BODY[1:]:
        assert sentence in art.text, sentence
    assert "GUNTER" not in art.text and "HANK KENNEDY" not in art.text and "CLAUDIA WEBBE" not in art.text
    assert art.text.endswith("expected all countries to comply with international law.")
    _assert_offsets_exact(art)


def test_invariants_on_damaged_variants_of_the_seeds():
    """Random damage (fixed seed): offsets stay exact, edits point at their raw text."""
    import random

    rng = random.Random(1234)
    base = SEED_A.read_text("utf-8") + "\n" + SEED_B.read_text("utf-8")
    junk = ["\r", "\u200b", " ", "\n", "\n\n", "”", "Source link\n", "Photo: AP\n", "|", ", ", "."]
    for _ in range(60):
        chars = list(base)
        for _ in range(40):
            i = rng.randrange(len(chars))
            op = rng.random()
            if op < 0.4:
                del chars[i]
            else:
                chars.insert(i, rng.choice(junk))
        raw = "".join(chars)
        text, edits, seg, _ = clean_text(raw, None)
        art = Article(id="x", raw_text=raw, text=text, edits=edits, offset_map=seg)
        _assert_offsets_exact(art)
        assert text == text.strip() and "\r" not in text and "\u200b" not in text
        assert [s[0] for s in seg] == sorted(s[0] for s in seg)
        covered = set()
        for c, _, n in seg:
            covered.update(range(c, c + n))
        assert all(text[i] == " " for i in range(len(text)) if i not in covered)  # only spaces inserted


def test_boilerplate_only_article_is_an_input_error():
    from storyline.errors import InputError

    art = Article(id="b1", raw_text="Photo: AP\n\nAdvertisement\n", provenance={"source": "x.txt"})
    with pytest.raises(InputError) as exc:
        clean_article(art)
    assert str(exc.value).startswith("x.txt: no article text left after cleaning")


def test_footer_run_never_takes_the_last_paragraph():
    raw = "Short headline\n\nSource link\n\nRead more"
    text, edits, _, _ = clean_text(raw, None)
    assert text.startswith("Short headline")


def test_byline_and_promos_removed_author_kept():
    raw = ("Storm hits the coast\n\nBy Jane Doe and John Roe, Reuters\n\n"
           "A storm hit the coast on Tuesday, cutting power to 20,000 homes, officials said.\n\n"
           "Sign up for our Morning Briefing newsletter\n\n"
           "Crews were working through the night to restore power to the area.\n\n"
           "(Reporting by Jane Doe; Editing by Sam Poe)")
    art = clean_article(Article(id="s", raw_text=raw))
    assert art.text == ("Storm hits the coast\n\n"
                        "A storm hit the coast on Tuesday, cutting power to 20,000 homes, officials said.\n\n"
                        "Crews were working through the night to restore power to the area.")
    assert art.author == "Jane Doe and John Roe" and art.metadata["author_source"] == "byline"
    assert [e.reason for e in art.edits] == ["byline", "boilerplate line", "site footer or tagline"]


def test_promos_and_share_bars_inside_the_text():
    raw = ("Airspace closed\n\nShare\n\nTweet\n\n"
           "The president said on Saturday that the airspace should be considered closed in its entirety.\n\n"
           "READ MORE: Maduro says he has 5,000 Russian missiles\n\n"
           "Airlines cancelled flights to the capital after the announcement, officials said.")
    text, edits, _, _ = clean_text(raw, None)
    assert text == ("Airspace closed\n\n"
                    "The president said on Saturday that the airspace should be considered closed in its entirety.\n\n"
                    "Airlines cancelled flights to the capital after the announcement, officials said.")
    assert [e.reason for e in edits] == ["boilerplate line"] * 3


def test_site_name_after_the_headline_is_removed_and_logged():
    """GVC val (CC BY 4.0): a page title kept its station ("- WFSB 3 Connecticut", "- KXLF.com |
    Continuous News | Butte, Montana"), and the headline sentence showed it in the report."""
    raw = ("Waterbury police searching for man accused in deadly shooting - WFSB 3 Connecticut\n\n"
           "Police in Waterbury are searching for a man accused in the deadly shooting of a 17-year-old on Saturday.\n")
    text, edits, seg, _ = clean_text(raw, raw.split("\n")[0])
    assert text.startswith("Waterbury police searching for man accused in deadly shooting\n\nPolice in Waterbury")
    assert [(e.reason, e.text) for e in edits if e.reason.startswith("site")] == [
        ("site name after the headline", " - WFSB 3 Connecticut")]
    raw = ("Report: Woman, son involved in Roundup murder-suicide identified - KXLF.com | Continuous News | "
           "Butte, Montana\n\nThe woman who shot her son, then herself in an apparent murder-suicide in Roundup "
           "last week have been identified.\n")
    text, edits, _, _ = clean_text(raw, raw.split("\n")[0])
    assert text.split("\n")[0] == "Report: Woman, son involved in Roundup murder-suicide identified"


def test_a_source_after_the_headline_is_no_site_name():
    """GVC val (CC BY 4.0): "– Police" is who says it, not a site; an outlet named only when known."""
    raw = ("15-year-old accidentally shoots self while taking selfie – Police\n\n"
           "The Overland teen who shot himself in the chest and died last week was attempting to take a selfie "
           "when the gun went off, the Overland Police Department said.\n")
    text, edits, _, _ = clean_text(raw, raw.split("\n")[0])
    assert text.startswith("15-year-old accidentally shoots self while taking selfie – Police\n")
    assert not [e for e in edits if e.reason.startswith("site")]
    raw = "Storm hits the coast overnight - Reuters\n\nA storm hit the coast overnight, officials said on Monday.\n"
    assert clean_text(raw, None)[0].startswith("Storm hits the coast overnight - Reuters")
    assert clean_text(raw, None, ("Reuters",))[0].startswith("Storm hits the coast overnight\n")


def test_a_video_notice_a_station_promo_and_a_related_list_are_boilerplate():
    """GVC val (CC BY 4.0): these lines were facts of the reports ("Try disabling any ad blocking
    extensions …" a single-source fact of two articles; "RELATED ARTICLES: …" dated 1 Jan 2016 by
    its "New Year's Day shooting"); each removal is logged as a boilerplate line."""
    raw = ("Toledo police investigate shooting at after-hours club\n\n"
           "Having trouble viewing the video? Try disabling any ad blocking extensions currently running on "
           "your browser.\n\n"
           "Toledo police continue to investigate a shooting at an after-hours club early Sunday.\n\n"
           "RELATED ARTICLES: Toledo mother grieves 3-year-old's shooting death | Judge sets bond at $580,000 "
           "for Toledo man accused of rape, kidnapping | Toledo man sentenced to 11 years in New Year's Day "
           "shooting\n\n"
           "Police still are trying to identify a motive and suspect in the case.\n\n"
           "Stay with WTOL 11 for the latest.\n\n"
           "Anyone with information is asked to call Crime Stopper at (419) 255-1111.\n")
    text, edits, _, _ = clean_text(raw, raw.split("\n")[0])
    assert [e.reason for e in edits if e.kind == "remove" and e.reason != "white space around the text"] == [
        "boilerplate line"] * 3
    assert "ad blocking" not in text and "RELATED" not in text and "Stay with" not in text
    assert "Police still are trying" in text and "Crime Stopper" in text
    # a sentence about related stories or staying with someone is no boilerplate
    raw = "Storm hits\n\nStay with your family for the latest storm is coming, officials said.\n"
    assert "Stay with your family" in clean_text(raw, None)[0]


def test_the_report_shows_an_articles_title_as_its_cleaned_headline():
    # GVC val (CC BY 4.0): the report's article table showed the title field as received,
    # "… - KSLA News 12 Shreveport, Louisiana News Weather & Sports", while the text's headline
    # line had lost the site's name
    from storyline.annotate import annotate_articles
    from storyline.clean import headline
    from storyline.compare import compare_story
    from storyline.options import Options

    title = ("No foul play suspected in Tyler County accidental shooting death - KSLA News 12 Shreveport, "
             "Louisiana News Weather & Sports")
    raw = (title + "\n\nA Woodville man died Sunday afternoon from a gunshot wound to his chest, according to the "
           "Tyler County Sheriff's Office.")
    art = clean_article(Article(id="g", raw_text=raw, title=title, published="2016-08-29T12:00:00+00:00"))
    assert art.text.startswith("No foul play suspected in Tyler County accidental shooting death\n")
    ann = list(annotate_articles([art], Options(progress=False)))
    rep = compare_story({"id": "s", "title": title}, [art], ann, [])
    assert rep["articles"][0]["title"] == "No foul play suspected in Tyler County accidental shooting death"
    assert headline(art, "15-year-old shoots self – Police") == "15-year-old shoots self – Police"  # no site named
