"""The hidden ``_xlkit`` stamp (kind, version, type, system_version …) of a workbook, read in one place.

``xlkit new`` writes it (``xlkit.write.writer``); the reader checks it against the template it expects,
the archive files each input under it, and batch discovery takes a workbook that carries it as the
mark of a project folder. All of them read it here, from a workbook opened by ``xlkit.read.safety.load``
— so through the preflight, whatever the caller — with the same rows and the same text rules.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from xlkit.errors import XlkitError
from xlkit.read.cells import is_blank, text_of
from xlkit.spec.sheet_names import STAMP_SHEET

__all__ = ["STAMP_SHEET", "STAMP_ROWS", "stamp_of", "read_stamp", "output_mark"]

# The writer fills a handful of rows; a stamp never holds more than this.
STAMP_ROWS = 20


def stamp_of(wb: Any) -> dict[str, str] | None:
    """The stamp of an open workbook (openpyxl's or ``xlkit.read.xml_book``'s); None without a stamp sheet."""
    if STAMP_SHEET not in wb.sheetnames:
        return None
    ws = wb[STAMP_SHEET]
    return {text_of(ws.cell(r, 1).value): text_of(ws.cell(r, 2).value) for r in range(1, STAMP_ROWS + 1)
            if not is_blank(ws.cell(r, 1).value)}


def read_stamp(path: Path) -> dict[str, str]:
    """The stamp of the workbook at ``path``; {} when it has none or cannot be read (``check`` and
    ``score`` say why). The file is pre-flighted like every workbook xlkit opens."""
    from xlkit.read.safety import load

    try:
        wb = load(Path(path))
    except XlkitError:
        return {}
    try:
        return stamp_of(wb) or {}
    except Exception:  # a damaged stamp sheet is no stamp; the reader reports the file itself
        return {}
    finally:
        wb.close()


def output_mark(path: Path) -> str | None:
    """The mark xlkit leaves in the document properties of what it writes (综合评分表: "xlkit",
    审核意见: "xlkit audit", 汇总: "xlkit batch"), or None. An input workbook carries the stamp
    instead; a workbook with neither is someone else's. Read through the preflight."""
    import zipfile
    from xml.etree import ElementTree as ET

    from xlkit.read.safety import preflight

    try:
        parts = preflight(Path(path))
        if "docProps/core.xml" not in parts:
            return None
        with zipfile.ZipFile(path) as zf:  # its size and CRC were checked by the preflight
            root = ET.fromstring(zf.read("docProps/core.xml"))  # no DTD: the preflight refused any
    except (XlkitError, OSError, zipfile.BadZipFile, ET.ParseError):
        return None
    node = root.find("{http://purl.org/dc/elements/1.1/}description")
    text = (node.text or "").strip() if node is not None else ""
    return text if text == "xlkit" or text.startswith("xlkit ") else None
