"""Assemble a whole report of a scenario: every section, in reading order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from .._version import __version__
from ..errors import DeterrenceError
from ..explain import explain
from ..formula import suggest
from ..model import Model
from ..scenario import Scenario
from .blocks import Report, Section
from .figures import DEFAULT_SAMPLES, DEFAULT_SEED, FIGURES, to_model
from .sections_analysis import (
    breakeven_section,
    games_section,
    sensitivity_section,
    wargame_section,
)
from .sections_core import (
    Settings,
    argument_section,
    equations_section,
    map_section,
    parameters_section,
    perspectives_section,
    results_section,
    thresholds_section,
)
from .teaching import analysis_questions, reproduce_section, things_to_try_section

__all__ = ["build_report"]


def _check_perspectives(scenario: Scenario, perspectives: Sequence[str]) -> tuple[str, ...]:
    for p in perspectives:
        if p not in scenario.perspectives:
            known = ", ".join(scenario.perspectives) or "none"
            raise DeterrenceError(f"unknown perspective {p!r}{suggest(p, scenario.perspectives)}"
                                  f"; this scenario has: {known}")
    return tuple(dict.fromkeys(perspectives))


def build_report(
    scenario: Scenario | Model | str | Path,
    *,
    seed: int = DEFAULT_SEED,
    samples: int = DEFAULT_SAMPLES,
    perspectives: Sequence[str] = (),
    overrides: Mapping[str, str | float] | None = None,
) -> Report:
    """Build the report of ``scenario`` as plain data (render it with HTML or Markdown).

    Parameters
    ----------
    scenario
        A scenario, compiled model, built-in id or file path; the main results are the
        scenario as written (with ``overrides``).
    seed, samples
        Seed and number of Monte Carlo draws for every number and figure.
    perspectives
        Perspectives to compare side by side; all of the scenario's when empty.
    """
    model = to_model(scenario, overrides=overrides)
    chosen = _check_perspectives(model.scenario, perspectives)
    settings = Settings(seed=seed, samples=samples, perspectives=chosen or None)
    ex = explain(model, samples=samples, seed=seed)
    s = model.scenario
    analysable = FIGURES["tornado"].applies(s)
    sections: list[Section | None] = [
        argument_section(ex),
        map_section(model, settings),
        equations_section(model),
        parameters_section(model, ex),
        results_section(model, ex, settings),
        thresholds_section(model, ex, settings),
        breakeven_section(model, settings) if analysable else None,
        sensitivity_section(model, settings) if analysable else None,
        perspectives_section(model, settings),
        games_section(model, settings),
        wargame_section(model, settings),
        things_to_try_section(model, ex, perspectives=chosen or None,
                              extra=analysis_questions(model)),
        reproduce_section(model, ex, chosen),
    ]
    facts = [("scenario", s.id), ("draws", f"{samples:,}"), ("seed", str(seed)),
             ("scenario hash", s.content_hash()[:12]), ("deterrence", __version__)]
    if model.overrides:
        facts.append(("overrides", ", ".join(f"{k}={v}" for k, v in model.overrides.items())))
    source = s.source.title if s.source is not None else ""
    return Report(title=s.title, subtitle=source, facts=tuple(facts),
                  sections=tuple(x for x in sections if x is not None))
