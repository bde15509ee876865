"""Finance measures against the seeds' printed figures.

Every expected figure is the report's own (000, 002, 003 and 004: their budget tables and the golden
cases of tests/goldens), never produced by the code under test; the case id is in a comment. The few
made-up cases (结转结余率, which no seed prints; 滚存结余 roll-forward) say so and were worked by hand.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

import pytest
from goldens import figure, golden

from xlkit.compute.finance import (
    ADDED_PROJECT,
    ARRANGED,
    INITIAL_PROJECT,
    NOT_ARRANGED,
    TOTAL_COLUMN,
    UNBUDGETED,
    BudgetLine,
    Change,
    FundColumn,
    FundTable,
    ProjectLine,
    adjustment_rate,
    asset_utilisation,
    budget_completion,
    carryover_rate,
    check_adjustment,
    coverage,
    describe_change,
    execution_rate,
    foot,
    funds_in_place_rate,
    growth,
    growth_rate,
    income_adjustment,
    net_value,
    per_capita,
    period_balance,
    previous_from_change,
    project_adjustment,
    rate_envelope,
    rolling_balance,
    share,
    shares,
    three_public,
    to_wan,
    to_yi,
    unspent_rate,
    voucher_total,
    wan_to_yuan,
    within_envelope,
    year_on_year,
    yi_to_wan,
)
from xlkit.read.numbers import fmt_pct, quantize


def d(text: str) -> Decimal:
    return Decimal(text)


# ------------------------------------------------------------------------------------------
# 000 — 预算执行率, 调整率, 资产, 三公, 台账


class TestExecutionRate:
    def test_000_case1_final_over_annual_budget(self) -> None:
        # goldens 000 G1: 498.46/498.46 = 100.00%
        assert execution_rate(d("498.46"), d("498.46")) == d("1.0000")
        assert fmt_pct(execution_rate(d("498.46"), d("498.46"))) == golden("000", "G1")["printed"]

    def test_000_case2_initial_budget_is_the_wrong_denominator(self) -> None:
        # goldens 000 G2: 498.46/523.64 = 95.19% — what the toolkit must NOT report for B21
        assert fmt_pct(execution_rate(d("498.46"), d("523.64"))) == "95.19%"

    def test_000_case3_basic_and_personnel(self) -> None:
        # goldens 000 G3
        assert execution_rate(d("451.32"), d("451.32")) == d("1")

    def test_000_case4_project_spending_prints_100_not_dash(self) -> None:
        # goldens 000 G4: 表1-1 prints "-", the text and the toolkit give 100.00%
        assert fmt_pct(execution_rate(d("47.14"), d("47.14"))) == "100.00%"

    def test_003_G2_spent_over_received(self) -> None:
        # goldens 003 G2: 实际支出 182.62 / 实际到位 182.62
        assert execution_rate(d("182.62"), d("182.62")) == d("1")

    def test_zero_and_dash_denominators(self) -> None:
        # 000 表1-1 公用经费 全年 "-" / 决算 "-" → "-"; goldens 004 G23 采购执行率 0/0 → "-"
        assert execution_rate(None, None) is None
        assert execution_rate(d("0"), d("0")) is None
        assert execution_rate(d("5"), None) is None
        assert fmt_pct(execution_rate(d("0"), d("0"))) == "-"

    def test_dash_numerator_is_nothing_spent(self) -> None:
        assert execution_rate(None, d("6.72")) == d("0")

    def test_places(self) -> None:
        # goldens 004 G19: 1-10 月 1172.30/1406.77 = 83.3% (1 dp); 1-6 月 703.39/1406.77 = 50% (0 dp)
        assert execution_rate(d("1172.30"), d("1406.77"), places=3) == d("0.833")
        assert execution_rate(d("703.39"), d("1406.77"), places=2) == d("0.50")
        # ÷年初 5274.81 would give 13.33% / 22.22%
        assert fmt_pct(execution_rate(d("703.39"), d("5274.81"))) == "13.33%"
        assert fmt_pct(execution_rate(d("1172.30"), d("5274.81"))) == "22.22%"

    def test_unrounded(self) -> None:
        # 002 B1/B2 (万元): 353055/360780 = 97.8588…%
        exact = execution_rate(d("353055"), d("360780"), places=None)
        assert quantize(exact * 100, 4) == d("97.8588")


class TestFundsInPlace:
    def test_003_G1(self) -> None:
        # goldens 003 G1: 到位 182.62 / 预算 182.62 = 100.00%
        assert funds_in_place_rate(d("182.62"), d("182.62")) == d("1")

    def test_003_G21_against_initial_budget(self) -> None:
        # goldens 003 G21 (what-if): 182.62/200 = 91.31%
        assert fmt_pct(funds_in_place_rate(d("182.62"), d("200"))) == "91.31%"

    def test_004_G24(self) -> None:
        # goldens 004 G24: P1 到位 130 / 下达 130 = 100%
        assert funds_in_place_rate(d("130"), d("130")) == d("1")

    def test_zero_budget(self) -> None:
        assert funds_in_place_rate(d("1"), d("0")) is None


class TestIncomeAdjustment:
    def test_000_case5(self) -> None:
        # goldens 000 G5: 523.64 − 498.46 = 25.18; 25.18/523.64 = 4.81%
        adj = income_adjustment(d("523.64"), d("498.46"))
        assert adj.amount == d("25.18")
        assert adj.rate == d("0.0481")
        assert fmt_pct(adj.rate) == golden("000", "G5")["printed"]

    def test_000_case5_not_over_annual(self) -> None:
        # 000 F2: ÷498.46 would give 5.05% — the report's 4.81% is over 年初
        adj = income_adjustment(d("523.64"), d("498.46"))
        assert fmt_pct(adj.rate) != "5.05%"

    def test_003_G5_as_printed_positive_cut(self) -> None:
        # goldens 003 G5: 年初 200 → 全年 182.62, 调整额 17.38 (a cut), 8.69%
        adj = income_adjustment(d("200"), d("182.62"))
        assert adj.amount == d("17.38")
        assert fmt_pct(adj.rate) == "8.69%"

    def test_increase_is_negative(self) -> None:
        adj = income_adjustment(d("100"), d("110"))
        assert adj.amount == d("-10")
        assert adj.rate == d("-0.1")

    def test_zero_and_dash_initial(self) -> None:
        assert income_adjustment(d("0"), d("5")).rate is None
        assert income_adjustment(None, d("5")).rate is None
        assert income_adjustment(None, None) == (None, None)


class TestAdjustmentRate:
    def test_000_case6_signed_and_absolute(self) -> None:
        # goldens 000 G6: 项目3 43.97 → 10.27: signed −76.64%, printed 76.64%
        assert adjustment_rate(d("43.97"), d("10.27")) == d("-0.7664")
        assert adjustment_rate(d("43.97"), d("10.27"), signed=False) == d("0.7664")
        assert fmt_pct(adjustment_rate(d("43.97"), d("10.27"), signed=False)) == "76.64%"

    def test_000_case7_unchanged_and_added_projects(self) -> None:
        # goldens 000 G7: 项目1/2/4 0.00%; 项目5/6/7 年初 "-" → "-"
        assert adjustment_rate(d("1.00"), d("1.00")) == d("0")
        assert fmt_pct(adjustment_rate(d("11.31"), d("11.31"))) == "0.00%"
        assert adjustment_rate(None, d("15.00")) is None
        assert fmt_pct(adjustment_rate(None, d("0.04"))) == "-"
        assert adjustment_rate(d("0"), d("6.72")) is None

    def test_003_G5_signed(self) -> None:
        # goldens 003 G5: (182.62 − 200)/200 = −8.69%
        assert fmt_pct(adjustment_rate(d("200"), d("182.62"))) == "-8.69%"

    def test_004_G20(self) -> None:
        # goldens 004 G20 (H): (1406.77 − 5274.81)/5274.81 = −73.33%
        assert fmt_pct(adjustment_rate(d("5274.81"), d("1406.77"))) == "-73.33%"

    def test_000_table_1_1_dash_under_annual_is_zero(self) -> None:
        # 000 表1-1: 公用经费 年初 6.72, 全年 "-" → 调整率 100.00% (recomputed column)
        assert adjustment_rate(d("6.72"), None, signed=False) == d("1")

    def test_positive_adjustment(self) -> None:
        # made up: an increase keeps its positive sign either way
        assert adjustment_rate(d("100"), d("115")) == d("0.15")
        assert adjustment_rate(d("100"), d("115"), signed=False) == d("0.15")


class TestBudgetLine:
    # 000 表1-1 (rates recomputed from its figures)
    LINES: ClassVar = {
        "基本支出": BudgetLine("一、基本支出", d("464.57"), d("451.32"), d("451.32")),
        "人员经费": BudgetLine("人员经费", d("457.85"), d("451.32"), d("451.32")),
        "公用经费": BudgetLine("公用经费", d("6.72"), None, None),
        "项目支出": BudgetLine("二、项目支出", d("59.08"), d("47.14"), d("47.14")),
        "合计": BudgetLine("本年支出合计", d("523.64"), d("498.46"), d("498.46")),
    }

    @pytest.mark.parametrize(
        ("key", "execution", "adjustment"),
        [
            ("基本支出", "100.00%", "2.85%"),
            ("人员经费", "100.00%", "1.43%"),
            ("公用经费", "-", "100.00%"),
            ("项目支出", "100.00%", "20.21%"),
            ("合计", "100.00%", "4.81%"),
        ],
    )
    def test_000_table_1_1(self, key: str, execution: str, adjustment: str) -> None:
        line = self.LINES[key]
        assert fmt_pct(line.execution_rate()) == execution
        assert fmt_pct(line.adjustment_rate(signed=False)) == adjustment

    def test_000_table_1_1_adjustment_amounts(self) -> None:
        # 000 表1-1: 13.25/464.57, 6.53/457.85, 11.94/59.08, 25.18/523.64
        assert self.LINES["基本支出"].adjustment().amount == d("13.25")
        assert self.LINES["人员经费"].adjustment().amount == d("6.53")
        assert self.LINES["项目支出"].adjustment().amount == d("11.94")
        assert self.LINES["合计"].adjustment() == (d("25.18"), d("0.0481"))

    def test_004_budget_adjustment_and_execution(self) -> None:
        # 004 附件1 L750–L775 / G20: 年初 5274.81, 调整后 1406.77, 决算 1406.77
        line = BudgetLine("部门预算", d("5274.81"), d("1406.77"), d("1406.77"))
        assert fmt_pct(line.execution_rate()) == "100.00%"
        assert line.adjustment().amount == d("3868.04")
        assert fmt_pct(line.adjustment_rate()) == "-73.33%"
        # 决算/年初 = 26.67%, the wrong denominator (004 F6)
        assert fmt_pct(execution_rate(line.final, line.initial)) == "26.67%"


# 000 表1-2
PROJECTS_000 = [
    ProjectLine("单位运转项目", INITIAL_PROJECT, d("1.00"), d("1.00"), d("1.00")),
    ProjectLine("破产企业退休及工伤人员医疗补助项目", INITIAL_PROJECT, d("2.80"), d("2.80"), d("2.80")),
    ProjectLine("离休干部及革命伤残军人医疗补助项目", INITIAL_PROJECT, d("43.97"), d("10.27"), d("10.27")),
    ProjectLine("2024年自治区财政全民参保及医疗服务经费", INITIAL_PROJECT, d("11.31"), d("11.31"), d("11.31")),
    ProjectLine("2024年驻村工作队为民办实事经费", ADDED_PROJECT, None, d("15.00"), d("15.00")),
    ProjectLine("地方财政补足2023年度城乡居民基本医疗保险补助项目", ADDED_PROJECT, None, d("0.04"), d("0.04")),
    ProjectLine("公用经费", ADDED_PROJECT, None, d("6.72"), d("6.72")),
]


class TestProjectAdjustment:
    def test_000_case8_net_signed(self) -> None:
        # goldens 000 G8: (59.08 − 47.14)/59.08 = 11.94/59.08 = 20.21% (signed −20.21%)
        result = project_adjustment(PROJECTS_000)
        assert result.rate * 100 == figure("000", "G8", "recomputed")
        assert result.net == d("-11.94")

    def test_000_case8_net_absolute(self) -> None:
        result = project_adjustment(PROJECTS_000, signed=False)
        assert fmt_pct(result.rate) == "20.21%"

    def test_000_F3_gross_is_not_what_the_report_used(self) -> None:
        # 000 F3: (追加 21.76 + 追减 33.70 = 55.46)/59.08 = 93.87%
        result = project_adjustment(PROJECTS_000, mode="gross")
        assert result.gross == d("55.46")
        assert fmt_pct(result.rate) == "93.87%"
        assert project_adjustment(PROJECTS_000, mode="gross", signed=False).rate == d("0.9387")

    def test_000_case11_totals(self) -> None:
        # goldens 000 G11 and 表1-2: Σ年初 59.08, Σ调整后 47.14, Σ实际 47.14, 年中追加 21.76, 追减 33.70
        result = project_adjustment(PROJECTS_000)
        assert result.initial_total == d("59.08")
        assert result.adjusted_total == d("47.14")
        assert result.spent_total == d("47.14")
        assert result.additions == d("21.76")
        assert result.reductions == d("33.70")
        assert result.execution_rate == d("1")

    def test_000_case7_per_project(self) -> None:
        # goldens 000 G6/G7: 调整率 0.00%, 0.00%, 76.64%, 0.00%, "-", "-", "-"; 执行率 all 100.00%
        result = project_adjustment(PROJECTS_000, signed=False)
        assert [fmt_pct(line.adjustment_rate) for line in result.lines] == [
            "0.00%", "0.00%", "76.64%", "0.00%", "-", "-", "-",
        ]
        assert [fmt_pct(line.execution_rate) for line in result.lines] == ["100.00%"] * 7
        signed = project_adjustment(PROJECTS_000).lines[2]
        assert signed.adjustment_rate == d("-0.7664")
        assert signed.kind == INITIAL_PROJECT

    def test_project_line_rates(self) -> None:
        # goldens 003 G1/G2 on a project line: 年初 200, 调整后 182.62, 到位 and 支出 182.62
        line = ProjectLine(
            "职工大额医疗补助", INITIAL_PROJECT, d("200"), d("182.62"), d("182.62"), d("182.62")
        )
        assert line.in_place_rate() == d("1")
        assert line.execution_rate() == d("1")
        assert fmt_pct(line.adjustment_rate()) == "-8.69%"
        assert line.change == d("-17.38")

    def test_no_initial_budget(self) -> None:
        only_added = [p for p in PROJECTS_000 if p.kind == ADDED_PROJECT]
        result = project_adjustment(only_added)
        assert result.rate is None
        assert result.additions == d("21.76")
        assert project_adjustment([]).rate is None

    def test_bad_mode_and_kind(self) -> None:
        with pytest.raises(ValueError):
            project_adjustment(PROJECTS_000, mode="mean")
        with pytest.raises(ValueError):
            ProjectLine("x", "常年项目", d("1"), d("1"), d("1"))


class TestAssets:
    def test_000_case14_utilisation(self) -> None:
        # goldens 000 G14: 41.81/41.81 = 100.00%
        assert asset_utilisation(d("41.81"), d("41.81")) == d("1")

    def test_000_case37_net_values(self) -> None:
        # goldens 000 G37: 82.80 − 40.99 = 41.81; 69.26 − 37.36 = 31.90; 13.54 − 3.63 = 9.91
        assert net_value(d("82.80"), d("40.99")) == d("41.81")
        assert net_value(d("69.26"), d("37.36")) == d("31.90")
        assert net_value(d("13.54"), d("3.63")) == d("9.91")
        # 1.49 + 41.81 = 43.30 (资产总额) foots
        assert foot([d("1.49"), d("41.81")], d("43.30")) is None

    def test_zero_and_dash(self) -> None:
        assert asset_utilisation(d("1"), d("0")) is None
        assert net_value(None, None) is None
        assert net_value(d("82.80"), None) == d("82.80")

    def test_004_per_capita_chain(self) -> None:
        # goldens 004 G21: 39.01/56 → 0.70 ("0.7"); 417.21/55 → 7.59; (7.59 − 0.7)/0.7 = 984.3% (1 dp)
        before = per_capita(d("39.01"), d("56"))
        after = per_capita(d("417.21"), d("55"))
        assert before == d("0.70")
        assert after == d("7.59")
        assert growth_rate(after, before, places=3) == d("9.843")
        assert per_capita(d("1"), d("0")) is None


class TestThreePublic:
    def test_000_not_arranged(self) -> None:
        # 000 三公 text: "未安排“三公”经费预算" — a state, not 0.00%
        result = three_public(None, None)
        assert result.state == NOT_ARRANGED
        assert result.rate is None
        assert result.text() == "未安排"
        assert not result.arranged
        assert three_public(d("0"), d("0")).state == NOT_ARRANGED

    def test_004_G14_execution(self) -> None:
        # goldens 004 G14: 0.06/0.87 = 6.9% (1 dp); 004 三公 (L242–L302; L777–L817) table 6.90% at 2 dp
        result = three_public(d("0.87"), d("0.06"), places=3)
        assert result.state == ARRANGED
        assert result.rate == d("0.069")
        assert result.text(1) == "6.9%"
        assert three_public(d("0.87"), d("0.06")).text() == "6.90%"

    def test_004_vehicle_row_blank_budget(self) -> None:
        # 004 三公 (L242–L302; L777–L817): 公务用车 2023 blank, 预算 blank → no rate ("0/0")
        assert three_public(None, None).text() == "未安排"

    def test_spending_without_budget(self) -> None:
        result = three_public(None, d("0.06"))
        assert result.state == UNBUDGETED
        assert result.rate is None
        assert result.text() == UNBUDGETED

    def test_004_G13_G15_G16_year_on_year(self) -> None:
        # goldens 004 G13: 1.31 + 0.07 = 1.38; 减少 1.32; 95.7% (1 dp); signed −95.65%
        assert foot([d("1.31"), d("0.07")], d("1.38")) is None
        total = year_on_year(d("0.06"), d("1.38"))
        assert total.amount == d("-1.32")
        assert fmt_pct(total.rate) == "-95.65%"
        assert growth_rate(d("0.06"), d("1.38"), places=3) == d("-0.957")
        # goldens 004 G15: 公务接待 (0.06 − 0.07)/0.07 = −14.29% (the printed −11.63% is a slip)
        assert fmt_pct(growth_rate(d("0.06"), d("0.07"))) == "-14.29%"
        # goldens 004 G16: 公务用车 (0 − 1.31)/1.31 = −100%
        assert growth_rate(None, d("1.31")) == d("-1")

    def test_004_G17_structure(self) -> None:
        # goldens 004 G17: 公务用车 0/0.06 = 0% (printed 94.93% ✗); 公务接待 0.06/0.06 = 100%
        assert share(d("0"), d("0.06")) == d("0")
        assert share(d("0.06"), d("0.06")) == d("1")


class TestCarryover:
    # No seed prints 结转结余率 (000 defines no such rate); these values are made up and hand-computed.
    def test_made_up_simple(self) -> None:
        # 25.00 / 500.00 = 0.05 exactly
        assert carryover_rate(d("25.00"), d("500.00")) == d("0.0500")

    def test_made_up_half_up_tie(self) -> None:
        # 0.01 / 8.00 = 0.00125 → half up 0.0013 (half-even would give 0.0012)
        assert carryover_rate(d("0.01"), d("8.00")) == d("0.0013")

    def test_004_zero_carryover(self) -> None:
        # 004 收入支出决算总表: 年末结转和结余 0, 全年 1406.77 → 0.00%
        assert fmt_pct(carryover_rate(d("0"), d("1406.77"))) == "0.00%"

    def test_zero_budget(self) -> None:
        assert carryover_rate(d("1"), d("0")) is None
        assert carryover_rate(d("1"), None) is None


class TestUnspent:
    # 004 project fund list: 10 projects, each "预算执行率 100%"
    AMOUNTS: ClassVar = ["130", "117.1", "4.28", "4.28", "4.75", "2.57", "50", "37.62", "113.2", "175.35"]

    def test_004_G36_counts(self) -> None:
        # goldens 004 G36: every 结余率 0% → count(<10%) = 10, count(>10%) = 0
        rates = [unspent_rate(d(a), d(a)) for a in self.AMOUNTS]
        assert sum(1 for r in rates if r is not None and r < d("0.10")) == 10
        assert sum(1 for r in rates if r is not None and r > d("0.10")) == 0

    def test_004_G12_project_total(self) -> None:
        # goldens 004 G12: Σ = 639.15; 一次性 50 + 175.35 = 225.35; 常年 413.80
        assert foot([d(a) for a in self.AMOUNTS], d("639.15")) is None
        assert foot([d("50"), d("175.35")], d("225.35")) is None
        recurring = [a for i, a in enumerate(self.AMOUNTS) if i not in (6, 9)]
        assert foot([d(a) for a in recurring], d("413.80")) is None

    def test_overspent_and_zero(self) -> None:
        assert unspent_rate(d("100"), d("110")) == d("-0.1")
        assert unspent_rate(d("0"), d("0")) is None


# ------------------------------------------------------------------------------------------
# Footing


class TestFoot:
    def test_000_case12_one_cent_is_a_break(self) -> None:
        # goldens 000 G12: 464.57 + 59.08 = 523.65 vs printed 523.64
        result = foot([d("464.57"), d("59.08")], d("523.64"))
        assert result is not None
        assert result.difference == d("0.01")
        assert result.computed == d("523.65")
        assert result.is_break
        assert result.within_rounding  # 2 parts × 0.005

    def test_000_case12_other_footings(self) -> None:
        # goldens 000 G12: 457.85 + 6.72 = 464.57 ✓; 451.32 + 47.14 = 498.46 ✓
        assert foot([d("457.85"), d("6.72")], d("464.57")) is None
        assert foot([d("451.32"), d("47.14")], d("498.46")) is None

    def test_000_adjustment_column_break(self) -> None:
        # goldens 000 S3: 13.25 + 11.94 = 25.19 ≠ 25.18
        result = foot([d("13.25"), d("11.94")], d("25.18"))
        assert result is not None and result.difference == d("0.01")

    def test_below_tolerance_is_not_a_break(self) -> None:
        result = foot([d("1.004")], d("1"))
        assert result is not None
        assert not result.is_break

    def test_dashes_count_as_zero(self) -> None:
        # 000 表1-1: 基本建设类项目 / 上缴 / 经营 / 对附属单位 all "-"
        assert foot([d("451.32"), d("47.14"), None, None], d("498.46")) is None

    def test_004_G8_class_210_within_rounding(self) -> None:
        # goldens 004 G8: 210 = 21.93 + 7.45 + 9.98 + 0.33 + 559.92 + 106.68 + 574.16 = 1280.45 vs 1280.44
        parts = ["21.93", "7.45", "9.98", "0.33", "559.92", "106.68", "574.16"]
        result = foot([d(p) for p in parts], d("1280.44"))
        assert result is not None
        assert result.computed == d("1280.45")
        assert result.is_break and result.within_rounding
        # 208 = 75.18 + 2.13 = 77.31 ✓; Σ类 = 1406.77 ✓
        assert foot([d("75.18"), d("2.13")], d("77.31")) is None
        assert foot([d("77.31"), d("1280.44"), d("3.70"), d("45.32")], d("1406.77")) is None

    def test_004_G10_G11(self) -> None:
        # goldens 004 G10: 732.02 + 100.59 = 832.61; 832.61 + 574.16 = 1406.77
        assert foot([d("732.02"), d("100.59")], d("832.61")) is None
        assert foot([d("832.61"), d("574.16")], d("1406.77")) is None
        # goldens 004 G11: 667.03 + 100.59 = 767.62; 767.62 + 639.15 = 1406.77
        assert foot([d("667.03"), d("100.59")], d("767.62")) is None
        assert foot([d("767.62"), d("639.15")], d("1406.77")) is None

    def test_002_G11_composition_breaks(self) -> None:
        # goldens 002 G11: 城乡 income 10.74 vs 10.78 (Δ −0.04, beyond 5 × 0.005 — an error)
        income = foot([d("3.55"), d("6.72"), d("0.32"), d("0.11"), d("0.04")], d("10.78"))
        assert income is not None
        assert income.difference == d("-0.04")
        assert income.is_break and not income.within_rounding
        # 财政补贴 0.98 + 5.58 + 0.15 = 6.71 vs 6.72; expense 6.46 vs 6.45 — rounding noise
        subsidy = foot([d("0.98"), d("5.58"), d("0.15")], d("6.72"))
        assert subsidy is not None and subsidy.difference == d("-0.01") and subsidy.within_rounding
        expense = foot([d("5.85"), d("0.42"), d("0.14"), d("0.05")], d("6.45"))
        assert expense is not None and expense.difference == d("0.01") and expense.within_rounding

    def test_002_G10_composition_foots(self) -> None:
        # goldens 002 G10: 38.04 + 0.53 + 2.72 + 0.05 + 0.11 = 41.45; 35.14 + 0.03 + 0.14 = 35.31
        assert foot([d("38.04"), d("0.53"), d("2.72"), d("0.05"), d("0.11")], d("41.45")) is None
        assert foot([d("35.14"), d("0.03"), d("0.14")], d("35.31")) is None


class TestCheckAdjustment:
    def test_000_and_004(self) -> None:
        # 000: 523.64 − 498.46 = 25.18 ✓; 004 附件1 L750–L775: 5274.81 − 3868.04 = 1406.77 ✓ (unsigned cut)
        assert check_adjustment(d("523.64"), d("498.46"), d("25.18")) is None
        assert check_adjustment(d("5274.81"), d("1406.77"), d("3868.04")) is None
        assert check_adjustment(d("523.64"), d("498.46"), d("-25.18")) is None

    def test_signed(self) -> None:
        result = check_adjustment(d("523.64"), d("498.46"), d("-25.18"), signed=True)
        assert result is not None and result.is_break

    def test_mismatch(self) -> None:
        result = check_adjustment(d("523.64"), d("498.46"), d("25.19"))
        assert result is not None
        assert result.difference == d("-0.01")
        assert result.is_break


# ------------------------------------------------------------------------------------------
# Units and the voucher ledger


# 000 基础表1 金额（元）
VOUCHERS_000 = [
    "1,946.95", "113,099.82", "37,500", "86,000", "28,000", "102,678.65", "500", "26,499.94",
    "7,553.05",
]


class TestVouchers:
    def test_000_case35_total(self) -> None:
        # goldens 000 G35: Σ = 403,778.41 元 = 40.38 万元
        # amounts as the ledger prints them, thousands separators included
        total = voucher_total(VOUCHERS_000)
        assert total == figure("000", "G35")
        assert to_wan(total) == figure("000", "G35", "wan")

    def test_000_case36_sub_items(self) -> None:
        # goldens 000 G36: 3.50+1.02+1.00+1.51+1.50+1.99+0.79 = 11.31 万元 = 113,099.82 元
        subs = ["3.50", "1.02", "1.00", "1.51", "1.50", "1.99", "0.79"]
        assert foot([d(s) for s in subs], to_wan(d("113099.82"))) is None
        assert to_wan(d("113099.82")) == d("11.31")

    def test_000_section5_coverage(self) -> None:
        # 000 基础表1: 40.38/498.46 = 8.10%; 40.38/47.14 = 85.66%
        assert fmt_pct(coverage(d("40.38"), d("498.46"))) == "8.10%"
        assert coverage(d("40.38"), d("47.14")) == d("0.8566")

    def test_000_voucher_amounts(self) -> None:
        # 000 B31/B41 扣分原因: 28,000 元 = 2.80 万元; 37,500 = 3.75; 86,000 = 8.60
        assert to_wan(d("28000")) == d("2.80")
        assert to_wan(d("37500")) == d("3.75")
        assert to_wan(d("86000")) == d("8.60")

    def test_003_G3_G4(self) -> None:
        # goldens 003 G3: 30437 × 5 × 12 = 1,826,220.00 元 = 182.62 万元; G4: 1,999,980 元 ≈ 200 万元
        assert to_wan(d("30437") * 5 * 12) == d("182.62")
        assert to_wan(d("1999980")) == d("200.00")

    def test_003_G24_coverage(self) -> None:
        # goldens 003 G24: 抽查占比 182.62/182.62 = 100%; questionnaire 122/30437 = 0.40%
        assert coverage(d("182.62"), d("182.62")) == d("1")
        assert fmt_pct(coverage(d("122"), d("30437"))) == "0.40%"

    def test_blank_and_empty(self) -> None:
        assert voucher_total([]) == d("0")
        assert voucher_total([d("500"), None]) == d("500")
        assert to_wan(None) is None
        assert coverage(d("40.38"), d("0")) is None

    def test_002_G8_wan_to_yi(self) -> None:
        # goldens 002 G8: 360780 → 36.08; 353055 → 35.31; 65733 → 6.57; 64542 → 6.45; 426513 → 42.65;
        # 417597 → 41.76
        pairs = [
            ("360780", "36.08"), ("353055", "35.31"), ("65733", "6.57"), ("64542", "6.45"),
            ("426513", "42.65"), ("417597", "41.76"),
        ]
        for wan, yi in pairs:
            assert to_yi(d(wan)) == d(yi)
        assert to_yi(None) is None

    def test_002_G16_people_to_wan(self) -> None:
        # goldens 002 G16: 43975 → 4.40; 44604 → 4.46; 314906 → 31.49; 1835863 → 183.59 万人
        assert to_wan(d("43975")) == d("4.40")
        assert to_wan(d("44604")) == d("4.46")
        assert to_wan(d("314906")) == d("31.49")
        assert to_wan(d("1835863")) == d("183.59")

    def test_exact_reverse_conversions(self) -> None:
        assert yi_to_wan(d("36.08")) == d("360800")
        assert wan_to_yuan(d("40.38")) == d("403800")
        assert yi_to_wan(None) is None and wan_to_yuan(None) is None


# ------------------------------------------------------------------------------------------
# 002 — social-insurance fund 收支 table (亿元)


JIGUAN = FundColumn(
    "机关事业单位养老（改革）",
    budget_income=d("39.15"), budget_expense=d("36.08"),
    income=d("41.45"), expense=d("35.31"),
    prior_income=d("43.23"), prior_expense=d("32.89"),
    rolling_balance=d("51.18"),
)
CHENGXIANG = FundColumn(
    "城乡居民",
    budget_income=d("11.66"), budget_expense=d("6.57"),
    income=d("10.78"), expense=d("6.45"),
    prior_income=d("11.73"), prior_expense=d("6.45"),
    rolling_balance=d("38.41"),
)
TABLE_002 = FundTable((JIGUAN, CHENGXIANG), year=2022)
NAMES = (JIGUAN.name, CHENGXIANG.name, TOTAL_COLUMN)


class TestFundTable:
    def test_002_total_column(self) -> None:
        # 002 表(一) / G6: 合计 50.81, 42.65, 52.23, 41.76, 54.96, 39.34
        total = TABLE_002.total
        assert total.name == "合计"
        assert total.budget_income == d("50.81")
        assert total.budget_expense == d("42.65")
        assert total.income == d("52.23")
        assert total.expense == d("41.76")
        assert total.prior_income == d("54.96")
        assert total.prior_expense == d("39.34")

    def test_002_G6_printed_total_foots(self) -> None:
        printed = FundColumn(
            "合计", d("50.81"), d("42.65"), d("52.23"), d("41.76"), d("54.96"), d("39.34"), d("89.59")
        )
        assert TABLE_002.foot_total(printed) == {}
        wrong = FundColumn("合计", d("50.82"), None, None, None, None, None)
        breaks = TABLE_002.foot_total(wrong)
        assert list(breaks) == ["budget_income"]
        assert breaks["budget_income"].difference == d("-0.01")

    @pytest.mark.parametrize(
        ("name", "amount"), list(zip(NAMES, ["-1.78", "-0.95", "-2.73"])),
    )
    def test_002_G1_income_growth(self, name: str, amount: str) -> None:
        assert TABLE_002.analysis(name).income.amount == d(amount)

    @pytest.mark.parametrize(
        ("name", "amount"), list(zip(NAMES, ["2.42", "0.00", "2.42"])),
    )
    def test_002_G1_expense_growth(self, name: str, amount: str) -> None:
        assert TABLE_002.analysis(name).expense.amount == d(amount)

    @pytest.mark.parametrize(
        ("name", "text"), list(zip(NAMES, ["-4.12%", "-8.10%", "-4.97%"])),
    )
    def test_002_G2_income_growth_rate(self, name: str, text: str) -> None:
        assert fmt_pct(TABLE_002.analysis(name).income.rate) == text

    @pytest.mark.parametrize(
        ("name", "text"), list(zip(NAMES, ["7.36%", "0.00%", "6.15%"])),
    )
    def test_002_G2_expense_growth_rate(self, name: str, text: str) -> None:
        assert fmt_pct(TABLE_002.analysis(name).expense.rate) == text

    @pytest.mark.parametrize(
        ("name", "text"), list(zip(NAMES, ["105.87%", "92.45%", "102.79%"])),
    )
    def test_002_G4_income_completion(self, name: str, text: str) -> None:
        assert fmt_pct(TABLE_002.analysis(name).income_completion) == text

    @pytest.mark.parametrize(
        ("name", "text"), list(zip(NAMES, ["97.87%", "98.17%", "97.91%"])),
    )
    def test_002_G4_expense_completion(self, name: str, text: str) -> None:
        assert fmt_pct(TABLE_002.analysis(name).expense_completion) == text

    @pytest.mark.parametrize(
        ("name", "amount"), list(zip(NAMES, ["6.14", "4.33", "10.47"])),
    )
    def test_002_G7_current_balance(self, name: str, amount: str) -> None:
        assert TABLE_002.analysis(name).current_balance == d(amount)

    @pytest.mark.parametrize(
        ("name", "prior", "budget"),
        [(NAMES[0], "10.34", "3.07"), (NAMES[1], "5.28", "5.09"), (NAMES[2], "15.62", "8.16")],
    )
    def test_002_section4_derived_balances(self, name: str, prior: str, budget: str) -> None:
        # 002 表(一) [derived] rows: 当期结余 2021 and 预算结余
        found = TABLE_002.analysis(name)
        assert found.prior_balance == d(prior)
        assert found.budget_balance == d(budget)

    def test_002_G7_rolling_balance(self) -> None:
        # goldens 002 G7: 滚存 51.18 + 38.41 = 89.59
        assert TABLE_002.analysis(TOTAL_COLUMN).rolling_balance == d("89.59")

    def test_002_G5_ratio_of_sums_not_mean(self) -> None:
        # goldens 002 G5: mean of fund rates would be 99.16% / 98.02% / −6.11%; the table prints Σ/Σ
        total = TABLE_002.analysis(TOTAL_COLUMN)
        assert fmt_pct(total.income_completion) != "99.16%"
        assert fmt_pct(total.expense_completion) != "98.02%"
        assert fmt_pct(total.income.rate) != "-6.11%"

    def test_002_G3_previous_year_is_the_base(self) -> None:
        # goldens 002 G3: ÷当年 would give −4.29% and 6.85%
        assert fmt_pct(growth_rate(d("41.45"), d("43.23"))) == "-4.12%"
        assert fmt_pct(growth_rate(d("41.45"), d("43.23"))) != "-4.29%"
        assert fmt_pct(growth_rate(d("35.31"), d("32.89"))) != "6.85%"

    def test_rows_layout(self) -> None:
        rows = TABLE_002.rows()
        assert [(r.block, r.label) for r in rows[:6]] == [
            ("预算", "基金收入小计"), ("预算", "基金支出小计"),
            ("2022年", "基金收入小计"), ("2022年", "基金支出小计"),
            ("2021年", "基金收入小计"), ("2021年", "基金支出小计"),
        ]
        by_label = {(r.block, r.label): r.values for r in rows}
        # 002 表(一) 收入对比分析 执行预算% row
        assert [fmt_pct(v) for v in by_label[("收入对比分析", "执行预算%")]] == [
            "105.87%", "92.45%", "102.79%",
        ]
        assert by_label[("支出对比分析", "增长")] == (d("2.42"), d("0.00"), d("2.42"))
        assert by_label[("基金当期结余", "")] == (d("6.14"), d("4.33"), d("10.47"))
        assert by_label[("滚存结余", "")] == (d("51.18"), d("38.41"), d("89.59"))
        assert FundTable((JIGUAN,)).rows()[2].block == "当年"

    def test_unknown_column(self) -> None:
        with pytest.raises(KeyError):
            TABLE_002.analysis("失业")

    def test_missing_prior_year(self) -> None:
        col = FundColumn("工伤", d("1"), d("1"), d("1.2"), d("0.8"), None, None)
        found = FundTable((col,)).analysis("工伤")
        assert found.income.rate is None
        assert found.expense.rate is None
        assert found.prior_balance is None
        assert found.rolling_balance is None


class TestFundItems:
    def test_002_G9_same_rate_two_precisions(self) -> None:
        # goldens 002 G9: 353055/360780 = 97.86% (万元) vs 35.31/36.08 = 97.87% (亿元);
        # 64542/65733 = 98.19% vs 6.45/6.57 = 98.17%; 417597/426513 = 97.91% = 41.76/42.65
        assert fmt_pct(budget_completion(d("353055"), d("360780"))) == "97.86%"
        assert fmt_pct(budget_completion(d("35.31"), d("36.08"))) == "97.87%"
        assert fmt_pct(budget_completion(d("64542"), d("65733"))) == "98.19%"
        assert fmt_pct(budget_completion(d("6.45"), d("6.57"))) == "98.17%"
        assert fmt_pct(budget_completion(d("417597"), d("426513"))) == "97.91%"

    def test_002_section4_4_envelope(self) -> None:
        # 002 B1/B2 (万元): 35.31/36.08 with ±0.005 → 97.838–97.893%; 6.45/6.57 → 98.023–98.324%
        low, high = rate_envelope(d("35.31"), d("36.08"))
        assert quantize(low * 100, 3) == d("97.838")
        assert quantize(high * 100, 3) == d("97.893")
        low, high = rate_envelope(d("6.45"), d("6.57"))
        assert quantize(low * 100, 3) == d("98.023")
        assert quantize(high * 100, 3) == d("98.324")
        # the 万元-based 97.86% / 98.19% lie inside: info, not error
        assert within_envelope(d("0.9786"), d("35.31"), d("36.08"))
        assert within_envelope(d("0.9819"), d("6.45"), d("6.57"))
        # B2's 98.48% lies above the 98.324% bound (002 B2 自评表: nothing reproduces it)
        assert not within_envelope(d("0.9848"), d("6.45"), d("6.57"))
        assert not within_envelope(d("0.9900"), d("35.31"), d("36.08"))
        assert rate_envelope(d("1"), d("0")) is None

    def test_002_G12_round_once(self) -> None:
        # goldens 002 G12: 保费 4.18/33.86 = 12.3449…% → 12.34% (not 12.35 via 3-dp first)
        assert fmt_pct(growth_rate(d("38.04"), d("33.86"))) == "12.34%"

    def test_002_G13_G14(self) -> None:
        # goldens 002 G13: 待遇 2.38/32.76 = 7.26%; 35.14/35.95 = 97.75%
        assert fmt_pct(growth_rate(d("35.14"), d("32.76"))) == "7.26%"
        assert fmt_pct(budget_completion(d("35.14"), d("35.95"))) == "97.75%"
        # goldens 002 G14: 0.19/5.66 = 3.36%; −0.02/0.44 = −4.55%; 5.85/5.87 = 99.66%; 6.41/6.51 = 98.46%
        assert fmt_pct(growth_rate(d("5.85"), d("5.66"))) == "3.36%"
        assert fmt_pct(growth_rate(d("0.42"), d("0.44"))) == "-4.55%"
        assert fmt_pct(budget_completion(d("5.85"), d("5.87"))) == "99.66%"
        assert fmt_pct(budget_completion(d("6.41"), d("6.51"))) == "98.46%"

    def test_002_G15(self) -> None:
        # goldens 002 G15: 待遇 35.14 + 6.41 = 41.55; 2.4/39.15 = 6.13% (÷39.34 gives 6.10% ✗)
        assert foot([d("35.14"), d("6.41")], d("41.55")) is None
        prior = previous_from_change(d("41.55"), d("2.4"))
        assert prior == d("39.15")
        assert fmt_pct(growth_rate(d("41.55"), prior)) == "6.13%"
        assert fmt_pct(growth_rate(d("41.55"), d("39.34"))) != "6.13%"

    def test_002_G16_headcount_growth(self) -> None:
        # goldens 002 G16: 0.12/4.28 = 2.80%
        assert fmt_pct(growth_rate(d("4.40"), d("4.28"))) == "2.80%"

    def test_period_and_rolling_balance(self) -> None:
        # goldens 002 G7: 52.23 − 41.76 = 10.47
        assert period_balance(d("52.23"), d("41.76")) == d("10.47")
        assert period_balance(None, None) is None
        # Made up (002 gives no opening balance): 100.00 + (10.00 − 4.00) = 106.00
        assert rolling_balance(d("100.00"), d("10.00"), d("4.00")) == d("106.00")
        assert rolling_balance(None, None, None) is None

    def test_002_narrative_wording(self) -> None:
        # 002 表(一) (L37): "较上年减少2.73亿元，下降4.97%" / "较上年增加2.42亿元，增长6.15%"
        income = TABLE_002.analysis(TOTAL_COLUMN).income
        expense = TABLE_002.analysis(TOTAL_COLUMN).expense
        assert describe_change(income, unit="亿元") == "较上年减少2.73亿元，下降4.97%"
        assert describe_change(expense, unit="亿元") == "较上年增加2.42亿元，增长6.15%"
        assert describe_change(year_on_year(d("6.45"), d("6.45"))) == "与上年持平"
        assert describe_change(Change(None, None)) == "-"


# ------------------------------------------------------------------------------------------
# 004 — 决算 statements: 同比, 占比


class TestStatements004:
    def test_G1_decrease_over_previous_year(self) -> None:
        # goldens 004 G1: 上年 = 1406.77 + 6006.82 = 7413.59; 降幅 6006.82/7413.59 = 81.02%
        prior = previous_from_change(d("1406.77"), d("-6006.82"))
        assert prior == d("7413.59")
        change = year_on_year(d("1406.77"), prior)
        assert change.amount == d("-6006.82")
        assert fmt_pct(abs(change.rate)) == "81.02%"
        # ÷本年 would give 426.99%
        assert fmt_pct(share(d("6006.82"), d("1406.77"))) == "426.99%"

    def test_G2_one_decimal(self) -> None:
        # goldens 004 G2: 5649.37/7056.14 = 80.1% (1 dp; 80.06% at 2 dp)
        prior = previous_from_change(d("1406.77"), d("-5649.37"))
        assert prior == d("7056.14")
        assert growth_rate(d("1406.77"), prior, places=3) == d("-0.801")
        assert fmt_pct(growth_rate(d("1406.77"), prior)) == "-80.06%"

    def test_G18_operating_costs(self) -> None:
        # goldens 004 G18: 上年 100.59 − 16.23 = 84.36; 16.23/84.36 = 19.2% (÷100.59 → 16.1% ✗)
        prior = previous_from_change(d("100.59"), d("16.23"))
        assert prior == d("84.36")
        assert growth_rate(d("100.59"), prior, places=3) == d("0.192")
        assert growth(d("100.59"), prior) == d("16.23")

    def test_G3_G4_G5_G6_structure(self) -> None:
        # goldens 004 G3: 100%; G4: 59.19% / 40.81%; G5: 54.57% / 45.43%; G6: 12.17% / 87.83%
        assert share(d("1406.77"), d("1406.77"), places=2) == d("1.00")
        assert share(d("0"), d("1406.77")) == d("0")
        assert fmt_pct(share(d("832.61"), d("1406.77"))) == "59.19%"
        assert fmt_pct(share(d("574.16"), d("1406.77"))) == "40.81%"
        assert fmt_pct(share(d("767.62"), d("1406.77"))) == "54.57%"
        assert fmt_pct(share(d("639.15"), d("1406.77"))) == "45.43%"
        found = shares([("基本支出", d("641.84")), ("项目支出", d("4632.97"))])
        assert {k: fmt_pct(v) for k, v in found.items()} == {"基本支出": "12.17%", "项目支出": "87.83%"}

    def test_G7_function_classes(self) -> None:
        # goldens 004 G7: 77.31 → 5.50%; 1280.44 → 91.02%; 3.70 → 0.26%; 45.32 → 3.22% (of 1406.77)
        found = shares(
            [("208", d("77.31")), ("210", d("1280.44")), ("213", d("3.70")), ("221", d("45.32"))],
            whole=d("1406.77"),
        )
        assert [fmt_pct(v) for v in found.values()] == ["5.50%", "91.02%", "0.26%", "3.22%"]

    def test_zero_whole(self) -> None:
        # goldens 004 G23: 0/0 → "-" rather than the printed "0%"
        assert share(d("0"), d("0")) is None
        assert shares([("货物", d("0"))]) == {"货物": None}
        assert shares([("货物", None)]) == {"货物": None}

    def test_G30_deviation(self) -> None:
        # goldens 004 G30: (91.8 − 96.7)/96.7 = −5.07%
        assert fmt_pct(growth_rate(d("91.8"), d("96.7"))) == "-5.07%"
