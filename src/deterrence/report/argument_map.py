"""The argument map: claims -> (parameters) -> terms -> options -> decision, as a diagram.

A scenario with some twenty claims and thirty parameters cannot show every parameter as
a box and stay legible, so the parameter layer is folded into the term boxes: each term
lists the parameters its formula uses (directly or through derived quantities), and a
claim is linked to a term when the term cites it (solid line) or when one of those
parameters or derived quantities encodes it (dotted line). :func:`argument_graph` builds
the map as plain data; :func:`argument_map_figure` draws it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, PathPatch
from matplotlib.path import Path

from ..model import Model
from ..results import Results
from ..scenario.checks import parse_formulas
from ..scenario.schema import Scenario
from ..simulation import run
from ..textfmt import fmt, pct
from .labels import option_label, term_label
from .style import add_caption, caption_for, new_figure, styled

__all__ = ["ArgumentGraph", "Link", "TermNode", "argument_graph", "argument_map_figure"]

K = TypeVar("K")


@dataclass(frozen=True)
class TermNode:
    """A term in the map: its option, id, label, kind and the parameters it uses."""

    option: str
    id: str
    label: str
    kind: str
    parameters: tuple[str, ...]


@dataclass(frozen=True)
class Link:
    """A claim linked to a term; ``direct`` when the term itself cites the claim."""

    claim: str
    term: tuple[str, str]
    direct: bool


@dataclass(frozen=True)
class ArgumentGraph:
    """The argument as layers: claims, terms (with their parameters), options, links."""

    claims: tuple[str, ...]
    terms: tuple[TermNode, ...]
    options: tuple[str, ...]
    links: tuple[Link, ...]

    def unlinked(self) -> tuple[str, ...]:
        """Claims that no term depends on."""
        linked = {link.claim for link in self.links}
        return tuple(c for c in self.claims if c not in linked)


def _closure(names: frozenset[str], derived: dict[str, frozenset[str]]) -> set[str]:
    """Every parameter and derived quantity reachable from ``names``."""
    seen: set[str] = set()
    stack = list(names)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        stack.extend(derived.get(name, frozenset()))
    return seen


def argument_graph(scenario: Scenario) -> ArgumentGraph:
    """Build the argument map of ``scenario`` as plain data."""
    formulas, _ = parse_formulas(scenario)
    derived = {str(loc[1]): f.names for loc, f in formulas.items() if loc[0] == "derived"}
    cited: dict[str, list[str]] = {n: p.claims for n, p in scenario.parameters.items()}
    cited.update({n: d.claims for n, d in scenario.derived.items()})
    terms, links = [], []
    for oid, option in scenario.decision.options.items():
        for j, t in enumerate(option.terms):
            names = _closure(formulas[("decision", "options", oid, "terms", j)].names, derived)
            params = tuple(n for n in scenario.parameters if n in names)
            terms.append(TermNode(oid, t.id, term_label(scenario, oid, t.id), t.kind, params))
            direct = set(t.claims)
            indirect = {c for n in names for c in cited.get(n, [])} - direct
            links += [Link(c, (oid, t.id), True) for c in t.claims]
            links += [Link(c, (oid, t.id), False) for c in sorted(indirect)]
    return ArgumentGraph(tuple(c.id for c in scenario.claims), tuple(terms),
                         tuple(scenario.decision.options), tuple(links))


def _term_rows(graph: ArgumentGraph) -> tuple[dict[tuple[str, str], float], dict[str, float]]:
    """Row positions (0 = top) of each term and each option, a gap between options."""
    rows: dict[tuple[str, str], float] = {}
    options: dict[str, float] = {}
    y = 0.0
    for o in graph.options:
        mine = [t for t in graph.terms if t.option == o]
        start = y
        for t in mine:
            rows[(t.option, t.id)] = y
            y += 1.0
        options[o] = (start + y - 1.0) / 2 if mine else y
        y += 0.6 if mine else 1.6
    return rows, options


def _claim_rows(graph: ArgumentGraph, term_y: dict[tuple[str, str], float]) -> list[str]:
    """Claims ordered by the first and mean row of the terms they feed (fewer crossings)."""
    def key(item: tuple[int, str]) -> tuple[float, float, int]:
        i, c = item
        ys = [term_y[link.term] for link in graph.links if link.claim == c]
        if not ys:
            return (float("inf"), float("inf"), i)
        return (min(ys), float(np.mean(ys)), i)

    return [c for _, c in sorted(enumerate(graph.claims), key=key)]


def _box(ax: Axes, x: float, y: float, w: float, h: float, text: str, *,
         face: str = "white", edge: str = "0.2", ls: str = "-", weight: str = "normal",
         size: float = 8.0, style: str = "normal") -> None:
    ax.add_patch(FancyBboxPatch((x, y - h / 2), w, h, boxstyle="round,pad=0,rounding_size=0.006",
                                facecolor=face, edgecolor=edge, linestyle=ls, linewidth=1.0))
    ax.text(x + w / 2, y, text, ha="center", va="center", fontsize=size, fontweight=weight,
            fontstyle=style, linespacing=1.15)


def _curve(ax: Axes, x0: float, y0: float, x1: float, y1: float, *, ls: str = "-",
           color: str = "0.35", lw: float = 0.9) -> None:
    xm = (x0 + x1) / 2
    path = Path([(x0, y0), (xm, y0), (xm, y1), (x1, y1)],
                [Path.MOVETO, Path.CURVE4, Path.CURVE4, Path.CURVE4])
    ax.add_patch(PathPatch(path, facecolor="none", edgecolor=color, linestyle=ls, linewidth=lw))


def _params_text(params: tuple[str, ...], limit: int = 5) -> str:
    if not params:
        return "no parameters"
    shown = ", ".join(params[:limit])
    return shown + (f" +{len(params) - limit} more" if len(params) > limit else "")


_X = {"claim": 0.003, "claim_w": 0.215, "term": 0.325, "term_w": 0.27, "option": 0.68,
      "option_w": 0.145, "decision": 0.86, "decision_w": 0.137}


def _place(rows: Mapping[K, float], n: float, span: float) -> dict[K, float]:
    """Map row numbers (0 = top, ``n`` rows) onto ``span`` inches, top down."""
    return {k: span - span * (r + 0.5) / n for k, r in rows.items()}


def _draw_claims(ax: Axes, s: Scenario, graph: ArgumentGraph, order: list[str],
                 y: dict[str, float]) -> None:
    roles = {c.id: c for c in s.claims}
    unlinked = set(graph.unlinked())
    for c in order:
        claim = roles[c]
        text = f"{claim.where}: {c.replace('-', ' ')}"
        if claim.role in ("conclusion", "caveat", "inference"):
            text += f" ({claim.role})"
        if c in unlinked:
            text += ": the decision tests it" if claim.role == "conclusion" else ": no number"
        text = "\n".join(textwrap.wrap(text, 36, max_lines=2, placeholder=" [...]"))
        _box(ax, _X["claim"], y[c], _X["claim_w"], 0.32, text, size=8.5,
             weight="bold" if claim.role == "conclusion" else "normal",
             ls="--" if claim.role == "caveat" else "-",
             face="0.93" if claim.role == "inference" else "white",
             style="italic" if c in unlinked else "normal")


@styled
def argument_map_figure(model: Model, *, seed: int = 2024, samples: int = 20_000) -> Figure:
    """The argument map: which claims feed which terms, options and the decision.

    Claims are ordered to limit crossings (their source paragraph is shown); each term
    box lists the parameters its formula uses; each option box gives its mean net value
    and chance of being best from a Monte Carlo run.
    """
    s = model.scenario
    graph = argument_graph(s)
    results = run(model, samples=samples, seed=seed)
    term_y, option_y = _term_rows(graph)
    order = _claim_rows(graph, term_y)
    n_terms = max([*term_y.values(), *option_y.values(), 0.0]) + 1
    height = max(6.0, 0.42 * max(len(order), n_terms) + 2.2)
    span = height - 1.5
    claim_y = _place({c: float(i) for i, c in enumerate(order)}, len(order) or 1, span)
    term_y = _place(term_y, n_terms, span)
    option_y = _place(option_y, n_terms, span)
    fig = new_figure(12.5, height)
    ax = fig.subplots()
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.3, span + 0.3)
    _draw_claims(ax, s, graph, order, claim_y)
    for link in graph.links:
        _curve(ax, _X["claim"] + _X["claim_w"], claim_y[link.claim], _X["term"],
               term_y[link.term], ls="-" if link.direct else ":",
               color="0.25" if link.direct else "0.5")
    for t in graph.terms:
        sign = "+" if t.kind == "benefit" else "\u2212"
        risk = " (risk)" if t.kind == "risk" else ""
        text = f"{sign} {textwrap.shorten(t.label + risk, 42)}\n{_params_text(t.parameters, 4)}"
        _box(ax, _X["term"], term_y[(t.option, t.id)], _X["term_w"], 0.36, text,
             face={"benefit": "white", "cost": "0.88", "risk": "0.75"}[t.kind], size=8.5)
        _curve(ax, _X["term"] + _X["term_w"], term_y[(t.option, t.id)], _X["option"],
               option_y[t.option], color="0.2")
    _draw_decision(ax, model, _option_texts(results, s), option_y)
    _headers(ax, span + 0.3)
    add_caption(fig, caption_for(model, seed=seed, samples=samples, note=(
        "Solid line: the term cites the claim; dotted line: a parameter or derived quantity "
        "the term uses encodes the claim. Claims: bold box, conclusion; dashed, caveat; "
        "shaded, inference. Terms: + benefit (white), \u2212 cost (light grey) or risk "
        "(darker), with the parameters the formula uses")))
    return fig


def _option_texts(results: Results, s: Scenario) -> dict[str, str]:
    """Each option's box text: label, mean net value and chance of being best."""
    p_best = results.p_best()
    return {o: f"{option_label(s, o)}\nmean net value {fmt(results.summary(o).mean)}\n"
               f"best in {pct(p_best[o])}" for o in results.options}


def _draw_decision(ax: Axes, model: Model, texts: dict[str, str],
                   option_y: dict[str, float]) -> None:
    s = model.scenario
    mid = float(np.mean(list(option_y.values())))
    for o, y in option_y.items():
        if not any(t.option == o for t in model.terms):
            texts[o] += "\n(no terms: 0)"
        _box(ax, _X["option"], y, _X["option_w"], 0.66, texts[o], size=8.5)
        _curve(ax, _X["option"] + _X["option_w"], y, _X["decision"], mid, color="0.2")
    question = textwrap.fill(s.decision.question or s.decision.id, 20)
    actors = {a.id: a.name for a in s.actors}
    actor = actors.get(s.decision.actor, s.decision.actor.replace("_", " "))
    _box(ax, _X["decision"], mid, _X["decision_w"], 1.25,
         f"{question}\n\nDecided by\n{textwrap.fill(actor, 20)}", weight="bold",
         size=8.5, face="0.93")


def _headers(ax: Axes, top: float) -> None:
    heads = [("claim", "Claims (where in the source)"), ("term", "Terms and their parameters"),
             ("option", "Options"), ("decision", "Decision")]
    for key, text in heads:
        ax.text(_X[key], top, text, ha="left", va="top", fontsize=10, fontweight="bold")
