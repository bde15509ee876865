"""The 基金收支分析 sheet of a result workbook: report 002 表(一)'s transposed table (险种 columns plus 合计)
with xlkit's figures (``xlkit.compute.fund`` computes them), then the notes."""

from __future__ import annotations

from typing import Any

from xlkit.compute import finance
from xlkit.compute.fund import DASH, SHEET_NAME, FundResult

__all__ = ["fund_sheet"]


# ---- the result sheet --------------------------------------------------------------------------

def fund_sheet(wb: Any, fmt: Any, result: FundResult, name: str = SHEET_NAME) -> None:
    """基金收支分析 in 002 表(一)'s layout (险种 columns + 合计), xlkit's figures, then the notes."""
    from xlkit.write.sheets import Sheet

    info = result.info
    headers = ["险种", "", *result.funds, finance.TOTAL_COLUMN]
    widths: list[float] = [12, 14, *([16] * len(result.funds)), 14]
    title = f"{info.get('unit') or ''}{info.get('year') or ''}年度社会保险基金收支余总体情况"
    sh = Sheet(wb, fmt, name, title, headers, widths, f"来源：{result.file}", f"单位：{result.unit}")
    ws = sh.ws
    ws.merge_range(2, 0, 2, 1, "险种", fmt.header)
    first = sh.row
    r = first
    block_start = r
    for i, row in enumerate(result.rows):
        ws.write_string(r, 1, row.label, fmt.text)
        for c, v in enumerate(row.values, start=2):
            if v is None:
                ws.write_string(r, c, DASH, fmt.dash)
            else:
                ws.write_number(r, c, float(v), fmt.pct if row.kind == "rate" else fmt.num)
        last_of_block = i + 1 == len(result.rows) or result.rows[i + 1].block != row.block
        if last_of_block:
            if not row.label:
                ws.merge_range(r, 0, r, 1, row.block, fmt.center)
            elif r > block_start:
                ws.merge_range(block_start, 0, r, 0, row.block, fmt.center)
            else:
                ws.write_string(r, 0, row.block, fmt.center)
            block_start = r + 1
        r += 1
    r += 1
    lines = ["增长 = 当年 − 上年；增幅% = 增长 ÷ 上年；执行预算% = 当年 ÷ 预算；基金当期结余 = 当年收入 − 当年支出；"
             "合计列的比率为合计金额之比（不是各险种比率的平均数）；分母为 0 或未填时列示“—”。"]
    if result.source_unit != result.unit:
        lines.append(f"金额按{result.source_unit}填写，以{result.unit}列示（÷10000，四舍五入保留两位小数）；"
                     f"比率和差额按{result.source_unit}计算。")
    if info.get("note"):
        lines.append(str(info["note"]))
    lines += [f"说明：{n.message}" for n in result.notes]
    last = len(headers) - 1
    for text in lines:
        ws.merge_range(r, 0, r, last, text, fmt.text)
        ws.set_row(r, max(18, min(120, 15 * (1 + len(text) // max(20, sum(widths) // 2)))))
        r += 1
    sh.row = r
