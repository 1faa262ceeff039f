"""A single-source group names its closest claim of another article and origin
(compare/similar.py): the report says it could not decide instead of asserting one
source; nothing is grouped or counted differently."""

from __future__ import annotations

from comparecases import ann, group_with, run
from storyline.compare import similar
from storyline.report import render
from storyline.report import schema as S

# two reports of one double murder (after ECB+ topic 32): the charge worded apart, below
# the grouping threshold but close; the rest of each report its own
HERALD = ["A man was charged with killing his mother and his former girlfriend in New Bedford.",
          "The child later died at the hospital.",
          "The landlord smelled gas and called the fire department."]
TIMES = ["Gary Gomes, 35, faces two counts of murder after his mother and his ex-girlfriend were found stabbed to death.",
         "The girl died in the emergency room from her injuries shortly after 9 p.m.",
         "Neighbors said the family kept to themselves."]


def _report(outlet_b="Standard-Times"):
    return run([ann("a", HERALD, outlet="Boston Herald"), ann("b", TIMES, outlet=outlet_b)])


def test_a_close_claim_of_another_outlet_is_named_at_its_offsets():
    rep = _report()
    g = group_with(rep, "was charged with killing")
    assert g["verdict"] == "single-source" and g["articles"] == ["a"]  # still single-source: nothing regrouped
    (x,) = g["similar"]
    other = group_with(rep, "faces two counts of murder")
    assert x["article_id"] == "b" and x["group"] == other["id"]
    text = next(a["text"] for a in rep["articles"] if a["id"] == "b")
    assert text[x["start"]:x["end"]] == x["text"] == TIMES[0] and x["sentence"] == 0
    assert similar.SIMILAR_FLOOR <= x["similarity"] < 0.22
    assert other["similar"][0]["article_id"] == "a"  # both ways
    # claims with nothing close elsewhere carry no key (reports without a hint are unchanged)
    assert "similar" not in group_with(rep, "landlord smelled gas")
    assert "similar" not in group_with(rep, "kept to themselves")
    # the brief's single-source list says it too, linked to that sentence
    item = next(it for it in rep["brief"]["single_source"] if it["group"] == g["id"])
    (s,) = item["similar"]
    assert (s["outlet"], s["article_id"], s["start"], s["end"], s["text"]) == ("Standard-Times", "b", x["start"], x["end"],
                                                                                TIMES[0])
    assert not any("similar" in it for it in rep["brief"]["single_source"] if it["group"] not in (g["id"], other["id"]))


def test_no_similar_claim_from_the_same_origin():
    rep = _report(outlet_b="Boston Herald")  # one outlet's two articles: not a second source
    assert "similar" not in group_with(rep, "was charged with killing")


def test_the_floor_decides_and_the_report_reads_back_and_renders():
    rep = _report()
    S.Report.from_dict(rep)  # the schema knows the key
    md, html = render(rep, "md"), render(rep, "html")
    assert "a similar claim, not confirmed as the same fact, in **Standard-Times**" in md
    assert "A similar claim, not confirmed as the same fact, in" in html and "faces two counts of murder" in html
    brief_md = md.split("## Facts reported by more than one article")[0]
    assert "— a similar claim, not confirmed as the same fact, in Standard-Times (sentence 1, chars 0–110)" in brief_md
    assert html.count("· a similar claim, not confirmed as the same fact, in") == 2  # the brief's two items
    old = similar.SIMILAR_FLOOR
    try:
        similar.SIMILAR_FLOOR = 0.5
        assert "similar" not in group_with(_report(), "was charged with killing")
    finally:
        similar.SIMILAR_FLOOR = old
    # a report stored before the key existed reads the same
    for g in rep["groups"]:
        g.pop("similar", None)
    S.Report.from_dict(rep)


def test_the_dense_similarity_path_picks_the_closest_claim_of_another_origin():
    # (the path a similarity with embedding weights takes: a full matrix, every pair)
    import numpy as np

    units = [{"article_id": a, "article_index": k, "origin": o}
             for k, (a, o) in enumerate([("a", "source:x"), ("b", "source:y"), ("c", "source:x"), ("d", "source:z")])]
    groups = [{"verdict": "single-source", "articles": [u["article_id"]], "origins": [{"id": u["origin"]}], "_idx": [k]}
              for k, u in enumerate(units)]
    groups[3]["verdict"] = "corroborated"
    sim = np.array([[1.0, 0.17, 0.9, 0.20],
                    [0.17, 1.0, 0.1, 0.05],
                    [0.9, 0.1, 1.0, 0.1],
                    [0.20, 0.05, 0.1, 1.0]])
    best = similar.similar_claims(units, groups, sim, floor=0.16)
    # a: c is closer but the same origin; d (0.20) beats b (0.17); b: a; c: nothing at the floor; d: not single-source
    assert best == {0: (3, 0.20), 1: (0, 0.17)}


def test_a_secondary_member_of_another_origin_is_named_not_hidden():
    # KTVI's lede is a single-source group; KMOV's sentence stating it is only a secondary
    # member there (it counts in another group). Listed under the group, it must not leave
    # the report telling the reader that one source alone has the fact.
    import numpy as np

    units = [{"article_id": a, "article_index": k, "origin": o}
             for k, (a, o) in enumerate([("ktvi", "source:ktvi"), ("kmov", "source:kmov")])]
    members = [{"article_id": "ktvi", "secondary": False}, {"article_id": "kmov", "secondary": True}]
    groups = [{"verdict": "single-source", "articles": ["ktvi", "kmov"], "origins": [{"id": "source:ktvi"}],
               "members": members, "_idx": [0, 1]}]
    sim = np.array([[1.0, 0.31], [0.31, 1.0]])
    assert similar.similar_claims(units, groups, sim, floor=0.16) == {0: (1, 0.31)}
    members[1]["secondary"] = False  # a primary member: its article and origin are the group's own, nothing to name
    groups[0]["origins"].append({"id": "source:kmov"})
    assert similar.similar_claims(units, groups, sim, floor=0.16) == {}
