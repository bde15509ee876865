"""What the spreadsheet format itself fixes, for the fast read path: column letters, the built-in
number formats, which formats show a date or a duration, and date serials.

The same facts are in openpyxl (``openpyxl.utils.cell``, ``openpyxl.styles.numbers``,
``openpyxl.utils.datetime``), but importing any part of openpyxl imports all of it (and numpy, when
installed): several hundred milliseconds at each start, spent only on these small tables and tests.
So they are kept here, written to give exactly openpyxl's answers (the fallback reader is openpyxl,
and a cell must read the same through either path); ``tests/test_ooxml.py`` compares them with
openpyxl's over every built-in format, a list of real custom codes, every column and a range of
serials.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

__all__ = [
    "BUILTIN_FORMATS", "MAX_COLUMN", "WINDOWS_EPOCH", "MAC_EPOCH", "column_letter", "column_index",
    "is_date_format", "is_timedelta_format", "from_excel", "from_iso8601",
]

MAX_COLUMN = 18278  # XFD is 16384; openpyxl accepts up to ZZZ

# ECMA-376 part 1, 18.8.30: the number formats every workbook has without declaring them (ids below
# 164), as openpyxl spells them; ids absent here read as "General".
BUILTIN_FORMATS = {
    0: "General",
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)',
    6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)',
    8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    12: "# ?/?",
    13: "# ??/??",
    14: "mm-dd-yy",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "m/d/yy h:mm",
    37: "#,##0_);(#,##0)",
    38: "#,##0_);[Red](#,##0)",
    39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)",
    41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)',
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mmss.0",
    48: "##0.0E+0",
    49: "@",
}

# A format shows a date when its first section, quoted literals and bracketed locale/colour codes
# removed, has a date or time letter not escaped by "\" or "_" — openpyxl's test, kept identical.
_LITERAL_OR_LOCALE = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_TIMEDELTA = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)


def is_date_format(fmt: str | None) -> bool:
    if fmt is None:
        return False
    return _DATE_LETTER.search(_LITERAL_OR_LOCALE.sub("", fmt.split(";")[0])) is not None


def is_timedelta_format(fmt: str | None) -> bool:
    """An elapsed-time format ([h]:mm:ss …): its cells read as durations, not times of day."""
    if fmt is None:
        return False
    return _TIMEDELTA.search(fmt.split(";")[0]) is not None


@cache
def column_letter(index: int) -> str:
    """1 → A, 27 → AA; ValueError outside 1…18278 (ZZZ)."""
    if not 1 <= index <= MAX_COLUMN:
        raise ValueError(f"Invalid column index {index}")
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@cache
def column_index(letters: str) -> int:
    """A → 1, aa → 27 (any case); ValueError unless one to three letters A–Z."""
    if not 1 <= len(letters) <= 3 or not letters.isascii() or not letters.isalpha():
        raise ValueError(f"'{letters}' is not a valid column name. Column names are from A to ZZZ")
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index


# Date serials: day 0 of the 1900 system is 1899-12-30 (Excel counts a 29 Feb 1900 that never was,
# so serials below 61 are shifted by one day), of the 1904 system 1904-01-01.
WINDOWS_EPOCH = dt.datetime(1899, 12, 30)
MAC_EPOCH = dt.datetime(1904, 1, 1)
_SECONDS_PER_DAY = 86400


def from_excel(value: float | None, epoch: dt.datetime = WINDOWS_EPOCH,
               timedelta: bool = False) -> dt.datetime | dt.time | dt.timedelta | None:
    """A serial as openpyxl reads it: a datetime, a time of day for 0 ≤ serial < 1, or a duration.

    Python's round() here on purpose: a time of day to the millisecond is openpyxl's reading (the
    differential tests compare the two), and no money, rate or score passes through it."""
    if value is None:
        return None
    if timedelta:
        td = dt.timedelta(days=value)
        if td.microseconds:  # to the millisecond, as openpyxl
            td = dt.timedelta(seconds=td.total_seconds() // 1, microseconds=round(td.microseconds, -3))
        return td
    day, fraction = divmod(value, 1)
    diff = dt.timedelta(milliseconds=round(fraction * _SECONDS_PER_DAY * 1000))
    if 0 <= value < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return dt.time(hours, minutes, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == WINDOWS_EPOCH:
        day += 1
    return epoch + dt.timedelta(days=day) + diff


_ISO = re.compile(r"""
(?P<date>(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}))?T?
(?P<time>(?P<hour>\d{2}):(?P<minute>\d{2})(:(?P<second>\d{2})(?P<microsecond>\.\d{1,3})?)?)?Z?""", re.VERBOSE)
_ISO_DURATION = re.compile(r"PT((?P<hours>\d+)H)?((?P<minutes>\d+)M)?((?P<seconds>\d+(\.\d{1,3})?)S)?")


def from_iso8601(text: str | None) -> dt.datetime | dt.date | dt.time | dt.timedelta | None:
    """The value of a ``t="d"`` cell (ISO 8601 date, time, datetime or PT…H…M…S duration), as openpyxl."""
    if not text:
        return None
    m = _ISO.match(text)
    if m and any(m.groups()):
        g = m.groupdict(0)
        year, month, day, hour, minute, second = (int(g[k] or 0) for k in
                                                  ("year", "month", "day", "hour", "minute", "second"))
        micro = int(float(g["microsecond"]) * 1_000_000) if g["microsecond"] else 0
        if not g["date"]:
            return dt.time(hour, minute, second, micro)
        if not g["time"]:
            return dt.date(year, month, day)
        return dt.datetime(year, month, day, hour, minute, second, micro)
    m = _ISO_DURATION.match(text)
    if m and any(m.groups()):
        return dt.timedelta(**{k: float(v) for k, v in m.groupdict(0).items() if v})
    raise ValueError(f"Invalid datetime value {text}")
