"""The pure engine: replay identity, reproducibility, refusals that change nothing."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deterrence.errors import DeterrenceError
from deterrence.scenario import Scenario, parse_scenario
from deterrence.wargame import Game, GameState, ReplayError, Rules, Ruling, engine
from deterrence.wargame.events import Event, MoveAdjudicated, decode, encode

MOVES = ["a_up", "a_gamble", "b_block", "b_never", "a_upp"]
SIDES = ["a", "b", "white_cell", "c"]
OUTCOME = st.sampled_from(["success", "partial", "fail", "backfire"])
Op = tuple[object, ...]


def start(scenario: Scenario, seed: int = 5, mode: str | None = None,
          ) -> tuple[Game, GameState, list[Event]]:
    rules = Rules.compile(scenario)
    created = engine.create(rules, session="test", seed=seed, mode=mode)  # type: ignore[arg-type]
    game = Game.from_created(created)
    first = engine.initial_state(game)
    state, events = engine.start(game, rng=engine.operation_rng(game, first))
    return game, state, list(events)


def do(game: Game, state: GameState, op: Op) -> engine.Step:
    rng = engine.operation_rng(game, state)
    if op[0] == "move":
        return engine.submit(game, state, str(op[1]), str(op[2]))
    if op[0] == "adjudicate":
        pairs: list[tuple[int, str]] = op[1]  # type: ignore[assignment]
        dice: list[tuple[int, int]] = op[2]  # type: ignore[assignment]
        rulings = {r: Ruling(outcome=o, reason="because") for r, o in pairs}  # type: ignore[arg-type]
        rulings.update({r: Ruling(dice=d) for r, d in dice if r not in rulings})
        return engine.adjudicate(game, state, rulings, rng=rng)
    return engine.advance(game, state, rng=rng)


def play(game: Game, state: GameState, events: list[Event], ops: list[Op]) -> GameState:
    """Apply ``ops``, skipping refused ones (which must emit nothing)."""
    for op in ops:
        try:
            after, new = do(game, state, op)
        except DeterrenceError:
            continue
        assert after.last_seq == state.last_seq + len(new)
        state = after
        events += new
    return state


operations = st.lists(st.one_of(
    st.tuples(st.just("move"), st.sampled_from(SIDES), st.sampled_from(MOVES)),
    st.tuples(st.just("adjudicate"),
              st.lists(st.tuples(st.integers(1, 60), OUTCOME), max_size=2),
              st.lists(st.tuples(st.integers(1, 60), st.integers(2, 12)), max_size=2)),
    st.tuples(st.just("next")),
), max_size=50)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=operations, seed=st.integers(0, 2**40), mode=st.sampled_from(
    ["rigid", "semi-free", "free"]))
def test_replaying_the_events_rebuilds_the_identical_state(
        game: Callable[..., str], ops: list[Op], seed: int, mode: str) -> None:
    scenario = parse_scenario(game(end="s >= 4"), name="g")
    g, state, events = start(scenario, seed, mode)
    state = play(g, state, events, ops)
    _again, replayed = engine.replay(events)
    assert replayed == state
    stored = [decode(encode(e)) for e in events]
    assert engine.replay(stored)[1] == state
    assert [e.seq for e in events] == list(range(1, len(events) + 1))


def test_same_seed_same_game_and_another_seed_another(small_game: Scenario) -> None:
    ops: list[Op] = [("move", "a", "a_gamble"), ("adjudicate", [], []), ("next",)] * 4

    def run(seed: int) -> tuple[GameState, list[Event]]:
        g, state, events = start(small_game, seed)
        return play(g, state, events, ops), events

    first, second, other = run(9), run(9), run(10)
    assert first == second
    rolls = [[e.roll for e in evs if isinstance(e, MoveAdjudicated)]
             for _, evs in (first, other)]
    assert rolls[0] != rolls[1]


def test_rolls_decide_outcomes_by_the_bands(small_game: Scenario) -> None:
    g, state, _events = start(small_game)
    state, _ = engine.submit(g, state, "a", "a_gamble")
    state, new = engine.adjudicate(g, state, rng=engine.operation_rng(g, state))
    adj = next(e for e in new if isinstance(e, MoveAdjudicated))
    assert (adj.success, adj.partial, adj.backfire) == (0.5, 0.2, 0.1)   # x = 0.5
    u = adj.roll
    assert u is not None
    expected = ("success" if u < 0.5 else "partial" if u < 0.7 else "backfire" if u >= 0.9
                else "fail")
    assert adj.outcome == expected


@pytest.mark.parametrize(("side", "move", "message"), [
    ("a", "a_upp", "unknown move 'a_upp' (did you mean 'a_up'"),
    ("b", "b_block", "precondition `s >= 1` is false"),
    ("b", "b_never", "precondition `0.0` is false"),
    ("a", "b_block", "belongs to b; a cannot make it"),
    ("white_cell", "a_up", "White Cell does not make moves"),
    ("c", "a_up", "unknown side 'c'"),
])
def test_bad_moves_are_refused_and_change_nothing(small_game: Scenario, side: str, move: str,
                                                  message: str) -> None:
    g, state, _ = start(small_game)
    with pytest.raises(DeterrenceError, match=re.escape(message)):
        engine.submit(g, state, side, move)


def test_turn_rules_are_enforced(small_game: Scenario) -> None:
    g, state, _ = start(small_game)
    state, _ = engine.submit(g, state, "a", "a_up")
    with pytest.raises(DeterrenceError, match="already submitted 1 move"):
        engine.submit(g, state, "a", "a_gamble")
    with pytest.raises(DeterrenceError, match="still wait for adjudication"):
        engine.advance(g, state, rng=engine.operation_rng(g, state))
    with pytest.raises(DeterrenceError, match="rigidly"):
        engine.adjudicate(g, state, {2: Ruling("fail", "no")}, rng=engine.operation_rng(g, state))
    with pytest.raises(DeterrenceError, match="no pending move #9"):
        engine.adjudicate(g, state, {9: Ruling(dice=7)}, rng=engine.operation_rng(g, state))
    state, _ = engine.adjudicate(g, state, rng=engine.operation_rng(g, state))
    with pytest.raises(DeterrenceError, match="no moves are waiting"):
        engine.adjudicate(g, state, rng=engine.operation_rng(g, state))


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"outcome": "fail"}, "needs a reason"),
    ({"outcome": "win", "reason": "x"}, "unknown outcome 'win'"),
    ({"dice": 13}, "between 2 and 12"),
    ({"outcome": "fail", "reason": "x", "dice": 5}, "not both"),
])
def test_bad_rulings_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(DeterrenceError, match=message):
        Ruling(**kwargs)  # type: ignore[arg-type]


def test_free_adjudication_needs_every_outcome(small_game: Scenario) -> None:
    g, state, _ = start(small_game, mode="free")
    state, _ = engine.submit(g, state, "a", "a_up")
    with pytest.raises(DeterrenceError, match="must decide every move"):
        engine.adjudicate(g, state, rng=engine.operation_rng(g, state))
    after, events = engine.adjudicate(g, state, {2: Ruling("fail", "the bridge is out")},
                                      rng=engine.operation_rng(g, state))
    assert [e.kind for e in events] == ["override", "adjudicated"]
    assert after.value("s") == 0.0


def test_the_game_ends_and_refuses_more(game: Callable[..., str]) -> None:
    g, state, events = start(parse_scenario(game(turns=2), name="g"))
    for _ in range(2):
        state, new = engine.advance(g, state, rng=engine.operation_rng(g, state))
        events += new
    assert state.ended and "last turn (2025-Q2) is over" in state.end_reason
    for call in (lambda: engine.submit(g, state, "a", "a_up"),
                 lambda: engine.advance(g, state, rng=engine.operation_rng(g, state)),
                 lambda: engine.adjudicate(g, state, rng=engine.operation_rng(g, state))):
        with pytest.raises(DeterrenceError, match="game has ended"):
            call()


def test_end_condition_and_scheduled_inject(game: Callable[..., str]) -> None:
    g, state, _events = start(parse_scenario(game(end="s >= 1"), name="g"))
    state, _ = engine.submit(g, state, "a", "a_up")
    state, _ = engine.adjudicate(g, state, rng=engine.operation_rng(g, state))
    state, new = engine.advance(g, state, rng=engine.operation_rng(g, state))
    kinds = [e.kind for e in new]
    assert kinds[0] == "turn" and kinds[-1] == "ended" and "inject" in kinds
    assert state.ended and "end condition" in state.end_reason
    assert state.value("t") == pytest.approx(0.5 + 1)   # halved at turn end, boosted in turn 2


def test_tampered_events_are_caught(small_game: Scenario) -> None:
    g, state, events = start(small_game)
    state = play(g, state, events, [("move", "a", "a_gamble"), ("adjudicate", [], []),
                                    ("next",)])
    i = next(i for i, e in enumerate(events) if isinstance(e, MoveAdjudicated))
    adj = events[i]
    assert isinstance(adj, MoveAdjudicated)
    other = "fail" if adj.outcome != "fail" else "success"
    for bad in (dataclasses.replace(adj, outcome=other),
                dataclasses.replace(adj, changes={"s": 99.0}),
                dataclasses.replace(adj, success=0.9),
                dataclasses.replace(adj, seq=adj.seq + 1)):
        with pytest.raises(ReplayError):
            engine.replay([*events[:i], bad, *events[i + 1:]])
    with pytest.raises(ReplayError, match="must begin"):
        engine.replay(events[1:])


def test_non_finite_effects_are_refused(game: Callable[..., str]) -> None:
    text = game().replace("effects: {s: s + 1}", "effects: {h: log(s - 1)}")
    g, state, _ = start(parse_scenario(text, name="g"))
    state, _ = engine.submit(g, state, "a", "a_up")
    with pytest.raises(DeterrenceError, match="NaN or infinite"):
        engine.adjudicate(g, state, rng=engine.operation_rng(g, state))
