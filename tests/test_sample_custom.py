"""The custom-system sample (samples/custom_system.py): every 三级 score and the total, worked by hand.

Each figure below is computed from the indicator's written 评分标准 and the values typed in the
sample, with the default rounding points (rates to 2-decimal percent before scoring, each score to 2
decimals, half up) — not taken from xlkit's output.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from helpers import dump_workbook, load_sample_builder

import xlkit
from xlkit.scoring.evaluation import check

NAME = "custom-county-medical-security-2025"
SHIPPED = Path(__file__).resolve().parent.parent / "samples" / NAME

EXPECTED = {
    # A 投入管理 (20)
    "A11": "1.60",  # 2 findings × 10% × 2.00 = 0.40 off
    "A12": "1.33",  # 1 finding × 1/3 × 2.00 = 0.666… off → 1.333…
    "A13": "1.50",  # 要素均分: ② of 4 fails, 2.00 ÷ 4 = 0.50 off
    "A14": "2.00",  # 制定 = 制定
    "A21": "3.00",  # no finding
    "A22": "3.00",  # 支出预算调整率 |560.00 − 550.00| ÷ 550.00 = 1.82 % within ±5 %
    "A23": "3.00",  # 在职人员控制率 (28 + 21) ÷ (30 + 20) = 98.00 % ≤ 100 %
    "A24": "3.00",  # 8.00 ≤ 上年 9.00, and 三公经费预算变动率 (8 − 9) ÷ 9 = −11.11 % ≤ 0
    # B 过程管理 (35)
    "B11": "4.71",  # 预算执行率 547.00 ÷ 560.00 = 97.68 %; (97.68 % − 60 %) ÷ 40 % × 5 = 4.71
    "B12": "2.00",  # 按条 1.00 each: Q1 120 ÷ 560 = 21.43 % < 25 % ✗, Q2 52 % ✓, Q3 430 ÷ 560 = 76.79 % ✓,
                    # Q4 547 ÷ 560 = 97.68 % < 100 % ✗
    "B13": "2.00",  # one node missed (21.43 % < 25 %): 3 − 33.33 % × 3 = 2.0001
    "B14": "2.00",  # 三公经费执行率 7.20 ÷ 8.00 = 90 %; (90 − 80) ÷ (95 − 80) × 3
    "B15": "2.50",  # 重大违规问题数 0: no veto; 1 finding × 0.50
    "B21": "2.00",  # 要素③ (1 分) fails
    "B22": "1.30",  # 0.50 typed + 0.20 per item
    "B23": "1.50",  # 1 finding × 25 % × 2.00
    "B24": "3.00",  # 12 ÷ 12 = 100 %
    "B25": "2.50",  # 100 ÷ 120 = 83.33 %; 3 × 83.33 % = 2.4999
    "B26": "2.00",  # 60 ÷ 120 = 50 % ≥ 50 %
    "B27": "2.00",  # 按时公开（见…）: the explanation does not take part
    # C 产出 (30)
    "C11": "3.60",  # 48000 ÷ 50000 = 96 %; (96 − 60) ÷ 40 × 4
    "C12": "3.80",  # 2850 ÷ 3000 = 95 % × 4
    "C13": "2.00",  # contains 开展常态化培训
    "C14": "0.00",  # 宣传 found, 入户 missing
    "C21": "3.00",  # 100 % ≥ 95 %
    "C22": "1.50",  # 9/10 = 90 %; (90 − 80) ÷ (100 − 80) × 3
    "C23": "1.80",  # 2 points below 90 % × (5 % × 2.00)
    "C24": "2.00",  # 50 % < 80 % < 100 %
    "C31": "3.00",  # 92 % not below 90 %
    "C32": "2.00",  # 及时报送: no failure word
    "C33": "3.00",  # 12 ≤ 15 个工作日
    # D 效益与满意度 (15)
    "D11": "2.63",  # 76 % ÷ 80 % = 95 %; (95 − 60) ÷ 40 × 3 = 2.625
    "D12": "2.00",  # 是, 96 % ≥ 95 %, C21 100 % ≥ 95 %
    "D13": "0.00",  # 区间线性 (85 − 80) ÷ 20 × 2 = 0.50 < 60 % × 2 = 1.20
    "D21": "4.00",  # 92.50 % ≥ 90 %
    "D22": "1.50",  # 3/4 × 2.00
    "D23": "1.00",  # adopted; the rule gives 0.00 (88 % < 90 %)
}
LEVEL1 = {"A": "18.43", "B": "27.51", "C": "25.70", "D": "11.13"}
TOTAL = "82.77"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return load_sample_builder().SAMPLES[NAME](tmp_path_factory.mktemp("custom") / NAME)


@pytest.fixture(scope="module")
def result(fresh: Path):
    return xlkit.score(fresh)


def test_system_shape(result) -> None:
    assert len(result.evaluation.indicators) == 37 and [lv.code for lv in result.evaluation.level1] == ["A", "B", "C", "D"]
    assert {lv.code: lv.weight for lv in result.evaluation.level1} == {"A": D(20), "B": D(35), "C": D(30), "D": D(15)}


def test_every_score(result) -> None:
    assert {i.code: i.score for i in result.evaluation.indicators} == {k: D(v) for k, v in EXPECTED.items()}


def test_level_totals_grade(result) -> None:
    assert {lv.code: lv.score for lv in result.evaluation.level1} == {k: D(v) for k, v in LEVEL1.items()}
    assert result.evaluation.total == D(TOTAL) == sum(D(v) for v in EXPECTED.values())
    assert result.evaluation.grade == "良"  # 优>=90；良>=80；中>=70


def test_departure_and_explanations_are_kept(result) -> None:
    d23 = next(i for i in result.evaluation.indicators if i.code == "D23")
    assert (d23.rule_score, d23.score) == (D("0.00"), D("1.00"))
    assert [i.code for i in result.checks if i.code == "score-adopted"] == ["score-adopted"]
    c21 = next(i for i in result.evaluation.indicators if i.code == "C21")
    assert c21.actual == "100%（信访9件，全部按期办结）"
    c13 = next(i for i in result.evaluation.indicators if i.code == "C13")
    assert c13.notes == ["实际完成值含关键词“开展常态化培训”，达标"]
    d22 = next(i for i in result.evaluation.indicators if i.code == "D22")
    assert d22.notes == ["酌情评分理由：未开展专项调查；以座谈代替，意见较多"]


def test_check_is_clean(fresh: Path) -> None:
    report = check(fresh).report
    assert report.errors == []
    # 凭证 and 问卷 unused by this system; check runs scoring, so the one adopted score (D22) is listed
    assert {i.code for i in report.warnings} == {"workbook-empty", "score-adopted"}


def test_shipped_folder_is_a_fresh_rebuild(fresh: Path) -> None:
    names = sorted(p.name for p in fresh.glob("*.xlsx"))
    assert names == sorted(p.name for p in SHIPPED.glob("*.xlsx"))
    for name in names:
        assert dump_workbook(SHIPPED / name) == dump_workbook(fresh / name), name
