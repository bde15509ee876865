"""The scoring-rule catalogue (19 types, each used by a published report): importing this package
fills ``RULES``.

One module per rule type; each is registered by its id with a Chinese name for the
indicator sheet's dropdown.
"""

from __future__ import annotations

# Registration order is the order of the dropdown and of 填表说明: catalogue types 1–19, then
# 定性判断 for self-evaluations.
# isort: off
from xlkit.rules import deduct, elements, element_points  # noqa: F401
from xlkit.rules import linear, completion_floor, proportional, per_point, band, tiers  # noqa: F401
from xlkit.rules import target_met, open_band, cliff, checkpoints, conditions  # noqa: F401
from xlkit.rules import floor_cut, self_eval, survey, gate, manual, qualitative  # noqa: F401
# isort: on
from xlkit.rules.base import (
    COMMON_KEYS,
    RULES,
    Deduction,
    Finding,
    Param,
    Rule,
    RuleInput,
    RuleResult,
    clamp,
    finish,
    get_rule,
    parse_params,
    places,
    register,
    rule_by_name,
)

__all__ = [
    "COMMON_KEYS",
    "RULES",
    "Deduction",
    "Finding",
    "Param",
    "Rule",
    "RuleInput",
    "RuleResult",
    "clamp",
    "finish",
    "get_rule",
    "parse_params",
    "places",
    "register",
    "rule_by_name",
]
