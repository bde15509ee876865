"""Safe outputs: written to a temporary file beside the target and renamed into place.

An interrupted run therefore leaves any earlier output intact, and an existing file is
never replaced unless the caller says ``force``. On Linux the temporary file has no name until
it is complete (O_TMPFILE), so even a killed run leaves nothing behind in the folder.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

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
    fd = _anonymous_file(path.parent)
    if fd is not None:
        try:
            yield Path(f"/proc/self/fd/{fd}")
            _link_into_place(fd, path)
        finally:
            os.close(fd)
        return
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _anonymous_file(folder: Path) -> int | None:
    """A nameless file in ``folder`` (Linux O_TMPFILE), or None where the system has none.

    A run killed while writing (SIGKILL, power cut) can clean nothing up; a file without a name
    disappears with the process, so no half-written temporary is left in the user's folder.
    """
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not Path("/proc/self/fd").is_dir():
        return None
    try:
        return os.open(folder, flag | os.O_RDWR, 0o666)
    except OSError:  # a file system without O_TMPFILE support
        return None


def _link_into_place(fd: int, path: Path) -> None:
    # The finished file gets a hidden name for an instant, then one rename replaces the target.
    tmp = path.parent / f".{path.stem}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    proc = os.open("/proc/self", os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.link(f"fd/{fd}", tmp, src_dir_fd=proc, follow_symlinks=True)
    finally:
        os.close(proc)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
