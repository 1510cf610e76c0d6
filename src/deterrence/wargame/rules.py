"""The rules of a wargame: its scenario section compiled to vectorised functions.

:class:`Rules` holds every formula of the ``wargame`` section parsed once. Its methods
evaluate them on an *environment*: a mapping from each name (scenario parameters and
derived quantities, game parameters, state variables and ``turn``) to a number or to a
numpy array with one entry per run. The interactive engine evaluates them on numbers;
Monte Carlo play evaluates them on arrays of all runs at once. Both use these same
functions, so a move means the same thing in a classroom session and in 10,000 games.

References
----------
.. [1] Perla, P. P. (1990). *The Art of Wargaming*, ch. 9: a game's model must be explicit
   for its results to be examined afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..distributions import Distribution, parse_distribution
from ..errors import DeterrenceError
from ..formula import Formula, parse_formula, suggest
from ..model import Model
from ..scenario.schema import Scenario
from .errors import WargameError
from .spec import OUTCOMES, Outcome, WargameSpec, formula_text

__all__ = ["Bands", "CompiledInject", "CompiledMove", "Env", "Rules", "turn_label"]

Array = NDArray[np.float64]
Value = Any  # a float64 number or array; kept loose for numpy broadcasting
Env = Mapping[str, Any]
Effects = tuple[tuple[str, Formula], ...]


def _f(text: str | float) -> Formula:
    return parse_formula(formula_text(text))


@dataclass(frozen=True)
class Bands:
    """The chance of each outcome of a move; ``fail`` is what the other three leave."""

    success: Value
    partial: Value
    backfire: Value

    @property
    def fail(self) -> Value:
        """Chance of plain failure."""
        return np.clip(1.0 - self.success - self.partial - self.backfire, 0.0, 1.0)

    def of(self, outcome: Outcome) -> Value:
        """Chance of ``outcome``."""
        return {"success": self.success, "partial": self.partial, "fail": self.fail,
                "backfire": self.backfire}[outcome]

    def as_floats(self) -> dict[str, float]:
        """The four chances as plain numbers (for one game, not many runs)."""
        return {o: float(self.of(o)) for o in OUTCOMES}


@dataclass(frozen=True)
class CompiledMove:
    """A move with its formulas parsed; ``effects`` and ``narratives`` are by outcome."""

    id: str
    side: str
    label: str
    description: str
    precondition: Formula | None
    success: Formula
    partial: Formula
    backfire: Formula
    effects: Mapping[Outcome, Effects]
    narratives: Mapping[Outcome, str]


@dataclass(frozen=True)
class CompiledInject:
    """An inject with its formulas parsed."""

    id: str
    label: str
    narrative: str
    turn: int | None
    probability: Formula
    condition: Formula | None
    once: bool
    effects: Effects


def _clip01(x: Value) -> Value:
    return np.clip(np.nan_to_num(np.asarray(x, dtype=np.float64), nan=0.0), 0.0, 1.0)


def _truth(x: Value) -> Value:
    return np.asarray(x) != 0


@dataclass(frozen=True)
class Rules:
    """A scenario's wargame, compiled. Build one with :meth:`Rules.compile`."""

    scenario: Scenario
    spec: WargameSpec
    model: Model
    game_parameters: Mapping[str, Distribution]
    variables: tuple[str, ...]
    initial: tuple[Formula, ...]
    lower: Array
    upper: Array
    each_turn: Effects
    sides: tuple[str, ...]
    moves: Mapping[str, CompiledMove]
    side_moves: Mapping[str, tuple[str, ...]]
    injects: tuple[CompiledInject, ...]
    indicators: tuple[tuple[str, Formula], ...]
    end_when: Formula | None
    objectives: Mapping[str, Formula | None]
    perceives: Mapping[str, Effects]
    believes: Mapping[str, Effects]
    hidden: Mapping[str, frozenset[str]]
    overrides: Mapping[str, str]

    @classmethod
    def compile(cls, scenario: Scenario, *, perspective: str | None = None,
                overrides: Mapping[str, str | float] | None = None) -> Rules:
        """Compile ``scenario``'s wargame with a perspective and parameter overrides.

        Raises
        ------
        WargameError
            If the scenario has no ``wargame`` section or an override is unknown.
        """
        spec = scenario.wargame
        if spec is None:
            raise WargameError(f"scenario {scenario.id!r} has no wargame section; add one "
                               "(see docs/wargame.md)")
        given = {k: str(v) for k, v in (overrides or {}).items()}
        overrides = dict(overrides or {})
        game_over = {k: overrides.pop(k) for k in list(overrides) if k in spec.parameters}
        model = Model.compile(scenario, perspective=perspective, overrides=overrides)
        game_params: dict[str, Distribution] = {}
        for name, p in spec.parameters.items():
            try:
                game_params[name] = parse_distribution(game_over.get(name, p.distribution))
            except DeterrenceError as exc:
                raise WargameError(f"game parameter {name}: {exc}") from None
        variables = tuple(spec.state)
        moves = {mid: _compile_move(mid, m) for mid, m in spec.moves.items()}
        sides = tuple(spec.sides)
        proxy = MappingProxyType
        return cls(
            scenario=scenario, spec=spec, model=model, game_parameters=proxy(game_params),
            variables=variables,
            initial=tuple(_f(v.initial) for v in spec.state.values()),
            lower=np.array([-np.inf if v.min is None else v.min for v in spec.state.values()]),
            upper=np.array([np.inf if v.max is None else v.max for v in spec.state.values()]),
            each_turn=tuple((n, _f(v.each_turn)) for n, v in spec.state.items()
                            if v.each_turn is not None),
            sides=sides,
            moves=proxy(moves),
            side_moves=proxy({s: tuple(m for m in moves if moves[m].side == s) for s in sides}),
            injects=tuple(_compile_inject(iid, i) for iid, i in spec.injects.items()),
            indicators=tuple((k, _f(i.formula)) for k, i in spec.indicators.items()),
            end_when=None if spec.end_when is None else _f(spec.end_when),
            objectives=proxy({s: None if side.objective is None else _f(side.objective)
                              for s, side in spec.sides.items()}),
            perceives=proxy({s: tuple((v, _f(t)) for v, t in side.perceives.items())
                             for s, side in spec.sides.items()}),
            believes=proxy({s: tuple((v, _f(t)) for v, t in side.believes.items())
                            for s, side in spec.sides.items()}),
            hidden=proxy({s: frozenset(side.hidden) for s, side in spec.sides.items()}),
            overrides=proxy(given),
        )

    # ------------------------------------------------------------ parameters

    def point_parameters(self) -> dict[str, float]:
        """Every parameter (scenario and game) at its point value: the stated point, else (or
        when an override replaces the distribution) the median."""
        out = {k: float(v) for k, v in self.model.point_values().items()}
        for name, dist in self.game_parameters.items():
            stated = self.spec.parameters[name].point
            if stated is None or name in self.overrides:  # an override replaces the point
                out[name] = float(dist.median())
            else:
                out[name] = float(stated)
        return out

    def draw_parameters(self, n: int, *, rng: np.random.Generator) -> dict[str, Array]:
        """``n`` draws of every parameter: the scenario's in file order, then the game's."""
        out = self.model.sample(n, rng=rng)
        out.update({k: d.sample(n, rng=rng) for k, d in self.game_parameters.items()})
        return out

    def environment(self, parameters: Mapping[str, Any]) -> dict[str, Any]:
        """Parameters plus every derived quantity computed from them."""
        return self._derive(parameters, {})

    def believed_environment(self, side: str, env: Env) -> dict[str, Any]:
        """``env`` as ``side`` believes it: its ``believes`` values, derived quantities redone."""
        beliefs = self.believes[side]
        if not beliefs:
            return dict(env)
        fixed = {name: formula.evaluate(env) for name, formula in beliefs}
        return self._derive(env, fixed)

    def _derive(self, parameters: Mapping[str, Any], fixed: Mapping[str, Any]) -> dict[str, Any]:
        names = [*self.model.distributions, *self.game_parameters]
        missing = [n for n in names if n not in parameters]
        if missing:
            raise WargameError(f"no values given for parameter(s): {', '.join(missing)}")
        env: dict[str, Any] = {n: fixed.get(n, parameters[n]) for n in names}
        for name, formula in self.model.derived:
            env[name] = fixed[name] if name in fixed else formula.evaluate(env)
        return env

    # ------------------------------------------------------------------ state

    def initial_values(self, env: Env) -> dict[str, Any]:
        """Each state variable's value at the start, within its bounds."""
        values = {n: f.evaluate(env) for n, f in zip(self.variables, self.initial, strict=True)}
        return self.bounded(values)

    def bounded(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """``values`` raised to each variable's ``min`` and lowered to its ``max``."""
        index = {n: i for i, n in enumerate(self.variables)}
        return {n: np.clip(v, self.lower[index[n]], self.upper[index[n]])
                for n, v in values.items()}

    @staticmethod
    def live(env: Env, values: Mapping[str, Any], turn: Any) -> dict[str, Any]:
        """The environment of formulas during play: parameters, state and ``turn``."""
        out = dict(env)
        out.update(values)
        out["turn"] = turn
        return out

    def apply(self, effects: Effects, live_env: Env) -> dict[str, Any]:
        """New values of the variables ``effects`` change, all computed on ``live_env``."""
        return self.bounded({var: formula.evaluate(live_env) for var, formula in effects})

    # ------------------------------------------------------------------ moves

    def bands(self, move: str, live_env: Env) -> Bands:
        """Chances of success, partial success and backfire of ``move``, in [0, 1] and
        summing to at most 1 (partial, then backfire, are cut to fit)."""
        m = self.moves[move]
        ps = _clip01(m.success.evaluate(live_env))
        pp = np.minimum(_clip01(m.partial.evaluate(live_env)), 1.0 - ps)
        pb = np.minimum(_clip01(m.backfire.evaluate(live_env)), 1.0 - ps - pp)
        return Bands(ps, pp, pb)

    def allowed(self, move: str, live_env: Env) -> Value:
        """Where ``move``'s precondition holds (true when it has none)."""
        pre = self.moves[move].precondition
        return np.bool_(True) if pre is None else _truth(pre.evaluate(live_env))

    # --------------------------------------------------------------- per side

    def perceived(self, side: str, live_env: Env) -> dict[str, Any]:
        """The values ``side`` perceives for its ``perceives`` variables."""
        return self.bounded({v: f.evaluate(live_env) for v, f in self.perceives[side]})

    def side_view_env(self, side: str, true_live: Env, believed: Env,
                      initial: Mapping[str, Any]) -> dict[str, Any]:
        """What ``side`` reasons with: its believed parameters and its view of the state.

        Perceived variables take their ``perceives`` values (computed from the truth);
        hidden ones stay at ``initial``, what was common knowledge when the game began.
        """
        perceived = self.perceived(side, true_live)
        hidden = self.hidden[side]
        values = {v: perceived[v] if v in perceived else initial[v] if v in hidden
                  else true_live[v] for v in self.variables}
        return self.live(believed, values, true_live["turn"])

    def objective(self, side: str, live_env: Env) -> Value:
        """``side``'s objective on ``live_env`` (zero when the side states none)."""
        f = self.objectives[side]
        return np.float64(0.0) if f is None else f.evaluate(live_env)

    def ended(self, live_env: Env) -> Value:
        """Where the end condition holds."""
        if self.end_when is None:
            return np.bool_(False)
        return _truth(self.end_when.evaluate(live_env))

    def turn_label(self, turn: int) -> str:
        """The calendar label of ``turn`` (``2025-Q1``), or ``turn 3``."""
        return turn_label(self.spec.start, self.spec.turn_length, turn)

    def side_name(self, side: str) -> str:
        """Display name of a side or of the White Cell."""
        if side in self.spec.sides:
            return self.spec.sides[side].name
        return self.spec.white_cell.name

    def check_side(self, side: str, *, white_cell: bool = True) -> str:
        """``side`` if it names a side (or the White Cell, when allowed); else a refusal."""
        known = [*self.sides, "white_cell"] if white_cell else list(self.sides)
        if side not in known:
            raise WargameError(f"unknown side {side!r}{suggest(side, known)}; "
                               f"the sides are: {', '.join(known)}")
        return side


def _compile_move(mid: str, m: Any) -> CompiledMove:
    effects = {o: tuple((v, _f(t)) for v, t in m.outcomes[o].effects.items())
               if o in m.outcomes else () for o in OUTCOMES}
    narratives = {o: m.outcomes[o].narrative if o in m.outcomes else "" for o in OUTCOMES}
    return CompiledMove(
        id=mid, side=m.side, label=m.label or mid, description=m.description,
        precondition=None if m.precondition is None else _f(m.precondition),
        success=_f(m.probability), partial=_f(m.partial), backfire=_f(m.backfire),
        effects=MappingProxyType(effects), narratives=MappingProxyType(narratives))


def _compile_inject(iid: str, i: Any) -> CompiledInject:
    return CompiledInject(
        id=iid, label=i.label, narrative=i.narrative, turn=i.turn,
        probability=_f(i.probability),
        condition=None if i.condition is None else _f(i.condition), once=i.once,
        effects=tuple((v, _f(t)) for v, t in i.effects.items()))


_STEPS = {"month": 1, "quarter": 3, "year": 12}


def turn_label(start: str, length: str, turn: int) -> str:
    """Calendar label of ``turn`` counted from ``start`` (``2024-Q4``, ``2025-03``, ``2025``).

    >>> turn_label("2024-Q4", "quarter", 2)
    '2025-Q1'
    >>> turn_label("", "turn", 3)
    'turn 3'
    """
    months = _months(start, length)
    if months is None:
        return f"turn {turn}"
    m = months + (turn - 1) * _STEPS[length]
    year, month = divmod(m, 12)
    if length == "quarter":
        return f"{year}-Q{month // 3 + 1}"
    if length == "year":
        return str(year)
    return f"{year}-{month + 1:02d}"


def _months(start: str, length: str) -> int | None:
    """Months since year 0 of ``start``, when its form matches ``length``."""
    patterns = {"quarter": r"(\d{4})-Q([1-4])", "month": r"(\d{4})-(\d{2})", "year": r"(\d{4})"}
    pattern = patterns.get(length)
    hit = re.fullmatch(pattern, start) if pattern else None
    if hit is None:
        return None
    year = int(hit.group(1))
    if length == "quarter":
        return 12 * year + 3 * (int(hit.group(2)) - 1)
    if length == "month":
        month = int(hit.group(2))
        return 12 * year + month - 1 if 1 <= month <= 12 else None
    return 12 * year
