"""Turning a scenario's game section (a :class:`~deterrence.games.spec.GameSpec`) into a game.

:func:`check_spec` lists every problem of a section with its field path, for the
scenario checker; :func:`build_game` makes the :class:`~deterrence.games.tree.Game` or
:class:`~deterrence.games.signalling.SignallingGame`, with formulas parsed once. The
node graph is walked without recursion: a cycle, a node reached from two parents, an
unknown or unreachable node is reported with the node's name.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING

from ..errors import DeterrenceError
from ..formula import parse_formula
from .errors import GameError
from .signalling import SignallingGame
from .thresholds import Thresholds
from .tree import Chance, Decision, Game, Node, Terminal, Value

if TYPE_CHECKING:
    from .spec import GameSpec, NodeSpec

__all__ = ["build_game", "build_thresholds", "check_spec"]

Loc = tuple[str | int, ...]


class _Problems:
    """Collects (field path, message) pairs while a section is read."""

    def __init__(self, known: Collection[str] | None) -> None:
        self.known = known
        self.items: list[tuple[Loc, str]] = []

    def add(self, loc: Loc, message: str) -> None:
        self.items.append((loc, message))

    def value(self, loc: Loc, x: str | float) -> Value:
        if not isinstance(x, str):
            return float(x)
        try:
            formula = parse_formula(x)
            if self.known is not None:
                formula.check_names(self.known)
        except DeterrenceError as exc:
            self.add(loc, str(exc))
            return 0.0
        return formula


def check_spec(spec: GameSpec, known: Collection[str]) -> list[tuple[Loc, str]]:
    """Every problem of one game section, as (field path, message) pairs."""
    problems = _Problems(known)
    if spec.kind == "tree":
        _tree(spec, problems)
    else:
        _signalling(spec, problems)
    if spec.thresholds is not None:
        _thresholds(spec, problems)
    return problems.items


def build_game(spec: GameSpec, *, title: str = "game") -> Game | SignallingGame:
    """The game a section describes (formulas parsed, names not checked).

    Raises
    ------
    GameError
        Naming the field of the first problem found.
    """
    problems = _Problems(None)
    game = _tree(spec, problems, title) if spec.kind == "tree" else _signalling(
        spec, problems, title)
    if problems.items or game is None:
        loc, message = problems.items[0]
        raise GameError(f"game {title!r}, {'.'.join(str(p) for p in loc)}: {message}",
                        where=loc)
    return game


def build_thresholds(spec: GameSpec) -> Thresholds | None:
    """The thresholds a section names, if any."""
    if spec.thresholds is None:
        return None
    return _thresholds(spec, _Problems(None))


def _thresholds(spec: GameSpec, problems: _Problems) -> Thresholds:
    th = spec.thresholds
    assert th is not None
    fields = ("z", "K", "kappa", "r", "h0", "w", "LR", "q", "q_baseline")
    values = {f: problems.value(("thresholds", f), getattr(th, f)) for f in fields
              if getattr(th, f) is not None}
    return Thresholds(challenger=th.challenger, patron=th.patron, **values)


def _signalling(spec: GameSpec, problems: _Problems, title: str = "game"
                ) -> SignallingGame | None:
    for field in ("sender", "receiver", "prior"):
        if getattr(spec, field) is None:
            problems.add((field,), f"a signalling game needs a {field}")
    for field, least in (("types", 2), ("messages", 2), ("responses", 2)):
        items = getattr(spec, field)
        if len(items) < least or len(set(items)) != len(items):
            problems.add((field,), f"a signalling game needs {least} or more distinct {field}"
                         if field == "responses" else f"a signalling game needs two distinct "
                         f"{field}")
    if problems.items:
        return None
    prior = problems.value(("prior",), spec.prior if spec.prior is not None else 0.0)
    table = []
    for t in spec.types:
        rows = []
        for m in spec.messages:
            cells: list[tuple[Value, Value]] = []
            for r in spec.responses:
                loc: Loc = ("payoffs", t, m, r)
                pair = spec.payoffs.get(t, {}).get(m, {}).get(r)
                if pair is None or len(pair) != 2:
                    problems.add(loc, f"give [sender's payoff, receiver's payoff] for type {t}, "
                                 f"message {m}, response {r}")
                    cells.append((0.0, 0.0))
                    continue
                cells.append((problems.value((*loc, 0), pair[0]),
                              problems.value((*loc, 1), pair[1])))
            rows.append(tuple(cells))
        table.append(tuple(rows))
    _unknown_keys(spec, problems)
    if problems.items:
        return None
    assert spec.sender is not None and spec.receiver is not None
    try:
        return SignallingGame(spec.title or title, spec.sender, spec.receiver,
                              (spec.types[0], spec.types[1]), prior,
                              (spec.messages[0], spec.messages[1]), tuple(spec.responses),
                              tuple(table), spec.description)
    except GameError as exc:
        problems.add((), exc.message)
        return None


def _unknown_keys(spec: GameSpec, problems: _Problems) -> None:
    for t, by_m in spec.payoffs.items():
        if t not in spec.types:
            problems.add(("payoffs", t), f"unknown type {t!r}")
        for m, by_r in by_m.items():
            if m not in spec.messages:
                problems.add(("payoffs", t, m), f"unknown message {m!r}")
            for r in by_r:
                if r not in spec.responses:
                    problems.add(("payoffs", t, m, r), f"unknown response {r!r}")


def _tree(spec: GameSpec, problems: _Problems, title: str = "game") -> Game | None:
    if not spec.players:
        problems.add(("players",), "a game tree needs its players")
    if len(set(spec.players)) != len(spec.players):
        problems.add(("players",), "a player is listed twice")
    if spec.root is None or spec.root not in spec.nodes:
        problems.add(("root",), "give the root: the name of the node where the game starts"
                     if spec.root is None else f"the root {spec.root!r} is not a node")
        return None
    for name, node in spec.nodes.items():
        _node_shape(name, node, spec.players, spec.nodes, problems)
    if problems.items:
        return None
    order = _walk(spec.root, spec.nodes, problems)
    if problems.items:
        return None
    built: dict[str, Node] = {}
    for name in reversed(order):
        built[name] = _make(name, spec.nodes[name], spec.players, built, problems)
    if problems.items:
        return None
    try:
        return Game(spec.title or title, tuple(spec.players), built[spec.root],
                    spec.description)
    except GameError as exc:
        problems.add(("nodes",), exc.message)
        return None


def _targets(node: NodeSpec) -> list[tuple[Loc, str]]:
    if node.actions is not None:
        return [(("actions", a), nxt) for a, nxt in node.actions.items()]
    if node.chance is not None:
        return [(("chance", a, "next"), b.next) for a, b in node.chance.items()]
    return []


def _node_shape(name: str, node: NodeSpec, players: list[str],
                nodes: Mapping[str, NodeSpec], problems: _Problems) -> None:
    loc: Loc = ("nodes", name)
    kinds = [k for k in ("actions", "chance", "payoffs") if getattr(node, k) is not None]
    if len(kinds) != 1:
        problems.add(loc, "a node needs exactly one of: player and actions (a decision), "
                     "chance (nature's move), payoffs (an end)")
        return
    if node.actions is not None:
        if node.player not in players:
            problems.add((*loc, "player"), f"unknown player {node.player!r}; the players are "
                         f"{', '.join(players)}" if node.player else "a decision needs a player")
        if not node.actions:
            problems.add((*loc, "actions"), "a decision needs at least one action")
    elif node.player is not None or node.infoset is not None:
        problems.add((*loc, "player"), "only a decision node has a player and an infoset")
    if node.chance is not None:
        if not node.chance:
            problems.add((*loc, "chance"), "a chance move needs at least one action")
        _chance_sum(loc, node, problems)
    if node.payoffs is not None:
        for p in players:
            if p not in node.payoffs:
                problems.add((*loc, "payoffs"), f"no payoff for player {p!r} at end {name!r}")
        for p in node.payoffs:
            if p not in players:
                problems.add((*loc, "payoffs", p), f"{p!r} is not a player of this game")
    for where, target in _targets(node):
        if target not in nodes:
            problems.add((*loc, *where), f"node {name!r} leads to {target!r}, which is not a node")


def _chance_sum(loc: Loc, node: NodeSpec, problems: _Problems) -> None:
    assert node.chance is not None
    numbers = [b.probability for b in node.chance.values()]
    if all(isinstance(p, float | int) for p in numbers):
        values = [float(p) for p in numbers]
        if any(p < 0 or p > 1 for p in values):
            problems.add((*loc, "chance"), "a probability is outside [0, 1]")
        elif abs(sum(values) - 1.0) > 1e-9:
            problems.add((*loc, "chance"), f"the probabilities at {loc[-1]!r} sum to "
                         f"{sum(values):.6g}, not 1")


def _walk(root: str, nodes: Mapping[str, NodeSpec], problems: _Problems) -> list[str]:
    """Nodes in pre-order from the root; reports cycles, shared nodes and unreachable ones."""
    order: list[str] = []
    parent: dict[str, str] = {}
    stack: list[tuple[str, list[str]]] = [(root, [root])]
    while stack:
        name, path = stack.pop()
        order.append(name)
        for _, target in reversed(_targets(nodes[name])):
            if target in path:
                cycle = " -> ".join([*path[path.index(target):], target])
                problems.add(("nodes", name), f"the nodes form a cycle: {cycle}")
                return order
            shared = nodes[target].payoffs is None
            if target in parent and shared:
                problems.add(("nodes", target), f"node {target!r} is reached from both "
                             f"{parent[target]!r} and {name!r}; a game tree gives each node "
                             "one parent (only ends may be shared)")
                return order
            parent.setdefault(target, name)
            stack.append((target, [*path, target]))
    seen = set(order)
    for name in nodes:
        if name not in seen:
            problems.add(("nodes", name), f"node {name!r} cannot be reached from the root")
    return order


def _make(name: str, node: NodeSpec, players: list[str], built: Mapping[str, Node],
          problems: _Problems) -> Node:
    loc: Loc = ("nodes", name)
    label = node.label or name
    if node.payoffs is not None:
        pays = tuple(problems.value((*loc, "payoffs", p), node.payoffs[p]) for p in players)
        return Terminal(pays, name=label, outcome=node.outcome or name)
    if node.chance is not None:
        probs = tuple(problems.value((*loc, "chance", a, "probability"), b.probability)
                      for a, b in node.chance.items())
        return Chance(tuple(node.chance), probs,
                      tuple(built[b.next] for b in node.chance.values()), name=label)
    assert node.actions is not None and node.player is not None
    return Decision(node.player, tuple(node.actions),
                    tuple(built[t] for t in node.actions.values()), name=label,
                    infoset=node.infoset or "")

