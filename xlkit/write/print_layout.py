"""Page geometry for printed outputs: the print scale that fits a sheet's width, and page breaks.

Spreadsheet clients break pages where the paper is full, which can split a merged 一级/二级 label
from the rows it names (the label prints on the page where its merge starts, the rest of the group
prints under an empty cell). Writers that merge group labels therefore choose the page breaks
themselves and start each page's part of a group with its own label. For the breaks to be where the
client would break, the scale must be known, so those sheets print at a computed scale instead of
"fit to width" (Excel also ignores manual breaks under fit-to-page).
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["PAPER_PT", "MARGIN_SIDE_PT", "MARGIN_TB_PT", "column_points", "width_scale", "fitted_scale",
           "body_height", "MIN_SCALE", "DEFAULT_ROW_PT", "page_breaks"]

# Paper in points, landscape (width, height).
PAPER_PT = {"A4": (841.89, 595.28), "A3": (1190.55, 841.89)}
MARGIN_SIDE_PT = 36.0  # 0.5 inch left and right (writer.print_setup)
MARGIN_TB_PT = 43.2  # 0.6 inch top and bottom; the page-number footer prints inside the bottom margin
DEFAULT_ROW_PT = 15.0  # a row without an explicit height (xlsxwriter's default)
# 10 pt text at 80 % prints at 8 pt, the smallest a reader of a filed paper copy should be asked to read.
MIN_SCALE = 80
# Column widths are in character units whose printed size differs between clients and fonts (LibreOffice
# with Carlito prints them about 6 % wider than Excel with Calibri); keep this much of the paper spare
# so the last column never spills onto a page of its own.
_WIDTH_SPARE = 0.90
# How much smaller LibreOffice's fit-to-width scale comes out than the column widths alone say (measured
# on the blank forms' PDFs: 1–4 %; it picks a whole percent and fits to slightly wider columns).
_CLIENT_WIDER = 1.02
# Row heights are exact (set explicitly), but clients round them to pixels: keep a little spare height.
_HEIGHT_SPARE = 0.96


def column_points(width: float) -> float:
    """Printed width (pt at 100 %) of a column of ``width`` character units (Excel: 7 px a unit + 5 px)."""
    return (int(width * 7 + 0.5) + 5) * 0.75 if width > 0 else 0.0


def width_scale(widths: Sequence[float], paper: str) -> int:
    """The print scale (percent, ≤ 100) at which columns of ``widths`` fill the paper's width."""
    printable = PAPER_PT[paper][0] - 2 * MARGIN_SIDE_PT
    total = sum(column_points(w) for w in widths)
    return max(10, min(100, int(printable * _WIDTH_SPARE / total * 100))) if total else 100


def fitted_scale(widths: Sequence[float], paper: str, *, landscape: bool = True) -> float:
    """The scale (percent) a sheet of columns ``widths`` set to "fit to the paper's width" prints at in
    the client that prints columns widest (LibreOffice), i.e. the size its 10 pt text shrinks to."""
    printable = PAPER_PT[paper][0 if landscape else 1] - 2 * MARGIN_SIDE_PT
    total = sum(column_points(w) for w in widths) * _CLIENT_WIDER
    return min(100.0, printable / total * 100) if total else 100.0


def body_height(paper: str, scale: int) -> float:
    """Height (sheet points at 100 %) one page holds at ``scale`` percent."""
    return (PAPER_PT[paper][1] - 2 * MARGIN_TB_PT) * _HEIGHT_SPARE * 100 / scale


def page_breaks(heights: Sequence[float], first_capacity: float, capacity: float,
                first_heights: Sequence[float] | None = None) -> list[int]:
    """Indexes (into ``heights``) of the rows that start a new page, filling each page greedily.

    ``first_capacity`` is the room on page 1 below the title and headings, ``capacity`` the room on
    later pages below the repeated headings. ``first_heights[i]`` is row i's height when it opens a
    page (it then carries its group's label again, which may need more room).
    """
    first_heights = first_heights or heights
    breaks: list[int] = []
    used, room = 0.0, first_capacity
    for i, h in enumerate(heights):
        if used and used + h > room:
            breaks.append(i)
            used, room, h = 0.0, capacity, first_heights[i]
        used += h
    return breaks
