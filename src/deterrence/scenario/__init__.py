"""Scenario files: the format (schema), its cross-checks, and reading and writing."""

from .checks import Problem, check_scenario
from .io import builtin_ids, dump_scenario, load_scenario, parse_scenario, resolve_scenario
from .schema import (
    FORMAT_VERSION,
    Actor,
    Claim,
    Correlation,
    Decision,
    Derived,
    Option,
    Parameter,
    Perspective,
    Scenario,
    Source,
    Term,
    TermKind,
)

__all__ = [
    "FORMAT_VERSION",
    "Actor",
    "Claim",
    "Correlation",
    "Decision",
    "Derived",
    "Option",
    "Parameter",
    "Perspective",
    "Problem",
    "Scenario",
    "Source",
    "Term",
    "TermKind",
    "builtin_ids",
    "check_scenario",
    "dump_scenario",
    "load_scenario",
    "parse_scenario",
    "resolve_scenario",
]
