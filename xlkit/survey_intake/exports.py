"""Read 问卷星 (wjx) and 腾讯问卷 exports: one row per 答卷 → tallies, open answers, quality flags.

Evaluators today copy the platform's totals into Word by hand. This module reads the raw export
(.xlsx, .xls or .csv) and builds an ``xlkit.compute.survey.Survey`` from it, question by question:

* 问卷星 按选项文本: questions ``N、题干`` (optionally ``(单选题 *必答)``), multi-choice joined by
  ``┋``, matrix rows ``N、题干—行`` followed by bare row headers, option fill-ins ``其他〖…〗``.
* 问卷星 按选项序号 / 按分数: the same headers with numbers for answers, multi-choice as one 0/1
  column per option ``第N题(选项)``, option fill-ins as ``N、(其他…)`` columns. Numbers carry no
  option text, so their labels come from the 按选项文本 export of the same survey (paired by 序号)
  or, for 序号, from the option lists typed in 问卷统计.xlsx (in questionnaire order). Options are
  always mapped by **text**, never guessed from a position.
* 腾讯问卷: ``N.题干``; multi-choice as ``N.题干:选项`` columns; fill-ins ``…_填空k``.

Skip logic: "(跳过)", "(空)", -3, -2 and blanks are not answers, so every question has its own N
(003 Q6 was answered by the 84 who said 是 in Q5; 000 Q5 by 101 of 102). Options nobody chose are
absent from an export: a question whose answers are words of a known ladder (非常满意…不满意,
显著…无, 是/否) is completed with the missing rungs; other questions list what was chosen, unless the
option list was typed in 问卷统计.xlsx beforehand.

Quality flags (identical answers throughout, completion time under a threshold, duplicate IPs,
answers outside the population, strata far from the population's) are reported; no respondent is
ever dropped silently. Errors in the export are Issues with file, sheet and cell, all collected.

Issue codes: errors export-missing, export-empty-file, export-too-large, export-encrypted,
export-unreadable, export-no-header, export-no-rows, export-duplicate-question, export-bad-value,
export-label-unknown, export-answer-unknown, export-labels-mismatch, survey-label-unmapped,
survey-filled, survey-workbook-unreadable, output-exists; warnings export-column-ignored, export-bad-time,
export-question-skipped, survey-ladder-assumed, survey-personal, flag-straight-line,
flag-too-fast, flag-duplicate-ip, flag-outside-population, flag-strata-skew.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlkit.compute import survey as sv
from xlkit.errors import RuleConfigError, XlkitError
from xlkit.read.numbers import ZERO, D, fmt_pct, ratio
from xlkit.spec.issues import Issue, Report, Severity

__all__ = [
    "ImportOptions",
    "ImportedQuestion",
    "Respondent",
    "Flag",
    "Stratum",
    "SurveyImport",
    "SurveyImportError",
    "Codebook",
    "read_export",
    "parse_strata",
    "resolve_scheme",
    "FORMS",
]

FORMS = {"text": "按选项文本", "index": "按选项序号", "score": "按分数"}
MAX_ROWS = 100_000
MAX_COLS = 2_000
MAX_BYTES = 50 * 1024 * 1024
HEADER_SCAN_ROWS = 5

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
_FILL_IN = re.compile(r"〖([^〗]*)〗")
_PERSONAL = re.compile(r"姓名|联系方式|联系电话|电话|手机|身份证|住址|微信号|邮箱")
_NUMBER = re.compile(r"^-?\d+(\.0+)?$")
_SKIP_NUMBER = re.compile(r"^-[23](\.0+)?$")
_IP = re.compile(r"^\s*([0-9a-fA-F.:]+)\s*(?:\((.*)\))?\s*$")

# 题型 words of the wjx header suffix; None = a type this importer does not tally (reported).
_QTYPES: dict[str, str | None] = {
    "单选题": "单选", "量表题": "单选", "下拉框题": "单选", "评分单选题": "单选", "判断题": "单选",
    "多选题": "多选", "评分多选题": "多选",
    "填空题": "填空", "多项填空题": "填空", "简答题": "填空", "矩阵文本题": "填空", "矩阵填空题": "填空",
    "矩阵单选题": "单选", "矩阵量表题": "单选",
    "排序题": None, "矩阵多选题": None, "比重题": None, "滑动条": None,
}
YES_NO = ("是", "否")
# Open answers longer than this, or more distinct answers than this, make an untyped column free text.
_OPEN_DISTINCT = 12


class SurveyImportError(XlkitError):
    """The export cannot be imported; ``report`` lists every problem with file, sheet and cell."""

    def __init__(self, message: str, report: Report):
        super().__init__(message)
        self.report = report


# --------------------------------------------------------------------------------------------
# Options


@dataclass(frozen=True)
class ImportOptions:
    """How an export becomes a tally. Every field has the seeds' default.

    ``scheme`` scores the satisfaction ladders (by option text); ``question_schemes`` overrides it
    per question ({"Q11": "百分制100/80/60/40/0"}). ``scored`` lists the questions that count toward
    综合满意度 (default: those whose options are a full satisfaction ladder). ``method`` is ``mean``
    (000) or ``pooled``; ``share_style`` ``1dp`` (000) or ``wjx`` (003). ``min_seconds`` flags faster
    answers (default 30 % of the median time). ``region`` flags IP locations outside it;
    ``strata`` compares a question's shares with the population's ({"Q3": {"单建…": 4157, …}}).
    ``labels`` is the 按选项文本 export that names the numbers of a 序号/分数 export.
    """

    scheme: str = "五级1/0.8/0.6/0.3/0"
    question_schemes: Mapping[str, str] = field(default_factory=dict)
    scored: Sequence[str] | None = None
    method: str = "mean"
    share_style: str = "1dp"
    min_seconds: Decimal | None = None
    speed_share: Decimal = Decimal("0.3")
    region: str | None = None
    strata: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    strata_tolerance: Decimal = Decimal("0.10")
    population: int | None = None
    labels: Path | None = None
    form: str | None = None
    title: str | None = None
    keep_personal: bool = False


def resolve_scheme(name: str) -> str:
    """A scheme by its full name or a unique prefix: "百分制" → "百分制100/80/60/40/0"."""
    if name in sv.SCHEMES:
        return name
    hits = [k for k in sv.SCHEMES if k.startswith(name.strip())] if name.strip() else []
    if len(hits) == 1:
        return hits[0]
    raise RuleConfigError(f"未知的选项分值方案“{name}”，可用：{'、'.join(sv.SCHEMES)}")


def parse_strata(text: str) -> dict[str, dict[str, int]]:
    """``Q3:单建统筹基金参保=4157,实施统账结合参保=26280`` → {"Q3": {…}} (population counts)."""
    norm = unicodedata.normalize("NFKC", text).strip()
    m = re.fullmatch(r"(Q\d+(?:\.\d+)?)\s*:\s*(.+)", norm, flags=re.I)
    if not m:
        raise XlkitError(f"样本结构应写成 Q3:选项A=人数,选项B=人数，实际为“{text}”")
    counts: dict[str, int] = {}
    for part in re.split(r"[,;]", m.group(2)):
        if not part.strip():
            continue
        k, sep, v = part.partition("=")
        if not sep or not k.strip() or not re.fullmatch(r"\d+", v.strip()):
            raise XlkitError(f"样本结构“{part.strip()}”应写成 选项=总体人数（整数）")
        counts[k.strip()] = int(v.strip())
    return {m.group(1).upper(): counts}


# --------------------------------------------------------------------------------------------
# Result model


@dataclass
class ImportedQuestion:
    """One tallied question (a matrix row is its own question, Q5.1, Q5.2 …)."""

    qid: str
    number: int
    text: str
    kind: str  # survey.KINDS
    options: list[str] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)
    answered: int = 0
    skipped: int = 0
    cells: list[str] = field(default_factory=list)  # header cells of its columns
    picks: list[int | None] = field(default_factory=list)  # per respondent: option index (single choice)
    personal: bool = False
    ladder: tuple[str, ...] | None = None  # the ladder used to complete its options


@dataclass(frozen=True)
class Respondent:
    row: int  # Excel row number in the export
    ident: str  # 序号 / 编号, else the row number
    seconds: Decimal | None = None
    ip: str | None = None
    location: str | None = None
    submitted: dt.date | None = None


@dataclass(frozen=True)
class Flag:
    """A quality flag on one respondent; reported, never a reason to drop them silently."""

    code: str
    row: int
    ident: str
    message: str
    cell: str | None = None

    def to_issue(self, file: str, sheet: str) -> Issue:
        return Issue(self.code, self.message, Severity.WARNING, file, sheet, self.cell, value=self.ident)


@dataclass(frozen=True)
class Stratum:
    """Sample vs population share of one option of a strata question (003 Q3 单建 41.8 % vs 13.66 %)."""

    qid: str
    label: str
    sample: int
    sample_share: Decimal | None
    population: int
    population_share: Decimal | None

    @property
    def gap(self) -> Decimal | None:
        if self.sample_share is None or self.population_share is None:
            return None
        return self.sample_share - self.population_share


@dataclass
class SurveyImport:
    """What one export holds, tallied. ``survey`` is the ``xlkit.compute.survey.Survey`` of it."""

    path: Path
    platform: str
    form: str
    sheet: str
    respondents: list[Respondent]
    questions: list[ImportedQuestion]
    survey: sv.Survey
    open_answers: list[tuple[str, str, str]]  # (qid, respondent, text)
    flags: list[Flag]
    strata: list[Stratum]
    report: Report
    options: ImportOptions
    schemes: dict[str, str]  # qid → scheme name used for its option scores ("已填写" when typed)
    threshold: Decimal | None = None  # seconds below which an answer is flagged
    dates: tuple[dt.date, dt.date] | None = None

    def composite(self, method: str | None = None) -> Decimal | None:
        return sv.composite(self.survey, method or self.options.method)

    def rate(self, qid: str) -> Decimal | None:
        return sv.question_rate(self.survey.question(qid))

    def to_dict(self) -> dict[str, Any]:
        style = self.options.share_style
        out_q = []
        for q in self.survey.questions:
            qn = self.survey.question(q.qid)
            rate = None
            if q.options and all(o.score is not None for o in q.options if o.count):
                rate = sv.question_rate(qn)
            out_q.append({
                "qid": q.qid, "text": q.text, "kind": q.kind, "answered": qn.answered, "scored": q.scored,
                "rate": None if rate is None else fmt_pct(rate),
                "options": [{"label": lab, "count": c, "share": s.text,
                             "score": None if o.score is None else str(o.score)}
                            for (lab, c, s), o in zip(sv.option_shares(qn, style), q.options)],
            })
        comp = self.composite()
        return {
            "file": self.path.name, "platform": self.platform, "form": self.form, "sheet": self.sheet,
            "respondents": len(self.respondents), "valid": self.survey.valid,
            "population": self.survey.population,
            "coverage": fmt_pct(sv.coverage_rates(self.survey).coverage) if self.survey.population else None,
            "scheme": self.options.scheme, "method": self.options.method,
            "composite": None if comp is None else fmt_pct(comp),
            "questions": out_q,
            "open_answers": [{"qid": q, "respondent": r, "answer": a} for q, r, a in self.open_answers],
            "flags": [{"code": f.code, "row": f.row, "respondent": f.ident, "message": f.message}
                      for f in self.flags],
            "strata": [{"qid": s.qid, "label": s.label, "sample": s.sample, "sample_share": fmt_pct(s.sample_share),
                        "population": s.population, "population_share": fmt_pct(s.population_share)}
                       for s in self.strata],
            "warnings": [i.to_dict() for i in self.report.warnings],
        }


# --------------------------------------------------------------------------------------------
# Reading the file


def _col_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _cell(col: int, row0: int) -> str:
    return f"{_col_letter(col)}{row0 + 1}"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return str(D(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _issue(report: Report, code: str, message: str, file: str, sheet: str | None = None, cell: str | None = None,
           severity: Severity = Severity.ERROR, value: Any = None, expected: str | None = None) -> None:
    report.add(Issue(code, message, severity, file, sheet, cell, None if value is None else str(value)[:200],
                     expected))


def _load_table(path: Path) -> tuple[str, list[list[Any]]]:
    """(sheet name, rows) of the export's first non-empty sheet; Chinese errors for bad files."""
    name = path.name
    if not path.exists():
        raise SurveyImportError(f"找不到导出文件：{name}", one_issue("export-missing", f"找不到导出文件：{name}", name))
    if path.is_dir():
        raise SurveyImportError(f"{name} 是文件夹，不是问卷导出文件",
                                one_issue("export-unreadable", "是文件夹，不是问卷导出文件", name))
    size = path.stat().st_size
    if size == 0:
        raise SurveyImportError(f"{name} 是空文件（0 字节）", one_issue("export-empty-file", "是空文件（0 字节），请重新下载", name))
    if size > MAX_BYTES:
        raise SurveyImportError(f"{name} 过大", one_issue("export-too-large", f"文件过大（{size // 1024 // 1024} MB，上限 50 MB）", name))
    if path.suffix.lower() in (".csv", ".txt"):
        return "CSV", _read_csv(path)
    from xlkit.read.safety import OLE_MAGIC, ZIP_MAGIC, FileProblem, preflight

    with path.open("rb") as fh:
        head = fh.read(8)
        body = fh.read(4 * 1024 * 1024) if head == OLE_MAGIC else b""
    if head == OLE_MAGIC and ("EncryptedPackage".encode("utf-16-le") in body or b"EncryptionInfo" in body):
        msg = "已加密（设置了打开密码），请取消密码后重新导出或另存"
        raise SurveyImportError(f"{name} {msg}", one_issue("export-encrypted", msg, name))
    if head[:4] == ZIP_MAGIC:
        try:
            preflight(path)  # zip-bomb, macro and Strict-XML checks of our own workbooks apply here too
        except FileProblem as exc:
            msg = str(exc).removeprefix(name).lstrip(" ：:")
            raise SurveyImportError(str(exc), one_issue("export-unreadable", msg, name)) from exc
    elif head != OLE_MAGIC:
        msg = "不是 Excel 文件（.xlsx/.xls）或 CSV；请从问卷星/腾讯问卷重新下载"
        raise SurveyImportError(f"{name} {msg}", one_issue("export-unreadable", msg, name))
    import python_calamine

    try:
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
        try:
            for sheet_name in wb.sheet_names:
                rows = wb.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
                if any(_text(v) for row in rows[:HEADER_SCAN_ROWS] for v in row):
                    return sheet_name, rows[: MAX_ROWS + HEADER_SCAN_ROWS]
            return (wb.sheet_names[0] if wb.sheet_names else ""), []
        finally:
            wb.close()
    except SurveyImportError:
        raise
    except Exception as exc:  # calamine raises its own kinds for damaged files
        msg = f"无法读取（{type(exc).__name__}: {exc}），请在 Excel 中打开后另存为 .xlsx 再导入"
        raise SurveyImportError(f"{name} {msg}", one_issue("export-unreadable", msg, name)) from exc


def _read_csv(path: Path) -> list[list[Any]]:
    raw = path.read_bytes()
    # 腾讯问卷 and older 问卷星 CSVs are GBK; newer ones UTF-8 with a BOM.
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise SurveyImportError(f"{path.name} 编码无法识别", one_issue("export-unreadable", "编码无法识别", path.name))
    # The csv module over the whole text (newline=""): a quoted answer may hold line breaks, which
    # splitting into lines first would cut out of it.
    import io

    try:
        return list(itertools.islice(csv.reader(io.StringIO(text, newline="")), MAX_ROWS + HEADER_SCAN_ROWS))
    except csv.Error as exc:
        msg = f"不是有效的 CSV（{exc}），请从问卷平台重新下载"
        raise SurveyImportError(f"{path.name} {msg}", one_issue("export-unreadable", msg, path.name)) from exc


def one_issue(code: str, message: str, file: str, sheet: str | None = None, cell: str | None = None) -> Report:
    return Report([Issue(code, message, Severity.ERROR, file, sheet, cell)])


# --------------------------------------------------------------------------------------------
# Headers


@dataclass
class _Col:
    index: int
    header: str
    role: str  # meta / main / option / row / fill / sub / ignored
    number: int | None = None
    text: str = ""
    sub: str = ""
    qtype: str | None = None
    meta: str | None = None


def _norm_header(value: Any) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", _text(value))).strip()


def _split_type(text: str) -> tuple[str, str | None]:
    m = _TYPE_SUFFIX.search(text)
    if m and m.group(1) in _QTYPES:
        return text[: m.start()].strip(), m.group(1)
    return text.strip(), None


def _parse_wjx(headers: list[str]) -> list[_Col]:
    cols: list[_Col] = []
    matrix: _Col | None = None
    seen: set[int] = set()  # numbers that already have a question or option column
    for i, h in enumerate(headers):
        if not h:
            cols.append(_Col(i, h, "ignored"))
            continue
        if h in WJX_META:
            cols.append(_Col(i, h, "meta", meta=WJX_META[h]))
            matrix = None
            continue
        m = _WJX_OPTION_COL.match(h)
        if m:
            cols.append(_Col(i, h, "option", int(m.group(1)), sub=m.group(2).strip()))
            seen.add(int(m.group(1)))
            matrix = None
            continue
        m = _WJX_Q.match(h)
        if m:
            n, body = int(m.group(1)), m.group(2).strip()
            if n in seen and body.startswith("(") and body.endswith(")"):
                # 序号 exports put an option's fill-in text in its own column: "25、(其他（请补充）:)".
                cols.append(_Col(i, h, "fill", n, sub=body[1:-1].rstrip(":").strip()))
                matrix = None
                continue
            if "—" in body:
                text, row = body.rsplit("—", 1)
                text, qtype = _split_type(text)
                col = _Col(i, h, "row", n, text, row.strip(), qtype)
                cols.append(col)
                matrix = col
            else:
                text, qtype = _split_type(body)
                cols.append(_Col(i, h, "main", n, text, qtype=qtype))
                matrix = None
            seen.add(n)
            continue
        if matrix is not None:
            cols.append(_Col(i, h, "row", matrix.number, matrix.text, h, matrix.qtype))
            continue
        cols.append(_Col(i, h, "ignored"))
    return cols


def _parse_tencent(headers: list[str]) -> list[_Col]:
    cols: list[_Col] = []
    for i, h in enumerate(headers):
        if h in TENCENT_META:
            cols.append(_Col(i, h, "meta", meta=TENCENT_META[h]))
            continue
        m = _TX_Q.match(h) if h else None
        if not m:
            cols.append(_Col(i, h, "ignored" if h not in TENCENT_OTHER_META else "meta"))
            continue
        n, body = int(m.group(1)), m.group(2).strip()
        fill = _FILL_SUFFIX.search(body)
        if fill:
            body = body[: fill.start()]
            text, _, sub = body.rpartition(":") if ":" in body else (body, "", "")
            cols.append(_Col(i, h, "fill", n, text.strip(), sub.strip()))
        elif ":" in body:
            text, _, sub = body.rpartition(":")
            cols.append(_Col(i, h, "sub", n, text.strip(), sub.strip()))
        else:
            cols.append(_Col(i, h, "main", n, body))
    return cols


def _detect(rows: list[list[Any]]) -> tuple[int, str, list[_Col]] | None:
    """(header row index, platform, columns) of the best-looking header row, or None."""
    best: tuple[int, int, str, list[_Col]] | None = None
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


# --------------------------------------------------------------------------------------------
# Answers


def _skip(text: str) -> bool:
    t = unicodedata.normalize("NFKC", text).strip()
    return t in sv.SKIP_MARKS or bool(_SKIP_NUMBER.match(t))


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(text))


def _split_fill(text: str) -> tuple[str, str | None]:
    """"其他〖柜台〗" → ("其他", "柜台")."""
    m = _FILL_IN.search(text)
    if not m:
        return text.strip(), None
    return _FILL_IN.sub("", text).strip(), m.group(1).strip() or None


def _looks_open(values: list[str]) -> bool:
    answered = [v for v in values if not _skip(v)]
    if not answered:
        return False
    distinct = {sv.label_key(v) for v in answered}
    if any(len(v) > 40 for v in answered):
        return True
    return len(distinct) > _OPEN_DISTINCT or len(distinct) * 2 > len(answered)


def _ladder_for(keys: set[str]) -> tuple[tuple[str, ...] | None, bool]:
    """The ladder whose words complete these chosen options, and whether that was a choice among several.

    Only a set that includes the ladder's top word is completed: "满意/一般" alone (003 Q9) is a
    two-option question, not a ladder with three unused rungs.
    """
    if not keys:
        return None, False
    if keys <= set(YES_NO):
        return YES_NO, False
    fits = [lad for lad in sv.LADDERS if keys <= {sv.label_key(w) for w in lad} and sv.label_key(lad[0]) in keys]
    if not fits:
        return None, False
    distinct = {tuple(sv.label_key(w) for w in lad) for lad in fits}
    return fits[0], len(distinct) > 1 and not any(keys == {sv.label_key(w) for w in lad} for lad in fits)


def _complete(observed: list[str], qid: str) -> tuple[list[str], tuple[str, ...] | None, bool]:
    keys = {sv.label_key(o) for o in observed}
    ladder, assumed = _ladder_for(keys)
    if ladder is None:
        return observed, None, False
    spelled = {sv.label_key(o): o for o in observed}
    return [spelled.get(sv.label_key(w), w) for w in ladder], ladder, assumed


def _dedupe(labels: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for lab in labels:
        key = sv.label_key(lab)
        if key and key not in seen:
            seen[key] = lab
    return list(seen.values())


# --------------------------------------------------------------------------------------------
# Codebook: what 问卷统计.xlsx already holds


@dataclass
class Codebook:
    """Questions and options typed in 问卷统计.xlsx before the import (kept, never overwritten)."""

    kinds: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    scored: dict[str, bool] = field(default_factory=dict)  # only where 计入满意度 was typed
    weights: dict[str, Decimal] = field(default_factory=dict)
    options: dict[str, list[str]] = field(default_factory=dict)
    scores: dict[str, dict[str, Decimal]] = field(default_factory=dict)  # qid → label_key → score
    info: dict[str, Any] = field(default_factory=dict)
    filled: bool = False  # counts, N or open answers present
    typed: bool = False  # anything typed at all

    @classmethod
    def from_book(cls, book: Any) -> Codebook:
        cb = cls(info={k: v for k, v in book.info.items() if v is not None and str(v).strip() != ""})
        for q in book.questions:
            if not q.qid:
                continue
            if q.kind:
                cb.kinds[q.qid] = q.kind
            if q.text:
                cb.texts[q.qid] = q.text
            if q.row.get("scored") is not None:
                cb.scored[q.qid] = q.scored
            if q.weight is not None:
                cb.weights[q.qid] = q.weight
            if q.answered is not None:
                cb.filled = True
        for o in book.options:
            if not o.qid or not o.label:
                continue
            cb.options.setdefault(o.qid, []).append(o.label)
            if o.score is not None:
                cb.scores.setdefault(o.qid, {})[sv.label_key(o.label)] = o.score
            if o.count is not None:
                cb.filled = True
        if book.open_answers:
            cb.filled = True
        cb.typed = bool(cb.info or book.questions or book.options or book.open_answers)
        return cb


# --------------------------------------------------------------------------------------------
# The import


class _Ctx:
    def __init__(self, path: Path, sheet: str, rows: list[list[Any]], header_row: int, options: ImportOptions,
                 codebook: Codebook | None):
        self.file = path.name
        self.sheet = sheet
        self.header_row = header_row
        self.options = options
        self.codebook = codebook or Codebook()
        self.report = Report()
        self.grouped: dict[tuple[Any, ...], list[Any]] = {}
        # Data rows: (0-based row index, cell texts); fully blank rows are not respondents.
        width = max((len(r) for r in rows), default=0)
        self.data = [(i, [_text(v) for v in r] + [""] * (width - len(r)))
                     for i, r in enumerate(rows) if i > header_row and any(_text(v) for v in r)]

    def error(self, code: str, message: str, cell: str | None = None, value: Any = None,
              expected: str | None = None) -> None:
        _issue(self.report, code, message, self.file, self.sheet, cell, Severity.ERROR, value, expected)

    def cell_error(self, code: str, key: tuple[Any, ...], message: str, cell: str, value: Any = None,
                   expected: str | None = None) -> None:
        """One error per distinct problem (a column of 122 unknown codes is one error, not 122)."""
        entry = self.grouped.get((code, *key))
        if entry is None:
            self.grouped[(code, *key)] = [code, message, cell, value, expected, 1]
        else:
            entry[5] += 1

    def flush(self) -> None:
        for code, message, cell, value, expected, n in self.grouped.values():
            more = f"（共 {n} 处，此为第一处）" if n > 1 else ""
            self.error(code, message + more, cell, value, expected)
        self.grouped.clear()

    def warn(self, code: str, message: str, cell: str | None = None, value: Any = None) -> None:
        _issue(self.report, code, message, self.file, self.sheet, cell, Severity.WARNING, value)

    def values(self, col: int) -> list[str]:
        return [cells[col] if col < len(cells) else "" for _, cells in self.data]

    def ref(self, col: int, k: int) -> str:
        return _cell(col, self.data[k][0])

    def head(self, col: int) -> str:
        return _cell(col, self.header_row)


@dataclass
class _Group:
    number: int
    text: str = ""
    qtype: str | None = None
    main: _Col | None = None
    options: list[_Col] = field(default_factory=list)
    rows: list[_Col] = field(default_factory=list)
    fills: list[_Col] = field(default_factory=list)
    subs: list[_Col] = field(default_factory=list)


def _groups(ctx: _Ctx, cols: list[_Col]) -> list[_Group]:
    groups: dict[int, _Group] = {}
    for c in cols:
        if c.number is None:
            if c.role == "ignored" and any(ctx.values(c.index)):
                what = f"“{c.header}”" if c.header else "（无表头）"
                ctx.warn("export-column-ignored", f"列{what}既不是题目也不是已知的答卷信息列，未导入",
                         ctx.head(c.index), value=c.header)
            continue
        g = groups.setdefault(c.number, _Group(c.number))
        if c.text and not g.text:
            g.text = c.text
        g.qtype = g.qtype or c.qtype
        if c.role == "main":
            if g.main is not None:
                ctx.error("export-duplicate-question", f"第{c.number}题出现了两次（另见 {ctx.head(g.main.index)}）",
                          ctx.head(c.index), value=c.header)
                continue
            g.main = c
        else:
            {"option": g.options, "row": g.rows, "fill": g.fills, "sub": g.subs}[c.role].append(c)
    return list(groups.values())


class _Builder:
    """Turns column groups into ImportedQuestions and open answers, collecting issues."""

    def __init__(self, ctx: _Ctx, form: str, labels: dict[str, dict[str, str]]):
        self.ctx = ctx
        self.form = form
        self.labels = labels  # qid → coded value → option text (from a 按选项文本 export)
        self.questions: list[ImportedQuestion] = []
        self.open: list[tuple[str, str, str]] = []
        self.idents: list[str] = []

    # -- helpers

    def _open(self, qid: str, k: int, text: str) -> None:
        self.open.append((qid, self.idents[k], text))

    def _kind_hint(self, qid: str, qtype: str | None) -> str | None:
        if qid in self.ctx.codebook.kinds:
            return self.ctx.codebook.kinds[qid]
        return _QTYPES.get(qtype or "") if qtype else None

    def _personal(self, text: str) -> bool:
        return not self.ctx.options.keep_personal and bool(_PERSONAL.search(text))

    def _free_text(self, qid: str, number: int, text: str, col: _Col) -> None:
        values = self.ctx.values(col.index)
        personal = self._personal(text)
        answered = 0
        for k, v in enumerate(values):
            if _skip(v):
                continue
            answered += 1
            if not personal:
                self._open(qid, k, v)
        if personal:
            self.ctx.warn("survey-personal", f"{qid}“{text}”疑似个人信息（姓名、联系方式等），回答未导出",
                          self.ctx.head(col.index))
        self.questions.append(ImportedQuestion(qid, number, text, "填空", answered=answered,
                                               skipped=len(values) - answered, cells=[self.ctx.head(col.index)],
                                               personal=personal))

    def _choice(self, qid: str, number: int, text: str, cols: list[_Col], answers: list[list[str] | None],
                multi: bool, refs: list[list[str]]) -> None:
        """Tally answers already turned into option texts (None = skipped), one list per respondent."""
        cb = self.ctx.codebook.options.get(qid)
        observed = _dedupe(lab for ans in answers if ans for lab in ans)
        ladder, assumed = None, False
        if cb:
            options = list(cb)
        elif multi:
            options = observed
        else:
            options, ladder, assumed = _complete(observed, qid)
        index = {sv.label_key(o): i for i, o in enumerate(options)}
        counts = [0] * len(options)
        picks: list[int | None] = []
        answered = 0
        for k, ans in enumerate(answers):
            if ans is None:
                picks.append(None)
                continue
            answered += 1
            chosen: set[int] = set()
            for lab, ref in zip(ans, refs[k]):
                i = index.get(sv.label_key(lab))
                if i is None:
                    self.ctx.cell_error("export-answer-unknown", (qid, sv.label_key(lab)),
                                        f"{qid} 的回答“{lab}”不在问卷统计.xlsx 为该题列出的选项中（{'、'.join(options)}）",
                                        ref, value=lab, expected="、".join(options))
                    continue
                chosen.add(i)
            for i in chosen:
                counts[i] += 1
            picks.append(next(iter(chosen)) if len(chosen) == 1 and not multi else None)
        if assumed:
            self.ctx.warn("survey-ladder-assumed",
                          f"{qid} 只出现了 {'、'.join(observed)}，按“{'/'.join(ladder or ())}”补齐未被选择的选项；"
                          "如问卷用的是其他选项，请先在问卷统计.xlsx 的选项表中按问卷填好该题选项",
                          self.ctx.head(cols[0].index) if cols else None)
        kind = "多选" if multi else ("是否" if {sv.label_key(o) for o in options} == set(YES_NO) else "单选")
        self.questions.append(ImportedQuestion(qid, number, text, kind, options, counts, answered,
                                               len(answers) - answered, [self.ctx.head(c.index) for c in cols],
                                               picks, ladder=ladder))

    def _coded(self, qid: str, col: _Col, base: str | None = None) -> list[tuple[str | None, str]]:
        """A 序号/分数 column as option texts (None = skipped) with their cells; unknown codes are errors.

        A matrix row (Q5.2) uses its own labels if known, else its matrix's (``base`` Q5).
        """
        mapping = self.labels.get(qid, self.labels.get(base or qid))
        cb = self.ctx.codebook.options.get(qid) or self.ctx.codebook.options.get(base or qid)
        out: list[tuple[str | None, str]] = []
        for k, v in enumerate(self.ctx.values(col.index)):
            ref = self.ctx.ref(col.index, k)
            if _skip(v):
                out.append((None, ref))
                continue
            if not _is_number(v):
                self.ctx.cell_error("export-bad-value", (qid, v),
                                    f"{qid} 应为选项{'序号' if self.form == 'index' else '分数'}（数字），实际为“{v}”",
                                    ref, value=v, expected="数字")
                out.append((None, ref))
                continue
            code = str(int(Decimal(v)))
            label = None
            if mapping is not None:
                label = mapping.get(code)
            elif cb and self.form == "index" and 1 <= int(code) <= len(cb):
                label = cb[int(code) - 1]
            if label is None:
                if mapping is not None:
                    why = "按选项文本导出中没有对应的答案"
                elif cb:
                    why = f"问卷统计.xlsx 的选项表中该题只有 {len(cb)} 个选项"
                else:
                    why = ("导出文件只有序号、没有选项文字：请同时提供按选项文本导出的文件（--labels），"
                           "或先在问卷统计.xlsx 的选项表中按问卷顺序填好该题选项")
                self.ctx.cell_error("export-label-unknown", (qid, code),
                                    f"{qid} 的{FORMS[self.form]}值 {code} 无法对应到选项文字（{why}）", ref, value=v)
            out.append((label, ref))
        return out

    # -- question groups

    def build(self, groups: list[_Group]) -> None:
        for g in groups:
            qid = f"Q{g.number}"
            kind = self._kind_hint(qid, g.qtype)
            if g.qtype in _QTYPES and _QTYPES[g.qtype] is None:
                cells = [c for c in (g.main, *g.options, *g.rows, *g.subs) if c is not None]
                self.ctx.warn("export-question-skipped", f"{qid}（{g.qtype}）暂不支持统计，未导入",
                              self.ctx.head(cells[0].index) if cells else None)
                continue
            if g.options:
                self._option_columns(qid, g, [(c, c.sub) for c in g.options], binary=True)
            elif g.subs:
                if self._subs_are_options(g.subs):
                    self._option_columns(qid, g, [(c, c.sub) for c in g.subs], binary=False)
                else:
                    self._matrix(qid, g, g.subs, kind)
            elif g.rows:
                self._matrix(qid, g, g.rows, kind)
            elif g.main is not None:
                self._main(qid, g, g.main, kind)
            self._fills(qid, g)

    def _subs_are_options(self, subs: list[_Col]) -> bool:
        # 腾讯问卷 marks a chosen option with one fixed mark per column (its text or 1); a matrix
        # row holds different answers.
        for c in subs:
            marks = {v for v in self.ctx.values(c.index) if v and not _skip(v) and v != "0"}
            if len(marks) > 1:
                return False
        return True

    def _main(self, qid: str, g: _Group, col: _Col, kind: str | None) -> None:
        values = self.ctx.values(col.index)
        text = g.text
        if kind == "填空":
            self._free_text(qid, g.number, text, col)
            return
        if self.form in ("index", "score") and not all(_skip(v) or _is_number(v) for v in values):
            self._free_text(qid, g.number, text, col)
            return
        if self.form in ("index", "score"):
            coded = self._coded(qid, col)
            answers = [None if lab is None else [lab] for lab, _ in coded]
            self._choice(qid, g.number, text, [col], answers, False, [[ref] for _, ref in coded])
            return
        multi = kind == "多选" or any(sv.MULTI_SEPARATOR in v for v in values)
        if kind is None and not multi and qid not in self.ctx.codebook.options:
            keys = {sv.label_key(_split_fill(v)[0]) for v in values if not _skip(v)}
            if _ladder_for(keys)[0] is None and _looks_open(values):
                self._free_text(qid, g.number, text, col)
                return
        answers = []  # typed by the index/score branch above
        refs: list[list[str]] = []
        for k, v in enumerate(values):
            ref = self.ctx.ref(col.index, k)
            if _skip(v):
                answers.append(None)
                refs.append([])
                continue
            parts = [p for p in (v.split(sv.MULTI_SEPARATOR) if multi else [v]) if p.strip()]
            labels = []
            for p in parts:
                label, fill = _split_fill(p)
                labels.append(label)
                if fill:
                    self._open(qid, k, f"{sv.label_key(label)}：{fill}")
            answers.append(labels)
            refs.append([ref] * len(labels))
        self._choice(qid, g.number, text, [col], answers, multi, refs)

    def _option_columns(self, qid: str, g: _Group, cols: list[tuple[_Col, str]], binary: bool) -> None:
        """One column per option: 问卷星 序号 0/1 (-2/-3 skipped) or 腾讯问卷 (any mark = chosen)."""
        labels = []
        for _c, sub in cols:
            label, _ = _split_fill(sub)
            labels.append(label)
        answers: list[list[str] | None] = []
        refs: list[list[str]] = []
        for k in range(len(self.ctx.data)):
            chosen, seen = [], False
            for (c, _), label in zip(cols, labels):
                v = self.ctx.values(c.index)[k]
                ref = self.ctx.ref(c.index, k)
                if _skip(v):
                    continue
                if binary:
                    if v not in ("0", "1"):
                        self.ctx.cell_error("export-bad-value", (qid, label, v),
                                            f"{qid}“{label}”应为 0 或 1（未选/已选），实际为“{v}”", ref,
                                            value=v, expected="0 或 1")
                        continue
                    seen = True
                    if v == "1":
                        chosen.append(label)
                elif v != "0":
                    seen = True
                    chosen.append(label)
            answers.append(chosen if seen else None)
            refs.append([self.ctx.ref(cols[0][0].index, k)] * len(chosen))
        cb = self.ctx.codebook.options.get(qid)
        if cb is None:
            # Column order is the questionnaire's option order, chosen or not.
            self.ctx.codebook.options[qid] = labels
        self._choice(qid, g.number, g.text, [c for c, _ in cols], answers, True, refs)
        if cb is None:
            del self.ctx.codebook.options[qid]

    def _matrix(self, qid: str, g: _Group, rows: list[_Col], kind: str | None) -> None:
        """Each matrix row is a question of its own (Q5.1, Q5.2 …) sharing the matrix's options."""
        all_values = [v for c in rows for v in self.ctx.values(c.index)]
        text_rows = kind == "填空" or (
            kind is None and self.form == "text"
            and _ladder_for({sv.label_key(v) for v in all_values if not _skip(v)})[0] is None
            and all(_looks_open(self.ctx.values(c.index)) for c in rows))
        if text_rows or self._personal(g.text):
            for i, c in enumerate(rows, start=1):
                self._free_text(f"{qid}.{i}", g.number, f"{g.text}—{c.sub}", c)
            return
        per_row: list[tuple[_Col, list[list[str] | None], list[list[str]]]] = []
        for i, c in enumerate(rows, start=1):
            if self.form in ("index", "score"):
                coded = self._coded(f"{qid}.{i}", c, qid)
                answers = [None if lab is None else [lab] for lab, _ in coded]
                refs = [[ref] for _, ref in coded]
            else:
                answers, refs = [], []
                for k, v in enumerate(self.ctx.values(c.index)):
                    if _skip(v):
                        answers.append(None)
                        refs.append([])
                    else:
                        answers.append([_split_fill(v)[0]])
                        refs.append([self.ctx.ref(c.index, k)])
            per_row.append((c, answers, refs))
        union = _dedupe(lab for _, answers, _ in per_row for ans in answers if ans for lab in ans)
        for i, (c, answers, refs) in enumerate(per_row, start=1):
            sub_qid = f"{qid}.{i}"
            added = False
            if sub_qid not in self.ctx.codebook.options and qid in self.ctx.codebook.options:
                self.ctx.codebook.options[sub_qid] = self.ctx.codebook.options[qid]
                added = True
            elif sub_qid not in self.ctx.codebook.options:
                # The rows share the matrix's options: a word chosen in one row is an option of all.
                full, _, _ = _complete(union, sub_qid)
                self.ctx.codebook.options[sub_qid] = full
                added = True
            self._choice(sub_qid, g.number, f"{g.text}—{c.sub}", [c], answers, False, refs)
            if added:
                del self.ctx.codebook.options[sub_qid]

    def _fills(self, qid: str, g: _Group) -> None:
        for c in g.fills:
            for k, v in enumerate(self.ctx.values(c.index)):
                if v and not _skip(v):
                    label = sv.label_key(c.sub) if c.sub else ""
                    self._open(qid, k, f"{label}：{v}" if label else v)


# --------------------------------------------------------------------------------------------
# Respondents and quality flags


def _seconds(text: str) -> Decimal | None:
    t = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if not t:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", t):
        return Decimal(t)
    m = re.fullmatch(r"(?:(\d+)(?:小时|时))?(?:(\d+)分(?:钟)?)?(?:(\d+(?:\.\d+)?)秒)?", t)
    if m and any(m.groups()):
        h, mi, s = (Decimal(x) if x else ZERO for x in m.groups())
        return h * 3600 + mi * 60 + s
    m = re.fullmatch(r"(?:(\d+):)?(\d{1,2}):(\d{2})", t)
    if m:
        h = Decimal(m.group(1) or 0)
        return h * 3600 + Decimal(m.group(2)) * 60 + Decimal(m.group(3))
    return None


def _date(text: str) -> dt.date | None:
    t = unicodedata.normalize("NFKC", text).strip()
    m = re.match(r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})", t)
    try:
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return dt.datetime.strptime(t.split()[0], "%d-%b-%Y").date() if t else None
    except ValueError:
        return None


def _respondents(ctx: _Ctx, cols: list[_Col]) -> list[Respondent]:
    meta = {c.meta: c.index for c in cols if c.role == "meta" and c.meta}
    out = []
    for _k, (r, cells) in enumerate(ctx.data):
        def get(key: str) -> str:
            return cells[meta[key]] if key in meta else ""  # noqa: B023 - called only in this iteration

        ident = get("id") or str(r + 1)
        seconds = None
        if "duration" in meta and get("duration"):
            seconds = _seconds(get("duration"))
            if seconds is None:
                ctx.warn("export-bad-time", f"所用时间“{get('duration')}”无法识别为时长，该答卷不参与用时检查",
                         _cell(meta["duration"], r), value=get("duration"))
        ip, location = None, None
        raw_ip = get("ip")
        if raw_ip:
            m = _IP.match(raw_ip)
            ip, location = (m.group(1), m.group(2)) if m else (raw_ip, None)
        place = "-".join(p for p in (get("province"), get("city")) if p)
        location = location or place or None
        submitted = _date(get("submitted")) if get("submitted") else None
        out.append(Respondent(r + 1, ident, seconds, ip, location, submitted))
    return out


def _median(values: list[Decimal]) -> Decimal:
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def _flags(ctx: _Ctx, cols: list[_Col], people: list[Respondent], questions: list[ImportedQuestion],
           opts: ImportOptions) -> tuple[list[Flag], Decimal | None]:
    meta = {c.meta: c.index for c in cols if c.role == "meta" and c.meta}
    flags: list[Flag] = []
    # Identical answers throughout: the same option position on every single-choice question of
    # three or more options (at least three such questions answered).
    ladders = [q for q in questions if q.kind in ("单选",) and len(q.options) >= 3 and q.picks]
    for k, p in enumerate(people):
        picks = [pick for q in ladders if (pick := q.picks[k]) is not None]
        if len(picks) >= 3 and len(set(picks)) == 1:
            flags.append(Flag("flag-straight-line", p.row, p.ident,
                              f"答卷 {p.ident} 在 {len(picks)} 道单选题中都选了第 {picks[0] + 1} 个选项（疑似未认真作答）",
                              f"A{p.row}"))
    durations = [p.seconds for p in people if p.seconds is not None]
    threshold = opts.min_seconds
    if threshold is None and len(durations) >= 3:
        threshold = (_median(durations) * opts.speed_share).quantize(Decimal("0.1"))
    if threshold is not None:
        for p in people:
            if p.seconds is not None and p.seconds < threshold:
                flags.append(Flag("flag-too-fast", p.row, p.ident,
                                  f"答卷 {p.ident} 用时 {p.seconds.normalize():f} 秒，少于 {threshold.normalize():f} 秒",
                                  _cell(meta["duration"], p.row - 1) if "duration" in meta else None))
    by_ip: dict[str, list[Respondent]] = {}
    for p in people:
        if p.ip:
            by_ip.setdefault(p.ip, []).append(p)
    for ip, group in by_ip.items():
        if len(group) < 2:
            continue
        for p in group:
            others = "、".join(o.ident for o in group if o is not p)
            flags.append(Flag("flag-duplicate-ip", p.row, p.ident, f"答卷 {p.ident} 与答卷 {others} 来自同一 IP {ip}",
                              _cell(meta["ip"], p.row - 1) if "ip" in meta else None))
    if opts.region:
        region = sv.label_key(opts.region)
        for p in people:
            if p.location and region not in sv.label_key(p.location) and sv.label_key(p.location) not in ("未知", ""):
                flags.append(Flag("flag-outside-population", p.row, p.ident,
                                  f"答卷 {p.ident} 的 IP 所在地“{p.location}”不在调查范围“{opts.region}”内",
                                  _cell(meta["ip"], p.row - 1) if "ip" in meta else None))
    by_qid = {q.qid: q for q in questions}
    for qid, pop in opts.strata.items():
        q = by_qid.get(qid)
        if q is None:
            continue
        allowed = {sv.label_key(lab) for lab in pop}
        for k, p in enumerate(people):
            i = q.picks[k] if q.picks else None
            if i is not None and sv.label_key(q.options[i]) not in allowed:
                flags.append(Flag("flag-outside-population", p.row, p.ident,
                                  f"答卷 {p.ident} 在 {qid} 选了“{q.options[i]}”，不属于调查总体（{'、'.join(pop)}）",
                                  f"A{p.row}"))
    flags.sort(key=lambda f: (f.row, f.code))
    return flags, threshold


def _strata(ctx: _Ctx, questions: list[ImportedQuestion], opts: ImportOptions) -> list[Stratum]:
    out = []
    by_qid = {q.qid: q for q in questions}
    for qid, pop in opts.strata.items():
        q = by_qid.get(qid)
        if q is None or not q.options:
            ctx.error("export-bad-value", f"样本结构所指的 {qid} 不是导出文件中的选择题", None, value=qid)
            continue
        total = sum(pop.values())
        counts = {sv.label_key(o): c for o, c in zip(q.options, q.counts)}
        for label, n in pop.items():
            key = sv.label_key(label)
            if key not in counts:
                ctx.error("export-bad-value", f"样本结构中的“{label}”不是 {qid} 的选项（{'、'.join(q.options)}）",
                          q.cells[0] if q.cells else None, value=label)
                continue
            s = Stratum(qid, label, counts[key], ratio(counts[key], q.answered, 4), n, ratio(n, total, 4))
            out.append(s)
            if s.gap is not None and abs(s.gap) > opts.strata_tolerance:
                ctx.warn("flag-strata-skew", f"{qid}“{label}”在样本中占 {fmt_pct(s.sample_share)}，在总体中占 "
                         f"{fmt_pct(s.population_share)}，相差 {fmt_pct(abs(s.gap))}（样本代表性存疑）",
                         q.cells[0] if q.cells else None)
    return out


# --------------------------------------------------------------------------------------------
# Scores and the Survey


def _question_scores(q: ImportedQuestion, opts: ImportOptions, cb: Codebook) -> tuple[list[Decimal | None], bool, str | None]:
    """Option scores, whether the question counts toward 满意度, and the scheme used."""
    typed = cb.scores.get(q.qid, {})
    keys = [sv.label_key(o) for o in q.options]
    ladder_q = q.kind == "单选" and any(set(keys) == {sv.label_key(w) for w in lad} for lad in sv.LADDERS)
    if opts.scored is not None:  # asked for on this import: wins over the workbook's 计入满意度
        scored = q.qid in {s.upper() for s in opts.scored}
    else:
        scored = cb.scored.get(q.qid, ladder_q)
    name = opts.question_schemes.get(q.qid)
    if name is None and q.kind == "是否":
        name = "是否"
    if name is None and (scored or ladder_q):
        name = opts.scheme
    if typed and all(k in typed for k in keys):
        return [typed[k] for k in keys], scored, "已填写"
    if name is None:
        return [typed.get(k) for k in keys], scored, None
    scores, _ = sv.get_scheme(resolve_scheme(name)).resolve(list(q.options))
    return [typed.get(sv.label_key(o), scores[o]) for o in q.options], scored, resolve_scheme(name)


def _survey(questions: list[ImportedQuestion], people: list[Respondent], opts: ImportOptions, cb: Codebook,
            ctx: _Ctx, open_answers: list[tuple[str, str, str]], title: str) -> tuple[sv.Survey, dict[str, str]]:
    built, used = [], {}
    for q in questions:
        scores, scored, scheme = _question_scores(q, opts, cb)
        if scheme:
            used[q.qid] = scheme
        options = tuple(sv.Option(lab, c, s) for lab, c, s in zip(q.options, q.counts, scores))
        try:
            kind = cb.kinds[q.qid] if cb.kinds.get(q.qid) in sv.KINDS else q.kind
            question = sv.Question(q.qid, cb.texts.get(q.qid) or q.text, kind, options, q.answered,
                                   scored and q.kind != "填空", cb.weights.get(q.qid))
        except ValueError as exc:
            ctx.error("survey-label-unmapped", str(exc), q.cells[0] if q.cells else None)
            continue
        missing = [o.label for o in question.options if o.score is None]
        if question.scored and missing:
            ctx.error("survey-label-unmapped", f"{q.qid} 计入满意度，但选项“{'、'.join(missing)}”无法按分值方案“"
                      f"{scheme or opts.scheme}”确定分值（可用 --scheme {q.qid}=方案，或在问卷统计.xlsx 中填写选项分值）",
                      q.cells[0] if q.cells else None, value=q.qid)
        built.append(question)
    info = cb.info
    population = opts.population if opts.population is not None else info.get("population")
    answers: dict[str, list[str]] = {}
    for qid, _, text in open_answers:
        answers.setdefault(qid, []).append(text)
    survey = sv.Survey(title=title, population=population, distributed=info.get("distributed"),
                       returned=len(people), valid=len(people), mode=info.get("mode") or "线上",
                       questions=tuple(built), open_answers=answers)
    return survey, used


# --------------------------------------------------------------------------------------------
# Public: read an export


def _pair_labels(coded_path: Path, labels_path: Path, opts: ImportOptions) -> tuple[dict[str, dict[str, str]], Report]:
    """code → option text per question, from the 按选项文本 export of the same answers (paired by 序号)."""
    report = Report()
    sheet_c, rows_c = _load_table(coded_path)
    sheet_t, rows_t = _load_table(labels_path)
    dc, dt_ = _detect(rows_c), _detect(rows_t)
    if dc is None or dt_ is None:
        return {}, report
    ctx_c = _Ctx(coded_path, sheet_c, rows_c, dc[0], opts, None)
    ctx_t = _Ctx(labels_path, sheet_t, rows_t, dt_[0], opts, None)
    gc = {g.number: g for g in _groups(ctx_c, dc[2])}
    gt = {g.number: g for g in _groups(ctx_t, dt_[2])}

    def ids(ctx: _Ctx, cols: list[_Col]) -> list[str]:
        idc = next((c.index for c in cols if c.meta == "id"), None)
        return [cells[idc] if idc is not None else str(k) for k, (_, cells) in enumerate(ctx.data)]

    ic, it = ids(ctx_c, dc[2]), ids(ctx_t, dt_[2])
    row_t = {ident: k for k, ident in enumerate(it)}
    out: dict[str, dict[str, str]] = {}
    for n, g in gc.items():
        t = gt.get(n)
        if t is None:
            continue
        pairs = []
        if g.main is not None and t.main is not None:
            pairs.append((f"Q{n}", g.main, t.main))
        for i, (rc, rt) in enumerate(zip(g.rows, t.rows), start=1):
            pairs.append((f"Q{n}.{i}", rc, rt))
        for qid, cc, ct in pairs:
            vc, vt = ctx_c.values(cc.index), ctx_t.values(ct.index)
            mapping: dict[str, str] = {}
            for k, code in enumerate(vc):
                kt = row_t.get(ic[k])
                if kt is None or _skip(code) or not _is_number(code):
                    continue
                label = _split_fill(vt[kt])[0]
                if _skip(vt[kt]):
                    continue
                code = str(int(Decimal(code)))
                if code in mapping and sv.label_key(mapping[code]) != sv.label_key(label):
                    _issue(report, "export-labels-mismatch",
                           f"{qid} 的值 {code} 在两份导出中分别对应“{mapping[code]}”和“{label}”：两份文件不是同一批答卷",
                           labels_path.name, sheet_t, ctx_t.ref(ct.index, kt), value=label)
                    continue
                mapping[code] = label
            out[qid] = mapping
    # A matrix's codes mean the same in every row.
    for n, g in gc.items():
        if g.rows:
            merged: dict[str, str] = {}
            for i in range(1, len(g.rows) + 1):
                merged.update(out.get(f"Q{n}.{i}", {}))
            out[f"Q{n}"] = merged
            for i in range(1, len(g.rows) + 1):
                out.pop(f"Q{n}.{i}", None)
    return out, report


def read_export(path: str | Path, options: ImportOptions | None = None, *, codebook: Codebook | None = None
                ) -> SurveyImport:
    """Read and tally one 问卷星 / 腾讯问卷 export. Raises SurveyImportError listing every error.

    ``codebook`` holds what 问卷统计.xlsx already says (option lists and order, typed scores,
    计入满意度, 权重); the export never overrides it. The export file is only read.
    """
    path = Path(path)
    opts = options or ImportOptions()
    if opts.method not in ("mean", "pooled"):
        raise RuleConfigError(f"综合满意度的计算方式应为 mean 或 pooled，而非“{opts.method}”")
    if opts.share_style not in sv.SHARE_STYLES:
        raise RuleConfigError(f"占比格式应为 1dp 或 wjx，而非“{opts.share_style}”")
    resolve_scheme(opts.scheme)
    for name in opts.question_schemes.values():
        resolve_scheme(name)
    sheet, rows = _load_table(path)
    found = _detect(rows)
    if found is None:
        msg = ("无法识别为问卷星或腾讯问卷导出：前几行中没有题目表头（问卷星如“1、您的性别”或“第6题(运动)”，"
               "腾讯问卷如“1.您的性别”），也没有 序号/提交答卷时间 或 编号/开始答题时间 等列")
        raise SurveyImportError(f"{path.name}：{msg}", one_issue("export-no-header", msg, path.name, sheet, "A1"))
    header_row, platform, cols = found
    ctx = _Ctx(path, sheet, rows, header_row, opts, codebook)
    if not ctx.data:
        msg = "只有表头，没有答卷"
        raise SurveyImportError(f"{path.name}：{msg}", one_issue("export-no-rows", msg, path.name, sheet,
                                                           _cell(0, header_row + 1)))
    form = _form(ctx, path, platform, cols, opts)
    labels: dict[str, dict[str, str]] = {}
    if opts.labels is not None and form in ("index", "score"):
        labels, pair_report = _pair_labels(path, Path(opts.labels), opts)
        ctx.report.extend(pair_report.issues)
    groups = _groups(ctx, cols)
    builder = _Builder(ctx, form, labels)
    people = _respondents(ctx, cols)
    builder.idents = [p.ident for p in people]
    builder.build(groups)
    questions = builder.questions
    flags, threshold = _flags(ctx, cols, people, questions, opts)
    strata = _strata(ctx, questions, opts)
    cb = ctx.codebook
    title = opts.title or cb.info.get("title") or path.stem
    survey, used = _survey(questions, people, opts, cb, ctx, builder.open, title)
    ctx.flush()
    for f in flags:
        ctx.report.add(f.to_issue(path.name, sheet))
    if ctx.report.errors:
        raise SurveyImportError(f"{path.name} 有 {len(ctx.report.errors)} 处错误，未导入", ctx.report)
    days = [p.submitted for p in people if p.submitted]
    return SurveyImport(path=path, platform=platform, form=FORMS[form], sheet=sheet, respondents=people,
                        questions=questions, survey=survey, open_answers=builder.open, flags=flags, strata=strata,
                        report=ctx.report, options=opts, schemes=used, threshold=threshold,
                        dates=(min(days), max(days)) if days else None)


def _form(ctx: _Ctx, path: Path, platform: str, cols: list[_Col], opts: ImportOptions) -> str:
    if opts.form:
        wanted = {"text": "text", "文本": "text", "按选项文本": "text", "index": "index", "序号": "index",
                  "按选项序号": "index", "score": "score", "分数": "score", "按分数": "score"}.get(opts.form)
        if wanted is None:
            raise XlkitError(f"导出形式应为 文本/序号/分数，而非“{opts.form}”")
        return wanted
    if platform == "腾讯问卷":
        return "text"
    m = re.search(r"_(\d)$", path.stem)
    if m and m.group(1) in "012":
        return {"0": "text", "1": "score", "2": "index"}[m.group(1)]
    if any(c.role == "option" for c in cols):
        return "index"
    numeric = labelled = 0
    for c in cols:
        if c.role not in ("main", "row"):
            continue
        values = [v for v in ctx.values(c.index) if not _skip(v)]
        if not values:
            continue
        if all(_is_number(v) for v in values):
            numeric += 1
        elif not _looks_open(values) or any(sv.MULTI_SEPARATOR in v for v in values):
            labelled += 1
    return "index" if numeric and not labelled else "text"


