"""Read 问卷星 (wjx) and 腾讯问卷 exports: one row per 答卷 → tallies, open answers, quality flags.

Evaluators today copy the platform's totals into Word by hand. ``read_export`` reads the raw export
(.xlsx, .xls or .csv) and builds an ``xlkit.compute.survey.Survey`` from it, question by question:

* 问卷星 按选项文本: questions ``N、题干`` (optionally ``(单选题 *必答)``), multi-choice joined by
  ``┋``, matrix rows ``N、题干—行`` followed by bare row headers, option fill-ins ``其他〖…〗``.
* 问卷星 按选项序号 / 按分数: the same headers with numbers for answers, multi-choice as one 0/1
  column per option ``第N题(选项)``, option fill-ins as ``N、(其他…)`` columns. Numbers carry no
  option text, so their labels come from the 按选项文本 export of the same survey (paired by 序号)
  or, for 序号, from the option lists typed in 问卷统计.xlsx (in questionnaire order). Options are
  always mapped by **text**, never guessed from a position.
* 腾讯问卷: ``N.题干``; multi-choice as ``N.题干:选项`` columns; fill-ins ``…_填空k``.

Skip logic: "(跳过)", "(空)", -3, -2 and blanks are not answers, so every question has its own N
(003 Q6 was answered by the 84 who said 是 in Q5; 000 Q5 by 101 of 102). Options nobody chose are
absent from an export: a question whose answers are words of a known ladder (非常满意…不满意,
显著…无, 是/否) is completed with the missing rungs; other questions list what was chosen, unless the
option list was typed in 问卷统计.xlsx beforehand.

Quality flags (identical answers throughout, completion time under a threshold, duplicate IPs,
answers outside the population, strata far from the population's) are reported; no respondent is
ever dropped silently. Errors in the export are Issues with file, sheet and cell, all collected.

The steps, one module each: ``loading`` (the file), ``headers`` (the platform's header row),
``context`` (the rows being read, columns grouped by question), ``labels`` (a 序号/分数 export paired
with its 文本 export), ``builder`` (the tallies, reading cells through ``answers``), ``respondents``
(quality flags, strata), ``scores`` (option scores and the Survey); what the user asks is in
``options``, what 问卷统计.xlsx already says in ``codebook``, the result in ``model``. This module
detects the form and runs them in order.

Issue codes: errors export-missing, export-empty-file, export-too-large, export-encrypted,
export-unreadable, export-no-header, export-no-rows, export-duplicate-question, export-bad-value,
export-label-unknown, export-answer-unknown, export-labels-mismatch, survey-label-unmapped,
survey-filled, survey-workbook-unreadable, output-exists; warnings export-column-ignored, export-bad-time,
export-question-skipped, survey-ladder-assumed, survey-personal, flag-straight-line,
flag-too-fast, flag-duplicate-ip, flag-outside-population, flag-strata-skew.
"""

from __future__ import annotations

import re
from pathlib import Path

from xlkit.compute import survey as sv
from xlkit.errors import RuleConfigError, XlkitError
from xlkit.survey_intake.answers import is_number, is_skipped, looks_open
from xlkit.survey_intake.builder import QuestionBuilder
from xlkit.survey_intake.codebook import Codebook
from xlkit.survey_intake.context import ExportContext, group_columns
from xlkit.survey_intake.headers import Column, detect_header
from xlkit.survey_intake.issues import SurveyImportError, one_issue
from xlkit.survey_intake.labels import pair_labels
from xlkit.survey_intake.loading import cell_ref, load_table
from xlkit.survey_intake.model import SurveyImport
from xlkit.survey_intake.options import FORMS, ImportOptions, resolve_scheme
from xlkit.survey_intake.respondents import compare_strata, quality_flags, read_respondents
from xlkit.survey_intake.scores import build_survey

__all__ = ["read_export"]


def read_export(path: str | Path, options: ImportOptions | None = None, *, codebook: Codebook | None = None
                ) -> SurveyImport:
    """Read and tally one 问卷星 / 腾讯问卷 export. Raises SurveyImportError listing every error.

    ``codebook`` holds what 问卷统计.xlsx already says (option lists and order, typed scores,
    计入满意度, 权重); the export never overrides it. The export file is only read.
    """
    path = Path(path)
    opts = options or ImportOptions()
    if opts.method not in ("mean", "pooled"):
        raise RuleConfigError(f"综合满意度的计算方式应为 mean 或 pooled，而非“{opts.method}”")
    if opts.share_style not in sv.SHARE_STYLES:
        raise RuleConfigError(f"占比格式应为 1dp 或 wjx，而非“{opts.share_style}”")
    resolve_scheme(opts.scheme)
    for name in opts.question_schemes.values():
        resolve_scheme(name)
    sheet, rows = load_table(path)
    found = detect_header(rows)
    if found is None:
        msg = ("无法识别为问卷星或腾讯问卷导出：前几行中没有题目表头（问卷星如“1、您的性别”或“第6题(运动)”，"
               "腾讯问卷如“1.您的性别”），也没有 序号/提交答卷时间 或 编号/开始答题时间 等列")
        raise SurveyImportError(f"{path.name}：{msg}", one_issue("export-no-header", msg, path.name, sheet, "A1"))
    header_row, platform, cols = found
    ctx = ExportContext(path, sheet, rows, header_row, opts, codebook)
    if not ctx.data:
        msg = "只有表头，没有答卷"
        raise SurveyImportError(f"{path.name}：{msg}", one_issue("export-no-rows", msg, path.name, sheet,
                                                           cell_ref(0, header_row + 1)))
    form = _form(ctx, path, platform, cols, opts)
    labels: dict[str, dict[str, str]] = {}
    if opts.labels is not None and form in ("index", "score"):
        labels, pair_report = pair_labels(path, Path(opts.labels), opts)
        ctx.report.extend(pair_report.issues)
    groups = group_columns(ctx, cols)
    builder = QuestionBuilder(ctx, form, labels)
    people = read_respondents(ctx, cols)
    builder.idents = [p.ident for p in people]
    builder.build(groups)
    questions = builder.questions
    flags, threshold = quality_flags(ctx, cols, people, questions, opts)
    strata = compare_strata(ctx, questions, opts)
    cb = ctx.codebook
    title = opts.title or cb.info.get("title") or path.stem
    survey, used = build_survey(questions, people, opts, cb, ctx, builder.open, title)
    ctx.flush()
    for f in flags:
        ctx.report.add(f.to_issue(path.name, sheet))
    if ctx.report.errors:
        raise SurveyImportError(f"{path.name} 有 {len(ctx.report.errors)} 处错误，未导入", ctx.report)
    days = [p.submitted for p in people if p.submitted]
    return SurveyImport(path=path, platform=platform, form=FORMS[form], sheet=sheet, respondents=people,
                        questions=questions, survey=survey, open_answers=builder.open, flags=flags, strata=strata,
                        report=ctx.report, options=opts, schemes=used, threshold=threshold,
                        dates=(min(days), max(days)) if days else None)


def _form(ctx: ExportContext, path: Path, platform: str, cols: list[Column], opts: ImportOptions) -> str:
    if opts.form:
        wanted = {"text": "text", "文本": "text", "按选项文本": "text", "index": "index", "序号": "index",
                  "按选项序号": "index", "score": "score", "分数": "score", "按分数": "score"}.get(opts.form)
        if wanted is None:
            raise XlkitError(f"导出形式应为 文本/序号/分数，而非“{opts.form}”")
        return wanted
    if platform == "腾讯问卷":
        return "text"
    m = re.search(r"_(\d)$", path.stem)
    if m and m.group(1) in "012":
        return {"0": "text", "1": "score", "2": "index"}[m.group(1)]
    if any(c.role == "option" for c in cols):
        return "index"
    numeric = labelled = 0
    for c in cols:
        if c.role not in ("main", "row"):
            continue
        values = [v for v in ctx.values(c.index) if not is_skipped(v)]
        if not values:
            continue
        if all(is_number(v) for v in values):
            numeric += 1
        elif not looks_open(values) or any(sv.MULTI_SEPARATOR in v for v in values):
            labelled += 1
    return "index" if numeric and not labelled else "text"
