"""`xlkit audit PATH`: audit a typed 综合评分表 workbook or a project folder, write the 审核意见 workbook.

Exit codes: 0 when no finding is an error, 1 when one is or when the path cannot be read, 2 when
nothing auditable was found (the message says what was looked for).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    app.command("audit")(audit)


def audit(
    path: Annotated[Path, typer.Argument(help="手工填写的综合评分表工作簿、项目文件夹，或评价报告（.docx）")],
    annex: Annotated[Path | None, typer.Argument(help="审核 Word 报告时，报告所附的综合评分表工作簿（可选）")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="审核意见工作簿 .xlsx，或写入其中的文件夹（默认与被审文件同目录的 审核意见（文件名）.xlsx）")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出审核结果")] = False,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的审核意见工作簿")] = False,
) -> None:
    """审核手工填报的综合评分表、预决算表、问卷统计表或评价报告正文，列出每处不一致并写出审核意见（有错误时退出码 1，无可审核内容时 2）。"""
    import json

    from xlkit.audit import AUDIT_FILE
    from xlkit.audit import audit as run_audit
    from xlkit.cli.common import fail, issue_line
    from xlkit.cli.output import output_path
    from xlkit.errors import XlkitError
    from xlkit.write.audit_writer import write_audit

    # a file's opinion carries its name, so audits of two files in one folder do not collide
    default = (path / AUDIT_FILE if path.is_dir() else
               path.parent / f"{Path(AUDIT_FILE).stem}（{path.stem}）{Path(AUDIT_FILE).suffix}")
    try:
        target = output_path(output, default)
        result = run_audit(path, annex)
        if not result.audited:  # nothing recognisable: no opinion to write, and not a pass
            if as_json:
                typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
            else:
                for finding in result.findings:  # e.g. a table that looks like a score table but cannot be read
                    typer.echo(issue_line(finding))
                typer.echo(result.conclusion)
            raise typer.Exit(2)
        written = write_audit(result, target, force=force, title=path.stem if path.is_file() else path.name)
    except XlkitError as exc:
        if as_json:
            typer.echo(json.dumps({"error": str(exc)}, ensure_ascii=False, indent=2))
        fail(str(exc))
    if as_json:
        typer.echo(json.dumps({**result.to_dict(), "output": str(written)}, ensure_ascii=False, indent=2))
    else:
        for title, items in (("错误", result.errors), ("关注", result.warnings)):
            if items:
                typer.echo(f"{title}（{len(items)}）：")
                for finding in items:
                    typer.echo(issue_line(finding))
        typer.echo(f"审核结论：{result.conclusion}")  # the conclusion states the counts once
        typer.echo(f"已写出：{written}")
    raise typer.Exit(0 if result.ok else 1)
