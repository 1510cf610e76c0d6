"""Properties that hold for every valid scenario, checked on random ones."""

from __future__ import annotations

import numpy as np
import yaml
from hypothesis import HealthCheck, given, settings

import deterrence as dt
from deterrence.scenario import dump_scenario, parse_scenario
from strategies import scenarios

SETTINGS = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)


@SETTINGS
@given(scenarios())
def test_load_dump_load_is_the_identity(data: dict[str, object]) -> None:
    first = parse_scenario(yaml.safe_dump(data, allow_unicode=True))
    again = parse_scenario(dump_scenario(first))
    assert again == first and again.content_hash() == first.content_hash()


@SETTINGS
@given(scenarios())
def test_vectorised_run_equals_draw_by_draw_and_is_reproducible(data: dict[str, object]) -> None:
    scenario = parse_scenario(yaml.safe_dump(data, allow_unicode=True))
    model = dt.Model.compile(scenario)
    params = model.sample(8, rng=np.random.default_rng(0))
    whole = model.evaluate(params)
    for i in range(8):
        one = model.evaluate({k: v[i] for k, v in params.items()})
        for o in model.options:
            np.testing.assert_allclose(one.net[o], whole.net[o][i], rtol=1e-12, equal_nan=True)
    a = dt.run(model, samples=64, seed=5)
    b = dt.run(model, samples=64, seed=5)
    np.testing.assert_array_equal(a.values, b.values)
    assert abs(sum(a.p_best().values()) - 1.0) < 1e-12
