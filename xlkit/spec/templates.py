"""Template specs: the workbooks, their sheets and columns, declared once as data in ``templates/``.

The writer renders these specs, the reader validates against the same objects, and the
填表说明 sheets are generated from them, so a column is described in exactly one place.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from xlkit.errors import SpecError

__all__ = [
    "Column",
    "FormField",
    "FixedRow",
    "SheetSpec",
    "WorkbookSpec",
    "Measure",
    "IndicatorSystem",
    "templates_dir",
    "workbook_specs",
    "workbook_spec",
    "lists",
    "measures",
    "indicator_systems",
    "indicator_system",
    "WORKBOOK_KINDS",
    "OPTIONAL_KINDS",
    "all_workbook_specs",
    "sheet_name",
    "UnknownSheetKey",
    "COLUMN_TYPES",
]

# Column types and what they hold. Number formats live in the writer; parsing in the reader.
COLUMN_TYPES = frozenset(
    {
        "text",  # short text, stored as text ("@") so "99.49%" stays what was typed
        "longtext",  # wrapped text
        "code",  # identifiers: A11, Q3, 记账-2
        "int",
        "decimal",
        "score",  # points, 2 decimals
        "amount",  # 万元, 2 decimals
        "yuan",  # 元, 2 decimals with thousands separators
        "rate",  # percent with 2 decimals
        "share",  # questionnaire share, percent with 1 decimal
        "date",
        "choice",  # dropdown from a list
    }
)
LAYOUTS = frozenset({"form", "table", "fixed"})

# The workbook set of a project folder, in the order they are written and read.
WORKBOOK_KINDS = ("indicators", "budget", "vouchers", "survey")
# Workbooks a folder may also hold, found by file name: the unit's 自评表 (one file per project,
# 绩效自评表*.xlsx) and the social-insurance fund table (基金收支*.xlsx).
OPTIONAL_KINDS = ("selfeval", "fund")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    type: str
    width: float = 12
    required: bool = False
    help: str = ""
    list: str | None = None
    inline: tuple[str, ...] = ()
    free: bool = False  # a dropdown that also accepts other text (warning, not stop)
    formula: str | None = None  # computed column: locked, recomputed by xlkit anyway
    sum: bool = False  # summed on the total row
    min: float | None = None
    max: float | None = None
    # A column added after workbooks of this version were in use: absent means blank, not an error.
    optional: bool = False
    # Used on screen only (machine-readable rule set-up, import notes): left off the printed page so the
    # columns a reader of the paper copy needs print at a readable size. Such columns come last.
    screen_only: bool = False

    @property
    def is_input(self) -> bool:
        return self.formula is None


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    type: str
    required: bool = False
    default: str | None = None
    help: str = ""
    list: str | None = None
    min: float | None = None
    max: float | None = None


@dataclass(frozen=True)
class FixedRow:
    key: str
    label: str
    indent: int = 0
    children: tuple[str, ...] = ()
    total: bool = False


class UnknownSheetKey(KeyError):
    """Code asked for a sheet by a key its workbook spec does not declare: a programming error
    (a typo, or a display name where the key belongs), raised instead of handing back an empty sheet."""

    def __init__(self, kind: str, key: str, known: tuple[str, ...], hint: str = ""):
        super().__init__(key)
        self.kind, self.key, self.known, self.hint = kind, key, known, hint

    def __str__(self) -> str:
        return (f"workbook spec {self.kind!r} has no sheet key {self.key!r}{self.hint}; "
                f"keys: {', '.join(self.known)}")


# A sheet key: what code names a sheet by (the display name is data and may be renamed).
_SHEET_KEY = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class SheetSpec:
    key: str  # stable ASCII key; code refers to the sheet by it
    name: str  # display name, what Excel shows and messages cite
    layout: str
    title: str = ""
    columns: tuple[Column, ...] = ()
    fields: tuple[FormField, ...] = ()
    fixed_rows: tuple[FixedRow, ...] = ()
    rows: int = 0  # blank input rows of a table
    allow_insert: bool = False
    merge: tuple[str, ...] = ()
    total_row: str | None = None
    label_header: str = ""
    label_width: float = 24
    paper: str = "A4"  # A3 for the wide indicator table, as evaluators print 附件1
    # A sheet added to a template after its workbooks were in use: a workbook without it reads as
    # if it were empty (no issue), so earlier workbooks of the same version stay readable.
    optional: bool = False

    @property
    def printed_columns(self) -> tuple[Column, ...]:
        """The columns that print (all but the trailing screen-only ones)."""
        return tuple(c for c in self.columns if not c.screen_only)

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    def field(self, key: str) -> FormField:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)


@dataclass(frozen=True)
class WorkbookSpec:
    kind: str
    version: str
    file: str
    title: str
    sheets: tuple[SheetSpec, ...]
    help: tuple[str, ...] = ()
    unit_caption: str = ""

    def sheet(self, key: str) -> SheetSpec:
        """The sheet declared under ``key``; an unknown key raises UnknownSheetKey."""
        for s in self.sheets:
            if s.key == key:
                return s
        named = next((s.key for s in self.sheets if s.name == key), None)
        hint = f" (that is the display name of key {named!r})" if named else ""
        raise UnknownSheetKey(self.kind, key, tuple(s.key for s in self.sheets), hint)


@dataclass(frozen=True)
class Measure:
    name: str
    formula: str
    source: str


@dataclass(frozen=True)
class IndicatorSystem:
    """A standard indicator system (templates/systems/*.toml) that pre-fills 指标体系."""

    kind: str
    version: str
    title: str
    basis: str
    grades: str
    levels: tuple[dict[str, str], ...]
    indicators: tuple[dict[str, str], ...]
    survey_method: str = ""  # 满意度合成方式 carried with a system taken from a workbook; "" = the default


def templates_dir() -> Path:
    """``templates/`` in a source checkout, or its copy inside an installed wheel."""
    here = Path(__file__).resolve().parents[1]  # the package root: this module is in xlkit/spec/
    for candidate in (here / "_templates", here.parent / "templates"):
        if (candidate / "workbooks").is_dir():
            return candidate
    raise SpecError("找不到 templates 目录（安装不完整）")


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SpecError(f"模板规格文件无法读取：{path.name}：{exc}") from exc


def template_data(name: str) -> dict[str, Any]:
    """A data file of ``templates/`` (``issue_codes.toml``, ``audit_headings.toml`` …), parsed; an
    unreadable one is a SpecError that names it (an incomplete installation, never a traceback)."""
    return _load_toml(templates_dir() / name)


def _build(cls: type, data: dict[str, Any], where: str) -> Any:
    known = {f.name for f in fields(cls)}
    unknown = set(data) - known
    if unknown:
        raise SpecError(f"{where}：未知的键 {sorted(unknown)}")
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
    try:
        return cls(**values)
    except TypeError as exc:
        raise SpecError(f"{where}：{exc}") from exc


def _sheet(data: dict[str, Any], where: str) -> SheetSpec:
    data = dict(data)
    where = f"{where} › {data.get('name', '?')}"
    columns = tuple(_build(Column, c, where) for c in data.pop("columns", []))
    fields = tuple(_build(FormField, f, where) for f in data.pop("fields", []))
    fixed: tuple[FixedRow, ...] = ()
    rows = data.pop("rows", 0)
    if isinstance(rows, list):
        fixed = tuple(_build(FixedRow, r, where) for r in rows)
        rows = 0
    sheet = _build(SheetSpec, {**data, "columns": columns, "fields": fields}, where)
    sheet = SheetSpec(**{**sheet.__dict__, "fixed_rows": fixed, "rows": rows})
    _check_sheet(sheet, where)
    return sheet


def _check_sheet(sheet: SheetSpec, where: str) -> None:
    if not _SHEET_KEY.fullmatch(sheet.key):
        raise SpecError(f"{where}：工作表键 {sheet.key!r} 应为小写英文字母、数字和下划线")
    if sheet.layout not in LAYOUTS:
        raise SpecError(f"{where}：未知的版式 {sheet.layout}")
    if sheet.paper not in ("A4", "A3"):
        raise SpecError(f"{where}：纸张只能是 A4 或 A3，实际为 {sheet.paper}")
    items: list[Column | FormField] = [*sheet.columns, *sheet.fields]
    keys = [c.key for c in items]
    if len(keys) != len(set(keys)):
        raise SpecError(f"{where}：列键重复")
    for item in items:
        if item.type not in COLUMN_TYPES:
            raise SpecError(f"{where} › {item.key}：未知的类型 {item.type}")
        if item.type == "choice" and not item.list:
            raise SpecError(f"{where} › {item.key}：下拉列需要 list")
    screen = [c.screen_only for c in sheet.columns]
    if True in screen and False in screen[screen.index(True):]:
        # The print area is one block of columns: a printed column after a screen-only one would be cut off.
        raise SpecError(f"{where}：只在屏幕上使用的列（screen_only）须排在打印的列之后")
    if sheet.layout == "fixed":
        row_keys = {r.key for r in sheet.fixed_rows}
        for r in sheet.fixed_rows:
            missing = set(r.children) - row_keys
            if missing:
                raise SpecError(f"{where} › {r.key}：子行不存在 {sorted(missing)}")


def _workbook(path: Path) -> WorkbookSpec:
    data = _load_toml(path)
    where = path.name
    sheets = tuple(_sheet(s, where) for s in data.pop("sheets", []))
    for attr, label in (("key", "工作表键"), ("name", "工作表名")):
        values = [getattr(s, attr) for s in sheets]
        if len(values) != len(set(values)):
            raise SpecError(f"{where}：{label}重复")
    return _build(WorkbookSpec, {**data, "sheets": sheets}, where)


@lru_cache(maxsize=1)
def all_workbook_specs() -> dict[str, WorkbookSpec]:
    """Every workbook kind declared in templates/workbooks, core set first."""
    folder = templates_dir() / "workbooks"
    specs = {}
    for path in sorted(folder.glob("*.toml")):
        spec = _workbook(path)
        specs[spec.kind] = spec
    missing = set(WORKBOOK_KINDS) - set(specs)
    if missing:
        raise SpecError(f"缺少工作簿规格：{sorted(missing)}")
    order = [*WORKBOOK_KINDS, *(k for k in OPTIONAL_KINDS if k in specs)]
    return {k: specs[k] for k in order}


def workbook_specs() -> dict[str, WorkbookSpec]:
    """The workbook set of a project folder, keyed by kind, in WORKBOOK_KINDS order."""
    every = all_workbook_specs()
    return {k: every[k] for k in WORKBOOK_KINDS}


def sheet_name(kind: str, key: str) -> str:
    """The display name of sheet ``key`` of workbook ``kind``: the one place a key becomes the
    text Excel shows and messages cite."""
    return workbook_spec(kind).sheet(key).name


def workbook_spec(kind: str) -> WorkbookSpec:
    try:
        return all_workbook_specs()[kind]
    except KeyError:
        raise SpecError(f"未知的工作簿类型：{kind}") from None


@lru_cache(maxsize=1)
def _lists_file() -> dict[str, Any]:
    return _load_toml(templates_dir() / "lists.toml")


def lists() -> dict[str, tuple[str, ...]]:
    """The dropdown lists of lists.toml (the rule and measure lists are added by the writer)."""
    return dict(_lists())  # a new dict: callers add their own lists to it


@lru_cache(maxsize=1)
def _lists() -> dict[str, tuple[str, ...]]:
    return {k: tuple(v) for k, v in _lists_file()["lists"].items()}


@lru_cache(maxsize=1)  # frozen dataclasses, read for every workbook a batch checks
def measures() -> tuple[Measure, ...]:
    return tuple(_build(Measure, m, "lists.toml › measures") for m in _lists_file()["measures"])


@lru_cache(maxsize=1)
def indicator_systems() -> dict[str, IndicatorSystem]:
    """The standard indicator systems, keyed by 评价类型 (部门整体, 项目支出)."""
    result = {}
    for path in sorted((templates_dir() / "systems").glob("*.toml")):
        data = _load_toml(path)
        try:
            system = IndicatorSystem(
                kind=data["kind"],
                version=str(data["version"]),
                title=data["title"],
                basis=data.get("basis", ""),
                grades=data.get("grades", ""),
                levels=tuple(data.get("levels", [])),
                indicators=tuple(data.get("indicators", [])),
            )
        except KeyError as exc:
            raise SpecError(f"{path.name}：缺少 {exc}") from exc
        result[system.kind] = system
    return result


@lru_cache(maxsize=1)
def rule_examples() -> tuple[dict[str, Any], ...]:
    """One worked 指标体系 row per scoring rule (templates/rule_examples.toml), for 填表说明 and the README."""
    return tuple(_load_toml(templates_dir() / "rule_examples.toml").get("examples", []))


def indicator_system(kind: str) -> IndicatorSystem:
    systems = indicator_systems()
    if kind not in systems:
        raise SpecError(f"没有“{kind}”的标准指标体系；可用：{'、'.join(systems)}")
    return systems[kind]
