"""The main job, stage by stage: ingest -> annotate -> cluster -> compare -> report.

Each function takes the shared ``Options`` and a ``Store``; the CLI and the web UI call
these and nothing deeper.
"""

from __future__ import annotations

import contextlib
import contextvars
import gc
import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..errors import InputError, StorylineError
from ..options import CompareSettings, Options
from ..records import Article, IngestResult
from ..store import Store

log = logging.getLogger(__name__)


# Where progress goes besides a terminal: the web server's ingest worker reports each
# stage's count to the page that polls it (see ``reporting_progress``).
_PROGRESS_HOOK: contextvars.ContextVar[Callable[[str, int, int | None], None] | None] = \
    contextvars.ContextVar("storyline_progress_hook", default=None)


@contextlib.contextmanager
def reporting_progress(hook: Callable[[str, int, int | None], None]) -> Iterator[None]:
    """Send every stage's progress as ``hook(label, done, total)`` within the block."""
    token = _PROGRESS_HOOK.set(hook)
    try:
        yield
    finally:
        _PROGRESS_HOOK.reset(token)


@contextlib.contextmanager
def progress(options: Options, total: int | None, label: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr, silent when stderr is not a terminal (or sent to the
    hook set by ``reporting_progress``)."""
    hook = _PROGRESS_HOOK.get()
    if hook is not None:
        done = 0
        hook(label, 0, total)

        def advance(n: int = 1) -> None:
            nonlocal done
            done += n
            hook(label, done, total)

        yield advance
        return
    if not (options.progress and sys.stderr.isatty()):
        yield lambda n=1: None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n=1: bar.advance(task, n)


def read_articles(inputs: list[str], options: Options,
                  repeated: dict[str, int] | None = None) -> Iterator[Article | InputError]:
    """Read and clean every input; a bad input yields an ``InputError`` and the rest goes on.

    An article read again with the same id and raw text (200,000 copies of one line) is
    not cleaned again: it is counted in ``repeated`` (when given) and skipped.
    """
    from ..ingest import read_inputs

    yield from clean_items(read_inputs(inputs, options), options, repeated)


def clean_items(items: Iterable[Article | InputError], options: Options,
                repeated: dict[str, int] | None = None) -> Iterator[Article | InputError]:
    """Clean each article read (errors pass through; a failed clean becomes one; exact
    repeats are counted in ``repeated`` and skipped)."""
    import hashlib

    from ..clean import clean_article

    seen: set[bytes] = set()
    for item in items:
        if isinstance(item, InputError):
            yield item
            continue
        key = hashlib.blake2b(f"{item.id}\0{item.raw_text}".encode("utf-8", "surrogatepass"), digest_size=16).digest()
        if key in seen:
            if repeated is not None:
                repeated[item.id] = repeated.get(item.id, 0) + 1
            continue
        seen.add(key)
        where = f"{item.provenance.get('source', item.id)} (article {item.id})"
        failed: list[InputError] = []
        cleaned = contained(where, "cleaning", lambda item=item: clean_article(item) if options.clean else _unclean(item),
                            None, failed)
        yield cleaned if cleaned is not None else failed[0]


def _unclean(art: Article) -> Article:
    from ..records import content_hash

    art.text = art.raw_text
    art.offset_map = [(0, 0, len(art.raw_text))]
    art.content_hash = content_hash(art.text)
    return art


ARTICLES_PER_COMMIT = 16  # articles stored in one write transaction (each in its own savepoint)


def ingest(inputs: list[str], options: Options, store: Store,
           on_error: Callable[[InputError], None] | None = None) -> IngestResult:
    """Read, clean and store every input. Articles are committed a few at a time
    (``ARTICLES_PER_COMMIT``), each stored or not on its own."""
    result = IngestResult()
    pending: list[Article] = []

    def raise_or(outcome):
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def flush(advance: Callable[[int], None]) -> None:
        for item, outcome in zip(pending, store.add_articles(pending)):
            status = contained(f"article {item.id}", "storing", lambda outcome=outcome: raise_or(outcome),
                               on_error, result.errors)
            if status is None:
                continue
            listed = {"new": result.new, "unchanged": result.unchanged, "revision": result.revised}[status]
            if item.id in listed or (status == "revision" and item.id in result.new):
                # the same id again in this batch (another version of it): listed once
                result.repeated[item.id] = result.repeated.get(item.id, 0) + 1
            else:
                listed.append(item.id)
            advance(1)
        pending.clear()

    with progress(options, None, "ingest") as advance:
        try:
            for item in read_articles(inputs, options, result.repeated):
                if isinstance(item, InputError):
                    flush(advance)  # errors reported in input order
                    result.errors.append(item)
                    if on_error:
                        on_error(item)
                    continue
                pending.append(item)
                if len(pending) >= ARTICLES_PER_COMMIT:
                    flush(advance)
        finally:  # what was read is stored, even when reading the rest fails
            flush(advance)
    return result


ANNOTATIONS_PER_COMMIT = 16  # annotations stored in one write transaction (a commit costs ~1 ms)


def annotate_store(store: Store, options: Options, ids: Iterable[str] | None = None,
                   on_error: Callable[[InputError], None] | None = None,
                   then: Callable[[set[str]], None] | None = None) -> list[str]:
    """Annotate stored articles whose annotation is missing or stale (in the order of
    ``ids`` when given); return their ids.

    What is stale is found by one query over the annotations' hash, version and reference
    columns (``Store.unannotated``): the cost follows the articles to annotate, not the
    store. An undated article read as of another day (another --today) is annotated again.
    An article the annotator fails on is marked (``Store.mark_failed``) with the reason,
    reported once through ``on_error`` and skipped from then on, until its text or the
    annotator's version changes: one bad article never blocks the store.

    ``then(waiting)``: called whenever annotations were stored, with the ids still
    waiting for theirs (``run`` clusters the articles before them meanwhile).
    """
    from ..annotate import ANNOTATION_VERSION, annotate_articles

    todo_ids = store.unannotated(ANNOTATION_VERSION, options.today, None if ids is None else list(ids))
    if not todo_ids:
        return []
    # read here, not lazily: a worker pool's feeder thread must not share the connection
    todo = [a for a in store.articles(todo_ids)
            if store.failure(a.id, a.content_hash, ANNOTATION_VERSION) is None]
    from ..stories.cluster import cache_features

    done = []
    annotated: list[tuple[Article, tuple]] = []
    waiting = {a.id for a in todo}

    def flush(notify: bool = True) -> None:
        # a few annotations a commit, and their clustering features made from the dicts
        # (clustering would otherwise parse the stored JSON again)
        with store.transaction():
            for art, (stored, _) in annotated:
                store.put_annotation(art.id, art.content_hash, ANNOTATION_VERSION, stored)
            cache_features(store, [(art, feats) for art, (_, feats) in annotated])
        waiting.difference_update(art.id for art, _ in annotated)
        annotated.clear()
        if then is not None and notify:
            then(waiting)

    with progress(options, len(todo), "annotate") as advance:
        try:
            # each annotation comes back as the store keeps it, with its clustering
            # features: no annotation dict crosses the process boundary
            for art, ann in zip(todo, annotate_articles(todo, options, encode=_stored_form)):
                if isinstance(ann, dict):  # {id, version, error}: the annotator failed
                    store.mark_failed(art.id, art.content_hash, ANNOTATION_VERSION, ann["error"])
                    waiting.discard(art.id)
                    if on_error:
                        on_error(InputError(f"article {art.id}", ann["error"]))
                else:
                    annotated.append((art, ann))
                    done.append(art.id)
                    if len(annotated) >= ANNOTATIONS_PER_COMMIT:
                        flush()
                advance(1)
        finally:  # what was annotated is kept, even when the rest fails
            if annotated:
                flush(notify=False)
    return done


def _stored_form(art: Article, ann: dict) -> dict | tuple:
    """Where an annotation is made: (its stored form, ``store.articles.encode_annotation``;
    its clustering features), or a failure's dict as it is. (The features of an article
    already in a story are made and not kept: it keeps the ones it was clustered with.)"""
    from ..store.articles import encode_annotation
    from ..stories.features import features_for

    if "error" in ann:
        return ann
    return encode_annotation(ann), features_for([art], {art.id: ann})[0]


# the annotation fields ``stories.dates.story_windows`` reads
DATING_FIELDS = ("id", "published", "text", "published_inferred", "published_story")
# ... and what ties an undated article that names a weekday to the dated member reporting
# its event (``stories.dates.names_weekday``), or a past event relative to the writing to
# its absolute date (``stories.relative.names_relative``), read only for such articles' stories
EVENT_FIELDS = ("claims", "timexes")


def date_from_story(store: Store, articles: list[Article], options: Options, scores=None) -> list[str]:
    """Date the undated members of one story from the others; return the ids dated again.

    Each undated article whose story window (``stories.dates.story_window``) differs
    from the one its stored annotation was made with is dated again with it: its
    inferred date and every time it writes are then read against the story's days. Its
    stored time expressions are resolved again (``annotate.run.redate``: no parse, the
    same annotation a fresh one with the window gives); only an annotation that cannot
    be redone so is annotated again.

    ``scores``: a ``stories.cluster.Scores`` shared by the dating of many stories while
    no story changes (``compare_stories``): each centroid read and measured once, not
    once per story (``_near_windows``).
    """
    from ..annotate import ANNOTATION_VERSION, annotate_articles
    from ..annotate.run import redate
    from ..store.articles import encode_annotation
    from ..stories.dates import story_windows

    if all(a.published for a in articles):
        return []  # nothing to date: the common case costs no annotation read
    annotate_store(store, options, [a.id for a in articles])
    # only what a window is made from (not whole annotations: most members are dated)
    # (a story with no dated member is bounded by what its members' time expressions say)
    fields = _dating_fields(store, [a.id for a in articles])
    anns = [fields.get(a.id) for a in articles]
    windows = story_windows([ann for ann in anns if ann is not None])
    if not any(a.published for a in articles):
        _near_windows(store, [ann for ann in anns if ann is not None], windows, scores)
    todo, again, redated = [], [], []
    for art, ann in zip(articles, anns):
        if art.published or ann is None or art.id not in windows:
            continue
        had = ann.get("published_story")
        had = {k: v for k, v in had.items() if k != "own"} if had is not None else None
        if had == windows[art.id]:
            continue
        todo.append(art)
        new = redate(store.get_annotation(art.id), art, options.today, windows[art.id])
        if new is None:
            again.append(art)
        else:
            redated.append((art, encode_annotation(new)))  # kept as text: a big story may redate many
    if redated:
        with store.transaction():  # the story's members in one commit (one each cost ~1 ms of this process)
            for art, stored in redated:
                store.put_annotation(art.id, art.content_hash, ANNOTATION_VERSION, stored)
    if again:  # rare: parsed again, in this process (a worker pool costs more than a few articles)
        hints = {a.id: windows[a.id] for a in again if windows[a.id] is not None}
        for art, ann in zip(again, annotate_articles(again, options.with_(processes=1), stories=hints)):
            if "error" in ann:  # kept as it was: the article is compared with its own dates
                continue
            store.put_annotation(art.id, art.content_hash, ANNOTATION_VERSION, ann)
    return [a.id for a in todo]


def _dating_fields(store: Store, ids: list[str], events: bool | None = None) -> dict[str, dict]:
    """The fields of these articles' annotations story dating reads (``DATING_FIELDS``), with
    ``EVENT_FIELDS`` when ``events`` is true or, when it is None, when one of them names a
    weekday or a past event relative to its writing (only then are claims read)."""
    from ..stories.dates import names_weekday
    from ..stories.relative import names_relative

    fields = store.annotation_fields(ids, DATING_FIELDS + ("timex_parse",))
    if events is None:
        events = any(names_weekday(f) or names_relative(f) for f in fields.values())
    if events:
        for i, more in store.annotation_fields(ids, EVENT_FIELDS).items():
            fields[i].update(more)
    return fields


def _near_windows(store: Store, anns: list[dict], windows: dict[str, dict | None], scores=None) -> None:
    """The undated articles of a story with no dated member that no other member dates
    (no window, or only a lower bound) take the window of the nearest dated story when
    it is near enough (``stories.dates.near_window``); ``windows`` is updated.
    ``scores``: see ``date_from_story`` (one for these articles when None)."""
    from ..stories.cluster import nearest_dated_story, publication_order
    from ..stories.dates import names_weekday, near_enough, near_window

    scores = scores if scores is not None else dating_scores(store)
    read: dict[tuple[str, bool], list[dict]] = {}  # (story, with claims): its members' fields, read once
    for ann in anns:
        own = windows.get(ann["id"])
        if own is not None and "earliest" in own:
            continue  # another member's own date dates it
        near = nearest_dated_story(store, ann["id"], scores.index, scores)
        if near is None or not near_enough(near[1], near[2]):
            continue
        sid, p, p_own = near
        key = (sid, names_weekday(ann))
        if key not in read:
            rows = sorted(store.members(sid), key=publication_order)
            fields = _dating_fields(store, [r["id"] for r in rows], events=key[1])
            read[key] = [fields.get(r["id"]) or {"id": r["id"], "published": r["published"]} for r in rows]
        window = near_window(ann, read[key], sid, p, own, own_similarity=p_own)
        if window is not None:
            windows[ann["id"]] = window


def dating_scores(store: Store):
    """What story dating reads of the stories (``stories.cluster.Scores`` over a
    ``StoryIndex``: centroids, their lengths, join probabilities), kept for as long as
    no story changes: pass it to ``date_from_story`` for many stories."""
    from ..stories.cluster import Scores
    from ..stories.index import StoryIndex

    return Scores(StoryIndex(store))


def compare(store: Store, story_id: str, options: Options) -> dict[str, Any]:
    """Date undated members from their story, then compare the claims of one story; the
    report is stored and returned (a store holds reports of one comparison settings: under
    others, its reports are dropped first, as ``run`` does)."""
    _drop_reports_of_other_settings(store, options)
    story = store.story(story_id)
    annotate_store(store, options, story["articles"])
    date_from_story(store, list(store.articles(story["articles"])), options)
    report = _story_report(store, story, options.compare)
    store.put_report(story["id"], report)
    return report


def _story_report(store: Store, story: dict[str, Any], settings: CompareSettings | None = None,
                  typed: bool = False) -> Any:
    """The comparison of an annotated story, read from the store (no write: workers run it);
    with ``typed``, (typed report, report dict) (``compare.compare_story_typed``)."""
    from ..compare import compare_story, compare_story_typed

    return (compare_story_typed if typed else compare_story)(*_compare_inputs(store, story), settings)


def _compare_inputs(store: Store, story: dict[str, Any]) -> tuple:
    articles = list(store.articles(story["articles"]))
    annotations = [store.get_annotation(a.id) for a in articles]
    # an article the annotator failed on is left out of the comparison, not fatal to it
    kept = [(a, n) for a, n in zip(articles, annotations) if n is not None]
    articles, annotations = [a for a, _ in kept], [n for _, n in kept]
    return story, articles, annotations, store.copies([a.id for a in articles])


REPORTS_PER_COMMIT = 16  # reports stored in one write transaction


def compare_stories(store: Store, story_ids: list[str], options: Options, client=None,
                    advance: Callable[[int], None] = lambda n=1: None,
                    on_error: Callable[[InputError], None] | None = None,
                    out_dir: Path | None = None, rendered: set[str] | None = None) -> list[str]:
    """Compare many stories and store their reports, in parallel when there is room;
    return the ids compared.

    With ``out_dir``, local workers also write each report's files there (``run``'s
    rendering, spread over the workers instead of after them) and the ids written are
    added to ``rendered``; a story whose rendering fails is left to the caller.

    Stories are independent, so they spread over ``options.processes`` local workers
    (one pool, each worker with its own read connection to the store) or, given a Dask
    ``client``, over its cluster (each story's articles and annotations are sent with its
    task; at most a few tasks per worker are in flight, so the client's memory stays flat).
    A story whose comparison fails is one error (``on_error``); the others go on.
    Reports stored under other comparison settings are dropped first (as ``run`` does),
    so the store's record of its settings stays true of every report it holds.
    """
    from ..annotate import ANNOTATION_VERSION

    if not story_ids:
        return []
    _drop_reports_of_other_settings(store, options)
    # everything annotated first (one pool), so the workers only read
    sizes = {sid: store.story(sid)["articles"] for sid in story_ids}
    members = [a for ids in sizes.values() for a in ids]
    # biggest first: a comparison grows faster than its story, so a big one started last
    # would leave the other workers idle at the end
    story_ids = sorted(story_ids, key=lambda sid: (-len(sizes[sid]), sid))
    if store.unannotated(ANNOTATION_VERSION, options.today, members):
        annotate_store(store, options, members, on_error=on_error)
    # undated members dated from their story (here, before a worker reads it: no parse, see date_from_story);
    # a story with none is not read
    undated = store.undated(members)
    # the stories stay as they are while they are dated and compared: what dating reads
    # of them (centroids, their lengths, join probabilities) is read once for all
    scores = dating_scores(store)

    def date(sid: str) -> None:
        if not undated.isdisjoint(sizes[sid]):
            contained(f"story {sid}", "dating",
                      lambda: date_from_story(store, list(store.articles(sizes[sid])), options, scores), on_error)

    done: list[str] = []
    reports: list[tuple[str, Any]] = []  # received (stored text; a dict from Dask), not yet stored

    def store_reports() -> None:
        with store.transaction():
            for sid, text in reports:
                store.put_report(sid, text)
        reports.clear()

    def put(sid: str, outcome: tuple[str, Any]) -> None:
        kind, value = outcome
        if kind == "report":
            # a few reports a commit (one each cost ~1 ms of this process, beside the workers)
            reports.append((sid, value))
            if len(reports) >= REPORTS_PER_COMMIT:
                store_reports()
            done.append(sid)
        else:
            err = InputError(f"story {sid}", f"comparison failed ({value})")
            if on_error:
                on_error(err)
        advance(1)

    try:
        return _compare_stories(store, story_ids, options, client, put, date, out_dir, rendered, done)
    finally:  # what was compared is kept, even when the rest fails
        if reports:
            store_reports()


def _compare_stories(store: Store, story_ids: list[str], options: Options, client,
                     put: Callable[[str, tuple[str, Any]], None], date: Callable[[str], None],
                     out_dir: Path | None, rendered: set[str] | None, done: list[str]) -> list[str]:
    """``compare_stories``' work once the stories are listed: here, on the pool or on Dask."""
    n_process = min(_processes(options), len(story_ids))
    if client is not None or n_process <= 1 or store.path == ":memory:":
        for sid in story_ids:
            date(sid)
    if client is not None:
        _compare_on_dask(store, story_ids, client, put, options.compare)
        return done
    if n_process <= 1 or store.path == ":memory:":
        from ..nlp.speed.blas import one_thread

        with one_thread():  # in this process too: a second BLAS thread only adds CPU
            for sid in story_ids:
                outcome, written = _compare_and_render(store, sid, options.compare, out_dir)
                put(sid, outcome)
                if written and rendered is not None:
                    rendered.add(sid)
        return done
    import multiprocessing as mp

    from collections import deque

    _compare_imports(out_dir is not None)
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    def take(result) -> None:
        sid, outcome, written = result.get()
        put(sid, outcome)
        if written and rendered is not None:
            rendered.add(sid)

    with ctx.Pool(n_process, initializer=_compare_worker_init, initargs=(store.path, options.compare, out_dir)) as pool:
        # each story dated just before it is sent: the workers compare the first ones meanwhile
        pending: deque = deque()
        for sid in story_ids:
            date(sid)
            pending.append(pool.apply_async(_compare_in_worker, (sid,)))
            while pending and pending[0].ready():
                take(pending.popleft())
        while pending:
            take(pending.popleft())
    return done


def _compare_imports(templates: bool = True) -> None:
    """What every comparison imports (and, for rendering, the compiled templates), once
    before the compare pool forks: 0.7 CPU s a worker otherwise. (scikit-learn no longer:
    compare/tfidf.py normalises its rows itself.) Nothing again on a second call."""
    import scipy.sparse  # noqa: F401

    from .. import compare as _compare  # noqa: F401

    if templates:
        from ..report import load_templates

        load_templates()


def _compare_outcome(store: Store, sid: str, settings: CompareSettings | None = None,
                     typed: bool = False) -> tuple[str, Any]:
    """("report", report) or ("error", reason): a failure crosses a process boundary as
    data (with ``typed``, the report is (typed report, report dict))."""
    try:
        return "report", _story_report(store, store.story(sid), settings, typed)
    except StorylineError as exc:
        return "error", str(exc)
    except Exception as exc:  # noqa: BLE001 - process boundary: reported as this story's error, the others go on
        log.debug("story %s: comparison failed", sid, exc_info=True)  # the traceback, with -vv
        detail = (str(exc).splitlines() or [""])[0][:120]
        return "error", f"{type(exc).__name__}: {detail}"


def _processes(options: Options) -> int:
    return max(1, int(options.processes or 1))


_WORKER_STORE: Store | None = None
_WORKER_SETTINGS: CompareSettings | None = None
_WORKER_OUT: Path | None = None
_WORKER_BLAS: Any = None  # the worker's BLAS limit, kept for its life


def _compare_worker_init(path: str, settings: CompareSettings | None = None, out_dir: Path | None = None) -> None:
    global _WORKER_STORE, _WORKER_SETTINGS, _WORKER_OUT, _WORKER_BLAS
    from ..nlp.speed.blas import one_thread

    gc.freeze()  # the parent's objects (its connection among them) are never collected here
    # one process per core: a second BLAS thread only adds CPU. Set once for the worker,
    # which only compares (per story it cost about 1 ms: the limit scans the loaded libraries)
    _WORKER_BLAS = one_thread()
    _WORKER_BLAS.__enter__()
    _WORKER_STORE = Store(path)
    _WORKER_SETTINGS = settings
    _WORKER_OUT = out_dir


def _compare_in_worker(story_id: str) -> tuple[str, tuple[str, Any], bool]:
    """(story id, outcome (a report as its stored JSON text), whether its report files
    were written here; BLAS is on one thread since ``_compare_worker_init``)."""
    assert _WORKER_STORE is not None
    outcome, written = _compare_and_render(_WORKER_STORE, story_id, _WORKER_SETTINGS, _WORKER_OUT)
    return story_id, outcome, written


def _compare_and_render(store: Store, sid: str, settings: CompareSettings | None,
                        out_dir: Path | None) -> tuple[tuple[str, Any], bool]:
    """(outcome with the report as its stored JSON text, whether its files were written
    to ``out_dir``): one story's comparison and, given ``out_dir``, its rendering."""
    from ..compare import _cyclic_gc_paused

    # the collector paused until the report is written and freed (rendering leaves no
    # cycle holding it): re-enabled while it is alive, it would walk all of it once. The
    # work is a call of its own so its locals (the report, typed and as a dict) are freed
    # before the pause ends, not after (a return inside the block kept them alive then).
    with _cyclic_gc_paused():
        done = _compare_and_render_paused(store, sid, settings, out_dir)
    return done


def _compare_and_render_paused(store: Store, sid: str, settings: CompareSettings | None,
                               out_dir: Path | None) -> tuple[tuple[str, Any], bool]:
    from ..store.reports import report_json, report_json_from_indented

    outcome = _compare_outcome(store, sid, settings, typed=out_dir is not None)
    if outcome[0] != "report":
        return outcome, False
    typed, data = outcome[1] if out_dir is not None else (None, outcome[1])
    # the report goes back as the text the store keeps: one encoding, no big dict pickled
    if out_dir is None:
        return ("report", report_json(data)), False
    try:  # rendered from the typed report compare made (the same files as from the stored text)
        texts = _write_report_texts(out_dir, sid, data, typed)
    except Exception:  # noqa: BLE001 - process boundary: run() renders it again and reports the error
        log.debug("story %s: rendering after the comparison failed", sid, exc_info=True)
        return ("report", report_json(data)), False
    # the stored text from the JSON file's text: the report serialised once, not twice
    return ("report", report_json_from_indented(texts["json"])), True


def _compare_task(story: dict, articles: list[dict], annotations: list[dict], copies: list[dict],
                  settings: CompareSettings | None = None) -> dict:
    """A Dask task: one story's comparison from its records (the worker needs no store)."""
    from ..nlp.speed.blas import one_thread
    from ..compare import compare_story

    with one_thread():
        return compare_story(story, [Article.from_dict(a) for a in articles], annotations, copies, settings)


def _compare_on_dask(store: Store, story_ids: list[str], client, put: Callable[[str, tuple], None],
                     settings: CompareSettings | None = None) -> None:
    from dask.distributed import as_completed

    limit = 2 * max(1, len(client.scheduler_info().get("workers", {})))
    todo = iter(story_ids)
    pending = as_completed()
    futures = {}

    def submit_next() -> bool:
        sid = next(todo, None)
        if sid is None:
            return False
        story, articles, annotations, copies = _compare_inputs(store, store.story(sid))
        fut = client.submit(_compare_task, story, [a.to_dict() for a in articles], annotations, copies, settings,
                            key=f"compare-{sid}-{len(futures)}", pure=False)
        futures[fut.key] = sid
        pending.add(fut)
        return True

    for _ in range(limit):
        if not submit_next():
            break
    for fut in pending:
        sid = futures.pop(fut.key)
        if fut.status == "error":
            exc = fut.exception()
            put(sid, ("error", f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:120]}"))
        else:
            put(sid, ("report", fut.result()))
        fut.release()
        submit_next()


def cluster(store: Store, options: Options, rebuild: bool = False) -> list[dict]:
    """Find copies, then assign articles to stories (incrementally unless ``rebuild``)."""
    from ..stories import cluster as cluster_stories

    return cluster_stories(store, options, rebuild=rebuild)


def update_stories(store: Store, options: Options) -> list[str]:
    """Assign the articles added since the last run to stories; return the ids changed.

    ``cluster`` without its final read of every story (seconds at a million articles).
    """
    from ..stories import update

    return update(store, options)


def annotate_and_update(store: Store, options: Options,
                        on_error: Callable[[InputError], None] | None = None) -> list[str]:
    """``annotate_store``, then ``update_stories``, overlapped: the articles added since
    the last run are annotated in publication order and streamed into their stories
    (``stories.cluster.Stream``) by this process while the workers annotate the later
    ones; the same stories as one pass after annotation. Returns the ids of the stories
    changed (their reports dropped)."""
    from ..annotate import ANNOTATION_VERSION
    from ..stories.cluster import Stream, unassigned

    stream = Stream(store, unassigned(store), drop_reports=True)
    rank = {a.id: k for k, a in enumerate(stream.articles)}
    todo = store.unannotated(ANNOTATION_VERSION, options.today)
    todo.sort(key=lambda i: rank.get(i, len(rank)))  # the stream's order first (stable: the others after)
    annotate_store(store, options, todo, on_error=on_error, then=stream.advance)
    changed = stream.finish()
    store.drop_reports(changed)
    return changed


# what a stored report depends on besides its story's members: the options that change a
# comparison, and the comparison's code
_REPORT_SETTINGS = "report_settings"
_REPORT_CODE = "report_code"
_UNRECORDED_SETTINGS = "align=lexical;veto=0"


def _drop_reports_of_other_settings(store: Store, options: Options) -> None:
    """Reports made under other comparison settings (the alignment method and the checks of
    ``CompareSettings``, each field a flag: ``--veto``, ``--main-event``, ``--evidence``,
    ``--clause``, ``--holders``, ``--clause-tied``, ``--occasion-days``, ``--speaker``, ``--modality``)
    or by another version of the comparison's code (``compare.COMPARE_VERSION``) are dropped,
    so ``run`` compares every story again under the ones asked for (a store without the
    settings record holds reports of the defaults of the code before the record: lexical,
    no veto, no main-event or evidence check: ``CompareSettings.parameters``; one without the
    code record holds reports of an unknown version)."""
    from ..compare import COMPARE_VERSION

    want = options.compare.parameters()
    stored = _state(store, _REPORT_SETTINGS)
    code = _state(store, _REPORT_CODE)
    if (stored or _UNRECORDED_SETTINGS) != want or code != COMPARE_VERSION:
        store.drop_reports(store.story_ids())
    if stored != want:
        store.put_state(_REPORT_SETTINGS, want)
    if code != COMPARE_VERSION:
        store.put_state(_REPORT_CODE, COMPARE_VERSION)


def _state(store: Store, key: str) -> str | None:
    value = store.get_state(key)
    return value.decode() if isinstance(value, bytes) else value


def process_new(store: Store, options: Options,
                on_error: Callable[[InputError], None] | None = None, client=None,
                out_dir: Path | None = None, rendered: set[str] | None = None) -> list[str]:
    """Annotate, cluster and compare whatever changed; return the ids of stories compared
    (``out_dir``, ``rendered``: see ``compare_stories``)."""
    # only the stories the new articles touched (plus any never compared): the cost
    # follows the new articles, not the size of the store
    # (their old reports are dropped: a comparison that fails, or a run stopped before
    # it, leaves the story without one, compared again next run)
    _drop_reports_of_other_settings(store, options)
    changed = sorted(set(annotate_and_update(store, options, on_error)) | set(store.stories_without_report()))
    if changed:
        changed = sorted(set(changed) | _dated_elsewhere(store, options, set(changed)))
    with progress(options, len(changed), "compare") as advance:
        done = compare_stories(store, changed, options, client=client, advance=advance, on_error=on_error,
                               out_dir=out_dir, rendered=rendered)
    return done


def _dated_elsewhere(store: Store, options: Options, changed: set[str]) -> set[str]:
    """The stories with no dated member, not among ``changed``, whose members' dates move
    now that other stories changed (the nearest dated story they are dated from:
    ``_near_windows``): dated again (no parse) and their reports dropped, so a store
    grown run by run gives the dates one run over the same articles gives. (Measured on
    ECB+ dev in one store, 53 such stories of 354 undated articles: about half a CPU
    second a run; none when no story with a dated member changed.)"""
    undated = store.undated_stories()
    if not changed - set(undated):
        return set()  # no dated story changed: no window from one can have
    out = set()
    scores = dating_scores(store)  # no story changes here: read once for all
    for sid in undated:
        if sid not in changed and date_from_story(store, list(store.articles(store.story(sid)["articles"])), options,
                                                  scores):
            store.drop_reports([sid])
            out.add(sid)
    return out


def contained(label: str, stage: str, step: Callable[[], Any],
              on_error: Callable[[InputError], None] | None, errors: list | None = None) -> Any:
    """Run one unit of work (cleaning or storing an article, a story's comparison, a
    report); a failure becomes one ``InputError`` (sent to ``on_error``, appended to
    ``errors``), None is returned and the rest goes on."""
    try:
        return step()
    except InputError as exc:  # already names its input
        err = exc
    except StorylineError as exc:
        err = InputError(label, f"{stage} failed ({exc})")
    except Exception as exc:  # noqa: BLE001 - a batch's unit boundary: reported with its type, the batch goes on
        log.debug("%s: %s failed", label, stage, exc_info=True)  # the traceback, with -vv
        detail = (str(exc).splitlines() or [""])[0][:120]
        err = InputError(label, f"{stage} failed ({type(exc).__name__}: {detail})")
    if errors is not None:
        errors.append(err)
    if on_error:
        on_error(err)
    return None


def report(store: Store, story_id: str, fmt: str, options: Options) -> str:
    """Render a story report (computing it if needed) as md, html or json."""
    from ..report import render

    sid = store.story(story_id)["id"]
    _drop_reports_of_other_settings(store, options)  # a stored report of other settings is not shown
    data = store.get_report(sid) or compare(store, sid, options)
    return render(data, fmt)


@dataclass
class RunResult:
    ingest: IngestResult
    reports: dict[str, dict[str, str]]  # story id -> {fmt: path}, the stories written this run
    index: str | None = None
    # articles not annotated, stories not compared or not written (each also sent to on_error)
    errors: list[InputError] = field(default_factory=list)


REPORT_FORMATS = (("html", "html"), ("md", "md"), ("json", "json"))


def run(inputs: list[str], options: Options, out_dir: str | Path = "out",
        on_error: Callable[[InputError], None] | None = None, client=None) -> RunResult:
    """The main job: ingest, annotate, cluster, compare and write the reports.

    Only the reports of the stories that changed (or whose files are missing from
    ``out_dir``) are written again, and the index; with no ``inputs`` the stories already
    in the store are brought up to date (e.g. after ``storyline load``). ``client``: a Dask
    client to compare the changed stories on.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    store = Store(options.db)
    later: list[InputError] = []

    def failed(err: InputError) -> None:
        later.append(err)
        if on_error:
            on_error(err)

    frozen = False
    try:
        if not inputs:
            ing = IngestResult()
        elif _processes(options) > 1 and client is None and store.path != ":memory:" and "fork" in _start_methods():
            ing = _ingest_beside_model(inputs, options, on_error)
            # the model and the imports just loaded live as long as the process: out of the
            # collector's way for this run (each full pass walked all of them: 0.6 of this
            # process's ~6 CPU s on 970 articles), and out of the workers' it forks (a
            # caller that froze its own heap is left as it is)
            frozen = gc.get_freeze_count() == 0
            if frozen:
                gc.freeze()
        else:
            ing = ingest(inputs, options, store, on_error=on_error)
        rendered: set[str] = set()  # the changed stories whose files the compare workers wrote
        changed = set(process_new(store, options, on_error=failed, client=client, out_dir=out, rendered=rendered))
        not_compared = {e.source for e in later}  # "story ID" of the comparisons that failed
        written: dict[str, dict[str, str]] = {}
        present = _file_names(out)  # one listing, not three stat calls per stored story
        for sid in store.story_ids():
            paths = {fmt: out / f"story-{sid}.{ext}" for fmt, ext in REPORT_FORMATS}
            if f"story {sid}" in not_compared:  # its old files show members it no longer has
                for p in paths.values():
                    p.unlink(missing_ok=True)
                continue
            if sid in rendered:
                written[sid] = {fmt: str(p) for fmt, p in paths.items()}
            elif sid in changed or not all(p.name in present for p in paths.values()):
                def write(sid=sid) -> dict[str, str]:
                    return write_report_files(out, sid, store.get_report(sid) or compare(store, sid, options))

                done = contained(f"story {sid}", "report", write, failed)
                if done is not None:
                    written[sid] = done
        index = _write_index(out, store)
        return RunResult(ing, written, index, later)
    finally:
        store.close()
        if frozen:  # a long-lived caller (the web server) collects them again afterwards
            gc.unfreeze()


def _start_methods() -> list[str]:
    import multiprocessing as mp

    return mp.get_all_start_methods()


def _ingest_beside_model(inputs: list[str], options: Options,
                         on_error: Callable[[InputError], None] | None = None) -> IngestResult:
    """``ingest`` in a child process (its own connection to the store) while this one
    loads the annotation model and the clustering's imports (what the annotation workers
    inherit): ``run``'s two serial first steps side by side on two cores. The inputs'
    errors are reported here, in input order, once the child is done."""
    import multiprocessing as mp

    from ..annotate.run import DISABLE
    from ..nlp import load

    ctx = mp.get_context("fork")
    here, there = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_ingest_child, args=(inputs, options, there), daemon=True)
    child.start()
    there.close()
    try:
        load(DISABLE)  # loaded before the annotation pool forks anyway (its workers share it)
        from ..stories import cluster as _cluster  # noqa: F401  (what clustering and the workers' features import)
        from ..stories.features import load_background

        load_background()  # the annotation workers make clustering features: loaded once here, not in each
        # and what the compare pool imports before it forks (``_compare_stories``): here this
        # process waits for the child anyway, there the workers wait for it
        _compare_imports()

        try:
            kind, value = here.recv()
        except EOFError:
            child.join()
            raise StorylineError(f"ingest: its process ended without a result (exit code {child.exitcode})") from None
    finally:
        here.close()
        child.join()
    if kind == "error":
        raise value
    for err in value.errors:
        if on_error:
            on_error(err)
    return value


def _ingest_child(inputs: list[str], options: Options, conn) -> None:
    """The child of ``_ingest_beside_model``: the ingest's result, or what stopped it, sent back."""
    try:
        store = Store(options.db)
        try:
            outcome = ("result", ingest(inputs, options, store))
        finally:
            store.close()
    except BaseException as exc:  # noqa: BLE001 - process boundary: raised again in the parent
        outcome = ("error", exc)
    conn.send(outcome)
    conn.close()


def write_report_files(out: Path, sid: str, data: dict[str, Any], typed=None) -> dict[str, str]:
    """Write one story's report in every format to ``out`` (``story-ID.html`` ...); fmt -> path.

    ``typed``: the report typed, with ``data`` its JSON form (``compare_story_typed``),
    rendered without reading ``data`` again."""
    _write_report_texts(out, sid, data, typed)
    return {fmt: str(out / f"story-{sid}.{ext}") for fmt, ext in REPORT_FORMATS}


def _write_report_texts(out: Path, sid: str, data: dict[str, Any], typed=None) -> dict[str, str]:
    """``write_report_files``, returning the texts written (fmt -> text)."""
    from ..report import render_formats

    paths = {fmt: out / f"story-{sid}.{ext}" for fmt, ext in REPORT_FORMATS}
    texts = render_formats(data, list(paths)) if typed is None else render_formats(typed, list(paths), as_dict=data)
    for fmt, p in paths.items():
        p.write_text(texts[fmt], encoding="utf-8")
    return texts


def _file_names(folder: Path) -> set[str]:
    """Names of what ``folder`` holds."""
    with os.scandir(folder) as it:
        return {e.name for e in it}


def _write_index(out: Path, store: Store) -> str:
    """A small index.html linking every story report (report/templates/index.html.j2)."""
    from ..report.html import render_index

    present = _file_names(out)
    stories = [{"href": f"story-{sid}.html", "title": title or sid, "size": size}
               for sid, title, size in store.story_list() if f"story-{sid}.html" in present]
    path = out / "index.html"
    path.write_text(render_index(stories), encoding="utf-8")
    return str(path)


def annotate_inputs(inputs: list[str], options: Options) -> Iterator[dict | InputError]:
    """Read, clean and annotate inputs with no store (``storyline annotate``).

    One stream into ``annotate_articles``, so one worker pool serves the whole run; an
    input's error is yielded before the next annotation, in input order.
    """
    from collections import deque

    from ..annotate import annotate_articles

    errors: deque[InputError] = deque()

    def articles() -> Iterator[Article]:
        for item in read_articles(inputs, options):
            if isinstance(item, InputError):
                errors.append(item)
            else:
                yield item

    for ann in annotate_articles(articles(), options):
        while errors:
            yield errors.popleft()
        # an article the annotator failed on is one error, not an annotation
        yield InputError(f"article {ann['id']}", ann["error"]) if "error" in ann else ann
    while errors:
        yield errors.popleft()
