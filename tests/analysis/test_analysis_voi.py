"""Value of information against closed forms (tests/analysis/data/linear.yaml).

For Z ~ N(mu, s^2), E[max(Z, 0)] = mu Phi(mu / s) + s phi(mu / s). With act = x + y,
wait = 0, x ~ N(1, 2^2), y ~ N(0.5, 1): EVPI = E[max(x + y, 0)] - 1.5 and
EVPPI(x) = E[max(x + 0.5, 0)] - 1.5 (Raiffa & Schlaifer 1961).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from scipy.stats import norm

from deterrence import Model
from deterrence.analysis import evpi, evppi, value_of_information

Load = Callable[[str], Model]


def _max0(mu: float, s: float) -> float:
    return mu * float(norm.cdf(mu / s)) + s * float(norm.pdf(mu / s))


EVPI = _max0(1.5, math.sqrt(5.0)) - 1.5
EVPPI = {"x": _max0(1.5, 2.0) - 1.5, "y": _max0(1.5, 1.0) - 1.5}


@pytest.mark.parametrize("method", ["regression", "bins"])
def test_linear_closed_form(load: Load, method: str) -> None:
    v = value_of_information(load("linear"), samples=200_000, seed=7, method=method)  # type: ignore[arg-type]
    assert v.decision == "act" and v.value_unit == "test units"
    assert abs(v.evpi - EVPI) < 4 * v.evpi_se
    table = v.table.set_index("parameter")
    for name, exact in EVPPI.items():
        est, se = table.loc[name, ["evppi", "evppi_se"]].to_numpy(dtype=float)
        # 4 standard errors, plus the small upward bias of bin means for "bins"
        slack = 0.0 if method == "regression" else 0.004
        assert abs(est - exact) < 4 * se + slack, (name, est, exact)
    assert list(table.index) == ["x", "y"]  # most valuable first


def test_bounds_hold(essay_model: Model, load: Load) -> None:
    for model in (essay_model, load("linear3"), load("correlated")):
        v = value_of_information(model, samples=20_000, seed=3)
        assert v.evpi >= 0
        assert np.all(v.table.evppi >= 0) and np.all(v.table.evppi <= v.evpi)
        assert np.all((v.table.share >= 0) & (v.table.share <= 1))


def test_no_value_when_one_option_dominates() -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=5000)
    values = np.stack([x + 10.0, x])  # the first is always better
    assert evpi(values) == (0.0, 0.0)
    assert evppi(values, x)[0] == 0.0


def test_evppi_of_the_only_driver_equals_evpi() -> None:
    rng = np.random.default_rng(2)
    x = rng.normal(size=50_000)
    values = np.stack([x, np.zeros_like(x)])
    total, se = evpi(values)
    assert total == pytest.approx(float(norm.pdf(0.0)), abs=4 * se)  # E[max(x, 0)]
    assert evppi(values, x)[0] == pytest.approx(total, rel=1e-3)


def test_essay_headline(essay_model: Model) -> None:
    v = value_of_information(essay_model, samples=20_000, seed=1)
    assert v.table.parameter.iloc[0] == "v"
    assert "most valuable single parameter to research is v" in v.sentence()
    data = v.to_dict()
    assert data["seed"] == 1 and data["samples"] == 20_000
    assert len(data["parameters"]) == len(essay_model.uncertain_parameters())  # type: ignore[arg-type]
