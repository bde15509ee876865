"""`xlkit audit`: check the figures of a hand-made 综合评分表 and its budget and questionnaire tables.

Finance bureaus receive score tables typed by third parties. ``audit(path)`` reads what is
*printed* — a workbook in xlkit's 综合评分表 layout (merged 一级/二级 cells, 小计 and 合计 rows,
plain numbers or formulas with cached values), optionally with a 得分汇总 (表3-1) table, budget
tables like 表1-1 / 表1-2, a 预决算公开 date table and questionnaire tables — recomputes every
figure that can be recomputed from the others, and returns findings: a stable code, a severity,
the cell, the printed and the expected value, and the rule or formula. For a project folder it
also runs ``xlkit check`` and ``xlkit score`` and compares any typed 综合评分表 in the folder with
xlkit's own scores.

Tables are found by their column headings anywhere in any sheet, so a table typed on one sheet
with other material around it is still read. Nothing is ever written back to the audited files.

What cannot be checked from typed figures — narrative text, figures printed only in the report's
prose, how a rule was meant when its wording is ambiguous beyond the readings xlkit knows — is
out of scope; the tests list the seeds' own slips of that kind.

Finding codes (severity, category):
  评分   rate-mismatch, score-range, subtotal-mismatch, total-mismatch, level-weight, deduct-column,
         deduction-sum, rule-result, grade-mismatch, full-marks-count, summary-mismatch (errors);
         deduction-size, standard-points, rule-rounding, rate-over-100 (warnings)
  预决算 footing, adjustment-mismatch, rate-recompute, disclosure-before-approval (errors);
         rate-sign, rate-dash, rate-undefined, zero-zero-inconsistent, rate-over-100,
         disclosure-late (warnings)
  问卷   survey-sum, survey-count-exceeds, share-mismatch, survey-rate-mismatch, composite-mismatch,
         coverage-mismatch (errors); composite-label (warning)
  对照   score-differs, grade-differs, folder-unscorable (errors); voucher-not-in-ledger (warning) —
         folder audits only
  校验   every issue of ``xlkit check`` / ``xlkit score`` for a folder, with its own code
  读取   table-unreadable (warning): a figure that is neither a number nor "-"
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Callable, Iterable

from . import finance
from .cells import NA_MARKS, is_percent_format
from .errors import RuleConfigError, XlkitError
from .issues import Issue, Severity
from .numbers import ZERO, D, NumberParseError, fmt2, fmt_pct, parse_decimal, parse_rate, q2, quantize

__all__ = ["audit", "AuditResult", "Finding", "CODES", "CATEGORIES", "AUDIT_FILE"]

AUDIT_FILE = "审核意见.xlsx"
CATEGORIES = ("评分", "预决算", "问卷", "对照", "校验", "读取")
ERROR, WARNING = Severity.ERROR, Severity.WARNING

# code → (severity, category, what it means). The catalogue the writer's summary and the docs use.
CODES: dict[str, tuple[Severity, str, str]] = {
    "rate-mismatch": (ERROR, "评分", "得分率 ≠ 得分 ÷ 分值"),
    "score-range": (ERROR, "评分", "得分高于分值或低于 0"),
    "subtotal-mismatch": (ERROR, "评分", "小计 ≠ 所属三级指标之和"),
    "total-mismatch": (ERROR, "评分", "合计 ≠ 各指标之和"),
    "level-weight": (ERROR, "评分", "一级指标标注的分值 ≠ 所属三级指标分值之和"),
    "deduct-column": (ERROR, "评分", "扣分 ≠ 分值 − 得分"),
    "deduction-sum": (ERROR, "评分", "扣分原因所列扣分之和 ≠ 分值 − 得分"),
    "deduction-size": (WARNING, "评分", "单项扣分与评分标准规定的每项扣分不符"),
    "standard-points": (WARNING, "评分", "评分标准所写的得分与分值不符"),
    "rule-result": (ERROR, "评分", "按评分规则由目标值和实际完成值计算的得分 ≠ 填报得分"),
    "rule-rounding": (WARNING, "评分", "评分标准未写明计扣口径，填报得分只符合其中一种"),
    "rate-over-100": (WARNING, "评分", "占比类指标的比率超过 100%"),
    "grade-mismatch": (ERROR, "评分", "等级与总分所在的等级区间不符"),
    "full-marks-count": (ERROR, "评分", "实现目标（满分指标）个数不符"),
    "summary-mismatch": (ERROR, "评分", "得分汇总表与综合评分表不一致"),
    "footing": (ERROR, "预决算", "合计（小计）≠ 各分项之和"),
    "adjustment-mismatch": (ERROR, "预决算", "调整数 ≠ 年初 − 全年"),
    "rate-recompute": (ERROR, "预决算", "比率与按标题所写口径重算的结果不符"),
    "rate-sign": (WARNING, "预决算", "调减的调整率未标负号"),
    "rate-dash": (WARNING, "预决算", "可以计算的比率显示为“-”"),
    "rate-undefined": (WARNING, "预决算", "分母为 0 或“-”的比率显示为数值"),
    "zero-zero-inconsistent": (WARNING, "预决算", "0/0 的比率在同一表中显示方式不一致"),
    "disclosure-before-approval": (ERROR, "预决算", "公开日期早于批复日期"),
    "disclosure-late": (WARNING, "预决算", "公开日期超过批复后规定的天数"),
    "survey-sum": (ERROR, "问卷", "单选题各选项人数之和 ≠ 答题人数"),
    "survey-count-exceeds": (ERROR, "问卷", "选项人数大于答题人数"),
    "share-mismatch": (ERROR, "问卷", "占比 ≠ 人数 ÷ 答题人数"),
    "survey-rate-mismatch": (ERROR, "问卷", "满意率 ≠ Σ(人数 × 分值) ÷ 答题人数"),
    "composite-mismatch": (ERROR, "问卷", "综合满意度与各题满意率不符"),
    "composite-label": (WARNING, "问卷", "综合满意度的名称与计算方式不符"),
    "coverage-mismatch": (ERROR, "问卷", "覆盖率、回收率或有效回收率计算有误"),
    "score-differs": (ERROR, "对照", "填报得分与 xlkit 按指标体系计算的得分不同"),
    "grade-differs": (ERROR, "对照", "填报等级与 xlkit 计算的等级不同"),
    "folder-unscorable": (ERROR, "对照", "文件夹有错误，xlkit 无法评分，未能对照"),
    "voucher-not-in-ledger": (WARNING, "对照", "扣分原因引用的凭证不在凭证抽查台账中"),
    "table-unreadable": (WARNING, "读取", "单元格内容无法识别为数字，或文件夹中的表格文件无法读取"),
}


@dataclass(frozen=True)
class Finding:
    """One audit finding: where, what is printed, what it should be, and why."""

    code: str
    severity: Severity
    category: str
    message: str
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    item: str = ""  # 项目: "B31 资金使用合规性 › 得分率"
    printed: str | None = None  # 填报值
    expected: str | None = None  # 应为
    difference: str | None = None  # 差异
    basis: str = ""  # 依据/公式

    @property
    def where(self) -> str:
        return " › ".join(p for p in (self.file, self.sheet, self.cell) if p)

    def render(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message

    def to_issue(self) -> Issue:
        return Issue(self.code, self.message, self.severity, self.file, self.sheet, self.cell, self.printed,
                     self.expected)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity.value, "category": self.category,
                "file": self.file, "sheet": self.sheet, "cell": self.cell, "item": self.item,
                "printed": self.printed, "expected": self.expected, "difference": self.difference,
                "basis": self.basis, "message": self.message}


@dataclass
class AuditResult:
    """All findings of one audit, in the order found, and what was read."""

    path: Path
    findings: list[Finding] = field(default_factory=list)
    audited: list[str] = field(default_factory=list)  # "综合评分表.xlsx › 综合评分表：24 个三级指标"

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def by_category(self) -> dict[str, tuple[int, int]]:
        """category → (errors, warnings), categories in catalogue order."""
        out = {}
        for cat in CATEGORIES:
            mine = [f for f in self.findings if f.category == cat]
            if mine:
                out[cat] = (sum(f.severity is ERROR for f in mine), sum(f.severity is WARNING for f in mine))
        return out

    @property
    def conclusion(self) -> str:
        if not self.audited:
            return "未找到可审核的表格（综合评分表、预决算表或问卷统计表）。"
        if not self.findings:
            return "经复核，所审表格的得分、小计、合计、比率和计数均与重算结果一致，未发现问题。"
        e, w = len(self.errors), len(self.warnings)
        if e:
            return (f"发现 {e} 处错误、{w} 处需关注的问题。错误指填报数字与据表内其他数字或评分规则重算的结果不符，"
                    "应由填报单位核实更正后重新报送；需关注的问题请结合评价底稿说明理由。")
        return f"未发现计算错误；有 {w} 处需关注的问题，请填报单位结合评价底稿说明理由。"

    def to_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "ok": self.ok, "errors": len(self.errors), "warnings": len(self.warnings),
                "audited": list(self.audited), "conclusion": self.conclusion,
                "findings": [f.to_dict() for f in self.findings]}

    def to_frame(self):  # -> pandas.DataFrame
        import pandas as pd

        return pd.DataFrame([f.to_dict() for f in self.findings])


class _Out:
    """Collects findings for one file; severity and category come from the catalogue."""

    def __init__(self, result: AuditResult, file: str | None):
        self.result, self.file = result, file

    def __call__(self, code: str, message: str, *, sheet: str | None = None, cell: str | None = None,
                 item: str = "", printed: str | None = None, expected: str | None = None,
                 difference: str | None = None, basis: str = "", severity: Severity | None = None) -> None:
        sev, cat, _ = CODES[code]
        self.result.findings.append(Finding(code, severity or sev, cat, message, self.file, sheet, cell, item,
                                            printed, expected, difference, basis))


# =============================================================================================
# Reading what is printed


def _norm(text: Any) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text if text is not None else "")))


class _Unknown:
    """A formula cell whose printed value is not known (no cached value): never checked."""

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "<formula>"


UNKNOWN = _Unknown()
MAX_ROWS, MAX_COLS = 3000, 60


class _Grid:
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
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(c)}{r}"


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


def _read_number(raw: Any, fmt: str | None, rate: bool) -> Num | str | None:
    """Num as printed, DASH for "-" / "/", None for blank or unknown; ValueError for other text.

    A number is taken as its cell shows it: a float goes through 12 significant digits (what a
    person typed, without binary noise) and is rounded to the decimals of its number format.
    """
    if raw is None or raw is UNKNOWN or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, str) and raw.strip() in NA_MARKS:
        return DASH
    if isinstance(raw, bool) or isinstance(raw, (dt.date, dt.datetime)):
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


def _same(printed: Num, exact: Decimal | None) -> bool:
    """Does ``exact`` round (half up) to the printed figure at the printed precision?"""
    if exact is None:
        return False
    return quantize(exact, printed.places) == quantize(printed.value, printed.places)


def _pct(value: Decimal | None) -> str:
    return fmt_pct(value) if value is not None else DASH


# ---- table detection -------------------------------------------------------------------------

# field → accepted headings (normalised; a heading may add a parenthesised note: "预算执行率（决算数/全年预算数）")
SCORE_COLS = {
    "level1": ("一级指标",), "level2": ("二级指标",), "name": ("三级指标",),
    "explanation": ("指标解释",), "standard": ("评价标准", "评分标准", "评分规则", "评分方法"),
    "target": ("目标值", "业绩值", "指标值", "年度指标值"), "actual": ("实际完成值", "完成值", "实际值"),
    "weight": ("分值", "标杆分值", "权重"), "deduct": ("扣分",), "score": ("得分", "指标得分"),
    "rate": ("得分率",), "reason": ("扣分原因", "评分过程", "扣分理由", "得分说明"),
}
EXPENSE_COLS = {"label": (), "initial": ("年初预算数", "年初预算"), "annual": ("全年预算数", "全年预算", "调整后预算数"),
                "final": ("决算数", "全年执行数", "实际支出数"), "execution_rate": ("预算执行率", "执行率"),
                "adjustment_rate": ("预算调整率", "调整率"), "adjustment": ("调整数", "预算调整数")}
PROJECT_COLS = {"name": ("项目名称", "序号/项目名称"), "no": ("序号",), "kind": ("项目类型",), "initial": ("年初预算数",),
                "adjusted": ("调整后预算数", "全年预算数"), "adjustment_rate": ("预算调整率", "调整率"),
                "spent": ("实际支出数", "决算数", "全年执行数"), "execution_rate": ("预算执行率", "执行率"),
                "received": ("实际到位数", "到位资金"), "in_place_rate": ("资金到位率", "到位率")}
INCOME_COLS = {"label": (), "initial": ("年初收入数", "年初预算数"), "annual": ("全年预算数", "全年收入数"),
               "adjustment": ("预算调整数", "调整数"), "adjustment_rate": ("收入预算调整率", "预算调整率", "调整率")}
DISCLOSURE_COLS = {"label": (), "approved": ("批复日期", "批复时间"), "published": ("公开日期", "公开时间"),
                   "limit": ("公开时限", "时限", "规定时限")}
SURVEY_COLS = {"qid": ("题号", "序号"), "text": ("题目/选项", "选项", "题目", "调查问卷主要问题"),
               "count": ("人数", "小计", "选择人数"), "share": ("占比", "比例"), "option_score": ("分值", "选项分值"),
               "rate": ("满意率", "满意度"), "answered": ("答题量", "答题人数", "本题有效填写人次")}


def _heading_matches(heading: str, names: tuple[str, ...]) -> bool:
    h = _norm(heading).replace("(", "（")
    for n in names:
        n = _norm(n)
        if h == n or h.startswith(n + "（") or h.startswith(n + "/") or h.startswith(n + "单位"):
            return True
    return False


def _columns(grid: _Grid, r: int, spec: dict[str, tuple[str, ...]]) -> dict[str, int]:
    found: dict[str, int] = {}
    for c in range(1, grid.cols + 1):
        h = grid.text(r, c)
        if not h:
            continue
        for key, names in spec.items():
            if key not in found and names and _heading_matches(h, names):
                found[key] = c
                break
    return found


def _heading(grid: _Grid, r: int, c: int) -> str:
    return grid.text(r, c)


@dataclass
class _Table:
    kind: str
    grid: _Grid
    header: int
    cols: dict[str, int]
    end: int = 0  # last row (inclusive)


def _classify(grid: _Grid, r: int) -> _Table | None:
    texts = {_norm(grid.text(r, c)) for c in range(1, grid.cols + 1)} - {""}
    if not texts:
        return None
    if any(t.startswith("三级指标") for t in texts):
        cols = _columns(grid, r, SCORE_COLS)
        if "score" in cols and "weight" in cols and "name" in cols:
            return _Table("score", grid, r, cols)
    if any(t.startswith(("批复日期", "批复时间")) for t in texts):
        cols = _columns(grid, r, DISCLOSURE_COLS)
        if "approved" in cols and "published" in cols:
            cols["label"] = min(c for c in range(1, grid.cols + 1) if grid.text(r, c))
            return _Table("disclosure", grid, r, cols)
    if any("项目名称" in t for t in texts):
        cols = _columns(grid, r, PROJECT_COLS)
        if "name" in cols and ("adjusted" in cols or "initial" in cols):
            return _Table("project", grid, r, cols)
    if any(t.startswith("年初收入数") for t in texts):
        cols = _columns(grid, r, INCOME_COLS)
        cols["label"] = min(c for c in range(1, grid.cols + 1) if grid.text(r, c))
        return _Table("income", grid, r, cols)
    if any(t.startswith("年初预算") for t in texts) and any(t.startswith(("全年预算", "调整后预算")) for t in texts):
        cols = _columns(grid, r, EXPENSE_COLS)
        first = min(c for c in range(1, grid.cols + 1) if grid.text(r, c))
        if first not in cols.values():
            cols["label"] = first
            return _Table("expense", grid, r, cols)
    if "题号" in texts or any(t.startswith("题目") for t in texts):
        cols = _columns(grid, r, SURVEY_COLS)
        if "qid" in cols and "count" in cols:
            return _Table("survey", grid, r, cols)
    first = grid.text(r, 1)
    if _norm(first) == "指标" and r + 1 <= grid.rows and _norm(grid.text(r + 1, 1)) in ("权重", "分值"):
        return _Table("summary", grid, r, {})
    return None


def _tables(grid: _Grid) -> list[_Table]:
    found = []
    for r in range(1, grid.rows + 1):
        t = _classify(grid, r)
        if t is not None:
            if found:
                found[-1].end = min(found[-1].end or r - 1, r - 1)
            t.end = grid.rows
            found.append(t)
    for t in found:
        # a table ends at the first fully blank row after data began (our writer leaves one between tables)
        blank_run = 0
        for r in range(t.header + 1, t.end + 1):
            if all(not grid.text(r, c) for c in range(1, grid.cols + 1)):
                blank_run += 1
                if blank_run >= (1 if t.kind in ("expense", "income", "project", "disclosure") else 3):
                    t.end = r - blank_run
                    break
            else:
                blank_run = 0
    return found


class _Cells:
    """Reads one table's cells into Nums, reporting unreadable cells once."""

    def __init__(self, t: _Table, out: _Out):
        self.t, self.out, self.g = t, out, t.grid

    def num(self, r: int, key: str, rate: bool = False) -> Num | str | None:
        c = self.t.cols.get(key)
        if c is None or self.g.merged.get((r, c), (r, c)) != (r, c):
            return None  # a cell covered by a merge shows no figure of its own (an open answer across columns)
        raw = self.g.raw(r, c)
        try:
            return _read_number(raw, self.g.fmt(r, c), rate)
        except ValueError:
            self.out("table-unreadable", f"“{raw}”不是数字，本格未参与复核", sheet=self.g.name, cell=self.g.ref(r, c),
                     printed=str(raw), expected="数字或“-”")
            return None

    def ref(self, r: int, key: str) -> str | None:
        c = self.t.cols.get(key)
        return self.g.ref(r, c) if c else None

    def text(self, r: int, key: str) -> str:
        c = self.t.cols.get(key)
        return self.g.text(r, c) if c else ""

    def shown(self, r: int, key: str) -> str:
        """A text column as the reader sees it: a number in a percent-formatted cell is "118.04%"."""
        c = self.t.cols.get(key)
        if not c:
            return ""
        raw, fmt = self.g.raw(r, c), self.g.fmt(r, c)
        if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool) and is_percent_format(fmt):
            num = _read_number(raw, fmt, True)
            return num.shown if isinstance(num, Num) else ""
        return self.g.text(r, c)


def _val(x: Num | str | None) -> Decimal | None:
    """A printed amount as a value: "-" and blank count as nothing (None)."""
    return x.value if isinstance(x, Num) else None


# =============================================================================================
# 综合评分表


_LEVEL_LABEL = re.compile(r"^([A-Z]\d*)?\s*(.*?)\s*(?:[（(]\s*(\d+(?:\.\d+)?)\s*分?\s*[)）])?\s*$")
_CODE = re.compile(r"^([A-Z]\d{1,3})(?![\d.])\s*(.*)$", re.S)


def _level_label(text: str) -> tuple[str, str, Decimal | None]:
    """"A部门决策（15.00分）" → ("A", "部门决策", 15.00); "项目决策 (10 分)" → ("", "项目决策", 10)."""
    t = unicodedata.normalize("NFKC", text).strip()
    m = _LEVEL_LABEL.match(t)
    if not m:
        return "", t, None
    return m.group(1) or "", _norm(m.group(2)), D(m.group(3)) if m.group(3) else None


@dataclass
class _Ind:
    row: int
    code: str
    name: str
    level1: str  # label text as printed
    level2: str
    weight: Num | str | None
    score: Num | str | None
    rate: Num | str | None
    deduct: Num | str | None
    target: str
    actual: str
    standard: str
    reason: str

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}".strip()


@dataclass
class _Sub:
    row: int
    kind: str  # 小计 / 合计
    label: str
    weight: Num | str | None
    score: Num | str | None
    rate: Num | str | None
    deduct: Num | str | None
    texts: list[str]


@dataclass
class ScoreTable:
    """A typed 综合评分表 as printed."""

    file: str
    sheet: str
    indicators: list[_Ind]
    subtotals: list[_Sub]
    grade: tuple[str, str] | None = None  # (grade, cell)
    cells: _Cells | None = None

    def level1_names(self) -> list[str]:
        seen: list[str] = []
        for i in self.indicators:
            if i.level1 not in seen:
                seen.append(i.level1)
        return seen


def _read_scores(t: _Table, out: _Out, file: str) -> ScoreTable:
    g, cells = t.grid, _Cells(t, out)
    # 小计/合计 labels sit in the label columns (merged across them in our layout), never in 评价标准 text
    left = range(1, t.cols["name"] + 1)
    inds: list[_Ind] = []
    subs: list[_Sub] = []
    level1 = level2 = ""
    grade = None
    for r in range(t.header + 1, t.end + 1):
        texts = [g.text(r, c) for c in range(1, g.cols + 1)]
        lefts = [g.text(r, c) for c in left]
        marker = next((x for x in lefts if len(x) <= 20 and re.search(r"合计|总计|小计", _norm(x))), None)
        if marker is not None:
            kind = "小计" if "小计" in _norm(marker) else "合计"
            subs.append(_Sub(r, kind, marker, cells.num(r, "weight"), cells.num(r, "score"), cells.num(r, "rate", True),
                             cells.num(r, "deduct"), texts))
            for c in range(1, g.cols + 1):
                m = re.search(r"等级\s*[:：]\s*(\S+)", g.text(r, c))
                if m:
                    grade = (m.group(1), g.ref(r, c))
            continue
        if "level1" in t.cols and cells.text(r, "level1"):
            level1 = cells.text(r, "level1")
        if "level2" in t.cols and cells.text(r, "level2"):
            level2 = cells.text(r, "level2")
        name = cells.text(r, "name")
        if not name:
            continue
        m = _CODE.match(unicodedata.normalize("NFKC", name))
        code, bare = (m.group(1), m.group(2).strip()) if m else ("", name)
        inds.append(_Ind(r, code, bare, level1, level2, cells.num(r, "weight"), cells.num(r, "score"),
                         cells.num(r, "rate", True), cells.num(r, "deduct"), cells.shown(r, "target"),
                         cells.shown(r, "actual"), cells.text(r, "standard"), cells.text(r, "reason")))
    return ScoreTable(file, g.name, inds, subs, grade, cells)


def _sum(values: Iterable[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), ZERO)


def _check_rate_cell(out: _Out, sheet: str, cell: str | None, item: str, rate: Num | str | None,
                     score: Decimal | None, weight: Decimal | None) -> None:
    if not isinstance(rate, Num) or score is None or weight is None or weight == 0:
        return
    exact = score / weight
    if not _same(rate, exact):
        expected = quantize(exact, max(rate.places, 4))
        out("rate-mismatch", f"{item}得分率填报为 {rate.shown}，{fmt2(score)} ÷ {fmt2(weight)} = {fmt_pct(expected)}",
            sheet=sheet, cell=cell, item=f"{item} › 得分率", printed=rate.shown, expected=fmt_pct(expected),
            difference=fmt_pct(rate.value - expected), basis="得分率 = 得分 ÷ 分值")


def _check_scores(st: ScoreTable, out: _Out, system: "_System | None") -> None:
    sheet, cells = st.sheet, st.cells
    assert cells is not None
    for ind in st.indicators:
        w, s = _val(ind.weight), _val(ind.score)
        item = ind.label
        if w is not None and s is not None and (s > w or s < 0):
            out("score-range", f"{item}得分 {fmt2(s)} {'高于分值 ' + fmt2(w) if s > w else '低于 0'}", sheet=sheet,
                cell=cells.ref(ind.row, "score"), item=f"{item} › 得分", printed=fmt2(s),
                expected=f"0.00–{fmt2(w)}", difference=fmt2(s - w if s > w else s), basis="0 ≤ 得分 ≤ 分值")
        _check_rate_cell(out, sheet, cells.ref(ind.row, "rate"), item, ind.rate, s, w)
        d = _val(ind.deduct)
        if d is not None and w is not None and s is not None and d != w - s:
            out("deduct-column", f"{item}扣分填报为 {fmt2(d)}，分值 {fmt2(w)} − 得分 {fmt2(s)} = {fmt2(w - s)}",
                sheet=sheet, cell=cells.ref(ind.row, "deduct"), item=f"{item} › 扣分", printed=fmt2(d),
                expected=fmt2(w - s), difference=fmt2(d - (w - s)), basis="扣分 = 分值 − 得分")
        if w is not None and s is not None:
            _check_reason(out, sheet, cells.ref(ind.row, "reason"), ind, w, s, system)
            _check_standard(out, sheet, cells.ref(ind.row, "standard"), ind, w)
        _check_share_over(out, sheet, cells.ref(ind.row, "actual"), ind)
        if system is not None and w is not None and s is not None:
            _check_rule(out, sheet, cells.ref(ind.row, "score"), ind, w, s, system)
    _check_levels(st, out)


def _group_key(label: str) -> str:
    return _level_label(label)[1]


def _check_levels(st: ScoreTable, out: _Out) -> None:
    sheet, cells = st.sheet, st.cells
    assert cells is not None
    # 一级 label weights: "A部门决策（15.00分）"
    for l1 in st.level1_names():
        code, name, stated = _level_label(l1)
        mine = [i for i in st.indicators if i.level1 == l1]
        total = _sum(_val(i.weight) for i in mine)
        if stated is not None and stated != total and mine:
            first = mine[0].row
            out("level-weight", f"一级指标“{l1}”标注 {fmt2(stated)} 分，所属三级指标分值之和为 {fmt2(total)}",
                sheet=sheet, cell=cells.ref(first, "level1"), item=f"{name} › 分值", printed=fmt2(stated),
                expected=fmt2(total), difference=fmt2(stated - total), basis="一级分值 = Σ 三级指标分值")
    start = 0
    for sub in st.subtotals:
        above = [i for i in st.indicators if i.row < sub.row]
        if sub.kind == "合计":
            group, what, code = st.indicators if sub is st.subtotals[-1] else above, "合计", "total-mismatch"
            if sub is not st.subtotals[-1]:
                group = [i for i in above if i.row > start]
        else:
            label = _norm(re.sub(r"小计", "", sub.label))
            since = [i for i in above if i.row > start]
            l2 = [i for i in above if label and _group_key(i.level2) == _group_key(label)]
            l1 = [i for i in above if label and (_group_key(i.level1) == _group_key(label)
                                                   or _level_label(i.level1)[0] == label)]
            group = l2 or l1 or since
            what, code = sub.label.strip(), "subtotal-mismatch"
            if not label and group:
                what = f"{_level_label(group[0].level1)[1]} 小计"
        start = sub.row
        if not group:
            continue
        for key, value in (("weight", sub.weight), ("score", sub.score), ("deduct", sub.deduct)):
            if not isinstance(value, Num):
                continue
            parts = [getattr(i, key) for i in group]
            if key == "deduct" and all(not isinstance(p, Num) for p in parts):
                continue
            total = _sum(_val(p) for p in parts)
            if value.value != total:
                head = {"weight": "分值", "score": "得分", "deduct": "扣分"}[key]
                out(code, f"{what}的{head}填报为 {value.shown}，所属 {len(group)} 个三级指标之和为 {fmt2(total)}",
                    sheet=sheet, cell=cells.ref(sub.row, key), item=f"{what} › {head}", printed=value.shown,
                    expected=fmt2(total), difference=fmt2(value.value - total), basis=f"{head}{what} = Σ 三级指标{head}")
        _check_rate_cell(out, sheet, cells.ref(sub.row, "rate"), what, sub.rate, _val(sub.score), _val(sub.weight))


# ---- deductions in 扣分原因 ---------------------------------------------------------------------

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_AMOUNT = re.compile(r"扣\s*[（(]?\s*(\d+(?:\.\d+)?)\s*分")


def _fold(text: str) -> str:
    """NFKC (full-width digits, brackets) except the circled item marks ①②…, which NFKC would turn into digits."""
    return "".join(ch if ch in _CIRCLED else unicodedata.normalize("NFKC", ch) for ch in text)


def _deductions(text: str) -> tuple[list[tuple[str, Decimal]], Decimal | None]:
    """Deductions named in a 扣分原因 text: [(item mark, points)], and a stated total ("共计扣 1.00分").

    A clause that quotes the rule ("每增减 1.00%扣 0.10分") is not a deduction taken.
    """
    text = _fold(text or "")
    items: list[tuple[str, Decimal]] = []
    total = None
    for m in _AMOUNT.finditer(text):
        clause = re.split(r"[,，;；。]", text[: m.start()])[-1]
        if "每" in clause:
            continue
        value = D(m.group(1))
        if re.search(r"共计|合计|共扣|总计|累计", clause):
            total = value
            continue
        marks = [ch for ch in text[: m.start()] if ch in _CIRCLED]
        items.append((marks[-1] if marks else "", value))
    return items, total


def _check_reason(out: _Out, sheet: str, cell: str | None, ind: _Ind, w: Decimal, s: Decimal,
                  system: "_System | None") -> None:
    items, stated = _deductions(ind.reason)
    if not items and stated is None:
        return
    listed = stated if stated is not None else _sum(v for _, v in items)
    item = ind.label
    if listed != w - s and not (s == 0 and listed > w):  # 扣完为止: deductions beyond the weight are not counted
        out("deduction-sum", f"{item}扣分原因列明扣 {fmt2(listed)} 分，而分值 {fmt2(w)} − 得分 {fmt2(s)} = {fmt2(w - s)}",
            sheet=sheet, cell=cell, item=f"{item} › 扣分原因", printed=fmt2(listed), expected=fmt2(w - s),
            difference=fmt2(listed - (w - s)), basis="Σ 所列扣分 = 分值 − 得分")
    unit, rule_text = _unit(ind, w, system)
    if unit is None or unit <= 0:
        return
    marked = [(mark, v) for mark, v in items if mark]
    if len(marked) >= 2:
        for mark, v in marked:
            if v != q2(unit):
                out("deduction-size", f"{item}第{mark}项扣 {fmt2(v)} 分，评分标准为每项扣 {fmt2(unit)} 分（{rule_text}）",
                    sheet=sheet, cell=cell, item=f"{item} › 扣分原因{mark}", printed=fmt2(v), expected=fmt2(unit),
                    difference=fmt2(v - q2(unit)), basis=rule_text)
    else:
        k = (listed / unit).to_integral_value()
        if k < 1 or q2(k * unit) != listed:
            out("deduction-size", f"{item}扣 {fmt2(listed)} 分，不是评分标准每项 {fmt2(unit)} 分的整数倍（{rule_text}）",
                sheet=sheet, cell=cell, item=f"{item} › 扣分原因", printed=fmt2(listed),
                expected=f"{fmt2(unit)} 的整数倍", basis=rule_text)


# "每项扣 0.50分", "缺失一项扣 0.50分", "每发现一次不合理的扣 0.20分" — counted items, not "每增减 1.00%扣 0.10分".
_PER_ITEM_TEXT = re.compile(r"(?:每(?:个|项|处|次|条|发现一处|发现一次)|一项)[^，,；;。%]{0,16}?扣\s*[（(]?\s*(\d+(?:\.\d+)?)\s*分")
_ITEM_RULES = frozenset({"扣分制", "要素均分"})


def _unit(ind: _Ind, w: Decimal, system: "_System | None") -> tuple[Decimal | None, str]:
    """The size of one deduction: from the standard system's rule, else from the typed 评分标准."""
    spec = system.find(ind) if system is not None else None
    if spec is not None:
        from .rules.base import parse_params

        try:
            params = parse_params(spec.get("params"))
        except RuleConfigError:
            params = {}
        rule = spec.get("rule") or ""
        if rule == "一票否决":
            rule = params.get("内层规则", "")
        basis = f"标准指标体系 {spec.get('code')}：{spec.get('rule')}（{spec.get('params') or ''}）"
        if rule == "扣分制" and params.get("每项扣分"):
            return D(params["每项扣分"]), basis
        if rule == "要素均分" and params.get("要素数"):
            return w / D(params["要素数"]), basis
        if rule not in _ITEM_RULES:
            return None, ""  # a rate rule (容差区间, 每降一点扣分 …): its deductions are not counted items
    m = _PER_ITEM_TEXT.search(unicodedata.normalize("NFKC", ind.standard or ""))
    if m:
        return D(m.group(1)), f"评分标准：{m.group(0)}"
    return None, ""


_AWARD = re.compile(r"(\d+(?:\.\d+)?)\s*分")


def _check_standard(out: _Out, sheet: str, cell: str | None, ind: _Ind, w: Decimal) -> None:
    """The points a 评分标准 awards ("得 1.00分", "①…(1分)") should make up the 分值."""
    text = _fold(ind.standard or "")
    if not text or "满分" in text:  # "得满分" names no figure to compare
        return
    awards = []
    for m in _AWARD.finditer(text):
        clause = re.split(r"[,，;；。]", text[: m.start()])[-1]
        before = text[max(0, m.start() - 3): m.start()]
        if "扣" in clause or "每" in clause:
            continue
        if re.search(r"得\s*[（(]?\s*$", before) or re.search(r"[（(]\s*$", before):
            awards.append(D(m.group(1)))
    awards = [a for a in awards if a > 0]
    if not awards:
        return
    if max(awards) == w or sum(awards, ZERO) == w:
        return
    shown = "+".join(fmt2(a) for a in awards)
    total = sum(awards, ZERO)
    out("standard-points", f"{ind.label}评分标准写明得分 {shown}" + (f"（合计 {fmt2(total)}）" if len(awards) > 1 else "")
        + f"，而分值为 {fmt2(w)}", sheet=sheet, cell=cell, item=f"{ind.label} › 评分标准", printed=fmt2(total),
        expected=fmt2(w), difference=fmt2(total - w), basis="评分标准满分（或各要点分值之和）= 分值")


# Rates that are shares of a whole and cannot exceed 100 %.
SHARE_SUFFIXES = ("网采率", "覆盖率", "参保率", "达标率", "到位率", "执行率", "利用率", "知晓率", "满意度", "满意率",
                  "准确率", "及时率", "回收率", "公开率", "合格率", "覆盖面")


def _check_share_over(out: _Out, sheet: str, cell: str | None, ind: _Ind) -> None:
    if not ind.actual or not _norm(ind.name).endswith(SHARE_SUFFIXES):
        return
    text = unicodedata.normalize("NFKC", ind.actual).strip()
    if not re.fullmatch(r"[0-9.,]+%", text):
        return
    value = parse_rate(text)
    if value > 1:
        out("rate-over-100", f"{ind.label}是占比类指标，实际完成值 {text} 超过 100%，请核对计算公式的分子分母",
            sheet=sheet, cell=cell, item=f"{ind.label} › 实际完成值", printed=text, expected="≤ 100.00%",
            difference=fmt_pct(value - 1), basis="占比 = 部分 ÷ 总体，不超过 100%")


# ---- the standard systems: rule results ------------------------------------------------------

# Rules whose result needs the evaluator's findings (deduction lists, failed elements): their typed
# deductions are checked against the rule's item size instead.
_FINDING_RULES = frozenset({"扣分制", "要素均分", "要素分项计分", "酌情扣分", "多条件", "阶段目标"})


class _System:
    """A standard indicator system (templates/systems) matched to a typed table by names and codes."""

    def __init__(self, kind: str, indicators: tuple[dict[str, str], ...]):
        self.kind = kind
        self.by_name = {_norm(i.get("name")): i for i in indicators}
        self.by_code = {i.get("code"): i for i in indicators}

    def find(self, ind: _Ind) -> dict[str, str] | None:
        return self.by_name.get(_norm(ind.name)) or (self.by_code.get(ind.code) if ind.code else None)


def _choose_system(st: ScoreTable) -> _System | None:
    from .spec import indicator_systems

    best, hits = None, 0
    for kind, system in indicator_systems().items():
        s = _System(kind, system.indicators)
        n = sum(1 for i in st.indicators if _norm(i.name) in s.by_name)
        if n > hits:
            best, hits = s, n
    return best if hits >= 3 else None


def _run_rule(spec: dict[str, str], w: Decimal, target: str, actual: str, params_over: dict[str, str] | None = None):
    from .rules import rule_by_name
    from .rules.base import RuleInput, parse_params

    rule = rule_by_name(spec.get("rule") or "")
    params = parse_params(spec.get("params"))
    if params_over:
        params.update(params_over)
    inner = params.get("内层规则") if rule.name in ("一票否决", "低分归零", "问卷折算") else None
    if rule.name in _FINDING_RULES or (inner and inner in _FINDING_RULES):
        return None
    from .targets import parse_actual

    value = parse_actual(actual)
    if value is None or getattr(value, "value", None) is None:
        return None
    return rule.score(RuleInput(weight=w, params=params, target=target or spec.get("target"), actual=actual,
                                code=spec.get("code") or "")).score


def _check_rule(out: _Out, sheet: str, cell: str | None, ind: _Ind, w: Decimal, s: Decimal, system: _System) -> None:
    spec = system.find(ind)
    if spec is None or not ind.actual:
        return
    try:
        got = _run_rule(spec, w, ind.target, ind.actual)
    except (XlkitError, ValueError, TypeError, ArithmeticError, KeyError):
        return  # the rule cannot be applied to what is typed (e.g. "超 28项"): nothing to compare
    if got is None:
        return
    basis = f"{spec.get('rule')}（{spec.get('params') or ''}），标准指标体系 {system.kind} {spec.get('code')}"
    if got != s:
        out("rule-result", f"{ind.label}按评分规则，目标值“{ind.target}”、实际完成值“{ind.actual}”应得 {fmt2(got)} 分，"
            f"填报 {fmt2(s)} 分", sheet=sheet, cell=cell, item=f"{ind.label} › 得分", printed=fmt2(s),
            expected=fmt2(got), difference=fmt2(s - got), basis=basis)
        return
    # A rule the report applied in one of two readings (000 B52: whole points or continuous).
    from .rules.base import parse_params

    params = parse_params(spec.get("params"))
    if params.get("取整") in ("是", "yes"):
        try:
            other = _run_rule(spec, w, ind.target, ind.actual, {"取整": "否"})
        except (XlkitError, ValueError, TypeError, ArithmeticError):
            return
        if other is not None and other != s:
            out("rule-rounding", f"{ind.label}评分标准未写明超出部分按整百分点还是按实际百分点计扣：按整点计得 {fmt2(s)} 分"
                f"（与填报一致），按实际百分点计得 {fmt2(other)} 分；请在评分标准中写明口径", sheet=sheet, cell=cell,
                item=f"{ind.label} › 得分", printed=fmt2(s), expected=f"{fmt2(s)}（整点）或 {fmt2(other)}（连续）",
                difference=fmt2(s - other), basis=f"{ind.standard or basis}")


# ---- 得分汇总 (表3-1) and grade ----------------------------------------------------------------

def _read_summary(t: _Table) -> tuple[list[tuple[int, str]], dict[str, int], dict[str, tuple[str, int, int]]]:
    """(columns [(col, name)], rows {权重/得分/得分率: row}, facts {总分/等级/实现目标/等级标准: (text, row, col)})."""
    g = t.grid
    columns = [(c, g.text(t.header, c)) for c in range(2, g.cols + 1) if g.text(t.header, c)]
    rows: dict[str, int] = {}
    facts: dict[str, tuple[str, int, int]] = {}
    for r in range(t.header + 1, min(t.end, t.header + 12) + 1):
        label = _norm(g.text(r, 1))
        if label == "权重":
            rows["weight"] = r
        elif label == "得分" or (label == "分值" and "weight" in rows):
            rows["score"] = r
        elif label == "分值":
            rows["weight"] = r
        elif label == "得分率":
            rows["rate"] = r
        elif label in ("总分", "等级", "实现目标", "等级标准"):
            facts[label] = (g.text(r, 2), r, 2)
    return columns, rows, facts


def _match_levels(names: list[str], levels: list[str]) -> dict[str, str | None]:
    """Summary column name → score-table 一级 label, by name (部门决策类 ~ A部门决策（15.00分）), else by position."""
    keys = {lv: _level_label(lv)[1] for lv in levels}
    found: dict[str, str | None] = {}
    for n in names:
        k = _norm(n).removesuffix("类")
        found[n] = next((lv for lv, key in keys.items() if key and (key == k or key in k or k in key)), None)
    if any(v is None for v in found.values()) and len(names) == len(levels):
        found = dict(zip(names, levels))
    return found


def _check_summary(t: _Table, st: ScoreTable | None, out: _Out, facts_out: dict[str, Any]) -> None:
    g = t.grid
    columns, rows, facts = _read_summary(t)
    cells = _Cells(t, out)
    total_cols = [(c, n) for c, n in columns if re.search(r"合计|总计|总分", _norm(n))]
    level_cols = [(c, n) for c, n in columns if (c, n) not in total_cols]
    levels = st.level1_names() if st else []
    mapping = _match_levels([n for _, n in level_cols], levels) if st else {}

    def read(r: int | None, c: int, rate: bool = False) -> Num | str | None:
        if r is None:
            return None
        t.cols["_"] = c
        return cells.num(r, "_", rate)

    sums = {"weight": ZERO, "score": ZERO}
    for c, name in level_cols:
        lv = mapping.get(name)
        w, s = read(rows.get("weight"), c), read(rows.get("score"), c)
        sums["weight"] += _val(w) or ZERO
        sums["score"] += _val(s) or ZERO
        _check_rate_cell(out, g.name, g.ref(rows["rate"], c) if "rate" in rows else None, name,
                         read(rows.get("rate"), c, True), _val(s), _val(w))
        if lv is None or st is None:
            continue
        mine = [i for i in st.indicators if i.level1 == lv]
        for key, head, typed in (("weight", "权重", w), ("score", "得分", s)):
            if isinstance(typed, Num):
                total = _sum(_val(getattr(i, key)) for i in mine)
                if typed.value != total:
                    out("summary-mismatch", f"得分汇总“{name}”的{head}填报为 {typed.shown}，综合评分表中该一级指标"
                        f"的三级指标{head}之和为 {fmt2(total)}", sheet=g.name, cell=g.ref(rows[key], c),
                        item=f"{name} › {head}", printed=typed.shown, expected=fmt2(total),
                        difference=fmt2(typed.value - total), basis=f"表3-1 {head} = 综合评分表 Σ 三级指标{head}")
    for c, name in total_cols:
        w, s = read(rows.get("weight"), c), read(rows.get("score"), c)
        for key, head, typed in (("weight", "权重", w), ("score", "得分", s)):
            if isinstance(typed, Num) and level_cols and typed.value != sums[key]:
                out("total-mismatch", f"得分汇总“{name}”的{head}填报为 {typed.shown}，各一级指标之和为 {fmt2(sums[key])}",
                    sheet=g.name, cell=g.ref(rows[key], c), item=f"{name} › {head}", printed=typed.shown,
                    expected=fmt2(sums[key]), difference=fmt2(typed.value - sums[key]), basis=f"合计{head} = Σ 一级指标{head}")
        _check_rate_cell(out, g.name, g.ref(rows["rate"], c) if "rate" in rows else None, name,
                         read(rows.get("rate"), c, True), _val(s), _val(w))
        if isinstance(s, Num):
            facts_out.setdefault("total", s.value)
    t.cols.pop("_", None)
    for label, (text, r, c) in facts.items():
        facts_out[label] = (text, g.ref(r, c))


def _check_grade(out: _Out, sheet_cells: dict[str, Any], st: ScoreTable | None, file_facts: dict[str, Any]) -> None:
    from .records import parse_grades
    from .scoring import DEFAULT_GRADES, grade_for

    total = None
    if st is not None:
        total = _sum(_val(i.score) for i in st.indicators) if st.indicators else None
    if total is None:
        total = file_facts.get("total")
    if total is None:
        return
    bands_text = file_facts.get("等级标准", ("", ""))[0]
    try:
        grades = parse_grades(bands_text) if bands_text else parse_grades(DEFAULT_GRADES)
    except ValueError:
        grades = parse_grades(DEFAULT_GRADES)
    expected = grade_for(total, grades)
    bands = "；".join(f"{g.name}≥{fmt2(g.lower)}" for g in grades if g.lower.is_finite())
    typed = []
    if st is not None and st.grade is not None:
        typed.append((st.grade[0], st.sheet, st.grade[1]))
    if "等级" in file_facts:
        text, ref = file_facts["等级"]
        typed.append((text, sheet_cells.get("summary_sheet"), ref))
    for grade, sheet, ref in typed:
        g = _norm(grade).strip("“”\"")
        if g and g != expected:
            out("grade-mismatch", f"等级填报为“{grade}”，总分 {fmt2(total)} 按等级标准（{bands}）应为“{expected}”",
                sheet=sheet, cell=ref, item="等级", printed=grade, expected=expected,
                basis=f"等级标准：{bands}（下限含本数）")
    if "实现目标" in file_facts and st is not None:
        text, ref = file_facts["实现目标"]
        m = re.search(r"\d+", text)
        full = sum(1 for i in st.indicators if _val(i.score) is not None and _val(i.score) == _val(i.weight))
        if m and int(m.group()) != full:
            out("full-marks-count", f"实现目标填报为 {m.group()} 个，综合评分表中得满分的三级指标有 {full} 个",
                sheet=sheet_cells.get("summary_sheet"), cell=ref, item="实现目标", printed=m.group(),
                expected=str(full), difference=str(int(m.group()) - full), basis="实现目标 = 得分 = 分值 的三级指标个数")


# =============================================================================================
# 预决算 tables


@dataclass
class _BRow:
    row: int
    label: str
    values: dict[str, Num | str | None]


def _read_rows(t: _Table, out: _Out, amount_keys: tuple[str, ...], rate_keys: tuple[str, ...],
               label_key: str = "label") -> list[_BRow]:
    cells = _Cells(t, out)
    rows = []
    for r in range(t.header + 1, t.end + 1):
        label = cells.text(r, label_key)
        if not label:
            continue
        values = {k: cells.num(r, k) for k in amount_keys}
        values.update({k: cells.num(r, k, rate=True) for k in rate_keys})
        rows.append(_BRow(r, label, values))
    return rows


def _label_key(label: str) -> str:
    t = _norm(label)
    t = re.sub(r"^其中[:：]", "", t)
    return re.sub(r"^[一二三四五六七八九十]+、|^\d+[.、]", "", t)


def _structure(rows: list[_BRow]) -> list[tuple[_BRow, list[_BRow]]]:
    """(parent, children) pairs: from the budget spec's 支出 rows when the labels are ours, else
    the 合计/总额 row over the other top-level rows ("其中：" right after the total opens its breakdown)."""
    from .spec import workbook_specs

    spec_rows = workbook_specs()["budget"].sheet("支出").fixed_rows
    by_key = {_label_key(fr.label): fr for fr in spec_rows}
    matched = {id(r): by_key.get(_label_key(r.label)) for r in rows}
    pairs = []
    if sum(1 for v in matched.values() if v is not None) * 2 >= len(rows) and rows:
        key_row = {matched[id(r)].key: r for r in rows if matched[id(r)] is not None}
        for fr in spec_rows:
            if fr.children and fr.key in key_row:
                kids = [key_row[k] for k in fr.children if k in key_row]
                if kids:
                    pairs.append((key_row[fr.key], kids))
        return pairs
    totals = [r for r in rows if re.search(r"合计|总额|总计", _norm(r.label))]
    for total in totals[:1]:
        kids = []
        after_total = False
        for r in rows:
            if r is total:
                after_total = True
                continue
            sub = _norm(r.label).startswith("其中")
            prev_is_total = after_total and not kids
            if sub and not prev_is_total:
                continue
            kids.append(r)
        if kids:
            pairs.append((total, kids))
    return pairs


AMOUNT_HEADS = {"initial": "年初预算数", "annual": "全年预算数", "final": "决算数", "adjusted": "调整后预算数",
                "spent": "实际支出数", "received": "实际到位数", "adjustment": "调整数"}


def _foot(out: _Out, t: _Table, parent: _BRow, kids: list[_BRow], keys: Iterable[str], what: str = "") -> None:
    g = t.grid
    for key in keys:
        pv = parent.values.get(key)
        if not isinstance(pv, Num) and pv != DASH:
            continue
        kv = [k.values.get(key) for k in kids]
        if all(not isinstance(v, Num) for v in kv) and pv == DASH:
            continue
        f = finance.foot([_val(v) for v in kv], _val(pv))
        if f is None or not f.is_break:
            continue
        head = _heading(g, t.header, t.cols[key])
        names = "＋".join(k.label.strip() for k, v in zip(kids, kv) if isinstance(v, Num))
        note = "（差额在各分项四舍五入的范围内，可能是尾差，但表内应相加一致）" if f.within_rounding else ""
        out("footing", f"{what}{parent.label.strip()}的{head} {fmt2(f.printed)} 与 {names or '各分项'} 之和 "
            f"{fmt2(f.computed)} 相差 {fmt2(f.printed - f.computed)}{note}", sheet=g.name,
            cell=g.ref(parent.row, t.cols[key]), item=f"{parent.label.strip()} › {head}", printed=fmt2(f.printed),
            expected=fmt2(f.computed), difference=fmt2(f.printed - f.computed),
            basis=f"{parent.label.strip()} = {names or 'Σ 分项'}（容差 0.01 万元）")


@dataclass
class _RateCheck:
    """One rate column: how to compute it from the row's amounts, and alternatives to name a wrong denominator."""

    key: str
    compute: Callable[[dict[str, Decimal | None]], Decimal | None]
    formula: str
    alternatives: tuple[tuple[str, Callable[[dict[str, Decimal | None]], Decimal | None]], ...] = ()
    signed: bool = False  # a change rate: a cut is negative
    share: bool = False  # cannot exceed 100 %


def _amounts(row: _BRow) -> dict[str, Decimal | None]:
    return {k: _val(v) for k, v in row.values.items()}


def _ratio(num: Decimal | None, den: Decimal | None) -> Decimal | None:
    if den is None or den == 0:
        return None
    return (num or ZERO) / den


def _stated_denominator(heading: str, t: _Table, default: _RateCheck) -> _RateCheck:
    """A heading that states its formula ("预算执行率（决算数/年初预算数）") overrides the default."""
    m = re.search(r"[（(](.+?)[/÷](.+?)[)）]", unicodedata.normalize("NFKC", heading))
    if not m:
        return default
    keys = {}
    for part, which in ((m.group(1), "num"), (m.group(2), "den")):
        for key, head in AMOUNT_HEADS.items():
            if key in t.cols and _norm(part).startswith(_norm(head)[:2]) and _norm(head).startswith(_norm(part)[:4]):
                keys[which] = key
    if len(keys) != 2:
        return default
    num, den = keys["num"], keys["den"]
    return replace(default, compute=lambda a: _ratio(a.get(num), a.get(den)),
                   formula=f"{AMOUNT_HEADS[num]} ÷ {AMOUNT_HEADS[den]}")


def _check_rates(out: _Out, t: _Table, rows: list[_BRow], checks: list[_RateCheck], zero_forms: dict) -> None:
    g = t.grid
    for rc in checks:
        if rc.key not in t.cols:
            continue
        heading = _heading(g, t.header, t.cols[rc.key])
        rc = _stated_denominator(heading, t, rc)
        for row in rows:
            printed = row.values.get(rc.key)
            if printed is None:
                continue
            a = _amounts(row)
            exact = rc.compute(a)
            cell = g.ref(row.row, t.cols[rc.key])
            item = f"{row.label.strip()} › {heading}"
            basis = f"{heading} = {rc.formula}"
            if exact is None:
                zero_forms.setdefault(t.grid.name, []).append((printed if printed == DASH else printed.shown, cell, item))
                if isinstance(printed, Num):
                    out("rate-undefined", f"{item}：分母为 0 或“-”，比率无法计算，却填报为 {printed.shown}（应显示“-”）",
                        sheet=g.name, cell=cell, item=item, printed=printed.shown, expected=DASH, basis=basis)
                continue
            if printed == DASH:
                out("rate-dash", f"{item}显示为“-”，但可按 {rc.formula} 计算为 {_pct(quantize(exact, 4))}",
                    sheet=g.name, cell=cell, item=item, printed=DASH, expected=_pct(quantize(exact, 4)), basis=basis)
                continue
            assert isinstance(printed, Num)
            if _same(printed, exact):
                if rc.share and exact > 1:
                    out("rate-over-100", f"{item} {printed.shown} 超过 100%", sheet=g.name, cell=cell, item=item,
                        printed=printed.shown, expected="≤ 100.00%", basis=basis)
                continue
            if rc.signed and exact < 0 and _same(printed, -exact):
                out("rate-sign", f"{item}填报为 {printed.shown}，预算为调减，按公式应为 {_pct(quantize(exact, 4))}（未标负号）",
                    sheet=g.name, cell=cell, item=item, printed=printed.shown, expected=_pct(quantize(exact, 4)),
                    basis=f"{basis}（调减为负）")
                continue
            hint = ""
            for name, alt in rc.alternatives:
                v = alt(a)
                if v is not None and _same(printed, v):
                    hint = f"；填报值与按{name}计算的结果一致，分母（口径）用错"
                    break
            expected = quantize(exact, max(printed.places, 4))
            out("rate-recompute", f"{item}填报为 {printed.shown}，按 {rc.formula} 重算为 {fmt_pct(expected)}{hint}",
                sheet=g.name, cell=cell, item=item, printed=printed.shown, expected=fmt_pct(expected),
                difference=fmt_pct(printed.value - expected), basis=basis)


def _zero_zero(out: _Out, zero_forms: dict) -> None:
    for sheet, forms in zero_forms.items():
        shown = Counter(f for f, _, _ in forms)
        if len(shown) < 2:
            continue
        usual = shown.most_common(1)[0][0]
        for form, cell, item in forms:
            if form != usual:
                out("zero-zero-inconsistent", f"{item}：0/0 显示为“{form}”，同表其他 0/0 显示为“{usual}”",
                    sheet=sheet, cell=cell, item=item, printed=form, expected=usual, basis="同一表中无法计算的比率应统一显示")


def _check_expense(out: _Out, t: _Table, zero_forms: dict) -> list[_BRow]:
    rows = _read_rows(t, out, ("initial", "annual", "final", "adjustment"), ("execution_rate", "adjustment_rate"))
    for parent, kids in _structure(rows):
        _foot(out, t, parent, kids, [k for k in ("initial", "annual", "final", "adjustment") if k in t.cols])
    for row in rows:
        a = _amounts(row)
        adj = row.values.get("adjustment")
        if isinstance(adj, Num) and (a.get("initial") is not None or a.get("annual") is not None):
            _check_adjustment(out, t, row, adj)
    _check_rates(out, t, rows, [
        _RateCheck("execution_rate", lambda a: _ratio(a.get("final"), a.get("annual")), "决算数 ÷ 全年预算数",
                   (("年初预算数", lambda a: _ratio(a.get("final"), a.get("initial"))),), share=True),
        _RateCheck("adjustment_rate", lambda a: _change(a.get("initial"), a.get("annual")),
                   "（全年预算数 − 年初预算数）÷ 年初预算数", signed=True),
    ], zero_forms)
    return rows


def _change(initial: Decimal | None, after: Decimal | None) -> Decimal | None:
    if initial is None or initial == 0:
        return None
    return ((after or ZERO) - initial) / initial


def _check_adjustment(out: _Out, t: _Table, row: _BRow, adj: Num) -> None:
    a = _amounts(row)
    f = finance.check_adjustment(a.get("initial"), a.get("annual"), adj.value)
    if f is None or not f.is_break:
        return
    g = t.grid
    expected = (a.get("initial") or ZERO) - (a.get("annual") or ZERO)
    out("adjustment-mismatch", f"{row.label.strip()}：年初 {fmt2(a.get('initial'))} − 全年 {fmt2(a.get('annual'))} = "
        f"{fmt2(expected)}，调整数填报为 {adj.shown}", sheet=g.name, cell=g.ref(row.row, t.cols["adjustment"]),
        item=f"{row.label.strip()} › 调整数", printed=adj.shown, expected=fmt2(abs(expected)),
        difference=fmt2(abs(adj.value) - abs(expected)), basis="调整数 = 年初预算数 − 全年预算数")


def _check_income(out: _Out, t: _Table, zero_forms: dict) -> None:
    rows = _read_rows(t, out, ("initial", "annual", "adjustment"), ("adjustment_rate",))
    for parent, kids in _structure(rows):
        _foot(out, t, parent, kids, [k for k in ("initial", "annual", "adjustment") if k in t.cols])
    for row in rows:
        adj = row.values.get("adjustment")
        if isinstance(adj, Num):
            _check_adjustment(out, t, row, adj)
    _check_rates(out, t, rows, [
        _RateCheck("adjustment_rate",
                   lambda a: finance.income_adjustment(a.get("initial"), a.get("annual"), None).rate,
                   "（年初收入数 − 全年预算数）÷ 年初收入数",
                   (("全年预算数", lambda a: _ratio((a.get("initial") or ZERO) - (a.get("annual") or ZERO), a.get("annual"))),)),
    ], zero_forms)


def _check_projects(out: _Out, t: _Table, zero_forms: dict) -> tuple[list[_BRow], _BRow | None]:
    rows = _read_rows(t, out, ("initial", "adjusted", "spent", "received"),
                      ("adjustment_rate", "execution_rate", "in_place_rate"), label_key="name")
    # the 合计 row may carry its label in the 序号 column (merged)
    cells = _Cells(t, out)
    total = None
    items = []
    for r in range(t.header + 1, t.end + 1):
        texts = [_norm(cells.text(r, k)) for k in ("no", "name", "kind")]
        if any(re.fullmatch(r"合计|总计|小计", x) for x in texts):
            values = {k: cells.num(r, k) for k in ("initial", "adjusted", "spent", "received")}
            values.update({k: cells.num(r, k, True) for k in ("adjustment_rate", "execution_rate", "in_place_rate")})
            total = _BRow(r, "合计", values)
    items = [row for row in rows if not re.fullmatch(r"合计|总计|小计", _norm(row.label))]
    if total is not None:
        _foot(out, t, total, items, [k for k in ("initial", "adjusted", "spent", "received") if k in t.cols], "项目表")
    checks = [
        _RateCheck("adjustment_rate", lambda a: _change(a.get("initial"), a.get("adjusted")),
                   "（调整后预算数 − 年初预算数）÷ 年初预算数", signed=True),
        _RateCheck("execution_rate", lambda a: _ratio(a.get("spent"), a.get("adjusted")), "实际支出数 ÷ 调整后预算数",
                   (("年初预算数", lambda a: _ratio(a.get("spent"), a.get("initial"))),), share=True),
        _RateCheck("in_place_rate", lambda a: _ratio(a.get("received"), a.get("adjusted")), "实际到位数 ÷ 调整后预算数",
                   share=True),
    ]
    _check_rates(out, t, items, checks, zero_forms)
    if total is not None:
        sums = {k: _sum(_val(r.values.get(k)) for r in items) for k in ("initial", "adjusted", "spent", "received")}
        net = _RateCheck("adjustment_rate", lambda a: _change(sums["initial"], sums["adjusted"]),
                         "（Σ调整后预算数 − Σ年初预算数）÷ Σ年初预算数（净额口径）", signed=True)
        agg = [net,
               replace(checks[1], compute=lambda a: _ratio(sums["spent"], sums["adjusted"]),
                       formula="Σ实际支出数 ÷ Σ调整后预算数"),
               replace(checks[2], compute=lambda a: _ratio(sums["received"], sums["adjusted"]),
                       formula="Σ实际到位数 ÷ Σ调整后预算数")]
        _check_rates(out, t, [total], agg, {})
    return items, total


def _cross_projects(out: _Out, exp_t: _Table, exp_rows: list[_BRow], proj_items: list[_BRow]) -> None:
    """部门整体: 表1-1 二、项目支出 = 表1-2 合计 of 年初 / 调整后 / 实际 (000: 59.08 / 47.14 / 47.14)."""
    row = next((r for r in exp_rows if _label_key(r.label) == "项目支出"), None)
    if row is None or not proj_items:
        return
    for ek, pk in (("initial", "initial"), ("annual", "adjusted"), ("final", "spent")):
        if ek not in exp_t.cols:
            continue
        _foot(out, exp_t, row, [_BRow(p.row, p.label, {ek: p.values.get(pk)}) for p in proj_items], [ek],
              "与项目表核对：")


def _check_disclosure(out: _Out, t: _Table) -> None:
    from .cells import CellError, parse_cell

    g = t.grid
    cells = _Cells(t, out)
    for r in range(t.header + 1, t.end + 1):
        label = cells.text(r, "label")
        if not label:
            continue
        days = {}
        for key in ("approved", "published"):
            c = t.cols[key]
            try:
                days[key] = parse_cell(g.raw(r, c), "date")
            except CellError:
                days[key] = None
        limit = cells.num(r, "limit")
        limit_days = int(limit.value) if isinstance(limit, Num) else 20
        a, p = days.get("approved"), days.get("published")
        if a is None or p is None:
            continue
        cell = g.ref(r, t.cols["published"])
        if p < a:
            out("disclosure-before-approval", f"{label}：公开日期 {p.isoformat()} 早于批复日期 {a.isoformat()}",
                sheet=g.name, cell=cell, item=f"{label} › 公开日期", printed=p.isoformat(),
                expected=f"不早于 {a.isoformat()}", difference=f"{(p - a).days} 日", basis="先批复、后公开：公开日期 ≥ 批复日期")
        elif (p - a).days > limit_days:
            out("disclosure-late", f"{label}：批复后 {(p - a).days} 日才公开，超过 {limit_days} 日的时限",
                sheet=g.name, cell=cell, item=f"{label} › 公开日期", printed=p.isoformat(),
                expected=f"不晚于 {(a + dt.timedelta(days=limit_days)).isoformat()}",
                difference=f"{(p - a).days - limit_days} 日", basis=f"批复后 {limit_days} 日内公开")


# =============================================================================================
# Questionnaire tables


@dataclass
class _Q:
    row: int
    qid: str
    text: str
    kind: str
    answered: int | None
    rate: Num | str | None
    options: list[tuple[int, str, int, Num | str | None, Decimal | None]] = field(default_factory=list)


_N_TEXT = re.compile(r"(?:答题|有效填写人次|答题量|N\s*=)\s*(\d+)")


def _check_survey_table(out: _Out, t: _Table) -> None:
    from . import survey as sv

    g, cells = t.grid, _Cells(t, out)
    questions: list[_Q] = []
    composite: tuple[int, str, Num | str | None] | None = None
    facts: dict[str, tuple[Any, int]] = {}
    current: _Q | None = None
    for r in range(t.header + 1, t.end + 1):
        qid = cells.text(r, "qid")
        text = cells.text(r, "text")
        nq = _norm(qid)
        if re.fullmatch(r"Q?\d+", nq, re.I):
            answered = cells.num(r, "answered")
            n = int(answered.value) if isinstance(answered, Num) else None
            if n is None:
                m = _N_TEXT.search(unicodedata.normalize("NFKC", text))
                n = int(m.group(1)) if m else None
            km = re.search(r"(单选|多选|填空|是否)", text)
            current = _Q(r, qid.upper() if qid.upper().startswith("Q") else f"Q{qid}", text,
                         km.group(1) if km else "单选", n, cells.num(r, "rate", True))
            questions.append(current)
        elif nq.startswith("综合") or "综合满意度" in _norm(text):
            composite = (r, text or qid, cells.num(r, "rate", True))
            current = None
        elif nq in ("问卷覆盖率", "问卷回收率", "有效回收率", "调查对象总体数", "发放/回收/有效", "发放份数", "回收份数",
                    "有效份数", "有效问卷"):
            facts[nq] = (g.raw(r, t.cols["text"]) if "text" in t.cols else None, r)
        elif current is not None:
            count = cells.num(r, "count")
            if isinstance(count, Num) and text:
                score = cells.num(r, "option_score")
                current.options.append((r, text, int(count.value), cells.num(r, "share", True),
                                        _val(score) if isinstance(score, Num) else None))
    valid = None
    if "发放/回收/有效" in facts:
        nums = re.findall(r"\d+", str(facts["发放/回收/有效"][0] or ""))
        if len(nums) == 3:
            valid = int(nums[2])
            _check_coverage(out, t, facts, int(nums[0]), int(nums[1]), int(nums[2]))
    for key in ("有效份数", "有效问卷"):
        if key in facts and valid is None:
            try:
                valid = int(D(facts[key][0]))
            except (TypeError, ValueError, ArithmeticError):
                pass
    typed_rates: list[tuple[_Q, Decimal]] = []
    for q in questions:
        n = q.answered if q.answered is not None else valid
        if q.kind == "单选" and re.search(r"是否", q.text) is None and [o[1] for o in q.options] in (["是", "否"],):
            q.kind = "是否"
        scored = any(o[4] is not None for o in q.options)
        model = sv.Question(q.qid, q.text, q.kind, tuple(sv.Option(o[1], o[2], o[4]) for o in q.options),
                            answered=n, scored=scored)
        for p in sv.check_question(model, valid):
            if p.code in ("survey-sum", "survey-count-exceeds"):
                out(p.code, p.message, sheet=g.name, cell=g.ref(q.row, t.cols.get("qid", 1)), item=q.qid,
                    printed=str(model.total) if p.code == "survey-sum" else None,
                    expected=str(n) if n is not None else None, basis="单选题：Σ 选项人数 = 答题人数")
        for r, label, count, share, _ in q.options:
            if not isinstance(share, Num) or not n:
                continue
            exact = Decimal(count) / Decimal(n)
            if not _same(share, exact):
                expected = quantize(exact, max(share.places, 3))
                out("share-mismatch", f"{q.qid}“{label}”占比填报为 {share.shown}，{count} ÷ {n} = {fmt_pct(expected, max(share.places - 2, 1))}",
                    sheet=g.name, cell=g.ref(r, t.cols["share"]), item=f"{q.qid} {label} › 占比", printed=share.shown,
                    expected=fmt_pct(expected, max(share.places - 2, 1)), basis="占比 = 选择人数 ÷ 答题人数")
        if isinstance(q.rate, Num):
            typed_rates.append((q, q.rate.value))
            if scored and n:
                try:
                    exact = sv.question_rate(model, None)
                except RuleConfigError:
                    exact = None
                if exact is not None and not _same(q.rate, exact):
                    out("survey-rate-mismatch", f"{q.qid}满意率填报为 {q.rate.shown}，Σ(人数×分值) ÷ {n} = {_pct(quantize(exact, 4))}",
                        sheet=g.name, cell=g.ref(q.row, t.cols["rate"]), item=f"{q.qid} › 满意率", printed=q.rate.shown,
                        expected=_pct(quantize(exact, 4)), basis="满意率 = Σ(选择人数 × 选项分值) ÷ 答题人数")
    if composite is not None and isinstance(composite[2], Num) and typed_rates:
        _check_composite(out, t, composite, typed_rates, valid)


def _check_coverage(out: _Out, t: _Table, facts: dict, distributed: int, returned: int, valid: int) -> None:
    g = t.grid
    col = t.cols.get("text")
    for key, num, den, formula in (("问卷回收率", returned, distributed, "回收份数 ÷ 发放份数"),
                                   ("有效回收率", valid, returned, "有效份数 ÷ 回收份数")):
        if key not in facts or col is None:
            continue
        raw, r = facts[key]
        try:
            printed = _read_number(raw, g.fmt(r, col), True)
        except ValueError:
            continue
        exact = _ratio(Decimal(num), Decimal(den))
        if isinstance(printed, Num) and not _same(printed, exact):
            out("coverage-mismatch", f"{key}填报为 {printed.shown}，{formula} = {num} ÷ {den} = {_pct(quantize(exact, 4) if exact is not None else None)}",
                sheet=g.name, cell=g.ref(r, col), item=key, printed=printed.shown,
                expected=_pct(quantize(exact, 4) if exact is not None else None), basis=f"{key} = {formula}")


def _check_composite(out: _Out, t: _Table, composite: tuple, typed: list[tuple[_Q, Decimal]], valid: int | None) -> None:
    g = t.grid
    r, label, printed = composite
    rates = [v for _, v in typed]
    mean = sum(rates, ZERO) / len(rates)
    ns = [q.answered if q.answered is not None else valid for q, _ in typed]
    weighted = None
    if all(ns) and len(set(ns)) > 1:
        weighted = sum((Decimal(n) * v for n, v in zip(ns, rates)), ZERO) / sum((Decimal(n) for n in ns), ZERO)
    cell = g.ref(r, t.cols["rate"])
    parts = " + ".join(fmt_pct(v) for v in rates)
    if _same(printed, mean):
        if weighted is not None and "加权" in label and not _same(printed, weighted):
            out("composite-label", f"“{label.strip()}”名为加权平均，但 {printed.shown} 是 {len(rates)} 题满意率的简单平均"
                f"（{parts}）÷ {len(rates)}；按各题答题人数加权为 {fmt_pct(quantize(weighted, 4))}",
                sheet=g.name, cell=cell, item="综合满意度", printed=printed.shown,
                expected=f"{fmt_pct(quantize(weighted, 4))}（加权）或改称“算术平均”", basis="加权平均 = Σ(答题人数 × 满意率) ÷ Σ答题人数")
        return
    if weighted is not None and _same(printed, weighted):
        return
    out("composite-mismatch", f"综合满意度填报为 {printed.shown}，各题满意率的平均为 ({parts}) ÷ {len(rates)} = "
        f"{fmt_pct(quantize(mean, 4))}", sheet=g.name, cell=cell, item="综合满意度", printed=printed.shown,
        expected=fmt_pct(quantize(mean, 4)), difference=fmt_pct(printed.value - quantize(mean, 4)),
        basis="综合满意度 = 各题满意率的平均（或按答题人数加权）")


# =============================================================================================
# Workbooks and folders


def _open(path: Path, trust_cached: bool) -> list[_Grid]:
    from .safety import load

    wb_f = load(path, backend="openpyxl")
    wb_v = load(path, data_only=True, backend="openpyxl") if trust_cached else wb_f
    return [_Grid(wb_f[name], wb_v[name], trust_cached) for name in wb_f.sheetnames
            if wb_f[name].sheet_state == "visible" and name not in ("填表说明", "_xlkit", "清单")]


def _audit_workbook(path: Path, result: AuditResult, *, trust_cached: bool = True) -> ScoreTable | None:
    out = _Out(result, path.name)
    grids = _open(path, trust_cached)
    tables = [t for g in grids for t in _tables(g)]
    score_tables = [_read_scores(t, out, path.name) for t in tables if t.kind == "score"]
    main = max(score_tables, key=lambda s: len(s.indicators), default=None)
    for st in score_tables:
        _check_scores(st, out, _choose_system(st))
        result.audited.append(f"{path.name} › {st.sheet}：综合评分表 {len(st.indicators)} 个三级指标")
    facts: dict[str, Any] = {}
    for t in tables:
        if t.kind == "summary":
            _check_summary(t, main, out, facts)
            facts["summary_sheet"] = t.grid.name
            result.audited.append(f"{path.name} › {t.grid.name}：得分汇总")
    if main is not None or "等级" in facts:
        _check_grade(out, {"summary_sheet": facts.get("summary_sheet")}, main, facts)
    zero_forms: dict = {}
    expense = [(t, _check_expense(out, t, zero_forms)) for t in tables if t.kind == "expense"]
    projects = [(t, _check_projects(out, t, zero_forms)) for t in tables if t.kind == "project"]
    for t in tables:
        if t.kind == "income":
            _check_income(out, t, zero_forms)
        elif t.kind == "disclosure":
            _check_disclosure(out, t)
        elif t.kind == "survey":
            _check_survey_table(out, t)
    _zero_zero(out, zero_forms)
    if expense and projects:
        _cross_projects(out, expense[0][0], expense[0][1], projects[0][1][0])
    names = {"expense": "支出预决算表", "project": "项目预算执行表", "income": "收入预算表", "disclosure": "预决算公开表",
             "survey": "问卷统计表"}
    for t in tables:
        if t.kind in names:
            result.audited.append(f"{path.name} › {t.grid.name}：{names[t.kind]}")
    return main


def _typed_tables(folder: Path) -> list[Path]:
    from .spec import workbook_specs

    ours = {spec.file for spec in workbook_specs().values()}
    return sorted(p for p in folder.glob("*.xlsx") if p.name not in ours and not p.name.startswith(("~$", ".~", "."))
                  and not p.name.startswith(Path(AUDIT_FILE).stem))


_CHECK_CATEGORY = {"预决算.xlsx": "预决算", "问卷统计.xlsx": "问卷"}


def _audit_folder(folder: Path, result: AuditResult) -> None:
    from .scoring import ScoreError, score_checked
    from .validate import check

    cr = check(folder)
    for issue in cr.report.issues:
        # The audit is stricter than check: a table that does not foot is an error here, as in a typed table.
        severity = CODES[issue.code][0] if issue.code in ("footing", "adjustment-mismatch") else issue.severity
        result.findings.append(Finding(issue.code, severity, _CHECK_CATEGORY.get(issue.file or "", "校验"),
                                       issue.message, issue.file, issue.sheet, issue.cell, issue.code,
                                       issue.value if issue.value is None else str(issue.value),
                                       issue.expected, None, "xlkit check"))
    result.audited.append(f"{folder.name}：xlkit check 校验全部工作簿")
    scored = None
    try:
        scored = score_checked(cr)
    except ScoreError as exc:
        # The folder is what could not be scored; the errors above name their own files and cells.
        _Out(result, folder.name)("folder-unscorable", f"{exc}；以上错误更正后才能与 xlkit 的评分对照")
    if scored is not None:
        seen = {id(i) for i in cr.report.issues}
        for issue in scored.checks:
            if id(issue) not in seen and issue not in cr.report.issues:
                result.findings.append(Finding(issue.code, issue.severity, "校验", issue.message, issue.file,
                                               issue.sheet, issue.cell, issue.code, issue.value, issue.expected,
                                               None, "xlkit score"))
        if hasattr(scored, "total"):
            result.audited.append(f"{folder.name}：xlkit score 按指标体系评分（{fmt2(scored.total)} 分，{scored.grade}）")
        else:  # a folder of 自评表 alone: a SelfEvalReport, one score per 自评表, no indicator system
            result.audited.append(f"{folder.name}：xlkit score 按赋分规则评分 {len(scored.evals)} 张自评表")
    for path in _typed_tables(folder):
        try:
            st = _audit_workbook(path, result)
        except XlkitError as exc:  # one unreadable extra file does not stop the folder's audit
            _Out(result, path.name)("table-unreadable", f"无法读取，未审核：{exc}")
            continue
        if st is not None and scored is not None and hasattr(scored, "indicators"):
            _compare(st, scored, _Out(result, path.name))


def _compare(st: ScoreTable, scored: Any, out: _Out) -> None:
    """Typed 综合评分表 against xlkit's own scoring of the folder, indicator by indicator."""
    by_code = {i.code: i for i in scored.indicators}
    by_name = {_norm(i.name): i for i in scored.indicators}
    cells = st.cells
    assert cells is not None
    for ind in st.indicators:
        mine = by_code.get(ind.code) if ind.code else None
        mine = mine or by_name.get(_norm(ind.name))
        s = _val(ind.score)
        if mine is None or s is None:
            continue
        if s != mine.score:
            why = mine.reason or "；".join(mine.notes)
            why = why if len(why) <= 120 else why[:120] + "…"
            out("score-differs", f"{ind.label}填报得分 {fmt2(s)}，xlkit 按指标体系计算为 {fmt2(mine.score)}"
                + (f"（{why}）" if why else ""), sheet=st.sheet, cell=cells.ref(ind.row, "score"),
                item=f"{ind.label} › 得分", printed=fmt2(s), expected=fmt2(mine.score), difference=fmt2(s - mine.score),
                basis=f"{mine.rule}（{mine.params}）；实际完成值 {mine.actual}")
    _cited_vouchers(st, scored, out)
    if st.grade is not None and _norm(st.grade[0]) != scored.grade:
        out("grade-differs", f"填报等级“{st.grade[0]}”，xlkit 评分 {fmt2(scored.total)} 分，等级“{scored.grade}”",
            sheet=st.sheet, cell=st.grade[1], item="等级", printed=st.grade[0], expected=scored.grade,
            basis="xlkit score")


_VOUCHER_CITE = re.compile(r"(\d{4})-(\d{1,2})-(\d+)号")


def _cited_vouchers(st: ScoreTable, scored: Any, out: _Out) -> None:
    """A voucher a 扣分原因 cites (2024-6-18号) should be in the folder's 凭证抽查台账 (000 §10 19)."""
    cr = scored.check_result
    if cr is None or cr.vouchers is None:
        return
    ledger = {v.ident for v in cr.vouchers.vouchers}
    cells = st.cells
    assert cells is not None
    for ind in st.indicators:
        for m in _VOUCHER_CITE.finditer(unicodedata.normalize("NFKC", ind.reason or "")):
            ident = f"{int(m.group(1))}-{int(m.group(2))}-{int(m.group(3))}号"
            if ident not in ledger:
                out("voucher-not-in-ledger", f"{ind.label}扣分原因引用的 {ident}记账凭证不在凭证抽查台账中"
                    f"（台账共 {len(ledger)} 笔）", sheet=st.sheet, cell=cells.ref(ind.row, "reason"),
                    item=f"{ind.label} › 扣分原因", printed=ident, expected="台账中的凭证",
                    basis="扣分所依据的凭证应登记在凭证抽查台账中")


def audit(path: str | Path) -> AuditResult:
    """Audit a typed 综合评分表 workbook, or a project folder (check + score + any typed tables in it).

    Raises ``XlkitError`` (Chinese message) when the path cannot be read at all; every problem in
    the figures is a ``Finding`` in the result.
    """
    path = Path(path)
    result = AuditResult(path)
    if path.is_dir():
        _audit_folder(path, result)
    elif path.is_file():
        _audit_workbook(path, result)
    else:
        raise XlkitError(f"找不到要审核的文件或文件夹：{path}")
    return result
