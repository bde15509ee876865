"""Questionnaire-platform exports read and turned into the 问卷统计 workbook.

``exports.read_export`` reads and tallies one export (its module docstring lists the steps, one module
each); ``importer.import_into`` binds the tally to a project folder and writes 问卷统计.xlsx and the
import report. The public names callers use are in ``importer``.
"""
