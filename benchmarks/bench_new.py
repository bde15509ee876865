"""Benchmark: cold `xlkit new` from the shell (median of 5) and the size of each workbook.

    python benchmarks/bench_new.py
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5


def xlkit_cmd() -> list[str]:
    exe = shutil.which("xlkit")
    return [exe] if exe else [sys.executable, "-m", "xlkit"]


def main() -> None:
    cmd = xlkit_cmd()
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(RUNS):
            folder = Path(tmp) / f"run{i}"
            start = time.perf_counter()
            subprocess.run(
                [*cmd, "new", str(folder), "--type", "部门整体", "--unit", "喀什市医疗保障局", "--year", "2024"],
                check=True, capture_output=True,
            )
            times.append(time.perf_counter() - start)
        print(f"xlkit new (部门整体, cold CLI): median {statistics.median(times):.3f} s "
              f"(min {min(times):.3f}, max {max(times):.3f}, n={RUNS})")
        for path in sorted((Path(tmp) / "run0").iterdir()):
            print(f"  {path.name}: {path.stat().st_size / 1024:.1f} KiB")


if __name__ == "__main__":
    main()
