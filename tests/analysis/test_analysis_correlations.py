"""The scenario field `correlations`: checked for names, range and consistency."""

from __future__ import annotations

from pathlib import Path

import pytest

from deterrence import ScenarioError, parse_scenario

DATA = Path(__file__).parent / "data"
BASE = (DATA / "correlated.yaml").read_text()
HEAD, _, TAIL = BASE.partition("correlations:\n")
REST = TAIL[TAIL.index("decision:"):]


def _with(entries: str) -> str:
    return HEAD + "correlations:\n" + entries + REST


def test_the_test_file_is_sound() -> None:
    s = parse_scenario(BASE)
    assert [(c.between, c.rank) for c in s.correlations] == [
        (["cost", "resolve"], 0.6), (["cost", "risk"], -0.3)]


@pytest.mark.parametrize(("entries", "message"), [
    ("  - {between: [cost, resolv], rank: 0.5}\n", "did you mean 'resolve'"),
    ("  - {between: [cost, cost], rank: 0.5}\n", "with itself"),
    ("  - {between: [cost, risk], rank: 1.0}\n", "strictly between -1 and 1"),
    ("  - {between: [cost, fixed_one], rank: 0.2}\n", "fixed value"),
    ("  - {between: [cost, risk], rank: 0.2}\n  - {between: [risk, cost], rank: 0.1}\n",
     "already correlated"),
    ("  - {between: [cost, risk], rank: 0.9}\n  - {between: [cost, other], rank: 0.9}\n"
     "  - {between: [risk, other], rank: -0.9}\n", "not positive definite"),
    ("  - {between: [cost], rank: 0.5}\n", "at least 2"),
])
def test_bad_correlations(entries: str, message: str) -> None:
    with pytest.raises(ScenarioError, match=message) as exc:
        parse_scenario(_with(entries), name="c.yaml")
    assert "correlations" in str(exc.value)
