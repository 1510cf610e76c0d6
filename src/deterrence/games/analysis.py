"""One call that analyses a game the way a teacher would ask: every applicable solver.

:func:`analyse` takes a tree, a signalling game or a normal form, and values for its
formulas at point values (and optionally across draws), and returns a
:class:`GameAnalysis`: the subgame-perfect equilibrium (point values) and the share of
draws following each equilibrium path, the normal form's pure and mixed Nash
equilibria, the perfect Bayesian equilibria of a signalling game, an optional logit
QRE, the deterrence thresholds and the game's key numbers. What does not apply or is
too large is said in ``remarks`` rather than raised.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..formula import Formula
from .backward import BackwardSolution, backward_induction
from .errors import GameError
from .nash import MixedEquilibrium, nash_equilibria
from .normal_form import NormalFormGame, PureEquilibrium, pure_equilibria, to_normal_form
from .pbe import SignallingSolution, solve_signalling
from .qre import QRE, AgentQRE, agent_logit, logit_qre
from .signalling import SignallingGame, as_signalling
from .thresholds import ThresholdReport, Thresholds, explain_thresholds
from .tree import Game
from .values import GameValues

__all__ = ["GameAnalysis", "analyse"]

MAX_NORMAL_FORM_PROFILES = 100_000


@dataclass(frozen=True)
class GameAnalysis:
    """Everything computed about one game.

    Attributes
    ----------
    title
        The game's title.
    tree, signalling, normal
        The game as a tree, as a signalling game and in normal form (where each applies).
    values
        The tree's payoffs and probabilities at point values.
    point, across
        Backward induction at point values and across draws (perfect information only).
    pure, mixed
        Pure and (two players) mixed Nash equilibria of the normal form at point values.
    pbe, pbe_across
        Perfect Bayesian equilibria at point values, and the share of draws with each kind.
    qre
        A logit QRE (agent form for perfect information), if asked for.
    thresholds
        The deterrence thresholds explained, for deterrence games.
    notes
        Key numbers: label and value at point values.
    remarks
        What was not computed, and why.
    """

    title: str
    tree: Game | None = None
    signalling: SignallingGame | None = None
    normal: NormalFormGame | None = None
    values: GameValues | None = None
    point: BackwardSolution | None = None
    across: BackwardSolution | None = None
    pure: tuple[PureEquilibrium, ...] = ()
    mixed: tuple[MixedEquilibrium, ...] = ()
    pbe: SignallingSolution | None = None
    pbe_across: SignallingSolution | None = None
    qre: QRE | AgentQRE | None = None
    thresholds: ThresholdReport | None = None
    notes: tuple[tuple[str, float], ...] = ()
    remarks: tuple[str, ...] = ()


def analyse(
    game: Game | SignallingGame | NormalFormGame,
    point: Mapping[str, object] | None = None,
    draws: Mapping[str, object] | None = None,
    *,
    thresholds: Thresholds | None = None,
    notes: Sequence[tuple[str, Formula]] = (),
    qre_lambda: float | None = None,
) -> GameAnalysis:
    """Analyse a game with every applicable solver.

    Parameters
    ----------
    game
        A tree, a two-type signalling game or a normal-form game.
    point
        Values for the game's formulas at point values (numbers or length-1 arrays).
    draws
        Values across draws (arrays of one length), for the share of draws per
        equilibrium path or kind; ``None`` to skip.
    thresholds
        Which quantities play the parts of q*, h* and LR*.
    notes
        Key numbers to report: label and formula.
    qre_lambda
        If given, also compute the logit QRE at this precision.
    """
    point = point or {}
    remarks: list[str] = []
    out: dict[str, object] = {}
    if isinstance(game, NormalFormGame):
        out.update(_normal(game, remarks))
        if qre_lambda is not None:
            out["qre"] = logit_qre(game, qre_lambda)
    elif isinstance(game, SignallingGame):
        out.update(_signalling(game, point, draws))
        out.update(_tree(game.to_tree(), point, None, qre_lambda, remarks, solve_tree=False))
    else:
        sig = as_signalling(game)
        if sig is not None:
            out.update(_signalling(sig, point, draws))
        out.update(_tree(game, point, draws, qre_lambda, remarks, solve_tree=True))
    if thresholds is not None:
        out["thresholds"] = explain_thresholds(thresholds, point, draws)
    values = tuple((label, float(np.asarray(f.evaluate(point)).reshape(-1)[0]))
                   for label, f in notes)
    return GameAnalysis(title=game.title, notes=values, remarks=tuple(remarks),
                        **out)  # type: ignore[arg-type]


def _signalling(game: SignallingGame, point: Mapping[str, object],
                draws: Mapping[str, object] | None) -> dict[str, object]:
    out: dict[str, object] = {"signalling": game}
    out["pbe"] = solve_signalling(game, game.evaluate(point))
    if draws is not None:
        out["pbe_across"] = solve_signalling(game, game.evaluate(draws))
    return out


def _tree(game: Game, point: Mapping[str, object], draws: Mapping[str, object] | None,
          qre_lambda: float | None, remarks: list[str], *, solve_tree: bool
          ) -> dict[str, object]:
    values = game.evaluate(point)
    if values.n != 1:
        raise GameError(f"game {game.title!r}: point values must be single numbers")
    out: dict[str, object] = {"tree": game, "values": values}
    perfect = game.flat.perfect_information
    if perfect and solve_tree:
        out["point"] = backward_induction(game, values)
        if draws is not None:
            out["across"] = backward_induction(game, game.evaluate(draws))
        if qre_lambda is not None:
            out["qre"] = agent_logit(game, values, lam=qre_lambda)
    elif solve_tree and draws is not None:
        remarks.append("the game has information sets, so equilibrium paths across draws "
                       "are not computed (backward induction needs perfect information)")
    try:
        normal = to_normal_form(game, values)
    except GameError as exc:
        remarks.append(f"no normal form: {exc}")
        return out
    if int(np.prod(normal.shape)) > MAX_NORMAL_FORM_PROFILES:
        remarks.append("the normal form is too large to search for equilibria")
        out["normal"] = normal
        return out
    out.update(_normal(normal, remarks))
    if qre_lambda is not None and "qre" not in out:
        out["qre"] = logit_qre(normal, qre_lambda)
    return out


def _normal(game: NormalFormGame, remarks: list[str]) -> dict[str, object]:
    out: dict[str, object] = {"normal": game, "pure": pure_equilibria(game)}
    if len(game.players) == 2:
        try:
            out["mixed"] = nash_equilibria(game)
        except GameError as exc:
            remarks.append(str(exc))
    else:
        remarks.append("mixed equilibria are computed for two-player games only")
    return out
