"""The ``xlkit`` command: parses options, calls one library function, renders, sets the exit code.

Exit codes: 0 success/valid, 1 invalid data or an expected failure (message on stderr),
2 usage error (typer's default).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from xlkit import __version__
from xlkit.cli.text import ZhGroup, install
from xlkit.errors import XlkitError
from xlkit.cli.common import fail, fail_report, issue_line

install()  # typer's own help and error texts in Chinese
app = typer.Typer(
    cls=ZhGroup,
    name="xlkit",
    help="xlkit — 预算绩效评价电子表格工具包（budget performance evaluation in spreadsheets）。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.command()
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


@app.command()
def check(
    folder: Annotated[Path, typer.Argument(help="项目文件夹（xlkit new 生成并已填写）")],
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出（供脚本使用）")] = False,
) -> None:
    """读取并校验项目文件夹中的全部工作簿，一次列出所有问题（退出码 0 通过 / 1 有错误）。"""
    import json

    from xlkit.scoring.evaluation import check as run_check

    try:
        result = run_check(folder)
    except XlkitError as exc:
        if as_json:
            typer.echo(json.dumps({"error": str(exc)}, ensure_ascii=False, indent=2))
        fail(str(exc))
    report = result.report
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        for title, items in (("错误", report.errors), ("警告", report.warnings)):
            if items:
                typer.echo(f"{title}（{len(items)}）：")
                for group, members in report.grouped(items):  # a to-do list by workbook and sheet
                    typer.echo(f" 【{group}】")
                    for issue in members:
                        typer.echo(issue_line(issue))
        verdict = "通过" if report.valid else "未通过"
        typer.echo(f"校验{verdict}：{len(report.errors)} 个错误，{len(report.warnings)} 个警告。")
    raise typer.Exit(0 if report.valid else 1)


RESULT_FILE = "综合评分表.xlsx"


@app.command()
def score(
    folder: Annotated[Path, typer.Argument(help="项目文件夹（已填写的工作簿）")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help=f"结果工作簿 .xlsx，或写入其中的文件夹（默认 文件夹/{RESULT_FILE}）")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出评分结果")] = False,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的结果工作簿")] = False,
    gross: Annotated[bool, typer.Option("--gross", help="项目支出预算调整率按总额口径（追加＋追减）")] = False,
) -> None:
    """校验并评分，写出综合评分表（有错误时不评分、不写文件，退出码 1）。"""
    import json

    from xlkit.cli.output import output_path
    from xlkit.read.numbers import fmt2, fmt_pct
    from xlkit.write.result_writer import write_result
    from xlkit.scoring.evaluation import ScoreError
    from xlkit.scoring.evaluation import score as run_score

    try:
        target = output_path(output, folder / RESULT_FILE)
        result = run_score(folder, adjustment_mode="gross" if gross else "net")
        path = write_result(result, target, force=force)
    except ScoreError as exc:
        fail_report(exc, exc.report, as_json, f"{exc}；请先修正以上错误（xlkit check 列出同样的问题，按工作簿分组）")
    except XlkitError as exc:
        fail(str(exc))
    if as_json:
        typer.echo(json.dumps({**result.to_dict(), "output": str(path)}, ensure_ascii=False, indent=2))
        return
    ev = result.evaluation
    if ev is None:  # a folder of 自评表 alone
        for se in result.self_evals:
            printed = f"（填报 {fmt2(se.printed_total)}）" if se.printed_total is not None else ""
            total = f"{fmt2(se.total)}，等级：{se.grade}" if se.total is not None else "不评分"
            typer.echo(f"{se.title}：自评总分 {total}{printed}")
        _print_checks(result.checks)
        typer.echo(f"已写出：{path}")
        return
    unit, year = result.info.get("unit") or "", result.info.get("year") or ""
    typer.echo(f"{unit}{year}年度{result.info.get('type') or ''}绩效评价得分")
    for lv in ev.level1:
        typer.echo(f"  {lv.code} {lv.name}\t权重 {fmt2(lv.weight)}\t得分 {fmt2(lv.score)}\t得分率 {fmt_pct(lv.rate)}")
    typer.echo(f"  合计\t\t权重 {fmt2(ev.total_weight)}\t得分 {fmt2(ev.total)}\t得分率 {fmt_pct(ev.rate)}")
    typer.echo(f"总分 {fmt2(ev.total)}，等级：{ev.grade}；实现目标 {ev.full_marks} 个（共 "
               f"{len(ev.indicators)} 个三级指标）。")
    for cmp in result.comparisons:
        if cmp.self_total is not None:
            typer.echo(f"单位自评（{cmp.selfeval.title}）{fmt2(cmp.self_total)}，等级：{cmp.self_grade}；"
                       f"评价 − 自评 = {fmt2(cmp.difference)}")
    _print_checks(result.checks)
    typer.echo(f"已写出：{path}")


def _print_checks(checks) -> None:
    if checks:
        typer.echo(f"警告（{len(checks)}）：")
        for issue in checks:
            typer.echo(issue_line(issue))


@app.command()
def templates() -> None:
    """列出标准模板的类别和版本。"""
    from xlkit.write.project import template_catalogue

    for row in template_catalogue():
        # a workbook by its file name (its kind is an internal key: indicators, vouchers …); a system by its type
        what = row["文件"] or row["kind"]
        typer.echo(f"{row['类别']}\t{what}\tv{row['版本']}\t{row['名称']}")


@app.command()
def version() -> None:
    """显示 xlkit 版本。"""
    typer.echo(f"xlkit {__version__}")


# Command groups kept in their own modules; each module's register(app) adds its commands.
# (one import line per module between the markers)
# --- command modules ---
from xlkit.cli import audit as cli_audit; cli_audit.register(app)  # noqa: E402,E702
from xlkit.cli import survey as cli_survey; cli_survey.register(app)  # noqa: E402,E702
from xlkit.cli.batch import register as _register_batch; _register_batch(app)  # noqa: E402,E702
from xlkit.cli import report as cli_report; cli_report.register(app)  # noqa: E402,E702
# --- end command modules ---


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except XlkitError as exc:  # anything a command did not render itself
        typer.echo(f"错误：{exc}", err=True)
        sys.exit(1)
    except Exception as exc:  # a bug met by some input: a message to pass on, not a traceback
        import os

        if os.environ.get("XLKIT_DEBUG"):
            raise
        typer.echo(f"错误：内部错误（{type(exc).__name__}: {exc}），请把输入文件提供给 xlkit 维护者"
                   "（设置环境变量 XLKIT_DEBUG=1 可显示详细信息）", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
