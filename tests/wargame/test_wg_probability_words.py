"""Probabilities as words and as 2d6 targets: exact dice chances, nearest targets, scales."""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deterrence.wargame.adjudication import dice_targets, outcome_from_dice
from deterrence.wargame.probability_words import (
    describe,
    dice_chance,
    dice_target,
    estimative_words,
)
from deterrence.wargame.rules import Bands


def _enumerated(t: int) -> Fraction:
    return Fraction(sum(1 for a, b in product(range(1, 7), repeat=2) if a + b >= t), 36)


@pytest.mark.parametrize("t", range(0, 15))
def test_dice_chance_is_exact(t: int) -> None:
    assert dice_chance(t) == _enumerated(t)


def test_known_dice_chances() -> None:
    assert dice_chance(7) == Fraction(21, 36)
    assert dice_chance(12) == Fraction(1, 36)
    assert dice_chance(2) == 1 and dice_chance(13) == 0


@pytest.mark.parametrize(("p", "target"), [
    (21 / 36, 7), (0.5, 7), (15 / 36, 8), (0.0, 13), (1.0, 2), (1 / 36, 12), (0.9, 4),
    (0.1, 11), (0.75, 6)])
def test_dice_target_nearest_and_smallest_on_ties(p: float, target: int) -> None:
    assert dice_target(p).target == target


@given(st.floats(0, 1))
def test_dice_target_is_the_closest_target(p: float) -> None:
    chosen = dice_target(p)
    best = min(abs(float(dice_chance(t)) - p) for t in range(2, 14))
    assert abs(float(chosen.chance) - p) == pytest.approx(best, abs=1e-12)
    assert chosen.chance == dice_chance(chosen.target)


@given(st.floats(0, 1), st.floats(0, 1))
def test_dice_target_is_monotone(p: float, q: float) -> None:
    lo, hi = sorted((p, q))
    assert dice_target(lo).target >= dice_target(hi).target


@pytest.mark.parametrize(("p", "words"), [
    (0.0, "no chance"), (0.03, "almost no chance"), (0.1, "very unlikely"),
    (0.3, "unlikely"), (0.5, "roughly even chance"), (0.7, "likely"),
    (0.9, "very likely"), (0.97, "almost certain"), (1.0, "certain")])
def test_icd203_words(p: float, words: str) -> None:
    assert estimative_words(p) == words


@pytest.mark.parametrize(("p", "words"), [
    (0.0, "impossible"), (0.07, "almost certainly not"), (0.3, "probably not"),
    (0.5, "chances about even"), (0.75, "probable"), (0.93, "almost certain"),
    (1.0, "certain"), (0.15, "almost certainly not"), (0.62, "probable")])
def test_kent_words(p: float, words: str) -> None:
    assert estimative_words(p, scale="kent") == words


@pytest.mark.parametrize("bad", [-0.1, 1.1, float("nan")])
def test_probabilities_outside_0_1_are_refused(bad: float) -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        describe(bad)


def test_describe_gives_number_words_and_dice() -> None:
    assert describe(21 / 36) == "58%, likely, 7+ on 2d6 (21/36 = 58%)"


@given(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1))
def test_physical_dice_outcomes_follow_the_targets(ps: float, pp: float, pb: float) -> None:
    pp = min(pp, 1 - ps)
    pb = min(pb, 1 - ps - pp)
    bands = Bands(ps, pp, pb)
    t = dice_targets(bands)
    for total in range(2, 13):
        outcome = outcome_from_dice(bands, total)
        if total >= t.success:
            assert outcome == "success"
        elif total >= t.partial:
            assert outcome == "partial"
        elif total <= t.backfire:
            assert outcome == "backfire"
        else:
            assert outcome == "fail"
