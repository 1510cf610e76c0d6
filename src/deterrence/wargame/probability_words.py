"""Probabilities as numbers, as estimative words and as a two-dice target.

Players of matrix games roll real dice, analysts read words, modellers read numbers.
Every chance the engine shows is given all three ways:

- a number (``58%``);
- words on an estimative-probability scale: the US Intelligence Community's ICD 203
  scale (default), or Sherman Kent's 1964 scale;
- the target ``t`` to roll on two six-sided dice (2d6, succeed on ``t`` or more) whose
  chance is closest to the probability, with the exact dice chance (``7+ = 21/36``).

References
----------
.. [1] Kent, S. (1964). Words of Estimative Probability. *Studies in Intelligence* 8(4),
   49-65. (Certain 100%; almost certain 93% +/- 6; probable 75% +/- 12; chances about
   even 50% +/- 10; probably not 30% +/- 10; almost certainly not 7% +/- 5; impossible 0.)
.. [2] Office of the Director of National Intelligence (2015). Intelligence Community
   Directive 203, *Analytic Standards*, section D.6.e(2)(a).
.. [3] Curry, J. & Price, T. (2014). *Matrix Games for Modern Wargaming*. (Arguments
   resolved with 2d6 against a target set by the facilitator.)

Examples
--------
>>> dice_target(0.5)
DiceTarget(target=7, ways=21)
>>> str(dice_target(0.5))
'7+ on 2d6 (21/36 = 58%)'
>>> estimative_words(0.5)
'roughly even chance'
>>> estimative_words(0.75, scale="kent")
'probable'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

__all__ = [
    "ICD203",
    "KENT",
    "DiceTarget",
    "Scale",
    "describe",
    "dice_chance",
    "dice_target",
    "estimative_words",
]

Scale = Literal["icd203", "kent"]

ICD203: tuple[tuple[float, str], ...] = (
    (0.05, "almost no chance"),
    (0.20, "very unlikely"),
    (0.45, "unlikely"),
    (0.55, "roughly even chance"),
    (0.80, "likely"),
    (0.95, "very likely"),
    (1.00, "almost certain"),
)
"""ICD 203's seven terms with the upper end of each band (lower ends exclusive)."""

KENT: tuple[tuple[float, float, str], ...] = (
    (0.00, 0.00, "impossible"),
    (0.02, 0.12, "almost certainly not"),
    (0.20, 0.40, "probably not"),
    (0.40, 0.60, "chances about even"),
    (0.63, 0.87, "probable"),
    (0.87, 0.99, "almost certain"),
    (1.00, 1.00, "certain"),
)
"""Kent's terms with their ranges; between ranges, the nearest term is used."""

_WAYS = {t: sum(1 for a in range(1, 7) for b in range(1, 7) if a + b >= t) for t in range(2, 14)}
"""Ways out of 36 to roll ``t`` or more on 2d6 (t = 13 cannot be rolled)."""


def dice_chance(target: int) -> Fraction:
    """The exact chance of rolling ``target`` or more on two six-sided dice.

    >>> dice_chance(7)
    Fraction(7, 12)
    """
    if target <= 2:
        return Fraction(1)
    if target >= 13:
        return Fraction(0)
    return Fraction(_WAYS[target], 36)


@dataclass(frozen=True)
class DiceTarget:
    """Roll ``target`` or more on 2d6; ``ways`` of the 36 outcomes do so."""

    target: int
    ways: int

    @property
    def chance(self) -> Fraction:
        """The exact dice chance, ``ways / 36``."""
        return Fraction(self.ways, 36)

    def __str__(self) -> str:
        if self.ways == 36:
            return "automatic on 2d6 (36/36)"
        if self.ways == 0:
            return "cannot be rolled on 2d6 (0/36)"
        return f"{self.target}+ on 2d6 ({self.ways}/36 = {100 * self.ways / 36:.0f}%)"


def dice_target(p: float) -> DiceTarget:
    """The smallest target ``t`` whose chance P(2d6 >= t) is closest to ``p``.

    Targets run from 2 (always) to 13 (never), so 0 and 1 are represented exactly.

    Raises
    ------
    ValueError
        If ``p`` is not a number between 0 and 1.
    """
    exact = Fraction(_checked(p))
    best = min(range(2, 14), key=lambda t: (abs(Fraction(_WAYS[t], 36) - exact), t))
    return DiceTarget(target=best, ways=_WAYS[best])


def estimative_words(p: float, *, scale: Scale = "icd203") -> str:
    """Words for the probability ``p`` on the ICD 203 or Kent (1964) scale."""
    p = _checked(p)
    if scale == "kent":
        return _kent(p)
    if p == 0.0:
        return "no chance"
    if p == 1.0:
        return "certain"
    for upper, words in ICD203:
        if p <= upper:
            return words
    return ICD203[-1][1]


def _kent(p: float) -> str:
    def distance(band: tuple[float, float, str]) -> float:
        lo, hi, _ = band
        return 0.0 if lo <= p <= hi else min(abs(p - lo), abs(p - hi))

    if 0.0 < p < 0.02:
        return "almost certainly not"
    if 0.99 < p < 1.0:
        return "almost certain"
    return min(KENT, key=distance)[2]


def describe(p: float, *, scale: Scale = "icd203") -> str:
    """All three forms in one phrase.

    >>> describe(0.6)
    '60%, likely, 7+ on 2d6 (21/36 = 58%)'
    """
    p = _checked(p)
    return f"{_percent(p)}, {estimative_words(p, scale=scale)}, {dice_target(p)}"


def _percent(p: float) -> str:
    if 0 < p < 0.01:
        return "<1%"
    if 0.99 < p < 1:
        return ">99%"
    return f"{100 * p:.0f}%"


def _checked(p: float) -> float:
    p = float(p)
    if math.isnan(p) or p < 0.0 or p > 1.0:
        raise ValueError(f"a probability must be between 0 and 1, not {p}")
    return p
