"""Score every project folder below a root: the bureau's view of a year's evaluations.

``run_batch(root, output)`` finds the project folders (``find_projects``), scores each in worker
processes — or on a Dask ``distributed`` cluster when a scheduler address is given — writes each
folder's 综合评分表 into a results folder beside the 汇总 workbook, and writes the 汇总
(``xlkit.summary_writer``). A folder that cannot be scored never stops the run: it is listed with
its issues. The received folders themselves are only read.

The per-folder work is ``score_folder``, a plain module-level function of picklable arguments
returning a picklable ``FolderOutcome``, so the same call runs in-process, in a
``ProcessPoolExecutor`` or on a Dask worker unchanged.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import OutputExistsError, XlkitError
from .numbers import quantize
from .stamp import read_stamp

__all__ = ["find_projects", "score_folder", "run_batch", "FolderOutcome", "BatchResult", "RESULT_FILE",
           "summary_row"]

RESULT_FILE = "综合评分表.xlsx"
TOP_DEDUCTIONS = 3
# Rates the 汇总 shows, first available wins (部门整体 binds the first, 项目支出 the second).
EXECUTION_MEASURES = ("预算执行率", "项目资金执行率")
ADJUSTMENT_MEASURES = ("项目支出预算调整率", "收入预算调整率")


@dataclass
class FolderOutcome:
    """One folder's result: a 汇总 ``row`` when scored, else its ``issues`` (or one ``error``)."""

    folder: str  # relative to the root, "/"-separated ("." for the root itself)
    ok: bool
    row: dict[str, Any] | None = None
    issues: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    result_file: str | None = None  # relative to the 汇总 workbook's folder
    warnings: int = 0
    seconds: float = 0.0
    # A folder of several 自评表 (004: 部门整体 + ten projects) gives a row for each; ``row`` is the first.
    more_rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rows(self) -> list[dict[str, Any]]:
        return ([self.row] if self.row is not None else []) + self.more_rows

    def to_dict(self) -> dict[str, Any]:
        return {"folder": self.folder, "ok": self.ok, "row": _plain(self.row), "issues": self.issues,
                "error": self.error, "result_file": self.result_file, "warnings": self.warnings,
                "more_rows": _plain(self.more_rows)}


@dataclass
class BatchResult:
    root: Path
    output: Path
    results_dir: Path
    outcomes: list[FolderOutcome]
    seconds: float

    @property
    def scored(self) -> list[FolderOutcome]:
        return [o for o in self.outcomes if o.ok]

    @property
    def failed(self) -> list[FolderOutcome]:
        return [o for o in self.outcomes if not o.ok]

    def grade_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in (r for o in self.scored for r in o.rows):
            counts[row["grade"]] = counts.get(row["grade"], 0) + 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {"root": str(self.root), "output": str(self.output), "results_dir": str(self.results_dir),
                "folders": len(self.outcomes), "scored": len(self.scored), "failed": len(self.failed),
                "grades": self.grade_counts(), "seconds": float(quantize(Decimal(self.seconds), 2)),
                "outcomes": [o.to_dict() for o in self.outcomes]}

    def to_frame(self):  # -> pandas.DataFrame
        """One row per scored folder; Decimal columns stay Decimal (exact)."""
        import pandas as pd

        rows = []
        for o in self.scored:
            for full in o.rows:
                row = {k: v for k, v in full.items() if k not in ("level1", "deductions")}
                for lv in full["level1"]:
                    row[f"{lv['name']}得分"] = lv["score"]
                row["folder"] = o.folder
                rows.append(row)
        return pd.DataFrame(rows)


def _plain(value: Any) -> Any:
    """Decimals as their exact text, for JSON."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


# ---- finding project folders ----------------------------------------------------------------

def _stamped(path: Path) -> bool:
    """The workbook carries xlkit's hidden stamp (read through the preflight, like every workbook:
    a zip bomb under a batch root is refused at the preflight's bounded cost)."""
    if not path.is_file():  # a named pipe called *.xlsx would block the open forever
        return False
    return bool(read_stamp(path))


def _is_project(folder: Path, names: Sequence[str]) -> bool:
    from .spec import OPTIONAL_KINDS, all_workbook_specs, workbook_specs

    stems = {Path(spec.file).stem for spec in workbook_specs().values()}
    # 绩效自评表*.xlsx, 基金收支*.xlsx: one per project, named by prefix.
    prefixes = tuple(Path(s.file).stem for k, s in all_workbook_specs().items() if k in OPTIONAL_KINDS)
    for name in names:
        if name.startswith(("~$", ".~lock", ".")):
            continue
        path = Path(name)
        # A folder whose 指标体系/预决算 is broken or saved as .xls is still a project: it is
        # listed with its issue instead of silently skipped.
        if path.stem in stems or path.stem.startswith(prefixes):
            return True
        if path.suffix.lower() == ".xlsx" and _stamped(folder / name):
            return True
    return False


def find_projects(root: str | Path, *, exclude: Sequence[Path] = ()) -> list[Path]:
    """Every project folder at or below ``root``, sorted; a project folder's subfolders are not searched.

    A project folder holds one of the standard workbooks by name (指标体系.xlsx, 预决算.xlsx, …) or any
    workbook stamped by ``xlkit new``. Hidden folders and ``exclude`` (the results folder) are skipped.
    """
    root = Path(root)
    if not root.is_dir():
        raise XlkitError(f"找不到文件夹：{root}" if not root.exists() else f"{root} 不是文件夹")
    skip = {p.resolve() for p in exclude}
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        if here.resolve() in skip:
            dirnames[:] = []
            continue
        if _is_project(here, sorted(filenames)):
            found.append(here)
            dirnames[:] = []
            continue
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "~", "__")))
    return sorted(found, key=lambda p: p.relative_to(root).parts)


# ---- one folder -----------------------------------------------------------------------------

def selfeval_rows(report: Any) -> list[dict[str, Any]]:
    """汇总 rows of a folder of 自评表 (``xlkit.scoring.SelfEvalReport``): one per scored 自评表."""
    rows = []
    for se in report.evals:
        if se.total is None:  # an unscored 自评表 (002's pension funds) has no place in a score table
            continue
        lost = sorted((i for i in se.indicators if i.score is not None and i.score < i.weight),
                      key=lambda i: -(i.weight - i.score))
        rows.append({
            "unit": se.info.get("unit") or "", "project": se.title, "type": f"自评（{se.info.get('kind') or '项目支出'}）",
            "year": se.info.get("year"),
            "level1": [{"code": "", "name": lv.name, "weight": lv.weight, "score": lv.score, "rate": lv.rate}
                       for lv in se.levels],
            "total_weight": se.total_weight, "total": se.total,
            "rate": (se.total / se.total_weight).quantize(Decimal("0.0001")) if se.total_weight else None,
            "grade": se.grade or "", "execution": se.exec_rate, "execution_measure": "预算执行率" if se.exec_rate else None,
            "adjustment": None, "adjustment_measure": None,
            "deductions": [{"code": "", "name": i.name, "points": i.weight - i.score, "reason": i.reason}
                           for i in lost[:TOP_DEDUCTIONS]],
            "full_marks": sum(1 for i in se.indicators if i.score == i.weight), "indicator_count": len(se.indicators),
        })
    return rows


def summary_row(result: Any) -> dict[str, Any]:
    """The 汇总 row of a scored ``xlkit.scoring.Result`` (exact Decimals)."""
    info = result.info
    values = result.measures.values

    def first(names: Sequence[str]) -> tuple[str | None, Decimal | None]:
        for name in names:
            m = values.get(name)
            if m is not None and m.value is not None:
                return name, m.value
        return None, None

    execution_name, execution = first(EXECUTION_MEASURES)
    adjustment_name, adjustment = first(ADJUSTMENT_MEASURES)
    lost = sorted((i for i in result.indicators if i.score < i.weight),
                  key=lambda i: (-(i.weight - i.score), i.code))
    return {
        "unit": info.get("unit") or "",
        "project": info.get("project") or "",
        "type": info.get("type") or "",
        "year": info.get("year"),
        "level1": [{"code": lv.code, "name": lv.name, "weight": lv.weight, "score": lv.score, "rate": lv.rate}
                   for lv in result.level1],
        "total_weight": result.total_weight,
        "total": result.total,
        "rate": result.rate,
        "grade": result.grade,
        "execution": execution,
        "execution_measure": execution_name,
        "adjustment": adjustment,
        "adjustment_measure": adjustment_name,
        "deductions": [{"code": i.code, "name": i.name, "points": i.weight - i.score, "reason": i.reason}
                       for i in lost[:TOP_DEDUCTIONS]],
        "full_marks": result.full_marks,
        "indicator_count": len(result.indicators),
    }


def score_folder(folder: str, root: str, results_dir: str, output_dir: str, force: bool = False,
                 adjustment_mode: str = "net") -> FolderOutcome:
    """Score one folder and write its result workbook; never raises for anything about the folder.

    ``results_dir``/<relative folder>/综合评分表.xlsx receives the result; ``result_file`` is given
    relative to ``output_dir`` (where the 汇总 lives) so its hyperlink survives moving both together.
    """
    started = time.perf_counter()
    path, base = Path(folder), Path(root)
    rel = path.relative_to(base).as_posix() if path != base else "."
    outcome = FolderOutcome(folder=rel, ok=False)
    try:
        from .result_writer import write_result
        from .scoring import ScoreError, score

        try:
            result = score(path, adjustment_mode=adjustment_mode)
        except ScoreError as exc:
            outcome.issues = [i.to_dict() for i in exc.report.issues if i.severity.value == "error"]
            outcome.error = str(exc)
            return outcome
        target = Path(results_dir) / rel / RESULT_FILE
        write_result(result, target, force=force)
        if hasattr(result, "evals") and not hasattr(result, "measures"):
            rows = selfeval_rows(result)
            if not rows:
                outcome.error = "文件夹中的自评表均不评分，没有可汇总的得分"
                return outcome
            outcome.row, outcome.more_rows = rows[0], rows[1:]
        else:
            outcome.row = summary_row(result)
        outcome.result_file = os.path.relpath(target, output_dir).replace(os.sep, "/")
        outcome.warnings = len(result.checks)
        outcome.ok = True
    except XlkitError as exc:
        outcome.error = str(exc)
    except Exception as exc:  # a bug must not stop the other folders; it is listed like a bad file
        outcome.error = f"内部错误（{type(exc).__name__}: {exc}），请把该文件夹提供给 xlkit 维护者"
    finally:
        outcome.seconds = time.perf_counter() - started
    return outcome


# ---- many folders ---------------------------------------------------------------------------

def _warm() -> None:
    # Imported once in the parent so forked workers start with them loaded.
    from . import result_writer, scoring  # noqa: F401


def _star(args: tuple) -> FolderOutcome:
    return score_folder(*args)


def _run_local(tasks: list[tuple], jobs: int) -> Iterator[FolderOutcome]:
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield score_folder(*task)
        return
    _warm()
    # Several folders per round trip: the work per folder is tens of milliseconds.
    chunk = max(1, min(16, len(tasks) // (jobs * 8)))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_star, tasks, chunksize=chunk)


def _run_dask(tasks: list[tuple], scheduler: str) -> Iterator[FolderOutcome]:
    try:
        from distributed import Client, as_completed
    except ImportError as exc:  # pragma: no cover - distributed is a declared dependency
        raise XlkitError("使用 --scheduler 需要安装 dask distributed") from exc
    try:
        client = Client(scheduler, timeout=30)
    except (OSError, TimeoutError) as exc:
        raise XlkitError(f"无法连接 Dask 调度器 {scheduler}：{exc}") from exc
    try:
        # pure=False: each call writes a file, so identical arguments must not be merged.
        futures = [client.submit(score_folder, *task, pure=False) for task in tasks]
        for future in as_completed(futures):
            yield future.result()
    finally:
        client.close()


def results_dir_for(output: Path) -> Path:
    """Where the per-folder result workbooks go: ``2024汇总_评分结果/`` beside ``2024汇总.xlsx``."""
    return output.with_name(f"{output.stem}_评分结果")


def run_batch(root: str | Path, output: str | Path, *, jobs: int | None = None, scheduler: str | None = None,
              force: bool = False, adjustment_mode: str = "net",
              progress: Callable[[int, int, FolderOutcome | None], None] | None = None) -> BatchResult:
    """Score every project folder below ``root``; write the 汇总 to ``output`` and return all outcomes.

    ``jobs``: worker processes (default: CPU count); ``scheduler``: a Dask distributed scheduler
    address (``tcp://host:8786``) to run the same per-folder work on a cluster whose workers see the
    same paths. Existing outputs (the 汇总 or the results folder) need ``force``. ``progress`` is
    called with (done, total, outcome) — first with (0, total, None).
    """
    started = time.perf_counter()
    root, output = Path(root), Path(output)
    results_dir = results_dir_for(output)
    if not force:
        for existing in (output, results_dir):
            if existing.exists():
                raise OutputExistsError(f"{existing} 已存在，未覆盖（如需覆盖请加 --force）")
    folders = find_projects(root, exclude=[results_dir])
    if not folders:
        raise XlkitError(f"{root} 下没有找到项目文件夹（含 指标体系.xlsx 等 xlkit 工作簿的文件夹）")
    out_dir = str(output.resolve().parent)
    tasks = [(str(f), str(root), str(results_dir.resolve()), out_dir, force, adjustment_mode) for f in folders]
    total = len(tasks)
    if progress:
        progress(0, total, None)
    runner = _run_dask(tasks, scheduler) if scheduler else _run_local(tasks, jobs or os.cpu_count() or 1)
    outcomes: list[FolderOutcome] = []
    for outcome in runner:
        outcomes.append(outcome)
        if progress:
            progress(len(outcomes), total, outcome)
    order = {str(Path(t[0]).relative_to(root).as_posix()) if Path(t[0]) != root else ".": i
             for i, t in enumerate(tasks)}
    outcomes.sort(key=lambda o: order.get(o.folder, total))
    result = BatchResult(root=root, output=output, results_dir=results_dir, outcomes=outcomes,
                         seconds=0.0)
    from .summary_writer import write_summary

    write_summary(result, output, force=force)
    result.seconds = time.perf_counter() - started
    return result
