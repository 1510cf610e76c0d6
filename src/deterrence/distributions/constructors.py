"""Constructor functions, the names used in scenario files (``to``, ``pert``, ...)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .base import Distribution, _call, _num, _require, _show
from .kinds import (
    PERT,
    Bernoulli,
    Beta,
    Discrete,
    Fixed,
    Interval,
    LogNormal,
    Normal,
    Triangular,
    Uniform,
)
from .wrappers import Clipped, Truncated

# ---------------------------------------------------------------- constructors


def to(lo: float, hi: float, credibility: float = 0.9) -> Interval:
    """Interval elicited from an analyst: ``lo``/``hi`` are the 5th/95th percentiles by default.

    Parameters
    ----------
    lo, hi
        Bounds of the interval, ``lo < hi``. Both positive gives a lognormal (the
        squigglepy/Guesstimate convention [3]_), otherwise a normal.
    credibility
        Probability between ``lo`` and ``hi``; 0.8 makes them the 10th and 90th percentiles.

    Examples
    --------
    >>> d = to(1, 10)
    >>> round(float(d.cdf(1)), 6), round(float(d.cdf(10)), 6), round(d.median(), 4)
    (0.05, 0.95, 3.1623)
    """
    return Interval(lo, hi, credibility)


def uniform(lo: float, hi: float) -> Uniform:
    """Uniform on [``lo``, ``hi``]."""
    return Uniform(lo, hi)


def normal(mean: float, sd: float) -> Normal:
    """Normal with the given ``mean`` and standard deviation ``sd``."""
    return Normal(mean, sd)


def lognormal(
    mu: float | None = None, sigma: float | None = None, *, median: float | None = None
) -> LogNormal:
    """Lognormal from the log's ``mu`` and ``sigma``, or from ``median=`` and ``sigma``."""
    if median is None and mu is not None and sigma is not None:
        return LogNormal(mu, sigma)
    given = {k: v for k, v in (("median", median), ("sigma", sigma)) if v is not None}
    where = _call("lognormal", *[] if mu is None else [mu], **given)
    _require(mu is None and len(given) == 2, where, "give mu and sigma, or median and sigma")
    _require(_num(where, "median", median) > 0, where, "median must be positive")
    return LogNormal(math.log(median), sigma)  # type: ignore[arg-type]


def beta(
    a: float | None = None,
    b: float | None = None,
    *,
    mean: float | None = None,
    sd: float | None = None,
    lo: float = 0.0,
    hi: float = 1.0,
) -> Beta:
    """Beta from shapes ``a``, ``b`` or, by the method of moments, from ``mean=`` and ``sd=``.

    Parameters
    ----------
    a, b
        Shape parameters, both positive.
    mean, sd
        Alternative to ``a``, ``b``: ``a = m nu``, ``b = (1 - m) nu`` with
        ``nu = m (1 - m) / sd**2 - 1`` (on the [0, 1] scale), so ``sd`` must be below
        ``sqrt(m (1 - m))``.
    lo, hi
        Rescale from [0, 1] to [``lo``, ``hi``]; ``mean`` and ``sd`` are on that scale.

    Examples
    --------
    >>> beta(mean=0.5, sd=0.15).spec()
    'beta(5.055555555555555, 5.055555555555555)'
    """
    if mean is None and sd is None and a is not None and b is not None:
        return Beta(a, b, lo, hi)
    given = {k: v for k, v in (("mean", mean), ("sd", sd)) if v is not None}
    scale = {} if (lo, hi) == (0.0, 1.0) else {"lo": lo, "hi": hi}
    where = _call("beta", *[v for v in (a, b) if v is not None], **given, **scale)
    _require(a is None and b is None and len(given) == 2, where, "give a and b, or mean and sd")
    m, s = _num(where, "mean", mean), _num(where, "sd", sd)
    lo, hi = _num(where, "lo", lo), _num(where, "hi", hi)
    _require(lo < hi, where, "lo must be below hi")
    _require(lo < m < hi, where, f"mean must lie strictly between {_show(lo)} and {_show(hi)}")
    _require(s > 0, where, "sd must be positive")
    m01, s01 = (m - lo) / (hi - lo), s / (hi - lo)
    max_sd = math.sqrt(m01 * (1.0 - m01)) * (hi - lo)
    _require(s < max_sd, where, f"sd must be below {max_sd:.4g} for mean {_show(m)}")
    nu = m01 * (1.0 - m01) / s01**2 - 1.0
    return Beta(m01 * nu, (1.0 - m01) * nu, lo, hi)


def pert(lo: float, mode: float, hi: float, lam: float = 4.0) -> PERT:
    """Beta-PERT from minimum, most likely and maximum (Malcolm et al. 1959; Vose 2008)."""
    return PERT(lo, mode, hi, lam)


def triangular(lo: float, mode: float, hi: float) -> Triangular:
    """Triangular on [``lo``, ``hi``] with peak at ``mode``."""
    return Triangular(lo, mode, hi)


def bernoulli(p: float) -> Bernoulli:
    """1 with probability ``p``, else 0."""
    return Bernoulli(p)


def discrete(values: Sequence[float], weights: Sequence[float] | None = None) -> Discrete:
    """One of ``values`` with probability proportional to ``weights``.

    Parameters
    ----------
    values
        The possible numeric values (any order; repeats allowed).
    weights
        Relative weights, not negative and not all zero; normalised. Equal if omitted.
    """
    if weights is None and isinstance(values, (list, tuple, np.ndarray)):
        weights = [1.0] * len(values)
    return Discrete(values, weights)  # type: ignore[arg-type]  # converted in __post_init__


def fixed(value: float) -> Fixed:
    """A known value (a bare number in a scenario file means the same)."""
    return Fixed(value)


def clip(dist: Distribution, lo: float | None = None, hi: float | None = None) -> Clipped:
    """``dist`` with draws outside [``lo``, ``hi``] moved to the nearest bound."""
    return Clipped(dist, lo, hi)


def truncate(dist: Distribution, lo: float | None = None, hi: float | None = None) -> Truncated:
    """``dist`` conditioned on [``lo``, ``hi``] (draws outside are impossible, not moved)."""
    return Truncated(dist, lo, hi)


