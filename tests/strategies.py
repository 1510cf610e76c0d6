"""Hypothesis strategies shared by property tests: random but valid scenarios."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

_pos = st.floats(0.01, 10)
_real = st.floats(-10, 10)
_width = st.floats(0.1, 10)
DISTRIBUTIONS = st.one_of(
    st.floats(-100, 100, allow_nan=False).map(repr),
    st.tuples(_pos, st.floats(1.1, 5)).map(lambda t: f"to({t[0]!r}, {t[0] * t[1]!r})"),
    st.tuples(_real, _width).map(lambda t: f"uniform({t[0]!r}, {t[0] + t[1]!r})"),
    st.tuples(_real, _width).map(lambda t: f"normal({t[0]!r}, {t[1]!r})"),
    st.tuples(st.floats(0, 1), _width).map(lambda t: f"pert(0, {t[0] * t[1]!r}, {t[1]!r})"),
    st.floats(0.05, 0.95).map(lambda p: f"bernoulli({p!r})"),
)


def _expression(names: list[str]) -> st.SearchStrategy[str]:
    leaf = st.one_of(st.sampled_from(names), st.integers(1, 9).map(str))

    def grow(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        binary = st.tuples(children, st.sampled_from(["+", "-", "*"]), children).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})")
        call = st.tuples(st.sampled_from(["abs", "logistic", "sqrt"]), children).map(
            lambda t: f"{t[0]}(abs({t[1]}))" if t[0] == "sqrt" else f"{t[0]}({t[1]})")
        pair = st.tuples(st.sampled_from(["max", "min"]), children, children).map(
            lambda t: f"{t[0]}({t[1]}, {t[2]})")
        cond = st.tuples(children, children, children).map(
            lambda t: f"({t[0]} if {t[1]} > 0 else {t[2]})")
        return st.one_of(binary, call, pair, cond)

    return st.recursive(leaf, grow, max_leaves=6)


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """A random valid scenario as plain data (what a YAML file would hold)."""
    n_params = draw(st.integers(1, 5))
    params = [f"p{i}" for i in range(n_params)]
    data: dict[str, Any] = {
        "id": "random",
        "title": draw(st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]),
                              min_size=1, max_size=30).filter(str.strip)).strip(),
        "claims": [{"id": "c1", "where": "¶1", "text": "A claim."}],
        "parameters": {p: {"label": p, "distribution": draw(DISTRIBUTIONS)} for p in params},
    }
    names = list(params)
    derived: dict[str, Any] = {}
    for i in range(draw(st.integers(0, 3))):
        derived[f"d{i}"] = {"formula": draw(_expression(names))}
        names.append(f"d{i}")
    if derived:
        data["derived"] = derived
    options: dict[str, Any] = {}
    for j in range(draw(st.integers(2, 3))):
        n_terms = draw(st.integers(0, 3))
        options[f"o{j}"] = {"terms": [
            {"id": f"t{k}", "kind": draw(st.sampled_from(["benefit", "cost", "risk"])),
             "formula": draw(_expression(names)), "claims": ["c1"]}
            for k in range(n_terms)]}
    data["decision"] = {"id": "choice", "actor": "someone", "options": options}
    data["outcomes"] = draw(st.lists(st.sampled_from(names), max_size=3, unique=True))
    return data
