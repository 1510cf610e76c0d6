"""What an analysis looks at: one option's net value, or the difference of two options.

Every analysis of this package answers a question about a *target*: ``send_troops`` (its
net value) or ``send_troops - stay_out`` (how much better it is than staying out). When
none is named, the target is the decision at point values: the best option against the
runner-up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..errors import DeterrenceError
from ..formula import suggest
from ..model import Model

__all__ = ["Target", "label_of", "point_net", "resolve_target", "uncertain"]

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Target:
    """An option's net value, or (with ``versus``) its net value minus another's."""

    option: str
    versus: str | None = None

    @property
    def label(self) -> str:
        """``option`` or ``option - versus``."""
        return self.option if self.versus is None else f"{self.option} - {self.versus}"

    def values(self, net: Mapping[str, Array]) -> Array:
        """The target's values from each option's net values."""
        out = np.asarray(net[self.option], dtype=np.float64)
        if self.versus is not None:
            out = out - np.asarray(net[self.versus], dtype=np.float64)
        return out


def _option(model: Model, name: str) -> str:
    if name not in model.options:
        raise DeterrenceError(f"unknown option {name!r}{suggest(name, model.options)}; "
                              f"this scenario has: {', '.join(model.options)}")
    return name


def point_net(model: Model, at: Mapping[str, float] | None = None) -> dict[str, float]:
    """Each option's net value with every parameter at its point value (or ``at``)."""
    params = model.point_values() if at is None else dict(at)
    ev = model.evaluate(params)
    return {o: float(ev.net[o]) for o in model.options}


def resolve_target(model: Model, option: str | None = None,
                   versus: Sequence[str] | str | None = None) -> Target:
    """The target named by ``option`` or by ``versus`` (two options, ``"A,B"`` or a pair).

    With neither, the best option at point values against the runner-up.
    """
    if option is not None and versus is not None:
        raise DeterrenceError("give an option or two options to compare (versus), not both")
    if versus is not None:
        pair = [p.strip() for p in versus.split(",")] if isinstance(versus, str) else list(versus)
        if len(pair) != 2 or pair[0] == pair[1]:
            raise DeterrenceError(f"versus needs two different options, as A,B; got {versus!r}")
        return Target(_option(model, pair[0]), _option(model, pair[1]))
    if option is not None:
        return Target(_option(model, option))
    net = point_net(model)
    ranked = sorted(model.options, key=lambda o: -net[o])
    return Target(ranked[0], ranked[1])


def uncertain(model: Model, names: Sequence[str] | str | None = None) -> tuple[str, ...]:
    """The uncertain parameters to analyse: all of them, or the ``names`` given (checked)."""
    if names is None:
        found = model.uncertain_parameters()
        if not found:
            raise DeterrenceError("every parameter is a fixed value, so there is no "
                                  "uncertainty to analyse; give one a distribution with --set")
        return found
    wanted = [names] if isinstance(names, str) else list(names)
    for name in wanted:
        if name not in model.distributions:
            raise DeterrenceError(
                f"unknown parameter {name!r}{suggest(name, model.distributions)}")
        if model.distributions[name].is_fixed:
            raise DeterrenceError(f"{name} is a fixed value ({model.distributions[name]}); "
                                  "give it a distribution with --set to analyse it")
    return tuple(wanted)


def label_of(model: Model, name: str) -> str:
    """The parameter's label from the scenario (its name when it has none)."""
    p = model.scenario.parameters.get(name)
    return p.label if p is not None and p.label else name
