"""A game tree with its subgame-perfect equilibrium path.

The game, its payoffs at point values and its solution come from :mod:`deterrence.games`
(:func:`~deterrence.games.scenario_game`, :func:`~deterrence.games.analyse`); this module
only draws them. The tree is laid out left to right, leaves evenly spaced. Thick black
edges are the equilibrium path, thin black edges equilibrium choices off the path, grey
dashed edges actions not chosen; nodes a player cannot tell apart (an information set)
are joined by a dotted line.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path

from ..errors import DeterrenceError
from ..games import (
    BackwardSolution,
    Chance,
    Decision,
    Game,
    GameAnalysis,
    GameValues,
    Terminal,
    analyse,
    classic_game,
    scenario_game,
    scenario_game_ids,
)
from ..games.scenario_games import model_values
from ..model import Model
from ..scenario.schema import Scenario
from ..textfmt import fmt, pct
from .style import Caption, add_caption, caption_for, new_figure, styled

__all__ = [
    "classic_game_figure", "game_tree_figure", "games_missing", "player_names", "scenario_analysis",
    "tree_figure",
]

GAME_DRAWS = 5_000


def games_missing(scenario: Scenario) -> str | None:
    """Why ``scenario`` has no game tree to draw, or ``None``."""
    if scenario_game_ids(scenario):
        return None
    return (f"scenario {scenario.id!r} has no games section (see docs/games.md); classic "
            "games can be drawn from Python with deterrence.report.classic_game_figure")


def _layout(game: Game) -> tuple[dict[int, float], dict[int, float]]:
    """x (depth) and y (leaves evenly spaced, parents centred) of every node."""
    flat = game.flat
    x: dict[int, float] = {}
    y: dict[int, float] = {}
    leaf = 0
    for i in range(len(flat.nodes)):  # pre-order: parents first
        x[i] = 0.0 if flat.parent[i] < 0 else x[flat.parent[i]] + 1.0
    for i in range(len(flat.nodes)):
        if not flat.children[i]:
            y[i] = -float(leaf)
            leaf += 1
    for i in range(len(flat.nodes) - 1, -1, -1):
        if flat.children[i]:
            y[i] = float(np.mean([y[k] for k in flat.children[i]]))
    return x, y


def _reached(game: Game, values: GameValues, sol: BackwardSolution | None) -> set[int]:
    """Nodes reached in equilibrium at point values."""
    flat = game.flat
    out = {0}
    for i in range(len(flat.nodes)):
        if i not in out:
            continue
        node = flat.nodes[i]
        for a, k in enumerate(flat.children[i]):
            by_chance = isinstance(node, Chance) and float(values.probabilities[i][a, 0]) > 0
            chosen = sol is not None and i in sol.choice and int(sol.choice[i][0]) == a
            if by_chance or chosen:
                out.add(k)
    return out


def _edge_label(node: Decision | Chance, i: int, a: int, values: GameValues) -> str:
    label = node.actions[a].replace("_", " ")
    if isinstance(node, Chance):
        label += f" (p = {fmt(float(values.probabilities[i][a, 0]), 2)})"
    return label


def _draw_edges(ax: Axes, game: Game, values: GameValues, sol: BackwardSolution | None,
                pos: tuple[dict[int, float], dict[int, float]]) -> set[int]:
    flat, (x, y) = game.flat, pos
    reached = _reached(game, values, sol)
    for i, node in enumerate(flat.nodes):
        if isinstance(node, Terminal):
            continue
        for a, k in enumerate(flat.children[i]):
            chosen = sol is not None and i in sol.choice and int(sol.choice[i][0]) == a
            on_path = k in reached and (chosen or isinstance(node, Chance))
            color, width, dash = (("0", 3.2, "-") if on_path else ("0", 1.3, "-") if chosen
                                  else ("0.55", 1.1, "--"))
            ax.plot([x[i], x[k]], [y[i], y[k]], color=color, lw=width, ls=dash, zorder=1,
                    solid_capstyle="round")
            ax.text((x[i] + x[k]) / 2, (y[i] + y[k]) / 2, _edge_label(node, i, a, values),
                    ha="center", va="center", fontsize=8.5, zorder=3,
                    fontweight="bold" if on_path else "normal",
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0})
    return reached


def _name(player: str, names: Mapping[str, str]) -> str:
    return names.get(player, player.replace("_", " "))


def _payoff_text(game: Game, node: Terminal, i: int, values: GameValues,
                 names: Mapping[str, str]) -> str:
    pays = ", ".join(f"{_name(p, names)} {fmt(float(v[0]))}"
                     for p, v in zip(game.players, values.payoffs[i], strict=True))
    name = (node.outcome or node.name or "").replace("_", " ")
    return f"{name}: {pays}" if name else pays


def _draw_nodes(ax: Axes, game: Game, values: GameValues, reached: set[int],
                pos: tuple[dict[int, float], dict[int, float]], names: Mapping[str, str]) -> None:
    flat, (x, y) = game.flat, pos
    for i, node in enumerate(flat.nodes):
        if isinstance(node, Terminal):
            ax.plot(x[i], y[i], marker="o", ms=4, color="0", zorder=4)
            ax.text(x[i] + 0.06, y[i], _payoff_text(game, node, i, values, names), va="center",
                    ha="left", fontsize=8.5, fontweight="bold" if i in reached else "normal")
        elif isinstance(node, Chance):
            ax.plot(x[i], y[i], marker="s", ms=11, mfc="0.8", mec="0", zorder=4)
            ax.text(x[i], y[i] + 0.22, "chance", ha="center", va="bottom", fontsize=8.5,
                    fontstyle="italic")
        else:
            ax.plot(x[i], y[i], marker="o", ms=12, mfc="white", mec="0", mew=1.6, zorder=4)
            ax.text(x[i], y[i] + 0.22, textwrap.fill(_name(node.player, names), 16),
                    ha="center", va="bottom", fontsize=9, fontweight="bold", linespacing=1.0)
    shared = [info for info in flat.infosets if len(info.members) > 1]
    for k, info in enumerate(shared):
        members = sorted(info.members, key=lambda m: -y[m])
        for a, b in itertools.pairwise(members):
            bend = 0.18 + 0.12 * k
            path = Path([(x[a], y[a]), (x[a] - bend, (y[a] + y[b]) / 2), (x[b], y[b])],
                        [Path.MOVETO, Path.CURVE3, Path.CURVE3])
            ax.add_patch(PathPatch(path, facecolor="none", edgecolor="0.15", ls=":", lw=1.6,
                                   zorder=0))


def _paths_text(across: BackwardSolution | None, samples: int, names: Mapping[str, str]) -> str:
    if across is None or not across.paths:
        return ""
    lines = [f"Equilibrium paths across {samples:,} draws:"]
    for p in across.paths[:4]:
        text = "; ".join(f"{_name(m.player, names)}: {m.action.replace('_', ' ')}"
                         for m in p.moves) or "(no decision)"
        lines.append(f"  {pct(p.probability):>6}  {text}")
    if len(across.paths) > 4:
        lines.append(f"  ... and {len(across.paths) - 4} rarer paths")
    return "\n".join(lines)


@styled
def tree_figure(game: Game, values: GameValues, solution: BackwardSolution | None, *,
                across: BackwardSolution | None = None, samples: int = 0,
                caption: Caption | None = None, names: Mapping[str, str] | None = None
                ) -> Figure:
    """Draw ``game`` with its payoffs at ``values`` and its equilibrium ``solution``.

    ``across`` (backward induction over ``samples`` draws) adds a box with the paths
    followed; ``names`` gives display names of the players.
    """
    names = names or {}
    pos = _layout(game)
    leaves = len(game.flat.terminals)
    depth = max(pos[0].values())
    paths = _paths_text(across, samples, names)
    extra = 0.4 * (paths.count("\n") + 1) + 0.4 if paths else 0.0
    fig = new_figure(min(16.0, 2.6 * depth + 4.8), max(4.0, 0.62 * (leaves + extra) + 2.2))
    ax = fig.subplots()
    reached = _draw_edges(ax, game, values, solution, pos)
    _draw_nodes(ax, game, values, reached, pos, names)
    ax.set_axis_off()
    ax.set_xlim(-0.4, depth + 1.35)
    ax.set_ylim(-(leaves - 1) - 0.6 - extra, 0.8)
    status = ("thick line: subgame-perfect equilibrium path at point values; thin line: "
              "equilibrium choice off the path; dashed: action not chosen" if solution
              else "no backward induction: the game has information sets (dotted curves join "
              "nodes a player cannot tell apart); thick line: moves of chance")
    fig.suptitle(f"{game.title}\n", x=0.01, ha="left", fontsize=12, fontweight="bold")
    fig.text(0.01, 0.985, f"\n{status}", ha="left", va="top", fontsize=9.5)
    if paths:
        ax.text(0.0, 0.0, paths, transform=ax.transAxes, ha="left", va="bottom", fontsize=8.5,
                family="DejaVu Sans Mono", bbox={"facecolor": "0.95", "edgecolor": "0.6"})
    if caption is not None:
        add_caption(fig, caption)
    return fig


def scenario_analysis(model: Model, game_id: str | None, seed: int,
                       samples: int) -> tuple[GameAnalysis, int]:
    """Analyse the scenario's game ``game_id`` (else its first) with up to 5,000 draws."""
    ids = scenario_game_ids(model.scenario)
    if game_id is not None and game_id not in ids:
        raise DeterrenceError(f"scenario {model.scenario.id!r} has no game {game_id!r}; its "
                              f"games: {', '.join(ids) or 'none'}")
    sg = scenario_game(model.scenario, game_id or ids[0])
    n = min(samples, GAME_DRAWS)
    values = model_values(model, samples=n, seed=seed)
    return analyse(sg.game, values.point, values.draws, thresholds=sg.thresholds), n


def game_tree_figure(model: Model, *, seed: int = 2024, samples: int = 20_000,
                     game: str | None = None) -> Figure:
    """The scenario's game (``game``, else its first) as a tree with its equilibrium path.

    Payoffs are the scenario's formulas at point values; the box lists the equilibrium
    paths followed across Monte Carlo draws.
    """
    reason = games_missing(model.scenario)
    if reason is not None:
        raise DeterrenceError(reason)
    analysis, n = scenario_analysis(model, game, seed, samples)
    if analysis.tree is None or analysis.values is None:
        raise DeterrenceError(f"game {analysis.title!r} has no tree form to draw")
    caption = caption_for(model, seed=seed, samples=n, units="payoffs in each player's own "
                          "units", note="Payoffs at point values")
    return tree_figure(analysis.tree, analysis.values, analysis.point, across=analysis.across,
                       samples=n, caption=caption, names=player_names(model.scenario))


def player_names(scenario: Scenario) -> dict[str, str]:
    """Display names of players that are the scenario's actors."""
    return {a.id: a.name for a in scenario.actors}


def classic_game_figure(game_id: str, env: Mapping[str, float] | None = None) -> Figure:
    """A classic teaching game (see ``deterrence games``) as a tree with its equilibrium."""
    cg = classic_game(game_id)
    values = {**cg.parameters, **(env or {})}
    analysis = analyse(cg.game, dict(values), thresholds=cg.thresholds)
    if analysis.tree is None or analysis.values is None:
        raise DeterrenceError(f"game {game_id!r} has no tree form to draw")
    numbers = ", ".join(f"{k} = {fmt(float(v))}" for k, v in values.items())
    caption = Caption(scenario_id=f"classic game {game_id}", scenario_hash="", units="",
                      source=cg.reference, note=f"Parameters: {numbers}")
    return tree_figure(analysis.tree, analysis.values, analysis.point, caption=caption)
