"""Sessions in files: refusals leave the file unchanged, replay, branch, bots, concurrency."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from deterrence.errors import DeterrenceError
from deterrence.wargame import Ruling, Session, StoreError
from deterrence.wargame.events import MoveAdjudicated

MakeSession = Callable[..., Session]


def count(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT COUNT(*) FROM events").fetchone()[0])


def refuse(s: Session, call: Callable[[], object], match: str) -> None:
    """``call`` is refused with ``match`` and neither the file nor the state changes."""
    path = Path(s._store.path)  # type: ignore[attr-defined]
    before_state, before_n = s.state, count(path)
    with pytest.raises(DeterrenceError, match=match):
        call()
    assert s.state == before_state and count(path) == before_n
    with Session.open(path) as again:
        assert again.state == before_state


def test_every_bad_input_is_refused_without_a_trace(make: MakeSession) -> None:
    s = make(turns=2)
    refuse(s, lambda: s.move("a", "a_upp"), "did you mean 'a_up'")
    refuse(s, lambda: s.move("b", "b_block"), "precondition")
    refuse(s, lambda: s.move("a", "b_block"), "belongs to b")
    refuse(s, lambda: s.move("white_cell", "a_up"), "White Cell does not make moves")
    refuse(s, lambda: s.adjudicate(), "no moves are waiting")
    s.move("a", "a_up")
    refuse(s, lambda: s.move("a", "a_gamble"), "already submitted")
    refuse(s, lambda: s.next(), "still wait")
    ref = s.state.pending[0].ref
    refuse(s, lambda: s.adjudicate({ref: Ruling("fail", "x")}), "rigidly")
    s.adjudicate()
    s.next()
    s.next()
    assert s.state.ended
    refuse(s, lambda: s.move("a", "a_up"), "game has ended")
    refuse(s, lambda: s.next(), "game has ended")
    refuse(s, lambda: s.bot_move("a"), "game has ended")


def test_state_is_rebuilt_from_the_file(session: Session, tmp_path: Path) -> None:
    session.move("a", "a_gamble", note="all in")
    session.adjudicate()
    session.next()
    with Session.open(tmp_path / "game.db") as again:
        assert again.state == session.state
        assert again.events == session.events
        report = again.replay()
        assert report.identical and report.events == len(session.events)


def test_same_seed_same_game_through_files(make: MakeSession) -> None:
    games = [make(f"g{i}.db", seed=21) for i in range(2)]
    for s in games:
        for _ in range(3):
            s.move("a", "a_gamble")
            s.adjudicate()
            s.next()
    assert games[0].state == games[1].state
    rolls = [[e.roll for e in s.events if isinstance(e, MoveAdjudicated)] for s in games]
    assert rolls[0] == rolls[1] and len(rolls[0]) == 3


def test_proposals_are_what_semi_free_adjudication_accepts(make: MakeSession) -> None:
    s = make(mode="semi-free")
    s.move("a", "a_gamble")
    proposed = s.proposals()
    assert len(proposed) == 1 and s.state.pending
    events = s.adjudicate()
    adj = next(e for e in events if isinstance(e, MoveAdjudicated))
    assert (adj.outcome, adj.roll) == (proposed[0].outcome, proposed[0].roll)


def test_override_is_logged_with_its_reason(make: MakeSession) -> None:
    s = make(mode="semi-free")
    ref = s.move("a", "a_up").seq
    refuse(s, lambda: s.adjudicate({ref: Ruling("fail", " ")}), "needs a reason")
    events = s.adjudicate({ref: Ruling("backfire", "the river flooded")})
    assert [e.kind for e in events] == ["override", "adjudicated"]
    assert "the river flooded" in s.aar()
    assert all("river" not in e.text for e in s.log("a"))


def test_dice_rolled_at_the_table(session: Session) -> None:
    ref = session.move("a", "a_gamble").seq
    events = session.adjudicate({ref: Ruling(dice=12)})
    assert events[-1].outcome == "success" and events[-1].method == "dice"  # type: ignore[union-attr]


def test_branch_forks_at_the_start_of_a_turn(make: MakeSession, tmp_path: Path) -> None:
    s = make(mode="rigid", turns=4)
    for _ in range(2):
        s.move("a", "a_gamble")
        s.adjudicate()
        s.next()
    first_move_of_2 = next(i for i, e in enumerate(s.events)
                           if e.kind == "submitted" and e.turn == 2)
    turn2_start = s.states[first_move_of_2 - 1]
    with s.branch(tmp_path / "b.db", at_turn=2, mode="semi-free") as b:
        assert b.state.turn == 2 and not b.state.pending and b.game.mode == "semi-free"
        assert b.state.values == turn2_start.values
        assert b.game.created.branched_from is not None
        assert b.session_id != s.session_id
        b.move("a", "a_up")
        b.adjudicate({b.state.pending[0].ref: Ruling("fail", "what if it had failed?")})
    refuse(s, lambda: s.branch(tmp_path / "c.db", at_turn=7), "--at must be a turn")
    with pytest.raises(StoreError, match="already exists"):
        s.branch(tmp_path / "b.db", at_turn=1)


def test_bot_moves_follow_their_policy(session: Session) -> None:
    event = session.bot_move("a", "scripted")
    assert event is not None and event.move == "a_up"  # type: ignore[union-attr]
    assert session.bot_move("b", "pass") is None
    with pytest.raises(DeterrenceError, match="unknown policy"):
        session.bot_move("b", "smart")


def test_a_second_process_sees_the_first_ones_moves(session: Session, tmp_path: Path) -> None:
    with Session.open(tmp_path / "game.db") as other:
        session.move("a", "a_up")
        with pytest.raises(DeterrenceError, match="already submitted"):
            other.move("a", "a_gamble")   # it refreshes first, so it knows
        assert other.state == session.state


def test_odd_file_names_and_game_parameter_overrides(small_game: object, tmp_path: Path) -> None:
    path = tmp_path / "class #1? (draft).db"
    with Session.new(small_game, path, seed=2, overrides={"k": 3}) as s:  # type: ignore[arg-type]
        assert s.game.env["k"] == 3.0 and s.game.created.overrides == {"k": "3"}
        s.move("a", "a_gamble")
        s.adjudicate()
    with Session.open(path) as again:
        assert again.game.env["k"] == 3.0 and again.replay().identical


def test_draw_parameters_are_recorded_and_replayed(small_game: object, tmp_path: Path) -> None:
    with Session.new(small_game, tmp_path / "d.db", seed=8,  # type: ignore[arg-type]
                     parameters="draw") as s:
        x = s.game.env["x"]
        assert 0 < x < 1 and x != 0.5 and s.game.created.parameter_source == "draw"
    with Session.open(tmp_path / "d.db") as again:
        assert again.game.env["x"] == x
