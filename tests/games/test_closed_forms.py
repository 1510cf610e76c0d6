"""Closed forms: published identities and invariants (Bayes, Fearon, Zagare-Kilgour, Lanchester)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from deterrence.formula import parse_formula
from deterrence.games import (
    CLASSIC_GAMES,
    Game,
    backward_induction,
    bargaining_range,
    bdm_expected_utility,
    credibility_update,
    deterrence_threshold,
    involvement,
    p_escalate,
    required_credibility,
    required_lr,
    signal_lr,
    signal_posterior,
    unilateral_deterrence,
    war_win_probability,
)
from deterrence.games.lanchester import (
    lanchester_linear,
    lanchester_linear_trajectory,
    lanchester_square,
    lanchester_square_ratio,
    lanchester_square_trajectory,
)

prob = st.floats(0.001, 0.999)
ratio = st.floats(0.01, 100.0)
positive = st.floats(0.1, 100.0)


@given(prob)
def test_likelihood_ratio_one_leaves_belief_unchanged(p: float) -> None:
    assert float(credibility_update(p, 1.0)) == pytest.approx(p)


@given(prob, ratio, ratio)
def test_two_updates_compose_as_product_of_ratios(p: float, a: float, b: float) -> None:
    twice = credibility_update(credibility_update(p, a), b)
    assert float(twice) == pytest.approx(float(credibility_update(p, a * b)), rel=1e-9)


@given(prob, st.floats(0.01, 1.0), st.floats(0.01, 1.0))
def test_signal_posterior_is_bayes_with_the_signal_ratio(p: float, hi: float, lo: float) -> None:
    direct = signal_posterior(p, hi, lo)
    assert float(direct) == pytest.approx(float(credibility_update(p, signal_lr(hi, lo))))


def test_pooling_signal_teaches_nothing_and_separating_reveals() -> None:
    assert float(signal_lr(0.7, 0.7)) == 1.0
    assert math.isinf(float(signal_lr(0.5, 0.0)))
    assert float(signal_posterior(0.3, 0.5, 0.0)) == 1.0


@given(prob, prob, st.floats(0.0, 0.5))
def test_involvement_is_a_probability_and_at_least_r(kappa: float, h: float, r: float) -> None:
    q = float(involvement(kappa, h, r))
    assert r - 1e-12 <= q <= 1.0
    assert q == pytest.approx(kappa * h + r - kappa * h * r)


@given(positive, positive, st.floats(0.2, 3.0))
def test_escalation_is_even_odds_at_the_threshold_for_median_resolve(
        z: float, K: float, sigma: float) -> None:
    q = float(deterrence_threshold(z, K))
    # at q = q*, q K / (1 - q) = z: a challenger of median resolve z is indifferent
    assert q * K / (1 - q) == pytest.approx(z)
    assert float(p_escalate(q, K, sigma, z)) == pytest.approx(0.5)


@given(positive, st.floats(0.05, 1.0), st.floats(0.0, 0.2))
def test_required_credibility_reaches_the_threshold(K: float, kappa: float, r: float) -> None:
    qs = float(deterrence_threshold(1.0, K))
    h = float(required_credibility(qs, kappa, r))
    assert float(involvement(kappa, h, r)) == pytest.approx(qs)


@given(st.floats(0.05, 0.95), st.floats(0.05, 0.95), st.floats(0.1, 1.0))
def test_required_lr_lifts_credibility_to_h_star(h_star: float, h0: float, w: float) -> None:
    lr = float(required_lr(h_star, h0, w))
    h1 = (h_star - (1 - w) * h0) / w
    if 0 < h1 < 1:
        reached = w * float(credibility_update(h0, lr)) + (1 - w) * h0
        assert reached == pytest.approx(h_star)
    elif h1 >= 1:
        assert math.isinf(lr)
    else:
        assert lr == 0.0


def test_required_lr_without_reputation_is_all_or_nothing() -> None:
    assert float(required_lr(0.5, 0.6, 0.0)) == 0.0
    assert math.isinf(float(required_lr(0.5, 0.4, 0.0)))


def test_essay_numbers() -> None:
    # DESIGN: q* at K = 20 and median resolve, and the 12,000-of-1.28M square-law share
    assert float(deterrence_threshold(1, 20)) == pytest.approx(1 / 21)
    assert float(lanchester_square_ratio(12_000, 1_280_000)) == pytest.approx(0.981, abs=5e-4)


@given(st.floats(0, 1), st.floats(0, 0.5), st.floats(0, 0.5), st.floats(0, 1))
def test_fearon_range_holds_every_deal_both_prefer_to_war(
        p: float, ca: float, cb: float, t: float) -> None:
    r = bargaining_range(p, ca, cb)
    assert float(r.low) == pytest.approx(p - ca) and float(r.high) == pytest.approx(p + cb)
    assert float(r.width) == pytest.approx(ca + cb)
    x = float(r.low + t * (r.high - r.low))
    assert x >= p - ca - 1e-12  # A prefers x to war
    assert 1 - x >= 1 - p - cb - 1e-12  # B prefers 1 - x to war


def test_fearon_range_clipped_to_the_good() -> None:
    r = bargaining_range(0.95, 0.1, 0.2, clip=True)
    assert (float(r.low), float(r.high)) == pytest.approx((0.85, 1.0))


payoff = st.integers(-5, 5).map(float)


@given(st.tuples(payoff, payoff, payoff, payoff), st.tuples(payoff, payoff, payoff, payoff))
def test_zagare_kilgour_outcome_matches_backward_induction(
        ch: tuple[float, ...], de: tuple[float, ...]) -> None:
    game = CLASSIC_GAMES["unilateral_deterrence"].game
    assert isinstance(game, Game)
    env = dict(zip(("ch_sq", "ch_cw", "ch_dw", "ch_cf"), ch, strict=True))
    env |= dict(zip(("de_sq", "de_cw", "de_dw", "de_cf"), de, strict=True))
    sol = backward_induction(game, env=env)
    if sol.ties_anywhere:
        return  # ties: several subgame-perfect equilibria, reported by the solver
    zk = unilateral_deterrence(ch, de, 1.0)  # type: ignore[arg-type]
    outcome = {("status_quo",): 0, ("demand", "concede"): 1,
               ("demand", "deny", "back_down"): 2, ("demand", "deny", "fight"): 3}
    path = tuple(m.action for m in sol.paths[0].moves)
    assert outcome[path] == int(zk.outcome)


@given(st.floats(2, 10), st.floats(-10, 1.5), st.floats(-10, 1.5))
def test_zagare_kilgour_threshold_identities(cw: float, sq_gap: float, cf_gap: float) -> None:
    sq = cw - 1 - abs(sq_gap)  # CW > SQ
    cf = sq - 0.5 - abs(cf_gap)  # SQ > CF: conflict is costly
    zk = unilateral_deterrence((sq, cw, cf - 1, cf), (0, 0, 0, 1), 0.5)
    t = float(zk.threshold_hard)
    assert t == pytest.approx(float(deterrence_threshold(cw - sq, sq - cf)))
    # a hard challenger is exactly indifferent at the threshold
    assert t * cf + (1 - t) * cw == pytest.approx(sq)
    above = unilateral_deterrence((sq, cw, cf - 1, cf), (0, 0, 0, 1), min(1.0, t + 1e-6))
    below = unilateral_deterrence((sq, cw, cf - 1, cf), (0, 0, 0, 1), max(0.0, t - 1e-6))
    assert bool(above.deterred) and not bool(below.deterred)


def test_bueno_de_mesquita_expected_utility() -> None:
    assert float(bdm_expected_utility(0.5, 1.0, 0.2)) == 0.0
    # bilateral: (2 P - 1)(U_ii - U_ij)
    assert float(bdm_expected_utility(0.7, 1.0, 0.5)) == pytest.approx(0.4 * 0.5)
    # an indifferent third party adds nothing; a friendly one adds (P_ik - P_i)(U_ki - U_kj)
    assert float(bdm_expected_utility(0.7, 1, 0.5, [0.9], [0.4], [0.4])) == pytest.approx(0.2)
    both = bdm_expected_utility(0.4, 1, 0, [0.6, 0.5], [1.0, 0.2], [0.0, 0.6])
    assert float(both) == pytest.approx(-0.2 + 0.2 * 1.0 + 0.1 * -0.4)
    assert float(war_win_probability(1, 3, 1)) == pytest.approx(0.4)


@given(positive, positive, st.floats(0.1, 5), st.floats(0.1, 5))
def test_square_law_conserves_and_predicts_survivors(x0: float, y0: float, a: float,
                                                     b: float) -> None:
    battle = lanchester_square(x0, y0, a, b)
    if abs(float(battle.conserved)) < 1e-6 * max(a * x0**2, b * y0**2):
        return
    t = np.linspace(0, float(battle.time), 7)
    x, y = lanchester_square_trajectory(x0, y0, a, b, t)
    np.testing.assert_allclose(a * x**2 - b * y**2, float(battle.conserved),
                               rtol=1e-6, atol=1e-6 * max(a * x0**2, b * y0**2))
    loser_end = y[-1] if battle.winner > 0 else x[-1]
    assert loser_end == pytest.approx(0.0, abs=1e-6 * max(x0, y0))
    winner_end = x[-1] if battle.winner > 0 else y[-1]
    survivors = battle.x_final if battle.winner > 0 else battle.y_final
    assert winner_end == pytest.approx(float(survivors), rel=1e-6, abs=1e-6)


@given(positive, positive, st.floats(0.1, 5), st.floats(0.1, 5))
def test_linear_law_conserves_and_predicts_survivors(x0: float, y0: float, a: float,
                                                     b: float) -> None:
    battle = lanchester_linear(x0, y0, a, b, fraction=0.01)
    if abs(float(battle.conserved)) < 1e-3 * max(a * x0, b * y0):
        return
    t = np.linspace(0, float(battle.time), 5)
    x, y = lanchester_linear_trajectory(x0, y0, a, b, t)
    np.testing.assert_allclose(a * x - b * y, float(battle.conserved), rtol=1e-7,
                               atol=1e-7 * max(a * x0, b * y0))
    loser = (y[-1] / y0) if battle.winner > 0 else (x[-1] / x0)
    assert loser == pytest.approx(0.01, rel=1e-5)
    assert float(battle.x_final + battle.y_final) == pytest.approx(
        abs(float(battle.conserved)) / (a if battle.winner > 0 else b))


def test_lanchester_draw_never_ends() -> None:
    battle = lanchester_square(2.0, 1.0, 1.0, 4.0)
    assert int(battle.winner) == 0 and math.isinf(float(battle.time))


@pytest.mark.parametrize(("text", "expected"), [
    ("deterrence_threshold(1, 20)", 1 / 21),
    ("involvement(0.5, 0.5, 0)", 0.25),
    ("required_credibility(deterrence_threshold(1, 20), 0.3, 0.02)",
     (1 - (1 - 1 / 21) / 0.98) / 0.3),
    ("required_lr(0.6, 0.5)", 1.5),
    ("signal_lr(0.6, 0.3)", 2.0),
    ("signal_posterior(0.5, 0.6, 0.3)", 2 / 3),
    ("p_escalate(1 / 21, 20, 1)", 0.5),
    ("bargain_low(0.6, 0.1) + bargain_high(0.6, 0.2)", 0.5 + 0.8),
    ("war_expected_utility(0.7, 1, 0.5)", 0.2),
    ("war_expected_utility(0.7, 1, 0.5, 0.9, 0.4, 0.4)", 0.2),
    ("war_win_probability(1, 3)", 0.25),
    ("zk_threshold(4, 3, 2)", 0.5),
    ("lanchester_square_ratio(1, 4)", 0.5625),
    ("lanchester_square_survivors(5, 3, 1, 1)", 4.0),
    ("lanchester_linear_survivors(5, 3, 1, 1)", 2.0),
    ("lanchester_square_time(5, 3, 1, 1)", math.atanh(3 / 5)),
])
def test_closed_forms_are_callable_from_formulas(text: str, expected: float) -> None:
    assert float(parse_formula(text).evaluate({})) == pytest.approx(expected)


def test_closed_forms_vectorise_over_draws() -> None:
    K = np.array([5.0, 20.0, 80.0])
    f = parse_formula("deterrence_threshold(1, K)")
    np.testing.assert_allclose(f.evaluate({"K": K}), 1 / (1 + K))
