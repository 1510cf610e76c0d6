"""The ``deterrence`` command: a thin layer over the Python API.

Each group of commands lives in its own module and is registered here. Input
errors (:class:`~deterrence.errors.DeterrenceError`) are printed as one paragraph
on standard error with exit status 2, never as a traceback.
"""

from __future__ import annotations

import os
import sys

import click

from .._version import __version__
from ..errors import DeterrenceError
from .analysis import breakeven_cmd, discover_cmd, sensitivity_cmd, voi_cmd
from .games import game_cmd, games_cmd
from .report import plot_cmd, report_cmd
from .run import explain_cmd, run_cmd, scenarios_cmd, schema_cmd, validate_cmd
from .wargame import wargame_group

__all__ = ["cli", "main"]

EXIT_INPUT = 2
EXIT_INTERNAL = 70


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="deterrence")
def cli() -> None:
    """Turn a strategic argument into a model you can question, run, play and teach with.

    SCENARIO is a built-in scenario id (see `deterrence scenarios`) or a path to a
    scenario file.
    """


for _command in (scenarios_cmd, run_cmd, explain_cmd, validate_cmd, schema_cmd, game_cmd, games_cmd,
                 plot_cmd,
                 report_cmd, wargame_group, breakeven_cmd, sensitivity_cmd, voi_cmd,
                 discover_cmd):
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``deterrence`` command."""
    try:
        cli.main(args=argv, prog_name="deterrence", standalone_mode=False)
    except DeterrenceError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_INPUT)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(EXIT_INPUT)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except (BrokenPipeError, KeyboardInterrupt):
        sys.exit(1)
    except Exception as exc:  # a bug, not bad input: say so plainly
        if os.environ.get("DETERRENCE_DEBUG"):
            raise
        click.echo(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in deterrence; set DETERRENCE_DEBUG=1 to see the traceback.",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)
