"""The ``games`` section of a scenario file (placeholder until the games module lands)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["GameSpec", "check_game"]


class GameSpec(BaseModel):
    """A game defined in a scenario file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = ""


def check_game(
    spec: GameSpec, known_names: set[str]
) -> list[tuple[tuple[str | int, ...], str]]:
    """Problems of one game (field path relative to the game, message)."""
    return []
