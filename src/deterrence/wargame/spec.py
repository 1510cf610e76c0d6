"""The ``wargame`` section of a scenario file (placeholder until the wargame module lands)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["WargameSpec", "check_wargame"]


class WargameSpec(BaseModel):
    """A turn-based game built on a scenario."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = ""


def check_wargame(
    spec: WargameSpec, known_names: set[str]
) -> list[tuple[tuple[str | int, ...], str]]:
    """Problems of the wargame section (field path relative to it, message)."""
    return []
