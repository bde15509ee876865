"""The golden data files (tests/goldens/*.toml) and the citations that point into them.

Comments and docstrings cite a published report's golden case as "goldens 000 G29" (a slip as
"goldens 000 S14"); each such id must exist. Nothing in the repository may cite a document that is
not in it (section numbers, outside notes), so a maintainer with only the repository can follow
every citation.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from goldens import REPORTS, case_ids, figure, golden, report, report_data

ROOT = Path(__file__).resolve().parent.parent
TEXT_SUFFIXES = {".py", ".md", ".toml", ".txt", ".cfg", ".ini", ".json", ".yml", ".yaml"}
SKIP_DIRS = {".git", ".venv", "venv", "build", "dist", "__pycache__", ".pytest_cache", ".mypy_cache",
             ".ruff_cache", "node_modules"}
# Spelled in pieces so that this file does not match itself.
OUTSIDE = re.compile("|".join([
    "\N{SECTION SIGN}",                     # a section of a document that is not in the repository
    "shared" + "/",                          # its folder
    r"\b" + "dig" + r"ests?\b(?!\s*[=):,(\]])",  # the notes transcribing the reports (not a hash digest)
    r"\b" + "conven" + r"tions\b",          # the team's notes
]), re.IGNORECASE)
CITATION = re.compile(r"goldens (\d{3}) ([GS]\d+(?:\s*(?:,|/|–|and)\s*[GS]\d+)*)")
TEXT_KEYS = {"calc", "input", "slip", "status"}  # transcribed text: the hand-pinned figures must be in it
NOT_FIGURES = {"where", "grade"}


def _text_files() -> list[Path]:
    out = []
    for path in ROOT.rglob("*"):
        if any(part in SKIP_DIRS or part.endswith(".egg-info") for part in path.relative_to(ROOT).parts):
            continue
        if path.is_file() and (path.suffix in TEXT_SUFFIXES or path.parent.name == ".ci"):
            out.append(path)
    return out


def test_every_report_file_names_its_report() -> None:
    for rid in REPORTS:
        meta = report(rid)
        for key in ("title", "unit", "year", "evaluator", "total", "grade"):
            assert meta.get(key), f"tests/goldens/{rid}.toml [report] lacks {key}"
        assert report_data(rid)["cases"] and report_data(rid)["slips"], rid


@pytest.mark.parametrize("rid", REPORTS)
def test_every_pinned_figure_is_in_the_transcribed_case(rid: str) -> None:
    """A figure pinned by hand (printed, recomputed, total …) appears in the case's own transcription,
    so a typo in either shows up."""
    for table in ("cases", "slips"):
        for cid, entry in report_data(rid)[table].items():
            text = " ".join(str(entry[k]) for k in TEXT_KEYS if k in entry).replace(",", "").replace("−", "-")
            assert text, f"goldens {rid} {cid} has no transcription"
            for key, value in entry.items():
                if key in TEXT_KEYS | NOT_FIGURES:
                    continue
                for number in re.findall(r"\d[\d,]*(?:\.\d+)?", str(value)):
                    assert number.replace(",", "") in text, f"goldens {rid} {cid}.{key}: {number} not in its text"


def test_figures_read_as_decimals() -> None:
    assert str(figure("000", "G29")) == "94.06"
    assert str(figure("004", "G12")) == "639.15"
    assert golden("000", "S1")["printed"] == "75.00%"
    with pytest.raises(KeyError, match="G999"):
        golden("000", "G999")


def test_no_file_cites_a_document_outside_the_repository() -> None:
    found = []
    for path in _text_files():
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if OUTSIDE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}")
    assert not found, "cite tests/goldens/<report>.toml and a case id, or state the fact:\n" + "\n".join(found)


def test_every_cited_case_exists() -> None:
    missing, cited = [], 0
    for path in _text_files():
        for match in CITATION.finditer(path.read_text(encoding="utf-8", errors="replace")):
            rid = match.group(1)
            known = case_ids(rid) if rid in REPORTS else set()
            for cid in re.findall(r"[GS]\d+", match.group(2)):
                cited += 1
                if cid not in known:
                    missing.append(f"{path.relative_to(ROOT)}: goldens {rid} {cid}")
    assert cited > 100  # the citations are being found at all
    assert not missing, "\n".join(missing)


def test_000_indicator_scores_add_up_to_the_printed_total() -> None:
    rows = report_data("000")["indicators"]
    assert len(rows) == 24
    assert sum(Decimal(r["分值"]) for r in rows.values()) == Decimal("100.00")
    assert sum(Decimal(r["得分"]) for r in rows.values()) == figure("000", "G32")  # 表3-1: 92.90
    full = sum(r["分值"] == r["得分"] for r in rows.values())
    assert str(full) == golden("000", "G33")["printed"]  # "实现目标 18个"
