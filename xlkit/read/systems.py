"""Which indicator system a new 指标体系.xlsx starts from (``xlkit new --system``).

Four starting points, one call (:func:`resolve_system`):

- ``空白``: no indicators; the evaluator types the system in (every row unmerged, so rows can be
  inserted and deleted freely);
- ``部门整体`` / ``项目支出``: the standard system of templates/systems;
- the path of an existing 指标体系.xlsx (last year's, another unit's): its 一级/二级 levels and every
  三级 row are carried over — codes, names, weights, 指标解释, 评价要点, 评分标准, 目标值, 数据来源,
  评价方法, 评分规则, 规则参数, 绑定测算项 — with the values filled for that evaluation cleared
  (实际完成值, 扣分原因, the 扣分事项 sheet, the adopted score and its reason). The 等级标准 and the
  满意度合成方式 of its 基本信息 come along too: they belong to the system, not to one year.

An :class:`~xlkit.spec.templates.IndicatorSystem` built here is what the writer pre-fills; an importer that
reads an evaluator's own table builds one the same way and hands it to ``new_project(system=...)``.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from xlkit.errors import XlkitError
from xlkit.read.numbers import fmt2
from xlkit.read.records import read_book
from xlkit.spec.issues import Severity
from xlkit.spec.templates import IndicatorSystem, indicator_system, indicator_systems, sheet_name

__all__ = ["BLANK", "SYSTEM_CHOICES", "DEFAULT_GRADES", "blank_system", "resolve_system", "system_from_workbook",
           "CARRIED_COLUMNS"]

BLANK = "空白"
SYSTEM_CHOICES = (BLANK, "部门整体", "项目支出")
DEFAULT_GRADES = "优>=90；良>=80；中>=60；差<60"
# 指标体系 columns that describe the system (carried over); every other input column is a value of
# one evaluation and starts empty.
CARRIED_COLUMNS = ("code", "explanation", "points", "standard", "target", "source", "method", "rule", "params",
                   "measure", "match")
# Issues shown when an existing workbook cannot be carried over, at most.
SHOWN_ISSUES = 8


def blank_system(kind: str) -> IndicatorSystem:
    """An empty system of evaluation type ``kind``: no levels, no indicators, the default grades."""
    return IndicatorSystem(kind=kind, version=BLANK, title="", basis="", grades=DEFAULT_GRADES,
                           levels=(), indicators=())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return fmt2(value)
    return str(value)


def system_from_workbook(path: str | Path, kind: str | None = None) -> IndicatorSystem:
    """The indicator system of an existing 指标体系.xlsx, its filled values left behind.

    ``kind`` overrides the 评价类型 the workbook names. A workbook whose 指标层级 or 指标体系 cannot
    be read cleanly is refused with its problems listed (carrying over a half-read system would
    silently lose indicators).
    """
    path = Path(path)
    book = read_book(path, "indicators")  # FileProblem (an XlkitError) when it is not one
    wanted = {sheet_name("indicators", k) for k in ("levels", "indicators", "info")}
    errors = [i for i in book.data.issues if i.severity == Severity.ERROR and (i.sheet in wanted or i.sheet is None)
              # a value of that evaluation is cleared anyway: its being malformed does not matter
              and not (i.sheet == sheet_name("indicators", "indicators") and i.cell and _column_of(book, i.cell) not in (*CARRIED_COLUMNS, None))]
    if errors:
        shown = "；".join(i.render() for i in errors[:SHOWN_ISSUES])
        more = f"等 {len(errors)} 个问题" if len(errors) > SHOWN_ISSUES else ""
        raise XlkitError(f"{path.name} 的指标体系无法完整读取，未生成：{shown}{more}")
    if not book.indicators:
        raise XlkitError(f"{path.name} 的“指标体系”工作表没有指标，未生成（从空白开始请用 --system 空白）")
    levels = tuple(
        {k: v for k, v in (("code", lv.code), ("name", lv.name), ("weight", _text(lv.weight)),
                           ("parent", lv.parent or "")) if v}
        for lv in book.levels
    )
    indicators = []
    for ind in book.indicators:
        row = ind.row
        item = {"level1_name": ind.level1, "level2_name": ind.level2, "name": ind.name,
                "weight": _text(ind.weight)}
        for key in CARRIED_COLUMNS:
            value = _text(row.get(key))
            if value:
                item[key] = value
        indicators.append(item)
    info = book.info
    return IndicatorSystem(
        kind=kind or _text(info.get("type")) or "",
        version="自定义",
        title=f"{path.stem}（沿用）",
        basis=f"沿用 {path.name}",
        grades=_text(info.get("grades")) or DEFAULT_GRADES,
        levels=levels,
        indicators=tuple(indicators),
        survey_method=_text(info.get("survey_method")),
    )


def _column_of(book: Any, cell: str) -> str | None:
    """The 指标体系 column key of an A1 reference, from where the reader found each header."""
    letters = "".join(ch for ch in cell if ch.isalpha())
    for ind in book.indicators:
        for key, ref in ind.row.cells.items():
            if "".join(ch for ch in ref if ch.isalpha()) == letters:
                return str(key)
        break
    return None


def resolve_system(choice: str | Path | IndicatorSystem | None, eval_type: str | None) -> IndicatorSystem:
    """The system ``new`` pre-fills: a system as given, ``空白``, a standard one by name, or a workbook path.

    ``None`` is the standard system of ``eval_type`` (what ``new --type`` always did).
    """
    if isinstance(choice, IndicatorSystem):
        return choice
    if choice is None or str(choice) in indicator_systems():
        return indicator_system(str(choice or eval_type))
    if str(choice) == BLANK:
        if not eval_type:
            raise XlkitError("从空白指标体系开始需要评价类型（--type 部门整体 或 项目支出）")
        return blank_system(eval_type)
    path = Path(choice)
    if path.suffix.lower() != ".xlsx" or not path.is_file():
        raise XlkitError(f"--system 应为 {'、'.join(SYSTEM_CHOICES)} 之一，或已有的指标体系 .xlsx 文件路径；"
                         f"“{choice}”不是" + ("（文件不存在）" if path.suffix.lower() == ".xlsx" else ""))
    return system_from_workbook(path, eval_type)
