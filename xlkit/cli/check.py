"""`xlkit check FOLDER`: read and check every workbook of a project folder, list every problem.

Exit codes: 0 valid, 1 when any error is found or the folder cannot be read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from xlkit.cli.common import fail, issue_line
from xlkit.errors import XlkitError


def register(app: typer.Typer) -> None:
    app.command("check")(check)


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
