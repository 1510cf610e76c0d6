"""Break-even values against closed forms, and the crossing property on the essay's model."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from deterrence import DeterrenceError, Model, parse_scenario
from deterrence.analysis import breakeven, breakeven_map, breakeven_table, breakevens
from deterrence.analysis.breakeven import percentile_text
from deterrence.analysis.target import point_net

Load = Callable[[str], Model]


def test_linear_three_options_closed_form(load: Load) -> None:
    # A = a - 2c, B = 1 + 0.5c: A = B at c = 1.2 (quantile 0.6) and a = 3.5 (quantile 0.375)
    model = load("linear3")
    c = breakeven(model, "c")
    assert c.best == "A" and c.below is None and c.above is not None
    assert c.above.value == pytest.approx(1.2, abs=1e-12)
    assert c.above.quantile == pytest.approx(0.6, abs=1e-12)
    assert c.above.best == "B" and c.above.direction == "above"
    a = breakeven(model, "a")
    assert a.above is None and a.below is not None
    assert a.below.value == pytest.approx(3.5, abs=1e-12)
    assert a.below.quantile == pytest.approx(0.375, abs=1e-12)
    assert "stops being the best option if a falls below 3.5 (its 38th percentile)" in (
        a.sentence())


def test_linear_normal_closed_form_quantiles(load: Load) -> None:
    # act = x + y, wait = 0; medians x = 1, y = 0.5: x* = -0.5, y* = -1
    found = {b.parameter: b for b in breakevens(load("linear"))}
    assert set(found) == {"x", "y"}  # the fixed k is not a parameter to move
    x, y = found["x"].nearest, found["y"].nearest
    assert x is not None and y is not None
    assert x.value == pytest.approx(-0.5, abs=1e-12)
    assert x.quantile == pytest.approx(norm.cdf(-0.75), abs=1e-12)
    assert y.value == pytest.approx(-1.0, abs=1e-12)
    assert y.quantile == pytest.approx(norm.cdf(-1.5), abs=1e-12)


def test_no_switch_in_range_is_said_plainly(load: Load) -> None:
    # A - C = a - 2c is zero at c = 2 = the top of c's support, beyond its 99.9th percentile
    b = breakeven(load("linear3"), "c", versus="A,C")
    assert b.nearest is None and math.isinf(b.distance)
    assert b.sentence().startswith("No switch in the plausible range of c")
    assert "A keeps beating C" in b.sentence()


def test_versus_pair(load: Load) -> None:
    b = breakeven(load("linear3"), "a", versus=("B", "A"))
    # B - A = 1.5 - (a - 2) > 0 iff a < 3.5: at the point (a = 4) B loses; it starts beating A
    assert b.best == "A" and b.below is not None
    assert b.below.value == pytest.approx(3.5, abs=1e-12)
    assert b.sentence().startswith("B starts beating A if a falls below 3.5")


def test_table_sorted_by_closeness(essay_model: Model) -> None:
    table = breakeven_table(essay_model)
    distances = table["distance"].to_numpy()
    assert np.all(np.diff(distances[np.isfinite(distances)]) >= 0)
    assert table["parameter"].iloc[0] == "v"  # the cost of a soldier is the closest switch
    assert set(table.columns) >= {"parameter", "switch_value", "switch_quantile", "new_best",
                                  "sentence", "point", "distance"}
    assert len(table) == len(essay_model.uncertain_parameters())


def test_options_cross_at_every_reported_switch(essay_model: Model) -> None:
    base = essay_model.point_values()
    for b in breakevens(essay_model):
        for s in (b.below, b.above):
            if s is None:
                continue
            at = {**base, b.parameter: s.value}
            net = point_net(essay_model, at)
            ordered = sorted(net.values())
            scale = max(abs(v) for v in net.values())
            assert ordered[-1] - ordered[-2] <= 1e-9 * scale  # the two best tie there
            eps = 1e-6 * max(abs(s.value), 1e-12)
            step = eps if s.direction == "above" else -eps
            after = point_net(essay_model, {**base, b.parameter: s.value + step})
            before = point_net(essay_model, {**base, b.parameter: s.value - step})
            assert max(after, key=lambda o: after[o]) == s.best
            assert max(before, key=lambda o: before[o]) == b.best


def test_essay_cost_per_soldier_sentence(essay_model: Model) -> None:
    b = breakeven(essay_model, "v")
    assert b.above is not None and b.above.best == "munitions_only"
    assert 0.5 < b.above.quantile < 0.99
    assert "send_troops stops being the best option if v rises above" in b.sentence()


def test_map_matches_point_evaluation(load: Load) -> None:
    model = load("linear3")
    found = breakeven_map(model, "a", "c", points=11)
    frame = found.to_frame()
    assert len(frame) == 121 and set(frame["best"]) <= {"A", "B", "C"}
    for _, row in frame.sample(15, random_state=1).iterrows():
        net = point_net(model, {"a": row["a"], "c": row["c"]})
        assert row["best"] == max(net, key=lambda o: net[o])
    # the boundary between A and B is the line a = 1 + 2.5 c; the margin vanishes on it
    a_on_line = 1 + 2.5 * found.y_values
    inside = (a_on_line > found.x_values[0]) & (a_on_line < found.x_values[-1])
    rows = np.flatnonzero(inside)
    for i in rows:
        j = np.searchsorted(found.x_values, a_on_line[i])
        assert found.best[i, j - 1] != found.best[i, j] or a_on_line[i] == found.x_values[j]


def test_bad_input(load: Load) -> None:
    model = load("linear")
    with pytest.raises(DeterrenceError, match="did you mean 'x'"):
        breakeven(model, "xx")
    with pytest.raises(DeterrenceError, match="fixed value"):
        breakeven(model, "k")
    with pytest.raises(DeterrenceError, match="two different"):
        breakeven_map(model, "x", "x")


@pytest.mark.parametrize(("q", "text"), [(0.93, "93rd"), (0.991, "99.1st"), (0.5, "50th"),
                                         (0.0004, "0.04th"), (0.112, "11th"), (0.9997, "99.97th"),
                                         (0.021, "2nd"), (0.13, "13th")])
def test_percentile_text(q: float, text: str) -> None:
    assert percentile_text(q) == text


LINEAR = """
id: random-linear
title: Random linear options
parameters:
  x: {{label: x, distribution: "uniform({lo}, {hi})"}}
  y: {{label: y, distribution: "normal(0, 1)"}}
decision:
  id: d
  actor: a
  options:
    A:
      terms: [{{id: t, kind: benefit, formula: "{a} * x + {b} + y"}}]
    B:
      terms: [{{id: t, kind: benefit, formula: "{c} * x + {d} + y * y"}}]
"""


@settings(max_examples=40, deadline=None)
@given(a=st.floats(-5, 5), b=st.floats(-5, 5), c=st.floats(-5, 5), d=st.floats(-5, 5),
       lo=st.floats(-10, 0), width=st.floats(0.5, 20))
def test_linear_switch_matches_closed_form(a: float, b: float, c: float, d: float, lo: float,
                                           width: float) -> None:
    # A - B = (a - c) x + (b - d) at y = 0 (its median): zero at x* = (d - b) / (a - c)
    hi = lo + width
    text = LINEAR.format(a=repr(a), b=repr(b), c=repr(c), d=repr(d), lo=repr(lo), hi=repr(hi))
    model = Model.compile(parse_scenario(text))
    found = breakeven(model, "x")
    slope, gap = a - c, b - d
    assume(abs(slope) > 1e-6)
    root = -gap / slope
    low, high = lo + 0.001 * width, lo + 0.999 * width
    assume(min(abs(root - low), abs(root - high), abs(root - (lo + hi) / 2)) > 1e-6 * width)
    switch = found.nearest
    if not low < root < high:
        assert switch is None
        return
    assert switch is not None
    assert switch.value == pytest.approx(root, rel=1e-9, abs=1e-9 * width)
    assert switch.quantile == pytest.approx((root - lo) / width, abs=1e-9)
    assert switch.best == ("A" if (slope > 0) == (switch.direction == "above") else "B")
