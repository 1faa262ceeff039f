"""Hostile and unlucky input: every crash once found becomes a test here. One bad record is
one error and the rest of the batch goes on; no input blocks the store."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline import pipeline
from storyline.cli import main
from storyline.errors import InputError
from storyline.ingest import read_inputs
from storyline.options import MAX_ANNOTATE_CHARS, MAX_JSON_DEPTH, MAX_TOKEN_CHARS
from storyline.options import Options
from storyline.records import Article, content_hash
from storyline.store import Store

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "000_679f17ff1aa3734c.txt"

EXTREME_DATES = [
    {"id": "p3", "published": "0001-01-01", "text": "Talks end\n\nThe talks ended on Friday, officials said."},
    {"id": "p4", "published": "9999-12-31", "text": "Talks resume\n\nThe talks will resume on Monday, officials said."},
    {"id": "p5", "published": "0001-01-01T00:00:00+14:00", "text": "Talks pause\n\nThe talks paused on Friday."},
]
GOOD = {"id": "ok1", "published": "2024-03-01", "text": "Floods hit\n\nFloods hit the town on Friday, officials said."}


def jsonl(path: Path, rows: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def read(*inputs, options=Options()):
    items = list(read_inputs([str(i) for i in inputs], options))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, InputError)]


def invoke(*args):
    return CliRunner().invoke(main, ["-q", *args], catch_exceptions=False)


# --- dates --------------------------------------------------------------------------

def test_extreme_publication_dates_are_cleared_with_a_note(tmp_path):
    arts, errs = read(jsonl(tmp_path / "d.jsonl", [*EXTREME_DATES, GOOD]))
    assert not errs and len(arts) == 4
    by = {a.id: a for a in arts}
    for i in ("p3", "p4", "p5"):
        assert by[i].published is None
        assert "outside 1800-2200" in by[i].metadata["published_refused"]
    assert by["ok1"].published == "2024-03-01T00:00:00+00:00"


def test_html_published_time_of_year_one_is_not_used(tmp_path):
    page = tmp_path / "p.html"
    body = SEED.read_text("utf-8").split("\n\n")
    page.write_text('<html><head><meta property="article:published_time" content="0001-01-01T00:00:00+14:00">'
                    "<title>t</title></head><body>" + "".join(f"<p>{p}</p>" for p in body) + "</body></html>",
                    encoding="utf-8")
    arts, errs = read(page)
    assert not errs and arts[0].published is None


@pytest.mark.parametrize("published", ["0001-01-01T00:00:00+00:00", "9999-12-31T00:00:00+00:00",
                                       "0001-01-01T00:00:00+14:00"])
def test_timexes_next_to_the_ends_of_the_calendar_do_not_overflow(published):
    from storyline.annotate.timex import tag_timexes

    text = "The talks ended on Friday and will resume on Monday, next week, in two days."
    found = {t["text"]: t["value"] for t in tag_timexes(text, published)}
    # what lies inside the calendar resolves; what would fall outside it is dropped
    assert found["two days"] == "P2D"
    assert ("Friday" in found) == published.startswith("9999") != ("Monday" in found)


def test_an_old_store_with_a_year_one_article_still_clusters(tmp_path):
    """Stored before dates were checked at the edge: annotate and cluster go on."""
    db = tmp_path / "s.db"
    store = Store(db)
    for r in [*EXTREME_DATES, GOOD]:
        store.add_article(Article(id=r["id"], raw_text=r["text"], text=r["text"], content_hash=content_hash(r["text"]),
                                  published=r["published"] if "T" in r["published"] else r["published"] + "T00:00:00+00:00"))
    store.close()
    res = invoke("--db", str(db), "cluster")
    assert res.exit_code == 0, res.output
    assert Store(db).count("story_articles") == 4


def test_an_article_the_annotator_fails_on_is_marked_and_skipped(tmp_path, monkeypatch):
    from storyline.annotate import run

    real = run.annotate_doc

    def flaky(doc, art, *rest):
        if art.id == "bad":
            raise OverflowError("date value out of range")
        return real(doc, art, *rest)

    monkeypatch.setattr(run, "annotate_doc", flaky)
    store = Store(tmp_path / "s.db")
    for i, t in (("bad", "Talks end. The talks ended on Friday."), ("good", GOOD["text"])):
        store.add_article(Article(id=i, raw_text=t, text=t, content_hash=content_hash(t)))
    errors = []
    done = pipeline.annotate_store(store, Options(progress=False), on_error=errors.append)
    assert done == ["good"] and len(errors) == 1
    assert str(errors[0]) == "article bad: annotation failed (OverflowError: date value out of range)"
    # marked: the next run neither retries it nor reports it again, and clustering goes on
    errors.clear()
    assert pipeline.annotate_store(store, Options(progress=False), on_error=errors.append) == [] and not errors
    pipeline.update_stories(store, Options(progress=False))
    assert store.story_of("bad") and store.story_of("good")
    for sid in {store.story_of("bad"), store.story_of("good")}:
        pipeline.compare(store, sid, Options(progress=False))


# --- text encodings and JSON ---------------------------------------------------------

def test_lone_surrogate_in_json_is_replaced_and_noted(tmp_path):
    p = tmp_path / "s.jsonl"
    p.write_text('{"id":"s1","text":"bad \\ud800 here","title":"x\\udfff"}\n{"id":"s2","text":"good text"}\n',
                 encoding="utf-8")
    arts, errs = read(p)
    assert not errs and [a.id for a in arts] == ["s1", "s2"]
    assert arts[0].raw_text == "bad \ufffd here" and arts[0].title == "x\ufffd"
    assert arts[0].metadata["surrogates_replaced"] == 2
    store = Store(tmp_path / "s.db")
    res = pipeline.ingest([str(p)], Options(progress=False), store)
    assert sorted(res.new) == ["s1", "s2"] and not res.errors


def test_a_bad_jsonl_line_costs_only_that_line(tmp_path):
    p = tmp_path / "b.jsonl"
    p.write_text("\n".join([
        '{"id":"big","text":"x","n":' + "1" * 5000 + "}",
        '{"id":"deep","text":"x","n":' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"id":"deep2","text":"x","n":' + "[" * (MAX_JSON_DEPTH + 5) + "]" * (MAX_JSON_DEPTH + 5) + "}",
        '{"id":"good","text":"A good line of text."}',
    ]) + "\n", encoding="utf-8")
    arts, errs = read(p)
    assert [a.id for a in arts] == ["good"]
    assert [str(e) for e in errs] == [
        f"{p}:1: invalid JSON number (Exceeds the limit (4300 digits) for integer string conversion)",
        f"{p}:2: JSON nested deeper than {MAX_JSON_DEPTH} levels",
        f"{p}:3: JSON nested deeper than {MAX_JSON_DEPTH} levels",
    ]


def test_repeated_identical_lines_are_read_once_and_counted(tmp_path):
    p = tmp_path / "same.jsonl.gz"
    p.write_bytes(gzip.compress(b'{"id":"same","text":"The same line again."}\n' * 2000))
    store = Store(tmp_path / "s.db")
    res = pipeline.ingest([str(p)], Options(progress=False), store)
    assert res.new == ["same"] and res.unchanged == [] and res.repeated == {"same": 1999}
    assert "1999 repeats of an id (listed once)" in res.summary()


# --- WARC ---------------------------------------------------------------------------

def _warc(path: Path, encodings: list[str]) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = "<html><head><title>t</title></head><body>" + "".join(
        f"<p>{p}</p>" for p in SEED.read_text("utf-8").split("\n\n")) + "</body></html>"
    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=False)
        for k, ce in enumerate(encodings):
            body = page.encode() if ce != "gzip" else gzip.compress(page.encode())
            headers = [("Content-Type", "text/html")] + ([("Content-Encoding", ce)] if ce else [])
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(f"https://example.org/{k}", "response", payload=io.BytesIO(body),
                                                http_headers=http))
    return path


def test_warc_record_in_an_unsupported_encoding_is_one_error(tmp_path):
    bad = _warc(tmp_path / "br.warc", ["br", "", "gzip"])
    good = _warc(tmp_path / "good.warc", [""])
    arts, errs = read(bad, good)
    assert len(arts) == 3  # the other two records of the first file, and the second file
    assert [str(e) for e in errs] == [
        f"{bad}#record1 (https://example.org/0): Content-Encoding 'br' is not supported"]


# --- search ---------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["NEAR(a* a*)", "NEAR(talk* talk*)", '"unbalanced', "AND OR", "*"])
def test_odd_fts5_queries_answer_without_error(tmp_path, query):
    store = Store(tmp_path / "s.db")
    t = "A talk a day: talks and more talks, a plan."
    store.add_article(Article(id="a", raw_text=t, text=t, content_hash=content_hash(t)))
    assert isinstance(store.search(query), list)


# --- bounded work -------------------------------------------------------------------

def test_an_overlong_token_is_kept_but_not_split():
    from storyline.clean import clean_article

    word = "a" * 20_000 + "amnestyincluding"
    art = Article(id="w", raw_text=f"Headline\n\nThe word {word} and amnestyincluding here.\n")
    out = clean_article(art)
    assert word in out.text  # kept whole
    assert "amnesty including" in out.text  # short glued words are still split
    from storyline.clean.glue import split_glued

    assert split_glued("x" * (MAX_TOKEN_CHARS + 1)) is None


def test_an_overlong_article_is_annotated_up_to_the_cap():
    from storyline.annotate import annotate_text

    para = SEED.read_text("utf-8").split("\n\n")[1] + "\n\n"
    text = para * (MAX_ANNOTATE_CHARS // len(para) + 3)
    ann = annotate_text(text)
    cut = ann["damage"][-1]
    assert cut["reason"].startswith("not annotated") and cut["end"] == len(text)
    assert cut["start"] <= MAX_ANNOTATE_CHARS
    assert max(s["end"] for s in ann["sentences"]) <= cut["start"]


# --- concurrency --------------------------------------------------------------------

def _ingest_into(db: str, src: str, out) -> None:
    try:
        res = pipeline.ingest([src], Options(progress=False), Store(db))
        out.put(("ok", len(res.new), len(res.unchanged), len(res.errors)))
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which fails the test
        out.put(("error", f"{type(exc).__name__}: {exc}"))


def _read_while(db: str, stop, out) -> None:
    import time

    from storyline.errors import StoreError

    seen, errors = 0, []
    while not stop.is_set():
        try:
            store = Store(db, readonly=True)
        except StoreError:  # no writer has created the schema yet
            assert seen == 0
            continue
        try:
            seen = max(seen, store.count())
            store.search("talks")
            store.close()
        except Exception as exc:  # noqa: BLE001
            errors.append(f"{type(exc).__name__}: {exc}")
        time.sleep(0.005)
    out.put(("reader", seen, errors))


def test_two_writers_and_a_reader_on_a_new_store(tmp_path):
    """Two ingests of one file into a store neither has created yet, and a reader: no
    error, every article stored once."""
    import multiprocessing as mp

    src = jsonl(tmp_path / "a.jsonl", [{"id": f"a{i}", "text": f"Talks {i}\n\nThe talks went on for day {i}, officials said."}
                                      for i in range(40)])
    db = str(tmp_path / "c.db")
    ctx = mp.get_context("fork")
    out, stop = ctx.Queue(), ctx.Event()
    Store(db).close()  # the reader opens an existing file; the writers race on the rest
    (tmp_path / "c.db").unlink()
    writers = [ctx.Process(target=_ingest_into, args=(db, str(src), out)) for _ in range(2)]
    for w in writers:
        w.start()
    while not (tmp_path / "c.db").exists():
        pass
    reader = ctx.Process(target=_read_while, args=(db, stop, out))
    reader.start()
    for w in writers:
        w.join(60)
    stop.set()
    reader.join(30)
    results = [out.get(timeout=5) for _ in range(3)]
    oks = [r for r in results if r[0] == "ok"]
    assert len(oks) == 2, results
    assert sum(r[1] for r in oks) == 40 and sum(r[2] for r in oks) == 40 and not any(r[3] for r in oks)
    (rd,) = [r for r in results if r[0] == "reader"]
    assert rd[2] == [], rd[2][:3]
    assert Store(db).count() == 40


def test_a_gzip_bomb_is_refused_by_its_ratio(tmp_path):
    from storyline.options import DECOMPRESSION_FLOOR, MAX_DECOMPRESSION_RATIO

    bomb = gzip.compress(b'{"id":"z","text":"' + b"a" * (MAX_DECOMPRESSION_RATIO * DECOMPRESSION_FLOOR * 2) + b'"}\n')
    for name in ("bomb.jsonl.gz", "bomb.txt.gz"):
        (tmp_path / name).write_bytes(bomb)
        arts, errs = read(tmp_path / name)
        assert not arts and len(errs) == 1
        assert "likely decompression bomb" in str(errs[0]) or "line longer than" in str(errs[0]), str(errs[0])


def test_feed_with_internal_entities_is_refused(tmp_path):
    p = tmp_path / "lol.xml"
    p.write_text('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaaaaaaaaaaaa">'
                 '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                 '<rss version="2.0"><channel><title>t</title><item><title>x</title>'
                 '<description>&b;&b;&b;</description></item></channel></rss>', encoding="utf-8")
    good = tmp_path / "ok.txt"
    good.write_text(SEED.read_text("utf-8"), encoding="utf-8")
    arts, errs = read(p, good)
    assert len(arts) == 1 and [str(e) for e in errs] == [
        f"{p}: feed declares XML entities (<!ENTITY ...>): refused, they can expand without bound"]


def test_long_runs_are_tokenized_in_pieces_and_the_text_kept_exact():
    from storyline.annotate.run import DISABLE, _tokenize
    from storyline.options import MAX_CHUNK_CHARS
    from storyline.nlp import load

    text = "Headline\n\nHe said " + "“" * 8000 + " and " + "A" * 5000 + ".\n"
    doc = _tokenize(load(DISABLE), text)
    assert doc.text == text and max(len(t) for t in doc) <= MAX_CHUNK_CHARS


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-16-be"])
def test_utf16_and_utf32_with_a_bom_are_read(tmp_path, encoding):
    text = SEED.read_text("utf-8")
    p = tmp_path / "wide.txt"
    p.write_bytes(("\ufeff" if encoding.endswith("be") else "").encode(encoding) + text.encode(encoding))
    arts, errs = read(p)
    assert not errs and arts[0].raw_text.strip() == text.strip()


def test_infinity_in_json_stays_valid_json(tmp_path):
    p = jsonl(tmp_path / "inf.jsonl", ['{"id":"i","text":"Some text here.","score":1e999,"x":NaN,"y":-Infinity}'])
    arts, errs = read(p)
    assert not errs and arts[0].metadata["score"] == "1e999" and arts[0].metadata["x"] == "NaN"
    json.loads(json.dumps(arts[0].to_dict(), allow_nan=False))


def test_feed_with_a_long_doctype_is_recognised(tmp_path):
    p = tmp_path / "dt.xml"
    p.write_text('<?xml version="1.0"?><!DOCTYPE rss [' + "<!-- " + "x" * 9000 + " -->" + ']>'
                 '<rss version="2.0"><channel><title>t</title><item><title>x</title>'
                 '<description>Talks ended on Friday, officials said, after a long week.</description>'
                 "</item></channel></rss>", encoding="utf-8")
    arts, errs = read(p)
    assert [a.raw_text for a in arts] == ["Talks ended on Friday, officials said, after a long week."], errs


def test_a_story_that_cannot_be_compared_is_one_error_and_the_rest_goes_on(tmp_path, monkeypatch):
    import storyline.compare as compare_mod

    store = Store(tmp_path / "s.db")
    texts = {"x1": "Floods hit Lagos\n\nFloods hit Lagos on Friday, officials said.",
             "y1": "Chess final in Oslo\n\nThe chess final in Oslo ended in a draw on Sunday."}
    for i, t in texts.items():
        store.add_article(Article(id=i, raw_text=t, text=t, content_hash=content_hash(t), published="2024-03-01T00:00:00+00:00"))
    real = compare_mod.compare_story

    def flaky(story, articles, annotations, copies, *settings, **kw):
        if any(a.id == "x1" for a in articles):
            raise ZeroDivisionError("division by zero")
        return real(story, articles, annotations, copies, *settings, **kw)

    monkeypatch.setattr(compare_mod, "compare_story", flaky)
    errors = []
    done = pipeline.process_new(store, Options(progress=False), on_error=errors.append)
    bad = store.story_of("x1")
    assert done == [store.story_of("y1")] and bad != done[0]
    assert [str(e) for e in errors] == [f"story {bad}: comparison failed (ZeroDivisionError: division by zero)"]


def test_one_id_many_times_in_one_input_is_listed_once(tmp_path):
    rows = [{"id": "same", "text": f"Version {i} of the same article, with its own words."} for i in range(50)]
    store = Store(tmp_path / "s.db")
    res = pipeline.ingest([str(jsonl(tmp_path / "v.jsonl", rows))], Options(progress=False), store)
    assert res.new == ["same"] and res.revised == [] and res.repeated == {"same": 49}
    assert store.get_article("same").raw_text.startswith("Version 49")  # the last version is kept


def test_an_article_that_cannot_be_cleaned_or_stored_is_one_error(tmp_path, monkeypatch):
    import storyline.clean as clean_mod

    real = clean_mod.clean_article

    def flaky(art):
        if art.id == "c1":
            raise IndexError("list index out of range")
        return real(art)

    monkeypatch.setattr(clean_mod, "clean_article", flaky)
    src = jsonl(tmp_path / "c.jsonl", [{"id": i, "text": f"Article {i} with some words in it."} for i in ("c1", "c2", "c3")])
    store = Store(tmp_path / "s.db")
    real_add = store.add_article

    def add(art):
        if art.id == "c2":
            raise ValueError("bad value")
        return real_add(art)

    monkeypatch.setattr(store, "add_article", add)
    res = pipeline.ingest([str(src)], Options(progress=False), store)
    assert res.new == ["c3"]
    assert [str(e) for e in res.errors] == [
        f"{src} (article c1): cleaning failed (IndexError: list index out of range)",
        "article c2: storing failed (ValueError: bad value)"]
