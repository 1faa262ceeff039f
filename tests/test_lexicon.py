"""The shared normalisation and word lists: each variant keeps what its users need."""

from __future__ import annotations

from storyline.lexicon.text import fold, fold_in_place, line_key, strip_accents
from storyline.lexicon.titles import HONORIFICS, KEY_TITLES, TITLES


def test_strip_accents_keeps_case_and_everything_else():
    assert strip_accents("Nicolás Maduro’s “peace”") == "Nicolas Maduro’s “peace”"
    assert strip_accents("plain ASCII, untouched") == "plain ASCII, untouched"


def test_fold_is_the_matching_key_of_names_and_phrases():
    assert fold("  President\tNicolás   MADURO’s ") == "president nicolas maduro's"
    assert fold("‘Slave’s peace’") == "'slave's peace'"
    assert fold("Ｍａｄｕｒｏ") == "maduro"  # compatibility forms (full-width letters) folded too


def test_fold_in_place_keeps_offsets():
    text = "The  Presidente’s  “peace”, said Nicolás"
    folded = fold_in_place(text)
    assert folded == "the  presidente's  \"peace\", said nicolas"
    assert len(folded) == len(text)
    i = folded.index("nicolas")
    assert text[i:i + 7] == "Nicolás"


def test_line_key_keeps_accents_and_drops_end_punctuation():
    assert line_key("Copyright © Agência Brasil — All rights reserved.") == "copyright © agência brasil - all rights reserved"
    assert line_key("“Read more”:") == '"read more"'


def test_quotes_straightened_as_a_translate_table_would():
    """The straightening by ``str.replace`` (text.py) gives what ``str.translate`` gave,
    on ASCII, on text with every mapped character, and on other non-ASCII text."""
    from storyline.lexicon import text as T

    samples = ["plain ASCII, 'quoted' \"too\"", "‘a’ “b” – c — d’s", "Nicolás ‘Maduro’ — “ya”", "", "’’““––"]
    for table in (T._SINGLE_QUOTES, T._QUOTES, T._LINE):
        for s in samples:
            assert T._straight(s, table) == s.translate(str.maketrans(table))


def test_story_key_titles_are_name_words_of_the_annotator():
    # the story features strip a narrow subset of the titles the annotator knows
    assert {w for t in KEY_TITLES for w in t.split()} <= HONORIFICS | TITLES
    assert "white" in TITLES and "white" not in KEY_TITLES


def test_story_entity_key_strips_titles_and_possessive():
    from storyline.stories.features import entity_key

    assert entity_key("President Nicolás Maduro’s", "PERSON") == "maduro"
    assert entity_key("the White House", "ORG") == "white house"
    assert entity_key("Prime Minister Keir Starmer", "PERSON") == "starmer"
