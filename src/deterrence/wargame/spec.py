"""The ``wargame`` section of a scenario file: sides, state, moves, injects, visibility.

A scenario may carry one turn-based game built on its model. The section names the
**sides** (one per actor; the White Cell is always present), the **state variables** with
their initial values, the **moves** each side may make (a precondition, a chance of
success and the effects of each outcome, all as formulas over the scenario's quantities
and the state), the **injects** the White Cell brings in (on a set turn or at random),
and what each side can see (hidden variables, and perceived values that may differ from
the truth). The models here check the shape; :func:`check_wargame` checks every formula
and cross-reference, and reports each problem at its field path.

References
----------
.. [1] Perla, P. P. (1990). *The Art of Wargaming*. Naval Institute Press.
   (Sides, control and adjudication; the game as a structured conversation.)
.. [2] Engle, C. (1990s); Curry, J. & Price, T. (2014). *Matrix Games for Modern
   Wargaming*. History of Wargaming Project. (Moves argued as actions with a chance of
   success, results judged by a facilitator.)
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ..distributions import parse_distribution
from ..errors import DeterrenceError
from ..formula import parse_formula, suggest
from ..functions import FUNCTIONS

__all__ = [
    "OUTCOMES",
    "RESERVED_NAMES",
    "WHITE_CELL",
    "FormulaSpec",
    "Indicator",
    "Inject",
    "Move",
    "Outcome",
    "OutcomeSpec",
    "Side",
    "StateVariable",
    "WargameParameter",
    "WargameSpec",
    "WhiteCell",
    "check_wargame",
    "formula_text",
    "narrative_names",
]

Outcome = Literal["success", "partial", "fail", "backfire"]
OUTCOMES: tuple[Outcome, ...] = ("success", "partial", "fail", "backfire")
"""The four outcomes of a move, from best to worst for the side that makes it."""

WHITE_CELL = "white_cell"
"""The id of the White Cell, the facilitators who adjudicate and see everything."""

RESERVED_NAMES = frozenset({"turn", WHITE_CELL})
"""Names no parameter, state variable or side may take (``turn`` is the current turn)."""

NARRATIVE_WORDS = frozenset({"side", "move", "label", "turn", "date", "inject"})
"""Placeholders a narrative may use besides state variable names."""

Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", max_length=64)]
Text = Annotated[str, StringConstraints(max_length=20_000)]
FormulaSpec = Annotated[str, StringConstraints(max_length=2000)] | float
"""A formula as text, or a plain number."""
DistributionSpec = Annotated[str, StringConstraints(max_length=500)] | float

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

Loc = tuple[str | int, ...]
Problems = list[tuple[Loc, str]]


def formula_text(spec: str | float) -> str:
    """The text of a formula field: numbers are written back as text (``0.5`` -> ``"0.5"``)."""
    return spec if isinstance(spec, str) else repr(float(spec))


def narrative_names(template: str) -> list[str]:
    """The ``{name}`` placeholders of a narrative template, in order."""
    return _PLACEHOLDER.findall(template)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class WargameParameter(_Strict):
    """A number the game needs that the scenario's model does not have."""

    label: Text
    distribution: DistributionSpec
    point: float | None = Field(default=None, description="Value for point play; else the median.")
    unit: Text = ""
    source: Text = ""


class StateVariable(_Strict):
    """A quantity that changes during play (credibility, casualties, posture, ...)."""

    label: Text
    initial: FormulaSpec = Field(description="Value at the start: a number or a formula over "
                                             "scenario quantities.")
    unit: Text = ""
    description: Text = ""
    min: float | None = Field(default=None, description="Values below are raised to this.")
    max: float | None = Field(default=None, description="Values above are lowered to this.")
    each_turn: FormulaSpec | None = Field(
        default=None, description="New value at the end of every turn (for example decay).")


class OutcomeSpec(_Strict):
    """What one outcome of a move does: new values of state variables, and its story."""

    effects: dict[Identifier, FormulaSpec] = Field(
        default_factory=dict,
        description="Each variable's new value, a formula over the state before the move.")
    narrative: Text = ""


class Move(_Strict):
    """An action one side may take in a turn, and what can come of it.

    A seeded draw ``u`` from [0, 1) decides the outcome: ``success`` when
    ``u < probability``, ``partial`` within the next ``partial`` of the range,
    ``backfire`` within the top ``backfire`` of it, ``fail`` otherwise.
    """

    side: Identifier
    label: Text = ""
    description: Text = ""
    precondition: FormulaSpec | None = Field(
        default=None, description="The move is allowed only when this is true (non-zero).")
    probability: FormulaSpec = Field(description="Chance of full success.")
    partial: FormulaSpec = Field(default=0.0, description="Chance of partial success.")
    backfire: FormulaSpec = Field(default=0.0, description="Chance the move backfires.")
    outcomes: dict[Outcome, OutcomeSpec] = Field(default_factory=dict)


class Inject(_Strict):
    """An event the White Cell brings into play: on a set turn, at random, or both."""

    label: Text
    narrative: Text = ""
    turn: int | None = Field(default=None, ge=1, description="The turn it arrives on.")
    probability: FormulaSpec = Field(
        default=1.0, description="Chance it arrives (each turn, when no turn is set).")
    condition: FormulaSpec | None = Field(default=None, description="Only when this is true.")
    once: bool = True
    effects: dict[Identifier, FormulaSpec] = Field(default_factory=dict)


class Indicator(_Strict):
    """A yes/no question about the state to track (does South Korea escalate?)."""

    label: Text
    formula: FormulaSpec


class Side(_Strict):
    """A player side: its moves' owner, what it wants, what it sees and believes."""

    name: Text
    actor: Identifier | None = None
    briefing: Text = ""
    objective: FormulaSpec | None = Field(
        default=None, description="What the side wants, over the state; bots maximise it.")
    policy: Literal["greedy", "random", "scripted", "pass"] = "greedy"
    script: dict[int, Identifier] = Field(default_factory=dict,
                                          description="Move by turn, for scripted play.")
    hidden: list[Identifier] = Field(default_factory=list,
                                     description="State variables this side cannot see.")
    perceives: dict[Identifier, FormulaSpec] = Field(
        default_factory=dict, description="State variables this side sees as another value.")
    believes: dict[Identifier, FormulaSpec] = Field(
        default_factory=dict, description="Scenario quantities this side sees as another value.")
    moves_per_turn: int = Field(default=1, ge=0, le=20)


class WhiteCell(_Strict):
    """The facilitators: they adjudicate, bring injects and see everything."""

    name: Text = "White Cell"
    briefing: Text = ""


class WargameSpec(_Strict):
    """A turn-based game built on a scenario."""

    title: Text = ""
    briefing: Text = ""
    start: Text = Field(default="", description="Label of turn 1, e.g. 2024-Q4, 2025-03, 2025.")
    turn_length: Literal["day", "week", "month", "quarter", "year", "turn"] = "turn"
    turns: int = Field(default=8, ge=1, le=200)
    adjudication: Literal["rigid", "semi-free", "free"] = "rigid"
    probability_scale: Literal["icd203", "kent"] = "icd203"
    parameters: dict[Identifier, WargameParameter] = Field(default_factory=dict)
    sides: dict[Identifier, Side] = Field(min_length=1)
    white_cell: WhiteCell = Field(default_factory=WhiteCell)
    state: dict[Identifier, StateVariable] = Field(min_length=1)
    moves: dict[Identifier, Move] = Field(min_length=1)
    injects: dict[Identifier, Inject] = Field(default_factory=dict)
    indicators: dict[Identifier, Indicator] = Field(default_factory=dict)
    end_when: FormulaSpec | None = Field(default=None,
                                         description="The game ends when this becomes true.")


# ----------------------------------------------------------------- checks


def check_wargame(spec: WargameSpec, known_names: set[str]) -> Problems:
    """Problems of the wargame section (field path relative to it, message).

    Parameters
    ----------
    spec
        The section as read from the file.
    known_names
        The scenario's parameter and derived-quantity names.
    """
    problems = _check_names(spec, known_names)
    params = set(known_names) | set(spec.parameters)
    live = params | set(spec.state) | {"turn"}
    for loc, text, scope in _formulas(spec):
        problems += _check_formula(loc, text, params if scope == "params" else live)
    problems += _check_references(spec, params)
    problems += _check_narratives(spec)
    for name, p in spec.parameters.items():
        try:
            parse_distribution(p.distribution)
        except DeterrenceError as exc:
            problems.append((("parameters", name, "distribution"), str(exc)))
    return problems


def _formulas(spec: WargameSpec) -> Iterator[tuple[Loc, str | float, str]]:
    """Every formula of the section: its location, text and scope (``params`` or ``live``)."""
    for name, sv in spec.state.items():
        yield ("state", name, "initial"), sv.initial, "params"
        if sv.each_turn is not None:
            yield ("state", name, "each_turn"), sv.each_turn, "live"
    for mid, move in spec.moves.items():
        for fld in ("precondition", "probability", "partial", "backfire"):
            value = getattr(move, fld)
            if value is not None:
                yield ("moves", mid, fld), value, "live"
        for oname, outcome in move.outcomes.items():
            for var, text in outcome.effects.items():
                yield ("moves", mid, "outcomes", oname, "effects", var), text, "live"
    for iid, inject in spec.injects.items():
        yield ("injects", iid, "probability"), inject.probability, "live"
        if inject.condition is not None:
            yield ("injects", iid, "condition"), inject.condition, "live"
        for var, text in inject.effects.items():
            yield ("injects", iid, "effects", var), text, "live"
    for sid, side in spec.sides.items():
        if side.objective is not None:
            yield ("sides", sid, "objective"), side.objective, "live"
        for var, text in side.perceives.items():
            yield ("sides", sid, "perceives", var), text, "live"
        for name, text in side.believes.items():
            yield ("sides", sid, "believes", name), text, "params"
    for key, ind in spec.indicators.items():
        yield ("indicators", key, "formula"), ind.formula, "live"
    if spec.end_when is not None:
        yield ("end_when",), spec.end_when, "live"


def _check_formula(loc: Loc, text: str | float, known: Collection[str]) -> Problems:
    try:
        parse_formula(formula_text(text)).check_names(known)
    except DeterrenceError as exc:
        return [(loc, str(exc))]
    return []


def _check_names(spec: WargameSpec, known: set[str]) -> Problems:
    problems: Problems = []
    groups = (("parameters", spec.parameters), ("state", spec.state))
    for section, names in groups:
        for name in names:
            if name in RESERVED_NAMES or name in FUNCTIONS:
                problems.append(((section, name), f"{name!r} is a reserved name; rename it"))
            elif name in known:
                problems.append(((section, name),
                                 f"{name!r} is already a scenario parameter or derived quantity"))
    for name in set(spec.parameters) & set(spec.state):
        problems.append((("state", name),
                         f"{name!r} is both a game parameter and a state variable"))
    for sid in spec.sides:
        if sid in RESERVED_NAMES:
            problems.append((("sides", sid), f"{sid!r} is reserved for the White Cell; rename it"))
    for name, var in spec.state.items():
        if var.min is not None and var.max is not None and var.min > var.max:
            problems.append((("state", name, "min"), f"min ({var.min}) is above max ({var.max})"))
    return problems


def _unknown(kind: str, name: str, known: Collection[str]) -> str:
    return f"unknown {kind} {name!r}{suggest(name, known)}"


def _check_references(spec: WargameSpec, params: set[str]) -> Problems:
    problems: Problems = []
    state, sides = set(spec.state), set(spec.sides)
    for mid, move in spec.moves.items():
        if move.side not in sides:
            problems.append((("moves", mid, "side"), _unknown("side", move.side, sides)))
        for oname, outcome in move.outcomes.items():
            problems += [(("moves", mid, "outcomes", oname, "effects", var),
                          _unknown("state variable", var, state))
                         for var in outcome.effects if var not in state]
    for iid, inject in spec.injects.items():
        problems += [(("injects", iid, "effects", var), _unknown("state variable", var, state))
                     for var in inject.effects if var not in state]
        if inject.turn is not None and inject.turn > spec.turns:
            problems.append((("injects", iid, "turn"),
                             f"turn {inject.turn} is after the last turn ({spec.turns})"))
    for sid, side in spec.sides.items():
        problems += _check_side(spec, sid, side, state, params)
    return problems


def _check_side(spec: WargameSpec, sid: str, side: Side, state: set[str],
                params: set[str]) -> Problems:
    problems: Problems = []
    for i, var in enumerate(side.hidden):
        if var not in state:
            problems.append((("sides", sid, "hidden", i), _unknown("state variable", var, state)))
        elif var in side.perceives:
            problems.append((("sides", sid, "hidden", i),
                             f"{var!r} is both hidden and perceived; list it in one place"))
    problems += [(("sides", sid, "perceives", var), _unknown("state variable", var, state))
                 for var in side.perceives if var not in state]
    problems += [(("sides", sid, "believes", name), _unknown("scenario quantity", name, params))
                 for name in side.believes if name not in params]
    for turn, mid in side.script.items():
        loc: Loc = ("sides", sid, "script", turn)
        if not 1 <= turn <= spec.turns:
            problems.append((loc, f"turn {turn} is not between 1 and {spec.turns}"))
        elif mid not in spec.moves:
            problems.append((loc, _unknown("move", mid, spec.moves)))
        elif spec.moves[mid].side != sid:
            problems.append((loc, f"move {mid!r} belongs to {spec.moves[mid].side!r}, not {sid!r}"))
    return problems


def _check_narratives(spec: WargameSpec) -> Problems:
    allowed = set(spec.state) | NARRATIVE_WORDS
    problems: Problems = []
    texts: list[tuple[Loc, str]] = [(("injects", iid, "narrative"), i.narrative)
                                    for iid, i in spec.injects.items()]
    texts += [(("moves", mid, "outcomes", oname, "narrative"), o.narrative)
              for mid, m in spec.moves.items() for oname, o in m.outcomes.items()]
    for loc, text in texts:
        for name in narrative_names(text):
            if name not in allowed:
                problems.append((loc, f"unknown placeholder {{{name}}}{suggest(name, allowed)}; "
                                      "use a state variable or one of "
                                      + ", ".join(sorted(NARRATIVE_WORDS))))
    return problems
