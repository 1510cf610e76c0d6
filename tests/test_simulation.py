"""Running models: determinism, random-variable identity, blocks, threads and summaries."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import deterrence as dt
from deterrence import DeterrenceError, Model, load_scenario
from deterrence.results import summarize, summarize_many
from deterrence.sampling import BLOCK_SIZE, spearman
from deterrence.simulation import collect, draw, run

DATA = Path(__file__).parent / "analysis" / "data"


@pytest.fixture(scope="module")
def essay_model() -> Model:
    return Model.compile(dt.resolve_scenario("nk-troops-russia-2024"))


def _load(name: str) -> Model:
    return Model.compile(load_scenario(DATA / f"{name}.yaml"))


def test_x_minus_x_is_exactly_zero() -> None:
    r = run(_load("identity"), samples=50_000, seed=1)
    assert np.all(r.net("difference") == 0.0)
    assert np.all(r.quantities["gap"] == 0.0) and np.all(r.quantities["gap_derived"] == 0.0)
    assert np.all(np.abs(r.net("ratio")) <= 1e-15)


def test_same_seed_same_numbers_whatever_the_threads(essay_model: Model) -> None:
    n = 2 * BLOCK_SIZE + 777
    one = run(essay_model, samples=n, seed=7, workers=1)
    two = run(essay_model, samples=n, seed=7, workers=2)
    assert np.array_equal(one.values, two.values)
    assert all(np.array_equal(one.quantities[k], two.quantities[k]) for k in one.quantities)
    assert one.to_dict() == two.to_dict()
    assert not np.array_equal(one.values, run(essay_model, samples=n, seed=8).values)


def test_prefix_property() -> None:
    # With independent parameters, the first draws of a larger run are a smaller run's draws.
    # (Declared correlations are imposed on a whole block by Iman-Conover reordering, so
    # with correlations only whole blocks are shared.)
    scenario = dt.resolve_scenario("nk-troops-russia-2024")
    model = Model.compile(scenario.model_copy(update={"correlations": []}))
    small = run(model, samples=1000, seed=5)
    large = run(model, samples=BLOCK_SIZE + 5, seed=5)
    assert np.array_equal(small.values, large.values[:, :1000])


def test_whole_blocks_are_shared_with_correlations(essay_model: Model) -> None:
    assert essay_model.scenario.correlations
    one = run(essay_model, samples=BLOCK_SIZE, seed=5)
    two = run(essay_model, samples=2 * BLOCK_SIZE, seed=5)
    assert np.array_equal(one.values, two.values[:, :BLOCK_SIZE])


def test_draw_and_collect_match_run(essay_model: Model) -> None:
    n = BLOCK_SIZE + 100
    r = run(essay_model, samples=n, seed=3)
    ev = draw(essay_model, samples=n, seed=3)
    c = collect(essay_model, ev, seed=3)
    assert np.array_equal(r.values, c.values)
    assert r.to_dict() == c.to_dict()
    assert r.term_means == pytest.approx(dict(c.term_means), rel=1e-12)


def test_summary_matches_numpy() -> None:
    x = np.random.default_rng(1).lognormal(size=10_001)
    s = summarize(x)
    p05, p50, p95 = np.percentile(x, [5, 50, 95])
    assert (s.p05, s.p50, s.p95) == (p05, p50, p95)
    assert s.mean == x.mean() and s.sd == x.std(ddof=1)
    assert s.se == pytest.approx(x.std(ddof=1) / np.sqrt(x.size))
    assert summarize_many([x, x[:10]], workers=2) == [s, summarize(x[:10])]
    assert np.isnan(summarize(np.array([1.0, np.nan])).p50)


def test_to_dict_keys_are_stable(essay_model: Model) -> None:
    d = run(essay_model, samples=2000, seed=1).to_dict()
    assert {"scenario", "version", "seed", "samples", "perspective", "options", "decision",
            "quantities"} <= set(d)
    for row in d["options"].values():  # type: ignore[attr-defined]
        assert {"mean", "p05", "p50", "p95", "p_best", "se", "p_best_se"} <= set(row)
    assert sum(r["p_best"] for r in d["options"].values()) == pytest.approx(1.0)  # type: ignore[attr-defined]


@pytest.mark.parametrize("design", ["latin-hypercube", "sobol"])
def test_other_designs_agree_with_monte_carlo(essay_model: Model, design: str) -> None:
    mc = run(essay_model, samples=40_000, seed=2)
    other = run(essay_model, samples=40_000, seed=2, design=design)  # type: ignore[arg-type]
    assert other.design == design and other.to_dict()["design"] == design
    for o in mc.options:
        a, b = mc.summary(o), other.summary(o)
        assert abs(a.mean - b.mean) < 5 * a.se + 1e-12


def test_correlated_run(essay_model: Model) -> None:
    r = run(_load("correlated"), samples=30_000, seed=4)
    assert spearman(r.quantities["cost"], r.quantities["resolve"]) == pytest.approx(0.6, abs=0.02)


def test_bad_input(essay_model: Model) -> None:
    with pytest.raises(DeterrenceError, match="between 1 and"):
        run(essay_model, samples=0, seed=1)
    with pytest.raises(DeterrenceError, match="non-negative"):
        run(essay_model, samples=10, seed=-1)
    with pytest.raises(DeterrenceError, match="workers"):
        run(essay_model, samples=10, seed=1, workers=0)
    with pytest.raises(DeterrenceError, match="target standard error"):
        run(essay_model, samples="auto", seed=1, target_se=0.0)
    with pytest.raises(DeterrenceError, match="whole number or 'auto'"):
        run(essay_model, samples="lots", seed=1)  # type: ignore[arg-type]


def test_progress_is_reported(essay_model: Model) -> None:
    seen: list[int] = []
    run(essay_model, samples=3 * BLOCK_SIZE, seed=1, progress=seen.append)
    assert sum(seen) == 3 * BLOCK_SIZE
