"""目标值 / 实际完成值 parsing and ``met``; targets as printed in the seeds' tables."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from xlkit.read.targets import UnitMismatchError, convert, met, parse_actual, parse_target


@pytest.mark.parametrize(
    "text, op, value, unit",
    [
        (">=33333人", ">=", D(33333), "人"),  # 003 the unit's 绩效目标表 L274–L284
        ("≥95%", ">=", D("0.95"), "%"),
        ("≥95.00%", ">=", D("0.95"), "%"),  # 000 B21
        ("＝5元/人/月", "=", D(5), "元/人/月"),  # 003 成本指标, full-width ＝
        ("≤18万元", "<=", D(18), "万元"),  # 003 统筹基金最高支付限额
        ("<=12 万元", "<=", D(12), "万元"),
        ("＜ 24 小时", "<", D(24), "小时"),  # goldens 004 G31
        ("＞＝９０％", ">=", D("0.9"), "%"),  # full-width digits and operators
        ("≧80%", ">=", D("0.8"), "%"),
        ("≦60%", "<=", D("0.6"), "%"),
        ("不低于90%", ">=", D("0.9"), "%"),
        ("95%以上", ">=", D("0.95"), "%"),
        ("1,826,220.00元", "=", D("1826220.00"), "元"),
    ],
)
def test_numeric_targets(text, op, value, unit):
    t = parse_target(text)
    assert (t.op, t.value, t.unit) == (op, value, unit)
    assert t.raw == text


def test_direction():
    assert parse_target(">=33333人").higher_is_better is True
    assert parse_target(">5").higher_is_better is True
    assert parse_target("≤18万元").higher_is_better is False
    assert parse_target("<24小时").higher_is_better is False
    assert parse_target("=5元/人/月").higher_is_better is None
    assert parse_target("合理").higher_is_better is None
    assert parse_target("95%≤x≤105%").higher_is_better is None


def test_bare_number_is_equality_marked_bare():
    t = parse_target("100.00%")  # 000 C12
    assert (t.op, t.value, t.unit, t.bare) == ("=", D(1), "%", True)
    t = parse_target("28项")  # 000 C13
    assert (t.op, t.value, t.unit, t.bare) == ("=", D(28), "项", True)
    assert parse_target("=5元/人/月").bare is False


def test_inclusive_range():  # 002 F19
    t = parse_target("95%≤x≤105%")
    assert (t.op, t.value, t.upper, t.unit) == ("range", D("0.95"), D("1.05"), "%")
    assert (t.lower_strict, t.upper_strict) == (False, False)


def test_strict_range():
    t = parse_target("50%<x<100%")
    assert (t.op, t.value, t.upper, t.lower_strict, t.upper_strict) == ("range", D("0.5"), D(1), True, True)


def test_dash_range():
    t = parse_target("95%-105%")
    assert (t.op, t.value, t.upper) == ("range", D("0.95"), D("1.05"))


def test_plus_minus_band():  # 000 B52
    t = parse_target("±10.00%以内")
    assert (t.op, t.value, t.upper, t.unit) == ("range", D("-0.1"), D("0.1"), "%")


def test_date_target():  # 003 资金支付完成时间
    t = parse_target("=12月25日")
    assert (t.op, t.date, t.unit) == ("=", (12, 25), "月日")
    assert parse_target("=12 月 25 日").date == (12, 25)


@pytest.mark.parametrize("word", ["合理", "科学完整", "及时", "执行且有效"])
def test_qualitative(word):
    t = parse_target(word)
    assert (t.op, t.words, t.value) == ("qualitative", (word,), None)


def test_empty_target_refused():
    with pytest.raises(ValueError, match="目标值为空"):
        parse_target("  ")


# ---- actual values -----------------------------------------------------------------------

def test_actuals():
    a = parse_actual("30437人")
    assert (a.value, a.unit, a.exceeds) == (D(30437), "人", False)
    a = parse_actual("=30437 人")  # 003 自评表 writes the actual with "="
    assert (a.value, a.unit) == (D(30437), "人")
    assert parse_actual("99.49%").value == D("0.9949")
    a = parse_actual("超 28项")  # 000 C13
    assert (a.value, a.unit, a.exceeds) == (D(28), "项", True)
    assert parse_actual("较合规").words == ("较合规",)
    assert parse_actual(D("0.9131")).value == D("0.9131")
    assert parse_actual("12月25日").date == (12, 25)
    assert parse_actual(dt.date(2024, 9, 23)).date == (9, 23)
    assert parse_actual("１２０％").value == D("1.2")


def test_empty_actual_refused():
    with pytest.raises(ValueError, match="缺少实际完成值"):
        parse_actual("")


# ---- met ---------------------------------------------------------------------------------

def m(target, actual, words=None):
    return met(parse_target(target), parse_actual(actual), words)


def test_met_inclusive_edges():  # goldens 002 G23, goldens 004 G32
    assert m("≥85%", "85%") is True
    assert m("≥95%", "94.99%") is False
    assert m(">=33333人", "30437人") is False  # goldens 003 G6
    assert m("≤18万元", "18万元") is True
    assert m("<=60分钟", "60分钟") is True


def test_met_strict_edges():  # goldens 004 G31: "＜ 24 小时" with 24 is not met
    assert m("＜ 24 小时", "24小时") is False
    assert m("＜ 24 小时", "23.5小时") is True
    assert m(">0.5", "0.5") is False


def test_bare_rate_met_by_reaching_or_exceeding():  # 000 C12 100.00% meets 100.00%; C14 118.04% vs ≥80%
    assert m("100.00%", "100.00%") is True
    assert m("100.00%", D("1.0001")) is True
    assert m("100.00%", "99.99%") is False
    assert m("28项", "超 28项") is True  # 000 C13
    assert m("28项", "27项") is False


def test_explicit_equality_is_exact():  # 003 成本指标 "=5元/人/月"
    assert m("=5元/人/月", "5元/人/月") is True
    assert m("=5元/人/月", "=5.00 元/人/月") is True
    assert m("=5元/人/月", "6元/人/月") is False


def test_exceeds_against_upper_bounds():
    assert m("≤28项", "超 28项") is False
    assert m("≤30项", "超 28项") is None  # "more than 28" may or may not exceed 30
    assert m("≥30项", "超 28项") is None


def test_range_edges():  # goldens 002 G34
    t = "95%≤x≤105%"
    assert m(t, "94.99%") is False
    assert m(t, "95.00%") is True
    assert m(t, "105.00%") is True
    assert m(t, "105.01%") is False
    assert m("50%<x<100%", "50%") is False
    assert m("50%<x<100%", "100%") is False
    assert m("50%<x<100%", "50.01%") is True
    assert m("±10.00%以内", "-10.00%") is True
    assert m("±10.00%以内", "20.21%") is False  # 000 B52


def test_dates():
    assert m("=12月25日", "12月25日") is True  # 003 表3-2
    assert m("=12月25日", dt.date(2024, 9, 23)) is False  # goldens 003 S8: the voucher date
    assert m("<=12月25日", dt.date(2024, 9, 23)) is True
    assert m("=12月25日", "达到预期指标") is None


def test_qualitative_words():
    assert m("合理", "合理") is True  # 000 A11
    assert m("科学完整", "较科学完整") is False  # 000 A12
    assert m("及时", "达到预期指标") is False  # only when listed
    assert m("及时", "达到预期指标", ["及时", "达到预期指标"]) is True  # 003 自评
    assert m("及时", "及时", ["及时", "达到预期指标"]) is True
    assert m("合理", "95%") is None


def test_units_convert_and_mismatch():
    assert m("≤18万元", "180000元") is True
    assert m("≤18万元", "180000.01元") is False
    assert m(">=3万人", "30437人") is True
    assert convert(D(12), "万元", "元") == D(120000)
    with pytest.raises(UnitMismatchError, match="单位不一致：目标值单位为“人”，实际值单位为“万元”"):
        m(">=33333人", "12万元")
    with pytest.raises(ValueError):
        m("≥95%", "95人")


def test_decimal_actual_takes_target_unit():
    assert m("≥95%", D("0.9949")) is True  # 000 C11 as the reader passes it
    assert m(">=33333人", D(33333)) is True
