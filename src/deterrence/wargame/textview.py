"""Plain-text rendering of views, logs, proposals and simulations, for the command line."""

from __future__ import annotations

from collections.abc import Sequence

from ..textfmt import fmt, pct
from .adjudication import dice_targets
from .events import MoveAdjudicated
from .montecarlo import SimulationResult
from .rules import Bands, Rules
from .spec import OUTCOMES
from .visibility import LogEntry, SideView, VariableView, WhiteCellView

__all__ = [
    "render_log",
    "render_proposals",
    "render_rules",
    "render_simulation",
    "render_view",
]


def _value(v: VariableView) -> str:
    if v.value is None:
        return "(hidden)"
    mark = "  (your estimate)" if v.seen == "perceived" else ""
    unit = f" {v.unit}" if v.unit else ""
    return f"{fmt(v.value)}{unit}{mark}"


def _chances(chances: dict[str, float]) -> str:
    return ", ".join(f"{o} {pct(chances[o])}" for o in OUTCOMES if chances[o] > 0)


def render_view(v: SideView | WhiteCellView) -> str:
    """A side's or the White Cell's view as text."""
    if isinstance(v, WhiteCellView):
        return _white_cell(v)
    head = f"{v.name} - turn {v.turn} of {v.turns} ({v.turn_label})"
    lines = [head, "=" * len(head)]
    if v.ended:
        lines.append(f"The game has ended: {v.end_reason}.")
    if v.briefing:
        lines += [v.briefing.strip(), ""]
    lines.append("What you see:")
    lines += [f"  {x.label:<60} {_value(x)}" for x in v.variables]
    lines += ["", f"Your moves (you may submit {v.moves_left} more this turn; "
                  "chances are your own estimates):"]
    for o in v.options:
        state = "" if o.allowed else "  [not allowed now]"
        lines.append(f"  {o.move:<18} {o.label}{state}")
        extras = "; 2d6 " + ", ".join(o.dice.extras()) if o.dice.extras() else ""
        lines.append(f"  {'':<18} success {o.described}{extras}")
    if v.pending:
        lines += ["", "Submitted, waiting for the White Cell:"]
        lines += [f"  #{p.ref} {p.move} ({p.label})" + (f" - {p.note}" if p.note else "")
                  for p in v.pending]
    return "\n".join(lines)


def _white_cell(v: WhiteCellView) -> str:
    head = f"White Cell - turn {v.turn} of {v.turns} ({v.turn_label}), {v.mode} adjudication"
    lines = [head, "=" * len(head)]
    if v.ended:
        lines.append(f"The game has ended: {v.end_reason}.")
    lines.append("True state:")
    lines += [f"  {x.name:<20} {_value(x):<18} {x.label}" for x in v.variables]
    if v.gaps:
        lines += ["", "Perception gaps (side sees - truth):"]
        lines += [f"  {g.side:<16} {g.variable:<20} sees {fmt(g.perceived):<10} "
                  f"true {fmt(g.truth):<10} gap {fmt(g.difference)}" for g in v.gaps]
    lines += ["", "Pending moves:" if v.pending else "No moves pending."]
    lines += [f"  #{p.ref} {p.side}: {p.move} ({p.label}) - {_chances(dict(p.chances))}; "
              f"{p.dice}" + (f" - note: {p.note}" if p.note else "") for p in v.pending]
    if v.waiting_for:
        lines.append(f"Sides that may still move: {', '.join(v.waiting_for)}")
    return "\n".join(lines)


def render_log(entries: Sequence[LogEntry]) -> str:
    """Log entries, one per line (narratives indented below)."""
    lines = []
    for e in entries:
        lines.append(f"{e.seq:>4}  {e.turn_label:<9} {e.text}")
        if e.narrative:
            lines.append(f"{'':>16}{e.narrative}")
    return "\n".join(lines)


def render_proposals(rules: Rules, proposals: Sequence[MoveAdjudicated]) -> str:
    """The model's proposals for the pending moves (semi-free and free adjudication)."""
    lines = ["The model proposes:"]
    for p in proposals:
        bands = Bands(p.success, p.partial, p.backfire)
        lines.append(f"  #{p.ref} {p.side}: {rules.moves[p.move].label} -> "
                     f"{p.outcome.upper()} (roll {p.roll:.3f}; {_chances(bands.as_floats())}; "
                     f"{dice_targets(bands)})")
    return "\n".join(lines)


def render_rules(rules: Rules) -> str:
    """The game's sides, moves, injects and indicators."""
    spec = rules.spec
    lines = [spec.title or rules.scenario.title,
             f"{spec.turns} turns of a {spec.turn_length}"
             + (f" from {spec.start}" if spec.start else "")
             + f"; {spec.adjudication} adjudication by default", ""]
    for side in rules.sides:
        s = spec.sides[side]
        lines.append(f"{side} ({s.name}), bot policy {s.policy}:")
        for mid in rules.side_moves[side]:
            m = rules.moves[mid]
            pre = f" [only if {m.precondition.text}]" if m.precondition is not None else ""
            lines.append(f"  {mid:<20} {m.label}; success: {m.success.text}{pre}")
        lines.append("")
    if rules.injects:
        lines.append("Injects:")
        for i in rules.injects:
            when = f"turn {i.turn}" if i.turn is not None else "any turn"
            lines.append(f"  {i.id:<20} {i.label} ({when}, chance {i.probability.text})")
    return "\n".join(lines)


def render_simulation(result: SimulationResult, rules: Rules) -> str:
    """A Monte Carlo run as text: indicators by turn, variable bands, move choices."""
    labels = result.labels
    lines = [f"{rules.spec.title or rules.scenario.title}",
             f"{result.runs:,} games, seed {result.seed}, parameters: {result.parameter_source}; "
             "bots: " + ", ".join(f"{s} {p}" for s, p in result.policies.items()), ""]
    width = max(9, *(len(x) + 1 for x in labels))
    if result.indicators:
        lines.append("Chance it has happened by each point")
        lines.append(f"  {'':<52}" + "".join(f"{x:>{width}}" for x in labels))
        for name in result.indicators:
            label = rules.spec.indicators[name].label[:50]
            lines.append(f"  {label:<52}" + "".join(f"{pct(p):>{width}}"
                                                   for p in result.p_by_turn(name)))
        lines.append("")
    lines.append("State: median [5th-95th percentile]")
    table = [["", *labels]]
    for v in result.variables:
        b = result.bands(v, (5, 50, 95))
        table.append([v, *(f"{fmt(b[1, k])} [{fmt(b[0, k], 2)}-{fmt(b[2, k], 2)}]"
                           for k in range(len(labels)))])
    widths = [max(len(row[k]) for row in table) for k in range(len(table[0]))]
    for row in table:
        lines.append("  " + row[0].ljust(widths[0]) + "".join(
            cell.rjust(w + 2) for cell, w in zip(row[1:], widths[1:], strict=True)))
    lines += ["", "Moves chosen (share of turns played)"]
    for side in result.sides:
        if result.side_moves[side]:
            shares = result.move_shares(side)
            lines.append(f"  {side:<16} " + ", ".join(
                f"{m} {pct(p)}" for m, p in shares.items() if p > 0))
    if (result.ended_at > 0).any():
        share = pct(float((result.ended_at > 0).mean()))
        lines.append(f"\nGames ended early by the end condition: {share}")
    lines += [f"warning: {w}" for w in result.warnings]
    return "\n".join(lines)
