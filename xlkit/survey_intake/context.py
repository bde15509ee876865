"""One export being read: its data rows, the issues found so far, and its columns grouped by question."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xlkit.spec.issues import Report, Severity
from xlkit.survey_intake.codebook import Codebook
from xlkit.survey_intake.headers import Column
from xlkit.survey_intake.issues import add_issue
from xlkit.survey_intake.loading import cell_ref, cell_text
from xlkit.survey_intake.options import ImportOptions

__all__ = ["ExportContext", "QuestionGroup", "group_columns"]


class ExportContext:
    def __init__(self, path: Path, sheet: str, rows: list[list[Any]], header_row: int, options: ImportOptions,
                 codebook: Codebook | None):
        self.file = path.name
        self.sheet = sheet
        self.header_row = header_row
        self.options = options
        self.codebook = codebook or Codebook()
        self.report = Report()
        self.grouped: dict[tuple[Any, ...], list[Any]] = {}
        # Data rows: (0-based row index, cell texts); fully blank rows are not respondents.
        width = max((len(r) for r in rows), default=0)
        self.data = [(i, [cell_text(v) for v in r] + [""] * (width - len(r)))
                     for i, r in enumerate(rows) if i > header_row and any(cell_text(v) for v in r)]

    def error(self, code: str, message: str, cell: str | None = None, value: Any = None,
              expected: str | None = None) -> None:
        add_issue(self.report, code, message, self.file, self.sheet, cell, Severity.ERROR, value, expected)

    def cell_error(self, code: str, key: tuple[Any, ...], message: str, cell: str, value: Any = None,
                   expected: str | None = None) -> None:
        """One error per distinct problem (a column of 122 unknown codes is one error, not 122)."""
        entry = self.grouped.get((code, *key))
        if entry is None:
            self.grouped[(code, *key)] = [code, message, cell, value, expected, 1]
        else:
            entry[5] += 1

    def flush(self) -> None:
        for code, message, cell, value, expected, n in self.grouped.values():
            more = f"（共 {n} 处，此为第一处）" if n > 1 else ""
            self.error(code, message + more, cell, value, expected)
        self.grouped.clear()

    def warn(self, code: str, message: str, cell: str | None = None, value: Any = None) -> None:
        add_issue(self.report, code, message, self.file, self.sheet, cell, Severity.WARNING, value)

    def values(self, col: int) -> list[str]:
        return [cells[col] if col < len(cells) else "" for _, cells in self.data]

    def ref(self, col: int, k: int) -> str:
        return cell_ref(col, self.data[k][0])

    def head(self, col: int) -> str:
        return cell_ref(col, self.header_row)


@dataclass
class QuestionGroup:
    number: int
    text: str = ""
    qtype: str | None = None
    main: Column | None = None
    options: list[Column] = field(default_factory=list)
    rows: list[Column] = field(default_factory=list)
    fills: list[Column] = field(default_factory=list)
    subs: list[Column] = field(default_factory=list)


def group_columns(ctx: ExportContext, cols: list[Column]) -> list[QuestionGroup]:
    groups: dict[int, QuestionGroup] = {}
    for c in cols:
        if c.number is None:
            if c.role == "ignored" and any(ctx.values(c.index)):
                what = f"“{c.header}”" if c.header else "（无表头）"
                ctx.warn("export-column-ignored", f"列{what}既不是题目也不是已知的答卷信息列，未导入",
                         ctx.head(c.index), value=c.header)
            continue
        g = groups.setdefault(c.number, QuestionGroup(c.number))
        if c.text and not g.text:
            g.text = c.text
        g.qtype = g.qtype or c.qtype
        if c.role == "main":
            if g.main is not None:
                ctx.error("export-duplicate-question", f"第{c.number}题出现了两次（另见 {ctx.head(g.main.index)}）",
                          ctx.head(c.index), value=c.header)
                continue
            g.main = c
        else:
            {"option": g.options, "row": g.rows, "fill": g.fills, "sub": g.subs}[c.role].append(c)
    return list(groups.values())
