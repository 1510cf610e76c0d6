"""A report as plain data: sections made of paragraphs, lists, tables, code and figures.

The builders (:mod:`deterrence.report.sections_core` and friends) produce a
:class:`Report`; :mod:`deterrence.report.html` and :mod:`deterrence.report.markdown` turn
the same object into a self-contained HTML page or Markdown notes. All text is plain text:
the renderers escape it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from matplotlib.figure import Figure

__all__ = ["Block", "Bullets", "Code", "FigureBlock", "Paragraph", "Report", "Section", "Table"]


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text; ``style`` ``note`` renders it as a side note."""

    text: str
    style: Literal["normal", "note", "lead"] = "normal"
    type: Literal["paragraph"] = "paragraph"


@dataclass(frozen=True)
class Bullets:
    """A list; ``ordered`` numbers it. Each item is ``(head, text)``: head may be empty."""

    items: tuple[tuple[str, str], ...]
    ordered: bool = False
    type: Literal["bullets"] = "bullets"


@dataclass(frozen=True)
class Table:
    """A table of text cells; ``numeric`` marks right-aligned columns."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    numeric: tuple[bool, ...] = ()
    type: Literal["table"] = "table"

    def align(self, i: int) -> str:
        """``right`` for numeric columns, else ``left``."""
        return "right" if i < len(self.numeric) and self.numeric[i] else "left"


@dataclass(frozen=True)
class Code:
    """Lines shown in a monospaced block (formulas, commands)."""

    lines: tuple[str, ...]
    caption: str = ""
    type: Literal["code"] = "code"


@dataclass(frozen=True)
class FigureBlock:
    """A figure with its kind (for file names), a title and what it shows."""

    kind: str
    title: str
    description: str
    figure: Figure = field(repr=False, compare=False)
    type: Literal["figure"] = "figure"


Block = Paragraph | Bullets | Table | Code | FigureBlock


@dataclass(frozen=True)
class Section:
    """A titled section of the report."""

    id: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Report:
    """A whole report: its title, a line of facts about how it was made, and sections."""

    title: str
    subtitle: str
    facts: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...]
