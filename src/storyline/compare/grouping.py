"""The groups of claims stating one fact, from the claims' similarity (align.py).

``cluster``: average-link groups of the similarity matrix (``align`` finds the same ones
without the matrix: ``pairsim.sparse_cluster``). compare_story then applies, in order: the
recall join of a claim worded apart from its fact (``recall_join``), the cut of a group
holding two claims that cannot state one fact (``split_not_one_fact``) or chained by a
bridging claim (``split_weak_links``), the merge of one fact's fragments
(``merge_fragments``) and a claim's second memberships (``recall_secondary``). Each step
reads a ``PairSimilarity`` or a dense matrix; groups stay sorted, ordered by first member.
"""

from __future__ import annotations

import re

import numpy as np

from ..errors import InputError
from ..options import ALIGN_THRESHOLD, CHAIN_FLOOR, OCCASION_CHECK, RECALL_FLOOR, RECALL_FLOOR2, RECALL_NOUNS, \
    RECALL_PARTICIPANTS, RECALL_SECONDARY, RECALL_VERBS
from ..options import FRAGMENT_ARTICLES, FRAGMENT_FLOOR, FRAGMENT_LINKS, FRAGMENT_MEAN, FRAGMENT_PARTICIPANTS, FRAGMENT_VERBS
from .checks import modality_readings
from .modality import _moods, _verb_keys
from .occasion import has_occasion, occasion_apart
from .pairsim import PairSimilarity
from .people import different_people, participants
from .predicates import Predicates
from .slots import _day, _figure_slots, _number_keys, number_agreement, shared_key_pairs


def cluster(sim: np.ndarray, threshold: float = ALIGN_THRESHOLD) -> list[list[int]]:
    """Average-link groups of unit indexes (deterministic, ordered by first member)."""
    n = sim.shape[0]
    if n == 0:
        return []
    if n == 1:
        return [[0]]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    dist = 1.0 - sim
    np.fill_diagonal(dist, 0.0)
    dist = (dist + dist.T) / 2
    z = linkage(squareform(dist, checks=False), method="average")
    labels = fcluster(z, t=1.0 - threshold, criterion="distance")
    groups: dict[int, list[int]] = {}
    for i, lab in enumerate(labels):
        groups.setdefault(int(lab), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def _participant_keys(u: dict, pred: int, kinds: tuple[str, ...]) -> set:
    """(predicate, participant) keys of a unit for one of its event predicates: a named
    entity, a place, the counted thing of a figure, a resolved day; two units sharing one
    have one predicate and one participant (a figure's key still needs overlapping ranges,
    checked after)."""
    out: set = set()
    if "entity" in kinds:
        out |= {(pred, "e", e) for e in u["entities"]}
    if "place" in kinds:
        out |= {(pred, "p", p) for p in u["places"]}
    if "figure" in kinds:
        out |= {(pred, "n", q.get("counted"), q.get("unit")) for q in u["quantities"]
                if q.get("counted") and q.get("kind") != "age"}
    if "day" in kinds:
        out |= {(pred, "d", d) for d in ({_day(t.get("value")) for t in u["timexes"]
                                         if t.get("type") in ("DATE", "TIME")} - {None}) if len(d) == 10}
    return out


_PARTICLES = {"in": "in", "into": "in", "out": "out", "up": "up", "down": "down", "off": "off", "back": "back",
              "over": "over", "away": "away"}


def _years(u: dict) -> set[str]:
    return {v[:4] for v in (t.get("value") for t in u["timexes"] if t.get("type") in ("DATE", "TIME"))
            if isinstance(v, str) and v[:4].isdigit()}


def _particles(text: str, verb: str) -> set[str]:
    """The particles right after a form of ``verb`` (an inflection key: its written forms are
    found by their first four letters, "check" / "checked" / "checks"; an irregular form is
    not found, and then no particle tells the claims apart)."""
    import re

    return {_PARTICLES[m.group(1)] for m in re.finditer(r"\b" + re.escape(verb[:4]) + r"\w*\s+(" +
                                                         "|".join(_PARTICLES) + r")\b", text.lower())}


def _told_apart(a: dict, b: dict, verbs: list[str]) -> bool:
    """Two claims with one predicate and one participant that still state two facts: one
    negated and not the other ("never checked into Morningside"), years both give and none
    shared ("first hosted the Oscars in 2007" / "will host this year"), the verb with
    another particle ("checked into rehab" / "checked out of"), or the verb unrealised in
    one and past in the other (``modality._modality``)."""
    if a["negated"] != b["negated"]:
        return True
    ya, yb = _years(a), _years(b)
    if ya and yb and not ya & yb:
        return True
    for v in verbs:
        pa, pb = _particles(a["text"], v), _particles(b["text"], v)
        if pa and pb and not pa & pb:
            return True
    # the verb unrealised in one and not the other ("could clinch" / "clinched")
    ids = {v: k for k, v in enumerate(verbs)}
    r = modality_readings()
    (ua, pa, ha), (ub, pb, hb) = (_moods(u["text"], ids, r, bool(u.get("headline")), _verb_keys(u) if r else frozenset())
                                  for u in (a, b))
    return bool(ua & pb or ub & pa or ha & (pb | ub) or hb & (pa | ua))


def _shared_participants(a: dict, b: dict, kinds: tuple[str, ...]) -> int:
    """How many participants of ``kinds`` two claims share (``_participant_keys``; a
    figure's counted thing only when their figures agree)."""
    shared = _participant_keys(a, 0, kinds) & _participant_keys(b, 0, kinds)
    if any(k[1] == "n" for k in shared) and number_agreement(a, b) != 1.0:
        shared = {k for k in shared if k[1] != "n"}
    return len(shared)


def recall_candidates(units: list[dict], groups: list[list[int]], sim, floor: float | None = None,
                      kinds: tuple[str, ...] | None = None, threshold: float = ALIGN_THRESHOLD,
                      verbs: bool | None = None, vetoes: bool = True, nouns: float | None = ...,
                      floor2: float | None = ...):
    """(i, j, similarity) of the pairs a recall join may put together, most similar first:
    claims of two articles, at least one alone in its group, with one event predicate (an
    event verb of one among the other's with ``verbs``, else one main predicate: one
    inflection key, not a light or reporting verb, see ``Predicates``) and one participant
    of ``kinds`` (``_participant_keys``; a figure's ranges overlapping), not told apart
    (``_told_apart``), whose similarity is in [floor, threshold) (a pair at or above the
    threshold was the clustering's to join). With ``verbs``, ``nouns`` adds the claims'
    event nouns (``Predicates.event_triggers``; None: none). Defaults: RECALL_FLOOR,
    RECALL_PARTICIPANTS, RECALL_VERBS, RECALL_NOUNS (fitted, in options). A pair sharing two
    participants or more (``_shared_participants``) needs only ``floor2`` (RECALL_FLOOR2;
    None: no such tier)."""
    nouns = RECALL_NOUNS if nouns is ... else nouns
    floor2 = RECALL_FLOOR2 if floor2 is ... else floor2
    floor = RECALL_FLOOR if floor is None else floor
    kinds = RECALL_PARTICIPANTS if kinds is None else kinds
    verbs = RECALL_VERBS if verbs is None else verbs
    z = np.zeros(0, dtype=np.intp)
    if len(units) < 2 or floor >= threshold:
        return z, z, np.zeros(0)
    preds = sim.preds if isinstance(sim, PairSimilarity) and sim.preds is not None else Predicates(units)
    ks = preds.event_triggers(nouns) if verbs else preds.event_verbs()
    if verbs:  # any event verb of the one with any of the other's
        keys = [set().union(*(_participant_keys(u, int(k), kinds) for k in kk)) if kk else set()
                for u, kk in zip(units, ks)]
    else:
        keys = [_participant_keys(u, int(k), kinds) if k else set() for u, k in zip(units, preds.key.tolist())]
    I, J = shared_key_pairs(keys)
    size = np.zeros(len(units), dtype=np.intp)
    for g in groups:
        size[g] = len(g)
    art = np.array([u["article_index"] for u in units])
    keep = (art[I] != art[J]) & ((size[I] == 1) | (size[J] == 1))
    I, J = I[keep], J[keep]
    # the similarity band first (vectorised): the checks below run per pair, in Python
    low = floor2 if floor2 is not None and floor2 < floor else floor
    V = sim.values(I, J) if isinstance(sim, PairSimilarity) else np.asarray(sim)[I, J]
    keep = (V >= low) & (V < threshold)
    I, J, V = I[keep], J[keep], V[keep]
    if "figure" in kinds and len(I):  # a shared counted thing is one participant only when the figures agree
        ok = np.array([any(k[1] != "n" for k in keys[i] & keys[j]) or number_agreement(units[i], units[j]) == 1.0
                       for i, j in zip(I.tolist(), J.tolist())], dtype=bool)
        I, J, V = I[ok], J[ok], V[ok]
    if vetoes and len(I):
        shared = [ks[i] & ks[j] for i, j in zip(I.tolist(), J.tolist())] if verbs else \
            [{int(preds.key[i])} for i in I.tolist()]
        ok = np.array([not _told_apart(units[i], units[j], [preds.names[k] for k in sh])
                       and not not_one_fact(units, preds, i, j)
                       for i, j, sh in zip(I.tolist(), J.tolist(), shared)], dtype=bool)
        I, J, V = I[ok], J[ok], V[ok]
    if low < floor:  # below the floor: two participants shared (floor2)
        ok = V >= floor
        for x in np.flatnonzero(~ok).tolist():
            ok[x] = _shared_participants(units[I[x]], units[J[x]], kinds) >= 2
        I, J, V = I[ok], J[ok], V[ok]
    o = np.lexsort((J, I, -V))
    return I[o], J[o], V[o]


# -- two claims that cannot state one fact, whatever their words share (issue 15) ------
#
# Checked on every pair a group would hold (``split_not_one_fact``, after the recall join),
# on the recall join's candidates and on secondary memberships: by definition, not tuned.

_NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot)\b|n[’']t\b", re.I)


def _people(u: dict) -> frozenset[str]:
    """The people a claim is about, its speaker not counted (``people.participants``)."""
    return participants(u)


def _other_people(a: dict, b: dict) -> bool:
    """Figures of one counted thing about people of whom the two claims share no one
    (``people.different_people``: "Richard Carter scored 14 points" / "paced by 13 points from
    McDermott"; "Earl Clark finished ... with 25 points" / "Ford finished his career ... with
    2,290 points"): two people's figures, two facts."""
    return bool(_figure_slots(a) & _figure_slots(b)) and different_people(a, b)


def _polarity_differs(a: dict, b: dict) -> bool:
    """One claim negated and the other with no negation anywhere in its text ("Lindsay never
    checked into Morningside" / "Lindsay Lohan checks into rehab"): a fact and its denial."""
    if a["negated"] == b["negated"]:
        return False
    return not _NEGATION.search((b if a["negated"] else a)["text"])


def not_one_fact(units: list[dict], preds: Predicates, i: int, j: int) -> bool:
    """Whether claims i and j cannot state one fact: one main predicate, denied in one and
    stated in the other (``_polarity_differs``); figures of one thing about different
    people (``_other_people``); one predicate a possibility in one and a fact in the other
    (``Predicates.modality_apart``: the predicate check damps such a pair, and this keeps a
    third claim from joining them); another occasion of one kind of event (written dates that
    cannot overlap, other organisations in one role: ``occasion.occasion_apart``; OCCASION_CHECK)."""
    a, b = units[i], units[j]
    if i in preds.unrealised_units or j in preds.unrealised_units:
        if bool(preds.modality_apart(np.array([i], dtype=np.intp), np.array([j], dtype=np.intp))[0]):
            return True
    if OCCASION_CHECK and occasion_apart(a, b):
        return True
    if a["negated"] == b["negated"] and not (_people(a) and _people(b)):
        return False  # neither check can apply: the common case, decided before any set is made
    k = int(preds.key[i])
    return (k != 0 and k == int(preds.key[j]) and _polarity_differs(a, b)) or _other_people(a, b)


def _not_one_fact_pairs(units: list[dict], preds: Predicates, g: list[int]) -> set[tuple[int, int]]:
    """The pairs (i < j) of a group's claims from two articles that ``not_one_fact`` tells
    apart; only members that can be in such a pair (negated, with a possibility, with people
    and figures, or, with OCCASION_CHECK, with a written date or an organisation in a role:
    ``occasion.has_occasion``) are paired, not every member pair."""
    out: set[tuple[int, int]] = set()
    art = [units[i]["article_index"] for i in g]
    neg = [x for x, i in enumerate(g) if units[i]["negated"] and preds.key[i] or i in preds.unrealised_units]
    fig = [x for x, i in enumerate(g) if _people(units[i]) and _figure_slots(units[i])]
    cand = {(min(x, y), max(x, y)) for x in neg for y in range(len(g)) if y != x}
    cand |= {(x, y) for n, x in enumerate(fig) for y in fig[n + 1:]}
    if OCCASION_CHECK:
        occ = [x for x, i in enumerate(g) if has_occasion(units[i])]
        cand |= {(x, y) for n, x in enumerate(occ) for y in occ[n + 1:]}
    for x, y in sorted(cand):
        i, j = g[x], g[y]
        if art[x] != art[y] and not_one_fact(units, preds, i, j):
            out.add((min(i, j), max(i, j)))
    return out


def split_not_one_fact(units: list[dict], groups: list[list[int]], sim) -> list[list[int]]:
    """The groups with no two claims of different articles that cannot state one fact
    (``not_one_fact``): a group holding such a pair is cut in two around it, each other
    member going with the claim of the pair it is more similar to (the first on a tie),
    and each part is checked again. "We don't want peace for slaves" and "wanted peace,
    but only a peace with sovereignty" part, each taking the claims that say the same as
    it. Groups stay sorted, ordered by first member."""
    preds = sim.preds if isinstance(sim, PairSimilarity) and sim.preds is not None else Predicates(units)
    out = []
    todo = [sorted(g) for g in groups]
    while todo:
        g = todo.pop()
        bad = sorted(_not_one_fact_pairs(units, preds, g)) if len(g) > 1 else []
        if not bad:
            out.append(g)
            continue
        todo.extend(_cut(g, *bad[0], sim))
    return sorted(out, key=lambda g: g[0])


def pair_values(sim, I: np.ndarray, J: np.ndarray) -> np.ndarray:
    """The similarities of the claim pairs (I[k], J[k]) from a ``PairSimilarity`` or a
    dense matrix (the veto reads them too)."""
    return sim.values(I, J) if isinstance(sim, PairSimilarity) else np.asarray(sim)[I, J]


def _cut(g: list[int], i: int, j: int, sim) -> tuple[list[int], list[int]]:
    """A group cut in two around the pair (i, j): each other member goes with the claim of
    the pair it is more similar to (``i`` on a tie); both parts sorted."""
    rest = [m for m in g if m not in (i, j)]
    r = np.array(rest, dtype=np.intp)
    near_i = (pair_values(sim, np.full(len(r), i, dtype=np.intp), r)
              >= pair_values(sim, np.full(len(r), j, dtype=np.intp), r)).tolist() if rest else []
    return (sorted([i] + [m for m, k in zip(rest, near_i) if k]),
            sorted([j] + [m for m, k in zip(rest, near_i) if not k]))


def split_weak_links(units: list[dict], groups: list[list[int]], sim, floor: float | None = ...) -> list[list[int]]:
    """The groups with no two claims of different articles less similar than ``floor``
    (CHAIN_FLOOR; None: off): average linkage lets a bridging claim join two claims that
    share little ("A ~ B ~ C" with A and C apart), and every member pair of a corroborated
    group counts as corroboration. A group holding such a pair is cut around its weakest
    one as ``split_not_one_fact`` cuts (each other member going with the claim of the pair
    it is more similar to), and each part is checked again."""
    floor = CHAIN_FLOOR if floor is ... else floor
    if floor is None:
        return groups
    art = [u["article_index"] for u in units]
    out = []
    todo = [sorted(g) for g in groups]
    while todo:
        g = todo.pop()
        if len(g) < 2:
            out.append(g)
            continue
        x, y = np.triu_indices(len(g), 1)
        ga = np.array(g, dtype=np.intp)
        cross = np.array([art[i] != art[j] for i, j in zip(ga[x].tolist(), ga[y].tolist())], dtype=bool)
        x, y = x[cross], y[cross]
        v = pair_values(sim, ga[x], ga[y]) if len(x) else np.zeros(0)
        if not len(v) or v.min() >= floor:
            out.append(g)
            continue
        k = int(np.lexsort((y, x, v))[0])  # the weakest pair (ties: first in member order)
        todo.extend(_cut(g, g[int(x[k])], g[int(y[k])], sim))
    return sorted(out, key=lambda g: g[0])


def recall_join(units: list[dict], groups: list[list[int]], sim, floor: float | None = None,
                kinds: tuple[str, ...] | None = None, threshold: float = ALIGN_THRESHOLD,
                nouns: float | None = ..., floor2: float | None = ...) -> list[list[int]]:
    """The groups with the recall joins made: a claim alone in its group joins the claim of
    another article that states one predicate about one participant (``recall_candidates``)
    — with it alone, or in its group when the claim is at least ``floor`` similar to the
    group's members on average (``floor2`` when the two claims share two participants) —
    most similar pairs first. Two groups of several members are never pulled together.
    Groups stay sorted, ordered by first member."""
    floor = RECALL_FLOOR if floor is None else floor
    floor2 = RECALL_FLOOR2 if floor2 is ... else floor2
    kinds = RECALL_PARTICIPANTS if kinds is None else kinds
    I, J, _ = recall_candidates(units, groups, sim, floor, kinds, threshold, nouns=nouns, floor2=floor2)
    if not len(I):
        return groups
    group_of = {i: gi for gi, g in enumerate(groups) for i in g}
    members = {gi: list(g) for gi, g in enumerate(groups)}
    for i, j in zip(I.tolist(), J.tolist()):
        gi, gj = group_of[i], group_of[j]
        if gi == gj or (len(members[gi]) > 1 and len(members[gj]) > 1):
            continue
        if len(members[gi]) > 1:  # i is in a group, j alone: j joins i's group
            i, j, gi, gj = j, i, gj, gi
        target = members[gj]
        if len(target) > 1:
            avg = float(np.mean(sim.values(np.full(len(target), i, dtype=np.intp), np.array(target, dtype=np.intp))
                                if isinstance(sim, PairSimilarity) else np.asarray(sim)[i, target]))
            if avg < floor and (floor2 is None or avg < floor2 or
                                _shared_participants(units[i], units[j], kinds) < 2):
                continue
        target.append(i)
        del members[gi]
        group_of[i] = gj
    return sorted((sorted(g) for g in members.values()), key=lambda g: g[0])


def fragment_links(units: list[dict], groups: list[list[int]], sim, floor: float,
                   kinds: tuple[str, ...] | None = None, verbs: bool = False,
                   participants: int = 1, enough: int | None = None) -> dict[tuple[int, int], tuple[int, float]]:
    """{(group a, group b): (links, best similarity)} of the pairs of groups of several
    claims each that some pair of their claims links: claims of two articles with one main
    predicate (one inflection key, an event verb, see ``Predicates``; with ``verbs``, an event
    verb of one among the other's) and one participant of ``kinds`` (``_participant_keys``; a
    figure's ranges overlapping; ``participants`` of them at least, ``_shared_participants``),
    similarity at least ``floor``, not told apart (``_told_apart``, ``not_one_fact``); with
    ``enough``, a pair of groups stops counting at that many links (most similar pairs first,
    so its best similarity is known). Candidates come from the shared keys, not from every
    pair of groups."""
    kinds = RECALL_PARTICIPANTS if kinds is None else kinds
    out: dict[tuple[int, int], tuple[int, float]] = {}
    if len(units) < 4:
        return out
    preds = sim.preds if isinstance(sim, PairSimilarity) and sim.preds is not None else Predicates(units)
    group_of = np.full(len(units), -1, dtype=np.intp)
    for gi, g in enumerate(groups):
        if len(g) > 1:
            group_of[g] = gi
    ev = preds.event_verbs() if verbs else [{k} if k else set() for k in preds.key.tolist()]
    keys = [set().union(*(_participant_keys(u, int(k), kinds) for k in ks)) if ks and group_of[i] >= 0 else set()
            for i, (u, ks) in enumerate(zip(units, ev))]
    I, J = shared_key_pairs(keys)
    art = np.array([u["article_index"] for u in units])
    keep = (art[I] != art[J]) & (group_of[I] != group_of[J])
    I, J = I[keep], J[keep]
    V = sim.values(I, J) if isinstance(sim, PairSimilarity) else np.asarray(sim)[I, J]
    keep = V >= floor
    I, J, V = I[keep], J[keep], V[keep]
    o = np.lexsort((J, I, -V))
    for i, j, v in zip(I[o].tolist(), J[o].tolist(), V[o].tolist()):
        ab = (int(min(group_of[i], group_of[j])), int(max(group_of[i], group_of[j])))
        if enough is not None and out.get(ab, (0,))[0] >= enough:
            continue  # the checks below are the costly part: not needed past ``enough``
        shared = keys[i] & keys[j]
        if not any(k[1] != "n" for k in shared) and number_agreement(units[i], units[j]) != 1.0:
            continue  # a shared counted thing is one participant only when the figures agree
        if participants > 1 and _shared_participants(units[i], units[j], kinds) < participants:
            continue
        names = [preds.names[int(k)] for k in ev[i] & ev[j]]
        if _told_apart(units[i], units[j], names) or not_one_fact(units, preds, i, j):
            continue
        n, best = out.get(ab, (0, 0.0))
        out[ab] = (n + 1, max(best, v))
    return out


def _figures_apart(units: list[dict], a: list[int], b: list[int]) -> bool:
    """Whether a claim of ``a`` and one of ``b`` give disjoint figures of one counted thing."""
    slots_b: dict = {}
    for j in b:
        for s in _number_keys(units[j]):
            slots_b.setdefault(s, []).append(j)
    for i in a:
        for s in _number_keys(units[i]):
            if any(number_agreement(units[i], units[j]) < 1.0 for j in slots_b.get(s, ())):
                return True
    return False


def _cross_mean(art: np.ndarray, sim, a: list[int], b: list[int]) -> float:
    """Average similarity of the pairs of a claim of ``a`` and a claim of ``b`` from two
    articles (``art``: each claim's article index)."""
    I = np.repeat(np.array(a, dtype=np.intp), len(b))
    J = np.tile(np.array(b, dtype=np.intp), len(a))
    keep = art[I] != art[J]
    if not keep.any():
        return 0.0
    I, J = I[keep], J[keep]
    V = sim.values(I, J) if isinstance(sim, PairSimilarity) else np.asarray(sim)[I, J]
    return float(V.mean())


_ARTICLE_RULES = ("none", "first", "sentence")  # merge_fragments: when an article may have claims in both groups


def merge_fragments(units: list[dict], groups: list[list[int]], sim, floor: float | None = ...,
                    links: int | None = None, kinds: tuple[str, ...] | None = None, verbs: bool | None = None,
                    articles: str | None = None, mean: float | None = ...,
                    participants: int | None = None) -> list[list[int]]:
    """The groups with the fragments of one fact merged: two groups of several claims each
    merge when at least ``links`` pairs of their claims link them (``fragment_links``, at
    similarity ``floor``, with ``verbs`` and ``participants``), their claims from two
    articles are ``mean`` similar on average (None: any), no pair of their claims cannot
    state one fact (``not_one_fact``), none gives a figure of one counted thing the other
    contradicts, and an article with claims in both is allowed as ``articles`` says:
    "none" (an article stating a fact twice is rare, two facts in it common), "first" (only
    an article whose claims in one of the groups are its first sentence: a headline or lead
    told again below) or "sentence" (any, but no sentence in both: one sentence, one primary
    group). Best linked pairs first; a merged group is checked again as a whole. Defaults:
    FRAGMENT_FLOOR (None: no merge), FRAGMENT_LINKS, FRAGMENT_VERBS, FRAGMENT_ARTICLES,
    FRAGMENT_MEAN, FRAGMENT_PARTICIPANTS (fitted, in options). Groups stay sorted, ordered
    by first member."""
    floor = FRAGMENT_FLOOR if floor is ... else floor
    links = FRAGMENT_LINKS if links is None else links
    verbs = FRAGMENT_VERBS if verbs is None else verbs
    articles = FRAGMENT_ARTICLES if articles is None else articles
    mean = FRAGMENT_MEAN if mean is ... else mean
    participants = FRAGMENT_PARTICIPANTS if participants is None else participants
    if floor is None:
        return groups
    if articles not in _ARTICLE_RULES:
        raise InputError("articles", f"unknown rule {articles!r} for an article in both groups "
                                     f"(one of {', '.join(_ARTICLE_RULES)})")
    cand = fragment_links(units, groups, sim, floor, kinds, verbs, participants, enough=links)
    if not cand:
        return groups
    preds = sim.preds if isinstance(sim, PairSimilarity) and sim.preds is not None else Predicates(units)
    root = list(range(len(groups)))

    def find(x: int) -> int:
        while root[x] != x:
            root[x] = root[root[x]]
            x = root[x]
        return x

    members = {gi: list(g) for gi, g in enumerate(groups)}
    art = np.array([u["article_index"] for u in units])
    held: dict[int, dict[str, set[int]]] = {}  # group -> article -> its sentences there
    for gi, g in enumerate(groups):
        for i in g:
            held.setdefault(gi, {}).setdefault(units[i]["article_id"], set()).add(units[i]["sentence"])

    def apart(x: dict[str, set[int]], y: dict[str, set[int]]) -> bool:
        for a in x.keys() & y.keys():
            if articles == "none" or x[a] & y[a] or (articles == "first" and {0} not in (x[a], y[a])):
                return True
        return False

    order = [(a, b) for (a, b), (n, _) in sorted(cand.items(), key=lambda x: (-x[1][1], x[0]))
             if n >= links and not apart(held[a], held[b])]
    if mean is not None and isinstance(sim, PairSimilarity) and order:  # their cross pairs' values in one batch
        I = np.concatenate([np.repeat(np.array(members[a], dtype=np.intp), len(members[b])) for a, b in order])
        J = np.concatenate([np.tile(np.array(members[b], dtype=np.intp), len(members[a])) for a, b in order])
        keep = art[I] != art[J]
        sim.values(I[keep], J[keep])
    for a, b in order:
        ra, rb = find(a), find(b)
        if ra == rb or apart(held[ra], held[rb]):
            continue
        if mean is not None and _cross_mean(art, sim, members[ra], members[rb]) < mean:
            continue
        merged = members[ra] + members[rb]
        if _not_one_fact_pairs(units, preds, merged) or _figures_apart(units, members[ra], members[rb]):
            continue
        lo, hi = min(ra, rb), max(ra, rb)
        root[hi] = lo
        members[lo] = merged
        held[lo] = {a: held[ra].get(a, set()) | held[rb].get(a, set()) for a in held[ra].keys() | held[rb].keys()}
        del members[hi], held[hi]
    return sorted((sorted(g) for g in members.values()), key=lambda g: g[0])


def recall_secondary(units: list[dict], groups: list[list[int]], memberships: list[list[int]], sim,
                     floor: float | None = None, nouns: float | None = ...) -> list[list[int]]:
    """``memberships`` plus a claim as a secondary member of a group of several claims
    when it is a recall candidate (``recall_candidates`` at ``floor``, whatever its own
    group) with every member of the group, and no member is from its article: a sentence
    that states two facts is told with both, and counts in one (``one_primary``).
    Default floor: RECALL_SECONDARY (fitted, in options; None: no such member)."""
    floor = RECALL_SECONDARY if floor is None else floor
    if floor is None or len(units) < 2:
        return memberships
    I, J, _ = recall_candidates(units, [[i] for i in range(len(units))], sim, floor, nouns=nouns, floor2=None)
    group_of = {i: gi for gi, g in enumerate(groups) for i in g}
    links: dict[tuple[int, int], set[int]] = {}
    for i, j in zip(I.tolist(), J.tolist()):
        links.setdefault((i, group_of[j]), set()).add(j)
        links.setdefault((j, group_of[i]), set()).add(i)
    out = [list(m) for m in memberships]
    for (i, gi), js in sorted(links.items()):
        g = groups[gi]
        if len(g) > 1 and len(js) == len(g) and i not in out[gi] and \
                units[i]["article_id"] not in {units[x]["article_id"] for x in out[gi]}:
            out[gi].append(i)
    return out
