"""Monte Carlo play of the essay's 8-turn wargame: how many whole games per second.

Target (issue 3): 10,000 games of ``nk-troops-russia-2024``'s wargame in under 10 s on
the reference machine. Every side is played by its scenario bot (greedy by its own
expected value), parameters are drawn per game, and the same seed gives the same numbers.

Run ``python benchmarks/bench_wargame.py [RUNS] [REPEATS]``; it prints the best time of
REPEATS (default 3) and games per second, for drawn and for point parameters, and one
session's interactive speed (a whole 8-turn game through the event store).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from timing import best_of

import deterrence as dt
from deterrence.wargame import Rules, Session, simulate

SCENARIO = "nk-troops-russia-2024"


def bench_simulate(rules: Rules, runs: int, repeats: int, parameters: str) -> float:
    """Best wall time of ``repeats`` calls of :func:`simulate`."""
    return best_of(lambda: simulate(rules, runs=runs, seed=2024,
                                    parameters=parameters),  # type: ignore[arg-type]
                   repeats)


def bench_session(scenario: dt.Scenario) -> tuple[float, int]:
    """Wall time and event count of one whole session played by bots through SQLite."""
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        with Session.new(scenario, Path(folder) / "bench.db", seed=1, mode="rigid") as s:
            while not s.state.ended:
                for side in s.rules.sides:
                    s.bot_move(side)
                if s.state.pending:
                    s.adjudicate()
                s.next()
            return time.perf_counter() - start, len(s.events)


def main(argv: list[str]) -> None:
    runs = int(argv[1]) if len(argv) > 1 else 10_000
    repeats = int(argv[2]) if len(argv) > 2 else 3
    scenario = dt.resolve_scenario(SCENARIO)
    start = time.perf_counter()
    rules = Rules.compile(scenario)
    print(f"{SCENARIO}: compiled the wargame in {time.perf_counter() - start:.3f} s "
          f"({len(rules.sides)} sides, {len(rules.moves)} moves, {rules.spec.turns} turns)")
    for parameters in ("draw", "point"):
        best = bench_simulate(rules, runs, repeats, parameters)
        print(f"simulate --runs {runs:,} --parameters {parameters}: {best:.3f} s "
              f"(best of {repeats}), {runs / best:,.0f} games/s, target < 10 s: "
              f"{'met' if best < 10 else 'MISSED'}")
    seconds, events = bench_session(scenario)
    print(f"one interactive session with bots (rigid, SQLite): {seconds:.2f} s, "
          f"{events} events, {events / seconds:,.0f} events/s")


if __name__ == "__main__":
    main(sys.argv)
