"""Fill a project's 问卷统计.xlsx from a questionnaire export and write the import report.

The export is read by ``xlkit.survey_intake.exports`` (问卷星 / 腾讯问卷, every form); this module binds the
tallies to the folder: the indicators fed by the questionnaire (``bound_indicators``), the satisfaction
rate and indicator score under each common option→score scheme (``sensitivity_table``: 003's 91.31 % →
4.89 becomes 96.72 % → 6.00 under top-3-box), the filled 问卷统计.xlsx (``import_into``; what a user
typed there is kept, an earlier tally is replaced only with ``force`` and backed up) and 问卷导入报告.xlsx.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlkit.compute import survey as sv
from xlkit.errors import RuleConfigError, XlkitError
from xlkit.read.numbers import D, fmt2, fmt_pct
from xlkit.spec.sheet_names import (
    IMPORT_FLAGS,
    IMPORT_OPEN_ANSWERS,
    IMPORT_OPTIONS,
    IMPORT_OVERVIEW,
    IMPORT_SENSITIVITY,
    IMPORT_STRATA,
)
from xlkit.survey_intake.codebook import Codebook
from xlkit.survey_intake.exports import read_export
from xlkit.survey_intake.issues import SurveyImportError, one_issue
from xlkit.survey_intake.model import Flag, ImportedQuestion, Respondent, Stratum, SurveyImport
from xlkit.survey_intake.options import FORMS, ImportOptions, parse_strata, resolve_scheme

__all__ = [
    "ImportOptions",
    "ImportedQuestion",
    "Respondent",
    "Flag",
    "Stratum",
    "SurveyImport",
    "SensitivityRow",
    "BoundIndicator",
    "ImportResult",
    "SurveyImportError",
    "read_export",
    "import_into",
    "sensitivity_table",
    "bound_indicators",
    "write_import_report",
    "parse_strata",
    "resolve_scheme",
    "REPORT_FILE",
    "FORMS",
]

REPORT_FILE = "问卷导入报告.xlsx"

# --------------------------------------------------------------------------------------------
# Sensitivity


@dataclass(frozen=True)
class BoundIndicator:
    """An indicator of 指标体系 fed by the questionnaire: its rule, and which rate feeds it."""

    code: str
    name: str
    weight: Decimal
    target: str | None
    rule: str
    params: str | None
    question: str  # "综合" or "Q11"


def bound_indicators(book: Any) -> list[BoundIndicator]:
    """Indicators whose 实际完成值 is a questionnaire rate (绑定测算项 or 问卷折算 题号)."""
    from xlkit.rules.base import parse_params

    out = []
    for ind in book.indicators:
        if not ind.code or ind.weight is None or not ind.rule:
            continue
        question = None
        measure = unicodedata.normalize("NFKC", ind.measure or "").strip()
        m = re.fullmatch(r"问卷:\s*(Q\d+(?:\.\d+)?)", measure, flags=re.I)
        if measure == "问卷综合满意度":
            question = "综合"
        elif m:
            question = m.group(1).upper()
        try:
            params = parse_params(ind.params)
        except RuleConfigError:
            params = {}
        q = unicodedata.normalize("NFKC", params.get("题号") or params.get("question") or "").strip().upper()
        if q:
            question = "综合" if q in ("综合", "综合满意度") else q
        if question:
            out.append(BoundIndicator(ind.code, ind.name, D(ind.weight), ind.target, ind.rule, ind.params, question))
    return out


@dataclass(frozen=True)
class SensitivityRow:
    target: str  # "综合满意度" or a qid
    scheme: str
    rate: Decimal | None
    indicator: str | None = None  # "D21 服务对象满意度"
    score: Decimal | None = None
    weight: Decimal | None = None
    note: str = ""


def _indicator_score(ind: BoundIndicator, rate: Decimal | None) -> tuple[Decimal | None, str]:
    from xlkit.rules import rule_by_name
    from xlkit.rules.base import RuleInput, parse_params

    if rate is None:
        return None, "满意率无法计算"
    name = "问卷综合满意度" if ind.question == "综合" else f"问卷:{ind.question}"
    try:
        res = rule_by_name(ind.rule).score(RuleInput(weight=ind.weight, params=parse_params(ind.params),
                                                     target=ind.target, actual=rate, measures={name: rate},
                                                     code=ind.code))
    except RuleConfigError as exc:
        return None, str(exc)
    return res.score, ""


def sensitivity_table(survey: sv.Survey, indicators: Sequence[BoundIndicator] = (), *, method: str = "mean",
                      schemes: Sequence[str] = sv.SENSITIVITY_SCHEMES) -> list[SensitivityRow]:
    """满意率 and each bound indicator's score under the configured scores and each common scheme.

    003 Q11: 91.31 % → 4.89 under 100/80/60/40/0 (the report's), 96.72 % → 6.00 under top-3-box.
    """
    scored = list(survey.scored)
    if not scored:
        return []
    ids = "、".join(q.qid for q in scored)
    targets: list[tuple[str, str, list[sv.Question]]] = [(f"综合满意度（{ids}）", "综合", scored)]
    # A question of its own only where it says more than the composite does.
    targets += [(q.qid, q.qid, [q]) for q in scored
                if len(scored) > 1 or any(i.question == q.qid for i in indicators)]
    rows: list[SensitivityRow] = []
    for label, key, qs in targets:
        mine = [i for i in indicators if i.question == key]
        rates: list[tuple[str, Decimal | None, str]] = [("当前设置", sv.composite(qs, method, valid=survey.valid), "")]
        for sr in sv.sensitivity(qs, schemes, method=method, valid=survey.valid):
            note = ("无法评分的选项：" + "、".join(f"{q}“{lab}”" for q, lab in sr.unmapped)) if sr.rate is None else ""
            rates.append((sr.scheme, sr.rate, note))
        for scheme, rate, note in rates:
            if not mine:
                rows.append(SensitivityRow(label, scheme, rate, note=note))
            for ind in mine:
                score, why = _indicator_score(ind, rate)
                rows.append(SensitivityRow(label, scheme, rate, f"{ind.code} {ind.name}", score, ind.weight,
                                           note or why))
    return rows


# --------------------------------------------------------------------------------------------
# Into a project folder


@dataclass
class ImportResult:
    imported: SurveyImport
    workbook: Path
    report_file: Path
    backup: Path | None
    sensitivity: list[SensitivityRow]
    merged: bool  # the workbook's own question/option settings were used
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.imported.to_dict(),
            "workbook": str(self.workbook), "report_file": str(self.report_file),
            "backup": None if self.backup is None else str(self.backup), "merged": self.merged,
            "sensitivity": [{"target": r.target, "scheme": r.scheme, "rate": fmt_pct(r.rate),
                             "indicator": r.indicator, "score": None if r.score is None else fmt2(r.score),
                             "note": r.note} for r in self.sensitivity],
            "notes": list(self.notes),
        }


def _backup_path(path: Path) -> Path:
    for i in range(1, 1000):
        suffix = "" if i == 1 else str(i)
        candidate = path.with_name(f"{path.stem}（导入前{suffix}）{path.suffix}")
        if not candidate.exists():
            return candidate
    raise XlkitError(f"{path.parent} 中备份文件过多，请先清理 {path.stem}（导入前…）")


def _folder_info(folder: Path, notes: list[str]) -> tuple[dict[str, Any], list[BoundIndicator]]:
    from xlkit.read.records import read_book
    from xlkit.spec.templates import workbook_specs

    path = folder / workbook_specs()["indicators"].file
    if not path.exists():
        notes.append(f"文件夹中没有 {path.name}：问卷统计表标题不含单位和年度，敏感性分析不含指标得分")
        return {}, []
    try:
        book = read_book(path, "indicators")
    except XlkitError as exc:
        notes.append(f"{path.name} 无法读取（{exc}）：敏感性分析不含指标得分")
        return {}, []
    return dict(book.info), bound_indicators(book)


def import_into(export: str | Path, folder: str | Path, options: ImportOptions | None = None, *,
                force: bool = False) -> ImportResult:
    """Import ``export`` into ``folder``'s 问卷统计.xlsx and write 问卷导入报告.xlsx beside it.

    A 问卷统计.xlsx that only holds typed settings (questions, option lists, scores, 计入满意度,
    问卷信息) is merged: those settings are kept and the tallies filled in. One that already holds
    tallies is refused unless ``force``. Whenever a workbook with typed content is replaced, the
    original is kept beside it as ``问卷统计（导入前）.xlsx``. Nothing is written when there are
    errors; the export itself is only read.
    """
    from xlkit.read.records import read_book
    from xlkit.spec.templates import workbook_specs

    folder = Path(folder)
    if not folder.is_dir():
        raise XlkitError(f"找不到项目文件夹：{folder}（请先用 xlkit new 生成）")
    opts = options or ImportOptions()
    spec = workbook_specs()["survey"]
    target = folder / spec.file
    report_path = folder / REPORT_FILE
    codebook, keep = None, False
    if target.exists():
        try:
            codebook = Codebook.from_book(read_book(target, "survey"))
        except XlkitError as exc:
            if not force:
                msg = f"无法读取（{exc}），为免丢失内容未覆盖；确认可替换时加 --force（原文件会保留为备份）"
                raise SurveyImportError(f"{target.name} {msg}", one_issue("survey-workbook-unreadable", msg, target.name)) from exc
            keep = True
        else:
            keep = codebook.typed
            if codebook.filled and not force:
                msg = ("已填有问卷统计数据（人数、答题人数或开放回答），未覆盖；如需用本次导出替换，请加 --force"
                       "（已填的题目设置、选项分值和问卷信息会保留，原文件另存为备份）")
                raise SurveyImportError(f"{target.name} {msg}", one_issue("survey-filled", msg, target.name))
    if report_path.exists() and not force:
        raise SurveyImportError(f"{report_path.name} 已存在，未覆盖（如需覆盖请加 --force）",
                                one_issue("output-exists", "已存在，未覆盖（如需覆盖请加 --force）", report_path.name))
    if codebook is not None and codebook.filled:
        # --force replaces the tallies; the settings typed around them still apply.
        codebook = replace(codebook, filled=False)
    notes: list[str] = []
    info, indicators = _folder_info(folder, notes)
    imported = read_export(export, opts, codebook=codebook)
    for key, label in (("returned", "回收份数"), ("valid", "有效份数")):
        typed = codebook.info.get(key) if codebook else None
        if typed is not None and typed != imported.survey.valid:
            notes.append(f"问卷信息的{label}原为 {typed}，按导出文件的答卷数改为 {imported.survey.valid}")
    sens = sensitivity_table(imported.survey, indicators, method=opts.method)
    backup = None
    if keep and target.exists():
        backup = _backup_path(target)
        shutil.copy2(target, backup)
    _write_survey_book(imported, target, info, codebook)
    write_import_report(imported, sens, report_path, force=True, notes=notes)
    return ImportResult(imported, target, report_path, backup, sens, bool(codebook and codebook.typed), notes)


def _write_survey_book(imp: SurveyImport, path: Path, info: Mapping[str, Any], cb: Codebook | None) -> None:
    from xlkit.spec.templates import workbook_specs
    from xlkit.write.writer import Fill, render_workbook

    spec = workbook_specs()["survey"]
    s = imp.survey
    # What a person typed in 问卷信息 stays; the counts are the export's.
    typed = {k: v for k, v in (cb.info if cb else {}).items() if k not in ("returned", "valid")}
    dates = ""
    if imp.dates:
        a, b = imp.dates
        dates = a.isoformat() if a == b else f"{a.isoformat()} 至 {b.isoformat()}"
    fields = {"title": s.title, "population": s.population, "returned": s.returned, "valid": s.valid,
              "mode": s.mode, "dates": dates or None, **typed}
    questions = [{"qid": q.qid, "text": q.text, "kind": q.kind, "answered": q.answered,
                  "scored": "是" if q.scored else "否", "weight": q.weight} for q in s.questions]
    options = [{"qid": q.qid, "label": o.label, "count": o.count, "score": o.score}
               for q in s.questions for o in q.options]
    answers = [{"qid": qid, "answer": text} for qid, _, text in imp.open_answers]
    values = {"unit": info.get("unit"), "year": info.get("year")}
    fill = Fill(fields=fields, tables={"questions": questions, "options": options, "answers": answers}, title_values=values)
    render_workbook(spec, path, fill=fill, stamp={"type": str(info.get("type") or "")}, force=True)


def write_import_report(imp: SurveyImport, sensitivity: Sequence[SensitivityRow], path: str | Path, *,
                        force: bool = False, notes: Sequence[str] = ()) -> Path:
    """问卷导入报告.xlsx: 导入概况, 选项统计, 开放回答, 质量标记, 样本结构, 敏感性分析."""
    import xlsxwriter

    from xlkit.write.files import atomic_output

    path = Path(path)
    s, style = imp.survey, imp.options.share_style
    with atomic_output(path, force=force) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False})
        head = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True,
                              "valign": "vcenter", "font_name": "宋体"})
        body = wb.add_format({"border": 1, "text_wrap": True, "valign": "top", "font_name": "宋体"})

        def sheet(name: str, headers: Sequence[str], widths: Sequence[int], rows: Iterable[Sequence[Any]]) -> None:
            ws = wb.add_worksheet(name)
            for c, (h, w) in enumerate(zip(headers, widths)):
                ws.write_string(0, c, h, head)
                ws.set_column(c, c, w)
            r = 0
            for r, row in enumerate(rows, start=1):
                for c, v in enumerate(row):
                    if isinstance(v, int) and not isinstance(v, bool):
                        ws.write_number(r, c, v, body)
                    else:
                        ws.write_string(r, c, "" if v is None else str(v), body)
            ws.freeze_panes(1, 0)
            ws.autofilter(0, 0, max(r, 1), len(headers) - 1)

        cov = sv.coverage_rates(s)
        comp = imp.composite()
        scored_ids = "、".join(q.qid for q in s.scored) or "无"
        summary = [
            ("导出文件", imp.path.name), ("平台", imp.platform), ("导出形式", imp.form), ("工作表", imp.sheet),
            ("答卷数", len(imp.respondents)), ("有效问卷数（全部答卷，标记不剔除）", s.valid),
            ("调查对象总体数", s.population if s.population is not None else "未填写"),
            ("覆盖率", fmt_pct(cov.coverage) if s.population else "-"),
            ("调查时间", " 至 ".join(d.isoformat() for d in imp.dates) if imp.dates else "-"),
            ("选项分值方案", imp.options.scheme), ("计入满意度的题目", scored_ids),
            ("综合满意度计算方式", "等权平均" if imp.options.method == "mean" else "合并计算"),
            ("综合满意度", fmt_pct(comp)),
            ("用时下限（秒）", "-" if imp.threshold is None else f"{imp.threshold.normalize():f}"),
            ("质量标记", f"{len(imp.flags)} 条（见“质量标记”，仅提示，未剔除任何答卷）"),
            *[("提示", i.render()) for i in imp.report.warnings if not i.code.startswith("flag-")],
            *[("提示", n) for n in notes],
        ]
        sheet(IMPORT_OVERVIEW, ("项目", "内容"), (28, 90), summary)
        tally_rows: list[tuple[Any, ...]] = []  # a question's first row carries its N, the others ""
        for q in s.questions:
            qn = s.question(q.qid)
            rate = None
            if q.options and all(o.score is not None for o in q.options if o.count):
                rate = sv.question_rate(qn)
            if not q.options:
                tally_rows.append((q.qid, q.text, q.kind, qn.answered, "（开放回答）", "", "", "", "", ""))
            for i, ((lab, c, sh), o) in enumerate(zip(sv.option_shares(qn, style), q.options)):
                tally_rows.append((q.qid, q.text if i == 0 else "", q.kind if i == 0 else "",
                                   qn.answered if i == 0 else "", lab, c, sh.text,
                                   "" if o.score is None else f"{o.score:.2f}",
                                   fmt_pct(rate) if i == 0 and rate is not None else "",
                                   ("是" if q.scored else "否") if i == 0 else ""))
        sheet(IMPORT_OPTIONS, ("题号", "题干", "题型", "答题人数", "选项", "人数", "占比", "分值", "满意率", "计入满意度"),
              (8, 50, 8, 10, 24, 8, 10, 8, 10, 10), tally_rows)
        sheet(IMPORT_OPEN_ANSWERS, ("题号", "答卷", "回答"), (8, 10, 90), imp.open_answers)
        sheet(IMPORT_FLAGS, ("行号", "答卷", "标记", "说明"), (8, 10, 24, 80),
              [(f.row, f.ident, _FLAG_NAMES.get(f.code, f.code), f.message) for f in imp.flags])
        if imp.strata:
            sheet(IMPORT_STRATA, ("题号", "选项", "样本人数", "样本占比", "总体人数", "总体占比", "相差"),
                  (8, 24, 10, 10, 10, 10, 10),
                  [(st.qid, st.label, st.sample, fmt_pct(st.sample_share), st.population, fmt_pct(st.population_share),
                    fmt_pct(st.gap)) for st in imp.strata])
        sheet(IMPORT_SENSITIVITY, ("对象", "选项分值方案", "满意率", "指标", "分值", "指标得分", "说明"),
              (20, 24, 10, 26, 8, 10, 50),
              [(r.target, r.scheme, fmt_pct(r.rate), r.indicator or "（未绑定指标）",
                "" if r.weight is None else fmt2(r.weight), "" if r.score is None else fmt2(r.score), r.note)
               for r in sensitivity])
        wb.close()
    return path


_FLAG_NAMES = {
    "flag-straight-line": "答案全部相同",
    "flag-too-fast": "用时过短",
    "flag-duplicate-ip": "IP 重复",
    "flag-outside-population": "不属于调查总体",
}

