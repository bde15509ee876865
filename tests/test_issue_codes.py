"""The issue-code registry (templates/issue_codes.toml): one fact, one code, one severity.

The runtime side is in conftest.py: every Issue, audit Finding and survey Flag built while the
suite runs is noted, and the run fails on a code that is not registered here or on a severity
the registry does not allow for it. This file checks the static side.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from xlkit.spec.issues import Severity, categories, code_info, registry, registry_markdown

ROOT = Path(__file__).resolve().parent.parent
# Hyphenated string literals in the package that are not issue codes.
NOT_CODES = {"utf-8", "utf-8-sig", "utf-16-le", "yyyy-mm-dd", "add-template",
             # built-in number formats (xlkit/read/ooxml.py)
             "mm-dd-yy", "d-mmm-yy", "d-mmm", "mmm-yy"}


def test_every_entry_is_complete() -> None:
    cats = categories()
    for code, info in registry().items():
        assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", code), code
        assert info.category in cats, code
        assert info.meaning and info.name, code
        # A severity that depends on the context has its rule written down, and only then.
        assert bool(info.also) == bool(info.context), code
        assert info.also is not info.severity, code


def test_every_code_literal_in_the_package_is_registered() -> None:
    found: dict[str, str] = {}
    for path in sorted((ROOT / "xlkit").rglob("*.py")):
        for m in re.finditer(r'"([a-z]+(?:-[a-z0-9]+)+)"', path.read_text(encoding="utf-8")):
            found.setdefault(m.group(1), path.name)
    unregistered = {c: f for c, f in found.items() if c not in registry() and c not in NOT_CODES}
    assert unregistered == {}


@pytest.mark.parametrize("merged", ["total-weight", "selfeval-footing", "selfeval-grade", "selfeval-weight-total",
                                    "selfeval-score-error", "score-error"])
def test_duplicates_are_merged(merged: str) -> None:
    """Two codes for one fact (score's total-weight beside check's weight-total …) are gone."""
    assert merged not in registry()
    text = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "xlkit").rglob("*.py"))
    assert f'"{merged}"' not in text


def test_unregistered_code_is_named() -> None:
    with pytest.raises(KeyError, match="未登记"):
        code_info("no-such-code")


def test_context_rule_for_footing() -> None:
    """A footing break: a warning in the unit's own input, an error in a table under audit."""
    from xlkit.audit import CODES

    info = code_info("footing")
    assert (info.severity, info.also) == (Severity.WARNING, Severity.ERROR)
    assert "审核" in info.context and "警告" in info.context
    assert CODES["footing"][0] is Severity.ERROR
    assert CODES["rate-mismatch"] == (Severity.ERROR, "评分", code_info("rate-mismatch").meaning)


def test_audit_catalogue_comes_from_the_registry() -> None:
    from xlkit.audit import CODES

    for code, (severity, category, meaning) in CODES.items():
        info = code_info(code)
        assert info.allows(severity) and (category, meaning) == (info.category, info.meaning), code


def test_the_registry_is_printed_in_the_docs() -> None:
    doc = (ROOT / "docs" / "issue-codes.md").read_text(encoding="utf-8")
    assert doc == registry_markdown(), "重新生成：python -m xlkit.spec.issues > docs/issue-codes.md"
    for code in registry():
        assert f"| `{code}` |" in doc
