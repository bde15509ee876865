"""The command line's layout: one module per command under xlkit/cli, registered in help order.

`xlkit --help` lists the commands in the order their modules register them, so the order is part of
what users see; each command's callback lives in the module named after it, so a command is found
where its name says."""

from __future__ import annotations

import ast
from pathlib import Path

from xlkit.cli import app

CLI = Path(__file__).resolve().parents[1] / "xlkit" / "cli"


def test_commands_in_help_order():
    names = [c.name for c in app.registered_commands]
    assert names == ["new", "check", "score", "templates", "version", "audit", "batch", "report"]
    assert [g.name or g.typer_instance.info.name for g in app.registered_groups] == ["survey", "archive"]


def test_each_command_lives_in_its_own_module():
    for command in app.registered_commands:
        assert command.callback is not None
        assert command.callback.__module__ == f"xlkit.cli.{command.name}", command.name


def test_the_package_module_defines_no_command():
    # cli/typer_app.py makes the app and registers the command modules; cli/__init__.py holds main()
    # and hands out the app on first use; neither defines a command
    tree = ast.parse((CLI / "typer_app.py").read_text(encoding="utf-8"))
    assert [n.name for n in tree.body if isinstance(n, ast.FunctionDef)] == []
    tree = ast.parse((CLI / "__init__.py").read_text(encoding="utf-8"))
    assert [n.name for n in tree.body if isinstance(n, ast.FunctionDef)] == ["main", "__getattr__"]
