"""The outlet registry: domains, names and short forms -> one outlet."""

from storyline.lexicon.outlets import KINDS, display_name, registered_domain, registry


def test_domains_resolve_through_subdomains_and_suffixes():
    r = registry()
    assert r.by_domain("https://www.nytimes.com/2018/04/17/us/politics/x.html").id == "nyt"
    assert r.by_domain("insider.foxnews.com").id == "foxnews"
    assert r.by_domain("www.bbc.co.uk").id == "bbc"
    assert r.by_domain("https://example.org/a") is None
    assert registered_domain("news.example.co.uk") == "example.co.uk"


def test_names_and_short_forms():
    r = registry()
    nyt = r.by_domain("nytimes.com")
    assert r.by_name("The New York Times") is nyt and r.by_name("NYT") is nyt and r.by_name("new york times") is nyt
    assert r.by_name("Fox News").id == "foxnews" and r.by_name("Reuters").kind == "agency"
    # "the Times" is the paper itself inside a Times article, and nobody in particular elsewhere
    assert r.by_name("The Times", context=nyt) is nyt
    assert r.by_name("the Times") is None
    assert r.by_name("the Times", context=r.by_domain("latimes.com")).id == "latimes"


def test_display_names_never_fall_back_to_a_number():
    assert display_name(url="https://www.nytimes.com/x") == "The New York Times"
    assert display_name(outlet="insider.foxnews.com") == "Fox News"
    assert display_name(url="https://www.example-news.co.uk/a/b") == "example-news.co.uk"
    assert display_name(outlet="News Room USA") == "News Room USA"
    assert display_name(title="We don't want peace for slaves") == "We don't want peace for slaves"
    assert display_name(fallback="002_063f") == "002_063f"


def test_registry_rows_are_well_formed():
    r = registry()
    assert len(r.outlets) > 100
    for o in r.outlets.values():
        assert o.kind in KINDS, o
        assert o.name and all("/" not in d and d == d.lower() for d in o.domains), o
