"""Fuzzing (hypothesis, a bounded number of examples): every reader and ``annotate`` on
generated and mutated inputs give Articles, annotations or one InputError each, never a
traceback, and no input takes longer than the per-example deadline. The long run (10,000+
inputs, timings) is ``benchmarks/fuzz_inputs.py``."""

from __future__ import annotations

from datetime import timedelta

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, example, given, settings, strategies as st  # noqa: E402

from storyline.clean import clean_article  # noqa: E402
from storyline.errors import InputError  # noqa: E402
from storyline.ingest import _guard, read_bytes  # noqa: E402
from storyline.options import Options  # noqa: E402
from storyline.records import Article  # noqa: E402

from fuzzcases import PARAS, templates  # noqa: E402  (tests/ is on the path)

OPTS = Options(max_bytes=2 * 1024 * 1024)
# generous: an example slower than this on a loaded machine is a hang, not noise
DEADLINE = timedelta(seconds=10)


TEMPLATES = templates()
HOSTILE = ["\ud800", "“" * 300, "a" * 3000, "0001-01-01", "9999-12-31T23:59:59-14:00", "[" * 200, "1" * 5000,
           "<!ENTITY x 'y'>", "\x00", "\u202e", "\ufeff", "NEAR(a* a*)", "&#xD800;", "<script>", "\r\n" * 50]


@st.composite
def mutated(draw):
    name, data = draw(st.sampled_from(TEMPLATES))
    data = bytearray(data)
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "hostile", "repeat"]))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[pos:pos + draw(st.integers(1, 200))]
        elif kind == "insert":
            data[pos:pos] = draw(st.binary(max_size=64))
        elif kind == "hostile":
            data[pos:pos] = draw(st.sampled_from(HOSTILE)).encode("utf-8", "surrogatepass")
        else:
            data[pos:pos] = data[pos:pos + 50] * draw(st.integers(2, 50))
    return name, bytes(data)


def read_all(name: str, data: bytes) -> list:
    items = list(_guard(name, lambda: read_bytes(data, name, OPTS, name=name)))
    out = []
    for item in items:
        assert isinstance(item, (Article, InputError)), type(item)
        if isinstance(item, Article):
            try:  # cleaning may refuse an article with one InputError (the pipeline reports it)
                item = clean_article(item)
            except InputError as exc:
                item = exc
            else:
                assert item.content_hash
        out.append(item)
    return out


@settings(max_examples=60, deadline=DEADLINE, database=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
@example(("a.xml", b'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><item><title>T</title>'
                   b"<description>&lt;p&ggt;Maduro says&lt;/p&gt;&lt;p&gt;Miraflores Press / EPA&lt;/p&gt;"
                   b"</description></item></channel></rss>"))  # cleaning leaves no text: one InputError
def test_readers_never_raise_on_mutated_inputs(case):
    read_all(*case)


@settings(max_examples=40, deadline=DEADLINE, database=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([n for n, _ in TEMPLATES]), st.binary(max_size=4096))
def test_readers_never_raise_on_random_bytes(name, data):
    read_all(name, data)


TEXT = st.text(alphabet=st.one_of(st.sampled_from(list("“”\"'‘’«».,;:!?-—()[]\n 0123456789$%")),
                                  st.characters(codec="utf-8")), max_size=1500)


@settings(max_examples=25, deadline=DEADLINE, database=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(TEXT, st.sampled_from(PARAS + HOSTILE)), min_size=1, max_size=6),
       st.sampled_from([None, "2024-03-01T00:00:00+00:00", "0001-01-01T00:00:00+00:00",
                        "9999-12-31T00:00:00+00:00", "2024-02-29T23:59:59-12:00"]))
def test_annotate_never_raises(parts, published):
    from storyline.annotate import annotate_text

    text = " ".join(parts).replace("\ud800", "")
    ann = annotate_text(text, published=published)
    assert "error" not in ann, ann.get("error")
    for s in ann["sentences"]:
        assert 0 <= s["start"] <= s["end"] <= len(text)
