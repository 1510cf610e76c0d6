"""A wargame's state over turns, with Monte Carlo bands from many simulated games.

The games are played by :func:`deterrence.wargame.simulate` (each side a bot, each game
with its own parameter draws); this module draws the result: one small panel per state
variable with the median and the 25-75% and 5-95% bands of the games at each turn, and
a panel with the chance that each indicator has happened by each turn.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..errors import DeterrenceError
from ..formula import suggest
from ..model import Model
from ..scenario.schema import Scenario
from ..textfmt import pct
from ..wargame.montecarlo import SimulationResult, simulate
from ..wargame.rules import Rules
from .style import add_caption, caption_for, new_figure, series_style, styled

__all__ = ["MAX_PANELS", "draw_wargame", "play_games", "wargame_figure", "wargame_missing"]

MAX_PANELS = 8
MAX_RUNS = 2_000


def wargame_missing(scenario: Scenario) -> str | None:
    """Why ``scenario`` has no wargame to simulate, or ``None``."""
    if scenario.wargame is not None:
        return None
    return f"scenario {scenario.id!r} has no wargame section (see docs/wargame.md)"


def _varying(res: SimulationResult) -> list[str]:
    """State variables whose bands or mean change over turns."""
    out = []
    for k, v in enumerate(res.variables):
        values = res.trajectories[:, :, k]
        if not np.all(np.isfinite(values)):
            continue
        if float(np.ptp(res.bands(v))) > 0 or float(np.ptp(values.mean(axis=0))) > 1e-12:
            out.append(v)
    return out


def _choose(res: SimulationResult, given: Sequence[str] | None) -> list[str]:
    if given:
        for v in given:
            if v not in res.variables:
                raise DeterrenceError(f"the wargame has no state variable {v!r}"
                                      f"{suggest(v, res.variables)}")
        return list(given)
    return _varying(res)[:MAX_PANELS]


def _panel(ax: Axes, res: SimulationResult, rules: Rules, var: str) -> None:
    x = np.arange(res.turns + 1)
    p05, p25, p50, p75, p95 = res.bands(var)
    ax.fill_between(x, p05, p95, color="0.88", lw=0, label="5-95% of games")
    ax.fill_between(x, p25, p75, color="0.65", lw=0, label="25-75%")
    ax.plot(x, p50, color="0", lw=2, marker="o", ms=3.5, label="median")
    k = res.variables.index(var)
    ax.plot(x, res.trajectories[:, :, k].mean(axis=0), color="0.25", lw=1.2, ls="--",
            label="mean")
    state = rules.spec.state[var]
    unit = f" [{state.unit}]" if state.unit else ""
    ax.set_title("\n".join(textwrap.wrap(f"{state.label}{unit}", 38)), loc="left",
                 fontsize=9, fontweight="bold")
    ax.grid(True)
    ax.margins(x=0.02)


def _indicator_panel(ax: Axes, res: SimulationResult, rules: Rules) -> None:
    x = np.arange(res.turns + 1)
    for i, name in enumerate(res.indicators):
        st = series_style(i)
        label = textwrap.shorten(rules.spec.indicators[name].label, 44, placeholder="...")
        ax.plot(x, res.p_by_turn(name), color="0.1", ls=st.line, marker=st.marker, ms=4.5,
                mfc=st.face, lw=1.5, label=label)
    ax.set_ylim(-0.02, 1.02)
    ax.yaxis.set_major_formatter(lambda v, _: f"{100 * v:.0f}%")
    ax.set_title("Chance each indicator has happened", loc="left", fontsize=9,
                 fontweight="bold")
    ax.grid(True)
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.28), fontsize=7.5, ncols=1)


def play_games(model: Model, *, seed: int, samples: int) -> tuple[Rules, SimulationResult]:
    """Compile the scenario's wargame and play ``min(samples, 2000)`` games with its bots."""
    reason = wargame_missing(model.scenario)
    if reason is not None:
        raise DeterrenceError(reason)
    rules = Rules.compile(model.scenario, perspective=model.perspective,
                          overrides=dict(model.overrides))
    return rules, simulate(rules, runs=min(samples, MAX_RUNS), seed=seed)


def wargame_figure(model: Model, *, seed: int = 2024, samples: int = 20_000,
                   variables: Sequence[str] | None = None) -> Figure:
    """The wargame's state over turns across simulated games, with Monte Carlo bands.

    Plays ``min(samples, 2000)`` games with each side's default bot and the model's
    parameter uncertainty drawn per game; shows up to eight state variables that vary
    (or ``variables``) and the indicators.
    """
    rules, res = play_games(model, seed=seed, samples=samples)
    return draw_wargame(model, rules, res, variables=variables)


@styled
def draw_wargame(model: Model, rules: Rules, res: SimulationResult, *,
                 variables: Sequence[str] | None = None) -> Figure:
    """Draw simulated games ``res`` of ``rules`` (see :func:`play_games`)."""
    s, seed, runs = model.scenario, res.seed, res.runs
    chosen = _choose(res, variables)
    n = len(chosen) + (1 if res.indicators else 0)
    cols = min(3, max(n, 1))
    rows = -(-n // cols)
    fig = new_figure(4.2 * cols, 2.9 * rows + 2.0)
    axes = fig.subplots(rows, cols, squeeze=False, sharex=True).ravel()
    for ax, var in zip(axes, chosen, strict=False):
        _panel(ax, res, rules, var)
    if res.indicators:
        _indicator_panel(axes[len(chosen)], res, rules)
    for ax in axes[n:]:
        ax.set_visible(False)
    for ax in axes[:n]:
        ax.set_xticks(np.arange(res.turns + 1), list(res.labels), rotation=45, ha="right",
                      fontsize=7.5)
        ax.tick_params(labelbottom=True)
    axes[0].legend(loc="upper left", fontsize=7.5, frameon=True, framealpha=0.9,
                   edgecolor="0.8")
    policies = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in res.policies.items())
    title = rules.spec.title or s.title
    fig.suptitle(f"{title}\n{runs:,} simulated games; ended early in "
                 f"{pct(float((res.ended_at > 0).mean()))}", x=0.01, ha="left", fontsize=11.5,
                 fontweight="bold")
    add_caption(fig, caption_for(model, seed=seed, samples=runs, units="", note=(
        "Each game draws its own parameter values; bands: share of games at each turn's end; "
        f"bots: {policies}")))
    return fig
