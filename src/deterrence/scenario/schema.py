"""The scenario format: pydantic models for every section of a scenario file.

The models check the *shape* of a file (which fields exist, their types). The
cross-references between sections (a term citing a claim that exists, a formula
naming a known parameter, no cycle among derived quantities) are checked in
:mod:`deterrence.scenario.checks`, which knows where each field lives.
"""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ..games.spec import GameSpec
from ..wargame.spec import WargameSpec

__all__ = [
    "FORMAT_VERSION",
    "Actor",
    "Claim",
    "Correlation",
    "Decision",
    "Derived",
    "Option",
    "Parameter",
    "Perspective",
    "Scenario",
    "Source",
    "Term",
    "TermKind",
]

FORMAT_VERSION = 1

Identifier = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", max_length=64)
]
"""A name usable in formulas: a letter, then letters, digits or underscores."""
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)]
"""A lower-case id with hyphens allowed, for scenarios and claims."""
Text = Annotated[str, StringConstraints(max_length=20_000)]
Spec = Annotated[str, StringConstraints(max_length=500)] | float
"""A distribution in text form (``to(1, 20)``) or a fixed number."""

TermKind = Literal["benefit", "cost", "risk"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(_Strict):
    """Where the argument comes from."""

    title: Text
    author: Text = ""
    publisher: Text = ""
    date: Text = ""
    url: Text = ""
    note: Text = ""


class Claim(_Strict):
    """One step of the argument, in the project's own words.

    ``where`` points to the place in the source that makes the claim
    (for example ``paragraph 4``).
    """

    id: Slug
    text: Text
    where: Text
    role: Literal["premise", "inference", "conclusion", "caveat"] = "premise"


class Actor(_Strict):
    """A state or organisation taking part in the argument."""

    id: Identifier
    name: Text
    description: Text = ""


class Parameter(_Strict):
    """A named uncertain quantity and the reasons for its numbers."""

    label: Text
    distribution: Spec
    point: float | None = Field(
        default=None, description="Value for point evaluation; the median when absent."
    )
    unit: Text = ""
    description: Text = ""
    claims: list[Slug] = Field(default_factory=list)
    source: Text = Field(default="", description="Source or rationale for the numbers.")


class Derived(_Strict):
    """A named formula over parameters and other derived quantities."""

    formula: Annotated[str, StringConstraints(max_length=2000)]
    label: Text = ""
    unit: Text = ""
    description: Text = ""
    claims: list[Slug] = Field(default_factory=list)


class Term(_Strict):
    """One benefit, cost or risk of an option.

    The formula gives a magnitude in the scenario's value unit; a benefit adds it
    to the option's net value, a cost or a risk (an expected loss) subtracts it.
    """

    id: Identifier
    kind: TermKind
    formula: Annotated[str, StringConstraints(max_length=2000)]
    label: Text = ""
    description: Text = ""
    claims: list[Slug] = Field(default_factory=list)


class Option(_Strict):
    """One option of the decision; its net value is the signed sum of its terms."""

    label: Text = ""
    description: Text = ""
    status_quo: bool = False
    terms: list[Term] = Field(default_factory=list)


class Decision(_Strict):
    """An actor choosing among options."""

    id: Identifier
    actor: Identifier
    question: Text = ""
    options: dict[Identifier, Option] = Field(min_length=2)


class Perspective(_Strict):
    """A named reading of the argument: parameter overrides."""

    label: Text = ""
    description: Text = ""
    set: dict[Identifier, Spec] = Field(default_factory=dict)


class Correlation(_Strict):
    """A rank (Spearman) correlation between two parameters' draws.

    In real arguments costs and resolve move together. Sampling imposes ``rank`` on the
    two parameters' draws without changing either distribution (Iman & Conover 1982).
    """

    between: list[Identifier] = Field(min_length=2, max_length=2)
    rank: float = Field(description="Target rank correlation, strictly between -1 and 1.")
    note: Text = Field(default="", description="Why the two move together.")


class Scenario(_Strict):
    """One argument as a model: the whole content of a scenario file."""

    format: Literal[1] = 1
    id: Slug
    title: Text
    summary: Text = ""
    source: Source | None = None
    teaching_notes: Text = ""
    value_unit: Text = Field(default="value units", description="Unit of every term.")
    claims: list[Claim] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    parameters: dict[Identifier, Parameter] = Field(min_length=1)
    derived: dict[Identifier, Derived] = Field(default_factory=dict)
    decision: Decision
    perspectives: dict[Identifier, Perspective] = Field(default_factory=dict)
    outcomes: list[Identifier] = Field(
        default_factory=list, description="Parameters or derived quantities to report."
    )
    correlations: list[Correlation] = Field(
        default_factory=list, description="Rank correlations between parameters' draws."
    )
    games: dict[Identifier, GameSpec] = Field(
        default_factory=dict, description="Games whose payoffs may use the scenario's quantities."
    )
    wargame: WargameSpec | None = Field(default=None, description="An optional turn-based game.")

    def to_data(self) -> dict[str, object]:
        """The scenario as plain data (what a file holds), without defaults left unset."""
        return self.model_dump(mode="json", exclude_defaults=True)

    def content_hash(self) -> str:
        """SHA-256 of the scenario's canonical JSON form: same content, same hash."""
        blob = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def claim(self, claim_id: str) -> Claim:
        """The claim with this id."""
        for c in self.claims:
            if c.id == claim_id:
                return c
        raise KeyError(claim_id)

    def with_parameters(self, overrides: dict[str, str | float]) -> Scenario:
        """A copy with some parameters' distributions replaced (unknown names raise KeyError)."""
        params = dict(self.parameters)
        for name, spec in overrides.items():
            params[name] = params[name].model_copy(update={"distribution": spec, "point": None})
        return self.model_copy(update={"parameters": params})
