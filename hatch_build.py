"""Build hook: compile the optional C sheet scan (xlkit/read/_sheetscan.c) into the wheel or, for an
editable install, beside its source.

The scan reads a worksheet's cells with Python's own expat (through the pyexpat capsule) about four
times faster than building the element tree; without it xlkit reads every sheet the same way in pure
Python. So a machine without a C compiler or expat's header (``expat.h``: Debian's libexpat1-dev)
still installs xlkit, with a warning, and the wheel is then pure Python.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SOURCE = "xlkit/read/_sheetscan.c"


def build_scan(root: Path) -> Path:
    """Compile the scan in place (beside its source); the path of the built module."""
    from setuptools import Distribution, Extension

    ext = Extension("xlkit.read._sheetscan", [SOURCE])
    cwd = os.getcwd()
    os.chdir(root)  # setuptools works with paths relative to the project
    try:
        with tempfile.TemporaryDirectory() as work:  # the object files; no build/ left in the project
            dist = Distribution({"name": "xlkit-sheetscan", "ext_modules": [ext]})
            cmd: Any = dist.get_command_obj("build_ext")
            cmd.inplace = True
            cmd.build_temp = cmd.build_lib = work
            cmd.ensure_finalized()
            with contextlib.redirect_stdout(None):
                cmd.run()
            return root / cmd.get_ext_filename(ext.name)
    finally:
        os.chdir(cwd)


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        try:
            built = build_scan(Path(self.root))
        except Exception as exc:  # no compiler, no expat.h: the pure-Python reader does the same work
            self.app.display_warning(f"xlkit: the C sheet scan was not built ({type(exc).__name__}: {exc}); "
                                     "sheets are read in pure Python")
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        if version != "editable":  # an editable install imports it from beside its source
            build_data["force_include"][str(built)] = built.relative_to(self.root).as_posix()
