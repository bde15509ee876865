"""The formulas: finance (执行率 …), measures, questionnaire tallies, the fund table, named values."""
