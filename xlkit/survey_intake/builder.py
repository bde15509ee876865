"""Tallying: each question's column group becomes an ImportedQuestion (a matrix row is a question of its
own, Q5.1, Q5.2 …) plus its open answers, in every form (按选项文本, 按选项序号, 按分数, 腾讯问卷).

Options are always mapped by text, never guessed from a position; unknown codes and answers are
errors at their cells.
"""

from __future__ import annotations

import re
from decimal import Decimal

from xlkit.compute import survey as sv
from xlkit.survey_intake.answers import (
    YES_NO,
    complete_ladder,
    dedupe,
    is_number,
    is_skipped,
    ladder_for,
    looks_open,
    split_fill,
)
from xlkit.survey_intake.context import ExportContext, QuestionGroup
from xlkit.survey_intake.headers import QTYPES, Column
from xlkit.survey_intake.model import ImportedQuestion
from xlkit.survey_intake.options import FORMS

__all__ = ["QuestionBuilder"]


_PERSONAL = re.compile(r"姓名|联系方式|联系电话|电话|手机|身份证|住址|微信号|邮箱")


class QuestionBuilder:
    """Turns column groups into ImportedQuestions and open answers, collecting issues."""

    def __init__(self, ctx: ExportContext, form: str, labels: dict[str, dict[str, str]]):
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
        return QTYPES.get(qtype or "") if qtype else None

    def _personal(self, text: str) -> bool:
        return not self.ctx.options.keep_personal and bool(_PERSONAL.search(text))

    def _free_text(self, qid: str, number: int, text: str, col: Column) -> None:
        values = self.ctx.values(col.index)
        personal = self._personal(text)
        answered = 0
        for k, v in enumerate(values):
            if is_skipped(v):
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

    def _choice(self, qid: str, number: int, text: str, cols: list[Column], answers: list[list[str] | None],
                multi: bool, refs: list[list[str]]) -> None:
        """Tally answers already turned into option texts (None = skipped), one list per respondent."""
        cb = self.ctx.codebook.options.get(qid)
        observed = dedupe(lab for ans in answers if ans for lab in ans)
        ladder, assumed = None, False
        if cb:
            options = list(cb)
        elif multi:
            options = observed
        else:
            options, ladder, assumed = complete_ladder(observed, qid)
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

    def _coded(self, qid: str, col: Column, base: str | None = None) -> list[tuple[str | None, str]]:
        """A 序号/分数 column as option texts (None = skipped) with their cells; unknown codes are errors.

        A matrix row (Q5.2) uses its own labels if known, else its matrix's (``base`` Q5).
        """
        mapping = self.labels.get(qid, self.labels.get(base or qid))
        cb = self.ctx.codebook.options.get(qid) or self.ctx.codebook.options.get(base or qid)
        out: list[tuple[str | None, str]] = []
        for k, v in enumerate(self.ctx.values(col.index)):
            ref = self.ctx.ref(col.index, k)
            if is_skipped(v):
                out.append((None, ref))
                continue
            if not is_number(v):
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

    def build(self, groups: list[QuestionGroup]) -> None:
        for g in groups:
            qid = f"Q{g.number}"
            kind = self._kind_hint(qid, g.qtype)
            if g.qtype in QTYPES and QTYPES[g.qtype] is None:
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

    def _subs_are_options(self, subs: list[Column]) -> bool:
        # 腾讯问卷 marks a chosen option with one fixed mark per column (its text or 1); a matrix
        # row holds different answers.
        for c in subs:
            marks = {v for v in self.ctx.values(c.index) if v and not is_skipped(v) and v != "0"}
            if len(marks) > 1:
                return False
        return True

    def _main(self, qid: str, g: QuestionGroup, col: Column, kind: str | None) -> None:
        values = self.ctx.values(col.index)
        text = g.text
        if kind == "填空":
            self._free_text(qid, g.number, text, col)
            return
        if self.form in ("index", "score") and not all(is_skipped(v) or is_number(v) for v in values):
            self._free_text(qid, g.number, text, col)
            return
        if self.form in ("index", "score"):
            coded = self._coded(qid, col)
            answers = [None if lab is None else [lab] for lab, _ in coded]
            self._choice(qid, g.number, text, [col], answers, False, [[ref] for _, ref in coded])
            return
        multi = kind == "多选" or any(sv.MULTI_SEPARATOR in v for v in values)
        if kind is None and not multi and qid not in self.ctx.codebook.options:
            keys = {sv.label_key(split_fill(v)[0]) for v in values if not is_skipped(v)}
            if ladder_for(keys)[0] is None and looks_open(values):
                self._free_text(qid, g.number, text, col)
                return
        answers = []  # typed by the index/score branch above
        refs: list[list[str]] = []
        for k, v in enumerate(values):
            ref = self.ctx.ref(col.index, k)
            if is_skipped(v):
                answers.append(None)
                refs.append([])
                continue
            parts = [p for p in (v.split(sv.MULTI_SEPARATOR) if multi else [v]) if p.strip()]
            labels = []
            for p in parts:
                label, fill = split_fill(p)
                labels.append(label)
                if fill:
                    self._open(qid, k, f"{sv.label_key(label)}：{fill}")
            answers.append(labels)
            refs.append([ref] * len(labels))
        self._choice(qid, g.number, text, [col], answers, multi, refs)

    def _option_columns(self, qid: str, g: QuestionGroup, cols: list[tuple[Column, str]], binary: bool) -> None:
        """One column per option: 问卷星 序号 0/1 (-2/-3 skipped) or 腾讯问卷 (any mark = chosen)."""
        labels = []
        for _c, sub in cols:
            label, _ = split_fill(sub)
            labels.append(label)
        answers: list[list[str] | None] = []
        refs: list[list[str]] = []
        for k in range(len(self.ctx.data)):
            chosen, seen = [], False
            for (c, _), label in zip(cols, labels):
                v = self.ctx.values(c.index)[k]
                ref = self.ctx.ref(c.index, k)
                if is_skipped(v):
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

    def _matrix(self, qid: str, g: QuestionGroup, rows: list[Column], kind: str | None) -> None:
        """Each matrix row is a question of its own (Q5.1, Q5.2 …) sharing the matrix's options."""
        all_values = [v for c in rows for v in self.ctx.values(c.index)]
        text_rows = kind == "填空" or (
            kind is None and self.form == "text"
            and ladder_for({sv.label_key(v) for v in all_values if not is_skipped(v)})[0] is None
            and all(looks_open(self.ctx.values(c.index)) for c in rows))
        if text_rows or self._personal(g.text):
            for i, c in enumerate(rows, start=1):
                self._free_text(f"{qid}.{i}", g.number, f"{g.text}—{c.sub}", c)
            return
        per_row: list[tuple[Column, list[list[str] | None], list[list[str]]]] = []
        for i, c in enumerate(rows, start=1):
            if self.form in ("index", "score"):
                coded = self._coded(f"{qid}.{i}", c, qid)
                answers = [None if lab is None else [lab] for lab, _ in coded]
                refs = [[ref] for _, ref in coded]
            else:
                answers, refs = [], []
                for k, v in enumerate(self.ctx.values(c.index)):
                    if is_skipped(v):
                        answers.append(None)
                        refs.append([])
                    else:
                        answers.append([split_fill(v)[0]])
                        refs.append([self.ctx.ref(c.index, k)])
            per_row.append((c, answers, refs))
        union = dedupe(lab for _, answers, _ in per_row for ans in answers if ans for lab in ans)
        for i, (c, answers, refs) in enumerate(per_row, start=1):
            sub_qid = f"{qid}.{i}"
            added = False
            if sub_qid not in self.ctx.codebook.options and qid in self.ctx.codebook.options:
                self.ctx.codebook.options[sub_qid] = self.ctx.codebook.options[qid]
                added = True
            elif sub_qid not in self.ctx.codebook.options:
                # The rows share the matrix's options: a word chosen in one row is an option of all.
                full, _, _ = complete_ladder(union, sub_qid)
                self.ctx.codebook.options[sub_qid] = full
                added = True
            self._choice(sub_qid, g.number, f"{g.text}—{c.sub}", [c], answers, False, refs)
            if added:
                del self.ctx.codebook.options[sub_qid]

    def _fills(self, qid: str, g: QuestionGroup) -> None:
        for c in g.fills:
            for k, v in enumerate(self.ctx.values(c.index)):
                if v and not is_skipped(v):
                    label = sv.label_key(c.sub) if c.sub else ""
                    self._open(qid, k, f"{label}：{v}" if label else v)
