"""Replay: the one function that changes a game's state, and folding a log through it.

:func:`apply_event` takes a state and the next event and returns the next state. It
recomputes what the event claims (the chances, the outcome of the recorded roll, every
variable's new value) and refuses an event that does not match, so a log that was edited
or written by different rules is caught instead of silently giving another game.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..formula import suggest
from .adjudication import outcome_from_dice, outcome_from_roll
from .errors import RefusedError, ReplayError
from .events import (
    Event,
    InjectFired,
    MoveAdjudicated,
    MoveSubmitted,
    Override,
    SessionCreated,
    TurnAdvanced,
)
from .game import Game, initial_state
from .rules import Effects
from .state import GameState, PendingMove

__all__ = ["apply_event", "check_can_move", "check_submission", "replay", "replay_states"]


def check_can_move(game: Game, state: GameState, side: str) -> None:
    """Raise :class:`RefusedError` unless ``side`` may submit a move now."""
    rules = game.rules
    if state.ended:
        raise RefusedError(f"the game has ended ({state.end_reason}); no more moves")
    if side == "white_cell":
        raise RefusedError("the White Cell does not make moves; it adjudicates them")
    rules.check_side(side, white_cell=False)
    limit = rules.spec.sides[side].moves_per_turn
    if state.submitted.count(side) >= limit:
        raise RefusedError(f"{side} has already submitted {limit} move(s) this turn "
                           f"({rules.turn_label(state.turn)}), its limit")


def check_submission(game: Game, state: GameState, side: str, move: str) -> None:
    """Raise :class:`RefusedError` unless ``side`` may submit ``move`` now."""
    rules = game.rules
    check_can_move(game, state, side)
    if move not in rules.moves:
        own = rules.side_moves[side]
        raise RefusedError(f"unknown move {move!r}{suggest(move, own)}; "
                           f"{side}'s moves are: {', '.join(own) or 'none'}")
    owner = rules.moves[move].side
    if owner != side:
        raise RefusedError(f"move {move!r} belongs to {owner}; {side} cannot make it")
    if any(p.side == side and p.move == move for p in state.pending):
        raise RefusedError(f"{side} has already submitted {move!r} this turn")
    if not bool(rules.allowed(move, game.live(state))):
        pre = rules.moves[move].precondition
        text = pre.text if pre is not None else ""
        raise RefusedError(f"{move!r} is not allowed now: its precondition `{text}` is false")


def apply_event(game: Game, state: GameState, event: Event) -> GameState:
    """The state after ``event``.

    Raises
    ------
    ReplayError
        If the event is out of sequence or does not match what the rules give.
    """
    if event.seq != state.last_seq + 1:
        raise ReplayError(f"event {event.seq} follows event {state.last_seq}; "
                          "the log has a gap or a repeat")
    try:
        new = _apply(game, state, event)
    except RefusedError as exc:
        raise ReplayError(f"event {event.seq} ({event.kind}) is not valid here: {exc}") from None
    return replace(new, last_seq=event.seq)


def _apply(game: Game, state: GameState, event: Event) -> GameState:
    if isinstance(event, SessionCreated):
        raise ReplayError(f"event {event.seq}: a session is created only once")
    if event.turn != state.turn and not isinstance(event, TurnAdvanced):
        raise ReplayError(f"event {event.seq} is dated turn {event.turn}, "
                          f"but the game is in turn {state.turn}")
    if state.ended:
        raise ReplayError(f"event {event.seq} comes after the game ended")
    if isinstance(event, MoveSubmitted):
        check_submission(game, state, event.side, event.move)
        pending = PendingMove(event.seq, event.side, event.move, event.turn, event.note)
        return replace(state, pending=(*state.pending, pending),
                       submitted=(*state.submitted, event.side))
    if isinstance(event, Override):
        _pending(state, event.ref, event.seq)
        return state
    if isinstance(event, MoveAdjudicated):
        return _adjudicated(game, state, event)
    if isinstance(event, InjectFired):
        if event.inject not in {i.id for i in game.rules.injects}:
            raise ReplayError(f"event {event.seq}: unknown inject {event.inject!r}")
        inject = next(i for i in game.rules.injects if i.id == event.inject)
        _verify(game, state, inject.effects, event.changes, event.seq)
        return state.with_values(event.changes, fired=state.fired | {event.inject})
    if isinstance(event, TurnAdvanced):
        if event.turn != state.turn + 1 or state.pending:
            raise ReplayError(f"event {event.seq}: cannot go from turn {state.turn} to "
                              f"{event.turn} with {len(state.pending)} move(s) pending")
        _verify(game, state, game.rules.each_turn, event.changes, event.seq)
        return state.with_values(event.changes, turn=event.turn, submitted=())
    if event.cause == "last_turn":
        if state.pending or state.turn != game.rules.spec.turns:
            raise ReplayError(f"event {event.seq}: the game cannot end in turn {state.turn} "
                              f"with {len(state.pending)} move(s) pending")
        _verify(game, state, game.rules.each_turn, event.changes, event.seq)
    elif event.changes or not bool(game.rules.ended(game.live(state))):
        raise ReplayError(f"event {event.seq}: the end condition does not hold here")
    return state.with_values(event.changes, ended=True, end_reason=event.reason)


def _pending(state: GameState, ref: int, seq: int) -> PendingMove:
    p = state.pending_move(ref)
    if p is None:
        raise ReplayError(f"event {seq} refers to move #{ref}, which is not pending")
    return p


def _adjudicated(game: Game, state: GameState, event: MoveAdjudicated) -> GameState:
    p = _pending(state, event.ref, event.seq)
    if (p.side, p.move) != (event.side, event.move):
        raise ReplayError(f"event {event.seq}: move #{event.ref} is {p.side}'s {p.move}, "
                          f"not {event.side}'s {event.move}")
    bands = game.rules.bands(p.move, game.live(state))
    recorded = {"success": event.success, "partial": event.partial, "backfire": event.backfire}
    computed = bands.as_floats()
    if any(computed[k] != v for k, v in recorded.items()):
        raise ReplayError(f"event {event.seq}: the recorded chances of {p.move} differ from "
                          "what the rules give now")
    if event.method == "model":
        if event.roll is None or outcome_from_roll(bands, event.roll) != event.outcome:
            raise ReplayError(f"event {event.seq}: the roll does not give {event.outcome}")
    elif event.method == "dice" and (
            event.dice is None or outcome_from_dice(bands, event.dice) != event.outcome):
        raise ReplayError(f"event {event.seq}: the dice do not give {event.outcome}")
    _verify(game, state, game.rules.moves[p.move].effects[event.outcome], event.changes,
            event.seq)
    pending = tuple(q for q in state.pending if q.ref != event.ref)
    return state.with_values(event.changes, pending=pending)


def _verify(game: Game, state: GameState, effects: Effects, changes: dict[str, float],
            seq: int) -> None:
    expected = {k: float(v) for k, v in game.rules.apply(effects, game.live(state)).items()}
    if expected != changes:
        diff = sorted(k for k in set(expected) | set(changes)
                      if expected.get(k) != changes.get(k))
        raise ReplayError(f"event {seq}: recorded values of {', '.join(diff)} differ from "
                          "what the rules give; the log was edited or written by other rules")


def replay_states(events: Sequence[Event]) -> tuple[Game, list[GameState]]:
    """The game and the state after each event of a whole log (first must be ``created``)."""
    if not events or not isinstance(events[0], SessionCreated):
        raise ReplayError("a session log must begin with its 'created' event")
    if events[0].seq != 1:
        raise ReplayError("the 'created' event must be event 1")
    game = Game.from_created(events[0])
    state = initial_state(game)
    states = [state]
    for event in events[1:]:
        state = apply_event(game, state, event)
        states.append(state)
    return game, states


def replay(events: Iterable[Event]) -> tuple[Game, GameState]:
    """The game and its final state, rebuilt from a log."""
    game, states = replay_states(list(events))
    return game, states[-1]
