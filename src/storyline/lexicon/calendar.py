"""Month and weekday names (English, lower case) with their numbers: one copy for the
stages that read dates (timexes, quantities) or discount them (story features)."""

from __future__ import annotations

MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# name or abbreviation -> month number (1-12); "sept" beside "sep" (AP style writes "Sept.")
MONTHS = {name: i for i, name in enumerate(MONTH_NAMES, 1)} | {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
# name -> ISO weekday (Monday 1 ... Sunday 7)
WEEKDAYS = {name: i for i, name in enumerate(WEEKDAY_NAMES, 1)}
# a day named relative to the writing -> its offset in days
RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}
