"""A session's fixed context: compiled rules, seed, mode and parameter values.

Everything here is rebuilt from the session's first event, which embeds the scenario,
so a session file replays the same way even if the scenario file changes later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

from ..errors import DeterrenceError
from ..scenario.checks import check_scenario
from ..scenario.schema import Scenario
from .errors import ReplayError
from .events import Mode, SessionCreated
from .rules import Rules
from .state import GameState

__all__ = ["Game", "initial_state", "operation_rng"]


@dataclass(frozen=True)
class Game:
    """A session's rules, its ``created`` event, parameter environment and beliefs.

    Build one with :meth:`Game.from_created`.

    Attributes
    ----------
    env
        Every parameter and derived quantity at the session's values.
    believed
        ``env`` as each side believes it (its ``believes`` applied).
    initial
        Each state variable's initial value.
    """

    rules: Rules
    created: SessionCreated
    env: Mapping[str, Any]
    believed: Mapping[str, Mapping[str, Any]]
    initial: Mapping[str, float]

    @classmethod
    def from_created(cls, created: SessionCreated) -> Game:
        """Rebuild the game from its ``created`` event.

        Raises
        ------
        ReplayError
            If the embedded scenario is invalid or does not match its recorded hash.
        """
        try:
            scenario = Scenario.model_validate(created.scenario)
            problems = check_scenario(scenario)
            if problems:
                raise ReplayError(problems[0].message)
            if scenario.content_hash() != created.scenario_hash:
                raise ReplayError("the embedded scenario does not match its recorded hash")
            rules = Rules.compile(scenario, perspective=created.perspective,
                                  overrides=dict(created.overrides))
            env = rules.environment(created.parameters)
        except DeterrenceError as exc:
            raise ReplayError(f"the session's scenario cannot be rebuilt: {exc}") from None
        except ValueError as exc:
            raise ReplayError(f"the session's scenario is malformed: {exc}") from None
        believed = {s: MappingProxyType(rules.believed_environment(s, env)) for s in rules.sides}
        initial = {k: float(v) for k, v in rules.initial_values(env).items()}
        return cls(rules, created, MappingProxyType(env), MappingProxyType(believed),
                   MappingProxyType(initial))

    @property
    def mode(self) -> Mode:
        """The adjudication mode."""
        return self.created.mode

    @property
    def seed(self) -> int:
        """The session's seed."""
        return self.created.seed

    def live(self, state: GameState) -> dict[str, Any]:
        """The true environment of formulas at ``state``."""
        return Rules.live(self.env, state.as_dict(), state.turn)

    def side_env(self, state: GameState, side: str) -> dict[str, Any]:
        """The environment as ``side`` sees and believes it at ``state``."""
        return self.rules.side_view_env(side, self.live(state), self.believed[side],
                                        self.initial)


def initial_state(game: Game) -> GameState:
    """The state right after the ``created`` event: turn 1, initial values, nothing pending."""
    return GameState(turn=1, values=tuple(game.initial.items()), last_seq=game.created.seq)


def operation_rng(game: Game, state: GameState) -> np.random.Generator:
    """The generator for the next operation: seeded by the session seed and the number of
    events so far, so the same seed and the same moves give the same game."""
    return np.random.default_rng([game.seed, state.last_seq])
