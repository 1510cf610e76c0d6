"""Games in scenario files: the section's checks, the essay's games, and the tripwire game."""

from __future__ import annotations

import math

import numpy as np
import pytest

from deterrence.games import (
    Game,
    SignallingGame,
    agent_logit,
    analyse,
    backward_induction,
    check_game,
    scenario_game,
    solve_signalling,
)
from deterrence.games.scenario_games import model_values
from deterrence.games.spec import GameSpec
from deterrence.model import Model
from deterrence.scenario import resolve_scenario

KNOWN = {"q", "K", "L"}


def _tree(**nodes: object) -> GameSpec:
    return GameSpec.model_validate({"players": ["a", "b"], "root": "start", "nodes": nodes})


def _problems(spec: GameSpec) -> list[str]:
    return [f"{'.'.join(map(str, loc))}: {msg}" for loc, msg in check_game(spec, KNOWN)]


def test_a_sound_section_has_no_problems() -> None:
    spec = _tree(start={"player": "a", "actions": {"go": "luck", "stop": "end"}},
                 luck={"chance": {"win": {"probability": "q", "next": "end2"},
                                  "lose": {"probability": "1 - q", "next": "end3"}}},
                 end={"payoffs": {"a": 0, "b": 0}}, end2={"payoffs": {"a": "K", "b": 1}},
                 end3={"payoffs": {"a": "-L", "b": 0}})
    assert _problems(spec) == []


@pytest.mark.parametrize(("nodes", "message"), [
    ({"start": {"player": "a", "actions": {"x": "loop"}},
      "loop": {"player": "b", "actions": {"y": "start"}}},
     "nodes.loop: the nodes form a cycle: start -> loop -> start"),
    ({"start": {"player": "a", "actions": {"x": "e"}}, "e": {"payoffs": {"a": 1}}},
     "nodes.e.payoffs: no payoff for player 'b' at end 'e'"),
    ({"start": {"chance": {"h": {"probability": 0.5, "next": "e"},
                           "t": {"probability": 0.4, "next": "e"}}},
      "e": {"payoffs": {"a": 1, "b": 1}}}, "nodes.start.chance: the probabilities at 'start' "
     "sum to 0.9"),
    ({"start": {"player": "a", "actions": {"x": "nowhere"}}},
     "nodes.start.actions.x: node 'start' leads to 'nowhere', which is not a node"),
    ({"start": {"player": "c", "actions": {"x": "e"}}, "e": {"payoffs": {"a": 1, "b": 1}}},
     "nodes.start.player: unknown player 'c'"),
    ({"start": {"player": "a", "actions": {"x": "e"}}, "e": {"payoffs": {"a": "q +", "b": 1}}},
     "nodes.e.payoffs.a: syntax error"),
    ({"start": {"player": "a", "actions": {"x": "e"}}, "e": {"payoffs": {"a": "Q", "b": 1}}},
     "nodes.e.payoffs.a: unknown name 'Q'"),
    ({"start": {"player": "a", "actions": {"x": "m", "y": "m"}},
      "m": {"player": "b", "actions": {"z": "e"}}, "e": {"payoffs": {"a": 1, "b": 1}}},
     "nodes.m: node 'm' is reached from both 'start' and 'start'"),
    ({"start": {"player": "a", "actions": {"x": "e"}}, "e": {"payoffs": {"a": 1, "b": 1}},
      "stray": {"payoffs": {"a": 1, "b": 1}}}, "nodes.stray: node 'stray' cannot be reached"),
    ({"start": {"player": "a", "actions": {"x": "e"}, "payoffs": {"a": 1, "b": 1}},
      "e": {"payoffs": {"a": 1, "b": 1}}}, "nodes.start: a node needs exactly one of"),
])
def test_malformed_sections_are_refused_naming_the_node(nodes: dict[str, object],
                                                       message: str) -> None:
    problems = _problems(_tree(**nodes))
    assert any(p.startswith(message) for p in problems), problems


def test_signalling_section_checks() -> None:
    spec = GameSpec.model_validate({
        "kind": "signalling", "sender": "s", "receiver": "r", "types": ["a", "b"],
        "prior": "q", "messages": ["m", "n"], "responses": ["x", "y"],
        "payoffs": {"a": {"m": {"x": [1, 2], "y": [0, 0]}}}})
    problems = _problems(spec)
    assert any(p.startswith("payoffs.a.n.x: give [sender's payoff") for p in problems)


def test_scenario_file_errors_name_file_field_and_line() -> None:
    from deterrence.errors import ScenarioError
    from deterrence.scenario.io import dump_scenario, parse_scenario

    text = dump_scenario(resolve_scenario("tripwire-baltic"))
    broken = text.replace("next: war_brigade", "next: war_brigad")
    with pytest.raises(ScenarioError, match=r"games\.tripwire\.nodes\.patron_after_brigade.*"
                                            r"'war_brigad', which is not a node"):
        parse_scenario(broken, name="tw.yaml")


@pytest.fixture(scope="module")
def essay() -> Model:
    return Model.compile(resolve_scenario("nk-troops-russia-2024"))


def test_essay_game_reads_its_numbers_from_the_scenario(essay: Model) -> None:
    game = scenario_game(essay.scenario, "extended_deterrence").game
    assert isinstance(game, Game)
    assert {"q_with", "h_with", "r", "K", "L_N"} <= game.names
    values = model_values(essay, samples=0, seed=None)
    sol = backward_induction(game, env=values.point)
    q, K = float(values.point["q_with"][()]), float(values.point["K"][()])
    # at median resolve Seoul answers iff q < 1 / (1 + K)
    expected = "none" if q > 1 / (1 + K) else "tit_for_tat"
    assert sol.strategy()["rok_move"] in (expected, "escalate")


def test_essay_paths_across_draws_match_the_thresholds(essay: Model) -> None:
    n = 20_000
    values = model_values(essay, samples=n, seed=2024)
    sg = scenario_game(essay.scenario, "extended_deterrence")
    a = analyse(sg.game, values.point, values.draws, thresholds=sg.thresholds)
    assert a.across is not None and a.thresholds is not None
    shares = {p.describe(): p.probability for p in a.across.paths}
    assert math.isclose(sum(shares.values()), 1.0)
    impunity = shares.get("north_korea: provoke; south_korea_us: none", 0.0)
    deterred = a.thresholds.share_deterred["game"]
    # Seoul stays quiet only where Russia's shadow exceeds q* (escalation can only add options)
    assert impunity <= deterred + 1e-12
    assert a.across.ties == 0
    # direct check of the share against the closed form, within 4 standard errors
    q, K = values.draws["q_with"], values.draws["K"]  # type: ignore[index]
    se = math.sqrt(deterred * (1 - deterred) / n)
    assert abs(deterred - float(np.mean(q > 1 / (1 + K)))) < 4 * se + 1e-12


def test_more_credible_russia_means_more_impunity(essay: Model) -> None:
    sg = scenario_game(essay.scenario, "extended_deterrence")
    shares = []
    for perspective in ("sceptic", "essay"):
        model = Model.compile(essay.scenario, perspective=perspective)
        v = model_values(model, samples=20_000, seed=5)
        sol = backward_induction(sg.game, env=v.draws)  # type: ignore[arg-type]
        shares.append(next((p.probability for p in sol.paths
                            if p.describe().endswith("south_korea_us: none")), 0.0))
    assert shares[1] > shares[0]


def test_essay_signalling_pools_so_the_troops_say_nothing_about_russia(essay: Model) -> None:
    game = scenario_game(essay.scenario, "signalling").game
    assert isinstance(game, SignallingGame)
    values = model_values(essay, samples=5_000, seed=3)
    across = solve_signalling(game, game.evaluate(values.draws))  # type: ignore[arg-type]
    assert across.share["pooling"] == 1.0 and across.share["separating"] == 0.0
    point = solve_signalling(game, game.evaluate(values.point))
    for e in point.equilibria:
        if e.kind == "pooling":
            assert e.likelihood_ratio() == 1.0


def test_tripwire_agent_qre_at_lambda_one_is_the_scenarios_attack_model() -> None:
    model = Model.compile(resolve_scenario("tripwire-baltic"))
    game = scenario_game(model.scenario, "tripwire").game
    assert isinstance(game, Game)
    q = model.evaluate(model.sample(2_000, rng=np.random.default_rng(11))).quantities
    qre = agent_logit(game, env=q, lam=1.0)
    flat = game.flat
    for posture, name in (("brigade", "p_attack_brigade"), ("company", "p_attack_company"),
                          ("none", "p_attack_base")):
        node = flat.labels.index(f"adversary_vs_{posture}")
        np.testing.assert_allclose(qre.probabilities[node][0], q[name], rtol=1e-9)
