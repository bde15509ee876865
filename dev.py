#!/usr/bin/env python3
"""One-command set-up for a fresh machine with Python 3.11.

    python3 dev.py sample   # set up, then score the bundled sample into out/
    python3 dev.py test     # set up (incl. LibreOffice where it can be installed), lint, run all tests

Set-up is a local virtual environment in .venv with xlkit installed in editable mode (which compiles
the C sheet scan, see hatch_build.py); it is reused while pyproject.toml and the scan's source are
unchanged. `test` first runs the gates, `ruff check .` and `mypy` (configured in pyproject.toml), and
stops with exit code 1 if either reports anything, then the suite in one pytest worker per CPU
(pytest-xdist); extra arguments after `test` go to pytest.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
# What the editable install is built from: a change to any of them installs again.
INSTALL_INPUTS = ("pyproject.toml", "hatch_build.py", "xlkit/read/_sheetscan.c")


def run(cmd: list[str], **kw: object) -> int:
    print("+", " ".join(cmd), flush=True)
    return subprocess.call(cmd, cwd=ROOT, **kw)  # type: ignore[arg-type]


def setup() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs under whatever python3 the machine has
        sys.exit("xlkit 需要 Python 3.11 或更高版本 (Python >= 3.11 required)")
    if not PY.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256(b"".join((ROOT / f).read_bytes() for f in INSTALL_INPUTS)).hexdigest()
    stamp = VENV / ".xlkit-installed"
    if stamp.exists() and stamp.read_text() == digest:
        return
    if run([str(PY), "-m", "pip", "install", "--quiet", "--upgrade", "pip"]) != 0:
        sys.exit("pip upgrade failed")
    ensure_expat_header()
    if run([str(PY), "-m", "pip", "install", "--quiet", "-e", ".[test]"]) != 0:
        sys.exit("installing xlkit failed")
    stamp.write_text(digest)


def apt_install(packages: list[str], what: str) -> bool:
    """Install Debian packages where this machine allows it (apt and root); False where it does not."""
    apt = shutil.which("apt-get")
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if not apt or not is_root:
        print(f"note: {' '.join(packages)} not installed; {what}", flush=True)
        return False
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run([apt, "-qq", "update"], env=env)
    if run([apt, "install", "-y", "-qq", "--no-install-recommends", *packages], env=env) != 0:
        print(f"note: installing {' '.join(packages)} failed; {what}", flush=True)
        return False
    return True


def ensure_expat_header() -> None:
    """The C sheet scan (hatch_build.py) compiles against expat's header; without it xlkit installs and
    reads sheets in pure Python, more slowly."""
    if sys.platform.startswith("linux") and not Path("/usr/include/expat.h").exists():
        apt_install(["libexpat1-dev"], "sheets will be read without the C scan")


def ensure_libreoffice() -> None:
    """The LibreOffice tests need soffice with Calc and Writer (`xlkit report` writes .docx and its
    tests convert it to PDF), Calibri's metric twin Carlito (so column widths print as in Excel) and
    pdftotext (the print-layout test reads the PDF per page); install them with apt where this machine
    allows."""
    missing = []
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        missing += ["libreoffice-calc", "fonts-noto-cjk", "fonts-crosextra-carlito"]
    if not shutil.which("lowriter"):
        missing += ["libreoffice-writer"]
    if not shutil.which("pdftotext"):
        missing += ["poppler-utils"]
    if missing:
        apt_install(missing, "the LibreOffice tests will be skipped")


def sample() -> int:
    """Score the bundled seed-000 sample (喀什市医疗保障局 2024) into out/."""
    out = ROOT / "out"
    out.mkdir(exist_ok=True)
    return run([str(BIN / "xlkit"), "score", str(ROOT / "samples" / "kashi-medical-security-2024"),
                "-o", str(out / "综合评分表（喀什市医疗保障局2024）.xlsx"), "--force"])


def lint() -> int:
    """The gates: ruff and mypy must both report nothing. Both run, so one run shows every finding."""
    failed = [name for name, cmd in (("ruff check .", [str(PY), "-m", "ruff", "check", "."]),
                                     ("mypy", [str(PY), "-m", "mypy"]))
              if run(cmd) != 0]
    if failed:
        print(f"dev.py test: {' and '.join(failed)} reported findings (listed above); "
              "fix them before the tests run", file=sys.stderr, flush=True)
        return 1
    return 0


def workers() -> int:
    """One pytest worker per CPU this process may use (at most 8): most of the suite's time is LibreOffice
    renders and workbook round trips, which run side by side. Pass `-n 0` after `test` to run in one process."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def test(args: list[str]) -> int:
    if lint() != 0:
        return 1
    ensure_libreoffice()
    # --dist loadfile: a test file's module fixtures (rendered PDFs, built sample folders) are made once.
    return run([str(PY), "-m", "pytest", "-n", str(workers()), "--dist", "loadfile", *args])


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("sample", "test"):
        print(__doc__)
        return 2
    setup()
    return sample() if sys.argv[1] == "sample" else test(sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
