"""Lanchester's laws of attrition: trajectories, winner, time and survivors.

Two forces ``x`` and ``y`` fight; ``a`` is the effectiveness of each ``x`` unit against
``y`` and ``b`` that of each ``y`` unit against ``x``.

* Square law (aimed fire): ``dx/dt = -b y``, ``dy/dt = -a x``. The quantity
  ``a x^2 - b y^2`` is conserved, so strength goes with the *square* of numbers.
* Linear law (unaimed, area fire): ``dx/dt = -b x y``, ``dy/dt = -a x y``. The quantity
  ``a x - b y`` is conserved, so strength goes with numbers.

All functions are vectorised over their arguments.

References
----------
.. [1] Lanchester, F. W. (1916). Aircraft in Warfare: The Dawn of the Fourth Arm.
   Constable, ch. V.
.. [2] Taylor, J. G. (1983). Lanchester Models of Warfare. Operations Research
   Society of America.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "Battle",
    "lanchester_linear",
    "lanchester_linear_trajectory",
    "lanchester_square",
    "lanchester_square_ratio",
    "lanchester_square_trajectory",
]

Array = NDArray[np.float64]


def _f(x: ArrayLike) -> Array:
    return np.asarray(x, dtype=np.float64)


@dataclass(frozen=True)
class Battle:
    """The end of a Lanchester battle fought to the finish.

    Attributes
    ----------
    winner
        +1 where ``x`` wins, -1 where ``y`` wins, 0 for mutual annihilation (a draw).
    x_final, y_final
        Survivors of each side (the loser's are 0).
    time
        Time until the loser is reduced to ``fraction`` of its initial size (the
        square law reaches 0 in finite time; the linear law only approaches it).
    conserved
        The conserved quantity: ``a x0^2 - b y0^2`` (square) or ``a x0 - b y0`` (linear).
    """

    winner: NDArray[np.int64]
    x_final: Array
    y_final: Array
    time: Array
    conserved: Array


def lanchester_square(
    x0: ArrayLike, y0: ArrayLike, a: ArrayLike, b: ArrayLike, *, fraction: ArrayLike = 0.0
) -> Battle:
    """Outcome of a square-law battle fought until one side is reduced to ``fraction``.

    ``x`` wins iff ``a x0^2 > b y0^2``; its survivors are ``sqrt(x0^2 - (b/a) y0^2)``.
    With ``g = sqrt(a b)`` the loser ``y`` reaches ``f y0`` at the time solving
    ``y(t) = y0 cosh(g t) - sqrt(a/b) x0 sinh(g t) = f y0``.

    References
    ----------
    Lanchester (1916), ch. V; Taylor (1983), vol. 1, ch. 2.
    """
    x0, y0, a, b, f = _f(x0), _f(y0), _f(a), _f(b), _f(fraction)
    conserved = a * x0**2 - b * y0**2
    winner = np.sign(conserved).astype(np.int64)
    with np.errstate(all="ignore"):
        x_final = np.where(winner > 0, np.sqrt(np.maximum(conserved, 0.0) / a), 0.0)
        y_final = np.where(winner < 0, np.sqrt(np.maximum(-conserved, 0.0) / b), 0.0)
        g = np.sqrt(a * b)
        # time for the loser to fall to f of its size: solve c cosh - s sinh = f c
        t_y = _cosh_sinh_time(y0, np.sqrt(a / b) * x0, f * y0, g)
        t_x = _cosh_sinh_time(x0, np.sqrt(b / a) * y0, f * x0, g)
        time = np.where(winner > 0, t_y, np.where(winner < 0, t_x, np.inf))
    return Battle(winner=winner, x_final=_f(x_final), y_final=_f(y_final), time=_f(time),
                  conserved=_f(conserved))


def _cosh_sinh_time(c: Array, s: Array, target: Array, g: Array) -> Array:
    """Smallest t >= 0 with ``c cosh(g t) - s sinh(g t) = target`` (needs s > c)."""
    # c cosh u - s sinh u = target  <=>  with e = exp(u): (c - s) e^2 - 2 target e + (c + s) = 0
    disc = target**2 - (c - s) * (c + s)
    e = (target - np.sqrt(disc)) / (c - s)
    e = np.where(np.isclose(c, s), (c + s) / (2 * target), e)
    return _f(np.log(e) / g)


def lanchester_square_trajectory(
    x0: ArrayLike, y0: ArrayLike, a: ArrayLike, b: ArrayLike, t: ArrayLike
) -> tuple[Array, Array]:
    """Force sizes at times ``t`` under the square law (clipped at zero).

    ``x(t) = x0 cosh(g t) - sqrt(b/a) y0 sinh(g t)`` and
    ``y(t) = y0 cosh(g t) - sqrt(a/b) x0 sinh(g t)`` with ``g = sqrt(a b)``, until the
    loser is annihilated; after that the winner keeps its survivors.

    References
    ----------
    Lanchester (1916), ch. V; Taylor (1983), vol. 1, eq. (2.8).
    """
    x0, y0, a, b, t = _f(x0), _f(y0), _f(a), _f(b), _f(t)
    end = lanchester_square(x0, y0, a, b)
    g = np.sqrt(a * b)
    tt = np.minimum(t, end.time)
    x = x0 * np.cosh(g * tt) - np.sqrt(b / a) * y0 * np.sinh(g * tt)
    y = y0 * np.cosh(g * tt) - np.sqrt(a / b) * x0 * np.sinh(g * tt)
    return _f(np.maximum(x, 0.0)), _f(np.maximum(y, 0.0))


def lanchester_linear(
    x0: ArrayLike, y0: ArrayLike, a: ArrayLike, b: ArrayLike, *, fraction: ArrayLike = 0.01
) -> Battle:
    """Outcome of a linear-law battle (area fire).

    ``x`` wins iff ``a x0 > b y0``, keeping ``x0 - (b/a) y0``. The loser never quite
    reaches zero, so ``time`` is when it falls to ``fraction`` of its size (1% by
    default), from the closed-form trajectory of :func:`lanchester_linear_trajectory`.

    References
    ----------
    Lanchester (1916), ch. V; Taylor (1983), vol. 1, ch. 2 (the linear law).
    """
    x0, y0, a, b, f = _f(x0), _f(y0), _f(a), _f(b), _f(fraction)
    conserved = a * x0 - b * y0
    winner = np.sign(conserved).astype(np.int64)
    with np.errstate(all="ignore"):
        x_final = np.where(winner > 0, conserved / a, 0.0)
        y_final = np.where(winner < 0, -conserved / b, 0.0)
        t_y = _linear_time(y0, -conserved, b, f)  # y obeys dy/dt = -y (b y - Q_y)
        t_x = _linear_time(x0, conserved, a, f)
        time = np.where(winner > 0, t_y, np.where(winner < 0, t_x, np.inf))
    return Battle(winner=winner, x_final=_f(x_final), y_final=_f(y_final), time=_f(time),
                  conserved=_f(conserved))


def _linear_time(u0: Array, q: Array, k: Array, f: Array) -> Array:
    """Time for ``du/dt = q u - k u^2`` (q < 0, the loser) to fall from u0 to f u0."""
    # u(t) = q u0 / (k u0 + (q - k u0) e^{-q t});  u = f u0  =>  e^{-q t} = (q/f - k u0)/(q - k u0)
    return _f(np.log((q / f - k * u0) / (q - k * u0)) / (-q))


def lanchester_linear_trajectory(
    x0: ArrayLike, y0: ArrayLike, a: ArrayLike, b: ArrayLike, t: ArrayLike
) -> tuple[Array, Array]:
    """Force sizes at times ``t`` under the linear law.

    With ``Q = a x - b y`` conserved, ``x`` obeys the logistic equation
    ``dx/dt = Q x - a x^2``, so ``x(t) = Q x0 / (a x0 + (Q - a x0) e^{-Q t})`` (and
    ``x0 / (1 + a x0 t)`` when ``Q = 0``); ``y = (a x - Q) / b``.

    References
    ----------
    Lanchester (1916), ch. V; Taylor (1983), vol. 1, ch. 2.
    """
    x0, y0, a, b, t = _f(x0), _f(y0), _f(a), _f(b), _f(t)
    q = a * x0 - b * y0
    with np.errstate(all="ignore"):
        general = q * x0 / (a * x0 + (q - a * x0) * np.exp(-q * t))
        x = np.where(q == 0, x0 / (1.0 + a * x0 * t), general)
    y = (a * x - q) / b
    return _f(x), _f(y)


def lanchester_square_ratio(lost: ArrayLike, total: ArrayLike) -> Array:
    """Share of square-law fighting strength left after losing ``lost`` of ``total``.

    ``(1 - lost / total) ** 2``: losing 12,000 of 1.28 million soldiers leaves about
    0.981 of the strength.

    References
    ----------
    Lanchester (1916), ch. V.
    """
    return _f((1.0 - _f(lost) / _f(total)) ** 2)
