"""The unit's 绩效自评表 files of a folder, found by name and read through their spec.

Reading them is part of checking a folder (``xlkit check`` lists their cell problems with the rest);
scoring them is ``xlkit.scoring.selfeval``."""

from __future__ import annotations

from pathlib import Path

from xlkit.read.reader import read_workbook
from xlkit.read.records import SelfEvalBook, selfeval_book
from xlkit.read.safety import FileProblem
from xlkit.spec.issues import Issue, Report
from xlkit.spec.templates import workbook_spec

__all__ = ["read_selfevals", "selfeval_paths"]


def selfeval_paths(folder: Path) -> list[Path]:
    """绩效自评表*.xlsx in ``folder`` (Office lock files and hidden files aside), by name."""
    stem = Path(workbook_spec("selfeval").file).stem
    try:
        found = [p for p in folder.iterdir() if p.is_file() and p.name.startswith(stem)
                 and p.suffix.lower() == ".xlsx" and not p.name.startswith(("~$", ".~lock"))]
    except OSError:
        return []
    return sorted(found)


def read_selfevals(folder: Path, report: Report) -> list[tuple[Path, SelfEvalBook]]:
    """Every 自评表 of ``folder`` read through its spec; problems go to ``report``."""
    spec = workbook_spec("selfeval")
    books = []
    for path in selfeval_paths(folder):
        try:
            data = read_workbook(path, spec)
        except FileProblem as exc:
            message = str(exc).removeprefix(path.name).lstrip(" ：:")
            report.add(Issue(code=exc.code, message=message, file=path.name))
            continue
        report.extend(data.issues)
        books.append((path, selfeval_book(data)))
    return books
