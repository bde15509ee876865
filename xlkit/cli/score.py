"""`xlkit score FOLDER`: check and score a project folder, write the 综合评分表.

Exit codes: 0 written, 1 when the folder does not score (every error listed) or the output exists
without --force.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from xlkit.cli.common import fail, fail_report, issue_line
from xlkit.errors import XlkitError

RESULT_FILE = "综合评分表.xlsx"


def register(app: typer.Typer) -> None:
    app.command("score")(score)


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
    from xlkit.scoring.evaluation import ScoreError
    from xlkit.scoring.evaluation import score as run_score
    from xlkit.write.result_writer import write_result

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
