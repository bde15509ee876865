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
from typing import Any

from .numbers import D, NumberParseError, parse_decimal, parse_rate

__all__ = ["CellError", "parse_cell", "is_blank", "NA_MARKS", "text_of"]

NA_MARKS = frozenset({"-", "—", "－", "/", "／", "--", "——", "无"})
EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!"}
)
TYPE_EXPECT = {
    "int": "整数",
    "decimal": "数字",
    "score": "分值（数字）",
    "amount": "金额（数字，万元）",
    "yuan": "金额（数字，元）",
    "rate": "百分数",
    "share": "百分数",
    "date": "日期",
}


class CellError(ValueError):
    """The cell holds something other than what its column expects (message in Chinese)."""


def text_of(value: Any) -> str:
    """A cell value as the text a person sees: 28.0 → "28", stripped."""
    if value is None:
        return ""
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


def parse_cell(value: Any, kind: str) -> Any:
    """Typed value of ``value`` for a column of type ``kind``; None for blank or "-"."""
    if isinstance(value, str) and value.strip() in EXCEL_ERRORS:
        raise CellError(f"单元格为错误值 {value.strip()}，应为{TYPE_EXPECT.get(kind, '有效内容')}")
    if is_blank(value):
        return None
    if kind in ("text", "longtext", "choice"):
        return text_of(value)
    if kind == "code":
        return unicodedata.normalize("NFKC", text_of(value)).replace(" ", "")
    if isinstance(value, str) and value.strip() in NA_MARKS:
        return None
    expected = TYPE_EXPECT.get(kind, kind)
    try:
        if kind == "date":
            return _date(value)
        if kind in ("rate", "share"):
            return parse_rate(value)
        if isinstance(value, bool):
            raise NumberParseError("")
        if isinstance(value, (dt.date, dt.datetime)):
            raise NumberParseError("")
        number = D(value) if not isinstance(value, str) else parse_decimal(value)
        if kind == "int":
            if number != number.to_integral_value():
                raise CellError(f"应为整数，实际为 \"{_shown(value)}\"")
            return int(number)
        return number
    except (NumberParseError, TypeError, ArithmeticError):
        raise CellError(f"应为{expected}，实际为 \"{_shown(value)}\"") from None


_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        # An unformatted serial: the 1900 date system that every client writes by default.
        from openpyxl.utils.datetime import from_excel

        if not 1 <= float(value) <= 2958465:
            raise CellError(f"应为日期，实际为 \"{_shown(value)}\"")
        return from_excel(float(value)).date()
    text = unicodedata.normalize("NFKC", str(value)).strip()
    m = _DATE_TEXT.match(text)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    raise CellError(f"应为日期（如 2024-06-05），实际为 \"{_shown(value)}\"")
