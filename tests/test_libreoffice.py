"""Every generated workbook survives a real spreadsheet client: LibreOffice opens and re-saves it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from helpers import convert_with_soffice

FILES = ["指标体系.xlsx", "预决算.xlsx", "凭证抽查台账.xlsx", "问卷统计.xlsx"]


def _summary(path: Path) -> dict[str, object]:
    wb = openpyxl.load_workbook(path)
    out: dict[str, object] = {}
    for ws in wb.worksheets:
        header = [ws.cell(3, c).value for c in range(1, 20)]
        validations = sorted(
            (dv.type or "any", str(dv.sqref).split(":")[0]) for dv in ws.data_validations.dataValidation
        )
        out[ws.title] = {
            "state": ws.sheet_state if ws.sheet_state == "visible" else "hidden",
            "title": ws["A1"].value,
            "header": [h for h in header if h is not None],
            "validations": validations,
            "protected": bool(ws.protection.sheet),
        }
    return out


@pytest.mark.soffice
@pytest.mark.parametrize("file", FILES)
def test_libreoffice_round_trip_keeps_sheets_validations_headers(
    kashi_folder: Path, tmp_path: Path, file: str
) -> None:
    src = kashi_folder / file
    resaved = convert_with_soffice(src, tmp_path)
    before, after = _summary(src), _summary(resaved)
    assert list(after) == list(before)
    for name in before:
        assert after[name] == before[name], name


@pytest.mark.soffice
def test_libreoffice_renders_pdf(kashi_folder: Path, tmp_path: Path) -> None:
    pdf = convert_with_soffice(kashi_folder / "预决算.xlsx", tmp_path, "pdf", recalc=False)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert pdf.stat().st_size > 10_000
