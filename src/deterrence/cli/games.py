"""The ``game`` and ``games`` commands: solve a scenario's game, a classic or a Gambit file."""

from __future__ import annotations

import math
from pathlib import Path

import click

from ..errors import DeterrenceError
from ..games.analysis import GameAnalysis, analyse
from ..games.classic import CLASSIC_GAMES, classic_game
from ..games.errors import GameError
from ..games.gambit import read_gambit
from ..games.gambit_format import format_efg, format_nfg
from ..games.normal_form import NormalFormGame
from ..games.render import analysis_data, render_analysis
from ..games.scenario_games import model_values, scenario_game, scenario_game_ids
from ..games.signalling import SignallingGame
from ..games.tree import Game
from .common import echo_json, json_option, load_model, model_options, parse_sets, seed_option

__all__ = ["game_cmd", "games_cmd"]

_GAMBIT_SUFFIXES = (".efg", ".nfg")


@click.command("games")
@json_option
def games_cmd(as_json: bool) -> None:
    """List the classic teaching games (ids to use with `deterrence game`)."""
    if as_json:
        echo_json([{"id": g.id, "title": g.title, "reference": g.reference,
                    "lesson": g.lesson, "parameters": dict(g.parameters)}
                   for g in CLASSIC_GAMES.values()])
        return
    width = max(len(g) for g in CLASSIC_GAMES)
    for g in CLASSIC_GAMES.values():
        click.echo(f"{g.id:<{width}}  {g.title}")
        click.echo(f"{'':<{width}}  {g.reference}")
    click.echo("\nSolve one with `deterrence game ID`; change its numbers with --set NAME=VALUE.")


@click.command("game")
@click.argument("target", metavar="TARGET")
@click.argument("game_id", metavar="[GAME]", required=False)
@model_options
@click.option("--samples", "-n", default=10_000, show_default=True, type=int,
              help="Monte Carlo draws for the share of each equilibrium path (0 to skip).")
@seed_option
@click.option("--qre", "qre_lambda", default=None, type=float, metavar="LAMBDA",
              help="Also compute the logit quantal response equilibrium at this precision.")
@click.option("--efg", "efg_out", default=None, type=click.Path(dir_okay=False),
              help="Write the game as a Gambit .efg file (payoffs at point values).")
@click.option("--nfg", "nfg_out", default=None, type=click.Path(dir_okay=False),
              help="Write the game's normal form as a Gambit .nfg file.")
@json_option
def game_cmd(target: str, game_id: str | None, perspective: str | None, sets: tuple[str, ...],
             samples: int, seed: int | None, qre_lambda: float | None, efg_out: str | None,
             nfg_out: str | None, as_json: bool) -> None:
    """Solve a game: its tree, equilibrium, paths across draws and deterrence thresholds.

    TARGET is a scenario (built-in id or file; GAME names one of its games, all by
    default), a classic game's id (see `deterrence games`) or a Gambit .efg/.nfg file.
    """
    if qre_lambda is not None and not (math.isfinite(qre_lambda) and qre_lambda >= 0):
        raise DeterrenceError(f"--qre must be a non-negative number, not {qre_lambda}")
    if target in CLASSIC_GAMES:
        results = [_classic(target, game_id, perspective, sets, qre_lambda)]
        samples, seed = 0, None
    elif Path(target).suffix.lower() in _GAMBIT_SUFFIXES:
        if game_id is not None or perspective is not None or sets:
            raise DeterrenceError("a Gambit file holds one game with fixed numbers: GAME, "
                                  "--perspective and --set do not apply")
        game = read_gambit(target)
        results = [(game, analyse(game, qre_lambda=qre_lambda), ())]
        samples, seed = 0, None
    else:
        results, samples, seed = _scenario(target, game_id, perspective, sets, samples, seed,
                                           qre_lambda)
    _write(results, efg_out, nfg_out)
    if as_json:
        data = [analysis_data(a, samples=samples, seed=seed) for _, a, _ in results]
        echo_json(data[0] if len(data) == 1 else data)
        return
    texts = [render_analysis(a, samples=samples, seed=seed, header=header)
             for _, a, header in results]
    click.echo(("\n\n" + "=" * 72 + "\n\n").join(texts))


Result = tuple[Game | SignallingGame | NormalFormGame, GameAnalysis, tuple[str, ...]]


def _classic(gid: str, game_id: str | None, perspective: str | None, sets: tuple[str, ...],
             qre_lambda: float | None) -> Result:
    if game_id is not None or perspective is not None:
        raise DeterrenceError(f"{gid!r} is a classic game: GAME and --perspective do not "
                              "apply (use --set NAME=VALUE to change its numbers)")
    cg = classic_game(gid)
    env: dict[str, object] = dict(cg.parameters)
    for name, text in parse_sets(sets).items():
        if name not in cg.parameters:
            raise GameError(f"--set {name}: {gid!r} has no parameter {name!r}; its parameters: "
                            f"{', '.join(cg.parameters)}")
        try:
            env[name] = float(text)
        except ValueError:
            raise GameError(f"--set {name}={text}: a classic game's parameter takes a "
                            "number") from None
    game = cg.game
    analysis = analyse(game, env, thresholds=cg.thresholds, notes=cg.notes,
                       qre_lambda=qre_lambda)
    header = ("", cg.lesson, "", f"Reference: {cg.reference}")
    return game, analysis, header


def _scenario(target: str, game_id: str | None, perspective: str | None, sets: tuple[str, ...],
              samples: int, seed: int | None, qre_lambda: float | None
              ) -> tuple[list[Result], int, int | None]:
    model = load_model(target, perspective, sets)
    ids = [game_id] if game_id is not None else list(scenario_game_ids(model.scenario))
    if not ids:
        raise GameError(f"scenario {model.scenario.id!r} has no games section; try a classic "
                        "game (see `deterrence games`)")
    built = [scenario_game(model.scenario, gid) for gid in ids]
    values = model_values(model, samples=samples, seed=seed)
    results: list[Result] = []
    for sg in built:
        analysis = analyse(sg.game, values.point, values.draws, thresholds=sg.thresholds,
                           qre_lambda=qre_lambda)
        header = _header(model.scenario.id, sg.id, perspective, sg.spec.description,
                         sg.spec.lesson, sg.spec.reference)
        results.append((sg.game, analysis, header))
    return results, values.samples, values.seed


def _header(scenario: str, gid: str, perspective: str | None, description: str, lesson: str,
            reference: str) -> tuple[str, ...]:
    lines = [f"Scenario: {scenario}, game {gid!r}"
             + (f", perspective {perspective!r}" if perspective else "")]
    if description:
        lines += ["", description.strip()]
    if lesson:
        lines += ["", f"Lesson: {lesson.strip()}"]
    if reference:
        lines += ["", f"Reference: {reference.strip()}"]
    return tuple(lines)


def _write(results: list[Result], efg_out: str | None, nfg_out: str | None) -> None:
    if (efg_out or nfg_out) and len(results) != 1:
        raise DeterrenceError("name one GAME to write it to a file (this scenario has "
                              f"{len(results)} games)")
    if not results:
        return
    _, analysis, _ = results[0]
    if efg_out:
        if analysis.tree is None or analysis.values is None:
            raise GameError("this game is a normal form, not a tree: use --nfg to write it")
        _save(efg_out, format_efg(analysis.tree, analysis.values))
    if nfg_out:
        if analysis.normal is None:
            raise GameError("this game has no normal form to write")
        _save(nfg_out, format_nfg(analysis.normal))


def _save(path: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise GameError(f"{path}: cannot write the file ({exc.strerror or exc})") from None
    click.echo(f"wrote {path}", err=True)
