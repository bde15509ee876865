"""预决算 tables: footings, 调整数, rates by the formula their heading states, 0/0 display, disclosure dates.

A rate whose heading names its formula ("预算执行率（决算数/年初预算数）") is recomputed that way;
a wrong figure that matches another denominator is named as such."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from xlkit.audit.grid import DASH, Num, norm, pct_text, ratio_of, same_figure, sum_known, value_of
from xlkit.audit.hierarchy import Line, outline
from xlkit.audit.model import Out
from xlkit.audit.tables import Cells, Table, heading_text
from xlkit.compute import finance
from xlkit.read.numbers import ZERO, fmt2, fmt_pct, quantize


@dataclass
class _BRow:
    row: int
    label: str
    values: dict[str, Num | str | None]


def _read_rows(t: Table, out: Out, amount_keys: tuple[str, ...], rate_keys: tuple[str, ...],
               label_key: str = "label") -> list[_BRow]:
    cells = Cells(t, out)
    rows = []
    for r in range(t.header + 1, t.end + 1):
        label = cells.text(r, label_key)
        if not label:
            continue
        values = {k: cells.num(r, k) for k in amount_keys}
        values.update({k: cells.num(r, k, rate=True) for k in rate_keys})
        rows.append(_BRow(r, label, values))
    return rows


def _label_key(label: str) -> str:
    t = norm(label)
    if t in ("合计", "总计", "支出合计", "总额"):  # a typed table's plain 合计 is our 本年支出合计
        return "本年支出合计"
    t = re.sub(r"^其中[:：]", "", t)
    return re.sub(r"^[一二三四五六七八九十]+、|^\d+[.、]", "", t)


def _indents(t: Table, key: str = "label") -> dict[int, int]:
    """Row → indentation of its label: leading (full-width) spaces or the cell's indent setting."""
    c = t.cols.get(key)
    out: dict[int, int] = {}
    if not c:
        return out
    for r in range(t.header + 1, t.end + 1):
        raw = t.grid.raw(r, c)
        if not isinstance(raw, str):
            continue
        lead = len(raw) - len(raw.lstrip(" \u3000"))
        cell = t.grid.ws_f.cell(r, c)
        indent = int(getattr(cell.alignment, "indent", 0) or 0) if cell.has_style else 0
        out[r] = indent + (lead + 1) // 2  # two spaces or one full-width space per level
    return out


def _structure(rows: list[_BRow], indents: dict[int, int] | None = None) -> list[tuple[_BRow, list[_BRow]]]:
    """(parent, children) pairs: from the budget spec's 支出 rows when the labels are ours, else
    the 合计/总额 row over the other top-level rows ("其中：" right after the total opens its breakdown)."""
    from xlkit.spec.templates import workbook_specs

    spec_rows = workbook_specs()["budget"].sheet("expense").fixed_rows
    by_key = {_label_key(fr.label): fr for fr in spec_rows}
    matched = {id(r): by_key.get(_label_key(r.label)) for r in rows}
    pairs = []
    if sum(1 for v in matched.values() if v is not None) * 2 >= len(rows) and rows:
        key_row = {m.key: r for r in rows if (m := matched[id(r)]) is not None}
        for fr in spec_rows:
            if fr.children and fr.key in key_row:
                kids = [key_row[k] for k in fr.children if k in key_row]
                if kids:
                    pairs.append((key_row[fr.key], kids))
        return pairs
    shown = outline([Line(norm(r.label), indents.get(r.row, 0), all(not isinstance(v, Num) for v in r.values.values()))
                     for r in rows]) if indents is not None else None
    if shown is not None:  # the labels' numbering, 其中 and indentation say what adds up to what
        return [(rows[p], [rows[k] for k in kids]) for p, kids in shown]
    totals = [r for r in rows if re.search(r"合计|总额|总计", norm(r.label))]
    for total in totals[:1]:
        kids = []
        after_total = False
        for r in rows:
            if r is total:
                after_total = True
                continue
            sub = norm(r.label).startswith("其中")
            prev_is_total = after_total and not kids
            if sub and not prev_is_total:
                continue
            kids.append(r)
        if kids:
            pairs.append((total, kids))
    return pairs


AMOUNT_HEADS = {"initial": "年初预算数", "annual": "全年预算数", "final": "决算数", "adjusted": "调整后预算数",
                "spent": "实际支出数", "received": "实际到位数", "adjustment": "调整数"}


def _foot(out: Out, t: Table, parent: _BRow, kids: list[_BRow], keys: Iterable[str], what: str = "") -> None:
    g = t.grid
    for key in keys:
        pv = parent.values.get(key)
        if not isinstance(pv, Num) and pv != DASH:
            continue
        kv = [k.values.get(key) for k in kids]
        if all(not isinstance(v, Num) for v in kv):
            # Blank (or "-") 其中 rows: the total is not itemised, as check reads the 自评表's
            # 项目资金 block; a break needs at least one part typed.
            continue
        if all(v is None for v in kv):
            continue  # a breakdown left blank (xlkit's 自评表 其中 rows) was not given, so it cannot foot
        f = finance.foot([value_of(v) for v in kv], value_of(pv))
        if f is None or not f.is_break:
            continue
        head = t.heads.get(key) or heading_text(g, t.header, t.cols[key])
        names = "＋".join(k.label.strip() for k, v in zip(kids, kv) if isinstance(v, Num))
        note = "（差额在各分项四舍五入的范围内，可能是尾差，但表内应相加一致）" if f.within_rounding else ""
        out("footing", f"{what}{parent.label.strip()}的{head} {fmt2(f.printed)} 与 {names or '各分项'} 之和 "
            f"{fmt2(f.computed)} 相差 {fmt2(f.printed - f.computed)}{note}", sheet=g.name,
            cell=g.ref(parent.row, t.cols[key]), item=f"{parent.label.strip()} › {head}", printed=fmt2(f.printed),
            expected=fmt2(f.computed), difference=fmt2(f.printed - f.computed),
            basis=f"{parent.label.strip()} = {names or 'Σ 分项'}（容差 0.01 万元）")


@dataclass
class _RateCheck:
    """One rate column: how to compute it from the row's amounts, and alternatives to name a wrong denominator."""

    key: str
    compute: Callable[[dict[str, Decimal | None]], Decimal | None]
    formula: str
    alternatives: tuple[tuple[str, Callable[[dict[str, Decimal | None]], Decimal | None]], ...] = ()
    signed: bool = False  # a change rate: a cut is negative
    share: bool = False  # cannot exceed 100 %


def _amounts(row: _BRow) -> dict[str, Decimal | None]:
    return {k: value_of(v) for k, v in row.values.items()}


def _stated_denominator(heading: str, t: Table, default: _RateCheck) -> _RateCheck:
    """A heading that states its formula ("预算执行率（决算数/年初预算数）") overrides the default."""
    m = re.search(r"[（(](.+?)[/÷](.+?)[)）]", unicodedata.normalize("NFKC", heading))
    if not m:
        return default
    keys = {}
    for part, which in ((m.group(1), "num"), (m.group(2), "den")):
        for key, head in AMOUNT_HEADS.items():
            if key in t.cols and norm(part).startswith(norm(head)[:2]) and norm(head).startswith(norm(part)[:4]):
                keys[which] = key
    if len(keys) != 2:
        return default
    num, den = keys["num"], keys["den"]
    return replace(default, compute=lambda a: ratio_of(a.get(num), a.get(den)),
                   formula=f"{AMOUNT_HEADS[num]} ÷ {AMOUNT_HEADS[den]}")


def _check_rates(out: Out, t: Table, rows: list[_BRow], checks: list[_RateCheck], zero_forms: dict) -> None:
    g = t.grid
    for rc in checks:
        if rc.key not in t.cols:
            continue
        heading = heading_text(g, t.header, t.cols[rc.key])
        rc = _stated_denominator(heading, t, rc)
        for row in rows:
            printed = row.values.get(rc.key)
            if printed is None:
                continue
            a = _amounts(row)
            exact = rc.compute(a)
            cell = g.ref(row.row, t.cols[rc.key])
            item = f"{t.year}年 " * bool(t.year) + f"{row.label.strip()} › {heading}"
            basis = f"{heading} = {rc.formula}"
            if exact is None:
                zero_forms.setdefault(t.grid.name, []).append((printed if isinstance(printed, str) else printed.shown, cell, item))
                if isinstance(printed, Num):
                    out("rate-undefined", f"{item}：分母为 0 或“-”，比率无法计算，却填报为 {printed.shown}（应显示“-”）",
                        sheet=g.name, cell=cell, item=item, printed=printed.shown, expected=DASH, basis=basis)
                continue
            if printed == DASH:
                out("rate-dash", f"{item}显示为“-”，但可按 {rc.formula} 计算为 {pct_text(quantize(exact, 4))}",
                    sheet=g.name, cell=cell, item=item, printed=DASH, expected=pct_text(quantize(exact, 4)), basis=basis)
                continue
            assert isinstance(printed, Num)
            if same_figure(printed, exact):
                if rc.share and exact > 1:
                    out("rate-over-100", f"{item} {printed.shown} 超过 100%", sheet=g.name, cell=cell, item=item,
                        printed=printed.shown, expected="≤ 100.00%", basis=basis)
                continue
            if rc.signed and exact < 0 and same_figure(printed, -exact):
                out("rate-sign", f"{item}填报为 {printed.shown}，预算为调减，按公式应为 {pct_text(quantize(exact, 4))}（未标负号）",
                    sheet=g.name, cell=cell, item=item, printed=printed.shown, expected=pct_text(quantize(exact, 4)),
                    basis=f"{basis}（调减为负）")
                continue
            hint = ""
            for name, alt in rc.alternatives:
                v = alt(a)
                if v is not None and same_figure(printed, v):
                    hint = f"；填报值与按{name}计算的结果一致，分母（口径）用错"
                    break
            expected = quantize(exact, max(printed.places, 4))
            out("rate-recompute", f"{item}填报为 {printed.shown}，按 {rc.formula} 重算为 {fmt_pct(expected)}{hint}",
                sheet=g.name, cell=cell, item=item, printed=printed.shown, expected=fmt_pct(expected),
                difference=fmt_pct(printed.value - expected), basis=basis)


def zero_zero(out: Out, zero_forms: dict) -> None:
    for sheet, forms in zero_forms.items():
        shown = Counter(f for f, _, _ in forms)
        if len(shown) < 2:
            continue
        usual = shown.most_common(1)[0][0]
        for form, cell, item in forms:
            if form != usual:
                out("zero-zero-inconsistent", f"{item}：0/0 显示为“{form}”，同表其他 0/0 显示为“{usual}”",
                    sheet=sheet, cell=cell, item=item, printed=form, expected=usual, basis="同一表中无法计算的比率应统一显示")


# a 上年 column of this year's table → the column of last year's table it repeats
PRIOR = {"prior_initial": "initial", "prior_annual": "annual", "prior_final": "final"}
_EXPENSE_AMOUNTS = ("initial", "annual", "final", "adjustment", *PRIOR)


def check_expense(out: Out, t: Table, zero_forms: dict) -> list[_BRow]:
    rows = _read_rows(t, out, _EXPENSE_AMOUNTS, ("execution_rate", "adjustment_rate"))
    for parent, kids in _structure(rows, _indents(t)):
        _foot(out, t, parent, kids, [k for k in _EXPENSE_AMOUNTS if k in t.cols],
              f"{t.year}年 " if t.year else "")
    for row in rows:
        a = _amounts(row)
        adj = row.values.get("adjustment")
        if isinstance(adj, Num) and (a.get("initial") is not None or a.get("annual") is not None):
            _check_adjustment(out, t, row, adj)
    _check_rates(out, t, rows, [
        # 预算执行率 recomputed by finance, the one place it is computed (unrounded: the printed
        # figure decides the precision it is compared at).
        _RateCheck("execution_rate", lambda a: finance.execution_rate(a.get("final"), a.get("annual"), None),
                   "决算数 ÷ 全年预算数",
                   (("年初预算数", lambda a: ratio_of(a.get("final"), a.get("initial"))),), share=True),
        _RateCheck("adjustment_rate", lambda a: _change(a.get("initial"), a.get("annual")),
                   "（全年预算数 − 年初预算数）÷ 年初预算数", signed=True),
    ], zero_forms)
    return rows


def _change(initial: Decimal | None, after: Decimal | None) -> Decimal | None:
    if initial is None or initial == 0:
        return None
    return ((after or ZERO) - initial) / initial


def _check_adjustment(out: Out, t: Table, row: _BRow, adj: Num) -> None:
    a = _amounts(row)
    f = finance.check_adjustment(a.get("initial"), a.get("annual"), adj.value)
    if f is None or not f.is_break:
        return
    g = t.grid
    expected = (a.get("initial") or ZERO) - (a.get("annual") or ZERO)
    out("adjustment-mismatch", f"{row.label.strip()}：年初 {fmt2(a.get('initial'))} − 全年 {fmt2(a.get('annual'))} = "
        f"{fmt2(expected)}，调整数填报为 {adj.shown}", sheet=g.name, cell=g.ref(row.row, t.cols["adjustment"]),
        item=f"{row.label.strip()} › 调整数", printed=adj.shown, expected=fmt2(abs(expected)),
        difference=fmt2(abs(adj.value) - abs(expected)), basis="调整数 = 年初预算数 − 全年预算数")


def check_income(out: Out, t: Table, zero_forms: dict) -> None:
    rows = _read_rows(t, out, ("initial", "annual", "adjustment"), ("adjustment_rate",))
    for parent, kids in _structure(rows, _indents(t)):
        _foot(out, t, parent, kids, [k for k in ("initial", "annual", "adjustment") if k in t.cols],
              f"{t.year}年 " if t.year else "")
    for row in rows:
        adj = row.values.get("adjustment")
        if isinstance(adj, Num):
            _check_adjustment(out, t, row, adj)
    _check_rates(out, t, rows, [
        _RateCheck("adjustment_rate",
                   lambda a: finance.income_adjustment(a.get("initial"), a.get("annual"), None).rate,
                   "（年初收入数 − 全年预算数）÷ 年初收入数",
                   (("全年预算数", lambda a: ratio_of((a.get("initial") or ZERO) - (a.get("annual") or ZERO), a.get("annual"))),)),
    ], zero_forms)


def check_projects(out: Out, t: Table, zero_forms: dict) -> tuple[list[_BRow], _BRow | None]:
    rows = _read_rows(t, out, ("initial", "adjusted", "spent", "received"),
                      ("adjustment_rate", "execution_rate", "in_place_rate"), label_key="name")
    # the 合计 row may carry its label in the 序号 column (merged)
    cells = Cells(t, out)
    total = None
    items = []
    for r in range(t.header + 1, t.end + 1):
        texts = [norm(cells.text(r, k)) for k in ("no", "name", "kind")]
        if any(re.fullmatch(r"合计|总计|小计", x) for x in texts):
            values = {k: cells.num(r, k) for k in ("initial", "adjusted", "spent", "received")}
            values.update({k: cells.num(r, k, True) for k in ("adjustment_rate", "execution_rate", "in_place_rate")})
            total = _BRow(r, "合计", values)
    items = [row for row in rows if not re.fullmatch(r"合计|总计|小计", norm(row.label))]
    if total is not None:
        _foot(out, t, total, items, [k for k in ("initial", "adjusted", "spent", "received") if k in t.cols], "项目表")
    checks = [
        _RateCheck("adjustment_rate", lambda a: _change(a.get("initial"), a.get("adjusted")),
                   "（调整后预算数 − 年初预算数）÷ 年初预算数", signed=True),
        _RateCheck("execution_rate", lambda a: finance.execution_rate(a.get("spent"), a.get("adjusted"), None),
                   "实际支出数 ÷ 调整后预算数",
                   (("年初预算数", lambda a: ratio_of(a.get("spent"), a.get("initial"))),), share=True),
        _RateCheck("in_place_rate", lambda a: ratio_of(a.get("received"), a.get("adjusted")), "实际到位数 ÷ 调整后预算数",
                   share=True),
    ]
    _check_rates(out, t, items, checks, zero_forms)
    if total is not None:
        sums = {k: sum_known(value_of(r.values.get(k)) for r in items) for k in ("initial", "adjusted", "spent", "received")}
        net = _RateCheck("adjustment_rate", lambda a: _change(sums["initial"], sums["adjusted"]),
                         "（Σ调整后预算数 − Σ年初预算数）÷ Σ年初预算数（净额口径）", signed=True)
        agg = [net,
               replace(checks[1], compute=lambda a: ratio_of(sums["spent"], sums["adjusted"]),
                       formula="Σ实际支出数 ÷ Σ调整后预算数"),
               replace(checks[2], compute=lambda a: ratio_of(sums["received"], sums["adjusted"]),
                       formula="Σ实际到位数 ÷ Σ调整后预算数")]
        _check_rates(out, t, [total], agg, {})
    return items, total


def cross_projects(out: Out, exp_t: Table, exp_rows: list[_BRow], proj_items: list[_BRow]) -> None:
    """部门整体: 表1-1 二、项目支出 = 表1-2 合计 of 年初 / 调整后 / 实际 (000: 59.08 / 47.14 / 47.14)."""
    row = next((r for r in exp_rows if _label_key(r.label) == "项目支出"), None)
    if row is None or not proj_items:
        return
    for ek, pk in (("initial", "initial"), ("annual", "adjusted"), ("final", "spent")):
        if ek not in exp_t.cols:
            continue
        _foot(out, exp_t, row, [_BRow(p.row, p.label, {ek: p.values.get(pk)}) for p in proj_items], [ek],
              "与项目表核对：")


def check_headerless(out: Out, t: Table) -> bool:
    """A table without a heading row (``tables._headerless``): read when its columns can be told apart —
    the 合计 row foots over its rows (by the labels' numbering, 其中 and indentation) in one amount
    column at least; then every amount column is footed. Otherwise it is ``table-unreadable`` with why."""
    g = t.grid
    keys = [k for k in t.cols if k != "label"]
    rows = _read_rows(t, out, tuple(keys), ())
    pairs = _structure(rows, _indents(t))
    total = next((p for p in pairs if re.search(r"合计|总计", norm(p[0].label))), None)
    where = dict(sheet=g.name, cell=g.ref(t.header + 1, t.cols["label"]))
    if not keys or total is None:
        out("table-unreadable", "无表头的表格：有合计行，但" + ("没有可识别的金额列" if not keys else "各行的层级无法确定"),
            **where)
        return False
    parent, kids = total
    def foots(key: str) -> bool:
        printed = parent.values.get(key)
        if not isinstance(printed, Num):
            return False
        f = finance.foot([value_of(x.values.get(key)) for x in kids], printed.value)
        return f is None or not f.is_break

    if not any(foots(k) for k in keys):
        out("table-unreadable", f"无表头的表格：合计行（第 {parent.row} 行）在 {'、'.join(t.heads[k] for k in keys)} 都不等于"
            f"各行之和，无法确定各列的含义（请加上表头：年初预算数、全年预算数、决算数…）", **where)
        return False
    for p, k in pairs:
        _foot(out, t, p, k, keys, "无表头的表格：")
    return True


_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def table_year(t: Table) -> int | None:
    """The year a budget table reports: its column group's (multi-year tables), else the year in its
    title (the three rows above the heading row: "2023年部门支出预决算情况表"), else in the sheet name."""
    if t.year:
        return int(t.year)
    g = t.grid
    for r in range(t.header - 1, max(0, t.header - 4), -1):
        for c in range(1, g.cols + 1):
            m = _TITLE_YEAR.search(norm(g.text(r, c)))
            if m:
                return int(m.group(1))
    m = re.search(r"(?:19|20)\d{2}", g.name)
    return int(m.group(0)) if m else None


def check_years(out: Out, expense: list[tuple[Table, list[_BRow]]]) -> None:
    """Year over year: a year's figures printed twice (a 2022/2023 table and a 2023/2024 table, or a
    separate 2023 table beside them) must agree row by row; a 上年 column of this year's table
    (上年决算数 …) must repeat last year's table. Rows are matched by their label."""
    by_year: dict[int, list[tuple[Table, list[_BRow]]]] = {}
    for t, rows in expense:
        year = table_year(t)
        if year is not None:
            by_year.setdefault(year, []).append((t, rows))
    for year, group in by_year.items():
        # a year twice is a repeat only where a multi-year table repeats it; two tables of one year
        # with no column groups are two subjects (a 自评 workbook's tables, one per project)
        repeated = [(t, rows) for t, rows in group if t.year]
        if not repeated:
            continue
        src_t, src_rows = repeated[0]
        for t, rows in group:
            if t is not src_t and len({_label_key(r.label) for r in rows} & {_label_key(r.label) for r in src_rows}) >= 2:
                _repeats(out, t, rows, src_t, src_rows, {k: k for k in ("initial", "annual", "final")}, year)
    for t, rows in expense:
        year = table_year(t)
        if year is None or not any(k in t.cols for k in PRIOR) or len(by_year.get(year - 1, [])) != 1:
            continue  # no table of last year, or several (whose would it be?)
        src_t, src_rows = by_year[year - 1][0]
        _repeats(out, t, rows, src_t, src_rows, {k: v for k, v in PRIOR.items() if k in t.cols}, year - 1)


def _repeats(out: Out, t: Table, rows: list[_BRow], src_t: Table, src_rows: list[_BRow],
             pairs: dict[str, str], year: int) -> None:
    source = {_label_key(r.label): r for r in src_rows}
    g, sg = t.grid, src_t.grid
    for row in rows:
        src = source.get(_label_key(row.label))
        if src is None:
            continue
        for mine, theirs in pairs.items():
            if mine not in t.cols or theirs not in src_t.cols:
                continue
            printed, there = row.values.get(mine), src.values.get(theirs)
            if not isinstance(printed, Num):
                continue  # blank or "-": the figure is not repeated here
            value = value_of(there) or ZERO
            if printed.value == value:
                continue
            head, src_head = heading_text(g, t.header, t.cols[mine]), heading_text(sg, src_t.header, src_t.cols[theirs])
            src_cell = sg.ref(src.row, src_t.cols[theirs])
            out("year-repeat", f"{row.label.strip()}的{head}（{year}年）填报为 {printed.shown}，{year}年的表"
                f"（{sg.name} › {src_cell}，{src_head}）为 {fmt2(value_of(there))}", sheet=g.name,
                cell=g.ref(row.row, t.cols[mine]), item=f"{row.label.strip()} › {year}年 {src_head}",
                printed=fmt2(printed.value), expected=fmt2(value_of(there)), difference=fmt2(printed.value - value),
                basis=f"同一年度的数字应与{year}年的表一致（{sg.name} › {src_cell}）")


def check_disclosure(out: Out, t: Table) -> None:
    from xlkit.read.cells import CellError, parse_cell

    g = t.grid
    cells = Cells(t, out)
    for r in range(t.header + 1, t.end + 1):
        label = cells.text(r, "label")
        if not label:
            continue
        days = {}
        for key in ("approved", "published"):
            c = t.cols[key]
            try:
                days[key] = parse_cell(g.raw(r, c), "date")
            except CellError:
                days[key] = None
        limit = cells.num(r, "limit")
        limit_days = int(limit.value) if isinstance(limit, Num) else 20
        a, p = days.get("approved"), days.get("published")
        if a is None or p is None:
            continue
        cell = g.ref(r, t.cols["published"])
        if p < a:
            out("disclosure-before-approval", f"{label}：公开日期 {p.isoformat()} 早于批复日期 {a.isoformat()}",
                sheet=g.name, cell=cell, item=f"{label} › 公开日期", printed=p.isoformat(),
                expected=f"不早于 {a.isoformat()}", difference=f"{(p - a).days} 日", basis="先批复、后公开：公开日期 ≥ 批复日期")
        elif (p - a).days > limit_days:
            out("disclosure-late", f"{label}：批复后 {(p - a).days} 日才公开，超过 {limit_days} 日的时限",
                sheet=g.name, cell=cell, item=f"{label} › 公开日期", printed=p.isoformat(),
                expected=f"不晚于 {(a + dt.timedelta(days=limit_days)).isoformat()}",
                difference=f"{(p - a).days - limit_days} 日", basis=f"批复后 {limit_days} 日内公开")
