"""Analysis: what would have to be true for the answer to change, and what matters most.

- :mod:`~deterrence.analysis.breakeven`: switching values of each parameter, and a
  two-parameter map of the decision.
- :mod:`~deterrence.analysis.sensitivity`: tornado, Sobol indices, Morris effects.
- :mod:`~deterrence.analysis.voi`: expected value of perfect and partial information.
- :mod:`~deterrence.analysis.discovery`: rules describing where an option loses.
- :mod:`~deterrence.analysis.convergence`: standard errors and sample sizes.
- :mod:`~deterrence.analysis.scale`: streamed runs in bounded memory, on threads or Dask.

Each function takes a compiled :class:`~deterrence.model.Model` (see
:func:`deterrence.Model.compile`) and returns a frozen result or a tidy DataFrame.
"""

from .breakeven import (
    BreakEven,
    BreakEvenMap,
    Switch,
    breakeven,
    breakeven_map,
    breakeven_table,
    breakevens,
)
from .convergence import convergence, mean_se, proportion_se, samples_needed
from .discovery import Condition, Discovery, Rule, discover
from .scale import run_summary
from .sensitivity import morris, sensitivity, sobol_indices, tornado
from .target import Target, resolve_target
from .voi import ValueOfInformation, evpi, evppi, value_of_information

__all__ = [
    "BreakEven", "BreakEvenMap", "Condition", "Discovery", "Rule", "Switch", "Target",
    "ValueOfInformation", "breakeven", "breakeven_map", "breakeven_table", "breakevens",
    "convergence", "discover", "evpi", "evppi", "mean_se", "morris", "proportion_se",
    "resolve_target", "run_summary", "samples_needed", "sensitivity", "sobol_indices",
    "tornado", "value_of_information",
]  # fmt: skip
