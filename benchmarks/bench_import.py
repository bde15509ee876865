"""Benchmark: what starting a command costs, beside what starting Python costs, in one run.

    python benchmarks/bench_import.py [runs]

Side by side, interleaved (so a busy machine slows every command alike), median of `runs` (7):
  `xlkit --help`                 vs  `python -c pass`                         target ≤ 3×
  cold `xlkit score <sample>`    vs  `python -c "import openpyxl, xlsxwriter"` target ≤ 1.5×
then `python -X importtime` of both commands: the modules imported directly at the top level, by
cumulative time, and whether openpyxl / xlsxwriter / rich were imported at all — the budget.
A benchmark, not a timed test: the figures depend on the machine and its load.

xlkit's own modules are compiled to bytecode first (``compileall``), as an installed wheel's are: a
machine that sets PYTHONDONTWRITEBYTECODE would otherwise compile every module on every start, and
the figures would measure the compiler. Run it with the project's environment, e.g.
``PYTHONPATH=$PWD .venv/bin/python benchmarks/bench_import.py 7``.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "kashi-medical-security-2024"
XLKIT = [sys.executable, "-m", "xlkit"]


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def importtime(cmd: list[str]) -> list[tuple[str, int, int]]:
    """(module, cumulative µs, nesting depth) of each import `python -X importtime` reports."""
    done = subprocess.run([cmd[0], "-X", "importtime", *cmd[1:]], capture_output=True, text=True, check=True)
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        _own, cum, name = line.split(":", 1)[1].split("|")
        depth = (len(name) - len(name.lstrip(" ")) - 1) // 2
        rows.append((name.strip(), int(cum), depth))
    return rows


def budget(label: str, cmd: list[str]) -> None:
    rows = importtime(cmd)
    top = sorted((r for r in rows if r[2] == 0), key=lambda r: -r[1])
    total = sum(r[1] for r in top)
    print(f"\n{label}: {total / 1000:.0f} ms of imports (python -X importtime, one run)")
    for name, cum, _ in top[:8]:
        print(f"  {cum / 1000:7.1f} ms  {name}")
    names = {r[0] for r in rows}
    heavy = ("openpyxl", "numpy", "xlsxwriter", "rich", "typer", "pydantic")
    print("  imported: " + ", ".join(f"{m} {'yes' if m in names else 'no'}" for m in heavy))


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    compileall.compile_dir(ROOT / "xlkit", quiet=1)  # as installed: see the docstring
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "综合评分表.xlsx")
        score = [*XLKIT, "score", str(SAMPLE), "-o", out, "--force"]
        cases = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "xlkit --help": [*XLKIT, "--help"],
            "python -c 'import openpyxl, xlsxwriter'": [sys.executable, "-c", "import openpyxl, xlsxwriter"],
            "xlkit score <sample>": score,
        }
        times: dict[str, list[float]] = {k: [] for k in cases}
        for _ in range(runs):  # interleaved: each round runs every command once
            for name, cmd in cases.items():
                times[name].append(timed(cmd))
        med = {k: statistics.median(v) for k, v in times.items()}
        print(f"{os.cpu_count()} CPUs, {runs} runs each, interleaved; medians (min–max):")
        for name, t in times.items():
            print(f"  {name:42s} {med[name]:.3f} s ({min(t):.3f}–{max(t):.3f})")
        help_ratio = med["xlkit --help"] / med["python -c pass"]
        score_ratio = med["xlkit score <sample>"] / med["python -c 'import openpyxl, xlsxwriter'"]
        print(f"xlkit --help / python -c pass:                       {help_ratio:.2f}× (target ≤ 3)")
        print(f"xlkit score / python -c 'import openpyxl, xlsxwriter': {score_ratio:.2f}× (target ≤ 1.5)")
        budget("xlkit --help", cases["xlkit --help"])
        budget("xlkit score <sample>", score)


if __name__ == "__main__":
    main()
