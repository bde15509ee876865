"""The ``xlkit`` command: parses options, calls one library function, renders, sets the exit code.

Exit codes: 0 success/valid, 1 invalid data or an expected failure (message on stderr),
2 usage error (typer's default).
"""

from __future__ import annotations

import sys

import typer

from xlkit.cli.text import ZhGroup, install
from xlkit.errors import XlkitError

install()  # typer's own help and error texts in Chinese
app = typer.Typer(
    cls=ZhGroup,
    name="xlkit",
    help="xlkit — 预算绩效评价电子表格工具包（budget performance evaluation in spreadsheets）。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


# Every command lives in its own module; each module's register(app) adds its commands, in this order
# (the order `xlkit --help` lists them).
# (one import line per module between the markers)
# --- command modules ---
from xlkit.cli import new as cli_new; cli_new.register(app)  # noqa: E402,E702
from xlkit.cli import check as cli_check; cli_check.register(app)  # noqa: E402,E702
from xlkit.cli import score as cli_score; cli_score.register(app)  # noqa: E402,E702
from xlkit.cli import templates as cli_templates; cli_templates.register(app)  # noqa: E402,E702
from xlkit.cli import version as cli_version; cli_version.register(app)  # noqa: E402,E702
from xlkit.cli import audit as cli_audit; cli_audit.register(app)  # noqa: E402,E702
from xlkit.cli import survey as cli_survey; cli_survey.register(app)  # noqa: E402,E702
from xlkit.cli.batch import register as _register_batch; _register_batch(app)  # noqa: E402,E702
from xlkit.cli import report as cli_report; cli_report.register(app)  # noqa: E402,E702
# --- end command modules ---


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except XlkitError as exc:  # anything a command did not render itself
        typer.echo(f"错误：{exc}", err=True)
        sys.exit(1)
    except Exception as exc:  # a bug met by some input: a message to pass on, not a traceback
        import os

        if os.environ.get("XLKIT_DEBUG"):
            raise
        typer.echo(f"错误：内部错误（{type(exc).__name__}: {exc}），请把输入文件提供给 xlkit 维护者"
                   "（设置环境变量 XLKIT_DEBUG=1 可显示详细信息）", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
