"""Where a command's ``-o`` writes: a folder gets the default file name inside it; a file name must end
in a suffix the command writes (xlsx bytes under ``.xls`` would not open)."""

from __future__ import annotations

from pathlib import Path

from xlkit.errors import XlkitError

__all__ = ["output_path"]


def output_path(given: Path | None, default: Path, suffixes: tuple[str, ...] = (".xlsx",)) -> Path:
    """The file ``-o given`` means: ``default`` when not given; ``given/<default's name>`` when
    ``given`` is a folder (an existing one, or a name without a suffix, which is created); else
    ``given`` itself, refused unless it ends in one of ``suffixes``."""
    if given is None:
        return default
    if given.is_dir() or not given.suffix:
        return given / default.name
    if given.suffix.lower() not in suffixes:
        kinds = " 或 ".join(suffixes)
        raise XlkitError(f"-o {given}：只能写出 {kinds} 文件（扩展名为“{given.suffix}”）；"
                         f"给一个文件夹时写出其中的 {default.name}")
    return given
