"""`xlkit templates`: list the standard templates by kind and version."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    app.command("templates")(templates)


def templates() -> None:
    """列出标准模板的类别和版本。"""
    from xlkit.write.project import template_catalogue

    for row in template_catalogue():
        # a workbook by its file name (its kind is an internal key: indicators, vouchers …); a system by its type
        what = row["文件"] or row["kind"]
        typer.echo(f"{row['类别']}\t{what}\tv{row['版本']}\t{row['名称']}")
