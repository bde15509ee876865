"""The archive: inputs stored byte for byte with hashes, results and issues, templates and provenance,
migrations from an empty (version 0) database, two processes adding at once, export to xlsx and pandas.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from check_helpers import BUD, edit
from helpers import load_sample_builder
from typer.testing import CliRunner

import xlkit
from xlkit.bureau.archive import MIGRATIONS, SCHEMA_VERSION, Archive, ArchiveError, default_db_path, migrate
from xlkit.cli import app

D = Decimal


@pytest.fixture(scope="module")
def kashi(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return load_sample_builder().build_kashi(tmp_path_factory.mktemp("arch") / "喀什医保2024")


@pytest.fixture(scope="module")
def broken(kashi: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = shutil.copytree(kashi, tmp_path_factory.mktemp("arch") / "喀什医保2024-错")
    edit(folder / BUD, "支出", {"D4": "四百五十一"})
    return folder


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("arch") / "标准模板"
    xlkit.write.project.blank_set(folder)
    return folder


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_round_trip(kashi: Path, blank: Path, tmp_path: Path) -> None:
    with Archive(tmp_path / "a.sqlite") as archive:
        tpl_ids = archive.add_templates(blank)
        assert archive.add_templates(blank) == tpl_ids  # same bytes: stored once
        pid = archive.add(kashi)
        item = archive.project(pid)
        assert (item["unit"], item["year"], item["type"], item["status"]) == ("喀什市医疗保障局", 2024, "部门整体", "scored")
        assert (item["total"], item["grade"]) == ("92.90", "优")  # seed 000
        assert item["result"]["total"] == "92.90"
        assert {f["name"]: f["sha256"] for f in item["files"]} == {p.name: _sha(p) for p in kashi.glob("*.xlsx")}
        # which template version the unit filled, matched to the template as issued
        prov = {f["name"]: f for f in archive.provenance(pid)}
        assert (prov["预决算.xlsx"]["kind"], prov["预决算.xlsx"]["version"]) == ("budget", "1.0")
        assert prov["预决算.xlsx"]["template_sha256"] == _sha(blank / "预决算.xlsx")
        assert prov["指标体系.xlsx"]["template_sha256"] == _sha(blank / "指标体系（部门整体）.xlsx")
        restored = archive.restore(pid, tmp_path / "restored")
        assert {p.name: _sha(p) for p in restored.iterdir()} == {p.name: _sha(p) for p in kashi.glob("*.xlsx")}
        again = archive.rescore(pid)
        assert (again.evaluation.total, again.evaluation.grade) == (D("92.90"), "优")


def test_a_folder_that_fails_is_stored_with_its_issues(broken: Path, tmp_path: Path) -> None:
    with Archive(tmp_path / "a.sqlite") as archive:
        pid = archive.add(broken)
        item = archive.project(pid)
    assert (item["status"], item["total"], item["unit"]) == ("failed", None, "喀什市医疗保障局")
    assert ("预决算.xlsx", "支出", "D4", "type-error") in {(i["file"], i["sheet"], i["cell"], i["code"])
                                                        for i in item["issues"]}


def test_list_by_year_and_frame(kashi: Path, broken: Path, tmp_path: Path) -> None:
    with Archive(tmp_path / "a.sqlite") as archive:
        archive.add(kashi)
        archive.add(broken)
        assert [(i["status"], i["total"]) for i in archive.list(2024)] == [("scored", "92.90"), ("failed", None)]
        assert archive.list(2023) == []
        frame = archive.to_frame(2024)
    assert next(iter(frame["total"])) == D("92.90")
    assert frame.iloc[0]["部门管理得分"] == D("19.40")
    assert next(iter(frame["grade"])) == "优"


def test_export(kashi: Path, blank: Path, tmp_path: Path) -> None:
    with Archive(tmp_path / "a.sqlite") as archive:
        archive.add_templates(blank)
        archive.add(kashi)
        path = archive.export(tmp_path / "历年.xlsx", year=2024)
        with pytest.raises(xlkit.OutputExistsError):
            archive.export(tmp_path / "历年.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["项目", "文件", "模板"]
    head = [c.value for c in wb["项目"][1]]
    row = dict(zip(head, [c.value for c in wb["项目"][2]]))
    assert (row["被评单位"], row["总分"], row["等级"], row["状态"]) == ("喀什市医疗保障局", 92.9, "优", "已评分")
    files = {r[2]: r for r in wb["文件"].iter_rows(min_row=2, values_only=True)}
    assert files["预决算.xlsx"][7] == _sha(kashi / "预决算.xlsx")
    assert files["预决算.xlsx"][8] == _sha(blank / "预决算.xlsx")
    assert len(list(wb["模板"].iter_rows(min_row=2))) == 5


def test_migrations_from_version_0(kashi: Path, tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    conn = sqlite3.connect(db, isolation_level=None)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
    assert migrate(conn, target=1) == 1  # an archive written by the first schema
    conn.execute("INSERT INTO projects (folder, unit, year, status, total, grade, issues_json, xlkit_version, added_at)"
                 " VALUES ('x', '旧单位', 2023, 'scored', '88.00', '良', '[]', '0.0.1', '2024-01-01')")
    conn.close()
    with Archive(db) as archive:
        assert archive.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
        assert [(i["unit"], i["total"]) for i in archive.list(2023)] == [("旧单位", "88.00")]
        cols = {r[1] for r in archive.conn.execute("PRAGMA table_info(files)")}
        assert "system_version" in cols
        archive.add(kashi)
        assert len(archive.list()) == 2
        mode = archive.conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_empty_file_is_version_0_and_newer_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "empty.sqlite"
    db.touch()
    with Archive(db) as archive:
        assert archive.list() == []
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(ArchiveError, match="请升级 xlkit"):
        Archive(db)
    (tmp_path / "junk.sqlite").write_bytes(b"not a database at all" * 100)
    with pytest.raises(ArchiveError, match="不是 xlkit 归档数据库"):
        Archive(tmp_path / "junk.sqlite")


ADDER = textwrap.dedent("""
    import sys
    from xlkit.bureau.archive import Archive
    db, folders = sys.argv[1], sys.argv[2:]
    for folder in folders:
        with Archive(db) as archive:
            archive.add(folder, again=True)  # byte-identical copies: stored as units of their own
""")


def test_concurrent_adds_from_two_processes_lose_nothing(kashi: Path, tmp_path: Path) -> None:
    copies = []
    for i in range(8):
        copies.append(shutil.copytree(kashi, tmp_path / f"unit{i}"))
    db = tmp_path / "shared.sqlite"  # new: both processes also race to create the schema
    procs = [subprocess.Popen([sys.executable, "-c", ADDER, str(db), *map(str, copies[i::2])],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(2)]
    for p in procs:
        _out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    with Archive(db) as archive:
        items = archive.list()
        assert sorted(Path(i["folder"]).name for i in items) == sorted(c.name for c in copies)
        assert all(i["files"] == 4 and i["total"] == "92.90" for i in items)
        assert archive.conn.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 4 * len(copies)
        # identical inputs are stored once
        assert archive.conn.execute("SELECT COUNT(*) FROM blobs").fetchone()[0] == 4


def test_default_path_is_in_the_user_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_db_path() == tmp_path / "data" / "xlkit" / "archive.sqlite"


def test_cli(kashi: Path, blank: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "cli.sqlite")
    res = runner.invoke(app, ["archive", "add", str(kashi), "--db", db])
    assert res.exit_code == 0, res.output
    assert res.stdout == "已归档 #1：喀什市医疗保障局 2024，4 个文件，总分 92.90，等级 优。\n"
    res = runner.invoke(app, ["archive", "add-template", str(blank), "--db", db])
    assert res.exit_code == 0 and res.stdout.count("模板 #") == 5
    res = runner.invoke(app, ["archive", "list", "--year", "2024", "--db", db, "--json"])
    assert [(i["unit"], i["total"], i["grade"]) for i in json.loads(res.stdout)] == [("喀什市医疗保障局", "92.90", "优")]
    res = runner.invoke(app, ["archive", "list", "--year", "2023", "--db", db])
    assert res.stdout.strip() == "共 0 个项目。"
    res = runner.invoke(app, ["archive", "export", "--year", "2024", "-o", str(tmp_path / "历年.xlsx"), "--db", db])
    assert res.exit_code == 0 and (tmp_path / "历年.xlsx").exists()
    res = runner.invoke(app, ["archive", "add", str(tmp_path / "nowhere"), "--db", db])
    assert res.exit_code == 1 and "找不到项目文件夹" in res.stderr


# ---- re-adds, outputs, filled templates (issue: the archive must not lie about what was received) -----

def test_a_re_add_of_unchanged_inputs_is_recognised(kashi: Path, tmp_path: Path) -> None:
    from xlkit.bureau.archive import AlreadyArchived

    folder = shutil.copytree(kashi, tmp_path / "喀什医保2024")
    with Archive(tmp_path / "a.sqlite") as archive:
        first = archive.add(folder)
        with pytest.raises(AlreadyArchived, match=f"已归档，编号 {first}") as exc:
            archive.add(folder)
        assert exc.value.project_id == first
        assert len(archive.list()) == 1
        second = archive.add(folder, again=True)  # an explicit new version
        assert second != first and len(archive.list()) == 2
        edit(folder / BUD, "支出", {"E5": 1})  # a changed input is a new entry without asking
        third = archive.add(folder)
        assert third not in (first, second)


def test_the_folders_own_outputs_are_not_archived_as_inputs(kashi: Path, tmp_path: Path) -> None:
    folder = shutil.copytree(kashi, tmp_path / "喀什医保2024")
    runner = CliRunner()
    res = runner.invoke(app, ["score", str(folder)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["audit", str(folder)])
    assert "综合评分表.xlsx" in {p.name for p in folder.iterdir()}
    outputs = {p.name for p in folder.glob("*.xlsx")} - {p.name for p in kashi.glob("*.xlsx")}
    assert "综合评分表.xlsx" in outputs
    # An output renamed by the clerk is still known by the mark xlkit leaves in its properties.
    shutil.copyfile(folder / "综合评分表.xlsx", folder / "评分结果（备份）.xlsx")
    with Archive(tmp_path / "a.sqlite") as archive:
        pid = archive.add(folder)
        assert {f["name"] for f in archive.files(pid)} == {p.name for p in kashi.glob("*.xlsx")}


def test_add_template_refuses_a_filled_folder(kashi: Path, blank: Path, tmp_path: Path) -> None:
    with Archive(tmp_path / "a.sqlite") as archive:
        with pytest.raises(ArchiveError, match="已填写数据，不是空白模板"):
            archive.add_templates(kashi)
        with pytest.raises(ArchiveError, match=r"指标体系\.xlsx"):
            archive.add_templates(kashi / "指标体系.xlsx")
        assert archive.templates() == []
        assert len(archive.add_templates(blank)) == len(list(blank.glob("*.xlsx")))


def test_cli_add_again(kashi: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "cli.sqlite")
    assert runner.invoke(app, ["archive", "add", str(kashi), "--db", db]).exit_code == 0
    res = runner.invoke(app, ["archive", "add", str(kashi), "--db", db])
    assert res.exit_code == 0 and "已归档，编号 1" in res.output, res.output
    res = runner.invoke(app, ["archive", "add", str(kashi), "--db", db, "--again"])
    assert res.exit_code == 0 and "#2" in res.output, res.output
