"""Atomic outputs (``xlkit.write.files.atomic_output``) on every path the systems we run on take.

``anonymous``: Linux O_TMPFILE; ``named``: a named temporary file (macOS, Windows, file systems
without O_TMPFILE); ``no-links``: named, on a file system without hard links. On each: the content
reaches the disk before the name (fsync of file and folder), permissions follow the umask, an
existing file is never replaced without ``force`` — even one that appears while the output is
being written — and an interrupted write leaves the old file and no temporary.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from xlkit.errors import OutputExistsError
from xlkit.write import files
from xlkit.write.files import atomic_output

MODES = ("anonymous", "named", "no-links")


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    if request.param == "anonymous" and not hasattr(os, "O_TMPFILE"):
        pytest.skip("no O_TMPFILE on this system")
    if request.param != "anonymous":
        monkeypatch.setattr(files, "USE_ANONYMOUS_FILES", False)
    if request.param == "no-links":
        def no_link(*args: object, **kwargs: object) -> None:
            raise OSError(errno.EPERM, "Operation not permitted")
        monkeypatch.setattr(os, "link", no_link)
    old = os.umask(0o027)  # not the usual 022, so that mkstemp's 0600 and a fixed 0644 both show
    try:
        yield request.param
    finally:
        os.umask(old)


def test_content_and_permissions_follow_the_umask(mode: str, tmp_path: Path) -> None:
    target = tmp_path / "out" / "综合评分表.xlsx"
    with atomic_output(target) as tmp:
        tmp.write_bytes(b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in target.parent.iterdir()] == ["综合评分表.xlsx"]


def test_file_and_folder_are_synced_before_and_after_the_name(mode: str, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "综合评分表.xlsx"
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("dir" if _is_dir(fd) else "file")
        real_fsync(fd)

    def replace(src: object, dst: object) -> None:
        events.append("name")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    with atomic_output(target) as tmp:
        tmp.write_bytes(b"new")
    assert target.read_bytes() == b"new"
    assert events[0] == "file" and events[-1] == "dir", events


def _is_dir(fd: int) -> bool:
    import stat

    return stat.S_ISDIR(os.fstat(fd).st_mode)


def test_existing_file_needs_force(mode: str, tmp_path: Path) -> None:
    target = tmp_path / "综合评分表.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(OutputExistsError), atomic_output(target) as tmp:
        tmp.write_bytes(b"new")
    assert target.read_bytes() == b"old"
    with atomic_output(target, force=True) as tmp:
        tmp.write_bytes(b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["综合评分表.xlsx"]


def test_a_file_appearing_while_writing_is_not_replaced(mode: str, tmp_path: Path) -> None:
    """The "exists?" check before the work is advisory; taking the name is what refuses."""
    target = tmp_path / "综合评分表.xlsx"
    with pytest.raises(OutputExistsError), atomic_output(target) as tmp:
        tmp.write_bytes(b"mine")
        target.write_bytes(b"another run's")
    assert target.read_bytes() == b"another run's"
    assert [p.name for p in tmp_path.iterdir()] == ["综合评分表.xlsx"]


def test_an_interrupted_write_leaves_the_old_file_and_nothing_else(mode: str, tmp_path: Path) -> None:
    target = tmp_path / "综合评分表.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(KeyboardInterrupt), atomic_output(target, force=True) as tmp:
        tmp.write_bytes(b"half")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["综合评分表.xlsx"]


def test_deferred_folder_sync_still_syncs_the_file_before_its_name(mode: str, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch takes the folder fsyncs over (one pass at its end); the file's own fsync stays before
    its name on every path, so the name never shows an empty or partial file after a power cut."""
    target = tmp_path / "单位1" / "综合评分表.xlsx"
    events: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        events.append("dir" if _is_dir(fd) else "file")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with files.folder_syncs_deferred() as pending:
        with atomic_output(target) as tmp:
            tmp.write_bytes(b"new")
            assert not target.exists()
        assert events == ["file"] and target.read_bytes() == b"new"
        assert pending == {target.parent}
    files.sync_folders(pending)
    assert events == ["file", "dir"]
    # Outside the block each output syncs its folder again.
    with atomic_output(tmp_path / "other.xlsx") as tmp:
        tmp.write_bytes(b"x")
    assert events == ["file", "dir", "file", "dir"]
