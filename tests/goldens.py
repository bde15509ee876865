"""The published reports' golden figures, read from tests/goldens/<report>.toml.

Each file holds one published report: what it is (``[report]``), golden cases ``[cases.G<n>]`` and the
report's own slips ``[slips.S<n>]``, under the ids comments cite ("goldens 000 G29"). Tests take the
figures they pin from here, so every expected figure is the report's, never the code's output.
"""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).parent / "goldens"
REPORTS = ("000", "002", "003", "004")


@cache
def report_data(report: str) -> dict[str, Any]:
    """The whole goldens file of one report."""
    with (FOLDER / f"{report}.toml").open("rb") as f:
        return tomllib.load(f)


def report(report_id: str) -> dict[str, Any]:
    """The report's identity: title, unit, year, evaluator, total, grade."""
    return dict(report_data(report_id)["report"])


def golden(report_id: str, case_id: str) -> dict[str, Any]:
    """One golden case (``G29``) or slip (``S14``) of a report; KeyError names what is missing."""
    table = "slips" if case_id.startswith("S") else "cases"
    entries = report_data(report_id)[table]
    if case_id not in entries:
        raise KeyError(f"tests/goldens/{report_id}.toml has no {table}.{case_id}")
    return dict(entries[case_id])


def figure(report_id: str, case_id: str, key: str = "printed") -> Decimal:
    """A case's figure as a Decimal: ``"94.06%"`` → ``Decimal("94.06")``, ``"1,406.77"`` → 1406.77."""
    text = str(golden(report_id, case_id)[key])
    match = re.fullmatch(r"\s*(-?[\d,]+(?:\.\d+)?)\s*%?\s*", text.replace("−", "-"))
    if match is None:
        raise ValueError(f"goldens {report_id} {case_id}.{key} is not one figure: {text!r}")
    return Decimal(match.group(1).replace(",", ""))


def indicator_scores(report_id: str) -> dict[str, str]:
    """得分 of each indicator as printed, by code."""
    return {code: row["得分"] for code, row in report_data(report_id)["indicators"].items()}


def case_ids(report_id: str) -> set[str]:
    """Every case and slip id of a report."""
    data = report_data(report_id)
    return set(data.get("cases", {})) | set(data.get("slips", {}))
