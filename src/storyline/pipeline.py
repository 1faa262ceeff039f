"""The main job, stage by stage: ingest -> annotate -> cluster -> compare -> report.

Each function takes the shared ``Options`` and a ``Store``; the CLI and the web UI call
these and nothing deeper.
"""

from __future__ import annotations

import contextlib
import contextvars
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
    # id -> how many more times the same article (same id, same raw text) came again in
    # this batch: listed once, not once per copy
    repeated: dict[str, int] = field(default_factory=dict)

    @property
    def stored(self) -> list[str]:
        return self.new + self.revised + self.unchanged

    def summary(self) -> str:
        again = f", {sum(self.repeated.values())} repeats of an id (listed once)" if self.repeated else ""
        return (
            f"{len(self.new)} new, {len(self.revised)} revised, {len(self.unchanged)} unchanged, "
            f"{len(self.errors)} failed{again}"
        )


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
    import hashlib

    from .clean import clean_article
    from .ingest import read_inputs

    seen: set[bytes] = set()
    for item in read_inputs(inputs, options):
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
        for item in read_articles(inputs, options, result.repeated):
            if isinstance(item, InputError):
                result.errors.append(item)
                if on_error:
                    on_error(item)
                continue
            status = contained(f"article {item.id}", "storing", lambda item=item: store.add_article(item),
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
    return result


def annotate_store(store: Store, options: Options, ids: Iterable[str] | None = None,
                   on_error: Callable[[InputError], None] | None = None) -> list[str]:
    """Annotate stored articles whose annotation is missing or stale; return their ids.

    An article the annotator fails on is marked (``Store.mark_failed``) with the reason,
    reported once through ``on_error`` and skipped from then on, until its text or the
    annotator's version changes: one bad article never blocks the store.
    """
    from .annotate import ANNOTATION_VERSION, annotate_articles
    from .annotate.run import reference_date

    ids = list(ids) if ids is not None else store.article_ids()
    todo = []
    for i in ids:
        art = store.get_article(i)
        ann = store.get_annotation(art.id, art.content_hash, ANNOTATION_VERSION)
        # an undated article read as of another day (another --today) is annotated again
        stale = ann is None or (art.published is None
                                and ann.get("published_reference") != reference_date(art, options.today))
        if stale and store.failure(art.id, art.content_hash, ANNOTATION_VERSION) is None:
            todo.append(art)
    done = []
    with progress(options, len(todo), "annotate") as advance:
        for art, ann in zip(todo, annotate_articles(todo, options)):
            if "error" in ann:
                store.mark_failed(art.id, art.content_hash, ANNOTATION_VERSION, ann["error"])
                if on_error:
                    on_error(InputError(f"article {art.id}", ann["error"]))
            else:
                store.put_annotation(art.id, art.content_hash, ANNOTATION_VERSION, ann)
                done.append(art.id)
            advance(1)
    return done


def annotations_for(store: Store, articles: list[Article], options: Options) -> list[dict | None]:
    """The annotation of each article (None for one the annotator failed on)."""
    annotate_store(store, options, [a.id for a in articles])
    return [store.get_annotation(a.id) for a in articles]


def compare(store: Store, story_id: str, options: Options) -> dict[str, Any]:
    """Compare the claims of one story; the report is stored and returned."""
    from .compare import compare_story

    story = store.story(story_id)
    articles = list(store.articles(story["articles"]))
    annotations = annotations_for(store, articles, options)
    # an article the annotator failed on is left out of the comparison, not fatal to it
    kept = [(a, n) for a, n in zip(articles, annotations) if n is not None]
    articles, annotations = [a for a, _ in kept], [n for _, n in kept]
    report = compare_story(story, articles, annotations, store.copies([a.id for a in articles]), method=options.align)
    store.put_report(story["id"], report)
    return report


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


def process_new(store: Store, options: Options,
                on_error: Callable[[InputError], None] | None = None) -> list[str]:
    """Annotate, cluster and compare whatever changed; return the ids of stories compared."""
    from .stories import update as update_stories

    annotate_store(store, options, on_error=on_error)
    # only the stories the new articles touched (plus any never compared): the cost
    # follows the new articles, not the size of the store
    changed = sorted(set(update_stories(store, options)) | set(store.stories_without_report()))
    done = []
    with progress(options, len(changed), "compare") as advance:
        for sid in changed:
            if contained(f"story {sid}", "comparison", lambda: compare(store, sid, options), on_error) is not None:
                done.append(sid)
            advance(1)
    return done


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
    except Exception as exc:  # noqa: BLE001 - not silent: reported with its type, the batch goes on
        detail = (str(exc).splitlines() or [""])[0][:120]
        err = InputError(label, f"{stage} failed ({type(exc).__name__}: {detail})")
    if errors is not None:
        errors.append(err)
    if on_error:
        on_error(err)
    return None


def report(store: Store, story_id: str, fmt: str, options: Options) -> str:
    """Render a story report (computing it if needed) as md, html or json."""
    from .report import render

    sid = store.story(story_id)["id"]
    data = store.get_report(sid) or compare(store, sid, options)
    return render(data, fmt)


@dataclass
class RunResult:
    ingest: IngestResult
    reports: dict[str, dict[str, str]]  # story id -> {fmt: path}
    index: str | None = None
    # articles not annotated, stories not compared or not written (each also sent to on_error)
    errors: list[InputError] = field(default_factory=list)


def run(inputs: list[str], options: Options, out_dir: str | Path = "out",
        on_error: Callable[[InputError], None] | None = None) -> RunResult:
    """The main job: ingest, annotate, cluster, compare and write a report for every story."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    store = Store(options.db)
    later: list[InputError] = []

    def failed(err: InputError) -> None:
        later.append(err)
        if on_error:
            on_error(err)

    try:
        ing = ingest(inputs, options, store, on_error=on_error)
        process_new(store, options, on_error=failed)
        written: dict[str, dict[str, str]] = {}
        from .report import render

        for story in store.stories():
            def write(story=story) -> dict[str, str]:
                data = store.get_report(story["id"]) or compare(store, story["id"], options)
                paths = {}
                for fmt, ext in (("html", "html"), ("md", "md"), ("json", "json")):
                    p = out / f"story-{story['id']}.{ext}"
                    p.write_text(render(data, fmt), encoding="utf-8")
                    paths[fmt] = str(p)
                return paths

            paths = contained(f"story {story['id']}", "report", write, failed)
            if paths is not None:
                written[story["id"]] = paths
        index = _write_index(out, store, written)
        return RunResult(ing, written, index, later)
    finally:
        store.close()


def _write_index(out: Path, store: Store, written: dict[str, dict[str, str]]) -> str:
    """A small index.html linking every story report (escaped: titles are article text)."""
    from html import escape

    rows = []
    for s in store.stories():
        if s["id"] not in written:
            continue
        href = Path(written[s["id"]]["html"]).name
        rows.append(
            f"<li><a href=\"{escape(href)}\">{escape(s.get('title') or s['id'])}</a> "
            f"— {len(s.get('articles', []))} articles</li>"
        )
    page = (
        "<!doctype html><meta charset=utf-8><title>storyline stories</title>"
        "<h1>Stories</h1><ul>" + "".join(rows) + "</ul>"
    )
    path = out / "index.html"
    path.write_text(page, encoding="utf-8")
    return str(path)


def annotate_inputs(inputs: list[str], options: Options) -> Iterator[dict | InputError]:
    """Read, clean and annotate inputs with no store (``storyline annotate``)."""
    from .annotate import annotate_articles

    batch: list[Article] = []

    def flush():
        for ann in annotate_articles(batch, options):
            yield InputError(f"article {ann['id']}", ann["error"]) if "error" in ann else ann
        batch.clear()

    for item in read_articles(inputs, options):
        if isinstance(item, InputError):
            yield item
            continue
        batch.append(item)
        if len(batch) >= options.batch_size:
            yield from flush()
    if batch:
        yield from flush()
