"""Report sections that need only the core model: argument, equations, parameters, results,
thresholds, the argument map and perspectives side by side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..explain import Explanation, Item
from ..model import Model
from ..results import summarize
from ..textfmt import fmt, pct
from .argument_map import argument_map_figure
from .blocks import Block, Bullets, Code, FigureBlock, Paragraph, Section, Table
from .figures import FIGURES
from .figures_core import perspective_runs
from .labels import actor_name, option_label, perspective_label, quantity_label, unit_of

__all__ = [
    "Settings",
    "argument_section",
    "equations_section",
    "map_section",
    "parameters_section",
    "perspectives_section",
    "results_section",
    "thresholds_section",
]


@dataclass(frozen=True)
class Settings:
    """How a report's numbers are made: seed, draws, and which perspectives to compare."""

    seed: int
    samples: int
    perspectives: tuple[str, ...] | None = None


def figure_block(kind: str, model: Model, settings: Settings, **options: object) -> FigureBlock:
    """Draw figure ``kind`` of ``model`` for a report."""
    spec = FIGURES[kind]
    fig = spec.function(model, seed=settings.seed, samples=settings.samples, **options)
    return FigureBlock(kind, spec.title, spec.description, fig)


def _encoded_by(items: Sequence[Item]) -> str:
    parts = []
    for i in items:
        if i.kind in ("parameter", "derived"):
            parts.append(f"{i.name} ({i.kind})")
        else:
            parts.append(f"{i.name} ({i.kind} of {i.option})")
    return "Encoded by: " + ", ".join(parts) + "." if parts else "No number encodes it."


def argument_section(ex: Explanation) -> Section:
    """The argument in plain language: the summary, then each claim with what encodes it."""
    s = ex.scenario
    blocks: list[Block] = []
    if s.summary:
        blocks.append(Paragraph(" ".join(s.summary.split()), style="lead"))
    items = []
    for step in ex.steps:
        if step.claim is None:
            continue
        c = step.claim
        role = "" if c.role == "premise" else f", {c.role}"
        items.append((f"[{c.id}] ({c.where}{role})",
                      f"{' '.join(c.text.split())} {_encoded_by(step.items)}"))
    if items:
        blocks.append(Paragraph("The claims below are the project's paraphrases of the source; "
                                "the reference in brackets is the claim's id, used in every "
                                "table of this report, then where the source makes it."))
        blocks.append(Bullets(tuple(items), ordered=True))
    if s.teaching_notes:
        blocks.append(Paragraph("Notes for instructors (from the scenario file): "
                                + " ".join(s.teaching_notes.split()), style="note"))
    return Section("argument", "The argument", tuple(blocks))


def _signed(formula: str, sign: str, first: bool) -> str:
    needs = any(op in formula for op in "+-") and not formula.startswith("(")
    body = f"({formula})" if needs and sign == "-" else formula
    if first:
        return body if sign == "+" else f"-{body}"
    return f" {sign} {body}"


def equations_section(model: Model) -> Section:
    """The model's formulas: derived quantities and each option's net value."""
    s = model.scenario
    lines = []
    for name, d in s.derived.items():
        unit = f" [{d.unit}]" if d.unit else ""
        lines += [f"# {d.label or name}{unit}", f"{name} = {d.formula}", ""]
    nets = []
    for oid, option in s.decision.options.items():
        text = "".join(_signed(t.formula, "+" if t.kind == "benefit" else "-", j == 0)
                       for j, t in enumerate(option.terms)) or "0"
        nets.append(f"net({oid}) = {text}")
    rows = tuple((o, t.id, t.kind, t.formula, ", ".join(t.claims) or "-")
                 for o, opt in s.decision.options.items() for t in opt.terms)
    blocks: list[Block] = [
        Paragraph("Each option's net value is the sum of its benefits minus its costs and "
                  f"risks (expected losses), in {s.value_unit}."),
        Code(tuple(nets), caption="Net value of each option"),
        Table(("option", "term", "kind", "formula", "claims"), rows, caption="Terms"),
    ]
    if lines:
        blocks.append(Code(tuple(lines[:-1]), caption="Derived quantities, as written in the "
                                                    "scenario file"))
    return Section("equations", "The equations", tuple(blocks))


def parameters_section(model: Model, ex: Explanation) -> Section:
    """Every parameter: its distribution, point value, unit, claims and source."""
    s = model.scenario
    rows = []
    for name, p in s.parameters.items():
        dist = model.distributions[name]
        rows.append((name, p.label, dist.spec(), fmt(ex.point.parameters[name]), p.unit,
                     ", ".join(p.claims) or "-", p.source or "-"))
    note = ("to(lo, hi) is a 90% interval (lognormal when both bounds are positive), "
            "pert(lo, mode, hi) a Beta-PERT distribution; the point value is the stated point "
            "or the median.")
    return Section("parameters", "Parameters and their sources", (
        Paragraph(note, style="note"),
        Table(("name", "meaning", "distribution", "point", "unit", "claims", "source or "
               "rationale"), tuple(rows), numeric=(False, False, False, True)),
    ))


def _results_table(ex: Explanation) -> Table:
    r, pt, s = ex.results, ex.point, ex.scenario
    p_best, p_se = r.p_best(), r.p_best_se()
    rows = []
    for o in r.options:
        m = r.summary(o)
        rows.append((option_label(s, o), fmt(m.mean), fmt(m.se, 2), fmt(m.p05), fmt(m.p50),
                     fmt(m.p95), pct(p_best[o]), pct(p_se[o]), fmt(pt.net[o])))
    return Table(("option", "mean", "± se", "5th pct", "median", "95th pct", "P(best)",
                  "± se", "at point values"), tuple(rows),
                 caption=f"Net value [{s.value_unit}], {r.samples:,} draws, seed {r.seed}",
                 numeric=(False, *([True] * 8)))


def _outcomes_table(ex: Explanation) -> Table | None:
    r, s = ex.results, ex.scenario
    if not r.quantities:
        return None
    rows = []
    for name, values in r.quantities.items():
        m = summarize(values)
        rows.append((name, quantity_label(s, name), fmt(m.mean), fmt(m.p05), fmt(m.p50),
                     fmt(m.p95), fmt(ex.point.quantities[name]), unit_of(s, name)))
    return Table(("quantity", "meaning", "mean", "5th pct", "median", "95th pct", "point",
                  "unit"), tuple(rows), caption="Reported quantities",
                 numeric=(False, False, True, True, True, True, True, False))


def results_section(model: Model, ex: Explanation, settings: Settings) -> Section:
    """Results with uncertainty: the options table, the decision, figures, outcomes."""
    s, r = ex.scenario, ex.results
    best = r.decision()
    blocks: list[Block] = [
        Paragraph(f"On average the best option for {actor_name(s, s.decision.actor)} is "
                  f"{option_label(s, best)}: it has the highest mean net value and is best in "
                  f"{pct(r.p_best()[best])} of the {r.samples:,} draws (seed {r.seed}). "
                  "'± se' is the Monte Carlo standard error of the mean; the percentiles "
                  "show the spread of the uncertainty, not sampling noise."),
        _results_table(ex),
        figure_block("distributions", model, settings),
    ]
    for o in model.options:
        if any(t.option == o for t in model.terms):
            blocks.append(figure_block("waterfall", model, settings, option=o))
    outcomes = _outcomes_table(ex)
    if outcomes is not None:
        blocks.append(outcomes)
    blocks += [Paragraph(f"Warning: {w}.", style="note") for w in r.warnings]
    return Section("results", "Results with uncertainty", tuple(blocks))


def thresholds_section(model: Model, ex: Explanation, settings: Settings) -> Section | None:
    """The deterrence thresholds (q*, h*) and the escalation curve, when the scenario has them."""
    if not FIGURES["escalation"].applies(model.scenario):
        return None
    q = ex.point.quantities
    names = [n for n in ("q_star", "h_star", "q_without", "q_with", "p_esc_without",
                         "p_esc_with") if n in q]
    rows = tuple((n, quantity_label(model.scenario, n), fmt(q[n]), pct(q[n])) for n in names)
    text = ("A protector's commitment deters when the adversary's expected cost of "
            "escalating, the chance q that the protector is drawn in times the loss K, "
            "outweighs its resolve. With resolve z the adversary is deterred when "
            "q > z / (z + K); at median resolve the threshold is q* = 1 / (1 + K). The curve "
            "shows how the chance of escalation falls as q, or the protector's credibility "
            "h, rises (Schelling 1960; Huth and Russett 1984).")
    return Section("thresholds", "Deterrence thresholds", (
        Paragraph(text),
        Table(("quantity", "meaning", "at point values", "as %"), rows,
              numeric=(False, False, True, True)),
        figure_block("escalation", model, settings),
    ))


def map_section(model: Model, settings: Settings) -> Section:
    """The argument map."""
    fig = argument_map_figure(model, seed=settings.seed, samples=settings.samples)
    spec = FIGURES["argument-map"]
    return Section("map", "Argument map", (FigureBlock("argument-map", spec.title,
                                                      spec.description, fig),))


def perspectives_section(model: Model, settings: Settings) -> Section | None:
    """Each perspective: what it changes, its numbers beside the others', and a figure."""
    s = model.scenario
    if not s.perspectives:
        return None
    chosen = settings.perspectives or tuple(s.perspectives)
    runs = perspective_runs(model, seed=settings.seed, samples=settings.samples,
                            perspectives=chosen)
    items = tuple((perspective_label(s, p), f"{s.perspectives[p].description} Sets: "
                   + "; ".join(f"{k} = {v}" for k, v in s.perspectives[p].set.items()) + ".")
                  for p in chosen)
    headers = ("reading", *(f"{option_label(s, o)}: mean / P(best)" for o in model.options))
    rows = tuple((perspective_label(s, name), *(f"{fmt(r.summary(o).mean)} / "
                                                f"{pct(r.p_best()[o])}" for o in r.options))
                 for name, r in runs)
    return Section("perspectives", "Perspectives side by side", (
        Bullets(items),
        Table(headers, rows, caption=f"Same seed ({settings.seed}) and {settings.samples:,} "
                                     "draws for every reading",
              numeric=(False, *([True] * len(model.options)))),
        figure_block("perspectives", model, settings, perspectives=chosen),
    ))
