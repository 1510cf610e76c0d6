"""The report as Markdown, for notes and slides; figures are written beside it as SVG files.

Text from the scenario file is escaped (``<``, ``>``, ``&``, and ``|`` inside tables), so
a shared scenario cannot smuggle HTML into a page rendered from the notes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from ..model import Model
from ..scenario import Scenario
from .blocks import Block, Bullets, Code, FigureBlock, Paragraph, Report, Table
from .build import build_report
from .figures import DEFAULT_SAMPLES, DEFAULT_SEED
from .style import save_figure

__all__ = ["render_markdown", "write_markdown"]


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell(text: str) -> str:
    return _esc(text).replace("|", "\\|").replace("\n", " ")


def _table(t: Table) -> list[str]:
    out = [f"**{_esc(t.caption)}**", ""] if t.caption else []
    out.append("| " + " | ".join(_cell(h) for h in t.headers) + " |")
    out.append("|" + "|".join("---:" if t.align(i) == "right" else "---"
                              for i in range(len(t.headers))) + "|")
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in t.rows]
    return out


def _block(block: Block, figure_link: str | None) -> list[str]:
    if isinstance(block, Paragraph):
        text = _esc(block.text)
        return [f"> {text}" if block.style == "note" else text]
    if isinstance(block, Bullets):
        out = []
        for i, (head, text) in enumerate(block.items, start=1):
            mark = f"{i}." if block.ordered else "-"
            lead = f"**{_esc(head)}** " if head else ""
            out.append(f"{mark} {lead}{_esc(text)}")
        return out
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Code):
        caption = [f"*{_esc(block.caption)}*", ""] if block.caption else []
        fence = "~~~~" if any("```" in line for line in block.lines) else "```"
        return [*caption, fence, *block.lines, fence]
    assert isinstance(block, FigureBlock)
    if figure_link is None:
        return [f"*Figure: {_esc(block.title)}. {_esc(block.description)}*"]
    return [f"![{_cell(block.title)}]({figure_link})", "",
            f"*{_esc(block.title)}.* {_esc(block.description)}"]


def render_markdown(report: Report, *, figure_dir: Path | None = None,
                    link_base: str = "") -> str:
    """The report as Markdown.

    Parameters
    ----------
    figure_dir
        Where to save each figure as SVG; without it the figures are only named.
    link_base
        Prefix of the figure links (the directory as seen from the Markdown file).
    """
    lines = [f"# {_esc(report.title)}", ""]
    if report.subtitle:
        lines += [f"Source: {_esc(report.subtitle)}", ""]
    lines += [" · ".join(f"{_esc(k)}: **{_esc(v)}**" for k, v in report.facts), ""]
    n = 0
    for section in report.sections:
        lines += [f"## {_esc(section.title)}", ""]
        for block in section.blocks:
            link = None
            if isinstance(block, FigureBlock) and figure_dir is not None:
                n += 1
                name = f"{n:02d}-{block.kind}.svg"
                save_figure(block.figure, figure_dir / name)
                link = f"{link_base}{name}"
            lines += [*_block(block, link), ""]
    return "\n".join(lines).rstrip() + "\n"


def write_markdown(
    scenario: Scenario | Model | str | Path,
    path: str | Path,
    *,
    seed: int = DEFAULT_SEED,
    samples: int = DEFAULT_SAMPLES,
    perspectives: Sequence[str] = (),
    overrides: Mapping[str, str | float] | None = None,
) -> Path:
    """Write the report as Markdown to ``path`` and its figures to ``<stem>-figures/``."""
    path = Path(path)
    report = build_report(scenario, seed=seed, samples=samples, perspectives=perspectives,
                          overrides=overrides)
    figure_dir = path.with_name(f"{path.stem}-figures")
    figure_dir.mkdir(parents=True, exist_ok=True)
    text = render_markdown(report, figure_dir=figure_dir, link_base=f"{figure_dir.name}/")
    path.write_text(text, encoding="utf-8")
    return path
