"""Running a model: Monte Carlo over parameter draws, or once at point values."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import numpy as np

from ._version import __version__
from .errors import DeterrenceError
from .model import Evaluation, Model
from .results import PointResult, Results
from .scenario.schema import Scenario

__all__ = ["MAX_SAMPLES", "collect", "draw", "new_seed", "run", "run_point"]

MAX_SAMPLES = 50_000_000
"""Most draws held in memory at once by :func:`run`."""


def new_seed() -> int:
    """A fresh random seed (from the operating system), to be recorded with the results."""
    entropy = np.random.SeedSequence().entropy
    assert isinstance(entropy, int)
    return entropy % (2**63)


def _model(
    scenario: Scenario | Model,
    perspective: str | None,
    overrides: Mapping[str, str | float] | None,
) -> Model:
    if isinstance(scenario, Model):
        if perspective is not None or overrides:
            raise DeterrenceError("give a perspective or overrides with a Scenario, not a Model")
        return scenario
    return Model.compile(scenario, perspective=perspective, overrides=overrides)


def run(
    scenario: Scenario | Model,
    *,
    samples: int = 100_000,
    seed: int | None = None,
    perspective: str | None = None,
    overrides: Mapping[str, str | float] | None = None,
) -> Results:
    """Monte Carlo run: draw every parameter ``samples`` times and evaluate all draws at once.

    Parameters
    ----------
    scenario
        A scenario (compiled here with ``perspective`` and ``overrides``) or a compiled model.
    samples
        Number of draws.
    seed
        Seed of the random generator; when ``None`` a fresh seed is drawn and recorded.

    Returns
    -------
    Results
        Net values per option and draw, the best option per draw, the reported
        quantities, and the seed, sample count, scenario hash and version.
    """
    model = _model(scenario, perspective, overrides)
    seed = new_seed() if seed is None else seed
    return collect(model, draw(model, samples=samples, seed=seed), seed=seed)


def draw(model: Model, *, samples: int, seed: int) -> Evaluation:
    """Draw ``samples`` values of every parameter with ``seed`` and evaluate them all at once."""
    if samples < 1 or samples > MAX_SAMPLES:
        raise DeterrenceError(f"samples must be between 1 and {MAX_SAMPLES:,}, not {samples:,}")
    if seed < 0:
        raise DeterrenceError(f"the seed must be a non-negative whole number, not {seed}")
    rng = np.random.default_rng(seed)
    return model.evaluate(model.sample(samples, rng=rng))


def collect(model: Model, evaluation: Evaluation, *, seed: int) -> Results:
    """Package an evaluation of ``model`` (drawn with ``seed``) as :class:`Results`."""
    values = np.stack([evaluation.net[o] for o in model.options])
    samples = values.shape[1]
    warnings = tuple(f"{name} is NaN or infinite in some draws" for name in evaluation.nonfinite())
    outcomes = model.scenario.outcomes
    return Results(
        scenario_id=model.scenario.id,
        scenario_hash=model.scenario.content_hash(),
        version=__version__,
        seed=seed,
        samples=samples,
        perspective=model.perspective,
        overrides=model.overrides,
        options=model.options,
        values=values,
        best=np.argmax(values, axis=0),
        quantities=MappingProxyType(
            {n: np.broadcast_to(evaluation.quantities[n], (samples,)).copy() for n in outcomes}),
        term_means=MappingProxyType(
            {k: float(np.mean(v)) for k, v in evaluation.terms.items()}),
        warnings=warnings,
    )


def run_point(
    scenario: Scenario | Model,
    *,
    perspective: str | None = None,
    overrides: Mapping[str, str | float] | None = None,
) -> PointResult:
    """Evaluate once with every parameter at its point value (stated point, else median)."""
    model = _model(scenario, perspective, overrides)
    params = model.point_values()
    evaluation = model.evaluate(params)
    return PointResult(
        scenario_id=model.scenario.id,
        perspective=model.perspective,
        parameters=MappingProxyType(params),
        quantities=MappingProxyType({k: float(v) for k, v in evaluation.quantities.items()}),
        terms=MappingProxyType({k: float(v) for k, v in evaluation.terms.items()}),
        net=MappingProxyType({k: float(v) for k, v in evaluation.net.items()}),
    )
