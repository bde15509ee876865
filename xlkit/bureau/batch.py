"""Score every project folder below a root: the bureau's view of a year's evaluations.

``run_batch(root, output)`` finds the project folders (``find_projects``), scores each in worker
processes — or on a Dask ``distributed`` cluster when a scheduler address is given — writes each
folder's 综合评分表 into a results folder beside the 汇总 workbook, and writes the 汇总
(``xlkit.write.summary_writer``). A folder that cannot be scored never stops the run: it is listed with
its issues. The received folders themselves are only read. Each folder's outcome is recorded as it
completes, so a stopped run continues with ``resume=True`` (``xlkit batch --resume``).

The per-folder work is ``score_folder``, a plain module-level function of picklable arguments
returning a picklable ``FolderOutcome``, so the same call runs in-process, in a
``ProcessPoolExecutor`` or on a Dask worker unchanged.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xlkit.errors import OutputExistsError, XlkitError
from xlkit.read.numbers import quantize
from xlkit.read.stamp import read_stamp
from xlkit.write.files import folder_syncs_deferred, sync_folders

if TYPE_CHECKING:  # scoring is imported where a folder is scored (workers start light)
    from xlkit.scoring.evaluation import Result

__all__ = ["find_projects", "score_folder", "run_batch", "FolderOutcome", "BatchResult", "RESULT_FILE",
           "summary_row", "results_dir_for", "sync_results", "folder_fingerprint", "recorded_outcome", "OUTCOME_RECORD", "RECORDS_DIR"]

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
        return {**self._head(), "outcomes": [o.to_dict() for o in self.outcomes]}

    def _head(self) -> dict[str, Any]:
        return {"root": str(self.root), "output": str(self.output), "results_dir": str(self.results_dir),
                "folders": len(self.outcomes), "scored": len(self.scored), "failed": len(self.failed),
                "grades": self.grade_counts(), "seconds": float(quantize(Decimal(self.seconds), 2))}

    def json_chunks(self) -> Iterator[str]:
        """``json.dumps(self.to_dict(), ensure_ascii=False, indent=2)``, one outcome at a time: the whole
        text of 10,000 folders (19 MB, and its dict tree) took the process past its 300 MB bound."""
        import json

        head = json.dumps(self._head(), ensure_ascii=False, indent=2)
        if not self.outcomes:
            yield head[:-2] + ',\n  "outcomes": []\n}'
            return
        yield head[:-2] + ',\n  "outcomes": [\n'
        for i, outcome in enumerate(self.outcomes):
            text = json.dumps(outcome.to_dict(), ensure_ascii=False, indent=2)
            # JSON text holds no raw line break inside a string, so indenting line by line is exact.
            yield ("" if i == 0 else ",\n") + "\n".join("    " + line for line in text.split("\n"))
        yield "\n  ]\n}"

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


# ---- the resume journal ---------------------------------------------------------------------
# Each folder's outcome is recorded in the results folder (``<results>/.xlkit-resume/<folder>/outcome.json``,
# out of sight: a failed folder gets no folder of results)
# the moment it is complete, with a fingerprint of the folder's input files. ``run_batch(resume=True)``
# takes a recorded outcome instead of scoring again when the fingerprint, xlkit's version, the
# adjustment mode and the result file are all as recorded; anything else is scored again. A run
# killed at any moment therefore loses at most the folders in flight: records and results are each
# put in place by one rename, so a record never describes a result that is not there.

OUTCOME_RECORD = "outcome.json"
RECORDS_DIR = ".xlkit-resume"


def folder_fingerprint(folder: Path) -> list[list[Any]]:
    """Name, size and modification time of every file the folder holds (what scoring may read)."""
    out = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_file(follow_symlinks=True):
                st = entry.stat(follow_symlinks=True)
                out.append([entry.name, st.st_size, st.st_mtime_ns])
    return sorted(out)


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$decimal"}:
            return Decimal(value["$decimal"])
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def _record_key(fingerprint: list[list[Any]], adjustment_mode: str) -> dict[str, Any]:
    from xlkit import __version__

    return {"xlkit": __version__, "adjustment_mode": adjustment_mode, "inputs": fingerprint}


def _write_record(record_dir: Path, outcome: FolderOutcome, key: dict[str, Any], result: Path | None) -> None:
    import json

    stat = result.stat() if result is not None else None
    data = {"key": key, "result": [stat.st_size, stat.st_mtime_ns] if stat else None,
            "outcome": _encode({**outcome.__dict__})}
    record_dir.mkdir(parents=True, exist_ok=True)
    tmp = record_dir / f".{OUTCOME_RECORD}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, record_dir / OUTCOME_RECORD)  # a killed run leaves the old record or the new one


def recorded_outcome(record_dir: Path, key: dict[str, Any], output_dir: str) -> FolderOutcome | None:
    """The outcome recorded for this folder if it is complete and current, else None."""
    import json

    try:
        data = json.loads((record_dir / OUTCOME_RECORD).read_text(encoding="utf-8"))
        if data.get("key") != key:
            return None
        outcome = FolderOutcome(**_decode(data["outcome"]))
        if outcome.result_file is not None:
            st = (Path(output_dir) / outcome.result_file).stat()
            if data.get("result") != [st.st_size, st.st_mtime_ns]:
                return None
        return outcome
    except (OSError, ValueError, TypeError, KeyError):
        return None


# ---- finding project folders ----------------------------------------------------------------

def _stamped(path: Path) -> bool:
    """The workbook carries xlkit's hidden stamp (read through the preflight, like every workbook:
    a zip bomb under a batch root is refused at the preflight's bounded cost)."""
    if not path.is_file():  # a named pipe called *.xlsx would block the open forever
        return False
    return bool(read_stamp(path))


def _is_project(folder: Path, names: Sequence[str]) -> bool:
    from xlkit.spec.templates import OPTIONAL_KINDS, all_workbook_specs, workbook_specs

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

def selfeval_rows(report: Result) -> list[dict[str, Any]]:
    """汇总 rows of a folder of 自评表 (a ``Result`` without evaluation): one per scored 自评表."""
    rows = []
    for se in report.self_evals:
        if se.total is None:  # an unscored 自评表 (002's pension funds) has no place in a score table
            continue
        # (indicator, points lost) of the scored indicators that lost some
        lost = sorted(((i, i.weight - i.score) for i in se.indicators if i.score is not None and i.score < i.weight),
                      key=lambda pair: -pair[1])
        rows.append({
            "unit": se.info.get("unit") or "", "project": se.title, "type": f"自评（{se.info.get('kind') or '项目支出'}）",
            "year": se.info.get("year"),
            "level1": [{"code": "", "name": lv.name, "weight": lv.weight, "score": lv.score, "rate": lv.rate}
                       for lv in se.levels],
            "total_weight": se.total_weight, "total": se.total,
            "rate": (se.total / se.total_weight).quantize(Decimal("0.0001")) if se.total_weight else None,
            "grade": se.grade or "", "execution": se.exec_rate, "execution_measure": "预算执行率" if se.exec_rate else None,
            "adjustment": None, "adjustment_measure": None,
            "deductions": [{"code": "", "name": i.name, "points": points, "reason": i.reason}
                           for i, points in lost[:TOP_DEDUCTIONS]],
            "full_marks": sum(1 for i in se.indicators if i.score == i.weight), "indicator_count": len(se.indicators),
        })
    return rows


def summary_row(result: Result) -> dict[str, Any]:
    """The 汇总 row of a scored ``xlkit.scoring.evaluation.Result`` with an evaluation (exact Decimals)."""
    info = result.info
    ev = result.evaluation
    if ev is None:
        raise ValueError("summary_row: a folder of 自评表 alone has no evaluation; its rows are selfeval_rows")
    values = ev.measures.values

    def first(names: Sequence[str]) -> tuple[str | None, Decimal | None]:
        for name in names:
            m = values.get(name)
            if m is not None and m.value is not None:
                return name, m.value
        return None, None

    execution_name, execution = first(EXECUTION_MEASURES)
    adjustment_name, adjustment = first(ADJUSTMENT_MEASURES)
    lost = sorted((i for i in ev.indicators if i.score < i.weight),
                  key=lambda i: (-(i.weight - i.score), i.code))
    return {
        "unit": info.get("unit") or "",
        "project": info.get("project") or "",
        "type": info.get("type") or "",
        "year": info.get("year"),
        "level1": [{"code": lv.code, "name": lv.name, "weight": lv.weight, "score": lv.score, "rate": lv.rate}
                   for lv in ev.level1],
        "total_weight": ev.total_weight,
        "total": ev.total,
        "rate": ev.rate,
        "grade": ev.grade,
        "execution": execution,
        "execution_measure": execution_name,
        "adjustment": adjustment,
        "adjustment_measure": adjustment_name,
        "deductions": [{"code": i.code, "name": i.name, "points": i.weight - i.score, "reason": i.reason}
                       for i in lost[:TOP_DEDUCTIONS]],
        "full_marks": ev.full_marks,
        "indicator_count": len(ev.indicators),
    }


def score_folder(folder: str, root: str, results_dir: str, output_dir: str, force: bool = False,
                 adjustment_mode: str = "net", record: bool = False, defer_sync: bool = False) -> FolderOutcome:
    """Score one folder and write its result workbook; never raises for anything about the folder.

    ``results_dir``/<relative folder>/综合评分表.xlsx receives the result; ``result_file`` is given
    relative to ``output_dir`` (where the 汇总 lives) so its hyperlink survives moving both together.
    ``record``: also record the outcome for a resumed run (see ``OUTCOME_RECORD``). ``defer_sync``:
    the result file is fsynced before it takes its name, its folder is left to the caller
    (``sync_results``), as ``run_batch`` does for every folder at once before the 汇总.
    """
    started = time.perf_counter()
    path, base = Path(folder), Path(root)
    rel = path.relative_to(base).as_posix() if path != base else "."
    outcome = FolderOutcome(folder=rel, ok=False)
    # Taken before scoring: a file changed while it is read makes the record stale, never wrong.
    key = _record_key(folder_fingerprint(path), adjustment_mode) if record else None
    try:
        if defer_sync:
            with folder_syncs_deferred():
                _score_into(outcome, path, rel, results_dir, output_dir, force, adjustment_mode)
        else:
            _score_into(outcome, path, rel, results_dir, output_dir, force, adjustment_mode)
    finally:
        outcome.seconds = time.perf_counter() - started
    if key is not None and not (outcome.error or "").startswith("内部错误"):
        try:
            result = Path(output_dir) / outcome.result_file if outcome.result_file else None
            _write_record(Path(results_dir) / RECORDS_DIR / rel, outcome, key, result)
        except OSError:  # no record: the folder is scored again next time, nothing is lost
            pass
    return outcome


def _score_into(outcome: FolderOutcome, path: Path, rel: str, results_dir: str, output_dir: str, force: bool,
                adjustment_mode: str) -> None:
    try:
        from xlkit.scoring.evaluation import ScoreError, score
        from xlkit.write.result_writer import write_result

        try:
            result = score(path, adjustment_mode=adjustment_mode)
        except ScoreError as exc:
            outcome.issues = [i.to_dict() for i in exc.report.issues if i.severity.value == "error"]
            outcome.error = str(exc)
            return
        target = Path(results_dir) / rel / RESULT_FILE
        write_result(result, target, force=force)
        if result.evaluation is None:  # a folder of 自评表 alone
            rows = selfeval_rows(result)
            if not rows:
                outcome.error = "文件夹中的自评表均不评分，没有可汇总的得分"
                return
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


# ---- many folders ---------------------------------------------------------------------------

def _warm() -> None:
    # Imported once in the parent so forked workers start with them loaded.
    from xlkit.scoring import evaluation as scoring  # noqa: F401
    from xlkit.write import result_writer  # noqa: F401


def _worker_start() -> None:
    # A folder allocates tens of thousands of short-lived objects (parse trees, cells, the result
    # workbook's rows); at the default threshold (700) the collector runs after every 700 of them,
    # walking the ones still alive each time. ``_star`` collects what a folder leaves behind.
    gc.set_threshold(20_000, 20, 20)


def _star(args: tuple) -> FolderOutcome:
    try:
        return score_folder(*args)
    finally:
        # xlsxwriter's workbook and sheets refer to each other: a folder's result workbook is freed
        # by the collector. Collected here, so a worker holds one folder's leftovers at most.
        gc.collect(1)


def _run_local(tasks: list[tuple], jobs: int) -> Iterator[FolderOutcome]:
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield score_folder(*task)
        return
    _warm()
    # A few folders per round trip (the work per folder is ~0.1 s), few enough that the last
    # chunks leave no worker idle for long at the end.
    chunk = max(1, min(4, len(tasks) // (jobs * 8)))
    # What is loaded now (the modules above) is left out of the workers' collections, and its pages
    # stay shared with the forked workers (a collection writes to each object it walks). Undone here
    # once the workers are gone, so a caller's own objects are collected as before.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_start) as pool:
            yield from pool.map(_star, tasks, chunksize=chunk)
    finally:
        gc.unfreeze()


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


def sync_results(outcomes: Sequence[FolderOutcome], results_dir: Path, output_dir: Path) -> None:
    """Make every result's name durable before the 汇总 lists it: fsync each result's folder and the
    folders above it up to the results folder and the 汇总's folder (which ``mkdir`` created). Cheap
    at the end of a batch: the journal commits of the results' own fsyncs already carried most of it."""
    folders: set[Path] = set()
    for outcome in outcomes:
        if outcome.result_file is None:
            continue
        folder = (output_dir / outcome.result_file).parent
        while folder not in folders:
            folders.add(folder)
            if folder in (results_dir, output_dir) or folder.parent == folder:
                break
            folder = folder.parent
    # Deepest first: a folder's entry in its parent is made durable after the folder itself.
    sync_folders(sorted(folders, key=lambda p: -len(p.parts)))
    sync_folders([output_dir])


def results_dir_for(output: Path) -> Path:
    """Where the per-folder result workbooks go: ``2024汇总_评分结果/`` beside ``2024汇总.xlsx``."""
    return output.with_name(f"{output.stem}_评分结果")


class _Shared:
    """Equal texts and Decimals of the outcomes the parent keeps, held once.

    Each outcome arrives unpickled, so every text and figure of its 汇总 row is a new object: 7.4 KB an
    outcome for 2.2 KB of pickle, the parent growing by that per folder until the 汇总 is written.
    Level names, measure names, grades, weights, scores and the usual deduction reasons repeat from
    folder to folder. A Decimal is matched by its text, so 15.0 and 15.00 (equal, printed differently)
    stay apart. Bounded: past ``limit`` distinct values, new ones are kept unshared.
    """

    def __init__(self, limit: int = 50_000):
        self.limit = limit
        self.seen: dict[Any, Any] = {}

    def __call__(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {self(k): self(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self(v) for v in value]
        if isinstance(value, str):
            key: Any = value
        elif isinstance(value, Decimal):
            key = ("decimal", str(value))
        else:
            return value
        found = self.seen.get(key)
        if found is not None:
            return found
        if len(self.seen) < self.limit:
            self.seen[key] = value
        return value

    def outcome(self, outcome: FolderOutcome) -> FolderOutcome:
        outcome.row = self(outcome.row)
        outcome.more_rows = self(outcome.more_rows)
        outcome.issues = self(outcome.issues)
        return outcome


def run_batch(root: str | Path, output: str | Path, *, jobs: int | None = None, scheduler: str | None = None,
              force: bool = False, adjustment_mode: str = "net", resume: bool = False,
              progress: Callable[[int, int, FolderOutcome | None], None] | None = None) -> BatchResult:
    """Score every project folder below ``root``; write the 汇总 to ``output`` and return all outcomes.

    ``jobs``: worker processes (default: CPU count); ``scheduler``: a Dask distributed scheduler
    address (``tcp://host:8786``) to run the same per-folder work on a cluster whose workers see the
    same paths. Existing outputs (the 汇总 or the results folder) need ``force``. ``progress`` is
    called with (done, total, outcome) — first with (0, total, None).

    ``resume``: continue a run into the same output that was stopped (killed, power cut): a folder
    whose recorded outcome is complete and current (same input files, same xlkit, result in place)
    is taken as recorded, every other one is scored again; the 汇总 is then written afresh. The
    汇总 equals that of an uninterrupted run.
    """
    started = time.perf_counter()
    root, output = Path(root), Path(output)
    results_dir = results_dir_for(output)
    if not force and not resume:
        for existing in (output, results_dir):
            if existing.exists():
                raise OutputExistsError(f"{existing} 已存在，未覆盖（如需覆盖请加 --force；继续中断的批量评分请加 --resume）")
    folders = find_projects(root, exclude=[results_dir])
    if not folders:
        raise XlkitError(f"{root} 下没有找到项目文件夹（含 指标体系.xlsx 等 xlkit 工作簿的文件夹）")
    out_dir = str(output.resolve().parent)
    results = results_dir.resolve()
    outcomes: list[FolderOutcome] = []
    shared = _Shared()  # the parent keeps every outcome until the 汇总: their repeated values once
    tasks = []
    for f in folders:
        if resume:
            rel = f.relative_to(root).as_posix() if f != root else "."
            key = _record_key(folder_fingerprint(f), adjustment_mode)
            done = recorded_outcome(results / RECORDS_DIR / rel, key, out_dir)
            if done is not None:
                outcomes.append(shared.outcome(done))
                continue
        # Resumed: a result left by the stopped run without its record is replaced. Local workers
        # leave the results' folder fsyncs to this process (one pass before the 汇总); a Dask worker
        # may see another file system client, so it makes its own result durable.
        tasks.append((str(f), str(root), str(results), out_dir, force or resume, adjustment_mode, True,
                      scheduler is None))
    total = len(folders)
    if progress:
        progress(len(outcomes), total, None)
    runner = _run_dask(tasks, scheduler) if scheduler else _run_local(tasks, jobs or os.cpu_count() or 1)
    for outcome in runner:
        outcomes.append(shared.outcome(outcome))
        if progress:
            progress(len(outcomes), total, outcome)
    # The 汇总 lists the folders in discovery order, however the work was spread or resumed.
    order = {f.relative_to(root).as_posix() if f != root else ".": i for i, f in enumerate(folders)}
    outcomes.sort(key=lambda o: order.get(o.folder, total))
    sync_results(outcomes, results, Path(out_dir))
    result = BatchResult(root=root, output=output, results_dir=results_dir, outcomes=outcomes,
                         seconds=0.0)
    from xlkit.write.summary_writer import write_summary

    write_summary(result, output, force=force or resume)
    result.seconds = time.perf_counter() - started
    return result
