"""Figures of the analysis package: tornado, break-even curve, two-parameter map, Sobol bars.

Each figure draws a result of :mod:`deterrence.analysis` (its public functions only): the
numbers are the analysis's, the pictures are ours. The target of the tornado and Sobol
figures is the analysis's default (the best option at point values against the
runner-up) unless an ``option`` is given.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..analysis import BreakEven, breakeven, breakevens, sobol_indices, tornado
from ..analysis.breakeven import PLAUSIBLE, percentile_text
from ..errors import DeterrenceError
from ..model import Model
from ..textfmt import fmt
from .labels import option_label
from .style import add_caption, caption_for, new_figure, styled

__all__ = [
    "breakeven_figure", "readable", "sobol_base_points", "sobol_figure", "target_text",
    "tornado_figure",
]  # fmt: skip

MAX_BARS = 12


def target_text(model: Model, target: str) -> str:
    """``"send_troops - munitions_only"`` as ``"Send troops minus Munitions only"``."""
    parts = [p.strip() for p in target.split(" - ")]
    names = [option_label(model.scenario, p) if p in model.options else p for p in parts]
    return " minus ".join(names)


def _short(label: str, name: str, width: int = 40) -> str:
    text = label if len(label) <= width else label[: width - 1].rstrip() + "\u2026"
    return f"{text} ({name})" if label != name else name


def _tornado_bars(ax: Axes, df: pd.DataFrame) -> None:
    base = float(df["base"].to_numpy(dtype=float)[0])
    span = float(df["swing"].to_numpy(dtype=float).max()) or 1.0
    rows = zip(df["output_low"].to_numpy(dtype=float), df["output_high"].to_numpy(dtype=float),
               df["low_value"].to_numpy(dtype=float), df["high_value"].to_numpy(dtype=float),
               strict=True)
    for y, (lo, hi, low_value, high_value) in enumerate(rows):
        ax.barh(y, lo - base, left=base, height=0.62, facecolor="0.85", hatch="///",
                edgecolor="0.15", linewidth=0.8)
        ax.barh(y, hi - base, left=base, height=0.62, facecolor="0.35", edgecolor="0.15",
                linewidth=0.8)
        for value, out in ((low_value, lo), (high_value, hi)):
            right = out >= base
            ax.text(out + (0.01 if right else -0.01) * span, y,
                    fmt(float(value)), va="center", ha="left" if right else "right",
                    fontsize=8, color="0.1",
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5, "alpha": 0.8})
    ax.axvline(base, color="0.1", lw=1.2)


@styled
def tornado_figure(model: Model, *, seed: int = 2024, samples: int = 20_000,
                   option: str | None = None) -> Figure:
    """Tornado: the target with each parameter at its 5th and 95th percentile.

    Bars start at the target's value at point values; hatched bars are the 5th
    percentile, solid the 95th, with the parameter's value written at the end. When the
    target is a difference of two options, a bar crossing the dotted zero line flips the
    decision.
    """
    df = tornado(model, option=option)
    shown = df.head(MAX_BARS)
    fig = new_figure(10.0, 0.42 * len(shown) + 2.4)
    ax = fig.subplots()
    _tornado_bars(ax, shown)
    ax.set_yticks(range(len(shown)),
                  [_short(str(r.label), str(r.parameter)) for r in shown.itertuples()])
    ax.invert_yaxis()
    target = str(df.attrs["target"])
    if " - " in target:
        ax.axvline(0.0, color="0.3", lw=1.0, ls=":")
    ax.margins(x=0.12)
    ax.grid(axis="x")
    ax.set_axisbelow(True)
    ax.set_xlabel(f"{target_text(model, target)} [{model.scenario.value_unit}]")
    fig.suptitle(f"What moves {target_text(model, target)}", x=0.01, ha="left",
                 fontsize=12, fontweight="bold")
    ax.legend(handles=[Patch(facecolor="0.85", hatch="///", edgecolor="0.15",
                             label="parameter at its 5th percentile"),
                       Patch(facecolor="0.35", edgecolor="0.15",
                             label="parameter at its 95th percentile")],
              loc="lower right", fontsize=8.5, frameon=True, framealpha=0.95, edgecolor="0.7")
    note = ("One parameter at a time, the others at point values; vertical line: the value at "
            "point values; numbers: the parameter's value at each end")
    if " - " in target:
        note += "; dotted line: zero, where the decision changes"
    if len(df) > len(shown):
        note += f"; the {len(df) - len(shown)} smallest swings are not shown"
    add_caption(fig, caption_for(model, note=note))
    return fig


def _default_parameter(model: Model, given: Sequence[str] | None) -> BreakEven:
    if given:
        return breakeven(model, given[0])
    found = breakevens(model)
    if not found:
        raise DeterrenceError("the scenario has no uncertain parameter to sweep")
    return found[0]


def _sweep_nets(model: Model, name: str, grid: np.ndarray) -> dict[str, np.ndarray]:
    params: dict[str, float | np.ndarray] = dict(model.point_values())
    params[name] = grid
    net = model.evaluate(params).net
    return {o: np.broadcast_to(net[o], grid.shape) for o in model.options}


def readable(model: Model, sentence: str) -> str:
    """``sentence`` with option ids replaced by their labels."""
    for o in sorted(model.options, key=len, reverse=True):
        sentence = re.sub(rf"\b{re.escape(o)}\b", option_label(model.scenario, o), sentence)
    return sentence


def _mark_switches(ax: Axes, b: BreakEven) -> None:
    ax.axvline(b.point, color="0.3", ls=":", lw=1.2)
    ax.text(b.point, 0.02, " point value", transform=ax.get_xaxis_transform(), ha="left",
            va="bottom", fontsize=8.5, rotation=90)
    for s in (b.below, b.above):
        if s is None:
            continue
        ax.axvline(s.value, color="0.05", ls="--", lw=1.4)
        ax.text(s.value, 0.97, f" break-even {fmt(s.value)}\n ({percentile_text(s.quantile)} "
                "percentile)", transform=ax.get_xaxis_transform(), ha="left", va="top",
                fontsize=8.5, bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85})


@styled
def breakeven_figure(model: Model, *, seed: int = 2024, samples: int = 20_000,
                     parameters: Sequence[str] | None = None) -> Figure:
    """Break-even curve: each option's net value as one parameter sweeps its plausible range.

    The other parameters stay at their point values. Dashed lines mark where the best
    option changes; the strip below shows how plausible each value is (the parameter's
    probability density). By default the parameter with the nearest break-even.
    """
    b = _default_parameter(model, parameters)
    dist = model.distributions[b.parameter]
    grid = np.unique(dist.ppf(np.linspace(PLAUSIBLE[0], PLAUSIBLE[1], 400)))
    log = b.lower > 0 and b.upper / b.lower > 30
    fig = new_figure(9.5, 6.2)
    ax, strip = fig.subplots(2, 1, sharex=True, height_ratios=[5, 1])
    for i, (o, values) in enumerate(_sweep_nets(model, b.parameter, grid).items()):
        ax.plot(grid, values, color=("0.05", "0.35", "0.55", "0.2")[i % 4],
                ls=("-", "--", ":", "-.")[i % 4], lw=2, label=option_label(model.scenario, o))
    _mark_switches(ax, b)
    ax.axhline(0.0, color="0.5", lw=0.7)
    ax.set_ylabel(f"Net value [{model.scenario.value_unit}]")
    ax.legend(loc="best", fontsize=9, frameon=True, framealpha=0.9, edgecolor="0.8")
    ax.grid(True)
    fig.suptitle("\n".join(textwrap.wrap(readable(model, b.sentence()), 90)), x=0.01,
                 ha="left", fontsize=11.5, fontweight="bold")
    density = np.gradient(dist.cdf(grid), np.log(grid) if log else grid)
    strip.fill_between(grid, density, color="0.8", edgecolor="0.3", lw=0.8)
    strip.set_yticks([])
    strip.set_ylabel("how\nlikely", rotation=0, ha="right", va="center", fontsize=8.5)
    strip.axvline(b.point, color="0.3", ls=":", lw=1.2)
    if log:
        ax.set_xscale("log")
    unit = f" [{b.unit}]" if b.unit else ""
    strip.set_xlabel(f"{b.label} ({b.parameter}){unit}")
    add_caption(fig, caption_for(model, note=(
        "Every other parameter at its point value; the x axis spans the parameter's 0.1st to "
        f"99.9th percentile, distribution {dist.spec()}")))
    return fig


def sobol_base_points(samples: int) -> int:
    """Base points of the Sobol design for a sample budget: a power of 2 in [64, 8192]."""
    return int(2 ** int(min(13, max(6, math.floor(math.log2(max(samples, 2) / 2))))))


@styled
def sobol_figure(model: Model, *, seed: int = 2024, samples: int = 20_000,
                 option: str | None = None) -> Figure:
    """Sobol' indices: each parameter's share of the target's variance, with 95% intervals.

    Hatched bars are first-order indices (the parameter alone), solid bars total indices
    (with all its interactions); whiskers are bootstrap confidence intervals.
    """
    n = sobol_base_points(samples)
    df = sobol_indices(model, n=n, option=option, seed=seed)
    shown = df.head(MAX_BARS)
    fig = new_figure(10.0, 0.5 * len(shown) + 2.4)
    ax = fig.subplots()
    y = np.arange(len(shown))
    err = {"ecolor": "0.05", "capsize": 3, "elinewidth": 1.0}
    ax.barh(y - 0.19, shown["S1"], height=0.36, xerr=shown["S1_conf"], facecolor="0.85",
            hatch="///", edgecolor="0.15", error_kw=err, label="first order S1 (alone)")
    ax.barh(y + 0.19, shown["ST"], height=0.36, xerr=shown["ST_conf"], facecolor="0.3",
            edgecolor="0.15", error_kw=err, label="total ST (with interactions)")
    ax.set_yticks(y, [_short(str(r.label), str(r.parameter)) for r in shown.itertuples()])
    ax.invert_yaxis()
    ax.set_xlim(left=min(0.0, float((shown["S1"] - shown["S1_conf"]).min())))
    ax.axvline(0.0, color="0.3", lw=0.8)
    ax.spines["left"].set_visible(False)
    ax.grid(axis="x")
    ax.set_axisbelow(True)
    target = str(df.attrs["target"])
    ax.set_xlabel(f"Share of the variance of {target_text(model, target)}")
    fig.suptitle(f"Which uncertainties drive {target_text(model, target)}", x=0.01,
                 ha="left", fontsize=12, fontweight="bold")
    ax.legend(loc="lower right", fontsize=8.5, frameon=True, framealpha=0.95, edgecolor="0.7")
    notes = "; ".join(str(x) for x in df.attrs.get("notes", []))
    add_caption(fig, caption_for(model, seed=seed, samples=int(df.attrs["evaluations"]), note=(
        f"Saltelli design with {n:,} base points (evaluations counted as draws); whiskers: "
        f"{df.attrs['conf_level']:.0%} bootstrap intervals" + (f"; {notes}" if notes else ""))))
    return fig
