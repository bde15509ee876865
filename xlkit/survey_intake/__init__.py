"""Questionnaire-platform exports read and turned into the 问卷统计 workbook."""
