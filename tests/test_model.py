"""The model: dependency order, random-variable identity, vectorised evaluation, perspectives."""

from __future__ import annotations

import numpy as np
import pytest

import deterrence as dt
from deterrence.errors import DeterrenceError
from deterrence.scenario import parse_scenario


def test_a_parameter_is_drawn_once_per_draw(small_text: str) -> None:
    text = small_text.replace("formula: x * y", "formula: x - x")
    model = dt.Model.compile(parse_scenario(text))
    ev = model.evaluate(model.sample(10_000, rng=np.random.default_rng(3)))
    assert np.all(ev.quantities["z"] == 0.0)


def test_vectorised_evaluation_equals_draw_by_draw(essay: dt.Scenario) -> None:
    model = dt.Model.compile(essay)
    params = model.sample(40, rng=np.random.default_rng(11))
    whole = model.evaluate(params)
    for i in range(40):
        one = model.evaluate({k: v[i] for k, v in params.items()})
        for option in model.options:
            assert float(one.net[option]) == pytest.approx(float(whole.net[option][i]), rel=1e-12)


def test_net_value_is_the_signed_sum_of_terms(small_text: str) -> None:
    model = dt.Model.compile(parse_scenario(small_text))
    ev = model.evaluate({"x": np.array([2.0, 3.0]), "y": np.array([0.5, 0.1])})
    np.testing.assert_allclose(ev.net["act"], [2.0 * 0.5 - 0.5, 3.0 * 0.1 - 0.1])
    np.testing.assert_allclose(ev.net["wait"], [0.0, 0.0])


def test_derived_order_respects_dependencies(essay: dt.Scenario) -> None:
    model = dt.Model.compile(essay)
    seen = set(model.parameter_names)
    for name, formula in model.derived:
        assert formula.names <= seen, name
        seen.add(name)


def test_point_values_are_stated_points_or_medians(small_text: str) -> None:
    text = small_text.replace("    label: Y\n", "    label: Y\n    point: 0.25\n")
    model = dt.Model.compile(parse_scenario(text))
    points = model.point_values()
    assert points["x"] == pytest.approx(2.0)  # median of to(1, 4) is sqrt(1 * 4)
    assert points["y"] == 0.25
    overridden = dt.Model.compile(parse_scenario(text), overrides={"y": "uniform(0, 0.2)"})
    assert overridden.point_values()["y"] == pytest.approx(0.1)


def test_perspectives_and_overrides_replace_distributions(essay: dt.Scenario) -> None:
    base = dt.Model.compile(essay)
    sceptic = dt.Model.compile(essay, perspective="sceptic")
    assert sceptic.distributions["w"] != base.distributions["w"]
    both = dt.Model.compile(essay, perspective="sceptic", overrides={"w": 1})
    assert both.distributions["w"].is_fixed and both.point_values()["w"] == 1.0


def test_unknown_perspective_and_parameter_are_refused(essay: dt.Scenario) -> None:
    with pytest.raises(DeterrenceError, match="did you mean 'sceptic'"):
        dt.Model.compile(essay, perspective="skeptic")
    with pytest.raises(DeterrenceError, match="unknown parameter"):
        dt.Model.compile(essay, overrides={"vv": 1})
    with pytest.raises(DeterrenceError, match="parameter v"):
        dt.Model.compile(essay, overrides={"v": "to(3, 1)"})


def test_missing_parameter_values_are_refused(small_text: str) -> None:
    model = dt.Model.compile(parse_scenario(small_text))
    with pytest.raises(DeterrenceError, match="no values given"):
        model.evaluate({"x": 1.0})
