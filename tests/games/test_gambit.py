"""Reading and writing Gambit .efg/.nfg files: round trips and malformed files."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deterrence.games import (
    GameError,
    NormalFormGame,
    format_efg,
    format_nfg,
    parse_efg,
    parse_nfg,
    read_gambit,
    to_normal_form,
)

from .conftest import DATA

HEAD = 'EFG 2 R "t" { "A" "B" }\n""\n'


@pytest.mark.parametrize("path", sorted(DATA.iterdir()), ids=lambda p: p.name)
def test_our_files_round_trip(path: Path) -> None:
    game = read_gambit(path)
    if isinstance(game, NormalFormGame):
        again = parse_nfg(format_nfg(game))
        np.testing.assert_array_equal(again.payoffs, game.payoffs)
        assert again.strategies == game.strategies
    else:
        again_tree = parse_efg(format_efg(game))
        np.testing.assert_array_equal(to_normal_form(again_tree).payoffs,
                                      to_normal_form(game).payoffs)


def test_outcomes_on_inner_nodes_are_added_to_the_ends_below() -> None:
    game = read_gambit(DATA / "outcomes_inner.efg")
    values = game.evaluate()  # type: ignore[union-attr]
    ends = [tuple(float(u[0]) for u in values.payoffs[t]) for t in game.flat.terminals]  # type: ignore[union-attr]
    assert ends == [(2.0, 1.0), (-1.0, 2.0), (1.0, 2.0)]


def test_gambit_style_infosets_and_repeated_outcomes() -> None:
    game = read_gambit(DATA / "jobmarket.efg")
    flat = game.flat  # type: ignore[union-attr]
    shared = [s for s in flat.infosets if len(s.members) == 2]
    assert len(shared) == 2 and {s.label for s in shared} == {"after E", "after N"}


@pytest.mark.parametrize(("text", "message"), [
    ("", "starts with 'EFG'"),
    ('EFG 3 R "t" { "A" }\np "" 1 1 "" { "x" } 0\n', "version 2"),
    ('EFG 2 R "t" { "A" }\n""\np "" 1 1 "" { "x" } 0\n', "line 3: node 1.*missing children"),
    (HEAD + 'p "" 3 1 "" { "x" } 0\nt "" 1 "" { 1, 2 }\n',
     "line 3: expected node 1 \\(p\\): the player number"),
    (HEAD + 't "" 1 "" { 1, 2, 3 }\n', "more payoffs than the 2 players"),
    (HEAD + 't "" 1 "" { 1 }\n', "outcome 1 has 1 payoff"),
    (HEAD + 't "" 1\n', "outcome 1 is new"),
    (HEAD + 'p "" 1 1 0\nt "" 0\n', "information set 1 is new"),
    (HEAD + 't "" 0\nt "" 0\n', "line 4: node 2 comes after the tree is complete"),
    (HEAD + 'c "" 1 "" { "h" 1/2 "t" 1/3 } 0\nt "" 0\nt "" 0\n', "sum to 0.833"),
    (HEAD + 'c "" 1 "" { "h" 1/0 "t" 1/3 } 0\nt "" 0\nt "" 0\n', "probability of 'h'"),
    (HEAD + 'p "" 1 1 "" { "x" "y" } 0\nt "" 0\n', "node 1 \\(p\\) is missing children"),
    (HEAD + 'p "unterminated 1 1 { "x" } 0', "unterminated string"),
    (HEAD + 'p "" 1 1 "" { "x" } 0 @', "unexpected the character '@'"),
    (HEAD + 'q "" 1 1 "" { "x" } 0', "node 1: expected p, c or t"),
    (HEAD + 'p "" 1 1 "" { "x" "y" } 0\np "" 1 1 "" { "x" } 0\nt "" 0\nt "" 0\n',
     "was given 2 actions before, 1 here"),
])
def test_malformed_efg_is_refused_with_the_line_and_node(text: str, message: str) -> None:
    with pytest.raises(GameError, match=message):
        parse_efg(text, name="bad.efg")


@pytest.mark.parametrize(("text", "message"), [
    ('NFG 1 R "t" { "A" "B" } { 2 2 }\n1 2 3 4 5 6 7\n', "expected a payoff"),
    ('NFG 1 R "t" { "A" "B" } { 2 2 }\n1 2 3 4 5 6 7 8 9\n', "unexpected text after"),
    ('NFG 1 R "t" { "A" "B" } { 2 }\n1 2\n', "strategies for 1 of 2 players"),
    ('NFG 1 R "t" { "A" } { { "a" } }\n{ { "" 1 2 } }\n1\n', "outcome 1 has more than 1"),
    ('NFG 1 R "t" { "A" } { { "a" "b" } }\n{ { "" 1 } }\n1 2\n', "from 0 to 1"),
    ('NFG 1 R "t" { "A" } { 0 }\n', "whole number from 1"),
])
def test_malformed_nfg_is_refused_with_the_line(text: str, message: str) -> None:
    with pytest.raises(GameError, match=message):
        parse_nfg(text, name="bad.nfg")


def test_read_gambit_refuses_other_files(tmp_path: Path) -> None:
    path = tmp_path / "x.efg"
    path.write_text("hello")
    with pytest.raises(GameError, match="not a Gambit game file"):
        read_gambit(path)
    with pytest.raises(GameError, match="cannot read"):
        read_gambit(tmp_path / "missing.efg")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet='EFGNptc "{}0123456789/.,-R\n', max_size=300))
def test_arbitrary_text_is_refused_or_parsed_never_crashes(text: str) -> None:
    for parse in (parse_efg, parse_nfg):
        with contextlib.suppress(GameError):
            parse(text)


def test_large_and_hostile_inputs_are_bounded() -> None:
    start = time.perf_counter()
    with pytest.raises(GameError):
        parse_efg(HEAD + '"' + "a" * 200_000 + '"')
    with pytest.raises(GameError, match="limit"):
        parse_efg("x" * 6_000_000)
    deep = HEAD + 'p "" 1 1 "" { "x" } 0\n' * 300 + 't "" 0\n'
    with pytest.raises(GameError, match="deep"):
        parse_efg(deep)
    assert time.perf_counter() - start < 10


def test_duplicate_action_labels_from_gambit_are_made_distinct() -> None:
    game = parse_efg(HEAD + 'c "" 1 "" { "1/2" 1/2 "1/2" 1/2 } 0\nt "" 0\nt "" 0\n')
    assert game.root.actions == ("1/2", "1/2 (2)")  # type: ignore[union-attr]
