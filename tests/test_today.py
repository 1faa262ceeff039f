""""Today" is an input: results never depend on the day they are computed.

The reference day of an undated article is ``Options.today`` or its fetch time; the
clock is never read below the CLI. The subprocess tests run the same annotation under
two fake clocks (Debian's ``faketime``, installed by ``make test``) and compare bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from storyline.annotate.run import reference_date
from storyline.annotate.timex import infer_publication
from storyline.records import Article

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "002_063f098d12266611.txt"


def test_reference_date_prefers_the_option_then_the_fetch_time():
    art = Article(id="a", raw_text="x", provenance={"fetched_at": "2025-12-08T10:00:00+00:00"})
    assert reference_date(art, "2026-01-02") == {"date": "2026-01-02", "source": "option"}
    assert reference_date(art) == {"date": "2025-12-08", "source": "fetch time"}
    assert reference_date(Article(id="b", raw_text="x")) is None


def test_no_reference_day_and_no_year_written_gives_no_date():
    # weekdays and month-days without any year: the year cannot be known without a
    # reference day, and the clock is not one
    text = "Talks end\n\nThe talks ended on Friday, November 28, officials said on Monday."
    assert infer_publication(text) is None
    dated = infer_publication(text, today=dt.date(2025, 12, 8))
    assert dated and dated["value"].startswith("2025-1")


def test_years_written_bound_an_undated_text_without_a_reference_day():
    r = infer_publication("The vote was held on March 3, 2019. Results came on March 5.")
    assert r and r["value"].startswith("2019-03")


def _faketime() -> str:
    path = shutil.which("faketime")
    if path is None:
        pytest.skip("Debian's faketime is not installed (make test installs it)")
    return path


def _run_at(day: str, code: str) -> bytes:
    # a clean slate when the suite itself runs under faketime
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAKETIME") and k != "LD_PRELOAD"}
    out = subprocess.run([_faketime(), f"{day} 12:00:00", sys.executable, "-c", code],
                         capture_output=True, env=env, check=True, timeout=300)
    return out.stdout


_ANNOTATE = f"""
import json, sys, datetime
from storyline.annotate import annotate_article
from storyline.records import Article
text = open({str(SEED)!r}, encoding="utf-8").read()
art = Article(id="seed", raw_text=text, text=text,
              provenance={{"fetched_at": "2025-12-08T10:00:00+00:00"}})
print(datetime.date.today().isoformat())
print(json.dumps(annotate_article(art), ensure_ascii=False, sort_keys=True))
"""


def test_same_article_annotated_on_two_days_gives_identical_json():
    a = _run_at("2026-12-06", _ANNOTATE).split(b"\n", 1)
    b = _run_at("2031-03-01", _ANNOTATE).split(b"\n", 1)
    assert (a[0], b[0]) == (b"2026-12-06", b"2031-03-01")  # the clocks did differ
    assert a[1] == b[1]
    ann = json.loads(a[1])
    assert ann["published_reference"] == {"date": "2025-12-08", "source": "fetch time"}
    assert ann["published_inferred"]["value"].startswith("2025-12")


def test_cli_today_pins_the_annotation_whatever_the_clock(tmp_path):
    cli = Path(sys.executable).with_name("storyline")
    if not cli.exists():
        pytest.skip("the storyline console script is not installed beside this Python")
    code = ("import sys; from storyline.cli import main; "
            f"sys.argv = ['storyline', '--today', '2025-12-08', 'annotate', {str(SEED)!r}, '--json']; main()")
    a = _run_at("2026-12-06", code)
    b = _run_at("2031-03-01", code)
    assert a == b and b'"published_reference"' in a
