"""Questionnaire tables: option counts, shares, 满意率, the composite and coverage rates."""

from __future__ import annotations

import contextlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xlkit.audit.grid import Num, norm, pct_text, ratio_of, read_number, same_figure, value_of
from xlkit.audit.model import Out
from xlkit.audit.tables import Cells, Table
from xlkit.errors import RuleConfigError
from xlkit.read.numbers import ZERO, D, fmt_pct, quantize


@dataclass
class _Q:
    row: int
    qid: str
    text: str
    kind: str
    answered: int | None
    rate: Num | str | None
    options: list[tuple[int, str, int, Num | str | None, Decimal | None]] = field(default_factory=list)


_N_TEXT = re.compile(r"(?:答题|有效填写人次|答题量|N\s*=)\s*(\d+)")


def check_survey_table(out: Out, t: Table) -> None:
    from xlkit.compute import survey as sv

    g, cells = t.grid, Cells(t, out)
    questions: list[_Q] = []
    composite: tuple[int, str, Num | str | None] | None = None
    facts: dict[str, tuple[Any, int]] = {}
    current: _Q | None = None
    count: Num | str | int | None  # a row's printed 人数 here, an option's count below
    for r in range(t.header + 1, t.end + 1):
        qid = cells.text(r, "qid")
        text = cells.text(r, "text")
        nq = norm(qid)
        if re.fullmatch(r"Q?\d+", nq, re.I):
            answered = cells.num(r, "answered")
            n = int(answered.value) if isinstance(answered, Num) else None
            if n is None:
                m = _N_TEXT.search(unicodedata.normalize("NFKC", text))
                n = int(m.group(1)) if m else None
            # The kind as xlkit prints it, "（填空，答题 122 份）", before any word of the question
            # itself ("是否有需要改进的地方" is an open question, not a yes/no one).
            km = re.search(r"[（(](单选|多选|填空|是否)", text) or re.search(r"(单选|多选|填空|是否)", text)
            current = _Q(r, qid.upper() if qid.upper().startswith("Q") else f"Q{qid}", text,
                         km.group(1) if km else "单选", n, cells.num(r, "rate", True))
            questions.append(current)
        elif nq.startswith("综合") or "综合满意度" in norm(text):
            composite = (r, text or qid, cells.num(r, "rate", True))
            current = None
        elif nq in ("问卷覆盖率", "问卷回收率", "有效回收率", "调查对象总体数", "发放/回收/有效", "发放份数", "回收份数",
                    "有效份数", "有效问卷"):
            facts[nq] = (g.raw(r, t.cols["text"]) if "text" in t.cols else None, r)
        elif current is not None:
            count = cells.num(r, "count")
            if isinstance(count, Num) and text:
                score = cells.num(r, "option_score")
                current.options.append((r, text, int(count.value), cells.num(r, "share", True),
                                        value_of(score) if isinstance(score, Num) else None))
    valid = None
    if "发放/回收/有效" in facts:
        nums = re.findall(r"\d+", str(facts["发放/回收/有效"][0] or ""))
        if len(nums) == 3:
            valid = int(nums[2])
            _check_coverage(out, t, facts, int(nums[0]), int(nums[1]), int(nums[2]))
    for key in ("有效份数", "有效问卷"):
        if key in facts and valid is None:
            with contextlib.suppress(TypeError, ValueError, ArithmeticError):
                valid = int(D(facts[key][0]))
    typed_rates: list[tuple[_Q, Decimal]] = []
    exact: Decimal | None
    for q in questions:
        n = q.answered if q.answered is not None else valid
        if q.kind == "单选" and re.search(r"是否", q.text) is None and [o[1] for o in q.options] in (["是", "否"],):
            q.kind = "是否"
        scored = any(o[4] is not None for o in q.options)
        model = sv.Question(q.qid, q.text, q.kind, tuple(sv.Option(o[1], o[2], o[4]) for o in q.options),
                            answered=n, scored=scored)
        for p in sv.check_question(model, valid):
            if p.code in ("survey-sum", "survey-count-exceeds"):
                out(p.code, p.message, sheet=g.name, cell=g.ref(q.row, t.cols.get("qid", 1)), item=q.qid,
                    printed=str(model.total) if p.code == "survey-sum" else None,
                    expected=str(n) if n is not None else None, basis="单选题：Σ 选项人数 = 答题人数")
        for r, label, count, share, _ in q.options:
            if not isinstance(share, Num) or not n:
                continue
            exact = Decimal(count) / Decimal(n)
            if not same_figure(share, exact):
                expected = quantize(exact, max(share.places, 3))
                out("share-mismatch", f"{q.qid}“{label}”占比填报为 {share.shown}，{count} ÷ {n} = {fmt_pct(expected, max(share.places - 2, 1))}",
                    sheet=g.name, cell=g.ref(r, t.cols["share"]), item=f"{q.qid} {label} › 占比", printed=share.shown,
                    expected=fmt_pct(expected, max(share.places - 2, 1)), basis="占比 = 选择人数 ÷ 答题人数")
        if isinstance(q.rate, Num):
            typed_rates.append((q, q.rate.value))
            if scored and n:
                try:
                    exact = sv.question_rate(model, None)
                except RuleConfigError:
                    exact = None
                if exact is not None and not same_figure(q.rate, exact):
                    out("survey-rate-mismatch", f"{q.qid}满意率填报为 {q.rate.shown}，Σ(人数×分值) ÷ {n} = {pct_text(quantize(exact, 4))}",
                        sheet=g.name, cell=g.ref(q.row, t.cols["rate"]), item=f"{q.qid} › 满意率", printed=q.rate.shown,
                        expected=pct_text(quantize(exact, 4)), basis="满意率 = Σ(选择人数 × 选项分值) ÷ 答题人数")
    if composite is not None and isinstance(composite[2], Num) and typed_rates:
        _check_composite(out, t, composite, typed_rates, valid)


def _check_coverage(out: Out, t: Table, facts: dict, distributed: int, returned: int, valid: int) -> None:
    g = t.grid
    col = t.cols.get("text")
    for key, num, den, formula in (("问卷回收率", returned, distributed, "回收份数 ÷ 发放份数"),
                                   ("有效回收率", valid, returned, "有效份数 ÷ 回收份数")):
        if key not in facts or col is None:
            continue
        raw, r = facts[key]
        try:
            printed = read_number(raw, g.fmt(r, col), True)
        except ValueError:
            continue
        exact = ratio_of(Decimal(num), Decimal(den))
        if isinstance(printed, Num) and not same_figure(printed, exact):
            out("coverage-mismatch", f"{key}填报为 {printed.shown}，{formula} = {num} ÷ {den} = {pct_text(quantize(exact, 4) if exact is not None else None)}",
                sheet=g.name, cell=g.ref(r, col), item=key, printed=printed.shown,
                expected=pct_text(quantize(exact, 4) if exact is not None else None), basis=f"{key} = {formula}")


def _check_composite(out: Out, t: Table, composite: tuple, typed: list[tuple[_Q, Decimal]], valid: int | None) -> None:
    g = t.grid
    r, label, printed = composite
    rates = [v for _, v in typed]
    mean = sum(rates, ZERO) / len(rates)
    ns = [q.answered if q.answered is not None else valid for q, _ in typed]
    weighted = None
    if all(ns) and len(set(ns)) > 1:
        counts = [Decimal(n) for n in ns if n]  # every n, as all(ns) holds
        weighted = sum((c * v for c, v in zip(counts, rates)), ZERO) / sum(counts, ZERO)
    cell = g.ref(r, t.cols["rate"])
    parts = " + ".join(fmt_pct(v) for v in rates)
    if same_figure(printed, mean):
        if weighted is not None and "加权" in label and not same_figure(printed, weighted):
            out("composite-label", f"“{label.strip()}”名为加权平均，但 {printed.shown} 是 {len(rates)} 题满意率的简单平均"
                f"（{parts}）÷ {len(rates)}；按各题答题人数加权为 {fmt_pct(quantize(weighted, 4))}",
                sheet=g.name, cell=cell, item="综合满意度", printed=printed.shown,
                expected=f"{fmt_pct(quantize(weighted, 4))}（加权）或改称“算术平均”", basis="加权平均 = Σ(答题人数 × 满意率) ÷ Σ答题人数")
        return
    if weighted is not None and same_figure(printed, weighted):
        return
    out("composite-mismatch", f"综合满意度填报为 {printed.shown}，各题满意率的平均为 ({parts}) ÷ {len(rates)} = "
        f"{fmt_pct(quantize(mean, 4))}", sheet=g.name, cell=cell, item="综合满意度", printed=printed.shown,
        expected=fmt_pct(quantize(mean, 4)), difference=fmt_pct(printed.value - quantize(mean, 4)),
        basis="综合满意度 = 各题满意率的平均（或按答题人数加权）")
