"""``xlkit survey …``: questionnaire commands (a typer sub-app; the work is in ``xlkit.survey_intake.importer``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

survey_app = typer.Typer(name="survey", help="问卷：导入问卷星 / 腾讯问卷导出文件并统计。", no_args_is_help=True)

METHODS = {"等权平均": "mean", "mean": "mean", "合并计算": "pooled", "pooled": "pooled"}
STYLES = {"1dp": "1dp", "一位小数": "1dp", "wjx": "wjx", "问卷星": "wjx"}


def register(app: typer.Typer) -> None:
    app.add_typer(survey_app)


def _options(scheme: list[str], scored: str | None, method: str, share: str, min_seconds: float | None,
             population: int | None, region: str | None, strata: list[str], labels: Path | None,
             form: str | None, title: str | None, keep_personal: bool):
    from xlkit.errors import XlkitError
    from xlkit.read.numbers import D
    from xlkit.survey_intake.importer import ImportOptions, parse_strata, resolve_scheme

    default, per_question = ImportOptions.scheme, {}
    for item in scheme:
        qid, sep, name = item.partition("=")
        if sep:
            per_question[qid.strip().upper()] = resolve_scheme(name)
        else:
            default = resolve_scheme(item)
    if method not in METHODS:
        raise XlkitError(f"--method 应为 等权平均 或 合并计算，而非“{method}”")
    if share not in STYLES:
        raise XlkitError(f"--share 应为 1dp（一位小数）或 wjx（问卷星格式），而非“{share}”")
    groups: dict[str, dict[str, int]] = {}
    for text in strata:
        groups.update(parse_strata(text))
    return ImportOptions(
        scheme=default, question_schemes=per_question,
        scored=None if scored is None else [s.strip().upper() for s in scored.replace("，", ",").split(",") if s.strip()],
        method=METHODS[method], share_style=STYLES[share],
        min_seconds=None if min_seconds is None else D(str(min_seconds)), population=population, region=region,
        strata=groups, labels=labels, form=form, title=title, keep_personal=keep_personal)


@survey_app.command("import")
def import_(
    export: Annotated[Path, typer.Argument(help="问卷星或腾讯问卷导出的答卷文件（.xlsx / .xls / .csv）")],
    into: Annotated[Path | None, typer.Option("--into", help="项目文件夹：写入其中的问卷统计.xlsx 和问卷导入报告.xlsx；不给则只显示统计")] = None,
    force: Annotated[bool, typer.Option("--force", help="问卷统计.xlsx 已有统计数据时仍然替换（原文件保留为备份）")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
    scheme: Annotated[list[str] | None, typer.Option("--scheme", help="选项分值方案：五级 / 百分制 / 前三项 / 前二项；或按题 Q11=百分制（可重复）")] = None,
    scored: Annotated[str | None, typer.Option("--scored", help="计入满意度的题号，如 Q3,Q5,Q6,Q7（默认：选项为完整满意度量表的题）")] = None,
    method: Annotated[str, typer.Option("--method", help="综合满意度：等权平均 或 合并计算")] = "等权平均",
    share: Annotated[str, typer.Option("--share", help="占比格式：1dp（一位小数）或 wjx（问卷星格式，去掉末尾 0）")] = "1dp",
    min_seconds: Annotated[float | None, typer.Option("--min-seconds", help="用时少于此秒数的答卷标记为过快（默认：中位用时的 30%）")] = None,
    population: Annotated[int | None, typer.Option("--population", help="调查对象总体数（用于覆盖率）")] = None,
    region: Annotated[str | None, typer.Option("--region", help="调查范围（地名），IP 所在地不在其中的答卷被标记，如 新疆")] = None,
    strata: Annotated[list[str] | None, typer.Option("--strata", help="样本结构对比：Q3:单建统筹基金参保=4157,实施统账结合参保=26280（可重复）")] = None,
    labels: Annotated[Path | None, typer.Option("--labels", help="按选项序号/按分数导出时，同一批答卷的按选项文本导出文件")] = None,
    form: Annotated[str | None, typer.Option("--form", help="导出形式：文本 / 序号 / 分数（默认自动识别）")] = None,
    title: Annotated[str | None, typer.Option("--title", help="问卷名称（默认取问卷统计.xlsx 中已填的，或导出文件名）")] = None,
    keep_personal: Annotated[bool, typer.Option("--keep-personal", help="导出姓名、联系方式等个人信息题的回答（默认不导出）")] = False,
) -> None:
    """导入问卷星 / 腾讯问卷导出文件：逐题统计（各题答题人数按跳题逻辑）、满意率、质量标记和敏感性分析。"""
    import json

    from xlkit.cli.common import fail, fail_report
    from xlkit.errors import XlkitError
    from xlkit.survey_intake.importer import SurveyImportError, import_into, read_export

    try:
        opts = _options(scheme or [], scored, method, share, min_seconds, population, region, strata or [], labels, form, title,
                        keep_personal)
        if into is None:
            imported = read_export(export, opts)
            result = None
        else:
            result = import_into(export, into, opts, force=force)
            imported = result.imported
    except SurveyImportError as exc:
        fail_report(exc, exc.report, as_json, str(exc))
    except XlkitError as exc:
        if as_json:
            typer.echo(json.dumps({"error": str(exc)}, ensure_ascii=False, indent=2))
        fail(str(exc))
    if as_json:
        typer.echo(json.dumps(result.to_dict() if result else imported.to_dict(), ensure_ascii=False, indent=2))
        return
    _print(imported, result)


def _print(imported, result) -> None:
    from xlkit.cli.common import issue_line
    from xlkit.compute.survey import option_shares, question_rate
    from xlkit.read.numbers import fmt2, fmt_pct

    s = imported.survey
    typer.echo(f"{imported.path.name}：{imported.platform}（{imported.form}），答卷 {len(imported.respondents)} 份")
    for q in s.questions:
        qn = s.question(q.qid)
        mark = "（计入满意度）" if q.scored else ""
        rate = ""
        if q.options and all(o.score is not None for o in q.options if o.count):
            what = "“是”的比例" if q.kind == "是否" else "满意率"
            rate = f"，{what} {fmt_pct(question_rate(qn))}"
        typer.echo(f"  {q.qid} {q.kind}，答题 {qn.answered} 人{rate}{mark}")
        for label, count, sh in option_shares(qn, imported.options.share_style):
            typer.echo(f"      {label}\t{count}\t{sh.text}")
    comp = imported.composite()
    if comp is not None:
        how = "等权平均" if imported.options.method == "mean" else "合并计算"
        typer.echo(f"综合满意度（{how}）：{fmt_pct(comp)}")
    warnings = imported.report.warnings
    if warnings:
        typer.echo(f"提示和质量标记（{len(warnings)}，仅提示，未剔除任何答卷）：")
        for issue in warnings:
            typer.echo(issue_line(issue))
    if result is None:
        return
    if result.sensitivity:
        typer.echo("敏感性分析：")
        for r in result.sensitivity:
            score = f"\t{r.indicator} 得分 {fmt2(r.score)}" if r.indicator and r.score is not None else ""
            typer.echo(f"  {r.target}\t{r.scheme}\t{fmt_pct(r.rate)}{score}")
    for note in result.notes:
        typer.echo(f"注意：{note}")
    if result.backup:
        typer.echo(f"原问卷统计已备份为：{result.backup}")
    typer.echo(f"已写出：{result.workbook}")
    typer.echo(f"已写出：{result.report_file}")
