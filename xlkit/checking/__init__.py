"""The workbook checks behind ``xlkit.check``.

``folder`` (``check_workbooks``) reads a project folder's workbooks and runs one module of checks per
workbook kind: ``indicators`` (with ``weights``), ``budget``, ``vouchers``, ``survey``. ``result``
holds ``CheckResult`` and the file-bound issue factory they write through.
"""
