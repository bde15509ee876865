"""目标值 and 实际完成值 as people type them, and whether a target was met.

The seeds write targets as ``>=33333人``, ``≥95.00%``, ``＝5元/人/月``, ``≤18万元``,
``95%≤x≤105%``, ``=12月25日``, ``±10.00%以内``, ``28项``, ``100.00%`` or a word (合理, 及时).
Percents become fractions (95% → 0.95) and the unit is kept ("%", "人", "万元", "元/人/月",
"月日" for dates) so that 人 is never compared with 万元.

A bare number without an operator (``100.00%``, ``28项``) is parsed as ``op="="`` with
``bare=True``. ``met`` reads a bare *number* as "at least": in 000 (C12, C13, C16) and 002
a plain 100.00% or 28项 is met by reaching or exceeding it, and no seed treats
over-achievement of a plain figure as a miss. An explicit ``=`` (``=5元/人/月``) is exact
equality, and a bare date (``12月25日``) is equality too.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache

__all__ = [
    "Target",
    "Actual",
    "UnitMismatchError",
    "parse_target",
    "parse_actual",
    "met",
    "convert",
    "normalise",
]


class UnitMismatchError(ValueError):
    """Target and actual are in units that cannot be compared (人 vs 万元)."""


@dataclass(frozen=True)
class Target:
    raw: str
    op: str  # ">=", ">", "<=", "<", "=", "range", "qualitative"
    value: Decimal | None = None  # the bound; for a range the lower bound
    upper: Decimal | None = None
    lower_strict: bool = False
    upper_strict: bool = False
    unit: str | None = None
    date: tuple[int, int] | None = None  # (month, day)
    words: tuple[str, ...] = ()
    bare: bool = False  # no operator was written

    @property
    def higher_is_better(self) -> bool | None:
        if self.op in (">=", ">"):
            return True
        if self.op in ("<=", "<"):
            return False
        return None

    @property
    def is_rate(self) -> bool:
        return self.unit == "%"


@dataclass(frozen=True)
class Actual:
    raw: str
    value: Decimal | None = None
    unit: str | None = None
    date: tuple[int, int] | None = None
    words: tuple[str, ...] = ()
    exceeds: bool = False  # "超 28项": strictly more than ``value``
    explanation: str | None = None  # "100%（信访9件，全部按期办结）": the words after the value



# Operators as typed, longest first so "≥" is not read as ">" followed by junk.
_OPS = [
    ("大于等于", ">="), ("大于或等于", ">="), ("不低于", ">="), ("不少于", ">="), ("不小于", ">="),
    ("小于等于", "<="), ("小于或等于", "<="), ("不高于", "<="), ("不超过", "<="), ("不多于", "<="),
    ("不大于", "<="), ("大于", ">"), ("高于", ">"), ("多于", ">"), ("超过", ">"),
    ("小于", "<"), ("低于", "<"), ("少于", "<"), ("等于", "="),
]
_SYMBOLS = {
    "≥": ">=", "≧": ">=", "⩾": ">=", "≤": "<=", "≦": "<=", "⩽": "<=",
    "＞": ">", "＜": "<", "＝": "=", "﹥": ">", "﹤": "<", "﹦": "=",
    "−": "-", "–": "-", "—": "-", "～": "~", "〜": "~",
}
_SPACES = re.compile(r"[\s\u00a0\u3000]+")
_NUM = r"[+-]?\d+(?:,\d{3})*(?:\.\d+)?"
_QUANTITY = re.compile(rf"^({_NUM})([^\d<>=~]*)$")
_DATE = re.compile(r"^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日?$")
_RANGE_CMP = re.compile(rf"^({_NUM}[^\d<>=]*?)(<=|<)[^\d<>=]*(<=|<)({_NUM}.*)$")
_RANGE_DASH = re.compile(rf"^({_NUM}%?)(?:-|~|至|到)({_NUM}.*)$")
_PLUS_MINUS = re.compile(rf"^(?:±|\+/?-)({_NUM})(.*?)(以内|之内|内)?$")
# A value followed by its explanation in brackets: "100%（信访9件，全部按期办结）", "9/9（100%）".
_EXPLAINED = re.compile(r"^(.+?)[（(](.*)[）)]$")
# "9/9", "45/50件": a count over a count is a rate (reports write 办结率 as 9/9).
_COUNT_RATIO = re.compile(rf"^({_NUM})([^\d/]*)/({_NUM})([^\d/]*)$")

# Units that convert into one another; the factor is relative to the first of each family.
_FAMILIES = (
    {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)},
    {"人": Decimal(1), "万人": Decimal(10000)},
    {"人次": Decimal(1), "万人次": Decimal(10000)},
)


def normalise(text: object) -> str:
    """NFKC (full-width digits, ％, ＞), symbol operators to ASCII, no spaces."""
    return _normalise(str(text))


@lru_cache(maxsize=4096)  # targets repeat from folder to folder in a batch
def _normalise(text: str) -> str:
    s = unicodedata.normalize("NFKC", text)
    for a, b in _SYMBOLS.items():
        s = s.replace(a, b)
    s = _SPACES.sub("", s)
    return s.replace("==", "=")


def _quantity(text: str) -> tuple[Decimal, str | None] | None:
    m = _QUANTITY.match(text)
    if not m:
        return None
    try:
        number = Decimal(m.group(1).replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only numbers
        return None
    unit = m.group(2) or None
    if unit == "%":
        return number / 100, "%"
    return number, unit


def _date(text: str) -> tuple[int, int] | None:
    m = _DATE.match(text)
    if not m:
        return None
    month, day = int(m.group(2)), int(m.group(3))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return month, day


def _split_op(s: str) -> tuple[str | None, str]:
    for sym in (">=", "<=", ">", "<", "="):
        if s.startswith(sym):
            return sym, s[len(sym):]
    for word, op in _OPS:
        if s.startswith(word):
            return op, s[len(word):]
    return None, s


def parse_target(text: object) -> Target:
    """Parse a 目标值 cell; raises ValueError (Chinese) for an empty cell."""
    raw = "" if text is None else str(text)
    s = normalise(raw)
    if not s:
        raise ValueError("目标值为空")
    pm = _PLUS_MINUS.match(s)
    if pm:
        q = _quantity(pm.group(1) + pm.group(2))
        if q:
            return Target(raw, "range", -q[0], q[0], unit=q[1])
    rc = _RANGE_CMP.match(s)
    if rc:
        lo, hi = _quantity(rc.group(1)), _quantity(rc.group(4))
        if lo and hi:
            return Target(raw, "range", lo[0], hi[0], rc.group(2) == "<", rc.group(3) == "<", unit=hi[1] or lo[1])
    rd = _RANGE_DASH.match(s)
    if rd:
        lo, hi = _quantity(rd.group(1)), _quantity(rd.group(2))
        if lo and hi and (lo[1] in (None, hi[1])):
            lo_v = lo[0] if lo[1] == hi[1] or hi[1] != "%" else lo[0] / 100
            return Target(raw, "range", lo_v, hi[0], unit=hi[1])
    op, rest = _split_op(s)
    bare = op is None
    # "95%以上" / "18万元以下" put the operator after the number.
    for suffix, sop in (("以上", ">="), ("以下", "<="), ("以内", "<=")):
        if bare and rest.endswith(suffix) and len(rest) > len(suffix):
            op, rest, bare = sop, rest[: -len(suffix)], False
    d = _date(rest)
    if d:
        return Target(raw, op or "=", unit="月日", date=d, bare=bare)
    q = _quantity(rest)
    if q:
        return Target(raw, op or "=", q[0], unit=q[1], bare=bare)
    return Target(raw, "qualitative", words=(s,))


def parse_actual(value: object) -> Actual:
    """Parse a 实际完成值: a Decimal/int (rates as fractions), a date, or text.

    Text: ``30437人``, ``=30437 人`` (the 自评表's "="), ``99.49%``, ``超 28项`` (more than
    28), ``12月25日``, a count ratio ``9/9`` (a rate, 100 %) or words (较合规, 达到预期指标). Any of
    them may carry an explanation in brackets at the end — ``100%（信访9件，全部按期办结）``,
    ``9/9（100%）``, ``合理（见附件）`` — which is kept in ``explanation`` and does not take part in
    the comparison.
    """
    if isinstance(value, bool):
        raise ValueError("实际完成值不能是是/否以外的逻辑值")
    if isinstance(value, (Decimal, int)):
        return Actual(str(value), Decimal(value))
    if isinstance(value, float):
        return Actual(str(value), Decimal(repr(value)))
    if isinstance(value, (_dt.date, _dt.datetime)):
        return Actual(str(value), date=(value.month, value.day), unit="月日")
    raw = "" if value is None else str(value)
    s = normalise(raw)
    if not s:
        raise ValueError("缺少实际完成值")
    exceeds = False
    for word in ("超过", "超出", "超"):
        if s.startswith(word) and _quantity(s[len(word):]):
            s, exceeds = s[len(word):], True
            break
    if s.startswith("="):
        s = s[1:]
    explanation = None
    m = _EXPLAINED.match(s)
    if m:
        # the value is parsed, the explanation kept (as typed) for the result
        s = m.group(1)
        typed = _EXPLAINED.match(raw.strip())
        explanation = (typed.group(2) if typed else m.group(2)).strip() or None
    found = _value_of(s)
    if found is not None:
        return replace(found, raw=raw, exceeds=exceeds, explanation=explanation)
    return Actual(raw, words=(s,), explanation=explanation)


def _value_of(s: str) -> Actual | None:
    """A date, a quantity or a count ratio (9/9 → 100 %), or None for words."""
    d = _date(s)
    if d:
        return Actual(s, unit="月日", date=d)
    q = _quantity(s)
    if q:
        return Actual(s, q[0], q[1])
    r = _COUNT_RATIO.match(s)
    if r and (not r.group(2) or not r.group(4) or r.group(2) == r.group(4)):
        num, den = Decimal(r.group(1).replace(",", "")), Decimal(r.group(3).replace(",", ""))
        if den != 0:
            return Actual(s, num / den, "%")
    return None


def convert(value: Decimal, unit: str | None, to_unit: str | None) -> Decimal:
    """``value`` in ``unit`` expressed in ``to_unit`` (万元 → 元 ×10000).

    A missing unit on either side is taken to be the other side's (a Decimal actual carries
    none). Raises UnitMismatchError (Chinese) for units of different kinds.
    """
    if unit is None or to_unit is None or unit == to_unit:
        return value
    for family in _FAMILIES:
        if unit in family and to_unit in family:
            return value * family[unit] / family[to_unit]
    raise UnitMismatchError(f"单位不一致：目标值单位为“{to_unit}”，实际值单位为“{unit}”，无法比较")


def _compare(a: Decimal, op: str, t: Decimal) -> bool:
    return {">=": a >= t, ">": a > t, "<=": a <= t, "<": a < t, "=": a == t}[op]


def _effective_op(target: Target) -> str:
    # A bare number is "at least" (module docstring); a bare date stays equality.
    if target.bare and target.op == "=" and target.date is None:
        return ">="
    return target.op


def _in_range(target: Target, a: Decimal) -> bool:
    lo, hi = target.value, target.upper
    ok_lo = a > lo if target.lower_strict else a >= lo  # type: ignore[operator]
    ok_hi = a < hi if target.upper_strict else a <= hi  # type: ignore[operator]
    return ok_lo and ok_hi


def met(target: Target, actual: Actual, met_words: tuple[str, ...] | list[str] | None = None) -> bool | None:
    """Whether ``actual`` meets ``target``; None when they cannot be compared.

    Qualitative targets are met by the target word itself, or by any of ``met_words`` when
    given ("及时" met by "达到预期指标" only when that phrase is listed). "超 28项" is read as
    "more than 28": it meets ≥ 28 but its relation to a higher bound is unknown (None).
    Raises UnitMismatchError for incomparable units.
    """
    if target.op == "qualitative":
        if not actual.words:
            return None
        allowed = {normalise(w) for w in (met_words or target.words)}
        return normalise(actual.words[0]) in allowed
    if target.date is not None:
        if actual.date is None:
            return None
        return _compare(Decimal(actual.date[0] * 100 + actual.date[1]), target.op,
                        Decimal(target.date[0] * 100 + target.date[1]))
    if actual.value is None:
        return None
    a = convert(actual.value, actual.unit, target.unit)
    if target.op == "range":
        if actual.exceeds:
            return False if a >= target.upper else None  # type: ignore[operator]
        return _in_range(target, a)
    op = _effective_op(target)
    t = target.value
    assert t is not None
    if not actual.exceeds:
        return _compare(a, op, t)
    # "超 a": the true value is somewhere above a.
    if op in (">=", ">"):
        return True if a >= t else None
    if op in ("<=", "<", "="):
        return False if a >= t else None
    return None  # pragma: no cover
