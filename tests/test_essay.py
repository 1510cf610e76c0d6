"""The essay's scenario: its numbers against the figures the essay and DESIGN cite."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

import deterrence as dt


def test_every_claim_is_encoded_or_is_a_conclusion(essay: dt.Scenario) -> None:
    cited: set[str] = set()
    for p in essay.parameters.values():
        cited |= set(p.claims)
    for d in essay.derived.values():
        cited |= set(d.claims)
    for option in essay.decision.options.values():
        for t in option.terms:
            cited |= set(t.claims)
    uncited = {c.id for c in essay.claims} - cited
    assert all(essay.claim(c).role == "conclusion" for c in uncited), uncited


def test_every_term_cites_a_claim_and_every_parameter_a_source(essay: dt.Scenario) -> None:
    for option in essay.decision.options.values():
        for t in option.terms:
            assert t.claims, t.id
    for name, p in essay.parameters.items():
        assert p.source, name


def test_options_are_the_three_of_the_issue(essay: dt.Scenario) -> None:
    assert list(essay.decision.options) == ["send_troops", "munitions_only", "stay_out"]
    assert essay.decision.options["stay_out"].status_quo
    assert not essay.decision.options["stay_out"].terms


def test_twelve_thousand_killed_is_about_one_percent(essay: dt.Scenario) -> None:
    # The essay: 12,000 dead would be "around one per cent" of active personnel (IISS: 1.28M);
    # DESIGN: square-law strength (1 - 12,000 / 1.28M)^2 ~ 0.981.
    p = dt.run_point(essay, overrides={"D": 12_000, "N_NK": 1_280_000})
    share = 12_000 / 1_280_000
    assert share == pytest.approx(0.0094, abs=1e-4)
    assert p.quantities["strength_ratio_worst"] == pytest.approx(0.9813, abs=1e-4)


def test_casualty_rate_matches_the_reported_losses(essay: dt.Scenario) -> None:
    # About 4,000 casualties among about 11,000 troops in about three months.
    p = dt.run_point(essay, overrides={"D": 11_000, "lam": 0.005, "T": 90})
    assert p.quantities["casualties"] == pytest.approx(4_000, rel=0.05)


def test_deterrence_chain_at_design_start_values(essay: dt.Scenario) -> None:
    sets = {"h0": 0.5, "LR": 1.5, "w": 1, "kappa": 0.3, "r": 0.02, "K": 20, "sigma_z": 1}
    p = dt.run_point(essay, overrides=sets).quantities
    assert p["h_posterior"] == pytest.approx(0.6)  # odds 1 x 1.5 -> 0.6
    q_without = 1 - (1 - 0.3 * 0.5) * 0.98
    q_with = 1 - (1 - 0.3 * 0.6) * 0.98
    assert p["q_without"] == pytest.approx(q_without)
    assert p["q_with"] == pytest.approx(q_with)
    expected = stats.norm.sf(np.log(q_with * 20 / (1 - q_with)))
    assert p["p_esc_with"] == pytest.approx(expected)
    assert p["p_esc_with"] < p["p_esc_without"]
    assert p["q_star"] == pytest.approx(1 / 21)


def test_precedent_is_worthless_when_reputation_does_not_count(essay: dt.Scenario) -> None:
    p = dt.run_point(essay, overrides={"w": 0})
    assert p.quantities["B_prec"] == pytest.approx(0.0, abs=1e-12)
    p = dt.run_point(essay, overrides={"LR": 1})
    assert p.quantities["B_prec"] == pytest.approx(0.0, abs=1e-12)


def test_essay_reading_values_the_precedent_more_than_the_sceptic(essay: dt.Scenario) -> None:
    e = dt.run(essay, samples=50_000, seed=3, perspective="essay")
    s = dt.run(essay, samples=50_000, seed=3, perspective="sceptic")
    assert e.quantities["B_prec"].mean() > 3 * s.quantities["B_prec"].mean()
    assert e.summary("send_troops").mean > s.summary("send_troops").mean


def test_raising_the_cost_per_soldier_lowers_send_troops(essay: dt.Scenario) -> None:
    base = dt.run(essay, samples=50_000, seed=7)
    costly = dt.run(essay, samples=50_000, seed=7, overrides={"v": 0.05})
    assert costly.summary("send_troops").mean < base.summary("send_troops").mean - 10
    assert costly.summary("munitions_only").mean == base.summary("munitions_only").mean
    assert costly.p_best()["send_troops"] < base.p_best()["send_troops"]
