"""Commands that question a model: breakeven, sensitivity, voi, discover.

Each is a thin layer over :mod:`deterrence.analysis`: text for people, ``--json`` for
programs. All take ``--perspective`` and ``--set`` as ``run`` does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click
import pandas as pd

from ..analysis import (
    breakeven,
    breakeven_map,
    breakevens,
    discover,
    morris,
    sobol_indices,
    tornado,
    value_of_information,
)
from ..analysis.breakeven import BreakEven, BreakEvenMap, percentile_text, to_frame
from ..analysis.target import point_net
from ..errors import DeterrenceError
from ..model import Model
from ..textfmt import fmt, pct
from .common import (
    echo_json,
    json_option,
    load_model,
    model_options,
    progress_bar,
    scenario_argument,
    seed_option,
)

__all__ = ["breakeven_cmd", "discover_cmd", "sensitivity_cmd", "voi_cmd"]

def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in row.items()} for row in df.to_dict(orient="records")]


class _Row:
    """Attribute access to one table row (values typed ``Any``)."""

    def __init__(self, row: dict[str, Any]) -> None:
        self.__dict__.update(row)

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(name)


def _rows(df: pd.DataFrame) -> list[Any]:
    return [_Row(r) for r in _records(df)]


def _meta(model: Model) -> dict[str, Any]:
    return {"scenario": model.scenario.id, "perspective": model.perspective,
            "overrides": dict(model.overrides), "value_unit": model.scenario.value_unit}


def _head(model: Model, what: str) -> list[str]:
    head = f"{what}: {model.scenario.title}"
    if model.perspective:
        head += f"\nPerspective: {model.perspective}"
    if model.overrides:
        head += "\nSet: " + ", ".join(f"{k}={v}" for k, v in model.overrides.items())
    return [head]


# ---------------------------------------------------------------- breakeven


@click.command("breakeven")
@scenario_argument
@click.argument("param", required=False, metavar="[PARAM]")
@click.option("--versus", default=None, metavar="A,B",
              help="Where option A stops (or starts) beating B, instead of where the best "
                   "option changes.")
@click.option("--map", "map_axes", default=None, metavar="X,Y",
              help="Map the best option over two parameters (X across, Y down).")
@click.option("--points", default=21, show_default=True, type=click.IntRange(2, 401),
              help="Grid points per axis for --map.")
@model_options
@json_option
def breakeven_cmd(scenario: str, param: str | None, versus: str | None, map_axes: str | None,
                  points: int, perspective: str | None, sets: tuple[str, ...],
                  as_json: bool) -> None:
    """Break-even values: how far each parameter must move for the decision to change.

    Each parameter is moved alone over its plausible range (0.1st to 99.9th percentile),
    the others at point values. Without PARAM, a table of every parameter, closest switch
    first.
    """
    model = load_model(scenario, perspective, sets)
    if map_axes is not None:
        axes = [a.strip() for a in map_axes.split(",")]
        if len(axes) != 2:
            raise DeterrenceError(f"--map needs two parameters, as X,Y; got {map_axes!r}")
        found = breakeven_map(model, axes[0], axes[1], points=points, versus=versus)
        if as_json:
            echo_json({**_meta(model), "x": found.x, "y": found.y,
                       "grid": _records(found.to_frame())})
        else:
            click.echo("\n".join(_head(model, "Break-even map") + _render_map(found)))
        return
    results = (breakeven(model, param, versus=versus),) if param else breakevens(
        model, versus=versus)
    if as_json:
        echo_json({**_meta(model), "point_net": point_net(model),
                   "parameters": _records(to_frame(results))})
        return
    click.echo("\n".join(_head(model, "Break-even values") + _render_breakevens(model, results)))


def _render_breakevens(model: Model, results: tuple[BreakEven, ...]) -> list[str]:
    net = point_net(model)
    lines = ["At point values: " + ", ".join(f"{o} {fmt(v)}" for o, v in net.items())
             + f" [{model.scenario.value_unit}]",
             "Each parameter moved alone; plausible range = its 0.1st to 99.9th percentile.", ""]
    if len(results) == 1:
        b = results[0]
        lines.append(b.sentence())
        for s in (b.below, b.above):
            if s is not None and s is not b.nearest:
                word = "rises above" if s.direction == "above" else "falls below"
                lines.append(f"Further away: if {b.parameter} {word} {fmt(s.value)} (its "
                             f"{percentile_text(s.quantile)} percentile), {s.best} is best.")
        return lines
    lines.append(f"  {'parameter':<14}{'point':>11}{'switch at':>12}{'percentile':>12}"
                 f"{'point pct':>11}  then best")
    quiet = []
    for b in results:
        s = b.nearest
        if s is None:
            quiet.append(b.parameter)
            continue
        lines.append(f"  {b.parameter:<14}{fmt(b.point):>11}{fmt(s.value):>12}"
                     f"{percentile_text(s.quantile):>12}{percentile_text(b.point_quantile):>11}"
                     f"  {s.best}")
    if quiet:
        lines.append(f"  No switch in range: {', '.join(quiet)}")
    lines += ["", *[b.sentence() for b in results if b.nearest is not None][:5]]
    return lines


def _render_map(found: BreakEvenMap) -> list[str]:
    letters = {o: chr(ord("A") + i) for i, o in enumerate(found.options)}
    lines = [f"Best option over {found.x} (across) and {found.y} (down); others at point "
             "values.", "Legend: " + ", ".join(f"{v} = {o}" for o, v in letters.items()), ""]
    for i in range(found.y_values.size - 1, -1, -1):
        row = "".join(letters[found.options[k]] for k in found.best[i])
        lines.append(f"  {fmt(float(found.y_values[i])):>10} | {row}")
    lines.append(f"  {'':>10}   {fmt(float(found.x_values[0]))} ... "
                 f"{fmt(float(found.x_values[-1]))}")
    return lines


# ---------------------------------------------------------------- sensitivity


@click.command("sensitivity")
@scenario_argument
@click.option("--method", type=click.Choice(["tornado", "sobol", "morris"]), default="tornado",
              show_default=True, help="One at a time, variance-based, or elementary effects.")
@click.option("--option", default=None, metavar="X", help="Look at option X's net value.")
@click.option("--versus", default=None, metavar="A,B",
              help="Look at A's net value minus B's (default: best vs runner-up at point values).")
@click.option("--samples", "-n", default=None, type=click.IntRange(2),
              help="Sobol base points (default 8192) or Morris trajectories (default 64).")
@seed_option
@model_options
@json_option
def sensitivity_cmd(scenario: str, method: str, option: str | None, versus: str | None,
                    samples: int | None, seed: int, perspective: str | None,
                    sets: tuple[str, ...], as_json: bool) -> None:
    """Which parameter matters most for an option's value or the gap between two options."""
    model = load_model(scenario, perspective, sets)
    if method == "tornado":
        df = tornado(model, option=option, versus=versus)
    elif method == "sobol":
        df = sobol_indices(model, n=samples or 2**13, option=option, versus=versus, seed=seed)
    else:
        df = morris(model, trajectories=samples or 64, option=option, versus=versus, seed=seed)
    if as_json:
        echo_json({**_meta(model), **{k: v for k, v in df.attrs.items()},
                   "parameters": _records(df)})
        return
    lines = _head(model, f"Sensitivity ({method})")
    lines.append(f"Target: {df.attrs['target']} [{model.scenario.value_unit}]; "
                 f"{df.attrs['evaluations']:,} model evaluations"
                 + (f", seed {df.attrs['seed']}" if "seed" in df.attrs else "") + ".")
    lines += [f"Note: {n}." for n in df.attrs.get("notes", [])]
    lines += ["", *_RENDER[method](df)]
    click.echo("\n".join(lines))


def _bar(x: float, top: float, width: int = 24) -> str:
    return "#" * max(0, round(width * x / top)) if top > 0 else ""


def _render_tornado(df: pd.DataFrame) -> list[str]:
    base = float(df["base"].iloc[0]) if len(df) else 0.0
    lines = [f"Each parameter at its 5th and 95th percentiles, others at point values "
             f"(target there: {fmt(base)}).",
             f"  {'parameter':<14}{'at p05':>10}{'at p95':>10}{'output p05':>12}"
             f"{'output p95':>12}{'swing':>9}"]
    top = float(df["swing"].max()) if len(df) else 0.0
    for r in _rows(df):
        lines.append(f"  {r.parameter:<14}{fmt(r.low_value):>10}{fmt(r.high_value):>10}"
                     f"{fmt(r.output_low):>12}{fmt(r.output_high):>12}{fmt(r.swing):>9} "
                     f"{_bar(float(r.swing), top)}")
    return lines


def _render_sobol(df: pd.DataFrame) -> list[str]:
    lines = ["Share of the target's variance: S1 alone, ST with interactions "
             f"(± {df.attrs.get('conf_level', 0.95):.0%} interval).",
             f"  {'parameter':<14}{'S1':>8}{'± ':>7}{'ST':>9}{'± ':>7}"]
    for r in _rows(df):
        lines.append(f"  {r.parameter:<14}{r.S1:>8.3f}{r.S1_conf:>7.3f}{r.ST:>9.3f}"
                     f"{r.ST_conf:>7.3f} {_bar(max(float(r.ST), 0.0), 1.0)}")
    return lines


def _render_morris(df: pd.DataFrame) -> list[str]:
    lines = ["Elementary effects: mu* = mean absolute effect, sigma = spread (interactions "
             "or curvature).",
             f"  {'parameter':<14}{'mu*':>10}{'± ':>9}{'mu':>10}{'sigma':>10}"]
    top = float(df["mu_star"].max()) if len(df) else 0.0
    for r in _rows(df):
        lines.append(f"  {r.parameter:<14}{fmt(r.mu_star):>10}{fmt(r.mu_star_conf):>9}"
                     f"{fmt(r.mu):>10}{fmt(r.sigma):>10} {_bar(float(r.mu_star), top)}")
    return lines


_RENDER: dict[str, Callable[[pd.DataFrame], list[str]]] = {
    "tornado": _render_tornado, "sobol": _render_sobol, "morris": _render_morris}


# ---------------------------------------------------------------- voi


@click.command("voi")
@scenario_argument
@click.option("--samples", "-n", default=100_000, show_default=True,
              type=click.IntRange(100, 5_000_000), help="Monte Carlo draws.")
@click.option("--method", type=click.Choice(["regression", "bins"]), default="regression",
              show_default=True, help="EVPPI estimator.")
@seed_option
@model_options
@json_option
def voi_cmd(scenario: str, samples: int, method: str, seed: int, perspective: str | None,
            sets: tuple[str, ...], as_json: bool) -> None:
    """Value of information: which uncertainty is worth researching before deciding."""
    model = load_model(scenario, perspective, sets)
    names = model.uncertain_parameters()
    with progress_bar(len(names), "EVPPI", as_json) as bar:
        result = value_of_information(model, samples=samples, seed=seed,
                                      method="bins" if method == "bins" else "regression",
                                      progress=bar)
    if as_json:
        echo_json({**_meta(model), **result.to_dict()})
        return
    lines = [*_head(model, "Value of information"),
             f"{samples:,} draws, seed {seed}; EVPPI by {method}.", "", result.sentence(), "",
             f"  {'parameter':<14}{'EVPPI':>10}{'± se':>9}{'of EVPI':>9}  label"]
    top = result.table.head(12)
    for r in _rows(top):
        lines.append(f"  {r.parameter:<14}{fmt(r.evppi):>10}{fmt(r.evppi_se, 2):>9}"
                     f"{pct(r.share):>9}  {r.label}")
    rest = len(result.table) - len(top)
    if rest > 0:
        lines.append(f"  ... and {rest} more with smaller values (see --json)")
    click.echo("\n".join(lines))


# ---------------------------------------------------------------- discover


@click.command("discover")
@scenario_argument
@click.option("--option", required=True, metavar="X", help="The option whose losses to explain.")
@click.option("--rival", default=None, metavar="Y",
              help="Only draws where Y beats X (default: any option beats X).")
@click.option("--samples", "-n", default=20_000, show_default=True,
              type=click.IntRange(100, 2_000_000), help="Monte Carlo draws.")
@click.option("--depth", default=3, show_default=True, type=click.IntRange(1, 6),
              help="Most conditions per rule.")
@seed_option
@model_options
@json_option
def discover_cmd(scenario: str, option: str, rival: str | None, samples: int, depth: int,
                 seed: int, perspective: str | None, sets: tuple[str, ...],
                 as_json: bool) -> None:
    """Scenario discovery: rules for where option X loses, with coverage and density."""
    model = load_model(scenario, perspective, sets)
    found = discover(model, option, versus=rival, samples=samples, seed=seed, max_depth=depth)
    if as_json:
        echo_json({**_meta(model), **found.to_dict()})
        return
    lines = [*_head(model, "Scenario discovery"),
             f"{samples:,} draws, seed {seed}; rules from a classification tree of depth "
             f"{depth}.", "Coverage: share of the losing draws inside the rule; density: "
             "share of draws inside the rule that lose.", ""]
    lines += found.sentences()
    names = sorted({c.parameter for r in found.rules for c in r.conditions})
    if names:
        lines += ["", "Where " + "; ".join(
            f"{n} = {model.scenario.parameters[n].label}" for n in names) + "."]
    click.echo("\n".join(lines))
