"""Type a 绩效自评表 from Python the way a clerk fills it in Excel (shared by the sample builders).

Each sample gives the 自评表 as printed: the header fields, the 项目资金 block, the 年度总体目标
and the indicator rows; the unit's own printed 得分 goes into 填报得分 so that xlkit can show
where its rules and the printed figures part.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlkit
from xlkit.spec.templates import workbook_spec
from xlkit.write.fill import fill_workbook

# Column order of the indicator tuples the samples give (the 自评表 columns, left to right).
ROW_KEYS = ("level1", "level2", "name", "nature", "value", "unit", "weight", "actual", "printed_score",
            "basis", "last_year", "rule_text", "evidence", "deviation", "rule", "params", "map_code", "map_kind")


def indicator_rows(rows: Sequence[Sequence[Any]], keys: Sequence[str] = ROW_KEYS) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        values = dict(zip(keys, row))
        out.append({k: (Decimal(v) if k in ("weight", "printed_score") and v not in (None, "") else v)
                    for k, v in values.items() if v not in (None, "")})
    return out


def build_selfeval(folder: Path, *, info: dict[str, Any], funds: dict[str, dict[str, Any]],
                   goals: Sequence[tuple[str, str]], rows: Sequence[dict[str, Any]], file_name: str | None = None) -> Path:
    """Generate a blank 自评表 for ``info`` and type the rest in; returns the file written."""
    spec = workbook_spec("selfeval")
    with tempfile.TemporaryDirectory() as tmp:
        blank = xlkit.new_selfeval(Path(tmp), unit=info["unit"], year=info["year"], project=info.get("project"),
                                   kind=info.get("kind", "项目支出")).files[0]
        target = Path(folder) / (file_name or spec.file)
        target.parent.mkdir(parents=True, exist_ok=True)
        fill_workbook(blank, spec, target, forms={"info": info},
                      fixed={"funds": funds} if funds else None,
                      tables={"goals": [{"goal": g, "done": d} for g, d in goals], "indicators": list(rows)},
                      force=True)
    return target
