"""One played wargame session's state over turns, for its after-action review.

Unlike the ``wargame`` figure kind (many bot-played games with Monte Carlo bands), this
draws the single history of a session as recorded in its event log: one small panel per
state variable that changed, with the value at the start and at the end of each turn.
"""

from __future__ import annotations

import math
import textwrap

from matplotlib.figure import Figure

from ..wargame.aar import Review
from .html import inline_svg
from .style import Caption, add_caption, figure_bytes, new_figure, styled

__all__ = ["MAX_SESSION_PANELS", "session_state_figure", "session_state_svg"]

MAX_SESSION_PANELS = 9
"""Most state variables drawn (those that changed most, relative to their range)."""


def _changed(review: Review) -> list[tuple[str, str, tuple[float, ...]]]:
    rows = []
    for name, label, values in review.series:
        finite = [v for v in values if math.isfinite(v)]
        if len(finite) >= 2 and max(finite) > min(finite):
            rows.append((name, label, values))
    return rows[:MAX_SESSION_PANELS]


@styled
def session_state_figure(review: Review) -> Figure | None:
    """Small multiples of the state variables that changed in the session (``None`` if none)."""
    rows = _changed(review)
    if not rows or len(review.snapshots) < 2:
        return None
    ncols = min(3, len(rows))
    nrows = math.ceil(len(rows) / ncols)
    fig = new_figure(4.0 * ncols, 2.5 * nrows + 0.8)
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    x = list(range(len(review.snapshots)))
    for ax, (name, label, values) in zip(axes, rows, strict=False):
        ax.plot(x, values, color="0.1", marker="o", linewidth=1.6)
        ax.set_title(textwrap.fill(f"{label} ({name})", 44), fontsize=8.5, loc="left")
        ax.set_xticks(x, [s.replace("end of ", "") for s in review.snapshots],
                      rotation=45, ha="right", fontsize=7)
        ax.grid(True, color="0.85", linewidth=0.6)
    for ax in axes[len(rows):]:
        ax.set_visible(False)
    fig.suptitle(f"{review.title}: state over the session", x=0.01, ha="left",
                 fontweight="bold")
    caption = Caption(scenario_id=review.scenario, scenario_hash="", units="as labelled",
                      source=f"session {review.session} (event log)", note=(
                          f"One played session, {review.mode} adjudication, seed {review.seed}; "
                          "values at the start and at the end of each turn, as the White Cell "
                          "sees them"))
    add_caption(fig, caption)
    return fig


def session_state_svg(review: Review) -> str | None:
    """The session chart as SVG ready to inline in the review's HTML (``None`` if nothing moved)."""
    fig = session_state_figure(review)
    if fig is None:
        return None
    svg = figure_bytes(fig, "svg").decode("utf-8")
    return inline_svg(svg, "state", "State of the session over turns")
