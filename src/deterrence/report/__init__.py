"""Figures and reports: every analysis as a picture, and a report a teacher can hand out.

:func:`plot` makes one figure of a scenario by kind (see :data:`FIGURES`) and returns a
:class:`matplotlib.figure.Figure`, which Jupyter displays as it is;
:func:`save_figure` writes it as PNG, SVG or PDF, byte for byte the same every time.
:func:`write_html` writes the whole scenario as one self-contained HTML page (figures
inline as SVG, nothing fetched from anywhere) and :func:`write_markdown` as Markdown
notes with the figures beside them.

>>> from deterrence.report import FIGURES, plot
>>> "distributions" in FIGURES
True
>>> fig = plot("nk-troops-russia-2024", "waterfall", samples=2_000, seed=1)
>>> fig.get_axes()[0].get_title(loc="left")
'Average over the draws (Monte Carlo mean)'
"""

from .argument_map import ArgumentGraph, argument_graph
from .blocks import Report, Section
from .build import build_report
from .figures import DEFAULT_SAMPLES, DEFAULT_SEED, FIGURES, FigureKind, plot
from .figures_games import classic_game_figure
from .html import render_html, write_html
from .markdown import render_markdown, write_markdown
from .style import Caption, figure_bytes, save_figure

__all__ = [
    "DEFAULT_SAMPLES",
    "DEFAULT_SEED",
    "FIGURES",
    "ArgumentGraph",
    "Caption",
    "FigureKind",
    "Report",
    "Section",
    "argument_graph",
    "build_report",
    "classic_game_figure",
    "figure_bytes",
    "plot",
    "render_html",
    "render_markdown",
    "save_figure",
    "write_html",
    "write_markdown",
]
