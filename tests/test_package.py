"""The package as installed: public names, one version string, typing marker, the dev.py gates."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import xlkit

ROOT = Path(__file__).resolve().parents[1]


def test_xlkit_audit_is_the_module_on_every_access_in_a_fresh_interpreter() -> None:
    """README: ``xlkit.audit.audit(路径)``. Once the first access returned the function and the second
    the module (the import bound the submodule over it), so the README's call failed the first time."""
    code = (
        "import sys, types, xlkit\n"
        "assert 'xlkit.audit' not in sys.modules, 'imported eagerly'\n"
        "first = xlkit.audit\n"
        "assert isinstance(first, types.ModuleType), type(first)\n"
        "assert xlkit.audit is first\n"
        "assert callable(xlkit.audit.audit) and xlkit.audit.audit.__name__ == 'audit'\n"
        "from xlkit import audit\n"
        "assert audit is first\n"
        "print('ok')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "ok"


def test_one_version_string() -> None:
    """pyproject takes the version from xlkit/__init__.py; the installed metadata agrees with it."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["hatch"]["version"]["path"] == "xlkit/__init__.py"
    assert importlib.metadata.version("xlkit") == xlkit.__version__


def test_the_package_is_marked_typed() -> None:
    assert (Path(xlkit.__file__).parent / "py.typed").is_file()


def _dev_module():
    spec = importlib.util.spec_from_file_location("xlkit_dev_script", ROOT / "dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("failing", ["ruff", "mypy"])
def test_dev_test_stops_before_pytest_when_a_gate_reports(failing: str, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    dev = _dev_module()
    calls: list[list[str]] = []

    def fake_run(cmd: list[str], **kw: object) -> int:
        calls.append(cmd)
        return 1 if failing in cmd else 0

    monkeypatch.setattr(dev, "run", fake_run)
    monkeypatch.setattr(dev, "ensure_libreoffice", lambda: None)
    assert dev.test(["-q"]) == 1
    ran = [c[2] for c in calls]  # [python, -m, tool, ...]
    assert ran == ["ruff", "mypy"]  # both gates run, so one run lists every finding; pytest does not
    assert calls[0][3:] == ["check", "."]
    err = capsys.readouterr().err
    assert ("ruff check ." if failing == "ruff" else "mypy") in err and "reported findings" in err


def test_dev_test_runs_pytest_with_its_arguments_when_the_gates_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    dev = _dev_module()
    calls: list[list[str]] = []
    monkeypatch.setattr(dev, "run", lambda cmd, **kw: calls.append(cmd) or 0)
    monkeypatch.setattr(dev, "ensure_libreoffice", lambda: None)
    assert dev.test(["tests/test_package.py", "-q"]) == 0
    assert [c[2] for c in calls] == ["ruff", "mypy", "pytest"]
    # one worker per CPU, a test file's module fixtures made once, then the caller's arguments
    assert calls[-1][3:7] == ["-n", str(dev.workers()), "--dist", "loadfile"]
    assert calls[-1][7:] == ["tests/test_package.py", "-q"]
