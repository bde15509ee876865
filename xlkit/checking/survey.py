"""Checks of 问卷统计.xlsx: counts that cannot exceed each other, question numbers, options and their
scores, and single-choice counts that add up to the question's N."""

from __future__ import annotations

from typing import Any

from xlkit.checking.result import FileIssues
from xlkit.read.records import SurveyBook
from xlkit.spec.issues import Severity
from xlkit.spec.templates import sheet_name

__all__ = ["check_survey"]


SINGLE_KINDS = ("单选", "是否")


def check_survey(book: SurveyBook, out: FileIssues) -> None:
    info, cells = book.info, book.info_cells
    valid, returned, distributed, population = (info.get(k) for k in ("valid", "returned", "distributed", "population"))
    for small, big, a, b, at in ((returned, distributed, "回收份数", "发放份数", "returned"),
                                 (valid, returned, "有效份数", "回收份数", "valid"),
                                 (valid, population, "有效份数", "调查对象总体数", "valid")):
        if small is not None and big is not None and small > big:
            out("survey-counts", f"{a} {small} 大于{b} {big}", sheet_name("survey", "info"), cells.get(at), value=small, expected=f"≤ {big}")
    questions_read = book.data.sheet("questions").has("qid")
    seen: dict[str, Any] = {}
    for q in book.questions:
        if q.qid and q.qid in seen:
            out("duplicate-code", f"题号 {q.qid} 重复（另见 {seen[q.qid].row.cells.get('qid')}）", sheet_name("survey", "questions"),
                q.row.cells.get("qid"), value=q.qid)
        seen.setdefault(q.qid, q)
        if q.answered is not None and valid is not None and q.answered > valid:
            out("survey-n", f"{q.qid} 答题人数 {q.answered} 大于有效份数 {valid}", sheet_name("survey", "questions"), q.row.cells.get("answered"),
                value=q.answered, expected=f"≤ {valid}")
    by_q: dict[str, list[Any]] = {}
    for o in book.options:
        if o.qid not in seen:
            if questions_read and o.qid:
                out("unknown-question", f"选项所属题号 {o.qid} 不在题目表中", sheet_name("survey", "options"), o.row.cells.get("qid"), value=o.qid)
            continue
        by_q.setdefault(o.qid, []).append(o)
    for qid, q in seen.items():
        if not qid:
            continue
        opts = by_q.get(qid, [])
        n = q.answered if q.answered is not None else valid
        if q.scored and not opts:
            out("survey-no-options", f"{qid} 计入满意度，但选项表中没有它的选项", sheet_name("survey", "questions"), q.row.cells.get("qid"), value=qid)
        if n is None:
            if q.kind not in (None, "填空") and opts:
                out("survey-n-missing", f"{qid} 未填答题人数，且问卷信息中没有有效份数", sheet_name("survey", "questions"), q.row.cells.get("answered"))
            continue
        if n == 0 and opts:
            out("survey-n-zero", f"{qid} 答题人数为 0，无法计算占比和满意率", sheet_name("survey", "questions"), q.row.cells.get("answered"),
                Severity.WARNING)
        for o in opts:
            if o.count is not None and o.count > n:
                out("survey-count-exceeds", f"{qid}“{o.label}”人数 {o.count} 大于答题人数 {n}", sheet_name("survey", "options"),
                    o.row.cells.get("count"), value=o.count, expected=f"≤ {n}")
            if q.scored and o.score is None and "score" in o.row.cells:
                out("survey-score-missing", f"{qid} 计入满意度，但选项“{o.label}”没有分值", sheet_name("survey", "options"), o.row.cells.get("score"))
        if q.kind in SINGLE_KINDS and opts and all(o.count is not None for o in opts):
            total = sum(o.count for o in opts)
            if total != n:
                where = "答题人数" if q.answered is not None else "有效份数（答题人数留空）"
                out("survey-sum", f"{qid}（{q.kind}题）各选项人数之和 {total} 不等于{where} {n}", sheet_name("survey", "questions"),
                    q.row.cells.get("answered"), value=total, expected=str(n))
    rows = book.data.sheet("answers").rows
    for (qid, _), row in zip(book.open_answers, rows):
        if qid and qid not in seen and questions_read:
            out("unknown-question", f"开放回答的题号 {qid} 不在题目表中", sheet_name("survey", "answers"), row.cells.get("qid"), Severity.WARNING,
                value=qid)
