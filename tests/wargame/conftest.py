"""Fixtures of the wargame tests: a small game whose every rule is easy to check by hand.

Helpers are fixtures (not imports), so the tests work in any pytest import mode.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from deterrence.scenario import Scenario, parse_scenario
from deterrence.wargame import Rules, Session

GAME = """\
format: 1
id: small-game
title: A small game
parameters:
  x:
    label: X
    distribution: uniform(0, 1)
    point: 0.5
  y:
    label: Y
    distribution: 2
derived:
  z:
    formula: x * y
decision:
  id: choice
  actor: a
  options:
    act:
      terms:
        - id: gain
          kind: benefit
          formula: z
    wait:
      status_quo: true
wargame:
  title: Small game
  start: 2025-Q1
  turn_length: quarter
  turns: TURNS
  adjudication: MODE
  parameters:
    k:
      label: K
      distribution: uniform(1, 3)
      point: 2
  state:
    s:
      label: Score
      initial: 0
      min: 0
      max: 100
    h:
      label: Hidden thing
      initial: z
    t:
      label: Tension
      initial: 1
      each_turn: t * 0.5
  sides:
    a:
      name: Side A
      objective: s - h
      hidden: [h]
      script: {1: a_up, 2: a_gamble}
    b:
      name: Side B
      objective: -s
      perceives:
        s: s + 1
      believes:
        x: 0.9
  moves:
    a_up:
      side: a
      label: Go up
      probability: 1
      outcomes:
        success:
          effects: {s: s + 1}
          narrative: A goes up to {s} (hidden {h}).
    a_gamble:
      side: a
      label: Gamble
      probability: x
      partial: 0.2
      backfire: 0.1
      outcomes:
        success: {effects: {s: s + k}}
        partial: {effects: {s: s + 0.5}}
        backfire: {effects: {s: s - 1, h: h + 1}}
    b_block:
      side: b
      label: Block
      precondition: s >= 1
      probability: 0.5
      outcomes:
        success: {effects: {s: s - 1}}
    b_never:
      side: b
      label: Never allowed
      precondition: 0
      probability: 1
  injects:
    boost:
      label: Boost
      turn: 2
      narrative: A boost; t is {t}.
      effects: {t: t + 1}
    coin:
      label: Coin
      probability: 0.5
      once: false
      effects: {h: h + 0.1}
  indicators:
    high:
      label: Score at least 3
      formula: s >= 3
  END
"""


def game_text(*, turns: int = 4, mode: str = "rigid", end: str | None = "s >= 50") -> str:
    """The small game's scenario text with some settings changed."""
    text = GAME.replace("TURNS", str(turns)).replace("MODE", mode)
    return text.replace("  END\n", f"  end_when: {end}\n" if end else "")



GameText = Callable[..., str]
MakeSession = Callable[..., Session]


@pytest.fixture()
def game() -> GameText:
    """The small game's scenario text, with ``turns``, ``mode`` and ``end`` settable."""
    return game_text


@pytest.fixture()
def small_game() -> Scenario:
    return parse_scenario(game_text(), name="small-game")


@pytest.fixture()
def small_rules(small_game: Scenario) -> Rules:
    return Rules.compile(small_game)


@pytest.fixture()
def session(small_game: Scenario, tmp_path: Path) -> Iterator[Session]:
    s = Session.new(small_game, tmp_path / "game.db", seed=11)
    yield s
    s.close()


@pytest.fixture()
def make(tmp_path: Path) -> Iterator[MakeSession]:
    """A factory of small-game sessions: ``make(name, seed=, turns=, mode=, end=)``."""
    opened: list[Session] = []

    def factory(name: str = "g.db", *, seed: int = 3, **kw: object) -> Session:
        scenario = parse_scenario(game_text(**kw), name="small-game")  # type: ignore[arg-type]
        s = Session.new(scenario, tmp_path / name, seed=seed)
        opened.append(s)
        return s

    yield factory
    for s in opened:
        s.close()
