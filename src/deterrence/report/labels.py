"""Readable names for options, terms and quantities, shared by figures and reports."""

from __future__ import annotations

from ..scenario.schema import Scenario

__all__ = [
    "actor_name", "option_label", "perspective_label", "quantity_label", "term_label", "unit_of",
]


def option_label(scenario: Scenario, option: str) -> str:
    """The option's label, or its id when it has none."""
    return scenario.decision.options[option].label or option


def term_label(scenario: Scenario, option: str, term: str) -> str:
    """The term's label, or its id when it has none."""
    for t in scenario.decision.options[option].terms:
        if t.id == term:
            return t.label or t.id.replace("_", " ")
    raise KeyError((option, term))


def quantity_label(scenario: Scenario, name: str) -> str:
    """The label of a parameter or derived quantity, or its name."""
    if name in scenario.parameters:
        return scenario.parameters[name].label or name
    if name in scenario.derived:
        return scenario.derived[name].label or name
    return name


def unit_of(scenario: Scenario, name: str) -> str:
    """The unit of a parameter or derived quantity (empty when none is stated)."""
    if name in scenario.parameters:
        return scenario.parameters[name].unit
    if name in scenario.derived:
        return scenario.derived[name].unit
    return ""


def perspective_label(scenario: Scenario, perspective: str | None) -> str:
    """The perspective's label; ``As written`` for none."""
    if perspective is None:
        return "As written"
    return scenario.perspectives[perspective].label or perspective


def actor_name(scenario: Scenario, actor: str) -> str:
    """The actor's name, or its id made readable."""
    for a in scenario.actors:
        if a.id == actor:
            return a.name
    return actor.replace("_", " ")
