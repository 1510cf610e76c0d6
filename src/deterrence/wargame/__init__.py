"""Wargames: turn-based play on a scenario, with model-backed adjudication, hidden
information, a durable event log, replay, bots, Monte Carlo play and after-action reviews.

A scenario's ``wargame`` section (:mod:`~deterrence.wargame.spec`) names the sides, the
state, the moves and injects, and what each side sees. A :class:`Session` plays it in a
session file: sides submit moves, the White Cell adjudicates (rigid, semi-free or free)
and advances the turn; every step is an event in an append-only SQLite log, and the
state is always rebuilt by replaying the events. :func:`simulate` plays many games at
once with bots; :func:`review` and :func:`render` write the after-action review.

>>> import deterrence as dt
>>> from deterrence.wargame import Rules, simulate
>>> rules = Rules.compile(dt.resolve_scenario("tripwire-baltic"))
>>> result = simulate(rules, runs=1_000, seed=1)
>>> result.trajectories.shape[:2]
(1000, 5)

References
----------
.. [1] Perla, P. P. (1990). *The Art of Wargaming*. Naval Institute Press.
.. [2] Curry, J. & Price, T. (2014). *Matrix Games for Modern Wargaming*.
.. [3] Kent, S. (1964). Words of Estimative Probability. *Studies in Intelligence* 8(4).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:  # the names below are loaded on first use (see __getattr__)
    from .aar import Review, render, review
    from .adjudication import DiceTargets, Ruling, dice_targets
    from .bots import GreedyPolicy, PassPolicy, Policy, RandomPolicy, ScriptedPolicy, make_policy
    from .errors import RefusedError, ReplayError, StoreError, WargameError
    from .events import Event
    from .game import Game
    from .montecarlo import SimulationResult, simulate
    from .probability_words import describe, dice_chance, dice_target, estimative_words
    from .rebuild import replay, replay_states
    from .rules import Bands, Rules
    from .session import ReplayReport, Session
    from .spec import OUTCOMES, WHITE_CELL, WargameSpec, check_wargame
    from .state import GameState, PendingMove
    from .store import EventStore, SQLiteStore
    from .visibility import SideView, WhiteCellView

_WHERE = {
    "Bands": "rules",
    "DiceTargets": "adjudication",
    "Event": "events",
    "EventStore": "store",
    "Game": "game",
    "GameState": "state",
    "GreedyPolicy": "bots",
    "OUTCOMES": "spec",
    "PassPolicy": "bots",
    "PendingMove": "state",
    "Policy": "bots",
    "RandomPolicy": "bots",
    "RefusedError": "errors",
    "ReplayError": "errors",
    "ReplayReport": "session",
    "Review": "aar",
    "Rules": "rules",
    "Ruling": "adjudication",
    "SQLiteStore": "store",
    "ScriptedPolicy": "bots",
    "Session": "session",
    "SideView": "visibility",
    "SimulationResult": "montecarlo",
    "StoreError": "errors",
    "WHITE_CELL": "spec",
    "WargameError": "errors",
    "WargameSpec": "spec",
    "WhiteCellView": "visibility",
    "check_wargame": "spec",
    "describe": "probability_words",
    "dice_chance": "probability_words",
    "dice_target": "probability_words",
    "dice_targets": "adjudication",
    "estimative_words": "probability_words",
    "make_policy": "bots",
    "render": "aar",
    "replay": "rebuild",
    "replay_states": "rebuild",
    "review": "aar",
    "simulate": "montecarlo",
}
"""Module of each public name. They are imported lazily, so that reading a scenario file
(which imports only :mod:`deterrence.wargame.spec`) does not load the whole engine."""





__all__ = [
    "OUTCOMES",
    "WHITE_CELL",
    "Bands",
    "DiceTargets",
    "Event",
    "EventStore",
    "Game",
    "GameState",
    "GreedyPolicy",
    "PassPolicy",
    "PendingMove",
    "Policy",
    "RandomPolicy",
    "RefusedError",
    "ReplayError",
    "ReplayReport",
    "Review",
    "Rules",
    "Ruling",
    "SQLiteStore",
    "ScriptedPolicy",
    "Session",
    "SideView",
    "SimulationResult",
    "StoreError",
    "WargameError",
    "WargameSpec",
    "WhiteCellView",
    "check_wargame",
    "describe",
    "dice_chance",
    "dice_target",
    "dice_targets",
    "estimative_words",
    "make_policy",
    "render",
    "replay",
    "replay_states",
    "review",
    "simulate",
]

__getattr__, __dir__ = lazy_exports(__name__, _WHERE, __all__)
