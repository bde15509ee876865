from __future__ import annotations

import os
import sys
from pathlib import Path

# As xlkit/__init__.py does for the command line: openpyxl reads with defusedxml even though lxml is
# installed (python-docx needs it). Here because test modules import openpyxl before xlkit.
os.environ.setdefault("OPENPYXL_LXML", "False")

import pytest

sys.path.insert(0, str(Path(__file__).parent))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/*.json from the current output (review the diff!)",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def kashi_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A freshly generated 部门整体 folder (seed 000's unit)."""
    import xlkit

    folder = tmp_path_factory.mktemp("new") / "喀什医保2024"
    xlkit.new_project(folder, eval_type="部门整体", unit="喀什市医疗保障局", year=2024)
    return folder


@pytest.fixture(scope="session")
def fukang_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A freshly generated 项目支出 folder (seed 003's project)."""
    import xlkit

    folder = tmp_path_factory.mktemp("new") / "阜康大额2024"
    xlkit.new_project(
        folder,
        eval_type="项目支出",
        unit="阜康市医疗保障局",
        project="2024年职工大额医疗补助项目",
        year=2024,
    )
    return folder


@pytest.fixture(scope="session")
def kashi_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seed 000 filled into freshly generated templates (what samples/ ships, rebuilt)."""
    from helpers import load_sample_builder

    return load_sample_builder().build_kashi(tmp_path_factory.mktemp("sample") / "kashi-medical-security-2024")


# ---- the issue-code registry: every code emitted anywhere in the suite is registered ---------------
# Each Issue, audit Finding and survey Flag built during the run is noted with its severity; at the
# end the run fails on a code missing from templates/issue_codes.toml or on a severity the registry
# does not allow for it (tests/test_issue_codes.py checks the static side).
_EMITTED: dict[str, set[str]] = {}


def _note_codes(cls: type) -> None:
    original = cls.__init__

    def init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original(self, *args, **kwargs)
        severity = getattr(self, "severity", None)
        _EMITTED.setdefault(self.code, set()).add(getattr(severity, "value", "warning"))

    cls.__init__ = init  # type: ignore[method-assign]


def pytest_configure(config: pytest.Config) -> None:
    from xlkit.audit.model import Finding
    from xlkit.spec.issues import Issue
    from xlkit.survey_intake.model import Flag

    for cls in (Issue, Finding, Flag):
        _note_codes(cls)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:  # type: ignore[no-untyped-def]
    """Under pytest-xdist: a worker hands the codes its tests emitted to the controller, which checks them
    all at its own session end (a worker's exit status would not fail the run)."""
    for code, severities in getattr(node, "workeroutput", {}).get("issue_codes", {}).items():
        _EMITTED.setdefault(code, set()).update(severities)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    from xlkit.spec.issues import Severity, registry

    worker = getattr(session.config, "workeroutput", None)
    if worker is not None:  # an xdist worker: the controller checks
        worker["issue_codes"] = {code: sorted(sev) for code, sev in _EMITTED.items()}
        return
    reg = registry()
    wrong = []
    for code, severities in sorted(_EMITTED.items()):
        info = reg.get(code)
        if info is None:
            wrong.append(f"{code}: 未登记")
            continue
        wrong += [f"{code}: 严重程度 {s} 不是登记的 {info.severity.value}"
                  for s in severities if not info.allows(Severity(s))]
    if wrong:
        session.config.issue_codes_problems = wrong  # type: ignore[attr-defined]
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:  # type: ignore[no-untyped-def]
    wrong = getattr(config, "issue_codes_problems", None)
    if wrong:
        terminalreporter.section("issue codes not in templates/issue_codes.toml", red=True)
        for line in wrong:
            terminalreporter.write_line(line)
