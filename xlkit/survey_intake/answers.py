"""One answer cell read as the platforms write it: skip marks, numbers, fill-ins, open text, ladders.

Skip logic: "(跳过)", "(空)", -3, -2 and blanks are not answers. A single-choice question whose
answers are words of a known ladder (非常满意…不满意, 显著…无, 是/否) is completed with the rungs
nobody chose.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from xlkit.compute import survey as sv

__all__ = ["YES_NO", "is_skipped", "is_number", "split_fill", "looks_open", "ladder_for", "complete_ladder",
           "dedupe"]


_FILL_IN = re.compile(r"〖([^〗]*)〗")
_NUMBER = re.compile(r"^-?\d+(\.0+)?$")
_SKIP_NUMBER = re.compile(r"^-[23](\.0+)?$")

YES_NO = ("是", "否")
# Open answers longer than this, or more distinct answers than this, make an untyped column free text.
_OPEN_DISTINCT = 12


def is_skipped(text: str) -> bool:
    t = unicodedata.normalize("NFKC", text).strip()
    return t in sv.SKIP_MARKS or bool(_SKIP_NUMBER.match(t))


def is_number(text: str) -> bool:
    return bool(_NUMBER.match(text))


def split_fill(text: str) -> tuple[str, str | None]:
    """"其他〖柜台〗" → ("其他", "柜台")."""
    m = _FILL_IN.search(text)
    if not m:
        return text.strip(), None
    return _FILL_IN.sub("", text).strip(), m.group(1).strip() or None


def looks_open(values: list[str]) -> bool:
    answered = [v for v in values if not is_skipped(v)]
    if not answered:
        return False
    distinct = {sv.label_key(v) for v in answered}
    if any(len(v) > 40 for v in answered):
        return True
    return len(distinct) > _OPEN_DISTINCT or len(distinct) * 2 > len(answered)


def ladder_for(keys: set[str]) -> tuple[tuple[str, ...] | None, bool]:
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


def complete_ladder(observed: list[str], qid: str) -> tuple[list[str], tuple[str, ...] | None, bool]:
    keys = {sv.label_key(o) for o in observed}
    ladder, assumed = ladder_for(keys)
    if ladder is None:
        return observed, None, False
    spelled = {sv.label_key(o): o for o in observed}
    return [spelled.get(sv.label_key(w), w) for w in ladder], ladder, assumed


def dedupe(labels: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for lab in labels:
        key = sv.label_key(lab)
        if key and key not in seen:
            seen[key] = lab
    return list(seen.values())
