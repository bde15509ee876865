"""What the user asks of an import: ``ImportOptions``, the export forms, option-score schemes and strata."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from xlkit.compute import survey as sv
from xlkit.errors import RuleConfigError, XlkitError

__all__ = ["FORMS", "ImportOptions", "resolve_scheme", "parse_strata"]


FORMS = {"text": "按选项文本", "index": "按选项序号", "score": "按分数"}


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
