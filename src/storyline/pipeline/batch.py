"""Batches too big for one process: ingest, clean and annotate mapped over a Dask cluster.

``run_batch`` splits the inputs into partitions of *records* (a JSON Lines file into
ranges of lines, other files and URLs into groups), and a ``dask.bag`` maps
``process_partition`` over them: each worker reads, cleans and annotates its partition
and writes one shard (JSON Lines: the article record and its annotation per line) to the
output folder itself. Only a few numbers per partition come back to the client, so its
memory does not grow with the results. A shard is named by the hash of its partition's
bytes (and of what changes the output: annotation version, cleaning, ``--today``) and
written atomically, so a batch started again after a crash skips the finished shards.
``load_shards`` then brings the shards into a store without annotating again; clustering
and comparison run on the store (``storyline run``; its comparisons can run on the same
cluster). Workers must see the input paths and the output folder (a shared filesystem).
Dask is an optional extra (``pip install storyline[dask]``).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ..errors import ExtraMissing, InputError, StorylineError
from ..options import Options
from ..records import Article

SHARD_FORMAT = "shard-1"  # bump when a shard's rows change
PARTITION_RECORDS = 50  # records per partition: small enough to balance 1,000 articles over many workers
MANIFEST = "manifest.json"


def _dask():
    try:
        import dask.bag as db
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise ExtraMissing("the batch (cluster) mode", "dask", exc.name or str(exc)) from exc
    return db, Client, LocalCluster


# -- planning (client side: paths and byte offsets only) -------------------------------
def _files(item: str) -> Iterator[str]:
    from ..ingest import files_under

    p = Path(item)
    if p.is_dir():  # the files read_directory reads, in its order
        yield from (str(f) for f in files_under(p))
    else:
        yield item


def _is_plain_jsonl(path: str) -> bool:
    from ..ingest.sniff import SNIFF_BYTES, is_gzip, sniff

    try:
        with open(path, "rb") as fh:
            head = fh.read(SNIFF_BYTES)
        return bool(head) and not is_gzip(head) and sniff(head, path, path) == "jsonl"
    except (OSError, InputError):  # the worker reports it when it reads the file
        return False


def _line_ranges(path: str, size: int) -> Iterator[dict[str, Any]]:
    """Partitions of ``size`` lines of a JSON Lines file, as byte ranges (one pass, flat memory)."""
    with open(path, "rb") as fh:
        start = fh.tell()
        first = line = 1
        count = 0
        for raw in fh:
            line += 1
            count += 1
            if count >= size:
                end = fh.tell()
                yield {"kind": "lines", "path": path, "first_line": first, "start": start, "end": end}
                start, first, count = end, line, 0
        end = fh.tell()
        if end > start:
            yield {"kind": "lines", "path": path, "first_line": first, "start": start, "end": end}


def plan_partitions(inputs: list[str], size: int = PARTITION_RECORDS) -> Iterator[dict[str, Any]]:
    """Partition descriptors in input order: line ranges of JSON Lines files, groups of other inputs."""
    from ..ingest.fetch import is_url

    group: list[str] = []
    for item in inputs:
        if item == "-":
            raise StorylineError("batch reads files, directories and URLs, not stdin")
        for path in ([item] if is_url(item) else _files(item)):
            if not is_url(path) and Path(path).is_file() and _is_plain_jsonl(path):
                if group:
                    yield {"kind": "inputs", "items": group}
                    group = []
                yield from _line_ranges(path, size)
                continue
            group.append(path)  # a whole input: one text or HTML page, a feed, a WARC, a URL
            if len(group) >= size:
                yield {"kind": "inputs", "items": group}
                group = []
    if group:
        yield {"kind": "inputs", "items": group}


# -- the worker's task ----------------------------------------------------------------
def _partition_hash(desc: dict[str, Any], options: Options) -> tuple[str, bytes | None]:
    """The shard's name (a hash of the partition's bytes and the settings that shape its
    output) and, for a line range, the bytes themselves (read once)."""
    from ..annotate import ANNOTATION_VERSION

    h = hashlib.sha256()
    settings = {"format": SHARD_FORMAT, "annotation": ANNOTATION_VERSION, "clean": options.clean,
                "today": options.today, "max_bytes": options.max_bytes,
                "desc": {k: v for k, v in desc.items() if k not in ("start", "end")}}
    h.update(json.dumps(settings, sort_keys=True).encode())
    data = None
    if desc["kind"] == "lines":
        with open(desc["path"], "rb") as fh:
            fh.seek(desc["start"])
            data = fh.read(desc["end"] - desc["start"])
        h.update(data)
    else:
        for item in desc["items"]:
            h.update(b"\0" + item.encode())
            try:
                with open(item, "rb") as fh:
                    for block in iter(lambda: fh.read(1 << 20), b""):
                        h.update(block)
            except OSError:  # a URL, or unreadable: named only; the reader reports the error
                pass
    return h.hexdigest()[:32], data


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):
        return "local"


def process_partition(desc: dict[str, Any], options: Options, out_dir: str) -> dict[str, Any]:
    """Read, clean and annotate one partition and write its shard; return a small summary."""
    from ..annotate import annotate_articles
    from . import clean_items, read_articles

    key, data = _partition_hash(desc, options)
    shard = Path(out_dir) / f"{key}.jsonl"
    summary: dict[str, Any] = {"shard": shard.name, "worker": _worker_name(), "skipped": False, "errors": []}
    if shard.exists():  # finished by an earlier run
        n = 0
        with shard.open("rb") as fh:
            for line in fh:
                if line.startswith(b'{"error"'):
                    row = json.loads(line)
                    summary["errors"].append(f"{row['source']}: {row['error']}")
                else:
                    n += 1
        summary.update(skipped=True, articles=n)
        return summary
    if desc["kind"] == "lines":
        from ..ingest.jsonl import read_jsonl

        items = clean_items(read_jsonl(io.BytesIO(data or b""), desc["path"], options.max_bytes,
                                       first_line=desc["first_line"]), options)
    else:
        items = read_articles(desc["items"], options)
    articles: list[Article] = []
    lines: list[str] = []
    for item in items:
        if isinstance(item, InputError):
            lines.append(json.dumps({"error": item.reason, "source": item.source}, ensure_ascii=False))
            summary["errors"].append(str(item))
        else:
            articles.append(item)
    for art, ann in zip(articles, annotate_articles(articles, options.with_(processes=1))):
        lines.append(json.dumps({"article": art.to_dict(), "annotation": ann}, ensure_ascii=False))
    tmp = shard.with_name(f".{shard.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write("".join(line + "\n" for line in lines))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, shard)  # atomic: a shard is whole or absent
    summary["articles"] = len(articles)
    return summary


# -- the client -----------------------------------------------------------------------
@dataclass
class BatchResult:
    partitions: int = 0
    articles: int = 0
    skipped: int = 0  # shards already written by an earlier run
    errors: list[str] = field(default_factory=list)
    tasks_per_worker: dict[str, int] = field(default_factory=dict)


def run_batch(inputs: list[str], options: Options, out_dir: str | Path, scheduler: str | None = None,
              partition_size: int = PARTITION_RECORDS, workers: int | None = None,
              local_processes: bool = True) -> BatchResult:
    """Ingest, clean and annotate ``inputs`` on a Dask cluster into shards under ``out_dir``.

    ``scheduler``: a scheduler address (``tcp://host:8786``); None starts a LocalCluster
    of ``workers`` (default ``options.processes``) single-threaded workers (threads in this
    process when ``local_processes`` is False).
    """
    db, Client, LocalCluster = _dask()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    descs = list(plan_partitions(list(inputs), max(1, partition_size)))
    if not descs:
        raise StorylineError("no inputs for the batch")
    bag = db.from_sequence(descs, npartitions=len(descs)).map(process_partition, options=options, out_dir=str(out))
    if scheduler:
        client = Client(scheduler)
        cluster = None
    else:
        n = max(1, workers or options.processes or 1)
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=local_processes,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        summaries = bag.compute()  # a few numbers per partition: shards stay on the workers' disk
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    result = BatchResult(partitions=len(descs))
    for s in summaries:
        result.articles += s["articles"]
        result.skipped += s["skipped"]
        result.errors.extend(s["errors"])
    result.tasks_per_worker = dict(Counter(s["worker"] for s in summaries if not s["skipped"]))
    tmp = out / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps({"format": SHARD_FORMAT, "shards": [s["shard"] for s in summaries]}, indent=1))
    os.replace(tmp, out / MANIFEST)
    return result


# -- loading ---------------------------------------------------------------------------
@dataclass
class LoadResult:
    shards: int = 0
    new: int = 0
    revised: int = 0
    unchanged: int = 0
    annotations: int = 0  # stored from the shards (none computed)
    errors: list[str] = field(default_factory=list)


def shard_paths(out_dir: str | Path, manifest_only: bool = False) -> list[Path]:
    """The shards of a folder: in the last batch's manifest (input) order, then (unless
    ``manifest_only``) any others by name."""
    out = Path(out_dir)
    if not out.is_dir():
        raise StorylineError(f"{out}: not a folder of batch shards")
    found = {p.name: p for p in out.glob("*.jsonl") if not p.name.startswith(".")}
    order: list[str] = []
    manifest = out / MANIFEST
    if manifest.exists():
        try:
            order = [n for n in json.loads(manifest.read_text())["shards"] if n in found]
        except (ValueError, KeyError, TypeError) as exc:
            raise StorylineError(f"{manifest}: not a batch manifest ({exc})") from None
    seen = set(order)
    rest = [] if manifest_only else [found[n] for n in sorted(found) if n not in seen]
    return [found[n] for n in order] + rest


def load_shards(out_dir: str | Path, store, options: Options) -> LoadResult:
    """Bring batch shards into ``store``: articles and their annotations, no annotating.

    An annotation of another version than this storyline's is not stored (the next
    ``run`` annotates that article again); one transaction per shard.
    """
    from ..annotate import ANNOTATION_VERSION

    result = LoadResult()
    for path in shard_paths(out_dir):
        result.shards += 1
        with store.transaction(), path.open("r", encoding="utf-8") as fh:
            for n, line in enumerate(fh, start=1):
                try:
                    row = json.loads(line)
                    if "error" in row:
                        result.errors.append(f"{row['source']}: {row['error']}")
                        continue
                    art = Article.from_dict(row["article"])
                    ann = row["annotation"]
                except (ValueError, KeyError, TypeError) as exc:
                    raise StorylineError(f"{path}:{n}: not a shard row ({exc})") from None
                status = {"new": "new", "revision": "revised", "unchanged": "unchanged"}[store.add_article(art)]
                setattr(result, status, getattr(result, status) + 1)
                if ann.get("version") == ANNOTATION_VERSION:
                    store.put_annotation(art.id, art.content_hash, ANNOTATION_VERSION, ann)
                    result.annotations += 1
    return result


def annotate_with_dask(inputs: list[str], options: Options, output: str | Path,
                       scheduler: str | None = None) -> dict[str, Any]:
    """``storyline annotate --dask``: the batch's shards (next to ``output``, kept so a
    restart resumes), then their annotations streamed into one JSON Lines file."""
    shards = Path(str(output) + ".shards")
    result = run_batch(inputs, options, shards, scheduler=scheduler)
    written = 0
    with open(output, "w", encoding="utf-8") as out:
        for path in shard_paths(shards, manifest_only=True):
            with path.open("r", encoding="utf-8") as fh:
                for line in fh:
                    row = json.loads(line)
                    if "annotation" in row:
                        out.write(json.dumps(row["annotation"], ensure_ascii=False) + "\n")
                        written += 1
    return {"articles": written, "failed": len(result.errors), "errors": result.errors}


def connect(scheduler: str):
    """A Dask client on ``scheduler`` (a context manager)."""
    _, Client, _ = _dask()
    return Client(scheduler)
