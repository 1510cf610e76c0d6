"""The tokenizer shared by the Gambit file readers: strings, braces, numbers and words.

Each token keeps its line number, so errors name the line. Strings, files and numbers are
bounded; nothing is evaluated.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

from .errors import GameError

__all__ = ["MAX_FILE_CHARS", "MAX_PLAYERS", "Tokens", "read_header"]

MAX_FILE_CHARS = 5_000_000
"""Longest game file read, in characters."""
MAX_PLAYERS = 64
MAX_STRING = 100_000

_TOKEN = re.compile(r"""
    (?P<ws>[ \t\r\f\v]+) | (?P<nl>\n) | (?P<comma>,)
  | (?P<string>"(?:[^"\\\n]|\\.|\n)*")
  | (?P<lbrace>\{) | (?P<rbrace>\})
  | (?P<number>[+-]?(?:\d+/\d+|\d+\.\d*(?:[eE][+-]?\d+)?
                     |\.\d+(?:[eE][+-]?\d+)?|\d+(?:[eE][+-]?\d+)?))
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
""", re.VERBOSE)


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str
    line: int


class Tokens:
    """A token stream with one-token look-ahead and errors that name the line."""

    def __init__(self, text: str, name: str) -> None:
        self.name = name
        self.toks = _tokenize(text, name)
        self.pos = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def fail(self, message: str, tok: _Tok | None = None) -> GameError:
        tok = tok or self.peek()
        line = tok.line if tok else (self.toks[-1].line if self.toks else 1)
        found = f" (found {tok.text[:40]!r})" if tok else " (found the end of the file)"
        return GameError(f"{self.name}, line {line}: {message}{found}")

    def take(self, kind: str, what: str) -> _Tok:
        tok = self.peek()
        if tok is None or tok.kind != kind:
            raise self.fail(f"expected {what}")
        self.pos += 1
        return tok

    def at(self, kind: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind == kind

    def string(self, what: str) -> str:
        return _unquote(self.take("string", what).text)

    def integer(self, what: str, lo: int = 0, hi: int = 10**9) -> int:
        tok = self.take("number", what)
        if not re.fullmatch(r"[+-]?\d+", tok.text) or not lo <= int(tok.text) <= hi:
            raise self.fail(f"expected {what}, a whole number from {lo} to {hi}", tok)
        return int(tok.text)

    def number(self, what: str) -> float:
        tok = self.take("number", what)
        try:
            value = float(Fraction(tok.text)) if "/" in tok.text else float(tok.text)
        except (ValueError, ZeroDivisionError, OverflowError):
            raise self.fail(f"expected {what}", tok) from None
        if not math.isfinite(value):
            raise self.fail(f"{what} is not a finite number", tok)
        return value


def _tokenize(text: str, name: str) -> list[_Tok]:
    if len(text) > MAX_FILE_CHARS:
        raise GameError(f"{name}: the file has {len(text):,} characters; the limit is "
                        f"{MAX_FILE_CHARS:,}")
    out: list[_Tok] = []
    line, pos = 1, 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            bad = text[pos]
            hint = "an unterminated string" if bad == '"' else f"the character {bad!r}"
            raise GameError(f"{name}, line {line}: unexpected {hint}")
        kind = m.lastgroup or ""
        chunk = m.group()
        if kind == "string" and len(chunk) > MAX_STRING:
            raise GameError(f"{name}, line {line}: a string longer than {MAX_STRING:,} characters")
        if kind not in ("ws", "nl", "comma"):
            out.append(_Tok(kind, chunk, line))
        line += chunk.count("\n")
        pos = m.end()
    return out


def _unquote(s: str) -> str:
    return re.sub(r"\\(.)", r"\1", s[1:-1], flags=re.DOTALL)


def read_header(toks: Tokens, magic: str, version: str) -> tuple[str, list[str]]:
    word = toks.peek()
    if word is None or word.text != magic:
        raise toks.fail(f"a Gambit {magic.lower()} file starts with {magic!r}")
    toks.pos += 1
    if toks.take("number", "the format version").text != version:
        raise toks.fail(f"only version {version} of the {magic} format is supported",
                        toks.toks[toks.pos - 1])
    precision = toks.take("word", "R or D (the number format)")
    if precision.text not in ("R", "D"):
        raise toks.fail("expected R or D (the number format)", precision)
    title = toks.string("the game's title in quotes")
    toks.take("lbrace", "'{' before the players' names")
    players: list[str] = []
    while not toks.at("rbrace"):
        players.append(toks.string("a player's name in quotes"))
        if len(players) > MAX_PLAYERS:
            raise toks.fail(f"more than {MAX_PLAYERS} players")
    toks.take("rbrace", "'}' after the players' names")
    if not players:
        raise toks.fail("a game needs at least one player")
    names = [p or f"Player {i + 1}" for i, p in enumerate(players)]
    if len(set(names)) != len(names):
        names = [f"{p} ({i + 1})" for i, p in enumerate(names)]
    return title, names
