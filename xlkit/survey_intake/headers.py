"""A platform's header row: which platform (问卷星 or 腾讯问卷) and what each column holds.

问卷星 writes ``N、题干`` (with ``(单选题 *必答)``), matrix rows ``N、题干—行`` followed by bare row
headers, ``第N题(选项)`` option columns and ``N、(其他…)`` fill-ins; 腾讯问卷 writes ``N.题干``,
``N.题干:选项`` and ``…_填空k``. ``detect_header`` tries both on the first rows and keeps the best.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from xlkit.survey_intake.loading import HEADER_SCAN_ROWS, cell_text

__all__ = ["Column", "QTYPES", "WJX_META", "TENCENT_META", "TENCENT_OTHER_META", "detect_header"]


MAX_COLS = 2_000

WJX_META = {"序号": "id", "提交答卷时间": "submitted", "所用时间": "duration", "来源": "source",
            "来源详情": "source_detail", "来自IP": "ip", "总分": "total"}
TENCENT_META = {"编号": "id", "开始答题时间": "started", "结束答题时间": "submitted", "答题时长": "duration",
                "地理位置国家和地区": "country", "地理位置省": "province", "地理位置市": "city", "IP": "ip"}
TENCENT_OTHER_META = frozenset({"自定义字段", "用户类型", "用户标识", "昵称", "UA", "Referrer", "语言", "清洗数据结果",
                                "智能清洗数据无效概率", "中奖时间", "中奖金额", "审核状态", "来源"})

_WJX_Q = re.compile(r"^(\d{1,3})[、:]\s*(.*)$", re.S)
_WJX_OPTION_COL = re.compile(r"^第(\d{1,3})题\((.*)\)$", re.S)
_TX_Q = re.compile(r"^(\d{1,3})\.(?!\d)\s*(.*)$", re.S)
_TYPE_SUFFIX = re.compile(r"\s*\(\s*([^()]*?题)\s*(?:\*\s*必答)?\s*\)\s*$")
_FILL_SUFFIX = re.compile(r"_填空\d*$")

# 题型 words of the wjx header suffix; None = a type this importer does not tally (reported).
QTYPES: dict[str, str | None] = {
    "单选题": "单选", "量表题": "单选", "下拉框题": "单选", "评分单选题": "单选", "判断题": "单选",
    "多选题": "多选", "评分多选题": "多选",
    "填空题": "填空", "多项填空题": "填空", "简答题": "填空", "矩阵文本题": "填空", "矩阵填空题": "填空",
    "矩阵单选题": "单选", "矩阵量表题": "单选",
    "排序题": None, "矩阵多选题": None, "比重题": None, "滑动条": None,
}


@dataclass
class Column:
    index: int
    header: str
    role: str  # meta / main / option / row / fill / sub / ignored
    number: int | None = None
    text: str = ""
    sub: str = ""
    qtype: str | None = None
    meta: str | None = None


def _norm_header(value: Any) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", cell_text(value))).strip()


def _split_type(text: str) -> tuple[str, str | None]:
    m = _TYPE_SUFFIX.search(text)
    if m and m.group(1) in QTYPES:
        return text[: m.start()].strip(), m.group(1)
    return text.strip(), None


def _parse_wjx(headers: list[str]) -> list[Column]:
    cols: list[Column] = []
    matrix: Column | None = None
    seen: set[int] = set()  # numbers that already have a question or option column
    for i, h in enumerate(headers):
        if not h:
            cols.append(Column(i, h, "ignored"))
            continue
        if h in WJX_META:
            cols.append(Column(i, h, "meta", meta=WJX_META[h]))
            matrix = None
            continue
        m = _WJX_OPTION_COL.match(h)
        if m:
            cols.append(Column(i, h, "option", int(m.group(1)), sub=m.group(2).strip()))
            seen.add(int(m.group(1)))
            matrix = None
            continue
        m = _WJX_Q.match(h)
        if m:
            n, body = int(m.group(1)), m.group(2).strip()
            if n in seen and body.startswith("(") and body.endswith(")"):
                # 序号 exports put an option's fill-in text in its own column: "25、(其他（请补充）:)".
                cols.append(Column(i, h, "fill", n, sub=body[1:-1].rstrip(":").strip()))
                matrix = None
                continue
            if "—" in body:
                text, row = body.rsplit("—", 1)
                text, qtype = _split_type(text)
                col = Column(i, h, "row", n, text, row.strip(), qtype)
                cols.append(col)
                matrix = col
            else:
                text, qtype = _split_type(body)
                cols.append(Column(i, h, "main", n, text, qtype=qtype))
                matrix = None
            seen.add(n)
            continue
        if matrix is not None:
            cols.append(Column(i, h, "row", matrix.number, matrix.text, h, matrix.qtype))
            continue
        cols.append(Column(i, h, "ignored"))
    return cols


def _parse_tencent(headers: list[str]) -> list[Column]:
    cols: list[Column] = []
    for i, h in enumerate(headers):
        if h in TENCENT_META:
            cols.append(Column(i, h, "meta", meta=TENCENT_META[h]))
            continue
        m = _TX_Q.match(h) if h else None
        if not m:
            cols.append(Column(i, h, "ignored" if h not in TENCENT_OTHER_META else "meta"))
            continue
        n, body = int(m.group(1)), m.group(2).strip()
        fill = _FILL_SUFFIX.search(body)
        if fill:
            body = body[: fill.start()]
            text, _, sub = body.rpartition(":") if ":" in body else (body, "", "")
            cols.append(Column(i, h, "fill", n, text.strip(), sub.strip()))
        elif ":" in body:
            text, _, sub = body.rpartition(":")
            cols.append(Column(i, h, "sub", n, text.strip(), sub.strip()))
        else:
            cols.append(Column(i, h, "main", n, body))
    return cols


def detect_header(rows: list[list[Any]]) -> tuple[int, str, list[Column]] | None:
    """(header row index, platform, columns) of the best-looking header row, or None."""
    best: tuple[int, int, str, list[Column]] | None = None
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        headers = [_norm_header(v) for v in row[:MAX_COLS]]
        for platform, parse in (("问卷星", _parse_wjx), ("腾讯问卷", _parse_tencent)):
            cols = parse(headers)
            questions = sum(1 for c in cols if c.number is not None)
            if not questions:
                continue
            score = questions + 3 * sum(1 for c in cols if c.role == "meta")
            if best is None or score > best[1]:
                best = (r, score, platform, cols)
    return None if best is None else (best[0], best[2], best[3])
