"""Benchmark: the essay's extended-deterrence game across parameter draws.

deterrence solves the game by backward induction in every draw at once (numpy over the
draw axis). The comparison loops pygambit over draws - set the draw's payoffs and
chance probabilities, then solve - for a few thousand draws, and extrapolates to the
same number of draws. It also checks, on a sample of draws, that the profile we find
is a Nash equilibrium in pygambit (regret 0).

Run by hand (not part of CI's pass/fail):

    PYTHONPATH=src python3 benchmarks/bench_games.py [--draws 1000000] [--gambit-draws 2000]

Needs pygambit (``pip install pygambit``, or the project's ``games-test`` extra).
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable, Mapping
from fractions import Fraction

import numpy as np

from deterrence.games import Game, backward_induction, format_efg
from deterrence.games.scenario_games import scenario_game
from deterrence.games.tree import Chance, GameValues, Terminal
from deterrence.model import Model
from deterrence.scenario import resolve_scenario


def _timed(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def _gambit_setup(game: Game, values: GameValues) -> tuple[object, list[object], list[object]]:
    import pygambit as gbt

    g = gbt.read_efg(io.StringIO(format_efg(game, values)))
    outcomes = list(g.outcomes)  # one per terminal, in tree order
    chance_sets = list(g.players.chance.infosets)
    return g, outcomes, chance_sets


def _gambit_loop(game: Game, values: GameValues, draws: int, solver: str) -> float:
    """Seconds per draw for pygambit: update the draw's numbers, then solve."""
    import pygambit as gbt

    g, outcomes, chance_sets = _gambit_setup(game, values.at(0))
    flat = game.flat
    terminals = list(flat.terminals)
    chances = [i for i, n in enumerate(flat.nodes) if isinstance(n, Chance)]
    solve = {"lcp": lambda: gbt.nash.lcp_solve(g, rational=False),
             "enumpure": lambda: gbt.nash.enumpure_agent_solve(g)}[solver]
    players = list(g.players)
    start = time.perf_counter()
    for d in range(draws):
        for outcome, t in zip(outcomes, terminals, strict=True):
            for p, player in enumerate(players):
                outcome[player] = float(values.payoffs[t][p][d])
        for infoset, c in zip(chance_sets, chances, strict=True):
            probs = [Fraction(float(x)).limit_denominator(10**9)
                     for x in values.probabilities[c][:-1, d]]
            g.set_chance_probs(infoset, [*probs, 1 - sum(probs)])
        solve()
    return (time.perf_counter() - start) / draws


def _check_agreement(game: Game, values: GameValues, draws: int) -> int:
    """Number of sampled draws where our profile is a Nash equilibrium in pygambit."""
    import pygambit as gbt

    sol = backward_induction(game, values)
    ok = 0
    for d in range(draws):
        g = gbt.read_efg(io.StringIO(format_efg(game, values, draw=d)))
        profile = g.mixed_behavior_profile(rational=False)
        chosen = sol.strategy(d)
        for infoset in g.infosets:
            if not infoset.player.is_chance:
                for action in infoset.actions:
                    profile[action] = 1.0 if action.label == chosen[infoset.label] else 0.0
        ok += profile.max_regret() < 1e-9
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=1_000_000)
    parser.add_argument("--gambit-draws", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    model = Model.compile(resolve_scenario("nk-troops-russia-2024"))
    game = scenario_game(model.scenario, "extended_deterrence").game
    assert isinstance(game, Game)
    t_model, q = _timed(lambda: model.evaluate(
        model.sample(args.draws, rng=np.random.default_rng(1))).quantities, 1)
    assert isinstance(q, Mapping)
    t_eval, values = _timed(lambda: game.evaluate(q), args.repeat)
    assert isinstance(values, GameValues)
    t_solve, sol = _timed(lambda: backward_induction(game, values), args.repeat)
    n = args.draws
    print(f"Essay extended-deterrence game, {len(game.flat.nodes)} nodes, "
          f"{sum(isinstance(x, Terminal) for x in game.flat.nodes)} ends; {n:,} draws\n")
    print(f"{'step':<46}{'seconds':>10}")
    print(f"{'sample + evaluate the scenario (once)':<46}{t_model:>10.3f}")
    print(f"{'evaluate payoffs and probabilities':<46}{t_eval:>10.3f}")
    print(f"{'backward induction (median of runs)':<46}{t_solve:>10.3f}")
    print(f"{'game total (payoffs + solve)':<46}{t_eval + t_solve:>10.3f}\n")
    try:
        import pygambit  # noqa: F401
    except ImportError:
        print("pygambit is not installed: no comparison (pip install pygambit)")
        return
    print(f"{'pygambit per draw, looped':<28}{'s/draw':>10}{'est. for n':>12}{'ratio':>10}")
    ours = t_eval + t_solve
    for solver in ("lcp", "enumpure"):
        per = _gambit_loop(game, values, args.gambit_draws, solver)
        print(f"{solver + ' (' + str(args.gambit_draws) + ' draws)':<28}{per:>10.2e}"
              f"{per * n:>12.1f}{per * n / ours:>10.0f}x")
    checked = min(200, n)
    agree = _check_agreement(game, values, checked)
    print(f"\nour subgame-perfect profile is a Nash equilibrium in pygambit in {agree} of "
          f"{checked} sampled draws")
    print("paths: " + "; ".join(f"{p.describe()} {100 * p.probability:.2f}%"
                                for p in sol.paths))  # type: ignore[union-attr]


if __name__ == "__main__":
    main()
