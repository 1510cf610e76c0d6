"""Mixed Nash equilibria of two-player games by vertex enumeration.

The equilibria of a bimatrix game ``(A, B)`` (made positive by a shift, which changes
no equilibrium) are the completely labelled vertex pairs of the best-response
polytopes

    P = {x >= 0 : B^T x <= 1},    Q = {y >= 0 : A y <= 1},

where ``x_i = 0`` or ``(B^T x)_j = 1`` labels a vertex of P and ``(A y)_i = 1`` or
``y_j = 0`` a vertex of Q. Every vertex is found by solving each square system of
tight constraints (all at once, with numpy's batched solver) and keeping the feasible
solutions; every completely labelled pair, rescaled to probabilities, is an *extreme*
equilibrium. In a nondegenerate game these are all the equilibria; in a degenerate
one the equilibria form convex sets whose vertices are these, which is what Gambit's
``enummixed`` reports too.

References
----------
.. [1] von Stengel, B. (2007). Equilibrium computation for two-player games in
   strategic and extensive form. In Nisan, Roughgarden, Tardos & Vazirani (eds.),
   Algorithmic Game Theory, ch. 3, sec. 3.5 (vertex enumeration).
.. [2] Avis, D., Rosenberg, G. D., Savani, R. & von Stengel, B. (2010). Enumeration of
   Nash equilibria for two-player games. Economic Theory 42, 9-37.
.. [3] Mangasarian, O. L. (1964). Equilibrium points of bimatrix games. Journal of the
   Society for Industrial and Applied Mathematics 12(4), 778-780.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .errors import GameError
from .normal_form import NormalFormGame, expected_payoffs

__all__ = ["MAX_BASES", "MixedEquilibrium", "nash_equilibria"]

MAX_BASES = 100_000
"""Most square systems vertex enumeration may solve per polytope."""
TOLERANCE = 1e-9

Array = NDArray[np.float64]


@dataclass(frozen=True)
class MixedEquilibrium:
    """A (possibly mixed) Nash equilibrium of a two-player game.

    Attributes
    ----------
    strategies
        Each player's probabilities over its pure strategies.
    payoffs
        Each player's expected payoff.
    """

    strategies: tuple[Array, ...]
    payoffs: tuple[float, ...]

    @property
    def pure(self) -> bool:
        """Whether every player plays one strategy for sure."""
        return all(np.count_nonzero(s > TOLERANCE) == 1 for s in self.strategies)

    def describe(self, game: NormalFormGame, digits: int = 3) -> str:
        """The equilibrium in words, e.g. ``row: 0.6 Top + 0.4 Bottom; col: Left``."""
        parts = []
        for p, probs in enumerate(self.strategies):
            terms = [(float(x), game.strategies[p][k]) for k, x in enumerate(probs) if x > 1e-9]
            text = " + ".join(label if abs(x - 1) < 1e-9 else f"{x:.{digits}g} {label}"
                              for x, label in terms)
            parts.append(f"{game.players[p]}: {text}")
        return "; ".join(parts)


def nash_equilibria(game: NormalFormGame) -> tuple[MixedEquilibrium, ...]:
    """All extreme Nash equilibria (pure and mixed) of a two-player normal-form game.

    Parameters
    ----------
    game
        A two-player game.

    Returns
    -------
    tuple of MixedEquilibrium
        Sorted with pure equilibria first, then by the row player's probabilities.

    Raises
    ------
    GameError
        If the game does not have two players, or is too large for vertex enumeration.

    References
    ----------
    von Stengel (2007), AGT ch. 3, sec. 3.5; Avis et al. (2010), Economic Theory 42.
    """
    if len(game.players) != 2:
        raise GameError(f"game {game.title!r}: mixed equilibria are computed for two-player "
                        f"games only (this one has {len(game.players)}); try the pure "
                        "equilibria or the logit QRE")
    A, B = game.payoffs[0], game.payoffs[1]
    m, n = A.shape
    for size in (m, n):
        if math.comb(m + n, size) > MAX_BASES:
            raise GameError(f"game {game.title!r}: {m} x {n} strategies is too large for "
                            "vertex enumeration; try the pure equilibria or the logit QRE")
    Ap = A - A.min() + 1.0
    Bp = B - B.min() + 1.0
    # P: x in R^m, constraints x_i >= 0 (labels 0..m-1), (B'^T x)_j <= 1 (labels m..m+n-1)
    xs, xlab = _vertices(np.vstack([np.eye(m), Bp.T]), np.r_[np.zeros(m), np.ones(n)], m)
    # Q: y in R^n, constraints (A' y)_i <= 1 (labels 0..m-1), y_j >= 0 (labels m..m+n-1)
    ys, ylab = _vertices(np.vstack([Ap, np.eye(n)]), np.r_[np.ones(m), np.zeros(n)], n)
    out = []
    if len(xs) and len(ys):
        complete = np.all(xlab[:, None, :] | ylab[None, :, :], axis=2)
        for i, j in np.argwhere(complete):
            x, y = xs[i] / xs[i].sum(), ys[j] / ys[j].sum()
            x, y = _clean(x), _clean(y)
            pay = expected_payoffs(game, (x, y))
            out.append(MixedEquilibrium((x, y), (float(pay[0]), float(pay[1]))))
    out.sort(key=lambda e: (not e.pure, *(-v for v in e.strategies[0]),
                            *(-v for v in e.strategies[1])))
    return tuple(out)


def _vertices(G: Array, h: Array, dim: int) -> tuple[Array, NDArray[np.bool_]]:
    """Nonzero vertices of ``{v : G_k v <= h_k}`` (rows with h = 0 are ``v >= 0``).

    Returns the vertices and, for each, which constraints are tight (its labels).
    """
    rows = G.shape[0]
    sign = np.where(h == 0, -1.0, 1.0)  # x_i >= 0 is written -x_i <= 0
    bases = np.array(list(itertools.combinations(range(rows), dim)), dtype=np.intp)
    mats = G[bases]
    rhs = h[bases]
    det = np.linalg.det(mats)
    ok = np.abs(det) > 1e-12
    if not np.any(ok):
        return np.zeros((0, dim)), np.zeros((0, rows), dtype=bool)
    sol = np.linalg.solve(mats[ok], rhs[ok][..., None])[..., 0]
    slack = (sign[None, :] * (sol @ G.T)) - sign[None, :] * h[None, :]
    feasible = np.all(slack <= TOLERANCE * 10, axis=1) & np.any(sol > TOLERANCE, axis=1)
    sol = sol[feasible]
    if not len(sol):
        return np.zeros((0, dim)), np.zeros((0, rows), dtype=bool)
    keys = np.round(sol, 9)
    _, first = np.unique(keys, axis=0, return_index=True)
    sol = sol[np.sort(first)]
    labels = np.abs(sol @ G.T - h[None, :]) <= 1e-7
    return sol, labels


def _clean(p: Array) -> Array:
    """Probabilities with rounding noise removed (tiny values to 0, then renormalised)."""
    p = np.where(np.abs(p) < 1e-12, 0.0, p)
    p = np.clip(p, 0.0, None)
    return np.asarray(p / p.sum(), dtype=np.float64)
