"""The contract every scoring rule keeps.

A rule is chosen per indicator by its Chinese name (评分规则 column) and configured by a
parameter cell of ``名称=值`` pairs separated by ``；`` / ``;`` / new lines (参数 column), e.g.
``满分线=95%；零分线=85%``. A rule receives the indicator's weight (分值), target (目标值),
actual value (实际完成值, typed or bound to a computed measure), its parameters and the
findings listed against it (扣分事项 sheet and the voucher ledger), and returns the score
with the deductions that explain it.

Rounding, as the reports round: a rate is rounded to 4 decimals as a fraction (2-decimal percent)
*before* it is scored; the score is rounded half up to 2 decimals; both are overridable per
indicator with the parameters ``率小数位`` and ``得分小数位``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import ClassVar

from xlkit.errors import RuleConfigError
from xlkit.read.numbers import D, q2

__all__ = [
    "Param",
    "Finding",
    "Deduction",
    "RuleInput",
    "RuleResult",
    "Rule",
    "RULES",
    "register",
    "get_rule",
    "rule_by_name",
    "parse_params",
]


@dataclass(frozen=True)
class Param:
    """One parameter a rule accepts: Chinese key, English alias, meaning shown in 填表说明."""

    key: str
    alias: str
    meaning: str
    required: bool = False
    default: str | None = None
    example: str | None = None


@dataclass(frozen=True)
class Finding:
    """A problem listed against an indicator (扣分事项 row or voucher-ledger row).

    ``points`` is an absolute deduction (0.50); ``share`` a share of the weight (1/3, 25 %);
    both None means "use the rule's per-item amount". ``element`` names a failed 评价要点
    (①, 2, "3") for element rules. ``evidence`` is e.g. a voucher number (2024-8-3号).
    ``source`` is where the finding was read ("扣分事项!C5").
    """

    reason: str
    points: Decimal | None = None
    share: Decimal | None = None
    element: str | None = None
    evidence: str | None = None
    source: str | None = None
    veto: bool = False


@dataclass(frozen=True)
class Deduction:
    """One line of 扣分明细 in the result: why, how much, on what evidence."""

    reason: str
    points: Decimal
    evidence: str | None = None


@dataclass
class RuleInput:
    """What a rule sees. ``actual`` is a Decimal (rates as fractions), a str, a date or None.

    ``target`` is the raw 目标值 text (rules parse it with ``xlkit.read.targets``); ``measures``
    holds every named measure computed for the folder (预算执行率 …) for rules that combine
    several inputs (conjunction rule).
    """

    weight: Decimal
    params: Mapping[str, str] = field(default_factory=dict)
    target: str | None = None
    actual: object = None
    findings: tuple[Finding, ...] = ()
    measures: Mapping[str, object] = field(default_factory=dict)
    code: str = ""


@dataclass
class RuleResult:
    """A score (rounded to the indicator's places) with its explanation."""

    score: Decimal
    raw: Decimal
    deductions: list[Deduction] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    completion: Decimal | None = None  # the rate the rule scored, when there is one
    veto_all: bool = False  # 一票否决 of the whole evaluation


class Rule:
    """Base class: subclasses set ``id``, ``name``, ``params`` and implement ``apply``.

    ``check`` validates parameters before anything is scored and returns Chinese problems;
    ``score`` = ``check`` (raising RuleConfigError) + ``apply``.
    """

    id: ClassVar[str]
    name: ClassVar[str]  # Chinese name shown in the dropdown
    aliases: ClassVar[tuple[str, ...]] = ()
    summary: ClassVar[str]  # one Chinese sentence for 填表说明
    params: ClassVar[tuple[Param, ...]] = ()

    def check(self, params: Mapping[str, str]) -> list[str]:
        problems = []
        known = {p.key for p in self.params} | {p.alias for p in self.params} | COMMON_KEYS
        for key in params:
            if key not in known:
                problems.append(f"规则“{self.name}”没有参数“{key}”")
        for p in self.params:
            if p.required and self.value(params, p.key) is None:
                problems.append(f"规则“{self.name}”缺少参数“{p.key}”")
        return problems

    def value(self, params: Mapping[str, str], key: str) -> str | None:
        """A parameter by Chinese key or English alias, else its default."""
        for p in self.params:
            if p.key == key:
                for k in (p.key, p.alias):
                    if k in params and str(params[k]).strip() != "":
                        return str(params[k]).strip()
                return p.default
        return params.get(key)

    def apply(self, inp: RuleInput) -> RuleResult:  # pragma: no cover - abstract
        raise NotImplementedError

    def item_points(self, params: Mapping[str, str], weight: Decimal) -> Decimal | None:
        """The points one counted finding costs under this rule (扣分制 每项扣分, 要素均分 分值/N), or
        None when its deductions are not counted items (rate rules): what audit checks each
        printed deduction against, asked of the rule rather than read from parameter names."""
        return None

    def ignored_findings(self, params: Mapping[str, str], findings: tuple[Finding, ...]) -> list[Finding]:
        """The 扣分事项 this rule does not score (all, unless it deducts): said as a warning, never
        dropped silently."""
        return list(findings)

    def score(self, inp: RuleInput) -> RuleResult:
        problems = self.check(inp.params)
        if problems:
            raise RuleConfigError("；".join(problems))
        return self.apply(inp)


# Parameters every rule understands (the rounding points).
COMMON_KEYS = frozenset({"率小数位", "rate_places", "得分小数位", "score_places"})

RULES: dict[str, Rule] = {}


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator: add one instance of the rule to the registry by its id."""
    RULES[cls.id] = cls()
    return cls


def get_rule(rule_id: str) -> Rule:
    try:
        return RULES[rule_id]
    except KeyError:
        raise RuleConfigError(f"未知的评分规则“{rule_id}”", "unknown-rule") from None


def rule_by_name(name: str) -> Rule:
    """Find a rule by its Chinese name, an alias or its id (what a person typed)."""
    wanted = name.strip()
    for rule in RULES.values():
        if wanted in (rule.name, rule.id, *rule.aliases):
            return rule
    raise RuleConfigError(f"未知的评分规则“{name}”", "unknown-rule")


# Quotes that keep a value whole, separators and all: “…”, "…", 「…」, ‘…’.
_QUOTES = {"“": "”", '"': '"', "「": "」", "‘": "’"}
_SEPARATORS = "；;\n"
# Free-text parameters: a part without “名称=” after one of them continues its text (理由 may hold “；”).
FREE_TEXT_KEYS = frozenset({"理由", "reason"})


def _split_params(text: str) -> list[tuple[str, str]]:
    """(part, separator before it) outside quotes; a quote runs to its closing mark."""
    parts: list[tuple[str, str]] = []
    buf, sep, closing = [], "", None
    for ch in text:
        if closing is not None:
            buf.append(ch)
            if ch == closing:
                closing = None
        elif ch in _QUOTES:
            buf.append(ch)
            closing = _QUOTES[ch]
        elif ch in _SEPARATORS:
            parts.append(("".join(buf), sep))
            buf, sep = [], ch
        else:
            buf.append(ch)
    if closing is not None:
        raise RuleConfigError(f"参数中的引号“{text[:20]}…”没有闭合")
    parts.append(("".join(buf), sep))
    return parts


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] in _QUOTES and value[-1] == _QUOTES[value[0]]:
        return value[1:-1]
    return value


def parse_params(text: str | None) -> dict[str, str]:
    """``满分线=95%；零分线=85%`` → {"满分线": "95%", "零分线": "85%"}.

    Accepts full-width ``＝`` and ``：`` as the separator. A value may hold any punctuation when
    quoted (``理由=“制度不全；未整改”``), and a 理由 needs no quotes: a part without “名称=” after it
    continues the reason (``得分=1.5；理由=制度不全；未整改``). Raises RuleConfigError (Chinese) on
    any other part without a key.
    """
    result: dict[str, str] = {}
    if text is None:
        return result
    last: str | None = None
    for raw_part, sep in _split_params(str(text)):
        part = raw_part.strip()
        if not part:
            continue
        m = re.match(r"^([^=＝:：“”\"「」]+)[=＝:：](.*)$", part, re.S)
        if not m:
            if last in FREE_TEXT_KEYS:
                result[last] = f"{result[last]}{'；' if sep == ';' else sep}{part}"
                continue
            raise RuleConfigError(f"参数“{part}”应写成“名称=值”（值中含“；”时请用引号括起，如 理由=“…；…”）")
        key, val = m.group(1).strip(), _unquote(m.group(2).strip())
        if key in result:
            raise RuleConfigError(f"参数“{key}”写了两次")
        result[key] = val
        last = key
    return result


def places(params: Mapping[str, str], key: str, alias: str, default: int) -> int:
    """Rounding places from the common parameters (率小数位 / 得分小数位)."""
    raw = params.get(key, params.get(alias))
    if raw is None or str(raw).strip() == "":
        return default
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise RuleConfigError(f"参数“{key}”应为整数，实际为“{raw}”") from None
    if not 0 <= value <= 6:
        raise RuleConfigError(f"参数“{key}”应在 0–6 之间")
    return value


def clamp(score: Decimal, weight: Decimal) -> Decimal:
    """Scores stay within [0, 分值] unless a rule says otherwise."""
    return max(Decimal(0), min(D(score), D(weight)))


def finish(raw: Decimal, weight: Decimal, params: Mapping[str, str], **kw: object) -> RuleResult:
    """Clamp and round a raw score to the indicator's places."""
    from xlkit.read.numbers import quantize

    score_places = places(params, "得分小数位", "score_places", 2)
    clamped = clamp(raw, weight)
    score = quantize(clamped, score_places) if score_places != 2 else q2(clamped)
    return RuleResult(score=score, raw=D(raw), **kw)  # type: ignore[arg-type]


Scorer = Callable[[RuleInput], RuleResult]
