"""The ``xlkit`` typer app: every command module registered on it, in the order ``xlkit --help``
lists them. ``xlkit.cli.main`` runs it; ``xlkit.cli.app`` is this app."""

from __future__ import annotations

import typer

from xlkit.cli.text import ZhGroup

# typer's own help and error texts are put into Chinese by ZhGroup when it renders them (xlkit.cli.text)
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
