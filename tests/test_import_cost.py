"""Each command imports only what it uses (issue 23): help without typer, the fast read path without
openpyxl, ``import xlkit`` without anything but the version. The time itself is measured by
benchmarks/bench_import.py (a benchmark, not a timed test); these tests pin what is imported, and
that the stored help pages are what typer renders now."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from xlkit.cli import helptext
from xlkit.cli.help_pages import PAGES, WIDTH

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "kashi-medical-security-2024"
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}


def _modules_after(argv: list[str], tmp_path: Path) -> tuple[str, list[str]]:
    """Run ``xlkit <argv>`` through main() in a fresh interpreter; its stdout and the heavy modules loaded."""
    probe = (
        "import sys\n"
        "from xlkit.cli import main\n"
        f"sys.argv = ['xlkit', *{argv!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    print('exit', exc.code)\n"
        "heavy = ('typer', 'click', 'rich', 'pydantic', 'openpyxl', 'numpy', 'xlsxwriter', 'typing')\n"
        "print('loaded', sorted(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=ENV, timeout=300,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out, _, last = done.stdout.rstrip("\n").rpartition("\n")
    return out, eval(last.removeprefix("loaded "))


@pytest.mark.parametrize("argv", [["--help"], [], ["score", "--help"], ["survey", "import", "--help"]])
def test_help_imports_no_typer(argv: list[str], tmp_path: Path) -> None:
    out, loaded = _modules_after(argv, tmp_path)
    assert loaded == []
    assert "用法： xlkit" in out and "显示本帮助并退出。" in out
    code, text = PAGES[tuple(argv)]
    assert out.startswith(text.rstrip("\n"))  # (the probe's own output follows the page)
    assert out.endswith("exit 2") if code else not out.endswith("exit 2")


@pytest.mark.parametrize("command", ["check", "score"])
def test_fast_read_path_imports_no_openpyxl(command: str, tmp_path: Path) -> None:
    """The sample reads through the fast path alone: openpyxl (and numpy behind it) never load, nor pydantic."""
    argv = [command, str(SAMPLE)] + (["-o", str(tmp_path / "out.xlsx")] if command == "score" else [])
    out, loaded = _modules_after(argv, tmp_path)
    assert "总分 92.90" in out if command == "score" else "exit 0" in out or "通过" in out
    assert not {"openpyxl", "numpy", "pydantic", "rich"} & set(loaded), loaded


def test_typer_texts_are_chinese_when_first_needed_in_a_fresh_interpreter(tmp_path: Path) -> None:
    """The panel titles are set when typer is about to render (rich is not imported before): a usage
    error as the very first thing a process renders is still in Chinese."""
    probe = "import sys\nfrom xlkit.cli import main\nsys.argv = ['xlkit', 'scroe']\nmain()\n"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=ENV, timeout=120,
                          cwd=tmp_path)
    assert done.returncode == 2
    assert "─ 错误 ─" in done.stderr and "运行 'xlkit --help' 查看帮助。" in done.stderr, done.stderr
    assert "没有命令 scroe。" in done.stderr and "Error" not in done.stderr and "Try '" not in done.stderr


def test_import_xlkit_costs_only_the_version(tmp_path: Path) -> None:
    probe = ("import sys, xlkit\n"
             "print(sorted(m for m in sys.modules if m.startswith('xlkit') or m == 'typing'), xlkit.__version__)\n"
             "from xlkit import Issue, Report, Severity, XlkitError, WorkbookError\n"
             "import xlkit.spec.issues, xlkit.errors\n"
             "assert Issue is xlkit.spec.issues.Issue and WorkbookError is xlkit.errors.WorkbookError\n"
             "assert issubclass(WorkbookError, XlkitError) and Severity.ERROR in set(Severity)\n"
             "print('ok')\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=ENV, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["['xlkit'] 0.1.0", "ok"]


def test_stored_help_is_what_typer_renders_now() -> None:
    """A command, option or help text changed without `python -m xlkit.cli.helptext --write` fails here."""
    wanted = helptext.requests()
    assert list(PAGES) == wanted, "help requests changed: run python -m xlkit.cli.helptext --write"
    stale = [args for args in wanted if helptext.render(args) != PAGES[args]]
    assert stale == [], f"stale help pages {stale}: run python -m xlkit.cli.helptext --write"
    assert WIDTH == helptext.WIDTH


def test_the_stored_pages_cover_every_command_and_group() -> None:
    from xlkit.cli import app

    commands = {(c.name, "--help") for c in app.registered_commands}
    groups = {g.name or g.typer_instance.info.name for g in app.registered_groups}
    assert commands | {(g,) for g in groups} | {(), ("--help",)} <= set(PAGES)
    # `xlkit` alone shows the same page as `xlkit --help`, but exits 2 (typer's no_args_is_help)
    assert PAGES[()][0] == 2 and PAGES[("--help",)][0] == 0
    assert PAGES[()][1].rstrip("\n") == PAGES[("--help",)][1].rstrip("\n")
    assert all(max(map(len, text.split("\n"))) <= WIDTH for _, text in PAGES.values())


def test_a_request_that_is_not_plain_help_goes_to_typer(tmp_path: Path) -> None:
    # "-h" is no option of xlkit: typer answers with a usage error, as before
    out, loaded = _modules_after(["-h"], tmp_path)
    assert "typer" in loaded and out.endswith("exit 2")
    assert not helptext.serve_stored_help(["score", str(SAMPLE)])


class _Terminal:
    """A stand-in for stdout on a terminal of some width."""

    def __init__(self) -> None:
        self.written = ""

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return 1

    def write(self, text: str) -> int:
        self.written += text
        return len(text)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize(("columns", "stored"), [(WIDTH - 1, False), (WIDTH, True), (200, True)])
def test_a_terminal_narrower_than_the_pages_gets_typer(columns: int, stored: bool,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.setattr(os, "get_terminal_size", lambda fd: os.terminal_size((columns, 40)))
    assert helptext.serve_stored_help(["--help"]) is stored
    assert terminal.written == (PAGES[("--help",)][1] if stored else "")
