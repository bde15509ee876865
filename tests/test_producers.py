"""Differential corpus: every sample workbook as other software writes it reads as openpyxl reads it.

The samples are written by xlsxwriter in Excel's own form. Real submissions come from WPS (rich
shared strings with phonetic runs), the .NET Open XML SDK (every element prefixed ``x:``), streaming
exporters (rows and cells without ``r=`` addresses), Python scripts re-serialising the parts with
ElementTree (``ns0:``/``s:`` prefixes everywhere, ``[Content_Types].xml`` included), openpyxl and
LibreOffice re-saves, and hand-edited XML (comments, processing instructions, CDATA, character
references). Each producer's rewrite of each sample must give, through the default reader, exactly
what openpyxl gives cell for cell, the same records and issues, and the sample's published totals
(喀什医保 2024: 92.90; 阜康 2024: 93.50).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pytest
from helpers import convert_all_with_soffice
from test_backends import assert_same_cells, check_both

from xlkit import score
from xlkit.read import safety
from xlkit.read.xml_book import XmlBook

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TOTALS = {"kashi-medical-security-2024": "92.90", "fukang-major-medical-2024": "93.50"}
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
M = "{" + MAIN + "}"

Change = Callable[[str, bytes], bytes]


def rezip(src: Path, dst: Path, change: Change) -> Path:
    dst.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.endswith((".xml", ".rels")):
                data = change(info.filename, data)
            zout.writestr(info.filename, data)
    return dst


def is_sheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


def _serialise(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


# ---- producers -----------------------------------------------------------------------------------

def elementtree_script(name: str, data: bytes) -> bytes:
    """A script that parses every part and writes it back with ElementTree: every element prefixed."""
    return _serialise(ET.fromstring(data))


def dotnet_sdk(name: str, data: bytes) -> bytes:
    """The Open XML SDK's form: SpreadsheetML elements carry the ``x:`` prefix."""
    if not (is_sheet(name) or name in ("xl/workbook.xml", "xl/sharedStrings.xml", "xl/styles.xml")):
        return data
    text = _serialise(ET.fromstring(data)).decode("utf-8")
    prefix = re.search(r'xmlns:(\w+)="' + re.escape(MAIN) + '"', text)
    assert prefix is not None
    p = prefix.group(1)
    text = re.sub(rf"<(/?){p}:", r"<\1x:", text).replace(f"xmlns:{p}=", "xmlns:x=")
    assert "<x:" in text
    return text.encode("utf-8")


def wps_rich_strings(name: str, data: bytes) -> bytes:
    """WPS-like shared strings: each split into two formatted runs, with a phonetic run and its properties."""
    if name != "xl/sharedStrings.xml":
        return data
    root = ET.fromstring(data)
    for si in root.iter(M + "si"):
        t = si.find(M + "t")
        if t is None or not t.text or len(t.text) < 2:
            continue
        text = t.text
        si.remove(t)
        half = len(text) // 2
        for i, piece in enumerate((text[:half], text[half:])):
            r = ET.SubElement(si, M + "r")
            rpr = ET.SubElement(r, M + "rPr")
            if i == 0:
                ET.SubElement(rpr, M + "b")
            ET.SubElement(rpr, M + "sz", val="11")
            ET.SubElement(rpr, M + "rFont", val="宋体")
            run = ET.SubElement(r, M + "t")
            run.text = piece
            if piece != piece.strip():
                run.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        ph = ET.SubElement(si, M + "rPh", sb="0", eb="1")
        ET.SubElement(ph, M + "t").text = "よみ"
        ET.SubElement(si, M + "phoneticPr", fontId="1", type="noConversion")
    return _serialise(root)


def streaming_without_addresses(name: str, data: bytes) -> bytes:
    """A streaming exporter: no ``r=`` on rows or cells; gaps written as empty rows and cells."""
    if not is_sheet(name):
        return data
    root = ET.fromstring(data)
    sheet_data = root.find(M + "sheetData")
    assert sheet_data is not None
    rows = list(sheet_data)
    for row in rows:
        sheet_data.remove(row)
    expected = 1
    for row in rows:
        number = int(row.attrib.pop("r"))
        row.attrib.pop("spans", None)
        while expected < number:
            ET.SubElement(sheet_data, M + "row")
            expected += 1
        cells = list(row)
        for c in cells:
            row.remove(c)
        column = 1
        for c in cells:
            letters = re.match(r"[A-Z]+", c.attrib.pop("r"))
            assert letters is not None
            target = openpyxl.utils.column_index_from_string(letters.group(0))
            while column < target:
                ET.SubElement(row, M + "c")
                column += 1
            row.append(c)
            column += 1
        sheet_data.append(row)
        expected = number + 1
    return _serialise(root)


def hand_edited(name: str, data: bytes) -> bytes:
    """Comments (one hiding a cell), processing instructions, CDATA and character references."""
    text = data.decode("utf-8")
    if is_sheet(name):
        # The first digit of every value as a character reference, the rest after a comment.
        text = re.sub(r"<v>([0-9.]+)</v>",
                      lambda m: "<v>" + "".join(f"&#{ord(ch)};" for ch in m.group(1)[:1]) + "<!-- c -->"
                      + m.group(1)[1:] + "</v>", text)
        text = text.replace("</sheetData>", '<!-- <c r="D12"><v>1</v></c> --><?editor note?></sheetData>', 1)
        text = re.sub(r"<row\b", r"<!-- row --><row", text)
    elif name == "xl/sharedStrings.xml":
        count = [0]

        def rewrite(m: re.Match[str]) -> str:
            plain = html.unescape(m.group(2))
            count[0] += 1
            if count[0] % 2 and plain and "]]>" not in plain:
                return f"{m.group(1)}<![CDATA[{plain}]]>{m.group(3)}"
            # Every other string: its non-ASCII characters as numeric references.
            refs = "".join(f"&#x{ord(ch):x};" if ord(ch) > 127 else html.escape(ch, quote=False) for ch in plain)
            return f"{m.group(1)}{refs}{m.group(3)}"

        text = re.sub(r"(<t(?:\s[^>]*)?>)([^<]*)(</t>)", rewrite, text)
        assert "<![CDATA[" in text
    elif name == "xl/workbook.xml":
        text = text.replace("<sheets>", "<!-- sheets --><sheets>", 1)
    return text.encode("utf-8")


PRODUCERS: dict[str, Change] = {
    "ElementTree script": elementtree_script,
    ".NET SDK prefixes": dotnet_sdk,
    "WPS rich strings": wps_rich_strings,
    "streaming without addresses": streaming_without_addresses,
    "hand-edited XML": hand_edited,
}
SAMPLE_DIRS = sorted(p for p in SAMPLES.iterdir() if p.is_dir())


def produce(folder: Path, out: Path, change: Change) -> Path:
    for path in sorted(folder.glob("*.xlsx")):
        rezip(path, out / path.name, change)
    return out


def openpyxl_resave(folder: Path, out: Path) -> Path:
    out.mkdir(parents=True)
    for path in sorted(folder.glob("*.xlsx")):
        wb = openpyxl.load_workbook(path)
        wb.save(out / path.name)
    return out


def assert_totals(folder: Path, sample: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if sample not in TOTALS:
        return
    for backend in ("auto", "openpyxl"):
        monkeypatch.setenv("XLKIT_READER", backend)
        evaluation = score(folder).evaluation
        assert evaluation is not None and str(evaluation.total) == TOTALS[sample], (backend, sample)


@pytest.mark.parametrize("producer", sorted(PRODUCERS))
@pytest.mark.parametrize("sample", [p.name for p in SAMPLE_DIRS])
def test_every_sample_as_each_producer_writes_it(sample: str, producer: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    folder = produce(SAMPLES / sample, tmp_path / sample, PRODUCERS[producer])
    for path in sorted(folder.glob("*.xlsx")):
        safety.preflight(path)  # the container passes as it is
        assert_same_cells(path)
    if sample in TOTALS:
        check_both(folder, monkeypatch)
    assert_totals(folder, sample, monkeypatch)


@pytest.mark.parametrize("sample", sorted(TOTALS))
def test_openpyxl_resave(sample: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = openpyxl_resave(SAMPLES / sample, tmp_path / sample)
    for path in sorted(folder.glob("*.xlsx")):
        assert_same_cells(path)
    check_both(folder, monkeypatch)
    assert_totals(folder, sample, monkeypatch)


def test_libreoffice_resave_scores_as_published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sample = "kashi-medical-security-2024"
    folder = tmp_path / sample
    convert_all_with_soffice([(path, folder) for path in sorted((SAMPLES / sample).glob("*.xlsx"))])
    assert_totals(folder, sample, monkeypatch)


# ---- the issue's own cases ------------------------------------------------------------------------

def test_a_commented_out_cell_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reported case: a comment holding a cell of 支出 before </sheetData> changed 决算数 to 1.00."""
    sample = "kashi-medical-security-2024"
    folder = tmp_path / sample
    for path in sorted((SAMPLES / sample).glob("*.xlsx")):
        rezip(path, folder / path.name, lambda n, d: d.replace(
            b"</sheetData>", b'<!-- <c r="D12"><v>1</v></c> --></sheetData>') if is_sheet(n) else d)
    wb = XmlBook(folder / "预决算.xlsx", lambda: pytest.fail("fell back to openpyxl"))
    try:
        assert wb["支出"].cell(12, 4).value == 498.46
    finally:
        wb.close()
    assert_totals(folder, sample, monkeypatch)


def test_value_kinds_and_the_1904_calendar(tmp_path: Path) -> None:
    """Booleans, errors, ISO dates (t="d"), shared formulas with cached values, inline rich strings
    with phonetic runs, dates under the 1904 calendar: all as openpyxl reads them."""
    import xlsxwriter

    src = tmp_path / "kinds.xlsx"
    wb = xlsxwriter.Workbook(src, {"date_1904": True})
    ws = wb.add_worksheet("表")
    ws.write_datetime("A1", dt.datetime(2024, 3, 31), wb.add_format({"num_format": "yyyy-mm-dd"}))
    ws.write_boolean("A2", True)
    ws.write_formula("A3", "=1/0", None, "#DIV/0!")
    ws.write_number("A4", 1.5)
    ws.write_number("A5", 2.5)
    ws.write_formula("B4", "=A4*2", None, 3)
    ws.write_formula("B5", "=A5*2", None, 5)
    ws.write_string("A6", "placeholder")
    ws.write_number("A7", 0.9531, wb.add_format({"num_format": "0.00%"}))
    wb.close()

    def change(name: str, data: bytes) -> bytes:
        if not is_sheet(name):
            return data
        text = data.decode("utf-8")
        text = re.sub(r'<c r="A6"([^>]*?) t="s"><v>\d+</v></c>',
                      '<c r="A6"\\1 t="inlineStr"><is><r><t>行</t></r><r><rPr><b/></rPr><t xml:space="preserve"> 内</t></r>'
                      '<rPh sb="0" eb="1"><t>ぎょう</t></rPh></is></c>', text)
        text = re.sub(r"<c r=\"A8\".*?</c>", "", text)
        text = text.replace("</sheetData>", '<row r="8"><c r="A8" t="d"><v>2024-12-31T00:00:00</v></c></row></sheetData>')
        text = re.sub(r"<f>A4\*2</f>", '<f t="shared" ref="B4:B5" si="0">A4*2</f>', text)
        return re.sub(r"<f>A5\*2</f>", '<f t="shared" si="0"/>', text).encode("utf-8")

    path = rezip(src, tmp_path / "out" / "kinds.xlsx", change)
    assert_same_cells(path)
    fast = XmlBook(path, lambda: pytest.fail("fell back to openpyxl"))
    try:
        sheet = fast["表"]
        assert sheet.cell(1, 1).value == dt.datetime(2024, 3, 31)
        assert fast._epoch.year == 1904
        assert sheet.cell(2, 1).value is True
        assert (sheet.cell(3, 1).value, sheet.cell(3, 1).data_type) == ("=1/0", "f")
        assert sheet.cell(5, 2).value == "=A5*2"
        assert sheet.cell(6, 1).value == "行 内"
        assert sheet.cell(7, 1).number_format == "0.00%"
        assert sheet.cell(8, 1).value == dt.datetime(2024, 12, 31)
    finally:
        fast.close()


def test_styles_read_as_openpyxl_reads_them(tmp_path: Path) -> None:
    """A conditional format's own numFmt reusing an id, a raw ">" in a format code, and a relationship
    target written as ``../xl/styles.xml``: every cell keeps openpyxl's number format."""
    import xlsxwriter

    src = tmp_path / "styles.xlsx"
    wb = xlsxwriter.Workbook(src)
    ws = wb.add_worksheet("表")
    ws.write_number("A1", 1234.5, wb.add_format({"num_format": "0.000"}))
    ws.write_number("A2", 45000, wb.add_format({"num_format": "yyyy/mm/dd"}))
    ws.write_number("A3", 0.9531, wb.add_format({"num_format": "0.00%"}))
    wb.close()

    def change(name: str, data: bytes) -> bytes:
        text = data.decode("utf-8")
        if name == "xl/styles.xml":
            ids = re.findall(r'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"', text)
            assert ids
            fid = ids[0][0]
            dxf = f'<dxf><numFmt numFmtId="{fid}" formatCode="@"/></dxf>'
            text = re.sub(r"<dxfs count=\"\d+\"\s*/>", f'<dxfs count="1">{dxf}</dxfs>', text) \
                if "<dxfs" in text else text.replace("</styleSheet>", f'<dxfs count="1">{dxf}</dxfs></styleSheet>')
            # A format code with a raw ">" (legal in an attribute value).
            text = text.replace(f'numFmtId="{fid}" formatCode="', f'numFmtId="{fid}" formatCode="[>=100]0.00;', 1)
        elif name == "xl/_rels/workbook.xml.rels":
            text = text.replace('Target="styles.xml"', 'Target="../xl/styles.xml"')
            assert "../xl/styles.xml" in text
        return text.encode("utf-8")

    path = rezip(src, tmp_path / "out" / "styles.xlsx", change)
    assert_same_cells(path)
    fast = XmlBook(path, lambda: pytest.fail("fell back to openpyxl"))
    try:
        assert fast["表"].cell(1, 1).number_format == "[>=100]0.00;0.000"
        assert fast["表"].cell(3, 1).number_format == "0.00%"
    finally:
        fast.close()


def test_prefixed_content_types_pass_the_preflight(tmp_path: Path) -> None:
    src = SAMPLES / "kashi-medical-security-2024" / "指标体系.xlsx"
    path = rezip(src, tmp_path / "指标体系.xlsx",
                 lambda n, d: elementtree_script(n, d) if n == "[Content_Types].xml" else d)
    with zipfile.ZipFile(path) as zf:
        assert zf.read("[Content_Types].xml").startswith(b"<?xml") and b"<ns0:Types" in zf.read("[Content_Types].xml")
    safety.preflight(path)
    assert_same_cells(path)


def test_a_dtd_is_refused_by_the_fast_path_itself(tmp_path: Path) -> None:
    """The preflight refuses a DTD; the fast path refuses one again rather than trust its caller."""
    from xlkit.read.xml_book import Unsupported

    src = SAMPLES / "kashi-medical-security-2024" / "指标体系.xlsx"
    path = rezip(src, tmp_path / "dtd.xlsx", lambda n, d: b'<!DOCTYPE workbook [<!ENTITY a "aaaa">]>'
                 + d.split(b"?>", 1)[-1] if n == "xl/workbook.xml" else d)
    with pytest.raises(safety.FileProblem):
        safety.preflight(path)
    with pytest.raises(Unsupported):
        XmlBook(path, lambda: None)
