from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

# As xlkit/__init__ does, before any test module imports openpyxl: openpyxl must not switch to lxml
# (installed with python-docx), so that workbooks are read as they are in the command.
os.environ.setdefault("OPENPYXL_LXML", "False")


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
