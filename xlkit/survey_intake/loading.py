"""Loading an export file (.xlsx, .xls or .csv) into rows of cell values, with Chinese errors for bad files.

Only reads: size, encryption and zip checks first (the same preflight as our own workbooks), then
python-calamine for Excel files and the csv module (UTF-8 or GB18030) for CSV. Cells are referred to
by their Excel address (``cell_ref``) in every message.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from pathlib import Path
from typing import Any

from xlkit.read.numbers import D
from xlkit.read.ooxml import column_letter
from xlkit.survey_intake.issues import SurveyImportError, one_issue

__all__ = ["MAX_ROWS", "MAX_BYTES", "HEADER_SCAN_ROWS", "cell_ref", "cell_text", "load_table"]


MAX_ROWS = 100_000
MAX_BYTES = 50 * 1024 * 1024
HEADER_SCAN_ROWS = 5


def cell_ref(col: int, row0: int) -> str:
    """``A1``-style address of a 0-based column and row."""
    return f"{column_letter(col + 1)}{row0 + 1}"


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return str(D(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def load_table(path: Path) -> tuple[str, list[list[Any]]]:
    """(sheet name, rows) of the export's first non-empty sheet; Chinese errors for bad files."""
    name = path.name
    if not path.exists():
        raise SurveyImportError(f"找不到导出文件：{name}", one_issue("export-missing", f"找不到导出文件：{name}", name))
    if path.is_dir():
        raise SurveyImportError(f"{name} 是文件夹，不是问卷导出文件",
                                one_issue("export-unreadable", "是文件夹，不是问卷导出文件", name))
    size = path.stat().st_size
    if size == 0:
        raise SurveyImportError(f"{name} 是空文件（0 字节）", one_issue("export-empty-file", "是空文件（0 字节），请重新下载", name))
    if size > MAX_BYTES:
        raise SurveyImportError(f"{name} 过大", one_issue("export-too-large", f"文件过大（{size // 1024 // 1024} MB，上限 50 MB）", name))
    if path.suffix.lower() in (".csv", ".txt"):
        return "CSV", _read_csv(path)
    from xlkit.read.safety import OLE_MAGIC, ZIP_MAGIC, FileProblem, preflight

    with path.open("rb") as fh:
        head = fh.read(8)
        body = fh.read(4 * 1024 * 1024) if head == OLE_MAGIC else b""
    if head == OLE_MAGIC and ("EncryptedPackage".encode("utf-16-le") in body or b"EncryptionInfo" in body):
        msg = "已加密（设置了打开密码），请取消密码后重新导出或另存"
        raise SurveyImportError(f"{name} {msg}", one_issue("export-encrypted", msg, name))
    if head[:4] == ZIP_MAGIC:
        try:
            preflight(path)  # zip-bomb, macro and Strict-XML checks of our own workbooks apply here too
        except FileProblem as exc:
            msg = str(exc).removeprefix(name).lstrip(" ：:")
            raise SurveyImportError(str(exc), one_issue("export-unreadable", msg, name)) from exc
    elif head != OLE_MAGIC:
        msg = "不是 Excel 文件（.xlsx/.xls）或 CSV；请从问卷星/腾讯问卷重新下载"
        raise SurveyImportError(f"{name} {msg}", one_issue("export-unreadable", msg, name))
    import python_calamine

    try:
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
        try:
            for sheet_name in wb.sheet_names:
                rows = wb.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
                if any(cell_text(v) for row in rows[:HEADER_SCAN_ROWS] for v in row):
                    return sheet_name, rows[: MAX_ROWS + HEADER_SCAN_ROWS]
            return (wb.sheet_names[0] if wb.sheet_names else ""), []
        finally:
            wb.close()
    except SurveyImportError:
        raise
    except Exception as exc:  # calamine raises its own kinds for damaged files
        msg = f"无法读取（{type(exc).__name__}: {exc}），请在 Excel 中打开后另存为 .xlsx 再导入"
        raise SurveyImportError(f"{name} {msg}", one_issue("export-unreadable", msg, name)) from exc


def _read_csv(path: Path) -> list[list[Any]]:
    raw = path.read_bytes()
    # 腾讯问卷 and older 问卷星 CSVs are GBK; newer ones UTF-8 with a BOM.
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise SurveyImportError(f"{path.name} 编码无法识别", one_issue("export-unreadable", "编码无法识别", path.name))
    # The csv module over the whole text (newline=""): a quoted answer may hold line breaks, which
    # splitting into lines first would cut out of it.
    import io

    try:
        return list(itertools.islice(csv.reader(io.StringIO(text, newline="")), MAX_ROWS + HEADER_SCAN_ROWS))
    except csv.Error as exc:
        msg = f"不是有效的 CSV（{exc}），请从问卷平台重新下载"
        raise SurveyImportError(f"{path.name} {msg}", one_issue("export-unreadable", msg, path.name)) from exc
