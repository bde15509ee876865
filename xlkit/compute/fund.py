"""The social-insurance fund 收支 table (基金收支.xlsx): read, analyse, and print it as 002 does.

A clerk types one row per 险种 (预算 / 当年 / 上年 × 基金收入小计 / 基金支出小计, and optionally the
滚存结余 and last year's). xlkit prints 002 表(一)'s transposed table (基金收支分析): 险种 columns plus
合计; rows 预算 / 当年 / 上年 × 收入小计 / 支出小计, then 收入 / 支出对比分析 × 增长 / 增幅% / 执行预算%,
then 基金当期结余 and 滚存结余. The arithmetic is ``xlkit.compute.finance`` (FundTable): 增长 = 当年 − 上年;
增幅% = 增长 / 上年 (002 F2: −1.78 / 43.23 = −4.12%, not ÷ 当年); 执行预算% = 当年 / 预算, for income
too; the 合计 column is Σ of the funds and its rates are ratios of those sums (102.79%, never the
99.16% mean of 105.87% and 92.45%). Rates are 4-place fractions (2-decimal percents), half up.

Units: amounts are typed in 亿元 or 万元 (基本信息 › 金额单位) and listed in 列示单位. Rates and
differences are always computed from the typed figures, the finest grain there is (002 B1/B2 (万元):
353055 / 360780 = 97.86% from 万元, while the 亿元 table's 35.31 / 36.08 gives 97.87%); amounts
are converted once, ÷10000 half up to 2 decimals. A figure that differs from what the rounded
列示 amounts would give, but lies inside their rounding envelope, is an *info note* printed under
the analysis, not a warning: it is the rounding, not a slip.

Issue codes (severity; where):
  基金收支.xlsx  fund-duplicate, fund-row-empty, fund-negative, fund-total-footing,
                fund-balance-mismatch (warnings); the reader's cell codes (type-error, not-in-list …,
                errors) and workbook-empty (warning) as for every workbook
  info notes    fund-rate-undefined (0/0 or no 预算/上年: shown "—"), fund-total-rounding (typed
                合计 inside the rounding envelope), fund-balance-rounding, fund-unit-rounding
                (列示 in 亿元 from 万元: a rate or a 合计 that the rounded amounts would give
                differently), fund-balance-partial (合计 滚存结余 left "—" when a fund has none)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlkit.compute import finance
from xlkit.read.numbers import D, fmt2, fmt_pct, q2
from xlkit.read.reader import Row, WorkbookData
from xlkit.spec.issues import Issue, Report, Severity
from xlkit.spec.sheet_names import FUND_ANALYSIS
from xlkit.spec.templates import sheet_name

__all__ = [
    "FUND_LISTS",
    "UNITS",
    "DASH",
    "FundLine",
    "FundBook",
    "FundOutRow",
    "FundResult",
    "fund_book",
    "read_fund",
    "check_fund",
    "analyse_fund",
    "fund_table",
    "SHEET_NAME",
]

# Dropdown lists this workbook needs beyond templates/lists.toml (given to the writer and reader).
FUND_LISTS = {"金额单位": ("亿元", "万元")}
# Each unit in 万元.
UNITS = {"亿元": Decimal(10000), "万元": Decimal(1)}
DASH = "—"
SHEET_NAME = FUND_ANALYSIS
AMOUNTS = ("budget_income", "budget_expense", "income", "expense", "prior_income", "prior_expense",
           "prior_balance", "balance")
# Half a unit of the last typed decimal: both 亿元 and 万元 tables are kept to 2 decimals.
HALF_CENT = Decimal("0.005")


# ---- records ---------------------------------------------------------------------------------

@dataclass
class FundLine:
    """One 险种 row as typed (amounts in the 金额单位)."""

    name: str
    amounts: dict[str, Decimal | None]
    row: Row

    def get(self, key: str) -> Decimal | None:
        return self.amounts.get(key)


@dataclass
class FundBook:
    data: WorkbookData
    info: dict[str, Any]
    info_cells: dict[str, str]
    lines: list[FundLine]
    printed_total: Row | None  # 原表合计, when the clerk copied the printed 合计


def fund_book(data: WorkbookData) -> FundBook:
    form = data.sheet("info").fields
    lines = [FundLine(name=str(r.get("name") or "").strip(), amounts={k: r.get(k) for k in AMOUNTS}, row=r)
             for r in data.sheet("lines").rows]
    total = data.sheet("printed_total").fixed.get("total")
    if total is not None and all(v is None for v in total.values.values()):
        total = None
    return FundBook(data=data, info=dict(form.values) if form else {}, info_cells=dict(form.cells) if form else {},
                    lines=lines, printed_total=total)


def read_fund(path: Path, report: Report) -> FundBook | None:
    """Read one 基金收支 workbook; the reader's issues go to ``report``. None when unreadable."""
    from xlkit.read.reader import read_workbook
    from xlkit.read.safety import FileProblem
    from xlkit.spec.templates import workbook_spec

    try:
        data = read_workbook(path, workbook_spec("fund"), extra_lists={k: tuple(v) for k, v in FUND_LISTS.items()})
    except FileProblem as exc:
        message = str(exc).removeprefix(path.name).lstrip(" ：:")
        report.add(Issue(code=exc.code, message=message, file=path.name))
        return None
    report.extend(data.issues)
    return fund_book(data)


def check_fund(folder: Path, report: Report) -> FundResult | None:
    """The folder's 基金收支.xlsx analysed, its issues added to ``report``; None when absent.

    The table is optional everywhere: a folder without it has no issue about it.
    """
    from xlkit.spec.templates import workbook_spec

    path = Path(folder) / workbook_spec("fund").file
    if not path.is_file():
        return None
    book = read_fund(path, report)
    if book is None:
        return None
    if not book.lines and book.printed_total is None:
        report.add(Issue("workbook-empty", "未填写（社会保险基金收支情况表），不作分析", Severity.WARNING, path.name))
        return None
    result = analyse_fund(book)
    report.extend(result.issues)
    return result


# ---- the analysis ------------------------------------------------------------------------------

@dataclass
class FundOutRow:
    """One printed row of 基金收支分析: block (预算, 2022年, 收入对比分析 …), label, kind, a value per column."""

    block: str
    label: str
    kind: str  # "amount" or "rate"
    values: tuple[Decimal | None, ...]  # one per fund, then 合计; rates as fractions

    def shown(self, i: int) -> str:
        v = self.values[i]
        if v is None:
            return DASH
        return fmt_pct(v) if self.kind == "rate" else fmt2(v)


@dataclass
class FundResult:
    """The analysed fund table. Amounts in ``unit`` (列示单位), rates as 4-place fractions."""

    file: str
    info: dict[str, Any]
    source_unit: str
    unit: str
    funds: list[str]
    rows: list[FundOutRow]
    table: finance.FundTable  # the typed figures (source unit), as xlkit.compute.finance computes them
    issues: list[Issue] = field(default_factory=list)  # warnings, also in 校验
    notes: list[Issue] = field(default_factory=list)  # info: shown under the analysis only

    @property
    def columns(self) -> list[str]:
        return [*self.funds, finance.TOTAL_COLUMN]

    def row(self, block: str, label: str = "") -> FundOutRow:
        for r in self.rows:
            if r.block == block and r.label == label:
                return r
        raise KeyError(f"{block} {label}".strip())

    def value(self, block: str, label: str, column: str) -> Decimal | None:
        return self.row(block, label).values[self.columns.index(column)]

    def shown(self, block: str, label: str, column: str) -> str:
        return self.row(block, label).shown(self.columns.index(column))

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file, "unit": self.unit, "source_unit": self.source_unit, "columns": self.columns,
            "rows": [{"block": r.block, "label": r.label, "values": [r.shown(i) for i in range(len(r.values))]}
                     for r in self.rows],
            "issues": [i.to_dict() for i in self.issues],
            "notes": [i.to_dict() for i in self.notes],
        }

    def to_frame(self, numeric: bool = False):  # -> pandas.DataFrame
        """Rows as printed (block, label), one column per 险种 and 合计; Decimal unless ``numeric``."""
        import pandas as pd

        conv = (lambda v: None if v is None else float(v)) if numeric else (lambda v: v)
        frame = pd.DataFrame([[conv(v) for v in r.values] for r in self.rows], columns=self.columns,
                             index=pd.MultiIndex.from_tuples([(r.block, r.label) for r in self.rows],
                                                             names=["block", "label"]))
        return frame


class _Out:
    def __init__(self, result: FundResult):
        self.result = result

    def warn(self, code: str, message: str, sheet: str | None = None, cell: str | None = None, **kw: Any) -> None:
        self.result.issues.append(Issue(code, message, Severity.WARNING, self.result.file, sheet, cell, **kw))

    def note(self, code: str, message: str, sheet: str | None = None, cell: str | None = None, **kw: Any) -> None:
        self.result.notes.append(Issue(code, message, Severity.WARNING, self.result.file, sheet, cell, **kw))


def _unit(text: Any, default: str) -> str:
    t = str(text or "").strip()
    return t if t in UNITS else default


def _convert(value: Decimal | None, source: str, unit: str) -> Decimal | None:
    """An amount in ``source`` expressed in ``unit``: exact when multiplying, half up to 2 places when
    dividing (002 F17: 360780 万元 → 36.08 亿元)."""
    if value is None or source == unit:
        return value
    factor = UNITS[source] / UNITS[unit]
    return D(value) * factor if factor >= 1 else q2(D(value) * factor)


def _balance(line: FundLine, out: _Out, unit: str) -> Decimal | None:
    """滚存结余: 上年滚存 + 当期结余 when both are typed (the typed one checked), else as typed."""
    opening, typed = line.get("prior_balance"), line.get("balance")
    if opening is None:
        return typed
    rolled = finance.rolling_balance(opening, line.get("income"), line.get("expense"))
    if typed is None or rolled is None:
        return rolled if typed is None else typed
    diff = rolled - typed
    if diff != 0:
        cell = line.row.cells.get("balance")
        text = (f"{line.name}：滚存结余填写 {fmt2(typed)}{unit}，上年滚存结余 {fmt2(opening)} + 当期结余 "
                f"{fmt2(finance.period_balance(line.get('income'), line.get('expense')))} = {fmt2(rolled)}")
        # Three rounded figures (上年滚存, 收入, 支出) against a fourth: up to 4 half-cents apart.
        if abs(diff) <= 4 * HALF_CENT:
            out.note("fund-balance-rounding", text + "，差异在四舍五入范围内", sheet_name("fund", "lines"), cell)
        else:
            out.warn("fund-balance-mismatch", text + f"，相差 {fmt2(diff)}；分析表按计算值列示", sheet_name("fund", "lines"), cell,
                     value=fmt2(typed), expected=fmt2(rolled))
    return rolled


def analyse_fund(book: FundBook) -> FundResult:
    """The 基金收支分析 of ``book`` with its warnings and info notes."""
    info = dict(book.info)
    source = _unit(info.get("amount_unit"), "万元")
    unit = _unit(info.get("display_unit"), source)
    year = info.get("year")
    result = FundResult(file=book.data.path.name, info=info, source_unit=source, unit=unit, funds=[], rows=[],
                        table=finance.FundTable((), year=year))
    out = _Out(result)
    sheet = sheet_name("fund", "lines")
    seen: dict[str, FundLine] = {}
    columns: list[finance.FundColumn] = []
    balances: list[Decimal | None] = []
    for line in book.lines:
        cells = line.row.cells
        name = line.name or f"第 {line.row.excel_row} 行"
        if line.name in seen:
            out.warn("fund-duplicate", f"险种“{line.name}”重复（另见 {seen[line.name].row.cells.get('name')}），"
                     "两行都计入合计；如是同一险种请合并", sheet, cells.get("name"), value=line.name)
        seen.setdefault(line.name, line)
        if all(line.get(k) is None for k in AMOUNTS):
            out.warn("fund-row-empty", f"{name}：只填了险种名称，没有金额", sheet, cells.get("name"))
        for key in ("budget_income", "budget_expense", "income", "expense", "prior_income", "prior_expense"):
            v = line.get(key)
            if v is not None and v < 0:
                header = book.data.spec.sheet("lines").column(key).header
                out.warn("fund-negative", f"{name}：{header}为负数（{fmt2(v)}），基金收入、支出小计不应为负", sheet,
                         cells.get(key), value=fmt2(v))
        balances.append(_balance(line, out, source))
        columns.append(finance.FundColumn(
            name, line.get("budget_income"), line.get("budget_expense"), line.get("income"), line.get("expense"),
            line.get("prior_income"), line.get("prior_expense"), balances[-1]))
        result.funds.append(name)
    table = finance.FundTable(tuple(columns), year=year)
    result.table = table
    total_balance = None
    if any(b is not None for b in balances):
        if all(b is not None for b in balances):
            total_balance = sum((b for b in balances if b is not None), Decimal(0))
        else:
            missing = "、".join(f for f, b in zip(result.funds, balances) if b is None)
            out.note("fund-balance-partial", f"{missing} 没有滚存结余，合计的滚存结余不列示（“{DASH}”）", sheet)
    _foot_printed(book, table, out, source)
    result.rows = _rows(result, table, balances, total_balance, info, year, out)
    return result


def _foot_printed(book: FundBook, table: finance.FundTable, out: _Out, unit: str) -> None:
    """原表合计 against Σ 险种: inside n half-cents it is rounding (a note), beyond it a warning."""
    printed = book.printed_total
    if printed is None:
        return
    spec = book.data.spec.sheet("printed_total")
    for key in AMOUNTS:
        value = printed.get(key)
        if value is None:
            continue
        parts = [line.get(key) for line in book.lines]
        footing = finance.foot(parts, value)
        if footing is None:
            continue
        header = spec.column(key).header
        text = (f"原表合计的{header} {fmt2(value)}{unit}，各险种之和为 {fmt2(footing.computed)}"
                f"（相差 {fmt2(footing.difference)}）")
        if footing.within_rounding:
            out.note("fund-total-rounding", text + f"，在 {footing.count} 个两位小数四舍五入的范围内", spec.name,
                     printed.cells.get(key))
        else:
            out.warn("fund-total-footing", text + "；分析表的合计按各险种之和列示", spec.name, printed.cells.get(key),
                     value=fmt2(value), expected=fmt2(footing.computed))


# Each rate row of the table and the amounts it divides: (current, base, growth or completion).
_RATE_INPUTS = {
    ("收入对比分析", "增幅%"): ("income", "prior_income", True),
    ("收入对比分析", "执行预算%"): ("income", "budget_income", False),
    ("支出对比分析", "增幅%"): ("expense", "prior_expense", True),
    ("支出对比分析", "执行预算%"): ("expense", "budget_expense", False),
}


def _rows(result: FundResult, table: finance.FundTable, balances: list[Decimal | None],
          total_balance: Decimal | None, info: dict[str, Any], year: Any, out: _Out) -> list[FundOutRow]:
    """``finance.FundTable.rows`` in the display unit, with a note wherever a rate recomputed from the
    rounded 列示 amounts would differ; 滚存结余 as checked per 险种 (no 合计 unless every 险种 has one)."""
    source, unit = result.source_unit, result.unit
    cols = table.all_columns
    this_label = str(info.get("this_label") or (f"{year}年" if year else "当年")).strip()
    last_label = str(info.get("last_label") or (f"{int(year) - 1}年" if year else "上年")).strip()

    def rates(block: str, label: str, values, currents, bases, growth: bool) -> FundOutRow:
        row = FundOutRow(block, label, "rate", tuple(values))
        for name, v, cur, base in zip(result.columns, row.values, currents, bases):
            if v is None:
                if cur is not None or base is not None:
                    out.note("fund-rate-undefined", f"{name}{block}的{label}：分母为 0 或未填，列示“{DASH}”", SHEET_NAME)
                continue
            if source == unit:
                continue
            # What a reader recomputing from the 列示 amounts would get.
            shown_cur, shown_base = _convert(cur, source, unit), _convert(base, source, unit)
            if growth:
                from_shown = finance.growth_rate(shown_cur, shown_base)
                how = f"({fmt2(shown_cur)} − {fmt2(shown_base)}) ÷ {fmt2(shown_base)}"
                span = ""
            else:
                from_shown = finance.budget_completion(shown_cur, shown_base)
                how = f"{fmt2(shown_cur)} ÷ {fmt2(shown_base)}"
                bounds = finance.rate_envelope(shown_cur, shown_base, HALF_CENT)
                span = f"（{fmt_pct(bounds[0])}–{fmt_pct(bounds[1])}）" if bounds else ""
            if from_shown is not None and from_shown != v:
                out.note("fund-unit-rounding", f"{name}{block}的{label}：按{source}计算为 {fmt_pct(v)}；按列示的{unit}数 "
                         f"{how} 为 {fmt_pct(from_shown)}，差异来自{unit}的四舍五入{span}，以{source}计算为准",
                         SHEET_NAME)
        return row

    rows = []
    for r in table.rows(this_label, last_label):
        inputs = _RATE_INPUTS.get((r.block, r.label))
        if inputs is not None:
            cur, base, growth = inputs
            rows.append(rates(r.block, r.label, r.values, [getattr(c, cur) for c in cols],
                              [getattr(c, base) for c in cols], growth))
            continue
        values = (*balances, total_balance) if r.block == "滚存结余" else r.values
        rows.append(FundOutRow(r.block, r.label, "amount", tuple(_convert(v, source, unit) for v in values)))
    if source != unit:
        _converted_totals(result, rows, out)
    return rows


def _converted_totals(result: FundResult, rows: list[FundOutRow], out: _Out) -> None:
    """合计 and differences are converted from exact typed figures; say so where the rounded 列示
    figures would add up differently (always inside n half-cents)."""
    n = len(result.funds)
    for row in rows:
        if row.kind != "amount" or any(v is None for v in row.values[:n]) or row.values[n] is None:
            continue
        parts = sum((v for v in row.values[:n] if v is not None), Decimal(0))
        if parts != row.values[n]:
            out.note("fund-unit-rounding", f"{row.block}{row.label}合计 {fmt2(row.values[n])}{result.unit} "
                     f"由{result.source_unit}合计折算，各险种列示数之和为 {fmt2(parts)}，差异来自四舍五入", SHEET_NAME)


def fund_table(path: str | Path) -> FundResult:
    """Read and analyse one 基金收支 workbook (for Python / pandas use); raises on an unreadable file."""
    from xlkit.errors import XlkitError

    report = Report()
    book = read_fund(Path(path), report)
    if book is None:
        raise XlkitError("；".join(i.render() for i in report.errors) or f"无法读取 {path}")
    result = analyse_fund(book)
    result.issues[:0] = report.issues
    return result
