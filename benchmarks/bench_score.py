"""Benchmark: cold `xlkit score` on the bundled sample (median of 5) and the library calls alone.

    python benchmarks/bench_score.py

Target (issue 5): ≤ 0.5 s cold CLI on a 2-core machine.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_new import RUNS, xlkit_cmd

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "kashi-medical-security-2024"


def _median(times: list[float]) -> str:
    return f"median {statistics.median(times):.3f} s (min {min(times):.3f}, max {max(times):.3f}, n={len(times)})"


def main() -> None:
    cmd = xlkit_cmd()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "综合评分表.xlsx"
        cli = []
        for _ in range(RUNS):
            start = time.perf_counter()
            subprocess.run([*cmd, "score", str(SAMPLE), "-o", str(out), "--force"], check=True, capture_output=True)
            cli.append(time.perf_counter() - start)
        imp = []
        for _ in range(RUNS):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", "import xlkit.scoring.evaluation, xlkit.write.result_writer, xlkit.cli"], check=True)
            imp.append(time.perf_counter() - start)
        from xlkit.scoring.evaluation import score
        from xlkit.write.result_writer import write_result

        lib, write = [], []
        for _ in range(RUNS):
            start = time.perf_counter()
            result = score(SAMPLE)
            lib.append(time.perf_counter() - start)
            start = time.perf_counter()
            write_result(result, out, force=True)
            write.append(time.perf_counter() - start)
        print(f"xlkit score (sample, cold CLI): {_median(cli)}")
        print(f"  interpreter + imports only:    {_median(imp)}")
        print(f"  xlkit.score() (warm library):  {_median(lib)}")
        print(f"  write_result() (warm library): {_median(write)}")
        print(f"  综合评分表.xlsx: {out.stat().st_size / 1024:.1f} KiB")


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    sys.path[:0] = [str(here), str(here.parent)]  # bench_new, and xlkit from this checkout
    main()
