"""Exporting a session's log as CSV or JSON: one row per event, with turns, sides, outcomes.

The White Cell's export holds everything (chances, rolls, rulings and reasons, every
variable's value after each event). A side's export holds only what that side may read
(see :mod:`deterrence.wargame.visibility`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any, Literal

from .events import Event, InjectFired, MoveAdjudicated, MoveSubmitted, Override, SessionCreated
from .game import Game
from .spec import WHITE_CELL
from .state import GameState
from .visibility import log_entries, viewed_values

__all__ = ["COLUMNS", "event_rows", "export_log"]

COLUMNS = ("seq", "recorded_at", "turn", "turn_label", "kind", "side", "move", "ref",
           "outcome", "method", "p_success", "p_partial", "p_fail", "p_backfire", "roll",
           "dice", "proposed", "reason", "inject", "text", "narrative")
"""Columns of the CSV export (the JSON export has the same keys, plus ``state``)."""


def event_rows(game: Game, events: Sequence[Event], states: Sequence[GameState],
               recorded: Sequence[str], viewer: str = WHITE_CELL) -> list[dict[str, Any]]:
    """One row per event the viewer may read, with the state as the viewer sees it after."""
    by_seq = {e.seq: (e, s, r) for e, s, r in zip(events, states, recorded, strict=True)}
    rows = []
    for entry in log_entries(game, events, states, viewer):
        event, after, at = by_seq[entry.seq]
        row: dict[str, Any] = dict.fromkeys(COLUMNS, "")
        row.update(seq=entry.seq, recorded_at=at, turn=entry.turn, turn_label=entry.turn_label,
                   kind=entry.kind, side=entry.side or "", text=entry.text,
                   narrative=entry.narrative)
        row.update(_details(event, viewer == WHITE_CELL))
        row["state"] = viewed_values(game, after, viewer)
        rows.append(row)
    return rows


def _details(event: Event, white_cell: bool) -> dict[str, Any]:
    if isinstance(event, MoveSubmitted):
        return {"move": event.move, "ref": event.seq}
    if isinstance(event, Override):
        return {"move": event.move, "ref": event.ref, "outcome": event.outcome,
                "proposed": event.proposed or "", "reason": event.reason}
    if isinstance(event, InjectFired):
        return {"inject": event.inject, "roll": event.roll if white_cell else ""}
    if not isinstance(event, MoveAdjudicated):
        return {}
    out: dict[str, Any] = {"move": event.move, "ref": event.ref, "outcome": event.outcome}
    if white_cell:
        out.update(method=event.method, p_success=event.success, p_partial=event.partial,
                   p_fail=event.chance("fail"), p_backfire=event.backfire,
                   roll="" if event.roll is None else event.roll,
                   dice="" if event.dice is None else event.dice,
                   proposed=event.proposed or "")
    return out


def export_log(game: Game, events: Sequence[Event], states: Sequence[GameState],
               recorded: Sequence[str], *, fmt: Literal["csv", "json"] = "csv",
               viewer: str = WHITE_CELL) -> str:
    """The log as CSV (one row per event; state variables as extra columns) or JSON."""
    rows = event_rows(game, events, states, recorded, viewer)
    if fmt == "json":
        created = events[0]
        assert isinstance(created, SessionCreated)
        head: dict[str, Any] = {"session": created.session, "scenario": game.rules.scenario.id,
                                "scenario_hash": created.scenario_hash, "viewer": viewer,
                                "variables": list(game.rules.variables)}
        if viewer == WHITE_CELL:
            info = asdict(created)
            del info["scenario"]
            head["created"] = info
        return json.dumps({**head, "events": rows}, indent=2, ensure_ascii=False,
                          allow_nan=False)
    variables = list(game.rules.variables)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*COLUMNS, *variables])
    for row in rows:
        state = row["state"]
        writer.writerow([_cell(row[c]) for c in COLUMNS]
                        + [_cell(state[v]) for v in variables])
    return buffer.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # no formulas when opened in a spreadsheet
    return str(value)
