"""Monte Carlo play: many whole games at once, each side played by a bot.

The state of every run is held as one numpy array per variable, so a turn of 10,000
games is a few dozen array operations per move, not 10,000 Python loops. The rules are
the very functions the interactive engine uses (:mod:`deterrence.wargame.rules`), in
the same order: each side chooses from the state at the turn's start; moves are
resolved side by side in scenario order, each on the state the previous left; then the
end-of-turn updates, then the next turn's injects and the end check. A run that ends
keeps its last state.

Parameters are either drawn per run (``parameters="draw"``, the model's uncertainty)
or held at their point values (``"point"``, only the dice vary). Runs are played in
chunks of :data:`CHUNK`, each with its own child seed of ``seed``, so the same seed
gives the same numbers.

References
----------
.. [1] Perla, P. P. (1990). *The Art of Wargaming*, ch. 9 (analytical games: many plays
   of a game to see the spread of outcomes).
.. [2] Downes-Martin, S. (2013). Adjudication: The Diabolus in Machina of War Gaming.
   *Naval War College Review* 66(3). (Why adjudication must be explicit to be studied.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from .adjudication import outcome_codes
from .bots import Choice, Policy, make_policy
from .errors import WargameError
from .rules import Rules
from .spec import OUTCOMES

__all__ = ["CHUNK", "MAX_RUNS", "SimulationResult", "simulate"]

CHUNK = 5_000
"""Runs played together; fixed, so results do not depend on how progress is shown."""
MAX_RUNS = 2_000_000
"""Most runs one call plays."""

Array = NDArray[np.float64]


@dataclass(frozen=True)
class SimulationResult:
    """Many games of one scenario, and how they were made.

    Attributes
    ----------
    trajectories
        Array (runs, turns + 1, variables): the state at the start of play (after turn
        1's injects) and at the end of each turn.
    indicators
        Each indicator's truth at the same points, (runs, turns + 1).
    choices
        Array (runs, turns, sides): index of the move each side chose (-1 pass or over).
    outcomes
        Array (runs, turns, sides): index into ``OUTCOMES`` (-1 when no move).
    ended_at
        The turn at whose start the end condition ended each run (0 when it did not).
    """

    scenario_id: str
    seed: int
    runs: int
    turns: int
    parameter_source: str
    policies: Mapping[str, str]
    variables: tuple[str, ...]
    sides: tuple[str, ...]
    side_moves: Mapping[str, tuple[str, ...]]
    labels: tuple[str, ...]
    trajectories: Array
    indicators: Mapping[str, NDArray[np.bool_]]
    choices: NDArray[np.int16]
    outcomes: NDArray[np.int8]
    ended_at: NDArray[np.int16]
    warnings: tuple[str, ...] = field(default=())

    def p_by_turn(self, indicator: str) -> Array:
        """Chance the indicator has been true at least once by each point (start, turn 1..)."""
        ever = np.logical_or.accumulate(self.indicators[indicator], axis=1)
        return np.asarray(ever.mean(axis=0), dtype=np.float64)

    def bands(self, variable: str, levels: Sequence[float] = (5, 25, 50, 75, 95)) -> Array:
        """Percentiles of ``variable`` at each point: array (levels, turns + 1)."""
        k = self.variables.index(variable)
        return np.asarray(np.percentile(self.trajectories[:, :, k], list(levels), axis=0))

    def move_shares(self, side: str) -> dict[str, float]:
        """Share of the side's turns (while its game lasted) spent on each move or passing."""
        s = self.sides.index(side)
        c = self.choices[:, :, s]
        live = self._live()
        total = max(int(live.sum()), 1)
        out = {m: float(((c == k) & live).sum()) / total
               for k, m in enumerate(self.side_moves[side])}
        out["(pass)"] = float(((c == -1) & live).sum()) / total
        return out

    def outcome_shares(self, side: str, move: str) -> dict[str, float]:
        """How often each outcome followed ``side``'s ``move``."""
        s = self.sides.index(side)
        k = self.side_moves[side].index(move)
        chosen = self.choices[:, :, s] == k
        n = max(int(chosen.sum()), 1)
        return {o: float((chosen & (self.outcomes[:, :, s] == i)).sum()) / n
                for i, o in enumerate(OUTCOMES)}

    def _live(self) -> NDArray[np.bool_]:
        turn = np.arange(1, self.turns + 1)[None, :]
        ended = self.ended_at[:, None]
        return np.asarray((ended == 0) | (turn < ended))

    def to_dict(self) -> dict[str, Any]:
        """Summary as plain data (JSON-ready): indicators by turn, variable bands, moves."""
        return {
            "scenario": self.scenario_id, "seed": self.seed, "runs": self.runs,
            "turns": self.turns, "parameters": self.parameter_source,
            "policies": dict(self.policies), "labels": list(self.labels),
            "indicators": {k: self.p_by_turn(k).tolist() for k in self.indicators},
            "variables": {v: dict(zip(("p05", "p25", "p50", "p75", "p95"),
                                      self.bands(v).tolist(), strict=True))
                          for v in self.variables},
            "moves": {s: self.move_shares(s) for s in self.sides if self.side_moves[s]},
            "ended_early": float((self.ended_at > 0).mean()),
            "warnings": list(self.warnings),
        }


def simulate(rules: Rules, *, runs: int, seed: int,
             policies: Mapping[str, str | Policy] | None = None,
             parameters: Literal["draw", "point"] = "draw",
             progress: Callable[[int], None] | None = None) -> SimulationResult:
    """Play ``runs`` whole games, every side a bot.

    Parameters
    ----------
    rules
        The compiled wargame.
    runs, seed
        How many games, and the seed that makes them reproducible.
    policies
        A policy (or policy name) by side; a side not given plays its scenario default.
    parameters
        ``"draw"``: each run draws its own parameter values; ``"point"``: all use point values.
    progress
        Called with the number of runs finished after each chunk.
    """
    if not 1 <= runs <= MAX_RUNS:
        raise WargameError(f"runs must be between 1 and {MAX_RUNS:,}, not {runs:,}")
    if seed < 0:
        raise WargameError(f"the seed must be a non-negative whole number, not {seed}")
    if parameters not in ("draw", "point"):
        raise WargameError(f"parameters are 'draw' or 'point', not {parameters!r}")
    chosen = _policies(rules, policies or {})
    children = np.random.SeedSequence(seed).spawn((runs + CHUNK - 1) // CHUNK)
    parts: list[_Chunk] = []
    for i, child in enumerate(children):
        n = min(CHUNK, runs - i * CHUNK)
        parts.append(_play(rules, n, chosen, parameters, np.random.default_rng(child)))
        if progress is not None:
            progress(n)
    return _collect(rules, seed, runs, parameters, chosen, parts)


def _policies(rules: Rules, given: Mapping[str, str | Policy]) -> dict[str, Policy]:
    unknown = [s for s in given if s not in rules.sides]
    if unknown:
        rules.check_side(unknown[0], white_cell=False)
    out: dict[str, Policy] = {}
    for side in rules.sides:
        p = given.get(side)
        out[side] = make_policy(rules, side, p) if p is None or isinstance(p, str) else p
    return out


@dataclass
class _Chunk:
    trajectories: Array
    indicators: dict[str, NDArray[np.bool_]]
    choices: NDArray[np.int16]
    outcomes: NDArray[np.int8]
    ended_at: NDArray[np.int16]
    nonfinite: set[str]


class _Play:
    """One chunk of runs in progress: parameters, state arrays and who is still playing."""

    def __init__(self, rules: Rules, n: int, source: str, rng: np.random.Generator) -> None:
        self.rules, self.n, self.rng = rules, n, rng
        params: Mapping[str, Any] = (rules.draw_parameters(n, rng=rng) if source == "draw"
                                     else rules.point_parameters())
        self.env = rules.environment(params)
        self.believed = {s: rules.believed_environment(s, self.env) for s in rules.sides}
        init = rules.initial_values(self.env)
        self.initial = {k: np.broadcast_to(v, (n,)).astype(np.float64) for k, v in init.items()}
        self.values = {k: v.copy() for k, v in self.initial.items()}
        self.fired = {i.id: np.zeros(n, dtype=bool) for i in rules.injects}
        self.alive = np.ones(n, dtype=bool)
        self.ended_at = np.zeros(n, dtype=np.int16)

    def live(self, turn: int) -> dict[str, Any]:
        return self.rules.live(self.env, self.values, turn)

    def update(self, new: Mapping[str, Any], where: NDArray[np.bool_]) -> None:
        for var, value in new.items():
            self.values[var] = np.where(where, value, self.values[var])

    def turn_start(self, turn: int) -> None:
        for inj in self.rules.injects:
            if inj.turn not in (None, turn):
                continue
            u = self.rng.random(self.n)
            live = self.live(turn)
            p = np.clip(np.nan_to_num(inj.probability.evaluate(live)), 0.0, 1.0)
            hit = self.alive & (u < p)
            if inj.once:
                hit &= ~self.fired[inj.id]
            if inj.condition is not None:
                hit &= np.asarray(inj.condition.evaluate(live)) != 0
            if hit.any():
                self.update(self.rules.apply(inj.effects, live), hit)
                self.fired[inj.id] |= hit
        stop = self.alive & np.broadcast_to(self.rules.ended(self.live(turn)), (self.n,))
        self.ended_at[stop] = turn
        self.alive &= ~stop

    def choose(self, turn: int, policies: Mapping[str, Policy]) -> dict[str, NDArray[np.int64]]:
        live = self.live(turn)
        out = {}
        for side in self.rules.sides:
            moves = self.rules.side_moves[side]
            if not moves or self.rules.spec.sides[side].moves_per_turn < 1:
                out[side] = np.full(self.n, -1, dtype=np.int64)
                continue
            allowed = np.stack([np.broadcast_to(self.rules.allowed(m, live), (self.n,))
                                for m in moves], axis=1)
            side_env = self.rules.side_view_env(side, live, self.believed[side], self.initial)
            choice = Choice(side, turn, moves, allowed, side_env)
            picked = policies[side].choose(self.rules, choice, rng=self.rng)
            out[side] = np.where(self.alive, picked, -1)
        return out

    def resolve(self, turn: int, side: str, picked: NDArray[np.int64],
                outcomes: NDArray[np.int8]) -> None:
        for k, mid in enumerate(self.rules.side_moves[side]):
            mask = picked == k
            if not mask.any():
                continue
            live = self.live(turn)
            codes = outcome_codes(self.rules.bands(mid, live), self.rng.random(self.n))
            outcomes[mask] = codes[mask]
            for i, outcome in enumerate(OUTCOMES):
                effects = self.rules.moves[mid].effects[outcome]
                sel = mask & (codes == i)
                if effects and sel.any():
                    self.update(self.rules.apply(effects, live), sel)


def _play(rules: Rules, n: int, policies: Mapping[str, Policy], source: str,
          rng: np.random.Generator) -> _Chunk:
    turns, sides = rules.spec.turns, rules.sides
    play = _Play(rules, n, source, rng)
    traj = np.empty((n, turns + 1, len(rules.variables)))
    inds = {k: np.zeros((n, turns + 1), dtype=bool) for k, _ in rules.indicators}
    choices = np.full((n, turns, len(sides)), -1, dtype=np.int16)
    outcomes = np.full((n, turns, len(sides)), -1, dtype=np.int8)

    def snapshot(k: int, turn: int) -> None:
        traj[:, k, :] = np.stack([play.values[v] for v in rules.variables], axis=1)
        live = play.live(turn)
        for name, formula in rules.indicators:
            inds[name][:, k] = np.broadcast_to(formula.evaluate(live) != 0, (n,))

    play.turn_start(1)
    snapshot(0, 1)
    for turn in range(1, turns + 1):
        picked = play.choose(turn, policies)
        for s, side in enumerate(sides):
            choices[:, turn - 1, s] = picked[side]
            play.resolve(turn, side, picked[side], outcomes[:, turn - 1, s])
        play.update(rules.apply(rules.each_turn, play.live(turn)), play.alive)
        snapshot(turn, turn)
        if turn < turns:
            play.turn_start(turn + 1)
    bad = {v for v in rules.variables if not np.all(np.isfinite(play.values[v]))}
    return _Chunk(traj, inds, choices, outcomes, play.ended_at, bad)


def _collect(rules: Rules, seed: int, runs: int, source: str, policies: Mapping[str, Policy],
             parts: list[_Chunk]) -> SimulationResult:
    labels = ("start", *(rules.turn_label(t) for t in range(1, rules.spec.turns + 1)))
    bad = sorted(set().union(*(p.nonfinite for p in parts)))
    return SimulationResult(
        scenario_id=rules.scenario.id, seed=seed, runs=runs, turns=rules.spec.turns,
        parameter_source=source, policies={s: p.name for s, p in policies.items()},
        variables=rules.variables, sides=rules.sides, side_moves=dict(rules.side_moves),
        labels=labels,
        trajectories=np.concatenate([p.trajectories for p in parts]),
        indicators={k: np.concatenate([p.indicators[k] for p in parts])
                    for k, _ in rules.indicators},
        choices=np.concatenate([p.choices for p in parts]),
        outcomes=np.concatenate([p.outcomes for p in parts]),
        ended_at=np.concatenate([p.ended_at for p in parts]),
        warnings=tuple(f"{v} is NaN or infinite in some runs" for v in bad))
