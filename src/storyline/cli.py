"""The ``storyline`` command. Each command parses arguments and calls one library function."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from . import pipeline
from .errors import InputError, StorylineError
from .options import Options, default_db, default_processes
from .store import Store


def _dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)


def _err(msg: str) -> None:
    click.echo(f"error: {msg}", err=True)


class _StderrHandler(logging.Handler):
    """Log records as one line each on the stderr of the moment (click swaps it in tests)."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(self.format(record), err=True)


def _configure_logging(verbose: int) -> None:
    """Warnings (a fallback taken, e.g. unreadable markup) by default; -v info, -vv debug
    (with the traceback of each failure that was reported as a one-line error)."""
    logger = logging.getLogger("storyline")
    for h in [h for h in logger.handlers if isinstance(h, _StderrHandler)]:
        logger.removeHandler(h)
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING if not verbose else logging.INFO if verbose == 1 else logging.DEBUG)


class StorylineGroup(click.Group):
    """Turns deliberate errors into one line on stderr and exit code 1 (no traceback)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except StorylineError as exc:
            _err(str(exc))
            ctx.exit(1)


def fetch_options(f):
    """Limits for reading inputs, shared by ingest, annotate and run."""
    f = click.option("--max-bytes", type=int, default=None, help="Refuse inputs (or fetched pages) larger than this.")(f)
    f = click.option("--timeout", "fetch_timeout", type=float, default=None, help="Seconds allowed to fetch a URL.")(f)
    f = click.option("--max-redirects", type=int, default=None, help="Redirects followed when fetching a URL.")(f)
    return click.option("--allow-private", is_flag=True, help="Allow URLs on loopback/private addresses.")(f)


def db_option(f):
    return click.option(
        "--db", "db", default=None, metavar="PATH",
        help="SQLite store (default: $STORYLINE_DB or ./storyline.db).",
    )(f)


def _options(ctx: click.Context, db: str | None = None, **changes) -> Options:
    base: Options = ctx.obj
    return base.with_(db=db, **changes)


# The same-fact checks, each a --NAME/--no-NAME switch read into Options.NAME (and
# CompareSettings): name, default, help.
CHECKS = (
    ("main-event", True,
     "The main-event check: two claims whose main events differ (not the same verb, "
     "its noun or a paraphrase) need more word evidence to state one fact (benchmarks/docs/claims.md)."),
    ("evidence", True,
     "The evidence check: a pair in which a claim has no event to compare (a copula, a light or "
     "reporting verb) needs a shared figure, day, quote or two participants, or more word evidence, "
     "to state one fact (benchmarks/docs/claims.md)."),
    ("clause", False,
     "The clause check: a claim that tells another claim's main event only in a relative clause, "
     "participle or appositive, and states something else, needs a shared figure, day or quote, or "
     "more word evidence, to state that fact (off by default; benchmarks/docs/claims.md)."),
    ("holders", False,
     "The holder check: two statements by different speakers or holders need one quote, figure or "
     "day, or alike reported clauses, to state one fact (off by default; benchmarks/docs/claims.md)."),
    ("clause-tied", True,
     "The clause check with its tie: as --clause, but a pair whose claims name two or more events "
     "in common (the fire and the damage) is not damped (on by default; --clause "
     "--no-clause-tied: the untied check; benchmarks/docs/claims.md)."),
    ("occasion-days", False,
     "The occasion check's days: two claims whose events' days, resolved against each one's own "
     "article's publication day, are days apart are two occasions (the markets falling \"today\" "
     "on two days; off by default; benchmarks/docs/claims.md)."),
    ("speaker", False,
     "The speaker check: two statements of one speaker need one quote, figure or day, or alike "
     "words once the attribution is left out, to state one fact (off by default; "
     "benchmarks/docs/claims.md)."),
    ("modality", False,
     "The modality check's wider reading: a call or request to do something (\"urged X to "
     "VERB\"), \"will eventually\" and a habit (\"normally releases\") are not the done fact "
     "(off by default; benchmarks/docs/claims.md)."),
    ("durations", False,
     "Durations compared as figures: two terms of one thing (\"sentenced to 2 years\", \"a 2 1/2 year "
     "sentence\", \"served 9 months\") that differ make a number finding; a possible maximum "
     "(\"faces up to 15 years\") is no term (off by default; benchmarks/docs/claims.md)."),
)


def check_options(f):
    """Add a --NAME/--no-NAME option for each of CHECKS."""
    for name, default, text in reversed(CHECKS):
        f = click.option(f"--{name}/--no-{name}", default=default, show_default=True, help=text)(f)
    return f


def check_overrides(f):
    """The same switches on a command that compares (``storyline run --speaker``): given
    there, each overrides the one given before the command; not given, it stays None and
    changes nothing (``Options.with_``)."""
    for name, _, _ in reversed(CHECKS):
        f = click.option(f"--{name}/--no-{name}", default=None,
                         help=f"As `storyline --{name}` before the command (see `storyline --help`).")(f)
    return f


@click.group(cls=StorylineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", default=None, metavar="PATH", help="SQLite store (default: $STORYLINE_DB or ./storyline.db).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
@click.option("--today", default=None, metavar="YYYY-MM-DD",
              help="Compute results as of this day: it dates articles that carry no publication date "
                   "(default: each article's fetch time, recorded at ingest).")
@click.option("--verbose", "-v", count=True, help="Log more to stderr: -v info, -vv debug (with tracebacks).")
@click.option("--veto", is_flag=True,
              help="Compare with the same-fact veto: a pair a model of hand-labelled pairs calls two facts holds "
                   "no claim group together (off by default; benchmarks/docs/claims.md).")
@check_options
@click.version_option(package_name="storyline")
@click.pass_context
def main(ctx: click.Context, db: str | None, quiet: bool, today: str | None, verbose: int, veto: bool,
         **checks: bool) -> None:
    """storyline: what independent sources confirm, where reports conflict, who said what and when.

    \b
    Example:
      storyline run examples/ -o out      # ingest, annotate, cluster, compare, report
      storyline serve                     # browse the stories at http://127.0.0.1:8000
    """
    if today is not None:
        import datetime as dt

        try:
            today = dt.date.fromisoformat(today).isoformat()
        except ValueError:
            raise click.BadParameter(f"{today!r} is not a date (YYYY-MM-DD)", param_hint="--today")
    _configure_logging(verbose)
    ctx.obj = Options(db=db or default_db(), progress=not quiet, today=today, veto=veto, **checks)


def _report_errors(errors: list) -> None:
    for e in errors:
        _err(str(e))


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@fetch_options
@click.option("--no-clean", is_flag=True, help="Store the text as received, without cleaning.")
@db_option
@click.pass_context
def ingest(ctx, inputs, allow_private, no_clean, db, **limits):
    """Read, clean and store articles: files, directories, URLs, or - for stdin.

    \b
    Formats are sniffed: plain text, HTML (gzipped too), JSON Lines, RSS/Atom, WARC.
    Example:
      storyline ingest examples/ https://example.org/news.html feed.xml
    """
    opts = _options(ctx, db, allow_private=allow_private or None, clean=False if no_clean else None, **limits)
    store = Store(opts.db)
    result = pipeline.ingest(list(inputs), opts, store, on_error=lambda e: _err(str(e)))
    click.echo(f"{result.summary()} -> {opts.db}", err=True)
    ctx.exit(1 if result.errors else 0)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@db_option
@click.pass_context
def articles(ctx, as_json, db):
    """List stored articles.

    \b
    Example:
      storyline articles --json
    """
    store = Store(_options(ctx, db).db)
    rows = [
        {"id": a.id, "outlet": a.outlet, "published": a.published, "title": a.title,
         "words": len(a.text.split()), "story": store.story_of(a.id)}
        for a in store.articles()
    ]
    if as_json:
        click.echo(_dump(rows))
        return
    for r in rows:
        click.echo(f"{r['id']}  {r['published'] or '?':25.25}  {(r['outlet'] or '?'):20.20}  {r['title'] or ''}")


@main.command()
@click.argument("article")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@db_option
@click.pass_context
def show(ctx, article, as_json, db):
    """Show one article: clean text, removed pieces, repairs, damage notes, metadata.

    \b
    ARTICLE is an id or a unique id prefix. Example:
      storyline show 679f17ff
    """
    store = Store(_options(ctx, db).db)
    art = store.get_article(article)
    if as_json:
        d = art.to_dict()
        d.pop("offset_map")
        d["revisions"] = [r["revision"] for r in store.revisions(art.id)]
        click.echo(_dump(d))
        return
    click.echo(f"id:        {art.id}")
    for k in ("title", "outlet", "published", "url", "language", "author"):
        click.echo(f"{k + ':':10} {getattr(art, k) or '-'}")
    click.echo(f"source:    {art.provenance.get('source', '-')}")
    click.echo("\n" + art.text.strip() + "\n")
    for kind, label in (("remove", "Removed"), ("repair", "Repaired"), ("damage", "Damage")):
        edits = [e for e in art.edits if e.kind == kind]
        if not edits:
            continue
        click.echo(f"{label} ({len(edits)}):")
        for e in edits:
            detail = f" -> {e.replacement!r}" if kind == "repair" else ""
            click.echo(f"  [{e.raw_start}:{e.raw_end}] {e.reason}: {e.text!r}{detail}")


@main.command()
@click.argument("query")
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@db_option
@click.pass_context
def search(ctx, query, limit, as_json, db):
    """Full-text search over stored articles (SQLite FTS5 syntax).

    \b
    Example:
      storyline search 'Maduro AND amnesty'
    """
    rows = Store(_options(ctx, db).db).search(query, limit)
    if as_json:
        click.echo(_dump(rows))
        return
    for r in rows:
        click.echo(f"{r['id']}  {r['title'] or ''}\n    {r['snippet']}")


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, default=True, help="JSON Lines output (the default).")
@click.option("--processes", "-p", type=int, default=None, help="Worker processes (default: the machine's cores).")
@fetch_options
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write to FILE instead of stdout.")
@click.option("--dask", "use_dask", is_flag=True, help="Map the work over Dask (needs -o; local processes unless --scheduler).")
@click.option("--scheduler", default=None, metavar="ADDR", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786.")
@click.pass_context
def annotate(ctx, inputs, as_json, processes, allow_private, output, use_dask, scheduler, **limits):
    """Annotate inputs (no store needed): entities, quotes, quantities, dates, attributions, hedges, claims.

    \b
    One JSON object per article (schema: docs/annotations.md). Example:
      storyline annotate examples/*.txt --json > annotations.jsonl
    """
    opts = _options(ctx, processes=processes or default_processes(), allow_private=allow_private or None, **limits)
    if use_dask or scheduler:
        from .pipeline.batch import annotate_with_dask

        if not output:
            raise click.UsageError("--dask writes to a file: give -o FILE")
        counts = annotate_with_dask(list(inputs), opts, output, scheduler=scheduler)
        _report_errors(counts["errors"])
        click.echo(f"{counts['articles']} articles annotated, {counts['failed']} inputs failed -> {output}", err=True)
        ctx.exit(1 if counts["failed"] else 0)
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    failed = 0
    try:
        for item in pipeline.annotate_inputs(list(inputs), opts):
            if isinstance(item, InputError):
                failed += 1
                _err(str(item))
                continue
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    finally:
        if output:
            out.close()
    ctx.exit(1 if failed else 0)


@main.command()
@click.option("--rebuild", is_flag=True, help="Forget the stories and stream the whole store again.")
@db_option
@click.pass_context
def cluster(ctx, rebuild, db):
    """Group stored articles into stories (incremental and idempotent).

    \b
    Example:
      storyline cluster && storyline stories
    """
    opts = _options(ctx, db)
    store = Store(opts.db)
    failed: list[InputError] = []
    pipeline.annotate_store(store, opts, on_error=lambda e: (failed.append(e), _err(str(e))))
    if rebuild:
        pipeline.cluster(store, opts, rebuild=True)
        changed = "all rebuilt"
    else:  # the incremental step alone: no read of every story back
        changed = f"{len(pipeline.update_stories(store, opts))} changed"
    click.echo(f"{store.count('stories')} stories ({changed}), {store.count()} articles", err=True)
    ctx.exit(1 if failed else 0)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@db_option
@click.pass_context
def stories(ctx, as_json, db):
    """List stories.

    \b
    Example:
      storyline stories --json
    """
    rows = Store(_options(ctx, db).db).stories()
    if as_json:
        click.echo(_dump(rows))
        return
    for s in rows:
        click.echo(f"{s['id']}  {len(s.get('articles', [])):3d} articles  {s.get('title') or ''}")


@main.command()
@click.argument("story")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write to FILE.")
@db_option
@check_overrides
@click.pass_context
def report(ctx, story, fmt, output, db, **checks):
    """Write the comparison report of one story.

    \b
    STORY is a story id or unique prefix. Example:
      storyline report 1a2b3c --format html -o story.html
    """
    opts = _options(ctx, db, **checks)
    text = pipeline.report(Store(opts.db), story, fmt, opts)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(output, err=True)
    else:
        click.echo(text)


@main.command()
@click.argument("inputs", nargs=-1)
@click.option("-o", "--output", "out_dir", default="out", show_default=True, help="Folder for the reports.")
@fetch_options
@click.option("--processes", "-p", type=int, default=None, help="Worker processes (default: the machine's cores).")
@click.option("--scheduler", default=None, metavar="ADDR",
              help="Compare the changed stories on this Dask scheduler (e.g. tcp://10.0.0.5:8786).")
@db_option
@check_overrides
@click.pass_context
def run(ctx, inputs, out_dir, allow_private, processes, scheduler, db, **limits):
    """The main job: ingest, annotate, cluster, compare, and write the reports of the stories that changed.

    \b
    With no INPUTS the store is brought up to date (e.g. after `storyline load`).
    Example:
      storyline run examples/ -o out && xdg-open out/index.html
    """
    opts = _options(ctx, db, allow_private=allow_private or None, processes=processes or default_processes(),
                    **limits)
    if scheduler:
        from .pipeline.batch import connect

        with connect(scheduler) as client:
            result = pipeline.run(list(inputs), opts, out_dir, on_error=lambda e: _err(str(e)), client=client)
    else:
        result = pipeline.run(list(inputs), opts, out_dir, on_error=lambda e: _err(str(e)))
    click.echo(f"ingest: {result.ingest.summary()}; {len(result.reports)} report(s) written", err=True)
    for sid, paths in result.reports.items():
        click.echo(f"story {sid}: {paths['html']}")
    if result.index:
        click.echo(f"index: {result.index}")
    ctx.exit(1 if result.ingest.errors or result.errors else 0)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for the shards (shared by the workers).")
@click.option("--scheduler", default=None, metavar="ADDR",
              help="Dask scheduler address (default: a LocalCluster of -p workers).")
@click.option("--processes", "-p", type=int, default=None, help="LocalCluster workers (default: the machine's cores).")
@click.option("--partition-size", type=int, default=None, help="Records per partition (default 50).")
@fetch_options
@click.option("--no-clean", is_flag=True, help="Keep the text as received, without cleaning.")
@click.pass_context
def batch(ctx, inputs, out_dir, scheduler, processes, partition_size, allow_private, no_clean, **limits):
    """Ingest, clean and annotate on a Dask cluster: each worker writes its shards to DIR.

    \b
    Started again after a crash, it skips the shards already written. Then
    `storyline load DIR` brings them into the store and `storyline run` goes on.
    Example:
      storyline batch news.jsonl -o shards/ && storyline load shards/ && storyline run -o out
    """
    from .pipeline.batch import PARTITION_RECORDS, run_batch

    opts = _options(ctx, processes=processes or default_processes(), allow_private=allow_private or None,
                    clean=False if no_clean else None, **limits)
    result = run_batch(list(inputs), opts, out_dir, scheduler=scheduler,
                       partition_size=partition_size or PARTITION_RECORDS)
    _report_errors(result.errors)
    busy = ", ".join(f"{w}: {n}" for w, n in sorted(result.tasks_per_worker.items())) or "none"
    click.echo(f"{result.articles} articles in {result.partitions} partitions ({result.skipped} shards already done, "
               f"{len(result.errors)} failed) -> {out_dir}; tasks per worker: {busy}", err=True)
    ctx.exit(1 if result.errors else 0)


@main.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@db_option
@click.pass_context
def load(ctx, directory, db):
    """Bring the shards of `storyline batch` into the store (articles and annotations, nothing re-annotated).

    \b
    Example:
      storyline load shards/ && storyline run -o out
    """
    from .pipeline.batch import load_shards

    opts = _options(ctx, db)
    store = Store(opts.db)
    result = load_shards(directory, store, opts)
    click.echo(f"{result.shards} shards: {result.new} new, {result.revised} revised, {result.unchanged} unchanged, "
               f"{result.annotations} annotations, {len(result.errors)} inputs had failed in the batch -> {opts.db}",
               err=True)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--token", envvar="STORYLINE_TOKEN", default=None,
              help="Access token (required on a non-loopback host; or $STORYLINE_TOKEN).")
@db_option
@click.pass_context
def serve(ctx, host, port, token, db):
    """Serve the web UI and JSON API over the store.

    \b
    Example:
      storyline serve --port 8000      # then open http://127.0.0.1:8000
    """
    from .web import serve as serve_app

    serve_app(_options(ctx, db), host=host, port=port, token=token)


@main.group(name="eval")
def eval_group():
    """Measure storyline on labelled data (prints a table)."""


@eval_group.command(name="clustering")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--baseline", type=click.Choice(["tfidf", "none"]), default="tfidf", show_default=True,
              help="Also cluster the file with TF-IDF average-link (threshold chosen on the other shared set).")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@click.pass_context
def eval_clustering(ctx, path, baseline, as_json):
    """Story clustering as `ingest` + `cluster` run it: B³, pairwise F1 and ARI against
    the gold `story` field, beside the baseline's on the same file.

    \b
    Example:
      storyline eval clustering ../shared/data/ecbplus/dev.jsonl
    """
    from .eval.clustering import eval_clustering as run_eval

    res = run_eval(path, ctx.obj, baseline=baseline)
    if as_json or "baseline" not in res:
        _print_scores(res, as_json)
        return
    ours, base = res["storyline"], res["baseline"]
    for e in res.get("skipped", []):
        _err(f"skipped: {e}")
    click.echo(f"file: {res['file']}")
    click.echo(f"{'':22} {'storyline':>10} {'baseline':>10}")
    for k in ("b3_precision", "b3_recall", "b3_f1", "pairwise_f1", "ari", "predicted_stories", "gold_stories"):
        click.echo(f"{k:22} {_fmt(ours[k]):>10} {_fmt(base[k]):>10}")
    click.echo(f"baseline: {base['method']}, cosine threshold {base['threshold']} "
               f"(chosen on {base['threshold_chosen_on']})")
    click.echo(f"seconds: {ours['seconds']}")


@eval_group.command(name="alignment")
@click.argument("docs", type=click.Path(exists=True, dir_okay=False))
@click.argument("events", type=click.Path(exists=True, dir_okay=False))
@click.option("--mode", "modes", type=click.Choice(["pipeline", "gold"]), multiple=True,
              help="pipeline: stories clustered as `run` does; gold: the gold stories (alignment alone). Default both.")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@check_overrides
@click.pass_context
def eval_alignment(ctx, docs, events, modes, as_json, **checks):
    """Claim alignment: pair precision and recall@1/@2 against gold cross-document event chains.

    Runs ingest, annotate, cluster and compare on DOCS (JSON Lines with a gold `story`)
    in a temporary store; EVENTS holds each document's gold event mentions (character
    offsets into its `text`, a cross-document `chain` id). Each figure is printed for
    the fitted pair model ("model") and the lexical baseline ("lexical").

    \b
    Example:
      storyline eval alignment ../shared/data/ecbplus/dev.jsonl ../shared/data/ecbplus/events_dev.jsonl
    """
    from .eval.alignment import eval_alignment as run_eval

    _print_scores(run_eval(docs, events, _options(ctx, **checks), modes=tuple(modes) or ("pipeline", "gold")), as_json)


@eval_group.command(name="timex")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
def eval_timex(path, as_json):
    """Temporal expressions: span and value P/R/F1 against gold TIMEX3 (MEANTIME format).

    \b
    Example:
      storyline eval timex ../shared/data/meantime/timex.jsonl
    """
    from .eval.timex import eval_timex as run_eval

    _print_scores(run_eval(path), as_json)


def _print_scores(scores: dict, as_json: bool) -> None:
    if as_json:
        click.echo(_dump(scores))
        return
    for k, v in scores.items():
        if isinstance(v, dict):
            click.echo(f"{k}:")
            for k2, v2 in v.items():
                if isinstance(v2, dict):
                    click.echo(f"  {k2}:")
                    for k3, v3 in v2.items():
                        click.echo(f"    {k3:26} {_fmt(v3)}")
                else:
                    click.echo(f"  {k2:28} {_fmt(v2)}")
        else:
            click.echo(f"{k:30} {_fmt(v)}")


def _fmt(v) -> str:
    return f"{v:.4f}" if isinstance(v, float) else str(v)


if __name__ == "__main__":
    main()
