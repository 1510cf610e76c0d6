"""The README's Python examples run as doctests; the format reference lists every function."""

from __future__ import annotations

import doctest
from pathlib import Path

import deterrence
from deterrence.functions import FUNCTIONS

ROOT = Path(__file__).resolve().parents[1]


def test_readme_examples_run() -> None:
    result = doctest.testfile(str(ROOT / "README.md"), module_relative=False,
                              optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 5
    assert result.failed == 0


def test_package_docstring_example_runs() -> None:
    result = doctest.testmod(deterrence)
    assert result.attempted >= 2 and result.failed == 0


def test_format_reference_documents_every_function() -> None:
    text = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    missing = [name for name in FUNCTIONS if f"`{name}(" not in text]
    assert not missing, f"docs/scenario-format.md does not document: {missing}"
