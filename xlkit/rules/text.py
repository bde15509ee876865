"""Read an evaluator's 评分标准 prose into a catalogue rule (评分规则 + 规则参数).

``read_rule(text, weight)`` returns a ``RuleReading``: the rule's Chinese name and its
parameters written the way the indicator sheet takes them (``满分线=95%；零分线=85%``), the
目标值 and 绑定测算项 where the text names them, the phrase each part came from and a status:

* 识别 — every scoring sentence of the text was read and nothing was assumed;
* 存疑 — a rule was read, but something had to be assumed (stated in ``assumption``) or the
  written arithmetic does not add up (``problems``);
* 未识别 — no rule could be read; the row is left as 酌情评分 with the text, for the evaluator.

Nothing is guessed silently: a sentence that speaks of points (扣, 得…分, 满分, 不得分, 赋分)
and that no reader consumed makes the reading 存疑 at best. Edges follow the usual legal reading
of Chinese thresholds: 以上/以下/不低于/不超过/达到 include the number, 超过/高于/低于/不足/
大于/小于 exclude it; "（含）" marks an included end.

The reader is pure text processing; the parameters it writes are checked by the rule classes
themselves (``xlkit.rules``) so that what it suggests is what ``check`` and ``score`` accept.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

__all__ = ["RuleReading", "read_rule", "chinese_numbers", "RECOGNISED", "DOUBTFUL", "UNRECOGNISED"]

RECOGNISED = "识别"
DOUBTFUL = "存疑"
UNRECOGNISED = "未识别"
MANUAL = "酌情评分"


@dataclass
class RuleReading:
    status: str
    rule: str
    params: str = ""
    phrase: str = ""
    assumption: str = ""
    target: str | None = None
    measure: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def note(self) -> str:
        """One line for the 导入状态 column: status, phrase, assumption, problems."""
        parts = [self.status]
        if self.phrase:
            parts.append(f"{'原文' if self.status == UNRECOGNISED else '依据'}：“{self.phrase}”")
        if self.assumption:
            parts.append(f"{'说明' if self.status == UNRECOGNISED else '假设'}：{self.assumption}")
        parts.extend(f"问题：{p}" for p in self.problems)
        return "；".join(parts)


# ---- normalising -------------------------------------------------------------------------

_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "零〇一二两三四五六七八九十百"


def _cn_int(s: str) -> int | None:
    """一 → 1, 十五 → 15, 九十五 → 95, 一百 → 100, 二〇 → 20 (digit by digit without 十/百)."""
    if not s or any(ch not in _CN for ch in s):
        return None
    if "十" not in s and "百" not in s:
        value = 0
        for ch in s:
            value = value * 10 + _DIGIT[ch]
        return value
    total, current = 0, 0
    for ch in s:
        if ch in _DIGIT:
            current = _DIGIT[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


def _cn_number(s: str) -> str | None:
    """九十五 → "95", 九十五点五 → "95.5"."""
    whole, _, frac = s.partition("点")
    n = _cn_int(whole)
    if n is None:
        return None
    if frac:
        if any(ch not in _DIGIT for ch in frac):
            return None
        return f"{n}." + "".join(str(_DIGIT[ch]) for ch in frac)
    return str(n)


def chinese_numbers(text: str) -> str:
    """Write the numbers evaluators spell in Chinese as digits: 百分之九十五 → 95%, 三分之一 → 1/3,
    一半 → 1/2, 扣一分 → 扣1分, 每低一个百分点 → 每低1个百分点, 以上三项 → 以上3项."""
    s = re.sub(r"百分之([零〇一二两三四五六七八九十百点]+)", lambda m: f"{_cn_number(m.group(1)) or m.group(1)}%", text)
    s = re.sub(r"([零〇一二两三四五六七八九十]+)分之([零〇一二两三四五六七八九十]+)",
               lambda m: f"{_cn_int(m.group(2))}/{_cn_int(m.group(1))}", s)
    s = s.replace("一半", "1/2")
    s = re.sub(r"([零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百]*(?:点[零〇一二三四五六七八九]+)?)"
               r"(?=个百分点|百分点|分(?!之)|项|条|个|处|次|%)",
               lambda m: _cn_number(m.group(1)) or m.group(1), s)
    return s


def normalise(text: str) -> str:
    """Full-width to half-width, no spaces, Chinese numbers as digits, one kind of each sign."""
    # NFKC would turn ① into 1: the circled 评价要点 numbers are kept as they are.
    s = "".join(ch if "\u2460" <= ch <= "\u2473" else unicodedata.normalize("NFKC", ch) for ch in str(text))
    s = re.sub(r"\s+", "", s)
    s = chinese_numbers(s)
    s = (s.replace("≧", "≥").replace("≦", "≤").replace(">=", "≥").replace("<=", "≤")
         .replace("～", "~").replace("—", "-").replace("–", "-").replace("－", "-").replace("〜", "~"))
    return s


# ---- numbers -----------------------------------------------------------------------------

_NUM = r"\d+(?:\.\d+)?"
_PCT = rf"{_NUM}%"


def _dec(s: str) -> Decimal:
    try:
        return Decimal(s)
    except InvalidOperation:  # pragma: no cover - the regexes only pass digits
        raise ValueError(s) from None


def _fmt(value: Decimal) -> str:
    """0.50 stays 0.50, 0.5 → 0.50, 1 → 1.00: points as the indicator sheet shows them."""
    return f"{value.quantize(Decimal('0.01')) if value == value.quantize(Decimal('0.01')) else value.normalize()}"


def _pct(value: Decimal) -> str:
    v = value.normalize()
    return f"{v:f}%"


def _share(text: str) -> Decimal | None:
    """"1/3" → 1/3; "25%" → 0.25; "一半" (already 1/2)."""
    m = re.fullmatch(rf"({_NUM})/({_NUM})", text)
    if m:
        return _dec(m.group(1)) / _dec(m.group(2))
    m = re.fullmatch(rf"({_NUM})%", text)
    if m:
        return _dec(m.group(1)) / 100
    return None


# ---- sentences and facts ------------------------------------------------------------------

_POINTS_WORDS = re.compile(r"扣|得\d|得满分|满分|不得分|赋分|计分|得分|不及格|否决|加分|酌情")
_SPLIT = re.compile(r"[;。\n]+")


@dataclass
class _Facts:
    full_points: list[tuple[Decimal, str]] = field(default_factory=list)  # "得 2.00分" with no threshold
    per_item: list[tuple[Decimal | None, Decimal | None, str]] = field(default_factory=list)  # points, share
    per_point: list[tuple[str, Decimal | None, Decimal | None, str]] = field(default_factory=list)  # dir, pts, share
    tolerance: list[tuple[Decimal, str]] = field(default_factory=list)
    element_share: list[tuple[int, str]] = field(default_factory=list)
    element_points: list[tuple[list[Decimal], str]] = field(default_factory=list)
    tiers: list[tuple[str, Decimal | None, str, str]] = field(default_factory=list)  # op, threshold, payout, phrase
    tier_upper: list[tuple[str, Decimal, str]] = field(default_factory=list)
    between: list[tuple[Decimal, Decimal, str]] = field(default_factory=list)
    formula: list[tuple[Decimal, Decimal, str]] = field(default_factory=list)  # (x − a)/(b − a)
    gates: list[str] = field(default_factory=list)
    veto: list[str] = field(default_factory=list)
    met_full: list[str] = field(default_factory=list)  # "达到目标值得满分，否则不得分"
    proportional: list[str] = field(default_factory=list)
    floor_cut: list[tuple[Decimal, str]] = field(default_factory=list)
    ramp: list[str] = field(default_factory=list)  # "其间按比例得分": linear between the tiers' thresholds
    open_band: list[tuple[Decimal, Decimal, str]] = field(default_factory=list)
    conditions: list[tuple[list[str], str]] = field(default_factory=list)  # 条件全满足
    checkpoints: list[tuple[str, Decimal, str]] = field(default_factory=list)  # date, cumulative target
    miss_share: list[tuple[Decimal, str]] = field(default_factory=list)  # 每有一个节点未完成扣 …
    direct: list[str] = field(default_factory=list)  # 自评表 "直接赋分"
    survey_words: list[str] = field(default_factory=list)  # 自评表 "满意度赋分"
    grade: list[str] = field(default_factory=list)  # 自评表 "按评判等级赋分"
    leftovers: list[str] = field(default_factory=list)  # scoring sentences nothing consumed
    definitions: list[str] = field(default_factory=list)


# The negated words (不低于, 不超过, 未达到) contain the plain ones: a plain word never matches right
# after 不/未, or "不低于95%" would also read as "低于95%".
_LOWER_INC = r"(?:大于或等于|大于等于|高于或等于|≥|不低于|不少于|(?<![未不])达到|(?<![未不])达|在)"
_LOWER_EXC = r"(?:(?<!不)大于|(?<!不)高于|(?<!不)超过|>)"
_UPPER_INC = r"(?:小于或等于|小于等于|≤|不高于|不超过|不大于)"
_UPPER_EXC = r"(?:(?<!不)小于|(?<!不)低于|不足|未达到|未满|<)"
# a tier pays 满分, points, nothing, or a share of the weight ("得分值的80%")
_PAY = (r"(?:得(?:该指标|本指标)?(?:分值|权重分?|满分)的(?P<share>" + _PCT + r")|得(?P<share2>" + _PCT + r")的?(?:分值|权重分?)|得(?P<share3>" + _PCT + r")(?=$|,)|"
        r"得满分|得全分|得(?P<pts>" + _NUM + r")分|不得分|为不及格|得0分|计0分|记0分)")


def _payout(m: re.Match[str]) -> str:
    share = m.group("share") or m.group("share2") or m.group("share3")
    if share:
        return _pct(_dec(share[:-1]))
    word = m.group(0)
    if "满分" in word or "全分" in word:
        return "满分"
    if m.group("pts"):
        return _fmt(_dec(m.group("pts")))
    return "0"


def _condition(cond: str) -> tuple[str | None, Decimal | None, str | None, Decimal | None, bool]:
    """The bounds a tier's condition states: (lower op, lower, upper op, upper, edge_unclear)."""
    lo_op = hi_op = None
    lo = hi = None
    unclear = False
    m = re.search(rf"({_NUM})%?(\(含\))?(?:-|~|至|到)({_NUM})%(\(含\))?", cond)
    if m:
        lo, hi = _dec(m.group(1)) / 100, _dec(m.group(3)) / 100
        if m.group(2):
            lo_op = ">="
        elif m.group(4):
            lo_op = ">"
        else:
            lo_op, unclear = ">=", True
        hi_op = "<=" if m.group(4) else "<"
        return lo_op, lo, hi_op, hi, unclear
    for pat, op in ((rf"{_LOWER_INC}({_PCT})", ">="), (rf"({_PCT})(?:\(含\))?(?:及)?以上", ">="),
                    (rf"{_LOWER_EXC}({_PCT})", ">")):
        mm = re.search(pat, cond)
        if mm and not re.search(rf"{_UPPER_INC}{re.escape(mm.group(1))}|{_UPPER_EXC}{re.escape(mm.group(1))}", cond):
            lo_op, lo = op, _dec(mm.group(1)[:-1]) / 100
            break
    for pat, op in ((rf"{_UPPER_INC}({_PCT})", "<="), (rf"({_PCT})(?:\(含\))?(?:及)?以下", "<="),
                    (rf"{_UPPER_EXC}({_PCT})", "<")):
        mm = re.search(pat, cond)
        if mm:
            hi_op, hi = op, _dec(mm.group(1)[:-1]) / 100
            break
    if lo is not None and hi is not None and lo == hi:  # "大于或等于 x" matched inside "小于或等于 x"
        lo_op = lo = None
    return lo_op, lo, hi_op, hi, unclear


# per point: "每降低1%扣5%的权重" / "每低于目标1个百分点扣减分值的2%" / "每超出1个百分点扣0.10分";
# "超出部分每1个百分点扣0.1分" / "每低1个百分点扣0.5分" say the same with the words in another order
_PER_POINT = re.compile(rf"(?:每(?P<w1>降低|低于|低|下降|减少|少|超出|超过|超|高于|增减|偏离)|"
                        rf"(?P<w2>降低|低于|下降|超出|超过|高于|偏离)(?:的)?(?:部分)?,?每)[^扣]*?1(?:\.00)?(?:%|个百分点|百分点)"
                        rf"[^扣]*扣(?:减|除)?(?:(?P<pts>{_NUM})分|(?:该指标|本指标)?(?:的)?(?:分值|权重分?)的(?P<s1>{_PCT})|"
                        rf"(?P<s2>{_PCT})的(?:权重|分值))")


def _deductions(f: _Facts) -> int:
    return len(f.per_item) + len(f.per_point) + len(f.element_share) + len(f.element_points) + len(f.miss_share)


def _facts(text: str) -> _Facts:
    f = _Facts()
    for sentence in filter(None, _SPLIT.split(text)):
        before = _deductions(f)
        consumed = _read_sentence(sentence, f)
        if not consumed and _POINTS_WORDS.search(sentence) and not re.fullmatch(r"扣完为止|扣完即止", sentence):
            f.leftovers.append(sentence)
        elif consumed and _deductions(f) == before and re.search(r"扣", re.sub(r"扣完(?:为止|即止)?", "", sentence)):
            # a sentence read for its thresholds whose deduction no reader understood ("±5%以内得满分，
            # 超出部分按…扣分"): the rule read from it would miss the deduction, so it is a doubt
            f.leftovers.append(sentence)
    return f


def _read_sentence(s: str, f: _Facts) -> bool:
    used = False
    if re.search(r"一票否决", s):
        f.veto.append(s)
        used = True
        s = re.sub(r"[^,]*一票否决[^,]*", "", s)
        if not _POINTS_WORDS.search(s):
            return True
    # several measures xlkit computes, each against a value, all to be met: "预算执行率≥95%且资金到位率
    # 达到100%的得满分，否则不得分"
    conds = _conditions(s)
    if conds:
        f.conditions.append((conds, s))
        return True
    # dated checkpoints: "3月31日前累计执行达到25%，6月30日前达到50%…，每有1个节点未达到扣分值的1/3"
    dated = list(re.finditer(rf"(\d{{1,2}}月\d{{1,2}}日)(?:前|之前|以前)?[^,;%]*?({_PCT})", s))
    if len(dated) >= 2:
        for mark in dated:
            f.checkpoints.append((mark.group(1), _dec(mark.group(2)[:-1]) / 100, s))
        miss = re.search(rf"每有?1个(?:时间)?节点未(?:完成|达到|达标)[^,]*?扣(?:除|减)?(?:该指标|本指标)?(?:分值|权重分?)?的?"
                         rf"({_PCT}|\d+/\d+)", s)
        per_miss = _share(miss.group(1)) if miss else None
        if miss and per_miss is not None:
            f.miss_share.append((per_miss, miss.group(0)))
        return True
    if re.search(r"=.*×100(?:\.00)?%", s) and not _POINTS_WORDS.search(re.sub(r"得分=", "", s)) and "得分=" not in s:
        f.definitions.append(s)
        return True
    # elements sharing the weight: "每条要素占权重分的1/5" / "每有一项不符合扣除该指标分值的1/3"
    m = re.search(r"每(?:条|项|个)?要素占(?:权重分|分值|权重)的1/(\d+)", s) or re.search(
        r"每(?:有|缺|少|缺少)1(?:项|条|个)[^,扣]*,?扣(?:除|减)?(?:该指标|本指标|此指标|该项)?(?:分值|权重分|权重)的1/(\d+)", s)
    if m:
        f.element_share.append((int(m.group(1)), s))
        return True
    # element points: "①…(1分)" / "1.是否…,得0.50分;2.…" (the 2nd item is in another sentence)
    marks = re.findall(r"[\u2460-\u2473][^\u2460-\u2473]*", s)
    if marks:
        pts: list[Decimal] = []
        deduct = None
        for part in marks:
            mm = re.search(rf"扣\(?({_NUM})分\)?", part)
            if mm and re.search(r"每(?:条|项|个|处)", part):
                deduct = _dec(mm.group(1))
                continue
            mm = re.search(rf"(?:得)?\(({_NUM})分\)|得({_NUM})分", part)
            if mm:
                pts.append(_dec(mm.group(1) or mm.group(2)))
        if pts:
            f.element_points.append((pts, s))
        if deduct is not None:
            f.per_item.append((deduct, None, s))
        if pts or deduct is not None:
            return True
    m = (re.fullmatch(rf"(\d+)[.、]?是否[^,]*,得({_NUM})分", s) or re.match(rf"(\d+)[.、]是否.*?,得({_NUM})分", s)
         or re.fullmatch(rf"(\d+)[.、][^\d%]*?,?得({_NUM})分", s))  # "1.制度健全得1分"
    if m:
        f.element_points.append(([_dec(m.group(2))], s))
        return True
    # tolerance band: "调整率控制在±10%以内得满分" / "预算调整率在±10.00%以内,得3.00分"
    m = re.search(rf"[±]({_PCT})(?:以内|之内|内)", s)
    if m:
        f.tolerance.append((_dec(m.group(1)[:-1]) / 100, s))
        used = True
        mm = re.search(rf"以内,?得({_NUM})分", s)
        if mm:
            f.full_points.append((_dec(mm.group(1)), s))
    # per point (_PER_POINT)
    m = _PER_POINT.search(s)
    if m:
        word = m.group("w1") or m.group("w2")
        direction = "below" if word in ("降低", "低于", "低", "下降", "减少", "少") else "outside"
        share = m.group("s1") or m.group("s2")
        f.per_point.append((direction, _dec(m.group("pts")) if m.group("pts") else None,
                            _dec(share[:-1]) / 100 if share else None, s))
        used = True
        rest = s[m.end():]
        # "…低于70%的不得分" in the same sentence: a floor
        mm = re.search(rf"{_UPPER_EXC}({_PCT})[^,]*不得分|({_PCT})以下[^,]*不得分", rest)
        if mm:
            val = mm.group(1) or mm.group(2)
            f.tiers.append(("<" if mm.group(1) else "<=", _dec(val[:-1]) / 100, "0", mm.group(0)))
        head = s[: m.start()]
        mm = re.search(rf"(?<![≤<])(?<!不超过)(?<!不高于)(?:达|达到)?({_PCT})(?:\(含\))?(?:及)?(?:以上)?(?:\(含\))?(?:的)?,?得满分", head)
        if mm:
            f.tiers.append((">=", _dec(mm.group(1)[:-1]) / 100, "满分", mm.group(0)))
        if _PER_POINT.search(s, m.end()):
            # "每降低1个百分点扣0.1分，每超过1个百分点扣0.05分": a second rate in the same sentence
            f.leftovers.append(s)
        rest_of = s
        for part in (m.group(0), *(t[3] for t in f.tiers)):
            rest_of = rest_of.replace(part, "")
        if re.search(rf"得(?:\d|满分|{_PCT})|不得分|{_PCT}(?:\(含\))?(?:-|~|至)", rest_of):
            # "90%-95%得4分，…，85%以下每降低1个百分点扣0.5分": tiers beside the per-point rule
            f.leftovers.append(s)
        return True
    # per item: "每发现一处不符扣0.20分" / "缺失一项扣0.50分" / "一项不符合扣0.50分" / "每项扣分值的10%" /
    # "有一项不符合，则扣权重分10%" (the clause after a comma, and the share without 的) / "扣10%的分值"
    m = re.search(rf"(?:每|缺失1|1)(?:发现)?(?:1)?(?:处|项|个|次|条)?[^,扣]*(?:,(?:则|即|就)?)?扣(?:除|减)?"
                  rf"(?:({_NUM})分|(?:该指标|本指标)?(?:分值|权重分?)的?({_PCT}|\d+/\d+)|({_PCT}|\d+/\d+)的?(?:分值|权重分?))", s)
    if m and not re.search(r"百分点|每(?:降低|低于|超出|增减)1", s) and not re.search(r"%|百分点", m.group(0).split("扣")[0]):
        share = _share(m.group(2) or m.group(3)) if (m.group(2) or m.group(3)) else None
        cap = re.search(rf"(?:最多|最高|累计|合计)(?:扣|扣分)(?:不超过)?({_NUM})分|扣分(?:上限|不超过)({_NUM})分", s)
        if cap:  # "最多扣2分": the floor is not 0, which 扣分制 cannot say
            f.leftovers.append(cap.group(0))
        f.per_item.append((_dec(m.group(1)) if m.group(1) else None, share, s))
        after = s[m.end():].replace(cap.group(0), "") if cap else s[m.end():]
        for other in {_dec(x) for x in re.findall(rf"扣(?:除|减)?({_NUM})分", after)} - {_dec(m.group(1) or "-1")}:
            # "每项制度缺失扣0.5分，制度执行不到位每次扣0.2分": two amounts, read as a doubt
            f.per_item.append((other, None, s))
        for clause in s.split(","):
            if "不得分" in clause and clause not in m.group(0):
                f.gates.append(clause)  # "缺失3项及以上不得分"
        used = True
        head = s[: m.start()]
        mm = re.search(rf"得({_NUM})分", head)
        if mm:
            f.full_points.append((_dec(mm.group(1)), s))
        return True
    # linear formula "(x − 85%)/(95% − 85%)" or "(实际完成率-60%)/(1-60%)"
    m = re.search(rf"\([^()]*-({_PCT})\)/\(({_PCT}|1|100%)-({_PCT})\)", s)
    if m and m.group(1) == m.group(3):
        hi = Decimal(1) if m.group(2) in ("1", "100%") else _dec(m.group(2)[:-1]) / 100
        f.formula.append((_dec(m.group(1)[:-1]) / 100, hi, s))
        used = True
    ramp_here = False
    m = re.search(rf"({_PCT}|{_NUM})(\(含\))?(?:-|~|至|到)({_PCT})(?:\(含\))?(?:之间|区间)?(?:的)?,?[^,]*?(?:按比例|用公式|按公式|线性|插值)", s)
    if m:
        lo = m.group(1) if m.group(1).endswith("%") else m.group(1) + "%"
        f.between.append((_dec(lo[:-1]) / 100, _dec(m.group(3)[:-1]) / 100, s))
        used = True
    # a ramp between the two thresholds the tiers name: "达到95%以上的得满分，低于85%的不得分，其间按比例得分"
    elif re.search(r"(?:其间|其中间|中间|之间|两者之间)(?:的)?,?(?:按比例|按公式|线性|按插值)", s):
        f.ramp.append(s)
        ramp_here = True
    # floor cut: "得分低于分值的60%的,不得分"
    m = re.search(rf"得分(?:低于|不足|小于)(?:该指标)?(?:分值|权重分?|满分)的?({_PCT})", s)
    if m:
        f.floor_cut.append((_dec(m.group(1)[:-1]) / 100, s))
        return True
    # open band: "大于50%且小于100%得满分"
    m = re.search(rf"(?:大于|高于|超过)({_PCT})且(?:小于|低于)({_PCT})[^,]*得满分", s)
    if m and "否则" in s:
        f.open_band.append((_dec(m.group(1)[:-1]) / 100, _dec(m.group(2)[:-1]) / 100, s))
        return True
    # tiers: each payout with the condition before it
    if not used or f.formula or f.between or ramp_here:
        start = 0
        found = False
        for pm in re.finditer(_PAY, s):
            cond = s[start: pm.start()]
            start = pm.end()
            pay = _payout(pm)
            if re.search(r"按超过的比重|按比例|用公式", cond):
                continue
            lo_op, low, hi_op, high, unclear = _condition(cond)
            bare = re.findall(_PCT, cond)
            if low is None and high is None and pay == "满分" and len(bare) == 1 and re.search(rf"{_PCT}(?:的)?,?$", cond):
                # "及时率100%得满分": the rate reaching the number
                lo_op, low = ">=", _dec(bare[0][:-1]) / 100
            if low is None and high is None:
                if re.search(r"否则|其余|其他|其它", cond) and pay == "0":
                    f.tiers.append(("else", None, "0", pm.group(0)))
                    found = True
                elif pay not in ("0", "满分") and not pay.endswith("%") and not re.search(r"\d%", cond):
                    f.full_points.append((_dec(pay), (cond + pm.group(0)).lstrip(",")))
                    found = True
                elif pay == "满分" and re.search(r"达到?(?:目标|预期|计划)|按计划|符合预期|达标|及时|完成", cond) \
                        and not re.search(r"%", cond):
                    f.met_full.append(cond + pm.group(0))
                    found = True
                elif pay == "0" and not re.search(rf"{_PCT}", cond) and len(re.sub(r"[,、:]", "", cond)) >= 2:
                    f.gates.append((cond + pm.group(0)).lstrip(","))
                    found = True
                elif pay == "0":
                    found = True  # ",不得分" after "为不及格": the same tier said twice
                elif pay == "满分" and not re.search(r"\d", cond):
                    f.met_full.append(cond + pm.group(0))
                    found = True
                else:
                    # "基本达到得60%": a payout no rule here states
                    f.leftovers.append((cond + pm.group(0)).lstrip(","))
                continue
            phrase = (cond + pm.group(0)).lstrip(",")
            if low is not None:
                f.tiers.append((lo_op or ">=", low, pay, phrase + ("（端点未写明）" if unclear else "")))
                if high is not None:
                    f.tier_upper.append((hi_op or "<", high, phrase))
            else:
                assert high is not None
                f.tiers.append(("<=" if hi_op == "<=" else "<", high, pay, phrase))
            found = True
        used = used or found or ramp_here
    if not used and re.fullmatch(r"直接(?:赋分|打分|评分)", s):
        f.direct.append(s)
        return True
    if not used and re.fullmatch(r"按(?:照)?(?:评判|评价)?等级(?:赋分|打分|评分)", s):
        f.grade.append(s)
        return True
    if not used and re.fullmatch(r"(?:按|按照|根据)?满意度(?:调查)?(?:结果)?(?:赋分|打分|评分|计分)", s):
        f.survey_words.append(s)
        return True
    # "得分=执行率×分值" / "完成率<100%按完成率×分值计分" (beside a "≥100%得满分" tier: the cap)
    if (not used or f.tiers or f.met_full) and re.search(
            r"按(?:照)?(?:实际)?完成(?:比例|率)(?:赋分|计分|得分)|得分=[^,=]*(?:率|比例)×(?:该指标)?(?:分值|权重)|"
            r"得分=(?:该指标)?(?:分值|权重)×[^,]*(?:率|比例)|按[^,=]*(?:率|比例)×(?:该指标)?(?:分值|权重)", s):
        f.proportional.append(s)
        used = True
    return used


_OP_WORDS = (("不超过", "<="), ("不高于", "<="), ("不大于", "<="), ("小于或等于", "<="), ("小于等于", "<="), ("≤", "<="),
             ("不低于", ">="), ("不少于", ">="), ("大于或等于", ">="), ("大于等于", ">="), ("≥", ">="), ("达到", ">="),
             ("低于", "<"), ("小于", "<"), ("<", "<"), ("超过", ">"), ("高于", ">"), ("大于", ">"), (">", ">"),
             ("等于", "="), ("=", "="))


def _conditions(s: str) -> list[str]:
    """"A≥95%且B达到100%…得满分，否则不得分" over measure names → ["A>=95%", "B>=100%"]; [] otherwise."""
    if not re.search(r"得满分", s) or not re.search(r"且|同时|并且", s):
        return []
    head = s[: s.index("得满分")]
    found = []
    for part in re.split(r"且|同时|并且|,|和", head):
        part = part.strip("的")
        for pattern, measure in _MEASURES:
            m = re.fullmatch(rf"(?:{pattern})(.+?)({_PCT}|{_NUM})", part)
            if m:
                op = next((o for w, o in _OP_WORDS if m.group(1) == w), None)
                if op is None:
                    return []
                found.append(f"{measure}{op}{m.group(2)}")
                break
        else:
            if part:
                return []
    return found if len(found) >= 2 else []


# ---- measures ------------------------------------------------------------------------------

# What the text must say for a measure xlkit computes to be bound (the first match wins).
_MEASURES: tuple[tuple[str, str], ...] = (
    (r"资金到位率", "资金到位率"),
    (r"预算执行率=\(实际支出资金/实际到位资金\)|项目资金执行率", "项目资金执行率"),
    (r"项目支出预算调整率", "项目支出预算调整率"),
    (r"收入预算调整率", "收入预算调整率"),
    (r"固定资产利用率", "固定资产利用率"),
    (r"结转结余率", "结转结余率"),
    (r"三公经费(?:预算)?执行率", "三公经费执行率"),
    (r"基本支出(?:预算)?执行率", "基本支出执行率"),
    (r"项目支出(?:预算)?执行率", "项目支出执行率"),
    (r"预算执行率", "预算执行率"),
)


def _measure(text: str, name: str) -> str | None:
    for pattern, measure in _MEASURES:
        if re.search(pattern, name) or re.search(pattern, text):
            return measure
    return None


# ---- assembling ----------------------------------------------------------------------------

def _params(pairs: list[tuple[str, str]]) -> str:
    return "；".join(f"{k}={v}" for k, v in pairs)


def _phrase(parts: list[str]) -> str:
    out: list[str] = []
    for p in parts:
        if p and not any(p in q for q in out):
            out.append(p)
    return "；".join(out)


def read_rule(text: str | None, weight: Decimal | str | None = None, *, name: str = "",
              points: str = "") -> RuleReading:
    """Read one 评分标准 cell. ``weight`` (分值) checks the written arithmetic; ``name`` (三级指标)
    helps bind a measure; ``points`` (评价要点) is counted against an element rule's N."""
    raw = "" if text is None else str(text)
    if not raw.strip():
        return RuleReading(UNRECOGNISED, MANUAL, assumption="评分标准为空，请选择评分规则")
    s = normalise(raw)
    w = None if weight in (None, "") else Decimal(str(weight))
    if re.fullmatch(r"同上[。.]?|同[A-Z]\d+", s):
        return RuleReading(UNRECOGNISED, MANUAL, phrase=raw.strip(),
                           assumption="“同上”须由导入表格时的上一行补全")
    f = _facts(s)
    reading = _assemble(f, s, w, normalise(name), normalise(points))
    if reading.status != UNRECOGNISED and f.leftovers:
        reading.status = DOUBTFUL
        extra = "；".join(f"“{x}”" for x in f.leftovers)
        reading.assumption = _join(reading.assumption, f"未纳入规则的句子：{extra}")
    unread = [p for pts, p in f.full_points if w is not None and pts != w and not any(p in q for q in reading.problems)]
    if reading.status == RECOGNISED and unread:
        # "部分符合得1分" beside "全部符合得满分": a partial award the rule read cannot give
        reading.status = DOUBTFUL
        reading.assumption = _join(reading.assumption, "未纳入规则的得分情形：" + "；".join(f"“{p}”" for p in unread))
    if reading.status == RECOGNISED and reading.problems:
        reading.status = DOUBTFUL
    return reading


def _join(a: str, b: str) -> str:
    return f"{a}；{b}" if a and b else a or b


def _gate_wrap(reading: RuleReading, f: _Facts) -> RuleReading:
    """A gate (无规划，不得分 / 一票否决) or a score floor (得分低于分值的60%不得分) wraps the rule
    read so far. The two cannot be nested in one parameter cell (each names 内层规则): the floor is
    kept and the gate stated as a doubt."""
    if reading.status == UNRECOGNISED:
        return reading
    if f.floor_cut:
        cut, phrase = f.floor_cut[0]
        reading.params = _params([("内层规则", reading.rule), ("归零比例", _pct(cut * 100))]) + \
            (f"；{reading.params}" if reading.params else "")
        reading.rule = "低分归零"
        reading.phrase = _phrase([reading.phrase, phrase])
        if f.gates or f.veto:
            reading.status = DOUBTFUL
            gates = "；".join(f"“{g}”" for g in [*f.gates, *f.veto])
            reading.assumption = _join(reading.assumption,
                                       f"否决情形 {gates} 未设为规则：出现时请在“扣分事项”扣除全部分值")
        return reading
    if not (f.gates or f.veto):
        return reading
    reading.params = _params([("内层规则", reading.rule)]) + (f"；{reading.params}" if reading.params else "")
    reading.rule = "一票否决"
    reading.phrase = _phrase([reading.phrase, *f.gates, *f.veto])
    return reading


def _check_full(reading: RuleReading, f: _Facts, w: Decimal | None) -> None:
    for pts, phrase in f.full_points:
        if w is not None and pts != w:
            reading.problems.append(f"原文“{phrase}”写得 {_fmt(pts)} 分，与分值 {_fmt(w)} 不符")
            reading.assumption = _join(reading.assumption, f"按分值 {_fmt(w)} 起扣")


def _assemble(f: _Facts, s: str, w: Decimal | None, name: str, points: str) -> RuleReading:
    measure = _measure(s, name)
    # elements sharing the weight
    if f.element_share:
        n, phrase = f.element_share[0]
        r = RuleReading(RECOGNISED, "要素均分", _params([("要素数", str(n))]), phrase=phrase)
        listed = len(re.findall(r"[\u2460-\u2473]", s)) or len(re.findall(r"[\u2460-\u2473]", points))
        if listed and listed != n:
            r.problems.append(f"列出 {listed} 个评价要点，但每个占 1/{n}")
        if len({x for x, _ in f.element_share}) > 1:
            r.problems.append("各句所写的要素份数不一致")
        _check_full(r, f, w)
        return _gate_wrap(r, f)
    if f.element_points:
        pts = [p for group, _ in f.element_points for p in group]
        pairs = [("要素分值", ",".join(_fmt(p) for p in pts))]
        deducts = [p for p, _, _ in f.per_item if p is not None]
        if deducts:
            pairs.append(("每项扣分", _fmt(deducts[0])))
        r = RuleReading(RECOGNISED, "要素分项计分", _params(pairs),
                        phrase=_phrase([p for _, p in f.element_points] + [p for _, _, p in f.per_item]))
        total = sum(pts, Decimal(0))
        if w is not None and total != w:
            r.problems.append(f"各要素分值合计 {_fmt(total)} 与分值 {_fmt(w)} 不符")
        return _gate_wrap(r, f)
    if f.ramp and not (f.formula or f.between):
        full_at = [thr for op, thr, pay, _ in f.tiers if pay == "满分" and op in (">=", ">") and thr is not None]
        zero_at = [thr for op, thr, pay, _ in f.tiers if pay == "0" and op in ("<", "<=") and thr is not None]
        if len(full_at) == 1 and len(zero_at) == 1 and zero_at[0] < full_at[0]:
            f.between.append((zero_at[0], full_at[0], f.ramp[0]))
        else:
            f.leftovers.append(f.ramp[0])
    # linear between two thresholds, or completion with a floor
    if f.formula or f.between:
        if f.formula:
            lo, hi, phrase = f.formula[0]
        else:
            lo, hi, phrase = f.between[0]
        phrases = [phrase] + [p for *_, p in f.tiers if p]
        survey = re.search(r"满意度|问卷", s) is not None
        if hi == 1 and re.search(r"完成率|完成值/|实际/", s):
            r = RuleReading(RECOGNISED, "完成率折算", _params([("起点", _pct(lo * 100))]), phrase=_phrase(phrases),
                            measure=measure)
        else:
            inner = [("满分线", _pct(hi * 100)), ("零分线", _pct(lo * 100))]
            if survey:
                r = RuleReading(RECOGNISED, "问卷折算", _params([("内层规则", "区间线性"), *inner, ("题号", "综合")]),
                                phrase=_phrase(phrases), measure="问卷综合满意度", target=f"≥{_pct(hi * 100)}")
            else:
                r = RuleReading(RECOGNISED, "区间线性", _params(inner), phrase=_phrase(phrases), measure=measure,
                                target=f"≥{_pct(hi * 100)}")
            # the tiers around the ramp must agree with it
            for _op, thr, pay, p in f.tiers:
                if thr is None:
                    continue
                if pay == "满分" and thr != hi:
                    r.problems.append(f"满分门槛 {_pct(thr * 100)} 与公式的 {_pct(hi * 100)} 不一致（“{p}”）")
                if pay == "0" and thr != lo:
                    r.problems.append(f"零分门槛 {_pct(thr * 100)} 与公式的 {_pct(lo * 100)} 不一致（“{p}”）")
        return _gate_wrap(r, f)
    if f.tolerance:
        tol, phrase = f.tolerance[0]
        per = [x for x in f.per_point if x[0] == "outside"]
        if per and per[0][1] is not None:
            pairs = [("容差", _pct(tol * 100)), ("每点扣分", _fmt(per[0][1])), ("取整", "是")]
            r = RuleReading(DOUBTFUL, "容差区间", _params(pairs), phrase=_phrase([phrase, per[0][3]]), measure=measure,
                            target=f"±{_pct(tol * 100)}以内",
                            assumption="“每…1个百分点”按整点计（不足 1 个百分点不扣）；若按小数连续计算，改为 取整=否")
            _check_full(r, f, w)
            return _gate_wrap(r, f)
        if not per and not f.per_item:
            r = RuleReading(RECOGNISED, "达标得满分", "", phrase=phrase, target=f"±{_pct(tol * 100)}以内",
                            measure=measure)
            return _gate_wrap(r, f)
    if f.per_point:
        direction, point_pts, share, phrase = f.per_point[0]
        pairs = [("每点扣比例", _pct(share * 100))] if share is not None else [("每点扣分", _fmt(point_pts or Decimal(0)))]
        target = None
        floors = [(op, thr, p) for op, thr, pay, p in f.tiers if pay == "0" and thr is not None]
        fulls = [(op, thr, p) for op, thr, pay, p in f.tiers if pay == "满分" and thr is not None]
        if floors:
            _op, thr, _p = floors[0]
            pairs.append(("零分线", _pct(thr * 100)))
        if fulls:
            target = f"≥{_pct(fulls[0][1] * 100)}" if fulls[0][1] != 1 else "100%"
        r = RuleReading(RECOGNISED, "每降一点扣分", _params(pairs),
                        phrase=_phrase([phrase, *(p for *_, p in floors), *(p for *_, p in fulls)]),
                        target=target, measure=measure)
        if direction == "outside":
            r.status = DOUBTFUL
            r.assumption = "“每超出”按低于目标计扣；越高越好的指标请确认目标值方向"
        if floors and floors[0][0] == "<=":
            r.assumption = _join(r.assumption, f"零分线 {_pct(floors[0][1] * 100)} 本身按不得分（原文含本数），规则按低于该值不得分")
            r.status = DOUBTFUL
        if len(f.per_point) > 1:
            r.status = DOUBTFUL
            others = "；".join(f"“{p}”" for *_, p in f.per_point[1:])
            r.assumption = _join(r.assumption, f"单元格另有每点扣分的句子 {others}，只采用第一句；若本指标按另一句计分，"
                                                   "请按该句改写规则参数与测算项")
        return _gate_wrap(r, f)
    if f.per_item:
        item_pts, share, phrase = f.per_item[0]
        if len({(p, sh) for p, sh, _ in f.per_item}) > 1:
            r = RuleReading(DOUBTFUL, "扣分制", "", phrase=_phrase([p for *_, p in f.per_item]),
                            assumption="各句的每项扣分不同：请在“扣分事项”逐条填写扣分")
            _check_full(r, f, w)
            return _gate_wrap(r, f)
        if item_pts is not None:
            r = RuleReading(RECOGNISED, "扣分制", _params([("每项扣分", _fmt(item_pts))]), phrase=phrase)
            if w is not None and item_pts > w:
                r.problems.append(f"每项扣分 {_fmt(item_pts)} 超过分值 {_fmt(w)}")
        else:
            assert share is not None
            if w is None:
                r = RuleReading(DOUBTFUL, "扣分制", "", phrase=phrase,
                                assumption=f"每项扣分值的 {share.normalize():f}：分值未知，请在“扣分事项”填写比例")
            else:
                # 1/3 is held to 28 digits: 3 × 1/3 comes out 0.999…9, which is 1.00 exactly
                each = (w * share).quantize(Decimal("1e-12")).normalize()
                exact = each == each.quantize(Decimal("0.01"))
                r = RuleReading(RECOGNISED if exact else DOUBTFUL, "扣分制",
                                _params([("每项扣分", _fmt(each) if exact else f"{each.quantize(Decimal('0.0001'))}")]),
                                phrase=phrase,
                                assumption="" if exact else "每项扣分不能整除到分，按 4 位小数填写；也可在“扣分事项”写比例")
        _check_full(r, f, w)
        return _gate_wrap(r, f)
    if f.conditions:
        conds, phrase = f.conditions[0]
        return _gate_wrap(RuleReading(RECOGNISED, "条件全满足", _params([("条件", " 且 ".join(conds))]), phrase=phrase), f)
    if f.checkpoints:
        pairs = [("节点", ", ".join(f"{d}:{_pct(v * 100)}" for d, v, _ in f.checkpoints))]
        if f.miss_share and f.miss_share[0][0] != Decimal(1) / len(f.checkpoints):  # 1/N: the default
            pairs.append(("每项扣比例", _pct(f.miss_share[0][0] * 100)))
        values = [v for _, v, _ in f.checkpoints]
        r = RuleReading(RECOGNISED, "节点进度", _params(pairs), phrase=f.checkpoints[0][2], measure=measure)
        if values != sorted(values):
            r.problems.append("各节点的累计目标不是逐个递增")
        if f.miss_share and f.miss_share[0][0] * len(values) > 1:
            r.problems.append(f"{len(values)} 个节点每个扣 {_pct(f.miss_share[0][0] * 100)}，合计超过分值")
        return _gate_wrap(r, f)
    if f.open_band:
        lo, hi, phrase = f.open_band[0]
        return RuleReading(RECOGNISED, "开区间达标", _params([("下限", _pct(lo * 100)), ("上限", _pct(hi * 100))]),
                           phrase=phrase, measure=measure)
    ranked = [t for t in f.tiers if t[0] != "else"]
    if f.proportional and ranked:
        if all(op in (">=", ">") and thr is not None and thr >= 1 and pay == "满分" for op, thr, pay, _ in ranked):
            # "≥100%得满分" beside the proportional formula is its cap
            ranked = []
            f.tiers = [t for t in f.tiers if t[0] == "else"]
        else:
            f.leftovers.extend(p for p in f.proportional if p not in f.leftovers)
            f.proportional = []
    if ranked:
        return _gate_wrap(_tiers(f, w, measure), f)
    if f.met_full and f.proportional:
        # "达到目标值得满分，未达到目标值按完成比例得分": 分值 × 完成率, capped at 分值
        r = RuleReading(RECOGNISED, "按完成比例", "", phrase=_phrase([*f.met_full, *f.proportional]), measure=measure)
        return _gate_wrap(r, f)
    if f.met_full:
        r = RuleReading(RECOGNISED, "达标得满分", "", phrase=_phrase([*f.met_full, *(p for *_, p in f.tiers)]),
                        measure=measure)
        return _gate_wrap(r, f)
    if f.proportional:
        r = RuleReading(RECOGNISED, "按完成比例", "", phrase=f.proportional[0], measure=measure)
        if not re.search(r"得分=|×(?:该指标)?(?:分值|权重)", f.proportional[0]):
            r.status = DOUBTFUL
            r.assumption = ("未写完成率不足或超过 100% 时如何计分：按 得分=分值×完成率（上限为分值）；若按 60% 起点折算"
                            "（(完成率−60%)/40%×分值）或超额倒扣（分值×(2−完成率)），请改用“自评折算”")
        return _gate_wrap(r, f)
    # The 自评表's 赋分规则 words are read as xlkit.scoring.selfeval scores them (one reading), the other
    # reading named in the doubt.
    if f.direct:
        return RuleReading(DOUBTFUL, "达标得满分", "", phrase=f.direct[0],
                           assumption="“直接赋分”按达到指标值得满分、未达到不得分（自评表的计分同此）；"
                                      "若指评价人员直接给分，请改用 酌情评分 并写 得分=…；理由=…")
    if f.grade:
        return RuleReading(DOUBTFUL, "定性判断", "", phrase=f.grade[0],
                           assumption="等级及其分数未写明：按 定性判断（达到预期得满分、未达到不得分）；若按等级分档给分"
                                      "（如 达成、部分达成、未达成 各对应一段分值），请改用 酌情评分 写明得分与理由")
    if f.survey_words:
        return RuleReading(DOUBTFUL, "按完成比例", "", phrase=f.survey_words[0],
                           assumption="“满意度赋分”未写折算方法：按 得分=分值×满意度/目标值（上限为分值，自评表的计分同此）；"
                                      "若达到目标值得满分、否则不得分，请改用 达标得满分")
    if f.definitions and not f.leftovers:
        return _definition_only(f, measure)
    if f.gates and not (f.veto or f.full_points or f.leftovers):
        # "未按时完成的不得分" alone: the other side (met → full) is implied, not written
        return RuleReading(DOUBTFUL, "达标得满分", "", phrase=_phrase(f.gates), measure=measure,
                           assumption="原文只写了不得分的情形，其余情形按满分（目标值须写明达标的条件）；"
                                      "若另有扣分标准，请改用 扣分制 或 一票否决")
    if (f.gates or f.veto) and f.full_points:
        return RuleReading(DOUBTFUL, "一票否决", _params([("内层规则", "扣分制")]),
                           phrase=_phrase([*f.gates, *f.veto, *(p for _, p in f.full_points)]),
                           assumption="原文只写了满分和否决情形，未写扣分标准：其余扣分请在“扣分事项”逐条填写")
    return RuleReading(UNRECOGNISED, MANUAL, phrase=_excerpt(s), assumption="未能识别评分方法，请评价人员选择评分规则")


# A cell that only defines a rate ("实际完成率=(实际产出数/计划产出数)×100%。") follows the
# 财预〔2020〕10号 common framework, whose 评分规则 column gives the formula of the rate the score is
# proportional to: 得分 = 分值 × 比率 (tests/rule_texts.toml, 003 C11–C13: the report's scores are exactly
# that, 6 × 91.31% = 5.48). That holds for a rate where more is better; for one where less is better
# (调整率, 结余率, 差错率) proportion makes no sense, so the suggestion stays a doubt.
_MORE_IS_BETTER = re.compile(r"(?:完成|达标|合格|到位|执行|覆盖|知晓|满意|及时|准确|完好|利用|使用|达成|参保|落实|办结|兑现|"
                             r"发放|受益|验收|通过|响应|普及|完工|支付)(?:率|度)$")
_LESS_IS_BETTER = re.compile(r"(?:调整|结余|结转|偏差|偏离|差错|错误|超支|投诉|发生|事故|失误|空置|闲置|流失|退回|损耗|违规)率$")


def _definition_only(f: _Facts, measure: str | None) -> RuleReading:
    names = {m.group(1) for d in f.definitions if (m := re.match(r"([^=,:]{1,20}?)=", d))}
    phrase = f.definitions[0]
    if len(names) == 1:
        name = next(iter(names))
        if _MORE_IS_BETTER.search(name) and not _LESS_IS_BETTER.search(name):
            return RuleReading(RECOGNISED, "按完成比例", "", phrase=phrase, measure=measure)
    which = "、".join(sorted(names)) or "比率"
    return RuleReading(DOUBTFUL, "按完成比例", "", phrase=phrase, measure=measure,
                       assumption=f"原文只写了{which}的算法，未写如何折算为得分：按 得分=分值×比率（上限为分值）；"
                                  "若越低越好或另有折算方法（如达到目标值得满分），请改选规则")


def _excerpt(s: str, limit: int = 80) -> str:
    return s if len(s) <= limit else s[:limit] + "…"


def _tiers(f: _Facts, w: Decimal | None, measure: str | None) -> RuleReading:
    """Ordered thresholds. A tier written only as an upper bound ("低于60%不得分") becomes 其他."""
    lows = [(op, thr, pay, p) for op, thr, pay, p in f.tiers if op in (">=", ">")]
    uppers = [(op, thr, pay, p) for op, thr, pay, p in f.tiers if op in ("<", "<=")]
    others = [t for t in f.tiers if t[0] == "else"]
    assumption = ""
    problems: list[str] = []
    # a cliff: one threshold, zero on one side and full on the other
    if len(lows) <= 1 and len(uppers) <= 1 and not f.tier_upper:
        pays = {pay for *_, pay, _ in lows} | {pay for *_, pay, _ in uppers} | {pay for *_, pay, _ in others}
        thr_set = {thr for _, thr, _, _ in lows + uppers}
        if pays <= {"满分", "0"} and len(thr_set) == 1:
            thr = thr_set.pop()
            assert thr is not None
            if not others and len(lows) + len(uppers) == 1:
                # only "低于 60% 不得分" (full otherwise is implied) or only "≥100% 得满分": one side written
                assumption = ("原文只写了不得分的一侧，另一侧按满分" if (lows + uppers)[0][2] == "0"
                              else "原文只写了得满分的一侧，另一侧按不得分")
            op, _thr, pay, _p = (uppers or lows)[0]
            complement = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}
            zero_op = op if pay == "0" else complement[op]
            side = {"<": "低于", "<=": "不高于", ">": "高于", ">=": "不低于"}[zero_op]
            r = RuleReading(DOUBTFUL if assumption else RECOGNISED, "门槛",
                            _params([("阈值", _pct(thr * 100)), ("零分侧", side)]),
                            phrase=_phrase([p for *_, p in f.tiers]), assumption=assumption, measure=measure)
            return r
    parts: list[str] = []
    settled = []
    for op, thr, pay, p in lows:
        if "端点未写明" in p and any(u[0] == "<=" and u[1] == thr for u in uppers):
            # "80%至90%得1分；80%以下不得分": 80% belongs to the tier below
            op, p = ">", p.replace("（端点未写明）", "")
        settled.append((op, thr, pay, p))
    lows = settled
    lows.sort(key=lambda t: (t[1], t[0] == ">"), reverse=True)
    for op, thr, pay, p in lows:
        assert thr is not None
        parts.append(f"{op}{_pct(thr * 100)}:{pay}")
        if "端点未写明" in p and not any(u[0] == "<" and u[1] == thr for u in uppers):
            # "80%-90%得1分；不足80%不得分": the tier below settles the edge; otherwise it is assumed
            assumption = _join(assumption, f"区间“{p.replace('（端点未写明）', '')}”的下端点未写“含”，按含本数")
        if w is not None and pay not in ("满分", "0") and not pay.endswith("%") and _dec(pay) > w:
            problems.append(f"档位“{p}”得 {pay} 分，超过分值 {_fmt(w)}")
    floor = "0"
    for op, thr, pay, p in uppers:
        floor = pay
        assert thr is not None
        lowest = lows[-1] if lows else None
        if lowest is not None:
            # the lowest tier's edge must be the complement of the "below" tier's edge
            low_thr = lowest[1]
            assert low_thr is not None
            if low_thr != thr:
                problems.append(f"“{p}”与上一档的门槛 {_pct(low_thr * 100)} 之间有空档")
            elif (op == "<") != (lowest[0] == ">="):
                assumption = _join(assumption, f"门槛 {_pct(thr * 100)} 两档都含或都不含，按上一档计")
    if not uppers and not others:
        assumption = _join(assumption, "原文未写最低一档以下如何计分，按不得分")
    parts.append(f"其他:{floor}")
    r = RuleReading(DOUBTFUL if assumption else RECOGNISED, "分档计分", _params([("档位", ",".join(parts))]),
                    phrase=_phrase([p.replace("（端点未写明）", "") for *_, p in f.tiers]), assumption=assumption,
                    measure=measure, problems=problems)
    top = lows[0][1] if lows and lows[0][2] == "满分" else None
    if top is not None:
        r.target = f"≥{_pct(top * 100)}" if lows[0][0] == ">=" else f">{_pct(top * 100)}"
    return r
