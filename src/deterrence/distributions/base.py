"""The Distribution interface and small helpers shared by every kind."""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import MISSING, fields
from numbers import Real
from typing import Any, ClassVar, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import integrate, special  # type: ignore[import-untyped, unused-ignore]

from deterrence.errors import DistributionError

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


