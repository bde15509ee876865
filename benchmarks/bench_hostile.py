"""The hostile-input corpus, run for the record: size by category, outcomes, worst time and memory.

    python benchmarks/bench_hostile.py                 # every case, default reader
    python benchmarks/bench_hostile.py --reader openpyxl --jobs 2
    python benchmarks/bench_hostile.py --only zip-bomb

Each case runs in its own process (``check``, ``score``, ``audit``, ``batch`` in turn, as
``tests/test_hostile.py`` runs them) under a 2 GB address-space cap, so the memory column is that
case's own peak RSS. Prints a Markdown table for the closing note.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

MEMORY_CAP = 2 * 1024**3
TIMEOUT = 600

# Runs one case's four commands in one interpreter and prints what happened as JSON.
DRIVER = r"""
import json, sys, time, traceback
from pathlib import Path
from typer.testing import CliRunner
from xlkit.cli import app
folder, out = Path(sys.argv[1]), Path(sys.argv[2])
argv = {
    "check": ["check", str(folder), "--json"],
    "score": ["score", str(folder), "-o", str(out / "score" / "综合评分表.xlsx"), "--json"],
    "audit": ["audit", str(folder), "-o", str(out / "audit" / "审核意见.xlsx"), "--json"],
    "batch": ["batch", str(folder.parent), "-o", str(out / "batch" / "汇总.xlsx"), "--jobs", "1", "--json"],
}
runs = []
for command, args in argv.items():
    started = time.perf_counter()
    result = CliRunner().invoke(app, args)
    crash = result.exception is not None and not isinstance(result.exception, SystemExit)
    text = result.stdout + result.stderr
    runs.append({"command": command, "code": result.exit_code, "seconds": time.perf_counter() - started,
                 "crash": crash or "Traceback" in text or "内部错误" in text})
print(json.dumps(runs))
"""


def run_case(folder: Path, out: Path, env: dict[str, str]) -> tuple[list[dict], int, str]:
    from test_hostile import run_subprocess  # the same capped child the tests use

    run = run_subprocess([], env=env, timeout=TIMEOUT, memory=MEMORY_CAP, script=DRIVER,
                         script_args=[str(folder), str(out)])
    if run.code != 0:
        return [], run.max_rss, run.crash or f"process ended abnormally (exit {run.code})"
    return json.loads(run.stdout.strip().splitlines()[-1]), run.max_rss, ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reader", default="auto", choices=["auto", "openpyxl"])
    parser.add_argument("--jobs", type=int, default=1, help="cases run at the same time")
    parser.add_argument("--only", default="", help="categories, comma-separated")
    args = parser.parse_args()

    from corpus import CASES, Corpus

    cases = [c for c in CASES if not args.only or c.category in args.only.split(",")]
    with tempfile.TemporaryDirectory(prefix="xlkit-hostile-") as tmp:
        corpus = Corpus(Path(tmp) / "corpus")
        started = time.perf_counter()
        folders = [corpus.folder(c) for c in cases]
        built = time.perf_counter() - started
        env = {"XLKIT_READER": args.reader}

        def one(i: int):
            return run_case(folders[i], Path(tmp) / "out" / f"{i:03d}", env)

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(one, range(len(cases))))
        ran = time.perf_counter() - started

    rows: dict[str, dict] = defaultdict(lambda: {"cases": 0, "exit0": 0, "exit1": 0, "other": 0, "time": 0.0,
                                                 "time_case": "", "rss": 0, "rss_case": ""})
    worst_time = (0.0, "")
    worst_rss = (0, "")
    problems = []
    for c, (runs, rss, failure) in zip(cases, results):
        row = rows[c.category]
        row["cases"] += 1
        if failure:
            row["other"] += 4
            problems.append(f"{c.id}: {failure}")
        for r in runs:
            if r["crash"] or r["code"] not in (0, 1):
                row["other"] += 1
                problems.append(f"{c.id} {r['command']}: exit {r['code']}")
            else:
                row[f"exit{r['code']}"] += 1
            if r["seconds"] > row["time"]:
                row["time"], row["time_case"] = r["seconds"], f"{c.name} ({r['command']})"
            worst_time = max(worst_time, (r["seconds"], f"{c.id} ({r['command']})"))
        if rss > row["rss"]:
            row["rss"], row["rss_case"] = rss, c.name
        worst_rss = max(worst_rss, (rss, c.id))

    mb = 1024 * 1024
    print(f"xlkit hostile corpus — {len(cases)} cases, reader {args.reader}; built in {built:.0f} s, "
          f"ran in {ran:.0f} s with {args.jobs} job(s); each case: check, score, audit, batch in one process")
    print()
    print("| category | cases | exit 0 | exit 1 | other | max time (s) | max RSS (MB) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    total = defaultdict(int)
    for cat, row in rows.items():
        print(f"| {cat} | {row['cases']} | {row['exit0']} | {row['exit1']} | {row['other']} | {row['time']:.2f} | "
              f"{row['rss'] / mb:.0f} |")
        for k in ("cases", "exit0", "exit1", "other"):
            total[k] += row[k]
    print(f"| **all** | **{total['cases']}** | **{total['exit0']}** | **{total['exit1']}** | **{total['other']}** | "
          f"**{worst_time[0]:.2f}** | **{worst_rss[0] / mb:.0f}** |")
    print()
    print(f"slowest command: {worst_time[1]} {worst_time[0]:.2f} s; largest case: {worst_rss[1]} {worst_rss[0] / mb:.0f} MB")
    for p in problems:
        print(f"PROBLEM {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
