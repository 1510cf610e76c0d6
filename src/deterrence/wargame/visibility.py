"""Who sees what: each side's view of the game, the White Cell's view, and the log.

A side sees the state variables it is not hidden from, and sees perceived variables as
its perception (it is not told that they differ from the truth). It sees its own pending
moves and, for its options, the chances *it* estimates from its beliefs. It never sees
another side's pending moves, a roll, a true probability or a White Cell reason. The
White Cell sees everything, including every gap between perception and truth.

References
----------
.. [1] Perla, P. P. (1990). *The Art of Wargaming*, ch. 9 (control of information: players
   know what their side would know; control sees the whole game).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from ..textfmt import fmt
from .adjudication import DiceTargets, dice_targets
from .events import (
    Event,
    GameEnded,
    InjectFired,
    MoveAdjudicated,
    MoveSubmitted,
    Override,
    SessionCreated,
    TurnAdvanced,
)
from .game import Game
from .probability_words import describe
from .spec import WHITE_CELL
from .state import GameState

__all__ = [
    "Gap",
    "LogEntry",
    "MoveOption",
    "PendingView",
    "SideView",
    "VariableView",
    "WhiteCellView",
    "gaps",
    "log_entries",
    "render_narrative",
    "side_view",
    "view",
    "viewed_values",
    "white_cell_view",
]

Seen = Literal["true", "perceived", "hidden"]
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class VariableView:
    """One state variable as a viewer sees it (``value`` is None when hidden)."""

    name: str
    label: str
    unit: str
    value: float | None
    seen: Seen


@dataclass(frozen=True)
class MoveOption:
    """One of a side's moves: whether it is allowed now and the chances the side estimates."""

    move: str
    label: str
    description: str
    allowed: bool
    chances: Mapping[str, float]
    dice: DiceTargets
    described: str


@dataclass(frozen=True)
class PendingView:
    """A pending move; ``chances`` are the true ones (White Cell) or the side's estimate."""

    ref: int
    side: str
    move: str
    label: str
    note: str
    chances: Mapping[str, float]
    dice: DiceTargets


@dataclass(frozen=True)
class SideView:
    """What one side sees."""

    side: str
    name: str
    turn: int
    turn_label: str
    turns: int
    ended: bool
    end_reason: str
    briefing: str
    variables: tuple[VariableView, ...]
    pending: tuple[PendingView, ...]
    options: tuple[MoveOption, ...]
    moves_left: int


@dataclass(frozen=True)
class Gap:
    """Where a side's perception of a variable differs from the truth."""

    side: str
    variable: str
    perceived: float
    truth: float

    @property
    def difference(self) -> float:
        """Perceived minus true value."""
        return self.perceived - self.truth


@dataclass(frozen=True)
class WhiteCellView:
    """What the White Cell sees: the truth, every pending move and every perception gap."""

    turn: int
    turn_label: str
    turns: int
    ended: bool
    end_reason: str
    mode: str
    seed: int
    variables: tuple[VariableView, ...]
    pending: tuple[PendingView, ...]
    gaps: tuple[Gap, ...]
    waiting_for: tuple[str, ...]


def viewed_values(game: Game, state: GameState, viewer: str) -> dict[str, float | None]:
    """Each variable as ``viewer`` sees it: truth, perception, or None when hidden."""
    truth = state.as_dict()
    if viewer == WHITE_CELL:
        return dict(truth)
    perceived = {k: float(v) for k, v in game.rules.perceived(viewer, game.live(state)).items()}
    hidden = game.rules.hidden[viewer]
    return {k: None if k in hidden else perceived.get(k, v) for k, v in truth.items()}


def _variables(game: Game, state: GameState, viewer: str) -> tuple[VariableView, ...]:
    values = viewed_values(game, state, viewer)
    rules = game.rules
    out = []
    for name in rules.variables:
        spec = rules.spec.state[name]
        seen: Seen = "true"
        if viewer != WHITE_CELL and name in rules.hidden[viewer]:
            seen = "hidden"
        elif viewer != WHITE_CELL and name in rules.spec.sides[viewer].perceives:
            seen = "perceived"
        out.append(VariableView(name, spec.label, spec.unit, values[name], seen))
    return tuple(out)


def _pending(game: Game, state: GameState, viewer: str) -> tuple[PendingView, ...]:
    out = []
    for p in state.pending:
        if viewer not in (WHITE_CELL, p.side):
            continue
        env = game.live(state) if viewer == WHITE_CELL else game.side_env(state, viewer)
        bands = game.rules.bands(p.move, env)
        out.append(PendingView(p.ref, p.side, p.move, game.rules.moves[p.move].label, p.note,
                               bands.as_floats(), dice_targets(bands)))
    return tuple(out)


def side_view(game: Game, state: GameState, side: str) -> SideView:
    """What ``side`` sees at ``state``."""
    rules = game.rules
    rules.check_side(side, white_cell=False)
    env = game.side_env(state, side)
    live = game.live(state)
    options = []
    for mid in rules.side_moves[side]:
        m = rules.moves[mid]
        bands = rules.bands(mid, env)
        options.append(MoveOption(
            mid, m.label, m.description, bool(rules.allowed(mid, live)) and not state.ended,
            bands.as_floats(), dice_targets(bands),
            describe(float(bands.success), scale=rules.spec.probability_scale)))
    spec = rules.spec.sides[side]
    left = 0 if state.ended else max(0, spec.moves_per_turn - state.submitted.count(side))
    return SideView(side, spec.name, state.turn, rules.turn_label(state.turn), rules.spec.turns,
                    state.ended, state.end_reason, spec.briefing,
                    _variables(game, state, side), _pending(game, state, side),
                    tuple(options), left)


def gaps(game: Game, state: GameState) -> tuple[Gap, ...]:
    """Every (side, variable) whose perceived value differs from the truth."""
    live = game.live(state)
    out = []
    for side in game.rules.sides:
        for var, value in game.rules.perceived(side, live).items():
            truth, seen = state.value(var), float(value)
            if seen != truth:
                out.append(Gap(side, var, seen, truth))
    return tuple(out)


def white_cell_view(game: Game, state: GameState) -> WhiteCellView:
    """What the White Cell sees at ``state``."""
    rules = game.rules
    waiting = tuple(s for s in rules.sides
                    if not state.ended and rules.side_moves[s]
                    and state.submitted.count(s) < rules.spec.sides[s].moves_per_turn)
    return WhiteCellView(state.turn, rules.turn_label(state.turn), rules.spec.turns,
                         state.ended, state.end_reason, game.mode, game.seed,
                         _variables(game, state, WHITE_CELL), _pending(game, state, WHITE_CELL),
                         gaps(game, state), waiting)


def view(game: Game, state: GameState, viewer: str) -> SideView | WhiteCellView:
    """The view of ``viewer``: a side's id, or ``white_cell``."""
    game.rules.check_side(viewer)
    return white_cell_view(game, state) if viewer == WHITE_CELL else side_view(game, state, viewer)


def render_narrative(template: str, values: Mapping[str, object]) -> str:
    """Fill ``{name}`` placeholders from ``values``; unknown or hidden ones become ``?``.

    Only plain names are replaced (no attribute access or format specs), so a template
    from a shared scenario file cannot reach anything else.
    """

    def one(hit: re.Match[str]) -> str:
        value = values.get(hit.group(1))
        if value is None:
            return "?"
        return fmt(value) if isinstance(value, float) else str(value)

    return _PLACEHOLDER.sub(one, template)


@dataclass(frozen=True)
class LogEntry:
    """One line of a session's log as a viewer may read it."""

    seq: int
    turn: int
    turn_label: str
    kind: str
    side: str | None
    text: str
    narrative: str = ""


def log_entries(game: Game, events: Sequence[Event], states: Sequence[GameState],
                viewer: str = WHITE_CELL) -> list[LogEntry]:
    """The log as ``viewer`` may read it; ``states[i]`` is the state after ``events[i]``.

    A side does not see other sides' submissions (until they are adjudicated), White Cell
    overrides and reasons, rolls, true chances or hidden values.
    """
    game.rules.check_side(viewer)
    out = []
    for event, after in zip(events, states, strict=True):
        entry = _entry(game, event, after, viewer)
        if entry is not None:
            out.append(entry)
    return out


def _entry(game: Game, event: Event, after: GameState, viewer: str) -> LogEntry | None:
    rules = game.rules
    wc = viewer == WHITE_CELL
    label = rules.turn_label(event.turn)

    def entry(text: str, narrative: str = "") -> LogEntry:
        return LogEntry(event.seq, event.turn, label, event.kind, event.side, text, narrative)

    values: dict[str, object] = dict(viewed_values(game, after, viewer))
    values.update(turn=event.turn, date=label)
    if isinstance(event, SessionCreated):
        extra = f", seed {event.seed}, {event.mode} adjudication" if wc else ""
        return entry(f"session created: {rules.spec.title or rules.scenario.title}{extra}")
    if isinstance(event, MoveSubmitted):
        if not wc and viewer != event.side:
            return None
        note = f" - {event.note}" if event.note else ""
        return entry(f"#{event.seq} {event.side} submits {event.move}{note}")
    if isinstance(event, Override):
        if not wc:
            return None
        return entry(f"White Cell rules #{event.ref} ({event.move_side}: {event.move}) "
                     f"{event.outcome} (model proposed {event.proposed}): {event.reason}")
    if isinstance(event, MoveAdjudicated):
        move = rules.moves[event.move]
        values.update(side=rules.side_name(event.side), move=event.move, label=move.label)
        text = f"#{event.ref} {event.side}: {move.label} - {event.outcome.upper()}"
        if wc:
            text += f" ({_how(event, rules.spec.probability_scale)})"
        return entry(text, render_narrative(move.narratives[event.outcome], values))
    if isinstance(event, InjectFired):
        inj = next(i for i in rules.injects if i.id == event.inject)
        values.update(inject=inj.label, label=inj.label)
        roll = f" (roll {event.roll:.3f})" if wc and event.roll is not None else ""
        return entry(f"inject: {inj.label}{roll}", render_narrative(inj.narrative, values))
    if isinstance(event, TurnAdvanced):
        return entry(f"turn {event.turn} ({label}) begins")
    if isinstance(event, GameEnded):
        return entry(f"game over: {event.reason}")
    return None


def _how(event: MoveAdjudicated, scale: Literal["icd203", "kent"]) -> str:
    chance = f"P(success) {describe(event.success, scale=scale)}"
    if event.method == "dice":
        return f"{chance}; 2d6 rolled {event.dice}"
    if event.method == "white_cell":
        return f"{chance}; White Cell ruling"
    return f"{chance}; roll {event.roll:.3f}"
