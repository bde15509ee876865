"""Golden figures of seed 000 (喀什市医疗保障局 2024) as printed in its 附件1 (tests/goldens/000.toml)."""

from goldens import indicator_scores

# 附件1 得分 column, by indicator code.
SEED_SCORES = indicator_scores("000")
