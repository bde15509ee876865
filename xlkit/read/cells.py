"""Turning one cell's content into a typed value, the way a person meant it.

Accepts what Excel, WPS and LibreOffice save and what people type: numbers as text
("1,946.95", "０.９５"), percents as 95.31% / 0.9531 / 95.31, "-" or blank for not applicable,
dates as dates, serials or text. Returns the value or raises CellError with the Chinese
description of what was expected.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from functools import lru_cache
from typing import Any

from xlkit.read.numbers import D, NumberParseError, parse_decimal, parse_rate

__all__ = ["CellError", "CellRangeError", "parse_cell", "is_blank", "NA_MARKS", "text_of", "is_percent_format", "TYPE_EXPECT"]

NA_MARKS = frozenset({"-", "—", "－", "/", "／", "--", "——", "无"})
EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!"}
)
TYPE_EXPECT = {  # what a clerk reads in a message: no English type names (number, date …)
    "int": "整数",
    "decimal": "数字",
    "score": "分值（数字）",
    "amount": "金额（万元）",
    "yuan": "金额（元）",
    "rate": "百分数",
    "share": "百分数",
    "date": "日期（如 2024-06-05）",
}
# No amount, count or score of an evaluation comes near this (10^15 万元).
MAX_NUMBER = Decimal(10) ** 15
# Dates a ledger can hold (the writer's validation uses the same bounds).
DATE_MIN, DATE_MAX = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


class CellError(ValueError):
    """The cell holds something other than what its column expects (message in Chinese)."""


class CellRangeError(CellError):
    """The cell holds the right kind of value, outside the range its column allows."""


@lru_cache(maxsize=8192)
def compact(text: str) -> str:
    """NFKC with all whitespace removed: how headers, names and codes typed by people are compared."""
    # Cached: a batch compares the same headers and names in every workbook.
    return "".join(unicodedata.normalize("NFKC", text).split())


def text_of(value: Any) -> str:
    """A cell value as the text a person sees: 28.0 → "28", stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _shown(value: Any) -> str:
    text = text_of(value)
    return text if len(text) <= 40 else text[:40] + "…"


@lru_cache(maxsize=1024)  # a workbook uses a handful of formats for thousands of cells
def is_percent_format(number_format: str | None) -> bool:
    """True for a cell shown as a percent (``0.00%``): its number is a fraction (0.9531 = 95.31%)."""
    if not number_format:
        return False
    # Ignore literal text ("...") and escaped characters; a real percent sign scales the number.
    fmt = re.sub(r'"[^"]*"|\\.', "", number_format)
    return "%" in fmt


def _percent_text(value: Any) -> str:
    """0.9949 shown as ``0.00%`` → "99.49%" (exact: the stored number times 100, no rounding)."""
    number = (D(value) * 100).normalize()
    text = format(number, "f")
    return f"{text}%"


def parse_cell(value: Any, kind: str, *, number_format: str | None = None) -> Any:
    """Typed value of ``value`` for a column of type ``kind``; None for blank or "-".

    ``number_format`` is the cell's display format: a number in a cell shown as a percent is a
    fraction (a rate of 2.5 shown as 250% is 250 %, not 2.5 %), and a text column shows it as the
    person sees it ("99.49%", not "0.9949").
    """
    if isinstance(value, str) and value.strip() in EXCEL_ERRORS:
        raise CellError(f"单元格为错误值 {value.strip()}，应为{TYPE_EXPECT.get(kind, '有效内容')}")
    if is_blank(value):
        return None
    numeric = isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
    if kind in ("text", "longtext", "choice", "code"):
        if numeric and is_percent_format(number_format):
            text = _percent_text(value)
        else:
            text = text_of(value)
        if kind == "code":
            return unicodedata.normalize("NFKC", text).replace(" ", "").replace("\u3000", "")
        return text
    if isinstance(value, str) and value.strip() in NA_MARKS:
        return None
    expected = TYPE_EXPECT.get(kind, kind)
    try:
        if kind == "date":
            return _date(value)
        if kind in ("rate", "share"):
            if numeric and is_percent_format(number_format):
                return D(value)
            return parse_rate(value)
        if isinstance(value, bool):
            raise NumberParseError("")
        if isinstance(value, (dt.date, dt.datetime)):
            raise NumberParseError("")
        number = D(value) if not isinstance(value, str) else parse_decimal(value)
        if numeric and is_percent_format(number_format):
            # 45% typed into a number column is stored as 0.45: not what the column means.
            raise CellError(f"应为{expected}，实际为百分数“{_percent_text(value)}”")
        if not number.is_finite():
            raise NumberParseError("")
        if abs(number) >= MAX_NUMBER:
            # Beyond any budget, and beyond what exact rounding to 2 decimals can hold.
            raise CellRangeError(f"数值过大（{_shown(value)}），应为{expected}")
        if kind == "int":
            if number != number.to_integral_value():
                raise CellError(f"应为{expected}，实际为“{_shown(value)}”")
            return int(number)
        return number
    except (NumberParseError, TypeError, ArithmeticError):
        raise CellError(f"应为{expected}，实际为“{_shown(value)}”") from None


_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def _date(value: Any) -> dt.date:
    expected = TYPE_EXPECT["date"]
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        # An unformatted serial: the 1900 date system that every client writes by default.
        from openpyxl.utils.datetime import from_excel

        if not 1 <= float(value) <= 2958465:
            raise CellError(f"应为{expected}，实际为“{_shown(value)}”")
        day = from_excel(float(value)).date()
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()
        m = _DATE_TEXT.match(text)
        if not m:
            raise CellError(f"应为{expected}，实际为“{_shown(value)}”")
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            raise CellError(f"应为{expected}，实际为“{_shown(value)}”（不存在的日期）") from None
    if not DATE_MIN <= day <= DATE_MAX:
        typed = _shown(value)
        note = f"（原值“{typed}”）" if typed != day.isoformat() else ""
        raise CellRangeError(f"日期应在 {DATE_MIN.isoformat()} 至 {DATE_MAX.isoformat()} 之间，实际为“{day.isoformat()}”{note}")
    return day
