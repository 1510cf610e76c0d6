"""Results of a run: frozen objects holding the draws, or streamed summaries of them.

:class:`Results` keeps every draw (what analyses need); :class:`RunSummary` keeps only
mergeable summaries (:class:`StreamStats`), so runs of 10^8 draws fit in bounded memory.
Percentiles of kept draws are exact; streamed percentiles come from a histogram whose bin
edges are the quantiles of the run's first block (rank error well under 0.1%).

Summaries merge block by block in block order (Chan, Golub & LeVeque 1983), so the same
seed gives the same numbers however the blocks were grouped into chunks.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "PointResult", "Results", "RunSummary", "StreamStats", "Summary", "histogram_edges",
    "summarize", "summarize_many",
]  # fmt: skip

Array = NDArray[np.float64]
QUANTILES = (0.05, 0.5, 0.95)
HISTOGRAM_BINS = 2048
T = TypeVar("T")
R = TypeVar("R")


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


def _lerp(a: float, b: float, t: float) -> float:
    """numpy's linear interpolation (exact at both ends)."""
    d = b - a
    return a + d * t if t < 0.5 else b - d * (1.0 - t)


def _sorted_quantiles(s: Array) -> tuple[float, float, float]:
    """5th, 50th and 95th percentiles of sorted ``s`` (numpy's default 'linear' method)."""
    n = s.size
    if n == 0 or math.isnan(s[-1]):
        return math.nan, math.nan, math.nan
    out = []
    for q in QUANTILES:
        pos = q * (n - 1)
        lo = math.floor(pos)
        hi = min(lo + 1, n - 1)
        out.append(_lerp(float(s[lo]), float(s[hi]), pos - lo))
    return out[0], out[1], out[2]


def summarize(values: Array) -> Summary:
    """Summarise draws: mean with standard error sd/sqrt(n), and 5th/50th/95th percentiles.

    The percentiles are those of ``numpy.percentile`` (linear interpolation), computed from
    one sort.
    """
    values = np.asarray(values, dtype=np.float64).ravel()
    n = values.size
    if n == 0:
        return Summary(math.nan, math.nan, math.nan, math.nan, math.nan, math.nan)
    p05, p50, p95 = _sorted_quantiles(np.sort(values))
    sd = float(values.std(ddof=1)) if n > 1 else 0.0
    return Summary(mean=float(values.mean()), se=sd / math.sqrt(n), sd=sd,
                   p05=p05, p50=p50, p95=p95)


def _workers() -> int:
    return max(1, min(8, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                      else (os.cpu_count() or 1)))


def parallel_map(fn: Callable[[T], R], items: Sequence[T], workers: int | None = None) -> list[R]:
    """``[fn(x) for x in items]``, on up to ``workers`` threads (numpy releases the GIL)."""
    workers = _workers() if workers is None else workers
    if workers <= 1 or len(items) <= 1:
        return [fn(x) for x in items]
    with ThreadPoolExecutor(max_workers=min(workers, len(items))) as pool:
        return list(pool.map(fn, items))


def summarize_many(arrays: Sequence[Array], *, workers: int | None = None) -> list[Summary]:
    """:func:`summarize` of each array, on up to ``workers`` threads (default: all cores)."""
    return parallel_map(summarize, arrays, workers)


# ---------------------------------------------------------------- streamed summaries


def histogram_edges(pilot: Array, bins: int = HISTOGRAM_BINS) -> Array:
    """Bin edges for streamed percentiles: ``bins + 1`` quantiles of a pilot sample.

    Equal-mass bins put resolution where the draws are; values beyond the pilot's range
    fall in two open outer bins bounded by the running minimum and maximum.
    """
    s = np.sort(np.asarray(pilot, dtype=np.float64).ravel())
    s = s[np.isfinite(s)]
    if s.size == 0:
        return np.zeros(1)
    idx = np.round(np.linspace(0, s.size - 1, bins + 1)).astype(np.intp)
    return np.asarray(np.unique(s[idx]), dtype=np.float64)


@dataclass(frozen=True)
class StreamStats:
    """Mergeable summary of one quantity over some draws.

    Count, mean and sum of squared deviations (merged as in Chan, Golub & LeVeque 1983),
    smallest and largest value, NaN count and counts per histogram bin (see
    :func:`histogram_edges`; ``len(edges) + 1`` bins, the outer two open).
    """

    n: int
    mean: float
    m2: float
    lo: float
    hi: float
    nan: int
    counts: NDArray[np.int64]

    @classmethod
    def of(cls, values: Array, edges: Array) -> StreamStats:
        """The summary of ``values`` on bins with ``edges``."""
        v = np.asarray(values, dtype=np.float64).ravel()
        s = np.sort(v)  # NaN sorts last
        nan = int(np.count_nonzero(np.isnan(s))) if s.size and math.isnan(s[-1]) else 0
        s = s[: s.size - nan]
        mean = float(v.mean()) if v.size else 0.0
        m2 = float(np.square(v - mean).sum()) if v.size else 0.0
        cuts = np.searchsorted(s, edges, side="left")
        counts = np.diff(np.concatenate(([0], cuts, [s.size]))).astype(np.int64)
        lo, hi = (float(s[0]), float(s[-1])) if s.size else (math.inf, -math.inf)
        return cls(v.size, mean, m2, lo, hi, nan, counts)

    def merge(self, other: StreamStats) -> StreamStats:
        """The summary of both sets of draws (``self``'s first)."""
        n = self.n + other.n
        if n == 0:
            return self
        delta = other.mean - self.mean
        mean = self.mean + delta * other.n / n
        m2 = self.m2 + other.m2 + delta * delta * self.n * other.n / n
        return StreamStats(n, mean, m2, min(self.lo, other.lo), max(self.hi, other.hi),
                           self.nan + other.nan, self.counts + other.counts)

    def quantile(self, q: float, edges: Array) -> float:
        """The ``q`` quantile, interpolated within its histogram bin."""
        if self.nan or self.n == 0:
            return math.nan
        rank = q * (self.n - 1)
        cum = np.cumsum(self.counts)
        j = int(np.searchsorted(cum, rank, side="right"))
        j = min(j, self.counts.size - 1)
        before = float(cum[j] - self.counts[j])
        lower = self.lo if j == 0 else max(float(edges[j - 1]), self.lo)
        upper = self.hi if j == edges.size else min(float(edges[j]), self.hi)
        share = (rank - before + 0.5) / max(int(self.counts[j]), 1)
        return float(min(max(lower + (upper - lower) * share, lower), upper))

    def summary(self, edges: Array) -> Summary:
        """Mean, standard error, sd and histogram percentiles."""
        if self.nan:
            return Summary(math.nan, math.nan, math.nan, math.nan, math.nan, math.nan)
        sd = math.sqrt(self.m2 / (self.n - 1)) if self.n > 1 else 0.0
        p05, p50, p95 = (self.quantile(q, edges) for q in QUANTILES)
        return Summary(self.mean, sd / math.sqrt(self.n), sd, p05, p50, p95)


def merge_all(stats: Iterable[StreamStats]) -> StreamStats:
    """Merge summaries in the given order (the order fixes the last bits of the mean)."""
    it = iter(stats)
    out = next(it)
    for s in it:
        out = out.merge(s)
    return out


# ---------------------------------------------------------------- results


def _frozen(a: NDArray[np.generic]) -> NDArray[np.generic]:
    a = np.asarray(a)
    a.flags.writeable = False
    return a


@dataclass(frozen=True)
class _Meta:
    scenario_id: str
    scenario_hash: str
    version: str
    seed: int
    samples: int
    perspective: str | None
    overrides: Mapping[str, str]
    design: str


def _run_dict(meta: _Meta, options: Mapping[str, Summary], p_best: Mapping[str, float],
              p_se: Mapping[str, float], decision: str, quantities: Mapping[str, Summary],
              warnings: Sequence[str]) -> dict[str, object]:
    """The JSON form shared by :class:`Results` and :class:`RunSummary` (stable keys)."""
    opts = {o: {"mean": s.mean, "se": s.se, "p05": s.p05, "p50": s.p50, "p95": s.p95,
                "p_best": p_best[o], "p_best_se": p_se[o]} for o, s in options.items()}
    qs = {n: {"mean": s.mean, "se": s.se, "p05": s.p05, "p50": s.p50, "p95": s.p95}
          for n, s in quantities.items()}
    return {
        "scenario": meta.scenario_id, "scenario_hash": meta.scenario_hash,
        "version": meta.version, "seed": meta.seed, "samples": meta.samples,
        "perspective": meta.perspective, "overrides": dict(meta.overrides),
        "options": opts, "decision": decision, "quantities": qs, "warnings": list(warnings),
        "design": meta.design,
    }


def _p_best_se(p_best: Mapping[str, float], n: int) -> dict[str, float]:
    return {o: float(np.sqrt(p * (1.0 - p) / n)) for o, p in p_best.items()}


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
    design
        The sampling design (``monte-carlo``, ``latin-hypercube`` or ``sobol``).
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
    design: str = "monte-carlo"

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
        return _p_best_se(self.p_best(), self.samples)

    @cached_property
    def _summaries(self) -> Mapping[str, Summary]:
        """Summaries of every option's net value and every quantity (computed once)."""
        keys = [("option", o) for o in self.options] + [("q", n) for n in self.quantities]
        arrays = [self.net(k) if kind == "option" else self.quantities[k] for kind, k in keys]
        done = summarize_many(arrays)
        return MappingProxyType({f"{kind}:{k}": s for (kind, k), s in zip(keys, done,
                                                                          strict=True)})

    def summary(self, option: str) -> Summary:
        """Summary of ``option``'s net value."""
        if option not in self.options:
            raise KeyError(option)
        return self._summaries[f"option:{option}"]

    def quantity_summary(self, name: str) -> Summary:
        """Summary of the reported quantity ``name``."""
        if name not in self.quantities:
            raise KeyError(name)
        return self._summaries[f"q:{name}"]

    def decision(self) -> str:
        """The option with the highest expected net value (risk-neutral choice)."""
        means = self.values.mean(axis=1)
        return self.options[int(np.argmax(means))]

    def to_dict(self) -> dict[str, object]:
        """The run as JSON-ready data with stable keys."""
        meta = _Meta(self.scenario_id, self.scenario_hash, self.version, self.seed,
                     self.samples, self.perspective, self.overrides, self.design)
        return _run_dict(meta, {o: self.summary(o) for o in self.options}, self.p_best(),
                         self.p_best_se(), self.decision(),
                         {n: self.quantity_summary(n) for n in self.quantities},
                         self.warnings)


@dataclass(frozen=True)
class RunSummary:
    """A streamed run: summaries of each option and outcome, without the draws.

    The same questions as :class:`Results` (``p_best``, ``summary``, ``decision``,
    ``to_dict``) in bounded memory. Percentiles are read from a histogram (see
    :class:`StreamStats`); means, standard errors and chances of being best are exact.
    """

    scenario_id: str
    scenario_hash: str
    version: str
    seed: int
    samples: int
    perspective: str | None
    overrides: Mapping[str, str]
    options: tuple[str, ...]
    option_stats: Mapping[str, StreamStats]
    quantity_stats: Mapping[str, StreamStats]
    edges: Mapping[str, Array]
    best_counts: Mapping[str, int]
    term_means: Mapping[tuple[str, str], float]
    warnings: tuple[str, ...] = ()
    design: str = "monte-carlo"

    def p_best(self) -> dict[str, float]:
        """Share of draws in which each option is best."""
        return {o: self.best_counts[o] / self.samples for o in self.options}

    def p_best_se(self) -> dict[str, float]:
        """Binomial standard error of each :meth:`p_best` share."""
        return _p_best_se(self.p_best(), self.samples)

    def summary(self, option: str) -> Summary:
        """Summary of ``option``'s net value."""
        return self.option_stats[option].summary(self.edges[f"option:{option}"])

    def quantity_summary(self, name: str) -> Summary:
        """Summary of the reported quantity ``name``."""
        return self.quantity_stats[name].summary(self.edges[f"q:{name}"])

    def decision(self) -> str:
        """The option with the highest expected net value."""
        return max(self.options, key=lambda o: self.option_stats[o].mean)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready data with the keys of :meth:`Results.to_dict` plus ``percentiles``."""
        meta = _Meta(self.scenario_id, self.scenario_hash, self.version, self.seed,
                     self.samples, self.perspective, self.overrides, self.design)
        out = _run_dict(meta, {o: self.summary(o) for o in self.options}, self.p_best(),
                        self.p_best_se(), self.decision(),
                        {n: self.quantity_summary(n) for n in self.quantity_stats},
                        self.warnings)
        out["percentiles"] = f"histogram of {HISTOGRAM_BINS} equal-mass bins"
        return out


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
