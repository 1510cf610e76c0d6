"""Distributions for parameters: sample fast, invert exactly, print and parse back.

Every distribution is a small frozen object with the methods of :class:`Distribution` and a
canonical text form, ``spec()``, that :func:`parse_distribution` reads back exactly. Scenario
files use that text form, for example ``to(11000, 14000)``, ``beta(mean=0.5, sd=0.15)``,
``pert(0.5, 10, 50)``, ``clip(normal(0, 1), lo=0)`` or a bare number such as ``12000``.

``sample`` uses numpy's native generators (speed); ``ppf`` inverts the CDF exactly
(vectorised), so Latin hypercube and Sobol designs work on every distribution.

References
----------
.. [1] Malcolm, D. G., Roseboom, J. H., Clark, C. E. & Fazar, W. (1959). Application of a
   technique for research and development program evaluation. Operations Research 7(5),
   646-669. (PERT three-point estimates.)
.. [2] Vose, D. (2008). Risk Analysis: A Quantitative Guide, 3rd ed. Wiley. (Beta-PERT with
   shape ``lam``, default 4.)
.. [3] squigglepy ``to(lo, hi)`` and Guesstimate ``lo to hi``: a 90% credible interval,
   lognormal when both bounds are positive, normal otherwise; z = ndtri(0.95) = 1.6449.
"""

from __future__ import annotations

import ast
import difflib
import inspect
import math
import warnings
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import MISSING, dataclass, fields
from numbers import Real
from typing import Any, ClassVar, NoReturn, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import integrate, special  # type: ignore[import-untyped, unused-ignore]

from deterrence.errors import DistributionError

__all__ = [
    "MAX_SPEC_LENGTH", "PERT", "Bernoulli", "Beta", "Clipped", "Discrete", "Distribution",
    "Fixed", "Interval", "LogNormal", "Normal", "Triangular", "Truncated", "Uniform",
    "bernoulli", "beta", "clip", "discrete", "fixed", "lognormal", "normal",
    "parse_distribution", "pert", "to", "triangular", "truncate", "uniform",
]  # fmt: skip

FloatArray = NDArray[np.float64]
MAX_SPEC_LENGTH = 500
"""Longest distribution text :func:`parse_distribution` accepts (refused before parsing)."""


# ---------------------------------------------------------------- helpers


def _arr(x: ArrayLike) -> FloatArray:
    return np.asarray(x, dtype=np.float64)


def _unit(u: ArrayLike) -> FloatArray:
    """Probabilities as floats; values outside [0, 1] become NaN."""
    a = _arr(u)
    return _arr(np.where((a >= 0.0) & (a <= 1.0), a, np.nan))


def _show(v: object) -> str:
    """Text that reads back as exactly ``v`` (``12000`` rather than ``12000.0``)."""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e16 else repr(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_show(x) for x in v) + "]"
    return repr(v) if isinstance(v, str) else str(v)


def _call(name: str, *args: object, **kwargs: object) -> str:
    parts = [_show(a) for a in args] + [f"{k}={_show(v)}" for k, v in kwargs.items()]
    return f"{name}({', '.join(parts)})"


def _num(where: str, label: str, value: object) -> float:
    """``value`` as a finite float, or a DistributionError naming ``where`` and ``label``."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise DistributionError(f"{where}: {label} must be a number, not {type(value).__name__}")
    try:
        x = float(value)
    except OverflowError:
        x = math.inf
    if not math.isfinite(x):
        raise DistributionError(f"{where}: {label} must be a finite number")
    return x


def _floats(obj: Distribution, **labels: str) -> str:
    """Convert the named fields of ``obj`` to finite floats in place; return its call text."""
    where = obj.spec()
    for field, label in labels.items():
        object.__setattr__(obj, field, _num(where, label, getattr(obj, field)))
    return where


def _require(ok: bool, where: str, what: str) -> None:
    if not ok:
        raise DistributionError(f"{where}: {what}")


def _ndtr(z: ArrayLike) -> FloatArray:
    return _arr(special.ndtr(z))


def _ndtri(u: ArrayLike) -> FloatArray:
    return _arr(special.ndtri(_unit(u)))


# ---------------------------------------------------------------- protocol


class Distribution(ABC):
    """What every parameter distribution offers; subclasses are frozen dataclasses."""

    __slots__ = ()
    _name: ClassVar[str]
    continuous: ClassVar[bool] = True
    """False when the distribution has point masses (fixed, bernoulli, discrete, clip)."""

    @abstractmethod
    def sample(self, n: int, *, rng: np.random.Generator) -> FloatArray:
        """Return ``n`` independent draws made with ``rng``'s native methods."""

    @abstractmethod
    def ppf(self, u: ArrayLike) -> FloatArray:
        """Inverse CDF: the smallest x with ``cdf(x) >= u``; NaN outside [0, 1]."""

    @abstractmethod
    def cdf(self, x: ArrayLike) -> FloatArray:
        """Probability of a draw at or below ``x``."""

    @abstractmethod
    def mean(self) -> float:
        """Expected value."""

    @property
    def support(self) -> tuple[float, float]:
        """Smallest and largest possible values, ``ppf(0)`` and ``ppf(1)`` (may be infinite)."""
        lo, hi = self.ppf([0.0, 1.0])
        return float(lo), float(hi)

    def spec(self) -> str:
        """Canonical text: ``parse_distribution(d.spec()) == d``."""
        args, kwargs = [], {}
        for field in fields(cast(Any, self)):
            value = getattr(self, field.name)
            if field.default is MISSING:
                args.append(value)
            elif value != field.default:
                kwargs[field.name] = value
        return _call(self._name, *args, **kwargs)

    @property
    def is_fixed(self) -> bool:
        """True only for :class:`Fixed`."""
        return False

    def median(self) -> float:
        """The 50th percentile, ``ppf(0.5)``."""
        return float(self.ppf(0.5))

    def interval(self, level: float = 0.9) -> tuple[float, float]:
        """Central interval holding probability ``level`` (default 90%)."""
        if not 0.0 < level < 1.0:
            raise DistributionError(f"interval level must be between 0 and 1, not {level!r}")
        lo, hi = self.ppf([0.5 - level / 2.0, 0.5 + level / 2.0])
        return float(lo), float(hi)

    def __str__(self) -> str:
        return self.spec()


def _quantile_mean(dist: Distribution) -> float:
    """Mean as the integral of the quantile function over (0, 1)."""
    value, _ = integrate.quad(lambda u: float(dist.ppf(u)), 0.0, 1.0, limit=200)
    return float(value)


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


# ---------------------------------------------------------------- parser

_CONSTRUCTORS: dict[str, Callable[..., Distribution]] = {
    f.__name__: f
    for f in (
        to,
        uniform,
        normal,
        lognormal,
        beta,
        pert,
        triangular,
        bernoulli,
        discrete,
        fixed,
        clip,
        truncate,
    )
}
_WRAPPERS = frozenset({"clip", "truncate"})
_WHAT = {
    ast.Attribute: "attribute access",
    ast.BinOp: "arithmetic (write the result as a number)",
    ast.Lambda: "a lambda",
    ast.Tuple: "a tuple",
    ast.Dict: "a dict",
    ast.Set: "a set",
    ast.List: "a list",
    ast.Compare: "a comparison",
    ast.BoolOp: "a logical operator",
    ast.Subscript: "indexing",
    ast.IfExp: "a conditional",
    ast.JoinedStr: "an f-string",
    ast.Call: "calling the result of a call",
    ast.UnaryOp: "an operator other than minus",
}


def _describe(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return f"the name {node.id!r}"
    if isinstance(node, ast.Constant):
        return f"the {type(node.value).__name__} {node.value!r:.40}"
    return _WHAT.get(type(node), f"a {type(node).__name__} expression")


def _suggest(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f"; did you mean {close[0]!r}?" if close else f"; use one of {', '.join(choices)}"


def _is_number(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return _is_number(node.operand)
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, (int, float))
        and not isinstance(node.value, bool)
    )


@dataclass(frozen=True, slots=True)
class _Reader:
    """Walks a parsed distribution text, allowing only numbers, lists and known calls."""

    text: str  # with leading white space removed
    lead: int  # characters removed

    def fail(self, node: ast.AST, what: str) -> NoReturn:
        line, offset = getattr(node, "lineno", 1), getattr(node, "col_offset", 0)
        text = self.text.splitlines()[line - 1]
        col = len(text.encode()[:offset].decode(errors="ignore")) + 1
        where = f"column {col + self.lead}" if line == 1 else f"line {line}, column {col}"
        raise DistributionError(f"{where}: {what}")

    def distribution(self, node: ast.expr) -> Distribution:
        if isinstance(node, ast.Call):
            return self.call(node)
        if _is_number(node):
            return fixed(self.number(node))
        self.fail(
            node,
            f"{_describe(node)} is not allowed; write a number or a distribution such as to(1, 10)",
        )

    def number(self, node: ast.expr) -> float:
        if not _is_number(node):
            self.fail(node, f"{_describe(node)} is not allowed here; expected a number")
        if isinstance(node, ast.UnaryOp):
            value = self.number(node.operand)
            return -value if isinstance(node.op, ast.USub) else value
        try:
            value = float(node.value)  # type: ignore[attr-defined]
        except OverflowError:
            value = math.inf
        if not math.isfinite(value):
            self.fail(node, "number is too large (not finite)")
        return value

    def value(self, node: ast.expr, owner: str) -> float | list[float]:
        if isinstance(node, ast.List) and owner == "discrete":
            return [self.number(item) for item in node.elts]
        if isinstance(node, ast.Call):
            self.fail(node, "a distribution can only be the first argument of clip or truncate")
        if isinstance(node, ast.List):
            self.fail(node, "a list is only allowed in discrete([values], [weights])")
        return self.number(node)

    def call(self, node: ast.Call) -> Distribution:
        func = node.func
        if not isinstance(func, ast.Name):
            self.fail(func, f"{_describe(func)} is not allowed; only distributions can be called")
        name = func.id
        if name not in _CONSTRUCTORS:
            self.fail(func, f"unknown distribution {name!r}{_suggest(name, list(_CONSTRUCTORS))}")
        fn = _CONSTRUCTORS[name]
        signature = inspect.signature(fn)
        args: list[Any] = []
        for i, arg in enumerate(node.args):
            if isinstance(arg, ast.Starred):
                self.fail(arg, "unpacking with * is not allowed")
            nested = name in _WRAPPERS and i == 0
            args.append(self.distribution(arg) if nested else self.value(arg, name))
        kwargs: dict[str, Any] = {}
        names = [p for p in signature.parameters if p != "dist"]
        for kw in node.keywords:
            if kw.arg is None:
                self.fail(kw, "unpacking with ** is not allowed")
            if kw.arg not in names:
                self.fail(kw, f"{name}() has no argument {kw.arg!r}{_suggest(kw.arg, names)}")
            kwargs[kw.arg] = self.value(kw.value, name)
        try:
            signature.bind(*args, **kwargs)
        except TypeError as exc:
            self.fail(node, f"{ast.get_source_segment(self.text, node)}: {exc}")
        try:
            return fn(*args, **kwargs)
        except DistributionError as exc:
            self.fail(node, str(exc))


def parse_distribution(text: str | float | int) -> Distribution:
    """Read a distribution from scenario text, e.g. ``"to(1, 10)"`` or ``"12000"``.

    Parameters
    ----------
    text
        The text form (at most :data:`MAX_SPEC_LENGTH` characters) or a bare number.

    The text is parsed with :func:`ast.parse` and walked with an allow-list (never
    evaluated): distribution calls, numbers (optionally negative), lists of numbers for
    ``discrete``, known keyword arguments, and a nested distribution only as the first
    argument of ``clip`` or ``truncate``. A bare number means :func:`fixed`.

    Raises
    ------
    DistributionError
        Naming the column of the problem and what is wrong.

    Examples
    --------
    >>> parse_distribution("clip(normal(0, 1), lo=0)") == clip(normal(0, 1), lo=0)
    True
    >>> parse_distribution("tto(1, 2)")
    Traceback (most recent call last):
    ...
    deterrence.errors.DistributionError: column 1: unknown distribution 'tto'; did you mean 'to'?
    """
    if isinstance(text, bool):
        raise DistributionError("expected a number or a distribution, not True/False")
    if isinstance(text, Real):
        return fixed(text)
    if not isinstance(text, str):
        raise DistributionError(f"expected a distribution text, not {type(text).__name__}")
    if len(text) > MAX_SPEC_LENGTH:
        raise DistributionError(
            f"distribution text is {len(text)} characters; the limit is {MAX_SPEC_LENGTH}"
        )
    body = text.lstrip()
    lead = len(text) - len(body)
    if not body.strip():
        raise DistributionError("empty distribution; write a number or e.g. to(1, 10)")
    try:
        with warnings.catch_warnings():  # e.g. "invalid decimal literal" for 1e
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(body, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        col = (getattr(exc, "offset", None) or 1) + lead
        raise DistributionError(f"column {col}: {getattr(exc, 'msg', str(exc))}") from None
    try:
        return _Reader(body, lead).distribution(tree.body)
    except RecursionError:
        raise DistributionError("distribution text is nested too deeply") from None
