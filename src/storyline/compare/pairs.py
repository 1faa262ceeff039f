"""Claims compared as propositions, pair by pair, with a fitted decision.

Each claim unit is read as a proposition: its source (speaker or attributed source,
article), predicate (event verbs and nouns, negation), participants (canonical
entities), place, time (resolved day) and quantities (what they count). Candidate
pairs come from a sparse index of what two claims can share (rare content lemmas,
entities, figures, days): never all pairs. A logistic model over slot agreements and
lexical similarity (coefficients in ``data/pair_model.json``, fitted on ECB+ dev topics by
benchmarks/fit_pair_model.py with cross-validation over topics) gives the probability
that two claims state the same event; lexical similarity is one feature among many,
it does not decide on its own. Groups are average-link clusters of that probability.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

from ..lexicon.text import fold_in_place
from ..options import PAIR_MAX_POSTING, PAIR_POSTING_SHARE
from .lemmas import LIGHT_VERBS, paraphrase_key as _norm, stem
from .pairmodel import EMBED_FEATURE, FEATURES, load_model

# A key shared by more claims than MAX_POSTING (and by more than POSTING_SHARE of them)
# is too common to propose pairs by itself: "police" in a story about a police shooting.
MAX_POSTING, POSTING_SHARE = PAIR_MAX_POSTING, PAIR_POSTING_SHARE  # tuned, in options

# Words that name no participant of their own: a subject "he" or "police" says nothing
# about whether two claims tell of the same people.
_NO_PARTICIPANT = frozenset("""i we you he she they it who which that this those these there one someone
    something man woman person people police authorities officials official report reports""".split())


def proposition(u: dict) -> dict:
    """The slots of a unit, as sets ready for comparison (cached on the unit)."""
    p = u.get("_prop")
    if p is not None:
        return p
    verbs = {_norm(v) for v in (u.get("verbs") or ())} - LIGHT_VERBS
    if u.get("predicate_key"):
        verbs.add(u["predicate_key"])
    nouns = {_norm(n) for n in (u.get("nouns") or ())}
    att = u.get("attribution") or {}
    src = att.get("source") or {}
    speakers = {((q.get("speaker") or {}).get("entity") or "") for q in u["quotes"]} - {""}
    speaker = src.get("entity") or (next(iter(speakers)) if len(speakers) == 1 else None)
    days = set()
    for t in u["timexes"]:
        v = t.get("value")
        if t.get("type") in ("DATE", "TIME") and isinstance(v, str) and len(v) >= 10 and v[:4].isdigit() and v[5:7].isdigit():
            days.add(v[:10])
    figures = defaultdict(list)
    for q in u["quantities"]:
        if q.get("counted") and q.get("kind") != "age":
            figures[(q["counted"], q.get("unit"))].append(q)
    subj = [w for w in (u.get("subject") or "").split() if w[:1].isalnum()]
    head = _norm(subj[-1]) if subj else None
    p = {
        "predicate": u.get("predicate_key"), "subject": None if head in _NO_PARTICIPANT else head,
        "object": set(u.get("object_lemmas") or ()),
        "hedged": any(h.get("kind") != "negation" for h in u.get("hedges") or ()),
        "verbs": verbs, "nouns": nouns, "lemmas": set(u.get("lemmas") or ()),
        "entities": set(u["entities"]), "places": set(u["places"]), "speaker": speaker,
        "days": days, "figures": dict(figures), "negated": bool(u.get("negated")),
    }
    p["stems"] = {stem(w) for w in p["lemmas"] | verbs | nouns}
    u["_prop"] = p
    return p


def _jac(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _fits(qa: dict, qb: dict) -> bool:
    from .verdicts import compare_ranges

    return compare_ranges(qa, qb) != "disjoint"


class PairScores:
    """Lexical similarity and model probability of unit pairs, computed on demand.

    ``scores[i, j]`` is the lexical similarity of ``storyline.compare.align`` (what the
    verdict rules were tuned on); ``prob(i, j)`` the model's probability (0 for pairs
    that were never candidates).
    """

    def __init__(self, units: list[dict], eventness: dict[str, float] | None = None):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.preprocessing import normalize

        self.units = units
        self.eventness = eventness or {}
        n = len(units)
        docs = [" ".join(u["lemmas"]) or "_" for u in units]
        try:
            self.w = normalize(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"\S+")
                               .fit_transform(docs)).tocsr()
        except ValueError:  # empty vocabulary
            self.w = None
        self.c = normalize(TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
                           .fit_transform([fold_in_place(d) for d in docs])).tocsr() if n else None
        self._lex: dict[tuple[int, int], float] = {}
        self.p: dict[tuple[int, int], float] = {}
        self.estimate = None  # feature matrix -> probabilities (the model)
        self.vectors = None  # unit-length text embeddings, when the model reads their cosine
        df: dict[str, int] = defaultdict(int)
        for u in units:
            for lem in set(u["lemmas"]):
                df[lem] += 1
        self.idf = {k: math.log((n + 1) / (v + 1)) + 1 for k, v in df.items()}
        self.max_idf = math.log(n + 1) + 1 if n else 1.0

    def cos(self, i: int, j: int) -> tuple[float, float]:
        w = float(self.w[i].multiply(self.w[j]).sum()) if self.w is not None else 0.0
        c = float(self.c[i].multiply(self.c[j]).sum()) if self.c is not None else 0.0
        return w, c

    def __getitem__(self, ij) -> float:
        i, j = int(ij[0]), int(ij[1])
        if i == j:
            return 1.0
        key = (i, j) if i < j else (j, i)
        if key not in self._lex:
            from . import align, slots
            from .quotes import _matches, quote_words

            a, b = self.units[key[0]], self.units[key[1]]
            w, c = self.cos(*key)
            wt = align.WEIGHTS
            s = wt["word"] * w + wt["char"] * c + wt["number"] * slots.number_agreement(a, b) \
                + wt["date"] * slots.date_agreement(a, b) + wt["event"] * slots.event_agreement(a, b)
            qa, qb = quote_words(a), quote_words(b)
            if qa is not None and qb is not None:
                if not _matches(qa, qb):
                    s *= align.QUOTE_PENALTY
            self._lex[key] = min(1.0, max(0.0, s))
        return self._lex[key]

    def add(self, pairs: list[tuple[int, int]]) -> None:
        """Score these pairs (i < j) with the model."""
        todo = [ij for ij in pairs if ij not in self.p]
        if todo and self.estimate is not None:
            X = np.array([features(self, i, j) for i, j in todo])
            if self.vectors is not None:
                cos = np.einsum("ij,ij->i", self.vectors[[i for i, _ in todo]], self.vectors[[j for _, j in todo]])
                X = np.hstack([X, np.round(np.clip(cos, 0.0, 1.0), 4)[:, None]])
            for ij, pr in zip(todo, self.estimate(X)):
                self.p[ij] = float(pr)

    def prob(self, i: int, j: int) -> float:
        if i == j:
            return 1.0
        return self.p.get((i, j) if i < j else (j, i), 0.0)


def index_keys(u: dict) -> set[str]:
    """What a claim can share with another: content lemmas, entities, figures, days."""
    p = proposition(u)
    keys = {"l:" + x for x in p["lemmas"] | p["verbs"] | p["nouns"]}
    keys |= {"e:" + x for x in p["entities"] | p["places"]}
    keys |= {"d:" + x for x in p["days"]}
    for (counted, _unit), qs in p["figures"].items():
        keys |= {f"n:{counted}:{q.get('value')}" for q in qs}
    return keys


def candidates(units: list[dict]) -> list[tuple[int, int]]:
    """Cross-article unit pairs sharing at least one uncommon key (sparse inverted index)."""
    post: dict[str, list[int]] = defaultdict(list)
    for u in units:
        for k in index_keys(u):
            post[k].append(u["uid"])
    cap = max(MAX_POSTING, int(POSTING_SHARE * len(units)))
    art = [u["article_id"] for u in units]
    pairs: set[tuple[int, int]] = set()
    for k, ids in post.items():
        if len(ids) < 2 or len(ids) > cap:
            continue
        for x in range(len(ids)):
            i = ids[x]
            for j in ids[x + 1:]:
                if art[i] != art[j]:
                    pairs.add((i, j) if i < j else (j, i))
    return sorted(pairs)


def features(scores: PairScores, i: int, j: int) -> list[float]:
    """The feature vector of one pair, in ``FEATURES`` order."""
    a, b = scores.units[i], scores.units[j]
    pa, pb = proposition(a), proposition(b)
    w, c = scores.cos(i, j)
    shared = pa["lemmas"] & pb["lemmas"]
    rare = max((scores.idf.get(x, 0.0) for x in shared), default=0.0) / scores.max_idf
    ents = _jac(pa["entities"], pb["entities"])
    places = _jac(pa["places"], pb["places"])
    days_both = bool(pa["days"] and pb["days"])
    day = days_both and bool(pa["days"] & pb["days"])
    fig_same = fig_clash = 0.0
    for key in pa["figures"].keys() & pb["figures"].keys():
        if any(_fits(qa, qb) for qa in pa["figures"][key] for qb in pb["figures"][key]):
            fig_same = 1.0
        else:
            fig_clash = 1.0
    sa, sb = pa["speaker"], pb["speaker"]
    from .quotes import _matches, quote_words

    qa, qb = quote_words(a), quote_words(b)
    quote_clash = 0.0
    if qa is not None and qb is not None:
        quote_clash = 0.0 if _matches(qa, qb) else 1.0
    lead = 1.0 if a["sentence"] <= 2 and b["sentence"] <= 2 else 0.0
    la, lb = len(pa["lemmas"]), len(pb["lemmas"])
    trig = trigger_features(shared_words(pa, pb), scores.eventness)
    prop = proposition_checks(pa, pb, scores.eventness)
    return [
        w, c, _jac(pa["verbs"], pb["verbs"]), float(bool(pa["verbs"] & pb["verbs"])), _jac(pa["nouns"], pb["nouns"]),
        rare, ents, float(bool(pa["entities"] and pb["entities"] and not pa["entities"] & pb["entities"])),
        places, float(bool(pa["places"] and pb["places"] and not pa["places"] & pb["places"])),
        float(day), float(days_both and not day), fig_same, fig_clash,
        float(bool(sa and sb and sa == sb)), float(bool(sa and sb and sa != sb)),
        float(pa["negated"] != pb["negated"]), quote_clash, lead,
        min(la, lb) / max(la, lb, 1), *trig, *prop,
    ]


def proposition_checks(pa: dict, pb: dict, eventness: dict[str, float]) -> tuple[float, ...]:
    """Agreement of the two main propositions, in FEATURES order from ``pred_same``.

    A predicate "clashes" when both claims have one, they differ and neither word occurs
    in the other claim ("charged" vs "shot"); weighted by eventness when both predicates
    name events. A missing event predicate: one claim's event-like predicate is nowhere
    in the other ("was charged" vs "was found dead"), weighted by its eventness.
    """
    va, vb = pa["predicate"], pb["predicate"]
    words_a = pa["lemmas"] | pa["verbs"] | pa["nouns"]
    words_b = pb["lemmas"] | pb["verbs"] | pb["nouns"]
    # predicates compared by inflection key: "stabbing" (a noun) is "stabbed"
    ka, kb = (stem(va) if va else None), (stem(vb) if vb else None)
    same = bool(ka and ka == kb)
    in_b, in_a = bool(ka and ka in pb["stems"]), bool(kb and kb in pa["stems"])
    clash = bool(va and vb and not same and not in_b and not in_a)
    ev = lambda w: eventness.get(w, 0.0) if w else 0.0  # noqa: E731
    missing = max(ev(va) if va and not in_b else 0.0, ev(vb) if vb and not in_a else 0.0)
    sa, sb = pa["subject"], pb["subject"]
    return (
        float(same), float(clash), min(ev(va), ev(vb)) if clash else 0.0, missing,
        # different subjects, unless a shared entity may be both ("Trump" and "the US president")
        float(bool(sa and sa == sb)), float(bool(sa and sb and sa != sb and sa not in words_b and sb not in words_a
                                                 and not pa["entities"] & pb["entities"])),
        _jac(pa["object"], pb["object"]), float(pa["hedged"] != pb["hedged"]),
        # each names someone the other does not ("Red Sox offered" vs "Nationals offered")
        float(bool(pa["entities"] - pb["entities"] and pb["entities"] - pa["entities"])),
    )


def shared_words(pa: dict, pb: dict) -> set[str]:
    """Words two propositions share that could name their event (by inflection key:
    "stabbing" in one and "stab" in the other are both shared)."""
    wa, wb = pa["lemmas"] | pa["verbs"] | pa["nouns"], pb["lemmas"] | pb["verbs"] | pb["nouns"]
    return {w for w in wa if stem(w) in pb["stems"]} | {w for w in wb if stem(w) in pa["stems"]}


def trigger_features(shared: set[str], eventness: dict[str, float]) -> tuple[float, float]:
    """(the most event-like shared word's eventness, the sum over shared words, capped at 2).

    Eventness: how often a word names an annotated event where it occurs (ECB+ training
    topics; ``pair_model.json``): "escape", "kill", "arrest" high, "prison", "police" low.
    """
    vals = [eventness.get(w, 0.0) for w in shared]
    return (max(vals, default=0.0), min(2.0, sum(vals)))


def probabilities(X: np.ndarray, model: dict) -> np.ndarray:
    names = model.get("features", FEATURES)  # the columns of X, in order
    coef = np.array([model["coef"][f] for f in names])
    mean = np.array([model["mean"][f] for f in names])
    scale = np.array([model["scale"][f] for f in names])
    z = ((X - mean) / scale) @ coef + model["intercept"]
    return 1.0 / (1.0 + np.exp(-z))


def score_pairs(units: list[dict], model: dict | None = None) -> PairScores:
    """Candidate pairs scored by the model (``scores.p``)."""
    model = model or load_model()
    scores = PairScores(units, model.get("eventness"))
    scores.estimate = lambda X: probabilities(X, model)
    if EMBED_FEATURE in model.get("features", ()):
        from .embed import encode  # raises ExtraMissing naming the extra when it is not installed

        scores.vectors = encode([u["text"] for u in units])
    scores.add(candidates(units))
    return scores


LINKAGE = "average"


def group(scores: PairScores, threshold: float, linkage_method: str | None = None) -> list[list[int]]:
    """Average-link groups over the model probability, per connected component of the
    pairs above the threshold (a non-candidate pair has probability 0)."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = len(scores.units)
    if n == 0:
        return []
    edges = [(i, j) for (i, j), p in scores.p.items() if p >= threshold]
    rows = [i for i, _ in edges]
    cols = [j for _, j in edges]
    g = coo_matrix((np.ones(len(edges)), (rows, cols)), shape=(n, n))
    _, comp = connected_components(g, directed=False)
    members: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(comp):
        members[int(c)].append(i)
    inside: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
    for (i, j), p in scores.p.items():
        if comp[i] == comp[j]:
            inside[int(comp[i])].append((i, j, p))
    out = []
    for c, idx in members.items():
        if len(idx) == 1:
            out.append(idx)
            continue
        pos = {k: x for x, k in enumerate(idx)}
        dist = np.ones((len(idx), len(idx)))
        for i, j, p in inside[c]:
            dist[pos[i], pos[j]] = dist[pos[j], pos[i]] = 1.0 - p
        np.fill_diagonal(dist, 0.0)
        from scipy.spatial.distance import squareform

        labels = fcluster(linkage(squareform(dist, checks=False), method=linkage_method or LINKAGE), t=1.0 - threshold,
                          criterion="distance")
        sub: dict[int, list[int]] = defaultdict(list)
        for k, lab in enumerate(labels):
            sub[int(lab)].append(idx[k])
        out.extend(sub.values())
    return sorted((sorted(g) for g in out), key=lambda g: g[0])


def secondary(scores: PairScores, groups: list[list[int]], bar: float) -> list[list[int]]:
    """Groups plus secondary members: a claim stating several facts may also join a group
    whose members it matches on average (model probability, non-candidates 0) at
    least ``bar``, when that group has nothing from its article; one per article."""
    group_of = {i: gi for gi, g in enumerate(groups) for i in g}
    acc: dict[tuple[int, int], float] = defaultdict(float)
    for (i, j), p in scores.p.items():
        gi, gj = group_of[i], group_of[j]
        if gi != gj:
            acc[(i, gj)] += p
            acc[(j, gi)] += p
    art = [u["article_id"] for u in scores.units]
    out = [list(g) for g in groups]
    best: dict[tuple[int, str], tuple[float, int]] = {}
    for (i, gi), total in acc.items():
        avg = total / len(groups[gi])
        if avg < bar or art[i] in {art[k] for k in groups[gi]}:
            continue
        key = (gi, art[i])
        if key not in best or (avg, -i) > (best[key][0], -best[key][1]):
            best[key] = (avg, i)
    for (gi, _a), (_avg, i) in sorted(best.items()):
        out[gi].append(i)
    for g, orig in zip(out, groups):
        g[len(orig):] = sorted(g[len(orig):])
    return out
