"""The analysis commands: JSON for programs, text for people, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from deterrence.cli import cli, main

DATA = Path(__file__).parent / "data"
ESSAY = "nk-troops-russia-2024"


def _json(args: list[str]) -> dict[str, object]:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert isinstance(data, dict)
    return data


def test_breakeven_json_and_text() -> None:
    data = _json(["breakeven", str(DATA / "linear3.yaml"), "--json"])
    rows = {r["parameter"]: r for r in data["parameters"]}  # type: ignore[attr-defined]
    assert rows["c"]["switch_value"] == pytest.approx(1.2)
    assert rows["c"]["new_best"] == "B"
    text = CliRunner().invoke(cli, ["breakeven", ESSAY, "v"]).output
    assert "send_troops stops being the best option if v rises above" in text
    data = _json(["breakeven", ESSAY, "--map", "h0,LR", "--points", "5", "--json"])
    assert len(data["grid"]) == 25  # type: ignore[arg-type]
    text = CliRunner().invoke(cli, ["breakeven", ESSAY, "--map", "h0,LR", "--points", "4"]).output
    assert "Legend: A = send_troops" in text


@pytest.mark.parametrize("method", ["tornado", "sobol", "morris"])
def test_sensitivity(method: str) -> None:
    args = ["sensitivity", ESSAY, "--method", method, "--json", "-p", "sceptic",
            "--set", "v=0.003"]
    if method != "tornado":
        args += ["-n", "64"]
    data = _json(args)
    assert data["method"] == method and data["perspective"] == "sceptic"
    assert data["overrides"] == {"v": "0.003"}
    assert len(data["parameters"]) == 26  # type: ignore[arg-type]  # v is now fixed
    text = CliRunner().invoke(cli, ["sensitivity", ESSAY, "--versus", "send_troops,stay_out",
                                    "--method", method, "-n", "64"]).output
    assert "Target: send_troops - stay_out" in text


def test_voi_and_discover() -> None:
    data = _json(["voi", ESSAY, "-n", "5000", "--json"])
    assert data["decision"] == "send_troops" and data["seed"] == 2024
    assert 0 <= data["parameters"][0]["evppi"] <= data["evpi"]  # type: ignore[index]
    data = _json(["discover", str(DATA / "box.yaml"), "--option", "act", "--json"])
    assert data["rules"][0]["coverage"] == 1.0  # type: ignore[index]
    text = CliRunner().invoke(cli, ["discover", ESSAY, "--option", "send_troops",
                                    "-n", "3000"]).output
    assert "send_troops is not the best option in" in text and "Where " in text


def test_run_samples_auto_is_reproducible() -> None:
    first = CliRunner().invoke(cli, ["run", ESSAY, "--samples", "auto", "--json"]).output
    second = CliRunner().invoke(cli, ["run", ESSAY, "--samples", "auto", "--json"]).output
    assert first == second
    assert json.loads(first)["samples"] % 65536 == 0


def test_errors_exit_2_without_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["breakeven", ESSAY, "vv"], ["sensitivity", ESSAY, "--option", "nope"],
                 ["discover", ESSAY, "--option", "send_troops", "--rival", "nope"],
                 ["breakeven", ESSAY, "--map", "v"]):
        with pytest.raises(SystemExit) as exc:
            main(args)
        assert exc.value.code == 2
        err = capsys.readouterr().err
        assert err.startswith("error:") and "Traceback" not in err
