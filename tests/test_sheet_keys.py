"""Sheets are named in code by their stable key in templates/workbooks/*.toml, never by display name.

The display name (what Excel shows, what messages cite) is data: renaming a sheet is an edit to
its spec file. A key the spec does not declare is a programming error that raises, never an empty
sheet that silently scores nothing.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import xlkit
from xlkit.read.reader import SheetData, WorkbookData
from xlkit.spec.templates import UnknownSheetKey, all_workbook_specs, sheet_name, workbook_spec

PACKAGE = Path(xlkit.__file__).resolve().parent
_PATH_PART = re.compile(r"(?:^|[›/])\s*([^›\s/]+)\s*(?=›)")

# Literals that equal an input sheet's display name but do not name that sheet, by the function
# (or module-level constant) they sit in, so the list survives modules being moved or renamed.
NOT_SHEET_REFERENCES = {
    ("COLUMNS", "项目"): "审核意见's column heading",
    ("_form_sheet", "项目"): "the label column's heading on a form sheet",
    ("_budget", "项目"): "预决算分析's column heading",
    ("budget_header", "项目"): "预决算分析's column heading",
    ("_budget", "收入"): "预决算分析's column heading",
    ("_fund_table", "项目"): "the report's fund table heading",
    ("_annexes", "题目"): "the report's questionnaire table heading",
    ("_annexes", "选项"): "the report's questionnaire table heading",
    ("report_document", "支出"): "part of the report title (…支出绩效评价报告)",
    ("_payments", "支付进度"): "the measure name 一季度末支付进度 …",
    ("_check_share_over", "收入"): "an indicator named 收入… (revenue may exceed its budget)",
    ("_classify", "题目"): "a third-party questionnaire table's heading word",
    ("FUND_TABLE", "基金收支"): "the `xlkit new --type` word for the fund table",
    ("template_catalogue", "指标体系"): "the 类别 of an indicator system in `xlkit templates`",
    ("write_import_report", "项目"): "a column heading of the import report",
    ("write_import_report", "选项"): "a column heading of the import report",
    ("translate_error", "选项"): "the word for a command-line option",
    ("_PANEL_TEXTS", "选项"): "typer's panel title for options",
    ("IMPORT_OPEN_ANSWERS", "开放回答"): "a sheet of the survey import report, not of 问卷统计.xlsx",
    ("ARCHIVE_PROJECTS", "项目"): "a sheet of the archive's index workbook",
    ("__init__", "项目资金"): "a report's prose name for 表1-1's 项目支出 line (audit of the report text)",
}


def _display_names() -> set[str]:
    return {s.name for spec in all_workbook_specs().values() for s in spec.sheets}


def _string_literals(tree: ast.AST) -> list[tuple[str, str, int]]:
    """(enclosing function or module-level assignment, literal, line) for every str constant
    (f-string parts included), docstrings left out."""
    found: list[tuple[str, str, int]] = []

    def visit(node: ast.AST, owner: str) -> None:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            return  # a docstring: prose may name a sheet
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            owner = node.name
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and owner == "<module>":
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            if names:
                for child in ast.iter_child_nodes(node):
                    visit(child, names[0])
                return
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append((owner, node.value, node.lineno))
        for child in ast.iter_child_nodes(node):
            visit(child, owner)

    visit(tree, "<module>")
    return found


def test_every_sheet_has_a_unique_ascii_key() -> None:
    for kind, spec in all_workbook_specs().items():
        keys = [s.key for s in spec.sheets]
        assert all(re.fullmatch(r"[a-z][a-z0-9_]*", k) for k in keys), (kind, keys)
        assert len(set(keys)) == len(keys), kind
        assert len({s.name for s in spec.sheets}) == len(spec.sheets), kind


def test_key_to_display_name() -> None:
    # The names the published reports' tables use for these sheets' data (表1-2 支出, 三公经费).
    assert sheet_name("budget", "expense") == "支出"
    assert sheet_name("budget", "three_public") == "三公经费"
    assert sheet_name("indicators", "indicators") == "指标体系"
    assert sheet_name("selfeval", "indicators") == "绩效指标"
    assert workbook_spec("vouchers").sheet("ledger").name == "台账"


def test_unknown_key_raises() -> None:
    spec = workbook_spec("budget")
    with pytest.raises(KeyError) as info:
        spec.sheet("expenses")
    assert isinstance(info.value, UnknownSheetKey)
    assert "expenses" in str(info.value) and "expense" in str(info.value)
    # A display name where the key belongs says which key was meant.
    with pytest.raises(UnknownSheetKey, match="'expense'"):
        spec.sheet("支出")
    with pytest.raises(UnknownSheetKey):
        sheet_name("budget", "three_publics")
    data = WorkbookData(path=Path("预决算.xlsx"), spec=spec, sheets={}, issues=[])
    with pytest.raises(UnknownSheetKey):
        data.sheet("支出")
    # A declared sheet the file lacks reads as absent and empty, under its display name.
    absent = data.sheet("staff")
    assert absent == SheetData(name="人员", present=False)


def test_fill_takes_keys(tmp_path: Path) -> None:
    from xlkit.read.reader import read_workbook
    from xlkit.write.fill import fill_workbook
    from xlkit.write.writer import render_workbook

    spec = workbook_spec("vouchers")
    blank = render_workbook(spec, tmp_path / spec.file)
    with pytest.raises(UnknownSheetKey):
        fill_workbook(blank, spec, tmp_path / "out.xlsx", tables={"台账": [{"voucher": "记-1"}]})
    out = fill_workbook(blank, spec, tmp_path / "out.xlsx", tables={"ledger": [{"voucher": "记-1"}]})
    assert [r.get("voucher") for r in read_workbook(out, spec).sheet("ledger").rows] == ["记-1"]


def test_no_display_name_literal_in_the_package() -> None:
    """Code names an input sheet by key; its display name appears only in templates/."""
    names = _display_names()
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        for owner, text, line in _string_literals(ast.parse(path.read_text(encoding="utf-8"))):
            if (owner, text) in NOT_SHEET_REFERENCES:
                continue
            # the whole literal, or a sheet inside a location path ("预决算.xlsx › 支出 › D7")
            if text in names or any(n in names for n in _PATH_PART.findall(text)):
                found.append(f"{rel}:{line} {owner}: {text!r}")
    assert found == []


def test_exemptions_are_still_needed() -> None:
    """An exemption whose literal has gone is removed, so the list stays the exceptions of today."""
    seen = set()
    for path in PACKAGE.rglob("*.py"):
        for owner, text, _ in _string_literals(ast.parse(path.read_text(encoding="utf-8"))):
            seen.add((owner, text))
    assert set(NOT_SHEET_REFERENCES) - seen == set()
