"""Extensive-form games: trees of decision, chance and terminal nodes.

A game is built bottom-up from three kinds of node:

* :class:`Decision`: a player chooses one of several actions. Decision nodes of one
  player that share an ``infoset`` label form an information set (the player cannot
  tell them apart); an empty label means the node is alone in its set.
* :class:`Chance`: nature picks an action with given probabilities.
* :class:`Terminal`: the game ends with one payoff per player.

Payoffs and chance probabilities are numbers or :class:`~deterrence.formula.Formula`
objects over named quantities (a scenario's parameters and derived quantities), so
the same tree is solved at point values or across every Monte Carlo draw.

Every :class:`Game` is checked when it is made: a malformed tree is refused with a
:class:`GameError` naming the node. Trees are traversed without recursion, so a deep
tree cannot overflow the stack.

References
----------
.. [1] Kuhn, H. W. (1953). Extensive games and the problem of information.
   Contributions to the Theory of Games II, 193-216.
.. [2] Osborne, M. J. & Rubinstein, A. (1994). A Course in Game Theory, ch. 6 and 11.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Union

import numpy as np
from numpy.typing import NDArray

from ..errors import DeterrenceError
from ..formula import Formula, parse_formula
from .errors import GameError

if TYPE_CHECKING:
    from .values import GameValues

__all__ = [
    "MAX_DEPTH",
    "MAX_NODES",
    "Chance",
    "Decision",
    "FlatTree",
    "Game",
    "Infoset",
    "Node",
    "Value",
    "chance",
    "decision",
    "terminal",
    "value_of",
]

MAX_NODES = 200_000
"""Most nodes a game may have."""
MAX_DEPTH = 200
"""Most moves on one path from the root to a terminal node."""
PROBABILITY_TOLERANCE = 1e-9

Value = float | Formula
"""A payoff or probability: a number, or a formula over named quantities."""
Array = NDArray[np.float64]


def value_of(x: float | int | str | Formula, *, where: str = "") -> Value:
    """A payoff or probability from a number, a formula or formula text."""
    if isinstance(x, Formula):
        return x
    if isinstance(x, bool):
        raise GameError(f"{where}: expected a number or a formula, not {x!r}")
    if isinstance(x, int | float):
        return float(x)
    if isinstance(x, str):
        try:
            return parse_formula(x, where=where or None)
        except DeterrenceError as exc:
            raise GameError(str(exc)) from None
    raise GameError(f"{where}: expected a number or a formula, not {type(x).__name__}")


@dataclass(frozen=True)
class Terminal:
    """An end of the game: one payoff per player, in the game's player order."""

    payoffs: tuple[Value, ...]
    name: str = ""
    outcome: str = ""


@dataclass(frozen=True)
class Decision:
    """A player's move: one child per action."""

    player: str
    actions: tuple[str, ...]
    children: tuple[Node, ...]
    name: str = ""
    infoset: str = ""


@dataclass(frozen=True)
class Chance:
    """Nature's move: one probability and one child per action."""

    actions: tuple[str, ...]
    probabilities: tuple[Value, ...]
    children: tuple[Node, ...]
    name: str = ""


Node = Union[Decision, Chance, Terminal]  # noqa: UP007 (a runtime alias used in annotations)


def terminal(*payoffs: float | str | Formula, name: str = "", outcome: str = "") -> Terminal:
    """A terminal node with the given payoffs (numbers, formulas or formula text)."""
    return Terminal(tuple(value_of(p, where=f"payoff at {name or 'a terminal node'}")
                          for p in payoffs), name=name, outcome=outcome)


def decision(
    player: str, moves: Mapping[str, Node], *, name: str = "", infoset: str = ""
) -> Decision:
    """A decision node of ``player``: ``moves`` maps each action to the node it leads to."""
    return Decision(player, tuple(moves), tuple(moves.values()), name=name, infoset=infoset)


def chance(moves: Mapping[str, tuple[float | str | Formula, Node]], *, name: str = "") -> Chance:
    """A chance node: ``moves`` maps each action to ``(probability, node)``."""
    where = f"probability at {name or 'a chance node'}"
    return Chance(tuple(moves), tuple(value_of(p, where=where) for p, _ in moves.values()),
                  tuple(c for _, c in moves.values()), name=name)


@dataclass(frozen=True)
class Infoset:
    """An information set: its player, actions, member nodes and per-player number."""

    player: int
    actions: tuple[str, ...]
    members: tuple[int, ...]
    label: str
    number: int


@dataclass(frozen=True)
class FlatTree:
    """A game's nodes in depth-first pre-order (every parent before its children).

    Solvers work on these tables; node ``i`` of every table is the same node.
    """

    nodes: tuple[Node, ...]
    labels: tuple[str, ...]
    parent: tuple[int, ...]
    parent_action: tuple[int, ...]
    children: tuple[tuple[int, ...], ...]
    player: tuple[int, ...]
    infoset: tuple[int, ...]
    infosets: tuple[Infoset, ...]
    terminals: tuple[int, ...]

    def kind(self, i: int) -> str:
        """``"decision"``, ``"chance"`` or ``"terminal"``."""
        node = self.nodes[i]
        return "decision" if isinstance(node, Decision) else (
            "chance" if isinstance(node, Chance) else "terminal")

    def path(self, i: int) -> list[tuple[int, int]]:
        """The ``(node, action)`` moves from the root to node ``i``."""
        out: list[tuple[int, int]] = []
        while self.parent[i] >= 0:
            out.append((self.parent[i], self.parent_action[i]))
            i = self.parent[i]
        return out[::-1]

    @property
    def perfect_information(self) -> bool:
        """Whether every information set has one node."""
        return all(len(s.members) == 1 for s in self.infosets)


@dataclass(frozen=True)
class Game:
    """An extensive-form game.

    Parameters
    ----------
    title
        A short name.
    players
        The players' names; payoffs at terminal nodes follow this order.
    root
        The root node.
    description
        What the game is about, its reference and its lesson.

    Raises
    ------
    GameError
        If the tree is malformed: an unknown player, a node whose number of children,
        actions or payoffs does not match, numeric chance probabilities that are
        negative or do not sum to 1, or an information set whose nodes differ in
        player or actions. The message names the node.
    """

    title: str
    players: tuple[str, ...]
    root: Node
    description: str = ""
    flat: FlatTree = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.players:
            raise GameError(f"game {self.title!r}: it needs at least one player")
        if len(set(self.players)) != len(self.players):
            raise GameError(f"game {self.title!r}: a player is listed twice")
        object.__setattr__(self, "flat", _flatten(self))

    @property
    def names(self) -> frozenset[str]:
        """Every name the game's formulas use."""
        out: set[str] = set()
        for node in self.flat.nodes:
            values = node.payoffs if isinstance(node, Terminal) else (
                node.probabilities if isinstance(node, Chance) else ())
            out.update(n for v in values if isinstance(v, Formula) for n in v.names)
        return frozenset(out)

    def evaluate(self, env: Mapping[str, object] | None = None, n: int | None = None
                 ) -> GameValues:
        """Payoffs and chance probabilities as arrays over draws (see
        :func:`deterrence.games.values.evaluate_game`)."""
        from .values import evaluate_game

        return evaluate_game(self, env or {}, n)


def _label(node: Node, path: list[str]) -> str:
    if node.name:
        return node.name
    return "root" if not path else "root > " + " > ".join(path)


def _flatten(game: Game) -> FlatTree:
    """Number the nodes in pre-order and check each one; no recursion."""
    players = {p: i for i, p in enumerate(game.players)}
    nodes: list[Node] = []
    labels: list[str] = []
    parent: list[int] = []
    parent_action: list[int] = []
    children: list[list[int]] = []
    stack: list[tuple[Node, int, int, list[str]]] = [(game.root, -1, -1, [])]
    while stack:
        node, par, act, path = stack.pop()
        if len(nodes) >= MAX_NODES:
            raise GameError(f"game {game.title!r} has more than {MAX_NODES:,} nodes")
        if len(path) > MAX_DEPTH:
            raise GameError(f"game {game.title!r} is more than {MAX_DEPTH} moves deep "
                            f"(at {_label(node, path)!r})")
        index = len(nodes)
        nodes.append(node)
        labels.append(_label(node, path))
        parent.append(par)
        parent_action.append(act)
        children.append([])
        if par >= 0:
            children[par].append(index)
        _check_node(node, labels[-1], players, len(game.players))
        if not isinstance(node, Terminal):
            for a in range(len(node.children) - 1, -1, -1):
                stack.append((node.children[a], index, a, [*path, node.actions[a]]))
    player = [players[n.player] if isinstance(n, Decision) else -1 for n in nodes]
    infoset, infosets = _infosets(nodes, labels, player, game.players)
    return FlatTree(
        nodes=tuple(nodes), labels=tuple(labels), parent=tuple(parent),
        parent_action=tuple(parent_action), children=tuple(tuple(c) for c in children),
        player=tuple(player), infoset=tuple(infoset), infosets=infosets,
        terminals=tuple(i for i, n in enumerate(nodes) if isinstance(n, Terminal)),
    )


def _check_node(node: Node, label: str, players: Mapping[str, int], n_players: int) -> None:
    if isinstance(node, Terminal):
        if len(node.payoffs) != n_players:
            raise GameError(f"node {label!r}: {len(node.payoffs)} payoff(s) given for "
                            f"{n_players} player(s)")
        return
    if not isinstance(node, Decision | Chance):
        raise GameError(f"node {label!r}: not a Decision, Chance or Terminal node")
    if not node.actions:
        raise GameError(f"node {label!r}: a move needs at least one action")
    if len(node.children) != len(node.actions):
        raise GameError(f"node {label!r}: {len(node.actions)} action(s) but "
                        f"{len(node.children)} child node(s)")
    if len(set(node.actions)) != len(node.actions):
        raise GameError(f"node {label!r}: an action label is used twice")
    if isinstance(node, Decision):
        if node.player not in players:
            raise GameError(f"node {label!r}: unknown player {node.player!r}; the players "
                            f"are {', '.join(players)}")
        return
    if len(node.probabilities) != len(node.actions):
        raise GameError(f"node {label!r}: {len(node.actions)} action(s) but "
                        f"{len(node.probabilities)} probabilit(ies)")
    numbers = [p for p in node.probabilities if not isinstance(p, Formula)]
    if any(p < -PROBABILITY_TOLERANCE or p > 1 + PROBABILITY_TOLERANCE for p in numbers):
        raise GameError(f"node {label!r}: a chance probability is outside [0, 1]")
    if len(numbers) == len(node.probabilities) and abs(sum(numbers) - 1.0) > 1e-6:
        raise GameError(f"node {label!r}: the chance probabilities sum to "
                        f"{sum(numbers):.6g}, not 1")


def _infosets(nodes: Sequence[Node], labels: Sequence[str], player: Sequence[int],
              names: Sequence[str]) -> tuple[list[int], tuple[Infoset, ...]]:
    keys: dict[tuple[int, str], int] = {}
    members: list[list[int]] = []
    first: list[int] = []
    infoset = [-1] * len(nodes)
    for i, node in enumerate(nodes):
        if not isinstance(node, Decision):
            continue
        key = (player[i], node.infoset or f"\0{i}")
        if key not in keys:
            keys[key] = len(members)
            members.append([])
            first.append(i)
        k = keys[key]
        lead = nodes[first[k]]
        assert isinstance(lead, Decision)
        if node.actions != lead.actions:
            raise GameError(f"node {labels[i]!r}: it shares information set {node.infoset!r} "
                            f"with {labels[first[k]]!r} but its actions differ")
        members[k].append(i)
        infoset[i] = k
    numbers: dict[int, int] = {}
    out = []
    for m in members:
        p = player[m[0]]
        numbers[p] = numbers.get(p, 0) + 1
        lead = nodes[m[0]]
        assert isinstance(lead, Decision)
        out.append(Infoset(p, lead.actions, tuple(m), lead.infoset or labels[m[0]], numbers[p]))
    return infoset, tuple(out)

