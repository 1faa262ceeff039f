"""Who a claim is about (compare/people.py): names, descriptions an article ties to a name
(apposition, identification, age), surnames and spellings of one name, family words."""

from __future__ import annotations

from comparecases import ann
from storyline.compare import grouping, pairsim
from storyline.compare.people import different_people, participants, same_person
from storyline.compare.units import build_units
from storyline.records import Article


def _units(*anns):
    arts = [Article(id=a["id"], raw_text=a["text"], text=a["text"]) for a in anns]
    return build_units(arts, list(anns))


def _age(a, text, value):
    i = a["text"].index(text)
    a["quantities"].append({"text": text, "start": i, "end": i + len(text), "value": value, "low": value,
                            "high": value, "unit": "year", "counted": "age", "kind": "age"})
    a["claims"][next(k for k, s in enumerate(a["sentences"]) if s["start"] <= i < s["end"])]["quantities"] = \
        [len(a["quantities"]) - 1]


def test_an_apposition_ties_a_description_to_a_name():
    a = ann("a", ["The gunman, John Smith, opened fire at the mall on Friday.",
                  "Police said the gunman had bought the rifle a week earlier."],
            entities=[("John Smith", "PERSON", "john smith")])
    u = _units(a)
    assert u[1]["persons"] == [] and u[1]["described"] == ["john smith"]
    assert participants(u[1]) == {"john smith"}


def test_a_name_then_its_description_and_an_identification():
    a = ann("a", ["Raj Chohan, a 59-year-old grandmother, was struck on 117th Street.",
                  "The grandmother was pronounced dead at Jamaica Hospital."],
            entities=[("Raj Chohan", "PERSON", "raj chohan")])
    assert _units(a)[1]["described"] == ["raj chohan"]
    b = ann("b", ["The teen, identified as DaMontez Jones, was home alone.", "The teen found the gun in a closet."],
            entities=[("DaMontez Jones", "PERSON", "damontez jones")])
    assert _units(b)[1]["described"] == ["damontez jones"]


def test_an_age_beside_a_name_ties_the_age():
    a = ann("a", ["Gary Gomes, 35, was arrested yesterday.", "A 35-year-old man will be arraigned today."],
            entities=[("Gary Gomes", "PERSON", "gary gomes")])
    _age(a, "35-year-old", 35)
    assert _units(a)[1]["described"] == ["gary gomes"]


def test_no_tie_when_ambiguous_or_not_an_apposition():
    # one description beside two names: tied to neither
    a = ann("a", ["The victim, Ann Lee, was shot.", "The victim, Bo Park, was wounded.", "The victim was taken to hospital."],
            entities=[("Ann Lee", "PERSON", "ann lee"), ("Bo Park", "PERSON", "bo park")])
    assert _units(a)[2]["described"] == []
    # a clause before a subject, and a description that is a prepositional object, are no apposition
    b = ann("b", ["After the attack on the pirates, Mysore escorted the ship to safety.",
                  "The families asked for privacy, a spokeswoman for the hospital, Ilene Wolfe, said.",
                  "The pirates fled and the hospital said nothing."],
            entities=[("Mysore", "PERSON", "mysore"), ("Ilene Wolfe", "PERSON", "ilene wolfe")])
    assert _units(b)[2]["described"] == []


def test_surnames_spellings_and_family_words():
    assert same_person("comeaux", "arcade joseph comeaux jr.")
    assert same_person("duncan rait", "duncan raite") and same_person("rait", "duncan raite")
    assert same_person("klitchsko", "wladimir klitschko") and not same_person("larry brown", "jim o brien")
    assert same_person("greg mcdermott", "doug mcdermott")  # one surname: taken as one (see same_person)
    assert not same_person("john smith", "john doe")  # a first name in common is not
    assert not same_person("tar heels", "tar heel")  # a plural is no spelling variant (a team, not a person)
    assert not same_person("ann lee", "bo park")
    father = {"persons": [], "described": ["~father"]}
    children = {"persons": [], "described": ["~children"]}
    smith = {"persons": ["john smith"], "described": []}
    assert different_people(father, children)
    assert not different_people(father, dict(father))
    assert not different_people(father, smith)  # whose father, the text does not say
    assert different_people(smith, {"persons": ["jane doe"], "described": []})
    assert not different_people(smith, {"persons": ["smith"], "described": []})


def test_family_words_tied_to_no_one_are_kept():
    a = ann("a", ["The father was found dead in the house.", "The children were taken to hospital."])
    u = _units(a)
    assert u[0]["described"] == ["~father"] and u[1]["described"] == ["~children"]


def _points(n):
    return {"text": f"{n} shots", "value": n, "low": n, "high": n, "counted": "shot", "unit": None, "kind": "count"}


def test_the_pair_decision_reads_described_people():
    a = ann("a", ["The gunman, John Smith, was arrested on Friday.", "Police said the gunman fired 30 shots."],
            entities=[("John Smith", "PERSON", "john smith")])
    b = ann("b", ["Smith fired 30 shots, police said."], entities=[("Smith", "PERSON", "john smith")])
    c = ann("c", ["Officer Jane Doe fired 30 shots."], entities=[("Jane Doe", "PERSON", "jane doe")])
    units = _units(a, b, c)
    for u in units:
        if "30 shots" in u["text"]:
            u["quantities"] = [_points(30)]
    gunman, smith, officer = units[1], units[2], units[3]
    sim = pairsim.PairSimilarity.build(units)
    assert not grouping.not_one_fact(units, sim.preds, gunman["uid"], smith["uid"])  # the gunman is Smith
    assert grouping.not_one_fact(units, sim.preds, gunman["uid"], officer["uid"])  # two people's shots
