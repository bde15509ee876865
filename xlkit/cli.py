"""The ``xlkit`` command: parses options, calls one library function, renders, sets the exit code.

Exit codes: 0 success/valid, 1 invalid data or an expected failure (message on stderr),
2 usage error (typer's default).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .errors import XlkitError

app = typer.Typer(
    name="xlkit",
    help="xlkit — 预算绩效评价电子表格工具包（budget performance evaluation in spreadsheets）。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _fail(message: str) -> None:
    typer.echo(f"错误：{message}", err=True)
    raise typer.Exit(1)


@app.command()
def new(
    folder: Annotated[Path, typer.Argument(help="输出目录（不存在时自动创建）")],
    eval_type: Annotated[Optional[str], typer.Option("--type", help="评价类型：部门整体 / 项目支出")] = None,
    unit: Annotated[Optional[str], typer.Option("--unit", help="被评单位")] = None,
    year: Annotated[Optional[int], typer.Option("--year", help="评价年度，如 2024")] = None,
    project: Annotated[Optional[str], typer.Option("--project", help="项目名称（项目支出评价必填）")] = None,
    department: Annotated[Optional[str], typer.Option("--department", help="主管部门")] = None,
    evaluator: Annotated[Optional[str], typer.Option("--evaluator", help="评价机构")] = None,
    blank: Annotated[bool, typer.Option("--blank", help="生成全部空白标准模板（归档用）")] = False,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的文件")] = False,
) -> None:
    """生成一次评价的标准工作簿（指标体系、预决算、凭证抽查台账、问卷统计）。"""
    from .project import blank_set, new_project

    try:
        if blank:
            result = blank_set(folder, force=force)
        else:
            missing = [n for n, v in (("--type", eval_type), ("--unit", unit), ("--year", year)) if v is None]
            if missing:
                _fail(f"缺少 {'、'.join(missing)}（或使用 --blank 生成空白模板）")
            result = new_project(
                folder, eval_type=eval_type or "", unit=unit or "", year=year or 0,
                project=project, department=department, evaluator=evaluator, force=force,
            )
    except XlkitError as exc:
        _fail(str(exc))
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

    from .validate import check as run_check

    try:
        result = run_check(folder)
    except XlkitError as exc:
        _fail(str(exc))
    report = result.report
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        for title, items in (("错误", report.errors), ("警告", report.warnings)):
            if items:
                typer.echo(f"{title}（{len(items)}）：")
                for issue in items:
                    typer.echo(f"  [{issue.code}] {issue.render()}")
        verdict = "通过" if report.valid else "未通过"
        typer.echo(f"校验{verdict}：{len(report.errors)} 个错误，{len(report.warnings)} 个警告。")
    raise typer.Exit(0 if report.valid else 1)


@app.command()
def templates() -> None:
    """列出标准模板的类别和版本。"""
    from .project import template_catalogue

    for row in template_catalogue():
        name = f"{row['名称']}（{row['文件']}）" if row["文件"] else row["名称"]
        typer.echo(f"{row['类别']}\t{row['kind']}\tv{row['版本']}\t{name}")


@app.command()
def version() -> None:
    """显示 xlkit 版本。"""
    typer.echo(f"xlkit {__version__}")


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except XlkitError as exc:  # anything a command did not render itself
        typer.echo(f"错误：{exc}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
