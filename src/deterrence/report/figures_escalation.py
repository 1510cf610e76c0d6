"""The deterrence curve: how the adversary's chance of escalating falls as credibility rises.

The figure reads the scenario's own formulas. It needs four derived quantities, named by
convention (see ``docs/figures.md``):

``q_without``, ``q_with``
    the chance the protector is drawn in, without and with the move being judged;
``p_esc_without``, ``p_esc_with``
    the adversary's chance of escalating at those values.

Optional: ``q_star`` (the threshold at median resolve), ``h_without``/``h_with`` (the
protector's credibility, upstream of ``q``) and ``h_star`` (the credibility needed).
The curve is ``p_esc_without`` recomputed while ``q_without`` (or ``h_without``) is swept,
every other quantity held at its point value; the grey band shows the 5th-95th percentile
of the same curve over Monte Carlo draws of the other parameters. In the essay's model this
is Schelling's "threat that leaves something to chance" (1960): a small chance of Russian
involvement already deters a South Korea of median resolve, since q* = 1 / (1 + K).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter
from numpy.typing import NDArray

from ..errors import DeterrenceError
from ..model import Model
from ..scenario.schema import Scenario
from ..simulation import draw, run_point
from ..textfmt import fmt, pct
from .labels import quantity_label
from .style import add_caption, caption_for, new_figure, styled

__all__ = ["ESCALATION_NAMES", "escalation_figure", "escalation_missing", "sweep"]

Array = NDArray[np.float64]
ESCALATION_NAMES = ("q_without", "q_with", "p_esc_without", "p_esc_with")
"""Derived quantities the escalation figure needs."""
BAND_DRAWS = 2_000


def escalation_missing(scenario: Scenario) -> str | None:
    """Why ``scenario`` has no escalation curve, or ``None`` when it has one."""
    missing = [n for n in ESCALATION_NAMES if n not in scenario.derived]
    if not missing:
        return None
    return (f"the escalation figure needs the derived quantities {', '.join(ESCALATION_NAMES)} "
            "(the chance the protector is drawn in, and the adversary's chance of escalating, "
            f"without and with the move); scenario {scenario.id!r} lacks {', '.join(missing)}")


def sweep(
    model: Model, env: Mapping[str, Array | float], name: str, grid: Array
) -> dict[str, Array]:
    """Every quantity with ``name`` set to ``grid`` and everything downstream recomputed.

    Quantities that do not depend on ``name`` keep their values from ``env`` (a point
    evaluation or Monte Carlo draws, broadcastable against ``grid``).
    """
    out: dict[str, Array] = {k: np.asarray(v, dtype=np.float64) for k, v in env.items()}
    out[name] = grid
    changed = {name}
    for derived, formula in model.derived:
        if derived != name and formula.names & changed:
            out[derived] = formula.evaluate(out)
            changed.add(derived)
    return out


def _split(label: str) -> tuple[str, str]:
    """``"Chance X, without the precedent"`` -> ``("Chance X", "without the precedent")``."""
    for sep in (", with", " with"):
        head, found, tail = label.partition(sep)
        if found:
            return head, (found + tail).lstrip(", ")
    return label, ""


def _percent(v: float, _: object = None) -> str:
    return f"{100 * v:.3g}%"


def _curves(
    model: Model, x_name: str, grid: Array, seed: int, samples: int
) -> tuple[Array, Array, Array]:
    """The curve at point values and its 5th and 95th percentile over draws."""
    point = run_point(model).quantities
    env_point = {**model.point_values(), **point}
    mid = sweep(model, env_point, x_name, grid)["p_esc_without"]
    n = min(samples, BAND_DRAWS)
    drawn = draw(model, samples=n, seed=seed).quantities
    env = {k: np.asarray(v, dtype=np.float64).reshape(1, -1) for k, v in drawn.items()}
    band = np.broadcast_to(sweep(model, env, x_name, grid[:, None])["p_esc_without"],
                           (grid.size, n))
    lo, hi = np.nanpercentile(band, [5.0, 95.0], axis=1)
    return np.broadcast_to(mid, grid.shape).copy(), lo, hi


def _panel(ax: Axes, model: Model, x: tuple[str, str], seed: int, samples: int,
           threshold: str | None, log: bool) -> None:
    """One curve: x = (swept quantity without, its 'with' counterpart)."""
    s = model.scenario
    q = run_point(model).quantities
    grid = np.geomspace(1e-3, 0.999, 300) if log else np.linspace(0.0, 1.0, 301)
    mid, lo, hi = _curves(model, x[0], grid, seed, samples)
    ax.fill_between(grid, lo, hi, facecolor="0.85", edgecolor="none",
                    label="5th-95th percentile over draws")
    ax.plot(grid, mid, color="0.05", lw=2, label="at point values")
    if threshold is not None and threshold in q and 0 < q[threshold] < 1:
        ax.axvline(q[threshold], color="0.2", ls="--", lw=1.2)
        ax.text(q[threshold], 1.02, f" {threshold.replace('_star', '*')} = {pct(q[threshold])}",
                transform=ax.get_xaxis_transform(), ha="left", va="bottom", fontsize=9)
        ax.text(q[threshold], 0.6, "  deterred at\n  median resolve \u2192",
                transform=ax.get_xaxis_transform(), ha="left", va="center", fontsize=8.5,
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1.0})
    before, after = (q[x[0]], q["p_esc_without"]), (q[x[1]], q["p_esc_with"])
    ax.annotate("", xy=after, xytext=before,
                arrowprops={"arrowstyle": "-|>", "color": "0.1", "lw": 1.3})
    word = _split(quantity_label(s, "p_esc_without"))[1] or "without"
    ax.plot(*before, "o", ms=9, mfc="white", mec="0.05", mew=1.6,
            label=f"{word}: {pct(before[1])}")
    word = _split(quantity_label(s, "p_esc_with"))[1] or "with"
    ax.plot(*after, "s", ms=8, color="0.05", label=f"{word}: {pct(after[1])}")
    if log:
        ax.set_xscale("log")
    ax.xaxis.set_major_formatter(FuncFormatter(_percent))
    ax.yaxis.set_major_formatter(FuncFormatter(_percent))
    ax.set_ylim(0, 1)
    ax.set_xlim(grid[0], grid[-1])
    ax.set_xlabel(_split(quantity_label(s, x[0]))[0] + (" (log scale)" if log else ""))
    ax.grid(True)
    ax.legend(loc="upper right", fontsize=8.5, frameon=True, framealpha=0.9, edgecolor="0.8")


@styled
def escalation_figure(model: Model, *, seed: int = 2024, samples: int = 20_000) -> Figure:
    """The adversary's chance of escalating against the chance the protector is drawn in.

    Left: against ``q`` (log scale), with the threshold ``q*`` and the points without and
    with the move. Right, when the scenario has ``h_without``: against the protector's
    credibility ``h``, with ``h*``. Refuses scenarios without the needed quantities.

    References
    ----------
    Schelling, T. C. (1960). The Strategy of Conflict, ch. 8. Huth, P. & Russett, B. (1984).
    What makes deterrence work? World Politics 36(4).
    """
    s = model.scenario
    reason = escalation_missing(s)
    if reason is not None:
        raise DeterrenceError(reason)
    has_h = "h_without" in s.derived and "h_with" in s.derived
    fig = new_figure(12.0 if has_h else 7.0, 5.6)
    axes = fig.subplots(1, 2 if has_h else 1, sharey=True, squeeze=False)[0]
    _panel(axes[0], model, ("q_without", "q_with"), seed, samples, "q_star", log=True)
    if has_h:
        _panel(axes[1], model, ("h_without", "h_with"), seed, samples, "h_star", log=False)
    axes[0].set_ylabel(_split(quantity_label(s, "p_esc_without"))[0])
    q = run_point(model).quantities
    a, b = q["p_esc_without"], q["p_esc_with"]
    a_txt, b_txt = (pct(a), pct(b)) if pct(a) != pct(b) else (f"{100 * a:.2f}%", f"{100 * b:.2f}%")
    head, with_words = _split(quantity_label(s, "p_esc_with"))
    fig.suptitle(f"{head}: {a_txt} \u2192 {b_txt} ({with_words or 'with the move'}; "
                 "point values)", x=0.01, ha="left", fontsize=12, fontweight="bold")
    note = ("Curve: the scenario's own formula with every other quantity at its point value; "
            "band: 5th-95th percentile of the curve over "
            f"{min(samples, BAND_DRAWS):,} draws of the other parameters")
    if "q_star" in q:
        note += f"; q* = {fmt(q['q_star'])} is the threshold at median resolve"
    add_caption(fig, caption_for(model, seed=seed, samples=min(samples, BAND_DRAWS),
                                 units="probabilities", note=note))
    return fig
