"""Shared runners: every scored result must explain its lost points exactly."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

import xlkit.rules  # noqa: F401  - fills the registry
from xlkit.rules import RuleInput, RuleResult, get_rule, parse_params


def run(rule_id: str, weight: str, params: str = "", **kw: object) -> RuleResult:
    result = get_rule(rule_id).score(RuleInput(weight=Decimal(weight), params=parse_params(params), **kw))
    # 分值 − 得分 == Σ 扣分明细, for every rule (the explanation never drifts from the score)
    assert sum((d.points for d in result.deductions), Decimal(0)) == Decimal(weight) - result.score
    return result


def problems(rule_id: str, params: str) -> list[str]:
    return get_rule(rule_id).check(parse_params(params))


@pytest.fixture
def score() -> Callable[..., RuleResult]:
    return run


@pytest.fixture
def check() -> Callable[[str, str], list[str]]:
    return problems
