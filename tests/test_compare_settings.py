"""The one comparison-settings object (options.CompareSettings): built from Options, what a
store records of it, and the keyword arguments of compare_story changing it."""

import pickle
from dataclasses import fields

from storyline import compare
from storyline.options import CompareSettings, Options


def test_options_give_the_settings_with_the_same_defaults():
    assert Options().compare == CompareSettings()
    opts = Options(align="model", veto=True, main_event=False, evidence=False)
    assert opts.compare == CompareSettings(method="model", veto=True, main_event=False, evidence=False)
    # every check is an Options field of its name (Options.compare copies them by name)
    assert {f.name for f in fields(CompareSettings)} - {"method"} <= {f.name for f in fields(Options)}


def test_recorded_settings_name_each_check_that_is_on():
    # a check's part only when on (the strings of the code before each check stay the same for
    # its settings): the tied clause check is on by default since it was decided on blind10/11
    assert CompareSettings().parameters() == "align=lexical;veto=0;main_event=1;evidence=1;clause_tied=1"
    assert CompareSettings(clause_tied=False).parameters() == "align=lexical;veto=0;main_event=1;evidence=1"
    assert CompareSettings(main_event=False, evidence=False, clause_tied=False).parameters() == "align=lexical;veto=0"
    assert CompareSettings(method="model", veto=True, evidence=False, clause_tied=False).parameters() == \
        "align=model;veto=1;main_event=1"
    assert Options(clause=True, clause_tied=False).compare.parameters() == \
        "align=lexical;veto=0;main_event=1;evidence=1;clause=1"
    assert Options(holders=True, evidence=False).compare.parameters() == \
        "align=lexical;veto=0;main_event=1;holders=1;clause_tied=1"


def test_a_custom_veto_model_is_recorded_by_its_content():
    # two custom models (library callers pass the dict) are two settings: reports made with
    # one are compared again under the other, and neither is taken for the packaged model
    one = CompareSettings(veto={"name": "m", "threshold": 0.9}).parameters()
    other = CompareSettings(veto={"name": "m", "threshold": 0.8}).parameters()
    assert one.startswith("align=lexical;veto=model-") and one != other
    assert one == CompareSettings(veto={"threshold": 0.9, "name": "m"}).parameters()
    assert CompareSettings(veto=True).parameters() != one


def test_settings_cross_to_a_worker():
    s = CompareSettings(veto={"name": "m", "threshold": 0.9}, main_event=False)
    assert pickle.loads(pickle.dumps(s)) == s


def test_keywords_change_the_settings_given():
    base = CompareSettings(veto=True)
    assert compare._settings(base, method=None, main_event=False, evidence=None) == \
        CompareSettings(veto=True, main_event=False)
    assert compare._settings(None, method="model") == CompareSettings(method="model")


def test_each_check_has_its_flag_and_the_flag_reaches_the_recorded_settings(tmp_path):
    # CLI -> Options -> CompareSettings -> parameters() (what a store's staleness check reads):
    # each check flipped from its default by its own flag changes that check, and the record
    from storyline.cli import main

    checks = [f.name for f in fields(CompareSettings) if f.name != "method"]
    flags = {p.name: p for p in main.params}
    assert set(checks) <= set(flags), f"checks with no flag: {sorted(set(checks) - set(flags))}"

    def options(*args: str) -> Options:
        ctx = main.make_context("storyline", ["--db", str(tmp_path / "s.db"), "-q", *args, "stats"])
        with ctx:
            ctx.invoke(main.callback, **ctx.params)
        return ctx.obj

    default = options().compare
    assert default == CompareSettings()
    for name in checks:
        on = not getattr(Options(), name)
        flag = ("--" if on else "--no-") + name.replace("_", "-")
        got = options(flag).compare
        assert getattr(got, name) is on and got == CompareSettings(**{name: on}), flag
        assert got.parameters() != default.parameters(), flag
