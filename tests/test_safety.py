"""Files that are not workbooks of ours: one clear Chinese error each, never a traceback."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from xlkit.errors import WorkbookError
from xlkit.read.safety import OLE_MAGIC, load, preflight


def _expect(path: Path, fragment: str) -> None:
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(WorkbookError) as info:
        load(path)
    assert fragment in str(info.value)
    if before is not None:
        assert path.read_bytes() == before


def test_missing_file(tmp_path: Path) -> None:
    _expect(tmp_path / "预决算.xlsx", "找不到文件：预决算.xlsx")


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "预决算.xlsx"
    p.write_bytes(b"")
    _expect(p, "是空文件（0 字节）")


def test_csv_renamed_to_xlsx(tmp_path: Path) -> None:
    p = tmp_path / "预决算.xlsx"
    p.write_text("项目,年初预算数\n基本支出,464.57\n", encoding="utf-8")
    _expect(p, "不是 Excel 工作簿（.xlsx）；若是 CSV")


def test_old_xls(tmp_path: Path) -> None:
    p = tmp_path / "预决算.xlsx"
    p.write_bytes(OLE_MAGIC + b"\0" * 2048)
    _expect(p, "旧版 Excel 97-2003 文件（.xls）")


def test_encrypted(tmp_path: Path) -> None:
    p = tmp_path / "预决算.xlsx"
    p.write_bytes(OLE_MAGIC + b"\0" * 512 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 512)
    _expect(p, "已加密（设置了打开密码）")


def test_xlsm_suffix(tmp_path: Path) -> None:
    p = tmp_path / "预决算.xlsm"
    p.write_bytes(b"PK\x03\x04whatever")
    _expect(p, "启用宏的工作簿（.xlsm）")


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


def test_macro_inside_xlsx(tmp_path: Path) -> None:
    p = _zip(tmp_path / "预决算.xlsx", {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
                                       "xl/vbaProject.bin": b"\0"})
    _expect(p, "含有宏（VBA）")


def test_zip_bomb_refused_before_inflating(tmp_path: Path) -> None:
    p = _zip(tmp_path / "预决算.xlsx", {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
                                       "xl/worksheets/sheet1.xml": b"\0" * (40 * 1024 * 1024)})
    _expect(p, "疑似压缩炸弹")


def test_truncated_zip(tmp_path: Path, kashi_folder: Path) -> None:
    data = (kashi_folder / "预决算.xlsx").read_bytes()
    p = tmp_path / "预决算.xlsx"
    p.write_bytes(data[: len(data) // 2])
    _expect(p, "已损坏或不完整")


def test_zip_without_workbook_part(tmp_path: Path) -> None:
    p = _zip(tmp_path / "预决算.xlsx", {"word/document.xml": b"<w/>"})
    _expect(p, "缺少 xl/workbook.xml")


def test_folder_instead_of_file(tmp_path: Path) -> None:
    _expect(tmp_path, "是文件夹，不是工作簿")


def test_generated_workbook_passes(kashi_folder: Path) -> None:
    preflight(kashi_folder / "预决算.xlsx")
    assert load(kashi_folder / "预决算.xlsx").sheetnames[0] == "收入"


def test_defusedxml_is_active() -> None:
    from openpyxl import xml

    assert xml.DEFUSEDXML is True
