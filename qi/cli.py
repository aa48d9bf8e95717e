"""The `qi` command line: a thin click layer over the Python API.

Each area registers its commands from its own module: ``qi/chart_cli.py`` (outside the
computation package ``qi/charts``), ``qi/project/cli.py`` and ``qi/reports/cli.py``. A
:class:`qi.errors.QIError` is printed without a traceback and ends the command with the error's
exit code (1 generic, 2 bad input, 3 report failed, 4 lock timeout).
"""

from __future__ import annotations

import sys
from typing import Any

import click

from qi import __version__
from qi.errors import QIError


class QIGroup(click.Group):
    """A click group that turns QIError into a clean message and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except QIError as err:
            from qi.terminal import printable

            click.echo(f"error: {printable(err)}", err=True)
            sys.exit(err.exit_code)


#: ``-h`` is accepted wherever ``--help`` is, on the group and on every command under it.
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


@click.group(cls=QIGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="qi")
def main() -> None:
    """qi: run charts, SPC charts, PDSA logs, project scores and board reports."""


def _register() -> None:
    from qi import chart_cli as charts_cli
    from qi.project import cli as project_cli
    from qi.reports import cli as reports_cli

    for module in (charts_cli, project_cli, reports_cli):
        module.register(main)


_register()

if __name__ == "__main__":  # pragma: no cover
    main()
