"""The safe formula language of scenario files.

A formula such as ``D * (1 - exp(-lam * T))`` is parsed with Python's own parser
(:func:`ast.parse`, which only builds a syntax tree and runs nothing), then every
node of the tree is checked against an allow-list: numbers, names, arithmetic,
comparisons, ``and``/``or``/``not``, ``a if cond else b`` and calls of the
functions in :data:`deterrence.functions.FUNCTIONS`. The checked tree is compiled
once into nested numpy closures, so evaluating a million draws is one numpy call
per node. ``eval`` and ``exec`` are never used.

Arithmetic is float64 throughout, so ``10 ** 10 ** 10`` is ``inf``, not a hang.
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .errors import FormulaError
from .functions import FUNCTIONS

__all__ = ["MAX_DEPTH", "MAX_LENGTH", "Formula", "parse_formula", "suggest"]

MAX_LENGTH = 2000
"""Longest formula text accepted, in characters."""
MAX_DEPTH = 60
"""Deepest nesting of operations accepted."""

Env = Mapping[str, Any]
Node = Callable[[Env], Any]

_BINARY: dict[type[ast.operator], tuple[Callable[[Any, Any], Any], str]] = {
    ast.Add: (np.add, "+"),
    ast.Sub: (np.subtract, "-"),
    ast.Mult: (np.multiply, "*"),
    ast.Div: (np.true_divide, "/"),
    ast.Pow: (np.power, "**"),
    ast.Mod: (np.mod, "%"),
}
_OTHER_OPERATORS: dict[type[ast.operator], str] = {
    ast.BitXor: "^", ast.BitAnd: "&", ast.BitOr: "|", ast.FloorDiv: "//",
    ast.LShift: "<<", ast.RShift: ">>", ast.MatMult: "@",
}
_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Lt: np.less,
    ast.LtE: np.less_equal,
    ast.Gt: np.greater,
    ast.GtE: np.greater_equal,
    ast.Eq: np.equal,
    ast.NotEq: np.not_equal,
}
_REFUSED: dict[type[ast.AST], str] = {
    ast.Attribute: "attribute access ('.') is not allowed",
    ast.Subscript: "indexing ('[...]') is not allowed",
    ast.Lambda: "lambda is not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions are not allowed",
    ast.NamedExpr: "assignment (':=') is not allowed",
    ast.Await: "await is not allowed",
    ast.Starred: "starred arguments are not allowed",
    ast.JoinedStr: "strings are not allowed",
    ast.List: "lists are not allowed",
    ast.Tuple: "tuples are not allowed",
    ast.Dict: "dictionaries are not allowed",
    ast.Set: "sets are not allowed",
}


def suggest(name: str, known: Collection[str]) -> str:
    """Return a ``did you mean`` hint for ``name`` among ``known`` (empty if none is close)."""
    close = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.6)
    if not close:
        return ""
    return " (did you mean " + " or ".join(repr(c) for c in close) + "?)"


@dataclass(frozen=True)
class Formula:
    """A parsed, checked and compiled formula.

    Attributes
    ----------
    text
        The formula as written.
    names
        The free names it refers to (parameters or derived quantities).
    """

    text: str
    names: frozenset[str]
    _fn: Node = field(repr=False, compare=False)

    def evaluate(self, env: Env) -> NDArray[np.float64]:
        """Evaluate on ``env``, a mapping from each name to a number or a float64 array."""
        with np.errstate(all="ignore"):
            out = self._fn(env)
        return np.asarray(out, dtype=np.float64)

    def check_names(self, known: Collection[str], *, where: str | None = None) -> None:
        """Raise :class:`FormulaError` naming the first name not in ``known``, with a suggestion."""
        for name in sorted(self.names):
            if name not in known:
                col = _column_of_name(self.text, name)
                raise FormulaError(
                    f"unknown name {name!r}{suggest(name, known)}",
                    formula=self.text,
                    column=col,
                    where=where,
                )


def parse_formula(text: str, *, where: str | None = None) -> Formula:
    """Parse, check and compile ``text``.

    Parameters
    ----------
    text
        The formula. Numbers, names, ``+ - * / ** %``, comparisons, ``and or not``,
        ``a if cond else b`` and calls of allow-listed functions only.
    where
        Where the formula lives, used in error messages (e.g. ``derived.h1``).

    Raises
    ------
    FormulaError
        If the text is empty, too long, too deep, not valid syntax or uses anything
        outside the allow-list. The message gives the column.
    """
    if not isinstance(text, str):
        raise FormulaError(f"a formula must be text, not {type(text).__name__}", where=where)
    if not text.strip():
        raise FormulaError("the formula is empty", where=where)
    if len(text) > MAX_LENGTH:
        raise FormulaError(
            f"the formula is {len(text)} characters long; the limit is {MAX_LENGTH}", where=where
        )
    if "\n" in text.strip():
        text = " ".join(text.split())
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        col = exc.offset if exc.offset else None
        raise FormulaError(f"syntax error: {exc.msg}", formula=text.strip(), column=col,
                           where=where) from None
    except (RecursionError, MemoryError, ValueError):
        raise FormulaError("the formula is too deeply nested", where=where) from None
    text = text.strip()
    _check_depth(tree, text, where)
    compiler = _Compiler(text, where)
    fn = compiler.compile(tree.body)
    return Formula(text=text, names=frozenset(compiler.names), _fn=fn)


def _check_depth(tree: ast.AST, text: str, where: str | None) -> None:
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise FormulaError(
                f"the formula is nested more than {MAX_DEPTH} levels deep", formula=text,
                column=_col(text, node), where=where)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))


def _col(text: str, node: ast.AST) -> int | None:
    offset = getattr(node, "col_offset", None)
    if offset is None:
        return None
    return len(text.encode("utf-8")[:offset].decode("utf-8", errors="ignore")) + 1


def _column_of_name(text: str, name: str) -> int | None:
    for node in ast.walk(ast.parse(text, mode="eval")):
        if isinstance(node, ast.Name) and node.id == name:
            return _col(text, node)
    return None


def _const(value: Any) -> Node:
    return lambda env: value


class _Compiler:
    """Turns a checked syntax tree into nested closures; folds constant sub-trees."""

    def __init__(self, text: str, where: str | None) -> None:
        self.text = text
        self.where = where
        self.names: set[str] = set()

    def fail(self, node: ast.AST, message: str) -> FormulaError:
        return FormulaError(message, formula=self.text, column=_col(self.text, node),
                            where=self.where)

    def compile(self, node: ast.AST) -> Node:
        fn, _ = self._compile(node)
        return fn

    def _compile(self, node: ast.AST) -> tuple[Node, bool]:
        """Return the closure for ``node`` and whether it is a constant."""
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            reason = _REFUSED.get(type(node), f"'{type(node).__name__}' is not allowed")
            raise self.fail(node, reason)
        fn, is_const = method(node)
        if is_const:
            with np.errstate(all="ignore"):
                value = fn({})
            return _const(value), True
        return fn, False

    def _Constant(self, node: ast.Constant) -> tuple[Node, bool]:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(node, f"only numbers are allowed, not {value!r}")
        try:
            number = np.float64(float(value))
        except OverflowError:
            raise self.fail(node, "this number is too large") from None
        return _const(number), True

    def _Name(self, node: ast.Name) -> tuple[Node, bool]:
        name = node.id
        if name.startswith("_"):
            raise self.fail(node, f"names starting with '_' are not allowed ({name!r})")
        if name in ("True", "False"):
            return _const(np.float64(name == "True")), True
        self.names.add(name)
        return (lambda env: env[name]), False

    def _BinOp(self, node: ast.BinOp) -> tuple[Node, bool]:
        entry = _BINARY.get(type(node.op))
        if entry is None:
            symbol = _OTHER_OPERATORS.get(type(node.op), type(node.op).__name__)
            hint = " (use ** for powers)" if isinstance(node.op, ast.BitXor) else ""
            raise self.fail(node, f"operator '{symbol}' is not allowed{hint}")
        op = entry[0]
        (a, ca), (b, cb) = self._compile(node.left), self._compile(node.right)
        return (lambda env: op(a(env), b(env))), ca and cb

    def _UnaryOp(self, node: ast.UnaryOp) -> tuple[Node, bool]:
        a, ca = self._compile(node.operand)
        if isinstance(node.op, ast.USub):
            return (lambda env: np.negative(a(env))), ca
        if isinstance(node.op, ast.UAdd):
            return a, ca
        if isinstance(node.op, ast.Not):
            return (lambda env: np.logical_not(a(env)).astype(np.float64)), ca
        raise self.fail(node, "operator '~' is not allowed")

    def _BoolOp(self, node: ast.BoolOp) -> tuple[Node, bool]:
        parts = [self._compile(v) for v in node.values]
        fns = [p[0] for p in parts]
        op = np.logical_and if isinstance(node.op, ast.And) else np.logical_or

        def run(env: Env) -> Any:
            out = np.asarray(fns[0](env)) != 0
            for f in fns[1:]:
                out = op(out, np.asarray(f(env)) != 0)
            return out.astype(np.float64)

        return run, all(p[1] for p in parts)

    def _Compare(self, node: ast.Compare) -> tuple[Node, bool]:
        left = self._compile(node.left)
        rights = [self._compile(c) for c in node.comparators]
        ops = [_COMPARE[type(o)] for o in node.ops if type(o) in _COMPARE]
        if len(ops) != len(node.ops):
            raise self.fail(node, "only < <= > >= == != comparisons are allowed")
        fns = [left[0]] + [r[0] for r in rights]

        def run(env: Env) -> Any:
            values = [f(env) for f in fns]
            out: Any = True
            for op, a, b in zip(ops, values[:-1], values[1:], strict=True):
                out = np.logical_and(out, op(a, b))
            return np.asarray(out, dtype=np.float64)

        return run, left[1] and all(r[1] for r in rights)

    def _IfExp(self, node: ast.IfExp) -> tuple[Node, bool]:
        (t, ct), (a, ca), (b, cb) = (self._compile(n) for n in (node.test, node.body, node.orelse))
        return (lambda env: np.where(np.asarray(t(env)) != 0, a(env), b(env))), ct and ca and cb

    def _Call(self, node: ast.Call) -> tuple[Node, bool]:
        if not isinstance(node.func, ast.Name):
            if isinstance(node.func, ast.Attribute):
                raise self.fail(node, "attribute access ('.') is not allowed")
            raise self.fail(node, "only named functions can be called")
        name = node.func.id
        if name.startswith("_"):
            raise self.fail(node, f"names starting with '_' are not allowed ({name!r})")
        spec = FUNCTIONS.get(name)
        if spec is None:
            raise self.fail(node, f"unknown function {name!r}{suggest(name, FUNCTIONS)}")
        if node.keywords:
            raise self.fail(node, f"{spec.signature}: keyword arguments are not allowed")
        n = len(node.args)
        if n < spec.min_args or (spec.max_args is not None and n > spec.max_args):
            raise self.fail(node, f"{spec.signature} called with {n} argument(s)")
        parts = [self._compile(a) for a in node.args]
        fns = [p[0] for p in parts]
        fn = spec.fn
        return (lambda env: fn(*(f(env) for f in fns))), all(p[1] for p in parts)
