"""Timeline by event time: resolved dates attached to claims, not publication times."""

from __future__ import annotations

import datetime as dt
import re

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


def interval(value: str | None) -> tuple[str, str, str] | None:
    """(start day, end day, precision) of a TIMEX3 date value, None if unresolved."""
    if not isinstance(value, str):
        return None
    if m := _DAY.match(value):
        try:
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
        return d.isoformat(), d.isoformat(), "day"
    if m := _WEEK.match(value):
        try:
            d = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError:
            return None
        return d.isoformat(), (d + dt.timedelta(days=6)).isoformat(), "week"
    if m := _MONTH.match(value):
        y, mo = int(m[1]), int(m[2])
        if not 1 <= mo <= 12:
            return None
        end = (dt.date(y + (mo == 12), mo % 12 + 1, 1) - dt.timedelta(days=1))
        return dt.date(y, mo, 1).isoformat(), end.isoformat(), "month"
    if m := _QUARTER.match(value):
        y, q = int(m[1]), int(m[2])
        start = dt.date(y, 3 * q - 2, 1)
        end = dt.date(y + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)
        return start.isoformat(), end.isoformat(), "quarter"
    if m := _YEAR.match(value):
        return f"{m[1]}-01-01", f"{m[1]}-12-31", "year"
    return None


def _place(t: dict) -> tuple[str | None, str | None, str, str] | None:
    """(start, end, precision, date) of a date or time the timeline can put on a day,
    month, ... or a range of them; None for anything else (an unresolved "Saturday")."""
    if t.get("type") not in ("DATE", "TIME"):
        return None
    rng = t.get("range")
    if rng and (rng.get("start") or rng.get("end")):
        a = interval(rng.get("start")) if rng.get("start") else None
        b = interval(rng.get("end")) if rng.get("end") else None
        if not a and not b:
            return None
        date = f"{rng.get('start') or '..'}/{rng.get('end') or '..'}"
        return (a[0] if a else None), (b[1] if b else None), "range", date
    iv = interval(t.get("value"))
    return (*iv, t["value"][:10]) if iv else None


# "since X" counted from by a superlative, an ordinal or "not seen" of its clause ("its lowest
# level since 2003", "for the first time since 2005", "lows not seen since 1982", "which has not
# happened since 1991"): X is the base the fact is measured against, the last time something
# happened, not when the fact did. Nouns ending in -est are no superlatives ("under house arrest
# since 2010" dates the arrest), and a negation alone is not read: "has not been seen since
# Tuesday" is the story's own last sighting.
_NOT_SUPERLATIVE = ("arrest|protest|interest|request|unrest|contest|test|rest|west|forest|guest|quest|inquest|conquest"
                    "|chest|nest|vest|pest|harvest|manifest|suggest|invest|digest")
_COMPARED_SINCE = re.compile(
    rf"(?:\b(?:(?!(?:{_NOT_SUPERLATIVE})\b)\w+est|best|worst|most|least|first|second|third|fourth|fifth|sixth"
    r"|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\b"
    r"|(?:\bnot|n[’']t)\s+(?:seen|reached|recorded|matched|occurred|happened)\b)"
    r"[^.;:,]{0,50}\bsince\s+(?:(?:early|late|mid)\W?\s*)?$", re.I)


def _comparison_base(t: dict, m: dict) -> bool:
    """True when ``t`` is an open "since" range that a comparison in its claim counts from."""
    rng = t.get("range") or {}
    if not rng.get("start") or rng.get("end"):
        return False
    text, start, off = m.get("text"), m.get("start"), t.get("start")
    if not isinstance(text, str) or not isinstance(start, int) or not isinstance(off, int) or not 0 <= off - start <= len(text):
        return False
    return bool(_COMPARED_SINCE.search(text[max(0, off - start - 80): off - start]))


def _in_background(t: dict, m: dict) -> bool:
    start = t.get("start")
    return isinstance(start, int) and any(a <= start < b for a, b in m.get("background") or ())


def timeline(groups: list[dict]) -> list[dict]:
    """Entries (one per group and resolved date), sorted by event start time."""
    entries: dict[tuple[str, str], dict] = {}
    for g in groups:
        placed = [(m, t, p) for m in g["members"] for t in m.get("timexes", [])
                  if not _comparison_base(t, m) and (p := _place(t))]
        # A fact told by several articles is dated by the dates they agree on; a
        # claim carrying several facts brings dates that belong to its other facts.
        # Only dates the timeline can place vote: two articles' unresolved "Saturday"
        # (XXXX-WXX-6) or "three years" must not outvote the dates that are resolved.
        seen: dict[str, set[str]] = {}
        for m, t, _ in placed:
            seen.setdefault(str(t.get("value")), set()).add(m["article_id"])
        agreed = {v for v, arts in seen.items() if len(arts) >= 2}
        # A date puts the fact on the timeline only when a primary member says it outside
        # its background: a secondary member is counted in another group (its dates may be
        # that group's: "It went up by 0.16%" dated by "As of 14:48 UTC, the FTSE 100
        # dropped …"), and a date in a relative clause, participle or appositive on a
        # participant dates the participant ("The Hang Seng, which was positive yesterday,
        # fell 7.19%"; "identified those involved in Tuesday's incident"). Such a date only
        # adds its article to a day the fact is given ("a deadline that expired on November
        # 28" beside "The deadline passed on Friday").
        # (a group of secondary members only, each counted elsewhere, is dated by them:
        # "he returned to prison in May 1984 …", told by two articles)
        lead = any(not m.get("secondary") for m in g["members"])
        own = {str(t.get("value")) for m, t, _ in placed
               if not (lead and m.get("secondary")) and not _in_background(t, m)}
        if agreed & own:
            own &= agreed
        for m, t, (start, end, precision, value) in placed:
            if str(t.get("value")) not in own:
                continue
            e = entries.setdefault((g["id"], value), {
                "date": value, "start": start, "end": end, "precision": precision,
                "group": g["id"], "label": g["label"], "verdict": g["verdict"],
                "articles": [], "mentions": []})
            if m["article_id"] not in e["articles"]:
                e["articles"].append(m["article_id"])
            e["mentions"].append({"article_id": m["article_id"], "text": t.get("text"), "start": t.get("start"),
                                  "end": t.get("end"), "sentence": m["sentence"],
                                  "confidence": t.get("confidence")})
    out = sorted(entries.values(), key=lambda e: (e["start"] or e["end"] or "", e["precision"] != "day", e["group"]))
    return out
