"""Pre-flight checks before any workbook is parsed: the container, its size and its parts.

A clerk's file is looked at as bytes first, so that an encrypted file, an old .xls, a macro
workbook, a CSV renamed to .xlsx, a truncated download or a zip bomb each get one clear
Chinese message instead of a traceback, and nothing is inflated beyond a fixed budget.
"""

from __future__ import annotations

import os
import re
import warnings
import zipfile
import zlib
from pathlib import Path
from typing import Any

from xlkit.errors import WorkbookError

__all__ = ["FileProblem", "preflight", "load", "OLE_MAGIC", "ZIP_MAGIC"]

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 5_000
MAX_TOTAL_INFLATED = 300 * 1024 * 1024
MAX_ENTRY_INFLATED = 200 * 1024 * 1024
# Sheet XML of sparse spreadsheets compresses well, but not a thousandfold.
MAX_RATIO = 1_000

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_TYPES_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Types[\s>/]")


class FileProblem(WorkbookError):
    """A file that cannot be read as one of our workbooks, with a stable issue ``code``.

    Codes: ``file-missing``, ``not-a-file``, ``file-empty``, ``file-too-large``, ``macro-workbook``,
    ``encrypted``, ``xls-legacy``, ``not-xlsx``, ``corrupt``, ``unsafe-file``, ``workbook-unreadable``
    (and, from the reader, ``wrong-workbook`` and ``version-mismatch``).
    """

    def __init__(self, message: str, code: str = "workbook-unreadable"):
        super().__init__(message)
        self.code = code


def _require_defusedxml() -> None:
    from openpyxl import xml as oxml

    if not getattr(oxml, "DEFUSEDXML", False):
        raise WorkbookError(
            "安全组件 defusedxml 未启用，拒绝读取工作簿（请安装 defusedxml，且不要设置 OPENPYXL_DEFUSEDXML=False）"
        )


def preflight(path: Path) -> dict[str, bytes | None]:
    """Raise WorkbookError (Chinese) unless ``path`` looks like a plain, safe .xlsx.

    Returns every part name of the zip; the parts the fast reader parses (workbook, its rels,
    styles, shared strings, worksheets) come with the bytes inflated here, so nothing is inflated twice.
    """
    name = path.name
    if not path.exists():
        raise FileProblem(f"找不到文件：{name}", "file-missing")
    if path.is_dir():
        raise FileProblem(f"{name} 是文件夹，不是工作簿", "not-a-file")
    if not path.is_file():  # a named pipe or device: opening it could block or never end
        raise FileProblem(f"{name} 不是普通文件（可能是管道或设备），不是工作簿", "not-a-file")
    size = path.stat().st_size
    if size == 0:
        raise FileProblem(f"{name} 是空文件（0 字节），请重新保存或重新发送", "file-empty")
    if size > MAX_FILE_BYTES:
        raise FileProblem(f"{name} 过大（{size // 1024 // 1024} MB，上限 50 MB）", "file-too-large")
    if path.suffix.lower() == ".xlsm":
        raise FileProblem(f"{name} 是启用宏的工作簿（.xlsm），请另存为 Excel 工作簿（*.xlsx）", "macro-workbook")
    with path.open("rb") as fh:
        head = fh.read(8)
        if head == OLE_MAGIC:
            body = fh.read(min(size, 4 * 1024 * 1024))
            if "EncryptedPackage".encode("utf-16-le") in body or b"EncryptionInfo" in body:
                raise FileProblem(f"{name} 已加密（设置了打开密码），请取消密码后重新提交", "encrypted")
            if path.suffix.lower() == ".et":
                raise FileProblem(f"{name} 是 WPS 表格格式（.et），请在 WPS 中另存为 Excel 工作簿（*.xlsx）", "xls-legacy")
            raise FileProblem(f"{name} 是旧版 Excel 97-2003 文件（.xls），请另存为 Excel 工作簿（*.xlsx）", "xls-legacy")
    if head[:4] != ZIP_MAGIC:
        raise FileProblem(f"{name} 不是 Excel 工作簿（.xlsx）；若是 CSV 或其他格式，请在 Excel 中另存为 *.xlsx", "not-xlsx")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_entries(name, infos)
            parts = _check_streams(name, zf, infos)
            names = set(parts)
            if "xl/workbook.xml" not in names:
                if "mimetype" in names and zf.read("mimetype")[:200].startswith(ODS_MIMETYPE):
                    raise FileProblem(f"{name} 是 OpenDocument 表格（.ods），请另存为 Excel 工作簿（*.xlsx）", "not-xlsx")
                raise FileProblem(f"{name} 不是 Excel 工作簿（缺少 xl/workbook.xml）", "not-xlsx")
            if "xl/vbaProject.bin" in names:
                raise FileProblem(f"{name} 含有宏（VBA），为安全起见拒绝读取；请另存为不含宏的 *.xlsx", "macro-workbook")
            content_types = parts.get("[Content_Types].xml") or b""
            # The root element, with or without a namespace prefix (ElementTree writes ``ns0:Types``).
            if not _TYPES_ROOT.search(content_types[:4096]):  # Excel and openpyxl cannot open it
                raise FileProblem(f"{name} 已损坏（缺少内容类型清单 [Content_Types].xml），请重新保存或重新发送", "corrupt")
            if b"macroEnabled" in content_types:
                raise FileProblem(f"{name} 是启用宏的工作簿，请另存为 Excel 工作簿（*.xlsx）", "macro-workbook")
            if b"purl.oclc.org/ooxml" in (parts["xl/workbook.xml"] or b"")[:4096]:
                raise FileProblem(f"{name} 是“Strict Open XML”格式，请另存为普通 Excel 工作簿（*.xlsx）", "not-xlsx")
            return parts
    except FileProblem:
        raise
    except zipfile.BadZipFile as exc:
        raise FileProblem(f"{name} 已损坏或不完整（{exc}），请重新保存或重新发送", "corrupt") from exc
    except (zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, KeyError, zlib.error) as exc:
        raise FileProblem(f"{name} 无法作为工作簿读取（{exc}）", "corrupt") from exc


def _check_entries(name: str, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise FileProblem(f"{name} 内部文件过多（{len(infos)} 个），拒绝读取", "unsafe-file")
    total = 0
    for info in infos:
        fn = info.filename
        if fn.startswith(("/", "\\")) or ".." in fn.replace("\\", "/").split("/"):
            raise FileProblem(f"{name} 含有非法路径 {fn}，拒绝读取", "unsafe-file")
        total += info.file_size
        if info.file_size > MAX_ENTRY_INFLATED or total > MAX_TOTAL_INFLATED:
            raise FileProblem(f"{name} 解压后过大（疑似压缩炸弹），拒绝读取", "unsafe-file")
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1024 * 1024:
            raise FileProblem(f"{name} 压缩比异常（疑似压缩炸弹），拒绝读取", "unsafe-file")


_DOCTYPE = (b"<!DOCTYPE", "<!DOCTYPE".encode("utf_16_le"), "<!DOCTYPE".encode("utf_16_be"))


def _declares_dtd(data: bytes) -> bool:
    # Office never writes a DTD (OPC forbids them); one in a part is an entity bomb or an external
    # entity. Refused here for every reader alike, before any XML parser sees it.
    return any(d in data for d in _DOCTYPE)


_KEPT = re.compile(r"\[Content_Types\]\.xml|"
                   r"xl/(?:workbook\.xml|_rels/workbook\.xml\.rels|styles\.xml|sharedStrings\.xml|worksheets/[^/]+\.xml)")


def _check_streams(name: str, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> dict[str, bytes | None]:
    """Inflate every part in bounded steps: it must end at its declared size with its CRC.

    Python's ``ZipFile.read`` (and so openpyxl) inflates a part's whole stream before cutting it to
    the declared size: a part declared as 2 KB whose stream holds 1 GB of zeros passes the size
    checks and then takes 1 GB of memory. Here no step produces more than 1 MB, and a stream that
    goes on past its declared size is refused. The parts the reader parses are kept (see preflight).
    """
    import struct

    fp = zf.fp
    assert fp is not None
    parts: dict[str, bytes | None] = {}
    for info in infos:
        parts[info.filename] = None
        if info.is_dir():
            continue
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            # Office files (OPC) use only these two.
            raise FileProblem(f"{name} 的 {info.filename} 使用了不支持的压缩方式，拒绝读取", "unsafe-file")
        fp.seek(info.header_offset)
        header = fp.read(30)
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            raise FileProblem(f"{name} 已损坏（{info.filename} 位置不对），请重新保存或重新发送", "corrupt")
        skip = sum(struct.unpack("<HH", header[26:30]))
        fp.seek(info.header_offset + 30 + skip)
        inflate = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
        xml = info.filename.lower().endswith((".xml", ".rels", ".vml"))
        chunks: list[bytes] | None = [] if _KEPT.fullmatch(info.filename) else None
        left, produced, crc, tail = info.compress_size, 0, 0, b""
        while left > 0 and not (inflate is not None and inflate.eof):
            data = fp.read(min(1 << 16, left))
            if not data:
                break
            left -= len(data)
            while True:
                out = data if inflate is None else inflate.decompress(data, 1 << 20)
                if xml and (_declares_dtd(tail + out[:32]) or _declares_dtd(out)):
                    raise FileProblem(f"{name} 的 {info.filename} 含有 DTD（实体声明，可能是 XML 炸弹或外部实体），"
                                      "拒绝读取", "unsafe-file")
                produced += len(out)
                if produced > info.file_size:
                    raise FileProblem(f"{name} 的 {info.filename} 解压后超过其声明的大小（疑似压缩炸弹），拒绝读取",
                                      "unsafe-file")
                crc = zlib.crc32(out, crc)
                tail = out[-32:] if out else tail
                if chunks is not None:
                    chunks.append(out)
                if inflate is None:
                    break
                data = inflate.unconsumed_tail
                # A full step may leave output inside zlib even when all input is taken: ask again.
                if inflate.eof or (not data and len(out) < 1 << 20):
                    break
        if produced != info.file_size or crc != info.CRC:
            raise FileProblem(f"{name} 已损坏（{info.filename} 校验失败），请重新保存或重新发送", "corrupt")
        if chunks is not None:
            parts[info.filename] = b"".join(chunks)
    return parts


def load(path: Path, *, data_only: bool = False, backend: str | None = None) -> Any:
    """Pre-flight, then open for reading; every failure is a WorkbookError.

    ``backend``: ``auto`` (default; the sheet XML read directly behind openpyxl's cell interface,
    openpyxl for any sheet it cannot read exactly — see ``xlkit.read.xml_book``) or ``openpyxl``. The
    environment variable ``XLKIT_READER`` sets the default. ``data_only`` (cached formula values) is
    openpyxl only.
    """
    parts = preflight(path)
    backend = backend or os.environ.get("XLKIT_READER") or "auto"
    if backend != "openpyxl" and not data_only:
        from xlkit.read.xml_book import open_book

        try:
            return open_book(path, lambda: _load_openpyxl(path, data_only), parts)
        except Exception:  # whatever the fast path refuses, openpyxl reads or explains
            pass
    return _load_openpyxl(path, data_only)


def _load_openpyxl(path: Path, data_only: bool) -> Any:
    # Checked here, where openpyxl parses: the fast path refuses any DTD in preflight and imports no
    # openpyxl, so the check (which imports openpyxl) would only slow it.
    _require_defusedxml()
    import openpyxl

    try:
        with warnings.catch_warnings():
            # Excel's x14 validation extensions are dropped on read; we never write the file back.
            warnings.simplefilter("ignore", UserWarning)
            return openpyxl.load_workbook(path, data_only=data_only, keep_links=False, keep_vba=False)
    except WorkbookError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on malformed parts
        raise FileProblem(f"{path.name} 无法读取（{type(exc).__name__}: {exc}）", "workbook-unreadable") from exc
