"""Game analyses as plain text (for people) and as plain data (for JSON)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .analysis import GameAnalysis
from .backward import BackwardSolution
from .nash import MixedEquilibrium
from .normal_form import NormalFormGame
from .pbe import PBE
from .qre import QRE
from .signalling import SignallingGame
from .tree import Chance, Decision, Game, Terminal
from .values import GameValues

__all__ = ["analysis_data", "format_tree", "render_analysis"]

MAX_TREE_LINES = 200
MAX_MIXED_SHOWN = 8


def _n(x: float, digits: int = 3) -> str:
    if not math.isfinite(x):
        return str(x)
    if x == 0:
        return "0"
    if abs(x) >= 1e6 or abs(x) < 1e-4:
        return f"{x:.{digits - 1}e}"
    return f"{x:.{digits}g}"


def format_tree(game: Game, values: GameValues, solution: BackwardSolution | None = None,
                *, limit: int = MAX_TREE_LINES) -> str:
    """The tree as indented text, payoffs at ``values``' first draw; ``*`` marks choices."""
    flat = game.flat
    chosen = solution.choice if solution is not None else {}
    lines: list[str] = []
    stack: list[tuple[int, str, str]] = [(0, "", "")]  # node, head of its line, indent below
    while stack:
        i, head, indent = stack.pop()
        if len(lines) >= limit:
            lines.append(f"... (more nodes not shown; the game has {len(flat.nodes)})")
            break
        node = flat.nodes[i]
        if isinstance(node, Terminal):
            pays = ", ".join(f"{p} {_n(float(v[0]))}"
                             for p, v in zip(game.players, values.payoffs[i], strict=True))
            lines.append(f"{head}end {node.outcome or node.name}: {pays}")
            continue
        if isinstance(node, Decision):
            info = flat.infosets[flat.infoset[i]]
            shared = f", information set {info.label!r}" if len(info.members) > 1 else ""
            lines.append(f"{head}{node.player} decides ({flat.labels[i]}{shared})")
        else:
            lines.append(f"{head}chance ({flat.labels[i]})")
        kids = flat.children[i]
        for a in range(len(kids) - 1, -1, -1):
            last = a == len(kids) - 1
            mark = "*" if i in chosen and int(chosen[i][0]) == a else " "
            tag = node.actions[a]
            if isinstance(node, Chance):
                tag += f" (p = {_n(float(values.probabilities[i][a, 0]))})"
            branch = "`-" if last else "+-"
            stack.append((kids[a], f"{indent}{branch}{mark}{tag} -> ",
                           indent + ("   " if last else "|  ")))
    return "\n".join(lines)


def _equilibrium_text(sol: BackwardSolution) -> list[str]:
    path = sol.paths[0]
    out = ["Subgame-perfect equilibrium at point values:",
           f"  path:       {path.describe()}",
           "  strategies: " + "; ".join(f"{k}: {v}" for k, v in sol.strategy().items()),
           "  payoffs:    " + "; ".join(f"{p} {_n(v)}" for p, v in sol.payoffs().items())]
    tied = [sol.game.flat.labels[i] for i, t in sol.tie.items() if t[0]]
    out.append("  ties:       " + (", ".join(tied) + " (several actions equally good; the "
                                   "first listed is shown)" if tied else "none"))
    return out


def _across_text(sol: BackwardSolution, samples: int, seed: int | None) -> list[str]:
    out = [f"Equilibrium paths across {samples:,} draws (seed {seed}):"]
    for p in sol.paths[:20]:
        out.append(f"  {100 * p.probability:6.2f}% +/- {100 * p.se:.2f}%  {p.describe()}")
    if len(sol.paths) > 20:
        out.append(f"  ... and {len(sol.paths) - 20} rarer paths")
    out.append(f"  draws with a tie on the path: {sol.ties:,}"
               f" (anywhere in the tree: {sol.ties_anywhere:,})")
    return out


def _mixed_text(eq: MixedEquilibrium, game: NormalFormGame) -> str:
    pays = ", ".join(_n(v) for v in eq.payoffs)
    return f"  {eq.describe(game)}  (payoffs {pays})"


def _pbe_text(e: PBE) -> str:
    tie = " [tie]" if e.tie else ""
    pays = ", ".join(_n(v) for v in e.sender_payoffs)
    return (f"  {e.kind}{tie}: {e.condition}; sender's payoffs by type {pays}; likelihood "
            f"ratio of the message sent: {_n(e.likelihood_ratio())}")


def render_analysis(a: GameAnalysis, *, samples: int = 0, seed: int | None = None,
                    header: tuple[str, ...] = ()) -> str:
    """The analysis as text, section by section."""
    out = [f"Game: {a.title}", *header]
    if a.tree is not None and a.values is not None:
        out += ["", "Tree (payoffs at point values; * marks equilibrium choices):",
                format_tree(a.tree, a.values, a.point)]
    if a.point is not None:
        out += ["", *_equilibrium_text(a.point)]
    if a.across is not None:
        out += ["", *_across_text(a.across, samples, seed)]
    if a.pbe is not None:
        out += ["", "Perfect Bayesian equilibria at point values:"]
        out += [_pbe_text(e) for e in a.pbe.equilibria] or ["  none found"]
    if a.pbe_across is not None:
        share = ", ".join(f"{k} {100 * v:.1f}%" for k, v in a.pbe_across.share.items())
        out += [f"Across {samples:,} draws, share with an equilibrium of each kind: {share}"]
    if a.normal is not None:
        out += ["", f"Nash equilibria of the normal form ({' x '.join(map(str, a.normal.shape))}"
                " strategies) at point values:"]
        out += [f"  pure: {', '.join(e.strategies)} (payoffs "
                f"{', '.join(_n(v) for v in e.payoffs)}){'' if e.strict else ' [weak]'}"
                for e in a.pure] or ["  no pure equilibrium"]
        mixed = [e for e in a.mixed if not e.pure]
        out += [_mixed_text(e, a.normal) for e in mixed[:MAX_MIXED_SHOWN]]
        if len(mixed) > MAX_MIXED_SHOWN:
            out.append(f"  ... and {len(mixed) - MAX_MIXED_SHOWN} more extreme mixed "
                       "equilibria (see --json)")
    if a.qre is not None:
        out += ["", _qre_text(a)]
    if a.thresholds is not None:
        out += ["", "Deterrence thresholds:", *(f"  {line}" for line in a.thresholds.lines)]
    if a.notes:
        out += ["", "Key numbers:", *(f"  {label}: {_n(v)}" for label, v in a.notes)]
    if a.remarks:
        out += ["", "Remarks:", *(f"  {r}" for r in a.remarks)]
    return "\n".join(out)


def _qre_text(a: GameAnalysis) -> str:
    q = a.qre
    if isinstance(q, QRE) and a.normal is not None:
        parts = []
        for p, probs in enumerate(q.strategies):
            terms = ", ".join(f"{s} {_n(float(x))}"
                              for s, x in zip(a.normal.strategies[p], probs, strict=True))
            parts.append(f"{a.normal.players[p]}: {terms}")
        return f"Logit QRE at lambda = {_n(q.lam)}: " + "; ".join(parts)
    assert q is not None and a.tree is not None
    flat = a.tree.flat
    parts = []
    for i, w in q.probabilities.items():  # type: ignore[union-attr]
        node = flat.nodes[i]
        assert isinstance(node, Decision)
        parts.append(f"{flat.labels[i]}: " + ", ".join(
            f"{act} {_n(float(np.mean(w[k])))}" for k, act in enumerate(node.actions)))
    return f"Agent logit QRE at lambda = {_n(q.lam)} (choice probabilities):\n  " + \
        "\n  ".join(parts)


def _path_data(sol: BackwardSolution) -> list[dict[str, Any]]:
    return [{"moves": [{"node": m.node, "player": m.player, "action": m.action}
                       for m in p.moves],
             "probability": p.probability, "se": p.se, "count": p.count, "ties": p.ties}
            for p in sol.paths]


def _pbe_data(e: PBE, g: SignallingGame) -> dict[str, Any]:
    return {"kind": e.kind, "tie": e.tie, "condition": e.condition,
            "sender": {t: dict(zip(g.messages, e.sender[k], strict=True))
                       for k, t in enumerate(g.types)},
            "receiver": {m: dict(zip(g.responses, e.receiver[k], strict=True))
                         for k, m in enumerate(g.messages)},
            "beliefs": {m: list(e.beliefs[k]) for k, m in enumerate(g.messages)},
            "sender_payoffs": dict(zip(g.types, e.sender_payoffs, strict=True)),
            "likelihood_ratio": e.likelihood_ratio()}


def analysis_data(a: GameAnalysis, *, samples: int = 0, seed: int | None = None
                  ) -> dict[str, Any]:
    """The analysis as plain data (for ``--json``)."""
    data: dict[str, Any] = {"title": a.title, "samples": samples, "seed": seed}
    if a.point is not None:
        data["equilibrium"] = {
            "path": _path_data(a.point)[0]["moves"], "strategies": a.point.strategy(),
            "payoffs": a.point.payoffs(),
            "ties": [a.point.game.flat.labels[i] for i, t in a.point.tie.items() if t[0]]}
    if a.across is not None:
        data["paths"] = _path_data(a.across)
        data["ties"] = {"on_path": a.across.ties, "anywhere": a.across.ties_anywhere}
        data["outcomes"] = dict(a.across.outcomes)
    if a.normal is not None:
        n = a.normal
        data["nash"] = {
            "players": list(n.players), "strategies": [list(s) for s in n.strategies],
            "pure": [{"strategies": list(e.strategies), "payoffs": list(e.payoffs),
                      "strict": e.strict} for e in a.pure],
            "extreme": [{"strategies": [dict(zip(n.strategies[p], map(float, s), strict=True))
                                        for p, s in enumerate(e.strategies)],
                         "payoffs": list(e.payoffs)} for e in a.mixed]}
    if a.pbe is not None:
        g = a.pbe.game
        data["pbe"] = [_pbe_data(e, g) for e in a.pbe.equilibria]
    if a.pbe_across is not None:
        data["pbe_share"] = a.pbe_across.share
    if isinstance(a.qre, QRE):
        data["qre"] = {"lambda": a.qre.lam, "strategies": [list(map(float, s))
                                                           for s in a.qre.strategies]}
    elif a.qre is not None:
        data["qre"] = {"lambda": a.qre.lam, "outcomes": dict(a.qre.outcomes)}
    if a.thresholds is not None:
        data["thresholds"] = {"values": dict(a.thresholds.values),
                              "share_deterred": dict(a.thresholds.share_deterred),
                              "explanation": list(a.thresholds.lines)}
    data["notes"] = {label: v for label, v in a.notes}
    data["remarks"] = list(a.remarks)
    return data
