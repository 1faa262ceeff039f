"""Claim alignment: which claims of different articles state the same fact.

Similarity of two claims mixes lexical evidence (TF-IDF over content-word lemmas,
and over character n-grams, which catch "slave's peace" ~ "slave peace") with
slot agreement: shared canonical entities and places, numbers about the same
counted thing, and the same resolved date. Weights and the threshold were chosen
with benchmarks/bench_align.py (hand-checked pairs from the seeds and ECB+).
Groups come from average-link agglomerative clustering, so one loose pair does
not chain two different facts together.
"""

from __future__ import annotations

import numpy as np

from ..options import ALIGN_THRESHOLD, ALIGN_WEIGHTS, QUOTE_PENALTY, QUOTE_SHARE

METHOD_LEXICAL = "lexical"  # the weighted similarity below, one threshold: the baseline
METHOD_MODEL = "model"      # propositions compared pair by pair, a fitted decision (pairs.py)
METHODS = (METHOD_MODEL, METHOD_LEXICAL)

# WEIGHTS and THRESHOLD: chosen on benchmarks/bench_align.py (see docs/report.md,
# "Alignment"); tuned values, with their provenance in options
WEIGHTS, THRESHOLD = ALIGN_WEIGHTS, ALIGN_THRESHOLD


def _cos(matrix) -> np.ndarray:
    from sklearn.preprocessing import normalize

    m = normalize(matrix)
    return np.asarray((m @ m.T).todense()) if hasattr(m, "todense") else m @ m.T


def lexical_similarity(units: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """(word-lemma TF-IDF cosine, char n-gram TF-IDF cosine) matrices."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    n = len(units)
    if n == 0:
        z = np.zeros((0, 0))
        return z, z
    docs = [" ".join(u["lemmas"]) or "_" for u in units]
    try:
        w = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"\S+").fit_transform(docs)
        word = _cos(w)
    except ValueError:  # empty vocabulary
        word = np.zeros((n, n))
    from ..lexicon.text import fold_in_place

    c = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit_transform(
        [fold_in_place(" ".join(u["lemmas"])) or "_" for u in units]
    )
    return word, _cos(c)


def _ranges_overlap(a: dict, b: dict) -> bool:
    lo_a, hi_a = a.get("low"), a.get("high")
    lo_b, hi_b = b.get("low"), b.get("high")
    if lo_a is None and hi_a is None:
        lo_a = hi_a = a.get("value")
    if lo_b is None and hi_b is None:
        lo_b = hi_b = b.get("value")
    lo_a = -np.inf if lo_a is None else lo_a
    lo_b = -np.inf if lo_b is None else lo_b
    hi_a = np.inf if hi_a is None else hi_a
    hi_b = np.inf if hi_b is None else hi_b
    return lo_a <= hi_b and lo_b <= hi_a


def number_agreement(a: dict, b: dict) -> float:
    """1 when both count the same thing with overlapping ranges, 0.6 when the same
    thing with different figures (still the same slot: that is what conflicts are
    made of), else 0."""
    best = 0.0
    for qa in a["quantities"]:
        for qb in b["quantities"]:
            if not qa.get("counted") or qa.get("counted") != qb.get("counted") or qa.get("unit") != qb.get("unit"):
                continue
            best = max(best, 1.0 if _ranges_overlap(qa, qb) else 0.6)
    return best


def _day(value) -> str | None:
    """A date value precise to the month or day; the year may be unresolved ("XXXX-11-21")."""
    if not isinstance(value, str) or len(value) < 7 or not (value[:4].isdigit() or value[:4] == "XXXX"):
        return None
    if "W" in value or value[5:7] == "XX":
        return None
    return value[:10]


def date_agreement(a: dict, b: dict) -> float:
    va = {_day(t.get("value")) for t in a["timexes"] if t.get("type") in ("DATE", "TIME")} - {None}
    vb = {_day(t.get("value")) for t in b["timexes"] if t.get("type") in ("DATE", "TIME")} - {None}
    if not va or not vb:
        return 0.0
    if va & vb:
        return 1.0
    # same day of the year, years resolved differently (within one story's time
    # window that is a resolution slip, not two dates)
    if {v[4:] for v in va if len(v) == 10} & {v[4:] for v in vb if len(v) == 10}:
        return 0.8
    # same month at least (e.g. "2025-09" range start vs "2025-09-15")
    return 0.5 if {v[:7] for v in va} & {v[:7] for v in vb} else 0.0


def event_agreement(a: dict, b: dict) -> float:
    """Same event predicate ("refused the terms" ~ "rejected the conditions"): 0.5, plus
    half the Jaccard overlap of the objects' lemmas."""
    pa, pb = a.get("predicate_key"), b.get("predicate_key")
    if not pa or pa != pb:
        return 0.0
    oa, ob = set(a.get("object_lemmas") or ()), set(b.get("object_lemmas") or ())
    return 0.5 + 0.5 * (len(oa & ob) / len(oa | ob) if oa | ob else 0.0)


def entity_agreement(a: dict, b: dict) -> float:
    ea = set(a["entities"]) | set(a["places"])
    eb = set(b["entities"]) | set(b["places"])
    if not ea or not eb:
        return 0.0
    return len(ea & eb) / len(ea | eb)


def _incidence(keys: list):
    """Sparse items x keys 0/1 matrix."""
    from scipy.sparse import csr_matrix

    vocab: dict = {}
    rows, cols = [], []
    for i, ks in enumerate(keys):
        for k in ks:
            rows.append(i)
            cols.append(vocab.setdefault(k, len(vocab)))
    return csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(keys), max(1, len(vocab))))


def _shared(keys: list):
    """Sparse upper triangle (i < j) of the pairs sharing at least one key."""
    from scipy.sparse import triu

    m = _incidence(keys)
    c = triu(m @ m.T, k=1).tocsr()
    c.eliminate_zeros()
    return c


def shared_key_pairs(keys: list) -> tuple[np.ndarray, np.ndarray]:
    """(i, j) arrays, i < j in row-major order, of the items sharing at least one key: the
    work follows the pairs that share something, not all n² pairs."""
    c = _shared(keys).tocoo()
    order = np.lexsort((c.col, c.row))
    return c.row[order].astype(np.intp), c.col[order].astype(np.intp)


# The keys two units must share for a slot to agree above 0 (see the *_agreement functions).
def _entity_keys(u: dict) -> set:
    return set(u["entities"]) | set(u["places"])


def _number_keys(u: dict) -> set:
    return {(q.get("counted"), q.get("unit")) for q in u["quantities"] if q.get("counted")}


def _event_keys(u: dict) -> set:
    p = u.get("predicate_key")
    return {p} if p else set()


def _date_scores(units: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``date_agreement`` of every pair that scores above 0, as sparse products: the same
    day 1.0, else the same day of the year 0.8, else the same month 0.5."""
    days = [{_day(t.get("value")) for t in u["timexes"] if t.get("type") in ("DATE", "TIME")} - {None} for u in units]
    same_day = _shared(days) > 0
    same_doy = _shared([{v[4:] for v in d if len(v) == 10} for d in days]) > 0
    same_month = _shared([{v[:7] for v in d} for d in days]) > 0
    scored = (same_doy + same_month).tocoo()  # a shared day is a shared month
    i, j = scored.row.astype(np.intp), scored.col.astype(np.intp)
    day = np.asarray(same_day[i, j]).ravel() if len(i) else np.zeros(0, dtype=bool)
    doy = np.asarray(same_doy[i, j]).ravel() if len(i) else np.zeros(0, dtype=bool)
    return i, j, np.where(day, 1.0, np.where(doy, 0.8, 0.5))


def similarity(units: list[dict], weights: dict[str, float] | None = None) -> np.ndarray:
    """Pairwise claim similarity in [0, 1] (symmetric, diagonal 1)."""
    w = weights or WEIGHTS
    word, char = lexical_similarity(units)
    # in place (n x n floats each): the same products and sum as w_word*word + w_char*char
    s = word
    s *= w.get("word", 0)
    char *= w.get("char", 0)
    s += char
    del char
    if w.get("embed"):  # optional extra; measured no better than lexical (bench_align.py)
        from .embed import cosine_matrix

        s = s + w["embed"] * cosine_matrix([u["text"] for u in units])
    # slot agreements: only pairs sharing a key of the slot can score above 0, so only
    # they are scored, found by an inverted index (the other pairs would add 0.0: the
    # sums are the same as over all pairs)
    for name, fn, keys in (("entity", entity_agreement, _entity_keys), ("number", number_agreement, _number_keys),
                           ("date", None, None), ("event", event_agreement, _event_keys)):
        if not w.get(name):
            continue
        if fn is None:
            i, j, v = _date_scores(units)
        else:
            i, j = shared_key_pairs([keys(u) for u in units])
            v = np.array([fn(units[a], units[b]) for a, b in zip(i.tolist(), j.tolist())], dtype=float)
        v = w[name] * v
        s[i, j] += v
        s[j, i] += v
    _different_statements(units, s)
    np.fill_diagonal(s, 1.0)
    return np.clip(s, 0.0, 1.0)


# QUOTE_SHARE: a claim that is mostly a direct quote is a statement; QUOTE_PENALTY: two
# different statements are two facts, however alike in topic (tuned, in options)


def _quote_words(u: dict) -> list[str] | None:
    qs = [q for q in u["quotes"] if q.get("kind") in ("direct", "partial")]
    covered = sum(q["end"] - q["start"] for q in qs)
    if not qs or covered < QUOTE_SHARE * max(1, u["end"] - u["start"]):
        return None
    from .quotes import qwords

    return [w for q in qs for w in qwords(q.get("text", ""))]


def _different_statements(units: list[dict], s: np.ndarray) -> None:
    """Damp the similarity of two quote-claims whose quotes are not the same words."""
    from .quotes import _matches, match_candidates

    qw = [_quote_words(u) for u in units]
    quoted = np.array([i for i, q in enumerate(qw) if q is not None], dtype=np.intp)
    if len(quoted) < 2:
        return
    factor = np.full((len(quoted), len(quoted)), QUOTE_PENALTY)
    # only the pairs that pass the cheap reject can match: the others keep the penalty
    from collections import Counter

    counts = [Counter(qw[i]) for i in quoted]
    for a, b in match_candidates([qw[i] for i in quoted]):
        if _matches(qw[quoted[a]], qw[quoted[b]], (counts[a], counts[b])):
            factor[a, b] = factor[b, a] = 1.0
    sub = np.ix_(quoted, quoted)
    diag = s[quoted, quoted]
    s[sub] *= factor
    s[quoted, quoted] = diag  # the pairs only (the diagonal is set to 1 after)


def cluster(sim: np.ndarray, threshold: float = THRESHOLD) -> list[list[int]]:
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


def align(units: list[dict], threshold: float = THRESHOLD, weights=None) -> tuple[list[list[int]], np.ndarray]:
    """Group units stating the same fact; returns (groups, similarity matrix)."""
    sim = similarity(units, weights)
    return cluster(sim, threshold), sim
