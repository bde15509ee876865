"""Every output workbook of every bundled sample, printed: LibreOffice renders it to PDF and the text of
each page is checked.

- a 综合评分表 page that shows a 三级 indicator also shows its 一级 and 二级 label (a merged label
  that ran over a page break used to print only on the page where its merge started);
- the 测算项 pages print under the 测算项 headings, never under 表1-1's;
- each workbook prints on a bounded number of pages (blank forms no longer print their empty grids);
- every blank form xlkit generates prints its 10 pt text at 8 pt or larger once fitted to the paper's width.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from helpers import convert_all_with_soffice, convert_with_soffice

from xlkit.write.print_layout import MIN_SCALE, fitted_scale

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
FOLDERS = {"kashi": "kashi-medical-security-2024", "fukang": "fukang-major-medical-2024",
           "qu": "qu-county-medical-security-2023", "kashgar": "kashgar-social-insurance-2022"}
# Pages each workbook may take (measured: 13, 14, 15, 8, 5, 2; blank forms 3, 13, 6, 7, 11), with room
# for a client that lays text out a little differently. Before: the blank 问卷统计 took 15, 凭证台账 5.
# 指标体系 and 预决算 grew with the custom-system work: a 其他数据 sheet and a worked row per rule type in
# the 填表说明 (11 of the 17 pages), and four optional 预决算 sheets (人员, 支付进度, 绩效管理覆盖, 上年数据),
# one page each. The 指标体系 sheet (A3) printed its 19 columns at 50 %; it now prints the 12 columns of a
# report's 附件1 at 91 %, on 4 pages instead of 2 (19 in all). The blank 台账 no longer has a print area that
# ends above its 合计 row (rows typed below such an area did not print): its 合计 row, at the foot of the
# 200-row input grid, prints on a page of its own (4 pages in all).
MAX_PAGES = {"kashi": 16, "fukang": 17, "qu": 18, "kashgar": 10, "汇总": 8, "审核意见": 3,
             "凭证抽查台账": 4, "指标体系": 21, "问卷统计": 7, "预决算": 13, "绩效自评表": 12}
# The blank workbooks of the module's `outputs` (all rendered through LibreOffice there).
BLANK_KEYS = ("凭证抽查台账", "指标体系", "问卷统计", "预决算", "绩效自评表")


def pdftotext() -> str:
    """pdftotext (poppler-utils); like soffice, its absence fails under CI=true instead of skipping."""
    exe = shutil.which("pdftotext")
    if exe:
        return exe
    if os.environ.get("CI") == "true":
        pytest.fail("CI=true 但未安装 pdftotext（poppler-utils）")
    pytest.skip("pdftotext (poppler-utils) not installed")
    return ""


def pages(pdf: Path) -> list[str]:
    out = subprocess.run([pdftotext(), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, object]]:
    """name → (workbook, scoring result or None) for every output a sample folder yields."""
    import xlkit
    from xlkit.audit import audit
    from xlkit.bureau.batch import run_batch
    from xlkit.scoring.evaluation import score
    from xlkit.write.audit_writer import write_audit
    from xlkit.write.project import new_selfeval
    from xlkit.write.result_writer import write_result

    tmp = tmp_path_factory.mktemp("print")
    books: dict[str, tuple[Path, object]] = {}
    for key, name in FOLDERS.items():
        folder = tmp / "src" / name
        shutil.copytree(SAMPLES / name, folder)
        result = score(folder)
        books[key] = (write_result(result, tmp / f"{key}.xlsx"), result)
    root = tmp / "batch"
    for name in FOLDERS.values():
        shutil.copytree(SAMPLES / name, root / name)
    for i in range(3):
        shutil.copytree(SAMPLES / FOLDERS["kashi"], root / f"某某局{i}")
    run_batch(root, tmp / "汇总.xlsx", jobs=1)
    books["汇总"] = (tmp / "汇总.xlsx", None)
    books["审核意见"] = (write_audit(audit(tmp / "src" / FOLDERS["kashi"]), tmp / "审核意见.xlsx", title="kashi"), None)
    blank = tmp / "blank"
    xlkit.new_project(blank, eval_type="部门整体", unit="喀什市医疗保障局", year=2024)
    new_selfeval(blank, unit="阜康市医疗保障局", year=2024, project="2024年职工大额医疗补助项目")
    for book in blank.glob("*.xlsx"):
        books[book.stem] = (book, None)
    return books


@pytest.fixture(scope="module")
def pdfs(outputs: dict[str, tuple[Path, object]], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdf")
    keys = list(outputs)
    pdfs = convert_all_with_soffice([(outputs[key][0], out / key) for key in keys], "pdf", recalc=False)
    return dict(zip(keys, pdfs, strict=True))


@pytest.fixture(scope="module")
def printed(pdfs: dict[str, Path]) -> dict[str, list[str]]:
    return {key: pages(pdf) for key, pdf in pdfs.items()}


@pytest.fixture(scope="module")
def blanks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """"folder/workbook" → path for every blank form xlkit generates: the workbook set under each standard
    system and the empty one, a set whose system was imported from an evaluator's table (--from, which
    fills the 导入状态 column), the archive set (--blank), a 自评表 and a 基金收支 table."""
    from system_tables import write_xlsx

    import xlkit
    from xlkit.write.project import blank_set, new_fund_table, new_selfeval
    from xlkit.write.system_import import new_from_table

    tmp = tmp_path_factory.mktemp("blanks")
    unit = "喀什市医疗保障局"
    xlkit.new_project(tmp / "部门整体", eval_type="部门整体", unit=unit, year=2024)
    xlkit.new_project(tmp / "项目支出", eval_type="项目支出", unit="阜康市医疗保障局", year=2024,
                      project="2024年职工大额医疗补助项目")
    xlkit.new_project(tmp / "空白", eval_type="部门整体", unit=unit, year=2024, system="空白")
    new_selfeval(tmp / "自评", unit="阜康市医疗保障局", year=2024, project="2024年职工大额医疗补助项目")
    new_fund_table(tmp / "基金收支", unit="喀什地区", year=2022)
    blank_set(tmp / "归档")
    table = write_xlsx(tmp / "指标表.xlsx", ["一级指标", "二级指标", "三级指标", "分值", "评分标准"], [
        ["A决策（10分）", "A1项目立项", "A11立项依据充分性", "4", "立项依据充分得4分，每缺一项扣1分，扣完为止。"],
        ["A决策（10分）", "A1项目立项", "A12绩效目标合理性", "6", "酌情打分。"],
    ])
    new_from_table(tmp / "导入", table, eval_type="项目支出", unit=unit, year=2024, project="某项目")
    books = {f"{book.parent.name}/{book.stem}": book for book in sorted(tmp.glob("*/*.xlsx"))}
    assert {k.split("/")[0] for k in books} == {"部门整体", "项目支出", "空白", "自评", "基金收支", "归档", "导入"}
    return books


def _label(code: str, name: str) -> str:
    """A label as the printed cell starts (code and the first two characters of the name: a narrow
    column may wrap the rest onto the next line)."""
    return f"{code}{name[:2]}"


@pytest.mark.soffice
@pytest.mark.parametrize("key", ["kashi", "fukang"])
def test_every_score_page_names_the_groups_of_its_rows(outputs, printed, key: str) -> None:
    result = outputs[key][1]
    level = {lv.code: lv for lv in result.evaluation.levels}
    score_pages = [p for p in printed[key] if "一级指标" in p and "三级指标" in p and "扣分原因" in p]
    assert len(score_pages) >= 2, "the 综合评分表 of a sample runs over more than one page"
    seen = set()
    for n, text in enumerate(score_pages, 1):
        flat = re.sub(r"\s+", "", text)
        for ind in result.evaluation.indicators:
            if _label(ind.code, ind.name) not in flat:
                continue
            seen.add(ind.code)
            lv1, lv2 = level[ind.level1], level[ind.level2]
            assert _label(lv2.code, lv2.name) in flat, f"page {n}: {ind.code} without its 二级 {lv2.code}"
            assert _label(lv1.code, lv1.name) in flat, f"page {n}: {ind.code} without its 一级 {lv1.code}"
    assert seen == {i.code for i in result.evaluation.indicators}


@pytest.mark.soffice
@pytest.mark.parametrize("key", ["kashi", "fukang"])
def test_measure_pages_print_under_the_measure_headings(printed, key: str) -> None:
    texts = printed[key]
    start = next(i for i, p in enumerate(texts) if "测算项（绑定到指标的实际完成值）" in p)
    end = next(i for i, p in enumerate(texts) if "满意度问卷统计结果" in p or "校验结果" in p)
    assert end > start
    for i in range(start, end):
        assert all(h in texts[i] for h in ("测算项", "计算过程", "口径", "来源")), f"page {i + 1}"
        if i > start:  # 表1-1's heading row printed over the 测算项 ("100.00%" under 年初预算数); a measure's
            # own working may name 年初预算数 (支出预算调整率 = … ÷ 年初预算数), the heading row may not
            assert not re.search(r"年初预算数\s+全年预算数\s+决算数", texts[i]), f"page {i + 1}"


@pytest.mark.soffice
def test_page_counts_stay_within_bounds(printed) -> None:
    counts = {key: len(texts) for key, texts in printed.items()}
    assert set(counts) == set(MAX_PAGES)
    assert {k: n for k, n in counts.items() if n > MAX_PAGES[k]} == {}


def test_score_sheet_prints_at_a_readable_scale(outputs) -> None:
    """Printed at a fixed scale (fit-to-page would override the page breaks), never below 8 pt text."""
    for key in ("kashi", "fukang"):
        ws = openpyxl.load_workbook(outputs[key][0])["综合评分表"]
        assert not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.scale >= MIN_SCALE
        assert ws.row_breaks.brk, "xlkit chooses the page breaks"


def _printed_widths(ws) -> list[float]:
    """Widths (character units) of the columns inside the sheet's print area (all written columns without one)."""
    from openpyxl.utils import column_index_from_string, range_boundaries

    widths: dict[int, float] = {}
    for dim in ws.column_dimensions.values():
        if dim.width:
            lo = dim.min or column_index_from_string(dim.index)
            for c in range(lo, (dim.max or lo) + 1):
                widths[c] = dim.width
    if ws.print_area:
        first, _, last, _ = range_boundaries(ws.print_area.split("!")[-1].replace("$", ""))
    else:
        first, last = 1, max(widths)
    return [widths.get(c, 8.43) for c in range(first, last + 1)]


def test_every_blank_form_prints_at_a_readable_scale(blanks) -> None:
    """Fitted to the paper's width, a sheet's 10 pt text shrinks with the scale; the floor is 8 pt. The blank
    指标体系 grew to 19 columns (a screen-side 采用得分, 采用理由, 导入状态 among them) and printed at ~50 %."""
    low = {}
    for key, book in blanks.items():
        for ws in openpyxl.load_workbook(book).worksheets:
            if ws.sheet_state != "visible":
                continue
            assert ws.page_setup.fitToWidth in (None, 1) and ws.sheet_properties.pageSetUpPr.fitToPage, (key, ws.title)
            paper = {9: "A4", 8: "A3"}[int(ws.page_setup.paperSize)]
            scale = fitted_scale(_printed_widths(ws), paper, landscape=ws.page_setup.orientation == "landscape")
            if scale < MIN_SCALE:
                low[f"{key} › {ws.title}"] = round(scale)
    assert low == {}


def test_indicator_sheet_prints_the_columns_of_a_reports_annex(blanks) -> None:
    """The 评分规则 … 导入状态 columns serve the screen and xlkit; the page holds 指标编码 … 评价方法, with the
    title centred over them. The columns stay on screen (an --from import fills 导入状态)."""
    ws = openpyxl.load_workbook(blanks["导入/指标体系"])["指标体系"]
    header = [c.value for c in ws[3]]
    assert header[11:] == ["评价方法", "评分规则", "规则参数", "绑定测算项", "扣分原因", "采用得分", "采用理由", "导入状态"]
    assert ws.print_area.split("!")[-1] == "$A$1:$L$1048576"  # whole columns: rows a clerk adds print too
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:L1"}
    assert ws["S4"].value and ws["S4"].protection.locked is False  # 导入状态 filled, still editable on screen
    help_text = " ".join(str(c.value) for row in openpyxl.load_workbook(blanks["导入/指标体系"])["填表说明"].iter_rows()
                         for c in row if c.value)
    assert "“评分规则”至“导入状态”各栏供屏幕填写和 xlkit 计算使用，不打印" in help_text


_CJK_WORD = re.compile(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([\u4e00-\u9fff]{2,})</word>')


def printed_text_points(pdf: Path) -> list[float]:
    """Per page, the size (pt) the smallest text prints at: a CJK ideograph is one em wide, so a word of n
    ideographs w pt wide is set in w/n pt type."""
    out = subprocess.run([pdftotext(), "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    sizes = []
    for page in out.split("<page ")[1:]:
        words = [(float(x1) - float(x0)) / len(w) for x0, x1, w in _CJK_WORD.findall(page)]
        sizes.append(min(words) if words else 99.0)
    return sizes


@pytest.mark.soffice
def test_every_blank_form_prints_text_of_8pt_or_more(blanks, pdfs, tmp_path_factory) -> None:
    """Measured on LibreOffice's PDF: the smallest Chinese text of every page of every blank form ≥ 8 pt."""
    out = tmp_path_factory.mktemp("blank-pdf")
    rendered = {key: pdfs[key] for key in BLANK_KEYS}  # the 部门整体 set and the 自评表, rendered above
    more = ("项目支出/指标体系", "空白/指标体系", "导入/指标体系", "基金收支/基金收支")
    jobs = [(blanks[key], out / key.replace("/", "-")) for key in more]
    rendered.update(zip(more, convert_all_with_soffice(jobs, "pdf", recalc=False), strict=True))
    small = {}
    for key, pdf in rendered.items():
        sizes = printed_text_points(pdf)
        assert len(sizes) >= 2 and min(sizes) > 5, key  # text was found
        small.update({f"{key} p{n}": round(pt, 2) for n, pt in enumerate(sizes, 1) if pt < 7.95})
    assert small == {}


def test_filling_a_resaved_template_keeps_the_indicator_print_area(blanks, tmp_path: Path) -> None:
    """Excel and LibreOffice re-save the area as $A:$L, which openpyxl drops on load; fill_workbook (openpyxl)
    sets it again from the spec, so a template a clerk opened and saved still prints only A–L."""
    import warnings
    import zipfile

    from xlkit.spec.templates import workbook_spec
    from xlkit.write.fill import fill_workbook

    resaved = tmp_path / "指标体系.xlsx"
    with zipfile.ZipFile(blanks["部门整体/指标体系"]) as src, zipfile.ZipFile(resaved, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/workbook.xml":
                data = data.decode("utf-8").replace("'指标体系'!$A$1:$L$1048576", "指标体系!$A:$L").encode("utf-8")
                assert b"!$A:$L" in data
            dst.writestr(item, data)
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        assert not openpyxl.load_workbook(resaved)["指标体系"].print_area  # what openpyxl alone keeps
    spec = workbook_spec("indicators")
    out = fill_workbook(resaved, spec, tmp_path / "out.xlsx", forms={"info": {"unit": "喀什市医疗保障局"}})
    assert openpyxl.load_workbook(out)["指标体系"].print_area.split("!")[-1] == "$A$1:$L$1048576"


# (workbook, sheet) of blank forms whose grid a clerk extends: a plain one with a 合计 row, one whose rows
# carry a formula, the 预决算 table with formulas and a 合计 row, and the 指标体系 with screen-only columns.
EXTENDED = [("凭证抽查台账", "台账"), ("问卷统计", "选项"), ("预决算", "项目"), ("指标体系", "指标体系")]


@pytest.mark.soffice
@pytest.mark.parametrize(("book", "sheet"), EXTENDED)
def test_rows_typed_below_the_bordered_rows_all_print(blanks, tmp_path, book: str, sheet: str) -> None:
    """A blank form borders what is filled plus a few empty rows and prints nothing below them, yet every row
    a clerk types further down prints (a print area fixed at those rows left them off the paper), on the
    printed columns only."""
    from openpyxl.utils import get_column_letter

    from xlkit.spec.templates import workbook_specs

    spec = next(s for w in workbook_specs().values() for s in w.sheets if s.name == sheet)
    src = blanks[f"部门整体/{book}"]
    wb = openpyxl.load_workbook(src)
    ws = wb[sheet]
    header = [c.value for c in ws[3]]
    assert header == [c.header for c in spec.columns]
    # The first row without borders: nothing on it or below it prints until something is typed there.
    open_row = next(r for r in range(4, 4 + spec.rows) if ws.cell(r, 1).border.left.style is None)
    assert ws.cell(open_row, 1).protection.locked is False, "the open rows stay unlocked for typing"
    assert any(ws.cell(open_row, c).coordinate in dv.sqref for dv in ws.data_validations.dataValidation
               for c in range(1, len(header) + 1)), "and validated"
    first = next(r for r in range(4, open_row) if all(ws.cell(r, c).value is None for c in range(1, 3)))
    typed = list(range(first, open_row + 25))
    printed_cols = len(spec.printed_columns)
    for i, r in enumerate(typed):  # a clerk types a value in every input column of the row
        for c, col in enumerate(spec.columns, 1):
            if not col.formula:
                ws.cell(r, c, f"x{i}y{c}" if c <= printed_cols else f"scr{i}")
    filled = tmp_path / f"{book}.xlsx"
    wb.save(filled)
    # A print area over whole columns survives openpyxl (fill_workbook) as it survives Excel and LibreOffice.
    assert openpyxl.load_workbook(filled)[sheet].print_area == ws.print_area
    assert (not ws.print_area) == (printed_cols == len(spec.columns))
    texts = pages(convert_with_soffice(filled, tmp_path / "pdf", "pdf", recalc=False))
    flat = " ".join(texts)
    # The second column and the last printed input one (the first may be too narrow to show the whole marker).
    last_input = max(c for c, col in enumerate(spec.printed_columns, 1) if not col.formula)
    shown = {(int(i), int(c)) for i, c in re.findall(r"\bx(\d+)y(\d+)\b", flat)}
    missing = [r for i, r in enumerate(typed) if not {(i, 2), (i, last_input)} <= shown]
    assert missing == [], f"{sheet}: typed rows missing on paper (rows from {open_row} were not bordered)"
    assert not re.search(r"\bscr\d+", flat) and max(c for _, c in shown) == last_input, f"{sheet}: a screen-only column printed"
    # The last typed row is bordered on screen and paper by the conditional format.
    last = get_column_letter(len(spec.columns))
    rules = [rule for rng in ws.conditional_formatting for rule in rng.rules
             if f"A{open_row}:{last}" in str(rng.sqref)]
    assert rules and rules[0].dxf.border is not None


def test_no_blank_form_bounds_its_printed_rows(blanks) -> None:
    """Every table sheet of every blank form: no print area that stops at a row (whole columns, or none when
    every column prints), and nothing below the bordered rows that would print an empty grid (a border, a
    fill, a formula) while a conditional format stands ready to border the rows a clerk types there."""
    from xlkit.spec.templates import all_workbook_specs
    from xlkit.write.writer import PRINT_BLANK_ROWS

    specs = {s.name: s for w in all_workbook_specs().values() for s in w.sheets if s.layout == "table"}
    seen = 0
    for key, book in blanks.items():
        for ws in openpyxl.load_workbook(book).worksheets:
            spec = specs.get(ws.title)
            if spec is None or ws.sheet_state != "visible":
                continue
            where = f"{key} › {ws.title}"
            width = len(spec.columns)
            if len(spec.printed_columns) < width:
                last = openpyxl.utils.get_column_letter(len(spec.printed_columns))
                assert ws.print_area.split("!")[-1] == f"$A$1:${last}$1048576", where
            else:
                assert not ws.print_area, where
            rows = range(4, 4 + spec.rows)
            bordered = [r for r in rows if ws.cell(r, 1).border.left.style]
            assert bordered == list(range(4, 4 + len(bordered))), where
            assert len(bordered) >= min(PRINT_BLANK_ROWS, spec.rows), where
            # Below: the rest of the input grid (unlocked cells), unless a short grid (基金收支: 12 rows) or
            # a pre-filled one (an archived system) is bordered to its end.
            grid_end = max(r for r in range(4, 4 + spec.rows + 200) if ws.cell(r, 1).protection.locked is False)
            below = [ws.cell(r, c) for r in range(4 + len(bordered), grid_end + 1) for c in range(1, width + 1)]
            if not below:
                continue
            seen += 1
            assert not [c.coordinate for c in below if c.value is not None or c.border.left.style
                        or c.fill.fgColor.rgb not in (None, "00000000")], where
            assert all(c.protection.locked is False for c in below
                       if not spec.columns[c.column - 1].formula), f"{where}: open rows stay unlocked"
            open_rows = f"A{4 + len(bordered)}:{openpyxl.utils.get_column_letter(width)}{grid_end}"
            assert any(str(rng.sqref) == open_rows for rng in ws.conditional_formatting), where
    assert seen >= 20, "most blank table sheets have open rows below the bordered ones"
