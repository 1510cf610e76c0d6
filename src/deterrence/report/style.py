"""A greyscale-safe house style for figures, the caption that makes them reproducible, saving.

Every figure must read on a black-and-white printout, so options and term kinds are told
apart by hatching, line style and marker as well as by shade of grey. Every figure carries
a small caption with the units, the source, the seed and the number of draws, so a reader
who finds it on a slide can reproduce it. Saving is deterministic: the same figure gives the
same bytes (no dates in the metadata, a fixed SVG id salt).
"""

from __future__ import annotations

import functools
import io
import re
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import matplotlib as mpl
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

from .._version import __version__
from ..errors import DeterrenceError
from ..model import Model

__all__ = [
    "FORMATS",
    "KIND_STYLE",
    "RC",
    "Caption",
    "SeriesStyle",
    "add_caption",
    "area_style",
    "caption_for",
    "figure_bytes",
    "new_figure",
    "save_figure",
    "series_style",
    "style_context",
    "styled",
]

P = ParamSpec("P")
R = TypeVar("R")

RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "axes.edgecolor": "0.25",
    "axes.labelcolor": "0.1",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "grid.color": "0.85",
    "grid.linewidth": 0.6,
    "xtick.color": "0.2",
    "ytick.color": "0.2",
    "legend.frameon": False,
    "legend.fontsize": 9,
    "hatch.color": "0.15",
    "hatch.linewidth": 0.6,
    "lines.linewidth": 1.6,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.facecolor": "white",
    "svg.hashsalt": "deterrence",
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "path.simplify": True,
}
"""matplotlib settings applied while building and saving every figure."""

FORMATS = ("png", "svg", "pdf")
"""File formats a figure can be saved in, chosen by the file's suffix."""

_METADATA: dict[str, dict[str, Any]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}


@dataclass(frozen=True)
class SeriesStyle:
    """How one series (an option, a term kind, a perspective) is drawn.

    A grey face, a hatch, a line style and a marker, so that series differ in
    more than shade.
    """

    face: str
    hatch: str
    line: str
    marker: str
    edge: str = "0.1"


_SERIES = (
    SeriesStyle("0.35", "", "-", "o"),
    SeriesStyle("0.80", "///", "--", "s"),
    SeriesStyle("0.95", "...", ":", "^"),
    SeriesStyle("0.60", "xx", "-.", "D"),
    SeriesStyle("1.0", "\\\\\\", (0, (5, 1, 1, 1)), "v"),  # type: ignore[arg-type]
    SeriesStyle("0.50", "++", (0, (1, 1)), "P"),  # type: ignore[arg-type]
)

KIND_STYLE: dict[str, SeriesStyle] = {
    "benefit": SeriesStyle("0.82", "", "-", "^"),
    "cost": SeriesStyle("0.40", "///", "--", "v"),
    "risk": SeriesStyle("0.62", "xx", ":", "X"),
    "net": SeriesStyle("0.15", "", "-", "D"),
}
"""Styles of term kinds in waterfalls: light plain benefits, dark hatched costs and risks."""


def series_style(index: int) -> SeriesStyle:
    """The style of the ``index``-th series (cycling after six)."""
    return _SERIES[index % len(_SERIES)]


_AREAS = (
    SeriesStyle("0.92", "", "-", "o"),
    SeriesStyle("0.72", "///", "--", "s"),
    SeriesStyle("0.98", "...", ":", "^"),
    SeriesStyle("0.55", "xx", "-.", "D"),
    SeriesStyle("0.85", "\\\\\\", "-", "v"),
    SeriesStyle("0.65", "++", "-", "P"),
)


def area_style(index: int) -> SeriesStyle:
    """The style of the ``index``-th region of a map: light greys with distinct hatching,
    so that lines and labels drawn over it stay readable."""
    return _AREAS[index % len(_AREAS)]


@contextmanager
def style_context() -> Iterator[None]:
    """Apply :data:`RC` for the duration of a ``with`` block, leaving global settings alone."""
    with mpl.rc_context(RC):  # type: ignore[arg-type]
        yield


def styled(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorate a figure function so that everything it draws uses :data:`RC`."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with style_context():
            return fn(*args, **kwargs)

    return wrapper


def new_figure(width: float, height: float) -> Figure:
    """A figure of ``width`` x ``height`` inches with constrained layout.

    The figure is made without :mod:`matplotlib.pyplot`, so no window or global
    figure list is involved; Jupyter still displays it. Call it inside
    :func:`style_context` (or a :func:`styled` function).
    """
    return Figure(figsize=(width, height), layout="constrained")


@dataclass(frozen=True)
class Caption:
    """What a figure's small print says: enough to reproduce it.

    Attributes
    ----------
    scenario_id, scenario_hash
        Which scenario, and the first characters of its content hash.
    units
        The unit of the values shown.
    source
        Where the argument and its numbers come from.
    seed, samples
        The Monte Carlo seed and number of draws (``None`` for point values only).
    perspective
        The perspective applied, if any.
    overrides
        ``--set`` overrides applied, as ``name=value`` text.
    note
        Anything else the reader must know (for example what a band shows).
    """

    scenario_id: str
    scenario_hash: str
    units: str
    source: str
    seed: int | None = None
    samples: int | None = None
    perspective: str | None = None
    overrides: str = ""
    note: str = ""

    def text(self) -> str:
        """The caption as one paragraph."""
        parts = []
        if self.note:
            parts.append(self.note.rstrip(".") + ".")
        if self.units:
            parts.append(f"Units: {self.units}.")
        source = self.source.rstrip().rstrip(".")
        parts.append(f"Source: {source}." if source else "Source: scenario file.")
        digest = f" ({self.scenario_hash[:8]})" if self.scenario_hash else ""
        run = f"Model: {self.scenario_id}{digest}, deterrence {__version__}"
        if self.perspective:
            run += f", perspective {self.perspective}"
        if self.overrides:
            run += f", {self.overrides}"
        if self.samples is not None:
            run += f"; {self.samples:,} Monte Carlo draws, seed {self.seed}"
        parts.append(run + ".")
        return " ".join(parts)


def caption_for(
    model: Model,
    *,
    seed: int | None = None,
    samples: int | None = None,
    units: str | None = None,
    note: str = "",
    perspective: bool = True,
) -> Caption:
    """The caption of a figure of ``model`` (units default to the scenario's value unit)."""
    s = model.scenario
    source = s.source.title if s.source is not None else ""
    return Caption(
        scenario_id=s.id,
        scenario_hash=s.content_hash(),
        units=s.value_unit if units is None else units,
        source=source,
        seed=seed,
        samples=samples,
        perspective=model.perspective if perspective else None,
        overrides=", ".join(f"{k}={v}" for k, v in model.overrides.items()),
        note=note,
    )


def add_caption(fig: Figure, caption: Caption, *, width_chars: int | None = None) -> None:
    """Put ``caption`` in small grey text along the bottom of ``fig``.

    Constrained layout is told to keep the axes above it.
    """
    width_in = fig.get_figwidth()
    chars = width_chars if width_chars is not None else max(60, int(width_in * 17))
    text = textwrap.fill(caption.text(), chars)
    n_lines = text.count("\n") + 1
    height = (n_lines * 9.5 + 8) / 72 / fig.get_figheight()
    fig.text(0.01, 0.008, text, ha="left", va="bottom", fontsize=7, color="0.3",
             linespacing=1.25)
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        engine.set(rect=(0.0, height, 1.0, 1.0 - height))


def _format_of(path: Path) -> str:
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise DeterrenceError(
            f"{path.name}: cannot tell the format; end the file name in "
            f"{', '.join('.' + f for f in FORMATS)}")
    return fmt


def save_figure(fig: Figure, path: str | Path) -> Path:
    """Save ``fig`` to ``path`` (format from the suffix: png, svg or pdf), deterministically."""
    path = Path(path)
    path.write_bytes(figure_bytes(fig, _format_of(path)))
    return path


def figure_bytes(fig: Figure, fmt: str = "svg") -> bytes:
    """``fig`` as the bytes of a png, svg or pdf file (deterministic)."""
    if fmt not in FORMATS:
        raise DeterrenceError(f"unknown figure format {fmt!r}; use one of {', '.join(FORMATS)}")
    buffer = io.BytesIO()
    with style_context():
        fig.savefig(buffer, format=fmt, metadata=_METADATA[fmt])
    data = buffer.getvalue()
    return _renumber_clip_ids(data) if fmt == "svg" else data


_CLIP_ID = re.compile(rb"\bp[0-9a-f]{10}\b")


def _renumber_clip_ids(svg: bytes) -> bytes:
    """Rename matplotlib's clip-path ids ``p<hash>`` to ``clip1``, ``clip2``, ... in order.

    For clip *paths* (not rectangles) matplotlib hashes the path object's memory address
    into the id, so the same figure drawn twice can get different ids; numbering them by
    first appearance makes the SVG bytes depend on the figure alone.
    """
    names: dict[bytes, bytes] = {}

    def rename(match: re.Match[bytes]) -> bytes:
        return names.setdefault(match.group(0), b"clip%d" % (len(names) + 1))

    return _CLIP_ID.sub(rename, svg)
