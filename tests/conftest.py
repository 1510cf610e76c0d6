"""Shared fixtures: the built-in scenarios and a small scenario text to mutate."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

import deterrence as dt

settings.register_profile("ci", max_examples=60, deadline=None)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(scope="session")
def essay() -> dt.Scenario:
    return dt.resolve_scenario("nk-troops-russia-2024")


@pytest.fixture(scope="session")
def tripwire() -> dt.Scenario:
    return dt.resolve_scenario("tripwire-baltic")


SMALL = """\
format: 1
id: small
title: A small scenario
claims:
  - id: cheap
    where: ¶1
    text: It is cheap.
parameters:
  x:
    label: X
    distribution: to(1, 4)
    claims: [cheap]
  y:
    label: Y
    distribution: uniform(0, 1)
derived:
  z:
    formula: x * y
decision:
  id: choice
  actor: someone
  options:
    act:
      terms:
        - id: gain
          kind: benefit
          formula: z
          claims: [cheap]
        - id: loss
          kind: cost
          formula: y
    wait:
      status_quo: true
outcomes: [z]
"""


@pytest.fixture()
def small_text() -> str:
    return SMALL
