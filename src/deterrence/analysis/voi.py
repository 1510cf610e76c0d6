"""Value of information: which uncertainty is worth researching before deciding.

The expected value of perfect information (EVPI) is what the decision-maker would gain,
on average, by learning every parameter before choosing:
``EVPI = E[max_o NB_o] - max_o E[NB_o]``. The expected value of partial perfect
information (EVPPI) of one parameter is the gain from learning that parameter alone:
``EVPPI = E_theta[max_o E[NB_o | theta]] - max_o E[NB_o]``. Both are in the scenario's
value unit, and ``0 <= EVPPI <= EVPI``.

EVPPI is estimated from the same Monte Carlo draws, without nested simulation, by the
regression method of Strong, Oakley & Brennan (2014): each option's net value (less the
current decision's) is regressed on the parameter, and the fitted values stand in for the
conditional expectations. Here the regression is a cubic B-spline in the parameter's rank
(so heavy tails do not matter), fitted by least squares. The older binning estimator
(Strong & Oakley 2013) is available as ``method="bins"``.

References
----------
.. [1] Raiffa, H. & Schlaifer, R. (1961). Applied Statistical Decision Theory. Harvard.
   (Expected value of perfect information.)
.. [2] Strong, M., Oakley, J. E. & Brennan, A. (2014). Estimating multiparameter partial
   expected value of perfect information from a probabilistic sensitivity analysis
   sample: a nonparametric regression approach. Medical Decision Making 34(3), 311-326.
.. [3] Strong, M. & Oakley, J. E. (2013). An efficient method for computing single-
   parameter partial expected value of perfect information. Medical Decision Making
   33(6), 755-766.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import linalg, stats  # type: ignore[import-untyped, unused-ignore]
from sklearn.preprocessing import SplineTransformer  # type: ignore[import-untyped]

from ..errors import DeterrenceError
from ..model import Model
from ..simulation import draw, new_seed
from ..textfmt import fmt
from .target import label_of, uncertain

__all__ = ["ValueOfInformation", "evpi", "evppi", "value_of_information"]

Array = NDArray[np.float64]
Method = Literal["regression", "bins"]
KNOTS = 12


def evpi(values: Array) -> tuple[float, float]:
    """EVPI [1]_ and its Monte Carlo standard error from net values of shape (options, draws)."""
    values = np.asarray(values, dtype=np.float64)
    d = int(np.argmax(values.mean(axis=1)))
    gain = values.max(axis=0) - values[d]
    n = gain.size
    return float(gain.mean()), float(gain.std(ddof=1) / math.sqrt(n)) if n > 1 else math.nan


class _SplineFit:
    """Least-squares cubic B-spline regression on a parameter's rank [2]_.

    On ranks every continuous parameter has the same design points ``(i + 0.5) / n``, so
    the basis and its Gram matrix are built once and each fit is a sort and two small
    matrix products.
    """

    def __init__(self, n: int, knots: int) -> None:
        u = ((np.arange(n) + 0.5) / n)[:, None]
        self.knots = knots
        self.basis = self._basis(u)
        gram = self.basis.T @ self.basis
        self.factor = linalg.cho_factor(gram + 1e-12 * np.eye(gram.shape[0]))

    def _basis(self, u: Array) -> Array:
        spline = SplineTransformer(n_knots=self.knots, degree=3, knots="uniform")
        return np.ascontiguousarray(spline.fit_transform(u), dtype=np.float64)

    def fitted(self, inb: Array, x: Array) -> Array:
        """Fitted values of each row of ``inb`` given ``x`` (ties share their mean rank)."""
        order = np.argsort(x, kind="stable")
        xs = x[order]
        if np.any(xs[1:] == xs[:-1]):  # ties (a discrete parameter): its own basis
            u = ((stats.rankdata(x) - 0.5) / x.size)[:, None]
            basis = self._basis(u)
            coef = np.linalg.solve(basis.T @ basis + 1e-12 * np.eye(basis.shape[1]),
                                   (inb @ basis).T)
            return np.asarray(coef.T @ basis.T, dtype=np.float64)
        ys = inb[:, order]
        coef = linalg.cho_solve(self.factor, (ys @ self.basis).T)  # (basis, options)
        out = np.empty_like(inb)
        out[:, order] = coef.T @ self.basis.T  # this orientation is the fast one in BLAS
        return out


def _fit_bins(inb: Array, x: Array, bins: int) -> Array:
    """Mean of each row of ``inb`` within equal-count bins of ``x`` [3]_."""
    order = np.argsort(x, kind="stable")
    fitted = np.empty_like(inb)
    for part in np.array_split(order, bins):  # a loop over bins, vectorised within
        fitted[:, part] = inb[:, part].mean(axis=1, keepdims=True)
    return fitted


def evppi(values: Array, x: Array, *, method: Method = "regression",
          knots: int = KNOTS, _fit: _SplineFit | None = None) -> tuple[float, float]:
    """EVPPI of the parameter with draws ``x``, from net values of shape (options, draws).

    Returns the estimate, clipped to ``[0, EVPI]`` (sampling noise can push the raw
    regression estimate just past either end), and an approximate standard error (that of
    the mean of the per-draw gains, ignoring the fit's own uncertainty).
    """
    values = np.asarray(values, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    if x.shape != values.shape[1:]:
        raise DeterrenceError("evppi: one parameter draw per net-value draw is needed")
    d = int(np.argmax(values.mean(axis=1)))
    inb = values - values[d]
    if method == "regression":
        fit = _fit if _fit is not None else _SplineFit(x.size, knots)
        fitted = fit.fitted(inb, x)
    elif method == "bins":
        fitted = _fit_bins(inb, x, max(2, round(math.sqrt(x.size))))
    else:
        raise DeterrenceError(f"unknown EVPPI method {method!r}; use regression or bins")
    gain = fitted.max(axis=0) - fitted[d]
    raw = float(gain.mean() - max(0.0, float(fitted.mean(axis=1).max() - fitted[d].mean())))
    total, _ = evpi(values)
    se = float(gain.std(ddof=1) / math.sqrt(gain.size)) if gain.size > 1 else math.nan
    return min(max(raw, 0.0), total), se


@dataclass(frozen=True)
class ValueOfInformation:
    """EVPI of the decision and EVPPI of each parameter, in ``value_unit``.

    ``table`` has one row per parameter, most valuable first: ``parameter, label, evppi,
    evppi_se, share`` (``share`` is EVPPI / EVPI).
    """

    decision: str
    evpi: float
    evpi_se: float
    table: pd.DataFrame
    value_unit: str
    samples: int
    seed: int
    method: str

    def sentence(self) -> str:
        """The headline in plain words."""
        head = (f"Knowing every parameter before deciding would be worth {fmt(self.evpi)} "
                f"{self.value_unit} on average (± {fmt(self.evpi_se, 2)}); the current best "
                f"choice is {self.decision}.")
        if self.table.empty or self.evpi <= 0:
            return head + " No uncertainty can change the decision."
        top = self.table.iloc[0]
        return head + (f" The most valuable single parameter to research is {top.parameter} "
                       f"({top.label}): {fmt(float(top.evppi))} ({float(top.share):.0%} of it).")

    def to_dict(self) -> dict[str, object]:
        """JSON-ready data."""
        return {"decision": self.decision, "evpi": self.evpi, "evpi_se": self.evpi_se,
                "value_unit": self.value_unit, "samples": self.samples, "seed": self.seed,
                "method": self.method, "parameters": self.table.to_dict(orient="records")}


def value_of_information(model: Model, *, samples: int = 100_000, seed: int | None = None,
                         parameters: Sequence[str] | None = None,
                         method: Method = "regression",
                         progress: Callable[[int], None] | None = None) -> ValueOfInformation:
    """EVPI and per-parameter EVPPI of ``model``'s decision from ``samples`` draws.

    The draws are those of :func:`deterrence.run` with the same seed, so the numbers sit
    beside a run's. See the module notes for the estimators. ``progress`` is called with 1
    after each parameter.
    """
    seed = new_seed() if seed is None else seed
    names = uncertain(model, parameters)
    ev = draw(model, samples=samples, seed=seed)
    values = np.stack([np.broadcast_to(ev.net[o], (samples,)) for o in model.options])
    if not np.all(np.isfinite(values)):
        raise DeterrenceError("some net values are NaN or infinite; value of information "
                              "needs finite values (check the formulas' domains)")
    total, total_se = evpi(values)
    rows = []
    fit = _SplineFit(samples, KNOTS) if method == "regression" else None
    for name in names:
        value, se = evppi(values, np.asarray(ev.quantities[name]), method=method, _fit=fit)
        rows.append({"parameter": name, "label": label_of(model, name), "evppi": value,
                     "evppi_se": se, "share": value / total if total > 0 else 0.0})
        if progress is not None:
            progress(1)
    table = pd.DataFrame(rows, columns=["parameter", "label", "evppi", "evppi_se", "share"])
    table = table.sort_values("evppi", ascending=False, kind="stable").reset_index(drop=True)
    decision = model.options[int(np.argmax(values.mean(axis=1)))]
    return ValueOfInformation(decision, total, total_se, table, model.scenario.value_unit,
                              samples, seed, method)
