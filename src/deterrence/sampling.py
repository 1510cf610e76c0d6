"""Sampling designs: Monte Carlo, Latin hypercube and Sobol, with rank correlations.

Every design returns one array of draws per parameter, by name. Monte Carlo uses each
distribution's native sampler (fast); Latin hypercube and Sobol designs draw points in the
unit hypercube and map them through each distribution's inverse CDF (``ppf``), so they
work on every distribution. Each parameter is drawn once per draw and reused wherever its
name appears (random-variable identity).

Rank correlations declared in a scenario (``correlations: [{between: [a, b], rank: r}]``)
are imposed without changing any distribution: by the Iman-Conover reordering for Monte
Carlo and Latin hypercube designs (which keeps the hypercube's strata) and by a Gaussian
copula on the unit points for Sobol designs (which keeps them smooth). A rank correlation
``r`` becomes ``2 sin(pi r / 6)`` on the normal scores (Kruskal 1958), so the Spearman
correlation of the draws is ``r``.

Large runs are drawn in fixed blocks of :data:`BLOCK_SIZE` draws. Each block, and within it
each parameter, has its own stream, ``SeedSequence(seed, spawn_key=(block, key))`` where
``key`` is a hash of the parameter's name: the same seed gives the same numbers however the
blocks are grouped into chunks, whichever thread, process or machine evaluates them, and
two scenarios sharing a parameter name share its draws (common random numbers).

References
----------
.. [1] Iman, R. L. & Conover, W. J. (1982). A distribution-free approach to inducing rank
   correlation among input variables. Communications in Statistics - Simulation and
   Computation 11(3), 311-334.
.. [2] McKay, M. D., Beckman, R. J. & Conover, W. J. (1979). A comparison of three methods
   for selecting values of input variables in the analysis of output from a computer
   code. Technometrics 21(2), 239-245. (Latin hypercube sampling.)
.. [3] Sobol', I. M. (1967). On the distribution of points in a cube and the approximate
   evaluation of integrals. USSR Comput. Math. Math. Phys. 7(4), 86-112; Owen, A. B. (1998).
   Scrambling Sobol' and Niederreiter-Xing points. J. Complexity 14(4), 466-489.
.. [4] Kruskal, W. H. (1958). Ordinal measures of association. JASA 53(284), 814-861.
"""

from __future__ import annotations

import hashlib
import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal, get_args

import numpy as np
from numpy.typing import NDArray
from scipy import special  # type: ignore[import-untyped, unused-ignore]
from scipy.stats import qmc  # type: ignore[import-untyped, unused-ignore]

from .distributions import Distribution
from .errors import DeterrenceError
from .model import Model

__all__ = [
    "BLOCK_SIZE", "DESIGNS", "Design", "RankCorrelation", "block_sample", "block_spans",
    "gaussian_copula", "generator", "iman_conover", "latin_hypercube", "monte_carlo",
    "rank_correlation", "sample", "sobol", "spearman", "stream_key", "unit_design",
]  # fmt: skip

Array = NDArray[np.float64]
Design = Literal["monte-carlo", "latin-hypercube", "sobol"]
DESIGNS: Final[tuple[str, ...]] = get_args(Design)
BLOCK_SIZE: Final = 65_536
"""Draws per block: each block has its own random streams (see the module notes)."""
Source = Model | Mapping[str, Distribution]
Pairs = Mapping[tuple[str, str], float]
_EPS: Final = 2.0**-53


def stream_key(name: str) -> int:
    """A stable 64-bit key for a named random stream (a parameter name, or a design)."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "little")


_DESIGN_KEY: Final = stream_key("(design)")  # parentheses: never a parameter name
_CORRELATION_KEY: Final = stream_key("(correlation)")


def generator(seed: int, *key: int) -> np.random.Generator:
    """The generator of stream ``key`` under ``seed``: ``SeedSequence(seed, spawn_key=key)``.

    Equal to ``SeedSequence(seed).spawn(...)`` children along the same path, so streams
    are statistically independent of each other.
    """
    if seed < 0:
        raise DeterrenceError(f"the seed must be a non-negative whole number, not {seed}")
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=key)))


def _rng(rng: np.random.Generator | None, seed: int | None) -> np.random.Generator:
    if rng is not None and seed is not None:
        raise DeterrenceError("give rng= or seed=, not both")
    if rng is not None:
        return rng
    if seed is None:
        raise DeterrenceError("give rng= (a numpy Generator) or seed= (a whole number)")
    return generator(seed)


# ---------------------------------------------------------------- correlation


@dataclass(frozen=True)
class RankCorrelation:
    """Target rank (Spearman) correlations among some parameters.

    Attributes
    ----------
    names
        The correlated parameters, in model order.
    rank
        Their target Spearman correlation matrix (symmetric, unit diagonal).
    """

    names: tuple[str, ...]
    rank: Array

    @property
    def scores(self) -> Array:
        """Pearson correlation of normal scores giving the target ranks: 2 sin(pi r / 6)."""
        out = 2.0 * np.sin(np.pi * self.rank / 6.0)
        np.fill_diagonal(out, 1.0)
        return np.asarray(out, dtype=np.float64)

    def cholesky(self) -> Array:
        """Lower Cholesky factor of :attr:`scores`; raises when it is not positive definite."""
        try:
            return np.asarray(np.linalg.cholesky(self.scores), dtype=np.float64)
        except np.linalg.LinAlgError:
            raise DeterrenceError(
                "the rank correlations between " + ", ".join(self.names) + " cannot all hold "
                "at once (their matrix is not positive definite)") from None


def rank_correlation(source: Source, correlations: Pairs | None = None) -> RankCorrelation | None:
    """The rank correlations to impose on ``source``'s parameters, or ``None``.

    Parameters
    ----------
    source
        A compiled model (its scenario's ``correlations`` are used unless ``correlations``
        is given) or a mapping from parameter names to distributions.
    correlations
        Pairs of parameter names and their target rank correlation, e.g.
        ``{("v", "B_tech"): 0.5}``. Pairs with a fixed parameter are left out.
    """
    dists = source.distributions if isinstance(source, Model) else source
    if correlations is None:
        correlations = _scenario_pairs(source) if isinstance(source, Model) else {}
    for a, b in correlations:
        for name in (a, b):
            if name not in dists:
                raise DeterrenceError(f"correlation: unknown parameter {name!r}")
    pairs = {k: float(r) for k, r in correlations.items()
             if not (dists[k[0]].is_fixed or dists[k[1]].is_fixed)}
    if not pairs:
        return None
    involved = {n for pair in pairs for n in pair}
    names = tuple(n for n in dists if n in involved)
    at = {n: i for i, n in enumerate(names)}
    matrix = np.eye(len(names))
    for (a, b), r in pairs.items():
        if a == b or not -1.0 < r < 1.0:
            raise DeterrenceError(f"correlation of {a} and {b}: need two different parameters "
                                  f"and a rank strictly between -1 and 1, not {r}")
        matrix[at[a], at[b]] = matrix[at[b], at[a]] = r
    out = RankCorrelation(names, matrix)
    out.cholesky()
    return out


def _scenario_pairs(model: Model) -> dict[tuple[str, str], float]:
    entries = getattr(model.scenario, "correlations", ())
    return {(c.between[0], c.between[1]): c.rank for c in entries}


def iman_conover(x: Array, target: Array, *, rng: np.random.Generator) -> Array:
    """Reorder each column of ``x`` so the columns have rank correlation close to ``target``.

    The Iman-Conover (1982) method [1]_: van der Waerden scores ``ndtri(i / (n + 1))`` are
    permuted at random per column, decorrelated by the Cholesky factor of their sample
    correlation and recorrelated by that of ``target`` (given as the Pearson correlation
    of the scores; see :attr:`RankCorrelation.scores`); each column of ``x`` is then put in
    the rank order of its score column. Every column keeps exactly its values, so marginal
    distributions (and Latin hypercube strata) are unchanged. With fewer rows than
    columns + 2 the sample is returned unchanged.
    """
    n, k = x.shape
    if n < k + 2:
        return x
    scores = special.ndtri(np.arange(1, n + 1) / (n + 1.0))
    s = rng.permuted(np.tile(scores, (k, 1)), axis=1).T
    try:
        q = np.linalg.cholesky(np.corrcoef(s, rowvar=False))
        p = np.linalg.cholesky(target)
    except np.linalg.LinAlgError:
        return x
    t = s @ np.linalg.solve(q, p.T)  # = s (Q^-1)^T P^T: scores with correlation `target`
    out = np.empty_like(x)
    for j in range(k):  # a loop over the few correlated parameters, not over draws
        out[np.argsort(t[:, j], kind="stable"), j] = np.sort(x[:, j], kind="stable")
    return out


def gaussian_copula(u: Array, target: Array) -> Array:
    """Points in the unit cube with normal-score correlation ``target`` (a Gaussian copula).

    ``u -> ndtri(u) L^T -> ndtr``, with ``L`` the Cholesky factor of ``target``; smooth in
    ``u``, so quasi-random points keep most of their evenness.
    """
    z = special.ndtri(np.clip(u, _EPS, 1.0 - _EPS))
    return np.asarray(special.ndtr(z @ np.linalg.cholesky(target).T), dtype=np.float64)


# ---------------------------------------------------------------- designs


def unit_design(design: Design, n: int, d: int, *, rng: np.random.Generator) -> Array:
    """``n`` points of ``design`` in the open unit hypercube of dimension ``d``.

    Monte Carlo points are uniform; Latin hypercube points have one point per stratum of
    each axis (McKay et al. 1979 [2]_, ``scipy.stats.qmc.LatinHypercube``); Sobol points are
    scrambled (Owen 1998 [3]_, ``scipy.stats.qmc.Sobol``) and best when ``n`` is a power of 2.
    """
    if design not in DESIGNS:
        raise DeterrenceError(f"unknown design {design!r}; use one of {', '.join(DESIGNS)}")
    if n < 1 or d < 1:
        return np.empty((max(n, 0), max(d, 0)))
    if design == "monte-carlo":
        u = rng.random((n, d))
    elif design == "latin-hypercube":
        u = qmc.LatinHypercube(d, rng=rng).random(n)
    else:
        engine = qmc.Sobol(d, scramble=True, rng=rng, bits=52)
        with warnings.catch_warnings():  # "balance properties" when n is not 2^m
            warnings.simplefilter("ignore", UserWarning)
            u = engine.random_base2(n.bit_length() - 1) if n & (n - 1) == 0 else engine.random(n)
    return np.clip(np.asarray(u, dtype=np.float64), _EPS, 1.0 - _EPS)


def _check_n(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise DeterrenceError(f"the number of draws must be a positive whole number, not {n!r}")


def _from_unit(dists: Mapping[str, Distribution], names: Sequence[str], u: Array,
               n: int) -> dict[str, Array]:
    """Map the columns of ``u`` (one per name in ``names``) through the ``ppf``s."""
    out = {}
    for name, dist in dists.items():
        if name in names:
            out[name] = np.asarray(dist.ppf(u[:, names.index(name)]), dtype=np.float64)
        else:
            out[name] = np.full(n, dist.mean(), dtype=np.float64)
    return out


def _reorder(values: dict[str, Array], corr: RankCorrelation | None,
             rng: np.random.Generator) -> dict[str, Array]:
    """Impose ``corr`` on the named arrays by Iman-Conover (in place, returned)."""
    if corr is None:
        return values
    x = np.column_stack([values[n] for n in corr.names])
    x = iman_conover(x, corr.scores, rng=rng)
    for j, name in enumerate(corr.names):
        values[name] = np.ascontiguousarray(x[:, j])
    return values


def sample(source: Source, n: int, *, design: Design = "monte-carlo",
           rng: np.random.Generator | None = None, seed: int | None = None,
           correlations: Pairs | None = None) -> dict[str, Array]:
    """``n`` draws of every parameter of ``source`` with ``design``; one array per name.

    Parameters
    ----------
    source
        A compiled :class:`~deterrence.model.Model` (its scenario's rank correlations are
        imposed) or a mapping from names to distributions.
    n
        Number of draws.
    design
        ``"monte-carlo"`` (native samplers), ``"latin-hypercube"`` or ``"sobol"`` (both by
        inverse CDF).
    rng, seed
        The random generator, or a seed to make one; exactly one of them.
    correlations
        Rank correlations to impose instead of the scenario's (see :func:`rank_correlation`).
    """
    _check_n(n)
    gen = _rng(rng, seed)
    dists = source.distributions if isinstance(source, Model) else source
    corr = rank_correlation(source, correlations)
    if design == "monte-carlo":
        values = {name: d.sample(n, rng=gen) for name, d in dists.items()}
        return _reorder(values, corr, gen)
    names = [name for name, d in dists.items() if not d.is_fixed]
    u = unit_design(design, n, len(names), rng=gen)
    if corr is not None:
        cols = [names.index(c) for c in corr.names]
        if design == "latin-hypercube":
            u[:, cols] = iman_conover(u[:, cols], corr.scores, rng=gen)
        else:
            u[:, cols] = gaussian_copula(u[:, cols], corr.scores)
    return _from_unit(dists, names, u, n)


def monte_carlo(source: Source, n: int, *, rng: np.random.Generator | None = None,
                seed: int | None = None, correlations: Pairs | None = None) -> dict[str, Array]:
    """Simple random sampling: ``n`` independent draws per parameter (then correlated)."""
    return sample(source, n, design="monte-carlo", rng=rng, seed=seed, correlations=correlations)


def latin_hypercube(source: Source, n: int, *, rng: np.random.Generator | None = None,
                    seed: int | None = None,
                    correlations: Pairs | None = None) -> dict[str, Array]:
    """Latin hypercube sample (McKay et al. 1979 [2]_) by inverse CDF; correlated by [1]_."""
    return sample(source, n, design="latin-hypercube", rng=rng, seed=seed,
                  correlations=correlations)


def sobol(source: Source, n: int, *, rng: np.random.Generator | None = None,
          seed: int | None = None, correlations: Pairs | None = None) -> dict[str, Array]:
    """Scrambled Sobol' points [3]_ by inverse CDF (``n`` a power of 2 is best)."""
    return sample(source, n, design="sobol", rng=rng, seed=seed, correlations=correlations)


# ---------------------------------------------------------------- blocks


def block_spans(samples: int, block_size: int = BLOCK_SIZE) -> list[tuple[int, int]]:
    """``(start, stop)`` of each block of a run of ``samples`` draws (the last may be short)."""
    return [(s, min(s + block_size, samples)) for s in range(0, samples, block_size)]


def block_sample(model: Model, *, seed: int, block: int, size: int,
                 design: Design = "monte-carlo",
                 correlation: RankCorrelation | None = None) -> dict[str, Array]:
    """The parameter draws of block number ``block`` (``size`` draws) of a run with ``seed``.

    Monte Carlo: each parameter from its own stream ``(block, stream_key(name))``, so the
    first ``m`` draws of a block do not depend on its size (when nothing is correlated).
    Latin hypercube and Sobol: one design per block from stream ``(block, design key)``.
    ``correlation`` (see :func:`rank_correlation`) is imposed within the block.
    """
    dists = model.distributions
    if design == "monte-carlo":
        values = {name: d.sample(size, rng=generator(seed, block, stream_key(name)))
                  for name, d in dists.items()}
        return _reorder(values, correlation, generator(seed, block, _CORRELATION_KEY))
    pairs = None if correlation is None else _pairs(correlation)
    return sample(model, size, design=design, rng=generator(seed, block, _DESIGN_KEY),
                  correlations=pairs if pairs is not None else {})


def _pairs(corr: RankCorrelation) -> dict[tuple[str, str], float]:
    k = len(corr.names)
    return {(corr.names[i], corr.names[j]): float(corr.rank[i, j])
            for i in range(k) for j in range(i + 1, k) if corr.rank[i, j] != 0.0}


def spearman(x: Array, y: Array) -> float:
    """Spearman rank correlation of two samples (ties broken by order; for checks)."""
    rx = np.argsort(np.argsort(x, kind="stable"), kind="stable").astype(np.float64)
    ry = np.argsort(np.argsort(y, kind="stable"), kind="stable").astype(np.float64)
    return float(np.corrcoef(rx, ry)[0, 1]) if math.isfinite(rx.std() * ry.std()) else math.nan
