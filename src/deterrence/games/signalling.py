"""Two-type signalling games: the game, its tree, and recognising one in a tree.

Nature draws the sender's type (``types[0]`` with probability ``prior``); the sender,
knowing its type, sends one of two messages; the receiver sees the message, not the
type, and responds. Payoffs depend on type, message and response. Perfect Bayesian
equilibria are found by :func:`deterrence.games.pbe.solve_signalling`.

References
----------
.. [1] Spence, M. (1973). Job market signaling. Quarterly Journal of Economics 87(3).
.. [2] Fearon, J. D. (1997). Signaling foreign policy interests: tying hands versus
   sinking costs. Journal of Conflict Resolution 41(1), 68-90.
.. [3] Gibbons, R. (1992). Game Theory for Applied Economists, sec. 4.2 (signalling
   games and their perfect Bayesian equilibria).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..formula import Formula, parse_formula
from .errors import GameError
from .tree import Chance, Decision, Game, Terminal, Value, value_of
from .values import evaluate_values

__all__ = ["SignallingGame", "SignallingValues", "as_signalling"]

Array = NDArray[np.float64]


@dataclass(frozen=True)
class SignallingValues:
    """A signalling game's numbers over ``n`` draws.

    Attributes
    ----------
    prior
        Probability of the first type, shape ``(n,)``.
    sender, receiver
        Payoffs, shape ``(2 types, 2 messages, responses, n)``.
    """

    n: int
    prior: Array
    sender: Array
    receiver: Array

    def at(self, draw: int) -> SignallingValues:
        """The values of one draw."""
        d = slice(draw, draw + 1)
        return SignallingValues(1, self.prior[d], self.sender[..., d], self.receiver[..., d])


@dataclass(frozen=True)
class SignallingGame:
    """A two-type, two-message signalling game.

    Parameters
    ----------
    title
        A short name.
    sender, receiver
        The players' names.
    types
        The sender's two types.
    prior
        Probability of ``types[0]`` (a number or a formula).
    messages
        The sender's two messages.
    responses
        The receiver's responses (two or more).
    payoffs
        ``payoffs[t][m][r] = (sender's payoff, receiver's payoff)`` by index.
    description
        What the game is about.
    """

    title: str
    sender: str
    receiver: str
    types: tuple[str, str]
    prior: Value
    messages: tuple[str, str]
    responses: tuple[str, ...]
    payoffs: tuple[tuple[tuple[tuple[Value, Value], ...], ...], ...]
    description: str = ""

    def __post_init__(self) -> None:
        where = f"signalling game {self.title!r}"
        object.__setattr__(self, "prior", value_of(self.prior, where=f"{where}: prior"))
        object.__setattr__(self, "payoffs", tuple(
            tuple(tuple((value_of(s, where=where), value_of(r, where=where)) for s, r in cells)
                  for cells in by_message) for by_message in self.payoffs))
        if len(self.types) != 2 or len(set(self.types)) != 2:
            raise GameError(f"{where}: it needs two distinct types")
        if len(self.messages) != 2 or len(set(self.messages)) != 2:
            raise GameError(f"{where}: it needs two distinct messages")
        if len(self.responses) < 2 or len(set(self.responses)) != len(self.responses):
            raise GameError(f"{where}: it needs two or more distinct responses")
        if self.sender == self.receiver:
            raise GameError(f"{where}: the sender and the receiver must differ")
        for t, by_message in enumerate(self.payoffs):
            if len(by_message) != 2 or any(len(r) != len(self.responses) for r in by_message):
                raise GameError(f"{where}: type {self.types[t]!r} needs payoffs for each "
                                "message and response")
            if any(len(pair) != 2 for r in by_message for pair in r):
                raise GameError(f"{where}: each payoff is a (sender, receiver) pair")
        if len(self.payoffs) != 2:
            raise GameError(f"{where}: payoffs are needed for both types")

    def evaluate(self, env: Mapping[str, object] | None = None, n: int | None = None
                 ) -> SignallingValues:
        """Evaluate the prior and payoffs over draws.

        Raises
        ------
        GameError
            If the prior is outside [0, 1] or a payoff is NaN in some draw.
        """
        env = env or {}
        prior = evaluate_values([self.prior], env, n, "prior")[0]
        flat = [v for by_m in self.payoffs for by_r in by_m for pair in by_r for v in pair]
        arrays = evaluate_values(flat, env, n, "payoffs")
        size = max([prior.shape[0] if prior.ndim else 1]
                   + [a.shape[0] for a in arrays if a.ndim] + [n or 1])
        stacked = np.stack([np.broadcast_to(a, (size,)) for a in arrays])
        table = stacked.reshape(2, 2, len(self.responses), 2, size)
        prior = np.array(np.broadcast_to(prior, (size,)), dtype=np.float64)
        if np.any((prior < 0) | (prior > 1) | np.isnan(prior)):
            raise GameError(f"signalling game {self.title!r}: the prior is outside [0, 1] in "
                            f"{int(np.count_nonzero((prior < 0) | (prior > 1)))} draw(s)")
        if np.any(np.isnan(table)):
            raise GameError(f"signalling game {self.title!r}: a payoff is NaN in some draws")
        return SignallingValues(size, prior, np.ascontiguousarray(table[..., 0, :]),
                                np.ascontiguousarray(table[..., 1, :]))

    def to_tree(self) -> Game:
        """The game as an extensive-form tree (chance, sender, receiver, with infosets)."""
        rest: Value = (1.0 - self.prior if not isinstance(self.prior, Formula)
                       else parse_formula(f"1 - ({self.prior.text})"))
        branches = []
        for t, tname in enumerate(self.types):
            moves = []
            for m, mname in enumerate(self.messages):
                ends = tuple(Terminal(tuple(self.payoffs[t][m][r]), name="",
                                      outcome=f"{tname}, {mname}, {rname}")
                             for r, rname in enumerate(self.responses))
                moves.append(Decision(self.receiver, self.responses, ends,
                                      infoset=f"after {mname}"))
            branches.append(Decision(self.sender, self.messages, tuple(moves),
                                     infoset=f"type {tname}"))
        root = Chance(self.types, (self.prior, rest), tuple(branches), name="type")
        return Game(self.title, (self.sender, self.receiver), root, self.description)


def as_signalling(game: Game) -> SignallingGame | None:
    """Recognise a two-type signalling game in a tree, or return ``None``.

    The tree must be: a chance root with two actions; under each, a decision node of
    the same player (the sender) with the same two messages, in different information
    sets; under each message a decision node of the other player (the receiver) with
    the same responses, in one information set per message shared by both types; and
    terminal nodes below.
    """
    root = game.root
    if len(game.players) != 2 or not isinstance(root, Chance) or len(root.actions) != 2:
        return None
    senders = root.children
    if not all(isinstance(s, Decision) for s in senders):
        return None
    s0, s1 = senders
    assert isinstance(s0, Decision) and isinstance(s1, Decision)
    if s0.player != s1.player or len(s0.actions) != 2 or s0.actions != s1.actions:
        return None
    if s0.infoset and s0.infoset == s1.infoset:
        return None
    receiver = next(p for p in game.players if p != s0.player)
    table = []
    infosets: list[set[str]] = [set(), set()]
    responses: tuple[str, ...] | None = None
    for s in (s0, s1):
        rows = []
        for m, node in enumerate(s.children):
            if not isinstance(node, Decision) or node.player != receiver or not node.infoset:
                return None
            if responses is None:
                responses = node.actions
            if node.actions != responses or not all(isinstance(c, Terminal)
                                                    for c in node.children):
                return None
            infosets[m].add(node.infoset)
            rows.append(tuple((c.payoffs[game.players.index(s0.player)],
                               c.payoffs[game.players.index(receiver)])
                              for c in node.children if isinstance(c, Terminal)))
        table.append(tuple(rows))
    if any(len(i) != 1 for i in infosets) or infosets[0] == infosets[1] or responses is None:
        return None
    return SignallingGame(game.title, s0.player, receiver, (root.actions[0], root.actions[1]),
                          root.probabilities[0], (s0.actions[0], s0.actions[1]), responses,
                          tuple(table), game.description)
