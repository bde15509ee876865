"""Questionnaire (满意度调查) tallies and measures: pure functions over Decimal.

A survey is a set of questions, each with option counts and, for the questions that count toward
satisfaction (满意测评), a score per option as a fraction of full (非常满意 = 1.00 … 不满意 = 0.00).
The reports compute, per question, "满意率 = Σ(选择人数 × 选项分值) / 答题量", then
"综合满意度" over the scored questions; option shares (占比) are printed with 1 decimal (000) or
问卷星 style with trailing zeros dropped (003).

Option scores are set per question and always by option **text**, never by position: the same word
scores differently on different ladders (000's 一般 is 0.60, 003's 一般 is 40/100 because 003's
ladder has 满意 between 比较满意 and 一般).

Platform-export importers (问卷星 / 腾讯问卷 files) are not here; ``tally`` and ``tally_multi``
are the pieces such an importer needs to build a ``Survey`` from raw answers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import NamedTuple

from xlkit.errors import RuleConfigError
from xlkit.read.numbers import HUNDRED, ONE, ZERO, D, fmt_pct, fmt_pct_trim, ratio
from xlkit.spec.issues import Issue, Severity

__all__ = [
    "KINDS",
    "SINGLE_KINDS",
    "Option",
    "Question",
    "Survey",
    "Scheme",
    "SCHEMES",
    "LADDERS",
    "SENSITIVITY_SCHEMES",
    "Applied",
    "Share",
    "SHARE_STYLES",
    "Coverage",
    "Problem",
    "SchemeRate",
    "Tally",
    "label_key",
    "get_scheme",
    "apply_scheme",
    "question_n",
    "question_rate",
    "composite",
    "share",
    "option_shares",
    "yes_share",
    "coverage_rates",
    "check_question",
    "check_survey",
    "scheme_problems",
    "sensitivity",
    "tally",
    "tally_multi",
    "MULTI_SEPARATOR",
    "SKIP_MARKS",
]

KINDS = ("单选", "多选", "填空", "是否")
# Kinds where every respondent picks exactly one option, so the counts must add up to N.
SINGLE_KINDS = ("单选", "是否")


# --------------------------------------------------------------------------------------------
# Labels

# 问卷星 appends fill-ins as 〖…〗 and 腾讯问卷 letters options ("A.男"); 003 prints "A 非常满意".
_FILL_IN = re.compile(r"〖[^〗]*〗")
_LETTER = re.compile(r"^[A-Z]\s*[.、:)\s]\s*(?=\S)")
_SPACE = re.compile(r"[\s\u3000]+")


def label_key(label: str) -> str:
    """The comparable form of an option text: "A 非常满意", "A.非常满意", "非常满意 " → "非常满意"."""
    text = unicodedata.normalize("NFKC", str(label)).strip()
    text = _FILL_IN.sub("", text)
    text = _LETTER.sub("", text)
    return _SPACE.sub("", text)


# --------------------------------------------------------------------------------------------
# Model


@dataclass(frozen=True)
class Option:
    """One option of a question: its text, how many chose it, its score as a fraction of full."""

    label: str
    count: int
    score: Decimal | None = None


def _normalise_scores(qid: str, options: tuple[Option, ...]) -> tuple[Option, ...]:
    scores = [o.score for o in options if o.score is not None]
    for s in scores:
        if s < 0 or s > HUNDRED:
            raise ValueError(f"{qid} 选项分值 {s} 超出范围（应为 0–1 或百分制 0–100）")
    if not any(s > ONE for s in scores):
        return options
    # The template allows 百分制 (100/80/60/40/0). A question mixing both scales is a typing
    # slip we cannot resolve by guessing, so it is refused rather than divided.
    if any(ZERO < s < ONE for s in scores):
        raise ValueError(f"{qid} 选项分值混用了百分制与小数制：{'/'.join(str(s) for s in scores)}")
    return tuple(o if o.score is None else replace(o, score=o.score / HUNDRED) for o in options)


@dataclass(frozen=True)
class Question:
    """A question: "Q3", its 题干, 题型, options, 答题量 and whether it counts toward 满意度.

    ``answered`` is the per-question N ("答题量（份）"); None means the survey's valid count.
    000 Q5 was answered by 101 of 102 respondents, so N must be per question. Option scores given
    as 百分制 (100/80/60/40/0) are divided by 100 here, so every ``Option.score`` is a fraction.
    """

    qid: str
    text: str
    kind: str
    options: tuple[Option, ...] = ()
    answered: int | None = None
    scored: bool = False
    weight: Decimal | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.qid} 题型“{self.kind}”不是 {'/'.join(KINDS)} 之一")
        opts = tuple(
            o if o.score is None or isinstance(o.score, Decimal) else replace(o, score=D(o.score))
            for o in self.options
        )
        object.__setattr__(self, "options", _normalise_scores(self.qid, opts))
        if self.weight is not None and not isinstance(self.weight, Decimal):
            object.__setattr__(self, "weight", D(self.weight))

    def option(self, label: str) -> Option | None:
        key = label_key(label)
        return next((o for o in self.options if label_key(o.label) == key), None)

    @property
    def total(self) -> int:
        """Σ option counts (equals N for a single-choice question that adds up)."""
        return sum(o.count for o in self.options)


@dataclass(frozen=True)
class Survey:
    """One questionnaire: "调查对象总体数", "发放/回收/有效问卷", mode, questions, open answers."""

    title: str
    population: int | None = None
    distributed: int | None = None
    returned: int | None = None
    valid: int | None = None
    mode: str | None = None
    questions: tuple[Question, ...] = ()
    open_answers: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "questions", tuple(self.questions))

    def question(self, qid: str) -> Question:
        """The question with its N resolved ("答题量" blank → 有效问卷数)."""
        for q in self.questions:
            if q.qid.upper() == qid.upper():
                return q if q.answered is not None else replace(q, answered=self.valid)
        raise KeyError(qid)

    @property
    def scored(self) -> tuple[Question, ...]:
        """The 满意测评 questions, N resolved."""
        return tuple(self.question(q.qid) for q in self.questions if q.scored)


# --------------------------------------------------------------------------------------------
# Option-score schemes

# Ordered ladders, identified by their words, best first. A scheme gives one value per rung, so
# "五级 1/0.8/0.6/0.3/0" scores 000's 一般 0.60 (rung 3) and 003's 一般 0.30 (rung 4).
LADDERS: tuple[tuple[str, ...], ...] = (
    ("非常满意", "比较满意", "一般", "不太满意", "不满意"),  # 000 Q3/Q5/Q7
    ("显著", "较大", "一般", "较差", "无"),  # 000 Q6
    ("非常满意", "比较满意", "满意", "一般", "不满意"),  # 003 Q11
)
_YES_NO = (("是", "否"),)


@dataclass(frozen=True)
class Scheme:
    """An option→score map, by label, possibly for several ladders ("scales").

    Each scale maps label → fraction of full. A question uses the scale that covers all of its
    labels (the one with exactly its labels if several do); labels no scale covers stay unscored
    and are reported.
    """

    name: str
    scales: tuple[Mapping[str, Decimal], ...]

    @classmethod
    def from_rungs(cls, name: str, values: Sequence[object],
                   ladders: Sequence[Sequence[str]] = LADDERS) -> Scheme:
        """One value per rung, applied to every ladder of that length; 100/80/… become fractions."""
        rungs = _fractions(name, {str(i): v for i, v in enumerate(values)})
        scales = tuple(
            {label_key(lab): rungs[str(i)] for i, lab in enumerate(ladder)}
            for ladder in ladders if len(ladder) == len(values)
        )
        return cls(name, scales)

    @classmethod
    def from_labels(cls, name: str, mapping: Mapping[str, object]) -> Scheme:
        """A single explicit map {label: score}, e.g. {"A 非常满意": 100, …, "E 不满意": 0}."""
        return cls(name, ({label_key(k): v for k, v in _fractions(name, mapping).items()},))

    def resolve(self, labels: Sequence[str]) -> tuple[dict[str, Decimal | None], tuple[str, ...]]:
        """Scores for these labels and the labels left unmapped (in the given order)."""
        keys = [label_key(lab) for lab in labels]
        wanted = set(keys)
        full = [s for s in self.scales if wanted <= set(s)]
        exact = [s for s in full if set(s) == wanted]
        best = max((len(wanted & set(s)) for s in self.scales), default=0)
        candidates = exact or full or [s for s in self.scales if best and len(wanted & set(s)) == best]
        if not candidates:
            return dict.fromkeys(labels), tuple(labels)
        scale = candidates[0]
        # A partial label set ("非常满意/比较满意/一般") can fit two ladders that disagree on a
        # word; scoring it either way would be a guess, so such words are left unmapped.
        ambiguous = {k for k in wanted for other in candidates[1:] if other.get(k) != scale.get(k)}
        scores = {lab: (None if k in ambiguous else scale.get(k)) for lab, k in zip(labels, keys)}
        return scores, tuple(lab for lab in labels if scores[lab] is None)


def _fractions(name: str, mapping: Mapping[str, object]) -> dict[str, Decimal]:
    values = {k: D(v) for k, v in mapping.items()}
    if any(v < 0 or v > HUNDRED for v in values.values()):
        raise RuleConfigError(f"选项分值方案“{name}”的分值应在 0–1 或 0–100 之间")
    if any(v > ONE for v in values.values()):
        if any(ZERO < v < ONE for v in values.values()):
            raise RuleConfigError(f"选项分值方案“{name}”混用了百分制与小数制")
        return {k: v / HUNDRED for k, v in values.items()}
    return values


SCHEMES: dict[str, Scheme] = {
    s.name: s
    for s in (
        Scheme.from_rungs("五级1/0.8/0.6/0.3/0", ("1.00", "0.80", "0.60", "0.30", "0.00")),
        Scheme.from_rungs("百分制100/80/60/40/0", (100, 80, 60, 40, 0)),
        Scheme.from_rungs("前三项", (1, 1, 1, 0, 0)),
        Scheme.from_rungs("前二项", (1, 1, 0, 0, 0)),
        Scheme.from_rungs("是否", (1, 0), _YES_NO),
    )
}
# The satisfaction methods seen in the seeds and in practice (wjx-ai-kit csat = top-2-box).
SENSITIVITY_SCHEMES = ("百分制100/80/60/40/0", "五级1/0.8/0.6/0.3/0", "前三项", "前二项")


def get_scheme(scheme: str | Scheme | Mapping[str, object]) -> Scheme:
    """A scheme by name, as is, or built from an explicit {label: score} map."""
    if isinstance(scheme, Scheme):
        return scheme
    if isinstance(scheme, str):
        try:
            return SCHEMES[scheme]
        except KeyError:
            raise RuleConfigError(f"未知的选项分值方案“{scheme}”，可用：{'、'.join(SCHEMES)}") from None
    return Scheme.from_labels("自定义", scheme)


class Applied(NamedTuple):
    question: Question
    unmapped: tuple[str, ...]


def apply_scheme(question: Question, scheme: str | Scheme | Mapping[str, object]) -> Applied:
    """The question with each option scored by its label; ``unmapped`` lists labels left unscored."""
    scores, unmapped = get_scheme(scheme).resolve([o.label for o in question.options])
    options = tuple(replace(o, score=scores[o.label]) for o in question.options)
    return Applied(replace(question, options=options), unmapped)


# --------------------------------------------------------------------------------------------
# Measures


def question_n(q: Question, valid: int | None = None) -> int | None:
    """“答题量”: the question's own N, else the survey's valid count."""
    return q.answered if q.answered is not None else valid


def _weighted_sum(q: Question) -> Decimal:
    missing = [o.label for o in q.options if o.score is None and o.count]
    if missing:
        raise RuleConfigError(f"{q.qid} 选项“{'、'.join(missing)}”没有分值，无法计算满意率")
    return sum((o.count * o.score for o in q.options if o.score is not None), ZERO)


def question_rate(q: Question, places: int | None = 4, *, valid: int | None = None) -> Decimal | None:
    """“满意率 = Σ(选择人数 × 选项分值) / 答题量”, a fraction rounded half up to ``places``.

    000 Q5: 97.6/101 = 96.63% (N is the question's own 101, not the 102 valid). None when N is 0
    or unknown. Raises RuleConfigError when a chosen option has no score: a rate that silently
    scores it 0 would look plausible and be wrong.
    """
    n = question_n(q, valid)
    if not n:
        return None
    return ratio(_weighted_sum(q), D(n), places)


def _weights(questions: Sequence[Question], weights: Mapping[str, object] | None) -> list[Decimal]:
    given = [weights.get(q.qid) if weights is not None and q.qid in weights else q.weight for q in questions]
    if all(w is None for w in given):
        return [ONE] * len(questions)
    if any(w is None for w in given):
        missing = "、".join(q.qid for q, w in zip(questions, given) if w is None)
        raise RuleConfigError(f"综合满意度：部分题目设了权重，{missing} 未设")
    return [D(w) for w in given]


def composite(questions: Iterable[Question] | Survey, method: str = "mean", *, places: int | None = 4,
              valid: int | None = None, weights: Mapping[str, object] | None = None,
              round_first: bool = True) -> Decimal | None:
    """“综合满意度” over the scored questions (``scored=True``; the others are ignored).

    ``mean``: the mean of the per-question 满意率, equal weights unless questions carry a
    ``weight`` (or ``weights`` maps qid → weight). By default the mean is of the rates **as
    printed** (rounded to 2-decimal percents), as the reports do (a rate is rounded before it is
    scored), so a reader can redo it from the report's table: 000 "(94.51 + 96.63 + 89.61 +
    95.49)/4 = 94.06%". ``round_first=False`` averages unrounded rates (also 94.06% for 000).
    000 labels this "综合满意度（加权平均值）" though its weights are equal; equal is the default.

    ``pooled``: Σ(选择人数 × 分值) over all questions / Σ 答题量 (000: 382.8/407 = 94.05%);
    question weights, if any, multiply both sums.

    None when there is no scored question, when a question's rate is undefined (mean), or when
    Σ N is 0 (pooled).
    """
    if isinstance(questions, Survey):
        valid = questions.valid if valid is None else valid
        questions = questions.questions
    scored = [q for q in questions if q.scored]
    if not scored:
        return None
    ws = _weights(scored, weights)
    if method == "mean":
        rates = [question_rate(q, 4 if round_first else None, valid=valid) for q in scored]
        if any(r is None for r in rates):
            return None
        return ratio(sum((w * r for w, r in zip(ws, rates) if r is not None), ZERO), sum(ws, ZERO), places)
    if method == "pooled":
        num = sum((w * _weighted_sum(q) for w, q in zip(ws, scored)), ZERO)
        den = sum((w * D(question_n(q, valid) or 0) for w, q in zip(ws, scored)), ZERO)
        return ratio(num, den, places)
    raise RuleConfigError(f"综合满意度的计算方式应为 mean（算术平均）或 pooled（合并计算），而非“{method}”")


class Share(NamedTuple):
    """An option's 占比: the text as printed and the fraction at that precision."""

    text: str
    value: Decimal | None


SHARE_STYLES = ("1dp", "wjx")


def share(count: int, n: int | None, style: str = "1dp") -> Share:
    """“占比” = count / N: ``1dp`` prints 1 decimal ("20.6%", "1.0%", 000); ``wjx`` prints 问卷星
    style, 2 decimals with trailing zeros dropped ("91.8%", "77.87%", "0%", 003). N = 0 → "-".
    """
    if style not in SHARE_STYLES:
        raise RuleConfigError(f"占比格式应为 1dp 或 wjx，而非“{style}”")
    if not n:
        return Share("-", None)
    if style == "1dp":
        value = ratio(count, n, 3)
        return Share(fmt_pct(value, 1), value)
    value = ratio(count, n, 4)
    return Share(fmt_pct_trim(value, 2), value)


def option_shares(q: Question, style: str = "1dp", *, valid: int | None = None) -> tuple[tuple[str, int, Share], ...]:
    """(选项, 人数, 占比) for each option, on the question's own N."""
    n = question_n(q, valid)
    return tuple((o.label, o.count, share(o.count, n, style)) for o in q.options)


def yes_share(q: Question, yes_labels: Sequence[str] = ("是",), places: int | None = 4, *,
              valid: int | None = None) -> Decimal | None:
    """Share of respondents choosing any of ``yes_labels``: 003 "是/122 = 95/122 = 77.87%".

    Also serves "满意" shares of two-option questions (003 Q10 满意 118/122 = 96.72%).
    """
    keys = {label_key(lab) for lab in yes_labels}
    n = question_n(q, valid)
    if not n:
        return None
    return ratio(sum(o.count for o in q.options if label_key(o.label) in keys), n, places)


class Coverage(NamedTuple):
    """“问卷覆盖率 / 问卷回收率 / 有效回收率” as fractions (4 decimals); None if not computable."""

    coverage: Decimal | None  # 覆盖率 = 有效问卷 / 调查对象总体数
    return_rate: Decimal | None  # 回收率 = 回收 / 发放
    valid_rate: Decimal | None  # 有效回收率 = 有效 / 回收


def _rate(num: int | None, den: int | None, places: int | None) -> Decimal | None:
    if num is None or den is None:
        return None
    return ratio(num, den, places)


def coverage_rates(survey: Survey, places: int | None = 4) -> Coverage:
    """000: "问卷覆盖率 = 102/346 = 29.48%"; 回收率 and 有效回收率 100.00%. 003: 122/30437 = 0.40%."""
    return Coverage(
        _rate(survey.valid, survey.population, places),
        _rate(survey.returned, survey.distributed, places),
        _rate(survey.valid, survey.returned, places),
    )


# --------------------------------------------------------------------------------------------
# Consistency checks


@dataclass(frozen=True)
class Problem:
    """A problem in the survey's figures: stable ``code``, the question, a Chinese message."""

    code: str
    qid: str | None
    message: str
    severity: Severity = Severity.ERROR

    def to_issue(self, file: str | None = None, sheet: str | None = None, cell: str | None = None) -> Issue:
        return Issue(code=self.code, message=self.message, severity=self.severity, file=file, sheet=sheet,
                     cell=cell, value=self.qid)


def check_question(q: Question, valid: int | None = None) -> list[Problem]:
    """What does not add up in one question (codes shared with the workbook validator)."""
    out: list[Problem] = []
    n = question_n(q, valid)
    if n is None:
        if q.kind != "填空":
            out.append(Problem("survey-n-missing", q.qid, f"{q.qid} 未填答题人数，且未给出有效问卷数"))
    else:
        if n == 0 and q.kind != "填空":
            out.append(Problem("survey-n-zero", q.qid, f"{q.qid} 答题人数为 0，无法计算占比和满意率",
                               Severity.WARNING))
        if valid is not None and n > valid:
            out.append(Problem("survey-n", q.qid, f"{q.qid} 答题人数 {n} 大于有效问卷数 {valid}"))
    for o in q.options:
        if o.count < 0:
            out.append(Problem("survey-count-negative", q.qid, f"{q.qid}“{o.label}”人数 {o.count} 为负数"))
        elif n is not None and o.count > n:
            out.append(Problem("survey-count-exceeds", q.qid, f"{q.qid}“{o.label}”人数 {o.count} 大于答题人数 {n}"))
        if q.scored and o.score is None:
            out.append(Problem("survey-score-missing", q.qid, f"{q.qid} 计入满意度，但选项“{o.label}”没有分值"))
    if q.kind in SINGLE_KINDS and n is not None and q.total != n:
        out.append(Problem("survey-sum", q.qid, f"{q.qid} 各选项人数之和 {q.total} 不等于答题人数 {n}"))
    if q.scored and not q.options:
        out.append(Problem("survey-no-options", q.qid, f"{q.qid} 计入满意度，但没有选项"))
    return out


def scheme_problems(q: Question, scheme: str | Scheme | Mapping[str, object]) -> list[Problem]:
    """Labels of ``q`` that ``scheme`` cannot score."""
    name = get_scheme(scheme).name
    return [
        Problem("survey-label-unmapped", q.qid, f"{q.qid} 选项“{label}”无法按分值方案“{name}”确定分值")
        for label in apply_scheme(q, scheme).unmapped
    ]


def check_survey(survey: Survey, schemes: Mapping[str, str | Scheme | Mapping[str, object]] | None = None) -> list[Problem]:
    """Every question's problems, plus labels the per-question ``schemes`` (qid → scheme) cannot map."""
    out: list[Problem] = []
    for a, small, b, big in (("回收份数", survey.returned, "发放份数", survey.distributed),
                             ("有效份数", survey.valid, "回收份数", survey.returned),
                             ("有效份数", survey.valid, "调查对象总体数", survey.population)):
        if small is not None and big is not None and small > big:
            out.append(Problem("survey-counts", None, f"{a} {small} 大于{b} {big}"))
    for q in survey.questions:
        out.extend(check_question(q, survey.valid))
    for qid, scheme in (schemes or {}).items():
        out.extend(scheme_problems(survey.question(qid), scheme))
    return out


# --------------------------------------------------------------------------------------------
# Sensitivity


class SchemeRate(NamedTuple):
    scheme: str
    rate: Decimal | None
    unmapped: tuple[tuple[str, str], ...]  # (qid, label) the scheme could not score


def sensitivity(question_or_questions: Question | Iterable[Question],
                schemes: Iterable[str | Scheme] = SENSITIVITY_SCHEMES, *, method: str = "mean",
                places: int | None = 4, valid: int | None = None) -> tuple[SchemeRate, ...]:
    """The 满意率 (or 综合满意度 of several questions) under each scheme.

    003 Q11: 91.31% under 100/80/60/40/0 (the report's), 96.72% top-3-box. A scheme that cannot
    score every chosen option gives ``rate=None`` and lists the labels, instead of a wrong rate.
    """
    single = isinstance(question_or_questions, Question)
    questions = ([question_or_questions] if isinstance(question_or_questions, Question)  # = single, narrowed
                 else list(question_or_questions))
    if single:
        questions = [replace(questions[0], scored=True)]
    out = []
    for scheme in schemes:
        sch = get_scheme(scheme)
        applied = [apply_scheme(q, sch) if q.scored else Applied(q, ()) for q in questions]
        unmapped = tuple((a.question.qid, lab) for a in applied for lab in a.unmapped)
        rate = None
        if not any(o.count and o.score is None for a in applied for o in a.question.options if a.question.scored):
            rate = composite([a.question for a in applied], method, places=places, valid=valid)
        out.append(SchemeRate(sch.name, rate, unmapped))
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Tallies from raw answers

MULTI_SEPARATOR = "┋"
# 问卷星 按文本 exports write "(跳过)" (reports also "(空)"); 按序号 exports write -3 for an item
# hidden by skip logic and -2 for one left unanswered. None of these is an answer, so none is in N.
SKIP_MARKS = frozenset({"", "(跳过)", "(空)", "-3", "-2"})
_SKIP_NUMBER = re.compile(r"^-[23](\.0+)?$")


def _skipped(answer: object) -> bool:
    if answer is None:
        return True
    text = unicodedata.normalize("NFKC", str(answer)).strip()
    return text in SKIP_MARKS or bool(_SKIP_NUMBER.match(text))


@dataclass(frozen=True)
class Tally:
    """Counts per option (in ``labels`` order), N answered, skips, and answers matching no option.

    Unmatched answers stay in N so that ``check_question`` reports the counts not adding up,
    rather than the rates quietly changing.
    """

    labels: tuple[str, ...]
    counts: tuple[int, ...]
    answered: int
    skipped: int
    unknown: tuple[tuple[str, int], ...] = ()

    def to_options(self, scheme: str | Scheme | Mapping[str, object] | None = None) -> tuple[Option, ...]:
        scores: Mapping[str, Decimal | None] = {}
        if scheme is not None:
            scores, _ = get_scheme(scheme).resolve(list(self.labels))
        return tuple(Option(lab, c, scores.get(lab)) for lab, c in zip(self.labels, self.counts))


def _index(options: Sequence[str]) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, lab in enumerate(options):
        key = label_key(lab)
        if key in index:
            raise ValueError(f"选项“{lab}”重复")
        index[key] = i
    return index


def tally(responses: Iterable[str | None], options: Sequence[str]) -> Tally:
    """Count single-choice answers by option text; skipped answers are out of N."""
    index = _index(options)
    counts = [0] * len(options)
    unknown: dict[str, int] = {}
    answered = skipped = 0
    for answer in responses:
        if _skipped(answer):
            skipped += 1
            continue
        answered += 1
        i = index.get(label_key(str(answer)))
        if i is None:
            text = str(answer).strip()
            unknown[text] = unknown.get(text, 0) + 1
        else:
            counts[i] += 1
    return Tally(tuple(options), tuple(counts), answered, skipped, tuple(unknown.items()))


def tally_multi(responses: Iterable[str | None], options: Sequence[str], separator: str = MULTI_SEPARATOR) -> Tally:
    """Count multi-choice answers joined by "┋"; N is respondents, so counts may sum past N."""
    index = _index(options)
    counts = [0] * len(options)
    unknown: dict[str, int] = {}
    answered = skipped = 0
    for answer in responses:
        if _skipped(answer):
            skipped += 1
            continue
        answered += 1
        seen: set[object] = set()
        for part in str(answer).split(separator):
            if not part.strip():
                continue
            i = index.get(label_key(part))
            mark: object = i if i is not None else part.strip()
            if mark in seen:
                continue  # one respondent counts once per option
            seen.add(mark)
            if i is None:
                unknown[part.strip()] = unknown.get(part.strip(), 0) + 1
            else:
                counts[i] += 1
    return Tally(tuple(options), tuple(counts), answered, skipped, tuple(unknown.items()))

