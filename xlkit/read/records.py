"""Typed records of each workbook kind, built from what the reader found.

Each record keeps the cell reference of its values, so a later check or a score can point
back to the exact cell (``预决算.xlsx › 支出 › D7``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xlkit.read.cells import compact
from xlkit.read.numbers import parse_fraction, parse_points
from xlkit.read.reader import Row, WorkbookData, read_workbook
from xlkit.spec.templates import workbook_spec

__all__ = [
    "Level",
    "IndicatorRow",
    "FindingRow",
    "IndicatorBook",
    "BudgetBook",
    "Voucher",
    "VoucherBook",
    "QuestionRow",
    "OptionRow",
    "SurveyBook",
    "parse_deduction",
    "parse_grades",
    "Grade",
    "indicator_book",
    "budget_book",
    "voucher_book",
    "survey_book",
    "read_book",
    "BOOK_BUILDERS",
]


@dataclass(frozen=True)
class Grade:
    name: str
    lower: Decimal  # inclusive lower bound


def default_grades(kind: str = "indicators") -> str:
    """The default 等级标准, as the template spec declares it (基本信息 › 等级标准's default):
    bands are data, written once (000: 优>=90；良>=80；中>=60；差<60)."""
    from xlkit.spec.templates import workbook_spec

    default = workbook_spec(kind).sheet("info").field("grades").default
    assert default, f"{kind}: 基本信息 › 等级标准 has no default in its spec"
    return default


def grade_for(total: Decimal, grades: list[Grade]) -> str:
    """The one grade lookup: the band whose inclusive lower bound ``total`` reaches (000 grade bands:
    90.00 → 优, 89.99 → 良). Used by score, 自评 and audit alike."""
    return next(g.name for g in grades if total >= g.lower)


def parse_grades(text: str | None) -> list[Grade]:
    """``优>=90；良>=80；中>=60；差<60`` → bands from the top, lower bounds inclusive.

    Raises ValueError (Chinese) when the text is not of that form, bounds do not descend, or the
    bands do not chain: "差<60" after "中>=70" leaves 60–70 without a grade (no silent guess).
    """
    if not text:
        raise ValueError("等级标准为空")
    grades: list[Grade] = []
    uppers: dict[int, Decimal] = {}  # index of a "<" band → its upper bound
    for part in re.split(r"[；;，,\n]+", unicodedata.normalize("NFKC", text)):
        part = part.strip()
        if not part:
            continue
        m = re.match(r"^(\S+?)\s*(>=|≥|<|＜)\s*(\d+(\.\d+)?)$", part)
        if not m:
            raise ValueError(f"等级标准“{part}”应写成 优>=90 的形式")
        name, op, bound = m.group(1), m.group(2), Decimal(m.group(3))
        if op not in (">=", "≥"):
            uppers[len(grades)] = bound
        grades.append(Grade(name, bound if op in (">=", "≥") else Decimal("-Infinity")))
    lowers = [g.lower for g in grades]
    if lowers != sorted(lowers, reverse=True) or len(set(lowers)) != len(lowers):
        raise ValueError("等级标准的下限应从高到低排列且不重复")
    for i, upper in uppers.items():
        if i == 0 or grades[i - 1].lower != upper:
            above = f"上一等级“{grades[i - 1].name}”的下限 {grades[i - 1].lower.normalize():f}" if i else "没有上一等级"
            raise ValueError(f"等级区间不衔接：“{grades[i].name}<{upper.normalize():f}”的上限应等于{above}")
    if grades[-1].lower != Decimal("-Infinity"):
        grades.append(Grade("差", Decimal("-Infinity")))
    return grades


def parse_deduction(text: Any) -> tuple[Decimal | None, Decimal | None]:
    """扣分 cell: "0.50" → (0.50 points, None); "1/3" → (None, 1/3 share); "25%" → (None, 0.25).

    The same reading as every points parameter of a rule (``numbers.parse_points``).
    """
    if text is not None and "/" in str(text):
        try:
            parse_fraction(str(text).strip().removesuffix("分"))
        except ValueError:
            raise ValueError(f"扣分比例“{text}”的分母为 0") from None
    try:
        return parse_points(text)
    except ValueError:
        raise ValueError(f"扣分应为分值（如 0.50）或比例（如 1/3、25%），实际为“{text}”") from None


@dataclass
class Level:
    code: str
    level: str  # 一级 / 二级
    name: str
    parent: str | None
    weight: Decimal | None
    row: Row


@dataclass
class IndicatorRow:
    code: str
    level1: str
    level2: str
    name: str
    weight: Decimal | None
    target: str | None
    actual: str | None
    rule: str | None
    params: str | None
    measure: str | None
    reason: str | None
    explanation: str | None
    standard: str | None
    row: Row
    adopted: Decimal | None = None  # 采用得分: the score the evaluator adopted, departing from the rule
    adopted_reason: str | None = None


@dataclass
class FindingRow:
    code: str
    reason: str
    points_text: str | None
    element: str | None
    evidence: str | None
    veto: bool
    row: Row


@dataclass
class OtherValue:
    """A row of 其他数据: a value typed once and referenced by name in conditions."""

    name: str
    current: Any
    prior: Any
    unit: str | None
    row: Row


@dataclass
class IndicatorBook:
    data: WorkbookData
    info: dict[str, Any]
    info_cells: dict[str, str]
    levels: list[Level]
    indicators: list[IndicatorRow]
    findings: list[FindingRow]
    other: list[OtherValue] = field(default_factory=list)


def indicator_book(data: WorkbookData) -> IndicatorBook:
    form = data.sheet("info").fields
    levels = [
        Level(
            code=r.get("code") or "",
            level=r.get("level") or "",
            name=r.get("name") or "",
            parent=r.get("parent"),
            weight=r.get("weight"),
            row=r,
        )
        for r in data.sheet("levels").rows
    ]
    indicators = [
        IndicatorRow(
            code=r.get("code") or "",
            level1=r.get("level1") or "",
            level2=r.get("level2") or "",
            name=r.get("name") or "",
            weight=r.get("weight"),
            target=r.get("target"),
            actual=r.get("actual"),
            rule=r.get("rule"),
            params=r.get("params"),
            measure=r.get("measure"),
            reason=r.get("reason"),
            explanation=r.get("explanation"),
            standard=r.get("standard"),
            row=r,
            adopted=r.get("adopted"),
            adopted_reason=r.get("adopted_reason"),
        )
        for r in data.sheet("indicators").rows
    ]
    findings = [
        FindingRow(
            code=r.get("code") or "",
            reason=r.get("reason") or "",
            points_text=r.get("points"),
            element=r.get("element"),
            evidence=r.get("evidence"),
            veto=r.get("veto") == "是",
            row=r,
        )
        for r in data.sheet("findings").rows
    ]
    other = [OtherValue(name=r.get("name") or "", current=r.get("current"), prior=r.get("prior"), unit=r.get("unit"),
                        row=r)
             for r in data.sheet("others").rows]
    return IndicatorBook(
        data=data,
        info=dict(form.values) if form else {},
        info_cells=dict(form.cells) if form else {},
        levels=levels,
        indicators=indicators,
        findings=findings,
        other=other,
    )


@dataclass
class BudgetBook:
    """预决算: fixed tables by row key, and the project list."""

    data: WorkbookData
    income: dict[str, Row]
    expense: dict[str, Row]
    projects: list[Row]
    assets: dict[str, Row]
    three_public: dict[str, Row]
    # optional tables (empty when the workbook has none): 人员, 支付进度, 绩效管理覆盖, 上年数据
    staff: dict[str, Row] = field(default_factory=dict)
    payments: dict[str, Row] = field(default_factory=dict)
    coverage: dict[str, Row] = field(default_factory=dict)
    prior: dict[str, Row] = field(default_factory=dict)


def budget_book(data: WorkbookData) -> BudgetBook:
    return BudgetBook(
        data=data,
        income=data.sheet("income").fixed,
        expense=data.sheet("expense").fixed,
        projects=data.sheet("projects").rows,
        assets=data.sheet("assets").fixed,
        three_public=data.sheet("three_public").fixed,
        staff=data.sheet("staff").fixed,
        payments=data.sheet("payments").fixed,
        coverage=data.sheet("coverage").fixed,
        prior=data.sheet("prior").fixed,
    )


@dataclass
class Voucher:
    no: int | None
    date: dt.date | None
    number: str
    summary: str
    amount: Decimal | None  # 元
    problem: str | None
    involved: Decimal | None  # 万元
    indicator: str | None
    points_text: str | None
    row: Row

    @property
    def ident(self) -> str:
        """How the reports cite a voucher: 年-月-号 (2024-6-2号) — numbers restart monthly."""
        digits = re.sub(r"\D", "", self.number or "")
        if self.date is None:
            return f"{self.number}号"
        return f"{self.date.year}-{self.date.month}-{digits or self.number}号"


@dataclass
class VoucherBook:
    data: WorkbookData
    scope: dict[str, Any]
    vouchers: list[Voucher]


def voucher_book(data: WorkbookData) -> VoucherBook:
    form = data.sheet("scope").fields
    vouchers = [
        Voucher(
            no=r.get("no"),
            date=r.get("date"),
            number=r.get("voucher") or "",
            summary=r.get("summary") or "",
            amount=r.get("amount"),
            problem=r.get("problem"),
            involved=r.get("involved"),
            indicator=r.get("indicator"),
            points_text=r.get("points"),
            row=r,
        )
        for r in data.sheet("ledger").rows
    ]
    return VoucherBook(data=data, scope=dict(form.values) if form else {}, vouchers=vouchers)


@dataclass
class QuestionRow:
    qid: str
    text: str
    kind: str | None
    answered: int | None
    scored: bool
    weight: Decimal | None
    row: Row


@dataclass
class OptionRow:
    qid: str
    label: str
    count: int | None
    score: Decimal | None
    row: Row


@dataclass
class SurveyBook:
    data: WorkbookData
    info: dict[str, Any]
    info_cells: dict[str, str]
    questions: list[QuestionRow]
    options: list[OptionRow]
    open_answers: list[tuple[str, str]] = field(default_factory=list)


def survey_book(data: WorkbookData) -> SurveyBook:
    form = data.sheet("info").fields
    questions = [
        QuestionRow(
            qid=(r.get("qid") or "").upper(),
            text=r.get("text") or "",
            kind=r.get("kind"),
            answered=r.get("answered"),
            scored=r.get("scored") == "是",
            weight=r.get("weight"),
            row=r,
        )
        for r in data.sheet("questions").rows
    ]
    options = [
        OptionRow(qid=(r.get("qid") or "").upper(), label=r.get("label") or "", count=r.get("count"),
                  score=r.get("score"), row=r)
        for r in data.sheet("options").rows
    ]
    answers = [((r.get("qid") or "").upper(), r.get("answer") or "") for r in data.sheet("answers").rows]
    return SurveyBook(
        data=data,
        info=dict(form.values) if form else {},
        info_cells=dict(form.cells) if form else {},
        questions=questions,
        options=options,
        open_answers=answers,
    )


@dataclass
class SelfEvalRow:
    """One 三级 row of a 自评表 as typed (target in 指标性质 + 指标值 + 度量单位, or whole in 指标值)."""

    level1: str
    level2: str
    name: str
    nature: str | None
    value: str | None
    unit: str | None
    weight: Decimal | None
    actual: str | None
    printed_score: Decimal | None
    basis: str | None
    last_year: str | None
    rule_text: str | None
    evidence: str | None
    deviation: str | None
    rule: str | None
    params: str | None
    map_code: str | None
    map_kind: str | None
    row: Row

    @property
    def target(self) -> str:
        """The target as one text: "≥" + "96.7" + "万人" → "≥96.7万人"; 定性 keeps the words."""
        value = (self.value or "").strip()
        nature = (self.nature or "").strip()
        if not nature or nature == "定性":
            return value + (self.unit or "").strip() if nature != "定性" else value
        return f"{nature}{value}{(self.unit or '').strip()}"


@dataclass
class SelfEvalBook:
    data: WorkbookData
    info: dict[str, Any]
    info_cells: dict[str, str]
    funds: dict[str, Row]
    goals: list[tuple[str, str]]
    indicators: list[SelfEvalRow]


def selfeval_book(data: WorkbookData) -> SelfEvalBook:
    form = data.sheet("info").fields
    indicators = [
        SelfEvalRow(
            level1=r.get("level1") or "", level2=r.get("level2") or "", name=r.get("name") or "",
            nature=r.get("nature"), value=r.get("value"), unit=r.get("unit"), weight=r.get("weight"),
            actual=r.get("actual"), printed_score=r.get("printed_score"), basis=r.get("basis"),
            last_year=r.get("last_year"), rule_text=r.get("rule_text"), evidence=r.get("evidence"),
            deviation=r.get("deviation"), rule=r.get("rule"), params=r.get("params"),
            map_code=r.get("map_code"), map_kind=r.get("map_kind"), row=r,
        )
        for r in data.sheet("indicators").rows
    ]
    return SelfEvalBook(
        data=data,
        info=dict(form.values) if form else {},
        info_cells=dict(form.cells) if form else {},
        funds=dict(data.sheet("funds").fixed),
        goals=[(r.get("goal") or "", r.get("done") or "") for r in data.sheet("goals").rows],
        indicators=indicators,
    )


BOOK_BUILDERS = {
    "indicators": indicator_book,
    "budget": budget_book,
    "vouchers": voucher_book,
    "survey": survey_book,
    "selfeval": selfeval_book,
}


def read_book(path: Any, kind: str) -> Any:
    """Read one workbook of ``kind`` (indicators, budget, vouchers, survey) into its typed record.

    The reader's issues for that workbook alone are ``book.data.issues``; cross-workbook checks
    are ``xlkit.check``. A file that is not such a workbook raises ``FileProblem``.
    """
    spec = workbook_spec(kind)  # SpecError (Chinese) for an unknown kind
    return BOOK_BUILDERS[kind](read_workbook(path, spec))


def norm_text(text: object) -> str:
    """NFKC with all whitespace removed: how names and codes typed by people are compared."""
    return compact(str(text or ""))


class LevelPlacer:
    """Which 一级/二级 of 指标层级 a 三级 indicator belongs to: by name ("部门决策" or "A部门决策"),
    else by the longest level code its own code starts with (B52 → B5 → B). Used by check and score alike."""

    def __init__(self, levels: list[Level]):
        self.levels = [lv for lv in levels if lv.code]
        self.by_code = {lv.code: lv for lv in self.levels}

    @staticmethod
    def names(lv: Level, name: str) -> bool:
        """``name`` names ``lv``: "部门决策", "A部门决策" or "A"."""
        n = norm_text(name)
        return bool(n) and (n == norm_text(lv.name) or n == lv.code
                            or (n.startswith(lv.code) and n[len(lv.code):] == norm_text(lv.name)))

    def _find(self, kind: str, name: str, code: str, parent: str | None = None) -> Level | None:
        cands = [lv for lv in self.levels if lv.level == kind and (parent is None or lv.parent == parent)]
        for lv in cands:
            if self.names(lv, name):
                return lv
        prefixed = [lv for lv in cands if code.startswith(lv.code)]
        return max(prefixed, key=lambda lv: len(lv.code)) if prefixed else None

    def place(self, ind: IndicatorRow) -> tuple[Level | None, Level | None]:
        l1 = self._find("一级", ind.level1, ind.code)
        l2 = (self._find("二级", ind.level2, ind.code, l1.code if l1 else None)
              or self._find("二级", ind.level2, ind.code))
        if l1 is None and l2 is not None and l2.parent:
            l1 = self.by_code.get(l2.parent)
        return l1, l2
