"""Monte Carlo play: reproducible, the same rules as the engine, chances as the model says."""

from __future__ import annotations

import math

import numpy as np
import pytest

import deterrence as dt
from deterrence.errors import DeterrenceError
from deterrence.scenario import Scenario
from deterrence.wargame import (
    Game,
    GameState,
    PassPolicy,
    Rules,
    ScriptedPolicy,
    engine,
    make_policy,
    simulate,
)
from deterrence.wargame.events import Event

Z = 4.0  # tolerance in standard errors


def test_same_seed_same_numbers_and_chunks_do_not_matter(small_rules: Rules) -> None:
    a = simulate(small_rules, runs=12_000, seed=4)
    b = simulate(small_rules, runs=12_000, seed=4)
    c = simulate(small_rules, runs=12_000, seed=5)
    assert np.array_equal(a.trajectories, b.trajectories)
    assert np.array_equal(a.choices, b.choices) and np.array_equal(a.outcomes, b.outcomes)
    assert not np.array_equal(a.trajectories, c.trajectories)
    assert a.trajectories.shape == (12_000, 5, 3)


def test_outcome_shares_match_the_bands(small_rules: Rules) -> None:
    n = 40_000
    r = simulate(small_rules, runs=n, seed=1, parameters="point",
                 policies={"a": ScriptedPolicy({1: "a_gamble"}), "b": "pass"})
    shares = r.outcome_shares("a", "a_gamble")
    for outcome, p in {"success": 0.5, "partial": 0.2, "fail": 0.2, "backfire": 0.1}.items():
        se = math.sqrt(p * (1 - p) / n)
        assert abs(shares[outcome] - p) < Z * se, outcome


def _engine_game(scenario: Scenario, seed: int, policies: dict[str, object]
                 ) -> tuple[Game, list[GameState]]:
    """Play one whole game through the interactive engine with bots."""
    rules = Rules.compile(scenario)
    game = Game.from_created(engine.create(rules, session="t", seed=seed))
    state, events = engine.start(game, rng=engine.operation_rng(game,
                                                                engine.initial_state(game)))
    log: list[Event] = list(events)
    snaps = [state]
    while not state.ended:
        for side in rules.sides:
            move = engine.bot_choice(game, state, side, policies[side],  # type: ignore[arg-type]
                                     rng=engine.operation_rng(game, state))
            if move is not None:
                state, new = engine.submit(game, state, side, move)
                log += new
        if state.pending:
            state, new = engine.adjudicate(game, state, rng=engine.operation_rng(game, state))
            log += new
        before = state
        state, new = engine.advance(game, state, rng=engine.operation_rng(game, state))
        log += new
        # the end-of-turn snapshot: after the turn/ended event, before the next injects
        snaps.append(engine.apply_event(game, before, new[0]))
    return game, snaps


def test_engine_and_simulation_agree_on_a_deterministic_script(small_game: Scenario) -> None:
    script = ScriptedPolicy({1: "a_up", 2: "a_up", 3: "a_up", 4: "a_up"})
    policies = {"a": script, "b": PassPolicy()}
    _, snaps = _engine_game(small_game, 3, policies)
    rules = Rules.compile(small_game)
    sim = simulate(rules, runs=50, seed=2, parameters="point", policies=policies)
    k_s, k_t = rules.variables.index("s"), rules.variables.index("t")
    engine_s = [st.value("s") for st in snaps]
    engine_t = [st.value("t") for st in snaps]
    assert engine_s == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert np.all(sim.trajectories[:, :, k_s] == engine_s)
    assert np.allclose(sim.trajectories[:, :, k_t], engine_t)


def test_engine_and_simulation_agree_in_distribution() -> None:
    scenario = dt.resolve_scenario("tripwire-baltic")
    rules = Rules.compile(scenario)
    policies = {s: make_policy(rules, s) for s in rules.sides}
    games = 150
    brigade = sum(_engine_game(scenario, seed, policies)[1][-1].value("force") >= 2
                  for seed in range(games)) / games
    sim = simulate(rules, runs=20_000, seed=1, parameters="point")
    p = float(sim.p_by_turn("brigade")[-1])
    stationed = float((sim.trajectories[:, -1, rules.variables.index("force")] >= 2).mean())
    se = math.sqrt(max(stationed * (1 - stationed), 0.01) / games)
    assert abs(brigade - stationed) < Z * se
    assert p >= stationed


def test_essay_game_reports_escalation_and_credibility_bands() -> None:
    rules = Rules.compile(dt.resolve_scenario("nk-troops-russia-2024"))
    r = simulate(rules, runs=3_000, seed=7)
    esc = r.p_by_turn("rok_escalates")
    assert esc.shape == (9,) and np.all(np.diff(esc) >= 0) and 0 <= esc[-1] < 0.5
    bands = r.bands("ru_credibility")
    assert bands.shape == (5, 9) and np.all(np.diff(bands, axis=0) >= 0)
    data = r.to_dict()
    assert set(data["indicators"]) == set(rules.spec.indicators)
    assert abs(sum(data["moves"]["north_korea"].values()) - 1) < 1e-9


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"runs": 0}, "runs must be between"),
    ({"runs": 10, "seed": -1}, "non-negative"),
    ({"runs": 10, "policies": {"a": "clever"}}, "unknown policy 'clever'"),
    ({"runs": 10, "policies": {"zz": "greedy"}}, "unknown side 'zz'"),
    ({"runs": 10, "parameters": "guess"}, "'draw' or 'point'"),
])
def test_bad_simulation_settings_are_refused(small_rules: Rules, kwargs: dict[str, object],
                                             message: str) -> None:
    with pytest.raises(DeterrenceError, match=message):
        simulate(small_rules, **{"seed": 1, **kwargs})  # type: ignore[arg-type]
