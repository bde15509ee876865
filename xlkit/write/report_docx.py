"""Render a ``ReportDocument`` (xlkit.write.report_model) as a Word file with python-docx.

Typesetting follows the government document format the published reports use (GB/T 9704):
A4 with 37/35/28/26 mm margins, the title in 方正小标宋, 一、 headings in 黑体, （一） in 楷体,
1. in bold 仿宋 and body text in 仿宋 三号 with a fixed 28 pt line, first lines indented two
characters; page numbers "— 1 —" in the footer as a PAGE field (the cover has none). Tables:
caption above ("表1-1 …"), the unit line on the right, a header row that repeats on each page and
rows that never split across pages; the wide 附件1 sits in a landscape section.

Chinese font names go into ``w:eastAsia`` (python-docx's ``font.name`` sets only the Latin
slots), so Word and WPS pick 仿宋/黑体/楷体; the Latin slots get Times New Roman for digits.
方正小标宋简体 is not shipped with Windows: the font table names 宋体 as its alternative.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from xlkit.write.files import atomic_output
from xlkit.write.report_model import (
    Heading,
    PageBreak,
    Paragraph,
    ReportDocument,
    Section,
    Table,
    build_report,
)

if TYPE_CHECKING:
    from xlkit.scoring.evaluation import Result

__all__ = ["write_report", "default_name", "write_docx", "render", "FONTS", "REPORT_FILE", "SELF_REPORT_FILE"]

REPORT_FILE = "评价报告.docx"
SELF_REPORT_FILE = "自评报告.docx"

FONTS = {"title": "方正小标宋简体", "h1": "黑体", "h2": "楷体", "body": "仿宋", "latin": "Times New Roman"}
TITLE_FALLBACK = "宋体"
BODY_PT = 16  # 三号
TABLE_PT = 10  # a little under 五号, so 100.00% fits a narrow column
LINE_PT = 28  # 22 lines a page, as GB/T 9704 sets it
A4 = (Mm(210), Mm(297))
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}


def _fonts(run: Any, east_asia: str, size: float | None = None, bold: bool | None = None) -> None:
    run.font.name = FONTS["latin"]
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold


def _spacing(par: Any, *, line: float | None = LINE_PT, before: float = 0, after: float = 0,
             indent: bool = False) -> None:
    fmt = par.paragraph_format
    if line is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(line)
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if indent:
        fmt.first_line_indent = Pt(BODY_PT * 2)


def _page(section: Any, landscape: bool = False) -> None:
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    if landscape:  # the binding edge stays on the left of the text as it is read
        section.top_margin, section.bottom_margin = MARGINS["left"], MARGINS["right"]
        section.left_margin, section.right_margin = MARGINS["top"], MARGINS["bottom"]
    else:
        section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
        section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.footer_distance = Mm(18)


def _page_number(footer: Any) -> None:
    """"— n —" with n a PAGE field, so Word, WPS and LibreOffice number the pages themselves."""
    par = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(par.add_run("— "), "宋体", 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = par.add_run()
        _fonts(run, "宋体", 14)
        if kind is not None:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._element.append(el)
        elif text == " PAGE ":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
            run._element.append(el)
        else:
            run.text = text or ""
    _fonts(par.add_run(" —"), "宋体", 14)


def _title_font_fallback(doc: Any) -> None:
    """Name 宋体 as the alternative of 方正小标宋简体 in the font table (Word substitutes by it)."""
    try:
        font_part = next(p for p in doc.part.package.iter_parts() if str(p.partname).endswith("/fontTable.xml"))
    except StopIteration:
        return
    from lxml import etree

    root = etree.fromstring(font_part.blob)
    font = etree.SubElement(root, qn("w:font"))
    font.set(qn("w:name"), FONTS["title"])
    alt = etree.SubElement(font, qn("w:altName"))
    alt.set(qn("w:val"), TITLE_FALLBACK)
    charset = etree.SubElement(font, qn("w:charset"))
    charset.set(qn("w:val"), "86")
    family = etree.SubElement(font, qn("w:family"))
    family.set(qn("w:val"), "script")
    font_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _defaults(doc: Any) -> None:
    style = doc.styles["Normal"]
    style.font.name = FONTS["latin"]
    style.font.size = Pt(BODY_PT)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), FONTS["body"])
    style.paragraph_format.space_after = Pt(0)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)


def _heading(doc: Any, block: Heading) -> None:
    par = doc.add_paragraph()
    par.paragraph_format.keep_with_next = True
    font, bold = {1: (FONTS["h1"], False), 2: (FONTS["h2"], False), 3: (FONTS["body"], True),
                  4: (FONTS["body"], False)}[block.level]
    _spacing(par, indent=True)
    _fonts(par.add_run(block.text), font, BODY_PT, bold)
    # outline levels let Word's navigation pane and a table of contents find the headings
    ppr = par._element.get_or_add_pPr()
    lvl = OxmlElement("w:outlineLvl")
    lvl.set(qn("w:val"), str(block.level - 1))
    ppr.append(lvl)


def _annex_heading(doc: Any, text: str) -> None:
    """An unnumbered heading (报告摘要, 附件1 …): centred 黑体."""
    par = doc.add_paragraph()
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    par.paragraph_format.keep_with_next = True
    _spacing(par, after=6)
    _fonts(par.add_run(text), FONTS["h1"], BODY_PT)


def _paragraph(doc: Any, block: Paragraph) -> None:
    par = doc.add_paragraph()
    if block.kind == "note":
        _spacing(par, line=None, after=6)
        _fonts(par.add_run(block.text), FONTS["body"], 12)
        return
    _spacing(par, indent=True)
    run = par.add_run(block.text)
    if block.kind == "placeholder":
        _fonts(run, FONTS["h2"], BODY_PT)
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    else:
        _fonts(run, FONTS["body"], BODY_PT)


def _row_flags(row: Any, header: bool) -> None:
    trpr = row._tr.get_or_add_trPr()
    cant = OxmlElement("w:cantSplit")
    trpr.append(cant)
    if header:
        hdr = OxmlElement("w:tblHeader")
        trpr.append(hdr)


def _cell(cell: Any, text: str, *, bold: bool = False, align: Any = WD_ALIGN_PARAGRAPH.CENTER) -> None:
    par = cell.paragraphs[0]
    par.alignment = align
    _spacing(par, line=None)
    par.paragraph_format.line_spacing = 1.0
    _fonts(par.add_run(text), FONTS["h1"] if bold else FONTS["body"], TABLE_PT)


def _cell_margins(table: Any, side: Any) -> None:
    """1 mm left and right instead of Word's 1.9 mm, so "100.00%" fits a narrow column."""
    tblpr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(int(side.twips)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    look = tblpr.find(qn("w:tblLook"))  # the schema puts tblCellMar before tblLook
    if look is not None:
        look.addprevious(mar)
    else:
        tblpr.append(mar)


def _spans(table: Table, col: int) -> list[tuple[int, int]]:
    """Runs of equal values down ``col`` (totals rows never join a run)."""
    out, start = [], 0
    rows = table.rows
    for r in range(1, len(rows) + 1):
        ends = (r == len(rows) or rows[r][col] != rows[start][col] or r in table.total_rows
                or start in table.total_rows or not rows[start][col]
                or any(rows[r][c] != rows[start][c] for c in table.merge_columns if c < col))
        if ends:
            if r - start > 1:
                out.append((start, r - 1))
            start = r
    return out


def _table(doc: Any, block: Table, width_mm: float) -> None:
    cap = doc.add_paragraph()
    cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cap.paragraph_format.keep_with_next = True
    _spacing(cap, line=None, before=6, after=3)
    _fonts(cap.add_run(block.caption), FONTS["h1"], 12)
    if block.unit:
        unit = doc.add_paragraph()
        unit.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        unit.paragraph_format.keep_with_next = True
        _spacing(unit, line=None, after=2)
        _fonts(unit.add_run(block.unit), FONTS["body"], TABLE_PT)
    ncols = len(block.header)
    t = doc.add_table(rows=1 + len(block.rows), cols=ncols)
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    _cell_margins(t, Mm(1))
    weights = list(block.widths) if len(block.widths) == ncols else [1.0] * ncols
    total = sum(weights)
    widths = [Mm(width_mm * w / total) for w in weights]
    # Each row's cells taken once: python-docx's table.cell(r, c) walks the whole table on every call,
    # which made a 100-row table cost seconds.
    cells = [row.cells for row in t.rows]
    for c, h in enumerate(block.header):
        _cell(cells[0][c], h, bold=True)
    _row_flags(t.rows[0], header=True)
    merged = {c: _spans(block, c) for c in block.merge_columns}
    hidden = {(r, c) for c, spans in merged.items() for a, b in spans for r in range(a + 1, b + 1)}
    for r, row in enumerate(block.rows):
        bold = r in block.total_rows
        for c, value in enumerate(row):
            if (r, c) in hidden:
                continue
            align = WD_ALIGN_PARAGRAPH.LEFT if c in block.left_columns and not bold else WD_ALIGN_PARAGRAPH.CENTER
            _cell(cells[r + 1][c], value, bold=bold, align=align)
        _row_flags(t.rows[r + 1], header=False)
    for c, spans in merged.items():
        for a, b in spans:
            cells[a + 1][c].merge(cells[b + 1][c])
    # LibreOffice lays a table out by its grid, Word by the cells: set both.
    for c, column in enumerate(t.columns):
        column.width = widths[c]
    for row in t.rows:
        for c, cell in enumerate(row.cells):
            cell.width = widths[c]
    # A paragraph after the table keeps the next caption from touching it.
    gap = doc.add_paragraph()
    _spacing(gap, line=None)
    gap.paragraph_format.space_after = Pt(0)
    _fonts(gap.add_run(""), FONTS["body"], 6)


def _text_width_mm(section: Any) -> float:
    return float((section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)) / Mm(1)


def _restart_numbering(section: Any, restart: bool) -> None:
    sect = section._sectPr
    for old in sect.findall(qn("w:pgNumType")):
        sect.remove(old)
    if restart:
        start = OxmlElement("w:pgNumType")
        start.set(qn("w:start"), "1")
        cols = sect.find(qn("w:cols"))  # the schema puts pgNumType before cols
        if cols is not None:
            cols.addprevious(start)
        else:
            sect.append(start)


def _cover(doc: Any, report: ReportDocument) -> None:
    for _ in range(4):
        _spacing(doc.add_paragraph())
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _spacing(title, line=40)
    _fonts(title.add_run(report.title), FONTS["title"], 22)
    if report.subtitle:
        sub = doc.add_paragraph()
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(sub, before=6)
        _fonts(sub.add_run(report.subtitle), FONTS["h2"], BODY_PT)
    for _ in range(5):
        _spacing(doc.add_paragraph())
    for label, value in report.cover:
        par = doc.add_paragraph()
        par.paragraph_format.left_indent = Mm(30)
        _spacing(par, line=36)
        _fonts(par.add_run(f"{label}：{value}"), FONTS["body"], BODY_PT)


def render(report: ReportDocument) -> Any:
    """The python-docx ``Document`` for ``report``."""
    doc = Document()
    _defaults(doc)
    _title_font_fallback(doc)
    doc.core_properties.title = report.title
    doc.core_properties.comments = "xlkit"
    cover = doc.sections[0]
    _page(cover)
    _cover(doc, report)
    body = doc.add_section(WD_SECTION.NEW_PAGE)  # the cover carries no page number; the body starts at 1
    _page(body)
    body.footer.is_linked_to_previous = False
    _page_number(body.footer)
    _restart_numbering(body, True)
    for block in report.blocks:
        if isinstance(block, Heading) and block.level == 0:
            _annex_heading(doc, block.text)
        elif isinstance(block, Heading):
            _heading(doc, block)
        elif isinstance(block, Paragraph):
            _paragraph(doc, block)
        elif isinstance(block, Table):
            _table(doc, block, _text_width_mm(doc.sections[-1]))
        elif isinstance(block, Section):
            new = doc.add_section(WD_SECTION.NEW_PAGE)
            _page(new, block.landscape)
            _restart_numbering(new, False)  # a new section copies the last one's settings
        elif isinstance(block, PageBreak):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    return doc


def write_docx(report: ReportDocument, path: str | Path, *, force: bool = False) -> Path:
    """Write ``report`` to ``path`` atomically; an existing file needs ``force``."""
    path = Path(path)
    doc = render(report)
    with atomic_output(path, force=force) as tmp:
        doc.save(str(tmp))
    return path


def default_name(result: Result) -> str:
    """评价报告.docx, or 自评报告.docx for a folder of 自评表 alone."""
    return REPORT_FILE if result.evaluation is not None else SELF_REPORT_FILE


def write_report(result: Result, path: str | Path, *, force: bool = False) -> Path:
    """The 评价报告 draft of a scored folder (``xlkit.score``) as a .docx at ``path``."""
    return write_docx(build_report(result), path, force=force)
