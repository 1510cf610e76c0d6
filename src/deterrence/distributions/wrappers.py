"""Distributions built on another: ``clip`` (mass moved to the bounds) and ``truncate``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from numpy.typing import ArrayLike

from deterrence.errors import DistributionError

from .base import (
    Distribution,
    FloatArray,
    _arr,
    _num,
    _quantile_mean,
    _require,
    _unit,
)


def _bounds(obj: Clipped | Truncated) -> str:
    """Check the wrapped distribution and the optional bounds of clip/truncate."""
    extra = {k: v for k, v in (("lo", obj.lo), ("hi", obj.hi)) if v is not None}
    where = obj.spec()
    if not isinstance(obj.dist, Distribution):
        raise DistributionError(f"{where}: the first argument must be a distribution")
    for k, v in extra.items():
        object.__setattr__(obj, k, _num(where, k, v))
    _require(bool(extra), where, "give lo, hi or both")
    _require(obj.lo is None or obj.hi is None or obj.lo < obj.hi, where, "lo must be below hi")
    return where


@dataclass(frozen=True, slots=True)
class Clipped(Distribution):
    """``dist`` with draws below ``lo`` moved to ``lo`` and above ``hi`` to ``hi``.

    The bounds carry point masses ``cdf(lo)`` and ``1 - cdf(hi)``.
    """

    _name: ClassVar[str] = "clip"
    dist: Distribution
    lo: float | None = None
    hi: float | None = None
    continuous: ClassVar[bool] = False

    def __post_init__(self) -> None:
        _bounds(self)

    def sample(self, n: int, *, rng: np.random.Generator) -> FloatArray:
        return _arr(np.clip(self.dist.sample(n, rng=rng), self.lo, self.hi))

    def ppf(self, u: ArrayLike) -> FloatArray:
        return _arr(np.clip(self.dist.ppf(u), self.lo, self.hi))

    def cdf(self, x: ArrayLike) -> FloatArray:
        x = _arr(x)
        f = self.dist.cdf(x)
        if self.lo is not None:
            f = np.where(x < self.lo, 0.0, f)
        if self.hi is not None:
            f = np.where(x >= self.hi, 1.0, f)
        return _arr(f)

    def mean(self) -> float:
        return _quantile_mean(self)


@dataclass(frozen=True, slots=True)
class Truncated(Distribution):
    """``dist`` conditioned on lying in [``lo``, ``hi``]; needs a continuous ``dist``.

    Sampled exactly by inversion: ``ppf(cdf(lo) + u (cdf(hi) - cdf(lo)))``.
    """

    _name: ClassVar[str] = "truncate"
    dist: Distribution
    lo: float | None = None
    hi: float | None = None

    def __post_init__(self) -> None:
        where = _bounds(self)
        _require(
            self.dist.continuous,
            where,
            f"{self.dist} has point masses; truncate needs a continuous distribution",
        )
        f_lo, f_hi = self._mass()
        _require(f_hi - f_lo > 0, where, "the range [lo, hi] has (almost) zero probability")

    def _mass(self) -> tuple[float, float]:
        f_lo = 0.0 if self.lo is None else float(self.dist.cdf(self.lo))
        f_hi = 1.0 if self.hi is None else float(self.dist.cdf(self.hi))
        return f_lo, f_hi

    def sample(self, n: int, *, rng: np.random.Generator) -> FloatArray:
        return self.ppf(rng.random(n))

    def ppf(self, u: ArrayLike) -> FloatArray:
        f_lo, f_hi = self._mass()
        x = self.dist.ppf(f_lo + _unit(u) * (f_hi - f_lo))
        return _arr(np.clip(x, self.lo, self.hi))

    def cdf(self, x: ArrayLike) -> FloatArray:
        f_lo, f_hi = self._mass()
        return _arr(np.clip((self.dist.cdf(x) - f_lo) / (f_hi - f_lo), 0.0, 1.0))

    def mean(self) -> float:
        return _quantile_mean(self)


