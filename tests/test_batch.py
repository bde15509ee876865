"""`xlkit batch`: every project folder below a root scored, a bad one listed, the 汇总 workbook.

The folders are the bundled sample (seed 000, 92.90 优) and variants of it whose totals follow from
the seed's printed scores: without A12's three 0.50 deductions (000 附件1: A12 2.50 of 4) the total is
94.40; with 参保率 C11 at 0.00% (完成率 below the 60% floor scores 0 of its 10.00) 82.90 良; with
C12 as well 72.90 中. One folder has text in an amount cell and is listed, not scored.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from check_helpers import BUD, IND, edit, snapshot
from helpers import load_sample_builder
from typer.testing import CliRunner

from xlkit.bureau.batch import OUTCOME_RECORD, RECORDS_DIR, find_projects, results_dir_for, run_batch
from xlkit.cli import app
from xlkit.errors import OutputExistsError

D = Decimal
UNIT_B = "=喀什市医疗保障局（复核）"  # a unit text that starts with "=": stays text everywhere
# folder → (total, grade), from the seed figures (module docstring)
EXPECTED = {"喀什A": (D("92.90"), "优"), "二组/喀什B": (D("94.40"), "优"), "喀什C": (D("82.90"), "良"),
            "喀什D": (D("72.90"), "中")}
BROKEN = "喀什E"


def _build(folder: Path, *, drop_a12: bool = False, zero: tuple[str, ...] = ()) -> Path:
    builder = load_sample_builder()  # a fresh module: its tables can be changed for one build
    if drop_a12:
        builder.KASHI_FINDINGS = [f for f in builder.KASHI_FINDINGS if f["code"] != "A12"]
    codes = ["A11", "A12", "A21", "A22", "A31", "A32", "B11", "B21", "B22", "B31", "B32", "B41", "B42", "B51", "B52",
             "B61", "B62", "C11", "C12", "C13", "C14", "C15", "C16", "C21"]
    actuals = list(builder.KASHI_ACTUALS)
    for code in zero:
        actuals[codes.index(code)] = ("0.00%", actuals[codes.index(code)][1])
    builder.KASHI_ACTUALS = actuals
    return builder.build_kashi(folder)


def _set_field(path: Path, sheet: str, label: str, value: str) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    for row in ws.iter_rows(min_col=1, max_col=1):
        if str(row[0].value or "").startswith(label):
            cell = ws.cell(row[0].row, 2)
            cell.value, cell.data_type = value, "s"  # typed as text, as Excel stores a leading "="
            break
    else:
        raise AssertionError(label)
    wb.save(path)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("batch")
    root = base / "2024年度评价"
    a = _build(root / "喀什A")
    _build(root / "二组" / "喀什B", drop_a12=True)
    _set_field(root / "二组" / "喀什B" / IND, "基本信息", "被评单位", UNIT_B)
    _build(root / "喀什C", zero=("C11",))
    _build(root / "喀什D", zero=("C11", "C12"))
    shutil.copytree(a, root / BROKEN)
    edit(root / BROKEN / BUD, "支出", {"D4": "四百五十一"})
    (root / "说明").mkdir()
    (root / "说明" / "readme.txt").write_text("not a project", encoding="utf-8")
    shutil.copytree(a, root / ".hidden")
    return root


@pytest.fixture(scope="module")
def batch(root: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("out") / "2024汇总.xlsx"
    before = {p: snapshot(p) for p in find_projects(root)}
    result = run_batch(root, out, jobs=2)
    assert {p: snapshot(p) for p in find_projects(root)} == before  # the received folders are only read
    return result


def _scores(result: Any) -> dict[str, tuple[Decimal, str]]:
    return {o.folder: (o.row["total"], o.row["grade"]) for o in result.scored}


def test_find_projects(root: Path) -> None:
    found = [p.relative_to(root).as_posix() for p in find_projects(root)]
    assert found == ["二组/喀什B", "喀什A", "喀什C", "喀什D", "喀什E"]


def test_rows_and_grades(batch: Any) -> None:
    assert _scores(batch) == EXPECTED
    a = next(o for o in batch.scored if o.folder == "喀什A").row
    assert [(lv["name"], lv["weight"], lv["score"]) for lv in a["level1"]] == [
        ("部门决策", D(15), D("13.50")), ("部门管理", D(25), D("19.40")), ("部门绩效", D(60), D("60.00"))]
    assert (a["execution"], a["adjustment"]) == (D("1.0000"), D("0.2021"))  # 000: 100.00%, 20.21%
    assert [(d["code"], d["points"]) for d in a["deductions"]] == [("A12", D("1.50")), ("B11", D("1.50")),
                                                                    ("B41", D("1.50"))]
    b = next(o for o in batch.scored if o.folder == "二组/喀什B").row
    assert b["unit"] == UNIT_B
    assert batch.grade_counts() == {"优": 2, "良": 1, "中": 1}


def test_the_parent_keeps_repeated_values_once(batch: Any) -> None:
    """Every outcome comes back from a worker as new objects; the parent, which keeps them all until the
    汇总 (10,000 folders), holds a text or Decimal repeated across folders once, its printed form intact."""
    rows = [o.row for o in batch.scored]
    assert len(rows) == 4
    first = rows[0]
    for row in rows[1:]:
        for mine, other in zip(row["level1"], first["level1"]):
            assert mine["name"] is other["name"] and mine["weight"] is other["weight"]
        assert row["execution_measure"] is first["execution_measure"]
    a = next(o for o in batch.scored if o.folder == "喀什A").row
    # 000's printed figures keep their two decimals (a Decimal is shared by its text, never by its value)
    assert (str(a["total"]), str(a["deductions"][0]["points"]), str(a["level1"][1]["score"])) == ("92.90", "1.50", "19.40")


def test_broken_folder_is_listed_with_its_issues(batch: Any) -> None:
    assert [o.folder for o in batch.failed] == [BROKEN]
    issues = batch.failed[0].issues
    assert ("预决算.xlsx", "支出", "D4", "type-error") in {(i["file"], i["sheet"], i["cell"], i["code"]) for i in issues}


def test_result_workbooks(batch: Any) -> None:
    for outcome in batch.scored:
        path = batch.output.parent / outcome.result_file
        assert path.exists()
        ws = openpyxl.load_workbook(path)["得分汇总"]
        assert any(c.value == "总分" for row in ws.iter_rows() for c in row)
    assert not (batch.results_dir / BROKEN).exists()


def _sheet_rows(ws: Any) -> list[list[Any]]:
    return [[c.value for c in row] for row in ws.iter_rows(min_row=4)]


def test_summary_workbook(batch: Any) -> None:
    wb = openpyxl.load_workbook(batch.output)
    assert wb.sheetnames == ["汇总", "等级分布", "得分率", "图表", "未通过"]
    ws = wb["汇总"]
    headers = [c.value for c in ws[3]]
    assert headers[:6] == ["序号", "文件夹", "被评单位", "项目名称", "评价类型", "年度"]
    col = {h: i for i, h in enumerate(headers)}
    rows = {r[1]: r for r in _sheet_rows(ws)}
    assert set(rows) == set(EXPECTED)
    for folder, (total, grade) in EXPECTED.items():
        assert (D(str(rows[folder][col["总分"]])).quantize(D("0.01")), rows[folder][col["等级"]]) == (total, grade)
    a = rows["喀什A"]
    assert (a[col["部门决策\n分值"]], a[col["部门决策\n得分"]], a[col["部门管理\n得分"]]) == (15, 13.5, 19.4)
    assert a[col["预算执行率"]] == 1 and a[col["预算调整率"]] == 0.2021
    assert a[col["主要扣分"]].startswith("A12 年度工作计划科学完整性 扣 1.50 分")
    # user text beginning with "=" is a string cell, not a formula
    b_row = next(r for r in ws.iter_rows(min_row=4) if r[1].value == "二组/喀什B")
    assert (b_row[2].value, b_row[2].data_type) == (UNIT_B, "s")
    link = b_row[col["综合评分表"]].hyperlink
    assert link is not None and link.target.replace("\\", "/").endswith("二组/喀什B/综合评分表.xlsx")
    for sheet in wb.worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
    assert ws.print_title_rows == "$1:$3"


def test_grade_distribution(batch: Any) -> None:
    ws = openpyxl.load_workbook(batch.output, data_only=True)["等级分布"]
    counts = {r[0]: r[1] for r in _sheet_rows(ws) if r[0]}
    assert counts == {"优": 2, "良": 1, "中": 1, "差": 0, "合计": 4}
    formulas = openpyxl.load_workbook(batch.output)["等级分布"]
    assert formulas["B4"].value.startswith("=COUNTIF('汇总'!")


def test_charts(batch: Any) -> None:
    with zipfile.ZipFile(batch.output) as zf:
        charts = sorted(n for n in zf.namelist() if n.startswith("xl/charts/chart"))
        xml = "".join(zf.read(n).decode("utf-8") for n in charts)
    assert len(charts) == 3
    assert xml.count("<c:barChart>") == 2 and xml.count("<c:scatterChart>") == 1
    for title in ("等级分布", "各单位总得分率（从高到低）", "总分与预算执行率"):
        assert title in xml


def test_failed_sheet(batch: Any) -> None:
    ws = openpyxl.load_workbook(batch.output)["未通过"]
    rows = [r for r in _sheet_rows(ws) if r[1]]
    assert {(r[1], r[2], r[3], r[4], r[6]) for r in rows} >= {(BROKEN, "预决算.xlsx", "支出", "D4", "type-error")}
    assert all(r[1] == BROKEN for r in rows)
    # the English code (G) stays on screen; the printed page ends at 问题 (F), its title centred over A–F
    assert ws.print_area.split("!")[-1] == f"$A$1:$F${3 + len(rows)}"
    assert "A1:F1" in {str(r) for r in ws.merged_cells.ranges}


def test_existing_output_needs_force(root: Path, batch: Any) -> None:
    with pytest.raises(OutputExistsError):
        run_batch(root, batch.output, jobs=1)


def test_one_process_gives_the_same_rows(root: Path, batch: Any, tmp_path: Path) -> None:
    single = run_batch(root, tmp_path / "汇总.xlsx", jobs=1)
    assert [(o.folder, o.row, o.issues) for o in single.outcomes] == [(o.folder, o.row, o.issues) for o in batch.outcomes]


def test_dask_local_cluster_gives_the_same_rows(root: Path, batch: Any, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        result = run_batch(root, tmp_path / "汇总.xlsx", scheduler=cluster.scheduler_address)
    assert [(o.folder, o.row, o.issues) for o in result.outcomes] == [(o.folder, o.row, o.issues) for o in batch.outcomes]
    assert (tmp_path / "汇总.xlsx").exists()


def test_cli_json_and_summary_line(root: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["batch", str(root), "-o", str(tmp_path / "汇总.xlsx"), "--json", "--jobs", "2"])
    assert res.exit_code == 1  # one folder failed
    data = json.loads(res.stdout)
    assert (data["folders"], data["scored"], data["failed"]) == (5, 4, 1)
    assert data["grades"] == {"优": 2, "良": 1, "中": 1}
    totals = {o["folder"]: o["row"]["total"] for o in data["outcomes"] if o["ok"]}
    assert totals == {k: str(v[0]) for k, v in EXPECTED.items()}
    res = runner.invoke(app, ["batch", str(root), "-o", str(tmp_path / "汇总.xlsx"), "--force", "-j", "1"])
    assert res.exit_code == 1
    assert "共 5 个项目文件夹：已评分 4 个（优 2，良 1，中 1），未通过 1 个" in res.stdout
    res = runner.invoke(app, ["batch", str(root), "-o", str(tmp_path / "汇总.xlsx")])
    assert res.exit_code == 1 and "已存在" in res.stderr


def test_cli_root_without_projects(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["batch", str(tmp_path), "-o", str(tmp_path / "汇总.xlsx")])
    assert res.exit_code == 1 and "没有找到项目文件夹" in res.stderr


def test_a_folder_of_self_evaluations_gives_a_row_per_scored_one(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "samples"))
    from fukang_selfeval import build_fukang_selfeval

    root = tmp_path / "自评"
    build_fukang_selfeval(root / "阜康")
    result = run_batch(root, tmp_path / "汇总.xlsx")
    (outcome,) = result.scored
    (row,) = outcome.rows
    # 003 附件7: 88.37 良, 预算执行率 182.62/182.62
    assert (row["total"], row["grade"], row["execution"]) == (D("88.37"), "良", D("1.0000"))
    assert row["type"] == "自评（项目支出）" and row["project"] == "2024年职工大额医疗补助项目"
    ws = openpyxl.load_workbook(tmp_path / "汇总.xlsx")["汇总"]
    values = [c.value for c in ws[4]]
    assert "2024年职工大额医疗补助项目" in values and 88.37 in values


# ---- resume: a killed batch loses nothing and repeats nothing that is done ----------------------------

def _cli_batch(root: Path, out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "xlkit", "batch", str(root), "-o", str(out), "-j", "1", "--json",
                             *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _outcomes(stdout: str) -> list[dict[str, Any]]:
    return json.loads(stdout)["outcomes"]


def _workbook_values(path: Path) -> dict[str, list[list[Any]]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb}


def _records(results: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in (results / RECORDS_DIR).rglob(OUTCOME_RECORD)}


@pytest.mark.parametrize("kill_after", [0, 1, 3, 5])
def test_a_killed_batch_resumed_gives_the_uninterrupted_summary(root: Path, kill_after: int, tmp_path: Path) -> None:
    """SIGKILL once ``kill_after`` folders are recorded (0: during start-up; 5: all scored, the 汇总
    being written), then ``--resume``: the same outcomes and the same 汇总 as an uninterrupted run,
    and the folders recorded before the kill are not scored again."""
    reference_out = tmp_path / "ref" / "2024汇总.xlsx"
    ref = _cli_batch(root, reference_out)
    ref_stdout, _ = ref.communicate(timeout=300)
    out = tmp_path / "run" / "2024汇总.xlsx"
    results = results_dir_for(out)
    proc = _cli_batch(root, out)
    try:
        deadline = time.monotonic() + 240
        while len(_records(results)) < kill_after and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.communicate(timeout=60)
    before = _records(results)
    assert len(before) >= kill_after
    resumed = _cli_batch(root, out, "--resume")
    stdout, stderr = resumed.communicate(timeout=300)
    assert resumed.returncode == 1, stderr  # one folder fails, as in the uninterrupted run
    assert _outcomes(stdout) == _outcomes(ref_stdout)
    assert _workbook_values(out) == _workbook_values(reference_out)
    after = _records(results)
    assert all(after[p] == t for p, t in before.items()), "a folder recorded before the kill was scored again"
    for o in _outcomes(stdout):
        if o["ok"]:
            assert (out.parent / o["result_file"]).exists()


def test_resume_scores_again_what_changed(root: Path, tmp_path: Path) -> None:
    folder = shutil.copytree(root, tmp_path / "root")
    out = tmp_path / "out" / "汇总.xlsx"
    first = run_batch(folder, out, jobs=1)
    assert _scores(first)["喀什C"] == (D("82.90"), "良")
    results = results_dir_for(out)
    records = _records(results)
    # 喀什C gets 喀什A's inputs: its record no longer matches, so it alone is scored again.
    for name in (BUD, IND, "凭证抽查台账.xlsx", "问卷统计.xlsx"):
        shutil.copyfile(folder / "喀什A" / name, folder / "喀什C" / name)
    again = run_batch(folder, out, jobs=1, resume=True)
    assert _scores(again)["喀什C"] == (D("92.90"), "优")
    changed = {p.parent.relative_to(results / RECORDS_DIR).as_posix()
               for p, t in _records(results).items() if records.get(p) != t}
    assert changed == {"喀什C"}
    # A result deleted by hand is written again.
    (results / "喀什A" / "综合评分表.xlsx").unlink()
    third = run_batch(folder, out, jobs=1, resume=True)
    assert (results / "喀什A" / "综合评分表.xlsx").exists()
    assert _scores(third) == _scores(again)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="folder names read from /proc")
def test_every_result_name_is_durable_before_the_summary(root: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The workers fsync each result file before its name but leave the folder fsyncs to one pass
    before the 汇总: every result's folder, the folders above it and the 汇总's folder are synced
    before the 汇总 is written, and no worker synced a result folder itself."""
    import os

    import xlkit.write.summary_writer as summary_writer

    events: list[tuple[str, str]] = []
    real_fsync, real_write = os.fsync, summary_writer.write_summary

    def fsync(fd: int) -> None:
        import stat

        if stat.S_ISDIR(os.fstat(fd).st_mode):
            events.append(("dir", os.readlink(f"/proc/self/fd/{fd}")))
        else:
            events.append(("file", ""))
        real_fsync(fd)

    def write_summary(*args: Any, **kwargs: Any) -> Any:
        events.append(("summary", ""))
        return real_write(*args, **kwargs)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(summary_writer, "write_summary", write_summary)
    out = tmp_path / "汇总.xlsx"
    result = run_batch(root, out, jobs=1)
    results = results_dir_for(out)
    expected = {str(results / o.folder) for o in result.scored} | {str(results / "二组"), str(results), str(tmp_path)}
    at = events.index(("summary", ""))
    before = events[:at]
    synced = {path for kind, path in before if kind == "dir"}
    assert expected <= synced, expected - synced
    assert sum(1 for kind, _ in before if kind == "file") == len(result.scored)  # one per result, before its name
    # The pass comes after the last result: no folder synced while results were still being written.
    last_file = max(i for i, (kind, _) in enumerate(before) if kind == "file")
    assert all(kind == "file" for kind, _ in before[:last_file + 1])


def test_json_is_written_one_outcome_at_a_time_with_the_same_text(batch: Any) -> None:
    """``xlkit batch --json`` streams the outcomes (10,000 folders' text at once went past 300 MB);
    the text is exactly what json.dumps of the whole result gives, with and without outcomes."""
    whole = json.dumps(batch.to_dict(), ensure_ascii=False, indent=2)
    assert "".join(batch.json_chunks()) == whole
    assert json.loads(whole)["outcomes"][0]["folder"] == batch.outcomes[0].folder
    empty = type(batch)(root=batch.root, output=batch.output, results_dir=batch.results_dir, outcomes=[], seconds=0.0)
    assert "".join(empty.json_chunks()) == json.dumps(empty.to_dict(), ensure_ascii=False, indent=2)
