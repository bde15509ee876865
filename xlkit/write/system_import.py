"""Import an evaluator's indicator table (.docx 附件 of a 评价方案, or .xlsx) as an indicator system.

Tables are read the way evaluators lay them out: any column order, the usual heading variants
(分值/权重/标杆分值/分数, 评分标准/评价标准/评分细则, 指标解释/指标说明, 评价要点 …), 一级/二级
cells merged down or left blank below their first row, a 一级 weight in its name ("投入管理（55分）"),
codes in their own column, in front of the names ("A11中长期规划…") or absent (A, A1, A11 … are
assigned), a table split over pages (each part with or without its heading row), names split over
two rows by OCR or copying, "同上" for the text of the row above, 小计/合计 rows.

Every 评分标准 goes through ``xlkit.rules.text.read_rule``; the result is an ``IndicatorSystem``
that ``xlkit.write.project`` writes exactly as it writes a standard system, with each row's status in
the 导入状态 column, plus the list of problems found (arithmetic that does not add up).
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from xlkit.errors import XlkitError
from xlkit.rules.text import DOUBTFUL, RECOGNISED, UNRECOGNISED, RuleReading, read_rule
from xlkit.spec.templates import IndicatorSystem

__all__ = ["ImportedSystem", "TableImportError", "ImportResult", "import_table", "new_from_table", "HEADINGS"]


class TableImportError(XlkitError):
    """The table cannot be read (no heading row, unreadable file); message in Chinese."""


# Column key → heading variants (compared without spaces, brackets and their content, 分 units).
HEADINGS: dict[str, tuple[str, ...]] = {
    "code": ("指标编码", "编码", "指标代码", "代码", "编号"),
    "level1": ("一级指标", "一级"),
    "level2": ("二级指标", "二级"),
    "name": ("三级指标", "三级", "指标名称", "具体指标", "三级指标名称"),
    "weight": ("分值", "权重", "标杆分值", "分数", "指标分值", "满分", "权重分", "指标权重", "标准分值"),
    "explanation": ("指标解释", "指标说明", "指标内涵", "指标定义", "指标释义"),
    "points": ("评价要点", "评分要点", "考核要点", "评价内容"),
    "standard": ("评分标准", "评价标准", "评分细则", "评分规则", "计分方法", "评分方法", "赋分规则", "评分办法", "扣分标准"),
    "target": ("目标值", "指标值", "业绩值", "年度指标值", "标杆值", "绩效目标值", "预期目标"),
    "source": ("数据来源", "佐证资料", "资料来源", "评价依据"),
    "method": ("评价方法",),
}
_SKIP = re.compile(r"^(合计|小计|总计|总分|总分值|合\s*计)")
_CODE = re.compile(r"^([A-Z](?:\d{1,2})?)(?=[\u4e00-\u9fff（(])")
_WEIGHT_IN_NAME = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分?\s*[)）]\s*$")


def _clean(text: Any) -> str:
    if text is None:
        return ""
    s = str(text).replace("\r", "\n").strip()
    return s


def _key(text: str) -> str:
    s = unicodedata.normalize("NFKC", text)
    s = re.sub(r"\s+", "", s)
    s = re.sub(r"\([^)]*\)", "", s)
    return s


def _heading(text: str) -> str | None:
    k = _key(text)
    if not k:
        return None
    for key, variants in HEADINGS.items():
        if k in variants:
            return key
    return None


def _name(text: str) -> str:
    """A name as one line: OCR or copying may have broken it over lines."""
    return re.sub(r"\s+", "", text)


def _decimal(text: str) -> Decimal | None:
    s = unicodedata.normalize("NFKC", text).strip().rstrip("分").strip()
    if not s:
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


@dataclass
class ImportedRow:
    code: str
    level1: str
    level2: str
    name: str
    weight: Decimal | None
    texts: dict[str, str]
    reading: RuleReading
    where: str


@dataclass
class ImportedSystem:
    """What was read: levels and indicators (the dicts ``IndicatorSystem`` holds) and the problems."""

    source: Path
    levels: list[dict[str, str]]
    indicators: list[dict[str, str]]
    rows: list[ImportedRow]
    problems: list[str] = field(default_factory=list)

    def system(self, kind: str, grades: str = "优>=90；良>=80；中>=60；差<60") -> IndicatorSystem:
        return IndicatorSystem(kind=kind, version="导入", title=f"{kind}绩效评价指标体系（导入自 {self.source.name}）",
                               basis=f"导入自 {self.source.name}", grades=grades,
                               levels=tuple(self.levels), indicators=tuple(self.indicators))

    def counts(self) -> dict[str, int]:
        out = {RECOGNISED: 0, DOUBTFUL: 0, UNRECOGNISED: 0}
        for r in self.rows:
            out[r.reading.status] += 1
        return out


# ---- reading the grid -------------------------------------------------------------------------

def _docx_tables(path: Path) -> list[list[list[str]]]:
    _check_zip(path)
    try:
        import docx
    except ImportError:  # pragma: no cover - a declared dependency
        raise TableImportError("读取 .docx 需要 python-docx（pip install python-docx）") from None
    try:
        document = docx.Document(str(path))
    except Exception as exc:
        raise TableImportError(f"{path.name} 无法作为 Word 文档读取（{type(exc).__name__}）") from exc
    tables = []
    for table in document.tables:
        grid = []
        for row in table.rows:
            # python-docx repeats a merged cell (across or down) in every grid position it covers
            grid.append([_clean(cell.text) for cell in row.cells])
        tables.append(grid)
    return tables


def _xlsx_tables(path: Path) -> list[list[list[str]]]:
    from xlkit.read.safety import load

    wb = load(path, data_only=True, backend="openpyxl")
    tables = []
    for ws in wb.worksheets:
        merged: dict[tuple[int, int], tuple[int, int]] = {}
        for rng in ws.merged_cells.ranges:
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    merged[(r, c)] = (rng.min_row, rng.min_col)
        max_row = min(ws.max_row or 0, 2000)  # an indicator table is never longer; a stray cell must not cost 1M rows
        max_col = min(ws.max_column or 0, 40)
        grid = []
        for r in range(1, max_row + 1):
            row = []
            for c in range(1, max_col + 1):
                rr, cc = merged.get((r, c), (r, c))
                row.append(_clean(ws.cell(rr, cc).value))
            grid.append(row)
        tables.append(grid)
    return tables


def _check_zip(path: Path) -> None:
    """A .docx is a zip: refuse what is not one, or what would inflate without bound."""
    if not path.is_file():
        raise TableImportError(f"找不到文件：{path.name}")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile:
        raise TableImportError(f"{path.name} 不是 .docx 文件（旧版 .doc 请先在 Word 中另存为 .docx）") from None
    if len(infos) > 2000 or sum(i.file_size for i in infos) > 200 * 1024 * 1024:
        raise TableImportError(f"{path.name} 解压后过大，拒绝读取")


# ---- from grid to rows -----------------------------------------------------------------------

def _header_map(row: Sequence[str]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for i, text in enumerate(row):
        key = _heading(text)
        if key and key not in found:
            found[key] = i
    if "weight" in found and ("name" in found or "level2" in found) and len(found) >= 3:
        return found
    return None


@dataclass
class _Raw:
    values: dict[str, str]
    where: str


def _rows(tables: list[list[list[str]]], source: str) -> list[_Raw]:
    """Every data row under a heading row; a table without one continues the previous layout."""
    rows: list[_Raw] = []
    layout: dict[str, int] | None = None
    for t, grid in enumerate(tables, 1):
        for r, row in enumerate(grid, 1):
            found = _header_map(row)
            if found:
                layout = found
                continue
            if layout is None:
                continue
            values = {key: (row[i] if i < len(row) else "") for key, i in layout.items()}
            if not any(v.strip() for v in values.values()):
                continue
            rows.append(_Raw(values, f"{source} 表{t} 第{r}行"))
    if layout is None:
        raise TableImportError(f"{source} 中没有找到指标表的标题行（需要“三级指标”或“二级指标”，以及“分值/权重”等列）")
    return rows


def _split_code(text: str) -> tuple[str, str]:
    """"A11中长期规划" → ("A11", "中长期规划"); a name without a code → ("", name)."""
    m = _CODE.match(text)
    if m:
        return m.group(1), text[m.end():].strip()
    return "", text


def _split_weight(text: str) -> tuple[str, Decimal | None]:
    """"投入管理（55分）" → ("投入管理", 55)."""
    m = _WEIGHT_IN_NAME.search(text)
    if m:
        return text[: m.start()].strip(), Decimal(m.group(1))
    return text, None


def import_table(path: str | Path) -> ImportedSystem:
    """Read the indicator table in ``path`` (.docx or .xlsx) and every 评分标准 in it."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        tables = _docx_tables(path)
    elif suffix in (".xlsx", ".xlsm"):
        tables = _xlsx_tables(path)
    else:
        hint = "（旧版 .doc / .xls 请先另存为 .docx / .xlsx）" if suffix in (".doc", ".xls", ".wps", ".et") else ""
        raise TableImportError(f"{path.name}：只能导入 .docx 或 .xlsx 的指标表{hint}")
    raws = _rows(tables, path.name)
    return _assemble(path, raws)


def _assemble(path: Path, raws: list[_Raw]) -> ImportedSystem:
    problems: list[str] = []
    l1_names: list[str] = []  # in order
    l1_code: dict[str, str] = {}
    l1_weight: dict[str, Decimal] = {}
    l2_of: dict[tuple[str, str], str] = {}  # (level1, level2 name) → code
    entries: list[dict[str, Any]] = []
    last: dict[str, Any] | None = None
    prev_l1 = prev_l2 = ""
    for raw in raws:
        v = dict(raw.values)
        first = _name(v.get("level1", "") or v.get("code", ""))
        if _SKIP.match(first) or _SKIP.match(_name(v.get("name", ""))) or _SKIP.match(_name(v.get("level2", ""))):
            continue
        weight_text = v.get("weight", "").strip()
        weight = _decimal(weight_text)
        if weight_text and weight is None:
            problems.append(f"{raw.where}：分值“{weight_text}”不是数字")
        name_cell = _name(v.get("name", "")) if "name" in v else _name(v.get("level2", ""))
        # A row with no weight that only continues text: a name (or text) broken over two rows.
        if last is not None and weight is None and not weight_text:
            same_levels = (not v.get("level1") or _name(v["level1"]) == prev_l1) and \
                          (not v.get("level2") or _name(v["level2"]) == prev_l2 or "name" not in v)
            if same_levels:
                if name_cell and name_cell != last["name"]:
                    last["name"] += name_cell
                for key in ("explanation", "points", "standard", "target", "source", "method"):
                    extra = v.get(key, "").strip()
                    if extra and extra not in last["texts"].get(key, ""):
                        last["texts"][key] = (last["texts"].get(key, "") + extra).strip()
                continue
        l1_text = _name(v.get("level1", "")) or prev_l1
        l2_text = _name(v.get("level2", "")) or prev_l2
        if "name" not in v:  # a two-level table: the 二级 column is the indicator
            l2_text = prev_l2 = ""
        l1_raw = l1_text
        code1, l1_text = _split_code(l1_text)
        l1_text, w1 = _split_weight(l1_text)
        code2, l2_text = _split_code(l2_text)
        code3, name = _split_code(name_cell)
        if not name:
            problems.append(f"{raw.where}：缺少指标名称，已跳过")
            continue
        if l1_text not in l1_code:
            l1_names.append(l1_text)
            l1_code[l1_text] = code1
            if w1 is not None:
                l1_weight[l1_text] = w1
        if l2_text and (l1_text, l2_text) not in l2_of:
            l2_of[(l1_text, l2_text)] = code2
        texts = {key: v.get(key, "").strip() for key in ("explanation", "points", "standard", "target", "source",
                                                         "method")}
        for key in ("standard", "explanation", "points"):
            if re.fullmatch(r"同上[。.]?", _key(texts[key])) and last is not None:
                texts[key] = last["texts"].get(key, "")
        last = {"l1": l1_text, "l2": l2_text, "code": _name(v.get("code", "")) or code3, "name": name,
                "weight": weight, "texts": texts, "where": raw.where}
        entries.append(last)
        prev_l1, prev_l2 = l1_raw, _name(v.get("level2", "")) or prev_l2
    if not entries:
        raise TableImportError(f"{path.name} 的指标表中没有指标行")
    # codes: keep what the table gives, assign the rest (A, A1, A11 …) in order
    letters = iter("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    used1 = {c for c in l1_code.values() if c}
    for name in l1_names:
        if not l1_code[name]:
            code = next(c for c in letters if c not in used1)
            l1_code[name] = code
            used1.add(code)
    l2_counter: dict[str, int] = {}
    for (l1, l2), code in list(l2_of.items()):
        if not code or not code.startswith(l1_code[l1]):
            l2_counter[l1] = l2_counter.get(l1, 0) + 1
            l2_of[(l1, l2)] = f"{l1_code[l1]}{l2_counter[l1]}"
    seen: set[str] = set()
    counter: dict[str, int] = {}
    for e in entries:
        parent: str = l2_of[(e["l1"], e["l2"])] if e["l2"] else f"{l1_code[e['l1']]}0"
        e["parent"] = parent
        code = e["code"]
        if not code or code in seen or not re.fullmatch(r"[A-Z]\d{2,3}", code):
            counter.setdefault(parent, 0)
            while True:
                counter[parent] += 1
                code = f"{parent}{counter[parent]}"
                if code not in seen:
                    break
        e["code"] = code
        seen.add(code)
    # levels, weights rolled up
    levels: list[dict[str, str]] = []
    sums1: dict[str, Decimal] = {}
    sums2: dict[str, Decimal] = {}
    for e in entries:
        w = e["weight"] or Decimal(0)
        sums1[e["l1"]] = sums1.get(e["l1"], Decimal(0)) + w
        sums2[e["parent"]] = sums2.get(e["parent"], Decimal(0)) + w
        if e["weight"] is None:
            problems.append(f"{e['where']}：{e['code']} {e['name']} 没有分值")
    for name in l1_names:
        total = sums1.get(name, Decimal(0))
        stated = l1_weight.get(name)
        if stated is not None and stated != total:
            problems.append(f"一级指标“{name}”写明 {_fmt(stated)} 分，其下三级指标分值合计 {_fmt(total)}")
        levels.append({"code": l1_code[name], "name": name, "weight": _fmt(stated if stated is not None else total)})
    for (l1, l2), code in l2_of.items():
        levels.append({"code": code, "name": l2, "weight": _fmt(sums2.get(code, Decimal(0))), "parent": l1_code[l1]})
    for e in entries:
        if not e["l2"]:  # two-level table: a placeholder 二级 per 一级 keeps the sheet's shape
            code = e["parent"]
            if not any(lv["code"] == code for lv in levels):
                levels.append({"code": code, "name": e["l1"], "weight": _fmt(sums2[code]), "parent": l1_code[e["l1"]]})
    grand = sum(sums1.values(), Decimal(0))
    if grand != 100:
        problems.append(f"三级指标分值合计 {_fmt(grand)}，不是 100")
    # rules
    indicators: list[dict[str, str]] = []
    rows: list[ImportedRow] = []
    for e in entries:
        t = e["texts"]
        reading = read_rule(t["standard"], e["weight"], name=e["name"], points=t["points"])
        for p in reading.problems:
            problems.append(f"{e['code']} {e['name']}：{p}")
        ind = {
            "code": e["code"], "level2": e["parent"], "name": e["name"],
            "weight": _fmt(e["weight"]) if e["weight"] is not None else "",
            "explanation": t["explanation"], "points": t["points"], "standard": t["standard"],
            "target": t["target"] or (reading.target or ""), "source": t["source"], "method": t["method"],
            "rule": reading.rule, "params": reading.params, "measure": reading.measure or "",
            "import_status": reading.note,
        }
        indicators.append(ind)
        rows.append(ImportedRow(e["code"], e["l1"], e["l2"], e["name"], e["weight"], t, reading, e["where"]))
    return ImportedSystem(source=path, levels=levels, indicators=indicators, rows=rows, problems=problems)


def _fmt(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}"


@dataclass
class ImportResult:
    """``new_from_table``: the files written and what the import found."""

    folder: Path
    files: list[Path]
    imported: ImportedSystem


def new_from_table(folder: str | Path, source: str | Path, *, eval_type: str, unit: str, year: int,
                   project: str | None = None, department: str | None = None, evaluator: str | None = None,
                   commissioner: str | None = None, force: bool = False) -> ImportResult:
    """``xlkit new DIR --from 指标表.docx|.xlsx``: the standard workbook set with the imported system."""
    from xlkit.write.project import new_project

    imported = import_table(source)
    written = new_project(folder, eval_type=eval_type, unit=unit, year=year, project=project, department=department,
                          evaluator=evaluator, commissioner=commissioner, system=imported.system(eval_type),
                          force=force)
    return ImportResult(folder=written.folder, files=written.files, imported=imported)
