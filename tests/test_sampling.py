"""Sampling designs and rank correlation (Iman & Conover 1982; McKay et al. 1979)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from deterrence import DeterrenceError, Model, load_scenario, resolve_scenario
from deterrence.distributions import normal, pert, to, uniform
from deterrence.sampling import (
    BLOCK_SIZE,
    block_sample,
    gaussian_copula,
    generator,
    iman_conover,
    latin_hypercube,
    monte_carlo,
    rank_correlation,
    sample,
    sobol,
    spearman,
    unit_design,
)

DATA = Path(__file__).parent / "analysis" / "data"
DISTS = {"a": to(1, 10), "b": pert(0, 0.3, 1), "c": uniform(-2, 2), "d": normal(0, 1)}


@pytest.fixture(scope="module")
def correlated() -> Model:
    return Model.compile(load_scenario(DATA / "correlated.yaml"))


@pytest.mark.parametrize("design", [monte_carlo, latin_hypercube, sobol])
def test_designs_return_arrays_by_name(design: object) -> None:
    out = design(DISTS, 1024, seed=3)  # type: ignore[operator]
    assert set(out) == set(DISTS)
    for name, values in out.items():
        assert values.shape == (1024,) and np.all(np.isfinite(values))
        lo, hi = DISTS[name].support
        assert np.all((values >= lo) & (values <= hi))
    again = design(DISTS, 1024, rng=generator(3))  # type: ignore[operator]
    assert all(np.array_equal(out[k], again[k]) for k in out)


@pytest.mark.parametrize("design", ["monte-carlo", "latin-hypercube", "sobol"])
def test_each_design_matches_the_distribution(design: str) -> None:
    out = sample(DISTS, 4096, design=design, seed=1)  # type: ignore[arg-type]
    for name, values in out.items():
        result = stats.kstest(values, lambda x, n=name: DISTS[n].cdf(x))
        assert result.pvalue > 1e-3, (design, name)


def test_latin_hypercube_has_one_point_per_stratum() -> None:
    n = 200
    u = unit_design("latin-hypercube", n, 3, rng=generator(5))
    for j in range(3):
        assert sorted(np.floor(u[:, j] * n).astype(int)) == list(range(n))


def test_sobol_is_more_even_than_random() -> None:
    from scipy.stats import qmc
    sob = unit_design("sobol", 1024, 4, rng=generator(1))
    mc = unit_design("monte-carlo", 1024, 4, rng=generator(1))
    assert qmc.discrepancy(sob) < qmc.discrepancy(mc) / 5


def test_seed_and_rng_rules() -> None:
    with pytest.raises(DeterrenceError, match="not both"):
        monte_carlo(DISTS, 10, seed=1, rng=generator(1))
    with pytest.raises(DeterrenceError, match="give rng"):
        monte_carlo(DISTS, 10)
    with pytest.raises(DeterrenceError, match="positive whole number"):
        monte_carlo(DISTS, 0, seed=1)
    with pytest.raises(DeterrenceError, match="unknown design"):
        sample(DISTS, 10, design="grid", seed=1)  # type: ignore[arg-type]
    assert not np.array_equal(monte_carlo(DISTS, 10, seed=0)["a"],
                              monte_carlo(DISTS, 10, seed=1)["a"])


def test_iman_conover_keeps_marginals_and_hits_target() -> None:
    rng = generator(2)
    x = np.column_stack([rng.lognormal(size=20_000), rng.beta(2, 5, 20_000),
                         rng.uniform(size=20_000)])
    target = np.array([[1.0, 0.7, -0.4], [0.7, 1.0, 0.0], [-0.4, 0.0, 1.0]])
    scores = 2.0 * np.sin(np.pi * target / 6.0)
    out = iman_conover(x, scores, rng=rng)
    for j in range(3):
        assert np.array_equal(np.sort(out[:, j]), np.sort(x[:, j]))  # same values
    rho = stats.spearmanr(out).statistic
    np.testing.assert_allclose(rho, target, atol=0.02)


def test_gaussian_copula_rank_correlation() -> None:
    u = unit_design("sobol", 8192, 2, rng=generator(4))
    target = np.array([[1.0, 0.5], [0.5, 1.0]])
    v = gaussian_copula(u, 2.0 * np.sin(np.pi * target / 6.0))
    assert spearman(v[:, 0], v[:, 1]) == pytest.approx(0.5, abs=0.02)
    assert np.all((v > 0) & (v < 1))


@pytest.mark.parametrize("design", ["monte-carlo", "latin-hypercube", "sobol"])
def test_scenario_correlations_are_imposed(correlated: Model, design: str) -> None:
    out = sample(correlated, 8192, design=design, seed=8)  # type: ignore[arg-type]
    assert spearman(out["cost"], out["resolve"]) == pytest.approx(0.6, abs=0.03)
    assert spearman(out["cost"], out["risk"]) == pytest.approx(-0.3, abs=0.03)
    assert spearman(out["other"], out["cost"]) == pytest.approx(0.0, abs=0.04)
    assert np.all(out["fixed_one"] == 2.0)


def test_rank_correlation_from_pairs() -> None:
    corr = rank_correlation(DISTS, {("a", "c"): 0.5})
    assert corr is not None and corr.names == ("a", "c")
    assert rank_correlation(DISTS, {}) is None
    with pytest.raises(DeterrenceError, match="unknown parameter"):
        rank_correlation(DISTS, {("a", "zz"): 0.5})
    with pytest.raises(DeterrenceError, match="positive definite"):
        rank_correlation(DISTS, {("a", "b"): 0.95, ("a", "c"): 0.95, ("b", "c"): -0.95})
    with pytest.raises(DeterrenceError, match="strictly between"):
        rank_correlation(DISTS, {("a", "b"): 1.0})


def test_block_streams_are_per_parameter_and_prefix_stable() -> None:
    model = Model.compile(resolve_scenario("nk-troops-russia-2024"))
    full = block_sample(model, seed=3, block=2, size=BLOCK_SIZE)
    part = block_sample(model, seed=3, block=2, size=1000)
    other = block_sample(model, seed=3, block=3, size=1000)
    for name in model.distributions:
        assert np.array_equal(full[name][:1000], part[name])
        assert not np.array_equal(part[name], other[name]) or model.distributions[name].is_fixed
    # a parameter's stream depends on its name, not on the other parameters
    alone = Model.compile(resolve_scenario("nk-troops-russia-2024"),
                          overrides={"B_tech": "to(1, 2)"})
    changed = block_sample(alone, seed=3, block=2, size=1000)
    assert np.array_equal(changed["v"], part["v"])


@given(st.integers(min_value=2, max_value=300), st.integers(min_value=0, max_value=2**32))
def test_iman_conover_is_a_permutation(n: int, seed: int) -> None:
    rng = generator(seed)
    x = rng.normal(size=(n, 2))
    out = iman_conover(x, np.array([[1.0, 0.5], [0.5, 1.0]]), rng=rng)
    for j in range(2):
        assert np.array_equal(np.sort(out[:, j]), np.sort(x[:, j]))
