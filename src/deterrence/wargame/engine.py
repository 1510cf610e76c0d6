"""The wargame engine: pure functions from (state, input, random generator) to events.

Every operation of a session is a function here that takes the game, its current state
and the players' input (and, when chance is involved, a ``rng``), checks the input, and
returns the new state with the events that record what happened. Nothing is stored and
nothing is changed: a refused input raises :class:`~deterrence.wargame.errors.RefusedError`
and the caller's state stands. Each operation builds its events and then *applies* them
with :func:`~deterrence.wargame.rebuild.apply_event`, the one function that changes
state, so replaying a log goes through exactly the code that wrote it. Replay needs no
random generator: each roll is in its event.

References
----------
.. [1] Perla, P. P. (1990). *The Art of Wargaming*, ch. 9 (the game's cycle: moves,
   adjudication, results, next turn).
.. [2] Fowler, M. (2005). Event Sourcing. martinfowler.com/eaaDev/EventSourcing.html.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from .adjudication import Ruling, outcome_from_dice, outcome_from_roll
from .bots import Choice, Policy
from .errors import RefusedError
from .events import (
    Event,
    GameEnded,
    InjectFired,
    Mode,
    MoveAdjudicated,
    MoveSubmitted,
    Override,
    SessionCreated,
    TurnAdvanced,
)
from .game import Game, initial_state, operation_rng
from .rebuild import apply_event, check_can_move, check_submission, replay, replay_states
from .rules import Effects, Rules
from .state import GameState, PendingMove

__all__ = [
    "Game",
    "Step",
    "adjudicate",
    "adjudication_order",
    "advance",
    "apply_event",
    "bot_choice",
    "check_can_move",
    "check_submission",
    "create",
    "initial_state",
    "operation_rng",
    "replay",
    "replay_states",
    "start",
    "submit",
]

Step = tuple[GameState, tuple[Event, ...]]
"""What an operation returns: the new state and the events that led to it."""


def create(rules: Rules, *, session: str, seed: int, mode: Mode | None = None,
           parameter_source: str = "point", parameters: Mapping[str, float] | None = None,
           version: str = "", branched_from: str | None = None) -> SessionCreated:
    """The first event of a new session (pure: the caller supplies id, seed and values)."""
    if seed < 0:
        raise RefusedError(f"the seed must be a non-negative whole number, not {seed}")
    if mode is not None and mode not in ("rigid", "semi-free", "free"):
        raise RefusedError(f"the adjudication mode is rigid, semi-free or free, not {mode!r}")
    if parameter_source not in ("point", "draw"):
        raise RefusedError(f"parameters are 'point' or 'draw', not {parameter_source!r}")
    values = dict(parameters) if parameters is not None else rules.point_parameters()
    bad = [k for k, v in values.items() if not math.isfinite(v)]
    if bad:
        raise RefusedError(f"parameter values must be finite: {', '.join(bad)}")
    return SessionCreated(
        seq=1, turn=1, session=session, scenario=rules.scenario.model_dump(mode="json"),
        scenario_hash=rules.scenario.content_hash(), seed=seed,
        mode=mode or rules.spec.adjudication,
        parameter_source=parameter_source,  # type: ignore[arg-type]
        parameters={k: float(v) for k, v in values.items()}, version=version,
        perspective=rules.model.perspective, overrides=dict(rules.overrides),
        branched_from=branched_from)


def start(game: Game, *, rng: np.random.Generator) -> Step:
    """Begin play: the ``created`` event, then turn 1's injects and the end check."""
    state = initial_state(game)
    more = _turn_start(game, state, rng=rng)
    return _run(game, state, more, first=(game.created,))


# ------------------------------------------------------------------ submissions


def submit(game: Game, state: GameState, side: str, move: str, *, note: str = "") -> Step:
    """A side submits a move for this turn (kept from other sides until adjudicated)."""
    check_submission(game, state, side, move)
    if len(note) > 2000:
        raise RefusedError("a note is at most 2,000 characters")
    event = MoveSubmitted(seq=state.last_seq + 1, turn=state.turn, side=side, move=move,
                          note=note)
    return _run(game, state, (event,))


# ----------------------------------------------------------------- adjudication


def bot_choice(game: Game, state: GameState, side: str, policy: Policy, *,
               rng: np.random.Generator) -> str | None:
    """The move ``policy`` picks for ``side`` now (None to pass); nothing is submitted."""
    check_can_move(game, state, side)
    live = game.live(state)
    moves = game.rules.side_moves[side]
    allowed = np.array([[bool(game.rules.allowed(m, live)) and not any(
        q.side == side and q.move == m for q in state.pending) for m in moves]])
    choice = Choice(side, state.turn, moves, allowed.reshape(1, len(moves)),
                    game.side_env(state, side))
    picked = int(policy.choose(game.rules, choice, rng=rng)[0])
    return None if picked < 0 else moves[picked]


def adjudication_order(game: Game, pending: Iterable[PendingMove]) -> list[PendingMove]:
    """Pending moves in the order they are resolved: by side (scenario order), then ref."""
    rank = {s: i for i, s in enumerate(game.rules.sides)}
    return sorted(pending, key=lambda p: (rank[p.side], p.ref))


def adjudicate(game: Game, state: GameState, rulings: Mapping[int, Ruling] | None = None,
               *, rng: np.random.Generator) -> Step:
    """Resolve every pending move, one after another, each on the state the previous left.

    Each move gets one draw from ``rng`` (whatever the rulings, so the model's proposals
    do not depend on them). Rulings: an outcome (with reason) overrides the proposal in
    semi-free and free modes and is required for every move in free mode; a dice total
    replaces the draw in any mode.
    """
    rulings = dict(rulings or {})
    _check_rulings(game, state, rulings)
    events: list[Event] = []
    current = state
    for p in adjudication_order(game, state.pending):
        ruling = rulings.get(p.ref, Ruling())
        new = _resolve(game, current, p, ruling, float(rng.random()))
        for event in new:
            current = apply_event(game, current, event)
        events += new
    return current, tuple(events)


def _check_rulings(game: Game, state: GameState, rulings: Mapping[int, Ruling]) -> None:
    if state.ended:
        raise RefusedError(f"the game has ended ({state.end_reason})")
    if not state.pending:
        raise RefusedError("no moves are waiting for adjudication")
    refs = {p.ref for p in state.pending}
    for ref in rulings:
        if ref not in refs:
            raise RefusedError(f"no pending move #{ref}; pending: "
                               + ", ".join(f"#{r}" for r in sorted(refs)))
    decided = [r for r, ruling in rulings.items() if ruling.outcome is not None]
    if game.mode == "rigid" and decided:
        raise RefusedError("this session is adjudicated rigidly: the model decides, so "
                           "outcomes cannot be overridden (dice rolls are allowed)")
    if game.mode == "free":
        missing = sorted(r for r in refs
                         if rulings.get(r, Ruling()).outcome is None
                         and rulings.get(r, Ruling()).dice is None)
        if missing:
            raise RefusedError("free adjudication: the White Cell must decide every move; "
                               "no outcome given for " + ", ".join(f"#{r}" for r in missing))


def _resolve(game: Game, state: GameState, p: PendingMove, ruling: Ruling,
             u: float) -> list[Event]:
    rules = game.rules
    bands = rules.bands(p.move, game.live(state))
    proposed = outcome_from_roll(bands, u)
    seq = state.last_seq + 1
    events: list[Event] = []
    if ruling.outcome is not None:
        events.append(Override(seq=seq, turn=state.turn, ref=p.ref, move_side=p.side,
                               move=p.move, proposed=proposed, outcome=ruling.outcome,
                               reason=ruling.reason.strip()))
        outcome, method, dice = ruling.outcome, "white_cell", None
    elif ruling.dice is not None:
        outcome, method, dice = outcome_from_dice(bands, ruling.dice), "dice", ruling.dice
    else:
        outcome, method, dice = proposed, "model", None
    changes = _changes(game, state, rules.moves[p.move].effects[outcome], f"move {p.move}")
    f = bands.as_floats()
    events.append(MoveAdjudicated(
        seq=seq + len(events), turn=state.turn, side=p.side, move=p.move, ref=p.ref,
        outcome=outcome, method=method,  # type: ignore[arg-type]
        success=f["success"], partial=f["partial"], backfire=f["backfire"],
        roll=u if method == "model" else None, dice=dice, proposed=proposed,
        changes=changes))
    return events


def _changes(game: Game, state: GameState, effects: Effects, what: str) -> dict[str, float]:
    new = {k: float(v) for k, v in game.rules.apply(effects, game.live(state)).items()}
    bad = [k for k, v in new.items() if not math.isfinite(v)]
    if bad:
        raise RefusedError(f"{what} would make {', '.join(bad)} NaN or infinite; the "
                           "scenario's formula needs fixing, so nothing was changed")
    return new


# ------------------------------------------------------------------------ turns


def advance(game: Game, state: GameState, *, rng: np.random.Generator) -> Step:
    """End the turn: end-of-turn updates, then the next turn's injects and the end check."""
    if state.ended:
        raise RefusedError(f"the game has ended ({state.end_reason})")
    if state.pending:
        refs = ", ".join(f"#{p.ref} {p.side}: {p.move}" for p in state.pending)
        raise RefusedError(f"{len(state.pending)} move(s) still wait for adjudication "
                           f"({refs}); run adjudicate first")
    changes = _changes(game, state, game.rules.each_turn, "the end-of-turn update")
    seq = state.last_seq + 1
    if state.turn >= game.rules.spec.turns:
        label = game.rules.turn_label(state.turn)
        return _run(game, state, (GameEnded(seq=seq, turn=state.turn, changes=changes,
                                            reason=f"the last turn ({label}) is over"),))
    step = TurnAdvanced(seq=seq, turn=state.turn + 1, changes=changes)
    after = apply_event(game, state, step)
    more = _turn_start(game, after, rng=rng)
    return _run(game, after, more, first=(step,))


def _turn_start(game: Game, state: GameState, *, rng: np.random.Generator) -> list[Event]:
    """The injects of ``state.turn``, then the end check (events, already consistent)."""
    events: list[Event] = []
    current = state
    for inj in game.rules.injects:
        if (inj.once and inj.id in current.fired) or inj.turn not in (None, current.turn):
            continue
        u = float(rng.random())
        live = game.live(current)
        if inj.condition is not None and not bool(np.asarray(inj.condition.evaluate(live))):
            continue
        p = float(np.clip(np.nan_to_num(inj.probability.evaluate(live)), 0.0, 1.0))
        if not u < p:
            continue
        event = InjectFired(seq=current.last_seq + 1, turn=current.turn, inject=inj.id,
                            roll=u, changes=_changes(game, current, inj.effects,
                                                     f"inject {inj.id}"))
        current = apply_event(game, current, event)
        events.append(event)
    if bool(game.rules.ended(game.live(current))):
        text = game.rules.end_when.text if game.rules.end_when is not None else ""
        events.append(GameEnded(seq=current.last_seq + 1, turn=current.turn, cause="condition",
                                reason=f"the end condition `{text}` is met"))
    return events


def _run(game: Game, state: GameState, events: Sequence[Event], *,
         first: Sequence[Event] = ()) -> Step:
    """Apply ``events`` to ``state``; return the result and ``first + events``."""
    current = state
    for event in events:
        current = apply_event(game, current, event)
    return current, (*first, *events)
