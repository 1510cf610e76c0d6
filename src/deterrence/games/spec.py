"""The ``games`` section of a scenario file: one entry per game, checked against the scenario.

A game is either a **tree** (``kind: tree``, the default): players, a root node and a
mapping of nodes, each a decision (``player`` and ``actions``, each action naming the
node it leads to), a chance move (``chance``: each action's ``probability`` and
``next`` node) or an end (``payoffs``: one formula per player); or a two-type
**signalling** game (``kind: signalling``): sender, receiver, two types with the
``prior`` of the first, two messages, the responses and a payoff pair for each
type, message and response. Payoffs and probabilities are formulas over the
scenario's parameters and derived quantities. An optional ``thresholds`` entry says
which quantities play the parts of the deterrence threshold (``q* = z / (z + K)``),
the required credibility ``h*`` and likelihood ratio ``LR*``, for the plain-language
explanation.

See ``docs/games.md`` for the syntax with examples.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .builder import check_spec

__all__ = ["ChanceBranch", "GameSpec", "NodeSpec", "ThresholdSpec", "check_game"]

Name = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", max_length=64)]
"""A node, player, action, type, message or response name."""
Text = Annotated[str, StringConstraints(max_length=20_000)]
FormulaText = Annotated[str, StringConstraints(max_length=2000)] | float
"""A formula over the scenario's quantities, or a number."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class ChanceBranch(_Strict):
    """One action of a chance move: its probability and the node it leads to."""

    probability: FormulaText
    next: Name


class NodeSpec(_Strict):
    """One node of a game tree: a decision, a chance move or an end (payoffs)."""

    label: Text = ""
    player: Name | None = Field(default=None, description="Who decides here.")
    infoset: Name | None = Field(
        default=None, description="Nodes of one player with the same infoset cannot be told apart.")
    actions: dict[Name, Name] | None = Field(
        default=None, description="Each action and the node it leads to.")
    chance: dict[Name, ChanceBranch] | None = Field(
        default=None, description="Nature's actions, each with a probability and a next node.")
    payoffs: dict[Name, FormulaText] | None = Field(
        default=None, description="At an end: each player's payoff.")
    outcome: Text = Field(default="", description="A name for the outcome at an end.")


class ThresholdSpec(_Strict):
    """Which quantities play the parts of the deterrence thresholds."""

    challenger: Text = Field(default="the challenger", description="Who is to be deterred.")
    patron: Text = Field(default="the patron", description="Whose intervention deters.")
    z: FormulaText = Field(default=1.0, description="The challenger's gain (resolve).")
    K: FormulaText = Field(description="The challenger's loss if the patron intervenes.")
    kappa: FormulaText | None = Field(default=None, description="Chance the treaty applies.")
    r: FormulaText | None = Field(default=None, description="Inadvertent-involvement risk.")
    h0: FormulaText | None = Field(default=None, description="Prior credibility.")
    w: FormulaText | None = Field(default=None, description="Weight on reputation.")
    LR: FormulaText | None = Field(default=None, description="Likelihood ratio assumed.")
    q: FormulaText | None = Field(default=None, description="Chance of intervention.")
    q_baseline: FormulaText | None = Field(
        default=None, description="Chance of intervention in the baseline, for comparison.")


class GameSpec(_Strict):
    """One game of a scenario: a tree, or a two-type signalling game."""

    kind: Literal["tree", "signalling"] = "tree"
    title: Text = ""
    description: Text = ""
    lesson: Text = Field(default="", description="What the game teaches, in a paragraph.")
    reference: Text = ""
    players: list[Name] = Field(default_factory=list, max_length=20)
    root: Name | None = None
    nodes: dict[Name, NodeSpec] = Field(default_factory=dict, max_length=5000)
    sender: Name | None = None
    receiver: Name | None = None
    types: list[Name] = Field(default_factory=list, max_length=2)
    prior: FormulaText | None = Field(default=None, description="Chance of the first type.")
    messages: list[Name] = Field(default_factory=list, max_length=2)
    responses: list[Name] = Field(default_factory=list, max_length=20)
    payoffs: dict[Name, dict[Name, dict[Name, list[FormulaText]]]] = Field(
        default_factory=dict,
        description="Signalling games: payoffs[type][message][response] = [sender, receiver].")
    thresholds: ThresholdSpec | None = None


def check_game(
    spec: GameSpec, known_names: set[str]
) -> list[tuple[tuple[str | int, ...], str]]:
    """Problems of one game (field path relative to the game, message); empty when sound.

    Checks that every node a move leads to exists, the nodes form a tree from the root
    (no cycle, no node with two parents, none unreachable), every end pays every player,
    chance probabilities that are numbers lie in [0, 1] and sum to 1, and every formula
    parses and names only known quantities.
    """
    return check_spec(spec, known_names)
