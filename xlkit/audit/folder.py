"""Workbooks and folders: which tables each file holds, and for a project folder ``xlkit check``,
``xlkit score`` and the typed 综合评分表 compared with xlkit's own scores.

Nothing is ever written back to the audited files."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from xlkit.audit.grid import norm, value_of
from xlkit.audit.model import AUDIT_FILE, AuditResult, Finding, Out
from xlkit.audit.score_table import ScoreTable
from xlkit.audit.sheets import audit_workbook
from xlkit.errors import XlkitError
from xlkit.read.numbers import fmt2

if TYPE_CHECKING:  # scoring is imported when a folder is audited
    from xlkit.scoring.evaluation import Evaluation, Result


def _typed_tables(folder: Path) -> list[Path]:
    """The hand-made tables of a folder: not xlkit's templates (by name, or by their stamp, so a
    renamed 绩效自评表（…）.xlsx is still an input that check and score judge), not an audit opinion."""
    from xlkit.read.stamp import read_stamp
    from xlkit.spec.templates import workbook_specs

    ours = {spec.file for spec in workbook_specs().values()}
    return sorted(p for p in folder.glob("*.xlsx") if p.name not in ours and not p.name.startswith(("~$", ".~", "."))
                  and not p.name.startswith(Path(AUDIT_FILE).stem) and not read_stamp(p))


_CHECK_CATEGORY = {"预决算.xlsx": "预决算", "问卷统计.xlsx": "问卷"}


def _audit_folder(folder: Path, result: AuditResult) -> None:
    from xlkit.scoring.evaluation import ScoreError, check, score_checked

    cr = check(folder)
    for issue in cr.report.issues:
        # A footing break in the unit's own input workbook is what check says it is, a warning (the
        # registry's context rule): xlkit scores from the parts, so nothing reported is wrong yet.
        result.findings.append(Finding(issue.code, issue.severity, _CHECK_CATEGORY.get(issue.file or "", "校验"),
                                       issue.message, issue.file, issue.sheet, issue.cell, issue.code,
                                       issue.value if issue.value is None else str(issue.value),
                                       issue.expected, None, "xlkit check"))
    result.audited.append(f"{folder.name}：xlkit check 校验全部工作簿")
    scored = None
    try:
        scored = score_checked(cr)
    except ScoreError as exc:
        # The folder is what could not be scored; the errors above name their own files and cells.
        Out(result, folder.name)("folder-unscorable", f"{exc}；以上错误更正后才能与 xlkit 的评分对照")
    if scored is not None:
        seen = {id(i) for i in cr.report.issues}
        for issue in scored.checks:
            if id(issue) not in seen and issue not in cr.report.issues:
                result.findings.append(Finding(issue.code, issue.severity, "校验", issue.message, issue.file,
                                               issue.sheet, issue.cell, issue.code, issue.value, issue.expected,
                                               None, "xlkit score"))
        if scored.evaluation is not None:
            ev = scored.evaluation
            result.audited.append(f"{folder.name}：xlkit score 按指标体系评分（{fmt2(ev.total)} 分，{ev.grade}）")
        else:  # a folder of 自评表 alone: one score per 自评表, no indicator system
            result.audited.append(f"{folder.name}：xlkit score 按赋分规则评分 {len(scored.self_evals)} 张自评表")
    for path in _typed_tables(folder):
        try:
            st = audit_workbook(path, result)
        except XlkitError as exc:  # one unreadable extra file does not stop the folder's audit
            Out(result, path.name)("table-unreadable", f"无法读取，未审核：{exc}")
            continue
        if st is not None and scored is not None and scored.evaluation is not None:
            _compare(st, scored, scored.evaluation, Out(result, path.name))


def _compare(st: ScoreTable, scored: Result, ev: Evaluation, out: Out) -> None:
    """Typed 综合评分表 against xlkit's own scoring of the folder (``ev``), indicator by indicator."""
    by_code = {i.code: i for i in ev.indicators}
    by_name = {norm(i.name): i for i in ev.indicators}
    cells = st.cells
    assert cells is not None
    for ind in st.indicators:
        mine = by_code.get(ind.code) if ind.code else None
        mine = mine or by_name.get(norm(ind.name))
        s = value_of(ind.score)
        if mine is None or s is None:
            continue
        if s != mine.score:
            why = mine.reason or "；".join(mine.notes)
            why = why if len(why) <= 120 else why[:120] + "…"
            out("score-differs", f"{ind.label}填报得分 {fmt2(s)}，xlkit 按指标体系计算为 {fmt2(mine.score)}"
                + (f"（{why}）" if why else ""), sheet=st.sheet, cell=cells.ref(ind.row, "score"),
                item=f"{ind.label} › 得分", printed=fmt2(s), expected=fmt2(mine.score), difference=fmt2(s - mine.score),
                basis=f"{mine.rule}（{mine.params}）；实际完成值 {mine.actual}")
    _cited_vouchers(st, scored, out)
    if st.grade is not None and norm(st.grade[0]) != ev.grade:
        out("grade-differs", f"填报等级“{st.grade[0]}”，xlkit 评分 {fmt2(ev.total)} 分，等级“{ev.grade}”",
            sheet=st.sheet, cell=st.grade[1], item="等级", printed=st.grade[0], expected=ev.grade,
            basis="xlkit score")


_VOUCHER_CITE = re.compile(r"(\d{4})-(\d{1,2})-(\d+)号")


def _cited_vouchers(st: ScoreTable, scored: Result, out: Out) -> None:
    """A voucher a 扣分原因 cites (2024-6-18号) should be in the folder's 凭证抽查台账 (goldens 000 S19)."""
    cr = scored.check_result
    if cr is None or cr.vouchers is None:
        return
    ledger = {v.ident for v in cr.vouchers.vouchers}
    cells = st.cells
    assert cells is not None
    for ind in st.indicators:
        for m in _VOUCHER_CITE.finditer(unicodedata.normalize("NFKC", ind.reason or "")):
            ident = f"{int(m.group(1))}-{int(m.group(2))}-{int(m.group(3))}号"
            if ident not in ledger:
                out("voucher-not-in-ledger", f"{ind.label}扣分原因引用的 {ident}记账凭证不在凭证抽查台账中"
                    f"（台账共 {len(ledger)} 笔）", sheet=st.sheet, cell=cells.ref(ind.row, "reason"),
                    item=f"{ind.label} › 扣分原因", printed=ident, expected="台账中的凭证",
                    basis="扣分所依据的凭证应登记在凭证抽查台账中")


def audit(path: str | Path, annex: str | Path | None = None) -> AuditResult:
    """Audit a typed 综合评分表 workbook, a project folder (check + score + any typed tables in it),
    or a Word 评价报告 (.docx), optionally with its 综合评分表 workbook ``annex``.

    Raises ``XlkitError`` (Chinese message) when the path cannot be read at all; every problem in
    the figures is a ``Finding`` in the result.
    """
    path = Path(path)
    result = AuditResult(path)
    if path.suffix.lower() == ".docx" and path.is_file():
        from xlkit.audit.report_text import audit_report

        annex_table = None
        if annex is not None:
            if not Path(annex).is_file():
                raise XlkitError(f"找不到评分表工作簿：{annex}")
            annex_table = audit_workbook(Path(annex), result)
        audit_report(path, result, annex_table)
    elif annex is not None:
        raise XlkitError(f"第二个文件（评分表）只在审核 Word 报告（.docx）时使用：{path.name} 不是 .docx 文件")
    elif path.is_dir():
        _audit_folder(path, result)
    elif path.is_file():
        audit_workbook(path, result)
    else:
        raise XlkitError(f"找不到要审核的文件或文件夹：{path}")
    return result
