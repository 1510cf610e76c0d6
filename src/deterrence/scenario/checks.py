"""Cross-reference checks of a scenario, each problem tied to the field it is in.

The pydantic models check each field on its own; these checks look across
sections: every claim, actor and name cited exists, every formula and
distribution parses, and derived quantities form no cycle.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from math import isfinite, pi, sin

import numpy as np

from ..distributions import parse_distribution
from ..errors import DeterrenceError
from ..formula import Formula, parse_formula, suggest
from ..functions import FUNCTIONS
from ..games.spec import check_game
from ..wargame.spec import check_wargame
from .schema import Scenario

__all__ = ["Loc", "Problem", "check_scenario", "dependency_order", "parse_formulas"]

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario, at field path ``loc``."""

    loc: Loc
    message: str


def check_scenario(scenario: Scenario) -> list[Problem]:
    """Every cross-reference problem of ``scenario`` (an empty list when it is sound)."""
    problems = list(_names(scenario))
    problems += _distributions(scenario)
    problems += _correlations(scenario)
    problems += _references(scenario)
    formulas, formula_problems = parse_formulas(scenario)
    problems += formula_problems
    if not formula_problems:
        problems += _cycles(scenario, formulas)
    problems += _sections(scenario)
    return problems


def _sections(s: Scenario) -> list[Problem]:
    """Problems of the optional games and wargame sections, checked by their own modules."""
    known = set(s.parameters) | set(s.derived)
    out = [Problem(("games", gid, *loc), message)
           for gid, game in s.games.items() for loc, message in check_game(game, known)]
    if s.wargame is not None:
        out += [Problem(("wargame", *loc), message)
                for loc, message in check_wargame(s.wargame, known)]
    return out


def _names(s: Scenario) -> Iterator[Problem]:
    for name in s.derived:
        if name in s.parameters:
            yield Problem(("derived", name), f"{name!r} is both a parameter and a derived quantity")
    for section, names in (("parameters", s.parameters), ("derived", s.derived)):
        for name in names:
            if name in FUNCTIONS:
                yield Problem((section, name), f"{name!r} is the name of a function; rename it")
    seen: set[str] = set()
    for i, claim in enumerate(s.claims):
        if claim.id in seen:
            yield Problem(("claims", i, "id"), f"claim id {claim.id!r} is used twice")
        seen.add(claim.id)
    for oid, option in s.decision.options.items():
        ids = [t.id for t in option.terms]
        for j, tid in enumerate(ids):
            if tid in ids[:j]:
                yield Problem(("decision", "options", oid, "terms", j, "id"),
                              f"term id {tid!r} is used twice in option {oid!r}")
    if sum(o.status_quo for o in s.decision.options.values()) > 1:
        yield Problem(("decision", "options"), "only one option can be the status quo")


def _distributions(s: Scenario) -> Iterator[Problem]:
    for name, p in s.parameters.items():
        try:
            parse_distribution(p.distribution)
        except DeterrenceError as exc:
            yield Problem(("parameters", name, "distribution"), str(exc))
    for pid, perspective in s.perspectives.items():
        for name, spec in perspective.set.items():
            loc: Loc = ("perspectives", pid, "set", name)
            if name not in s.parameters:
                yield Problem(loc, f"unknown parameter {name!r}{suggest(name, s.parameters)}")
                continue
            try:
                parse_distribution(spec)
            except DeterrenceError as exc:
                yield Problem(loc, str(exc))


def _correlations(s: Scenario) -> list[Problem]:
    """Each rank correlation names two different uncertain parameters, once, with |rank| < 1."""
    out: list[Problem] = []
    seen: dict[frozenset[str], int] = {}
    for i, c in enumerate(s.correlations):
        for j, name in enumerate(c.between):
            if name not in s.parameters:
                out.append(Problem(("correlations", i, "between", j),
                                   f"unknown parameter {name!r}{suggest(name, s.parameters)}"))
            elif _is_fixed(s.parameters[name].distribution):
                out.append(Problem(("correlations", i, "between", j),
                                   f"{name!r} is a fixed value, so it cannot be correlated"))
        if c.between[0] == c.between[1]:
            out.append(Problem(("correlations", i, "between"),
                               f"{c.between[0]!r} cannot be correlated with itself"))
        if not (isfinite(c.rank) and -1.0 < c.rank < 1.0):
            out.append(Problem(("correlations", i, "rank"),
                               f"rank must lie strictly between -1 and 1, not {c.rank}"))
        key = frozenset(c.between)
        if key in seen:
            out.append(Problem(("correlations", i), f"{' and '.join(c.between)} are already "
                               f"correlated in entry {seen[key]}"))
        seen.setdefault(key, i)
    return out or _consistent(s)


def _is_fixed(spec: str | float) -> bool:
    try:
        return parse_distribution(spec).is_fixed
    except DeterrenceError:
        return False  # reported by _distributions


def _consistent(s: Scenario) -> list[Problem]:
    """The correlation matrix sampling uses (Pearson of normal scores) must be positive definite.

    A rank correlation r becomes 2 sin(pi r / 6) on the normal scores (Kruskal 1958).
    """
    if not s.correlations:
        return []
    names = sorted({n for c in s.correlations for n in c.between})
    at = {n: k for k, n in enumerate(names)}
    matrix = np.eye(len(names))
    for c in s.correlations:
        a, b = at[c.between[0]], at[c.between[1]]
        matrix[a, b] = matrix[b, a] = 2.0 * sin(pi * c.rank / 6.0)
    smallest = float(np.linalg.eigvalsh(matrix)[0])
    if smallest > 1e-9:
        return []
    return [Problem(("correlations",), "these rank correlations cannot all hold at once (their "
                    f"matrix is not positive definite: smallest eigenvalue {smallest:.3g}); "
                    "weaken the strongest ones or check their signs")]


def _references(s: Scenario) -> Iterator[Problem]:
    claims = {c.id for c in s.claims}
    actors = {a.id for a in s.actors}

    def cited(loc: Loc, ids: list[str]) -> Iterator[Problem]:
        for i, cid in enumerate(ids):
            if cid not in claims:
                yield Problem((*loc, "claims", i), f"unknown claim {cid!r}{suggest(cid, claims)}")

    for name, p in s.parameters.items():
        yield from cited(("parameters", name), p.claims)
    for name, d in s.derived.items():
        yield from cited(("derived", name), d.claims)
    for oid, option in s.decision.options.items():
        for j, term in enumerate(option.terms):
            yield from cited(("decision", "options", oid, "terms", j), term.claims)
    if actors and s.decision.actor not in actors:
        yield Problem(("decision", "actor"),
                      f"unknown actor {s.decision.actor!r}{suggest(s.decision.actor, actors)}")
    known = set(s.parameters) | set(s.derived)
    for i, name in enumerate(s.outcomes):
        if name not in known:
            yield Problem(("outcomes", i), f"unknown quantity {name!r}{suggest(name, known)}")


def parse_formulas(s: Scenario) -> tuple[dict[Loc, Formula], list[Problem]]:
    """Parse every formula of ``s``, checking each name it uses.

    Returns the formulas by field path (``("derived", name)`` or
    ``("decision", "options", option, "terms", index)``) and the problems found.
    """
    known = set(s.parameters) | set(s.derived)
    formulas: dict[Loc, Formula] = {}
    problems: list[Problem] = []
    texts: list[tuple[Loc, str]] = [(("derived", n), d.formula) for n, d in s.derived.items()]
    for oid, option in s.decision.options.items():
        texts += [(("decision", "options", oid, "terms", j), t.formula)
                  for j, t in enumerate(option.terms)]
    for loc, text in texts:
        field_loc = (*loc, "formula")
        try:
            formula = parse_formula(text)
            formula.check_names(known)
        except DeterrenceError as exc:
            problems.append(Problem(field_loc, str(exc)))
            continue
        formulas[loc] = formula
    return formulas, problems


def dependency_order(derived: Mapping[str, Formula]) -> list[str]:
    """Derived quantities in an order where each comes after what it uses.

    Raises
    ------
    DeterrenceError
        If the derived quantities refer to each other in a cycle; the message gives its path.
    """
    order: list[str] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    for root in derived:
        if state.get(root):
            continue
        stack: list[tuple[str, list[str]]] = [(root, sorted(derived[root].names & derived.keys()))]
        state[root] = 1
        path = [root]
        while stack:
            node, todo = stack[-1]
            if not todo:
                stack.pop()
                path.pop()
                state[node] = 2
                order.append(node)
                continue
            nxt = todo.pop()
            if state.get(nxt) == 1:
                cycle = [*path[path.index(nxt):], nxt]
                raise DeterrenceError("derived quantities form a cycle: " + " -> ".join(cycle))
            if not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, sorted(derived[nxt].names & derived.keys())))
    return order


def _cycles(s: Scenario, formulas: dict[Loc, Formula]) -> list[Problem]:
    derived = {str(loc[1]): f for loc, f in formulas.items() if loc[0] == "derived"}
    try:
        dependency_order(derived)
    except DeterrenceError as exc:
        name = str(exc).rsplit(": ", 1)[-1].split(" -> ")[0]
        return [Problem(("derived", name, "formula"), str(exc))]
    return []
