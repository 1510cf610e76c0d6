"""Number formatting shared by text output, reports and the command line."""

from __future__ import annotations

import math

__all__ = ["fmt", "pct"]


def fmt(x: float, digits: int = 3) -> str:
    """A number with about ``digits`` significant figures, readable in a table."""
    if not math.isfinite(x):
        return str(x)
    if x == 0:
        return "0"
    magnitude = abs(x)
    if magnitude >= 1e7 or magnitude < 1e-4:
        return f"{x:.{digits - 1}e}"
    if magnitude >= 10**digits:
        return f"{x:,.0f}"
    return f"{x:.{digits}g}"


def pct(p: float) -> str:
    """A probability as a percentage: one decimal below 10%, none above."""
    if not math.isfinite(p):
        return str(p)
    return f"{100 * p:.1f}%" if abs(p) < 0.1 else f"{100 * p:.0f}%"
