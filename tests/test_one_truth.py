"""One truth: ``check`` is ``score`` without writing, and both say one fact with one code.

For every built mistake case (those of test_check.py and one for each contradiction a new user
met: a condition naming an unknown value, 评价要点 ⑤ of 3 要素, 酌情得分 above 分值, an 实际完成值
that cannot be compared with its 目标值, a 0/0 binding, blank folders …) score's errors are a
subset of check's, and a folder check passes is one score scores.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from check_helpers import BUD, IND, build_clean, copy_folder, edit, insert_row
from test_check import CASES as CHECK_CASES
from typer.testing import CliRunner

import xlkit
from xlkit.cli import app
from xlkit.scoring.evaluation import ScoreError, check, score
from xlkit.spec.issues import Severity

D = Decimal
E, W = Severity.ERROR, Severity.WARNING
Key = tuple[str, str | None, str | None, str | None]


def _keys(issues) -> set[Key]:
    return {(i.code, i.file, i.sheet, i.cell) for i in issues}


def check_errors(folder: Path) -> set[Key]:
    return _keys(check(folder).report.errors)


def score_errors(folder: Path) -> set[Key]:
    try:
        score(folder)
    except ScoreError as exc:
        return _keys(exc.report.errors)
    return set()


def assert_one_truth(folder: Path) -> tuple[set[Key], set[Key]]:
    got_check, got_score = check_errors(folder), score_errors(folder)
    assert got_score <= got_check, f"score raised what check did not: {got_score - got_check}"
    assert bool(got_check) == bool(got_score), "check and score disagree on whether the folder can be scored"
    return got_check, got_score


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_clean(tmp_path_factory.mktemp("truth") / "喀什医保2024")


@pytest.fixture
def folder(clean: Path, tmp_path: Path) -> Path:
    return copy_folder(clean, tmp_path / "喀什医保2024")


@pytest.mark.parametrize("case", CHECK_CASES, ids=[c[0] for c in CHECK_CASES])
def test_every_check_mistake_case(folder: Path, case) -> None:
    _, mistake, _ = case
    mistake(folder)
    assert_one_truth(folder)


# ---- the contradictions of the issue, one case each ----------------------------------------------
# 指标体系 rows of the clean folder: 4 A11 … 11 B21 (预算执行率) … 12 B22 (要素分项计分) …
# 15 B41 (扣分制) … 21 C11 (完成率折算, ≥95.00%) … 27 C21; columns A 编码, E 分值, I 目标值,
# J 实际完成值, M 评分规则, N 规则参数, O 绑定测算项. 扣分事项 from row 4: A 编码, B 原因, C 扣分, D 要素.

def _ind(cells: dict[str, object]) -> Callable[[Path], None]:
    return lambda f: edit(f / IND, "指标体系", cells)


NEW_CASES: list[tuple[str, Callable[[Path], None], set[tuple[str, str, str | None]]]] = [
    ("condition-unknown", _ind({"M22": "条件全满足", "N22": "条件=不存在的值<=1"}),
     {("condition-unknown", "指标体系", "N22")}),
    ("element-out-of-range", _ind({"M9": "要素均分", "N9": "要素数=3"}), set()),  # element added below
    ("manual-out-of-range", _ind({"M22": "酌情评分", "N22": "得分=12；理由=工作突出"}),
     {("manual-out-of-range", "指标体系", "N22")}),
    ("actual-incomparable", _ind({"J21": "已完成"}), {("actual-invalid", "指标体系", "J21")}),
    ("actual-missing", _ind({"J23": None}), {("actual-missing", "指标体系", "J23")}),
    ("weights-118", _ind({"E21": 28}), {("weight-total", "指标体系", None)}),
]


@pytest.mark.parametrize("case", NEW_CASES, ids=[c[0] for c in NEW_CASES])
def test_scoring_errors_are_check_issues_at_their_cell(folder: Path, case) -> None:
    name, mistake, expected = case
    mistake(folder)
    if name == "element-out-of-range":
        insert_row(folder / IND, "扣分事项", 4, {"A": "A32", "B": "第五项不符合", "D": "⑤"})
        expected = {("element-out-of-range", "指标体系", "A9")}
    got_check, _ = assert_one_truth(folder)
    assert {(c, s, cell) for c, _, s, cell in got_check} >= expected


def test_zero_over_zero_binding_is_a_to_do_in_the_budget(folder: Path) -> None:
    """A measure that is "- ÷ -" is listed where its figures are typed, in 预决算.xlsx."""
    edit(folder / IND, "指标体系", {"O22": "三公经费执行率"})
    got_check, _ = assert_one_truth(folder)
    hits = [k for k in got_check if k[0] == "measure-not-applicable"]
    assert hits and all(k[1] == BUD and k[2] == "三公经费" for k in hits), got_check


def test_grade_bands_must_chain(folder: Path) -> None:
    book = check(folder).indicators
    assert book is not None
    target = book.info_cells["grades"]
    edit(folder / IND, "基本信息", {target: "优>=90；良>=80；中>=70；差<60"})
    got_check, _ = assert_one_truth(folder)
    assert ("grades-invalid", IND, "基本信息", target) in got_check


def test_deductions_a_rule_ignores_are_a_warning(folder: Path) -> None:
    insert_row(folder / IND, "扣分事项", 4, {"A": "C11", "B": "台账不全", "C": "0.50"})
    result = score(folder)
    warned = [i for i in check(folder).report.warnings if i.code == "deductions-ignored"]
    assert [(i.sheet, i.cell) for i in warned] == [("指标体系", "M21")]
    assert "deductions-ignored" in {i.code for i in result.checks}


def test_actual_differs_is_in_check(folder: Path) -> None:
    edit(folder / IND, "指标体系", {"J11": "98.00%"})
    (issue,) = [i for i in check(folder).report.issues if i.code == "actual-differs"]
    assert (issue.sheet, issue.cell, issue.severity) == ("指标体系", "J11", W)


@pytest.mark.parametrize(("typed", "target", "warned"), [("1.5", "≥95.00%", True), ("96.5", "≥95.00%", True),
                                                         ("96.5%", "≥95.00%", False), ("0.965", "≥95.00%", False)])
def test_ambiguous_rate_is_a_warning_naming_both_readings(folder: Path, typed: str, target: str, warned: bool) -> None:
    edit(folder / IND, "指标体系", {"J21": typed, "I21": target})
    issues = [i for i in check(folder).report.issues if i.code == "ambiguous-rate"]
    assert bool(issues) == warned
    if warned:
        assert issues[0].cell == "J21" and f"{typed}%" in issues[0].message and "也可读作" in issues[0].message


def test_manual_reason_is_printed_at_full_marks(folder: Path, tmp_path: Path) -> None:
    from xlkit.write.result_writer import write_result

    edit(folder / IND, "指标体系", {"M22": "酌情评分", "N22": "得分=10；理由=参保全覆盖，经核实"})
    result = score(folder)
    ind = next(i for i in result.evaluation.indicators if i.code == "C12")
    assert ind.score == ind.weight == D(10)
    path = write_result(result, tmp_path / "综合评分表.xlsx")
    ws = openpyxl.load_workbook(path)["综合评分表"]
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
    assert any("参保全覆盖，经核实" in t for t in texts)


# ---- blank folders: the real to-do list ----------------------------------------------------------

@pytest.fixture(scope="module")
def blanks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("blank")
    xlkit.new_project(root / "dept", eval_type="部门整体", unit="测试局", year=2024)
    xlkit.new_project(root / "proj", eval_type="项目支出", unit="测试局", project="测试项目", year=2024)
    from xlkit.write.project import new_selfeval

    new_selfeval(root / "self", unit="测试局", year=2024, project="测试项目")
    return {"dept": root / "dept", "proj": root / "proj", "self": root / "self"}


@pytest.mark.parametrize("kind", ["dept", "proj", "self"])
def test_a_blank_folder_gets_its_to_do_list(blanks: dict[str, Path], kind: str) -> None:
    got_check, got_score = assert_one_truth(blanks[kind])
    assert got_score <= got_check
    if kind == "self":
        assert {"selfeval-no-indicators", "selfeval-funds-missing"} <= {k[0] for k in got_check}
        return
    codes = {k[0] for k in got_check}
    assert ("workbook-empty", BUD, None, None) in got_check
    assert {"actual-missing", "measure-not-applicable"} <= codes
    # Every indicator that needs a typed 实际完成值 is listed at its cell.
    assert len([k for k in got_check if k[0] == "actual-missing"]) >= 6


def test_blank_to_do_list_is_grouped_by_workbook_and_sheet(blanks: dict[str, Path]) -> None:
    res = CliRunner().invoke(app, ["check", str(blanks["dept"])])
    assert res.exit_code == 1
    assert " 【预决算.xlsx › 支出】" in res.stdout and " 【指标体系.xlsx › 指标体系】" in res.stdout
    assert "校验通过" not in res.stdout


def test_score_refusal_lists_what_check_lists(blanks: dict[str, Path]) -> None:
    res = CliRunner().invoke(app, ["score", str(blanks["proj"])])
    assert res.exit_code == 1
    checked = CliRunner().invoke(app, ["check", str(blanks["proj"])])
    n = len(check(blanks["proj"]).report.errors)
    assert f"{n} 个错误，未评分" in res.output and f"校验未通过：{n} 个错误" in checked.stdout


@pytest.mark.parametrize("sample", ["kashi_sample"])
def test_samples_pass_check_and_score_alike(sample: str, request: pytest.FixtureRequest) -> None:
    folder = request.getfixturevalue(sample)
    assert check_errors(folder) == set() == score_errors(folder)


# ---- one outcome shape ---------------------------------------------------------------------------

def test_score_returns_one_result_type(kashi_sample: Path, tmp_path: Path) -> None:
    """Every folder scores to one ``Result``; its parts are present as the folder has them
    (evaluation, 自评, comparison, fund table), never told apart by type or hasattr."""
    from helpers import load_sample_builder

    from xlkit.scoring.evaluation import Evaluation, Result

    builder = load_sample_builder()
    evaluated = score(kashi_sample)  # 指标体系 only (seed 000)
    both = score(builder.build_fukang(tmp_path / "fukang"))  # 指标体系 and the unit's 自评表 (003)
    alone = score(builder.build_kashgar(tmp_path / "kashgar"))  # 4 自评表 and 基金收支 (004)
    assert {type(r) for r in (evaluated, both, alone)} == {Result}
    assert isinstance(evaluated.evaluation, Evaluation) and isinstance(both.evaluation, Evaluation)
    # the seeds' printed totals: 000 92.90 优, 003 93.50 优
    assert (str(evaluated.evaluation.total), evaluated.evaluation.grade) == ("92.90", "优")
    assert (str(both.evaluation.total), both.evaluation.grade) == ("93.50", "优")
    assert (evaluated.self_evals, evaluated.comparisons, evaluated.fund) == ([], [], None)
    assert len(both.self_evals) == len(both.comparisons) == 1 and both.fund is None
    assert both.comparisons[0].eval_total == both.evaluation.total
    assert alone.evaluation is None and alone.comparisons == [] and alone.fund is not None
    assert len(alone.self_evals) == 4 and alone.info == alone.self_evals[0].info

    # to_dict: the published --json shape of each kind of folder, in its key order
    head = ["unit", "year", "type", "project", "total_weight", "total", "rate", "grade", "veto_all", "full_marks",
            "indicator_count", "levels", "indicators", "measures", "checks", "self_evaluations", "comparisons"]
    assert list(evaluated.to_dict()) == head and list(both.to_dict()) == head
    assert list(alone.to_dict()) == ["self_evaluations", "checks", "fund"]
    assert both.to_dict()["total"] == "93.50" and len(both.to_dict()["comparisons"]) == 1

    # to_frame: the evaluation's 三级 indicators, or the 自评表 indicators of a folder without one
    frame = evaluated.to_frame()
    assert list(frame.index) == [i.code for i in evaluated.evaluation.indicators]
    assert sum(frame["score"]) == evaluated.evaluation.total and set(frame["unit"]) == {"喀什市医疗保障局"}
    selfs = alone.to_frame()
    assert len(selfs) == sum(len(s.indicators) for s in alone.self_evals) and set(selfs["file"]) == {
        s.file for s in alone.self_evals}
    assert len(both.self_eval_frame()) == len(both.self_evals[0].indicators)
    assert evaluated.self_eval_frame().empty and list(evaluated.self_eval_frame().columns)[:2] == ["file", "project"]


def test_no_caller_tells_outcomes_apart_by_type() -> None:
    """One result type: nothing in the package or the tests asks what kind of outcome it has."""
    import re

    root = Path(__file__).resolve().parent.parent
    pattern = re.compile(r"SelfEvalReport|hasattr\((result|scored|outcome|report|res), |"
                         r"isinstance\((result|scored|outcome|res), (Result|SelfEval)|"
                         r"getattr\((result|scored|outcome|res), \"(total|grade|indicators|evals|fund)\"")
    found = [f"{p.relative_to(root)}:{n}" for p in [*root.joinpath("xlkit").rglob("*.py"), *root.joinpath("tests").rglob("*.py")]
             if p.name != Path(__file__).name
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert found == []


def test_mypy_catches_a_missing_evaluation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The evaluation is optional in the type: reading it unchecked is a type error, not a
    surprise at run time for the 自评-only folder."""
    api = pytest.importorskip("mypy.api")
    snippet = tmp_path / "caller.py"
    snippet.write_text("import xlkit.scoring.evaluation\n\nr = xlkit.scoring.evaluation.score('x')\nr.evaluation.total\nr.total\n"
                       "ev = r.evaluation\nif ev is not None:\n    ev.total, ev.grade, r.self_evals, r.fund\n",
                       encoding="utf-8")
    root = Path(__file__).resolve().parent.parent
    monkeypatch.setenv("MYPYPATH", str(root))  # this checkout's xlkit, not an installed one
    out, _, status = api.run([str(snippet), "--cache-dir", str(tmp_path / "cache"), "--config-file",
                              str(root / "pyproject.toml"), "--no-error-summary"])
    codes = sorted(line.split("  [")[-1].rstrip("]") for line in out.splitlines() if "error:" in line)
    lines = sorted(int(line.split(":")[1]) for line in out.splitlines() if "error:" in line)
    assert (status, codes, lines) == (1, ["attr-defined", "union-attr"], [4, 5]), out
