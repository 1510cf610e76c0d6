"""Errors of the wargame package: every refusal a player or facilitator can cause.

Each is a :class:`~deterrence.errors.DeterrenceError`, so the command line prints the
message without a traceback (exit status 2). A refused operation never changes the
session: the engine raises before it returns any event, and the store writes all of an
operation's events in one transaction or none.
"""

from __future__ import annotations

from ..errors import DeterrenceError

__all__ = ["RefusedError", "ReplayError", "StoreError", "WargameError"]


class WargameError(DeterrenceError):
    """Base class of wargame errors caused by input (a move, a ruling, a session file)."""


class RefusedError(WargameError):
    """A move, ruling or command was refused; the session is unchanged."""


class StoreError(WargameError):
    """A session file cannot be created, opened or written (missing, foreign, damaged, stale)."""


class ReplayError(WargameError):
    """Replaying a session's events did not rebuild what the log recorded."""
