"""Compare's per-story savings (issue 18): the report freed before the collector
resumes, and the per-claim caches giving what the uncached code gave."""

import contextlib
import weakref

from storyline import compare, pipeline
from storyline.options import CompareSettings
from storyline.compare import verdicts
from storyline.compare.modality import _form_keys, _modality


class _Report:  # stands for the typed report (weakref-able)
    pass


def test_report_freed_before_the_collector_resumes(monkeypatch, tmp_path):
    refs, alive_when_resumed = [], []

    def outcome(store, sid, settings, typed=False):
        r = _Report()
        refs.append(weakref.ref(r))
        return "report", (r, {"id": sid})

    @contextlib.contextmanager
    def paused():
        yield
        alive_when_resumed.append(refs[0]() is not None)

    monkeypatch.setattr(pipeline, "_compare_outcome", outcome)
    monkeypatch.setattr(pipeline, "_write_report_texts", lambda out, sid, data, typed: {"json": '{\n  "id": "s1"\n}\n'})
    monkeypatch.setattr(compare, "_cyclic_gc_paused", paused)
    (kind, text), written = pipeline._compare_and_render(None, "s1", CompareSettings(), tmp_path)
    assert (kind, text, written) == ("report", '{"id": "s1"}', True)
    assert alive_when_resumed == [False]


def test_actors_leave_out_the_source_the_same_on_every_call():
    u = {"entities": ["isna", "iran", "tehran"],
         "attribution": {"has_content": True, "source": {"name": "ISNA news agency", "text": "ISNA"}}}
    first = verdicts._actors(u)
    assert first == {"iran", "tehran"}
    assert verdicts._actors(dict(u)) == first
    # a cue with no reported content is no report: nobody left out
    assert verdicts._actors({**u, "attribution": {**u["attribution"], "has_content": False}}) == {"isna", "iran", "tehran"}


def test_form_keys_and_modality():
    assert set(_form_keys("clinched")) >= {"clinch"}
    unrealised, past = _modality("The team could clinch the title; it clinched the last one", {"clinch": 1})
    assert unrealised == {1} and past == set()
    unrealised, past = _modality("The team clinched the title", {"clinch": 1})
    assert unrealised == set() and past == {1}
