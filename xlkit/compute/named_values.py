"""The values a condition (条件全满足, 一票否决's 否决条件) may name, besides numbers and 是/否.

Three kinds, one namespace (names compared as typed, spaces and full-width forms folded):

- the bindable measures (预算执行率, 三公经费变动率 … — the 测算项 list), computed from the other workbooks;
- the 其他数据 sheet of 指标体系.xlsx: ``名称`` is its 本年 value, ``上年名称`` its 上年 value
  (三公经费预算数<=上年三公经费预算数);
- another indicator's 实际完成值 by its code (C21>=95%), or the value of the measure it is bound to.

A name that is none of these is a ``check`` error (condition-unknown) that lists the names available.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from xlkit.read.cells import is_blank
from xlkit.read.records import IndicatorBook
from xlkit.read.targets import normalise
from xlkit.spec.templates import measures, sheet_name

__all__ = ["PRIOR", "book_values", "available_names", "describe_available"]

PRIOR = "上年"  # 上年X names the 上年 column of the 其他数据 row X


def _key(name: object) -> str:
    return normalise(name)


def book_values(book: IndicatorBook, rates: Mapping[str, object]) -> dict[str, object]:
    """Name → value of every 其他数据 cell filled and every indicator's actual (by code)."""
    values: dict[str, object] = {}
    for o in book.other:
        if not o.name:
            continue
        if not is_blank(o.current):
            values[_key(o.name)] = o.current
        if not is_blank(o.prior):
            values[PRIOR + _key(o.name)] = o.prior
    for ind in book.indicators:
        if not ind.code:
            continue
        if ind.measure and ind.measure in rates:
            values[_key(ind.code)] = rates[ind.measure]
        elif not is_blank(ind.actual):
            values[_key(ind.code)] = ind.actual
    return values


def available_names(book: IndicatorBook) -> dict[str, str]:
    """Every name a condition may use → what it is (测算项 / 其他数据 / 指标编码), blank values included."""
    names: dict[str, str] = {}
    for m in measures():
        names[_key(m.name)] = "测算项"
    for o in book.other:
        if o.name:
            names.setdefault(_key(o.name), sheet_name("indicators", "others"))
            names.setdefault(PRIOR + _key(o.name), sheet_name("indicators", "others"))
    for ind in book.indicators:
        if ind.code:
            names.setdefault(_key(ind.code), "指标编码")
    return names


def describe_available(names: Mapping[str, str]) -> str:
    """"其他数据：…；指标编码：…；测算项：…" for a message."""
    parts = []
    for kind in (sheet_name("indicators", "others"), "指标编码", "测算项"):
        these: Iterable[str] = [n for n, k in names.items() if k == kind]
        listed = "、".join(these)
        if listed:
            parts.append(f"{kind}：{listed}")
    return "；".join(parts) or "（无）"
