"""Normal forms, Nash equilibria (pure and vertex enumeration) and logit QRE."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special

from deterrence.games import (
    CLASSIC_GAMES,
    Game,
    GameError,
    NormalFormGame,
    agent_logit,
    backward_induction,
    logit_qre,
    logit_qre_path,
    nash_equilibria,
    pure_equilibria,
    regret,
    to_normal_form,
)
from deterrence.games.normal_form import strategy_values


def bos() -> NormalFormGame:
    return NormalFormGame.bimatrix("bos", ("r", "c"), ["O", "F"], ["O", "F"],
                                   [[3, 0], [0, 2]], [[2, 0], [0, 3]])


def test_battle_of_the_sexes_has_three_equilibria() -> None:
    eqs = nash_equilibria(bos())
    assert len(eqs) == 3 and sum(e.pure for e in eqs) == 2
    mixed = next(e for e in eqs if not e.pure)
    np.testing.assert_allclose(mixed.strategies[0], [0.6, 0.4])
    np.testing.assert_allclose(mixed.strategies[1], [0.4, 0.6])
    assert mixed.payoffs == pytest.approx((1.2, 1.2))


def test_classic_mixed_equilibria_match_published_values() -> None:
    # chicken: straight with probability -win / crash; stag hunt: stag with 3/4
    for gid, index, expected in (("chicken", 1, 1 / 10), ("stag_hunt", 0, 0.75)):
        cg = CLASSIC_GAMES[gid]
        nf = to_normal_form(cg.game, env=dict(cg.parameters))  # type: ignore[arg-type]
        mixed = [e for e in nash_equilibria(nf) if not e.pure]
        assert len(mixed) == 1
        assert mixed[0].strategies[0][index] == pytest.approx(expected)
    pd = CLASSIC_GAMES["prisoners_dilemma"]
    nf = to_normal_form(pd.game, env=dict(pd.parameters))  # type: ignore[arg-type]
    assert [e.strategies for e in pure_equilibria(nf)] == [("defect", "defect")]
    assert len(nash_equilibria(nf)) == 1


def test_entry_deterrence_normal_form_has_the_non_credible_equilibrium() -> None:
    cg = CLASSIC_GAMES["entry_deterrence"]
    nf = to_normal_form(cg.game, env=dict(cg.parameters))  # type: ignore[arg-type]
    found = {(e.strategies, e.strict) for e in pure_equilibria(nf)}
    assert found == {(("out", "aggressive"), False), (("in", "cooperative"), True)}


@st.composite
def bimatrices(draw: st.DrawFn) -> NormalFormGame:
    m, n = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    entries = st.integers(-6, 6)
    A = np.array(draw(st.lists(entries, min_size=m * n, max_size=m * n))).reshape(m, n)
    B = np.array(draw(st.lists(entries, min_size=m * n, max_size=m * n))).reshape(m, n)
    return NormalFormGame.bimatrix("g", ("r", "c"), [f"r{i}" for i in range(m)],
                                   [f"c{j}" for j in range(n)], A, B)


@settings(max_examples=60, deadline=None)
@given(bimatrices())
def test_every_equilibrium_found_has_zero_regret(game: NormalFormGame) -> None:
    eqs = nash_equilibria(game)
    assert eqs, "every finite game has an equilibrium (Nash 1951)"
    for e in eqs:
        assert np.max(regret(game, e.strategies)) == pytest.approx(0.0, abs=1e-9)
        assert all(s.sum() == pytest.approx(1.0) and np.all(s >= 0) for s in e.strategies)
    pure = {e.profile for e in pure_equilibria(game)}
    assert pure == {tuple(int(np.argmax(s)) for s in e.strategies) for e in eqs if e.pure}


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([(2, 2), (2, 3), (3, 3), (3, 4)]))
def test_nondegenerate_games_have_an_odd_number_of_equilibria(seed: int,
                                                             shape: tuple[int, int]) -> None:
    # Shapley (1974) / Lemke-Howson: generic bimatrix games have an odd number
    rng = np.random.default_rng(seed)
    game = NormalFormGame.bimatrix("g", ("r", "c"), [str(i) for i in range(shape[0])],
                                   [str(j) for j in range(shape[1])],
                                   rng.normal(size=shape), rng.normal(size=shape))
    assert len(nash_equilibria(game)) % 2 == 1


def test_too_large_or_many_player_games_are_refused() -> None:
    big = NormalFormGame.bimatrix("big", ("r", "c"), [str(i) for i in range(12)],
                                  [str(j) for j in range(12)], np.zeros((12, 12)),
                                  np.zeros((12, 12)))
    with pytest.raises(GameError, match="too large"):
        nash_equilibria(big)
    three = NormalFormGame("3", ("a", "b", "c"), (("x",), ("y",), ("z",)), np.zeros((3, 1, 1, 1)))
    with pytest.raises(GameError, match="two-player"):
        nash_equilibria(three)


def test_logit_qre_is_uniform_at_zero_and_a_fixed_point() -> None:
    game = NormalFormGame.bimatrix("g", ("r", "c"), ["a", "b"], ["x", "y", "z"],
                                   [[3, 0, 1], [1, 2, 0]], [[1, 2, 0], [0, 1, 3]])
    q0 = logit_qre(game, 0.0)
    np.testing.assert_allclose(q0.strategies[1], [1 / 3] * 3)
    q = logit_qre(game, 2.5)
    for p in range(2):
        v = strategy_values(game, q.strategies, p)
        np.testing.assert_allclose(q.strategies[p], special.softmax(2.5 * v), atol=1e-9)


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_qre_approaches_nash_as_lambda_grows(seed: int) -> None:
    rng = np.random.default_rng(seed)
    game = NormalFormGame.bimatrix("g", ("r", "c"), ["a", "b", "c"], ["x", "y"],
                                   rng.normal(size=(3, 2)), rng.normal(size=(3, 2)))
    regrets = [max(q.regret) for q in logit_qre_path(game, (1.0, 10.0, 100.0, 1000.0))]
    assert regrets[-1] < 1e-2
    assert regrets[-1] <= regrets[0] + 1e-12


def test_agent_logit_tends_to_backward_induction() -> None:
    cg = CLASSIC_GAMES["tripwire"]
    game = cg.game
    assert isinstance(game, Game)
    env = dict(cg.parameters)
    spe = backward_induction(game, env=env)
    q = agent_logit(game, env=env, lam=200.0)
    for i, c in spe.choice.items():
        assert q.probabilities[i][int(c[0]), 0] > 0.99
    np.testing.assert_allclose(q.value[:, 0], spe.value[:, 0], atol=1e-3)
