"""Shared fixtures: the test scenarios of tests/analysis/data and the essay's model."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from deterrence import Model, load_scenario, resolve_scenario

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def load() -> Callable[[str], Model]:
    """Compile a test scenario by file stem, e.g. ``load("linear")``."""

    def compile_(name: str) -> Model:
        return Model.compile(load_scenario(DATA / f"{name}.yaml"))

    return compile_


@pytest.fixture(scope="session")
def essay_model() -> Model:
    """The essay's model (nk-troops-russia-2024) at its defaults."""
    return Model.compile(resolve_scenario("nk-troops-russia-2024"))
