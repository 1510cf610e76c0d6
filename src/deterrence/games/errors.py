"""The error raised for a bad game: a malformed tree, file or game section."""

from __future__ import annotations

from ..errors import DeterrenceError

__all__ = ["GameError"]


class GameError(DeterrenceError):
    """A game is malformed or cannot be solved as asked; the message names the node or line.

    Parameters
    ----------
    message
        What is wrong, in plain language, naming the node, line or field.
    where
        Field path of the problem inside a game section of a scenario file (for
        example ``("nodes", "rok_move", "actions")``), when it comes from one.
    """

    def __init__(self, message: str, *, where: tuple[str | int, ...] = ()) -> None:
        self.message = message
        self.where = where
        super().__init__(message)
