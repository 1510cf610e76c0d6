"""Error types: every problem a user can cause is a :class:`DeterrenceError`.

The command line catches these and prints their message without a traceback.
"""

from __future__ import annotations

__all__ = ["DeterrenceError", "DistributionError", "FormulaError", "ScenarioError"]


class DeterrenceError(Exception):
    """Base class for errors caused by input (a file, a formula, a command)."""


class FormulaError(DeterrenceError):
    """A formula could not be parsed, checked or compiled.

    Parameters
    ----------
    message
        What is wrong, in plain language.
    formula
        The formula text, if known.
    column
        1-based column of the problem within ``formula``, if known.
    where
        Where the formula lives (for example ``derived.casualties.formula``).
    """

    def __init__(
        self,
        message: str,
        *,
        formula: str | None = None,
        column: int | None = None,
        where: str | None = None,
    ) -> None:
        self.message = message
        self.formula = formula
        self.column = column
        self.where = where
        super().__init__(self._render())

    def _render(self) -> str:
        head = f"{self.where}: " if self.where else ""
        text = f"{head}{self.message}"
        if self.formula is not None and "\n" not in self.formula and len(self.formula) <= 200:
            text += f"\n    {self.formula}"
            if self.column is not None:
                text += "\n    " + " " * (self.column - 1) + "^"
        return text

    def located(self, where: str) -> FormulaError:
        """Return a copy of this error that says where the formula lives."""
        return FormulaError(self.message, formula=self.formula, column=self.column, where=where)


class DistributionError(DeterrenceError):
    """A distribution was given impossible arguments (for example ``lo > hi``)."""


class ScenarioError(DeterrenceError):
    """A scenario file is malformed or inconsistent; the message names the field and line."""
