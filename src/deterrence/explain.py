"""Walk an argument step by step: each claim, what encodes it, and what it contributes.

:func:`explain` builds an :class:`Explanation` (plain data, usable by the
command line, a report or the web app); :func:`render_explanation` turns it into
text an instructor could read out.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from .model import Model
from .results import PointResult, Results
from .scenario.schema import Claim, Scenario
from .simulation import collect, draw, run_point
from .textfmt import fmt

__all__ = ["Explanation", "Item", "Step", "explain", "render_explanation"]


@dataclass(frozen=True)
class Item:
    """One parameter, derived quantity or term that encodes a claim.

    ``kind`` is ``parameter``, ``derived`` or a term kind (``benefit``, ``cost``,
    ``risk``); ``detail`` is the distribution or formula; ``point`` the value at
    point values and ``mean`` the Monte Carlo mean.
    """

    kind: str
    name: str
    label: str
    detail: str
    unit: str
    point: float
    mean: float
    option: str = ""
    note: str = ""


@dataclass(frozen=True)
class Step:
    """A claim of the argument (``None`` for the model's own assumptions) and its items."""

    claim: Claim | None
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Explanation:
    """The argument walked in order, with the point and Monte Carlo results."""

    scenario: Scenario
    perspective: str | None
    steps: tuple[Step, ...]
    point: PointResult
    results: Results


def explain(
    model: Model, *, samples: int = 20_000, seed: int = 2024
) -> Explanation:
    """Build the step-by-step explanation of ``model``'s argument."""
    s = model.scenario
    point = run_point(model)
    evaluation = draw(model, samples=samples, seed=seed)
    results = collect(model, evaluation, seed=seed)
    items: list[tuple[list[str], Item]] = []
    for name, p in s.parameters.items():
        dist = model.distributions[name]
        items.append((p.claims, Item("parameter", name, p.label, dist.spec(), p.unit,
                                     point.parameters[name], dist.mean(), note=p.source)))
    for name, d in s.derived.items():
        items.append((d.claims, Item("derived", name, d.label or name, d.formula, d.unit,
                                     point.quantities[name],
                                     float(evaluation.quantities[name].mean()),
                                     note=d.description)))
    for oid, option in s.decision.options.items():
        for t in option.terms:
            items.append((t.claims, Item(t.kind, t.id, t.label or t.id, t.formula, s.value_unit,
                                         point.terms[(oid, t.id)],
                                         results.term_means[(oid, t.id)], option=oid,
                                         note=t.description)))
    steps = [Step(c, tuple(i for claims, i in items if c.id in claims)) for c in s.claims]
    unclaimed = tuple(i for claims, i in items if not claims)
    if unclaimed:
        steps.append(Step(None, unclaimed))
    return Explanation(s, model.perspective, tuple(steps), point, results)


def _item_line(item: Item) -> str:
    unit = f" {item.unit}" if item.unit else ""
    if item.kind == "parameter":
        return (f"- {item.label} ({item.name}): {item.detail}; point {fmt(item.point)}{unit}, "
                f"mean {fmt(item.mean)}")
    if item.kind == "derived":
        return (f"- {item.label} ({item.name} = {item.detail}): point {fmt(item.point)}{unit}, "
                f"mean {fmt(item.mean)}")
    sign = "+" if item.kind == "benefit" else "-"
    return (f"- {item.kind.capitalize()} of {item.option}: {item.label} ({item.detail}) "
            f"{sign}{fmt(item.point)} at point values, {sign}{fmt(item.mean)} on average")


def render_explanation(ex: Explanation, *, width: int = 92) -> str:
    """The explanation as plain text, claim by claim, ending with the decision."""
    s = ex.scenario
    out = [s.title, "=" * min(len(s.title), width)]
    if ex.perspective:
        p = s.perspectives[ex.perspective]
        out.append(f"Perspective: {p.label or ex.perspective}. {p.description}")
    if s.summary:
        out += ["", textwrap.fill(" ".join(s.summary.split()), width)]
    out += ["", textwrap.fill(
        f"Values of benefits, costs and risks are in {s.value_unit}. 'Point' is the model with "
        "every parameter at its point value (its median unless stated); 'mean' is the Monte "
        f"Carlo average over {ex.results.samples:,} draws (seed {ex.results.seed}).", width)]
    for n, step in enumerate(ex.steps, start=1):
        out.append("")
        if step.claim is None:
            out.append(f"{n}. Modelling assumptions not tied to a claim of the source:")
        else:
            c = step.claim
            role = "" if c.role == "premise" else f" [{c.role}]"
            head = f"{n}. ({c.where}){role} {' '.join(c.text.split())}"
            out.append(textwrap.fill(head, width, subsequent_indent="   "))
            if not step.items:
                out.append("   (stated in the source; no number encodes it)")
        for item in step.items:
            out.append(textwrap.fill(_item_line(item), width,
                                     initial_indent="   ", subsequent_indent="     "))
    out += ["", _verdict(ex)]
    return "\n".join(out)


def _verdict(ex: Explanation) -> str:
    s, r, pt = ex.scenario, ex.results, ex.point
    p_best = r.p_best()
    lines = [f"Decision for {s.decision.actor}: {s.decision.question}".rstrip()]
    for o in r.options:
        label = s.decision.options[o].label or o
        summ = r.summary(o)
        lines.append(
            f"   {label:<16} net {fmt(pt.net[o]):>8} at point values; mean {fmt(summ.mean)} "
            f"(90% range {fmt(summ.p05)} to {fmt(summ.p95)}); best in {p_best[o]:.0%} of draws")
    best = r.decision()
    lines.append(f"   On average the best option is {s.decision.options[best].label or best}"
                 f" ({r.samples:,} draws, seed {r.seed}).")
    if pt.decision() != best:
        lines.append(f"   At point values it would be {pt.decision()}: the tails matter.")
    return "\n".join(lines)
