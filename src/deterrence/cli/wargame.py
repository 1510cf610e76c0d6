"""The ``deterrence wargame`` commands: play a scenario's wargame turn by turn.

A thin layer over :class:`deterrence.wargame.Session` and
:func:`deterrence.wargame.simulate`. Session commands take ``--db FILE`` (or the
``DETERRENCE_DB`` environment variable). Refusals are
:class:`~deterrence.errors.DeterrenceError` and print without a traceback (exit 2).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar

import click

from ..errors import DeterrenceError
from ..scenario import resolve_scenario
from ..wargame.adjudication import Ruling
from ..wargame.montecarlo import simulate
from ..wargame.rules import Rules
from ..wargame.session import Session
from ..wargame.spec import OUTCOMES, WHITE_CELL
from ..wargame.textview import (
    render_log,
    render_proposals,
    render_rules,
    render_simulation,
    render_view,
)
from .common import (
    echo_json,
    json_option,
    model_options,
    parse_sets,
    scenario_argument,
    seed_option,
)

__all__ = ["wargame_group"]

F = TypeVar("F", bound=Callable[..., Any])
MODES = click.Choice(["rigid", "semi-free", "free"])


def db_option(fn: F) -> F:
    """``--db FILE``: the session file (default: ``$DETERRENCE_DB``)."""
    return click.option("--db", "db", required=True, envvar="DETERRENCE_DB", metavar="FILE",
                        type=click.Path(dir_okay=False, path_type=Path),
                        help="The session file (or set DETERRENCE_DB).")(fn)


def as_option(default: str | None) -> Callable[[F], F]:
    """``--as SIDE``: whose view (``white_cell`` sees everything)."""
    return click.option("--as", "as_side", default=default, required=default is None,
                        metavar="SIDE", help="A side's id, or white_cell.")


@click.group("wargame")
def wargame_group() -> None:
    """Play a scenario's wargame: sides move, the White Cell adjudicates, all is logged.

    \b
    A session:  new -> (move ... -> adjudicate -> next) x turns -> aar
    Monte Carlo: simulate SCENARIO --runs 10000
    """


def _split(item: str, what: str) -> tuple[int, str]:
    ref, sep, value = item.partition("=")
    ref = ref.strip().lstrip("#")
    if not sep or not ref.isdigit() or not value.strip():
        raise DeterrenceError(f"{what} {item!r}: write REF=VALUE with the move's number, "
                              f"for example {what} 7=fail")
    return int(ref), value.strip()


def _rulings(overrides: tuple[str, ...], dice: tuple[str, ...],
             reason: str | None) -> dict[int, Ruling]:
    if overrides and not (reason or "").strip():
        raise DeterrenceError("--override needs --reason TEXT (the reason is logged for the "
                              "after-action review)")
    rulings: dict[int, Ruling] = {}
    for item in overrides:
        ref, outcome = _split(item, "--override")
        if outcome not in OUTCOMES:
            raise DeterrenceError(f"--override {item!r}: the outcome must be one of "
                                  + ", ".join(OUTCOMES))
        rulings[ref] = Ruling(outcome=outcome, reason=reason or "")
    for item in dice:
        ref, total = _split(item, "--dice")
        if not total.isdigit():
            raise DeterrenceError(f"--dice {item!r}: the 2d6 total must be a number, 2 to 12")
        if ref in rulings:
            raise DeterrenceError(f"move #{ref} has both --override and --dice; choose one")
        rulings[ref] = Ruling(dice=int(total))
    return rulings


@wargame_group.command("new")
@scenario_argument
@db_option
@click.option("--seed", type=click.IntRange(0), default=None,
              help="Seed of every roll (recorded; default: a fresh one).")
@click.option("--mode", type=MODES, default=None,
              help="Adjudication: rigid, semi-free or free (default: the scenario's).")
@click.option("--parameters", type=click.Choice(["point", "draw"]), default="point",
              show_default=True, help="Play with point values, or one draw of the parameters.")
@model_options
def new_cmd(scenario: str, db: Path, seed: int | None, mode: str | None, parameters: str,
            perspective: str | None, sets: tuple[str, ...]) -> None:
    """Start a session of SCENARIO's wargame in a new session file."""
    with Session.new(scenario, db, seed=seed, mode=mode,  # type: ignore[arg-type]
                     parameters=parameters,  # type: ignore[arg-type]
                     perspective=perspective, overrides=dict(parse_sets(sets))) as s:
        spec = s.rules.spec
        click.echo(f"{db}: session {s.session_id} of {spec.title or s.rules.scenario.title}")
        click.echo(f"seed {s.game.seed}, {s.game.mode} adjudication, {spec.turns} turns; "
                   f"sides: {', '.join(s.rules.sides)} (and {WHITE_CELL})")
        click.echo(render_log(s.log()[1:]) or "Turn 1 begins.")


@wargame_group.command("status")
@db_option
@as_option(None)
@json_option
def status_cmd(db: Path, as_side: str, as_json: bool) -> None:
    """What a side (or the White Cell) sees now."""
    with Session.open(db) as s:
        v = s.status(as_side)
        if as_json:
            echo_json(asdict(v))
            return
        click.echo(render_view(v))


@wargame_group.command("move")
@db_option
@as_option(None)
@click.argument("move", required=False)
@click.option("--note", default="", help="Your argument for the move (logged).")
@click.option("--bot", default=None, metavar="POLICY",
              help="Let a bot choose: greedy, random, scripted or pass.")
def move_cmd(db: Path, as_side: str, move: str | None, note: str, bot: str | None) -> None:
    """Submit MOVE for your side this turn (others cannot see it until adjudication)."""
    with Session.open(db) as s:
        if bot is not None:
            if move is not None:
                raise DeterrenceError("give a MOVE or --bot, not both")
            event = s.bot_move(as_side, bot)
            if event is None:
                click.echo(f"{as_side} ({bot} bot) passes this turn.")
                return
        elif move is None:
            raise DeterrenceError("name the MOVE (see `deterrence wargame status --as "
                                  f"{as_side}`), or use --bot POLICY")
        else:
            event = s.move(as_side, move, note=note)
        click.echo(f"#{event.seq} {as_side}: {getattr(event, 'move', '')} submitted for "
                   f"{s.rules.turn_label(event.turn)}.")


@wargame_group.command("adjudicate")
@db_option
@click.option("--accept", is_flag=True, help="Accept the model's proposals (semi-free).")
@click.option("--override", "overrides", multiple=True, metavar="REF=OUTCOME",
              help="Set a move's outcome (semi-free, free). Repeatable; needs --reason.")
@click.option("--reason", default=None, help="Why the White Cell rules so (logged).")
@click.option("--dice", multiple=True, metavar="REF=TOTAL",
              help="Use a real 2d6 roll for a move (any mode). Repeatable.")
def adjudicate_cmd(db: Path, accept: bool, overrides: tuple[str, ...], dice: tuple[str, ...],
                   reason: str | None) -> None:
    """White Cell: resolve every pending move (rigid: the model and a seeded roll decide)."""
    rulings = _rulings(overrides, dice, reason)
    with Session.open(db) as s:
        mode = s.game.mode
        if mode != "rigid" and not accept and not rulings:
            proposals = s.proposals()
            click.echo(render_proposals(s.rules, proposals))
            if mode == "semi-free":
                click.echo("\nNothing written. Accept with --accept, or override some with "
                           "--override REF=OUTCOME --reason TEXT (the rest are accepted).")
            else:
                click.echo("\nNothing written. Free adjudication: decide every move with "
                           "--override REF=OUTCOME --reason TEXT (or --dice REF=TOTAL).")
            return
        before = s.state.last_seq
        s.adjudicate(rulings)
        click.echo(render_log([e for e in s.log() if e.seq > before]))


@wargame_group.command("next")
@db_option
def next_cmd(db: Path) -> None:
    """White Cell: end the turn; the next turn's injects arrive."""
    with Session.open(db) as s:
        before = s.state.last_seq
        s.next()
        click.echo(render_log([e for e in s.log() if e.seq > before]))


@wargame_group.command("log")
@db_option
@as_option(WHITE_CELL)
@json_option
def log_cmd(db: Path, as_side: str, as_json: bool) -> None:
    """The session's log, as a side (or the White Cell) may read it."""
    with Session.open(db) as s:
        entries = s.log(as_side)
        if as_json:
            echo_json([asdict(e) for e in entries])
            return
        click.echo(render_log(entries))


@wargame_group.command("replay")
@db_option
def replay_cmd(db: Path) -> None:
    """Rebuild the state from the log, re-deriving every roll, chance and value."""
    with Session.open(db) as s:
        report = s.replay()
        status = "ended" if report.ended else f"turn {report.turn}"
        same = "identical to" if report.identical else "DIFFERENT from"
        click.echo(f"{db}: replayed {report.events} events ({status}); every recorded "
                   f"chance, roll and value re-derived; state {same} the session's.")
        if not report.identical:
            sys.exit(1)


@wargame_group.command("branch")
@db_option
@click.option("--at", "at_turn", required=True, type=click.IntRange(1),
              help="Fork at the start of this turn.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The new session file.")
@click.option("--seed", type=click.IntRange(0), default=None, help="A new seed for the branch.")
@click.option("--mode", type=MODES, default=None, help="A new adjudication mode.")
def branch_cmd(db: Path, at_turn: int, output: Path, seed: int | None, mode: str | None) -> None:
    """Fork the session at the start of a turn, to ask "what if that roll had failed?"."""
    with Session.open(db) as s, s.branch(output, at_turn=at_turn, seed=seed,
                                         mode=mode) as b:  # type: ignore[arg-type]
        click.echo(f"{output}: branch of {s.session_id} at turn {at_turn} "
                   f"({b.rules.turn_label(at_turn)}), {len(b.events)} events copied; "
                   f"seed {b.game.seed}, {b.game.mode} adjudication.")


@wargame_group.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file (default: standard output).")
@as_option(WHITE_CELL)
def export_cmd(db: Path, fmt: str, output: Path | None, as_side: str) -> None:
    """Export the log (turns, sides, moves, outcomes, state) as CSV or JSON."""
    with Session.open(db) as s:
        text = s.export(fmt, as_side=as_side)  # type: ignore[arg-type]
    _write(text, output)


@wargame_group.command("aar")
@db_option
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The review file (.md or .html).")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default=None,
              help="Default: from the file's suffix.")
def aar_cmd(db: Path, output: Path, fmt: str | None) -> None:
    """Write the after-action review (timeline, key rolls, beliefs vs truth, state)."""
    fmt = fmt or ("html" if output.suffix.lower() in (".html", ".htm") else "md")
    with Session.open(db) as s:
        text = s.aar(fmt)  # type: ignore[arg-type]
    _write(text, output)
    click.echo(f"{output}: after-action review written ({fmt}).")


@wargame_group.command("rules")
@scenario_argument
def rules_cmd(scenario: str) -> None:
    """List SCENARIO's wargame: sides, moves, injects."""
    click.echo(render_rules(Rules.compile(resolve_scenario(scenario))))


@wargame_group.command("simulate")
@scenario_argument
@click.option("--runs", "-n", default=10_000, show_default=True, type=click.IntRange(1),
              help="Number of whole games.")
@seed_option
@click.option("--parameters", type=click.Choice(["draw", "point"]), default="draw",
              show_default=True, help="Draw the parameters per game, or use point values.")
@click.option("--policy", "policies", multiple=True, metavar="SIDE=POLICY",
              help="A side's bot: greedy, random, scripted or pass. Repeatable.")
@model_options
@json_option
def simulate_cmd(scenario: str, runs: int, seed: int, parameters: str,
                 policies: tuple[str, ...], perspective: str | None, sets: tuple[str, ...],
                 as_json: bool) -> None:
    """Play many whole games with bots; report outcome chances by turn and state bands."""
    rules = Rules.compile(resolve_scenario(scenario), perspective=perspective,
                          overrides=dict(parse_sets(sets)))
    chosen = {}
    for item in policies:
        side, sep, name = item.partition("=")
        if not sep or not side.strip() or not name.strip():
            raise DeterrenceError(f"--policy {item!r}: write SIDE=POLICY, for example "
                                  "--policy china=random")
        chosen[side.strip()] = name.strip()
    show = sys.stderr.isatty() and not as_json
    with click.progressbar(length=runs, label="games", file=sys.stderr,
                           hidden=not show) as bar:
        result = simulate(rules, runs=runs, seed=seed, policies=chosen,
                          parameters=parameters,  # type: ignore[arg-type]
                          progress=bar.update)
    if as_json:
        echo_json(result.to_dict())
        return
    click.echo(render_simulation(result, rules))


def _write(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise DeterrenceError(f"{output}: cannot write ({exc.strerror or exc})") from None
