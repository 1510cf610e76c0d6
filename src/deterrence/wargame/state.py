"""The state of a wargame session: turn, state variables, pending moves, what has fired.

A :class:`GameState` is never edited and never stored: it is what replaying a session's
events gives (see :func:`deterrence.wargame.engine.apply_event`). Two states are equal
exactly when every field is, so "replay rebuilds the identical state" is a plain ``==``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

__all__ = ["GameState", "PendingMove"]


@dataclass(frozen=True)
class PendingMove:
    """A move submitted and not yet adjudicated.

    Attributes
    ----------
    ref
        Its reference: the sequence number of the event that submitted it (``#7``).
    side, move
        Who submitted which move.
    turn
        The turn it was submitted in.
    note
        The side's own words about it (its argument, in matrix-game terms).
    """

    ref: int
    side: str
    move: str
    turn: int
    note: str = ""


@dataclass(frozen=True)
class GameState:
    """Where a session stands.

    Attributes
    ----------
    turn
        The current turn, from 1.
    values
        Each state variable's true value, in the order of the scenario's ``state``.
    pending
        Moves submitted this turn and not yet adjudicated, in submission order.
    submitted
        One entry per move each side has submitted this turn (for ``moves_per_turn``).
    fired
        Injects that have fired (an inject with ``once: true`` fires at most once).
    ended, end_reason
        Whether the game is over, and why.
    last_seq
        Sequence number of the last event applied.
    """

    turn: int
    values: tuple[tuple[str, float], ...]
    pending: tuple[PendingMove, ...] = ()
    submitted: tuple[str, ...] = ()
    fired: frozenset[str] = frozenset()
    ended: bool = False
    end_reason: str = ""
    last_seq: int = 0

    def value(self, name: str) -> float:
        """The true value of state variable ``name``."""
        for key, v in self.values:
            if key == name:
                return v
        raise KeyError(name)

    def as_dict(self) -> dict[str, float]:
        """The state variables as a plain dict."""
        return dict(self.values)

    def with_values(self, updates: Mapping[str, float], **fields: object) -> GameState:
        """A copy with some variables (and other fields) replaced."""
        values = tuple((k, float(updates.get(k, v))) for k, v in self.values)
        return replace(self, values=values, **fields)  # type: ignore[arg-type]

    def pending_move(self, ref: int) -> PendingMove | None:
        """The pending move with reference ``ref``, if any."""
        return next((p for p in self.pending if p.ref == ref), None)
