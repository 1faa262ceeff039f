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
    from .clean import clean_article
    from .ingest import read_inputs

    for item in read_inputs(inputs, options):
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
    """Annotate stored articles whose annotation is missing or stale; return their ids."""
    from .annotate import ANNOTATION_VERSION, annotate_articles
    from .annotate.run import reference_date

    ids = list(ids) if ids is not None else store.article_ids()
    todo = []
    for i in ids:
        art = store.get_article(i)
        ann = store.get_annotation(art.id, art.content_hash, ANNOTATION_VERSION)
        # an undated article read as of another day (another --today) is annotated again
        if ann is None or (art.published is None and ann.get("published_reference") != reference_date(art, options.today)):
            todo.append(art)
    with progress(options, len(todo), "annotate") as advance:
        for art, ann in zip(todo, annotate_articles(todo, options)):
            store.put_annotation(art.id, art.content_hash, ANNOTATION_VERSION, ann)
            advance(1)
    return [a.id for a in todo]


def annotations_for(store: Store, articles: list[Article], options: Options) -> list[dict]:
    annotate_store(store, options, [a.id for a in articles])
    return [store.get_annotation(a.id) for a in articles]


def date_from_story(store: Store, articles: list[Article], options: Options) -> list[str]:
    """Date the undated members of one story from the others; return the ids re-annotated.

    Each undated article whose story window (``stories.dates.story_window``) differs
    from the one its stored annotation was made with is annotated again with it: its
    inferred date and every time it writes are then read against the story's days.
    """
    from .annotate import ANNOTATION_VERSION, annotate_articles
    from .stories.dates import story_windows

    anns = annotations_for(store, articles, options)
    if all(a.published for a in articles):
        return []
    windows = story_windows([ann for ann in anns if ann is not None])
    todo = []
    for art, ann in zip(articles, anns):
        if art.published or ann is None or art.id not in windows:
            continue
        had = ann.get("published_story")
        had = {k: v for k, v in had.items() if k != "own"} if had is not None else None
        if had != windows[art.id]:
            todo.append(art)
    hints = {a.id: windows[a.id] for a in todo if windows[a.id] is not None}
    for art, ann in zip(todo, annotate_articles(todo, options, stories=hints)):
        store.put_annotation(art.id, art.content_hash, ANNOTATION_VERSION, ann)
    return [a.id for a in todo]


def compare(store: Store, story_id: str, options: Options) -> dict[str, Any]:
    """Date undated members from their story, then compare the claims of one story; the
    report is stored and returned."""
    from .compare import compare_story

    story = store.story(story_id)
    articles = list(store.articles(story["articles"]))
    date_from_story(store, articles, options)
    annotations = annotations_for(store, articles, options)
    report = compare_story(story, articles, annotations, store.copies([a.id for a in articles]))
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


def process_new(store: Store, options: Options) -> list[str]:
    """Annotate, cluster and compare whatever changed; return the ids of stories compared."""
    from .stories import update as update_stories

    annotate_store(store, options)
    # only the stories the new articles touched (plus any never compared): the cost
    # follows the new articles, not the size of the store
    changed = sorted(set(update_stories(store, options)) | set(store.stories_without_report()))
    with progress(options, len(changed), "compare") as advance:
        for sid in changed:
            compare(store, sid, options)
            advance(1)
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
    reports: dict[str, dict[str, str]]  # story id -> {fmt: path}
    index: str | None = None


def run(inputs: list[str], options: Options, out_dir: str | Path = "out",
        on_error: Callable[[InputError], None] | None = None) -> RunResult:
    """The main job: ingest, annotate, cluster, compare and write a report for every story."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    store = Store(options.db)
    try:
        ing = ingest(inputs, options, store, on_error=on_error)
        process_new(store, options)
        written: dict[str, dict[str, str]] = {}
        from .report import render

        for story in store.stories():
            data = store.get_report(story["id"]) or compare(store, story["id"], options)
            paths = {}
            for fmt, ext in (("html", "html"), ("md", "md"), ("json", "json")):
                p = out / f"story-{story['id']}.{ext}"
                p.write_text(render(data, fmt), encoding="utf-8")
                paths[fmt] = str(p)
            written[story["id"]] = paths
        index = _write_index(out, store, written)
        return RunResult(ing, written, index)
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
        yield from annotate_articles(batch, options)
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
