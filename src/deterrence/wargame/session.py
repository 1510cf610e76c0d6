"""A wargame session in a file: the API the command line (and a web app) sits on.

A :class:`Session` joins the pure engine to the durable event store. Every operation
reads any events other processes have written, asks the engine for new events (which
checks the input and may refuse it), writes them in one transaction and only then
updates itself. The state is never stored: it is rebuilt by replaying the events.

Example
-------
>>> import tempfile, pathlib
>>> from deterrence.wargame import Session
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> s = Session.new("tripwire-baltic", folder / "game.db", seed=1)
>>> s.state.turn
1
>>> s.close()
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import Literal

import numpy as np

from .._version import __version__
from ..scenario.io import resolve_scenario
from ..scenario.schema import Scenario
from ..simulation import new_seed
from . import engine
from .aar import Review, render, review
from .adjudication import Ruling
from .bots import Policy, make_policy
from .errors import RefusedError, StoreError
from .events import Event, GameEnded, Mode, MoveAdjudicated, SessionCreated, decode, encode
from .export import export_log
from .game import Game, operation_rng
from .rules import Rules
from .spec import WHITE_CELL
from .state import GameState
from .store import EventStore, SQLiteStore
from .visibility import LogEntry, SideView, WhiteCellView, log_entries, view

__all__ = ["ReplayReport", "Session", "branch_cut"]


@dataclass(frozen=True)
class ReplayReport:
    """The result of replaying a session's whole log from its file."""

    events: int
    turn: int
    ended: bool
    identical: bool
    state: GameState


class Session:
    """A wargame session stored in an :class:`~deterrence.wargame.store.EventStore`.

    Open one with :meth:`new` or :meth:`open`; close it (or use ``with``).
    """

    def __init__(self, store: EventStore, events: list[Event], recorded: list[str]) -> None:
        game, states = engine.replay_states(events)
        self._store = store
        self.game: Game = game
        self.events: list[Event] = list(events)
        self.states: list[GameState] = states
        self.recorded: list[str] = list(recorded)

    # ----------------------------------------------------------- construction

    @classmethod
    def new(cls, scenario: Scenario | str | Path, path: str | Path, *, seed: int | None = None,
            mode: Mode | None = None, parameters: Literal["point", "draw"] = "point",
            perspective: str | None = None,
            overrides: Mapping[str, str | float] | None = None) -> Session:
        """Start a session of ``scenario``'s wargame in a new file at ``path``.

        ``parameters="draw"`` plays with one draw of the parameters (from ``seed``)
        instead of their point values.
        """
        if not isinstance(scenario, Scenario):
            scenario = resolve_scenario(scenario)
        rules = Rules.compile(scenario, perspective=perspective, overrides=overrides)
        seed = new_seed() if seed is None else seed
        values = None
        if parameters == "draw":
            drawn = rules.draw_parameters(1, rng=np.random.default_rng([seed, 0]))
            values = {k: float(v[0]) for k, v in drawn.items()}
        created = engine.create(rules, session=uuid.uuid4().hex, seed=seed, mode=mode,
                                parameter_source=parameters, parameters=values,
                                version=__version__)
        return cls._begin(created, path)

    @classmethod
    def _begin(cls, created: SessionCreated, path: str | Path,
               copied: tuple[Event, ...] = ()) -> Session:
        game = Game.from_created(created)
        if copied:
            events: tuple[Event, ...] = (created, *copied)
            engine.replay_states(list(events))
        else:
            events = engine.start(game, rng=operation_rng(game, engine.initial_state(game)))[1]
        meta = {"session": created.session, "scenario": game.rules.scenario.id,
                "created_by": f"deterrence {__version__}"}
        store = SQLiteStore.create(path, meta, [encode(e) for e in events])
        try:
            return cls.from_store(store)
        except BaseException:
            store.close()
            raise

    @classmethod
    def open(cls, path: str | Path) -> Session:
        """Open the session file at ``path`` and replay it."""
        store = SQLiteStore.open(path)
        try:
            return cls.from_store(store)
        except BaseException:
            store.close()
            raise

    @classmethod
    def from_store(cls, store: EventStore) -> Session:
        """A session over any event store (replays every event)."""
        records = store.read()
        if not records:
            raise StoreError("the session file holds no events; it was never started")
        return cls(store, [decode(r) for r in records], [r.recorded_at for r in records])

    def close(self) -> None:
        """Close the session file."""
        self._store.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # ---------------------------------------------------------------- reading

    @property
    def state(self) -> GameState:
        """The current state (after the last event)."""
        return self.states[-1]

    @property
    def rules(self) -> Rules:
        """The session's compiled rules."""
        return self.game.rules

    @property
    def session_id(self) -> str:
        """The session's unique id."""
        return self.game.created.session

    def refresh(self) -> None:
        """Read and apply events written by others since this session was loaded."""
        records = self._store.read(after=self.state.last_seq)
        for r in records:
            event = decode(r)
            self.states.append(engine.apply_event(self.game, self.state, event))
            self.events.append(event)
            self.recorded.append(r.recorded_at)

    def status(self, as_side: str = WHITE_CELL) -> SideView | WhiteCellView:
        """What ``as_side`` (a side, or ``white_cell``) sees now."""
        self.refresh()
        return view(self.game, self.state, as_side)

    def log(self, as_side: str = WHITE_CELL) -> list[LogEntry]:
        """The log as ``as_side`` may read it."""
        self.refresh()
        return log_entries(self.game, self.events, self.states, as_side)

    # ------------------------------------------------------------- operations

    def _commit(self, events: tuple[Event, ...]) -> tuple[Event, ...]:
        at = self._store.append([encode(e) for e in events], expected_last=self.state.last_seq)
        for e in events:
            self.states.append(engine.apply_event(self.game, self.state, e))
            self.events.append(e)
            self.recorded.append(at)
        return events

    def move(self, side: str, move: str, *, note: str = "") -> Event:
        """``side`` submits ``move`` for this turn."""
        self.refresh()
        _, events = engine.submit(self.game, self.state, side, move, note=note)
        return self._commit(events)[0]

    def bot_move(self, side: str, policy: str | Policy | None = None) -> Event | None:
        """Let a bot choose and submit ``side``'s move (None when it passes)."""
        self.refresh()
        engine.check_can_move(self.game, self.state, side)
        p = make_policy(self.rules, side, policy) if policy is None or isinstance(policy, str) \
            else policy
        move = engine.bot_choice(self.game, self.state, side, p,
                                 rng=operation_rng(self.game, self.state))
        return None if move is None else self.move(side, move, note=f"bot: {p.name}")

    def proposals(self) -> tuple[MoveAdjudicated, ...]:
        """What the model would decide for each pending move now (nothing is written)."""
        self.refresh()
        if self.game.mode == "free":
            game = replace(self.game, created=replace(self.game.created, mode="semi-free"))
        else:
            game = self.game
        _, events = engine.adjudicate(game, self.state, rng=operation_rng(game, self.state))
        return tuple(e for e in events if isinstance(e, MoveAdjudicated))

    def adjudicate(self, rulings: Mapping[int, Ruling] | None = None) -> tuple[Event, ...]:
        """Resolve every pending move (White Cell), with optional rulings by move reference."""
        self.refresh()
        _, events = engine.adjudicate(self.game, self.state, rulings,
                                      rng=operation_rng(self.game, self.state))
        return self._commit(events)

    def next(self) -> tuple[Event, ...]:
        """End the turn (White Cell): end-of-turn updates, next turn's injects."""
        self.refresh()
        _, events = engine.advance(self.game, self.state,
                                   rng=operation_rng(self.game, self.state))
        return self._commit(events)

    def export(self, fmt: Literal["csv", "json"] = "csv", *, as_side: str = WHITE_CELL) -> str:
        """The log as CSV or JSON, as ``as_side`` may read it."""
        self.refresh()
        return export_log(self.game, self.events, self.states, self.recorded, fmt=fmt,
                          viewer=as_side)

    def review(self) -> Review:
        """The after-action review's content."""
        self.refresh()
        return review(self.game, self.events, self.states)

    def aar(self, fmt: Literal["md", "html"] = "md", *, charts: bool = True) -> str:
        """The after-action review as Markdown or HTML (HTML with a chart of the state)."""
        data = self.review()
        if fmt != "html" or not charts:
            return render(data, fmt)
        from ..report.figures_session import session_state_svg  # matplotlib: load on demand

        return render(data, fmt, chart_svg=session_state_svg(data))

    def replay(self) -> ReplayReport:
        """Replay the whole log from the file; check it rebuilds this session's state."""
        self.refresh()
        records = self._store.read()
        _, state = engine.replay([decode(r) for r in records])
        return ReplayReport(len(records), state.turn, state.ended, state == self.state, state)

    def branch(self, path: str | Path, *, at_turn: int, seed: int | None = None,
               mode: Mode | None = None) -> Session:
        """A new session file that replays this one up to the start of ``at_turn``.

        The branch gets a new id; ``seed`` and ``mode`` may change (for example to
        semi-free, so the White Cell can overturn a roll).
        """
        self.refresh()
        cut = branch_cut(self.events, at_turn, self.rules.spec.turns)
        old = self.game.created
        if mode is not None and mode not in ("rigid", "semi-free", "free"):
            raise RefusedError(f"the adjudication mode is rigid, semi-free or free, not {mode!r}")
        created = replace(old, session=uuid.uuid4().hex,
                          seed=old.seed if seed is None else seed,
                          mode=old.mode if mode is None else mode,
                          branched_from=f"{old.session}@turn{at_turn}")
        if created.seed < 0:
            raise RefusedError(f"the seed must be a non-negative whole number, not {seed}")
        return Session._begin(created, path, tuple(self.events[1:cut]))


def branch_cut(events: list[Event], at_turn: int, turns: int) -> int:
    """How many events to keep to branch at the start of ``at_turn``."""
    current = max(e.turn for e in events)
    if not 1 <= at_turn <= min(current, turns):
        raise RefusedError(f"--at must be a turn the session has reached (1 to {current}), "
                           f"not {at_turn}")
    cut = 0
    for i, e in enumerate(events):
        start = e.turn == at_turn and (
            e.kind in ("created", "turn", "inject")
            or (isinstance(e, GameEnded) and e.cause == "condition"))
        if e.turn < at_turn or (start and cut == i):
            cut = i + 1
        else:
            break
    return cut
