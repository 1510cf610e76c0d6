"""Monte Carlo runs and point evaluation: reproducibility, invariants, read-only results."""

from __future__ import annotations

import numpy as np
import pytest

import deterrence as dt
from deterrence.errors import DeterrenceError


def test_same_seed_same_numbers(essay: dt.Scenario) -> None:
    a = dt.run(essay, samples=5_000, seed=42)
    b = dt.run(essay, samples=5_000, seed=42)
    assert np.array_equal(a.values, b.values)
    assert a.to_dict() == b.to_dict()
    c = dt.run(essay, samples=5_000, seed=43)
    assert not np.array_equal(a.values, c.values)


def test_results_record_provenance(essay: dt.Scenario) -> None:
    r = dt.run(essay, samples=1_000, seed=5, perspective="essay", overrides={"v": 0.01})
    assert (r.seed, r.samples, r.perspective) == (5, 1_000, "essay")
    assert r.scenario_hash == essay.content_hash() and r.version == dt.__version__
    assert dict(r.overrides) == {"v": "0.01"}


def test_p_best_is_a_distribution_over_options(essay: dt.Scenario) -> None:
    r = dt.run(essay, samples=20_000, seed=1)
    p = r.p_best()
    assert sum(p.values()) == pytest.approx(1.0, abs=1e-12)
    best = np.argmax(r.values, axis=0)
    assert np.array_equal(best, r.best)


def test_results_are_read_only(essay: dt.Scenario) -> None:
    r = dt.run(essay, samples=100, seed=1)
    with pytest.raises(ValueError):
        r.values[0, 0] = 1.0
    with pytest.raises(ValueError):
        r.quantities["KIA"][0] = 1.0


def test_seed_none_draws_and_records_a_seed(essay: dt.Scenario) -> None:
    r = dt.run(essay, samples=100)
    again = dt.run(essay, samples=100, seed=r.seed)
    assert np.array_equal(r.values, again.values)


def test_bad_sample_counts_and_seeds_are_refused(essay: dt.Scenario) -> None:
    with pytest.raises(DeterrenceError):
        dt.run(essay, samples=0)
    with pytest.raises(DeterrenceError):
        dt.run(essay, samples=10, seed=-1)


def test_monte_carlo_mean_agrees_with_analytic_mean(small_text: str) -> None:
    # act = x * y - y with x ~ lognormal(to(1, 4)), y ~ U(0, 1) independent:
    # E = E[x] E[y] - E[y] = (E[x] - 1) / 2.
    s = dt.parse_scenario(small_text)
    r = dt.run(s, samples=200_000, seed=9)
    sigma = np.log(4.0) / (2 * 1.6448536269514722)
    expected = (np.exp(np.log(2.0) + sigma**2 / 2) - 1) / 2
    summary = r.summary("act")
    assert abs(summary.mean - expected) < 4 * summary.se


def test_point_result_decision_and_ties(small_text: str) -> None:
    s = dt.parse_scenario(small_text)
    p = dt.run_point(s, overrides={"x": 1})
    assert p.net["act"] == pytest.approx(0.0) and p.ties() == ["act", "wait"]
    p2 = dt.run_point(s)
    assert p2.decision() == "act" and p2.ties() == ["act"]
