"""The model: a scenario compiled to a dependency graph of vectorised formulas.

A :class:`Model` knows each parameter's distribution (after a perspective and
``--set`` overrides), the derived quantities in dependency order and each
option's signed terms. :meth:`Model.evaluate` takes one array per parameter
(every draw at once) and returns every quantity and each option's net value.
A parameter's array is drawn once and reused wherever the name appears.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .distributions import Distribution, parse_distribution
from .errors import DeterrenceError, ScenarioError
from .formula import Formula, suggest
from .scenario.checks import dependency_order, parse_formulas
from .scenario.schema import Scenario, TermKind

__all__ = ["Evaluation", "Model", "SignedTerm"]

Array = NDArray[np.float64]
_SIGN: dict[TermKind, float] = {"benefit": 1.0, "cost": -1.0, "risk": -1.0}


@dataclass(frozen=True)
class SignedTerm:
    """A compiled term: its option, id, kind, formula and sign (+1 benefit, -1 cost or risk)."""

    option: str
    id: str
    kind: TermKind
    formula: Formula
    sign: float


@dataclass(frozen=True)
class Evaluation:
    """Every quantity of one evaluation, as arrays over draws.

    Attributes
    ----------
    quantities
        Each parameter and derived quantity by name.
    terms
        Each term's magnitude (unsigned) by ``(option, term id)``.
    net
        Each option's net value: the signed sum of its terms.
    """

    quantities: Mapping[str, Array]
    terms: Mapping[tuple[str, str], Array]
    net: Mapping[str, Array]

    def nonfinite(self) -> list[str]:
        """Names of quantities or net values that are NaN or infinite in some draw."""
        bad = [n for n, v in self.quantities.items() if not np.all(np.isfinite(v))]
        bad += [f"net value of {o}" for o, v in self.net.items() if not np.all(np.isfinite(v))]
        return bad


@dataclass(frozen=True)
class Model:
    """A compiled scenario, ready to sample and evaluate.

    Build one with :meth:`Model.compile`.
    """

    scenario: Scenario
    perspective: str | None
    overrides: Mapping[str, str]
    distributions: Mapping[str, Distribution]
    derived: tuple[tuple[str, Formula], ...]
    terms: tuple[SignedTerm, ...]
    options: tuple[str, ...]

    @classmethod
    def compile(
        cls,
        scenario: Scenario,
        *,
        perspective: str | None = None,
        overrides: Mapping[str, str | float] | None = None,
    ) -> Model:
        """Compile ``scenario``, applying a perspective and then ``overrides``.

        Raises
        ------
        DeterrenceError
            For an unknown perspective or parameter, or a bad distribution in an override.
        """
        settings: dict[str, str | float] = {}
        if perspective is not None:
            if perspective not in scenario.perspectives:
                known = sorted(scenario.perspectives)
                raise DeterrenceError(
                    f"unknown perspective {perspective!r}{suggest(perspective, known)}; "
                    f"this scenario has: {', '.join(known) or 'none'}")
            settings.update(scenario.perspectives[perspective].set)
        for name, spec in (overrides or {}).items():
            if name not in scenario.parameters:
                raise DeterrenceError(
                    f"--set {name}: unknown parameter{suggest(name, scenario.parameters)}")
            settings[name] = spec
        dists: dict[str, Distribution] = {}
        for name, p in scenario.parameters.items():
            spec = settings.get(name, p.distribution)
            try:
                dists[name] = parse_distribution(spec)
            except DeterrenceError as exc:
                raise DeterrenceError(f"parameter {name}: {exc}") from None
        formulas, problems = parse_formulas(scenario)
        if problems:
            raise ScenarioError(problems[0].message)
        derived = {str(loc[1]): f for loc, f in formulas.items() if loc[0] == "derived"}
        order = dependency_order(derived)
        terms = tuple(
            SignedTerm(oid, t.id, t.kind, formulas[("decision", "options", oid, "terms", j)],
                       _SIGN[t.kind])
            for oid, option in scenario.decision.options.items()
            for j, t in enumerate(option.terms)
        )
        return cls(
            scenario=scenario,
            perspective=perspective,
            overrides=MappingProxyType({k: str(v) for k, v in (overrides or {}).items()}),
            distributions=MappingProxyType(dists),
            derived=tuple((name, derived[name]) for name in order),
            terms=terms,
            options=tuple(scenario.decision.options),
        )

    @property
    def parameter_names(self) -> tuple[str, ...]:
        """Names of the parameters, in file order."""
        return tuple(self.distributions)

    def uncertain_parameters(self) -> tuple[str, ...]:
        """Names of the parameters that are not fixed values."""
        return tuple(n for n, d in self.distributions.items() if not d.is_fixed)

    def sample(self, n: int, *, rng: np.random.Generator) -> dict[str, Array]:
        """Draw ``n`` values of every parameter, each parameter once.

        Each parameter draws from its own stream, seeded from one number taken from
        ``rng`` and the parameter's name. So fixing or re-specifying one parameter
        (a perspective, ``--set``) leaves every other parameter's draws unchanged:
        comparisons use common random numbers.
        """
        base = int(rng.integers(2**63))
        return {
            name: d.sample(n, rng=np.random.default_rng([base, zlib.crc32(name.encode())]))
            for name, d in self.distributions.items()
        }

    def point_values(self) -> dict[str, float]:
        """Each parameter's point value: the stated ``point`` or else the median.

        A stated point is kept only while no perspective or override replaces the
        parameter's distribution.
        """
        replaced = set(self.overrides)
        if self.perspective is not None:
            replaced |= set(self.scenario.perspectives[self.perspective].set)
        out = {}
        for name, dist in self.distributions.items():
            stated = self.scenario.parameters[name].point
            out[name] = stated if stated is not None and name not in replaced else dist.median()
        return out

    def evaluate(self, parameters: Mapping[str, ArrayLike]) -> Evaluation:
        """Evaluate every derived quantity, term and net value.

        Parameters
        ----------
        parameters
            One value or array (all of one length) per parameter name.
        """
        missing = [n for n in self.distributions if n not in parameters]
        if missing:
            raise DeterrenceError(f"no values given for parameter(s): {', '.join(missing)}")
        env: dict[str, Array] = {
            n: np.asarray(parameters[n], dtype=np.float64) for n in self.distributions
        }
        for name, formula in self.derived:
            env[name] = formula.evaluate(env)
        shape = np.broadcast_shapes(*(v.shape for v in env.values()))
        terms: dict[tuple[str, str], Array] = {}
        net: dict[str, Array] = {o: np.zeros(shape) for o in self.options}
        for t in self.terms:
            value = t.formula.evaluate(env)
            terms[(t.option, t.id)] = value
            accumulate = np.add if t.sign > 0 else np.subtract
            accumulate(net[t.option], value, out=net[t.option])
        return Evaluation(MappingProxyType(env), MappingProxyType(terms), MappingProxyType(net))
