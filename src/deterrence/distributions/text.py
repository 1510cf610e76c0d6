"""The text form of distributions: a safe reader for ``to(1, 20)`` and friends."""

from __future__ import annotations

import ast
import difflib
import inspect
import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from numbers import Real
from typing import Any, NoReturn

from deterrence.errors import DistributionError

from .base import MAX_SPEC_LENGTH, Distribution
from .constructors import (
    bernoulli,
    beta,
    clip,
    discrete,
    fixed,
    lognormal,
    normal,
    pert,
    to,
    triangular,
    truncate,
    uniform,
)

# ---------------------------------------------------------------- parser

_CONSTRUCTORS: dict[str, Callable[..., Distribution]] = {
    f.__name__: f
    for f in (
        to,
        uniform,
        normal,
        lognormal,
        beta,
        pert,
        triangular,
        bernoulli,
        discrete,
        fixed,
        clip,
        truncate,
    )
}
_WRAPPERS = frozenset({"clip", "truncate"})
_WHAT = {
    ast.Attribute: "attribute access",
    ast.BinOp: "arithmetic (write the result as a number)",
    ast.Lambda: "a lambda",
    ast.Tuple: "a tuple",
    ast.Dict: "a dict",
    ast.Set: "a set",
    ast.List: "a list",
    ast.Compare: "a comparison",
    ast.BoolOp: "a logical operator",
    ast.Subscript: "indexing",
    ast.IfExp: "a conditional",
    ast.JoinedStr: "an f-string",
    ast.Call: "calling the result of a call",
    ast.UnaryOp: "an operator other than minus",
}


def _describe(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return f"the name {node.id!r}"
    if isinstance(node, ast.Constant):
        return f"the {type(node.value).__name__} {node.value!r:.40}"
    return _WHAT.get(type(node), f"a {type(node).__name__} expression")


def _suggest(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f"; did you mean {close[0]!r}?" if close else f"; use one of {', '.join(choices)}"


def _is_number(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return _is_number(node.operand)
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, (int, float))
        and not isinstance(node.value, bool)
    )


@dataclass(frozen=True, slots=True)
class _Reader:
    """Walks a parsed distribution text, allowing only numbers, lists and known calls."""

    text: str  # with leading white space removed
    lead: int  # characters removed

    def fail(self, node: ast.AST, what: str) -> NoReturn:
        line, offset = getattr(node, "lineno", 1), getattr(node, "col_offset", 0)
        text = self.text.splitlines()[line - 1]
        col = len(text.encode()[:offset].decode(errors="ignore")) + 1
        where = f"column {col + self.lead}" if line == 1 else f"line {line}, column {col}"
        raise DistributionError(f"{where}: {what}")

    def distribution(self, node: ast.expr) -> Distribution:
        if isinstance(node, ast.Call):
            return self.call(node)
        if _is_number(node):
            return fixed(self.number(node))
        self.fail(
            node,
            f"{_describe(node)} is not allowed; write a number or a distribution such as to(1, 10)",
        )

    def number(self, node: ast.expr) -> float:
        if not _is_number(node):
            self.fail(node, f"{_describe(node)} is not allowed here; expected a number")
        if isinstance(node, ast.UnaryOp):
            value = self.number(node.operand)
            return -value if isinstance(node.op, ast.USub) else value
        try:
            value = float(node.value)  # type: ignore[attr-defined]
        except OverflowError:
            value = math.inf
        if not math.isfinite(value):
            self.fail(node, "number is too large (not finite)")
        return value

    def value(self, node: ast.expr, owner: str) -> float | list[float]:
        if isinstance(node, ast.List) and owner == "discrete":
            return [self.number(item) for item in node.elts]
        if isinstance(node, ast.Call):
            self.fail(node, "a distribution can only be the first argument of clip or truncate")
        if isinstance(node, ast.List):
            self.fail(node, "a list is only allowed in discrete([values], [weights])")
        return self.number(node)

    def call(self, node: ast.Call) -> Distribution:
        func = node.func
        if not isinstance(func, ast.Name):
            self.fail(func, f"{_describe(func)} is not allowed; only distributions can be called")
        name = func.id
        if name not in _CONSTRUCTORS:
            self.fail(func, f"unknown distribution {name!r}{_suggest(name, list(_CONSTRUCTORS))}")
        fn = _CONSTRUCTORS[name]
        signature = inspect.signature(fn)
        args: list[Any] = []
        for i, arg in enumerate(node.args):
            if isinstance(arg, ast.Starred):
                self.fail(arg, "unpacking with * is not allowed")
            nested = name in _WRAPPERS and i == 0
            args.append(self.distribution(arg) if nested else self.value(arg, name))
        kwargs: dict[str, Any] = {}
        names = [p for p in signature.parameters if p != "dist"]
        for kw in node.keywords:
            if kw.arg is None:
                self.fail(kw, "unpacking with ** is not allowed")
            if kw.arg not in names:
                self.fail(kw, f"{name}() has no argument {kw.arg!r}{_suggest(kw.arg, names)}")
            kwargs[kw.arg] = self.value(kw.value, name)
        try:
            signature.bind(*args, **kwargs)
        except TypeError as exc:
            self.fail(node, f"{ast.get_source_segment(self.text, node)}: {exc}")
        try:
            return fn(*args, **kwargs)
        except DistributionError as exc:
            self.fail(node, str(exc))


def parse_distribution(text: str | float | int) -> Distribution:
    """Read a distribution from scenario text, e.g. ``"to(1, 10)"`` or ``"12000"``.

    Parameters
    ----------
    text
        The text form (at most :data:`MAX_SPEC_LENGTH` characters) or a bare number.

    The text is parsed with :func:`ast.parse` and walked with an allow-list (never
    evaluated): distribution calls, numbers (optionally negative), lists of numbers for
    ``discrete``, known keyword arguments, and a nested distribution only as the first
    argument of ``clip`` or ``truncate``. A bare number means :func:`fixed`.

    Raises
    ------
    DistributionError
        Naming the column of the problem and what is wrong.

    Examples
    --------
    >>> parse_distribution("clip(normal(0, 1), lo=0)") == clip(normal(0, 1), lo=0)
    True
    >>> parse_distribution("tto(1, 2)")
    Traceback (most recent call last):
    ...
    deterrence.errors.DistributionError: column 1: unknown distribution 'tto'; did you mean 'to'?
    """
    if isinstance(text, bool):
        raise DistributionError("expected a number or a distribution, not True/False")
    if isinstance(text, Real):
        return fixed(text)
    if not isinstance(text, str):
        raise DistributionError(f"expected a distribution text, not {type(text).__name__}")
    if len(text) > MAX_SPEC_LENGTH:
        raise DistributionError(
            f"distribution text is {len(text)} characters; the limit is {MAX_SPEC_LENGTH}"
        )
    body = text.lstrip()
    lead = len(text) - len(body)
    if not body.strip():
        raise DistributionError("empty distribution; write a number or e.g. to(1, 10)")
    try:
        with warnings.catch_warnings():  # e.g. "invalid decimal literal" for 1e
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(body, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        col = (getattr(exc, "offset", None) or 1) + lead
        raise DistributionError(f"column {col}: {getattr(exc, 'msg', str(exc))}") from None
    try:
        return _Reader(body, lead).distribution(tree.body)
    except RecursionError:
        raise DistributionError("distribution text is nested too deeply") from None
