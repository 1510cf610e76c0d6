"""Roles and visibility: each side sees its own view; the White Cell sees everything."""

from __future__ import annotations

import json

import pytest

from deterrence.errors import DeterrenceError
from deterrence.wargame import Session, SideView, WhiteCellView


def test_a_side_cannot_read_another_sides_pending_moves(session: Session) -> None:
    session.move("a", "a_up", note="secret plan")
    b = session.status("b")
    assert isinstance(b, SideView) and b.pending == ()
    assert all("a_up" not in e.text and "secret" not in e.text for e in session.log("b"))
    exported = session.export("csv", as_side="b") + session.export("json", as_side="b")
    assert "secret plan" not in exported and "a_up" not in exported
    a = session.status("a")
    assert isinstance(a, SideView) and [p.move for p in a.pending] == ["a_up"]
    wc = session.status("white_cell")
    assert isinstance(wc, WhiteCellView) and [p.side for p in wc.pending] == ["a"]


def test_after_adjudication_everyone_reads_the_outcome_but_not_the_odds(session: Session) -> None:
    session.move("a", "a_gamble")
    session.adjudicate()
    line = next(e for e in session.log("b") if e.kind == "adjudicated")
    assert "Gamble" in line.text and "roll" not in line.text and "%" not in line.text
    wc_line = next(e for e in session.log() if e.kind == "adjudicated")
    assert "roll" in wc_line.text and "2d6" in wc_line.text


def test_hidden_and_perceived_values(session: Session) -> None:
    a = session.status("a")
    b = session.status("b")
    assert isinstance(a, SideView) and isinstance(b, SideView)
    seen_a = {v.name: v for v in a.variables}
    seen_b = {v.name: v for v in b.variables}
    assert seen_a["h"].value is None and seen_a["h"].seen == "hidden"
    assert seen_b["s"].value == session.state.value("s") + 1 and seen_b["s"].seen == "perceived"
    wc = session.status()
    assert isinstance(wc, WhiteCellView)
    assert [(g.side, g.variable, g.difference) for g in wc.gaps] == [("b", "s", 1.0)]


def test_narratives_do_not_leak_hidden_values(session: Session) -> None:
    session.move("a", "a_up")
    session.adjudicate()
    own = next(e for e in session.log("a") if e.kind == "adjudicated")
    assert own.narrative == "A goes up to 1 (hidden ?)."
    theirs = next(e for e in session.log("b") if e.kind == "adjudicated")
    assert theirs.narrative.startswith("A goes up to 2 (hidden 1")


def test_a_side_estimates_chances_with_its_own_beliefs(session: Session) -> None:
    b = session.status("b")
    a = session.status("a")
    assert isinstance(a, SideView) and isinstance(b, SideView)
    gamble_a = next(o for o in a.options if o.move == "a_gamble")
    assert gamble_a.chances["success"] == 0.5
    assert not next(o for o in b.options if o.move == "b_never").allowed


def test_unknown_viewer_is_refused(session: Session) -> None:
    with pytest.raises(DeterrenceError, match="unknown side 'z'"):
        session.status("z")
    with pytest.raises(DeterrenceError, match="unknown side"):
        session.log("z")


def test_white_cell_export_has_everything(session: Session) -> None:
    session.move("a", "a_gamble")
    session.adjudicate()
    data = json.loads(session.export("json"))
    adj = next(r for r in data["events"] if r["kind"] == "adjudicated")
    assert {"p_success", "roll", "outcome", "turn", "side"} <= set(adj)
    assert adj["state"]["h"] == session.state.value("h")
    assert data["created"]["seed"] == 11
    header = session.export("csv").splitlines()[0].split(",")
    assert header[:5] == ["seq", "recorded_at", "turn", "turn_label", "kind"]
    assert header[-3:] == ["s", "h", "t"]
