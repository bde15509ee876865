"""Sums and shares a report's prose states, recomputed (the ``text-sum`` and share checks of the text audit).

A reviewer adds up what the text adds up:

- a total followed by its parts, "部门支出决算数 498.46万元，其中：基本支出 451.32万元，项目支出
  47.14万元" — the parts must make the total (``of_which``);
- a total after rows of the report's own tables named one by one, "年中追加 甲项目、乙项目及公用经费项目，
  共计 21.76万元" — the named rows of one table must make it in one of its amount columns
  (``named_rows_total``);
- a share with the two amounts it is taken from, "抽查资金 150.00万元，占全年预算 182.62万元的 82.14%"
  (``shares``);
- the total and its 一、二、… parts stated in different paragraphs (000: 部门支出年初预算数 523.64,
  基本支出 464.57, 项目资金 59.08) against each other (``stated_footing``).

Every check is pure: it returns what it found and the text audit quotes the sentence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from xlkit.read.numbers import ZERO, D, fmt2, fmt_pct, quantize

_NUM = r"(\d+(?:\.\d+)?)"
_WAN = re.compile(_NUM + r"\s*万元")
_TOTAL = re.compile(r"(?:共计|合计|总计|累计)(?:申请|安排|下达|拨付|投入|支出|使用)?(?:预算|资金|经费)?(?:数|额)?"
                    r"(?:为|是|达|[:：])?\s*" + _NUM + r"\s*万元")
_OF_WHICH = re.compile(r"其中[:：]?")
# "占比 9.46%", "占部门支出的 9.46%", "占全年预算 182.62万元的 82.14%", "抽样占比为 100%"
_SHARE = re.compile(r"占[^，,。；;%]{0,40}?(?:为|是|达到|达|约|[:：])?\s*(?<![\d.])" + _NUM + r"\s*%")
# a part's label that is a kind of amount ("全年预算数为 …"), not an item: the list is not a breakdown
_KIND_WORDS = re.compile(r"年初|全年|预算|决算|执行|调整|到位|合计|共计|总计")
_NUMBERED = re.compile(r"^[一二三四五六七八九十]+[、.]")
# the column a share is taken of, by the words after 占 (年初 first: "年初预算" is not 全年预算)
_SHARE_OF = (("initial", r"年初"), ("annual", r"全年预算|调整后预算|预算数|预算总额"),
             ("spent", r"决算|实际支出|支出数|执行数"))
KINDS = {"initial": "年初预算数", "annual": "全年（调整后）预算数", "spent": "决算数（实际支出）"}

# (sheet, label, {initial, annual, spent}) — a budget row of the report's own tables
Row = tuple[str, str, Mapping[str, Decimal | None]]


@dataclass(frozen=True)
class Slip:
    """A stated figure that its own parts (or the tables) do not give."""

    item: str
    printed: str
    expected: str
    message: str
    basis: str
    difference: str | None = None


def same_pct(printed: str, exact: Decimal) -> bool:
    """Does the exact rate (a fraction) round half up to the printed percent at its printed decimals?"""
    places = len(printed.split(".")[1]) if "." in printed else 0
    return quantize(exact * 100, places) == quantize(D(printed), places)


def row_key(label: str) -> str:
    """"一、基本支出" / "其中：基本建设类项目" / "1.办公费" → the words a text uses for the row."""
    t = re.sub(r"\s+", "", unicodedata.normalize("NFKC", label or ""))
    t = re.sub(r"^其中[:：]?", "", t)
    return re.sub(r"^(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.](?!\d))", "", t)


def is_total(label: str) -> bool:
    return bool(re.search(r"合计|总计", label))


def of_which(sentence: str) -> Slip | None:
    """"X 万元，其中：甲 a万元，乙 b万元" — a + b must be X. A list marked as partial ("等", "主要")
    or whose labels are kinds of amount ("其中：人员经费年初预算数 …，全年预算数 …") is not a breakdown."""
    m = _OF_WHICH.search(sentence)
    if not m:
        return None
    before = list(_WAN.finditer(sentence[:m.start()]))
    if not before or sentence[before[-1].end():m.start()].strip(" ，,、"):
        return None  # 其中 does not follow an amount: it qualifies something else
    total = D(before[-1].group(1))
    parts: list[tuple[str, Decimal]] = []
    rest = sentence[m.end():]
    for clause in re.split(r"[，,、；;。]", rest):
        if not clause.strip():
            continue
        found = list(_WAN.finditer(clause))
        if len(found) != 1:
            break
        label = re.sub(r"(?:为|是|[:：])\s*$", "", clause[:found[0].start()]).strip()
        if not label or _KIND_WORDS.search(label):
            break
        if re.search(r"等|主要", clause):
            return None
        parts.append((label, D(found[0].group(1))))
    if len(parts) < 2 or len({label for label, _ in parts}) < len(parts):
        return None
    got = sum((v for _, v in parts), ZERO)
    if got == total:
        return None
    listed = " ＋ ".join(f"{label} {fmt2(v)}" for label, v in parts)
    return Slip("其中各项之和", fmt2(total), fmt2(got),
                f"总额写为 {fmt2(total)} 万元，其中所列各项 {listed} = {fmt2(got)} 万元，相差 {fmt2(total - got)} 万元",
                "总额 = 其中所列各项之和", fmt2(total - got))


def named_rows_total(sentence: str, rows: Iterable[Row]) -> list[Slip]:
    """"甲项目、乙项目及丙项目，共计 21.76万元" — the rows of one table the text names before a 共计
    (two at least, since the last amount the sentence gives) must make it in one amount column."""
    out: list[Slip] = []
    rows = list(rows)
    for m in _TOTAL.finditer(sentence):
        earlier = list(_WAN.finditer(sentence[:m.start()]))
        head = re.sub(r"\s+", "", sentence[earlier[-1].end() if earlier else 0:m.start()])
        by_sheet: dict[str, list[Row]] = {}
        for row in rows:
            key = row_key(row[1])
            if len(key) >= 3 and not is_total(key) and key in head:
                by_sheet.setdefault(row[0], []).append(row)
        if not by_sheet:
            continue
        sheet, named = max(by_sheet.items(), key=lambda kv: len(kv[1]))
        keys = [row_key(r[1]) for r in named]
        # "公用经费" inside "公用经费项目"'s longer name is that row, not another one
        named = [r for r, k in zip(named, keys) if not any(k != o and k in o for o in keys)]
        if len(named) < 2:
            continue
        stated = D(m.group(1))
        sums = {kind: sum((r[2].get(kind) or ZERO for r in named), ZERO) for kind in KINDS}
        if stated in sums.values():
            continue
        before = sentence[:m.end()]
        kind = ("initial" if "年初" in before else "annual" if re.search(r"追加|调整后|全年|下达", before)
                else "spent" if re.search(r"支出|执行|使用", before)
                else min(sums, key=lambda k: abs(sums[k] - stated)))
        names = "、".join(r[1].strip() for r in named)
        out.append(Slip(f"共计 › {KINDS[kind]}", fmt2(stated), fmt2(sums[kind]),
                        f"共计写为 {fmt2(stated)} 万元，所列 {len(named)} 项（{names}）在{sheet}中的{KINDS[kind]}"
                        f"之和为 {fmt2(sums[kind])} 万元", f"共计 = {sheet}所列各行之和", fmt2(stated - sums[kind])))
    return out


def _whole_row(phrase: str, rows: Sequence[Row]) -> Row | None:
    """The row a share is taken of: the one the phrase names ("占项目支出的"), else the department's
    合计 (the 合计 of the table with 一、二、… parts: "占决算数的" is of the whole budget)."""
    text = re.sub(r"\s+", "", phrase)
    named = [r for r in rows if len(row_key(r[1])) >= 3 and not is_total(r[1]) and row_key(r[1]) in text]
    if named:
        return max(named, key=lambda r: len(row_key(r[1])))
    totals = [r for r in rows if is_total(r[1])]
    outlined = {r[0] for r in rows if _NUMBERED.match(re.sub(r"\s+", "", r[1]))}
    top = [r for r in totals if r[0] in outlined] or totals
    return top[0] if len(top) == 1 else None


def shares(sentence: str, rows: Sequence[Row] = ()) -> list[Slip]:
    """"甲 a万元 … 占 … Y%": with exactly two amounts since the sentence start (or the previous share),
    Y = the smaller ÷ the larger; with one amount and a kind of amount named after 占 ("占决算数的"),
    Y = the amount ÷ that column of the row named (else the 合计) in the report's tables. More amounts
    would leave the pair to a guess, so they are not read."""
    out: list[Slip] = []
    start = 0
    for m in _SHARE.finditer(sentence):
        amounts = [D(a.group(1)) for a in _WAN.finditer(sentence[start:m.start(1)])]
        start = m.end()
        if len(amounts) == 2 and max(amounts) != 0:
            part, whole = min(amounts), max(amounts)
            source, basis = f"按正文所给金额 {fmt2(part)} ÷ {fmt2(whole)}", "占比按正文所给金额重算"
        elif len(amounts) == 1 and rows:
            phrase = sentence[m.start():m.start(1)]
            kind = next((k for k, rx in _SHARE_OF if re.search(rx, phrase)), None)
            row = _whole_row(phrase, rows) if kind else None
            value = row[2].get(kind) if row is not None and kind else None
            if row is None or kind is None or not value:
                continue
            part, whole = amounts[0], value
            source = f"按正文所给 {fmt2(part)} ÷ {row[0]}“{row[1].strip()}”的{KINDS[kind]} {fmt2(whole)}"
            basis = f"占比 = 正文金额 ÷ {row[0]}所列金额"
        else:
            continue
        exact = part / whole
        if same_pct(m.group(1), exact):
            continue
        out.append(Slip("占比", f"{m.group(1)}%", fmt_pct(quantize(exact, 4)),
                        f"占比写为 {m.group(1)}%，{source} = {fmt_pct(quantize(exact, 4))}", basis))
    return out


@dataclass(frozen=True)
class Stated:
    """An amount the text gives for a row of the tables, and where."""

    value: Decimal
    where: str
    sentence: str


def stated_footing(rows: Sequence[Row], stated: Mapping[tuple[str, str, str], Stated]) -> list[tuple[Stated, Slip]]:
    """The 合计 row's amount as the text states it against the 一、二、… rows' amounts as the text
    states them (in any paragraph), when the text states every part the table fills. ``stated`` is
    keyed by (sheet, label as printed without surrounding spaces, kind)."""
    out: list[tuple[Stated, Slip]] = []
    sheets = dict.fromkeys(r[0] for r in rows)
    for sheet in sheets:
        mine = [r for r in rows if r[0] == sheet]
        totals = [r for r in mine if is_total(r[1])]
        parts = [r for r in mine if _NUMBERED.match(re.sub(r"\s+", "", r[1]))]
        if len(totals) != 1 or len(parts) < 2:
            continue
        total = totals[0]
        for kind, head in KINDS.items():
            said = stated.get((sheet, total[1].strip(), kind))
            if said is None:
                continue
            needed = [r for r in parts if r[2].get(kind)]
            given = [(r, stated[(sheet, r[1].strip(), kind)]) for r in parts if (sheet, r[1].strip(), kind) in stated]
            if len(given) < 2 or any((sheet, r[1].strip(), kind) not in stated for r in needed):
                continue
            got = sum((s.value for _, s in given), ZERO)
            if got == said.value:
                continue
            listed = " ＋ ".join(f"{row_key(r[1])} {fmt2(s.value)}（{s.where}）" for r, s in given)
            out.append((said, Slip(f"{row_key(total[1])} › {head}", fmt2(said.value), fmt2(got),
                                   f"正文写{sheet}“{total[1].strip()}”的{head}为 {fmt2(said.value)} 万元，正文所写各部分 "
                                   f"{listed} = {fmt2(got)} 万元，相差 {fmt2(said.value - got)} 万元", f"合计 = 正文所写{sheet}各部分之和",
                                   fmt2(said.value - got))))
    return out
