"""What every command module shares: the one way an issue is printed and the one way a command
fails (message on stderr, exit code 1). Command modules import these from here, never from the cli
package, which imports them to register their commands."""

from __future__ import annotations

import typer

__all__ = ["issue_line", "fail", "fail_report"]


def issue_line(issue) -> str:
    """One issue as both `check` and `score` print it: where, what, then the stable code."""
    from xlkit.cli.text import issue_text

    return issue_text(issue)


def fail(message: str) -> None:
    typer.echo(f"错误：{message}", err=True)
    raise typer.Exit(1)


def fail_report(exc: Exception, report, as_json: bool, message: str) -> None:
    """A refusal that carries a Report (score, survey import): every error, then exit 1."""
    import json

    if as_json:
        typer.echo(json.dumps({"error": str(exc), "issues": [i.to_dict() for i in report.issues]},
                              ensure_ascii=False, indent=2))
    else:
        for issue in report.errors:
            typer.echo(issue_line(issue), err=True)
    fail(message)
