"""The table engine every audit runs: find the tables of a workbook's (or a Word report's) sheets,
read each as what it is (综合评分表, 得分汇总, 预决算 and project tables, 问卷统计 …) and check it.

A project folder (``folder``) and a Word report (``report_text``) both hand their sheets to this
module; neither imports the other for it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from xlkit.audit.budget import (
    check_disclosure,
    check_expense,
    check_headerless,
    check_income,
    check_projects,
    check_years,
    cross_projects,
    table_year,
    zero_zero,
)
from xlkit.audit.grid import Grid, value_of
from xlkit.audit.model import AuditResult, Out
from xlkit.audit.reachability import check_reachable
from xlkit.audit.rule_results import choose_system
from xlkit.audit.score_checks import check_scores
from xlkit.audit.score_table import ScoreTable, read_scores
from xlkit.audit.summary import check_grade, check_summary
from xlkit.audit.summary_rows import check_summary_rows
from xlkit.audit.survey import check_survey_table
from xlkit.audit.tables import find_tables
from xlkit.spec.sheet_names import HELP_SHEET, LIST_SHEET, STAMP_SHEET

__all__ = ["audit_sheets", "audit_workbook"]


def _open(path: Path, trust_cached: bool) -> list[Grid]:
    from xlkit.read.safety import load

    wb_f = load(path, backend="openpyxl")
    wb_v = load(path, data_only=True, backend="openpyxl") if trust_cached else wb_f
    return [Grid(wb_f[name], wb_v[name], trust_cached) for name in wb_f.sheetnames
            if wb_f[name].sheet_state == "visible" and name not in (HELP_SHEET, STAMP_SHEET, LIST_SHEET)]


def audit_workbook(path: Path, result: AuditResult, *, trust_cached: bool = True) -> ScoreTable | None:
    return _audit_grids(_open(path, trust_cached), path.name, result)


def audit_sheets(sheets: list[Any], name: str, result: AuditResult,
                 amounts: list[tuple[str, str, dict[str, Decimal | None]]] | None = None) -> list[ScoreTable]:
    """Audit the tables of openpyxl worksheets (values as printed, no formulas) as one file named
    ``name``: how a Word report's tables go through the same checks as a workbook's. Returns the
    score tables read, largest first; ``amounts`` receives each budget row read as (sheet, label,
    {initial, annual, spent: value}) — the figures a report's text states again."""
    found: list[ScoreTable] = []
    _audit_grids([Grid(ws, ws, False) for ws in sheets], name, result, found, amounts)
    return sorted(found, key=lambda s: -len(s.indicators))


def _audit_grids(grids: list[Grid], name: str, result: AuditResult,
                 collect: list[ScoreTable] | None = None,
                 amounts: list[tuple[str, str, dict[str, Decimal | None]]] | None = None) -> ScoreTable | None:
    path = Path(name)
    out = Out(result, path.name)
    tables = [t for g in grids for t in find_tables(g)]
    for t in tables:
        if t.kind == "unreadable":
            out("table-unreadable", f"疑似评分表，未能读取：{t.why}", sheet=t.grid.name, cell=t.grid.ref(t.header, 1))
    score_tables = [read_scores(t, out, path.name) for t in tables if t.kind == "score"]
    if collect is not None:
        collect.extend(score_tables)
    main = max(score_tables, key=lambda s: len(s.indicators), default=None)
    for st in score_tables:
        check_scores(st, out, choose_system(st))
        check_reachable(out, st)
        result.audited.append(f"{path.name} › {st.sheet}：综合评分表 {len(st.indicators)} 个三级指标")
    facts: dict[str, Any] = {}
    for t in tables:
        if t.kind == "summary":
            check_summary(t, main, out, facts)
            facts["summary_sheet"] = t.grid.name
            result.audited.append(f"{path.name} › {t.grid.name}：得分汇总")
    for t in tables:
        if t.kind == "summary_rows" and check_summary_rows(t, main, out, facts):
            result.audited.append(f"{path.name} › {t.grid.name}：得分汇总（按行）")
    if main is not None or "等级" in facts:
        check_grade(out, {"summary_sheet": facts.get("summary_sheet")}, main, facts)
    zero_forms: dict = {}
    expense = [(t, check_expense(out, t, zero_forms)) for t in tables if t.kind == "expense"]
    projects = [(t, check_projects(out, t, zero_forms)) for t in tables if t.kind == "project"]
    if amounts is not None:
        for t, rows in expense:
            amounts += [(t.grid.name, r.label, {"initial": value_of(r.values.get("initial")),
                                                 "annual": value_of(r.values.get("annual")),
                                                 "spent": value_of(r.values.get("final"))}) for r in rows]
        for t, (items, _) in projects:
            amounts += [(t.grid.name, r.label, {"initial": value_of(r.values.get("initial")),
                                                 "annual": value_of(r.values.get("adjusted")),
                                                 "spent": value_of(r.values.get("spent"))}) for r in items]
    for t in tables:
        if t.kind == "income":
            check_income(out, t, zero_forms)
        elif t.kind == "disclosure":
            check_disclosure(out, t)
        elif t.kind == "survey":
            check_survey_table(out, t)
    zero_zero(out, zero_forms)
    check_years(out, expense)
    for t in tables:
        if t.kind == "headerless" and check_headerless(out, t):
            result.audited.append(f"{path.name} › {t.grid.name}：无表头的表格（第 {t.header + 1}–{t.end} 行）")
    if expense and projects:
        # 项目支出 line vs the project table of the same year (a table without a year: the first of each)
        years = {id(t): table_year(t) for t, _ in [*expense, *projects]}
        for n, (et, erows) in enumerate(expense):
            year = years[id(et)]
            same = [p for p in projects if year is not None and years[id(p[0])] == year]
            if year is None or not same:
                same = projects[:1] if n == 0 else []
            if same:
                cross_projects(out, et, erows, same[0][1][0])
    names = {"expense": "支出预决算表", "project": "项目预算执行表", "income": "收入预算表", "disclosure": "预决算公开表",
             "survey": "问卷统计表"}
    for t in tables:
        if t.kind in names:
            result.audited.append(f"{path.name} › {t.grid.name}：{t.year + '年 ' if t.year else ''}{names[t.kind]}")
    return main
