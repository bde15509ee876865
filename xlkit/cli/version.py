"""`xlkit version`: the one version string (``xlkit.__version__``)."""

from __future__ import annotations

import typer

from xlkit import __version__


def register(app: typer.Typer) -> None:
    app.command("version")(version)


def version() -> None:
    """显示 xlkit 版本。"""
    typer.echo(f"xlkit {__version__}")
