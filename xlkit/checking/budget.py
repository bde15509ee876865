"""Checks of 预决算.xlsx: no negative amounts, footings of the fixed tables and the 项目 list,
调整数 and 净值 identities, 项目类型, and the 部门整体 tables (人员, 支付进度, 绩效管理覆盖)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from xlkit.checking.result import FileIssues
from xlkit.compute.finance import execution_rate
from xlkit.read.cells import NA_MARKS, is_blank
from xlkit.read.numbers import fmt2
from xlkit.read.records import BudgetBook
from xlkit.spec.issues import Severity
from xlkit.spec.templates import sheet_name, workbook_specs

__all__ = ["FOOTING_TOLERANCE", "check_budget", "check_department_tables"]


FOOTING_TOLERANCE = Decimal("0.01")


def _header(sheet_key: str, key: str) -> str:
    return workbook_specs()["budget"].sheet(sheet_key).column(key).header


def _num(value: Any, col: str) -> str:
    """Amounts with 2 decimals; counts (资产 › 数量) as whole numbers."""
    return str(int(value)) if col == "quantity" else fmt2(value)


def _unreadable(row: Any, col: str) -> bool:
    """The cell holds something (not blank, not "-") that could not be read as a value."""
    raw = row.raw.get(col)
    return row.get(col) is None and not is_blank(raw) and not (isinstance(raw, str) and raw.strip() in NA_MARKS)


def _foot(out: FileIssues, sheet_key: str, rows: dict[str, Any], spec_rows: Any, columns: list[str], labels: dict[str, str]) -> None:
    for fr in spec_rows:
        if not fr.children or fr.key not in rows:
            continue
        parent = rows[fr.key]
        for col in columns:
            if col not in parent.cells:
                continue
            if any(k not in rows for k in fr.children):
                break  # a row is missing (row-missing): its sum cannot be checked
            kids = [rows[k] for k in fr.children]
            if any(_unreadable(r, col) for r in (parent, *kids)):
                continue  # already reported as a cell error; a footing warning would only repeat it
            have = [r.get(col) for r in kids if r.get(col) is not None]
            total = parent.get(col)
            if not have and total is None:
                continue
            s = sum(have, Decimal(0))
            t = total if total is not None else Decimal(0)
            if abs(s - t) >= FOOTING_TOLERANCE:
                names = "＋".join(labels[k] for k in fr.children if k in rows and rows[k].get(col) is not None)
                out("footing", f"{fr.label}的{_header(sheet_key, col)} {_num(t, col)} 与 {names or '各分项'} 之和 {_num(s, col)} "
                    f"相差 {_num(s - t, col)}", sheet_name("budget", sheet_key), parent.cells.get(col), Severity.WARNING, value=_num(t, col),
                    expected=_num(s, col))


NON_NEGATIVE = {
    "income": ("initial", "annual"),
    "expense": ("initial", "annual", "final"),
    "assets": ("quantity", "original", "depreciation", "net", "in_use_net"),
    "three_public": ("initial", "annual", "final"),
}


def check_budget(book: BudgetBook, out: FileIssues, eval_type: str | None) -> None:
    spec = workbook_specs()["budget"]
    tables = {"income": book.income, "expense": book.expense, "assets": book.assets, "three_public": book.three_public}
    for sheet_key, cols in (
        ("income", ["initial", "annual", "adjustment"]),
        ("expense", ["initial", "annual", "final"]),
        ("assets", ["quantity", "original", "depreciation", "net", "in_use_net"]),
        ("three_public", ["initial", "annual", "final"]),
    ):
        sheet = spec.sheet(sheet_key)
        rows = tables[sheet_key]
        labels = {r.key: r.label.removeprefix("其中：") for r in sheet.fixed_rows}
        for fr in sheet.fixed_rows:
            row = rows.get(fr.key)
            for col in NON_NEGATIVE[sheet_key]:
                v = row.get(col) if row else None
                if v is not None and v < 0:
                    out("negative-amount", f"{fr.label}的{_header(sheet_key, col)}不应为负数（实际为 {fmt2(v)}）",
                        sheet.name, row.cells.get(col), value=fmt2(v))  # type: ignore[union-attr]
        _foot(out, sheet_key, rows, sheet.fixed_rows, cols, labels)
    for key, row in book.income.items():
        ini, ann, adj = row.get("initial"), row.get("annual"), row.get("adjustment")
        if ini is not None and ann is not None and adj is not None and abs((ini - ann) - adj) >= FOOTING_TOLERANCE:
            label = spec.sheet("income").fixed_rows[[r.key for r in spec.sheet("income").fixed_rows].index(key)].label
            out("adjustment-mismatch", f"{label}：年初收入数 {fmt2(ini)} − 全年预算数 {fmt2(ann)} = {fmt2(ini - ann)}，"
                f"与调整数 {fmt2(adj)} 不符", sheet_name("budget", "income"), row.cells.get("adjustment"), Severity.WARNING, value=fmt2(adj),
                expected=fmt2(ini - ann))
    for key, row in book.assets.items():
        o, d, n = row.get("original"), row.get("depreciation"), row.get("net")
        label = next(r.label for r in spec.sheet("assets").fixed_rows if r.key == key)
        if o is not None and d is not None and n is not None and abs((o - d) - n) >= FOOTING_TOLERANCE:
            out("footing", f"{label}的期末账面净值 {fmt2(n)} 与 原值 − 累计折旧 = {fmt2(o - d)} 不符", sheet_name("budget", "assets"),
                row.cells.get("net"), Severity.WARNING, value=fmt2(n), expected=fmt2(o - d))
        used = row.get("in_use_net")
        if n is not None and used is not None and used > n:
            out("in-use-exceeds", f"{label}的在用资产净值 {fmt2(used)} 大于期末账面净值 {fmt2(n)}", sheet_name("budget", "assets"),
                row.cells.get("in_use_net"), Severity.WARNING, value=fmt2(used), expected=f"≤ {fmt2(n)}")
    for row in book.projects:
        kind, ini = row.get("kind"), row.get("initial")
        if kind == "年中追加项目" and ini not in (None, Decimal(0)):
            out("project-kind", f"年中追加项目不应有年初预算数（{fmt2(ini)}）；若是年初预算项目，请改项目类型", sheet_name("budget", "projects"),
                row.cells.get("initial"), Severity.WARNING, value=fmt2(ini))
        if kind == "年初预算项目" and ini is None and "initial" in row.cells:
            out("project-kind", "年初预算项目缺少年初预算数；若是年中追加项目，请改项目类型", sheet_name("budget", "projects"), row.cells.get("initial"),
                Severity.WARNING)
        for col in ("initial", "adjusted", "spent", "received"):
            v = row.get(col)
            if v is not None and v < 0:
                out("negative-amount", f"{_header('projects', col)}不应为负数（实际为 {fmt2(v)}）", sheet_name("budget", "projects"), row.cells.get(col),
                    value=fmt2(v))
    if eval_type == "部门整体":
        _foot_projects(book, out)


def _foot_projects(book: BudgetBook, out: FileIssues) -> None:
    """部门整体: the 项目 list adds up to 支出 › 二、项目支出 (000: 59.08 / 47.14 / 47.14)."""
    sheet = book.data.sheet("projects")
    target = book.expense.get("project")
    if target is None or not book.projects:
        return
    for col, exp_col in (("initial", "initial"), ("adjusted", "annual"), ("spent", "final")):
        if not sheet.has(col):
            continue
        values = [r.get(col) for r in book.projects if r.get(col) is not None]
        t = target.get(exp_col)
        if not values or t is None:
            continue
        s = sum(values, Decimal(0))
        if abs(s - t) >= FOOTING_TOLERANCE:
            out("footing", f"二、项目支出的{_header('expense', exp_col)} {fmt2(t)} 与“项目”表{_header('projects', col)}合计 {fmt2(s)} "
                f"相差 {fmt2(s - t)}", sheet_name("budget", "expense"), target.cells.get(exp_col), Severity.WARNING, value=fmt2(t), expected=fmt2(s))


def check_department_tables(book: BudgetBook, out: FileIssues) -> None:
    """人员, 支付进度, 绩效管理覆盖: what a measure would silently get wrong."""
    for cov in book.coverage.values():
        for part, whole, unit in (("projects_covered", "projects_total", "项目数"), ("funds_covered", "funds_total", "资金")):
            covered, total = cov.get(part), cov.get(whole)
            if covered is not None and total is not None and covered > total:
                out("coverage-exceeds", f"绩效管理覆盖：覆盖的{unit} {covered} 大于总数 {total}", sheet_name("budget", "coverage"),
                    cov.cells.get(part), value=covered, expected=f"≤ {total}")
    # cumulative progress never falls: compared as rates (a typed 支付率, else 累计支出数 ÷ 全年预算数)
    annual = book.expense["total"].get("annual") if "total" in book.expense else None
    previous: tuple[str, Decimal] | None = None
    for key, label in (("q1", "一季度末"), ("q2", "二季度末"), ("q3", "三季度末"), ("q4", "四季度末")):
        row = book.payments.get(key)
        if row is None:
            continue
        col = "rate" if row.get("rate") is not None else "spent"
        if row.get(col) is None:
            continue
        value = row.get(col) if col == "rate" else execution_rate(row.get(col), annual)
        if value is None:
            continue
        if previous is not None and value < previous[1]:
            out("payment-decreasing", f"支付进度应为季度末累计数，{label}小于{previous[0]}", sheet_name("budget", "payments"), row.cells.get(col),
                Severity.WARNING, value=row.get(col))
        previous = (label, value)
    for row in book.staff.values():
        if row.get("staff") is not None and row.get("quota") is None:
            out("required-missing", "人员：填写了年末在职人数时须填写编制数", sheet_name("budget", "staff"), row.cells.get("quota"))
