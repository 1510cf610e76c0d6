"""Writing Gambit's game files: ``.efg`` for trees and ``.nfg`` for normal forms.

Numbers are written so that Gambit reads back the same value: as a fraction when the
float is one with a denominator up to a million, else as a plain decimal.

References
----------
.. [1] The Gambit Project. Game representation formats (``.efg`` version 2, ``.nfg``
   version 1). Gambit documentation, https://gambitproject.readthedocs.io.
"""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

import numpy as np

from .errors import GameError
from .normal_form import NormalFormGame
from .tree import Chance, Game, Terminal
from .values import GameValues

__all__ = ["format_efg", "format_nfg", "write_gambit"]


def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _num(x: float) -> str:
    """A number Gambit reads back exactly: a fraction when it is one, else a decimal."""
    if not math.isfinite(x):
        raise GameError(f"cannot write the non-finite number {x} to a Gambit file")
    f = Fraction(x).limit_denominator(1_000_000)
    if float(f) == x:
        return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"
    return np.format_float_positional(x, trim="-")


def _exact_probabilities(probs: np.ndarray) -> list[str]:
    """Probabilities as exact fractions that sum to exactly 1, as Gambit requires."""
    out: list[Fraction] = []
    for x in probs[:-1].tolist():
        f = Fraction(x).limit_denominator(1_000_000_000)
        out.append(f if abs(float(f) - x) < 1e-12 else Fraction(repr(x)))
    out.append(1 - sum(out, Fraction(0)))
    if out[-1] < 0:
        raise GameError("chance probabilities sum to more than 1")
    return [str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"
            for f in out]


def format_efg(game: Game, values: GameValues | None = None, *, draw: int = 0) -> str:
    """The game as the text of a Gambit ``.efg`` file, with payoffs evaluated at one draw.

    Parameters
    ----------
    game
        The game.
    values
        Its evaluated payoffs and probabilities (numbers only are needed when ``None``).
    draw
        Which draw of ``values`` to write.
    """
    if values is None:
        values = game.evaluate()
    if values.n > 1 or draw:
        values = values.at(draw)
    flat = game.flat
    players = " ".join(_quote(p) for p in game.players)
    lines = [f"EFG 2 R {_quote(game.title)} {{ {players} }}", _quote(game.description), ""]
    seen: set[int] = set()
    outcome = 0
    for i, node in enumerate(flat.nodes):
        name = _quote(node.name)
        if isinstance(node, Terminal):
            outcome += 1
            pays = ", ".join(_num(float(u[0])) for u in values.payoffs[i])
            lines.append(f"t {name} {outcome} {_quote(node.outcome)} {{ {pays} }}")
        elif isinstance(node, Chance):
            probs = _exact_probabilities(values.probabilities[i][:, 0])
            acts = " ".join(f"{_quote(a)} {p}" for a, p in zip(node.actions, probs, strict=True))
            lines.append(f"c {name} {i + 1} \"\" {{ {acts} }} 0")
        else:
            info = flat.infosets[flat.infoset[i]]
            head = f"p {name} {flat.player[i] + 1} {info.number}"
            if flat.infoset[i] in seen:
                lines.append(f"{head} 0")
            else:
                seen.add(flat.infoset[i])
                label = info.label
                acts = " ".join(_quote(a) for a in node.actions)
                lines.append(f"{head} {_quote(label)} {{ {acts} }} 0")
    return "\n".join(lines) + "\n"


def format_nfg(game: NormalFormGame) -> str:
    """The game as the text of a Gambit ``.nfg`` file (outcome version, named strategies)."""
    players = " ".join(_quote(p) for p in game.players)
    strategies = "\n".join("{ " + " ".join(_quote(s) for s in ss) + " }"
                           for ss in game.strategies)
    n = len(game.players)
    # first player's strategy changes fastest
    table = game.payoffs.transpose(0, *range(n, 0, -1)).reshape(n, -1)
    outcomes = "\n".join("{ \"\" " + ", ".join(_num(float(v)) for v in table[:, k]) + " }"
                         for k in range(table.shape[1]))
    index = " ".join(str(k + 1) for k in range(table.shape[1]))
    return (f"NFG 1 R {_quote(game.title)} {{ {players} }}\n\n{{ {strategies}\n}}\n"
            f"{_quote(game.description)}\n\n{{\n{outcomes}\n}}\n{index}\n")


def write_gambit(game: Game | NormalFormGame, path: str | Path,
                 values: GameValues | None = None) -> None:
    """Write a game to ``path``: ``.efg`` for a tree, ``.nfg`` for a normal form."""
    text = format_nfg(game) if isinstance(game, NormalFormGame) else format_efg(game, values)
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise GameError(f"{path}: cannot write the file ({exc.strerror or exc})") from None
