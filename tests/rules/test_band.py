"""容差区间 (000 B52; goldens 000 G9, G10)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

B52 = "容差=10%；每点扣分=0.10；取整=是"


def test_g9_whole_points(score):  # goldens 000 G9: 20.21% → 10 points → 扣 1.00 → 2.00
    res = score("band", "3.00", B52, actual=D("0.2021"))
    assert res.score == D("2.00")
    assert res.deductions[0].points == D("1.00")
    assert res.deductions[0].reason == "实际值 20.21%，超出±10.00% 共 10.21 个百分点（按整点计 10.00 个），每点扣 0.10 分"


def test_g9_continuous(score):  # goldens 000 G9: exact linear 3.00 − 1.021 → 1.98
    assert score("band", "3.00", "容差=10%；每点扣分=0.10", actual=D("0.2021")).score == D("1.98")
    assert score("band", "3.00", "容差=10%；每点扣分=0.10；取整=否", actual=D("0.2021")).score == D("1.98")


@pytest.mark.parametrize("rate, expected", [
    ("-0.08", "3.00"),  # goldens 000 G10
    ("0.15", "2.50"),  # goldens 000 G10
    ("0.50", "0.00"),  # goldens 000 G10: −1.00 floored
    ("0.10", "3.00"),  # at the edge
    ("-0.10", "3.00"),
    ("0.1099", "3.00"),  # 0.99 point → truncated to 0
    ("0.11", "2.90"),
    ("-0.2021", "2.00"),  # an unsigned report figure or a signed one: same
])
def test_g10_and_edges(score, rate, expected):
    assert score("band", "3.00", B52, actual=D(rate)).score == D(expected)


def test_floor_line(score):
    res = score("band", "3.00", B52, actual=D("0.50"))
    assert [d.points for d in res.deductions] == [D("4.00"), D("-1.00")]
    assert res.deductions[1].reason.startswith("扣完为止")


def test_reference(score):
    p = "容差=5%；每点扣分=0.5；基准=100%"
    assert score("band", "5", p, actual="104%").score == D("5.00")
    assert score("band", "5", p, actual="93%").score == D("4.00")
    assert "超出100.00%±5.00%" in score("band", "5", p, actual="93%").deductions[0].reason


def test_check(check):
    assert check("band", "每点扣分=0.1") == ["规则“容差区间”缺少参数“容差”"]
    assert check("band", "容差=10%；每点扣分=0.1；取整=可能") == ["参数“取整”应为“是”或“否”，实际为“可能”"]
    assert check("band", "容差=-1%；每点扣分=0.1") == ["参数“容差”不能为负数"]
    assert check("band", "tolerance=10%；points_per_point=0.1；truncate=是") == []
