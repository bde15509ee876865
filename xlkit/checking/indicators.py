"""Checks of 指标体系.xlsx beyond one cell: unique codes and parents, rule names and parameters, bound
measures and questions, 一级/二级 names, 扣分事项, 其他数据 names used by conditions, 采用得分."""

from __future__ import annotations

import re
from typing import Any

from xlkit.checking.result import FileIssues
from xlkit.checking.weights import check_stated_points, check_weights
from xlkit.errors import RuleConfigError
from xlkit.read.numbers import fmt2
from xlkit.read.records import (
    IndicatorBook,
    IndicatorRow,
    Level,
    LevelPlacer,
    SurveyBook,
    default_grades,
    parse_deduction,
    parse_grades,
)
from xlkit.spec.issues import Severity
from xlkit.spec.templates import measures, sheet_name, workbook_specs

__all__ = ["check_indicators"]


def _rule_registry() -> Any:
    from xlkit import rules  # noqa: F401  - importing fills the registry
    from xlkit.rules.base import parse_params, rule_by_name

    return rule_by_name, parse_params


def _measure_files() -> dict[str, str]:
    """Each bindable measure and the workbook file it is computed from."""
    return {m.name: m.source.split("›")[0].strip() for m in measures()}


def check_indicators(book: IndicatorBook, out: FileIssues, survey: SurveyBook | None, skipped: set[str]) -> None:
    """``skipped``: workbook files that are absent or empty with only a warning (an optional one);
    a measure bound to one of them cannot be computed. A file already in error is not repeated."""
    info = book.info
    sheet_levels, sheet_inds, sheet_findings = (book.data.sheet(n) for n in ("levels", "indicators", "findings"))
    grades_text = info.get("grades")
    if grades_text:
        try:
            parse_grades(grades_text)
        except ValueError as exc:
            out("grades-invalid", f"等级标准无法识别：{exc}", sheet_name("indicators", "info"), book.info_cells.get("grades"),
                value=grades_text, expected=default_grades())
    # 指标层级: unique codes, parents exist
    level_codes: dict[str, Level] = {}
    lv: Level | None  # a Level here; below, where an indicator places, or None
    for lv in book.levels:
        if lv.code and lv.code in level_codes:
            out("duplicate-code", f"编码 {lv.code} 重复（另见 {level_codes[lv.code].row.cells.get('code')}）",
                sheet_name("indicators", "levels"), lv.row.cells.get("code"), value=lv.code)
        level_codes.setdefault(lv.code, lv)
    for lv in book.levels:
        if lv.level == "二级" and lv.parent and lv.parent not in level_codes:
            out("unknown-parent", f"上级编码 {lv.parent} 不在指标层级表中", sheet_name("indicators", "levels"), lv.row.cells.get("parent"),
                value=lv.parent)
        elif lv.level == "二级" and lv.parent and level_codes[lv.parent].level != "一级":
            out("unknown-parent", f"上级编码 {lv.parent} 不是一级指标", sheet_name("indicators", "levels"), lv.row.cells.get("parent"),
                value=lv.parent)
    # 指标体系: unique codes, rules, measures
    seen: dict[str, IndicatorRow] = {}
    rule_by_name, parse_params = _rule_registry()
    measure_files = _measure_files()
    survey_file = workbook_specs()["survey"].file
    qids = {q.qid for q in survey.questions} if survey else set()
    placer = LevelPlacer(book.levels)
    check_levels = bool(placer.levels) and sheet_levels.has("code") and sheet_levels.has("level")
    level_cells: set[str | None] = set()
    for ind in book.indicators:
        cells = ind.row.cells
        if ind.code and ind.code in seen:
            out("duplicate-code", f"指标编码 {ind.code} 重复（另见 {seen[ind.code].row.cells.get('code')}）",
                sheet_name("indicators", "indicators"), cells.get("code"), value=ind.code)
        seen.setdefault(ind.code, ind)
        label = ind.code or f"第 {ind.row.excel_row} 行"
        status = (ind.row.get("import_status") or "").strip()
        if status.startswith(("存疑", "未识别")):  # written by `new --from`: the evaluator still decides
            out("import-todo", f"{label}：导入的评分标准{status[:3] if status.startswith('未识别') else '存疑'}，"
                f"请核对评分规则和规则参数后删去该标记（{status}）", sheet_name("indicators", "indicators"), cells.get("import_status"),
                Severity.WARNING, value=status)
        if ind.rule:
            try:
                rule = rule_by_name(ind.rule)
            except RuleConfigError as exc:
                out("unknown-rule", f"{label}：{exc}（请从下拉列表中选择）", sheet_name("indicators", "indicators"), cells.get("rule"), value=ind.rule)
            else:
                try:
                    problems = rule.check(parse_params(ind.params))
                except RuleConfigError as exc:
                    problems = [str(exc)]
                for problem in problems:
                    out("rule-params", f"{label}：{problem}", sheet_name("indicators", "indicators"), cells.get("params"), value=ind.params)
        if ind.measure:
            m = re.fullmatch(r"问卷[:：]\s*(Q\d+(?:\.\d+)?)", ind.measure.strip(), flags=re.I)
            if m:
                if survey is not None and m.group(1).upper() not in qids:
                    out("unknown-question", f"{label}：绑定的问卷题 {m.group(1).upper()} 在问卷统计中不存在",
                        sheet_name("indicators", "indicators"), cells.get("measure"), value=ind.measure)
                elif survey_file in skipped:
                    out("measure-unavailable", f"{label}：绑定的“{ind.measure}”需要 {survey_file}，但该工作簿缺失或未填写",
                        sheet_name("indicators", "indicators"), cells.get("measure"), value=ind.measure)
            elif ind.measure not in measure_files:
                out("unknown-measure", f"{label}：未知的测算项“{ind.measure}”（请从下拉列表中选择，或写 问卷:Q3）",
                    sheet_name("indicators", "indicators"), cells.get("measure"), value=ind.measure)
            elif measure_files[ind.measure] in skipped:
                out("measure-unavailable", f"{label}：绑定测算项“{ind.measure}”需要 {measure_files[ind.measure]}，"
                    "但该工作簿缺失或未填写", sheet_name("indicators", "indicators"), cells.get("measure"), value=ind.measure)
        if check_levels:
            for kind, key, lv in zip(("一级", "二级"), ("level1", "level2"), placer.place(ind)):
                typed = getattr(ind, key)
                ref = cells.get(key)
                if not typed or ref in level_cells:
                    continue  # a merged 一级/二级 cell is reported once
                if lv is None:
                    level_cells.add(ref)
                    out("unknown-level", f"{label}：{kind}指标“{typed}”不在指标层级表中", sheet_name("indicators", "indicators"), ref,
                        Severity.WARNING, value=typed)
                elif not placer.names(lv, typed):
                    level_cells.add(ref)
                    out("unknown-level", f"{label}：{kind}指标写作“{typed}”，指标层级表中 {lv.code} 为“{lv.name}”"
                        f"（按编码归入 {lv.code}）", sheet_name("indicators", "indicators"), ref, Severity.WARNING, value=typed, expected=lv.name)
    if sheet_inds.has("weight"):
        check_weights(book, out, placer if check_levels else None)
        for ind in book.indicators:
            check_stated_points(ind, out)
    codes_known = sheet_inds.has("code")
    for f in book.findings:
        if codes_known and f.code and f.code not in seen:
            out("unknown-indicator", f"扣分事项引用的指标编码 {f.code} 不在指标体系中", sheet_name("indicators", "findings"),
                f.row.cells.get("code"), value=f.code)
        if sheet_findings.has("points"):
            try:
                parse_deduction(f.points_text)
            except ValueError as exc:
                out("deduction-invalid", str(exc), sheet_name("indicators", "findings"), f.row.cells.get("points"), value=f.points_text)
    _check_named_values(book, out)
    _check_adopted(book, out)


def _check_adopted(book: IndicatorBook, out: FileIssues) -> None:
    """采用得分 needs its 采用理由 and stays within [0, 分值]; a reason alone is a warning."""
    for ind in book.indicators:
        cells = ind.row.cells
        if ind.adopted is not None:
            if not (ind.adopted_reason or "").strip():
                out("adopted-without-reason", f"{ind.code}：填写了采用得分 {fmt2(ind.adopted)}，但没有采用理由",
                    sheet_name("indicators", "indicators"), cells.get("adopted_reason"), value=fmt2(ind.adopted), expected="不按评分标准计分的理由")
            if ind.weight is not None and not 0 <= ind.adopted <= ind.weight:
                out("adopted-out-of-range", f"{ind.code}：采用得分 {fmt2(ind.adopted)} 超出 0 至分值 {fmt2(ind.weight)}",
                    sheet_name("indicators", "indicators"), cells.get("adopted"), value=fmt2(ind.adopted), expected=f"0.00–{fmt2(ind.weight)}")
        elif (ind.adopted_reason or "").strip():
            out("adopted-without-score", f"{ind.code}：填写了采用理由，但没有采用得分（按规则得分计）", sheet_name("indicators", "indicators"),
                cells.get("adopted"), Severity.WARNING, value=ind.adopted_reason)


# Parameters holding conditions whose names are looked up (条件全满足, 一票否决, and wrappers passing them on).
_CONDITION_KEYS = ("条件", "conditions", "否决条件", "veto_if")


def _check_named_values(book: IndicatorBook, out: FileIssues) -> None:
    """其他数据 names are unique and distinct from measures and codes; every name a condition uses exists."""
    from xlkit.compute.named_values import available_names, describe_available
    from xlkit.read.targets import normalise
    from xlkit.rules.base import parse_params
    from xlkit.rules.conditions import names_in, parse_conditions

    reserved = {normalise(m.name) for m in measures()} | {normalise(i.code) for i in book.indicators if i.code}
    seen_names: dict[str, str | None] = {}
    for o in book.other:
        key, cell = normalise(o.name), o.row.cells.get("name")
        if not key:
            continue
        if key in seen_names:
            out("duplicate-name", f"其他数据的名称“{o.name}”重复（另见 {seen_names[key]}）", sheet_name("indicators", "others"), cell, value=o.name)
        elif key in reserved:
            out("duplicate-name", f"其他数据的名称“{o.name}”与测算项或指标编码相同，条件中无法区分；请改名", sheet_name("indicators", "others"), cell,
                value=o.name)
        seen_names.setdefault(key, cell)
    names = available_names(book)
    for ind in book.indicators:
        try:
            params = parse_params(ind.params)
        except RuleConfigError:
            continue  # already reported as rule-params
        for key in _CONDITION_KEYS:
            if not params.get(key):
                continue
            try:
                used = names_in(parse_conditions(params[key], key))
            except RuleConfigError:
                continue  # reported by the rule's own check
            unknown = [n for n in used if n not in names]
            if unknown:
                listed = "、".join(f"“{n}”" for n in unknown)
                out("condition-unknown", f"{ind.code}：条件中的{listed}不是测算项、其他数据的名称或指标编码；可用的名称——"
                    f"{describe_available(names)}", sheet_name("indicators", "indicators"), ind.row.cells.get("params"), value=ind.params)
