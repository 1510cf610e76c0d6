"""Convergence: Monte Carlo standard errors, and how many draws a precision needs.

Every mean a run reports carries its standard error ``sd / sqrt(n)`` and every chance of
being best its binomial standard error ``sqrt(p (1 - p) / n)`` (the central limit
theorem; e.g. Robert & Casella 2004, ch. 3). :func:`convergence` shows how the estimates
settle as draws accumulate; :func:`samples_needed` says how many draws a target needs.

References
----------
.. [1] Robert, C. P. & Casella, G. (2004). Monte Carlo Statistical Methods, 2nd ed.,
   ch. 3. Springer.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..errors import DeterrenceError
from ..results import Results

__all__ = ["convergence", "mean_se", "proportion_se", "samples_needed"]

Array = NDArray[np.float64]


def mean_se(values: Array) -> float:
    """Standard error of the mean of ``values``: ``sd / sqrt(n)``."""
    v = np.asarray(values, dtype=np.float64).ravel()
    return float(v.std(ddof=1) / math.sqrt(v.size)) if v.size > 1 else math.nan


def proportion_se(p: float, n: int) -> float:
    """Binomial standard error of a share ``p`` estimated from ``n`` draws."""
    return math.sqrt(p * (1.0 - p) / n) if n > 0 else math.nan


def samples_needed(target_se: float, p: float = 0.5) -> int:
    """Draws needed for a share near ``p`` to have standard error ``target_se``.

    ``p = 0.5`` (the default) is the worst case, ``0.25 / target_se**2``.
    """
    if not 0.0 < target_se < 0.5 or not 0.0 <= p <= 1.0:
        raise DeterrenceError("need 0 < target_se < 0.5 and 0 <= p <= 1")
    return max(1, math.ceil(round(p * (1.0 - p) / target_se**2, 6)))


def convergence(results: Results, *, points: int = 12) -> pd.DataFrame:
    """Means and chances of being best on growing prefixes of the draws, with their errors.

    Returns one row per option and checkpoint (about ``points`` checkpoints, spaced
    geometrically up to every draw): ``samples, option, mean, se, p_best, p_best_se``.
    """
    n = results.samples
    checkpoints = np.unique(np.geomspace(min(100, n), n, max(points, 2)).astype(int))
    k = len(results.options)
    sums = np.cumsum(results.values, axis=1)
    squares = np.cumsum(np.square(results.values), axis=1)
    wins = np.cumsum(np.eye(k, dtype=np.int64)[results.best], axis=0)
    rows = []
    for m in checkpoints:
        for i, o in enumerate(results.options):
            mean = sums[i, m - 1] / m
            var = max(squares[i, m - 1] / m - mean * mean, 0.0) * m / max(m - 1, 1)
            p = float(wins[m - 1, i]) / m
            rows.append({"samples": int(m), "option": o, "mean": float(mean),
                         "se": math.sqrt(var / m), "p_best": p,
                         "p_best_se": proportion_se(p, int(m))})
    return pd.DataFrame(rows)
