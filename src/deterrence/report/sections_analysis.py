"""Report sections built on the analysis, games and wargame packages: break-even values,
sensitivity, the scenario's games and its wargame played many times.
"""

from __future__ import annotations

import math

import pandas as pd

from ..analysis import breakeven_table, sobol_indices
from ..analysis.breakeven import percentile_text
from ..games import GameAnalysis, scenario_game_ids
from ..model import Model
from ..textfmt import fmt, pct
from .blocks import Block, Bullets, FigureBlock, Paragraph, Section, Table
from .figures import FIGURES
from .figures_analysis import readable, sobol_base_points
from .figures_games import player_names, scenario_analysis, tree_figure
from .figures_map import contested_parameters, default_map_pair
from .figures_wargame import draw_wargame, play_games
from .labels import option_label
from .sections_core import Settings, figure_block
from .style import caption_for

__all__ = [
    "breakeven_section", "games_section", "sensitivity_section", "wargame_section",
]  # fmt: skip

MAX_ROWS = 12


def _breakeven_rows(model: Model, table: pd.DataFrame) -> tuple[tuple[str, ...], ...]:
    rows = []
    for r in table.head(MAX_ROWS).to_dict("records"):
        moves = {"above": "rises above", "below": "falls below"}.get(str(r["direction"]), "")
        rows.append((
            str(r["parameter"]), str(r["label"]), fmt(float(r["point"])),
            f"{moves} {fmt(float(r['switch_value']))}",
            percentile_text(float(r["switch_quantile"])),
            option_label(model.scenario, str(r["new_best"])),
        ))
    return tuple(rows)


def breakeven_section(model: Model, settings: Settings) -> Section:
    """Break-even values of every parameter, the nearest one's curve and the decision map."""
    table = breakeven_table(model)
    switching = table[table["distance"] < math.inf]
    lead = (readable(model, str(switching["sentence"].iloc[0])) if len(switching)
            else "No single parameter changes the decision within its plausible range.")
    blocks: list[Block] = [
        Paragraph("How far must one assumption move, the others held at their point values, "
                  "before a different option is best? Rows are sorted by how close the switch "
                  "is, in probability, to the point value. " + lead),
        Table(("parameter", "meaning", "point", "the decision changes if it",
               "percentile of the switch", "then best"),
              _breakeven_rows(model, switching), numeric=(False, False, True, False, True, False),
              caption=f"Break-even values: {len(switching)} of {len(table)} uncertain parameters "
                      "change the decision within their plausible range (0.1st to 99.9th "
                      "percentile); the others never do"),
        figure_block("breakeven", model, settings),
    ]
    if len(contested_parameters(model)) >= 2:
        blocks.append(Paragraph("The map below uses the two parameters the perspectives "
                                "disagree about most and marks where each reading puts them.",
                                style="note"))
    blocks.append(figure_block("breakeven-map", model, settings))
    near = [str(p) for p in switching["parameter"].head(2)]
    if len(near) == 2 and set(near) != set(default_map_pair(model)):
        blocks.append(Paragraph(f"The next map uses the two parameters whose break-even values "
                                f"are nearest: {near[0]} and {near[1]}.", style="note"))
        blocks.append(figure_block("breakeven-map", model, settings, parameters=tuple(near)))
    return Section("breakeven", "Break-even values", tuple(blocks))


def sensitivity_section(model: Model, settings: Settings) -> Section:
    """Tornado and Sobol indices of the decision's margin."""
    n = sobol_base_points(settings.samples)
    df = sobol_indices(model, n=n, seed=settings.seed)
    rows = tuple((str(r["parameter"]), str(r["label"]), f"{fmt(float(r['S1']), 2)} ± "
                  f"{fmt(float(r['S1_conf']), 2)}", f"{fmt(float(r['ST']), 2)} ± "
                  f"{fmt(float(r['ST_conf']), 2)}") for r in df.head(MAX_ROWS).to_dict("records"))
    return Section("sensitivity", "Which assumptions matter most", (
        Paragraph("The tornado moves one parameter at a time to its 5th and 95th percentile; "
                  "Sobol indices split the variance of the decision's margin among all the "
                  "parameters moving at once (first order: the parameter alone; total: with "
                  "its interactions). A parameter with a large total index is where better "
                  "evidence would most change the answer."),
        figure_block("tornado", model, settings),
        Table(("parameter", "meaning", "first order S1", "total ST"), rows,
              caption=f"Sobol indices of {df.attrs['target']} ({n:,} base points, seed "
                      f"{settings.seed}; ± is a {df.attrs['conf_level']:.0%} interval)",
              numeric=(False, False, True, True)),
        figure_block("sobol", model, settings),
    ))


def _game_blocks(model: Model, analysis: GameAnalysis, n: int, settings: Settings,
                 game_id: str) -> list[Block]:
    spec = model.scenario.games[game_id]
    blocks: list[Block] = [Paragraph(" ".join(x.split())) for x in (spec.description,
                                                                    spec.lesson) if x]
    if analysis.tree is not None and analysis.values is not None:
        caption = caption_for(model, seed=settings.seed, samples=n, units="payoffs",
                              note="Payoffs at point values")
        fig = tree_figure(analysis.tree, analysis.values, analysis.point,
                          across=analysis.across, samples=n, caption=caption,
                          names=player_names(model.scenario))
        blocks.append(FigureBlock("game-tree", f"Game tree: {analysis.title}",
                                  FIGURES["game-tree"].description, fig))
    if analysis.point is not None:
        sol = analysis.point
        names = player_names(model.scenario)
        path = "; ".join(f"{names.get(m.player, m.player)}: {m.action}" for m in sol.paths[0].moves)
        blocks.append(Bullets((
            ("Equilibrium path:", path or "(no decision)"),
            ("Strategies:", "; ".join(f"{k}: {v}" for k, v in sol.strategy().items())),
            ("Payoffs:", "; ".join(f"{p} {fmt(v)}" for p, v in sol.payoffs().items())))))
    if analysis.across is not None:
        rows = tuple((p.describe(), pct(p.probability), pct(p.se))
                     for p in analysis.across.paths[:8])
        blocks.append(Table(("equilibrium path", "share of draws", "± se"), rows,
                            numeric=(False, True, True),
                            caption=f"Across {n:,} draws (seed {settings.seed})"))
    if analysis.pbe is not None:
        blocks.append(Paragraph("Perfect Bayesian equilibria at point values:"))
        blocks.append(Bullets(tuple((f"{e.kind}{' (tie)' if e.tie else ''}:", e.condition)
                                    for e in analysis.pbe.equilibria)
                              or (("", "none found"),)))
    if analysis.pbe_across is not None:
        share = analysis.pbe_across.share
        blocks.append(Table(("kind of equilibrium", "share of draws where one exists"),
                            tuple((k, pct(v)) for k, v in share.items()),
                            numeric=(False, True),
                            caption=f"Across {n:,} draws (seed {settings.seed})"))
    if analysis.thresholds is not None:
        blocks.append(Bullets(tuple(("", line) for line in analysis.thresholds.lines)))
    blocks += [Paragraph(r, style="note") for r in analysis.remarks]
    return blocks


def games_section(model: Model, settings: Settings) -> Section | None:
    """The scenario's games, each solved (none: no section)."""
    ids = scenario_game_ids(model.scenario)
    if not ids:
        return None
    blocks: list[Block] = []
    for gid in ids:
        analysis, n = scenario_analysis(model, gid, settings.seed, settings.samples)
        blocks.append(Paragraph(f"Game '{analysis.title}'", style="lead"))
        blocks += _game_blocks(model, analysis, n, settings, gid)
    return Section("games", "The games", tuple(blocks))


def wargame_section(model: Model, settings: Settings) -> Section | None:
    """The wargame played many times by bots: briefing, bands over turns, indicators."""
    spec = model.scenario.wargame
    if spec is None:
        return None
    rules, res = play_games(model, seed=settings.seed, samples=settings.samples)
    fig = draw_wargame(model, rules, res)
    rows = tuple((spec.indicators[k].label, pct(float(res.p_by_turn(k)[-1])))
                 for k in res.indicators)
    moves = []
    for side in res.sides:
        shares = sorted(res.move_shares(side).items(), key=lambda kv: -kv[1])[:3]
        if shares:
            moves.append((spec.sides[side].name + ":", "; ".join(
                f"{m.replace('_', ' ')} {pct(v)}" for m, v in shares)))
    blocks: list[Block] = [Paragraph(" ".join(spec.briefing.split()))] if spec.briefing else []
    blocks += [
        FigureBlock("wargame", FIGURES["wargame"].title, FIGURES["wargame"].description, fig),
        Table(("indicator", "chance by the last turn"), rows, numeric=(False, True),
              caption=f"{res.runs:,} simulated games, seed {res.seed}"),
        Paragraph("Most frequent moves of each side's bot (share of its turns):"),
        Bullets(tuple(moves)),
        Paragraph("Bots are a baseline, not a forecast: play the game with people "
                  f"('deterrence wargame new {model.scenario.id}') and compare.",
                  style="note"),
    ]
    return Section("wargame", "The wargame, played many times", tuple(blocks))
