"""Options and helpers shared by the command modules."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from ..errors import DeterrenceError
from ..model import Model
from ..scenario import Scenario, resolve_scenario
from ..simulation import DEFAULT_SEED
from ..textfmt import fmt

__all__ = [
    "DEFAULT_SEED",
    "SamplesParam",
    "echo_json",
    "fmt",
    "json_option",
    "load_model",
    "model_options",
    "parse_sets",
    "progress_bar",
    "scenario_argument",
    "seed_option",
]

F = TypeVar("F", bound=Callable[..., Any])

scenario_argument = click.argument("scenario", metavar="SCENARIO")
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
seed_option = click.option(
    "--seed", default=DEFAULT_SEED, show_default=True, type=click.IntRange(0),
    help="Seed of the random generator (same seed, same numbers).",
)


def model_options(fn: F) -> F:
    """Add ``--perspective`` and ``--set NAME=VALUE`` to a command."""
    fn = click.option(
        "--set", "sets", multiple=True, metavar="NAME=VALUE",
        help="Override a parameter: a number or a distribution such as 'to(1, 5)'. Repeatable.",
    )(fn)
    fn = click.option(
        "--perspective", "-p", default=None, metavar="P",
        help="Apply a named perspective of the scenario (see `explain`).",
    )(fn)
    return fn


def parse_sets(sets: tuple[str, ...]) -> dict[str, str]:
    """Turn ``("v=0.02", "w=uniform(0, 1)")`` into ``{"v": "0.02", "w": "uniform(0, 1)"}``."""
    out: dict[str, str] = {}
    for item in sets:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise DeterrenceError(f"--set {item!r}: write NAME=VALUE, for example --set v=0.01")
        out[name.strip()] = value.strip()
    return out


def load_model(target: str, perspective: str | None, sets: tuple[str, ...]) -> Model:
    """Resolve a scenario and compile it with a perspective and ``--set`` overrides."""
    scenario: Scenario = resolve_scenario(target)
    overrides: dict[str, str | float] = dict(parse_sets(sets))
    return Model.compile(scenario, perspective=perspective, overrides=overrides)


def _clean(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def echo_json(data: Any) -> None:
    """Print ``data`` as JSON (NaN and infinities become null, so the output is strict JSON)."""
    click.echo(json.dumps(_clean(data), indent=2, ensure_ascii=False, allow_nan=False))


class SamplesParam(click.ParamType):  # type: ignore[type-arg, unused-ignore]
    """A positive whole number of draws, or ``auto``."""

    name = "N|auto"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> int | str:
        if isinstance(value, int) or str(value).strip().lower() == "auto":
            return value if isinstance(value, int) else "auto"
        text = str(value).replace("_", "").replace(",", "")
        try:
            number = int(float(text)) if "e" in text.lower() else int(text)
        except ValueError:
            self.fail(f"{value!r} is neither a whole number nor 'auto'", param, ctx)
        if number < 1:
            self.fail(f"{number} is not in the range x>=1 (or write 'auto').", param, ctx)
        return number


@contextmanager
def progress_bar(length: int, label: str, quiet: bool) -> Iterator[Callable[[int], None] | None]:
    """A click progress bar on standard error, or ``None`` when quiet or not a terminal."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
        yield bar.update
