"""The worked row per rule (templates/rule_examples.toml) scores to the figure worked by hand there."""

from __future__ import annotations

import tomllib
from decimal import Decimal

import pytest

import xlkit.rules  # noqa: F401  - fills the registry
from xlkit.rules import Finding, RuleInput, parse_params, rule_by_name
from xlkit.rules.base import RULES
from xlkit.spec.templates import templates_dir

EXAMPLES = tomllib.loads((templates_dir() / "rule_examples.toml").read_text(encoding="utf-8"))["examples"]


def test_every_rule_has_one_worked_row() -> None:
    assert sorted(e["rule"] for e in EXAMPLES) == sorted(r.name for r in RULES.values())


@pytest.mark.parametrize("ex", EXAMPLES, ids=[e["rule"] for e in EXAMPLES])
def test_worked_row_scores_as_written(ex: dict) -> None:
    findings = []
    for i, text in enumerate(ex.get("findings", [])):
        element, _, points = text.partition(":")
        findings.append(Finding(f"问题{i + 1}", points=Decimal(points) if points else None, element=element or None))
    inp = RuleInput(weight=Decimal(ex["weight"]), params=parse_params(ex.get("params")), target=ex.get("target"),
                    actual=ex.get("actual"), findings=tuple(findings), measures=dict(ex.get("values", {})))
    assert rule_by_name(ex["rule"]).score(inp).score == Decimal(ex["score"]), ex["working"]
