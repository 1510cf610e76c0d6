"""A scenario's games, with payoffs evaluated from the scenario's model.

The payoffs and chance probabilities of a scenario's game are formulas over its
parameters and derived quantities; they are evaluated at point values and across
Monte Carlo draws through the scenario's compiled :class:`~deterrence.model.Model`
(``model.evaluate(model.sample(n, rng=rng)).quantities``), so a game inside a run sees
exactly the numbers of that run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from ..formula import suggest
from .builder import build_game, build_thresholds
from .errors import GameError
from .signalling import SignallingGame
from .spec import GameSpec
from .thresholds import Thresholds
from .tree import Game

if TYPE_CHECKING:
    from ..model import Model
    from ..scenario.schema import Scenario

__all__ = ["ModelValues", "ScenarioGame", "model_values", "scenario_game", "scenario_game_ids"]

MAX_GAME_SAMPLES = 5_000_000


@dataclass(frozen=True)
class ScenarioGame:
    """One game of a scenario, built: its id, section, game and thresholds."""

    id: str
    spec: GameSpec
    game: Game | SignallingGame
    thresholds: Thresholds | None


def scenario_game_ids(scenario: Scenario) -> tuple[str, ...]:
    """Ids of the scenario's games, in file order."""
    return tuple(scenario.games)


def scenario_game(scenario: Scenario, game_id: str) -> ScenarioGame:
    """Build the scenario's game ``game_id``.

    Raises
    ------
    GameError
        If the scenario has no such game (with a suggestion) or the section is malformed.
    """
    if game_id not in scenario.games:
        known = list(scenario.games)
        raise GameError(f"scenario {scenario.id!r} has no game {game_id!r}"
                        f"{suggest(game_id, known)}; its games: {', '.join(known) or 'none'}")
    spec = scenario.games[game_id]
    return ScenarioGame(game_id, spec, build_game(spec, title=game_id), build_thresholds(spec))


@dataclass(frozen=True)
class ModelValues:
    """Every quantity of a model at point values and across draws.

    Attributes
    ----------
    point
        Each parameter and derived quantity at point values (stated point, else median).
    draws
        Each quantity across ``samples`` draws (``None`` when ``samples`` is 0).
    samples, seed
        How the draws were made.
    """

    point: Mapping[str, NDArray[np.float64]]
    draws: Mapping[str, NDArray[np.float64]] | None
    samples: int
    seed: int | None


def model_values(model: Model, *, samples: int, seed: int | None) -> ModelValues:
    """Evaluate ``model`` at point values and, if ``samples > 0``, across draws.

    Raises
    ------
    GameError
        If ``samples`` is negative or above 5 million.
    """
    if not 0 <= samples <= MAX_GAME_SAMPLES:
        raise GameError(f"samples must be between 0 and {MAX_GAME_SAMPLES:,}, not {samples:,}")
    point = model.evaluate(model.point_values()).quantities
    if samples == 0:
        return ModelValues(point, None, 0, seed)
    if seed is None:
        seed = int(np.random.SeedSequence().generate_state(1, dtype=np.uint64)[0] % (2**63))
    rng = np.random.default_rng(seed)
    draws = model.evaluate(model.sample(samples, rng=rng)).quantities
    return ModelValues(point, draws, samples, seed)
