"""Commands about scenarios: list, run, explain, validate, schema."""

from __future__ import annotations

import json
from typing import Literal

import click

from ..analysis import run_summary
from ..explain import explain, render_explanation
from ..results import Results, RunSummary
from ..scenario import Scenario, builtin_ids, load_scenario, resolve_scenario
from ..simulation import run
from ..textfmt import fmt, pct
from .common import (
    SamplesParam,
    echo_json,
    json_option,
    load_model,
    model_options,
    progress_bar,
    scenario_argument,
    seed_option,
)

STREAM_ABOVE = 2_000_000
"""Above this many draws, ``run`` streams summaries instead of keeping every draw."""

__all__ = ["explain_cmd", "run_cmd", "scenarios_cmd", "schema_cmd", "validate_cmd"]


@click.command("scenarios")
@json_option
def scenarios_cmd(as_json: bool) -> None:
    """List the built-in scenarios."""
    rows = [resolve_scenario(i) for i in builtin_ids()]
    if as_json:
        echo_json([{"id": s.id, "title": s.title, "options": list(s.decision.options),
                    "perspectives": list(s.perspectives)} for s in rows])
        return
    for s in rows:
        click.echo(f"{s.id:<26} {s.title}")
        extra = f"; perspectives: {', '.join(s.perspectives)}" if s.perspectives else ""
        click.echo(f"{'':<26} options: {', '.join(s.decision.options)}{extra}")


@click.command("run")
@scenario_argument
@click.option("--samples", "-n", default=100_000, show_default=True, type=SamplesParam(),
              help="Number of Monte Carlo draws, or 'auto': draw until each chance of being "
                   "best has a standard error below 0.1 percentage point.")
@seed_option
@model_options
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with stable keys.")
def run_cmd(scenario: str, samples: int | Literal["auto"], seed: int, perspective: str | None,
            sets: tuple[str, ...], as_json: bool) -> None:
    """Run SCENARIO's model: each option's net value, chance of being best, and outcomes."""
    model = load_model(scenario, perspective, sets)
    results: Results | RunSummary
    if isinstance(samples, int) and samples > STREAM_ABOVE:
        with progress_bar(samples, "Drawing", as_json) as bar:
            results = run_summary(model, samples=samples, seed=seed, progress=bar)
    else:
        results = run(model, samples=samples, seed=seed)
    if as_json:
        echo_json(results.to_dict())
        return
    click.echo(render_results(model.scenario, results))


def render_results(scenario: Scenario, results: Results | RunSummary) -> str:
    """A run as a text table: options, decision and reported quantities."""
    head = f"{scenario.title}\n{results.samples:,} draws, seed {results.seed}"
    if results.perspective:
        head += f", perspective {results.perspective}"
    if results.overrides:
        head += ", " + ", ".join(f"{k}={v}" for k, v in results.overrides.items())
    lines = [head, "", f"Net value of each option [{scenario.value_unit}]",
             f"  {'option':<18}{'mean':>10}{'± se':>9}{'p05':>10}{'p50':>10}{'p95':>10}"
             f"{'P(best)':>10}"]
    p_best = results.p_best()
    for o in results.options:
        s = results.summary(o)
        lines.append(f"  {o:<18}{fmt(s.mean):>10}{fmt(s.se, 2):>9}{fmt(s.p05):>10}"
                     f"{fmt(s.p50):>10}{fmt(s.p95):>10}{pct(p_best[o]):>10}")
    best = results.decision()
    label = scenario.decision.options[best].label or best
    lines += ["", f"Decision ({scenario.decision.actor}): {best} ({label}) has the highest "
              "expected net value."]
    if scenario.outcomes:
        lines += ["", "Reported quantities",
                  f"  {'quantity':<22}{'mean':>11}{'p05':>11}{'p50':>11}{'p95':>11}  unit"]
        for name in scenario.outcomes:
            s = results.quantity_summary(name)
            unit = _unit(scenario, name)
            lines.append(f"  {name:<22}{fmt(s.mean):>11}{fmt(s.p05):>11}{fmt(s.p50):>11}"
                         f"{fmt(s.p95):>11}  {unit}")
    if isinstance(results, RunSummary):
        lines.append("(streamed in bounded memory: percentiles read from a fine histogram)")
    lines += [f"warning: {w}" for w in results.warnings]
    return "\n".join(lines)


def _unit(scenario: Scenario, name: str) -> str:
    if name in scenario.derived:
        return scenario.derived[name].unit
    return scenario.parameters[name].unit if name in scenario.parameters else ""


@click.command("explain")
@scenario_argument
@model_options
@click.option("--samples", "-n", default=20_000, show_default=True, type=click.IntRange(1))
@seed_option
def explain_cmd(scenario: str, perspective: str | None, sets: tuple[str, ...], samples: int,
                seed: int) -> None:
    """Walk SCENARIO's argument claim by claim, with the numbers that encode each step."""
    model = load_model(scenario, perspective, sets)
    click.echo(render_explanation(explain(model, samples=samples, seed=seed)))
    if model.scenario.perspectives and perspective is None:
        names = ", ".join(model.scenario.perspectives)
        click.echo(f"\nOther readings: --perspective {names}")


@click.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def validate_cmd(files: tuple[str, ...]) -> None:
    """Check scenario FILES; print what is wrong, with field paths and line numbers."""
    for path in files:
        s = load_scenario(path)
        click.echo(f"{path}: ok ({s.id}: {len(s.claims)} claims, {len(s.parameters)} parameters, "
                   f"{len(s.derived)} derived quantities, {len(s.decision.options)} options)")


@click.command("schema")
def schema_cmd() -> None:
    """Print the JSON Schema of scenario files (for editors' completion and checking)."""
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "deterrence scenario"
    click.echo(json.dumps(schema, indent=2))
