"""The main job, stage by stage: ingest -> annotate -> cluster -> compare -> report.

Each function takes the shared ``Options`` and a ``Store``; the CLI and the web UI call
these and nothing deeper.
"""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .errors import InputError, StorylineError
from .options import Options
from .records import Article
from .store import Store


@dataclass
class IngestResult:
    new: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)

    @property
    def stored(self) -> list[str]:
        return self.new + self.revised + self.unchanged

    def summary(self) -> str:
        return (
            f"{len(self.new)} new, {len(self.revised)} revised, {len(self.unchanged)} unchanged, "
            f"{len(self.errors)} failed"
        )


@contextlib.contextmanager
def progress(options: Options, total: int | None, label: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr, silent when stderr is not a terminal."""
    if not (options.progress and sys.stderr.isatty()):
        yield lambda n=1: None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n=1: bar.advance(task, n)


def read_articles(inputs: list[str], options: Options) -> Iterator[Article | InputError]:
    """Read and clean every input; a bad input yields an ``InputError`` and the rest goes on."""
    from .ingest import read_inputs

    yield from clean_items(read_inputs(inputs, options), options)


def clean_items(items: Iterable[Article | InputError], options: Options) -> Iterator[Article | InputError]:
    """Clean each article read (errors pass through; a failed clean becomes one)."""
    from .clean import clean_article

    for item in items:
        if isinstance(item, InputError):
            yield item
            continue
        try:
            yield clean_article(item) if options.clean else _unclean(item)
        except StorylineError as exc:
            yield InputError(item.provenance.get("source", item.id), str(exc))


def _unclean(art: Article) -> Article:
    from .records import content_hash

    art.text = art.raw_text
    art.offset_map = [(0, 0, len(art.raw_text))]
    art.content_hash = content_hash(art.text)
    return art


def ingest(inputs: list[str], options: Options, store: Store,
           on_error: Callable[[InputError], None] | None = None) -> IngestResult:
    """Read, clean and store every input. Each article is committed on its own."""
    result = IngestResult()
    with progress(options, None, "ingest") as advance:
        for item in read_articles(inputs, options):
            if isinstance(item, InputError):
                result.errors.append(item)
                if on_error:
                    on_error(item)
                continue
            status = store.add_article(item)
            {"new": result.new, "unchanged": result.unchanged, "revision": result.revised}[status].append(item.id)
            advance(1)
    return result


def annotate_store(store: Store, options: Options, ids: Iterable[str] | None = None) -> list[str]:
    """Annotate stored articles whose annotation is missing or stale; return their ids.

    What is stale is found by one query over the annotations' hash, version and reference
    columns (``Store.unannotated``): the cost follows the articles to annotate, not the
    store. An undated article read as of another day (another --today) is annotated again.
    """
    from .annotate import ANNOTATION_VERSION, annotate_articles

    todo_ids = store.unannotated(ANNOTATION_VERSION, options.today, None if ids is None else list(ids))
    if not todo_ids:
        return []
    # read here, not lazily: a worker pool's feeder thread must not share the connection
    todo = list(store.articles(todo_ids))
    with progress(options, len(todo), "annotate") as advance:
        for art, ann in zip(todo, annotate_articles(todo, options)):
            store.put_annotation(art.id, art.content_hash, ANNOTATION_VERSION, ann)
            advance(1)
    return todo_ids


def annotations_for(store: Store, articles: list[Article], options: Options) -> list[dict]:
    annotate_store(store, options, [a.id for a in articles])
    return [store.get_annotation(a.id) for a in articles]


def compare(store: Store, story_id: str, options: Options) -> dict[str, Any]:
    """Compare the claims of one story; the report is stored and returned."""
    story = store.story(story_id)
    annotate_store(store, options, story["articles"])
    report = _story_report(store, story)
    store.put_report(story["id"], report)
    return report


def _story_report(store: Store, story: dict[str, Any]) -> dict[str, Any]:
    """The comparison of an annotated story, read from the store (no write: workers run it)."""
    from .compare import compare_story

    return compare_story(*_compare_inputs(store, story))


def _compare_inputs(store: Store, story: dict[str, Any]) -> tuple:
    articles = list(store.articles(story["articles"]))
    annotations = [store.get_annotation(a.id) for a in articles]
    return story, articles, annotations, store.copies([a.id for a in articles])


def compare_stories(store: Store, story_ids: list[str], options: Options, client=None,
                    advance: Callable[[int], None] = lambda n=1: None) -> None:
    """Compare many stories and store their reports, in parallel when there is room.

    Stories are independent, so they spread over ``options.processes`` local workers
    (one pool, each worker with its own read connection to the store) or, given a Dask
    ``client``, over its cluster (each story's articles and annotations are sent with its
    task; at most a few tasks per worker are in flight, so the client's memory stays flat).
    """
    from .annotate import ANNOTATION_VERSION

    if not story_ids:
        return
    # everything annotated first (one pool), so the workers only read
    sizes = {sid: store.story(sid)["articles"] for sid in story_ids}
    members = [a for ids in sizes.values() for a in ids]
    # biggest first: a comparison grows faster than its story, so a big one started last
    # would leave the other workers idle at the end
    story_ids = sorted(story_ids, key=lambda sid: (-len(sizes[sid]), sid))
    if store.unannotated(ANNOTATION_VERSION, options.today, members):
        annotate_store(store, options, members)
    if client is not None:
        _compare_on_dask(store, story_ids, client, advance)
        return
    n_process = min(_processes(options), len(story_ids))
    if n_process <= 1 or store.path == ":memory:":
        for sid in story_ids:
            store.put_report(sid, _story_report(store, store.story(sid)))
            advance(1)
        return
    import multiprocessing as mp

    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    with ctx.Pool(n_process, initializer=_compare_worker_init, initargs=(store.path,)) as pool:
        for sid, report in pool.imap_unordered(_compare_in_worker, story_ids):
            store.put_report(sid, report)
            advance(1)


def _processes(options: Options) -> int:
    return max(1, int(options.processes or 1))


_WORKER_STORE: Store | None = None


def _compare_worker_init(path: str) -> None:
    global _WORKER_STORE
    import gc

    gc.freeze()  # the parent's objects (its connection among them) are never collected here
    _WORKER_STORE = Store(path)


def _compare_in_worker(story_id: str) -> tuple[str, dict[str, Any]]:
    from .blas import one_thread

    assert _WORKER_STORE is not None
    with one_thread():  # one process per core: a second BLAS thread only adds CPU
        return story_id, _story_report(_WORKER_STORE, _WORKER_STORE.story(story_id))


def _compare_task(story: dict, articles: list[dict], annotations: list[dict], copies: list[dict]) -> dict:
    """A Dask task: one story's comparison from its records (the worker needs no store)."""
    from .blas import one_thread
    from .compare import compare_story

    with one_thread():
        return compare_story(story, [Article.from_dict(a) for a in articles], annotations, copies)


def _compare_on_dask(store: Store, story_ids: list[str], client, advance: Callable[[int], None]) -> None:
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
        fut = client.submit(_compare_task, story, [a.to_dict() for a in articles], annotations, copies,
                            key=f"compare-{sid}-{len(futures)}", pure=False)
        futures[fut.key] = sid
        pending.add(fut)
        return True

    for _ in range(limit):
        if not submit_next():
            break
    for fut in pending:
        store.put_report(futures.pop(fut.key), fut.result())
        fut.release()
        advance(1)
        submit_next()


def cluster(store: Store, options: Options, rebuild: bool = False) -> list[dict]:
    """Find copies, then assign articles to stories (incrementally unless ``rebuild``)."""
    from .stories import cluster as cluster_stories

    return cluster_stories(store, options, rebuild=rebuild)


def update_stories(store: Store, options: Options) -> list[str]:
    """Assign the articles added since the last run to stories; return the ids changed.

    ``cluster`` without its final read of every story (seconds at a million articles).
    """
    from .stories import update

    return update(store, options)


def process_new(store: Store, options: Options, client=None) -> list[str]:
    """Annotate, cluster and compare whatever changed; return the ids of stories compared."""
    from .stories import update as update_stories

    annotate_store(store, options)
    # only the stories the new articles touched (plus any never compared): the cost
    # follows the new articles, not the size of the store
    changed = sorted(set(update_stories(store, options)) | set(store.stories_without_report()))
    with progress(options, len(changed), "compare") as advance:
        compare_stories(store, changed, options, client=client, advance=advance)
    return changed


def report(store: Store, story_id: str, fmt: str, options: Options) -> str:
    """Render a story report (computing it if needed) as md, html or json."""
    from .report import render

    sid = store.story(story_id)["id"]
    data = store.get_report(sid) or compare(store, sid, options)
    return render(data, fmt)


@dataclass
class RunResult:
    ingest: IngestResult
    reports: dict[str, dict[str, str]]  # story id -> {fmt: path}, the stories written this run
    index: str | None = None


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
    try:
        ing = ingest(inputs, options, store, on_error=on_error) if inputs else IngestResult()
        changed = set(process_new(store, options, client=client))
        from .report import render

        written: dict[str, dict[str, str]] = {}
        for sid in store.story_ids():
            paths = {fmt: out / f"story-{sid}.{ext}" for fmt, ext in REPORT_FORMATS}
            if sid in changed or not all(p.exists() for p in paths.values()):
                data = store.get_report(sid) or compare(store, sid, options)
                for fmt, p in paths.items():
                    p.write_text(render(data, fmt), encoding="utf-8")
                written[sid] = {fmt: str(p) for fmt, p in paths.items()}
        index = _write_index(out, store)
        return RunResult(ing, written, index)
    finally:
        store.close()


def _write_index(out: Path, store: Store) -> str:
    """A small index.html linking every story report (escaped: titles are article text)."""
    from html import escape

    rows = []
    for sid, title, size in store.story_list():
        href = f"story-{sid}.html"
        if not (out / href).exists():
            continue
        rows.append(
            f"<li><a href=\"{escape(href)}\">{escape(title or sid)}</a> "
            f"— {size} articles</li>"
        )
    page = (
        "<!doctype html><meta charset=utf-8><title>storyline stories</title>"
        "<h1>Stories</h1><ul>" + "".join(rows) + "</ul>"
    )
    path = out / "index.html"
    path.write_text(page, encoding="utf-8")
    return str(path)


def annotate_inputs(inputs: list[str], options: Options) -> Iterator[dict | InputError]:
    """Read, clean and annotate inputs with no store (``storyline annotate``).

    One stream into ``annotate_articles``, so one worker pool serves the whole run; an
    input's error is yielded before the next annotation, in input order.
    """
    from collections import deque

    from .annotate import annotate_articles

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
        yield ann
    while errors:
        yield errors.popleft()
