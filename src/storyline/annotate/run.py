"""Annotate articles: one spaCy pass per article, then pure rules over the parse.

``annotate_articles`` batches with ``nlp.pipe`` (``options.processes > 1`` forks
spaCy workers; output order is the input order). Paragraph breaks are preset as
sentence starts before parsing, so headlines and captions never run into the body.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy

from ..nlp.speed.blas import one_thread
from ..errors import InputError
from ..options import MAX_ANNOTATE_CHARS, MAX_ANNOTATE_TOKENS, MAX_CHUNK_CHARS
from ..nlp import doc_text, load
from ..options import Options
from ..records import Article
from .attributions import build_attributions
from .claims import build_claims
from .entities import find_entities
from .hedges import find_hedges
from .quantities import find_quantities
from .quotes import add_lemmas as add_quote_lemmas
from .quotes import build_quotes, find_quote_spans
from .sources import Context
from .timex import infer_publication, tag_timexes
from .timex.grammar import stored_candidates
from .timex.tagger import analyse
from .tokens import words as token_words

from . import ANNOTATION_VERSION  # noqa: E402  (one definition, in the package)

log = logging.getLogger(__name__)

# Every component is used: tagger/lemmatizer for predicates and cues, parser for
# clauses and speakers, ner for entities.
DISABLE: tuple[str, ...] = ()


_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_NEWLINE = re.compile("\n")


def _line_breaks(text: str, doc) -> None:
    """Preset sentence starts at blank lines and line breaks (only after a stop or a short line when hard-wrapped)."""
    if "\n" not in text:
        return
    from spacy.attrs import IDX, IS_SPACE, LENGTH

    wrapped = _hard_wrapped(text)
    # offsets from one array, not a Token object per token; the gaps between consecutive
    # non-space tokens that hold a line break are found with one search over the breaks
    rows = doc.to_array([IDX, LENGTH, IS_SPACE])
    index = numpy.flatnonzero(rows[:, 2] == 0)  # the non-space tokens
    rows = rows[index]
    if len(rows) < 2:
        return
    starts, ends = rows[:, 0].astype("int64"), (rows[:, 0] + rows[:, 1]).astype("int64")
    breaks = numpy.array([m.start() for m in _NEWLINE.finditer(text)], dtype="int64")
    gap_has_break = numpy.searchsorted(breaks, starts[1:]) > numpy.searchsorted(breaks, ends[:-1])
    for k in numpy.flatnonzero(gap_has_break).tolist():
        prev_idx, prev_end, idx = int(starts[k]), int(ends[k]), int(starts[k + 1])
        gap = text[prev_end:idx]
        line_start = text.rfind("\n", 0, prev_idx) + 1
        blank = _BLANK_LINE.search(gap) is not None
        if blank or not wrapped or text[prev_end - 1:prev_end] in '.!?:”"' or prev_end - line_start < 60:
            doc[int(index[k + 1])].is_sent_start = True


def _hard_wrapped(text: str) -> bool:
    """Lines broken at a fixed width (e-mail, wire copy): a newline is then not a boundary."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) < 5:
        return False
    long_open = sum(1 for ln in lines if 50 <= len(ln) <= 100 and ln.rstrip()[-1:] not in '.!?:”"')
    return long_open > 0.5 * len(lines)


def make_doc(nlp, text: str):
    cap = min(nlp.max_length, MAX_ANNOTATE_CHARS)
    if len(text) > cap:
        # spaCy refuses longer texts, and time grows with length: annotate the prefix
        # (a damage note says so)
        cut = text.rfind("\n", 0, cap)
        text = text[: cut if cut > cap // 2 else cap]
    doc = _tokenize(nlp, text)
    if len(doc) > MAX_ANNOTATE_TOKENS:
        # parse time follows tokens, and one character can be a token ('" " " "...'):
        # annotate the prefix up to the token cap (the damage note says where it ends)
        end = doc[MAX_ANNOTATE_TOKENS].idx
        cut = text.rfind("\n", 0, end)
        text = text[: cut if cut > end // 2 else end]
        doc = _tokenize(nlp, text)
    doc.user_data["storyline.text"] = text
    _line_breaks(text, doc)
    return doc


_LONG_CHUNK = re.compile(r"\S{%d,}" % (MAX_CHUNK_CHARS + 1))


def _tokenize(nlp, text: str):
    """``nlp.make_doc``, with runs of non-space characters over ``options.MAX_CHUNK_CHARS``
    tokenized in pieces of that size: spaCy's suffix search rescans the rest of a run at
    each step (8,000 quote marks took 10 s); pieces keep the cost linear and the text exact."""
    cuts = [c for m in _LONG_CHUNK.finditer(text) for c in range(m.start() + MAX_CHUNK_CHARS, m.end(), MAX_CHUNK_CHARS)]
    if not cuts:
        return nlp.make_doc(text)
    from spacy.tokens import Doc

    bounds = [0, *cuts, len(text)]
    return Doc.from_docs([nlp.make_doc(text[a:b]) for a, b in zip(bounds, bounds[1:])], ensure_whitespace=False)


def _raw(obj, article: Article):
    """Fill raw_start/raw_end on every span dict (recursively).

    A loop over a stack rather than one call per list and dict (a few hundred per
    article); the visiting order does not matter, each dict is filled from its own
    start/end. The dicts of a list are filled in the list's own loop: only nested lists
    and dicts go on the stack (0.55 -> 0.34 ms an article). Without an offset map raw
    offsets are the clean ones.
    """
    to_raw = article.to_raw if article.offset_map else None
    containers = (dict, list)
    todo = [obj]
    while todo:
        x = todo.pop()
        if isinstance(x, dict):
            x = [x]
        for y in x:
            if isinstance(y, dict):
                s, e = y.get("start"), y.get("end")
                if isinstance(s, int) and isinstance(e, int) and "raw_start" not in y:
                    if to_raw is None:
                        y["raw_start"] = s
                        y["raw_end"] = e if e > s else s
                    else:
                        y["raw_start"] = to_raw(s)
                        y["raw_end"] = to_raw(e - 1) + 1 if e > s else y["raw_start"]
                for k, v in y.items():
                    if isinstance(v, containers) and k != "damage":
                        todo.append(v)
            elif isinstance(y, list):
                todo.append(y)


def _coerce(item) -> Article:
    if isinstance(item, Article):
        return item
    if isinstance(item, dict) and "id" in item and ("raw_text" in item or "text" in item):
        d = dict(item)
        d.setdefault("raw_text", d.get("text", ""))
        return Article.from_dict(d)
    name = getattr(item, "id", None) or (item.get("id") if isinstance(item, dict) else None) or type(item).__name__
    raise InputError(str(name), "not an article record (need an Article or a dict with id and text)")


def _text(article: Article) -> str:
    return article.text if article.text else article.raw_text


def reference_date(article: Article, today: str | None = None) -> dict | None:
    """The day an undated article is read as of: ``{"date", "source"}``, or None.

    ``today`` (``Options.today``, the CLI's ``--today``) when given, else the time the
    article was fetched or read (recorded at ingest in its provenance). Never the clock:
    the same inputs give the same annotation whenever it is computed.
    """
    if today:
        return {"date": str(today)[:10], "source": "option"}
    fetched = (article.provenance or {}).get("fetched_at")
    if isinstance(fetched, str) and len(fetched) >= 10:
        try:
            return {"date": dt.date.fromisoformat(fetched[:10]).isoformat(), "source": "fetch time"}
        except ValueError:
            return None
    return None


def annotate_doc(doc, article: Article, today: str | None = None, story: dict | None = None) -> dict:
    """The annotation dict for one parsed article (see docs/annotations.md).

    ``today`` is ``Options.today``: read only for an article without a publication date
    (see ``reference_date``). ``story`` is the window of its story
    (``storyline.stories.dates.story_window``), also only for an undated article: it is
    placed in it when its text fits, and its times are resolved against that date.
    """
    text = doc_text(doc)
    sents = [(a, b) for _, _, a, b in token_words(doc).sents]
    starts = [s for s, _ in sents]

    def sent_index(ch: int) -> int:
        return max(0, bisect.bisect_right(starts, ch) - 1)

    published = article.published
    analysed = analyse(text, doc)
    inferred, reference, story, timexes = _dates(text, article, today, story, analysed)
    # Dates and times are never counts, but a duration ("22 weeks of aggression") is
    # also a measured amount that outlets can disagree on, so it stays a quantity.
    not_amounts = [(t["start"], t["end"]) for t in timexes if t.get("type") != "DURATION"]
    quantities = find_quantities(doc, exclude=not_amounts)
    quantities = sorted(quantities, key=lambda q: (q["start"], q["end"]))

    mentions, spans = find_entities(doc)
    quote_spans = find_quote_spans(text)  # read again by build_quotes
    qspans = [(a, b) for a, b, _ in quote_spans]
    ctx = Context(doc, mentions, spans, qspans, text=text)
    attributions, events, speech = build_attributions(ctx, sent_index)
    quotes = build_quotes(ctx, speech, sents, sent_index, quote_spans)
    add_quote_lemmas(doc, quotes)
    hedges = find_hedges(doc, ctx.in_quote, sent_index, text)
    ann = {
        "id": article.id,
        "version": ANNOTATION_VERSION,
        "text": _text(article),
        "title": article.title,
        "outlet": article.outlet,
        "published": published,
        "published_inferred": inferred,
        **({"published_reference": reference} if published is None else {}),
        **({"published_story": story} if published is None and story is not None else {}),
        "sentences": [{"start": s, "end": e} for s, e in sents],
        "entities": mentions,
        "quotes": quotes,
        "quantities": quantities,
        "timexes": timexes,
        "attributions": attributions,
        "hedges": hedges,
    }
    ann["claims"] = build_claims(doc, article.id, ann, events, article.title)
    _raw([ann["entities"], ann["quotes"], ann["quantities"], ann["timexes"], ann["attributions"], ann["hedges"], ann["claims"], ann["sentences"]], article)
    ann["damage"] = [
        {"start": e.start, "end": e.end, "reason": e.reason, "raw_start": e.raw_start, "raw_end": e.raw_end}
        for e in article.edits if e.kind == "damage"
    ]
    full = len(ann["text"])
    if full > len(text):
        ann["damage"].append({"start": len(text), "end": full, "reason": f"not annotated: text longer than {len(text)} characters",
                              "raw_start": article.to_raw(len(text)), "raw_end": article.to_raw(full - 1) + 1})
    if published is None:
        # what dating it again against its story needs, so that needs no second parse
        # (``redate``): the time expressions found, each with its clause's tense
        ann["timex_parse"] = {"length": len(text),
                              "candidates": [[c.start, c.end, c.parse, tense, sent] for c, tense, sent in analysed]}
    return ann


_UNKNOWN = object()


def _dates(text: str, article: Article, today: str | None, story: dict | None, analysed: list,
           own: Any = _UNKNOWN) -> tuple:
    """(published_inferred, published_reference, published_story, timexes) of an
    annotation, from the analysed time expressions of its text (``timex.tagger.analyse``).
    ``own``: what the text alone gives, when known (``_own_inference``): not inferred again."""
    inferred = None
    anchor = article.published
    reference = None
    if article.published is None:
        reference = reference_date(article, today)
        ref_day = dt.date.fromisoformat(reference["date"]) if reference else None
        if story is None or own is _UNKNOWN:
            inferred = infer_publication(text, today=ref_day, analysed=analysed)
        if story is not None:
            # what the text alone gives is kept: other members' windows are built from
            # it, so a story's dates never feed back on themselves
            if own is _UNKNOWN:
                own = {k: inferred[k] for k in ("value", "confidence")} if inferred else None
            inferred = infer_publication(text, today=ref_day, story=story, analysed=analysed)
            story = {**story, "own": own}
        anchor = inferred.get("value") if inferred else None
    timexes = tag_timexes(text, anchor, analysed=analysed)
    return inferred, reference, story, sorted(timexes, key=lambda t: (t["start"], t["end"]))


def _spans(timexes: list[dict]) -> list[tuple]:
    """What the rest of an annotation reads of its timexes: quantities skip the non-duration
    spans, claims point at them by position."""
    return [(t["start"], t["end"], t["type"] == "DURATION") for t in timexes]


def _own_inference(annotation: dict, reference: dict | None) -> Any:
    """What the text alone gives (``_dates``' ``own``) as the stored annotation recorded
    it, read as of ``reference``: its story's ``own``, or its inference when it was made
    with no story (the same text, time expressions and day give the same inference);
    ``_UNKNOWN`` when it was read as of another day."""
    if annotation.get("published_reference") != reference:
        return _UNKNOWN
    story = annotation.get("published_story")
    if story is not None:
        return story.get("own", _UNKNOWN)
    inferred = annotation.get("published_inferred")
    return {k: inferred[k] for k in ("value", "confidence")} if inferred else None


def redate(annotation: dict, article: Article, today: str | None = None, story: dict | None = None) -> dict | None:
    """The annotation of an undated article read against another story window (or none),
    with no parse: its stored time expressions (``timex_parse``) resolved again.

    The same dict ``annotate_doc`` gives the article with ``story`` (tests check it byte for
    byte); None when the stored annotation cannot be redone so (no ``timex_parse``, a dated
    article, or a time expression that resolves to nothing against the new date, which
    the quantities and claims would see): the caller annotates it again.
    """
    saved = annotation.get("timex_parse")
    if saved is None or article.published is not None or annotation.get("published") is not None:
        return None
    text = annotation["text"][: saved["length"]]
    analysed = stored_candidates(saved)
    own = _own_inference(annotation, reference_date(article, today))
    inferred, reference, story, timexes = _dates(text, article, today, story, analysed, own)
    if _spans(timexes) != _spans(annotation["timexes"]):
        return None
    _raw(timexes, article)
    fields = {"published_inferred": inferred, "published_reference": reference, "timexes": timexes}
    out = {}
    for key, value in annotation.items():  # annotate_doc's order of keys
        if key == "published_story":
            continue
        out[key] = fields.get(key, value)
        if key == "published_reference" and story is not None:
            out["published_story"] = story
    return out


def _annotate_batch(batch: list[Article], batch_size: int, today: str | None = None,
                    stories: dict[str, dict] | None = None, encode: Callable | None = None) -> list:
    """Parse and annotate a batch in this process (the unit of work of a worker)."""
    stories = stories or {}
    nlp = load(DISABLE)
    with one_thread():
        docs = nlp.pipe(((make_doc(nlp, _text(a)), a) for a in batch), as_tuples=True, batch_size=batch_size)
        out = [_contained(doc, art, today, stories.get(art.id)) for doc, art in docs]
    return out if encode is None else [encode(art, ann) for art, ann in zip(batch, out)]


def _contained(doc, art: Article, today, story: dict | None = None) -> dict:
    """``annotate_doc``, or a failure record ``{id, version, error}`` naming the cause, so
    one article the rules cannot handle never ends the batch (or blocks a store)."""
    try:
        return annotate_doc(doc, art, today, story)
    except Exception as exc:  # noqa: BLE001 - process boundary (workers): the article is marked failed with the reason
        log.debug("%s: annotation failed", art.id, exc_info=True)  # the traceback, with -vv
        detail = (str(exc).splitlines() or [""])[0][:120]
        return {"id": art.id, "version": ANNOTATION_VERSION,
                "error": f"annotation failed ({type(exc).__name__}: {detail})"}


def _worker_init() -> None:
    """Set up a worker process: the model out of the garbage collector's way, big arrays in the heap.

    The ~230,000 objects a worker inherits (the pipeline, its tables) are frozen: the
    collector's full passes then walk only what the worker makes itself (1.2 -> 0.2 ms
    an article, measured with gc callbacks over 300 articles; they are never garbage,
    the parent holds them). A batch's layer outputs are 15-30 MB each: above glibc's
    mmap threshold every one is a fresh mapping whose pages fault in one by one; in the
    heap the freed pages are reused (87k -> 70k faults and about 3% less CPU for 300
    articles on two workers).
    """
    import ctypes
    import ctypes.util
    import gc

    gc.freeze()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc: nothing to tune
        return
    M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
    mallopt(M_MMAP_THRESHOLD, 256 << 20)
    mallopt(M_TRIM_THRESHOLD, 512 << 20)


def _batches(articles: Iterable, size: int) -> Iterator[list[Article]]:
    batch = []
    for item in articles:
        batch.append(_coerce(item))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def annotate_articles(articles: Iterable[Article], options: Options | None = None,
                      stories: dict[str, dict] | None = None, encode: Callable | None = None) -> Iterator:
    """One annotation dict per article, in input order.

    ``stories`` maps an undated article's id to its story's window (see ``annotate_doc``).
    ``encode(article, annotation)``: run where the annotation is made (a worker), its
    result yielded instead of the dict (a picklable function: e.g. the stored form, so
    the dict never crosses the process boundary).

    With ``options.processes > 1`` whole batches (parse *and* rules) go to worker
    processes, so the rules do not queue behind one parent process; ``imap`` keeps
    the input order.
    """
    options = options or Options()
    size = max(1, options.batch_size)
    n_process = max(1, int(options.processes or 1))
    import multiprocessing as mp

    if mp.current_process().daemon:
        n_process = 1  # inside a pool/Dask worker: daemonic processes cannot fork workers
    load(DISABLE)  # load once before forking: workers share the model pages
    if n_process == 1:
        for batch in _batches(articles, size):
            yield from _annotate_batch(batch, size, options.today, stories, encode)
        return
    import functools

    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    # chunks of 32: big enough for spaCy's batched matrix work, small enough to keep
    # both workers busy to the end of a few hundred articles
    work = functools.partial(_annotate_batch, batch_size=size, today=options.today, stories=stories, encode=encode)
    with ctx.Pool(n_process, initializer=_worker_init) as pool:
        for result in pool.imap(work, _batches(articles, max(1, min(size, 32)))):
            yield from result


def annotate_article(article: Article, options: Options | None = None) -> dict:
    """Annotate one article (single process)."""
    opts = (options or Options()).with_(processes=1)
    return next(annotate_articles([article], opts))


def annotate_text(text: str, id: str = "text", published: str | None = None, title: str | None = None,
                  today: str | None = None) -> dict:
    """Convenience: annotate a bare text (raw = clean); ``today`` as in ``Options.today``."""
    art = Article(id=id, raw_text=text, text=text, published=published, title=title)
    return annotate_article(art, Options(today=today))

