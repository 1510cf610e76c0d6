"""deterrence: turn a strategic argument into a small, explicit, quantitative model.

The usual path is scenario -> model -> run -> results::

    >>> import deterrence as dt
    >>> scenario = dt.resolve_scenario("nk-troops-russia-2024")
    >>> results = dt.run(scenario, samples=10_000, seed=1)
    >>> sorted(results.options)
    ['munitions_only', 'send_troops', 'stay_out']
    >>> round(sum(results.p_best().values()), 12)
    1.0
"""

from ._version import __version__
from .analysis import (
    breakeven,
    breakeven_map,
    breakeven_table,
    discover,
    morris,
    run_summary,
    sobol_indices,
    tornado,
    value_of_information,
)
from .distributions import Distribution, parse_distribution, to
from .errors import DeterrenceError, DistributionError, FormulaError, ScenarioError
from .explain import Explanation, explain, render_explanation
from .formula import Formula, parse_formula
from .model import Evaluation, Model
from .results import PointResult, Results, Summary, summarize
from .scenario import (
    Scenario,
    builtin_ids,
    dump_scenario,
    load_scenario,
    parse_scenario,
    resolve_scenario,
)
from .simulation import run, run_point

__all__ = [
    "DeterrenceError",
    "Distribution",
    "DistributionError",
    "Evaluation",
    "Explanation",
    "Formula",
    "FormulaError",
    "Model",
    "PointResult",
    "Results",
    "Scenario",
    "ScenarioError",
    "Summary",
    "__version__",
    "breakeven",
    "breakeven_map",
    "breakeven_table",
    "builtin_ids",
    "discover",
    "dump_scenario",
    "explain",
    "load_scenario",
    "morris",
    "parse_distribution",
    "parse_formula",
    "parse_scenario",
    "render_explanation",
    "resolve_scenario",
    "run",
    "run_point",
    "run_summary",
    "sobol_indices",
    "summarize",
    "to",
    "tornado",
    "value_of_information",
]
