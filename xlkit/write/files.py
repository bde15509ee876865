"""Safe outputs: written to a temporary file beside the target, made durable, then put into place.

An interrupted run therefore leaves any earlier output intact, and an existing file is never
replaced unless the caller says ``force``. On Linux the temporary file has no name until it is
complete (O_TMPFILE), so even a killed run leaves nothing behind in the folder.

Every path gives the same result:
- the file's content is flushed to disk (fsync) before it takes the target's name, and the folder
  after, so a power cut leaves the old file or the new one, never an empty or partial one;
- the file's permissions come from the umask (0644 under the usual 022), as for any file the user
  creates, whether the system has O_TMPFILE or not (``tempfile.mkstemp`` alone would give 0600);
- without ``force`` the name is taken with a hard link, which fails if the target appeared in the
  meantime (another run, another clerk): "exists?" and "write" are one atomic step, not two. On a file
  system without hard links the name is reserved with O_EXCL first, then replaced.

A caller writing thousands of outputs (``xlkit batch``) may take the folder fsync over: inside
``folder_syncs_deferred()`` each file is still fsynced before it takes its name (so a power cut
never leaves an empty or partial file under it), but its folder is not; the caller calls
``sync_folders`` on them before it reports the outputs as done (the 汇总 of a batch). A power cut
in between can lose a new name, never give it wrong content.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from xlkit.errors import OutputExistsError, XlkitError

__all__ = ["atomic_output", "USE_ANONYMOUS_FILES", "umask", "folder_syncs_deferred", "sync_folders"]

# Linux's nameless temporary files; tests turn them off to exercise the named path other systems take.
USE_ANONYMOUS_FILES = True
# Folders whose fsync the caller has taken over (``folder_syncs_deferred``); None: each output syncs its own.
_deferred: set[Path] | None = None


@contextlib.contextmanager
def folder_syncs_deferred() -> Iterator[set[Path]]:
    """Within: outputs leave their folder's fsync to the caller; yields the set of those folders.

    Each fsync of a folder costs a journal commit; a batch writing one result per folder paid two
    commits a folder where one suffices (the file's data before its name), the names being made
    durable together at the end (``sync_folders``).
    """
    global _deferred
    outer, _deferred = _deferred, set()
    try:
        yield _deferred
    finally:
        _deferred = outer


def sync_folders(folders: Iterable[Path]) -> None:
    """fsync each folder (what ``atomic_output`` does after each output unless deferred)."""
    for folder in folders:
        _sync_folder(Path(folder))


def umask() -> int:
    """The process's umask (read, not changed, where the system says it)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere the only way to read it is to set it for an instant
    os.umask(mask)
    return mask


def _exists_error(path: Path) -> OutputExistsError:
    return OutputExistsError(f"文件已存在：{path}（如需覆盖请加 --force）")


@contextlib.contextmanager
def atomic_output(path: Path, *, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path; on success its content becomes ``path`` in one step."""
    path = Path(path)
    if path.exists() and not force:  # early, before any work; the link below decides for good
        raise _exists_error(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise XlkitError(f"无法创建目录：{path.parent}：{exc.strerror}") from exc
    fd = _anonymous_file(path.parent) if USE_ANONYMOUS_FILES else None
    if fd is not None:
        try:
            yield Path(f"/proc/self/fd/{fd}")
            os.fsync(fd)
            _link_into_place(fd, path, force)
        finally:
            os.close(fd)
        _name_done(path.parent)
        return
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, 0o666 & ~umask())  # mkstemp makes it 0600; any other file of the user follows the umask
        os.close(fd)
        fd = -1
        yield tmp
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        _put_in_place(tmp, path, force)
    finally:
        if fd >= 0:
            os.close(fd)
        tmp.unlink(missing_ok=True)
    _name_done(path.parent)


def _name_done(folder: Path) -> None:
    """The new name is in ``folder``: make it durable now, or leave that to the deferring caller."""
    if _deferred is None:
        _sync_folder(folder)
    else:
        _deferred.add(folder)


def _anonymous_file(folder: Path) -> int | None:
    """A nameless file in ``folder`` (Linux O_TMPFILE), or None where the system has none.

    A run killed while writing (SIGKILL, power cut) can clean nothing up; a file without a name
    disappears with the process, so no half-written temporary is left in the user's folder.
    """
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not Path("/proc/self/fd").is_dir():
        return None
    try:
        return os.open(folder, flag | os.O_RDWR, 0o666)  # the kernel applies the umask
    except OSError:  # a file system without O_TMPFILE support
        return None


def _link_into_place(fd: int, path: Path, force: bool) -> None:
    proc = os.open("/proc/self", os.O_RDONLY | os.O_DIRECTORY)
    try:
        if not force:
            try:  # the nameless file takes the target's name only if nobody holds it
                os.link(f"fd/{fd}", path, src_dir_fd=proc, follow_symlinks=True)
                return
            except FileExistsError:
                raise _exists_error(path) from None
        # The finished file gets a hidden name for an instant, then one rename replaces the target.
        tmp = path.parent / f".{path.stem}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
        os.link(f"fd/{fd}", tmp, src_dir_fd=proc, follow_symlinks=True)
    finally:
        os.close(proc)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _put_in_place(tmp: Path, path: Path, force: bool) -> None:
    if force:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)  # fails if the target exists: the check and the write are one step
        return
    except FileExistsError:
        raise _exists_error(path) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.ENOSYS, errno.EMLINK):
            raise
    # No hard links here (FAT, some network shares): reserve the name, then replace the reservation.
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except FileExistsError:
        raise _exists_error(path) from None
    os.replace(tmp, path)


def _sync_folder(folder: Path) -> None:
    """Make the new name durable too (a rename lives in the folder's own data)."""
    try:
        dfd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # Windows cannot open a folder; its renames are journalled by NTFS
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)
