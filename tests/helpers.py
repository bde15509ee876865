"""Test helpers: a canonical, sorted JSON dump of a workbook, and LibreOffice plumbing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter


def _runs(items: list[tuple[int, Any]]) -> list[list[Any]]:
    """Compress (row, value) pairs into [first, last, value] runs of equal consecutive values."""
    runs: list[list[Any]] = []
    for row, value in items:
        if runs and runs[-1][2] == value and runs[-1][1] == row - 1:
            runs[-1][1] = row
        else:
            runs.append([row, row, value])
    return runs


def _value(cell: Any) -> Any:
    v = cell.value
    if v is None:
        return None
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if hasattr(v, "text"):  # ArrayFormula / DataTableFormula
        return str(v.text)
    return v


def dump_workbook(path: Path, *, styles: bool = True) -> dict[str, Any]:
    """Everything a person or a reader relies on, never the bytes (xlsx stamps times)."""
    wb = openpyxl.load_workbook(path)
    out: dict[str, Any] = {"sheets": []}
    for ws in wb.worksheets:
        sheet: dict[str, Any] = {
            "name": ws.title,
            "state": ws.sheet_state,
            "freeze": ws.freeze_panes,
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "widths": {
                k: round(v.width, 2) for k, v in sorted(ws.column_dimensions.items()) if v.width
            },
            "protected": bool(ws.protection.sheet),
            "password": bool(ws.protection.password),
            "protect_insert_rows": not ws.protection.insertRows,
            "validations": sorted(
                (
                    {
                        "sqref": str(dv.sqref),
                        "type": dv.type,
                        "formula1": dv.formula1,
                        "formula2": dv.formula2,
                        "operator": dv.operator,
                        "error_style": dv.errorStyle,
                        "error": dv.error,
                        "prompt": dv.prompt,
                    }
                    for dv in ws.data_validations.dataValidation
                ),
                key=lambda d: (d["sqref"], d["type"] or ""),
            ),
            "print": {
                "orientation": ws.page_setup.orientation,
                "paper": ws.page_setup.paperSize,
                "title_rows": ws.print_title_rows,
                "fit_width": ws.page_setup.fitToWidth,
            },
            "cells": {},
        }
        for row in ws.iter_rows():
            for cell in row:
                v = _value(cell)
                if v is not None and not isinstance(cell, openpyxl.cell.cell.MergedCell):
                    sheet["cells"][cell.coordinate] = v
        if styles:
            by_col: dict[str, list[tuple[int, Any]]] = {}
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell, openpyxl.cell.cell.MergedCell):
                        continue
                    key = [cell.number_format, bool(cell.protection.locked)]
                    by_col.setdefault(get_column_letter(cell.column), []).append((cell.row, key))
            sheet["styles"] = {c: _runs(v) for c, v in sorted(by_col.items())}
        out["sheets"].append(sheet)
    out["defined_names"] = sorted(wb.defined_names.keys())
    return out


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def soffice() -> str | None:
    """The LibreOffice binary; under CI=true its absence fails the test instead of skipping it."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe:
        return exe
    if os.environ.get("CI") == "true":
        pytest.fail("CI=true 但未安装 LibreOffice（soffice）：.ci/run 应当安装 libreoffice-calc")
    pytest.skip("LibreOffice (soffice) not installed")
    return None


def soffice_writer() -> str | None:
    """soffice able to open .docx (the libreoffice-writer package, not only calc); CI=true fails without it."""
    exe = soffice()
    program = Path(os.path.realpath(exe or "")).parent
    if (program / "libswlo.so").exists() or shutil.which("lowriter") or list(program.glob("swlo*.dll")):
        return exe
    if os.environ.get("CI") == "true":
        pytest.fail("CI=true 但 LibreOffice 没有 Writer（libreoffice-writer）：无法转换 .docx")
    pytest.skip("LibreOffice Writer (libreoffice-writer) not installed")
    return None


_RECALC_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def convert_with_soffice(src: Path, out_dir: Path, fmt: str = "xlsx", *, recalc: bool = True) -> Path:
    """Open ``src`` in headless LibreOffice and save it as ``fmt`` (recalculating formulas)."""
    return convert_all_with_soffice([(src, out_dir)], fmt, recalc=recalc)[0]


def convert_all_with_soffice(jobs: list[tuple[Path, Path]], fmt: str = "xlsx", *, recalc: bool = True) -> list[Path]:
    """Convert each (source, output folder) pair as ``convert_with_soffice`` does, in one LibreOffice run.

    Starting soffice costs seconds and converting a workbook a fraction of that, so the tests that render
    many workbooks hand them over together. Each output is ``out_dir / (source stem + extension)``.
    """
    exe = soffice()
    assert exe is not None
    ext = fmt.split(":")[0]
    with tempfile.TemporaryDirectory(prefix="xlkit-lo-") as profile:
        if recalc:
            user = Path(profile) / "user"
            user.mkdir(parents=True)
            (user / "registrymodifications.xcu").write_text(_RECALC_XCU, encoding="utf-8")
        # Convert copies under distinct names: LibreOffice writes a lock file beside its input, and two
        # sources may share a stem (every system has a 指标体系).
        inputs = Path(profile) / "in"
        converted = Path(profile) / "out"
        inputs.mkdir()
        works = []
        for n, (src, _) in enumerate(jobs):
            work = inputs / f"in{n}{src.suffix}"
            shutil.copyfile(src, work)
            works.append(work)
        cmd = [
            exe,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            fmt,
            "--outdir",
            str(converted),
            *map(str, works),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180 + 30 * len(jobs))
        finals = []
        for work, (src, out_dir) in zip(works, jobs, strict=True):
            result = converted / f"{work.stem}.{ext}"
            assert result.exists(), f"soffice failed on {src.name}: {proc.stdout} {proc.stderr}"
            out_dir.mkdir(parents=True, exist_ok=True)
            final = out_dir / f"{src.stem}.{ext}"
            shutil.move(result, final)
            finals.append(final)
        return finals


def load_sample_builder():
    """samples/build_samples.py as a module (it is a script, not part of the package)."""
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "samples" / "build_samples.py"
    spec = importlib.util.spec_from_file_location("build_samples", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---- folders of 自评表 (samples 002 and 004) ---------------------------------------------------------

def selfeval_file(title: str) -> str:
    """The file name ``xlkit new --type 自评`` gives a 自评表 of this project."""
    return f"绩效自评表（{title}）.xlsx"


def score_selfevals(folder: Path) -> Any:
    """``xlkit.score`` of a folder holding only 自评表: a Result with 自评表 and no evaluation."""
    import xlkit

    out = xlkit.score(folder)
    assert out.evaluation is None and out.self_evals and out.comparisons == []
    return out


def evaluation(folder: Path, **kwargs: Any) -> Any:
    """The evaluation part of ``xlkit.score(folder)`` (a folder with a 指标体系)."""
    import xlkit

    ev = xlkit.score(folder, **kwargs).evaluation
    assert ev is not None
    return ev


def indicator(se: Any, name: str) -> Any:
    """The one scored row of a 自评表 with this 三级指标 name."""
    (found,) = [i for i in se.indicators if i.name == name]
    return found
