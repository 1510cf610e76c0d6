"""Agreement with Gambit (pygambit) on textbook games, the classic library and our own files.

pygambit is in the optional ``games-test`` extra; the test command installs it, so these
tests run in CI. They compare: the reduced normal form (payoffs and strategy labels),
the pure equilibria, the extreme mixed equilibria of two-player games, that backward
induction gives a Nash equilibrium, the logit QRE, and the files we write.
"""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

import numpy as np
import pygambit as gbt
import pytest

from deterrence.games import (
    CLASSIC_GAMES,
    Game,
    NormalFormGame,
    analyse,
    backward_induction,
    format_efg,
    format_nfg,
    logit_qre,
    logit_qre_path,
    nash_equilibria,
    pure_equilibria,
    read_gambit,
    to_normal_form,
)
from deterrence.games.signalling import SignallingGame

DATA = Path(__file__).parent / "data"
FILES = sorted(DATA.glob("*.efg")) + sorted(DATA.glob("*.nfg"))


def _theirs(path: Path) -> object:
    return gbt.read_efg(str(path)) if path.suffix == ".efg" else gbt.read_nfg(str(path))


def _classic_trees() -> list[tuple[str, Game]]:
    out = []
    for gid, cg in CLASSIC_GAMES.items():
        game = cg.game
        tree = game.to_tree() if isinstance(game, SignallingGame) else game
        out.append((gid, tree))
    return out


def _classic_env(gid: str) -> dict[str, object]:
    return dict(CLASSIC_GAMES[gid].parameters)


def _ours_normal(path: Path) -> NormalFormGame:
    game = read_gambit(path)
    return game if isinstance(game, NormalFormGame) else to_normal_form(game)


def _profile_key(strategies: list[list[float]] | tuple[np.ndarray, ...]) -> tuple[float, ...]:
    return tuple(round(float(x), 6) for s in strategies for x in s)


def _gambit_profiles(game: object, eqs: object) -> set[tuple[float, ...]]:
    out = set()
    for eq in eqs:  # type: ignore[attr-defined]
        out.add(tuple(round(float(eq[s]), 6) for s in game.strategies))  # type: ignore[attr-defined]
    return out


def test_at_least_ten_games_are_compared() -> None:
    assert len(FILES) + len(CLASSIC_GAMES) >= 10


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_reduced_normal_form_matches(path: Path) -> None:
    ours = _ours_normal(path)
    theirs = _theirs(path)
    arrays = theirs.to_arrays(dtype=Fraction)
    for p in range(len(ours.players)):
        np.testing.assert_allclose(ours.payoffs[p], np.asarray(arrays[p], dtype=float),
                                   atol=1e-12)
    if path.suffix == ".efg":
        labels = [[s.label for s in player.strategies] for player in theirs.players]
        assert [list(c) for c in ours.codes] == labels


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_pure_equilibria_match(path: Path) -> None:
    ours = _ours_normal(path)
    theirs = _theirs(path)
    mine = {_profile_key([np.eye(len(s))[i] for s, i in zip(ours.strategies, e.profile,
                                                           strict=True)])
            for e in pure_equilibria(ours)}
    assert mine == _gambit_profiles(theirs, gbt.nash.enumpure_solve(theirs).equilibria)


@pytest.mark.parametrize("path", [p for p in FILES if len(_ours_normal(p).players) == 2],
                         ids=lambda p: p.name)
def test_extreme_mixed_equilibria_match(path: Path) -> None:
    ours = _ours_normal(path)
    theirs = _theirs(path)
    mine = {_profile_key(e.strategies) for e in nash_equilibria(ours)}
    assert mine == _gambit_profiles(theirs, gbt.nash.enummixed_solve(theirs).equilibria)


@pytest.mark.parametrize(("gid", "tree"), _classic_trees(), ids=lambda x: str(x)[:20])
def test_classic_games_agree_with_gambit(gid: str, tree: Game) -> None:
    values = tree.evaluate(_classic_env(gid))
    theirs = gbt.read_efg(io.StringIO(format_efg(tree, values)))
    ours = to_normal_form(tree, values)
    arrays = theirs.to_arrays(dtype=Fraction)
    for p in range(2):
        np.testing.assert_allclose(ours.payoffs[p], np.asarray(arrays[p], dtype=float))
    pure = {_profile_key([np.eye(len(s))[i] for s, i in zip(ours.strategies, e.profile,
                                                           strict=True)])
            for e in pure_equilibria(ours)}
    assert pure == _gambit_profiles(theirs, gbt.nash.enumpure_solve(theirs).equilibria)
    mixed = {_profile_key(e.strategies) for e in nash_equilibria(ours)}
    assert mixed == _gambit_profiles(theirs, gbt.nash.enummixed_solve(theirs).equilibria)


@pytest.mark.parametrize("gid", ["entry_deterrence", "brinkmanship", "unilateral_deterrence",
                                 "tripwire"])
def test_backward_induction_is_a_nash_equilibrium_in_gambit(gid: str) -> None:
    tree = CLASSIC_GAMES[gid].game
    assert isinstance(tree, Game)
    values = tree.evaluate(_classic_env(gid))
    solution = backward_induction(tree, values)
    theirs = gbt.read_efg(io.StringIO(format_efg(tree, values)))
    profile = theirs.mixed_behavior_profile(rational=True)
    chosen = solution.strategy()
    for infoset in theirs.infosets:
        if infoset.player.is_chance:
            continue
        label = infoset.label
        for action in infoset.actions:
            profile[action] = Fraction(1 if action.label == chosen[label] else 0)
    assert profile.max_regret() == 0
    for p, player in enumerate(theirs.players):
        assert float(profile.payoff(player)) == pytest.approx(solution.value[p, 0])


def test_signalling_equilibria_are_nash_equilibria_in_gambit() -> None:
    game = read_gambit(DATA / "jobmarket.efg")
    analysis = analyse(game)
    assert analysis.pbe is not None and analysis.pbe.equilibria
    theirs = gbt.read_efg(str(DATA / "jobmarket.efg"))
    sender, receiver = list(theirs.players)
    for eq in analysis.pbe.equilibria:
        profile = theirs.mixed_behavior_profile(rational=False)
        for t, infoset in enumerate(sender.infosets):
            for m, action in enumerate(infoset.actions):
                profile[action] = eq.sender[t][m]
        for m, infoset in enumerate(receiver.infosets):
            for r, action in enumerate(infoset.actions):
                profile[action] = eq.receiver[m][r]
        assert profile.max_regret() == pytest.approx(0.0, abs=1e-9)


def _random_game(seed: int, shape: tuple[int, int]) -> NormalFormGame:
    rng = np.random.default_rng(seed)
    A, B = rng.integers(-5, 6, size=shape), rng.integers(-5, 6, size=shape)
    return NormalFormGame.bimatrix("random", ("row", "col"), [f"r{i}" for i in range(shape[0])],
                                   [f"c{j}" for j in range(shape[1])], A, B)


@pytest.mark.parametrize("seed", range(6))
def test_random_games_extreme_equilibria_match(seed: int) -> None:
    ours = _random_game(seed, (3 + seed % 2, 3))
    theirs = gbt.read_nfg(io.StringIO(format_nfg(ours)))
    mine = {_profile_key(e.strategies) for e in nash_equilibria(ours)}
    assert mine == _gambit_profiles(theirs, gbt.nash.enummixed_solve(theirs).equilibria)


@pytest.mark.parametrize("seed", range(3))
def test_logit_qre_matches_gambit_on_generic_games(seed: int) -> None:
    ours = _random_game(100 + seed, (2, 3))
    theirs = gbt.read_nfg(io.StringIO(format_nfg(ours)))
    lams = [0.3, 1.0, 4.0]
    ours_path = logit_qre_path(ours, lams)
    for q, ref in zip(ours_path, gbt.qre.logit_solve_lambda(theirs, lam=lams), strict=True):
        assert q.lam == pytest.approx(ref.lam)
        assert logit_qre(ours, q.lam).strategies[0] == pytest.approx(q.strategies[0])
        expected = [float(ref.profile[s]) for s in theirs.strategies]
        np.testing.assert_allclose(np.concatenate(q.strategies), expected, atol=1e-6)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_files_we_write_read_back_in_gambit(path: Path) -> None:
    ours = read_gambit(path)
    text = format_nfg(ours) if isinstance(ours, NormalFormGame) else format_efg(ours)
    theirs = (gbt.read_nfg if isinstance(ours, NormalFormGame) else gbt.read_efg)(
        io.StringIO(text))
    original = _theirs(path)
    for a, b in zip(theirs.to_arrays(dtype=Fraction), original.to_arrays(dtype=Fraction),
                    strict=True):
        np.testing.assert_array_equal(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
