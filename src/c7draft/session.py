"""Everything c7draft derives from a CSTD session number and its dates.

The CSTD's first session met in 1998 (the numbering used by its reports), so session N
meets in year 1997 + N and the submission reports on the year before that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

FIRST_SESSION_YEAR = 1998


def session_year(number: int) -> int:
    return FIRST_SESSION_YEAR - 1 + number


def session_for_reporting_year(year: int) -> int:
    """The session whose submissions report on ``year`` (2025 -> 29th, meeting in 2026)."""
    return year + 1 - (FIRST_SESSION_YEAR - 1)


# Ordinal words are written out here rather than taken from num2words: that library loads
# every language it knows at import (about 30 ms of a ~0.3 s build), for twenty words.
_UNITS = (
    "",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ORDINAL = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}


def _cardinal(number: int) -> str:
    if number < 20:
        return _UNITS[number]
    if number < 100:
        tens, units = divmod(number, 10)
        return _TENS[tens] + (f"-{_UNITS[units]}" if units else "")
    hundreds, rest = divmod(number, 100)
    return f"{_UNITS[hundreds]} hundred" + (f" and {_cardinal(rest)}" if rest else "")


def ordinal_words(number: int) -> str:
    """'twenty-ninth' for 29 (1 to 999)."""
    if not 1 <= number <= 999:
        raise ValueError(f"session number out of range: {number}")
    words = _cardinal(number)
    head, sep, last = words.rpartition("-" if " " not in words.rsplit("-", 1)[-1] else " ")
    if not sep:
        head, last = "", words
    if last in _ORDINAL:
        last = _ORDINAL[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return f"{head}{sep}{last}"


def ordinal_number(number: int) -> str:
    """'29th' for 29, '22nd' for 22."""
    suffix = "th" if 11 <= number % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


# English month names, independent of the machine's locale (strftime's %B is not).
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTH_NAME = f"(?:{'|'.join(MONTHS)})"  # a regular expression matching any of them


def month_year(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def date_range(opens: date, closes: date) -> str:
    """'20-24 April 2026'; '28 April-2 May 2026' across months; full dates across years."""
    if opens == closes:
        return f"{opens.day} {month_year(opens)}"
    if opens.year != closes.year:
        return f"{opens.day} {month_year(opens)}-{closes.day} {month_year(closes)}"
    if opens.month != closes.month:
        return f"{opens.day} {MONTHS[opens.month - 1]}-{closes.day} {month_year(closes)}"
    return f"{opens.day}-{closes.day} {month_year(closes)}"


@dataclass(frozen=True)
class Session:
    """One CSTD session: its number and the days it meets."""

    number: int
    opens: date
    closes: date
    venue: str

    @property
    def year(self) -> int:
        return self.opens.year

    @property
    def reporting_year(self) -> int:
        return self.year - 1

    def words(self) -> dict[str, str | int]:
        """The values the front-matter template uses."""
        ordinal = ordinal_words(self.number)
        return {
            "session_number": self.number,
            "session_ordinal": ordinal,  # twenty-ninth
            "session_ordinal_title": ordinal.capitalize(),  # Twenty-ninth
            "session_ordinal_number": ordinal_number(self.number),  # 29th
            "session_year": self.year,
            "session_month_year": month_year(self.opens),  # April 2026
            "session_dates": date_range(self.opens, self.closes),
            "venue": self.venue,
            "reporting_year": self.reporting_year,
        }
