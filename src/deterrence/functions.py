"""The allow-list of functions a scenario formula may call.

Every function here is vectorised: it takes and returns float64 numpy arrays (or
scalars that broadcast), so a formula evaluates all Monte Carlo draws at once.
A formula can call nothing that is not in :data:`FUNCTIONS`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import special  # type: ignore[import-untyped, unused-ignore]

__all__ = ["FUNCTIONS", "FunctionSpec", "bayes_update", "from_odds", "logistic", "odds"]

Array = NDArray[np.float64]


@dataclass(frozen=True)
class FunctionSpec:
    """One allow-listed function: the callable, how many arguments it takes, and its help."""

    fn: Callable[..., Any]
    min_args: int
    max_args: int | None
    signature: str
    doc: str


def odds(p: Array) -> Array:
    """Odds of a probability, ``p / (1 - p)``."""
    return np.asarray(p / (1.0 - p), dtype=np.float64)


def from_odds(o: Array) -> Array:
    """Probability from odds, ``o / (1 + o)``; infinite odds give 1."""
    o = np.asarray(o, dtype=np.float64)
    return np.where(np.isinf(o), 1.0, o / (1.0 + o))


def logistic(x: Array) -> Array:
    """Logistic function ``1 / (1 + exp(-x))``, computed without overflow."""
    return np.asarray(special.expit(x), dtype=np.float64)


def bayes_update(prior: Array, likelihood_ratio: Array) -> Array:
    """Posterior probability after evidence with the given likelihood ratio.

    Bayes' rule in odds form: posterior odds = likelihood ratio x prior odds
    (e.g. Jaynes 2003, *Probability Theory*, ch. 4). A ratio of 1 leaves the
    belief unchanged; two updates compose as the product of their ratios.
    """
    prior = np.asarray(prior, dtype=np.float64)
    lr = np.asarray(likelihood_ratio, dtype=np.float64)
    num = lr * prior
    return np.asarray(num / (num + (1.0 - prior)), dtype=np.float64)


def _min(*args: Array) -> Array:
    return np.asarray(np.minimum.reduce(np.broadcast_arrays(*args)), dtype=np.float64)


def _max(*args: Array) -> Array:
    return np.asarray(np.maximum.reduce(np.broadcast_arrays(*args)), dtype=np.float64)


def _where(cond: Array, a: Array, b: Array) -> Array:
    return np.asarray(np.where(np.asarray(cond) != 0, a, b), dtype=np.float64)


def _spec(fn: Callable[..., Any], lo: int, hi: int | None, sig: str, doc: str) -> FunctionSpec:
    return FunctionSpec(fn=fn, min_args=lo, max_args=hi, signature=sig, doc=doc)


_TABLE: dict[str, FunctionSpec] = {
    "exp": _spec(np.exp, 1, 1, "exp(x)", "e to the power x"),
    "log": _spec(np.log, 1, 1, "log(x)", "natural logarithm"),
    "log10": _spec(np.log10, 1, 1, "log10(x)", "base-10 logarithm"),
    "sqrt": _spec(np.sqrt, 1, 1, "sqrt(x)", "square root"),
    "sin": _spec(np.sin, 1, 1, "sin(x)", "sine (radians)"),
    "cos": _spec(np.cos, 1, 1, "cos(x)", "cosine (radians)"),
    "abs": _spec(np.abs, 1, 1, "abs(x)", "absolute value"),
    "floor": _spec(np.floor, 1, 1, "floor(x)", "round down"),
    "ceil": _spec(np.ceil, 1, 1, "ceil(x)", "round up"),
    "min": _spec(_min, 2, None, "min(a, b, ...)", "element-wise minimum"),
    "max": _spec(_max, 2, None, "max(a, b, ...)", "element-wise maximum"),
    "clip": _spec(np.clip, 3, 3, "clip(x, lo, hi)", "x limited to [lo, hi]"),
    "where": _spec(_where, 3, 3, "where(cond, a, b)", "a where cond is true, else b"),
    "normal_cdf": _spec(special.ndtr, 1, 1, "normal_cdf(x)", "standard normal CDF"),
    "normal_ppf": _spec(special.ndtri, 1, 1, "normal_ppf(p)", "standard normal quantile"),
    "logistic": _spec(logistic, 1, 1, "logistic(x)", "1 / (1 + exp(-x))"),
    "logit": _spec(special.logit, 1, 1, "logit(p)", "log(p / (1 - p))"),
    "odds": _spec(odds, 1, 1, "odds(p)", "p / (1 - p)"),
    "from_odds": _spec(from_odds, 1, 1, "from_odds(o)", "o / (1 + o)"),
    "bayes_update": _spec(
        bayes_update, 2, 2, "bayes_update(prior, lr)", "posterior after a likelihood ratio lr"
    ),
}

# --- game-theory closed forms -------------------------------------------------
# Closed-form models from deterrence.games are added to the table here, so that
# scenario formulas can call them by name.

from .games import closed_forms as _cf  # noqa: E402 (the table above comes first)
from .games import lanchester as _lan  # noqa: E402


def _war_eu(p_i: Array, u_ii: Array, u_ij: Array, p_ik: Array | None = None,
            u_ki: Array | None = None, u_kj: Array | None = None) -> Array:
    if p_ik is None or u_ki is None or u_kj is None:
        return _cf.bdm_expected_utility(p_i, u_ii, u_ij)
    base = _cf.bdm_expected_utility(p_i, u_ii, u_ij)
    return np.asarray(base + (np.asarray(p_ik) - np.asarray(p_i)) * (
        np.asarray(u_ki) - np.asarray(u_kj)), dtype=np.float64)


def _bargain_low(p: Array, c_a: Array) -> Array:
    return _cf.bargaining_range(p, c_a, 0.0).low


def _bargain_high(p: Array, c_b: Array) -> Array:
    return _cf.bargaining_range(p, 0.0, c_b).high


def _zk_threshold(cw: Array, sq: Array, cf: Array) -> Array:
    return _cf.deterrence_threshold(np.asarray(cw) - np.asarray(sq),
                                    np.asarray(sq) - np.asarray(cf))


def _sq_survivors(x0: Array, y0: Array, a: Array, b: Array) -> Array:
    return _lan.lanchester_square(x0, y0, a, b).x_final


def _sq_time(x0: Array, y0: Array, a: Array, b: Array) -> Array:
    return _lan.lanchester_square(x0, y0, a, b).time


def _lin_survivors(x0: Array, y0: Array, a: Array, b: Array) -> Array:
    return _lan.lanchester_linear(x0, y0, a, b).x_final


_TABLE.update({
    "signal_lr": _spec(_cf.signal_lr, 2, 2, "signal_lr(p_send_high, p_send_low)",
                       "likelihood ratio of a costly signal (Fearon 1997)"),
    "signal_posterior": _spec(
        _cf.signal_posterior, 3, 3, "signal_posterior(prior, p_send_high, p_send_low)",
        "belief in the high type after the signal"),
    "involvement": _spec(_cf.involvement, 3, 3, "involvement(kappa, h, r)",
                         "chance a patron is drawn in: 1 - (1 - kappa h)(1 - r) (Schelling)"),
    "deterrence_threshold": _spec(_cf.deterrence_threshold, 2, 2, "deterrence_threshold(z, K)",
                                  "q* = z / (z + K)"),
    "p_escalate": _spec(_cf.p_escalate, 3, 4, "p_escalate(q, K, sigma, z_median=1)",
                        "chance a challenger with lognormal resolve escalates"),
    "required_credibility": _spec(
        _cf.required_credibility, 3, 3, "required_credibility(q_star, kappa, r)",
        "h*: credibility at which involvement reaches q_star"),
    "required_lr": _spec(_cf.required_lr, 2, 3, "required_lr(h_star, h0, w=1)",
                         "LR*: likelihood ratio that lifts credibility from h0 to h_star"),
    "bargain_low": _spec(_bargain_low, 2, 2, "bargain_low(p, c_A)",
                         "low end of Fearon's bargaining range, p - c_A"),
    "bargain_high": _spec(_bargain_high, 2, 2, "bargain_high(p, c_B)",
                          "high end of Fearon's bargaining range, p + c_B"),
    "war_expected_utility": _spec(
        _war_eu, 3, 6, "war_expected_utility(P_i, U_ii, U_ij, P_ik, U_ki, U_kj)",
        "Bueno de Mesquita's expected utility of war (one optional third party k)"),
    "war_win_probability": _spec(_cf.war_win_probability, 2, 3,
                                 "war_win_probability(C_i, C_j, C_k=0)",
                                 "chance i (helped by k) beats j: capability share"),
    "zk_threshold": _spec(_zk_threshold, 3, 3, "zk_threshold(CW, SQ, CF)",
                          "Zagare-Kilgour credibility threshold (CW - SQ) / (CW - CF)"),
    "lanchester_square_ratio": _spec(_lan.lanchester_square_ratio, 2, 2,
                                     "lanchester_square_ratio(lost, total)",
                                     "square-law strength left: (1 - lost / total) ** 2"),
    "lanchester_square_survivors": _spec(
        _sq_survivors, 4, 4, "lanchester_square_survivors(x0, y0, a, b)",
        "x's survivors of a square-law battle (0 if x loses)"),
    "lanchester_square_time": _spec(
        _sq_time, 4, 4, "lanchester_square_time(x0, y0, a, b)",
        "time until the loser of a square-law battle is annihilated"),
    "lanchester_linear_survivors": _spec(
        _lin_survivors, 4, 4, "lanchester_linear_survivors(x0, y0, a, b)",
        "x's survivors of a linear-law battle (0 if x loses)"),
})

FUNCTIONS: Mapping[str, FunctionSpec] = MappingProxyType(_TABLE)
"""Read-only table of every function a formula may call, by name."""
