"""The ``deterrence game`` and ``deterrence games`` commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from deterrence.cli.games import game_cmd, games_cmd
from deterrence.errors import DeterrenceError
from deterrence.games import CLASSIC_GAMES, parse_efg, parse_nfg

from .conftest import DATA


def run(*args: str) -> Result:
    return CliRunner().invoke(game_cmd, list(args), catch_exceptions=True)


def test_games_lists_the_classic_library() -> None:
    result = CliRunner().invoke(games_cmd, [])
    assert result.exit_code == 0
    for gid in CLASSIC_GAMES:
        assert gid in result.output
    data = json.loads(CliRunner().invoke(games_cmd, ["--json"]).output)
    assert {g["id"] for g in data} == set(CLASSIC_GAMES)
    assert all(g["reference"] and g["lesson"] for g in data)


def test_classic_game_text_shows_tree_equilibrium_and_lesson() -> None:
    result = run("entry_deterrence")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Subgame-perfect equilibrium" in out and "entrant: in; incumbent: cooperative" in out
    assert "Selten" in out and "pure: out, aggressive" in out


def test_classic_game_with_changed_numbers_and_thresholds() -> None:
    result = run("unilateral_deterrence", "--set", "p_def=0.3")
    assert result.exit_code == 0, result.output
    assert "q* = 0.5" in result.output and "deterrence fails" in result.output


def test_scenario_game_json_has_paths_and_thresholds() -> None:
    result = run("nk-troops-russia-2024", "extended_deterrence", "--samples", "2000",
                 "--seed", "1", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["seed"] == 1 and data["samples"] == 2000
    assert sum(p["probability"] for p in data["paths"]) == pytest.approx(1.0)
    values = data["thresholds"]["values"]
    assert values["q_star"] == pytest.approx(1 / (1 + values["K"]))
    assert {"h_star", "lr_star"} <= set(values)


def test_same_seed_same_numbers() -> None:
    a = run("tripwire-baltic", "--samples", "500", "--seed", "9", "--json").output
    b = run("tripwire-baltic", "--samples", "500", "--seed", "9", "--json").output
    assert a == b


def test_all_games_of_a_scenario_and_the_signalling_reading() -> None:
    result = run("nk-troops-russia-2024", "--samples", "500", "--seed", "2")
    assert result.exit_code == 0, result.output
    assert "Extended deterrence" in result.output
    assert "Perfect Bayesian equilibria" in result.output and "pooling" in result.output


def test_write_efg_and_read_it_back(tmp_path: Path) -> None:
    out = tmp_path / "essay.efg"
    result = run("nk-troops-russia-2024", "extended_deterrence", "--samples", "0",
                 "--efg", str(out))
    assert result.exit_code == 0, result.output
    game = parse_efg(out.read_text())
    assert game.players == ("north_korea", "south_korea_us")
    nfg = tmp_path / "pd.nfg"
    assert run("prisoners_dilemma", "--nfg", str(nfg)).exit_code == 0
    assert parse_nfg(nfg.read_text()).shape == (2, 2)


def test_gambit_files_are_solved() -> None:
    result = run(str(DATA / "bos.nfg"), "--qre", "1")
    assert result.exit_code == 0, result.output
    assert "0.6 Opera + 0.4 Football" in result.output and "Logit QRE" in result.output
    result = run(str(DATA / "poker.efg"), "--json")
    assert json.loads(result.output)["nash"]["extreme"]


@pytest.mark.parametrize(("args", "message"), [
    (("entry_deterence",), "neither a built-in scenario nor a file"),
    (("entry_deterrence", "--set", "nope=1"), "has no parameter 'nope'"),
    (("entry_deterrence", "--set", "out_e=to(1, 2)"), "takes a number"),
    (("nk-troops-russia-2024", "extended"), "no game 'extended'"),
    (("nk-troops-russia-2024", "--efg", "x.efg", "--samples", "0"), "name one GAME"),
    (("missing.efg",), "cannot read"),
    (("entry_deterrence", "--qre", "-1"), "non-negative"),
])
def test_bad_input_raises_a_deterrence_error(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.exit_code != 0
    assert isinstance(result.exception, DeterrenceError), result.exception
    assert message in str(result.exception)


def test_games_guide_examples_run() -> None:
    import doctest

    guide = Path(__file__).resolve().parents[2] / "docs" / "games.md"
    result = doctest.testfile(str(guide), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 5 and result.failed == 0
