"""The workbook checks behind ``xlkit.check``."""
