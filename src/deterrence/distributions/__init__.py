"""Distributions for parameters: sample fast, invert exactly, print and parse back.

Every distribution is a small frozen object with the methods of :class:`Distribution` and a
canonical text form, ``spec()``, that :func:`parse_distribution` reads back exactly. Scenario
files use that text form, for example ``to(11000, 14000)``, ``beta(mean=0.5, sd=0.15)``,
``pert(0.5, 10, 50)``, ``clip(normal(0, 1), lo=0)`` or a bare number such as ``12000``.

``sample`` uses numpy's native generators (speed); ``ppf`` inverts the CDF exactly
(vectorised), so Latin hypercube and Sobol designs work on every distribution.

References
----------
.. [1] Malcolm, D. G., Roseboom, J. H., Clark, C. E. & Fazar, W. (1959). Application of a
   technique for research and development program evaluation. Operations Research 7(5),
   646-669. (PERT three-point estimates.)
.. [2] Vose, D. (2008). Risk Analysis: A Quantitative Guide, 3rd ed. Wiley. (Beta-PERT with
   shape ``lam``, default 4.)
.. [3] squigglepy ``to(lo, hi)`` and Guesstimate ``lo to hi``: a 90% credible interval,
   lognormal when both bounds are positive, normal otherwise; z = ndtri(0.95) = 1.6449.
"""

from .base import MAX_SPEC_LENGTH, Distribution
from .constructors import (
    bernoulli,
    beta,
    clip,
    discrete,
    fixed,
    lognormal,
    normal,
    pert,
    to,
    triangular,
    truncate,
    uniform,
)
from .kinds import (
    PERT,
    Bernoulli,
    Beta,
    Discrete,
    Fixed,
    Interval,
    LogNormal,
    Normal,
    Triangular,
    Uniform,
)
from .text import parse_distribution
from .wrappers import Clipped, Truncated

__all__ = [
    "MAX_SPEC_LENGTH", "PERT", "Bernoulli", "Beta", "Clipped", "Discrete", "Distribution",
    "Fixed", "Interval", "LogNormal", "Normal", "Triangular", "Truncated", "Uniform",
    "bernoulli", "beta", "clip", "discrete", "fixed", "lognormal", "normal",
    "parse_distribution", "pert", "to", "triangular", "truncate", "uniform",
]  # fmt: skip
