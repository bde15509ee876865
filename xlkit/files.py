"""Safe outputs: written to a temporary file beside the target and renamed into place.

An interrupted run therefore leaves any earlier output intact, and an existing file is
never replaced unless the caller says ``force``.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

from .errors import OutputExistsError, XlkitError


@contextlib.contextmanager
def atomic_output(path: Path, *, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path; on success it replaces ``path`` in one rename."""
    path = Path(path)
    if path.exists() and not force:
        raise OutputExistsError(f"文件已存在：{path}（如需覆盖请加 --force）")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise XlkitError(f"无法创建目录：{path.parent}：{exc.strerror}") from exc
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
