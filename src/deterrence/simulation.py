"""Running a model: Monte Carlo over parameter draws, or once at point values.

A run of ``samples`` draws is cut into blocks of :data:`~deterrence.sampling.BLOCK_SIZE`
draws, each with its own random streams (see :mod:`deterrence.sampling`). Blocks are
evaluated on several threads (numpy releases the interpreter lock in its loops), each
writing its own slice of the result, so the same seed gives the same numbers however many
threads run and however the blocks are grouped. ``samples="auto"`` adds blocks until the
chance that each option is best is known to a target standard error.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from ._version import __version__
from .errors import DeterrenceError
from .model import Evaluation, Model
from .results import PointResult, Results, parallel_map
from .sampling import (
    BLOCK_SIZE,
    DESIGNS,
    Design,
    RankCorrelation,
    block_sample,
    block_spans,
    rank_correlation,
)
from .scenario.schema import Scenario

__all__ = [
    "AUTO_TARGET_SE",
    "DEFAULT_SEED",
    "MAX_SAMPLES",
    "Blocks",
    "Progress",
    "collect",
    "draw",
    "new_seed",
    "resolve_workers",
    "run",
    "run_point",
]  # fmt: skip

Array = NDArray[np.float64]
Progress = Callable[[int], None]
"""Called with the number of draws just finished (e.g. ``click.progressbar.update``)."""

DEFAULT_SEED = 2024
"""Seed used by the command line and reports when none is given: a class running the same
command sees the same numbers."""

MAX_SAMPLES = 50_000_000
"""Most draws held in memory at once by :func:`run` (stream more with ``run_summary``)."""
AUTO_TARGET_SE = 0.001
"""Default target standard error of each chance-best share for ``samples="auto"``."""


def new_seed() -> int:
    """A fresh random seed (from the operating system), to be recorded with the results."""
    entropy = np.random.SeedSequence().entropy
    return int(entropy) % (2**63) if isinstance(entropy, int) else 0


def resolve_workers(workers: int | None) -> int:
    """Threads to use: ``workers``, or every core this process may use (at most 8)."""
    if workers is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
        return max(1, min(8, cores or os.cpu_count() or 1))
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise DeterrenceError(f"workers must be a positive whole number, not {workers!r}")
    return workers


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


def _check(samples: int, seed: int, design: str) -> None:
    if isinstance(samples, bool) or not isinstance(samples, int | np.integer):
        raise DeterrenceError(f"samples must be a whole number or 'auto', not {samples!r}")
    if samples < 1 or samples > MAX_SAMPLES:
        raise DeterrenceError(f"samples must be between 1 and {MAX_SAMPLES:,}, not {samples:,}")
    if seed < 0:
        raise DeterrenceError(f"the seed must be a non-negative whole number, not {seed}")
    if design not in DESIGNS:
        raise DeterrenceError(f"unknown design {design!r}; use one of {', '.join(DESIGNS)}")


@dataclass(frozen=True)
class Blocks:
    """How a run draws: the model, seed, design and rank correlations, block by block.

    ``evaluate(block, size)`` gives the same arrays wherever and whenever it is called.
    """

    model: Model
    seed: int
    design: Design = "monte-carlo"
    correlation: RankCorrelation | None = None

    @classmethod
    def of(cls, model: Model, seed: int, design: Design = "monte-carlo") -> Blocks:
        """The blocks of ``model`` with ``seed``, correlated as its scenario declares."""
        return cls(model, seed, design, rank_correlation(model))

    def parameters(self, block: int, size: int) -> dict[str, Array]:
        """Parameter draws of one block."""
        return block_sample(self.model, seed=self.seed, block=block, size=size,
                            design=self.design, correlation=self.correlation)

    def evaluate(self, block: int, size: int) -> Evaluation:
        """Every quantity, term and net value of one block."""
        return self.model.evaluate(self.parameters(block, size))

    def flags(self, ev: Evaluation) -> NDArray[np.bool_]:
        """Which quantities and net values are NaN or infinite somewhere in ``ev``."""
        return np.array([not np.all(np.isfinite(v)) for v in ev.quantities.values()]
                        + [not np.all(np.isfinite(ev.net[o])) for o in self.model.options])

    def flag_names(self, flags: NDArray[np.bool_]) -> tuple[str, ...]:
        """Warnings for the raised ``flags`` (see :meth:`flags`)."""
        names = [*self.model.distributions, *(n for n, _ in self.model.derived),
                 *(f"net value of {o}" for o in self.model.options)]
        return tuple(f"{n} is NaN or infinite in some draws"
                     for n, bad in zip(names, flags, strict=True) if bad)


@dataclass
class _Sink:
    """Preallocated arrays that block evaluations write into (disjoint slices)."""

    values: Array
    best: NDArray[np.intp]
    quantities: dict[str, Array]
    term_sums: Array
    flags: NDArray[np.bool_]

    @classmethod
    def empty(cls, model: Model, samples: int, n_blocks: int) -> _Sink:
        n_flags = len(model.distributions) + len(model.derived) + len(model.options)
        return cls(np.empty((len(model.options), samples)), np.empty(samples, dtype=np.intp),
                   {n: np.empty(samples) for n in model.scenario.outcomes},
                   np.zeros((n_blocks, len(model.terms))),
                   np.zeros((n_blocks, n_flags), dtype=bool))

    def fill(self, blocks: Blocks, block: int, start: int, stop: int) -> int:
        """Evaluate ``block`` into the slice ``start:stop``; return its size."""
        size = stop - start
        ev = blocks.evaluate(block, size)
        values = self.values[:, start:stop]
        for i, o in enumerate(blocks.model.options):
            values[i] = ev.net[o]
        self.best[start:stop] = np.argmax(values, axis=0)
        for name, arr in self.quantities.items():
            arr[start:stop] = ev.quantities[name]
        self.term_sums[block] = [np.broadcast_to(v, (size,)).sum() for v in ev.terms.values()]
        self.flags[block] = blocks.flags(ev)
        return size


def _results(blocks: Blocks, sink: _Sink, samples: int) -> Results:
    model = blocks.model
    term_means = sink.term_sums.sum(axis=0) / samples
    return Results(
        scenario_id=model.scenario.id,
        scenario_hash=model.scenario.content_hash(),
        version=__version__,
        seed=blocks.seed,
        samples=samples,
        perspective=model.perspective,
        overrides=model.overrides,
        options=model.options,
        values=sink.values,
        best=sink.best,
        quantities=MappingProxyType(sink.quantities),
        term_means=MappingProxyType({(t.option, t.id): float(m)
                                     for t, m in zip(model.terms, term_means, strict=True)}),
        warnings=blocks.flag_names(np.asarray(sink.flags.any(axis=0), dtype=bool)),
        design=blocks.design,
    )


def _fill(blocks: Blocks, sink: _Sink, spans: Sequence[tuple[int, int]], first: int,
          workers: int, progress: Progress | None) -> None:
    """Evaluate blocks ``first, first + 1, ...`` (at ``spans``) into ``sink``."""
    jobs = list(enumerate(spans, start=first))

    def one(job: tuple[int, tuple[int, int]]) -> int:
        block, (start, stop) = job
        return sink.fill(blocks, block, start, stop)

    if progress is None:
        parallel_map(one, jobs, workers)
        return
    for i in range(0, len(jobs), 4 * workers):  # report as waves of blocks finish
        progress(sum(parallel_map(one, jobs[i:i + 4 * workers], workers)))


def run(
    scenario: Scenario | Model,
    *,
    samples: int | Literal["auto"] = 100_000,
    seed: int | None = None,
    perspective: str | None = None,
    overrides: Mapping[str, str | float] | None = None,
    design: Design = "monte-carlo",
    workers: int | None = None,
    target_se: float = AUTO_TARGET_SE,
    progress: Progress | None = None,
) -> Results:
    """Monte Carlo run: draw every parameter ``samples`` times and evaluate all draws.

    Parameters
    ----------
    scenario
        A scenario (compiled here with ``perspective`` and ``overrides``) or a compiled model.
    samples
        Number of draws, or ``"auto"``: whole blocks of draws are added until the standard
        error of every option's chance of being best is below ``target_se``. The result
        equals a run with the number of draws reached.
    seed
        Seed of the random generator; when ``None`` a fresh seed is drawn and recorded.
    design
        ``"monte-carlo"``, ``"latin-hypercube"`` or ``"sobol"`` (one design per block;
        standard errors are then conservative).
    workers
        Threads evaluating blocks (default: every core); the numbers do not depend on it.
    progress
        Called with the number of draws finished, as blocks finish.

    Returns
    -------
    Results
        Net values per option and draw, the best option per draw, the reported
        quantities, and the seed, sample count, scenario hash and version.
    """
    model = _model(scenario, perspective, overrides)
    seed = new_seed() if seed is None else seed
    threads = resolve_workers(workers)
    if samples == "auto":
        return _run_auto(Blocks.of(model, seed, design), target_se, threads, progress)
    _check(samples, seed, design)
    blocks = Blocks.of(model, seed, design)
    spans = block_spans(int(samples))
    sink = _Sink.empty(model, int(samples), len(spans))
    _fill(blocks, sink, spans, 0, threads, progress)
    return _results(blocks, sink, int(samples))


def _run_auto(blocks: Blocks, target_se: float, workers: int,
              progress: Progress | None) -> Results:
    """Whole blocks until every chance-best standard error is below ``target_se``."""
    if not 0.0 < target_se < 0.5:
        raise DeterrenceError(f"the target standard error must be in (0, 0.5), not {target_se}")
    _check(1, blocks.seed, blocks.design)
    limit = min(MAX_SAMPLES, int(0.25 / target_se**2) + BLOCK_SIZE) // BLOCK_SIZE
    sink = _Sink.empty(blocks.model, limit * BLOCK_SIZE, limit)
    done, reached = 0, False
    while done < limit and not reached:
        wave = list(range(done, min(limit, done + workers)))
        spans = [(b * BLOCK_SIZE, (b + 1) * BLOCK_SIZE) for b in wave]
        _fill(blocks, sink, spans, wave[0], workers, None)
        for b in wave:  # check block by block, so the stop does not depend on workers
            done = b + 1
            if progress is not None:
                progress(BLOCK_SIZE)
            best = sink.best[: done * BLOCK_SIZE]
            reached = _p_best_se_max(best, len(blocks.model.options)) < target_se
            if reached:
                break
    n = done * BLOCK_SIZE
    cut = _Sink(sink.values[:, :n], sink.best[:n], {k: v[:n] for k, v in sink.quantities.items()},
                sink.term_sums[:done], sink.flags[:done])
    return _results(blocks, cut, n)


def _p_best_se_max(best: NDArray[np.intp], k: int) -> float:
    p = np.bincount(best, minlength=k) / best.size
    return float(np.sqrt(p * (1.0 - p) / best.size).max())


def draw(model: Model, *, samples: int, seed: int, design: Design = "monte-carlo") -> Evaluation:
    """Draw ``samples`` values of every parameter with ``seed`` and evaluate them all.

    The draws are those of :func:`run` with the same seed (block by block).
    """
    _check(samples, seed, design)
    blocks = Blocks.of(model, seed, design)
    spans = block_spans(samples)
    parts = parallel_map(lambda job: blocks.evaluate(job[0], job[1][1] - job[1][0]),
                         list(enumerate(spans)))

    def joined(arrays: list[Array]) -> Array:
        return np.concatenate([np.broadcast_to(a, (stop - start,))
                               for a, (start, stop) in zip(arrays, spans, strict=True)])

    first = parts[0]
    return Evaluation(
        MappingProxyType({k: joined([e.quantities[k] for e in parts]) for k in first.quantities}),
        MappingProxyType({k: joined([e.terms[k] for e in parts]) for k in first.terms}),
        MappingProxyType({k: joined([e.net[k] for e in parts]) for k in first.net}),
    )


def collect(model: Model, evaluation: Evaluation, *, seed: int,
            design: str = "monte-carlo") -> Results:
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
        design=design,
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
