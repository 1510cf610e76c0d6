"""The wargame commands, run as a facilitator would: a whole session, refusals, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from deterrence.cli import cli, main

ESSAY = "nk-troops-russia-2024"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["wargame", *args], env=env, catch_exceptions=False)


def test_a_whole_session_from_the_command_line(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    env = {"DETERRENCE_DB": db}
    out = run("new", "tripwire-baltic", "--seed", "3", "--mode", "semi-free", env=env)
    assert out.exit_code == 0 and "seed 3, semi-free adjudication" in out.output
    status = run("status", "--as", "adversary", env=env)
    assert "Revisionist neighbour - turn 1 of 4 (2025)" in status.output
    assert "(your estimate)" in status.output and "on 2d6" in status.output
    assert run("move", "--as", "patron", "station_brigade", "--note", "deter",
               env=env).exit_code == 0
    assert run("move", "--as", "adversary", "--bot", "greedy", env=env).exit_code == 0
    proposals = run("adjudicate", env=env)
    assert "The model proposes" in proposals.output and "Nothing written" in proposals.output
    wc = json.loads(run("status", "--as", "white_cell", "--json", env=env).output)
    ref = wc["pending"][0]["ref"]
    done = run("adjudicate", "--override", f"{ref}=partial", "--reason", "fog", env=env)
    assert "White Cell rules" in done.output and "PARTIAL" in done.output
    assert "turn 2 (2026) begins" in run("next", env=env).output
    log = run("log", "--as", "adversary", env=env).output
    assert "fog" not in log and "Station a brigade - PARTIAL" in log
    assert "identical" in run("replay", env=env).output
    branch = run("branch", "--at", "1", "-o", str(tmp_path / "b.db"), env=env)
    assert "branch of" in branch.output
    csv_text = run("export", "--format", "csv", env=env).output
    assert csv_text.startswith("seq,recorded_at,turn")
    json.loads(run("export", "--format", "json", env=env).output)
    assert run("aar", "-o", str(tmp_path / "r.html"), env=env).exit_code == 0
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert run("aar", "-o", str(tmp_path / "r.md"), env=env).exit_code == 0


def test_simulate_and_rules() -> None:
    out = run("simulate", ESSAY, "--runs", "500", "--seed", "1", "--json")
    data = json.loads(out.output)
    assert data["runs"] == 500 and "rok_escalates" in data["indicators"]
    text = run("simulate", "tripwire-baltic", "--runs", "300", "--policy", "adversary=random")
    assert "adversary random" in text.output and "median" in text.output
    assert "retaliate" in run("rules", ESSAY).output


def deterrence(*args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("deterrence")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "deterrence"]
    return subprocess.run([*cmd, "wargame", *args], capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)


CASES = [
    (None, ("status", "--db", "{missing}"), "no such session file"),
    ("junk", ("status", "--db", "{db}"), "not a session file"),
    ("game", ("move", "--db", "{db}", "--as", "patron", "invade"), "belongs to adversary"),
    ("game", ("move", "--db", "{db}", "--as", "patron", "nuke"), "unknown move 'nuke'"),
    ("game", ("move", "--db", "{db}", "--as", "adversary", "invade"), "precondition"),
    ("game", ("adjudicate", "--db", "{db}", "--override", "2=fail"), "needs --reason"),
    ("game", ("adjudicate", "--db", "{db}"), "no moves are waiting"),
    ("game", ("new", "tripwire-baltic", "--db", "{db}"), "already exists"),
    ("game", ("branch", "--db", "{db}", "--at", "3", "-o", "{missing}"), "--at must be"),
    (None, ("simulate", "nope-scenario", "--runs", "5"), "neither a built-in scenario"),
]


def _setup(tmp_path: Path, setup: str | None) -> Path:
    db = tmp_path / "s.db"
    if setup == "junk":
        db.write_bytes(b"not a database at all" * 10)
    elif setup == "game":
        assert run("new", "tripwire-baltic", "--db", str(db), "--seed", "1").exit_code == 0
    return db


@pytest.mark.parametrize(("setup", "args", "message"), CASES)
def test_refusals_exit_2_and_change_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           setup: str | None, args: tuple[str, ...],
                                           message: str) -> None:
    db = _setup(tmp_path, setup)
    before = db.read_bytes() if db.exists() else b""
    with pytest.raises(SystemExit) as done:
        main(["wargame", *(a.format(db=db, missing=tmp_path / "missing.db") for a in args)])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert (db.read_bytes() if db.exists() else b"") == before


@pytest.mark.parametrize("case", [CASES[1], CASES[3]])
def test_the_installed_command_refuses_without_traceback(
        tmp_path: Path, case: tuple[str | None, tuple[str, ...], str]) -> None:
    setup, args, message = case
    db = _setup(tmp_path, setup)
    done = deterrence(*(a.format(db=db, missing=tmp_path / "missing.db") for a in args))
    assert done.returncode == 2, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr


def test_help_lists_every_subcommand() -> None:
    text = run("--help").output
    for name in ("new", "status", "move", "adjudicate", "next", "log", "replay", "branch",
                 "export", "aar", "simulate"):
        assert name in text

