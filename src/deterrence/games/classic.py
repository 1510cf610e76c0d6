"""A library of classic games for teaching deterrence and strategy.

Each :class:`ClassicGame` has an id, a reference, a one-paragraph lesson, named
parameters with default values (change them with ``--set`` on the command line), the
game itself (payoffs are formulas over the parameters) and, where useful, the key
numbers of its lesson and its deterrence thresholds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ..formula import Formula, parse_formula, suggest
from .errors import GameError
from .signalling import SignallingGame
from .thresholds import Thresholds
from .tree import Game, Node, chance, decision, terminal

__all__ = ["CLASSIC_GAMES", "ClassicGame", "classic_game"]


@dataclass(frozen=True)
class ClassicGame:
    """A classic game with its reference, lesson and default parameters.

    Attributes
    ----------
    id
        Short name used on the command line.
    title, reference, lesson
        What it is, where it comes from, what it teaches.
    parameters
        Named parameters and their default values.
    build
        Makes the game (its payoffs are formulas over ``parameters``).
    notes
        Key numbers of the lesson: a label and a formula over ``parameters``.
    thresholds
        The deterrence thresholds, for deterrence games.
    """

    id: str
    title: str
    reference: str
    lesson: str
    parameters: Mapping[str, float]
    build: Callable[[], Game | SignallingGame] = field(repr=False)
    notes: tuple[tuple[str, Formula], ...] = ()
    thresholds: Thresholds | None = None

    @property
    def game(self) -> Game | SignallingGame:
        """The game itself."""
        return self.build()


def _f(text: str) -> Formula:
    return parse_formula(text)


def _simultaneous(title: str, players: tuple[str, str], rows: tuple[str, str],
                  cols: tuple[str, str], pay: Mapping[tuple[int, int], tuple[str, str]],
                  description: str) -> Game:
    """A 2x2 simultaneous game as a tree: the second mover cannot see the first move."""
    moves = {r: decision(players[1], {c: terminal(*pay[(i, j)]) for j, c in enumerate(cols)},
                         infoset="simultaneous")
             for i, r in enumerate(rows)}
    return Game(title, players, decision(players[0], moves), description)


def _chicken() -> Game:
    pay = {(0, 0): ("0", "0"), (0, 1): ("-win", "win"), (1, 0): ("win", "-win"),
           (1, 1): ("crash", "crash")}
    return _simultaneous("Chicken", ("row", "column"), ("swerve", "straight"),
                         ("swerve", "straight"), pay, "Two drivers head for each other.")


def _prisoners() -> Game:
    pay = {(0, 0): ("R", "R"), (0, 1): ("S", "T"), (1, 0): ("T", "S"), (1, 1): ("P", "P")}
    return _simultaneous("Prisoner's dilemma", ("row", "column"), ("cooperate", "defect"),
                         ("cooperate", "defect"), pay, "Arms restraint or arms race.")


def _stag() -> Game:
    pay = {(0, 0): ("stag", "stag"), (0, 1): ("sucker", "hare"), (1, 0): ("hare", "sucker"),
           (1, 1): ("hare", "hare")}
    return _simultaneous("Stag hunt", ("row", "column"), ("stag", "hare"), ("stag", "hare"),
                         pay, "Cooperate for a large shared gain, or play safe alone.")


def _entry() -> Game:
    inside = decision("incumbent", {"cooperative": terminal("coop_e", "coop_i"),
                                    "aggressive": terminal("fight_e", "fight_i")})
    root = decision("entrant", {"out": terminal("out_e", "out_i"), "in": inside})
    return Game("Entry deterrence (one market of the chain store)", ("entrant", "incumbent"),
                root, "An entrant decides whether to enter; the incumbent fights or shares.")


def _brinkmanship() -> Game:
    def soviet(war: str) -> Node:
        defy = chance({"war": ("p", terminal("war_us", war)),
                       "no_war": ("1 - p", terminal("sq_us", "sq_su"))})
        return decision("ussr", {"withdraw": terminal("win_us", "withdraw_su"), "defy": defy})

    types = chance({"hardline": ("hard", soviet("war_hard")),
                    "soft": ("1 - hard", soviet("war_soft"))}, name="ussr type")
    root = decision("us", {"accept": terminal("sq_us", "sq_su"), "threaten": types})
    return Game("Brinkmanship (a probabilistic threat)", ("us", "ussr"), root,
                "The US threatens a risk p of war unless the missiles are withdrawn.")


def _unilateral() -> Game:
    fight = decision("challenger", {"back_down": terminal("ch_dw", "de_dw"),
                                    "fight": terminal("ch_cf", "de_cf")})
    respond = decision("defender", {"concede": terminal("ch_cw", "de_cw"), "deny": fight})
    root = decision("challenger", {"status_quo": terminal("ch_sq", "de_sq"), "demand": respond})
    return Game("Unilateral deterrence game", ("challenger", "defender"), root,
                "Zagare and Kilgour's game: demand, concede or deny, back down or fight.")


def _tripwire() -> Game:
    def branch(troops: bool) -> Node:
        c = "cost" if troops else "0"
        extra = " - tripwire" if troops else ""
        after = decision("patron", {
            "defend": terminal(f"-{c} - war", "-repelled"),
            "abandon": terminal(f"-{c} - loss{extra}", "gain")})
        return decision("adversary", {"attack": after, "refrain": terminal(f"-{c}", "0")})

    root = decision("patron", {"station": branch(True), "none": branch(False)})
    return Game("Tripwire (extended deterrence)", ("patron", "adversary"), root,
                "A patron may station troops in an exposed ally before an adversary moves.")


def _beer_quiche() -> SignallingGame:
    # sender: +1 for its preferred breakfast, +2 if not dueled; receiver: duel weak +1,
    # duel strong -1, no duel 0
    pay = (((("1", "-1"), ("3", "0")), (("0", "-1"), ("2", "0"))),
           ((("0", "1"), ("2", "0")), (("1", "1"), ("3", "0"))))
    table = tuple(tuple(tuple((_f(s), _f(r)) for s, r in cell) for cell in row) for row in pay)
    return SignallingGame("Beer-quiche", "sender", "receiver", ("strong", "weak"),
                          _f("p_strong"), ("beer", "quiche"), ("duel", "no_duel"),
                          table, "A newcomer's breakfast may signal whether it is strong.")


_LESSONS = {
    "chicken": (
        "Chicken", "Rapoport, A. & Chammah, A. M. (1966). The game of Chicken. American "
        "Behavioral Scientist 10(3), 10-28; Schelling (1966), Arms and Influence, ch. 3.",
        "Each side does best if the other swerves, and worst if neither does. There are two "
        "pure equilibria, each with one side giving way, and a mixed one in which each risks "
        "a crash. Crises look like this: whoever can commit first - tearing out the steering "
        "wheel - wins, which is why states try to make their threats look irrevocable, and "
        "why mutual attempts to commit are so dangerous."),
    "prisoners_dilemma": (
        "Prisoner's dilemma", "Axelrod, R. (1984). The Evolution of Cooperation (payoffs "
        "T=5, R=3, P=1, S=0); Jervis, R. (1978). Cooperation under the security dilemma. "
        "World Politics 30(2), 167-214.",
        "Defecting is best whatever the other does, so both defect and both end up worse "
        "than if both had cooperated. It is the logic of the arms race and of the security "
        "dilemma: each state's armament is rational, the race is not. Repetition, "
        "verification and making defection detectable are the ways out."),
    "stag_hunt": (
        "Stag hunt", "Rousseau (1755), Discourse on Inequality; Jervis (1978), World "
        "Politics 30(2); Skyrms, B. (2004). The Stag Hunt and the Evolution of Social "
        "Structure.",
        "Both hunting stag is the best equilibrium, but hunting hare is safe whatever the "
        "other does. The problem is assurance, not temptation: cooperation holds only if "
        "each trusts the other enough (here with probability above hare/stag). Alliances "
        "and reassurance measures work on this belief."),
    "entry_deterrence": (
        "Entry deterrence (chain store)", "Selten, R. (1978). The chain store paradox. "
        "Theory and Decision 9, 127-159 (payoffs: out 1 and 5; in and cooperative 2 and 2; "
        "in and aggressive 0 and 0).",
        "The incumbent threatens to fight any entrant, and if believed the entrant stays "
        "out: (out, aggressive) is a Nash equilibrium. But once entry has happened, fighting "
        "hurts the incumbent, so the threat is not credible: the subgame-perfect equilibrium "
        "is (in, cooperative). Deterrence needs threats that are in the threatener's "
        "interest to carry out."),
    "brinkmanship": (
        "Brinkmanship", "Schelling, T. C. (1960). The Strategy of Conflict, ch. 8; Dixit, "
        "A., Skeath, S. & McAdams, D. (2020). Games of Strategy, 5th ed., ch. 13 (the Cuban "
        "missile crisis).",
        "A threat of certain war is not credible, but a threat that creates a risk p of war "
        "can be. The risk must be large enough to make a soft adversary back down (the "
        "effectiveness bound) and small enough that the threatener still prefers making it, "
        "given that a hard-line adversary will defy it (the acceptability bound). Between "
        "the two lies the window in which brinkmanship works."),
    "unilateral_deterrence": (
        "Unilateral deterrence game", "Zagare, F. C. & Kilgour, D. M. (2000). Perfect "
        "Deterrence. Cambridge University Press, ch. 4-5.",
        "Deterrence works only if the defender's threat to deny is both capable (conflict "
        "hurts the challenger more than the status quo) and credible (the defender prefers "
        "conflict to conceding). Under uncertainty the challenger is deterred when the "
        "defender's credibility exceeds a threshold set by the challenger's own payoffs, "
        "(CW - SQ) / (CW - CF) - the same form as q* = z / (z + K)."),
    "tripwire": (
        "Tripwire (extended deterrence)", "Schelling, T. C. (1966). Arms and Influence, ch. 2; "
        "Huth, P. & Russett, B. (1984). What makes deterrence work? World Politics 36(4); "
        "Reiter, D. & Poast, P. (2021). The truth about tripwires. International Security "
        "45(3).",
        "Without troops in the ally, abandoning it after an attack is cheaper for the patron "
        "than fighting, so the adversary attacks. Troops that would die in an attack raise "
        "the cost of abandonment (the tripwire) until defending becomes the patron's best "
        "reply, and the adversary is deterred. The tripwire works only if it costs more than "
        "the difference between war and loss (tripwire > war - loss)."),
    "beer_quiche": (
        "Beer-quiche", "Cho, I.-K. & Kreps, D. M. (1987). Signaling games and stable "
        "equilibria. Quarterly Journal of Economics 102(2), 179-221.",
        "A strong newcomer prefers beer, a weak one quiche, and both want to avoid a duel. "
        "Both types pool on one breakfast; each pooling equilibrium is held up by what the "
        "receiver would believe after the other breakfast. The quiche equilibrium needs the "
        "belief that a beer drinker is weak - but only the strong type could gain from "
        "drinking beer, so that belief is implausible (the intuitive criterion). A signal "
        "means what it does because of who could afford to send it."),
}

_PARAMETERS: dict[str, dict[str, float]] = {
    "chicken": {"win": 1.0, "crash": -10.0},
    "prisoners_dilemma": {"T": 5.0, "R": 3.0, "P": 1.0, "S": 0.0},
    "stag_hunt": {"stag": 4.0, "hare": 3.0, "sucker": 0.0},
    "entry_deterrence": {"out_e": 1.0, "out_i": 5.0, "coop_e": 2.0, "coop_i": 2.0,
                         "fight_e": 0.0, "fight_i": 0.0},
    "brinkmanship": {"p": 0.4, "hard": 0.4, "sq_us": -2.0, "sq_su": 2.0, "win_us": 1.0,
                     "withdraw_su": -1.0, "war_us": -10.0, "war_soft": -8.0, "war_hard": 0.0},
    "unilateral_deterrence": {"ch_sq": 3.0, "ch_cw": 4.0, "ch_dw": 1.0, "ch_cf": 2.0,
                              "de_sq": 4.0, "de_cw": 2.0, "de_dw": 3.0, "de_cf": 1.0,
                              "p_def": 0.6},
    "tripwire": {"cost": 1.0, "war": 8.0, "loss": 5.0, "tripwire": 10.0, "gain": 3.0,
                 "repelled": 5.0},
    "beer_quiche": {"p_strong": 0.9},
}

_NOTES = {
    "stag_hunt": (("belief in the other hunting stag needed to hunt stag",
                   "(hare - sucker) / (stag - sucker)"),),
    "brinkmanship": (
        ("lowest effective risk (a soft USSR withdraws)",
         "(sq_su - withdraw_su) / (sq_su - war_soft)"),
        ("highest acceptable risk (the US prefers threatening)",
         "((1 - hard) * (win_us - sq_us)) / (hard * (sq_us - war_us))")),
    "tripwire": (("smallest tripwire that makes defence credible", "war - loss"),),
    "chicken": (("mixed equilibrium: chance of going straight", "-win / crash"),),
}

_BUILDERS: dict[str, Callable[[], Game | SignallingGame]] = {
    "chicken": _chicken, "prisoners_dilemma": _prisoners, "stag_hunt": _stag,
    "entry_deterrence": _entry, "brinkmanship": _brinkmanship,
    "unilateral_deterrence": _unilateral, "tripwire": _tripwire, "beer_quiche": _beer_quiche,
}


def _make(gid: str) -> ClassicGame:
    title, reference, lesson = _LESSONS[gid]
    notes = tuple((label, _f(text)) for label, text in _NOTES.get(gid, ()))
    th = None
    if gid == "unilateral_deterrence":
        th = Thresholds(K=_f("ch_sq - ch_cf"), z=_f("ch_cw - ch_sq"), q=_f("p_def"),
                        challenger="the challenger", patron="the defender")
    return ClassicGame(gid, title, reference, lesson, MappingProxyType(_PARAMETERS[gid]),
                       _BUILDERS[gid], notes, th)


CLASSIC_GAMES: Mapping[str, ClassicGame] = MappingProxyType({g: _make(g) for g in _LESSONS})
"""The classic games by id."""


def classic_game(gid: str) -> ClassicGame:
    """The classic game with this id.

    Raises
    ------
    GameError
        For an unknown id, with a suggestion.
    """
    try:
        return CLASSIC_GAMES[gid]
    except KeyError:
        raise GameError(f"unknown classic game {gid!r}{suggest(gid, CLASSIC_GAMES)}; the "
                        f"library has: {', '.join(CLASSIC_GAMES)}") from None
