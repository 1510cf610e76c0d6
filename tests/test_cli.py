"""The command line, run as a user would: exit codes, JSON, and errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ESSAY = "nk-troops-russia-2024"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "deterrence", *args],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )


def test_run_json_is_byte_identical_and_well_formed() -> None:
    args = ("run", ESSAY, "--samples", "200000", "--seed", "7", "--json")
    first, second = cli(*args), cli(*args)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    data = json.loads(first.stdout)
    assert {"scenario", "version", "seed", "samples", "perspective", "options", "decision",
            "quantities"} <= set(data)
    assert data["seed"] == 7 and data["samples"] == 200_000
    assert set(data["options"]) == {"send_troops", "munitions_only", "stay_out"}
    assert sum(o["p_best"] for o in data["options"].values()) == pytest.approx(1.0, abs=1e-12)
    for o in data["options"].values():
        assert {"mean", "p05", "p50", "p95", "p_best"} <= set(o)
    for q in data["quantities"].values():
        assert {"mean", "p05", "p50", "p95"} <= set(q)


def test_set_cost_per_soldier_lowers_send_troops() -> None:
    base = json.loads(cli("run", ESSAY, "-n", "50000", "--json").stdout)
    high = json.loads(cli("run", ESSAY, "-n", "50000", "--json", "--set", "v=0.05").stdout)
    assert high["options"]["send_troops"]["mean"] < base["options"]["send_troops"]["mean"]
    assert high["overrides"] == {"v": "0.05"}


def test_run_text_and_perspective() -> None:
    out = cli("run", ESSAY, "-n", "20000", "--perspective", "sceptic")
    assert out.returncode == 0, out.stderr
    assert "perspective sceptic" in out.stdout and "P(best)" in out.stdout


def test_explain_reads_as_the_argument() -> None:
    out = cli("explain", ESSAY, "-n", "5000")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert text.index("(¶2)") < text.index("(¶3)") < text.index("(¶11)")
    assert "bayes_update(h0, LR)" in text and "Decision for north_korea" in text
    assert "one per cent" in text


def test_scenarios_and_schema() -> None:
    listing = cli("scenarios")
    assert ESSAY in listing.stdout and "tripwire-baltic" in listing.stdout
    schema = json.loads(cli("schema").stdout)
    assert schema["type"] == "object" and "parameters" in schema["properties"]


def test_validate_good_and_bad_files(tmp_path: Path, small_text: str) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(small_text, encoding="utf-8")
    assert cli("validate", str(good)).returncode == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(small_text.replace("formula: x * y", "formula: x * yy"), encoding="utf-8")
    out = cli("validate", str(bad))
    assert out.returncode == 2
    assert "bad.yaml:18: derived.z.formula: unknown name 'yy' (did you mean 'y'?)" in out.stderr
    assert "Traceback" not in out.stderr


def test_hostile_formula_is_refused_and_nothing_runs(tmp_path: Path, small_text: str) -> None:
    marker = tmp_path / "x"
    bad = tmp_path / "hostile.yaml"
    bad.write_text(small_text.replace("formula: x * y",
                                 f"formula: \"__import__('os').system('touch {marker}')\""),
                   encoding="utf-8")
    for command in ("validate", "run"):
        out = cli(command, str(bad))
        assert out.returncode == 2 and "not allowed" in out.stderr
        assert "Traceback" not in out.stderr
    assert not marker.exists()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("run", "no-such-scenario"), "neither a built-in scenario nor a file"),
        (("run", ESSAY, "--set", "vv=1"), "unknown parameter (did you mean 'v'?)"),
        (("run", ESSAY, "--set", "v"), "write NAME=VALUE"),
        (("run", ESSAY, "--set", "v=to(2, 1)"), "lo must be below hi"),
        (("run", ESSAY, "--perspective", "skeptic"), "did you mean 'sceptic'"),
        (("run", ESSAY, "--samples", "0"), "0 is not in the range"),
    ],
)
def test_bad_input_gets_one_clear_message(args: tuple[str, ...], fragment: str) -> None:
    out = cli(*args)
    assert out.returncode == 2, out.stdout
    assert fragment in out.stderr and "Traceback" not in out.stderr


def test_large_runs_stream_in_bounded_memory() -> None:
    out = cli("run", ESSAY, "--samples", "2100000", "--seed", "3", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["samples"] == 2_100_000 and "percentiles" in data
    assert sum(o["p_best"] for o in data["options"].values()) == pytest.approx(1.0, abs=1e-12)
    text = cli("run", ESSAY, "--samples", "2100000", "--seed", "3")
    assert "streamed in bounded memory" in text.stdout


def test_samples_auto_reports_how_many_draws_it_took() -> None:
    data = json.loads(cli("run", ESSAY, "--samples", "auto", "--json").stdout)
    worst = max(o["p_best_se"] for o in data["options"].values())
    assert worst < 0.001 and data["samples"] > 100_000
