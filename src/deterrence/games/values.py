"""A game's numbers over parameter draws: payoffs and chance probabilities as arrays.

:func:`evaluate_game` evaluates every payoff and chance probability of a
:class:`~deterrence.games.tree.Game` on named values (numbers, or arrays over Monte Carlo
draws) and checks them in every draw: probabilities within [0, 1] summing to 1, no NaN
payoff. An error names the node and the number of draws affected.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from ..formula import Formula
from .errors import GameError
from .tree import PROBABILITY_TOLERANCE, Chance, Terminal, Value

if TYPE_CHECKING:
    from .tree import Game

__all__ = ["GameValues", "evaluate_game", "evaluate_values"]

Array = NDArray[np.float64]


@dataclass(frozen=True)
class GameValues:
    """A game's numbers over ``n`` draws.

    Attributes
    ----------
    n
        Number of draws.
    payoffs
        For each terminal node (by node index): one array per player, each broadcast
        to shape ``(n,)``.
    probabilities
        For each chance node: an array of shape ``(actions, n)``.
    """

    n: int
    payoffs: Mapping[int, tuple[Array, ...]]
    probabilities: Mapping[int, Array]

    def at(self, draw: int) -> GameValues:
        """The values of one draw, as a game of ``n = 1``."""
        return GameValues(
            1, {k: tuple(v[draw:draw + 1] for v in vs) for k, vs in self.payoffs.items()},
            {k: v[:, draw:draw + 1] for k, v in self.probabilities.items()})


def evaluate_values(values: Sequence[Value], env: Mapping[str, object], n: int | None,
                    label: str) -> list[Array]:
    """Numbers or formulas evaluated on ``env`` and broadcast to one shape (for ``label``)."""
    out = []
    for v in values:
        if isinstance(v, Formula):
            try:
                out.append(v.evaluate(env))
            except KeyError as exc:
                raise GameError(f"node {label!r}: formula {v.text!r} uses {exc.args[0]!r}, "
                                "which has no value here") from None
        else:
            out.append(np.asarray(v, dtype=np.float64))
    shape = np.broadcast_shapes(*(a.shape for a in out), () if n is None else (n,))
    if len(shape) > 1:
        raise GameError(f"node {label!r}: values must be numbers or one-dimensional arrays")
    return [np.broadcast_to(a, shape) for a in out]


def evaluate_game(game: Game, env: Mapping[str, object], n: int | None = None) -> GameValues:
    """Evaluate every payoff and chance probability of ``game`` on ``env``.

    Parameters
    ----------
    game
        The game.
    env
        A value (number or array over draws) for each name the formulas use.
    n
        Number of draws; inferred from ``env`` when ``None`` (1 if every value is a number).

    Raises
    ------
    GameError
        If a formula names something missing from ``env``, a payoff is NaN, or chance
        probabilities fall outside [0, 1] or do not sum to 1 in some draw; the message
        names the node and says in how many draws.
    """
    flat = game.flat
    payoffs: dict[int, list[Array]] = {}
    probs: dict[int, list[Array]] = {}
    for i, node in enumerate(flat.nodes):
        if isinstance(node, Terminal):
            payoffs[i] = evaluate_values(node.payoffs, env, n, flat.labels[i])
        elif isinstance(node, Chance):
            probs[i] = evaluate_values(node.probabilities, env, n, flat.labels[i])
    sizes = {a.shape[0] for arrs in (*payoffs.values(), *probs.values()) for a in arrs if a.ndim}
    if len(sizes) > 1:
        raise GameError(f"game {game.title!r}: values have different numbers of draws {sizes}")
    size = sizes.pop() if sizes else (n or 1)
    out_pay = {i: tuple(np.broadcast_to(a, (size,)) for a in arrs)
               for i, arrs in payoffs.items()}
    out_prob = {i: np.stack([np.broadcast_to(a, (size,)) for a in arrs])
                for i, arrs in probs.items()}
    _check_values(game, out_pay, out_prob)
    return GameValues(size, out_pay, out_prob)


def _check_values(game: Game, payoffs: Mapping[int, tuple[Array, ...]],
                  probs: Mapping[int, Array]) -> None:
    labels = game.flat.labels
    for i, arrs in payoffs.items():
        for p, a in enumerate(arrs):
            bad = int(np.count_nonzero(np.isnan(a)))
            if bad:
                raise GameError(f"node {labels[i]!r}: the payoff of {game.players[p]!r} is NaN "
                                f"in {bad} draw(s)")
    for i, a in probs.items():
        outside = np.any((a < -PROBABILITY_TOLERANCE) | (a > 1 + PROBABILITY_TOLERANCE)
                         | np.isnan(a), axis=0)
        total = np.sum(a, axis=0)
        off = np.abs(total - 1.0) > 1e-6
        if np.any(outside):
            raise GameError(f"node {labels[i]!r}: a chance probability is outside [0, 1] in "
                            f"{int(np.count_nonzero(outside))} draw(s)")
        if np.any(off):
            k = int(np.argmax(off))
            raise GameError(f"node {labels[i]!r}: the chance probabilities sum to "
                            f"{total[k]:.6g}, not 1, in {int(np.count_nonzero(off))} draw(s)")
