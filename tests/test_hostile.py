"""Broken and hostile input: nothing crashes, nothing hangs, nothing is lost, nothing leaks.

Every case of ``tests/corpus.py`` goes through ``check``, ``score``, ``audit`` and ``batch``: the exit
code is 0 or 1, no traceback is printed, every reported issue names its file (and sheet and cell
where the damage is in one cell), each run ends within a generous time limit, and the folder's
files are byte-identical afterwards. Container-level cases also run with the openpyxl reader
(``XLKIT_READER=openpyxl``); bombs and huge sheets run as real ``python -m xlkit`` processes with a
memory cap. Then: outputs are atomic and never overwritten without ``--force``, user text starting
with = + - @ is written as text in every output workbook, and XML is parsed with defusedxml.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from corpus import CASES, HEAVY, NONSTANDARD, PAYLOAD_SLUGS, PAYLOADS, Case, Corpus
from typer.testing import CliRunner

COMMANDS = ("check", "score", "audit", "batch")
TIMEOUT = 60  # seconds per command: generous; a hang, not slowness, is what fails
HEAVY_TIMEOUT = 120
MEMORY_CAP = 2 * 1024**3  # address space of a heavy-case process
BOMB_MAX_RSS = 400 * 1024**2  # a bomb is refused before it is inflated: no big allocation at all
PAYLOAD_MARKS = ('HYPERLINK("http://x"', "cmd|", "-1+1", "@SUM(1)")
LEAKS = ("root:x:0:0", "/bin/bash", "/usr/sbin/nologin")  # /etc/passwd through an external entity or link

LIGHT = [c for c in CASES if not c.heavy]
LIGHT_FILE_LEVEL = [c for c in LIGHT if c.file_level]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return Corpus(tmp_path_factory.mktemp("hostile"))


# ---- running a command --------------------------------------------------------------------------

@dataclass
class Run:
    command: str
    code: int | None  # None: killed (timeout, signal)
    stdout: str
    stderr: str
    seconds: float
    crash: str = ""  # an exception the command let escape
    max_rss: int = 0  # bytes, subprocess runs only
    data: Any = field(default=None)

    @property
    def text(self) -> str:
        return self.stdout + self.stderr


def argv(command: str, folder: Path, out: Path, *, as_json: bool = True) -> list[str]:
    j = ["--json"] if as_json else []
    if command == "check":
        return ["check", str(folder), *j]
    if command == "score":
        return ["score", str(folder), "-o", str(out / "综合评分表.xlsx"), *j]
    if command == "audit":
        return ["audit", str(folder), "-o", str(out / "审核意见.xlsx"), *j]
    # The case folder is the only project below its parent.
    return ["batch", str(folder.parent), "-o", str(out / "汇总.xlsx"), "--jobs", "1", *j]


class _Timeout(BaseException):
    """Raised by SIGALRM; a BaseException so no ``except Exception`` in xlkit swallows it."""


def _alarm(signum: int, frame: Any) -> None:
    raise _Timeout()


def run_in_process(args: list[str], timeout: int = TIMEOUT) -> Run:
    from xlkit.cli import app

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(timeout)
    started = time.perf_counter()
    try:
        result = CliRunner().invoke(app, args)
    except _Timeout:
        return Run(args[0], None, "", "", time.perf_counter() - started, crash=f"no result within {timeout} s")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    seconds = time.perf_counter() - started
    crash = ""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        crash = "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else repr(result.exception)
    return Run(args[0], result.exit_code, result.stdout, result.stderr, seconds, crash)


# Runs several xlkit command lines in one process through the console entry point ``xlkit.cli.main``
# (one interpreter start instead of four); prints each one's exit code, output and time as JSON.
_DRIVER = r"""
import contextlib, io, json, sys, time, traceback
from xlkit.cli import main
runs = []
for args in json.loads(sys.argv[1]):
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    code = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        sys.argv = ["xlkit", *args]
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:
            traceback.print_exc()
    runs.append({"code": code, "stdout": out.getvalue(), "stderr": err.getvalue(),
                 "seconds": time.perf_counter() - started})
print(json.dumps(runs))
"""


def run_commands_in_subprocess(commands: list[list[str]], *, env: dict[str, str] | None = None,
                               timeout: int = HEAVY_TIMEOUT, memory: int = MEMORY_CAP) -> list[Run]:
    """Command lines run by ``xlkit.cli.main`` in one capped child process; each Run carries the child's max RSS."""
    one = run_subprocess([], env=env, timeout=timeout, memory=memory, script=_DRIVER, script_args=[json.dumps(commands)])
    if one.code != 0:  # the child died (abort, signal, timeout): every command failed with it
        return [Run(args[0], None, one.stdout, one.stderr, one.seconds, one.crash or f"driver exit {one.code}",
                    one.max_rss) for args in commands]
    return [Run(args[0], r["code"], r["stdout"], r["stderr"], r["seconds"], max_rss=one.max_rss)
            for args, r in zip(commands, json.loads(one.stdout.strip().splitlines()[-1]))]


def run_subprocess(args: list[str], *, env: dict[str, str] | None = None, timeout: int = HEAVY_TIMEOUT,
                   memory: int = MEMORY_CAP, script: str | None = None, script_args: list[str] = ()) -> Run:
    """``python -m xlkit ARGS`` with a memory cap; exit code, output, time and the child's own max RSS."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    import tempfile

    command = [sys.executable, "-c", script, *script_args] if script else [sys.executable, "-m", "xlkit", *args]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err, preexec_fn=limit,
                                env={**os.environ, **(env or {}), "PYTHONFAULTHANDLER": "1"})
        status = usage = None
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                status = None
                break
            time.sleep(0.01)
        proc.returncode = 0  # reaped by wait4; keep Popen from waiting again
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    if status is None:
        code, crash = None, f"no result within {timeout} s"
    elif os.WIFSIGNALED(status):
        code, crash = None, f"killed by signal {os.WTERMSIG(status)}"
    else:
        code, crash = os.WEXITSTATUS(status), ""
    return Run(args[0] if args else "", code, stdout, stderr, seconds, crash,
               max_rss=usage.ru_maxrss * 1024 if usage else 0)


# ---- what must hold after every run -------------------------------------------------------------

def fingerprint(folder: Path) -> dict[str, str]:
    """Every entry of the case's slot (its project folder and anything beside it), hashed."""
    out = {}
    for p in sorted(folder.parent.rglob("*")):
        rel = p.relative_to(folder.parent).as_posix()
        if p.is_symlink():
            out[rel] = "link:" + os.readlink(p)
        elif p.is_file():
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
        else:
            out[rel] = "dir" if p.is_dir() else "special"
    return out


def problems(run: Run) -> tuple[list[dict[str, Any]], list[str]]:
    """(issue dicts, bare error messages) a --json run reported."""
    data = json.loads(run.stdout) if run.stdout.strip() else {}
    run.data = data
    issues: list[dict[str, Any]] = []
    errors: list[str] = []
    if run.command == "check":
        issues = data.get("errors", []) + data.get("warnings", [])
    elif run.command == "score":
        issues = data.get("issues", []) + data.get("checks", [])
    elif run.command == "audit":
        issues = data.get("findings", [])
    elif run.command == "batch":
        for o in data.get("outcomes", []):
            issues += o.get("issues", [])
            if o.get("error") and not o.get("issues"):
                errors.append(o["error"])
    if data.get("error") and not issues:
        errors.append(data["error"])
    return issues, errors


def assert_sound(c: Case, run: Run, folder: Path, *, parse: bool = True) -> None:
    where = f"{c.id} {run.command}"
    assert not run.crash, f"{where}: {run.crash}\n{run.text[-2000:]}"
    assert run.code in (0, 1), f"{where}: exit {run.code}\n{run.text[-2000:]}"
    assert "Traceback" not in run.text, f"{where}:\n{run.text[-3000:]}"
    assert "内部错误" not in run.text, f"{where}: a hidden crash\n{run.text[-2000:]}"
    for leak in LEAKS:
        assert leak not in run.text, f"{where}: file content leaked into the output"
    if not parse:
        return
    issues, errors = problems(run)
    names = {p.name for p in folder.iterdir()} | {folder.name}
    for issue in issues:
        assert issue.get("file"), f"{where}: issue without a file: {issue}"
    for message in errors:
        assert any(n in message for n in names), f"{where}: error names no file: {message}"
    if run.code == 1:
        assert issues or errors, f"{where}: exit 1 without a reported problem\n{run.text[-1000:]}"
    if c.cell and run.command == "check":
        file, _sheet, _cell = c.cell
        mine = [i for i in issues if i.get("file") == file and i["severity"] == "error"]
        for issue in mine:
            assert issue.get("sheet") and issue.get("cell"), f"{where}: cell-level issue without sheet/cell: {issue}"


def run_case(c: Case, folder: Path, out: Path, runner: Any, commands: tuple[str, ...] = COMMANDS) -> list[Run]:
    runs = []
    for command in commands:
        before = fingerprint(folder)
        target = out / command
        target.mkdir(parents=True)
        run = runner(argv(command, folder, target))
        assert_sound(c, run, folder)
        assert fingerprint(folder) == before, f"{c.id} {command}: the input folder changed"
        runs.append(run)
    return runs


def read_by_check(c: Case, folder: Path) -> bool:
    """The target is one of the folder's workbooks (not an extra file beside a good one)."""
    from xlkit.spec.templates import all_workbook_specs

    stem = Path(c.target or "").stem
    standard = {Path(s.file).stem for s in all_workbook_specs().values()}
    if stem not in standard:
        return False
    return c.target.endswith(".xlsx") or not (folder / f"{stem}.xlsx").exists()


# ---- every case, every command ------------------------------------------------------------------

@pytest.mark.parametrize("c", LIGHT, ids=[c.id for c in LIGHT])
def test_case(c: Case, corpus: Corpus, tmp_path: Path) -> None:
    folder = corpus.folder(c)
    runs = run_case(c, folder, tmp_path, run_in_process)
    if c.target and c.file_level and c.category not in ("external-link", "stray-format") and read_by_check(c, folder):
        # A damaged workbook that check reads is named in what it reports.
        check = runs[0]
        assert c.target in check.text or Path(c.target).stem in check.text, check.text[-1000:]
    # The human-readable form of check renders the same problems without a traceback.
    assert_sound(c, run_in_process(argv("check", folder, tmp_path, as_json=False)), folder, parse=False)


@pytest.mark.parametrize("c", LIGHT_FILE_LEVEL, ids=[c.id for c in LIGHT_FILE_LEVEL])
def test_case_openpyxl_reader(c: Case, corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XLKIT_READER", "openpyxl")
    run_case(c, corpus.folder(c), tmp_path, run_in_process)


@pytest.mark.parametrize("reader", ["auto", "openpyxl"])
@pytest.mark.parametrize("c", HEAVY, ids=[c.id for c in HEAVY])
def test_heavy_case(c: Case, reader: str, corpus: Corpus, tmp_path: Path) -> None:
    """Bombs and huge sheets: real processes under a memory cap and a timeout."""
    folder = corpus.folder(c)
    # Past the reader every command works on the same records whichever backend read them, so a
    # huge (not hostile) sheet is read once through openpyxl, by check; bombs go through all four.
    commands = ("check",) if reader == "openpyxl" and c.category not in ("zip-bomb", "entity-bomb") else COMMANDS
    before = fingerprint(folder)
    lines = []
    for command in commands:
        (tmp_path / command).mkdir()
        lines.append(argv(command, folder, tmp_path / command, as_json=False))
    runs = run_commands_in_subprocess(lines, env={"XLKIT_READER": reader})
    for run in runs:
        assert_sound(c, run, folder, parse=False)
    assert fingerprint(folder) == before, f"{c.id}: the input folder changed"
    if c.category in ("zip-bomb", "entity-bomb"):
        # Refused before anything is inflated or parsed: no large allocation, no long work.
        assert runs[0].max_rss < BOMB_MAX_RSS, f"{c.id}: {runs[0].max_rss // 2**20} MB"
        for run in runs:
            assert run.seconds < 30, f"{c.id} {run.command}: {run.seconds:.1f} s"
        if c.target == NONSTANDARD:
            # No command reads a workbook of no template's name except batch discovery, which looks
            # for the stamp through the preflight; the folder is still found by its standard files.
            assert runs[-1].command == "batch" and "汇总" in runs[-1].text, runs[-1].text
        else:
            assert "拒绝读取" in runs[0].text, runs[0].text


def test_console_entry_point_on_a_bomb(corpus: Corpus, tmp_path: Path) -> None:
    """``python -m xlkit`` itself, as a clerk runs it, under the memory cap."""
    c = next(c for c in HEAVY if c.id == "zip-bomb/lying-header-1GB")
    folder = corpus.folder(c)
    run = run_subprocess(argv("score", folder, tmp_path, as_json=False))
    assert run.code == 1 and "Traceback" not in run.text and "疑似压缩炸弹" in run.stderr, run.text
    assert run.max_rss < BOMB_MAX_RSS


def test_corpus_is_large_and_varied() -> None:
    from collections import Counter

    by = Counter(c.category for c in CASES)
    assert len(CASES) >= 200
    for category in ("wrong-type", "sheets", "headers", "merged", "rows", "stray-format", "text-number", "date",
                     "formula", "external-link", "macro", "encrypted", "zip-bomb", "entity-bomb", "truncated",
                     "not-xlsx", "empty", "zero-part", "huge-string", "injection"):
        assert by[category] >= 2, category
    from xlkit.spec.templates import COLUMN_TYPES

    kinds = {c.name.split("-")[0] for c in CASES if c.category == "wrong-type"}
    assert kinds | {"selfeval"} >= COLUMN_TYPES, COLUMN_TYPES - kinds


# ---- XML safety ---------------------------------------------------------------------------------

def test_defusedxml_is_installed_and_used_by_openpyxl() -> None:
    import defusedxml  # noqa: F401
    from openpyxl import xml

    assert xml.DEFUSEDXML is True


def test_entity_bomb_refused_fast(corpus: Corpus) -> None:
    from xlkit.read.safety import FileProblem, load

    for c in (c for c in CASES if c.category == "entity-bomb"):
        path = corpus.folder(c) / c.target
        for backend in ("auto", "openpyxl"):
            started = time.perf_counter()
            with pytest.raises(FileProblem) as info:
                load(path, backend=backend)
            assert info.value.code == "unsafe-file" and "DTD" in str(info.value), (c.id, str(info.value))
            assert time.perf_counter() - started < 5, c.id


def test_openpyxl_refuses_an_entity_bomb_itself(corpus: Corpus) -> None:
    """Behind the pre-flight, openpyxl's own parser (defusedxml) refuses entities too."""
    import zipfile

    from defusedxml import EntitiesForbidden
    from openpyxl.xml.functions import fromstring

    c = next(c for c in CASES if c.id == "entity-bomb/billion-laughs-sheet")
    with zipfile.ZipFile(corpus.folder(c) / c.target) as zf:
        xml = next(zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/") and b"<!DOCTYPE" in zf.read(n))
    started = time.perf_counter()
    with pytest.raises(EntitiesForbidden):
        fromstring(xml)
    assert time.perf_counter() - started < 1


# ---- outputs: atomic, no overwrite without --force ----------------------------------------------

_SLOW_WRITER = """
import sys, time, xlsxwriter.workbook as w
def close(self):
    # Write part of the file, say so, then wait to be killed.
    with open(self.filename, "wb") as fh:
        fh.write(b"PK\\x03\\x04 partial")
        fh.flush()
        print("WRITING", flush=True)
        time.sleep(120)
w.Workbook.close = close
from xlkit.cli import main
sys.argv = ["xlkit"] + sys.argv[1:]
main()
"""


def test_killed_score_leaves_old_output_and_no_temp(corpus: Corpus, tmp_path: Path) -> None:
    folder = corpus.base("kashi")
    out = tmp_path / "结果"
    target = out / "综合评分表.xlsx"
    first = run_in_process(["score", str(folder), "-o", str(target)])
    assert first.code == 0, first.text
    old = target.read_bytes()
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_WRITER, "score", str(folder), "-o", str(target), "--force"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        line = proc.stdout.readline() if proc.stdout else b""
        assert line.strip() == b"WRITING", (line, proc.stderr.read() if proc.stderr else b"")
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert target.read_bytes() == old
    assert sorted(p.name for p in out.iterdir()) == ["综合评分表.xlsx"]


# An interrupted write inside the library: tests/test_files.py, on every output path.


@pytest.mark.parametrize("command", ["score", "audit", "batch"])
def test_existing_output_needs_force(command: str, corpus: Corpus, tmp_path: Path) -> None:
    folder = corpus.base("kashi")
    out = tmp_path / command
    out.mkdir()
    args = argv(command, folder, out, as_json=False)
    written = out / args[args.index("-o") + 1].split("/")[-1]
    written.write_bytes(b"an earlier result")
    refused = run_in_process(args)
    assert refused.code == 1 and "--force" in refused.text, refused.text
    assert written.read_bytes() == b"an earlier result"
    forced = run_in_process([*args, "--force"])
    assert forced.code in (0, 1) and not forced.crash, forced.text
    assert written.read_bytes() != b"an earlier result"
    assert openpyxl.load_workbook(written).sheetnames


# ---- formula injection: user text stays text in every output --------------------------------------

def formula_cells(path: Path) -> list[tuple[str, str, str]]:
    """(sheet, cell, formula) of every formula cell that carries a payload."""
    wb = openpyxl.load_workbook(path)
    found = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" and any(m in str(cell.value) for m in PAYLOAD_MARKS):
                    found.append((ws.title, cell.coordinate, str(cell.value)))
    return found


def texts(path: Path) -> set[str]:
    wb = openpyxl.load_workbook(path)
    return {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.data_type == "s" and isinstance(c.value, str)}


INJECTION = [c for c in CASES if c.category == "injection"]


@pytest.mark.parametrize("c", INJECTION, ids=[c.id for c in INJECTION])
def test_injection_written_as_text(c: Case, corpus: Corpus, tmp_path: Path) -> None:
    folder = corpus.folder(c)
    payload = next(p for slug, p in zip(PAYLOAD_SLUGS, PAYLOADS) if c.name.startswith(slug + "-"))
    free_text = "free-text" in c.name
    outputs: list[Path] = []
    for command in ("score", "audit", "batch"):
        out = tmp_path / command
        out.mkdir()
        run = run_in_process(argv(command, folder, out, as_json=False))
        assert not run.crash and run.code in (0, 1), run.text
        if command == "score" and free_text:
            # Descriptive text does not stop scoring, so the payload reaches the result.
            assert run.code == 0, run.text
        outputs += sorted(out.rglob("*.xlsx"))
    names = {p.name for p in outputs}
    assert {"审核意见.xlsx", "汇总.xlsx"} <= names and (not free_text or "综合评分表.xlsx" in names), names
    carrying = set()
    for path in outputs:
        assert formula_cells(path) == [], path.name
        if any(payload in t for t in texts(path)):
            carrying.add(path.name)
    # The unit's name and the findings reach the 汇总 and the result; the audit quotes user text
    # only where a finding is about it (seed 000's folder has none of those).
    expected = names - ({"审核意见.xlsx"} if c.base == "kashi" else set())
    assert carrying >= expected if free_text else carrying, (carrying, expected)
    assert not list(tmp_path.rglob("*.csv"))


def test_injection_in_survey_import(corpus: Corpus, tmp_path: Path) -> None:
    import shutil

    from survey_exports import SURVEY_000, Q, wjx_rows, write_xlsx

    survey = [q for q in SURVEY_000 if q.kind != "填空"]
    survey.append(Q(8, PAYLOADS[0] + "意见", "填空", answers=list(PAYLOADS)))
    survey[0] = Q(1, PAYLOADS[1], "单选", (PAYLOADS[2], PAYLOADS[3], "诊所", "药店", "其他"), (21, 23, 8, 50, 0))
    export = write_xlsx(wjx_rows(survey, 102), tmp_path / "问卷星导出.xlsx")
    folder = tmp_path / "空白项目2024"  # fresh templates: the export's own options are taken as they are
    shutil.copytree(corpus.base("blank"), folder)
    run = run_in_process(["survey", "import", str(export), "--into", str(folder), "--force"])
    assert not run.crash and run.code in (0, 1), run.text
    assert "Traceback" not in run.text
    written = [folder / "问卷统计.xlsx", folder / "问卷导入报告.xlsx"]
    assert all(p.exists() for p in written), run.text
    seen = set()
    for path in written:
        assert formula_cells(path) == [], path.name
        seen |= {p for p in PAYLOADS for t in texts(path) if p in t}
    assert seen == set(PAYLOADS), seen
