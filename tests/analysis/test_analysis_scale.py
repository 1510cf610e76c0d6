"""Convergence, `samples="auto"` and streamed runs: same seed, same numbers, any chunking."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import deterrence as dt
from deterrence import DeterrenceError, Model
from deterrence.analysis import convergence, mean_se, proportion_se, run_summary, samples_needed
from deterrence.results import StreamStats, histogram_edges
from deterrence.sampling import BLOCK_SIZE

Load = Callable[[str], Model]


def test_standard_errors() -> None:
    x = np.arange(10.0)
    assert mean_se(x) == pytest.approx(np.std(x, ddof=1) / math.sqrt(10))
    assert proportion_se(0.25, 300) == pytest.approx(math.sqrt(0.25 * 0.75 / 300))
    assert samples_needed(0.001) == 250_000
    assert samples_needed(0.01, p=0.1) == 900
    with pytest.raises(DeterrenceError):
        samples_needed(0.0)


def test_convergence_table_ends_at_the_run(essay_model: Model) -> None:
    r = dt.run(essay_model, samples=20_000, seed=2)
    table = convergence(r, points=6)
    last = table[table.samples == 20_000].set_index("option")
    for o in r.options:
        s = r.summary(o)
        assert last.loc[o, "mean"] == pytest.approx(s.mean, rel=1e-9, abs=1e-12)
        assert last.loc[o, "se"] == pytest.approx(s.se, rel=1e-6, abs=1e-12)
        assert last.loc[o, "p_best"] == r.p_best()[o]
    assert table.samples.is_monotonic_increasing


def test_auto_reaches_target_and_equals_fixed_run(essay_model: Model) -> None:
    auto = dt.run(essay_model, samples="auto", seed=9, target_se=0.002)
    assert auto.samples % BLOCK_SIZE == 0
    assert max(auto.p_best_se().values()) < 0.002
    fixed = dt.run(essay_model, samples=auto.samples, seed=9)
    assert auto.to_dict() == fixed.to_dict()
    tighter = dt.run(essay_model, samples="auto", seed=9, target_se=0.0009, workers=1)
    assert tighter.samples > auto.samples and max(tighter.p_best_se().values()) < 0.0009
    again = dt.run(essay_model, samples="auto", seed=9, target_se=0.0009, workers=2)
    assert again.samples == tighter.samples


def test_stream_stats_merge_and_quantiles() -> None:
    rng = np.random.default_rng(0)
    x = rng.lognormal(0.0, 1.0, 200_000)
    edges = histogram_edges(x[:BLOCK_SIZE])
    parts = [StreamStats.of(x[i:i + 50_000], edges) for i in range(0, x.size, 50_000)]
    total = parts[0]
    for p in parts[1:]:
        total = total.merge(p)
    assert total.n == x.size and int(total.counts.sum()) == x.size
    assert total.mean == pytest.approx(x.mean(), rel=1e-12)
    assert total.m2 / (x.size - 1) == pytest.approx(x.var(ddof=1), rel=1e-10)
    s = total.summary(edges)
    # equal-mass bins of 1/2048: rank error far below the Monte Carlo error
    for got, q in zip((s.p05, s.p50, s.p95), (0.05, 0.5, 0.95), strict=True):
        assert abs(float(np.mean(x <= got)) - q) < 2e-4


def test_streamed_same_numbers_for_any_chunking(essay_model: Model) -> None:
    n = 3 * BLOCK_SIZE + 1234
    one = run_summary(essay_model, samples=n, seed=4, workers=1, chunk_size=BLOCK_SIZE)
    two = run_summary(essay_model, samples=n, seed=4, workers=2, chunk_size=2 * BLOCK_SIZE)
    big = run_summary(essay_model, samples=n, seed=4, workers=2, chunk_size=10**7)
    assert one.to_dict() == two.to_dict() == big.to_dict()
    run = dt.run(essay_model, samples=n, seed=4)
    for o in run.options:
        exact, streamed = run.summary(o), one.summary(o)
        assert streamed.mean == pytest.approx(exact.mean, rel=1e-12, abs=1e-12)
        assert streamed.sd == pytest.approx(exact.sd, rel=1e-9, abs=1e-12)
        assert abs(streamed.p50 - exact.p50) <= 0.01 * exact.sd + 1e-12
    assert run.p_best() == one.p_best()
    assert run.term_means == pytest.approx(dict(one.term_means), rel=1e-12)
    assert str(one.to_dict()["percentiles"]).startswith("histogram")


def test_dask_backend_gives_the_same_numbers(load: Load) -> None:
    # dask is in the test extra, so this runs in CI (no skip).
    model = load("correlated")
    n = 2 * BLOCK_SIZE + 10
    threads = run_summary(model, samples=n, seed=6, workers=2)
    dask = run_summary(model, samples=n, seed=6, workers=2, backend="dask",
                       chunk_size=BLOCK_SIZE)
    assert threads.to_dict() == dask.to_dict()


def test_bad_streaming_input(load: Load) -> None:
    model = load("linear")
    with pytest.raises(DeterrenceError, match="backend"):
        run_summary(model, samples=10, seed=1, backend="spark")  # type: ignore[arg-type]
    with pytest.raises(DeterrenceError, match="samples"):
        run_summary(model, samples=0, seed=1)


@settings(max_examples=12, deadline=None)
@given(blocks_per_chunk=st.integers(1, 5), workers=st.integers(1, 3))
def test_any_chunking_gives_identical_numbers(load: Load, blocks_per_chunk: int,
                                              workers: int) -> None:
    model = load("correlated")
    n = 3 * BLOCK_SIZE + 17
    reference = run_summary(model, samples=n, seed=12, workers=1, chunk_size=BLOCK_SIZE)
    other = run_summary(model, samples=n, seed=12, workers=workers,
                        chunk_size=blocks_per_chunk * BLOCK_SIZE)
    assert other.to_dict() == reference.to_dict()
    kept = dt.run(model, samples=n, seed=12, workers=workers)
    assert kept.p_best() == reference.p_best()
