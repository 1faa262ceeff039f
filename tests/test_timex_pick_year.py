"""``pick_year_for``'s shortcut for dates every year has picks what the general rule picks."""

import datetime as dt

from storyline.annotate.timex.resolve import pick_year_for, safe_date


def _reference(m, d, anchor, tense):
    """The general rule: among last, this and next year's date, by tense, else the nearest (ties: the past)."""
    options = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        day = safe_date(y, m, d)
        if day is not None:
            options.append((y, (day - anchor).days))
    if tense == "past" and any(c <= 0 for _, c in options):
        return max(y for y, c in options if c <= 0)
    if tense == "future" and any(c >= 0 for _, c in options):
        return min(y for y, c in options if c >= 0)
    return min(options, key=lambda o: (abs(o[1]), o[1] > 0))[0]


def test_shortcut_matches_the_general_rule():
    anchors = [dt.date(2015, 1, 1) + dt.timedelta(days=k) for k in range(0, 3 * 366, 3)]
    anchors += [dt.date(2016, 2, 28), dt.date(2016, 2, 29), dt.date(2016, 3, 1), dt.date(2017, 12, 31)]
    for anchor in anchors:
        for m in range(1, 13):
            for d in (1, 2, 14, 15, 16, 28, 30, 31):
                if safe_date(2001, m, d) is None:
                    continue  # (29 February and the like take the general path)
                for tense in ("past", "future", "present", None):
                    assert pick_year_for(m, d, anchor, tense) == _reference(m, d, anchor, tense), (anchor, m, d, tense)
