"""Option scores per question (scheme, typed scores, 计入满意度) and the ``xlkit.compute.survey.Survey``
built from the tallies."""

from __future__ import annotations

from decimal import Decimal

from xlkit.compute import survey as sv
from xlkit.survey_intake.codebook import Codebook
from xlkit.survey_intake.context import ExportContext
from xlkit.survey_intake.model import ImportedQuestion, Respondent
from xlkit.survey_intake.options import ImportOptions, resolve_scheme

__all__ = ["build_survey"]


def _question_scores(q: ImportedQuestion, opts: ImportOptions, cb: Codebook) -> tuple[list[Decimal | None], bool, str | None]:
    """Option scores, whether the question counts toward 满意度, and the scheme used."""
    typed = cb.scores.get(q.qid, {})
    keys = [sv.label_key(o) for o in q.options]
    ladder_q = q.kind == "单选" and any(set(keys) == {sv.label_key(w) for w in lad} for lad in sv.LADDERS)
    if opts.scored is not None:  # asked for on this import: wins over the workbook's 计入满意度
        scored = q.qid in {s.upper() for s in opts.scored}
    else:
        scored = cb.scored.get(q.qid, ladder_q)
    name = opts.question_schemes.get(q.qid)
    if name is None and q.kind == "是否":
        name = "是否"
    if name is None and (scored or ladder_q):
        name = opts.scheme
    if typed and all(k in typed for k in keys):
        return [typed[k] for k in keys], scored, "已填写"
    if name is None:
        return [typed.get(k) for k in keys], scored, None
    scores, _ = sv.get_scheme(resolve_scheme(name)).resolve(list(q.options))
    return [typed.get(sv.label_key(o), scores[o]) for o in q.options], scored, resolve_scheme(name)


def build_survey(questions: list[ImportedQuestion], people: list[Respondent], opts: ImportOptions, cb: Codebook,
            ctx: ExportContext, open_answers: list[tuple[str, str, str]], title: str) -> tuple[sv.Survey, dict[str, str]]:
    built, used = [], {}
    for q in questions:
        scores, scored, scheme = _question_scores(q, opts, cb)
        if scheme:
            used[q.qid] = scheme
        options = tuple(sv.Option(lab, c, s) for lab, c, s in zip(q.options, q.counts, scores))
        try:
            kind = cb.kinds[q.qid] if cb.kinds.get(q.qid) in sv.KINDS else q.kind
            question = sv.Question(q.qid, cb.texts.get(q.qid) or q.text, kind, options, q.answered,
                                   scored and q.kind != "填空", cb.weights.get(q.qid))
        except ValueError as exc:
            ctx.error("survey-label-unmapped", str(exc), q.cells[0] if q.cells else None)
            continue
        missing = [o.label for o in question.options if o.score is None]
        if question.scored and missing:
            ctx.error("survey-label-unmapped", f"{q.qid} 计入满意度，但选项“{'、'.join(missing)}”无法按分值方案“"
                      f"{scheme or opts.scheme}”确定分值（可用 --scheme {q.qid}=方案，或在问卷统计.xlsx 中填写选项分值）",
                      q.cells[0] if q.cells else None, value=q.qid)
        built.append(question)
    info = cb.info
    population = opts.population if opts.population is not None else info.get("population")
    answers: dict[str, list[str]] = {}
    for qid, _, text in open_answers:
        answers.setdefault(qid, []).append(text)
    survey = sv.Survey(title=title, population=population, distributed=info.get("distributed"),
                       returned=len(people), valid=len(people), mode=info.get("mode") or "线上",
                       questions=tuple(built), open_answers=answers)
    return survey, used
