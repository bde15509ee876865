"""`xlkit report`: the 评价报告 draft (.docx) of every bundled sample, read back with python-docx.

Two kinds of checks. Golden figures come from the published reports
(000 附件3 综合满意度 and 表3-1, 003 表3-1 and 附件4, 000 表1-1/表1-2): the draft must print 62.50%
for A12 where 000's 表4-1 printed 75.00% (goldens 000 S1), and 2.50 + … sums that foot. Then every
figure of the scored result is looked for where the draft prints it (附表1, 表3-1, 表4-x, the
passages, the questionnaire annex), so a figure typed or computed a second time would show up.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from typer.testing import CliRunner

import xlkit
from xlkit.cli import app
from xlkit.read.numbers import fmt2, fmt_pct
from xlkit.scoring.evaluation import Result
from xlkit.write.report_docx import write_report
from xlkit.write.report_model import build_report, report_view

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
KASHI = "kashi-medical-security-2024"
FUKANG = "fukang-major-medical-2024"
QU = "qu-county-medical-security-2023"
KASHGAR = "kashgar-social-insurance-2022"
ALL = [KASHI, FUKANG, QU, KASHGAR]
D = Decimal


@pytest.fixture(scope="module")
def scored() -> dict[str, Result]:
    return {name: xlkit.score(SAMPLES / name) for name in ALL}


@pytest.fixture(scope="module")
def reports(scored, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("reports")
    return {name: xlkit.report(result, out / f"{name}.docx") for name, result in scored.items()}


def _body(path: Path):
    """(paragraph texts, [(caption, unit, rows of cell texts)]) in document order."""
    d = docx.Document(str(path))
    paragraphs: list[str] = []
    tables = []
    recent: list[str] = []
    table_iter = iter(d.tables)
    for el in d.element.body.iterchildren():
        if el.tag == qn("w:p"):
            text = "".join(t.text or "" for t in el.iter(qn("w:t")))
            paragraphs.append(text)
            if text:
                recent.append(text)
        elif el.tag == qn("w:tbl"):
            table = next(table_iter)
            unit = recent[-1] if recent and recent[-1].startswith("单位：") else ""
            caption = recent[-2] if unit else (recent[-1] if recent else "")
            rows = [[cell.text for cell in row.cells] for row in table.rows]
            tables.append((caption, unit, rows))
            recent = []
    return d, paragraphs, tables


def _table(tables, number: str):
    found = [t for t in tables if t[0].startswith(number + " ")]
    assert len(found) == 1, f"{number}: {[t[0] for t in tables]}"
    return found[0][2]


def _full_text(paragraphs, tables) -> str:
    return "\n".join(paragraphs + ["\t".join(r) for _, _, rows in tables for r in rows])


# ---- every sample --------------------------------------------------------------------------

@pytest.mark.parametrize("name", ALL)
def test_every_table_has_a_caption_and_repeats_its_header(reports, name: str) -> None:
    d, _, tables = _body(reports[name])
    assert tables
    for caption, _unit, _rows in tables:
        assert re.match(r"^(附表|表)\d+(-\d+)? \S", caption), caption
    for table in d.tables:
        first = table.rows[0]._tr.trPr
        assert first is not None and first.find(qn("w:tblHeader")) is not None
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None


@pytest.mark.parametrize("name", ALL)
def test_page_set_up_fonts_and_page_numbers(reports, name: str) -> None:
    d = docx.Document(str(reports[name]))
    for section in d.sections:
        size = sorted((round(section.page_width.mm), round(section.page_height.mm)))
        assert size == [210, 297]
    body = d.sections[1]
    instr = [el.text for el in body.footer._element.iter(qn("w:instrText"))]
    assert any(t.strip() == "PAGE" for t in instr)
    assert body._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert not any(el.text for el in d.sections[0].footer._element.iter(qn("w:instrText"))), "cover has no number"
    eastasia = {f.get(qn("w:eastAsia")) for f in d.element.body.iter(qn("w:rFonts"))}
    assert {"黑体", "仿宋", "楷体"} <= eastasia


@pytest.mark.parametrize("name", ALL)
def test_placeholders_mark_what_a_person_writes(reports, name: str) -> None:
    _, paragraphs, _ = _body(reports[name])
    marked = [p for p in paragraphs if p.startswith("【待评价机构填写：")]
    assert len(marked) >= 3
    assert all(p.endswith("】") for p in marked)


def test_outline_of_the_evaluation_report(reports) -> None:
    _, paragraphs, _ = _body(reports[KASHI])
    heads = [p for p in paragraphs if re.match(r"^[一二三四五六七八九十]+、", p)]
    assert heads == ["一、基本情况", "二、绩效评价工作开展情况", "三、综合评价情况及评价结论", "四、绩效评价指标分析",
                     "五、主要经验做法、存在的问题及原因分析", "六、有关建议", "七、其他需要说明的问题"]
    annexes = [p for p in paragraphs if p.startswith("附件")]
    assert annexes == ["附件1 综合评分表", "附件2 凭证抽查台账", "附件3 问卷调查分析"]
    assert paragraphs.index("（一）部门决策指标分析") < paragraphs.index("（二）部门管理指标分析")


# ---- golden figures from the published reports -----------------------------------------------

def test_000_figures_as_the_report_should_have_printed_them(reports) -> None:
    _, paragraphs, tables = _body(reports[KASHI])
    t31 = _table(tables, "表3-1")
    assert t31[0] == ["指标", "部门决策", "部门管理", "部门绩效", "合计"]
    assert t31[1:] == [["分值", "15.00", "25.00", "60.00", "100.00"], ["得分", "13.50", "19.40", "60.00", "92.90"],
                       ["得分率", "90.00%", "77.60%", "100.00%", "92.90%"]]
    text = "\n".join(paragraphs)
    assert "综合得分 92.90 分，绩效等级为“优”" in text
    assert "实现目标（得满分）18 个" in text
    # goldens 000 S1: 表4-1 printed 75.00% for A12; 2.50 / 4.00 is 62.50% in the table and the passage
    a12 = next(r for r in _table(tables, "表4-1") if r[1].startswith("A12"))
    assert a12[2:] == ["4.00", "科学完整", "较科学完整", "2.50", "62.50%"]
    assert "该指标分值 4.00 分，得分 2.50 分，得分率 62.50%。" in text
    b31 = next(r for r in _table(tables, "表4-2") if r[1].startswith("B31"))  # goldens 000 S2: 附件1 printed 87.50%
    assert b31[-2:] == ["3.00", "75.00%"]
    t11 = _table(tables, "表1-1")
    assert t11[-1][:5] == ["本年支出合计", "523.64", "498.46", "498.46", "100.00%"]
    t12 = _table(tables, "表1-2")
    assert t12[-1][3:] == ["59.08", "47.14", "-20.21%", "47.14", "100.00%"]  # goldens 000 S14: a cut is negative
    assert "预算调整数为 25.18 万元，收入预算调整率为 4.81%" in text
    survey = _table(tables, "附表3")
    rates = {r[0].split()[0]: r[5] for r in survey[1:] if r[5]}
    assert {k: rates[k] for k in ("Q3", "Q5", "Q6", "Q7")} == {"Q3": "94.51%", "Q5": "96.63%", "Q6": "89.61%",
                                                                "Q7": "95.49%"}
    assert survey[-1][0] == "综合满意度" and survey[-1][5] == "94.06%"
    assert "问卷覆盖率 29.48%" in text
    assert "498.46 ÷ 498.46 = 100.00%" in text  # B21's working, from the measure


def test_003_figures_and_the_comparison_with_the_self_evaluation(reports) -> None:
    _, paragraphs, tables = _body(reports[FUKANG])
    t31 = _table(tables, "表3-1")
    assert t31[1:] == [["分值", "10.00", "25.00", "35.00", "30.00", "100.00"],
                       ["得分", "10.00", "23.75", "32.70", "27.05", "93.50"],
                       ["得分率", "100.00%", "95.00%", "93.43%", "90.17%", "93.50%"]]
    text = "\n".join(paragraphs)
    assert "综合得分 93.50 分，绩效等级为“优”" in text
    d21 = next(r for r in _table(tables, "表4-4") if r[1].startswith("D21"))
    assert d21[2:] == ["6.00", "≥95%", "91.31%", "4.89", "81.50%"]
    # the 自评对比 section: 88.37 (良) against 93.50, 5.13 higher (README, goldens 003 G19)
    assert "单位自评（2024年职工大额医疗补助项目）总分 88.37 分，等级“良”" in text
    assert "评价比自评高 5.13 分" in text
    assert _table(tables, "表3-2")[0][0] == "自评指标"
    b22 = next(p for p in paragraphs if p.startswith("B22制度执行有效性"))
    assert "（扣 1.25 分）" in b22


def test_selfeval_folders_get_the_selfeval_outline(reports) -> None:
    _, paragraphs, tables = _body(reports[QU])
    assert paragraphs.count("一、基本情况") == 1
    assert "三、各项目自评情况及偏差分析" in paragraphs
    summary = {r[1]: r for r in _table(tables, "表2-1")[1:]}
    # README / report 004: 部门整体 100 (填报 97), 筹资 99.49 (填报 100), 非税收入 80 (填报 100)
    assert summary["渠县医疗保障局部门整体支出"][5:] == ["100.00", "优", "97.00", "优"]
    assert summary["城乡居民基本医疗保险筹资工作专项经费"][5:8] == ["99.49", "优", "100.00"]
    assert summary["非税收入工作经费"][5:7] == ["80.00", "良"]
    text = "\n".join(paragraphs)
    assert "按评分规则重算的得分与自评表填报得分不一致的有" in text
    _, _, tables2 = _body(reports[KASHGAR])
    summary2 = {r[1]: r for r in _table(tables2, "表2-1")[1:]}
    assert summary2["喀什地区城乡居民基本医疗保险项目"][4:7] == ["84.85%", "96.85", "优"]  # 002: 8.49, 96.85
    assert summary2["喀什地区城镇职工基本医疗保险项目"][5] == "96.18"
    assert summary2["喀什地区城乡居民养老保险基金支出"][5] == "不评分"
    # the folder's 基金收支 table: 合计 收入 执行预算 102.79%, 支出 97.91% (README, 002 表(一))
    fund = _table(tables2, "表1-1")
    assert "102.79%" in [r[-1] for r in fund] and "97.91%" in [r[-1] for r in fund]


# ---- every figure of the result, where the draft prints it -------------------------------------

@pytest.mark.parametrize("name", [KASHI, FUKANG])
def test_every_figure_of_the_result_is_printed_as_scored(scored, reports, name: str) -> None:
    result = scored[name].evaluation
    assert result is not None
    _, paragraphs, tables = _body(reports[name])
    text = "\n".join(paragraphs)
    annex = {r[2].split(" ", 1)[0]: r for r in _table(tables, "附表1")[1:] if r[2]}
    level_rows = {r[1].split(" ", 1)[0]: r for t in tables if t[0].startswith("表4-") for r in t[2][1:] if r[1]}
    for ind in result.indicators:
        weight, score, rate = fmt2(ind.weight), fmt2(ind.score), fmt_pct(ind.rate)
        row = annex[ind.code]
        assert row[5:8] == [weight, score, rate], ind.code
        assert row[8] == ind.reason
        assert level_rows[ind.code][2] == weight and level_rows[ind.code][5:] == [score, rate], ind.code
        head = paragraphs.index(next(p for p in paragraphs if re.match(rf"^（\d+）{ind.code}{re.escape(ind.name)}$", p)))
        assert paragraphs[head + 1].startswith(f"该指标分值 {weight} 分，得分 {score} 分，得分率 {rate}。"), ind.code
        for d in ind.deductions:
            if d.points:
                assert f"扣 {fmt2(d.points)} 分" in paragraphs[head + 2] + paragraphs[head + 3]
                if d.evidence:
                    assert d.evidence in text
        if ind.measure:
            m = result.measures.get(ind.measure)
            assert f"{m.formula} = {m.display}" in paragraphs[head + 1], ind.code
    total = _table(tables, "附表1")[-1]
    assert total[5:9] == [fmt2(result.total_weight), fmt2(result.total), fmt_pct(result.rate), f"等级：{result.grade}"]
    subtotals = {r[0].removesuffix(" 小计"): r for r in _table(tables, "附表1") if r[0].endswith(" 小计")}
    for lv in result.level1:
        assert subtotals[lv.name][5:8] == [fmt2(lv.weight), fmt2(lv.score), fmt_pct(lv.rate)]
        assert f"{lv.name}指标分值 {fmt2(lv.weight)} 分，得分 {fmt2(lv.score)} 分，得分率 {fmt_pct(lv.rate)}" in text
    for lv in result.levels:
        if lv.level == "二级":
            assert f"{lv.name}分值 {fmt2(lv.weight)} 分，得分 {fmt2(lv.score)} 分，得分率 {fmt_pct(lv.rate)}。" in text
    survey = _table(tables, "附表3")
    for key, m in result.measures.values.items():
        if key.startswith("问卷:"):
            qid = key.split(":", 1)[1]
            assert any(r[0].split(" ", 1)[0] == qid and r[5] == m.display for r in survey), qid


@pytest.mark.parametrize("name", [KASHI, FUKANG])
def test_sums_in_the_draft_foot(reports, name: str) -> None:
    """A 合计 that is not the sum of its rows (goldens 000 S3) cannot be printed: each total is re-added."""
    _, _, tables = _body(reports[name])
    annex = _table(tables, "附表1")[1:]
    group: list[list[str]] = []
    subtotals = []
    for row in annex:
        if row[0].endswith(" 小计"):
            for col in (5, 6):
                assert sum(D(r[col]) for r in group) == D(row[col]), row[0]
            subtotals.append(row)
            group = []
        elif row[0] == "合计":
            for col in (5, 6):
                assert sum(D(r[col]) for r in subtotals) == D(row[col])
        else:
            group.append(row)
    projects = _table(tables, "表1-2")[1:]

    def amount(text: str) -> Decimal:
        return D(0) if text == "-" else D(text.replace(",", ""))

    for col in (3, 4, 6):
        assert sum(amount(r[col]) for r in projects[:-1]) == amount(projects[-1][col])
    t31 = _table(tables, "表3-1")
    assert sum(D(v) for v in t31[2][1:-1]) == D(t31[2][-1])


def test_the_view_is_the_only_reader_of_the_result(scored) -> None:
    """The outline needs nothing but the view: the same document from the view alone."""
    result = scored[KASHI]
    view = report_view(result)
    assert view.total == "92.90" and view.grade == "优"
    assert [lv.rate for lv in view.level1()] == ["90.00%", "77.60%", "100.00%"]
    from xlkit.write.report_model import report_document

    assert report_document(view) == build_report(result)


# ---- the command ------------------------------------------------------------------------------

runner = CliRunner()


def test_cli_writes_the_default_file_and_refuses_to_overwrite(tmp_path: Path) -> None:
    folder = tmp_path / FUKANG
    shutil.copytree(SAMPLES / FUKANG, folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    result = runner.invoke(app, ["report", str(folder)])
    assert result.exit_code == 0, result.output
    assert (folder / "评价报告.docx").exists()
    assert f"已写出：{folder / '评价报告.docx'}" in result.output
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.name != "评价报告.docx"} == before
    again = runner.invoke(app, ["report", str(folder)])
    assert again.exit_code == 1
    assert "文件已存在" in again.output and "--force" in again.output
    assert runner.invoke(app, ["report", str(folder), "--force"]).exit_code == 0
    out = tmp_path / "稿" / "报告.docx"
    assert runner.invoke(app, ["report", str(folder), "-o", str(out)]).exit_code == 0
    assert docx.Document(str(out)).paragraphs


def test_cli_selfeval_folder_gets_a_selfeval_report(tmp_path: Path) -> None:
    folder = tmp_path / QU
    shutil.copytree(SAMPLES / QU, folder)
    result = runner.invoke(app, ["report", str(folder)])
    assert result.exit_code == 0, result.output
    assert (folder / "自评报告.docx").exists()


def test_cli_refuses_a_folder_that_does_not_score(tmp_path: Path) -> None:
    folder = tmp_path / "坏"
    shutil.copytree(SAMPLES / KASHI, folder)
    import openpyxl

    path = folder / "预决算.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["支出"]
    cell = next(c for row in ws.iter_rows(min_row=4, max_row=8) for c in row[1:2] if isinstance(c.value, (int, float)))
    cell.value = "很多"
    wb.save(path)
    result = runner.invoke(app, ["report", str(folder)])
    assert result.exit_code == 1
    assert "错误：" in result.output and "预决算.xlsx" in result.output
    assert not (folder / "评价报告.docx").exists()


def test_write_report_is_the_library_call(scored, tmp_path: Path) -> None:
    path = write_report(scored[KASHGAR], tmp_path / "r.docx")
    with pytest.raises(xlkit.OutputExistsError):
        write_report(scored[KASHGAR], path)


# ---- LibreOffice -----------------------------------------------------------------------------

def _pdftotext(pdf: Path) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true 但未安装 pdftotext（poppler-utils）")
        pytest.skip("pdftotext (poppler-utils) not installed")
    return subprocess.run([exe, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.soffice
@pytest.mark.parametrize("name", [KASHI, FUKANG, QU])
def test_libreoffice_renders_the_report(reports, tmp_path: Path, name: str) -> None:
    from helpers import convert_with_soffice, soffice_writer

    soffice_writer()
    pdf = convert_with_soffice(reports[name], tmp_path, "pdf", recalc=False)
    data = pdf.read_bytes()
    assert data[:5] == b"%PDF-"
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    low, high = (10, 40) if name == QU else (25, 80)
    assert low <= pages <= high, pages
    text = re.sub(r"\s+", "", _pdftotext(pdf))
    _, _, tables = _body(reports[name])
    for caption, _unit, _rows in tables:
        assert re.sub(r"\s+", "", caption) in text, caption
