"""Scoring behind ``xlkit.score``: the evaluation, 自评 and the comparison of the two."""
