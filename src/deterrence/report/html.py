"""The report as one self-contained HTML file: figures inline as SVG, no external request.

The page is rendered with Jinja2 (autoescaping on) from ``templates/report.html.j2``. Every
figure is embedded as inline SVG, stripped of its XML prolog and metadata, with its ids
prefixed so that figures cannot clash. No script, no web font, no link to anything outside
the file: it opens offline and prints to PDF from a browser.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..model import Model
from ..scenario import Scenario
from .blocks import FigureBlock, Report
from .build import build_report
from .figures import DEFAULT_SAMPLES, DEFAULT_SEED
from .style import figure_bytes

__all__ = ["inline_svg", "render_html", "write_html"]

_PROLOG = re.compile(r"<\?xml.*?\?>|<!DOCTYPE.*?>|<metadata>.*?</metadata>|<!--.*?-->", re.S)
_NAMESPACES = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')
_SIZE = re.compile(r'<svg([^>]*?)\swidth="([\d.]+)pt"\s+height="([\d.]+)pt"')
_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(href="#|url\(#)([^")]+)')


def inline_svg(svg: str, prefix: str, label: str) -> str:
    """Make matplotlib's SVG fit for inlining in HTML.

    Drops the XML prolog, metadata and comments, the namespace declarations (the HTML
    parser supplies them), prefixes every id and reference with ``prefix``, and makes the
    image scale to the page width while keeping its aspect ratio.
    """
    svg = _PROLOG.sub("", svg).strip()
    svg = _NAMESPACES.sub("", svg).replace("xlink:href=", "href=")
    svg = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = _REF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)
    escaped = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return _SIZE.sub(
        lambda m: (f'<svg{m.group(1)} role="img" aria-label="{escaped}" '
                   f'style="width:100%;max-width:{float(m.group(2)) * 4 / 3:.0f}px;height:auto"'),
        svg, count=1)


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("deterrence.report", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def render_html(report: Report) -> str:
    """The report as one HTML page (a string)."""
    figures: dict[int, Markup] = {}
    n = 0
    for section in report.sections:
        for block in section.blocks:
            if isinstance(block, FigureBlock):
                n += 1
                svg = figure_bytes(block.figure, "svg").decode("utf-8")
                figures[id(block)] = Markup(inline_svg(svg, f"f{n}", block.title))
    template = _environment().get_template("report.html.j2")
    return template.render(report=report, figure_svg=lambda b: figures[id(b)])


def write_html(
    scenario: Scenario | Model | str | Path,
    path: str | Path,
    *,
    seed: int = DEFAULT_SEED,
    samples: int = DEFAULT_SAMPLES,
    perspectives: Sequence[str] = (),
    overrides: Mapping[str, str | float] | None = None,
) -> Path:
    """Build the report of ``scenario`` and write it to ``path`` as HTML."""
    report = build_report(scenario, seed=seed, samples=samples, perspectives=perspectives,
                          overrides=overrides)
    path = Path(path)
    path.write_text(render_html(report), encoding="utf-8")
    return path
