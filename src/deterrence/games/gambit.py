"""Reading and writing Gambit's game files: ``.efg`` (extensive) and ``.nfg`` (normal form).

The reader is a small tokenizer and a recursive-descent parser over its tokens; it never
evaluates text. Files are bounded in size, node count and depth, so a hostile file cannot
make it hang or exhaust memory, and every error names the line (and for ``.efg`` files
the node number and kind) where it was found.

Outcomes attached to non-terminal nodes (which Gambit allows) are added to the payoffs
of every terminal node below them, which leaves every strategy's payoffs unchanged.

References
----------
.. [1] The Gambit Project. Game representation formats (``.efg`` version 2, ``.nfg``
   version 1). Gambit documentation, https://gambitproject.readthedocs.io.
.. [2] McKelvey, R. D., McLennan, A. M. & Turocy, T. L. Gambit: Software Tools for
   Game Theory.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import GameError
from .gambit_format import format_efg, format_nfg, write_gambit
from .gambit_tokens import MAX_FILE_CHARS, Tokens, read_header
from .normal_form import NormalFormGame
from .tree import MAX_DEPTH, MAX_NODES, Chance, Decision, Game, Node, Terminal

__all__ = [
    "MAX_FILE_CHARS",
    "format_efg",
    "format_nfg",
    "parse_efg",
    "parse_nfg",
    "read_gambit",
    "write_gambit",
]

# ------------------------------------------------------------------ .efg


@dataclass
class _Raw:
    """One parsed node line, before the tree is assembled."""

    kind: str
    name: str
    line: int
    number: int
    player: int = 0
    infoset: int = 0
    actions: tuple[str, ...] = ()
    probs: tuple[float, ...] = ()
    payoffs: tuple[float, ...] = ()
    outcome_name: str = ""
    infoset_name: str = ""


def parse_efg(text: str, *, name: str = "<efg>") -> Game:
    """Parse the text of a Gambit ``.efg`` file into a :class:`~deterrence.games.tree.Game`.

    Raises
    ------
    GameError
        If the file is malformed; the message names the line and node.
    """
    toks = Tokens(text, name)
    title, players = read_header(toks, "EFG", "2")
    comment = toks.string("comment") if toks.at("string") else ""
    raws: list[_Raw] = []
    state = _EfgState(len(players))
    while toks.peek() is not None:
        if len(raws) >= MAX_NODES:
            raise toks.fail(f"more than {MAX_NODES:,} nodes")
        raws.append(_efg_node(toks, state, len(raws) + 1))
    if not raws:
        raise toks.fail("the file has no nodes")
    _name_infosets(raws)
    root = _assemble(raws, players, name)
    try:
        return Game(title or Path(name).stem, tuple(players), root, comment.strip())
    except GameError as exc:
        raise GameError(f"{name}: {exc}") from None


class _EfgState:
    """Information sets and outcomes seen so far (later nodes may refer to them by number)."""

    def __init__(self, n_players: int) -> None:
        self.n_players = n_players
        self.infosets: dict[tuple[int, int], tuple[str, tuple[str, ...], tuple[float, ...]]] = {}
        self.outcomes: dict[int, tuple[str, tuple[float, ...]]] = {}


def _efg_node(toks: Tokens, state: _EfgState, number: int) -> _Raw:
    tok = toks.take("word", "a node: p (player), c (chance) or t (terminal)")
    if tok.text not in ("p", "c", "t"):
        raise toks.fail(f"node {number}: expected p, c or t", tok)
    raw = _Raw(tok.text, toks.string(f"node {number}: the node's name in quotes"), tok.line,
               number)
    where = f"node {number} ({tok.text})"
    if tok.text != "t":
        if tok.text == "p":
            raw.player = toks.integer(f"{where}: the player number", 1, state.n_players)
        raw.infoset = toks.integer(f"{where}: the information set number", 1)
        _efg_infoset(toks, state, raw, where)
    outcome = toks.integer(f"{where}: the outcome number (0 for none)", 0)
    raw.payoffs, raw.outcome_name = _efg_outcome(toks, state, outcome, where)
    return raw


def _efg_infoset(toks: Tokens, state: _EfgState, raw: _Raw, where: str) -> None:
    key = (raw.player, raw.infoset)
    label = toks.string("name") if toks.at("string") else None
    if toks.at("lbrace"):
        toks.pos += 1
        actions: list[str] = []
        probs: list[float] = []
        while not toks.at("rbrace"):
            actions.append(toks.string(f"{where}: an action's name in quotes"))
            if raw.kind == "c":
                probs.append(toks.number(f"{where}: the probability of {actions[-1]!r}"))
            if len(actions) > 10_000:
                raise toks.fail(f"{where}: more than 10,000 actions")
        toks.take("rbrace", f"{where}: '}}' after the actions")
        if not actions:
            raise toks.fail(f"{where}: a move needs at least one action")
        old = state.infosets.get(key)
        if old is not None and len(old[1]) != len(actions):
            raise toks.fail(f"{where}: information set {raw.infoset} was given "
                            f"{len(old[1])} actions before, {len(actions)} here")
        state.infosets[key] = (old[0] if old else (label or ""), _distinct(actions),
                               tuple(probs))
    elif key not in state.infosets:
        raise toks.fail(f"{where}: information set {raw.infoset} is new, so its actions must "
                        "be listed in braces")
    raw.infoset_name, raw.actions, raw.probs = state.infosets[key]


def _name_infosets(raws: list[_Raw]) -> None:
    """Use an information set's own name when it is unique for its player, else its number."""
    names: dict[tuple[int, str], set[int]] = {}
    for raw in raws:
        if raw.kind == "p":
            names.setdefault((raw.player, raw.infoset_name), set()).add(raw.infoset)
    for raw in raws:
        if raw.kind == "p":
            unique = raw.infoset_name and len(names[(raw.player, raw.infoset_name)]) == 1
            raw.infoset_name = raw.infoset_name if unique else (
                f"#{raw.infoset}" + (f" {raw.infoset_name}" if raw.infoset_name else ""))


def _distinct(actions: list[str]) -> tuple[str, ...]:
    """Action labels made distinct (Gambit allows repeats and blanks; a tree here does not)."""
    out: list[str] = []
    for k, a in enumerate(actions):
        label = a or str(k + 1)
        if label in out:
            label = f"{label} ({k + 1})"
        while label in out:
            label += "'"
        out.append(label)
    return tuple(out)


def _efg_outcome(toks: Tokens, state: _EfgState, outcome: int, where: str
                 ) -> tuple[tuple[float, ...], str]:
    if outcome == 0:
        return (), ""
    oname = toks.string("name") if toks.at("string") else None
    if toks.at("lbrace"):
        toks.pos += 1
        pays: list[float] = []
        while not toks.at("rbrace"):
            pays.append(toks.number(f"{where}: a payoff"))
            if len(pays) > state.n_players:
                raise toks.fail(f"{where}: more payoffs than the {state.n_players} players")
        toks.take("rbrace", f"{where}: '}}' after the payoffs")
        if len(pays) != state.n_players:
            raise toks.fail(f"{where}: outcome {outcome} has {len(pays)} payoff(s) for "
                            f"{state.n_players} player(s)")
        state.outcomes[outcome] = (oname or "", tuple(pays))
    elif outcome not in state.outcomes:
        raise toks.fail(f"{where}: outcome {outcome} is new, so its payoffs must be given "
                        "in braces")
    return state.outcomes[outcome][1], state.outcomes[outcome][0]


def _assemble(raws: list[_Raw], players: list[str], name: str) -> Node:
    """Build the tree from nodes in prefix order, with outcome payoffs pushed to the leaves."""
    zero = (0.0,) * len(players)
    stack: list[tuple[_Raw, list[Node], tuple[float, ...]]] = []
    finished: Node | None = None
    for raw in raws:
        if finished is not None:
            raise GameError(f"{name}, line {raw.line}: node {raw.number} comes after the tree "
                            "is complete (too many nodes for the actions above)")
        above = stack[-1][2] if stack else zero
        total = tuple(a + b for a, b in zip(above, raw.payoffs or zero, strict=True))
        if len(stack) > MAX_DEPTH:
            raise GameError(f"{name}, line {raw.line}: the tree is more than {MAX_DEPTH} "
                            "moves deep")
        if raw.kind != "t":
            stack.append((raw, [], total))
            continue
        node: Node = Terminal(total, name=raw.name, outcome=raw.outcome_name)
        while True:
            if not stack:
                finished = node
                break
            stack[-1][1].append(node)
            top, kids, _ = stack[-1]
            if len(kids) < len(top.actions):
                break
            stack.pop()
            node = _inner(top, kids, players)
    if finished is None:
        top = stack[-1][0]
        raise GameError(f"{name}, line {top.line}: node {top.number} ({top.kind}) is missing "
                        f"children: the file ends before all its actions have a node")
    return finished


def _inner(raw: _Raw, kids: list[Node], players: list[str]) -> Node:
    label = raw.infoset_name
    if raw.kind == "c":
        return Chance(raw.actions, tuple(raw.probs), tuple(kids), name=raw.name)
    return Decision(players[raw.player - 1], raw.actions, tuple(kids), name=raw.name,
                    infoset=label)


# ------------------------------------------------------------------ .nfg


def parse_nfg(text: str, *, name: str = "<nfg>") -> NormalFormGame:
    """Parse the text of a Gambit ``.nfg`` file (payoff or outcome version).

    Raises
    ------
    GameError
        If the file is malformed; the message names the line.
    """
    toks = Tokens(text, name)
    title, players = read_header(toks, "NFG", "1")
    toks.take("lbrace", "'{' before the strategies (names or counts)")
    strategies: list[tuple[str, ...]] = []
    counted = toks.at("number")
    while not toks.at("rbrace"):
        if counted:
            count = toks.integer("a number of strategies", 1, 100_000)
            strategies.append(tuple(str(k + 1) for k in range(count)))
        else:
            strategies.append(_nfg_names(toks))
        if len(strategies) > len(players):
            raise toks.fail(f"strategies for more than the {len(players)} players")
    toks.take("rbrace", "'}' after the strategies")
    if len(strategies) != len(players):
        raise toks.fail(f"strategies for {len(strategies)} of {len(players)} players")
    shape = tuple(len(s) for s in strategies)
    profiles = math.prod(shape)
    if profiles * len(players) > 20_000_000:
        raise toks.fail("the game is too large")
    comment = toks.string("comment") if toks.at("string") else ""
    flat = _nfg_outcomes(toks, len(players), profiles) if toks.at("lbrace") else np.array(
        [toks.number("a payoff") for _ in range(profiles * len(players))])
    if toks.peek() is not None:
        raise toks.fail("unexpected text after the payoffs")
    # profiles are listed with the first player's strategy changing fastest
    table = flat.reshape(*reversed(shape), len(players))
    payoffs = np.moveaxis(table, -1, 0).transpose(0, *range(len(players), 0, -1))
    return NormalFormGame(title or Path(name).stem, tuple(players), tuple(strategies),
                          np.ascontiguousarray(payoffs), comment.strip())


def _nfg_names(toks: Tokens) -> tuple[str, ...]:
    toks.take("lbrace", "'{' before a player's strategy names")
    names: list[str] = []
    while not toks.at("rbrace"):
        names.append(toks.string("a strategy's name in quotes"))
        if len(names) > 100_000:
            raise toks.fail("more than 100,000 strategies")
    toks.take("rbrace", "'}' after the strategy names")
    if not names:
        raise toks.fail("a player needs at least one strategy")
    return tuple(names)


def _nfg_outcomes(toks: Tokens, n_players: int, profiles: int) -> np.ndarray:
    toks.take("lbrace", "'{' before the outcomes")
    outcomes: list[tuple[float, ...]] = []
    while not toks.at("rbrace"):
        toks.take("lbrace", "'{' before an outcome")
        if toks.at("string"):
            toks.pos += 1
        pays = []
        while not toks.at("rbrace"):
            pays.append(toks.number(f"a payoff of outcome {len(outcomes) + 1}"))
            if len(pays) > n_players:
                raise toks.fail(f"outcome {len(outcomes) + 1} has more than {n_players} payoffs")
        toks.take("rbrace", "'}' after an outcome's payoffs")
        if len(pays) != n_players:
            raise toks.fail(f"outcome {len(outcomes) + 1} has {len(pays)} payoff(s) for "
                            f"{n_players} player(s)")
        outcomes.append(tuple(pays))
        if len(outcomes) > profiles:
            raise toks.fail("more outcomes than strategy profiles")
    toks.take("rbrace", "'}' after the outcomes")
    zero = (0.0,) * n_players
    flat: list[float] = []
    for _ in range(profiles):
        k = toks.integer("the outcome number of a strategy profile", 0, len(outcomes))
        flat.extend(outcomes[k - 1] if k else zero)
    return np.array(flat, dtype=np.float64)


def read_gambit(path: str | Path) -> Game | NormalFormGame:
    """Read a Gambit ``.efg`` or ``.nfg`` file (chosen by its first word, not its name)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_CHARS * 4:
            raise GameError(f"{path}: the file is {size:,} bytes; too large for a game file")
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError as exc:
        raise GameError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    head = text.lstrip()[:3]
    if head == "EFG":
        return parse_efg(text, name=str(path))
    if head == "NFG":
        return parse_nfg(text, name=str(path))
    raise GameError(f"{path}: not a Gambit game file (it should start with EFG or NFG)")
