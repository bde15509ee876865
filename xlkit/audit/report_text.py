"""Audit of a 评价报告 (.docx): the figures its text states against its own tables and the annex.

A finance bureau reads the report, not only the 综合评分表. The report's tables (表1-1, 表3-1,
表4-x, an annex typed into the report) go through the same checks as a workbook's tables; the
paragraphs (and the long texts of table cells, e.g. a 概要 table) are read sentence by sentence:

- "权重为 35 分,得分为 32.1 分,得分率为 95.43%" — 得分率 = 得分 ÷ 分值 (``text-rate``), and the
  分值/得分 of the 一级 or 三级 indicator the sentence is about against the annex (``text-figure``);
- 总分 and 等级 wherever the text states them (摘要, body) against the annex total and the grade
  bands (``text-figure``, ``grade-mismatch``);
- counts: "共设置绩效目标 24个，实现目标 18个", "由 6个二级指标和 11个三级指标构成", "共计实施项目 3个"
  against the annex and the project table (``text-count``); an enumeration "包括甲、乙…等 11个三级
  指标" that names another number of items (``text-list-count``);
- execution, adjustment and in-place rates recomputed from the amounts the same paragraph gives
  ("全年预算数 451.32万元，全年实际支出 451.32万元，预算执行率 100.00%"), and written-out formulas
  "(182.62/182.62)×100%=100%" (``text-rate``);
- a method passage naming an indicator and the points its standard awards ("预算调整率在±10.00%以内，
  得 2.00分") against the indicator's 分值 (``standard-points``);
- sums and shares stated in prose: a total and its "其中" parts, a "共计 X 万元" after rows of the
  tables named one by one, a 合计 and its 一、二、… parts stated in different paragraphs (``text-sum``),
  and "占…Y%" recomputed from the two amounts the sentence gives (``text-rate``); see ``text_sums``.

Every finding quotes the sentence. Where a paragraph sits is given as "第 N 段" (paragraphs
counted from 1, tables not counted) or, for a table cell, the table's caption and cell.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from xlkit.audit.deductions import check_standard
from xlkit.audit.grid import Num
from xlkit.audit.model import CODES, AuditResult, Finding
from xlkit.audit.score_table import ScoreTable, level_label
from xlkit.audit.sheets import audit_sheets
from xlkit.audit.text_sums import (
    Stated,
    named_rows_total,
    of_which,
    row_key,
    same_pct,
    shares,
    stated_footing,
)
from xlkit.compute import finance
from xlkit.errors import XlkitError
from xlkit.read.numbers import ZERO, D, fmt2, fmt_pct, quantize

_NUM = r"(\d+(?:\.\d+)?)"
_SENTENCE_END = re.compile(r"(?<=[。；;！？!?])|\n")
_CAPTION = re.compile(r"^\s*(?:附)?表\s*(\d+(?:\s*[-－—.]\s*\d+)?)")


@dataclass
class Passage:
    """A paragraph of the report (or the text of one table cell) and where it is."""

    where: str  # "第 12 段" or "表 3-1 › B5"
    text: str


@dataclass
class Report:
    """A Word report as read: its paragraphs in order and its tables as worksheets."""

    name: str
    passages: list[Passage]
    sheets: list[Any]  # openpyxl worksheets, one per table, captioned


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "")


def _cell_text(tc: Any) -> str:
    from docx.oxml.ns import qn

    paras = []
    for p in tc.iter(qn("w:p")):
        paras.append("".join(t.text or "" for t in p.iter(qn("w:t"))))
    return "\n".join(x for x in paras if x.strip()).strip()


def _table_rows(tbl: Any) -> tuple[list[list[str | None]], list[tuple[int, int, int, int]]]:
    """A Word table as a grid of texts (top-left cell of a merge only) and its merged ranges (1-based)."""
    rows: list[list[str | None]] = []
    merges: list[list[int]] = []  # [row0, col0, row1, col1]
    open_v: dict[int, list[int]] = {}  # column → the vertical merge it continues
    for r, tr in enumerate(tbl.tr_lst, start=1):
        row: list[str | None] = []
        c = 1
        for tc in tr.tc_lst:
            span = tc.grid_span or 1
            vmerge = tc.vMerge
            if vmerge == "continue" and c in open_v:
                open_v[c][2] = r
                row.extend([None] * span)
            else:
                row.append(_cell_text(tc))
                row.extend([None] * (span - 1))
                rng = [r, c, r, c + span - 1]
                if span > 1 or vmerge == "restart":
                    merges.append(rng)
                if vmerge == "restart":
                    open_v[c] = rng
                else:
                    open_v.pop(c, None)
            c += span
        rows.append(row)
    return rows, [(a, b, c, d) for a, b, c, d in merges if (a, b) != (c, d)]


def _sheet_title(caption: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "", caption)[:28] or "表格"
    title, n = base, 2
    while title in taken:
        title, n = f"{base[:25]}({n})", n + 1
    taken.add(title)
    return title


def _preflight(path: Path) -> None:
    """Refuse what is not a plain .docx before parsing it: an old .doc, an encrypted file, a zip bomb."""
    import zipfile

    from xlkit.read.safety import (
        MAX_ENTRIES,
        MAX_ENTRY_INFLATED,
        MAX_FILE_BYTES,
        MAX_TOTAL_INFLATED,
        OLE_MAGIC,
    )

    name = path.name
    size = path.stat().st_size
    if size == 0 or size > MAX_FILE_BYTES:
        raise XlkitError(f"{name} 是空文件或过大（{size} 字节），无法审核")
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:
        raise XlkitError(f"{name} 是旧版 Word 97-2003 文件（.doc）或已加密，请另存为 Word 文档（*.docx）")
    if head[:4] != b"PK\x03\x04":
        raise XlkitError(f"{name} 不是 Word 文档（.docx）")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile as exc:
        raise XlkitError(f"{name} 已损坏或不完整（{exc}）") from exc
    total = sum(i.file_size for i in infos)
    if len(infos) > MAX_ENTRIES or total > MAX_TOTAL_INFLATED or any(i.file_size > MAX_ENTRY_INFLATED for i in infos):
        raise XlkitError(f"{name} 解压后过大或内部文件过多（疑似压缩炸弹），拒绝读取")
    if "word/document.xml" not in {i.filename for i in infos}:
        raise XlkitError(f"{name} 不是 Word 文档（缺少 word/document.xml）")


def _is_heading(text: str) -> bool:
    """Is a cell's text one of the column headings audit knows (a table's heading row)?"""
    from xlkit.audit.vocabulary import headings

    t = text.replace("(", "（")
    return any(t == n or t.startswith(n + "（") for kind in headings().values() for names in kind.values()
               for n in names) or t.startswith(("三级指标", "一级指标", "项目名称", "指标"))


def read_report(path: Path) -> Report:
    """Paragraphs and tables of a .docx, in document order; a clear message when it is not one."""
    import zipfile

    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
        from docx.oxml.ns import qn
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise XlkitError("审核 Word 报告需要 python-docx：pip install python-docx") from exc
    from openpyxl import Workbook

    _preflight(path)
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        raise XlkitError(f"{path.name} 不是可读取的 Word（.docx）文件：{exc}") from exc
    wb = Workbook()
    if wb.active is not None:
        wb.remove(wb.active)
    passages: list[Passage] = []
    taken: set[str] = set()
    caption, n_par, n_tab = "", 0, 0
    prev: tuple[Any, int, list[str]] | None = None  # the last table: sheet, width, heading row
    for el in document.element.body.iterchildren():
        if el.tag == qn("w:p"):
            text = Paragraph(el, document).text.strip()
            if not text:
                continue
            n_par += 1
            m = _CAPTION.match(_fold(text))
            if m:
                caption = "表" + re.sub(r"\s+", "", m.group(1)).replace("－", "-").replace("—", "-")
            passages.append(Passage(f"第 {n_par} 段", text))
        elif el.tag == qn("w:tbl"):
            n_tab += 1
            rows, merges = _table_rows(el)
            width = max((len(r) for r in rows), default=0)
            skip, offset = 0, 0
            if prev is not None and not caption and width == prev[1] and rows:
                # a table continued on the next page: its heading row repeated, or no heading row at all
                first = [_fold(x or "").replace(" ", "") for x in rows[0]]
                if first == prev[2]:
                    skip = 1
                if skip or not any(_is_heading(x) for x in first if x):
                    ws, offset = prev[0], prev[0].max_row
            if not offset:
                title = _sheet_title(caption or f"表格{n_tab}", taken)
                ws = wb.create_sheet(title)
                prev = (ws, width, [_fold(x or "").replace(" ", "") for x in rows[0]] if rows else [])
            caption = ""
            for r, row in enumerate(rows[skip:], start=1 + offset):
                for c, value in enumerate(row, start=1):
                    if value:
                        cell = ws.cell(r, c, value)
                        cell.data_type = "s"  # a text starting "=" is text, never a formula
            for r0, c0, r1, c1 in merges:
                if r0 > skip:
                    ws.merge_cells(start_row=r0 - skip + offset, start_column=c0, end_row=r1 - skip + offset,
                                   end_column=c1)
            for r, row in enumerate(rows[skip:], start=1 + offset):
                for c, value in enumerate(row, start=1):
                    # a long text in a cell (a 概要 table's 绩效目标实现情况) is read like a paragraph
                    if value and len(value) >= 12 and re.search(r"\d", value):
                        passages.append(Passage(f"{ws.title} › {ws.cell(r, c).coordinate}", value))
    return Report(path.name, passages, list(wb.worksheets))


# --------------------------------------------------------------------------------------------
# findings


class _Emit:
    """Findings of the text audit: severity and category from the catalogue, the sentence quoted."""

    def __init__(self, result: AuditResult, file: str):
        self.result, self.file = result, file

    def __call__(self, code: str, where: str, sentence: str, message: str, *, item: str = "",
                 printed: str | None = None, expected: str | None = None, difference: str | None = None,
                 basis: str = "") -> None:
        sev, cat, _ = CODES[code]
        quote = sentence.strip()
        quote = quote if len(quote) <= 300 else quote[:300] + "…"
        sheet, _, cell = where.partition(" › ")
        self.result.findings.append(Finding(code, sev, cat, f"{message}。原文：“{quote}”", self.file,
                                            sheet if cell else "正文", cell or where, item, printed, expected,
                                            difference, basis))


def _sentences(text: str) -> list[str]:
    return [s for s in (x.strip() for x in _SENTENCE_END.split(text)) if s]


# --------------------------------------------------------------------------------------------
# the annex: indicators and 一级 groups


@dataclass
class _Group:
    name: str  # 一级 name without code and weight: "部门决策"
    weight: Decimal
    score: Decimal
    level2: int
    level3: int


def _value(x: Num | str | None) -> Decimal | None:
    return x.value if isinstance(x, Num) else None


def _groups(st: ScoreTable) -> list[_Group]:
    out = []
    for l1 in st.level1_names():
        mine = [i for i in st.indicators if i.level1 == l1]
        name = level_label(l1)[1]
        if not name:
            continue
        out.append(_Group(name, sum((_value(i.weight) or ZERO for i in mine), ZERO),
                          sum((_value(i.score) or ZERO for i in mine), ZERO),
                          len({i.level2 for i in mine if i.level2}), len(mine)))
    return out


_WEIGHT = re.compile(r"(?:权重分?|分值|满分)(?:权重)?(?:设置)?(?:为|是|占|[:：])?\s*" + _NUM + r"\s*分")
_SCORE = re.compile(r"(?:实际得分|得分|得)(?:为|是|[:：])?\s*" + _NUM + r"\s*分(?!值|率)")
_RATE = re.compile(r"得分率(?:为|是|[:：])?\s*" + _NUM + r"\s*%")
_TOTAL = re.compile(r"(?:最终评分结果|最终评价得分|最终得分|综合得分|评价得分|总得分|总分)(?:为|是|[:：])?\s*" + _NUM + r"\s*分")
_GRADE = re.compile(r"(?:绩效评级|评价等级|绩效等级|评价结果等级|等级)(?:为|是|[:：])?\s*[“\"'‘「]?\s*(优秀|良好|优|良|中|差)")
_GOALS = re.compile(r"共设置?(?:绩效)?目标\s*" + _NUM + r"\s*个[，,、]?\s*(?:实现|完成)(?:绩效)?目标\s*" + _NUM + r"\s*个")
_BUILT = re.compile(r"由\s*" + _NUM + r"\s*个二级指标和\s*" + _NUM + r"\s*个三级指标构成")
_LIST = re.compile(r"包括(.+?)等\s*" + _NUM + r"\s*个三级指标")
_PROJECTS = re.compile(r"(?:共计?|合计)?实施(?:了)?项目\s*" + _NUM + r"\s*个")
_FORMULA = re.compile(r"[(（]\s*" + _NUM + r"\s*[/÷]\s*" + _NUM + r"\s*[)）]\s*[×xX*]\s*100(?:\.0+)?\s*%?\s*=\s*" + _NUM + r"\s*%")

# amounts a paragraph names, by what they are (the nearest one before a rate is the one it uses)
_AMOUNTS = {
    "initial": re.compile(r"年初(?:预算数?|收入数?)(?:为|是|[:：])?\s*" + _NUM + r"\s*万元"),
    "annual": re.compile(r"(?:全年预算(?:数|总额)?|调整后预算数?|预算下达数)(?:为|是|[:：])?\s*" + _NUM + r"\s*万元"),
    "spent": re.compile(r"(?:决算数|全年实际支出|实际支出|全年执行数|执行数|支出总计|项目支出总计)(?:为|是|[:：])?\s*"
                        + _NUM + r"\s*万元"),
    "received": re.compile(r"(?:共计到位|实际到位(?:资金)?|到位资金)(?:为|是|[:：])?\s*" + _NUM + r"\s*万元"),
    "adjustment": re.compile(r"(?:预算)?调整数(?:为|是|[:：])?\s*" + _NUM + r"\s*万元"),
}
_RATES = {
    "execution": re.compile(r"执行率(?:为|是|达到|达|[:：])?\s*" + _NUM + r"\s*%"),
    "adjustment": re.compile(r"调整率(?:为|是|[:：])?\s*" + _NUM + r"\s*%"),
    "in_place": re.compile(r"到位率(?:为|是|达到|达|[:：])?\s*" + _NUM + r"\s*%"),
}


def _self_evaluation(sentence: str) -> bool:
    """A sentence about the unit's own 自评 states its figures, not the evaluation's."""
    return "自评" in sentence


class _TextAudit:
    def __init__(self, report: Report, annex: ScoreTable | None, emit: _Emit, projects: int | None,
                 amounts: list[tuple[str, str, dict[str, Decimal | None]]] | None = None):
        self.report, self.annex, self.projects = report, annex, projects
        # budget rows of the report's tables by label ("基本支出" ← "一、基本支出"); a 合计 row also
        # answers to "部门支出"; a label in two tables (000 公用经费) keeps every candidate
        self.rows: dict[str, list[tuple[str, str, dict[str, Decimal | None]]]] = {}
        self.amounts = list(amounts or [])
        for sheet, label, values in self.amounts:
            key = row_key(label)
            names = [key] + (["部门支出", "支出总额"] if re.search(r"合计|总计", key) else [])
            if key == "项目支出":
                names.append("项目资金")  # 000: "项目资金年初预算数为 59.08万元" is 表1-1's 二、项目支出
            for name in names:
                if len(name) >= 3:
                    self.rows.setdefault(name, []).append((sheet, label.strip(), values))
        self.groups = _groups(annex) if annex is not None else []
        self.total = (sum((_value(i.score) or ZERO for i in annex.indicators), ZERO)
                      if annex is not None and annex.indicators else None)
        self.current: Any = None  # the 三级 indicator the text is discussing
        # a section about a unit's or a project's own 自评 ("自评总分 99.49 分"): its indicators are
        # the 自评表's, not the annex's, though they may share a name (参保人数)
        self.self_section = False
        # amounts the text gives for a table row, first statement kept: (sheet, label, kind) → Stated
        self.stated: dict[tuple[str, str, str], Stated] = {}
        self.original = ""
        self.statements = 0  # figures recognised in the text (rates, totals, counts, standards)
        self.emit: Callable[..., None] = lambda code, where, sentence, message, **kw: emit(code, where, self._quote(sentence), message, **kw)

    def _sentences(self, text: str) -> list[str]:
        return _sentences(text)

    def _quote(self, folded: str) -> str:
        """The original wording of a (folded) sentence of the current passage."""
        at = _fold(self.original).find(folded)
        return self.original[at:at + len(folded)] if at >= 0 else folded

    # -- which indicator a passage names
    def _named(self, text: str) -> Any:
        if self.annex is None:
            return None
        t = _fold(text)
        for i in self.annex.indicators:
            if i.code and re.search(rf"(?<![A-Z0-9]){i.code}(?!\d)", t):
                return i
        hits = [i for i in self.annex.indicators if len(i.name) >= 4 and i.name in t]
        return max(hits, key=lambda i: len(i.name)) if hits else None

    def _group_in(self, sentence: str) -> _Group | None:
        hits = [g for g in self.groups if g.name in sentence]
        return hits[0] if len(hits) == 1 else None

    def run(self) -> None:
        for p in self.report.passages:
            text = _fold(p.text)
            # quotes are the report's own characters (full-width punctuation) when folding kept the length
            self.original = p.text if len(p.text) == len(text) else text
            if len(text) <= 40 and re.match(r"^\s*(?:[(（][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)", text):
                self.self_section = False  # a new section heading
            elif "自评总分" in text:
                self.self_section = True
            head = re.match(r"^\s*(?:[(（]\d+[)）]|\d+[.、]|对于)", text)
            if head:
                named = self._named(text[:60])
                if named is not None:
                    self.current = named
            self._standard(p, text)
            self._amount_rates(p, text)
            for s in self._sentences(text):
                self._stated_amounts(p, s)
                self._sums(p, s)
                self._scores(p, s)
                self._totals(p, s)
                self._counts(p, s)
        for said, slip in stated_footing(self.amounts, self.stated):
            self.statements += 1
            self._slip("text-sum", Passage(said.where, said.sentence), said.sentence, slip)

    # -- sums and shares stated in prose
    def _sums(self, p: Passage, s: str) -> None:
        found = [("text-sum", x) for x in [of_which(s), *named_rows_total(s, self.amounts)] if x is not None]
        found += [("text-rate", x) for x in shares(s, self.amounts)]
        self.statements += bool(re.search(r"其中|共计|合计|总计|累计|占", s) and re.search(r"万元|%", s))
        for code, slip in found:
            self._slip(code, p, s, slip)

    def _slip(self, code: str, p: Passage, s: str, slip: Any) -> None:
        self.emit(code, p.where, s, slip.message, item=slip.item, printed=slip.printed, expected=slip.expected,
                  difference=slip.difference, basis=slip.basis)

    # -- 分值 / 得分 / 得分率
    def _scores(self, p: Passage, s: str) -> None:
        if _self_evaluation(s) or self.self_section:
            return
        w, sc, r = _WEIGHT.search(s), _SCORE.search(s), _RATE.search(s)
        self.statements += bool(w and sc)
        if w and sc and r and D(w.group(1)) != 0:
            exact = D(sc.group(1)) / D(w.group(1))
            if not same_pct(r.group(1), exact):
                self.emit("text-rate", p.where, s, f"得分率写为 {r.group(1)}%，{sc.group(1)} ÷ {w.group(1)} = "
                          f"{fmt_pct(quantize(exact, 4))}", item="得分率", printed=f"{r.group(1)}%",
                          expected=fmt_pct(quantize(exact, 4)), basis="得分率 = 得分 ÷ 分值")
        if not (w and sc):
            return
        group = self._group_in(s)
        if group is not None:
            self._against(p, s, group.name, D(w.group(1)), D(sc.group(1)), group.weight, group.score, "一级指标")
            return
        ind = self._named(s) or (self.current if "该指标" in s else None)
        if ind is not None:
            self._against(p, s, ind.label, D(w.group(1)), D(sc.group(1)), _value(ind.weight), _value(ind.score),
                          "三级指标")

    def _against(self, p: Passage, s: str, what: str, w: Decimal, sc: Decimal, aw: Decimal | None,
                 asc: Decimal | None, level: str) -> None:
        for head, stated, annex in (("分值", w, aw), ("得分", sc, asc)):
            if annex is not None and stated != annex:
                self.emit("text-figure", p.where, s, f"{level}“{what}”的{head}正文写为 {fmt2(stated)} 分，"
                          f"评分表为 {fmt2(annex)} 分", item=f"{what} › {head}", printed=fmt2(stated),
                          expected=fmt2(annex), difference=fmt2(stated - annex), basis=f"正文{head} = 评分表{head}")

    # -- amounts stated in prose against the report's own budget tables
    def _stated_amounts(self, p: Passage, s: str) -> None:
        if not self.rows:
            return
        subject = None
        for clause in re.split(r"[,，、]", s):
            named = [k for k in self.rows if k in clause]
            if named:
                subject = max(named, key=len)
            if subject is None:
                continue
            for kind in ("initial", "annual", "spent"):
                for m in _AMOUNTS[kind].finditer(clause):
                    stated = D(m.group(1))
                    self.statements += 1
                    for sheet, label, _ in self.rows[subject]:
                        self.stated.setdefault((sheet, label, kind), Stated(stated, p.where, self._quote(s)))
                    candidates = [(sheet, label, v.get(kind)) for sheet, label, v in self.rows[subject]]
                    if any((x if x is not None else ZERO) == stated for _, _, x in candidates):
                        continue
                    sheet, label, there = candidates[0]
                    head = {"initial": "年初预算数", "annual": "全年（调整后）预算数", "spent": "决算数（实际支出）"}[kind]
                    self.emit("text-figure", p.where, s, f"正文写“{subject}”的{head}为 {fmt2(stated)} 万元，"
                              f"{sheet}“{label}”为 {fmt2(there)} 万元", item=f"{subject} › {head}",
                              printed=fmt2(stated), expected=fmt2(there),
                              difference=fmt2(stated - (there or ZERO)), basis=f"正文金额 = {sheet}所列金额")

    # -- 总分 / 等级
    def _totals(self, p: Passage, s: str) -> None:
        if _self_evaluation(s):
            return
        from xlkit.read.records import parse_grades
        from xlkit.scoring.evaluation import DEFAULT_GRADES, grade_for

        t = _TOTAL.search(s)
        self.statements += bool(t)
        stated = D(t.group(1)) if t else None
        if stated is not None and self.total is not None and stated != self.total:
            self.emit("text-figure", p.where, s, f"正文写总分 {fmt2(stated)} 分，评分表各三级指标得分之和为 "
                      f"{fmt2(self.total)} 分", item="总分", printed=fmt2(stated), expected=fmt2(self.total),
                      difference=fmt2(stated - self.total), basis="总分 = Σ 三级指标得分")
        g = _GRADE.search(s)
        total = stated if stated is not None else self.total
        if g and total is not None:
            expected = grade_for(total, parse_grades(DEFAULT_GRADES))
            grade = g.group(1)[:1]
            if grade != expected:
                self.emit("grade-mismatch", p.where, s, f"等级写为“{g.group(1)}”，总分 {fmt2(total)} 应为“{expected}”",
                          item="等级", printed=g.group(1), expected=expected, basis="等级标准：优≥90；良≥80；中≥60")

    # -- counts
    def _counts(self, p: Passage, s: str) -> None:
        annex = self.annex
        m = _GOALS.search(s)
        self.statements += bool(m or _BUILT.search(s) or _LIST.search(s) or _PROJECTS.search(s))
        if m and annex is not None:
            full = sum(1 for i in annex.indicators
                       if _value(i.score) is not None and _value(i.score) == _value(i.weight))
            for stated, actual, what in ((m.group(1), len(annex.indicators), "绩效目标（三级指标）"),
                                         (m.group(2), full, "实现目标（得满分的三级指标）")):
                if int(D(stated)) != actual:
                    self.emit("text-count", p.where, s, f"{what}正文写为 {stated} 个，评分表为 {actual} 个",
                              item=what, printed=stated, expected=str(actual), basis=f"{what}个数")
        m = _BUILT.search(s)
        group = self._group_in(s)
        if m and group is not None:
            for stated, actual, what in ((m.group(1), group.level2, "二级指标"), (m.group(2), group.level3, "三级指标")):
                if int(D(stated)) != actual:
                    self.emit("text-count", p.where, s, f"“{group.name}”的{what}正文写为 {stated} 个，评分表为 {actual} 个",
                              item=f"{group.name} › {what}个数", printed=stated, expected=str(actual),
                              basis=f"评分表中“{group.name}”的{what}个数")
        m = _LIST.search(s)
        if m:
            listed = m.group(1)
            # an indicator whose name itself holds a "、" (000 B22 预算、决算信息公开) is one item
            for i in annex.indicators if annex is not None else []:
                if "、" in i.name:
                    listed = listed.replace(i.name, i.name.replace("、", "/"))
            items = [x for x in re.split(r"[、，,]", listed.strip("：: ")) if x.strip()]
            if len(items) != int(D(m.group(2))):
                self.emit("text-list-count", p.where, s, f"写明 {m.group(2)} 个三级指标，所列举的只有 {len(items)} 个",
                          item="列举的三级指标", printed=m.group(2), expected=str(len(items)),
                          basis="列举项数 = 所写个数")
        m = _PROJECTS.search(s)
        if m and self.projects is not None and int(D(m.group(1))) != self.projects:
            self.emit("text-count", p.where, s, f"正文写实施项目 {m.group(1)} 个，项目预算执行表列有 {self.projects} 个项目",
                      item="项目个数", printed=m.group(1), expected=str(self.projects), basis="项目预算执行表的项目行数")

    # -- rates recomputed from the amounts the paragraph gives
    def _amount_rates(self, p: Passage, text: str) -> None:
        marks: list[tuple[int, str, Decimal]] = []
        for key, rx in _AMOUNTS.items():
            marks += [(m.start(), key, D(m.group(1))) for m in rx.finditer(text)]
        marks.sort(key=lambda x: x[0])

        sentences = _sentences(text)
        starts: list[int] = []
        acc = 0
        for s in sentences:
            acc = text.find(s, acc)
            starts.append(acc)

        def before(pos: int, key: str) -> Decimal | None:
            """The amount the rate at ``pos`` uses: the nearest one before it in its sentence, else the
            paragraph's only one of that kind before it (two would be ambiguous: 000's B52 passage names
            the project total and one project's figures before its second "调整率为 20.21%")."""
            start = max((x for x in starts if x <= pos), default=0)
            found = [v for at, k, v in marks if k == key and start <= at < pos]
            if found:
                return found[-1]
            earlier = [v for at, k, v in marks if k == key and at < start]
            return earlier[0] if len(earlier) == 1 else None

        def sentence_at(pos: int) -> str:
            acc = 0
            for s in sentences:
                i = text.find(s, acc)
                if i <= pos < i + len(s):
                    return s
                acc = max(acc, i)
            return text

        for kind, rx in _RATES.items():
            for m in rx.finditer(text):
                printed = m.group(1)
                self.statements += 1
                if kind == "execution":
                    spent, budget = before(m.start(), "spent"), before(m.start(), "annual")
                    exact = finance.execution_rate(spent, budget, None) if spent is not None and budget else None
                    formula = f"{fmt2(spent)} ÷ {fmt2(budget)}"
                    what = "预算执行率"
                elif kind == "in_place":
                    got, budget = before(m.start(), "received"), before(m.start(), "annual")
                    exact = finance.funds_in_place_rate(got, budget, None) if got is not None and budget else None
                    formula, what = f"{fmt2(got)} ÷ {fmt2(budget)}", "资金到位率"
                else:
                    initial, annual = before(m.start(), "initial"), before(m.start(), "annual")
                    if initial is None or annual is None or initial == 0:
                        continue
                    exact = abs(annual - initial) / initial  # the text prints a cut unsigned (000 20.21%)
                    formula, what = f"|{fmt2(annual)} − {fmt2(initial)}| ÷ {fmt2(initial)}", "预算调整率"
                    adj = before(m.start(), "adjustment")
                    if adj is not None and adj != abs(initial - annual):
                        s = sentence_at(m.start())
                        self.emit("text-rate", p.where, s, f"调整数写为 {fmt2(adj)} 万元，年初 {fmt2(initial)} 与全年 "
                                  f"{fmt2(annual)} 相差 {fmt2(abs(initial - annual))} 万元", item="调整数",
                                  printed=fmt2(adj), expected=fmt2(abs(initial - annual)),
                                  basis="调整数 = 年初预算数 − 全年预算数")
                if exact is None or same_pct(printed, exact):
                    continue
                s = sentence_at(m.start())
                self.emit("text-rate", p.where, s, f"{what}写为 {printed}%，按正文所给数字 {formula} = "
                          f"{fmt_pct(quantize(exact, 4))}", item=what, printed=f"{printed}%",
                          expected=fmt_pct(quantize(exact, 4)), basis=f"{what}按正文所给金额重算")
        for m in _FORMULA.finditer(text):
            a, b, r = D(m.group(1)), D(m.group(2)), m.group(3)
            if b != 0 and not same_pct(r, a / b):
                self.emit("text-rate", p.where, sentence_at(m.start()), f"算式 ({m.group(1)}/{m.group(2)})×100% 写为 "
                          f"{r}%，应为 {fmt_pct(quantize(a / b, 4))}", item="算式", printed=f"{r}%",
                          expected=fmt_pct(quantize(a / b, 4)), basis="按算式重算")

    # -- a method passage: "项目支出预算调整率：…在±10.00%以内，得 2.00分"
    def _standard(self, p: Passage, text: str) -> None:
        m = re.match(r"^\s*([^：:，,。]{4,30})[：:]", text)
        if not m or self.annex is None:
            return
        head = m.group(1)
        ind = next((i for i in self.annex.indicators if i.name and (i.name == head or head.endswith(i.name))), None)
        w = _value(ind.weight) if ind is not None else None
        if ind is None or w is None:
            return
        def relay(code: str, message: str, **kw: Any) -> None:
            kw.pop("sheet", None)
            kw.pop("cell", None)
            self.emit(code, p.where, text, f"方法说明所写评分标准与评分表分值不一致：{message}", **kw)

        check_standard(cast(Any, relay), "正文", p.where, replace(ind, standard=text), w)


def _project_count(sheets: list[Any]) -> int | None:
    """Items of a 项目预算执行表 in the report (rows numbered under 序号, 合计 excluded)."""
    for ws in sheets:
        head = None
        for r in range(1, min(ws.max_row, 60) + 1):
            texts = [str(ws.cell(r, c).value or "").strip() for c in range(1, min(ws.max_column, 20) + 1)]
            if head is None and "序号" in texts and any("项目名称" in t for t in texts):
                head = texts.index("序号") + 1
                count = 0
                continue
            if head is not None and re.fullmatch(r"\d+", str(ws.cell(r, head).value or "").strip()):
                count += 1
        if head is not None:
            return count
    return None


def audit_report(path: Path, result: AuditResult, annex: ScoreTable | None = None) -> None:
    """Audit a Word report: its tables like a workbook's, its text against them and the annex.

    ``annex`` is the 综合评分表 read from a workbook given beside the report; without it the
    report's own largest score table (an annex typed into the report) is the reference.
    """
    report = read_report(path)
    amounts: list[tuple[str, str, dict[str, Decimal | None]]] = []
    own = audit_sheets(report.sheets, report.name, result, amounts)
    reference = annex if annex is not None else (own[0] if own else None)
    if annex is not None:
        _body_tables(own, report, annex, result)
    checked = _TextAudit(report, reference, _Emit(result, report.name), _project_count(report.sheets), amounts)
    checked.run()
    if not own and not checked.statements:
        return  # no table and no figure the text audit knows how to check: nothing was audited
    result.audited.append(f"{report.name}：正文 {sum(1 for p in report.passages if p.where.startswith('第'))} 段"
                          + (f"，对照 {reference.file} › {reference.sheet}" if reference is not None else ""))


def _body_tables(own: list[ScoreTable], report: Report, annex: ScoreTable, result: AuditResult) -> None:
    """The body's score tables (表4-1 …) row by row against the annex (the same indicator's 分值 and 得分)."""
    emit = _Emit(result, report.name)
    by_code = {i.code: i for i in annex.indicators if i.code}
    by_name = {i.name: i for i in annex.indicators}
    for st in own:
        for ind in st.indicators:
            mine = by_code.get(ind.code) if ind.code else None
            mine = mine or by_name.get(ind.name)
            if mine is None:
                continue
            for head, stated, there in (("分值", _value(ind.weight), _value(mine.weight)),
                                        ("得分", _value(ind.score), _value(mine.score))):
                if stated is not None and there is not None and stated != there:
                    emit("text-figure", f"{st.sheet} › 第 {ind.row} 行", f"{ind.label} {head} {fmt2(stated)}",
                         f"{st.sheet}中“{ind.label}”的{head}为 {fmt2(stated)}，附件评分表为 {fmt2(there)}",
                         item=f"{ind.label} › {head}", printed=fmt2(stated), expected=fmt2(there),
                         difference=fmt2(stated - there), basis=f"正文表格{head} = 评分表{head}")
