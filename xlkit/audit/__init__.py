"""`xlkit audit`: check the figures of a hand-made 综合评分表 and its budget and questionnaire tables.

Finance bureaus receive score tables typed by third parties. ``audit(path)`` reads what is
*printed* — a workbook in xlkit's 综合评分表 layout (merged 一级/二级 cells, 小计 and 合计 rows,
plain numbers or formulas with cached values), optionally with a 得分汇总 (表3-1) table, budget
tables like 表1-1 / 表1-2, a 预决算公开 date table and questionnaire tables — recomputes every
figure that can be recomputed from the others, and returns findings: a stable code, a severity,
the cell, the printed and the expected value, and the rule or formula. For a project folder it
also runs ``xlkit check`` and ``xlkit score`` and compares any typed 综合评分表 in the folder with
xlkit's own scores.

Tables are found by their column headings anywhere in any sheet, so a table typed on one sheet
with other material around it is still read. Nothing is ever written back to the audited files.

What cannot be checked from typed figures — narrative text, figures printed only in the report's
prose, how a rule was meant when its wording is ambiguous beyond the readings xlkit knows — is
out of scope; the tests list the seeds' own slips of that kind.

Finding codes (severity, category):
  评分   rate-mismatch, score-range, subtotal-mismatch, total-mismatch, level-weight, deduct-column,
         deduction-sum, rule-result, rule-unreachable, grade-mismatch, full-marks-count, summary-mismatch (errors);
         deduction-size, standard-points, rule-rounding, rate-over-100 (warnings)
  预决算 footing, adjustment-mismatch, rate-recompute, disclosure-before-approval (errors);
         rate-sign, rate-dash, rate-undefined, zero-zero-inconsistent, rate-over-100,
         disclosure-late (warnings)
  问卷   survey-sum, survey-count-exceeds, share-mismatch, survey-rate-mismatch, composite-mismatch,
         coverage-mismatch (errors); composite-label (warning)
  对照   score-differs, grade-differs, folder-unscorable (errors); voucher-not-in-ledger (warning) —
         folder audits only
  正文   text-figure, text-rate, text-count (errors); text-list-count (warning) — Word reports
         (``audit 评价报告.docx [综合评分表.xlsx]``, module ``report_text``)
  校验   every issue of ``xlkit check`` / ``xlkit score`` for a folder, with its own code
  读取   table-unreadable (warning): a figure that is neither a number nor "-", or a table that looks
         like a score table but whose score/weight column heading is unknown (headings are data:
         templates/audit_headings.toml, module ``vocabulary``)

Modules: ``model`` (findings, result, code catalogue), ``grid`` (printed figures), ``tables`` (table
detection), ``score_table`` / ``score_checks`` / ``deductions`` / ``rule_results`` / ``summary``
(综合评分表, 扣分原因, rule results, 表3-1 and grade), ``budget`` (预决算), ``survey`` (问卷),
``folder`` (workbooks, folders and ``audit``).
"""

from xlkit.audit.folder import audit
from xlkit.audit.model import AUDIT_FILE, CATEGORIES, CODES, AuditResult, Finding

__all__ = ["audit", "AuditResult", "Finding", "CODES", "CATEGORIES", "AUDIT_FILE"]
