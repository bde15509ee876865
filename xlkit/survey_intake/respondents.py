"""Respondents (序号, time taken, IP, date) and the quality flags and strata drawn from them.

Flags (identical answers throughout, too fast, duplicate IPs, outside the population, strata far from
the population's) are reported; no respondent is ever dropped silently.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from xlkit.compute import survey as sv
from xlkit.read.numbers import ZERO, fmt_pct, ratio
from xlkit.survey_intake.context import ExportContext
from xlkit.survey_intake.headers import Column
from xlkit.survey_intake.loading import cell_ref
from xlkit.survey_intake.model import Flag, ImportedQuestion, Respondent, Stratum
from xlkit.survey_intake.options import ImportOptions

__all__ = ["read_respondents", "quality_flags", "compare_strata"]


_IP = re.compile(r"^\s*([0-9a-fA-F.:]+)\s*(?:\((.*)\))?\s*$")


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


def read_respondents(ctx: ExportContext, cols: list[Column]) -> list[Respondent]:
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
                         cell_ref(meta["duration"], r), value=get("duration"))
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


def quality_flags(ctx: ExportContext, cols: list[Column], people: list[Respondent], questions: list[ImportedQuestion],
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
                                  cell_ref(meta["duration"], p.row - 1) if "duration" in meta else None))
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
                              cell_ref(meta["ip"], p.row - 1) if "ip" in meta else None))
    if opts.region:
        region = sv.label_key(opts.region)
        for p in people:
            if p.location and region not in sv.label_key(p.location) and sv.label_key(p.location) not in ("未知", ""):
                flags.append(Flag("flag-outside-population", p.row, p.ident,
                                  f"答卷 {p.ident} 的 IP 所在地“{p.location}”不在调查范围“{opts.region}”内",
                                  cell_ref(meta["ip"], p.row - 1) if "ip" in meta else None))
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


def compare_strata(ctx: ExportContext, questions: list[ImportedQuestion], opts: ImportOptions) -> list[Stratum]:
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
