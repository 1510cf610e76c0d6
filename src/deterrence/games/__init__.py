"""Games: closed-form deterrence models, extensive- and normal-form games, and solvers.

* closed forms (Bayesian credibility, costly signals, Schelling's involvement, the
  deterrence threshold and escalation, h* and LR*, Zagare-Kilgour, Fearon's bargaining
  range, Bueno de Mesquita's expected utility, Lanchester's laws);
* game trees with formula payoffs, solved by backward induction over parameter draws;
* normal forms, pure and mixed Nash equilibria, logit QRE;
* perfect Bayesian equilibria of two-type signalling games;
* Gambit ``.efg``/``.nfg`` files; a library of classic teaching games.

Names are loaded on first use, so that importing the formula language (whose function
table includes the closed forms) does not import the whole package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .analysis import GameAnalysis, analyse
    from .backward import BackwardSolution, EquilibriumPath, Move, backward_induction
    from .classic import CLASSIC_GAMES, ClassicGame, classic_game
    from .closed_forms import (
        BargainingRange,
        UnilateralDeterrence,
        bargaining_range,
        bdm_expected_utility,
        credibility_update,
        deterrence_threshold,
        involvement,
        p_escalate,
        required_credibility,
        required_lr,
        signal_lr,
        signal_posterior,
        unilateral_deterrence,
        war_win_probability,
    )
    from .errors import GameError
    from .gambit import format_efg, format_nfg, parse_efg, parse_nfg, read_gambit, write_gambit
    from .lanchester import (
        Battle,
        lanchester_linear,
        lanchester_linear_trajectory,
        lanchester_square,
        lanchester_square_ratio,
        lanchester_square_trajectory,
    )
    from .nash import MixedEquilibrium, nash_equilibria
    from .normal_form import (
        NormalFormGame,
        PureEquilibrium,
        expected_payoffs,
        pure_equilibria,
        regret,
        to_normal_form,
    )
    from .pbe import PBE, SignallingSolution, solve_signalling
    from .qre import QRE, AgentQRE, agent_logit, logit_qre, logit_qre_path
    from .scenario_games import scenario_game, scenario_game_ids
    from .signalling import SignallingGame, SignallingValues, as_signalling
    from .spec import GameSpec, check_game
    from .thresholds import ThresholdReport, Thresholds, explain_thresholds
    from .tree import Chance, Decision, Game, Terminal, chance, decision, terminal
    from .values import GameValues, evaluate_game

_WHERE = {
    "analysis": ("GameAnalysis", "analyse"),
    "backward": ("BackwardSolution", "EquilibriumPath", "Move", "backward_induction"),
    "classic": ("CLASSIC_GAMES", "ClassicGame", "classic_game"),
    "closed_forms": (
        "BargainingRange", "UnilateralDeterrence", "bargaining_range", "bdm_expected_utility",
        "credibility_update", "deterrence_threshold", "involvement", "p_escalate",
        "required_credibility", "required_lr", "signal_lr", "signal_posterior",
        "unilateral_deterrence", "war_win_probability"),
    "errors": ("GameError",),
    "gambit": ("format_efg", "format_nfg", "parse_efg", "parse_nfg", "read_gambit",
               "write_gambit"),
    "lanchester": ("Battle", "lanchester_linear", "lanchester_linear_trajectory",
                   "lanchester_square", "lanchester_square_ratio",
                   "lanchester_square_trajectory"),
    "nash": ("MixedEquilibrium", "nash_equilibria"),
    "normal_form": ("NormalFormGame", "PureEquilibrium", "expected_payoffs", "pure_equilibria",
                    "regret", "to_normal_form"),
    "pbe": ("PBE", "SignallingSolution", "solve_signalling"),
    "qre": ("QRE", "AgentQRE", "agent_logit", "logit_qre", "logit_qre_path"),
    "scenario_games": ("scenario_game", "scenario_game_ids"),
    "signalling": ("SignallingGame", "SignallingValues", "as_signalling"),
    "spec": ("GameSpec", "check_game"),
    "thresholds": ("ThresholdReport", "Thresholds", "explain_thresholds"),
    "tree": ("Chance", "Decision", "Game", "Terminal", "chance", "decision", "terminal"),
    "values": ("GameValues", "evaluate_game"),
}
_MODULE = {name: module for module, names in _WHERE.items() for name in names}

__all__ = [
    "CLASSIC_GAMES",
    "PBE",
    "QRE",
    "AgentQRE",
    "BackwardSolution",
    "BargainingRange",
    "Battle",
    "Chance",
    "ClassicGame",
    "Decision",
    "EquilibriumPath",
    "Game",
    "GameAnalysis",
    "GameError",
    "GameSpec",
    "GameValues",
    "MixedEquilibrium",
    "Move",
    "NormalFormGame",
    "PureEquilibrium",
    "SignallingGame",
    "SignallingSolution",
    "SignallingValues",
    "Terminal",
    "ThresholdReport",
    "Thresholds",
    "UnilateralDeterrence",
    "agent_logit",
    "analyse",
    "as_signalling",
    "backward_induction",
    "bargaining_range",
    "bdm_expected_utility",
    "chance",
    "check_game",
    "classic_game",
    "credibility_update",
    "decision",
    "deterrence_threshold",
    "evaluate_game",
    "expected_payoffs",
    "explain_thresholds",
    "format_efg",
    "format_nfg",
    "involvement",
    "lanchester_linear",
    "lanchester_linear_trajectory",
    "lanchester_square",
    "lanchester_square_ratio",
    "lanchester_square_trajectory",
    "logit_qre",
    "logit_qre_path",
    "nash_equilibria",
    "p_escalate",
    "parse_efg",
    "parse_nfg",
    "pure_equilibria",
    "read_gambit",
    "regret",
    "required_credibility",
    "required_lr",
    "scenario_game",
    "scenario_game_ids",
    "signal_lr",
    "signal_posterior",
    "solve_signalling",
    "terminal",
    "to_normal_form",
    "unilateral_deterrence",
    "war_win_probability",
    "write_gambit",
]

__getattr__, __dir__ = lazy_exports(__name__, _MODULE, __all__)
