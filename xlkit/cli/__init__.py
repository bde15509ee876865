"""The ``xlkit`` command: parses options, calls one library function, renders, sets the exit code.

Exit codes: 0 success/valid, 1 invalid data or an expected failure (message on stderr),
2 usage error (typer's default).

The typer app (``app``) is built in ``xlkit.cli.typer_app`` on first use. ``main()`` answers a plain
request for help (``xlkit``, ``xlkit --help``, ``xlkit score --help`` …) from the pages typer rendered
when the package was made (``xlkit.cli.helptext``), without importing typer at all; anything else
goes to the app.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing; type checkers read it alike
if TYPE_CHECKING:
    from typing import Any

    from xlkit.cli.typer_app import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    from xlkit.cli.helptext import serve_stored_help

    if serve_stored_help(sys.argv[1:]):
        return
    import typer

    from xlkit.cli.typer_app import app
    from xlkit.errors import XlkitError

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


def __getattr__(name: str) -> Any:
    if name == "app":  # built on first use: importing xlkit.cli must not cost typer
        from xlkit.cli.typer_app import app

        return app
    raise AttributeError(f"module 'xlkit.cli' has no attribute {name!r}")
