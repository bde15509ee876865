"""``xlkit batch`` and ``xlkit archive …``: thin commands over ``xlkit.bureau.batch`` and ``xlkit.bureau.archive``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from xlkit.errors import XlkitError

DbOption = Annotated[Path | None, typer.Option("--db", help="归档数据库文件（默认在用户数据目录）")]


def _fail(message: str) -> None:
    from xlkit.cli.common import fail

    fail(message)


def batch(
    root: Annotated[Path, typer.Argument(help="包含各项目文件夹的根目录")],
    output: Annotated[Path, typer.Option("-o", "--output", help="汇总工作簿，如 2024汇总.xlsx；给文件夹时写出其中的 汇总.xlsx")],
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="并行进程数（默认 CPU 核数）")] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask distributed 调度器地址，如 tcp://host:8786")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出（供脚本使用）")] = False,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的汇总工作簿和评分结果")] = False,
    resume: Annotated[bool, typer.Option("--resume", help="继续中断的批量评分：结果完整且输入未变的文件夹不再重评")] = False,
) -> None:
    """批量评分：找出根目录下的全部项目文件夹，并行评分，写出汇总工作簿（含图表、未通过清单）。"""
    import json

    from xlkit.bureau.batch import run_batch

    progress_bar = None
    task = None

    def progress(done: int, total: int, outcome) -> None:
        nonlocal progress_bar, task
        if as_json:
            return
        if progress_bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            progress_bar = Progress(TextColumn("评分"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                    TextColumn("{task.description}"), console=Console(stderr=True), transient=True)
            progress_bar.start()
            task = progress_bar.add_task("", total=total)
        progress_bar.update(task, completed=done, description=outcome.folder if outcome else "")

    from xlkit.cli.output import output_path

    try:
        output = output_path(output, Path("汇总.xlsx"))
        try:
            result = run_batch(root, output, jobs=jobs, scheduler=scheduler, force=force, resume=resume,
                               progress=progress)
        finally:
            if progress_bar is not None:
                progress_bar.stop()
    except XlkitError as exc:
        if as_json:
            typer.echo(json.dumps({"error": str(exc)}, ensure_ascii=False, indent=2))
        _fail(str(exc))
        return
    if as_json:
        for chunk in result.json_chunks():
            typer.echo(chunk, nl=False)
        typer.echo()
    else:
        for outcome in result.failed:
            typer.echo(f"未通过：{outcome.folder}（{outcome.error}）", err=True)
            for issue in outcome.issues[:5]:
                from xlkit.cli.text import issue_text
                from xlkit.spec.issues import Issue, Severity

                typer.echo(issue_text(Issue(**{**issue, "severity": Severity(issue["severity"])})), err=True)
            if len(outcome.issues) > 5:
                typer.echo(f"  …… 共 {len(outcome.issues)} 个问题，见汇总工作簿“未通过”表", err=True)
        grades = "，".join(f"{g} {n}" for g, n in sorted(result.grade_counts().items(),
                                                         key=lambda kv: "优良中差".find(kv[0]) % 10))
        # a folder of 自评表 scores one table per 自评表: the grades count tables, not folders
        tables = sum(len(o.rows) for o in result.scored)
        counted = (f"（{grades}）" if tables == len(result.scored) else f"（共 {tables} 张评分表：{grades}）") \
            if grades else ""
        typer.echo(f"共 {len(result.outcomes)} 个项目文件夹：已评分 {len(result.scored)} 个{counted}"
                   f"，未通过 {len(result.failed)} 个；"
                   f"用时 {result.seconds:.1f} 秒。已写出：{result.output}")
    raise typer.Exit(0 if not result.failed else 1)


archive_app = typer.Typer(help="归档：已发布的模板和已评分的项目（SQLite 数据库）。", no_args_is_help=True)


def _open(db: Path | None):
    from xlkit.bureau.archive import Archive

    return Archive(db)


@archive_app.command("add")
def archive_add(
    folder: Annotated[Path, typer.Argument(help="项目文件夹")],
    db: DbOption = None,
    again: Annotated[bool, typer.Option("--again", help="输入文件与已归档的完全相同时，仍另存一个新版本")] = False,
) -> None:
    """评分并把项目文件夹的全部工作簿、结果和问题存入归档（未通过的也存，标为未通过）。"""
    from xlkit.bureau.archive import AlreadyArchived

    try:
        with _open(db) as archive:
            pid = archive.add(folder, again=again)
            item = archive.project(pid)
    except AlreadyArchived as exc:  # nothing new to store: not a failure
        typer.echo(str(exc))
        return
    except XlkitError as exc:
        _fail(str(exc))
        return
    what = f"总分 {item['total']}，等级 {item['grade']}" if item["status"] == "scored" else \
        f"未通过（{len(item['issues'])} 个问题）"
    typer.echo(f"已归档 #{pid}：{item['unit'] or folder.name} {item['year'] or ''}，{len(item['files'])} 个文件，{what}。")


@archive_app.command("add-template")
def archive_add_template(
    path: Annotated[Path, typer.Argument(help="已发布的空白模板文件或文件夹（xlkit new --blank 生成）")],
    db: DbOption = None,
) -> None:
    """把已发布的空白模板（类别、版本、SHA-256）存入归档。"""
    try:
        with _open(db) as archive:
            ids = archive.add_templates(path)
            stored = [t for t in archive.templates() if t["id"] in ids]
    except XlkitError as exc:
        _fail(str(exc))
        return
    for t in stored:
        typer.echo(f"模板 #{t['id']}：{t['file_name']} v{t['version']}  SHA-256 {t['sha256'][:12]}…")


@archive_app.command("list")
def archive_list(
    year: Annotated[int | None, typer.Option("--year", help="只列出该年度")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
    db: DbOption = None,
) -> None:
    """列出归档中的项目。"""
    import json

    from xlkit.cli.text import shown_time

    try:
        with _open(db) as archive:
            items = archive.list(year)
    except XlkitError as exc:
        _fail(str(exc))
        return
    if as_json:
        typer.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    for it in items:
        status = f"{it['total']}\t{it['grade']}" if it["status"] == "scored" else "未通过\t-"
        name = it["unit"] or Path(it["folder"]).name
        if it["project"]:
            name += f"（{it['project']}）"
        typer.echo(f"#{it['id']}\t{it['year'] or '-'}\t{status}\t{name}\t{it['files']} 个文件\t"
                   f"{shown_time(it['added_at'])}")
    typer.echo(f"共 {len(items)} 个项目。")


@archive_app.command("export")
def archive_export(
    output: Annotated[Path, typer.Option("-o", "--output", help="导出的工作簿，如 历年.xlsx；给文件夹时写出其中的 归档.xlsx")],
    year: Annotated[int | None, typer.Option("--year", help="只导出该年度")] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的文件")] = False,
    db: DbOption = None,
) -> None:
    """把归档（项目、文件及哈希、模板）导出为工作簿。"""
    from xlkit.cli.output import output_path

    try:
        output = output_path(output, Path("归档.xlsx"))
        with _open(db) as archive:
            path = archive.export(output, year=year, force=force)
            n = len(archive.list(year))
    except XlkitError as exc:
        _fail(str(exc))
        return
    typer.echo(f"已导出 {n} 个项目：{path}")


def register(app: typer.Typer) -> None:
    app.command("batch")(batch)
    app.add_typer(archive_app, name="archive")

