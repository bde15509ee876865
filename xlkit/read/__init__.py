"""A workbook file -> typed rows: safe loading, the fast XML reader, cells, numbers, targets, records."""
