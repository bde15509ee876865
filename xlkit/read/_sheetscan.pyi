# The C sheet scan (_sheetscan.c), built at install where a compiler is present.
Cell = tuple[int, int, int, str, str | None, str | None, bool, str | None, str | None, str | None]

def scan(data: bytes, /) -> tuple[int, int, list[Cell], list[str], set[int]] | None:
    """(last row, greatest column, cells with content, merged ranges, styles used), or None."""

