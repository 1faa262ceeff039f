"""A memoised stand-in for spaCy's ``attribute_ruler`` + ``lemmatizer`` (exact, ~20x faster).

Both components are pure functions of a token and, for the few multi-token rules
("gon na", "let 's", expletive "there is"), of its neighbours. Together they cost a
third of the small English pipeline's time, almost all of it per-token Python. This
component keys each token by everything those rules can read (ORTH, TAG, DEP, plus the
neighbours within the longest rule when a multi-token rule can target the token),
computes a missing key from the ruler's one-token matches and the real lemmatizer (or,
for a token a multi-token rule can target, with the real components over its window),
and writes the cached POS, MORPH and LEMMA back with one ``Doc.from_array``. The output
is token-for-token the same as the original components' (tests/test_morph.py checks it
on real articles).
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc

from .attrmatch import ARRAY, compile_ruler, run_ruler

FACTORY = "storyline_cached_morph"
# whole-doc pass when more than this share of tokens miss the cache (cold start):
# a window per missing token would then be longer than the doc itself
COLD_SHARE = 0.5
SEPARATOR = "<storyline-sep>"  # matches no rule's word constraint
MAX_ENTRIES = 400_000  # about 100 MB; cleared (not evicted piecemeal) when full


class CachedMorph:
    """Memoised attribute_ruler + lemmatizer; see the module docstring."""

    def __init__(self, ruler, lemmatizer, max_entries: int = MAX_ENTRIES):
        self.ruler, self.lemmatizer = ruler, lemmatizer
        self.fast = compile_ruler(ruler)  # the ruler's matches without its Matcher (attrmatch.py)
        assert list(ARRAY) == [LOWER, ORTH, TAG, DEP, IS_SPACE]  # the rows read below
        self._settable = {POS: 1, MORPH: 2, LEMMA: 4, TAG: 0, DEP: 3}  # attribute -> slot of a cached value
        self.max_entries = max_entries
        self.cache: dict[tuple, tuple[int, int, int, int, int]] = {}
        self._ctx_memo: dict[int, bool] = {}
        # lemma by (ORTH, TAG, POS, MORPH): all a lemmatizer reads (spaCy's own cache keys on
        # ORTH, POS, MORPH), so new tokens that differ only in DEP need no Token or call
        self._lemmas: dict[tuple[int, int, int, int], int] = {}
        self.targets: list[tuple[str, object]] = []  # (attr, spec) of multi-token rule targets
        self.any_ctx = False  # a multi-token rule whose target has no word constraint
        self.window = 0
        # the rule lemmatizer tests ``form in index`` against lists of up to 57k words:
        # sets give the same answers without the linear scans (60 us a token)
        index = lemmatizer.lookups.get_table("lemma_index", None) if lemmatizer.lookups.has_table("lemma_index") else None
        for key, words in list((index or {}).items()):
            if isinstance(words, list):
                index[key] = frozenset(words)
        for pat in ruler.patterns:
            for tokens in pat["patterns"]:
                if len(tokens) < 2:
                    continue
                self.window = max(self.window, len(tokens) - 1)
                target = tokens[pat.get("index", 0) % len(tokens)]
                keys = [k for k in ("LOWER", "ORTH") if k in target]
                if not keys:
                    self.any_ctx = True
                for k in keys:
                    self.targets.append((k, target[k]))
        # the targets' word tests as sets and compiled regexes, so that a new word costs
        # two set lookups; a test of another form keys every token with its context
        self._ctx_words: dict[str, set] = {"LOWER": set(), "ORTH": set()}
        self._ctx_regex: list[tuple[str, re.Pattern]] = []
        for attr, spec in self.targets:
            if isinstance(spec, str):
                self._ctx_words[attr].add(spec)
            elif isinstance(spec, dict) and len(spec) == 1 and "IN" in spec and all(isinstance(x, str) for x in spec["IN"]):
                self._ctx_words[attr].update(spec["IN"])
            elif isinstance(spec, dict) and len(spec) == 1 and isinstance(spec.get("REGEX"), str):
                self._ctx_regex.append((attr, re.compile(spec["REGEX"])))
            else:
                self.any_ctx = True

    def _needs_ctx(self, orth: int, strings) -> bool:
        """Whether a multi-token rule can target this word (then its key holds its neighbours)."""
        hit = self._ctx_memo.get(orth)
        if hit is None:
            text = strings[orth]
            lower = text.lower()
            hit = (self.any_ctx or lower in self._ctx_words["LOWER"] or text in self._ctx_words["ORTH"]
                   or any(rx.search(lower if attr == "LOWER" else text) for attr, rx in self._ctx_regex))
            self._ctx_memo[orth] = hit
        return hit

    def _keys(self, rows: list[list[int]], strings) -> list[tuple]:
        n, w = len(rows), self.window
        keys = []
        memo, needs_ctx = self._ctx_memo, self._needs_ctx
        for i, (orth, tag, dep) in enumerate(rows):
            needs = memo.get(orth)  # inlined memo: one call per token costs more than the lookup
            if needs is None:
                needs = needs_ctx(orth, strings)
            if w and needs:
                ctx = tuple(tuple(rows[j]) if 0 <= j < n else None for j in range(i - w, i + w + 1))
                keys.append((orth, tag, dep, ctx))
            else:
                keys.append((orth, tag, dep))
        return keys

    def _real(self, doc: Doc) -> Doc:
        return self.lemmatizer(run_ruler(self.ruler, self.fast, doc))

    def _direct(self, row: tuple) -> list | None:
        """[tag, pos, morph, dep, lemma] of a token that only one-token rules can target.

        Such a token's ruler attributes are its one-token matches merged in the ruler's
        order (what ``set_annotations`` does), with no Doc to build; lemma 0 means the
        lemmatizer still has to give it. None when a rule sets another attribute.
        """
        out = [row[2], 0, 0, row[3], 0]  # a fresh token: its tag and dep, nothing else set
        attrs = self.ruler.attrs
        for aid, _ in sorted(self.fast.single(row)):
            for attr, value in attrs[aid].items():
                slot = self._settable.get(attr)
                if slot is None:
                    return None
                out[slot] = value
        if self.lemmatizer.overwrite:
            out[4] = 0
        return out

    def _learn(self, doc: Doc, keys: list[tuple], positions) -> None:
        out = doc.to_array([TAG, POS, MORPH, DEP, LEMMA]).tolist()
        for i in positions:
            self.cache[keys[i]] = tuple(out[i])

    def _compute(self, doc: Doc, keys: list[tuple], missing: list[int], rows: list[list[int]]) -> None:
        """Run the real components once over the missing tokens, each in its rule window.

        Windows are joined into one Doc with a separator around each; a target only
        reads tokens within ``window`` of itself, all inside its own segment. A token no
        multi-token rule can target reads only itself, so such tokens need no separator
        between them (a rule matching across them could set nothing on them): half the
        Doc, half the Matcher's work.
        """
        words, spaces, tags, deps, where = [], [], [], [], []
        strings = doc.vocab.strings

        def separate():
            words.append(SEPARATOR)
            spaces.append(True)
            tags.append("NFP")
            deps.append("dep")

        for i in missing:
            ctx = len(keys[i]) == 4
            lo, hi = (max(0, i - self.window), min(len(doc), i + self.window + 1)) if ctx else (i, i + 1)
            if ctx and words and words[-1] != SEPARATOR:
                separate()
            for j in range(lo, hi):
                orth, tag, dep = rows[j]  # hashes: no Token objects to build
                if j == i:
                    where.append(len(words))
                words.append(strings[orth])
                spaces.append(True)
                tags.append(strings[tag])
                deps.append(strings[dep])
            if ctx:
                separate()
        mini = Doc(doc.vocab, words=words, spaces=spaces, tags=tags, deps=deps, heads=list(range(len(words))))
        out = self._real(mini).to_array([TAG, POS, MORPH, DEP, LEMMA]).tolist()
        for i, k in zip(missing, where):
            self.cache[keys[i]] = tuple(out[k])

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        strings = doc.vocab.strings
        array = doc.to_array(ARRAY)  # LOWER, ORTH, TAG, DEP, IS_SPACE
        full = array.tolist()
        rows = [r[1:4] for r in full]
        keys = self._keys(rows, strings)
        cache = self.cache
        get = cache.get
        vals = [get(k) for k in keys]
        missing = [i for i, v in enumerate(vals) if v is None]
        if len(cache) + len(missing) > self.max_entries:
            cache.clear()
            self._lemmas.clear()
            missing = list(range(len(keys)))
        if len(missing) > COLD_SHARE * len(keys):
            self._real(doc)
            self._learn(doc, keys, missing)
            return doc
        pending: dict[int, list] = {}  # direct misses waiting for their lemma
        if missing:
            # most new tokens need no Doc of their own: only tokens a multi-token rule
            # can target (keys with context) still go through the real components
            direct = self.fast is not None and getattr(self.lemmatizer, "_validated", False)
            rest = []
            for i in missing:
                got = self._direct(tuple(full[i])) if direct and len(keys[i]) == 3 else None
                if got is None:
                    rest.append(i)
                elif got[4]:
                    cache[keys[i]] = tuple(got)
                else:
                    lemma = self._lemmas.get((full[i][1], got[0], got[1], got[2]))
                    if lemma is None:
                        pending[i] = got
                    else:
                        got[4] = lemma
                        cache[keys[i]] = tuple(got)
            if rest:
                self._compute(doc, keys, rest, rows)
            for i in missing:
                vals[i] = pending.get(i) or cache[keys[i]]
        out = numpy.array(vals, dtype="uint64")  # TAG, POS, MORPH, DEP, LEMMA
        # only whitespace tokens get a new TAG or DEP from the rules: set those singly,
        # since from_array(DEP) without HEAD would reset the parse
        for i in numpy.flatnonzero((out[:, 0] != array[:, 2]) | (out[:, 3] != array[:, 3])).tolist():
            tag, dep = vals[i][0], vals[i][3]
            if tag != full[i][2]:
                doc[i].tag = tag
            if dep != full[i][3]:
                doc[i].dep = dep
        if pending:
            # the lemmatizer reads the token's POS and MORPH: set them first
            doc.from_array([POS, MORPH], numpy.ascontiguousarray(out[:, 1:3]))
            lemmatize = self.lemmatizer.lemmatize
            for i, got in pending.items():
                got[4] = out[i, 4] = strings.add(lemmatize(doc[i])[0])
                cache[keys[i]] = tuple(got)
                self._lemmas[full[i][1], got[0], got[1], got[2]] = got[4]
        doc.from_array([POS, MORPH, LEMMA], numpy.ascontiguousarray(out[:, [1, 2, 4]]))
        return doc


@Language.factory(FACTORY)
def make_cached_morph(nlp: Language, name: str):
    return CachedMorph(nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer"))


def install(nlp: Language) -> Language:
    """Swap attribute_ruler + lemmatizer for the memoised component (when both are active)."""
    names = nlp.pipe_names
    if "attribute_ruler" not in names or "lemmatizer" not in names or FACTORY in nlp.component_names:
        return nlp
    nlp.add_pipe(FACTORY, after="lemmatizer")
    nlp.disable_pipe("attribute_ruler")
    nlp.disable_pipe("lemmatizer")
    return nlp
