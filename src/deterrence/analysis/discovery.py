"""Scenario discovery: in which parts of the parameter space does an option lose?

Following Bryant & Lempert (2010), the draws where an option loses (is not the best, or
loses to a named rival) are the cases of interest; a classification tree (CART, Breiman
et al. 1984, from scikit-learn) splits the parameter space into boxes, and the boxes rich
in cases of interest become rules in plain language, each with

- **coverage**: the share of all cases of interest that fall in the box, and
- **density**: the share of draws in the box that are cases of interest,

the two measures of Bryant & Lempert (2010) (PRIM, Friedman & Fisher 1999, trades them
off by peeling; a shallow tree gives boxes just as readable and is a well-kept library).

References
----------
.. [1] Bryant, B. P. & Lempert, R. J. (2010). Thinking inside the box: a participatory,
   computer-assisted approach to scenario discovery. Technological Forecasting and Social
   Change 77(1), 34-49.
.. [2] Friedman, J. H. & Fisher, N. I. (1999). Bump hunting in high-dimensional data.
   Statistics and Computing 9(2), 123-143.
.. [3] Breiman, L., Friedman, J., Olshen, R. & Stone, C. (1984). Classification and
   Regression Trees. Wadsworth.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from sklearn.tree import DecisionTreeClassifier  # type: ignore[import-untyped]

from ..errors import DeterrenceError
from ..model import Model
from ..simulation import draw, new_seed
from ..textfmt import fmt, pct
from .target import label_of, resolve_target, uncertain

__all__ = ["Condition", "Discovery", "Rule", "discover"]

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Condition:
    """One side or both sides of a box on one parameter: ``lower < x <= upper``."""

    parameter: str
    label: str
    lower: float | None
    upper: float | None

    def text(self) -> str:
        """``v > 0.009``, ``B_tech <= 3`` or ``0.2 < w <= 0.5``."""
        if self.lower is not None and self.upper is not None:
            return f"{fmt(self.lower)} < {self.parameter} <= {fmt(self.upper)}"
        if self.lower is not None:
            return f"{self.parameter} > {fmt(self.lower)}"
        return f"{self.parameter} <= {fmt(self.upper if self.upper is not None else np.inf)}"


@dataclass(frozen=True)
class Rule:
    """A box in parameter space and how well it captures the cases of interest."""

    conditions: tuple[Condition, ...]
    coverage: float
    density: float
    mass: float
    count: int

    def text(self) -> str:
        """The box as ``a > 1 and b <= 2``."""
        return " and ".join(c.text() for c in self.conditions) or "any values"


@dataclass(frozen=True)
class Discovery:
    """Where ``option`` loses: the share of such draws and the rules that describe them."""

    option: str
    rival: str | None
    share: float
    winners: dict[str, float]
    rules: tuple[Rule, ...]
    samples: int
    seed: int

    def headline(self) -> str:
        """How often the option loses, and to what."""
        if self.rival is not None:
            return f"{self.rival} beats {self.option} in {pct(self.share)} of draws"
        others = ", ".join(f"{o} in {pct(p)}" for o, p in self.winners.items() if p > 0)
        return (f"{self.option} is not the best option in {pct(self.share)} of draws"
                + (f" ({others})" if others else ""))

    def sentences(self) -> list[str]:
        """The headline and one sentence per rule, in plain language."""
        out = [self.headline() + "."]
        if self.share == 0.0 or not self.rules:
            out.append("No rule stands out: the losing draws are spread across the "
                       "parameter space." if self.share > 0 else "It never loses.")
            return out
        for r in self.rules:
            out.append(f"{pct(r.coverage)} of those have {r.text()}; in such draws "
                       f"{self.option} loses {pct(r.density)} of the time ({pct(r.mass)} of "
                       "all draws).")
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per rule: ``rule, coverage, density, mass, count``."""
        return pd.DataFrame([{"rule": r.text(), "coverage": r.coverage, "density": r.density,
                              "mass": r.mass, "count": r.count} for r in self.rules],
                            columns=["rule", "coverage", "density", "mass", "count"])

    def to_dict(self) -> dict[str, object]:
        """JSON-ready data."""
        rules = [{"rule": r.text(), "coverage": r.coverage, "density": r.density,
                  "mass": r.mass, "count": r.count,
                  "conditions": [{"parameter": c.parameter, "label": c.label,
                                  "lower": c.lower, "upper": c.upper} for c in r.conditions]}
                 for r in self.rules]
        return {"option": self.option, "rival": self.rival, "share": self.share,
                "winners": self.winners, "headline": self.headline(), "rules": rules,
                "samples": self.samples, "seed": self.seed}


def _boxes(tree: DecisionTreeClassifier) -> dict[int, dict[int, list[float]]]:
    """For each leaf, the bounds ``[lower, upper]`` the path to it sets on each feature."""
    t = tree.tree_
    out: dict[int, dict[int, list[float]]] = {}
    stack: list[tuple[int, dict[int, list[float]]]] = [(0, {})]
    while stack:
        node, box = stack.pop()
        left, right = int(t.children_left[node]), int(t.children_right[node])
        if left == -1:
            out[node] = box
            continue
        f, thr = int(t.feature[node]), float(t.threshold[node])
        lo, hi = box.get(f, [-np.inf, np.inf])
        stack.append((left, {**box, f: [lo, min(hi, thr)]}))
        stack.append((right, {**box, f: [max(lo, thr), hi]}))
    return out


def _rule(model: Model, names: Sequence[str], box: dict[int, list[float]],
          inside: NDArray[np.bool_], y: NDArray[np.bool_]) -> Rule:
    conds = tuple(
        Condition(names[f], label_of(model, names[f]),
                  None if lo == -np.inf else lo, None if hi == np.inf else hi)
        for f, (lo, hi) in sorted(box.items()))
    hits = int(np.count_nonzero(inside & y))
    count = int(np.count_nonzero(inside))
    return Rule(conds, hits / max(int(y.sum()), 1), hits / max(count, 1), count / y.size, count)


def discover(model: Model, option: str, *, versus: str | None = None, samples: int = 20_000,
             seed: int | None = None, max_depth: int = 3, min_mass: float = 0.02,
             max_rules: int = 3, parameters: Sequence[str] | None = None) -> Discovery:
    """Rules describing where ``option`` loses (to any option, or to ``versus``).

    Parameters
    ----------
    option
        The option to examine.
    versus
        A rival: cases of interest are draws where the rival beats ``option``.
    samples, seed
        The draws (those of :func:`deterrence.run` with the same seed).
    max_depth, min_mass
        Tree depth (conditions per rule) and the smallest share of draws in a box.
    max_rules
        How many boxes to report: those denser in cases of interest than the draws overall,
        largest coverage first.
    """
    target = resolve_target(model, option)
    rival = None if versus is None else resolve_target(model, versus).option
    if rival == target.option:
        raise DeterrenceError("the rival must be a different option")
    seed = new_seed() if seed is None else seed
    names = uncertain(model, parameters)
    ev = draw(model, samples=samples, seed=seed)
    values = np.stack([np.broadcast_to(ev.net[o], (samples,)) for o in model.options])
    i = model.options.index(target.option)
    if rival is None:
        y = values.max(axis=0) > values[i]
    else:
        y = values[model.options.index(rival)] > values[i]
    best = np.argmax(values, axis=0)
    winners = {o: float(np.mean(y & (best == k))) for k, o in enumerate(model.options)
               if k != i}
    share = float(y.mean())
    rules: tuple[Rule, ...] = ()
    if 0.0 < share < 1.0:
        x = np.column_stack([np.broadcast_to(ev.quantities[n], (samples,)) for n in names])
        tree = DecisionTreeClassifier(max_depth=max_depth, min_samples_leaf=max(
            1, int(min_mass * samples)), random_state=seed % (2**32)).fit(x, y)
        leaves = tree.apply(x)
        found = [_rule(model, names, box, leaves == leaf, y)
                 for leaf, box in _boxes(tree).items()]
        rich = [r for r in found if r.density > share]
        rules = tuple(sorted(rich, key=lambda r: (-r.coverage, -r.density))[:max_rules])
    return Discovery(target.option, rival, share, winners, rules, samples, seed)
