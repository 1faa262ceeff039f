"""The quality gate: the fast figures on real shared data, each at least its floor in
benchmarks/gate.json (as trafilatura's evaluation gate does), so a regression fails the build.

The figures are computed by benchmarks/gate.py's functions (the same code prints them:
``PYTHONPATH=src .venv/bin/python benchmarks/gate.py``); the ECB+ checks share one store
ingested and annotated once. A figure above its floor by more than the tolerance is a
prompt to raise the floor (``benchmarks/gate.py --write``); lowering a floor is a reviewed
change of gate.json. Skipped, loudly, only when the shared data is absent.
"""

from __future__ import annotations

import importlib.util
import sys

import pytest

from shareddata import ROOT  # tests/ is on the path


def _load_gate_module():
    spec = importlib.util.spec_from_file_location("storyline_gate_bench", ROOT / "benchmarks" / "gate.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


gate = _load_gate_module()
FLOORS = gate.load_gate()["figures"]


@pytest.fixture(scope="session")
def gate_data():
    missing = gate.missing_data()
    if missing:
        pytest.skip("quality gate NOT RUN: shared data missing: " + ", ".join(map(str, missing))
                    + " (set STORYLINE_SHARED to the folder holding data/)")


@pytest.fixture(scope="session")
def ecb_subset(gate_data, tmp_path_factory):
    sub = gate.AnnotatedSubset(tmp_path_factory.mktemp("gate"))
    yield sub
    sub.close()


def check(figures: dict) -> None:
    """Every figure at least its floor; each printed beside its floor and baseline."""
    below = []
    for name, value in figures.items():
        if name.startswith("baseline:"):
            continue
        spec = FLOORS[name]
        base = figures.get(f"baseline:{name}")
        print(f"gate {name}: measured {value} floor {spec['floor']} (pinned {spec['measured']} on {spec['date']})"
              + (f" baseline {base}" if base is not None else ""))
        if not isinstance(value, (int, float)):
            below.append(f"{name}: not measured")
        elif value < spec["floor"]:
            below.append(f"{name}: {value} < floor {spec['floor']} ({spec['what']}; measure: {spec['command']})")
    assert not below, "; ".join(below)


def test_timex_value_f1(gate_data):
    check(gate.timex_figures())


def test_quote_precision_and_recall(gate_data):
    check(gate.quote_figures())


def test_quantity_precision_and_recall(gate_data):
    check(gate.quantity_figures())


def test_ecb_clustering_b3(ecb_subset):
    check(gate.clustering_figures(ecb_subset))


def test_alignment_precision_and_recall(ecb_subset):
    check(gate.alignment_figures(ecb_subset))


def test_every_floor_is_pinned_with_its_provenance():
    """gate.json: each figure has what/command/date, its floor is the measured value less
    the stated tolerance, and the tests above check every figure it pins."""
    assert set(FLOORS) == set(gate.WHAT)
    for name, spec in FLOORS.items():
        assert {"what", "measured", "tolerance", "floor", "command", "date"} <= set(spec), name
        assert 0 < spec["tolerance"] <= 0.005, name  # float noise only: runs are deterministic
        assert spec["floor"] == pytest.approx(spec["measured"] - spec["tolerance"], abs=1e-4), name
