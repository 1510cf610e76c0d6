"""Normal-form (strategic-form) games: conversion from trees, payoffs and pure equilibria.

:func:`to_normal_form` turns an extensive-form game into its *reduced* normal form, as
Gambit does: a pure strategy names an action at each of the player's information sets
that its own earlier actions leave reachable, and ``*`` elsewhere. Mixed equilibria of
two-player games are in :mod:`deterrence.games.nash`; logit quantal response
equilibria in :mod:`deterrence.games.qre`.

References
----------
.. [1] von Neumann, J. & Morgenstern, O. (1944). Theory of Games and Economic
   Behavior, ch. 2 (the normal form of an extensive game).
.. [2] von Stengel, B. (2007). Equilibrium computation for two-player games in strategic
   and extensive form. In Nisan, Roughgarden, Tardos & Vazirani (eds.), Algorithmic Game
   Theory, ch. 3 (the reduced strategic form, sec. 3.10).
"""

from __future__ import annotations

import itertools
import math
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .errors import GameError
from .tree import Chance, FlatTree, Game
from .values import GameValues

__all__ = [
    "MAX_PROFILES",
    "MAX_STRATEGIES",
    "NormalFormGame",
    "PureEquilibrium",
    "expected_payoffs",
    "pure_equilibria",
    "regret",
    "strategy_values",
    "to_normal_form",
]

MAX_STRATEGIES = 10_000
"""Most pure strategies one player may have."""
MAX_PROFILES = 2_000_000
"""Most pure-strategy profiles a normal form may have."""
TOLERANCE = 1e-9

Array = NDArray[np.float64]


@dataclass(frozen=True)
class NormalFormGame:
    """A game in normal form.

    Parameters
    ----------
    title
        A short name.
    players
        The players' names.
    strategies
        Each player's pure strategies, by label.
    payoffs
        Array of shape ``(players, s_1, ..., s_n)``: ``payoffs[i][profile]`` is player
        ``i``'s payoff when each player plays the strategy indexed in ``profile``.
    description
        What the game is about.
    codes
        Gambit-style strategy labels (an action number per information set, ``*`` where
        unreachable), when the game comes from a tree; empty otherwise.
    """

    title: str
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    payoffs: Array
    description: str = ""
    codes: tuple[tuple[str, ...], ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        payoffs = np.asarray(self.payoffs, dtype=np.float64)
        shape = (len(self.players), *(len(s) for s in self.strategies))
        if len(self.strategies) != len(self.players):
            raise GameError(f"game {self.title!r}: {len(self.players)} players but strategies "
                            f"for {len(self.strategies)}")
        if payoffs.shape != shape:
            raise GameError(f"game {self.title!r}: payoffs have shape {payoffs.shape}, "
                            f"expected {shape}")
        if any(len(s) == 0 for s in self.strategies):
            raise GameError(f"game {self.title!r}: every player needs a strategy")
        if not np.all(np.isfinite(payoffs)):
            raise GameError(f"game {self.title!r}: a payoff is not a finite number")
        payoffs.setflags(write=False)
        object.__setattr__(self, "payoffs", payoffs)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of strategies of each player."""
        return tuple(len(s) for s in self.strategies)

    @classmethod
    def bimatrix(cls, title: str, players: tuple[str, str], rows: Sequence[str],
                 cols: Sequence[str], A: ArrayLike, B: ArrayLike,
                 description: str = "") -> NormalFormGame:
        """A two-player game from the row player's matrix ``A`` and the column player's ``B``."""
        return cls(title, players, (tuple(rows), tuple(cols)),
                   np.stack([np.asarray(A, float), np.asarray(B, float)]), description)


def strategy_values(game: NormalFormGame, profile: Sequence[ArrayLike], player: int) -> Array:
    """Expected payoff of each pure strategy of ``player`` against the others' mixtures."""
    u = game.payoffs[player]
    for q in range(len(game.players) - 1, -1, -1):
        if q != player:
            u = np.tensordot(u, np.asarray(profile[q], dtype=np.float64), axes=([q], [0]))
    return np.asarray(u, dtype=np.float64)


def expected_payoffs(game: NormalFormGame, profile: Sequence[ArrayLike]) -> Array:
    """Each player's expected payoff under a mixed-strategy profile."""
    return np.array([float(np.dot(strategy_values(game, profile, p), profile[p]))
                     for p in range(len(game.players))])


def regret(game: NormalFormGame, profile: Sequence[ArrayLike]) -> Array:
    """Each player's gain from its best deviation; all zero exactly at a Nash equilibrium."""
    out = []
    for p in range(len(game.players)):
        v = strategy_values(game, profile, p)
        out.append(float(np.max(v) - np.dot(v, profile[p])))
    return np.array(out)


@dataclass(frozen=True)
class PureEquilibrium:
    """A pure-strategy Nash equilibrium.

    Attributes
    ----------
    profile
        Index of each player's strategy.
    strategies
        Their labels.
    payoffs
        Each player's payoff.
    strict
        Whether every player's strategy is its unique best response (a tie makes the
        equilibrium weak; it is reported, not dropped).
    """

    profile: tuple[int, ...]
    strategies: tuple[str, ...]
    payoffs: tuple[float, ...]
    strict: bool


def pure_equilibria(game: NormalFormGame) -> tuple[PureEquilibrium, ...]:
    """Every pure-strategy Nash equilibrium, found by checking best responses.

    A profile is an equilibrium when each player's strategy is a best response to the
    others' (within a relative tolerance of 1e-9). Works for any number of players.

    References
    ----------
    Nash, J. (1951). Non-cooperative games. Annals of Mathematics 54(2), 286-295.
    """
    ok = np.ones(game.shape, dtype=bool)
    unique = np.ones(game.shape, dtype=bool)
    for p in range(len(game.players)):
        u = game.payoffs[p]
        best = np.max(u, axis=p, keepdims=True)
        near = u >= best - TOLERANCE * np.maximum(1.0, np.abs(best))
        ok &= near
        unique &= np.count_nonzero(near, axis=p, keepdims=True) == 1
    out = []
    for idx in np.argwhere(ok):
        prof = tuple(int(i) for i in idx)
        out.append(PureEquilibrium(
            profile=prof,
            strategies=tuple(game.strategies[p][s] for p, s in enumerate(prof)),
            payoffs=tuple(float(game.payoffs[(p, *prof)]) for p in range(len(game.players))),
            strict=bool(unique[prof])))
    return tuple(out)


def to_normal_form(
    game: Game,
    values: GameValues | None = None,
    *,
    env: Mapping[str, object] | None = None,
    draw: int = 0,
    reduced: bool = True,
) -> NormalFormGame:
    """The (reduced) normal form of an extensive-form game at one draw.

    Parameters
    ----------
    game
        The game.
    values
        Its evaluated payoffs and probabilities (evaluated from ``env`` when ``None``).
    draw
        Which draw of ``values`` to use.
    reduced
        Leave out actions at information sets that the player's own earlier actions make
        unreachable (Gambit's reduced strategic form). Needs perfect recall; games
        without it get the full normal form.

    Raises
    ------
    GameError
        If a player has more than :data:`MAX_STRATEGIES` strategies or the game has more
        than :data:`MAX_PROFILES` profiles.

    References
    ----------
    von Stengel (2007), AGT ch. 3, sec. 3.10; Kuhn (1953).
    """
    if values is None:
        values = game.evaluate(env or {})
    values = values.at(draw) if values.n > 1 else values
    flat = game.flat
    histories = _own_histories(flat)
    recall = _perfect_recall(flat, histories)
    plans = [_plans(flat, p, histories, reduced and recall, game.title)
             for p in range(len(game.players))]
    if math.prod(len(s) for s in plans) > MAX_PROFILES:
        raise GameError(f"game {game.title!r}: its normal form has more than "
                        f"{MAX_PROFILES:,} strategy profiles")
    weights, utilities = _terminal_weights(flat, values)
    consistent = [_consistent(flat, p, plans[p], histories) for p in range(len(game.players))]
    letters = string.ascii_letters
    subs = ",".join(f"{letters[p]}z" for p in range(len(game.players)))
    out = letters[:len(game.players)]
    payoffs = np.stack([
        np.einsum(f"{subs},z->{out}", *consistent, weights * utilities[:, q])
        for q in range(len(game.players))])
    labels = tuple(tuple(_readable(flat, p, s) for s in plans[p]) for p in range(len(plans)))
    codes = tuple(tuple("".join(str(a + 1) if a >= 0 else "*" for a in s) for s in plans[p])
                  for p in range(len(plans)))
    return NormalFormGame(game.title, game.players, labels, payoffs, game.description, codes)


def _own_histories(flat: FlatTree) -> list[tuple[tuple[int, int], ...]]:
    """For each node, the (infoset, action) moves of the node's player on its path."""
    out: list[tuple[tuple[int, int], ...]] = []
    for i in range(len(flat.nodes)):
        me = flat.player[i]
        out.append(tuple((flat.infoset[n], a) for n, a in flat.path(i)
                         if me >= 0 and flat.player[n] == me))
    return out


def _perfect_recall(flat: FlatTree, histories: list[tuple[tuple[int, int], ...]]) -> bool:
    return all(len({histories[m] for m in s.members}) == 1 for s in flat.infosets)


def _plans(flat: FlatTree, player: int, histories: list[tuple[tuple[int, int], ...]],
           reduced: bool, title: str) -> list[tuple[int, ...]]:
    """Player's pure strategies: an action index (or -1) per own infoset, in Gambit order."""
    mine = [k for k, s in enumerate(flat.infosets) if s.player == player]
    if not mine:
        return [()]
    sizes = [len(flat.infosets[k].actions) for k in mine]
    if not reduced:
        if math.prod(sizes) > MAX_STRATEGIES:
            raise GameError(f"game {title!r}: a player has more than {MAX_STRATEGIES:,} "
                            "strategies")
        return [tuple(s) for s in itertools.product(*(range(n) for n in sizes))]
    position = {k: j for j, k in enumerate(mine)}
    need = [histories[flat.infosets[k].members[0]] for k in mine]
    plans: list[list[int]] = [[]]
    for j in range(len(mine)):
        grown = []
        for plan in plans:
            if all(plan[position[k]] == a for k, a in need[j]):
                grown += [[*plan, a] for a in range(sizes[j])]
            else:
                grown.append([*plan, -1])
        if len(grown) > MAX_STRATEGIES:
            raise GameError(f"game {title!r}: a player has more than {MAX_STRATEGIES:,} "
                            "strategies")
        plans = grown
    return [tuple(p) for p in plans]


def _terminal_weights(flat: FlatTree, values: GameValues) -> tuple[Array, Array]:
    """Chance probability of each terminal's path, and the terminals' payoffs."""
    weights, utilities = [], []
    for t in flat.terminals:
        w = 1.0
        for n, a in flat.path(t):
            if isinstance(flat.nodes[n], Chance):
                w *= float(values.probabilities[n][a, 0])
        weights.append(w)
        utilities.append([float(u[0]) for u in values.payoffs[t]])
    return np.array(weights), np.array(utilities).reshape(len(weights), -1)


def _consistent(flat: FlatTree, player: int, plans: list[tuple[int, ...]],
                histories: list[tuple[tuple[int, int], ...]]) -> Array:
    """Matrix (strategies x terminals): 1 where the strategy allows the terminal's path."""
    mine = [k for k, s in enumerate(flat.infosets) if s.player == player]
    position = {k: j for j, k in enumerate(mine)}
    table = np.array(plans, dtype=np.int64).reshape(len(plans), len(mine))
    out = np.ones((len(plans), len(flat.terminals)))
    for col, t in enumerate(flat.terminals):
        for n, a in flat.path(t):
            if flat.player[n] == player:
                out[:, col] *= table[:, position[flat.infoset[n]]] == a
    return out


def _readable(flat: FlatTree, player: int, plan: tuple[int, ...]) -> str:
    mine = [s for s in flat.infosets if s.player == player]
    if not mine:
        return "(no move)"
    return "/".join(s.actions[a] if a >= 0 else "*" for s, a in zip(mine, plan, strict=True))

