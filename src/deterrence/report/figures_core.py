"""Figures of a run: each option's net value, one option's terms, perspectives side by side.

These need only the core model: :func:`deterrence.run` for Monte Carlo draws (and
:func:`deterrence.run_point` for point values).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..errors import DeterrenceError
from ..formula import suggest
from ..model import Model
from ..results import Results
from ..simulation import run, run_point
from ..textfmt import fmt, pct
from .labels import option_label, perspective_label, term_label
from .style import KIND_STYLE, add_caption, caption_for, new_figure, series_style, styled

__all__ = ["distributions_figure", "perspectives_figure", "waterfall_figure"]

DEFAULT_SEED = 2024
DEFAULT_SAMPLES = 20_000


def _x_range(results: Results) -> tuple[float, float, bool]:
    """An x range showing the 0.5th-99.5th percentile of every option, and zero."""
    lo = float(np.min(np.percentile(results.values, 0.5, axis=1)))
    hi = float(np.max(np.percentile(results.values, 99.5, axis=1)))
    cut = bool(np.min(results.values) < lo or np.max(results.values) > hi)
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    pad = 0.04 * (hi - lo or 1.0)
    return lo - pad, hi + pad, cut


def _distribution_row(ax: Axes, values: np.ndarray, index: int, bins: np.ndarray) -> None:
    st = series_style(index)
    s_mean = float(values.mean())
    if float(np.ptp(values)) == 0.0:
        ax.axvline(s_mean, color=st.edge, lw=4, solid_capstyle="butt")
        ax.text(s_mean, 0.5, f"  always {fmt(s_mean)}", transform=ax.get_xaxis_transform(),
                va="center", ha="left", fontsize=9)
        ax.set_ylim(0, 1)
        return
    counts, _ = np.histogram(values, bins=bins)
    ax.stairs(counts / counts.max(), bins, fill=True, facecolor=st.face, hatch=st.hatch,
              edgecolor=st.edge, linewidth=0.9)
    p05, p95 = np.percentile(values, [5.0, 95.0])
    ax.plot([p05, p95], [1.12, 1.12], color="0.1", lw=2.2, solid_capstyle="butt")
    ax.plot([s_mean], [1.12], marker="D", color="white", markeredgecolor="0.1", ms=7)
    ax.set_ylim(0, 1.3)
    ax.text(0.995, 0.93, f"mean {fmt(s_mean)}; 90% of draws {fmt(p05)} to {fmt(p95)}",
            transform=ax.transAxes, ha="right", va="top", fontsize=8.5, color="0.15",
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.5})


@styled
def distributions_figure(
    model: Model, *, seed: int = DEFAULT_SEED, samples: int = DEFAULT_SAMPLES, bins: int = 60
) -> Figure:
    """Each option's net-value distribution, its mean and 90% range, and its chance of being best.

    One row per option on a shared axis. The bar above each histogram spans the 5th to
    95th percentile of the draws, the diamond marks the mean, and the row title gives the
    share of draws in which the option is best (with its binomial standard error).
    """
    results = run(model, samples=samples, seed=seed)
    s = model.scenario
    lo, hi, cut = _x_range(results)
    edges = np.linspace(lo, hi, bins + 1)
    fig = new_figure(9.0, 1.35 * len(results.options) + 1.7)
    axes = fig.subplots(len(results.options), 1, sharex=True, squeeze=False)[:, 0]
    p_best, p_se = results.p_best(), results.p_best_se()
    for i, (ax, o) in enumerate(zip(axes, results.options, strict=True)):
        _distribution_row(ax, results.net(o), i, edges)
        ax.axvline(0.0, color="0.3", lw=0.8, ls=":")
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.set_title(f"{option_label(s, o)}: best in {pct(p_best[o])} of draws "
                     f"(± {pct(p_se[o])})", loc="left", fontsize=10.5)
    axes[-1].set_xlim(lo, hi)
    axes[-1].set_xlabel(f"Net value of the option [{s.value_unit}]")
    fig.suptitle(s.decision.question or f"{s.decision.actor}: net value of each option",
                 x=0.01, ha="left", fontsize=12, fontweight="bold")
    note = ("Histograms of net value (each scaled to its own peak); bar: 5th to 95th "
            "percentile; diamond: mean; dotted line: zero")
    if cut:
        note += "; axis cut at the 0.5th and 99.5th percentiles"
    add_caption(fig, caption_for(model, seed=seed, samples=samples, note=note))
    return fig


def _waterfall_rows(
    model: Model, option: str, results: Results
) -> list[tuple[str, str, float, float]]:
    """``(label, kind, signed mean, signed point value)`` for each term of ``option``."""
    point = run_point(model)
    rows: list[tuple[str, str, float, float]] = []
    for t in model.terms:
        if t.option != option:
            continue
        label = term_label(model.scenario, option, t.id)
        rows.append((label, t.kind, t.sign * results.term_means[(option, t.id)],
                     t.sign * point.terms[(option, t.id)]))
    return rows


def _check_option(model: Model, option: str | None) -> str:
    if option is None:
        with_terms = [o for o in model.options if any(t.option == o for t in model.terms)]
        return with_terms[0] if with_terms else model.options[0]
    if option not in model.options:
        raise DeterrenceError(
            f"unknown option {option!r}{suggest(option, model.options)}; "
            f"this scenario has: {', '.join(model.options)}")
    return option


def _draw_steps(ax: Axes, rows: list[tuple[str, str, float]]) -> tuple[float, float]:
    """Draw one waterfall: ``rows`` are ``(label, kind, signed value)``; the last is the net.

    Returns the lowest and highest running total (for the axis range).
    """
    start = 0.0
    span = max(abs(v) for _, _, v in rows) or 1.0
    reach = [0.0]
    for y, (_, kind, value) in enumerate(rows):
        is_net = y == len(rows) - 1
        left = 0.0 if is_net else start
        st = KIND_STYLE["net" if is_net else kind]
        ax.barh(y, value, left=left, height=0.62, facecolor=st.face, hatch=st.hatch,
                edgecolor=st.edge, linewidth=0.8)
        end = left + value
        reach.append(end)
        if not is_net:
            ax.plot([end, end], [y + 0.31, y + 0.69], color="0.3", lw=0.8, ls=":")
            start = end
        text = f"{value:+.3g}" if not is_net else fmt(value)
        outside = end + 0.015 * span if value >= 0 else end - 0.015 * span
        ax.text(outside, y, text.replace("-", "\u2212"), va="center",
                ha="left" if value >= 0 else "right", fontsize=8.5,
                fontweight="bold" if is_net else "normal")
    ax.axvline(0.0, color="0.3", lw=0.8)
    ax.grid(axis="x")
    ax.set_axisbelow(True)
    return min(reach), max(reach)


@styled
def waterfall_figure(
    model: Model,
    *,
    seed: int = DEFAULT_SEED,
    samples: int = DEFAULT_SAMPLES,
    option: str | None = None,
) -> Figure:
    """A waterfall of one option's terms: from zero, each benefit up and each cost down.

    Left, the Monte Carlo mean of each term; right, the same terms with every parameter
    at its point value (its stated point or median). Skewed parameters make the two
    differ, which is worth showing students. The last row is the net value.
    """
    option = _check_option(model, option)
    results = run(model, samples=samples, seed=seed)
    rows = _waterfall_rows(model, option, results)
    if not rows:
        raise DeterrenceError(f"option {option!r} has no terms: its value is always 0, "
                              "so there is no waterfall to draw")
    s = model.scenario
    fig = new_figure(11.0, 0.46 * len(rows) + 2.7)
    left, right = fig.subplots(1, 2, sharey=True, sharex=True)
    means = [(label, kind, m) for label, kind, m, _ in rows]
    points = [(label, kind, p) for label, kind, _, p in rows]
    lo1, hi1 = _draw_steps(left, [*means, ("Net value", "net", sum(m for _, _, m in means))])
    lo2, hi2 = _draw_steps(right, [*points, ("Net value", "net", sum(p for _, _, p in points))])
    lo, hi = min(lo1, lo2), max(hi1, hi2)
    pad = 0.16 * (hi - lo or 1.0)
    left.set_xlim(lo - (pad if lo < 0 else 0.0), hi + pad)
    labels = [f"{label} ({kind})" for label, kind, _, _ in rows] + ["Net value"]
    left.set_yticks(range(len(labels)), labels)
    left.get_yticklabels()[-1].set_fontweight("bold")
    left.invert_yaxis()
    left.set_title("Average over the draws (Monte Carlo mean)", loc="left", fontsize=10)
    right.set_title("Every parameter at its point value", loc="left", fontsize=10)
    for ax in (left, right):
        ax.set_xlabel(f"Contribution to net value\n[{s.value_unit}]")
    fig.suptitle(f"{option_label(s, option)}: what makes up its net value", x=0.01,
                 ha="left", fontsize=12, fontweight="bold")
    handles = [Patch(facecolor=KIND_STYLE[k].face, hatch=KIND_STYLE[k].hatch,
                     edgecolor="0.1", label=k) for k in ("benefit", "cost", "risk")]
    handles.append(Patch(facecolor=KIND_STYLE["net"].face, edgecolor="0.1", label="net value"))
    fig.legend(handles=handles, loc="outside upper right", ncols=4, fontsize=8.5)
    add_caption(fig, caption_for(model, seed=seed, samples=samples, note=(
        "Benefits add, costs and risks (expected losses) subtract; the point value of a "
        "parameter is its stated point or its median")))
    return fig


def perspective_runs(
    model: Model, *, seed: int, samples: int, perspectives: Sequence[str] | None = None
) -> list[tuple[str | None, Results]]:
    """The scenario run as written and under each perspective, with the same seed.

    Overrides of ``model`` (``--set``) apply to every run; its own perspective is ignored.
    """
    s = model.scenario
    names: list[str | None] = [None, *(perspectives or list(s.perspectives))]
    out = []
    for name in names:
        m = Model.compile(s, perspective=name, overrides=dict(model.overrides))
        out.append((name, run(m, samples=samples, seed=seed)))
    return out


def _p_best_panel(ax: Axes, model: Model, runs: list[tuple[str | None, Results]]) -> None:
    s = model.scenario
    for y, (_, res) in enumerate(runs):
        left = 0.0
        for i, (o, p) in enumerate(res.p_best().items()):
            st = series_style(i)
            ax.barh(y, p, left=left, height=0.6, facecolor=st.face, hatch=st.hatch,
                    edgecolor="0.1", linewidth=0.8, label=option_label(s, o) if y == 0 else None)
            if p >= 0.07:
                ax.text(left + p / 2, y, pct(p), ha="center", va="center", fontsize=8.5,
                        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0})
            left += p
    ax.set_xlim(0, 1)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0%", "25%", "50%", "75%", "100%"])
    ax.set_xlabel("Share of draws in which the option is best")
    ax.set_title("Chance each option is best", loc="left")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=3, fontsize=8.5)


def _means_panel(ax: Axes, model: Model, runs: list[tuple[str | None, Results]]) -> None:
    s = model.scenario
    k = len(model.options)
    for y, (_, res) in enumerate(runs):
        for i, o in enumerate(res.options):
            st = series_style(i)
            summ = res.summary(o)
            yy = y + (i - (k - 1) / 2) * 0.22
            ax.plot([summ.p05, summ.p95], [yy, yy], color="0.2", lw=1.4, ls=st.line)
            ax.plot([summ.mean], [yy], marker=st.marker, ms=7, color=st.face,
                    markeredgecolor="0.05", ls="none", label=option_label(s, o) if y == 0 else None)
    ax.axvline(0.0, color="0.3", lw=0.8, ls=":")
    ax.set_xlabel(f"Net value [{s.value_unit}]")
    ax.set_title("Mean net value and 90% range", loc="left")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=3, fontsize=8.5)
    ax.grid(axis="x")


@styled
def perspectives_figure(
    model: Model,
    *,
    seed: int = DEFAULT_SEED,
    samples: int = DEFAULT_SAMPLES,
    perspectives: Sequence[str] | None = None,
) -> Figure:
    """The scenario as written and under each perspective, side by side.

    Left: each option's mean net value (marker) and 5th-95th percentile range (line).
    Right: the chance each option is best. All runs share one seed (common random
    numbers), so differences come from the perspectives, not from sampling noise.
    """
    s = model.scenario
    if not s.perspectives:
        raise DeterrenceError(f"scenario {s.id!r} defines no perspectives; add a "
                              "'perspectives' section to compare readings")
    runs = perspective_runs(model, seed=seed, samples=samples, perspectives=perspectives)
    fig = new_figure(11.0, 0.9 * len(runs) + 2.9)
    left, right = fig.subplots(1, 2, sharey=True, width_ratios=[1.25, 1])
    _means_panel(left, model, runs)
    _p_best_panel(right, model, runs)
    left.set_yticks(range(len(runs)), [perspective_label(s, name) for name, _ in runs])
    left.invert_yaxis()
    fig.suptitle("Readings of the argument side by side", x=0.01, ha="left",
                 fontsize=12, fontweight="bold")
    add_caption(fig, caption_for(model, seed=seed, samples=samples, perspective=False, note=(
        "Each reading is the scenario with its perspective's parameter overrides; all share "
        "one seed")))
    return fig
