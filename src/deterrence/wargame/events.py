"""The events of a wargame session: everything that happens, as frozen records.

A session *is* its list of events; the state is what replaying them gives. Each event
holds what replay needs without a random generator: the session's seed and parameter
values, each roll's value, each ruling and its reason. Each also records the new values
of the variables it changed, so replay can check it rebuilds what was recorded.

Events are stored as JSON (never pickle) through :func:`encode` and :func:`decode`.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar, Literal

from pydantic import TypeAdapter, ValidationError

from .errors import StoreError
from .spec import Outcome

__all__ = [
    "EVENT_TYPES",
    "Event",
    "EventRecord",
    "GameEnded",
    "InjectFired",
    "Method",
    "Mode",
    "MoveAdjudicated",
    "MoveSubmitted",
    "Override",
    "SessionCreated",
    "TurnAdvanced",
    "decode",
    "encode",
]

Mode = Literal["rigid", "semi-free", "free"]
"""Adjudication mode: the model decides; the model proposes and the White Cell may
override; the White Cell decides (after Perla 1990, ch. 9: rigid and free Kriegsspiel)."""
Method = Literal["model", "dice", "white_cell"]
"""How an outcome was reached: a seeded draw, physical 2d6, or a White Cell ruling."""


@dataclass(frozen=True)
class SessionCreated:
    """A session began: the scenario (embedded, so replay needs no other file), the seed,
    the adjudication mode and the parameter values the game is played with."""

    kind: ClassVar[str] = "created"
    seq: int
    turn: int
    session: str
    scenario: dict[str, Any]
    scenario_hash: str
    seed: int
    mode: Mode
    parameter_source: Literal["point", "draw"]
    parameters: dict[str, float]
    version: str
    perspective: str | None = None
    overrides: dict[str, str] = field(default_factory=dict)
    branched_from: str | None = None

    @property
    def side(self) -> str | None:
        return None


@dataclass(frozen=True)
class MoveSubmitted:
    """A side submitted a move; its sequence number is the move's reference."""

    kind: ClassVar[str] = "submitted"
    seq: int
    turn: int
    side: str
    move: str
    note: str = ""


@dataclass(frozen=True)
class Override:
    """The White Cell set a move's outcome (overriding the model's proposal, or in free
    adjudication deciding it), with its reason."""

    kind: ClassVar[str] = "override"
    seq: int
    turn: int
    ref: int
    move_side: str
    move: str
    proposed: Outcome | None
    outcome: Outcome
    reason: str

    @property
    def side(self) -> str | None:
        return "white_cell"


@dataclass(frozen=True)
class MoveAdjudicated:
    """A move's outcome, how it was reached, the chances it had and what it changed."""

    kind: ClassVar[str] = "adjudicated"
    seq: int
    turn: int
    side: str
    move: str
    ref: int
    outcome: Outcome
    method: Method
    success: float
    partial: float
    backfire: float
    roll: float | None = None
    dice: int | None = None
    proposed: Outcome | None = None
    changes: dict[str, float] = field(default_factory=dict)

    def chance(self, outcome: Outcome) -> float:
        """The chance the model gave ``outcome``."""
        fail = max(0.0, 1.0 - self.success - self.partial - self.backfire)
        return {"success": self.success, "partial": self.partial, "fail": fail,
                "backfire": self.backfire}[outcome]


@dataclass(frozen=True)
class InjectFired:
    """The White Cell's inject arrived; ``roll`` is its draw when it was random."""

    kind: ClassVar[str] = "inject"
    seq: int
    turn: int
    inject: str
    roll: float | None = None
    changes: dict[str, float] = field(default_factory=dict)

    @property
    def side(self) -> str | None:
        return None


@dataclass(frozen=True)
class TurnAdvanced:
    """A turn ended and ``turn`` began; ``changes`` are the end-of-turn updates."""

    kind: ClassVar[str] = "turn"
    seq: int
    turn: int
    changes: dict[str, float] = field(default_factory=dict)

    @property
    def side(self) -> str | None:
        return None


@dataclass(frozen=True)
class GameEnded:
    """The game ended: the last turn is over (``cause="last_turn"``, with the end-of-turn
    updates in ``changes``) or the end condition was met at a turn's start."""

    kind: ClassVar[str] = "ended"
    seq: int
    turn: int
    reason: str
    cause: Literal["last_turn", "condition"] = "last_turn"
    changes: dict[str, float] = field(default_factory=dict)

    @property
    def side(self) -> str | None:
        return None


Event = (SessionCreated | MoveSubmitted | Override | MoveAdjudicated | InjectFired
         | TurnAdvanced | GameEnded)
EVENT_TYPES: dict[str, type[Any]] = {
    cls.kind: cls for cls in (SessionCreated, MoveSubmitted, Override, MoveAdjudicated,
                              InjectFired, TurnAdvanced, GameEnded)
}
_ADAPTERS = {kind: TypeAdapter(cls) for kind, cls in EVENT_TYPES.items()}


@dataclass(frozen=True)
class EventRecord:
    """An event as the store keeps it: indexed columns and a JSON payload."""

    seq: int
    kind: str
    turn: int
    side: str | None
    payload: str
    recorded_at: str = ""


def encode(event: Event) -> EventRecord:
    """The stored form of ``event`` (strict JSON: refuses NaN and infinities)."""
    data = asdict(event)
    del data["seq"], data["turn"]
    if not _finite(data):
        raise ValueError(f"{event.kind} event {event.seq} holds a NaN or infinite number")
    payload = json.dumps(data, separators=(",", ":"), allow_nan=False)  # keep key order
    return EventRecord(event.seq, event.kind, event.turn, event.side, payload)


def decode(record: EventRecord) -> Event:
    """The event a stored record holds.

    Raises
    ------
    StoreError
        If the kind is unknown or the payload is not a valid event of its kind.
    """
    adapter = _ADAPTERS.get(record.kind)
    if adapter is None:
        raise StoreError(f"event {record.seq} has an unknown kind {record.kind!r}")
    try:
        data = json.loads(record.payload)
        if not isinstance(data, dict):
            raise ValueError("the payload is not a JSON object")
        data.update(seq=record.seq, turn=record.turn)
        event: Event = adapter.validate_python(data, strict=False)
    except (ValueError, ValidationError) as exc:
        first = str(exc).splitlines()[0]
        raise StoreError(f"event {record.seq} ({record.kind}) is malformed: {first}") from None
    return event


def _finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list | tuple):
        return all(_finite(v) for v in value)
    return True
