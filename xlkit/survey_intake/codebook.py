"""What 问卷统计.xlsx already holds before an import: question kinds, option lists and typed scores.

The export never overrides it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xlkit.compute import survey as sv

__all__ = ["Codebook"]


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
