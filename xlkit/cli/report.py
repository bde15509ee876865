"""`xlkit report FOLDER`: score a folder and write the 评价报告 draft (.docx).

Exit codes: 0 written, 1 when the folder does not score (every error listed, as `score` lists them)
or the output exists without --force.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    app.command("report")(report)


def report(
    folder: Annotated[Path, typer.Argument(help="项目文件夹（已填写的工作簿，或单位绩效自评表）")],
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="报告文件（默认 文件夹/评价报告.docx；只有自评表时为 自评报告.docx）")] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的报告文件")] = False,
) -> None:
    """校验并评分，写出绩效评价报告初稿（.docx）：全部数字取自评分结果，需人工撰写处以【待评价机构填写】标出。"""
    from xlkit.cli.common import fail
    from xlkit.errors import XlkitError
    from xlkit.scoring.evaluation import ScoreError
    from xlkit.scoring.evaluation import score as run_score
    from xlkit.write.report_docx import default_name, write_report

    try:
        result = run_score(folder)
        path = write_report(result, output or folder / default_name(result), force=force)
    except ScoreError as exc:
        for issue in exc.report.errors:
            typer.echo(f"  {issue.render()}  [{issue.code}]", err=True)
        fail(f"{exc}；请先修正以上错误（xlkit check 可列出全部问题）")
    except XlkitError as exc:
        fail(str(exc))
    typer.echo(f"已写出：{path}")
