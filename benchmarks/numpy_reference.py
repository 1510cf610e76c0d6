"""The essay's model written by hand in vectorised numpy: the practical speed limit.

This is what a careful analyst would write without any toolkit: one array per parameter,
drawn once with numpy's native generators (PERT as a scaled beta, ``to(lo, hi)`` as a
lognormal whose 5th and 95th percentiles are ``lo`` and ``hi``), the formulas of
``nk-troops-russia-2024.yaml`` typed out, and the same summary that ``deterrence run
--json`` reports (mean, its standard error and the 5th/50th/95th percentiles of every
option's net value and of every outcome, and the chance each option is best).

Run ``python benchmarks/numpy_reference.py`` to print the summary of 10^6 draws.
"""

from __future__ import annotations

import math
import time

import numpy as np
from numpy.typing import NDArray
from scipy.special import ndtr

Array = NDArray[np.float64]
Z90 = 1.6448536269514722  # ndtri(0.95): to(lo, hi) is a 90% interval

OPTIONS = ("send_troops", "munitions_only", "stay_out")
OUTCOMES = ("casualties", "KIA", "casualty_share", "strength_ratio", "strength_ratio_worst",
            "h_without", "h_with", "q_without", "q_with", "p_esc_without", "p_esc_with",
            "q_star", "h_star", "B_prec", "loss_cost")


def pert(rng: np.random.Generator, lo: float, mode: float, hi: float, n: int) -> Array:
    """Beta-PERT with shape 4 (Vose 2008)."""
    a = 1.0 + 4.0 * (mode - lo) / (hi - lo)
    b = 1.0 + 4.0 * (hi - mode) / (hi - lo)
    return lo + (hi - lo) * rng.beta(a, b, n)


def to(rng: np.random.Generator, lo: float, hi: float, n: int) -> Array:
    """Lognormal with 5th percentile ``lo`` and 95th percentile ``hi``."""
    mu = (math.log(lo) + math.log(hi)) / 2.0
    sigma = (math.log(hi) - math.log(lo)) / (2.0 * Z90)
    return rng.lognormal(mu, sigma, n)


def sample(n: int, rng: np.random.Generator) -> dict[str, Array]:
    """One array of ``n`` draws per parameter, as declared in the scenario file."""
    return {
        "N_NK": pert(rng, 1_200_000, 1_280_000, 1_300_000, n),
        "D": pert(rng, 11_000, 12_000, 14_000, n),
        "T": rng.uniform(90, 270, n),
        "lam": pert(rng, 0.002, 0.005, 0.008, n),
        "phi": pert(rng, 0.1, 0.3, 0.5, n),
        "omega": rng.uniform(0.1, 0.5, n),
        "v": to(rng, 0.0005, 0.008, n),
        "B_mat": to(rng, 1.25, 20, n),
        "B_tech": to(rng, 2, 50, n),
        "B_exp": to(rng, 0.8, 5, n),
        "B_prest": to(rng, 0.33, 3, n),
        "C_dip": to(rng, 0.2, 5, n),
        "C_ukr": to(rng, 0.01, 1, n),
        "p_fail": pert(rng, 0.05, 0.2, 0.4, n),
        "L_fail": to(rng, 2.5, 10, n),
        "s_mun": rng.uniform(0.2, 0.5, n),
        "s_dip_mun": rng.uniform(0.3, 0.8, n),
        "h0": pert(rng, 0.1, 0.5, 0.8, n),
        "LR": pert(rng, 1, 1.5, 3, n),
        "w": rng.uniform(0, 1, n),
        "kappa": pert(rng, 0.1, 0.3, 0.8, n),
        "r": pert(rng, 0, 0.02, 0.1, n),
        "K": to(rng, 5, 80, n),
        "sigma_z": to(rng, 0.5, 2, n),
        "f": to(rng, 0.25, 1, n),
        "L_N": to(rng, 4, 25, n),
        "delta": rng.uniform(0.85, 0.95, n),
    }


def evaluate(p: dict[str, Array]) -> tuple[Array, dict[str, Array]]:
    """Net value per option (rows) and the outcomes, typed out from the scenario file."""
    casualties = p["D"] * (1.0 - np.exp(-p["lam"] * p["T"]))
    kia = p["phi"] * casualties
    wia = casualties - kia
    loss_cost = p["v"] * (kia + p["omega"] * wia)
    h0, lr = p["h0"], p["LR"]
    h_post = lr * h0 / (lr * h0 + (1.0 - h0))
    h_with = p["w"] * h_post + (1.0 - p["w"]) * h0
    kappa, r, k, sz = p["kappa"], p["r"], p["K"], p["sigma_z"]
    q_without = 1.0 - (1.0 - kappa * h0) * (1.0 - r)
    q_with = 1.0 - (1.0 - kappa * h_with) * (1.0 - r)
    p_esc_without = 1.0 - ndtr(np.log(q_without * k / (1.0 - q_without)) / sz)
    p_esc_with = 1.0 - ndtr(np.log(q_with * k / (1.0 - q_with)) / sz)
    q_star = 1.0 / (1.0 + k)
    h_star = (1.0 - (1.0 - q_star) / (1.0 - r)) / kappa
    b_prec = p["f"] * p["L_N"] * (p_esc_without - p_esc_with) / (1.0 - p["delta"])
    send = (p["B_mat"] + p["B_tech"] + p["B_exp"] + p["B_prest"] + b_prec - loss_cost
            - p["C_dip"] - p["C_ukr"] - p["p_fail"] * p["L_fail"])
    munitions = p["s_mun"] * (p["B_mat"] + p["B_tech"]) - p["s_dip_mun"] * p["C_dip"]
    values = np.stack([send, munitions, np.zeros_like(send)])
    outcomes = {
        "casualties": casualties, "KIA": kia, "casualty_share": kia / p["N_NK"],
        "strength_ratio": (1.0 - kia / p["N_NK"]) ** 2,
        "strength_ratio_worst": (1.0 - p["D"] / p["N_NK"]) ** 2,
        "h_without": h0, "h_with": h_with, "q_without": q_without, "q_with": q_with,
        "p_esc_without": p_esc_without, "p_esc_with": p_esc_with, "q_star": q_star,
        "h_star": h_star, "B_prec": b_prec, "loss_cost": loss_cost,
    }
    return values, outcomes


def _stats(x: Array) -> dict[str, float]:
    p05, p50, p95 = np.percentile(x, [5.0, 50.0, 95.0])
    sd = float(x.std(ddof=1))
    return {"mean": float(x.mean()), "se": sd / math.sqrt(x.size), "p05": float(p05),
            "p50": float(p50), "p95": float(p95)}


def summarize(values: Array, outcomes: dict[str, Array]) -> dict[str, object]:
    """The same numbers as ``deterrence run --json``: options, decision and outcomes."""
    n = values.shape[1]
    counts = np.bincount(np.argmax(values, axis=0), minlength=len(OPTIONS))
    options = {}
    for i, o in enumerate(OPTIONS):
        p = counts[i] / n
        options[o] = {**_stats(values[i]), "p_best": p, "p_best_se": math.sqrt(p * (1 - p) / n)}
    decision = OPTIONS[int(np.argmax(values.mean(axis=1)))]
    return {"options": options, "decision": decision,
            "quantities": {k: _stats(outcomes[k]) for k in OUTCOMES if k in outcomes}}


def run(n: int, seed: int, *, outcomes: bool = True) -> dict[str, object]:
    """Sample, evaluate and summarise ``n`` draws (``outcomes=False``: options only)."""
    rng = np.random.default_rng(seed)
    values, reported = evaluate(sample(n, rng))
    return summarize(values, reported if outcomes else {})


if __name__ == "__main__":
    start = time.perf_counter()
    out = run(1_000_000, seed=1)
    took = time.perf_counter() - start
    print(f"10^6 draws in {took:.3f} s ({1e6 / took / 1e6:.2f} M draws/s)")
    for name, row in out["options"].items():  # type: ignore[attr-defined]
        print(f"  {name:<16} mean {row['mean']:8.3f}  P(best) {row['p_best']:.3f}")
