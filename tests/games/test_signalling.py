"""Perfect Bayesian equilibria of two-type signalling games."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deterrence.games import (
    CLASSIC_GAMES,
    PBE,
    GameError,
    SignallingGame,
    as_signalling,
    read_gambit,
    solve_signalling,
)
from deterrence.games.signalling import SignallingValues

from .conftest import DATA


def beer_quiche() -> SignallingGame:
    game = CLASSIC_GAMES["beer_quiche"].game
    assert isinstance(game, SignallingGame)
    return game


def test_beer_quiche_has_the_two_pooling_equilibria_of_cho_and_kreps() -> None:
    # Cho & Kreps (1987): no separating equilibrium; pooling on beer and on quiche, each
    # held up by believing the deviator weak with probability at least 1/2
    sol = solve_signalling(beer_quiche(), beer_quiche().evaluate({"p_strong": 0.9}))
    kinds = {(e.kind, e.sender[0][0]) for e in sol.equilibria}
    assert kinds == {("pooling", 1.0), ("pooling", 0.0)}
    for e in sol.equilibria:
        off = 1 if e.sender[0][0] == 1.0 else 0
        assert e.beliefs[off] == pytest.approx((0.0, 0.5))
        assert e.receiver[1 - off] == (0.0, 1.0)  # no duel on the path
        assert e.likelihood_ratio() == 1.0


def test_job_market_signalling_from_a_gambit_file() -> None:
    game = as_signalling(read_gambit(DATA / "jobmarket.efg"))  # type: ignore[arg-type]
    assert game is not None and game.types == ("High", "Low")
    sol = solve_signalling(game)
    separating = [e for e in sol.equilibria if e.kind == "separating"]
    assert len(separating) == 1
    assert separating[0].sender == ((1.0, 0.0), (0.0, 1.0))
    assert separating[0].receiver == ((1.0, 0.0), (0.0, 1.0))
    pooling = [e for e in sol.equilibria if e.kind == "pooling"]
    assert len(pooling) == 1 and pooling[0].beliefs[0] == pytest.approx((0.0, 0.4))


def _semi() -> SignallingGame:
    # entry-style game with a known hybrid equilibrium: the weak type bluffs sometimes
    pay = (((( 2.0, -1.0), (4.0, 0.0)), ((0.0, -1.0), (2.0, 0.0))),
           (((-1.0, 1.0), (1.0, 0.0)), ((0.0, 1.0), (2.0, 0.0))))
    return SignallingGame("bluff", "s", "r", ("tough", "weak"), 0.4, ("threat", "quiet"),
                          ("fight", "yield"), pay)  # type: ignore[arg-type]


def test_semi_separating_equilibrium_with_its_mixing() -> None:
    sol = solve_signalling(_semi())
    semi = [e for e in sol.equilibria if e.kind == "semi-separating"]
    assert semi, [e.condition for e in sol.equilibria]
    e = semi[0]
    # the receiver is indifferent after the threat: 1 - 2 mu = 0, so mu = 1/2; with prior
    # 0.4 the weak type threatens with probability 0.4 * 0.5 / (0.5 * 0.6) = 2/3
    assert e.beliefs[0] == pytest.approx((0.5, 0.5))
    assert e.sender[1][0] == pytest.approx(2 / 3)
    assert e.sender[0] == (1.0, 0.0)
    _check_pbe(_semi().evaluate(), e)


def _check_pbe(v: SignallingValues, e: PBE) -> None:
    """Receiver best-responds to its beliefs; each type's messages are optimal."""
    us, ur = v.sender[..., 0], v.receiver[..., 0]
    prior = float(v.prior[0])
    resp = [np.asarray(e.receiver[m]) for m in range(2)]
    for m in range(2):
        sent = prior * e.sender[0][m] + (1 - prior) * e.sender[1][m]
        lo, hi = e.beliefs[m]
        if sent > 0:
            mu = prior * e.sender[0][m] / sent
            assert lo == pytest.approx(mu) and hi == pytest.approx(mu)
        for mu in {lo, hi}:
            vals = mu * ur[0, m] + (1 - mu) * ur[1, m]
            assert float(vals @ resp[m]) >= float(np.max(vals)) - 1e-9
    for t in range(2):
        payoff = [float(us[t, m] @ resp[m]) for m in range(2)]
        for m in range(2):
            if e.sender[t][m] > 0:
                assert payoff[m] >= max(payoff) - 1e-9


@st.composite
def signalling_games(draw: st.DrawFn) -> SignallingGame:
    k = draw(st.integers(2, 3))
    entry = st.integers(-3, 3).map(float)
    pay = tuple(tuple(tuple((draw(entry), draw(entry)) for _ in range(k)) for _ in range(2))
                for _ in range(2))
    prior = draw(st.sampled_from([0.2, 0.35, 0.5, 0.7]))
    return SignallingGame("g", "s", "r", ("a", "b"), prior, ("m", "n"),
                          tuple(f"r{j}" for j in range(k)), pay)  # type: ignore[arg-type]


@settings(max_examples=80, deadline=None)
@given(signalling_games())
def test_every_reported_equilibrium_is_a_perfect_bayesian_equilibrium(g: SignallingGame) -> None:
    v = g.evaluate()
    for e in solve_signalling(g, v).equilibria:
        _check_pbe(v, e)


def test_shares_across_draws_agree_with_solving_each_draw() -> None:
    rng = np.random.default_rng(7)
    g = _semi()
    n = 40
    env_payoffs = rng.normal(size=(2, 2, 2, 2, n))  # type, message, response, player, draw
    v = SignallingValues(n, np.full(n, 0.4), env_payoffs[..., 0, :], env_payoffs[..., 1, :])
    across = solve_signalling(g, v)
    for kind in ("separating", "pooling", "semi-separating"):
        per_draw = np.mean([any(e.kind == kind for e in solve_signalling(g, v, draw=d).equilibria)
                            for d in range(n)])
        assert across.share[kind] == pytest.approx(per_draw)


def test_malformed_signalling_games_are_refused() -> None:
    with pytest.raises(GameError, match="two distinct messages"):
        SignallingGame("g", "s", "r", ("a", "b"), 0.5, ("m", "m"), ("x", "y"), ())
    with pytest.raises(GameError, match="prior is outside"):
        SignallingGame("g", "s", "r", ("a", "b"), "p", ("m", "n"), ("x", "y"),
                       ((((0, 0), (0, 0)),) * 2,) * 2).evaluate({"p": 1.5})  # type: ignore[arg-type]
