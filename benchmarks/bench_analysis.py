"""Analysis speed and memory on the essay's model.

1. Tornado plus the break-even table for every parameter (target: under 1 s).
2. Sobol first and total indices for every parameter with N = 2^13 (target: under 2.5 s),
   beside SALib's own pipeline on the same problem (SALib's Sobol sampler, the same
   inverse-CDF transform and vectorised model evaluation, ``SALib.analyze.sobol.analyze``),
   with and without second-order indices (SALib's default computes them).
3. 10^8 draws streamed in chunks (``deterrence.analysis.run_summary``): peak memory
   (target: under 2 GiB), measured as the peak resident set size of a fresh process
   (``resource.getrusage``), so nothing else in this process counts against it.

Run:  python benchmarks/bench_analysis.py [--big-draws 100000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import warnings
from typing import Any

import numpy as np
from timing import best_of

import deterrence as dt
from deterrence.analysis import breakeven_table, sobol_indices, tornado


def salib_pipeline(model: dt.Model, n: int, second_order: bool) -> Any:
    """SALib's own Sobol pipeline: its sampler, our ppf and evaluation, its analysis."""
    from SALib.analyze import sobol as analyze  # type: ignore[import-untyped, unused-ignore]
    from SALib.sample import sobol as sample  # type: ignore[import-untyped, unused-ignore]

    names = list(model.uncertain_parameters())
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        u = sample.sample(problem, n, calc_second_order=second_order, seed=1)
        u = np.clip(u, 1e-12, 1 - 1e-12)
        params: dict[str, Any] = dict(model.point_values())
        params.update({k: model.distributions[k].ppf(u[:, j]) for j, k in enumerate(names)})
        net = model.evaluate(params).net
        y = np.asarray(net["send_troops"] - net["munitions_only"])
        return analyze.analyze(problem, y, calc_second_order=second_order, seed=1)


BIG = """
import resource, sys, time
import deterrence as dt
from deterrence.analysis import run_summary
model = dt.Model.compile(dt.resolve_scenario("nk-troops-russia-2024"))
start = time.perf_counter()
out = run_summary(model, samples=int(sys.argv[1]), seed=1)
took = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{took:.1f} {peak:.0f} {out.to_dict()['options']['send_troops']['mean']:.6f}")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--big-draws", type=int, default=100_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--second-order", action="store_true",
                        help="also time SALib's default pipeline with second-order indices")
    args = parser.parse_args()
    model = dt.Model.compile(dt.resolve_scenario("nk-troops-russia-2024"))
    k = len(model.uncertain_parameters())
    rows = []
    t = best_of(lambda: (tornado(model), breakeven_table(model)), args.repeat)
    rows.append((f"tornado + break-even table, {k} parameters", t, "< 1 s"))
    n = 2**13
    t = best_of(lambda: sobol_indices(model, n=n, seed=1), args.repeat)
    rows.append((f"Sobol S1 + ST with 95% intervals, N = 2^13, {k} parameters", t, "< 2.5 s"))
    t_salib = best_of(lambda: salib_pipeline(model, n, False), args.repeat)
    rows.append(("SALib's own pipeline, same problem (first and total order)", t_salib, ""))
    if args.second_order:
        t_salib2 = best_of(lambda: salib_pipeline(model, n, True), 1)
        rows.append(("SALib's own pipeline with its default second-order indices", t_salib2,
                     ""))
    out = subprocess.run([sys.executable, "-c", BIG, str(args.big_draws)], check=True,
                         capture_output=True, text=True).stdout.split()
    took, peak = float(out[0]), float(out[1])
    print(f"Essay model, {k} uncertain parameters; best of {args.repeat}\n")
    print("| task | time | target |")
    print("|---|---:|---:|")
    for name, seconds, target in rows:
        print(f"| {name} | {seconds:.3f} s | {target} |")
    print(f"| {args.big_draws:,} draws streamed in chunks (run_summary) | {took:.1f} s "
          f"| peak RSS {peak:,.0f} MiB (< 2 GiB) |")


if __name__ == "__main__":
    main()
