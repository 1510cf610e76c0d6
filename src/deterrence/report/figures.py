"""The figure registry: every kind of figure by name, and :func:`plot` to make one.

Each :class:`FigureKind` maps a name used on the command line (``deterrence plot
SCENARIO KIND``) to a function ``(model, *, seed, samples, **options) -> Figure`` and says
which scenarios it applies to. :func:`plot` resolves a scenario id or path, compiles it
with a perspective and overrides and returns a :class:`matplotlib.figure.Figure`, which
Jupyter displays as it is and :func:`~deterrence.report.style.save_figure` writes to disk.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from ..errors import DeterrenceError
from ..formula import suggest
from ..model import Model
from ..scenario import Scenario, resolve_scenario
from ..simulation import DEFAULT_SEED
from .argument_map import argument_map_figure
from .figures_analysis import breakeven_figure, sobol_figure, tornado_figure
from .figures_core import distributions_figure, perspectives_figure, waterfall_figure
from .figures_escalation import escalation_figure, escalation_missing
from .figures_games import game_tree_figure, games_missing
from .figures_map import breakeven_map_figure
from .figures_wargame import wargame_figure, wargame_missing

__all__ = ["DEFAULT_SAMPLES", "DEFAULT_SEED", "FIGURES", "FigureKind", "plot", "to_model"]

DEFAULT_SAMPLES = 20_000

FigureFunction = Callable[..., Figure]


def _always(_: Scenario) -> str | None:
    return None


def _needs_perspectives(s: Scenario) -> str | None:
    if s.perspectives:
        return None
    return f"scenario {s.id!r} defines no perspectives to compare"


def _needs_uncertainty(s: Scenario) -> str | None:
    model = Model.compile(s)
    if len(model.uncertain_parameters()) >= 2:
        return None
    return f"scenario {s.id!r} has fewer than two uncertain parameters to analyse"


def _needs_terms(s: Scenario) -> str | None:
    if any(o.terms for o in s.decision.options.values()):
        return None
    return f"no option of scenario {s.id!r} has terms"


@dataclass(frozen=True)
class FigureKind:
    """One kind of figure.

    Attributes
    ----------
    name
        The name used on the command line.
    title
        A short title.
    description
        What the figure shows, in one or two sentences.
    function
        ``(model, *, seed, samples, **options) -> Figure``.
    unavailable
        ``scenario -> reason`` the figure does not apply to it, or ``None`` when it does.
    options
        Extra keyword options the function accepts (for example ``option``).
    """

    name: str
    title: str
    description: str
    function: FigureFunction
    unavailable: Callable[[Scenario], str | None] = _always
    options: tuple[str, ...] = ()

    def applies(self, scenario: Scenario) -> bool:
        """Whether this figure can be drawn for ``scenario``."""
        return self.unavailable(scenario) is None


FIGURES: dict[str, FigureKind] = {
    k.name: k
    for k in (
        FigureKind("distributions", "Net value of each option",
                   "Each option's net-value distribution, its mean and 90% range, and the "
                   "chance it is the best option.", distributions_figure),
        FigureKind("waterfall", "What makes up an option's net value",
                   "A waterfall of one option's benefits, costs and risks, as Monte Carlo "
                   "means and at point values.", waterfall_figure, _needs_terms, ("option",)),
        FigureKind("argument-map", "Argument map",
                   "Claims linked to the terms that encode them, the options and the "
                   "decision.", argument_map_figure),
        FigureKind("perspectives", "Perspectives side by side",
                   "The scenario as written and under each perspective: mean net values, "
                   "ranges and chance of being best, with one seed.", perspectives_figure,
                   _needs_perspectives, ("perspectives",)),
        FigureKind("escalation", "Deterrence curve",
                   "The adversary's chance of escalating against the chance the protector is "
                   "drawn in (and its credibility), with q*, h* and the points without and "
                   "with the move.", escalation_figure, escalation_missing),
        FigureKind("tornado", "Tornado",
                   "The decision's margin with each parameter at its 5th and 95th percentile, "
                   "the others at point values: which assumptions move it most.",
                   tornado_figure, _needs_uncertainty, ("option",)),
        FigureKind("breakeven", "Break-even curve",
                   "Each option's net value as one parameter sweeps its plausible range, with "
                   "the value where the best option changes.", breakeven_figure,
                   _needs_uncertainty, ("parameters",)),
        FigureKind("breakeven-map", "Break-even map",
                   "The best option over two parameters at once, with break-even boundaries "
                   "and where each perspective stands.", breakeven_map_figure,
                   _needs_uncertainty, ("parameters",)),
        FigureKind("sobol", "Sobol indices",
                   "Each parameter's share of the variance of the decision's margin, alone "
                   "and with interactions, with confidence intervals.", sobol_figure,
                   _needs_uncertainty, ("option",)),
        FigureKind("game-tree", "Game tree",
                   "The scenario's game as a tree, payoffs at point values, with its "
                   "subgame-perfect equilibrium path and the paths followed across draws.",
                   game_tree_figure, games_missing, ("game",)),
        FigureKind("wargame", "Wargame over turns",
                   "The wargame's state turn by turn across many simulated games: medians "
                   "with 25-75% and 5-95% bands, and the chance of each indicator.",
                   wargame_figure, wargame_missing, ("variables",)),
    )
}
"""Every figure kind by name, in reading order (a run, its argument, then the analyses)."""


def to_model(
    scenario: Scenario | Model | str | Path,
    *,
    perspective: str | None = None,
    overrides: Mapping[str, str | float] | None = None,
) -> Model:
    """A compiled model from a scenario, a model, a built-in id or a file path."""
    if isinstance(scenario, Model):
        if perspective is not None or overrides:
            raise DeterrenceError("give a perspective or overrides with a Scenario, not a Model")
        return scenario
    if not isinstance(scenario, Scenario):
        scenario = resolve_scenario(scenario)
    return Model.compile(scenario, perspective=perspective, overrides=overrides)


def plot(
    scenario: Scenario | Model | str | Path,
    kind: str,
    *,
    seed: int = DEFAULT_SEED,
    samples: int = DEFAULT_SAMPLES,
    perspective: str | None = None,
    overrides: Mapping[str, str | float] | None = None,
    **options: Any,
) -> Figure:
    """Make one figure of ``scenario``.

    Parameters
    ----------
    scenario
        A scenario, a compiled model, a built-in scenario id or a path to a scenario file.
    kind
        A name in :data:`FIGURES` (``distributions``, ``waterfall``, ...).
    seed, samples
        Seed and number of Monte Carlo draws (same seed, same figure).
    perspective, overrides
        A perspective of the scenario and ``--set``-style parameter overrides.
    **options
        Options of the figure kind, for example ``option="send_troops"`` for ``waterfall``.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; Jupyter displays it, :func:`deterrence.report.save_figure` saves it.

    Raises
    ------
    DeterrenceError
        For an unknown kind or option, or a figure that does not apply to the scenario.
    """
    if kind not in FIGURES:
        raise DeterrenceError(f"unknown figure kind {kind!r}{suggest(kind, FIGURES)}; "
                              f"the kinds are: {', '.join(FIGURES)}")
    spec = FIGURES[kind]
    unknown = sorted(set(options) - set(spec.options))
    if unknown:
        accepted = ", ".join(spec.options) or "none"
        raise DeterrenceError(f"figure {kind!r} takes no option {unknown[0]!r} "
                              f"(its options: {accepted})")
    model = to_model(scenario, perspective=perspective, overrides=overrides)
    reason = spec.unavailable(model.scenario)
    if reason is not None:
        raise DeterrenceError(f"cannot draw {kind!r}: {reason}")
    if samples < 1:
        raise DeterrenceError(f"samples must be at least 1, not {samples}")
    return spec.function(model, seed=seed, samples=samples, **options)
