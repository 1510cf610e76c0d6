"""From chances to outcomes: a seeded draw, real dice, or a White Cell ruling.

Three adjudication modes (after the rigid and free Kriegsspiel, Perla 1990, ch. 2-3):

``rigid``
    The model's chances and a seeded draw ``u`` in [0, 1) decide. The bands are laid
    out on [0, 1): success ``[0, ps)``, partial ``[ps, ps + pp)``, backfire
    ``[1 - pb, 1)``, fail in between.
``semi-free``
    The model proposes; the White Cell accepts, or overrides with a reason (logged).
``free``
    The White Cell decides every outcome, with a reason (logged); the model advises.

In any mode the White Cell may have the players roll real dice: two six-sided dice
against the targets :func:`dice_targets` gives (success on ``t`` or more, etc.).

References
----------
.. [1] Perla, P. P. (1990). *The Art of Wargaming*. Naval Institute Press.
.. [2] Curry, J. & Price, T. (2014). *Matrix Games for Modern Wargaming*.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .errors import RefusedError
from .probability_words import dice_target
from .rules import Bands
from .spec import OUTCOMES, Outcome

__all__ = [
    "DiceTargets",
    "Ruling",
    "dice_targets",
    "outcome_codes",
    "outcome_from_dice",
    "outcome_from_roll",
]


@dataclass(frozen=True)
class Ruling:
    """The White Cell's say on one pending move.

    Attributes
    ----------
    outcome
        The outcome it sets (an override, or in free adjudication its decision).
    reason
        Why; required with an outcome, and logged.
    dice
        A physical 2d6 total rolled at the table (2-12), used instead of the seeded draw.
    """

    outcome: Outcome | None = None
    reason: str = ""
    dice: int | None = None

    def __post_init__(self) -> None:
        if self.outcome is not None and self.outcome not in OUTCOMES:
            raise RefusedError(f"unknown outcome {self.outcome!r}; the outcomes are "
                               + ", ".join(OUTCOMES))
        if self.outcome is not None and not self.reason.strip():
            raise RefusedError("a White Cell ruling needs a reason (it is logged for the "
                               "after-action review)")
        if self.outcome is not None and self.dice is not None:
            raise RefusedError("give either an outcome or a dice roll for a move, not both")
        if self.dice is not None and not 2 <= self.dice <= 12:
            raise RefusedError(f"a 2d6 roll is between 2 and 12, not {self.dice}")


def outcome_codes(bands: Bands, u: NDArray[np.float64]) -> NDArray[np.int8]:
    """Outcome index per run (0 success, 1 partial, 2 fail, 3 backfire) for draws ``u``."""
    ps, pp, pb = (np.asarray(b, dtype=np.float64) for b in (bands.success, bands.partial,
                                                             bands.backfire))
    codes = np.full(np.broadcast(ps, u).shape, 2, dtype=np.int8)
    codes = np.where(u >= 1.0 - pb, np.int8(3), codes)
    codes = np.where(u < ps + pp, np.int8(1), codes)
    return np.where(u < ps, np.int8(0), codes).astype(np.int8)


def outcome_from_roll(bands: Bands, u: float) -> Outcome:
    """The outcome of one seeded draw ``u`` in [0, 1)."""
    return OUTCOMES[int(outcome_codes(bands, np.asarray(u)))]


@dataclass(frozen=True)
class DiceTargets:
    """What to roll on 2d6: ``success`` or more succeeds, ``partial`` or more at least
    partly succeeds, ``backfire`` or less backfires (0 when it cannot)."""

    success: int
    partial: int
    backfire: int

    def __str__(self) -> str:
        parts = [f"success {self.success}+" if self.success <= 12 else "no success"]
        parts += self.extras()
        return "2d6: " + ", ".join(parts)

    def extras(self) -> list[str]:
        """The partial and backfire targets, when the move has those outcomes."""
        parts = []
        if self.partial < self.success:
            parts.append(f"partial {self.partial}+")
        if self.backfire >= 2:
            parts.append(f"backfire on {self.backfire} or less")
        return parts


def dice_targets(bands: Bands) -> DiceTargets:
    """The 2d6 targets closest to one move's chances (see :func:`dice_target`)."""
    ps, pp, pb = float(bands.success), float(bands.partial), float(bands.backfire)
    success = dice_target(ps).target
    partial = min(success, dice_target(min(1.0, ps + pp)).target)
    backfire = 14 - dice_target(pb).target
    backfire = min(backfire, partial - 1)
    return DiceTargets(success=success, partial=partial, backfire=max(backfire, 0))


def outcome_from_dice(bands: Bands, total: int) -> Outcome:
    """The outcome of a physical 2d6 roll ``total`` against :func:`dice_targets`."""
    if not 2 <= total <= 12:
        raise RefusedError(f"a 2d6 roll is between 2 and 12, not {total}")
    t = dice_targets(bands)
    if total >= t.success:
        return "success"
    if total >= t.partial:
        return "partial"
    if total <= t.backfire:
        return "backfire"
    return "fail"
