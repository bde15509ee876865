"""The bureau's archive: issued templates and scored projects in one embedded SQLite file.

A 财政局 must be able to show, years later, which template version a unit filled and what xlkit
made of it. ``Archive.add(folder)`` stores every input file of a project folder (bytes and
SHA-256, with the kind and version of its ``_xlkit`` stamp), the result (``Result.to_dict()`` as
JSON) or, when the folder could not be scored, its issues. ``add_templates`` stores the blank
templates as issued (``xlkit new --blank``), so ``provenance`` can match a filled file's stamp to the
issued template. ``restore``/``rescore`` write the stored inputs back out and score them again.

Schema changes are numbered migrations tracked in ``PRAGMA user_version``; a database from an older
xlkit is upgraded when opened, one from a newer xlkit is refused. Several processes may add at
once: WAL journal, a busy timeout, and each add is one ``BEGIN IMMEDIATE`` transaction (scoring
happens before it, so the write lock is held for milliseconds).
"""

from __future__ import annotations

import builtins
import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlkit.errors import XlkitError
from xlkit.read.stamp import output_mark, read_stamp
from xlkit.spec.sheet_names import ARCHIVE_FILES, ARCHIVE_PROJECTS, ARCHIVE_TEMPLATES

__all__ = ["Archive", "default_db_path", "SCHEMA_VERSION", "MIGRATIONS", "ArchiveError", "AlreadyArchived"]

BUSY_TIMEOUT_MS = 60_000
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et", ".ods", ".csv")


class ArchiveError(XlkitError):
    """The archive database cannot be opened or used (message in Chinese)."""


class AlreadyArchived(ArchiveError):
    """The folder's inputs are byte for byte those of an archived project (``project_id``)."""

    def __init__(self, project_id: int):
        super().__init__(f"已归档，编号 {project_id}（输入文件与该次归档完全相同，未重复存入；如需另存一个新版本请加 --again）")
        self.project_id = project_id


# Each entry upgrades the schema by one version; never edit a released entry, append a new one.
MIGRATIONS: tuple[str, ...] = (
    # 1: templates, blobs (content-addressed), projects and their files
    """
    CREATE TABLE blobs (
        sha256 TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        data BLOB NOT NULL
    );
    CREATE TABLE templates (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        version TEXT NOT NULL,
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL UNIQUE REFERENCES blobs(sha256),
        added_at TEXT NOT NULL
    );
    CREATE TABLE projects (
        id INTEGER PRIMARY KEY,
        folder TEXT NOT NULL,
        unit TEXT,
        project TEXT,
        type TEXT,
        year INTEGER,
        status TEXT NOT NULL CHECK (status IN ('scored', 'failed')),
        total TEXT,
        grade TEXT,
        result_json TEXT,
        issues_json TEXT NOT NULL,
        xlkit_version TEXT NOT NULL,
        added_at TEXT NOT NULL
    );
    CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        sha256 TEXT NOT NULL REFERENCES blobs(sha256),
        size INTEGER NOT NULL,
        kind TEXT,
        version TEXT,
        UNIQUE (project_id, name)
    );
    """,
    # 2: the indicator system version of a stamp, and look-ups by year and by hash
    """
    ALTER TABLE files ADD COLUMN system_version TEXT;
    ALTER TABLE templates ADD COLUMN system_version TEXT;
    CREATE INDEX projects_year ON projects(year);
    CREATE INDEX files_sha256 ON files(sha256);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


def default_db_path() -> Path:
    """``archive.sqlite`` in the user's data directory (platformdirs)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("xlkit", appauthor=False)) / "archive.sqlite"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")


@dataclass
class _File:
    name: str
    data: bytes
    sha256: str
    stamp: dict[str, str]


def _folder_files(folder: Path) -> list[_File]:
    files = []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name.startswith(("~$", ".~lock", ".")):
            continue
        if path.suffix.lower() not in WORKBOOK_SUFFIXES:
            continue
        f = _read_file(path)
        if not f.stamp and _is_output(path):
            continue  # the folder's own 综合评分表 / 审核意见 / 问卷导入报告: results, not what was received
        files.append(f)
    return files


def _blank(path: Path, stamp: dict[str, str]) -> bool:
    """The stamped workbook is as issued: nothing typed beyond what ``xlkit new --blank`` puts in
    (a field's default, the evaluation type of the stamp, 指标体系's indicator system)."""
    from xlkit.read.cells import is_blank
    from xlkit.read.reader import read_workbook
    from xlkit.spec.templates import all_workbook_specs

    spec = all_workbook_specs().get(stamp.get("kind", ""))
    if spec is None:
        return False
    try:
        data = read_workbook(path, spec)
    except XlkitError:  # not readable as its own template: certainly not one to issue
        return False
    issued = {"levels", "indicators"} if spec.kind == "indicators" else set()
    for sheet_spec in spec.sheets:
        sheet = data.sheets.get(sheet_spec.key)
        if sheet is None or sheet_spec.key in issued:
            continue
        if sheet.rows or any(not is_blank(v) for r in sheet.fixed.values() for v in r.raw.values()):
            return False
        if sheet.fields is not None:
            preset = {f.key: {str(f.default)} if f.default is not None else set() for f in sheet_spec.fields}
            preset.setdefault("type", set()).add(stamp.get("type", ""))
            for key, raw in sheet.fields.raw.items():
                if not is_blank(raw) and str(raw).strip() not in preset.get(key, set()):
                    return False
    return True


def _is_output(path: Path) -> bool:
    from xlkit.audit.model import AUDIT_FILE
    from xlkit.bureau.batch import RESULT_FILE
    from xlkit.survey_intake.importer import REPORT_FILE

    return path.name in (RESULT_FILE, AUDIT_FILE, REPORT_FILE) or output_mark(path) is not None


def _read_file(path: Path) -> _File:
    data = path.read_bytes()
    return _File(path.name, data, _sha256(data), read_stamp(path))


class Archive:
    """One archive database. Use as a context manager, or call ``close()``."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else default_db_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Autocommit mode: every transaction below is explicit (BEGIN IMMEDIATE … COMMIT).
            self.conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise ArchiveError(f"无法打开归档数据库 {self.path}：{exc}") from exc
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            _retry_locked(lambda: self.conn.execute("PRAGMA journal_mode = WAL"))
            _retry_locked(lambda: migrate(self.conn))
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise ArchiveError(f"{self.path} 不是 xlkit 归档数据库或已损坏：{exc}") from exc
        except ArchiveError:
            self.conn.close()
            raise

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # ---- writing ------------------------------------------------------------------------------

    def _transaction(self) -> _Tx:
        return _Tx(self.conn)

    @staticmethod
    def _put_blob(conn: sqlite3.Connection, f: _File) -> None:
        conn.execute("INSERT OR IGNORE INTO blobs (sha256, size, data) VALUES (?, ?, ?)",
                     (f.sha256, len(f.data), f.data))

    def add(self, folder: str | Path, *, adjustment_mode: str = "net", again: bool = False) -> int:
        """Score ``folder`` and store its inputs, result or issues; returns the project id.

        A folder that cannot be scored is stored too (status ``failed`` with its issues): the
        archive records what was received, not only what passed. Inputs identical to an archived
        project's (same names, same SHA-256) raise ``AlreadyArchived`` naming it, unless ``again``
        asks for a new entry (a re-score under a newer xlkit, say).
        """
        from xlkit import __version__
        from xlkit.scoring.evaluation import ScoreError, score

        folder = Path(folder)
        if not folder.is_dir():
            raise ArchiveError(f"找不到项目文件夹：{folder}")
        files = _folder_files(folder)  # read before scoring: the stored bytes are the ones scored
        if not files:
            raise ArchiveError(f"{folder} 中没有工作簿，未归档")
        if not again:
            same = self._same_inputs(files)
            if same is not None:
                raise AlreadyArchived(same)
        info: dict[str, Any] = {}
        total: str | None
        grade: str | None
        try:
            result = score(folder, adjustment_mode=adjustment_mode)
            if result.evaluation is not None:
                status, total, grade = "scored", str(result.evaluation.total), result.evaluation.grade
            else:  # a folder of 自评表 alone: the first scored one stands for the folder
                first = next((s for s in result.self_evals if s.total is not None), None)
                status, total, grade = "scored", str(first.total) if first else None, first.grade if first else None
            result_json = json.dumps(result.to_dict(), ensure_ascii=False)
            issues = [i.to_dict() for i in result.checks]
            info = result.info
        except ScoreError as exc:
            status, total, grade, result_json = "failed", None, None, None
            issues = [i.to_dict() for i in exc.report.issues]
            cr = None
            try:
                from xlkit.scoring.evaluation import check

                cr = check(folder)
            except XlkitError:
                pass
            if cr is not None and cr.indicators is not None:
                info = dict(cr.indicators.info)
        year = info.get("year")
        with self._transaction() as conn:
            if not again:  # again under the write lock: another process may have added it meanwhile
                same = self._same_inputs(files)
                if same is not None:
                    raise AlreadyArchived(same)
            cur = conn.execute(
                "INSERT INTO projects (folder, unit, project, type, year, status, total, grade, result_json,"
                " issues_json, xlkit_version, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (str(folder.resolve()), info.get("unit"), info.get("project"), info.get("type"),
                 int(year) if year is not None else None, status, total, grade, result_json,
                 json.dumps(issues, ensure_ascii=False), __version__, _now()))
            project_id = int(cur.lastrowid or 0)
            for f in files:
                self._put_blob(conn, f)
                conn.execute("INSERT INTO files (project_id, name, sha256, size, kind, version, system_version)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?)",
                             (project_id, f.name, f.sha256, len(f.data), f.stamp.get("kind"), f.stamp.get("version"),
                              f.stamp.get("system_version")))
        return project_id

    def _same_inputs(self, files: list[_File]) -> int | None:
        """The newest archived project whose input files are exactly these (names and hashes)."""
        wanted = sorted((f.name, f.sha256) for f in files)
        candidates = self.conn.execute("SELECT DISTINCT project_id FROM files WHERE name = ? AND sha256 = ?"
                                       " ORDER BY project_id DESC", wanted[0]).fetchall()
        for (pid,) in candidates:
            have = sorted(self.conn.execute("SELECT name, sha256 FROM files WHERE project_id = ?", (pid,)).fetchall())
            if have == wanted:
                return int(pid)
        return None

    def add_templates(self, path: str | Path) -> list[int]:
        """Store blank templates as issued (a file, or every stamped workbook of a folder); returns ids.

        A template already stored (same SHA-256) is not stored twice; its existing id is returned.
        """
        path = Path(path)
        if path.is_dir():
            files = _folder_files(path)
        elif path.is_file():
            files = [_read_file(path)]
        else:
            raise ArchiveError(f"找不到模板：{path}")
        stamped = [f for f in files if f.stamp.get("kind")]
        if not stamped:
            raise ArchiveError(f"{path} 中没有 xlkit 模板（带 _xlkit 标记的工作簿）")
        filled = [f.name for f in stamped if not _blank(path if path.is_file() else path / f.name, f.stamp)]
        if filled:
            raise ArchiveError(f"{'、'.join(filled)} 已填写数据，不是空白模板，未存入；"
                               "请存入 xlkit new --blank 生成、未经填写的模板")
        ids = []
        with self._transaction() as conn:
            for f in stamped:
                self._put_blob(conn, f)
                conn.execute("INSERT OR IGNORE INTO templates (kind, version, system_version, file_name, sha256,"
                             " added_at) VALUES (?, ?, ?, ?, ?, ?)",
                             (f.stamp.get("kind"), f.stamp.get("version", ""), f.stamp.get("system_version"),
                              f.name, f.sha256, _now()))
                ids.append(conn.execute("SELECT id FROM templates WHERE sha256 = ?", (f.sha256,)).fetchone()[0])
        return ids

    # ---- reading ------------------------------------------------------------------------------

    def list(self, year: int | None = None) -> list[dict[str, Any]]:
        """Archived projects (newest last), optionally of one 年度."""
        sql = ("SELECT p.id, p.added_at, p.unit, p.project, p.type, p.year, p.status, p.total, p.grade, p.folder,"
               " (SELECT COUNT(*) FROM files f WHERE f.project_id = p.id) AS files FROM projects p")
        args: tuple[Any, ...] = ()
        if year is not None:
            sql += " WHERE p.year = ?"
            args = (year,)
        cur = self.conn.execute(sql + " ORDER BY p.id", args)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def templates(self) -> builtins.list[dict[str, Any]]:  # `list` here is the method above
        cur = self.conn.execute("SELECT id, kind, version, system_version, file_name, sha256, added_at"
                                " FROM templates ORDER BY id")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def files(self, project_id: int) -> builtins.list[dict[str, Any]]:
        cur = self.conn.execute("SELECT name, sha256, size, kind, version, system_version FROM files"
                                " WHERE project_id = ? ORDER BY name", (project_id,))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def project(self, project_id: int) -> dict[str, Any]:
        cur = self.conn.execute("SELECT * FROM projects WHERE id = ?", (project_id,))
        row = cur.fetchone()
        if row is None:
            raise ArchiveError(f"归档中没有编号为 {project_id} 的项目")
        data = dict(zip([d[0] for d in cur.description], row))
        data["result"] = json.loads(data.pop("result_json")) if data.get("result_json") else None
        data["issues"] = json.loads(data.pop("issues_json"))
        data["files"] = self.files(project_id)
        return data

    def provenance(self, project_id: int) -> builtins.list[dict[str, Any]]:
        """Each stored input file with its stamp and the issued template of that kind and version
        (``template_sha256`` None when that template was never archived)."""
        out = []
        for f in self.files(project_id):
            tpl = None
            if f["kind"]:
                tpl = self.conn.execute(
                    "SELECT sha256, file_name, added_at FROM templates WHERE kind = ? AND version = ?"
                    " AND (system_version IS ? OR ? IS NULL) ORDER BY id LIMIT 1",
                    (f["kind"], f["version"], f["system_version"], f["system_version"])).fetchone()
            out.append({**f, "template_sha256": tpl[0] if tpl else None, "template_file": tpl[1] if tpl else None,
                        "template_added_at": tpl[2] if tpl else None})
        return out

    def blob(self, sha256: str) -> bytes:
        row = self.conn.execute("SELECT data FROM blobs WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            raise ArchiveError(f"归档中没有内容 {sha256}")
        data = bytes(row[0])
        if _sha256(data) != sha256:
            raise ArchiveError(f"归档内容 {sha256} 校验失败（数据库已损坏）")
        return data

    def restore(self, project_id: int, dest: str | Path) -> Path:
        """Write a project's stored input files into ``dest`` (which must not hold them already)."""
        from xlkit.write.files import atomic_output

        dest = Path(dest)
        files = self.files(project_id)
        if not files:
            raise ArchiveError(f"归档中没有编号为 {project_id} 的项目")
        for f in files:
            with atomic_output(dest / f["name"]) as tmp:
                tmp.write_bytes(self.blob(f["sha256"]))
        return dest

    def rescore(self, project_id: int, *, adjustment_mode: str = "net") -> Any:
        """Score a project again from its stored inputs (e.g. with a newer xlkit); returns the Result."""
        import tempfile

        from xlkit.scoring.evaluation import score

        with tempfile.TemporaryDirectory(prefix="xlkit-rescore-") as tmp:
            folder = self.restore(project_id, Path(tmp) / "project")
            return score(folder, adjustment_mode=adjustment_mode)

    def rows(self, year: int | None = None) -> Iterator[dict[str, Any]]:
        """Archived projects with their 一级 scores flattened (for export and ``to_frame``)."""
        from decimal import Decimal

        for item in self.list(year):
            proj = self.project(item["id"])
            row = {k: item[k] for k in ("id", "unit", "project", "type", "year", "status", "grade", "added_at",
                                        "folder", "files")}
            row["total"] = Decimal(item["total"]) if item["total"] is not None else None
            result = proj["result"] or {}
            for lv in result.get("levels", []):
                if lv.get("level") == "一级":
                    row[f"{lv['name']}得分"] = Decimal(lv["score"])
            row["issues"] = len(proj["issues"]) if proj["status"] == "failed" else 0
            row["template_versions"] = "；".join(sorted({f"{f['kind']} {f['version']}" for f in proj["files"]
                                                        if f["kind"]}))
            yield row

    def to_frame(self, year: int | None = None):  # -> pandas.DataFrame
        """One row per archived project; ``total`` and the 一级 scores stay exact Decimals."""
        import pandas as pd

        rows = list(self.rows(year))
        return pd.DataFrame(rows).set_index("id") if rows else pd.DataFrame(
            columns=["unit", "project", "type", "year", "status", "total", "grade"])

    def export(self, path: str | Path, *, year: int | None = None, force: bool = False) -> Path:
        """Write the archive (projects, their files with hashes, templates) to an xlsx workbook."""
        import xlsxwriter

        from xlkit.write.files import atomic_output
        from xlkit.write.writer import FONT

        path = Path(path)
        rows = list(self.rows(year))
        level_cols = [k for r in rows for k in r if k.endswith("得分")]
        level_cols = list(dict.fromkeys(level_cols))
        with atomic_output(path, force=force) as tmp:
            wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False,
                                                "in_memory": True})
            base = {"font_name": FONT, "font_size": 10, "valign": "vcenter", "border": 1}
            head = wb.add_format({**base, "bold": True, "bg_color": "#D9E1F2", "align": "center", "text_wrap": True})
            text = wb.add_format(base)
            num = wb.add_format({**base, "num_format": "0.00"})

            def sheet(name: str, headers: list[str], widths: list[int], records: list[list[Any]]) -> None:
                ws = wb.add_worksheet(name)
                for c, (h, w) in enumerate(zip(headers, widths)):
                    ws.write_string(0, c, h, head)
                    ws.set_column(c, c, w)
                for r, record in enumerate(records, start=1):
                    for c, v in enumerate(record):
                        if v is None:
                            ws.write_blank(r, c, None, text)
                        elif isinstance(v, (int, float)) and not isinstance(v, bool):
                            ws.write_number(r, c, v, text)
                        elif hasattr(v, "as_tuple"):  # Decimal
                            ws.write_number(r, c, float(v), num)
                        else:
                            ws.write_string(r, c, str(v), text)
                ws.freeze_panes(1, 0)
                ws.set_landscape()
                ws.set_paper(9)
                ws.fit_to_pages(1, 0)
                ws.repeat_rows(0)

            headers = ["编号", "被评单位", "项目名称", "评价类型", "年度", "状态", "总分", "等级", *level_cols,
                       "问题数", "模板版本", "归档时间", "原文件夹"]
            sheet(ARCHIVE_PROJECTS, headers, [6, 24, 24, 10, 7, 8, 8, 6] + [10] * len(level_cols) + [7, 30, 22, 40],
                  [[r["id"], r["unit"], r["project"], r["type"], r["year"],
                    "已评分" if r["status"] == "scored" else "未通过", r["total"], r["grade"],
                    *[r.get(k) for k in level_cols], r["issues"], r["template_versions"], r["added_at"], r["folder"]]
                   for r in rows])
            file_rows = []
            for r in rows:
                for f in self.provenance(r["id"]):
                    file_rows.append([r["id"], r["unit"], f["name"], f["kind"], f["version"], f["system_version"],
                                      f["size"], f["sha256"], f["template_sha256"] or "未归档"])
            sheet(ARCHIVE_FILES, ["项目编号", "被评单位", "文件", "模板类别", "模板版本", "指标体系版本", "字节", "SHA-256",
                         "对应已发布模板 SHA-256"], [8, 24, 18, 10, 8, 10, 9, 66, 66], file_rows)
            sheet(ARCHIVE_TEMPLATES, ["编号", "类别", "版本", "指标体系版本", "文件", "SHA-256", "归档时间"],
                  [6, 10, 8, 10, 24, 66, 22],
                  [[t["id"], t["kind"], t["version"], t["system_version"], t["file_name"], t["sha256"], t["added_at"]]
                   for t in self.templates()])
            wb.close()
        return path


def _retry_locked(step: Any) -> Any:
    """Run ``step`` again while another process holds the lock. Switching to WAL (and the first
    read of a database another process is creating) can report 'locked' at once, without the
    busy handler waiting."""
    import time

    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    delay = 0.01
    while True:
        try:
            return step()
        except sqlite3.OperationalError as exc:
            if ("locked" not in str(exc) and "busy" not in str(exc)) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


class _Tx:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` (``ROLLBACK`` on error): takes the write lock up front, so two
    writers queue on the busy timeout instead of failing half-way with 'database is locked'."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the schema up to ``target`` (each step in its own transaction); returns the version."""
    while True:
        with _Tx(conn):
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise ArchiveError(f"归档数据库为第 {version} 版，较当前 xlkit（第 {SCHEMA_VERSION} 版）新；请升级 xlkit")
            if version >= target:
                return version
            for statement in MIGRATIONS[version].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
