"""Break-even (switching) values: how far a parameter must move for the decision to change.

For one parameter, with every other parameter at its point value, the break-even value is
where the best option changes (or, for a pair ``A, B``, where ``A - B`` changes sign). The
search covers the parameter's plausible range, its 0.1st to 99.9th percentiles: a grid
spaced evenly in probability brackets each change, then Brent's method finds it to machine
precision. Each switch is stated as a value and as a quantile of the parameter's
distribution, so "how close is the switch?" has an answer: the probability distance from
the point value.

References
----------
.. [1] Brent, R. P. (1973). Algorithms for Minimization without Derivatives, ch. 4.
   Prentice-Hall. (``scipy.optimize.brentq``.)
.. [2] Briggs, A., Claxton, K. & Sculpher, M. (2006). Decision Modelling for Health
   Economic Evaluation, ch. 4. Oxford University Press. (Threshold / switching values.)
.. [3] HM Treasury (2022). The Green Book, annex A5: switching values.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import optimize  # type: ignore[import-untyped, unused-ignore]

from ..errors import DeterrenceError
from ..model import Model
from ..textfmt import fmt
from .target import label_of, point_net, resolve_target, uncertain

__all__ = [
    "PLAUSIBLE", "BreakEven", "BreakEvenMap", "Switch", "breakeven", "breakeven_map",
    "breakeven_table", "breakevens", "percentile_text",
]  # fmt: skip

Array = NDArray[np.float64]
PLAUSIBLE = (0.001, 0.999)
"""The plausible range of a parameter, as quantiles of its distribution."""
GRID = 129
Margin = Callable[[Array], Array]


@dataclass(frozen=True)
class Switch:
    """One break-even value.

    Attributes
    ----------
    value, quantile
        Where the switch happens, and the share of the parameter's distribution below it.
    direction
        ``"above"``: the decision changes when the parameter rises above ``value``;
        ``"below"``: when it falls below.
    best
        The best option beyond the switch (for a pair, the one of the two that wins).
    """

    value: float
    quantile: float
    direction: Literal["above", "below"]
    best: str


@dataclass(frozen=True)
class BreakEven:
    """The break-even values of one parameter around its point value."""

    parameter: str
    label: str
    unit: str
    point: float
    point_quantile: float
    best: str
    versus: tuple[str, str] | None
    lower: float
    upper: float
    below: Switch | None
    above: Switch | None

    @property
    def nearest(self) -> Switch | None:
        """The switch closest to the point value in probability (``None``: no switch)."""
        found = [s for s in (self.below, self.above) if s is not None]
        return min(found, key=lambda s: abs(s.quantile - self.point_quantile), default=None)

    @property
    def distance(self) -> float:
        """Probability distance from the point value to the nearest switch (inf if none)."""
        s = self.nearest
        return math.inf if s is None else abs(s.quantile - self.point_quantile)

    def sentence(self) -> str:
        """The result in one plain sentence."""
        s = self.nearest
        unit = f" {self.unit}" if self.unit else ""
        if s is None:
            return (f"No switch in the plausible range of {self.parameter} ({fmt(self.lower)} "
                    f"to {fmt(self.upper)}{unit}): {self._stays()}.")
        moves = "rises above" if s.direction == "above" else "falls below"
        where = f"{fmt(s.value)}{unit} (its {percentile_text(s.quantile)} percentile)"
        return f"{self._stops()} if {self.parameter} {moves} {where}{self._then(s)}."

    def _stops(self) -> str:
        if self.versus is None:
            return f"{self.best} stops being the best option"
        a, b = self.versus
        return f"{a} stops beating {b}" if self.best == a else f"{a} starts beating {b}"

    def _stays(self) -> str:
        if self.versus is None:
            return f"{self.best} stays the best option"
        loser = self.versus[1] if self.best == self.versus[0] else self.versus[0]
        return f"{self.best} keeps beating {loser}"

    def _then(self, s: Switch) -> str:
        return f"; {s.best} is then best" if self.versus is None else ""


def percentile_text(q: float) -> str:
    """``0.93`` as ``93rd``, ``0.991`` as ``99.1st``, ``0.0004`` as ``0.04th``."""
    p = 100.0 * q
    tail = p if p < 1.0 else 100.0 - p
    if 1.0 <= p <= 99.0 or tail <= 0.0:
        text = str(round(p))
    else:  # two significant digits of the distance to 0 or 100
        digits = max(1, 1 - math.floor(math.log10(tail)))
        text = f"{p:.{digits}f}".rstrip("0").rstrip(".")
    teen = len(text) >= 2 and text[-2] == "1" and "." not in text[-2:]
    suffix = "th" if teen else {"1": "st", "2": "nd", "3": "rd"}.get(text[-1], "th")
    return text + suffix


def _margin(model: Model, base: Mapping[str, float], name: str,
            pair: tuple[str, str] | None, best: str) -> Margin:
    """``x -> margin`` with ``name = x`` and the rest at ``base`` (vectorised over ``x``)."""
    others = [o for o in model.options if o != best]

    def f(x: Array) -> Array:
        params: dict[str, float | Array] = dict(base)
        params[name] = x
        net = model.evaluate(params).net
        if pair is not None:
            out = np.asarray(net[pair[0]] - net[pair[1]], dtype=np.float64)
        else:
            out = net[best] - np.max([np.broadcast_to(net[o], x.shape) for o in others], axis=0)
        return np.broadcast_to(out, x.shape).astype(np.float64)

    return f


def _winner(model: Model, base: Mapping[str, float], name: str, x: float,
            pair: tuple[str, str] | None) -> str:
    params: dict[str, float] = dict(base)
    params[name] = x
    net = model.evaluate(params).net
    pool = list(pair) if pair is not None else list(model.options)
    return max(pool, key=lambda o: float(net[o]))


def _root(f: Margin, a: float, b: float) -> float:
    """Brent's method [1]_ on a bracket ``[a, b]`` where ``f`` changes sign."""
    def g(x: float) -> float:
        return float(f(np.array([x]))[0])

    ga, gb = g(a), g(b)
    if ga == 0.0:
        return a
    if gb == 0.0 or not (math.isfinite(ga) and math.isfinite(gb)) or ga * gb > 0:
        return b
    xtol = 1e-13 * max(abs(a), abs(b), 1e-300)
    return float(optimize.brentq(g, a, b, xtol=xtol, rtol=4 * np.finfo(float).eps, maxiter=200))


def breakeven(model: Model, parameter: str, *, versus: Sequence[str] | str | None = None,
              at: Mapping[str, float] | None = None) -> BreakEven:
    """The break-even values of ``parameter``, everything else at point values.

    Parameters
    ----------
    model
        A compiled model.
    parameter
        The parameter to move (an uncertain one).
    versus
        Two options ``A, B``: find where ``A - B`` changes sign instead of where the best
        option changes.
    at
        Point values to use instead of the model's (stated point, else median).
    """
    name = uncertain(model, parameter)[0]
    dist = model.distributions[name]
    base = model.point_values() if at is None else dict(at)
    pair = None if versus is None else _pair(model, versus)
    net = point_net(model, base)
    best = max(pair or model.options, key=lambda o: net[o])
    f = _margin(model, base, name, pair, best if pair is None else pair[0])
    lo, hi = (float(v) for v in dist.ppf(PLAUSIBLE))
    point = float(base[name])
    grid = np.unique(np.concatenate([dist.ppf(np.linspace(*PLAUSIBLE, GRID)), [point]]))
    grid = grid[np.isfinite(grid)]
    m = f(grid)
    i0 = int(np.searchsorted(grid, point))
    sign0 = np.sign(m[i0]) or 1.0
    flipped = np.flatnonzero(np.sign(m) == -sign0)
    up, down = flipped[flipped > i0], flipped[flipped < i0]
    above = below = None
    if up.size:
        j = int(up[0])
        x = _root(f, float(grid[j - 1]), float(grid[j]))
        above = Switch(x, float(dist.cdf(x)), "above", _winner(model, base, name, grid[j], pair))
    if down.size:
        j = int(down[-1])
        x = _root(f, float(grid[j]), float(grid[j + 1]))
        below = Switch(x, float(dist.cdf(x)), "below", _winner(model, base, name, grid[j], pair))
    p = model.scenario.parameters[name]
    return BreakEven(name, label_of(model, name), p.unit, point, float(dist.cdf(point)), best,
                     pair, lo, hi, below, above)


def _pair(model: Model, versus: Sequence[str] | str) -> tuple[str, str]:
    t = resolve_target(model, versus=versus)
    assert t.versus is not None
    return (t.option, t.versus)


def breakevens(model: Model, *, versus: Sequence[str] | str | None = None,
               parameters: Sequence[str] | None = None) -> tuple[BreakEven, ...]:
    """:func:`breakeven` for every uncertain parameter, nearest switch first."""
    found = [breakeven(model, n, versus=versus) for n in uncertain(model, parameters)]
    return tuple(sorted(found, key=lambda b: b.distance))


def breakeven_table(model: Model, *, versus: Sequence[str] | str | None = None,
                    parameters: Sequence[str] | None = None) -> pd.DataFrame:
    """The break-even table: one row per parameter, sorted by how close the switch is.

    Columns: ``parameter, label, unit, point, point_quantile, best, switch_value,
    switch_quantile, direction, new_best, distance, other_value, other_quantile, lower,
    upper, sentence`` (``NaN`` or empty where there is no switch in range).
    """
    return to_frame(breakevens(model, versus=versus, parameters=parameters))


def to_frame(results: Sequence[BreakEven]) -> pd.DataFrame:
    """Break-even results as a tidy table (one row per parameter)."""
    rows = []
    for b in results:
        s = b.nearest
        other = b.above if s is b.below else b.below
        rows.append({
            "parameter": b.parameter, "label": b.label, "unit": b.unit, "point": b.point,
            "point_quantile": b.point_quantile, "best": b.best,
            "switch_value": s.value if s else math.nan,
            "switch_quantile": s.quantile if s else math.nan,
            "direction": s.direction if s else "", "new_best": s.best if s else "",
            "distance": b.distance,
            "other_value": other.value if other else math.nan,
            "other_quantile": other.quantile if other else math.nan,
            "lower": b.lower, "upper": b.upper, "sentence": b.sentence(),
        })
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class BreakEvenMap:
    """The best option over a grid of two parameters, the others at point values.

    ``best[i, j]`` indexes ``options`` at ``y_values[i]``, ``x_values[j]``; ``margin`` is the
    best option's lead over the runner-up (or ``A - B`` for a pair): zero on the boundary.
    """

    x: str
    y: str
    x_values: Array
    y_values: Array
    options: tuple[str, ...]
    best: NDArray[np.intp]
    margin: Array
    versus: tuple[str, str] | None = None

    def to_frame(self) -> pd.DataFrame:
        """Tidy table: one row per grid point with ``x, y, best, margin``."""
        xx, yy = np.meshgrid(self.x_values, self.y_values)
        return pd.DataFrame({self.x: xx.ravel(), self.y: yy.ravel(),
                             "best": [self.options[i] for i in self.best.ravel()],
                             "margin": self.margin.ravel()})


def breakeven_map(model: Model, x: str, y: str, *, points: int = 41,
                  versus: Sequence[str] | str | None = None,
                  x_range: tuple[float, float] | None = None,
                  y_range: tuple[float, float] | None = None) -> BreakEvenMap:
    """Two-parameter break-even: the decision over an ``points x points`` grid.

    Each axis spans the parameter's plausible range (or the range given), evenly in value;
    the whole grid is one vectorised evaluation.
    """
    names = uncertain(model, [x, y])
    if names[0] == names[1] or not 2 <= points <= 1001:
        raise DeterrenceError("give two different parameters and 2 to 1001 points per axis")
    axes = []
    for name, given in ((x, x_range), (y, y_range)):
        lo, hi = given or tuple(float(v) for v in model.distributions[name].ppf(PLAUSIBLE))
        axes.append(np.linspace(lo, hi, points))
    xx, yy = np.meshgrid(*axes)
    params: dict[str, float | Array] = dict(model.point_values())
    params[x], params[y] = xx.ravel(), yy.ravel()
    net = model.evaluate(params).net
    table = np.stack([np.broadcast_to(net[o], xx.size) for o in model.options])
    pair = None if versus is None else _pair(model, versus)
    if pair is None:
        ordered = np.sort(table, axis=0)
        margin = ordered[-1] - ordered[-2]
        best = np.argmax(table, axis=0)
    else:
        a, b = (model.options.index(o) for o in pair)
        margin = table[a] - table[b]
        best = np.where(margin >= 0, a, b)
    shape = xx.shape
    return BreakEvenMap(x, y, axes[0], axes[1], model.options, best.reshape(shape),
                        margin.reshape(shape), pair)
