"""Commands that draw: ``plot`` (one figure) and ``report`` (a whole scenario as HTML/Markdown).

matplotlib is imported only when one of these commands runs (or ``plot --help`` lists
the figure kinds), with the non-interactive Agg backend, so other commands start fast and
nothing ever tries to open a window.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import DeterrenceError
from .common import model_options, parse_sets, scenario_argument, seed_option

__all__ = ["plot_cmd", "report_cmd"]

DEFAULT_SAMPLES = 20_000


def _use_agg() -> None:
    import matplotlib

    matplotlib.use("Agg")


class _PlotCommand(click.Command):
    """``plot``, whose help lists the figure kinds (importing them only when asked)."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _use_agg()
        from ..report.figures import FIGURES

        with formatter.section("Figure kinds"):
            formatter.write_dl([(k.name, k.description) for k in FIGURES.values()])
        super().format_epilog(ctx, formatter)


def _check_output(path: Path, suffixes: tuple[str, ...]) -> Path:
    if path.suffix.lower() not in suffixes:
        raise DeterrenceError(f"{path}: end the file name in {', '.join(suffixes)} "
                              "(the format is taken from the suffix)")
    if not path.parent.is_dir():
        raise DeterrenceError(f"{path}: the directory {path.parent} does not exist")
    return path


@click.command("plot", cls=_PlotCommand)
@scenario_argument
@click.argument("kind", metavar="KIND")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write: .png, .svg or .pdf [default: SCENARIO-KIND.png here].")
@click.option("--samples", "-n", default=DEFAULT_SAMPLES, show_default=True,
              type=click.IntRange(1), help="Number of Monte Carlo draws.")
@seed_option
@model_options
@click.option("--option", "option", default=None, metavar="X",
              help="Which option to draw (waterfall) or analyse (tornado, sobol).")
@click.option("--parameter", "parameters", multiple=True, metavar="NAME",
              help="Parameter to sweep (breakeven), or two for the axes (breakeven-map).")
@click.option("--game", "game", default=None, metavar="ID",
              help="Which of the scenario's games to draw (game-tree; default: the first).")
def plot_cmd(scenario: str, kind: str, output: Path | None, samples: int, seed: int,
             perspective: str | None, sets: tuple[str, ...], option: str | None,
             parameters: tuple[str, ...], game: str | None) -> None:
    """Draw one figure KIND of SCENARIO and print the path of the file written.

    For `perspectives`, --perspective P compares only P with the scenario as written.
    """
    _use_agg()
    from ..report.figures import plot
    from ..report.style import save_figure

    if output is not None:
        _check_output(output, (".png", ".svg", ".pdf"))
    options: dict[str, object] = {} if option is None else {"option": option}
    if parameters:
        options["parameters"] = parameters
    if game is not None:
        options["game"] = game
    if kind == "perspectives" and perspective is not None:
        options["perspectives"] = (perspective,)
        perspective = None
    fig = plot(scenario, kind, seed=seed, samples=samples, perspective=perspective,
               overrides=dict(parse_sets(sets)), **options)
    if output is None:
        from ..scenario import resolve_scenario

        output = Path(f"{resolve_scenario(scenario).id}-{kind}.png")
    click.echo(str(save_figure(fig, output)))


@click.command("report")
@scenario_argument
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="FILE.html (one self-contained page) or FILE.md (Markdown, figures in "
                   "FILE-figures/) [default: SCENARIO.html here].")
@click.option("--perspective", "-p", "perspectives", multiple=True, metavar="P",
              help="A perspective to compare side by side (repeatable; default: all).")
@click.option("--samples", "-n", default=DEFAULT_SAMPLES, show_default=True,
              type=click.IntRange(1), help="Number of Monte Carlo draws.")
@seed_option
@click.option("--set", "sets", multiple=True, metavar="NAME=VALUE",
              help="Override a parameter: a number or a distribution. Repeatable.")
def report_cmd(scenario: str, output: Path | None, perspectives: tuple[str, ...],
               samples: int, seed: int, sets: tuple[str, ...]) -> None:
    """Write a report of SCENARIO for students: argument, equations, numbers, figures.

    The HTML file needs no network connection and prints to PDF from a browser.
    """
    _use_agg()
    from ..report.html import write_html
    from ..report.markdown import write_markdown
    from ..scenario import resolve_scenario

    resolved = resolve_scenario(scenario)
    path = output if output is not None else Path(f"{resolved.id}.html")
    _check_output(path, (".html", ".htm", ".md"))
    writer = write_markdown if path.suffix.lower() == ".md" else write_html
    written = writer(resolved, path, seed=seed, samples=samples, perspectives=perspectives,
                     overrides=dict(parse_sets(sets)))
    click.echo(str(written))
