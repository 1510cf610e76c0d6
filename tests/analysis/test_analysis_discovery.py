"""Scenario discovery finds a known box (Bryant & Lempert 2010 coverage and density)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from deterrence import DeterrenceError, Model
from deterrence.analysis import discover

Load = Callable[[str], Model]


def test_recovers_the_box(load: Load) -> None:
    # act loses exactly when x > 0.7 and y < 0.3: 9% of draws
    found = discover(load("box"), "act", samples=20_000, seed=3)
    assert found.share == pytest.approx(0.09, abs=4 * (0.09 * 0.91 / 20_000) ** 0.5)
    top = found.rules[0]
    assert top.coverage == 1.0 and top.density == 1.0
    bounds = {c.parameter: (c.lower, c.upper) for c in top.conditions}
    assert set(bounds) == {"x", "y"}
    assert bounds["x"][0] == pytest.approx(0.7, abs=0.002) and bounds["x"][1] is None
    assert bounds["y"][1] == pytest.approx(0.3, abs=0.002) and bounds["y"][0] is None
    text = "\n".join(found.sentences())
    assert "act is not the best option in" in text and "100% of those have x > 0.7" in text


def test_coverage_and_density_are_consistent(essay_model: Model) -> None:
    found = discover(essay_model, "send_troops", samples=10_000, seed=5)
    assert 0 < found.share < 1 and found.rules
    for r in found.rules:
        # coverage * losing draws = density * draws in the box
        assert r.coverage * found.share == pytest.approx(r.density * r.mass, rel=1e-12)
        assert r.density > found.share
    assert sum(found.winners.values()) == pytest.approx(found.share)
    assert found.rules[0].conditions[0].parameter in {"v", "B_tech", "B_mat"}
    assert list(found.to_frame().columns) == ["rule", "coverage", "density", "mass", "count"]


def test_rival(essay_model: Model) -> None:
    found = discover(essay_model, "send_troops", versus="stay_out", samples=5_000, seed=5)
    assert found.headline().startswith("stay_out beats send_troops in")
    assert found.to_dict()["rival"] == "stay_out"


def test_never_loses(load: Load) -> None:
    found = discover(load("linear3"), "B", versus="C", samples=2_000, seed=1)  # B >= 1 > C
    assert found.share == 0.0 and found.rules == ()
    assert found.sentences()[-1] == "It never loses."


def test_bad_option(load: Load) -> None:
    with pytest.raises(DeterrenceError, match="unknown option"):
        discover(load("box"), "nope")
    with pytest.raises(DeterrenceError, match="different"):
        discover(load("box"), "act", versus="act")
