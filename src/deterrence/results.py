"""Results of a run: frozen objects holding the draws and how they were made."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["PointResult", "Results", "Summary", "summarize"]

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Summary:
    """Mean, its Monte Carlo standard error, and percentiles of one quantity."""

    mean: float
    se: float
    sd: float
    p05: float
    p50: float
    p95: float

    def as_dict(self) -> dict[str, float]:
        """The fields as a plain dict (for JSON)."""
        return {"mean": self.mean, "se": self.se, "sd": self.sd,
                "p05": self.p05, "p50": self.p50, "p95": self.p95}


def summarize(values: Array) -> Summary:
    """Summarise draws: mean with standard error sd/sqrt(n), and 5th/50th/95th percentiles."""
    values = np.asarray(values, dtype=np.float64)
    n = values.size
    p05, p50, p95 = np.percentile(values, [5.0, 50.0, 95.0])
    sd = float(values.std(ddof=1)) if n > 1 else 0.0
    return Summary(
        mean=float(values.mean()),
        se=sd / np.sqrt(n) if n > 0 else float("nan"),
        sd=sd,
        p05=float(p05),
        p50=float(p50),
        p95=float(p95),
    )


def _frozen(a: NDArray[np.generic]) -> NDArray[np.generic]:
    a = np.asarray(a)
    a.flags.writeable = False
    return a


@dataclass(frozen=True)
class Results:
    """A Monte Carlo run: each option's net value per draw and how the run was made.

    Attributes
    ----------
    scenario_id, scenario_hash, version
        Which scenario (and its exact content) and which package version.
    seed, samples
        The seed of the random generator and the number of draws.
    perspective, overrides
        The perspective and ``--set`` overrides applied.
    options
        Option ids, in scenario order.
    values
        Net value per option and draw, shape ``(len(options), samples)``; read-only.
    best
        Index into ``options`` of the best option per draw; read-only.
    quantities
        Reported quantities (the scenario's outcomes) per draw; read-only arrays.
    term_means
        Mean magnitude of each term by ``(option, term id)``.
    warnings
        Plain-language notes, such as quantities that were NaN in some draws.
    """

    scenario_id: str
    scenario_hash: str
    version: str
    seed: int
    samples: int
    perspective: str | None
    overrides: Mapping[str, str]
    options: tuple[str, ...]
    values: Array
    best: NDArray[np.intp]
    quantities: Mapping[str, Array]
    term_means: Mapping[tuple[str, str], float]
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _frozen(self.values)
        _frozen(self.best)
        for v in self.quantities.values():
            _frozen(v)

    def net(self, option: str) -> Array:
        """Net value draws of ``option``."""
        return np.asarray(self.values[self.options.index(option)], dtype=np.float64)

    def p_best(self) -> dict[str, float]:
        """Share of draws in which each option is best; the shares add up to 1."""
        counts = np.bincount(self.best, minlength=len(self.options))
        return {o: float(c) / self.samples for o, c in zip(self.options, counts, strict=True)}

    def p_best_se(self) -> dict[str, float]:
        """Binomial standard error of each :meth:`p_best` share."""
        return {o: float(np.sqrt(p * (1.0 - p) / self.samples)) for o, p in self.p_best().items()}

    def summary(self, option: str) -> Summary:
        """Summary of ``option``'s net value."""
        return summarize(self.net(option))

    def decision(self) -> str:
        """The option with the highest expected net value (risk-neutral choice)."""
        means = self.values.mean(axis=1)
        return self.options[int(np.argmax(means))]

    def to_dict(self) -> dict[str, object]:
        """The run as JSON-ready data with stable keys."""
        p_best, p_se = self.p_best(), self.p_best_se()
        options = {}
        for o in self.options:
            s = self.summary(o)
            options[o] = {"mean": s.mean, "se": s.se, "p05": s.p05, "p50": s.p50, "p95": s.p95,
                          "p_best": p_best[o], "p_best_se": p_se[o]}
        quantities = {}
        for name, v in self.quantities.items():
            s = summarize(v)
            quantities[name] = {"mean": s.mean, "se": s.se, "p05": s.p05, "p50": s.p50,
                                "p95": s.p95}
        return {
            "scenario": self.scenario_id,
            "scenario_hash": self.scenario_hash,
            "version": self.version,
            "seed": self.seed,
            "samples": self.samples,
            "perspective": self.perspective,
            "overrides": dict(self.overrides),
            "options": options,
            "decision": self.decision(),
            "quantities": quantities,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class PointResult:
    """The model at point values (each parameter at its stated point or median)."""

    scenario_id: str
    perspective: str | None
    parameters: Mapping[str, float]
    quantities: Mapping[str, float]
    terms: Mapping[tuple[str, str], float]
    net: Mapping[str, float]

    def decision(self) -> str:
        """The option with the highest net value at point values (first one on a tie)."""
        return max(self.net, key=lambda o: self.net[o])

    def ties(self) -> list[str]:
        """Options tied for best at point values (more than one means a tie)."""
        top = max(self.net.values())
        return [o for o, v in self.net.items() if v == top]
