"""The safe formula language: what it computes, and what it refuses."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from deterrence.errors import FormulaError
from deterrence.formula import MAX_LENGTH, parse_formula


def test_vectorised_arithmetic_matches_numpy() -> None:
    lam, T = 0.005, 90.0
    D = np.array([11000.0, 12000.0, 14000.0])
    f = parse_formula("D * (1 - exp(-lam * T))")
    assert f.names == {"D", "lam", "T"}
    np.testing.assert_allclose(f.evaluate({"D": D, "lam": lam, "T": T}), D * (1 - np.exp(-0.45)))


def test_conditionals_comparisons_and_logic() -> None:
    x = np.array([-2.0, 0.5, 3.0])
    assert parse_formula("x if x > 0 else -x").evaluate({"x": x}).tolist() == [2.0, 0.5, 3.0]
    assert parse_formula("0 < x <= 1").evaluate({"x": x}).tolist() == [0.0, 1.0, 0.0]
    assert parse_formula("x > 0 and not x > 1").evaluate({"x": x}).tolist() == [0, 1, 0]
    assert parse_formula("where(x < 0, 1, 2)").evaluate({"x": x}).tolist() == [1, 2, 2]
    assert parse_formula("max(x, 0, 1)").evaluate({"x": x}).tolist() == [1, 1, 3]
    assert parse_formula("clip(x, -1, 1)").evaluate({"x": x}).tolist() == [-1, 0.5, 1]


def test_probability_helpers() -> None:
    assert parse_formula("bayes_update(0.5, 1.5)").evaluate({}) == pytest.approx(0.6)
    assert parse_formula("from_odds(odds(0.2))").evaluate({}) == pytest.approx(0.2)
    assert parse_formula("normal_cdf(0)").evaluate({}) == pytest.approx(0.5)
    assert parse_formula("logistic(logit(0.3))").evaluate({}) == pytest.approx(0.3)


@given(st.floats(0.001, 0.999), st.floats(0.05, 20), st.floats(0.05, 20))
def test_bayes_updates_compose_as_product_of_ratios(p: float, a: float, b: float) -> None:
    env = {"p": p, "a": a, "b": b}
    twice = parse_formula("bayes_update(bayes_update(p, a), b)").evaluate(env)
    once = parse_formula("bayes_update(p, a * b)").evaluate(env)
    assert float(twice) == pytest.approx(float(once), rel=1e-9)
    assert float(parse_formula("bayes_update(p, 1)").evaluate(env)) == pytest.approx(p)


def test_float64_powers_cannot_hang() -> None:
    assert math.isinf(float(parse_formula("10 ** 10 ** 10").evaluate({})))
    assert math.isinf(float(parse_formula("9 ** 9 ** 9 ** 9").evaluate({})))


def test_constant_subtrees_are_folded_once() -> None:
    f = parse_formula("x * (2 ** 10)")
    assert f.names == {"x"}
    assert float(f.evaluate({"x": 2.0})) == 2048.0


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("__import__('os').system('touch /tmp/deterrence-pwned')", "attribute access"),
        ("__import__('os')", "not allowed"),
        ("x.real", "attribute access"),
        ("x[0]", "indexing"),
        ("(lambda: 1)()", "only named functions"),
        ("lambda: 1", "lambda"),
        ("[y for y in x]", "comprehensions"),
        ("{y for y in x}", "comprehensions"),
        ("(y := 3)", "assignment"),
        ("'text'", "only numbers"),
        ("f'{x}'", "strings"),
        ("open('/etc/passwd')", "unknown function 'open'"),
        ("exq(1)", "did you mean 'exp'"),
        ("max(x)", "called with 1 argument"),
        ("exp(x=1)", "keyword arguments"),
        ("x ^ 2", "use ** for powers"),
        ("x // 2", "'//' is not allowed"),
        ("_secret", "starting with '_'"),
        ("x if", "syntax error"),
        ("", "empty"),
        ("True and None", "only numbers"),
    ],
)
def test_refusals_name_the_problem(text: str, fragment: str) -> None:
    with pytest.raises(FormulaError) as info:
        parse_formula(text, where="derived.q")
    assert fragment in str(info.value)
    assert str(info.value).startswith("derived.q: ")


def test_hostile_formula_runs_nothing() -> None:
    marker = Path("/tmp/deterrence-pwned")
    marker.unlink(missing_ok=True)
    with pytest.raises(FormulaError):
        parse_formula("__import__('os').system('touch /tmp/deterrence-pwned')")
    assert not marker.exists()


def test_syntax_error_points_at_the_column() -> None:
    with pytest.raises(FormulaError) as info:
        parse_formula("a + * b")
    assert info.value.column == 5
    assert "    a + * b\n        ^" in str(info.value)


def test_unknown_name_gets_a_suggestion_and_column() -> None:
    f = parse_formula("h0 * LRR")
    with pytest.raises(FormulaError) as info:
        f.check_names({"h0", "LR", "lam"}, where="derived.h1")
    assert "unknown name 'LRR' (did you mean 'LR'?)" in str(info.value)
    assert info.value.column == 6


def test_too_long_and_too_deep_are_refused() -> None:
    with pytest.raises(FormulaError, match="limit is"):
        parse_formula("1+" * MAX_LENGTH + "1")
    with pytest.raises(FormulaError, match="nested"):
        parse_formula("-" * 500 + "1")
    with pytest.raises(FormulaError):
        parse_formula("(" * 300 + "1" + ")" * 300)


def test_huge_integer_literal_is_refused() -> None:
    with pytest.raises(FormulaError, match="too large"):
        parse_formula("9" * 400)


_leaf = st.one_of(st.sampled_from(["a", "b"]), st.integers(1, 9).map(str))


def _expr(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    ops = st.sampled_from(["+", "-", "*"])
    return st.tuples(children, ops, children).map(lambda t: f"({t[0]} {t[1]} {t[2]})")


@given(st.recursive(_leaf, _expr, max_leaves=12), st.floats(-5, 5), st.floats(-5, 5))
def test_arithmetic_agrees_with_python_floats(text: str, a: float, b: float) -> None:
    # Reference: the same arithmetic done by Python on floats, via a tiny interpreter.
    import ast

    def ref(node: ast.AST) -> float:
        if isinstance(node, ast.BinOp):
            x, y = ref(node.left), ref(node.right)
            return {ast.Add: x + y, ast.Sub: x - y, ast.Mult: x * y}[type(node.op)]
        if isinstance(node, ast.Name):
            return {"a": a, "b": b}[node.id]
        assert isinstance(node, ast.Constant)
        return float(node.value)

    expected = ref(ast.parse(text, mode="eval").body)
    got = float(parse_formula(text).evaluate({"a": a, "b": b}))
    assert got == pytest.approx(expected, rel=1e-12, abs=1e-12)
