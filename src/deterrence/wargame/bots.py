"""Bots: policies that choose a side's move, for many runs at once or for one session.

A policy sees a :class:`Choice` (the side's moves, which are allowed in each run, and
the side's own view of the world as arrays over runs) and returns one move index per
run, ``-1`` meaning pass. Four are provided:

``greedy``
    Picks the move with the highest expected gain in the side's objective, computed with
    the side's *perceived* state and *believed* parameters (one step ahead); passes when
    no move is expected to gain. A side that misjudges the world misplays accordingly.
``random``
    Picks uniformly among the allowed moves and passing.
``scripted``
    Plays the scenario's ``script`` (move by turn); passes when the move is not allowed.
``pass``
    Never moves.

References
----------
.. [1] Bueno de Mesquita, B. (1981). *The War Trap*. Yale University Press. (Choice by
   expected utility under the chooser's own estimates.)
.. [2] Perla, P. P. (1990). *The Art of Wargaming*, ch. 9 (automated players for analysis).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from ..formula import suggest
from .errors import WargameError
from .rules import Env, Rules
from .spec import OUTCOMES

__all__ = [
    "POLICIES",
    "Choice",
    "GreedyPolicy",
    "PassPolicy",
    "Policy",
    "RandomPolicy",
    "ScriptedPolicy",
    "expected_gains",
    "make_policy",
]

IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class Choice:
    """What a policy knows when choosing for ``side`` in ``turn``.

    Attributes
    ----------
    moves
        The side's moves, in scenario order (indices into this tuple are returned).
    allowed
        Boolean array (runs, moves): where each move's precondition holds.
    side_env
        The side's view: believed parameters and perceived state, arrays over runs.
    """

    side: str
    turn: int
    moves: tuple[str, ...]
    allowed: NDArray[np.bool_]
    side_env: Env

    @property
    def runs(self) -> int:
        """Number of runs."""
        return int(self.allowed.shape[0])


class Policy(Protocol):
    """Chooses one move index per run (``-1`` to pass)."""

    @property
    def name(self) -> str:
        """The policy's name, for reports."""
        ...

    def choose(self, rules: Rules, choice: Choice, *, rng: np.random.Generator) -> IntArray:
        """The chosen move index in each run."""
        ...


@dataclass(frozen=True)
class PassPolicy:
    """Never moves."""

    name: str = "pass"

    def choose(self, rules: Rules, choice: Choice, *, rng: np.random.Generator) -> IntArray:
        """Pass in every run."""
        return np.full(choice.runs, -1, dtype=np.int64)


@dataclass(frozen=True)
class RandomPolicy:
    """Uniform over the allowed moves and passing (passing has weight ``pass_weight``)."""

    pass_weight: float = 1.0
    name: str = "random"

    def choose(self, rules: Rules, choice: Choice, *, rng: np.random.Generator) -> IntArray:
        """A uniformly random allowed move (or pass) in each run."""
        weights = np.concatenate([np.full((choice.runs, 1), self.pass_weight),
                                  choice.allowed.astype(np.float64)], axis=1)
        cum = np.cumsum(weights, axis=1)
        u = rng.random(choice.runs) * cum[:, -1]
        picked = (cum <= u[:, None]).sum(axis=1)
        out: IntArray = np.minimum(picked, len(choice.moves)).astype(np.int64) - 1
        return out


@dataclass(frozen=True)
class ScriptedPolicy:
    """Plays ``script[turn]`` when allowed, else passes."""

    script: Mapping[int, str] = field(default_factory=dict)
    name: str = "scripted"

    def choose(self, rules: Rules, choice: Choice, *, rng: np.random.Generator) -> IntArray:
        """The scripted move where it is allowed, else pass."""
        move = self.script.get(choice.turn)
        out = np.full(choice.runs, -1, dtype=np.int64)
        if move is None or move not in choice.moves:
            return out
        k = choice.moves.index(move)
        return np.where(choice.allowed[:, k], k, out).astype(np.int64)


@dataclass(frozen=True)
class GreedyPolicy:
    """The move with the highest expected gain in the side's objective, if above ``min_gain``."""

    min_gain: float = 1e-9
    name: str = "greedy"

    def choose(self, rules: Rules, choice: Choice, *, rng: np.random.Generator) -> IntArray:
        """The best allowed move by the side's own expected value, or pass."""
        if not choice.moves:
            return np.full(choice.runs, -1, dtype=np.int64)
        gains = expected_gains(rules, choice.side, choice.side_env, choice.moves, choice.runs)
        gains = np.where(choice.allowed, np.nan_to_num(gains, nan=-np.inf), -np.inf)
        best = np.argmax(gains, axis=1)
        top = np.take_along_axis(gains, best[:, None], axis=1)[:, 0]
        return np.where(top > self.min_gain, best, -1).astype(np.int64)


def expected_gains(rules: Rules, side: str, side_env: Env, moves: tuple[str, ...],
                   runs: int) -> NDArray[np.float64]:
    """Expected change in ``side``'s objective from each move, as the side sees it.

    Returns an array (runs, moves): the sum over outcomes of the outcome's chance times
    the objective after its effects, minus the objective now.
    """
    base = np.asarray(rules.objective(side, side_env), dtype=np.float64)
    out = np.zeros((runs, len(moves)))
    for k, mid in enumerate(moves):
        bands = rules.bands(mid, side_env)
        total: Any = 0.0
        for outcome in OUTCOMES:
            effects = rules.moves[mid].effects[outcome]
            if effects:
                env = dict(side_env)
                env.update(rules.apply(effects, side_env))
                value = rules.objective(side, env)
            else:
                value = base
            total = total + bands.of(outcome) * value
        out[:, k] = np.broadcast_to(total - base, (runs,))
    return out


POLICIES = ("greedy", "random", "scripted", "pass")
"""Names of the built-in policies."""


def make_policy(rules: Rules, side: str, name: str | None = None) -> Policy:
    """The policy called ``name`` for ``side`` (its scenario default when None)."""
    spec = rules.spec.sides[side]
    name = spec.policy if name is None else name
    if name == "greedy":
        return GreedyPolicy()
    if name == "random":
        return RandomPolicy()
    if name == "scripted":
        return ScriptedPolicy(dict(spec.script))
    if name == "pass":
        return PassPolicy()
    raise WargameError(f"unknown policy {name!r}{suggest(name, POLICIES)}; "
                       f"the policies are: {', '.join(POLICIES)}")
