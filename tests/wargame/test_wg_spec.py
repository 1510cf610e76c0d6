"""The wargame section of scenario files: the built-in games load, mistakes are named."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import deterrence as dt
from deterrence.errors import ScenarioError
from deterrence.scenario import dump_scenario, parse_scenario
from deterrence.wargame import Rules


@pytest.mark.parametrize(("sid", "turns", "sides"), [
    ("nk-troops-russia-2024", 8, {"north_korea", "russia", "south_korea_us", "ukraine", "china"}),
    ("tripwire-baltic", 4, {"patron", "ally", "adversary"}),
])
def test_builtin_scenarios_ship_a_game(sid: str, turns: int, sides: set[str]) -> None:
    scenario = dt.resolve_scenario(sid)
    assert scenario.wargame is not None
    rules = Rules.compile(scenario)
    assert rules.spec.turns == turns and set(rules.sides) == sides
    assert all(rules.side_moves[s] for s in rules.sides)
    assert parse_scenario(dump_scenario(scenario)) == scenario


def test_essay_game_uses_the_models_quantities() -> None:
    spec = dt.resolve_scenario("nk-troops-russia-2024").wargame
    assert spec is not None and spec.start == "2024-Q4" and spec.turn_length == "quarter"
    texts = " ".join(str(m.probability) + str(m.backfire) for m in spec.moves.values())
    for name in ("p_fail", "kappa", "r"):
        assert name in texts
    assert {"ru_credibility", "nk_casualties", "sanctions", "rok_posture", "kursk_front",
            "china_displeasure"} <= set(spec.state)
    assert "rok_escalates" in spec.indicators


def test_small_game_parses(small_game: dt.Scenario) -> None:
    assert small_game.wargame is not None and small_game.wargame.turns == 4


def _problem(text: str) -> str:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, name="g.yaml")
    return str(info.value)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("effects: {s: s + 1}", "effects: {q: s + 1}", "unknown state variable 'q'"),
    ("probability: x\n", "probability: xx\n", "unknown name 'xx' (did you mean 'x'"),
    ("    a_up:\n      side: a", "    a_up:\n      side: c", "unknown side 'c'"),
    ("      hidden: [h]", "      hidden: [h]\n      perceives: {h: 0}",
     "both hidden and perceived"),
    ("script: {1: a_up,", "script: {9: a_up,", "turn 9 is not between 1 and 4"),
    ("script: {1: a_up,", "script: {1: b_block,", "belongs to 'b', not 'a'"),
    ("A goes up to {s}", "A goes up to {sss}", "unknown placeholder {sss}"),
    ("      turn: 2\n", "      turn: 7\n", "after the last turn"),
    ("    s:\n      label: Score", "    turn:\n      label: Score", "reserved name"),
    ("    s:\n      label: Score", "    x:\n      label: Score", "already a scenario parameter"),
    ("      believes:\n        x: 0.9", "      believes:\n        nope: 0.9",
     "unknown scenario quantity 'nope'"),
    ("distribution: uniform(1, 3)", "distribution: uniform(3, 1)", "parameters.k"),
    ("      min: 0\n      max: 100", "      min: 5\n      max: 1", "min (5.0) is above max"),
    ("initial: z", "initial: z + s", "unknown name 's'"),
    ("probability: x\n", "probability: __import__('os')\n", "not allowed"),
    ("  turns: 4", "  turns: 4\n  rounds: 3", "unknown field"),
])
def test_mistakes_are_named_with_field_and_line(old: str, new: str, expected: str,
                                                game: Callable[..., str]) -> None:
    text = game()
    assert old in text, old
    message = _problem(text.replace(old, new, 1))
    assert expected in message
    assert "g.yaml:" in message and "wargame." in message


def test_rules_refuse_a_scenario_without_a_game() -> None:
    from deterrence.wargame import WargameError

    plain = dt.resolve_scenario("nk-troops-russia-2024").model_copy(update={"wargame": None})
    with pytest.raises(WargameError, match="no wargame section"):
        Rules.compile(plain)


def test_turn_labels_follow_the_calendar(small_rules: Rules) -> None:
    assert [small_rules.turn_label(t) for t in (1, 4, 5)] == ["2025-Q1", "2025-Q4", "2026-Q1"]
