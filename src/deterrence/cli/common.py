"""Options and helpers shared by the command modules."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..errors import DeterrenceError
from ..model import Model
from ..scenario import Scenario, resolve_scenario
from ..textfmt import fmt

__all__ = [
    "DEFAULT_SEED",
    "echo_json",
    "fmt",
    "load_model",
    "model_options",
    "parse_sets",
    "scenario_argument",
    "seed_option",
]

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_SEED = 2024
"""Seed used when none is given, so that a class running the same command sees the same numbers."""

scenario_argument = click.argument("scenario", metavar="SCENARIO")
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
