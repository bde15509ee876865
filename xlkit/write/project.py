"""A project folder: the standard workbook set of one evaluation (``xlkit new``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xlkit.errors import OutputExistsError, XlkitError
from xlkit.spec.templates import (
    IndicatorSystem,
    all_workbook_specs,
    indicator_systems,
    measures,
    rule_examples,
    workbook_spec,
    workbook_specs,
)
from xlkit.write.writer import Fill, render_workbook

__all__ = ["new_project", "new_selfeval", "NewProject", "template_catalogue", "EVALUATION_TYPES", "blank_set",
           "SELF_EVALUATION", "new_fund_table", "FUND_TABLE"]

# Evaluation types `xlkit new --type` accepts; each has a standard indicator system.
EVALUATION_TYPES = ("部门整体", "项目支出")
# `xlkit new --type 自评`: the unit's own 绩效自评表 instead of the evaluator's set.
SELF_EVALUATION = "自评"


@dataclass
class NewProject:
    folder: Path
    files: list[Path] = field(default_factory=list)


def _rule_lists() -> tuple[list[str], list[tuple[str, str, str]]]:
    """Rule names for the dropdown and their 填表说明 lines, from the rule registry."""
    from xlkit import rules  # noqa: F401  - importing fills the registry
    from xlkit.rules.base import RULES

    names, lines = [], []
    for rule in RULES.values():
        names.append(rule.name)
        params = "；".join(
            f"{p.key}：{p.meaning}" + (f"（默认 {p.default}）" if p.default else "") + ("（必填）" if p.required else "")
            for p in rule.params
        )
        lines.append((rule.name, rule.summary, params or "无"))
    return names, lines


def _indicator_extras() -> tuple[dict[str, list[str]], list[tuple[str, Sequence[str], Sequence[Sequence[str]]]]]:
    names, rule_lines = _rule_lists()
    measure_list = measures()
    extra_lists = {"评分规则": names, "测算项": [m.name for m in measure_list]}
    help_tables: list[tuple[str, Sequence[str], Sequence[Sequence[str]]]] = [
        ("评分规则及参数（“规则参数”栏写成 名称=值，用“；”隔开）", ("规则", "说明", "参数及含义"),
         [(n, s, p) for n, s, p in rule_lines]),
        ("各评分规则的填写示例（评分标准原文 → 指标体系一行 → 得分）", ("规则", "评分标准原文", "分值", "填写",
                                                            "得分及算法"),
         [_example_line(ex) for ex in rule_examples()]),
        ("绑定测算项（xlkit 从其他工作簿计算，四舍五入保留两位小数百分比）", ("测算项", "计算公式", "数据来源"),
         [(m.name, m.formula, m.source) for m in measure_list] + [("问卷:Qn", "第 n 题的满意率 = Σ(人数×选项分值) ÷ 答题人数", "问卷统计.xlsx")]),
    ]
    return extra_lists, help_tables


def _example_line(ex: dict[str, Any]) -> tuple[str, str, str, str, str]:
    """One worked row as the 填表说明 prints it: what goes in which column, and the score."""
    typed = [f"{label}：{ex[key]}" for key, label in (("target", "目标值"), ("actual", "实际完成值"),
                                                        ("params", "规则参数")) if ex.get(key)]
    findings = ex.get("findings", [])
    if findings:
        elements = [f.partition(":")[0] for f in findings if f.partition(":")[0]]
        typed.append(f"扣分事项：{len(findings)} 条" + (f"（不符合要素 {'、'.join(elements)}）" if elements else ""))
    if ex.get("values"):
        typed.append("其他数据/测算项：" + "，".join(f"{k}={v}" for k, v in ex["values"].items()))
    return ex["rule"], ex["standard"], ex["weight"], "；".join(typed), f"{ex['score']}（{ex['working']}）"


def _system_rows(system: IndicatorSystem) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    by_code = {lv["code"]: lv for lv in system.levels}
    levels = [
        {
            "code": lv["code"],
            "level": "二级" if lv.get("parent") else "一级",
            "name": lv["name"],
            "parent": lv.get("parent", ""),
            "weight": lv.get("weight", ""),
        }
        for lv in system.levels
    ]
    rows = []
    for ind in system.indicators:
        level2 = by_code.get(ind.get("level2", ""), {})
        level1 = by_code.get(level2.get("parent", ""), {})
        rows.append(
            {
                "code": ind.get("code", ""),
                # a system carried over from a workbook names its levels as that workbook did
                "level1": ind.get("level1_name") or level1.get("name", ""),
                "level2": ind.get("level2_name") or level2.get("name", ""),
                "name": ind.get("name", ""),
                "weight": ind.get("weight", ""),
                "explanation": ind.get("explanation", ""),
                "points": ind.get("points", ""),
                "standard": ind.get("standard", ""),
                "target": ind.get("target", ""),
                "source": ind.get("source", ""),
                "method": ind.get("method", ""),
                "rule": ind.get("rule", ""),
                "params": ind.get("params", ""),
                "measure": ind.get("measure", ""),
                **({"match": ind["match"]} if ind.get("match") else {}),
                "import_status": ind.get("import_status", ""),
            }
        )
    return levels, rows


def _write_set(
    folder: Path,
    *,
    eval_type: str | None,
    info: dict[str, Any],
    force: bool,
    indicator_files: dict[str, IndicatorSystem | None],
) -> list[Path]:
    specs = workbook_specs()
    targets: list[tuple[Path, str, IndicatorSystem | None]] = []
    for file_name, system in indicator_files.items():
        targets.append((folder / file_name, "indicators", system))
    for kind in ("budget", "vouchers", "survey"):
        targets.append((folder / specs[kind].file, kind, None))
    existing = [p for p, _, _ in targets if p.exists()]
    if existing and not force:
        names = "、".join(p.name for p in existing)
        raise OutputExistsError(f"{folder} 中已有 {names}，未覆盖（如需覆盖请加 --force）")
    extra_lists, help_tables = _indicator_extras()
    written = []
    for path, kind, system in targets:
        spec = specs[kind]
        fill = Fill(fields=dict(info), title_values=dict(info))
        stamp = {"type": eval_type or ""}
        if kind == "indicators":
            fill_fields = dict(info)
            if system is not None:
                levels, rows = _system_rows(system)
                settings = {"grades": system.grades or None}
                if system.survey_method:
                    settings["survey_method"] = system.survey_method
                fill = Fill(fields={**fill_fields, "type": system.kind, **settings},
                            tables={"levels": levels, "indicators": rows},
                            title_values={**info, "type": system.kind if info.get("year") else ""})
                stamp = {"type": system.kind, "system_version": system.version}
            render_workbook(spec, path, fill=fill, extra_lists=extra_lists, help_tables=help_tables,
                            stamp=stamp, force=force)
        else:
            render_workbook(spec, path, fill=fill, stamp=stamp, force=force)
        written.append(path)
    return written


def new_project(
    folder: str | Path,
    *,
    eval_type: str,
    unit: str,
    year: int,
    project: str | None = None,
    department: str | None = None,
    evaluator: str | None = None,
    commissioner: str | None = None,
    system: str | Path | IndicatorSystem | None = None,
    force: bool = False,
) -> NewProject:
    """Write the standard workbook set for one evaluation into ``folder``.

    The indicator sheet is pre-filled with ``system``: ``None`` for the standard system of
    ``eval_type`` (部门整体 or 项目支出), ``"空白"`` for none, a standard system by name, the path of
    an existing 指标体系.xlsx (carried over, its filled values cleared; see xlkit.read.systems), or an
    ``IndicatorSystem`` built by the caller. Existing files are never overwritten unless ``force``.
    """
    from xlkit.read.systems import SYSTEM_CHOICES, resolve_system

    if not eval_type and system is not None and str(system) not in SYSTEM_CHOICES:
        # a carried-over workbook or a built system names its own 评价类型
        eval_type = resolve_system(system, None).kind
    elif not eval_type and str(system) in EVALUATION_TYPES:
        eval_type = str(system)
    if eval_type not in EVALUATION_TYPES:
        raise XlkitError(f"评价类型应为 {'、'.join(EVALUATION_TYPES)} 之一，实际为“{eval_type}”")
    if eval_type == "项目支出" and not project:
        raise XlkitError("项目支出评价需要项目名称（--project）")
    if not unit.strip():
        raise XlkitError("被评单位不能为空（--unit）")
    if not 2000 <= int(year) <= 2100:
        raise XlkitError(f"评价年度应在 2000–2100 之间，实际为 {year}")
    chosen = resolve_system(system, eval_type)
    # The evaluation type is this evaluation's: a system carried from another type keeps its rows.
    chosen = IndicatorSystem(**{**chosen.__dict__, "kind": eval_type})
    info = {
        "unit": unit.strip(),
        "year": int(year),
        "type": eval_type,
        "project": project or None,
        "department": department,
        "evaluator": evaluator,
        "commissioner": commissioner,
    }
    folder = Path(folder)
    files = _write_set(
        folder,
        eval_type=eval_type,
        info=info,
        force=force,
        indicator_files={workbook_specs()["indicators"].file: chosen},
    )
    return NewProject(folder=folder, files=files)


def selfeval_file(project: str | None = None) -> str:
    """绩效自评表.xlsx, or 绩效自评表（项目名）.xlsx when several share a folder."""
    base = Path(workbook_spec("selfeval").file)
    if not project:
        return base.name
    safe = "".join(ch for ch in project if ch not in '\\/:*?"<>|').strip()[:40]
    return f"{base.stem}（{safe}）{base.suffix}"


def new_selfeval(
    folder: str | Path,
    *,
    unit: str,
    year: int,
    project: str | None = None,
    department: str | None = None,
    kind: str = "项目支出",
    style: str = "财政部",
    file_name: str | None = None,
    force: bool = False,
) -> NewProject:
    """Write a blank 绩效自评表 (财预〔2020〕10号 layout) into ``folder``, pre-filled with the unit."""
    if not unit.strip():
        raise XlkitError("实施单位不能为空（--unit）")
    if not 2000 <= int(year) <= 2100:
        raise XlkitError(f"自评年度应在 2000–2100 之间，实际为 {year}")
    if kind not in ("项目支出", "部门整体"):
        raise XlkitError(f"自评类型应为 项目支出 或 部门整体，实际为“{kind}”")
    folder = Path(folder)
    path = folder / (file_name or workbook_spec("selfeval").file)
    if path.exists() and not force:
        raise OutputExistsError(f"{folder} 中已有 {path.name}，未覆盖（如需覆盖请加 --force）")
    name = project or (f"{unit.strip()}部门整体支出" if kind == "部门整体" else "")
    fields = {"project": name or None, "unit": unit.strip(), "department": department, "year": int(year),
              "kind": kind, "style": style, "exec_weight": 0 if kind == "部门整体" else 10}
    extra_lists, help_tables = _indicator_extras()
    fill = Fill(fields=fields, title_values={"project": name, "unit": unit.strip()})  # 填报单位 under each title
    folder.mkdir(parents=True, exist_ok=True)
    render_workbook(workbook_spec("selfeval"), path, fill=fill, extra_lists={"评分规则": extra_lists["评分规则"]},
                    help_tables=help_tables[:1], stamp={"type": SELF_EVALUATION}, force=force)
    return NewProject(folder=folder, files=[path])


# `xlkit new --type 基金收支`: the social-insurance fund 收支 table (xlkit.compute.fund), optional in any folder.
FUND_TABLE = "基金收支"


def new_fund_table(folder: str | Path, *, unit: str, year: int, amount_unit: str = "万元",
                   force: bool = False) -> NewProject:
    """Write a blank 基金收支.xlsx (one row per 险种) into ``folder``, pre-filled with the unit and year."""
    from xlkit.compute.fund import FUND_LISTS

    if not unit.strip():
        raise XlkitError("地区/单位不能为空（--unit）")
    if not 2000 <= int(year) <= 2100:
        raise XlkitError(f"年度应在 2000–2100 之间，实际为 {year}")
    if amount_unit not in FUND_LISTS["金额单位"]:
        raise XlkitError(f"金额单位应为 {'、'.join(FUND_LISTS['金额单位'])} 之一，实际为“{amount_unit}”")
    spec = workbook_spec("fund")
    folder = Path(folder)
    path = folder / spec.file
    if path.exists() and not force:
        raise OutputExistsError(f"{folder} 中已有 {path.name}，未覆盖（如需覆盖请加 --force）")
    fields = {"unit": unit.strip(), "year": int(year), "amount_unit": amount_unit}
    folder.mkdir(parents=True, exist_ok=True)
    render_workbook(spec, path, fill=Fill(fields=fields, title_values=fields), extra_lists=FUND_LISTS,
                    stamp={"type": FUND_TABLE}, force=force)
    return NewProject(folder=folder, files=[path])


def blank_set(folder: str | Path, *, force: bool = False) -> NewProject:
    """The blank standard set for archiving: one indicator workbook per standard system."""
    folder = Path(folder)
    base = Path(workbook_specs()["indicators"].file)
    files: dict[str, IndicatorSystem | None] = {
        f"{base.stem}（{kind}）{base.suffix}": system for kind, system in indicator_systems().items()}
    written = _write_set(folder, eval_type=None, info={}, force=force, indicator_files=files)
    return NewProject(folder=folder, files=written)


def template_catalogue() -> list[dict[str, str]]:
    """Every workbook kind and indicator system with its version (``xlkit templates``)."""
    rows = [
        {"类别": "工作簿", "名称": spec.title, "文件": spec.file, "kind": spec.kind, "版本": spec.version}
        for spec in all_workbook_specs().values()
    ]
    rows += [
        {"类别": "指标体系", "名称": s.title, "文件": "", "kind": s.kind, "版本": s.version}
        for s in indicator_systems().values()
    ]
    return rows
