"""Exact numbers: Decimal conversion, half-up rounding and the parsing of what people type.

Every amount, rate and score in xlkit is a ``Decimal``. The reports round half up (四舍五入),
never half-even, so Python's ``round()`` is never used for a figure that is printed.
Rates are fractions internally (0.9531) and 2-decimal percents when shown ("95.31%").
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = [
    "D",
    "quantize",
    "q2",
    "q4",
    "ratio",
    "fmt2",
    "fmt_pct",
    "fmt_pct_trim",
    "fmt_amount",
    "truncate",
    "parse_decimal",
    "parse_rate",
    "parse_fraction",
    "parse_points",
    "NumberParseError",
    "ZERO",
    "ONE",
    "HUNDRED",
]

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


class NumberParseError(ValueError):
    """A typed value is not a number of the expected kind; the message is Chinese."""


def D(value: object) -> Decimal:
    """Convert to Decimal without float artefacts (floats go through ``str``)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("bool is not a number here")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        return parse_decimal(value)
    raise TypeError(f"cannot make a Decimal of {type(value).__name__}")


def quantize(value: Decimal, places: int) -> Decimal:
    """Round half up to ``places`` decimals (negative values round away from zero, like Excel)."""
    return D(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def q2(value: Decimal) -> Decimal:
    """Round to 2 decimals: scores, 万元 amounts."""
    return quantize(value, 2)


def q4(value: Decimal) -> Decimal:
    """Round a fraction to 4 decimals, i.e. a 2-decimal percent (0.9531 = 95.31%)."""
    return quantize(value, 4)


def truncate(value: Decimal, places: int = 0) -> Decimal:
    """Cut toward zero (used where a report counts whole percentage points)."""
    return D(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)


def ratio(numerator: Decimal | int, denominator: Decimal | int, places: int | None = 4) -> Decimal | None:
    """numerator / denominator, rounded half up to ``places`` (None = unrounded).

    Returns None when the denominator is zero: callers show "-" and raise a flag
    instead of crashing, as the seeds' tables do.
    """
    den = D(denominator)
    if den == 0:
        return None
    value = D(numerator) / den
    return value if places is None else quantize(value, places)


def fmt2(value: Decimal | None, dash: str = "-") -> str:
    """Two-decimal text of a score or amount ("92.90"); ``dash`` for None."""
    if value is None:
        return dash
    return f"{q2(value):.2f}"


def fmt_pct(rate: Decimal | None, places: int = 2, dash: str = "-") -> str:
    """A fraction as percent text with fixed decimals (0.9531 → "95.31%")."""
    if rate is None:
        return dash
    return f"{quantize(D(rate) * HUNDRED, places):.{places}f}%"


def fmt_pct_trim(rate: Decimal | None, places: int = 2, dash: str = "-") -> str:
    """问卷星 style: percent with trailing zeros dropped (0.918 → "91.8%", 0 → "0%")."""
    if rate is None:
        return dash
    text = f"{quantize(D(rate) * HUNDRED, places):.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"


def fmt_amount(value: Decimal | None, places: int = 2, dash: str = "-") -> str:
    """Amount with thousands separators ("403,778.41")."""
    if value is None:
        return dash
    return f"{quantize(D(value), places):,.{places}f}"


_SPACES = re.compile(r"[\s\u00a0\u3000]+")
# ASCII digits only (full-width ones are NFKC-folded before): Python's \d and Decimal() would also
# take Arabic-Indic and other scripts' digits, which no clerk types and no client shows as a number.
_NUMBER = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")
_THOUSANDS = re.compile(r"^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?$")
_UNIT_SUFFIXES = ("万元", "元", "分")


def _normalise(text: str) -> str:
    # NFKC folds full-width digits, ％, ，, ． and ＋－ into ASCII.
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("−", "-").replace("–", "-")
    return _SPACES.sub("", text)


def parse_decimal(text: str, *, allow_units: bool = True) -> Decimal:
    """Parse a typed number: "1,946.95", "１２３", " 451.32 ", "¥1,000", "451.32万元".

    Raises NumberParseError (Chinese message) for anything ambiguous or not a number,
    including a percent sign (use ``parse_rate`` for rates).
    """
    original = text
    text = _normalise(str(text))
    if text.startswith(("¥", "￥")):
        text = text[1:]
    if allow_units:
        for suffix in _UNIT_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
                break
    if "%" in text:
        raise NumberParseError(f"应为数字，实际为百分数 \"{original}\"")
    if "," in text:
        if not _THOUSANDS.match(text):
            raise NumberParseError(f"千分位写法有误 \"{original}\"")
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        raise NumberParseError(f"应为数字，实际为 \"{original}\"")
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - regex already filters
        raise NumberParseError(f"应为数字，实际为 \"{original}\"") from exc


# A bare number above this is read as percentage points (95.31 → 95.31%); at or below it
# as a fraction (0.9531). Rates over 100 % occur (118.04%), so the cut sits above 1.
PERCENT_POINTS_ABOVE = Decimal(2)


def parse_rate(value: object) -> Decimal:
    """Parse a rate into a fraction: "95.31%", 0.9531, "0.9531", 95.31, "９５.３１％".

    A bare number > 2 is taken as percentage points. Raises NumberParseError otherwise.
    """
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        number = D(value)
        return number / HUNDRED if abs(number) > PERCENT_POINTS_ABOVE else number
    text = _normalise(str(value))
    if text.endswith("%"):
        return parse_decimal(text[:-1], allow_units=False) / HUNDRED
    number = parse_decimal(text, allow_units=False)
    return number / HUNDRED if abs(number) > PERCENT_POINTS_ABOVE else number


def parse_fraction(text: object) -> Decimal | None:
    """"1/3" → 1/3 (unrounded); None when the text is not ``a/b``. ValueError for a zero denominator."""
    raw = _normalise(str(text)) if text is not None else ""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)", raw)
    if not m:
        return None
    den = Decimal(m.group(2))
    if den == 0:
        raise ValueError(f"“{text}”的分母为 0")
    return Decimal(m.group(1)) / den


def parse_points(text: object) -> tuple[Decimal | None, Decimal | None]:
    """A deduction or any points amount, in its one reading: (points, share of the weight).

    "0.50" / "0.50分" → (0.50, None): points; "25%" → (None, 0.25) and "1/3" → (None, 1/3): a share of
    the indicator's 分值 (reports write "扣权重分的10%", "扣 1/3"). (None, None) for a blank.
    Raises ValueError (Chinese) otherwise.
    """
    if text is None or str(text).strip() == "":
        return None, None
    raw = _normalise(str(text)).removesuffix("分").strip()
    share = parse_fraction(raw)
    if share is not None:
        return None, share
    try:
        if raw.endswith("%"):
            return None, parse_decimal(raw[:-1], allow_units=False) / HUNDRED
        return parse_decimal(raw, allow_units=False), None
    except NumberParseError:
        raise ValueError(f"应为分值（如 0.50）或分值的比例（如 1/3、25%），实际为“{text}”") from None
