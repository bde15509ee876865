"""The command line in Chinese: typer/click's own texts (usage, help panels, argument errors) and type
placeholders a clerk can read, with the English option names kept.

Typer renders help and errors itself, in English, from strings that are not translatable (its click
is vendored without gettext). Three hooks put them into Chinese:

- ``ZhGroup`` (the ``cls`` of xlkit's Typer apps) turns every command it hands out into a
  ``ZhCommand``: usage line, help option text and parameter placeholders in Chinese, and each
  argument error re-raised with a Chinese message built from the exception's own fields;
- typer's module-level panel titles and notes (``rich_utils.OPTIONS_PANEL_TITLE`` …) are set once,
  when typer is about to render help or an error: typer imports rich only then, and a command that
  runs without either (``xlkit score`` …) should not pay for it;
- help text folds at the terminal's width instead of being cut with "…" (rich treats a run of CJK
  characters as one word and would crop it).
"""

from __future__ import annotations

import copy
import re
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

try:  # typer's vendored click (typer ≥ 0.20); older typer uses click itself
    from typer._click import exceptions as click_exceptions
except ImportError:  # pragma: no cover - depends on the installed typer
    from click import exceptions as click_exceptions  # type: ignore[no-redef]

__all__ = ["ZhGroup", "ZhCommand", "install", "translate_error", "issue_text", "shown_time"]

HELP_TEXT = "显示本帮助并退出。"

# Placeholders by parameter name (arguments and the options whose name says what they are) …
NAMES = {
    "folder": "文件夹", "path": "路径", "root": "根目录", "export": "导出文件", "output": "输出文件",
    "db": "数据库文件", "file": "文件", "source": "文件", "labels": "导出文件", "into": "文件夹",
    "year": "年度", "jobs": "进程数", "scheduler": "地址", "population": "人数",
}
# … and otherwise by type.
TYPES = {"int": "整数", "float": "数字", "str": "文字", "Path": "路径", "datetime": "日期", "Decimal": "数字"}


def _type_word(param: Any) -> str | None:
    """The placeholder of one parameter: "" for an on/off switch, else a word by name or type."""
    if getattr(param, "is_flag", False):
        return ""
    if param.name in NAMES:
        return NAMES[param.name]
    desc = getattr(param, "type_descriptor", None)  # typer ≥ 0.29
    if desc is None:  # typer 0.26–0.28: the click type
        return _click_type_word(param)
    if getattr(desc, "is_choice", False):
        return None  # typer lists the choices themselves
    annotation = getattr(desc, "annotation", None)
    name = getattr(annotation, "__name__", "")
    if getattr(desc, "is_list", False):
        return f"{TYPES.get(name, '文字')}（可重复）"
    if getattr(desc, "is_path", False):
        return "路径"
    return TYPES.get(name, "文字")


# click's type names (``click.INT.name`` …) → the same words as TYPES
CLICK_TYPES = {"integer": "整数", "float": "数字", "text": "文字", "path": "路径", "datetime": "日期"}


def _click_type_word(param: Any) -> str | None:
    name = getattr(getattr(param, "type", None), "name", "")
    if name == "choice":
        return None  # typer lists the choices themselves
    word = CLICK_TYPES.get(name, "文字")
    return f"{word}（可重复）" if getattr(param, "multiple", False) else word


def _no_type(ctx: Any) -> None:
    return None


def _no_metavar(param: Any, ctx: Any = None) -> str:
    return ""


def _localise_params(command: Any) -> None:
    for param in command.params:
        if param.metavar is None:
            word = _type_word(param)
            if word is not None:
                param.metavar = word
        if getattr(param, "param_type_name", "") == "argument":
            # an argument is shown by its placeholder already (文件夹); typer added its type (<path>):
            # typer ≥ 0.29 asks display_type_rich, 0.26–0.28 the type's metavar ("" shows nothing).
            param.display_type_rich = _no_type
            if getattr(param, "type", None) is not None and not getattr(param.type, "_xlkit_untyped", False):
                untyped = copy.copy(param.type)  # a copy: click shares some type objects between parameters
                untyped.get_metavar = _no_metavar
                untyped._xlkit_untyped = True
                param.type = untyped


_USAGE = (("Usage:", "用法："), ("[OPTIONS]", "[选项]"), ("COMMAND [ARGS]...", "命令 [参数]..."),
          ("[ARGS]...", "[参数]..."))


def _usage(text: str) -> str:
    for en, zh in _USAGE:
        text = text.replace(en, zh)
    return text


def _hint(exc: Any) -> str:
    """The parameter an error is about, as the command line spells it: `--year`, `-o / --output`, 文件夹."""
    param = getattr(exc, "param", None)
    if param is not None:
        if getattr(param, "param_type_name", "") == "argument":
            return param.metavar or param.name or ""
        return " / ".join(param.opts)
    return str(getattr(exc, "param_hint", "") or "").replace("'", "")


_MESSAGES = [  # click/typer/pydantic messages that carry no structured fields
    (r"No such command '(.+?)'\.", r"没有命令 \1。"),
    (r"Did you mean '(.+?)'\?", r"是不是要用 \1？"),
    (r"Did you mean one of (.+?)\?", r"是不是要用其中之一：\1？"),
    (r"Missing command\.", "缺少命令。"),
    (r"Got unexpected extra arguments? \((.+?)\)", r"多余的参数：\1（含空格的路径请加引号）"),
    (r"Option '(.+?)' requires an argument\.", r"选项 \1 后面需要一个值。"),
    (r"Option '(.+?)' requires (\d+) arguments\.", r"选项 \1 后面需要 \2 个值。"),
    (r"Option '(.+?)' does not take a value\.", r"选项 \1 不带值。"),
    (r"No such option: (\S+)", r"没有选项 \1"),
    (r"\(Possible options: (.+?)\)", r"（可能是：\1）"),
    (r"Input should be a valid integer.*", "应为整数"),
    (r"Input should be a valid number.*", "应为数字"),
    (r"Input should be greater than or equal to (\S+)", r"应不小于 \1"),
    (r"Input should be less than or equal to (\S+)", r"应不大于 \1"),
    (r"Input should be a valid (date|datetime).*", "应为日期，如 2024-06-05"),
    (r"(.+?) is not one of (.+?)\.", r"\1 不在可选值中（可选：\2）"),
    # click's own conversion messages (typer 0.26–0.28 convert without pydantic)
    (r"'.*?' is not a valid int(eger)?( range)?\.", "应为整数"),
    (r"'.*?' is not a valid float( range)?\.", "应为数字"),
    (r"'.*?' does not match the formats? .*", "应为日期，如 2024-06-05"),
    (r"\S+ is not in the range x>=(\S+?)\.", r"应不小于 \1"),
    (r"\S+ is not in the range x<=(\S+?)\.", r"应不大于 \1"),
    (r"\S+ is not in the range x>(\S+?)\.", r"应大于 \1"),
    (r"\S+ is not in the range x<(\S+?)\.", r"应小于 \1"),
    (r"\S+ is not in the range (\S+?)<=?x<=?(\S+?)\.", r"应在 \1 与 \2 之间"),
]


def _translate_text(text: str) -> str:
    for pattern, repl in _MESSAGES:
        text = re.sub(pattern, repl, text)
    return text.replace("。 ", "。")


def translate_error(exc: Any) -> str:
    """A Chinese message for one click/typer usage error, from its fields where it has them."""
    if isinstance(exc, click_exceptions.MissingParameter):
        kind = "参数" if getattr(exc.param, "param_type_name", "") == "argument" else "选项"
        return f"缺少{kind} {_hint(exc)}。"
    if isinstance(exc, click_exceptions.NoSuchOption):
        text = f"没有选项 {exc.option_name}。"
        if exc.possibilities:
            text += f"是不是要用 {' / '.join(sorted(exc.possibilities))}？"
        return text
    if isinstance(exc, click_exceptions.BadParameter):
        hint = _hint(exc)
        return f"{hint} 的值无效：{_translate_text(exc.message)}" if hint else f"值无效：{_translate_text(exc.message)}"
    return _translate_text(exc.message)


def _zh(exc: Any) -> Any:
    """The same usage error with a Chinese message (its context kept for the usage line)."""
    install()  # typer renders the error next, with its panel texts
    if getattr(exc, "_xlkit_zh", False) or isinstance(exc, click_exceptions.NoArgsIsHelpError):
        return exc  # a group called alone printed its help; typer prints nothing more for this one
    new = click_exceptions.UsageError(translate_error(exc), ctx=getattr(exc, "ctx", None))
    new._xlkit_zh = True  # type: ignore[attr-defined]
    new.exit_code = exc.exit_code
    return new


def _zh_help_option(option: Any) -> Any:
    """The --help option of a command or group, described in Chinese with no placeholder."""
    if option is not None:
        option.help, option.metavar = HELP_TEXT, ""
    return option


class ZhCommand(TyperCommand):
    """A command whose usage, help option, placeholders and argument errors are in Chinese."""

    def get_usage(self, ctx: Any) -> str:
        _localise_params(self)
        return _usage(super().get_usage(ctx))

    def get_help_option(self, ctx: Any) -> Any:
        return _zh_help_option(super().get_help_option(ctx))

    def format_help(self, ctx: Any, formatter: Any) -> Any:
        install()
        _localise_params(self)
        return super().format_help(ctx, formatter)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        _localise_params(self)
        try:
            return super().make_context(*args, **kwargs)
        except click_exceptions.UsageError as exc:
            raise _zh(exc) from exc


class ZhGroup(TyperGroup):
    """A command group (``xlkit``, ``xlkit survey`` …) in Chinese; hands out its commands in Chinese."""

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        cmd = super().get_command(ctx, cmd_name)
        # Same classes with overridden methods only (no state of their own), so switching is safe.
        if type(cmd) is TyperCommand:
            cmd.__class__ = ZhCommand
        elif type(cmd) is TyperGroup:
            cmd.__class__ = ZhGroup
        return cmd

    def get_usage(self, ctx: Any) -> str:
        return _usage(super().get_usage(ctx))

    def get_help_option(self, ctx: Any) -> Any:
        return _zh_help_option(super().get_help_option(ctx))

    def format_help(self, ctx: Any, formatter: Any) -> Any:
        install()
        return super().format_help(ctx, formatter)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except click_exceptions.UsageError as exc:
            raise _zh(exc) from exc

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except click_exceptions.UsageError as exc:
            raise _zh(exc) from exc

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except click_exceptions.UsageError as exc:
            raise _zh(exc) from exc
        except (KeyboardInterrupt, EOFError, typer.Abort):
            install()  # typer prints its "aborted" text next
            raise


_PANEL_TEXTS = {
    "ARGUMENTS_PANEL_TITLE": "参数", "OPTIONS_PANEL_TITLE": "选项", "COMMANDS_PANEL_TITLE": "命令",
    "ERRORS_PANEL_TITLE": "错误", "ABORTED_TEXT": "已中止。", "DEFAULT_STRING": "[默认：{}]",
    "REQUIRED_LONG_STRING": "[必填]", "DEPRECATED_STRING": "（已停用）", "ENVVAR_STRING": "[环境变量：{}]",
    "RICH_HELP": "运行 [blue]'{command_path} {help_option}'[/] 查看帮助。",
}


def install() -> None:
    """Put typer's own help and error texts into Chinese (idempotent)."""
    try:
        from typer import rich_utils
    except ImportError:  # pragma: no cover - typer without rich prints click's plain texts
        return
    for name, text in _PANEL_TEXTS.items():
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, text)
    make = getattr(rich_utils, "_make_rich_text", None)
    if make is not None and not getattr(make, "_xlkit_fold", False):
        def folding(*args: Any, **kwargs: Any) -> Any:
            text = make(*args, **kwargs)
            if hasattr(text, "overflow"):  # a run of CJK characters is one "word" to rich: fold it
                text.overflow = "fold"
            return text

        folding._xlkit_fold = True  # type: ignore[attr-defined]
        rich_utils._make_rich_text = folding


def app(**kwargs: Any) -> typer.Typer:
    """A Typer app in Chinese (for xlkit's sub-command groups)."""
    return typer.Typer(cls=ZhGroup, **kwargs)


_INDICATOR = re.compile(r"([A-E]\d{1,3})[：:]\s*")


def issue_text(issue: Any) -> str:
    """One issue for the screen: where, what, then its stable code. A message about an indicator reads
    ``指标 B21（单元格 A11）：…`` — ``指标体系 › A11: B21：…`` put a cell and an indicator code side by
    side in the same shape."""
    m = _INDICATOR.match(issue.message)
    if m and issue.cell:
        place = " › ".join(p for p in (issue.file, issue.sheet) if p)
        text = f"指标 {m.group(1)}（单元格 {issue.cell}）：{issue.message[m.end():]}"
        text = f"{place} › {text}" if place else text
    else:
        text = issue.render()
    return f"  {text}  [{issue.code}]"


def shown_time(stamp: str | None) -> str:
    """A stored ISO time as a clerk reads it: local date and time with the zone, ``2024-06-05 14:30（UTC+08:00）``."""
    import datetime as dt

    if not stamp:
        return "-"
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    local = moment.astimezone()
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M}（UTC{offset[:3]}:{offset[3:]}）"
