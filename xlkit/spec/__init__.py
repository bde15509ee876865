"""What the workbooks are: sheet/column specs, lists, issue codes (templates/ as data). Bottom layer."""
