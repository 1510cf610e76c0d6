"""Game trees and vectorised backward induction."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deterrence.games import (
    CLASSIC_GAMES,
    Chance,
    Decision,
    Game,
    GameError,
    Terminal,
    backward_induction,
    chance,
    decision,
    terminal,
)
from deterrence.games.tree import MAX_DEPTH


def entry() -> Game:
    # Selten (1978): out (1, 5); in and cooperative (2, 2); in and aggressive (0, 0)
    inside = decision("incumbent", {"cooperative": terminal(2, 2), "aggressive": terminal(0, 0)})
    return Game("entry", ("entrant", "incumbent"),
                decision("entrant", {"out": terminal(1, 5), "in": inside}))


def test_entry_deterrence_subgame_perfect_equilibrium() -> None:
    sol = backward_induction(entry())
    assert sol.strategy() == {"root": "in", "root > in": "cooperative"}
    assert sol.payoffs() == {"entrant": 2.0, "incumbent": 2.0}
    assert [m.action for m in sol.paths[0].moves] == ["in", "cooperative"]
    assert sol.ties == 0


def test_ties_are_reported_not_hidden() -> None:
    game = Game("tie", ("a", "b"), decision("a", {"l": terminal(1, 0), "r": terminal(1, 5)}))
    sol = backward_induction(game)
    assert sol.ties == 1 and bool(sol.tie[0][0])
    assert sol.paths[0].ties == 1


def test_chance_and_formulas_over_draws() -> None:
    game = Game("c", ("a",), decision("a", {
        "gamble": chance({"win": ("q", terminal("prize")), "lose": ("1 - q", terminal(0))}),
        "safe": terminal(1)}))
    q = np.array([0.1, 0.5, 0.9, 0.2])
    prize = np.array([5.0, 1.0, 2.0, 5.0])
    sol = backward_induction(game, env={"q": q, "prize": prize})
    # draw 3 is a tie (0.2 * 5 == 1): the first listed action is followed, and flagged
    np.testing.assert_array_equal(sol.choice[0], [1, 1, 0, 0])
    np.testing.assert_array_equal(sol.tie[0], [False, False, False, True])
    shares = {p.describe(): (p.probability, p.ties) for p in sol.paths}
    assert shares == {"a: safe": (0.5, 0), "a: gamble": (0.5, 1)}
    np.testing.assert_allclose(sol.value[0], [1, 1, 1.8, 1])
    assert sol.outcomes["root > gamble > win"] == pytest.approx((0.9 + 0.2) / 4)


def _naive(node: object, env: dict[str, float], players: tuple[str, ...]) -> np.ndarray:
    """Scalar recursive backward induction, for comparison."""
    if isinstance(node, Terminal):
        return np.array([float(v) if not hasattr(v, "evaluate") else float(v.evaluate(env))
                         for v in node.payoffs])
    assert isinstance(node, Decision | Chance)
    kids = [_naive(c, env, players) for c in node.children]
    if isinstance(node, Chance):
        return sum((float(p) * k for p, k in zip(node.probabilities, kids, strict=True)),
                   np.zeros(len(players)))
    mover = players.index(node.player)
    return kids[int(np.argmax([k[mover] for k in kids]))]


@st.composite
def random_trees(draw: st.DrawFn) -> Game:
    players = ("p0", "p1", "p2")
    counter = iter(range(10_000))

    def build(depth: int) -> object:
        kind = draw(st.sampled_from(["t", "d", "d", "c"])) if depth < 4 else "t"
        if kind == "t":
            k = next(counter)
            return terminal(*(f"u{k}_{p}" for p in range(3)))
        n = draw(st.integers(2, 3))
        kids = [build(depth + 1) for _ in range(n)]
        if kind == "c":
            weights = draw(st.lists(st.integers(1, 5), min_size=n, max_size=n))
            total = sum(weights)
            return chance({f"c{j}": (w / total, kid)
                           for j, (w, kid) in enumerate(zip(weights, kids, strict=True))})
        return decision(draw(st.sampled_from(players)),
                        {f"a{j}": kid for j, kid in enumerate(kids)})

    return Game("random", players, build(0))  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None)
@given(random_trees(), st.integers(0, 2**32 - 1))
def test_vectorised_equals_per_draw_solution(game: Game, seed: int) -> None:
    rng = np.random.default_rng(seed)
    names = sorted(game.names)
    env = {n: rng.normal(size=25) for n in names}
    sol = backward_induction(game, env=env)
    for d in range(25):
        point = {n: float(v[d]) for n, v in env.items()}
        np.testing.assert_allclose(sol.value[:, d], _naive(game.root, point, game.players))
    assert sum(p.count for p in sol.paths) == 25
    assert sum(sol.outcomes.values()) == pytest.approx(1.0)


@settings(max_examples=40, deadline=None)
@given(random_trees(), st.integers(0, 2**32 - 1))
def test_equilibrium_strategies_are_best_responses_at_every_node(game: Game, seed: int) -> None:
    rng = np.random.default_rng(seed)
    env = {n: rng.integers(-3, 4, size=30).astype(float) for n in game.names}
    sol = backward_induction(game, env=env)
    flat = game.flat
    for i, choice in sol.choice.items():
        mover = flat.player[i]
        for d in range(30):
            point = {n: float(v[d]) for n, v in env.items()}
            values = [_naive(flat.nodes[c], point, game.players)[mover]
                      for c in flat.children[i]]
            chosen = values[int(choice[d])]
            assert chosen >= max(values) - 1e-9
            assert bool(sol.tie[i][d]) == (sum(v >= max(values) - 1e-9 for v in values) > 1)


def test_imperfect_information_is_refused_with_the_information_set() -> None:
    game = CLASSIC_GAMES["chicken"].game
    assert isinstance(game, Game)
    with pytest.raises(GameError, match="simultaneous"):
        backward_induction(game, env=dict(CLASSIC_GAMES["chicken"].parameters))


@pytest.mark.parametrize(("make", "message"), [
    (lambda: Game("g", ("a",), decision("b", {"x": terminal(1)})), "unknown player 'b'"),
    (lambda: Game("g", ("a",), Decision("a", ("x", "y"), (terminal(1),))),
     "2 action\\(s\\) but 1 child"),
    (lambda: Game("g", ("a", "b"), decision("a", {"x": terminal(1)})),
     "1 payoff\\(s\\) given for 2 player"),
    (lambda: Game("g", ("a",), chance({"h": (0.5, terminal(1)), "t": (0.4, terminal(0))},
                                      name="coin")), "'coin'.*sum to 0.9"),
    (lambda: Game("g", ("a",), chance({"h": (1.5, terminal(1)), "t": (-0.5, terminal(0))})),
     "outside \\[0, 1\\]"),
    (lambda: Game("g", ("a", "b"), decision("a", {
        "x": decision("b", {"u": terminal(0, 0)}, infoset="i"),
        "y": decision("b", {"v": terminal(0, 0)}, infoset="i")})), "actions differ"),
    (lambda: Game("g", ("a",), Decision("a", ("x", "x"), (terminal(1), terminal(2)))),
     "used twice"),
])
def test_malformed_trees_are_refused_naming_the_node(make: object, message: str) -> None:
    with pytest.raises(GameError, match=message):
        make()  # type: ignore[operator]


def test_too_deep_trees_are_refused() -> None:
    node: object = terminal(0)
    for _ in range(MAX_DEPTH + 5):
        node = decision("a", {"go": node})  # type: ignore[dict-item]
    with pytest.raises(GameError, match="deep"):
        Game("deep", ("a",), node)  # type: ignore[arg-type]


def test_probabilities_that_fail_in_some_draws_are_refused_naming_the_node() -> None:
    game = Game("g", ("a",), chance({"h": ("q", terminal(1)), "t": ("0.5", terminal(0))},
                                    name="coin"))
    with pytest.raises(GameError, match=r"'coin'.*in 2 draw"):
        game.evaluate({"q": np.array([0.5, 0.7, 0.9])})
    with pytest.raises(GameError, match=r"missing|no value"):
        game.evaluate({})


def test_nan_payoffs_are_refused() -> None:
    game = Game("g", ("a",), decision("a", {"x": terminal("log(u)", name="end")}))
    with pytest.raises(GameError, match=r"'end'.*NaN in 1 draw"):
        game.evaluate({"u": np.array([1.0, -1.0])})
