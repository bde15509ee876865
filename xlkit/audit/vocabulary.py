"""The column headings ``xlkit audit`` recognises, read from ``templates/audit_headings.toml``.

Evaluators name the same column many ways (得分 / 分数 / 评价得分; 决算数 / 执行数 / 实际支出); the
list is data so a new spelling is one line in the file, not a code change."""

from __future__ import annotations

from functools import cache

from xlkit.errors import SpecError

KINDS = ("score", "expense", "project", "income", "disclosure", "survey", "summary")


@cache
def headings() -> dict[str, dict[str, tuple[str, ...]]]:
    """kind → column key → accepted headings (in the file's order)."""

    from xlkit.spec.templates import template_data

    data = template_data("audit_headings.toml")
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for kind in KINDS:
        table = data.get(kind)
        if not isinstance(table, dict) or not all(isinstance(v, list) for v in table.values()):
            raise SpecError(f"audit_headings.toml：缺少或无法识别 [{kind}] 表")
        out[kind] = {key: tuple(str(x) for x in names) for key, names in table.items()}
    return out


def columns(kind: str, label: bool = False) -> dict[str, tuple[str, ...]]:
    """The columns of one kind of table; ``label`` adds the unnamed label column (first text column)."""
    cols = dict(headings()[kind])
    return {"label": (), **cols} if label else cols
