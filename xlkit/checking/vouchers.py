"""Checks of 凭证抽查台账.xlsx: amounts, dates in the evaluation year, linked indicators and deductions,
涉及金额, and a voucher entered twice."""

from __future__ import annotations

import re
from typing import Any

from xlkit.checking.result import FileIssues
from xlkit.compute.finance import to_wan
from xlkit.read.numbers import fmt2
from xlkit.read.records import VoucherBook, parse_deduction
from xlkit.spec.issues import Severity
from xlkit.spec.templates import sheet_name

__all__ = ["check_vouchers"]


def check_vouchers(book: VoucherBook, out: FileIssues, codes: set[str] | None, year: int | None) -> None:
    firsts: dict[tuple[int, int, str], Any] = {}
    for v in book.vouchers:
        cells = v.row.cells
        if v.amount is not None and v.amount <= 0:
            out("voucher-amount", f"凭证金额应大于 0（实际为 {fmt2(v.amount)}）", sheet_name("vouchers", "ledger"), cells.get("amount"),
                value=fmt2(v.amount), expected="> 0")
        if v.date is not None and year and v.date.year != year:
            out("voucher-date", f"凭证日期 {v.date.isoformat()} 不在评价年度 {year} 年内", sheet_name("vouchers", "ledger"), cells.get("date"),
                Severity.WARNING, value=v.date.isoformat(), expected=f"{year} 年")
        # Scoring matches a ledger row to its indicator whatever the letter case (b32 = B32).
        if v.indicator and codes is not None and v.indicator.upper() not in {c.upper() for c in codes}:
            out("unknown-indicator", f"关联指标 {v.indicator} 不在指标体系中", sheet_name("vouchers", "ledger"), cells.get("indicator"),
                value=v.indicator)
        if v.points_text and not v.indicator and "indicator" in cells:
            out("deduction-without-indicator", "填写了扣分但没有关联指标（指标编码，如 B31）", sheet_name("vouchers", "ledger"), cells.get("indicator"))
        if (v.indicator or v.points_text) and not v.problem and "problem" in cells:
            out("deduction-without-problem", "填写了关联指标或扣分，但“问题”为空：该行不会计入扣分；请写明问题", sheet_name("vouchers", "ledger"),
                cells.get("problem"), Severity.WARNING)
        try:
            parse_deduction(v.points_text)
        except ValueError as exc:
            out("deduction-invalid", str(exc), sheet_name("vouchers", "ledger"), cells.get("points"), value=v.points_text)
        # 涉及金额 is typed in 万元 to 2 places (000: 11.31 for 113,099.82 元), so compare at that precision.
        if v.involved is not None and v.amount is not None and v.amount > 0 and (wan := to_wan(v.amount)) is not None and v.involved > wan:
            out("voucher-involved", f"涉及金额 {fmt2(v.involved)} 万元大于凭证金额 {fmt2(to_wan(v.amount))} 万元",
                sheet_name("vouchers", "ledger"), cells.get("involved"), Severity.WARNING, value=fmt2(v.involved), expected=f"≤ {fmt2(to_wan(v.amount))}")
        if v.date is not None and v.number and v.amount is not None:
            key = (v.date.year, v.date.month, re.sub(r"\s+", "", v.number))
            if key in firsts:
                out("duplicate-voucher", f"凭证 {v.ident} 已登记于 {firsts[key].row.cells.get('voucher')}，金额重复计入抽查合计；"
                    "同一凭证的后续行金额请留空", sheet_name("vouchers", "ledger"), cells.get("voucher"), Severity.WARNING, value=v.number)
            else:
                firsts[key] = v
