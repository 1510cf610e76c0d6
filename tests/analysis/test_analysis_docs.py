"""The Python examples of docs/analysis.md run as doctests."""

from __future__ import annotations

import doctest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_analysis_guide_examples_run() -> None:
    result = doctest.testfile(str(ROOT / "docs" / "analysis.md"), module_relative=False,
                              optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 15
    assert result.failed == 0
