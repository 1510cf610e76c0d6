"""The two-parameter break-even map: which option is best as two parameters vary together.

The map itself is :func:`deterrence.analysis.breakeven_map` (the other parameters at their
point values). By default the two parameters are those the scenario's perspectives
disagree about most (how far each perspective moves the parameter's median, measured in
probability), so each reading's position can be marked on the map; a scenario without
perspectives gets the two parameters with the nearest break-even values instead.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from ..analysis import BreakEvenMap, breakeven_map, breakevens
from ..analysis.breakeven import PLAUSIBLE
from ..errors import DeterrenceError
from ..model import Model
from ..textfmt import fmt
from .labels import option_label, perspective_label, quantity_label
from .style import add_caption, area_style, caption_for, new_figure, styled

__all__ = ["breakeven_map_figure", "contested_parameters", "default_map_pair", "reading_points"]

POINTS = 301


def contested_parameters(model: Model) -> list[str]:
    """Uncertain parameters the perspectives move, most moved first.

    A parameter's score is the sum over perspectives of how far the perspective moves
    its median, in probability on the scenario's own distribution.
    """
    s = model.scenario
    uncertain = set(model.uncertain_parameters())
    score: dict[str, float] = {}
    for name in s.perspectives:
        view = Model.compile(s, perspective=name, overrides=dict(model.overrides))
        for p in s.perspectives[name].set:
            if p in uncertain and p not in model.overrides:
                base = model.distributions[p]
                moved = float(base.cdf(view.distributions[p].median())) - 0.5
                score[p] = score.get(p, 0.0) + abs(moved)
    order = list(model.parameter_names)
    return sorted(score, key=lambda p: (-score[p], order.index(p)))


def default_map_pair(model: Model, given: Sequence[str] | None = None) -> tuple[str, str]:
    """The two parameters of the map: ``given``, else the contested pair, else the nearest."""
    if given:
        if len(given) != 2:
            raise DeterrenceError(f"the break-even map needs two parameters, not {len(given)}")
        return given[0], given[1]
    contested = contested_parameters(model)
    if len(contested) >= 2:
        return contested[0], contested[1]
    near = [b.parameter for b in breakevens(model)]
    if len(near) < 2:
        raise DeterrenceError("the break-even map needs two uncertain parameters")
    return near[0], near[1]


def _shade(ax: Axes, model: Model, res: BreakEvenMap) -> list[int]:
    xx, yy = np.meshgrid(res.x_values, res.y_values)
    present = [int(k) for k in np.unique(res.best)]
    for k in present:
        st = area_style(k)
        ax.contourf(xx, yy, (res.best == k).astype(float), levels=[0.5, 1.5],
                    colors=[st.face], hatches=[st.hatch or None])
    if len(present) > 1:
        ax.contour(xx, yy, res.best.astype(float), levels=np.arange(len(res.options)) + 0.5,
                   colors="0", linewidths=2.0)
    lo, hi = float(res.margin.min()), float(res.margin.max())
    ticks = np.asarray(MaxNLocator(nbins=7).tick_values(lo, hi), dtype=float)
    levels = ticks[(ticks > lo) & (ticks < hi)]
    if levels.size:
        cs = ax.contour(xx, yy, res.margin, levels=levels, colors="0.15", linewidths=0.7,
                        linestyles=":")
        ax.clabel(cs, fmt=lambda v: fmt(float(v), 2), fontsize=7.5, inline=True)
    return present


def reading_points(model: Model, x: str, y: str) -> list[tuple[list[str], float, float]]:
    """Where the scenario as written and each perspective put ``x`` and ``y`` (their point
    values under that reading); readings at the same place are grouped."""
    s = model.scenario
    out: list[tuple[list[str], float, float]] = []
    for name in [None, *s.perspectives]:
        view = Model.compile(s, perspective=name, overrides=dict(model.overrides))
        pv = view.point_values()
        for names, px, py in out:
            if np.isclose(px, pv[x]) and np.isclose(py, pv[y]):
                names.append(perspective_label(s, name))
                break
        else:
            out.append(([perspective_label(s, name)], pv[x], pv[y]))
    return out


def _mark_readings(ax: Axes, points: list[tuple[list[str], float, float]]) -> None:
    for i, (names, px, py) in enumerate(points):
        marker = ("o", "s", "^", "D", "v", "P")[i % 6]
        ax.plot(px, py, marker=marker, ms=10, mfc="white", mec="0", mew=1.8, ls="none")
        ax.annotate("\n".join(names), (px, py), xytext=(8, 6),
                    textcoords="offset points", fontsize=9, fontweight="bold",
                    bbox={"facecolor": "white", "edgecolor": "0.4", "pad": 2.0, "alpha": 0.9})


def _ranges(model: Model, names: tuple[str, str],
            points: list[tuple[list[str], float, float]]) -> list[tuple[float, float]]:
    """Each axis: the parameter's plausible range, widened to show every reading's point."""
    out = []
    for j, name in enumerate(names):
        lo, hi = (float(v) for v in model.distributions[name].ppf(PLAUSIBLE))
        values = [p[2] if j else p[1] for p in points]
        lo2, hi2 = min([lo, *values]), max([hi, *values])
        pad = 0.06 * (hi2 - lo2) if (lo2, hi2) != (lo, hi) else 0.0
        out.append((lo2 - (pad if lo2 < lo else 0.0), hi2 + (pad if hi2 > hi else 0.0)))
    return out


def _axis_label(model: Model, name: str) -> str:
    unit = model.scenario.parameters[name].unit
    label = textwrap.shorten(quantity_label(model.scenario, name), 48, placeholder="...")
    return f"{label} ({name})" + (f" [{unit}]" if unit else "")


@styled
def breakeven_map_figure(model: Model, *, seed: int = 2024, samples: int = 20_000,
                         parameters: Sequence[str] | None = None) -> Figure:
    """The best option over a grid of two parameters, with each reading's point marked.

    Shading (and hatching) shows the best option; thick lines are break-even boundaries;
    dotted contours give the best option's lead over the runner-up; markers show where the
    scenario as written and each perspective put the two parameters (their medians under
    that reading; every other parameter stays at the scenario's point value).
    """
    x, y = default_map_pair(model, parameters)
    points = reading_points(model, x, y) if model.scenario.perspectives else []
    x_range, y_range = _ranges(model, (x, y), points)
    res = breakeven_map(model, x, y, points=POINTS, x_range=x_range, y_range=y_range)
    fig = new_figure(9.0, 7.0)
    ax = fig.subplots()
    present = _shade(ax, model, res)
    _mark_readings(ax, points)
    ax.set_xlabel(_axis_label(model, x))
    ax.set_ylabel(_axis_label(model, y))
    s = model.scenario
    title = "Where each option is best"
    if len(present) == 1:
        title = f"{option_label(s, res.options[present[0]])} is best everywhere on this map"
    fig.suptitle(title, x=0.01, ha="left", fontsize=12, fontweight="bold")
    handles = [Patch(facecolor=area_style(k).face, hatch=area_style(k).hatch,
                     edgecolor="0.1", label=f"{option_label(s, res.options[k])} best")
               for k in present]
    fig.legend(handles=handles, loc="outside upper right", ncols=len(handles), fontsize=9)
    add_caption(fig, caption_for(model, note=(
        "Every other parameter at its point value; thick line: break-even boundary; dotted "
        "contours: the best option's lead over the runner-up; markers: each reading's medians "
        f"of {x} and {y}; axes span each parameter's 0.1st to 99.9th percentile (widened to "
        "show every reading)")))
    return fig
