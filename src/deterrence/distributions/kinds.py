"""The kinds of distribution: frozen objects that sample, invert and print themselves."""

from __future__ import annotations

import math
from abc import abstractmethod
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from numpy.typing import ArrayLike
from scipy import special  # type: ignore[import-untyped, unused-ignore]

from deterrence.errors import DistributionError

from .base import (
    Distribution,
    FloatArray,
    _arr,
    _floats,
    _ndtr,
    _ndtri,
    _num,
    _require,
    _show,
    _unit,
)

# ---------------------------------------------------------------- distributions


@dataclass(frozen=True, slots=True)
class Fixed(Distribution):
    """A known value: every draw equals ``value``."""

    _name: ClassVar[str] = "fixed"
    value: float
    continuous: ClassVar[bool] = False

    def __post_init__(self) -> None:
        _floats(self, value="value")

    def sample(self, n: int, *, rng: np.random.Generator) -> FloatArray:
        return np.full(n, self.value, dtype=np.float64)

    def ppf(self, u: ArrayLike) -> FloatArray:
        return _unit(u) * 0.0 + self.value

    def cdf(self, x: ArrayLike) -> FloatArray:
        return _arr(_arr(x) >= self.value)

    def mean(self) -> float:
        return self.value

    @property
    def is_fixed(self) -> bool:
        return True

    def spec(self) -> str:
        return _show(self.value)


@dataclass(frozen=True, slots=True)
class Normal(Distribution):
    """Normal distribution with mean ``mu`` and standard deviation ``sigma``."""

    _name: ClassVar[str] = "normal"
    mu: float
    sigma: float

    def __post_init__(self) -> None:
        where = _floats(self, mu="mean", sigma="sd")
        _require(self.sigma > 0, where, "sd must be positive")

    def sample(self, n: int, *, rng: np.random.Generator) -> FloatArray:
        return rng.normal(self.mu, self.sigma, n)

    def ppf(self, u: ArrayLike) -> FloatArray:
        return self.mu + self.sigma * _ndtri(u)

    def cdf(self, x: ArrayLike) -> FloatArray:
        return _ndtr((_arr(x) - self.mu) / self.sigma)

    def mean(self) -> float:
        return self.mu


@dataclass(frozen=True, slots=True)
class LogNormal(Distribution):
    """Lognormal: ``log(X)`` is normal with mean ``mu`` and standard deviation ``sigma``."""

    _name: ClassVar[str] = "lognormal"
    mu: float
    sigma: float

    def __post_init__(self) -> None:
        where = _floats(self, mu="mu", sigma="sigma")
        _require(self.sigma > 0, where, "sigma must be positive")

    def sample(self, n: int, *, rng: np.random.Generator) -> FloatArray:
        return rng.lognormal(self.mu, self.sigma, n)

    def ppf(self, u: ArrayLike) -> FloatArray:
        with np.errstate(over="ignore"):
            return np.exp(self.mu + self.sigma * _ndtri(u))

    def cdf(self, x: ArrayLike) -> FloatArray:
        with np.errstate(divide="ignore"):
            return _ndtr((np.log(np.maximum(_arr(x), 0.0)) - self.mu) / self.sigma)

    def mean(self) -> float:
        return math.exp(self.mu + self.sigma**2 / 2.0)


class _Delegate(Distribution):
    """A distribution defined as a re-parametrised :attr:`underlying` one."""

    __slots__ = ()

    @property
    @abstractmethod
    def underlying(self) -> Distribution:
        """The standard distribution this one stands for."""

    def sample(self, n: int, *, rng: np.random.Generator) -> FloatArray:
        return self.underlying.sample(n, rng=rng)

    def ppf(self, u: ArrayLike) -> FloatArray:
        return self.underlying.ppf(u)

    def cdf(self, x: ArrayLike) -> FloatArray:
        return self.underlying.cdf(x)

    def mean(self) -> float:
        return self.underlying.mean()


@dataclass(frozen=True, slots=True)
class Interval(_Delegate):
    """Analyst's interval: ``lo`` and ``hi`` hold the central ``credibility`` of the mass.

    Lognormal when ``lo > 0``, normal otherwise, with ``z = ndtri(0.5 + credibility / 2)``
    (1.6449 for the default 90%), following the squigglepy and Guesstimate convention [3]_.
    """

    _name: ClassVar[str] = "to"
    lo: float
    hi: float
    credibility: float = 0.9

    def __post_init__(self) -> None:
        where = _floats(self, lo="lo", hi="hi", credibility="credibility")
        _require(self.lo < self.hi, where, "lo must be below hi")
        _require(0 < self.credibility < 1, where, "credibility must be between 0 and 1")
        self.underlying  # noqa: B018 -- builds it once, so extreme bounds fail here

    @property
    def underlying(self) -> Normal | LogNormal:
        z = 2.0 * float(special.ndtri(0.5 + self.credibility / 2.0))
        if self.lo > 0:
            a, b = math.log(self.lo), math.log(self.hi)
            return LogNormal((a + b) / 2.0, (b - a) / z)
        return Normal(self.lo / 2.0 + self.hi / 2.0, (self.hi - self.lo) / z)


@dataclass(frozen=True, slots=True)
class Uniform(Distribution):
    """Uniform distribution on [``lo``, ``hi``]."""

    _name: ClassVar[str] = "uniform"
    lo: float
    hi: float

    def __post_init__(self) -> None:
        where = _floats(self, lo="lo", hi="hi")
        _require(self.lo < self.hi, where, "lo must be below hi")

    def sample(self, n: int, *, rng: np.random.Generator) -> FloatArray:
        return rng.uniform(self.lo, self.hi, n)

    def ppf(self, u: ArrayLike) -> FloatArray:
        return self.lo + (self.hi - self.lo) * _unit(u)

    def cdf(self, x: ArrayLike) -> FloatArray:
        return np.clip((_arr(x) - self.lo) / (self.hi - self.lo), 0.0, 1.0)

    def mean(self) -> float:
        return self.lo / 2.0 + self.hi / 2.0


@dataclass(frozen=True, slots=True)
class Beta(Distribution):
    """Beta(``a``, ``b``) scaled from [0, 1] to [``lo``, ``hi``]."""

    _name: ClassVar[str] = "beta"
    a: float
    b: float
    lo: float = 0.0
    hi: float = 1.0

    def __post_init__(self) -> None:
        where = _floats(self, a="a", b="b", lo="lo", hi="hi")
        _require(self.a > 0 and self.b > 0, where, "a and b must be positive")
        _require(self.lo < self.hi, where, "lo must be below hi")

    def sample(self, n: int, *, rng: np.random.Generator) -> FloatArray:
        x = rng.beta(self.a, self.b, n)
        return x if (self.lo, self.hi) == (0.0, 1.0) else self.lo + (self.hi - self.lo) * x

    def ppf(self, u: ArrayLike) -> FloatArray:
        x = _arr(special.betaincinv(self.a, self.b, _unit(u)))
        return self.lo + (self.hi - self.lo) * x

    def cdf(self, x: ArrayLike) -> FloatArray:
        z = np.clip((_arr(x) - self.lo) / (self.hi - self.lo), 0.0, 1.0)
        return _arr(special.betainc(self.a, self.b, z))

    def mean(self) -> float:
        return self.lo + (self.hi - self.lo) * self.a / (self.a + self.b)


@dataclass(frozen=True, slots=True)
class PERT(_Delegate):
    """Beta-PERT from a three-point estimate (Malcolm et al. 1959 [1]_; Vose 2008 [2]_).

    A Beta on [``lo``, ``hi``] with ``a = 1 + lam (mode - lo) / (hi - lo)`` and
    ``b = 1 + lam (hi - mode) / (hi - lo)``; its mean is ``(lo + lam mode + hi) / (lam + 2)``.
    """

    _name: ClassVar[str] = "pert"
    lo: float
    mode: float
    hi: float
    lam: float = 4.0

    def __post_init__(self) -> None:
        where = _floats(self, lo="lo", mode="mode", hi="hi", lam="lam")
        _require(self.lo < self.hi, where, "lo must be below hi")
        _require(self.lo <= self.mode <= self.hi, where, "mode must lie between lo and hi")
        _require(self.lam > 0, where, "lam must be positive")

    @property
    def underlying(self) -> Beta:
        width = self.hi - self.lo
        a = 1.0 + self.lam * (self.mode - self.lo) / width
        b = 1.0 + self.lam * (self.hi - self.mode) / width
        return Beta(a, b, self.lo, self.hi)


@dataclass(frozen=True, slots=True)
class Triangular(Distribution):
    """Triangular distribution on [``lo``, ``hi``] peaking at ``mode``."""

    _name: ClassVar[str] = "triangular"
    lo: float
    mode: float
    hi: float

    def __post_init__(self) -> None:
        where = _floats(self, lo="lo", mode="mode", hi="hi")
        _require(self.lo < self.hi, where, "lo must be below hi")
        _require(self.lo <= self.mode <= self.hi, where, "mode must lie between lo and hi")

    def sample(self, n: int, *, rng: np.random.Generator) -> FloatArray:
        return rng.triangular(self.lo, self.mode, self.hi, n)

    def ppf(self, u: ArrayLike) -> FloatArray:
        a, c, b = self.lo, self.mode, self.hi
        p = _unit(u)
        left = a + np.sqrt(p * (b - a) * (c - a))
        right = b - np.sqrt((1.0 - p) * (b - a) * (b - c))
        return _arr(np.where(p < (c - a) / (b - a), left, right))

    def cdf(self, x: ArrayLike) -> FloatArray:
        a, c, b = self.lo, self.mode, self.hi
        x = np.clip(_arr(x), a, b)
        with np.errstate(divide="ignore", invalid="ignore"):
            left = (x - a) ** 2 / ((b - a) * (c - a))
            right = 1.0 - (b - x) ** 2 / ((b - a) * (b - c))
        return _arr(np.where(x <= c, np.where(x <= a, 0.0, left), right))

    def mean(self) -> float:
        return (self.lo + self.mode + self.hi) / 3.0


@dataclass(frozen=True, slots=True)
class Bernoulli(Distribution):
    """1 with probability ``p``, else 0."""

    _name: ClassVar[str] = "bernoulli"
    p: float
    continuous: ClassVar[bool] = False

    def __post_init__(self) -> None:
        where = _floats(self, p="p")
        _require(0 <= self.p <= 1, where, "p must be between 0 and 1")

    def sample(self, n: int, *, rng: np.random.Generator) -> FloatArray:
        return _arr(rng.random(n) < self.p)

    def ppf(self, u: ArrayLike) -> FloatArray:
        p = _unit(u)
        return _arr(np.where(np.isnan(p), np.nan, (p > 1.0 - self.p) | (self.p == 1.0)))

    def cdf(self, x: ArrayLike) -> FloatArray:
        x = _arr(x)
        return _arr(np.where(x < 0, 0.0, np.where(x < 1, 1.0 - self.p, 1.0)))

    def mean(self) -> float:
        return self.p


@dataclass(frozen=True, slots=True)
class Discrete(Distribution):
    """Categorical distribution over numeric ``values`` with relative ``weights``."""

    _name: ClassVar[str] = "discrete"
    values: tuple[float, ...]
    weights: tuple[float, ...]
    continuous: ClassVar[bool] = False

    def __post_init__(self) -> None:
        where = self.spec()
        for field, label in (("values", "values"), ("weights", "weights")):
            raw = getattr(self, field)
            if not isinstance(raw, (list, tuple, np.ndarray)):
                raise DistributionError(f"{where}: {label} must be a list of numbers")
            object.__setattr__(self, field, tuple(_num(where, label, v) for v in raw))
        _require(len(self.values) > 0, where, "values must not be empty")
        _require(
            len(self.values) == len(self.weights),
            where,
            f"{len(self.values)} values but {len(self.weights)} weights",
        )
        _require(min(self.weights) >= 0, where, "weights must not be negative")
        _require(sum(self.weights) > 0, where, "weights must not all be zero")
        _require(math.isfinite(sum(self.weights)), where, "weights are too large")

    def _table(self) -> tuple[FloatArray, FloatArray]:
        """Values with positive weight, sorted, and their cumulative probabilities."""
        v, w = _arr(self.values), _arr(self.weights)
        order = np.argsort(v[w > 0], kind="stable")
        cum = np.cumsum(w[w > 0][order])
        return v[w > 0][order], cum / cum[-1]

    def sample(self, n: int, *, rng: np.random.Generator) -> FloatArray:
        w = _arr(self.weights)
        return _arr(rng.choice(_arr(self.values), size=n, p=w / w.sum()))

    def ppf(self, u: ArrayLike) -> FloatArray:
        values, cum = self._table()
        p = _unit(u)
        idx = np.minimum(np.searchsorted(cum, np.nan_to_num(p), side="left"), len(values) - 1)
        return _arr(np.where(np.isnan(p), np.nan, values[idx]))

    def cdf(self, x: ArrayLike) -> FloatArray:
        values, cum = self._table()
        idx = np.searchsorted(values, _arr(x), side="right")
        return _arr(np.concatenate([[0.0], cum])[idx])

    def mean(self) -> float:
        w = _arr(self.weights)
        return float(np.dot(_arr(self.values), w) / w.sum())
