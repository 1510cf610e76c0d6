"""Sensitivity indices against published and analytic values.

- Ishigami function (Ishigami & Homma 1990), a = 7, b = 0.1: S1 = (0.3139, 0.4424, 0) and
  ST = (0.5576, 0.4424, 0.2437) (Saltelli et al. 2008, Global Sensitivity Analysis: The
  Primer, Wiley, section 4.6; Sobol' & Levitan 1999).
- Sobol' G-function (Sobol' 1993; Saltelli et al. 2008, 3.6): V_i = 1 / (3 (1 + a_i)^2).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from SALib.analyze import sobol as salib_sobol  # type: ignore[import-untyped, unused-ignore]

from deterrence import DeterrenceError, Model
from deterrence.analysis import morris, sensitivity, sobol_indices, tornado
from deterrence.analysis.sensitivity import _sobol_estimates

Load = Callable[[str], Model]

A, B = 7.0, 0.1
_V = A**2 / 8 + B * math.pi**4 / 5 + B**2 * math.pi**8 / 18 + 0.5
_V1 = 0.5 * (1 + B * math.pi**4 / 5) ** 2
_V2 = A**2 / 8
_V13 = B**2 * math.pi**8 * (1 / 18 - 1 / 50)
ISHIGAMI_S1 = {"s1": _V1 / _V, "s2": _V2 / _V, "x3": 0.0}
ISHIGAMI_ST = {"s1": (_V1 + _V13) / _V, "s2": _V2 / _V, "x3": _V13 / _V}
G_A = np.array([0.0, 1.0, 4.5, 9.0, 99.0, 99.0])


def test_ishigami_reference_values() -> None:
    # the closed forms above agree with the published rounded values
    assert [round(ISHIGAMI_S1[k], 3) for k in ("s1", "s2", "x3")] == [0.314, 0.442, 0.0]
    assert [round(ISHIGAMI_ST[k], 3) for k in ("s1", "s2", "x3")] == [0.558, 0.442, 0.244]


def test_ishigami_through_the_scenario_path(load: Load) -> None:
    df = sobol_indices(load("ishigami"), n=2**13, option="model", seed=11).set_index(
        "parameter")
    for name in ("s1", "s2", "x3"):
        row = df.loc[name]
        assert abs(row.S1 - ISHIGAMI_S1[name]) <= row.S1_conf + 0.005, name
        assert abs(row.ST - ISHIGAMI_ST[name]) <= row.ST_conf + 0.005, name
        assert row.S1_conf < 0.05 and row.ST_conf < 0.05
    assert df.attrs["evaluations"] == 2**13 * 5 and df.attrs["seed"] == 11


def test_ishigami_literal_form_with_sin(load: Load) -> None:
    df = sobol_indices(load("ishigami-literal"), n=2**13, option="model", seed=12).set_index(
        "parameter")
    for name, ref in (("x1", "s1"), ("x2", "s2"), ("x3", "x3")):
        row = df.loc[name]
        assert abs(row.S1 - ISHIGAMI_S1[ref]) <= row.S1_conf + 0.005, name
        assert abs(row.ST - ISHIGAMI_ST[ref]) <= row.ST_conf + 0.005, name


def test_g_function_analytic(load: Load) -> None:
    vi = 1.0 / (3.0 * (1.0 + G_A) ** 2)
    v = np.prod(1.0 + vi) - 1.0
    s1 = vi / v
    st = vi * np.prod(1.0 + vi) / (1.0 + vi) / v
    df = sobol_indices(load("gfunction"), option="model", seed=3).set_index("parameter")
    for i, name in enumerate(f"x{k}" for k in range(1, 7)):
        est1, conf1, est_t, conf_t = df.loc[name, ["S1", "S1_conf", "ST", "ST_conf"]].to_numpy(
            dtype=float)
        assert abs(est1 - s1[i]) <= conf1 + 0.005
        assert abs(est_t - st[i]) <= conf_t + 0.005


def test_first_order_below_total_within_intervals(load: Load, essay_model: Model) -> None:
    for model, option in ((load("ishigami"), "model"), (essay_model, None)):
        df = sobol_indices(model, n=2**11, option=option, seed=5)
        assert np.all(df.ST + df.S1_conf + df.ST_conf >= df.S1)


def test_same_numbers_as_salib_analyze() -> None:
    rng = np.random.default_rng(8)
    d, n = 4, 256
    y = rng.normal(size=n * (d + 2)) + np.repeat(rng.normal(size=n), d + 2)
    problem = {"num_vars": d, "names": list("abcd"), "bounds": [[0, 1]] * d}
    ref = salib_sobol.analyze(problem, y, calc_second_order=False, seed=99)
    s1, c1, st, ct = _sobol_estimates(y, d, 0.95, 100, 99)
    np.testing.assert_allclose(s1, ref["S1"], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(c1, ref["S1_conf"], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(st, ref["ST"], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ct, ref["ST_conf"], rtol=1e-10, atol=1e-12)


def test_sobol_seed_reproducible(load: Load) -> None:
    a = sobol_indices(load("ishigami"), n=512, option="model", seed=4)
    b = sobol_indices(load("ishigami"), n=512, option="model", seed=4)
    c = sobol_indices(load("ishigami"), n=512, option="model", seed=5)
    assert a.equals(b) and not a.equals(c)


def test_tornado_linear_closed_form(load: Load) -> None:
    # act - wait = x + y: each swing is the parameter's 5th-95th percentile width
    df = tornado(load("linear"), versus="act,wait").set_index("parameter")
    assert df.loc["x", "swing"] == pytest.approx(2 * 2 * 1.6448536269514722, rel=1e-12)
    assert df.loc["y", "swing"] == pytest.approx(2 * 1 * 1.6448536269514722, rel=1e-12)
    assert df.loc["x", "base"] == pytest.approx(1.5)
    assert list(df.index) == ["x", "y"]


def test_default_target_is_best_versus_runner_up(load: Load) -> None:
    df = tornado(load("linear3"))
    assert df.attrs["target"] == "A - B"


def test_morris_ranks_g_function(load: Load) -> None:
    # importance falls as a_i rises (x5 and x6 tie)
    df = morris(load("gfunction"), option="model", trajectories=64, seed=2)
    order = list(df.parameter)
    assert order[:4] == ["x1", "x2", "x3", "x4"]
    assert set(order[4:]) == {"x5", "x6"}
    assert np.all(df.mu_star >= 0) and df.attrs["evaluations"] == 64 * 7


def test_correlations_noted(load: Load) -> None:
    df = sobol_indices(load("correlated"), n=256, option="act", seed=1)
    assert df.attrs["notes"] and "independent" in df.attrs["notes"][0]


def test_sensitivity_dispatch_and_errors(load: Load) -> None:
    model = load("linear3")
    assert sensitivity(model, method="morris", seed=1, samples=8).attrs["method"] == "morris"
    with pytest.raises(DeterrenceError, match="unknown method"):
        sensitivity(model, method="fast")
    with pytest.raises(DeterrenceError, match="not both"):
        tornado(model, option="A", versus="A,B")
    with pytest.raises(DeterrenceError, match="unknown option"):
        tornado(model, option="D")
