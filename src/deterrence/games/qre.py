"""Logit quantal response equilibrium: bounded rationality with a precision ``lambda``.

In a logit QRE each player chooses each strategy with probability proportional to
``exp(lambda * expected payoff)``, given the others' choice probabilities. At
``lambda = 0`` play is uniformly random; as ``lambda`` grows, the principal branch of
QREs converges to a Nash equilibrium (McKelvey & Palfrey 1995), which makes ``lambda``
a dial for classroom exercises on "how rational" the players are.

* :func:`logit_qre` follows the principal branch from ``lambda = 0`` in a normal-form
  game, solving the fixed point in log-probabilities with a Newton-type method at
  each step.
* :func:`agent_logit` solves the agent logit QRE of a perfect-information tree by
  backward recursion (each decision node's logit choice given the values below it),
  vectorised over parameter draws.

References
----------
.. [1] McKelvey, R. D. & Palfrey, T. R. (1995). Quantal response equilibria for normal
   form games. Games and Economic Behavior 10(1), 6-38.
.. [2] McKelvey, R. D. & Palfrey, T. R. (1998). Quantal response equilibria for
   extensive form games. Experimental Economics 1(1), 9-41.
.. [3] Turocy, T. L. (2005). A dynamic homotopy interpretation of the logistic quantal
   response equilibrium correspondence. Games and Economic Behavior 51(2), 243-263.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import special  # type: ignore[import-untyped, unused-ignore]

from .errors import GameError
from .normal_form import NormalFormGame, expected_payoffs, regret, strategy_values
from .tree import Chance, Game, Terminal
from .values import GameValues

__all__ = ["QRE", "AgentQRE", "agent_logit", "logit_qre", "logit_qre_path"]

Array = NDArray[np.float64]
MAX_LAMBDA = 1e6


@dataclass(frozen=True)
class QRE:
    """A logit quantal response equilibrium of a normal-form game.

    Attributes
    ----------
    lam
        The precision ``lambda``.
    strategies
        Each player's choice probabilities.
    payoffs
        Each player's expected payoff.
    regret
        Each player's gain from its best pure deviation (0 at a Nash equilibrium).
    """

    lam: float
    strategies: tuple[Array, ...]
    payoffs: tuple[float, ...]
    regret: tuple[float, ...]


def _split(game: NormalFormGame, y: Array) -> list[Array]:
    out, k = [], 0
    for n in game.shape:
        out.append(y[k:k + n])
        k += n
    return out


def _pair_values(game: NormalFormGame, sigma: list[Array], p: int, q: int) -> Array:
    """Player p's payoff for each (own strategy, q's strategy), the others mixing."""
    u = game.payoffs[p]
    for r in range(len(game.players) - 1, -1, -1):
        if r not in (p, q):
            u = np.tensordot(u, sigma[r], axes=([r], [0]))
    return np.asarray(u if p < q else u.T, dtype=np.float64)


def _system(game: NormalFormGame, z: Array) -> tuple[Array, Array]:
    """Residual H(y, lam) and its Jacobian (with respect to y and lam) of the logit map.

    ``H_p = y_p - lam v_p + logsumexp(lam v_p)`` with ``v_p`` player p's strategy values
    and ``y`` the log-probabilities; ``H = 0`` exactly at a logit QRE.
    """
    y, lam = z[:-1], float(z[-1])
    logs = _split(game, y)
    sigma = [np.exp(v) for v in logs]
    offsets = np.cumsum([0, *game.shape])
    size = int(offsets[-1])
    H = np.empty(size)
    J = np.zeros((size, size + 1))
    for p in range(len(game.players)):
        rows = slice(offsets[p], offsets[p + 1])
        v = strategy_values(game, sigma, p)
        pi = special.softmax(lam * v)
        H[rows] = logs[p] - lam * v + special.logsumexp(lam * v)
        J[rows, rows] = np.eye(game.shape[p])
        J[rows, -1] = -(v - pi @ v)
        for q in range(len(game.players)):
            if q != p:
                W = _pair_values(game, sigma, p, q)
                J[rows, offsets[q]:offsets[q + 1]] = -lam * (W - pi @ W) * sigma[q][None, :]
    return H, J


def _tangent(J: Array, previous: Array | None) -> Array:
    """Unit null vector of J, oriented along ``previous`` (or towards larger lambda)."""
    t = np.linalg.svd(J)[2][-1]
    sign = np.sign(t @ previous) if previous is not None else np.sign(t[-1])
    return np.asarray(t * (sign or 1.0), dtype=np.float64)


def _correct(game: NormalFormGame, guess: Array, normal: Array, anchor: Array,
             max_first: float = np.inf) -> Array | None:
    """Newton's method on ``H(z) = 0`` and ``normal . (z - anchor) = 0``.

    Returns ``None`` unless it converges quickly and contracts steadily (a first step no
    longer than ``max_first``, each step at most half the previous), which keeps the
    corrector on the branch it started near.
    """
    z = guess.copy()
    last = np.inf
    for k in range(12):
        H, J = _system(game, z)
        A = np.vstack([J, normal])
        b = np.concatenate([H, [normal @ (z - anchor)]])
        try:
            dz = np.linalg.solve(A, -b)
        except np.linalg.LinAlgError:
            return None
        size = float(np.max(np.abs(dz)))
        if (k == 0 and size > max_first) or (k > 0 and size > 0.5 * last + 1e-13):
            return None
        last = size
        z = z + dz
        scale = max(1.0, float(np.max(np.abs(z))))
        if size < 1e-11 * scale:
            H, _ = _system(game, z)
            return z if np.max(np.abs(H)) < 1e-9 * scale else None
    return None


def logit_qre(game: NormalFormGame, lam: float) -> QRE:
    """The logit QRE on the principal branch at precision ``lam``.

    The branch is followed from the uniform profile at ``lambda = 0`` by predictor-
    corrector continuation in arc length (an Euler step along the tangent, then Newton's
    method on the hyperplane normal to it), as Gambit's ``logit`` does, so turning
    points of the branch are passed. The first point where the branch reaches ``lam``
    is returned.

    Parameters
    ----------
    game
        A normal-form game with any number of players.
    lam
        Precision, ``0 <= lam <= 1e6``; payoffs are used as they are, so ``lam`` is in
        units of one over the payoff unit.

    Raises
    ------
    GameError
        If ``lam`` is out of range or the branch cannot be followed.

    References
    ----------
    McKelvey & Palfrey (1995), GEB 10(1); Turocy (2005), GEB 51(2); Allgower, E. L. &
    Georg, K. (1990), Numerical Continuation Methods, ch. 2 (pseudo-arclength).
    """
    return logit_qre_path(game, [lam])[0]


def logit_qre_path(game: NormalFormGame, lams: Sequence[float]) -> tuple[QRE, ...]:
    """The logit QREs of the principal branch at several precisions, in one pass.

    See :func:`logit_qre`; the branch is followed once, up to the largest ``lam``.

    References
    ----------
    McKelvey & Palfrey (1995), GEB 10(1); Turocy (2005), GEB 51(2).
    """
    for lam in lams:
        if not 0 <= lam <= MAX_LAMBDA:
            raise GameError(f"lambda must be between 0 and {MAX_LAMBDA:g}, not {lam}")
    targets = sorted(set(float(x) for x in lams))
    found_at: dict[float, Array] = {}
    z = np.concatenate([*(np.full(n, -np.log(n)) for n in game.shape), [0.0]])
    t = _tangent(_system(game, z)[1], None)
    step = 0.03
    while targets and targets[0] <= 0.0:
        found_at[targets.pop(0)] = z
    for _ in range(100_000):
        if not targets:
            break
        predicted = z + step * t
        found = _correct(game, predicted, t, predicted, max_first=0.1 * step + 1e-9)
        new_t = None if found is None else _tangent(_system(game, found)[1], t)
        if found is None or new_t is None or found[-1] < -1e-12 or new_t @ t < 0.99:
            step /= 2
            if step < 1e-12:  # last resort: Newton at each remaining lambda from here
                for lam in targets:
                    found_at[lam] = _land(game, z, lam)
                targets = []
            continue
        while targets and found[-1] >= targets[0]:
            lam = targets.pop(0)
            found_at[lam] = _land(game, z + (lam - z[-1]) / (found[-1] - z[-1]) * (found - z),
                                  lam)
        z, t = found, new_t
        step *= 1.1
    return tuple(_profile(game, float(lam), found_at[float(lam)]) for lam in lams)


def _profile(game: NormalFormGame, lam: float, z: Array) -> QRE:
    sigma = [np.exp(v) / np.exp(v).sum() for v in _split(game, z[:-1])]
    pay = expected_payoffs(game, sigma)
    reg = regret(game, sigma)
    return QRE(lam, tuple(sigma), tuple(float(v) for v in pay), tuple(float(v) for v in reg))


def _land(game: NormalFormGame, guess: Array, lam: float) -> Array:
    """The QRE at exactly ``lam``, by Newton's method at fixed ``lam`` from ``guess``."""
    guess = guess.copy()
    guess[-1] = lam
    normal = np.zeros_like(guess)
    normal[-1] = 1.0
    anchor = guess.copy()
    anchor[-1] = lam
    found = _correct(game, guess, normal, anchor)
    if found is None:
        raise GameError(f"game {game.title!r}: could not solve the logit QRE at lambda = {lam}")
    return found


@dataclass(frozen=True)
class AgentQRE:
    """The agent logit QRE of a perfect-information game, in every draw.

    Attributes
    ----------
    lam
        The precision.
    probabilities
        For each decision node (by index in ``game.flat``): choice probabilities, shape
        ``(actions, n)``.
    value
        Each player's expected payoff at the root, shape ``(players, n)``.
    outcomes
        For each terminal node (by label): the chance of ending there, averaged over draws.
    """

    lam: float
    probabilities: Mapping[int, Array]
    value: Array
    outcomes: Mapping[str, float]


def agent_logit(game: Game, values: GameValues | None = None, *, lam: float,
                env: Mapping[str, object] | None = None) -> AgentQRE:
    """Agent logit QRE of a perfect-information game, by backward recursion over draws.

    At each decision node the mover picks action ``a`` with probability proportional to
    ``exp(lam * v_a)``, where ``v_a`` is its expected payoff after ``a`` under the
    logit choices below; with perfect information this recursion gives the unique agent
    QRE, and as ``lam`` grows it tends to the subgame-perfect equilibrium.

    References
    ----------
    McKelvey & Palfrey (1998), Experimental Economics 1(1), 9-41.
    """
    flat = game.flat
    if not flat.perfect_information:
        raise GameError(f"game {game.title!r}: agent_logit needs perfect information; use "
                        "logit_qre on the normal form")
    if values is None:
        values = game.evaluate(env or {})
    held: dict[int, Array] = {}
    probs: dict[int, Array] = {}
    for i in range(len(flat.nodes) - 1, -1, -1):
        node = flat.nodes[i]
        if isinstance(node, Terminal):
            held[i] = np.stack(values.payoffs[i])
            continue
        kids = np.stack([held.pop(c) for c in flat.children[i]])
        if isinstance(node, Chance):
            w = values.probabilities[i]
        else:
            u = lam * kids[:, flat.player[i], :]
            w = np.exp(u - special.logsumexp(u, axis=0))
            probs[i] = w
        held[i] = np.einsum("an,apn->pn", w, kids)
    reach: dict[int, Array] = {0: np.ones(values.n)}
    outcomes: dict[str, float] = {}
    for i, node in enumerate(flat.nodes):
        r = reach.pop(i)
        if isinstance(node, Terminal):
            outcomes[flat.labels[i]] = float(np.mean(r))
            continue
        w = probs[i] if i in probs else values.probabilities[i]
        for a, c in enumerate(flat.children[i]):
            reach[c] = r * w[a]
    return AgentQRE(float(lam), probs, held[0], outcomes)
