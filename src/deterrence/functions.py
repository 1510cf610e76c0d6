"""The allow-list of functions a scenario formula may call.

Every function here is vectorised: it takes and returns float64 numpy arrays (or
scalars that broadcast), so a formula evaluates all Monte Carlo draws at once.
A formula can call nothing that is not in :data:`FUNCTIONS`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import special  # type: ignore[import-untyped, unused-ignore]

__all__ = ["FUNCTIONS", "FunctionSpec", "bayes_update", "from_odds", "logistic", "odds"]

Array = NDArray[np.float64]


@dataclass(frozen=True)
class FunctionSpec:
    """One allow-listed function: the callable, how many arguments it takes, and its help."""

    fn: Callable[..., Any]
    min_args: int
    max_args: int | None
    signature: str
    doc: str


def odds(p: Array) -> Array:
    """Odds of a probability, ``p / (1 - p)``."""
    return np.asarray(p / (1.0 - p), dtype=np.float64)


def from_odds(o: Array) -> Array:
    """Probability from odds, ``o / (1 + o)``; infinite odds give 1."""
    o = np.asarray(o, dtype=np.float64)
    return np.where(np.isinf(o), 1.0, o / (1.0 + o))


def logistic(x: Array) -> Array:
    """Logistic function ``1 / (1 + exp(-x))``, computed without overflow."""
    return np.asarray(special.expit(x), dtype=np.float64)


def bayes_update(prior: Array, likelihood_ratio: Array) -> Array:
    """Posterior probability after evidence with the given likelihood ratio.

    Bayes' rule in odds form: posterior odds = likelihood ratio x prior odds
    (e.g. Jaynes 2003, *Probability Theory*, ch. 4). A ratio of 1 leaves the
    belief unchanged; two updates compose as the product of their ratios.
    """
    prior = np.asarray(prior, dtype=np.float64)
    lr = np.asarray(likelihood_ratio, dtype=np.float64)
    num = lr * prior
    return np.asarray(num / (num + (1.0 - prior)), dtype=np.float64)


def _min(*args: Array) -> Array:
    return np.asarray(np.minimum.reduce(np.broadcast_arrays(*args)), dtype=np.float64)


def _max(*args: Array) -> Array:
    return np.asarray(np.maximum.reduce(np.broadcast_arrays(*args)), dtype=np.float64)


def _where(cond: Array, a: Array, b: Array) -> Array:
    return np.asarray(np.where(np.asarray(cond) != 0, a, b), dtype=np.float64)


def _spec(fn: Callable[..., Any], lo: int, hi: int | None, sig: str, doc: str) -> FunctionSpec:
    return FunctionSpec(fn=fn, min_args=lo, max_args=hi, signature=sig, doc=doc)


_TABLE: dict[str, FunctionSpec] = {
    "exp": _spec(np.exp, 1, 1, "exp(x)", "e to the power x"),
    "log": _spec(np.log, 1, 1, "log(x)", "natural logarithm"),
    "log10": _spec(np.log10, 1, 1, "log10(x)", "base-10 logarithm"),
    "sqrt": _spec(np.sqrt, 1, 1, "sqrt(x)", "square root"),
    "abs": _spec(np.abs, 1, 1, "abs(x)", "absolute value"),
    "floor": _spec(np.floor, 1, 1, "floor(x)", "round down"),
    "ceil": _spec(np.ceil, 1, 1, "ceil(x)", "round up"),
    "min": _spec(_min, 2, None, "min(a, b, ...)", "element-wise minimum"),
    "max": _spec(_max, 2, None, "max(a, b, ...)", "element-wise maximum"),
    "clip": _spec(np.clip, 3, 3, "clip(x, lo, hi)", "x limited to [lo, hi]"),
    "where": _spec(_where, 3, 3, "where(cond, a, b)", "a where cond is true, else b"),
    "normal_cdf": _spec(special.ndtr, 1, 1, "normal_cdf(x)", "standard normal CDF"),
    "normal_ppf": _spec(special.ndtri, 1, 1, "normal_ppf(p)", "standard normal quantile"),
    "logistic": _spec(logistic, 1, 1, "logistic(x)", "1 / (1 + exp(-x))"),
    "logit": _spec(special.logit, 1, 1, "logit(p)", "log(p / (1 - p))"),
    "odds": _spec(odds, 1, 1, "odds(p)", "p / (1 - p)"),
    "from_odds": _spec(from_odds, 1, 1, "from_odds(o)", "o / (1 + o)"),
    "bayes_update": _spec(
        bayes_update, 2, 2, "bayes_update(prior, lr)", "posterior after a likelihood ratio lr"
    ),
}

# --- game-theory closed forms -------------------------------------------------
# Closed-form models from deterrence.games are added to the table here, so that
# scenario formulas can call them by name.

FUNCTIONS: Mapping[str, FunctionSpec] = MappingProxyType(_TABLE)
"""Read-only table of every function a formula may call, by name."""
