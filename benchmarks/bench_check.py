"""Benchmark: cold `xlkit check` on a filled 部门整体 folder (median of 5) and the library call alone.

    python benchmarks/bench_check.py

The folder is generated and filled like a clerk (tests/check_helpers.py, seed 000's figures) in a
temporary directory; a second copy carries the ten planted mistakes (check_helpers.TEN).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5
ROOT = Path(__file__).resolve().parent.parent


def _median(times: list[float]) -> str:
    return f"median {statistics.median(times):.3f} s (min {min(times):.3f}, max {max(times):.3f}, n={len(times)})"


def _cold(args: list[str], env: dict[str, str]) -> list[float]:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, *args], capture_output=True, env=env, cwd=ROOT)
        times.append(time.perf_counter() - start)
        if proc.returncode not in (0, 1):
            raise SystemExit(proc.stderr.decode("utf-8", "replace"))
    return times


def main() -> None:
    from check_helpers import TEN, build_clean, copy_folder, edit

    from xlkit.scoring.evaluation import check

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    with tempfile.TemporaryDirectory() as tmp:
        clean = build_clean(Path(tmp) / "clean" / "喀什医保2024")
        ten = copy_folder(clean, Path(tmp) / "ten" / "喀什医保2024")
        for file, sheet, cells, _ in TEN:
            edit(ten / file, sheet, cells)
        # one warm-up run so that every .pyc exists: "cold" means a fresh interpreter, not a fresh disk
        subprocess.run([sys.executable, "-m", "xlkit", "check", str(clean)], capture_output=True, env=env, cwd=ROOT)
        cli_clean = _cold(["-m", "xlkit", "check", str(clean)], env)
        cli_ten = _cold(["-m", "xlkit", "check", str(ten)], env)
        cli_json = _cold(["-m", "xlkit", "check", str(ten), "--json"], env)
        imports = _cold(["-c", "import xlkit.cli, xlkit.scoring.evaluation, xlkit.rules"], env)
        lib = []
        for _ in range(RUNS):
            start = time.perf_counter()
            result = check(clean)
            lib.append(time.perf_counter() - start)
        n = len(check(ten).report.issues)
        size = sum(p.stat().st_size for p in clean.iterdir()) / 1024
        print(f"xlkit check (filled 部门整体 folder, cold CLI): {_median(cli_clean)}")
        print(f"xlkit check (same, {n} planted issues):        {_median(cli_ten)}")
        print(f"xlkit check --json (planted issues):           {_median(cli_json)}")
        print(f"  interpreter + imports only:                  {_median(imports)}")
        print(f"  xlkit.check() (warm library):                 {_median(lib)}  [{len(result.report.issues)} issues]")
        print(f"  4 workbooks, {size:.1f} KiB in all")


if __name__ == "__main__":
    sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]  # check_helpers, and xlkit from this checkout
    main()
