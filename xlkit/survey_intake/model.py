"""What an imported export holds: questions, respondents, quality flags, strata and the tallied survey."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlkit.compute import survey as sv
from xlkit.read.numbers import fmt_pct
from xlkit.spec.issues import Issue, Report, Severity
from xlkit.survey_intake.options import ImportOptions

__all__ = ["ImportedQuestion", "Respondent", "Flag", "Stratum", "SurveyImport"]


@dataclass
class ImportedQuestion:
    """One tallied question (a matrix row is its own question, Q5.1, Q5.2 …)."""

    qid: str
    number: int
    text: str
    kind: str  # survey.KINDS
    options: list[str] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)
    answered: int = 0
    skipped: int = 0
    cells: list[str] = field(default_factory=list)  # header cells of its columns
    picks: list[int | None] = field(default_factory=list)  # per respondent: option index (single choice)
    personal: bool = False
    ladder: tuple[str, ...] | None = None  # the ladder used to complete its options


@dataclass(frozen=True)
class Respondent:
    row: int  # Excel row number in the export
    ident: str  # 序号 / 编号, else the row number
    seconds: Decimal | None = None
    ip: str | None = None
    location: str | None = None
    submitted: dt.date | None = None


@dataclass(frozen=True)
class Flag:
    """A quality flag on one respondent; reported, never a reason to drop them silently."""

    code: str
    row: int
    ident: str
    message: str
    cell: str | None = None

    def to_issue(self, file: str, sheet: str) -> Issue:
        return Issue(self.code, self.message, Severity.WARNING, file, sheet, self.cell, value=self.ident)


@dataclass(frozen=True)
class Stratum:
    """Sample vs population share of one option of a strata question (003 Q3 单建 41.8 % vs 13.66 %)."""

    qid: str
    label: str
    sample: int
    sample_share: Decimal | None
    population: int
    population_share: Decimal | None

    @property
    def gap(self) -> Decimal | None:
        if self.sample_share is None or self.population_share is None:
            return None
        return self.sample_share - self.population_share


@dataclass
class SurveyImport:
    """What one export holds, tallied. ``survey`` is the ``xlkit.compute.survey.Survey`` of it."""

    path: Path
    platform: str
    form: str
    sheet: str
    respondents: list[Respondent]
    questions: list[ImportedQuestion]
    survey: sv.Survey
    open_answers: list[tuple[str, str, str]]  # (qid, respondent, text)
    flags: list[Flag]
    strata: list[Stratum]
    report: Report
    options: ImportOptions
    schemes: dict[str, str]  # qid → scheme name used for its option scores ("已填写" when typed)
    threshold: Decimal | None = None  # seconds below which an answer is flagged
    dates: tuple[dt.date, dt.date] | None = None

    def composite(self, method: str | None = None) -> Decimal | None:
        return sv.composite(self.survey, method or self.options.method)

    def rate(self, qid: str) -> Decimal | None:
        return sv.question_rate(self.survey.question(qid))

    def to_dict(self) -> dict[str, Any]:
        style = self.options.share_style
        out_q = []
        for q in self.survey.questions:
            qn = self.survey.question(q.qid)
            rate = None
            if q.options and all(o.score is not None for o in q.options if o.count):
                rate = sv.question_rate(qn)
            out_q.append({
                "qid": q.qid, "text": q.text, "kind": q.kind, "answered": qn.answered, "scored": q.scored,
                "rate": None if rate is None else fmt_pct(rate),
                "options": [{"label": lab, "count": c, "share": s.text,
                             "score": None if o.score is None else str(o.score)}
                            for (lab, c, s), o in zip(sv.option_shares(qn, style), q.options)],
            })
        comp = self.composite()
        return {
            "file": self.path.name, "platform": self.platform, "form": self.form, "sheet": self.sheet,
            "respondents": len(self.respondents), "valid": self.survey.valid,
            "population": self.survey.population,
            "coverage": fmt_pct(sv.coverage_rates(self.survey).coverage) if self.survey.population else None,
            "scheme": self.options.scheme, "method": self.options.method,
            "composite": None if comp is None else fmt_pct(comp),
            "questions": out_q,
            "open_answers": [{"qid": q, "respondent": r, "answer": a} for q, r, a in self.open_answers],
            "flags": [{"code": f.code, "row": f.row, "respondent": f.ident, "message": f.message}
                      for f in self.flags],
            "strata": [{"qid": s.qid, "label": s.label, "sample": s.sample, "sample_share": fmt_pct(s.sample_share),
                        "population": s.population, "population_share": fmt_pct(s.population_share)}
                       for s in self.strata],
            "warnings": [i.to_dict() for i in self.report.warnings],
        }
