"""The deterrence thresholds q*, h* and LR* of a game, explained in plain language.

Three questions a deterrence argument must answer:

* **q*** - how likely must the patron's intervention be to deter? ``q* = z / (z + K)``
  for a challenger who gains ``z`` if the patron stays out and loses ``K`` if it comes in.
* **h*** - how credible must the patron's commitment be, given that the treaty applies
  only with chance ``kappa`` and that inadvertent involvement ``r`` adds risk anyway?
* **LR*** - how strong must the evidence (a precedent) be to lift credibility from its
  prior ``h0`` to ``h*``, when observers weigh reputation by ``w``?

References
----------
.. [1] Schelling, T. C. (1966). Arms and Influence, ch. 2-3.
.. [2] Zagare, F. C. & Kilgour, D. M. (2000). Perfect Deterrence, ch. 5.
.. [3] Press, D. G. (2005). Calculating Credibility. Cornell University Press.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..formula import Formula
from .closed_forms import deterrence_threshold, required_credibility, required_lr
from .tree import Value

__all__ = ["ThresholdReport", "Thresholds", "explain_thresholds"]


@dataclass(frozen=True)
class Thresholds:
    """Which quantities play each part (numbers or formulas); ``K`` is required."""

    K: Value
    z: Value = 1.0
    kappa: Value | None = None
    r: Value | None = None
    h0: Value | None = None
    w: Value | None = None
    LR: Value | None = None
    q: Value | None = None
    q_baseline: Value | None = None
    challenger: str = "the challenger"
    patron: str = "the patron"


@dataclass(frozen=True)
class ThresholdReport:
    """The thresholds at point values, the shares of draws deterred, and their explanation.

    Attributes
    ----------
    values
        ``q_star``, ``h_star``, ``lr_star`` and the inputs used, at point values.
    share_deterred
        Share of draws with ``q > q*`` (and ``"baseline"`` with ``q_baseline > q*``).
    lines
        The explanation, one sentence per line.
    """

    values: Mapping[str, float]
    share_deterred: Mapping[str, float]
    lines: tuple[str, ...]


def _eval(v: Value | None, env: Mapping[str, object]) -> np.ndarray | None:
    if v is None:
        return None
    return v.evaluate(env) if isinstance(v, Formula) else np.asarray(v, dtype=np.float64)


def _pct(x: float) -> str:
    if not math.isfinite(x):
        return str(x)
    return f"{100 * x:.3g}%"


def explain_thresholds(
    th: Thresholds,
    point: Mapping[str, object],
    draws: Mapping[str, object] | None = None,
) -> ThresholdReport:
    """Compute q*, h* and LR* at point values and explain them; count draws deterred.

    References
    ----------
    Schelling (1966), ch. 3; Zagare & Kilgour (2000), ch. 5; Press (2005).
    """
    v = {k: float(np.asarray(a).reshape(-1)[0]) for k in (
        "z", "K", "kappa", "r", "h0", "w", "LR", "q", "q_baseline")
        if (a := _eval(getattr(th, k), point)) is not None}
    v["q_star"] = float(deterrence_threshold(v["z"], v["K"]))
    lines = [f"q* = {v['q_star']:.3g}: deterrence of {th.challenger} holds when the chance "
             f"that {th.patron} intervenes exceeds {_pct(v['q_star'])} (a gain of "
             f"{v['z']:.3g} against a loss of {v['K']:.3g} if {th.patron} comes in)."]
    for key, when in (("q", "in this game"), ("q_baseline", "in the baseline")):
        if key in v:
            verdict = ("above q*, so deterrence holds" if v[key] > v["q_star"]
                       else "not above q*, so deterrence fails")
            lines.append(f"{when.capitalize()} the chance is {_pct(v[key])}: {verdict} at "
                         "these values.")
    if "kappa" in v:
        v["h_star"] = float(required_credibility(v["q_star"], v["kappa"], v.get("r", 0.0)))
        lines.append(_h_line(v, th))
        if "h0" in v:
            v["lr_star"] = float(required_lr(v["h_star"], v["h0"], v.get("w", 1.0)))
            lines.append(_lr_line(v))
    share = _shares(th, draws) if draws is not None else {}
    for key, text in (("game", "in this game"), ("baseline", "in the baseline")):
        if key in share:
            lines.append(f"Across the draws deterrence holds (q > q*) in {_pct(share[key])} "
                         f"of them {text}.")
    return ThresholdReport(v, share, tuple(lines))


def _h_line(v: Mapping[str, float], th: Thresholds) -> str:
    h = v["h_star"]
    head = (f"h* = {h:.3g}: {th.patron} must be believed to honour its commitment with "
            f"probability at least {_pct(h)}, given that the treaty applies with chance "
            f"{v['kappa']:.3g} and inadvertent involvement adds {v.get('r', 0.0):.3g}.")
    if h > 1:
        return head + " Above 1: no credibility is enough; the treaty applies too rarely."
    if h <= 0:
        return head + " At or below 0: the inadvertent risk alone deters."
    return head


def _lr_line(v: Mapping[str, float]) -> str:
    lr = v["lr_star"]
    w = v.get("w", 1.0)
    head = (f"LR* = {lr:.3g}: starting from a prior credibility of {v['h0']:.3g} and a weight "
            f"of {w:.3g} on reputation, the precedent must be {lr:.3g} times likelier if the "
            "commitment is real than if it is not.")
    if math.isinf(lr):
        head = (f"LR* is infinite: from a prior of {v['h0']:.3g} with weight {w:.3g} on "
                "reputation, no precedent can lift credibility to h*.")
    elif lr <= 1:
        head = (f"LR* = {lr:.3g}: the prior credibility {v['h0']:.3g} is already enough; no "
                "precedent is needed.")
    if "LR" in v:
        verdict = "enough" if v["LR"] >= lr else "not enough"
        head += f" The scenario assumes LR = {v['LR']:.3g}: {verdict}."
    return head


def _shares(th: Thresholds, env: Mapping[str, object]) -> dict[str, float]:
    z, K = _eval(th.z, env), _eval(th.K, env)
    assert z is not None and K is not None
    qs = deterrence_threshold(z, K)
    out = {}
    for key, value in (("game", th.q), ("baseline", th.q_baseline)):
        q = _eval(value, env)
        if q is not None:
            out[key] = float(np.mean(np.broadcast_to(q > qs, np.broadcast_shapes(
                q.shape, qs.shape))))
    return out
