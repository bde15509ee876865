"""`xlkit survey import`: platform exports → tallies, the 问卷统计 workbook, flags and sensitivity.

The exports are built in the tests (tests/survey_exports.py) from the reports' own tallies, in
each form: 问卷星 按选项文本 (.xlsx and .xls), 按选项序号, 按分数, 腾讯问卷 (.xlsx and .csv).
Expected figures are the reports' (000 附件3, goldens 000 G27–G31; 003 附件4, goldens 003 G9–G13, G20, G24), never
the code's own output.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
import survey_exports as se
from typer.testing import CliRunner

from xlkit.cli import app
from xlkit.compute import survey as sv
from xlkit.compute.measures import compute_measures, survey_model
from xlkit.read.numbers import fmt_pct
from xlkit.read.records import read_book
from xlkit.survey_intake.importer import (
    Codebook,
    ImportOptions,
    SurveyImportError,
    import_into,
    parse_strata,
    read_export,
)

OPTS_003 = ImportOptions(scheme="百分制100/80/60/40/0", share_style="wjx", population=30437)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _counts(imp, qid: str) -> list[tuple[str, int]]:
    return [(sv.label_key(o.label), o.count) for o in imp.survey.question(qid).options]


def _shares(imp, qid: str, style: str) -> list[str]:
    return [s.text for _, _, s in sv.option_shares(imp.survey.question(qid), style)]


def _codes(exc: pytest.ExceptionInfo) -> list[tuple[str | None, str]]:
    return [(i.cell, i.code) for i in exc.value.report.errors]


# ---- exports of each form --------------------------------------------------------------------

@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("exports")
    text000 = se.wjx_rows(se.SURVEY_000, se.N000)
    text003 = se.wjx_rows(se.SURVEY_003, se.N003)
    return {
        "000.xlsx": se.write_xlsx(text000, d / "000_text.xlsx"),
        "000-index.xlsx": se.write_xlsx(se.wjx_rows(se.SURVEY_000, se.N000, "index"), d / "000-index.xlsx"),
        "003.xls": se.write_xls(text003, d / "003_0.xls"),
        "003.xlsx": se.write_xlsx(se.wjx_rows(se.SURVEY_003, se.N003, typed_headers=False), d / "003-plain.xlsx"),
        "003-index.xlsx": se.write_xlsx(se.wjx_rows(se.SURVEY_003, se.N003, "index"), d / "003_2.xlsx"),
        "003-score.xls": se.write_xls(se.wjx_rows(se.SURVEY_003, se.N003, "score"), d / "003_1.xls"),
        "003-tencent.xlsx": se.write_xlsx(se.tencent_rows(se.SURVEY_003, se.N003), d / "003-tencent.xlsx"),
        "003-tencent.csv": se.write_csv(se.tencent_rows(se.SURVEY_003, se.N003), d / "003-tencent.csv"),
    }


# ---- seed 000 --------------------------------------------------------------------------------

def test_000_text_export_reproduces_the_report(exports):
    imp = read_export(exports["000.xlsx"])
    assert (imp.platform, imp.form, len(imp.respondents)) == ("问卷星", "按选项文本", 102)
    s = imp.survey
    assert [(q.qid, q.kind) for q in s.questions] == [
        ("Q1", "单选"), ("Q2", "是否"), ("Q3", "单选"), ("Q4", "是否"), ("Q5", "单选"), ("Q6", "单选"), ("Q7", "单选"),
        ("Q8", "填空")]
    # Options nobody chose are completed from the ladder (不太满意 0, 不满意 0; 较差 0; 否 0).
    assert _counts(imp, "Q3") == [("非常满意", 78), ("比较满意", 20), ("一般", 4), ("不太满意", 0), ("不满意", 0)]
    assert _counts(imp, "Q6") == [("显著", 64), ("较大", 26), ("一般", 11), ("较差", 0), ("无", 1)]
    assert _counts(imp, "Q2") == [("是", 102), ("否", 0)]
    assert _counts(imp, "Q4") == [("是", 101), ("否", 1)]
    assert _counts(imp, "Q1")[:4] == [("公立医院、卫生院", 21), ("私营医院", 23), ("诊所", 8), ("药店", 50)]
    # Skip logic: the uninspected unit skipped Q5, so its base is 101 (goldens 000 S18).
    assert [s.question(q).answered for q in ("Q3", "Q5", "Q6", "Q7")] == [102, 101, 102, 102]
    assert _shares(imp, "Q1", "1dp")[:4] == ["20.6%", "22.5%", "7.8%", "49.0%"]
    assert _shares(imp, "Q5", "1dp") == ["86.1%", "10.9%", "3.0%", "0.0%", "0.0%"]
    assert _shares(imp, "Q6", "1dp") == ["62.7%", "25.5%", "10.8%", "0.0%", "1.0%"]
    assert [fmt_pct(imp.rate(q)) for q in ("Q3", "Q5", "Q6", "Q7")] == ["94.51%", "96.63%", "89.61%", "95.49%"]
    assert [q.qid for q in s.scored] == ["Q3", "Q5", "Q6", "Q7"]  # "涉及满意测评的问题 4个"
    assert fmt_pct(imp.composite()) == "94.06%"
    assert fmt_pct(imp.composite("pooled")) == "94.05%"
    assert s.open_answers["Q8"] == ["多组织培训，下发培训资料", "医保申报费用时间，麻烦提前通知",
                                    "加强药店医保政策专业知识培训", "信息化技术支持和解答"]
    assert s.question("Q8").answered == 4


def test_000_ladder_completion_is_reported_as_an_assumption(exports):
    imp = read_export(exports["000.xlsx"])
    assumed = {i.cell for i in imp.report.warnings if i.code == "survey-ladder-assumed"}
    # Q3, Q5, Q7 show only 非常满意/比较满意/一般, which two ladders share; Q6's words are unique.
    assert assumed == {"I1", "K1", "M1"}


# ---- seed 003, every form --------------------------------------------------------------------

FORMS_003 = [("003.xls", "问卷星", "按选项文本", None), ("003.xlsx", "问卷星", "按选项文本", None),
             ("003-index.xlsx", "问卷星", "按选项序号", "003.xls"), ("003-score.xls", "问卷星", "按分数", "003.xls"),
             ("003-tencent.xlsx", "腾讯问卷", "按选项文本", None), ("003-tencent.csv", "腾讯问卷", "按选项文本", None)]


@pytest.mark.parametrize(("name", "platform", "form", "labels"), FORMS_003)
def test_003_every_form_reproduces_the_report(exports, name, platform, form, labels):
    opts = replace(OPTS_003, labels=exports[labels] if labels else None)
    imp = read_export(exports[name], opts)
    assert (imp.platform, imp.form, len(imp.respondents)) == (platform, form, 122)
    s = imp.survey
    assert _counts(imp, "Q11") == [("非常满意", 92), ("比较满意", 11), ("满意", 15), ("一般", 4), ("不满意", 0)]
    assert _counts(imp, "Q6") == [("是", 81), ("否", 3)]
    assert s.question("Q6").answered == 84  # 有效填写人次 84: only Q5 是 saw it
    assert _counts(imp, "Q9") == [("满意", 117), ("一般", 5)]  # a two-option question stays two options
    # G20, shares 问卷星 style.
    assert _shares(imp, "Q3", "wjx") == ["41.8%", "58.2%"]
    assert _shares(imp, "Q4", "wjx") == ["77.87%", "22.13%"]
    assert _shares(imp, "Q6", "wjx") == ["96.43%", "3.57%"]
    assert _shares(imp, "Q10", "wjx") == ["96.72%", "3.28%"]
    assert _shares(imp, "Q11", "wjx") == ["75.41%", "9.02%", "12.3%", "3.28%", "0%"]
    # G9–G12: yes shares and the weighted Q11.
    assert [fmt_pct(imp.rate(q)) for q in ("Q4", "Q7", "Q8", "Q11")] == ["77.87%", "91.80%", "95.90%", "91.31%"]
    assert [q.qid for q in s.scored] == ["Q11"]
    assert fmt_pct(imp.composite()) == "91.31%"
    # G24: coverage 122/30437.
    assert fmt_pct(sv.coverage_rates(s).coverage) == "0.40%"
    # Q2 asks for 姓名/联系方式: counted, never copied.
    assert s.question("Q2.1").answered == 122 and "Q2.1" not in s.open_answers
    assert s.open_answers["Q12"] == ["加大政策宣传力度", "希望报销更快一些"]


def test_003_under_the_five_level_scheme_is_not_the_report(exports):
    # 003 附件4: 1/0.8/0.6/0.3/0 gives 90.98 %, which the report did not print.
    imp = read_export(exports["003.xls"], replace(OPTS_003, scheme="五级1/0.8/0.6/0.3/0"))
    assert fmt_pct(imp.rate("Q11")) == "90.98%"


def test_scheme_per_question_and_scored_override(exports):
    # A per-question scheme beats the default: Q11 on 100/80/60/40/0 while the rest stay 五级.
    imp = read_export(exports["003.xls"], ImportOptions(question_schemes={"Q11": "百分制"}))
    assert (fmt_pct(imp.rate("Q11")), imp.schemes["Q11"]) == ("91.31%", "百分制100/80/60/40/0")
    # Counting only Q3/Q5/Q7: (94.51 + 96.63 + 95.49) / 3 = 95.5433… → 95.54 %.
    imp = read_export(exports["000.xlsx"], ImportOptions(scored=["Q3", "Q5", "Q7"]))
    assert [q.qid for q in imp.survey.scored] == ["Q3", "Q5", "Q7"]
    assert fmt_pct(imp.composite()) == "95.54%"


def test_index_export_needs_labels_and_says_where(exports):
    with pytest.raises(SurveyImportError) as exc:
        read_export(exports["003-index.xlsx"], OPTS_003)
    errors = exc.value.report.errors
    assert {i.code for i in errors} == {"export-label-unknown"}
    q11 = [i for i in errors if i.message.startswith("Q11 的按选项序号值 1 ")]
    assert len(q11) == 1 and q11[0].cell == "R2" and q11[0].sheet == "Sheet1" and q11[0].file == "003_2.xlsx"
    assert "--labels" in q11[0].message and "共 92 处" in q11[0].message


def test_index_export_named_by_the_workbook_option_lists(exports):
    # Options typed in 问卷统计 in questionnaire order name the numbers of a 序号 export.
    cb = Codebook(options={q: list(opts) for q, opts in (("Q1", se.SURVEY_000[0].options), ("Q2", ("是", "否")),
                                                        ("Q3", se.FIVE), ("Q4", ("是", "否")), ("Q5", se.FIVE),
                                                        ("Q6", se.EFFECT), ("Q7", se.FIVE))})
    imp = read_export(exports["000-index.xlsx"], codebook=cb)
    assert imp.form == "按选项序号"
    assert _counts(imp, "Q1") == [("公立医院、卫生院", 21), ("私营医院", 23), ("诊所", 8), ("药店", 50),
                                  ("其他接受监管的机构", 0)]
    assert imp.survey.question("Q5").answered == 101
    assert fmt_pct(imp.composite()) == "94.06%"


# ---- into a project folder -------------------------------------------------------------------

@pytest.fixture
def fukang(fukang_folder: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(fukang_folder, tmp_path / "阜康大额2024"))


@pytest.fixture
def kashi(kashi_folder: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(kashi_folder, tmp_path / "喀什医保2024"))


def test_003_sensitivity_table_scores_the_bound_indicator(exports, fukang):
    result = import_into(exports["003.xls"], fukang, OPTS_003)
    rows = {r.scheme: (fmt_pct(r.rate), r.indicator, str(r.score)) for r in result.sensitivity}
    # goldens 003 G12/G13: the report's 91.31 % → 4.89; top-3-box 96.72 % → 6.00; A+B 84.43 % → 2.83.
    assert rows["当前设置"] == ("91.31%", "D21 服务对象满意度", "4.89")
    assert rows["百分制100/80/60/40/0"] == ("91.31%", "D21 服务对象满意度", "4.89")
    assert rows["前三项"] == ("96.72%", "D21 服务对象满意度", "6.00")
    assert rows["前二项"] == ("84.43%", "D21 服务对象满意度", "2.83")
    assert rows["五级1/0.8/0.6/0.3/0"][0] == "90.98%"


def test_filled_workbook_passes_check_and_reads_back_the_same(exports, fukang):
    import xlkit

    result = import_into(exports["003-tencent.xlsx"], fukang, OPTS_003)
    checked = xlkit.check(fukang)
    assert [i.render() for i in checked.report.issues if i.file == "问卷统计.xlsx"] == []
    book = read_book(result.workbook, "survey")
    assert book.data.issues == []
    assert (book.info["valid"], book.info["returned"], book.info["population"], book.info["mode"]) == (
        122, 122, 30437, "线上")
    assert book.info["dates"] == "2025-07-05 至 2025-07-20"
    model = survey_model(book)
    imp = result.imported
    for q in imp.survey.questions:
        back = model.question(q.qid)
        assert (back.kind, back.answered, back.scored) == (q.kind, imp.survey.question(q.qid).answered, q.scored)
        assert [(o.label, o.count, o.score) for o in back.options] == [(o.label, o.count, o.score) for o in q.options]
    measures = compute_measures(None, book, None).values
    assert measures["问卷:Q11"].value == imp.rate("Q11") == Decimal("0.9131")
    assert measures["问卷:Q6"].display == "96.43%"
    assert measures["问卷综合满意度"].value == imp.composite()
    assert measures["问卷覆盖率"].display == "0.40%"
    assert sorted(a for _, a in book.open_answers) == sorted(["加大政策宣传力度", "希望报销更快一些", "加强宣传"])


def test_000_into_kashi_scores_c21_full(exports, kashi):
    result = import_into(exports["000.xlsx"], kashi)
    rows = [r for r in result.sensitivity if r.scheme == "当前设置" and r.target.startswith("综合")]
    assert [(fmt_pct(r.rate), r.indicator, str(r.score)) for r in rows] == [("94.06%", "C21 监管对象满意度", "10.00")]
    book = read_book(result.workbook, "survey")
    assert compute_measures(None, book, None).values["问卷综合满意度"].display == "94.06%"


def test_export_is_byte_identical_afterwards(exports, fukang):
    before = {k: _sha(p) for k, p in exports.items()}
    import_into(exports["003-score.xls"], fukang, replace(OPTS_003, labels=exports["003.xls"]))
    read_export(exports["003-tencent.csv"], OPTS_003)
    assert {k: _sha(p) for k, p in exports.items()} == before


def test_filled_workbook_is_refused_then_replaced_with_force_keeping_a_backup(exports, fukang):
    first = import_into(exports["003.xls"], fukang, OPTS_003)
    assert first.backup is None  # the generated template held nothing typed
    survey_file = fukang / "问卷统计.xlsx"
    filled = _sha(survey_file)
    with pytest.raises(SurveyImportError) as exc:
        import_into(exports["003.xls"], fukang, OPTS_003)
    assert _codes(exc) == [(None, "survey-filled")]
    assert _sha(survey_file) == filled
    again = import_into(exports["003.xls"], fukang, replace(OPTS_003, population=None), force=True)
    assert again.backup is not None and _sha(again.backup) == filled
    # The population typed by the first import stays; the tallies are the export's.
    book = read_book(survey_file, "survey")
    assert book.info["population"] == 30437 and survey_model(book).question("Q11").options[0].count == 92


def test_typed_settings_are_merged_not_lost(exports, kashi):
    from xlkit.spec.templates import workbook_spec
    from xlkit.write.fill import fill_workbook

    path = kashi / "问卷统计.xlsx"
    five = se.SURVEY_000[0].options
    fill_workbook(path, workbook_spec("survey"), path, force=True,
                  forms={"info": {"title": "关于喀什市医疗保障局2024年度部门整体履职满意度调查问卷",
                                  "population": 346, "respondents": "定点医药机构"}},
                  tables={"questions": [{"qid": "Q1", "text": "单位类型", "kind": "单选"},
                                   {"qid": "Q6", "text": "促进作用", "kind": "单选", "scored": "否"}],
                          "options": [{"qid": "Q1", "label": lab} for lab in five]})
    typed = _sha(path)
    result = import_into(exports["000.xlsx"], kashi)
    assert result.merged and result.backup is not None and _sha(result.backup) == typed
    book = read_book(path, "survey")
    assert book.info["title"] == "关于喀什市医疗保障局2024年度部门整体履职满意度调查问卷"
    assert (book.info["population"], book.info["respondents"], book.info["valid"]) == (346, "定点医药机构", 102)
    model = survey_model(book)
    # The option nobody chose is there because it was typed; 计入满意度=否 for Q6 was kept.
    assert [(o.label, o.count) for o in model.question("Q1").options][-1] == ("其他接受监管的机构", 0)
    assert [q.qid for q in model.scored] == ["Q3", "Q5", "Q7"]
    assert fmt_pct(sv.coverage_rates(model).coverage) == "29.48%"  # 102/346, 000 附件3


def test_answer_outside_the_typed_options_is_an_error_with_its_cell(exports):
    cb = Codebook(options={"Q9": ["满意", "不满意"]})
    with pytest.raises(SurveyImportError) as exc:
        read_export(exports["003.xls"], OPTS_003, codebook=cb)
    [err] = exc.value.report.errors
    assert (err.code, err.cell, err.file, err.sheet) == ("export-answer-unknown", "P119", "003_0.xls", "Sheet1")
    assert "“一般”" in err.message and "共 5 处" in err.message


# ---- question shapes -------------------------------------------------------------------------

META = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP"]


def _meta(i: int, seconds: int = 100, ip: str | None = None, place: str = "新疆-昌吉") -> list:
    return [i, f"2025/07/0{1 + i % 9} 10:00:00", f"{seconds}秒", "微信", "直接访问", f"{ip or f'10.0.0.{i}'}({place})"]


def test_multi_choice_text_and_index_forms_agree(tmp_path):
    answers = ["运动┋影视", "影视", "(跳过)", "运动┋其他〖钓鱼〗", "购物┋影视┋运动"]
    text = [META + ["1、您的爱好 (多选题)"]] + [_meta(i + 1) + [a] for i, a in enumerate(answers)]
    opts = ["运动", "影视", "购物", "其他"]
    picks = [{0, 1}, {1}, None, {0, 3}, {0, 1, 2}]
    index = [META + [f"第1题({o})" for o in opts] + ["1、(其他:)"]]
    for i, p in enumerate(picks):
        cells = [-3] * 4 if p is None else [1 if k in p else 0 for k in range(4)]
        index.append(_meta(i + 1) + cells + ["钓鱼" if i == 3 else ""])
    a = read_export(se.write_xlsx(text, tmp_path / "multi_0.xlsx"))
    b = read_export(se.write_xlsx(index, tmp_path / "multi_2.xlsx"))
    for imp in (a, b):
        q = imp.survey.question("Q1")
        assert q.kind == "多选" and q.answered == 4  # N is respondents, the skipped one is out
        assert {(o.label, o.count) for o in q.options} >= {("运动", 3), ("影视", 3), ("购物", 1), ("其他", 1)}
        assert imp.survey.open_answers["Q1"] == ["其他：钓鱼"]
    assert [o.label for o in b.survey.question("Q1").options] == opts  # unchosen-or-not, column order


def test_matrix_rows_are_questions_of_their_own(tmp_path):
    header = META + ["5、请评价以下方面 (矩阵单选题 *必答)—服务态度", "办事效率"]
    rows = [header, _meta(1) + ["非常满意", "比较满意"], _meta(2) + ["比较满意", "一般"], _meta(3) + ["非常满意", "(跳过)"]]
    imp = read_export(se.write_xlsx(rows, tmp_path / "matrix.xlsx"))
    q1, q2 = imp.survey.question("Q5.1"), imp.survey.question("Q5.2")
    assert q1.text == "请评价以下方面—服务态度" and q2.text == "请评价以下方面—办事效率"
    assert [(o.label, o.count) for o in q1.options] == [("非常满意", 2), ("比较满意", 1), ("一般", 0), ("不太满意", 0),
                                                          ("不满意", 0)]
    assert (q2.answered, [o.count for o in q2.options]) == (2, [0, 1, 1, 0, 0])
    assert q1.scored and q2.scored


# ---- quality flags ---------------------------------------------------------------------------

def _flag_export(tmp_path: Path) -> Path:
    header = META + ["1、性别", "2、满意度一", "3、满意度二", "4、满意度三"]
    rows = [header,
            _meta(1, 100) + ["男", "非常满意", "非常满意", "非常满意"],  # identical throughout
            _meta(2, 20) + ["女", "比较满意", "非常满意", "一般"],  # too fast
            _meta(3, 110, ip="8.8.8.8") + ["男", "一般", "比较满意", "非常满意"],  # same IP as 4
            _meta(4, 120, ip="8.8.8.8") + ["女", "非常满意", "一般", "比较满意"],
            _meta(5, 130, place="上海-上海") + ["男", "比较满意", "一般", "非常满意"]]  # outside 新疆
    return se.write_xlsx(rows, tmp_path / "flags.xlsx")


def test_quality_flags_are_reported_and_nobody_is_dropped(tmp_path):
    imp = read_export(_flag_export(tmp_path), ImportOptions(region="新疆"))
    got = [(f.ident, f.code, f.cell) for f in imp.flags]
    assert got == [("1", "flag-straight-line", "A2"), ("2", "flag-too-fast", "C3"), ("3", "flag-duplicate-ip", "F4"),
                   ("4", "flag-duplicate-ip", "F5"), ("5", "flag-outside-population", "F6")]
    assert imp.threshold == Decimal("33.0")  # 30 % of the median 110 s
    assert imp.survey.valid == 5 and imp.survey.question("Q2").answered == 5
    assert [i.code for i in imp.report.warnings if i.code.startswith("flag-")] == [f.code for f in imp.flags]


def test_min_seconds_and_strata(tmp_path):
    strata = parse_strata("Q1:男=10,女=90")
    imp = read_export(_flag_export(tmp_path), ImportOptions(min_seconds=Decimal(115), strata=strata))
    assert [f.ident for f in imp.flags if f.code == "flag-too-fast"] == ["1", "2", "3"]
    assert [(s.label, s.sample, fmt_pct(s.sample_share), fmt_pct(s.population_share)) for s in imp.strata] == [
        ("男", 3, "60.00%", "10.00%"), ("女", 2, "40.00%", "90.00%")]
    assert [i.code for i in imp.report.warnings].count("flag-strata-skew") == 2


def test_003_strata_vs_population(exports):
    # goldens 003 S17: 单建 41.8 % in the sample vs 4157/30437 = 13.66 % in the population.
    strata = parse_strata("Q3:单建统筹基金参保=4157,实施统账结合参保=26280")
    imp = read_export(exports["003.xls"], replace(OPTS_003, strata=strata))
    s = imp.strata[0]
    assert (fmt_pct(s.sample_share), fmt_pct(s.population_share)) == ("41.80%", "13.66%")


# ---- malformed exports -----------------------------------------------------------------------

def test_not_an_export(tmp_path):
    p = se.write_xlsx([["姓名", "金额"], ["张三", 5]], tmp_path / "账.xlsx")
    with pytest.raises(SurveyImportError) as exc:
        read_export(p)
    assert _codes(exc) == [("A1", "export-no-header")]
    assert "问卷星" in exc.value.report.errors[0].message


def test_header_without_answers(tmp_path):
    p = se.write_xlsx([META + ["1、性别"]], tmp_path / "空.xlsx")
    with pytest.raises(SurveyImportError) as exc:
        read_export(p)
    assert _codes(exc) == [("A2", "export-no-rows")]


def test_bad_cells_are_all_collected(tmp_path):
    rows = [META + ["第1题(运动)", "第1题(影视)", "2、性别", "2、重复的题"],
            _meta(1) + [1, 7, "男", "x"], _meta(2) + [0, 1, "女", "y"], _meta(3) + [1, "是", "男", "z"]]
    with pytest.raises(SurveyImportError) as exc:
        read_export(se.write_xlsx(rows, tmp_path / "坏.xlsx"))
    assert sorted(_codes(exc)) == [("H2", "export-bad-value"), ("H4", "export-bad-value"),
                                   ("J1", "export-duplicate-question")]


@pytest.mark.parametrize(("content", "code"), [
    (b"", "export-empty-file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"), "export-encrypted"),
    (b"this is not a spreadsheet", "export-unreadable"),
])
def test_bad_files(tmp_path, content, code):
    p = tmp_path / "导出.xlsx"
    p.write_bytes(content)
    with pytest.raises(SurveyImportError) as exc:
        read_export(p)
    assert [(i.code, i.file) for i in exc.value.report.errors] == [(code, "导出.xlsx")]


# ---- CLI -------------------------------------------------------------------------------------

def test_cli_import_json_matches_the_library(exports, fukang):
    r = CliRunner().invoke(app, ["survey", "import", str(exports["003.xls"]), "--into", str(fukang), "--scheme",
                                 "百分制", "--share", "wjx", "--population", "30437", "--json"],
                           catch_exceptions=False)
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    q11 = next(q for q in data["questions"] if q["qid"] == "Q11")
    assert (q11["rate"], [o["share"] for o in q11["options"]]) == ("91.31%", ["75.41%", "9.02%", "12.3%", "3.28%", "0%"])
    assert data["composite"] == "91.31%" and data["coverage"] == "0.40%"
    top3 = next(s for s in data["sensitivity"] if s["scheme"] == "前三项")
    assert (top3["rate"], top3["score"]) == ("96.72%", "6.00")
    assert Path(data["workbook"]).name == "问卷统计.xlsx" and Path(data["report_file"]).exists()


def test_cli_preview_writes_nothing(exports, fukang):
    before = sorted(p.name for p in fukang.iterdir())
    r = CliRunner().invoke(app, ["survey", "import", str(exports["000.xlsx"])], catch_exceptions=False)
    assert r.exit_code == 0
    assert "Q5 单选，答题 101 人，满意率 96.63%（计入满意度）" in r.output
    assert "综合满意度（等权平均）：94.06%" in r.output
    assert sorted(p.name for p in fukang.iterdir()) == before


def test_cli_error_names_the_cell_and_exits_1(exports, tmp_path):
    r = CliRunner().invoke(app, ["survey", "import", str(exports["003-index.xlsx"]), "--into", str(tmp_path)])
    assert r.exit_code == 1
    assert "003_2.xlsx › Sheet1 › R2: Q11 的按选项序号值 1 无法对应到选项文字" in r.output
    assert "[export-label-unknown]" in r.output
    assert not (tmp_path / "问卷统计.xlsx").exists()


def test_cli_unknown_scheme(exports):
    r = CliRunner().invoke(app, ["survey", "import", str(exports["000.xlsx"]), "--scheme", "七级"])
    assert r.exit_code == 1 and "未知的选项分值方案“七级”" in r.output


def test_csv_answers_keep_their_line_breaks(tmp_path):
    """A quoted CSV field may hold line breaks (问卷 free text typed over several lines): read as one
    answer with its break, never cut into lines or run together."""
    rows = se.tencent_rows(se.SURVEY_003, se.N003)
    header = rows[0]
    col = next(i for i, h in enumerate(header) if str(h).startswith("13."))
    rows[1][col] = "第一行\n第二行"
    rows[2][col] = "甲,乙\r\n丙"
    path = se.write_csv(rows, tmp_path / "003-tencent.csv")
    assert b"\xb5\xda\xd2\xbb\xd0\xd0\n" in path.read_bytes()  # the break is inside the quoted field
    imp = read_export(path, OPTS_003)
    answers = {a for q, _r, a in imp.open_answers if q.startswith("Q13")}
    assert {"第一行\n第二行", "甲,乙\r\n丙"} <= answers
    assert len(imp.respondents) == se.N003
