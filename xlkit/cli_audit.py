"""`xlkit audit PATH`: audit a typed 综合评分表 workbook or a project folder, write the 审核意见 workbook.

Exit codes: 0 when no finding is an error, 1 when one is, when no table could be recognised, or when
the path cannot be read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    app.command("audit")(audit)


def audit(
    path: Annotated[Path, typer.Argument(help="手工填写的综合评分表工作簿，或项目文件夹")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="审核意见工作簿 .xlsx，或写入其中的文件夹（默认与被审文件同目录的 审核意见.xlsx）")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出审核结果")] = False,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的审核意见工作簿")] = False,
) -> None:
    """审核手工填报的综合评分表、预决算表和问卷统计表，列出每处不一致并写出审核意见（有错误时退出码 1）。"""
    import json

    from .audit import AUDIT_FILE
    from .audit import audit as run_audit
    from .audit_writer import write_audit
    from .cli import _fail, _issue_line
    from .cli_output import output_path
    from .errors import XlkitError

    try:
        target = output_path(output, path / AUDIT_FILE if path.is_dir() else path.parent / AUDIT_FILE)
        result = run_audit(path)
        written = write_audit(result, target, force=force, title=path.stem if path.is_file() else path.name)
    except XlkitError as exc:
        if as_json:
            typer.echo(json.dumps({"error": str(exc)}, ensure_ascii=False, indent=2))
        _fail(str(exc))
    if as_json:
        typer.echo(json.dumps({**result.to_dict(), "output": str(written)}, ensure_ascii=False, indent=2))
    else:
        for title, items in (("错误", result.errors), ("关注", result.warnings)):
            if items:
                typer.echo(f"{title}（{len(items)}）：")
                for finding in items:
                    typer.echo(_issue_line(finding))
        typer.echo(f"审核{'未发现错误' if result.ok else '发现错误'}：{len(result.errors)} 处错误，"
                   f"{len(result.warnings)} 处需关注。{result.conclusion}")
        typer.echo(f"已写出：{written}")
    # nothing recognisable audited is not a pass
    raise typer.Exit(0 if result.ok and result.audited else 1)
