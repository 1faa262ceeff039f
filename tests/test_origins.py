"""Origins and relays on short real-style reports, through the real annotator: one outlet
is one origin (registry), a relay carries while the text points back to it, an unnamed
relay is no origin of its own, and two outlets quoting one statement do not copy each other."""

from __future__ import annotations

import pytest

from storyline.annotate import annotate_articles
from storyline.compare import compare_story
from storyline.compare.origins import _relay_source, article_origins
from storyline.lexicon.outlets import registry
from storyline.options import Options
from storyline.records import Article
from storyline.report import render


def _report(specs):
    arts = [Article(id=i, raw_text=t, text=t, outlet=o, url=u, published=f"2019-06-0{k + 1}T12:00:00+00:00")
            for k, (i, o, u, t) in enumerate(specs)]
    anns = list(annotate_articles(arts, Options(progress=False)))
    return compare_story({"id": "s"}, arts, anns, [])


def _members(report, needle):
    return [m for g in report["groups"] for m in g["members"] if needle in m["text"]]


def _group(report, needle):
    gs = [g for g in report["groups"] if any(needle in m["text"] for m in g["members"])]
    assert gs, f"no group holds {needle!r}"
    return max(gs, key=lambda g: len(g["articles"]))


NYT = ("The Trump administration has moved more than 2,000 children into shelters, according to a list obtained by "
       "The New York Times. The Times said it obtained the list from an official at the Department of Health.")
HUFF = ("More than 2,000 children were moved into shelters by the Trump administration, according to a list obtained "
        "by The New York Times.")
FOX = "The Trump administration moved more than 2,000 children into shelters, The New York Times reported on Friday."


def test_one_outlet_is_one_origin_by_domain_name_and_own_short_form():
    rep = _report([("nyt", None, "https://www.nytimes.com/2019/06/01/us/children.html", NYT),
                   ("huff", "HuffPost", None, HUFF),
                   ("fox", None, "https://www.foxnews.com/politics/children-shelters", FOX)])
    names = {a["id"]: a["name"] for a in rep["articles"]}
    assert names == {"nyt": "The New York Times", "huff": "HuffPost", "fox": "Fox News"}
    assert {a["id"]: a["origin"]["id"] for a in rep["articles"]} == {
        "nyt": "source:nyt", "huff": "source:huffpost", "fox": "source:foxnews"}
    g = _group(rep, "2,000 children")
    assert len(g["articles"]) == 3
    # the scoop relayed by two outlets and the Times's own report: one origin
    assert [o["id"] for o in g["origins"]] == ["source:nyt"] and g["verdict"] == "single-source"
    # "The Times said" inside the Times's own article is its own reporting, not a relay
    assert [m["relay"] for m in _members(rep, "The Times said")] == [None]
    md = render(rep, "md")
    assert "www.nytimes.com" not in md and "Article 1" not in md and "The New York Times" in md


def test_short_form_names_an_outlet_only_inside_its_own_articles():
    own = registry().by_domain("nytimes.com")
    att = {"source": {"text": "The Times", "kind": "organisation", "entity": "times"}, "chain": []}
    assert _relay_source(att, own) is None
    other = _relay_source(att, registry().by_domain("washingtonpost.com"))
    assert other is not None and other["key"] != "nyt"


def test_relay_carries_while_the_text_points_back_to_the_list():
    filler = ["The shelters are run by private contractors.", "Several are in Texas.",
              "Lawmakers visited two of them in May.", "A hearing is planned for July.",
              "The department declined to comment on the conditions."]
    text = " ".join(["Officials placed 40 infants in a single shelter in Texas, according to a list obtained by "
                     "The New York Times."] + filler + ["About 300 of the children are younger than five, the list shows."])
    rep = _report([("post", "The Washington Post", None, text)])
    far = _members(rep, "younger than five")
    assert far and far[0]["relay"]["key"] == "nyt"
    assert [o["id"] for o in _group(rep, "younger than five")["origins"]] == ["source:nyt"]
    # filler with no pointer back stays the outlet's own reporting
    assert all(m["relay"] is None for m in _members(rep, "private contractors"))


def test_unnamed_media_reports_are_no_origin_of_their_own():
    rep = _report([("huff", "HuffPost", None, "Media reports said the tanker was carrying 300 tons of fuel when it sank."),
                   ("wire", "The Guardian", None, "The tanker was carrying 300 tons of fuel when it sank, Reuters reported.")])
    ids = {o["id"] for g in rep["groups"] for o in g["origins"]}
    assert not any("media" in i for i in ids)
    g = _group(rep, "300 tons of fuel")
    assert len(g["articles"]) == 2 and [o["id"] for o in g["origins"]] == ["source:reuters"]


def test_two_outlets_quoting_one_statement_do_not_copy_each_other():
    s = ("A Downing Street spokesman said: “The United Kingdom is not involved in these military operations and we "
         "expect all countries to comply with international law.”")
    rep = _report([("a", "The Guardian", None, "Britain has stopped sharing intelligence on the boats. " + s),
                   ("b", "BBC", None, "Ministers faced questions in Parliament on Monday. " + s)])
    ms = _members(rep, "Downing Street spokesman")
    assert len({m["article_id"] for m in ms}) == 2 and all(m["copied_from"] is None for m in ms)
    g = _group(rep, "Downing Street spokesman")
    assert {o["id"] for o in g["origins"]} == {"source:guardian", "source:bbc"}


def test_article_without_outlet_is_named_by_domain_or_title():
    arts = [Article(id="x1", raw_text="t", text="t", url="https://www.example.org/news/1"),
            Article(id="x2", raw_text="Storm floods the valley\nRain fell.", text="Storm floods the valley\nRain fell."),
            Article(id="x3", raw_text="t", text="t", outlet="www.nytimes.com")]
    o = article_origins(arts, [])
    assert o["x1"]["label"] == "example.org" and o["x2"]["label"] == "Storm floods the valley"
    assert o["x3"] == {"id": "source:nyt", "label": "The New York Times", "kind": "outlet", "via": ["x3"]}


@pytest.mark.parametrize("a,b,want", [
    # two translations of one Spanish sentence (the seeds' Maduro rally)
    ("We don’t want peace for slaves.", "We do not want a slave’s peace, nor the peace of colonies! Colony, never!",
     "translated"),
    ("If there was any more I could give you, I would", "If I could give you more, I would.", "translated"),
    ("the building will likely be a total loss", "The building is a total loss", "altered"),
    ("We will win this war", "We will not win this war", "altered"),
    ("I never said the company would close", "I said the company would close", "altered"),
    ("We have 5,000 missiles ready", "We have 500 missiles ready", "altered"),
    ("the most beautiful wall you have ever seen", "the ugliest wall you have ever seen", "altered"),
    ("with sovereignty, equality and freedom", "with sovereignty, equality and freedom.", "verbatim"),
])
def test_quote_relation_separates_translation_from_alteration(a, b, want):
    from storyline.annotate.quotes import add_lemmas
    from storyline.compare.quotes import qwords, relation
    from storyline.nlp import load

    def lemmas(text):  # as annotate keeps them for a quote spanning the text
        q = {"start": 0, "end": len(text)}
        add_lemmas(load()(text), [q])
        return q["lemmas"]

    assert relation(qwords(a), qwords(b), lemmas(a), lemmas(b)) == want


def _claim_units(*texts: str) -> list[dict]:
    """Each text annotated as one article (offset by a title line), then its claim units."""
    from storyline.annotate import annotate_article
    from storyline.compare.units import build_units

    arts = [Article(id=f"x{i}", raw_text="Report\n" + t, text="Report\n" + t) for i, t in enumerate(texts)]
    return build_units(arts, [annotate_article(a) for a in arts])


def test_variant_names_who_differs_on_the_same_predicate():
    from storyline.compare.participants import participant_findings

    a, b, same = _claim_units(
        "Maduro offered to leave if he and more than 100 government officials received full amnesty.",
        "Maduro offered to leave if he and his family members received a full legal amnesty.",
        "Maduro offered to leave if he and more than 100 government officials got a full amnesty.")
    fs = participant_findings([a, b])
    f = next(f for f in fs if f["predicate"] == "amnesty" or f["slot"] == "subject")
    assert f["kind"] == "participants" and "officials" in f["a"]["text"] and f["b"]["text"] == "family members"
    # offsets into the article's text, not the claim's
    assert f["a"]["start"] > a["start"] and ("Report\n" + a["text"])[f["a"]["start"]:f["a"]["end"]] == f["a"]["text"]
    assert not [f for f in participant_findings([a, same]) if f["slot"] == "subject"]


def test_web_shows_one_name_per_outlet():
    pytest.importorskip("fastapi")
    from storyline.web.context import _environment
    from storyline.web.reportview import source_name

    assert source_name({"id": "a", "outlet": "www.nytimes.com"}) == "The New York Times"
    assert source_name({"id": "b", "outlet": None, "url": "https://www.foxnews.com/politics/x"}) == "Fox News"
    assert source_name({"id": "c", "title": "Storm floods the valley"}) == "Storm floods the valley"
    assert source_name("Fox News") == "Fox News"
    env = _environment()
    page = env.from_string("{% for a in arts %}{{ a|source }};{% endfor %}").render(
        arts=[{"id": "a", "outlet": "www.nytimes.com"}, {"id": "b", "outlet": "The New York Times"}])
    assert page == "The New York Times;The New York Times;"
