"""`xlkit new FOLDER`: generate the standard workbooks of one evaluation, a 自评表 or the fund
table, or import an evaluator's indicator table (`--from`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from xlkit.cli.common import fail
from xlkit.errors import XlkitError


def register(app: typer.Typer) -> None:
    app.command("new")(new)


def new(
    folder: Annotated[Path, typer.Argument(help="输出目录（不存在时自动创建）")],
    eval_type: Annotated[str | None, typer.Option("--type", help="评价类型：部门整体 / 项目支出 / 自评（单位绩效自评表）/ 基金收支（社会保险基金收支表）")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="被评单位")] = None,
    year: Annotated[int | None, typer.Option("--year", help="评价年度，如 2024")] = None,
    project: Annotated[str | None, typer.Option("--project", help="项目名称（项目支出评价必填）")] = None,
    department: Annotated[str | None, typer.Option("--department", help="主管部门")] = None,
    evaluator: Annotated[str | None, typer.Option("--evaluator", help="评价机构")] = None,
    blank: Annotated[bool, typer.Option("--blank", help="生成全部空白标准模板（归档用）")] = False,
    system: Annotated[str | None, typer.Option("--system", help="指标体系从何开始：空白 / 部门整体 / 项目支出（标准体系）/ 已有指标体系.xlsx 的路径（沿用其指标、规则和参数，清空填写值）；默认为 --type 的标准体系")] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的文件")] = False,
    source: Annotated[Path | None, typer.Option("--from", help="从评价人员的指标表（.docx 或 .xlsx）导入指标体系并识别评分标准")] = None,
) -> None:
    """生成一次评价的标准工作簿（指标体系、预决算、凭证抽查台账、问卷统计），或单位绩效自评表（--type 自评）。"""
    from xlkit.write.project import (
        EVALUATION_TYPES,
        FUND_TABLE,
        SELF_EVALUATION,
        blank_set,
        new_fund_table,
        new_project,
        new_selfeval,
    )

    kinds = (*EVALUATION_TYPES, SELF_EVALUATION, FUND_TABLE)
    if eval_type is not None and eval_type not in kinds:
        fail(f"--type 应为 {' / '.join(kinds)} 之一，实际为“{eval_type}”")
    if source is not None:
        _new_from_table(folder, source, eval_type, unit, year, project, department, evaluator, force)
        return
    try:
        if eval_type == FUND_TABLE and not blank:  # the social-insurance fund 收支 table alone
            missing = [n for n, v in (("--unit", unit), ("--year", year)) if v is None]
            if missing:
                fail(f"缺少 {'、'.join(missing)}")
            result = new_fund_table(folder, unit=unit or "", year=year or 0, force=force)
        elif eval_type == SELF_EVALUATION and not blank:
            missing = [n for n, v in (("--unit", unit), ("--year", year)) if v is None]
            if missing:
                fail(f"缺少 {'、'.join(missing)}")
            result = new_selfeval(folder, unit=unit or "", year=year or 0, project=project, department=department,
                                  force=force)
        elif blank:
            result = blank_set(folder, force=force)
        else:
            # with --system the type may come from the system (部门整体/项目支出, or the workbook's own)
            typed = eval_type if system in (None, "空白") else (eval_type or system)
            missing = [n for n, v in (("--type", typed), ("--unit", unit), ("--year", year)) if v is None]
            if missing:
                fail(f"缺少 {'、'.join(missing)}（或使用 --blank 生成空白模板）")
            result = new_project(
                folder, eval_type=eval_type or "", unit=unit or "", year=year or 0,
                project=project, department=department, evaluator=evaluator, system=system, force=force,
            )
    except XlkitError as exc:
        fail(str(exc))
    typer.echo(f"已生成 {len(result.files)} 个工作簿：{result.folder}")
    for path in result.files:
        typer.echo(f"  {path.name}")


def _new_from_table(folder: Path, source: Path, eval_type: str | None, unit: str | None, year: int | None,
                    project: str | None, department: str | None, evaluator: str | None, force: bool) -> None:
    """`new --from`: import the evaluator's table, say what was read and what is left to decide."""
    from xlkit.write.system_import import new_from_table

    missing = [n for n, v in (("--type", eval_type), ("--unit", unit), ("--year", year)) if v is None]
    if missing:
        fail(f"缺少 {'、'.join(missing)}")
    try:
        result = new_from_table(folder, source, eval_type=eval_type or "", unit=unit or "", year=year or 0,
                                project=project, department=department, evaluator=evaluator, force=force)
    except XlkitError as exc:
        fail(str(exc))
    imported = result.imported
    counts = imported.counts()
    typer.echo(f"已从 {source.name} 导入 {len(imported.rows)} 个三级指标：识别 {counts['识别']} 个，"
               f"存疑 {counts['存疑']} 个，未识别 {counts['未识别']} 个")
    for row in imported.rows:
        if row.reading.status != "识别":
            typer.echo(f"  {row.code} {row.name}：{row.reading.note}")
    if imported.problems:
        typer.echo(f"导入时发现的问题（{len(imported.problems)}）：")
        for problem in imported.problems:
            typer.echo(f"  {problem}")
    typer.echo(f"已生成 {len(result.files)} 个工作簿：{result.folder}")
    for path in result.files:
        typer.echo(f"  {path.name}")
