"""Pairing a 按选项序号 / 按分数 export with the 按选项文本 export of the same answers.

Numbers carry no option text: the text export names them, respondent by respondent (paired by 序号).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from xlkit.compute import survey as sv
from xlkit.spec.issues import Report
from xlkit.survey_intake.answers import is_number, is_skipped, split_fill
from xlkit.survey_intake.context import ExportContext, group_columns
from xlkit.survey_intake.headers import Column, detect_header
from xlkit.survey_intake.issues import add_issue
from xlkit.survey_intake.loading import load_table
from xlkit.survey_intake.options import ImportOptions

__all__ = ["pair_labels"]


def pair_labels(coded_path: Path, labels_path: Path, opts: ImportOptions) -> tuple[dict[str, dict[str, str]], Report]:
    """code → option text per question, from the 按选项文本 export of the same answers (paired by 序号)."""
    report = Report()
    sheet_c, rows_c = load_table(coded_path)
    sheet_t, rows_t = load_table(labels_path)
    dc, dt_ = detect_header(rows_c), detect_header(rows_t)
    if dc is None or dt_ is None:
        return {}, report
    ctx_c = ExportContext(coded_path, sheet_c, rows_c, dc[0], opts, None)
    ctx_t = ExportContext(labels_path, sheet_t, rows_t, dt_[0], opts, None)
    gc = {g.number: g for g in group_columns(ctx_c, dc[2])}
    gt = {g.number: g for g in group_columns(ctx_t, dt_[2])}

    def ids(ctx: ExportContext, cols: list[Column]) -> list[str]:
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
                if kt is None or is_skipped(code) or not is_number(code):
                    continue
                label = split_fill(vt[kt])[0]
                if is_skipped(vt[kt]):
                    continue
                code = str(int(Decimal(code)))
                if code in mapping and sv.label_key(mapping[code]) != sv.label_key(label):
                    add_issue(report, "export-labels-mismatch",
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
