"""Backward induction, vectorised over parameter draws.

For a game of perfect information (every information set holds one node) with chance
moves, :func:`backward_induction` finds the subgame-perfect equilibrium in every draw
at once: one pass over the nodes from the leaves up, each node one numpy operation
over the draws (never a Python loop over draws). It then follows the equilibrium from
the root down and reports, for each distinct *equilibrium path* (the actions taken at
the decision nodes that are reached), the share of draws in which it is played.

Ties are reported, never silently broken: where several actions are optimal within a
relative tolerance of ``1e-9``, the first listed is followed (so that the solver can
continue) and the draw is flagged in :attr:`BackwardSolution.tie`; the summaries count
the draws with a tie on the path.

References
----------
.. [1] Zermelo, E. (1913). Über eine Anwendung der Mengenlehre auf die Theorie des
   Schachspiels. Proc. 5th International Congress of Mathematicians, 501-504.
.. [2] Selten, R. (1965). Spieltheoretische Behandlung eines Oligopolmodells mit
   Nachfrageträgheit. Zeitschrift für die gesamte Staatswissenschaft 121, 301-324.
.. [3] Osborne, M. J. & Rubinstein, A. (1994). A Course in Game Theory, sec. 6.2
   (Kuhn's theorem and backward induction).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .errors import GameError
from .tree import Chance, Decision, FlatTree, Game, Terminal
from .values import GameValues

__all__ = ["TIE_TOLERANCE", "BackwardSolution", "EquilibriumPath", "Move", "backward_induction"]

TIE_TOLERANCE = 1e-9
"""Relative tolerance within which two actions count as equally good."""

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Move:
    """One equilibrium action: at which node, by whom, which action."""

    node: str
    player: str
    action: str


@dataclass(frozen=True)
class EquilibriumPath:
    """One equilibrium path and how often it is played across draws.

    Attributes
    ----------
    moves
        The actions chosen at the decision nodes reached with positive probability,
        in tree order (a path may branch at chance nodes).
    probability
        Share of draws whose equilibrium follows this path.
    se
        Monte Carlo standard error of ``probability``.
    count
        Number of such draws.
    ties
        Number of such draws with a tie at some decision node on the path.
    """

    moves: tuple[Move, ...]
    probability: float
    se: float
    count: int
    ties: int

    def describe(self) -> str:
        """The path in words, e.g. ``north_korea: provoke; south_korea_us: none``.

        A player who moves more than once on the path is named with the node.
        """
        players = [m.player for m in self.moves]
        return "; ".join(
            f"{m.player}{f' at {m.node}' if players.count(m.player) > 1 else ''}: {m.action}"
            for m in self.moves) or "(no decision)"


@dataclass(frozen=True)
class BackwardSolution:
    """The subgame-perfect equilibrium of every draw.

    Attributes
    ----------
    game
        The game solved.
    n
        Number of draws.
    choice
        For each decision node (by index in ``game.flat``): the action index chosen in
        each draw.
    tie
        For each decision node: whether several actions were optimal in each draw.
    value
        Expected payoff of each player at the root, shape ``(players, n)``.
    path_index
        For each draw, the index in ``paths`` of the path it follows.
    paths
        The distinct equilibrium paths, most frequent first.
    outcomes
        For each terminal node (by label): the chance of ending there, averaged over draws.
    ties
        Draws with a tie at a decision node on the equilibrium path.
    ties_anywhere
        Draws with a tie at any decision node, on the path or off it.
    """

    game: Game
    n: int
    choice: Mapping[int, NDArray[np.intp]]
    tie: Mapping[int, NDArray[np.bool_]]
    value: Array
    path_index: NDArray[np.intp]
    paths: tuple[EquilibriumPath, ...]
    outcomes: Mapping[str, float]
    ties: int
    ties_anywhere: int

    def strategy(self, draw: int = 0) -> dict[str, str]:
        """The equilibrium strategy profile of one draw: node label -> action."""
        flat = self.game.flat
        out = {}
        for i in sorted(self.choice):
            c = self.choice[i]
            node = flat.nodes[i]
            assert isinstance(node, Decision)
            out[flat.labels[i]] = node.actions[int(c[draw])]
        return out

    def payoffs(self, draw: int = 0) -> dict[str, float]:
        """Each player's equilibrium expected payoff in one draw."""
        return {p: float(self.value[k, draw]) for k, p in enumerate(self.game.players)}


def backward_induction(
    game: Game,
    values: GameValues | None = None,
    *,
    env: Mapping[str, object] | None = None,
) -> BackwardSolution:
    """Solve a perfect-information game by backward induction in every draw at once.

    Parameters
    ----------
    game
        A game in which every information set has one node (chance nodes allowed).
    values
        Its payoffs and chance probabilities over draws; evaluated from ``env`` when
        ``None`` (see :func:`deterrence.games.tree.evaluate_game`).
    env
        Values for the names the game's formulas use, when ``values`` is ``None``.

    Returns
    -------
    BackwardSolution
        Each node's choice and tie flag per draw, root values, and the distinct
        equilibrium paths with the share of draws that follow each.

    Raises
    ------
    GameError
        If some information set has more than one node.

    References
    ----------
    Zermelo (1913); Selten (1965); Osborne & Rubinstein (1994), sec. 6.2.
    """
    flat = game.flat
    shared = [s for s in flat.infosets if len(s.members) > 1]
    if shared:
        raise GameError(
            f"game {game.title!r}: information set {shared[0].label!r} holds "
            f"{len(shared[0].members)} nodes; backward induction needs perfect information. "
            "Use the normal form (to_normal_form, nash_equilibria) or, for a two-type "
            "signalling game, solve_signalling.")
    if values is None:
        values = game.evaluate(env or {})
    choice, tie, root = _solve_up(flat, values)
    return _follow_down(game, values, choice, tie, root)


def _solve_up(flat: FlatTree, values: GameValues) -> tuple[
        dict[int, NDArray[np.intp]], dict[int, NDArray[np.bool_]], Array]:
    """Leaves-to-root pass: each node's value for every player, one numpy op per node."""
    held: dict[int, Array] = {}
    choice: dict[int, NDArray[np.intp]] = {}
    tie: dict[int, NDArray[np.bool_]] = {}
    for i in range(len(flat.nodes) - 1, -1, -1):
        node = flat.nodes[i]
        if isinstance(node, Terminal):
            held[i] = np.stack(values.payoffs[i])
            continue
        kids = [held.pop(c) for c in flat.children[i]]
        if isinstance(node, Chance):
            probs = values.probabilities[i]
            total = probs[0] * kids[0]
            for a in range(1, len(kids)):
                total = total + probs[a] * kids[a]
            held[i] = total
            continue
        mover = [k[flat.player[i]] for k in kids]
        best = np.array(mover[0], dtype=np.float64)
        pick = np.zeros(values.n, dtype=np.intp)
        for a in range(1, len(mover)):
            better = mover[a] > best
            pick[better] = a
            np.maximum(best, mover[a], out=best)
        floor = best - TIE_TOLERANCE * np.maximum(1.0, np.abs(best))
        near = np.zeros(values.n, dtype=np.int8)
        for u in mover:
            near += u >= floor
        choice[i] = pick
        tie[i] = near > 1
        out = kids[0]
        for a in range(1, len(kids)):
            out = np.where(pick == a, kids[a], out)
        held[i] = out
    return choice, tie, held[0]


def _follow_down(game: Game, values: GameValues, choice: Mapping[int, NDArray[np.intp]],
                 tie: Mapping[int, NDArray[np.bool_]], root: Array) -> BackwardSolution:
    """Root-to-leaves pass: reach probabilities, path codes and tie counts."""
    flat, n = game.flat, values.n
    deciders = sorted(choice)
    radix = [len(flat.children[i]) + 1 for i in deciders]
    wide = math.prod(radix) >= 2**62
    code = np.zeros(n, dtype=np.int64)
    digits = np.zeros((n, len(deciders)), dtype=np.int16) if wide else None
    place = {i: (j, math.prod(radix[:j]) if not wide else 0) for j, i in enumerate(deciders)}
    tie_on_path = np.zeros(n, dtype=bool)
    reach: dict[int, Array] = {0: np.ones(n)}
    outcomes: dict[str, float] = {}
    for i, node in enumerate(flat.nodes):
        r = reach.pop(i)
        if isinstance(node, Terminal):
            outcomes[flat.labels[i]] = float(np.mean(r))
            continue
        if isinstance(node, Chance):
            for a, c in enumerate(flat.children[i]):
                reach[c] = r * values.probabilities[i][a]
            continue
        on = r > 0
        tie_on_path |= on & tie[i]
        j, weight = place[i]
        digit = np.where(on, choice[i] + 1, 0)
        if digits is not None:
            digits[:, j] = digit
        else:
            code += digit * weight
        for a, c in enumerate(flat.children[i]):
            reach[c] = r * (choice[i] == a)
    if digits is not None:
        unique_rows, index, counts = np.unique(digits, axis=0, return_inverse=True,
                                               return_counts=True)
        rows = unique_rows.astype(np.int64)
    else:
        codes, index, counts = np.unique(code, return_inverse=True, return_counts=True)
        rows = np.array([[(c // place[i][1]) % radix[j] for j, i in enumerate(deciders)]
                         for c in codes.tolist()], dtype=np.int64).reshape(len(codes), -1)
    index = index.reshape(-1)
    path_ties = np.bincount(index, weights=tie_on_path, minlength=len(counts))
    paths = [_path(flat, game.players, deciders, row, int(cnt), int(t), n)
             for row, cnt, t in zip(rows, counts, path_ties, strict=True)]
    order = sorted(range(len(paths)), key=lambda k: -paths[k].count)
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order))
    any_tie = np.zeros(n, dtype=bool)
    for t in tie.values():
        any_tie |= t
    return BackwardSolution(
        game=game, n=n, choice=choice, tie=tie, value=root, path_index=rank[index],
        paths=tuple(paths[k] for k in order), outcomes=outcomes,
        ties=int(np.count_nonzero(tie_on_path)), ties_anywhere=int(np.count_nonzero(any_tie)))


def _path(flat: FlatTree, players: tuple[str, ...], deciders: list[int],
          row: NDArray[np.int64], count: int, ties: int, n: int) -> EquilibriumPath:
    moves = []
    for i, digit in zip(deciders, row.tolist(), strict=True):
        if digit:
            node = flat.nodes[i]
            assert isinstance(node, Decision)
            moves.append(Move(flat.labels[i], players[flat.player[i]], node.actions[digit - 1]))
    p = count / n
    return EquilibriumPath(tuple(moves), p, math.sqrt(p * (1 - p) / n), count, ties)
