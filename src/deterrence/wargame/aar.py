"""After-action review: what happened, which rolls and rulings mattered, who misjudged what.

:func:`review` turns a session's events and states into a :class:`Review`: a
turn-by-turn timeline, the key rolls (outcomes the model gave little chance) and every
White Cell ruling with its reason, where each side's perception departed from the truth
and by how much, and the state over time. :func:`render` writes it as Markdown or as a
self-contained HTML page (Jinja2 templates, HTML autoescaped; Markdown output escapes
HTML and table pipes, so text from a shared scenario or a player cannot inject markup).

References
----------
.. [1] Perla, P. P. (1990). *The Art of Wargaming*, ch. 9 (analysis of a game's record).
.. [2] US Army (1993). *A Leader's Guide to After-Action Reviews*, TC 25-20. (What was
   planned, what happened, why, and what to sustain or improve.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import jinja2
from markupsafe import Markup

from ..textfmt import fmt
from ._aar_templates import HTML, MARKDOWN
from .events import Event, GameEnded, MoveAdjudicated, Override, TurnAdvanced
from .game import Game
from .probability_words import estimative_words
from .spec import WHITE_CELL
from .state import GameState
from .visibility import LogEntry, log_entries

__all__ = ["BeliefTrack", "KeyRoll", "Review", "render", "review"]

SURPRISE = 0.3
"""An outcome the model gave less than this chance is a key roll."""


@dataclass(frozen=True)
class KeyRoll:
    """A roll or ruling worth discussing."""

    turn_label: str
    side: str
    move: str
    outcome: str
    chance: str
    how: str
    reason: str


@dataclass(frozen=True)
class BeliefTrack:
    """One side's perception of one variable against the truth, at each snapshot."""

    side: str
    variable: str
    label: str
    perceived: tuple[str, ...]
    truth: tuple[str, ...]
    gap: tuple[str, ...]
    largest: float
    largest_text: str
    largest_at: str


@dataclass(frozen=True)
class Review:
    """Everything an after-action review shows (numbers already formatted)."""

    title: str
    scenario: str
    session: str
    seed: int
    mode: str
    status: str
    timeline: tuple[tuple[str, tuple[LogEntry, ...]], ...]
    key_rolls: tuple[KeyRoll, ...]
    overrides: tuple[KeyRoll, ...]
    snapshots: tuple[str, ...]
    beliefs: tuple[BeliefTrack, ...]
    state: tuple[tuple[str, str, tuple[str, ...]], ...]
    indicators: tuple[tuple[str, str], ...]
    series: tuple[tuple[str, str, tuple[float, ...]], ...] = ()
    """Each state variable's unformatted values at the snapshots (for charts)."""


def _snapshots(game: Game, events: Sequence[Event],
               states: Sequence[GameState]) -> list[tuple[str, GameState]]:
    """The state at the start of play and at the end of each turn (and now, mid-turn)."""
    start = 0
    while start + 1 < len(events) and events[start + 1].kind in ("inject", "ended"):
        start += 1
    out = [("start", states[start])]
    for i, e in enumerate(events):
        if isinstance(e, TurnAdvanced):
            out.append((f"end of {game.rules.turn_label(e.turn - 1)}", states[i]))
        elif isinstance(e, GameEnded) and e.cause == "last_turn":
            out.append((f"end of {game.rules.turn_label(e.turn)}", states[i]))
    now = states[-1]
    if not now.ended and (now.values != out[-1][1].values or now.pending):
        out.append((f"now ({game.rules.turn_label(now.turn)})", now))
    return out


def _rolls(game: Game, events: Sequence[Event]) -> tuple[list[KeyRoll], list[KeyRoll]]:
    scale = game.rules.spec.probability_scale
    reasons = {e.ref: e.reason for e in events if isinstance(e, Override)}
    key: list[tuple[float, KeyRoll]] = []
    ruled = []
    for e in events:
        if not isinstance(e, MoveAdjudicated):
            continue
        chance = e.chance(e.outcome)
        how = {"model": f"roll {e.roll:.3f}" if e.roll is not None else "roll",
               "dice": f"2d6 rolled {e.dice}",
               "white_cell": f"White Cell ruling (model proposed {e.proposed})"}[e.method]
        row = KeyRoll(game.rules.turn_label(e.turn), game.rules.side_name(e.side),
                      game.rules.moves[e.move].label, e.outcome,
                      _chance(chance, scale), how,
                      reasons.get(e.ref, ""))
        if e.method == "white_cell":
            ruled.append(row)
        if chance < SURPRISE or e.method != "model":
            key.append((chance, row))
    key.sort(key=lambda pair: pair[0])
    return [row for _, row in key[:12]], ruled


def _chance(p: float, scale: Literal["icd203", "kent"]) -> str:
    p = min(max(p, 0.0), 1.0)
    return f"{100 * p:.0f}% ({estimative_words(p, scale=scale)})"


def _beliefs(game: Game, snaps: list[tuple[str, GameState]]) -> list[BeliefTrack]:
    rules = game.rules
    out = []
    for side in rules.sides:
        perceived = [rules.perceived(side, game.live(s)) for _, s in snaps]
        for var, _ in rules.perceives[side]:
            seen = [float(p[var]) for p in perceived]
            truth = [s.value(var) for _, s in snaps]
            gaps = [a - b for a, b in zip(seen, truth, strict=True)]
            k = max(range(len(gaps)), key=lambda i: abs(gaps[i]))
            out.append(BeliefTrack(
                rules.side_name(side), var, rules.spec.state[var].label,
                tuple(fmt(x) for x in seen), tuple(fmt(x) for x in truth),
                tuple(fmt(x) for x in gaps), abs(gaps[k]), fmt(gaps[k]), snaps[k][0]))
    out.sort(key=lambda b: -b.largest)
    return out


def review(game: Game, events: Sequence[Event], states: Sequence[GameState]) -> Review:
    """The after-action review of a session (the White Cell's full view)."""
    rules = game.rules
    entries = log_entries(game, events, states, WHITE_CELL)
    turns: dict[str, list[LogEntry]] = {}
    for entry in entries:
        turns.setdefault(f"Turn {entry.turn} ({entry.turn_label})", []).append(entry)
    snaps = _snapshots(game, events, states)
    key, ruled = _rolls(game, events)
    final = states[-1]
    status = (f"ended: {final.end_reason}" if final.ended
              else f"in progress, turn {final.turn} of {rules.spec.turns}")
    indicators = []
    for name, formula in rules.indicators:
        hits = [label for label, s in snaps if bool(formula.evaluate(game.live(s)) != 0)]
        label = rules.spec.indicators[name].label
        indicators.append((label, f"first true at {hits[0]}" if hits else "never true"))
    created = game.created
    return Review(
        title=rules.spec.title or rules.scenario.title, scenario=rules.scenario.id,
        session=created.session, seed=created.seed, mode=created.mode, status=status,
        timeline=tuple((k, tuple(v)) for k, v in turns.items()),
        key_rolls=tuple(key), overrides=tuple(ruled),
        snapshots=tuple(label for label, _ in snaps), beliefs=tuple(_beliefs(game, snaps)),
        state=tuple((v, rules.spec.state[v].label, tuple(fmt(s.value(v)) for _, s in snaps))
                    for v in rules.variables),
        indicators=tuple(indicators),
        series=tuple((v, rules.spec.state[v].label, tuple(float(s.value(v)) for _, s in snaps))
                     for v in rules.variables))


def _md_escape(value: object) -> str:
    text = "" if value is None else str(value)
    for old, new in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|"),
                     ("\n", " ")):
        text = text.replace(old, new)
    return text


def render(data: Review, fmt_: Literal["md", "html"] = "md", *,
           chart_svg: str | None = None) -> str:
    """The review as Markdown (``md``) or a self-contained HTML page (``html``).

    ``chart_svg`` is an inline SVG chart of the state over time (trusted markup made by
    :func:`deterrence.report.figures_session.session_state_svg`), shown above the table.
    """
    if fmt_ == "html":
        env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
        chart = Markup(chart_svg) if chart_svg else None
        return env.from_string(HTML).render(r=data, chart=chart)
    env = jinja2.Environment(autoescape=False, finalize=_md_escape,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return env.from_string(MARKDOWN).render(r=data)
