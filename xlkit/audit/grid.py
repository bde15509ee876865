"""Reading what is printed: a sheet as shown (merged cells, cached formula values) and its figures.

A figure is taken as its cell shows it — the decimals of its number format, "-" for nothing —
because the audit compares what a reader sees, not what the file happens to store."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from xlkit.read.cells import NA_MARKS, is_percent_format
from xlkit.read.numbers import ZERO, D, NumberParseError, fmt2, fmt_pct, parse_decimal, parse_rate, quantize
from xlkit.read.ooxml import column_letter


def norm(text: Any) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text if text is not None else "")))


class _Unknown:
    """A formula cell whose printed value is not known (no cached value): never checked."""

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "<formula>"


UNKNOWN = _Unknown()
MAX_ROWS, MAX_COLS = 3000, 60


class Grid:
    """One sheet as printed: merged cells read as their top-left value, formulas as cached values."""

    def __init__(self, ws_f: Any, ws_v: Any, trust_cached: bool):
        self.name = ws_f.title
        self.ws_f, self.ws_v, self.trust = ws_f, ws_v, trust_cached
        self.merged: dict[tuple[int, int], tuple[int, int]] = {}
        for rng in ws_f.merged_cells.ranges:
            for r in range(rng.min_row, min(rng.max_row, MAX_ROWS) + 1):
                for c in range(rng.min_col, min(rng.max_col, MAX_COLS) + 1):
                    self.merged[(r, c)] = (rng.min_row, rng.min_col)
        self.rows = min(ws_f.max_row or 0, MAX_ROWS)
        self.cols = min(ws_f.max_column or 0, MAX_COLS)

    def raw(self, r: int, c: int) -> Any:
        r, c = self.merged.get((r, c), (r, c))
        cell = self.ws_f.cell(r, c)
        value = cell.value
        if cell.data_type == "f" or (isinstance(value, str) and value.startswith("=") and cell.data_type != "s"):
            cached = self.ws_v.cell(r, c).value if self.trust else None
            return UNKNOWN if cached is None else cached
        return value

    def fmt(self, r: int, c: int) -> str | None:
        r, c = self.merged.get((r, c), (r, c))
        return self.ws_f.cell(r, c).number_format

    def text(self, r: int, c: int) -> str:
        v = self.raw(r, c)
        if v is None or v is UNKNOWN:
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v).strip()

    @staticmethod
    def ref(r: int, c: int) -> str:
        return f"{column_letter(c)}{r}"


@dataclass(frozen=True)
class Num:
    """A printed number: value (rates as fractions), the text as shown, decimals shown."""

    value: Decimal
    shown: str
    places: int  # decimals of ``value`` as printed (a 2-decimal percent has 4)


DASH = "-"


def _places_of(text: str) -> int:
    m = re.search(r"\.(\d+)", text)
    return len(m.group(1)) if m else 0


def _format_places(fmt: str | None) -> int | None:
    """Decimals a number format shows ("0.00%" → 2, "0" → 0); None for General."""
    if not fmt or fmt.lower() == "general":
        return None
    section = re.sub(r'"[^"]*"|\\.', "", fmt.split(";")[0])
    if not re.search(r"[0#]", section):
        return None
    m = re.search(r"\.([0#]+)", section)
    return len(m.group(1)) if m else 0


def read_number(raw: Any, fmt: str | None, rate: bool) -> Num | str | None:
    """Num as printed, DASH for "-" / "/", None for blank or unknown; ValueError for other text.

    A number is taken as its cell shows it: a float goes through 12 significant digits (what a
    person typed, without binary noise) and is rounded to the decimals of its number format.
    """
    if raw is None or raw is UNKNOWN or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, str) and raw.strip() in NA_MARKS:
        return DASH
    if isinstance(raw, (bool, dt.date, dt.datetime)):
        raise ValueError(str(raw))
    if isinstance(raw, (int, float, Decimal)):
        value = D(f"{raw:.12g}") if isinstance(raw, float) else D(raw)
        shown = _format_places(fmt)
        if rate and is_percent_format(fmt):
            places = (shown or 0) + 2
            value = quantize(value, places)
            return Num(value, fmt_pct(value, places - 2), places)
        if rate:
            value = parse_rate(value)
            return Num(value, fmt_pct(value, max(_exp(value) - 2, 2)), max(4, _exp(value)))
        if shown is not None:
            value = quantize(value, shown)
            return Num(value, f"{value:.{shown}f}", shown)
        return Num(value, fmt2(value) if _exp(value) <= 2 else str(value), max(2, _exp(value)))
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    try:
        if rate:
            value = parse_rate(text)
            body = text.rstrip("%")
            pct_points = text.endswith("%") or abs(parse_decimal(body, allow_units=False)) > 2
            return Num(value, text, _places_of(text) + (2 if pct_points else 0))
        return Num(parse_decimal(text), text, _places_of(text))
    except (NumberParseError, InvalidOperation) as exc:
        raise ValueError(text) from exc


def _exp(value: Decimal) -> int:
    exp = value.normalize().as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def same_figure(printed: Num, exact: Decimal | None) -> bool:
    """Does ``exact`` round (half up) to the printed figure at the printed precision?"""
    if exact is None:
        return False
    return quantize(exact, printed.places) == quantize(printed.value, printed.places)


def pct_text(value: Decimal | None) -> str:
    return fmt_pct(value) if value is not None else DASH


def value_of(x: Num | str | None) -> Decimal | None:
    """A printed amount as a value: "-" and blank count as nothing (None)."""
    return x.value if isinstance(x, Num) else None


def sum_known(values: Iterable[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), ZERO)


def ratio_of(num: Decimal | None, den: Decimal | None) -> Decimal | None:
    if den is None or den == 0:
        return None
    return (num or ZERO) / den
